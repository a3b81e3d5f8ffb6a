//! Closed forms of the two-region footloose-entrepreneur model (Forslid and Ottaviano 2003;
//! Baldwin et al. 2003, ch. 4; docs/reference.md §3), freeness phi = T^(1-sigma).
//!
//! They assume the immobile workers are split equally, L/2 per region (worker distribution
//! (1/2, 1/2)); H = 1 entrepreneurs. The break and sustain points do not depend on L (nor on
//! H): at given shares the short run is linear and homogeneous in (L, pi), so L scales every
//! reward and real reward by the same factor and no sign of a real-reward gap changes. The
//! levels ([`symmetric`], [`core_periphery`]) are proportional to L. With an unequal worker
//! split lambda = 1/2 is not an equilibrium and these formulas do not apply.

use super::footloose::FootlooseParams;
use super::log_freeness;

/// Break point: the symmetric equilibrium is stable for phi < phi_B,
/// phi_B = (sigma - mu)(sigma - 1 - mu) / ((sigma + mu)(sigma - 1 + mu)).
/// Non-positive when mu >= sigma - 1 (no black hole fails). Independent of L.
pub fn break_point_freeness(p: &FootlooseParams) -> f64 {
    let (s, m) = (p.sigma, p.mu);
    (s - m) * (s - 1.0 - m) / ((s + m) * (s - 1.0 + m))
}

/// The sustain condition minus one:
/// phi^(mu/(sigma-1) - 1) [ (sigma+mu) phi^2 + (sigma-mu) ] / (2 sigma) - 1, which equals
/// omega_2/omega_1 - 1 at lambda = 1 (all entrepreneurs in region 1). Independent of L.
pub fn sustain_condition(p: &FootlooseParams, phi: f64) -> f64 {
    let (s, m) = (p.sigma, p.mu);
    phi.powf(m / (s - 1.0) - 1.0) * ((s + m) * phi * phi + (s - m)) / (2.0 * s) - 1.0
}

/// (c, a) = (mu / sigma, mu / (sigma - 1)) of the log-freeness closed forms
/// ([`super::log_freeness`]).
fn log_constants(p: &FootlooseParams) -> (f64, f64) {
    (p.mu / p.sigma, p.mu / (p.sigma - 1.0))
}

/// Sustain point phi_S < 1: the core–periphery pattern is an equilibrium for phi >= phi_S.
/// `None` when mu >= sigma - 1 (the pattern is sustainable at every phi). The root of the
/// sustain condition in log freeness, to machine precision, as for the core–periphery model.
pub fn sustain_point_freeness(p: &FootlooseParams) -> Option<f64> {
    if !p.no_black_hole() {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::sustain_log_freeness(c, a).map(|z| (-z).exp())
}

/// Sustain point in trade cost, T_S = exp(z_S / (sigma - 1)).
pub fn sustain_point_trade_cost(p: &FootlooseParams) -> Option<f64> {
    if !p.no_black_hole() {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::sustain_log_freeness(c, a).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// Break point in trade cost, T_B = exp(z_B / (sigma - 1)), z_B = 2 atanh(mu/sigma) +
/// 2 atanh(mu/(sigma-1)) = -ln phi_B. `None` when mu >= sigma - 1.
pub fn break_point_trade_cost(p: &FootlooseParams) -> Option<f64> {
    if !p.no_black_hole() {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::break_log_freeness(c, a).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// Trade cost T from freeness phi = T^(1-sigma).
pub fn trade_cost_from_freeness(p: &FootlooseParams, phi: f64) -> f64 {
    phi.powf(1.0 / (1.0 - p.sigma))
}

/// Freeness phi = T^(1-sigma) from trade cost T.
pub fn freeness_from_trade_cost(p: &FootlooseParams, trade_cost: f64) -> f64 {
    trade_cost.powf(1.0 - p.sigma)
}

/// The symmetric equilibrium (lambda = 1/2, workers L/2 each).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Symmetric {
    /// pi = mu L / (sigma - mu) (H = 1).
    pub reward: f64,
    /// P = [(1 + phi)/2]^(1/(1-sigma)).
    pub price_index: f64,
    /// omega = pi P^(-mu).
    pub real_wage: f64,
    /// E = L/2 + pi/2 = L sigma / (2 (sigma - mu)).
    pub income: f64,
}

/// Closed form of the symmetric equilibrium at trade cost T.
pub fn symmetric(p: &FootlooseParams, trade_cost: f64) -> Symmetric {
    let phi = freeness_from_trade_cost(p, trade_cost);
    let reward = p.total_profit();
    let price_index = ((1.0 + phi) / 2.0).powf(1.0 / (1.0 - p.sigma));
    Symmetric {
        reward,
        price_index,
        real_wage: reward * price_index.powf(-p.mu),
        income: p.workers * p.sigma / (2.0 * (p.sigma - p.mu)),
    }
}

/// The core–periphery pattern, all entrepreneurs in region 1 (lambda = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoreInPeriphery {
    /// pi_1 = omega_1 = mu L / (sigma - mu) (P_1 = 1).
    pub core_reward: f64,
    /// E_1 = L (sigma + mu) / (2 (sigma - mu)).
    pub core_income: f64,
    /// pi_2 = pi_1 [ (sigma + mu) phi + (sigma - mu)/phi ] / (2 sigma), what an entrepreneur
    /// would earn in the periphery.
    pub periphery_reward: f64,
    /// P_2 = phi^(1/(1-sigma)) = T.
    pub periphery_price_index: f64,
    /// omega_2 = pi_2 phi^(mu/(sigma-1)).
    pub periphery_real_wage: f64,
    /// E_2 = L/2.
    pub periphery_income: f64,
}

/// Closed form of the core–periphery pattern at trade cost T.
pub fn core_periphery(p: &FootlooseParams, trade_cost: f64) -> CoreInPeriphery {
    let (s, m) = (p.sigma, p.mu);
    let phi = freeness_from_trade_cost(p, trade_cost);
    let core_reward = p.total_profit();
    let periphery_reward = core_reward * ((s + m) * phi + (s - m) / phi) / (2.0 * s);
    CoreInPeriphery {
        core_reward,
        core_income: p.workers * (s + m) / (2.0 * (s - m)),
        periphery_reward,
        periphery_price_index: trade_cost,
        periphery_real_wage: periphery_reward * phi.powf(m / (s - 1.0)),
        periphery_income: p.workers / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_break_and_sustain_points() {
        let p = FootlooseParams::default();
        assert!((break_point_freeness(&p) - 23.0 / 33.0).abs() < 1e-15);
        let phi_s = sustain_point_freeness(&p).unwrap();
        assert!((phi_s - 0.695442368).abs() < 1e-9, "{phi_s}");
        assert!(phi_s < break_point_freeness(&p));
    }
}
