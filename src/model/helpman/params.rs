//! Parameters and per-location inputs of the Helpman model, their validation, and the
//! conditions that follow from the parameters alone (uniqueness, the two-region threshold).

use crate::error::{Error, Result};
use crate::model::spatial::Fundamentals;

/// Parameters of the Helpman model. `Default` is the QSE §3.9 illustration: sigma = 5,
/// goods share alpha = 0.75 (housing share 25%), fixed cost F = 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HelpmanParams {
    /// sigma: elasticity of substitution between varieties (> 1; QSE eq. 2).
    pub sigma: f64,
    /// alpha: expenditure share of traded goods; 1 - alpha is spent on housing (0 < alpha < 1; QSE eq. 1).
    pub alpha: f64,
    /// F: fixed labour cost of a variety (> 0; QSE eq. 3). It scales price indices and welfare
    /// levels only, never populations, wages or welfare changes.
    pub fixed_cost: f64,
}

impl Default for HelpmanParams {
    fn default() -> Self {
        HelpmanParams {
            sigma: 5.0,
            alpha: 0.75,
            fixed_cost: 1.0,
        }
    }
}

impl HelpmanParams {
    /// Checks sigma > 1, 0 < alpha < 1 and F > 0 (all finite).
    pub fn validate(&self) -> Result<()> {
        if !(self.sigma.is_finite() && self.sigma > 1.0) {
            return Err(Error::invalid(
                "model.sigma",
                self.sigma,
                "sigma must be finite and > 1",
            ));
        }
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Error::invalid(
                "model.alpha",
                self.alpha,
                "the goods share alpha must be in (0, 1)",
            ));
        }
        if !(self.fixed_cost.is_finite() && self.fixed_cost > 0.0) {
            return Err(Error::invalid(
                "model.fixed-cost",
                self.fixed_cost,
                "the fixed cost F must be finite and > 0",
            ));
        }
        Ok(())
    }

    /// sigma (1 - alpha): the equilibrium is unique iff this exceeds 1 (QSE §3.5), i.e. the
    /// housing congestion force dominates the love-of-variety agglomeration force.
    pub fn congestion(&self) -> f64 {
        self.sigma * (1.0 - self.alpha)
    }

    /// gamma_1 = sigma (1 - alpha) / alpha and gamma_2 = 1 + sigma/(sigma-1) - (sigma-1)(1-alpha)/alpha
    /// of QSE eq. 16 (symmetric costs); gamma_2/gamma_1 < 1 iff sigma (1 - alpha) > 1.
    pub fn gammas(&self) -> (f64, f64) {
        let (s, a) = (self.sigma, self.alpha);
        (s * (1.0 - a) / a, 1.0 + s / (s - 1.0) - (s - 1.0) * (1.0 - a) / a)
    }

    /// Two equal regions (same A, u, H, one country): the symmetric equilibrium is unstable
    /// iff the freeness phi = T^(1-sigma) is below
    /// `phi_H = (2 sigma - 1)(1 - sigma (1 - alpha)) / (sigma - 1 + alpha sigma)` (docs/reference.md §4).
    /// Non-positive when sigma (1 - alpha) >= 1: the symmetric equilibrium is then always stable.
    pub fn phi_h(&self) -> f64 {
        let (s, a) = (self.sigma, self.alpha);
        (2.0 * s - 1.0) * (1.0 - s * (1.0 - a)) / (s - 1.0 + a * s)
    }
}

/// What the model needs per location, and labour per country.
#[derive(Debug, Clone, PartialEq)]
pub struct HelpmanRegions {
    /// H_n: housing stock (quality-adjusted land), > 0.
    pub housing: Vec<f64>,
    /// Productivity A_n (> 0) and amenity u_n (> 0). QSE §3 has no amenities (u = 1); u
    /// multiplies utility and is equivalent to quality-adjusted land H_n u_n^(1/(1-alpha)),
    /// which is what QSE §3.6 recovers alongside A_n.
    pub fundamentals: Fundamentals,
    /// Country of each location, labels 0..C with every label used. Labour moves freely
    /// within a country and not across; goods trade everywhere.
    pub country: Vec<usize>,
    /// Lbar_c: labour of each country (> 0), indexed by label.
    pub labour: Vec<f64>,
}

impl HelpmanRegions {
    /// One country of `n` identical locations (H = A = u = 1) with `labour` workers.
    pub fn uniform(n: usize, labour: f64) -> Self {
        HelpmanRegions {
            housing: vec![1.0; n],
            fundamentals: Fundamentals {
                productivity: vec![1.0; n],
                amenity: vec![1.0; n],
            },
            country: vec![0; n],
            labour: vec![labour],
        }
    }

    /// Splits `total` labour across countries in proportion to their number of locations
    /// (QSE §3.9: "labour split by country area" with equal cells).
    pub fn labour_by_area(total: f64, country: &[usize]) -> Vec<f64> {
        let c = country.iter().max().map_or(0, |m| m + 1);
        let mut counts = vec![0usize; c];
        for &k in country {
            counts[k] += 1;
        }
        counts
            .iter()
            .map(|&k| total * k as f64 / country.len() as f64)
            .collect()
    }

    /// Checks lengths against `n` locations, positivity and finiteness, and that countries
    /// are labelled 0..C with every label used and one labour total each. Returns the
    /// members of every country.
    pub(super) fn validate(&self, n: usize) -> Result<Vec<Vec<usize>>> {
        positive_vector("model.housing", &self.housing, n)?;
        positive_vector("model.productivity", &self.fundamentals.productivity, n)?;
        positive_vector("model.amenity", &self.fundamentals.amenity, n)?;
        if self.country.len() != n {
            return Err(Error::invalid(
                "model.country",
                format!("a list of {} values", self.country.len()),
                format!("must have one value per location ({n})"),
            ));
        }
        let c = self.labour.len();
        if c == 0 {
            return Err(Error::invalid(
                "model.labour",
                "an empty list",
                "needs one labour total per country",
            ));
        }
        let mut members = vec![Vec::new(); c];
        for (i, &k) in self.country.iter().enumerate() {
            if k >= c {
                return Err(Error::invalid(
                    format!("model.country[{}]", i + 1),
                    k,
                    format!("country labels must be 0..{} (one per entry of model.labour)", c - 1),
                ));
            }
            members[k].push(i);
        }
        if let Some(k) = members.iter().position(|m| m.is_empty()) {
            return Err(Error::invalid(
                "model.country",
                format!("no location in country {k}"),
                "every country needs a location",
            ));
        }
        for (k, &l) in self.labour.iter().enumerate() {
            if !(l.is_finite() && l > 0.0) {
                return Err(Error::invalid(
                    format!("model.labour[{}]", k + 1),
                    l,
                    "labour must be finite and > 0",
                ));
            }
        }
        Ok(members)
    }
}

/// Checks `n` entries, each finite and > 0. `key` names the config key in messages.
pub(super) fn positive_vector(key: &str, v: &[f64], n: usize) -> Result<()> {
    if v.len() != n {
        return Err(Error::invalid(
            key,
            format!("a list of {} values", v.len()),
            format!("must have one value per location ({n})"),
        ));
    }
    for (i, &x) in v.iter().enumerate() {
        if !(x.is_finite() && x > 0.0) {
            return Err(Error::invalid(format!("{key}[{}]", i + 1), x, "must be finite and > 0"));
        }
    }
    Ok(())
}
