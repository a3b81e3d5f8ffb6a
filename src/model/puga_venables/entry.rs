//! Long-run equilibria of the several-industry model (docs/puga-venables.md §3): the entry
//! dynamics integrated to rest in each industry's firm shares, Newton on the occupied cells,
//! and the stability of what is reached.
//!
//! - **Integration**: d ln lambda_jr/dt = pi_jr - sum_s lambda_js pi_js (each industry's
//!   total N_j at its free entry), explicit steps changing no ln lambda_jr by more than 0.1,
//!   halved where a large rate flips sign (stiff where a region's labour binds). An empty
//!   cell whose profit exceeds its industry's mean by 1e-9 is seeded with share 1e-6; a cell
//!   below 1e-12 exits.
//! - **Polish**: Newton in v = ln(lambda_c / lambda_ref) for equal profits within each
//!   industry (then 0 by its free entry) to 1e-12, the Jacobian by central differences;
//!   accepted when every empty cell has pi_jr <= 1e-9.
//! - **Stability**: the eigenvalues of J = diag(n_S) d pi_S / d n_S (the short run at given
//!   firms, central differences of order four, relative step 1e-3), or the polish's Jacobian
//!   where that short run has no solution, and the entry eigenvalues pi_jr of the empty
//!   cells; unstable where one has a real part above 1e-9.

use nalgebra::{DMatrix, DVector};

use super::{Economy, PugaVenables};
use crate::error::{Error, Result};

/// Largest change of any ln n_jr in one integration step.
const MAX_LOG_STEP: f64 = 0.1;
/// An entering cell's firms, relative to its industry's.
const SEED: f64 = 1e-6;
/// A cell exits below this share of its industry's firms.
const EXIT: f64 = 1e-12;
/// Profits on the occupied cells at which the integration hands over to Newton.
const HAND_OVER: f64 = 1e-4;
/// Newton's tolerance on max |pi_S|.
const POLISH_TOLERANCE: f64 = 1e-12;
/// Entry conditions: an empty cell with pi above this wants to enter.
pub const ENTRY_TOLERANCE: f64 = 1e-9;
/// Eigenvalues above this are unstable.
const UNSTABLE: f64 = 1e-9;

/// Settings of the search for an equilibrium.
#[derive(Debug, Clone, Copy)]
pub struct EntryOptions {
    /// Integration steps before giving up.
    pub max_steps: usize,
}

impl Default for EntryOptions {
    fn default() -> Self {
        EntryOptions { max_steps: 20_000 }
    }
}

/// A long-run equilibrium: firms, wages, profits, and its stability under the entry dynamics.
#[derive(Debug, Clone)]
pub struct Equilibrium {
    /// n_jr, cell (j, r) at j R + r.
    pub firms: Vec<f64>,
    /// w_r.
    pub wage: Vec<f64>,
    /// pi_jr (0 to 1e-12 on occupied cells, <= 1e-9 elsewhere).
    pub profit: Vec<f64>,
    /// G_jr.
    pub price_index: Vec<f64>,
    /// The entry Jacobian's eigenvalues on the occupied cells, then pi_jr of each empty
    /// cell, as (re, im), the largest real part first.
    pub eigenvalues: Vec<(f64, f64)>,
    pub n_unstable: usize,
    /// max |pi_jr| on the occupied cells.
    pub residual: f64,
    /// Integration steps and Newton steps taken.
    pub iterations: usize,
}

impl Equilibrium {
    /// The occupied cells.
    pub fn support(&self) -> Vec<usize> {
        (0..self.firms.len()).filter(|&c| self.firms[c] > 0.0).collect()
    }

    /// Industries with firms in region r.
    pub fn industries_in(&self, region: usize, regions: usize) -> usize {
        (0..self.firms.len() / regions)
            .filter(|&j| self.firms[j * regions + region] > 0.0)
            .count()
    }

