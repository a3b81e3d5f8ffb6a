//! `agglo schema [--json]`: the HDF5 layout of agglo's results files, from the schema table
//! (`output::schema`): as JSON for scripts (`scripts/check_h5.py` reads it), else as the
//! Markdown table of the README.

use super::stdout::print;
use crate::output::schema;

pub fn run(json: bool) -> anyhow::Result<()> {
    print(&if json { schema::json() } else { schema::markdown() })?;
    Ok(())
}
