//! `agglo inspect OUT.h5`: a readable summary of a results file.

use std::path::Path;

use crate::error::Error;

pub fn run(file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        let what = if file.exists() { "is not a file" } else { "no such file" };
        return Err(Error::data(file, format!("{what} (expected an HDF5 file written by agglo)")).into());
    }
    super::stdout::print(&crate::output::summarize(file)?)?;
    Ok(())
}
