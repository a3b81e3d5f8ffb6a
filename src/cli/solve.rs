//! `agglo solve [CONFIG] [-o OUT] [--set ...]`: equilibria (with stability for mobile-factor
//! models), to HDF5.

use std::path::Path;

use super::stdout::{print, println};
use super::{report, ConfigArgs};
use crate::config::{Horizon, RunSpec};
use crate::long_run;
use crate::model::allen_arkolakis::search_equilibria;
use crate::model::SpatialModel;
use crate::output::{self, OutputFile, RunInfo};

/// Seeded starts searched when a spatial model's equilibrium may not be unique.
const MIN_STARTS_WITHOUT_UNIQUENESS: usize = 10;

pub fn run(args: &ConfigArgs, out: &Path, command_line: &str, _quiet: bool) -> anyhow::Result<()> {
    let spec = args.load()?;
    if let Some(city) = spec.model.city() {
        return super::city::solve(&spec, city, out, command_line);
    }
    if let Some(model) = spec.model.commuting() {
        return super::mrrh::invert(&spec, model.data(), out, command_line);
    }
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    super::preflight::solve(&spec)?;
    if spec.model.industries().is_some() {
        return super::industries::solve(&spec, args, out, command_line);
    }
    output::check_writable(out)?;
    println(&report::heading(&spec))?;
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    super::activity::stage("solving");
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography, &args.geography_output(&spec.base_dir))?;
    if let Some(model) = spec.model.spatial() {
        solve_spatial(&spec, model, &file)?;
    } else {
        solve_mobile(&spec, &file)?;
    }
    super::activity::stage("writing the file");
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

fn solve_mobile(spec: &RunSpec, file: &OutputFile) -> anyhow::Result<()> {
    let (Some(model), Some(shares)) = (spec.model.mobile(), spec.model.shares()) else {
        unreachable!("not a spatial model, so a mobile-factor model");
    };
    if let Some((c, condition)) = spec.model.closed_form(&spec.geography) {
        println(&report::closed_form(&c, &condition))?;
        file.write_closed_form(&c)?;
    }
    match spec.horizon {
        Horizon::ShortRun => {
            let (wages, mut stats) = model.solve_short_run(shares, None, &spec.solver)?;
            // Checked again from the state alone (one application of the wage map).
            let check = model.short_run_residual(shares, &wages);
            if !(check <= spec.solver.tolerance.residual) {
                stats.converged = false;
                stats.residual = stats.residual.max(check);
                eprintln!(
                    "warning: the short run does not meet solver.tolerance = {:e}: recomputed residual {check:.2e}",
                    spec.solver.tolerance.residual
                );
            }
            let outcomes = model.outcomes(shares, &wages);
            print(&report::short_run(&spec.geography.ids, shares, &outcomes, &stats))?;
            file.write_short_run(shares, &outcomes, &stats)?;
        }
        Horizon::LongRun => {
            let equilibria = long_run::find_equilibria(model, shares, &spec.solver, &spec.search)?;
            warn_long_run(&equilibria, spec.solver.tolerance.residual);
            print(&report::long_run(&equilibria))?;
            file.write_long_run(&equilibria)?;
        }
    }
    Ok(())
}

/// Warnings on stderr for a continuum and for equilibria that fail the independent check.
fn warn_long_run(equilibria: &[long_run::Equilibrium], tolerance: f64) {
    if long_run::is_continuum(equilibria) {
        eprintln!(
            "warning: a continuum of long-run equilibria (real wages equal to solver.tolerance at every split); \
             the {} listed are points of it, not a count (attribute /equilibria/continuum = 1)",
            equilibria.len()
        );
    }
    for (k, e) in equilibria.iter().enumerate() {
        if !e.stats.converged {
            eprintln!(
                "warning: equilibrium {k} does not meet solver.tolerance = {tolerance:e}: residual {:.2e} \
                 (recomputed from its shares and wages); marked converged = 0",
                e.stats.residual
            );
        }
    }
}

fn solve_spatial(spec: &RunSpec, model: &dyn SpatialModel, file: &OutputFile) -> anyhow::Result<()> {
    let uniqueness = model.uniqueness();
    println(&format!("uniqueness: {}", uniqueness.statement))?;
    let equilibria = if uniqueness.unique {
        vec![model.solve(None, &spec.solver)?]
    } else {
        let starts = spec.search.starts.max(MIN_STARTS_WITHOUT_UNIQUENESS);
        println(&format!("searching {starts} seeded starts (seed {})", spec.search.seed))?;
        search_equilibria(model, starts, spec.search.seed, &spec.solver)?
    };
    print(&report::spatial(&equilibria))?;
    file.write_fundamentals(model.fundamentals())?;
    file.write_spatial(&equilibria, &uniqueness)?;
    Ok(())
}
