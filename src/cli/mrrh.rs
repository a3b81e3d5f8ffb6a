//! `agglo solve | invert | counterfactual` on a model with the commuting capability (MRRH,
//! `model.kind = "mrrh"`). Every command starts from the fundamentals recovered from the
//! observed workers, residents, wages and (optionally) commuting flows:
//!
//! - `solve` and `invert`: recover them and solve the model from w = P = 1; the round trip
//!   is the largest relative error of workers, residents and wages against the data;
//! - `counterfactual`: then the equilibrium after `[counterfactual]`'s shock twice, in levels
//!   (shocked fundamentals, solved again) and by exact hat algebra, with the welfare change
//!   and how far apart the two are.

use std::path::Path;

use super::stdout::println;
use crate::config::{self, RunSpec};
use crate::model::mrrh::{Mrrh, MrrhData, MrrhEquilibrium};
use crate::output::{self, OutputFile, RunInfo};

fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x / y - 1.0).abs()).fold(0.0, f64::max)
}

/// The largest relative difference of two equilibria (wages, workers, residents, prices, welfare).
fn difference(a: &MrrhEquilibrium, b: &MrrhEquilibrium) -> f64 {
    [
        max_rel(&a.wage, &b.wage),
        max_rel(&a.workers, &b.workers),
        max_rel(&a.residents, &b.residents),
        max_rel(&a.price, &b.price),
        (a.welfare / b.welfare - 1.0).abs(),
    ]
    .into_iter()
    .fold(0.0, f64::max)
}

fn describe(label: &str, e: &MrrhEquilibrium) -> String {
    format!(
        "{label}: welfare {:.10}; {} iterations, residual {:.2e} ({}), {:.3} s",
        e.welfare, e.stats.iterations, e.stats.residual, e.stats.solver, e.stats.seconds
    )
}

/// The recovered model, its equilibrium and the round-trip error against the data.
fn baseline(spec: &RunSpec, data: &MrrhData) -> anyhow::Result<(Mrrh, MrrhEquilibrium, f64)> {
    let settings = spec.solver.for_inversion();
    let model = data.invert(&settings)?;
    println(&format!(
        "inversion: {} locations, commuting {}",
        data.len(),
        if data.has_flows() {
            "flows observed"
        } else {
            "shares from commuting costs (Algorithm 1)"
        }
    ))?;
    let e = model.solve(&settings)?;
    let o = &data.observed;
    let error = [
        max_rel(&e.workers, &o.workers),
        max_rel(&e.residents, &o.residents),
        max_rel(&e.wage, &data.normalised_wage()),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    println(&describe("equilibrium with the recovered fundamentals", &e))?;
    println(&format!(
        "round trip: workers, residents and wages back to {error:.2e} (max relative error)"
    ))?;
    Ok((model, e, error))
}

fn create(spec: &RunSpec, out: &Path, command_line: &str) -> anyhow::Result<OutputFile> {
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    Ok(OutputFile::create(out, &info)?)
}

/// `solve` and `invert`: the baseline, written to `out`.
pub fn invert(spec: &RunSpec, data: &MrrhData, out: &Path, command_line: &str) -> anyhow::Result<()> {
    output::check_writable(out)?;
    println(&super::report::heading(spec))?;
    let (model, e, error) = baseline(spec, data)?;
    let (lo, hi) = model
        .productivity
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(*x), b.max(*x)));
    println(&format!("fundamentals: productivity A in [{lo:.6e}, {hi:.6e}]"))?;
    let file = create(spec, out, command_line)?;
    file.write_mrrh(data, &model, &e, Some(error))?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

pub fn counterfactual(spec: &RunSpec, data: &MrrhData, out: &Path, command_line: &str) -> anyhow::Result<()> {
    if !spec.table.contains_key("counterfactual") {
        anyhow::bail!(
            "{}: agglo counterfactual needs a [counterfactual] table (commuting-cost-factor, trade-cost-factor, own-trade-cost-factor, productivity-location and productivity-factor)",
            spec.origin
        );
    }
    let (shock, description) = config::mrrh::counterfactual(spec, data)?;
    output::check_writable(out)?;
    println(&super::report::heading(spec))?;
    println(&format!("shock: {description}"))?;
    let (model, base, error) = baseline(spec, data)?;
    let settings = spec.solver.for_inversion();
    let levels = model.shocked(&shock)?.solve(&settings)?;
    println(&describe("levels (shocked fundamentals, solved again)", &levels))?;
    let hat = model.hat_algebra(&base, &shock, &settings)?;
    println(&describe("exact hat algebra", &hat))?;
    let gap = difference(&levels, &hat);
    let ratio = levels.welfare / base.welfare;
    println(&format!(
        "welfare change: {:+.6}% (U'/U = {ratio:.12}); levels vs hat algebra: max relative difference {gap:.2e}",
        100.0 * (ratio - 1.0)
    ))?;
    let file = create(spec, out, command_line)?;
    file.write_mrrh(data, &model, &base, Some(error))?;
    file.write_mrrh_counterfactual(&description, ratio, gap, &levels, &hat)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}
