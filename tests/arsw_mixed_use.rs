//! The ARSW city on data as real cities have them (issue 19 item 4): blocks with residents
//! but no workers (residential only) and with workers but no residents (commercial only),
//! the commercial floor-space share, shocks to productivity and amenities, GDP, land rent and
//! commuting time. Acceptance: with 10% of the blocks residential only and 10% commercial
//! only, the inversion's round trip holds to 1e-10 and counterfactuals converge.

use std::path::Path;
use std::process::{Command, Output};

use agglo::model::arsw::{
    corridor_pairs, invert, ArswCity, ArswEquilibrium, ArswFundamentals, ArswParams, CityShock, Closure, Observed,
    Spillovers, SyntheticCity, Travel, TravelTimes,
};
use agglo::solve::{Method, SolverSettings, Tolerance};

fn settings(tol: f64) -> SolverSettings {
    SolverSettings {
        method: Method::Anderson {
            depth: 10,
            damping: 1.0,
        },
        tolerance: Tolerance {
            residual: tol,
            max_iterations: 10_000,
        },
    }
}

/// A 20 × 20 synthetic city with 10% of its blocks residential only (the farthest from the
/// centre) and 10% commercial only (the nearest).
fn mixed_use_city(closure: Option<f64>) -> (ArswCity, Observed, SyntheticCity) {
    let s = SyntheticCity {
        size: 20,
        residential_only: 0.1,
        commercial_only: 0.1,
        ..Default::default()
    };
    let n = 400;
    let placeholder = ArswFundamentals {
        productivity: vec![1.0; n],
        amenity: vec![1.0; n],
        floor_space: vec![1.0; n],
    };
    let closure = match closure {
        None => Closure::Closed {
            population: s.population,
        },
        Some(u) => Closure::Open { utility: u },
    };
    let city = ArswCity::new(
        ArswParams::default(),
        s.travel().unwrap(),
        s.area(),
        placeholder,
        closure,
    )
    .unwrap();
    (city, s.observed(), s)
}

/// The recovered city and the data as a start.
fn recovered(city: &ArswCity, observed: &Observed, utility: Option<f64>) -> (ArswCity, ArswEquilibrium) {
    let inv = invert(city, observed, utility, &settings(1e-13)).unwrap();
    let recovered = city
        .with_fundamentals(inv.fundamentals.clone())
        .unwrap()
        .with_closure(inv.closure)
        .unwrap();
    (recovered, inv.as_start(observed))
}

fn relative(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| if *y == 0.0 { (x - y).abs() } else { ((x - y) / y).abs() })
        .fold(0.0, f64::max)
}

/// Acceptance: the round trip to 1e-10 (closed and open city); one-use blocks get a = 0 or
/// b = 0 and keep exactly zero workers or residents; the solve from the uniform start finds
/// the data's equilibrium; the commercial shares are 0 and 1 on one-use blocks.
#[test]
fn inversion_round_trip_with_one_use_blocks() {
    for utility in [None, Some(3.0)] {
        let (city, observed, _) = mixed_use_city(utility);
        let no_workers = observed.workers.iter().filter(|h| **h == 0.0).count();
        let no_residents = observed.residents.iter().filter(|h| **h == 0.0).count();
        assert_eq!((no_workers, no_residents), (40, 40));
        let (recovered, start) = recovered(&city, &observed, utility);
        let f = recovered.fundamentals();
        for i in 0..400 {
            assert_eq!(f.productivity[i] == 0.0, observed.workers[i] == 0.0, "block {i}");
            assert_eq!(f.amenity[i] == 0.0, observed.residents[i] == 0.0, "block {i}");
            assert!(f.floor_space[i] > 0.0);
        }
        let forward = recovered.solve(Some(&start), &settings(1e-13)).unwrap();
        let error = ArswCity::max_relative_difference(&forward, &start);
        eprintln!(
            "{utility:?}: round trip {error:.2e}, {} iterations",
            forward.stats.iterations
        );
        assert!(error < 1e-10, "round trip {error:e}");
        for (a, b) in [
            (&forward.residents, &observed.residents),
            (&forward.workers, &observed.workers),
            (&forward.floor_price, &observed.floor_price),
        ] {
            assert!(relative(a, b) < 1e-10);
            assert!(a.iter().zip(b).all(|(x, y)| (*x == 0.0) == (*y == 0.0)));
        }
        if let Some(u) = utility {
            assert!((forward.utility / u - 1.0).abs() < 1e-10);
        }
        let o = recovered.outcomes(&forward);
        for i in 0..400 {
            if observed.residents[i] == 0.0 {
                assert_eq!(o.commercial_share[i], 1.0, "block {i}");
            } else if observed.workers[i] == 0.0 {
                assert_eq!(o.commercial_share[i], 0.0, "block {i}");
            } else {
                assert!(o.commercial_share[i] > 0.0 && o.commercial_share[i] < 1.0);
            }
        }
        let from_uniform = recovered.solve(None, &settings(1e-10)).unwrap();
        let d = ArswCity::max_relative_difference(&from_uniform, &start);
        assert!(d < 1e-7, "the uniform start reaches {d:e} from the data");
    }
}

