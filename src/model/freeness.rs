//! The freeness matrix phi = T^(1-sigma), precomputed once per (geography, sigma), and the
//! two matrix–vector products every iteration of a CES trade model needs.
//!
//! Rows are processed in parallel (rayon) above [`PARALLEL_ROWS`]; each row's dot product is
//! summed sequentially in a fixed order, so results are bitwise identical for any number of
//! threads.

use rayon::prelude::*;

use crate::geography::TradeCosts;

/// Row count from which products run in parallel.
pub const PARALLEL_ROWS: usize = 256;
const ROW_BLOCK: usize = 16;

/// Dense freeness matrix phi_rs = T_rs^(1-sigma), row-major; the transpose is stored too
/// when the costs are asymmetric so that both products stream rows.
#[derive(Debug, Clone)]
pub struct Freeness {
    n: usize,
    phi: Vec<f64>,
    phi_transposed: Option<Vec<f64>>,
}

impl Freeness {
    /// phi = T^(1 - sigma) entry by entry.
    pub fn new(costs: &TradeCosts, sigma: f64) -> Self {
        let n = costs.len();
        let exponent = 1.0 - sigma;
        let phi: Vec<f64> = costs.values().iter().map(|t| t.powf(exponent)).collect();
        let phi_transposed = (!costs.is_symmetric()).then(|| {
            let mut t = vec![0.0; n * n];
            for r in 0..n {
                for s in 0..n {
                    t[s * n + r] = phi[r * n + s];
                }
            }
            t
        });
        Freeness { n, phi, phi_transposed }
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for an empty matrix.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// phi_rs.
    pub fn get(&self, r: usize, s: usize) -> f64 {
        self.phi[r * self.n + s]
    }

    /// out_r = sum_s phi_rs x_s.
    pub fn mul(&self, x: &[f64], out: &mut [f64]) {
        mat_vec(&self.phi, self.n, x, out);
    }

    /// out_s = sum_r phi_rs x_r (the transpose product).
    pub fn mul_transpose(&self, x: &[f64], out: &mut [f64]) {
        mat_vec(self.phi_transposed.as_deref().unwrap_or(&self.phi), self.n, x, out);
    }
}

fn mat_vec(matrix: &[f64], n: usize, x: &[f64], out: &mut [f64]) {
    debug_assert_eq!(x.len(), n);
    debug_assert_eq!(out.len(), n);
    if n >= PARALLEL_ROWS {
        out.par_chunks_mut(ROW_BLOCK).enumerate().for_each(|(block, chunk)| {
            for (i, o) in chunk.iter_mut().enumerate() {
                let r = block * ROW_BLOCK + i;
                *o = dot(&matrix[r * n..(r + 1) * n], x);
            }
        });
    } else {
        for (r, o) in out.iter_mut().enumerate() {
            *o = dot(&matrix[r * n..(r + 1) * n], x);
        }
    }
}

/// Dot product with four independent accumulators (vectorisable, fixed summation order).
#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let chunks = a.len() / 4;
    for i in 0..chunks {
        let j = 4 * i;
        acc[0] += a[j] * b[j];
        acc[1] += a[j + 1] * b[j + 1];
        acc[2] += a[j + 2] * b[j + 2];
        acc[3] += a[j + 3] * b[j + 3];
    }
    let mut tail = 0.0;
    for j in 4 * chunks..a.len() {
        tail += a[j] * b[j];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::Structure;

    #[test]
    fn transpose_product_of_asymmetric_costs() {
        let costs = TradeCosts::from_row_major(2, vec![1.0, 2.0, 4.0, 1.0], Structure::Dense, "t", None).unwrap();
        let f = Freeness::new(&costs, 2.0);
        let mut out = [0.0; 2];
        f.mul(&[1.0, 1.0], &mut out);
        assert_eq!(out, [1.5, 1.25]);
        f.mul_transpose(&[1.0, 1.0], &mut out);
        assert_eq!(out, [1.25, 1.5]);
    }
}
