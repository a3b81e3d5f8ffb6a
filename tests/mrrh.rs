//! MRRH (Monte, Redding and Rossi-Hansberg 2018) on the 401 German counties of the
//! Ahlfeldt–Seidel toolkit (`data/mrrh2018/`, MIT): inversion round trips with and without
//! commuting data, a zero shock, levels against exact hat algebra on two shocks, and the
//! closed-form welfare change of a uniform commuting-cost change (docs/mrrh.md).

use std::path::Path;
use std::time::Instant;

use agglo::model::mrrh::{invert_with_commuting, invert_without_commuting, Mrrh, MrrhParams, MrrhShock, Observed};
use agglo::solve::{Method, SolverSettings, Tolerance};

const N: usize = 401;

fn data(name: &str) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mrrh2018").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn id(s: &str) -> u32 {
    s.trim().parse().unwrap()
}

/// A county matrix (header of ids, first column of ids) as f64, checked to be in `ids` order.
fn matrix(name: &str, ids: &[u32]) -> Vec<f64> {
    let rows = data(name);
    let header: Vec<u32> = rows[0][1..].iter().map(|s| id(s)).collect();
    assert_eq!(header, ids, "{name}: columns in the labour file's order");
    let mut v = Vec::with_capacity(N * N);
    for (k, row) in rows[1..].iter().enumerate() {
        assert_eq!(id(&row[0]), ids[k], "{name}: rows in order");
        v.extend(row[1..].iter().map(|s| s.parse::<f64>().unwrap()));
    }
    assert_eq!(v.len(), N * N);
    v
}

struct Counties {
    params: MrrhParams,
    land: Vec<f64>,
    /// d from i to n at [i * N + n]: (distance / smallest distance)^0.42, the toolkit's.
    trade: Vec<f64>,
    /// Straight-line km, the toolkit's stand-in for commuting costs without flows.
    km: Vec<f64>,
    observed: Observed,
}

fn counties() -> Counties {
    let labour = data("labor_tidy.csv");
    let ids: Vec<u32> = labour[1..].iter().map(|r| id(&r[1])).collect();
    assert_eq!(ids.len(), N);
    let wage: Vec<f64> = labour[1..].iter().map(|r| r[2].parse().unwrap()).collect();
    let area = data("CountyArea.csv");
    assert_eq!(area[1..].iter().map(|r| id(&r[0])).collect::<Vec<_>>(), ids);
    let land: Vec<f64> = area[1..].iter().map(|r| r[1].parse().unwrap()).collect();
    // Rows of the file are workplaces, columns residences: flows[n * N + i], n lives, i works.
    let by_work = matrix("commuting_wide.csv", &ids);
    let flows: Vec<f64> = (0..N * N).map(|k| by_work[(k % N) * N + k / N]).collect();
    let metres = matrix("distance_matrix.csv", &ids);
    let least = metres.iter().cloned().fold(f64::INFINITY, f64::min);
    // Rows are importers n: d_ni at [n * N + i]; the model takes [i * N + n].
    let trade: Vec<f64> = (0..N * N)
        .map(|k| (metres[(k % N) * N + k / N] / least).powf(0.42))
        .collect();
    let km = metres.iter().map(|m| m / 1000.0).collect();
    let residents = (0..N).map(|n| flows[n * N..(n + 1) * N].iter().sum()).collect();
    let workers = (0..N).map(|i| (0..N).map(|n| flows[n * N + i]).sum()).collect();
    Counties {
        params: MrrhParams::default(),
        land,
        trade,
        km,
        observed: Observed {
            workers,
            residents,
            wage,
            flows: Some(flows),
        },
    }
}

fn tight() -> SolverSettings {
    SolverSettings {
        method: Method::Anderson {
            depth: 10,
            damping: 1.0,
        },
        tolerance: Tolerance {
            residual: 1e-14,
            max_iterations: 20_000,
        },
    }
}

fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x / y - 1.0).abs()).fold(0.0, f64::max)
}

