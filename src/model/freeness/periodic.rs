//! Freeness that depends only on the offset between locations — a racetrack (circulant) or
//! a torus — stored as its kernel (phi from location 0) and multiplied by FFT: O(N) memory,
//! O(N log N) time per product.
//!
//! With phi_rs = k(s - r) (offsets wrapped), `mul` is out_r = sum_s k(s - r) x_s, the
//! circular convolution of x with k reversed, and `mul_transpose` is out_s = sum_r
//! k(s - r) x_r, the convolution with k: out = IFFT(conj(K) X) and IFFT(K X) with K the
//! DFT of k (computed once, scaled by 1/N).
//!
//! - **Line** (a racetrack, or a torus one cell wide or high): one complex FFT of length N.
//! - **Grid** (width, height >= 2): a real 2-D transform. Rows y and y + 1 are packed as the
//!   real and imaginary parts of one complex row, so that one FFT of length `width` gives
//!   both rows' spectra; only the `width / 2 + 1` non-redundant frequencies (the input is
//!   real) go through the column FFTs, which run on a transposed buffer, multiply by the
//!   kernel's spectrum and transform back in one pass per column; the inverse unpacks the
//!   same way. About half the work of a complex 2-D FFT. Row pairs and columns are spread
//!   over rayon tasks; every task computes the same numbers whichever thread runs it, so
//!   results are bitwise identical for any number of threads.
//!
//! **Accuracy.** An FFT product is accurate in norm: its error in every entry is about
//! eps · sqrt(log2 N) · |k|_1 · rms(x), whatever the entry's size. Entries far below that
//! scale (a region far from all the mass of x when phi decays over many orders of
//! magnitude, e.g. empty regions in a core–periphery pattern) would be roundoff. After
//! each product, entries smaller than [`ACCURACY_MARGIN`] times that error scale are
//! recomputed exactly as direct sums over the kernel (O(N) each): every entry is then
//! either exact or has a relative error below about 1 / ACCURACY_MARGIN = 1e-10 (measured:
//! at most 3e-12 on racetracks and tori with point masses and log-normal vectors). That
//! relative error is also the floor of a solver's residual on such problems (1e-12 reached,
//! 1e-13 not always); on smooth problems (the Allen–Arkolakis contraction, spread-out
//! populations) no entry needs recomputing and errors are 1e-15. The cost of the exact
//! entries is O(N) each: on large grids with a steep kernel and a concentrated vector
//! (most entries far from all the mass) a product tends to O(N²), the price of keeping
//! every entry's relative accuracy.

use std::fmt;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rustfft::{num_complex::Complex, Fft, FftPlanner};

use super::periodic_products::{grid_product, line_product, GridPlans};

use crate::geography::{Structure, TradeCosts};

pub(super) type C = Complex<f64>;

/// Entries below ACCURACY_MARGIN × (the FFT's error scale) are recomputed exactly.
pub const ACCURACY_MARGIN: f64 = 1e10;
/// The FFT's per-entry error scale is ERROR_SCALE · eps · sqrt(log2 N) · |k|_1 · rms(x).
const ERROR_SCALE: f64 = 8.0;

/// FFT plans and the kernel's spectrum.
enum Shape {
    /// One line of N: `spectrum` = DFT(k) / N, all N frequencies.
    Line {
        forward: Arc<dyn Fft<f64>>,
        inverse: Arc<dyn Fft<f64>>,
        spectrum: Vec<C>,
    },
    /// width × height >= 2 × 2: `spectrum[f * height + g]` = DFT(k)(g, f) / N for the column
    /// frequencies f = 0..=width/2 (transposed, as the column pass reads it).
    Grid {
        row_forward: Arc<dyn Fft<f64>>,
        row_inverse: Arc<dyn Fft<f64>>,
        column_forward: Arc<dyn Fft<f64>>,
        column_inverse: Arc<dyn Fft<f64>>,
        spectrum: Vec<C>,
    },
}

/// Buffers of one product, reused across calls (a small pool, so that products may run
/// concurrently on one matrix).
#[derive(Default)]
pub(super) struct Workspace {
    pub(super) a: Vec<C>,
    pub(super) b: Vec<C>,
}

pub(super) struct Periodic {
    n: usize,
    /// The grid the kernel lives on: (N, 1) for a circulant.
    width: usize,
    height: usize,
    structure: Structure,
    /// phi from location 0, indexed like the cost kernel ([`Structure::kernel_index`]).
    kernel: Vec<f64>,
    /// k(-d), for the transpose's direct sums; `None` when k is symmetric.
    kernel_reversed: Option<Vec<f64>>,
    kernel_l1: f64,
    shape: Shape,
    pool: Mutex<Vec<Workspace>>,
}

