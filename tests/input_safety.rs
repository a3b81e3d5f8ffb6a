//! End to end (the `agglo` binary): bad or unusual input files are handled or refused with
//! the path, line and column; relative paths resolve against the config's folder; output
//! faults (permission, disk full, incomplete file) are reported with the path.

use std::path::Path;
use std::process::{Command, Output};

const AGGLO: &str = env!("CARGO_BIN_EXE_agglo");

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(AGGLO).args(args).current_dir(cwd).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A points config (in `dir/config/`) whose CSV `data/p.csv` sits in a sibling folder, named
/// relative to the config; farmers and shares come from the same file.
fn points_case(dir: &Path, csv: &str) {
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(
        dir.join("config/c.toml"),
        "[model]\nkind = \"core-periphery\"\nfarmers = \"farmers\"\nshares = \"lambda\"\n\
         [geography]\nkind = \"points\"\nfile = \"../data/p.csv\"\ncost = \"exp\"\nrate = 0.5\n",
    )
    .unwrap();
    std::fs::write(dir.join("data/p.csv"), csv).unwrap();
}

/// `agglo check` run from an unrelated folder (so only config-relative resolution finds the CSV).
fn check(dir: &Path) -> Output {
    let elsewhere = tempfile::tempdir().unwrap();
    run(
        &["check", dir.join("config/c.toml").to_str().unwrap()],
        elsewhere.path(),
    )
}

fn accepted(csv: &str) {
    let dir = tempfile::tempdir().unwrap();
    points_case(dir.path(), csv);
    let o = check(dir.path());
    assert!(o.status.success(), "{csv:?}: {}", stderr(&o));
}

fn refused(csv: &str, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    points_case(dir.path(), csv);
    let o = check(dir.path());
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{csv:?} was accepted");
    assert!(e.contains("p.csv"), "no path in: {e}");
    for n in needles {
        assert!(e.contains(n), "{csv:?}: expected {n:?} in: {e}");
    }
}

#[test]
fn bom_and_crlf_are_accepted() {
    accepted("\u{feff}id,x,y,farmers,lambda\r\na,0,0,0.5,0.5\r\nb,1,0,0.5,0.5\r\n");
}

#[test]
fn quoted_fields_are_accepted() {
    accepted("\"id\",x,y,farmers,lambda\n\"a\",0,0,\"0.5\",0.5\n\"b, the second\",1,0,0.5,0.5\n");
}

#[test]
fn extra_columns_are_ignored() {
    accepted("id,x,y,farmers,lambda,note\na,0,0,0.5,0.5,x\nb,1,0,0.5,0.5,y\n");
}

#[test]
fn duplicate_ids_are_refused() {
    refused(
        "id,x,y,farmers,lambda\na,0,0,0.5,0.5\na,1,0,0.5,0.5\n",
        &["duplicate id \"a\""],
    );
}

/// A data file (model.data, not the points file) with a duplicate id used to be read
/// silently (the last row won); it is refused with both lines.
#[test]
fn duplicate_ids_in_a_data_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("c.toml"),
        "[model]\nkind = \"core-periphery\"\nfarmers = \"farmers\"\ndata = \"d.csv\"\n\
         [geography]\nkind = \"racetrack\"\nregions = 2\n",
    )
    .unwrap();
    std::fs::write(d.join("d.csv"), "id,farmers\n1,0.5\n2,0.2\n2,0.5\n").unwrap();
    let o = run(&["check", "c.toml"], d);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(
        e.contains("d.csv") && e.contains("line 4: duplicate id \"2\" (also on line 3)"),
        "{e}"
    );
}

#[test]
fn missing_values_are_refused_with_line_and_column() {
    refused(
        "id,x,y,farmers,lambda\na,0,,0.5,0.5\nb,1,0,0.5,0.5\n",
        &["line 2", "column \"y\""],
    );
}

#[test]
fn short_rows_are_refused_with_the_line() {
    refused(
        "id,x,y,farmers,lambda\na,0,0,0.5,0.5\nb,1,0,0.5\n",
        &["line 3", "4 fields"],
    );
}

#[test]
fn non_numeric_values_are_refused_with_line_and_column() {
    refused(
        "id,x,y,farmers,lambda\na,0,0,0.5,0.5\nb,1,zero,0.5,0.5\n",
        &["line 3", "column \"y\"", "\"zero\""],
    );
    refused(
        "id,x,y,farmers,lambda\na,0,0,0.5,0.5\nb,1,NaN,0.5,0.5\n",
        &["line 3", "not a finite number"],
    );
}

#[test]
fn missing_columns_are_refused_naming_them() {
    refused("id,x,y,farmers\na,0,0,0.5\nb,1,0,0.5\n", &["lambda"]);
}

#[test]
fn binary_garbage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    points_case(dir.path(), "");
    std::fs::write(dir.path().join("data/p.csv"), b"\xff\xfe\x00garbage\"\n\x00,\x01").unwrap();
    let o = check(dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("p.csv"), "{}", stderr(&o));
}

/// Files above csv_table::MAX_CSV_BYTES (1 GiB) are refused before reading (a sparse file:
/// no disk used).
#[test]
fn huge_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    points_case(dir.path(), "");
    let f = std::fs::File::create(dir.path().join("data/p.csv")).unwrap();
    f.set_len((1 << 30) + 1).unwrap();
    let o = check(dir.path());
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains("p.csv") && e.contains("1 GiB"), "{e}");
}

