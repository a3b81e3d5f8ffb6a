//! The iceberg trade-cost matrix T (ship T units so that one arrives).
//!
//! Dense costs are stored row-major. Costs that depend only on the offset between two
//! locations — a racetrack ([`Structure::Circulant`]) or a torus grid ([`Structure::Torus`])
//! — can instead be stored as their first row (the *kernel*: the costs from location 0),
//! O(N) memory: a 1024 × 1024 torus is a million entries, where its dense matrix would
//! need 8 TB. Entries are then computed from the kernel ([`TradeCosts::get`]); the
//! row-major [`TradeCosts::values`] are built on first use, for small N only (writing
//! `/geography/trade_cost`, counterfactual factors on small geographies).

use std::sync::OnceLock;

use rayon::prelude::*;

use super::DistanceCosts;
use crate::error::{Error, Result};

/// Largest N for which [`TradeCosts::values`] builds the dense matrix of kernel-stored
/// costs (20,000² × 8 bytes = 3.2 GB).
pub const MAX_DENSE_REGIONS: usize = 20_000;

/// Largest N of any geography (kernel-stored racetracks and tori; 2^22 = 2048 x 2048 cells):
/// larger counts are refused with [`Error::InvalidParameter`] before anything is allocated.
pub const MAX_REGIONS: usize = 1 << 22;

/// Refuses a region count above `max` (naming `key`), so that sizes from a config never
/// overflow or exhaust memory.
pub fn check_region_count(key: &str, n: usize, max: usize) -> Result<()> {
    if n > max {
        let how = if max == MAX_DENSE_REGIONS {
            "this geography stores the dense N x N matrix"
        } else {
            "the largest geography agglo builds"
        };
        return Err(Error::invalid(key, n, format!("must be at most {max} regions ({how})")));
    }
    Ok(())
}

/// What is known about the matrix's structure, so that products can exploit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Structure {
    /// A general dense matrix.
    Dense,
    /// T\[r\]\[s\] depends only on (s - r) mod N (racetrack): eigenvectors are Fourier modes.
    Circulant,
    /// `width` × `height` cells numbered row by row (r = y · width + x); T\[r\]\[s\] depends
    /// only on the wrapped offset ((x_s - x_r) mod width, (y_s - y_r) mod height).
    Torus { width: usize, height: usize },
}

impl Structure {
    /// Index into the kernel (the costs from location 0) of entry (r, s), for the
    /// translation-invariant structures; `None` for [`Structure::Dense`].
    #[inline]
    pub fn kernel_index(self, n: usize, r: usize, s: usize) -> Option<usize> {
        match self {
            Structure::Dense => None,
            Structure::Circulant => Some(if s >= r { s - r } else { s + n - r }),
            Structure::Torus { width, height } => {
                let (xr, yr) = (r % width, r / width);
                let (xs, ys) = (s % width, s / width);
                let dx = if xs >= xr { xs - xr } else { xs + width - xr };
                let dy = if ys >= yr { ys - yr } else { ys + height - yr };
                Some(dy * width + dx)
            }
        }
    }

    /// Kernel index of the reversed offset: entry (s, r) when `k` is the index of (r, s).
    fn reversed(self, n: usize, k: usize) -> usize {
        match self {
            Structure::Dense => unreachable!("dense costs have no kernel"),
            Structure::Circulant => (n - k) % n,
            Structure::Torus { width, height } => {
                let (dx, dy) = (k % width, k / width);
                ((height - dy) % height) * width + (width - dx) % width
            }
        }
    }
}

/// Single or double precision storage of the dense freeness matrix derived from the costs
/// (`[solver] matrix-precision`). Products always accumulate in double precision; the
/// FFT representations of circulant and torus costs are always double precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatrixPrecision {
    #[default]
    F64,
    F32,
    /// Symmetric matrices of many regions as single-precision hi + lo: iterations on hi,
    /// the finish on hi + lo, so results are double precision (`model::freeness`).
    Mixed,
}

