//! The typed, resolved configuration: `[model]` as its registered kind's typed table,
//! `[geography]` by kind, `[solver]` and `[solve]`, with the files they name read once
//! ([`Files`]). Parsed and defaulted once; a family sets numeric values on it
//! ([`Tree::field`]) and builds again without text or file I/O.

use std::path::{Path, PathBuf};

use super::fields::{Field, NumericFields};
use super::files::SharedFiles;
use super::geography::GeographyConfig;
use super::models::{self, BuildContext, ModelConfig, ModelSpec};
use super::raw::{RawConfig, RawSolve, RawSolver};
use super::{matrix_precision, split_kind};
use crate::error::Result;
use crate::geography::Geography;

/// The typed configuration a run and its families build from.
#[derive(Debug, Clone)]
pub struct Tree {
    pub model: Box<dyn ModelConfig>,
    pub geography: GeographyConfig,
    pub solver: RawSolver,
    pub solve: RawSolve,
}

impl Tree {
    /// Types the `[model]` and `[geography]` tables of `raw` by their kinds.
    pub fn parse(raw: &RawConfig, origin: &str) -> Result<Tree> {
        let (kind, rest) = split_kind(&raw.model, "model", origin, models::DEFAULT_KIND)?;
        let model = models::kind(&kind)?.parse(rest, origin)?;
        Ok(Tree {
            model,
            geography: GeographyConfig::parse(&raw.geography, origin)?,
            solver: raw.solver.clone(),
            solve: raw.solve.clone(),
        })
    }

    /// The numeric setting at dotted `key` (e.g. "model.sigma", "geography.trade-cost").
    pub fn field(&mut self, key: &str) -> Option<Field<'_>> {
        let (section, name) = key.split_once('.')?;
        match section {
            "model" => self.model.field(name),
            "geography" => self.geography.field(name),
            "solver" => self.solver.field(name),
            "solve" => self.solve.field(name),
            _ => None,
        }
    }

    /// Whether `key` is a numeric setting present in this configuration, and whether it
    /// holds a whole number.
    pub fn numeric(&self, key: &str) -> Option<bool> {
        let mut copy = self.clone();
        let field = copy.field(key)?;
        field.present().then(|| field.integer())
    }

    /// The `[model]` table resolved, its kind first.
    pub fn model_table(&self) -> toml::Table {
        let mut t = toml::Table::new();
        t.insert("kind".into(), toml::Value::String(self.model.kind().into()));
        t.extend(self.model.to_table());
        t
    }

    /// The geography in the precision `[solver]` asks for, and its points file.
    pub fn geography(
        &self,
        origin: &str,
        base_dir: &Path,
        files: &SharedFiles,
    ) -> Result<(Geography, Option<PathBuf>)> {
        let mut g = self.geography.build(origin, base_dir, files)?;
        g.trade_costs.set_matrix_precision(matrix_precision(&self.solver)?);
        Ok((g, self.geography.points_file(base_dir)))
    }

    /// The model on `geography`; `previous` (built on the same geography) may lend its freeness.
    pub fn model(
        &self,
        origin: &str,
        base_dir: &Path,
        files: &SharedFiles,
        geography: &Geography,
        points_file: Option<&Path>,
        previous: Option<&ModelSpec>,
    ) -> Result<ModelSpec> {
        self.model.build(&BuildContext {
            origin,
            base_dir,
            geography,
            points_file,
            files,
            previous,
        })
    }
}
