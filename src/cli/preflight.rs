//! What each command checks before it works, in one place: the command calls its function
//! here first, and `agglo check` calls the same functions (every one whose table the config
//! has, and `solve`'s always), so `check` accepts exactly what the commands accept. Nothing
//! here writes a file; the memory budget ([`crate::config::budget`]) is checked here too.

use crate::config::{self, Bifurcation, Horizon, ModelFamily, PointFamily, RunSpec, SweepSpec, WiggleSpec};
use crate::error::{Error, Result};
use crate::model::SpatialModel;

/// `agglo solve`: the long run's dense matrices (in the long run) and the starts.
pub fn solve(spec: &RunSpec) -> Result<()> {
    if spec.model.industries().is_some() {
        return industries(spec);
    }
    config::ranges::representable(spec)?;
    config::budget::require_run(spec, spec.horizon == Horizon::LongRun, 1)
}

/// `agglo bifurcate`: `[bifurcate]`, the parameter's family and valid models at both ends of
/// the range (errors name the key and the value), the long run's memory.
pub fn bifurcate(spec: &RunSpec) -> Result<(Bifurcation, ModelFamily)> {
    if spec.model.city().is_some() {
        return Err(Error::Config(format!(
            "{}: agglo bifurcate traces mobile-factor and spatial models; model.kind = \"{}\" is a city (it runs with solve, invert, counterfactual, sweep, calibrate and check)",
            spec.origin,
            spec.model.kind()
        )));
    }
    if spec.model.industries().is_some() {
        industries(spec)?;
    } else {
        config::ranges::representable(spec)?;
    }
    let bifurcation = config::bifurcation(spec)?;
    config::budget::require_continuation(spec)?;
    let family = ModelFamily::new(spec, &bifurcation.parameter)?;
    let spatial = spec.model.spatial().is_some();
    let industries = spec.model.industries().is_some();
    for (end, p) in [("from", bifurcation.options.from), ("to", bifurcation.options.to)] {
        let built = if industries {
            family.industries_at(p).and_then(|m| industries_representable(spec, &m))
        } else if spatial {
            family
                .spatial_at(p)
                .and_then(|m| crate::continuation::spatial::adjustment(m.as_ref()).map(|_| ()))
        } else {
            family.at(p).map(|_| ())
        };
        built.map_err(|e| at_end(e, &format!("bifurcate.{end}"), p, &bifurcation.parameter))?;
    }
    Ok((bifurcation, family))
}

/// An error of the model built at one end of a range, naming the end's key too.
fn at_end(e: Error, end_key: &str, p: f64, parameter: &str) -> Error {
    match e {
        Error::InvalidParameter { key, value, allowed } => Error::InvalidParameter {
            key: format!("{end_key} (sets {key})"),
            value,
            allowed: format!("{allowed} ({parameter} = {p} at {end_key})"),
        },
        other => other,
    }
}

/// `agglo wiggle`: two regions, a mobile-factor model, `[wiggle]`, and a valid model at every
/// value of the parameter.
pub fn wiggle(spec: &RunSpec) -> Result<(WiggleSpec, ModelFamily)> {
    not_industries(spec, "wiggle")?;
    config::ranges::representable(spec)?;
    if spec.geography.len() != 2 {
        return Err(Error::Config(format!(
            "{}: agglo wiggle needs a two-region geography (geography.kind = \"two-region\"), this one has {} regions",
            spec.origin,
            spec.geography.len()
        )));
    }
    if spec.model.mobile().is_none() {
        return Err(Error::Config(format!(
            "{}: agglo wiggle needs a model with a mobile factor (core-periphery, footloose-entrepreneur), not {}",
            spec.origin,
            spec.model.kind()
        )));
    }
    let w = config::wiggle(spec)?;
    let family = ModelFamily::new(spec, &w.parameter)?;
    for (i, &p) in w.options.values.iter().enumerate() {
        family
            .at(p)
            .map_err(|e| at_end(e, &format!("wiggle.values[{}]", i + 1), p, &w.parameter))?;
    }
    Ok((w, family))
}

/// `agglo sweep`: `[sweep]` (its design within the budget before it is built), the point
/// family, and the memory of one solve per thread.
pub fn sweep(spec: &RunSpec) -> Result<(SweepSpec, PointFamily)> {
    not_industries(spec, "sweep")?;
    let sweep = config::sweep(spec)?;
    let long_run = sweep.kind == crate::sweep::Kind::LongRun;
    config::budget::require_run(spec, long_run, rayon::current_num_threads())?;
    let family = PointFamily::new(spec, &sweep)?;
    Ok((sweep, family))
}

