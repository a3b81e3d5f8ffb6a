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
        Rect { x0, y0, x1: x0 + w, y1: y0 + h }
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

    pub fn grow(&self, by: i32) -> Rect {
        Rect { x0: self.x0 - by, y0: self.y0 - by, x1: self.x1 + by, y1: self.y1 + by }
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
                self.points.push((a.0 + ((b.0 - a.0) as f64 * t).round() as i32, a.1 + ((b.1 - a.1) as f64 * t).round() as i32));
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

/// The place for a label of `size` next to a marker of radius `r` at `at`: the spot, among
/// the eight around the marker (and twice as far out), inside `plot`, that overlaps no
/// label already placed (`taken`) and covers the fewest data pixels.
pub fn label(at: (i32, i32), size: (i32, i32), r: i32, plot: &Rect, occupied: &Occupied, taken: &[Rect]) -> Rect {
    let (w, h) = size;
    let (x, y) = at;
    let mut candidates = Vec::new();
    for far in [1, 3] {
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
    let score = |rect: &Rect| -> usize {
        let outside = if rect.within(plot) { 0 } else { 1_000_000 };
        let overlapping = taken.iter().filter(|t| t.overlaps(rect)).count() * 10_000;
        outside + overlapping + occupied.hits(&rect.grow(2))
    };
    candidates
        .iter()
        .enumerate()
        .map(|(i, &(cx, cy))| (Rect::at(cx, cy, size), i))
        .min_by_key(|(rect, i)| (score(rect), *i))
        .map(|(rect, _)| rect)
        .expect("candidates are not empty")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_goes_where_there_is_no_data() {
        let plot = Rect { x0: 0, y0: 0, x1: 1000, y1: 600 };
        let mut occ = Occupied::default();
        // A line along the top from left to right, and one down the right side.
        occ.add_polyline(&[(0, 20), (1000, 20)]);
        occ.add_polyline(&[(980, 0), (980, 600)]);
        let r = corner(&plot, (200, 100), &occ, 10);
        assert_eq!((r.x0, r.y1), (10, 590), "lower left: {r:?}");
    }

    #[test]
    fn labels_avoid_each_other_and_stay_inside() {
        let plot = Rect { x0: 0, y0: 0, x1: 400, y1: 300 };
        let occ = Occupied::default();
        let first = label((390, 10), (80, 20), 8, &plot, &occ, &[]);
        assert!(first.within(&plot));
        let second = label((390, 10), (80, 20), 8, &plot, &occ, &[first]);
        assert!(second.within(&plot) && !second.overlaps(&first));
    }
}
