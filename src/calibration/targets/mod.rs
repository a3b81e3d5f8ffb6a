//! The calibration targets, one per file: observed wages ([`wages`]), bilateral trade flows
//! ([`trade_flows`]), long-run equilibrium moments ([`moments`]), a city's statistics
//! ([`city`]) and those of locations linked by commuting ([`commuting`]).

pub mod city;
pub mod commuting;
pub mod moments;
pub mod trade_flows;
pub mod wages;

pub use city::{CityMoment, CityMomentsTarget};
pub use commuting::{CommutingMoment, CommutingMomentsTarget};
pub use moments::{Moment, MomentTarget, MomentsTarget};
pub use trade_flows::{Flow, TradeFlowsTarget};
pub use wages::{ParameterRole, WagesTarget};

use crate::error::Result;
use crate::model::{MobileFactorModel, SpatialModel};

/// The mobile-factor model at theta with its worker shares (the config rebuilt with the
/// parameters' keys set to theta).
pub type MobileAt = Box<dyn Fn(&[f64]) -> Result<(Box<dyn MobileFactorModel>, Vec<f64>)> + Sync + Send>;

/// The spatial model at theta.
pub type SpatialAt = Box<dyn Fn(&[f64]) -> Result<std::sync::Arc<dyn SpatialModel>> + Sync + Send>;
