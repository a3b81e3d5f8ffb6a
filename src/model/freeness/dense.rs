//! The dense freeness matrix, row-major, in double or single precision; products
//! accumulate in double precision.
//!
//! Rows are processed in parallel (rayon) above [`PARALLEL_ROWS`]; each row's dot product is
//! summed sequentially in a fixed order, so results are bitwise identical for any number of
//! threads. A product streams the matrix once: 8 N² bytes in double precision, 4 N² in
//! single, which sets its time for N in the thousands (memory bound; see
//! `benches/short_run.rs` and `benches/roofline.rs`).

use rayon::prelude::*;

use crate::geography::TradeCosts;

/// Row count from which products run in parallel.
pub const PARALLEL_ROWS: usize = 256;
const ROW_BLOCK: usize = 16;

/// A stored matrix entry: f64, or f32 widened to f64 before it is multiplied.
pub trait Entry: Copy + Send + Sync + std::fmt::Debug + 'static {
    fn narrow(v: f64) -> Self;
    fn widen(self) -> f64;
    /// Four consecutive entries widened to f64 in an AVX vector.
    ///
    /// # Safety
    /// `p` must point to four readable entries, and the CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    unsafe fn load4_avx2(p: *const Self) -> std::arch::x86_64::__m256d;
}

impl Entry for f64 {
    #[inline(always)]
    fn narrow(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn widen(self) -> f64 {
        self
    }
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    unsafe fn load4_avx2(p: *const Self) -> std::arch::x86_64::__m256d {
        // SAFETY: the caller's contract.
        unsafe { std::arch::x86_64::_mm256_loadu_pd(p) }
    }
}

impl Entry for f32 {
    #[inline(always)]
    fn narrow(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn widen(self) -> f64 {
        self as f64
    }
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    unsafe fn load4_avx2(p: *const Self) -> std::arch::x86_64::__m256d {
        use std::arch::x86_64::{_mm256_cvtps_pd, _mm_loadu_ps};
        // SAFETY: the caller's contract.
        unsafe { _mm256_cvtps_pd(_mm_loadu_ps(p)) }
    }
}

/// phi_rs = T_rs^(1-sigma) stored row-major; the transpose is stored too when the costs are
/// asymmetric so that both products stream rows.
#[derive(Debug, Clone)]
pub(super) struct Dense<T: Entry> {
    n: usize,
    phi: Vec<T>,
    phi_transposed: Option<Vec<T>>,
}

impl<T: Entry> Dense<T> {
    /// phi = T^(exponent) entry by entry (the kernel's N powers when the costs store one).
    pub(super) fn new(costs: &TradeCosts, exponent: f64) -> Self {
        let n = costs.len();
        let phi: Vec<T> = match costs.kernel() {
            None => costs.values().iter().map(|t| T::narrow(t.powf(exponent))).collect(),
            Some(kernel) => {
                let k: Vec<T> = kernel.iter().map(|t| T::narrow(t.powf(exponent))).collect();
                let structure = costs.structure();
                let mut phi = Vec::with_capacity(n * n);
                for r in 0..n {
                    phi.extend((0..n).map(|s| k[structure.kernel_index(n, r, s).expect("kernel structure")]));
                }
                phi
            }
        };
        let phi_transposed = (!costs.is_symmetric()).then(|| {
            let mut t = phi.clone();
            for r in 0..n {
                for s in 0..n {
                    t[s * n + r] = phi[r * n + s];
                }
            }
            t
        });
        Dense { n, phi, phi_transposed }
    }

    pub(super) fn get(&self, r: usize, s: usize) -> f64 {
        self.phi[r * self.n + s].widen()
    }

    pub(super) fn mul(&self, x: &[f64], out: &mut [f64]) {
        mat_vec(&self.phi, self.n, x, out);
    }

    pub(super) fn mul_transpose(&self, x: &[f64], out: &mut [f64]) {
        mat_vec(self.phi_transposed.as_deref().unwrap_or(&self.phi), self.n, x, out);
    }

