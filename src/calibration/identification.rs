//! Local identification at the optimum: the singular values of the Jacobian of the
//! residuals with each column scaled by its parameter's size (s_i = max(|theta_i|, 1e-3
//! (upper - lower))), from the eigen-decomposition of (J S)'(J S). A singular value below
//! `tolerance` times the largest is a flat direction of the objective: moving along its
//! singular vector v changes no residual to first order, so the parameters with a loading
//! |v_i| >= 0.1 are reported as not identified instead of as estimates. Fewer residuals
//! than parameters always leave such a direction.

use nalgebra::DMatrix;

/// Loadings at least this large name a parameter as part of a flat direction.
pub const LOADING: f64 = 0.1;

#[derive(Debug, Clone, PartialEq)]
pub struct Identification {
    /// Singular values of J S, largest first.
    pub singular_values: Vec<f64>,
    /// Largest over smallest singular value (inf when the smallest is 0).
    pub condition_number: f64,
    /// The right singular vector of the smallest singular value (in scaled units).
    pub weakest_direction: Vec<f64>,
    /// Per parameter: false when it loads on a flat direction.
    pub identified: Vec<bool>,
}

impl Identification {
    pub fn all_identified(&self) -> bool {
        self.identified.iter().all(|&b| b)
    }
}

/// Identification of the parameters from J (residuals x parameters) at theta.
pub fn identify(j: &DMatrix<f64>, scale: &[f64], tolerance: f64) -> Identification {
    let q = j.ncols();
    let js = DMatrix::from_fn(j.nrows(), q, |k, i| j[(k, i)] * scale[i]);
    let jtj = js.transpose() * &js;
    let eig = jtj.symmetric_eigen();
    let mut order: Vec<usize> = (0..q).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let singular_values: Vec<f64> = order.iter().map(|&k| eig.eigenvalues[k].max(0.0).sqrt()).collect();
    let largest = singular_values.first().copied().unwrap_or(0.0);
    let smallest = singular_values.last().copied().unwrap_or(0.0);
    let condition_number = if smallest > 0.0 {
        largest / smallest
    } else {
        f64::INFINITY
    };
    let mut identified = vec![true; q];
    for (rank, &k) in order.iter().enumerate() {
        let flat = singular_values[rank] <= tolerance * largest || rank >= j.nrows() || largest == 0.0;
        if flat {
            for (i, ok) in identified.iter_mut().enumerate() {
                if eig.eigenvectors[(i, k)].abs() >= LOADING {
                    *ok = false;
                }
            }
        }
    }
    let weakest = *order.last().expect("at least one parameter");
    let mut weakest_direction: Vec<f64> = (0..q).map(|i| eig.eigenvectors[(i, weakest)]).collect();
    // A fixed sign: the largest loading positive.
    let big = weakest_direction
        .iter()
        .cloned()
        .fold(0.0f64, |a, b| if b.abs() > a.abs() { b } else { a });
    if big < 0.0 {
        weakest_direction.iter_mut().for_each(|v| *v = -*v);
    }
    Identification {
        singular_values,
        condition_number,
        weakest_direction,
        identified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_combination_is_found() {
        // r depends on theta_1 + theta_2 only: the direction (1, -1)/sqrt(2) is flat.
        let j = DMatrix::from_row_slice(3, 3, &[1.0, 1.0, 0.0, 2.0, 2.0, 1.0, 3.0, 3.0, -1.0]);
        let id = identify(&j, &[1.0, 1.0, 1.0], 1e-8);
        assert_eq!(id.identified, vec![false, false, true]);
        assert!(id.condition_number > 1e12 || id.condition_number.is_infinite());
        assert!((id.weakest_direction[0].abs() - 0.5f64.sqrt()).abs() < 1e-8);
        let ok = identify(&DMatrix::identity(3, 2), &[1.0, 1.0], 1e-8);
        assert!(ok.all_identified());
        // One residual, two parameters: never identified.
        let short = identify(&DMatrix::from_row_slice(1, 2, &[1.0, 2.0]), &[1.0, 1.0], 1e-8);
        assert!(!short.all_identified());
    }
}
