//! The short run of the several-industry model at given firms n_jr, or at given firm shares
//! with each industry's total at its free entry (docs/puga-venables.md §2): for given wages each industry's price indices are the vertical-linkages fixed point
//! ([`VerticalLinkages::market_at_firms_and_wages`]); the wages solve the labour-market
//! complementarity summed over industries,
//!
//! ```text
//! F_r(u) = min(u_r, ln L_r - ln D_r(u)) = 0,   u = ln w,   D_r = sum_j (1 - alpha_j) n_jr p_jr / w_r
//! ```
//!
//! (F_r = u_r in a region without firms), by semi-smooth Newton in u: rows of regions whose
//! labour binds are differentiated by central differences, the others are u_r = 0. With one
//! industry this is the closed form w_r = max(1, G_r ((1 - alpha) n_r / L_r)^(1/alpha)) of the
//! vertical-linkages model, reached numerically.

use super::PugaVenables;
use crate::error::{Error, Result};
use crate::model::vertical_linkages::{Market, VerticalLinkages};

/// Newton stops at this max |F|.
const TOLERANCE: f64 = 1e-13;
const MAX_NEWTON: usize = 100;
/// Step of the central differences in ln w.
const STEP: f64 = 1e-6;

/// What the short run is solved at: numbers of firms, or firm shares (free entry per industry).
#[derive(Clone, Copy)]
enum State<'a> {
    Firms(&'a [f64]),
    Shares(&'a [f64]),
}

/// The short run: wages and each industry's market.
#[derive(Debug, Clone)]
pub struct Economy {
    /// w_r.
    pub wage: Vec<f64>,
    /// Industry j's market (price indices, mill prices, profits, labour demand).
    pub markets: Vec<Market>,
    /// Labour in manufacturing D_r, all industries.
    pub labour_demand: Vec<f64>,
}

impl Economy {
    /// n_jr as one vector, cell (j, r) at j R + r.
    pub fn firms(&self) -> Vec<f64> {
        self.markets.iter().flat_map(|m| m.firms.iter().copied()).collect()
    }

    /// pi_jr as one vector, cell (j, r) at j R + r.
    pub fn profits(&self) -> Vec<f64> {
        self.markets.iter().flat_map(|m| m.profit.iter().copied()).collect()
    }
}

impl PugaVenables {
    /// n_j, the firms of industry j, out of the cells vector.
    pub fn industry_firms<'a>(&self, firms: &'a [f64], j: usize) -> &'a [f64] {
        let r = self.regions();
        &firms[j * r..(j + 1) * r]
    }

    fn check_firms(&self, firms: &[f64]) -> Result<()> {
        let (j, r) = (self.industries(), self.regions());
        if firms.len() != j * r || firms.iter().any(|n| !(n.is_finite() && *n >= 0.0)) {
            return Err(Error::Numerical(format!(
                "several industries: firms must be {j} x {r} finite values >= 0, got {firms:?}"
            )));
        }
        if let Some(k) = (0..j).find(|&k| self.industry_firms(firms, k).iter().all(|n| *n == 0.0)) {
            return Err(Error::Numerical(format!(
                "several industries: industry {} has no firms (its price index is infinite)",
                k + 1
            )));
        }
        Ok(())
    }

    /// The markets at log wages u, warm-started from `starts` (each industry's y): at given
    /// firms n, or at given firm shares with each industry's number of firms from its free
    /// entry ([`VerticalLinkages::market`]).
    fn markets_at(&self, state: State, log_wage: &[f64], starts: Option<&[Vec<f64>]>) -> Result<Economy> {
        let wage: Vec<f64> = log_wage.iter().map(|u| u.exp()).collect();
        let mut markets = Vec::with_capacity(self.industries());
        for j in 0..self.industries() {
            let model: &VerticalLinkages = self.industry(j);
            markets.push(match state {
                State::Firms(n) => {
                    let start = starts.map(|s| s[j].as_slice());
                    model
                        .market_at_firms_and_wages(self.industry_firms(n, j), &wage, start)?
                        .0
                }
                State::Shares(l) => model.market(self.industry_firms(l, j), &wage)?,
            });
        }
        let labour_demand = (0..self.regions())
            .map(|r| markets.iter().map(|m| m.labour_demand[r]).sum())
            .collect();
        Ok(Economy {
            wage,
            markets,
            labour_demand,
        })
    }

    /// F(u): the complementarity of each region's labour market.
    fn complementarity(&self, log_wage: &[f64], e: &Economy) -> Vec<f64> {
        (0..self.regions())
            .map(|r| {
                let occupied = e.markets.iter().any(|m| m.firms[r] > 0.0);
                if occupied && e.labour_demand[r] > 0.0 {
                    log_wage[r].min(self.labour[r].ln() - e.labour_demand[r].ln())
                } else {
                    log_wage[r]
                }
            })
            .collect()
    }

    /// The short run at firms n (cell (j, r) at j R + r), warm-started from wages `start`
    /// (else w = 1). Errors: [`Error::NotConverged`] with the iterations and residual, e.g.
    /// where every region with firms has all its labour in manufacturing (then prices,
    /// wages and price indices of those regions scale together and no wage clears them).
    pub fn economy(&self, firms: &[f64], start: Option<&[f64]>) -> Result<Economy> {
        self.check_firms(firms)?;
        self.clear_labour(State::Firms(firms), start)
    }

    /// The short run at firm shares lambda_jr (each industry's summing to 1), each
    /// industry's number of firms N_j set by its free entry (revenue g mu_j Y / (1 - alpha_j)):
    /// what the long run integrates and polishes; defined also where every region with firms
    /// has all its labour in manufacturing.
    pub fn economy_at_shares(&self, shares: &[f64], start: Option<&[f64]>) -> Result<Economy> {
        self.check_firms(shares)?;
        self.clear_labour(State::Shares(shares), start)
    }

    /// Semi-smooth Newton in u = ln w on the labour markets.
    fn clear_labour(&self, state: State, start: Option<&[f64]>) -> Result<Economy> {
        let n = self.regions();
        let mut u: Vec<f64> = match start {
            Some(w) if w.len() == n && w.iter().all(|w| w.is_finite() && *w >= 1.0) => {
                w.iter().map(|w| w.ln()).collect()
            }
            _ => vec![0.0; n],
        };
        let norm = |f: &[f64]| f.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut e = self.markets_at(state, &u, None)?;
        let mut f = self.complementarity(&u, &e);
        let mut r = norm(&f);
        for _ in 0..MAX_NEWTON {
            if r <= TOLERANCE {
                return Ok(e);
            }
            let binding: Vec<usize> = (0..n)
                .filter(|&i| e.labour_demand[i] > 0.0 && self.labour[i].ln() - e.labour_demand[i].ln() < u[i])
                .collect();
            let starts: Vec<Vec<f64>> = e.markets.iter().map(|m| m.log_x.clone()).collect();
            let mut jac = nalgebra::DMatrix::identity(n, n);
            if !binding.is_empty() {
                for k in 0..n {
                    let mut up = u.clone();
                    let mut down = u.clone();
                    up[k] += STEP;
                    down[k] -= STEP;
                    let d_up = self.markets_at(state, &up, Some(&starts))?.labour_demand;
                    let d_down = self.markets_at(state, &down, Some(&starts))?.labour_demand;
                    for &i in &binding {
                        jac[(i, k)] = -(d_up[i].ln() - d_down[i].ln()) / (2.0 * STEP);
                    }
                }
            }
            let rhs = nalgebra::DVector::from_iterator(n, f.iter().map(|v| -v));
            let Some(delta) = jac.lu().solve(&rhs).filter(|d| d.iter().all(|v| v.is_finite())) else {
                break;
            };
            let mut t = 1.0;
            let mut moved = false;
            while t >= 1e-8 {
                let trial: Vec<f64> = u.iter().zip(delta.iter()).map(|(a, d)| a + t * d).collect();
                if let Ok(et) = self.markets_at(state, &trial, Some(&starts)) {
                    let ft = self.complementarity(&trial, &et);
                    let rt = norm(&ft);
                    if rt < r {
                        (u, f, e, r, moved) = (trial, ft, et, rt, true);
                        break;
                    }
                }
                t *= 0.5;
            }
            if !moved {
                break;
            }
        }
        if r <= 1e2 * TOLERANCE {
            return Ok(e);
        }
        Err(Error::NotConverged {
            solver: "newton",
            iterations: MAX_NEWTON,
            residual: r,
            tolerance: TOLERANCE,
            context: "the labour markets of the several-industry model (at given firms: every region with firms fully employed in manufacturing has no solution)".into(),
        })
    }
}
