//! `[wiggle]`: what `agglo wiggle` computes, the real-wage gap omega_1 - omega_2 on a grid of
//! region 1's share for a list of values of one parameter (FKV 1999, fig. 5.2).
//!
//! ```toml
//! [wiggle]
//! parameter = "geography.trade-cost"  # any numeric key (default: the trade cost)
//! values = [1.5, 1.7, 2.1]            # one curve each
//! from = 0.5                          # region 1's share: grid from ...
//! to = 1.0                            # ... to (in [0, 1], from < to)
//! points = 51                         # grid points (>= 2)
//! ```

use serde::{Deserialize, Serialize};

use super::{typed, with_origin, RunSpec};
use crate::error::{Error, Result};
use crate::long_run::wiggle::WiggleOptions;

/// `[wiggle]` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawWiggle {
    pub parameter: String,
    pub values: Vec<f64>,
    pub from: f64,
    pub to: f64,
    pub points: usize,
}

impl Default for RawWiggle {
    fn default() -> Self {
        RawWiggle {
            parameter: "geography.trade-cost".into(),
            values: vec![1.5, 1.7, 2.1],
            from: 0.5,
            to: 1.0,
            points: 51,
        }
    }
}

/// A checked `[wiggle]`.
#[derive(Debug, Clone)]
pub struct WiggleSpec {
    /// Dotted key of the parameter, e.g. "geography.trade-cost".
    pub parameter: String,
    pub options: WiggleOptions,
}

/// Checks `[wiggle]` of `spec` (defaults: trade costs 1.5, 1.7, 2.1; shares 0.5 to 1 in 51 points).
pub fn wiggle(spec: &RunSpec) -> Result<WiggleSpec> {
    checked(spec).map_err(|e| with_origin(e, &spec.origin))
}

fn checked(spec: &RunSpec) -> Result<WiggleSpec> {
    let table = match spec.table.get("wiggle") {
        Some(toml::Value::Table(t)) => t.clone(),
        _ => toml::Table::new(),
    };
    let raw: RawWiggle = typed(table, "wiggle", "", &spec.origin)?;
    let key = raw.parameter.replace('_', "-");
    if spec.tree.numeric(&key).is_none() {
        return Err(Error::invalid(
            "wiggle.parameter",
            format!("\"{}\"", raw.parameter),
            "must be the dotted key of a numeric setting of this config, e.g. \"geography.trade-cost\" or \"model.mu\"",
        ));
    }
    if raw.values.is_empty() {
        return Err(Error::invalid(
            "wiggle.values",
            "[]",
            "a list of at least one parameter value",
        ));
    }
    if let Some(v) = raw.values.iter().find(|v| !v.is_finite()) {
        return Err(Error::invalid("wiggle.values", v, "every value must be finite"));
    }
    for (key, v) in [("wiggle.from", raw.from), ("wiggle.to", raw.to)] {
        if !(0.0..=1.0).contains(&v) {
            return Err(Error::invalid(key, v, "a share in [0, 1]"));
        }
    }
    if raw.from >= raw.to {
        return Err(Error::invalid("wiggle.to", raw.to, "must be > wiggle.from"));
    }
    if !(2..=100_000).contains(&raw.points) {
        return Err(Error::invalid("wiggle.points", raw.points, "an integer in [2, 100000]"));
    }
    let n = raw.points - 1;
    let shares = (0..=n)
        .map(|i| {
            if i == n {
                raw.to
            } else {
                raw.from + (raw.to - raw.from) * i as f64 / n as f64
            }
        })
        .collect();
    Ok(WiggleSpec {
        parameter: key,
        options: WiggleOptions {
            shares,
            values: raw.values,
        },
    })
}
