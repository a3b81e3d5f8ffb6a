//! Temporary output files removed when agglo is interrupted. [`OutputFile`](super::OutputFile)
//! and figures register their temporary file here while they are written; on SIGINT (Ctrl-C),
//! SIGTERM or SIGHUP the handler installed by [`install_signal_handler`] deletes every
//! registered file and ends the process with status 130 (128 + SIGINT, the shell's
//! convention), so that an interrupted run leaves neither a target nor a temporary file.
//! SIGKILL cannot be caught: a killed run leaves its `.<name>.tmp-<pid>` file, which has no
//! `complete` mark and which `inspect` and `plot` therefore refuse.
//!
//! A sweep's `<OUT>.partial` is deliberately not registered: it is kept for `--resume`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit status of a run ended by a signal.
pub const INTERRUPTED_STATUS: i32 = 130;

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Records `temp` as a file to delete if the run is interrupted.
pub fn register(temp: &Path) {
    pending().push(temp.to_path_buf());
}

/// Forgets `temp` (it was removed, or renamed into place).
pub fn unregister(temp: &Path) {
    pending().retain(|p| p != temp);
}

/// Renames `temp` over `target` and forgets it, atomically with respect to the signal handler:
/// an interrupt either removes the temporary file before the rename or comes after it.
pub fn commit(temp: &Path, target: &Path) -> std::io::Result<()> {
    let mut list = pending();
    let result = std::fs::rename(temp, target);
    list.retain(|p| p != temp);
    result
}

/// Installs the handler of SIGINT, SIGTERM and SIGHUP (once; later calls do nothing).
/// The handler runs on its own thread: it takes the list's lock (so no rename is half done),
/// deletes the registered files, prints one line and exits at once (`_exit`: no destructors or
/// atexit handlers run while another thread may be inside the HDF5 library).
pub fn install_signal_handler() {
    let _ = ctrlc::try_set_handler(|| {
        let list = pending();
        for p in list.iter() {
            let _ = std::fs::remove_file(p);
        }
        eprintln!("agglo: interrupted; no output written");
        // SAFETY: _exit only ends the process.
        unsafe { libc::_exit(INTERRUPTED_STATUS) }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".x.tmp");
        let target = dir.path().join("x");
        std::fs::write(&temp, b"1").unwrap();
        register(&temp);
        assert!(pending().contains(&temp));
        commit(&temp, &target).unwrap();
        assert!(!pending().contains(&temp) && target.exists() && !temp.exists());
        register(&temp);
        unregister(&temp);
        assert!(!pending().contains(&temp));
    }
}
