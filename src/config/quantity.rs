//! Positive per-location quantities of `[model]` (fundamentals, housing): uniform values,
//! a constant, CSV columns, lists, seeded log-normal draws or a file of values.

use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::data_source::DataSource;
use super::files::Files;
use super::raw::Quantity;
use super::resolve_path;
use crate::error::{Error, Result};
use crate::geography::Geography;

/// One value per line, in the geography's order; `#` comments and a non-numeric header skipped.
fn values_file(key: &str, path: &Path, log: bool, n: usize, files: &Files) -> Result<Vec<f64>> {
    let text = files.text(path, || {
        std::fs::read_to_string(path).map_err(|e| Error::data(path, format!("cannot read ({key}): {e}")))
    })?;
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
    quantity_in(key, q, geography, source, base_dir, &Files::default())
}

/// [`quantity`] with files of values taken from `files`.
pub fn quantity_in(
    key: &str,
    q: &Quantity,
    geography: &Geography,
    source: &mut DataSource,
    base_dir: &Path,
    files: &Files,
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
        Quantity::File(f) => values_file(key, &resolve_path(base_dir, &f.file), f.log, n, files)?,
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
