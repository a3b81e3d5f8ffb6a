//! A symmetric freeness matrix stored once: its upper triangle, diagonal included, row by
//! row ("packed" storage, as LAPACK's `dspmv`). Symmetric costs (every metric geography)
//! need only N(N+1)/2 entries, so a product streams half the bytes of the full matrix,
//! which sets its time for N in the thousands (memory bound).
//!
//! y = phi x reads each stored entry p_ij (i <= j) once and uses it twice: in the dot
//! product of row i (y_i += p_ij x_j) and in column j (y_j += p_ij x_i, for j > i).
//!
//! Determinism: rows are cut into at most [`BLOCKS`] blocks of about equal entry count, fixed by N
//! alone. A block writes the dot products of its rows and its own vector of column sums;
//! y_j = (row part of j) + sum over blocks, in block order, of their column sums at j.
//! Blocks run in parallel (rayon) above [`PARALLEL_ROWS`] rows, but every sum has a fixed
//! order, so products are bitwise identical for any number of threads, and the AVX2 build
//! performs the same operations in the same order as the portable one.

use rayon::prelude::*;

use super::dense::{Entry, PARALLEL_ROWS};
use super::split::shared_split_columns;
use crate::geography::TradeCosts;

/// Most row blocks; a block has at least [`BLOCK_ROWS`] rows, so small matrices (which fit
/// in cache) are not split into tasks that cost more to schedule than to run.
const BLOCKS: usize = 32;
const BLOCK_ROWS: usize = 128;

/// phi_ij = T_ij^(exponent) for i <= j, row-major packed.
#[derive(Debug, Clone)]
pub(super) struct Packed<T: Entry> {
    n: usize,
    data: Vec<T>,
    /// Start of row i in `data`: sum over k < i of (n - k).
    offsets: Vec<usize>,
    /// Row ranges [start, end) of the blocks, in order, covering 0..n.
    blocks: Vec<(usize, usize)>,
    /// The low parts of a split matrix (`split.rs`): entry = data + low, in the same layout.
    low: Option<Vec<T>>,
}

impl<T: Entry> Packed<T> {
    /// The upper triangle of T^(exponent); the costs must be symmetric.
    pub(super) fn new(costs: &TradeCosts, exponent: f64) -> Self {
        debug_assert!(costs.is_symmetric());
        let n = costs.len();
        let offsets: Vec<usize> = (0..n).map(|i| i * n - i * i.saturating_sub(1) / 2).collect();
        if let Some(distances) = costs.distances() {
            // One exponential per entry, rows in parallel (each entry computed on its own,
            // so the same bits for any thread count).
            let mut data = vec![T::narrow(0.0); n * (n + 1) / 2];
            let mut rows = Vec::with_capacity(n);
            let mut rest: &mut [T] = &mut data;
            for i in 0..n {
                let (row, tail) = rest.split_at_mut(n - i);
                rows.push(row);
                rest = tail;
            }
            let phi = distances.freeness(exponent);
            distances.fill_upper(|i, j| T::narrow(phi(i, j)), rows);
            return Packed {
                n,
                data,
                offsets,
                blocks: blocks(n),
                low: None,
            };
        }
        let mut data = Vec::with_capacity(n * (n + 1) / 2);
        match costs.kernel() {
            None => {
                let values = costs.values();
                for i in 0..n {
                    data.extend(
                        values[i * n + i..(i + 1) * n]
                            .iter()
                            .map(|t| T::narrow(t.powf(exponent))),
                    );
                }
            }
            Some(kernel) => {
                let k: Vec<T> = kernel.iter().map(|t| T::narrow(t.powf(exponent))).collect();
                let structure = costs.structure();
                for i in 0..n {
                    data.extend((i..n).map(|j| k[structure.kernel_index(n, i, j).expect("kernel structure")]));
                }
            }
        }
        Packed {
            n,
            data,
            offsets,
            blocks: blocks(n),
            low: None,
        }
    }

    /// The packed triangle from its row-major entries (N(N+1)/2 of them), with the low
    /// parts of a split matrix when given (entry = data + low).
    pub(super) fn from_data(n: usize, data: Vec<T>, low: Option<Vec<T>>) -> Self {
        debug_assert_eq!(data.len(), n * (n + 1) / 2);
        debug_assert!(low.as_ref().is_none_or(|l| l.len() == data.len()));
        Packed {
            n,
            data,
            offsets: (0..n).map(|i| i * n - i * i.saturating_sub(1) / 2).collect(),
            blocks: blocks(n),
            low,
        }
    }

