//! The repository is self-contained: no tracked text file reads or cites a path that leaves
//! it (a sibling folder of the checkout, or an absolute path of the machine it was
//! written on), so a bare clone passes its own tests. `.ci/run` checks the same thing the
//! expensive way, by running the suite in a fresh clone with nothing beside it.

use std::path::{Path, PathBuf};

/// Folders that are not part of the tracked sources.
const SKIPPED_DIRS: &[&str] = &[".git", "target"];

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if SKIPPED_DIRS.contains(&name.as_str()) {
            continue; // a worktree's .git is a file naming the main repository
        }
        if path.is_dir() {
            text_files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// Paths leaving the repository. Assembled from pieces so that this file does not match.
fn escaping_patterns() -> Vec<String> {
    let up = "..";
    vec![format!("{up}/shared"), format!("/{}/", "work")]
}

/// The offending `path:line: text` of every tracked text file that names a path outside
/// the repository.
fn escaping_paths(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    text_files(root, &mut files);
    let patterns = escaping_patterns();
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue; // binary (fonts, figures)
        };
        for (i, line) in text.lines().enumerate() {
            if patterns.iter().any(|p| line.contains(p.as_str())) {
                let rel = file.strip_prefix(root).unwrap_or(&file);
                found.push(format!("{}:{}: {}", rel.display(), i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn no_tracked_file_reaches_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = escaping_paths(root);
    assert!(
        found.is_empty(),
        "paths leaving the repository (put the file under data/ and say where it comes from in data/README.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_finds_a_path_leaving_the_repository() {
    // The check must be able to fail: a config naming a sibling folder is found.
    let dir = tempfile::tempdir().unwrap();
    let bad = format!("productivity = {{ file = \"{}/shared/data/x.csv\" }}\n", "../..");
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    std::fs::create_dir(dir.path().join("target")).unwrap();
    std::fs::write(
        dir.path().join("target").join("ignored.toml"),
        format!("{}/shared\n", ".."),
    )
    .unwrap();
    let found = escaping_paths(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("bad.toml:1:"), "{found:?}");
}

#[test]
fn every_data_file_is_described_in_data_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("data/README.md")).expect("data/README.md");
    let mut files = Vec::new();
    text_files(&root.join("data"), &mut files);
    text_files(&root.join("configs"), &mut files);
    for f in files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "csv" | "h5") {
            continue;
        }
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            readme.contains(&format!("{name}`")),
            "{}: not described in data/README.md (source, terms)",
            f.display()
        );
    }
}
