//! Break and sustain points of the two-region models in log freeness z = -ln phi =
//! (sigma - 1) ln T, computed without cancellation for every admissible (sigma, mu).
//!
//! Both the core–periphery model (FKV eqs 5.20, 5.28) and the footloose-entrepreneur model
//! (Forslid–Ottaviano 2003) have closed forms of one shape in two constants c, a in [0, 1):
//!
//! ```text
//! break:    phi_B = (1 - a)(1 - c) / ((1 + a)(1 + c))   =>   z_B = 2 atanh(a) + 2 atanh(c)
//! sustain:  phi^a [ (1 + c) phi / 2 + (1 - c) / (2 phi) ] = 1
//!           <=>  g(z) = ln(cosh z - c sinh z) - a z = 0,  z_S > 0
//! core–periphery:  c = mu,          a = mu / rho = mu sigma / (sigma - 1)
//! footloose:       c = mu / sigma,  a = mu / (sigma - 1)
//! ```
//!
//! and T = exp(z / (sigma - 1)). In phi the sustain condition is evaluated as a difference of
//! numbers near 1: at mu = 1e-12 (z_S ~ 4.5e-12) it drowns in round-off and the root was
//! lost (NaN), and at sigma = 1 + 1e-7 a relative error of 1e-16 in phi became a relative
//! error of 1e-9 in T and put T_S below T_B. Here g is evaluated as
//! ln_1p(2 sinh^2(z/2) - c sinh z) - a z (exact to a few ulps relative to its size for small
//! z; z + ln((1 - c)/2 + (1 + c) e^(-2z)/2) - a z for large z), so z_S and z_B carry full
//! relative precision and T = exp(z / (sigma - 1)) is accurate to about (ln T) x 1e-16.
//!
//! No black hole (a < 1): g(z) ~ -(a + c) z < 0 just above 0 and g(z) ~ (1 - a) z -> +inf,
//! so the root is bracketed by halving and doubling, then bisected to machine precision.

use super::two_region::bisect;

/// g(z) = ln(cosh z - c sinh z) - a z, accurate for small and large z.
pub fn sustain_gap(c: f64, a: f64, z: f64) -> f64 {
    if z < 20.0 {
        let half = (0.5 * z).sinh();
        (2.0 * half * half - c * z.sinh()).ln_1p() - a * z
    } else {
        z + (0.5 * (1.0 - c) + 0.5 * (1.0 + c) * (-2.0 * z).exp()).ln() - a * z
    }
}

/// z_B = 2 atanh(a) + 2 atanh(c): the break point's -ln phi_B. `None` unless 0 <= a, c < 1
/// (with a >= 1 the no-black-hole condition fails and there is no break point).
pub fn break_log_freeness(c: f64, a: f64) -> Option<f64> {
    if !((0.0..1.0).contains(&a) && (0.0..1.0).contains(&c)) {
        return None;
    }
    Some(2.0 * a.atanh() + 2.0 * c.atanh())
}

