//! Closed forms of the two-region vertical-linkages model (docs/vertical-linkages.md §3):
//! equal labour L/2 per region and mu <= 1/2, so that food is produced in both regions at
//! every long-run equilibrium and w = 1 (no full specialisation). freeness phi = T^(1-sigma).
//!
//! Robert-Nicoud (2005, "The structure of simple 'New Economic Geography' models", *J.
//! Econ. Geography* 5: 201–227) shows the model's break and sustain conditions are the
//! core–periphery model's with the intermediate share alpha in the place of the
//! manufacturing share mu:
//!
//! ```text
//! break    phi_B = (rho - alpha)(1 - alpha) / ((rho + alpha)(1 + alpha)),  rho = (sigma-1)/sigma
//! sustain  phi^(alpha/rho) [ (1 + alpha) phi/2 + (1 - alpha)/(2 phi) ] = 1
//! ```
//!
//! Neither depends on mu or L. With alpha = 0 there is neither (phi_B = 1: dispersion is
//! stable at every trade cost, agglomeration never sustainable).

use super::VerticalLinkagesParams;
use crate::model::log_freeness;

/// (c, a) = (alpha, alpha / rho) of the log-freeness closed forms.
fn log_constants(p: &VerticalLinkagesParams) -> (f64, f64) {
    (p.alpha, p.alpha / p.rho())
}

/// Whether the closed forms apply: 0 < mu <= 1/2 (the core of an agglomeration still
/// produces food).
pub fn applies(p: &VerticalLinkagesParams) -> bool {
    p.mu <= 0.5
}

/// Break point phi_B = (rho - alpha)(1 - alpha) / ((rho + alpha)(1 + alpha)); 1 at alpha = 0.
pub fn break_point_freeness(p: &VerticalLinkagesParams) -> f64 {
    let (rho, a) = (p.rho(), p.alpha);
    (rho - a) * (1.0 - a) / ((rho + a) * (1.0 + a))
}

