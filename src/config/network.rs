//! `[geography] kind = "network"`: trade costs from least-cost paths along a network
//! ([`crate::geography::network`]), read from an edge list or a raster of crossing costs.
//!
//! ```toml
//! [geography]
//! kind = "network"
//! file = "roads.csv"     # edges: from,to,cost (a header row; `weight` names the cost column)
//! format = "edges"       # or "raster": a grid of per-cell crossing costs, no header
//! weight = "cost"        # edges: the column of edge costs (e.g. "minutes")
//! directed = false       # edges: true = each row from -> to only
//! nodes = "towns.csv"    # edges, optional: the regions (id; x,y or lat,lon; group), in order
//! cost = "exp"           # T = exp(rate d), or "power": T = max(1, d^elasticity)
//! rate = 0.01
//! internal-tax = 1.0     # factor on T between distinct regions (RRH 2017's tau_in)
//! border-tax = 1.0       # factor on T between regions of different groups (tau_out)
//! border-column = 15     # raster: columns 1..=15 are group 0, the rest group 1
//! ```
//!
//! Without `nodes`, the regions are the edge list's nodes in order of first appearance
//! (row by row, `from` before `to`). A raster's regions are its cells, column by column
//! (MATLAB's order), ids `"col,row"` (1-based) and coordinates (col, row) 0-based, as the
//! `border-grid`. The least-cost distances are computed once per config (kept with the files
//! it read, so a family varying `rate` or a tax does not search again).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::csv_table::read_records;
use super::files::Files;
use super::{budget, require_file, resolve_path};
use crate::error::{Error, Result};
use crate::geography::network::{self, Network, NetworkRegions, Taxes};
use crate::geography::{check_region_count, Geography, Metric, MAX_DENSE_REGIONS};

/// `kind = "network"`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawNetwork {
    /// The edge list or the raster.
    pub file: String,
    #[serde(default = "default_format")]
    pub format: String,
    #[serde(default = "default_weight")]
    pub weight: String,
    #[serde(default)]
    pub directed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<String>,
    #[serde(default = "default_cost")]
    pub cost: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<f64>,
    #[serde(default = "one")]
    pub internal_tax: f64,
    #[serde(default = "one")]
    pub border_tax: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border_column: Option<usize>,
}

fn default_format() -> String {
    "edges".into()
}
fn default_weight() -> String {
    "cost".into()
}
fn default_cost() -> String {
    "exp".into()
}
fn one() -> f64 {
    1.0
}

crate::numeric_fields!(RawNetwork {
    "rate" => rate,
    "elasticity" => elasticity,
    "internal-tax" => internal_tax,
    "border-tax" => border_tax,
});

/// Bytes of the network geography of `n` regions: the least-cost distances (kept) and the
/// trade costs, two dense N × N matrices.
pub fn network_bytes(n: usize) -> f64 {
    2.0 * (n as f64) * (n as f64) * 8.0
}

