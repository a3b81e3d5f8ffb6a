//! `[model] kind = "arsw"`: the Ahlfeldt–Redding–Sturm–Wolf city. Its blocks come from
//! `[model.synthetic]` (an n × n grid) or a `model.blocks` CSV, with travel times from the
//! grid, from the blocks' coordinates at `model.speed-kmh`, or from `model.travel-times`
//! (CSV or HDF5). The blocks' residents, workers and floor prices are the observed data the
//! fundamentals are recovered from; `[geography]` and `[invert]` are not used.
//!
//! ARSW runs beside the `SpatialModel` path (`agglo solve`, `invert`, `counterfactual`,
//! `check` call [`load`] first): its data (three observed vectors), its shocks (travel
//! times, not an N × N trade-cost matrix) and its FFT kernels do not fit that interface.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::arsw_files::{read_blocks, read_travel_times, synthetic_checks};
use super::csv_table::CsvTable;
use super::raw::{RawArsw, RawArswCounterfactual, RawConfig, RawSolver};
use super::{messages, overrides, require_file, resolve_path, solver_settings, typed, with_kind};
use crate::error::{Error, Result};
use crate::model::arsw::{
    corridor_pairs, ArswCity, ArswFundamentals, ArswParams, Closure, GridCity, Observed, Spillovers, SyntheticCity,
    Travel, TravelTimes,
};
use crate::solve::SolverSettings;

/// A resolved ARSW configuration.
#[derive(Debug, Clone)]
pub struct ArswSpec {
    pub origin: String,
    /// The city with the configured parameters, travel times and areas; its fundamentals are
    /// placeholders until the inversion recovers them.
    pub city: ArswCity,
    pub observed: Observed,
    /// Reservation utility of an open city (`None`: closed).
    pub utility: Option<f64>,
    pub ids: Vec<String>,
    /// Block centres, km.
    pub coordinates: Vec<[f64; 2]>,
    /// "arsw-grid" or "arsw-blocks".
    pub layout: &'static str,
    pub solver: SolverSettings,
    pub resolved_toml: String,
    /// E.g. "arsw (closed city, 900 blocks on a 30 x 30 grid of 0.5 km blocks; eps = ...)".
    pub description: String,
    pub counterfactual: toml::Table,
    pub base_dir: PathBuf,
}

/// The ARSW spec when the config's `model.kind` is "arsw", else `None` (the caller then
/// uses [`super::load`]).
pub fn load(path: Option<&Path>, overrides_: &[String]) -> Result<Option<ArswSpec>> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path).map_err(|e| Error::data(path, format!("cannot read config: {e}")))?;
    let origin = path.display().to_string();
    let table: toml::Table = text
        .parse()
        .map_err(|e| Error::Config(messages::parse_error(&origin, &text, &e)))?;
    let mut table = overrides::normalise_checked(table, &origin)?;
    let is_arsw = |t: &toml::Table| matches!(t.get("model").and_then(|m| m.get("kind")), Some(toml::Value::String(k)) if k == "arsw");
    // Overrides may set model.kind too: apply them to a copy first.
    let mut probe = table.clone();
    for o in overrides_ {
        overrides::apply(&mut probe, o)?;
    }
    if !is_arsw(&probe) {
        return Ok(None);
    }
    for o in overrides_ {
        overrides::apply(&mut table, o)?;
    }
    let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    resolve(table, &origin, &base_dir)
        .map(Some)
        .map_err(|e| super::with_origin(e, &origin))
}

#[derive(Serialize)]
struct Resolved<'a> {
    model: toml::Table,
    geography: toml::Table,
    solver: &'a RawSolver,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    counterfactual: &'a toml::Table,
}

