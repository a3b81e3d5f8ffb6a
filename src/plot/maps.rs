//! Maps: locations coloured by a per-location quantity (population share, wage, ARSW
//! residents, workers and floor prices, changes after a counterfactual), one panel per
//! quantity, each with its colour bar ([`super::colour_scale`]: levels sequential, ratios
//! diverging about 1, a flat field in one middle colour). Lattices (grid, torus,
//! border-grid, ARSW blocks on a grid) are drawn as heat maps of their cells; other layouts
//! with coordinates as coloured discs at their (x, y), great-circle ones at (longitude,
//! latitude) with x stretched by cos(latitude); layouts without coordinates as a row of discs
//! in region order. Axes are labelled; discs carry their ids where there are few enough to
//! place without overlap ([`super::placement::label`]).

use plotters::coord::Shift;
use plotters::element::{Circle, EmptyElement, Rectangle, Text};
use plotters::prelude::{ChartBuilder, DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, BLACK};

use super::colour_scale::{ColourScale, Measure};
use super::placement::{self, Occupied, Placed, Rect};
use super::{colour_bar, labels, style, PlotError};
use crate::output::{CoordinateSystem, MapLayer, MapRecord};

/// Above this many discs, ids are not drawn.
const MAX_LABELLED: usize = 40;

/// Whether the layout is a lattice of cells.
pub fn is_lattice(kind: &str) -> bool {
    matches!(kind, "grid" | "torus" | "border-grid" | "arsw-grid")
}

/// The figure width for `panels` panels (PNG pixels / SVG units), height [`style::SIZE`].1.
pub fn size(panels: usize) -> (u32, u32) {
    let w = (640 * panels.max(1) as u32).max(style::SIZE.0);
    (w, style::SIZE.1)
}

/// `data` with only the layers to draw: those named `quantity` (e.g. "residents_change",
/// which an ARSW counterfactual has with and without spillovers), else the default ones.
/// `Err` lists the quantities the file has.
pub fn select(mut data: MapRecord, quantity: Option<&str>) -> Result<MapRecord, String> {
    match quantity.map(|q| q.trim().replace('-', "_")) {
        Some(q) => {
            if !data.layers.iter().any(|l| l.quantity == q) {
                let mut names: Vec<&str> = data.layers.iter().map(|l| l.quantity.as_str()).collect();
                names.dedup();
                return Err(format!(
                    "no \"{q}\" to map (this file has {}): use --quantity with one of them",
                    names.join(", ")
                ));
            }
            data.layers.retain(|l| l.quantity == q);
        }
        None => data.layers.retain(|l| l.default),
    }
    Ok(data)
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, data: &MapRecord) -> Result<(), PlotError> {
    let layers = &data.layers;
    let mut subtitle = labels::model_summary(data.config_toml.as_deref(), None).unwrap_or_default();
    if !subtitle.is_empty() {
        subtitle.push_str("; ");
    }
    subtitle.push_str(&format!("{} locations, {}", data.ids.len(), data.source));
    // Ratios (counterfactual / baseline) are changes, not an equilibrium.
    let changes = !layers.is_empty() && layers.iter().all(|l| l.ratio);
    let what = match (data.kind.starts_with("arsw"), changes) {
        (true, false) => "Map of the city".to_string(),
        (true, true) => "Map of the city: counterfactual changes".to_string(),
        (false, false) => format!("Map of the equilibrium ({} geography)", data.kind),
        (false, true) => format!("Map of the counterfactual changes ({} geography)", data.kind),
    };
    let root = root.margin(12, 0, 0, 0);
    let area = root
        .titled(&what, style::text(style::TITLE_SIZE))
        .map_err(PlotError::draw)?;
    let area = area
        .titled(
            &fit_text(&area, &subtitle, style::SUBTITLE_SIZE)?,
            style::text(style::SUBTITLE_SIZE),
        )
        .map_err(PlotError::draw)?;
    let panels = area.split_evenly((1, layers.len().max(1)));
    for (panel, layer) in panels.iter().zip(layers) {
        draw_panel(panel, data, layer)?;
    }
    Ok(())
}

/// `text` shortened with "…" to the width of `area`.
fn fit_text<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, size: f64) -> Result<String, PlotError> {
    let max = area.dim_in_pixel().0 as i32 - 30;
    let font = style::text(size);
    let mut s = text.to_string();
    while area.estimate_text_size(&s, &font).map_err(PlotError::draw)?.0 as i32 > max && s.chars().count() > 4 {
        let keep = s.chars().count() - 2;
        s = s.chars().take(keep).collect::<String>() + "…";
    }
    Ok(s)
}

