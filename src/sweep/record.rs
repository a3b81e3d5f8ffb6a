//! What a sweep keeps of each point: the quantities of `[sweep] record` and how each is
//! defined, and [`PointResult`], one point's row.
//!
//! For mobile-factor models in the long run, most quantities describe one equilibrium, the
//! **reached** one: the equilibrium the migration dynamics settle in from the start shares
//! (`model.shares`, uniform by default), as defined once in [`crate::long_run::reached`]
//! and shared with the moments target of calibration.
//!
//! A city (the ARSW capability) records its blocks' residents, workers, wages, floor prices
//! and commercial shares, and the city-wide statistics of `model::arsw::CityStatistic`
//! (utility, population, mean floor price, GDP, land rent, mean commuting time) of the
//! equilibrium from the uniform start with the fundamentals recovered at the configured
//! parameters (`model::arsw::setup`). Locations linked by commuting (MRRH) record, the same
//! way, their residents, workers, wages, price indices and land prices and the statistics of
//! `model::mrrh::CommutingStatistic` (expected utility, the share of workers commuting out of
//! their location, the welfare change of the configured `[counterfactual]`).
//!
//! Counts (`n_equilibria`, `n_stable`) and the Herfindahl index are stored as f64 like
//! everything else, so that NaN can mark a point that failed (its `converged` is 0) and
//! +inf a continuum of equilibria (every split an equilibrium, as at T = 1).

pub use super::quantity::{Kind, Quantity};
use crate::error::Error;
pub use crate::long_run::reached::reached;
use crate::long_run::{Equilibrium, SearchOptions};
use crate::model::arsw::{ArswEquilibrium, CityOutcomes};
use crate::model::mrrh::{Mrrh, MrrhEquilibrium};
use crate::model::{MobileFactorModel, RegionOutcomes, SpatialEquilibrium};
use crate::solve::SolverSettings;

/// One point's row: the recorded values (quantities in record order, each [`Quantity::width`]
/// long), and how the solve went.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    pub values: Vec<f64>,
    /// Every equilibrium that contributed met the tolerance (and, in the long run, one was reached).
    pub converged: bool,
    /// Long run: the largest residual of the equilibria found; otherwise the solve's.
    pub residual: f64,
    /// Long run: iterations summed over the equilibria found; otherwise the solve's.
    pub iterations: u64,
}

impl PointResult {
    /// A point that failed: NaN values, `converged` 0, the iterations and residual of a
    /// `NotConverged` error (0 and NaN otherwise).
    pub fn failed(record: &[Quantity], n: usize, error: &Error) -> PointResult {
        let width: usize = record.iter().map(|q| q.width(n)).sum();
        let (iterations, residual) = match error {
            Error::NotConverged {
                iterations, residual, ..
            } => (*iterations as u64, *residual),
            _ => (0, f64::NAN),
        };
        PointResult {
            values: vec![f64::NAN; width],
            converged: false,
            residual,
            iterations,
        }
    }
}

fn herfindahl(shares: &[f64]) -> f64 {
    shares.iter().map(|x| x * x).sum()
}

/// Values of a mobile-factor model's quantities at one state.
fn push_mobile(values: &mut Vec<f64>, q: Quantity, shares: &[f64], o: &RegionOutcomes, counts: (f64, f64)) {
    match q {
        Quantity::Share => values.extend_from_slice(shares),
        Quantity::Wage => values.extend_from_slice(&o.wage),
        Quantity::RealWage => values.extend_from_slice(&o.real_wage),
        Quantity::PriceIndex => values.extend_from_slice(&o.price_index),
        Quantity::Income => values.extend_from_slice(&o.income),
        Quantity::Herfindahl => values.push(herfindahl(shares)),
        Quantity::NEquilibria => values.push(counts.0),
        Quantity::NStable => values.push(counts.1),
        _ => unreachable!("checked against the kind"),
    }
}

