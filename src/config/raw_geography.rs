//! `[geography]` as written, one struct per `kind` (`deny_unknown_fields`, defaults filled).

use serde::{Deserialize, Serialize};

/// `kind = "two-region"`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTwoRegion {
    #[serde(default = "default_trade_cost")]
    pub trade_cost: f64,
}

/// `kind = "racetrack"` or `"line"`: `regions` one step apart, cost per step.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSteps {
    pub regions: usize,
    #[serde(default = "default_trade_cost")]
    pub trade_cost: f64,
}

/// `kind = "grid"`: width × height unit cells; either a cost per unit distance
/// (`trade-cost`) or a distance function (`cost` with `rate` or `elasticity`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawGrid {
    pub width: usize,
    pub height: usize,
    #[serde(default = "default_grid_metric")]
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_cost: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<f64>,
}

/// `kind = "torus"`: width × height unit cells wrapped in both directions (distances taken
/// the shorter way round); either a cost per unit distance (`trade-cost`) or a distance
/// function (`cost = "exp"` with `rate`, or `"power"` with `elasticity`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTorus {
    pub width: usize,
    pub height: usize,
    /// Only "euclidean" (on the wrapped offsets).
    #[serde(default = "default_grid_metric")]
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_cost: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<f64>,
}

/// `kind = "points"`: a CSV with `id,x,y` (euclidean) or `id,lat,lon` (great-circle).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPoints {
    pub file: String,
    #[serde(default = "default_points_metric")]
    pub metric: String,
    #[serde(default = "default_cost")]
    pub cost: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<f64>,
}

/// `kind = "matrix"`: an N × N CSV, or an HDF5 file with a 2-D dataset.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMatrix {
    pub file: String,
    #[serde(default = "default_dataset")]
    pub dataset: String,
    /// Optional: one region's costs to and from every other region, replacing the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<RawRemote>,
}

/// `geography.remote = { region = "market", trade-cost = 2.0 }`: T between `region` and every
/// other region, both ways (a distant market reached at one cost; a key to vary).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRemote {
    pub region: String,
    pub trade_cost: f64,
}

fn default_trade_cost() -> f64 {
    1.7
}
fn default_grid_metric() -> String {
    "euclidean".into()
}
fn default_points_metric() -> String {
    "euclidean".into()
}
fn default_cost() -> String {
    "exp".into()
}
fn default_dataset() -> String {
    "trade_cost".into()
}

/// `[geography] kind = "border-grid"`: the QSE §3.9 grid with two countries.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawBorderGrid {
    #[serde(default = "default_grid_side")]
    pub width: usize,
    #[serde(default = "default_grid_side")]
    pub height: usize,
    /// Columns 1..=border-column are country 0.
    #[serde(default = "default_border_column")]
    pub border_column: usize,
    #[serde(default = "default_distance_elasticity")]
    pub distance_elasticity: f64,
    #[serde(default = "default_tax")]
    pub internal_tax: f64,
    #[serde(default = "default_tax")]
    pub border_tax: f64,
}

fn default_grid_side() -> usize {
    30
}
fn default_border_column() -> usize {
    15
}
fn default_distance_elasticity() -> f64 {
    0.33
}
fn default_tax() -> f64 {
    2.0
}

crate::numeric_fields!(RawTwoRegion { "trade-cost" => trade_cost });
crate::numeric_fields!(RawSteps { "regions" => regions, "trade-cost" => trade_cost });
crate::numeric_fields!(RawGrid {
    "width" => width,
    "height" => height,
    "trade-cost" => trade_cost,
    "rate" => rate,
    "elasticity" => elasticity,
});
crate::numeric_fields!(RawTorus {
    "width" => width,
    "height" => height,
    "trade-cost" => trade_cost,
    "rate" => rate,
    "elasticity" => elasticity,
});
crate::numeric_fields!(RawPoints { "rate" => rate, "elasticity" => elasticity });
crate::numeric_fields!(RawBorderGrid {
    "width" => width,
    "height" => height,
    "border-column" => border_column,
    "distance-elasticity" => distance_elasticity,
    "internal-tax" => internal_tax,
    "border-tax" => border_tax,
});
