//! Tracing one branch on a fixed support: pseudo-arclength predictor–corrector with an
//! adaptive step (k >= 1 unknown shares), or parameter stepping for a single occupied
//! region (k = 0). Special points met on the way are located ([`super::locate`]); a branch
//! ends at the parameter range's end or where it meets a branch on another support.

use super::arclength::{Advance, Arclength, StepControl};
use super::events::{self, Event};
use super::locate::{self, Crossing};
use super::system::{Evaluation, SupportSystem};
use super::{Options, Point, SpecialKind, SpecialPoint};
use crate::error::Result;

/// How a branch starts.
#[derive(Debug, Clone)]
pub enum Direction {
    /// Along this vector in (u, p) space (branch switching).
    Along(Vec<f64>),
    /// Towards increasing (+1) or decreasing (-1) parameter.
    Parameter(f64),
}

/// Where a new branch starts.
#[derive(Debug, Clone)]
pub struct Seed {
    pub support: Vec<usize>,
    pub shares: Vec<f64>,
    pub parameter: f64,
    pub direction: Direction,
    /// The start is already an exact solution (a located special point).
    pub exact: bool,
}

/// A meeting with a branch on a neighbouring support, found at the end of a branch.
#[derive(Debug, Clone)]
pub struct Junction {
    pub support: Vec<usize>,
    pub shares: Vec<f64>,
    pub parameter: f64,
    /// Regions that become empty (boundary) or may enter (entry).
    pub regions: Vec<usize>,
    pub entering: bool,
}

/// A traced branch with what it found.
pub struct Traced {
    pub points: Vec<Point>,
    pub special: Vec<SpecialPoint>,
    /// Located branch points with their evaluations, for switching.
    pub branch_points: Vec<(usize, Evaluation)>,
    pub junction: Option<Junction>,
    pub end: String,
    /// Irregularities met on the way (never silent).
    pub notes: Vec<String>,
}

fn point(e: &Evaluation) -> Point {
    Point {
        parameter: e.p,
        shares: e.shares.clone(),
        n_unstable: e.stability.n_unstable,
        stable: e.stability.stable,
    }
}

/// The step control of `options` over a range of width `span`.
pub fn step_control(options: &Options, span: f64) -> StepControl {
    StepControl {
        initial: options.initial_step * span,
        max: options.max_step * span,
        max_relative: options.max_relative_step,
        min: options.min_step * span,
    }
}

