//! The equilibria plot: for each equilibrium of `agglo solve`, a group of bars (one per
//! region, in region order) of its shares of the mobile factor, coloured by stability,
//! with the group labelled above ("#2 unstable (1)"). With many regions times equilibria
//! the bars become markers joined by a thin line, so that 50 regions still read.

use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, PathElement, Rectangle, Text};
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontTransform, RGBColor, BLACK};

use super::legend::{self, Entry, Sample};
use super::placement::{self, Occupied, Rect};
use super::{labels, style, PlotError};
use crate::output::{EquilibriumRecord, EquilibriumSet};

/// Above this many bars in all, draw markers instead.
const MAX_BARS: usize = 160;

fn color(e: &EquilibriumRecord) -> RGBColor {
    match e.stable {
        Some(true) => style::STABLE,
        Some(false) => style::UNSTABLE,
        None => style::NEUTRAL,
    }
}

fn group_label(e: &EquilibriumRecord, short: bool) -> String {
    let status = match (e.stable, e.n_unstable) {
        (Some(true), _) => "stable".to_string(),
        (Some(false), Some(n)) if !short => format!("unstable ({n})"),
        (Some(false), _) => "unstable".to_string(),
        (None, _) => String::new(),
    };
    let converged = if e.converged == Some(false) {
        " NOT CONVERGED"
    } else {
        ""
    };
    format!("#{} {status}{converged}", e.name).trim_end().to_string()
}

/// Which regions get a tick label: all when there is room, else every `step`-th.
fn region_step(regions: usize, slot_px: f64) -> usize {
    let need = 26.0; // pixels per label
    let mut step = 1;
    for s in [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000] {
        step = s;
        if slot_px * s as f64 >= need {
            break;
        }
    }
    step.min(regions.max(1))
}

