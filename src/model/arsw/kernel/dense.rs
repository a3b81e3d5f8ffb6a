//! exp(-c t) for a general travel-time matrix, computed once and stored (f64, N × N, and its
//! transpose when t is not symmetric); products run over row blocks on rayon, each row a dot
//! product in a fixed order, so results do not depend on the number of threads.

use rayon::prelude::*;

/// Rows per rayon task.
const ROWS_PER_TASK: usize = 32;

/// A dense kernel matrix k\[n\]\[i\] = exp(-c t_ni).
#[derive(Debug, Clone)]
pub struct DenseKernel {
    n: usize,
    values: Vec<f64>,
    /// The transpose, when it differs.
    transposed: Option<Vec<f64>>,
}

impl DenseKernel {
    /// exp(-decay t(n, i)) for n, i < size.
    pub fn new(size: usize, decay: f64, minutes: impl Fn(usize, usize) -> f64 + Sync) -> Self {
        Self::from_fn(size, |t| (-decay * t).exp(), minutes)
    }

    /// k(t(n, i)) for n, i < size, for any k of the travel time.
    pub fn from_fn(
        size: usize,
        kernel: impl Fn(f64) -> f64 + Sync,
        minutes: impl Fn(usize, usize) -> f64 + Sync,
    ) -> Self {
        let fill = |f: &(dyn Fn(usize, usize) -> f64 + Sync)| {
            let mut v = vec![0.0; size * size];
            v.par_chunks_mut(size * ROWS_PER_TASK)
                .enumerate()
                .for_each(|(task, chunk)| {
                    for (k, row) in chunk.chunks_mut(size).enumerate() {
                        let r = task * ROWS_PER_TASK + k;
                        for (s, x) in row.iter_mut().enumerate() {
                            *x = kernel(f(r, s));
                        }
                    }
                });
            v
        };
        let values = fill(&minutes);
        let symmetric = (0..size).all(|r| (0..r).all(|s| values[r * size + s] == values[s * size + r]));
        let transposed = (!symmetric).then(|| fill(&|r, s| minutes(s, r)));
        DenseKernel {
            n: size,
            values,
            transposed,
        }
    }

    /// out = K x.
    pub fn mul(&self, x: &[f64], out: &mut [f64]) {
        product(&self.values, self.n, x, out);
    }

    /// out = K^T x.
    pub fn mul_transpose(&self, x: &[f64], out: &mut [f64]) {
        product(self.transposed.as_ref().unwrap_or(&self.values), self.n, x, out);
    }
}

fn product(m: &[f64], n: usize, x: &[f64], out: &mut [f64]) {
    out.par_chunks_mut(ROWS_PER_TASK).enumerate().for_each(|(task, chunk)| {
        for (k, o) in chunk.iter_mut().enumerate() {
            let r = task * ROWS_PER_TASK + k;
            let row = &m[r * n..(r + 1) * n];
            *o = row.iter().zip(x).map(|(a, b)| a * b).sum();
        }
    });
}
