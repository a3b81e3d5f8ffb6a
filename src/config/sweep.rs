//! `[sweep]` into a checked [`SweepSpec`] (axes, design, recorded quantities, config hash),
//! and the point family that rebuilds the model with several keys set at once
//! ([`PointFamily`], the many-key version of [`super::ModelFamily`]).
//!
//! ```toml
//! [sweep]
//! design = "grid"                 # grid | latin-hypercube | sobol
//! record = ["share", "n-stable"]  # default: by model (see sweep::record)
//! # points = 1000, seed = 1       # latin-hypercube and sobol
//!
//! [[sweep.axis]]
//! key = "geography.trade-cost"    # any numeric key of [model], [geography], [solver], [solve]
//! from = 1.2
//! to = 2.2
//! steps = 101                     # grids; scale = "log" for equal ratios
//!
//! [[sweep.axis]]
//! key = "model.mu"
//! values = [0.2, 0.3, 0.4]        # grids: an explicit list
//! ```

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::family::Family;
use super::raw::{RawAxis, RawSweep};
use super::{messages, solve_options, solver_settings, Horizon, RunSpec};
use crate::error::{Error, Result};
use crate::long_run::SearchOptions;
use crate::model::mrrh::MrrhShock;
use crate::solve::SolverSettings;
use crate::sweep::{Axis, AxisValues, Design, Kind, Plan, PointModel, PointSetup, Quantity, Scale};

/// Sections whose numeric keys can be swept.
const SWEEPABLE: [&str; 4] = ["model", "geography", "solver", "solve"];

/// A checked `[sweep]`.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    pub plan: Plan,
    /// Quantities kept, in order.
    pub record: Vec<Quantity>,
    /// What each point solves.
    pub kind: Kind,
    /// N, the same at every point.
    pub regions: usize,
    /// SHA-256 (hex) of the agglo version and the resolved config (with `[sweep]`): equal
    /// for every shard of a sweep.
    pub config_hash: String,
}

/// Checks `[sweep]` against the resolved configuration; errors name the key.
pub fn sweep(spec: &RunSpec) -> Result<SweepSpec> {
    checked(spec).map_err(|e| super::with_origin(e, &spec.origin))
}

fn raw_sweep(spec: &RunSpec) -> Result<RawSweep> {
    match spec.table.get("sweep") {
        None => Ok(RawSweep::default()),
        Some(v) => v
            .clone()
            .try_into()
            .map_err(|e| Error::Config(messages::type_error(&spec.origin, "sweep", None, &e))),
    }
}

fn checked(spec: &RunSpec) -> Result<SweepSpec> {
    let raw = raw_sweep(spec)?;
    // Before any axis is expanded: a 1e9-step axis must be refused, not allocated.
    super::budget::require_sweep_design(&raw)?;
    let design = match raw.design.as_str() {
        "grid" => {
            if let Some(p) = raw.points {
                return Err(Error::invalid(
                    "sweep.points",
                    p,
                    "a grid has as many points as combinations of its axes' values: drop sweep.points",
                ));
            }
            Design::Grid
        }
        "latin-hypercube" | "sobol" => {
            let points = raw.points.ok_or_else(|| {
                Error::Config(format!(
                    "sweep.points is missing: a {} design needs the number of points",
                    raw.design
                ))
            })?;
            if raw.design == "sobol" {
                Design::Sobol { points, seed: raw.seed }
            } else {
                Design::LatinHypercube { points, seed: raw.seed }
            }
        }
        other => {
            return Err(Error::invalid(
                "sweep.design",
                format!("\"{other}\""),
                "one of \"grid\", \"latin-hypercube\", \"sobol\"",
            ))
        }
    };
    let axes = raw
        .axis
        .iter()
        .enumerate()
        .map(|(i, a)| axis(i, a, spec))
        .collect::<Result<Vec<_>>>()?;
    for (i, (a, r)) in axes.iter().zip(&raw.axis).enumerate() {
        if spec.tree.numeric(&a.key) == Some(true) {
            match &a.values {
                AxisValues::List(v) if v.iter().all(|x| x.fract() == 0.0) => {}
                AxisValues::Range { from, to, steps: Some(steps), scale: Scale::Linear }
                    if a.grid_values().iter().all(|x| x.fract() == 0.0) && *steps >= 1 && from.fract() == 0.0 && to.fract() == 0.0 => {}
                _ => {
                    return Err(Error::invalid(
                        format!("sweep.axis[{}]", i + 1),
                        format!("key \"{}\"", r.key),
                        "holds a whole number: give whole values (a list, or a linear grid range hitting whole numbers only)",
                    ))
                }
            }
        }
    }
    let plan = Plan::new(axes, design)?;
    let kind = match (
        spec.model.city().is_some(),
        spec.model.spatial().is_some(),
        spec.horizon,
    ) {
        _ if spec.model.commuting().is_some() => Kind::Commuting,
        (true, _, _) => Kind::City,
        (_, true, _) => Kind::Spatial,
        (_, false, Horizon::LongRun) => Kind::LongRun,
        (_, false, Horizon::ShortRun) => Kind::ShortRun,
    };
    let mut record = Vec::new();
    for (i, name) in raw.record.iter().enumerate() {
        let q = Quantity::parse_for(name, kind).ok_or_else(|| {
            Error::invalid(
                format!("sweep.record[{}]", i + 1),
                format!("\"{name}\""),
                format!(
                    "for a {} {} model, one of {}",
                    kind.name(),
                    spec.model.kind(),
                    Quantity::names_for(kind)
                ),
            )
        })?;
        if matches!(q, Quantity::Commuting(s) if s.needs_shock()) && !spec.table.contains_key("counterfactual") {
            return Err(Error::invalid(
                format!("sweep.record[{}]", i + 1),
                format!("\"{name}\""),
                "needs a [counterfactual] table: the shock solved at each point",
            ));
        }
        if record.contains(&q) {
            return Err(Error::invalid(
                format!("sweep.record[{}]", i + 1),
                format!("\"{name}\""),
                "each quantity once",
            ));
        }
        record.push(q);
    }
    if record.is_empty() {
        record = Quantity::defaults(kind);
    }
    let hashed = format!("agglo {}\n{}", env!("CARGO_PKG_VERSION"), spec.resolved_toml);
    let config_hash = format!("{:x}", Sha256::digest(hashed.as_bytes()));
    Ok(SweepSpec {
        plan,
        record,
        kind,
        // A city's locations are its blocks, a commuting model's its locations.
        regions: match (spec.model.city(), spec.model.commuting()) {
            (Some(c), _) => c.blocks(),
            (None, Some(m)) => m.locations(),
            (None, None) => spec.geography.len(),
        },
        config_hash,
    })
}

