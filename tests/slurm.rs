//! The SLURM scripts of scripts/slurm/ on a throwaway single-node cluster
//! (scripts/slurm/local-cluster.sh: Debian's slurm-wlm and munge, daemons started by hand
//! with their state in a temporary folder, stopped by PID): a 4-task job array of
//! `agglo sweep` shards plus the merge job give the same /sweep, bit for bit, as one
//! process. The packages are installed with apt-get when missing (as root); the test is
//! skipped, saying why, only where they cannot be installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use agglo::output::sweep::read_sweep;

const CONFIG: &str = r#"
[model]
kind = "core-periphery"
[geography]
kind = "two-region"
[sweep]
record = ["share", "n-equilibria", "n-stable", "herfindahl"]
[[sweep.axis]]
key = "geography.trade-cost"
from = 1.3
to = 2.1
steps = 25
[[sweep.axis]]
key = "model.mu"
values = [0.3, 0.4]
"#;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn script(name: &str) -> PathBuf {
    repo().join("scripts/slurm").join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn show(o: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    )
}

/// Stops the cluster's daemons (by PID) however the test ends.
struct Cluster {
    dir: PathBuf,
    conf: PathBuf,
}

impl Cluster {
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("SLURM_CONF", &self.conf);
        for var in [
            "SLURM_ARRAY_TASK_ID",
            "SLURM_ARRAY_TASK_COUNT",
            "SLURM_ARRAY_TASK_MIN",
            "SLURM_JOB_ID",
        ] {
            c.env_remove(var);
        }
        c
    }

    fn logs(&self) -> String {
        let mut out = String::new();
        for sub in ["log", "work"] {
            if let Ok(entries) = std::fs::read_dir(self.dir.join(sub)) {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.extension().is_some_and(|x| x == "log" || x == "txt") {
                        out.push_str(&format!(
                            "---- {}\n{}\n",
                            p.display(),
                            std::fs::read_to_string(&p).unwrap_or_default()
                        ));
                    }
                }
            }
        }
        out
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script("local-cluster.sh"))
            .arg("down")
            .arg(&self.dir)
            .output();
    }
}

fn tools_present() -> bool {
    ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"]
        .iter()
        .all(|t| ["/usr/sbin", "/usr/bin"].iter().any(|d| Path::new(d).join(t).is_file()))
}

#[test]
fn a_four_task_job_array_and_merge_match_one_process() {
    let clock = Instant::now();
    if !tools_present() {
        let o = Command::new("bash")
            .arg(script("local-cluster.sh"))
            .arg("install")
            .output()
            .expect("run bash");
        if !o.status.success() {
            // Exit status 3: no apt-get, not root, or apt-get could not install the packages.
            assert_eq!(
                o.status.code(),
                Some(3),
                "local-cluster.sh install failed:\n{}",
                show(&o)
            );
            eprintln!(
                "skipped: SLURM (slurm-wlm, munge) is not installed and cannot be installed here:\n{}",
                text(&o.stderr).trim()
            );
            return;
        }
        eprintln!(
            "installed slurm-wlm and munge in {:.1} s",
            clock.elapsed().as_secs_f64()
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cluster");
    let up = Command::new("bash")
        .arg(script("local-cluster.sh"))
        .arg("up")
        .arg(&dir)
        .output()
        .unwrap();
    let cluster = Cluster {
        conf: dir.join("slurm.conf"),
        dir: dir.clone(),
    };
    assert!(
        up.status.success(),
        "local-cluster.sh up failed:\n{}\n{}",
        show(&up),
        cluster.logs()
    );

    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    let config = work.join("sweep.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let agglo = env!("CARGO_BIN_EXE_agglo");
    let sbatch = |args: &[&str], file: &Path| {
        let o = cluster
            .command("sbatch")
            .args(["--parsable", "--export=ALL"])
            .arg(format!("--chdir={}", work.display()))
            .args(args)
            .arg(file)
            .env("AGGLO", agglo)
            .env("CONFIG", &config)
            .env("OUT_DIR", work.join("parts"))
            .env("RESULT", work.join("merged.h5"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "sbatch {args:?} failed:\n{}\n{}",
            show(&o),
            cluster.logs()
        );
        text(&o.stdout).trim().split(';').next().unwrap().to_string()
    };
    let array = sbatch(&["--array=0-3", "--output=array-%a.txt"], &script("sweep-array.sbatch"));
    let merge = sbatch(
        &[
            &format!("--dependency=afterok:{array}"),
            "--kill-on-invalid-dep=yes",
            "--output=merge.txt",
        ],
        &script("merge.sbatch"),
    );

    // Meanwhile, the same sweep in one process.
    let single = work.join("single.h5");
    let o = Command::new(agglo)
        .args(["sweep", config.to_str().unwrap(), "-q", "-o", single.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", show(&o));

    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let q = cluster
            .command("squeue")
            .args(["-h", "-o", "%i %T", "-j", &format!("{array},{merge}")])
            .output()
            .unwrap();
        let pending = text(&q.stdout);
        if q.status.success() && pending.trim().is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "jobs still queued after 90 s:\n{pending}\n{}",
            cluster.logs()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    let merged = work.join("merged.h5");
    assert!(
        merged.is_file(),
        "the merge job wrote no {}:\n{}",
        merged.display(),
        cluster.logs()
    );
    for i in 0..4 {
        let part = read_sweep(&work.join(format!("parts/part-{i}.h5"))).unwrap();
        assert_eq!(
            (part.layout.shard.index, part.layout.shard.count),
            (i, 4),
            "part-{i}.h5 is shard {i} of 4"
        );
    }
    let (a, b) = (read_sweep(&single).unwrap(), read_sweep(&merged).unwrap());
    assert_eq!(a.layout, b.layout);
    assert_eq!(a.index, b.index);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.parameters), bits(&b.parameters));
    for (k, (x, y)) in a.results.iter().zip(&b.results).enumerate() {
        assert_eq!(bits(&x.values), bits(&y.values), "point {k}");
        assert_eq!(
            (x.converged, x.residual.to_bits(), x.iterations),
            (y.converged, y.residual.to_bits(), y.iterations),
            "point {k}"
        );
    }
    eprintln!(
        "SLURM array of 4 + merge matched the single process ({:.1} s in all)",
        clock.elapsed().as_secs_f64()
    );
}
