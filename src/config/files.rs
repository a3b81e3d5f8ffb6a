//! The files a configuration names, read once: CSV tables (points, per-region data),
//! trade-cost matrices and files of values, keyed by path. The first resolve of a config
//! reads them; every later resolve of the same config (a family's parameter values, a
//! sweep's points, a calibration's objective evaluations) takes them from memory, so no file
//! is opened after the start of a run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::csv_table::CsvTable;
use crate::error::Result;
use crate::geography::Triangle;

/// A square matrix as read: region ids, N, row-major values.
pub type Matrix = (Vec<String>, usize, Vec<f64>);

/// The contents of the files a configuration names, read on first use and kept.
#[derive(Debug, Default)]
pub struct Files {
    csv: Mutex<HashMap<PathBuf, Arc<CsvTable>>>,
    matrices: Mutex<HashMap<(PathBuf, String), Arc<Matrix>>>,
    text: Mutex<HashMap<PathBuf, Arc<String>>>,
    /// Distances between the points of a file under a metric (not a file, but what its
    /// contents give: a family varying a cost parameter reuses them).
    distances: Mutex<HashMap<(PathBuf, String), Arc<Triangle>>>,
}

/// Files shared by every resolve of one configuration.
pub type SharedFiles = Arc<Files>;

fn cached<K, V>(map: &Mutex<HashMap<K, Arc<V>>>, key: K, read: impl FnOnce() -> Result<V>) -> Result<Arc<V>>
where
    K: std::hash::Hash + Eq,
{
    if let Some(v) = map.lock().expect("file cache").get(&key) {
        return Ok(Arc::clone(v));
    }
    // Read outside the lock; a concurrent reader of the same file wastes one read at most.
    let v = Arc::new(read()?);
    Ok(Arc::clone(map.lock().expect("file cache").entry(key).or_insert(v)))
}

impl Files {
    pub fn new() -> SharedFiles {
        Arc::new(Files::default())
    }

    /// Whether `path` was read already (then it need not exist any more).
    pub fn has(&self, path: &Path) -> bool {
        self.csv.lock().expect("file cache").contains_key(path)
            || self.text.lock().expect("file cache").contains_key(path)
            || self.matrices.lock().expect("file cache").keys().any(|(p, _)| p == path)
    }

    /// The CSV table at `path` ([`CsvTable::read`] the first time).
    pub fn csv(&self, path: &Path) -> Result<Arc<CsvTable>> {
        cached(&self.csv, path.to_path_buf(), || CsvTable::read(path))
    }

    /// The matrix at `path` (dataset `dataset` of an HDF5 file), read by `read` the first time.
    pub fn matrix(&self, path: &Path, dataset: &str, read: impl FnOnce() -> Result<Matrix>) -> Result<Arc<Matrix>> {
        cached(&self.matrices, (path.to_path_buf(), dataset.to_string()), read)
    }

    /// The distance triangle of the points in `path` under `metric`, computed by `compute`
    /// the first time.
    pub fn distances(&self, path: &Path, metric: &str, compute: impl FnOnce() -> Triangle) -> Triangle {
        let key = (path.to_path_buf(), metric.to_string());
        let t = cached(&self.distances, key, || Ok(compute())).expect("computing distances cannot fail");
        (*t).clone()
    }

    /// The text of `path`, read by `read` the first time.
    pub fn text(&self, path: &Path, read: impl FnOnce() -> Result<String>) -> Result<Arc<String>> {
        cached(&self.text, path.to_path_buf(), read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "id,x\na,1\n").unwrap();
        let files = Files::new();
        let first = files.csv(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let again = files.csv(&path).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert!(files.has(&path));
        assert!(Files::new().csv(&path).is_err());
    }
}
