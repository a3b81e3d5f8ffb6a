//! The configuration of a city's workflow (a model with the city capability,
//! `model.kind = "arsw"`): its resolved TOML and its `[counterfactual]`, travel-time changes
//! (a corridor, factors by pair of blocks) and shocks to productivity and amenities.
//!
//! ```toml
//! [counterfactual]
//! spillovers = "both"              # both | with | without
//! travel-time-factors = "t.csv"    # origin, destination (block ids), factor
//! [counterfactual.corridor]        # pairs within width-km of the segment from -> to (km)
//! from = [0.0, 7.25]
//! to = [15.0, 7.25]
//! width-km = 0.15
//! factor = 0.5
//! [counterfactual.productivity]    # a x factor in the blocks within radius-km of centre
//! factor = 1.1                     # (no centre: every block)
//! centre = [7.5, 7.5]
//! radius-km = 1.0
//! # file = "a.csv"                 # or: columns id, factor (blocks not listed: 1)
//! [counterfactual.amenity]         # b x factor, the same keys
//! ```

use std::collections::HashMap;

use serde::Serialize;

use super::raw::{RawArswCounterfactual, RawBlockFactors, RawConfig, RawSolver, RawSweep};
use super::tree::Tree;
use super::{require_file, resolve_path, typed, RunSpec};
use crate::error::{Error, Result};
use crate::model::arsw::{corridor_pairs, CityModel, CityShock, Spillovers};

/// The resolved configuration of a city: `[model]`, an empty `[geography]` (the blocks are
/// the city's), `[solver]`, and the workflow tables it has.
#[derive(Serialize)]
struct Resolved<'a> {
    model: toml::Table,
    geography: toml::Table,
    solver: &'a RawSolver,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    counterfactual: &'a toml::Table,
    #[serde(skip_serializing_if = "is_default_sweep")]
    sweep: &'a RawSweep,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    calibrate: &'a toml::Table,
}

fn is_default_sweep(s: &&RawSweep) -> bool {
    **s == RawSweep::default()
}

/// The resolved TOML of a city's configuration.
pub(super) fn resolved_toml(tree: &Tree, raw: &RawConfig, origin: &str) -> Result<String> {
    let resolved = Resolved {
        model: tree.model_table(),
        geography: toml::Table::new(),
        solver: &raw.solver,
        counterfactual: &raw.counterfactual,
        sweep: &raw.sweep,
        calibrate: &raw.calibrate,
    };
    toml::to_string(&resolved).map_err(|e| Error::Config(format!("{origin}: {e}")))
}

/// A checked `[counterfactual]` of a city.
#[derive(Debug, Clone)]
pub struct CityCounterfactual {
    pub shock: CityShock,
    pub spillovers: Vec<Spillovers>,
    /// In words, one part per change.
    pub description: String,
}

/// The shock of `[counterfactual]` on `city` and which variants to solve.
pub fn counterfactual(spec: &RunSpec, city: &CityModel) -> Result<CityCounterfactual> {
    checked(spec, city).map_err(|e| super::with_origin(e, &spec.origin))
}

fn checked(spec: &RunSpec, city: &CityModel) -> Result<CityCounterfactual> {
    let table = match spec.table.get("counterfactual") {
        Some(toml::Value::Table(t)) => t.clone(),
        _ => toml::Table::new(),
    };
    let raw: RawArswCounterfactual = typed(table, "counterfactual", "", &spec.origin)?;
    let spillovers = match raw.spillovers.as_str() {
        "both" => vec![Spillovers::On, Spillovers::Off],
        "with" => vec![Spillovers::On],
        "without" => vec![Spillovers::Off],
        other => {
            return Err(Error::invalid(
                "counterfactual.spillovers",
                format!("\"{other}\""),
                "one of \"both\", \"with\", \"without\"",
            ))
        }
    };
    let blocks = city.data().blocks();
    let index: HashMap<&str, usize> = blocks.ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let mut pairs = Vec::new();
    let mut description = Vec::new();
    if let Some(c) = &raw.corridor {
        if !(c.width_km.is_finite() && c.width_km >= 0.0) {
            return Err(Error::invalid(
                "counterfactual.corridor.width-km",
                c.width_km,
                "must be finite and >= 0",
            ));
        }
        if !(c.factor.is_finite() && c.factor > 0.0) {
            return Err(Error::invalid(
                "counterfactual.corridor.factor",
                c.factor,
                "must be finite and > 0",
            ));
        }
        let p = corridor_pairs(&blocks.coordinates, c.from, c.to, c.width_km, c.factor);
        if p.is_empty() {
            return Err(Error::Config(format!(
                "counterfactual.corridor: fewer than two blocks lie within {} km of the line from {:?} to {:?} km",
                c.width_km, c.from, c.to
            )));
        }
        let count = (1.0 + (1.0 + 4.0 * p.len() as f64).sqrt()) / 2.0;
        description.push(format!(
            "travel times x {} between the {} blocks within {} km of the line {:?} -> {:?} km",
            c.factor, count as usize, c.width_km, c.from, c.to
        ));
        pairs.extend(p);
    }
    if let Some(file) = &raw.travel_time_factors {
        let path = resolve_path(&spec.base_dir, file);
        require_file(&path, "counterfactual.travel-time-factors names the CSV of factors")?;
        let table = spec.files.csv(&path)?;
        let origin = table.text_column("origin")?;
        let destination = table.text_column("destination")?;
        let factor = table.numeric_column("factor")?;
        for (k, ((o, d), f)) in origin.iter().zip(&destination).zip(&factor).enumerate() {
            let line = table.rows[k].0;
            let find = |id: &str| {
                index
                    .get(id)
                    .copied()
                    .ok_or_else(|| Error::data(&path, format!("line {line}: no block with id \"{id}\"")))
            };
            if !(f.is_finite() && *f > 0.0) {
                return Err(Error::data(
                    &path,
                    format!("line {line}: factor {f} must be finite and > 0"),
                ));
            }
            pairs.push((find(o)?, find(d)?, *f));
        }
        description.push(format!(
            "travel times x the factors of {} pairs in {}",
            factor.len(),
            path.display()
        ));
    }
    let travel = if pairs.is_empty() {
        None
    } else {
        Some(city.data().city().travel().scaled(&pairs)?)
    };
    let mut shock = CityShock {
        travel,
        ..Default::default()
    };
    for (name, raw, slot) in [
        ("productivity", &raw.productivity, &mut shock.productivity),
        ("amenity", &raw.amenity, &mut shock.amenity),
    ] {
        if let Some(r) = raw {
            let (factors, words) = block_factors(spec, name, r, &blocks.coordinates, &index)?;
            *slot = Some(factors);
            description.push(words);
        }
    }
    if description.is_empty() {
        return Err(Error::Config(
            "[counterfactual] of an arsw city needs a change: [counterfactual.corridor] (from, to, width-km, factor), travel-time-factors = \"<CSV with origin, destination, factor>\", [counterfactual.productivity] or [counterfactual.amenity] (factor, with centre and radius-km or a file of id, factor)".into(),
        ));
    }
    Ok(CityCounterfactual {
        shock,
        spillovers,
        description: description.join("; "),
    })
}

