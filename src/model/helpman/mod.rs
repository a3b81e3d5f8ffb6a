//! Helpman (1998) housing model in the form of Redding and Rossi-Hansberg (2017, *Annual
//! Review of Economics* 9: 21–58, "QSE", §3), with countries: labour is mobile within a
//! country and immobile across countries (QSE §3.9); goods trade everywhere.
//!
//! Locations n, i have housing H_n, productivity A_n, amenity u_n (QSE §3 has none: u = 1;
//! see [`HelpmanRegions::fundamentals`]), population L_n and wage w_n; d_ni = T\[i\]\[n\] is
//! the iceberg cost of shipping from i to n (the geography's T is indexed from, to) and
//! phi_ni = d_ni^(1-sigma) is precomputed once ([`Freeness`]). Country c has labour Lbar_c.
//!
//! ```text
//! U_n    = u_n (C_n/alpha)^alpha (h_n/(1-alpha))^(1-alpha)                    (QSE eq. 1, u_n added)
//! p_ni   = sigma/(sigma-1) d_ni w_i / A_i,   M_i = L_i / (sigma F)            (eqs. 4, 7)
//! P_n    = sigma/(sigma-1) (sigma F)^(1/(sigma-1)) D_n^(1/(1-sigma)),
//!          D_n = sum_i L_i (d_ni w_i / A_i)^(1-sigma)                         (eq. 8)
//! pi_ni  = L_i (d_ni w_i / A_i)^(1-sigma) / D_n                               (eq. 9, trade shares)
//! P_n    = sigma/(sigma-1) (L_n / (sigma F pi_nn))^(1/(1-sigma)) w_n / A_n   (eq. 10)
//! w_i L_i = sum_n pi_ni w_n L_n                                              (goods market clearing =
//!                                                                             income; eq. 18 in levels)
//! v_n    = w_n / alpha                                                        (eq. 11, income per head)
//! r_n    = (1-alpha)/alpha w_n L_n / H_n                                      (eq. 12, housing market)
//! V_n    = u_n v_n / (P_n^alpha r_n^(1-alpha)) = Vbar_c  for n in country c  (eq. 13, mobility)
//! L_n    = Lbar_c [u_n A_n^alpha H_n^(1-alpha) pi_nn^(-alpha/(sigma-1))]^k
//!          / sum_{j in c} [...]^k,   k = (sigma-1)/(sigma(1-alpha)-1)         (eqs. 14–15)
//! ```
//!
//! **Normalisations.** Wages: the geometric mean of w over the locations of country 0 is 1
//! (the replication files' numeraire: West's geometric-mean wage). Populations are levels
//! summing to Lbar_c in each country. Inverted fundamentals (see [`inversion`]): productivity
//! has geometric mean 1 over all locations, amenities geometric mean 1 within each country.
//!
//! **Solver.** The state is (ln w, ln L) and the map ([`equilibrium`]) is
//!
//! ```text
//! ln w_i <- [ (sigma-1) ln A_i + ln sum_n phi_ni w_n L_n / D_n ] / sigma, then normalised
//! ln L_n <- ln Lbar_c + z_n - ln sum_{j in c} exp z_j,
//!           z_n = ln H_n + [ ln u_n + alpha ln w'_n + alpha/(sigma-1) ln D_n ] / (1-alpha)
//! ```
//!
//! The first line is goods market clearing solved for w_i; the second is eq. 13 solved for
//! L_n with P_n from eq. 8, using the updated wages w' (Gauss–Seidel). It is equivalent to
//! eq. 15 with the own-population feedback through pi_nn taken out analytically, which turns
//! eq. 15's exponent -alpha/(sigma(1-alpha)-1) (-3 at the QSE values: the plain iteration
//! oscillates and needs heavy damping) into a map whose population block contracts. Two
//! matrix–vector products per iteration; any [`crate::solve::Method`] runs it. The default
//! start is the free-trade limit ([`Helpman::free_trade_start`]). On the QSE grid Anderson
//! needs about 130 iterations (depth 10) or 300 (depth 5) from there, 40–90 for a
//! counterfactual warm-started at the baseline; the replication's damped iteration needs
//! 110,097.
//!
//! **Uniqueness.** With symmetric trade costs the equilibrium is unique iff
//! sigma (1 - alpha) > 1 (QSE §3.5: gamma_2/gamma_1 in (0, 1) in eq. 16), and then
//! w^(1-2 sigma) A^(sigma-1) (L/H)^((sigma-1)(1-alpha)/alpha) u^(-(sigma-1)/alpha) is the same
//! in every location of a country (eq. 17, one constant per country). Below it two equal
//! regions agglomerate when phi < phi_H ([`HelpmanParams::phi_h`]).
//!
//! **Counterfactuals.** [`hat`] implements exact hat algebra (QSE eqs. 18–20, with
//! productivity and amenity shocks and per-country mobility); `shocked` re-solves in levels.
//! Welfare changes follow eq. 21: Vhat = uhat Ahat^alpha pihat_nn^(-alpha/(sigma-1))
//! Lhat_n^(-(sigma(1-alpha)-1)/(sigma-1)), the same for every n in a country.

