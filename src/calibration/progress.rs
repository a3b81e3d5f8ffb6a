//! An argmin observer: records each iteration's best parameters and objective (the trace
//! written to `/calibration/trace`) and reports progress through a callback (the CLI prints
//! it on stderr, on a terminal only). The numerical core itself prints nothing.

use std::sync::{Arc, Mutex};

use argmin::core::observers::Observe;
use argmin::core::{Error as ArgminError, State, KV};
use argmin::solver::particleswarm::Particle;

use super::Transform;

/// Progress lines go here (e.g. to stderr); `None` is silent.
pub type Progress = Option<Arc<dyn Fn(&str) + Send + Sync>>;

/// One row of a trace: iteration, theta, best objective so far.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRow {
    pub iteration: u64,
    pub theta: Vec<f64>,
    pub objective: f64,
}

/// Records the trace of one run and reports every `every`-th iteration.
pub struct Recorder {
    pub trace: Arc<Mutex<Vec<TraceRow>>>,
    pub transform: Transform,
    pub label: String,
    pub progress: Progress,
    pub every: u64,
}

/// The position z of an argmin parameter (a vector, or a particle of the swarm).
pub trait Position {
    fn position(&self) -> &[f64];
}

impl Position for Vec<f64> {
    fn position(&self) -> &[f64] {
        self
    }
}

impl Position for Particle<Vec<f64>, f64> {
    fn position(&self) -> &[f64] {
        &self.position
    }
}

impl<I> Observe<I> for Recorder
where
    I: State<Float = f64>,
    I::Param: Position,
{
    fn observe_iter(&mut self, state: &I, _kv: &KV) -> Result<(), ArgminError> {
        let Some(z) = state.get_best_param() else { return Ok(()) };
        let theta = self.transform.to_theta(z.position());
        let row = TraceRow {
            iteration: state.get_iter(),
            theta,
            objective: state.get_best_cost(),
        };
        if let Some(p) = &self.progress {
            if row.iteration % self.every.max(1) == 0 {
                p(&format!(
                    "{}: iteration {:>5}  best objective {:.6e}  theta {:?}",
                    self.label, row.iteration, row.objective, row.theta
                ));
            }
        }
        self.trace.lock().expect("trace lock").push(row);
        Ok(())
    }
}
