//! Comparative statics from a sweep (`/sweep`): a recorded quantity against the first swept
//! key, one line per value of the second key (up to eight of them, evenly picked). Per-region
//! quantities show region 1's value for two regions and the largest value otherwise; points
//! that did not converge leave a gap. Counts (numbers of equilibria) get integer ticks.
//! Designs that are not grids are drawn as scatters instead ([`super::sweep_scatter`]).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::curves::{self, Curve, LineChart, PALETTE};
use super::{labels, PlotError};
use crate::output::sweep::SweepData;

/// At most this many lines (values of the second key).
const MAX_LINES: usize = 8;

/// The quantity's words for the y axis.
fn quantity_label(name: &str, width: usize) -> String {
    let base = match name {
        "share" => "share of the mobile factor",
        "wage" => "wage",
        "real_wage" => "real wage ω",
        "price_index" => "price index",
        "income" => "income",
        "population" => "population",
        "welfare" => "welfare",
        "herfindahl" => "Herfindahl index Σ share²",
        "n_equilibria" => "number of equilibria",
        "n_stable" => "number of stable equilibria",
        "residents" => "residents",
        "workers" => "workers",
        "floor_price" => "floor price Q",
        "commercial_share" => "commercial floor share",
        "utility" => "expected utility U",
        "total_population" => "population H",
        "mean_floor_price" => "mean floor price",
        "gdp" => "GDP",
        "land_rent" => "land rent",
        "mean_commuting_time" => "mean commuting time, min",
        other => other,
    };
    match width {
        1 => base.to_string(),
        2 => format!("{base}, region 1"),
        _ => format!("{base}, largest over regions"),
    }
}

/// The recorded quantity a figure shows: its name, its width (values per point) and its
/// value at each point (NaN where the point did not converge).
pub struct Picked {
    pub name: String,
    pub width: usize,
    pub values: Vec<f64>,
}

impl Picked {
    /// Counts (numbers of equilibria) get integer ticks.
    pub fn is_count(&self) -> bool {
        matches!(self.name.as_str(), "n_equilibria" | "n_stable")
    }

    pub fn label(&self) -> String {
        quantity_label(&self.name, self.width)
    }
}

/// Quantity `quantity` (default: the first recorded) of `data`; `Err` names the recorded
/// quantities when `quantity` is not one of them.
pub fn pick(data: &SweepData, quantity: Option<&str>) -> Result<Picked, String> {
    let layout = &data.layout;
    let names: Vec<&str> = layout.record.iter().map(|(n, _)| n.as_str()).collect();
    let want = quantity.map(|q| q.trim().replace('-', "_"));
    let qi = match &want {
        Some(q) => names.iter().position(|n| n == q).ok_or_else(|| {
            format!(
                "the sweep recorded no \"{q}\" (it recorded {}): use --quantity with one of them",
                names.join(", ")
            )
        })?,
        None => 0,
    };
    let offset: usize = layout.record[..qi].iter().map(|(_, w)| w).sum();
    let width = layout.record[qi].1;
    let values = data
        .results
        .iter()
        .map(|r| {
            if !r.converged {
                return f64::NAN;
            }
            let v = &r.values[offset..offset + width];
            match width {
                1 | 2 => v[0],
                _ => v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            }
        })
        .collect();
    Ok(Picked {
        name: names[qi].to_string(),
        width,
        values,
    })
}

/// The chart of quantity `quantity` (default: the first recorded) of `data`; `Err` names the
/// recorded quantities when `quantity` is not one of them.
pub fn chart(data: &SweepData, quantity: Option<&str>) -> Result<LineChart, String> {
    let layout = &data.layout;
    let picked = pick(data, quantity)?;
    let q = layout.names.len();
    let rows = data.results.len();
    let value = |i: usize| -> f64 { picked.values[i] };
    let x_of = |i: usize| data.parameters[i * q];
    let group_of = |i: usize| if q >= 2 { data.parameters[i * q + 1] } else { f64::NAN };
    let mut groups: Vec<f64> = Vec::new();
    if q >= 2 {
        for i in 0..rows {
            let g = group_of(i);
            if !groups.iter().any(|h| h.to_bits() == g.to_bits()) {
                groups.push(g);
            }
        }
        groups.sort_by(|a, b| a.total_cmp(b));
        if groups.len() > MAX_LINES {
            let n = groups.len();
            groups = (0..MAX_LINES).map(|k| groups[k * (n - 1) / (MAX_LINES - 1)]).collect();
        }
    } else {
        groups.push(f64::NAN);
    }
    let x_par = labels::parameter(&layout.names[0]);
    let g_par = layout.names.get(1).map(|k| labels::parameter(k));
    let curves = groups
        .iter()
        .enumerate()
        .map(|(c, g)| {
            let mut points: Vec<(f64, f64)> = (0..rows)
                .filter(|&i| q < 2 || group_of(i).to_bits() == g.to_bits())
                .map(|i| (x_of(i), value(i)))
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            Curve {
                name: match &g_par {
                    Some(p) => format!("{} = {}", p.symbol, labels::tick((g * 1e4).round() / 1e4)),
                    None => picked.label(),
                },
                points,
                color: PALETTE[c % PALETTE.len()],
            }
        })
        .collect();
    let mut subtitle = sweep_subtitle(data, &layout.names[..q.min(2)]);
    if data.results.iter().any(|r| !r.converged) {
        subtitle.push_str(" (gaps)");
    }
    Ok(LineChart {
        title: format!("Comparative statics: {} against {}", picked.label(), x_par.symbol),
        subtitle,
        x_desc: x_par.axis,
        y_desc: picked.label(),
        integer_y: picked.is_count(),
        curves,
        zero_line: false,
        marks: Vec::new(),
    })
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &LineChart) -> Result<(), PlotError> {
    curves::draw(root, chart)
}

/// "core-periphery model, two-region, σ = 5; latin-hypercube 1000 points, 3 not converged":
/// the model without the config's values of the keys the figure varies (`shown`).
pub fn sweep_subtitle(data: &SweepData, shown: &[String]) -> String {
    let mut subtitle = labels::model_summary(Some(&data.config), shown.first().map(String::as_str)).unwrap_or_default();
    for key in shown.iter().skip(1) {
        let prefix = format!("{} = ", labels::parameter(key).symbol);
        subtitle = subtitle
            .split(", ")
            .filter(|part| !part.starts_with(&prefix))
            .collect::<Vec<_>>()
            .join(", ");
    }
    if !subtitle.is_empty() {
        subtitle.push_str("; ");
    }
    subtitle.push_str(&format!("{} {} points", data.layout.design, data.results.len()));
    let not_converged = data.results.iter().filter(|r| !r.converged).count();
    if not_converged > 0 {
        subtitle.push_str(&format!(", {not_converged} not converged"));
    }
    subtitle
}
