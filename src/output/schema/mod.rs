//! The HDF5 contract in one place: the names ([`names`], re-exported here so that writers
//! and readers say `schema::SHARE`), and the table ([`table`], its rows in `entries_*`) of
//! every group, dataset and attribute with its type, shape in symbols, units, a one-line
//! description and the commands that write it. Writers take their descriptions from the
//! table and check what they write against it (debug builds); `agglo schema --json` prints
//! it for scripts (`scripts/check_h5.py`), and the README's layout section is generated
//! from it ([`markdown`]).

mod entries_industries;
mod entries_mrrh;
mod entries_results;
mod entries_workflows;
mod format;
mod names;
mod table;

pub use format::{json, markdown};
pub use names::*;
pub use table::{entries, find, Dtype, Entry, Kind, SYMBOLS};
