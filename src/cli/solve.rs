//! `agglo solve [CONFIG] [-o OUT] [--set ...]`: equilibria with stability, to HDF5.

use std::path::Path;

use super::stdout::{print, println};
use super::{closed_form, report, ConfigArgs};
use crate::config::{self, Horizon};
use crate::long_run;
use crate::output::{self, OutputFile, RunInfo};

pub fn run(args: &ConfigArgs, out: &Path, command_line: &str, _quiet: bool) -> anyhow::Result<()> {
    let spec = config::load(args.config.as_deref(), &args.set)?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    output::check_writable(out)?;
    let (model, shares) = (spec.model.mobile(), spec.model.shares());
    println(&report::heading(&spec))?;
    let closed_form = closed_form::two_region(&spec);
    if let Some((c, condition)) = &closed_form {
        println(&report::closed_form(c, condition))?;
    }
    let info = RunInfo { command: command_line.to_string(), config_toml: spec.resolved_toml.clone() };
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography)?;
    if let Some((c, _)) = &closed_form {
        file.write_closed_form(c)?;
    }
    match spec.horizon {
        Horizon::ShortRun => {
            let (wages, stats) = model.solve_short_run(shares, None, &spec.solver)?;
            let outcomes = model.outcomes(shares, &wages);
            print(&report::short_run(&spec.geography.ids, shares, &outcomes, &stats))?;
            file.write_short_run(shares, &outcomes, &stats)?;
        }
        Horizon::LongRun => {
            let equilibria = long_run::find_equilibria(model, shares, &spec.solver, &spec.search)?;
            print(&report::long_run(&equilibria))?;
            file.write_long_run(&equilibria)?;
        }
    }
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}
