//! `agglo sweep` across MPI ranks (cargo feature `mpi`, off by default):
//!
//!     cargo test --features mpi --test mpi
//!
//! runs the same sweep under `mpirun -np 2` and in one process and compares the /sweep
//! datasets bit for bit; a shard solved under MPI merges with one solved without, and
//! `--resume` of a finished sweep exits cleanly on every rank. Needs Open MPI's `mpirun` (Debian: openmpi-bin, libopenmpi-dev); as root,
//! Open MPI's OMPI_ALLOW_RUN_AS_ROOT variables are set.
#![cfg(feature = "mpi")]

use std::path::Path;
use std::process::{Command, Output};

use agglo::output::sweep::read_sweep;

const CONFIG: &str = r#"
[geography]
kind = "two-region"
[sweep]
record = ["share", "n-equilibria", "n-stable", "herfindahl"]
[[sweep.axis]]
key = "geography.trade-cost"
from = 1.3
to = 2.1
steps = 30
[[sweep.axis]]
key = "model.mu"
values = [0.3, 0.4]
"#;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed ({}):\n{}{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

fn mpirun(ranks: usize, args: &[&str]) -> Output {
    Command::new("mpirun")
        .args(["-np", &ranks.to_string(), "--oversubscribe"])
        .arg(env!("CARGO_BIN_EXE_agglo"))
        .args(args)
        .env("OMPI_ALLOW_RUN_AS_ROOT", "1")
        .env("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        .output()
        .expect("mpirun (Open MPI: apt-get install openmpi-bin libopenmpi-dev)")
}

fn assert_same(a: &Path, b: &Path) {
    let (a, b) = (read_sweep(a).unwrap(), read_sweep(b).unwrap());
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(a.layout, b.layout);
    assert_eq!(a.index, b.index);
    assert_eq!(bits(&a.parameters), bits(&b.parameters));
    for (k, (x, y)) in a.results.iter().zip(&b.results).enumerate() {
        assert_eq!(bits(&x.values), bits(&y.values), "point {k}");
        assert_eq!(
            (x.converged, x.residual.to_bits(), x.iterations),
            (y.converged, y.residual.to_bits(), y.iterations),
            "point {k}"
        );
    }
}

#[test]
fn two_mpi_ranks_write_the_single_process_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("sweep.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let c = cfg.to_str().unwrap();
    let single = dir.path().join("single.h5");
    // Without mpirun the MPI build runs as one process.
    let stdout = ok(&Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(["sweep", c, "-q", "-o", single.to_str().unwrap()])
        .output()
        .unwrap());
    assert!(!stdout.contains("MPI"), "{stdout}");

    let out = dir.path().join("mpi.h5");
    let stdout = ok(&mpirun(
        2,
        &[
            "--threads",
            "1",
            "sweep",
            c,
            "-q",
            "--chunk",
            "4",
            "-o",
            out.to_str().unwrap(),
        ],
    ));
    assert!(
        stdout.contains("2 MPI ranks share the chunks") && stdout.contains("(2 MPI ranks × 1 thread)"),
        "{stdout}"
    );
    assert_same(&single, &out);

    // A shard under MPI, merged with the other shard solved without MPI.
    let p0 = dir.path().join("p0.h5");
    let p1 = dir.path().join("p1.h5");
    ok(&mpirun(
        2,
        &[
            "--threads",
            "1",
            "sweep",
            c,
            "-q",
            "--shard",
            "0",
            "--nshards",
            "2",
            "-o",
            p0.to_str().unwrap(),
        ],
    ));
    ok(&Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args([
            "sweep",
            c,
            "-q",
            "--shard",
            "1",
            "--nshards",
            "2",
            "-o",
            p1.to_str().unwrap(),
        ])
        .output()
        .unwrap());
    let merged = dir.path().join("merged.h5");
    ok(&Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args([
            "merge",
            p0.to_str().unwrap(),
            p1.to_str().unwrap(),
            "-o",
            merged.to_str().unwrap(),
        ])
        .output()
        .unwrap());
    assert_same(&single, &merged);

    // A finished sweep resumed under MPI: nothing to do, every rank exits cleanly.
    let stdout = ok(&mpirun(2, &["sweep", c, "-q", "--resume", "-o", out.to_str().unwrap()]));
    assert!(stdout.contains("nothing to resume"), "{stdout}");
}
