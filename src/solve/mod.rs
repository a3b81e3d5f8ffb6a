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
    /// The residual above which [`FixedPointMap::apply_coarse`] may stand in for `apply`,
    /// when the map has a cheaper, less accurate G (products with a single-precision
    /// freeness): a few times the largest |G_coarse(x) - G(x)|. `None` (the default): no
    /// coarse map. Anderson iterates on the coarse map down to this residual, then
    /// finishes on `apply`, so the state and the residual it reports are those of G.
    fn coarse_switch(&self) -> Option<f64> {
        None
    }
    /// The cheaper G (see [`FixedPointMap::coarse_switch`]); `apply` by default.
    fn apply_coarse(&self, x: &[f64], out: &mut [f64]) {
        self.apply(x, out)
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

/// The smallest residual tolerance a config may ask for: a few units of round-off in the
/// logarithms of O(1) states (the residuals are max |ln G(x) - ln x| or alike).
pub const MIN_TOLERANCE: f64 = 1e-15;
/// The largest residual tolerance a config may ask for. Above it a reported state need not
/// be an equilibrium in any useful sense: real-wage gaps of 1e-5 move interior long-run
/// shares by more than the 1e-7 at which two equilibria are told apart, and `solver.tolerance
/// = 10` accepted any state at all.
pub const MAX_TOLERANCE: f64 = 1e-6;

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

impl SolverSettings {
    /// The settings an inversion of fundamentals is solved with: at least to 1e-12 and
    /// 10,000 iterations, so that the recovered fundamentals reproduce the data to about
    /// 1e-10 whatever the run's tolerance.
    pub fn for_inversion(&self) -> SolverSettings {
        let mut s = *self;
        s.tolerance.residual = s.tolerance.residual.min(1e-12);
        s.tolerance.max_iterations = s.tolerance.max_iterations.max(10_000);
        s
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
            // The polish shares the iteration budget: up to a tenth of it (at most
            // NEWTON_POLISH_ITERATIONS) is kept for Newton, so Anderson's iterations plus
            // Newton's never exceed `max_iterations` and the stats report what ran within it.
            let polishable = map.dim() <= NEWTON_POLISH_MAX_DIM;
            let reserve = if polishable {
                NEWTON_POLISH_ITERATIONS.min(tol.max_iterations / 10)
            } else {
                0
            };
            let first = Tolerance {
                max_iterations: tol.max_iterations - reserve,
                ..tol
            };
            let outcome = anderson::run(map, start, depth, damping, first);
            let budget = tol.max_iterations.saturating_sub(outcome.iterations);
            if outcome.residual <= tol.residual || !polishable || budget == 0 {
                outcome
            } else {
                // Anderson can stagnate on a cycle far from the fixed point (seen on Helpman's
                // exact hat algebra: residual 5.6e-3 after 1e5 iterations). Newton with a line
                // search from Anderson's best iterate finishes the job; "anderson+newton" in
                // the stats records it.
                solver_name = "anderson+newton";
                let polish = Tolerance {
                    residual: tol.residual,
                    max_iterations: NEWTON_POLISH_ITERATIONS.min(budget),
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

/// max_i |G(x)_i - x_i| at `x` by one application of the map, independently of any solve
/// (+inf outside the map's domain or when anything is not finite): the residual every
/// method stops on, recomputed to check a reported fixed point.
pub fn residual_at<M: FixedPointMap + ?Sized>(map: &M, x: &[f64]) -> f64 {
    if x.len() != map.dim() || !map.in_domain(x) {
        return f64::INFINITY;
    }
    let mut g = vec![0.0; x.len()];
    map.apply(x, &mut g);
    residual_norm(x, &g)
}

/// Largest dimension for which a stagnating Anderson run is polished by Newton (dense
/// Jacobian: O(dim^2) memory, O(dim^3) per step).
const NEWTON_POLISH_MAX_DIM: usize = 400;
/// Newton steps allowed after a stagnating Anderson run (at most what is left of
/// `max_iterations`).
const NEWTON_POLISH_ITERATIONS: usize = 100;

/// What a method's loop hands back (its best iterate).
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

    /// `max_iterations` bounds every method, Anderson's Newton polish included: the stats
    /// never report more iterations than were allowed (max-iterations = 1 once reported 4).
    #[test]
    fn iterations_never_exceed_the_budget() {
        for max_iterations in [1, 2, 3, 5, 8] {
            for method in [
                Method::Picard { damping: 0.5 },
                Method::Anderson { depth: 3, damping: 1.0 },
                Method::Newton {
                    jacobian: JacobianSource::FiniteDifference,
                },
            ] {
                let settings = SolverSettings {
                    method,
                    tolerance: Tolerance {
                        residual: 1e-15,
                        max_iterations,
                    },
                };
                let iterations = match solve(&Cosine, &[3.0, -2.0], &settings) {
                    Ok(sol) => sol.stats.iterations,
                    Err(Error::NotConverged { iterations, .. }) => iterations,
                    Err(e) => panic!("{method:?}: {e}"),
                };
                assert!(
                    iterations <= max_iterations,
                    "{method:?}: {iterations} > {max_iterations}"
                );
            }
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
