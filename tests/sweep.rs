//! `agglo sweep` and `agglo merge` end to end: the `/sweep` datasets are bitwise identical for
//! 1 and 2 threads, for one process and 3 shards merged, and for an uninterrupted run and a
//! run killed with SIGKILL midway and resumed; merge refuses a missing, a duplicated and a
//! foreign shard naming the file; failed points are recorded, never dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use agglo::output::sweep::{read_sweep, SweepData};

fn agglo(args: &[&str]) -> Output {
    agglo_env(args, &[])
}

fn agglo_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agglo"));
    cmd.args(args).env("RUST_BACKTRACE", "0");
    for var in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_STEP",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "agglo failed ({}):\n{}{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Two-region core–periphery over trade cost × mu (the tomahawk and its neighbours).
const TWO_REGION: &str = r#"
[model]
kind = "core-periphery"
[geography]
kind = "two-region"
[sweep]
record = ["share", "n-equilibria", "n-stable", "herfindahl", "real-wage"]
[[sweep.axis]]
key = "geography.trade-cost"
from = 1.3
to = 2.1
steps = 20
[[sweep.axis]]
key = "model.mu"
values = [0.3, 0.4, 0.5]
"#;

/// A Latin hypercube over a six-region racetrack.
const RACETRACK: &str = r#"
[geography]
kind = "racetrack"
regions = 6
trade-cost = 1.5
[sweep]
design = "latin-hypercube"
points = 24
seed = 3
record = ["share", "n-stable", "herfindahl"]
[[sweep.axis]]
key = "geography.trade-cost"
from = 1.2
to = 2.4
[[sweep.axis]]
key = "model.sigma"
from = 3
to = 8
scale = "log"
"#;

fn config(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// The datasets of /sweep, sorted by name, as raw bytes (for bitwise comparisons).
fn datasets(path: &Path) -> Vec<(String, Vec<u8>)> {
    let file = hdf5::File::open(path).unwrap();
    let group = file.group("sweep").unwrap();
    let mut names = group.member_names().unwrap();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let ds = group.dataset(&name).unwrap();
            let bytes: Vec<u8> = match ds.dtype().unwrap().size() {
                8 if name == "index" || name == "iterations" => ds
                    .read_raw::<u64>()
                    .unwrap()
                    .iter()
                    .flat_map(|v| v.to_le_bytes())
                    .collect(),
                8 => ds
                    .read_raw::<f64>()
                    .unwrap()
                    .iter()
                    .flat_map(|v| v.to_bits().to_le_bytes())
                    .collect(),
                1 => ds.read_raw::<u8>().unwrap(),
                other => panic!("{name}: unexpected element size {other}"),
            };
            (name, bytes)
        })
        .collect()
}

/// Every /sweep dataset of `a` and `b` is bitwise identical, and so are the /sweep attributes.
fn assert_same_sweep(a: &Path, b: &Path) {
    let (da, db) = (datasets(a), datasets(b));
    let names = |d: &[(String, Vec<u8>)]| d.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&da), names(&db), "{} vs {}", a.display(), b.display());
    for ((name, x), (_, y)) in da.iter().zip(&db) {
        assert!(
            x == y,
            "/sweep/{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
    let (ra, rb) = (read_sweep(a).unwrap(), read_sweep(b).unwrap());
    assert_eq!(ra.layout, rb.layout);
    assert_eq!(ra.config, rb.config, "root config attributes differ");
}

fn sweep_data(path: &Path) -> SweepData {
    read_sweep(path).unwrap()
}

#[test]
fn one_and_two_threads_write_identical_sweeps() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in [("two.toml", TWO_REGION), ("racetrack.toml", RACETRACK)] {
        let cfg = config(dir.path(), name, body);
        let one = dir.path().join(format!("{name}-1.h5"));
        let two = dir.path().join(format!("{name}-2.h5"));
        let out1 = ok(&agglo(&[
            "--threads",
            "1",
            "sweep",
            s(&cfg),
            "-o",
            s(&one),
            "--chunk",
            "7",
        ]));
        let out2 = ok(&agglo(&["--threads", "2", "sweep", s(&cfg), "-o", s(&two)]));
        assert!(out1.contains("points/s (1 thread)"), "{out1}");
        assert!(out2.contains("points/s (2 threads)"), "{out2}");
        assert_same_sweep(&one, &two);
        let d = sweep_data(&one);
        assert!(d.results.iter().all(|r| r.converged), "{name}: every point converges");
    }
}

