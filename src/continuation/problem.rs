//! What continuation needs from a problem: equations `F(u, p) = 0` in a state `u` (k
//! unknowns) and a parameter `p`, with the Jacobian `dF/du`, the derivative `dF/dp`, a
//! domain, the stability of each solution and what to record of it. The pseudo-arclength
//! algorithm ([`super::arclength`]), the event detectors ([`super::events`]) and the
//! location of special points ([`super::locate`]) see a problem only through this trait.
//!
//! Implemented by [`super::system::SupportSystem`] (the long run of a mobile-factor model on
//! a support, corners exact) and [`super::spatial::SpatialProblem`] (the interior equilibria
//! of a spatial model).
//!
//! The two Newton solves shared by every problem are here: the tangent of the solution
//! curve, the null vector of `[dF/du | dF/dp]` (Allgower and Georg 1990, ch. 2), and the
//! pseudo-arclength corrector, Newton on `[F(y); t·(y - y_pred)] = 0` (Keller 1977).

use nalgebra::{DMatrix, DVector};

use super::Point;
use crate::error::{Error, Result};

/// Everything known at one solution (u, p).
pub trait Solution: Clone {
    /// The parameter p.
    fn parameter(&self) -> f64;
    /// The unknowns u.
    fn u(&self) -> &[f64];
    /// F(u, p).
    fn residual(&self) -> &[f64];
    /// dF/du (k × k).
    fn jacobian(&self) -> &DMatrix<f64>;
    /// Eigenvalues of the adjustment dynamics with positive real part.
    fn n_unstable(&self) -> usize;
    /// What a branch records of this solution.
    fn record(&self) -> Point;
}

/// A continuation problem F(u, p) = 0.
pub trait Problem {
    type Solution: Solution;
    /// What warm-starts an evaluation near a known solution (e.g. short-run wages).
    type Warm: Clone;

    /// Number of unknowns k in u.
    fn dim(&self) -> usize;

    /// max |F| (and distance to the corrector's plane) at which a point is a solution.
    fn tolerance(&self) -> f64;

    /// True when u lies in the problem's domain (e.g. positive shares).
    fn in_domain(&self, u: &[f64]) -> bool;

    /// Evaluates F, dF/du and stability at (u, p).
    fn evaluate(&self, u: &[f64], p: f64, warm: Option<&Self::Warm>) -> Result<Self::Solution>;

    /// The warm start a solution offers its neighbours.
    fn warm(&self, s: &Self::Solution) -> Self::Warm;

    /// dF/dp at a solution.
    fn parameter_derivative(&self, s: &Self::Solution) -> Result<Vec<f64>>;

    /// Solves F(u, p) = 0 at fixed p from `u0`. By default the corrector with the plane
    /// p = const.
    fn solve_at(&self, u0: &[f64], p: f64, warm: Option<&Self::Warm>) -> Result<Self::Solution>
    where
        Self: Sized,
    {
        let k = self.dim();
        let mut y = u0.to_vec();
        y.push(p);
        let mut plane = vec![0.0; k + 1];
        plane[k] = 1.0;
        correct(self, &y, &plane, warm)
    }
}

/// (u, p) of a solution.
pub fn y_of<S: Solution>(s: &S) -> Vec<f64> {
    let mut y = s.u().to_vec();
    y.push(s.parameter());
    y
}

/// The unit tangent of the solution curve at `s`: the null vector of [dF/du | dF/dp],
/// oriented to have a positive inner product with `reference`.
pub fn tangent<P: Problem>(problem: &P, s: &P::Solution, reference: &[f64]) -> Result<Vec<f64>> {
    let k = problem.dim();
    let f_p = problem.parameter_derivative(s)?;
    let jacobian = s.jacobian();
    let mut m = DMatrix::zeros(k + 1, k + 1);
    for i in 0..k {
        for j in 0..k {
            m[(i, j)] = jacobian[(i, j)];
        }
        m[(i, k)] = f_p[i];
    }
    for j in 0..=k {
        m[(k, j)] = reference[j];
    }
    let mut rhs = DVector::zeros(k + 1);
    rhs[k] = 1.0;
    let t = m
        .lu()
        .solve(&rhs)
        .filter(|t| t.iter().all(|v| v.is_finite()))
        .ok_or_else(|| {
            Error::Numerical(format!(
                "continuation: singular extended Jacobian at p = {}",
                s.parameter()
            ))
        })?;
    let norm = t.norm();
    Ok(t.iter().map(|v| v / norm).collect())
}

/// Newton steps the corrector takes at most.
pub const CORRECTOR_ITERATIONS: usize = 12;

/// Pseudo-arclength corrector: Newton on [F(y); t·(y - y_pred)] = 0 from y_pred = (u, p),
/// to max |F|, |t·(y - y_pred)| <= `tolerance`.
pub fn correct_to<P: Problem>(
    problem: &P,
    predicted: &[f64],
    tangent: &[f64],
    warm: Option<&P::Warm>,
    tolerance: f64,
) -> Result<P::Solution> {
    let k = problem.dim();
    let mut y = predicted.to_vec();
    let mut warm = warm.cloned();
    for _ in 0..CORRECTOR_ITERATIONS {
        if !problem.in_domain(&y[..k]) {
            return Err(Error::Numerical("continuation: corrector left the domain".into()));
        }
        let e = problem.evaluate(&y[..k], y[k], warm.as_ref())?;
        let plane: f64 = tangent
            .iter()
            .zip(y.iter().zip(predicted))
            .map(|(t, (a, b))| t * (a - b))
            .sum();
        let residual = e.residual().iter().fold(plane.abs(), |m, g| m.max(g.abs()));
        if residual <= tolerance {
            return Ok(e);
        }
        let f_p = problem.parameter_derivative(&e)?;
        let jacobian = e.jacobian();
        let gaps = e.residual();
        let mut m = DMatrix::zeros(k + 1, k + 1);
        let mut rhs = DVector::zeros(k + 1);
        for i in 0..k {
            for j in 0..k {
                m[(i, j)] = jacobian[(i, j)];
            }
            m[(i, k)] = f_p[i];
            rhs[i] = gaps[i];
        }
        for j in 0..=k {
            m[(k, j)] = tangent[j];
        }
        rhs[k] = plane;
        let step = m
            .lu()
            .solve(&rhs)
            .filter(|s| s.iter().all(|v| v.is_finite()))
            .ok_or_else(|| Error::Numerical(format!("continuation: singular corrector system at p = {}", y[k])))?;
        for j in 0..=k {
            y[j] -= step[j];
        }
        warm = Some(problem.warm(&e));
    }
    Err(Error::Numerical(format!(
        "continuation: corrector did not converge in {CORRECTOR_ITERATIONS} Newton steps"
    )))
}

/// [`correct_to`] with the problem's own tolerance.
pub fn correct<P: Problem>(
    problem: &P,
    predicted: &[f64],
    tangent: &[f64],
    warm: Option<&P::Warm>,
) -> Result<P::Solution> {
    correct_to(problem, predicted, tangent, warm, problem.tolerance())
}
