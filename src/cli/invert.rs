//! `agglo invert [CONFIG] [-o OUT]`: fundamentals recovered from observed population and
//! wages (`[invert]`), checked by solving the model forward with them.

use std::path::Path;

use super::stdout::println;
use super::{report, ConfigArgs};
use crate::output::{self, OutputFile, RunInfo};

pub fn run(args: &ConfigArgs, out: &Path, command_line: &str) -> anyhow::Result<()> {
    let spec = args.load()?;
    if let Some(city) = spec.model.city() {
        return super::city::invert(&spec, city, out, command_line);
    }
    if let Some(model) = spec.model.commuting() {
        return super::mrrh::invert(&spec, model.data(), out, command_line);
    }
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    let (model, observed) = super::preflight::invert(&spec)?;
    output::check_writable(out)?;
    println(&report::heading(&spec))?;
    println(&format!("observed: {}", observed.source))?;
    let tight = inversion_settings(&spec.solver);
    let fundamentals = model.invert(&observed.population, &observed.wage, &tight)?;
    let forward = model
        .with_fundamentals(fundamentals.clone())?
        .solve(Some(&observed.population), &tight)?;
    let fit = report::Fit::new(&observed.population, &observed.wage, &forward);
    println(&report::inversion(&fundamentals, &fit))?;
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography, &args.geography_output(&spec.base_dir))?;
    file.write_fundamentals(&fundamentals)?;
    file.write_spatial(std::slice::from_ref(&forward), &model.uniqueness())?;
    file.write_fit(fit.population, fit.wage)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

/// The inversion is solved at least to 1e-12 so that the recovered fundamentals reproduce
/// the data to about 1e-10 whatever `[solver] tolerance` is.
pub fn inversion_settings(solver: &crate::solve::SolverSettings) -> crate::solve::SolverSettings {
    solver.for_inversion()
}