#[test]
fn the_two_region_sweep_records_the_tomahawk() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "two.toml", TWO_REGION);
    let out = dir.path().join("two.h5");
    ok(&agglo(&["sweep", s(&cfg), "-o", s(&out)]));
    let inspect = ok(&agglo(&["inspect", s(&out)]));
    assert!(
        inspect.contains("sweep     grid of 60 points over geography.trade-cost [1.3, 2.1], model.mu [0.3, 0.5]"),
        "{inspect}"
    );
    assert!(inspect.contains("long-run each; 60/60 converged"), "{inspect}");
    let check = ok(&agglo(&["check", s(&cfg)]));
    assert!(check.contains(": ok"), "{check}");
    let d = sweep_data(&out);
    assert_eq!(d.layout.points, 60);
    assert_eq!(d.layout.names, ["geography.trade-cost", "model.mu"]);
    let record: Vec<(&str, usize)> = d.layout.record.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    assert_eq!(
        record,
        [
            ("share", 2),
            ("n_equilibria", 1),
            ("n_stable", 1),
            ("herfindahl", 1),
            ("real_wage", 2)
        ]
    );
    // Grid order: the last axis (mu) varies fastest; both ends exact.
    assert_eq!(&d.parameters[..6], &[1.3, 0.3, 1.3, 0.4, 1.3, 0.5]);
    assert_eq!(&d.parameters[d.parameters.len() - 2..], &[2.1, 0.5]);
    for (k, r) in d.results.iter().enumerate() {
        let (t, mu) = (d.parameters[2 * k], d.parameters[2 * k + 1]);
        let (share, n_eq, n_stable, h) = (r.values[0], r.values[2], r.values[3], r.values[4]);
        assert!((share + r.values[1] - 1.0).abs() < 1e-12);
        assert!((h - (share * share + (1.0 - share).powi(2))).abs() < 1e-12);
        assert!(
            n_stable >= 1.0 && n_stable <= n_eq && [1.0, 3.0, 5.0].contains(&n_eq),
            "T {t} mu {mu}: {n_eq} equilibria, {n_stable} stable"
        );
        // At mu = 0.4 (sigma = 5): break T_B = 1.6266, sustain T_S = 1.8073 (FKV ch. 5).
        // (Within 0.005 of T_S the unstable interior equilibria lie within 1/400 of the
        // corners, finer than the two-region scan: such points are not asserted.)
        if mu == 0.4 && (t - 1.8073).abs() > 0.005 {
            let expected = if t > 1.8073 {
                1.0
            } else if t > 1.6266 {
                5.0
            } else {
                3.0
            };
            assert_eq!(n_eq, expected, "T = {t}");
            let dispersed = (share - 0.5).abs() < 1e-8;
            assert_eq!(dispersed, t > 1.6266, "T = {t}: reached share {share}");
        }
    }
}

