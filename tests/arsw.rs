//! The Ahlfeldt–Redding–Sturm–Wolf city (src/model/arsw): inversion round trip, the
//! no-spillover limit (unique equilibrium, spillover terms vanish), symmetric equilibria of
//! identical blocks against their closed form, FFT and dense kernels agreeing, methods
//! agreeing, counterfactuals. Sizes are small (CI); the 50 × 50 and 100 × 100 cases are in
//! examples/arsw_time.rs and scripts/bench_arsw_numpy.py.

use agglo::model::arsw::{
    corridor_pairs, invert, ArswCity, ArswEquilibrium, ArswFundamentals, ArswParams, Closure, Observed, Spillovers,
    SyntheticCity, Travel, TravelTimes,
};
use agglo::solve::{Method, SolverSettings, Tolerance};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn settings(tol: f64) -> SolverSettings {
    SolverSettings {
        method: Method::Anderson { depth: 5, damping: 1.0 },
        tolerance: Tolerance {
            residual: tol,
            max_iterations: 5000,
        },
    }
}

fn lognormal(n: usize, sd: f64, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| (sd * (rng.random::<f64>() - 0.5) * 3.4).exp()).collect()
}

fn rel(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| ((x - y) / y).abs()).fold(0.0, f64::max)
}

/// Max relative deviation of a / b from a constant (equal up to scale).
fn rel_up_to_scale(a: &[f64], b: &[f64]) -> f64 {
    let r: Vec<f64> = a.iter().zip(b).map(|(x, y)| x / y).collect();
    let c = r[0];
    r.iter().map(|x| (x / c - 1.0).abs()).fold(0.0, f64::max)
}

fn synthetic_city(size: usize, params: ArswParams) -> (ArswCity, Observed) {
    let s = SyntheticCity {
        size,
        ..Default::default()
    };
    let n = size * size;
    let placeholder = ArswFundamentals {
        productivity: vec![1.0; n],
        amenity: vec![1.0; n],
        floor_space: vec![1.0; n],
    };
    let city = ArswCity::new(
        params,
        s.travel().unwrap(),
        s.area(),
        placeholder,
        Closure::Closed { population: s.population },
    )
    .unwrap();
    (city, s.observed())
}

fn observed_of(e: &ArswEquilibrium) -> Observed {
    Observed {
        residents: e.residents.clone(),
        workers: e.workers.clone(),
        floor_price: e.floor_price.clone(),
    }
}

/// Acceptance: a forward solve with the fundamentals recovered from a 30 × 30 synthetic city
/// reproduces the data to 1e-10 relative.
#[test]
fn inversion_round_trip_on_a_30_by_30_city() {
    let (city, observed) = synthetic_city(30, ArswParams::default());
    let inv = invert(&city, &observed, None, &settings(1e-13)).unwrap();
    let recovered = city.with_fundamentals(inv.fundamentals.clone()).unwrap();
    let forward = recovered.solve(Some(&inv.as_start(&observed)), &settings(1e-12)).unwrap();
    let error = rel(&forward.residents, &observed.residents)
        .max(rel(&forward.workers, &observed.workers))
        .max(rel(&forward.floor_price, &observed.floor_price))
        .max(rel(&forward.wage, &inv.wage));
    eprintln!("30x30 round trip: max relative error {error:.2e}, {} iterations", forward.stats.iterations);
    assert!(error < 1e-10, "round trip error {error}");
}

