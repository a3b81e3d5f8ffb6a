//! The argmin problem: the objective f = sum r^2 of a [`Target`] in the unconstrained
//! coordinates z of [`Transform`], with central finite-difference gradients (step scaled to
//! the coordinate, h_i = eps^(1/3) max(|z_i|, 1)).
//!
//! A model that cannot be solved at some z (a short run that does not converge, a moment
//! undefined there) gives f = +inf, which every method treats as a rejected point; such
//! evaluations are counted and reported, never hidden.
//!
//! Each evaluation warm-starts the target's equilibrium from the previous one of the same
//! run ([`WarmStart`]); a run takes its own problem ([`Problem::fresh`]), so results do not
//! depend on how runs are spread over threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use argmin::core::{CostFunction, Error as ArgminError, Gradient};
use nalgebra::DMatrix;

use super::jacobian::residuals_and_jacobian;
use super::objective::{sum_of_squares, WarmStart};
use super::{Target, Transform};

/// f(z) = sum_k r_k(theta(z))^2 with location weights `counts`.
#[derive(Clone)]
pub struct Problem<'a> {
    pub target: &'a dyn Target,
    pub transform: &'a Transform,
    pub counts: &'a [f64],
    /// Evaluations that failed (f = +inf).
    pub failed: Arc<AtomicUsize>,
    /// The equilibrium of the last evaluation of this run.
    pub warm: Arc<Mutex<WarmStart>>,
}

impl<'a> Problem<'a> {
    pub fn new(target: &'a dyn Target, transform: &'a Transform, counts: &'a [f64], failed: Arc<AtomicUsize>) -> Self {
        Problem {
            target,
            transform,
            counts,
            failed,
            warm: Arc::new(Mutex::new(None)),
        }
    }

    /// The same problem with its own (empty) warm start, for one run.
    pub fn fresh(&self) -> Self {
        Problem {
            warm: Arc::new(Mutex::new(None)),
            ..self.clone()
        }
    }

    /// The residuals at z, or `None` (counted as a failed evaluation) when the model fails
    /// there or they are not finite.
    pub fn residuals(&self, z: &[f64]) -> Option<Vec<f64>> {
        let theta = self.transform.to_theta(z);
        let mut warm = self.warm.lock().expect("warm-start lock");
        match self.target.residuals_warm(&theta, self.counts, &mut warm) {
            Ok(r) if sum_of_squares(&r).is_finite() => Some(r),
            _ => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// The residuals at z and their Jacobian in z, J_z = J_theta diag(d theta / d z)
    /// (exact where the target derives it), or `None` when the model fails there.
    pub fn residuals_and_jacobian(&self, z: &[f64]) -> Option<(Vec<f64>, DMatrix<f64>)> {
        let theta = self.transform.to_theta(z);
        let mut warm = self.warm.lock().expect("warm-start lock");
        match residuals_and_jacobian(self.target, self.transform, &theta, self.counts, &mut warm) {
            Ok((r, mut j, _)) if sum_of_squares(&r).is_finite() && j.iter().all(|x| x.is_finite()) => {
                let d = self.transform.derivative(z);
                for (i, d) in d.iter().enumerate() {
                    j.column_mut(i).scale_mut(*d);
                }
                Some((r, j))
            }
            _ => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// f at z (+inf when the model fails there).
    pub fn objective(&self, z: &[f64]) -> f64 {
        self.residuals(z).map_or(f64::INFINITY, |r| sum_of_squares(&r))
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
