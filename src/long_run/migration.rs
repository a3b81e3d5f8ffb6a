//! Multi-region long run: integrate the migration dynamics
//! d lambda_r/dt = (omega_r - omega_bar) lambda_r (FKV eq. 5.6) from seeded perturbations
//! of the start, then solve the system on the support reached by Newton ([`super::support`]).
//! The dispersed equilibrium nearest the start (the uniform one on a racetrack) is found by
//! Newton on the full support directly, whatever its stability (above `DENSE_MAX_SUPPORT`
//! regions only from a start whose real wages are already equal: see [`start_is_settled`]).

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{assemble, same_shares, stats, support, Equilibrium, SearchOptions};
use crate::error::{Error, Result};
use crate::model::MobileFactorModel;
use crate::solve::SolverSettings;
use crate::stability::DENSE_MAX_SUPPORT;

/// Shares below this at the end of the integration are treated as empty regions.
const EMPTY_SHARE: f64 = 1e-7;
/// The integration stops when relative real-wage gaps on occupied regions are below this.
const GAP_TOLERANCE: f64 = 1e-6;
const MAX_STEPS: usize = 200_000;
/// An occupied region whose relative gap is below minus this, once the others' gaps are
/// below [`GAP_TOLERANCE`], pays less and keeps emptying: the integration stops there
/// instead of waiting for its share to fall below [`EMPTY_SHARE`] (at a gap of -1e-3 that
/// takes thousands of time units), and the region is left off the support.
const EMPTYING_GAP: f64 = 1e-4;
/// Most total share that regions left off the support that way may still hold.
const EMPTYING_MASS: f64 = 1e-3;
/// Shares below this fraction of the uniform share 1/N do not limit the step: their
/// exponential update is exact for a fixed gap, and they move the others by little.
const NEGLIGIBLE_SHARE: f64 = 1e-2;
/// Relative residual of the short runs while integrating: the gaps are resolved far below
/// [`GAP_TOLERANCE`]; the polish on the support reached uses the run's tolerance.
const INTEGRATION_RESIDUAL: f64 = 1e-3 * GAP_TOLERANCE;
/// Above `DENSE_MAX_SUPPORT` regions, once the same regions (at most
/// [`EARLY_MAX_SUPPORT`] of them, each above [`NEGLIGIBLE_SHARE`] / N) have been the only
/// ones gaining workers for this many steps, the equilibrium on them is tried: a stable one
/// whose empty regions all pay less ends the integration (once per set of regions). One
/// region (full agglomeration there: no Newton step, one column of d omega / d lambda for
/// its stability); a larger set would need a GMRES solve per column and Newton step, which
/// at 5,000 points costs more than the steps it saves.
const SETTLED_STEPS: usize = 3;
const EARLY_MAX_SUPPORT: usize = 1;
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
    if n <= DENSE_MAX_SUPPORT || start_is_settled(model, start, settings)? {
        if let Ok(sol) = support::solve_on_support(model, start, &all, None, settings) {
            let stats = stats(settings, sol.iterations, sol.residual, clock);
            found.push(assemble(model, sol.shares, &sol.wages, &all, stats)?);
        }
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

/// True when the real wages at `start` are equal to [`GAP_TOLERANCE`] (relative), as at
/// the uniform state of a racetrack or torus. Above `DENSE_MAX_SUPPORT` regions Newton on
/// the full support needs a GMRES solve per step whose every product is itself a GMRES
/// solve (minutes at 5,000 points), so it is tried from such starts only; from others the
/// dispersed equilibrium is left to the migration search.
fn start_is_settled(model: &dyn MobileFactorModel, start: &[f64], settings: &SolverSettings) -> Result<bool> {
    let inner = support::inner_settings(settings);
    let (w, _) = model
        .solve_short_run(start, None, &inner)
        .map_err(|e| e.while_solving(support::INNER_CONTEXT))?;
    let omega = model.outcomes(start, &w).real_wage;
    let omega_bar: f64 = start.iter().zip(&omega).map(|(l, o)| l * o).sum();
    Ok(omega.iter().all(|o| (o / omega_bar - 1.0).abs() < GAP_TOLERANCE))
}

/// Newton on `support` from `shares`: the solution when it exists with every region off the
/// support paying less by [`EMPTYING_GAP`] or more and is stable (the dynamics end there),
/// else `None` (the integration goes on).
fn settled_equilibrium(
    model: &dyn MobileFactorModel,
    shares: &[f64],
    wages: Option<&[f64]>,
    support: &[usize],
    settings: &SolverSettings,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let sol = support::solve_on_support(model, shares, support, wages, settings).ok()?;
    let omega = model.outcomes(&sol.shares, &sol.wages).real_wage;
    let omega_bar: f64 = sol.shares.iter().zip(&omega).map(|(l, o)| l * o).sum();
    let entry = (0..shares.len()).all(|r| sol.shares[r] > 0.0 || omega[r] / omega_bar - 1.0 < -EMPTYING_GAP);
    if !entry {
        return None;
    }
    let stats = stats(settings, sol.iterations, sol.residual, Instant::now());
    let eq = assemble(model, sol.shares.clone(), &sol.wages, support, stats).ok()?;
    eq.stability.stable.then_some((sol.shares, sol.wages))
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
/// overshot). Above `DENSE_MAX_SUPPORT` regions shares below [`NEGLIGIBLE_SHARE`] / N
/// that are falling do not limit it, and the integration stops
/// when every occupied region's gap is below [`GAP_TOLERANCE`] or below -[`EMPTYING_GAP`]
/// (then its share is set to 0: it keeps emptying; at most [`EMPTYING_MASS`] in all), and
/// nearly empty ones pay less than the average; up to that size only the first kind counts.
fn integrate(
    model: &dyn MobileFactorModel,
    start: &[f64],
    settings: &SolverSettings,
) -> Result<(Vec<f64>, Vec<f64>, usize)> {
    // The rules for many regions (looser inner solves, negligible shares, emptying regions,
    // one gaining region); up to `DENSE_MAX_SUPPORT` regions the integration is as before.
    let large = start.len() > DENSE_MAX_SUPPORT;
    let mut inner = support::inner_settings(settings);
    if large {
        inner.tolerance.residual = inner.tolerance.residual.max(INTEGRATION_RESIDUAL);
    }
    let negligible = if large {
        NEGLIGIBLE_SHARE / start.len() as f64
    } else {
        0.0
    };
    let mut shares = start.to_vec();
    let mut wages: Option<Vec<f64>> = None;
    let mut h_cap: f64 = 1.0;
    // For stiff models, below the step at which the gaps last turned (an overshoot): the
    // step would otherwise regrow past it forever.
    let stiff = model.stiff_migration();
    let mut h_ceiling: f64 = 1e6;
    let mut previous = f64::INFINITY;
    let mut previous_gap = vec![0.0; start.len()];
    let early = large;
    let (mut gaining, mut same_for, mut tried): (Vec<usize>, usize, Vec<Vec<usize>>) = (Vec::new(), 0, Vec::new());
    for step in 0..MAX_STEPS {
        crate::error::check_interrupt()?;
        let (w, _) = model
            .solve_short_run(&shares, wages.as_deref(), &inner)
            .map_err(|e| e.while_solving(support::INNER_CONTEXT))?;
        let omega = model.outcomes(&shares, &w).real_wage;
        wages = Some(w);
        let omega_bar: f64 = shares.iter().zip(&omega).map(|(l, o)| l * o).sum();
        let gap: Vec<f64> = omega.iter().map(|o| o / omega_bar - 1.0).collect();
        let emptying = |r: usize| large && shares[r] > EMPTY_SHARE && gap[r] < -EMPTYING_GAP;
        let occupied_gap = (0..shares.len())
            .filter(|&r| shares[r] > EMPTY_SHARE && !emptying(r))
            .fold(0.0f64, |m, r| m.max(gap[r].abs()));
        let empty_ok = (0..shares.len()).all(|r| shares[r] > EMPTY_SHARE || gap[r] < 0.0);
        let emptying_mass: f64 = (0..shares.len()).filter(|&r| emptying(r)).map(|r| shares[r]).sum();
        if occupied_gap < GAP_TOLERANCE && empty_ok && emptying_mass <= EMPTYING_MASS {
            if emptying_mass > 0.0 {
                let left: Vec<bool> = (0..shares.len()).map(emptying).collect();
                for (l, off) in shares.iter_mut().zip(&left) {
                    if *off {
                        *l = 0.0;
                    }
                }
                let total: f64 = shares.iter().sum();
                shares.iter_mut().for_each(|l| *l /= total);
            }
            return Ok((shares, wages.unwrap_or_default(), step));
        }
        if early {
            let now: Vec<usize> = (0..shares.len())
                .filter(|&r| gap[r] > 0.0 && shares[r] >= negligible)
                .collect();
            same_for = if now == gaining { same_for + 1 } else { 0 };
            gaining = now;
            if same_for >= SETTLED_STEPS
                && !gaining.is_empty()
                && gaining.len() <= EARLY_MAX_SUPPORT
                && !tried.contains(&gaining)
            {
                tried.push(gaining.clone());
                if let Some((s, w)) = settled_equilibrium(model, &shares, wages.as_deref(), &gaining, settings) {
                    return Ok((s, w, step));
                }
            }
        }
        // Step control: an explicit step that overshoots makes successive gap vectors point
        // in opposite directions; halve the step then, and let it grow otherwise. (The gaps
        // themselves may grow: leaving an unstable equilibrium is growth.)
        let turn: f64 = (0..shares.len())
            .filter(|&r| shares[r] >= negligible)
            .map(|r| gap[r] * previous_gap[r])
            .sum();
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
        let largest = gap
            .iter()
            .zip(&shares)
            .filter(|(g, l)| **g > 0.0 || **l >= negligible)
            .fold(0.0f64, |m, (g, _)| m.max(g.abs()));
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
