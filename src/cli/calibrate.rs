//! `agglo calibrate [CONFIG] [-o OUT] [--resume]`: the `[calibrate]` parameters estimated
//! against the target's data, with uncertainty and identification, to `/calibration`.
//!
//! With `calibrate.checkpoint-every = K > 0` each start's local run saves an argmin
//! checkpoint every K iterations in `<OUT>.checkpoints/` (beside the output). A run
//! without `--resume` first deletes that folder (every run starts fresh); `--resume`
//! continues each start from its checkpoint. The folder is deleted when the run succeeds.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::stdout::println;
use super::{report, ConfigArgs};
use crate::calibration::calibrate;
use crate::error::Error;
use crate::output::{self, OutputFile, RunInfo};

/// The checkpoint folder of output `out`.
pub fn checkpoint_dir(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".checkpoints");
    out.with_file_name(name)
}

pub fn run(args: &ConfigArgs, out: &Path, resume: bool, command_line: &str, quiet: bool) -> anyhow::Result<()> {
    let spec = args.load()?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    let mut cal = super::preflight::calibrate(&spec)?;
    output::check_writable(out)?;
    println(&report::heading(&spec))?;
    let names: Vec<String> = cal.parameters.iter().map(|p| p.key.clone()).collect();
    println(&format!(
        "calibrating {} against the {} target: {} start(s), {}{}",
        names.join(", "),
        cal.target.name(),
        cal.options.starts,
        cal.options.method.name(),
        if cal.options.bootstrap > 0 {
            format!(", bootstrap {} replicates", cal.options.bootstrap)
        } else {
            String::new()
        }
    ))?;
    let dir = checkpoint_dir(out);
    if cal.raw.checkpoint_every > 0 {
        if !resume && dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::Output {
                path: dir.clone(),
                message: format!("cannot remove old checkpoints: {e}"),
            })?;
        }
        cal.options.checkpoint = Some((dir.clone(), cal.raw.checkpoint_every));
    } else if resume {
        return Err(Error::Config(
            "--resume needs calibrate.checkpoint-every > 0 (the run that is resumed must have saved checkpoints)"
                .into(),
        )
        .into());
    }
    if !quiet && std::io::stderr().is_terminal() {
        cal.options.progress = Some(Arc::new(|line: &str| eprintln!("{line}")));
    }
    let result = calibrate(cal.target.as_ref(), &cal.parameters, &cal.options)?;
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    let file = OutputFile::create(out, &info)?;
    match (spec.model.city(), spec.model.commuting()) {
        (Some(city), _) => file.write_blocks(&super::city::layout(city, city.data().city().area()))?,
        (None, Some(m)) => file.write_locations(&m.data().ids)?,
        (None, None) => file.write_geography(&spec.geography, &args.geography_output(&spec.base_dir))?,
    }
    file.write_calibration(&result)?;
    let path = file.finish()?;
    if dir.exists() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    println(&output::calibration_table(&output::read_calibration(&path)?))?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}