/// The `[counterfactual]` of a commuting model, when given (the same shock at every point).
pub(super) fn shock(spec: &RunSpec) -> Result<Option<Arc<MrrhShock>>> {
    match spec.model.commuting() {
        Some(m) if spec.table.contains_key("counterfactual") => {
            Ok(Some(Arc::new(super::mrrh::counterfactual(spec, m.data())?.0)))
        }
        _ => Ok(None),
    }
}

/// The name of `key` when it is a factor of a commuting model's `[counterfactual]` that the
/// config gives (a sweep may vary it: the shock solved at each point).
fn shock_factor<'k>(spec: &RunSpec, key: &'k str) -> Option<&'k str> {
    let name = key.strip_prefix("counterfactual.")?;
    let given = spec
        .table
        .get("counterfactual")
        .and_then(|t| t.as_table())
        .is_some_and(|t| t.contains_key(name));
    (spec.model.commuting().is_some() && super::mrrh::SWEEPABLE_FACTORS.contains(&name) && given).then_some(name)
}

/// One `[[sweep.axis]]`, its key checked against the resolved config.
fn axis(i: usize, a: &RawAxis, spec: &RunSpec) -> Result<Axis> {
    let field = |f: &str| format!("sweep.axis[{}].{f}", i + 1);
    let key = a.key.trim().replace('_', "-");
    let section = key.split('.').next().unwrap_or("");
    let numeric = spec.tree.numeric(&key).is_some();
    if !(SWEEPABLE.contains(&section) && numeric) && shock_factor(spec, &key).is_none() {
        return Err(Error::invalid(
            field("key"),
            format!("\"{}\"", a.key),
            "must be the dotted key of a numeric setting of [model], [geography], [solver] or [solve] in this config, e.g. \"geography.trade-cost\" or \"model.mu\" (or, for an MRRH model, a factor its [counterfactual] gives: \"counterfactual.commuting-cost-factor\")",
        ));
    }
    let scale = match a.scale.as_deref() {
        None | Some("linear") => Scale::Linear,
        Some("log") => Scale::Log,
        Some(other) => {
            return Err(Error::invalid(
                field("scale"),
                format!("\"{other}\""),
                "one of \"linear\", \"log\"",
            ))
        }
    };
    let values = match (&a.values, a.from, a.to) {
        (Some(v), None, None) if a.steps.is_none() && a.scale.is_none() => AxisValues::List(v.clone()),
        (None, Some(from), Some(to)) => AxisValues::Range {
            from,
            to,
            scale,
            steps: a.steps,
        },
        _ => {
            return Err(Error::Config(
                format!(
                    "{} ({key}): give either values = [...] or from and to (with steps on a grid, scale optional)",
                    field("")
                )
                .replace(". (", " ("),
            ))
        }
    };
    Ok(Axis { key, values })
}

/// The model at a point: the typed configuration with the swept keys set to the point's
/// values ([`Family`]); what no swept key touches (geography, solver settings) is kept.
pub struct PointFamily {
    family: Family,
    solver: Option<SolverSettings>,
    solve: Option<(Horizon, SearchOptions)>,
    regions: usize,
    /// A commuting model's `[counterfactual]`, solved at each point.
    shock: Option<Arc<MrrhShock>>,
    /// Every axis's key, in order.
    keys: Vec<String>,
    /// The axes of the model's family (indices), and those of `[counterfactual]` factors
    /// (index, factor name) with the run they rebuild the shock from.
    model_axes: Vec<usize>,
    shock_axes: Vec<(usize, String)>,
    run: Option<Arc<RunSpec>>,
}

