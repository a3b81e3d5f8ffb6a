//! Special points are found whatever the parameter range (issue class "a wide range loses
//! the tomahawk"): the two-region core–periphery diagram traced from T = 2.5, 10, 50 and
//! 1000 down to T = 1, in steps of T and of ln T, always has one break and two sustain
//! points, each within relative 1e-8 of the closed forms (Fujita, Krugman and Venables
//! 1999, eqs 5.27 and 5.31; written out in `model::two_region`). Also end to end:
//! `agglo bifurcate --set bifurcate.from=50` writes them.

mod common;

use std::path::Path;
use std::process::Command;

use agglo::continuation::{self, Diagram, Options, SpecialKind};
use agglo::geography::layouts;
use agglo::long_run::SearchOptions;
use agglo::model::{two_region as cf, CorePeriphery, CorePeripheryParams, MobileFactorModel};
use agglo::Result;
use common::*;

fn diagram(sigma: f64, mu: f64, from: f64, log_scale: bool) -> Diagram {
    let family = move |t: f64| -> Result<Box<dyn MobileFactorModel>> {
        let g = layouts::two_region(t)?;
        Ok(Box::new(CorePeriphery::new(
            CorePeripheryParams { sigma, mu },
            &g,
            vec![0.5, 0.5],
        )?))
    };
    let options = Options {
        from,
        to: 1.0,
        circulant: true,
        log_scale,
        ..Options::default()
    };
    continuation::trace_diagram(
        &family,
        2,
        "geography.trade-cost",
        &tight(NEWTON),
        &SearchOptions::default(),
        &options,
    )
    .unwrap()
}

fn located(d: &Diagram, kind: SpecialKind) -> Vec<f64> {
    d.special_points
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.parameter)
        .collect()
}

#[test]
fn break_and_sustain_are_found_over_every_range_and_scale() {
    for (sigma, mu) in [(5.0, 0.4), (4.0, 0.3), (8.0, 0.6)] {
        let p = CorePeripheryParams { sigma, mu };
        let t_b = cf::trade_cost_from_freeness(&p, cf::break_point_freeness(&p));
        let t_s = cf::trade_cost_from_freeness(&p, cf::sustain_point_freeness(&p).unwrap());
        for from in [2.5, 10.0, 50.0, 1e3] {
            for log_scale in [false, true] {
                let d = diagram(sigma, mu, from, log_scale);
                let what = format!("sigma {sigma} mu {mu} from {from} log {log_scale}");
                let breaks = located(&d, SpecialKind::Break);
                let sustains = located(&d, SpecialKind::Sustain);
                assert_eq!(breaks.len(), 1, "{what}: breaks {breaks:?}, notes {:?}", d.notes);
                assert!(rel(breaks[0], t_b) < 1e-8, "{what}: break {} vs {t_b}", breaks[0]);
                assert_eq!(sustains.len(), 2, "{what}: sustains {sustains:?}");
                for s in &sustains {
                    assert!(rel(*s, t_s) < 1e-8, "{what}: sustain {s} vs {t_s}");
                }
                assert_eq!(d.branches.len(), 5, "{what}");
                for s in &d.special_points {
                    assert!(
                        s.bracket.0 <= s.parameter && s.parameter <= s.bracket.1,
                        "{what}: {s:?}"
                    );
                    assert_ne!(s.sides.0, s.sides.1, "{what}: {s:?}");
                }
                // Every branch reaches the end of the range it runs to, or a junction.
                for b in &d.branches {
                    assert!(!b.end.contains("stopped after"), "{what}: {}", b.end);
                }
            }
        }
    }
}

#[test]
fn bifurcate_from_50_writes_the_break_and_sustain_points() {
    let dir = tempfile::tempdir().unwrap();
    for (from, scale) in [("50", "linear"), ("1000", "log")] {
        let out = dir.path().join(format!("from-{from}-{scale}.h5"));
        let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
            .args(["bifurcate", "--set"])
            .arg(format!("bifurcate.from={from}"))
            .arg("--set")
            .arg(format!("bifurcate.scale={scale}"))
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let kinds = special_kinds(&out);
        assert_eq!(kinds.iter().filter(|k| *k == "break").count(), 1, "{kinds:?}");
        assert_eq!(kinds.iter().filter(|k| *k == "sustain").count(), 2, "{kinds:?}");
    }
}

fn special_kinds(path: &Path) -> Vec<String> {
    let f = hdf5::File::open(path).unwrap();
    let g = f.group("special_points").unwrap();
    let kinds: Vec<hdf5::types::VarLenUnicode> = g.dataset("kind").unwrap().read_raw().unwrap();
    kinds.iter().map(|k| k.as_str().to_string()).collect()
}

#[test]
fn bad_scale_and_relative_step_are_refused_by_name() {
    for (sets, key) in [
        (vec!["bifurcate.scale=cubic"], "bifurcate.scale"),
        (vec!["bifurcate.max-relative-step=0"], "bifurcate.max-relative-step"),
        (vec!["bifurcate.max-relative-step=2"], "bifurcate.max-relative-step"),
        (
            vec![
                "bifurcate.scale=log",
                "bifurcate.parameter=model.mu",
                "bifurcate.from=0",
                "bifurcate.to=0.5",
            ],
            "bifurcate.from",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.h5");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_agglo"));
        cmd.arg("bifurcate");
        for s in &sets {
            cmd.args(["--set", s]);
        }
        let o = cmd.arg("-o").arg(&out).output().unwrap();
        assert!(!o.status.success(), "{sets:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.starts_with("error:") && stderr.contains(key),
            "{sets:?}: {stderr}"
        );
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "no file left behind"
        );
    }
}
