//! `moments`: named moments of the long-run equilibrium against target values.
//!
//! The long-run equilibrium is the one reached from the model's `shares` with the `[solve]`
//! seed, perturbation and starts (`long_run::reached`, the definition the sweep records
//! too), so the same theta always gives the same equilibrium. With lambda the
//! shares and w the nominal wages there (empty regions: the wage a firm could pay there):
//!
//! ```text
//! largest-share         max_r lambda_r
//! herfindahl            sum_r lambda_r^2
//! occupied              #{r : lambda_r > 1e-9}
//! corr-population-wage  Pearson correlation of lambda_r and w_r over the regions
//! wage-gap              mean ln w_r over occupied r - mean ln w_r over empty r
//! f(theta) = sum_k weight_k (m_k(theta) - target_k)^2
//! ```
//!
//! `occupied` (and, across a change of pattern, the shares) are step functions of theta:
//! fit them with Nelder–Mead or particle swarm, not L-BFGS.

use super::MobileAt;
use crate::calibration::Target;
use crate::error::{Error, Result};
use crate::long_run::{find_equilibria, reached::reached, SearchOptions};
use crate::solve::SolverSettings;

/// Shares below this count as empty.
pub const EMPTY: f64 = 1e-9;

/// A moment of a long-run equilibrium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    LargestShare,
    Herfindahl,
    Occupied,
    CorrPopulationWage,
    WageGap,
}

impl Moment {
    pub const ALL: [Moment; 5] = [
        Moment::LargestShare,
        Moment::Herfindahl,
        Moment::Occupied,
        Moment::CorrPopulationWage,
        Moment::WageGap,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Moment::LargestShare => "largest-share",
            Moment::Herfindahl => "herfindahl",
            Moment::Occupied => "occupied",
            Moment::CorrPopulationWage => "corr-population-wage",
            Moment::WageGap => "wage-gap",
        }
    }

    pub fn parse(name: &str) -> Option<Moment> {
        Moment::ALL.into_iter().find(|m| m.name() == name.replace('_', "-"))
    }

    /// The moment at shares and wages; an error when it is undefined there (a wage gap
    /// with no empty region, a correlation with equal shares).
    pub fn value(self, shares: &[f64], wages: &[f64]) -> Result<f64> {
        let n = shares.len() as f64;
        match self {
            Moment::LargestShare => Ok(shares.iter().cloned().fold(0.0, f64::max)),
            Moment::Herfindahl => Ok(shares.iter().map(|l| l * l).sum()),
            Moment::Occupied => Ok(shares.iter().filter(|&&l| l > EMPTY).count() as f64),
            Moment::CorrPopulationWage => {
                let (ml, mw) = (shares.iter().sum::<f64>() / n, wages.iter().sum::<f64>() / n);
                let (mut c, mut vl, mut vw) = (0.0, 0.0, 0.0);
                for (l, w) in shares.iter().zip(wages) {
                    c += (l - ml) * (w - mw);
                    vl += (l - ml) * (l - ml);
                    vw += (w - mw) * (w - mw);
                }
                if vl <= 0.0 || vw <= 0.0 {
                    return Err(Error::Numerical(
                        "corr-population-wage is undefined: shares or wages are equal in every region".into(),
                    ));
                }
                Ok(c / (vl * vw).sqrt())
            }
            Moment::WageGap => {
                let (mut so, mut no, mut se, mut ne) = (0.0, 0.0, 0.0, 0.0);
                for (l, w) in shares.iter().zip(wages) {
                    if *l > EMPTY {
                        so += w.ln();
                        no += 1.0;
                    } else {
                        se += w.ln();
                        ne += 1.0;
                    }
                }
                if ne == 0.0 {
                    return Err(Error::Numerical(
                        "wage-gap is undefined: every region is occupied at this equilibrium".into(),
                    ));
                }
                Ok(so / no - se / ne)
            }
        }
    }
}

/// A moment with its target value and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentTarget {
    pub moment: Moment,
    pub target: f64,
    pub weight: f64,
}

pub struct MomentsTarget {
    model_at: MobileAt,
    moments: Vec<MomentTarget>,
    settings: SolverSettings,
    search: SearchOptions,
}

impl MomentsTarget {
    pub fn new(
        model_at: MobileAt,
        moments: Vec<MomentTarget>,
        settings: SolverSettings,
        search: SearchOptions,
    ) -> Self {
        MomentsTarget {
            model_at,
            moments,
            settings,
            search,
        }
    }

    /// The moments at theta, in order.
    pub fn values(&self, theta: &[f64]) -> Result<Vec<f64>> {
        let (model, start) = (self.model_at)(theta)?;
        let equilibria = find_equilibria(model.as_ref(), &start, &self.settings, &self.search)
            .map_err(|e| e.while_solving("the long run of the moments target"))?;
        let eq = reached(model.as_ref(), &start, &equilibria, &self.settings, &self.search).ok_or_else(|| {
            Error::Numerical(format!(
                "no long-run equilibrium reached from the start ({} found)",
                equilibria.len()
            ))
        })?;
        self.moments
            .iter()
            .map(|m| m.moment.value(&eq.shares, &eq.outcomes.wage))
            .collect()
    }
}

impl Target for MomentsTarget {
    fn name(&self) -> &'static str {
        "moments"
    }

    fn labels(&self) -> Vec<String> {
        self.moments.iter().map(|m| m.moment.name().to_string()).collect()
    }

    fn locations(&self) -> usize {
        0
    }

    fn residuals(&self, theta: &[f64], _counts: &[f64]) -> Result<Vec<f64>> {
        let v = self.values(theta)?;
        Ok(v.iter()
            .zip(&self.moments)
            .map(|(v, m)| m.weight.sqrt() * (v - m.target))
            .collect())
    }

    fn fit(&self, theta: &[f64]) -> Result<(Vec<f64>, Vec<f64>)> {
        Ok((self.values(theta)?, self.moments.iter().map(|m| m.target).collect()))
    }

    fn least_squares(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_of_a_two_city_pattern() {
        let shares = [0.5, 0.0, 0.5, 0.0];
        let wages = [1.0, 0.8, 1.0, 0.8];
        assert_eq!(Moment::LargestShare.value(&shares, &wages).unwrap(), 0.5);
        assert_eq!(Moment::Herfindahl.value(&shares, &wages).unwrap(), 0.5);
        assert_eq!(Moment::Occupied.value(&shares, &wages).unwrap(), 2.0);
        assert!((Moment::CorrPopulationWage.value(&shares, &wages).unwrap() - 1.0).abs() < 1e-12);
        assert!((Moment::WageGap.value(&shares, &wages).unwrap() + 0.8f64.ln()).abs() < 1e-12);
        assert!(Moment::WageGap.value(&[0.5, 0.5], &[1.0, 1.0]).is_err());
        assert_eq!(Moment::parse("wage_gap"), Some(Moment::WageGap));
    }
}
