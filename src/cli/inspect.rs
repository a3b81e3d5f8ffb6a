//! `agglo inspect OUT.h5`: a readable summary of a results file.

use std::path::Path;

pub fn run(file: &Path) -> anyhow::Result<()> {
    print!("{}", crate::output::summarize(file)?);
    Ok(())
}
