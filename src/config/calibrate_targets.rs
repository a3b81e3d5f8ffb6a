//! The targets of `[calibrate]` with their data: observed wages (a column of the model's data
//! file), bilateral trade flows (a CSV by origin and destination id), moments of the
//! equilibrium. Each gets the model at theta from the [`ParameterFamily`].

use std::collections::HashMap;

use super::calibrate::{ParameterFamily, RawCalibrate};
use super::csv_table::CsvTable;
use super::data_source::DataSource;
use super::{require_file, resolve_path, RunSpec};
use crate::calibration::targets::{
    CityMoment, CityMomentsTarget, CommutingMoment, CommutingMomentsTarget, Flow, Moment, MomentTarget, MomentsTarget,
    ParameterRole, TradeFlowsTarget, WagesTarget,
};
use crate::calibration::Target;
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::model::arsw::CityStatistic;
use crate::model::mrrh::CommutingStatistic;

pub(super) fn wages(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    if spec.model.mobile().is_none() {
        return Err(Error::Config(format!(
            "calibrate.target = \"wages\" needs a model with a mobile factor (core-periphery, footloose-entrepreneur), not \"{}\"",
            spec.model.kind()
        )));
    }
    let column = raw.wage.as_deref().ok_or_else(|| {
        Error::Config("calibrate.wage is missing: the wages target needs the CSV column of observed wages".into())
    })?;
    let mut source = DataSource::new(spec.data_file.clone());
    let observed = source.column("calibrate.wage", column, &spec.geography, |v| {
        (!(v.is_finite() && v > 0.0)).then_some("is not a positive wage")
    })?;
    let weights = match raw.weight.as_deref() {
        Some(w) => source.column("calibrate.weight", w, &spec.geography, |v| {
            (!(v.is_finite() && v >= 0.0)).then_some("is not a weight >= 0")
        })?,
        None => vec![1.0; spec.geography.len()],
    };
    if weights.iter().all(|w| *w == 0.0) {
        return Err(Error::Config("calibrate.weight: every weight is 0".into()));
    }
    let settings = spec.solver;
    let roles = family.keys.iter().map(|k| wage_role(k, spec)).collect();
    let model_at = Box::new(move |theta: &[f64]| {
        family
            .at(theta)?
            .into_mobile_with_shares()
            .ok_or_else(|| Error::Config("this target needs a model with a mobile factor".into()))
    });
    Ok(Box::new(
        WagesTarget::new(model_at, spec.geography.ids.clone(), &observed, weights, settings).with_roles(roles),
    ))
}

/// What `key` is to the core–periphery short run (for the exact Jacobian of the wages target).
fn wage_role(key: &str, spec: &RunSpec) -> ParameterRole {
    let cost = lookup_str(&spec.table, "geography.cost");
    match (key, cost.as_deref()) {
        ("model.sigma", _) => ParameterRole::Sigma,
        ("model.mu", _) => ParameterRole::Mu,
        ("geography.rate", Some("exp")) | ("geography.elasticity", Some("power")) => ParameterRole::CostProportional,
        ("geography.trade-cost", None) => ParameterRole::CostBase,
        _ => ParameterRole::Other,
    }
}

/// The string at a dotted key of the configuration tree.
fn lookup_str(table: &toml::Table, key: &str) -> Option<String> {
    let (path, last) = key.rsplit_once('.').unwrap_or(("", key));
    let mut node = table;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        node = node.get(part)?.as_table()?;
    }
    node.get(last)?.as_str().map(str::to_string)
}

pub(super) fn trade_flows(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    if !spec.model.has_trade_shares() {
        return Err(Error::Config(format!(
            "calibrate.target = \"trade-flows\" needs a gravity model such as model.kind = \"allen-arkolakis\" (this config has \"{}\")",
            spec.model.kind()
        )));
    }
    let file = raw.flows.as_deref().ok_or_else(|| {
        Error::Config("calibrate.flows is missing: the trade-flows target needs a CSV origin,destination,flow".into())
    })?;
    let path = resolve_path(&spec.base_dir, file);
    require_file(&path, "calibrate.flows names the CSV of bilateral flows")?;
    let flows = read_flows(&path, &spec.geography)?;
    let model_at = Box::new(move |theta: &[f64]| {
        family
            .at(theta)?
            .spatial_arc()
            .ok_or_else(|| Error::Config("the trade-flows target needs a spatial model".into()))
    });
    Ok(Box::new(TradeFlowsTarget::new(
        model_at,
        spec.geography.ids.clone(),
        flows,
        spec.solver,
    )))
}

/// Flows by origin and destination id; flows must be > 0 (logs are compared), each pair once.
fn read_flows(path: &std::path::Path, geography: &Geography) -> Result<Vec<Flow>> {
    let table = CsvTable::read(path)?;
    let origins = table.text_column("origin")?;
    let destinations = table.text_column("destination")?;
    let values = table.numeric_column("flow")?;
    let weights = if table.has_column("weight") {
        table.numeric_column("weight")?
    } else {
        vec![1.0; values.len()]
    };
    let index: HashMap<&str, usize> = geography
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut flows = Vec::with_capacity(values.len());
    for (k, (line, _)) in table.rows.iter().enumerate() {
        let find = |id: &str, col: &str| {
            index.get(id).copied().ok_or_else(|| {
                Error::data(
                    path,
                    format!("line {line}, column \"{col}\": no location with id \"{id}\" in the geography"),
                )
            })
        };
        let (o, d) = (find(&origins[k], "origin")?, find(&destinations[k], "destination")?);
        if !(values[k].is_finite() && values[k] > 0.0) {
            return Err(Error::data(
                path,
                format!("line {line}, column \"flow\": {} is not a positive flow (log shares are compared; drop zero flows)", values[k]),
            ));
        }
        if !(weights[k].is_finite() && weights[k] >= 0.0) {
            return Err(Error::data(
                path,
                format!("line {line}, column \"weight\": {} is not a weight >= 0", weights[k]),
            ));
        }
        if !seen.insert((o, d)) {
            return Err(Error::data(
                path,
                format!(
                    "line {line}: the pair {} -> {} appears twice",
                    origins[k], destinations[k]
                ),
            ));
        }
        flows.push(Flow {
            origin: o,
            destination: d,
            value: values[k],
            weight: weights[k],
        });
    }
    if flows.is_empty() {
        return Err(Error::data(path, "no flows (the file has only a header)"));
    }
    Ok(flows)
}

