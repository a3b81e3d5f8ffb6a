//! Writing quantitative spatial models' results: `/fundamentals/{productivity, amenity}` and
//! `/equilibria/<k>/{population, share, wage, price_index, income, welfare}` with the
//! welfare and the uniqueness statement as attributes.

use super::annotate::put;
use super::schema as s;
use super::writer::{h5err, write_f64_attr, write_stats, write_str_attr, write_u64_attr, write_u8_attr, OutputFile};
use crate::error::Result;
use crate::model::{Fundamentals, SpatialEquilibrium, Uniqueness};

impl OutputFile {
    /// `/fundamentals`.
    pub fn write_fundamentals(&self, f: &Fundamentals) -> Result<()> {
        let err = h5err(&self.target);
        let g = self.file().create_group(s::FUNDAMENTALS).map_err(&err)?;
        put(&g, s::PRODUCTIVITY, f.productivity.as_slice()).map_err(&err)?;
        put(&g, s::AMENITY, f.amenity.as_slice()).map_err(&err)?;
        Ok(())
    }

    /// `/equilibria/<k>` of a spatial model.
    pub fn write_spatial(&self, equilibria: &[SpatialEquilibrium], uniqueness: &Uniqueness) -> Result<()> {
        let err = h5err(&self.target);
        let top = self.file().create_group(s::EQUILIBRIA).map_err(&err)?;
        write_str_attr(&top, s::HORIZON, "spatial").map_err(&err)?;
        write_u64_attr(&top, s::COUNT, equilibria.len() as u64).map_err(&err)?;
        write_u8_attr(&top, s::UNIQUE, uniqueness.unique as u8).map_err(&err)?;
        write_str_attr(&top, s::UNIQUENESS, &uniqueness.statement).map_err(&err)?;
        for (k, eq) in equilibria.iter().enumerate() {
            let g = top.create_group(&k.to_string()).map_err(&err)?;
            let total: f64 = eq.population.iter().sum();
            let share: Vec<f64> = eq.population.iter().map(|l| l / total).collect();
            let income: Vec<f64> = eq.population.iter().zip(&eq.wage).map(|(l, w)| l * w).collect();
            for (name, data) in [
                (s::POPULATION, &eq.population[..]),
                (s::SHARE, &share[..]),
                (s::WAGE, &eq.wage[..]),
                (s::PRICE_INDEX, &eq.price_index[..]),
                (s::INCOME, &income[..]),
                (s::WELFARE, &eq.welfare[..]),
            ] {
                put(&g, name, data).map_err(&err)?;
            }
            write_f64_attr(&g, s::WELFARE, eq.welfare.first().copied().unwrap_or(f64::NAN)).map_err(&err)?;
            write_stats(&g, &eq.stats).map_err(&err)?;
        }
        Ok(())
    }
}
