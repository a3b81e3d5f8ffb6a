//! `agglo check CONFIG`: resolve and validate without solving.

use super::ConfigArgs;
use crate::config;

pub fn run(args: &ConfigArgs) -> anyhow::Result<()> {
    if let Some(spec) = config::arsw::load(args.config.as_deref(), &args.set)? {
        return super::arsw::check(&spec);
    }
    let spec = config::load(args.config.as_deref(), &args.set)?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    // A [bifurcate] table is checked too, so that a typo there is caught before a long run.
    if spec.table.contains_key("bifurcate") {
        config::bifurcation(&spec)?;
    }
    if spec.table.contains_key("invert") {
        config::workflow::observed(&spec)?;
    }
    if spec.table.contains_key("counterfactual") {
        config::workflow::counterfactual(&spec)?;
    }
    if spec.table.contains_key("calibrate") {
        config::calibrate::calibration(&spec)?;
    }
    if spec.table.contains_key("sweep") {
        let sweep = config::sweep(&spec)?;
        config::PointFamily::new(&spec, &sweep)?;
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
