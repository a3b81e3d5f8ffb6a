//! Every long-run equilibrium of a two-region economy: the roots of the real-wage gap
//! omega_1 - omega_2 as a function of lambda = lambda_1 (the "wiggle diagram", FKV fig. 5.2)
//! and the corners lambda = 0 and 1 where the empty region pays no more.

use std::time::Instant;

use super::{assemble, same_shares, stats, support, Equilibrium};
use crate::error::Result;
use crate::model::two_region::bisect;
use crate::model::MobileFactorModel;
use crate::solve::SolverSettings;

/// Points of the scan for sign changes of the gap in (0, 1).
const SCAN_POINTS: usize = 400;

/// omega_1 - omega_2 at lambda_1 = `lambda`, warm-starting the short run from `wages`.
pub fn real_wage_gap(
    model: &dyn MobileFactorModel,
    lambda: f64,
    wages: Option<&[f64]>,
    settings: &SolverSettings,
) -> Result<(f64, Vec<f64>)> {
    let shares = [lambda, 1.0 - lambda];
    let (w, _) = model
        .solve_short_run(&shares, wages, settings)
        .map_err(|e| e.while_solving(support::INNER_CONTEXT))?;
    let omega = model.outcomes(&shares, &w).real_wage;
    Ok((omega[0] - omega[1], w))
}

/// All equilibria, sorted by lambda_1: interior roots of the gap (located by a scan, bisection
/// and Newton on the support) and the sustainable corners.
pub fn enumerate(model: &dyn MobileFactorModel, settings: &SolverSettings) -> Result<Vec<Equilibrium>> {
    let clock = Instant::now();
    let inner = support::inner_settings(settings);
    let mut found: Vec<Equilibrium> = Vec::new();

    // Corners: lambda_1 = 1 (support {0}) and lambda_1 = 0 (support {1}).
    for (corner, occupied) in [(1.0, 0usize), (0.0, 1usize)] {
        let shares = vec![corner, 1.0 - corner];
        let (w, st) = model
            .solve_short_run(&shares, None, &inner)
            .map_err(|e| e.while_solving(support::INNER_CONTEXT))?;
        let eq = assemble(
            model,
            shares,
            &w,
            &[occupied],
            stats(settings, st.iterations, st.residual, clock),
        )?;
        // An empty region must not pay more: the entry eigenvalue omega_empty - omega_bar <= 0.
        if eq.stability.n_unstable == 0 {
            found.push(eq);
        }
    }

    // Interior roots of the gap.
    let grid: Vec<f64> = (1..SCAN_POINTS).map(|i| i as f64 / SCAN_POINTS as f64).collect();
    let mut gaps = Vec::with_capacity(grid.len());
    let mut wages: Option<Vec<f64>> = None;
    for &l in &grid {
        let (g, w) = real_wage_gap(model, l, wages.as_deref(), &inner)?;
        gaps.push(g);
        wages = Some(w);
    }
    // (root, bisection steps that located it)
    let mut roots = Vec::new();
    for i in 0..grid.len() {
        if gaps[i] == 0.0 {
            roots.push((grid[i], 0));
        } else if i + 1 < grid.len() && gaps[i + 1] != 0.0 && (gaps[i] > 0.0) != (gaps[i + 1] > 0.0) {
            let steps = std::cell::Cell::new(0usize);
            let f = |l: f64| {
                steps.set(steps.get() + 1);
                real_wage_gap(model, l, None, &inner).map(|r| r.0).unwrap_or(f64::NAN)
            };
            let root = bisect(f, grid[i], grid[i + 1]);
            roots.push((root, steps.get()));
        }
    }
    for (lambda, steps) in roots {
        let sol = support::solve_on_support(model, &[lambda, 1.0 - lambda], &[0, 1], None, settings)?;
        if found.iter().any(|e| same_shares(&e.shares, &sol.shares)) {
            continue;
        }
        // Iterations: bisection steps on the real-wage gap plus Newton steps on the support.
        let stats = stats(settings, steps + sol.iterations, sol.residual, clock);
        found.push(assemble(model, sol.shares, &sol.wages, &[0, 1], stats)?);
    }
    found.sort_by(|a, b| a.shares[0].total_cmp(&b.shares[0]));
    Ok(found)
}
