//! Stability of long-run equilibria under the migration dynamics of FKV (eq. 5.6):
//! d lambda_r / dt = (omega_r - omega_bar) lambda_r, omega_bar = sum_s lambda_s omega_s.
//!
//! At an equilibrium with support S (the occupied regions) the linearisation splits in two:
//! on S it is the Jacobian restricted to the simplex's tangent space (coordinates
//! lambda_j, j in S \ {s0}, with lambda_s0 = 1 - sum of the others); off S it is diagonal
//! with the entry eigenvalues omega_r - omega_bar (an empty region whose real wage exceeds
//! the others' would attract workers).

use nalgebra::DMatrix;

/// Eigenvalues with real part above this count as unstable (the dynamics are O(1)).
pub const UNSTABLE_THRESHOLD: f64 = 1e-11;

/// Eigenvalues of the migration dynamics at an equilibrium, and their verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// (re, im): first the |S|-1 eigenvalues on the simplex over S, then one entry
    /// eigenvalue per empty region, in region order.
    pub eigenvalues: Vec<(f64, f64)>,
    /// Number of eigenvalues with real part > [`UNSTABLE_THRESHOLD`].
    pub n_unstable: usize,
    pub stable: bool,
}

/// The migration Jacobian on the simplex over `support`, given shares, real wages and
/// d omega/d lambda (`d_omega[(r, j)]`).
pub fn migration_jacobian(shares: &[f64], d_omega: &DMatrix<f64>, support: &[usize]) -> DMatrix<f64> {
    let n = shares.len();
    let k = support.len();
    if k <= 1 {
        return DMatrix::zeros(0, 0);
    }
    // d omega_bar / d lambda_j along the simplex = sum_s lambda_s d omega_s / d lambda_j
    // (the omega_j term cancels along directions e_j - e_s0 because omega is equal on S).
    let d_mean: Vec<f64> = (0..n)
        .map(|j| (0..n).map(|s| shares[s] * d_omega[(s, j)]).sum())
        .collect();
    let m = |r: usize, j: usize| shares[r] * (d_omega[(r, j)] - d_mean[j]);
    let s0 = support[k - 1];
    DMatrix::from_fn(k - 1, k - 1, |a, b| {
        let (r, j) = (support[a], support[b]);
        m(r, j) - m(r, s0)
    })
}

/// Eigenvalues and verdict at an equilibrium with the given `support`.
pub fn classify(shares: &[f64], real_wage: &[f64], d_omega: &DMatrix<f64>, support: &[usize]) -> Stability {
    let jac = migration_jacobian(shares, d_omega, support);
    let mut eigenvalues: Vec<(f64, f64)> = if jac.nrows() > 0 {
        jac.complex_eigenvalues().iter().map(|c| (c.re, c.im)).collect()
    } else {
        Vec::new()
    };
    eigenvalues.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let omega_bar: f64 = shares.iter().zip(real_wage).map(|(l, w)| l * w).sum();
    for (r, omega) in real_wage.iter().enumerate() {
        if !support.contains(&r) {
            eigenvalues.push((omega - omega_bar, 0.0));
        }
    }
    let n_unstable = eigenvalues.iter().filter(|e| e.0 > UNSTABLE_THRESHOLD).count();
    Stability {
        eigenvalues,
        n_unstable,
        stable: n_unstable == 0,
    }
}
