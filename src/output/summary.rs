//! `agglo inspect`: a readable summary of a results file.

use std::fmt::Write as _;
use std::path::Path;

use hdf5::types::VarLenUnicode;

use super::reader::{attr_f64, attr_string, attr_u64, h5err};
use super::schema as s;
use crate::error::{Error, Result};

/// A readable summary of a results file: provenance, geography, equilibria with stability
/// and residuals. Refuses files not marked complete.
pub fn summarize(path: &Path) -> Result<String> {
    let err = h5err(path);
    let file = hdf5::File::open(path).map_err(&err)?;
    if attr_u64(&file, s::COMPLETE) != Some(1) {
        return Err(Error::data(
            path,
            "incomplete file (no 'complete' mark): the run that wrote it did not finish",
        ));
    }
    let mut out = String::new();
    let _ = writeln!(out, "file      {}", path.display());
    let _ = writeln!(
        out,
        "written   by agglo {} on {}",
        attr_string(&file, s::AGGLO_VERSION).unwrap_or_default(),
        attr_string(&file, s::CREATED).unwrap_or_default()
    );
    let _ = writeln!(out, "command   {}", attr_string(&file, s::COMMAND).unwrap_or_default());
    if let Ok(g) = file.group(s::GEOGRAPHY) {
        let n = g.dataset(s::IDS).map(|d| d.size()).unwrap_or(0);
        let _ = writeln!(
            out,
            "geography {} with {n} regions",
            attr_string(&g, s::KIND).unwrap_or_default()
        );
    }
    if let Ok(c) = file.group(s::CLOSED_FORM) {
        let _ = writeln!(
            out,
            "closed    break T_B = {:.10}, sustain T_S = {:.10}, no-black-hole {}",
            attr_f64(&c, s::BREAK_TRADE_COST).unwrap_or(f64::NAN),
            attr_f64(&c, s::SUSTAIN_TRADE_COST).unwrap_or(f64::NAN),
            if attr_u64(&c, s::NO_BLACK_HOLE) == Some(1) {
                "holds"
            } else {
                "fails"
            }
        );
    }
    if let Ok(branches) = file.group(s::BRANCHES) {
        let name = attr_string(&branches, s::PARAMETER_NAME).unwrap_or_default();
        let count = branches.member_names().map_err(&err)?.len();
        let _ = writeln!(out, "diagram   {count} branches along {name}");
        if let Ok(sp) = file.group(s::SPECIAL_POINTS) {
            let kinds: Vec<VarLenUnicode> = sp.dataset(s::KIND).and_then(|d| d.read_raw()).map_err(&err)?;
            let parameter: Vec<f64> = sp.dataset(s::PARAMETER).and_then(|d| d.read_raw()).map_err(&err)?;
            let branch: Vec<u64> = sp.dataset(s::BRANCH).and_then(|d| d.read_raw()).map_err(&err)?;
            let _ = writeln!(out, "special points: {}", kinds.len());
            for ((k, p), b) in kinds.iter().zip(&parameter).zip(&branch).take(40) {
                let _ = writeln!(out, "  {:<12} {name} = {p:.10}  (branch {b})", k.as_str());
            }
            if kinds.len() > 40 {
                let _ = writeln!(out, "  ... {} more in /special_points", kinds.len() - 40);
            }
        }
    }
    if file.link_exists(s::SWEEP) {
        out.push_str(&super::sweep_read::summary(path)?);
    }
    if file.link_exists(s::CALIBRATION) {
        out.push_str(&super::calibration_reader::summary(path)?);
    }
    if file.link_exists(s::CITY) {
        out.push_str(&super::arsw::summary(&file));
    }
    if file.link_exists(s::MRRH) {
        out.push_str(&super::mrrh::summary(&file));
    }
    if file.link_exists(s::INDUSTRIES) {
        out.push_str(&super::industries::summary(&file));
    }
    if let Ok(eq) = file.group(s::EQUILIBRIA) {
        let horizon = attr_string(&eq, s::HORIZON).unwrap_or_default();
        let mut names = eq.member_names().map_err(&err)?;
        names.sort_by_key(|n| n.parse::<usize>().unwrap_or(usize::MAX));
        let _ = writeln!(out, "{horizon} equilibria: {}", names.len());
        let _ = writeln!(
            out,
            "  {:>3}  {:<10} {:>10}  {:>9}  {:>5}  {:>10}  {:<8}  shares",
            "k", "stability", "n_unstable", "converged", "iters", "residual", "solver"
        );
        for name in names {
            let g = eq.group(&name).map_err(&err)?;
            let shares: Vec<f64> = g.dataset(s::SHARE).and_then(|d| d.read_raw()).map_err(&err)?;
            let stability = match attr_u64(&g, s::STABLE) {
                Some(1) => "stable",
                Some(_) => "unstable",
                None => "-",
            };
            let n_unstable = attr_u64(&g, s::N_UNSTABLE)
                .map(|v| v.to_string())
                .unwrap_or_else(|| "-".into());
            let shown: Vec<String> = shares.iter().take(8).map(|v| format!("{v:.6}")).collect();
            let more = if shares.len() > 8 {
                format!(" ... ({} regions)", shares.len())
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {:>3}  {:<10} {:>10}  {:>9}  {:>5}  {:>10.3e}  {:<8}  [{}]{}",
                name,
                stability,
                n_unstable,
                if attr_u64(&g, s::CONVERGED) == Some(1) {
                    "yes"
                } else {
                    "NO"
                },
                attr_u64(&g, s::ITERATIONS).unwrap_or(0),
                attr_f64(&g, s::RESIDUAL).unwrap_or(f64::NAN),
                attr_string(&g, s::SOLVER).unwrap_or_default(),
                shown.join(", "),
                more
            );
            if let Some(w) = attr_f64(&g, s::WELFARE) {
                let _ = writeln!(out, "       welfare {w:.10}");
            }
        }
        if let Some(u) = attr_string(&eq, s::UNIQUENESS) {
            let _ = writeln!(out, "uniqueness: {u}");
        }
    }
    if let Ok(f) = file.group(s::FUNDAMENTALS) {
        let productivity: Vec<f64> = f.dataset(s::PRODUCTIVITY).and_then(|d| d.read_raw()).map_err(&err)?;
        let (lo, hi) = productivity
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
        let _ = writeln!(
            out,
            "fundamentals: productivity in [{lo:.6}, {hi:.6}] over {} locations",
            productivity.len()
        );
    }
    if let Ok(i) = file.group(s::INVERSION) {
        let _ = writeln!(
            out,
            "inversion: the forward solve reproduces the data to {:.2e} (population), {:.2e} (wages)",
            attr_f64(&i, s::POPULATION_ERROR).unwrap_or(f64::NAN),
            attr_f64(&i, s::WAGE_ERROR).unwrap_or(f64::NAN)
        );
    }
    if let Ok(c) = file.group(s::COUNTERFACTUAL) {
        let _ = writeln!(out, "counterfactual: {}", attr_string(&c, s::SHOCK).unwrap_or_default());
        for method in [s::LEVELS, s::HAT] {
            if let Ok(g) = c.group(method) {
                let _ = writeln!(
                    out,
                    "  {method:<7} welfare ratio {:.10}",
                    attr_f64(&g, s::WELFARE_RATIO).unwrap_or(f64::NAN)
                );
            }
        }
    }
    if let Ok(w) = file.group(s::WIGGLE) {
        let len = |name: &str| w.dataset(name).map(|d| d.size()).unwrap_or(0);
        let _ = writeln!(
            out,
            "wiggle    omega_1 - omega_2 for {} values of {} on {} shares, {} zeros located",
            len(s::PARAMETER),
            attr_string(&w, s::PARAMETER_NAME).unwrap_or_default(),
            len(s::SHARE),
            len(s::ZERO_SHARE)
        );
    }
    Ok(out)
}
