//! A line chart of named curves (the wiggle diagram, comparative statics from a sweep): one
//! colour per curve from the Okabe–Ito palette, a legend in the emptiest corner, an optional
//! zero line and marked points (e.g. located equilibria).

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, PathElement};
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend};
use plotters::style::{Color, RGBColor, BLACK};

use super::legend::{self, Entry, Sample};
use super::placement::{self, Occupied, Rect};
use super::style::{self, Marker};
use super::{labels, PlotError};

/// Okabe–Ito colours for curves (black last).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
    RGBColor(0, 0, 0),
];

/// One curve.
#[derive(Debug, Clone)]
pub struct Curve {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub color: RGBColor,
}

/// A marked point with its legend text (points of one kind share a text).
#[derive(Debug, Clone)]
pub struct Mark {
    pub at: (f64, f64),
    pub marker: Marker,
}

/// Everything a line chart shows.
#[derive(Debug, Clone, Default)]
pub struct LineChart {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    /// Ticks on whole numbers only (counts).
    pub integer_y: bool,
    pub curves: Vec<Curve>,
    /// Draw a dashed black line at y = 0.
    pub zero_line: bool,
    pub marks: Vec<Mark>,
}

fn range(values: impl Iterator<Item = f64>, include_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 * hi.abs().max(1.0) {
        let pad = 0.05 * hi.abs().max(1e-3);
        return (lo - pad, hi + pad);
    }
    let pad = 0.06 * (hi - lo);
    (lo - pad, hi + pad)
}

/// Draws `chart` on `root`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &LineChart) -> Result<(), PlotError> {
    let area = root
        .titled(&chart.title, style::text(style::TITLE_SIZE))
        .map_err(PlotError::draw)?;
    let area = if chart.subtitle.is_empty() {
        area
    } else {
        area.titled(&chart.subtitle, style::text(style::SUBTITLE_SIZE))
            .map_err(PlotError::draw)?
    };
    let xs = chart.curves.iter().flat_map(|c| c.points.iter().map(|p| p.0));
    let (x_lo, x_hi) = {
        let (a, b) = range(xs, false);
        // No padding on x: the curves span the grid.
        let pad = (b - a) * 0.06 / 1.12;
        (a + pad, b - pad)
    };
    let ys = chart
        .curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.1))
        .chain(chart.marks.iter().map(|m| m.at.1));
    let (y_lo, y_hi) = range(ys, chart.zero_line);
    // Counts: as many labels as there are integers in the range (at most ten), so that
    // plotters' round steps are whole numbers; any other label is left blank.
    let y_labels = if chart.integer_y {
        ((y_hi.floor() - y_lo.ceil()) as usize + 1).clamp(1, 10)
    } else {
        10
    };
    let y_format = |v: &f64| {
        if chart.integer_y && (v - v.round()).abs() > 1e-9 {
            String::new()
        } else {
            labels::tick(*v)
        }
    };
    let mut cc = ChartBuilder::on(&area)
        .margin_left(20)
        .margin_right(40)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(75)
        .y_label_area_size(110)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
        .map_err(PlotError::draw)?;
    cc.configure_mesh()
        .x_desc(chart.x_desc.clone())
        .y_desc(chart.y_desc.clone())
        .axis_desc_style(style::text(style::AXIS_DESC_SIZE))
        .label_style(style::text(style::TICK_SIZE))
        .x_label_formatter(&|v| labels::tick(*v))
        .y_label_formatter(&y_format)
        .x_labels(10)
        .y_labels(y_labels)
        .bold_line_style(style::GRID_BOLD)
        .light_line_style(style::grid_light())
        .draw()
        .map_err(PlotError::draw)?;
    let (px, py) = cc.plotting_area().get_pixel_range();
    let plot = Rect {
        x0: px.start,
        y0: py.start,
        x1: px.end,
        y1: py.end,
    };
    let to_px = |x: f64, y: f64| cc.backend_coord(&(x, y));
    let mut occupied = Occupied::default();
    if chart.zero_line {
        let line = vec![to_px(x_lo, 0.0), to_px(x_hi, 0.0)];
        root.draw(&DashedPathElement::new(line, 10, 6, BLACK.mix(0.7).stroke_width(2)))
            .map_err(PlotError::draw)?;
    }
    let width = if chart.curves.len() > style::MANY_BRANCHES {
        style::THIN_LINE_WIDTH
    } else {
        style::LINE_WIDTH
    };
    for c in &chart.curves {
        // Gaps (NaN: points that did not converge) split the curve.
        for run in c.points.split(|p| !p.1.is_finite() || !p.0.is_finite()) {
            if run.is_empty() {
                continue;
            }
            let pixels = placement::simplify(&run.iter().map(|&(x, y)| to_px(x, y)).collect::<Vec<_>>());
            occupied.add_polyline(&pixels);
            root.draw(&PathElement::new(pixels, c.color.stroke_width(width)))
                .map_err(PlotError::draw)?;
        }
    }
    let mut kinds: Vec<Marker> = Vec::new();
    for m in &chart.marks {
        let at = to_px(m.at.0, m.at.1);
        root.draw(&style::marker_element(m.marker, at, style::SMALL_MARKER_RADIUS + 1))
            .map_err(PlotError::draw)?;
        occupied.add_point(at);
        if !kinds.iter().any(|k| k.legend == m.marker.legend) {
            kinds.push(m.marker);
        }
    }
    let mut entries: Vec<Entry> = chart
        .curves
        .iter()
        .map(|c| Entry {
            sample: Sample::Line(c.color.stroke_width(style::LINE_WIDTH)),
            text: c.name.clone(),
        })
        .collect();
    entries.extend(kinds.into_iter().map(|k| Entry {
        sample: Sample::Marker(k),
        text: k.legend.to_string(),
    }));
    if !entries.is_empty() {
        let size = legend::size(root, &entries)?;
        let rect = placement::corner(&plot, size, &occupied, 12);
        legend::draw(root, &entries, (rect.x0, rect.y0))?;
    }
    Ok(())
}