/// Traces the branch from `seed` in `system`'s support.
pub fn trace(system: &SupportSystem, seed: &Seed, options: &Options) -> Result<Traced> {
    if system.dim() == 0 {
        return trace_corner(system, seed, options);
    }
    let span = (options.to - options.from).abs();
    let (lo, hi) = (options.from.min(options.to), options.from.max(options.to));
    let k = system.dim();
    let u0 = system.coordinates(&seed.shares);
    let first = if seed.exact {
        system.evaluate(&u0, seed.parameter, None)?
    } else {
        system.solve_at(&u0, seed.parameter, None)?
    };
    let tangent = match &seed.direction {
        Direction::Along(v) => v.clone(),
        Direction::Parameter(sign) => {
            let mut reference = vec![0.0; k + 1];
            reference[k] = *sign;
            system.tangent(&first, &reference)?
        }
    };
    let mut out = Traced {
        points: vec![point(&first)],
        special: Vec::new(),
        branch_points: Vec::new(),
        junction: None,
        end: String::new(),
        notes: Vec::new(),
    };
    let mut curve = Arclength::new(system, first, tangent, step_control(options, span));
    // A start at a located special point is marginal: no detection on the first step.
    let mut detect = !seed.exact;
    loop {
        if out.points.len() >= options.max_points {
            out.end = format!("stopped after {} points", options.max_points);
            return Ok(out);
        }
        let step = match curve.advance() {
            Advance::Step(step) => step,
            // Approaching the simplex's boundary: shorten the step, then locate the meeting.
            Advance::OutOfDomain => {
                let (s_min, leaving) = locate::steps_to_boundary(system, &curve.last, &curve.tangent);
                if s_min > 1e-4 * span && curve.ds > 0.5 * s_min {
                    curve.ds = 0.5 * s_min;
                    continue;
                }
                let (last, tangent) = (curve.last.clone(), curve.tangent.clone());
                return finish_at_boundary(system, out, last, &tangent, s_min, leaving, options);
            }
            Advance::Stuck(why) => {
                if !end_at_nearby_bound(system, &mut out, &curve.last, lo, hi, span) {
                    out.end = why;
                }
                return Ok(out);
            }
        };
        let (last, next) = (&step.from, &step.to);
        // Leaving the parameter range (or within 1e-3 of its end, where limits such as
        // T = 1 are degenerate; of the range, or on a wide range of 20 max(|bound|, 1)): end
        // exactly at the bound.
        let margin = |bound: f64| 1e-3 * span.min(20.0 * bound.abs().max(1.0));
        if next.p < lo + margin(lo) || next.p > hi - margin(hi) {
            let bound = if next.p < lo + margin(lo) { lo } else { hi };
            let u_bound = locate::interpolate(last, next, bound);
            if let Ok(e) = system.solve_at(&u_bound, bound, Some(&last.state)) {
                out.points.push(point(&e));
            }
            out.end = "end of the parameter range".into();
            return Ok(out);
        }
        // Special points between `last` and `next`.
        let event = if detect {
            events::first_event(&events::standard(), system, &step)
        } else {
            detect = true;
            None
        };
        match event {
            Some(Event::Fold) => {
                let fold = locate::fold(system, last, &step.tangent_from, step.ds, span)?;
                out.points.push(point(&fold.evaluation));
                if fold.crossing.sides.0 != fold.crossing.sides.1 {
                    let at = out.points.len() - 1;
                    out.special.push(special(SpecialKind::Fold, &fold.crossing, at, 0));
                } else {
                    // The turn comes with no change of stability: a degenerate crossing (a
                    // branch point with an even-dimensional kernel), not a fold. Going on would
                    // retrace the branch, so it ends here, reported.
                    out.end = format!(
                        "turned back at parameter {} with no change of stability (degenerate branch point?)",
                        fold.crossing.parameter
                    );
                    return Ok(out);
                }
            }
            Some(Event::StabilityChange) => {
                let c = locate::stability_change(system, last, next, options)?;
                let kind = classify_crossing(&c.evaluation);
                out.special.push(special(kind, &c.crossing, out.points.len(), 0));
                if kind == SpecialKind::Break || (kind == SpecialKind::BranchPoint && options.switch_at_branch_points) {
                    out.branch_points.push((out.special.len() - 1, c.evaluation.clone()));
                }
                out.points.push(point(&c.evaluation));
            }
            None => {}
        }
        if end_at_entry(system, &mut out, last, next, options)? {
            return Ok(out);
        }
        out.points.push(point(next));
    }
}

/// Ends the branch where an empty region's entry eigenvalue turns positive between `last`
/// and `next` (a sustain point: the branch meets one on a larger support). True if it ended.
fn end_at_entry(
    system: &SupportSystem,
    out: &mut Traced,
    last: &Evaluation,
    next: &Evaluation,
    options: &Options,
) -> Result<bool> {
    let entering: Vec<usize> = (0..system.regions)
        .filter(|&r| last.entry[r] <= 0.0 && next.entry[r] > 0.0)
        .collect();
    if entering.is_empty() {
        return Ok(false);
    }
    let c = locate::entry(system, last, next, &entering, options)?;
    out.special
        .push(special(SpecialKind::Sustain, &c.crossing, out.points.len(), 0));
    out.points.push(point(&c.evaluation));
    out.junction = Some(Junction {
        support: system.support.clone(),
        shares: c.evaluation.shares.clone(),
        parameter: c.evaluation.p,
        regions: entering,
        entering: true,
    });
    out.end = "an empty region's real wage reached the others'".into();
    Ok(true)
}

