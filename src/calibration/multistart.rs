//! Multi-start: start 0 is the configured start; start k > 0 draws each parameter uniformly
//! within its bounds from a ChaCha8 stream seeded with `seed` (stream k). Starts run in
//! parallel with rayon, each one serially, and are collected in start order, so results do
//! not depend on the thread count. Distinct local optima are the runs' end points that
//! differ by more than [`DISTINCT`] of some parameter's interval.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Parameter;

/// Relative (to the bounds' width) distance beyond which two optima are distinct.
pub const DISTINCT: f64 = 1e-4;

/// The starts in theta.
pub fn starts(parameters: &[Parameter], count: usize, seed: u64) -> Vec<Vec<f64>> {
    (0..count.max(1))
        .map(|k| {
            if k == 0 {
                parameters.iter().map(|p| p.start).collect()
            } else {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(k as u64);
                parameters
                    .iter()
                    .map(|p| p.lower + (p.upper - p.lower) * rng.random_range(0.01..0.99))
                    .collect()
            }
        })
        .collect()
}

/// A distinct local optimum: where it is, its objective, and which starts reached it.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    pub theta: Vec<f64>,
    pub objective: f64,
    /// Starts (0-based) that ended here; the first one's end point is `theta`.
    pub starts: Vec<usize>,
}

/// Groups end points (theta, objective) of the starts, best objective first (ties by start).
pub fn distinct_optima(ends: &[(Vec<f64>, f64)], parameters: &[Parameter]) -> Vec<Optimum> {
    let mut order: Vec<usize> = (0..ends.len()).filter(|&k| ends[k].1.is_finite()).collect();
    order.sort_by(|&a, &b| ends[a].1.total_cmp(&ends[b].1).then(a.cmp(&b)));
    let mut optima: Vec<Optimum> = Vec::new();
    for k in order {
        let (theta, f) = &ends[k];
        let same = optima.iter_mut().find(|o| {
            o.theta
                .iter()
                .zip(theta)
                .zip(parameters)
                .all(|((a, b), p)| (a - b).abs() <= DISTINCT * (p.upper - p.lower))
        });
        match same {
            Some(o) => o.starts.push(k),
            None => optima.push(Optimum {
                theta: theta.clone(),
                objective: *f,
                starts: vec![k],
            }),
        }
    }
    optima
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_are_seeded_and_optima_grouped() {
        let p = vec![Parameter {
            key: "a".into(),
            lower: 0.0,
            upper: 1.0,
            start: 0.5,
        }];
        let s = starts(&p, 3, 9);
        assert_eq!(s[0], vec![0.5]);
        assert_eq!(s, starts(&p, 3, 9));
        assert_ne!(s[1], s[2]);
        let ends = vec![
            (vec![0.3], 1.0),
            (vec![0.7], 0.5),
            (vec![0.30001], 1.0 + 1e-9),
            (vec![0.9], f64::INFINITY),
        ];
        let o = distinct_optima(&ends, &p);
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].starts, vec![1]);
        assert_eq!(o[1].starts, vec![0, 2]);
    }
}
