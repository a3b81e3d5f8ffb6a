//! `[invert]` and `[counterfactual]`: observed data and shocks for the spatial workflow
//! (inversion of fundamentals, counterfactuals in levels and by exact hat algebra).

use super::data_source::DataSource;
use super::quantity::quantity;
use super::raw::{Quantity, RawCounterfactual, RawInvert};
use super::{matrix_csv, resolve_path, typed, with_origin, RunSpec};
use crate::error::{Error, Result};
use crate::model::Shock;

/// Observed population and wages per location.
#[derive(Debug, Clone)]
pub struct Observed {
    pub population: Vec<f64>,
    pub wage: Vec<f64>,
    /// Where they came from, e.g. "data.csv: population = \"pop\", wage = income / population".
    pub source: String,
}

/// The observed data named by `[invert]`.
pub fn observed(spec: &RunSpec) -> Result<Observed> {
    read_observed(spec).map_err(|e| with_origin(e, &spec.origin))
}

fn read_observed(spec: &RunSpec) -> Result<Observed> {
    let raw: RawInvert = typed(table(spec, "invert"), "invert", "", &spec.origin)?;
    let population_column = raw
        .population
        .ok_or_else(|| {
            Error::Config(
                "[invert] needs population = \"<column>\" (a column of model.data); inversion and counterfactual.baseline = \"data\" read the observed data from it".into(),
            )
        })?;
    let mut source = DataSource::new(spec.data_file.clone());
    let positive = |v: f64| (v <= 0.0 || v.is_nan()).then_some("is not positive: population and income must be > 0");
    let population = source.column("invert.population", &population_column, &spec.geography, positive)?;
    let (wage, how) = match (raw.wage, raw.income) {
        (Some(w), None) => (
            source.column("invert.wage", &w, &spec.geography, positive)?,
            format!("wage = \"{w}\""),
        ),
        (None, Some(i)) => {
            let income = source.column("invert.income", &i, &spec.geography, positive)?;
            (
                income.iter().zip(&population).map(|(y, l)| y / l).collect(),
                format!("wage = \"{i}\" / population"),
            )
        }
        _ => {
            return Err(Error::Config(
                "[invert] needs exactly one of wage = \"<column>\" or income = \"<column>\"".into(),
            ))
        }
    };
    let file = source.path().map(|p| p.display().to_string()).unwrap_or_default();
    Ok(Observed {
        population,
        wage,
        source: format!("{file}: population = \"{population_column}\", {how}"),
    })
}

/// Where a counterfactual's baseline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// The equilibrium of the configured fundamentals.
    Model,
    /// Fundamentals recovered from the `[invert]` data.
    Data,
}

/// A checked `[counterfactual]`.
#[derive(Debug, Clone)]
pub struct Counterfactual {
    pub baseline: Baseline,
    pub shock: Shock,
    /// One line per part of the shock, for the report.
    pub description: Vec<String>,
}

/// The shock and baseline of `[counterfactual]`.
pub fn counterfactual(spec: &RunSpec) -> Result<Counterfactual> {
    read_counterfactual(spec).map_err(|e| with_origin(e, &spec.origin))
}