/// Near the end of the range a branch may run into a degenerate point (at T = 1 every
/// distribution is an equilibrium): end it at the bound if a solution exists there.
fn end_at_nearby_bound(
    system: &SupportSystem,
    out: &mut Traced,
    last: &Evaluation,
    lo: f64,
    hi: f64,
    span: f64,
) -> bool {
    let bound = if (last.p - lo).abs() < (last.p - hi).abs() {
        lo
    } else {
        hi
    };
    if (last.p - bound).abs() > 1e-2 * span {
        return false;
    }
    match system.solve_at(&last.u, bound, Some(&last.state)) {
        Ok(e) => {
            out.points.push(point(&e));
            out.end = "end of the parameter range".into();
            true
        }
        Err(_) => false,
    }
}

/// Ends a branch whose shares in `leaving` reach zero about `s_min` along the tangent:
/// the meeting point is where, on the smaller support, their entry eigenvalue is zero.
fn finish_at_boundary(
    system: &SupportSystem,
    mut out: Traced,
    last: Evaluation,
    tangent: &[f64],
    s_min: f64,
    leaving: Vec<usize>,
    options: &Options,
) -> Result<Traced> {
    let smaller: Vec<usize> = system
        .support
        .iter()
        .copied()
        .filter(|r| !leaving.contains(r))
        .collect();
    let estimate = last.p + s_min * tangent[system.dim()];
    match locate::boundary(system, &smaller, &last, estimate, &leaving, options) {
        Ok(c) => {
            out.special
                .push(special(SpecialKind::Sustain, &c.crossing, out.points.len(), 0));
            out.points.push(point(&c.evaluation));
            out.junction = Some(Junction {
                support: smaller,
                shares: c.evaluation.shares.clone(),
                parameter: c.evaluation.p,
                regions: leaving,
                entering: false,
            });
            out.end = "shares reached zero (meets a branch on a smaller support)".into();
        }
        Err(e) => out.end = format!("could not locate where shares reach zero near parameter {estimate}: {e}"),
    }
    Ok(out)
}

/// A branch with one occupied region: step the parameter, watch the entry eigenvalues.
fn trace_corner(system: &SupportSystem, seed: &Seed, options: &Options) -> Result<Traced> {
    let span = (options.to - options.from).abs();
    let (lo, hi) = (options.from.min(options.to), options.from.max(options.to));
    let sign = match seed.direction {
        Direction::Parameter(s) => s.signum(),
        Direction::Along(ref v) => v[0].signum(),
    };
    let first = system.evaluate(&[], seed.parameter, None)?;
    let mut out = Traced {
        points: vec![point(&first)],
        special: Vec::new(),
        branch_points: Vec::new(),
        junction: None,
        end: String::new(),
        notes: Vec::new(),
    };
    let mut last = first;
    // Half the largest arclength step, and no more than half the step relative to the scale.
    let step = |p: f64| (0.5 * options.max_step * span).min(0.5 * options.max_relative_step * p.abs().max(1.0));
    loop {
        let p = (last.p + sign * step(last.p)).clamp(lo, hi);
        let next = system.evaluate(&[], p, Some(&last.state))?;
        if end_at_entry(system, &mut out, &last, &next, options)? {
            return Ok(out);
        }
        out.points.push(point(&next));
        if p == lo || p == hi {
            out.end = "end of the parameter range".into();
            return Ok(out);
        }
        last = next;
    }
}

fn special(kind: SpecialKind, c: &Crossing, index: usize, mode: usize) -> SpecialPoint {
    SpecialPoint {
        kind,
        parameter: c.parameter,
        bracket: c.bracket,
        sides: c.sides,
        branch: 0,
        index,
        mode,
    }
}

/// Break (equal shares on the support), branch point, or Hopf (complex pair).
fn classify_crossing(e: &Evaluation) -> SpecialKind {
    let critical = e
        .stability
        .eigenvalues
        .iter()
        .min_by(|a, b| a.0.abs().total_cmp(&b.0.abs()));
    if let Some(&(_, im)) = critical {
        if im.abs() > 1e-8 {
            return SpecialKind::Hopf;
        }
    }
    let occupied: Vec<f64> = e.shares.iter().copied().filter(|s| *s > 0.0).collect();
    let (min, max) = occupied
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), s| (a.min(*s), b.max(*s)));
    if max - min < 1e-9 {
        SpecialKind::Break
    } else {
        SpecialKind::BranchPoint
    }
}