    /// n_jr / sum_s n_js, cell by cell.
    pub fn shares(&self, regions: usize) -> Vec<f64> {
        self.firms
            .chunks(regions)
            .flat_map(|n| {
                let total: f64 = n.iter().sum();
                n.iter().map(move |v| v / total)
            })
            .collect()
    }
}

fn max_abs(v: impl Iterator<Item = f64>) -> f64 {
    v.fold(0.0f64, |m, x| m.max(x.abs()))
}

/// Per industry, the share-weighted mean profit sum_r lambda_jr pi_jr.
fn mean_profits(shares: &[f64], pi: &[f64], regions: usize) -> Vec<f64> {
    shares
        .chunks(regions)
        .zip(pi.chunks(regions))
        .map(|(l, p)| l.iter().zip(p).map(|(a, b)| a * b).sum())
        .collect()
}

/// Each industry's shares scaled to sum 1.
fn normalise(shares: &mut [f64], regions: usize) {
    for l in shares.chunks_mut(regions) {
        let total: f64 = l.iter().sum();
        l.iter_mut().for_each(|v| *v /= total);
    }
}

/// A polished equilibrium: shares, short run, Newton steps, and the Jacobian of the
/// log-share-ratio dynamics on the support.
pub struct Polished {
    pub shares: Vec<f64>,
    pub economy: Economy,
    pub iterations: usize,
    pub jacobian: DMatrix<f64>,
}

impl PugaVenables {
    /// The equilibrium the entry dynamics reach from firm shares `start` (each industry's
    /// summing to 1; cells as in [`PugaVenables::economy`]), polished and classified.
    pub fn settle(&self, start: &[f64], options: &EntryOptions) -> Result<Equilibrium> {
        let regions = self.regions();
        let mut l = start.to_vec();
        normalise(&mut l, regions);
        let mut wage: Option<Vec<f64>> = None;
        let mut cap = f64::INFINITY;
        let mut last = vec![0.0; l.len()];
        let mut residual = f64::INFINITY;
        for step in 0..options.max_steps {
            let e = self.economy_at_shares(&l, wage.as_deref())?;
            let pi = e.profits();
            let mean = mean_profits(&l, &pi, regions);
            let mut seeded = false;
            for c in 0..l.len() {
                if l[c] == 0.0 && pi[c] > mean[c / regions] + ENTRY_TOLERANCE {
                    l[c] = SEED;
                    seeded = true;
                }
            }
            if seeded {
                normalise(&mut l, regions);
            }
            let growth: Vec<f64> = (0..l.len()).map(|c| pi[c] - mean[c / regions]).collect();
            residual = max_abs((0..l.len()).filter(|&c| l[c] > 0.0).map(|c| growth[c]));
            if residual < HAND_OVER && step % 10 == 0 {
                if let Some(eq) = self.try_polish(&l, &e, step)? {
                    return Ok(eq);
                }
            }
            // Stiff where a region's labour binds: a large growth rate that flips sign
            // means the last step overshot; halve it, else let it grow back.
            let overshot =
                (0..l.len()).any(|c| l[c] > 0.0 && growth[c] * last[c] < 0.0 && growth[c].abs() > 0.5 * residual);
            cap = if overshot { 0.5 * cap } else { 1.5 * cap };
            last = growth.clone();
            let dt = (MAX_LOG_STEP / residual.max(1e-300)).min(cap);
            cap = dt;
            for c in 0..l.len() {
                if l[c] > 0.0 {
                    l[c] *= (dt * growth[c]).exp();
                }
            }
            normalise(&mut l, regions);
            for v in l.iter_mut() {
                if *v < EXIT {
                    *v = 0.0;
                }
            }
            normalise(&mut l, regions);
            wage = Some(e.wage);
        }
        Err(Error::NotConverged {
            solver: "entry dynamics",
            iterations: options.max_steps,
            residual,
            tolerance: POLISH_TOLERANCE,
            context: "the several-industry model's entry dynamics did not come to rest".into(),
        })
    }

