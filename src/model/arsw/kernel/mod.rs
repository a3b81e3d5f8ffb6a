//! The three travel-time kernels of the ARSW model and their matrix–vector products:
//! commuting exp(-kappa epsilon t_ni) (= d_ni^(-epsilon)), production spillovers
//! exp(-delta t_is) and residential spillovers exp(-rho t_nr).
//!
//! The N × N commuting-probability matrix pi_ni = X_n K_ni Y_i / S is never formed: every
//! quantity of the model is a product of a kernel with a vector (ARSW eqs 6–9 factored as
//! diagonal × kernel × diagonal). On a regular grid a kernel is block-Toeplitz and products go
//! through a zero-padded FFT ([`toeplitz`]); pairs whose times a shock changed are a small
//! dense correction on the blocks involved. For a general travel-time matrix the kernel is
//! stored densely ([`dense`]).

pub mod dense;
pub mod toeplitz;

use std::sync::Arc;

use rayon::prelude::*;

use super::travel::{Travel, TravelTimes};
pub use dense::DenseKernel;
pub use toeplitz::Toeplitz;

/// exp(-decay t_nr) for the pairs among `blocks` after a change, minus the baseline's:
/// `delta[a * m + b]`.
#[derive(Debug, Clone)]
pub struct Correction {
    blocks: Vec<usize>,
    delta: Vec<f64>,
}

/// One kernel matrix K\[n\]\[i\] = exp(-decay t_ni).
#[derive(Debug, Clone)]
pub enum Kernel {
    /// Grid times by FFT, plus a correction for changed pairs.
    Grid {
        fft: Arc<Toeplitz>,
        correction: Option<Arc<Correction>>,
    },
    Dense(Arc<DenseKernel>),
}

impl Kernel {
    /// exp(-decay t) for `travel`.
    pub fn new(travel: &Travel, decay: f64) -> Kernel {
        Kernel::from_fn(travel, move |t| (-decay * t).exp())
    }

    /// k(t) for `travel`, for any k of the travel time (e.g. t exp(-kappa epsilon t), whose
    /// products give mean commuting times).
    pub fn from_fn(travel: &Travel, kernel: impl Fn(f64) -> f64 + Sync + Copy) -> Kernel {
        match &travel.base {
            TravelTimes::Grid(g) => {
                let correction = travel.changed.as_ref().map(|c| {
                    let m = c.blocks.len();
                    let delta = (0..m * m)
                        .into_par_iter()
                        .map(|k| {
                            let (a, b) = (c.blocks[k / m], c.blocks[k % m]);
                            kernel(c.minutes[k]) - kernel(travel.base_minutes(a, b))
                        })
                        .collect();
                    Arc::new(Correction {
                        blocks: c.blocks.clone(),
                        delta,
                    })
                });
                Kernel::Grid {
                    fft: Arc::new(Toeplitz::from_fn(g, kernel)),
                    correction,
                }
            }
            TravelTimes::Matrix { n, .. } => {
                Kernel::Dense(Arc::new(DenseKernel::from_fn(*n, kernel, |r, s| travel.minutes(r, s))))
            }
        }
    }

    /// out1 = K x1 and out2 = K^T x2 (one FFT for both on a grid).
    pub fn mul_and_transpose(&self, x1: &[f64], x2: &[f64], out1: &mut [f64], out2: &mut [f64]) {
        match self {
            Kernel::Grid { fft, correction } => {
                fft.mul2(x1, x2, out1, out2);
                if let Some(c) = correction {
                    c.add(x1, out1, false);
                    c.add(x2, out2, true);
                }
            }
            Kernel::Dense(d) => {
                d.mul(x1, out1);
                d.mul_transpose(x2, out2);
            }
        }
    }

    /// out1 = K x1 and out2 = K x2.
    pub fn mul_two(&self, x1: &[f64], x2: &[f64], out1: &mut [f64], out2: &mut [f64]) {
        match self {
            Kernel::Grid { fft, correction } => {
                fft.mul2(x1, x2, out1, out2);
                if let Some(c) = correction {
                    c.add(x1, out1, false);
                    c.add(x2, out2, false);
                }
            }
            Kernel::Dense(d) => {
                d.mul(x1, out1);
                d.mul(x2, out2);
            }
        }
    }

