//! The quantities a sweep can record ([`Quantity`]) and what each kind of point solves
//! ([`Kind`]): a mobile-factor model in the long or short run, a quantitative spatial model,
//! a city of blocks (ARSW), or locations linked by commuting (MRRH). Per-region quantities
//! are `[K, N]` datasets, statistics `[K]`; each name is in `output::schema`.

use crate::model::arsw::CityStatistic;
use crate::model::mrrh::CommutingStatistic;

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
    /// Locations linked by commuting (MRRH): the equilibrium with the fundamentals recovered
    /// at the configured parameters.
    Commuting,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::LongRun => "long-run",
            Kind::ShortRun => "short-run",
            Kind::Spatial => "spatial",
            Kind::City => "city",
            Kind::Commuting => "commuting",
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
    /// Land prices Q by location (commuting models).
    LandPrice,
    /// An economy-wide statistic (commuting models).
    Commuting(CommutingStatistic),
}

impl Quantity {
    pub const ALL: [Quantity; 24] = [
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
        Quantity::LandPrice,
        Quantity::Commuting(CommutingStatistic::Utility),
        Quantity::Commuting(CommutingStatistic::CommuterShare),
        Quantity::Commuting(CommutingStatistic::WelfareChange),
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
            Quantity::LandPrice => "land_price",
            Quantity::Commuting(s) => s.name(),
        }
    }

    /// `"real-wage"` or `"real_wage"` to [`Quantity::RealWage`], etc. (a name two kinds
    /// share, such as "utility", gives the first: see [`Quantity::parse_for`]).
    pub fn parse(text: &str) -> Option<Quantity> {
        let name = text.trim().replace('-', "_");
        Quantity::ALL.into_iter().find(|q| q.name() == name)
    }

    /// The quantity of that name that `kind` records.
    pub fn parse_for(text: &str, kind: Kind) -> Option<Quantity> {
        let name = text.trim().replace('-', "_");
        Quantity::ALL
            .into_iter()
            .find(|q| q.name() == name && q.available(kind))
    }

    /// One value per region (else one per point).
    pub fn per_region(self) -> bool {
        !matches!(
            self,
            Quantity::Herfindahl
                | Quantity::NEquilibria
                | Quantity::NStable
                | Quantity::City(_)
                | Quantity::Commuting(_)
        )
    }

    /// Whether the quantity exists for `kind`.
    pub fn available(self, kind: Kind) -> bool {
        use Quantity::*;
        let city = matches!(self, Residents | Workers | FloorPrice | CommercialShare | City(_));
        let commuting = matches!(self, LandPrice | Commuting(_));
        match kind {
            Kind::LongRun => !city && !commuting && !matches!(self, Population | Welfare),
            Kind::ShortRun => !city && !commuting && !matches!(self, Population | Welfare | NEquilibria | NStable),
            Kind::Spatial => matches!(self, Share | Wage | PriceIndex | Population | Welfare | Herfindahl),
            Kind::City => city || self == Wage,
            Kind::Commuting => commuting || matches!(self, Residents | Workers | Wage | PriceIndex),
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
            Kind::Commuting => vec![
                Quantity::Commuting(CommutingStatistic::Utility),
                Quantity::Commuting(CommutingStatistic::CommuterShare),
                Quantity::Residents,
                Quantity::Workers,
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
        for kind in [
            Kind::LongRun,
            Kind::ShortRun,
            Kind::Spatial,
            Kind::City,
            Kind::Commuting,
        ] {
            assert!(Quantity::defaults(kind).iter().all(|q| q.available(kind)));
        }
        // "utility" is the city's and the commuting model's, each its own statistic.
        assert_eq!(
            Quantity::parse_for("utility", Kind::Commuting),
            Some(Quantity::Commuting(CommutingStatistic::Utility))
        );
        assert_eq!(
            Quantity::parse_for("utility", Kind::City),
            Some(Quantity::City(CityStatistic::Utility))
        );
        assert_eq!(Quantity::parse_for("land-price", Kind::City), None);
    }
}
