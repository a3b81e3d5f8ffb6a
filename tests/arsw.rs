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
        Closure::Closed {
            population: s.population,
        },
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
    let forward = recovered
        .solve(Some(&inv.as_start(&observed)), &settings(1e-12))
        .unwrap();
    let error = rel(&forward.residents, &observed.residents)
        .max(rel(&forward.workers, &observed.workers))
        .max(rel(&forward.floor_price, &observed.floor_price))
        .max(rel(&forward.wage, &inv.wage));
    eprintln!(
        "30x30 round trip: max relative error {error:.2e}, {} iterations",
        forward.stats.iterations
    );
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
        eprintln!(
            "lambda = eta = 0, start {seed}: {} iterations, max relative difference {d:.1e}",
            e.stats.iterations
        );
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
    let travel = Travel::new(TravelTimes::Matrix {
        n,
        minutes: minutes.clone(),
    })
    .unwrap();
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
        let worst = (0..n)
            .map(|i| {
                (e.wage[i] / w - 1.0)
                    .abs()
                    .max((e.residents[i] / (h / n as f64) - 1.0).abs())
            })
            .fold(0.0, f64::max);
        eprintln!(
            "identical blocks (lambda = {}): max relative deviation from the closed form {worst:.1e}",
            p.lambda
        );
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
    perturbed
        .wage
        .iter_mut()
        .enumerate()
        .for_each(|(i, w)| *w *= 1.0 + 0.01 * ((i % 3) as f64 - 1.0));
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
    assert!(
        c.stats.iterations > 5 * a.stats.iterations,
        "{} vs {}",
        c.stats.iterations,
        a.stats.iterations
    );
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
    let same = city
        .travel()
        .scaled(&corridor_pairs(&centres, line.0, line.1, 0.3, 1.0))
        .unwrap();
    let none = city
        .counterfactual(&baseline, same, Spillovers::On, &settings(1e-11))
        .unwrap();
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
        .scaled(
            &(1..city.blocks())
                .map(|i| (0, i, 0.7))
                .chain((1..city.blocks()).map(|i| (i, 0, 0.7)))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let r = city
        .counterfactual(&e, faster, Spillovers::On, &settings(1e-11))
        .unwrap();
    assert!((r.equilibrium.utility / 2.5 - 1.0).abs() < 1e-9);
    assert!(r.population_ratio > 1.0, "{}", r.population_ratio);
}

#[test]
fn bad_inputs_are_named() {
    // A block may have no workers (residential only), but not negative ones.
    let (city, mut observed) = synthetic_city(4, ArswParams::default());
    observed.workers[3] = -1.0;
    let e = invert(&city, &observed, None, &settings(1e-12))
        .unwrap_err()
        .to_string();
    assert!(e.contains("workers[4]"), "{e}");
    let (city, mut observed) = synthetic_city(4, ArswParams::default());
    observed.workers[3] *= 2.0;
    let e = invert(&city, &observed, None, &settings(1e-12))
        .unwrap_err()
        .to_string();
    assert!(e.contains("sum to"), "{e}");
    let bad = ArswParams {
        beta: 1.2,
        ..Default::default()
    };
    assert!(city.with_params(bad).unwrap_err().to_string().contains("model.beta"));
}

// ---- command line: agglo solve / invert / counterfactual / check / inspect on kind = "arsw"

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn agglo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn gallery() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("configs/arsw-city.toml")
        .to_string_lossy()
        .into_owned()
}

/// Runs `agglo COMMAND gallery -o DIR/NAME.h5 --set model.synthetic.size=10 [more]`.
fn run(command: &str, dir: &Path, name: &str, more: &[&str]) -> (PathBuf, String) {
    let out = dir.join(name);
    let config = gallery();
    let mut args = vec![
        command,
        config.as_str(),
        "-o",
        out.to_str().unwrap(),
        "--set",
        "model.synthetic.size=10",
    ];
    args.extend_from_slice(more);
    let o = agglo(&args);
    assert!(o.status.success(), "{command}: {}{}", text(&o.stdout), text(&o.stderr));
    (out, text(&o.stdout))
}

fn read(path: &Path, group: &str, name: &str) -> Vec<f64> {
    let f = hdf5::File::open(path).unwrap();
    f.group(group)
        .unwrap()
        .dataset(name)
        .unwrap()
        .read_raw::<f64>()
        .unwrap()
}

fn attr(path: &Path, group: &str, name: &str) -> f64 {
    let f = hdf5::File::open(path).unwrap();
    f.group(group)
        .unwrap()
        .attr(name)
        .unwrap()
        .read_scalar::<f64>()
        .unwrap()
}

