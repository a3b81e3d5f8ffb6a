//! exp(-c t) on a regular grid, where t depends only on the offset between blocks: a
//! block-Toeplitz matrix, multiplied by a zero-padded 2-D FFT (linear, not circular,
//! convolution) in O(N log N) time and O(N) memory.
//!
//! With k(dx, dy) = exp(-c t(dx, dy)) for |dx| < W, |dy| < H, the product
//! out(x, y) = sum_{x', y'} k(x - x', y - y') in(x', y') equals the circular convolution on
//! a P × Q padded grid (P >= 2W - 1, Q >= 2H - 1) with k stored at wrapped offsets. The
//! kernel is real and even (t(dx, dy) = t(-dx, -dy)), so the matrix is symmetric, its
//! spectrum is computed once, and two real vectors go through one complex transform
//! (x1 + i x2 -> K x1 + i K x2).
//!
//! Accuracy: every entry's error is about eps · log2(PQ) · |k|_1 · max|x|; each output is at
//! least k(0) x_i = x_i, so entries keep a relative accuracy ~1e-13 as long as no block's
//! value is more than ~1e-3 / (N eps) below the largest (checked against dense products in
//! the tests).

use rayon::prelude::*;
use rustfft::{num_complex::Complex, Fft, FftPlanner};
use std::sync::Arc;

use crate::model::arsw::travel::GridCity;

type C = Complex<f64>;

/// Rows or columns per rayon task.
const LINES_PER_TASK: usize = 16;

/// The FFT plans and the kernel's spectrum on the padded grid.
pub struct Toeplitz {
    width: usize,
    height: usize,
    /// Padded sizes P (x) and Q (y).
    p: usize,
    q: usize,
    row_forward: Arc<dyn Fft<f64>>,
    row_inverse: Arc<dyn Fft<f64>>,
    column_forward: Arc<dyn Fft<f64>>,
    column_inverse: Arc<dyn Fft<f64>>,
    /// DFT(k) / (P Q), transposed: `spectrum[fx * q + fy]`.
    spectrum: Vec<C>,
}

impl std::fmt::Debug for Toeplitz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Toeplitz")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("padded", &(self.p, self.q))
            .finish_non_exhaustive()
    }
}

impl Toeplitz {
    /// exp(-decay t) on `grid`.
    pub fn new(grid: &GridCity, decay: f64) -> Self {
        Self::from_fn(grid, |t| (-decay * t).exp())
    }

    /// k(t) on `grid` for any k of the travel time (e.g. t exp(-decay t) for mean commuting
    /// times; the accuracy note above assumes k(0) > 0).
    pub fn from_fn(grid: &GridCity, kernel: impl Fn(f64) -> f64) -> Self {
        let (w, h) = (grid.width, grid.height);
        let (p, q) = (padded(2 * w - 1), padded(2 * h - 1));
        let mut planner = FftPlanner::new();
        let row_forward = planner.plan_fft_forward(p);
        let row_inverse = planner.plan_fft_inverse(p);
        let column_forward = planner.plan_fft_forward(q);
        let column_inverse = planner.plan_fft_inverse(q);
        let mut k = vec![C::new(0.0, 0.0); p * q];
        for dy in -(h as i64 - 1)..(h as i64) {
            for dx in -(w as i64 - 1)..(w as i64) {
                let (ix, iy) = (dx.rem_euclid(p as i64) as usize, dy.rem_euclid(q as i64) as usize);
                k[iy * p + ix] = C::new(kernel(grid.minutes(dx, dy)), 0.0);
            }
        }
        let mut t = Toeplitz {
            width: w,
            height: h,
            p,
            q,
            row_forward,
            row_inverse,
            column_forward,
            column_inverse,
            spectrum: Vec::new(),
        };
        let scale = 1.0 / (p * q) as f64;
        t.spectrum = t.forward(k, q).into_iter().map(|c| c * scale).collect();
        t
    }

    /// 2-D forward transform of a P × Q buffer whose first `rows` rows may be non-zero;
    /// returns the spectrum transposed (`[fx * q + fy]`).
    fn forward(&self, mut buffer: Vec<C>, rows: usize) -> Vec<C> {
        let (p, q) = (self.p, self.q);
        buffer[..rows * p]
            .par_chunks_mut(p * LINES_PER_TASK)
            .for_each(|c| self.row_forward.process(c));
        let mut t = transpose(&buffer, q, p);
        t.par_chunks_mut(q * LINES_PER_TASK)
            .for_each(|c| self.column_forward.process(c));
        t
    }

    /// out1 = K x1, out2 = K x2 (K symmetric, so also the transposed products).
    pub fn mul2(&self, x1: &[f64], x2: &[f64], out1: &mut [f64], out2: &mut [f64]) {
        let (w, h, p, q) = (self.width, self.height, self.p, self.q);
        let mut buffer = vec![C::new(0.0, 0.0); p * q];
        for y in 0..h {
            for x in 0..w {
                buffer[y * p + x] = C::new(x1[y * w + x], x2[y * w + x]);
            }
        }
        let mut t = self.forward(buffer, h);
        t.par_chunks_mut(q * LINES_PER_TASK)
            .zip(self.spectrum.par_chunks(q * LINES_PER_TASK))
            .for_each(|(c, s)| {
                for (a, b) in c.iter_mut().zip(s) {
                    *a *= b;
                }
                self.column_inverse.process(c);
            });
        let mut back = transpose(&t, p, q);
        back[..h * p]
            .par_chunks_mut(p * LINES_PER_TASK)
            .for_each(|c| self.row_inverse.process(c));
        for y in 0..h {
            for x in 0..w {
                let v = back[y * p + x];
                out1[y * w + x] = v.re;
                out2[y * w + x] = v.im;
            }
        }
    }
}

/// The transpose of a row-major buffer with `cols_in` columns and `cols_out` rows.
fn transpose(a: &[C], cols_out: usize, cols_in: usize) -> Vec<C> {
    // a is cols_out × cols_in; out (cols_in × cols_out): out[r * cols_out + c] = a[c * cols_in + r]
    let mut out = vec![C::new(0.0, 0.0); a.len()];
    out.par_chunks_mut(cols_out * LINES_PER_TASK)
        .enumerate()
        .for_each(|(task, chunk)| {
            for (k, row) in chunk.chunks_mut(cols_out).enumerate() {
                let r = task * LINES_PER_TASK + k;
                for (c, v) in row.iter_mut().enumerate() {
                    *v = a[c * cols_in + r];
                }
            }
        });
    out
}

/// The smallest size >= n whose prime factors are 2, 3 and 5 (fast FFT lengths).
fn padded(n: usize) -> usize {
    let mut m = n.max(1);
    loop {
        let mut r = m;
        for f in [2, 3, 5] {
            while r % f == 0 {
                r /= f;
            }
        }
        if r == 1 {
            return m;
        }
        m += 1;
    }
}