/// The spatial model of a command that needs one (`invert`, `counterfactual`).
pub fn spatial_model<'a>(spec: &'a RunSpec, command: &str) -> Result<&'a dyn SpatialModel> {
    spec.model.spatial().ok_or_else(|| {
        Error::Config(format!(
            "{}: agglo {command} needs a spatial model: model.kind = \"allen-arkolakis\" or \"helpman\" (this config has \"{}\")",
            spec.origin,
            spec.model.kind()
        ))
    })
}

/// `agglo invert`: a spatial model and `[invert]`'s observed data.
pub fn invert(spec: &RunSpec) -> Result<(&dyn SpatialModel, config::workflow::Observed)> {
    not_industries(spec, "invert")?;
    config::ranges::representable(spec)?;
    let model = spatial_model(spec, "invert")?;
    config::budget::require_run(spec, false, 1)?;
    Ok((model, config::workflow::observed(spec)?))
}

/// `agglo counterfactual` on a city: its `[counterfactual]` (the shock's keys and files).
pub fn city_counterfactual(spec: &RunSpec) -> Result<()> {
    match spec.model.city() {
        Some(city) => config::city::counterfactual(spec, city).map(|_| ()),
        None => Ok(()),
    }
}

/// `agglo counterfactual`: a spatial model, `[counterfactual]`, and the observed data when the
/// baseline is recovered from them.
pub fn counterfactual(spec: &RunSpec) -> Result<(&dyn SpatialModel, config::workflow::Counterfactual)> {
    not_industries(spec, "counterfactual")?;
    config::ranges::representable(spec)?;
    let model = spatial_model(spec, "counterfactual")?;
    config::budget::require_run(spec, false, 1)?;
    let counterfactual = config::workflow::counterfactual(spec)?;
    if counterfactual.baseline == config::workflow::Baseline::Data {
        config::workflow::observed(spec)?;
    }
    Ok((model, counterfactual))
}

/// `agglo calibrate`: `[calibrate]` and the memory of one solve per thread.
pub fn calibrate(spec: &RunSpec) -> Result<config::calibrate::CalibrationSpec> {
    not_industries(spec, "calibrate")?;
    config::ranges::representable(spec)?;
    let cal = config::calibrate::calibration(spec)?;
    config::budget::require_run(spec, spec.horizon == Horizon::LongRun, rayon::current_num_threads())?;
    Ok(cal)
}

/// A several-industry model (Puga–Venables, `solve` and `bifurcate` only): every industry's
/// freeness representable, and the memory of its dense matrices (the entry Jacobian on up
/// to J N cells, each industry's N x N fixed point and the wages' Jacobian).
pub fn industries(spec: &RunSpec) -> Result<()> {
    let Some((model, _)) = spec.model.industries() else {
        return Ok(());
    };
    industries_representable(spec, model)?;
    let cells = (model.industries() * model.regions()) as f64;
    let n = model.regions() as f64;
    let bytes = 8.0 * (3.0 * cells * cells + (model.industries() as f64 + 2.0) * n * n);
    config::budget::require(
        config::budget::regions_key(&spec.table),
        "the several-industry model's dense matrices",
        bytes,
    )
}

/// (sigma_j - 1) ln T_max <= 700 for every industry j, else the key and the range that works.
fn industries_representable(spec: &RunSpec, model: &crate::model::puga_venables::PugaVenables) -> Result<()> {
    let t_max = spec.geography.trade_costs.max_cost();
    for (j, i) in model.params().industries.iter().enumerate() {
        let exponent = (i.sigma - 1.0) * t_max.ln();
        if exponent > config::ranges::MAX_EXPONENT {
            return Err(Error::invalid(
                format!("model.industries[{}].sigma", j + 1),
                i.sigma,
                format!(
                    "(sigma - 1) ln T <= {} (trade costs up to T = {t_max:e}): sigma <= {:.6}",
                    config::ranges::MAX_EXPONENT,
                    1.0 + config::ranges::MAX_EXPONENT / t_max.ln()
                ),
            ));
        }
    }
    Ok(())
}

/// Commands other than `solve`, `bifurcate` and `check` refuse a several-industry model.
pub fn not_industries(spec: &RunSpec, command: &str) -> Result<()> {
    match spec.model.industries() {
        Some(_) => Err(Error::Config(format!(
            "{}: agglo {command} does not run model.kind = \"{}\" (several industries): it runs with solve, bifurcate and check",
            spec.origin,
            spec.model.kind()
        ))),
        None => Ok(()),
    }
}
