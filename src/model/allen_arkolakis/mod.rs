//! Allen and Arkolakis (2014, QJE 129(3), "Trade and the Topography of the Spatial
//! Economy") with productivity (alpha) and amenity (beta) spillovers on N locations.
//!
//! Each location i produces one variety (Armington) with productivity
//! `A_i = Abar_i L_i^alpha` and offers amenity `u_i = ubar_i L_i^beta`; goods shipped from i
//! to j cost `p_ij = tau_ij w_i / A_i` (iceberg tau_ij >= 1); consumers have CES
//! preferences with elasticity `s = sigma`; workers move until welfare is equal everywhere:
//!
//! ```text
//! P_i^(1-s) = sum_j (tau_ji w_j / A_j)^(1-s)                        CES price index
//! W         = w_i u_i / P_i               for every i                welfare equalised
//! w_i L_i   = sum_j (tau_ij w_i / A_i)^(1-s) P_j^(s-1) w_j L_j        goods market clearing
//! sum_i L_i = Lbar
//! ```
//!
//! Eliminating P gives the two equilibrium equations (docs/reference.md §5; AA 2014 Sec. II):
//!
//! ```text
//! (E1) W^(s-1) w_i^s L_i^(1-alpha(s-1))  = sum_j (Abar_i ubar_j / tau_ij)^(s-1) w_j^s L_j^(1+beta(s-1))
//! (E2) W^(s-1) w_i^(1-s) L_i^(beta(1-s)) = sum_j (ubar_i Abar_j / tau_ji)^(s-1) w_j^(1-s) L_j^(alpha(s-1))
//! ```
//!
//! With symmetric tau both sums share one kernel, and Perron–Frobenius gives
//! `L_i^(1+(beta-alpha)(s-1)) ∝ w_i^(1-2s) (Abar_i/ubar_i)^(s-1)`; substituting into (E1)
//! leaves one equation in L. With `st = (s-1)/(2s-1)`, `p1 = st (1 - alpha(s-1) - beta s)`,
//! `p2 = st (1 + s alpha + beta(s-1))`:
//!
//! ```text
//! (C)  W^(s-1) L_i^p1 = sum_j tau_ij^(1-s) (Abar_i ubar_j)^((s-1)st) (ubar_i Abar_j)^(s st) L_j^p2
//! ```
//!
//! iterated as `l <- (RHS(l))^(1/p1)`, normalised to `sum l = 1`: a contraction with modulus
//! |p2/p1| (< 1 iff alpha + beta < 0 for alpha, beta in \[-1, 1\]).
//!
//! **Normalisations** (every result): population in levels, `sum L = Lbar`; wages with
//! geometric mean 1, `prod_i w_i^(1/N) = 1`; `P_i` the CES price index above in those wage
//! units (with `A_i = Abar_i L_i^alpha` at the population levels); welfare
//! `W_i = w_i ubar_i L_i^beta / P_i`, equal across i in equilibrium and independent of the
//! wage scale. Fundamentals recovered by inversion have geometric mean 1 each.
//!
//! Files: [`equilibrium`] (the contraction and the two-equation system as fixed-point
//! maps, outcomes), [`inversion`] (fundamentals from data), [`hat_algebra`] (exact hat
//! algebra, QSE eqs 18–20 adapted), [`search`] (many equilibria from seeded random starts).

pub mod equilibrium;
pub mod hat_algebra;
pub mod inversion;
pub mod search;
pub mod short_run;

pub use equilibrium::{Contraction, TwoEquationSystem};
pub use hat_algebra::{hat_algebra_from_data, Observables};
pub use search::{search_equilibria, DISTINCT_TOLERANCE, START_SPREAD};

use super::{Freeness, Fundamentals, Shock, SpatialEquilibrium, SpatialModel, Uniqueness};
use crate::error::{Error, Result};
use crate::geography::{Geography, Structure, TradeCosts};
use crate::solve::SolverSettings;

/// Parameters of the Allen–Arkolakis model. `Default` is AA (2014)'s calibration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AllenArkolakisParams {
    /// sigma (s): elasticity of substitution between location varieties (> 1); trade
    /// elasticity s - 1.
    pub sigma: f64,
    /// alpha: productivity spillover, `A_i = Abar_i L_i^alpha` (AA 2014: 0.1).
    pub alpha: f64,
    /// beta: amenity spillover, `u_i = ubar_i L_i^beta` (AA 2014: -0.3, congestion).
    pub beta: f64,
    /// Lbar: total population, `sum_i L_i = Lbar` (> 0).
    pub population: f64,
}

