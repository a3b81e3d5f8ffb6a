//! The argmin problem: the objective f = sum r^2 of a [`Target`] in the unconstrained
//! coordinates z of [`Transform`], with central finite-difference gradients (step scaled to
//! the coordinate, h_i = eps^(1/3) max(|z_i|, 1)).
//!
//! A model that cannot be solved at some z (a short run that does not converge, a moment
//! undefined there) gives f = +inf, which every method treats as a rejected point; such
//! evaluations are counted and reported, never hidden.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use argmin::core::{CostFunction, Error as ArgminError, Gradient};

use super::objective::sum_of_squares;
use super::{Target, Transform};

/// f(z) = sum_k r_k(theta(z))^2 with location weights `counts`.
#[derive(Clone)]
pub struct Problem<'a> {
    pub target: &'a dyn Target,
    pub transform: &'a Transform,
    pub counts: &'a [f64],
    /// Evaluations that failed (f = +inf).
    pub failed: Arc<AtomicUsize>,
}

impl Problem<'_> {
    /// f at z (+inf when the model fails there).
    pub fn objective(&self, z: &[f64]) -> f64 {
        let theta = self.transform.to_theta(z);
        match self.target.residuals(&theta, self.counts) {
            Ok(r) => {
                let f = sum_of_squares(&r);
                if f.is_finite() {
                    f
                } else {
                    self.failed.fetch_add(1, Ordering::Relaxed);
                    f64::INFINITY
                }
            }
            Err(_) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                f64::INFINITY
            }
        }
    }
}

impl CostFunction for Problem<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, z: &Self::Param) -> Result<f64, ArgminError> {
        Ok(self.objective(z))
    }
}

impl Gradient for Problem<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, z: &Self::Param) -> Result<Vec<f64>, ArgminError> {
        let step = f64::EPSILON.cbrt();
        let mut g = vec![0.0; z.len()];
        let mut x = z.clone();
        for i in 0..z.len() {
            let h = step * z[i].abs().max(1.0);
            x[i] = z[i] + h;
            let up = self.objective(&x);
            x[i] = z[i] - h;
            let down = self.objective(&x);
            x[i] = z[i];
            g[i] = (up - down) / (2.0 * h);
            if !g[i].is_finite() {
                return Err(ArgminError::msg(format!(
                    "the finite-difference gradient is not finite in coordinate {i} (the model fails next to this point)"
                )));
            }
        }
        Ok(g)
    }
}
