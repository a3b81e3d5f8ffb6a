//! `agglo solve | invert | counterfactual | check` on an ARSW city (`model.kind = "arsw"`,
//! [`crate::config::arsw`]). Every command starts from the fundamentals recovered from the
//! blocks' observed residents, workers and floor prices:
//!
//! - `solve`: recover them, then solve the model from the uniform start (Anderson by
//!   default); reports how far the equilibrium found is from the data.
//! - `invert`: recover them and check the round trip (a forward solve started at the data).
//! - `counterfactual`: the baseline (the data) and the equilibria after the travel-time
//!   change, with and/or without spillovers: welfare and per-block changes.

use std::path::Path;

use super::stdout::println;
use crate::config::arsw::{self, ArswSpec};
use crate::model::arsw::{invert, ArswCity, ArswEquilibrium, Inversion};
use crate::output::{self, BlockLayout, OutputFile, RunInfo};

fn heading(spec: &ArswSpec) -> String {
    format!(
        "{}; solver {}, tolerance {:.0e}",
        spec.description,
        spec.solver.method.name(),
        spec.solver.tolerance.residual
    )
}

/// The fundamentals recovered from the data, and the city with them.
fn recover(spec: &ArswSpec) -> anyhow::Result<(Inversion, ArswCity)> {
    let tight = super::invert::inversion_settings(&spec.solver);
    let inv = invert(&spec.city, &spec.observed, spec.utility, &tight)?;
    let city = spec
        .city
        .with_fundamentals(inv.fundamentals.clone())?
        .with_closure(inv.closure)?;
    println(&format!(
        "inversion: wages from commuting-market clearing in {} iterations (residual {:.1e})",
        inv.stats.iterations, inv.stats.residual
    ))?;
    Ok((inv, city))
}

/// The forward solve started at the data, at the inversion's tolerance: the round trip.
fn round_trip(spec: &ArswSpec, inv: &Inversion, city: &ArswCity) -> anyhow::Result<(ArswEquilibrium, f64)> {
    let start = inv.as_start(&spec.observed);
    let e = city.solve(Some(&start), &super::invert::inversion_settings(&spec.solver))?;
    let error = ArswCity::max_relative_difference(&e, &start);
    Ok((e, error))
}

fn create(spec: &ArswSpec, out: &Path, command_line: &str, city: &ArswCity) -> anyhow::Result<OutputFile> {
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    let file = OutputFile::create(out, &info)?;
    let layout = BlockLayout {
        kind: spec.layout,
        ids: &spec.ids,
        coordinates: &spec.coordinates,
        area: city.area(),
    };
    file.write_city(&layout, city.closure(), city.fundamentals(), &spec.observed)?;
    Ok(file)
}

fn describe(label: &str, e: &ArswEquilibrium) -> String {
    format!(
        "{label}: utility {:.10}, population {:.6}; {} iterations, residual {:.2e} ({}), {:.3} s",
        e.utility, e.population, e.stats.iterations, e.stats.residual, e.stats.solver, e.stats.seconds
    )
}

pub fn solve(spec: &ArswSpec, out: &Path, command_line: &str) -> anyhow::Result<()> {
    output::check_writable(out)?;
    println(&heading(spec))?;
    let (inv, city) = recover(spec)?;
    let e = city.solve(None, &spec.solver)?;
    let data_error = ArswCity::max_relative_difference(&e, &inv.as_start(&spec.observed));
    println(&describe("equilibrium from the uniform start", &e))?;
    println(&format!(
        "max relative distance from the data: {data_error:.2e}{}",
        if data_error < 1e-6 {
            " (the data's equilibrium)"
        } else {
            " (another equilibrium: spillovers allow several)"
        }
    ))?;
    let file = create(spec, out, command_line, &city)?;
    file.write_city_equilibrium(&e, data_error)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

pub fn invert_city(spec: &ArswSpec, out: &Path, command_line: &str) -> anyhow::Result<()> {
    output::check_writable(out)?;
    println(&heading(spec))?;
    let (inv, city) = recover(spec)?;
    let (e, error) = round_trip(spec, &inv, &city)?;
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
    let file = create(spec, out, command_line, &city)?;
    file.write_city_inversion(error)?;
    file.write_city_equilibrium(&e, error)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

pub fn counterfactual(spec: &ArswSpec, out: &Path, command_line: &str) -> anyhow::Result<()> {
    if spec.counterfactual.is_empty() {
        anyhow::bail!(
            "{}: agglo counterfactual needs a [counterfactual] table (a corridor or travel-time-factors)",
            spec.origin
        );
    }
    let shock = arsw::counterfactual(spec)?;
    output::check_writable(out)?;
    println(&heading(spec))?;
    println(&format!("shock: {}", shock.description))?;
    let (inv, city) = recover(spec)?;
    let (baseline, error) = round_trip(spec, &inv, &city)?;
    println(&format!("baseline: the data (round trip {error:.2e})"))?;
    let mut results = Vec::new();
    for s in &shock.spillovers {
        let r = city.counterfactual(&baseline, shock.travel.clone(), *s, &spec.solver)?;
        println(&describe(s.name(), &r.equilibrium))?;
        let (lo, hi) = r
            .residents_change
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(*x), b.max(*x)));
        println(&format!(
            "  welfare ratio U'/U = {:.10}, population ratio {:.10}; residents change in [{lo:.6}, {hi:.6}]",
            r.welfare_ratio, r.population_ratio
        ))?;
        results.push(r);
    }
    let file = create(spec, out, command_line, &city)?;
    file.write_city_inversion(error)?;
    file.write_city_equilibrium(&baseline, error)?;
    file.write_city_counterfactual(&shock.description, &results)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

/// `agglo check`: the config, the files it names and its `[counterfactual]`.
pub fn check(spec: &ArswSpec) -> anyhow::Result<()> {
    if !spec.counterfactual.is_empty() {
        arsw::counterfactual(spec)?;
    }
    println(&format!("{}: ok ({})", spec.origin, spec.description))?;
    Ok(())
}
