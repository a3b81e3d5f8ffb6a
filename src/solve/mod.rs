//! Fixed-point machinery, generic over models.
//!
//! A model exposes its equilibrium as a map `x -> G(x)` ([`FixedPointMap`]); the solvers
//! find `x = G(x)`. The set of methods is closed ([`Method`]); models are where the code is
//! extended. Every solve returns its [`Stats`]; a solve that stops short of the tolerance is
//! [`Error::NotConverged`](crate::error::Error::NotConverged) with iterations and residual.
//!
//! The residual is `max_i |G(x)_i - x_i|`, the same for every method, so their results can be
//! compared directly.

mod anderson;
mod newton;
mod picard;

use nalgebra::DMatrix;
use std::time::Instant;

use crate::error::{Error, Result};

/// An equilibrium written as a fixed point x = G(x).
pub trait FixedPointMap {
    /// Dimension of the state x.
    fn dim(&self) -> usize;
    /// Writes G(x) into `out`.
    fn apply(&self, x: &[f64], out: &mut [f64]);
    /// True when `x` is a state at which G can be evaluated (e.g. positive wages).
    fn in_domain(&self, x: &[f64]) -> bool {
        x.iter().all(|v| v.is_finite())
    }
    /// The Jacobian DG(x), when the model knows it analytically.
    fn jacobian(&self, _x: &[f64]) -> Option<DMatrix<f64>> {
        None
    }
}

/// How Newton gets its Jacobian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JacobianSource {
    /// The model's analytic Jacobian (falls back to finite differences if it has none).
    Analytic,
    /// Central finite differences of G.
    FiniteDifference,
}

/// The solution methods (a closed set).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// Damped fixed-point iteration x <- x + damping (G(x) - x); damping = 1 is plain
    /// iteration, 0.25–0.5 is what hand-written scripts typically use.
    Picard { damping: f64 },
    /// Anderson acceleration (type II, Walker–Ni 2011) of depth `depth` with mixing
    /// `damping`, restarted from the best iterate when the residual grows.
    Anderson { depth: usize, damping: f64 },
    /// Newton's method on x - G(x) = 0 with backtracking, dense LU (small N).
    Newton { jacobian: JacobianSource },
}

impl Method {
    /// Name used in output files and messages.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Picard { .. } => "picard",
            Method::Anderson { .. } => "anderson",
            Method::Newton { .. } => "newton",
        }
    }
}

/// When to stop: residual below `residual`, or give up after `max_iterations`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    pub residual: f64,
    pub max_iterations: usize,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            residual: 1e-10,
            max_iterations: 10_000,
        }
    }
}

/// A method with its stopping rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverSettings {
    pub method: Method,
    pub tolerance: Tolerance,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            method: Method::Anderson {
                depth: 10,
                damping: 1.0,
            },
            tolerance: Tolerance::default(),
        }
    }
}

/// How a result was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub converged: bool,
    pub iterations: usize,
    pub residual: f64,
    pub solver: &'static str,
    pub seconds: f64,
}

/// A fixed point with its statistics.
#[derive(Debug, Clone)]
pub struct Solution {
    pub state: Vec<f64>,
    pub stats: Stats,
}