#[test]
fn three_shards_merged_equal_one_process() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "two.toml", TWO_REGION);
    let whole = dir.path().join("whole.h5");
    ok(&agglo(&["sweep", s(&cfg), "-o", s(&whole)]));
    let mut parts = Vec::new();
    for i in 0..3 {
        let part = dir.path().join(format!("part-{i}.h5"));
        // Shard 1 takes its number from a SLURM job array (--array=1-3), the others from flags.
        let o = if i == 1 {
            agglo_env(
                &["sweep", s(&cfg), "-o", s(&part)],
                &[
                    ("SLURM_ARRAY_TASK_ID", "2"),
                    ("SLURM_ARRAY_TASK_COUNT", "3"),
                    ("SLURM_ARRAY_TASK_MIN", "1"),
                ],
            )
        } else {
            agglo(&[
                "sweep",
                s(&cfg),
                "-o",
                s(&part),
                "--shard",
                &i.to_string(),
                "--nshards",
                "3",
                "--chunk",
                "4",
            ])
        };
        let stdout = ok(&o);
        assert!(stdout.contains(&format!("shard {i} of 3")), "{stdout}");
        assert_eq!(sweep_data(&part).index, (i as u64..60).step_by(3).collect::<Vec<_>>());
        parts.push(part);
    }
    let merged = dir.path().join("merged.h5");
    let stdout = ok(&agglo(&[
        "merge",
        s(&parts[2]),
        s(&parts[0]),
        s(&parts[1]),
        "-o",
        s(&merged),
    ]));
    assert!(stdout.contains("merged 3 shards: 60 points"), "{stdout}");
    assert_same_sweep(&whole, &merged);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_default_shard_file_name_says_which_shard() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "two.toml", TWO_REGION);
    let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(["sweep", s(&cfg), "-q"])
        .current_dir(dir.path())
        .env("SLURM_ARRAY_TASK_ID", "3")
        .env("SLURM_ARRAY_TASK_COUNT", "4")
        .env_remove("SLURM_ARRAY_TASK_MIN")
        .output()
        .unwrap();
    ok(&o);
    assert!(dir.path().join("agglo-out.shard-3-of-4.h5").is_file());
}

#[test]
fn merge_refuses_missing_duplicated_and_foreign_shards() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "two.toml", TWO_REGION);
    let part = |i: usize, extra: &[&str]| {
        let p = dir
            .path()
            .join(format!("part-{i}{}.h5", if extra.is_empty() { "" } else { "-other" }));
        let i = i.to_string();
        let mut args = vec!["sweep", s(&cfg), "-q", "-o", s(&p), "--shard", &i, "--nshards", "3"];
        args.extend_from_slice(extra);
        ok(&agglo(&args));
        p
    };
    let (p0, p1, p2) = (part(0, &[]), part(1, &[]), part(2, &[]));
    let foreign = part(2, &["--set", "model.sigma=4"]);
    let out = dir.path().join("merged.h5");
    let fails = |parts: &[&Path], needles: &[&str]| {
        let mut args = vec!["merge"];
        args.extend(parts.iter().map(|p| s(p)));
        args.extend(["-o", s(&out)]);
        let o = agglo(&args);
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        for n in needles {
            assert!(stderr.contains(n), "{n:?} not in {stderr}");
        }
        assert!(!out.exists() && !dir.path().join("merged.h5.partial").exists());
    };
    fails(&[&p0, &p2], &["shard 1 of 3 missing", "part-0.h5 = 0", "part-2.h5 = 2"]);
    fails(&[&p0, &p1, &p1, &p2], &["part-1.h5", "shard 1 of 3", "given twice"]);
    fails(
        &[&p0, &p1, &foreign],
        &["part-2-other.h5", "config hash", "different sweeps"],
    );
    // An unfinished shard is refused too.
    let unfinished = dir.path().join("unfinished.h5");
    std::fs::copy(&p2, &unfinished).unwrap();
    hdf5::File::open_rw(&unfinished)
        .unwrap()
        .attr("complete")
        .unwrap()
        .write_scalar(&0u8)
        .unwrap();
    fails(
        &[&p0, &p1, &unfinished],
        &["unfinished.h5", "unfinished sweep", "--resume"],
    );
}