fn geometric(v: &[f64]) -> Vec<f64> {
    let m = (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp();
    v.iter().map(|x| x / m).collect()
}

fn inverted(c: &Counties) -> Mrrh {
    invert_with_commuting(c.params, c.land.clone(), &c.trade, &c.observed, &tight()).unwrap()
}

#[test]
fn inversion_on_the_401_counties_round_trips_to_1e_10() {
    let c = counties();
    let clock = Instant::now();
    let m = inverted(&c);
    let e = m.solve(&tight()).unwrap();
    println!(
        "inversion and forward solve: {:.2} s, {} iterations",
        clock.elapsed().as_secs_f64(),
        e.stats.iterations
    );
    let o = &c.observed;
    for (name, got, want) in [
        ("employment", &e.workers, &o.workers),
        ("residents", &e.residents, &o.residents),
        ("wages", &e.wage, &geometric(&o.wage)),
    ] {
        let err = max_rel(got, want);
        println!("{name}: max relative error {err:.2e}");
        assert!(err < 1e-10, "{name}: {err:e}");
    }
    // Commuting shares back too (zero flows stay zero: infinite commuting costs).
    let lambda = m.commuting_shares(&e);
    let total: f64 = o.residents.iter().sum();
    let flows = o.flows.as_ref().unwrap();
    for (l, f) in lambda.values.iter().zip(flows) {
        assert!((l * total - f).abs() <= 1e-9 * f.max(1.0));
    }
}

#[test]
fn inversion_without_commuting_data_round_trips_to_1e_10() {
    let c = counties();
    let observed = Observed {
        flows: None,
        ..c.observed.clone()
    };
    // Commuting costs kappa = km^mu with the toolkit's mu = 0.47 (OwnData.m's stand-in).
    let kappa: Vec<f64> = c.km.iter().map(|d| d.powf(0.47)).collect();
    let m = invert_without_commuting(c.params, c.land.clone(), &c.trade, &kappa, &observed, &tight()).unwrap();
    let e = m.solve(&tight()).unwrap();
    assert!(
        max_rel(&e.workers, &observed.workers) < 1e-10,
        "{:e}",
        max_rel(&e.workers, &observed.workers)
    );
    assert!(max_rel(&e.residents, &observed.residents) < 1e-10);
    assert!(max_rel(&e.wage, &geometric(&observed.wage)) < 1e-10);
}

#[test]
fn zero_shock_hats_are_one_and_levels_agree_with_hat_algebra() {
    let c = counties();
    let m = inverted(&c);
    let e = m.solve(&tight()).unwrap();
    let zero = m.hat_algebra(&e, &MrrhShock::default(), &tight()).unwrap();
    for (a, b) in [
        (&zero.wage, &e.wage),
        (&zero.workers, &e.workers),
        (&zero.residents, &e.residents),
        (&zero.price, &e.price),
    ] {
        assert!(max_rel(a, b) < 1e-12, "zero shock: {:e}", max_rel(a, b));
    }
    assert!((zero.welfare / e.welfare - 1.0).abs() < 1e-12);

    // Berlin (11000) 10% more productive; every commute 10% cheaper.
    let labour = data("labor_tidy.csv");
    let berlin = labour[1..].iter().position(|r| id(&r[1]) == 11000).unwrap();
    let mut a = vec![1.0; N];
    a[berlin] = 1.1;
    let commute: Vec<f64> = (0..N * N).map(|k| if k / N == k % N { 1.0 } else { 0.9 }).collect();
    for (name, shock) in [
        (
            "Berlin productivity +10%",
            MrrhShock {
                productivity: Some(a),
                ..MrrhShock::default()
            },
        ),
        (
            "commuting costs -10%",
            MrrhShock {
                commuting_cost: Some(commute),
                ..MrrhShock::default()
            },
        ),
    ] {
        let clock = Instant::now();
        let levels = m.shocked(&shock).unwrap().solve(&tight()).unwrap();
        let hat = m.hat_algebra(&e, &shock, &tight()).unwrap();
        let worst = [
            max_rel(&hat.wage, &levels.wage),
            max_rel(&hat.workers, &levels.workers),
            max_rel(&hat.residents, &levels.residents),
            max_rel(&hat.price, &levels.price),
            (hat.welfare / levels.welfare - 1.0).abs(),
        ]
        .into_iter()
        .fold(0.0, f64::max);
        println!(
            "{name}: welfare {:+.4}%, levels vs hat {worst:.1e} ({:.2} s)",
            100.0 * (levels.welfare / e.welfare - 1.0),
            clock.elapsed().as_secs_f64()
        );
        assert!(worst < 1e-8, "{name}: {worst:e}");
        assert!(max_rel(&levels.workers, &e.workers) > 1e-3, "{name} moves employment");
    }
}

/// Every commuting cost times kappa-hat: shares, wages and prices stay, welfare x 1 / kappa-hat.
#[test]
fn a_uniform_commuting_cost_change_gives_the_closed_form_welfare() {
    let c = counties();
    let m = inverted(&c);
    let e = m.solve(&tight()).unwrap();
    for kappa_hat in [0.8, 1.1] {
        let shock = MrrhShock {
            commuting_cost: Some(vec![kappa_hat; N * N]),
            ..MrrhShock::default()
        };
        for got in [
            m.shocked(&shock).unwrap().solve(&tight()).unwrap(),
            m.hat_algebra(&e, &shock, &tight()).unwrap(),
        ] {
            assert!(
                (got.welfare / e.welfare - 1.0 / kappa_hat).abs() < 1e-12,
                "{}",
                got.welfare / e.welfare
            );
            assert!(max_rel(&got.workers, &e.workers) < 1e-12);
            assert!(max_rel(&got.residents, &e.residents) < 1e-12);
        }
    }
}

fn arithmetic(v: &[f64]) -> Vec<f64> {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    v.iter().map(|x| x / m).collect()
}

/// agglo's inversion against the toolkit's own (`progs/solveProductTradeTK.m` of
/// Ahlfeldt/MRRH2018-toolkit at commit 9ce6f60ba2bd33cab5f4868f2ffa03cfd8190126, run under
/// GNU Octave 7.3 on its `data/input/` files with its `ReadData.m` steps and parameters;
/// the numbers are `data/mrrh2018/toolkit_inversion.csv`, provenance in data/README.md).
/// The toolkit's trade shares are pi_ni ∝ A_i^(sigma-1) L_i^(1+(sigma-1) nu) (d_ni w_i)^(1-sigma)
/// (Seidel and Wickerath 2020): at nu = 0 they are MRRH's (6), so its productivities equal
/// agglo's (both scaled to arithmetic mean 1); at its nu = 0.05 the goods-market condition (7)
/// pins the same trade shares, so its productivities are agglo's times L_i^(-nu), rescaled.
/// The own trade shares pi_nn need no scaling. The toolkit stops when |income - expenditure|
/// rounds to 0 at 6 decimals (incomes ~1): seen 3.2e-8, 3.3e-8, 1.1e-8; tolerance 1e-6.
#[test]
fn productivities_and_own_trade_shares_match_the_toolkits_inversion() {
    let c = counties();
    let m = inverted(&c);
    let e = m.solve(&tight()).unwrap();
    let rows = data("toolkit_inversion.csv");
    assert_eq!(
        rows[0],
        [
            "region_id",
            "productivity_nu0",
            "productivity_nu005",
            "own_trade_share_nu0"
        ]
    );
    let labour = data("labor_tidy.csv");
    let column = |k: usize| -> Vec<f64> { rows[1..].iter().map(|r| r[k].parse().unwrap()).collect() };
    for (r, l) in rows[1..].iter().zip(&labour[1..]) {
        assert_eq!(id(&r[0]), id(&l[1]), "ids in the labour file's order");
    }
    let a = arithmetic(&m.productivity);
    let nu0 = max_rel(&a, &column(1));
    let relabelled: Vec<f64> = m
        .productivity
        .iter()
        .zip(&c.observed.workers)
        .map(|(a, l)| a * l.powf(-0.05))
        .collect();
    let nu005 = max_rel(&arithmetic(&relabelled), &column(2));
    let pi = m.trade_shares(&e);
    let own: Vec<f64> = (0..N).map(|n| pi.values[n * N + n]).collect();
    let shares = max_rel(&own, &column(3));
    println!("against the toolkit: A (nu = 0) {nu0:.2e}, A L^-0.05 (nu = 0.05) {nu005:.2e}, pi_nn {shares:.2e}");
    for (what, err) in [("A at nu = 0", nu0), ("A at nu = 0.05", nu005), ("pi_nn", shares)] {
        assert!(err <= 1e-6, "{what}: {err:e}");
    }
    // Not a tautology: the toolkit's two productivity vectors differ by far more.
    assert!(max_rel(&column(1), &column(2)) > 1e-2);
}