impl RawNetwork {
    /// Builds the geography; the files and the distances come from `files` after the first build.
    pub fn build(&self, base_dir: &Path, files: &Files) -> Result<Geography> {
        let path = resolve_path(base_dir, &self.file);
        let cost = super::geography::cost_function(&self.cost, self.rate, self.elasticity)?;
        for (key, v) in [
            ("geography.internal-tax", self.internal_tax),
            ("geography.border-tax", self.border_tax),
        ] {
            if !(v.is_finite() && v >= 1.0) {
                return Err(Error::invalid(key, v, "a tax factor must be finite and >= 1"));
            }
        }
        let raster = match self.format.as_str() {
            "edges" => false,
            "raster" => true,
            other => {
                return Err(Error::invalid(
                    "geography.format",
                    format!("\"{other}\""),
                    "one of \"edges\" (from,to,cost rows), \"raster\" (a grid of per-cell crossing costs)",
                ))
            }
        };
        if raster && (self.nodes.is_some() || self.directed || self.weight != "cost") {
            return Err(Error::Config(
                "[geography]: nodes, directed and weight are keys of format = \"edges\"; a raster's regions are its cells".into(),
            ));
        }
        if !raster && self.border_column.is_some() {
            return Err(Error::Config(
                "[geography]: border-column is a key of format = \"raster\"; an edge list's groups are the nodes file's `group` column".into(),
            ));
        }
        if !files.has(&path) {
            require_file(&path, "geography.file names the network")?;
        }
        let nodes_path = self.nodes.as_ref().map(|n| resolve_path(base_dir, n));
        let key = format!(
            "least-cost distances: format {}, weight {}, directed {}, nodes {:?}",
            self.format, self.weight, self.directed, nodes_path
        );
        let (ids, coordinates, metric, groups);
        let distances = if raster {
            let (width, height, costs) = read_raster(&path, files)?;
            let n = width * height;
            check_size(n)?;
            let d = files.matrix(&path, &key, || {
                let all: Vec<usize> = (0..n).collect();
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{},{}", i / height + 1, i % height + 1))
                    .collect();
                let d = Network::raster(width, height, &costs)
                    .least_costs(&all)
                    .map_err(|u| Error::data(&path, u.message(&cells)))?;
                Ok((cells, n, d))
            })?;
            ids = d.0.clone();
            coordinates = Some((0..n).map(|i| [(i / height) as f64, (i % height) as f64]).collect());
            metric = Metric::Euclidean;
            groups = match self.border_column {
                Some(b) if b > width => {
                    return Err(Error::invalid(
                        "geography.border-column",
                        b,
                        format!("must be between 0 and the raster's width ({width})"),
                    ))
                }
                Some(b) if b > 0 && b < width => Some((0..n).map(|i| usize::from(i / height >= b)).collect()),
                _ => None,
            };
            d
        } else {
            let regions = read_nodes(nodes_path.as_deref(), files)?;
            let (network, names) = read_edges(&path, &self.weight, self.directed, files)?;
            let region_nodes = match &regions {
                Some(r) => node_indices(&r.ids, &names, nodes_path.as_deref().expect("nodes given"), &path)?,
                None => (0..names.len()).collect(),
            };
            check_size(region_nodes.len())?;
            let d = files.matrix(&path, &key, || {
                let ids: Vec<String> = region_nodes.iter().map(|&i| names[i].clone()).collect();
                let d = network
                    .least_costs(&region_nodes)
                    .map_err(|u| Error::data(&path, u.message(&ids)))?;
                Ok((ids, region_nodes.len(), d))
            })?;
            ids = d.0.clone();
            (coordinates, metric, groups) = match regions {
                Some(r) => (r.coordinates, r.metric, r.groups),
                None => (None, Metric::Euclidean, None),
            };
            d
        };
        if self.border_tax != 1.0 && groups.is_none() {
            return Err(Error::Config(format!(
                "geography.border-tax = {} needs groups: border-column (raster) or a `group` column in the nodes file (edges)",
                self.border_tax
            )));
        }
        let taxes = Taxes {
            internal: self.internal_tax,
            border: groups.map(|g| (g, self.border_tax)),
        };
        let regions = NetworkRegions {
            ids,
            coordinates,
            metric,
        };
        network::geography(regions, &distances.2, cost, &taxes, &path.display().to_string())
    }
}

/// Regions within [`MAX_DENSE_REGIONS`] and the memory budget, refused naming `geography.file`.
fn check_size(n: usize) -> Result<()> {
    check_region_count("geography.file", n, MAX_DENSE_REGIONS)?;
    budget::require(
        "geography.file",
        &format!("the all-pairs least-cost distances and trade costs of {n} regions (2 dense {n} x {n} matrices)"),
        network_bytes(n),
    )
}

/// A raster: width, height and the costs column by column. Rows of the file are the
/// raster's rows; `#` lines are comments.
fn read_raster(path: &Path, files: &Files) -> Result<(usize, usize, Vec<f64>)> {
    let text = files.text(path, || {
        let records = read_records(path)?;
        let rows: Vec<String> = records
            .into_iter()
            .filter(|(_, r)| !r[0].starts_with('#'))
            .map(|(line, r)| format!("{line}\t{}", r.join(",")))
            .collect();
        Ok(rows.join("\n"))
    })?;
    let mut grid: Vec<Vec<f64>> = Vec::new();
    for row in text.lines() {
        let (line, fields) = row.split_once('\t').expect("line number and fields");
        let mut values = Vec::new();
        for (j, field) in fields.split(',').enumerate() {
            match field.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => values.push(v),
                _ => {
                    return Err(Error::data(
                        path,
                        format!(
                            "line {line}, column {}: \"{field}\" is not a crossing cost (a finite number >= 0)",
                            j + 1
                        ),
                    ))
                }
            }
        }
        if let Some(first) = grid.first() {
            if values.len() != first.len() {
                return Err(Error::data(
                    path,
                    format!(
                        "line {line}: {} cells, but the first row has {} (a raster is rectangular)",
                        values.len(),
                        first.len()
                    ),
                ));
            }
        }
        grid.push(values);
    }
    if grid.is_empty() {
        return Err(Error::data(path, "the raster has no rows"));
    }
    let (height, width) = (grid.len(), grid[0].len());
    let costs = (0..width * height).map(|i| grid[i % height][i / height]).collect();
    Ok((width, height, costs))
}

