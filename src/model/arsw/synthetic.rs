//! A synthetic city for examples, tests and benchmarks: an n × n grid of square blocks
//! (0.5 km in the gallery), residents and workers whose densities decay exponentially from
//! the centre (workers faster: a central business district), and floor prices that decay
//! too. These are "observed" data: the inversion turns them into fundamentals.

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

    /// Residents, workers (both summing to the population) and floor prices (1 at the centre).
    pub fn observed(&self) -> Observed {
        let d = self.distance_from_centre();
        let profile = |decay: f64| -> Vec<f64> {
            let v: Vec<f64> = d.iter().map(|d| (-d / decay).exp()).collect();
            let total: f64 = v.iter().sum();
            v.iter().map(|x| self.population * x / total).collect()
        };
        Observed {
            residents: profile(self.resident_decay_km),
            workers: profile(self.worker_decay_km),
            floor_price: d.iter().map(|d| (-d / self.price_decay_km).exp()).collect(),
        }
    }
}
