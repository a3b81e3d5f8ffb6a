//! The freeness matrix phi = T^(1-sigma), precomputed once per (geography, sigma), and the
//! two matrix–vector products every iteration of a CES trade model needs.
//!
//! Three representations behind one API ([`Freeness::mul`], [`Freeness::mul_transpose`],
//! [`Freeness::get`], [`Freeness::len`]), chosen from the costs' [`Structure`]:
//!
//! | representation | when | memory | time per product |
//! |---|---|---|---|
//! | dense f64 (`dense.rs`) | [`Structure::Dense`], or N < [`FFT_MIN_REGIONS`] | 8 N² bytes (twice if asymmetric) | 8 N² bytes streamed, rayon over row blocks |
//! | dense f32 | the same with `[solver] matrix-precision = "f32"` | 4 N² bytes | half the bytes; sums still in f64 |
//! | split f32 hi + lo (`split.rs`) | symmetric, N >= [`MIXED_MIN_REGIONS`], `[solver] matrix-precision = "mixed"` | 8 N(N+1)/2 bytes | hi + lo: as f64; the coarse product of the iterations, hi only: half |
//! | FFT (`periodic.rs`) | [`Structure::Circulant`] (racetrack) or [`Structure::Torus`], N >= [`FFT_MIN_REGIONS`] | O(N) | O(N log N) |
//!
//! Every representation gives bitwise identical results for any number of rayon threads.
//! The FFT and dense paths agree to roundoff (`tests/fft.rs`); see `periodic.rs` for how
//! entries far below the FFT's error scale are kept exact. Single precision rounds each
//! phi to 24 bits (relative 6e-8); the roundings average out in the sums, and on 600
//! random points the equilibrium moved by 1.5e-9 (core–periphery wages) and 1.6e-8
//! (Allen–Arkolakis), `tests/fft.rs`. It also flushes entries below ~1e-45 to zero, so
//! keep f64 where phi spans more than ~40 orders of magnitude.

mod dense;
mod packed;
mod periodic;
mod periodic_products;
mod split;

pub use dense::PARALLEL_ROWS;
pub use periodic::ACCURACY_MARGIN;
pub use split::SPLIT_MIN_FREENESS;

pub use crate::geography::MatrixPrecision;
use crate::geography::{Structure, TradeCosts};
use dense::Dense;
use packed::Packed;
use periodic::Periodic;

/// From this many regions circulant and torus costs are multiplied by FFT; below it the
/// dense matrix is small and exact products are as fast.
pub const FFT_MIN_REGIONS: usize = 64;

/// From this many regions `[solver] matrix-precision = "mixed"` splits a symmetric phi into
/// single-precision hi + lo (see `split.rs`); below it the packed triangle (4 MB at 1,000
/// regions) sits in cache, products are not memory-bound and double precision is kept.
pub const MIXED_MIN_REGIONS: usize = 1000;

/// How a [`Freeness`] stores phi and computes its products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// Row-major N × N in double precision.
    Dense,
    /// Row-major N × N in single precision, double-precision sums.
    DenseF32,
    /// Symmetric, as hi + lo in single precision: iterations on hi, the finish on both
    /// (double-precision results).
    Mixed,
    /// First row only, 1-D FFT (racetrack).
    Circulant,
    /// Kernel only, 2-D FFT on a width × height torus.
    Torus { width: usize, height: usize },
}

#[derive(Debug, Clone)]
enum Repr {
    Dense(Dense<f64>),
    DenseF32(Dense<f32>),
    Packed(Packed<f64>),
    PackedF32(Packed<f32>),
    /// hi in the packed data, lo as its low parts (`split.rs`).
    Split(Packed<f32>),
    Periodic(Periodic),
}

/// The freeness matrix phi_rs = T_rs^(1-sigma) in the representation that suits its
/// structure (see the module docs).
#[derive(Debug, Clone)]
pub struct Freeness {
    n: usize,
    representation: Representation,
    repr: Repr,
}

impl Freeness {
    /// phi = T^(1 - sigma): by FFT for circulant and torus costs of at least
    /// [`FFT_MIN_REGIONS`] regions, else dense in the costs' [`MatrixPrecision`].
    pub fn new(costs: &TradeCosts, sigma: f64) -> Self {
        if costs.len() >= FFT_MIN_REGIONS {
            if let Some(f) = Self::fft(costs, sigma) {
                return f;
            }
        }
        Self::with_precision(costs, sigma, costs.matrix_precision())
    }

