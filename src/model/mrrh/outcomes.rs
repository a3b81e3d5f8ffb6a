//! Economy-wide statistics of an MRRH equilibrium, what a sweep records and a calibration
//! targets ([`CommutingStatistic`]):
//!
//! ```text
//! utility          Ubar = Gamma((eps-1)/eps) Phi^(1/eps)                       (15)
//! commuter_share   1 - sum_n lambda_nn, lambda_nn = E_nn (P_n^alpha Q_n^(1-alpha))^(-eps) w_n^eps / Phi   (10)
//! welfare_change   Ubar' / Ubar of the configured [counterfactual] (levels)
//! ```

use super::{Mrrh, MrrhEquilibrium};

/// A statistic of the whole economy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommutingStatistic {
    /// Expected utility Ubar (15).
    Utility,
    /// Share of workers working outside the location they live in.
    CommuterShare,
    /// Ubar'/Ubar of the `[counterfactual]` shock, solved in levels.
    WelfareChange,
}

impl CommutingStatistic {
    pub const ALL: [CommutingStatistic; 3] = [
        CommutingStatistic::Utility,
        CommutingStatistic::CommuterShare,
        CommutingStatistic::WelfareChange,
    ];

    /// The name (snake_case; configs accept kebab-case too).
    pub fn name(self) -> &'static str {
        match self {
            CommutingStatistic::Utility => "utility",
            CommutingStatistic::CommuterShare => "commuter_share",
            CommutingStatistic::WelfareChange => "welfare_change",
        }
    }

    /// `"commuter-share"` or `"commuter_share"` to [`CommutingStatistic::CommuterShare`].
    pub fn parse(text: &str) -> Option<CommutingStatistic> {
        let name = text.trim().replace('-', "_");
        CommutingStatistic::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Every name, quoted, for messages.
    pub fn names() -> String {
        CommutingStatistic::ALL
            .iter()
            .map(|s| format!("\"{}\"", s.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the statistic needs a counterfactual.
    pub fn needs_shock(self) -> bool {
        self == CommutingStatistic::WelfareChange
    }

    /// The value at the equilibrium `e` of `model`, with `shocked` the counterfactual
    /// equilibrium (NaN for the welfare change without one).
    pub fn value(self, model: &Mrrh, e: &MrrhEquilibrium, shocked: Option<&MrrhEquilibrium>) -> f64 {
        match self {
            CommutingStatistic::Utility => e.welfare,
            CommutingStatistic::CommuterShare => 1.0 - stayers(model, e),
            CommutingStatistic::WelfareChange => shocked.map_or(f64::NAN, |s| s.welfare / e.welfare),
        }
    }
}

/// sum_n lambda_nn (10), in O(N).
fn stayers(model: &Mrrh, e: &MrrhEquilibrium) -> f64 {
    let n = model.len();
    let (eps, alpha) = (model.params.epsilon, model.params.alpha);
    (0..n)
        .map(|r| {
            let a = (-eps * (alpha * e.price[r].ln() + (1.0 - alpha) * e.land_price[r].ln())).exp();
            model.ease.values[r * n + r] * a * e.wage[r].powf(eps)
        })
        .sum::<f64>()
        / e.phi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_parse_in_both_spellings() {
        assert_eq!(
            CommutingStatistic::parse("commuter-share"),
            Some(CommutingStatistic::CommuterShare)
        );
        assert_eq!(CommutingStatistic::parse("utility"), Some(CommutingStatistic::Utility));
        assert_eq!(CommutingStatistic::parse("gdp"), None);
        assert!(CommutingStatistic::names().contains("\"welfare_change\""));
        assert!(CommutingStatistic::WelfareChange.needs_shock());
    }
}
