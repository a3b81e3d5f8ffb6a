//! Levenberg–Marquardt on a target's residuals, in the unconstrained coordinates z of
//! [`super::Transform`] (bounds through the logistic transform; J_z = J_theta diag(d theta/d z)),
//! with the target's exact Jacobian where it derives one (central differences otherwise).
//!
//! With r(z) the residuals, J = dr/dz, g = J'r, A = J'J and f = r'r, each iteration solves
//! the damped Gauss–Newton system with Marquardt's scaling D (the running maximum of
//! diag A, as in MINPACK's `lmder`; Moré 1978, "The Levenberg–Marquardt algorithm:
//! implementation and theory"):
//!
//! ```text
//! (A + mu D) h = -g,      rho = (f(z) - f(z + h)) / (-(2 g'h + h'A h))
//! ```
//!
//! A step with rho > 0 is taken and mu multiplied by max(1/3, 1 - (2 rho - 1)^3); otherwise
//! mu grows by nu, and nu doubles (Nielsen 1999, "Damping parameter in Marquardt's method",
//! IMM-REP-1999-05, as in Madsen, Nielsen and Tingleff 2004, *Methods for non-linear least
//! squares problems*, Alg. 3.16). It stops, converged, at the first of (tol = the
//! calibration's tolerance, at least machine epsilon):
//!
//! ```text
//! gradient:  max_i |g_i| / (|J_i| |r|) <= tol     (r orthogonal to every column: a stationary point)
//! step:      |h| <= tol (|z| + tol)
//! decrease:  actual and predicted decrease of f both <= tol f
//! ```
//!
//! or when no step along the damped direction lowers f any more (mu beyond 1e32 max D),
//! which counts as converged (f at its rounding floor) only if the gradient cosine is below
//! 1e-6; a model that fails at a trial point rejects the step.

use nalgebra::DVector;

use super::local::{RunResult, RunSettings};
use super::objective::sum_of_squares;
use super::problem::Problem;
use super::progress::TraceRow;
use crate::error::{Error, Result};

/// Largest gradient cosine at which a run that can no longer lower f counts as converged.
const STALL_COSINE: f64 = 1e-6;

/// Minimises f = r'r from z0 for at most `settings.max_iterations` accepted-or-rejected
/// steps.
pub fn run(problem: &Problem<'_>, z0: &[f64], settings: &RunSettings) -> Result<RunResult> {
    let tol = settings.tolerance.max(f64::EPSILON);
    let q = z0.len();
    let mut z = DVector::from_column_slice(z0);
    let (mut r, mut j) = problem.residuals_and_jacobian(z.as_slice()).ok_or_else(|| {
        Error::Numerical(format!(
            "{}: the model fails at the start theta = {:?}",
            settings.label,
            problem.transform.to_theta(z0)
        ))
    })?;
    let mut f = sum_of_squares(&r);
    let mut trace = vec![row(problem, 0, z.as_slice(), f)];
    let mut scale = vec![0.0f64; q];
    let mut mu = 0.0;
    let mut nu = 2.0;
    let mut converged = false;
    let mut iterations = 0;
    while iterations < settings.max_iterations && !crate::error::interrupt_requested() {
        iterations += 1;
        let rv = DVector::from_column_slice(&r);
        let g = j.transpose() * &rv;
        let a = j.transpose() * &j;
        for (i, s) in scale.iter_mut().enumerate() {
            *s = s.max(a[(i, i)]);
        }
        let max_scale = scale.iter().cloned().fold(0.0, f64::max);
        if mu == 0.0 {
            mu = 1e-3 * max_scale;
        }
        let r_norm = rv.norm();
        let cosine = (0..q)
            .map(|i| {
                let c = j.column(i).norm() * r_norm;
                if c > 0.0 {
                    g[i].abs() / c
                } else {
                    0.0
                }
            })
            .fold(0.0, f64::max);
        if r_norm == 0.0 || cosine <= tol || max_scale == 0.0 {
            converged = true;
            break;
        }
        let mut damped = a.clone();
        for i in 0..q {
            damped[(i, i)] += mu * scale[i].max(1e-300 * max_scale);
        }
        let Some(h) = damped.cholesky().map(|c| c.solve(&(-&g))) else {
            mu *= nu;
            nu *= 2.0;
            continue;
        };
        if h.norm() <= tol * (z.norm() + tol) {
            converged = true;
            break;
        }
        let trial = &z + &h;
        let predicted = -(2.0 * g.dot(&h) + (&a * &h).dot(&h));
        let accepted = problem.residuals(trial.as_slice()).and_then(|rt| {
            let ft = sum_of_squares(&rt);
            let rho = (f - ft) / predicted;
            (ft < f && rho > 0.0).then_some((rt, ft, rho))
        });
        match accepted {
            Some((_, ft, rho)) => {
                let decrease = f - ft;
                let f_old = f;
                // The Jacobian at the accepted point; its short run starts from the trial's
                // solution, so it is found in an iteration or two.
                let Some((rn, jn)) = problem.residuals_and_jacobian(trial.as_slice()) else {
                    mu *= nu;
                    nu *= 2.0;
                    continue;
                };
                z = trial;
                r = rn;
                j = jn;
                f = sum_of_squares(&r);
                mu *= (1.0 - (2.0 * rho - 1.0).powi(3)).max(1.0 / 3.0);
                nu = 2.0;
                let t = row(problem, iterations, z.as_slice(), f);
                if let Some(p) = &settings.progress {
                    p(&format!(
                        "{}: iteration {:>5}  objective {:.6e}  theta {:?}",
                        settings.label, t.iteration, t.objective, t.theta
                    ));
                }
                trace.push(t);
                if decrease <= tol * f_old && predicted <= tol * f_old {
                    converged = true;
                    break;
                }
            }
            None => {
                mu *= nu;
                nu *= 2.0;
                if mu > 1e32 * max_scale {
                    converged = cosine <= STALL_COSINE;
                    break;
                }
            }
        }
    }
    Ok(RunResult {
        z: z.as_slice().to_vec(),
        objective: f,
        iterations,
        converged,
        trace,
    })
}

fn row(problem: &Problem<'_>, iteration: u64, z: &[f64], objective: f64) -> TraceRow {
    TraceRow {
        iteration,
        theta: problem.transform.to_theta(z),
        objective,
    }
}
