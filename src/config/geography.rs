//! `[geography]` into a [`Geography`], reading the points or matrix file it names.

use std::path::{Path, PathBuf};

use super::fields::{Field, NumericFields};
use super::files::Files;
use super::matrix_csv;
use super::network::RawNetwork;
use super::raw::{RawBorderGrid, RawGrid, RawMatrix, RawPoints, RawRemote, RawSteps, RawTorus, RawTwoRegion};
use super::{require_file, resolve_path, split_kind, typed, with_kind};
use crate::error::{Error, Result};
use crate::geography::{layouts, torus, BorderGrid, CostFunction, Geography, Metric, Structure, TradeCosts};

const KINDS: &str =
    "one of \"two-region\", \"racetrack\", \"line\", \"grid\", \"torus\", \"points\", \"matrix\", \"border-grid\", \"network\"";

/// `[geography]` typed by its `kind`: what a family varies and what the geography is built from.
#[derive(Debug, Clone)]
pub enum GeographyConfig {
    TwoRegion(RawTwoRegion),
    /// `racetrack` (true) or `line`.
    Steps(RawSteps, bool),
    Grid(RawGrid),
    Torus(RawTorus),
    BorderGrid(RawBorderGrid),
    Points(RawPoints),
    Matrix(RawMatrix),
    Network(RawNetwork),
}

impl GeographyConfig {
    /// Parses the `[geography]` table (default kind: two regions).
    pub fn parse(table: &toml::Table, origin: &str) -> Result<Self> {
        let (kind, rest) = split_kind(table, "geography", origin, "two-region")?;
        Ok(match kind.as_str() {
            "two-region" => GeographyConfig::TwoRegion(typed(rest, "geography", &kind, origin)?),
            "racetrack" | "line" => {
                GeographyConfig::Steps(typed(rest, "geography", &kind, origin)?, kind == "racetrack")
            }
            "grid" => GeographyConfig::Grid(typed(rest, "geography", &kind, origin)?),
            "torus" => GeographyConfig::Torus(typed(rest, "geography", &kind, origin)?),
            "border-grid" => GeographyConfig::BorderGrid(typed(rest, "geography", &kind, origin)?),
            "points" => GeographyConfig::Points(typed(rest, "geography", &kind, origin)?),
            "matrix" => GeographyConfig::Matrix(typed(rest, "geography", &kind, origin)?),
            "network" => GeographyConfig::Network(typed(rest, "geography", &kind, origin)?),
            other => return Err(Error::invalid("geography.kind", format!("\"{other}\""), KINDS)),
        })
    }

    /// The config's `geography.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            GeographyConfig::TwoRegion(_) => "two-region",
            GeographyConfig::Steps(_, true) => "racetrack",
            GeographyConfig::Steps(_, false) => "line",
            GeographyConfig::Grid(_) => "grid",
            GeographyConfig::Torus(_) => "torus",
            GeographyConfig::BorderGrid(_) => "border-grid",
            GeographyConfig::Points(_) => "points",
            GeographyConfig::Matrix(_) => "matrix",
            GeographyConfig::Network(_) => "network",
        }
    }

    /// The resolved table (every default filled in), its kind first.
    pub fn to_table(&self) -> toml::Table {
        let kind = self.kind();
        match self {
            GeographyConfig::TwoRegion(r) => with_kind(kind, r),
            GeographyConfig::Steps(r, _) => with_kind(kind, r),
            GeographyConfig::Grid(r) => with_kind(kind, r),
            GeographyConfig::Torus(r) => with_kind(kind, r),
            GeographyConfig::BorderGrid(r) => with_kind(kind, r),
            GeographyConfig::Points(r) => with_kind(kind, r),
            GeographyConfig::Matrix(r) => with_kind(kind, r),
            GeographyConfig::Network(r) => with_kind(kind, r),
        }
    }

    /// The file of locations of a `points` geography (a default data file for the model).
    pub fn points_file(&self, base_dir: &Path) -> Option<PathBuf> {
        match self {
            GeographyConfig::Points(r) => Some(resolve_path(base_dir, &r.file)),
            _ => None,
        }
    }

    /// Builds the geography; files come from `files` (read on first use).
    pub fn build(&self, origin: &str, base_dir: &Path, files: &Files) -> Result<Geography> {
        match self {
            GeographyConfig::TwoRegion(raw) => layouts::two_region(raw.trade_cost),
            GeographyConfig::Steps(raw, true) => layouts::racetrack(raw.regions, raw.trade_cost),
            GeographyConfig::Steps(raw, false) => layouts::line(raw.regions, raw.trade_cost),
            GeographyConfig::Grid(raw) => {
                let metric = match raw.metric.as_str() {
                    "euclidean" => Metric::Euclidean,
                    "manhattan" => Metric::Manhattan,
                    other => {
                        return Err(Error::invalid(
                            "geography.metric",
                            format!("\"{other}\""),
                            "one of \"euclidean\", \"manhattan\"",
                        ))
                    }
                };
                let cost = grid_cost(raw.trade_cost, raw.cost.as_deref(), raw.rate, raw.elasticity, origin)?;
                layouts::grid(raw.width, raw.height, metric, cost)
            }
            GeographyConfig::Torus(raw) => {
                if raw.metric != "euclidean" {
                    return Err(Error::invalid(
                        "geography.metric",
                        format!("\"{}\"", raw.metric),
                        "\"euclidean\" (on the torus: each offset the shorter way round)",
                    ));
                }
                let cost = grid_cost(raw.trade_cost, raw.cost.as_deref(), raw.rate, raw.elasticity, origin)?;
                torus::torus(raw.width, raw.height, cost)
            }
            GeographyConfig::BorderGrid(raw) => border_grid(raw).geography(),
            GeographyConfig::Points(raw) => read_points(&resolve_path(base_dir, &raw.file), raw, files),
            GeographyConfig::Matrix(raw) => read_matrix(
                &resolve_path(base_dir, &raw.file),
                &raw.dataset,
                raw.remote.as_ref(),
                files,
            ),
            GeographyConfig::Network(raw) => raw.build(base_dir, files),
        }
    }

    /// The numeric setting `name` of this kind, if it has one.
    pub fn field(&mut self, name: &str) -> Option<Field<'_>> {
        match self {
            GeographyConfig::TwoRegion(r) => r.field(name),
            GeographyConfig::Steps(r, _) => r.field(name),
            GeographyConfig::Grid(r) => r.field(name),
            GeographyConfig::Torus(r) => r.field(name),
            GeographyConfig::BorderGrid(r) => r.field(name),
            GeographyConfig::Points(r) => r.field(name),
            GeographyConfig::Network(r) => r.field(name),
            GeographyConfig::Matrix(r) => match name {
                "remote.trade-cost" => r.remote.as_mut().map(|m| Field::Real(&mut m.trade_cost)),
                _ => None,
            },
        }
    }
}

