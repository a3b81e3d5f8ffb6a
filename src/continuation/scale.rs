//! Continuation in a transformed parameter q, with every reported parameter and bracket
//! mapped back to p:
//!
//! - log: q = ln p for a positive parameter over decades (`bifurcate.scale = "log"`);
//!   steps and location tolerances then apply relative to p;
//! - unit range: q = (p - from) / (to - from), so that q runs from 0 to 1 and the arclength
//!   weighs the whole range of any parameter (beta ~ 0.3 wide, sigma ~ 10) like one unit of
//!   the state (used for spatial models, whose state has no natural scale relative to p).

use super::{Diagram, Options};
use crate::error::{Error, Result};

/// The options in q = ln p (both ends must be > 0).
pub fn in_log(options: &Options) -> Result<Options> {
    for (name, v) in [("bifurcate.from", options.from), ("bifurcate.to", options.to)] {
        if !(v > 0.0 && v.is_finite()) {
            return Err(Error::invalid(
                name,
                v,
                "must be finite and > 0 with bifurcate.scale = \"log\"",
            ));
        }
    }
    Ok(Options {
        from: options.from.ln(),
        to: options.to.ln(),
        log_scale: false,
        ..options.clone()
    })
}

/// The options in q = (p - from) / (to - from): from 0 to 1.
pub fn in_unit_range(options: &Options) -> Options {
    Options {
        from: 0.0,
        to: 1.0,
        ..options.clone()
    }
}

/// p at q in the unit range of `options`.
pub fn from_unit(options: &Options, q: f64) -> f64 {
    options.from + q * (options.to - options.from)
}

/// Maps a diagram traced in q back to p by `map` (monotone). Values within a few ulps of an
/// end of the range are set to it exactly.
pub fn to_levels(d: &mut Diagram, options: &Options, map: impl Fn(f64) -> f64) {
    let exact = |q: f64| {
        let p = map(q);
        [options.from, options.to]
            .into_iter()
            .find(|end| (p - end).abs() <= 4.0 * f64::EPSILON * end.abs().max(f64::MIN_POSITIVE))
            .unwrap_or(p)
    };
    for b in &mut d.branches {
        for p in &mut b.points {
            p.parameter = exact(p.parameter);
        }
    }
    for s in &mut d.special_points {
        s.parameter = map(s.parameter);
        let (a, b) = (map(s.bracket.0), map(s.bracket.1));
        s.bracket = (a.min(b), a.max(b));
        s.parameter = s.parameter.clamp(s.bracket.0, s.bracket.1);
    }
}
