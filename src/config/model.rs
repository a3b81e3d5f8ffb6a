//! `[model]` into a validated model with its worker shares.

use std::path::Path;

use super::data_source::DataSource;
use super::raw::{Distribution, RawCorePeriphery, RawFootloose};
use super::{resolve_path, split_kind, typed, with_kind, ModelSpec};
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
            let params = CorePeripheryParams {
                sigma: raw.sigma,
                mu: raw.mu,
            };
            params.validate()?;
            let data = raw
                .data
                .as_deref()
                .map(|f| resolve_path(base_dir, f))
                .or_else(|| points_file.map(Path::to_path_buf));
            let mut source = DataSource::new(data);
            let farmers = distribution("model.farmers", &raw.farmers, geography, &mut source)?;
            let worker_shares = distribution("model.shares", &raw.shares, geography, &mut source)?;
            shares::validate("model.shares", &worker_shares, geography.len())?;
            let mut model = CorePeriphery::new(params, geography, farmers)?;
            if raw.spillover != 0.0 {
                model = model.with_spillover(raw.spillover)?;
            }
            Ok((
                ModelSpec::CorePeriphery {
                    model,
                    shares: worker_shares,
                },
                with_kind(&kind, &raw),
            ))
        }
        "footloose-entrepreneur" => {
            let raw: RawFootloose = typed(rest, "model", &kind, origin)?;
            let params = FootlooseParams {
                sigma: raw.sigma,
                mu: raw.mu,
                workers: raw.workers,
            };
            params.validate()?;
            let data = raw
                .data
                .as_deref()
                .map(|f| resolve_path(base_dir, f))
                .or_else(|| points_file.map(Path::to_path_buf));
            let mut source = DataSource::new(data);
            let workers = distribution(
                "model.worker-distribution",
                &raw.worker_distribution,
                geography,
                &mut source,
            )?;
            let entrepreneur_shares = distribution("model.shares", &raw.shares, geography, &mut source)?;
            let model = FootlooseEntrepreneur::new(params, geography, workers)?;
            Ok((
                ModelSpec::Footloose {
                    model,
                    shares: entrepreneur_shares,
                },
                with_kind(&kind, &raw),
            ))
        }
        "allen-arkolakis" | "helpman" => super::spatial::resolve(&kind, rest, origin, base_dir, geography, points_file),
        "arsw" => Err(Error::Config(format!(
            "{origin}: model.kind = \"arsw\" runs with agglo solve, invert, counterfactual and check (not bifurcate, sweep)"
        ))),
        other => Err(Error::invalid(
            "model.kind",
            format!("\"{other}\""),
            "one of \"core-periphery\", \"footloose-entrepreneur\", \"allen-arkolakis\", \"helpman\"",
        )),
    }
}

/// `"uniform"`, explicit values, or a column of the data file matched to the regions by `id`.
fn distribution(key: &str, d: &Distribution, geography: &Geography, source: &mut DataSource) -> Result<Vec<f64>> {
    let n = geography.len();
    let values = match d {
        Distribution::Values(v) => v.clone(),
        Distribution::Name(name) if name == "uniform" => shares::uniform(n),
        Distribution::Name(column) => {
            let values = source.column(key, column, geography, |v| {
                (v < 0.0).then_some("is negative: shares must be >= 0")
            })?;
            let sum: f64 = values.iter().sum();
            if (sum - 1.0).abs() > shares::SHARE_SUM_TOLERANCE {
                let file = source.path().map(|p| p.display().to_string()).unwrap_or_default();
                return Err(Error::Config(format!(
                    "{file}: column \"{column}\" ({key}) sums to {sum}: shares must sum to 1 (tolerance 1e-9)"
                )));
            }
            values
        }
    };
    shares::validate(key, &values, n)?;
    Ok(values)
}
