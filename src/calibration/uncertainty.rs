//! Uncertainty of the estimates.
//!
//! **Gauss–Newton standard errors** (least-squares targets): with residuals r at the
//! optimum, n of them, Q parameters and a absorbed degrees of freedom (1 when the target
//! demeans), s^2 = sum r^2 / (n - Q - a) and Cov(theta) = s^2 (J'J)^-1 (e.g. Cameron and
//! Trivedi 2005, *Microeconometrics*, eq. 5.77 for nonlinear least squares). Computed in
//! the scaled coordinates of [`super::identification`], inverting only the identified
//! directions; a parameter on a flat direction has no standard error (NaN, flagged).
//!
//! **Bootstrap over locations**: replicate b draws N locations with replacement (a ChaCha8
//! stream seeded with `seed`, stream b), weights each location by its count, and
//! re-estimates from the estimate with the local method; replicates run in parallel with
//! rayon and are collected in order, so results do not depend on the thread count.

use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::identification::Identification;

/// Gauss–Newton standard errors (NaN where not identified or with no degrees of freedom).
pub fn gauss_newton_std_errors(
    j: &DMatrix<f64>,
    residuals: &[f64],
    absorbed: usize,
    scale: &[f64],
    identification: &Identification,
    tolerance: f64,
) -> (Vec<f64>, f64) {
    let (n, q) = (residuals.len(), j.ncols());
    let dof = n as f64 - (q + absorbed) as f64;
    if dof <= 0.0 {
        return (vec![f64::NAN; q], f64::NAN);
    }
    let s2 = residuals.iter().map(|r| r * r).sum::<f64>() / dof;
    let js = DMatrix::from_fn(j.nrows(), q, |k, i| j[(k, i)] * scale[i]);
    let eig = (js.transpose() * &js).symmetric_eigen();
    let largest = eig.eigenvalues.iter().cloned().fold(0.0, f64::max);
    let mut cov = DMatrix::zeros(q, q);
    for k in 0..q {
        let l = eig.eigenvalues[k];
        if l > (tolerance * tolerance) * largest && l > 0.0 {
            let v = eig.eigenvectors.column(k);
            cov += (v * v.transpose()) / l;
        }
    }
    let se = (0..q)
        .map(|i| {
            if identification.identified[i] {
                (s2 * cov[(i, i)]).sqrt() * scale[i]
            } else {
                f64::NAN
            }
        })
        .collect();
    (se, s2)
}

/// Multinomial counts of replicate `b`: N draws of a location, uniform, with replacement.
pub fn bootstrap_counts(locations: usize, seed: u64, b: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(b + 1);
    let mut counts = vec![0.0; locations];
    for _ in 0..locations {
        counts[rng.random_range(0..locations)] += 1.0;
    }
    counts
}

/// Runs `replicate(b, counts)` for b = 0..B in parallel, results in order.
pub fn bootstrap<T: Send>(
    locations: usize,
    replicates: usize,
    seed: u64,
    replicate: impl Fn(u64, &[f64]) -> T + Sync,
) -> Vec<T> {
    (0..replicates as u64)
        .into_par_iter()
        .map(|b| replicate(b, &bootstrap_counts(locations, seed, b)))
        .collect()
}

/// Standard deviation and the (2.5%, 97.5%) percentile interval of each column of the
/// replicates that succeeded.
pub fn summarise(draws: &[Vec<f64>], q: usize) -> (Vec<f64>, Vec<(f64, f64)>) {
    let mut sd = Vec::with_capacity(q);
    let mut interval = Vec::with_capacity(q);
    for i in 0..q {
        let mut x: Vec<f64> = draws.iter().map(|d| d[i]).filter(|v| v.is_finite()).collect();
        if x.len() < 2 {
            sd.push(f64::NAN);
            interval.push((f64::NAN, f64::NAN));
            continue;
        }
        let m = x.iter().sum::<f64>() / x.len() as f64;
        sd.push((x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - 1) as f64).sqrt());
        x.sort_by(f64::total_cmp);
        interval.push((quantile(&x, 0.025), quantile(&x, 0.975)));
    }
    (sd, interval)
}

/// Linear interpolation between order statistics (type 7).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_seeded_and_sum_to_n() {
        let a = bootstrap_counts(50, 7, 3);
        assert_eq!(a.iter().sum::<f64>(), 50.0);
        assert_eq!(a, bootstrap_counts(50, 7, 3));
        assert_ne!(a, bootstrap_counts(50, 7, 4));
    }

    #[test]
    fn linear_regression_standard_errors() {
        // y = 2 x + noise; J = -x (residual = y - b x); se(b) = s / sqrt(sum x^2).
        let x = [1.0, 2.0, 3.0, 4.0];
        let r = [0.1, -0.2, 0.05, 0.02];
        let j = DMatrix::from_fn(4, 1, |k, _| -x[k]);
        let id = super::super::identification::identify(&j, &[2.0], 1e-8);
        let (se, s2) = gauss_newton_std_errors(&j, &r, 0, &[2.0], &id, 1e-8);
        let expect_s2 = r.iter().map(|v| v * v).sum::<f64>() / 3.0;
        assert!((s2 - expect_s2).abs() < 1e-15);
        let sxx: f64 = x.iter().map(|v| v * v).sum();
        assert!((se[0] - (expect_s2 / sxx).sqrt()).abs() < 1e-14);
    }
}