mod dense;
pub mod equilibrium;
pub mod hat;
pub mod inversion;
mod params;
pub mod rrh;

use crate::error::{Error, Result};
use crate::geography::{Geography, Structure, TradeCosts};
use crate::model::spatial::{Fundamentals, Shock, SpatialEquilibrium, SpatialModel, Uniqueness};
use crate::model::Freeness;
use crate::solve::SolverSettings;

pub use dense::DenseMatrix;
pub use equilibrium::HelpmanOutcomes;
pub use hat::HatOutcome;
pub use params::{HelpmanParams, HelpmanRegions};
pub use rrh::Rrh2017;

/// Shocked trade costs down to 1 - this (rounding in factors such as 1/t) are taken as 1.
pub const SHOCKED_COST_SLACK: f64 = 1e-12;

/// A validated Helpman model on a geography.
#[derive(Debug, Clone)]
pub struct Helpman {
    params: HelpmanParams,
    regions: HelpmanRegions,
    /// Locations of each country, in location order.
    members: Vec<Vec<usize>>,
    costs: TradeCosts,
    freeness: Freeness,
    /// (sigma - 1) ln A_n.
    log_a: Vec<f64>,
    log_h: Vec<f64>,
    log_u: Vec<f64>,
}

impl Helpman {
    /// Validates the parameters and per-location inputs against the geography.
    pub fn new(params: HelpmanParams, geography: &Geography, regions: HelpmanRegions) -> Result<Self> {
        Self::from_costs(params, geography.trade_costs.clone(), regions)
    }

    /// Same as [`Helpman::new`] from a trade-cost matrix alone.
    pub fn from_costs(params: HelpmanParams, costs: TradeCosts, regions: HelpmanRegions) -> Result<Self> {
        params.validate()?;
        let members = regions.validate(costs.len())?;
        let freeness = Freeness::new(&costs, params.sigma);
        let log_a = regions
            .fundamentals
            .productivity
            .iter()
            .map(|a| (params.sigma - 1.0) * a.ln())
            .collect();
        let log_h = regions.housing.iter().map(|h| h.ln()).collect();
        let log_u = regions.fundamentals.amenity.iter().map(|u| u.ln()).collect();
        Ok(Helpman {
            params,
            regions,
            members,
            costs,
            freeness,
            log_a,
            log_h,
            log_u,
        })
    }

    pub fn params(&self) -> &HelpmanParams {
        &self.params
    }

    pub fn regions(&self) -> &HelpmanRegions {
        &self.regions
    }

    /// The locations of each country.
    pub fn countries(&self) -> &[Vec<usize>] {
        &self.members
    }

    pub fn trade_costs(&self) -> &TradeCosts {
        &self.costs
    }

    pub fn freeness(&self) -> &Freeness {
        &self.freeness
    }

    /// Number of locations.
    pub fn len(&self) -> usize {
        self.costs.len()
    }

    /// True for a model without locations (never after validation).
    pub fn is_empty(&self) -> bool {
        self.costs.is_empty()
    }

    /// Each country's labour spread evenly over its locations (the replication files' start;
    /// pass it to `solve` to start there instead of at the free-trade limit).
    pub fn uniform_population(&self) -> Vec<f64> {
        let mut l = vec![0.0; self.len()];
        for (c, m) in self.members.iter().enumerate() {
            for &i in m {
                l[i] = self.regions.labour[c] / m.len() as f64;
            }
        }
        l
    }

    /// The same model with other fundamentals (validated).
    pub fn with_fundamentals(&self, fundamentals: Fundamentals) -> Result<Helpman> {
        let regions = HelpmanRegions {
            fundamentals,
            ..self.regions.clone()
        };
        Self::from_costs(self.params, self.costs.clone(), regions)
    }

    /// The model after `shock`: T_ij f_ij, A_i f_i, u_i f_i. The shocked costs must still be
    /// valid iceberg costs (>= 1 up to [`SHOCKED_COST_SLACK`], diagonal 1).
    pub fn shocked(&self, shock: &Shock) -> Result<Helpman> {
        let checked = self.check_shock(shock)?;
        let costs = match &shock.trade_cost {
            Some(f) => {
                let values = self
                    .costs
                    .values()
                    .iter()
                    .zip(f)
                    .map(|(t, f)| (t * f).max(1.0))
                    .collect();
                TradeCosts::from_row_major(self.len(), values, Structure::Dense, "shock.trade-cost", None)?
            }
            None => self.costs.clone(),
        };
        let scale = |base: &[f64], f: &Option<Vec<f64>>| match f {
            Some(f) => base.iter().zip(f).map(|(b, f)| b * f).collect(),
            None => base.to_vec(),
        };
        let fundamentals = Fundamentals {
            productivity: scale(&self.regions.fundamentals.productivity, &checked.productivity),
            amenity: scale(&self.regions.fundamentals.amenity, &checked.amenity),
        };
        Self::from_costs(
            self.params,
            costs,
            HelpmanRegions {
                fundamentals,
                ..self.regions.clone()
            },
        )
    }

