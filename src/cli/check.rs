//! `agglo check CONFIG`: resolve and validate without solving, with the same checks as the
//! commands (`preflight`), the memory budget included.

use super::{preflight, ConfigArgs};
use crate::config;

pub fn run(args: &ConfigArgs) -> anyhow::Result<()> {
    if let Some(spec) = config::arsw::load(args.config.as_deref(), &args.set)? {
        return super::arsw::check(&spec);
    }
    let spec = config::load(args.config.as_deref(), &args.set)?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    // The commands' own checks (cli/preflight.rs), so that check accepts what they accept:
    // solve's always, each other command's when the config has its table.
    preflight::solve(&spec)?;
    let has = |t: &str| spec.table.contains_key(t);
    if has("bifurcate") {
        preflight::bifurcate(&spec)?;
    }
    if has("wiggle") {
        preflight::wiggle(&spec)?;
    }
    if has("invert") {
        preflight::invert(&spec)?;
    }
    if has("counterfactual") {
        preflight::counterfactual(&spec)?;
    }
    if has("calibrate") {
        preflight::calibrate(&spec)?;
    }
    if has("sweep") {
        preflight::sweep(&spec)?;
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
