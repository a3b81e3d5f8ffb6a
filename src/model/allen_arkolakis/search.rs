//! Many equilibria: solve from seeded random starts and keep the distinct ones.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::Result;
use crate::model::{SpatialEquilibrium, SpatialModel};
use crate::solve::SolverSettings;

/// Two equilibria are the same when max_i |ln L_i - ln L'_i| <= this.
pub const DISTINCT_TOLERANCE: f64 = 1e-6;

/// Standard deviation of the log-normal start perturbations: start_i ∝ exp(START_SPREAD z_i).
pub const START_SPREAD: f64 = 1.0;

/// Solves `model` from `starts` starting points and returns every distinct equilibrium, in
/// the order first found. Start 0 is the model's default (`None`); starts 1.. are
/// population shares `∝ exp(START_SPREAD z_i)` with z_i standard normal (Box–Muller on
/// ChaCha8 seeded with `seed`), so a seed reproduces the search bit for bit. Starts are
/// solved in parallel; those that do not converge are skipped. Duplicates are removed with
/// [`DISTINCT_TOLERANCE`] on log population. Errors only when no start converges (with the
/// last start's error).
pub fn search_equilibria<M: SpatialModel + ?Sized>(
    model: &M,
    starts: usize,
    seed: u64,
    settings: &SolverSettings,
) -> Result<Vec<SpatialEquilibrium>> {
    let n = model.regions();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let points: Vec<Option<Vec<f64>>> = (0..starts.max(1))
        .map(|k| {
            (k > 0).then(|| {
                (0..n)
                    .map(|_| (START_SPREAD * standard_normal(&mut rng)).exp())
                    .collect()
            })
        })
        .collect();
    let results: Vec<Result<SpatialEquilibrium>> =
        points.par_iter().map(|p| model.solve(p.as_deref(), settings)).collect();
    let mut found: Vec<SpatialEquilibrium> = Vec::new();
    let mut last_error = None;
    for r in results {
        match r {
            Ok(eq) => {
                if !found.iter().any(|f| same(f, &eq)) {
                    found.push(eq);
                }
            }
            Err(e) => last_error = Some(e),
        }
    }
    match (found.is_empty(), last_error) {
        (true, Some(e)) => Err(e),
        _ => Ok(found),
    }
}

fn same(a: &SpatialEquilibrium, b: &SpatialEquilibrium) -> bool {
    a.population
        .iter()
        .zip(&b.population)
        .all(|(x, y)| (x.ln() - y.ln()).abs() <= DISTINCT_TOLERANCE)
}

/// One standard normal draw (Box–Muller).
fn standard_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}
