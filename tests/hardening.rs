//! Resources bounded before they are spent, inputs never overwritten, and `check` validating
//! exactly what the commands validate: each refusal exits 1 with one `error:` line naming the
//! key (or file) and leaves no file behind; a refused `-o` leaves the input unchanged.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn agglo_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Fails with exit status 1 and one `error:` line containing every needle; returns it.
fn refused(o: &Output, needles: &[&str]) -> String {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(1), "expected exit 1; stderr:\n{e}");
    let errors: Vec<&str> = e.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line expected:\n{e}");
    for n in needles {
        assert!(errors[0].contains(n), "{n:?} not in:\n{e}");
    }
    errors[0].to_string()
}

/// The run is refused within a second (timed in a debug build on a loaded CI machine: the
/// bound is generous, the failure it guards against takes minutes or is killed).
fn refused_fast(dir: &Path, args: &[&str], needles: &[&str]) -> String {
    let before = files_in(dir);
    let clock = Instant::now();
    let o = agglo_in(dir, args);
    let took = clock.elapsed();
    let e = refused(&o, needles);
    assert!(took < Duration::from_secs(1), "refused after {took:?}: {e}");
    assert_eq!(files_in(dir), before, "a refused run must create no file");
    e
}

const SWEEP_1E9: &str = r#"
[model]
kind = "core-periphery"

[geography]
kind = "two-region"
trade-cost = 1.7

[sweep]
design = "grid"

[[sweep.axis]]
key = "geography.trade-cost"
from = 1.1
to = 2.5
steps = 1000000000
"#;

#[test]
fn a_sweep_of_1e9_points_is_refused_before_anything_is_allocated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.toml"), SWEEP_1E9).unwrap();
    for cmd in ["sweep", "check"] {
        let mut args = vec!["--max-memory", "4GB", cmd, "big.toml"];
        if cmd == "sweep" {
            args.extend(["-o", "big.h5"]);
        }
        let e = refused_fast(
            dir.path(),
            &args,
            &[
                "sweep.axis[1].steps",
                "over the memory budget of 4.0 GB",
                "--max-memory",
            ],
        );
        assert!(e.contains("1.000e9 points"), "{e}");
    }
    // The default budget (half the physical memory) refuses it too on a machine with less
    // than 32 GB: the design alone needs 16 GB.
    let mem_kb: Option<f64> = std::fs::read_to_string("/proc/meminfo").ok().and_then(|t| {
        t.lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
    });
    if mem_kb.is_some_and(|kb| kb * 1024.0 / 2.0 < 16e9) {
        let e = refused_fast(dir.path(), &["check", "big.toml"], &["sweep.axis[1].steps"]);
        assert!(e.contains("16.0 GB"), "{e}");
    }
}

#[test]
fn a_long_run_on_100000_regions_is_refused_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let set = [
        "--set",
        "geography.kind=racetrack",
        "--set",
        "geography.regions=100000",
        // Low enough that the freeness across half the ring, 1.0001^50000, is representable
        // (at 1.01 the overflow check refuses first, naming model.sigma).
        "--set",
        "geography.trade-cost=1.0001",
    ];
    // Continuation forms the dense d omega / d lambda at every step (7 matrices of 1e10
    // entries); `check` of the default config checks its [bifurcate] table too.
    for cmd in ["bifurcate", "check"] {
        let mut args = vec!["--max-memory", "16GB", cmd];
        args.extend(set);
        if cmd != "check" {
            args.extend(["-o", "race.h5"]);
        }
        let e = refused_fast(
            dir.path(),
            &args,
            &["geography.regions", "100000 x 100000", "560.0 GB", "16.0 GB"],
        );
        assert!(e.contains("--max-memory"), "{e}");
    }
    // The long run itself is matrix-free there (617 vectors of 1e5 regions, 494 MB): under a
    // budget below that it is refused naming those, not dense matrices.
    std::fs::write(dir.path().join("lr.toml"), "[solve]\nhorizon = \"long-run\"\n").unwrap();
    let mut args = vec!["--max-memory", "400MB", "check", "lr.toml"];
    args.extend(set);
    let e = refused_fast(dir.path(), &args, &["geography.regions", "matrix-free", "493.6 MB"]);
    assert!(!e.contains("x 100000"), "{e}");
    let mut args = vec!["--max-memory", "16GB", "check", "lr.toml"];
    args.extend(set);
    let o = agglo_in(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    // The short run on the same racetrack needs O(N) memory (FFT products) and is allowed
    // (a config without the default's [bifurcate] table, which check would check too).
    std::fs::write(dir.path().join("sr.toml"), "[solve]\nhorizon = \"short-run\"\n").unwrap();
    let mut args = vec!["--max-memory", "16GB", "check", "sr.toml"];
    args.extend(set);
    let o = agglo_in(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn starts_and_arsw_cities_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    refused_fast(
        dir.path(),
        &["--max-memory", "1GB", "check", "--set", "solve.starts=100000000000"],
        &["solve.starts", "100000000000 starts"],
    );
    std::fs::write(
        dir.path().join("city.toml"),
        "[model]\nkind = \"arsw\"\n[model.synthetic]\nsize = 1000000\n",
    )
    .unwrap();
    for cmd in ["check", "solve"] {
        refused_fast(
            dir.path(),
            &["--max-memory", "8GB", cmd, "city.toml"],
            &["model.synthetic.size", "1000000 x 1000000"],
        );
    }
}

#[test]
fn bad_budgets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["lots", "-3GB", "0"] {
        refused(
            &agglo_in(dir.path(), &["--max-memory", bad, "check"]),
            &["--max-memory", bad],
        );
    }
}

