//! `trade-flows`: model against observed bilateral trade shares (Allen and Arkolakis 2014,
//! gravity eq. 4: pi_ij = tau_ij^(1-s) (w_i/A_i)^(1-s) P_j^(s-1)).
//!
//! The data are flows X_ij (origin i, destination j) for some pairs. For each destination j
//! the shares are taken over the origins O(j) observed for j, in the data and in the model
//! alike, so missing pairs do not bias the fit:
//!
//! ```text
//! s_ij = X_ij / sum_{k in O(j)} X_kj          s^model_ij = pi_ij / sum_{k in O(j)} pi_kj
//! f(theta) = sum_(i,j) W_ij c_i c_j (ln s^model_ij(theta) - ln s_ij)^2
//! ```
//!
//! W_ij is the optional weight column and c_i the bootstrap count of location i. The
//! equilibrium (wages, populations) is solved at each theta from the configured
//! fundamentals, so the level of trade costs and sigma act on the equilibrium as well as on
//! the distance slope of the shares: with trade costs T = d^elasticity the slope of
//! ln s_ij in ln d_ij alone gives only (sigma - 1) elasticity; the equilibrium's origin and
//! destination terms separate the two.

use super::SpatialAt;
use crate::calibration::Target;
use crate::error::{Error, Result};
use crate::solve::SolverSettings;

/// One observed flow between locations (indices into the geography).
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub origin: usize,
    pub destination: usize,
    /// X_ij > 0.
    pub value: f64,
    pub weight: f64,
}

pub struct TradeFlowsTarget {
    model_at: SpatialAt,
    ids: Vec<String>,
    flows: Vec<Flow>,
    /// ln s_ij of the data, per flow.
    log_observed: Vec<f64>,
    settings: SolverSettings,
}

impl TradeFlowsTarget {
    pub fn new(model_at: SpatialAt, ids: Vec<String>, flows: Vec<Flow>, settings: SolverSettings) -> Self {
        let values: Vec<f64> = flows.iter().map(|f| f.value).collect();
        let log_observed = within_destination_log_shares(&flows, &values, ids.len());
        TradeFlowsTarget {
            model_at,
            ids,
            flows,
            log_observed,
            settings,
        }
    }

    /// ln s^model_ij per flow.
    fn model_log_shares(&self, theta: &[f64]) -> Result<Vec<f64>> {
        let model = (self.model_at)(theta)?;
        let eq = model
            .solve(None, &self.settings)
            .map_err(|e| e.while_solving("the equilibrium of the trade-flows target"))?;
        let pi = model.trade_shares(&eq).ok_or_else(|| {
            Error::Config("calibrate.target = \"trade-flows\" needs model.kind = \"allen-arkolakis\"".into())
        })?;
        let n = self.ids.len();
        let values: Vec<f64> = self.flows.iter().map(|f| pi[f.destination * n + f.origin]).collect();
        Ok(within_destination_log_shares(&self.flows, &values, n))
    }
}

/// ln (v_f / sum of v over the flows into the same destination).
fn within_destination_log_shares(flows: &[Flow], values: &[f64], n: usize) -> Vec<f64> {
    let mut totals = vec![0.0; n];
    for (f, v) in flows.iter().zip(values) {
        totals[f.destination] += v;
    }
    flows
        .iter()
        .zip(values)
        .map(|(f, v)| (v / totals[f.destination]).ln())
        .collect()
}

impl Target for TradeFlowsTarget {
    fn name(&self) -> &'static str {
        "trade-flows"
    }

    fn labels(&self) -> Vec<String> {
        self.flows
            .iter()
            .map(|f| format!("{}->{}", self.ids[f.origin], self.ids[f.destination]))
            .collect()
    }

    fn locations(&self) -> usize {
        self.ids.len()
    }

    fn residuals(&self, theta: &[f64], counts: &[f64]) -> Result<Vec<f64>> {
        let m = self.model_log_shares(theta)?;
        Ok(self
            .flows
            .iter()
            .zip(m.iter().zip(&self.log_observed))
            .map(|(f, (m, o))| (f.weight * counts[f.origin] * counts[f.destination]).sqrt() * (m - o))
            .collect())
    }

    fn fit(&self, theta: &[f64]) -> Result<(Vec<f64>, Vec<f64>)> {
        Ok((self.model_log_shares(theta)?, self.log_observed.clone()))
    }
}
