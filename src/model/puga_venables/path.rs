//! Equilibria of the several-industry model along one parameter p (docs/puga-venables.md
//! §4): on a grid from `from` to `to`, each equilibrium reached by the entry dynamics from
//! the one before (the first from the configured start), and every change of the occupied
//! cells between two grid values located by bisection:
//!
//! - a cell (j, r) that **enters**: the zero of its entry condition pi_jr(p) on the
//!   equilibrium of the earlier support (Newton on that support at each p, warm-started);
//!   where that equilibrium stops existing first, the end of its existence;
//! - a cell that **exits**: the end of the earlier support's equilibrium with every cell
//!   positive.
//!
//! The bracket is halved until its width is below `tolerance` x max(1, |p|); each step point
//! carries its bracket and the event value on both sides.

use super::entry::{EntryOptions, Equilibrium};
use super::PugaVenables;
use crate::error::{Error, Result};

/// Settings of a path.
#[derive(Debug, Clone, Copy)]
pub struct PathOptions {
    pub from: f64,
    pub to: f64,
    /// Grid values, ends included (>= 2).
    pub points: usize,
    /// Bracket width of located step points, relative to max(1, |p|).
    pub tolerance: f64,
    pub entry: EntryOptions,
}

/// Whether a cell entered or exited at a step point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Entry,
    Exit,
    /// A cell emptied while the earlier cells' equilibrium still exists at the next grid
    /// value: the dynamics jumped away from it (another cell entered); the bracket is the
    /// grid interval.
    Displaced,
}

impl StepKind {
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Entry => "entry",
            StepKind::Exit => "exit",
            StepKind::Displaced => "displaced",
        }
    }
}

/// A located change of the occupied cells.
#[derive(Debug, Clone)]
pub struct StepPoint {
    pub kind: StepKind,
    /// Industry j and region r (0-based).
    pub industry: usize,
    pub region: usize,
    /// The bracket's midpoint, and its ends (the earlier support holds at `bracket_low`).
    pub parameter: f64,
    pub bracket_low: f64,
    pub bracket_high: f64,
    /// The event value at the bracket's ends: for an entry pi_jr on the earlier support's
    /// equilibrium (NaN where it does not exist), for an exit n_jr / sum_s n_js.
    pub value_low: f64,
    pub value_high: f64,
}

/// The equilibria on the grid and the step points between them, in order of p.
#[derive(Debug, Clone)]
pub struct IndustryPath {
    pub parameter: Vec<f64>,
    pub equilibria: Vec<Equilibrium>,
    pub steps: Vec<StepPoint>,
}

/// p -> the model at p.
pub type Family<'a> = dyn Fn(f64) -> Result<PugaVenables> + 'a;

/// The event at p on the earlier support `support`, from `firms`: (past the event, value,
/// the firms solved there to warm-start the next).
fn event(
    family: &Family,
    p: f64,
    support: &[usize],
    shares: &[f64],
    wage: &[f64],
    kind: StepKind,
    cell: usize,
) -> Result<(bool, f64, Option<Vec<f64>>)> {
    let model = family(p)?;
    match model.polish(shares, support, Some(wage)) {
        Ok(polished) => match kind {
            StepKind::Entry => {
                let pi = polished.economy.profits()[cell];
                Ok((pi > 0.0, pi, Some(polished.shares)))
            }
            StepKind::Exit | StepKind::Displaced => Ok((false, polished.shares[cell], Some(polished.shares))),
        },
        Err(_) => Ok((true, f64::NAN, None)),
    }
}

/// Bisection of the event of `cell` between grid equilibria `low` (at p_low) and p_high.
fn locate(
    family: &Family,
    (p_low, low): (f64, &Equilibrium),
    p_high: f64,
    cell: usize,
    kind: StepKind,
    regions: usize,
    tolerance: f64,
) -> Result<StepPoint> {
    let support = low.support();
    let (mut lo, mut hi) = (p_low, p_high);
    let mut firms = low.shares(regions);
    let initial = match kind {
        StepKind::Entry => low.profit[cell],
        StepKind::Exit | StepKind::Displaced => low.shares(regions)[cell],
    };
    let (mut value_low, mut value_high) = (initial, f64::NAN);
    let (past, v, _) = event(family, hi, &support, &firms, &low.wage, kind, cell)?;
    value_high = if v.is_nan() { value_high } else { v };
    if kind == StepKind::Exit && !past {
        return Ok(StepPoint {
            kind: StepKind::Displaced,
            industry: cell / regions,
            region: cell % regions,
            parameter: 0.5 * (lo + hi),
            bracket_low: lo,
            bracket_high: hi,
            value_low,
            value_high,
        });
    }
    let width = tolerance * p_low.abs().max(p_high.abs()).max(1.0);
    while (hi - lo).abs() > width {
        let mid = 0.5 * (lo + hi);
        let (past, v, n) = event(family, mid, &support, &firms, &low.wage, kind, cell)?;
        if past {
            hi = mid;
            value_high = v;
        } else {
            lo = mid;
            value_low = v;
            if let Some(n) = n {
                firms = n;
            }
        }
    }
    Ok(StepPoint {
        kind,
        industry: cell / regions,
        region: cell % regions,
        parameter: 0.5 * (lo + hi),
        bracket_low: lo,
        bracket_high: hi,
        value_low,
        value_high,
    })
}

/// The path from firm shares `start` (each industry's summing to 1, cells as in
/// [`PugaVenables::economy`]) along `family`.
pub fn trace(family: &Family, start: &[f64], options: &PathOptions) -> Result<IndustryPath> {
    if options.points < 2 {
        return Err(Error::invalid("points", options.points, ">= 2 grid values"));
    }
    let mut parameter = Vec::with_capacity(options.points);
    let mut equilibria: Vec<Equilibrium> = Vec::with_capacity(options.points);
    let mut steps = Vec::new();
    for k in 0..options.points {
        let p = options.from + (options.to - options.from) * k as f64 / (options.points - 1) as f64;
        let model = family(p)?;
        let from = equilibria
            .last()
            .map(|e| e.shares(model.regions()))
            .unwrap_or_else(|| start.to_vec());
        let e = model.settle(&from, &options.entry)?;
        if let Some(before) = equilibria.last() {
            let p_before = parameter[k - 1];
            for c in 0..e.firms.len() {
                let kind = match (before.firms[c] > 0.0, e.firms[c] > 0.0) {
                    (false, true) => StepKind::Entry,
                    (true, false) => StepKind::Exit,
                    _ => continue,
                };
                let regions = model.regions();
                steps.push(locate(
                    family,
                    (p_before, before),
                    p,
                    c,
                    kind,
                    regions,
                    options.tolerance,
                )?);
            }
        }
        parameter.push(p);
        equilibria.push(e);
    }
    steps.sort_by(|a, b| a.parameter.total_cmp(&b.parameter));
    Ok(IndustryPath {
        parameter,
        equilibria,
        steps,
    })
}