    /// The FFT representation whatever N, or `None` for dense costs.
    pub fn fft(costs: &TradeCosts, sigma: f64) -> Option<Self> {
        let representation = match costs.structure() {
            Structure::Dense => return None,
            Structure::Circulant => Representation::Circulant,
            Structure::Torus { width, height } => Representation::Torus { width, height },
        };
        let p = Periodic::new(costs, 1.0 - sigma)?;
        Some(Freeness {
            n: p.len(),
            representation,
            repr: Repr::Periodic(p),
        })
    }

    /// The dense matrix in double precision, whatever the structure (small N).
    pub fn dense(costs: &TradeCosts, sigma: f64) -> Self {
        Self::with_precision(costs, sigma, MatrixPrecision::F64)
    }

    /// The dense matrix in single precision (products still sum in double precision):
    /// half the memory and half the bytes per product, at a relative error of about 6e-8
    /// per entry.
    pub fn new_f32(costs: &TradeCosts, sigma: f64) -> Self {
        Self::with_precision(costs, sigma, MatrixPrecision::F32)
    }

    /// Symmetric costs as single-precision hi + lo whatever N (see `split.rs`); double
    /// precision when the costs are asymmetric or an entry of phi is below
    /// [`SPLIT_MIN_FREENESS`].
    pub fn mixed(costs: &TradeCosts, sigma: f64) -> Self {
        if costs.is_symmetric() {
            if let Some(p) = split::split(costs, 1.0 - sigma) {
                return Freeness {
                    n: costs.len(),
                    representation: Representation::Mixed,
                    repr: Repr::Split(p),
                };
            }
        }
        Self::dense(costs, sigma)
    }

