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
//! parameters (`model::arsw::setup`).
//!
//! Counts (`n_equilibria`, `n_stable`) and the Herfindahl index are stored as f64 like
//! everything else, so that NaN can mark a point that failed (its `converged` is 0) and
//! +inf a continuum of equilibria (every split an equilibrium, as at T = 1).

use crate::error::Error;
pub use crate::long_run::reached::reached;
use crate::long_run::{Equilibrium, SearchOptions};
use crate::model::arsw::{ArswEquilibrium, CityOutcomes, CityStatistic};
use crate::model::{MobileFactorModel, RegionOutcomes, SpatialEquilibrium};
use crate::solve::SolverSettings;

/// What is solved at each point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Mobile-factor model, long run: equilibria with stability.
    LongRun,
    /// Mobile-factor model, short run: wages at the given shares.
    ShortRun,
    /// Quantitative spatial model: the equilibrium from the model's default start.
    Spatial,
    /// A city of blocks: the equilibrium from the uniform start.
    City,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::LongRun => "long-run",
            Kind::ShortRun => "short-run",
            Kind::Spatial => "spatial",
            Kind::City => "city",
        }
    }
}

/// A recorded quantity: its dataset is `/sweep/<name>`, `[K, N]` per region or `[K]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Shares of the mobile factor (long run: of the reached equilibrium); spatial models:
    /// population shares.
    Share,
    /// Nominal wages.
    Wage,
    /// Real wages omega (mobile-factor models).
    RealWage,
    /// Manufacturing price indices G (spatial models: the traded-goods price index P).
    PriceIndex,
    /// Incomes Y (mobile-factor models).
    Income,
    /// Population in levels (spatial models).
    Population,
    /// Welfare of each location's residents (spatial models).
    Welfare,
    /// sum_r share_r^2: 1/N when dispersed evenly, 1 when all in one region.
    Herfindahl,
    /// Number of long-run equilibria found.
    NEquilibria,
    /// Number of those that are stable.
    NStable,
    /// Residents by block (cities).
    Residents,
    /// Workers by block of work (cities).
    Workers,
    /// Floor-space prices by block (cities).
    FloorPrice,
    /// Commercial shares of floor space by block (cities).
    CommercialShare,
    /// A city-wide statistic (cities).
    City(CityStatistic),
}

impl Quantity {
    pub const ALL: [Quantity; 20] = [
        Quantity::Share,
        Quantity::Wage,
        Quantity::RealWage,
        Quantity::PriceIndex,
        Quantity::Income,
        Quantity::Population,
        Quantity::Welfare,
        Quantity::Herfindahl,
        Quantity::NEquilibria,
        Quantity::NStable,
        Quantity::Residents,
        Quantity::Workers,
        Quantity::FloorPrice,
        Quantity::CommercialShare,
        Quantity::City(CityStatistic::Utility),
        Quantity::City(CityStatistic::TotalPopulation),
        Quantity::City(CityStatistic::MeanFloorPrice),
        Quantity::City(CityStatistic::Gdp),
        Quantity::City(CityStatistic::LandRent),
        Quantity::City(CityStatistic::CommutingTime),
    ];

    /// The dataset name (snake_case; the config accepts kebab-case too). The output layer
    /// writes `/sweep/<name>`; `tests/sweep.rs` checks each against `output::schema`.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Share => "share",
            Quantity::Wage => "wage",
            Quantity::RealWage => "real_wage",
            Quantity::PriceIndex => "price_index",
            Quantity::Income => "income",
            Quantity::Population => "population",
            Quantity::Welfare => "welfare",
            Quantity::Herfindahl => "herfindahl",
            Quantity::NEquilibria => "n_equilibria",
            Quantity::NStable => "n_stable",
            Quantity::Residents => "residents",
            Quantity::Workers => "workers",
            Quantity::FloorPrice => "floor_price",
            Quantity::CommercialShare => "commercial_share",
            Quantity::City(s) => s.name(),
        }
    }

    /// `"real-wage"` or `"real_wage"` to [`Quantity::RealWage`], etc.
    pub fn parse(text: &str) -> Option<Quantity> {
        let name = text.trim().replace('-', "_");
        Quantity::ALL.into_iter().find(|q| q.name() == name)
    }

    /// One value per region (else one per point).
    pub fn per_region(self) -> bool {
        !matches!(
            self,
            Quantity::Herfindahl | Quantity::NEquilibria | Quantity::NStable | Quantity::City(_)
        )
    }

    /// Whether the quantity exists for `kind`.
    pub fn available(self, kind: Kind) -> bool {
        use Quantity::*;
        let city = matches!(self, Residents | Workers | FloorPrice | CommercialShare | City(_));
        match kind {
            Kind::LongRun => !city && !matches!(self, Population | Welfare),
            Kind::ShortRun => !city && !matches!(self, Population | Welfare | NEquilibria | NStable),
            Kind::Spatial => matches!(self, Share | Wage | PriceIndex | Population | Welfare | Herfindahl),
            Kind::City => city || self == Wage,
        }
    }

    /// Every quantity available for `kind`, as a list for messages.
    pub fn names_for(kind: Kind) -> String {
        Quantity::ALL
            .iter()
            .filter(|q| q.available(kind))
            .map(|q| format!("\"{}\"", q.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What is recorded when `[sweep] record` is not given.
    pub fn defaults(kind: Kind) -> Vec<Quantity> {
        match kind {
            Kind::LongRun => vec![
                Quantity::Share,
                Quantity::NEquilibria,
                Quantity::NStable,
                Quantity::Herfindahl,
            ],
            Kind::ShortRun => vec![Quantity::Wage, Quantity::RealWage],
            Kind::Spatial => vec![Quantity::Population, Quantity::Wage, Quantity::Welfare],
            Kind::City => vec![
                Quantity::City(CityStatistic::Utility),
                Quantity::City(CityStatistic::TotalPopulation),
                Quantity::City(CityStatistic::MeanFloorPrice),
                Quantity::City(CityStatistic::Gdp),
            ],
        }
    }

    /// Values per point: `n` per region, else 1.
    pub fn width(self, n: usize) -> usize {
        if self.per_region() {
            n
        } else {
            1
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_in_both_spellings_and_know_their_models() {
        assert_eq!(Quantity::parse("real-wage"), Some(Quantity::RealWage));
        assert_eq!(Quantity::parse("n_stable"), Some(Quantity::NStable));
        assert_eq!(Quantity::parse("nope"), None);
        assert!(!Quantity::Population.available(Kind::LongRun));
        assert!(!Quantity::NStable.available(Kind::Spatial));
        assert_eq!(Quantity::Herfindahl.width(12), 1);
        assert_eq!(Quantity::Share.width(12), 12);
        for kind in [Kind::LongRun, Kind::ShortRun, Kind::Spatial, Kind::City] {
            assert!(Quantity::defaults(kind).iter().all(|q| q.available(kind)));
        }
    }
}