    /// The stored entries, row-major.
    pub(super) fn into_data(self) -> Vec<T> {
        self.data
    }

    pub(super) fn get(&self, r: usize, s: usize) -> f64 {
        let (i, j) = if r <= s { (r, s) } else { (s, r) };
        let k = self.offsets[i] + (j - i);
        self.data[k].widen() + self.low.as_ref().map_or(0.0, |l| l[k].widen())
    }

    /// Bytes held: N(N+1)/2 entries (twice for a split matrix).
    pub(super) fn bytes(&self) -> usize {
        (self.data.len() + self.low.as_ref().map_or(0, |l| l.len())) * std::mem::size_of::<T>()
    }

    /// out = phi x (= phi' x); for a split matrix with phi = high + low.
    pub(super) fn mul(&self, x: &[f64], out: &mut [f64]) {
        if self.low.is_some() {
            self.product::<true>(x, out)
        } else {
            self.product::<false>(x, out)
        }
    }

    /// out = high x: a split matrix's single-precision part alone (half the bytes).
    pub(super) fn mul_high(&self, x: &[f64], out: &mut [f64]) {
        self.product::<false>(x, out)
    }

    fn product<const SPLIT: bool>(&self, x: &[f64], out: &mut [f64]) {
        let n = self.n;
        assert_eq!(x.len(), n);
        assert_eq!(out.len(), n);
        let nb = self.blocks.len();
        let mut columns = vec![0.0; nb * n];
        // Split `out` into the blocks' row ranges: each block writes its rows' dot products.
        let mut segments = Vec::with_capacity(nb);
        let mut rest: &mut [f64] = out;
        for &(start, end) in &self.blocks {
            let (head, tail) = rest.split_at_mut(end - start);
            segments.push(head);
            rest = tail;
        }
        let simd = simd_available();
        // ((row range, the rows' part of out), the block's column sums)
        type Task<'a, 'b> = ((&'a (usize, usize), &'a mut &'b mut [f64]), &'a mut [f64]);
        let run = |((&(start, end), rows), cols): Task| {
            #[cfg(target_arch = "x86_64")]
            if simd {
                // SAFETY: AVX2 was detected at run time.
                return unsafe { block_avx2::<T, SPLIT>(self, x, start, end, rows, cols) };
            }
            let _ = simd;
            block::<T, false, SPLIT>(self, x, start, end, rows, cols)
        };
        if nb > 1 {
            self.blocks
                .par_iter()
                .zip(segments.par_iter_mut())
                .zip(columns.par_chunks_mut(n))
                .for_each(run);
        } else {
            self.blocks
                .iter()
                .zip(segments.iter_mut())
                .zip(columns.chunks_mut(n))
                .for_each(run);
        }
        let add_columns = |j0: usize, chunk: &mut [f64]| {
            for (k, y) in chunk.iter_mut().enumerate() {
                let j = j0 + k;
                let mut sum = *y;
                for b in 0..nb {
                    sum += columns[b * n + j];
                }
                *y = sum;
            }
        };
        if nb > 1 {
            out.par_chunks_mut(1024)
                .enumerate()
                .for_each(|(c, chunk)| add_columns(c * 1024, chunk));
        } else {
            add_columns(0, out);
        }
    }
}

/// Row ranges of about equal entry counts: min(N / [`BLOCK_ROWS`], [`BLOCKS`]) of them from
/// [`PARALLEL_ROWS`] rows, else one. Depends on N only.
fn blocks(n: usize) -> Vec<(usize, usize)> {
    let count = (n / BLOCK_ROWS).min(BLOCKS);
    if n < PARALLEL_ROWS || count < 2 {
        return vec![(0, n)];
    }
    let total = (n * (n + 1) / 2) as f64;
    let mut bounds = vec![0];
    let mut filled = 0.0;
    for i in 0..n {
        filled += (n - i) as f64;
        let target = total * bounds.len() as f64 / count as f64;
        if filled >= target && bounds.len() < count && i + 1 < n {
            bounds.push(i + 1);
        }
    }
    bounds.push(n);
    bounds.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Four stored entries widened to f64.
#[inline(always)]
pub(super) fn widen4<T: Entry>(v: &[T]) -> [f64; 4] {
    [v[0].widen(), v[1].widen(), v[2].widen(), v[3].widen()]
}

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
unsafe fn block_avx2<T: Entry, const SPLIT: bool>(
    m: &Packed<T>,
    x: &[f64],
    start: usize,
    end: usize,
    rows: &mut [f64],
    columns: &mut [f64],
) {
    block::<T, true, SPLIT>(m, x, start, end, rows, columns)
}

/// Rows start..end: rows\[i - start\] = sum_{j >= i} p_ij x_j and columns\[j\] += p_ij x_i
/// for j > i. Rows go four at a time so that each load of x and of the column sums serves
/// four rows; each row keeps four accumulators (fixed summation order). With `SPLIT`, each
/// entry is high + low, widened and added before it is used.
#[inline(always)]
fn block<T: Entry, const SIMD: bool, const SPLIT: bool>(
    m: &Packed<T>,
    x: &[f64],
    start: usize,
    end: usize,
    rows: &mut [f64],
    columns: &mut [f64],
) {
    let n = m.n;
    let low: &[T] = if SPLIT { m.low.as_deref().unwrap_or(&[]) } else { &[] };
    let entry = |i: usize, j: usize| {
        let k = m.offsets[i] + (j - i);
        if SPLIT {
            m.data[k].widen() + low[k].widen()
        } else {
            m.data[k].widen()
        }
    };
    let mut i = start;
    while i + 4 <= end {
        // Columns i+4.. are shared by the four rows; the 4 × 4 corner is done entry by entry.
        let c0 = i + 4;
        let len = n - c0;
        let row = |k: usize| {
            let r = i + k;
            let s = m.offsets[r] + (c0 - r);
            let l: &[T] = if SPLIT { &low[s..s + len] } else { &[] };
            (&m.data[s..s + len], l)
        };
        let ((a, la), (b, lb), (c, lc), (d, ld)) = (row(0), row(1), row(2), row(3));
        let lows = [la, lb, lc, ld];
        let (xa, xb, xc, xd) = (x[i], x[i + 1], x[i + 2], x[i + 3]);
        let full = len / 4 * 4;
        let xr = [xa, xb, xc, xd];
        #[cfg(target_arch = "x86_64")]
        let acc = if SIMD {
            // SAFETY: SIMD is true only in `block_avx2`, called where AVX2 was detected.
            unsafe { shared_columns_avx2::<T, SPLIT>([a, b, c, d], lows, xr, &x[c0..], &mut columns[c0..]) }
        } else {
            shared_columns::<T, SPLIT>([a, b, c, d], lows, xr, &x[c0..], &mut columns[c0..])
        };
        #[cfg(not(target_arch = "x86_64"))]
        let acc = shared_columns::<T, SPLIT>([a, b, c, d], lows, xr, &x[c0..], &mut columns[c0..]);
        let mut dots = [0.0f64; 4];
        for k in 0..4 {
            let r = i + k;
            let acc = acc[k];
            let tail: f64 = (c0 + full..n).fold(0.0, |t, j| t + entry(r, j) * x[j]);
            dots[k] = (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail;
        }
        for (j, column) in columns.iter_mut().enumerate().skip(c0 + full) {
            *column += (entry(i, j) * xa + entry(i + 1, j) * xb) + (entry(i + 2, j) * xc + entry(i + 3, j) * xd);
        }
        for (k, dot) in dots.iter_mut().enumerate() {
            let r = i + k;
            for j in r..c0 {
                let p = entry(r, j);
                *dot += p * x[j];
                if j > r {
                    columns[j] += p * x[r];
                }
            }
            rows[r - start] = *dot;
        }
        i += 4;
    }
    for r in i..end {
        let mut dot = 0.0;
        for j in r..n {
            let p = entry(r, j);
            dot += p * x[j];
            if j > r {
                columns[j] += p * x[r];
            }
        }
        rows[r - start] = dot;
    }
}

/// The columns the four rows share: returns each row's four lane sums
/// (acc\[k\]\[l\] = sum over q of p_{r_k, c0+4q+l} x_{c0+4q+l}) and adds
/// (p_a xa + p_b xb) + (p_c xc + p_d xd) to each column's sum. Whole groups of four columns
/// only; the caller does the tail.
#[inline(always)]
fn shared_columns<T: Entry, const SPLIT: bool>(
    rows: [&[T]; 4],
    lows: [&[T]; 4],
    xr: [f64; 4],
    x: &[f64],
    columns: &mut [f64],
) -> [[f64; 4]; 4] {
    if SPLIT {
        return shared_split_columns(rows, lows, xr, x, columns);
    }
    let mut acc = [[0.0f64; 4]; 4];
    let quads = rows[0]
        .chunks_exact(4)
        .zip(rows[1].chunks_exact(4))
        .zip(rows[2].chunks_exact(4))
        .zip(rows[3].chunks_exact(4))
        .zip(x.chunks_exact(4))
        .zip(columns.chunks_exact_mut(4));
    for (((((a, b), c), d), xs), cols) in quads {
        let w = [widen4(a), widen4(b), widen4(c), widen4(d)];
        for k in 0..4 {
            for l in 0..4 {
                acc[k][l] += w[k][l] * xs[l];
            }
        }
        for l in 0..4 {
            cols[l] += (w[0][l] * xr[0] + w[1][l] * xr[1]) + (w[2][l] * xr[2] + w[3][l] * xr[3]);
        }
    }
    acc
}

/// [`shared_columns`] with explicit AVX2 vectors along the columns: the same multiplies and
/// adds in the same order lane by lane (no FMA), so the same bits.
///
/// # Safety
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn shared_columns_avx2<T: Entry, const SPLIT: bool>(
    rows: [&[T]; 4],
    lows: [&[T]; 4],
    xr: [f64; 4],
    x: &[f64],
    columns: &mut [f64],
) -> [[f64; 4]; 4] {
    use std::arch::x86_64::*;
    let len = rows
        .iter()
        .map(|r| r.len())
        .min()
        .unwrap_or(0)
        .min(x.len())
        .min(columns.len());
    let quads = len / 4;
    let load_one = |row: &[T], j: usize| -> __m256d {
        // SAFETY: j + 4 <= len <= row.len() (and the low rows are as long as the rows).
        unsafe { T::load4_avx2(row.as_ptr().add(j)) }
    };
    let load = |k: usize, j: usize| -> __m256d {
        if SPLIT {
            _mm256_add_pd(load_one(rows[k], j), load_one(lows[k], j))
        } else {
            load_one(rows[k], j)
        }
    };
    let (xa, xb, xc, xd) = (
        _mm256_set1_pd(xr[0]),
        _mm256_set1_pd(xr[1]),
        _mm256_set1_pd(xr[2]),
        _mm256_set1_pd(xr[3]),
    );
    let (mut sa, mut sb, mut sc, mut sd) = (
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
    );
    for q in 0..quads {
        let j = 4 * q;
        let (a, b, c, d) = (load(0, j), load(1, j), load(2, j), load(3, j));
        // SAFETY: j + 4 <= len <= x.len(), columns.len().
        let xs = unsafe { _mm256_loadu_pd(x.as_ptr().add(j)) };
        sa = _mm256_add_pd(sa, _mm256_mul_pd(a, xs));
        sb = _mm256_add_pd(sb, _mm256_mul_pd(b, xs));
        sc = _mm256_add_pd(sc, _mm256_mul_pd(c, xs));
        sd = _mm256_add_pd(sd, _mm256_mul_pd(d, xs));
        let ab = _mm256_add_pd(_mm256_mul_pd(a, xa), _mm256_mul_pd(b, xb));
        let cd = _mm256_add_pd(_mm256_mul_pd(c, xc), _mm256_mul_pd(d, xd));
        let ptr = unsafe { columns.as_mut_ptr().add(j) };
        // SAFETY: as above.
        unsafe { _mm256_storeu_pd(ptr, _mm256_add_pd(_mm256_loadu_pd(ptr), _mm256_add_pd(ab, cd))) };
    }
    let lanes = |v: __m256d| {
        let mut out = [0.0f64; 4];
        // SAFETY: out holds four f64.
        unsafe { _mm256_storeu_pd(out.as_mut_ptr(), v) };
        out
    };
    [lanes(sa), lanes(sb), lanes(sc), lanes(sd)]
}

#[cfg(test)]
#[path = "packed_tests.rs"]
mod tests;
