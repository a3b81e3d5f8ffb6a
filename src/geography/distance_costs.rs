//! Trade costs that are a function of the distance between points, T_rs = cost(d(r, s)),
//! kept as the points and the function instead of an N × N matrix.
//!
//! A metric geography of N points needs no stored matrix: an entry is one distance and
//! one cost, and what the models need is the freeness phi = T^(1-sigma), which for
//! T = exp(rate · d) is exp((1 - sigma) · rate · d): one exponential per entry, not a cost
//! and then a power of it. [`DistanceCosts::freeness`] gives phi in that form for every
//! cost function (for T = t^d it is exp((1 - sigma) ln t · d), for T = max(1, d^e) it is
//! exp((1 - sigma) e ln d) where d > 1). Distances are symmetric in floating point by
//! construction (each pair is evaluated with its lower index first), so only the upper
//! triangle is ever needed.
//!
//! Every entry is computed independently of the others, so building rows in parallel gives
//! bitwise identical matrices for any number of threads.

use std::sync::Arc;

use rayon::prelude::*;

use super::{CostFunction, Metric, EARTH_RADIUS_KM};

/// Largest N whose distance triangle is kept ([`DistanceCosts::with_triangle`]):
/// 3,000 points, 4.5 million distances, 36 MB.
pub const MAX_CACHED_POINTS: usize = 3000;

/// The distances d(i, j), i < j, row by row: computed once and shared by every model of a
/// family that varies only the cost function (a calibration of the trade-cost rate).
#[derive(Clone)]
pub struct Triangle(Arc<Vec<f64>>);

impl Triangle {
    pub fn new(distances: Vec<f64>) -> Self {
        Triangle(Arc::new(distances))
    }
}

impl std::fmt::Debug for Triangle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Triangle({} distances)", self.0.len())
    }
}

/// Points, the metric between them and the cost of a distance.
#[derive(Debug, Clone)]
pub struct DistanceCosts {
    coordinates: Vec<[f64; 2]>,
    metric: Metric,
    cost: CostFunction,
    /// Great circle: per point (lat, lon) in radians and cos(lat), computed once.
    radians: Vec<[f64; 3]>,
    /// The distances, when kept ([`DistanceCosts::with_triangle`]): the same bits as
    /// computing them, read instead of recomputed.
    triangle: Option<Triangle>,
}

/// Equal points, metric and cost function: equal costs (a kept triangle is the same
/// distances, so it does not count).
impl PartialEq for DistanceCosts {
    fn eq(&self, other: &Self) -> bool {
        self.coordinates == other.coordinates && self.metric == other.metric && self.cost == other.cost
    }
}