fn read_counterfactual(spec: &RunSpec) -> Result<Counterfactual> {
    let raw: RawCounterfactual = typed(table(spec, "counterfactual"), "counterfactual", "", &spec.origin)?;
    let baseline = match raw.baseline.as_str() {
        "model" => Baseline::Model,
        "data" => Baseline::Data,
        other => {
            return Err(Error::invalid(
                "counterfactual.baseline",
                format!("\"{other}\""),
                "one of \"model\", \"data\"",
            ))
        }
    };
    let g = &spec.geography;
    let n = g.len();
    let mut description = Vec::new();
    let mut factors: Option<Vec<f64>> = None;
    let mut apply = |f: &dyn Fn(usize, usize) -> f64| {
        let m = factors.get_or_insert_with(|| vec![1.0; n * n]);
        for r in 0..n {
            for s in 0..n {
                if r != s {
                    m[r * n + s] *= f(r, s);
                }
            }
        }
    };
    if let Some(scale) = raw.trade_cost_scale {
        positive_factor("counterfactual.trade-cost-scale", scale)?;
        apply(&|_, _| scale);
        description.push(format!("all trade costs x {scale}"));
    }
    if let Some(band) = &raw.distance_band {
        positive_factor("counterfactual.distance-band.factor", band.factor)?;
        let coords = g
            .coordinates
            .as_ref()
            .ok_or_else(|| Error::Config("counterfactual.distance-band needs a geography with coordinates".into()))?;
        let metric = g.metric;
        apply(&|r, s| {
            let d = metric.distance(coords[r], coords[s]);
            if d >= band.min && d <= band.max {
                band.factor
            } else {
                1.0
            }
        });
        description.push(format!(
            "trade costs of pairs at distance in [{}, {}] x {}",
            band.min, band.max, band.factor
        ));
    }
    if let Some(file) = &raw.trade_cost_factors {
        let path = resolve_path(&spec.base_dir, file);
        let (_, m, values) = matrix_csv::read(&path)?;
        if m != n {
            return Err(Error::data(
                &path,
                format!("a {m} x {m} matrix of factors, but the geography has {n} locations"),
            ));
        }
        if let Some(i) = values.iter().position(|v| !(v.is_finite() && *v > 0.0)) {
            return Err(Error::data(
                &path,
                format!(
                    "entry (row {}, column {}) = {}: factors must be finite and > 0",
                    i / n + 1,
                    i % n + 1,
                    values[i]
                ),
            ));
        }
        apply(&|r, s| values[r * n + s]);
        description.push(format!("trade costs x the factors in {}", path.display()));
    }
    let mut source = DataSource::new(spec.data_file.clone());
    let remove_border = raw.remove_border.as_ref();
    if let Some(border) = remove_border {
        positive_factor("counterfactual.remove-border.factor", border.factor)?;
        let (groups, name) = match &border.column {
            Some(column) => (
                source.column("counterfactual.remove-border.column", column, g, |_| None)?,
                format!("\"{column}\""),
            ),
            None => {
                let groups = g.groups.as_ref().ok_or_else(|| {
                    Error::Config("counterfactual.remove-border needs column = \"<CSV column of groups>\" (this geography has no groups)".into())
                })?;
                (
                    groups.iter().map(|&k| k as f64).collect(),
                    "the geography's countries".to_string(),
                )
            }
        };
        apply(&|r, s| {
            if groups[r] != groups[s] {
                1.0 / border.factor
            } else {
                1.0
            }
        });
        description.push(format!(
            "border between the groups of {name} removed (costs across / {})",
            border.factor
        ));
    }
    // Shocked costs are floored at 1 (a cost cannot fall below free trade): the factor itself
    // is raised to 1 / tau where needed, so that levels and hat algebra see the same shock.
    if let Some(m) = factors.as_mut() {
        let mut floored = 0usize;
        for (k, f) in m.iter_mut().enumerate() {
            let t = g.trade_costs.values()[k];
            if t * *f < 1.0 {
                *f = 1.0 / t;
                floored += 1;
            }
        }
        if floored > 0 {
            description.push(format!("{floored} shocked costs floored at 1"));
        }
    }
    let location_factors = |key: &str, q: &Option<Quantity>, source: &mut DataSource| -> Result<Option<Vec<f64>>> {
        q.as_ref()
            .map(|q| quantity(key, q, g, source, &spec.base_dir))
            .transpose()
    };
    let productivity = location_factors(
        "counterfactual.productivity-factors",
        &raw.productivity_factors,
        &mut source,
    )?;
    let amenity = location_factors("counterfactual.amenity-factors", &raw.amenity_factors, &mut source)?;
    if productivity.is_some() {
        description.push("productivity x factors".into());
    }
    if amenity.is_some() {
        description.push("amenities x factors".into());
    }
    if description.is_empty() {
        description.push("no shock (all factors 1)".into());
    }
    Ok(Counterfactual {
        baseline,
        shock: Shock {
            trade_cost: factors,
            productivity,
            amenity,
        },
        description,
    })
}

fn positive_factor(key: &str, v: f64) -> Result<()> {
    if !(v.is_finite() && v > 0.0) {
        return Err(Error::invalid(key, v, "factors must be finite and > 0"));
    }
    Ok(())
}

fn table(spec: &RunSpec, name: &str) -> toml::Table {
    match spec.table.get(name) {
        Some(toml::Value::Table(t)) => t.clone(),
        _ => toml::Table::new(),
    }
}
