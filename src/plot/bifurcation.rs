//! The bifurcation diagram: every branch as the plotted share against the continuation
//! parameter, stable runs solid and unstable runs dashed, special points marked and
//! labelled ("break T=1.6266"), a legend and a title.
//!
//! Every special point gets a marker, but at most [`MAX_LABELS`] get a label, none over
//! another: first the breaks of the uniform (symmetric) branch, with their Fourier mode for
//! more than two regions ("break T=1.9319 (mode 6)"; in a row of their own below that
//! branch when it is the lowest curve), then the points with the largest plotted values.
//! A label with no free spot is left out. Points at one spot are labelled together, and a
//! label is not repeated for a duplicate branch. Diagrams with many branches get thinner
//! lines and smaller markers, and a branch drawn exactly like an earlier one is drawn once.
//!
//! The plotted share is lambda_1 (region 1's share) for two regions, where the two
//! core–periphery branches sit at 0 and 1 and the symmetric branch at 1/2 (the tomahawk);
//! for more regions it is the largest share, 1/N for the uniform state and 1 for full
//! agglomeration.

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, PathElement, Rectangle, Text};
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend};
use plotters::style::{Color, WHITE};

use super::bifurcation_data::{padded, special_y, stability_runs, uniform_at, y_label, y_value, Runs};
use super::bifurcation_labels::{band_layout, group_marks, label_order, Mark};
use super::legend::{self, Entry, Sample};
use super::placement::{self, Occupied, Placed, Rect, Segment};
use super::{labels, style, PlotError};
use crate::output::{BifurcationRecord, BranchRecord, SpecialPointRecord};

/// At most this many special points get a text label; all get a marker.
pub const MAX_LABELS: usize = 12;

