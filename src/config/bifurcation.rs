//! `[bifurcate]` into continuation options, and the model family p -> model that
//! continuation needs: the configuration rebuilt with the parameter's key set to p.

use super::family::Family;
use super::RunSpec;
use crate::continuation::Options;
use crate::error::{Error, Result};
use crate::geography::Structure;
use std::sync::Arc;

use crate::model::puga_venables::PugaVenables;
use crate::model::{MobileFactorModel, SpatialModel};

/// A checked `[bifurcate]` table.
#[derive(Debug, Clone)]
pub struct Bifurcation {
    /// Dotted key of the parameter.
    pub parameter: String,
    pub options: Options,
}

/// Checks `[bifurcate]` against the resolved configuration.
pub fn bifurcation(spec: &RunSpec) -> Result<Bifurcation> {
    checked(spec).map_err(|e| super::with_origin(e, &spec.origin))
}

fn checked(spec: &RunSpec) -> Result<Bifurcation> {
    let b = &spec.bifurcate;
    let key = b.parameter.replace('_', "-");
    if spec.tree.numeric(&key).is_none() {
        return Err(Error::invalid(
            "bifurcate.parameter",
            format!("\"{}\"", b.parameter),
            "must be the dotted key of a numeric setting of this config, e.g. \"geography.trade-cost\" or \"model.mu\"",
        ));
    }
    for (name, v) in [("bifurcate.from", b.from), ("bifurcate.to", b.to)] {
        if !v.is_finite() {
            return Err(Error::invalid(name, v, "must be finite"));
        }
    }
    if b.from == b.to {
        return Err(Error::invalid("bifurcate.to", b.to, "must differ from bifurcate.from"));
    }
    if !(b.step > 0.0 && b.step <= 1.0) {
        return Err(Error::invalid(
            "bifurcate.step",
            b.step,
            "must be in (0, 1] (a fraction of |to - from|)",
        ));
    }
    if !(b.max_step >= b.step && b.max_step <= 1.0) {
        return Err(Error::invalid("bifurcate.max-step", b.max_step, "must be in [step, 1]"));
    }
    if b.max_points < 2 || b.max_branches < 1 {
        return Err(Error::Config(
            "bifurcate.max-points must be >= 2 and bifurcate.max-branches >= 1".into(),
        ));
    }
    if !(b.max_relative_step > 0.0 && b.max_relative_step <= 1.0) {
        return Err(Error::invalid(
            "bifurcate.max-relative-step",
            b.max_relative_step,
            "must be in (0, 1] (a fraction of max(|p|, 1))",
        ));
    }
    let log_scale = match b.scale.as_str() {
        "linear" => false,
        "log" => true,
        other => {
            return Err(Error::invalid(
                "bifurcate.scale",
                format!("\"{other}\""),
                "must be \"linear\" or \"log\"",
            ))
        }
    };
    if log_scale {
        for (name, v) in [("bifurcate.from", b.from), ("bifurcate.to", b.to)] {
            if v <= 0.0 {
                return Err(Error::invalid(name, v, "must be > 0 with bifurcate.scale = \"log\""));
            }
        }
    }
    let options = Options {
        from: b.from,
        to: b.to,
        initial_step: b.step,
        max_step: b.max_step,
        max_points: b.max_points,
        max_branches: b.max_branches,
        switch_at_branch_points: b.switch_at_branch_points,
        max_relative_step: b.max_relative_step,
        log_scale,
        circulant: spec.geography.trade_costs.structure() == Structure::Circulant,
        start: spec.model.shares().map(<[f64]>::to_vec),
        ..Options::default()
    };
    Ok(Bifurcation {
        parameter: key,
        options,
    })
}

/// The model at parameter value p: the typed configuration with `key` set to p
/// ([`Family`]; the geography is rebuilt only for a geography key).
pub struct ModelFamily {
    family: Family,
}

impl ModelFamily {
    pub fn new(spec: &RunSpec, key: &str) -> Result<Self> {
        let family = Family::new(spec, &[key.to_string()]).map_err(|e| match e {
            Error::InvalidParameter { value, allowed, .. } => Error::InvalidParameter {
                key: "bifurcate.parameter".into(),
                value,
                allowed,
            },
            other => other,
        })?;
        Ok(ModelFamily { family })
    }

    /// The validated spatial model at `p` (Allen–Arkolakis, Helpman).
    pub fn spatial_at(&self, p: f64) -> Result<Arc<dyn SpatialModel>> {
        let (spec, _) = self.family.at(&[p])?;
        spec.spatial_arc()
            .ok_or_else(|| Error::Config("expected a spatial model (allen-arkolakis, helpman)".into()))
    }

    /// The validated several-industry model at `p` (Puga–Venables).
    pub fn industries_at(&self, p: f64) -> Result<PugaVenables> {
        let (spec, _) = self.family.at(&[p])?;
        spec.industries()
            .map(|(m, _)| m.clone())
            .ok_or_else(|| Error::Config("expected a several-industry model (puga-venables)".into()))
    }

    /// The validated model at `p`; errors name the parameter's key and value.
    pub fn at(&self, p: f64) -> Result<Box<dyn MobileFactorModel>> {
        let (spec, _) = self.family.at(&[p])?;
        spec.into_mobile().ok_or_else(|| {
            Error::Config(
                "agglo bifurcate needs a model with a mobile factor (core-periphery, footloose-entrepreneur)".into(),
            )
        })
    }
}
