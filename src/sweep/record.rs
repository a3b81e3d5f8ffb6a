//! What a sweep keeps of each point: the quantities of `[sweep] record` and how each is
//! defined, and [`PointResult`], one point's row.
//!
//! For mobile-factor models in the long run, most quantities describe one equilibrium, the
//! **reached** one: the stable equilibrium that the migration dynamics settle in from the
//! start shares (`model.shares`, uniform by default):
//!
//! - two regions: every equilibrium is known (sorted by lambda_1). If the start is itself a
//!   stable equilibrium it is reached; if it is an unstable one (the symmetric state inside
//!   the tomahawk), the dynamics leave it from the start perturbed as `[solve]` perturbs
//!   starts (`perturbation`, `seed`). From a start that is not an equilibrium workers move
//!   towards the higher real wage: the reached equilibrium is the nearest one above lambda_1
//!   when omega_1 > omega_2 there, the nearest one below when omega_1 < omega_2.
//! - three or more regions: the first stable equilibrium in the order the search found them
//!   (the dispersed state near the start when it is stable, else where the dynamics from the
//!   first perturbed start settled), else the first one found.
//!
//! Counts (`n_equilibria`, `n_stable`) and the Herfindahl index are stored as f64 like
//! everything else, so that NaN can mark a point that failed (its `converged` is 0).

use crate::error::Error;
use crate::long_run::{migration, two_region, Equilibrium, SearchOptions};
use crate::model::{MobileFactorModel, RegionOutcomes, SpatialEquilibrium};
use crate::output::schema as s;
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
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::LongRun => "long-run",
            Kind::ShortRun => "short-run",
            Kind::Spatial => "spatial",
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
}

impl Quantity {
    pub const ALL: [Quantity; 10] = [
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
    ];

