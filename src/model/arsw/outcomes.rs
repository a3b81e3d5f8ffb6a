//! What the results report of an equilibrium besides its allocation, and the city-wide
//! statistics a sweep records and a calibration targets ([`CityStatistic`]). With the
//! notation of [`super`] (pi_ni the commuting probabilities of eq. 6, t_ni minutes):
//!
//! ```text
//! commercial share   theta_n = L_Mn / L_n = ((1-alpha)/alpha) w_n H_Mn / (Q_n L_n)
//!                    (the commercial part of floor-market clearing, eq. 17)
//! commuting time     tau_n = sum_i pi_{i|n} t_ni = (K∘T Y)_n / (K Y)_n
//!                    (mean minutes of the residents of n; K∘T has entries t exp(-kappa eps t))
//!                    tau = sum_n H_Rn tau_n / H   (mean over the city's workers)
//! GDP                sum_i y_i = sum_i w_i H_Mi / alpha   (labour is a share alpha of output,
//!                    eq. 12; the final good is the numeraire)
//! land rent          sum_n Q_n L_n   (floor-space rent = what firms and residents spend on it)
//! mean floor price   sum_n Q_n L_n / sum_n L_n   (floor-space weighted)
//! ```
//!
//! A block without residents has tau_n = the mean time its residents would have (it is
//! defined for every block); a block without workers has theta_n = 0, one without
//! residents theta_n = 1.

use super::kernel::Kernel;
use super::{ArswCity, ArswEquilibrium};

/// Outcomes of one equilibrium of a city.
#[derive(Debug, Clone, PartialEq)]
pub struct CityOutcomes {
    /// theta_n: commercial share of block n's floor space.
    pub commercial_share: Vec<f64>,
    /// tau_n: mean commuting time of block n's residents, minutes.
    pub commuting_minutes: Vec<f64>,
    /// Mean commuting time over the city's workers, minutes.
    pub commuting_time: f64,
    /// Output of the final good.
    pub gdp: f64,
    /// Total floor-space rent.
    pub land_rent: f64,
    /// Floor-space-weighted mean floor price.
    pub mean_floor_price: f64,
}

impl ArswCity {
    /// The outcomes of `e`, an equilibrium of this city (its travel times and floor space).
    pub fn outcomes(&self, e: &ArswEquilibrium) -> CityOutcomes {
        let p = &self.params;
        let n = self.blocks();
        let floor = &self.fundamentals.floor_space;
        let commercial = (1.0 - p.alpha) / p.alpha;
        let rent: Vec<f64> = (0..n).map(|i| e.floor_price[i] * floor[i]).collect();
        let commercial_share = (0..n)
            .map(|i| (commercial * e.wage[i] * e.workers[i] / rent[i]).clamp(0.0, 1.0))
            .collect();
        // Y = w^eps scaled by its largest value (0 where nobody works).
        let top = e.wage.iter().copied().fold(0.0, f64::max);
        let y: Vec<f64> = e.wage.iter().map(|w| (w / top).powf(p.epsilon)).collect();
        let nu = p.kappa_epsilon;
        let timed = Kernel::from_fn(&self.travel, move |t| t * (-nu * t).exp());
        let (mut ky, mut kty) = (vec![0.0; n], vec![0.0; n]);
        self.kernels.commuting.mul(&y, &mut ky);
        timed.mul(&y, &mut kty);
        // FFT round-off can leave products of a kernel that vanishes at t = 0 a hair below 0.
        let commuting_minutes: Vec<f64> = (0..n).map(|i| (kty[i] / ky[i]).max(0.0)).collect();
        let residents: f64 = e.residents.iter().sum();
        let commuting_time = (0..n).map(|i| e.residents[i] * commuting_minutes[i]).sum::<f64>() / residents;
        let land_rent: f64 = rent.iter().sum();
        CityOutcomes {
            commercial_share,
            commuting_minutes,
            commuting_time,
            gdp: (0..n).map(|i| e.wage[i] * e.workers[i]).sum::<f64>() / p.alpha,
            land_rent,
            mean_floor_price: land_rent / floor.iter().sum::<f64>(),
        }
    }
}

/// A city-wide number of an equilibrium: what a sweep records (`/sweep/<name>`) and what a
/// calibration's moments target compares (`[[calibrate.moment]] name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CityStatistic {
    /// U = gamma S^(1/eps): expected utility.
    Utility,
    /// H: population (fixed in a closed city).
    TotalPopulation,
    /// sum Q L / sum L.
    MeanFloorPrice,
    /// sum w H_M / alpha.
    Gdp,
    /// sum Q L.
    LandRent,
    /// Mean commuting minutes over workers.
    CommutingTime,
}

impl CityStatistic {
    pub const ALL: [CityStatistic; 6] = [
        CityStatistic::Utility,
        CityStatistic::TotalPopulation,
        CityStatistic::MeanFloorPrice,
        CityStatistic::Gdp,
        CityStatistic::LandRent,
        CityStatistic::CommutingTime,
    ];

    /// The name (snake_case: the sweep's dataset; the config accepts kebab-case too).
    pub fn name(self) -> &'static str {
        match self {
            CityStatistic::Utility => "utility",
            CityStatistic::TotalPopulation => "total_population",
            CityStatistic::MeanFloorPrice => "mean_floor_price",
            CityStatistic::Gdp => "gdp",
            CityStatistic::LandRent => "land_rent",
            CityStatistic::CommutingTime => "mean_commuting_time",
        }
    }

    /// `"mean-floor-price"` or `"mean_floor_price"` to [`CityStatistic::MeanFloorPrice`], etc.
    pub fn parse(text: &str) -> Option<CityStatistic> {
        let name = text.trim().replace('-', "_");
        CityStatistic::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Every name, quoted, for messages.
    pub fn names() -> String {
        CityStatistic::ALL
            .iter()
            .map(|s| format!("\"{}\"", s.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Its value at an equilibrium with its outcomes.
    pub fn value(self, e: &ArswEquilibrium, o: &CityOutcomes) -> f64 {
        match self {
            CityStatistic::Utility => e.utility,
            CityStatistic::TotalPopulation => e.population,
            CityStatistic::MeanFloorPrice => o.mean_floor_price,
            CityStatistic::Gdp => o.gdp,
            CityStatistic::LandRent => o.land_rent,
            CityStatistic::CommutingTime => o.commuting_time,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_parse_in_both_spellings() {
        assert_eq!(
            CityStatistic::parse("mean-floor-price"),
            Some(CityStatistic::MeanFloorPrice)
        );
        assert_eq!(CityStatistic::parse("gdp"), Some(CityStatistic::Gdp));
        assert_eq!(CityStatistic::parse("nope"), None);
        assert!(CityStatistic::names().contains("\"mean_commuting_time\""));
    }
}
