//! The schema table as JSON (`agglo schema --json`, read by `scripts/check_h5.py`) and as
//! the Markdown of the README's "Output: the HDF5 layout" section.

use std::fmt::Write as _;

use super::names::{ALL_NAMES, DESCRIPTION, UNITS};
use super::table::{entries, Entry, Kind, SYMBOLS};

/// A JSON string literal of `s`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn entry_json(e: &Entry) -> String {
    format!(
        "{{\"kind\": {}, \"path\": {}, \"parent\": {}, \"name\": {}, \"type\": {}, \"shape\": {}, \"units\": {}, \"description\": {}, \"commands\": {}}}",
        quote(e.kind.name()),
        quote(&e.path()),
        quote(e.parent),
        quote(e.name),
        quote(e.dtype.name()),
        list(e.shape),
        quote(e.units),
        quote(e.description),
        list(e.commands)
    )
}

/// The whole table: `names` (Rust identifier → name), `symbols` (shape symbol → what it
/// counts), `dataset_attributes` (carried by every dataset) and `entries`.
pub fn json() -> String {
    let mut out = String::from("{\n");
    let _ = writeln!(out, "  \"format\": \"agglo HDF5 schema\",");
    let _ = writeln!(out, "  \"agglo_version\": {},", quote(env!("CARGO_PKG_VERSION")));
    let _ = writeln!(out, "  \"dataset_attributes\": {},", list(&[UNITS, DESCRIPTION]));
    let names: Vec<String> = ALL_NAMES
        .iter()
        .map(|(id, v)| format!("    {}: {}", quote(id), quote(v)))
        .collect();
    let _ = writeln!(out, "  \"names\": {{\n{}\n  }},", names.join(",\n"));
    let symbols: Vec<String> = SYMBOLS
        .iter()
        .map(|(s, what)| format!("    {}: {}", quote(s), quote(what)))
        .collect();
    let _ = writeln!(out, "  \"symbols\": {{\n{}\n  }},", symbols.join(",\n"));
    let rows: Vec<String> = entries().map(|e| format!("    {}", entry_json(e))).collect();
    let _ = writeln!(out, "  \"entries\": [\n{}\n  ]", rows.join(",\n"));
    out.push_str("}\n");
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The README's layout tables, one row per entry, and the list of shape symbols.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("| path | kind | type | shape | units | description | written by |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for e in entries() {
        let shape = if e.kind == Kind::Group {
            String::new()
        } else if e.shape.is_empty() {
            "scalar".to_string()
        } else {
            format!("`[{}]`", e.shape.join(", "))
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            e.path(),
            e.kind.name(),
            e.dtype.name(),
            shape,
            cell(e.units),
            cell(e.description),
            e.commands.join(", ")
        );
    }
    out.push_str("\nShape symbols: ");
    let symbols: Vec<String> = SYMBOLS.iter().map(|(s, what)| format!("{s} = {what}")).collect();
    out.push_str(&symbols.join("; "));
    out.push_str(".\n");
    out
}