/// Draws the diagram on `root`; `modes` holds the Fourier mode of each special point (0
/// when none), in the order of `data.special_points`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &BifurcationRecord,
    modes: &[u64],
) -> Result<(), PlotError> {
    let branches: Vec<&BranchRecord> = data.branches.iter().filter(|b| !b.is_empty()).collect();
    let regions = branches.iter().map(|b| b.regions).max().unwrap_or(0);
    let parameter_name = branches
        .first()
        .map(|b| b.parameter_name.as_str())
        .unwrap_or("parameter");
    let par = labels::parameter(parameter_name);

    // Curves in data coordinates, one list of runs of equal stability per branch.
    let mut curves: Vec<Runs<(f64, f64)>> = Vec::new();
    for b in &branches {
        let mut runs = Vec::new();
        for (stable, first, last) in stability_runs(&b.stable) {
            let pts: Vec<(f64, f64)> = (first..=last)
                .map(|p| (b.parameter[p], y_value(b, p)))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect();
            if !pts.is_empty() {
                runs.push((stable, pts));
            }
        }
        curves.push(runs);
    }
    let runs = || curves.iter().flatten();
    let specials: Vec<(usize, &SpecialPointRecord, f64)> = data
        .special_points
        .iter()
        .enumerate()
        .filter(|(_, sp)| sp.parameter.is_finite())
        .filter_map(|(i, sp)| special_y(sp, &data.branches).map(|y| (i, sp, y)))
        .collect();

    let xs = runs()
        .flat_map(|(_, c)| c.iter().map(|p| p.0))
        .chain(specials.iter().map(|(_, sp, _)| sp.parameter));
    let (x_lo, x_hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let (x_lo, x_hi) = padded(x_lo, x_hi, 0.03);
    let ys = runs()
        .flat_map(|(_, c)| c.iter().map(|p| p.1))
        .chain(specials.iter().map(|(_, _, y)| *y));
    let (y_min, y_max) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| (lo.min(y), hi.max(y)));
    // Shares live in [0, 1]: show all of it for two regions, and from a round value below
    // the smallest largest-share for more.
    let y_lo = if regions == 2 || !y_min.is_finite() {
        0.0
    } else {
        ((y_min - 0.02) * 10.0).floor().max(0.0) / 10.0
    };
    let y_hi = if y_max.is_finite() && y_max > 1.0 { y_max } else { 1.0 };
    let pad = 0.04 * (y_hi - y_lo);
    let (mut y_lo, y_hi) = (y_lo - pad, y_hi + pad);

    // Breaks on the uniform branch, the first points to label. With more than two regions
    // the uniform branch is the lowest curve (its largest share, 1/N, is the least there
    // is), and its breaks are labelled in rows below it.
    let primary: Vec<bool> = specials
        .iter()
        .map(|(_, sp, _)| {
            sp.kind == "break"
                && data
                    .branches
                    .iter()
                    .find(|b| b.name == sp.branch.to_string())
                    .is_some_and(|b| {
                        let p = sp.index as usize;
                        b.name == "0" || (p < b.len() && uniform_at(b, p))
                    })
        })
        .collect();
    let band_y = {
        let ys: Vec<f64> = specials
            .iter()
            .zip(&primary)
            .filter(|(_, &p)| p)
            .map(|((_, _, y), _)| *y)
            .collect();
        let line = ys
            .first()
            .copied()
            .filter(|&y| regions > 2 && ys.iter().all(|v| (v - y).abs() <= 1e-9));
        line.filter(|&y| y_min >= y - 1e-9)
    };
    let radius = if specials.len() > style::MANY_POINTS {
        style::SMALL_MARKER_RADIUS
    } else {
        style::MARKER_RADIUS
    };
    let font = style::text(style::POINT_LABEL_SIZE);
    let marks_on = |to_px: &dyn Fn(f64, f64) -> (i32, i32)| -> Vec<Mark> {
        specials
            .iter()
            .zip(&primary)
            .map(|(&(i, sp, y), &primary)| Mark {
                sp,
                y,
                at: to_px(sp.parameter, y),
                mode: modes.get(i).copied().unwrap_or(0),
                primary,
            })
            .collect()
    };

    // Title and subtitle.
    let n_branches = branches.len();
    let title = format!("Bifurcation diagram along {}", par.axis);
    let mut subtitle = labels::model_summary(data.config_toml.as_deref(), Some(parameter_name)).unwrap_or_default();
    if !subtitle.is_empty() {
        subtitle.push_str("; ");
    }
    subtitle.push_str(&format!(
        "{regions} regions, {n_branches} branch{}",
        if n_branches == 1 { "" } else { "es" }
    ));
    let area = root
        .titled(&title, style::text(style::TITLE_SIZE))
        .map_err(PlotError::draw)?;
    let area = area
        .titled(&subtitle, style::text(style::SUBTITLE_SIZE))
        .map_err(PlotError::draw)?;

    let build = |y_lo: f64| {
        ChartBuilder::on(&area)
            .margin_left(20)
            .margin_right(40)
            .margin_top(10)
            .margin_bottom(10)
            .x_label_area_size(75)
            .y_label_area_size(95)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
            .map_err(PlotError::draw)
    };
    let mut chart = build(y_lo)?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let plot = Rect {
        x0: px.start,
        y0: py.start,
        x1: px.end,
        y1: py.end,
    };
    // Room for the row of break labels below the uniform branch: made by lowering the
    // bottom of the y axis when the row needs it, up to a quarter of the plot.
    if let Some(yb) = band_y {
        let to_px = |x: f64, y: f64| chart.backend_coord(&(x, y));
        let marks = marks_on(&to_px);
        if let Some(band) = band_layout(root, &group_marks(&marks, 2), &par.symbol, regions, radius, &plot)? {
            let have = plot.y1 - to_px(x_lo, yb).1;
            let height = (plot.y1 - plot.y0) as f64;
            if band.need > have && (band.need as f64) < height / 4.0 {
                // The pixels from the line to the bottom, (yb - y_lo) / (y_hi - y_lo) of the
                // plot's height, become `need`.
                y_lo = yb - band.need as f64 * (y_hi - yb) / (height - band.need as f64);
                chart = build(y_lo)?;
            }
        }
    }
    chart
        .configure_mesh()
        .x_desc(par.axis.clone())
        .y_desc(y_label(regions, &data.region_ids))
        .axis_desc_style(style::text(style::AXIS_DESC_SIZE))
        .label_style(style::text(style::TICK_SIZE))
        .x_label_formatter(&|v| labels::tick(*v))
        // Room made below 0 for labels is not a share.
        .y_label_formatter(&|v| if *v < -1e-9 { String::new() } else { labels::tick(*v) })
        .x_labels(12)
        .y_labels(12)
        .bold_line_style(style::GRID_BOLD)
        .light_line_style(style::grid_light())
        .draw()
        .map_err(PlotError::draw)?;

    // From here on everything is drawn on `root` in pixels, through chart.backend_coord.
    let to_px = |x: f64, y: f64| chart.backend_coord(&(x, y));
    let mut occupied = Occupied::default();

    // Branches in pixels; a branch drawn exactly like an earlier one (a rotation of a
    // racetrack pattern has the same largest share) is drawn once.
    let mut drawn: Vec<Runs<(i32, i32)>> = Vec::new();
    for branch in &curves {
        let pixels: Runs<(i32, i32)> = branch
            .iter()
            .map(|(stable, pts)| {
                (
                    *stable,
                    placement::simplify(&pts.iter().map(|&(x, y)| to_px(x, y)).collect::<Vec<_>>()),
                )
            })
            .collect();
        if !drawn.contains(&pixels) {
            drawn.push(pixels);
        }
    }
    let width = if drawn.len() > style::MANY_BRANCHES {
        style::THIN_LINE_WIDTH
    } else {
        style::LINE_WIDTH
    };
    // Unstable first, so stable runs are drawn on top where they meet.
    for want_stable in [false, true] {
        for (stable, pixels) in drawn.iter().flatten().filter(|(s, _)| *s == want_stable) {
            occupied.add_polyline(pixels);
            if *stable {
                root.draw(&PathElement::new(pixels.clone(), style::stable_line(width)))
                    .map_err(PlotError::draw)?;
            } else {
                root.draw(&DashedPathElement::new(
                    pixels.clone(),
                    style::DASH.0,
                    style::DASH.1,
                    style::unstable_line(width),
                ))
                .map_err(PlotError::draw)?;
            }
        }
    }

    // Special points: all marked.
    let marks = marks_on(&to_px);
    let mut kinds: Vec<&str> = Vec::new();
    for m in &marks {
        root.draw(&style::marker_element(style::marker(&m.sp.kind), m.at, radius))
            .map_err(PlotError::draw)?;
        occupied.add_point(m.at);
        if !kinds.contains(&m.sp.kind.as_str()) {
            kinds.push(&m.sp.kind);
        }
    }
    // The row of break labels below the uniform branch, kept clear of the legend.
    let groups = group_marks(&marks, 2);
    let band = match band_y {
        Some(_) => band_layout(root, &groups, &par.symbol, regions, radius, &plot)?,
        None => None,
    };
    let band: Vec<(usize, Rect, Segment, Vec<String>)> = band
        .map(|b| b.labels)
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, rect, _, _)| rect.within(&plot))
        .collect();
    for (_, rect, _, _) in &band {
        occupied.add_rect(&rect.grow(6));
    }

    // Legend: stability styles present, then each kind of special point.
    let mut entries = Vec::new();
    if runs().any(|(s, _)| *s) {
        entries.push(Entry {
            sample: Sample::Line(style::stable_line(width)),
            text: "stable".into(),
        });
    }
    if runs().any(|(s, _)| !*s) {
        entries.push(Entry {
            sample: Sample::Dashed(style::unstable_line(width)),
            text: "unstable".into(),
        });
    }
    for kind in &kinds {
        let m = style::marker(kind);
        let text = if m.legend.is_empty() {
            kind.to_string()
        } else {
            m.legend.to_string()
        };
        entries.push(Entry {
            sample: Sample::Marker(m),
            text,
        });
    }
    let size = legend::size(root, &entries)?;
    let spot = placement::corner(&plot, size, &occupied, 12);
    let legend_rect = legend::draw(root, &entries, (spot.x0, spot.y0))?;

    // Labels: a bounded number, placed in order of importance, none over another, over the
    // legend or over another marker; a label with no free spot is left out.
    let boxes: Vec<Rect> = groups
        .iter()
        .map(|g| {
            Rect::at(
                g.at().0 - radius - 1,
                g.at().1 - radius - 1,
                (2 * radius + 2, 2 * radius + 2),
            )
        })
        .collect();
    let mut placed = Placed {
        boxes: vec![legend_rect],
        leaders: Vec::new(),
    };
    let line_h = root.estimate_text_size("Tg", &font).map_err(PlotError::draw)?.1 as i32;
    let draw_label =
        |rect: Rect, leader: Option<Segment>, lines: Vec<String>, placed: &mut Placed| -> Result<(), PlotError> {
            if let Some((start, end)) = leader {
                root.draw(&PathElement::new(vec![start, end], style::LEADER.stroke_width(1)))
                    .map_err(PlotError::draw)?;
                placed.leaders.push((start, end));
            }
            root.draw(&Rectangle::new(
                [(rect.x0, rect.y0), (rect.x1, rect.y1)],
                WHITE.mix(0.85).filled(),
            ))
            .map_err(PlotError::draw)?;
            for (k, line) in lines.into_iter().enumerate() {
                root.draw(&Text::new(
                    line,
                    (rect.x0 + 3, rect.y0 + 2 + k as i32 * (line_h + 2)),
                    font.clone(),
                ))
                .map_err(PlotError::draw)?;
            }
            placed.boxes.push(rect);
            Ok(())
        };
    let mut done = Vec::new();
    for (i, rect, leader, lines) in band {
        if !placed.boxes.iter().any(|b| b.overlaps(&rect)) {
            draw_label(rect, Some(leader), lines, &mut placed)?;
            done.push(i);
        }
    }
    for i in label_order(&groups, &par.symbol) {
        if placed.boxes.len() > MAX_LABELS {
            break;
        }
        if done.contains(&i) {
            continue;
        }
        let text = groups[i].text(&par.symbol, regions);
        let (w, h) = root.estimate_text_size(&text, &font).map_err(PlotError::draw)?;
        let others: Vec<Rect> = boxes
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, r)| *r)
            .collect();
        let at = groups[i].at();
        let Some(rect) = placement::label(
            at,
            (w as i32 + 6, h as i32 + 4),
            radius,
            &plot,
            &occupied,
            &placed,
            &others,
        ) else {
            continue;
        };
        // A label away from its marker gets a thin leader line to it.
        draw_label(rect, placement::leader(at, radius, &rect), vec![text], &mut placed)?;
    }
    Ok(())
}
