//! The smooth long-run system on a support S: short-run equations, omega_j = omega_s0 for
//! j in S \ {s0}, lambda_r = 0 off S, sum lambda = 1; solved by Newton in the coordinates
//! lambda_j (j in S \ {s0}) with the analytic d omega/d lambda of the model.

use nalgebra::DMatrix;

use super::response::Response;

use crate::error::{Error, Result};
use crate::model::MobileFactorModel;
use crate::solve::{SolverSettings, Tolerance};

const MAX_NEWTON: usize = 100;
const MAX_HALVINGS: usize = 40;

/// A solution of the system on a support.
#[derive(Debug, Clone)]
pub struct SupportSolution {
    pub shares: Vec<f64>,
    pub wages: Vec<f64>,
    pub iterations: usize,
    /// max(short-run residual, max_j |omega_j - omega_s0|).
    pub residual: f64,
}

/// What inner short-run solves report when they fail.
pub const INNER_CONTEXT: &str =
    "solving the short run inside the long-run search (at 1e-2 x solver.tolerance, at least 1e-14)";

/// Short-run settings tight enough that real-wage gaps are resolved below `tol`.
pub fn inner_settings(settings: &SolverSettings) -> SolverSettings {
    let residual = (settings.tolerance.residual * 1e-2).max(1e-14);
    SolverSettings {
        method: settings.method,
        tolerance: Tolerance {
            residual,
            ..settings.tolerance
        },
    }
}

/// Real-wage gaps omega_j - omega_s0 for j in S \ {s0}, s0 the last region of S.
pub fn gaps(real_wage: &[f64], support: &[usize]) -> Vec<f64> {
    let s0 = *support.last().expect("non-empty support");
    support[..support.len() - 1]
        .iter()
        .map(|&j| real_wage[j] - real_wage[s0])
        .collect()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}

/// Newton on the support from `start` (shares off S are set to 0 and the rest renormalised).
pub fn solve_on_support(
    model: &dyn MobileFactorModel,
    start: &[f64],
    support: &[usize],
    wages_start: Option<&[f64]>,
    settings: &SolverSettings,
) -> Result<SupportSolution> {
    let n = model.regions();
    let inner = inner_settings(settings);
    let tol = settings.tolerance.residual;
    let mut shares = vec![0.0; n];
    let mass: f64 = support.iter().map(|&r| start[r]).sum();
    for &r in support {
        shares[r] = if mass > 0.0 {
            start[r] / mass
        } else {
            1.0 / support.len() as f64
        };
    }
    let (mut wages, mut stats) = model
        .solve_short_run(&shares, wages_start, &inner)
        .map_err(|e| e.while_solving(INNER_CONTEXT))?;
    let mut gap = gaps(&model.outcomes(&shares, &wages).real_wage, support);
    let mut residual = max_abs(&gap).max(stats.residual);
    let k = support.len();
    let s0 = support[k - 1];
    let mut iterations = 0;
    while max_abs(&gap) > tol {
        if iterations >= MAX_NEWTON {
            return Err(not_converged(iterations, residual, tol));
        }
        iterations += 1;
        let step = Response::new(model, &shares, &wages, support)?.newton_step(support, &gap)?;
        let mut t = 1.0;
        let mut accepted = false;
        for _ in 0..MAX_HALVINGS {
            let mut trial = shares.clone();
            for (a, &j) in support[..k - 1].iter().enumerate() {
                trial[j] -= t * step[a];
            }
            trial[s0] = 1.0 - support[..k - 1].iter().map(|&j| trial[j]).sum::<f64>();
            if support.iter().all(|&r| trial[r] > 0.0) {
                if let Ok((w, st)) = model.solve_short_run(&trial, Some(&wages), &inner) {
                    let g = gaps(&model.outcomes(&trial, &w).real_wage, support);
                    if max_abs(&g) < max_abs(&gap) {
                        (shares, wages, stats, gap) = (trial, w, st, g);
                        accepted = true;
                        break;
                    }
                }
            }
            t *= 0.5;
        }
        residual = max_abs(&gap).max(stats.residual);
        if !accepted {
            return Err(not_converged(iterations, residual, tol));
        }
    }
    let residual = max_abs(&gap).max(stats.residual);
    Ok(SupportSolution {
        shares,
        wages,
        iterations,
        residual,
    })
}

/// d(omega_i - omega_s0) along e_j - e_s0 for i, j in S \ {s0}: the Jacobian of [`gaps`] in
/// the coordinates lambda_j, j in S \ {s0} (lambda_s0 = 1 - the others).
pub fn gap_jacobian(d_omega: &DMatrix<f64>, support: &[usize]) -> DMatrix<f64> {
    let k = support.len();
    let s0 = support[k - 1];
    DMatrix::from_fn(k - 1, k - 1, |a, b| {
        let (i, j) = (support[a], support[b]);
        (d_omega[(i, j)] - d_omega[(i, s0)]) - (d_omega[(s0, j)] - d_omega[(s0, s0)])
    })
}

fn not_converged(iterations: usize, residual: f64, tolerance: f64) -> Error {
    Error::NotConverged {
        solver: "long-run newton",
        iterations,
        residual,
        tolerance,
        context: "equalising real wages on the occupied regions".into(),
    }
}
