//! `/geography`: region ids, coordinates, and what rebuilds the trade costs instead of the
//! N × N matrix itself (which at 5,000 regions is 200 MB, and whose compression dominated
//! the run time): the metric, the resolved `[geography]` table (layout, cost function and its
//! parameters) and, for layouts read from a file, that file's name and SHA-256. The matrix
//! is written only on request ([`GeographyOptions::trade_costs`], `--write-trade-costs`),
//! uncompressed and chunked by rows. [`read_trade_costs`] gives back either the stored
//! matrix or the recipe; the config layer rebuilds the costs from a recipe.

use std::path::{Path, PathBuf};

use hdf5::types::VarLenUnicode;
use ndarray::{Array2, ArrayView2};
use sha2::{Digest, Sha256};

use super::annotate::{describe, put};
use super::reader::attr_string;
use super::schema as s;
use super::writer::{h5err, text, write_str_attr};
use crate::error::{Error, Result};
use crate::geography::{Geography, Metric, MAX_DENSE_REGIONS};

/// Bytes per HDF5 chunk of `/geography/trade_cost` (whole rows).
const TRADE_COST_CHUNK_BYTES: usize = 1 << 20;

/// How `/geography` is written.
#[derive(Debug, Clone, Default)]
pub struct GeographyOptions {
    /// Folder that the recipe's relative `file` is resolved against (the config's folder).
    pub base_dir: PathBuf,
    /// Also write the N × N matrix `/geography/trade_cost` (off by default).
    pub trade_costs: bool,
}

/// The `metric` attribute's spelling of `m` (the config's, where it has one).
pub fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::Euclidean => "euclidean",
        Metric::Manhattan => "manhattan",
        Metric::GreatCircle => "great-circle",
        Metric::Torus { .. } => "torus",
    }
}

/// SHA-256 (hex) of the file at `path`.
pub fn file_sha256(path: &Path) -> std::io::Result<String> {
    Ok(format!("{:x}", Sha256::digest(std::fs::read(path)?)))
}

/// The `[geography]` table of the resolved config `config_toml`, when it has one.
fn geography_table(config_toml: &str) -> Option<toml::Table> {
    let table: toml::Table = config_toml.parse().ok()?;
    match table.get("geography") {
        Some(toml::Value::Table(g)) => Some(g.clone()),
        _ => None,
    }
}

/// `/geography` of `g` in `file` (written for `target`), with the recipe from the
/// `[geography]` table of `config_toml`.
pub(super) fn write_geography(
    file: &hdf5::File,
    target: &Path,
    g: &Geography,
    config_toml: &str,
    options: &GeographyOptions,
) -> Result<()> {
    let err = h5err(target);
    let group = file.create_group(s::GEOGRAPHY).map_err(&err)?;
    write_str_attr(&group, s::KIND, g.kind).map_err(&err)?;
    write_str_attr(&group, s::METRIC, metric_name(g.metric)).map_err(&err)?;
    if let Some(table) = geography_table(config_toml) {
        let recipe = toml::to_string(&table).unwrap_or_default();
        write_str_attr(&group, s::TRADE_COST_RECIPE, &recipe).map_err(&err)?;
        if let Some(toml::Value::String(name)) = table.get("file") {
            let path = options.base_dir.join(name);
            let path = std::fs::canonicalize(&path).unwrap_or(path);
            let hash = file_sha256(&path).map_err(|e| Error::data(&path, format!("cannot hash the input: {e}")))?;
            write_str_attr(&group, s::SOURCE_FILE, &path.display().to_string()).map_err(&err)?;
            write_str_attr(&group, s::SOURCE_SHA256, &hash).map_err(&err)?;
        }
    }
    let ids: Vec<VarLenUnicode> = g.ids.iter().map(|i| text(i)).collect();
    put(&group, s::IDS, ids.as_slice()).map_err(&err)?;
    if let Some(c) = &g.coordinates {
        let arr = Array2::from_shape_fn((c.len(), 2), |(i, j)| c[i][j]);
        put(&group, s::COORDINATES, &arr).map_err(&err)?;
    }
    if options.trade_costs {
        write_matrix(&group, target, g)?;
    }
    Ok(())
}

