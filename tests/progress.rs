//! Long work shows progress on a terminal (issue 15 item 2): `agglo solve` and `agglo
//! bifurcate` draw a spinner naming the command, its stage and the elapsed time on stderr
//! when stderr is a terminal, and nothing otherwise (pipes, job logs, `--quiet`).
//!
//! The terminal is a pseudo-terminal from util-linux's `script`, which records everything
//! the command writes to it.

use std::path::Path;
use std::process::Command;

fn agglo() -> &'static str {
    env!("CARGO_BIN_EXE_agglo")
}

/// Runs `agglo ARGS` on a pseudo-terminal in `dir`; returns what it wrote there.
fn on_a_terminal(dir: &Path, args: &str) -> String {
    let log = dir.join("typescript");
    let o = Command::new("script")
        .current_dir(dir)
        .args(["-q", "-e", "-c", &format!("{} {args}", agglo())])
        .arg(&log)
        .output()
        .expect("`script` (util-linux) runs a command on a pseudo-terminal");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned()
}

// A long run on 150 regions takes long enough in a test build for several redraws.
const SLOW: &str = "--set geography.kind=racetrack --set geography.regions=150 --set geography.trade-cost=1.02";

#[test]
fn solve_and_bifurcate_show_a_spinner_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let screen = on_a_terminal(dir.path(), &format!("solve {SLOW} -o race.h5"));
    assert!(screen.contains("agglo solve: solving"), "{screen}");
    assert!(screen.contains("wrote race.h5"), "{screen}");
    let screen = on_a_terminal(dir.path(), "bifurcate -o tomahawk.h5");
    assert!(
        screen.contains("agglo bifurcate: tracing branches along geography.trade-cost"),
        "{screen}"
    );
}

#[test]
fn no_spinner_with_quiet_or_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let screen = on_a_terminal(dir.path(), &format!("--quiet solve {SLOW} -o race.h5"));
    assert!(!screen.contains("agglo solve:"), "{screen}");
    assert!(screen.contains("wrote race.h5"), "{screen}");
    let o = Command::new(agglo())
        .current_dir(dir.path())
        .arg("solve")
        .args(SLOW.split(' '))
        .args(["-o", "piped.h5"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("agglo solve:"), "{err}");
}
