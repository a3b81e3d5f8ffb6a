//! The `[counterfactual]` of an MRRH model (`model.kind = "mrrh"`): commuting costs between
//! different locations times a factor, trade costs between different locations and/or within
//! each location times a factor, and/or one location's productivity times a factor.
//!
//! ```toml
//! [counterfactual]
//! commuting-cost-factor = 0.9       # kappa_ni x 0.9 for n != i
//! trade-cost-factor = 0.95          # d_ni x 0.95 for n != i
//! own-trade-cost-factor = 0.95      # d_nn x 0.95 (both equal: every trade cost, a closed form)
//! productivity-location = "11000"   # an id of model.locations
//! productivity-factor = 1.1         # A_i x 1.1 there
//! ```
//!
//! Every trade cost times t (both factors t): wages, workers, residents and land prices are
//! unchanged, price indices P x t and welfare Ubar'/Ubar = t^(-alpha) (docs/mrrh.md).

use serde::Deserialize;

use super::{typed, RunSpec};
use crate::error::{Error, Result};
use crate::model::mrrh::{MrrhData, MrrhShock};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMrrhCounterfactual {
    commuting_cost_factor: Option<f64>,
    trade_cost_factor: Option<f64>,
    own_trade_cost_factor: Option<f64>,
    productivity_location: Option<String>,
    productivity_factor: Option<f64>,
}

/// The factors of `[counterfactual]` a sweep may vary (`counterfactual.<name>` axes).
pub const SWEEPABLE_FACTORS: [&str; 4] = [
    "commuting-cost-factor",
    "trade-cost-factor",
    "own-trade-cost-factor",
    "productivity-factor",
];

/// The checked shock of `[counterfactual]`, with a description in words.
pub fn counterfactual(spec: &RunSpec, data: &MrrhData) -> Result<(MrrhShock, String)> {
    counterfactual_with(spec, data, &[])
}

/// [`counterfactual`] with some of its factors (names of [`SWEEPABLE_FACTORS`]) set to the
/// given values: a sweep's point.
pub fn counterfactual_with(spec: &RunSpec, data: &MrrhData, factors: &[(&str, f64)]) -> Result<(MrrhShock, String)> {
    checked(spec, data, factors).map_err(|e| super::with_origin(e, &spec.origin))
}

fn factor(key: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(Error::invalid(key, v, "must be finite and > 0"))
    }
}

fn checked(spec: &RunSpec, data: &MrrhData, factors: &[(&str, f64)]) -> Result<(MrrhShock, String)> {
    let mut table = match spec.table.get("counterfactual") {
        Some(toml::Value::Table(t)) => t.clone(),
        _ => toml::Table::new(),
    };
    for (name, v) in factors {
        table.insert(name.to_string(), toml::Value::Float(*v));
    }
    let raw: RawMrrhCounterfactual = typed(table, "counterfactual", "", &spec.origin)?;
    let n = data.len();
    let mut shock = MrrhShock::default();
    let mut words = Vec::new();
    if let Some(f) = raw.commuting_cost_factor {
        let f = factor("counterfactual.commuting-cost-factor", f)?;
        shock.commuting_cost = Some((0..n * n).map(|k| if k / n == k % n { 1.0 } else { f }).collect());
        words.push(format!("commuting costs between locations x {f}"));
    }
    if raw.trade_cost_factor.is_some() || raw.own_trade_cost_factor.is_some() {
        let between = match raw.trade_cost_factor {
            Some(f) => factor("counterfactual.trade-cost-factor", f)?,
            None => 1.0,
        };
        let own = match raw.own_trade_cost_factor {
            Some(f) => factor("counterfactual.own-trade-cost-factor", f)?,
            None => 1.0,
        };
        shock.trade_cost = Some((0..n * n).map(|k| if k / n == k % n { own } else { between }).collect());
        if let Some(f) = raw.trade_cost_factor {
            words.push(format!("trade costs between locations x {f}"));
        }
        if let Some(f) = raw.own_trade_cost_factor {
            words.push(format!("trade costs within each location x {f}"));
        }
    }
    match (&raw.productivity_location, raw.productivity_factor) {
        (Some(id), Some(f)) => {
            let f = factor("counterfactual.productivity-factor", f)?;
            let want = id.trim().trim_start_matches('0');
            let i = data
                .ids
                .iter()
                .position(|x| x.trim().trim_start_matches('0') == want)
                .ok_or_else(|| {
                    Error::invalid(
                        "counterfactual.productivity-location",
                        format!("\"{id}\""),
                        "an id of model.locations",
                    )
                })?;
            let mut a = vec![1.0; n];
            a[i] = f;
            shock.productivity = Some(a);
            words.push(format!("productivity of {} x {f}", data.ids[i]));
        }
        (None, None) => {}
        _ => {
            return Err(Error::Config(
                "counterfactual.productivity-location and counterfactual.productivity-factor go together".into(),
            ))
        }
    }
    let description = if words.is_empty() {
        "no change (a zero shock)".to_string()
    } else {
        words.join("; ")
    };
    Ok((shock, description))
}
