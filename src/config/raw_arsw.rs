//! `[model] kind = "arsw"` as written: parameters, the synthetic city, the counterfactual.

use serde::{Deserialize, Serialize};

/// `[model] kind = "arsw"` (Ahlfeldt, Redding, Sturm and Wolf 2015): parameters (defaults:
/// ARSW's estimates) and the blocks, either `[model.synthetic]` or a `blocks` CSV.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArsw {
    #[serde(default = "arsw_defaults::epsilon")]
    pub epsilon: f64,
    #[serde(default = "arsw_defaults::kappa_epsilon")]
    pub kappa_epsilon: f64,
    #[serde(default = "arsw_defaults::lambda")]
    pub lambda: f64,
    #[serde(default = "arsw_defaults::delta")]
    pub delta: f64,
    #[serde(default = "arsw_defaults::eta")]
    pub eta: f64,
    #[serde(default = "arsw_defaults::rho")]
    pub rho: f64,
    #[serde(default = "arsw_defaults::alpha")]
    pub alpha: f64,
    #[serde(default = "arsw_defaults::beta")]
    pub beta: f64,
    /// "closed" (population fixed at the observed total) or "open" (utility fixed).
    #[serde(default = "arsw_defaults::city")]
    pub city: String,
    /// Reservation utility of an open city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utility: Option<f64>,
    /// Door-to-door speed for travel times from coordinates, km/h.
    #[serde(default = "arsw_defaults::speed_kmh")]
    pub speed_kmh: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synthetic: Option<RawArswSynthetic>,
    /// CSV of blocks: columns id, x, y (km), area (km²), residents, workers, floor_price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<String>,
    /// N × N travel times in minutes (CSV, or HDF5 with `dataset`), rows = residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_times: Option<String>,
    #[serde(default = "arsw_defaults::dataset")]
    pub dataset: String,
}

/// `[model.synthetic]`: an n × n grid city whose residents and workers decay from the centre.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArswSynthetic {
    #[serde(default = "arsw_defaults::size")]
    pub size: usize,
    #[serde(default = "arsw_defaults::block_km")]
    pub block_km: f64,
    #[serde(default = "arsw_defaults::population")]
    pub population: f64,
    #[serde(default = "arsw_defaults::resident_decay_km")]
    pub resident_decay_km: f64,
    #[serde(default = "arsw_defaults::worker_decay_km")]
    pub worker_decay_km: f64,
    #[serde(default = "arsw_defaults::price_decay_km")]
    pub price_decay_km: f64,
}

/// `[counterfactual]` of an ARSW city: travel-time changes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArswCounterfactual {
    /// "both", "with" or "without".
    #[serde(default = "arsw_defaults::spillovers")]
    pub spillovers: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corridor: Option<RawCorridor>,
    /// CSV with columns origin, destination (block ids), factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_time_factors: Option<String>,
}

/// `[counterfactual.corridor]`: pairs of blocks both within `width-km` of the segment
/// `from`–`to` (km) get their travel times multiplied by `factor`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCorridor {
    pub from: [f64; 2],
    pub to: [f64; 2],
    pub width_km: f64,
    pub factor: f64,
}

mod arsw_defaults {
    use crate::model::arsw::{ArswParams, SyntheticCity};
    pub fn epsilon() -> f64 {
        ArswParams::default().epsilon
    }
    pub fn kappa_epsilon() -> f64 {
        ArswParams::default().kappa_epsilon
    }
    pub fn lambda() -> f64 {
        ArswParams::default().lambda
    }
    pub fn delta() -> f64 {
        ArswParams::default().delta
    }
    pub fn eta() -> f64 {
        ArswParams::default().eta
    }
    pub fn rho() -> f64 {
        ArswParams::default().rho
    }
    pub fn alpha() -> f64 {
        ArswParams::default().alpha
    }
    pub fn beta() -> f64 {
        ArswParams::default().beta
    }
    pub fn city() -> String {
        "closed".into()
    }
    pub fn speed_kmh() -> f64 {
        SyntheticCity::default().speed_kmh
    }
    pub fn dataset() -> String {
        "minutes".into()
    }
    pub fn size() -> usize {
        SyntheticCity::default().size
    }
    pub fn block_km() -> f64 {
        SyntheticCity::default().block_km
    }
    pub fn population() -> f64 {
        SyntheticCity::default().population
    }
    pub fn resident_decay_km() -> f64 {
        SyntheticCity::default().resident_decay_km
    }
    pub fn worker_decay_km() -> f64 {
        SyntheticCity::default().worker_decay_km
    }
    pub fn price_decay_km() -> f64 {
        SyntheticCity::default().price_decay_km
    }
    pub fn spillovers() -> String {
        "both".into()
    }
}
