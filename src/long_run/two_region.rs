//! Every long-run equilibrium of a two-region economy: the roots of the real-wage gap
//! omega_1 - omega_2 as a function of lambda = lambda_1 (the "wiggle diagram", FKV fig. 5.2)
//! and the corners lambda = 0 and 1 where the empty region pays no more.
//!
//! The scan of the gap runs from corner to corner: lambda = 0, 1/400, ..., 399/400, 1. The
//! two interior (unstable) equilibria of the tomahawk leave the corners at the sustain point
//! T_S: just inside T_S they lie at lambda ~ c (T_S - T), far below the first interior grid
//! point, and the sign change between the corner and that point is what finds them (FKV
//! §5.4: the gap at a corner is (omega_2/omega_1)^sigma - 1 up to a positive factor, which
//! changes sign at T_S). A corner root is never merged with an interior one: they live on
//! different supports, however close their shares.
//!
//! A gap that vanishes (to the tolerance) everywhere on the scan (free trade, T = 1, or two
//! identical locations) means every split is an equilibrium: a continuum, reported as such
//! (the corners and the even split, each marked [`Equilibrium::continuum`]), not as a count.

use std::time::Instant;

use super::{assemble, same_shares, stats, support, Equilibrium};
use crate::error::Result;
use crate::model::two_region::bisect;
use crate::model::MobileFactorModel;
use crate::solve::SolverSettings;

/// Intervals of the scan for sign changes of the gap in [0, 1].
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

/// All equilibria, sorted by lambda_1: interior roots of the gap (located by a scan from
/// corner to corner, bisection and Newton on the support) and the sustainable corners; a
/// continuum when the gap vanishes everywhere.
///
/// Each equilibrium's `stats.iterations` counts what ran for it: its bisection steps on the
/// gap and Newton steps on the support (or the corner's short-run solve); the short-run
/// iterations inside them are bounded by `solver.max-iterations` each.
pub fn enumerate(model: &dyn MobileFactorModel, settings: &SolverSettings) -> Result<Vec<Equilibrium>> {
    let clock = Instant::now();
    let inner = support::inner_settings(settings);
    let mut found: Vec<Equilibrium> = Vec::new();

    // The gap on the scan, corners included (lambda_1 = 0: region 1 empty).
    let grid: Vec<f64> = (0..=SCAN_POINTS).map(|i| i as f64 / SCAN_POINTS as f64).collect();
    let mut gaps = Vec::with_capacity(grid.len());
    let mut wages: Option<Vec<f64>> = None;
    for &l in &grid {
        let (g, w) = real_wage_gap(model, l, wages.as_deref(), &inner)?;
        gaps.push(g);
        wages = Some(w);
    }
    if gaps.iter().all(|g| g.abs() <= settings.tolerance.residual) {
        return continuum(model, settings, &inner, clock);
    }

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

    // Interior roots of the gap: exact zeros at interior grid points, sign changes between
    // neighbours (the first and last intervals end at a corner). (root, bisection steps)
    let last = grid.len() - 1;
    let mut roots = Vec::new();
    for i in 0..last {
        if gaps[i] == 0.0 {
            if i > 0 {
                roots.push((grid[i], 0));
            }
        } else if gaps[i + 1] != 0.0 && (gaps[i] > 0.0) != (gaps[i + 1] > 0.0) {
            let steps = std::cell::Cell::new(0usize);
            let f = |l: f64| {
                steps.set(steps.get() + 1);
                real_wage_gap(model, l, None, &inner).map(|r| r.0).unwrap_or(f64::NAN)
            };
            let root = bisect(f, grid[i], grid[i + 1]);
            roots.push((root, steps.get()));
        }
    }
    let mut interior: Vec<Equilibrium> = Vec::new();
    for (lambda, steps) in roots {
        if !(lambda > 0.0 && lambda < 1.0) {
            continue; // a root at a corner is the corner itself
        }
        let sol = support::solve_on_support(model, &[lambda, 1.0 - lambda], &[0, 1], None, settings)?;
        if interior.iter().any(|e| same_shares(&e.shares, &sol.shares)) {
            continue;
        }
        // Iterations: bisection steps on the real-wage gap plus Newton steps on the support.
        let stats = stats(settings, steps + sol.iterations, sol.residual, clock);
        interior.push(assemble(model, sol.shares, &sol.wages, &[0, 1], stats)?);
    }
    found.extend(interior);
    found.sort_by(|a, b| a.shares[0].total_cmp(&b.shares[0]));
    Ok(found)
}

/// The continuum lambda_1 in [0, 1]: its ends and its midpoint, each marked as part of it.
fn continuum(
    model: &dyn MobileFactorModel,
    settings: &SolverSettings,
    inner: &SolverSettings,
    clock: Instant,
) -> Result<Vec<Equilibrium>> {
    let mut out = Vec::with_capacity(3);
    for (lambda, support) in [(0.0, vec![1usize]), (0.5, vec![0, 1]), (1.0, vec![0])] {
        let shares = vec![lambda, 1.0 - lambda];
        let (w, st) = model
            .solve_short_run(&shares, None, inner)
            .map_err(|e| e.while_solving(support::INNER_CONTEXT))?;
        let omega = model.outcomes(&shares, &w).real_wage;
        let residual = st.residual.max((omega[0] - omega[1]).abs());
        let mut eq = assemble(
            model,
            shares,
            &w,
            &support,
            stats(settings, st.iterations, residual, clock),
        )?;
        eq.continuum = true;
        out.push(eq);
    }
    Ok(out)
}
