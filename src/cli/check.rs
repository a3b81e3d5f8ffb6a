//! `agglo check CONFIG`: resolve and validate without solving, with the same checks as the
//! commands (`preflight`), the memory budget included.

use super::{preflight, ConfigArgs};
use crate::config;

pub fn run(args: &ConfigArgs) -> anyhow::Result<()> {
    let spec = args.load()?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    // The commands' own checks (cli/preflight.rs), so that check accepts what they accept:
    // solve's always, each other command's when the config has its table.
    preflight::solve(&spec)?;
    let has = |t: &str| spec.table.contains_key(t);
    if has("bifurcate") {
        preflight::bifurcate(&spec).map_err(|e| for_command(e, "bifurcate"))?;
    }
    if has("wiggle") {
        preflight::wiggle(&spec).map_err(|e| for_command(e, "wiggle"))?;
    }
    if has("invert") {
        preflight::invert(&spec).map_err(|e| for_command(e, "invert"))?;
    }
    if has("counterfactual") && spec.model.commuting().is_some() {
        if let Some(model) = spec.model.commuting() {
            config::mrrh::counterfactual(&spec, model.data())?;
        }
    } else if has("counterfactual") && spec.model.city().is_some() {
        preflight::city_counterfactual(&spec)?;
    } else if has("counterfactual") {
        preflight::counterfactual(&spec).map_err(|e| for_command(e, "counterfactual"))?;
    }
    if has("calibrate") {
        preflight::calibrate(&spec).map_err(|e| for_command(e, "calibrate"))?;
    }
    if has("sweep") {
        preflight::sweep(&spec).map_err(|e| for_command(e, "sweep"))?;
    }
    if spec.model.own_workflow() {
        return super::stdout::println(&format!(
            "{}: ok ({}; solver {})",
            spec.origin,
            spec.model.describe(),
            spec.solver.method.name()
        ))
        .map_err(Into::into);
    }
    super::stdout::println(&format!(
        "{}: ok ({}; {} geography with {} regions; solver {})",
        spec.origin,
        spec.model.describe(),
        spec.geography.kind,
        spec.geography.len(),
        spec.solver.method.name()
    ))?;
    Ok(())
}

/// An error of a command's checks other than solve's, saying which command would refuse.
fn for_command(e: crate::error::Error, command: &str) -> anyhow::Error {
    anyhow::anyhow!("{e} (agglo {command} would refuse this config: it has a [{command}] table)")
}
