//! A configuration varied in some keys and resolved again at every value: what
//! `[bifurcate]` (one key, `ModelFamily`), `[sweep]` (a design point, `PointFamily`) and
//! `[calibrate]` (a parameter vector, `ParameterFamily`) need. The TOML is parsed once; the
//! geography is resolved once and reused unless a varied key is a geography key.

use std::path::PathBuf;

use super::raw::RawConfig;
use super::{geography, matrix_precision, messages, model, ModelSpec, RunSpec};
use crate::error::{Error, Result};
use crate::geography::Geography;

/// The parsed configuration of a family and what it resolves only once.
pub(super) struct Varied {
    pub(super) table: toml::Table,
    pub(super) origin: String,
    base_dir: PathBuf,
    /// The geography and its points file, when no varied key is a geography key.
    geography: Option<(Geography, Option<PathBuf>)>,
}

impl Varied {
    /// The family of `table` (the run's TOML, without the tables the caller drops);
    /// `geography_varies` says whether some varied key is a geography key.
    pub(super) fn new(table: toml::Table, spec: &RunSpec, geography_varies: bool) -> Result<Self> {
        let geography = if geography_varies {
            None
        } else {
            let raw = raw_config(&table, &spec.origin)?;
            Some(resolve_geography(&raw, &spec.origin, &spec.base_dir)?)
        };
        Ok(Varied {
            table,
            origin: spec.origin.clone(),
            base_dir: spec.base_dir.clone(),
            geography,
        })
    }

    /// The model of `table` (this family's TOML with its varied keys set) and the raw
    /// configuration it came from (for the settings a caller resolves itself).
    pub(super) fn resolve(&self, table: &toml::Table) -> Result<(ModelSpec, RawConfig)> {
        let raw = raw_config(table, &self.origin)?;
        let built;
        let (g, points) = match &self.geography {
            Some((g, points)) => (g, points.clone()),
            None => {
                built = resolve_geography(&raw, &self.origin, &self.base_dir)?;
                (&built.0, built.1.clone())
            }
        };
        let (spec, _) = model::resolve(&raw.model, &self.origin, &self.base_dir, g, points.as_deref())?;
        Ok((spec, raw))
    }
}

/// The geography of `raw`, stored in the precision its `[solver]` asks for.
fn resolve_geography(
    raw: &RawConfig,
    origin: &str,
    base_dir: &std::path::Path,
) -> Result<(Geography, Option<PathBuf>)> {
    let (mut g, _, points) = geography::resolve(&raw.geography, origin, base_dir)?;
    g.trade_costs.set_matrix_precision(matrix_precision(&raw.solver)?);
    Ok((g, points))
}

/// `table` as the raw (typed) configuration; errors name the key and the config.
pub(super) fn raw_config(table: &toml::Table, origin: &str) -> Result<RawConfig> {
    toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e| Error::Config(messages::type_error(origin, "", None, &e)))
}
