//! Welfare at any population distribution, not only at an equilibrium: what the adjustment
//! dynamics of a spatial model need. Workers move towards higher welfare; in the log ratios
//! `u_i = ln(L_i / L_N)` of population the dynamics are
//!
//! ```text
//! du_i/dt = ln W_i(L) - ln W_N(L),     i = 1, ..., N-1
//! ```
//!
//! with the short run (wages clearing the goods markets at the given L) solved instantly.
//! This is the replicator dynamics `dl_i/dt = l_i (omega_i - omega_bar)` of Fujita, Krugman
//! and Venables (1999, ch. 5) written in log ratios (since `d ln(l_i/l_N)/dt = omega_i -
//! omega_N`) with `omega = ln W`; at an equilibrium, where all `W_i` are equal, its
//! Jacobian is that of the replicator dynamics in `W` divided by the common `W`, so both
//! classify equilibria alike. Interior equilibria only: every location is occupied.

use crate::error::Result;
use crate::solve::SolverSettings;

/// A spatial model that can evaluate welfare at a given population (the short run).
pub trait PopulationAdjustment: Sync {
    /// Number of locations.
    fn regions(&self) -> usize;

    /// Welfare `W_i` per location at population levels `population` (all > 0), and the
    /// short-run state that produced it (e.g. wages), warm-started from `start`.
    fn welfare_at(
        &self,
        population: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Vec<f64>)>;

    /// Total population `Lbar` (population levels are `Lbar` times shares).
    fn total_population(&self) -> f64;
}
