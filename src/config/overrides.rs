//! `--set key=value` overrides applied to the parsed TOML tree, and key normalisation
//! (snake_case keys become kebab-case so both spellings are accepted).

use crate::error::{Error, Result};

/// Rewrites every key of the tree from snake_case to kebab-case.
pub fn normalise_keys(table: toml::Table) -> toml::Table {
    table
        .into_iter()
        .map(|(k, v)| (k.replace('_', "-"), normalise_value(v)))
        .collect()
}

fn normalise_value(v: toml::Value) -> toml::Value {
    match v {
        toml::Value::Table(t) => toml::Value::Table(normalise_keys(t)),
        toml::Value::Array(a) => toml::Value::Array(a.into_iter().map(normalise_value).collect()),
        other => other,
    }
}

/// Applies one `dotted.key=value` override. The value is read as a TOML value (number,
/// boolean, string in quotes, array) and otherwise taken as a bare string.
pub fn apply(table: &mut toml::Table, assignment: &str) -> Result<()> {
    let (key, value) = assignment.split_once('=').ok_or_else(|| {
        Error::Config(format!(
            "--set {assignment}: expected key=value, e.g. --set model.sigma=4"
        ))
    })?;
    let key = key.trim().replace('_', "-");
    let value = parse_value(value.trim());
    let parts: Vec<&str> = key.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(Error::Config(format!(
            "--set {assignment}: \"{key}\" is not a dotted key path"
        )));
    }
    let mut node = table;
    for (i, part) in parts[..parts.len() - 1].iter().enumerate() {
        let entry = node
            .entry(part.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        node = match entry {
            toml::Value::Table(t) => t,
            _ => {
                return Err(Error::Config(format!(
                    "--set {assignment}: \"{}\" is a value, not a table",
                    parts[..=i].join(".")
                )))
            }
        };
    }
    node.insert(parts[parts.len() - 1].to_string(), value);
    Ok(())
}

fn parse_value(text: &str) -> toml::Value {
    match format!("v = {text}").parse::<toml::Table>() {
        Ok(mut t) => t.remove("v").unwrap_or_else(|| toml::Value::String(text.into())),
        Err(_) => toml::Value::String(text.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_numbers_strings_and_new_tables() {
        let mut t = toml::Table::new();
        apply(&mut t, "model.sigma=4").unwrap();
        apply(&mut t, "solver.method=newton").unwrap();
        apply(&mut t, "solver.max_iterations=20").unwrap();
        assert_eq!(t["model"]["sigma"].as_integer(), Some(4));
        assert_eq!(t["solver"]["method"].as_str(), Some("newton"));
        assert_eq!(t["solver"]["max-iterations"].as_integer(), Some(20));
        assert!(apply(&mut t, "model.sigma.x=1").is_err());
        assert!(apply(&mut t, "nonsense").is_err());
    }
}