    /// out = K x.
    pub fn mul(&self, x: &[f64], out: &mut [f64]) {
        match self {
            Kernel::Grid { .. } => {
                let mut scratch = vec![0.0; x.len()];
                self.mul_two(x, x, out, &mut scratch);
            }
            Kernel::Dense(d) => d.mul(x, out),
        }
    }

    /// out = K^T x.
    pub fn mul_transpose(&self, x: &[f64], out: &mut [f64]) {
        match self {
            Kernel::Grid { .. } => {
                let mut scratch = vec![0.0; x.len()];
                self.mul_and_transpose(x, x, &mut scratch, out);
            }
            Kernel::Dense(d) => d.mul_transpose(x, out),
        }
    }
}

impl Correction {
    /// out += Delta x (or Delta^T x).
    fn add(&self, x: &[f64], out: &mut [f64], transpose: bool) {
        let m = self.blocks.len();
        let sums: Vec<f64> = (0..m)
            .into_par_iter()
            .map(|a| {
                (0..m)
                    .map(|b| {
                        let d = if transpose {
                            self.delta[b * m + a]
                        } else {
                            self.delta[a * m + b]
                        };
                        d * x[self.blocks[b]]
                    })
                    .sum()
            })
            .collect();
        for (a, s) in sums.into_iter().enumerate() {
            out[self.blocks[a]] += s;
        }
    }
}

/// The model's three kernels.
#[derive(Debug, Clone)]
pub struct Kernels {
    /// exp(-kappa epsilon t_ni): d_ni^(-epsilon).
    pub commuting: Kernel,
    /// exp(-delta t_is).
    pub production: Kernel,
    /// exp(-rho t_nr).
    pub residential: Kernel,
}

impl Kernels {
    /// The kernels of `travel` at the decays (kappa epsilon, delta, rho).
    pub fn new(travel: &Travel, kappa_epsilon: f64, delta: f64, rho: f64) -> Kernels {
        Kernels {
            commuting: Kernel::new(travel, kappa_epsilon),
            production: Kernel::new(travel, delta),
            residential: Kernel::new(travel, rho),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::arsw::travel::GridCity;

    fn compare(travel: &Travel, decay: f64) {
        let n = travel.len();
        let fft = Kernel::new(travel, decay);
        let dense = DenseKernel::new(n, decay, |r, s| travel.minutes(r, s));
        let x1: Vec<f64> = (0..n).map(|i| 1.0 + ((i * 7919) % 13) as f64).collect();
        let x2: Vec<f64> = (0..n).map(|i| (-(i as f64) / n as f64).exp()).collect();
        let (mut a, mut b, mut c, mut d) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        fft.mul_and_transpose(&x1, &x2, &mut a, &mut b);
        dense.mul(&x1, &mut c);
        dense.mul_transpose(&x2, &mut d);
        for i in 0..n {
            assert!((a[i] - c[i]).abs() <= 1e-13 * c[i], "K x at {i}: {} vs {}", a[i], c[i]);
            assert!(
                (b[i] - d[i]).abs() <= 1e-13 * d[i],
                "K^T x at {i}: {} vs {}",
                b[i],
                d[i]
            );
        }
    }

    #[test]
    fn fft_products_match_dense_products() {
        for (w, h) in [(1, 1), (1, 5), (7, 4), (12, 12)] {
            let g = GridCity {
                width: w,
                height: h,
                block_km: 0.5,
                minutes_per_km: 2.0,
            };
            let travel = Travel::new(TravelTimes::Grid(g)).unwrap();
            for decay in [0.0, 0.0987, 0.7595] {
                compare(&travel, decay);
            }
            // an asymmetric change of some pairs
            let pairs: Vec<(usize, usize, f64)> = (0..travel.len())
                .step_by(3)
                .map(|i| (i, (i * 5 + 1) % travel.len(), 0.4))
                .collect();
            compare(&travel.scaled(&pairs).unwrap(), 0.3617);
        }
    }
}
