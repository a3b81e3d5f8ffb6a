//! `[model]` of the quantitative spatial models: parameters and per-location quantities
//! (fundamentals) from uniform values, CSV columns, lists or seeded log-normal draws.

use std::path::Path;
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::data_source::DataSource;
use super::raw::{Quantity, RawAllenArkolakis, RawHelpman};
use super::{resolve_path, typed, with_kind, ModelSpec};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::model::allen_arkolakis::{AllenArkolakis, AllenArkolakisParams};
use crate::model::helpman::{Helpman, HelpmanParams, HelpmanRegions};
use crate::model::Fundamentals;

/// The spatial model of `kind` and its resolved table.
pub fn resolve(
    kind: &str,
    rest: toml::Table,
    origin: &str,
    base_dir: &Path,
    geography: &Geography,
    points_file: Option<&Path>,
) -> Result<(ModelSpec, toml::Table)> {
    match kind {
        "allen-arkolakis" => {
            let raw: RawAllenArkolakis = typed(rest, "model", kind, origin)?;
            let params = AllenArkolakisParams {
                sigma: raw.sigma,
                alpha: raw.alpha,
                beta: raw.beta,
                population: raw.population,
            };
            params.validate()?;
            let data = raw
                .data
                .as_deref()
                .map(|f| resolve_path(base_dir, f))
                .or_else(|| points_file.map(Path::to_path_buf));
            let mut source = DataSource::new(data);
            let fundamentals = Fundamentals {
                productivity: quantity(
                    "model.productivity",
                    &raw.productivity,
                    geography,
                    &mut source,
                    base_dir,
                )?,
                amenity: quantity("model.amenity", &raw.amenity, geography, &mut source, base_dir)?,
            };
            let model = AllenArkolakis::new(params, geography, fundamentals)?;
            let description = format!(
                "sigma = {}, alpha = {}, beta = {}",
                params.sigma, params.alpha, params.beta
            );
            Ok((
                ModelSpec::Spatial {
                    kind: "allen-arkolakis",
                    description,
                    model: Arc::new(model),
                },
                with_kind(kind, &raw),
            ))
        }
        "helpman" => helpman(rest, origin, base_dir, geography, points_file),
        other => Err(Error::invalid(
            "model.kind",
            format!("\"{other}\""),
            "a spatial model kind",
        )),
    }
}

/// `kind = "helpman"`: countries from a CSV column, a border grid, or one country; labour
/// split by the countries' number of locations.
fn helpman(
    rest: toml::Table,
    origin: &str,
    base_dir: &Path,
    geography: &Geography,
    points_file: Option<&Path>,
) -> Result<(ModelSpec, toml::Table)> {
    let raw: RawHelpman = typed(rest, "model", "helpman", origin)?;
    let params = HelpmanParams {
        sigma: raw.sigma,
        alpha: raw.alpha,
        fixed_cost: raw.fixed_cost,
    };
    params.validate()?;
    if !(raw.labour.is_finite() && raw.labour > 0.0) {
        return Err(Error::invalid(
            "model.labour",
            raw.labour,
            "labour must be finite and > 0",
        ));
    }
    let data = raw
        .data
        .as_deref()
        .map(|f| resolve_path(base_dir, f))
        .or_else(|| points_file.map(Path::to_path_buf));
    let mut source = DataSource::new(data);
    let country = countries(&raw, geography, &mut source)?;
    let mut productivity = quantity(
        "model.productivity",
        &raw.productivity,
        geography,
        &mut source,
        base_dir,
    )?;
    match raw.normalise_productivity.as_str() {
        "none" => {}
        "country" => normalise_within(&mut productivity, &country),
        other => {
            return Err(Error::invalid(
                "model.normalise-productivity",
                format!("\"{other}\""),
                "one of \"none\", \"country\"",
            ))
        }
    }
    let regions = HelpmanRegions {
        housing: quantity("model.housing", &raw.housing, geography, &mut source, base_dir)?,
        fundamentals: Fundamentals {
            productivity,
            amenity: quantity("model.amenity", &raw.amenity, geography, &mut source, base_dir)?,
        },
        labour: HelpmanRegions::labour_by_area(raw.labour, &country),
        country,
    };
    let model = Helpman::new(params, geography, regions)?;
    let description = format!("sigma = {}, goods share alpha = {}", params.sigma, params.alpha);
    Ok((
        ModelSpec::Spatial {
            kind: "helpman",
            description,
            model: Arc::new(model),
        },
        with_kind("helpman", &raw),
    ))
}