/// One factor per block from `[counterfactual.<name>]`, and the change in words.
fn block_factors(
    spec: &RunSpec,
    name: &str,
    raw: &RawBlockFactors,
    centres: &[[f64; 2]],
    index: &HashMap<&str, usize>,
) -> Result<(Vec<f64>, String)> {
    let key = |k: &str| format!("counterfactual.{name}.{k}");
    let symbol = if name == "productivity" { "a" } else { "b" };
    let n = centres.len();
    if let Some(file) = &raw.file {
        if raw.factor.is_some() || raw.centre.is_some() || raw.radius_km.is_some() {
            return Err(Error::Config(format!(
                "[counterfactual.{name}]: give either file = \"<CSV with id, factor>\" or factor (with centre and radius-km), not both"
            )));
        }
        let path = resolve_path(&spec.base_dir, file);
        require_file(&path, &format!("{} names the CSV of factors", key("file")))?;
        let table = spec.files.csv(&path)?;
        let ids = table.text_column("id")?;
        let values = table.numeric_column("factor")?;
        let mut factors = vec![1.0; n];
        for (k, (id, f)) in ids.iter().zip(&values).enumerate() {
            let line = table.rows[k].0;
            let i = *index
                .get(id.as_str())
                .ok_or_else(|| Error::data(&path, format!("line {line}: no block with id \"{id}\"")))?;
            if !(f.is_finite() && *f > 0.0) {
                return Err(Error::data(
                    &path,
                    format!("line {line}: factor {f} must be finite and > 0"),
                ));
            }
            factors[i] = *f;
        }
        return Ok((
            factors,
            format!(
                "{name} {symbol} x the factors of {} blocks in {}",
                ids.len(),
                path.display()
            ),
        ));
    }
    let factor = raw.factor.ok_or_else(|| {
        Error::Config(format!(
            "[counterfactual.{name}] needs factor = <multiplier of {name}> (with centre and radius-km for a disc of blocks), or file = \"<CSV with id, factor>\""
        ))
    })?;
    if !(factor.is_finite() && factor > 0.0) {
        return Err(Error::invalid(key("factor"), factor, "must be finite and > 0"));
    }
    match (raw.centre, raw.radius_km) {
        (None, None) => Ok((vec![factor; n], format!("{name} {symbol} x {factor} in every block"))),
        (Some(c), Some(r)) => {
            if !(r.is_finite() && r >= 0.0) {
                return Err(Error::invalid(key("radius-km"), r, "must be finite and >= 0"));
            }
            let inside: Vec<bool> = centres
                .iter()
                .map(|p| ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt() <= r)
                .collect();
            let count = inside.iter().filter(|x| **x).count();
            if count == 0 {
                return Err(Error::Config(format!(
                    "{}: no block's centre lies within {r} km of {c:?} km",
                    key("radius-km")
                )));
            }
            Ok((
                inside.iter().map(|x| if *x { factor } else { 1.0 }).collect(),
                format!("{name} {symbol} x {factor} in the {count} blocks within {r} km of {c:?} km"),
            ))
        }
        _ => Err(Error::Config(format!(
            "[counterfactual.{name}]: give centre and radius-km together (or neither: every block)"
        ))),
    }
}
