//! The inputs of an MRRH inversion as the config gives them (Monte, Redding and
//! Rossi-Hansberg 2018, §IV): location ids, land H_n, trade costs d, the observed workers,
//! residents and workplace wages, and either commuting flows L_ni or commuting costs
//! kappa_ni for the toolkit's Algorithm 1. Built once per run by `model.kind = "mrrh"`.

use super::{invert_with_commuting, invert_without_commuting, Mrrh, MrrhParams, Observed};
use crate::error::Result;
use crate::solve::SolverSettings;

/// Everything the inversion needs, already checked (sizes, positivity) by the config.
#[derive(Debug, Clone)]
pub struct MrrhData {
    pub params: MrrhParams,
    pub ids: Vec<String>,
    pub land: Vec<f64>,
    /// d from i to n at `[i * N + n]`.
    pub trade_costs: Vec<f64>,
    /// Observed data; with flows, workers and residents are the flows' margins (11).
    pub observed: Observed,
    /// kappa_ni (n lives, i works, row-major) when there are no flows.
    pub commuting_cost: Option<Vec<f64>>,
}

impl MrrhData {
    /// Number of locations.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True without locations (never once built).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether commuting flows were observed.
    pub fn has_flows(&self) -> bool {
        self.observed.flows.is_some()
    }

    /// The fundamentals from the data: with flows directly, else by Algorithm 1 on kappa.
    pub fn invert(&self, settings: &SolverSettings) -> Result<Mrrh> {
        match (&self.observed.flows, &self.commuting_cost) {
            (Some(_), _) | (None, None) => invert_with_commuting(
                self.params,
                self.land.clone(),
                &self.trade_costs,
                &self.observed,
                settings,
            ),
            (None, Some(kappa)) => invert_without_commuting(
                self.params,
                self.land.clone(),
                &self.trade_costs,
                kappa,
                &self.observed,
                settings,
            ),
        }
    }

    /// The observed wages at the model's numeraire (geometric mean 1).
    pub fn normalised_wage(&self) -> Vec<f64> {
        let w = &self.observed.wage;
        let m = (w.iter().map(|x| x.ln()).sum::<f64>() / w.len() as f64).exp();
        w.iter().map(|x| x / m).collect()
    }
}
