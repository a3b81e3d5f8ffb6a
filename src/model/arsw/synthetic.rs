//! A synthetic city for examples, tests and benchmarks: an n × n grid of square blocks
//! (0.5 km in the gallery), residents and workers whose densities decay exponentially from
//! the centre (workers faster: a central business district), and floor prices that decay
//! too. These are "observed" data: the inversion turns them into fundamentals.
//!
//! Real city data have blocks with one use only; the synthetic city can have them too: the
//! `commercial_only` fraction of blocks nearest the centre house nobody (a business core),
//! the `residential_only` fraction farthest from it employ nobody (suburbs). Residents and
//! workers are then rescaled to the population each.

use super::travel::{GridCity, Travel, TravelTimes};
use super::Observed;
use crate::error::Result;

/// The synthetic city's description.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntheticCity {
    /// Blocks per side.
    pub size: usize,
    /// Side of a block in km.
    pub block_km: f64,
    /// Travel speed in km/h (times from straight-line distances).
    pub speed_kmh: f64,
    /// Total residents = total workers.
    pub population: f64,
    /// e-folding distance of residents' density, km.
    pub resident_decay_km: f64,
    /// e-folding distance of workers' density, km.
    pub worker_decay_km: f64,
    /// e-folding distance of floor prices, km.
    pub price_decay_km: f64,
    /// Fraction of blocks (those farthest from the centre) without workers, in [0, 1).
    pub residential_only: f64,
    /// Fraction of blocks (those nearest the centre) without residents, in [0, 1).
    pub commercial_only: f64,
}

impl Default for SyntheticCity {
    /// A 30 × 30 city of 0.5 km blocks (15 km across), 15 km/h door to door, 100,000 people.
    fn default() -> Self {
        SyntheticCity {
            size: 30,
            block_km: 0.5,
            speed_kmh: 15.0,
            population: 100_000.0,
            resident_decay_km: 4.0,
            worker_decay_km: 2.0,
            price_decay_km: 5.0,
            residential_only: 0.0,
            commercial_only: 0.0,
        }
    }
}

impl SyntheticCity {
    /// The grid.
    pub fn grid(&self) -> GridCity {
        GridCity {
            width: self.size,
            height: self.size,
            block_km: self.block_km,
            minutes_per_km: 60.0 / self.speed_kmh,
        }
    }

    /// Travel times on the grid.
    pub fn travel(&self) -> Result<Travel> {
        Travel::new(TravelTimes::Grid(self.grid()))
    }

    /// Block areas, km².
    pub fn area(&self) -> Vec<f64> {
        vec![self.block_km * self.block_km; self.size * self.size]
    }

    /// Distance of each block's centre from the city centre, km.
    pub fn distance_from_centre(&self) -> Vec<f64> {
        let g = self.grid();
        let c = self.size as f64 * self.block_km / 2.0;
        (0..g.len())
            .map(|i| {
                let [x, y] = g.centre(i);
                ((x - c).powi(2) + (y - c).powi(2)).sqrt()
            })
            .collect()
    }

    /// Blocks by distance from the centre, nearest first (ties by index): the first
    /// `commercial_only` of them house nobody, the last `residential_only` employ nobody.
    fn uses(&self) -> (Vec<bool>, Vec<bool>) {
        let d = self.distance_from_centre();
        let n = d.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|a, b| d[*a].total_cmp(&d[*b]).then(a.cmp(b)));
        let count = |fraction: f64| ((fraction * n as f64).round() as usize).min(n);
        let (mut residential, mut producing) = (vec![true; n], vec![true; n]);
        for &i in order.iter().take(count(self.commercial_only)) {
            residential[i] = false;
        }
        for &i in order.iter().rev().take(count(self.residential_only)) {
            producing[i] = false;
        }
        (residential, producing)
    }

    /// Residents, workers (both summing to the population) and floor prices (1 at the centre).
    pub fn observed(&self) -> Observed {
        let d = self.distance_from_centre();
        let (residential, producing) = self.uses();
        let profile = |decay: f64, has: &[bool]| -> Vec<f64> {
            let v: Vec<f64> = d
                .iter()
                .zip(has)
                .map(|(d, h)| if *h { (-d / decay).exp() } else { 0.0 })
                .collect();
            let total: f64 = v.iter().sum();
            v.iter().map(|x| self.population * x / total).collect()
        };
        Observed {
            residents: profile(self.resident_decay_km, &residential),
            workers: profile(self.worker_decay_km, &producing),
            floor_price: d.iter().map(|d| (-d / self.price_decay_km).exp()).collect(),
        }
    }
}