/// The panel's title on one or two lines that fit its width (split at a comma or space near
/// the middle).
fn title_lines<DB: DrawingBackend>(panel: &DrawingArea<DB, Shift>, title: &str) -> Result<Vec<String>, PlotError> {
    let font = style::text(style::AXIS_DESC_SIZE);
    let max = panel.dim_in_pixel().0 as i32 - 24;
    let width = |s: &str| panel.estimate_text_size(s, &font).map(|d| d.0 as i32);
    if width(title).map_err(PlotError::draw)? <= max {
        return Ok(vec![title.to_string()]);
    }
    let mid = title.len() / 2;
    let split = title
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| {
            let comma = title[..i].ends_with(',') || title[i + 1..].starts_with('(');
            (i.abs_diff(mid) as i64) - if comma { 8 } else { 0 }
        });
    Ok(match split {
        Some(i) => vec![title[..i].to_string(), title[i + 1..].to_string()],
        None => vec![title.to_string()],
    })
}

/// Axis words for the coordinate system: (x, y).
fn axis_words(system: CoordinateSystem) -> (&'static str, &'static str) {
    match system {
        CoordinateSystem::Cells => ("column", "row"),
        CoordinateSystem::Planar => ("x", "y"),
        CoordinateSystem::LatLon => ("longitude (°E)", "latitude (°N)"),
        CoordinateSystem::Kilometres => ("x (km)", "y (km)"),
    }
}

/// Where each location goes on the page, in plot units: (lon, lat) for great-circle
/// geographies, the coordinates otherwise, region order in a row when there are none.
fn positions(data: &MapRecord) -> Vec<(f64, f64)> {
    match &data.coordinates {
        Some(c) if data.system == CoordinateSystem::LatLon => c.iter().map(|p| (p[1], p[0])).collect(),
        Some(c) => c.iter().map(|p| (p[0], p[1])).collect(),
        None => (0..data.ids.len()).map(|i| (i as f64, 0.0)).collect(),
    }
}

fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if !lo.is_finite() {
        (0.0, 1.0)
    } else {
        (lo, hi)
    }
}

/// The smallest positive gap between distinct values (the lattice spacing), 1 if none.
fn spacing(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.filter(|v| v.is_finite()).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    let d = v
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 1e-9)
        .fold(f64::INFINITY, f64::min);
    if d.is_finite() {
        d
    } else {
        1.0
    }
}

fn draw_panel<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    data: &MapRecord,
    layer: &MapLayer,
) -> Result<(), PlotError> {
    let (w, h) = panel.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let title_font = style::text(style::AXIS_DESC_SIZE).pos(Pos::new(HPos::Center, VPos::Top));
    let lines = title_lines(panel, &layer.label)?;
    for (k, line) in lines.iter().enumerate() {
        panel
            .draw(&Text::new(line.clone(), (w / 2, 6 + 30 * k as i32), title_font.clone()))
            .map_err(PlotError::draw)?;
    }
    let top = 14 + 30 * lines.len() as i32;
    let bottom = colour_bar::HEIGHT + 16;
    let measure = if layer.ratio { Measure::Ratio } else { Measure::Level };
    let scale = ColourScale::fit(measure, &layer.values);
    let pos = positions(data);
    let lattice = is_lattice(&data.kind) && data.coordinates.is_some();
    let no_coordinates = data.coordinates.is_none();
    // The data rectangle, padded by half a cell (lattices) or a disc's room (points).
    let (mut x0, mut x1) = range(pos.iter().map(|p| p.0));
    let (mut y0, mut y1) = range(pos.iter().map(|p| p.1));
    let (sx, sy) = if lattice {
        (spacing(pos.iter().map(|p| p.0)), spacing(pos.iter().map(|p| p.1)))
    } else {
        (0.0, 0.0)
    };
    if lattice {
        (x0, x1, y0, y1) = (x0 - sx / 2.0, x1 + sx / 2.0, y0 - sy / 2.0, y1 + sy / 2.0);
    } else {
        let span = (x1 - x0).max(y1 - y0).max(1e-9);
        let pad = span * 0.08;
        (x0, x1, y0, y1) = (x0 - pad, x1 + pad, y0 - pad, y1 + pad);
        if no_coordinates {
            (y0, y1) = (-1.0, 1.0);
        }
    }
    // Equal scales on both axes (for latitude and longitude: a degree of longitude is
    // cos(latitude) of one of latitude, at the map's middle latitude).
    let stretch = if data.system == CoordinateSystem::LatLon {
        ((y0 + y1) / 2.0).to_radians().cos().max(0.1)
    } else {
        1.0
    };
    let (label_x, label_y) = (62, 78);
    let avail_w = (w - label_y - 30).max(20);
    let avail_h = (h - top - bottom - label_x).max(20);
    let aspect = if no_coordinates {
        avail_w as f64 / avail_h as f64
    } else {
        (x1 - x0) * stretch / (y1 - y0).max(1e-12)
    };
    let (pw, ph) = if avail_w as f64 / avail_h as f64 > aspect {
        (((avail_h as f64) * aspect).round() as i32, avail_h)
    } else {
        (avail_w, ((avail_w as f64) / aspect).round() as i32)
    };
    let left = (w - pw - label_y) / 2;
    let map_area = panel.margin(top, h - top - ph - label_x, left, w - left - label_y - pw);
    let (xw, yw) = axis_words(data.system);
    let mut cc = ChartBuilder::on(&map_area)
        .x_label_area_size(label_x)
        .y_label_area_size(label_y)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(PlotError::draw)?;
    let cells = data.system == CoordinateSystem::Cells;
    let tick = |v: &f64| {
        if cells {
            // Columns and rows count from 1, as the ids do.
            if (v - v.round()).abs() < 1e-9 {
                labels::tick(v + 1.0)
            } else {
                String::new()
            }
        } else {
            labels::tick(*v)
        }
    };
    let mut mesh = cc.configure_mesh();
    mesh.disable_mesh()
        .axis_desc_style(style::text(style::AXIS_DESC_SIZE - 2.0))
        .label_style(style::text(style::TICK_SIZE - 2.0))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .x_labels(6)
        .y_labels(6);
    if no_coordinates {
        mesh.x_desc("region (in order; no coordinates)").y_labels(0);
    } else {
        mesh.x_desc(xw).y_desc(yw);
    }
    mesh.draw().map_err(PlotError::draw)?;
    if lattice {
        cc.draw_series(pos.iter().zip(&layer.values).map(|(p, v)| {
            Rectangle::new(
                [(p.0 - sx / 2.0, p.1 - sy / 2.0), (p.0 + sx / 2.0, p.1 + sy / 2.0)],
                scale.colour(*v).filled(),
            )
        }))
        .map_err(PlotError::draw)?;
    } else {
        draw_points(&mut cc, data, layer, &pos, &scale)?;
    }
    let (px, _) = cc.plotting_area().get_pixel_range();
    let (ox, _) = panel.get_base_pixel();
    let (bx0, bx1) = ((px.start - ox).max(30), (px.end - ox).min(w - 30));
    let (bx0, bx1) = if bx1 - bx0 < 240 {
        ((w / 2 - 150).max(10), (w / 2 + 150).min(w - 10))
    } else {
        (bx0, bx1)
    };
    let caption = match (measure, scale.flat) {
        (_, Some(_)) => "the same at every location".to_string(),
        (Measure::Ratio, None) => "ratio; white: 1 (no change), red: fall, blue: rise".to_string(),
        _ => "low to high".to_string(),
    };
    colour_bar::draw(panel, &scale, (bx0, bx1), h - bottom + 8, &caption)?;
    Ok(())
}

