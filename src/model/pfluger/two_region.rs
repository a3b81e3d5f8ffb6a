//! Closed forms of Pflüger's model on two regions (Pflüger 2004; derivation in
//! docs/pfluger.md), workers split equally (L/2 each), H = 1, freeness phi = T^(1-sigma),
//! lambda the entrepreneurs' share in region 1. With A = (sigma - 1) L:
//!
//! ```text
//! gap      (v_1 - v_2)/mu = (1-phi)/sigma [ (L/2 + lambda)/Delta_1 - (L/2 + 1 - lambda)/Delta_2 ]
//!                           + ln(Delta_1/Delta_2)/(sigma - 1),
//!          Delta_1 = lambda + phi (1 - lambda), Delta_2 = phi lambda + 1 - lambda
//! break    phi_B = (A - sigma) / (A + 3 sigma - 2)                (exists iff A > sigma)
//! sustain  [ (L+2) phi/2 + L/(2 phi) - (L+1) ] / sigma + ln(phi)/(sigma - 1) = 0,  phi_S in (0, 1)
//! ```
//!
//! mu multiplies every term of the gap, so neither point depends on it. The pitchfork at
//! phi_B is supercritical: d^3 gap / d lambda^3 = -64 (2 sigma - 1)^3 / ((L+1)^3 (sigma-1)^4)
//! < 0 there, and phi_B < phi_S: between them a stable interior branch
//! ([`interior_share`]) links dispersion to agglomeration.

use super::PflugerParams;
use crate::model::log_freeness;
use crate::model::two_region::bisect;

/// A = (sigma - 1) L.
fn scale(p: &PflugerParams) -> f64 {
    (p.sigma - 1.0) * p.workers
}

/// Break point: the symmetric equilibrium is stable for phi < phi_B,
/// phi_B = ((sigma - 1) L - sigma) / ((sigma - 1) L + 3 sigma - 2). Non-positive when
/// (sigma - 1) L <= sigma (dispersion never stable). Independent of mu.
pub fn break_point_freeness(p: &PflugerParams) -> f64 {
    let a = scale(p);
    (a - p.sigma) / (a + 3.0 * p.sigma - 2.0)
}

/// z_B = -ln phi_B = ln(1 + (4 sigma - 2) / ((sigma - 1) L - sigma)); `None` without a break point.
pub fn break_log_freeness(p: &PflugerParams) -> Option<f64> {
    let excess = scale(p) - p.sigma;
    (excess > 0.0).then(|| ((4.0 * p.sigma - 2.0) / excess).ln_1p())
}

