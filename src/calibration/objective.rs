//! What a calibration target gives the optimisers: a vector of residuals r(theta) whose sum
//! of squares is the objective, f(theta) = sum_k r_k(theta)^2, with resampling weights on
//! locations for the bootstrap. A target may also give the exact Jacobian of its residuals
//! in theta (the least-squares method and the standard errors use it) and warm-start its
//! equilibrium from the previous evaluation of the same run.

use nalgebra::DMatrix;

use crate::error::Result;

/// The last equilibrium state a target solved in one optimisation run (e.g. short-run
/// wages), to start the next evaluation from. Each run owns one, so what a run computes
/// does not depend on how runs are spread over threads.
pub type WarmStart = Option<Vec<f64>>;

/// A calibration target: data plus the model evaluated at parameters theta (in the units of
/// the config keys).
pub trait Target: Sync {
    /// "wages", "trade-flows" or "moments".
    fn name(&self) -> &'static str;

    /// One label per residual (a location id, an "origin->destination" pair, a moment name).
    fn labels(&self) -> Vec<String>;

    /// Number of locations the bootstrap resamples (0: the target cannot be bootstrapped).
    fn locations(&self) -> usize;

    /// Residuals at theta, with `counts[l]` the weight of location l (1 everywhere for the
    /// estimate; multinomial counts in a bootstrap replicate).
    fn residuals(&self, theta: &[f64], counts: &[f64]) -> Result<Vec<f64>>;

    /// [`Target::residuals`] with the equilibrium started from `warm` (when set), which is
    /// then replaced by the state solved here. The default ignores `warm`.
    fn residuals_warm(&self, theta: &[f64], counts: &[f64], _warm: &mut WarmStart) -> Result<Vec<f64>> {
        self.residuals(theta, counts)
    }

    /// The residuals and their exact Jacobian J_ki = d r_k / d theta_i at theta, when the
    /// target derives it (the default: `None`, and callers use central differences).
    fn residuals_and_jacobian(
        &self,
        _theta: &[f64],
        _counts: &[f64],
        _warm: &mut WarmStart,
    ) -> Result<Option<(Vec<f64>, DMatrix<f64>)>> {
        Ok(None)
    }

    /// Model and data, per residual, in the units the objective compares (e.g. demeaned log
    /// wages): (fitted, observed).
    fn fit(&self, theta: &[f64]) -> Result<(Vec<f64>, Vec<f64>)>;

    /// Degrees of freedom the objective absorbs by normalisation (1 when it demeans).
    fn absorbed(&self) -> usize {
        0
    }

    /// Whether the residuals are data minus model per observation, so that the Gauss–Newton
    /// variance sigma^2 (J'J)^-1 applies.
    fn least_squares(&self) -> bool {
        true
    }
}

/// sum r^2 in a fixed order.
pub fn sum_of_squares(r: &[f64]) -> f64 {
    r.iter().map(|x| x * x).sum()
}