/// The cost of a grid or torus: per unit distance, or a distance function.
fn grid_cost(
    trade_cost: Option<f64>,
    cost: Option<&str>,
    rate: Option<f64>,
    elasticity: Option<f64>,
    origin: &str,
) -> Result<CostFunction> {
    match (trade_cost, cost) {
        (Some(t), None) => Ok(CostFunction::PerStep { trade_cost: t }),
        (None, Some(c)) => cost_function(c, rate, elasticity),
        (None, None) => Ok(CostFunction::PerStep { trade_cost: 1.7 }),
        (Some(_), Some(_)) => Err(Error::Config(format!(
            "{origin}: [geography]: give either trade-cost (per unit distance) or cost with rate/elasticity, not both"
        ))),
    }
}

/// The geography, its resolved table, and the points file (a default data file for the model).
pub fn resolve(
    table: &toml::Table,
    origin: &str,
    base_dir: &Path,
    files: &Files,
) -> Result<(Geography, toml::Table, Option<PathBuf>)> {
    let config = GeographyConfig::parse(table, origin)?;
    let g = config.build(origin, base_dir, files)?;
    Ok((g, config.to_table(), config.points_file(base_dir)))
}

/// The distance function; the parameter of the other function, if present, is ignored (so
/// that `--set geography.cost=power` works on a config that sets a rate).
pub(super) fn cost_function(cost: &str, rate: Option<f64>, elasticity: Option<f64>) -> Result<CostFunction> {
    let required = |key: &str, function: &str| {
        Error::Config(format!(
            "geography.{key} is required with cost = \"{cost}\" ({function})"
        ))
    };
    match cost {
        "exp" => Ok(CostFunction::Exp {
            rate: rate.ok_or_else(|| required("rate", "T = exp(rate * d)"))?,
        }),
        "power" => Ok(CostFunction::Power {
            elasticity: elasticity.ok_or_else(|| required("elasticity", "T = max(1, d^elasticity)"))?,
        }),
        other => Err(Error::invalid(
            "geography.cost",
            format!("\"{other}\""),
            "one of \"exp\", \"power\"",
        )),
    }
}

/// The metric and cost function of a `points` table.
pub(super) fn points_recipe(raw: &RawPoints) -> Result<(Metric, CostFunction)> {
    let metric = match raw.metric.as_str() {
        "euclidean" => Metric::Euclidean,
        "great-circle" => Metric::GreatCircle,
        other => {
            return Err(Error::invalid(
                "geography.metric",
                format!("\"{other}\""),
                "one of \"euclidean\", \"great-circle\"",
            ))
        }
    };
    Ok((metric, cost_function(&raw.cost, raw.rate, raw.elasticity)?))
}