/// Solves x = G(x) from `start`. Errors with `NotConverged` if the tolerance is not met.
pub fn solve<M: FixedPointMap + ?Sized>(map: &M, start: &[f64], settings: &SolverSettings) -> Result<Solution> {
    let clock = Instant::now();
    let tol = settings.tolerance;
    let mut solver_name = settings.method.name();
    let outcome = match settings.method {
        Method::Picard { damping } => picard::run(map, start, damping, tol),
        Method::Anderson { depth, damping } => {
            let outcome = anderson::run(map, start, depth, damping, tol);
            if outcome.residual <= tol.residual || map.dim() > NEWTON_POLISH_MAX_DIM {
                outcome
            } else {
                // Anderson can stagnate on a cycle far from the fixed point (seen on Helpman's
                // exact hat algebra: residual 5.6e-3 after 1e5 iterations). Newton with a line
                // search from Anderson's best iterate finishes the job; "anderson+newton" in
                // the stats records it.
                solver_name = "anderson+newton";
                let polish = Tolerance {
                    residual: tol.residual,
                    max_iterations: NEWTON_POLISH_ITERATIONS,
                };
                match newton::run(map, &outcome.state, JacobianSource::Analytic, polish) {
                    Ok(p) if p.residual < outcome.residual => Outcome {
                        iterations: outcome.iterations + p.iterations,
                        ..p
                    },
                    _ => outcome,
                }
            }
        }
        Method::Newton { jacobian } => newton::run(map, start, jacobian, tol)?,
    };
    let stats = Stats {
        converged: outcome.residual <= tol.residual,
        iterations: outcome.iterations,
        residual: outcome.residual,
        solver: solver_name,
        seconds: clock.elapsed().as_secs_f64(),
    };
    if !stats.converged {
        return Err(Error::NotConverged {
            solver: stats.solver,
            iterations: stats.iterations,
            residual: stats.residual,
            tolerance: tol.residual,
            context: String::new(),
        });
    }
    Ok(Solution {
        state: outcome.state,
        stats,
    })
}

/// What a method's loop hands back (its best iterate).
/// Largest dimension for which a stagnating Anderson run is polished by Newton (dense
/// Jacobian: O(dim^2) memory, O(dim^3) per step).
const NEWTON_POLISH_MAX_DIM: usize = 400;
/// Newton steps allowed after a stagnating Anderson run.
const NEWTON_POLISH_ITERATIONS: usize = 100;

struct Outcome {
    state: Vec<f64>,
    iterations: usize,
    residual: f64,
}

/// max_i |g_i - x_i|, or +inf if anything is not finite.
fn residual_norm(x: &[f64], g: &[f64]) -> f64 {
    let mut m = 0.0f64;
    for (a, b) in x.iter().zip(g) {
        let d = (b - a).abs();
        if !d.is_finite() {
            return f64::INFINITY;
        }
        m = m.max(d);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// G(x) = cos(x) componentwise with a coupling: a contraction with a known fixed point
    /// for the scalar part (Dottie number 0.739085133215160...).
    struct Cosine;
    impl FixedPointMap for Cosine {
        fn dim(&self) -> usize {
            2
        }
        fn apply(&self, x: &[f64], out: &mut [f64]) {
            out[0] = x[0].cos();
            out[1] = 0.5 * x[1] + 0.25 * x[0];
        }
    }
    const DOTTIE: f64 = 0.739_085_133_215_160_6;

    #[test]
    fn every_method_finds_the_dottie_number() {
        let methods = [
            Method::Picard { damping: 1.0 },
            Method::Picard { damping: 0.5 },
            Method::Anderson { depth: 3, damping: 1.0 },
            Method::Newton {
                jacobian: JacobianSource::FiniteDifference,
            },
        ];
        for method in methods {
            let settings = SolverSettings {
                method,
                tolerance: Tolerance {
                    residual: 1e-13,
                    max_iterations: 1000,
                },
            };
            let sol = solve(&Cosine, &[0.0, 0.0], &settings).unwrap();
            assert!((sol.state[0] - DOTTIE).abs() < 1e-12, "{method:?}");
            assert!((sol.state[1] - DOTTIE / 2.0).abs() < 1e-12, "{method:?}");
            assert!(sol.stats.converged && sol.stats.residual <= 1e-13);
        }
    }

    #[test]
    fn non_convergence_reports_iterations_and_residual() {
        let settings = SolverSettings {
            method: Method::Picard { damping: 1.0 },
            tolerance: Tolerance {
                residual: 1e-15,
                max_iterations: 3,
            },
        };
        let e = solve(&Cosine, &[0.0, 0.0], &settings).unwrap_err().to_string();
        assert!(e.contains("3 iterations") && e.contains("residual"), "{e}");
    }
}