/// The other direction: fundamentals -> equilibrium -> inversion recovers the fundamentals
/// (up to the normalisation: a and L scale with the wage level, b with the amenity scale),
/// with and without spillovers, for several parameter sets.
#[test]
fn inversion_recovers_known_fundamentals() {
    let base = ArswParams::default();
    for (k, params) in [
        base,
        ArswParams {
            lambda: 0.0,
            eta: 0.0,
            ..base
        },
        ArswParams {
            epsilon: 4.0,
            kappa_epsilon: 0.2,
            alpha: 0.7,
            beta: 0.6,
            ..base
        },
    ]
    .into_iter()
    .enumerate()
    {
        let (city, _) = synthetic_city(10, params);
        let n = city.blocks();
        let truth = ArswFundamentals {
            productivity: lognormal(n, 0.3, 1 + k as u64),
            amenity: lognormal(n, 0.3, 11 + k as u64),
            floor_space: lognormal(n, 0.3, 21 + k as u64),
        };
        let city = city.with_fundamentals(truth.clone()).unwrap();
        let e = city.solve(None, &settings(1e-13)).unwrap();
        let inv = invert(&city, &observed_of(&e), None, &settings(1e-13)).unwrap();
        let f = &inv.fundamentals;
        for (name, a, b) in [
            ("productivity", &f.productivity, &truth.productivity),
            ("amenity", &f.amenity, &truth.amenity),
            ("floor space", &f.floor_space, &truth.floor_space),
            ("wage", &inv.wage, &e.wage),
        ] {
            let d = rel_up_to_scale(a, b);
            assert!(d < 1e-10, "params {k}: {name} recovered up to scale to {d}");
        }
    }
}

/// With lambda = eta = 0 the spillover terms vanish (A = a, B = b) and the equilibrium is
/// unique: seeded random starts all reach it.
#[test]
fn no_spillovers_reduce_to_the_commuting_model_with_a_unique_equilibrium() {
    let params = ArswParams {
        lambda: 0.0,
        eta: 0.0,
        ..Default::default()
    };
    let (city, _) = synthetic_city(8, params);
    let n = city.blocks();
    let city = city
        .with_fundamentals(ArswFundamentals {
            productivity: lognormal(n, 0.5, 3),
            amenity: lognormal(n, 0.5, 4),
            floor_space: lognormal(n, 0.5, 5),
        })
        .unwrap();
    let first = city.solve(None, &settings(1e-12)).unwrap();
    assert_eq!(first.productivity, city.fundamentals().productivity);
    assert_eq!(first.amenity, city.fundamentals().amenity);
    for seed in 0..5 {
        let mut start = city.uniform_start();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for v in start
            .residents
            .iter_mut()
            .chain(start.workers.iter_mut())
            .chain(start.wage.iter_mut())
            .chain(start.floor_price.iter_mut())
        {
            *v *= (2.0 * (rng.random::<f64>() - 0.5)).exp();
        }
        let e = city.solve(Some(&start), &settings(1e-12)).unwrap();
        let d = ArswCity::max_relative_difference(&e, &first);
        assert!(d < 1e-9, "start {seed}: a different equilibrium ({d})");
    }
}

/// Identical blocks on a torus (wrapped distances, a dense travel-time matrix) have a
/// symmetric equilibrium with a closed form: H_R = H_M = H/N, v = w, L Q = c w with
/// c = (H/N)((1-beta) + (1-alpha)/alpha), w = alpha^alpha (1-alpha)^(1-alpha) A c^(alpha-1)
/// ... with A = a Upsilon^lambda, Upsilon = (H/N)/area · sum_s exp(-delta t_0s). Reached
/// from an asymmetric start.
#[test]
fn identical_blocks_give_the_symmetric_equilibrium() {
    let side = 6usize;
    let n = side * side;
    let minutes: Vec<f64> = (0..n * n)
        .map(|k| {
            let (r, s) = (k / n, k % n);
            let wrap = |a: usize, b: usize| {
                let d = a.abs_diff(b);
                d.min(side - d) as f64
            };
            4.0 * (wrap(r % side, s % side).powi(2) + wrap(r / side, s / side).powi(2)).sqrt()
        })
        .collect();
    let travel = Travel::new(TravelTimes::Matrix { n, minutes: minutes.clone() }).unwrap();
    for params in [
        ArswParams::default(),
        ArswParams {
            lambda: 0.0,
            eta: 0.0,
            ..Default::default()
        },
    ] {
        let (a, l, area, h) = (1.3, 2.0, 0.25, 1000.0);
        let city = ArswCity::new(
            params,
            travel.clone(),
            vec![area; n],
            ArswFundamentals {
                productivity: vec![a; n],
                amenity: vec![1.0; n],
                floor_space: vec![l; n],
            },
            Closure::Closed { population: h },
        )
        .unwrap();
        let mut start = city.uniform_start();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for v in start.residents.iter_mut().chain(start.wage.iter_mut()) {
            *v *= (0.2 * (rng.random::<f64>() - 0.5)).exp();
        }
        let e = city.solve(Some(&start), &settings(1e-12)).unwrap();
        let p = params;
        let upsilon: f64 = (h / n as f64) / area * (0..n).map(|s| (-p.delta * minutes[s]).exp()).sum::<f64>();
        let big_a = a * upsilon.powf(p.lambda);
        let c = (h / n as f64) * ((1.0 - p.beta) + (1.0 - p.alpha) / p.alpha) / l;
        let w = p.alpha.powf(p.alpha) * (1.0 - p.alpha).powf(1.0 - p.alpha) * big_a * c.powf(p.alpha - 1.0);
        for i in 0..n {
            assert!((e.residents[i] / (h / n as f64) - 1.0).abs() < 1e-9, "residents {i}");
            assert!((e.workers[i] / (h / n as f64) - 1.0).abs() < 1e-9, "workers {i}");
            assert!((e.wage[i] / w - 1.0).abs() < 1e-9, "wage {i}: {} vs {w}", e.wage[i]);
            assert!((e.floor_price[i] / (c * w) - 1.0).abs() < 1e-9, "floor price {i}");
        }
    }
}

