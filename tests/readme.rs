//! The README cannot go stale: every ```console block is run and its printed output compared.
//!
//! A console block holds commands (`$ agglo ...`, run by `sh` from a scratch folder where
//! `configs/` and `data/` are the repository's and `agglo` is the binary under test), each
//! followed by what it prints: stdout, then stderr. In the expected lines `[..]` matches any
//! text within a line and a line `...` any number of lines (for trimmed listings); a last
//! line `[exit N]` states a non-zero exit status (otherwise 0 is required). The usage block
//! must name every subcommand of `agglo --help`, and the exit statuses documented in the
//! README's table must be those of the program.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

/// One `$ command` with its expected output and exit status.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
    status: i32,
}

/// Fenced blocks of `lang`: (line of the opening fence, lines inside).
fn blocks(text: &str, lang: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<String>)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_start().starts_with("```") && line.trim_start()[3..].trim() == lang => {
                current = Some((i + 1, Vec::new()));
            }
            Some(_) if line.trim_start().starts_with("```") => out.push(current.take().unwrap()),
            Some((_, lines)) => lines.push(line.to_string()),
            None => {}
        }
    }
    out
}

fn examples(text: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    for (start, lines) in blocks(text, "console") {
        for (k, l) in lines.iter().enumerate() {
            if let Some(cmd) = l.strip_prefix("$ ") {
                out.push(Example {
                    line: start + 1 + k,
                    command: cmd.to_string(),
                    expected: Vec::new(),
                    status: 0,
                });
            } else if let Some(ex) = out.last_mut().filter(|e| e.line > start) {
                if let Some(n) = l.strip_prefix("[exit ").and_then(|r| r.strip_suffix(']')) {
                    ex.status = n.parse().expect("[exit N]");
                } else {
                    ex.expected.push(l.clone());
                }
            } else {
                panic!(
                    "README.md:{}: a console block must start with `$ command`",
                    start + 1 + k
                );
            }
        }
    }
    out
}

/// Whether `line` matches `pattern`, where `[..]` matches any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[..]").collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || !line[first.len()..].ends_with(last) || line.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    true
}

/// Whether `actual` matches `expected`, where a line `...` matches any number of lines.
fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "..." => (0..=actual.len()).any(|k| lines_match(rest, &actual[k..])),
        Some((e, rest)) => !actual.is_empty() && line_matches(e, actual[0]) && lines_match(rest, &actual[1..]),
    }
}

/// A scratch folder with `configs` and `data` linked from the repository.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["configs", "data"] {
        std::os::unix::fs::symlink(repo().join(sub), dir.path().join(sub)).unwrap();
    }
    dir
}

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_agglo")).parent().unwrap().to_path_buf()
}

/// Runs `command` with `sh` in `dir`, `agglo` first on the PATH: (stdout + stderr lines, status).
fn run(dir: &Path, command: &str) -> (String, i32) {
    let path = format!("{}:{}", bin_dir().display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (text, out.status.code().unwrap_or(-1))
}

fn failures(examples: &[Example]) -> Vec<String> {
    let dir = scratch();
    let mut failed = Vec::new();
    for ex in examples {
        let (text, status) = run(dir.path(), &ex.command);
        let actual: Vec<&str> = text.lines().collect();
        if status != ex.status || !lines_match(&ex.expected, &actual) {
            failed.push(format!(
                "README.md:{}: $ {}\n--- expected (exit {}):\n{}\n--- printed (exit {status}):\n{text}",
                ex.line,
                ex.command,
                ex.status,
                ex.expected.join("\n")
            ));
        }
    }
    failed
}

#[test]
fn readme_console_blocks_print_what_they_say() {
    let examples = examples(&readme());
    assert!(examples.len() >= 5, "the README's console blocks: {examples:?}");
    let failed = failures(&examples);
    assert!(
        failed.is_empty(),
        "{} stale README examples:\n\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}

#[test]
fn a_stale_listing_fails() {
    // The harness must be able to fail: a wrong number, a missing line, a wrong status.
    let text = "```console\n$ agglo check configs/cp2.toml\nconfigs/cp2.toml: ok ([..]\n```\n";
    assert!(failures(&examples(text)).is_empty(), "{:?}", failures(&examples(text)));
    for bad in [
        "```console\n$ agglo check configs/cp2.toml\nconfigs/cp2.toml: ok (core-periphery (sigma = 6[..]\n```\n",
        "```console\n$ agglo check configs/cp2.toml\n```\n",
        "```console\n$ agglo check configs/cp2.toml\n...\n[exit 1]\n```\n",
    ] {
        assert_eq!(failures(&examples(bad)).len(), 1, "{bad}");
    }
}

#[test]
fn patterns() {
    assert!(line_matches("a [..] c", "a bbb c"));
    assert!(line_matches("in [..] ms", "in 13.2 ms"));
    assert!(!line_matches("in [..] ms", "in 13.2 s"));
    assert!(line_matches("[..]", ""));
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(lines_match(&e(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(lines_match(&e(&["a", "...", "d"]), &["a", "d"]));
    assert!(!lines_match(&e(&["a", "...", "d"]), &["a", "b"]));
    assert!(!lines_match(&e(&["a"]), &["a", "b"]));
}

/// The subcommands of `agglo --help`.
fn subcommands() -> Vec<String> {
    let (help, status) = run(&std::env::temp_dir(), "agglo --help");
    assert_eq!(status, 0);
    let mut names = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line.starts_with("Commands:") {
            inside = true;
        } else if inside {
            if !line.starts_with("  ") {
                break;
            }
            let name = line.split_whitespace().next().unwrap();
            if name != "help" {
                names.push(name.to_string());
            }
        }
    }
    names
}

#[test]
fn the_usage_block_lists_every_command() {
    let text = readme();
    let usage = text.split("## Usage").nth(1).expect("a ## Usage section");
    let block = &blocks(usage, "text")[0].1;
    let names = subcommands();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        assert!(
            block.iter().any(|l| l.starts_with(&format!("agglo {name} "))),
            "README's usage block does not list `agglo {name}`"
        );
    }
}

#[test]
fn documented_exit_statuses_are_the_programs() {
    let text = readme();
    let section = text.split("## Exit status").nth(1).expect("an ## Exit status section");
    let status_of = |what: &str| -> i32 {
        let row = section
            .lines()
            .find(|l| l.starts_with('|') && l.contains(what))
            .unwrap_or_else(|| panic!("no exit-status row for {what}"));
        row.split('|').nth(1).unwrap().trim().trim_matches('`').parse().unwrap()
    };
    let dir = scratch();
    for (what, command) in [
        ("success", "agglo check configs/cp2.toml"),
        ("bad command line", "agglo solve --no-such-option"),
        ("bad command line", "agglo no-such-command"),
        ("bad config", "agglo check --set model.mu=1.2"),
        ("over the memory budget", "agglo --max-memory 1kB check --set geography.kind=racetrack --set geography.regions=100 --set geography.trade-cost=1.1"),
    ] {
        let (out, status) = run(dir.path(), command);
        assert_eq!(status, status_of(what), "{command}: {out}");
    }
    assert_eq!(run(dir.path(), "agglo --help").1, status_of("success"));
}
