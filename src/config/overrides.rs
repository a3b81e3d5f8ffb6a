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

/// [`normalise_keys`], refusing a table that spells one key twice (`trade_cost` and
/// `trade-cost`): which would win is not the user's choice to leave to chance.
pub fn normalise_checked(table: toml::Table, origin: &str) -> Result<toml::Table> {
    check_spellings(&table, origin, "")?;
    Ok(normalise_keys(table))
}

fn check_spellings(table: &toml::Table, origin: &str, path: &str) -> Result<()> {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for (k, v) in table {
        let normal = k.replace('_', "-");
        if let Some(first) = seen.insert(normal.clone(), k) {
            let (a, b) = if first < k.as_str() {
                (first, k.as_str())
            } else {
                (k.as_str(), first)
            };
            let at = if path.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in [{path}]")
            };
            return Err(Error::Config(format!(
                "{origin}: `{a}` and `{b}` {at} are two spellings of the key {}: keep one",
                if path.is_empty() {
                    normal
                } else {
                    format!("{path}.{normal}")
                }
            )));
        }
        let sub = if path.is_empty() {
            normal
        } else {
            format!("{path}.{normal}")
        };
        match v {
            toml::Value::Table(t) => check_spellings(t, origin, &sub)?,
            toml::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    if let toml::Value::Table(t) = x {
                        check_spellings(t, origin, &format!("{sub}[{}]", i + 1))?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
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

    #[test]
    fn two_spellings_of_one_key_are_refused_naming_both() {
        for text in [
            "[geography]\ntrade_cost = 1.5\ntrade-cost = 1.7\n",
            "[solver]\nmax-iterations = 5\nmax_iterations = 6\n",
            "[[sweep.axis]]\nkey = \"model.mu\"\nvalues = [0.1]\n[[sweep.axis]]\nkey = \"model.sigma\"\nsteps = 2\nfrom = 2\nto = 3\nsca_le = 1\nsca-le = 2\n",
        ] {
            let t: toml::Table = text.parse().unwrap();
            let e = normalise_checked(t, "c.toml").unwrap_err().to_string();
            assert!(e.contains("two spellings"), "{e}");
        }
        let t: toml::Table = "[geography]\ntrade_cost = 1.5\n[model]\ntrade-cost = 2\n"
            .parse()
            .unwrap();
        assert!(
            normalise_checked(t, "c.toml").is_ok(),
            "the same name in two tables is fine"
        );
        let t: toml::Table = "[geography]\ntrade_cost = 1.5\ntrade-cost = 1.7\n".parse().unwrap();
        let e = normalise_checked(t, "c.toml").unwrap_err().to_string();
        assert!(e.contains("`trade-cost` and `trade_cost` in [geography]"), "{e}");
        assert!(e.contains("geography.trade-cost"), "{e}");
    }
}
