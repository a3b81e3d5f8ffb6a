//! Words for the figures: axis labels and symbols for config keys, number formatting, and a
//! subtitle describing the model from the file's resolved config.

/// How a continuation parameter is named on a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterLabel {
    /// Axis label with words and units, e.g. "trade cost T (iceberg)".
    pub axis: String,
    /// Short symbol for point labels, e.g. "T" in "break T=1.6266".
    pub symbol: String,
}

/// Normalises a dotted key: lower case, `_` as `-` (config keys accept both spellings).
fn normalise(key: &str) -> String {
    key.trim().to_ascii_lowercase().replace('_', "-")
}

/// Axis label and symbol for a dotted config key; unknown keys are shown as they are.
pub fn parameter(key: &str) -> ParameterLabel {
    let key = normalise(key);
    let last = key.rsplit('.').next().unwrap_or(&key).to_string();
    if key == "geography.remote.trade-cost" {
        return ParameterLabel {
            axis: "trade cost to the remote region Tₘ (iceberg)".into(),
            symbol: "Tₘ".into(),
        };
    }
    let (axis, symbol): (&str, &str) = match last.as_str() {
        "trade-cost" | "t" => ("trade cost T (iceberg)", "T"),
        "freeness" | "phi" => ("freeness of trade φ", "φ"),
        "sigma" => ("elasticity of substitution σ", "σ"),
        "mu" => ("expenditure share of manufactures μ", "μ"),
        "alpha" => ("productivity spillover α", "α"),
        "beta" => ("amenity spillover β", "β"),
        "rate" => ("distance decay rate of trade costs", "rate"),
        "elasticity" => ("distance elasticity of trade costs", "elasticity"),
        "delta" => ("housing expenditure share δ", "δ"),
        "gamma" => ("gamma γ", "γ"),
        "spillover" => ("productivity spillover s, A = exp(s λ)", "s"),
        _ => {
            return ParameterLabel {
                axis: key.clone(),
                symbol: last,
            }
        }
    };
    ParameterLabel {
        axis: axis.to_string(),
        symbol: symbol.to_string(),
    }
}

/// A number for a label: 4 decimals in the usual range, else scientific; integers plainly.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let a = v.abs();
    if a == 0.0 || (1e-3..1e5).contains(&a) {
        let s = format!("{v:.4}");
        if a >= 1e3 {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    } else {
        format!("{v:.3e}")
    }
}

/// A tick label: as few digits as show the value (tick values are round numbers).
pub fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if (1e-4..1e6).contains(&a) {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".into()
        } else {
            s.to_string()
        }
    } else {
        format!("{v:.2e}")
    }
}

/// "core-periphery, two-region, σ = 5, μ = 0.4" from the resolved config TOML, leaving out
/// the key being varied. `None` when there is no config or it does not parse.
pub fn model_summary(config_toml: Option<&str>, varied: Option<&str>) -> Option<String> {
    let table: toml::Table = config_toml?.parse().ok()?;
    let varied = varied.map(normalise);
    let mut parts = Vec::new();
    let get = |section: &str, key: &str| -> Option<toml::Value> {
        let t = table.get(section)?.as_table()?;
        t.get(key).or_else(|| t.get(&key.replace('-', "_"))).cloned()
    };
    if let Some(kind) = get("model", "kind").and_then(|v| v.as_str().map(str::to_string)) {
        parts.push(format!("{kind} model"));
    }
    if let Some(kind) = get("geography", "kind").and_then(|v| v.as_str().map(str::to_string)) {
        parts.push(kind);
    }
    for (section, key) in [
        ("model", "sigma"),
        ("model", "mu"),
        ("model", "alpha"),
        ("model", "beta"),
        ("model", "spillover"),
        ("geography", "trade-cost"),
    ] {
        if varied.as_deref() == Some(&format!("{section}.{key}")) {
            continue;
        }
        let value = get(section, key).and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)));
        if let Some(v) = value {
            parts.push(format!("{} = {}", parameter(key).symbol, tick(v)));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_keys_have_words_and_symbols() {
        assert_eq!(parameter("geography.trade-cost").symbol, "T");
        assert_eq!(parameter("geography.trade_cost").symbol, "T");
        assert!(parameter("geography.trade-cost").axis.starts_with("trade cost T"));
        assert_eq!(parameter("model.sigma").symbol, "σ");
        let unknown = parameter("model.farmers-share");
        assert_eq!(unknown.axis, "model.farmers-share");
        assert_eq!(unknown.symbol, "farmers-share");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(1.626_576_5), "1.6266");
        assert_eq!(number(2e-6), "2.000e-6");
        assert_eq!(tick(1.6000000001), "1.6");
        assert_eq!(tick(-0.0), "0");
        assert_eq!(tick(0.25), "0.25");
    }

    #[test]
    fn summary_leaves_out_the_varied_key() {
        let toml = "[model]\nkind = \"core-periphery\"\nsigma = 5.0\nmu = 0.4\n[geography]\nkind = \"two-region\"\ntrade-cost = 1.7\n";
        let s = model_summary(Some(toml), Some("geography.trade_cost")).unwrap();
        assert_eq!(s, "core-periphery model, two-region, σ = 5, μ = 0.4");
    }
}
