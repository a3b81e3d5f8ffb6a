//! Plain-text tables printed by the commands.

use std::fmt::Write as _;

use crate::config::RunSpec;
use crate::long_run::Equilibrium;
use crate::model::{Fundamentals, RegionOutcomes, SpatialEquilibrium};
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
    if spec.model.own_workflow() {
        // A city's locations are its blocks (in the description), not a geography.
        return format!(
            "{}; solver {}, tolerance {:.0e}",
            spec.model.describe(),
            spec.solver.method.name(),
            spec.solver.tolerance.residual
        );
    }
    format!(
        "{} on {} geography, {} regions; solver {}, tolerance {:.0e}",
        spec.model.describe(),
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
    if crate::long_run::is_continuum(equilibria) {
        let _ = writeln!(
            out,
            "a continuum of long-run equilibria: real wages are equal (to solver.tolerance) at every \
             split of the mobile factor (free trade, identical locations, or gaps below the \
             tolerance); {} points of it:",
            equilibria.len()
        );
    } else {
        let _ = writeln!(out, "{} long-run equilibria:", equilibria.len());
    }
    let _ = writeln!(
        out,
        "  {:>2}  {:<9} {:>10}  {:>9}  {:>5}  shares / real wages",
        "k", "stability", "n_unstable", "residual", "steps"
    );
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
        let _ = writeln!(
            out,
            "  {:>2}  {:<9} {:>10}  {:>9}  {:>5}  {}",
            "",
            "",
            "",
            "",
            "",
            list(&eq.outcomes.real_wage)
        );
    }
    let _ = writeln!(
        out,
        "  steps: bisection, Newton or migration steps that located each equilibrium; every \
         short-run solve in them stops at solver.max-iterations"
    );
    out
}

pub fn short_run(ids: &[String], shares: &[f64], o: &RegionOutcomes, stats: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "short run: converged in {} iterations, residual {:.2e} ({}, {:.3} s)",
        stats.iterations, stats.residual, stats.solver, stats.seconds
    );
    let _ = writeln!(
        out,
        "  {:>8}  {:>10}  {:>10}  {:>11}  {:>10}  {:>10}",
        "region", "share", "wage", "price_index", "real_wage", "income"
    );
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

pub fn spatial(equilibria: &[SpatialEquilibrium]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} equilibria:", equilibria.len());
    let _ = writeln!(
        out,
        "  {:>2}  {:>12}  {:>9}  {:>6}  {:<9}  population shares",
        "k", "welfare", "residual", "iters", "solver"
    );
    for (k, eq) in equilibria.iter().enumerate() {
        let total: f64 = eq.population.iter().sum();
        let shares: Vec<f64> = eq.population.iter().map(|l| l / total).collect();
        let _ = writeln!(
            out,
            "  {:>2}  {:>12.8}  {:>9.2e}  {:>6}  {:<9}  {}{}",
            k,
            eq.welfare.first().copied().unwrap_or(f64::NAN),
            eq.stats.residual,
            eq.stats.iterations,
            eq.stats.solver,
            list(&shares),
            if eq.stats.converged { "" } else { "  NOT CONVERGED" }
        );
    }
    out
}

/// How well a forward solve reproduces observed data: max relative errors of population
/// (as shares) and wages (relative to their geometric mean; wage levels are a normalisation).
pub struct Fit {
    pub population: f64,
    pub wage: f64,
}

impl Fit {
    pub fn new(population: &[f64], wage: &[f64], forward: &SpatialEquilibrium) -> Self {
        let shares = |v: &[f64]| {
            let t: f64 = v.iter().sum();
            v.iter().map(|x| x / t).collect::<Vec<f64>>()
        };
        let relative = |v: &[f64]| {
            let g = (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp();
            v.iter().map(|x| x / g).collect::<Vec<f64>>()
        };
        let max_rel = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| ((x - y) / y).abs()).fold(0.0, f64::max);
        Fit {
            population: max_rel(&shares(&forward.population), &shares(population)),
            wage: max_rel(&relative(&forward.wage), &relative(wage)),
        }
    }
}

pub fn inversion(f: &Fundamentals, fit: &Fit) -> String {
    let range = |v: &[f64]| v.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    let (pa, pb) = range(&f.productivity);
    let (aa, ab) = range(&f.amenity);
    format!(
        "recovered fundamentals: productivity in [{pa:.6}, {pb:.6}], amenity in [{aa:.6}, {ab:.6}]\n\
         forward solve with them reproduces the data: max relative error {:.2e} (population shares), {:.2e} (relative wages)",
        fit.population, fit.wage
    )
}

/// A counterfactual computed in levels and by hat algebra.
pub struct Comparison<'a> {
    pub baseline: &'a SpatialEquilibrium,
    pub levels: &'a SpatialEquilibrium,
    pub hat: &'a SpatialEquilibrium,
}

impl<'a> Comparison<'a> {
    pub fn new(baseline: &'a SpatialEquilibrium, levels: &'a SpatialEquilibrium, hat: &'a SpatialEquilibrium) -> Self {
        Comparison { baseline, levels, hat }
    }

    /// Max relative difference between the two methods (population, wages relative to
    /// their geometric mean, welfare ratio).
    pub fn disagreement(&self) -> f64 {
        let fit = Fit::new(&self.levels.population, &self.levels.wage, self.hat);
        let ratio = |e: &SpatialEquilibrium| e.welfare[0] / self.baseline.welfare[0];
        fit.population
            .max(fit.wage)
            .max(((ratio(self.hat) - ratio(self.levels)) / ratio(self.levels)).abs())
    }
}

pub fn counterfactual(c: &Comparison, groups: Option<&[usize]>) -> String {
    let mut out = String::new();
    let ratio = |e: &SpatialEquilibrium, i: usize| e.welfare[i] / c.baseline.welfare[i];
    for (label, i) in group_representatives(groups, c.baseline.welfare.len()) {
        let _ = writeln!(
            out,
            "welfare change{label}: {:+.6}% (levels), {:+.6}% (hat algebra)",
            100.0 * (ratio(c.levels, i) - 1.0),
            100.0 * (ratio(c.hat, i) - 1.0)
        );
    }
    let changes: Vec<f64> = c
        .levels
        .population
        .iter()
        .zip(&c.baseline.population)
        .map(|(a, b)| a / b)
        .collect();
    let (lo, hi) = changes
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    let _ = writeln!(out, "population change by location: x{lo:.6} to x{hi:.6}");
    let _ = writeln!(
        out,
        "levels vs hat algebra: max relative difference {:.2e}",
        c.disagreement()
    );
    out
}

/// One location per group (country) with its label, or the first location when there are
/// no groups (welfare is equal within a group).
fn group_representatives(groups: Option<&[usize]>, n: usize) -> Vec<(String, usize)> {
    match groups {
        Some(g) => {
            let count = g.iter().max().map_or(0, |m| m + 1);
            (0..count)
                .filter_map(|k| {
                    g.iter()
                        .position(|&x| x == k)
                        .map(|i| (format!(" in country {}", k + 1), i))
                })
                .collect()
        }
        None if n > 0 => vec![(String::new(), 0)],
        None => Vec::new(),
    }
}
