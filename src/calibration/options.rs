//! How to calibrate: the optimiser ([`Method`]) and its settings ([`Options`]).

use std::path::PathBuf;

use super::Progress;

/// The optimiser: a closed set.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// Levenberg–Marquardt on the residuals in the unconstrained coordinates, with the
    /// target's exact Jacobian where it has one ([`super::least_squares`]). The default for
    /// least-squares targets.
    LevenbergMarquardt,
    NelderMead,
    /// L-BFGS (memory 7, More–Thuente line search) with central finite-difference gradients.
    Lbfgs,
    /// Particle swarm over the bounds, then the local `polish` method from its best point.
    ParticleSwarm {
        polish: Box<Method>,
    },
}

impl Method {
    pub fn name(&self) -> String {
        match self {
            Method::LevenbergMarquardt => "levenberg-marquardt".into(),
            Method::NelderMead => "nelder-mead".into(),
            Method::Lbfgs => "lbfgs".into(),
            Method::ParticleSwarm { polish } => format!("particle-swarm + {}", polish.name()),
        }
    }

    /// The local method (the polish of a swarm) used by bootstrap replicates.
    pub fn local(&self) -> Method {
        match self {
            Method::ParticleSwarm { polish } => polish.local(),
            other => other.clone(),
        }
    }
}

/// How to calibrate.
#[derive(Clone)]
pub struct Options {
    pub method: Method,
    pub starts: usize,
    pub seed: u64,
    pub max_iterations: u64,
    /// Nelder–Mead: standard deviation of the simplex's objectives; L-BFGS: gradient norm;
    /// Levenberg–Marquardt: relative step, relative decrease and gradient cosine (floored at
    /// machine epsilon).
    pub tolerance: f64,
    /// Particles of the swarm.
    pub particles: usize,
    /// Levenberg–Marquardt polish of the residuals after the search.
    pub polish_least_squares: bool,
    /// Bootstrap replicates (0: none).
    pub bootstrap: usize,
    /// Relative singular value below which a direction is flat.
    pub identification_tolerance: f64,
    /// Checkpoint folder and frequency (iterations) of the local runs.
    pub checkpoint: Option<(PathBuf, u64)>,
    pub progress: Progress,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            method: Method::LevenbergMarquardt,
            starts: 4,
            seed: 1,
            max_iterations: 2000,
            tolerance: 1e-15,
            particles: 20,
            polish_least_squares: true,
            bootstrap: 0,
            identification_tolerance: 1e-6,
            checkpoint: None,
            progress: None,
        }
    }
}
