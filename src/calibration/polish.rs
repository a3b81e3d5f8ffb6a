//! A least-squares polish of every target's residuals after an argmin search: at most
//! [`MAX_STEPS`] Levenberg–Marquardt iterations ([`super::least_squares`]) from where the
//! search stopped, kept only when they lower the objective. Near a least-squares optimum it
//! converges quadratically (on zero-residual problems) where Nelder–Mead and L-BFGS on
//! f = sum r^2 stall at |theta - theta*| ~ sqrt(rounding of f); it brings noise-free
//! recoveries to ~1e-9.

use super::least_squares;
use super::local::{RunResult, RunSettings};
use super::problem::Problem;
use super::progress::TraceRow;

pub const MAX_STEPS: u64 = 30;

/// Polishes the end of run `r` in place (its trace gains the polished point).
pub fn polish(problem: &Problem<'_>, r: &mut RunResult, settings: &RunSettings) {
    let settings = RunSettings {
        max_iterations: MAX_STEPS,
        progress: None,
        ..settings.clone()
    };
    let Ok(p) = least_squares::run(problem, &r.z, &settings) else {
        return;
    };
    if p.objective < r.objective {
        r.z = p.z;
        r.objective = p.objective;
        let last = r.trace.last().map_or(0, |t| t.iteration);
        r.trace.push(TraceRow {
            iteration: last + p.iterations,
            theta: problem.transform.to_theta(&r.z),
            objective: r.objective,
        });
    }
}
