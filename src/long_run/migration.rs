//! Multi-region long run: integrate the migration dynamics
//! d lambda_r/dt = (omega_r - omega_bar) lambda_r (FKV eq. 5.6) from seeded perturbations
//! of the start, then solve the system on the support reached by Newton ([`super::support`]).
//! The dispersed equilibrium nearest the start (the uniform one on a racetrack) is found by
//! Newton on the full support directly, whatever its stability.

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{assemble, same_shares, stats, support, Equilibrium, SearchOptions};
use crate::error::{Error, Result};
use crate::model::MobileFactorModel;
use crate::solve::SolverSettings;

/// Shares below this at the end of the integration are treated as empty regions.
const EMPTY_SHARE: f64 = 1e-7;
/// The integration stops when relative real-wage gaps on occupied regions are below this.
const GAP_TOLERANCE: f64 = 1e-6;
const MAX_STEPS: usize = 200_000;
/// Perturbed restarts from an unstable equilibrium reached by the dynamics.
const MAX_ESCAPES: usize = 3;
/// Size of the perturbation that leaves such an equilibrium.
const ESCAPE_MIX: f64 = 1e-3;

/// The dispersed equilibrium near `start`, then one equilibrium per perturbed start, deduplicated.
pub fn search(
    model: &dyn MobileFactorModel,
    start: &[f64],
    settings: &SolverSettings,
    options: &SearchOptions,
) -> Result<Vec<Equilibrium>> {
    let n = model.regions();
    let all: Vec<usize> = (0..n).collect();
    let mut found: Vec<Equilibrium> = Vec::new();
    let clock = Instant::now();
    if let Ok(sol) = support::solve_on_support(model, start, &all, None, settings) {
        let stats = stats(settings, sol.iterations, sol.residual, clock);
        found.push(assemble(model, sol.shares, &sol.wages, &all, stats)?);
    }
    for k in 0..options.starts {
        let seed = options.seed.wrapping_add(k as u64);
        let mut from = perturb(start, options.perturbation, seed);
        for escape in 0..=MAX_ESCAPES {
            let clock = Instant::now();
            let (shares, wages, steps) = integrate(model, &from, settings)?;
            let occupied: Vec<usize> = (0..n).filter(|&r| shares[r] > EMPTY_SHARE).collect();
            let sol = support::solve_on_support(model, &shares, &occupied, Some(&wages), settings)?;
            let stats = stats(settings, steps + sol.iterations, sol.residual, clock);
            let eq = assemble(model, sol.shares, &sol.wages, &occupied, stats)?;
            let stable = eq.stability.stable;
            let reached = eq.shares.clone();
            if !found.iter().any(|e| same_shares(&e.shares, &eq.shares)) {
                found.push(eq);
            }
            if stable || escape == MAX_ESCAPES {
                break;
            }
            // The dynamics slowed down near a saddle (approached along its stable manifold):
            // it is an equilibrium and is reported; leave it by a small seeded perturbation,
            // with some mass in every empty region, and integrate on.
            let mixed: Vec<f64> = reached
                .iter()
                .map(|l| (1.0 - ESCAPE_MIX) * l + ESCAPE_MIX / n as f64)
                .collect();
            from = perturb(&mixed, ESCAPE_MIX, seed.wrapping_add(1_000_003 * (escape as u64 + 1)));
        }
    }
    Ok(found)
}

/// lambda_r (1 + eps u_r), u_r ~ U(-1, 1) from a ChaCha8 stream seeded with `seed`, renormalised.
pub fn perturb(start: &[f64], eps: f64, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut v: Vec<f64> = start
        .iter()
        .map(|l| l * (1.0 + eps * rng.random_range(-1.0..1.0)))
        .collect();
    let total: f64 = v.iter().sum();
    v.iter_mut().for_each(|l| *l /= total);
    v
}

/// Exponential-Euler integration of the migration dynamics in relative gaps:
/// lambda_r <- lambda_r exp(h (omega_r/omega_bar - 1)), renormalised, with a step h that
/// grows while the gaps shrink and halves when they grow (for a model with
/// [`MobileFactorModel::stiff_migration`], it then stays below 0.9 times the step that last
/// overshot). Stops when occupied regions'
/// gaps are below [`GAP_TOLERANCE`] and nearly empty ones pay less than the average.
fn integrate(
    model: &dyn MobileFactorModel,
    start: &[f64],
    settings: &SolverSettings,
) -> Result<(Vec<f64>, Vec<f64>, usize)> {
    let inner = support::inner_settings(settings);
    let mut shares = start.to_vec();
    let mut wages: Option<Vec<f64>> = None;
    let mut h_cap: f64 = 1.0;
    // For stiff models, below the step at which the gaps last turned (an overshoot): the
    // step would otherwise regrow past it forever.
    let stiff = model.stiff_migration();
    let mut h_ceiling: f64 = 1e6;
    let mut previous = f64::INFINITY;
    let mut previous_gap = vec![0.0; start.len()];
    for step in 0..MAX_STEPS {
        crate::error::check_interrupt()?;
        let (w, _) = model
            .solve_short_run(&shares, wages.as_deref(), &inner)
            .map_err(|e| e.while_solving(support::INNER_CONTEXT))?;
        let omega = model.outcomes(&shares, &w).real_wage;
        wages = Some(w);
        let omega_bar: f64 = shares.iter().zip(&omega).map(|(l, o)| l * o).sum();
        let gap: Vec<f64> = omega.iter().map(|o| o / omega_bar - 1.0).collect();
        let occupied_gap = (0..shares.len())
            .filter(|&r| shares[r] > EMPTY_SHARE)
            .fold(0.0f64, |m, r| m.max(gap[r].abs()));
        let empty_ok = (0..shares.len()).all(|r| shares[r] > EMPTY_SHARE || gap[r] < 0.0);
        if occupied_gap < GAP_TOLERANCE && empty_ok {
            return Ok((shares, wages.unwrap_or_default(), step));
        }
        // Step control: an explicit step that overshoots makes successive gap vectors point
        // in opposite directions; halve the step then, and let it grow otherwise. (The gaps
        // themselves may grow: leaving an unstable equilibrium is growth.)
        let turn: f64 = gap.iter().zip(&previous_gap).map(|(a, b)| a * b).sum();
        h_cap = if turn < 0.0 {
            if stiff {
                h_ceiling = h_ceiling.min(0.9 * h_cap);
            }
            h_cap * 0.5
        } else {
            (h_cap * 1.2).min(h_ceiling)
        };
        previous = occupied_gap;
        previous_gap.clone_from(&gap);
        let largest = gap.iter().fold(0.0f64, |m, g| m.max(g.abs()));
        let h = h_cap.min(0.2 / largest);
        for (l, g) in shares.iter_mut().zip(&gap) {
            *l = (*l * (h * g).exp()).max(1e-300);
        }
        let total: f64 = shares.iter().sum();
        shares.iter_mut().for_each(|l| *l /= total);
    }
    Err(Error::NotConverged {
        solver: "migration dynamics",
        iterations: MAX_STEPS,
        residual: previous,
        tolerance: GAP_TOLERANCE,
        context: "integrating towards a long-run equilibrium".into(),
    })
}