    /// Validates a shock's shapes and values (factors finite and > 0, trade-cost diagonal 1,
    /// shocked costs >= 1) and returns it.
    fn check_shock<'s>(&self, shock: &'s Shock) -> Result<&'s Shock> {
        let n = self.len();
        if let Some(f) = &shock.trade_cost {
            if f.len() != n * n {
                return Err(Error::invalid(
                    "shock.trade-cost",
                    format!("{} entries", f.len()),
                    format!("must be {n} x {n} factors"),
                ));
            }
            for r in 0..n {
                if f[r * n + r] != 1.0 {
                    return Err(Error::invalid(
                        format!("shock.trade-cost[{0},{0}]", r + 1),
                        f[r * n + r],
                        "diagonal factors must be 1",
                    ));
                }
                for s in 0..n {
                    let v = f[r * n + s];
                    if !(v.is_finite() && v > 0.0) {
                        return Err(Error::invalid(
                            format!("shock.trade-cost[{},{}]", r + 1, s + 1),
                            v,
                            "factors must be finite and > 0",
                        ));
                    }
                    let t = self.costs.get(r, s) * v;
                    if t < 1.0 - SHOCKED_COST_SLACK {
                        return Err(Error::invalid(
                            format!("shock.trade-cost[{},{}]", r + 1, s + 1),
                            f[r * n + s],
                            format!("the shocked cost {t} would be below 1"),
                        ));
                    }
                }
            }
        }
        if let Some(f) = &shock.productivity {
            params::positive_vector("shock.productivity", f, n)?;
        }
        if let Some(f) = &shock.amenity {
            params::positive_vector("shock.amenity", f, n)?;
        }
        Ok(shock)
    }

    /// Settings used where the trait gives none (inversion): Anderson of depth 10, residual
    /// 1e-12 in logs, at most 20 000 iterations.
    pub fn inversion_settings() -> SolverSettings {
        SolverSettings {
            method: crate::solve::Method::Anderson {
                depth: 10,
                damping: 1.0,
            },
            tolerance: crate::solve::Tolerance {
                residual: 1e-12,
                max_iterations: 20_000,
            },
        }
    }
}

impl SpatialModel for Helpman {
    fn regions(&self) -> usize {
        self.len()
    }

    fn solve(&self, start: Option<&[f64]>, settings: &SolverSettings) -> Result<SpatialEquilibrium> {
        self.solve_equilibrium(start, settings)
    }

    fn uniqueness(&self) -> Uniqueness {
        let k = self.params.congestion();
        let (g1, g2) = self.params.gammas();
        if k > 1.0 && self.costs.is_symmetric() {
            Uniqueness {
                unique: true,
                statement: format!(
                    "sigma (1 - alpha) = {k:.6} > 1 with symmetric trade costs: unique equilibrium \
                     (QSE §3.5, gamma2/gamma1 = {:.6})",
                    g2 / g1
                ),
            }
        } else if k > 1.0 {
            Uniqueness {
                unique: false,
                statement: format!(
                    "sigma (1 - alpha) = {k:.6} > 1 but trade costs are asymmetric: QSE §3.5's \
                     uniqueness result assumes symmetric costs"
                ),
            }
        } else {
            Uniqueness {
                unique: false,
                statement: format!(
                    "sigma (1 - alpha) = {k:.6} <= 1: agglomeration can outweigh housing congestion and \
                     equilibria may be multiple (two equal regions: the symmetric one is unstable for \
                     phi < phi_H = {:.6})",
                    self.params.phi_h()
                ),
            }
        }
    }

    fn fundamentals(&self) -> &Fundamentals {
        &self.regions.fundamentals
    }

    fn invert(&self, population: &[f64], wage: &[f64], settings: &SolverSettings) -> Result<Fundamentals> {
        inversion::invert(self, population, wage, settings)
    }

    fn with_fundamentals(&self, fundamentals: Fundamentals) -> Result<Box<dyn SpatialModel>> {
        Ok(Box::new(Helpman::with_fundamentals(self, fundamentals)?))
    }

    fn shocked(&self, shock: &Shock) -> Result<Box<dyn SpatialModel>> {
        Ok(Box::new(Helpman::shocked(self, shock)?))
    }

    fn hat_algebra(
        &self,
        baseline: &SpatialEquilibrium,
        shock: &Shock,
        settings: &SolverSettings,
    ) -> Result<SpatialEquilibrium> {
        hat::counterfactual_levels(self, baseline, shock, settings)
    }
}