impl MatrixPrecision {
    /// The config's spelling, `"f64"`, `"f32"` or `"mixed"`.
    pub fn name(self) -> &'static str {
        match self {
            MatrixPrecision::F64 => "f64",
            MatrixPrecision::F32 => "f32",
            MatrixPrecision::Mixed => "mixed",
        }
    }
}

#[derive(Debug, Clone)]
enum Storage {
    /// Row-major N × N.
    Dense(Vec<f64>),
    /// The costs from location 0 (indexed by [`Structure::kernel_index`]), with the dense
    /// matrix built on demand.
    Kernel {
        kernel: Vec<f64>,
        dense: OnceLock<Vec<f64>>,
    },
    /// A function of the distance between points, evaluated where needed, with the dense
    /// matrix built on demand.
    Distances {
        costs: DistanceCosts,
        dense: OnceLock<Vec<f64>>,
    },
}

/// N × N iceberg costs: `get(r, s)` is the cost of shipping from r to s.
#[derive(Debug, Clone)]
pub struct TradeCosts {
    n: usize,
    storage: Storage,
    symmetric: bool,
    structure: Structure,
    precision: MatrixPrecision,
}

impl PartialEq for TradeCosts {
    fn eq(&self, other: &Self) -> bool {
        if self.n != other.n || self.structure != other.structure || self.symmetric != other.symmetric {
            return false;
        }
        match (&self.storage, &other.storage) {
            (Storage::Dense(a), Storage::Dense(b)) => a == b,
            (Storage::Kernel { kernel: a, .. }, Storage::Kernel { kernel: b, .. }) => a == b,
            (Storage::Distances { costs: a, .. }, Storage::Distances { costs: b, .. }) if a == b => true,
            _ => (0..self.n).all(|r| (0..self.n).all(|s| self.get(r, s) == other.get(r, s))),
        }
    }
}

impl TradeCosts {
    /// Builds the matrix from a function of (r, s) and validates it. `source` names where the
    /// numbers came from (a file or a config key) for error messages.
    pub fn from_fn(n: usize, structure: Structure, source: &str, f: impl Fn(usize, usize) -> f64) -> Result<Self> {
        check_region_count(source, n, MAX_DENSE_REGIONS)?;
        let mut values = Vec::with_capacity(n * n);
        for r in 0..n {
            for s in 0..n {
                values.push(if r == s { 1.0 } else { f(r, s) });
            }
        }
        Self::from_row_major(n, values, structure, source, None)
    }

    /// Costs that are a function of the distance between points, stored as the points
    /// (O(N) memory; entries, the freeness and the dense matrix are computed from them):
    /// symmetric by construction, >= 1 and finite by the checks of [`DistanceCosts::new`].
    /// Where those checks cannot vouch for every entry, the dense matrix is built and
    /// checked entry by entry instead (its errors name the entry).
    pub fn from_distances(
        coordinates: Vec<[f64; 2]>,
        metric: super::Metric,
        cost: super::CostFunction,
        source: &str,
    ) -> Result<Self> {
        let n = coordinates.len();
        check_region_count(source, n, MAX_DENSE_REGIONS)?;
        if n == 0 {
            return Err(Error::Config(format!("{source}: the trade-cost matrix has no regions")));
        }
        match DistanceCosts::new(coordinates.clone(), metric, cost) {
            Some(costs) => Ok(TradeCosts {
                n,
                storage: Storage::Distances {
                    costs,
                    dense: OnceLock::new(),
                },
                symmetric: true,
                structure: Structure::Dense,
                precision: MatrixPrecision::F64,
            }),
            None => Self::from_fn(n, Structure::Dense, source, |r, s| {
                cost.cost(metric.distance(coordinates[r], coordinates[s]))
            }),
        }
    }

