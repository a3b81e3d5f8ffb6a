//! Sample models shared by the integration tests, with their reference answers in the tests.
#![allow(dead_code)]

use agglo::geography::{layouts, CostFunction, Metric};
use agglo::long_run::{self, Equilibrium, SearchOptions};
use agglo::model::{CorePeriphery, CorePeripheryParams};
use agglo::solve::{JacobianSource, Method, SolverSettings, Tolerance};

/// Tight settings so that reported digits are not limited by the solver.
pub fn tight(method: Method) -> SolverSettings {
    SolverSettings {
        method,
        tolerance: Tolerance {
            residual: 1e-13,
            max_iterations: 100_000,
        },
    }
}

pub const NEWTON: Method = Method::Newton {
    jacobian: JacobianSource::Analytic,
};
pub const ANDERSON: Method = Method::Anderson { depth: 5, damping: 1.0 };
pub const PICARD: Method = Method::Picard { damping: 1.0 };
pub const NEWTON_FD: Method = Method::Newton {
    jacobian: JacobianSource::FiniteDifference,
};

/// FKV two-region model with farmers split equally.
pub fn two_region(sigma: f64, mu: f64, trade_cost: f64) -> CorePeriphery {
    let g = layouts::two_region(trade_cost).unwrap();
    CorePeriphery::new(CorePeripheryParams { sigma, mu }, &g, vec![0.5, 0.5]).unwrap()
}

/// All long-run equilibria of the two-region model, sorted by lambda_1.
pub fn two_region_equilibria(sigma: f64, mu: f64, trade_cost: f64) -> Vec<Equilibrium> {
    let m = two_region(sigma, mu, trade_cost);
    long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()).unwrap()
}

/// omega_1 - omega_2 at lambda_1 = lambda.
pub fn wiggle(sigma: f64, mu: f64, trade_cost: f64, lambda: f64) -> f64 {
    let m = two_region(sigma, mu, trade_cost);
    let shares = [lambda, 1.0 - lambda];
    let (w, _) = m.solve_short_run(&shares, None, &tight(NEWTON)).unwrap();
    let o = m.outcomes(&shares, &w).real_wage;
    o[0] - o[1]
}

/// `n` points from a simple deterministic generator in the unit square (no RNG crate needed).
pub fn scattered_points(n: usize, seed: u64) -> Vec<[f64; 2]> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).map(|_| [next(), next()]).collect()
}

/// Core–periphery on `n` scattered points with T = exp(rate * d).
pub fn points_model(n: usize, seed: u64, sigma: f64, mu: f64, rate: f64) -> CorePeriphery {
    let coords = scattered_points(n, seed);
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(ids, coords, Metric::Euclidean, CostFunction::Exp { rate }, "test").unwrap();
    CorePeriphery::new(CorePeripheryParams { sigma, mu }, &g, vec![1.0 / n as f64; n]).unwrap()
}

/// Relative difference |a - b| / |b|.
pub fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}
