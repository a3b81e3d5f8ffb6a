//! The few eigenvalues with the largest real part of a real operator given only as a
//! product: thick-restarted Arnoldi in the Krylov–Schur form of Stewart (2001, SIAM J.
//! Matrix Anal. Appl. 23(2)), with the projected matrix recomputed as V' (A V) at each
//! restart (Rayleigh–Ritz) instead of being updated, which keeps the code short and the
//! projection exact whatever the rounding of the Gram–Schmidt steps.
//!
//! A basis V of m orthonormal vectors is grown by A applied to its last vector
//! (orthogonalised twice against V); the Ritz pairs of H = V' A V give eigenvalue estimates
//! with exact residuals |A V y - theta V y|. The wanted Ritz vectors (largest real parts,
//! complex pairs as their real and imaginary parts) are kept, with their images, and the
//! basis is grown again from there; all residuals of one Rayleigh–Ritz step lie along one
//! direction, so this is the Krylov–Schur restart. Deterministic: fixed start vector,
//! sums in a fixed order.

use nalgebra::{Complex, DMatrix, DVector};

use super::gmres::{dot, norm};

/// Eigenvalues (re, im), largest real part first, or `Err((products, worst relative
/// residual))` when `max_products` products did not resolve them to `tolerance`.
pub fn rightmost(
    apply: impl Fn(&[f64]) -> Vec<f64>,
    n: usize,
    nev: usize,
    tolerance: f64,
    max_products: usize,
) -> Result<Vec<(f64, f64)>, (usize, f64)> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let nev = nev.clamp(1, n);
    let m = n.min((2 * nev + 20).max(40));
    let keep = (nev + 6).min(m / 2).max(nev.min(m - 1)).max(1);
    let mut v: Vec<Vec<f64>> = Vec::with_capacity(m);
    let mut av: Vec<Vec<f64>> = Vec::with_capacity(m);
    let mut products = 0;
    let mut fresh = 0u64;
    loop {
        while v.len() < m {
            let mut w = match av.last() {
                None => start_vector(n, 0),
                Some(a) => a.clone(),
            };
            let before = norm(&w);
            orthogonalise(&mut w, &v);
            let mut after = norm(&w);
            if !(after > 1e-10 * before) {
                // An invariant subspace: continue with a fresh direction.
                fresh += 1;
                w = start_vector(n, fresh);
                orthogonalise(&mut w, &v);
                after = norm(&w);
                if !(after > 1e-10) {
                    break;
                }
            }
            w.iter_mut().for_each(|x| *x /= after);
            av.push(apply(&w));
            products += 1;
            v.push(w);
        }
        let k = v.len();
        let h = DMatrix::from_fn(k, k, |i, j| dot(&v[i], &av[j]));
        let mut theta: Vec<Complex<f64>> = h.complex_eigenvalues().iter().copied().collect();
        theta.sort_by(|a, b| b.re.total_cmp(&a.re).then(b.im.total_cmp(&a.im)));
        // Wanted: the first nev, and a conjugate partner cut off at the end.
        let mut wanted = nev.min(k);
        if wanted < k && theta[wanted - 1].im != 0.0 && theta[wanted].re == theta[wanted - 1].re {
            wanted += 1;
        }
        let scale = theta.iter().fold(0.0f64, |s, t| s.max(t.norm())).max(1e-300);
        let mut worst = 0.0f64;
        let mut vectors: Vec<DVector<Complex<f64>>> = Vec::with_capacity(wanted);
        for t in &theta[..wanted] {
            let y = ritz_vector(&h, *t, scale);
            let residual = (0..n)
                .map(|r| {
                    let mut s = Complex::new(0.0, 0.0);
                    for j in 0..k {
                        s += y[j] * (av[j][r] - *t * v[j][r]);
                    }
                    s.norm_sqr()
                })
                .sum::<f64>()
                .sqrt();
            worst = worst.max(residual / scale);
            vectors.push(y);
        }
        if worst <= tolerance || k == n {
            return Ok(theta[..wanted].iter().map(|t| (t.re, t.im)).collect());
        }
        if products >= max_products {
            return Err((products, worst));
        }
        // Thick restart: keep the real and imaginary parts of the wanted Ritz vectors and
        // of a few more, orthonormalised (as coefficient vectors, since V is orthonormal).
        let extra = keep.min(k - 1).max(wanted);
        for t in &theta[wanted..extra.min(k)] {
            vectors.push(ritz_vector(&h, *t, scale));
        }
        let mut coefficients: Vec<Vec<f64>> = Vec::new();
        for (i, y) in vectors.iter().enumerate() {
            let t = theta[i];
            let mut parts = vec![y.iter().map(|c| c.re).collect::<Vec<f64>>()];
            if t.im > 0.0 {
                parts.push(y.iter().map(|c| c.im).collect());
            } else if t.im < 0.0 {
                continue; // the partner with im > 0 gave both parts
            }
            for mut c in parts {
                let before = norm(&c);
                orthogonalise(&mut c, &coefficients);
                let after = norm(&c);
                if after > 1e-8 * before && coefficients.len() + 1 < k {
                    c.iter_mut().for_each(|x| *x /= after);
                    coefficients.push(c);
                }
            }
        }
        let combine = |basis: &[Vec<f64>], c: &[f64]| -> Vec<f64> {
            let mut out = vec![0.0; n];
            for (b, &cj) in basis.iter().zip(c) {
                out.iter_mut().zip(b).for_each(|(o, b)| *o += cj * b);
            }
            out
        };
        let new_v: Vec<Vec<f64>> = coefficients.iter().map(|c| combine(&v, c)).collect();
        let new_av: Vec<Vec<f64>> = coefficients.iter().map(|c| combine(&av, c)).collect();
        v = new_v;
        av = new_av;
    }
}

