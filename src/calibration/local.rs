//! One optimisation run from one start, in the unconstrained coordinates z:
//! Levenberg–Marquardt on the residuals ([`super::least_squares`]), or with argmin
//! Nelder–Mead, L-BFGS (More–Thuente line search, finite-difference gradients), or particle
//! swarm over a box in z followed by a local polish. Runs of the local methods can be
//! checkpointed to files (argmin's `FileCheckpoint`) and resumed.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use argmin::core::checkpointing::CheckpointingFrequency;
use argmin::core::observers::ObserverMode;
use argmin::core::{Executor, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::particleswarm::ParticleSwarm;
use argmin::solver::quasinewton::LBFGS;
use argmin_checkpointing_file::FileCheckpoint;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::problem::Problem;
use super::progress::{Progress, Recorder, TraceRow};
use super::Method;
use crate::error::{Error, Result};

/// Edge of the initial Nelder–Mead simplex in z (logit units: about 12% of the interval
/// at its centre).
const SIMPLEX_STEP: f64 = 0.5;
/// Particle swarm searches z in [-Z_BOX, Z_BOX] (theta within 0.25% of the interval of
/// either bound and beyond).
const Z_BOX: f64 = 6.0;

/// Settings of one run.
#[derive(Clone)]
pub struct RunSettings {
    pub max_iterations: u64,
    pub tolerance: f64,
    pub particles: usize,
    /// Folder and name of the checkpoint file (local methods), with its frequency.
    pub checkpoint: Option<(PathBuf, String, u64)>,
    pub progress: Progress,
    pub label: String,
    pub seed: u64,
}

/// Where a run ended.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub z: Vec<f64>,
    pub objective: f64,
    pub iterations: u64,
    /// The method's own convergence test was met (not the iteration cap).
    pub converged: bool,
    pub trace: Vec<TraceRow>,
}

fn argmin_error(what: &str) -> impl Fn(argmin::core::Error) -> Error + '_ {
    move |e| Error::Numerical(format!("{what}: {e}"))
}

fn recorder(problem: &Problem<'_>, settings: &RunSettings, trace: &Arc<Mutex<Vec<TraceRow>>>) -> Recorder {
    Recorder {
        trace: trace.clone(),
        transform: problem.transform.clone(),
        label: settings.label.clone(),
        progress: settings.progress.clone(),
        every: 10,
    }
}

fn converged(status: &TerminationStatus) -> bool {
    matches!(
        status,
        TerminationStatus::Terminated(TerminationReason::SolverConverged | TerminationReason::TargetCostReached)
    )
}

/// Runs `method` from `z0`.
pub fn run(problem: &Problem<'_>, method: Method, z0: &[f64], settings: &RunSettings) -> Result<RunResult> {
    match method {
        Method::LevenbergMarquardt => super::least_squares::run(problem, z0, settings),
        Method::NelderMead => nelder_mead(problem, z0, settings),
        Method::Lbfgs => lbfgs(problem, z0, settings),
        Method::ParticleSwarm { polish } => {
            let swarm = particle_swarm(problem, z0, settings)?;
            let mut polished = run(problem, *polish, &swarm.z, settings)?;
            polished.iterations += swarm.iterations;
            let mut trace = swarm.trace;
            let offset = swarm.iterations;
            trace.extend(polished.trace.into_iter().map(|mut r| {
                r.iteration += offset;
                r
            }));
            polished.trace = trace;
            Ok(polished)
        }
    }
}

