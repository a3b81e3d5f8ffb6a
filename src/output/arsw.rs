//! Writing and summarising an ARSW city's results: `/geography` (ids, coordinates, area)
//! and `/city/{fundamentals, observed, equilibrium, inversion, counterfactual}` (names in
//! [`super::schema`]).

use std::fmt::Write as _;
use std::path::Path;

use hdf5::types::VarLenUnicode;
use ndarray::Array2;

use super::annotate::put;
use super::schema as s;
use super::writer::{h5err, text, write_f64_attr, write_stats, write_str_attr, OutputFile};
use crate::error::{Error, Result};
use crate::model::arsw::{ArswEquilibrium, ArswFundamentals, CityOutcomes, Closure, CounterfactualResult, Observed};

/// Where the blocks are.
#[derive(Debug, Clone)]
pub struct BlockLayout<'a> {
    /// "arsw-grid" or "arsw-blocks".
    pub kind: &'a str,
    pub ids: &'a [String],
    /// km.
    pub coordinates: &'a [[f64; 2]],
    pub area: &'a [f64],
}

fn vectors(g: &hdf5::Group, target: &Path, items: &[(&str, &[f64])]) -> Result<()> {
    let err = h5err(target);
    for (name, data) in items {
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(Error::Numerical(format!("{}/{name}[{i}] is not finite", g.name())));
        }
        put(&g, *name, *data).map_err(&err)?;
    }
    Ok(())
}

/// `/geography` of a city's blocks in `file` (written for `target`): kind, ids, coordinates
/// (km) and areas; no trade costs.
pub(super) fn write_blocks(file: &hdf5::File, target: &Path, layout: &BlockLayout) -> Result<()> {
    let err = h5err(target);
    let geo = file.create_group(s::GEOGRAPHY).map_err(&err)?;
    write_str_attr(&geo, s::KIND, layout.kind).map_err(&err)?;
    let ids: Vec<VarLenUnicode> = layout.ids.iter().map(|i| text(i)).collect();
    put(&geo, s::IDS, ids.as_slice()).map_err(&err)?;
    let c = layout.coordinates;
    let arr = Array2::from_shape_fn((c.len(), 2), |(i, j)| c[i][j]);
    put(&geo, s::COORDINATES, &arr).map_err(&err)?;
    vectors(&geo, target, &[(s::AREA, layout.area)])
}

impl OutputFile {
    /// `/geography` of a city's blocks (sweeps and calibrations of a city).
    pub fn write_blocks(&self, layout: &BlockLayout) -> Result<()> {
        write_blocks(self.file(), &self.target, layout)
    }

    /// `/geography` of the blocks and `/city` with its closure, fundamentals and the data.
    pub fn write_city(
        &self,
        layout: &BlockLayout,
        closure: Closure,
        fundamentals: &ArswFundamentals,
        observed: &Observed,
    ) -> Result<()> {
        let err = h5err(&self.target);
        write_blocks(self.file(), &self.target, layout)?;
        let city = self.file().create_group(s::CITY).map_err(&err)?;
        match closure {
            Closure::Closed { population } => {
                write_str_attr(&city, s::CLOSURE, "closed").map_err(&err)?;
                write_f64_attr(&city, s::TOTAL_POPULATION, population).map_err(&err)?;
            }
            Closure::Open { utility } => {
                write_str_attr(&city, s::CLOSURE, "open").map_err(&err)?;
                write_f64_attr(&city, s::UTILITY, utility).map_err(&err)?;
            }
        }
        let f = city.create_group(s::FUNDAMENTALS).map_err(&err)?;
        vectors(
            &f,
            &self.target,
            &[
                (s::PRODUCTIVITY, &fundamentals.productivity),
                (s::AMENITY, &fundamentals.amenity),
                (s::FLOOR_SPACE, &fundamentals.floor_space),
            ],
        )?;
        let o = city.create_group(s::OBSERVED).map_err(&err)?;
        vectors(
            &o,
            &self.target,
            &[
                (s::RESIDENTS, &observed.residents),
                (s::WORKERS, &observed.workers),
                (s::FLOOR_PRICE, &observed.floor_price),
            ],
        )?;
        Ok(())
    }

    /// `/city/equilibrium` with its outcomes and its distance from the data.
    pub fn write_city_equilibrium(&self, e: &ArswEquilibrium, outcomes: &CityOutcomes, data_error: f64) -> Result<()> {
        let err = h5err(&self.target);
        let city = self.file().group(s::CITY).map_err(&err)?;
        let g = city.create_group(s::EQUILIBRIUM).map_err(&err)?;
        write_equilibrium(&g, &self.target, e, outcomes)?;
        write_f64_attr(&g, s::DATA_ERROR, data_error).map_err(&err)?;
        Ok(())
    }

    /// `/city/inversion` attributes: the round trip's error.
    pub fn write_city_inversion(&self, round_trip_error: f64) -> Result<()> {
        let err = h5err(&self.target);
        let city = self.file().group(s::CITY).map_err(&err)?;
        let g = city.create_group(s::INVERSION).map_err(&err)?;
        write_f64_attr(&g, s::ROUND_TRIP_ERROR, round_trip_error).map_err(&err)?;
        Ok(())
    }