#[test]
fn cli_invert_solve_and_counterfactual_write_checked_files() {
    let dir = tempfile::tempdir().unwrap();
    let (inv, stdout) = run("invert", dir.path(), "inv.h5", &[]);
    assert!(stdout.contains("round trip"), "{stdout}");
    assert!(attr(&inv, "city/inversion", "round_trip_error") < 1e-10);
    let (solved, _) = run("solve", dir.path(), "solve.h5", &[]);
    assert!(attr(&solved, "city/equilibrium", "data_error") < 1e-6);
    // The fundamentals written by solve and invert are the same recovery.
    assert_eq!(
        read(&inv, "city/fundamentals", "productivity"),
        read(&solved, "city/fundamentals", "productivity")
    );
    let (cf, stdout) = run(
        "counterfactual",
        dir.path(),
        "cf.h5",
        &[
            "--set",
            "counterfactual.corridor.from=[0.0, 2.75]",
            "--set",
            "counterfactual.corridor.to=[5.0, 2.75]",
        ],
    );
    assert!(stdout.contains("welfare ratio"), "{stdout}");
    let with = attr(&cf, "city/counterfactual/with_spillovers", "welfare_ratio");
    let without = attr(&cf, "city/counterfactual/without_spillovers", "welfare_ratio");
    assert!(with > 1.0 && without > 1.0, "{with} {without}");
    let inspect = agglo(&["inspect", cf.to_str().unwrap()]);
    assert!(
        text(&inspect.stdout).contains("welfare ratio"),
        "{}",
        text(&inspect.stdout)
    );
    // h5py reads every file (skipped without python3 + h5py, as in tests/interop.rs).
    let h5py = Command::new("python3").args(["-c", "import h5py, numpy"]).output();
    if h5py.is_ok_and(|o| o.status.success()) {
        for f in [&inv, &solved, &cf] {
            let o = Command::new("python3")
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check_h5.py"))
                .args(["--agglo", env!("CARGO_BIN_EXE_agglo")])
                .arg(f)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "check_h5 {}: {}{}",
                f.display(),
                text(&o.stdout),
                text(&o.stderr)
            );
        }
    }
}

#[test]
fn cli_output_is_the_same_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _) = run(
        "counterfactual",
        dir.path(),
        "one.h5",
        &[
            "--threads",
            "1",
            "--set",
            "counterfactual.corridor.from=[0.0, 2.75]",
            "--set",
            "counterfactual.corridor.to=[5.0, 2.75]",
        ],
    );
    let (two, _) = run(
        "counterfactual",
        dir.path(),
        "two.h5",
        &[
            "--threads",
            "2",
            "--set",
            "counterfactual.corridor.from=[0.0, 2.75]",
            "--set",
            "counterfactual.corridor.to=[5.0, 2.75]",
        ],
    );
    for (group, name) in [
        ("city/fundamentals", "amenity"),
        ("city/equilibrium", "wage"),
        ("city/counterfactual/with_spillovers", "residents"),
        ("city/counterfactual/without_spillovers", "floor_price"),
    ] {
        let (a, b) = (read(&one, group, name), read(&two, group, name));
        assert!(
            a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()),
            "{group}/{name}"
        );
    }
}

#[test]
fn cli_errors_name_the_key() {
    let config = gallery();
    for (set, expect) in [
        ("model.beta=1.5", "model.beta"),
        ("model.city=\"open\"", "model.utility"),
        ("model.synthetic.size=0", "model.synthetic.size"),
        ("model.speed-kmh=-1", "model.speed-kmh"),
        ("counterfactual.spillovers=\"maybe\"", "counterfactual.spillovers"),
        ("counterfactual.corridor.factor=0", "counterfactual.corridor.factor"),
        (
            "counterfactual.corridor.width-km=-1",
            "counterfactual.corridor.width-km",
        ),
        ("model.bogus=1", "bogus"),
    ] {
        let o = agglo(&["check", config.as_str(), "--set", set]);
        assert!(!o.status.success(), "{set} accepted");
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o.stderr).contains(expect), "{set}: {}", text(&o.stderr));
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[model]\nkind = \"arsw\"\n[model.synthetic]\nsize = 4\n[geography]\nkind = \"grid\"\n",
    )
    .unwrap();
    let o = agglo(&["check", bad.to_str().unwrap()]);
    assert!(
        text(&o.stderr).contains("[geography] is not used"),
        "{}",
        text(&o.stderr)
    );
    let o = agglo(&[
        "bifurcate",
        config.as_str(),
        "-o",
        dir.path().join("x.h5").to_str().unwrap(),
    ]);
    assert!(text(&o.stderr).contains("arsw"), "{}", text(&o.stderr));
}

