//! The Jacobian J_ki = d r_k / d theta_i of a target's residuals by central differences,
//! the step scaled to the parameter (h_i = eps^(1/3) max(|theta_i|, 1e-3 (upper - lower)))
//! and kept inside the bounds.

use nalgebra::DMatrix;

use super::{Target, Transform};
use crate::error::Result;

/// J at theta (rows: residuals, columns: parameters), with location weights `counts`.
pub fn jacobian(target: &dyn Target, transform: &Transform, theta: &[f64], counts: &[f64]) -> Result<DMatrix<f64>> {
    let step = f64::EPSILON.cbrt();
    let mut columns = Vec::with_capacity(theta.len());
    for (i, (l, u)) in transform.bounds().iter().enumerate() {
        let room = (theta[i] - l).min(u - theta[i]) * 0.5;
        let h = (step * theta[i].abs().max(1e-3 * (u - l))).min(room);
        let mut x = theta.to_vec();
        x[i] = theta[i] + h;
        let up = target.residuals(&x, counts)?;
        x[i] = theta[i] - h;
        let down = target.residuals(&x, counts)?;
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