impl Default for AllenArkolakisParams {
    fn default() -> Self {
        AllenArkolakisParams {
            sigma: 9.0,
            alpha: 0.1,
            beta: -0.3,
            population: 1.0,
        }
    }
}

impl AllenArkolakisParams {
    /// st = (s-1)/(2s-1).
    pub fn sigma_tilde(&self) -> f64 {
        (self.sigma - 1.0) / (2.0 * self.sigma - 1.0)
    }

    /// p1 = st (1 - alpha(s-1) - beta s), the exponent of L_i on the left of (C).
    pub fn p1(&self) -> f64 {
        let s = self.sigma;
        self.sigma_tilde() * (1.0 - self.alpha * (s - 1.0) - self.beta * s)
    }

    /// p2 = st (1 + s alpha + beta(s-1)), the exponent of L_j on the right of (C).
    pub fn p2(&self) -> f64 {
        let s = self.sigma;
        self.sigma_tilde() * (1.0 + s * self.alpha + self.beta * (s - 1.0))
    }

    /// |p2/p1|: the modulus of the contraction (C) in the Hilbert projective metric.
    pub fn contraction_modulus(&self) -> f64 {
        (self.p2() / self.p1()).abs()
    }

    /// Checks sigma > 1, alpha and beta finite, Lbar > 0, and p1 != 0 (else (E1)–(E2) are
    /// singular: the exponent matrix of (w, L) on their left has determinant (2s-1) p1).
    pub fn validate(&self) -> Result<()> {
        if !(self.sigma.is_finite() && self.sigma > 1.0) {
            return Err(Error::invalid(
                "model.sigma",
                self.sigma,
                "sigma must be finite and > 1",
            ));
        }
        if !self.alpha.is_finite() {
            return Err(Error::invalid("model.alpha", self.alpha, "alpha must be finite"));
        }
        if !self.beta.is_finite() {
            return Err(Error::invalid("model.beta", self.beta, "beta must be finite"));
        }
        if !(self.population.is_finite() && self.population > 0.0) {
            return Err(Error::invalid(
                "model.population",
                self.population,
                "population must be finite and > 0",
            ));
        }
        let det = 1.0 - self.alpha * (self.sigma - 1.0) - self.beta * self.sigma;
        if det.abs() < 1e-12 {
            return Err(Error::invalid(
                "model.alpha",
                self.alpha,
                format!(
                    "1 - alpha (sigma - 1) - beta sigma must not be 0 (sigma = {}, beta = {}): the equilibrium system is singular",
                    self.sigma, self.beta
                ),
            ));
        }
        Ok(())
    }
}

/// A validated Allen–Arkolakis model on a geography.
#[derive(Debug, Clone)]
pub struct AllenArkolakis {
    params: AllenArkolakisParams,
    fundamentals: Fundamentals,
    log_productivity: Vec<f64>,
    log_amenity: Vec<f64>,
    trade_costs: TradeCosts,
    freeness: Freeness,
}

impl AllenArkolakis {
    /// Validates the parameters and the fundamentals (one finite positive value per
    /// location) and precomputes the freeness tau^(1-s).
    pub fn new(params: AllenArkolakisParams, geography: &Geography, fundamentals: Fundamentals) -> Result<Self> {
        params.validate()?;
        validate_positive("model.productivity", &fundamentals.productivity, geography.len())?;
        validate_positive("model.amenity", &fundamentals.amenity, geography.len())?;
        let freeness = Freeness::new(&geography.trade_costs, params.sigma);
        Ok(Self::assemble(
            params,
            fundamentals,
            geography.trade_costs.clone(),
            freeness,
        ))
    }

    fn assemble(
        params: AllenArkolakisParams,
        fundamentals: Fundamentals,
        trade_costs: TradeCosts,
        freeness: Freeness,
    ) -> Self {
        let log_productivity = fundamentals.productivity.iter().map(|a| a.ln()).collect();
        let log_amenity = fundamentals.amenity.iter().map(|u| u.ln()).collect();
        AllenArkolakis {
            params,
            fundamentals,
            log_productivity,
            log_amenity,
            trade_costs,
            freeness,
        }
    }

    pub fn params(&self) -> &AllenArkolakisParams {
        &self.params
    }

    pub fn freeness(&self) -> &Freeness {
        &self.freeness
    }

    pub fn trade_costs(&self) -> &TradeCosts {
        &self.trade_costs
    }

