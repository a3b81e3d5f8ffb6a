//! Writing and summarising an MRRH model's results: `/mrrh` with the ids, the recovered
//! fundamentals, the observed data, the equilibrium and a counterfactual in levels and by
//! hat algebra (names and descriptions in [`super::schema`]).

use std::fmt::Write as _;

use hdf5::types::VarLenUnicode;

use super::annotate::put;
use super::reader::{attr_f64, attr_string, attr_u64};
use super::schema as s;
use super::writer::{h5err, text, write_f64_attr, write_stats, write_str_attr, OutputFile};
use crate::error::{Error, Result};
use crate::model::mrrh::{Mrrh, MrrhData, MrrhEquilibrium};

fn vectors(g: &hdf5::Group, target: &std::path::Path, items: &[(&str, &[f64])]) -> Result<()> {
    let err = h5err(target);
    for (name, data) in items {
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(Error::Numerical(format!("{}/{name}[{i}] is not finite", g.name())));
        }
        put(g, name, *data).map_err(&err)?;
    }
    Ok(())
}

fn equilibrium(g: &hdf5::Group, target: &std::path::Path, e: &MrrhEquilibrium) -> Result<()> {
    let err = h5err(target);
    vectors(
        g,
        target,
        &[
            (s::WAGE, &e.wage),
            (s::WORKERS, &e.workers),
            (s::RESIDENTS, &e.residents),
            (s::PRICE_INDEX, &e.price),
            (s::LAND_PRICE, &e.land_price),
            (s::RESIDENT_INCOME, &e.residential_income),
        ],
    )?;
    write_f64_attr(g, s::WELFARE, e.welfare).map_err(&err)?;
    write_stats(g, &e.stats).map_err(&err)
}

/// `/geography` of commuting locations: kind "mrrh" and their ids (sweeps and calibrations).
pub(super) fn write_locations(file: &hdf5::File, target: &std::path::Path, ids: &[String]) -> Result<()> {
    let err = h5err(target);
    let geo = file.create_group(s::GEOGRAPHY).map_err(&err)?;
    write_str_attr(&geo, s::KIND, "mrrh").map_err(&err)?;
    let ids: Vec<VarLenUnicode> = ids.iter().map(|i| text(i)).collect();
    put(&geo, s::IDS, ids.as_slice()).map_err(&err)?;
    Ok(())
}

impl OutputFile {
    /// `/geography` of commuting locations (sweeps and calibrations of an MRRH model).
    pub fn write_locations(&self, ids: &[String]) -> Result<()> {
        write_locations(self.file(), &self.target, ids)
    }

    /// `/mrrh` with ids, the round trip, fundamentals, observed data and the equilibrium.
    pub fn write_mrrh(
        &self,
        data: &MrrhData,
        model: &Mrrh,
        e: &MrrhEquilibrium,
        round_trip: Option<f64>,
    ) -> Result<()> {
        let err = h5err(&self.target);
        let top = self.file().create_group(s::MRRH).map_err(&err)?;
        let ids: Vec<VarLenUnicode> = data.ids.iter().map(|i| text(i)).collect();
        put(&top, s::IDS, ids.as_slice()).map_err(&err)?;
        if let Some(r) = round_trip {
            write_f64_attr(&top, s::ROUND_TRIP_ERROR, r).map_err(&err)?;
        }
        let f = top.create_group(s::FUNDAMENTALS).map_err(&err)?;
        vectors(
            &f,
            &self.target,
            &[(s::PRODUCTIVITY, &model.productivity), (s::LAND, &model.land)],
        )?;
        let o = top.create_group(s::OBSERVED).map_err(&err)?;
        let obs = &data.observed;
        vectors(
            &o,
            &self.target,
            &[
                (s::WORKERS, &obs.workers),
                (s::RESIDENTS, &obs.residents),
                (s::WAGE, &obs.wage),
            ],
        )?;
        let g = top.create_group(s::EQUILIBRIUM).map_err(&err)?;
        equilibrium(&g, &self.target, e)
    }

    /// `/mrrh/counterfactual` with `levels` and `hat`.
    pub fn write_mrrh_counterfactual(
        &self,
        shock: &str,
        welfare_ratio: f64,
        difference: f64,
        levels: &MrrhEquilibrium,
        hat: &MrrhEquilibrium,
    ) -> Result<()> {
        let err = h5err(&self.target);
        let top = self.file().group(s::MRRH).map_err(&err)?;
        let c = top.create_group(s::COUNTERFACTUAL).map_err(&err)?;
        write_str_attr(&c, s::SHOCK, shock).map_err(&err)?;
        write_f64_attr(&c, s::WELFARE_RATIO, welfare_ratio).map_err(&err)?;
        write_f64_attr(&c, s::LEVELS_VS_HAT, difference).map_err(&err)?;
        for (name, e) in [(s::LEVELS, levels), (s::HAT, hat)] {
            let g = c.create_group(name).map_err(&err)?;
            equilibrium(&g, &self.target, e)?;
        }
        Ok(())
    }
}

/// `agglo inspect`'s lines for `/mrrh`.
pub fn summary(file: &hdf5::File) -> String {
    let mut out = String::new();
    let Ok(top) = file.group(s::MRRH) else {
        return out;
    };
    let n = top.dataset(s::IDS).map(|d| d.size()).unwrap_or(0);
    let _ = writeln!(out, "mrrh: {n} locations");
    if let Some(r) = attr_f64(&top, s::ROUND_TRIP_ERROR) {
        let _ = writeln!(out, "  inversion round trip: max relative error {r:.2e}");
    }
    if let Ok(g) = top.group(s::EQUILIBRIUM) {
        let _ = writeln!(out, "mrrh equilibria: 1");
        let _ = writeln!(
            out,
            "  equilibrium: welfare {:.10}, {} iterations",
            attr_f64(&g, s::WELFARE).unwrap_or(f64::NAN),
            attr_u64(&g, s::ITERATIONS).unwrap_or(0)
        );
    }
    if let Ok(c) = top.group(s::COUNTERFACTUAL) {
        let _ = writeln!(
            out,
            "counterfactual: {}; welfare ratio {:.10}; levels vs hat {:.2e}",
            attr_string(&c, s::SHOCK).unwrap_or_default(),
            attr_f64(&c, s::WELFARE_RATIO).unwrap_or(f64::NAN),
            attr_f64(&c, s::LEVELS_VS_HAT).unwrap_or(f64::NAN)
        );
    }
    out
}
