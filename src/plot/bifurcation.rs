//! The bifurcation diagram: every branch as the plotted share against the continuation
//! parameter, stable runs solid and unstable runs dashed, special points marked and
//! labelled ("break T=1.6266"), a legend and a title.
//!
//! The plotted share is lambda_1 (region 1's share) for two regions, where the two
//! core–periphery branches sit at 0 and 1 and the symmetric branch at 1/2 (the tomahawk);
//! for more regions it is the largest share, 1/N for the uniform state and 1 for full
//! agglomeration.

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, PathElement, Rectangle, Text};
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend};
use plotters::style::{Color, WHITE};

use super::legend::{self, Entry, Sample};
use super::placement::{self, Occupied, Rect};
use super::{labels, style, PlotError};
use crate::output::{BifurcationRecord, BranchRecord, SpecialPointRecord};

/// The plotted value at point `p`: lambda_1 for two regions, else the largest share.
pub fn y_value(branch: &BranchRecord, p: usize) -> f64 {
    let shares = branch.shares(p);
    match shares.len() {
        0 => f64::NAN,
        2 => shares[0],
        _ => shares.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    }
}

/// Runs of equal stability as (stable, first, last) point indices, inclusive. Each run after
/// the first starts at the last point of the one before, so the curve stays connected; the
/// segment across a change of stability is drawn in the style of the later run.
pub fn stability_runs(stable: &[bool]) -> Vec<(bool, usize, usize)> {
    let mut runs = Vec::new();
    let Some(&first) = stable.first() else { return runs };
    let (mut flag, mut start) = (first, 0);
    for (i, &s) in stable.iter().enumerate().skip(1) {
        if s != flag {
            if i - 1 > start {
                runs.push((flag, start, i - 1));
            }
            flag = s;
            start = i - 1;
        }
    }
    runs.push((flag, start, stable.len() - 1));
    runs
}

fn y_label(regions: usize, ids: &[String]) -> String {
    if regions == 2 {
        match ids.first() {
            Some(id) if id.parse::<f64>().is_err() => format!("share of {id}, λ₁"),
            Some(id) => format!("share of region {id}, λ₁"),
            None => "share of region 1, λ₁".into(),
        }
    } else {
        format!("largest regional share, max λ (uniform = 1/{regions})")
    }
}

/// The y value at which to mark a special point: its `value`, else the point of its branch.
fn special_y(sp: &SpecialPointRecord, branches: &[BranchRecord]) -> Option<f64> {
    if sp.value.is_finite() {
        return Some(sp.value);
    }
    let b = branches.iter().find(|b| b.name == sp.branch.to_string())?;
    let i = sp.index as usize;
    (i < b.len()).then(|| y_value(b, i)).filter(|y| y.is_finite())
}

fn padded(lo: f64, hi: f64, fraction: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let d = if lo == 0.0 { 0.5 } else { 0.05 * lo.abs() };
        return (lo - d, hi + d);
    }
    let pad = (hi - lo) * fraction;
    (lo - pad, hi + pad)
}