    /// Bytes held (one or two N × N matrices).
    pub(super) fn bytes(&self) -> usize {
        let matrices = if self.phi_transposed.is_some() { 2 } else { 1 };
        matrices * self.phi.len() * std::mem::size_of::<T>()
    }
}

fn mat_vec<T: Entry>(matrix: &[T], n: usize, x: &[f64], out: &mut [f64]) {
    assert_eq!(x.len(), n);
    assert_eq!(out.len(), n);
    assert_eq!(matrix.len(), n * n);
    let simd = simd_available();
    let block = |first: usize, chunk: &mut [f64]| {
        #[cfg(target_arch = "x86_64")]
        if simd {
            // SAFETY: AVX2 was detected at run time.
            return unsafe { rows_avx2(matrix, n, x, first, chunk) };
        }
        let _ = simd;
        rows(matrix, n, x, first, chunk)
    };
    if n >= PARALLEL_ROWS {
        out.par_chunks_mut(ROW_BLOCK)
            .enumerate()
            .for_each(|(b, chunk)| block(b * ROW_BLOCK, chunk));
    } else {
        block(0, out);
    }
}

/// True where the AVX2 build of [`rows`] can run. It performs the same operations in the
/// same order (separate multiply and add, no FMA), so its results are bitwise those of the
/// portable build; it only uses wider registers.
fn simd_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn rows_avx2<T: Entry>(matrix: &[T], n: usize, x: &[f64], first: usize, out: &mut [f64]) {
    rows(matrix, n, x, first, out)
}

/// out\[i\] = row (first + i) · x. Rows go four at a time so that each load of x serves
/// four rows (x does not fit in L1 for N in the thousands); every row keeps its own four
/// accumulators, so each dot product is summed exactly as [`dot`] sums it.
#[inline(always)]
fn rows<T: Entry>(matrix: &[T], n: usize, x: &[f64], first: usize, out: &mut [f64]) {
    let row = |r: usize| &matrix[r * n..(r + 1) * n];
    let mut groups = out.chunks_exact_mut(4);
    let mut r = first;
    for o in &mut groups {
        let (a, b, c, d) = (row(r), row(r + 1), row(r + 2), row(r + 3));
        let mut acc = [[0.0f64; 4]; 4];
        let full = n / 4 * 4;
        let quads = a
            .chunks_exact(4)
            .zip(b.chunks_exact(4))
            .zip(c.chunks_exact(4))
            .zip(d.chunks_exact(4));
        for ((((a, b), c), d), xs) in quads.zip(x.chunks_exact(4)) {
            for (acc, m) in acc.iter_mut().zip([a, b, c, d]) {
                acc[0] += m[0].widen() * xs[0];
                acc[1] += m[1].widen() * xs[1];
                acc[2] += m[2].widen() * xs[2];
                acc[3] += m[3].widen() * xs[3];
            }
        }
        for ((o, acc), m) in o.iter_mut().zip(&acc).zip([a, b, c, d]) {
            let tail: f64 = m[full..]
                .iter()
                .zip(&x[full..])
                .fold(0.0, |t, (m, x)| t + m.widen() * x);
            *o = (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail;
        }
        r += 4;
    }
    for (i, o) in groups.into_remainder().iter_mut().enumerate() {
        *o = dot(row(r + i), x);
    }
}

/// Dot product with four independent accumulators (vectorisable, fixed summation order).
#[inline(always)]
fn dot<T: Entry>(a: &[T], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (a_tail, b_tail) = (a4.remainder(), b4.remainder());
    for (a, b) in a4.zip(b4) {
        acc[0] += a[0].widen() * b[0];
        acc[1] += a[1].widen() * b[1];
        acc[2] += a[2].widen() * b[2];
        acc[3] += a[3].widen() * b[3];
    }
    let mut tail = 0.0;
    for (a, b) in a_tail.iter().zip(b_tail) {
        tail += a.widen() * b;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four-row groups, the remainder rows, the SIMD build and the plain dot product all
    /// give the same bits.
    #[test]
    fn blocked_rows_sum_like_the_plain_dot_product() {
        let n = 23;
        let matrix: Vec<f64> = (0..n * n).map(|i| 1.0 / (1.0 + (i % 17) as f64)).collect();
        let x: Vec<f64> = (0..n).map(|i| 0.1 + (i % 5) as f64 / 3.0).collect();
        let plain: Vec<f64> = (0..n).map(|r| dot(&matrix[r * n..(r + 1) * n], &x)).collect();
        let mut out = vec![0.0; n];
        rows(&matrix, n, &x, 0, &mut out);
        assert_eq!(out, plain);
        mat_vec(&matrix, n, &x, &mut out);
        assert_eq!(out, plain);
        let single: Vec<f32> = matrix.iter().map(|&v| v as f32).collect();
        let plain32: Vec<f64> = (0..n).map(|r| dot(&single[r * n..(r + 1) * n], &x)).collect();
        mat_vec(&single, n, &x, &mut out);
        assert_eq!(out, plain32);
    }
}
