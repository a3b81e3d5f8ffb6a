//! Restarted GMRES (Saad and Schultz 1986, SIAM J. Sci. Stat. Comput. 7(3)) for A x = b
//! with A given only as a product: the linear solves of the matrix-free long run (the wage
//! response to a change of shares, Newton steps on a support). Modified Gram–Schmidt with
//! one reorthogonalisation, Givens rotations on the Hessenberg matrix; every sum in a fixed
//! order (deterministic).

/// x with |A x - b| <= tolerance |b|, from x = 0 with restarts every `restart` steps, or
/// `Err((iterations, relative residual))` after `max_iterations` products.
pub fn solve(
    apply: impl Fn(&[f64]) -> Vec<f64>,
    b: &[f64],
    tolerance: f64,
    restart: usize,
    max_iterations: usize,
) -> Result<Vec<f64>, (usize, f64)> {
    let n = b.len();
    let norm_b = norm(b);
    let mut x = vec![0.0; n];
    if norm_b == 0.0 {
        return Ok(x);
    }
    let restart = restart.clamp(1, n.max(1));
    let mut iterations = 0;
    let mut relative = 1.0;
    while iterations < max_iterations {
        let ax = apply(&x);
        let r: Vec<f64> = b.iter().zip(&ax).map(|(b, a)| b - a).collect();
        let beta = norm(&r);
        relative = beta / norm_b;
        if relative <= tolerance {
            return Ok(x);
        }
        let mut basis: Vec<Vec<f64>> = vec![r.iter().map(|v| v / beta).collect()];
        // Hessenberg columns after rotation (upper triangular), rotations, rhs g.
        let mut rcols: Vec<Vec<f64>> = Vec::new();
        let mut rotations: Vec<(f64, f64)> = Vec::new();
        let mut g = vec![beta];
        for j in 0..restart {
            iterations += 1;
            let mut w = apply(&basis[j]);
            let mut h = vec![0.0; j + 2];
            for _ in 0..2 {
                for (i, q) in basis.iter().enumerate() {
                    let c = dot(&w, q);
                    h[i] += c;
                    w.iter_mut().zip(q).for_each(|(w, q)| *w -= c * q);
                }
            }
            h[j + 1] = norm(&w);
            for (i, &(c, s)) in rotations.iter().enumerate() {
                let (a, b) = (h[i], h[i + 1]);
                h[i] = c * a + s * b;
                h[i + 1] = -s * a + c * b;
            }
            let (a, b) = (h[j], h[j + 1]);
            let d = a.hypot(b);
            let (c, s) = if d == 0.0 { (1.0, 0.0) } else { (a / d, b / d) };
            h[j] = d;
            h[j + 1] = 0.0;
            rotations.push((c, s));
            g.push(-s * g[j]);
            g[j] *= c;
            rcols.push(h);
            relative = g[j + 1].abs() / norm_b;
            let breakdown = rcols[j][j] == 0.0;
            if relative <= tolerance || j + 1 == restart || iterations >= max_iterations || breakdown {
                break;
            }
            let scale = norm(&w);
            basis.push(w.iter().map(|v| v / scale).collect());
        }
        // Back substitution R y = g and x += V y.
        let m = rcols.len();
        let mut y = vec![0.0; m];
        for i in (0..m).rev() {
            let mut t = g[i];
            for k in i + 1..m {
                t -= rcols[k][i] * y[k];
            }
            y[i] = if rcols[i][i] != 0.0 { t / rcols[i][i] } else { 0.0 };
        }
        for (k, yk) in y.iter().enumerate() {
            x.iter_mut().zip(&basis[k]).for_each(|(x, q)| *x += yk * q);
        }
    }
    let ax = apply(&x);
    let r: Vec<f64> = b.iter().zip(&ax).map(|(b, a)| b - a).collect();
    let final_relative = norm(&r) / norm_b;
    if final_relative <= tolerance {
        Ok(x)
    } else {
        Err((iterations, final_relative.max(relative.min(final_relative))))
    }
}

pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

pub(crate) fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A nonsymmetric, diagonally dominant system against its known solution, with and
    /// without restarts.
    #[test]
    fn solves_a_nonsymmetric_system() {
        let n = 50;
        let a = |i: usize, j: usize| {
            if i == j {
                4.0 + (i % 3) as f64
            } else {
                ((i * 7 + j * 3) % 5) as f64 / (5.0 * n as f64) - 0.05 / n as f64
            }
        };
        let x_true: Vec<f64> = (0..n).map(|i| (i as f64 * 0.3).sin()).collect();
        let apply = |x: &[f64]| -> Vec<f64> { (0..n).map(|i| (0..n).map(|j| a(i, j) * x[j]).sum()).collect() };
        let b = apply(&x_true);
        for restart in [5, 50] {
            let x = solve(apply, &b, 1e-13, restart, 1000).unwrap();
            for (x, t) in x.iter().zip(&x_true) {
                assert!((x - t).abs() < 1e-11, "restart {restart}: {x} vs {t}");
            }
        }
        let e = solve(apply, &b, 1e-13, 2, 3).unwrap_err();
        assert!(e.0 >= 3 && e.1 > 1e-13);
    }
}
