//! The CSV that per-region columns come from (`model.data`, or the points file): read once,
//! rows matched to the geography's regions by the `id` column, values checked with errors
//! that name the file, line, column and the key that asked for them.

use std::collections::HashMap;
use std::path::PathBuf;

use std::sync::Arc;

use super::csv_table::CsvTable;
use super::files::{Files, SharedFiles};
use super::require_file;
use crate::error::{Error, Result};
use crate::geography::Geography;

/// A lazily read data file.
pub struct DataSource {
    path: Option<PathBuf>,
    table: Option<Arc<CsvTable>>,
    files: SharedFiles,
}

impl DataSource {
    /// A data file read on first use, on its own.
    pub fn new(path: Option<PathBuf>) -> Self {
        DataSource::cached(path, &Files::new())
    }

    /// A data file taken from `files` (read there on first use).
    pub fn cached(path: Option<PathBuf>, files: &SharedFiles) -> Self {
        DataSource {
            path,
            table: None,
            files: Arc::clone(files),
        }
    }

    /// The data file, when there is one.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The column `column` (named by config key `key`), one value per region in the
    /// geography's order. `check` returns why a value is not allowed (e.g. "is negative: shares
    /// must be >= 0"), or `None`.
    pub fn column(
        &mut self,
        key: &str,
        column: &str,
        geography: &Geography,
        check: impl Fn(f64) -> Option<&'static str>,
    ) -> Result<Vec<f64>> {
        let path = self.path.clone().ok_or_else(|| {
            Error::Config(format!(
                "{key} = \"{column}\" names a CSV column, but there is no data file: set model.data (or use a points geography)"
            ))
        })?;
        if self.table.is_none() {
            if !self.files.has(&path) {
                require_file(&path, "model.data names the CSV with per-region columns")?;
            }
            self.table = Some(self.files.csv(&path)?);
        }
        let table = self.table.as_ref().expect("just read");
        if !table.has_column(column) {
            return Err(Error::data(
                &path,
                format!(
                    "no column \"{column}\" (named by {key}); the columns are: {}",
                    table.headers.join(", ")
                ),
            ));
        }
        let ids = table.text_column("id")?;
        let values = table.numeric_column(column)?;
        let mut row_of: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            if let Some(first) = row_of.insert(id.as_str(), i) {
                // Two rows for one region: refuse rather than silently take the last.
                return Err(Error::data(
                    &path,
                    format!(
                        "line {}: duplicate id \"{id}\" (also on line {})",
                        table.rows[i].0, table.rows[first].0
                    ),
                ));
            }
        }
        let mut out = Vec::with_capacity(geography.len());
        for id in &geography.ids {
            let i = *row_of.get(id.as_str()).ok_or_else(|| {
                Error::data(
                    &path,
                    format!("no row with id \"{id}\" (needed for {key} = \"{column}\")"),
                )
            })?;
            if let Some(why) = check(values[i]) {
                let line = table.rows[i].0;
                return Err(Error::data(
                    &path,
                    format!("line {line}, column \"{column}\" ({key}): {} {why}", values[i]),
                ));
            }
            out.push(values[i]);
        }
        Ok(out)
    }
}
