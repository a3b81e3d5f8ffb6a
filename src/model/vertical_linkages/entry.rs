//! Derivatives of the vertical-linkages model and the stability of its entry dynamics.
//!
//! Both derivatives are central differences of order four (relative step 1e-3: truncation
//! ~1e-12, round-off ~1e-13 relative to the profits) of short runs solved to machine
//! precision; they are smooth except where a region's labour market switches between
//! producing food and full employment in manufacturing.

use nalgebra::DMatrix;

use super::VerticalLinkages;
use crate::error::Result;
use crate::stability::{self, Stability};

/// Relative step of the differences.
const STEP: f64 = 1e-3;

/// f'(0) from f(-2h), f(-h), f(h), f(2h).
fn central(values: [&[f64]; 4], h: f64) -> Vec<f64> {
    let [m2, m1, p1, p2] = values;
    (0..m1.len())
        .map(|r| (m2[r] - 8.0 * m1[r] + 8.0 * p1[r] - p2[r]) / (12.0 * h))
        .collect()
}

impl VerticalLinkages {
    /// 1 + pi at firm shares `shares`, the short run solved there.
    fn real_return(&self, shares: &[f64]) -> Result<Vec<f64>> {
        Ok(self
            .solve_market(shares, None)?
            .0
            .profit
            .iter()
            .map(|p| 1.0 + p)
            .collect())
    }

    /// d omega / d lambda (N × N), the shares varied one at a time (N following from
    /// aggregate free entry, wages from the complementarity). Columns of empty regions are
    /// one-sided (second order).
    pub fn share_response(&self, shares: &[f64]) -> Result<DMatrix<f64>> {
        let n = shares.len();
        let scale = shares.iter().fold(0.0f64, |m, l| m.max(*l));
        let mut d = DMatrix::zeros(n, n);
        let at = |j: usize, h: f64| -> Result<Vec<f64>> {
            let mut s = shares.to_vec();
            s[j] += h;
            self.real_return(&s)
        };
        for j in 0..n {
            let column = if shares[j] > 0.0 {
                let h = STEP * shares[j];
                central([&at(j, -2.0 * h)?, &at(j, -h)?, &at(j, h)?, &at(j, 2.0 * h)?], h)
            } else {
                let h = 1e-5 * scale;
                let (f0, f1, f2) = (self.real_return(shares)?, at(j, h)?, at(j, 2.0 * h)?);
                (0..n)
                    .map(|r| (-3.0 * f0[r] + 4.0 * f1[r] - f2[r]) / (2.0 * h))
                    .collect()
            };
            for r in 0..n {
                d[(r, j)] = column[r];
            }
        }
        Ok(d)
    }

    /// The Jacobian of the entry dynamics dn/dt = n pi on `support` at firms `firms`:
    /// J_ab = n_a d pi_a / d n_b (a, b in the support), the short run at given firms.
    pub fn entry_jacobian(&self, firms: &[f64], support: &[usize]) -> Result<DMatrix<f64>> {
        let (base, _) = self.market_at_firms(firms, None)?;
        let k = support.len();
        let mut jac = DMatrix::zeros(k, k);
        let at = |j: usize, h: f64| -> Result<Vec<f64>> {
            let mut n = firms.to_vec();
            n[j] += h;
            Ok(self.market_at_firms(&n, Some(&base.log_x))?.0.profit)
        };
        for (b, &j) in support.iter().enumerate() {
            let h = STEP * firms[j];
            let column = central([&at(j, -2.0 * h)?, &at(j, -h)?, &at(j, h)?, &at(j, 2.0 * h)?], h);
            for (a, &r) in support.iter().enumerate() {
                jac[(a, b)] = firms[r] * column[r];
            }
        }
        Ok(jac)
    }

    /// Stability of the equilibrium at firm shares and wages under the entry dynamics: the
    /// eigenvalues of [`VerticalLinkages::entry_jacobian`] on the support (all |S| of them),
    /// then the entry eigenvalue pi_r of each empty region (omega_r - omega_bar with
    /// omega = 1 + pi: omega_bar = 1 at an equilibrium).
    ///
    /// `None` where every region with firms employs all its labour in manufacturing, or is
    /// exactly at that point (or one does and alpha = 0): there the short run at given firms has no solution off
    /// the equilibrium's own numbers (prices, wages and price indices of those regions scale
    /// together, so labour demand per firm does not depend on the wage); each such region's
    /// firms sit at its labour capacity. The long run then classifies by the firm shares'
    /// dynamics (N following aggregate free entry), whose entry eigenvalues pi_r are exact;
    /// likewise where the short run at the perturbed firms of the differences has no
    /// solution (next to such a point).
    pub fn entry_stability(&self, shares: &[f64], wage: &[f64], support: &[usize]) -> Result<Option<Stability>> {
        let market = self.market(shares, wage)?;
        // Binding, or at the kink (differences would cross into binding).
        let binds = |r: usize| market.wage[r] > 1.0 || market.labour_demand[r] >= self.labour[r] * (1.0 - 1e-9);
        let occupied: Vec<usize> = (0..shares.len()).filter(|&r| market.firms[r] > 0.0).collect();
        let degenerate =
            occupied.iter().all(|&r| binds(r)) || (self.params.alpha == 0.0 && occupied.iter().any(|&r| binds(r)));
        if degenerate {
            return Ok(None);
        }
        // Next to a region's labour capacity the short run at perturbed firms may not exist
        // (see above); classify by the shares' dynamics there too.
        let Ok(jac) = self.entry_jacobian(&market.firms, support) else {
            return Ok(None);
        };
        let eigenvalues = jac.complex_eigenvalues().iter().map(|c| (c.re, c.im)).collect();
        let omega: Vec<f64> = market.profit.iter().map(|p| 1.0 + p).collect();
        Ok(Some(stability::verdict(shares, &omega, eigenvalues, support)))
    }
}
