//! Maps: locations coloured by a per-location quantity (population share, wage, population
//! change after a counterfactual), one panel per quantity, each with its colour bar. Grid,
//! torus and border-grid geographies are drawn as heat maps of their cells; other layouts
//! with coordinates as coloured discs at their (x, y) (or (lon, lat)); layouts without
//! coordinates as a row of discs in region order.

use plotters::coord::Shift;
use plotters::element::{Circle, Rectangle, Text};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBColor, BLACK};

use super::{labels, style, PlotError};
use crate::output::MapRecord;

/// Viridis at eight evenly spaced stops (perceptually uniform, colour-blind safe).
const VIRIDIS: [(u8, u8, u8); 8] = [
    (68, 1, 84),
    (70, 50, 127),
    (54, 92, 141),
    (39, 127, 142),
    (31, 161, 135),
    (74, 194, 109),
    (159, 218, 58),
    (253, 231, 37),
];

/// The colour of t in [0, 1].
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether the layout is a lattice of cells.
pub fn is_lattice(kind: &str) -> bool {
    matches!(kind, "grid" | "torus" | "border-grid")
}

/// The figure width for `panels` panels (PNG pixels / SVG units), height [`style::SIZE`].1.
pub fn size(panels: usize) -> (u32, u32) {
    let w = (620 * panels.max(1) as u32).max(style::SIZE.0);
    (w, style::SIZE.1)
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, data: &MapRecord) -> Result<(), PlotError> {
    let mut subtitle = labels::model_summary(data.config_toml.as_deref(), None).unwrap_or_default();
    if !subtitle.is_empty() {
        subtitle.push_str("; ");
    }
    subtitle.push_str(&format!("{} locations, {}", data.ids.len(), data.source));
    let area = root
        .titled(
            &format!("Map of the equilibrium ({} geography)", data.kind),
            style::text(style::TITLE_SIZE),
        )
        .map_err(PlotError::draw)?;
    let area = area
        .titled(&subtitle, style::text(style::SUBTITLE_SIZE))
        .map_err(PlotError::draw)?;
    let panels = area.split_evenly((1, data.layers.len().max(1)));
    for (panel, layer) in panels.iter().zip(&data.layers) {
        draw_panel(panel, data, &layer.label, &layer.values)?;
    }
    Ok(())
}

fn finite_range(values: &[f64]) -> (f64, f64) {
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo <= 1e-12 * hi.abs().max(1e-300) {
        let pad = hi.abs().max(1e-12) * 1e-3;
        return (lo - pad, hi + pad);
    }
    (lo, hi)
}

