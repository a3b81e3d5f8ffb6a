//! Long-run equilibria of the core–periphery model: worker shares at which real wages are
//! equal wherever anyone lives and no empty region pays more (FKV ch. 5), with stability.
//!
//! A long-run equilibrium is a support S plus a smooth system on it ([`support`]): the
//! short-run equations, omega_r equal on S, lambda_r = 0 off S, shares summing to 1.
//! Two regions are enumerated exhaustively ([`two_region`]); more regions are reached by
//! integrating the migration dynamics from seeded perturbations of the start ([`migration`]).

pub mod migration;
pub mod reached;
mod response;
pub mod support;
pub mod two_region;
pub mod verify;
pub mod wiggle;

use std::time::Instant;

use crate::error::Result;
use crate::model::{MobileFactorModel, RegionOutcomes};
use crate::solve::{SolverSettings, Stats};
use crate::stability::Stability;
use response::Response;

/// A long-run equilibrium with its outcomes, stability and how it was found.
#[derive(Debug, Clone)]
pub struct Equilibrium {
    pub shares: Vec<f64>,
    pub outcomes: RegionOutcomes,
    pub stability: Stability,
    /// converged, iterations (long-run steps), residual (max of the short-run residual and
    /// the real-wage gap on the support), solver (the short-run method). `converged` is
    /// also false when the independent check of [`verify`] finds the equilibrium system
    /// violated beyond the tolerance.
    pub stats: Stats,
    /// Part of a continuum of equilibria (real wages equal at every split of the mobile
    /// factor, as at free trade between two regions): the equilibria are not isolated and
    /// their number is not a count.
    pub continuum: bool,
}

/// How the search for multi-region equilibria starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Seed of the perturbations.
    pub seed: u64,
    /// Relative size of the perturbation of the start (uniform in ±perturbation).
    pub perturbation: f64,
    /// Number of perturbed starts (each with seed + k).
    pub starts: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            seed: 1,
            perturbation: 0.01,
            starts: 1,
        }
    }
}

/// Every long-run equilibrium found for `model` starting from `start` shares, each checked
/// against the tolerance by [`verify::verified`] (not converged when it fails).
pub fn find_equilibria(
    model: &dyn MobileFactorModel,
    start: &[f64],
    settings: &SolverSettings,
    options: &SearchOptions,
) -> Result<Vec<Equilibrium>> {
    let found = if model.regions() == 2 {
        two_region::enumerate(model, settings)?
    } else {
        migration::search(model, start, settings, options)?
    };
    let tolerance = settings.tolerance.residual;
    Ok(found
        .into_iter()
        .map(|e| verify::verified(model, e, tolerance))
        .collect())
}

/// True when the equilibria found are a continuum (see [`Equilibrium::continuum`]).
pub fn is_continuum(equilibria: &[Equilibrium]) -> bool {
    equilibria.iter().any(|e| e.continuum)
}

/// Builds the reported equilibrium at converged shares and wages.
pub(crate) fn assemble(
    model: &dyn MobileFactorModel,
    shares: Vec<f64>,
    wages: &[f64],
    support: &[usize],
    stats: Stats,
) -> Result<Equilibrium> {
    let outcomes = model.outcomes(&shares, wages);
    let stability = match model.own_stability(&shares, wages, support) {
        Some(own) => own?,
        None => Response::new(model, &shares, wages, support)?.classify(&shares, &outcomes.real_wage, support)?,
    };
    Ok(Equilibrium {
        shares,
        outcomes,
        stability,
        stats,
        continuum: false,
    })
}

/// True when two share vectors are the same equilibrium (max difference below 1e-7).
pub(crate) fn same_shares(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-7)
}

/// Stats of a long-run solve: converged when the residual meets the tolerance.
pub(crate) fn stats(settings: &SolverSettings, iterations: usize, residual: f64, clock: Instant) -> Stats {
    Stats {
        converged: residual <= settings.tolerance.residual,
        iterations,
        residual,
        solver: settings.method.name(),
        seconds: clock.elapsed().as_secs_f64(),
    }
}
