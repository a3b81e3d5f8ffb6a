//! The inputs of an MRRH inversion as the config gives them (Monte, Redding and
//! Rossi-Hansberg 2018, §IV): location ids, land H_n, distances, trade costs d, the observed
//! workers, residents and workplace wages, and either commuting flows L_ni or commuting costs
//! kappa_ni for the toolkit's Algorithm 1. Built once per run by `model.kind = "mrrh"` and
//! shared by every model a family (sweep, calibrate) builds from it; the inversion at the
//! configured parameters is done once per solver settings and kept.

use std::sync::{Arc, Mutex};

use super::{invert_with_commuting, invert_without_commuting, Mrrh, MrrhParams, Observed};
use crate::error::Result;
use crate::solve::SolverSettings;

/// Everything the inversion needs, already checked (sizes, positivity) by the config.
#[derive(Debug)]
pub struct MrrhData {
    /// The configured parameters (the data are inverted at these).
    pub params: MrrhParams,
    /// The configured psi of d = (distance / least distance)^psi.
    pub distance_elasticity: f64,
    /// The configured mu of kappa = km^mu.
    pub commuting_elasticity: f64,
    pub ids: Vec<String>,
    pub land: Vec<f64>,
    /// Distances in km, row-major as the file gives them (n, i).
    pub distance_km: Vec<f64>,
    /// d from i to n at `[i * N + n]`.
    pub trade_costs: Vec<f64>,
    /// Observed data; with flows, workers and residents are the flows' margins (11).
    pub observed: Observed,
    /// kappa_ni (n lives, i works, row-major) when there are no flows.
    pub commuting_cost: Option<Vec<f64>>,
    /// Inversions done, by the settings they were solved with.
    inversions: Mutex<Vec<(SolverSettings, Arc<Mrrh>)>>,
}

impl MrrhData {
    /// The data with no inversion done yet.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        params: MrrhParams,
        distance_elasticity: f64,
        commuting_elasticity: f64,
        ids: Vec<String>,
        land: Vec<f64>,
        distance_km: Vec<f64>,
        trade_costs: Vec<f64>,
        observed: Observed,
        commuting_cost: Option<Vec<f64>>,
    ) -> Self {
        MrrhData {
            params,
            distance_elasticity,
            commuting_elasticity,
            ids,
            land,
            distance_km,
            trade_costs,
            observed,
            commuting_cost,
            inversions: Mutex::new(Vec::new()),
        }
    }

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

    /// [`MrrhData::invert`] with `settings`, computed once per settings and kept (every
    /// point of a sweep shares it; parallel points wait for the one inversion).
    pub fn inversion(&self, settings: &SolverSettings) -> Result<Arc<Mrrh>> {
        let mut done = self.inversions.lock().expect("inversion cache");
        if let Some((_, m)) = done.iter().find(|(s, _)| s == settings) {
            return Ok(Arc::clone(m));
        }
        let m = Arc::new(self.invert(settings)?);
        done.push((*settings, Arc::clone(&m)));
        Ok(m)
    }

    /// The observed wages at the model's numeraire (geometric mean 1).
    pub fn normalised_wage(&self) -> Vec<f64> {
        let w = &self.observed.wage;
        let m = (w.iter().map(|x| x.ln()).sum::<f64>() / w.len() as f64).exp();
        w.iter().map(|x| x / m).collect()
    }
}