/// Break point in trade cost, T_B = exp(z_B / (sigma - 1)).
pub fn break_point_trade_cost(p: &PflugerParams) -> Option<f64> {
    break_log_freeness(p).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// (v_2 - v_1)/mu with every entrepreneur in region 1:
/// [ (L+2) phi/2 + L/(2 phi) - (L+1) ] / sigma + ln(phi)/(sigma - 1). The core–periphery
/// pattern is sustainable where it is <= 0.
pub fn sustain_condition(p: &PflugerParams, phi: f64) -> f64 {
    let l = p.workers;
    ((l + 2.0) * phi / 2.0 + l / (2.0 * phi) - (l + 1.0)) / p.sigma + phi.ln() / (p.sigma - 1.0)
}

/// The sustain condition in log freeness z = -ln phi, divided by z (its trivial root z = 0,
/// free trade, removed): [2 L sinh^2(z/2) + expm1(-z)] / (sigma z) - 1/(sigma - 1), without
/// cancellation at small z. Negative near z = 0, increasing to +inf.
pub fn sustain_gap(p: &PflugerParams, z: f64) -> f64 {
    let half = (0.5 * z).sinh();
    (2.0 * p.workers * half * half + (-z).exp_m1()) / (p.sigma * z) - 1.0 / (p.sigma - 1.0)
}

/// z_S > 0, the root of [`sustain_gap`] (it exists and is unique for every valid sigma, L:
/// docs/pfluger.md), to machine precision.
pub fn sustain_log_freeness(p: &PflugerParams) -> Option<f64> {
    let g = |z: f64| sustain_gap(p, z);
    let mut hi = 1.0;
    while g(hi) <= 0.0 {
        hi *= 2.0;
        if hi > 1e3 {
            return None;
        }
    }
    let mut lo = hi;
    while g(lo) >= 0.0 {
        lo *= 0.5;
        if lo < 1e-300 {
            return None;
        }
    }
    Some(bisect(g, lo, hi))
}

/// Sustain point phi_S in (0, 1): the core–periphery pattern is an equilibrium for phi >= phi_S.
pub fn sustain_point_freeness(p: &PflugerParams) -> Option<f64> {
    sustain_log_freeness(p).map(|z| (-z).exp())
}

/// Sustain point in trade cost, T_S = exp(z_S / (sigma - 1)).
pub fn sustain_point_trade_cost(p: &PflugerParams) -> Option<f64> {
    sustain_log_freeness(p).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// d^3 [(v_1 - v_2)/mu] / d lambda^3 at lambda = 1/2 and phi = phi_B:
/// -64 (2 sigma - 1)^3 / ((L + 1)^3 (sigma - 1)^4), negative: the pitchfork is supercritical.
pub fn pitchfork_cubic(p: &PflugerParams) -> f64 {
    let (s, l) = (p.sigma, p.workers);
    -64.0 * (2.0 * s - 1.0).powi(3) / ((l + 1.0).powi(3) * (s - 1.0).powi(4))
}

/// (v_1 - v_2)/mu at region 1's share `lambda` and freeness `phi`, in closed form.
pub fn real_reward_gap(p: &PflugerParams, phi: f64, lambda: f64) -> f64 {
    let l = p.workers;
    let d1 = lambda + phi * (1.0 - lambda);
    let d2 = phi * lambda + 1.0 - lambda;
    (1.0 - phi) / p.sigma * ((l / 2.0 + lambda) / d1 - (l / 2.0 + 1.0 - lambda) / d2) + (d1 / d2).ln() / (p.sigma - 1.0)
}

/// d [(v_1 - v_2)/mu] / d lambda at lambda = 1/2:
/// 4 (1 - phi) [ phi (A + 3 sigma - 2) - (A - sigma) ] / (sigma (sigma - 1) (1 + phi)^2);
/// dispersion is stable where it is negative (phi < phi_B).
pub fn symmetric_slope(p: &PflugerParams, phi: f64) -> f64 {
    let (s, a) = (p.sigma, scale(p));
    4.0 * (1.0 - phi) * (phi * (a + 3.0 * s - 2.0) - (a - s)) / (s * (s - 1.0) * (1.0 + phi).powi(2))
}

/// The total L of immobile workers at which `lambda` (not 1/2) is an interior equilibrium at
/// freeness `phi`: the gap is linear in L, so the interior branch is explicit in L,
/// L/2 = [ -sigma ln(Delta_1/Delta_2) / ((sigma-1)(1-phi)) - lambda/Delta_1 + (1-lambda)/Delta_2 ]
///       / (1/Delta_1 - 1/Delta_2).
pub fn interior_branch_workers(sigma: f64, phi: f64, lambda: f64) -> f64 {
    let d1 = lambda + phi * (1.0 - lambda);
    let d2 = phi * lambda + 1.0 - lambda;
    let log_term = -sigma * (d1 / d2).ln() / ((sigma - 1.0) * (1.0 - phi));
    2.0 * (log_term - lambda / d1 + (1.0 - lambda) / d2) / (1.0 / d1 - 1.0 / d2)
}

/// The interior equilibrium lambda* in (1/2, 1) for phi_B < phi < phi_S (and its mirror
/// 1 - lambda*): the root of [`real_reward_gap`] by bisection. `None` outside that range.
pub fn interior_share(p: &PflugerParams, phi: f64) -> Option<f64> {
    let phi_s = sustain_point_freeness(p)?;
    if !(phi > break_point_freeness(p) && phi < phi_s) {
        return None;
    }
    // The gap is positive just above 1/2 (dispersion unstable) and negative at 1 (the
    // pattern not sustainable): bisect between.
    let f = |l: f64| real_reward_gap(p, phi, l);
    let lo = 0.5 + 1e-9;
    (f(lo) > 0.0 && f(1.0) < 0.0).then(|| bisect(f, lo, 1.0))
}

/// Trade cost T from freeness phi = T^(1-sigma).
pub fn trade_cost_from_freeness(p: &PflugerParams, phi: f64) -> f64 {
    phi.powf(1.0 / (1.0 - p.sigma))
}

/// Freeness phi = T^(1-sigma) from trade cost T.
pub fn freeness_from_trade_cost(p: &PflugerParams, trade_cost: f64) -> f64 {
    trade_cost.powf(1.0 - p.sigma)
}

/// v = pi - mu ln P + mu ln mu - mu.
fn utility(p: &PflugerParams, reward: f64, price_index: f64) -> f64 {
    reward - p.mu * price_index.ln() + p.mu * p.mu.ln() - p.mu
}

/// The symmetric equilibrium (lambda = 1/2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Symmetric {
    /// pi = mu (L + 1) / sigma (H = 1).
    pub reward: f64,
    /// P = [(1 + phi)/2]^(1/(1-sigma)).
    pub price_index: f64,
    /// omega = exp(pi - mu ln P + mu ln mu - mu).
    pub real_wage: f64,
    /// L/2 + pi/2.
    pub income: f64,
}

/// Closed form of the symmetric equilibrium at trade cost T.
pub fn symmetric(p: &PflugerParams, trade_cost: f64) -> Symmetric {
    let phi = freeness_from_trade_cost(p, trade_cost);
    let reward = p.mu * (p.workers + 1.0) / p.sigma;
    let price_index = ((1.0 + phi) / 2.0).powf(1.0 / (1.0 - p.sigma));
    Symmetric {
        reward,
        price_index,
        real_wage: utility(p, reward, price_index).exp(),
        income: (p.workers + reward) / 2.0,
    }
}

/// The core–periphery pattern, every entrepreneur in region 1 (lambda = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoreInPeriphery {
    /// pi_1 = mu (L + 1) / sigma (P_1 = 1).
    pub core_reward: f64,
    pub core_real_wage: f64,
    /// L/2 + pi_1.
    pub core_income: f64,
    /// pi_2 = (mu/sigma) [ (L+2) phi/2 + L/(2 phi) ]: what an entrepreneur would earn in the periphery.
    pub periphery_reward: f64,
    /// P_2 = phi^(1/(1-sigma)) = T.
    pub periphery_price_index: f64,
    pub periphery_real_wage: f64,
    /// L/2.
    pub periphery_income: f64,
}

