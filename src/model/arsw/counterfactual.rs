//! Counterfactual travel times (ARSW §7: the effects of changes in the transport network),
//! with or without spillovers. With spillovers, productivity and amenities respond to the new
//! employment and residence densities (A = a Upsilon^lambda, B = b Omega^eta); without, A and
//! B are held at their baseline values (the model with lambda = eta = 0 and a = A, b = B of
//! the baseline). Spillover potentials use the new travel times too.
//!
//! Welfare: in a closed city the change in expected utility U'/U (ARSW eq. 10); in an open
//! city utility is fixed and the population changes, H'/H.

use super::{ArswCity, ArswEquilibrium, ArswFundamentals, ArswParams, Closure, Travel};
use crate::error::Result;
use crate::solve::SolverSettings;

/// Whether productivity and amenities respond to the counterfactual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spillovers {
    /// A and B follow the densities (the full model).
    On,
    /// A and B held at the baseline.
    Off,
}

impl Spillovers {
    pub fn name(self) -> &'static str {
        match self {
            Spillovers::On => "with-spillovers",
            Spillovers::Off => "without-spillovers",
        }
    }
}

/// A counterfactual equilibrium and its changes relative to the baseline.
#[derive(Debug, Clone)]
pub struct CounterfactualResult {
    pub spillovers: Spillovers,
    pub equilibrium: ArswEquilibrium,
    /// U' / U (1 in an open city).
    pub welfare_ratio: f64,
    /// H' / H (1 in a closed city).
    pub population_ratio: f64,
    /// Per block: new / baseline.
    pub residents_change: Vec<f64>,
    pub workers_change: Vec<f64>,
    pub wage_change: Vec<f64>,
    pub floor_price_change: Vec<f64>,
}

impl ArswCity {
    /// The city that holds A and B at `baseline`'s values (no spillovers).
    pub fn without_spillovers(&self, baseline: &ArswEquilibrium) -> Result<ArswCity> {
        let params = ArswParams {
            lambda: 0.0,
            eta: 0.0,
            ..self.params
        };
        // lambda and eta do not enter the kernels: they are shared, not rebuilt.
        let city = self.with_fundamentals(ArswFundamentals {
            productivity: baseline.productivity.clone(),
            amenity: baseline.amenity.clone(),
            floor_space: self.fundamentals.floor_space.clone(),
        })?;
        params.validate()?;
        Ok(ArswCity { params, ..city })
    }

    /// The equilibrium with `travel` instead of the city's travel times, from `baseline` (an
    /// equilibrium of this city), with or without spillovers.
    pub fn counterfactual(
        &self,
        baseline: &ArswEquilibrium,
        travel: Travel,
        spillovers: Spillovers,
        settings: &SolverSettings,
    ) -> Result<CounterfactualResult> {
        let city = match spillovers {
            Spillovers::On => self.with_travel(travel)?,
            Spillovers::Off => self.without_spillovers(baseline)?.with_travel(travel)?,
        };
        let e = city.solve(Some(baseline), settings)?;
        let ratio = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x / y).collect::<Vec<f64>>();
        let (welfare_ratio, population_ratio) = match self.closure {
            Closure::Closed { .. } => (e.utility / baseline.utility, 1.0),
            Closure::Open { .. } => (1.0, e.population / baseline.population),
        };
        Ok(CounterfactualResult {
            spillovers,
            welfare_ratio,
            population_ratio,
            residents_change: ratio(&e.residents, &baseline.residents),
            workers_change: ratio(&e.workers, &baseline.workers),
            wage_change: ratio(&e.wage, &baseline.wage),
            floor_price_change: ratio(&e.floor_price, &baseline.floor_price),
            equilibrium: e,
        })
    }
}
