//! `agglo bifurcate [CONFIG] [-o OUT] [--set ...]`: the bifurcation diagram along the
//! parameter of `[bifurcate]` (default: the FKV tomahawk in the trade cost), to HDF5.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use super::stdout::{print, println};
use super::{report, ConfigArgs};
use crate::continuation::{self, Diagram, SpecialKind};
use crate::output::{self, ClosedForm, OutputFile, RunInfo};

pub fn run(args: &ConfigArgs, out: &Path, command_line: &str, _quiet: bool) -> anyhow::Result<()> {
    let spec = args.load()?;
    for w in &spec.warnings {
        eprintln!("warning: {w}");
    }
    // Both ends must give valid models (errors name the key and the value).
    let (bifurcation, family) = super::preflight::bifurcate(&spec)?;
    if spec.model.industries().is_some() {
        return super::industries::bifurcate(&spec, args, &bifurcation, &family, out, command_line);
    }
    output::check_writable(out)?;
    let options = &bifurcation.options;
    let spatial = spec.model.spatial().is_some();
    println(&report::heading(&spec))?;
    let closed = spec.model.closed_form(&spec.geography);
    if let Some((c, condition)) = &closed {
        println(&report::closed_form(c, condition))?;
    }
    println(&format!(
        "tracing {} from {} to {}",
        bifurcation.parameter, options.from, options.to
    ))?;
    let clock = Instant::now();
    super::activity::stage(&format!("tracing branches along {}", bifurcation.parameter));
    let diagram = if spatial {
        let at = |p: f64| family.spatial_at(p);
        continuation::trace_spatial_diagram(
            &at,
            spec.geography.len(),
            &bifurcation.parameter,
            &spec.solver,
            &spec.search,
            options,
        )?
    } else {
        let at = |p: f64| family.at(p);
        continuation::trace_diagram(
            &at,
            spec.geography.len(),
            &bifurcation.parameter,
            &spec.solver,
            &spec.search,
            options,
        )?
    };
    let seconds = clock.elapsed().as_secs_f64();
    let trade_cost = bifurcation.parameter == "geography.trade-cost";
    print(&summary(
        &diagram,
        seconds,
        closed.as_ref().filter(|_| trade_cost).map(|c| &c.0),
    ))?;
    for note in &diagram.notes {
        eprintln!("note: {note}");
    }
    let info = RunInfo {
        command: command_line.to_string(),
        config_toml: spec.resolved_toml.clone(),
    };
    super::activity::stage("writing the file");
    let file = OutputFile::create(out, &info)?;
    file.write_geography(&spec.geography, &args.geography_output(&spec.base_dir))?;
    if let Some((c, _)) = &closed {
        file.write_closed_form(c)?;
    }
    file.write_diagram(&diagram)?;
    let path = file.finish()?;
    println(&format!("wrote {}", path.display()))?;
    Ok(())
}

/// Branches and special points, with the closed forms next to the located points.
fn summary(d: &Diagram, seconds: f64, closed: Option<&ClosedForm>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} branches, {} special points in {:.1} ms",
        d.branches.len(),
        d.special_points.len(),
        seconds * 1e3
    );
    let _ = writeln!(
        out,
        "  {:>2}  {:<16} {:>6}  {:>21}  stable  end",
        "b", "support", "points", "parameter range"
    );
    for (b, branch) in d.branches.iter().enumerate() {
        let ps: Vec<f64> = branch.points.iter().map(|p| p.parameter).collect();
        let (lo, hi) = ps.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(*p), b.max(*p)));
        let stable = branch.points.iter().filter(|p| p.stable).count();
        let support = if branch.support.len() <= 4 {
            branch
                .support
                .iter()
                .map(|r| (r + 1).to_string())
                .collect::<Vec<_>>()
                .join(",")
        } else {
            format!("{} regions", branch.support.len())
        };
        let _ = writeln!(
            out,
            "  {b:>2}  {support:<16} {:>6}  [{lo:>9.6}, {hi:>9.6}]  {stable:>4}/{:<3} {}",
            ps.len(),
            ps.len(),
            branch.end
        );
    }
    let _ = writeln!(out, "special points (located by bisection):");
    for s in &d.special_points {
        let reference = match (closed, s.kind) {
            (Some(c), SpecialKind::Break) => format!(
                "  closed form {:.10} (rel. diff {:.1e})",
                c.break_trade_cost,
                rel(s.parameter, c.break_trade_cost)
            ),
            (Some(c), SpecialKind::Sustain) => format!(
                "  closed form {:.10} (rel. diff {:.1e})",
                c.sustain_trade_cost,
                rel(s.parameter, c.sustain_trade_cost)
            ),
            _ => String::new(),
        };
        let mode = if s.mode > 0 {
            format!(" mode {}", s.mode)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<12} {:.10}  bracket width {:.1e}  branch {}{mode}{reference}",
            s.kind.name(),
            s.parameter,
            s.bracket.1 - s.bracket.0,
            s.branch
        );
    }
    if closed.is_some_and(|c| !c.no_black_hole) && !d.special_points.iter().any(|s| s.kind == SpecialKind::Break) {
        let _ = writeln!(
            out,
            "  no break point: the no-black-hole condition fails, dispersion is unstable at every trade cost"
        );
    }
    out
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}
