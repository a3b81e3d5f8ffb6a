//! Writing a several-industry model's path: `/industries` with the industries' parameters,
//! the equilibria on the grid and `/industries/steps`, the located changes of the occupied
//! cells (names and descriptions in [`super::schema`]).

use std::fmt::Write as _;

use hdf5::types::VarLenUnicode;
use ndarray::{Array1, Array2, Array3};

use super::annotate::put;
use super::schema as s;
use super::writer::{h5err, text, write_str_attr, OutputFile};
use crate::error::{Error, Result};
use crate::model::puga_venables::{IndustryPath, PugaVenables};

/// Refuses a non-finite value in a dataset that must be finite.
fn finite(name: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(Error::Numerical(format!("/industries/{name}[{i}] is not finite"))),
        None => Ok(()),
    }
}

impl OutputFile {
    /// `/industries`: the path of `model`'s family along `parameter_name`.
    pub fn write_industries(&self, model: &PugaVenables, parameter_name: &str, path: &IndustryPath) -> Result<()> {
        let err = h5err(&self.target);
        let (p, j, n) = (path.parameter.len(), model.industries(), model.regions());
        let top = self.file().create_group(s::INDUSTRIES).map_err(&err)?;
        write_str_attr(&top, s::PARAMETER_NAME, parameter_name).map_err(&err)?;
        let industries = &model.params().industries;
        for (name, values) in [
            (s::SIGMA, industries.iter().map(|i| i.sigma).collect::<Vec<_>>()),
            (s::MU, industries.iter().map(|i| i.mu).collect()),
            (s::ALPHA, industries.iter().map(|i| i.alpha).collect()),
        ] {
            put(&top, name, values.as_slice()).map_err(&err)?;
        }
        let cells = |f: &dyn Fn(usize) -> Vec<f64>| -> Vec<f64> { (0..p).flat_map(f).collect() };
        let firms = cells(&|k| path.equilibria[k].firms.clone());
        let shares = cells(&|k| path.equilibria[k].shares(n));
        let prices = cells(&|k| path.equilibria[k].price_index.clone());
        let wage = cells(&|k| path.equilibria[k].wage.clone());
        let residual: Vec<f64> = path.equilibria.iter().map(|e| e.residual).collect();
        for (name, values) in [
            (s::PARAMETER, &path.parameter),
            (s::FIRMS, &firms),
            (s::INDUSTRY_SHARE, &shares),
            (s::PRICE_INDEX, &prices),
            (s::WAGE, &wage),
            (s::RESIDUAL, &residual),
        ] {
            finite(name, values)?;
        }
        put(&top, s::PARAMETER, path.parameter.as_slice()).map_err(&err)?;
        let cube = |v: Vec<f64>| Array3::from_shape_vec((p, j, n), v).expect("P x J x N values");
        put(&top, s::FIRMS, &cube(firms)).map_err(&err)?;
        put(&top, s::INDUSTRY_SHARE, &cube(shares)).map_err(&err)?;
        put(&top, s::PRICE_INDEX, &cube(prices)).map_err(&err)?;
        put(&top, s::WAGE, &Array2::from_shape_vec((p, n), wage).expect("P x N")).map_err(&err)?;
        let present: Vec<u64> = path
            .equilibria
            .iter()
            .flat_map(|e| (0..n).map(move |r| e.industries_in(r, n) as u64))
            .collect();
        put(
            &top,
            s::PRESENT,
            &Array2::from_shape_vec((p, n), present).expect("P x N"),
        )
        .map_err(&err)?;
        let unstable: Vec<u64> = path.equilibria.iter().map(|e| e.n_unstable as u64).collect();
        put(&top, s::N_UNSTABLE, unstable.as_slice()).map_err(&err)?;
        put(&top, s::RESIDUAL, residual.as_slice()).map_err(&err)?;

        let steps = top.create_group(s::STEPS).map_err(&err)?;
        let kinds: Vec<VarLenUnicode> = path.steps.iter().map(|t| text(t.kind.name())).collect();
        put(&steps, s::KIND, kinds.as_slice()).map_err(&err)?;
        let ints = |f: &dyn Fn(&crate::model::puga_venables::StepPoint) -> usize| -> Array1<u64> {
            path.steps.iter().map(|t| f(t) as u64 + 1).collect()
        };
        put(&steps, s::INDUSTRY, &ints(&|t| t.industry)).map_err(&err)?;
        put(&steps, s::REGION, &ints(&|t| t.region)).map_err(&err)?;
        let reals = |f: &dyn Fn(&crate::model::puga_venables::StepPoint) -> f64| -> Array1<f64> {
            path.steps.iter().map(f).collect()
        };
        put(&steps, s::PARAMETER, &reals(&|t| t.parameter)).map_err(&err)?;
        put(&steps, s::BRACKET_LOW, &reals(&|t| t.bracket_low)).map_err(&err)?;
        put(&steps, s::BRACKET_HIGH, &reals(&|t| t.bracket_high)).map_err(&err)?;
        put(&steps, s::VALUE_LOW, &reals(&|t| t.value_low)).map_err(&err)?;
        put(&steps, s::VALUE_HIGH, &reals(&|t| t.value_high)).map_err(&err)?;
        Ok(())
    }
}

/// What `agglo inspect` prints for `/industries`: the grid, its equilibria and each step point.
pub(super) fn summary(file: &hdf5::File) -> String {
    let mut out = String::new();
    let Ok(g) = file.group(s::INDUSTRIES) else {
        return out;
    };
    let name = super::reader::attr_string(&g, s::PARAMETER_NAME).unwrap_or_default();
    let read = |g: &hdf5::Group, n: &str| -> Vec<f64> { g.dataset(n).and_then(|d| d.read_raw()).unwrap_or_default() };
    let p = read(&g, s::PARAMETER);
    let unstable: Vec<u64> = g.dataset(s::N_UNSTABLE).and_then(|d| d.read_raw()).unwrap_or_default();
    let _ = writeln!(
        out,
        "several-industry equilibria along {name}: {} ({} unstable), from {} to {}",
        p.len(),
        unstable.iter().filter(|u| **u > 0).count(),
        p.first().copied().unwrap_or(f64::NAN),
        p.last().copied().unwrap_or(f64::NAN)
    );
    if let Ok(st) = g.group(s::STEPS) {
        let kinds: Vec<VarLenUnicode> = st.dataset(s::KIND).and_then(|d| d.read_raw()).unwrap_or_default();
        let ints = |n: &str| -> Vec<u64> { st.dataset(n).and_then(|d| d.read_raw()).unwrap_or_default() };
        let (industry, region, at) = (ints(s::INDUSTRY), ints(s::REGION), read(&st, s::PARAMETER));
        for k in 0..kinds.len().min(industry.len()).min(region.len()).min(at.len()) {
            let _ = writeln!(
                out,
                "  {} of industry {} in region {} at {name} = {:.10}",
                kinds[k].as_str(),
                industry[k],
                region[k],
                at[k]
            );
        }
    }
    out
}