/// The row of a long-run point from the equilibria found from `start`.
pub fn long_run(
    model: &dyn MobileFactorModel,
    start: &[f64],
    equilibria: &[Equilibrium],
    settings: &SolverSettings,
    search: &SearchOptions,
    record: &[Quantity],
) -> PointResult {
    let n = model.regions();
    let residual = equilibria.iter().map(|e| e.stats.residual).fold(0.0f64, f64::max);
    let iterations = equilibria.iter().map(|e| e.stats.iterations as u64).sum();
    let all_converged = equilibria.iter().all(|e| e.stats.converged);
    let Some(reached) = reached(model, start, equilibria, settings, search) else {
        let mut r = PointResult::failed(record, n, &Error::Numerical(String::new()));
        (r.residual, r.iterations) = (residual, iterations);
        return r;
    };
    // A continuum of equilibria (free trade between two regions) is not a count: +inf.
    let counts = if crate::long_run::is_continuum(equilibria) {
        (f64::INFINITY, f64::INFINITY)
    } else {
        (
            equilibria.len() as f64,
            equilibria.iter().filter(|e| e.stability.stable).count() as f64,
        )
    };
    let mut values = Vec::new();
    for &q in record {
        push_mobile(&mut values, q, &reached.shares, &reached.outcomes, counts);
    }
    PointResult {
        values,
        converged: all_converged,
        residual,
        iterations,
    }
}

/// The row of a short-run point.
pub fn short_run(
    shares: &[f64],
    outcomes: &RegionOutcomes,
    residual: f64,
    iterations: usize,
    record: &[Quantity],
) -> PointResult {
    let mut values = Vec::new();
    for &q in record {
        push_mobile(&mut values, q, shares, outcomes, (f64::NAN, f64::NAN));
    }
    PointResult {
        values,
        converged: true,
        residual,
        iterations: iterations as u64,
    }
}

/// The row of a spatial model's point.
pub fn spatial(eq: &SpatialEquilibrium, record: &[Quantity]) -> PointResult {
    let total: f64 = eq.population.iter().sum();
    let shares: Vec<f64> = eq.population.iter().map(|l| l / total).collect();
    let mut values = Vec::new();
    for &q in record {
        match q {
            Quantity::Share => values.extend_from_slice(&shares),
            Quantity::Population => values.extend_from_slice(&eq.population),
            Quantity::Wage => values.extend_from_slice(&eq.wage),
            Quantity::PriceIndex => values.extend_from_slice(&eq.price_index),
            Quantity::Welfare => values.extend_from_slice(&eq.welfare),
            Quantity::Herfindahl => values.push(herfindahl(&shares)),
            _ => unreachable!("checked against the kind"),
        }
    }
    PointResult {
        values,
        converged: eq.stats.converged,
        residual: eq.stats.residual,
        iterations: eq.stats.iterations as u64,
    }
}

/// The row of a city's point: the equilibrium `e` with its outcomes `o`.
pub fn city(e: &ArswEquilibrium, o: &CityOutcomes, record: &[Quantity]) -> PointResult {
    let mut values = Vec::new();
    for &q in record {
        match q {
            Quantity::Residents => values.extend_from_slice(&e.residents),
            Quantity::Workers => values.extend_from_slice(&e.workers),
            Quantity::Wage => values.extend_from_slice(&e.wage),
            Quantity::FloorPrice => values.extend_from_slice(&e.floor_price),
            Quantity::CommercialShare => values.extend_from_slice(&o.commercial_share),
            Quantity::City(s) => values.push(s.value(e, o)),
            _ => unreachable!("checked against the kind"),
        }
    }
    PointResult {
        values,
        converged: e.stats.converged,
        residual: e.stats.residual,
        iterations: e.stats.iterations as u64,
    }
}

/// The row of a commuting model's point: the equilibrium `e` of `model`, and `shocked` the
/// counterfactual equilibrium when a recorded quantity needs it; `converged`, `residual`
/// (the larger) and `iterations` (summed) then cover both solves.
pub fn commuting(
    model: &Mrrh,
    e: &MrrhEquilibrium,
    shocked: Option<&MrrhEquilibrium>,
    record: &[Quantity],
) -> PointResult {
    let mut values = Vec::new();
    for &q in record {
        match q {
            Quantity::Residents => values.extend_from_slice(&e.residents),
            Quantity::Workers => values.extend_from_slice(&e.workers),
            Quantity::Wage => values.extend_from_slice(&e.wage),
            Quantity::PriceIndex => values.extend_from_slice(&e.price),
            Quantity::LandPrice => values.extend_from_slice(&e.land_price),
            Quantity::Commuting(s) => values.push(s.value(model, e, shocked)),
            _ => unreachable!("checked against the kind"),
        }
    }
    let worst = shocked.map_or(e.stats.residual, |s| s.stats.residual.max(e.stats.residual));
    PointResult {
        values,
        converged: e.stats.converged && shocked.is_none_or(|s| s.stats.converged),
        residual: worst,
        iterations: (e.stats.iterations + shocked.map_or(0, |s| s.stats.iterations)) as u64,
    }
}