/// Acceptance: counterfactuals converge on the mixed-use city — a corridor, a productivity
/// shock to the centre and an amenity shock to a district, with and without spillovers,
/// closed and open — and one-use blocks keep their single use (changes of 0 / 0 are 1).
#[test]
fn counterfactuals_converge_with_one_use_blocks() {
    for utility in [None, Some(3.0)] {
        let (city, observed, s) = mixed_use_city(utility);
        let (recovered, start) = recovered(&city, &observed, utility);
        let baseline = recovered.solve(Some(&start), &settings(1e-12)).unwrap();
        let g = s.grid();
        let centres: Vec<[f64; 2]> = (0..400).map(|i| g.centre(i)).collect();
        let pairs = corridor_pairs(&centres, [0.0, 5.25], [10.0, 5.25], 0.15, 0.5);
        let disc = |c: [f64; 2], r: f64, f: f64| -> Vec<f64> {
            centres
                .iter()
                .map(|p| {
                    if ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt() <= r {
                        f
                    } else {
                        1.0
                    }
                })
                .collect()
        };
        let shock = CityShock {
            travel: Some(recovered.travel().scaled(&pairs).unwrap()),
            productivity: Some(disc([5.0, 5.0], 1.0, 1.1)),
            amenity: Some(disc([2.0, 8.0], 1.5, 1.2)),
        };
        for spillovers in [Spillovers::On, Spillovers::Off] {
            let r = recovered
                .counterfactual_with(&baseline, &shock, spillovers, &settings(1e-10))
                .unwrap();
            let e = &r.equilibrium;
            assert!(e.stats.converged, "{utility:?} {spillovers:?}");
            eprintln!(
                "{utility:?} {spillovers:?}: {} iterations, welfare {:.6}, population {:.6}, GDP {:.4e}, rent {:.4e}, commute {:.3}",
                e.stats.iterations,
                r.welfare_ratio,
                r.population_ratio,
                r.outcomes.gdp,
                r.outcomes.land_rent,
                r.outcomes.commuting_time
            );
            for i in 0..400 {
                if observed.residents[i] == 0.0 {
                    assert_eq!(e.residents[i], 0.0);
                    assert_eq!(r.residents_change[i], 1.0);
                }
                if observed.workers[i] == 0.0 {
                    assert_eq!((e.workers[i], e.wage[i]), (0.0, 0.0));
                    assert_eq!((r.workers_change[i], r.wage_change[i]), (1.0, 1.0));
                }
            }
            assert!(r
                .residents_change
                .iter()
                .chain(&r.workers_change)
                .all(|x| x.is_finite() && *x > 0.0));
            if utility.is_some() {
                assert!(r.population_ratio > 1.0, "better city, more people");
            } else {
                assert!(r.welfare_ratio > 1.0, "better city, higher utility");
            }
        }
    }
}

