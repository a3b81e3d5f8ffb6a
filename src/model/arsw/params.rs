//! Parameters of the Ahlfeldt–Redding–Sturm–Wolf (2015, Econometrica 83(6), "ARSW") city
//! model. `Default` is ARSW's structural estimates (Table V, column (3), the GMM estimates
//! for Berlin with travel times in minutes).

use crate::error::{Error, Result};

/// ARSW parameters. Travel times are in minutes, so `kappa_epsilon`, `delta` and `rho` are
/// per minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArswParams {
    /// epsilon: Fréchet shape of the idiosyncratic utility draws over (residence, workplace)
    /// pairs (> 1; ARSW eq. 5). Default 6.6941.
    pub epsilon: f64,
    /// kappa · epsilon = nu: semi-elasticity of commuting flows to travel time, per minute
    /// (>= 0; commuting cost d_ni = exp(kappa t_ni), ARSW eq. 4 and 11). Default 0.0987.
    pub kappa_epsilon: f64,
    /// lambda: elasticity of productivity to the employment-density potential Upsilon
    /// (A_i = a_i Upsilon_i^lambda, ARSW eq. 20). Default 0.0710.
    pub lambda: f64,
    /// delta: decay per minute of production spillovers (Upsilon_i = sum_s exp(-delta t_is)
    /// H_Ms / K_s, ARSW eq. 21). Default 0.3617.
    pub delta: f64,
    /// eta: elasticity of amenities to the residential-density potential Omega
    /// (B_n = b_n Omega_n^eta, ARSW eq. 22). Default 0.1553.
    pub eta: f64,
    /// rho: decay per minute of residential spillovers (Omega_n = sum_r exp(-rho t_nr)
    /// H_Rr / K_r, ARSW eq. 23). Default 0.7595.
    pub rho: f64,
    /// alpha: labour share of production, y = A H_M^alpha L_M^(1-alpha) (0 < alpha < 1;
    /// ARSW eq. 12). Default 0.80.
    pub alpha: f64,
    /// beta: share of consumption goods in utility; 1 - beta is spent on floor space
    /// (0 < beta < 1; ARSW eq. 1). Default 0.75.
    pub beta: f64,
}

impl Default for ArswParams {
    fn default() -> Self {
        ArswParams {
            epsilon: 6.6941,
            kappa_epsilon: 0.0987,
            lambda: 0.0710,
            delta: 0.3617,
            eta: 0.1553,
            rho: 0.7595,
            alpha: 0.80,
            beta: 0.75,
        }
    }
}

impl ArswParams {
    /// Checks every parameter's range (all finite): epsilon > 1, kappa·epsilon, delta,
    /// rho >= 0, lambda, eta in [0, 1), alpha, beta in (0, 1).
    pub fn validate(&self) -> Result<()> {
        let check = |key: &str, v: f64, ok: bool, allowed: &str| {
            if v.is_finite() && ok {
                Ok(())
            } else {
                Err(Error::invalid(format!("model.{key}"), v, allowed))
            }
        };
        check(
            "epsilon",
            self.epsilon,
            self.epsilon > 1.0,
            "the Fréchet shape must be finite and > 1",
        )?;
        check(
            "kappa-epsilon",
            self.kappa_epsilon,
            self.kappa_epsilon >= 0.0,
            "the commuting semi-elasticity (per minute) must be finite and >= 0",
        )?;
        check(
            "lambda",
            self.lambda,
            (0.0..1.0).contains(&self.lambda),
            "must be in [0, 1)",
        )?;
        check(
            "delta",
            self.delta,
            self.delta >= 0.0,
            "the decay per minute must be finite and >= 0",
        )?;
        check("eta", self.eta, (0.0..1.0).contains(&self.eta), "must be in [0, 1)")?;
        check(
            "rho",
            self.rho,
            self.rho >= 0.0,
            "the decay per minute must be finite and >= 0",
        )?;
        check(
            "alpha",
            self.alpha,
            self.alpha > 0.0 && self.alpha < 1.0,
            "the labour share must be in (0, 1)",
        )?;
        check(
            "beta",
            self.beta,
            self.beta > 0.0 && self.beta < 1.0,
            "the goods share must be in (0, 1)",
        )?;
        Ok(())
    }

    /// gamma = Gamma((epsilon - 1) / epsilon): expected utility is gamma S^(1/epsilon)
    /// (ARSW eq. 10).
    pub fn gamma(&self) -> f64 {
        gamma_function((self.epsilon - 1.0) / self.epsilon)
    }

    /// True when there are no spillovers (lambda = eta = 0): the fixed-fundamentals commuting
    /// model of ARSW §3 with exogenous A and B.
    pub fn without_spillovers(&self) -> bool {
        self.lambda == 0.0 && self.eta == 0.0
    }
}

/// Gamma(x) for x in (0, 1] by the Lanczos approximation (g = 7, n = 9), relative error ~1e-15.
pub fn gamma_function(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return std::f64::consts::PI / ((std::f64::consts::PI * x).sin() * gamma_function(1.0 - x));
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    (2.0 * std::f64::consts::PI).sqrt() * t.powf(x + 0.5) * (-t).exp() * a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_matches_known_values() {
        // Gamma(1/2) = sqrt(pi), Gamma(1) = 1, Gamma(1/3) = 2.678938534707747...
        assert!((gamma_function(0.5) - std::f64::consts::PI.sqrt()).abs() < 1e-14);
        assert!((gamma_function(1.0) - 1.0).abs() < 1e-14);
        assert!((gamma_function(1.0 / 3.0) - 2.678_938_534_707_747_6).abs() < 1e-13);
    }

    #[test]
    fn defaults_are_valid_and_bad_values_name_the_key() {
        ArswParams::default().validate().unwrap();
        let p = ArswParams {
            epsilon: 0.5,
            ..Default::default()
        };
        assert!(p.validate().unwrap_err().to_string().contains("model.epsilon"));
    }
}