#[test]
fn a_run_killed_with_sigkill_resumes_to_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let body = TWO_REGION.replace("steps = 20", "steps = 150");
    let cfg = config(dir.path(), "big.toml", &body);
    let reference = dir.path().join("reference.h5");
    ok(&agglo(&["sweep", s(&cfg), "-q", "-o", s(&reference), "--chunk", "10"]));

    let out = dir.path().join("out.h5");
    let partial = dir.path().join("out.h5.partial");
    let mut child = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(["sweep", s(&cfg), "-o", s(&out), "--chunk", "10"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Progress lines go to stderr when it is not a terminal: kill at the first one (10%).
    let stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        seen.push(line.clone());
        if line.starts_with("sweep: ") && line.contains("% (") {
            child.kill().unwrap(); // SIGKILL
            break;
        }
    }
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the run should have been killed midway; stderr: {seen:?}"
    );
    assert!(
        partial.is_file() && !out.exists(),
        "a killed run leaves OUT.partial only"
    );
    {
        let file = hdf5::File::open(&partial).unwrap();
        assert_eq!(file.attr("complete").unwrap().read_scalar::<u8>().unwrap(), 0);
        let done: Vec<u8> = file.dataset("sweep/done").unwrap().read_raw().unwrap();
        let n = done.iter().filter(|d| **d == 1).count();
        assert!(
            n > 0 && n < done.len(),
            "killed midway: {n} of {} chunks done",
            done.len()
        );
    }

    // Without --resume the leftover is not silently overwritten.
    let o = agglo(&["sweep", s(&cfg), "-o", s(&out)]);
    assert!(
        !o.status.success() && text(&o.stderr).contains("--resume"),
        "{}",
        text(&o.stderr)
    );
    let stdout = ok(&agglo(&["sweep", s(&cfg), "-o", s(&out), "--resume"]));
    assert!(
        stdout.contains("resuming") && stdout.contains("chunks done"),
        "{stdout}"
    );
    assert!(out.is_file() && !partial.exists());
    assert_same_sweep(&reference, &out);
    // Resuming a finished sweep does nothing.
    let stdout = ok(&agglo(&["sweep", s(&cfg), "-o", s(&out), "--resume"]));
    assert!(stdout.contains("already this sweep, complete"), "{stdout}");
}

#[test]
fn resume_refuses_a_partial_file_of_another_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "two.toml", TWO_REGION);
    let out = dir.path().join("out.h5");
    ok(&agglo(&["sweep", s(&cfg), "-q", "-o", s(&out)]));
    std::fs::rename(&out, dir.path().join("out.h5.partial")).unwrap();
    let o = agglo(&["sweep", s(&cfg), "-o", s(&out), "--resume", "--set", "model.sigma=4"]);
    let stderr = text(&o.stderr);
    assert!(
        !o.status.success() && stderr.contains("out.h5.partial") && stderr.contains("config hash"),
        "{stderr}"
    );
}

#[test]
fn points_that_fail_are_recorded_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    // One Picard step cannot solve the short run: those points fail; the others converge.
    let body = r#"
[solver]
method = "picard"
[sweep]
[[sweep.axis]]
key = "solver.max-iterations"
values = [1, 10000]
[[sweep.axis]]
key = "geography.trade-cost"
values = [1.5, 2.0]
"#;
    let cfg = config(dir.path(), "fail.toml", body);
    let out = dir.path().join("fail.h5");
    let stdout = ok(&agglo(&["sweep", s(&cfg), "-o", s(&out)]));
    assert!(
        stdout.contains("2 of 4 points did not converge") && stdout.contains("first failure"),
        "{stdout}"
    );
    let d = sweep_data(&out);
    assert_eq!(d.index, [0, 1, 2, 3]);
    assert_eq!(d.parameters, [1.0, 1.5, 1.0, 2.0, 10000.0, 1.5, 10000.0, 2.0]);
    for (k, r) in d.results.iter().enumerate() {
        if k < 2 {
            assert!(!r.converged && r.values.iter().all(|v| v.is_nan()), "{r:?}");
            assert_eq!(r.iterations, 1);
            assert!(r.residual.is_finite() && r.residual > 0.0);
        } else {
            assert!(r.converged && r.values.iter().all(|v| v.is_finite()), "{r:?}");
        }
    }
}

