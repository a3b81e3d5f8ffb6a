//! The Ahlfeldt–Redding–Sturm–Wolf (2015, Econometrica 83(6), "ARSW") city: blocks with
//! floor space, workers who choose where to live and where to work (Fréchet commuting),
//! production spillovers from nearby employment and residential spillovers from nearby
//! residents, both decaying with travel time. Written in the compact form of Redding and
//! Rossi-Hansberg (2017, Annual Review, "QSE") §4 with one floor price per block.
//!
//! ```text
//! commuting:  pi_ni = X_n K_ni Y_i / S,  X_n = (B_n Q_n^(beta-1))^eps,  Y_i = w_i^eps,
//!             K_ni = exp(-kappa eps t_ni),  S = sum_rs X_r K_rs Y_s          (ARSW eq. 6)
//! residents:  H_R = H X ⊙ (K Y) / S;   workers: H_M = H Y ⊙ (K^T X) / S       (eqs 8, 9)
//! income:     v = K (Y ⊙ w) / (K Y)  (expected wage of a block's residents)    (eq. 16)
//! utility:    U = gamma S^(1/eps),  gamma = Gamma((eps-1)/eps)                 (eq. 10)
//! production: Q_i = (1-alpha) (alpha / w_i)^(alpha/(1-alpha)) A_i^(1/(1-alpha)) (eq. 13)
//! floor:      L_n Q_n = (1-beta) v_n H_Rn + ((1-alpha)/alpha) w_n H_Mn          (eq. 17)
//! spillovers: A_i = a_i Upsilon_i^lambda, Upsilon_i = sum_s exp(-delta t_is) H_Ms / K_s
//!             B_n = b_n Omega_n^eta,      Omega_n = sum_r exp(-rho t_nr) H_Rr / K_r (eqs 20–23)
//! ```
//!
//! The N × N matrix pi is never formed: an iteration is a few kernel products
//! ([`kernel`]). A closed city has a fixed population H; an open city a fixed reservation
//! utility U and an endogenous H. Blocks may have one use only (a_i = 0: no workers; b_n = 0:
//! no residents), as real city data do. [`outcomes`] adds commercial floor-space shares,
//! commuting times, GDP and land rent; [`setup`] is the city as configured and the capability
//! the commands, sweeps and calibrations ask for ([`CityModel`]).

pub mod counterfactual;
pub mod equilibrium;
pub mod inversion;
pub mod kernel;
pub mod outcomes;
pub mod params;
pub mod setup;
pub mod synthetic;
pub mod travel;

pub use counterfactual::{CityShock, CounterfactualResult, Spillovers};
pub use equilibrium::ArswEquilibrium;
pub use inversion::{invert, Inversion, Observed};
pub use outcomes::{CityOutcomes, CityStatistic};
pub use params::ArswParams;
pub use setup::{Blocks, CityData, CityModel};
pub use synthetic::SyntheticCity;
pub use travel::{corridor_pairs, GridCity, Travel, TravelTimes};

use std::sync::Arc;

use crate::error::{Error, Result};
use kernel::Kernels;

/// Exogenous block characteristics: the fundamentals the inversion recovers.
///
/// Real city data have blocks without workers (residential only) and blocks without
/// residents (commercial only): their productivity (resp. amenity) is 0, as ARSW set it. A
/// block with a_i = 0 employs nobody (w_i = 0, H_Mi = 0), one with b_n = 0 houses nobody
/// (H_Rn = 0); every block has a > 0 or b > 0, so that its floor space has a use and a price.
#[derive(Debug, Clone, PartialEq)]
pub struct ArswFundamentals {
    /// a_i: exogenous productivity (ARSW eq. 20), >= 0 (0: no production in the block).
    pub productivity: Vec<f64>,
    /// b_n: exogenous amenity (ARSW eq. 22), >= 0 (0: nobody lives in the block).
    pub amenity: Vec<f64>,
    /// L_n: floor space, > 0.
    pub floor_space: Vec<f64>,
}

impl ArswFundamentals {
    /// Checks one value per block: a, b finite and >= 0, not both 0, with at least one block
    /// of each use; L finite and > 0.
    pub fn check(&self, n: usize) -> Result<()> {
        nonnegative("model.productivity", &self.productivity, n)?;
        nonnegative("model.amenity", &self.amenity, n)?;
        positive("model.floor-space", &self.floor_space, n)?;
        if let Some(i) = (0..n).find(|&i| self.productivity[i] == 0.0 && self.amenity[i] == 0.0) {
            return Err(Error::invalid(
                format!("model.productivity[{}]", i + 1),
                0,
                "a block needs productivity > 0 or amenity > 0 (both 0: its floor space has no use)",
            ));
        }
        if self.productivity.iter().all(|a| *a == 0.0) {
            return Err(Error::invalid("model.productivity", 0, "some block must produce (> 0)"));
        }
        if self.amenity.iter().all(|b| *b == 0.0) {
            return Err(Error::invalid(
                "model.amenity",
                0,
                "some block must house residents (> 0)",
            ));
        }
        Ok(())
    }
}

/// Whether the city's population or its workers' utility is fixed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Closure {
    /// Fixed population H (ARSW's closed city).
    Closed { population: f64 },
    /// Fixed reservation utility U: workers move in from the wider economy until expected
    /// utility equals it (ARSW's open city).
    Open { utility: f64 },
}