impl fmt::Debug for Periodic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Periodic")
            .field("n", &self.n)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("symmetric", &self.kernel_reversed.is_none())
            .finish_non_exhaustive()
    }
}

impl Clone for Periodic {
    fn clone(&self) -> Self {
        let shape = match &self.shape {
            Shape::Line {
                forward,
                inverse,
                spectrum,
            } => Shape::Line {
                forward: forward.clone(),
                inverse: inverse.clone(),
                spectrum: spectrum.clone(),
            },
            Shape::Grid {
                row_forward,
                row_inverse,
                column_forward,
                column_inverse,
                spectrum,
            } => Shape::Grid {
                row_forward: row_forward.clone(),
                row_inverse: row_inverse.clone(),
                column_forward: column_forward.clone(),
                column_inverse: column_inverse.clone(),
                spectrum: spectrum.clone(),
            },
        };
        Periodic {
            n: self.n,
            width: self.width,
            height: self.height,
            structure: self.structure,
            kernel: self.kernel.clone(),
            kernel_reversed: self.kernel_reversed.clone(),
            kernel_l1: self.kernel_l1,
            shape,
            pool: Mutex::new(Vec::new()),
        }
    }
}

impl Periodic {
    /// The FFT representation of T^(exponent), or `None` for dense costs.
    pub(super) fn new(costs: &TradeCosts, exponent: f64) -> Option<Self> {
        let n = costs.len();
        let structure = costs.structure();
        let (width, height) = match structure {
            Structure::Dense => return None,
            Structure::Circulant => (n, 1),
            Structure::Torus { width, height } => (width, height),
        };
        let kernel: Vec<f64> = match costs.kernel() {
            Some(k) => k.iter().map(|t| t.powf(exponent)).collect(),
            None => (0..n).map(|s| costs.get(0, s).powf(exponent)).collect(),
        };
        let symmetric = costs.is_symmetric();
        let kernel_reversed = (!symmetric).then(|| {
            (0..n)
                .map(|m| {
                    let (dx, dy) = (m % width, m / width);
                    kernel[((height - dy) % height) * width + (width - dx) % width]
                })
                .collect()
        });
        let kernel_l1 = kernel.iter().map(|v| v.abs()).sum();
        let mut planner = FftPlanner::<f64>::new();
        let scale = 1.0 / n as f64;
        let shape = if width == 1 || height == 1 {
            // The kernel is then a circulant's first row whatever the layout.
            let forward = planner.plan_fft_forward(n);
            let inverse = planner.plan_fft_inverse(n);
            let mut spectrum: Vec<C> = kernel.iter().map(|&v| C::new(v, 0.0)).collect();
            forward.process(&mut spectrum);
            finish_spectrum(&mut spectrum, scale, symmetric);
            Shape::Line {
                forward,
                inverse,
                spectrum,
            }
        } else {
            let row_forward = planner.plan_fft_forward(width);
            let row_inverse = planner.plan_fft_inverse(width);
            let column_forward = planner.plan_fft_forward(height);
            let column_inverse = planner.plan_fft_inverse(height);
            // Full complex 2-D DFT of the kernel, once; keep the non-redundant columns.
            let mut full: Vec<C> = kernel.iter().map(|&v| C::new(v, 0.0)).collect();
            row_forward.process(&mut full);
            let columns = width / 2 + 1;
            let mut spectrum = vec![C::default(); columns * height];
            for (f, column) in spectrum.chunks_mut(height).enumerate() {
                for (g, c) in column.iter_mut().enumerate() {
                    *c = full[g * width + f];
                }
                column_forward.process(column);
            }
            finish_spectrum(&mut spectrum, scale, symmetric);
            Shape::Grid {
                row_forward,
                row_inverse,
                column_forward,
                column_inverse,
                spectrum,
            }
        };
        Some(Periodic {
            n,
            width,
            height,
            structure,
            kernel,
            kernel_reversed,
            kernel_l1,
            shape,
            pool: Mutex::new(Vec::new()),
        })
    }

    pub(super) fn len(&self) -> usize {
        self.n
    }

    pub(super) fn get(&self, r: usize, s: usize) -> f64 {
        self.kernel[self.structure.kernel_index(self.n, r, s).expect("periodic structure")]
    }

    /// Bytes held (kernel, reversed kernel, spectrum), without the reusable buffers.
    pub(super) fn bytes(&self) -> usize {
        let spectrum = match &self.shape {
            Shape::Line { spectrum, .. } | Shape::Grid { spectrum, .. } => spectrum.len(),
        };
        8 * (self.kernel.len() + self.kernel_reversed.as_ref().map_or(0, Vec::len)) + 16 * spectrum
    }

