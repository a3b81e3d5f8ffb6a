//! Numbers the models can represent: the freeness of trade phi = T^(1-sigma)
//! = exp(-(sigma - 1) ln T) (FKV eq. 5.1's iceberg costs raised to the elasticity) must not
//! underflow double precision, or the wage equation divides zeros and the solver reports
//! "residual inf". Refused before solving, naming the keys and the range that works.

use crate::error::{Error, Result};

/// The largest (sigma - 1) ln T accepted: ln(f64::MAX) = 709.78 less a margin for the
/// products of phi with wages and price indices.
pub const MAX_EXPONENT: f64 = 700.0;

/// The config key that sets the trade costs of the `[geography]` in `table`.
fn cost_key(table: &toml::Table) -> &'static str {
    let g = table.get("geography");
    let kind = g
        .and_then(|g| g.get("kind"))
        .and_then(|k| k.as_str())
        .unwrap_or("two-region");
    match kind {
        "matrix" => "geography.file",
        "points" | "grid" if g.and_then(|g| g.get("cost")).is_some() => "geography.rate / geography.elasticity",
        "border-grid" => "geography.distance-elasticity / internal-tax / border-tax",
        _ => "geography.trade-cost",
    }
}

/// Checks (sigma - 1) ln T_max <= [`MAX_EXPONENT`] for the model's sigma and the largest
/// trade cost of the geography.
pub fn representable(spec: &super::RunSpec) -> Result<()> {
    let resolved: toml::Table = match spec.resolved_toml.parse() {
        Ok(t) => t,
        Err(_) => return Ok(()),
    };
    let Some(sigma) = resolved
        .get("model")
        .and_then(|m| m.get("sigma"))
        .and_then(|s| s.as_float().or_else(|| s.as_integer().map(|i| i as f64)))
    else {
        return Ok(());
    };
    let t_max = spec.geography.trade_costs.max_cost();
    let exponent = (sigma - 1.0) * t_max.ln();
    if exponent <= MAX_EXPONENT {
        return Ok(());
    }
    let key = cost_key(&spec.table);
    Err(Error::Config(format!(
        "{}: model.sigma = {sigma} with trade costs up to T = {t_max:e} ({key}): the freeness \
         T^(1-sigma) = exp(-{exponent:.4e}) is not representable in double precision; the range \
         that works is (sigma - 1) ln T <= {MAX_EXPONENT}: at this sigma T <= {:.4e}, at these \
         trade costs sigma <= {:.6}",
        spec.origin,
        (MAX_EXPONENT / (sigma - 1.0)).exp(),
        1.0 + MAX_EXPONENT / t_max.ln(),
    )))
}
