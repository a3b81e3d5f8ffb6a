//! Printing reports to stdout without panicking when the reader goes away
//! (`agglo solve | head`): a closed pipe is ignored so the run still writes its file.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

/// Reports are not printed (an embedding that returns the results as objects instead).
static SILENT: AtomicBool = AtomicBool::new(false);

/// Turns the reports on stdout off (`true`) or on.
pub fn set_silent(silent: bool) {
    SILENT.store(silent, Ordering::Relaxed);
}

/// Writes `text` to stdout. A broken pipe is not an error; other failures are.
pub fn print(text: &str) -> std::io::Result<()> {
    if SILENT.load(Ordering::Relaxed) {
        return Ok(());
    }
    let written = super::activity::suspend(|| {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    });
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(std::io::Error::new(e.kind(), format!("cannot write to stdout: {e}"))),
        Ok(()) => Ok(()),
    }
}

/// [`print`] with a newline.
pub fn println(text: &str) -> std::io::Result<()> {
    print(&format!("{text}\n"))
}
