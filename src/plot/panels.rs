//! Several figures side by side (three or more in a grid) in one file (`agglo plot A.h5 B.h5 ...`): each panel is drawn
//! on its own canvas of the single-figure size, exactly as it would be alone, and the canvases
//! are put next to each other: pixels copied into one PNG, or nested `<svg x=...>` elements in
//! one SVG. So every figure kind works as a panel without knowing it is one.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

use super::PlotError;

/// Draws `panels` with `draw_png` or `draw_svg` (each on a `(w, h)` canvas), left to right
/// and then top to bottom, into `path`.
pub fn compose<T>(
    path: &Path,
    png: bool,
    (w, h): (u32, u32),
    panels: &[T],
    draw_png: impl Fn(DrawingArea<BitMapBackend<'_>, Shift>, &T) -> Result<(), PlotError>,
    draw_svg: impl Fn(DrawingArea<SVGBackend<'_>, Shift>, &T) -> Result<(), PlotError>,
) -> Result<(), PlotError> {
    let n = panels.len() as u32;
    // One row of up to two panels; three and more in a near-square grid.
    let cols = if n <= 2 {
        n.max(1)
    } else {
        (n as f64).sqrt().ceil() as u32
    };
    let rows = n.div_ceil(cols);
    let total = (w * cols, h * rows);
    let at = |i: usize| ((i as u32 % cols) * w, (i as u32 / cols) * h);
    if png {
        let mut canvases = Vec::with_capacity(panels.len());
        for p in panels {
            let mut buf = vec![255u8; (w * h * 3) as usize];
            {
                draw_png(BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area(), p)?;
            }
            canvases.push(buf);
        }
        let mut backend = BitMapBackend::new(path, total);
        backend
            .draw_rect((0, 0), (total.0 as i32, total.1 as i32), &plotters::style::WHITE, true)
            .map_err(PlotError::draw)?;
        for (i, buf) in canvases.iter().enumerate() {
            let (x, y) = at(i);
            backend
                .blit_bitmap((x as i32, y as i32), (w, h), buf)
                .map_err(PlotError::draw)?;
        }
        backend.present().map_err(PlotError::draw)
    } else {
        let mut out = format!(
            "<svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
            total.0, total.1, total.0, total.1
        );
        for (i, p) in panels.iter().enumerate() {
            let mut text = String::new();
            {
                draw_svg(SVGBackend::with_string(&mut text, (w, h)).into_drawing_area(), p)?;
            }
            // Drop an XML declaration if any, and place the panel's own <svg> at its x.
            let body = text.trim_start();
            let body = match body.strip_prefix("<?xml") {
                Some(rest) => rest.split_once("?>").map(|(_, b)| b.trim_start()).unwrap_or(body),
                None => body,
            };
            let (x, y) = at(i);
            let placed = body.replacen("<svg ", &format!("<svg x=\"{x}\" y=\"{y}\" "), 1);
            out.push_str(&placed);
            out.push('\n');
        }
        out.push_str("</svg>\n");
        std::fs::write(path, out).map_err(PlotError::draw)
    }
}