    /// out_r = sum_s phi_rs x_s (`transpose` false) or out_s = sum_r phi_rs x_r (true).
    pub(super) fn product(&self, x: &[f64], out: &mut [f64], transpose: bool) {
        assert_eq!(x.len(), self.n);
        assert_eq!(out.len(), self.n);
        let mut ws = self
            .pool
            .lock()
            .map(|mut p| p.pop())
            .unwrap_or_default()
            .unwrap_or_default();
        match &self.shape {
            Shape::Line {
                forward,
                inverse,
                spectrum,
            } => line_product(
                forward.as_ref(),
                inverse.as_ref(),
                spectrum,
                x,
                out,
                !transpose,
                &mut ws,
            ),
            Shape::Grid {
                row_forward,
                row_inverse,
                column_forward,
                column_inverse,
                spectrum,
            } => {
                let plans = GridPlans {
                    row_forward: row_forward.as_ref(),
                    row_inverse: row_inverse.as_ref(),
                    column_forward: column_forward.as_ref(),
                    column_inverse: column_inverse.as_ref(),
                };
                grid_product(&plans, spectrum, self.width, self.height, x, out, !transpose, &mut ws)
            }
        }
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(ws);
        }
        self.refine(x, out, transpose);
    }

    /// Recomputes exactly the entries below the FFT's error scale (see the module docs).
    fn refine(&self, x: &[f64], out: &mut [f64], transpose: bool) {
        let flagged = self.inexact(x, out);
        if flagged.is_empty() {
            return;
        }
        let kernel = if transpose {
            self.kernel_reversed.as_deref().unwrap_or(&self.kernel)
        } else {
            &self.kernel
        };
        let exact: Vec<f64> = flagged.par_iter().map(|&o| self.direct(kernel, o, x)).collect();
        for (&o, v) in flagged.iter().zip(exact) {
            out[o] = v;
        }
    }

    /// ERROR_SCALE · eps · sqrt(log2 N) · |k|_1 · rms(x): the size of an FFT product's
    /// roundoff in any entry.
    pub(super) fn error_scale(&self, x: &[f64]) -> f64 {
        let n = self.n as f64;
        let rms = (x.iter().map(|v| v * v).sum::<f64>() / n).sqrt();
        ERROR_SCALE * f64::EPSILON * n.log2().max(1.0).sqrt() * self.kernel_l1 * rms
    }

    /// sum_i kernel(i - o) x_i by a direct sum in a fixed order.
    fn direct(&self, kernel: &[f64], o: usize, x: &[f64]) -> f64 {
        let (w, h) = (self.width, self.height);
        let (xo, yo) = (o % w, o / w);
        let mut acc = 0.0;
        for yi in 0..h {
            let dy = if yi >= yo { yi - yo } else { yi + h - yo };
            let k = &kernel[dy * w..(dy + 1) * w];
            let row = &x[yi * w..(yi + 1) * w];
            // x_i with xi >= xo sits at offset xi - xo; with xi < xo at xi + w - xo.
            acc += dot(&k[..w - xo], &row[xo..]) + dot(&k[w - xo..], &row[..xo]);
        }
        acc
    }

    /// Entries of the FFT product `out` of `x` below ACCURACY_MARGIN × the error scale (NaN
    /// included); none when x is zero or not finite.
    fn inexact(&self, x: &[f64], out: &[f64]) -> Vec<usize> {
        let threshold = ACCURACY_MARGIN * self.error_scale(x);
        if threshold.is_nan() || threshold <= 0.0 || threshold.is_infinite() {
            return Vec::new();
        }
        (0..self.n)
            .filter(|&i| out[i].is_nan() || out[i].abs() < threshold)
            .collect()
    }

    /// Number of entries of the product `out` of `x` that [`Periodic::product`] recomputes
    /// exactly (for tests and benchmarks).
    pub(super) fn recomputed(&self, x: &[f64], out: &[f64]) -> usize {
        self.inexact(x, out).len()
    }
}

/// Scales by 1/N; a symmetric kernel has a real spectrum (its imaginary parts are roundoff),
/// which makes `mul` and `mul_transpose` the same computation.
fn finish_spectrum(spectrum: &mut [C], scale: f64, symmetric: bool) {
    for c in spectrum.iter_mut() {
        *c = if symmetric {
            C::new(c.re * scale, 0.0)
        } else {
            *c * scale
        };
    }
}

#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (a_tail, b_tail) = (a4.remainder(), b4.remainder());
    for (a, b) in a4.zip(b4) {
        acc[0] += a[0] * b[0];
        acc[1] += a[1] * b[1];
        acc[2] += a[2] * b[2];
        acc[3] += a[3] * b[3];
    }
    let tail: f64 = a_tail.iter().zip(b_tail).map(|(a, b)| a * b).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}
