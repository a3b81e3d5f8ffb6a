//! Calibration: the parameters (any numeric config keys, within bounds) that make a model
//! reproduce data, by minimising a target's sum of squared residuals with argmin.
//!
//! | file | concept |
//! |---|---|
//! | [`transforms`] | bounds by the logistic transform, so optimisers run unconstrained |
//! | [`objective`] | the [`Target`] trait: residuals whose sum of squares is minimised |
//! | [`targets`] | `wages`, `trade-flows`, `moments` |
//! | [`options`] | the methods and settings of a calibration |
//! | [`problem`] | the objective in z (warm-started per run), its finite-difference gradient |
//! | [`least_squares`] | Levenberg–Marquardt on the residuals with the exact Jacobian (the default) |
//! | [`local`] | one run: Levenberg–Marquardt, or argmin's Nelder–Mead, L-BFGS, particle swarm; checkpoints |
//! | [`polish`] | Levenberg–Marquardt polish after an argmin search |
//! | [`multistart`] | seeded starts in parallel, distinct local optima |
//! | [`jacobian`], [`identification`], [`uncertainty`] | J (exact, or central differences), flat directions, Gauss–Newton standard errors and the bootstrap |
//! | [`progress`] | the argmin observer: trace and progress lines |

pub mod identification;
pub mod jacobian;
pub mod least_squares;
pub mod local;
pub mod multistart;
pub mod objective;
pub mod options;
pub mod polish;
pub mod problem;
pub mod progress;
pub mod targets;
pub mod transforms;
pub mod uncertainty;

pub use identification::Identification;
pub use multistart::Optimum;
pub use objective::{Target, WarmStart};
pub use options::{Method, Options};
pub use progress::{Progress, TraceRow};
pub use transforms::{Parameter, Transform};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Error, Result};
use local::{RunResult, RunSettings};
use problem::Problem;

/// One start's run.
#[derive(Debug, Clone)]
pub struct StartResult {
    pub start: Vec<f64>,
    /// The end point, or why the run failed.
    pub end: std::result::Result<(Vec<f64>, f64), String>,
    pub iterations: u64,
    pub converged: bool,
}

/// The bootstrap's summary.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    /// Estimates of each successful replicate, `[B', Q]`.
    pub draws: Vec<Vec<f64>>,
    pub failed: usize,
    pub std_dev: Vec<f64>,
    /// (2.5%, 97.5%) percentiles.
    pub interval: Vec<(f64, f64)>,
}

/// What a calibration found.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub names: Vec<String>,
    pub parameters: Vec<Parameter>,
    pub target: &'static str,
    pub method: String,
    /// Where the best run stopped (in the bounds), whether identified or not.
    pub optimum: Vec<f64>,
    /// `optimum` where identified, NaN where not (see `identification`).
    pub estimate: Vec<f64>,
    pub std_error: Vec<f64>,
    /// s^2 of the Gauss–Newton variance (NaN when not applicable).
    pub residual_variance: f64,
    pub objective: f64,
    pub identification: Identification,
    /// The best run's iterations: theta and best objective.
    pub trace: Vec<TraceRow>,
    pub starts: Vec<StartResult>,
    pub optima: Vec<Optimum>,
    /// Per residual: label, fitted and observed value at the optimum.
    pub labels: Vec<String>,
    pub fitted: Vec<f64>,
    pub observed: Vec<f64>,
    pub bootstrap: Option<Bootstrap>,
    /// Objective evaluations at which the model failed (counted as +inf).
    pub failed_evaluations: usize,
    /// Parameters within 0.1% of the interval of a bound.
    pub at_bound: Vec<bool>,
    /// "converged", or what went wrong, e.g. "not identified: model.mu, model.sigma".
    pub status: String,
}