#[test]
fn threads_above_the_cores_are_capped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Instant::now();
    let o = agglo_in(dir.path(), &["--threads", "10000", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: --threads 10000 is more than the"),
        "{}",
        stderr(&o)
    );
    assert!(clock.elapsed() < Duration::from_secs(5));
    let o = agglo_in(dir.path(), &["--threads", "0", "check"]);
    refused(&o, &["--threads must be >= 1"]);
}

fn sha256(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(std::fs::read(path).unwrap()))
}

fn copy_config(dir: &Path, name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs").join(name);
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to
}

/// `-o` onto `target` is refused and leaves it byte for byte unchanged.
fn overwrite_refused(dir: &Path, args: &[&str], target: &Path) {
    let before = sha256(target);
    let o = agglo_in(dir, args);
    refused(
        &o,
        &[
            "refusing to overwrite an input",
            &target.file_name().unwrap().to_string_lossy(),
        ],
    );
    assert_eq!(sha256(target), before, "{} changed", target.display());
}

#[test]
fn outputs_onto_inputs_are_refused_and_the_inputs_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = copy_config(d, "points.toml");
    let csv = copy_config(d, "points-regions.csv");
    copy_config(d, "matrix.toml");
    let matrix = copy_config(d, "matrix-costs.csv");
    overwrite_refused(d, &["solve", "points.toml", "-o", "points.toml"], &config);
    overwrite_refused(d, &["solve", "points.toml", "-o", "points-regions.csv"], &csv);
    overwrite_refused(d, &["solve", "points.toml", "-o", "./points-regions.csv"], &csv);
    overwrite_refused(d, &["bifurcate", "matrix.toml", "-o", "matrix-costs.csv"], &matrix);
    // A hard link to the config is the config.
    std::fs::hard_link(&config, d.join("alias.h5")).unwrap();
    overwrite_refused(d, &["solve", "points.toml", "-o", "alias.h5"], &config);

    // A shard being merged.
    std::fs::write(
        d.join("s.toml"),
        "[sweep]\ndesign = \"grid\"\n[[sweep.axis]]\nkey = \"geography.trade-cost\"\nvalues = [1.5, 1.7, 1.9, 2.1]\n",
    )
    .unwrap();
    for i in 0..2 {
        let (i, name) = (i.to_string(), format!("part-{i}.h5"));
        let o = agglo_in(d, &["sweep", "s.toml", "--shard", &i, "--nshards", "2", "-o", &name]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let shard = d.join("part-0.h5");
    overwrite_refused(d, &["merge", "part-0.h5", "part-1.h5", "-o", "part-0.h5"], &shard);
    // And a results file being plotted (its figure would be another format anyway).
    overwrite_refused(d, &["plot", "part-0.h5", "-o", "part-0.h5"], &shard);
}

#[test]
fn outputs_with_the_wrong_extension_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (args, needle) in [
        (vec!["solve", "-o", "out.csv"], "must end in .h5 (not .csv)"),
        (vec!["solve", "-o", "out"], "must end in .h5"),
        (vec!["sweep", "-o", "out.txt"], "must end in .h5"),
        (
            vec!["plot", "x.h5", "-o", "fig.pdf"],
            "must end in .png or .svg (not .pdf)",
        ),
    ] {
        let before = files_in(d);
        refused(&agglo_in(d, &args), &[needle]);
        assert_eq!(files_in(d), before);
    }
}

