//! A configuration varied in some numeric keys: the one family behind `[bifurcate]`
//! ([`super::ModelFamily`]), `[sweep]` ([`super::PointFamily`]), `[calibrate]`
//! ([`super::calibrate::ParameterFamily`]) and `[wiggle]`. The keys are checked once against
//! the typed configuration ([`Tree`]); at each value the typed fields are set and only what
//! they touch is rebuilt: the geography only for a geography key (from the files read at the
//! start), the freeness phi = T^(1 - sigma) only when the geography or sigma changed. No text
//! round trip, no file I/O. The model of the last value is kept (continuation asks for the same
//! parameter several times).

use std::path::PathBuf;
use std::sync::Mutex;

use super::files::SharedFiles;
use super::models::ModelSpec;
use super::tree::Tree;
use super::RunSpec;
use crate::error::{Error, Result};
use crate::geography::Geography;

/// The run's typed configuration varied in `keys`.
pub struct Family {
    tree: Tree,
    keys: Vec<String>,
    origin: String,
    base_dir: PathBuf,
    files: SharedFiles,
    /// The geography and its points file, when no key is a geography key.
    geography: Option<(Geography, Option<PathBuf>)>,
    /// The values and model of the last evaluation.
    last: Mutex<Option<(Vec<f64>, ModelSpec)>>,
}

impl Family {
    /// The family of `spec` over `keys` (dotted, normalised); each must be a numeric setting
    /// present in the configuration, else the error names `field` (e.g. "sweep.axis[2].key").
    pub fn new(spec: &RunSpec, keys: &[String]) -> Result<Family> {
        for key in keys {
            if spec.tree.numeric(key).is_none() {
                return Err(Error::invalid(
                    "key",
                    format!("\"{key}\""),
                    "must be the dotted key of a numeric setting of this config",
                ));
            }
        }
        let varies_geography = keys.iter().any(|k| k.starts_with("geography."));
        let geography = if varies_geography {
            None
        } else {
            Some((spec.geography.clone(), spec.points_file.clone()))
        };
        Ok(Family {
            tree: spec.tree.clone(),
            keys: keys.to_vec(),
            origin: spec.origin.clone(),
            base_dir: spec.base_dir.clone(),
            files: spec.files.clone(),
            geography,
            last: Mutex::new(None),
        })
    }

    /// The keys, in order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Whether `key` holds a whole number.
    pub fn integer(&self, key: &str) -> bool {
        self.tree.numeric(key) == Some(true)
    }

    /// The typed configuration with the keys set to `values` (one per key, in order).
    pub fn tree_at(&self, values: &[f64]) -> Result<Tree> {
        let mut tree = self.tree.clone();
        for (key, v) in self.keys.iter().zip(values) {
            tree.field(key)
                .ok_or_else(|| Error::Config(format!("{key} is not a numeric setting of this config")))?
                .set(key, *v)?;
        }
        Ok(tree)
    }

    /// The validated model at `values` and the typed configuration it was built from.
    pub fn at(&self, values: &[f64]) -> Result<(ModelSpec, Tree)> {
        let tree = self.tree_at(values)?;
        let last = self.last.lock().expect("family cache").clone();
        if let Some((v, model)) = &last {
            if v.as_slice() == values {
                return Ok((model.clone(), tree));
            }
        }
        let model = match &self.geography {
            Some((g, points)) => {
                // The previous model is on the same geography: it lends its freeness when sigma is unchanged.
                let previous = last.as_ref().map(|(_, m)| m);
                tree.model(
                    &self.origin,
                    &self.base_dir,
                    &self.files,
                    g,
                    points.as_deref(),
                    previous,
                )?
            }
            None => {
                let (g, points) = tree.geography(&self.origin, &self.base_dir, &self.files)?;
                tree.model(&self.origin, &self.base_dir, &self.files, &g, points.as_deref(), None)?
            }
        };
        *self.last.lock().expect("family cache") = Some((values.to_vec(), model.clone()));
        Ok((model, tree))
    }
}
