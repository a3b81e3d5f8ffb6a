//! `agglo solve [CONFIG] [-o OUT] [--set ...]`: equilibria with stability, to HDF5.

use std::path::Path;

use super::stdout::{print, println};
use super::{report, ConfigArgs};
use crate::config::{self, Horizon, ModelSpec, RunSpec};
use crate::long_run;
use crate::model::{two_region, CorePeriphery};
use crate::output::{self, ClosedForm, OutputFile, RunInfo};

pub fn run(args: &ConfigArgs, out: &Path, command_line: &str, _quiet: bool) -> anyhow::Result<()> {
    let spec = config::load(args.config.as_deref(), &args.set)?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    output::check_writable(out)?;
    let ModelSpec::CorePeriphery { model, shares } = &spec.model;
    println(&report::heading(&spec, model))?;
    let closed_form = symmetric_two_region(&spec, model).then(|| closed_form(model));
    if let Some(c) = &closed_form {
        println(&report::closed_form(c, model.params().mu, model.params().rho()))?;
    }
    let info = RunInfo { command: command_line.to_string(), config_toml: spec.resolved_toml.clone() };
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography)?;
    if let Some(c) = &closed_form {
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

/// The closed forms apply to two regions with symmetric costs and farmers split equally.
fn symmetric_two_region(spec: &RunSpec, model: &CorePeriphery) -> bool {
    spec.geography.len() == 2 && spec.geography.trade_costs.is_symmetric() && model.farmers()[0] == model.farmers()[1]
}

fn closed_form(model: &CorePeriphery) -> ClosedForm {
    let p = model.params();
    let break_freeness = two_region::break_point_freeness(p);
    let sustain_freeness = two_region::sustain_point_freeness(p).unwrap_or(f64::NAN);
    ClosedForm {
        break_freeness,
        break_trade_cost: if break_freeness > 0.0 { two_region::trade_cost_from_freeness(p, break_freeness) } else { f64::NAN },
        sustain_freeness,
        sustain_trade_cost: two_region::trade_cost_from_freeness(p, sustain_freeness),
        no_black_hole: p.no_black_hole(),
    }
}
