//! The look of the figures, in one place: size, fonts, colours (Okabe–Ito, readable by
//! colour-blind readers), line styles for stable and unstable branches, and one marker per
//! kind of special point.

use plotters::element::{Circle, Cross, DynElement, EmptyElement, IntoDynElement, PathElement, Polygon};
use plotters::prelude::DrawingBackend;

/// A point in pixels of the drawing area.
type BackendCoord = (i32, i32);
use plotters::style::{Color, RGBColor, ShapeStyle, TextStyle, BLACK, WHITE};

use super::font::FAMILY;

/// Figure size in pixels (PNG) and user units (SVG).
pub const SIZE: (u32, u32) = (1200, 800);

pub const TITLE_SIZE: f64 = 30.0;
pub const SUBTITLE_SIZE: f64 = 20.0;
pub const AXIS_DESC_SIZE: f64 = 24.0;
pub const TICK_SIZE: f64 = 19.0;
pub const LEGEND_SIZE: f64 = 19.0;
pub const POINT_LABEL_SIZE: f64 = 18.0;

/// Okabe–Ito blue: stable branches and equilibria.
pub const STABLE: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito vermillion: unstable branches and equilibria.
pub const UNSTABLE: RGBColor = RGBColor(213, 94, 0);
/// Equilibria whose stability was not computed (short run).
pub const NEUTRAL: RGBColor = RGBColor(90, 90, 90);
/// Background of a group of bars.
pub const GROUP_BAND: RGBColor = RGBColor(225, 225, 225);
/// Leader lines from a point label to its marker.
pub const LEADER: RGBColor = RGBColor(110, 110, 110);
/// Grid lines (at the labelled ticks only).
pub const GRID_BOLD: RGBColor = RGBColor(215, 215, 215);

/// Line width of branches (pixels), and the thinner one of diagrams with many branches.
pub const LINE_WIDTH: u32 = 3;
pub const THIN_LINE_WIDTH: u32 = 2;
/// Above this many distinct branch curves, lines are thin and markers small.
pub const MANY_BRANCHES: usize = 12;
/// Dash and gap lengths (pixels) of unstable branches.
pub const DASH: (i32, i32) = (12, 8);

pub fn text(size: f64) -> TextStyle<'static> {
    (FAMILY, size).into()
}

/// No minor grid lines: they crowd the curves.
pub fn grid_light() -> ShapeStyle {
    WHITE.mix(0.0).stroke_width(0)
}

pub fn stable_line(width: u32) -> ShapeStyle {
    STABLE.stroke_width(width)
}

pub fn unstable_line(width: u32) -> ShapeStyle {
    UNSTABLE.stroke_width(width)
}

/// Marker shapes for special points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    InvertedTriangle,
    Diamond,
    Cross,
}

/// How one kind of special point is drawn and named in the legend.
#[derive(Debug, Clone, Copy)]
pub struct Marker {
    pub shape: Shape,
    pub color: RGBColor,
    /// Legend text, e.g. "break point".
    pub legend: &'static str,
}

/// The marker of a special-point kind ("break", "sustain", "fold", "branch-point",
/// "boundary", "hopf"); other kinds get a grey circle and their own name.
pub fn marker(kind: &str) -> Marker {
    let (shape, color, legend) = match kind {
        "break" => (Shape::Circle, RGBColor(230, 159, 0), "break point"),
        "sustain" => (Shape::Square, RGBColor(0, 158, 115), "sustain point"),
        "fold" => (Shape::Triangle, RGBColor(204, 121, 167), "fold"),
        "branch-point" => (Shape::Diamond, RGBColor(86, 180, 233), "branch point"),
        "boundary" => (Shape::Cross, RGBColor(0, 0, 0), "boundary (a share reaches 0)"),
        "hopf" => (Shape::InvertedTriangle, RGBColor(240, 228, 66), "Hopf point"),
        _ => (Shape::Circle, RGBColor(160, 160, 160), ""),
    };
    Marker { shape, color, legend }
}

/// Marker half-size in pixels.
pub const MARKER_RADIUS: i32 = 9;
/// Marker half-size when a diagram has many special points.
pub const SMALL_MARKER_RADIUS: i32 = 6;
/// Above this many special points, markers are small.
pub const MANY_POINTS: usize = 24;

/// The marker drawn with its centre at `at` (pixels of the area it is drawn on), filled, with
/// a black outline.
pub fn marker_element<'a, DB: DrawingBackend + 'a>(
    m: Marker,
    at: BackendCoord,
    r: i32,
) -> DynElement<'a, DB, BackendCoord> {
    let outline = BLACK.stroke_width(2);
    let fill = m.color.filled();
    let polygon = |pts: Vec<BackendCoord>| {
        let mut closed = pts.clone();
        closed.push(pts[0]);
        (EmptyElement::at(at) + Polygon::new(pts, fill) + PathElement::new(closed, outline)).into_dyn()
    };
    match m.shape {
        Shape::Circle => {
            (EmptyElement::at(at) + Circle::new((0, 0), r, fill) + Circle::new((0, 0), r, outline)).into_dyn()
        }
        Shape::Square => {
            let s = r * 8 / 10;
            polygon(vec![(-s, -s), (s, -s), (s, s), (-s, s)])
        }
        Shape::Triangle => polygon(vec![(0, -r - 2), (r + 2, r - 1), (-r - 2, r - 1)]),
        Shape::InvertedTriangle => polygon(vec![(0, r + 2), (r + 2, -r + 1), (-r - 2, -r + 1)]),
        Shape::Diamond => polygon(vec![(0, -r - 2), (r + 2, 0), (0, r + 2), (-r - 2, 0)]),
        Shape::Cross => (EmptyElement::at(at) + Cross::new((0, 0), r - 1, m.color.stroke_width(3))).into_dyn(),
    }
}
