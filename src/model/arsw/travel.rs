//! Travel times between blocks, in minutes: a regular grid of square blocks travelled at a
//! speed (times from the centres' straight-line distances), or an explicit N × N matrix
//! (CSV or HDF5). A shock changes the times of some pairs ([`ChangedPairs`]): on a grid only
//! those pairs are stored, so the unchanged part keeps its FFT structure.

use crate::error::{Error, Result};

/// A regular grid of `width` × `height` square blocks of side `block_km`; block
/// i = y · width + x has its centre at ((x + 1/2) block_km, (y + 1/2) block_km) and
/// t_ni = minutes_per_km · |centre_n - centre_i| (t_nn = 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridCity {
    pub width: usize,
    pub height: usize,
    pub block_km: f64,
    /// 60 / speed in km/h.
    pub minutes_per_km: f64,
}

impl GridCity {
    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.width * self.height
    }

    /// True for a grid without blocks (never after validation).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Travel time in minutes for the offset (dx, dy) in blocks.
    pub fn minutes(&self, dx: i64, dy: i64) -> f64 {
        self.minutes_per_km * self.block_km * ((dx * dx + dy * dy) as f64).sqrt()
    }

    /// Centre of block i in km.
    pub fn centre(&self, i: usize) -> [f64; 2] {
        let (x, y) = (i % self.width, i / self.width);
        [(x as f64 + 0.5) * self.block_km, (y as f64 + 0.5) * self.block_km]
    }

    /// Block area in km².
    pub fn area(&self) -> f64 {
        self.block_km * self.block_km
    }
}

/// The baseline travel times.
#[derive(Debug, Clone, PartialEq)]
pub enum TravelTimes {
    Grid(GridCity),
    /// N × N row-major minutes, t\[n\]\[i\] from residence n to workplace i (finite, >= 0).
    Matrix {
        n: usize,
        minutes: Vec<f64>,
    },
}

/// New travel times for the pairs among `blocks` (sorted, distinct): `minutes[a * m + b]` is
/// the time from `blocks[a]` to `blocks[b]`, m = blocks.len(); pairs not listed keep the
/// baseline's time.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedPairs {
    pub blocks: Vec<usize>,
    pub minutes: Vec<f64>,
}

/// Travel times actually used: the baseline with, possibly, some pairs changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Travel {
    pub base: TravelTimes,
    pub changed: Option<ChangedPairs>,
}

impl Travel {
    /// Baseline times from a grid or matrix, checked.
    pub fn new(base: TravelTimes) -> Result<Self> {
        match &base {
            TravelTimes::Grid(g) => {
                if g.width == 0 || g.height == 0 {
                    return Err(Error::invalid("model.synthetic.size", 0, "must be >= 1"));
                }
                if !(g.block_km.is_finite() && g.block_km > 0.0) {
                    return Err(Error::invalid(
                        "model.synthetic.block-km",
                        g.block_km,
                        "must be finite and > 0",
                    ));
                }
                if !(g.minutes_per_km.is_finite() && g.minutes_per_km > 0.0) {
                    return Err(Error::invalid(
                        "model.speed-kmh",
                        60.0 / g.minutes_per_km,
                        "the speed must be finite and > 0",
                    ));
                }
            }
            TravelTimes::Matrix { n, minutes } => {
                if minutes.len() != n * n || *n == 0 {
                    return Err(Error::Numerical(format!(
                        "travel-time matrix: {} entries for {n} blocks",
                        minutes.len()
                    )));
                }
                check_minutes(minutes, *n)?;
            }
        }
        Ok(Travel { base, changed: None })
    }

    /// Number of blocks.
    pub fn len(&self) -> usize {
        match &self.base {
            TravelTimes::Grid(g) => g.len(),
            TravelTimes::Matrix { n, .. } => *n,
        }
    }

    /// True when there are no blocks (never after validation).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The baseline time from n to i.
    pub fn base_minutes(&self, n: usize, i: usize) -> f64 {
        match &self.base {
            TravelTimes::Grid(g) => {
                let (xn, yn) = ((n % g.width) as i64, (n / g.width) as i64);
                let (xi, yi) = ((i % g.width) as i64, (i / g.width) as i64);
                g.minutes(xi - xn, yi - yn)
            }
            TravelTimes::Matrix { n: size, minutes } => minutes[n * size + i],
        }
    }

    /// The time from n to i after the changes.
    pub fn minutes(&self, n: usize, i: usize) -> f64 {
        if let Some(c) = &self.changed {
            if let (Ok(a), Ok(b)) = (c.blocks.binary_search(&n), c.blocks.binary_search(&i)) {
                return c.minutes[a * c.blocks.len() + b];
            }
        }
        self.base_minutes(n, i)
    }