/// Draws the diagram on `root`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, data: &BifurcationRecord) -> Result<(), PlotError> {
    let branches: Vec<&BranchRecord> = data.branches.iter().filter(|b| !b.is_empty()).collect();
    let regions = branches.iter().map(|b| b.regions).max().unwrap_or(0);
    let parameter_name = branches.first().map(|b| b.parameter_name.as_str()).unwrap_or("parameter");
    let par = labels::parameter(parameter_name);

    // Curves in data coordinates, split into runs of equal stability.
    let mut curves: Vec<(bool, Vec<(f64, f64)>)> = Vec::new();
    for b in &branches {
        for (stable, first, last) in stability_runs(&b.stable) {
            let pts: Vec<(f64, f64)> =
                (first..=last).map(|p| (b.parameter[p], y_value(b, p))).filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
            if !pts.is_empty() {
                curves.push((stable, pts));
            }
        }
    }
    let specials: Vec<(&SpecialPointRecord, f64)> = data
        .special_points
        .iter()
        .filter(|sp| sp.parameter.is_finite())
        .filter_map(|sp| special_y(sp, &data.branches).map(|y| (sp, y)))
        .collect();

    let xs = curves.iter().flat_map(|(_, c)| c.iter().map(|p| p.0)).chain(specials.iter().map(|(sp, _)| sp.parameter));
    let (x_lo, x_hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let (x_lo, x_hi) = padded(x_lo, x_hi, 0.03);
    let ys = curves.iter().flat_map(|(_, c)| c.iter().map(|p| p.1)).chain(specials.iter().map(|(_, y)| *y));
    let (y_min, y_max) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| (lo.min(y), hi.max(y)));
    // Shares live in [0, 1]: show all of it for two regions, and from a round value below
    // the smallest largest-share for more.
    let y_lo = if regions == 2 || !y_min.is_finite() { 0.0 } else { ((y_min - 0.02) * 10.0).floor().max(0.0) / 10.0 };
    let y_hi = if y_max.is_finite() && y_max > 1.0 { y_max } else { 1.0 };
    let pad = 0.04 * (y_hi - y_lo);
    let (y_lo, y_hi) = (y_lo - pad, y_hi + pad);

    // Title and subtitle.
    let n_branches = branches.len();
    let title = format!("Bifurcation diagram along {}", par.axis);
    let mut subtitle = labels::model_summary(data.config_toml.as_deref(), Some(parameter_name)).unwrap_or_default();
    if !subtitle.is_empty() {
        subtitle.push_str("; ");
    }
    subtitle.push_str(&format!("{regions} regions, {n_branches} branch{}", if n_branches == 1 { "" } else { "es" }));
    let area = root.titled(&title, style::text(style::TITLE_SIZE)).map_err(PlotError::draw)?;
    let area = area.titled(&subtitle, style::text(style::SUBTITLE_SIZE)).map_err(PlotError::draw)?;

    let mut chart = ChartBuilder::on(&area)
        .margin_left(20)
        .margin_right(40)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(75)
        .y_label_area_size(95)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
        .map_err(PlotError::draw)?;
    chart
        .configure_mesh()
        .x_desc(par.axis.clone())
        .y_desc(y_label(regions, &data.region_ids))
        .axis_desc_style(style::text(style::AXIS_DESC_SIZE))
        .label_style(style::text(style::TICK_SIZE))
        .x_label_formatter(&|v| labels::tick(*v))
        .y_label_formatter(&|v| labels::tick(*v))
        .x_labels(12)
        .y_labels(12)
        .bold_line_style(style::GRID_BOLD)
        .light_line_style(style::grid_light())
        .draw()
        .map_err(PlotError::draw)?;

    // From here on everything is drawn on `root` in pixels, through chart.backend_coord.
    let (px, py) = chart.plotting_area().get_pixel_range();
    let plot = Rect { x0: px.start, y0: py.start, x1: px.end, y1: py.end };
    let to_px = |x: f64, y: f64| chart.backend_coord(&(x, y));
    let mut occupied = Occupied::default();

    // Unstable first, so stable runs are drawn on top where they meet.
    for want_stable in [false, true] {
        for (stable, pts) in curves.iter().filter(|(s, _)| *s == want_stable) {
            let pixels: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| to_px(x, y)).collect();
            occupied.add_polyline(&pixels);
            if *stable {
                root.draw(&PathElement::new(pixels, style::stable_line())).map_err(PlotError::draw)?;
            } else {
                root.draw(&DashedPathElement::new(pixels, style::DASH.0, style::DASH.1, style::unstable_line()))
                    .map_err(PlotError::draw)?;
            }
        }
    }

    // Special points: markers, then one label per kind and parameter value.
    let mut kinds: Vec<&str> = Vec::new();
    let mut marked = Vec::new();
    for (sp, y) in &specials {
        let at = to_px(sp.parameter, *y);
        root.draw(&style::marker_element(style::marker(&sp.kind), at, style::MARKER_RADIUS)).map_err(PlotError::draw)?;
        occupied.add_point(at);
        marked.push((*sp, at));
        if !kinds.contains(&sp.kind.as_str()) {
            kinds.push(&sp.kind);
        }
    }

    // Legend: stability styles present, then each kind of special point.
    let mut entries = Vec::new();
    if curves.iter().any(|(s, _)| *s) {
        entries.push(Entry { sample: Sample::Line(style::stable_line()), text: "stable".into() });
    }
    if curves.iter().any(|(s, _)| !*s) {
        entries.push(Entry { sample: Sample::Dashed(style::unstable_line()), text: "unstable".into() });
    }
    for kind in &kinds {
        let m = style::marker(kind);
        let text = if m.legend.is_empty() { kind.to_string() } else { m.legend.to_string() };
        entries.push(Entry { sample: Sample::Marker(m), text });
    }
    let size = legend::size(root, &entries)?;
    let spot = placement::corner(&plot, size, &occupied, 12);
    let legend_rect = legend::draw(root, &entries, (spot.x0, spot.y0))?;

    let font = style::text(style::POINT_LABEL_SIZE);
    let mut taken = vec![legend_rect];
    let mut labelled: Vec<(&str, f64)> = Vec::new();
    let scale = (x_hi - x_lo).abs().max(f64::MIN_POSITIVE);
    for (sp, at) in marked {
        if labelled.iter().any(|(k, p)| *k == sp.kind && (p - sp.parameter).abs() <= 1e-9 * scale) {
            continue;
        }
        labelled.push((&sp.kind, sp.parameter));
        let text = format!("{} {}={}", sp.kind.replace('-', " "), par.symbol, labels::number(sp.parameter));
        let (w, h) = root.estimate_text_size(&text, &font).map_err(PlotError::draw)?;
        let rect = placement::label(at, (w as i32 + 6, h as i32 + 4), style::MARKER_RADIUS, &plot, &occupied, &taken);
        root.draw(&Rectangle::new([(rect.x0, rect.y0), (rect.x1, rect.y1)], WHITE.mix(0.85).filled())).map_err(PlotError::draw)?;
        root.draw(&Text::new(text, (rect.x0 + 3, rect.y0 + 2), font.clone())).map_err(PlotError::draw)?;
        taken.push(rect);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::stability_runs;

    #[test]
    fn runs_share_their_boundary_points() {
        assert_eq!(stability_runs(&[]), vec![]);
        assert_eq!(stability_runs(&[true, true]), vec![(true, 0, 1)]);
        assert_eq!(stability_runs(&[false, false, true, true, true]), vec![(false, 0, 1), (true, 1, 4)]);
        assert_eq!(stability_runs(&[true, false, true]), vec![(false, 0, 1), (true, 1, 2)]);
    }
}
