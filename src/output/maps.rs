//! What a map needs from a results file: the geography (kind, ids, coordinates) and the
//! per-location quantities to colour by: the first equilibrium's share of the mobile factor
//! (or population) and wage, and, after a counterfactual, the population change.

use std::path::Path;

use super::reader::{attr_string, open_complete, read_f64s, region_ids, sorted_members};
use super::schema as s;
use crate::error::Result;

/// One quantity per location, with what it is.
#[derive(Debug, Clone)]
pub struct MapLayer {
    /// e.g. "population share", "wage".
    pub label: String,
    pub values: Vec<f64>,
}

/// The geography and the layers to map.
#[derive(Debug, Clone)]
pub struct MapRecord {
    /// `/geography@kind`, e.g. "grid", "border-grid", "racetrack".
    pub kind: String,
    pub ids: Vec<String>,
    pub coordinates: Option<Vec<[f64; 2]>>,
    /// Which equilibrium the layers show, e.g. "equilibrium #0 of 2 (spatial)".
    pub source: String,
    pub layers: Vec<MapLayer>,
    pub config_toml: Option<String>,
}

/// Reads the map data; `Ok(None)` when the file has no `/equilibria`.
pub fn read_map(path: &Path) -> Result<Option<MapRecord>> {
    let file = open_complete(path)?;
    let Ok(top) = file.group(s::EQUILIBRIA) else {
        return Ok(None);
    };
    let names = sorted_members(&top, path)?;
    let Some(first) = names.first() else {
        return Ok(None);
    };
    let horizon = attr_string(&top, s::HORIZON).unwrap_or_default();
    let group = top.group(first).map_err(|e| crate::error::Error::Hdf5 {
        path: path.to_path_buf(),
        source: e,
    })?;
    let at = format!("/{}/{first}", s::EQUILIBRIA);
    let share = read_f64s(&group, s::SHARE, path, &at)?;
    let share_label = if group.link_exists(s::POPULATION) {
        "population share"
    } else {
        "share of the mobile factor"
    };
    let mut layers = vec![MapLayer {
        label: share_label.into(),
        values: share,
    }];
    if group.link_exists(s::WAGE) {
        layers.push(MapLayer {
            label: "wage".into(),
            values: read_f64s(&group, s::WAGE, path, &at)?,
        });
    }
    if let Ok(cf) = file.group(&format!("{}/{}", s::COUNTERFACTUAL, s::LEVELS)) {
        let at = format!("/{}/{}", s::COUNTERFACTUAL, s::LEVELS);
        let change = read_f64s(&cf, s::POPULATION_CHANGE, path, &at)?;
        layers.push(MapLayer {
            label: "population change (counterfactual / baseline)".into(),
            values: change,
        });
    }
    let geography = file.group(s::GEOGRAPHY).ok();
    let kind = geography
        .as_ref()
        .and_then(|g| attr_string(g, s::KIND))
        .unwrap_or_default();
    let coordinates = geography.as_ref().and_then(|g| {
        let d = g.dataset(s::COORDINATES).ok()?;
        let v: Vec<f64> = d.read_raw().ok()?;
        Some(v.chunks(2).map(|c| [c[0], c[1]]).collect::<Vec<_>>())
    });
    let n = layers[0].values.len();
    let mut ids = region_ids(&file);
    if ids.len() != n {
        ids = (1..=n).map(|i| i.to_string()).collect();
    }
    Ok(Some(MapRecord {
        kind,
        ids,
        coordinates: coordinates.filter(|c| c.len() == n),
        source: format!("equilibrium #{first} of {} ({horizon})", names.len()),
        layers,
        config_toml: attr_string(&file, s::CONFIG),
    }))
}