fn read_points(path: &Path, raw: &RawPoints, files: &Files) -> Result<Geography> {
    let (metric, cost) = points_recipe(raw)?;
    if !files.has(path) {
        require_file(path, "geography.file names the locations CSV")?;
    }
    let table = files.csv(path)?;
    if table.rows.is_empty() {
        return Err(Error::data(path, "no locations (the file has only a header)"));
    }
    let ids = table.text_column("id")?;
    let (a, b) = if metric == Metric::GreatCircle {
        ("lat", "lon")
    } else {
        ("x", "y")
    };
    let first = table.numeric_column(a)?;
    let second = table.numeric_column(b)?;
    if metric == Metric::GreatCircle {
        for (i, (lat, lon)) in first.iter().zip(&second).enumerate() {
            if lat.abs() > 90.0 || lon.abs() > 360.0 {
                let line = table.rows[i].0;
                return Err(Error::data(
                    path,
                    format!("line {line}: lat {lat}, lon {lon} out of range: lat must be in [-90, 90], lon in [-360, 360] (degrees)"),
                ));
            }
        }
    }
    check_unique_ids(path, &ids)?;
    let coordinates = first.into_iter().zip(second).map(|(x, y)| [x, y]).collect();
    let mut g =
        layouts::points(ids, coordinates, metric, cost, &path.display().to_string()).map_err(|e| in_file(e, path))?;
    // Distances depend on the points and the metric only: kept with the file, they are not
    // recomputed when a family varies the cost function (rate, elasticity).
    g.trade_costs = g
        .trade_costs
        .with_distance_triangle(|d| files.distances(path, &format!("{metric:?}"), || d.triangle()));
    Ok(g)
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
fn read_matrix(path: &Path, dataset: &str, remote: Option<&RawRemote>, files: &Files) -> Result<Geography> {
    if !files.has(path) {
        require_file(path, "geography.file names the trade-cost matrix")?;
    }
    let is_h5 = matches!(path.extension().and_then(|e| e.to_str()), Some("h5" | "hdf5" | "he5"));
    let matrix = files.matrix(path, dataset, || {
        if is_h5 {
            match crate::output::read_trade_costs(path, dataset)? {
                crate::output::StoredTradeCosts::Matrix(ids, n, values) => Ok((ids, n, values)),
                crate::output::StoredTradeCosts::Recipe(recipe) => super::recorded_geography::rebuild(&recipe, path),
            }
        } else {
            matrix_csv::read(path)
        }
    })?;
    let (ids, n, values) = (matrix.0.clone(), matrix.1, matrix.2.clone());
    check_unique_ids(path, &ids)?;
    let mut values = values;
    if let Some(r) = remote {
        set_remote(&mut values, n, &ids, r)?;
    }
    let source = path.display().to_string();
    let trade_costs =
        TradeCosts::from_row_major(n, values, Structure::Dense, &source, Some(&ids)).map_err(|e| in_file(e, path))?;
    Ok(Geography {
        kind: "matrix",
        ids,
        coordinates: None,
        metric: Metric::Euclidean,
        groups: None,
        trade_costs,
    })
}

/// Turns a matrix-check message that starts with the file name into an error about that file.
/// `geography.remote`: T[r][m] = T[m][r] = trade-cost for the region m named and every r != m.
fn set_remote(values: &mut [f64], n: usize, ids: &[String], remote: &RawRemote) -> Result<()> {
    let Some(m) = ids.iter().position(|id| *id == remote.region) else {
        return Err(Error::invalid(
            "geography.remote.region",
            format!("\"{}\"", remote.region),
            format!("one of the matrix's region ids ({})", ids.join(", ")),
        ));
    };
    let t = remote.trade_cost;
    if !(t.is_finite() && t >= 1.0) {
        return Err(Error::invalid(
            "geography.remote.trade-cost",
            t,
            "must be finite and >= 1",
        ));
    }
    for r in (0..n).filter(|&r| r != m) {
        values[r * n + m] = t;
        values[m * n + r] = t;
    }
    Ok(())
}

fn in_file(e: Error, path: &Path) -> Error {
    match e {
        Error::Config(m) => {
            let prefix = format!("{}: ", path.display());
            Error::data(path, m.strip_prefix(&prefix).unwrap_or(&m))
        }
        other => other,
    }
}

/// The QSE §3.9 grid of a `border-grid` table.
pub fn border_grid(raw: &RawBorderGrid) -> BorderGrid {
    BorderGrid {
        width: raw.width,
        height: raw.height,
        border_column: raw.border_column,
        distance_elasticity: raw.distance_elasticity,
        internal_tax: raw.internal_tax,
        border_tax: raw.border_tax,
    }
}
