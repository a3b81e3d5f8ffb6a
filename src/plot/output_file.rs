//! Where a figure goes: the checks before drawing (a file name, an existing folder we may
//! write in) and the temporary file it is drawn into before the rename.

use std::path::{Path, PathBuf};

use super::Format;
use crate::error::{Error, Result};

fn folder(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `<dir>/.<name>.tmp-<pid>.<ext>`: the image encoder picks the format from the extension.
pub(super) fn temp_path(target: &Path, format: Format) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "figure".into());
    folder(target).join(format!(".{name}.tmp-{}.{}", std::process::id(), format.extension()))
}

/// Fails early, naming the path, when the figure cannot be created.
pub(super) fn check_writable(target: &Path) -> Result<()> {
    let fail = |message: String| {
        Err(Error::Output {
            path: target.into(),
            message,
        })
    };
    if target.is_dir() {
        return fail("it is a folder: give a file name, e.g. -o figure.png".into());
    }
    let dir = folder(target);
    if let Some(blocking) = dir
        .ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists() && !a.is_dir())
    {
        return fail(format!("{} is a file, not a folder", blocking.display()));
    }
    if !dir.exists() {
        return fail(format!("the folder {} does not exist (create it first)", dir.display()));
    }
    let probe = temp_path(target, Format::Png);
    if let Err(e) = std::fs::write(&probe, b"") {
        return fail(match e.kind() {
            std::io::ErrorKind::PermissionDenied => format!("no permission to create files in {}", dir.display()),
            _ => e.to_string(),
        });
    }
    let _ = std::fs::remove_file(&probe);
    Ok(())
}