    /// The dense matrix stored in `precision`, whatever the structure. `Mixed` splits
    /// symmetric costs from [`MIXED_MIN_REGIONS`] regions and is double precision below.
    pub fn with_precision(costs: &TradeCosts, sigma: f64, precision: MatrixPrecision) -> Self {
        let exponent = 1.0 - sigma;
        let n = costs.len();
        let symmetric = costs.is_symmetric();
        let precision = match precision {
            MatrixPrecision::Mixed if n >= MIXED_MIN_REGIONS => return Self::mixed(costs, sigma),
            MatrixPrecision::Mixed => MatrixPrecision::F64,
            p => p,
        };
        let (representation, repr) = match (precision, symmetric) {
            (MatrixPrecision::F64, true) => (Representation::Dense, Repr::Packed(Packed::new(costs, exponent))),
            (MatrixPrecision::F64, false) => (Representation::Dense, Repr::Dense(Dense::new(costs, exponent))),
            (MatrixPrecision::F32, true) => (Representation::DenseF32, Repr::PackedF32(Packed::new(costs, exponent))),
            (MatrixPrecision::F32, false) => (Representation::DenseF32, Repr::DenseF32(Dense::new(costs, exponent))),
            (MatrixPrecision::Mixed, _) => unreachable!("resolved above"),
        };
        Freeness {
            n,
            representation,
            repr,
        }
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for an empty matrix.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// How phi is stored and multiplied.
    pub fn representation(&self) -> Representation {
        self.representation
    }

    /// Bytes held by the representation (the dense matrices, or kernel and spectrum).
    pub fn bytes(&self) -> usize {
        match &self.repr {
            Repr::Dense(d) => d.bytes(),
            Repr::DenseF32(d) => d.bytes(),
            Repr::Packed(d) => d.bytes(),
            Repr::PackedF32(d) => d.bytes(),
            Repr::Split(d) => d.bytes(),
            Repr::Periodic(p) => p.bytes(),
        }
    }

    /// phi_rs.
    pub fn get(&self, r: usize, s: usize) -> f64 {
        match &self.repr {
            Repr::Dense(d) => d.get(r, s),
            Repr::DenseF32(d) => d.get(r, s),
            Repr::Packed(d) => d.get(r, s),
            Repr::PackedF32(d) => d.get(r, s),
            Repr::Split(d) => d.get(r, s),
            Repr::Periodic(p) => p.get(r, s),
        }
    }

    /// out_r = sum_s phi_rs x_s.
    pub fn mul(&self, x: &[f64], out: &mut [f64]) {
        match &self.repr {
            Repr::Dense(d) => d.mul(x, out),
            Repr::DenseF32(d) => d.mul(x, out),
            Repr::Packed(d) => d.mul(x, out),
            Repr::PackedF32(d) => d.mul(x, out),
            Repr::Split(d) => d.mul(x, out),
            Repr::Periodic(p) => p.product(x, out, false),
        }
    }

    /// True when the representation has a cheaper, less accurate product
    /// ([`Freeness::mul_coarse`]) than [`Freeness::mul`].
    pub fn has_coarse(&self) -> bool {
        matches!(self.repr, Repr::Split(_))
    }

    /// The product of the iterations: with the split representation, phi's single-precision
    /// part only (relative error 6e-8 per entry, half the bytes); otherwise [`Freeness::mul`].
    pub fn mul_coarse(&self, x: &[f64], out: &mut [f64]) {
        match &self.repr {
            Repr::Split(d) => d.mul_high(x, out),
            _ => self.mul(x, out),
        }
    }

    /// The transpose product of the iterations (see [`Freeness::mul_coarse`]).
    pub fn mul_transpose_coarse(&self, x: &[f64], out: &mut [f64]) {
        match &self.repr {
            Repr::Split(d) => d.mul_high(x, out),
            _ => self.mul_transpose(x, out),
        }
    }

    /// out_s = sum_r phi_rs x_r (the transpose product).
    pub fn mul_transpose(&self, x: &[f64], out: &mut [f64]) {
        match &self.repr {
            Repr::Dense(d) => d.mul_transpose(x, out),
            Repr::DenseF32(d) => d.mul_transpose(x, out),
            Repr::Packed(d) => d.mul(x, out),
            Repr::PackedF32(d) => d.mul(x, out),
            Repr::Split(d) => d.mul(x, out),
            Repr::Periodic(p) => p.product(x, out, true),
        }
    }

    /// FFT representation only: how many entries of the product `out` of `x` fall below the
    /// FFT's error scale and are recomputed exactly (0 for dense representations).
    pub fn exactly_recomputed(&self, x: &[f64], out: &[f64]) -> usize {
        match &self.repr {
            Repr::Periodic(p) => p.recomputed(x, out),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_product_of_asymmetric_costs() {
        let costs = TradeCosts::from_row_major(2, vec![1.0, 2.0, 4.0, 1.0], Structure::Dense, "t", None).unwrap();
        for f in [Freeness::new(&costs, 2.0), Freeness::new_f32(&costs, 2.0)] {
            let mut out = [0.0; 2];
            f.mul(&[1.0, 1.0], &mut out);
            assert_eq!(out, [1.5, 1.25]);
            f.mul_transpose(&[1.0, 1.0], &mut out);
            assert_eq!(out, [1.25, 1.5]);
        }
    }

    /// Asymmetric kernels on a line and on grids of odd and even sides: FFT against dense.
    #[test]
    fn fft_products_match_dense_for_asymmetric_kernels() {
        for (structure, n) in [
            (Structure::Circulant, 7),
            (Structure::Torus { width: 5, height: 3 }, 15),
            (Structure::Torus { width: 4, height: 6 }, 24),
            (Structure::Torus { width: 1, height: 5 }, 5),
            (Structure::Torus { width: 6, height: 1 }, 6),
        ] {
            let kernel: Vec<f64> = (0..n)
                .map(|k| if k == 0 { 1.0 } else { 1.0 + ((k * 7) % 5) as f64 * 0.3 })
                .collect();
            let costs = TradeCosts::from_kernel(structure, kernel, "t").unwrap();
            assert!(!costs.is_symmetric() || n <= 6, "{structure:?}");
            let fft = Freeness::fft(&costs, 3.0).unwrap();
            let dense = Freeness::dense(&costs, 3.0);
            let x: Vec<f64> = (0..n).map(|i| 0.5 + ((i * 3) % 4) as f64).collect();
            for transpose in [false, true] {
                let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
                if transpose {
                    fft.mul_transpose(&x, &mut a);
                    dense.mul_transpose(&x, &mut b);
                } else {
                    fft.mul(&x, &mut a);
                    dense.mul(&x, &mut b);
                }
                for (a, b) in a.iter().zip(&b) {
                    assert!(
                        (a - b).abs() <= 1e-14 * b.abs(),
                        "{structure:?} transpose={transpose}: {a} vs {b}"
                    );
                }
            }
            for r in 0..n {
                for s in 0..n {
                    assert_eq!(fft.get(r, s), dense.get(r, s));
                }
            }
        }
    }

    #[test]
    fn representation_follows_the_structure_and_size() {
        let small = crate::geography::layouts::racetrack(12, 1.5).unwrap();
        assert_eq!(
            Freeness::new(&small.trade_costs, 5.0).representation(),
            Representation::Dense
        );
        let large = crate::geography::layouts::racetrack(FFT_MIN_REGIONS, 1.5).unwrap();
        assert_eq!(
            Freeness::new(&large.trade_costs, 5.0).representation(),
            Representation::Circulant
        );
        let mut costs = large.trade_costs.densified();
        costs.set_matrix_precision(MatrixPrecision::F32);
        assert_eq!(Freeness::new(&costs, 5.0).representation(), Representation::DenseF32);
    }
}
