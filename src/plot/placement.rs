//! Where to put boxes (the legend, point labels) so that they cover as little of the data
//! and of each other as possible. Everything here is in pixels.

/// A pixel rectangle, `x0 <= x1`, `y0 <= y1` (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    pub fn at(x0: i32, y0: i32, (w, h): (i32, i32)) -> Rect {
        Rect {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        }
    }

    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn contains(&self, (x, y): (i32, i32)) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    pub fn within(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.x1 <= outer.x1 && self.y0 >= outer.y0 && self.y1 <= outer.y1
    }

    /// The point of the rectangle nearest to `p`.
    pub fn nearest(&self, (x, y): (i32, i32)) -> (i32, i32) {
        (x.clamp(self.x0, self.x1), y.clamp(self.y0, self.y1))
    }

    /// Distance in pixels from `p` to the rectangle (0 inside).
    pub fn distance(&self, p: (i32, i32)) -> f64 {
        let q = self.nearest(p);
        ((q.0 - p.0) as f64).hypot((q.1 - p.1) as f64)
    }

    pub fn grow(&self, by: i32) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }
}

/// Pixels covered by drawn data: polylines sampled every few pixels, and markers.
#[derive(Debug, Default)]
pub struct Occupied {
    points: Vec<(i32, i32)>,
}

const STEP: f64 = 3.0;

impl Occupied {
    pub fn add_point(&mut self, p: (i32, i32)) {
        self.points.push(p);
    }

    /// Adds the pixels along a polyline.
    pub fn add_polyline(&mut self, pts: &[(i32, i32)]) {
        if let Some(&first) = pts.first() {
            self.points.push(first);
        }
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let d = ((b.0 - a.0) as f64).hypot((b.1 - a.1) as f64);
            let n = (d / STEP).ceil().max(1.0) as i32;
            for k in 1..=n {
                let t = k as f64 / n as f64;
                self.points.push((
                    a.0 + ((b.0 - a.0) as f64 * t).round() as i32,
                    a.1 + ((b.1 - a.1) as f64 * t).round() as i32,
                ));
            }
        }
    }

    /// Adds a filled rectangle (a bar), sampled on a grid.
    pub fn add_rect(&mut self, r: &Rect) {
        let mut y = r.y0;
        while y <= r.y1 {
            let mut x = r.x0;
            while x <= r.x1 {
                self.points.push((x, y));
                x += STEP as i32;
            }
            y += STEP as i32;
        }
    }

    /// How many covered pixels fall in `r`.
    pub fn hits(&self, r: &Rect) -> usize {
        self.points.iter().filter(|p| r.contains(**p)).count()
    }
}

/// The place for a box of `size` inside `plot` (inset by `margin`) covering the fewest data
/// pixels: the four corners first, then the middles of the sides.
pub fn corner(plot: &Rect, size: (i32, i32), occupied: &Occupied, margin: i32) -> Rect {
    let (w, h) = size;
    let (left, right) = (plot.x0 + margin, plot.x1 - margin - w);
    let (top, bottom) = (plot.y0 + margin, plot.y1 - margin - h);
    let (mid_x, mid_y) = ((plot.x0 + plot.x1 - w) / 2, (plot.y0 + plot.y1 - h) / 2);
    let candidates = [
        (right, top),
        (left, top),
        (right, bottom),
        (left, bottom),
        (right, mid_y),
        (left, mid_y),
        (mid_x, top),
        (mid_x, bottom),
    ];
    candidates
        .iter()
        .map(|&(x, y)| Rect::at(x, y, size))
        .min_by_key(|r| occupied.hits(&r.grow(4)))
        .expect("candidates are not empty")
}

/// A straight line between two pixels.
pub type Segment = ((i32, i32), (i32, i32));

/// Whether `seg` passes through `r` (sampled every pixel).
pub fn crosses(seg: &Segment, r: &Rect) -> bool {
    let ((x0, y0), (x1, y1)) = *seg;
    let n = (x1 - x0).abs().max((y1 - y0).abs()).max(1);
    (0..=n).any(|k| {
        let t = k as f64 / n as f64;
        r.contains((
            x0 + ((x1 - x0) as f64 * t).round() as i32,
            y0 + ((y1 - y0) as f64 * t).round() as i32,
        ))
    })
}

/// Point labels placed so far: their boxes (and the legend's), and their leader lines.
#[derive(Debug, Default)]
pub struct Placed {
    pub boxes: Vec<Rect>,
    pub leaders: Vec<Segment>,
}

/// The leader line from a marker of radius `r` at `at` to its label `rect`, when the label
/// is not right next to the marker: from just outside the marker to the nearest point of
/// the label.
pub fn leader(at: (i32, i32), r: i32, rect: &Rect) -> Option<Segment> {
    if rect.distance(at) <= (r + 12) as f64 {
        return None;
    }
    let end = rect.nearest(at);
    let (dx, dy) = ((end.0 - at.0) as f64, (end.1 - at.1) as f64);
    let d = dx.hypot(dy);
    let start = (
        at.0 + (dx / d * (r + 2) as f64).round() as i32,
        at.1 + (dy / d * (r + 2) as f64).round() as i32,
    );
    Some((start, end))
}