impl PointFamily {
    /// The family of `spec` over the keys of `plan`; checks the model at the first and last
    /// point and at each axis's ends (errors name the key and the value).
    pub fn new(spec: &RunSpec, sweep: &SweepSpec) -> Result<PointFamily> {
        let keys: Vec<String> = sweep.plan.axes.iter().map(|a| a.key.clone()).collect();
        let touches = |section: &str| keys.iter().any(|k| k.starts_with(&format!("{section}.")));
        let shock_axes: Vec<(usize, String)> = keys
            .iter()
            .enumerate()
            .filter_map(|(q, k)| shock_factor(spec, k).map(|name| (q, name.to_string())))
            .collect();
        let model_axes: Vec<usize> = (0..keys.len())
            .filter(|q| shock_axes.iter().all(|(s, _)| s != q))
            .collect();
        let model_keys: Vec<String> = model_axes.iter().map(|&q| keys[q].clone()).collect();
        let family = PointFamily {
            solver: (!touches("solver")).then_some(spec.solver),
            solve: (!touches("solve")).then(|| (spec.horizon, spec.search.clone())),
            family: Family::new(spec, &model_keys).map_err(|e| super::with_origin(e, &spec.origin))?,
            regions: sweep.regions,
            shock: shock(spec)?,
            run: (!shock_axes.is_empty()).then(|| Arc::new(spec.clone())),
            keys,
            model_axes,
            shock_axes,
        };
        family.check(sweep).map_err(|e| super::with_origin(e, &spec.origin))?;
        Ok(family)
    }

    fn check(&self, sweep: &SweepSpec) -> Result<()> {
        let plan = &sweep.plan;
        let mut probes = vec![plan.point(0), plan.point(plan.len() - 1)];
        for (q, axis) in plan.axes.iter().enumerate() {
            let ends = match &axis.values {
                AxisValues::List(v) => v
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(*x), b.max(*x))),
                AxisValues::Range { from, to, .. } => (*from, *to),
            };
            for end in [ends.0, ends.1] {
                let mut p = plan.point(0);
                p[q] = end;
                probes.push(p);
            }
        }
        for p in probes {
            let describe = || {
                self.keys
                    .iter()
                    .zip(&p)
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let setup = self
                .at(&p)
                .map_err(|e| Error::Config(format!("[sweep] at ({}): {e}", describe())))?;
            if setup.regions() != self.regions {
                return Err(Error::Config(format!(
                    "[sweep] at ({}): {} regions instead of {}: every point of a sweep needs the same number of regions",
                    describe(),
                    setup.regions(),
                    self.regions
                )));
            }
            if setup.kind() != sweep.kind {
                return Err(Error::Config(format!(
                    "[sweep] at ({}): solves {} instead of {}",
                    describe(),
                    setup.kind().name(),
                    sweep.kind.name()
                )));
            }
        }
        Ok(())
    }

    /// The model and settings at `values` (one per axis, in order).
    pub fn at(&self, values: &[f64]) -> Result<PointSetup> {
        let model_values: Vec<f64> = self.model_axes.iter().map(|&q| values[q]).collect();
        let (spec, tree) = self.family.at(&model_values)?;
        let solver = match self.solver {
            Some(s) => s,
            None => solver_settings(&tree.solver)?,
        };
        let (horizon, search) = match &self.solve {
            Some(s) => s.clone(),
            None => solve_options(&tree.solve)?,
        };
        let model = match (spec.city(), spec.spatial_arc()) {
            _ if spec.commuting().is_some() => {
                let model = spec.commuting().expect("checked").clone();
                let shock = match &self.run {
                    Some(run) => {
                        let factors: Vec<(&str, f64)> = self
                            .shock_axes
                            .iter()
                            .map(|(q, name)| (name.as_str(), values[*q]))
                            .collect();
                        Some(Arc::new(
                            super::mrrh::counterfactual_with(run, model.data(), &factors)?.0,
                        ))
                    }
                    None => self.shock.clone(),
                };
                PointModel::Commuting { model, shock }
            }
            (Some(city), _) => PointModel::City(city.clone()),
            (None, Some(model)) => PointModel::Spatial(model),
            (None, None) => {
                let (model, shares) = spec
                    .into_mobile_with_shares()
                    .ok_or_else(|| Error::Config("a sweep needs a mobile-factor or a spatial model".into()))?;
                PointModel::Mobile {
                    model,
                    shares,
                    long_run: horizon == Horizon::LongRun,
                }
            }
        };
        Ok(PointSetup { model, solver, search })
    }
}

#[cfg(test)]
#[path = "sweep_tests.rs"]
mod tests;