/// Uniform shocks have closed forms: productivity x f in every block scales wages and floor
/// prices by f and utility by f^beta, amenities x g scale utility by g, the allocation stays
/// (with or without spillovers, whose potentials depend on the allocation only).
#[test]
fn uniform_productivity_and_amenity_shocks_have_closed_forms() {
    let (city, observed, _) = mixed_use_city(None);
    let (recovered, start) = recovered(&city, &observed, None);
    let baseline = recovered.solve(Some(&start), &settings(1e-13)).unwrap();
    let (f, g) = (1.1, 1.05);
    let shock = CityShock {
        travel: None,
        productivity: Some(vec![f; 400]),
        amenity: Some(vec![g; 400]),
    };
    let beta = ArswParams::default().beta;
    for spillovers in [Spillovers::On, Spillovers::Off] {
        let r = recovered
            .counterfactual_with(&baseline, &shock, spillovers, &settings(1e-13))
            .unwrap();
        let expect = f.powf(beta) * g;
        assert!(
            (r.welfare_ratio / expect - 1.0).abs() < 1e-11,
            "{} vs {expect}",
            r.welfare_ratio
        );
        for i in 0..400 {
            assert!((r.residents_change[i] - 1.0).abs() < 1e-11);
            assert!((r.workers_change[i] - 1.0).abs() < 1e-11);
            assert!((r.floor_price_change[i] / f - 1.0).abs() < 1e-11);
            let wage = if observed.workers[i] == 0.0 { 1.0 } else { f };
            assert!((r.wage_change[i] / wage - 1.0).abs() < 1e-11);
        }
        // GDP and land rent scale with wages and floor prices.
        let base = recovered.outcomes(&baseline);
        assert!((r.outcomes.gdp / base.gdp / f - 1.0).abs() < 1e-11);
        assert!((r.outcomes.land_rent / base.land_rent / f - 1.0).abs() < 1e-11);
        assert!((r.outcomes.commuting_time / base.commuting_time - 1.0).abs() < 1e-11);
    }
}

/// GDP, land rent, mean floor price, commercial shares and commuting times against their
/// definitions computed densely (pi_ni formed explicitly) on a small mixed-use city with a
/// travel-time matrix.
#[test]
fn outcomes_match_their_definitions() {
    let s = SyntheticCity {
        size: 6,
        residential_only: 0.2,
        commercial_only: 0.1,
        ..Default::default()
    };
    let n = 36;
    let grid = s.travel().unwrap();
    let minutes: Vec<f64> = (0..n * n)
        .map(|k| grid.minutes(k / n, k % n) * (1.0 + 0.1 * ((k % 7) as f64)))
        .collect();
    let travel = Travel::new(TravelTimes::Matrix {
        n,
        minutes: minutes.clone(),
    })
    .unwrap();
    let placeholder = ArswFundamentals {
        productivity: vec![1.0; n],
        amenity: vec![1.0; n],
        floor_space: vec![1.0; n],
    };
    let p = ArswParams::default();
    let city = ArswCity::new(
        p,
        travel,
        s.area(),
        placeholder,
        Closure::Closed {
            population: s.population,
        },
    )
    .unwrap();
    let observed = s.observed();
    let (recovered, start) = recovered(&city, &observed, None);
    let e = recovered.solve(Some(&start), &settings(1e-13)).unwrap();
    let o = recovered.outcomes(&e);
    let l = &recovered.fundamentals().floor_space;
    let gdp: f64 = (0..n).map(|i| e.wage[i] * e.workers[i]).sum::<f64>() / p.alpha;
    let rent: f64 = (0..n).map(|i| e.floor_price[i] * l[i]).sum();
    let spending: f64 = (0..n)
        .map(|i| {
            (1.0 - p.beta) * e.resident_income[i] * e.residents[i]
                + (1.0 - p.alpha) / p.alpha * e.wage[i] * e.workers[i]
        })
        .sum();
    assert!((o.gdp / gdp - 1.0).abs() < 1e-13);
    assert!((o.land_rent / rent - 1.0).abs() < 1e-13);
    assert!(
        (o.land_rent / spending - 1.0).abs() < 1e-10,
        "floor rent = what is spent on floor space"
    );
    assert!((o.mean_floor_price / (rent / l.iter().sum::<f64>()) - 1.0).abs() < 1e-13);
    // pi_{i|n} = K_ni w_i^eps / sum_s K_ns w_s^eps; tau_n = sum_i pi_{i|n} t_ni.
    let mut total = 0.0;
    for r in 0..n {
        let weights: Vec<f64> = (0..n)
            .map(|i| (-p.kappa_epsilon * minutes[r * n + i]).exp() * e.wage[i].powf(p.epsilon))
            .collect();
        let sum: f64 = weights.iter().sum();
        let tau: f64 = (0..n).map(|i| weights[i] / sum * minutes[r * n + i]).sum();
        assert!(
            (o.commuting_minutes[r] / tau - 1.0).abs() < 1e-12,
            "block {r}: {} vs {tau}",
            o.commuting_minutes[r]
        );
        total += e.residents[r] * tau;
        let theta = (1.0 - p.alpha) / p.alpha * e.wage[r] * e.workers[r] / (e.floor_price[r] * l[r]);
        assert!((o.commercial_share[r] - theta).abs() < 1e-14);
    }
    assert!((o.commuting_time / (total / s.population) - 1.0).abs() < 1e-12);
}

