//! A horizontal colour bar for a [`ColourScale`]: the gradient (or one band per integer for
//! counts, or the one colour of a flat field), ticks with round values, and a caption under
//! it (what the colours show, and the grey of values that are not finite).

use plotters::coord::Shift;
use plotters::element::{Rectangle, Text};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, BLACK};

use super::colour_scale::{ColourScale, MISSING};
use super::placement::Rect;
use super::{style, PlotError};

/// Height of the bar itself (pixels).
pub const BAR_HEIGHT: i32 = 22;
/// Height the bar needs with its ticks and caption.
pub const HEIGHT: i32 = BAR_HEIGHT + 70;

/// Draws the bar of `scale` across `x0..x1` with its top at `y0`, captioned `caption`.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: &ColourScale,
    (x0, x1): (i32, i32),
    y0: i32,
    caption: &str,
) -> Result<Rect, PlotError> {
    let x1 = x1.max(x0 + 2);
    let y1 = y0 + BAR_HEIGHT;
    let width = x1 - x0;
    for k in 0..width {
        let t = (k as f64 + 0.5) / width as f64;
        area.draw(&Rectangle::new(
            [(x0 + k, y0), (x0 + k + 1, y1)],
            scale.colour_at(t).filled(),
        ))
        .map_err(PlotError::draw)?;
    }
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], BLACK.stroke_width(1)))
        .map_err(PlotError::draw)?;
    let font = style::text(style::TICK_SIZE).pos(Pos::new(HPos::Center, VPos::Top));
    let ticks = scale.ticks();
    // Leave out ticks whose labels would touch the previous one.
    let mut right_of_last = i32::MIN;
    for (t, text) in &ticks {
        let x = x0 + (t * width as f64).round() as i32;
        let w = area.estimate_text_size(text, &font).map_err(PlotError::draw)?.0 as i32;
        if x - w / 2 < right_of_last + 8 {
            continue;
        }
        right_of_last = x + w / 2;
        if scale.flat.is_none() {
            area.draw(&Rectangle::new([(x, y1), (x + 1, y1 + 6)], BLACK.filled()))
                .map_err(PlotError::draw)?;
        }
        area.draw(&Text::new(text.clone(), (x, y1 + 8), font.clone()))
            .map_err(PlotError::draw)?;
    }
    let mut caption = caption.to_string();
    if scale.missing > 0 {
        caption.push_str(&format!("; grey: {} not finite", scale.missing));
    }
    let caption_font = style::text(style::TICK_SIZE).pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(caption, ((x0 + x1) / 2, y1 + 36), caption_font))
        .map_err(PlotError::draw)?;
    if scale.missing > 0 {
        // A swatch of the grey at the bar's right end.
        area.draw(&Rectangle::new([(x1 + 6, y0), (x1 + 20, y1)], MISSING.filled()))
            .map_err(PlotError::draw)?;
    }
    Ok(Rect {
        x0,
        y0,
        x1,
        y1: y0 + HEIGHT,
    })
}