/// Country labels 0..C: a CSV column (any labels, numbered in order of appearance), the
/// countries of a border grid, or one country.
fn countries(raw: &RawHelpman, geography: &Geography, source: &mut DataSource) -> Result<Vec<usize>> {
    if let Some(column) = &raw.countries {
        let labels = source.column("model.countries", column, geography, |_| None)?;
        let mut seen: Vec<u64> = Vec::new();
        return Ok(labels
            .iter()
            .map(|l| {
                let bits = l.to_bits();
                seen.iter().position(|s| *s == bits).unwrap_or_else(|| {
                    seen.push(bits);
                    seen.len() - 1
                })
            })
            .collect());
    }
    Ok(match &geography.groups {
        Some(groups) => groups.clone(),
        None => vec![0; geography.len()],
    })
}

/// Scales `values` to geometric mean 1 within each country.
fn normalise_within(values: &mut [f64], country: &[usize]) {
    let c = country.iter().max().map_or(0, |m| m + 1);
    for k in 0..c {
        let members: Vec<usize> = (0..values.len()).filter(|&i| country[i] == k).collect();
        let mean = members.iter().map(|&i| values[i].ln()).sum::<f64>() / members.len() as f64;
        for i in members {
            values[i] /= mean.exp();
        }
    }
}

/// One value per line, in the geography's order; `#` comments and a non-numeric header skipped.
fn values_file(key: &str, path: &Path, log: bool, n: usize) -> Result<Vec<f64>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::data(path, format!("cannot read ({key}): {e}")))?;
    let mut values = Vec::with_capacity(n);
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.parse::<f64>() {
            Ok(v) if v.is_finite() => values.push(if log { v.exp() } else { v }),
            _ if values.is_empty() => continue, // a header
            _ => {
                return Err(Error::data(
                    path,
                    format!("line {}: \"{line}\" is not a finite number ({key})", i + 1),
                ))
            }
        }
    }
    if values.len() != n {
        return Err(Error::data(
            path,
            format!("{} values, but the geography has {n} locations ({key})", values.len()),
        ));
    }
    Ok(values)
}

/// One positive value per location (files of values are resolved against `base_dir`).
pub fn quantity(
    key: &str,
    q: &Quantity,
    geography: &Geography,
    source: &mut DataSource,
    base_dir: &Path,
) -> Result<Vec<f64>> {
    let n = geography.len();
    let values = match q {
        Quantity::Values(v) => v.clone(),
        Quantity::Name(name) if name == "uniform" => vec![1.0; n],
        Quantity::Constant(v) => vec![*v; n],
        Quantity::Name(column) => source.column(key, column, geography, |v| {
            (v <= 0.0).then_some("is not positive: values must be > 0")
        })?,
        Quantity::LogNormal(l) => {
            if !(l.lognormal.is_finite() && l.lognormal >= 0.0) {
                return Err(Error::invalid(
                    format!("{key}.lognormal"),
                    l.lognormal,
                    "the log standard deviation must be finite and >= 0",
                ));
            }
            log_normal(n, l.lognormal, l.seed)
        }
        Quantity::File(f) => values_file(key, &resolve_path(base_dir, &f.file), f.log, n)?,
    };
    if values.len() != n {
        return Err(Error::invalid(
            key,
            format!("a list of {} values", values.len()),
            format!("must have one value per location ({n})"),
        ));
    }
    if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v > 0.0)) {
        return Err(Error::invalid(
            format!("{key}[{}]", i + 1),
            v,
            "values must be finite and > 0",
        ));
    }
    Ok(values)
}

/// exp(sd z_i) with z_i standard normal (Box–Muller on ChaCha8), geometric mean 1.
fn log_normal(n: usize, sd: f64, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let z: Vec<f64> = (0..n)
        .map(|_| {
            let u1: f64 = 1.0 - rng.random::<f64>();
            let u2: f64 = rng.random::<f64>();
            (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
        })
        .collect();
    let mean = z.iter().sum::<f64>() / n as f64;
    z.iter().map(|z| (sd * (z - mean)).exp()).collect()
}