impl DistanceCosts {
    /// The costs of `coordinates` under `metric` and `cost`, or `None` when some entry could
    /// be non-finite (a coordinate is not finite, or the cost of the largest possible
    /// distance overflows): the caller then builds and checks the dense matrix, which names
    /// the offending entry.
    pub fn new(coordinates: Vec<[f64; 2]>, metric: Metric, cost: CostFunction) -> Option<Self> {
        if coordinates.iter().any(|p| !(p[0].is_finite() && p[1].is_finite())) {
            return None;
        }
        let bound = distance_bound(&coordinates, metric);
        if !(bound.is_finite() && cost.cost(bound).is_finite()) {
            return None;
        }
        let radians = match metric {
            Metric::GreatCircle => coordinates
                .iter()
                .map(|p| {
                    let lat = p[0].to_radians();
                    [lat, p[1].to_radians(), lat.cos()]
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(DistanceCosts {
            coordinates,
            metric,
            cost,
            radians,
            triangle: None,
        })
    }

    /// Every distance d(i, j), i < j, row by row, rows in parallel (the same bits for any
    /// number of threads).
    pub fn triangle(&self) -> Triangle {
        let n = self.len();
        let rows: Vec<Vec<f64>> = (0..n)
            .into_par_iter()
            .map(|i| ((i + 1)..n).map(|j| self.computed_distance(i, j)).collect())
            .collect();
        Triangle::new(rows.concat())
    }

    /// The same costs with the distances read from `triangle` (from [`Self::triangle`] of
    /// these points under this metric) instead of computed.
    pub fn with_triangle(mut self, triangle: Triangle) -> Self {
        self.keep_triangle(triangle);
        self
    }

    /// [`Self::with_triangle`] in place.
    pub fn keep_triangle(&mut self, triangle: Triangle) {
        let n = self.len();
        if triangle.0.len() == n * n.saturating_sub(1) / 2 {
            self.triangle = Some(triangle);
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.coordinates.len()
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.coordinates.is_empty()
    }

    /// The cost function.
    pub fn cost_function(&self) -> CostFunction {
        self.cost
    }

    /// d(r, s), equal to d(s, r) bit for bit; 0 on the diagonal.
    #[inline]
    pub fn distance(&self, r: usize, s: usize) -> f64 {
        let (i, j) = if r <= s { (r, s) } else { (s, r) };
        if i == j {
            return 0.0;
        }
        match &self.triangle {
            // Row i starts after the i rows above it, of n-1, n-2, ... entries.
            Some(t) => t.0[i * (2 * self.len() - i - 1) / 2 + (j - i - 1)],
            None => self.computed_distance(i, j),
        }
    }

    /// d(i, j) for i < j from the coordinates.
    #[inline]
    fn computed_distance(&self, i: usize, j: usize) -> f64 {
        match self.metric {
            Metric::GreatCircle => {
                let ([lat1, lon1, cos1], [lat2, lon2, cos2]) = (self.radians[i], self.radians[j]);
                let h = ((lat2 - lat1) / 2.0).sin().powi(2) + cos1 * cos2 * ((lon2 - lon1) / 2.0).sin().powi(2);
                2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
            }
            metric => metric.distance(self.coordinates[i], self.coordinates[j]),
        }
    }

    /// T_rs = cost(d(r, s)) (1 on the diagonal).
    #[inline]
    pub fn get(&self, r: usize, s: usize) -> f64 {
        if r == s {
            1.0
        } else {
            self.cost.cost(self.distance(r, s))
        }
    }

    /// The largest cost max_rs T_rs without forming the matrix. Every cost function is
    /// nondecreasing in the distance for its valid parameters (trade cost >= 1, rate >= 0,
    /// elasticity >= 0), so this is the cost of the largest distance: N(N-1)/2 distances and
    /// no exponentials, rows in parallel (a max, so the same for any thread count).
    pub fn max_cost(&self) -> f64 {
        let n = self.len();
        let farthest = (0..n)
            .into_par_iter()
            .map(|r| ((r + 1)..n).map(|s| self.distance(r, s)).fold(0.0, f64::max))
            .reduce(|| 0.0, f64::max);
        self.cost.cost(farthest).max(1.0)
    }

    /// The freeness T_rs^exponent as exp(exponent · ln T_rs), with ln T written in the
    /// distance (one exponential per entry; see the module docs).
    pub fn freeness(&self, exponent: f64) -> impl Fn(usize, usize) -> f64 + Sync + '_ {
        let phi = freeness_of_distance(self.cost, exponent);
        move |r, s| if r == s { 1.0 } else { phi(self.distance(r, s)) }
    }

    /// Row `i` of the upper triangle of `f` (columns i..N) into `out`, for every i, rows in
    /// parallel: `rows[i]` must have length N - i.
    pub fn fill_upper<T: Send>(&self, f: impl Fn(usize, usize) -> T + Sync, rows: Vec<&mut [T]>) {
        rows.into_par_iter().enumerate().for_each(|(i, row)| {
            for (k, v) in row.iter_mut().enumerate() {
                *v = f(i, i + k);
            }
        });
    }

    /// The full row-major matrix of `f` (symmetric), rows in parallel.
    pub fn dense<T: Send + Copy + Default>(&self, f: impl Fn(usize, usize) -> T + Sync) -> Vec<T> {
        let n = self.len();
        let mut values = vec![T::default(); n * n];
        values
            .par_chunks_mut(n.max(1))
            .enumerate()
            .for_each(|(r, row)| row.iter_mut().enumerate().for_each(|(s, v)| *v = f(r, s)));
        values
    }
}

/// phi(d) = cost(d)^exponent written as one exponential of the distance.
pub fn freeness_of_distance(cost: CostFunction, exponent: f64) -> impl Fn(f64) -> f64 + Sync + Copy {
    // (slope, logarithmic): phi = exp(slope · d), or exp(slope · ln d) for d > 1.
    let (slope, logarithmic) = match cost {
        CostFunction::PerStep { trade_cost } => (exponent * trade_cost.ln(), false),
        CostFunction::Exp { rate } => (exponent * rate, false),
        CostFunction::Power { elasticity } => (exponent * elasticity, true),
    };
    move |d: f64| {
        if logarithmic {
            if d > 1.0 {
                (slope * d.ln()).exp()
            } else {
                1.0
            }
        } else {
            (slope * d).exp()
        }
    }
}

/// An upper bound of every distance between the points (the bounding box's diagonal, the
/// half-periods of a torus, half the Earth's circumference).
fn distance_bound(points: &[[f64; 2]], metric: Metric) -> f64 {
    let range = |k: usize| {
        let (lo, hi) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[k]), hi.max(p[k]))
        });
        if points.is_empty() {
            0.0
        } else {
            hi - lo
        }
    };
    match metric {
        Metric::Euclidean => range(0).hypot(range(1)) * (1.0 + 1e-12),
        Metric::Manhattan => (range(0) + range(1)) * (1.0 + 1e-12),
        Metric::GreatCircle => std::f64::consts::PI * EARTH_RADIUS_KM * (1.0 + 1e-12),
        Metric::Torus { width, height } => (width as f64 / 2.0).hypot(height as f64 / 2.0) * (1.0 + 1e-12),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scattered(n: usize) -> Vec<[f64; 2]> {
        (0..n)
            .map(|i| {
                [
                    ((i * 37) % 101) as f64 * 0.7 - 30.0,
                    ((i * 59) % 97) as f64 * 1.3 - 60.0,
                ]
            })
            .collect()
    }

    /// Distances and costs equal the metric's own, entry by entry, for every metric; the
    /// one-exponential freeness equals T^exponent to a few ulps.
    #[test]
    fn entries_match_the_metric_and_the_power_of_the_cost() {
        let points = scattered(40);
        for metric in [
            Metric::Euclidean,
            Metric::Manhattan,
            Metric::GreatCircle,
            Metric::Torus { width: 30, height: 20 },
        ] {
            for cost in [
                CostFunction::Exp { rate: 0.01 },
                CostFunction::PerStep { trade_cost: 1.02 },
                CostFunction::Power { elasticity: 0.4 },
            ] {
                let d = DistanceCosts::new(points.clone(), metric, cost).unwrap();
                let phi = d.freeness(-4.0);
                for r in 0..points.len() {
                    for s in 0..points.len() {
                        let dist = metric.distance(points[r], points[s]);
                        let expected = if r == s { 0.0 } else { dist };
                        assert!(
                            (d.distance(r, s) - expected).abs() <= 1e-12 * (1.0 + expected),
                            "{metric:?}"
                        );
                        assert_eq!(d.distance(r, s), d.distance(s, r));
                        let t = d.get(r, s);
                        assert!(t >= 1.0 && t.is_finite());
                        let (fast, power) = (phi(r, s), t.powf(-4.0));
                        let ok = if power > 1e-290 {
                            (fast - power).abs() <= 1e-13 * power
                        } else {
                            fast <= 1e-280 // both far below anything a product can resolve
                        };
                        assert!(ok, "{metric:?} {cost:?} ({r}, {s}): {fast:e} vs {power:e}");
                    }
                }
            }
        }
    }

    /// The largest cost found from the largest distance equals the largest entry, for every
    /// metric and cost function (to 1e-15 relative: monotone functions of one distance).
    #[test]
    fn max_cost_is_the_largest_entry() {
        let points = scattered(60);
        for metric in [Metric::Euclidean, Metric::Manhattan, Metric::GreatCircle] {
            for cost in [
                CostFunction::Exp { rate: 0.01 },
                CostFunction::PerStep { trade_cost: 1.02 },
                CostFunction::Power { elasticity: 0.4 },
                CostFunction::Power { elasticity: 0.0 },
            ] {
                let d = DistanceCosts::new(points.clone(), metric, cost).unwrap();
                let mut largest = 1.0f64;
                for r in 0..points.len() {
                    for s in 0..points.len() {
                        largest = largest.max(d.get(r, s));
                    }
                }
                let m = d.max_cost();
                assert!(
                    (m - largest).abs() <= 1e-15 * largest,
                    "{metric:?} {cost:?}: {m} vs {largest}"
                );
            }
        }
    }

    /// Distances read from a kept triangle are the computed ones, bit for bit, for every
    /// metric (so a family that keeps them gives the same answers).
    #[test]
    fn a_kept_triangle_gives_the_same_bits() {
        let points = scattered(45);
        for metric in [
            Metric::Euclidean,
            Metric::Manhattan,
            Metric::GreatCircle,
            Metric::Torus { width: 30, height: 20 },
        ] {
            let d = DistanceCosts::new(points.clone(), metric, CostFunction::Exp { rate: 0.01 }).unwrap();
            let kept = d.clone().with_triangle(d.triangle());
            assert_eq!(kept, d);
            for r in 0..points.len() {
                for s in 0..points.len() {
                    assert_eq!(
                        kept.distance(r, s).to_bits(),
                        d.distance(r, s).to_bits(),
                        "{metric:?} ({r}, {s})"
                    );
                    assert_eq!(kept.freeness(-4.0)(r, s).to_bits(), d.freeness(-4.0)(r, s).to_bits());
                }
            }
            // A triangle of other points (wrong length) is not taken.
            let other = DistanceCosts::new(scattered(10), metric, CostFunction::Exp { rate: 0.01 }).unwrap();
            assert!(d.clone().with_triangle(other.triangle()).triangle.is_none());
        }
    }

    /// Costs that could overflow, and non-finite coordinates, are left to the dense check.
    #[test]
    fn overflowing_costs_are_not_taken() {
        let points = vec![[0.0, 0.0], [1000.0, 0.0]];
        assert!(DistanceCosts::new(points.clone(), Metric::Euclidean, CostFunction::Exp { rate: 1.0 }).is_none());
        assert!(DistanceCosts::new(points, Metric::Euclidean, CostFunction::Exp { rate: 0.5 }).is_some());
        let bad = vec![[0.0, f64::NAN], [1.0, 0.0]];
        assert!(DistanceCosts::new(bad, Metric::Euclidean, CostFunction::Exp { rate: 0.1 }).is_none());
    }

    /// The parallel fill gives the same bits with one thread and with two.
    #[test]
    fn parallel_fill_is_deterministic() {
        let d = DistanceCosts::new(scattered(300), Metric::GreatCircle, CostFunction::Exp { rate: 0.002 }).unwrap();
        let phi = d.freeness(-3.0);
        let many = d.dense(&phi);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| d.dense(&phi));
        assert!(many.iter().zip(&one).all(|(a, b)| a.to_bits() == b.to_bits()));
    }
}