/// The same city with FFT (grid) and dense (matrix) kernels, and with Anderson and damped
/// Picard (0.1, as the public toolkits), reaches the same equilibrium.
#[test]
fn fft_and_dense_kernels_and_methods_agree() {
    let (grid_city, observed) = synthetic_city(9, ArswParams::default());
    let inv = invert(&grid_city, &observed, None, &settings(1e-13)).unwrap();
    let grid_city = grid_city.with_fundamentals(inv.fundamentals.clone()).unwrap();
    let n = grid_city.blocks();
    let minutes = (0..n * n).map(|k| grid_city.travel().minutes(k / n, k % n)).collect();
    let dense_city = grid_city
        .with_travel(Travel::new(TravelTimes::Matrix { n, minutes }).unwrap())
        .unwrap();
    let start = inv.as_start(&observed);
    let mut perturbed = start.clone();
    perturbed.wage.iter_mut().enumerate().for_each(|(i, w)| *w *= 1.0 + 0.01 * ((i % 3) as f64 - 1.0));
    let a = grid_city.solve(Some(&perturbed), &settings(1e-12)).unwrap();
    let b = dense_city.solve(Some(&perturbed), &settings(1e-12)).unwrap();
    let picard = SolverSettings {
        method: Method::Picard { damping: 0.1 },
        tolerance: Tolerance {
            residual: 1e-11,
            max_iterations: 100_000,
        },
    };
    let c = grid_city.solve(Some(&perturbed), &picard).unwrap();
    assert!(ArswCity::max_relative_difference(&a, &b) < 1e-10);
    assert!(ArswCity::max_relative_difference(&a, &c) < 1e-9);
    assert!(ArswCity::max_relative_difference(&a, &start) < 1e-9, "back to the data");
    assert!(c.stats.iterations > 5 * a.stats.iterations, "{} vs {}", c.stats.iterations, a.stats.iterations);
}