#[test]
fn latin_hypercube_and_sobol_samples_fill_their_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "racetrack.toml", RACETRACK);
    let lhs = dir.path().join("lhs.h5");
    ok(&agglo(&[
        "sweep",
        s(&cfg),
        "-q",
        "-o",
        s(&lhs),
        "--set",
        "sweep.points=40",
    ]));
    let d = sweep_data(&lhs);
    assert_eq!((d.layout.points, d.layout.design.as_str()), (40, "latin-hypercube"));
    for q in 0..2 {
        let (lo, hi, log) = if q == 0 {
            (1.2f64, 2.4f64, false)
        } else {
            (3.0f64, 8.0f64, true)
        };
        let mut strata: Vec<usize> = (0..40)
            .map(|k| {
                let v = d.parameters[2 * k + q];
                assert!(v >= lo && v < hi, "axis {q}: {v}");
                let u = if log {
                    (v / lo).ln() / (hi / lo).ln()
                } else {
                    (v - lo) / (hi - lo)
                };
                (u * 40.0) as usize
            })
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..40).collect::<Vec<_>>(), "one point per stratum on axis {q}");
    }
    let sobol = |seed: &str, name: &str| {
        let out = dir.path().join(name);
        ok(&agglo(&[
            "sweep",
            s(&cfg),
            "-q",
            "-o",
            s(&out),
            "--set",
            "sweep.design=sobol",
            "--set",
            "sweep.points=16",
            "--set",
            &format!("sweep.seed={seed}"),
        ]));
        sweep_data(&out)
    };
    let (a, b, c) = (sobol("3", "a.h5"), sobol("3", "b.h5"), sobol("4", "c.h5"));
    assert_eq!(a.parameters, b.parameters);
    assert_ne!(a.parameters, c.parameters);
    let mut cells: Vec<usize> = (0..16)
        .map(|k| ((a.parameters[2 * k] - 1.2) / 1.2 * 16.0) as usize)
        .collect();
    cells.sort_unstable();
    assert_eq!(
        cells,
        (0..16).collect::<Vec<_>>(),
        "16 Sobol points stratify an axis in 16"
    );
}

#[test]
fn spatial_and_short_run_sweeps() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let aa = std::fs::read_to_string(repo.join("configs/aa-cities.toml")).unwrap();
    let body = format!("{aa}\n[sweep]\nrecord = [\"population\", \"welfare\", \"herfindahl\"]\n[[sweep.axis]]\nkey = \"model.alpha\"\nvalues = [0.05, 0.1]\n");
    let body = body.replace(
        "\"aa-cities.csv\"",
        &format!("\"{}\"", repo.join("configs/aa-cities.csv").display()),
    );
    let cfg = config(dir.path(), "aa.toml", &body);
    let out = dir.path().join("aa.h5");
    ok(&agglo(&["sweep", s(&cfg), "-o", s(&out)]));
    let d = sweep_data(&out);
    assert_eq!(d.layout.solved, "spatial");
    let n = d.layout.record[0].1;
    assert_eq!(n, 30);
    let totals: Vec<f64> = d.results.iter().map(|r| r.values[..n].iter().sum()).collect();
    for r in &d.results {
        assert!(
            r.converged && r.values.iter().all(|v| v.is_finite() && *v > 0.0),
            "{r:?}"
        );
    }
    assert!(
        (totals[0] - totals[1]).abs() < 1e-9 * totals[0],
        "the same total population at every point: {totals:?}"
    );

    let cfg = config(
        dir.path(),
        "short.toml",
        &format!("{TWO_REGION}\n[solve]\nhorizon = \"short-run\"\n").replace(
            "record = [\"share\", \"n-equilibria\", \"n-stable\", \"herfindahl\", \"real-wage\"]",
            "record = [\"wage\", \"real-wage\", \"price-index\"]",
        ),
    );
    let out = dir.path().join("short.h5");
    ok(&agglo(&["sweep", s(&cfg), "-q", "-o", s(&out)]));
    let d = sweep_data(&out);
    assert_eq!(d.layout.solved, "short-run");
    // At the symmetric shares both regions pay the same wage.
    assert!(d
        .results
        .iter()
        .all(|r| r.converged && (r.values[0] - r.values[1]).abs() < 1e-9));
    // Quantities a short run does not have are refused, naming the entry.
    let o = agglo(&["sweep", s(&cfg), "-o", s(&out), "--set", "sweep.record=[\"n-stable\"]"]);
    assert!(
        text(&o.stderr).contains("sweep.record[1] = \"n-stable\""),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn bad_sweep_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "two.toml", TWO_REGION);
    let out = dir.path().join("x.h5");
    let o = agglo(&["sweep", s(&cfg), "-o", s(&out), "--shard", "3", "--nshards", "3"]);
    assert!(
        text(&o.stderr).contains("--shard = 3 is invalid"),
        "{}",
        text(&o.stderr)
    );
    let o = agglo(&["sweep", s(&cfg), "-o", s(&out), "--shard", "1"]);
    assert!(
        !o.status.success() && text(&o.stderr).contains("--nshards"),
        "{}",
        text(&o.stderr)
    );
    let o = agglo(&["sweep", "-o", s(&out)]);
    assert!(text(&o.stderr).contains("[sweep] has no axis"), "{}", text(&o.stderr));
    let o = agglo(&["sweep", s(&cfg), "-o", s(&out), "--nshards", "100", "--shard", "99"]);
    assert!(
        text(&o.stderr).contains("more than the 60 points"),
        "{}",
        text(&o.stderr)
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1, "nothing written");
}

