//! `agglo counterfactual [CONFIG] [-o OUT]`: the equilibrium after a shock (`[counterfactual]`),
//! computed twice — by re-solving in levels and by exact hat algebra — with the changes in
//! welfare, population and wages, and how far apart the two methods are.

use std::path::Path;

use super::stdout::{print, println};
use super::{report, ConfigArgs};
use crate::config::{self, workflow::Baseline};
use crate::output::{self, OutputFile, RunInfo};

pub fn run(args: &ConfigArgs, out: &Path, command_line: &str) -> anyhow::Result<()> {
    let spec = args.load()?;
    if let Some(city) = spec.model.city() {
        return super::city::counterfactual(&spec, city, out, command_line);
    }
    if let Some(model) = spec.model.commuting() {
        return super::mrrh::counterfactual(&spec, model.data(), out, command_line);
    }
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    let (configured, counterfactual) = super::preflight::counterfactual(&spec)?;
    output::check_writable(out)?;
    println(&report::heading(&spec))?;
    for line in &counterfactual.description {
        println(&format!("shock: {line}"))?;
    }
    // The baseline: the configured model, or the one whose fundamentals fit the data.
    let recovered;
    let model = match counterfactual.baseline {
        Baseline::Model => configured,
        Baseline::Data => {
            let observed = config::workflow::observed(&spec)?;
            println(&format!("baseline: fundamentals recovered from {}", observed.source))?;
            recovered = configured.with_fundamentals(configured.invert(
                &observed.population,
                &observed.wage,
                &super::invert::inversion_settings(&spec.solver),
            )?)?;
            recovered.as_ref()
        }
    };
    let baseline = model.solve(None, &spec.solver)?;
    let levels = model
        .shocked(&counterfactual.shock)?
        .solve(Some(&baseline.population), &spec.solver)?;
    let hat = model.hat_algebra(&baseline, &counterfactual.shock, &spec.solver)?;
    let comparison = report::Comparison::new(&baseline, &levels, &hat);
    print(&report::counterfactual(&comparison, spec.geography.groups.as_deref()))?;
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography, &args.geography_output(&spec.base_dir))?;
    file.write_fundamentals(model.fundamentals())?;
    file.write_spatial(std::slice::from_ref(&baseline), &model.uniqueness())?;
    file.write_counterfactual(&baseline, &levels, &hat, &counterfactual.description)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}
