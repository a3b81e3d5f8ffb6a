//! The model registry: every `[model] kind` agglo knows, one file each. A kind parses its
//! `[model]` table into a typed config (a serde type whose `Default` is the textbook values),
//! builds from the resolved geography and the loaded data, and offers capabilities
//! ([`Built`]): the mobile-factor long run, the spatial inversion and counterfactuals, closed
//! forms. Commands ask the built model for a capability; nothing outside this folder lists
//! the models. Adding a model: ARCHITECTURE.md, "Adding a model".

mod allen_arkolakis;
mod arsw;
mod core_periphery;
mod footloose;
mod helpman;
mod mrrh;
mod pfluger;
mod puga_venables;
mod vertical_linkages;

use std::any::Any;
use std::fmt::Debug;
use std::path::Path;
use std::sync::Arc;

use super::fields::Field;
use super::files::SharedFiles;
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::model::arsw::CityModel;
use crate::model::mrrh::CommutingModel;
use crate::model::puga_venables::PugaVenables;
use crate::model::{MobileFactorModel, SpatialModel};
use crate::output::ClosedForm;

/// The kinds, in the order `model.kind` lists them in messages. One line per model.
const REGISTRY: &[&dyn ModelKind] = &[
    &core_periphery::Kind,
    &footloose::Kind,
    &allen_arkolakis::Kind,
    &helpman::Kind,
    &arsw::Kind,
    &pfluger::Kind,
    &vertical_linkages::Kind,
    &puga_venables::Kind,
    &mrrh::Kind,
];

/// The kind used when `[model]` has no `kind`.
pub const DEFAULT_KIND: &str = "core-periphery";

/// A registered model kind.
pub trait ModelKind: Sync {
    /// `model.kind` of this model.
    fn name(&self) -> &'static str;
    /// Parses the `[model]` table (without `kind`); errors name the key.
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>>;
    /// Tables of a config this model does not read, each with why (refused when present).
    fn unused_sections(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
}

/// A parsed `[model]` table: typed values a family can set, and how the model is built.
pub trait ModelConfig: ConfigCopy + Debug + Send + Sync {
    fn kind(&self) -> &'static str;
    /// The numeric setting `name` (the key without `model.`).
    fn field(&mut self, name: &str) -> Option<Field<'_>>;
    /// The validated model on `ctx`'s geography.
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec>;
}

/// What every `[model]` type has from being `Clone + Serialize`, given once for all of
/// them: a boxed copy and the resolved table.
pub trait ConfigCopy {
    fn clone_box(&self) -> Box<dyn ModelConfig>;
    /// The resolved table (defaults filled in), without `kind`.
    fn to_table(&self) -> toml::Table;
}

impl<T: ModelConfig + Clone + serde::Serialize + 'static> ConfigCopy for T {
    fn clone_box(&self) -> Box<dyn ModelConfig> {
        Box::new(self.clone())
    }
    fn to_table(&self) -> toml::Table {
        table_of(self)
    }
}

/// A boxed copy of a built model, given once for every `Clone` one.
pub trait BuiltCopy {
    fn clone_box(&self) -> Box<dyn Built>;
}

impl<T: Built + Clone + 'static> BuiltCopy for T {
    fn clone_box(&self) -> Box<dyn Built> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn ModelConfig> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// What a model is built from: the geography, the data files and where paths are resolved.
pub struct BuildContext<'a> {
    pub origin: &'a str,
    pub base_dir: &'a Path,
    pub geography: &'a Geography,
    /// The points file of a `points` geography (the default data file).
    pub points_file: Option<&'a Path>,
    pub files: &'a SharedFiles,
    /// The model built last by the same family on the same geography (its freeness can be
    /// reused when sigma did not change).
    pub previous: Option<&'a ModelSpec>,
}

/// A built model and the capabilities it offers.
pub trait Built: BuiltCopy + Debug + Send + Sync {
    fn kind(&self) -> &'static str;
    /// The main parameters, e.g. "sigma = 5, mu = 0.4".
    fn parameters(&self) -> String;
    /// Conditions worth a warning.
    fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
    fn as_any(&self) -> &dyn Any;
    /// The mobile-factor long run (stability, continuation), with its shares.
    fn mobile(&self) -> Option<(&dyn MobileFactorModel, &[f64])> {
        None
    }
    fn into_mobile(self: Box<Self>) -> Option<(Box<dyn MobileFactorModel>, Vec<f64>)> {
        None
    }
    /// The quantitative spatial model (inversion, counterfactuals, hat algebra).
    fn spatial(&self) -> Option<&Arc<dyn SpatialModel>> {
        None
    }
    /// Whether bilateral trade shares can be fitted (a gravity model).
    fn has_trade_shares(&self) -> bool {
        false
    }
    /// Two-region closed forms with a statement of the no-black-hole condition.
    fn closed_form(&self, _geography: &Geography) -> Option<(ClosedForm, String)> {
        None
    }
    /// A city of blocks with its own workflow (ARSW): the commands solve, invert and
    /// shock it; its blocks are the locations (no `[geography]`).
    fn city(&self) -> Option<&CityModel> {
        None
    }
    /// Locations linked by commuting with their own workflow (MRRH): the commands solve,
    /// invert and shock it from the data; its locations are the data's (no `[geography]`).
    fn commuting(&self) -> Option<&CommutingModel> {
        None
    }
    /// Several industries whose state is the firms of each industry in each region
    /// (Puga–Venables): their own long run and path along a parameter, with the firm shares
    /// every industry starts from.
    fn industries(&self) -> Option<(&PugaVenables, &[f64])> {
        None
    }
}

