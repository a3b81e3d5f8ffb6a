//! What a map needs from a results file: the geography (kind, ids, coordinates and what the
//! coordinates are) and the per-location quantities to colour by. Equilibria of `agglo solve`
//! give the first equilibrium's share of the mobile factor (or population) and wage; after a
//! counterfactual, the population and wage changes (ratios to the baseline). ARSW cities
//! (`/city`) give their own layers ([`super::city_maps`]). Every layer is read; the figure
//! shows the `default` ones unless a quantity is asked for.

use std::path::Path;

use super::reader::{attr_string, open_complete, read_f64s, region_ids, sorted_members};
use super::schema as s;
use crate::error::Result;

/// One quantity per location, with what it is.
#[derive(Debug, Clone)]
pub struct MapLayer {
    /// The name `agglo plot --quantity` picks it by, e.g. "share", "residents_change".
    pub quantity: String,
    /// Panel title, e.g. "population share", "residents (counterfactual / baseline)".
    pub label: String,
    pub values: Vec<f64>,
    /// A ratio to a baseline (drawn on a diverging scale centred on 1).
    pub ratio: bool,
    /// Shown when no quantity is asked for.
    pub default: bool,
}

/// What the coordinates of `/geography/coordinates` are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordinateSystem {
    /// Cells of a lattice, (column, row) from 0.
    Cells,
    /// Planar (x, y) in the config's own units.
    Planar,
    /// (latitude, longitude) in degrees (great-circle geographies): drawn with longitude on x.
    LatLon,
    /// (x, y) in km (ARSW blocks).
    Kilometres,
}

/// The geography and the layers to map.
#[derive(Debug, Clone)]
pub struct MapRecord {
    /// `/geography@kind`, e.g. "grid", "border-grid", "racetrack", "arsw-grid".
    pub kind: String,
    pub ids: Vec<String>,
    pub coordinates: Option<Vec<[f64; 2]>>,
    pub system: CoordinateSystem,
    /// Which solution the layers show, e.g. "equilibrium #0 of 2 (spatial)".
    pub source: String,
    pub layers: Vec<MapLayer>,
    pub config_toml: Option<String>,
}

pub(super) fn layer(quantity: &str, label: &str, values: Vec<f64>, ratio: bool, default: bool) -> MapLayer {
    MapLayer {
        quantity: quantity.into(),
        label: label.into(),
        values,
        ratio,
        default,
    }
}

/// Reads the map data; `Ok(None)` when the file has neither `/equilibria` nor `/city`.
pub fn read_map(path: &Path) -> Result<Option<MapRecord>> {
    let file = open_complete(path)?;
    let Some((source, layers)) = (match file.group(s::CITY) {
        Ok(city) => super::city_maps::layers(&city, path)?,
        Err(_) => equilibrium_layers(&file, path)?,
    }) else {
        return Ok(None);
    };
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
    let config_toml = attr_string(&file, s::CONFIG);
    let system = coordinate_system(&kind, config_toml.as_deref());
    Ok(Some(MapRecord {
        kind,
        ids,
        coordinates: coordinates.filter(|c| c.len() == n),
        system,
        source,
        layers,
        config_toml,
    }))
}

/// Lattices are cells, ARSW blocks km, points with `geography.metric = "great-circle"`
/// (in the file's resolved config) latitude and longitude, anything else planar.
fn coordinate_system(kind: &str, config_toml: Option<&str>) -> CoordinateSystem {
    match kind {
        "grid" | "torus" | "border-grid" => return CoordinateSystem::Cells,
        "arsw-grid" | "arsw-blocks" => return CoordinateSystem::Kilometres,
        _ => {}
    }
    let metric = config_toml.and_then(|t| t.parse::<toml::Table>().ok()).and_then(|t| {
        t.get("geography")?
            .as_table()?
            .get("metric")?
            .as_str()
            .map(str::to_string)
    });
    match metric.as_deref() {
        Some("great-circle") => CoordinateSystem::LatLon,
        _ => CoordinateSystem::Planar,
    }
}

fn equilibrium_layers(file: &hdf5::File, path: &Path) -> Result<Option<(String, Vec<MapLayer>)>> {
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
    let mut layers = vec![layer(s::SHARE, share_label, share, false, true)];
    if group.link_exists(s::WAGE) {
        let wage = read_f64s(&group, s::WAGE, path, &at)?;
        layers.push(layer(s::WAGE, "wage", wage, false, true));
    }
    if let Ok(cf) = file.group(&format!("{}/{}", s::COUNTERFACTUAL, s::LEVELS)) {
        let at = format!("/{}/{}", s::COUNTERFACTUAL, s::LEVELS);
        let change = read_f64s(&cf, s::POPULATION_CHANGE, path, &at)?;
        layers.push(layer(
            s::POPULATION_CHANGE,
            "population (counterfactual / baseline)",
            change,
            true,
            true,
        ));
        if cf.link_exists(s::WAGE_CHANGE) {
            let change = read_f64s(&cf, s::WAGE_CHANGE, path, &at)?;
            layers.push(layer(
                s::WAGE_CHANGE,
                "wage (counterfactual / baseline)",
                change,
                true,
                false,
            ));
        }
    }
    let source = format!("equilibrium #{first} of {} ({horizon})", names.len());
    Ok(Some((source, layers)))
}