/// w minus its projections on the (orthonormal) `basis`, twice.
fn orthogonalise(w: &mut [f64], basis: &[Vec<f64>]) {
    for _ in 0..2 {
        for q in basis {
            let c = dot(w, q);
            w.iter_mut().zip(q).for_each(|(w, q)| *w -= c * q);
        }
    }
}

/// A fixed, non-degenerate start (the `seed`th of a deterministic family).
fn start_vector(n: usize, seed: u64) -> Vec<f64> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ seed.wrapping_mul(0xD1B5_4A32_D192_ED03);
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            1.0 + ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5)
        })
        .collect();
    let s = norm(&v);
    v.iter_mut().for_each(|x| *x /= s);
    v
}

/// A unit eigenvector of the small matrix `h` for its eigenvalue `theta`: two steps of
/// inverse iteration at a slightly moved shift.
fn ritz_vector(h: &DMatrix<f64>, theta: Complex<f64>, scale: f64) -> DVector<Complex<f64>> {
    let k = h.nrows();
    let shift = theta + Complex::new(1.0, 0.5) * (1e-13 * scale);
    let a = DMatrix::from_fn(k, k, |i, j| {
        Complex::new(h[(i, j)], 0.0) - if i == j { shift } else { Complex::new(0.0, 0.0) }
    });
    let lu = a.lu();
    let mut y = DVector::from_fn(k, |i, _| Complex::new(1.0 + 0.1 * (i % 7) as f64, 0.0));
    for _ in 0..2 {
        if let Some(z) = lu.solve(&y) {
            let s = z.iter().map(|c| c.norm_sqr()).sum::<f64>().sqrt();
            if s.is_finite() && s > 0.0 {
                y = z.map(|c| c / s);
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block-diagonal matrix with known eigenvalues (real ones and rotation pairs) hidden
    /// by an orthogonal similarity: the rightmost are found, in order, for several sizes.
    #[test]
    fn finds_the_rightmost_eigenvalues() {
        for n in [7, 60, 300] {
            // Eigenvalues: -i/n for the real ones; one pair 0.5 +- 0.25i; one real 0.3.
            let mut d = DMatrix::<f64>::zeros(n, n);
            for i in 0..n {
                d[(i, i)] = -(i as f64) / n as f64 - 0.01;
            }
            d[(0, 0)] = 0.5;
            d[(1, 1)] = 0.5;
            d[(0, 1)] = 0.25;
            d[(1, 0)] = -0.25;
            d[(2, 2)] = 0.3;
            // Householder reflection P = I - 2 u u'/u'u.
            let u = DVector::from_fn(n, |i, _| 1.0 + (i % 5) as f64);
            let p = DMatrix::identity(n, n) - (&u * u.transpose()) * (2.0 / u.norm_squared());
            let a = &p * d * &p;
            let apply = |x: &[f64]| (&a * DVector::from_column_slice(x)).as_slice().to_vec();
            let e = rightmost(apply, n, 4, 1e-10, 5000).unwrap();
            assert!(
                (e[0].0 - 0.5).abs() < 1e-9 && (e[0].1 - 0.25).abs() < 1e-9,
                "{n}: {e:?}"
            );
            assert!(
                (e[1].0 - 0.5).abs() < 1e-9 && (e[1].1 + 0.25).abs() < 1e-9,
                "{n}: {e:?}"
            );
            assert!((e[2].0 - 0.3).abs() < 1e-9 && e[2].1.abs() < 1e-9, "{n}: {e:?}");
            assert!((e[3].0 + 3.0 / n as f64 + 0.01).abs() < 1e-9, "{n}: {e:?}");
        }
    }
}
