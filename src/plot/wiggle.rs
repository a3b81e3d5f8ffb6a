//! The wiggle diagram (FKV 1999, fig. 5.2): omega_1 - omega_2 against region 1's share, one
//! curve per trade cost (or other parameter value), the zero line, and the located zeros
//! (interior equilibria) marked stable or unstable.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::RGBColor;

use super::curves::{self, Curve, LineChart, Mark, PALETTE};
use super::style::{Marker, Shape};
use super::{labels, PlotError};
use crate::output::WiggleRecord;

const STABLE_ZERO: Marker = Marker {
    shape: Shape::Circle,
    color: RGBColor(0, 114, 178),
    legend: "equilibrium (ω₁ = ω₂), stable",
};
const UNSTABLE_ZERO: Marker = Marker {
    shape: Shape::Diamond,
    color: RGBColor(213, 94, 0),
    legend: "equilibrium (ω₁ = ω₂), unstable",
};

/// The chart of `data`.
pub fn chart(data: &WiggleRecord) -> LineChart {
    let w = &data.wiggle;
    let p = w.shares.len();
    let par = labels::parameter(&data.parameter_name);
    let curves = w
        .values
        .iter()
        .enumerate()
        .map(|(c, v)| Curve {
            name: format!("{} = {}", par.symbol, labels::tick(*v)),
            points: w
                .shares
                .iter()
                .copied()
                .zip(w.gap[c * p..(c + 1) * p].iter().copied())
                .collect(),
            color: PALETTE[c % PALETTE.len()],
        })
        .collect();
    let marks = w
        .zeros
        .iter()
        .map(|z| Mark {
            at: (z.share, 0.0),
            marker: if z.unstable { UNSTABLE_ZERO } else { STABLE_ZERO },
        })
        .collect();
    let subtitle = labels::model_summary(data.config_toml.as_deref(), Some(&data.parameter_name)).unwrap_or_default();
    LineChart {
        title: "Wiggle diagram: real-wage gap against region 1's share".into(),
        subtitle: if subtitle.is_empty() {
            "workers move into region 1 where the gap is positive".into()
        } else {
            format!("{subtitle}; workers move into region 1 where the gap is positive")
        },
        x_desc: "share of the mobile factor in region 1, λ₁".into(),
        y_desc: "real-wage gap ω₁ − ω₂".into(),
        curves,
        zero_line: true,
        marks,
        ..LineChart::default()
    }
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, data: &WiggleRecord) -> Result<(), PlotError> {
    curves::draw(root, &chart(data))
}
