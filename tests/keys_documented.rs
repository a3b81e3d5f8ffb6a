//! Every config key is documented (issue 15 item 7): each key of every example config, with
//! every default filled in (the resolved configuration the commands record), appears in the
//! user documentation — README.md, docs/*.md or the commented default config — written as
//! code (inside backticks, or a line of the default config). A key added to a `[model]` type or a table without a word in
//! the docs fails here.

use std::collections::BTreeSet;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The documentation a user reads, in one string (the default config is added line by line
/// in [`code_words`]).
fn documentation() -> String {
    let mut text = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for entry in std::fs::read_dir(repo().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            text.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    text
}

/// (table path, key) of every leaf of `table`; arrays of tables contribute their keys.
fn leaves(prefix: &str, table: &toml::Table, out: &mut BTreeSet<(String, String)>) {
    for (k, v) in table {
        match v {
            toml::Value::Table(t) => leaves(&format!("{prefix}{k}."), t, out),
            toml::Value::Array(a) if a.iter().all(|x| x.is_table()) && !a.is_empty() => {
                for x in a {
                    leaves(&format!("{prefix}{k}."), x.as_table().unwrap(), out);
                }
            }
            _ => {
                out.insert((prefix.trim_end_matches('.').to_string(), k.clone()));
            }
        }
    }
}

/// Words written as code in the docs: the contents of every `...` span (README, docs/) and
/// every line of the commented default config, split at characters that cannot be in a key.
fn code_words(docs: &str) -> BTreeSet<String> {
    let mut spans: Vec<&str> = docs.split('`').skip(1).step_by(2).collect();
    let default = std::fs::read_to_string(repo().join("configs/default.toml")).unwrap();
    spans.extend(default.lines());
    spans
        .iter()
        .flat_map(|s| s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn example_configs() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in ["configs", "configs/gallery"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_key_of_every_example_config_is_documented() {
    let words = code_words(&documentation());
    let mut keys = BTreeSet::new();
    let mut read = 0;
    for config in example_configs() {
        // ARSW cities and every other model: the resolved configuration, defaults filled in.
        let Ok(spec) = agglo::config::load(Some(&config), &[]) else {
            continue;
        };
        let resolved: toml::Table = spec.resolved_toml.parse().unwrap();
        leaves("", &resolved, &mut keys);
        read += 1;
    }
    assert!(read >= 15, "only {read} example configs resolved");
    assert!(keys.len() >= 60, "only {} keys found", keys.len());
    let missing: Vec<String> = keys
        .iter()
        .filter(|(_, key)| !words.contains(key))
        .map(|(table, key)| format!("{table}.{key}"))
        .collect();
    assert!(
        missing.is_empty(),
        "config keys not documented in README.md, docs/ or configs/default.toml: {missing:?}"
    );
}