fn draw_panel<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    data: &MapRecord,
    label: &str,
    values: &[f64],
) -> Result<(), PlotError> {
    let (w, h) = panel.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let title_font = style::text(style::AXIS_DESC_SIZE).pos(Pos::new(HPos::Center, VPos::Top));
    panel
        .draw(&Text::new(label.to_string(), (w / 2, 8), title_font))
        .map_err(PlotError::draw)?;
    // Map area: a square above the colour bar.
    let bar_h = 24;
    let bar_area = 80;
    let top = 48;
    let side = (w - 40).min(h - top - bar_area - 20).max(10);
    let x0 = (w - side) / 2;
    let y0 = top;
    let (lo, hi) = finite_range(values);
    let t = |v: f64| (v - lo) / (hi - lo);
    let n = values.len();
    match &data.coordinates {
        Some(c) if is_lattice(&data.kind) => {
            let (cx_lo, cx_hi) = finite_range(&c.iter().map(|p| p[0]).collect::<Vec<_>>());
            let (cy_lo, cy_hi) = finite_range(&c.iter().map(|p| p[1]).collect::<Vec<_>>());
            let cols = (cx_hi - cx_lo).round() as i32 + 1;
            let rows = (cy_hi - cy_lo).round() as i32 + 1;
            let cell = (side / cols.max(rows)).max(1);
            let (mx, my) = (x0 + (side - cell * cols) / 2, y0 + (side - cell * rows) / 2);
            for (p, v) in c.iter().zip(values) {
                let i = (p[0] - cx_lo).round() as i32;
                let j = (p[1] - cy_lo).round() as i32;
                let (px, py) = (mx + i * cell, my + (rows - 1 - j) * cell);
                panel
                    .draw(&Rectangle::new(
                        [(px, py), (px + cell, py + cell)],
                        viridis(t(*v)).filled(),
                    ))
                    .map_err(PlotError::draw)?;
            }
            panel
                .draw(&Rectangle::new(
                    [(mx, my), (mx + cell * cols, my + cell * rows)],
                    BLACK.stroke_width(1),
                ))
                .map_err(PlotError::draw)?;
        }
        other => {
            let coords: Vec<[f64; 2]> = match other {
                Some(c) => c.clone(),
                None => (0..n).map(|i| [i as f64, 0.0]).collect(),
            };
            let (ax, bx) = finite_range(&coords.iter().map(|p| p[0]).collect::<Vec<_>>());
            let (ay, by) = finite_range(&coords.iter().map(|p| p[1]).collect::<Vec<_>>());
            let span = (bx - ax).max(by - ay).max(1e-12);
            let r = ((side as f64 / (n as f64).sqrt() / 3.0).clamp(4.0, 40.0)) as i32;
            let inner = (side - 2 * r - 4) as f64;
            let to_px = |p: &[f64; 2]| {
                let x =
                    x0 + r + 2 + ((p[0] - ax) / span * inner) as i32 + ((span - (bx - ax)) / span * inner / 2.0) as i32;
                let y = y0 + side
                    - r
                    - 2
                    - ((p[1] - ay) / span * inner) as i32
                    - ((span - (by - ay)) / span * inner / 2.0) as i32;
                (x, y)
            };
            for (p, v) in coords.iter().zip(values) {
                let at = to_px(p);
                panel
                    .draw(&Circle::new(at, r, viridis(t(*v)).filled()))
                    .map_err(PlotError::draw)?;
                panel
                    .draw(&Circle::new(at, r, BLACK.stroke_width(1)))
                    .map_err(PlotError::draw)?;
            }
            if n <= 12 {
                let font = style::text(style::POINT_LABEL_SIZE).pos(Pos::new(HPos::Center, VPos::Top));
                for (p, id) in coords.iter().zip(&data.ids) {
                    let (x, y) = to_px(p);
                    panel
                        .draw(&Text::new(id.clone(), (x, y + r + 4), font.clone()))
                        .map_err(PlotError::draw)?;
                }
            }
        }
    }
    // Colour bar with five ticks.
    let by0 = y0 + side + 20;
    let (bx0, bx1) = (x0.max(40), (x0 + side).min(w - 40));
    let steps = (bx1 - bx0).max(1);
    for k in 0..steps {
        let c = viridis(k as f64 / (steps - 1).max(1) as f64);
        panel
            .draw(&Rectangle::new(
                [(bx0 + k, by0), (bx0 + k + 1, by0 + bar_h)],
                c.filled(),
            ))
            .map_err(PlotError::draw)?;
    }
    panel
        .draw(&Rectangle::new([(bx0, by0), (bx1, by0 + bar_h)], BLACK.stroke_width(1)))
        .map_err(PlotError::draw)?;
    let font = style::text(style::TICK_SIZE).pos(Pos::new(HPos::Center, VPos::Top));
    for k in 0..5 {
        let f = k as f64 / 4.0;
        let x = bx0 + (f * (bx1 - bx0) as f64) as i32;
        panel
            .draw(&Rectangle::new(
                [(x, by0 + bar_h), (x + 1, by0 + bar_h + 6)],
                BLACK.filled(),
            ))
            .map_err(PlotError::draw)?;
        panel
            .draw(&Text::new(
                labels::number(lo + f * (hi - lo)),
                (x, by0 + bar_h + 8),
                font.clone(),
            ))
            .map_err(PlotError::draw)?;
    }
    Ok(())
}