type Chart<'a, DB> = plotters::chart::ChartContext<
    'a,
    DB,
    plotters::coord::cartesian::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// Discs at `pos` coloured by the layer, with their ids where they fit.
fn draw_points<DB: DrawingBackend>(
    cc: &mut Chart<'_, DB>,
    data: &MapRecord,
    layer: &MapLayer,
    pos: &[(f64, f64)],
    scale: &ColourScale,
) -> Result<(), PlotError> {
    let n = pos.len().max(1);
    let (px, py) = cc.plotting_area().get_pixel_range();
    let side = (px.end - px.start).min(py.end - py.start) as f64;
    let r = (side / (n as f64).sqrt() / 4.0).clamp(4.0, 26.0) as i32;
    let pixels: Vec<(i32, i32)> = pos.iter().map(|p| cc.backend_coord(p)).collect();
    for (p, v) in pos.iter().zip(&layer.values) {
        let fill = scale.colour(*v).filled();
        cc.draw_series([EmptyElement::at(*p)
            + Circle::new((0, 0), r, fill)
            + Circle::new((0, 0), r, BLACK.stroke_width(1))])
            .map_err(PlotError::draw)?;
    }
    if n > MAX_LABELLED {
        return Ok(());
    }
    let plot = Rect {
        x0: px.start,
        y0: py.start,
        x1: px.end,
        y1: py.end,
    };
    let markers: Vec<Rect> = pixels
        .iter()
        .map(|&(x, y)| Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        })
        .collect();
    let mut occupied = Occupied::default();
    for p in &pixels {
        occupied.add_point(*p);
    }
    let font = style::text(style::POINT_LABEL_SIZE).pos(Pos::new(HPos::Left, VPos::Top));
    let mut placed = Placed::default();
    let area = cc.plotting_area();
    for ((id, at), p) in data.ids.iter().zip(&pixels).zip(pos) {
        let size = area.estimate_text_size(id, &font).map_err(PlotError::draw)?;
        let size = (size.0 as i32 + 2, size.1 as i32 + 2);
        let Some(rect) = placement::label(*at, size, r, &plot, &occupied, &placed, &markers) else {
            continue;
        };
        if let Some(l) = placement::leader(*at, r, &rect) {
            let (a, b) = ((l.0 .0 - at.0, l.0 .1 - at.1), (l.1 .0 - at.0, l.1 .1 - at.1));
            area.draw(&(EmptyElement::at(*p) + plotters::element::PathElement::new(vec![a, b], style::LEADER)))
                .map_err(PlotError::draw)?;
            placed.leaders.push(l);
        }
        let offset = (rect.x0 - at.0 + 1, rect.y0 - at.1 + 1);
        area.draw(&(EmptyElement::at(*p) + Text::new(id.clone(), offset, font.clone())))
            .map_err(PlotError::draw)?;
        placed.boxes.push(rect);
    }
    Ok(())
}