#[test]
fn missing_files_are_refused_with_the_resolved_path() {
    let dir = tempfile::tempdir().unwrap();
    points_case(dir.path(), "");
    std::fs::remove_file(dir.path().join("data/p.csv")).unwrap();
    let o = check(dir.path());
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(e.contains("config/../data/p.csv") && e.contains("no such file"), "{e}");
}

/// Every key that names a file (geography.file for points and matrix, model.data, the
/// productivity file of the Helpman model, invert data) resolves against the config's
/// folder, whatever the working directory.
#[test]
fn every_path_key_resolves_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("cfg")).unwrap();
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::write(d.join("in/m.csv"), "id,a,b\na,1,1.5\nb,1.5,1\n").unwrap();
    std::fs::write(
        d.join("in/p.csv"),
        "id,x,y,farmers,lambda,population,income\na,0,0,0.5,0.5,10,100\nb,1,0,0.5,0.5,20,210\n",
    )
    .unwrap();
    std::fs::write(d.join("in/lp.csv"), "0.1\n-0.1\n").unwrap();
    let configs = [
        "[geography]\nkind = \"matrix\"\nfile = \"../in/m.csv\"\n",
        "[geography]\nkind = \"points\"\nfile = \"../in/p.csv\"\ncost = \"exp\"\nrate = 0.5\n",
        "[model]\nkind = \"core-periphery\"\nfarmers = \"farmers\"\ndata = \"../in/p.csv\"\n\
         [geography]\nkind = \"matrix\"\nfile = \"../in/m.csv\"\n",
        "[model]\nkind = \"allen-arkolakis\"\ndata = \"../in/p.csv\"\nproductivity = \"population\"\n\
         [geography]\nkind = \"matrix\"\nfile = \"../in/m.csv\"\n\
         [invert]\npopulation = \"population\"\nincome = \"income\"\n",
        "[model]\nkind = \"helpman\"\nproductivity = { file = \"../in/lp.csv\", log = true }\n\
         [geography]\nkind = \"matrix\"\nfile = \"../in/m.csv\"\n",
    ];
    let elsewhere = tempfile::tempdir().unwrap();
    for (k, c) in configs.iter().enumerate() {
        let path = d.join(format!("cfg/c{k}.toml"));
        std::fs::write(&path, c).unwrap();
        let o = run(&["check", path.to_str().unwrap()], elsewhere.path());
        assert!(o.status.success(), "config {k}:\n{c}\n{}", stderr(&o));
    }
}

// ------------------------------------------------------------------------------------------
// Output faults
// ------------------------------------------------------------------------------------------

fn solve_to(out: &Path) -> Output {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cp2.toml");
    run(
        &["-q", "solve", config.to_str().unwrap(), "-o", out.to_str().unwrap()],
        Path::new("."),
    )
}

/// A folder agglo may not write to: chmod 555 for ordinary users; root ignores modes, so as
/// root a read-only tmpfs is mounted instead (skipped, with a note, when mounting fails).
#[test]
fn unwritable_folders_are_reported_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let root = unsafe { libc::geteuid() } == 0;
    let mounted = root
        && Command::new("mount")
            .args(["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs"])
            .arg(&ro)
            .status()
            .is_ok_and(|s| s.success());
    if root && !mounted {
        println!("skipped: root without mount (modes do not stop root)");
        return;
    }
    if !root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let out = ro.join("r.h5");
    let o = solve_to(&out);
    let e = stderr(&o);
    if mounted {
        let _ = Command::new("umount").arg(&ro).status();
    }
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains(out.to_str().unwrap()), "no path in: {e}");
    assert!(e.contains("permission") || e.contains("Read-only"), "{e}");
}

/// Disk full (a 64 KiB tmpfs, root only; skipped otherwise): the error names the target, and
/// neither the target nor a temporary file is left.
#[test]
fn a_full_disk_is_reported_with_the_path_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = unsafe { libc::geteuid() } == 0
        && Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
            .arg(&small)
            .status()
            .is_ok_and(|s| s.success());
    if !mounted {
        println!("skipped: needs root and mount for a small tmpfs");
        return;
    }
    let out = small.join("big.h5");
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/racetrack12.toml");
    let o = run(
        &[
            "-q",
            "bifurcate",
            config.to_str().unwrap(),
            "--set",
            "geography.regions=6",
            "-o",
            out.to_str().unwrap(),
        ],
        Path::new("."),
    );
    let left: Vec<_> = std::fs::read_dir(&small).unwrap().map(|e| e.unwrap().path()).collect();
    let _ = Command::new("umount").arg(&small).status();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains(out.to_str().unwrap()), "no path in: {e}");
    assert!(left.is_empty(), "left {left:?}");
}

/// `inspect` and `plot` refuse a file without the completeness mark.
#[test]
fn inspect_and_plot_refuse_incomplete_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.h5");
    assert!(solve_to(&out).status.success());
    {
        let f = hdf5::File::open_rw(&out).unwrap();
        f.delete_attr("complete").unwrap();
    }
    let o = run(&["inspect", out.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("incomplete file"), "{}", stderr(&o));
    let png = dir.path().join("r.png");
    let o = run(
        &["plot", out.to_str().unwrap(), "-o", png.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("incomplete file"), "{}", stderr(&o));
    assert!(!png.exists());
}