/// A validated ARSW city.
#[derive(Debug, Clone)]
pub struct ArswCity {
    params: ArswParams,
    /// Shared by the cities derived from this one (`with_fundamentals`, `with_closure`):
    /// an N × N matrix of times is never copied.
    travel: Arc<Travel>,
    /// K_i: block area (km² when the grid is in km).
    area: Vec<f64>,
    fundamentals: ArswFundamentals,
    closure: Closure,
    kernels: Kernels,
}

impl ArswCity {
    /// Checks the parameters, that every per-block vector has one finite positive value per
    /// block, and the closure; builds the kernels.
    pub fn new(
        params: ArswParams,
        travel: Travel,
        area: Vec<f64>,
        fundamentals: ArswFundamentals,
        closure: Closure,
    ) -> Result<Self> {
        Self::build(params, Arc::new(travel), area, fundamentals, closure)
    }

    fn build(
        params: ArswParams,
        travel: Arc<Travel>,
        area: Vec<f64>,
        fundamentals: ArswFundamentals,
        closure: Closure,
    ) -> Result<Self> {
        params.validate()?;
        let n = travel.len();
        positive("model.area", &area, n)?;
        fundamentals.check(n)?;
        check_closure(closure)?;
        let kernels = Kernels::new(&travel, params.kappa_epsilon, params.delta, params.rho);
        Ok(ArswCity {
            params,
            travel,
            area,
            fundamentals,
            closure,
            kernels,
        })
    }

    /// Number of blocks.
    pub fn blocks(&self) -> usize {
        self.area.len()
    }

    pub fn params(&self) -> &ArswParams {
        &self.params
    }

    pub fn travel(&self) -> &Travel {
        &self.travel
    }

    pub fn area(&self) -> &[f64] {
        &self.area
    }

    pub fn fundamentals(&self) -> &ArswFundamentals {
        &self.fundamentals
    }

    pub fn closure(&self) -> Closure {
        self.closure
    }

    pub fn kernels(&self) -> &Kernels {
        &self.kernels
    }

    /// Whether block i produces (a_i > 0): its wage and workers are part of the equilibrium.
    pub fn producing(&self, i: usize) -> bool {
        self.fundamentals.productivity[i] > 0.0
    }

    /// Whether block n houses residents (b_n > 0).
    pub fn residential(&self, n: usize) -> bool {
        self.fundamentals.amenity[n] > 0.0
    }

    /// (producing, residential) for every block.
    pub fn uses(&self) -> (Vec<bool>, Vec<bool>) {
        let f = &self.fundamentals;
        (
            f.productivity.iter().map(|a| *a > 0.0).collect(),
            f.amenity.iter().map(|b| *b > 0.0).collect(),
        )
    }

    /// The same city with other fundamentals (kernels kept).
    pub fn with_fundamentals(&self, fundamentals: ArswFundamentals) -> Result<Self> {
        fundamentals.check(self.blocks())?;
        Ok(ArswCity {
            fundamentals,
            ..self.clone()
        })
    }

    /// The same city with another closure: kernels and travel times shared, not rebuilt
    /// (they do not depend on the closure).
    pub fn with_closure(&self, closure: Closure) -> Result<Self> {
        check_closure(closure)?;
        Ok(ArswCity {
            closure,
            ..self.clone()
        })
    }

    /// The same city with other travel times (kernels rebuilt).
    pub fn with_travel(&self, travel: Travel) -> Result<Self> {
        if travel.len() != self.blocks() {
            return Err(Error::Numerical(format!(
                "travel times for {} blocks, but the city has {}",
                travel.len(),
                self.blocks()
            )));
        }
        Self::build(
            self.params,
            Arc::new(travel),
            self.area.clone(),
            self.fundamentals.clone(),
            self.closure,
        )
    }

    /// The same city with other parameters (kernels rebuilt only when a decay, kappa
    /// epsilon, delta or rho, changed).
    pub fn with_params(&self, params: ArswParams) -> Result<Self> {
        let p = &self.params;
        if (params.kappa_epsilon, params.delta, params.rho) == (p.kappa_epsilon, p.delta, p.rho) {
            params.validate()?;
            return Ok(ArswCity { params, ..self.clone() });
        }
        Self::build(
            params,
            self.travel.clone(),
            self.area.clone(),
            self.fundamentals.clone(),
            self.closure,
        )
    }
}

/// A population or utility that is finite and > 0.
fn check_closure(closure: Closure) -> Result<()> {
    match closure {
        Closure::Closed { population } if !(population.is_finite() && population > 0.0) => {
            Err(Error::invalid("model.population", population, "must be finite and > 0"))
        }
        Closure::Open { utility } if !(utility.is_finite() && utility > 0.0) => {
            Err(Error::invalid("model.utility", utility, "must be finite and > 0"))
        }
        _ => Ok(()),
    }
}

/// One finite value >= 0 per block.
fn nonnegative(key: &str, v: &[f64], n: usize) -> Result<()> {
    if v.len() != n {
        return Err(Error::invalid(
            key,
            format!("{} values", v.len()),
            format!("one value per block ({n})"),
        ));
    }
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| !(x.is_finite() && **x >= 0.0)) {
        return Err(Error::invalid(
            format!("{key}[{}]", i + 1),
            x,
            "values must be finite and >= 0",
        ));
    }
    Ok(())
}

/// One finite value > 0 per block.
fn positive(key: &str, v: &[f64], n: usize) -> Result<()> {
    if v.len() != n {
        return Err(Error::invalid(
            key,
            format!("{} values", v.len()),
            format!("one value per block ({n})"),
        ));
    }
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| !(x.is_finite() && **x > 0.0)) {
        return Err(Error::invalid(
            format!("{key}[{}]", i + 1),
            x,
            "values must be finite and > 0",
        ));
    }
    Ok(())
}
