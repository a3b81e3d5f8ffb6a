//! Counterfactuals (ARSW §7): new travel times (changes in the transport network) and
//! shocks to the fundamentals, productivity a and amenity b multiplied by per-block factors
//! (a block with a = 0 or b = 0 keeps it), with or without spillovers. With spillovers,
//! productivity and amenities respond to the new employment and residence densities
//! (A = a Upsilon^lambda, B = b Omega^eta); without, A and B are held at their baseline
//! values times the shock's factors (the model with lambda = eta = 0 and a = A, b = B of the
//! baseline). Spillover potentials use the new travel times too.
//!
//! Welfare: in a closed city the change in expected utility U'/U (ARSW eq. 10); in an open
//! city utility is fixed and the population changes, H'/H. Per-block changes are new /
//! baseline, and 1 where both are 0 (the residents of a commercial-only block, the workers
//! and wage of a residential-only block).

use super::{ArswCity, ArswEquilibrium, ArswFundamentals, ArswParams, CityOutcomes, Closure, Travel};
use crate::error::{Error, Result};
use crate::solve::SolverSettings;

/// What a counterfactual changes: travel times and factors on the fundamentals (`None`:
/// unchanged).
#[derive(Debug, Clone, Default)]
pub struct CityShock {
    pub travel: Option<Travel>,
    /// a_i x factor_i (finite, > 0).
    pub productivity: Option<Vec<f64>>,
    /// b_n x factor_n (finite, > 0).
    pub amenity: Option<Vec<f64>>,
}

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
    /// Commercial shares, commuting times, GDP and land rent of the new equilibrium (with
    /// the new travel times).
    pub outcomes: CityOutcomes,
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
        let shock = CityShock {
            travel: Some(travel),
            ..Default::default()
        };
        self.counterfactual_with(baseline, &shock, spillovers, settings)
    }

    /// The equilibrium after `shock`, from `baseline` (an equilibrium of this city), with or
    /// without spillovers.
    pub fn counterfactual_with(
        &self,
        baseline: &ArswEquilibrium,
        shock: &CityShock,
        spillovers: Spillovers,
        settings: &SolverSettings,
    ) -> Result<CounterfactualResult> {
        let mut city = match spillovers {
            Spillovers::On => self.clone(),
            Spillovers::Off => self.without_spillovers(baseline)?,
        };
        if shock.productivity.is_some() || shock.amenity.is_some() {
            let n = self.blocks();
            let scaled = |v: &[f64], by: &Option<Vec<f64>>, key: &str| -> Result<Vec<f64>> {
                let Some(factors) = by else { return Ok(v.to_vec()) };
                if factors.len() != n || factors.iter().any(|f| !(f.is_finite() && *f > 0.0)) {
                    return Err(Error::invalid(
                        key,
                        format!("{} factors", factors.len()),
                        format!("one finite factor > 0 per block ({n})"),
                    ));
                }
                Ok(v.iter().zip(factors).map(|(x, f)| x * f).collect())
            };
            let f = city.fundamentals();
            city = city.with_fundamentals(ArswFundamentals {
                productivity: scaled(&f.productivity, &shock.productivity, "counterfactual.productivity")?,
                amenity: scaled(&f.amenity, &shock.amenity, "counterfactual.amenity")?,
                floor_space: f.floor_space.clone(),
            })?;
        }
        if let Some(travel) = &shock.travel {
            city = city.with_travel(travel.clone())?;
        }
        let e = city.solve(Some(baseline), settings)?;
        let outcomes = city.outcomes(&e);
        let ratio = |a: &[f64], b: &[f64]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| if *x == 0.0 && *y == 0.0 { 1.0 } else { x / y })
                .collect::<Vec<f64>>()
        };
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
            outcomes,
            equilibrium: e,
        })
    }
}