    /// Number of locations.
    pub fn regions(&self) -> usize {
        self.freeness.len()
    }

    /// True when tau is symmetric, so that [`AllenArkolakis::solve`] uses the contraction (C).
    pub fn is_symmetric(&self) -> bool {
        self.trade_costs.is_symmetric()
    }

    /// |p2/p1|, the modulus of the contraction (C).
    pub fn contraction_modulus(&self) -> f64 {
        self.params.contraction_modulus()
    }

    /// ln Abar and ln ubar.
    pub(crate) fn log_fundamentals(&self) -> (&[f64], &[f64]) {
        (&self.log_productivity, &self.log_amenity)
    }

    /// The equilibrium from `start` population (any positive levels; only shares matter;
    /// `None`: uniform): the contraction (C) when tau is symmetric, else the system (E1)–(E2).
    pub fn solve(&self, start: Option<&[f64]>, settings: &SolverSettings) -> Result<SpatialEquilibrium> {
        if self.is_symmetric() {
            self.solve_contraction(start, settings)
        } else {
            self.solve_system(start, settings)
        }
    }

    /// Uniqueness (AA 2014, Sec. III; Allen, Arkolakis and Li 2024 for asymmetric tau): for
    /// s > 1 and alpha, beta in \[-1, 1\] the equilibrium is unique when alpha + beta <= 0
    /// (for alpha + beta < 0 and symmetric tau, (C) is a contraction with modulus
    /// |p2/p1| < 1; at alpha + beta = 0, p1 = p2 and L^p1 is a Perron eigenvector). For
    /// alpha + beta > 0 several equilibria may exist. Outside the box, uniqueness is asserted
    /// only when tau is symmetric and |p2/p1| < 1.
    pub fn uniqueness(&self) -> Uniqueness {
        let AllenArkolakisParams { alpha, beta, .. } = self.params;
        // Rounded to 12 significant decimals so that 0.1 + -0.3 prints as -0.2.
        let exact = alpha + beta;
        let sum = (exact * 1e12).round() / 1e12;
        let modulus = self.contraction_modulus();
        let in_box = (-1.0..=1.0).contains(&alpha) && (-1.0..=1.0).contains(&beta);
        let m = format!("contraction modulus |p2/p1| = {modulus:.4}");
        if in_box {
            if exact < 0.0 {
                Uniqueness {
                    unique: true,
                    statement: format!("alpha + beta = {sum} < 0: unique ({m})"),
                }
            } else if exact == 0.0 {
                Uniqueness {
                    unique: true,
                    statement: format!("alpha + beta = 0: unique ({m})"),
                }
            } else {
                Uniqueness {
                    unique: false,
                    statement: format!("alpha + beta = {sum} > 0: several equilibria may exist ({m})"),
                }
            }
        } else if modulus < 1.0 && self.is_symmetric() {
            Uniqueness {
                unique: true,
                statement: format!(
                    "alpha = {alpha}, beta = {beta} outside [-1, 1], but tau is symmetric and {m} < 1: unique"
                ),
            }
        } else {
            Uniqueness {
                unique: false,
                statement: format!(
                    "alpha = {alpha}, beta = {beta} outside [-1, 1] (alpha + beta = {sum}): uniqueness not established ({m})"
                ),
            }
        }
    }

    /// The same model with other fundamentals (reusing the freeness matrix).
    pub fn with_fundamentals(&self, fundamentals: Fundamentals) -> Result<Self> {
        let n = self.regions();
        validate_positive("model.productivity", &fundamentals.productivity, n)?;
        validate_positive("model.amenity", &fundamentals.amenity, n)?;
        Ok(Self::assemble(
            self.params,
            fundamentals,
            self.trade_costs.clone(),
            self.freeness.clone(),
        ))
    }

