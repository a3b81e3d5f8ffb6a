//! The Jacobian J_ki = d r_k / d theta_i of a target's residuals: the target's exact one
//! when it derives it ([`Target::residuals_and_jacobian`], e.g. the implicit-function
//! theorem on the short run of the wages target), else central differences with the step
//! scaled to the parameter (h_i = eps^(1/3) max(|theta_i|, 1e-3 (upper - lower))) and kept
//! inside the bounds.

use nalgebra::DMatrix;

use super::objective::WarmStart;
use super::{Target, Transform};
use crate::error::Result;

/// How a Jacobian was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JacobianSource {
    Exact,
    CentralDifferences,
}

/// The residuals and J at theta (rows: residuals, columns: parameters), with location
/// weights `counts`; the equilibrium is warm-started from `warm` and left there.
pub fn residuals_and_jacobian(
    target: &dyn Target,
    transform: &Transform,
    theta: &[f64],
    counts: &[f64],
    warm: &mut WarmStart,
) -> Result<(Vec<f64>, DMatrix<f64>, JacobianSource)> {
    if let Some((r, j)) = target.residuals_and_jacobian(theta, counts, warm)? {
        return Ok((r, j, JacobianSource::Exact));
    }
    let r = target.residuals_warm(theta, counts, warm)?;
    let j = central_differences(target, transform, theta, counts, warm)?;
    Ok((r, j, JacobianSource::CentralDifferences))
}

/// J at theta, exact where the target derives it (see [`residuals_and_jacobian`]).
pub fn jacobian(target: &dyn Target, transform: &Transform, theta: &[f64], counts: &[f64]) -> Result<DMatrix<f64>> {
    Ok(residuals_and_jacobian(target, transform, theta, counts, &mut None)?.1)
}

/// J at theta by central differences; every perturbed solve starts from `warm` (which is
/// left as it was).
pub fn central_differences(
    target: &dyn Target,
    transform: &Transform,
    theta: &[f64],
    counts: &[f64],
    warm: &WarmStart,
) -> Result<DMatrix<f64>> {
    let step = f64::EPSILON.cbrt();
    let mut columns = Vec::with_capacity(theta.len());
    for (i, (l, u)) in transform.bounds().iter().enumerate() {
        let room = (theta[i] - l).min(u - theta[i]) * 0.5;
        let h = (step * theta[i].abs().max(1e-3 * (u - l))).min(room);
        let mut x = theta.to_vec();
        x[i] = theta[i] + h;
        let up = target.residuals_warm(&x, counts, &mut warm.clone())?;
        x[i] = theta[i] - h;
        let down = target.residuals_warm(&x, counts, &mut warm.clone())?;
        columns.push(
            up.iter()
                .zip(&down)
                .map(|(a, b)| (a - b) / (2.0 * h))
                .collect::<Vec<f64>>(),
        );
    }
    let rows = columns.first().map_or(0, Vec::len);
    Ok(DMatrix::from_fn(rows, theta.len(), |k, i| columns[i][k]))
}
