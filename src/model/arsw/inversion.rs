//! Recovering the fundamentals (a, b, L) from observed residents, workers and floor prices
//! (ARSW §5, QSE §4):
//!
//! 1. Wages from commuting-market clearing, H_Mi = sum_n [w_i^eps K_ni / sum_s w_s^eps K_ns]
//!    H_Rn (ARSW eq. 25): a fixed point in Y = w^eps, Y' = H_M / (K^T (H_R / (K Y))),
//!    unique up to scale; normalised to a geometric mean of w of 1.
//! 2. A from zero profit: A = (Q / (1-alpha))^(1-alpha) (w / alpha)^alpha (eq. 13).
//! 3. B from residential choice: X = H_R / (K Y) up to scale, B = X^(1/eps) Q^(1-beta)
//!    (eq. 8); closed city: scaled to a geometric mean of b of 1; open city: scaled so that
//!    expected utility is the reservation utility.
//! 4. a = A / Upsilon^lambda, b = B / Omega^eta with the observed densities (eqs 20–23).
//! 5. Floor space from floor-market clearing: L = ((1-beta) v H_R + ((1-alpha)/alpha) w H_M) / Q.
//!
//! Blocks without workers (H_Mi = 0, residential only) get w_i = 0 and a_i = 0; blocks without
//! residents (H_Rn = 0, commercial only) get b_n = 0, as in ARSW's data for Berlin, where many
//! blocks have only one use. The normalisations (geometric means of w and b) run over the
//! blocks that have the use. Every block needs residents or workers (else its floor space has
//! no use and no price).

use super::{ArswCity, ArswFundamentals, Closure};
use crate::error::{Error, Result};
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// Observed block data.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// H_Rn: residents (>= 0; 0 in commercial-only blocks).
    pub residents: Vec<f64>,
    /// H_Mi: workers by workplace (>= 0, 0 in residential-only blocks; the same total as
    /// residents; residents + workers > 0 in every block).
    pub workers: Vec<f64>,
    /// Q_n: floor-space price (> 0).
    pub floor_price: Vec<f64>,
}

/// What the inversion recovers.
#[derive(Debug, Clone)]
pub struct Inversion {
    pub fundamentals: ArswFundamentals,
    /// Wages (geometric mean 1).
    pub wage: Vec<f64>,
    /// The city's closure: the observed population (closed) or the reservation utility (open).
    pub closure: Closure,
    /// The wage fixed point's statistics.
    pub stats: Stats,
}

/// Total residents and workers must agree to this relative tolerance.
pub const TOTALS_TOLERANCE: f64 = 1e-9;

/// The wage map of step 1, in ln w.
struct WageMap<'a> {
    city: &'a ArswCity,
    observed: &'a Observed,
}

impl FixedPointMap for WageMap<'_> {
    fn dim(&self) -> usize {
        self.city.blocks()
    }

    fn apply(&self, ln_w: &[f64], out: &mut [f64]) {
        let n = ln_w.len();
        let eps = self.city.params.epsilon;
        let workers = &self.observed.workers;
        // Blocks without workers pay no wage: Y = 0 there, and their coordinate stays 0.
        let producing: Vec<bool> = workers.iter().map(|h| *h > 0.0).collect();
        let top = ln_w
            .iter()
            .zip(&producing)
            .filter(|(_, u)| **u)
            .map(|(v, _)| *v)
            .fold(f64::NEG_INFINITY, f64::max);
        let y: Vec<f64> = ln_w
            .iter()
            .zip(&producing)
            .map(|(v, u)| if *u { (eps * (v - top)).exp() } else { 0.0 })
            .collect();
        let mut ky = vec![0.0; n];
        self.city.kernels.commuting.mul(&y, &mut ky);
        let ratio: Vec<f64> = self.observed.residents.iter().zip(&ky).map(|(h, k)| h / k).collect();
        let mut t = vec![0.0; n];
        self.city.kernels.commuting.mul_transpose(&ratio, &mut t);
        for i in 0..n {
            out[i] = if producing[i] {
                (workers[i] / t[i]).ln() / eps
            } else {
                0.0
            };
        }
        let count = producing.iter().filter(|u| **u).count();
        let mean = out
            .iter()
            .zip(&producing)
            .filter(|(_, u)| **u)
            .map(|(v, _)| *v)
            .sum::<f64>()
            / count as f64;
        out.iter_mut()
            .zip(&producing)
            .filter(|(_, u)| **u)
            .for_each(|(v, _)| *v -= mean);
    }
}