/// The edge list: the network and the node names (in order of first appearance).
fn read_edges(path: &Path, weight: &str, directed: bool, files: &Files) -> Result<(Network, Vec<String>)> {
    let table = files.csv(path)?;
    if table.rows.is_empty() {
        return Err(Error::data(path, "no edges (the file has only a header)"));
    }
    let from = table.text_column("from")?;
    let to = table.text_column("to")?;
    let w = table.numeric_column(weight)?;
    let mut index = std::collections::HashMap::new();
    let mut names = Vec::new();
    let mut node = |name: &String| -> usize {
        *index.entry(name.clone()).or_insert_with(|| {
            names.push(name.clone());
            names.len() - 1
        })
    };
    let mut edges = Vec::with_capacity(w.len());
    for (k, ((a, b), &c)) in from.iter().zip(&to).zip(&w).enumerate() {
        if c < 0.0 {
            let line = table.rows[k].0;
            return Err(Error::data(
                path,
                format!("line {line}, column \"{weight}\": {c} is negative (edge costs must be >= 0)"),
            ));
        }
        let (a, b) = (node(a), node(b));
        edges.push((a, b, c));
    }
    Ok((
        Network {
            nodes: names.len(),
            edges,
            directed,
        },
        names,
    ))
}

/// Regions listed in a nodes file.
struct Listed {
    ids: Vec<String>,
    coordinates: Option<Vec<[f64; 2]>>,
    metric: Metric,
    groups: Option<Vec<usize>>,
}

fn read_nodes(path: Option<&Path>, files: &Files) -> Result<Option<Listed>> {
    let Some(path) = path else { return Ok(None) };
    if !files.has(path) {
        require_file(path, "geography.nodes names the regions")?;
    }
    let table = files.csv(path)?;
    if table.rows.is_empty() {
        return Err(Error::data(path, "no regions (the file has only a header)"));
    }
    let ids = table.text_column("id")?;
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = ids.iter().find(|id| !seen.insert(*id)) {
        return Err(Error::data(path, format!("duplicate id \"{dup}\"")));
    }
    let pair = |a: &str, b: &str| -> Result<Option<Vec<[f64; 2]>>> {
        if !(table.has_column(a) && table.has_column(b)) {
            return Ok(None);
        }
        let (x, y) = (table.numeric_column(a)?, table.numeric_column(b)?);
        Ok(Some(x.into_iter().zip(y).map(|(x, y)| [x, y]).collect()))
    };
    let (coordinates, metric) = match pair("x", "y")? {
        Some(c) => (Some(c), Metric::Euclidean),
        None => (pair("lat", "lon")?, Metric::GreatCircle),
    };
    let groups = if table.has_column("group") {
        let labels = table.text_column("group")?;
        let mut order: Vec<&String> = Vec::new();
        Some(
            labels
                .iter()
                .map(|l| {
                    order.iter().position(|o| *o == l).unwrap_or_else(|| {
                        order.push(l);
                        order.len() - 1
                    })
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(Some(Listed {
        ids,
        coordinates,
        metric,
        groups,
    }))
}

/// The network node of each listed region; a region that is no node of the edge list is refused.
fn node_indices(ids: &[String], names: &[String], nodes: &Path, edges: &Path) -> Result<Vec<usize>> {
    let index: std::collections::HashMap<&String, usize> = names.iter().enumerate().map(|(i, n)| (n, i)).collect();
    let missing: Vec<&String> = ids.iter().filter(|id| !index.contains_key(id)).collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(|m| format!("\"{m}\"")).collect();
        return Err(Error::data(
            nodes,
            format!(
                "region{} {} {} no node of the edge list {}",
                if missing.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if missing.len() == 1 { "is" } else { "are" },
                edges.display()
            ),
        ));
    }
    Ok(ids.iter().map(|id| index[id]).collect())
}