/// The place for a label of `size` next to a marker of radius `r` at `at`: the spot, among
/// the eight around the marker (and two and four steps further out, then with a leader
/// line), inside `plot`, that overlaps no box already placed (labels, the legend), no
/// leader line and no other marker (`markers`), whose leader line crosses none of them
/// either, and that covers the fewest data pixels, counting every 8 pixels of distance from
/// the marker as one more (a label next to its marker may cross a curve rather than go far
/// away). `None` when every spot is blocked: the label is better left out than drawn over
/// another.
pub fn label(
    at: (i32, i32),
    size: (i32, i32),
    r: i32,
    plot: &Rect,
    occupied: &Occupied,
    placed: &Placed,
    markers: &[Rect],
) -> Option<Rect> {
    let (w, h) = size;
    let (x, y) = at;
    let mut candidates = Vec::new();
    for far in [1, 3, 5] {
        let g = r + 4 + (far - 1) * 10;
        candidates.extend([
            (x + g, y - g - h),     // upper right
            (x - g - w, y - g - h), // upper left
            (x + g, y + g),         // lower right
            (x - g - w, y + g),     // lower left
            (x + g + 2, y - h / 2), // right
            (x - g - 2 - w, y - h / 2),
            (x - w / 2, y - g - h), // above
            (x - w / 2, y + g),     // below
        ]);
    }
    let free = |rect: &Rect| {
        let blocks = |o: &Rect| o.overlaps(rect) || leader(at, r, rect).is_some_and(|l| crosses(&l, o));
        rect.within(plot)
            && !placed.boxes.iter().any(blocks)
            && !markers.iter().any(blocks)
            && !placed.leaders.iter().any(|l| crosses(l, &rect.grow(1)))
    };
    candidates
        .iter()
        .enumerate()
        .map(|(i, &(cx, cy))| (Rect::at(cx, cy, size), i))
        .filter(|(rect, _)| free(rect))
        .min_by_key(|(rect, i)| {
            (
                occupied.hits(&rect.grow(2)) + (rect.distance(at) / 8.0).round() as usize,
                *i,
            )
        })
        .map(|(rect, _)| rect)
}

/// Left edges for labels of widths `widths` in one row between `left` and `right`, in the
/// order given (the order of their markers along the row), at least `gap` apart, each as
/// near as can be to centred on its marker (`xs`): labels that would overlap are moved
/// apart as a block centred on the mean of their wishes. `None` when they do not fit.
pub fn spread(xs: &[i32], widths: &[i32], gap: i32, left: i32, right: i32) -> Option<Vec<i32>> {
    let n = xs.len();
    let total: i32 = widths.iter().sum::<i32>() + gap * (n as i32 - 1).max(0);
    if total > right - left {
        return None;
    }
    // Offsets of each label's left edge within its block, and each label's wish.
    let wish: Vec<f64> = xs
        .iter()
        .zip(widths)
        .map(|(&x, &w)| x as f64 - w as f64 / 2.0)
        .collect();
    // Blocks: (first, last) label, left edge.
    let mut blocks: Vec<(usize, usize, f64)> = Vec::new();
    let offset = |first: usize, k: usize| -> f64 { (first..k).map(|j| (widths[j] + gap) as f64).sum() };
    let width = |first: usize, last: usize| -> f64 { offset(first, last) + widths[last] as f64 };
    let place = |first: usize, last: usize| -> f64 {
        let mean = (first..=last).map(|k| wish[k] - offset(first, k)).sum::<f64>() / (last - first + 1) as f64;
        mean.clamp(left as f64, right as f64 - width(first, last))
    };
    for i in 0..n {
        blocks.push((i, i, place(i, i)));
        while let [.., (f0, l0, x0), (_, l1, x1)] = blocks[..] {
            if x0 + width(f0, l0) + gap as f64 <= x1 + 1e-9 {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            blocks.push((f0, l1, place(f0, l1)));
        }
    }
    let mut out = vec![0; n];
    for (first, last, x) in blocks {
        for (k, slot) in out.iter_mut().enumerate().take(last + 1).skip(first) {
            *slot = (x + offset(first, k)).round() as i32;
        }
    }
    Some(out)
}

/// `pts` without repeated points and without the middle points of straight runs (three
/// points in a line, going on in the same direction).
///
/// Plotters draws a line wider than one pixel as a polygon, rounding the offset corners at
/// the two ends but truncating them at a middle point in a straight line: a horizontal
/// 3-pixel line then sits a pixel lower at its ends than in between, so that a flat branch
/// visibly dips over its first and last segments. Without straight-through middle points
/// every corner is rounded the same way.
pub fn simplify(pts: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
    for &p in pts {
        if out.last() == Some(&p) {
            continue;
        }
        if let [.., a, b] = out[..] {
            let (u, v) = ((b.0 - a.0) as i64, (b.1 - a.1) as i64);
            let (s, t) = ((p.0 - b.0) as i64, (p.1 - b.1) as i64);
            if u * t - v * s == 0 && u * s + v * t > 0 {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
#[path = "placement_tests.rs"]
mod tests;