/// Fundamentals that make `observed` the equilibrium of `city`'s parameters, travel times and
/// areas (its own fundamentals are ignored). `utility`: `Some(U)` for an open city with
/// reservation utility U, `None` for a closed city with the observed population.
pub fn invert(
    city: &ArswCity,
    observed: &Observed,
    utility: Option<f64>,
    settings: &SolverSettings,
) -> Result<Inversion> {
    let n = city.blocks();
    for (key, v) in [
        ("residents", &observed.residents),
        ("workers", &observed.workers),
        ("floor-price", &observed.floor_price),
    ] {
        if v.len() != n {
            return Err(Error::invalid(
                format!("observed {key}"),
                format!("{} values", v.len()),
                format!("one per block ({n})"),
            ));
        }
        let positive = key == "floor-price";
        if let Some((i, x)) = v
            .iter()
            .enumerate()
            .find(|(_, x)| !(x.is_finite() && (**x > 0.0 || (!positive && **x == 0.0))))
        {
            return Err(Error::invalid(
                format!("observed {key}[{}]", i + 1),
                x,
                if positive {
                    "values must be finite and > 0"
                } else {
                    "values must be finite and >= 0"
                },
            ));
        }
    }
    if let Some(i) = (0..n).find(|&i| observed.residents[i] == 0.0 && observed.workers[i] == 0.0) {
        return Err(Error::invalid(
            format!("observed residents[{0}] and workers[{0}]", i + 1),
            0,
            "a block needs residents or workers (with neither, its floor space has no use: drop the block)",
        ));
    }
    let total_r: f64 = observed.residents.iter().sum();
    let total_m: f64 = observed.workers.iter().sum();
    if !(total_r > 0.0 && total_m > 0.0) {
        return Err(Error::Config(
            "observed residents and workers must each have a block with a positive value".into(),
        ));
    }
    if ((total_r - total_m) / total_r).abs() > TOTALS_TOLERANCE {
        return Err(Error::Config(format!(
            "observed residents sum to {total_r} but workers to {total_m}: in a city every resident works in it (scale one column to the other's total)"
        )));
    }
    let p = city.params;
    let eps = p.epsilon;
    // 1. Wages.
    let map = WageMap { city, observed };
    let solution = solve::solve(&map, &vec![0.0; n], settings).map_err(|e| e.while_solving("recovering wages"))?;
    let ln_w = solution.state;
    // No wage where nobody works (the state holds 0 there).
    let wage: Vec<f64> = ln_w
        .iter()
        .zip(&observed.workers)
        .map(|(v, h)| if *h > 0.0 { v.exp() } else { 0.0 })
        .collect();
    let q = &observed.floor_price;
    // 2. Productivity.
    let big_a: Vec<f64> = (0..n)
        .map(|i| (q[i] / (1.0 - p.alpha)).powf(1.0 - p.alpha) * (wage[i] / p.alpha).powf(p.alpha))
        .collect();
    // 3. Amenities (up to scale) and expected incomes.
    let y: Vec<f64> = wage.iter().map(|w| w.powf(eps)).collect();
    let yw: Vec<f64> = y.iter().zip(&wage).map(|(a, b)| a * b).collect();
    let (mut ky, mut kyw) = (vec![0.0; n], vec![0.0; n]);
    city.kernels.commuting.mul_two(&y, &yw, &mut ky, &mut kyw);
    let mut ln_big_b: Vec<f64> = (0..n)
        .map(|i| (observed.residents[i] / ky[i]).ln() / eps + (1.0 - p.beta) * q[i].ln())
        .collect();
    // 4. Spillovers.
    let mut ln_a: Vec<f64> = big_a.iter().map(|v| v.ln()).collect();
    let mut ln_b = ln_big_b.clone();
    // ln A = ln B = -inf where there are no workers / residents (a = 0, b = 0).
    let producing: Vec<bool> = observed.workers.iter().map(|h| *h > 0.0).collect();
    let residential: Vec<bool> = observed.residents.iter().map(|h| *h > 0.0).collect();
    if p.lambda != 0.0 || p.eta != 0.0 {
        let dm: Vec<f64> = observed.workers.iter().zip(&city.area).map(|(h, k)| h / k).collect();
        let dr: Vec<f64> = observed.residents.iter().zip(&city.area).map(|(h, k)| h / k).collect();
        let (mut upsilon, mut omega) = (vec![0.0; n], vec![0.0; n]);
        city.kernels.production.mul(&dm, &mut upsilon);
        city.kernels.residential.mul(&dr, &mut omega);
        for i in 0..n {
            if producing[i] {
                ln_a[i] -= p.lambda * upsilon[i].ln();
            }
            if residential[i] {
                ln_b[i] -= p.eta * omega[i].ln();
            }
        }
    }
    // Scale of B: X = (B Q^(beta-1))^eps = H_R / (K Y) gives S = sum X K Y = H.
    let shift = match utility {
        None => {
            let count = residential.iter().filter(|u| **u).count();
            -ln_b
                .iter()
                .zip(&residential)
                .filter(|(_, u)| **u)
                .map(|(v, _)| *v)
                .sum::<f64>()
                / count as f64
        }
        Some(u) => {
            if !(u.is_finite() && u > 0.0) {
                return Err(Error::invalid("model.utility", u, "must be finite and > 0"));
            }
            // U = gamma S^(1/eps) with S scaled by exp(eps shift): ln U = ln gamma + ln(H)/eps + shift.
            u.ln() - p.gamma().ln() - total_r.ln() / eps
        }
    };
    ln_b.iter_mut().for_each(|v| *v += shift);
    ln_big_b.iter_mut().for_each(|v| *v += shift);
    // 5. Floor space.
    let commercial = (1.0 - p.alpha) / p.alpha;
    let floor_space: Vec<f64> = (0..n)
        .map(|i| {
            let v = kyw[i] / ky[i];
            ((1.0 - p.beta) * v * observed.residents[i] + commercial * wage[i] * observed.workers[i]) / q[i]
        })
        .collect();
    let closure = match utility {
        None => Closure::Closed { population: total_r },
        Some(u) => Closure::Open { utility: u },
    };
    Ok(Inversion {
        fundamentals: ArswFundamentals {
            productivity: ln_a.iter().map(|v| v.exp()).collect(),
            amenity: ln_b.iter().map(|v| v.exp()).collect(),
            floor_space,
        },
        wage,
        closure,
        stats: solution.stats,
    })
}

impl Inversion {
    /// The observed allocation as a start for [`ArswCity::solve`].
    pub fn as_start(&self, observed: &Observed) -> super::ArswEquilibrium {
        let population = observed.residents.iter().sum();
        super::ArswEquilibrium {
            residents: observed.residents.clone(),
            workers: observed.workers.clone(),
            wage: self.wage.clone(),
            floor_price: observed.floor_price.clone(),
            resident_income: vec![f64::NAN; self.wage.len()],
            productivity: vec![f64::NAN; self.wage.len()],
            amenity: vec![f64::NAN; self.wage.len()],
            population,
            utility: f64::NAN,
            stats: self.stats.clone(),
        }
    }
}
