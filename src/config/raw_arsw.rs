//! `[counterfactual]` of a city (`model.kind = "arsw"`) as written: travel-time changes and
//! shocks to productivity and amenities (checked by `config::city`). The `[model]` table is
//! the registration's (`config/models/arsw/`).

use serde::{Deserialize, Serialize};

/// `[counterfactual]` of an ARSW city.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawArswCounterfactual {
    /// "both", "with" or "without".
    pub spillovers: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corridor: Option<RawCorridor>,
    /// CSV with columns origin, destination (block ids), factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub travel_time_factors: Option<String>,
    /// Factors on productivity a.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub productivity: Option<RawBlockFactors>,
    /// Factors on amenities b.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amenity: Option<RawBlockFactors>,
}

impl Default for RawArswCounterfactual {
    fn default() -> Self {
        RawArswCounterfactual {
            spillovers: "both".into(),
            corridor: None,
            travel_time_factors: None,
            productivity: None,
            amenity: None,
        }
    }
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

/// `[counterfactual.productivity]` or `[counterfactual.amenity]`: `factor` in the blocks
/// whose centres lie within `radius-km` of `centre` (km; both omitted: every block), or one
/// factor per block id from `file` (columns id, factor; blocks not listed keep theirs).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawBlockFactors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre: Option<[f64; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}
