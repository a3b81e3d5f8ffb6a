//! Locations and the iceberg trade costs between them.
//!
//! A [`Geography`] is pure data: region ids, optional coordinates and one [`TradeCosts`]
//! matrix. Builders for the standard layouts live in [`layouts`]; distances between points
//! in [`distance`]. Reading files is the job of `config`, not of this module.

pub mod distance;
pub mod distance_costs;
pub mod layouts;
pub mod network;
pub mod rrh_grid;
pub mod torus;
mod trade_costs;

pub use distance::{CostFunction, Metric, EARTH_RADIUS_KM};
pub use distance_costs::{DistanceCosts, Triangle, MAX_CACHED_POINTS};
pub use rrh_grid::BorderGrid;
pub use trade_costs::{check_region_count, MatrixPrecision, Structure, TradeCosts, MAX_DENSE_REGIONS, MAX_REGIONS};

/// Regions, where they are, and what it costs to ship between them.
#[derive(Debug, Clone)]
pub struct Geography {
    /// Short label of the layout (`two-region`, `racetrack`, `points`, ...).
    pub kind: &'static str,
    /// One id per region.
    pub ids: Vec<String>,
    /// Planar (x, y) or (lat, lon) coordinates where the layout has them.
    pub coordinates: Option<Vec<[f64; 2]>>,
    /// How distance between the coordinates is measured.
    pub metric: Metric,
    /// Group labels 0..G (countries) when the layout defines them (`border-grid`).
    pub groups: Option<Vec<usize>>,
    /// Iceberg costs T\[r\]\[s\] >= 1, T\[r\]\[r\] = 1.
    pub trade_costs: TradeCosts,
}

impl Geography {
    /// Number of regions.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no regions (never the case after validation).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}