    /// The model after `shock`: tau' = tau ⊙ tau-hat (must stay >= 1), Abar' = Abar ⊙
    /// Abar-hat, ubar' = ubar ⊙ ubar-hat. The new freeness is computed once here.
    pub fn shocked(&self, shock: &Shock) -> Result<Self> {
        let n = self.regions();
        validate_shock(shock, n)?;
        let scale = |base: &[f64], factor: &Option<Vec<f64>>| match factor {
            Some(f) => base.iter().zip(f).map(|(b, f)| b * f).collect(),
            None => base.to_vec(),
        };
        let fundamentals = Fundamentals {
            productivity: scale(&self.fundamentals.productivity, &shock.productivity),
            amenity: scale(&self.fundamentals.amenity, &shock.amenity),
        };
        match &shock.trade_cost {
            None => self.with_fundamentals(fundamentals),
            Some(factor) => {
                let values = self
                    .trade_costs
                    .values()
                    .iter()
                    .zip(factor)
                    .map(|(t, f)| t * f)
                    .collect();
                // A common factor off the diagonal keeps a circulant circulant.
                let off_diagonal = |k: usize| k / n != k % n;
                let first = (0..n * n).find(|&k| off_diagonal(k)).map(|k| factor[k]);
                let uniform = (0..n * n)
                    .filter(|&k| off_diagonal(k))
                    .all(|k| Some(factor[k]) == first);
                let structure = if uniform {
                    self.trade_costs.structure()
                } else {
                    Structure::Dense
                };
                let costs =
                    TradeCosts::from_row_major(n, values, structure, "shock.trade-cost (tau times its factor)", None)?;
                let freeness = Freeness::new(&costs, self.params.sigma);
                Ok(Self::assemble(self.params, fundamentals, costs, freeness))
            }
        }
    }
}

impl SpatialModel for AllenArkolakis {
    fn regions(&self) -> usize {
        AllenArkolakis::regions(self)
    }

    fn solve(&self, start: Option<&[f64]>, settings: &SolverSettings) -> Result<SpatialEquilibrium> {
        AllenArkolakis::solve(self, start, settings)
    }

    fn uniqueness(&self) -> Uniqueness {
        AllenArkolakis::uniqueness(self)
    }

    fn fundamentals(&self) -> &Fundamentals {
        &self.fundamentals
    }

    fn invert(&self, population: &[f64], wage: &[f64], settings: &SolverSettings) -> Result<Fundamentals> {
        AllenArkolakis::invert_with(self, population, wage, settings)
    }

    fn with_fundamentals(&self, fundamentals: Fundamentals) -> Result<Box<dyn SpatialModel>> {
        Ok(Box::new(AllenArkolakis::with_fundamentals(self, fundamentals)?))
    }

    fn shocked(&self, shock: &Shock) -> Result<Box<dyn SpatialModel>> {
        Ok(Box::new(AllenArkolakis::shocked(self, shock)?))
    }

    fn trade_shares(&self, eq: &SpatialEquilibrium) -> Option<Vec<f64>> {
        Some(AllenArkolakis::trade_shares(self, &eq.population, &eq.wage))
    }

    fn adjustment(&self) -> Option<&dyn super::adjustment::PopulationAdjustment> {
        Some(self)
    }

    fn hat_algebra(
        &self,
        baseline: &SpatialEquilibrium,
        shock: &Shock,
        settings: &SolverSettings,
    ) -> Result<SpatialEquilibrium> {
        AllenArkolakis::hat_algebra(self, baseline, shock, settings)
    }
}

/// `n` values, each finite and > 0; `key` names the config key, `key[i]` (1-based) the entry.
pub(crate) fn validate_positive(key: &str, values: &[f64], n: usize) -> Result<()> {
    if values.len() != n {
        return Err(Error::invalid(
            key,
            format!("a list of {} values", values.len()),
            format!("must have one value per location ({n})"),
        ));
    }
    for (i, &v) in values.iter().enumerate() {
        if !(v.is_finite() && v > 0.0) {
            return Err(Error::invalid(
                format!("{key}[{}]", i + 1),
                v,
                "values must be finite and > 0",
            ));
        }
    }
    Ok(())
}

/// Factors finite and > 0, one per location (or N × N for trade costs, diagonal 1).
pub(crate) fn validate_shock(shock: &Shock, n: usize) -> Result<()> {
    if let Some(f) = &shock.productivity {
        validate_positive("shock.productivity", f, n)?;
    }
    if let Some(f) = &shock.amenity {
        validate_positive("shock.amenity", f, n)?;
    }
    if let Some(f) = &shock.trade_cost {
        if f.len() != n * n {
            return Err(Error::invalid(
                "shock.trade-cost",
                format!("a list of {} values", f.len()),
                format!(
                    "must be an N x N matrix of factors ({} values for {n} locations)",
                    n * n
                ),
            ));
        }
        validate_positive("shock.trade-cost", f, n * n)?;
        for i in 0..n {
            if f[i * n + i] != 1.0 {
                return Err(Error::invalid(
                    format!("shock.trade-cost[{}, {}]", i + 1, i + 1),
                    f[i * n + i],
                    "the diagonal of the trade-cost factors must be 1",
                ));
            }
        }
    }
    Ok(())
}