fn resolve(table: toml::Table, origin: &str, base_dir: &Path) -> Result<ArswSpec> {
    for (section, why) in [
        ("geography", "the blocks come from [model.synthetic] or model.blocks"),
        (
            "invert",
            "the observed residents, workers and floor prices are the blocks'",
        ),
        ("solve", "the equilibrium is solved from the uniform start"),
        ("bifurcate", "continuation is not available for this model"),
        ("sweep", "sweeps are not available for this model"),
    ] {
        if table.contains_key(section) {
            return Err(Error::Config(format!(
                "[{section}] is not used by model.kind = \"arsw\": {why} (remove [{section}])"
            )));
        }
    }
    let raw: RawConfig = toml::Value::Table(table)
        .try_into()
        .map_err(|e| Error::Config(messages::type_error(origin, "", None, &e)))?;
    let mut model = raw.model.clone();
    model.remove("kind");
    let m: RawArsw = typed(model, "model", "arsw", origin)?;
    let params = ArswParams {
        epsilon: m.epsilon,
        kappa_epsilon: m.kappa_epsilon,
        lambda: m.lambda,
        delta: m.delta,
        eta: m.eta,
        rho: m.rho,
        alpha: m.alpha,
        beta: m.beta,
    };
    params.validate()?;
    let utility = match (m.city.as_str(), m.utility) {
        ("closed", None) => None,
        ("closed", Some(_)) => {
            return Err(Error::Config(
                "model.utility is the reservation utility of an open city: set model.city = \"open\" or remove it"
                    .into(),
            ))
        }
        ("open", Some(u)) if u.is_finite() && u > 0.0 => Some(u),
        ("open", Some(u)) => return Err(Error::invalid("model.utility", u, "must be finite and > 0")),
        ("open", None) => {
            return Err(Error::Config(
                "model.city = \"open\" needs model.utility = <reservation utility> (> 0)".into(),
            ))
        }
        (other, _) => {
            return Err(Error::invalid(
                "model.city",
                format!("\"{other}\""),
                "one of \"closed\", \"open\"",
            ))
        }
    };
    if !(m.speed_kmh.is_finite() && m.speed_kmh > 0.0) {
        return Err(Error::invalid("model.speed-kmh", m.speed_kmh, "must be finite and > 0"));
    }
    let (travel, area, observed, ids, coordinates, layout, where_) = match (&m.synthetic, &m.blocks) {
        (Some(s), None) => {
            if m.travel_times.is_some() {
                return Err(Error::Config(
                    "model.travel-times is for model.blocks; a synthetic city's times come from its grid at model.speed-kmh".into(),
                ));
            }
            let city = SyntheticCity {
                size: s.size,
                block_km: s.block_km,
                speed_kmh: m.speed_kmh,
                population: s.population,
                resident_decay_km: s.resident_decay_km,
                worker_decay_km: s.worker_decay_km,
                price_decay_km: s.price_decay_km,
            };
            synthetic_checks(&city)?;
            super::budget::require(
                "model.synthetic.size",
                &format!("the FFT kernels and vectors of a {0} x {0} city", s.size),
                super::budget::arsw_bytes(s.size.saturating_mul(s.size), true),
            )?;
            let g = city.grid();
            let ids = (0..g.len()).map(|i| format!("{}-{}", i % s.size, i / s.size)).collect();
            let coordinates = (0..g.len()).map(|i| g.centre(i)).collect();
            (
                city.travel()?,
                city.area(),
                city.observed(),
                ids,
                coordinates,
                "arsw-grid",
                format!("a {0} x {0} grid of {1} km blocks at {2} km/h", s.size, s.block_km, m.speed_kmh),
            )
        }
        (None, Some(file)) => {
            let path = resolve_path(base_dir, file);
            let blocks = read_blocks(&path)?;
            let n = blocks.ids.len();
            super::budget::require(
                "model.blocks",
                &format!("the dense {n} x {n} travel times and kernels of {n} blocks"),
                super::budget::arsw_bytes(n, false),
            )?;
            let travel = match &m.travel_times {
                Some(t) => {
                    let tpath = resolve_path(base_dir, t);
                    read_travel_times(&tpath, &m.dataset, &blocks.ids)?
                }
                None => {
                    let per_km = 60.0 / m.speed_kmh;
                    let c = &blocks.coordinates;
                    let minutes = (0..n * n)
                        .map(|k| {
                            let (a, b) = (c[k / n], c[k % n]);
                            per_km * ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
                        })
                        .collect();
                    Travel::new(TravelTimes::Matrix { n, minutes })?
                }
            };
            (
                travel,
                blocks.area,
                blocks.observed,
                blocks.ids,
                blocks.coordinates,
                "arsw-blocks",
                format!("the blocks of {}", path.display()),
            )
        }
        (Some(_), Some(_)) => {
            return Err(Error::Config(
                "give either [model.synthetic] or model.blocks = \"<CSV>\", not both".into(),
            ))
        }
        (None, None) => {
            return Err(Error::Config(
                "model.kind = \"arsw\" needs its blocks: [model.synthetic] (size = 30, ...) or model.blocks = \"<CSV with id, x, y, area, residents, workers, floor_price>\"".into(),
            ))
        }
    };
    let n = area.len();
    let population: f64 = observed.residents.iter().sum();
    let closure = match utility {
        None => Closure::Closed { population },
        Some(u) => Closure::Open { utility: u },
    };
    let placeholder = ArswFundamentals {
        productivity: vec![1.0; n],
        amenity: vec![1.0; n],
        floor_space: vec![1.0; n],
    };
    let city = ArswCity::new(params, travel, area, placeholder, closure)?;
    let solver = solver_settings(&raw.solver)?;
    let spec_counterfactual = raw.counterfactual.clone();
    let resolved = Resolved {
        model: with_kind("arsw", &m),
        geography: toml::Table::new(),
        solver: &raw.solver,
        counterfactual: &raw.counterfactual,
    };
    let resolved_toml = toml::to_string(&resolved).map_err(|e| Error::Config(format!("{origin}: {e}")))?;
    let description = format!(
        "arsw ({} city, {n} blocks: {where_}; epsilon = {}, kappa epsilon = {}/min, lambda = {}, delta = {}, eta = {}, rho = {}, alpha = {}, beta = {})",
        if utility.is_some() { "open" } else { "closed" },
        params.epsilon,
        params.kappa_epsilon,
        params.lambda,
        params.delta,
        params.eta,
        params.rho,
        params.alpha,
        params.beta
    );
    let spec = ArswSpec {
        origin: origin.to_string(),
        city,
        observed,
        utility,
        ids,
        coordinates,
        layout,
        solver,
        resolved_toml,
        description,
        counterfactual: spec_counterfactual,
        base_dir: base_dir.to_path_buf(),
    };
    Ok(spec)
}