/// Break point in trade cost, T_B = exp(z_B / (sigma - 1)); `None` at alpha = 0.
pub fn break_point_trade_cost(p: &VerticalLinkagesParams) -> Option<f64> {
    if p.alpha <= 0.0 {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::break_log_freeness(c, a).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// pi_2 with every firm in region 1: phi^(alpha/rho) [ (1+alpha) phi/2 + (1-alpha)/(2 phi) ] - 1.
pub fn sustain_condition(p: &VerticalLinkagesParams, phi: f64) -> f64 {
    let a = p.alpha;
    phi.powf(a / p.rho()) * ((1.0 + a) * phi / 2.0 + (1.0 - a) / (2.0 * phi)) - 1.0
}

/// Sustain point phi_S in (0, 1) (agglomeration is an equilibrium for phi >= phi_S);
/// `None` at alpha = 0.
pub fn sustain_point_freeness(p: &VerticalLinkagesParams) -> Option<f64> {
    if p.alpha <= 0.0 {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::sustain_log_freeness(c, a).map(|z| (-z).exp())
}

/// Sustain point in trade cost.
pub fn sustain_point_trade_cost(p: &VerticalLinkagesParams) -> Option<f64> {
    if p.alpha <= 0.0 {
        return None;
    }
    let (c, a) = log_constants(p);
    log_freeness::sustain_log_freeness(c, a).map(|z| log_freeness::trade_cost(p.sigma, z))
}

/// Freeness phi = T^(1-sigma).
pub fn freeness_from_trade_cost(p: &VerticalLinkagesParams, trade_cost: f64) -> f64 {
    trade_cost.powf(1.0 - p.sigma)
}

/// Trade cost from freeness.
pub fn trade_cost_from_freeness(p: &VerticalLinkagesParams, phi: f64) -> f64 {
    phi.powf(1.0 / (1.0 - p.sigma))
}

/// The symmetric long-run equilibrium (firm shares 1/2, w = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Symmetric {
    /// n per region: mu L / (2 (1 - alpha)) G^(-alpha).
    pub firms: f64,
    /// G = [ (1 + phi) mu L / (2 (1 - alpha)) ]^(-1/(sigma (1 - alpha) - 1)).
    pub price_index: f64,
    /// p = G^alpha.
    pub mill_price: f64,
    /// E = mu L/2 + alpha n p = mu L / (2 (1 - alpha)).
    pub expenditure: f64,
}

/// The symmetric equilibrium at trade cost T: zero profit with n p = E (each region's firms
/// sell what it spends) and G^((1-sigma)(1-alpha)) = n (1 + phi).
pub fn symmetric(p: &VerticalLinkagesParams, trade_cost: f64) -> Symmetric {
    let phi = freeness_from_trade_cost(p, trade_cost);
    let revenue = p.mu * p.labour / (2.0 * (1.0 - p.alpha));
    let price_index = ((1.0 + phi) * revenue).powf(-1.0 / (p.sigma * (1.0 - p.alpha) - 1.0));
    let mill_price = price_index.powf(p.alpha);
    Symmetric {
        firms: revenue / mill_price,
        price_index,
        mill_price,
        expenditure: revenue,
    }
}

/// Every firm in region 1 (w = 1 in both regions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agglomerated {
    /// n_1 = mu L / (1 - alpha) G_1^(-alpha).
    pub firms: f64,
    /// G_1 = [ mu L / (1 - alpha) ]^(-1/(sigma (1 - alpha) - 1)).
    pub core_price_index: f64,
    /// G_2 = T G_1.
    pub periphery_price_index: f64,
    /// pi_2: what a firm in the periphery would make ([`sustain_condition`]).
    pub periphery_profit: f64,
}

/// The agglomerated equilibrium at trade cost T.
pub fn agglomerated(p: &VerticalLinkagesParams, trade_cost: f64) -> Agglomerated {
    let revenue = p.mu * p.labour / (1.0 - p.alpha);
    let g1 = revenue.powf(-1.0 / (p.sigma * (1.0 - p.alpha) - 1.0));
    Agglomerated {
        firms: revenue / g1.powf(p.alpha),
        core_price_index: g1,
        periphery_price_index: trade_cost * g1,
        periphery_profit: sustain_condition(p, freeness_from_trade_cost(p, trade_cost)),
    }
}

/// The relocation (1, -1) eigenvalue of the entry Jacobian J = diag(n) d pi / d n at the
/// symmetric equilibrium, with Z = (1 - phi)/(1 + phi):
/// Z [ alpha (2 sigma - 1) - Z (sigma - 1 + alpha^2 sigma) ] / ((sigma - 1)(1 - alpha Z));
/// it changes sign at Z_B = alpha (2 sigma - 1)/(sigma - 1 + alpha^2 sigma), i.e. phi_B.
pub fn relocation_eigenvalue(p: &VerticalLinkagesParams, phi: f64) -> f64 {
    let (s, a) = (p.sigma, p.alpha);
    let z = (1.0 - phi) / (1.0 + phi);
    z * (a * (2.0 * s - 1.0) - z * (s - 1.0 + a * a * s)) / ((s - 1.0) * (1.0 - a * z))
}

/// The aggregate (1, 1) eigenvalue of the entry Jacobian at a symmetric equilibrium,
/// -(sigma (1 - alpha) - 1)/(sigma - 1): negative for alpha < rho.
pub fn aggregate_eigenvalue(p: &VerticalLinkagesParams) -> f64 {
    -(p.sigma * (1.0 - p.alpha) - 1.0) / (p.sigma - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// alpha plays mu's part: sigma = 5, alpha = 0.4 has the core–periphery model's points.
    #[test]
    fn isomorphic_to_the_core_periphery_points() {
        let p = VerticalLinkagesParams::default();
        assert!((break_point_trade_cost(&p).unwrap() - 7f64.powf(0.25)).abs() < 1e-12);
        let phi_s = sustain_point_freeness(&p).unwrap();
        assert!((phi_s - 0.093727445194).abs() < 1e-11, "{phi_s}");
        let zero = VerticalLinkagesParams { alpha: 0.0, ..p };
        assert!(break_point_trade_cost(&zero).is_none() && sustain_point_freeness(&zero).is_none());
        assert_eq!(break_point_freeness(&zero), 1.0);
    }
}
