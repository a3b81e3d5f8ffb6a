//! `agglo solve | invert | counterfactual` on a model with the city capability (ARSW,
//! `model.kind = "arsw"`). Every command starts from the fundamentals recovered from the
//! blocks' observed residents, workers and floor prices:
//!
//! - `solve`: recover them, then solve the model from the uniform start (Anderson by
//!   default); reports how far the equilibrium found is from the data.
//! - `invert`: recover them and check the round trip (a forward solve started at the data).
//! - `counterfactual`: the baseline (the data) and the equilibria after the shock (travel
//!   times, productivity, amenities), with and/or without spillovers: welfare and per-block
//!   changes.

use std::path::Path;

use super::stdout::println;
use crate::config::{self, RunSpec};
use crate::model::arsw::{ArswCity, ArswEquilibrium, CityModel, Inversion};
use crate::output::{self, BlockLayout, OutputFile, RunInfo};

/// The fundamentals recovered from the data, and the city with them.
fn recover(spec: &RunSpec, model: &CityModel) -> anyhow::Result<(std::sync::Arc<Inversion>, ArswCity)> {
    let (inv, city) = model.recovered(&spec.solver)?;
    println(&format!(
        "inversion: wages from commuting-market clearing in {} iterations (residual {:.1e})",
        inv.stats.iterations, inv.stats.residual
    ))?;
    Ok((inv, city))
}

/// The forward solve started at the data, at the inversion's tolerance: the round trip.
fn round_trip(
    spec: &RunSpec,
    model: &CityModel,
    inv: &Inversion,
    city: &ArswCity,
) -> anyhow::Result<(ArswEquilibrium, f64)> {
    let start = inv.as_start(model.data().observed());
    let e = city.solve(Some(&start), &spec.solver.for_inversion())?;
    let error = ArswCity::max_relative_difference(&e, &start);
    Ok((e, error))
}

/// Where the blocks are, for `/geography`.
pub fn layout<'a>(model: &'a CityModel, area: &'a [f64]) -> BlockLayout<'a> {
    let blocks = model.data().blocks();
    BlockLayout {
        kind: blocks.layout,
        ids: &blocks.ids,
        coordinates: &blocks.coordinates,
        area,
    }
}

fn create(
    spec: &RunSpec,
    model: &CityModel,
    out: &Path,
    command_line: &str,
    city: &ArswCity,
) -> anyhow::Result<OutputFile> {
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    let file = OutputFile::create(out, &info)?;
    file.write_city(
        &layout(model, city.area()),
        city.closure(),
        city.fundamentals(),
        model.data().observed(),
    )?;
    Ok(file)
}

fn describe(label: &str, e: &ArswEquilibrium) -> String {
    format!(
        "{label}: utility {:.10}, population {:.6}; {} iterations, residual {:.2e} ({}), {:.3} s",
        e.utility, e.population, e.stats.iterations, e.stats.residual, e.stats.solver, e.stats.seconds
    )
}

/// GDP, land rent and commuting time of an equilibrium, in words.
fn aggregates(o: &crate::model::arsw::CityOutcomes) -> String {
    format!(
        "  GDP {:.6e}, land rent {:.6e}, mean floor price {:.6e}, mean commute {:.4} min",
        o.gdp, o.land_rent, o.mean_floor_price, o.commuting_time
    )
}

pub fn solve(spec: &RunSpec, model: &CityModel, out: &Path, command_line: &str) -> anyhow::Result<()> {
    output::check_writable(out)?;
    println(&super::report::heading(spec))?;
    let (inv, city) = recover(spec, model)?;
    let e = city.solve(None, &spec.solver)?;
    let data_error = ArswCity::max_relative_difference(&e, &inv.as_start(model.data().observed()));
    println(&describe("equilibrium from the uniform start", &e))?;
    let outcomes = city.outcomes(&e);
    println(&aggregates(&outcomes))?;
    println(&format!(
        "max relative distance from the data: {data_error:.2e}{}",
        if data_error < 1e-6 {
            " (the data's equilibrium)"
        } else {
            " (another equilibrium: spillovers allow several)"
        }
    ))?;
    let file = create(spec, model, out, command_line, &city)?;
    file.write_city_equilibrium(&e, &outcomes, data_error)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

pub fn invert(spec: &RunSpec, model: &CityModel, out: &Path, command_line: &str) -> anyhow::Result<()> {
    output::check_writable(out)?;
    println(&super::report::heading(spec))?;
    let (inv, city) = recover(spec, model)?;
    let (e, error) = round_trip(spec, model, &inv, &city)?;
    println(&format!(
        "round trip: a solve with the recovered fundamentals started at the data stays there to {error:.2e} (relative), {} iterations",
        e.stats.iterations
    ))?;
    let f = city.fundamentals();
    let range = |v: &[f64]| {
        let (lo, hi) = v
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(*x), b.max(*x)));
        format!("[{lo:.6e}, {hi:.6e}]")
    };
    println(&format!(
        "fundamentals: productivity a in {}, amenity b in {}, floor space L in {}",
        range(&f.productivity),
        range(&f.amenity),
        range(&f.floor_space)
    ))?;
    let (producing, residential) = city.uses();
    let only = |u: &[bool]| u.iter().filter(|x| !**x).count();
    if only(&producing) + only(&residential) > 0 {
        println(&format!(
            "blocks: {} residential only (a = 0), {} commercial only (b = 0)",
            only(&producing),
            only(&residential)
        ))?;
    }
    let file = create(spec, model, out, command_line, &city)?;
    file.write_city_inversion(error)?;
    file.write_city_equilibrium(&e, &city.outcomes(&e), error)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

pub fn counterfactual(spec: &RunSpec, model: &CityModel, out: &Path, command_line: &str) -> anyhow::Result<()> {
    if !spec.table.contains_key("counterfactual") {
        anyhow::bail!(
            "{}: agglo counterfactual needs a [counterfactual] table (a corridor, travel-time-factors, productivity or amenity)",
            spec.origin
        );
    }
    let shock = config::city::counterfactual(spec, model)?;
    output::check_writable(out)?;
    println(&super::report::heading(spec))?;
    println(&format!("shock: {}", shock.description))?;
    let (inv, city) = recover(spec, model)?;
    let (baseline, error) = round_trip(spec, model, &inv, &city)?;
    println(&format!("baseline: the data (round trip {error:.2e})"))?;
    let mut results = Vec::new();
    for s in &shock.spillovers {
        let r = city.counterfactual_with(&baseline, &shock.shock, *s, &spec.solver)?;
        println(&describe(s.name(), &r.equilibrium))?;
        let (lo, hi) = r
            .residents_change
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(*x), b.max(*x)));
        println(&format!(
            "  welfare ratio U'/U = {:.10}, population ratio {:.10}; residents change in [{lo:.6}, {hi:.6}]",
            r.welfare_ratio, r.population_ratio
        ))?;
        println(&aggregates(&r.outcomes))?;
        results.push(r);
    }
    let file = create(spec, model, out, command_line, &city)?;
    file.write_city_inversion(error)?;
    file.write_city_equilibrium(&baseline, &city.outcomes(&baseline), error)?;
    file.write_city_counterfactual(&shock.description, &results)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}
