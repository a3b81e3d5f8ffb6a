//! Distances between locations and the trade-cost functions applied to them.

use crate::error::{Error, Result};

/// Mean Earth radius in km (IUGG), used for great-circle distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// How distance between two coordinate pairs is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Straight-line distance between planar (x, y) points.
    Euclidean,
    /// City-block distance |dx| + |dy|.
    Manhattan,
    /// Haversine distance in km between (lat, lon) points given in degrees.
    GreatCircle,
    /// Euclidean distance on a `width` × `height` torus: each coordinate difference is
    /// taken the shorter way round (|dx| mod width, at most width / 2).
    Torus { width: usize, height: usize },
}

impl Metric {
    /// Distance between `a` and `b` under this metric.
    pub fn distance(self, a: [f64; 2], b: [f64; 2]) -> f64 {
        match self {
            Metric::Euclidean => euclidean(a[0] - b[0], a[1] - b[1]),
            Metric::Manhattan => (a[0] - b[0]).abs() + (a[1] - b[1]).abs(),
            Metric::GreatCircle => {
                let (lat1, lon1) = (a[0].to_radians(), a[1].to_radians());
                let (lat2, lon2) = (b[0].to_radians(), b[1].to_radians());
                let h =
                    ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
                2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
            }
            Metric::Torus { width, height } => {
                let wrap = |d: f64, period: usize| {
                    let period = period as f64;
                    let d = d.abs() % period;
                    d.min(period - d)
                };
                euclidean(wrap(a[0] - b[0], width), wrap(a[1] - b[1], height))
            }
        }
    }
}

/// sqrt(dx² + dy²), by `hypot` only where the squares would overflow or underflow (`hypot`
/// is several times slower, and this is the inner loop of every metric geography).
#[inline]
fn euclidean(dx: f64, dy: f64) -> f64 {
    let s = dx * dx + dy * dy;
    if s.is_normal() {
        s.sqrt()
    } else {
        dx.hypot(dy)
    }
}

/// Iceberg trade cost as a function of distance d >= 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CostFunction {
    /// T = trade_cost^d: a cost per step (two-region, racetrack, line, grid).
    PerStep { trade_cost: f64 },
    /// T = exp(rate * d).
    Exp { rate: f64 },
    /// T = max(1, d^elasticity), and T = 1 at d = 0.
    Power { elasticity: f64 },
}

impl CostFunction {
    /// Checks the parameter against its allowed range; `key` prefixes the message.
    pub fn validate(&self, key: &str) -> Result<()> {
        match *self {
            CostFunction::PerStep { trade_cost } if !(trade_cost.is_finite() && trade_cost >= 1.0) => {
                Err(Error::invalid(
                    format!("{key}.trade-cost"),
                    trade_cost,
                    "trade costs must be finite and >= 1",
                ))
            }
            CostFunction::Exp { rate } if !(rate.is_finite() && rate >= 0.0) => Err(Error::invalid(
                format!("{key}.rate"),
                rate,
                "the distance rate must be finite and >= 0",
            )),
            CostFunction::Power { elasticity } if !(elasticity.is_finite() && elasticity >= 0.0) => {
                Err(Error::invalid(
                    format!("{key}.elasticity"),
                    elasticity,
                    "the distance elasticity must be finite and >= 0",
                ))
            }
            _ => Ok(()),
        }
    }

    /// The iceberg cost at distance `d`.
    pub fn cost(&self, d: f64) -> f64 {
        match *self {
            CostFunction::PerStep { trade_cost } => trade_cost.powf(d),
            CostFunction::Exp { rate } => (rate * d).exp(),
            CostFunction::Power { elasticity } => {
                if d <= 0.0 {
                    1.0
                } else {
                    d.powf(elasticity).max(1.0)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_quarter_meridian() {
        // Equator to pole is a quarter of the circumference.
        let d = Metric::GreatCircle.distance([0.0, 0.0], [90.0, 0.0]);
        assert!((d - std::f64::consts::FRAC_PI_2 * EARTH_RADIUS_KM).abs() < 1e-9);
    }

    #[test]
    fn torus_distance_wraps_each_axis() {
        let m = Metric::Torus { width: 10, height: 4 };
        assert_eq!(m.distance([0.0, 0.0], [9.0, 0.0]), 1.0);
        assert_eq!(m.distance([1.0, 0.0], [4.0, 3.0]), 10f64.sqrt());
        assert_eq!(m.distance([0.0, 0.0], [5.0, 2.0]), 29f64.sqrt());
    }

    #[test]
    fn power_cost_is_floored_at_one() {
        let f = CostFunction::Power { elasticity: 0.5 };
        assert_eq!(f.cost(0.0), 1.0);
        assert_eq!(f.cost(0.25), 1.0);
        assert!((f.cost(4.0) - 2.0).abs() < 1e-15);
    }
}
