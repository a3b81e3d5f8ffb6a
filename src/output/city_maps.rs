//! The map layers of an ARSW city (`/city`, Ahlfeldt, Redding, Sturm and Wolf 2015):
//! residents H_R, workers H_M, floor prices Q, wages w, productivity A, amenities B,
//! commercial floor shares and residents' commuting times of the solved equilibrium (or the observed data when no equilibrium was written), and after a
//! counterfactual their changes (new / baseline), with and without spillovers.

use std::path::Path;

use super::maps::{layer, MapLayer};
use super::reader::{attr_string, read_f64s};
use super::schema as s;
use crate::error::Result;

/// The levels of one solution: (dataset, panel label, shown by default).
const LEVELS: [(&str, &str, bool); 8] = [
    (s::RESIDENTS, "residents H_R", true),
    (s::WORKERS, "workers H_M by workplace", true),
    (s::FLOOR_PRICE, "floor price Q", true),
    (s::WAGE, "wage w", false),
    (s::PRODUCTIVITY, "productivity A", false),
    (s::AMENITY, "amenity B", false),
    (s::COMMERCIAL_SHARE, "commercial floor share θ", false),
    (s::COMMUTING_TIME, "commuting time of residents, min", false),
];

/// The changes of a counterfactual: (dataset, panel label, shown by default).
const CHANGES: [(&str, &str, bool); 4] = [
    (s::RESIDENTS_CHANGE, "residents", true),
    (s::WORKERS_CHANGE, "workers", true),
    (s::FLOOR_PRICE_CHANGE, "floor price", true),
    (s::WAGE_CHANGE, "wage", false),
];

/// (what the layers show, the layers) of `/city`; `None` when it holds nothing to map.
pub(super) fn layers(city: &hdf5::Group, path: &Path) -> Result<Option<(String, Vec<MapLayer>)>> {
    let closure = attr_string(city, s::CLOSURE).unwrap_or_default();
    let mut out = Vec::new();
    let mut source = Vec::new();
    let counterfactual = city.group(s::COUNTERFACTUAL).ok();
    // Levels: the equilibrium, else the data; shown by default only without a counterfactual.
    let (levels, what) = match city.group(s::EQUILIBRIUM) {
        Ok(g) => (Some(g), "equilibrium"),
        Err(_) => (city.group(s::OBSERVED).ok(), "observed"),
    };
    if let Some(g) = &levels {
        let at = format!("/{}/{}", s::CITY, g.name().rsplit('/').next().unwrap_or(what));
        for (name, label, default) in LEVELS {
            if g.link_exists(name) {
                let values = read_f64s(g, name, path, &at)?;
                let label = format!("{label} ({what})");
                out.push(layer(name, &label, values, false, default && counterfactual.is_none()));
            }
        }
        source.push(format!("{what} of the {closure} city"));
    }
    if let Some(cf) = &counterfactual {
        let shock = attr_string(cf, s::SHOCK).unwrap_or_default();
        for (variant, words) in [
            (s::WITH_SPILLOVERS, "with spillovers"),
            (s::WITHOUT_SPILLOVERS, "without spillovers"),
        ] {
            let Ok(g) = cf.group(variant) else { continue };
            let at = format!("/{}/{}/{variant}", s::CITY, s::COUNTERFACTUAL);
            // The first variant written is the default (with spillovers when both are).
            let first = !out.iter().any(|l: &MapLayer| l.ratio);
            for (name, label, default) in CHANGES {
                if g.link_exists(name) {
                    let values = read_f64s(&g, name, path, &at)?;
                    let label = format!("{label}, counterfactual / baseline ({words})");
                    out.push(layer(name, &label, values, true, default && first));
                }
            }
        }
        source.push(if shock.is_empty() {
            "counterfactual".to_string()
        } else {
            format!("counterfactual: {shock}")
        });
    }
    if out.is_empty() {
        return Ok(None);
    }
    Ok(Some((source.join("; "), out)))
}
