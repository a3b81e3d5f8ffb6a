//! A configured city and the city capability the commands, sweeps and calibrations use.
//!
//! [`CityData`] is the city as configured: its blocks (where they are, their areas and travel
//! times), their observed residents, workers and floor prices, and the parameters the data
//! are inverted at (the configured ones). [`CityModel`] is that city at given parameters.
//!
//! The fundamentals (a, b, L) are recovered from the data once, at the configured
//! parameters, and then held fixed: the model at other parameters (a sweep's point, a
//! calibration's theta) is the city with those fundamentals, solved at its own parameters
//! from the uniform start. At the configured parameters that is exactly what `agglo solve`
//! computes; elsewhere it is comparative statics at fixed fundamentals (how much of the
//! city's shape the spillovers and commuting costs account for), not a re-estimation.

use std::sync::{Arc, Mutex};

use super::{invert, ArswCity, ArswEquilibrium, ArswParams, Closure, Inversion, Observed};
use crate::error::Result;
use crate::solve::SolverSettings;

/// Where the blocks are.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocks {
    /// "arsw-grid" or "arsw-blocks" (`/geography@kind`).
    pub layout: &'static str,
    pub ids: Vec<String>,
    /// Block centres, km.
    pub coordinates: Vec<[f64; 2]>,
    /// In words, e.g. "a 30 x 30 grid of 0.5 km blocks at 15 km/h".
    pub description: String,
}

/// A city as configured, shared by every model a family builds from it.
#[derive(Debug)]
pub struct CityData {
    /// The city at the configured parameters, travel times and areas; its fundamentals are
    /// placeholders until the inversion recovers them.
    city: ArswCity,
    observed: Observed,
    /// Reservation utility of an open city (`None`: closed).
    utility: Option<f64>,
    blocks: Blocks,
    /// Inversions done, by the settings they were solved with.
    inversions: Mutex<Vec<(SolverSettings, Arc<Inversion>)>>,
}

impl CityData {
    /// `city` (at the configured parameters, any fundamentals) with its data.
    pub fn new(city: ArswCity, observed: Observed, utility: Option<f64>, blocks: Blocks) -> Self {
        CityData {
            city,
            observed,
            utility,
            blocks,
            inversions: Mutex::new(Vec::new()),
        }
    }

    /// The city at the configured parameters (placeholder fundamentals).
    pub fn city(&self) -> &ArswCity {
        &self.city
    }

    pub fn observed(&self) -> &Observed {
        &self.observed
    }

    /// The configured reservation utility of an open city.
    pub fn utility(&self) -> Option<f64> {
        self.utility
    }

    pub fn blocks(&self) -> &Blocks {
        &self.blocks
    }

    /// The fundamentals recovered from the data at the configured parameters, solved with
    /// `settings`: computed once per settings and kept (every point of a sweep shares it).
    pub fn inversion(&self, settings: &SolverSettings) -> Result<Arc<Inversion>> {
        // Held while inverting, so that parallel points wait for one inversion.
        let mut done = self.inversions.lock().expect("inversion cache");
        if let Some((_, inv)) = done.iter().find(|(s, _)| s == settings) {
            return Ok(Arc::clone(inv));
        }
        let inv = Arc::new(invert(&self.city, &self.observed, self.utility, settings)?);
        done.push((*settings, Arc::clone(&inv)));
        Ok(inv)
    }
}

/// The city capability: a configured city at given parameters (and, open, reservation
/// utility).
#[derive(Debug, Clone)]
pub struct CityModel {
    data: Arc<CityData>,
    params: ArswParams,
    utility: Option<f64>,
}

impl CityModel {
    /// `data` at `params` (checked); `utility`: an open city's reservation utility (`None`
    /// for a closed city).
    pub fn new(data: Arc<CityData>, params: ArswParams, utility: Option<f64>) -> Result<Self> {
        params.validate()?;
        if let Some(u) = utility {
            super::check_closure(Closure::Open { utility: u })?;
        }
        Ok(CityModel { data, params, utility })
    }

    pub fn data(&self) -> &CityData {
        &self.data
    }

    pub fn params(&self) -> &ArswParams {
        &self.params
    }

    /// The reservation utility of an open city (`None`: closed).
    pub fn utility(&self) -> Option<f64> {
        self.utility
    }

    /// Number of blocks.
    pub fn blocks(&self) -> usize {
        self.data.city.blocks()
    }

    /// The inversion of the data (at the configured parameters, to the tolerance of
    /// [`SolverSettings::for_inversion`] of `settings`) and the city with the recovered
    /// fundamentals at this model's parameters and utility.
    pub fn recovered(&self, settings: &SolverSettings) -> Result<(Arc<Inversion>, ArswCity)> {
        let inv = self.data.inversion(&settings.for_inversion())?;
        let mut city = self
            .data
            .city
            .with_fundamentals(inv.fundamentals.clone())?
            .with_closure(inv.closure)?;
        if *city.params() != self.params {
            city = city.with_params(self.params)?;
        }
        if let (Some(u), Closure::Open { utility }) = (self.utility, inv.closure) {
            if u != utility {
                city = city.with_closure(Closure::Open { utility: u })?;
            }
        }
        Ok((inv, city))
    }

    /// The equilibrium from the uniform start at this model's parameters (with the
    /// recovered fundamentals), and the city it is an equilibrium of.
    pub fn solve(&self, settings: &SolverSettings) -> Result<(ArswCity, ArswEquilibrium)> {
        let (_, city) = self.recovered(settings)?;
        let e = city.solve(None, settings)?;
        Ok((city, e))
    }
}
