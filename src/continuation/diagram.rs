//! A whole diagram: seed branches with the equilibria at the start of the range, trace each,
//! switch at branch points, and follow junctions onto neighbouring supports, until no new
//! branch is left (or `max_branches`).

use std::collections::VecDeque;

use super::branch::{self, Direction, Junction, Seed};
use super::system::{Family, SupportSystem};
use super::{scale, switching};
use super::{Branch, Diagram, Options};
use crate::error::Result;
use crate::long_run::{self, SearchOptions};
use crate::solve::SolverSettings;

/// Traces the diagram of `family` over the parameter from `options.from` to `options.to`.
pub fn trace_diagram(
    family: &Family,
    regions: usize,
    parameter_name: &str,
    settings: &SolverSettings,
    search: &SearchOptions,
    options: &Options,
) -> Result<Diagram> {
    if options.log_scale {
        let in_log = scale::in_log(options)?;
        let at = |q: f64| family(q.exp());
        let mut d = trace_diagram(&at, regions, parameter_name, settings, search, &in_log)?;
        scale::to_levels(&mut d, options, f64::exp);
        return Ok(d);
    }
    // Gaps are resolved to 1e-12 at least: below that, on many regions, Newton meets round-off.
    let settings = &SolverSettings {
        tolerance: crate::solve::Tolerance {
            residual: settings.tolerance.residual.max(1e-12),
            ..settings.tolerance
        },
        ..*settings
    };
    let mut diagram = Diagram {
        parameter_name: parameter_name.to_string(),
        ..Default::default()
    };
    let start_model = family(options.from)?;
    let uniform = vec![1.0 / regions as f64; regions];
    let mut equilibria = long_run::find_equilibria(start_model.as_ref(), &uniform, settings, search)?;
    if let Some(start) = options.start.as_ref().filter(|s| **s != uniform) {
        for eq in long_run::find_equilibria(start_model.as_ref(), start, settings, search)? {
            let same = |e: &long_run::Equilibrium| e.shares.iter().zip(&eq.shares).all(|(a, b)| (a - b).abs() < 1e-8);
            if !equilibria.iter().any(same) {
                equilibria.push(eq);
            }
        }
    }
    let towards = if options.to >= options.from { 1.0 } else { -1.0 };
    let mut queue: VecDeque<Seed> = equilibria
        .iter()
        .map(|eq| Seed {
            support: (0..regions).filter(|&r| eq.shares[r] > 0.0).collect(),
            shares: eq.shares.clone(),
            parameter: options.from,
            direction: Direction::Parameter(towards),
            exact: false,
        })
        .collect();
    // Junctions already followed: (support, parameter).
    let mut junctions: Vec<(Vec<usize>, f64)> = Vec::new();
    while let Some(seed) = queue.pop_front() {
        if diagram.branches.len() >= options.max_branches {
            diagram
                .notes
                .push(format!("stopped at {} branches (max_branches)", options.max_branches));
            break;
        }
        let system = SupportSystem::new(family, seed.support.clone(), regions, *settings);
        let traced = match branch::trace(&system, &seed, options) {
            Ok(t) => t,
            Err(e) => {
                diagram.notes.push(format!(
                    "branch on support {:?} from parameter {}: {e}",
                    seed.support, seed.parameter
                ));
                continue;
            }
        };
        let index = diagram.branches.len();
        diagram
            .notes
            .extend(traced.notes.iter().map(|n| format!("branch {index}: {n}")));
        let offset = diagram.special_points.len();
        for mut s in traced.special {
            s.branch = index;
            diagram.special_points.push(s);
        }
        for (i, e) in &traced.branch_points {
            let (directions, mode) = switching::directions(&system, e, options.circulant);
            diagram.special_points[offset + i].mode = mode;
            for d in directions {
                queue.push_back(Seed {
                    support: seed.support.clone(),
                    shares: e.shares.clone(),
                    parameter: e.p,
                    direction: Direction::Along(d),
                    exact: true,
                });
            }
        }
        if let Some(j) = &traced.junction {
            junctions.push((seed.support.clone(), j.parameter));
            if let Some(next) = follow(family, regions, settings, j, &junctions, options) {
                junctions.push((next.support.clone(), next.parameter));
                queue.push_back(next);
            }
        }
        diagram.branches.push(Branch {
            support: seed.support,
            points: traced.points,
            end: traced.end,
        });
    }
    Ok(diagram)
}

/// The seed of the branch on the other side of a junction, unless it was followed already.
fn follow(
    family: &Family,
    regions: usize,
    settings: &SolverSettings,
    j: &Junction,
    junctions: &[(Vec<usize>, f64)],
    options: &Options,
) -> Option<Seed> {
    let support: Vec<usize> = if j.entering {
        let mut s = j.support.clone();
        s.extend(&j.regions);
        s.sort_unstable();
        s
    } else {
        j.support.clone()
    };
    let tol = 1e-8 * j.parameter.abs().max(1.0);
    if junctions
        .iter()
        .any(|(s, p)| *s == support && (p - j.parameter).abs() < tol)
    {
        return None;
    }
    let system = SupportSystem::new(family, support.clone(), regions, *settings);
    let e = system
        .evaluate(&system.coordinates(&j.shares), j.parameter, None)
        .ok()?;
    let k = system.dim();
    // Probes a small step away; on a wide range relative to the parameter's scale.
    let span = (options.to - options.from).abs().min(20.0 * j.parameter.abs().max(1.0));
    let direction = if k == 0 {
        // One occupied region: go where the leaving regions' entry eigenvalue is negative.
        let h = 1e-4 * span;
        let up = system.evaluate(&[], j.parameter + h, Some(&e.state)).ok()?;
        let valid_up = j.regions.iter().all(|&r| up.entry[r] <= 0.0);
        Direction::Parameter(if valid_up { 1.0 } else { -1.0 })
    } else {
        // Orient the tangent into the valid side: entering regions gain shares; on a smaller
        // support, the leaving regions' entry eigenvalue turns negative.
        let mut reference = vec![0.0; k + 1];
        reference[k] = 1.0;
        let t = system.tangent(&e, &reference).ok()?;
        let into_valid = if j.entering {
            let mut rate = vec![0.0; regions];
            for (a, &r) in system.support[..k].iter().enumerate() {
                rate[r] = t[a];
            }
            rate[system.support[k]] = -t[..k].iter().sum::<f64>();
            j.regions.iter().map(|&r| rate[r]).sum::<f64>() > 0.0
        } else {
            let h = 1e-4 * span;
            let y: Vec<f64> =
                e.u.iter()
                    .chain(std::iter::once(&e.p))
                    .zip(&t)
                    .map(|(a, b)| a + h * b)
                    .collect();
            match system.correct(&y, &t, Some(&e.state)) {
                Ok(probe) => j.regions.iter().all(|&r| probe.entry[r] <= 0.0),
                Err(_) => true,
            }
        };
        Direction::Along(if into_valid { t } else { t.iter().map(|x| -x).collect() })
    };
    Some(Seed {
        support,
        shares: j.shares.clone(),
        parameter: j.parameter,
        direction,
        exact: true,
    })
}
