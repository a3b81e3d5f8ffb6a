//! What the long run, stability and continuation need from a model: a mobile factor with
//! shares lambda on the simplex, a short-run state solved at given shares (wages, rewards),
//! and the real returns that drive migration with their derivative in lambda.

use nalgebra::DMatrix;

use super::RegionOutcomes;
use crate::error::Result;
use crate::solve::{SolverSettings, Stats};
use crate::stability::Stability;

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

    /// The short-run residual at `shares` and a given state, recomputed by one application
    /// of the short-run map: max_r |ln G(x)_r - ln x_r| (the residual the solvers stop on;
    /// +inf when it cannot be evaluated). Used to check reported equilibria.
    fn short_run_residual(&self, shares: &[f64], state: &[f64]) -> f64;

    /// d ln state_r / d p_i (N × q) at a short-run equilibrium for the model parameters
    /// `parameters` (the implicit-function theorem on the short run), or `None` when the
    /// model does not derive them (callers fall back to finite differences).
    fn log_state_sensitivity(
        &self,
        _shares: &[f64],
        _state: &[f64],
        _parameters: &[super::ShortRunParameter],
    ) -> Option<Result<DMatrix<f64>>> {
        None
    }

    /// d omega / d lambda times `v` without forming the matrix (products with the
    /// freeness), where the model has it; `None` otherwise (the long run then uses
    /// [`MobileFactorModel::real_wage_response`]).
    fn real_wage_response_times(&self, _shares: &[f64], _state: &[f64], _v: &[f64]) -> Option<Result<Vec<f64>>> {
        None
    }

    /// True when [`MobileFactorModel::real_wage_response_times`] gives products (then the
    /// long run above `stability::DENSE_MAX_SUPPORT` regions forms no N × N matrix; the
    /// memory budget estimates it so).
    fn has_response_products(&self) -> bool {
        false
    }

    /// (width, height) of the racetrack (height 1) or torus when the model at `shares` is
    /// invariant under its translations (equal shares, equal immobile factors, costs that
    /// depend only on the offset), so that d omega / d lambda is circulant.
    fn translation_symmetry(&self, _shares: &[f64]) -> Option<(usize, usize)> {
        None
    }

    /// True when the share dynamics are stiff (real returns that change steeply where a
    /// constraint binds, as the vertical-linkages model's profits where a region's wage
    /// rises): the migration search then keeps its step below the last one that overshot.
    /// The default, false, leaves the integration of the other models as it was.
    fn stiff_migration(&self) -> bool {
        false
    }

    /// The stability of the equilibrium at `shares` (support `support`) under the model's
    /// own adjustment dynamics, when they are not the migration dynamics on the simplex that
    /// [`crate::stability`] linearises from d omega / d lambda. The vertical-linkages model
    /// has one: firms enter and exit, dn_r/dt = n_r pi_r, in the positive orthant, so its
    /// Jacobian is that of n pi in the numbers of firms on the support (one eigenvalue more
    /// than the shares have), with the entry conditions of the empty regions. `None` (the
    /// default): the migration dynamics. Equilibria, continuation and the located special
    /// points are the same either way; only the eigenvalues come from here.
    fn own_stability(&self, _shares: &[f64], _state: &[f64], _support: &[usize]) -> Option<Result<Stability>> {
        None
    }
}

/// ln of a positive state (None when an entry is not positive and finite).
pub(crate) fn log_state(state: &[f64]) -> Option<Vec<f64>> {
    state
        .iter()
        .map(|v| (v.is_finite() && *v > 0.0).then(|| v.ln()))
        .collect()
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
    fn short_run_residual(&self, shares: &[f64], state: &[f64]) -> f64 {
        match log_state(state) {
            Some(u) if shares.len() == u.len() => crate::solve::residual_at(&self.short_run(shares), &u),
            _ => f64::INFINITY,
        }
    }
    fn log_state_sensitivity(
        &self,
        shares: &[f64],
        state: &[f64],
        parameters: &[super::ShortRunParameter],
    ) -> Option<Result<DMatrix<f64>>> {
        self.log_wage_sensitivity(shares, state, parameters)
    }
    fn real_wage_response_times(&self, shares: &[f64], state: &[f64], v: &[f64]) -> Option<Result<Vec<f64>>> {
        super::CorePeriphery::real_wage_response_times(self, shares, state, v)
    }
    fn translation_symmetry(&self, shares: &[f64]) -> Option<(usize, usize)> {
        super::CorePeriphery::translation_symmetry(self, shares)
    }
    fn has_response_products(&self) -> bool {
        self.spillover() == 0.0
    }
}
