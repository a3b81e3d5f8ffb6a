//! Events along a traced curve as composable detectors: each looks at one accepted step
//! ([`Step`]) and says whether something happened inside it; [`first_event`] asks a list
//! of detectors in order. What is detected here is then located by bisection
//! ([`super::locate`]).
//!
//! - [`FoldDetector`]: the tangent's parameter component changes sign (a limit point: the
//!   curve turns back in p).
//! - [`StabilityDetector`]: the number of unstable eigenvalues changes (break, branch and
//!   Hopf points).
//!
//! Problem-specific detectors sit with their problem: entry of an empty region
//! ([`super::branch`], support system); leaving the domain (shares reaching zero) is reported
//! by the iterator itself ([`super::arclength::Advance::OutOfDomain`]).

use super::arclength::Step;
use super::problem::{Problem, Solution};

/// What a detector found in a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Fold,
    StabilityChange,
}

/// A test on one step.
pub trait Detector<P: Problem> {
    fn detect(&self, problem: &P, step: &Step<P::Solution>) -> Option<Event>;
}

/// The curve turns back in the parameter.
pub struct FoldDetector;

impl<P: Problem> Detector<P> for FoldDetector {
    fn detect(&self, problem: &P, step: &Step<P::Solution>) -> Option<Event> {
        let k = problem.dim();
        (step.tangent_from[k] * step.tangent_to[k] < 0.0).then_some(Event::Fold)
    }
}

/// The number of unstable eigenvalues changes.
pub struct StabilityDetector;

impl<P: Problem> Detector<P> for StabilityDetector {
    fn detect(&self, _problem: &P, step: &Step<P::Solution>) -> Option<Event> {
        (step.from.n_unstable() != step.to.n_unstable()).then_some(Event::StabilityChange)
    }
}

/// The first event any of `detectors` (in order) finds in `step`.
pub fn first_event<P: Problem>(detectors: &[&dyn Detector<P>], problem: &P, step: &Step<P::Solution>) -> Option<Event> {
    detectors.iter().find_map(|d| d.detect(problem, step))
}

/// The detectors every problem uses: fold first (a fold changes stability too), then
/// stability changes.
pub fn standard<'a, P: Problem + 'a>() -> [&'a dyn Detector<P>; 2] {
    [&FoldDetector, &StabilityDetector]
}
