//! Comparative statics from a sweep whose points are not on a grid (latin-hypercube and
//! Sobol designs, `/sweep@design`): every point at (first key, second key), coloured by the
//! recorded quantity, with a colour bar (integer bands for counts such as the number of
//! equilibria). Lines through such points would join one point each, which draws nothing.
//! Points that did not converge are hollow grey rings.

use plotters::coord::Shift;
use plotters::element::{Circle, EmptyElement};
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend};
use plotters::style::{Color, BLACK};

use super::colour_scale::{ColourScale, Measure, MISSING};
use super::sweep_curves::{pick, sweep_subtitle};
use super::{colour_bar, labels, style, PlotError};
use crate::output::sweep::SweepData;

/// Everything the scatter shows.
#[derive(Debug, Clone)]
pub struct Scatter {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    /// What the colours show (the colour bar's caption).
    pub colour_desc: String,
    /// (first key, second key, quantity); quantity NaN where the point did not converge.
    pub points: Vec<(f64, f64, f64)>,
    pub scale: ColourScale,
}

/// Whether a sweep is drawn as a scatter: two or more keys on a design that is not a grid.
pub fn wanted(data: &SweepData) -> bool {
    data.layout.names.len() >= 2 && data.layout.design != "grid"
}

/// The scatter of `quantity` (default: the first recorded) over the first two swept keys.
pub fn scatter(data: &SweepData, quantity: Option<&str>) -> Result<Scatter, String> {
    let picked = pick(data, quantity)?;
    let q = data.layout.names.len();
    let points: Vec<(f64, f64, f64)> = (0..data.results.len())
        .map(|i| (data.parameters[i * q], data.parameters[i * q + 1], picked.values[i]))
        .collect();
    let measure = if picked.is_count() {
        Measure::Count
    } else {
        Measure::Level
    };
    let values: Vec<f64> = points.iter().map(|p| p.2).collect();
    let x = labels::parameter(&data.layout.names[0]);
    let y = labels::parameter(&data.layout.names[1]);
    let mut subtitle = sweep_subtitle(data, &data.layout.names[..2]);
    if q > 2 {
        subtitle.push_str(&format!(
            ", {} more key{} varying",
            q - 2,
            if q == 3 { "" } else { "s" }
        ));
    }
    Ok(Scatter {
        title: format!(
            "Comparative statics: {} over {} and {}",
            picked.label(),
            x.symbol,
            y.symbol
        ),
        subtitle,
        x_desc: x.axis,
        y_desc: y.axis,
        colour_desc: picked.label(),
        points,
        scale: ColourScale::fit(measure, &values),
    })
}

fn padded((lo, hi): (f64, f64)) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let pad = if hi > lo {
        0.03 * (hi - lo)
    } else {
        0.05 * hi.abs().max(1e-3)
    };
    (lo - pad, hi + pad)
}

fn range(v: impl Iterator<Item = f64>) -> (f64, f64) {
    v.filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)))
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, s: &Scatter) -> Result<(), PlotError> {
    let root = root.margin(12, 0, 0, 0);
    let area = root
        .titled(&s.title, style::text(style::TITLE_SIZE))
        .map_err(PlotError::draw)?;
    let area = area
        .titled(&s.subtitle, style::text(style::SUBTITLE_SIZE))
        .map_err(PlotError::draw)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let (x0, x1) = padded(range(s.points.iter().map(|p| p.0)));
    let (y0, y1) = padded(range(s.points.iter().map(|p| p.1)));
    let chart_area = area.margin(0, colour_bar::HEIGHT + 20, 0, 0);
    let mut cc = ChartBuilder::on(&chart_area)
        .margin_left(20)
        .margin_right(40)
        .margin_top(10)
        .x_label_area_size(75)
        .y_label_area_size(110)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(PlotError::draw)?;
    cc.configure_mesh()
        .x_desc(s.x_desc.clone())
        .y_desc(s.y_desc.clone())
        .axis_desc_style(style::text(style::AXIS_DESC_SIZE))
        .label_style(style::text(style::TICK_SIZE))
        .x_label_formatter(&|v| labels::tick(*v))
        .y_label_formatter(&|v| labels::tick(*v))
        .x_labels(10)
        .y_labels(10)
        .bold_line_style(style::GRID_BOLD)
        .light_line_style(style::grid_light())
        .draw()
        .map_err(PlotError::draw)?;
    let (px, py) = cc.plotting_area().get_pixel_range();
    let pixels = ((px.end - px.start) as f64 * (py.end - py.start) as f64).max(1.0);
    // Discs that together cover about a third of the plot, 2 to 9 pixels across the radius.
    let r = ((pixels / 3.0 / s.points.len().max(1) as f64 / std::f64::consts::PI).sqrt()).clamp(2.0, 9.0) as i32;
    let outline = r >= 4;
    cc.draw_series(s.points.iter().filter(|p| p.2.is_finite()).map(|&(x, y, v)| {
        let fill = s.scale.colour(v).filled();
        let ring = if outline {
            BLACK.mix(0.5).stroke_width(1)
        } else {
            s.scale.colour(v).stroke_width(1)
        };
        EmptyElement::at((x, y)) + Circle::new((0, 0), r, fill) + Circle::new((0, 0), r, ring)
    }))
    .map_err(PlotError::draw)?;
    cc.draw_series(
        s.points
            .iter()
            .filter(|p| !p.2.is_finite())
            .map(|&(x, y, _)| Circle::new((x, y), r, MISSING.stroke_width(2))),
    )
    .map_err(PlotError::draw)?;
    let (ox, _) = area.get_base_pixel();
    let bx0 = (px.start - ox).max(40);
    let bx1 = (px.end - ox).min(w - 40);
    let mid = (bx0 + bx1) / 2;
    let half = ((bx1 - bx0) / 2).min(420);
    let caption = if s.scale.missing > 0 {
        format!("{} (grey rings: did not converge)", s.colour_desc)
    } else {
        s.colour_desc.clone()
    };
    let mut scale = s.scale.clone();
    // The rings say it already.
    scale.missing = 0;
    colour_bar::draw(
        &area,
        &scale,
        (mid - half, mid + half),
        h - colour_bar::HEIGHT - 4,
        &caption,
    )?;
    Ok(())
}