/// `/geography/trade_cost`, uncompressed, in chunks of whole rows.
fn write_matrix(group: &hdf5::Group, target: &Path, g: &Geography) -> Result<()> {
    let n = g.len();
    if n > MAX_DENSE_REGIONS {
        return Err(Error::invalid(
            "--write-trade-costs",
            n,
            format!("writes the dense matrix of at most {MAX_DENSE_REGIONS} regions"),
        ));
    }
    let err = h5err(target);
    let view = ArrayView2::from_shape((n, n), g.trade_costs.values()).expect("n * n values");
    let rows = (TRADE_COST_CHUNK_BYTES / (8 * n)).clamp(1, n);
    let ds = group
        .new_dataset_builder()
        .chunk((rows, n))
        .with_data(view)
        .create(s::TRADE_COST)
        .map_err(&err)?;
    describe(&ds).map_err(&err)?;
    Ok(())
}

/// What rebuilds the trade costs of an agglo results file written without them.
#[derive(Debug, Clone)]
pub struct TradeCostRecipe {
    pub ids: Vec<String>,
    pub coordinates: Option<Vec<[f64; 2]>>,
    /// The resolved `[geography]` table that built them.
    pub table: toml::Table,
    /// The input file and its SHA-256, for layouts read from one.
    pub source: Option<(PathBuf, String)>,
}

/// A square matrix stored in a file, or the recipe of one an agglo file did not store.
#[derive(Debug, Clone)]
pub enum StoredTradeCosts {
    /// Ids, N and the N × N values, row-major.
    Matrix(Vec<String>, usize, Vec<f64>),
    Recipe(TradeCostRecipe),
}

/// The matrix `dataset` of `path`; when it is an agglo file's `geography/trade_cost` that
/// was not written, the recipe that rebuilds it.
pub fn read_trade_costs(path: &Path, dataset: &str) -> Result<StoredTradeCosts> {
    let err = h5err(path);
    let file = hdf5::File::open(path).map_err(&err)?;
    let wanted = dataset.trim_start_matches('/');
    let agglo_costs = wanted == format!("{}/{}", s::GEOGRAPHY, s::TRADE_COST);
    if !(agglo_costs && !file.link_exists(wanted)) {
        drop(file);
        let (ids, n, values) = super::reader::read_matrix(path, dataset)?;
        return Ok(StoredTradeCosts::Matrix(ids, n, values));
    }
    let g = file.group(s::GEOGRAPHY).map_err(&err)?;
    let recipe = attr_string(&g, s::TRADE_COST_RECIPE).ok_or_else(|| {
        Error::data(
            path,
            format!(
                "has neither /{wanted} nor a /geography@{} to rebuild it from",
                s::TRADE_COST_RECIPE
            ),
        )
    })?;
    let table: toml::Table = recipe
        .parse()
        .map_err(|e| Error::data(path, format!("/geography@{}: not TOML ({e})", s::TRADE_COST_RECIPE)))?;
    let ids: Vec<String> = g
        .dataset(s::IDS)
        .and_then(|d| d.read_raw::<VarLenUnicode>())
        .map_err(&err)?
        .iter()
        .map(|v| v.as_str().to_string())
        .collect();
    let coordinates = match g.dataset(s::COORDINATES) {
        Ok(d) => Some(
            d.read_raw::<f64>()
                .map_err(&err)?
                .chunks(2)
                .map(|c| [c[0], c[1]])
                .collect(),
        ),
        Err(_) => None,
    };
    let source = match (attr_string(&g, s::SOURCE_FILE), attr_string(&g, s::SOURCE_SHA256)) {
        (Some(f), Some(h)) => Some((PathBuf::from(f), h)),
        _ => None,
    };
    Ok(StoredTradeCosts::Recipe(TradeCostRecipe {
        ids,
        coordinates,
        table,
        source,
    }))
}
