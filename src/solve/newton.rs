//! Newton's method on F(x) = x - G(x) = 0 with J = I - DG(x), dense LU (nalgebra), and a
//! backtracking line search that keeps x in the map's domain and ||F|| decreasing.

use nalgebra::{DMatrix, DVector};

use super::{residual_norm, FixedPointMap, JacobianSource, Outcome, Tolerance};
use crate::error::{Error, Result};

const MAX_HALVINGS: usize = 30;

pub(super) fn run<M: FixedPointMap + ?Sized>(
    map: &M,
    start: &[f64],
    source: JacobianSource,
    tol: Tolerance,
) -> Result<Outcome> {
    let n = start.len();
    let mut x = start.to_vec();
    let mut g = vec![0.0; n];
    map.apply(&x, &mut g);
    let mut residual = residual_norm(&x, &g);
    let mut iterations = 0;
    while residual > tol.residual
        && iterations < tol.max_iterations
        && residual.is_finite()
        && !crate::error::interrupt_requested()
    {
        iterations += 1;
        let dg = match source {
            // An analytic Jacobian with non-finite entries (products of numbers near the ends
            // of the f64 range at extreme parameters) is replaced by finite differences.
            JacobianSource::Analytic => map
                .jacobian(&x)
                .filter(|j| j.iter().all(|v| v.is_finite()))
                .unwrap_or_else(|| finite_difference_jacobian(map, &x)),
            JacobianSource::FiniteDifference => finite_difference_jacobian(map, &x),
        };
        let jacobian = DMatrix::identity(n, n) - dg;
        let rhs = DVector::from_iterator(n, x.iter().zip(&g).map(|(xi, gi)| gi - xi));
        let step = jacobian
            .lu()
            .solve(&rhs)
            .filter(|s| s.iter().all(|v| v.is_finite()))
            .ok_or_else(|| {
                Error::Numerical(format!(
                    "newton: singular Jacobian at iteration {iterations} (residual {residual:.3e})"
                ))
            })?;
        let mut t = 1.0;
        let mut accepted = false;
        let mut trial = vec![0.0; n];
        let mut g_trial = vec![0.0; n];
        for _ in 0..MAX_HALVINGS {
            for i in 0..n {
                trial[i] = x[i] + t * step[i];
            }
            if map.in_domain(&trial) {
                map.apply(&trial, &mut g_trial);
                let r = residual_norm(&trial, &g_trial);
                if r < residual || r <= tol.residual {
                    x.clone_from(&trial);
                    g.clone_from(&g_trial);
                    residual = r;
                    accepted = true;
                    break;
                }
            }
            t *= 0.5;
        }
        if !accepted {
            break; // no decrease along the Newton direction: report what we have
        }
    }
    Ok(Outcome {
        state: x,
        iterations,
        residual,
    })
}

/// DG(x) by central differences with steps scaled to |x_j|.
pub(crate) fn finite_difference_jacobian<M: FixedPointMap + ?Sized>(map: &M, x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    let mut jac = DMatrix::zeros(n, n);
    let mut plus = vec![0.0; n];
    let mut minus = vec![0.0; n];
    let mut probe = x.to_vec();
    for j in 0..n {
        let h = 1e-6 * x[j].abs().max(1e-3);
        probe[j] = x[j] + h;
        map.apply(&probe, &mut plus);
        probe[j] = x[j] - h;
        map.apply(&probe, &mut minus);
        probe[j] = x[j];
        for i in 0..n {
            jac[(i, j)] = (plus[i] - minus[i]) / (2.0 * h);
        }
    }
    jac
}
