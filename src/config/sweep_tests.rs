//! Tests of `config::sweep`.

use super::*;
use crate::config::from_text;
use std::path::Path;

const GRID: &str = r#"
[sweep]
record = ["share", "n-stable", "herfindahl"]
[[sweep.axis]]
key = "geography.trade_cost"
from = 1.5
to = 2.0
steps = 3
[[sweep.axis]]
key = "model.mu"
values = [0.3, 0.4]
"#;

#[test]
fn a_grid_sweep_resolves_and_builds_each_point() {
    let spec = from_text(GRID, "t.toml", Path::new("."), &[]).unwrap();
    let s = sweep(&spec).unwrap();
    assert_eq!(s.plan.len(), 6);
    assert_eq!(s.plan.names(), ["geography.trade-cost", "model.mu"]);
    assert_eq!(s.record, [Quantity::Share, Quantity::NStable, Quantity::Herfindahl]);
    assert_eq!(s.kind, Kind::LongRun);
    assert!(spec.resolved_toml.contains("[sweep]"), "{}", spec.resolved_toml);
    let family = PointFamily::new(&spec, &s).unwrap();
    let setup = family.at(&[1.7, 0.4]).unwrap();
    assert_eq!(setup.kind(), Kind::LongRun);
    // The hash follows the config, overrides included.
    let other = from_text(GRID, "t.toml", Path::new("."), &["model.sigma=4".into()]).unwrap();
    assert_ne!(sweep(&other).unwrap().config_hash, s.config_hash);
    let same = from_text(GRID, "elsewhere.toml", Path::new("."), &[]).unwrap();
    assert_eq!(sweep(&same).unwrap().config_hash, s.config_hash);
}

#[test]
fn bad_sweeps_name_the_key() {
    let bad = |text: &str, needle: &str| {
        let e = from_text(text, "t.toml", Path::new("."), &[]).and_then(|spec| {
            let s = sweep(&spec)?;
            PointFamily::new(&spec, &s).map(|_| ())
        });
        let e = e.unwrap_err().to_string();
        assert!(e.contains(needle), "{needle:?} not in {e}");
    };
    bad(
        "[[sweep.axis]]\nkey = \"model.nope\"\nvalues = [1]",
        "sweep.axis[1].key = \"model.nope\"",
    );
    bad(
        "[[sweep.axis]]\nkey = \"model.mu\"\nfrom = 0.2\nto = 0.4",
        "sweep.axis[1].steps (model.mu)",
    );
    bad(
        "[sweep]\nrecord = [\"population\"]\n[[sweep.axis]]\nkey = \"model.mu\"\nvalues = [0.4]",
        "sweep.record[1] = \"population\"",
    );
    bad(
        "[sweep]\ndesign = \"sobol\"\n[[sweep.axis]]\nkey = \"model.mu\"\nfrom = 0.2\nto = 0.4",
        "sweep.points is missing",
    );
    bad(
        "[[sweep.axis]]\nkey = \"model.mu\"\nvalues = [0.4, 1.5]",
        "model.mu = 1.5",
    );
    bad("[sweep]\nnope = 1", "nope");
    bad(
        "[geography]\nkind = \"racetrack\"\nregions = 6\n[[sweep.axis]]\nkey = \"geography.regions\"\nvalues = [6, 8]",
        "8 regions instead of 6",
    );
    bad(
        "[geography]\nkind = \"racetrack\"\nregions = 6\n[[sweep.axis]]\nkey = \"geography.regions\"\nvalues = [6.5]",
        "whole",
    );
}
