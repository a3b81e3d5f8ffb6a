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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mrrh::Observed;
    use crate::solve::{Method, Tolerance};

    fn tight() -> SolverSettings {
        SolverSettings {
            method: Method::Anderson {
                depth: 10,
                damping: 1.0,
            },
            tolerance: Tolerance {
                residual: 1e-14,
                max_iterations: 20_000,
            },
        }
    }

    /// Four locations with made-up flows (rows residences) and wages, every distance `km`
    /// (d = 1 everywhere) or, with `spread`, distances growing with |n - i|.
    fn data(km: f64, spread: bool) -> Arc<MrrhData> {
        let n = 4;
        let flows = vec![
            50.0, 10.0, 5.0, 2.0, 8.0, 40.0, 6.0, 3.0, 4.0, 9.0, 60.0, 7.0, 1.0, 2.0, 8.0, 30.0,
        ];
        let residents = (0..n).map(|r| flows[r * n..(r + 1) * n].iter().sum()).collect();
        let workers = (0..n).map(|i| (0..n).map(|r| flows[r * n + i]).sum()).collect();
        let distance_km: Vec<f64> = (0..n * n)
            .map(|k| {
                if spread {
                    km * (1.0 + (k / n).abs_diff(k % n) as f64)
                } else {
                    km
                }
            })
            .collect();
        let least = distance_km.iter().cloned().fold(f64::INFINITY, f64::min);
        let trade_costs = (0..n * n)
            .map(|k| (distance_km[(k % n) * n + k / n] / least).powf(0.42))
            .collect();
        let observed = Observed {
            workers,
            residents,
            wage: vec![1.2, 0.9, 1.1, 0.8],
            flows: Some(flows),
        };
        let land = vec![10.0, 20.0, 15.0, 30.0];
        Arc::new(MrrhData::new(
            MrrhParams::default(),
            0.42,
            0.47,
            (1..=n).map(|i| i.to_string()).collect(),
            land,
            distance_km,
            trade_costs,
            observed,
            None,
        ))
    }

    #[test]
    fn at_the_configured_parameters_the_model_is_the_inversion_bit_for_bit() {
        let d = data(12.0, true);
        let m = CommutingModel::new(Arc::clone(&d), d.params, 0.42, 0.47).unwrap();
        assert!(m.at_configured());
        let (inv, model) = m.recovered(&tight()).unwrap();
        assert_eq!(inv.ease, model.ease);
        assert_eq!(inv.productivity, model.productivity);
        assert_eq!(inv.trade, model.trade);
        // The inversion is done once: a second model shares it.
        let (again, _) = m.recovered(&tight()).unwrap();
        assert!(Arc::ptr_eq(&inv, &again));
    }

    /// Every distance `km`: a change of mu (epsilon fixed) multiplies every E_ni by the same
    /// km^(epsilon (mu0 - mu)), which cancels in every share (10)-(14): the equilibrium is the
    /// baseline's and Ubar'/Ubar = (km^(epsilon (mu0 - mu)))^(1/epsilon) = km^(mu0 - mu) (15).
    #[test]
    fn with_equal_distances_a_commuting_elasticity_change_only_scales_utility() {
        for (km, mu) in [(12.0, 0.8), (3.5, 0.2), (40.0, 0.47 * 1.5)] {
            let d = data(km, false);
            let base = CommutingModel::new(Arc::clone(&d), d.params, 0.42, 0.47).unwrap();
            let moved = CommutingModel::new(Arc::clone(&d), d.params, 0.42, mu).unwrap();
            assert!(!moved.at_configured());
            let (_, e0) = base.solve(&tight()).unwrap();
            let (_, e1) = moved.solve(&tight()).unwrap();
            let closed = km.powf(0.47 - mu);
            let ratio = e1.welfare / e0.welfare;
            assert!(
                (ratio / closed - 1.0).abs() <= 1e-12,
                "km {km}, mu {mu}: {ratio} vs {closed}"
            );
            for (a, b) in [
                (&e0.residents, &e1.residents),
                (&e0.workers, &e1.workers),
                (&e0.wage, &e1.wage),
            ] {
                for (x, y) in a.iter().zip(b.iter()) {
                    assert!((x / y - 1.0).abs() <= 1e-12, "km {km}, mu {mu}: {x} vs {y}");
                }
            }
        }
        // With distances that differ, the same change moves people (not a tautology).
        let d = data(12.0, true);
        let (_, e0) = CommutingModel::new(Arc::clone(&d), d.params, 0.42, 0.47)
            .unwrap()
            .solve(&tight())
            .unwrap();
        let (_, e1) = CommutingModel::new(Arc::clone(&d), d.params, 0.42, 0.8)
            .unwrap()
            .solve(&tight())
            .unwrap();
        assert!(e0
            .residents
            .iter()
            .zip(&e1.residents)
            .any(|(x, y)| (x / y - 1.0).abs() > 1e-3));
    }
}
