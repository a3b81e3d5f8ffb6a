//! The inputs of an ARSW city read from files: the blocks CSV (ids, coordinates, areas and the
//! observed residents, workers and floor prices) and a travel-time matrix (CSV or HDF5), read
//! through the run's file cache (once per run), with the checks of a synthetic city's settings.

use std::path::Path;

use crate::config::files::Files;
use crate::config::require_file;
use crate::error::{Error, Result};
use crate::model::arsw::{Observed, SyntheticCity, Travel, TravelTimes};

pub(super) fn synthetic_checks(s: &SyntheticCity) -> Result<()> {
    if s.size == 0 {
        return Err(Error::invalid("model.synthetic.size", 0, "must be >= 1"));
    }
    for (key, v) in [
        ("block-km", s.block_km),
        ("population", s.population),
        ("resident-decay-km", s.resident_decay_km),
        ("worker-decay-km", s.worker_decay_km),
        ("price-decay-km", s.price_decay_km),
    ] {
        if !(v.is_finite() && v > 0.0) {
            return Err(Error::invalid(
                format!("model.synthetic.{key}"),
                v,
                "must be finite and > 0",
            ));
        }
    }
    for (key, v) in [
        ("residential-only", s.residential_only),
        ("commercial-only", s.commercial_only),
    ] {
        if !(v.is_finite() && (0.0..1.0).contains(&v)) {
            return Err(Error::invalid(
                format!("model.synthetic.{key}"),
                v,
                "a fraction of the blocks in [0, 1)",
            ));
        }
    }
    if s.residential_only + s.commercial_only >= 1.0 {
        return Err(Error::invalid(
            "model.synthetic.residential-only",
            s.residential_only,
            format!(
                "with commercial-only = {}, the fractions must leave blocks of both uses (sum < 1)",
                s.commercial_only
            ),
        ));
    }
    Ok(())
}

pub(super) struct Blocks {
    pub(super) ids: Vec<String>,
    pub(super) coordinates: Vec<[f64; 2]>,
    pub(super) area: Vec<f64>,
    pub(super) observed: Observed,
}

/// The blocks CSV: id, x, y (km), area (km²), residents, workers (both >= 0, not both 0: a
/// block may be residential or commercial only), floor_price (> 0).
pub(super) fn read_blocks(path: &Path, files: &Files) -> Result<Blocks> {
    require_file(path, "model.blocks names the blocks CSV")?;
    let table = files.csv(path)?;
    if table.rows.is_empty() {
        return Err(Error::data(path, "no blocks (the file has only a header)"));
    }
    let ids = table.text_column("id")?;
    let mut seen = std::collections::HashSet::new();
    if let Some(d) = ids.iter().find(|i| !seen.insert(*i)) {
        return Err(Error::data(path, format!("duplicate id \"{d}\"")));
    }
    // The lower bound of each column: none, >= 0 or > 0.
    let column = |name: &str, bound: Option<bool>| -> Result<Vec<f64>> {
        let v = table.numeric_column(name)?;
        let ok = |x: f64| match bound {
            None => x.is_finite(),
            Some(false) => x.is_finite() && x >= 0.0,
            Some(true) => x.is_finite() && x > 0.0,
        };
        if let Some(i) = v.iter().position(|x| !ok(*x)) {
            let what = match bound {
                None => "finite",
                Some(false) => "finite and >= 0",
                Some(true) => "finite and > 0",
            };
            return Err(Error::data(
                path,
                format!("line {}: {name} = {} must be {what}", table.rows[i].0, v[i]),
            ));
        }
        Ok(v)
    };
    let x = column("x", None)?;
    let y = column("y", None)?;
    let residents = column("residents", Some(false))?;
    let workers = column("workers", Some(false))?;
    if let Some(i) = (0..residents.len()).find(|&i| residents[i] == 0.0 && workers[i] == 0.0) {
        return Err(Error::data(
            path,
            format!(
                "line {}: block \"{}\" has neither residents nor workers (its floor space has no use: drop the block)",
                table.rows[i].0, ids[i]
            ),
        ));
    }
    Ok(Blocks {
        ids,
        coordinates: x.into_iter().zip(y).map(|(a, b)| [a, b]).collect(),
        area: column("area", Some(true))?,
        observed: Observed {
            residents,
            workers,
            floor_price: column("floor_price", Some(true))?,
        },
    })
}

/// An N × N travel-time matrix in minutes (CSV or HDF5 dataset), rows and columns in the
/// blocks' order (a header of ids, when the CSV has one, must match it).
pub(super) fn read_travel_times(path: &Path, dataset: &str, ids: &[String], files: &Files) -> Result<Travel> {
    require_file(path, "model.travel-times names the travel-time matrix")?;
    let is_h5 = matches!(path.extension().and_then(|e| e.to_str()), Some("h5" | "hdf5" | "he5"));
    let matrix = if is_h5 {
        files.matrix(path, dataset, || crate::output::read_matrix(path, dataset))?
    } else {
        files.matrix(path, "", || minutes_csv(path))?
    };
    let (file_ids, n) = (&matrix.0, matrix.1);
    if n != ids.len() {
        return Err(Error::data(
            path,
            format!("a {n} x {n} matrix, but there are {} blocks", ids.len()),
        ));
    }
    let numbered = file_ids.iter().enumerate().all(|(i, id)| *id == (i + 1).to_string());
    if !numbered && file_ids.as_slice() != ids {
        return Err(Error::data(
            path,
            "the matrix's ids are not the blocks' ids in the blocks' order",
        ));
    }
    let minutes = matrix.2.clone();
    Travel::new(TravelTimes::Matrix { n, minutes }).map_err(|e| Error::data(path, e.to_string()))
}

/// An N × N matrix of minutes from CSV (the layouts of `config::matrix_csv`); entries
/// finite and >= 0.
fn minutes_csv(path: &Path) -> Result<(Vec<String>, usize, Vec<f64>)> {
    crate::config::matrix_csv::read_matrix(path, "travel-time matrix", |_, _, v| {
        if v.is_finite() && v >= 0.0 {
            Ok(())
        } else {
            Err("is not a travel time (finite, >= 0 minutes)")
        }
    })
}