    /// The dataset name (snake_case; the config accepts kebab-case too).
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Share => s::SHARE,
            Quantity::Wage => s::WAGE,
            Quantity::RealWage => s::REAL_WAGE,
            Quantity::PriceIndex => s::PRICE_INDEX,
            Quantity::Income => s::INCOME,
            Quantity::Population => s::POPULATION,
            Quantity::Welfare => s::WELFARE,
            Quantity::Herfindahl => s::HERFINDAHL,
            Quantity::NEquilibria => s::N_EQUILIBRIA,
            Quantity::NStable => s::N_STABLE,
        }
    }

    /// `"real-wage"` or `"real_wage"` to [`Quantity::RealWage`], etc.
    pub fn parse(text: &str) -> Option<Quantity> {
        let name = text.trim().replace('-', "_");
        Quantity::ALL.into_iter().find(|q| q.name() == name)
    }

    /// One value per region (else one per point).
    pub fn per_region(self) -> bool {
        !matches!(self, Quantity::Herfindahl | Quantity::NEquilibria | Quantity::NStable)
    }

    /// Whether the quantity exists for `kind`.
    pub fn available(self, kind: Kind) -> bool {
        use Quantity::*;
        match kind {
            Kind::LongRun => !matches!(self, Population | Welfare),
            Kind::ShortRun => !matches!(self, Population | Welfare | NEquilibria | NStable),
            Kind::Spatial => matches!(self, Share | Wage | PriceIndex | Population | Welfare | Herfindahl),
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
        Quantity::Population | Quantity::Welfare => unreachable!("checked against the kind"),
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
    let counts = (
        equilibria.len() as f64,
        equilibria.iter().filter(|e| e.stability.stable).count() as f64,
    );
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

/// The equilibrium reached from `start` (see the module docs), if any.
pub fn reached<'a>(
    model: &dyn MobileFactorModel,
    start: &[f64],
    equilibria: &'a [Equilibrium],
    settings: &SolverSettings,
    search: &SearchOptions,
) -> Option<&'a Equilibrium> {
    if equilibria.is_empty() {
        return None;
    }
    if model.regions() != 2 {
        return equilibria.iter().find(|e| e.stability.stable).or(equilibria.first());
    }
    let near = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-7);
    let mut from = start.to_vec();
    if let Some(e) = equilibria.iter().find(|e| near(&e.shares, start)) {
        if e.stability.stable || search.perturbation == 0.0 {
            return Some(e);
        }
        from = migration::perturb(start, search.perturbation, search.seed);
    }
    let lambda = from[0];
    let inner = crate::long_run::support::inner_settings(settings);
    let gap = two_region::real_wage_gap(model, lambda, None, &inner)
        .map(|(g, _)| g)
        .unwrap_or(f64::NAN);
    // Sorted by lambda_1 (two_region::enumerate).
    let above = equilibria.iter().find(|e| e.shares[0] > lambda);
    let below = equilibria.iter().rev().find(|e| e.shares[0] < lambda);
    let nearest = || {
        equilibria
            .iter()
            .min_by(|a, b| (a.shares[0] - lambda).abs().total_cmp(&(b.shares[0] - lambda).abs()))
    };
    if gap > 0.0 {
        above.or_else(nearest)
    } else if gap < 0.0 {
        below.or_else(nearest)
    } else {
        nearest()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::layouts;
    use crate::model::{CorePeriphery, CorePeripheryParams};

    fn reached_share(trade_cost: f64, start: f64) -> (f64, usize) {
        let g = layouts::two_region(trade_cost).unwrap();
        let m = CorePeriphery::new(CorePeripheryParams::default(), &g, vec![0.5, 0.5]).unwrap();
        let settings = SolverSettings::default();
        let search = SearchOptions::default();
        let start = [start, 1.0 - start];
        let eqs = crate::long_run::find_equilibria(&m, &start, &settings, &search).unwrap();
        let e = reached(&m, &start, &eqs, &settings, &search).unwrap();
        assert!(
            e.stability.stable,
            "T = {trade_cost}: reached an unstable equilibrium {:?}",
            e.shares
        );
        // Roots are located to about 1e-10: round for the comparisons.
        ((e.shares[0] * 1e6).round() / 1e6, eqs.len())
    }

    #[test]
    fn the_dynamics_pick_the_reached_equilibrium() {
        // Dispersion only: the symmetric state.
        assert_eq!(reached_share(2.2, 0.5), (0.5, 1));
        // Inside the tomahawk (five equilibria, lambda* = 0.8349): the symmetric state is
        // stable, starts above lambda* agglomerate, starts below it disperse.
        assert_eq!(reached_share(1.7, 0.5), (0.5, 5));
        assert_eq!(reached_share(1.7, 0.9).0, 1.0);
        assert_eq!(reached_share(1.7, 0.7).0, 0.5);
        assert_eq!(reached_share(1.7, 0.1).0, 0.0);
        // Agglomeration only: the unstable symmetric start is left by the seeded perturbation.
        let (share, n) = reached_share(1.5, 0.5);
        assert!(n == 3 && (share == 0.0 || share == 1.0), "{share}");
        assert_eq!(reached_share(1.5, 0.6).0, 1.0);
    }

    #[test]
    fn quantities_parse_in_both_spellings_and_know_their_models() {
        assert_eq!(Quantity::parse("real-wage"), Some(Quantity::RealWage));
        assert_eq!(Quantity::parse("n_stable"), Some(Quantity::NStable));
        assert_eq!(Quantity::parse("nope"), None);
        assert!(!Quantity::Population.available(Kind::LongRun));
        assert!(!Quantity::NStable.available(Kind::Spatial));
        assert_eq!(Quantity::Herfindahl.width(12), 1);
        assert_eq!(Quantity::Share.width(12), 12);
        for kind in [Kind::LongRun, Kind::ShortRun, Kind::Spatial] {
            assert!(Quantity::defaults(kind).iter().all(|q| q.available(kind)));
        }
    }
}
