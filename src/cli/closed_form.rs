//! Two-region closed forms printed and stored next to numerical results: break and sustain
//! points and the no-black-hole condition (FKV ch. 5; Forslid–Ottaviano 2003).

use crate::config::{ModelSpec, RunSpec};
use crate::model::{footloose_two_region as fe, two_region as cp};
use crate::output::ClosedForm;

/// The closed forms with a readable statement of the no-black-hole condition, when they
/// apply: two regions, symmetric costs, the immobile factor split equally.
pub fn two_region(spec: &RunSpec) -> Option<(ClosedForm, String)> {
    if spec.geography.len() != 2 || !spec.geography.trade_costs.is_symmetric() {
        return None;
    }
    match &spec.model {
        ModelSpec::CorePeriphery { model, .. } => {
            let f = model.farmers();
            // The closed forms are those of the model without a productivity spillover.
            if f[0] != f[1] || model.spillover() != 0.0 {
                return None;
            }
            let p = model.params();
            // NaN only where the point does not exist (no black hole fails), flagged by
            // no_black_hole = 0; otherwise computed in log freeness, finite at any sigma, mu.
            let closed = ClosedForm {
                break_freeness: cp::break_point_freeness(p),
                break_trade_cost: cp::break_point_trade_cost(p).unwrap_or(f64::NAN),
                sustain_freeness: cp::sustain_point_freeness(p).unwrap_or(f64::NAN),
                sustain_trade_cost: cp::sustain_point_trade_cost(p).unwrap_or(f64::NAN),
                no_black_hole: p.no_black_hole(),
            };
            let relation = if p.no_black_hole() { "<" } else { ">=" };
            Some((
                closed,
                format!("mu = {} {relation} rho = (sigma-1)/sigma = {:.6}", p.mu, p.rho()),
            ))
        }
        ModelSpec::Footloose { model, .. } => {
            let w = model.worker_distribution();
            if w[0] != w[1] {
                return None;
            }
            let p = model.params();
            // NaN only where the point does not exist (no black hole fails), flagged by
            // no_black_hole = 0; otherwise computed in log freeness, finite at any sigma, mu.
            let closed = ClosedForm {
                break_freeness: fe::break_point_freeness(p),
                break_trade_cost: fe::break_point_trade_cost(p).unwrap_or(f64::NAN),
                sustain_freeness: fe::sustain_point_freeness(p).unwrap_or(f64::NAN),
                sustain_trade_cost: fe::sustain_point_trade_cost(p).unwrap_or(f64::NAN),
                no_black_hole: p.no_black_hole(),
            };
            let relation = if p.no_black_hole() { "<" } else { ">=" };
            Some((
                closed,
                format!("mu = {} {relation} sigma - 1 = {}", p.mu, p.sigma - 1.0),
            ))
        }
        ModelSpec::Spatial { .. } => None,
    }
}