    /// Distance-stored costs of at most [`super::MAX_CACHED_POINTS`] points with their
    /// distances from `triangle` (called with the points), so that a family varying the
    /// cost function does not recompute them; other costs are returned as they are.
    pub fn with_distance_triangle(mut self, triangle: impl FnOnce(&DistanceCosts) -> super::Triangle) -> Self {
        if let Storage::Distances { costs, .. } = &mut self.storage {
            if costs.len() <= super::MAX_CACHED_POINTS {
                let t = triangle(costs);
                costs.keep_triangle(t);
            }
        }
        self
    }

    /// The points and cost function when the costs are stored as them.
    pub fn distances(&self) -> Option<&DistanceCosts> {
        match &self.storage {
            Storage::Distances { costs, .. } => Some(costs),
            _ => None,
        }
    }

    /// Wraps a row-major matrix after checking: square, finite, entries >= 1, diagonal 1.
    /// `ids` (when given) name the offending regions in messages.
    pub fn from_row_major(
        n: usize,
        values: Vec<f64>,
        structure: Structure,
        source: &str,
        ids: Option<&[String]>,
    ) -> Result<Self> {
        if n == 0 {
            return Err(Error::Config(format!("{source}: the trade-cost matrix has no regions")));
        }
        if values.len() != n * n {
            return Err(Error::Config(format!(
                "{source}: the trade-cost matrix must be square: {} entries for {n} regions",
                values.len()
            )));
        }
        check_structure(structure, n, source)?;
        let name = |i: usize| match ids {
            Some(ids) => format!("{} (\"{}\")", i + 1, ids[i]),
            None => format!("{}", i + 1),
        };
        for r in 0..n {
            for s in 0..n {
                check_entry(values[r * n + s], r == s, || {
                    format!("{source}: entry (row {}, column {})", name(r), name(s))
                })?;
            }
        }
        let symmetric = (0..n).all(|r| (0..r).all(|s| values[r * n + s] == values[s * n + r]));
        Ok(TradeCosts {
            n,
            storage: Storage::Dense(values),
            symmetric,
            structure,
            precision: MatrixPrecision::F64,
        })
    }

