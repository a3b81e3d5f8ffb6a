//! Crash safety of the output: runs of the `agglo` binary killed at random moments (SIGKILL,
//! which cannot be caught) leave either no target file or a complete one that `agglo inspect`
//! accepts, and `inspect` refuses whatever temporary file they leave behind; runs interrupted
//! by SIGINT (Ctrl-C) or SIGTERM remove their temporary file and exit with status 130.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const AGGLO: &str = env!("CARGO_BIN_EXE_agglo");

fn config(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs").join(name)
}

/// The two workloads: `solve` creates its output at the start and writes it as it goes
/// (100 long-run starts on a 12-region racetrack); `bifurcate` computes first and writes at the
/// end (a 10-region racetrack's diagram). Each takes ~0.5–1 s in the test profile.
fn workload(k: usize, out: &Path) -> Command {
    let mut c = Command::new(AGGLO);
    c.arg("-q");
    if k % 2 == 0 {
        c.args(["solve", config("racetrack12.toml").to_str().unwrap()])
            .args(["--set", "solve.starts=100"]);
    } else {
        c.args(["bifurcate", config("racetrack12.toml").to_str().unwrap()])
            .args(["--set", "geography.regions=10"]);
    }
    c.arg("-o").arg(out).stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

fn inspect(path: &Path) -> (bool, String) {
    let out = Command::new(AGGLO).arg("inspect").arg(path).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Files in `dir` other than the target: the temporary files a run left.
fn leftovers(dir: &Path, target: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != target)
        .collect()
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

fn duration_of(k: usize, dir: &Path) -> Duration {
    let out = dir.join(format!("timing-{k}.h5"));
    let clock = Instant::now();
    let status = workload(k, &out).status().unwrap();
    assert!(status.success());
    let d = clock.elapsed();
    let (ok, err) = inspect(&out);
    assert!(ok, "{err}");
    std::fs::remove_file(&out).unwrap();
    d
}

#[test]
fn runs_killed_at_random_moments_leave_no_corrupt_file() {
    let dir = tempfile::tempdir().unwrap();
    let durations = [duration_of(0, dir.path()), duration_of(1, dir.path())];
    println!("uninterrupted: solve {:?}, bifurcate {:?}", durations[0], durations[1]);
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    let (mut absent, mut complete, mut temp_left) = (0, 0, 0);
    for k in 0..50 {
        let out = dir.path().join("result.h5");
        // Kill anywhere from the start to a little past the uninterrupted run's end.
        let at = durations[k % 2].mul_f64(rng.random_range(0.0..1.1));
        let mut child = workload(k, &out).spawn().unwrap();
        std::thread::sleep(at);
        signal(&child, libc::SIGKILL);
        child.wait().unwrap();
        if out.exists() {
            let (ok, err) = inspect(&out);
            assert!(
                ok,
                "run {k} killed at {at:?}: the target exists but inspect refuses it: {err}"
            );
            complete += 1;
            std::fs::remove_file(&out).unwrap();
        } else {
            absent += 1;
        }
        for left in leftovers(dir.path(), &out) {
            let name = left.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.starts_with(".result.h5.tmp-"), "run {k}: unexpected file {name}");
            let (ok, err) = inspect(&left);
            assert!(
                !ok,
                "run {k} killed at {at:?}: inspect accepted the temporary file {name}"
            );
            assert!(err.contains(&name) || err.contains("incomplete"), "{err}");
            temp_left += 1;
            std::fs::remove_file(&left).unwrap();
        }
    }
    println!("50 kills: {absent} left no target, {complete} a complete target, {temp_left} a refused temporary file");
    assert_eq!(absent + complete, 50);
    // The seeded kill points reach both ends: before the output exists and after it is done.
    assert!(absent > 0 && complete > 0 && temp_left > 0);
}

/// SIGINT and SIGTERM while the output is being written: the temporary file is removed,
/// nothing is left, and the exit status is 130.
#[test]
fn interrupted_runs_remove_their_temporary_file() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("result.h5");
        let mut c = Command::new(AGGLO);
        c.args(["-q", "solve", config("racetrack12.toml").to_str().unwrap()])
            .args(["--set", "solve.starts=200"])
            .arg("-o")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let clock = Instant::now();
        while leftovers(dir.path(), &out).is_empty() {
            assert!(clock.elapsed() < Duration::from_secs(20), "no temporary file appeared");
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(50));
        signal(&child, sig);
        let status = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert_eq!(status.code(), Some(130), "signal {sig}: {err}");
        assert!(err.contains("interrupted"), "{err}");
        assert!(!out.exists(), "signal {sig}: the target exists");
        let left = leftovers(dir.path(), &out);
        assert!(left.is_empty(), "signal {sig}: left {left:?}");
    }
}
