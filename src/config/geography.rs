//! `[geography]` into a [`Geography`], reading the points or matrix file it names.

use std::path::{Path, PathBuf};

use super::csv_table::CsvTable;
use super::raw::{RawGrid, RawMatrix, RawPoints, RawSteps, RawTwoRegion};
use super::{resolve_path, split_kind, typed, with_kind};
use crate::error::{Error, Result};
use crate::geography::{layouts, CostFunction, Geography, Metric, Structure, TradeCosts};

const KINDS: &str = "one of \"two-region\", \"racetrack\", \"line\", \"grid\", \"points\", \"matrix\"";

/// The geography, its resolved table, and the points file (a default data file for the model).
pub fn resolve(table: &toml::Table, origin: &str, base_dir: &Path) -> Result<(Geography, toml::Table, Option<PathBuf>)> {
    let (kind, rest) = split_kind(table, "geography", origin, "two-region")?;
    match kind.as_str() {
        "two-region" => {
            let raw: RawTwoRegion = typed(rest, "geography", origin)?;
            Ok((layouts::two_region(raw.trade_cost)?, with_kind(&kind, &raw), None))
        }
        "racetrack" | "line" => {
            let raw: RawSteps = typed(rest, "geography", origin)?;
            let g = if kind == "racetrack" {
                layouts::racetrack(raw.regions, raw.trade_cost)?
            } else {
                layouts::line(raw.regions, raw.trade_cost)?
            };
            Ok((g, with_kind(&kind, &raw), None))
        }
        "grid" => {
            let raw: RawGrid = typed(rest, "geography", origin)?;
            let metric = match raw.metric.as_str() {
                "euclidean" => Metric::Euclidean,
                "manhattan" => Metric::Manhattan,
                other => {
                    return Err(Error::invalid("geography.metric", format!("\"{other}\""), "one of \"euclidean\", \"manhattan\""))
                }
            };
            let cost = match (raw.trade_cost, raw.cost.as_deref()) {
                (Some(t), None) => CostFunction::PerStep { trade_cost: t },
                (None, Some(c)) => cost_function(c, raw.rate, raw.elasticity)?,
                (None, None) => CostFunction::PerStep { trade_cost: 1.7 },
                (Some(_), Some(_)) => {
                    return Err(Error::Config(format!(
                        "{origin}: [geography]: give either trade-cost (per unit distance) or cost with rate/elasticity, not both"
                    )))
                }
            };
            Ok((layouts::grid(raw.width, raw.height, metric, cost)?, with_kind(&kind, &raw), None))
        }
        "points" => {
            let raw: RawPoints = typed(rest, "geography", origin)?;
            let path = resolve_path(base_dir, &raw.file);
            let g = read_points(&path, &raw)?;
            Ok((g, with_kind(&kind, &raw), Some(path)))
        }
        "matrix" => {
            let raw: RawMatrix = typed(rest, "geography", origin)?;
            let path = resolve_path(base_dir, &raw.file);
            let g = read_matrix(&path, &raw.dataset)?;
            Ok((g, with_kind(&kind, &raw), None))
        }
        other => Err(Error::invalid("geography.kind", format!("\"{other}\""), KINDS)),
    }
}

fn cost_function(cost: &str, rate: Option<f64>, elasticity: Option<f64>) -> Result<CostFunction> {
    match cost {
        "exp" => Ok(CostFunction::Exp {
            rate: rate.ok_or_else(|| Error::Config("geography.rate is required with cost = \"exp\" (T = exp(rate * d))".into()))?,
        }),
        "power" => Ok(CostFunction::Power {
            elasticity: elasticity.ok_or_else(|| {
                Error::Config("geography.elasticity is required with cost = \"power\" (T = max(1, d^elasticity))".into())
            })?,
        }),
        other => Err(Error::invalid("geography.cost", format!("\"{other}\""), "one of \"exp\", \"power\"")),
    }
}