/// Closed form of the core–periphery pattern at trade cost T.
pub fn core_periphery(p: &PflugerParams, trade_cost: f64) -> CoreInPeriphery {
    let phi = freeness_from_trade_cost(p, trade_cost);
    let l = p.workers;
    let core_reward = p.mu * (l + 1.0) / p.sigma;
    let periphery_reward = p.mu / p.sigma * ((l + 2.0) * phi / 2.0 + l / (2.0 * phi));
    CoreInPeriphery {
        core_reward,
        core_real_wage: utility(p, core_reward, 1.0).exp(),
        core_income: l / 2.0 + core_reward,
        periphery_reward,
        periphery_price_index: trade_cost,
        periphery_real_wage: utility(p, periphery_reward, trade_cost).exp(),
        periphery_income: l / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/reference.md §3: sigma = 5, L = 2 gives phi_B = 1/7, phi_S = 0.227487 and the
    /// interior equilibrium lambda* = 0.837012 at phi = 0.185172.
    #[test]
    fn reference_values() {
        let p = PflugerParams::default();
        assert!((break_point_freeness(&p) - 1.0 / 7.0).abs() < 1e-15);
        let phi_s = sustain_point_freeness(&p).unwrap();
        assert!((phi_s - 0.227487).abs() < 1e-6, "{phi_s}");
        assert!(sustain_condition(&p, phi_s).abs() < 1e-14);
        let l = interior_share(&p, 0.185172).unwrap();
        assert!((l - 0.837012).abs() < 1e-6, "{l}");
        assert!(real_reward_gap(&p, 0.185172, l).abs() < 1e-14);
        assert!((interior_branch_workers(p.sigma, 0.185172, l) - 2.0).abs() < 1e-9);
    }
}