    /// Costs that depend only on the offset between locations, stored as the `kernel`: the
    /// costs from location 0, `kernel[k]` = T\[0\]\[k\] (so `kernel[0]` = 1). `structure` is
    /// [`Structure::Circulant`] (N = kernel length) or [`Structure::Torus`] (N = width ·
    /// height); entry (r, s) is `kernel[structure.kernel_index(N, r, s)]`. O(N) memory.
    pub fn from_kernel(structure: Structure, kernel: Vec<f64>, source: &str) -> Result<Self> {
        let n = kernel.len();
        if n == 0 {
            return Err(Error::Config(format!("{source}: the trade-cost matrix has no regions")));
        }
        match structure {
            Structure::Dense => {
                return Err(Error::Config(format!(
                    "{source}: dense costs cannot be stored as a kernel"
                )));
            }
            Structure::Circulant => {}
            Structure::Torus { .. } => check_structure(structure, n, source)?,
        }
        for (k, &t) in kernel.iter().enumerate() {
            check_entry(t, k == 0, || format!("{source}: entry (row 1, column {})", k + 1))?;
        }
        let symmetric = (0..n).all(|k| kernel[k] == kernel[structure.reversed(n, k)]);
        Ok(TradeCosts {
            n,
            storage: Storage::Kernel {
                kernel,
                dense: OnceLock::new(),
            },
            symmetric,
            structure,
            precision: MatrixPrecision::F64,
        })
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for an empty matrix (never after construction).
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Cost of shipping from `r` to `s`.
    #[inline]
    pub fn get(&self, r: usize, s: usize) -> f64 {
        match &self.storage {
            Storage::Dense(v) => v[r * self.n + s],
            Storage::Kernel { kernel, .. } => {
                kernel[self
                    .structure
                    .kernel_index(self.n, r, s)
                    .expect("kernel storage has a structure")]
            }
            Storage::Distances { costs, .. } => costs.get(r, s),
        }
    }

    /// The largest cost, without building a dense matrix of kernel- or distance-stored
    /// costs (what the representability check needs).
    pub fn max_cost(&self) -> f64 {
        match &self.storage {
            Storage::Dense(v) => v.iter().copied().fold(1.0, f64::max),
            Storage::Kernel { kernel, .. } => kernel.iter().copied().fold(1.0, f64::max),
            Storage::Distances { costs, .. } => costs.max_cost(),
        }
    }

    /// The kernel (costs from location 0) when the costs are stored as one.
    pub fn kernel(&self) -> Option<&[f64]> {
        match &self.storage {
            Storage::Kernel { kernel, .. } => Some(kernel),
            _ => None,
        }
    }

    /// The row-major entries. Kernel-stored costs build (once) and keep the dense matrix,
    /// so call this on small geographies only.
    ///
    /// # Panics
    /// For kernel-stored costs with N > [`MAX_DENSE_REGIONS`].
    pub fn values(&self) -> &[f64] {
        match &self.storage {
            Storage::Dense(v) => v,
            Storage::Kernel { dense, .. } => dense.get_or_init(|| {
                assert!(
                    self.n <= MAX_DENSE_REGIONS,
                    "the dense trade-cost matrix of {} regions is not built (at most {MAX_DENSE_REGIONS}): \
                     this geography stores only its kernel",
                    self.n
                );
                let n = self.n;
                let mut v = Vec::with_capacity(n * n);
                for r in 0..n {
                    v.extend((0..n).map(|s| self.get(r, s)));
                }
                v
            }),
            Storage::Distances { costs, dense } => dense.get_or_init(|| costs.dense(|r, s| costs.get(r, s))),
        }
    }

    /// The same costs stored densely and marked [`Structure::Dense`] (so that products use
    /// the dense path): for comparisons with the FFT path, small N only.
    pub fn densified(&self) -> TradeCosts {
        let n = self.n;
        let mut values = vec![0.0; n * n];
        values
            .par_chunks_mut(n)
            .enumerate()
            .for_each(|(r, row)| row.iter_mut().enumerate().for_each(|(s, v)| *v = self.get(r, s)));
        TradeCosts {
            n,
            storage: Storage::Dense(values),
            symmetric: self.symmetric,
            structure: Structure::Dense,
            precision: self.precision,
        }
    }

    /// True when T\[r\]\[s\] = T\[s\]\[r\] exactly.
    pub fn is_symmetric(&self) -> bool {
        self.symmetric
    }

    /// Known structure of the matrix.
    pub fn structure(&self) -> Structure {
        self.structure
    }

    /// How a dense freeness matrix derived from these costs is stored.
    pub fn matrix_precision(&self) -> MatrixPrecision {
        self.precision
    }

    /// Sets how a dense freeness matrix derived from these costs is stored
    /// (`[solver] matrix-precision`).
    pub fn set_matrix_precision(&mut self, precision: MatrixPrecision) {
        self.precision = precision;
    }
}

fn check_structure(structure: Structure, n: usize, source: &str) -> Result<()> {
    if let Structure::Torus { width, height } = structure {
        if width == 0 || height == 0 || width.checked_mul(height) != Some(n) {
            return Err(Error::Config(format!(
                "{source}: a {width} x {height} torus has {} cells, not {n}",
                width.saturating_mul(height)
            )));
        }
    }
    Ok(())
}

/// Finite, >= 1, and 1 on the diagonal; `at` names the entry.
fn check_entry(t: f64, diagonal: bool, at: impl Fn() -> String) -> Result<()> {
    if !t.is_finite() {
        return Err(Error::Config(format!("{} = {t}: trade costs must be finite", at())));
    }
    if diagonal && t != 1.0 {
        return Err(Error::Config(format!("{} = {t}: the diagonal must be 1", at())));
    }
    if t < 1.0 {
        return Err(Error::Config(format!("{} = {t}: trade costs must be >= 1", at())));
    }
    Ok(())
}

#[cfg(test)]
#[path = "trade_costs_tests.rs"]
mod tests;
