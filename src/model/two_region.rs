//! Closed forms of the two-region core–periphery model (FKV ch. 5; docs/reference.md §1), with
//! farmers split equally and freeness phi = T^(1-sigma).

use super::{log_freeness, CorePeripheryParams};

/// Break point (FKV eq. 5.28): the symmetric equilibrium is stable for phi < phi_B,
/// phi_B = (rho - mu)(1 - mu) / ((rho + mu)(1 + mu)). Negative when mu >= rho (no black hole fails).
pub fn break_point_freeness(p: &CorePeripheryParams) -> f64 {
    let rho = p.rho();
    (rho - p.mu) * (1.0 - p.mu) / ((rho + p.mu) * (1.0 + p.mu))
}

/// The left-hand side minus one of the sustain condition (FKV eq. 5.20):
/// phi^(mu/rho) [ (1+mu) phi/2 + (1-mu)/(2 phi) ] - 1; equals (omega_2/omega_1)^sigma - 1 at lambda = 1.
pub fn sustain_condition(p: &CorePeripheryParams, phi: f64) -> f64 {
    phi.powf(p.mu / p.rho()) * ((1.0 + p.mu) * phi / 2.0 + (1.0 - p.mu) / (2.0 * phi)) - 1.0
}

/// (c, a) = (mu, mu / rho) of the log-freeness closed forms ([`super::log_freeness`]).
fn log_constants(p: &CorePeripheryParams) -> (f64, f64) {
    (p.mu, p.mu / p.rho())
}

/// Sustain point phi_S < 1: the core–periphery pattern is an equilibrium for phi >= phi_S.
/// `None` when mu >= rho (the pattern is sustainable at every phi). The root of FKV eq. 5.20
/// in log freeness (no cancellation at tiny mu or sigma near 1), to machine precision.
pub fn sustain_point_freeness(p: &CorePeripheryParams) -> Option<f64> {
    if !p.no_black_hole() {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::sustain_log_freeness(c, a).map(|z| (-z).exp())
}

/// Sustain point in trade cost, T_S = exp(z_S / (sigma - 1)) from the log freeness z_S
/// (accurate where phi_S^(1/(1-sigma)) is not: sigma near 1).
pub fn sustain_point_trade_cost(p: &CorePeripheryParams) -> Option<f64> {
    if !p.no_black_hole() {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::sustain_log_freeness(c, a).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// Break point in trade cost, T_B = exp(z_B / (sigma - 1)), z_B = 2 atanh(mu/rho) +
/// 2 atanh(mu) = -ln phi_B. `None` when mu >= rho (no break point).
pub fn break_point_trade_cost(p: &CorePeripheryParams) -> Option<f64> {
    if !p.no_black_hole() {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::break_log_freeness(c, a).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// Trade cost T from freeness phi = T^(1-sigma).
pub fn trade_cost_from_freeness(p: &CorePeripheryParams, phi: f64) -> f64 {
    phi.powf(1.0 / (1.0 - p.sigma))
}

/// Freeness phi = T^(1-sigma) from trade cost T.
pub fn freeness_from_trade_cost(p: &CorePeripheryParams, trade_cost: f64) -> f64 {
    trade_cost.powf(1.0 - p.sigma)
}

/// Symmetric equilibrium at trade cost T: w = 1, G = [(1+phi)/2]^(1/(1-sigma)), omega = G^(-mu).
pub struct Symmetric {
    pub wage: f64,
    pub price_index: f64,
    pub real_wage: f64,
}

/// Closed form of the symmetric equilibrium (FKV eq. 5.12 at lambda = 1/2).
pub fn symmetric(p: &CorePeripheryParams, trade_cost: f64) -> Symmetric {
    let phi = freeness_from_trade_cost(p, trade_cost);
    let price_index = ((1.0 + phi) / 2.0).powf(1.0 / (1.0 - p.sigma));
    Symmetric {
        wage: 1.0,
        price_index,
        real_wage: price_index.powf(-p.mu),
    }
}

/// Core–periphery (lambda = 1) outcomes: region 1 has w = G = omega = 1, region 2 has
/// G_2 = T, w_2 = [ (1+mu)/2 T^(1-sigma) + (1-mu)/2 T^(sigma-1) ]^(1/sigma), omega_2 = w_2 T^(-mu).
pub struct CoreInPeriphery {
    pub periphery_wage: f64,
    pub periphery_price_index: f64,
    pub periphery_real_wage: f64,
}

/// Closed form of the core–periphery pattern (FKV eqs 5.16–5.19).
pub fn core_periphery(p: &CorePeripheryParams, trade_cost: f64) -> CoreInPeriphery {
    let s = p.sigma;
    let w2 =
        ((1.0 + p.mu) / 2.0 * trade_cost.powf(1.0 - s) + (1.0 - p.mu) / 2.0 * trade_cost.powf(s - 1.0)).powf(1.0 / s);
    CoreInPeriphery {
        periphery_wage: w2,
        periphery_price_index: trade_cost,
        periphery_real_wage: w2 * trade_cost.powf(-p.mu),
    }
}

/// Bisection on [lo, hi] with f(lo) and f(hi) of opposite signs, to machine precision.
pub fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    let f_lo = f(lo);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if (f(mid) >= 0.0) == (f_lo >= 0.0) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fkv_break_and_sustain_points() {
        let p = CorePeripheryParams::default();
        let t_b = trade_cost_from_freeness(&p, break_point_freeness(&p));
        assert!((t_b - 7f64.powf(0.25)).abs() < 1e-12);
        let phi_s = sustain_point_freeness(&p).unwrap();
        assert!((phi_s - 0.093727445194).abs() < 1e-11, "{phi_s}");
    }
}
