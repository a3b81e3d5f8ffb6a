//! The `matrix` geography reading `geography/trade_cost` of an agglo results file that did
//! not store the matrix (the default): the costs are rebuilt from what the file recorded,
//! the resolved `[geography]` table (`/geography@trade_cost_recipe`) with, for `points`, the
//! stored coordinates, and for layouts read from a file, that file, checked against its
//! recorded SHA-256. The rebuild runs the same code on the same numbers as the run that
//! wrote the file, so the matrix is bit for bit the one that run used.

use std::path::Path;

use super::raw::RawPoints;
use super::{split_kind, typed};
use crate::error::{Error, Result};
use crate::geography::layouts;
use crate::output::{file_sha256, TradeCostRecipe};

/// Ids, N and the row-major N × N costs that `recipe` (read from the agglo file `path`)
/// describes.
pub(super) fn rebuild(recipe: &TradeCostRecipe, path: &Path) -> Result<(Vec<String>, usize, Vec<f64>)> {
    let origin = format!("{} (/geography@trade_cost_recipe)", path.display());
    let (kind, rest) = split_kind(&recipe.table, "geography", &origin, "two-region")?;
    let geography = if kind == "points" {
        let raw: RawPoints = typed(rest, "geography", &kind, &origin)?;
        let (metric, cost) = super::geography::points_recipe(&raw)?;
        let Some(coordinates) = recipe.coordinates.clone() else {
            return Err(Error::data(path, "a points geography without /geography/coordinates"));
        };
        layouts::points(recipe.ids.clone(), coordinates, metric, cost, &origin)?
    } else {
        let mut table = recipe.table.clone();
        if let Some((file, hash)) = &recipe.source {
            let needs = format!(
                "rebuilding its trade costs needs the input {} (SHA-256 {hash})",
                file.display()
            );
            let found = file_sha256(file).map_err(|e| {
                Error::data(
                    path,
                    format!(
                        "{needs}, which cannot be read ({e}); or rerun the run that wrote it with --write-trade-costs"
                    ),
                )
            })?;
            if found != *hash {
                return Err(Error::data(
                    path,
                    format!("{needs}, which has changed since (SHA-256 now {found})"),
                ));
            }
            table.insert("file".into(), toml::Value::String(file.display().to_string()));
            network_nodes_beside(&mut table, file);
        }
        let base = path.parent().unwrap_or(Path::new("."));
        super::geography::resolve(&table, &origin, base, &super::files::Files::default())?.0
    };
    if geography.ids != recipe.ids {
        return Err(Error::data(
            path,
            "the geography rebuilt from /geography@trade_cost_recipe has other region ids than /geography/ids",
        ));
    }
    let n = geography.len();
    let values = geography.trade_costs.values().to_vec();
    Ok((geography.ids, n, values))
}

/// A `network` geography's relative `nodes` file (not hashed: the recipe records one input)
/// is looked for beside the recorded edge list, where the example configs keep it; found
/// nowhere, the rebuild's error names it (`--write-trade-costs` stores the matrix instead).
fn network_nodes_beside(table: &mut toml::Table, file: &Path) {
    if table.get("kind").and_then(|k| k.as_str()) != Some("network") {
        return;
    }
    if let Some(toml::Value::String(nodes)) = table.get("nodes") {
        let beside = file.parent().unwrap_or(Path::new(".")).join(nodes);
        if Path::new(nodes).is_relative() && beside.is_file() {
            table.insert("nodes".into(), toml::Value::String(beside.display().to_string()));
        }
    }
}