    /// `/city/counterfactual/{with,without}_spillovers`.
    pub fn write_city_counterfactual(&self, shock: &str, results: &[CounterfactualResult]) -> Result<()> {
        let err = h5err(&self.target);
        let city = self.file().group(s::CITY).map_err(&err)?;
        let top = city.create_group(s::COUNTERFACTUAL).map_err(&err)?;
        write_str_attr(&top, s::SHOCK, shock).map_err(&err)?;
        for r in results {
            let name = match r.spillovers {
                crate::model::arsw::Spillovers::On => s::WITH_SPILLOVERS,
                crate::model::arsw::Spillovers::Off => s::WITHOUT_SPILLOVERS,
            };
            let g = top.create_group(name).map_err(&err)?;
            write_equilibrium(&g, &self.target, &r.equilibrium, &r.outcomes)?;
            vectors(
                &g,
                &self.target,
                &[
                    (s::RESIDENTS_CHANGE, &r.residents_change),
                    (s::WORKERS_CHANGE, &r.workers_change),
                    (s::WAGE_CHANGE, &r.wage_change),
                    (s::FLOOR_PRICE_CHANGE, &r.floor_price_change),
                ],
            )?;
            write_f64_attr(&g, s::WELFARE_RATIO, r.welfare_ratio).map_err(&err)?;
            write_f64_attr(&g, s::POPULATION_RATIO, r.population_ratio).map_err(&err)?;
        }
        Ok(())
    }
}

fn write_equilibrium(g: &hdf5::Group, target: &Path, e: &ArswEquilibrium, o: &CityOutcomes) -> Result<()> {
    let err = h5err(target);
    vectors(
        g,
        target,
        &[
            (s::RESIDENTS, &e.residents),
            (s::WORKERS, &e.workers),
            (s::WAGE, &e.wage),
            (s::FLOOR_PRICE, &e.floor_price),
            (s::RESIDENT_INCOME, &e.resident_income),
            (s::PRODUCTIVITY, &e.productivity),
            (s::AMENITY, &e.amenity),
            (s::COMMERCIAL_SHARE, &o.commercial_share),
            (s::COMMUTING_TIME, &o.commuting_minutes),
        ],
    )?;
    write_f64_attr(g, s::UTILITY, e.utility).map_err(&err)?;
    write_f64_attr(g, s::TOTAL_POPULATION, e.population).map_err(&err)?;
    write_f64_attr(g, s::GDP, o.gdp).map_err(&err)?;
    write_f64_attr(g, s::LAND_RENT, o.land_rent).map_err(&err)?;
    write_f64_attr(g, s::MEAN_FLOOR_PRICE, o.mean_floor_price).map_err(&err)?;
    write_f64_attr(g, s::MEAN_COMMUTING_TIME, o.commuting_time).map_err(&err)?;
    write_stats(g, &e.stats).map_err(&err)?;
    Ok(())
}

fn attr_f64(loc: &hdf5::Location, name: &str) -> f64 {
    loc.attr(name).and_then(|a| a.read_scalar::<f64>()).unwrap_or(f64::NAN)
}

fn attr_str(loc: &hdf5::Location, name: &str) -> String {
    loc.attr(name)
        .and_then(|a| a.read_scalar::<VarLenUnicode>())
        .map(|v| v.as_str().to_string())
        .unwrap_or_default()
}

fn describe_equilibrium(out: &mut String, label: &str, g: &hdf5::Group) {
    let _ = writeln!(
        out,
        "  {label:<22} utility {:.10}, population {:.6}, {} iterations, residual {:.2e} ({})",
        attr_f64(g, s::UTILITY),
        attr_f64(g, s::TOTAL_POPULATION),
        g.attr(s::ITERATIONS).and_then(|a| a.read_scalar::<u64>()).unwrap_or(0),
        attr_f64(g, s::RESIDUAL),
        attr_str(g, s::SOLVER),
    );
    if g.attr(s::GDP).is_ok() {
        let _ = writeln!(
            out,
            "  {:<22} GDP {:.6e}, land rent {:.6e}, mean floor price {:.6e}, mean commute {:.4} min",
            "",
            attr_f64(g, s::GDP),
            attr_f64(g, s::LAND_RENT),
            attr_f64(g, s::MEAN_FLOOR_PRICE),
            attr_f64(g, s::MEAN_COMMUTING_TIME),
        );
    }
}

/// The `agglo inspect` lines of `/city`.
pub fn summary(file: &hdf5::File) -> String {
    let mut out = String::new();
    let Ok(city) = file.group(s::CITY) else {
        return out;
    };
    let _ = writeln!(out, "arsw city ({} city)", attr_str(&city, s::CLOSURE));
    if let Ok(inv) = city.group(s::INVERSION) {
        let _ = writeln!(
            out,
            "  inversion round trip: max relative error {:.2e}",
            attr_f64(&inv, s::ROUND_TRIP_ERROR)
        );
    }
    if let Ok(g) = city.group(s::EQUILIBRIUM) {
        let _ = writeln!(out, "arsw equilibria: 1");
        describe_equilibrium(&mut out, "equilibrium", &g);
        let _ = writeln!(
            out,
            "  max relative distance from the data {:.2e}",
            attr_f64(&g, s::DATA_ERROR)
        );
    }
    if let Ok(cf) = city.group(s::COUNTERFACTUAL) {
        let _ = writeln!(out, "counterfactual: {}", attr_str(&cf, s::SHOCK));
        for name in [s::WITH_SPILLOVERS, s::WITHOUT_SPILLOVERS] {
            if let Ok(g) = cf.group(name) {
                describe_equilibrium(&mut out, name, &g);
                let _ = writeln!(
                    out,
                    "  {:<22} welfare ratio {:.10}, population ratio {:.10}",
                    "",
                    attr_f64(&g, s::WELFARE_RATIO),
                    attr_f64(&g, s::POPULATION_RATIO)
                );
            }
        }
    }
    out
}