fn read_points(path: &Path, raw: &RawPoints) -> Result<Geography> {
    let metric = match raw.metric.as_str() {
        "euclidean" => Metric::Euclidean,
        "great-circle" => Metric::GreatCircle,
        other => return Err(Error::invalid("geography.metric", format!("\"{other}\""), "one of \"euclidean\", \"great-circle\"")),
    };
    let cost = cost_function(&raw.cost, raw.rate, raw.elasticity)?;
    let table = CsvTable::read(path)?;
    if table.rows.is_empty() {
        return Err(Error::data(path, "no locations (the file has only a header)"));
    }
    let ids = table.text_column("id")?;
    let (a, b) = if metric == Metric::GreatCircle { ("lat", "lon") } else { ("x", "y") };
    let first = table.numeric_column(a)?;
    let second = table.numeric_column(b)?;
    if metric == Metric::GreatCircle {
        for (i, (lat, lon)) in first.iter().zip(&second).enumerate() {
            if lat.abs() > 90.0 || lon.abs() > 360.0 {
                return Err(Error::data(path, format!("line {}: lat {lat}, lon {lon} out of range", table.rows[i].0)));
            }
        }
    }
    check_unique_ids(path, &ids)?;
    let coordinates = first.into_iter().zip(second).map(|(x, y)| [x, y]).collect();
    layouts::points(ids, coordinates, metric, cost, &path.display().to_string())
}

fn check_unique_ids(path: &Path, ids: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(Error::data(path, format!("duplicate id \"{id}\"")));
        }
    }
    Ok(())
}

/// An N × N matrix from CSV (optionally with a header row of ids and/or a first column of ids)
/// or from an HDF5 file's 2-D dataset.
fn read_matrix(path: &Path, dataset: &str) -> Result<Geography> {
    let is_h5 = matches!(path.extension().and_then(|e| e.to_str()), Some("h5" | "hdf5" | "he5"));
    let (ids, n, values) = if is_h5 { crate::output::read_matrix(path, dataset)? } else { read_matrix_csv(path)? };
    let source = path.display().to_string();
    let trade_costs = TradeCosts::from_row_major(n, values, Structure::Dense, &source, Some(&ids))?;
    Ok(Geography { kind: "matrix", ids, coordinates: None, trade_costs })
}

fn read_matrix_csv(path: &Path) -> Result<(Vec<String>, usize, Vec<f64>)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::data(path, format!("cannot read: {e}")))?;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    for rec in reader.records() {
        let rec = rec.map_err(|e| Error::data(path, format!("malformed CSV: {e}")))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let fields: Vec<String> = rec.iter().map(|s| s.trim_start_matches('\u{feff}').to_string()).collect();
        if !fields.iter().all(|f| f.is_empty()) {
            rows.push((line, fields));
        }
    }
    if rows.is_empty() {
        return Err(Error::data(path, "the matrix file is empty"));
    }
    let is_number = |s: &str| s.parse::<f64>().is_ok();
    // A header row holds ids (it may start with a corner label such as "id").
    let first = &rows[0].1;
    let header = first[1..].iter().any(|f| !is_number(f)) || (first.len() == 1 && !is_number(&first[0]));
    let header_ids: Option<Vec<String>> = header.then(|| rows.remove(0).1);
    let labelled = rows.iter().any(|(_, r)| !is_number(&r[0]));
    let n = rows.len();
    let mut ids = Vec::with_capacity(n);
    let mut values = Vec::with_capacity(n * n);
    for (i, (line, fields)) in rows.iter().enumerate() {
        let cells = if labelled { &fields[1..] } else { &fields[..] };
        if cells.len() != n {
            return Err(Error::data(
                path,
                format!("line {line}: {} values, but the matrix has {n} rows: a trade-cost matrix must be square", cells.len()),
            ));
        }
        ids.push(if labelled { fields[0].clone() } else { (i + 1).to_string() });
        for (j, c) in cells.iter().enumerate() {
            let v = c.parse::<f64>().map_err(|_| {
                Error::data(path, format!("line {line}, column {}: \"{c}\" is not a number", j + 1 + labelled as usize))
            })?;
            values.push(v);
        }
    }
    if let (Some(h), false) = (&header_ids, labelled) {
        if h.len() == n {
            ids = h.clone();
        }
    } else if let (Some(h), true) = (&header_ids, labelled) {
        if h.len() == n + 1 && ids.iter().zip(&h[1..]).any(|(a, b)| a != b) {
            return Err(Error::data(path, "the header's ids and the first column's ids differ"));
        }
    }
    Ok((ids, n, values))
}
