//! The two-region enumeration of long-run equilibria (src/long_run/two_region.rs) against
//! the closed forms of FKV ch. 5 (src/model/two_region.rs): all five equilibria of the
//! tomahawk up to 1e-6 below the sustain point T_S, one above it, for several (sigma, mu);
//! free trade and identical locations reported as a continuum, not a count.

use agglo::geography::layouts;
use agglo::long_run::{self, SearchOptions};
use agglo::model::{two_region as cf, CorePeriphery, CorePeripheryParams};
use agglo::solve::{Method, SolverSettings, Tolerance};

fn settings() -> SolverSettings {
    SolverSettings {
        method: Method::Anderson {
            depth: 10,
            damping: 1.0,
        },
        tolerance: Tolerance {
            residual: 1e-12,
            max_iterations: 10_000,
        },
    }
}

fn equilibria(p: CorePeripheryParams, t: f64) -> Vec<long_run::Equilibrium> {
    let g = layouts::two_region(t).unwrap();
    let m = CorePeriphery::new(p, &g, vec![0.5, 0.5]).unwrap();
    long_run::find_equilibria(&m, &[0.5, 0.5], &settings(), &SearchOptions::default()).unwrap()
}

/// Below T_S (inside the tomahawk): the two corners (stable), the symmetric state (stable)
/// and two unstable interior equilibria near the corners, symmetric about 1/2. Above T_S:
/// the symmetric state alone. At distances 1e-6 .. 1e-2 from T_S (the scan's first interior
/// point, 1/400, used to miss the interior pair within ~0.002 of T_S).
#[test]
fn all_five_equilibria_up_to_1e_6_of_the_sustain_point() {
    for (sigma, mu) in [(5.0, 0.4), (4.0, 0.3), (6.0, 0.5), (3.0, 0.2), (8.0, 0.6)] {
        let p = CorePeripheryParams { sigma, mu };
        let t_s = cf::sustain_point_trade_cost(&p).unwrap();
        let t_b = cf::break_point_trade_cost(&p).unwrap();
        assert!(t_s - t_b > 2e-2, "sigma {sigma} mu {mu}: T_B {t_b} T_S {t_s}");
        for delta in [1e-6, 1e-5, 1e-4, 1e-3, 1e-2] {
            let below = equilibria(p, t_s - delta);
            let shares: Vec<f64> = below.iter().map(|e| e.shares[0]).collect();
            let what = format!("sigma {sigma} mu {mu} T = T_S - {delta:e}: {shares:?}");
            assert_eq!(below.len(), 5, "{what}");
            assert!(below.iter().all(|e| e.stats.converged && !e.continuum), "{what}");
            let stable: Vec<bool> = below.iter().map(|e| e.stability.stable).collect();
            assert_eq!(stable, [true, false, true, false, true], "{what}");
            assert_eq!((shares[0], shares[4]), (0.0, 1.0), "{what}");
            assert!((shares[2] - 0.5).abs() < 1e-9, "{what}");
            // The interior pair: strictly inside (0, 1), close to the corners, symmetric.
            assert!(shares[1] > 0.0 && shares[1] < 0.3, "{what}");
            assert!((shares[1] + shares[3] - 1.0).abs() < 1e-9, "{what}");
            // Equal real wages at the interior pair.
            for e in [&below[1], &below[3]] {
                let w = &e.outcomes.real_wage;
                assert!((w[0] - w[1]).abs() < 1e-11, "{what}: {w:?}");
            }
            let above = equilibria(p, t_s + delta);
            let shares: Vec<f64> = above.iter().map(|e| e.shares[0]).collect();
            assert_eq!(above.len(), 1, "sigma {sigma} mu {mu} T = T_S + {delta:e}: {shares:?}");
            assert!((shares[0] - 0.5).abs() < 1e-9 && above[0].stability.stable);
        }
    }
}

/// The interior pair leaves the corner linearly in T_S - T: lambda* shrinks about tenfold
/// when the distance does (between 5x and 20x per decade), and stays positive.
#[test]
fn the_interior_pair_leaves_the_corner_linearly() {
    let p = CorePeripheryParams::default();
    let t_s = cf::sustain_point_trade_cost(&p).unwrap();
    let lambda = |delta: f64| equilibria(p, t_s - delta)[1].shares[0];
    let (a, b, c) = (lambda(1e-4), lambda(1e-5), lambda(1e-6));
    assert!(c > 0.0, "{c}");
    for (x, y) in [(a, b), (b, c)] {
        assert!(x / y > 5.0 && x / y < 20.0, "{a:e} {b:e} {c:e}");
    }
}

/// T = 1 (free trade) and T within the tolerance of 1: every split is an equilibrium. The
/// enumeration reports a continuum (three points of it, each marked), not 401 equilibria.
#[test]
fn free_trade_is_a_continuum_not_a_count() {
    for (sigma, mu) in [(5.0, 0.4), (3.0, 0.2), (1.5, 0.1)] {
        let p = CorePeripheryParams { sigma, mu };
        let eqs = equilibria(p, 1.0);
        assert_eq!(eqs.len(), 3, "sigma {sigma} mu {mu}");
        assert!(long_run::is_continuum(&eqs) && eqs.iter().all(|e| e.continuum));
        let shares: Vec<f64> = eqs.iter().map(|e| e.shares[0]).collect();
        assert_eq!(shares, [0.0, 0.5, 1.0]);
        // Away from free trade the equilibria are isolated again.
        let eqs = equilibria(p, 1.01);
        assert!(
            !long_run::is_continuum(&eqs) && eqs.len() < 6,
            "sigma {sigma} mu {mu}: {}",
            eqs.len()
        );
    }
}

fn agglo(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn continuum_attr(path: &std::path::Path) -> u8 {
    let f = hdf5::File::open(path).unwrap();
    f.group("equilibria")
        .unwrap()
        .attr("continuum")
        .unwrap()
        .read_scalar()
        .unwrap()
}

/// `agglo solve` at T = 1 and on two points at the same place: a warning, the text report
/// and the `/equilibria` attribute `continuum` = 1 say it is a continuum; the tomahawk's
/// five equilibria at T = 1.7 are not (`continuum` = 0).
#[test]
fn the_cli_reports_a_continuum() {
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path();
    std::fs::write(d.join("twins.csv"), "id,x,y\na,0,0\nb,0,0\n").unwrap();
    std::fs::write(
        d.join("twins.toml"),
        "[geography]\nkind = \"points\"\nfile = \"twins.csv\"\nmetric = \"euclidean\"\ncost = \"exp\"\nrate = 0.5\n",
    )
    .unwrap();
    for (name, args) in [
        (
            "free.h5",
            vec!["solve", "--set", "geography.trade-cost=1", "-o", "free.h5"],
        ),
        ("twins.h5", vec!["solve", "twins.toml", "-o", "twins.h5"]),
    ] {
        let out = agglo(&args, d);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(
            stderr.contains("warning: a continuum of long-run equilibria"),
            "{args:?}: {stderr}"
        );
        assert!(
            stdout.contains("a continuum of long-run equilibria"),
            "{args:?}: {stdout}"
        );
        assert!(!stdout.contains("401"), "{stdout}");
        assert_eq!(continuum_attr(&d.join(name)), 1, "{args:?}");
    }
    let out = agglo(&["solve", "-o", "cp.h5"], d);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("5 long-run equilibria"));
    assert_eq!(continuum_attr(&d.join("cp.h5")), 0);
}
