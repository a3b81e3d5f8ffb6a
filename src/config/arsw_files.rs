//! The inputs of an ARSW city read from files: the blocks CSV (ids, coordinates, areas and the
//! observed residents, workers and floor prices) and a travel-time matrix (CSV or HDF5), with
//! the checks of a synthetic city's settings.

use std::path::Path;

use super::csv_table::CsvTable;
use super::require_file;
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
    Ok(())
}

pub(super) struct Blocks {
    pub(super) ids: Vec<String>,
    pub(super) coordinates: Vec<[f64; 2]>,
    pub(super) area: Vec<f64>,
    pub(super) observed: Observed,
}

/// The blocks CSV: id, x, y (km), area (km²), residents, workers, floor_price.
pub(super) fn read_blocks(path: &Path) -> Result<Blocks> {
    require_file(path, "model.blocks names the blocks CSV")?;
    let table = CsvTable::read(path)?;
    if table.rows.is_empty() {
        return Err(Error::data(path, "no blocks (the file has only a header)"));
    }
    let ids = table.text_column("id")?;
    let mut seen = std::collections::HashSet::new();
    if let Some(d) = ids.iter().find(|i| !seen.insert(*i)) {
        return Err(Error::data(path, format!("duplicate id \"{d}\"")));
    }
    let column = |name: &str, positive: bool| -> Result<Vec<f64>> {
        let v = table.numeric_column(name)?;
        if let Some(i) = v.iter().position(|x| !x.is_finite() || (positive && *x <= 0.0)) {
            let what = if positive { "finite and > 0" } else { "finite" };
            return Err(Error::data(
                path,
                format!("line {}: {name} = {} must be {what}", table.rows[i].0, v[i]),
            ));
        }
        Ok(v)
    };
    let x = column("x", false)?;
    let y = column("y", false)?;
    Ok(Blocks {
        ids,
        coordinates: x.into_iter().zip(y).map(|(a, b)| [a, b]).collect(),
        area: column("area", true)?,
        observed: Observed {
            residents: column("residents", true)?,
            workers: column("workers", true)?,
            floor_price: column("floor_price", true)?,
        },
    })
}

/// An N × N travel-time matrix in minutes (CSV or HDF5 dataset), rows and columns in the
/// blocks' order (a header of ids, when the CSV has one, must match it).
pub(super) fn read_travel_times(path: &Path, dataset: &str, ids: &[String]) -> Result<Travel> {
    require_file(path, "model.travel-times names the travel-time matrix")?;
    let is_h5 = matches!(path.extension().and_then(|e| e.to_str()), Some("h5" | "hdf5" | "he5"));
    let (file_ids, n, minutes) = if is_h5 {
        crate::output::read_matrix(path, dataset)?
    } else {
        minutes_csv(path)?
    };
    if n != ids.len() {
        return Err(Error::data(
            path,
            format!("a {n} x {n} matrix, but there are {} blocks", ids.len()),
        ));
    }
    let numbered = file_ids.iter().enumerate().all(|(i, id)| *id == (i + 1).to_string());
    if !numbered && file_ids != ids {
        return Err(Error::data(
            path,
            "the matrix's ids are not the blocks' ids in the blocks' order",
        ));
    }
    Travel::new(TravelTimes::Matrix { n, minutes }).map_err(|e| Error::data(path, e.to_string()))
}

/// An N × N matrix of minutes from CSV (the layouts of [`super::matrix_csv`]); entries
/// finite and >= 0.
fn minutes_csv(path: &Path) -> Result<(Vec<String>, usize, Vec<f64>)> {
    super::matrix_csv::read_matrix(path, "travel-time matrix", |_, _, v| {
        if v.is_finite() && v >= 0.0 {
            Ok(())
        } else {
            Err("is not a travel time (finite, >= 0 minutes)")
        }
    })
}
