//! The calibration-fit plot of `agglo calibrate`'s file: each residual's model value at the
//! estimate (y) against the data's (x), in the units the objective compares (demeaned log
//! wages, log trade shares, moments), with the 45-degree line on which a perfect fit lies.

use plotters::coord::Shift;
use plotters::element::{Circle, PathElement};
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend};
use plotters::style::{Color, BLACK};

use super::{labels, style, PlotError};
use crate::output::CalibrationRecord;

/// Axis words per target: (x, y).
fn axis_names(target: &str) -> (&'static str, &'static str) {
    match target {
        "wages" => (
            "observed ln wage (demeaned)",
            "model ln wage at the estimate (demeaned)",
        ),
        "trade-flows" => ("observed ln trade share", "model ln trade share at the estimate"),
        _ => ("target value of the moment", "model moment at the estimate"),
    }
}

/// Draws the plot on `root`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &CalibrationRecord) -> Result<(), PlotError> {
    let title = format!("calibration fit: {} target", c.target);
    let estimates: Vec<String> = c
        .names
        .iter()
        .zip(c.estimate.iter().zip(&c.identified))
        .map(|(n, (e, ok))| {
            if *ok {
                format!("{n} = {e:.5}")
            } else {
                format!("{n} not identified")
            }
        })
        .collect();
    let subtitle = format!("{}; objective {:.3e}", estimates.join(", "), c.objective);
    let area = root
        .titled(&title, style::text(style::TITLE_SIZE))
        .map_err(PlotError::draw)?;
    let area = area
        .titled(&subtitle, style::text(style::SUBTITLE_SIZE))
        .map_err(PlotError::draw)?;
    let points: Vec<(f64, f64)> = c
        .observed
        .iter()
        .zip(&c.fitted)
        .map(|(x, y)| (*x, *y))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (x, y)| {
            (a.min(x.min(*y)), b.max(x.max(*y)))
        });
    let (lo, hi) = if lo.is_finite() && hi > lo {
        let pad = 0.06 * (hi - lo);
        (lo - pad, hi + pad)
    } else if lo.is_finite() {
        (lo - 1.0, lo + 1.0)
    } else {
        (-1.0, 1.0)
    };
    let (x_desc, y_desc) = axis_names(&c.target);
    // Ticks that are zero up to rounding read as 0.
    let span = hi - lo;
    let tick = move |v: &f64| labels::tick(if v.abs() < 1e-9 * span { 0.0 } else { *v });
    let mut chart = ChartBuilder::on(&area)
        .margin_left(20)
        .margin_right(30)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(75)
        .y_label_area_size(95)
        .build_cartesian_2d(lo..hi, lo..hi)
        .map_err(PlotError::draw)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(style::text(style::AXIS_DESC_SIZE))
        .label_style(style::text(style::TICK_SIZE))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .bold_line_style(style::GRID_BOLD)
        .light_line_style(style::grid_light())
        .draw()
        .map_err(PlotError::draw)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(lo, lo), (hi, hi)],
            style::NEUTRAL.stroke_width(style::THIN_LINE_WIDTH),
        )))
        .map_err(PlotError::draw)?;
    let radius = if points.len() > style::MANY_POINTS * 10 {
        3
    } else {
        style::SMALL_MARKER_RADIUS
    };
    chart
        .draw_series(
            points
                .iter()
                .map(|p| Circle::new(*p, radius, style::STABLE.mix(0.75).filled())),
        )
        .map_err(PlotError::draw)?;
    chart
        .draw_series(
            points
                .iter()
                .map(|p| Circle::new(*p, radius, BLACK.mix(0.4).stroke_width(1))),
        )
        .map_err(PlotError::draw)?;
    Ok(())
}
