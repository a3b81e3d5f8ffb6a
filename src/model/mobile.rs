//! What the long run, stability and continuation need from a model: a mobile factor with
//! shares lambda on the simplex, a short-run state solved at given shares (wages, rewards),
//! and the real returns that drive migration with their derivative in lambda.

use nalgebra::DMatrix;

use super::RegionOutcomes;
use crate::error::Result;
use crate::solve::{SolverSettings, Stats};

/// A model whose mobile factor (workers, entrepreneurs) moves towards higher real returns.
pub trait MobileFactorModel: Sync {
    /// Number of regions.
    fn regions(&self) -> usize;

    /// The short-run equilibrium state (nominal wages or rewards) at `shares`, warm-started
    /// from `start` when given.
    fn solve_short_run(
        &self,
        shares: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)>;

    /// Outcomes per region at `shares` and a short-run state; `real_wage` is the real return
    /// of the mobile factor.
    fn outcomes(&self, shares: &[f64], state: &[f64]) -> RegionOutcomes;

    /// d omega / d lambda (N × N) at a short-run equilibrium, shares varied independently.
    fn real_wage_response(&self, shares: &[f64], state: &[f64]) -> Result<DMatrix<f64>>;
}

impl MobileFactorModel for super::CorePeriphery {
    fn regions(&self) -> usize {
        super::CorePeriphery::regions(self)
    }
    fn solve_short_run(
        &self,
        shares: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        super::CorePeriphery::solve_short_run(self, shares, start, settings)
    }
    fn outcomes(&self, shares: &[f64], state: &[f64]) -> RegionOutcomes {
        super::CorePeriphery::outcomes(self, shares, state)
    }
    fn real_wage_response(&self, shares: &[f64], state: &[f64]) -> Result<DMatrix<f64>> {
        super::CorePeriphery::real_wage_response(self, shares, state)
    }
}
