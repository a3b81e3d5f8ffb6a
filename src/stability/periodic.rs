//! All eigenvalues of the migration Jacobian at a symmetric state of a racetrack or torus by
//! one FFT. With equal shares lambda = 1/N on every region and costs that depend only on the
//! offset between regions, d omega / d lambda = D is circulant (block-circulant on a torus:
//! D_rj depends only on the wrapped offset from r to j), so its eigenvectors are the Fourier
//! modes and its eigenvalues the discrete Fourier transform of one column (Davis 1979,
//! *Circulant Matrices*, thm 3.2.2). On the simplex's tangent space (sum v = 0, every mode
//! but the constant one) the migration Jacobian lambda (D - 1 lambda' D) acts as D / N, so
//! its eigenvalues are mu_k / N for the N - 1 non-constant modes k.

use rustfft::{num_complex::Complex, FftPlanner};

/// The N - 1 eigenvalues (re, im) on the tangent space, from `column` = D e_0 (d omega /
/// d lambda_0 for every region, regions numbered r = y width + x) and the common `share`.
pub fn periodic_eigenvalues(width: usize, height: usize, column: &[f64], share: f64) -> Vec<(f64, f64)> {
    assert_eq!(
        width * height,
        column.len(),
        "a {width} x {height} grid has {} regions",
        width * height
    );
    let mut data: Vec<Complex<f64>> = column.iter().map(|&c| Complex::new(c, 0.0)).collect();
    let mut planner = FftPlanner::<f64>::new();
    let rows = planner.plan_fft_forward(width);
    for row in data.chunks_mut(width) {
        rows.process(row);
    }
    if height > 1 {
        let columns = planner.plan_fft_forward(height);
        let mut buffer = vec![Complex::new(0.0, 0.0); height];
        for x in 0..width {
            for y in 0..height {
                buffer[y] = data[y * width + x];
            }
            columns.process(&mut buffer);
            for y in 0..height {
                data[y * width + x] = buffer[y];
            }
        }
    }
    data.iter().skip(1).map(|c| (c.re * share, c.im * share)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    /// Against the dense eigenvalues of lambda (D - 1 lambda' D) on the tangent space, for a
    /// circulant and a torus D with an asymmetric kernel.
    #[test]
    fn fft_eigenvalues_match_the_dense_jacobian() {
        for (w, h) in [(9, 1), (4, 3), (5, 5)] {
            let n = w * h;
            let kernel = |dx: usize, dy: usize| 1.0 / (1.0 + dx as f64 + 2.0 * dy as f64) + 0.1 * dx as f64;
            let d = DMatrix::from_fn(n, n, |r, j| {
                let (xr, yr, xj, yj) = (r % w, r / w, j % w, j / w);
                kernel((xj + w - xr) % w, (yj + h - yr) % h)
            });
            let share = 1.0 / n as f64;
            let shares = vec![share; n];
            let support: Vec<usize> = (0..n).collect();
            let jac = crate::stability::migration_jacobian(&shares, &d, &support);
            let mut dense: Vec<(f64, f64)> = jac.complex_eigenvalues().iter().map(|c| (c.re, c.im)).collect();
            let column: Vec<f64> = (0..n).map(|r| d[(r, 0)]).collect();
            let mut fft = periodic_eigenvalues(w, h, &column, share);
            let key = |a: &(f64, f64), b: &(f64, f64)| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1));
            dense.sort_by(key);
            fft.sort_by(key);
            assert_eq!(dense.len(), fft.len());
            for (a, b) in dense.iter().zip(&fft) {
                assert!(
                    (a.0 - b.0).abs() < 1e-12 && (a.1.abs() - b.1.abs()).abs() < 1e-12,
                    "{w}x{h}: {a:?} vs {b:?}"
                );
            }
        }
    }
}
