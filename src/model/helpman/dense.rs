//! A dense N × N matrix (row-major, its transpose kept too) with the two products the exact
//! hat algebra needs. Rows run in parallel (rayon) from [`PARALLEL_ROWS`] on, each row summed
//! sequentially in a fixed order: results are bitwise identical for any number of threads.

use rayon::prelude::*;

use crate::model::freeness::PARALLEL_ROWS;

/// Row-major N × N matrix plus its transpose, so that both products stream rows.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseMatrix {
    n: usize,
    values: Vec<f64>,
    transposed: Vec<f64>,
}

impl DenseMatrix {
    /// Wraps row-major `values` (length n²).
    pub fn from_row_major(n: usize, values: Vec<f64>) -> Self {
        assert_eq!(values.len(), n * n, "a dense matrix needs n² entries");
        let mut transposed = vec![0.0; n * n];
        for r in 0..n {
            for s in 0..n {
                transposed[s * n + r] = values[r * n + s];
            }
        }
        DenseMatrix { n, values, transposed }
    }

    /// Number of rows (= columns).
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for a 0 × 0 matrix.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Entry (r, s).
    pub fn get(&self, r: usize, s: usize) -> f64 {
        self.values[r * self.n + s]
    }

    /// Row-major entries.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// out_r = sum_s M_rs x_s.
    pub fn mul(&self, x: &[f64], out: &mut [f64]) {
        mat_vec(&self.values, self.n, x, out);
    }

    /// out_s = sum_r M_rs x_r.
    pub fn mul_transpose(&self, x: &[f64], out: &mut [f64]) {
        mat_vec(&self.transposed, self.n, x, out);
    }
}

fn mat_vec(matrix: &[f64], n: usize, x: &[f64], out: &mut [f64]) {
    debug_assert_eq!(x.len(), n);
    debug_assert_eq!(out.len(), n);
    let row = |r: usize| dot(&matrix[r * n..(r + 1) * n], x);
    if n >= PARALLEL_ROWS {
        out.par_iter_mut()
            .enumerate()
            .with_min_len(16)
            .for_each(|(r, o)| *o = row(r));
    } else {
        for (r, o) in out.iter_mut().enumerate() {
            *o = row(r);
        }
    }
}

/// Dot product with four independent accumulators (vectorisable, fixed summation order).
#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, a_tail) = a.split_at(a.len() / 4 * 4);
    let (b4, b_tail) = b.split_at(a4.len());
    for (ca, cb) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for k in 0..4 {
            acc[k] += ca[k] * cb[k];
        }
    }
    let tail: f64 = a_tail.iter().zip(b_tail).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}
