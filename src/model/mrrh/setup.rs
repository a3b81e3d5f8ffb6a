//! The commuting capability: the configured data ([`MrrhData`]) at given parameters.
//!
//! As for the ARSW city (`model::arsw::setup`), the fundamentals are recovered from the data
//! once, at the configured parameters, and then held fixed: the model at other parameters (a
//! sweep's point, a calibration's theta) has the recovered productivity A_i, land H_n and
//! bilateral amenities, and is solved at its own parameters. At the configured parameters it
//! is exactly the model `agglo solve` solves (bit for bit); elsewhere it is comparative
//! statics at fixed fundamentals, not a re-estimation.
//!
//! What "fixed" means for commuting: the inversion recovers the ease of commuting
//! E_ni = B_ni kappa_ni^(-eps) (10). With commuting costs kappa_ni = km_ni^mu (the toolkit's
//! `mu`, `model.commuting-elasticity`), the amenities B_ni = E_ni km_ni^(mu0 eps0) at the
//! configured (mu0, eps0) are held fixed, so that at (mu, eps)
//!
//! ```text
//! E_ni(mu, eps) = E_ni km_ni^(mu0 eps0 - mu eps)
//! ```
//!
//! and trade costs d_ni = (dist_ni / least distance)^psi follow `model.distance-elasticity`.

use std::sync::Arc;

use super::{Mrrh, MrrhData, MrrhEquilibrium, MrrhParams};
use crate::error::{Error, Result};
use crate::solve::SolverSettings;

/// The configured data at given parameters.
#[derive(Debug, Clone)]
pub struct CommutingModel {
    data: Arc<MrrhData>,
    params: MrrhParams,
    distance_elasticity: f64,
    commuting_elasticity: f64,
}

impl CommutingModel {
    /// `data` at `params`, psi = `distance_elasticity` and mu = `commuting_elasticity`
    /// (checked, naming the `model.*` keys).
    pub fn new(
        data: Arc<MrrhData>,
        params: MrrhParams,
        distance_elasticity: f64,
        commuting_elasticity: f64,
    ) -> Result<Self> {
        Self::check(&params, distance_elasticity, commuting_elasticity)?;
        Ok(CommutingModel {
            data,
            params,
            distance_elasticity,
            commuting_elasticity,
        })
    }

    /// The checks of [`CommutingModel::new`] without data.
    pub fn check(params: &MrrhParams, distance_elasticity: f64, commuting_elasticity: f64) -> Result<()> {
        params.validate()?;
        for (key, v) in [
            ("model.distance-elasticity", distance_elasticity),
            ("model.commuting-elasticity", commuting_elasticity),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::invalid(key, v, "must be finite and >= 0"));
            }
        }
        Ok(())
    }

    pub fn data(&self) -> &MrrhData {
        &self.data
    }

    pub fn params(&self) -> &MrrhParams {
        &self.params
    }

    /// Number of locations.
    pub fn locations(&self) -> usize {
        self.data.len()
    }

    /// Whether this is the configured model (the data's own parameters).
    pub fn at_configured(&self) -> bool {
        self.params == self.data.params
            && self.distance_elasticity == self.data.distance_elasticity
            && self.commuting_elasticity == self.data.commuting_elasticity
    }

    /// The inversion of the data (at the configured parameters, solved with
    /// [`SolverSettings::for_inversion`] of `settings`) and the model with the recovered
    /// fundamentals at this model's parameters.
    pub fn recovered(&self, settings: &SolverSettings) -> Result<(Arc<Mrrh>, Mrrh)> {
        let inv = self.data.inversion(&settings.for_inversion())?;
        if self.at_configured() {
            let model = (*inv).clone();
            return Ok((inv, model));
        }
        let data = &self.data;
        let n = data.len();
        let km = &data.distance_km;
        let trade_costs: Vec<f64> = if self.distance_elasticity == data.distance_elasticity {
            data.trade_costs.clone()
        } else {
            let least = km.iter().cloned().fold(f64::INFINITY, f64::min);
            // Rows of the file are importers n; the model takes d from i to n at [i * N + n].
            (0..n * n)
                .map(|k| (km[(k % n) * n + k / n] / least).powf(self.distance_elasticity))
                .collect()
        };
        let power = data.commuting_elasticity * data.params.epsilon - self.commuting_elasticity * self.params.epsilon;
        let ease: Vec<f64> = if power == 0.0 {
            inv.ease.values.clone()
        } else {
            inv.ease.values.iter().zip(km).map(|(e, d)| e * d.powf(power)).collect()
        };
        let model = Mrrh::new(
            self.params,
            inv.productivity.clone(),
            inv.land.clone(),
            inv.labour,
            &trade_costs,
            ease,
        )?;
        Ok((inv, model))
    }

    /// The equilibrium at this model's parameters (with the recovered fundamentals), solved
    /// with [`SolverSettings::for_inversion`] of `settings` as `agglo solve` does, and the
    /// model it is an equilibrium of.
    pub fn solve(&self, settings: &SolverSettings) -> Result<(Mrrh, MrrhEquilibrium)> {
        let (_, model) = self.recovered(settings)?;
        let e = model.solve(&settings.for_inversion())?;
        Ok((model, e))
    }
}
