//! One-line error messages for TOML problems: a parse error becomes `line L, column C: ...`,
//! a type error names the dotted key (`model.sigma: invalid type ...`), an unknown key names
//! the key and its table.

/// `origin: line L, column C: message` for a syntax error in `text`.
pub fn parse_error(origin: &str, text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end().replace('\n', "; ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("{origin}: line {line}, column {column}: {message}")
        }
        None => format!("{origin}: {message}"),
    }
}

/// `origin: <key or table>: message` for an error deserialising the table at `section`
/// (`""` for the top level). `kind` is the variant of a kind-tagged table. The key path is
/// taken from the error's "in `a.b`" line.
pub fn type_error(origin: &str, section: &str, kind: Option<&str>, e: &toml::de::Error) -> String {
    let keys = key_path(e);
    let path = [section, keys.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(".");
    let message = e.message().trim_end();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (key, allowed) = rest.split_once(", expected ").unwrap_or((rest, "nothing"));
        let allowed = allowed.strip_prefix("one of ").unwrap_or(allowed);
        return match kind {
            Some(k) => {
                format!("{origin}: unknown key {key} in [{path}] (kind = \"{k}\"), allowed keys: `kind`, {allowed}")
            }
            None if path.is_empty() => format!("{origin}: unknown key {key} at the top level, allowed keys: {allowed}"),
            None => format!("{origin}: unknown key {key} in [{path}], allowed keys: {allowed}"),
        };
    }
    let message = if message.contains("untagged enum Distribution") {
        "expected \"uniform\", the name of a CSV column, or a list of numbers (one per region, summing to 1)"
            .to_string()
    } else if let Some((start, _)) = message
        .split_once("expected struct ")
        .or_else(|| message.split_once("expected a map"))
    {
        format!("{start}expected a table")
    } else {
        message
            .replace("missing field", "missing key")
            .replace("expected f64", "expected a number")
            .replace("expected usize", "expected an integer >= 0")
            .replace("expected u64", "expected an integer >= 0")
    };
    match (path.is_empty(), keys.is_empty(), kind) {
        (true, _, _) => format!("{origin}: {message}"),
        // The error concerns the table itself (a missing key).
        (false, true, Some(k)) => format!("{origin}: [{path}] (kind = \"{k}\"): {message}"),
        (false, true, None) => format!("{origin}: [{path}]: {message}"),
        (false, false, _) => format!("{origin}: {path}: {message}"),
    }
}

/// The dotted key path toml appends to a value error's display as "in `a.b`".
fn key_path(e: &toml::de::Error) -> String {
    let shown = e.to_string();
    shown
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("in `").and_then(|r| r.strip_suffix('`')))
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::raw::RawSolver;

    #[test]
    fn parse_errors_give_line_and_column() {
        let text = "[model]\nsigma = \n";
        let e = text.parse::<toml::Table>().unwrap_err();
        let m = parse_error("c.toml", text, &e);
        assert!(m.starts_with("c.toml: line 2, column 9: "), "{m}");
        assert!(!m.contains('\n'), "{m}");
    }

    #[test]
    fn unknown_keys_and_bad_types_are_named() {
        let t: toml::Table = "foo = 1".parse().unwrap();
        let e = toml::Value::Table(t).try_into::<RawSolver>().unwrap_err();
        let m = type_error("c.toml", "solver", None, &e);
        assert!(
            m.starts_with("c.toml: unknown key `foo` in [solver], allowed keys: `method`,"),
            "{m}"
        );
        let t: toml::Table = "tolerance = \"x\"".parse().unwrap();
        let e = toml::Value::Table(t).try_into::<RawSolver>().unwrap_err();
        let m = type_error("c.toml", "solver", None, &e);
        assert!(m.starts_with("c.toml: solver.tolerance: invalid type"), "{m}");
    }
}
