//! A symmetric freeness matrix held as two single-precision triangles, phi = hi + lo
//! (`[solver] matrix-precision = "mixed"`, for large point geographies; not the default:
//! it did not win on whole commands, README "Solvers").
//!
//! hi_ij = fl32(phi_ij) and lo_ij = fl32(phi_ij - hi_ij): hi alone is phi to 2^-24
//! (relative 6e-8), hi + lo is phi to 2^-48 (relative 3.6e-15), while the two together take
//! the 8 bytes per entry of one double. A solver iterates on products with hi (half the bytes
//! streamed, the products being memory-bound) until its residual nears the single-precision
//! floor, then finishes on (hi + lo) x (the double-precision problem; one pass that widens and adds
//! both parts of each entry, `packed.rs`), so the answer and the
//! residual reported are those of the double-precision matrix (`solve::FixedPointMap::
//! apply_coarse`). Both products have the fixed summation order of `packed.rs` (the same bits
//! for any thread count).
//!
//! lo carries its 24 bits only while it is a normal single-precision number: entries of phi
//! below [`SPLIT_MIN_FREENESS`] would lose digits, and such matrices are kept in double
//! precision instead ([`split`] returns `None`).

use rayon::prelude::*;

use super::dense::Entry;
use super::packed::{widen4, Packed};
use crate::geography::TradeCosts;

/// The smallest freeness entry the split keeps to 2^-48: below 1e-30 the low part
/// (about 6e-8 phi) would fall under f32's normal range (1.2e-38) and lose bits.
pub const SPLIT_MIN_FREENESS: f64 = 1e-30;

/// hi + lo of the upper triangle of T^(exponent) (one packed matrix holding both), or `None` when an entry is below
/// [`SPLIT_MIN_FREENESS`] (or not finite). The costs must be symmetric.
pub(super) fn split(costs: &TradeCosts, exponent: f64) -> Option<Packed<f32>> {
    let n = costs.len();
    let len = n * (n + 1) / 2;
    let parts = |p: f64| {
        let hi = p as f32;
        (hi, (p - hi as f64) as f32)
    };
    let (hi, lo) = if let Some(distances) = costs.distances() {
        // One exponential per entry, rows in parallel, each entry on its own.
        let mut hi = vec![0.0f32; len];
        let mut lo = vec![0.0f32; len];
        let phi = distances.freeness(exponent);
        let smallest = rows(&mut hi, n)
            .into_par_iter()
            .zip(rows(&mut lo, n))
            .enumerate()
            .map(|(i, (h, l))| {
                let mut smallest = f64::INFINITY;
                for (k, (h, l)) in h.iter_mut().zip(l.iter_mut()).enumerate() {
                    let p = phi(i, i + k);
                    smallest = smallest.min(if p.is_finite() { p } else { 0.0 });
                    (*h, *l) = parts(p);
                }
                smallest
            })
            .reduce(|| f64::INFINITY, f64::min);
        if smallest < SPLIT_MIN_FREENESS {
            return None;
        }
        (hi, lo)
    } else {
        let full = Packed::<f64>::new(costs, exponent).into_data();
        if full.iter().any(|&p| !(p.is_finite() && p >= SPLIT_MIN_FREENESS)) {
            return None;
        }
        full.iter().map(|&p| parts(p)).unzip()
    };
    Some(Packed::from_data(n, hi, Some(lo)))
}

/// The rows of a packed triangle as slices (row i holds columns i..n).
fn rows(data: &mut [f32], n: usize) -> Vec<&mut [f32]> {
    let mut out = Vec::with_capacity(n);
    let mut rest = data;
    for i in 0..n {
        let (row, tail) = rest.split_at_mut(n - i);
        out.push(row);
        rest = tail;
    }
    out
}

/// `packed.rs`'s `shared_columns` for a split matrix: each entry widened as high + low.
#[inline(always)]
pub(super) fn shared_split_columns<T: Entry>(
    rows: [&[T]; 4],
    lows: [&[T]; 4],
    xr: [f64; 4],
    x: &[f64],
    columns: &mut [f64],
) -> [[f64; 4]; 4] {
    let mut acc = [[0.0f64; 4]; 4];
    let quads = x.len().min(columns.len()).min(rows[0].len()) / 4;
    for q in 0..quads {
        let j = 4 * q;
        let w: [[f64; 4]; 4] = std::array::from_fn(|k| {
            let (h, l) = (widen4(&rows[k][j..]), widen4(&lows[k][j..]));
            [h[0] + l[0], h[1] + l[1], h[2] + l[2], h[3] + l[3]]
        });
        for k in 0..4 {
            for l in 0..4 {
                acc[k][l] += w[k][l] * x[j + l];
            }
        }
        for l in 0..4 {
            columns[j + l] += (w[0][l] * xr[0] + w[1][l] * xr[1]) + (w[2][l] * xr[2] + w[3][l] * xr[3]);
        }
    }
    acc
}
