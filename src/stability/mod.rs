//! Stability of long-run equilibria under the migration dynamics of FKV (eq. 5.6):
//! d lambda_r / dt = (omega_r - omega_bar) lambda_r, omega_bar = sum_s lambda_s omega_s.
//!
//! At an equilibrium with support S (the occupied regions) the linearisation splits in two:
//! on S it is the Jacobian restricted to the simplex's tangent space (coordinates
//! lambda_j, j in S \ {s0}, with lambda_s0 = 1 - sum of the others); off S it is diagonal
//! with the entry eigenvalues omega_r - omega_bar (an empty region whose real wage exceeds
//! the others' would attract workers).

pub mod arnoldi;
pub mod gmres;
mod periodic;

use nalgebra::DMatrix;

pub use periodic::periodic_eigenvalues;

/// Eigenvalues with real part above this count as unstable (the dynamics are O(1)).
pub const UNSTABLE_THRESHOLD: f64 = 1e-11;

/// Supports larger than this (regions) are classified matrix-free: the few eigenvalues with
/// the largest real part by Arnoldi ([`arnoldi`]), or all of them by FFT at symmetric states
/// of racetracks and tori ([`periodic_eigenvalues`]); below it all eigenvalues of the dense
/// Jacobian are computed.
pub const DENSE_MAX_SUPPORT: usize = 400;

/// How many eigenvalues with the largest real part the matrix-free path resolves at first
/// (doubled while all of them are unstable).
pub const RIGHTMOST_EIGENVALUES: usize = 6;

/// Eigenvalues of the migration dynamics at an equilibrium, and their verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// (re, im): first the eigenvalues on the simplex over S (all |S|-1 of them, or above
    /// [`DENSE_MAX_SUPPORT`] the few with the largest real part), largest real part first,
    /// then one entry eigenvalue per empty region, in region order.
    pub eigenvalues: Vec<(f64, f64)>,
    /// Number of eigenvalues with real part > [`UNSTABLE_THRESHOLD`].
    pub n_unstable: usize,
    pub stable: bool,
}

/// The migration Jacobian on the simplex over `support`, given shares, real wages and
/// d omega/d lambda (`d_omega[(r, j)]`).
pub fn migration_jacobian(shares: &[f64], d_omega: &DMatrix<f64>, support: &[usize]) -> DMatrix<f64> {
    migration_jacobian_of(shares, |r, j| d_omega[(r, j)], support)
}

/// [`migration_jacobian`] from d omega_r / d lambda_j given as a function, called only with
/// j in `support` (and r anywhere: shares off the support are 0 and their rows unused).
pub fn migration_jacobian_of(shares: &[f64], d_omega: impl Fn(usize, usize) -> f64, support: &[usize]) -> DMatrix<f64> {
    let k = support.len();
    if k <= 1 {
        return DMatrix::zeros(0, 0);
    }
    // d omega_bar / d lambda_j along the simplex = sum_s lambda_s d omega_s / d lambda_j
    // (the omega_j term cancels along directions e_j - e_s0 because omega is equal on S).
    let occupied: Vec<usize> = (0..shares.len()).filter(|&s| shares[s] != 0.0).collect();
    let d_mean: Vec<f64> = support
        .iter()
        .map(|&j| occupied.iter().map(|&s| shares[s] * d_omega(s, j)).sum())
        .collect();
    let m = |r: usize, b: usize| shares[r] * (d_omega(r, support[b]) - d_mean[b]);
    DMatrix::from_fn(k - 1, k - 1, |a, b| {
        let r = support[a];
        m(r, b) - m(r, k - 1)
    })
}

/// The migration Jacobian of [`migration_jacobian`] applied to u (coordinates lambda_j,
/// j in S \ {s0}) given d omega times a vector of all regions: with v = u on S \ {s0},
/// v_s0 = -sum u and 0 elsewhere, (J u)_a = lambda_ra ((D v)_ra - lambda' D v).
pub fn migration_jacobian_times(
    shares: &[f64],
    support: &[usize],
    d_omega_times: impl Fn(&[f64]) -> Vec<f64>,
    u: &[f64],
) -> Vec<f64> {
    let k = support.len();
    let mut v = vec![0.0; shares.len()];
    for (a, &j) in support[..k - 1].iter().enumerate() {
        v[j] = u[a];
    }
    v[support[k - 1]] = -u.iter().sum::<f64>();
    let dv = d_omega_times(&v);
    let mean: f64 = support.iter().map(|&s| shares[s] * dv[s]).sum();
    support[..k - 1].iter().map(|&r| shares[r] * (dv[r] - mean)).collect()
}

/// Eigenvalues and verdict at an equilibrium with the given `support`.
pub fn classify(shares: &[f64], real_wage: &[f64], d_omega: &DMatrix<f64>, support: &[usize]) -> Stability {
    classify_jacobian(
        shares,
        real_wage,
        &migration_jacobian(shares, d_omega, support),
        support,
    )
}

/// Eigenvalues and verdict from the migration Jacobian on the support (all its
/// eigenvalues, dense).
pub fn classify_jacobian(shares: &[f64], real_wage: &[f64], jac: &DMatrix<f64>, support: &[usize]) -> Stability {
    let eigenvalues: Vec<(f64, f64)> = if jac.nrows() > 0 {
        jac.complex_eigenvalues().iter().map(|c| (c.re, c.im)).collect()
    } else {
        Vec::new()
    };
    verdict(shares, real_wage, eigenvalues, support)
}

/// The verdict from (some of) the eigenvalues on the support: those given, sorted, then the
/// entry eigenvalues of the empty regions.
pub fn verdict(shares: &[f64], real_wage: &[f64], mut eigenvalues: Vec<(f64, f64)>, support: &[usize]) -> Stability {
    eigenvalues.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let omega_bar: f64 = shares.iter().zip(real_wage).map(|(l, w)| l * w).sum();
    let mut on_support = vec![false; real_wage.len()];
    support.iter().for_each(|&r| on_support[r] = true);
    for (r, omega) in real_wage.iter().enumerate() {
        if !on_support[r] {
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