/// `check` and the command give the same verdict (both refuse, naming the same key).
fn check_and_command_agree(dir: &Path, command: &str, config: &str, set: &[&str], needle: &str) {
    std::fs::write(dir.join("c.toml"), config).unwrap();
    let mut check = vec!["check", "c.toml"];
    check.extend(set);
    let mut run = vec![command, "c.toml", "-o", "r.h5"];
    run.extend(set);
    let a = refused(&agglo_in(dir, &check), &[needle]);
    let b = refused(&agglo_in(dir, &run), &[needle]);
    assert!(!dir.join("r.h5").exists());
    let _ = (a, b);
}

#[test]
fn check_refuses_what_the_commands_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // An unknown key in [wiggle].
    check_and_command_agree(d, "wiggle", "[wiggle]\nvalues = [1.5]\nwibble = 1\n", &[], "wibble");
    // bifurcate.to = 0.5: a trade cost below 1 at the end of the range.
    check_and_command_agree(
        d,
        "bifurcate",
        "[bifurcate]\nfrom = 2.5\nto = 0.5\n",
        &[],
        "bifurcate.to",
    );
    // ... and a wiggle value below 1.
    check_and_command_agree(d, "wiggle", "[wiggle]\nvalues = [1.5, 0.5]\n", &[], "wiggle.values[2]");
    // [invert] on a model that cannot be inverted.
    check_and_command_agree(
        d,
        "invert",
        "[invert]\npopulation = \"p\"\nwage = \"w\"\n",
        &[],
        "needs a spatial model",
    );
}

#[test]
fn two_spellings_of_one_key_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.toml"),
        "[geography]\nkind = \"two-region\"\ntrade_cost = 1.5\ntrade-cost = 1.7\n",
    )
    .unwrap();
    for cmd in ["check", "solve"] {
        refused(
            &agglo_in(dir.path(), &[cmd, "c.toml"]),
            &["`trade-cost` and `trade_cost` in [geography]", "two spellings"],
        );
    }
}

#[test]
fn empty_ids_are_refused_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("p.csv"), "id,x,y\na,0,0\n,1,0\nc,0,1\n").unwrap();
    std::fs::write(
        d.join("p.toml"),
        "[geography]\nkind = \"points\"\nfile = \"p.csv\"\ncost = \"exp\"\nrate = 0.1\n",
    )
    .unwrap();
    refused(&agglo_in(d, &["check", "p.toml"]), &["p.csv", "line 3", "empty"]);
    std::fs::write(d.join("m.csv"), "id,a,b\na,1,2\n,2,1\n").unwrap();
    std::fs::write(d.join("m.toml"), "[geography]\nkind = \"matrix\"\nfile = \"m.csv\"\n").unwrap();
    refused(&agglo_in(d, &["check", "m.toml"]), &["m.csv", "line 3", "empty id"]);
}

#[test]
fn command_line_errors_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["solve", "--no-such-flag"],
        vec!["no-such-command"],
        vec!["solve", "-o"],
    ] {
        let o = agglo_in(dir.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(agglo_in(dir.path(), &["--help"]).status.code(), Some(0));
    assert_eq!(agglo_in(dir.path(), &["--version"]).status.code(), Some(0));
}

#[test]
fn overflowing_freeness_is_refused_naming_the_keys_and_the_range() {
    let dir = tempfile::tempdir().unwrap();
    for (set, range) in [
        ("model.sigma=1e6", "sigma <= 1320.19"),
        ("geography.trade-cost=1e300", "T <= 1.0035e76"),
    ] {
        for cmd in ["check", "solve", "bifurcate"] {
            let mut args = vec![cmd, "--set", set];
            if cmd != "check" {
                args.extend(["-o", "x.h5"]);
            }
            let e = refused_fast(dir.path(), &args, &["model.sigma", "geography.trade-cost", range]);
            assert!(!e.contains("residual inf"), "{e}");
        }
    }
    // Just inside the range, the run works (sigma 50 at T = 1e6: (sigma - 1) ln T = 677).
    let o = agglo_in(
        dir.path(),
        &[
            "solve",
            "--set",
            "model.sigma=50",
            "--set",
            "geography.trade-cost=1e6",
            "-o",
            "ok.h5",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}
