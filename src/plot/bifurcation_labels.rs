//! Labels of the bifurcation diagram's special points: which marks share a label, the order
//! they are labelled in, and the row of labels below the uniform branch ([`Band`]).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::bifurcation::MAX_LABELS;
use super::placement::{self, Rect, Segment};
use super::{labels, style, PlotError};
use crate::output::SpecialPointRecord;

/// A special point as drawn: its marker position, and what its label would say.
pub(super) struct Mark<'a> {
    pub(super) sp: &'a SpecialPointRecord,
    pub(super) y: f64,
    pub(super) at: (i32, i32),
    pub(super) mode: u64,
    /// A break on the uniform (symmetric) branch: the first ones to label.
    pub(super) primary: bool,
}

/// Special points that share a marker position and a printed parameter value, labelled
/// together ("branch point / sustain T=1.2379").
pub(super) struct LabelGroup<'a> {
    pub(super) marks: Vec<&'a Mark<'a>>,
}

impl LabelGroup<'_> {
    pub(super) fn at(&self) -> (i32, i32) {
        self.marks[0].at
    }

    pub(super) fn primary(&self) -> bool {
        self.marks.iter().any(|m| m.primary)
    }

    pub(super) fn y(&self) -> f64 {
        self.marks.iter().map(|m| m.y).fold(f64::NEG_INFINITY, f64::max)
    }

    pub(super) fn kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> = Vec::new();
        for m in &self.marks {
            if !kinds.contains(&m.sp.kind.as_str()) {
                kinds.push(&m.sp.kind);
            }
        }
        kinds
    }

    /// "break T=1.9319 (mode 6)"; the mode only where it tells something (more than two
    /// regions: two regions have the one mode).
    pub(super) fn text(&self, symbol: &str, regions: usize) -> String {
        let kinds: Vec<String> = self.kinds().iter().map(|k| k.replace('-', " ")).collect();
        let mut text = format!(
            "{} {symbol}={}",
            kinds.join(" / "),
            labels::number(self.marks[0].sp.parameter)
        );
        let mode = self
            .marks
            .iter()
            .find(|m| m.sp.kind == "break" && m.mode > 0)
            .map(|m| m.mode);
        if let (Some(mode), true) = (mode, regions > 2) {
            text.push_str(&format!(" (mode {mode})"));
        }
        text
    }
}

impl LabelGroup<'_> {
    /// The label text in lines: one, or with `split` the mode (if any) on a second line.
    pub(super) fn lines(&self, symbol: &str, regions: usize, split: bool) -> Vec<String> {
        let text = self.text(symbol, regions);
        match text.rfind(" (mode ") {
            Some(k) if split => vec![text[..k].to_string(), text[k + 1..].to_string()],
            _ => vec![text],
        }
    }
}

/// The labels of the breaks on the uniform branch, in one row below it.
pub(super) struct Band {
    /// For each label: its group, box, leader line and lines of text.
    pub(super) labels: Vec<(usize, Rect, Segment, Vec<String>)>,
    /// Pixels needed from the branch down to the bottom of the plot.
    pub(super) need: i32,
}

/// Lays out [`Band`] for the primary groups of `marks` (all on one horizontal line with no
/// data below): in one row, in the order of their markers, spread apart to not overlap
/// and joined to their markers by leader lines; the mode on a second line when one line
/// each does not fit across the plot, and the least important labels left out when even
/// that does not fit.
pub(super) fn band_layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    groups: &[LabelGroup],
    symbol: &str,
    regions: usize,
    radius: i32,
    plot: &Rect,
) -> Result<Option<Band>, PlotError> {
    let font = style::text(style::POINT_LABEL_SIZE);
    let line_h = root.estimate_text_size("Tg", &font).map_err(PlotError::draw)?.1 as i32;
    let mut chosen: Vec<usize> = label_order(groups, symbol)
        .into_iter()
        .filter(|&i| groups[i].primary())
        .take(MAX_LABELS)
        .collect();
    while !chosen.is_empty() {
        let mut by_x = chosen.clone();
        by_x.sort_by_key(|&i| groups[i].at().0);
        let xs: Vec<i32> = by_x.iter().map(|&i| groups[i].at().0).collect();
        for split in [false, true] {
            let lines: Vec<Vec<String>> = by_x.iter().map(|&i| groups[i].lines(symbol, regions, split)).collect();
            let mut widths = Vec::new();
            for l in &lines {
                let mut w = 0;
                for line in l {
                    w = w.max(root.estimate_text_size(line, &font).map_err(PlotError::draw)?.0 as i32);
                }
                widths.push(w + 6);
            }
            let Some(x0s) = placement::spread(&xs, &widths, 8, plot.x0 + 2, plot.x1 - 2) else {
                continue;
            };
            let h = lines.iter().map(|l| l.len() as i32).max().unwrap_or(1) * (line_h + 2) + 2;
            let line_y = groups[by_x[0]].at().1;
            // The further a label is moved sideways, the longer the drop to it, so that its
            // leader line does not lie flat.
            let shift = xs
                .iter()
                .zip(&x0s)
                .zip(&widths)
                .map(|((&x, &x0), &w)| (x0 + w / 2 - x).abs())
                .max()
                .unwrap_or(0);
            let drop = 12 + (shift / 4).min(36);
            let top = line_y + radius + drop;
            let labels = by_x
                .iter()
                .zip(lines)
                .zip(x0s.iter().zip(&widths))
                .map(|((&i, lines), (&x0, &w))| {
                    let x = groups[i].at().0;
                    let rect = Rect::at(x0, top, (w, h));
                    (
                        i,
                        rect,
                        ((x, line_y + radius + 2), (x.clamp(x0 + 4, x0 + w - 4), top)),
                        lines,
                    )
                })
                .collect();
            return Ok(Some(Band {
                labels,
                need: radius + drop + h + 6,
            }));
        }
        chosen.pop();
    }
    Ok(None)
}

/// Groups the marks by marker position (within `near` pixels) and printed parameter, in
/// the order of their first mark.
pub(super) fn group_marks<'a>(marks: &'a [Mark<'a>], near: i32) -> Vec<LabelGroup<'a>> {
    let mut groups: Vec<LabelGroup<'a>> = Vec::new();
    for m in marks {
        let number = labels::number(m.sp.parameter);
        let same = |g: &LabelGroup| {
            let (x, y) = g.at();
            (x - m.at.0).abs() <= near
                && (y - m.at.1).abs() <= near
                && labels::number(g.marks[0].sp.parameter) == number
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.marks.push(m),
            None => groups.push(LabelGroup { marks: vec![m] }),
        }
    }
    groups
}

/// Which groups to label, in the order to place them: breaks on the uniform branch first
/// (in file order), then the rest by plotted value, largest first. A group saying what an
/// earlier one says (the same kinds at the same printed parameter: a duplicate branch, or
/// the mirror image of a two-region branch) is left out.
pub(super) fn label_order(groups: &[LabelGroup], symbol: &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&groups[a], &groups[b]);
        gb.primary().cmp(&ga.primary()).then_with(|| {
            if ga.primary() {
                a.cmp(&b)
            } else {
                gb.y().total_cmp(&ga.y()).then(a.cmp(&b))
            }
        })
    });
    let mut said: Vec<String> = Vec::new();
    order.retain(|&i| {
        let key = groups[i].text(symbol, 0);
        let new = !said.contains(&key);
        said.push(key);
        new
    });
    order
}