/// h5py reads a sweep file and `scripts/check_h5.py` accepts it (and refuses a partial one).
#[test]
fn h5py_reads_a_sweep_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "two.toml", TWO_REGION);
    let out = dir.path().join("two.h5");
    ok(&agglo(&["sweep", s(&cfg), "-q", "-o", s(&out)]));
    let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check_h5.py");
    let o = Command::new("python3")
        .arg(&check)
        .args(["--agglo", env!("CARGO_BIN_EXE_agglo")])
        .arg(&out)
        .output()
        .expect("python3 (scripts/setup.sh installs h5py)");
    let stdout = ok(&o);
    assert!(
        stdout.contains("sweep       grid, 60 of 60 points, 60/60 converged"),
        "{stdout}"
    );
}

/// The sweep layer names its recorded quantities itself (it sits below output); each name
/// must be the schema's dataset name.
#[test]
fn recorded_quantities_carry_the_schema_names() {
    use agglo::model::arsw::CityStatistic as C;
    use agglo::model::mrrh::CommutingStatistic as M;
    use agglo::output::schema as s;
    use agglo::sweep::Quantity as Q;
    let expected = [
        (Q::Share, s::SHARE),
        (Q::Wage, s::WAGE),
        (Q::RealWage, s::REAL_WAGE),
        (Q::PriceIndex, s::PRICE_INDEX),
        (Q::Income, s::INCOME),
        (Q::Population, s::POPULATION),
        (Q::Welfare, s::WELFARE),
        (Q::Herfindahl, s::HERFINDAHL),
        (Q::NEquilibria, s::N_EQUILIBRIA),
        (Q::NStable, s::N_STABLE),
        (Q::Residents, s::RESIDENTS),
        (Q::Workers, s::WORKERS),
        (Q::FloorPrice, s::FLOOR_PRICE),
        (Q::CommercialShare, s::COMMERCIAL_SHARE),
        (Q::City(C::Utility), s::UTILITY),
        (Q::City(C::TotalPopulation), s::TOTAL_POPULATION),
        (Q::City(C::MeanFloorPrice), s::MEAN_FLOOR_PRICE),
        (Q::City(C::Gdp), s::GDP),
        (Q::City(C::LandRent), s::LAND_RENT),
        (Q::City(C::CommutingTime), s::MEAN_COMMUTING_TIME),
        (Q::LandPrice, s::LAND_PRICE),
        (Q::Commuting(M::Utility), s::UTILITY),
        (Q::Commuting(M::CommuterShare), s::COMMUTER_SHARE),
        (Q::Commuting(M::WelfareChange), s::WELFARE_CHANGE),
    ];
    assert_eq!(expected.len(), Q::ALL.len());
    // Every recorded quantity has a row under /sweep in the schema table.
    for q in Q::ALL {
        assert!(
            s::find(s::Kind::Dataset, "/sweep", q.name()).is_some(),
            "no /sweep/{} in the schema table",
            q.name()
        );
    }
    for (q, name) in expected {
        assert_eq!(q.name(), name, "{q:?}");
    }
}
