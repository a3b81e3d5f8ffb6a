//! `[model]` into a validated model with its worker shares.

use std::path::{Path, PathBuf};

use super::csv_table::CsvTable;
use super::raw::{Distribution, RawCorePeriphery, RawFootloose};
use super::{require_file, resolve_path, split_kind, typed, with_kind, ModelSpec};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::model::{shares, CorePeriphery, CorePeripheryParams, FootlooseEntrepreneur, FootlooseParams};

/// The model and its resolved table.
pub fn resolve(
    table: &toml::Table,
    origin: &str,
    base_dir: &Path,
    geography: &Geography,
    points_file: Option<&Path>,
) -> Result<(ModelSpec, toml::Table)> {
    let (kind, rest) = split_kind(table, "model", origin, "core-periphery")?;
    match kind.as_str() {
        "core-periphery" => {
            let raw: RawCorePeriphery = typed(rest, "model", &kind, origin)?;
            let params = CorePeripheryParams { sigma: raw.sigma, mu: raw.mu };
            params.validate()?;
            let data = raw.data.as_deref().map(|f| resolve_path(base_dir, f)).or_else(|| points_file.map(Path::to_path_buf));
            let mut source = DataSource { path: data, table: None };
            let farmers = distribution("model.farmers", &raw.farmers, geography, &mut source)?;
            let worker_shares = distribution("model.shares", &raw.shares, geography, &mut source)?;
            shares::validate("model.shares", &worker_shares, geography.len())?;
            let model = CorePeriphery::new(params, geography, farmers)?;
            Ok((ModelSpec::CorePeriphery { model, shares: worker_shares }, with_kind(&kind, &raw)))
        }
        "footloose-entrepreneur" => {
            let raw: RawFootloose = typed(rest, "model", &kind, origin)?;
            let params = FootlooseParams { sigma: raw.sigma, mu: raw.mu, workers: raw.workers };
            params.validate()?;
            let data = raw.data.as_deref().map(|f| resolve_path(base_dir, f)).or_else(|| points_file.map(Path::to_path_buf));
            let mut source = DataSource { path: data, table: None };
            let workers = distribution("model.worker-distribution", &raw.worker_distribution, geography, &mut source)?;
            let entrepreneur_shares = distribution("model.shares", &raw.shares, geography, &mut source)?;
            let model = FootlooseEntrepreneur::new(params, geography, workers)?;
            Ok((ModelSpec::Footloose { model, shares: entrepreneur_shares }, with_kind(&kind, &raw)))
        }
        other => Err(Error::invalid(
            "model.kind",
            format!("\"{other}\""),
            "one of \"core-periphery\", \"footloose-entrepreneur\"",
        )),
    }
}

/// The CSV file that per-region columns come from, read once on first use.
struct DataSource {
    path: Option<PathBuf>,
    table: Option<CsvTable>,
}

/// `"uniform"`, explicit values, or a column of the data file matched to the regions by `id`.
fn distribution(key: &str, d: &Distribution, geography: &Geography, source: &mut DataSource) -> Result<Vec<f64>> {
    let n = geography.len();
    let values = match d {
        Distribution::Values(v) => v.clone(),
        Distribution::Name(name) if name == "uniform" => shares::uniform(n),
        Distribution::Name(column) => {
            let path = source.path.clone().ok_or_else(|| {
                Error::Config(format!(
                    "{key} = \"{column}\" names a CSV column, but there is no data file: set model.data (or use a points geography)"
                ))
            })?;
            if source.table.is_none() {
                require_file(&path, "model.data names the CSV with per-region columns")?;
                source.table = Some(CsvTable::read(&path)?);
            }
            column_shares(key, column, source.table.as_ref().expect("just read"), geography)?
        }
    };
    shares::validate(key, &values, n)?;
    Ok(values)
}

/// The column `column` of `table`, one value per region matched by `id`, checked to be
/// shares (>= 0, summing to 1) with errors that name the file, line and column.
fn column_shares(key: &str, column: &str, table: &CsvTable, geography: &Geography) -> Result<Vec<f64>> {
    let path = &table.path;
    if !table.has_column(column) {
        return Err(Error::data(
            path,
            format!("no column \"{column}\" (named by {key}); the columns are: {}", table.headers.join(", ")),
        ));
    }
    let ids = table.text_column("id")?;
    let values = table.numeric_column(column)?;
    let mut out = Vec::with_capacity(geography.len());
    for id in &geography.ids {
        let i = ids.iter().position(|x| x == id).ok_or_else(|| {
            Error::data(path, format!("no row with id \"{id}\" (needed for {key} = \"{column}\")"))
        })?;
        if values[i] < 0.0 {
            let line = table.rows[i].0;
            return Err(Error::data(
                path,
                format!("line {line}, column \"{column}\" ({key}): {} is negative: shares must be >= 0", values[i]),
            ));
        }
        out.push(values[i]);
    }
    let sum: f64 = out.iter().sum();
    if (sum - 1.0).abs() > shares::SHARE_SUM_TOLERANCE {
        return Err(Error::data(
            path,
            format!("column \"{column}\" ({key}) sums to {sum}: shares must sum to 1 (tolerance 1e-9)"),
        ));
    }
    Ok(out)
}