/// z_S > 0, the root of [`sustain_gap`]. `None` unless 0 <= c < 1 and 0 < a < 1, or when no
/// bracket is found (z beyond 1e6).
pub fn sustain_log_freeness(c: f64, a: f64) -> Option<f64> {
    if !((0.0..1.0).contains(&c) && a > 0.0 && a < 1.0) {
        return None;
    }
    let g = |z: f64| sustain_gap(c, a, z);
    let mut hi = 1.0;
    while g(hi) <= 0.0 {
        hi *= 2.0;
        if hi > 1e6 {
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

/// T = exp(z / (sigma - 1)) (+inf when it exceeds f64, ln T > 709.78: never NaN).
pub fn trade_cost(sigma: f64, z: f64) -> f64 {
    (z / (sigma - 1.0)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The root of the series of g to O(z^4): -(a+c) + (1-c^2) z/2 + (c/3)(1-c^2) z^2 - z^3/12
    /// (ln cosh z = z^2/2 - z^4/12 + ..., ln(1+u) = u - u^2/2 + u^3/3), by Newton; its error is
    /// O(c^2 z^2 + z^4) relative.
    fn series_root(c: f64, a: f64) -> f64 {
        let h = |z: f64| -(a + c) + (1.0 - c * c) * z / 2.0 + c / 3.0 * (1.0 - c * c) * z * z - z * z * z / 12.0;
        let dh = |z: f64| (1.0 - c * c) / 2.0 + 2.0 * c / 3.0 * (1.0 - c * c) * z - z * z / 4.0;
        let mut z = 2.0 * (a + c);
        for _ in 0..50 {
            z -= h(z) / dh(z);
        }
        z
    }

    #[test]
    fn tiny_mu_and_sigma_near_one_match_the_series() {
        // (sigma, mu) for the core–periphery model: c = mu, a = mu sigma / (sigma - 1).
        for (sigma, mu) in [
            (5.0, 1e-12),
            (1.0000001, 1e-12),
            (1.0000001, 1e-9),
            (50.0, 1e-8),
            (2.0, 1e-6),
        ] {
            let (c, a) = (mu, mu * sigma / (sigma - 1.0));
            let z = sustain_log_freeness(c, a).unwrap();
            let s = series_root(c, a);
            // The series' truncation error, O(c^2 z^2 + z^4) relative, plus round-off.
            let bound = c * c * z * z + z.powi(4) + 1e-13;
            assert!((z / s - 1.0).abs() < bound, "sigma {sigma} mu {mu}: {z} vs series {s}");
            let zb = break_log_freeness(c, a).unwrap();
            // phi_S <= phi_B: the sustain point lies at a trade cost at least the break point's
            // (they differ by O((a + c)^3) in z, below f64 resolution at sigma = 5, mu = 1e-12).
            assert!(trade_cost(sigma, z) >= trade_cost(sigma, zb), "sigma {sigma} mu {mu}");
            // Finite whenever ln T_S = z / (sigma - 1) is within f64 (at sigma = 1 + 1e-7,
            // mu = 1e-9 it is 2e5: T_S = +inf, beyond f64, not NaN).
            assert_eq!(
                trade_cost(sigma, z).is_finite(),
                z / (sigma - 1.0) < 709.0,
                "sigma {sigma} mu {mu}"
            );
        }
        // sigma = 1 + 1e-7, mu = 1e-12 (s = a + c ~ 1e-5): z_S - z_B = (2/3) s^3 + O(s^4) from
        // the series, so ln(T_S / T_B) = (2/3) s^3 / (sigma - 1) ~ 6.7e-9; the freeness form put
        // T_S below T_B here.
        let (sigma, mu) = (1.0000001, 1e-12);
        let (c, a) = (mu, mu * sigma / (sigma - 1.0));
        let (zs, zb) = (sustain_log_freeness(c, a).unwrap(), break_log_freeness(c, a).unwrap());
        let ratio = (trade_cost(sigma, zs) / trade_cost(sigma, zb)).ln();
        let expected = 2.0 / 3.0 * (a + c).powi(3) / (sigma - 1.0);
        assert!(
            (ratio / expected - 1.0).abs() < 1e-3,
            "ln(T_S/T_B) = {ratio:e}, expected {expected:e}"
        );
    }

    /// Away from the limits the log form agrees with the freeness form (FKV defaults:
    /// phi_S = 0.093727445194, phi_B = 1/7, T_B = 7^(1/4)).
    #[test]
    fn textbook_values() {
        let (sigma, mu) = (5.0, 0.4);
        let (c, a) = (mu, mu * sigma / (sigma - 1.0));
        let z = sustain_log_freeness(c, a).unwrap();
        assert!(((-z).exp() - 0.093727445194).abs() < 1e-11);
        let zb = break_log_freeness(c, a).unwrap();
        assert!((trade_cost(sigma, zb) - 7f64.powf(0.25)).abs() < 1e-14);
        assert!(sustain_log_freeness(c, 1.0).is_none() && break_log_freeness(c, 1.2).is_none());
        // Large z: the two branches of g meet continuously at z = 20.
        let (below, above) = (sustain_gap(0.3, 0.5, 20.0 - 1e-12), sustain_gap(0.3, 0.5, 20.0));
        assert!((below - above).abs() < 1e-10, "{below} vs {above}");
    }
}