    /// Newton from `l` on its occupied cells, then on those above 1e-6; the first that
    /// converges with every empty cell's pi <= 1e-9.
    fn try_polish(&self, l: &[f64], e: &Economy, steps: usize) -> Result<Option<Equilibrium>> {
        let all: Vec<usize> = (0..l.len()).filter(|&c| l[c] > 0.0).collect();
        let large: Vec<usize> = all.iter().copied().filter(|&c| l[c] > SEED).collect();
        for support in [all, large] {
            let Ok(p) = self.polish(l, &support, Some(&e.wage)) else {
                continue;
            };
            let pi = p.economy.profits();
            if (0..l.len()).all(|c| p.shares[c] > 0.0 || pi[c] <= ENTRY_TOLERANCE) {
                return self.classify(&p, steps).map(Some);
            }
        }
        Ok(None)
    }

    /// Newton on `support` for equal profits within each industry (then 0 by its free
    /// entry), in v = ln(lambda_c / lambda_ref) against each industry's first cell on the
    /// support, from `shares` (cells off the support set to 0). Errors when it does not
    /// converge: a cell heading to 0, or the short run failing.
    pub fn polish(&self, shares: &[f64], support: &[usize], wage: Option<&[f64]>) -> Result<Polished> {
        let regions = self.regions();
        let reference: Vec<Option<usize>> = (0..self.industries())
            .map(|j| support.iter().copied().find(|&c| c / regions == j))
            .collect();
        if let Some(j) = reference.iter().position(Option::is_none) {
            return Err(Error::Numerical(format!(
                "support {support:?} has no cell of industry {}",
                j + 1
            )));
        }
        let free: Vec<usize> = support
            .iter()
            .copied()
            .filter(|&c| reference[c / regions] != Some(c))
            .collect();
        let reference_of = |c: usize| reference[c / regions].expect("every industry on the support");
        let to_shares = |v: &[f64]| -> Vec<f64> {
            let mut l = vec![0.0; shares.len()];
            for j in 0..self.industries() {
                l[reference[j].expect("checked")] = 1.0;
            }
            for (a, &c) in free.iter().enumerate() {
                l[c] = v[a].exp();
            }
            normalise(&mut l, regions);
            l
        };
        let gaps = |e: &Economy| -> Vec<f64> {
            let pi = e.profits();
            free.iter().map(|&c| pi[c] - pi[reference_of(c)]).collect()
        };
        let mut v: Vec<f64> = free
            .iter()
            .map(|&c| (shares[c] / shares[reference_of(c)]).ln())
            .collect();
        if v.iter().any(|x| !x.is_finite()) {
            return Err(Error::Numerical(format!(
                "shares {shares:?} are 0 on the support {support:?}"
            )));
        }
        let k = free.len();
        let mut e = self.economy_at_shares(&to_shares(&v), wage)?;
        let mut f = gaps(&e);
        let mut r = max_abs(f.iter().copied());
        let jacobian_at = |v: &[f64], e: &Economy| -> Result<DMatrix<f64>> {
            let h = 1e-6;
            let mut jac = DMatrix::zeros(k, k);
            for b in 0..k {
                let mut up = v.to_vec();
                let mut down = v.to_vec();
                up[b] += h;
                down[b] -= h;
                let f_up = gaps(&self.economy_at_shares(&to_shares(&up), Some(&e.wage))?);
                let f_down = gaps(&self.economy_at_shares(&to_shares(&down), Some(&e.wage))?);
                for a in 0..k {
                    jac[(a, b)] = (f_up[a] - f_down[a]) / (2.0 * h);
                }
            }
            Ok(jac)
        };
        for iteration in 0..50 {
            let jac = jacobian_at(&v, &e)?;
            if r <= POLISH_TOLERANCE {
                return Ok(Polished {
                    shares: to_shares(&v),
                    economy: e,
                    iterations: iteration,
                    jacobian: jac,
                });
            }
            let rhs = DVector::from_iterator(k, f.iter().map(|x| -x));
            let Some(step) = jac.lu().solve(&rhs).filter(|d| d.iter().all(|x| x.is_finite())) else {
                break;
            };
            if step.iter().any(|d| d.abs() > 5.0) {
                break; // a cell heading to 0 or off the branch: not this support
            }
            let mut t = 1.0;
            let mut moved = false;
            while t >= 1e-4 {
                let trial: Vec<f64> = v.iter().zip(step.iter()).map(|(a, d)| a + t * d).collect();
                if let Ok(et) = self.economy_at_shares(&to_shares(&trial), Some(&e.wage)) {
                    let ft = gaps(&et);
                    let rt = max_abs(ft.iter().copied());
                    if rt < r {
                        (v, e, f, r, moved) = (trial, et, ft, rt, true);
                        break;
                    }
                }
                t *= 0.5;
            }
            if !moved {
                break;
            }
        }
        Err(Error::NotConverged {
            solver: "newton",
            iterations: 50,
            residual: r,
            tolerance: POLISH_TOLERANCE,
            context: format!("equal profits of the several-industry model on cells {support:?}"),
        })
    }

