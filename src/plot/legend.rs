//! The legend box, drawn by hand so that its place is known (point labels avoid it) and it
//! can go in whichever corner of the plot the data leave empty.

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, PathElement, Rectangle, Text};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBColor, ShapeStyle, BLACK, WHITE};

use super::placement::Rect;
use super::style::{self, Marker};
use super::PlotError;

/// What the legend shows left of an entry's text.
#[derive(Debug, Clone)]
pub enum Sample {
    Line(ShapeStyle),
    Dashed(ShapeStyle),
    Marker(Marker),
    Bar(RGBColor),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub sample: Sample,
    pub text: String,
}

const SAMPLE_WIDTH: i32 = 48;
const PAD: i32 = 12;
const GAP: i32 = 10;

fn line_height() -> i32 {
    (style::LEGEND_SIZE * 1.45).round() as i32
}

/// Width and height of the legend box for `entries`.
pub fn size<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, entries: &[Entry]) -> Result<(i32, i32), PlotError> {
    let font = style::text(style::LEGEND_SIZE);
    let mut w = 0;
    for e in entries {
        w = w.max(root.estimate_text_size(&e.text, &font).map_err(PlotError::draw)?.0 as i32);
    }
    Ok((
        PAD * 2 + SAMPLE_WIDTH + GAP + w,
        PAD * 2 + line_height() * entries.len() as i32 - (line_height() - style::LEGEND_SIZE as i32),
    ))
}

/// Draws the legend with its top-left corner at `at` (pixels of `root`).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    at: (i32, i32),
) -> Result<Rect, PlotError> {
    let (w, h) = size(root, entries)?;
    let rect = Rect {
        x0: at.0,
        y0: at.1,
        x1: at.0 + w,
        y1: at.1 + h,
    };
    root.draw(&Rectangle::new(
        [(rect.x0, rect.y0), (rect.x1, rect.y1)],
        WHITE.mix(0.92).filled(),
    ))
    .map_err(PlotError::draw)?;
    root.draw(&Rectangle::new(
        [(rect.x0, rect.y0), (rect.x1, rect.y1)],
        BLACK.mix(0.6).stroke_width(1),
    ))
    .map_err(PlotError::draw)?;
    let font = style::text(style::LEGEND_SIZE).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, e) in entries.iter().enumerate() {
        let top = rect.y0 + PAD + i as i32 * line_height();
        let mid = top + style::LEGEND_SIZE as i32 / 2;
        let (x0, x1) = (rect.x0 + PAD, rect.x0 + PAD + SAMPLE_WIDTH);
        match &e.sample {
            Sample::Line(s) => root.draw(&PathElement::new(vec![(x0, mid), (x1, mid)], *s)),
            Sample::Dashed(s) => root.draw(&DashedPathElement::new(
                vec![(x0, mid), (x1, mid)],
                style::DASH.0,
                style::DASH.1,
                *s,
            )),
            Sample::Marker(m) => root.draw(&style::marker_element(*m, ((x0 + x1) / 2, mid), style::MARKER_RADIUS)),
            Sample::Bar(c) => {
                let half = style::LEGEND_SIZE as i32 / 2;
                root.draw(&Rectangle::new(
                    [(x0 + 8, mid - half), (x1 - 8, mid + half)],
                    c.filled(),
                ))
            }
        }
        .map_err(PlotError::draw)?;
        // Centred on the sample (2 px lower: the glyphs' visual centre sits above the em box's).
        root.draw(&Text::new(e.text.clone(), (x1 + GAP, mid + 2), font.clone()))
            .map_err(PlotError::draw)?;
    }
    Ok(rect)
}
