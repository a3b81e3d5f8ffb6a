//! Plain-text tables printed by the commands.

use std::fmt::Write as _;

use crate::config::RunSpec;
use crate::long_run::Equilibrium;
use crate::model::RegionOutcomes;
use crate::output::ClosedForm;
use crate::solve::Stats;

const SHOWN: usize = 6;

fn list(v: &[f64]) -> String {
    let mut s: Vec<String> = v.iter().take(SHOWN).map(|x| format!("{x:.6}")).collect();
    if v.len() > SHOWN {
        s.push(format!("... ({} regions)", v.len()));
    }
    format!("[{}]", s.join(", "))
}

pub fn heading(spec: &RunSpec) -> String {
    let (sigma, mu) = spec.model.sigma_mu();
    format!(
        "{} (sigma = {sigma}, mu = {mu}) on {} geography, {} regions; solver {}, tolerance {:.0e}",
        spec.model.kind(),
        spec.geography.kind,
        spec.geography.len(),
        spec.solver.method.name(),
        spec.solver.tolerance.residual
    )
}

pub fn closed_form(c: &ClosedForm, condition: &str) -> String {
    format!(
        "two-region closed forms:\n  break point    T_B = {:.10}  (phi_B = {:.10})\n  sustain point  T_S = {:.10}  (phi_S = {:.10})\n  no-black-hole  {condition}: {}",
        c.break_trade_cost,
        c.break_freeness,
        c.sustain_trade_cost,
        c.sustain_freeness,
        if c.no_black_hole { "holds" } else { "FAILS (dispersion is never stable; no break point)" }
    )
}

pub fn long_run(equilibria: &[Equilibrium]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} long-run equilibria:", equilibria.len());
    let _ = writeln!(out, "  {:>2}  {:<9} {:>10}  {:>9}  {:>5}  shares / real wages", "k", "stability", "n_unstable", "residual", "iters");
    for (k, eq) in equilibria.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}  {:<9} {:>10}  {:>9.2e}  {:>5}  {}{}",
            k,
            if eq.stability.stable { "stable" } else { "unstable" },
            eq.stability.n_unstable,
            eq.stats.residual,
            eq.stats.iterations,
            list(&eq.shares),
            if eq.stats.converged { "" } else { "  NOT CONVERGED" }
        );
        let _ = writeln!(out, "  {:>2}  {:<9} {:>10}  {:>9}  {:>5}  {}", "", "", "", "", "", list(&eq.outcomes.real_wage));
    }
    out
}

pub fn short_run(ids: &[String], shares: &[f64], o: &RegionOutcomes, stats: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "short run: converged in {} iterations, residual {:.2e} ({}, {:.3} s)",
        stats.iterations, stats.residual, stats.solver, stats.seconds
    );
    let _ = writeln!(out, "  {:>8}  {:>10}  {:>10}  {:>11}  {:>10}  {:>10}", "region", "share", "wage", "price_index", "real_wage", "income");
    for r in 0..ids.len().min(20) {
        let _ = writeln!(
            out,
            "  {:>8}  {:>10.6}  {:>10.6}  {:>11.6}  {:>10.6}  {:>10.6}",
            ids[r], shares[r], o.wage[r], o.price_index[r], o.real_wage[r], o.income[r]
        );
    }
    if ids.len() > 20 {
        let _ = writeln!(out, "  ... {} more regions in the output file", ids.len() - 20);
    }
    out
}