/// A checked ARSW `[counterfactual]`.
#[derive(Debug, Clone)]
pub struct ArswCounterfactual {
    pub travel: Travel,
    pub spillovers: Vec<Spillovers>,
    pub description: String,
}

/// The travel times after `[counterfactual]` and which variants to solve.
pub fn counterfactual(spec: &ArswSpec) -> Result<ArswCounterfactual> {
    let raw: RawArswCounterfactual = typed(spec.counterfactual.clone(), "counterfactual", "", &spec.origin)?;
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
        let p = corridor_pairs(&spec.coordinates, c.from, c.to, c.width_km, c.factor);
        if p.is_empty() {
            return Err(Error::Config(format!(
                "counterfactual.corridor: fewer than two blocks lie within {} km of the line from {:?} to {:?} km",
                c.width_km, c.from, c.to
            )));
        }
        let blocks = (1.0 + (1.0 + 4.0 * p.len() as f64).sqrt()) / 2.0;
        description.push(format!(
            "travel times x {} between the {} blocks within {} km of the line {:?} -> {:?} km",
            c.factor, blocks as usize, c.width_km, c.from, c.to
        ));
        pairs.extend(p);
    }
    if let Some(file) = &raw.travel_time_factors {
        let path = resolve_path(&spec.base_dir, file);
        require_file(&path, "counterfactual.travel-time-factors names the CSV of factors")?;
        let table = CsvTable::read(&path)?;
        let index: std::collections::HashMap<&str, usize> =
            spec.ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
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
    if description.is_empty() {
        return Err(Error::Config(
            "[counterfactual] of an arsw city needs [counterfactual.corridor] (from, to, width-km, factor) or travel-time-factors = \"<CSV with origin, destination, factor>\"".into(),
        ));
    }
    let travel = spec.city.travel().scaled(&pairs)?;
    Ok(ArswCounterfactual {
        travel,
        spillovers,
        description: description.join("; "),
    })
}

/// The grid of a synthetic city, if it is one.
pub fn grid(spec: &ArswSpec) -> Option<GridCity> {
    match spec.city.travel().base {
        TravelTimes::Grid(g) => Some(g),
        TravelTimes::Matrix { .. } => None,
    }
}