    /// These travel times with the pairs (n, i), n != i, of `pairs` multiplied by their
    /// factor (factors finite and > 0). On a matrix the matrix is changed; on a grid the
    /// changed pairs are kept apart.
    pub fn scaled(&self, pairs: &[(usize, usize, f64)]) -> Result<Travel> {
        let n = self.len();
        if let Some(&(r, s, f)) = pairs
            .iter()
            .find(|(r, s, f)| *r >= n || *s >= n || !(f.is_finite() && *f > 0.0))
        {
            return Err(Error::Numerical(format!(
                "travel-time factor {f} for the pair ({r}, {s}): factors must be finite and > 0 and blocks < {n}"
            )));
        }
        match &self.base {
            TravelTimes::Matrix { .. } => {
                let mut minutes: Vec<f64> = (0..n * n).map(|k| self.minutes(k / n, k % n)).collect();
                for &(r, s, f) in pairs {
                    if r != s {
                        minutes[r * n + s] *= f;
                    }
                }
                Ok(Travel {
                    base: TravelTimes::Matrix { n, minutes },
                    changed: None,
                })
            }
            TravelTimes::Grid(_) => {
                let mut blocks: Vec<usize> = pairs.iter().filter(|p| p.0 != p.1).flat_map(|p| [p.0, p.1]).collect();
                if let Some(c) = &self.changed {
                    blocks.extend_from_slice(&c.blocks);
                }
                blocks.sort_unstable();
                blocks.dedup();
                let m = blocks.len();
                let mut minutes = vec![0.0; m * m];
                for a in 0..m {
                    for b in 0..m {
                        minutes[a * m + b] = self.minutes(blocks[a], blocks[b]);
                    }
                }
                for &(r, s, f) in pairs {
                    if r != s {
                        let (a, b) = (blocks.binary_search(&r).unwrap(), blocks.binary_search(&s).unwrap());
                        minutes[a * m + b] *= f;
                    }
                }
                Ok(Travel {
                    base: self.base.clone(),
                    changed: (m > 0).then_some(ChangedPairs { blocks, minutes }),
                })
            }
        }
    }
}

/// Travel times must be finite and >= 0.
fn check_minutes(minutes: &[f64], n: usize) -> Result<()> {
    if let Some(k) = minutes.iter().position(|t| !(t.is_finite() && *t >= 0.0)) {
        return Err(Error::Numerical(format!(
            "travel time (row {}, column {}) = {}: times must be finite and >= 0 (minutes)",
            k / n + 1,
            k % n + 1,
            minutes[k]
        )));
    }
    Ok(())
}

/// Pairs of distinct blocks that both lie within `width_km` of the segment from `from` to
/// `to` (km), each with `factor`: a transport corridor that speeds up travel between the
/// blocks along it (ARSW's counterfactuals change travel times in this way).
pub fn corridor_pairs(
    centres: &[[f64; 2]],
    from: [f64; 2],
    to: [f64; 2],
    width_km: f64,
    factor: f64,
) -> Vec<(usize, usize, f64)> {
    let near: Vec<usize> = (0..centres.len())
        .filter(|&i| distance_to_segment(centres[i], from, to) <= width_km)
        .collect();
    let mut pairs = Vec::with_capacity(near.len() * near.len());
    for &r in &near {
        for &s in &near {
            if r != s {
                pairs.push((r, s, factor));
            }
        }
    }
    pairs
}

/// Euclidean distance from p to the segment [a, b].
pub fn distance_to_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - qx).powi(2) + (p[1] - qy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_times_and_changed_pairs() {
        let g = GridCity {
            width: 4,
            height: 3,
            block_km: 0.5,
            minutes_per_km: 2.0,
        };
        let t = Travel::new(TravelTimes::Grid(g)).unwrap();
        // blocks 0 = (0,0) and 5 = (1,1): sqrt(2) blocks * 0.5 km * 2 min/km
        assert!((t.minutes(0, 5) - 2f64.sqrt()).abs() < 1e-15);
        let s = t.scaled(&[(0, 5, 0.5), (5, 0, 0.5)]).unwrap();
        assert!((s.minutes(0, 5) - 0.5 * 2f64.sqrt()).abs() < 1e-15);
        assert_eq!(s.minutes(0, 1), t.minutes(0, 1));
        assert_eq!(s.changed.as_ref().unwrap().blocks, vec![0, 5]);
    }

    #[test]
    fn segment_distance() {
        assert!((distance_to_segment([0.0, 1.0], [-1.0, 0.0], [1.0, 0.0]) - 1.0).abs() < 1e-15);
        assert!((distance_to_segment([3.0, 0.0], [-1.0, 0.0], [1.0, 0.0]) - 2.0).abs() < 1e-15);
    }
}
