//! Quantitative spatial models (Allen–Arkolakis 2014, Helpman 1998 in the form of Redding
//! and Rossi-Hansberg 2017): the interface that `agglo solve`, `invert` and `counterfactual`
//! use. Unlike [`super::MobileFactorModel`], equilibria are found by contraction or Newton
//! on the whole system, fundamentals can be recovered from data (inversion), and shocks are
//! evaluated both in levels and by exact hat algebra (QSE eqs 18–20).

use crate::error::Result;
use crate::solve::{SolverSettings, Stats};

/// Location fundamentals: productivity Abar_i and amenity ubar_i (or their model's analogue).
#[derive(Debug, Clone, PartialEq)]
pub struct Fundamentals {
    pub productivity: Vec<f64>,
    pub amenity: Vec<f64>,
}

/// An equilibrium of a spatial model.
#[derive(Debug, Clone)]
pub struct SpatialEquilibrium {
    /// Population (labour) L_i in levels.
    pub population: Vec<f64>,
    /// Nominal wage w_i.
    pub wage: Vec<f64>,
    /// Price index of traded goods P_i.
    pub price_index: Vec<f64>,
    /// Welfare (common utility) of the residents of each location: equal within a group of
    /// locations between which labour is mobile (a country), reported per location.
    pub welfare: Vec<f64>,
    pub stats: Stats,
}

/// Whether the equilibrium is known to be unique, with the condition that says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Uniqueness {
    pub unique: bool,
    /// E.g. "alpha + beta = -0.2 < 0: unique (contraction modulus 0.7333)".
    pub statement: String,
}

/// A counterfactual change, relative to the baseline (factors multiply baseline values;
/// `None` leaves a part unchanged).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shock {
    /// N × N row-major factors on the iceberg costs tau_ij (entries >= 0; diagonal 1).
    pub trade_cost: Option<Vec<f64>>,
    /// Factors on productivity.
    pub productivity: Option<Vec<f64>>,
    /// Factors on amenities.
    pub amenity: Option<Vec<f64>>,
}

/// What the spatial workflow needs from a model.
pub trait SpatialModel: Sync + Send + std::fmt::Debug {
    /// Number of locations.
    fn regions(&self) -> usize;

    /// The equilibrium reached from `start` population (`None`: the model's default start).
    fn solve(&self, start: Option<&[f64]>, settings: &SolverSettings) -> Result<SpatialEquilibrium>;

    /// The uniqueness condition and whether it holds.
    fn uniqueness(&self) -> Uniqueness;

    /// The model's fundamentals.
    fn fundamentals(&self) -> &Fundamentals;

    /// Fundamentals that make `population` and `wage` an equilibrium (the inversion), under
    /// the model's parameters and geography, solved to `settings`; the normalisation is
    /// documented by each model.
    fn invert(&self, population: &[f64], wage: &[f64], settings: &SolverSettings) -> Result<Fundamentals>;

    /// The same model with other fundamentals.
    fn with_fundamentals(&self, fundamentals: Fundamentals) -> Result<Box<dyn SpatialModel>>;

    /// The model after a shock, to be solved in levels.
    fn shocked(&self, shock: &Shock) -> Result<Box<dyn SpatialModel>>;

    /// The counterfactual equilibrium by exact hat algebra from a baseline equilibrium of
    /// this model (QSE eqs 18–20): only the baseline's observables and the shock are used.
    fn hat_algebra(
        &self,
        baseline: &SpatialEquilibrium,
        shock: &Shock,
        settings: &SolverSettings,
    ) -> Result<SpatialEquilibrium>;

    /// Bilateral trade shares at an equilibrium of this model, where the model defines them
    /// (`None` otherwise): N x N row-major, row n = destination, column i = origin, entry
    /// pi_ni the share of n's spending on goods from i (rows sum to 1).
    fn trade_shares(&self, _eq: &SpatialEquilibrium) -> Option<Vec<f64>> {
        None
    }

    /// Welfare at any population (the short run), where the model provides it: what
    /// `agglo bifurcate` needs to trace the model's equilibria and their stability under the
    /// adjustment dynamics of [`super::adjustment`].
    fn adjustment(&self) -> Option<&dyn super::adjustment::PopulationAdjustment> {
        None
    }
}
