//! `agglo wiggle [CONFIG] [-o OUT] [--set ...]`: the wiggle diagram of a two-region model
//! (omega_1 - omega_2 against region 1's share, one curve per value of `[wiggle] parameter`),
//! with the zeros of the gap located, to `/wiggle` of an HDF5 file.

use std::fmt::Write as _;
use std::path::Path;

use super::stdout::{print, println};
use super::{report, ConfigArgs};
use crate::long_run::wiggle::{self, Wiggle};
use crate::output::{self, OutputFile, RunInfo};

pub fn run(args: &ConfigArgs, out: &Path, command_line: &str) -> anyhow::Result<()> {
    let spec = args.load()?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    let (w, family) = super::preflight::wiggle(&spec)?;
    output::check_writable(out)?;
    println(&report::heading(&spec))?;
    let closed = spec.model.closed_form(&spec.geography);
    if let Some((c, condition)) = &closed {
        println(&report::closed_form(c, condition))?;
    }
    let at = |p: f64| family.at(p);
    let result = wiggle::wiggle(&at, &w.options, &spec.solver)?;
    print(&summary(&result, &w.parameter))?;
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography, &args.geography_output(&spec.base_dir))?;
    if let Some((c, _)) = &closed {
        file.write_closed_form(c)?;
    }
    file.write_wiggle(&result, &w.parameter)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

/// Per curve: the gap at the ends of the grid and the interior equilibria found.
fn summary(w: &Wiggle, parameter: &str) -> String {
    let mut out = String::new();
    let p = w.shares.len();
    let _ = writeln!(
        out,
        "omega_1 - omega_2 at {p} shares of region 1 in [{}, {}], {} curves:",
        w.shares[0],
        w.shares[p - 1],
        w.values.len()
    );
    let _ = writeln!(
        out,
        "  {parameter:>22}  {:>12}  {:>12}  zeros (interior equilibria)",
        "gap first", "gap last"
    );
    for (c, v) in w.values.iter().enumerate() {
        let row = &w.gap[c * p..(c + 1) * p];
        let zeros: Vec<String> = w
            .zeros
            .iter()
            .filter(|z| z.parameter == *v)
            .map(|z| format!("{:.10} ({})", z.share, if z.unstable { "unstable" } else { "stable" }))
            .collect();
        let _ = writeln!(
            out,
            "  {v:>22}  {:>+12.8}  {:>+12.8}  {}",
            row[0],
            row[p - 1],
            if zeros.is_empty() {
                "none".into()
            } else {
                zeros.join(", ")
            }
        );
    }
    out
}
