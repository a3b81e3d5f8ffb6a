//! The diagram of a spatial model: branches of interior equilibria ([`SpatialProblem`])
//! seeded with the equilibria found at both ends of the range (seeded multi-start search),
//! each traced by pseudo-arclength through its folds until it leaves the range or the
//! domain. Seeding at both ends finds branches that do not reach `from` (the pair born at a
//! fold of an imperfect pitchfork); a seed on a branch already traced starts nothing.
//! Stability changes away from folds (branch and Hopf points) are located and reported;
//! branches are not switched there.

use super::arclength::{Advance, Arclength};
use super::branch::step_control;
use super::events::{self, Event};
use super::locate::{self, Crossing};
use super::problem::{self, Problem, Solution};
use super::scale;
use super::spatial::{log_ratios, SpatialFamily, SpatialPoint, SpatialProblem};
use super::{Branch, Diagram, Options, SpecialKind, SpecialPoint};
use crate::error::Result;
use crate::long_run::SearchOptions;
use crate::model::search_equilibria;
use crate::solve::SolverSettings;

/// Traces the diagram of the spatial `family` on `regions` locations.
pub fn trace_spatial_diagram(
    family: &SpatialFamily,
    regions: usize,
    parameter_name: &str,
    settings: &SolverSettings,
    search: &SearchOptions,
    options: &Options,
) -> Result<Diagram> {
    if options.log_scale {
        let in_log = scale::in_log(options)?;
        let at = |q: f64| family(q.exp());
        let mut d = trace_spatial_diagram(&at, regions, parameter_name, settings, search, &in_log)?;
        scale::to_levels(&mut d, options, f64::exp);
        return Ok(d);
    }
    // Traced in q = (p - from) / (to - from) in [0, 1] (see [`scale`]).
    let unit = scale::in_unit_range(options);
    let at = |q: f64| family(scale::from_unit(options, q));
    let mut d = trace_unit_range(&at, regions, parameter_name, settings, search, &unit)?;
    scale::to_levels(&mut d, options, |q| scale::from_unit(options, q));
    Ok(d)
}

/// [`trace_spatial_diagram`] over the unit range q in [0, 1].
fn trace_unit_range(
    family: &SpatialFamily,
    regions: usize,
    parameter_name: &str,
    settings: &SolverSettings,
    search: &SearchOptions,
    options: &Options,
) -> Result<Diagram> {
    let settings = SolverSettings {
        tolerance: crate::solve::Tolerance {
            residual: settings.tolerance.residual.max(1e-12),
            ..settings.tolerance
        },
        ..*settings
    };
    let problem = SpatialProblem::new(family, regions, settings);
    let mut diagram = Diagram {
        parameter_name: parameter_name.to_string(),
        ..Default::default()
    };
    let span = (options.to - options.from).abs();
    let mut seeds = Vec::new();
    for (end, towards) in [(options.from, options.to), (options.to, options.from)] {
        let model = family(end)?;
        for eq in search_equilibria(model.as_ref(), search.starts.max(1), search.seed, &settings)? {
            seeds.push((log_ratios(&eq.population), end, (towards - end).signum(), eq.wage));
        }
    }
    for (u0, p0, sign, wages) in seeds {
        if diagram.branches.len() >= options.max_branches {
            diagram
                .notes
                .push(format!("stopped at {} branches (max_branches)", options.max_branches));
            break;
        }
        let first = match problem.solve_at(&u0, p0, Some(&wages)) {
            Ok(f) => f,
            Err(e) => {
                diagram.notes.push(format!(
                    "an equilibrium found at parameter {p0} could not be polished: {e}"
                ));
                continue;
            }
        };
        let tol = 1e-9 * p0.abs().max(1.0);
        let known = diagram.branches.iter().any(|b| {
            b.points.iter().any(|q| {
                (q.parameter - p0).abs() <= tol && q.shares.iter().zip(&first.shares).all(|(a, b)| (a - b).abs() < 1e-7)
            })
        });
        if known {
            continue;
        }
        let index = diagram.branches.len();
        let (branch, special) = trace_branch(&problem, first, sign, options, span)?;
        for mut s in special {
            s.branch = index;
            diagram.special_points.push(s);
        }
        diagram.branches.push(branch);
    }
    Ok(diagram)
}

/// One branch from `first` towards increasing (`sign` > 0) or decreasing parameter.
fn trace_branch(
    problem: &SpatialProblem,
    first: SpatialPoint,
    sign: f64,
    options: &Options,
    span: f64,
) -> Result<(Branch, Vec<SpecialPoint>)> {
    let (lo, hi) = (options.from.min(options.to), options.from.max(options.to));
    let k = problem.dim();
    let mut reference = vec![0.0; k + 1];
    reference[k] = sign;
    let tangent = problem::tangent(problem, &first, &reference)?;
    let mut points = vec![first.record()];
    let mut special = Vec::new();
    let mut curve = Arclength::new(problem, first, tangent, step_control(options, span));
    let detectors = events::standard::<SpatialProblem>();
    let end = loop {
        if points.len() >= options.max_points {
            break format!("stopped after {} points", options.max_points);
        }
        let mut step = match curve.advance() {
            Advance::Step(step) => step,
            Advance::OutOfDomain => {
                break format!(
                    "a location's population fell below e^-{} of another's (concentration) near parameter {}",
                    super::spatial::MAX_LOG_RATIO,
                    curve.last.p
                )
            }
            Advance::Stuck(why) => break why,
        };
        // Past the end of the range: the last step ends exactly at the bound.
        let beyond = step.to.p < lo || step.to.p > hi;
        if beyond {
            let bound = if step.to.p < lo { lo } else { hi };
            let u = locate::interpolate(&step.from, &step.to, bound);
            match problem.solve_at(&u, bound, Some(&step.from.wages)) {
                Ok(e) => step.to = e,
                Err(e) => break format!("could not solve at the end of the range {bound}: {e}"),
            }
            step.tangent_to = step.tangent_from.clone();
        }
        match events::first_event(&detectors, problem, &step) {
            Some(Event::Fold) => {
                let fold = locate::fold(problem, &step.from, &step.tangent_from, step.ds, span)?;
                special.push(special_point(SpecialKind::Fold, &fold.crossing, points.len()));
                points.push(fold.evaluation.record());
            }
            Some(Event::StabilityChange) => {
                let c = locate::stability_change(problem, &step.from, &step.to, options)?;
                special.push(special_point(classify(&c.evaluation), &c.crossing, points.len()));
                points.push(c.evaluation.record());
            }
            None => {}
        }
        points.push(step.to.record());
        if beyond {
            break "end of the parameter range".into();
        }
    };
    let support = (0..problem.regions).collect();
    Ok((Branch { support, points, end }, special))
}

fn special_point(kind: SpecialKind, c: &Crossing, index: usize) -> SpecialPoint {
    SpecialPoint {
        kind,
        parameter: c.parameter,
        bracket: c.bracket,
        sides: c.sides,
        branch: 0,
        index,
        mode: 0,
    }
}

/// A complex pair crossing (Hopf) or a real one (branch point) away from a fold.
fn classify(e: &SpatialPoint) -> SpecialKind {
    let critical = e.eigenvalues.iter().min_by(|a, b| a.0.abs().total_cmp(&b.0.abs()));
    match critical {
        Some(&(_, im)) if im.abs() > 1e-8 => SpecialKind::Hopf,
        _ => SpecialKind::BranchPoint,
    }
}