// ---- the command line on a blocks CSV with one-use blocks and a mixed-use config

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

fn ok(o: Output, what: &str) -> String {
    assert!(o.status.success(), "{what}: {}{}", text(&o.stdout), text(&o.stderr));
    text(&o.stdout)
}

fn read(path: &Path, name: &str) -> Vec<f64> {
    hdf5::File::open(path)
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

fn check_h5(files: &[&Path]) {
    let h5py = Command::new("python3").args(["-c", "import h5py, numpy"]).output();
    if !h5py.is_ok_and(|o| o.status.success()) {
        return;
    }
    for f in files {
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

/// A blocks CSV with residential-only and commercial-only blocks (dense travel times from the
/// coordinates): invert, solve and a counterfactual shocking productivity (a file of factors)
/// and amenities (a disc) run, the files pass check_h5.py, and the written commercial shares
/// and changes say which blocks have one use.
#[test]
fn cli_runs_a_blocks_csv_with_one_use_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let s = SyntheticCity {
        size: 8,
        residential_only: 0.1,
        commercial_only: 0.1,
        ..Default::default()
    };
    let o = s.observed();
    let g = s.grid();
    let mut blocks = String::from("id,x,y,area,residents,workers,floor_price\n");
    for i in 0..64 {
        let [x, y] = g.centre(i);
        blocks += &format!(
            "b{i},{x},{y},{},{:e},{:e},{:e}\n",
            g.area(),
            o.residents[i],
            o.workers[i],
            o.floor_price[i]
        );
    }
    std::fs::write(dir.path().join("blocks.csv"), blocks).unwrap();
    std::fs::write(dir.path().join("a.csv"), "id,factor\nb27,1.2\nb28,1.2\nb35,1.2\n").unwrap();
    let config = dir.path().join("city.toml");
    std::fs::write(
        &config,
        "[model]\nkind = \"arsw\"\nblocks = \"blocks.csv\"\n[solver]\ntolerance = 1e-10\n\
         [counterfactual]\n[counterfactual.productivity]\nfile = \"a.csv\"\n\
         [counterfactual.amenity]\nfactor = 1.1\ncentre = [1.0, 1.0]\nradius-km = 1.0\n",
    )
    .unwrap();
    let c = config.to_str().unwrap();
    let inv = dir.path().join("inv.h5");
    let stdout = ok(agglo(&["invert", c, "-o", inv.to_str().unwrap()]), "invert");
    assert!(
        stdout.contains("6 residential only (a = 0), 6 commercial only (b = 0)"),
        "{stdout}"
    );
    assert!(attr(&inv, "city/inversion", "round_trip_error") < 1e-10);
    let cf = dir.path().join("cf.h5");
    let stdout = ok(
        agglo(&["counterfactual", c, "-o", cf.to_str().unwrap()]),
        "counterfactual",
    );
    assert!(stdout.contains("productivity a x the factors of 3 blocks"), "{stdout}");
    assert!(stdout.contains("amenity b x 1.1 in the"), "{stdout}");
    assert!(stdout.contains("GDP"), "{stdout}");
    let theta = read(&cf, "city/equilibrium/commercial_share");
    for i in 0..64 {
        let expect = if o.residents[i] == 0.0 {
            Some(1.0)
        } else if o.workers[i] == 0.0 {
            Some(0.0)
        } else {
            None
        };
        if let Some(v) = expect {
            assert_eq!(theta[i], v, "block {i}");
        }
    }
    for case in ["with_spillovers", "without_spillovers"] {
        let group = format!("city/counterfactual/{case}");
        let f = hdf5::File::open(&cf).unwrap();
        let converged = f
            .group(&group)
            .unwrap()
            .attr("converged")
            .unwrap()
            .read_scalar::<u8>()
            .unwrap();
        assert_eq!(converged, 1, "{case}");
        drop(f);
        assert!(attr(&cf, &group, "welfare_ratio") > 1.0);
        assert!(attr(&cf, &group, "gdp") > attr(&cf, "city/equilibrium", "gdp"));
        let residents = read(&cf, &format!("{group}/residents"));
        assert!((0..64).all(|i| (residents[i] == 0.0) == (o.residents[i] == 0.0)));
    }
    let inspect = ok(agglo(&["inspect", cf.to_str().unwrap()]), "inspect");
    assert!(inspect.contains("land rent"), "{inspect}");
    check_h5(&[&inv, &cf]);
    // A block with neither residents nor workers is refused, naming its line.
    let bad = std::fs::read_to_string(dir.path().join("blocks.csv"))
        .unwrap()
        .replacen(&format!("{:e},{:e}", o.residents[0], o.workers[0]), "0,0", 1);
    std::fs::write(dir.path().join("blocks.csv"), bad).unwrap();
    let r = agglo(&["check", c]);
    assert!(
        text(&r.stderr).contains("line 2") && text(&r.stderr).contains("neither residents nor workers"),
        "{}",
        text(&r.stderr)
    );
}

/// configs/arsw-mixed-use.toml: the round trip to 1e-10 and its counterfactual (a corridor,
/// a productivity shock to the business core, an amenity shock to a district) converging,
/// from the command line.
#[test]
fn the_mixed_use_example_inverts_and_its_counterfactual_converges() {
    let dir = tempfile::tempdir().unwrap();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/arsw-mixed-use.toml");
    let c = config.to_str().unwrap();
    let inv = dir.path().join("inv.h5");
    ok(agglo(&["invert", c, "-o", inv.to_str().unwrap()]), "invert");
    assert!(attr(&inv, "city/inversion", "round_trip_error") < 1e-10);
    let cf = dir.path().join("cf.h5");
    let stdout = ok(
        agglo(&["counterfactual", c, "-o", cf.to_str().unwrap()]),
        "counterfactual",
    );
    for case in ["with_spillovers", "without_spillovers"] {
        let f = hdf5::File::open(&cf).unwrap();
        let g = f.group(&format!("city/counterfactual/{case}")).unwrap();
        assert_eq!(
            g.attr("converged").unwrap().read_scalar::<u8>().unwrap(),
            1,
            "{case}: {stdout}"
        );
    }
    check_h5(&[&inv, &cf]);
    let svg = dir.path().join("theta.svg");
    ok(
        agglo(&[
            "plot",
            inv.to_str().unwrap(),
            "--quantity",
            "commercial_share",
            "-o",
            svg.to_str().unwrap(),
        ]),
        "plot",
    );
}