/// Blocks from a CSV with a travel-time matrix (dense kernels) reproduce the synthetic grid
/// city's recovered fundamentals.
#[test]
fn cli_blocks_csv_and_travel_time_matrix_match_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let s = SyntheticCity {
        size: 5,
        ..Default::default()
    };
    let o = s.observed();
    let g = s.grid();
    let n = g.len();
    let mut blocks = String::from("id,x,y,area,residents,workers,floor_price\n");
    for i in 0..n {
        let [x, y] = g.centre(i);
        blocks += &format!(
            "{}-{},{x},{y},{},{:e},{:e},{:e}\n",
            i % 5,
            i / 5,
            g.area(),
            o.residents[i],
            o.workers[i],
            o.floor_price[i]
        );
    }
    std::fs::write(dir.path().join("blocks.csv"), blocks).unwrap();
    let travel = s.travel().unwrap();
    let mut times = String::new();
    for r in 0..n {
        let row: Vec<String> = (0..n).map(|c| format!("{:e}", travel.minutes(r, c))).collect();
        times += &(row.join(",") + "\n");
    }
    std::fs::write(dir.path().join("times.csv"), times).unwrap();
    let config = dir.path().join("city.toml");
    std::fs::write(
        &config,
        "[model]\nkind = \"arsw\"\nblocks = \"blocks.csv\"\ntravel-times = \"times.csv\"\n",
    )
    .unwrap();
    let out = dir.path().join("csv.h5");
    let r = agglo(&["invert", config.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let grid_out = dir.path().join("grid.h5");
    let r = agglo(&[
        "invert",
        &gallery(),
        "-o",
        grid_out.to_str().unwrap(),
        "--set",
        "model.synthetic.size=5",
    ]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    for name in ["productivity", "amenity", "floor_space"] {
        let (a, b) = (
            read(&out, "city/fundamentals", name),
            read(&grid_out, "city/fundamentals", name),
        );
        assert!(rel(&a, &b) < 1e-10, "{name}: {}", rel(&a, &b));
    }
    // Without a travel-time file: times from the coordinates at the speed (the same here).
    std::fs::write(&config, "[model]\nkind = \"arsw\"\nblocks = \"blocks.csv\"\n").unwrap();
    let r = agglo(&["invert", config.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let a = read(&out, "city/fundamentals", "amenity");
    assert!(rel(&a, &read(&grid_out, "city/fundamentals", "amenity")) < 1e-10);
}

/// The open city converges with every method, as the closed city does: damped Picard (0.1,
/// as the public toolkits iterate) and Newton reach Anderson's equilibrium to 1e-8 relative,
/// from a start 5 % off in population and wages. The population update moves towards the
/// reservation utility (ln H' = ln H + (ln U - ln Ubar) / (1 - beta)); with the opposite sign
/// Picard diverged at every damping.
#[test]
fn open_city_converges_with_every_method() {
    let (city, observed) = synthetic_city(6, ArswParams::default());
    let inv = invert(&city, &observed, Some(2.5), &settings(1e-13)).unwrap();
    let city = city
        .with_fundamentals(inv.fundamentals.clone())
        .unwrap()
        .with_closure(inv.closure)
        .unwrap();
    let mut start = inv.as_start(&observed);
    start.population *= 1.05;
    start.residents.iter_mut().for_each(|h| *h *= 1.05);
    start
        .wage
        .iter_mut()
        .enumerate()
        .for_each(|(i, w)| *w *= 1.0 + 0.05 * ((i % 3) as f64 - 1.0));
    let anderson = city.solve(Some(&start), &settings(1e-12)).unwrap();
    assert!((anderson.utility / 2.5 - 1.0).abs() < 1e-10);
    let with = |method| SolverSettings {
        method,
        tolerance: Tolerance {
            residual: 1e-12,
            max_iterations: 200_000,
        },
    };
    for method in [
        Method::Picard { damping: 0.1 },
        Method::Picard { damping: 0.5 },
        Method::Newton {
            jacobian: agglo::solve::JacobianSource::FiniteDifference,
        },
    ] {
        let e = city
            .solve(Some(&start), &with(method))
            .unwrap_or_else(|e| panic!("{method:?}: {e}"));
        let d = ArswCity::max_relative_difference(&e, &anderson);
        eprintln!(
            "{method:?}: {} iterations, max relative difference {d:.2e}",
            e.stats.iterations
        );
        assert!(d < 1e-8, "{method:?}: {d}");
        assert!((e.population / anderson.population - 1.0).abs() < 1e-8, "{method:?}");
        assert!((e.utility / 2.5 - 1.0).abs() < 1e-10, "{method:?}");
    }
}