/// A validated model ready to solve, as built by its registered kind.
#[derive(Debug)]
pub struct ModelSpec(Box<dyn Built>);

impl Clone for ModelSpec {
    fn clone(&self) -> Self {
        ModelSpec(self.0.clone_box())
    }
}

impl ModelSpec {
    pub fn new(built: impl Built + 'static) -> Self {
        ModelSpec(Box::new(built))
    }

    /// The model as the long run, stability and continuation see it (mobile-factor models).
    pub fn mobile(&self) -> Option<&dyn MobileFactorModel> {
        self.0.mobile().map(|(m, _)| m)
    }

    /// Owned version of [`ModelSpec::mobile`].
    pub fn into_mobile(self) -> Option<Box<dyn MobileFactorModel>> {
        self.0.into_mobile().map(|(m, _)| m)
    }

    /// The mobile-factor model with its shares.
    pub fn into_mobile_with_shares(self) -> Option<(Box<dyn MobileFactorModel>, Vec<f64>)> {
        self.0.into_mobile()
    }

    /// The quantitative spatial model, if this is one.
    pub fn spatial(&self) -> Option<&dyn SpatialModel> {
        self.0.spatial().map(|m| m.as_ref())
    }

    /// The quantitative spatial model, shared.
    pub fn spatial_arc(&self) -> Option<Arc<dyn SpatialModel>> {
        self.0.spatial().cloned()
    }

    /// The city capability, if this is a city of blocks.
    pub fn city(&self) -> Option<&CityModel> {
        self.0.city()
    }

    /// The commuting capability (MRRH), if the model has it.
    pub fn commuting(&self) -> Option<&CommutingModel> {
        self.0.commuting()
    }

    /// The several-industry capability (Puga–Venables), with the starting firm shares.
    pub fn industries(&self) -> Option<(&PugaVenables, &[f64])> {
        self.0.industries()
    }

    /// Whether the model runs its own workflow (a city or commuting locations).
    pub fn own_workflow(&self) -> bool {
        self.city().is_some() || self.commuting().is_some()
    }

    /// Shares of the mobile factor (mobile-factor models).
    pub fn shares(&self) -> Option<&[f64]> {
        self.0.mobile().map(|(_, s)| s)
    }

    /// Whether the model predicts bilateral trade shares.
    pub fn has_trade_shares(&self) -> bool {
        self.0.has_trade_shares()
    }

    /// The config's `model.kind`.
    pub fn kind(&self) -> &'static str {
        self.0.kind()
    }

    /// The kind with its main parameters, e.g. "core-periphery (sigma = 5, mu = 0.4)".
    pub fn describe(&self) -> String {
        format!("{} ({})", self.0.kind(), self.0.parameters())
    }

    /// Conditions worth a warning (no-black-hole; possibly many equilibria).
    pub fn warnings(&self) -> Vec<String> {
        self.0.warnings()
    }

    /// Two-region closed forms, when they apply on `geography`.
    pub fn closed_form(&self, geography: &Geography) -> Option<(ClosedForm, String)> {
        self.0.closed_form(geography)
    }

    /// The model as its own type, e.g. `spec.model.downcast_ref::<CorePeriphery>()`.
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref::<T>()
    }
}

/// The kind named `name`.
pub fn kind(name: &str) -> Result<&'static dyn ModelKind> {
    if let Some(k) = REGISTRY.iter().find(|k| k.name() == name) {
        return Ok(*k);
    }
    let names: Vec<String> = REGISTRY.iter().map(|k| format!("\"{}\"", k.name())).collect();
    Err(Error::invalid(
        "model.kind",
        format!("\"{name}\""),
        format!("one of {}", names.join(", ")),
    ))
}

/// The registered kinds' names.
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|k| k.name()).collect()
}

/// Deserialises a `[model]` table into `T`, naming the key and kind in errors.
pub(super) fn typed<T: serde::de::DeserializeOwned>(table: toml::Table, kind: &str, origin: &str) -> Result<T> {
    super::typed(table, "model", kind, origin)
}

/// `value` as a table (for the resolved config).
pub(super) fn table_of<T: serde::Serialize>(value: &T) -> toml::Table {
    match toml::Value::try_from(value) {
        Ok(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    }
}

/// `model.data` resolved against the config's folder, else the points file.
pub(super) fn data_file(ctx: &BuildContext, data: Option<&str>) -> Option<std::path::PathBuf> {
    data.map(|f| super::resolve_path(ctx.base_dir, f))
        .or_else(|| ctx.points_file.map(Path::to_path_buf))
}