fn nelder_mead(problem: &Problem<'_>, z0: &[f64], settings: &RunSettings) -> Result<RunResult> {
    let mut simplex = vec![z0.to_vec()];
    for i in 0..z0.len() {
        let mut v = z0.to_vec();
        v[i] += SIMPLEX_STEP;
        simplex.push(v);
    }
    let solver = NelderMead::new(simplex)
        .with_sd_tolerance(settings.tolerance)
        .map_err(argmin_error("nelder-mead"))?;
    let trace = Arc::new(Mutex::new(Vec::new()));
    let mut exec = Executor::new(problem.clone(), solver)
        .configure(|s| s.max_iters(settings.max_iterations))
        .add_observer(recorder(problem, settings, &trace), ObserverMode::Always);
    if let Some((dir, name, every)) = &settings.checkpoint {
        exec = exec.checkpointing(FileCheckpoint::new(
            dir.display().to_string(),
            name.clone(),
            CheckpointingFrequency::Every(*every),
        ));
    }
    let res = exec.run().map_err(argmin_error("nelder-mead"))?;
    let state = res.state();
    let z = state.get_best_param().cloned().unwrap_or_else(|| z0.to_vec());
    let trace = trace.lock().expect("trace lock").clone();
    Ok(RunResult {
        objective: state.get_best_cost(),
        iterations: state.get_iter(),
        converged: converged(state.get_termination_status()),
        z,
        trace,
    })
}

fn lbfgs(problem: &Problem<'_>, z0: &[f64], settings: &RunSettings) -> Result<RunResult> {
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
        .with_tolerance_grad(settings.tolerance)
        .and_then(|s| s.with_tolerance_cost(0.0))
        .map_err(argmin_error("lbfgs"))?;
    let trace = Arc::new(Mutex::new(Vec::new()));
    let mut exec = Executor::new(problem.clone(), solver)
        .configure(|s| s.param(z0.to_vec()).max_iters(settings.max_iterations))
        .add_observer(recorder(problem, settings, &trace), ObserverMode::Always);
    if let Some((dir, name, every)) = &settings.checkpoint {
        exec = exec.checkpointing(FileCheckpoint::new(
            dir.display().to_string(),
            name.clone(),
            CheckpointingFrequency::Every(*every),
        ));
    }
    let trace_rows = || trace.lock().expect("trace lock").clone();
    match exec.run() {
        Ok(res) => {
            let state = res.state();
            let z = state.get_best_param().cloned().unwrap_or_else(|| z0.to_vec());
            Ok(RunResult {
                objective: state.get_best_cost(),
                iterations: state.get_iter(),
                converged: converged(state.get_termination_status()),
                z,
                trace: trace_rows(),
            })
        }
        // The line search fails when no step decreases f any more (at the optimum, to
        // rounding): keep the best point recorded.
        Err(e) => {
            let rows = trace_rows();
            let last = rows.last().cloned().ok_or_else(|| argmin_error("lbfgs")(e))?;
            let z = problem.transform.to_z(&last.theta);
            Ok(RunResult {
                objective: problem.objective(&z),
                iterations: last.iteration,
                converged: false,
                z,
                trace: rows,
            })
        }
    }
}

fn particle_swarm(problem: &Problem<'_>, z0: &[f64], settings: &RunSettings) -> Result<RunResult> {
    let q = z0.len();
    let bounds = (vec![-Z_BOX; q], vec![Z_BOX; q]);
    let solver = ParticleSwarm::new(bounds, settings.particles.max(4))
        .with_rng_generator(ChaCha8Rng::seed_from_u64(settings.seed));
    let trace = Arc::new(Mutex::new(Vec::new()));
    let res = Executor::new(problem.clone(), solver)
        .configure(|s| s.max_iters(settings.max_iterations))
        .add_observer(recorder(problem, settings, &trace), ObserverMode::Always)
        .run()
        .map_err(argmin_error("particle-swarm"))?;
    let state = res.state();
    let z = state
        .get_best_param()
        .map(|p| p.position.clone())
        .unwrap_or_else(|| z0.to_vec());
    let trace = trace.lock().expect("trace lock").clone();
    Ok(RunResult {
        objective: state.get_best_cost(),
        iterations: state.get_iter(),
        converged: true,
        z,
        trace,
    })
}
