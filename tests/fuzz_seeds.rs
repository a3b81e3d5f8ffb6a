//! Replays every committed fuzz seed (tests/fuzz/corpus/<target>/seed-*) through the same
//! entry functions that `cargo fuzz` drives (tests/fuzz/src/harness.rs, included here): each
//! must end in a typed error or a valid result, never a panic. The seeds hold valid configs,
//! CSVs and overrides, the nasty cases written by hand and every crash the fuzzer found.

#[path = "fuzz/src/harness.rs"]
mod harness;

use std::path::PathBuf;

fn seeds(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("seed-"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{}: only {} seeds", dir.display(), files.len());
    files
}

/// Runs every seed of `target`; seeds whose name starts with `seed-valid` (and the example
/// configs) must give `valid` valid loads, so that fuzzing starts from valid inputs.
fn replay(target: &str, run: fn(&[u8]) -> usize, valid: &[(&str, usize)]) {
    for path in seeds(target) {
        let data = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match std::panic::catch_unwind(|| run(&data)) {
            Err(_) => panic!("{target}: seed {} panicked", path.display()),
            Ok(count) => {
                if let Some((_, want)) = valid.iter().find(|(prefix, _)| name.starts_with(prefix)) {
                    assert_eq!(count, *want, "{target}: seed {name} gave {count} valid loads");
                }
            }
        }
    }
}

#[test]
fn config_seeds_give_an_error_or_a_valid_run() {
    replay(
        "config",
        harness::config,
        &[
            ("seed-default", 1),
            ("seed-cp2", 1),
            ("seed-footloose", 1),
            ("seed-racetrack12", 1),
            ("seed-sweep", 1),
            ("seed-points", 1),
            ("seed-matrix", 1),
            ("seed-aa", 1),
            ("seed-helpman", 1),
            ("seed-extreme", 1),
            ("seed-bad", 0),
            ("seed-huge", 0),
        ],
    );
}

#[test]
fn points_csv_seeds_give_an_error_or_a_valid_run() {
    replay(
        "points_csv",
        harness::points_csv,
        &[
            ("seed-valid", 3),
            ("seed-bom-crlf", 3),
            ("seed-quoted", 1),
            ("seed-extra-column", 3),
        ],
    );
}

#[test]
fn matrix_csv_seeds_give_an_error_or_a_valid_run() {
    replay(
        "matrix_csv",
        harness::matrix_csv,
        &[
            ("seed-labelled", 1),
            ("seed-plain", 1),
            ("seed-header-row", 1),
            ("seed-id-column", 1),
            ("seed-numeric-ids", 1),
            ("seed-one-region", 1),
            ("seed-infinite", 0),
            ("seed-below-one", 0),
            ("seed-duplicate-id", 0),
        ],
    );
}

#[test]
fn override_seeds_give_an_error_or_a_valid_run() {
    replay(
        "overrides",
        harness::overrides,
        &[
            ("seed-valid", 2),
            ("seed-kind", 1),
            ("seed-racetrack", 1),
            ("seed-out-of-range", 0),
        ],
    );
}
