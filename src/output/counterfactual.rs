//! Writing the spatial workflow's checks and counterfactuals: `/inversion` (fit attributes)
//! and `/counterfactual/{levels,hat}/{population, wage, welfare}` with the welfare ratios.

use super::annotate::put;
use super::schema as s;
use super::writer::{h5err, write_f64_attr, write_stats, write_str_attr, OutputFile};
use crate::error::Result;
use crate::model::SpatialEquilibrium;

impl OutputFile {
    /// `/inversion` attributes: the forward solve's max relative errors.
    pub fn write_fit(&self, population_error: f64, wage_error: f64) -> Result<()> {
        let err = h5err(&self.target);
        let g = self.file().create_group(s::INVERSION).map_err(&err)?;
        write_f64_attr(&g, s::POPULATION_ERROR, population_error).map_err(&err)?;
        write_f64_attr(&g, s::WAGE_ERROR, wage_error).map_err(&err)?;
        Ok(())
    }

    /// `/counterfactual`: both methods' equilibria, changes relative to the baseline, and
    /// the welfare ratios as attributes.
    pub fn write_counterfactual(
        &self,
        baseline: &SpatialEquilibrium,
        levels: &SpatialEquilibrium,
        hat: &SpatialEquilibrium,
        description: &[String],
    ) -> Result<()> {
        let err = h5err(&self.target);
        let top = self.file().create_group(s::COUNTERFACTUAL).map_err(&err)?;
        write_str_attr(&top, s::SHOCK, &description.join("; ")).map_err(&err)?;
        for (name, eq) in [(s::LEVELS, levels), (s::HAT, hat)] {
            let g = top.create_group(name).map_err(&err)?;
            let population_change: Vec<f64> = eq
                .population
                .iter()
                .zip(&baseline.population)
                .map(|(a, b)| a / b)
                .collect();
            let wage_change: Vec<f64> = eq.wage.iter().zip(&baseline.wage).map(|(a, b)| a / b).collect();
            for (dataset, data) in [
                (s::POPULATION, &eq.population[..]),
                (s::WAGE, &eq.wage[..]),
                (s::WELFARE, &eq.welfare[..]),
                (s::POPULATION_CHANGE, &population_change[..]),
                (s::WAGE_CHANGE, &wage_change[..]),
            ] {
                put(&g, dataset, data).map_err(&err)?;
            }
            write_f64_attr(&g, s::WELFARE_RATIO, eq.welfare[0] / baseline.welfare[0]).map_err(&err)?;
            write_stats(&g, &eq.stats).map_err(&err)?;
        }
        Ok(())
    }
}
