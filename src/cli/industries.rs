//! `agglo solve | bifurcate` on a model with the industries capability (several industries,
//! `model.kind = "puga-venables"`; docs/puga-venables.md):
//!
//! - `solve`: the long-run equilibrium the entry dynamics reach from `model.shares`, with
//!   its stability, written as a path of one point;
//! - `bifurcate`: the equilibria along `[bifurcate]`'s parameter on a grid of step
//!   `bifurcate.step` x |to - from|, each reached from the one before, and every change of
//!   the occupied cells located by bisection (bracket 1e-10 x max(1, |p|)).

use std::path::Path;
use std::time::Instant;

use super::stdout::println;
use super::ConfigArgs;
use crate::config::{Bifurcation, ModelFamily, RunSpec};
use crate::model::puga_venables::{path, EntryOptions, Equilibrium, IndustryPath, PathOptions, PugaVenables};
use crate::output::{self, OutputFile, RunInfo};

/// Bracket width of step points, relative to max(1, |p|).
const STEP_TOLERANCE: f64 = 1e-10;

fn create(spec: &RunSpec, args: &ConfigArgs, out: &Path, command_line: &str) -> anyhow::Result<OutputFile> {
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography, &args.geography_output(&spec.base_dir))?;
    Ok(file)
}

/// One line per region: its wage and each industry's firms.
fn describe(model: &PugaVenables, ids: &[String], e: &Equilibrium) -> String {
    let r = model.regions();
    let mut lines = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let firms: Vec<String> = (0..model.industries())
            .map(|j| format!("{:.6}", e.firms[j * r + k]))
            .collect();
        lines.push(format!(
            "  {id}: wage {:.6}, firms by industry [{}]",
            e.wage[k],
            firms.join(", ")
        ));
    }
    let eigenvalues: Vec<String> = e
        .eigenvalues
        .iter()
        .map(|(re, im)| format!("{re:.4e}{im:+.1e}i"))
        .collect();
    lines.push(format!(
        "  {} (n_unstable {}), max |profit| on occupied cells {:.1e}\n  eigenvalues (occupied cells, then entry of empty cells): {}",
        if e.n_unstable == 0 { "stable" } else { "unstable" },
        e.n_unstable,
        e.residual,
        eigenvalues.join(", ")
    ));
    lines.join("\n")
}

pub fn solve(spec: &RunSpec, args: &ConfigArgs, out: &Path, command_line: &str) -> anyhow::Result<()> {
    let Some((model, shares)) = spec.model.industries() else {
        unreachable!("called for the industries capability");
    };
    output::check_writable(out)?;
    println(&super::report::heading(spec))?;
    let e = model.settle(&model.start(shares), &EntryOptions::default())?;
    println(&format!(
        "long-run equilibrium reached from model.shares:\n{}",
        describe(model, &spec.geography.ids, &e)
    ))?;
    let path = IndustryPath {
        parameter: vec![model.params().growth],
        equilibria: vec![e],
        steps: Vec::new(),
    };
    let file = create(spec, args, out, command_line)?;
    file.write_industries(model, "model.growth", &path)?;
    let written = file.finish()?;
    println(&format!("wrote {}", written.display()))?;
    Ok(())
}

pub fn bifurcate(
    spec: &RunSpec,
    args: &ConfigArgs,
    bifurcation: &Bifurcation,
    family: &ModelFamily,
    out: &Path,
    command_line: &str,
) -> anyhow::Result<()> {
    let Some((model, shares)) = spec.model.industries() else {
        unreachable!("called for the industries capability");
    };
    output::check_writable(out)?;
    println(&super::report::heading(spec))?;
    let o = &bifurcation.options;
    let points = (1.0 / o.initial_step).round() as usize + 1;
    println(&format!(
        "equilibria along {} from {} to {} ({points} grid values), step points located to {STEP_TOLERANCE:e} x max(1, |p|)",
        bifurcation.parameter, o.from, o.to
    ))?;
    let clock = Instant::now();
    super::activity::stage(&format!("tracing equilibria along {}", bifurcation.parameter));
    let first = family.industries_at(o.from)?;
    let at = |p: f64| family.industries_at(p);
    let options = PathOptions {
        from: o.from,
        to: o.to,
        points,
        tolerance: STEP_TOLERANCE,
        entry: EntryOptions::default(),
    };
    let traced = path::trace(&at, &first.start(shares), &options)?;
    let ids = &spec.geography.ids;
    for t in &traced.steps {
        println(&format!(
            "{} of industry {} in {} at {} = {:.10} (bracket [{:.12}, {:.12}]; {} {:.3e} -> {:.3e})",
            t.kind.name(),
            t.industry + 1,
            ids[t.region],
            bifurcation.parameter,
            t.parameter,
            t.bracket_low,
            t.bracket_high,
            match t.kind {
                path::StepKind::Entry => "its profit",
                path::StepKind::Exit | path::StepKind::Displaced => "its share",
            },
            t.value_low,
            t.value_high
        ))?;
    }
    let unstable = traced.equilibria.iter().filter(|e| e.n_unstable > 0).count();
    println(&format!(
        "{} equilibria ({unstable} unstable), {} special points (located entries, exits, displacements) in {:.2} s",
        traced.equilibria.len(),
        traced.steps.len(),
        clock.elapsed().as_secs_f64()
    ))?;
    super::activity::stage("writing the file");
    let file = create(spec, args, out, command_line)?;
    file.write_industries(model, &bifurcation.parameter, &traced)?;
    let written = file.finish()?;
    println(&format!("wrote {}", written.display()))?;
    Ok(())
}