/// Draws the plot on `root`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, data: &EquilibriumSet) -> Result<(), PlotError> {
    let eqs = &data.equilibria;
    let k = eqs.len();
    let n = eqs.iter().map(|e| e.share.len()).max().unwrap_or(0).max(1);
    let gap = ((n as f64) * 0.3).ceil().max(1.0);
    let group_width = n as f64 + gap;
    let x_hi = k as f64 * group_width - gap;
    // With few bars in all, widen the range so that no bar is wider than about a tenth of
    // the plot.
    let slots = x_hi + gap;
    let pad = ((10.0 - slots) / 2.0).max(0.0);
    let x_range = -gap / 2.0 - pad..x_hi + gap / 2.0 + pad;
    let bars = k * n <= MAX_BARS;
    let max_share = eqs
        .iter()
        .flat_map(|e| e.share.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let y_top = if max_share > 1.0 { max_share * 1.15 } else { 1.15 };
    let y_bottom = -0.035 * y_top;

    let horizon = if data.horizon.is_empty() {
        String::new()
    } else {
        format!("{} ", data.horizon)
    };
    let title = format!(
        "{}equilibri{}: shares of the mobile factor by region",
        horizon,
        if k == 1 { "um" } else { "a" }
    );
    let title = {
        let mut c = title.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let mut subtitle = labels::model_summary(data.config_toml.as_deref(), None).unwrap_or_default();
    if !subtitle.is_empty() {
        subtitle.push_str("; ");
    }
    subtitle.push_str(&format!(
        "{k} equilibri{}, {n} region{}",
        if k == 1 { "um" } else { "a" },
        if n == 1 { "" } else { "s" }
    ));
    let area = root
        .titled(&title, style::text(style::TITLE_SIZE))
        .map_err(PlotError::draw)?;
    let area = area
        .titled(&subtitle, style::text(style::SUBTITLE_SIZE))
        .map_err(PlotError::draw)?;

    let numbered = data
        .region_ids
        .iter()
        .enumerate()
        .all(|(i, id)| *id == (i + 1).to_string());
    // Bars are labelled by region id: across when the ids are short, up the page (rotated)
    // when they are longer, by number only when the file has no ids (or they are numbers).
    let use_ids = data.region_ids.len() == n && !numbered;
    let ids_short = use_ids && data.region_ids.iter().all(|id| id.chars().count() <= 4);
    let rotated = use_ids && !ids_short;
    let tick_font = style::text(style::TICK_SIZE - 3.0);
    let mut longest = 0;
    if rotated {
        for id in &data.region_ids {
            longest = longest.max(root.estimate_text_size(id, &tick_font).map_err(PlotError::draw)?.0 as i32);
        }
    }
    let x_label_area = if rotated { (longest + 50).clamp(75, 220) } else { 75 };
    let x_desc = if use_ids {
        "region, grouped by equilibrium".to_string()
    } else {
        format!("region 1 … {n}, grouped by equilibrium")
    };
    let mut chart = ChartBuilder::on(&area)
        .margin_left(20)
        .margin_right(30)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(x_label_area)
        .y_label_area_size(95)
        .build_cartesian_2d(x_range.clone(), y_bottom..y_top)
        .map_err(PlotError::draw)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .x_desc(x_desc)
        .y_desc("share of the mobile factor, λ")
        .axis_desc_style(style::text(style::AXIS_DESC_SIZE))
        .label_style(style::text(style::TICK_SIZE))
        .y_label_formatter(&|v| labels::tick(*v))
        .y_labels(12)
        .bold_line_style(style::GRID_BOLD)
        .light_line_style(style::grid_light())
        .draw()
        .map_err(PlotError::draw)?;

    let (px, py) = chart.plotting_area().get_pixel_range();
    let plot = Rect {
        x0: px.start,
        y0: py.start,
        x1: px.end,
        y1: py.end,
    };
    let to_px = |x: f64, y: f64| chart.backend_coord(&(x, y));
    let slot_px = (to_px(1.0, 0.0).0 - to_px(0.0, 0.0).0) as f64;
    let mut occupied = Occupied::default();

    // A faint band behind each group shows where it starts and ends.
    for g in 0..k {
        let x0 = g as f64 * group_width;
        let band = [to_px(x0, y_top), to_px(x0 + n as f64, y_bottom)];
        root.draw(&Rectangle::new(band, style::GROUP_BAND.mix(0.35).filled()))
            .map_err(PlotError::draw)?;
    }

    // The uniform share 1/N, for reference.
    let uniform = 1.0 / n as f64;
    let line = vec![to_px(x_range.start, uniform), to_px(x_range.end, uniform)];
    let reference = RGBColor(110, 110, 110).stroke_width(2);
    root.draw(&DashedPathElement::new(line, 6, 6, reference))
        .map_err(PlotError::draw)?;
    let zero = vec![to_px(x_range.start, 0.0), to_px(x_range.end, 0.0)];
    root.draw(&PathElement::new(zero, BLACK.stroke_width(1)))
        .map_err(PlotError::draw)?;

    let label_font = style::text(style::POINT_LABEL_SIZE).pos(Pos::new(HPos::Center, VPos::Bottom));
    let tick_font = if rotated {
        tick_font
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Right, VPos::Center))
    } else {
        tick_font.pos(Pos::new(HPos::Center, VPos::Top))
    };
    let step = region_step(n, slot_px);
    let group_px = slot_px * group_width;
    for (g, e) in eqs.iter().enumerate() {
        let x0 = g as f64 * group_width;
        let c = color(e);
        if bars {
            for (r, &v) in e.share.iter().enumerate() {
                let (a, b) = (
                    to_px(x0 + r as f64 + 0.12, v.max(0.0)),
                    to_px(x0 + r as f64 + 0.88, 0.0),
                );
                root.draw(&Rectangle::new([a, b], c.filled()))
                    .map_err(PlotError::draw)?;
                occupied.add_rect(&Rect {
                    x0: a.0,
                    y0: a.1,
                    x1: b.0,
                    y1: b.1,
                });
            }
        } else {
            let pts: Vec<(i32, i32)> = e
                .share
                .iter()
                .enumerate()
                .map(|(r, &v)| to_px(x0 + r as f64 + 0.5, v))
                .collect();
            root.draw(&PathElement::new(pts.clone(), c.mix(0.6).stroke_width(1)))
                .map_err(PlotError::draw)?;
            let radius = (slot_px * 0.4).clamp(2.0, 5.0) as i32;
            // Empty regions are left to the line: a row of markers on the axis would hide it.
            for (p, v) in pts.iter().zip(&e.share) {
                if v.abs() > 1e-9 {
                    root.draw(&Circle::new(*p, radius, c.filled()))
                        .map_err(PlotError::draw)?;
                }
            }
            occupied.add_polyline(&pts);
        }
        // Region ticks under the group: the first, every step-th, and the last (dropping the
        // step-th before it when too close).
        let last = e.share.len().saturating_sub(1);
        let shown = |r: usize| r == 0 || r == last || ((r + 1) % step == 0 && (last - r) * 5 >= step * 3);
        for r in (0..e.share.len()).filter(|&r| shown(r)) {
            let text = if use_ids {
                data.region_ids[r].clone()
            } else {
                (r + 1).to_string()
            };
            let at = to_px(x0 + r as f64 + 0.5, 0.0);
            root.draw(&Text::new(text, (at.0, plot.y1 + 6), tick_font.clone()))
                .map_err(PlotError::draw)?;
        }
        // Group label above its tallest bar, shortened when the group is narrow.
        let top = e.share.iter().copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
        let centre = x0 + n as f64 / 2.0;
        let mut text = group_label(e, false);
        let font = style::text(style::POINT_LABEL_SIZE);
        if root.estimate_text_size(&text, &font).map_err(PlotError::draw)?.0 as f64 > group_px * 0.95 {
            text = group_label(e, true);
        }
        if root.estimate_text_size(&text, &font).map_err(PlotError::draw)?.0 as f64 > group_px * 0.95 {
            text = format!("#{}", e.name);
        }
        let at = to_px(centre, top);
        root.draw(&Text::new(text, (at.0, at.1 - 6), label_font.clone().color(&c)))
            .map_err(PlotError::draw)?;
        occupied.add_point((at.0, at.1 - 15));
    }

    let mut entries = Vec::new();
    let sample = |c: RGBColor| {
        if bars {
            Sample::Bar(c)
        } else {
            Sample::Line(c.stroke_width(3))
        }
    };
    if eqs.iter().any(|e| e.stable == Some(true)) {
        entries.push(Entry {
            sample: sample(style::STABLE),
            text: "stable equilibrium".into(),
        });
    }
    if eqs.iter().any(|e| e.stable == Some(false)) {
        entries.push(Entry {
            sample: sample(style::UNSTABLE),
            text: "unstable (number of unstable eigenvalues)".into(),
        });
    }
    if eqs.iter().any(|e| e.stable.is_none()) {
        entries.push(Entry {
            sample: sample(style::NEUTRAL),
            text: "stability not computed (short run)".into(),
        });
    }
    entries.push(Entry {
        sample: Sample::Dashed(reference),
        text: format!("uniform share 1/{n}"),
    });
    let size = legend::size(root, &entries)?;
    let spot = placement::corner(&plot, size, &occupied, 12);
    legend::draw(root, &entries, (spot.x0, spot.y0))?;
    Ok(())
}