    /// J_ab = n_a d pi_a / d n_b on `support` at `firms` (central differences of order
    /// four, the short run at given firms).
    pub fn entry_jacobian(&self, firms: &[f64], support: &[usize], wage: &[f64]) -> Result<DMatrix<f64>> {
        let k = support.len();
        let mut jac = DMatrix::zeros(k, k);
        for (b, &c) in support.iter().enumerate() {
            let h = 1e-3 * firms[c];
            let at = |d: f64| -> Result<Vec<f64>> {
                let mut n = firms.to_vec();
                n[c] += d;
                Ok(self.economy(&n, Some(wage))?.profits())
            };
            let (m2, m1, p1, p2) = (at(-2.0 * h)?, at(-h)?, at(h)?, at(2.0 * h)?);
            for (a, &r) in support.iter().enumerate() {
                jac[(a, b)] = firms[r] * (m2[r] - 8.0 * m1[r] + 8.0 * p1[r] - p2[r]) / (12.0 * h);
            }
        }
        Ok(jac)
    }

    /// The equilibrium of a polish with its stability: the entry Jacobian's eigenvalues on
    /// the occupied cells; where the short run at given firms has no solution next to it
    /// (every region with firms fully employed in manufacturing), those of the share
    /// dynamics (the polish's Jacobian, one fewer per industry); then pi_jr of each empty
    /// cell.
    pub fn classify(&self, polished: &Polished, iterations: usize) -> Result<Equilibrium> {
        let e = &polished.economy;
        let firms = e.firms();
        let support: Vec<usize> = (0..firms.len()).filter(|&c| firms[c] > 0.0).collect();
        let pi = e.profits();
        let jac = self
            .entry_jacobian(&firms, &support, &e.wage)
            .unwrap_or_else(|_| polished.jacobian.clone());
        let mut eigenvalues: Vec<(f64, f64)> = if jac.nrows() == 0 {
            Vec::new()
        } else {
            jac.complex_eigenvalues().iter().map(|c| (c.re, c.im)).collect()
        };
        eigenvalues.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
        eigenvalues.extend((0..firms.len()).filter(|&c| firms[c] == 0.0).map(|c| (pi[c], 0.0)));
        let n_unstable = eigenvalues.iter().filter(|e| e.0 > UNSTABLE).count();
        Ok(Equilibrium {
            residual: max_abs(support.iter().map(|&c| pi[c])),
            firms,
            wage: e.wage.clone(),
            profit: pi,
            price_index: e.markets.iter().flat_map(|m| m.price_index.iter().copied()).collect(),
            eigenvalues,
            n_unstable,
            iterations: iterations + polished.iterations,
        })
    }
}
