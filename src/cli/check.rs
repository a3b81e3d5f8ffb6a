//! `agglo check CONFIG`: resolve and validate without solving.

use super::ConfigArgs;
use crate::config::{self, ModelSpec};

pub fn run(args: &ConfigArgs) -> anyhow::Result<()> {
    let spec = config::load(args.config.as_deref(), &args.set)?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    let ModelSpec::CorePeriphery { model, .. } = &spec.model;
    super::stdout::println(&format!(
        "{}: ok (core-periphery, sigma = {}, mu = {}; {} geography with {} regions; solver {})",
        spec.origin,
        model.params().sigma,
        model.params().mu,
        spec.geography.kind,
        spec.geography.len(),
        spec.solver.method.name()
    ))?;
    Ok(())
}