/// Counterfactuals: a corridor that halves travel times along it raises welfare in a closed
/// city, more with spillovers than without... and a factor of 1 changes nothing.
#[test]
fn corridor_counterfactual() {
    let s = SyntheticCity {
        size: 12,
        ..Default::default()
    };
    let (city, observed) = synthetic_city(12, ArswParams::default());
    let inv = invert(&city, &observed, None, &settings(1e-13)).unwrap();
    let city = city.with_fundamentals(inv.fundamentals.clone()).unwrap();
    let baseline = city.solve(Some(&inv.as_start(&observed)), &settings(1e-12)).unwrap();
    let g = s.grid();
    let centres: Vec<[f64; 2]> = (0..g.len()).map(|i| g.centre(i)).collect();
    let km = s.size as f64 * s.block_km;
    let y = km / 2.0 + s.block_km / 2.0; // the centres of one row of blocks
    let line = ([0.0, y], [km, y]);
    let same = city.travel().scaled(&corridor_pairs(&centres, line.0, line.1, 0.3, 1.0)).unwrap();
    let none = city.counterfactual(&baseline, same, Spillovers::On, &settings(1e-11)).unwrap();
    assert!((none.welfare_ratio - 1.0).abs() < 1e-10);
    assert!(none.residents_change.iter().all(|r| (r - 1.0).abs() < 1e-9));
    let pairs = corridor_pairs(&centres, line.0, line.1, 0.3, 0.5);
    assert_eq!(pairs.len(), 12 * 11, "one row of 12 blocks");
    let faster = city.travel().scaled(&pairs).unwrap();
    let with = city
        .counterfactual(&baseline, faster.clone(), Spillovers::On, &settings(1e-11))
        .unwrap();
    let without = city
        .counterfactual(&baseline, faster.clone(), Spillovers::Off, &settings(1e-11))
        .unwrap();
    eprintln!("welfare with {} without {}", with.welfare_ratio, without.welfare_ratio);
    assert!(with.welfare_ratio > 1.0 && without.welfare_ratio > 1.0);
    // Without spillovers A and B stay at the baseline's.
    assert!(rel(&without.equilibrium.productivity, &baseline.productivity) < 1e-14);
    assert!(rel(&without.equilibrium.amenity, &baseline.amenity) < 1e-14);
    // The shocked grid (FFT + correction) agrees with a dense matrix of the shocked times.
    let n = city.blocks();
    let minutes = (0..n * n).map(|k| faster.minutes(k / n, k % n)).collect();
    let dense = city
        .with_travel(Travel::new(TravelTimes::Matrix { n, minutes }).unwrap())
        .unwrap()
        .solve(Some(&baseline), &settings(1e-11))
        .unwrap();
    assert!(ArswCity::max_relative_difference(&dense, &with.equilibrium) < 1e-9);
}

/// An open city: the inversion at a reservation utility and the forward solve reproduce the
/// data and the utility; a counterfactual changes the population, not utility.
#[test]
fn open_city_round_trip() {
    let (city, observed) = synthetic_city(8, ArswParams::default());
    let inv = invert(&city, &observed, Some(2.5), &settings(1e-13)).unwrap();
    let city = city
        .with_fundamentals(inv.fundamentals.clone())
        .unwrap()
        .with_closure(inv.closure)
        .unwrap();
    let e = city.solve(Some(&inv.as_start(&observed)), &settings(1e-12)).unwrap();
    assert!((e.utility / 2.5 - 1.0).abs() < 1e-10);
    assert!(rel(&e.residents, &observed.residents) < 1e-10);
    let faster = city
        .travel()
        .scaled(&(1..city.blocks()).map(|i| (0, i, 0.7)).chain((1..city.blocks()).map(|i| (i, 0, 0.7))).collect::<Vec<_>>())
        .unwrap();
    let r = city.counterfactual(&e, faster, Spillovers::On, &settings(1e-11)).unwrap();
    assert!((r.equilibrium.utility / 2.5 - 1.0).abs() < 1e-9);
    assert!(r.population_ratio > 1.0, "{}", r.population_ratio);
}

#[test]
fn bad_inputs_are_named() {
    let (city, mut observed) = synthetic_city(4, ArswParams::default());
    observed.workers[3] = 0.0;
    let e = invert(&city, &observed, None, &settings(1e-12)).unwrap_err().to_string();
    assert!(e.contains("workers[4]"), "{e}");
    let (city, mut observed) = synthetic_city(4, ArswParams::default());
    observed.workers[3] *= 2.0;
    let e = invert(&city, &observed, None, &settings(1e-12)).unwrap_err().to_string();
    assert!(e.contains("sum to"), "{e}");
    let bad = ArswParams {
        beta: 1.2,
        ..Default::default()
    };
    assert!(city.with_params(bad).unwrap_err().to_string().contains("model.beta"));
}