pub(super) fn moments(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    if spec.model.city().is_some() {
        return city_moments(spec, raw, family);
    }
    if spec.model.commuting().is_some() {
        return commuting_moments(spec, raw, family);
    }
    if spec.model.mobile().is_none() {
        return Err(Error::Config(format!(
            "calibrate.target = \"moments\" needs a model with a mobile factor (core-periphery, footloose-entrepreneur), not \"{}\"",
            spec.model.kind()
        )));
    }
    if raw.moment.is_empty() {
        return Err(Error::Config(
            "[calibrate] target = \"moments\" has no [[calibrate.moment]]: give name, target and weight".into(),
        ));
    }
    let mut moments = Vec::new();
    for (i, m) in raw.moment.iter().enumerate() {
        let field = format!("calibrate.moment[{}]", i + 1);
        let moment = Moment::parse(&m.name).ok_or_else(|| {
            let names: Vec<String> = Moment::ALL.iter().map(|m| format!("\"{}\"", m.name())).collect();
            Error::invalid(
                format!("{field}.name"),
                format!("\"{}\"", m.name),
                format!("one of {}", names.join(", ")),
            )
        })?;
        if !m.target.is_finite() {
            return Err(Error::invalid(format!("{field}.target"), m.target, "must be finite"));
        }
        if !(m.weight.is_finite() && m.weight > 0.0) {
            return Err(Error::invalid(
                format!("{field}.weight"),
                m.weight,
                "must be finite and > 0",
            ));
        }
        moments.push(MomentTarget {
            moment,
            target: m.target,
            weight: m.weight,
        });
    }
    let model_at = Box::new(move |theta: &[f64]| {
        family
            .at(theta)?
            .into_mobile_with_shares()
            .ok_or_else(|| Error::Config("this target needs a model with a mobile factor".into()))
    });
    Ok(Box::new(MomentsTarget::new(
        model_at,
        moments,
        spec.solver,
        spec.search.clone(),
    )))
}

/// `moments` of a city: `[[calibrate.moment]]` names are the city's statistics.
fn city_moments(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    let parsed = named_moments(raw, CityStatistic::parse, &CityStatistic::names(), "a city")?;
    let moments = parsed
        .into_iter()
        .map(|(statistic, target, weight)| CityMoment {
            statistic,
            target,
            weight,
        })
        .collect();
    let model_at = Box::new(move |theta: &[f64]| {
        family
            .at(theta)?
            .city()
            .cloned()
            .ok_or_else(|| Error::Config("this target needs a city".into()))
    });
    Ok(Box::new(CityMomentsTarget::new(model_at, moments, spec.solver)))
}

/// The `[[calibrate.moment]]` entries of a model with its own statistics (a city, a commuting
/// model): each name parsed by `parse` (else refused naming `names`, the statistics of
/// `model`), target finite, weight > 0, as (statistic, target, weight).
fn named_moments<S>(
    raw: &RawCalibrate,
    parse: impl Fn(&str) -> Option<S>,
    names: &str,
    model: &str,
) -> Result<Vec<(S, f64, f64)>> {
    if raw.moment.is_empty() {
        return Err(Error::Config(format!(
            "[calibrate] target = \"moments\" has no [[calibrate.moment]]: give name (one of {names}), target and weight"
        )));
    }
    raw.moment
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let field = format!("calibrate.moment[{}]", i + 1);
            let statistic = parse(&m.name).ok_or_else(|| {
                Error::invalid(
                    format!("{field}.name"),
                    format!("\"{}\"", m.name),
                    format!("for {model}, one of {names}"),
                )
            })?;
            check_moment(&field, m.target, m.weight)?;
            Ok((statistic, m.target, m.weight))
        })
        .collect()
}

/// A moment's target finite and its weight > 0, else the error names `field`'s key.
fn check_moment(field: &str, target: f64, weight: f64) -> Result<()> {
    if !target.is_finite() {
        return Err(Error::invalid(format!("{field}.target"), target, "must be finite"));
    }
    if !(weight.is_finite() && weight > 0.0) {
        return Err(Error::invalid(
            format!("{field}.weight"),
            weight,
            "must be finite and > 0",
        ));
    }
    Ok(())
}

/// `moments` of a commuting model: `[[calibrate.moment]]` names are its statistics.
fn commuting_moments(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    let parsed = named_moments(
        raw,
        CommutingStatistic::parse,
        &CommutingStatistic::names(),
        "an MRRH model",
    )?;
    let moments = parsed
        .into_iter()
        .map(|(statistic, target, weight)| CommutingMoment {
            statistic,
            target,
            weight,
        })
        .collect();
    let model_at = Box::new(move |theta: &[f64]| {
        family
            .at(theta)?
            .commuting()
            .cloned()
            .ok_or_else(|| Error::Config("this target needs an MRRH model".into()))
    });
    let shock = super::sweep::shock(spec)?;
    Ok(Box::new(CommutingMomentsTarget::new(
        model_at,
        moments,
        shock,
        spec.solver,
    )?))
}