/// The best of the runs of every start, its uncertainty and identification.
pub fn calibrate(target: &dyn Target, parameters: &[Parameter], options: &Options) -> Result<Calibration> {
    let q = parameters.len();
    if q == 0 {
        return Err(Error::Config(
            "calibrate.parameter: give at least one parameter to estimate".into(),
        ));
    }
    let transform = Transform::new(parameters);
    let names: Vec<String> = parameters.iter().map(|p| p.key.clone()).collect();
    let n_loc = target.locations();
    let ones = vec![1.0; n_loc.max(1)];
    let failed = Arc::new(AtomicUsize::new(0));
    let problem = Problem::new(target, &transform, &ones, failed.clone());
    let starts = multistart::starts(parameters, options.starts, options.seed);
    let runs: Vec<(StartResult, Vec<TraceRow>)> = starts
        .par_iter()
        .enumerate()
        .map(|(k, start)| {
            let settings = run_settings(options, &format!("start {k}"), k as u64);
            let z0 = transform.to_z(start);
            match one_run(&problem, &options.method, &z0, &settings, options.polish_least_squares) {
                Ok(r) => (
                    StartResult {
                        start: start.clone(),
                        end: Ok((transform.to_theta(&r.z), r.objective)),
                        iterations: r.iterations,
                        converged: r.converged,
                    },
                    r.trace,
                ),
                Err(e) => (
                    StartResult {
                        start: start.clone(),
                        end: Err(e.to_string()),
                        iterations: 0,
                        converged: false,
                    },
                    Vec::new(),
                ),
            }
        })
        .collect();
    let ends: Vec<(Vec<f64>, f64)> = runs
        .iter()
        .map(|(s, _)| s.end.clone().unwrap_or((vec![f64::NAN; q], f64::INFINITY)))
        .collect();
    let optima = multistart::distinct_optima(&ends, parameters);
    let best = optima.first().ok_or_else(|| {
        let why: Vec<String> = runs
            .iter()
            .enumerate()
            .filter_map(|(k, (s, _))| s.end.as_ref().err().map(|e| format!("start {k}: {e}")))
            .collect();
        Error::Numerical(format!(
            "calibration failed: no start reached a finite objective ({})",
            if why.is_empty() {
                "the model failed at every point tried".to_string()
            } else {
                why.join("; ")
            }
        ))
    })?;
    let best_start = best.starts[0];
    let optimum = best.theta.clone();
    let objective = best.objective;
    let trace = runs[best_start].1.clone();

    // Identification and Gauss–Newton standard errors at the optimum.
    let (residuals, j, _) = jacobian::residuals_and_jacobian(target, &transform, &optimum, &ones, &mut None)?;
    let scale: Vec<f64> = parameters
        .iter()
        .zip(&optimum)
        .map(|(p, t)| t.abs().max(1e-3 * (p.upper - p.lower)))
        .collect();
    let identification = identification::identify(&j, &scale, options.identification_tolerance);
    let (std_error, residual_variance) = if target.least_squares() {
        uncertainty::gauss_newton_std_errors(
            &j,
            &residuals,
            target.absorbed(),
            &scale,
            &identification,
            options.identification_tolerance,
        )
    } else {
        (vec![f64::NAN; q], f64::NAN)
    };
    let estimate: Vec<f64> = optimum
        .iter()
        .zip(&identification.identified)
        .map(|(t, ok)| if *ok { *t } else { f64::NAN })
        .collect();
    let (fitted, observed) = target.fit(&optimum)?;

    // Bootstrap over locations.
    let bootstrap = if options.bootstrap > 0 {
        if n_loc == 0 {
            return Err(Error::Config(format!(
                "calibrate.bootstrap = {}: the {} target has no locations to resample (use bootstrap = 0)",
                options.bootstrap,
                target.name()
            )));
        }
        let z_hat = transform.to_z(&optimum);
        let local = options.method.local();
        let results = uncertainty::bootstrap(n_loc, options.bootstrap, options.seed, |b, counts| {
            let p = Problem::new(target, &transform, counts, Arc::new(AtomicUsize::new(0)));
            let mut settings = run_settings(options, &format!("bootstrap {b}"), b);
            settings.checkpoint = None;
            settings.progress = None;
            one_run(&p, &local, &z_hat, &settings, options.polish_least_squares)
                .ok()
                .filter(|r| r.objective.is_finite())
                .map(|r| transform.to_theta(&r.z))
        });
        let failed = results.iter().filter(|r| r.is_none()).count();
        let draws: Vec<Vec<f64>> = results.into_iter().flatten().collect();
        let (std_dev, interval) = uncertainty::summarise(&draws, q);
        Some(Bootstrap {
            draws,
            failed,
            std_dev,
            interval,
        })
    } else {
        None
    };

    let at_bound = transform.near_bound(&optimum, 1e-3);
    let mut notes = Vec::new();
    if !runs[best_start].0.converged {
        notes.push("the best run stopped at the iteration cap".to_string());
    }
    if !identification.all_identified() {
        let which: Vec<&str> = names
            .iter()
            .zip(&identification.identified)
            .filter(|(_, ok)| !**ok)
            .map(|(n, _)| n.as_str())
            .collect();
        notes.push(format!("not identified: {}", which.join(", ")));
    }
    let bounded: Vec<&str> = names
        .iter()
        .zip(&at_bound)
        .filter(|(_, b)| **b)
        .map(|(n, _)| n.as_str())
        .collect();
    if !bounded.is_empty() {
        notes.push(format!("at a bound: {}", bounded.join(", ")));
    }
    let status = if notes.is_empty() {
        "converged".to_string()
    } else {
        notes.join("; ")
    };
    Ok(Calibration {
        names,
        parameters: parameters.to_vec(),
        target: target.name(),
        method: options.method.name(),
        optimum,
        estimate,
        std_error,
        residual_variance,
        objective,
        identification,
        trace,
        starts: runs.into_iter().map(|(s, _)| s).collect(),
        optima,
        labels: target.labels(),
        fitted,
        observed,
        bootstrap,
        failed_evaluations: failed.load(Ordering::Relaxed),
        at_bound,
        status,
    })
}

fn run_settings(options: &Options, label: &str, k: u64) -> RunSettings {
    RunSettings {
        max_iterations: options.max_iterations,
        tolerance: options.tolerance,
        particles: options.particles,
        checkpoint: options
            .checkpoint
            .as_ref()
            .map(|(dir, every)| (dir.clone(), label.replace(' ', "-"), *every)),
        progress: options.progress.clone(),
        label: label.to_string(),
        seed: options.seed.wrapping_add(k),
    }
}

/// The run from z0 with its own warm start, then (after an argmin search) the
/// least-squares polish.
fn one_run(
    problem: &Problem<'_>,
    method: &Method,
    z0: &[f64],
    settings: &RunSettings,
    polish: bool,
) -> Result<RunResult> {
    let problem = problem.fresh();
    let mut r = local::run(&problem, method.clone(), z0, settings)?;
    if polish && r.objective.is_finite() && !matches!(method.local(), Method::LevenbergMarquardt) {
        polish::polish(&problem, &mut r, settings);
    }
    Ok(r)
}
