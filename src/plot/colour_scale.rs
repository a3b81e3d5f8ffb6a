//! How a map's values become colours. Three scales:
//! - sequential (levels: shares, wages, prices): viridis from the smallest to the largest
//!   value;
//! - diverging (ratios counterfactual / baseline): ColorBrewer's RdBu, white at exactly 1 and
//!   symmetric about it (the farther of the two ends from 1 sets both), so that a fall and a
//!   rise of the same size get colours of the same strength;
//! - counts (whole numbers, e.g. numbers of equilibria): one viridis colour per integer and
//!   ticks on the integers only.
//!
//! Equal values never get the two extreme colours: a flat field (all finite values equal to
//! within 1e-9 relative) is drawn in one middle colour and the colour bar says "all equal".

use plotters::style::RGBColor;

use super::labels;

/// Viridis at eight evenly spaced stops (perceptually uniform, colour-blind safe).
const VIRIDIS: [(u8, u8, u8); 8] = [
    (68, 1, 84),
    (70, 50, 127),
    (54, 92, 141),
    (39, 127, 142),
    (31, 161, 135),
    (74, 194, 109),
    (159, 218, 58),
    (253, 231, 37),
];

/// ColorBrewer RdBu, 11 classes (Brewer, colorbrewer2.org): red for falls, white in the
/// middle, blue for rises.
const RDBU: [(u8, u8, u8); 11] = [
    (103, 0, 31),
    (178, 24, 43),
    (214, 96, 77),
    (244, 165, 130),
    (253, 219, 199),
    (247, 247, 247),
    (209, 229, 240),
    (146, 197, 222),
    (67, 147, 195),
    (33, 102, 172),
    (5, 48, 97),
];

/// Grey for values that are not finite (drawn, and named in the colour bar's note).
pub const MISSING: RGBColor = RGBColor(190, 190, 190);

fn interpolate(stops: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.5 };
    let x = t * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The viridis colour of t in [0, 1].
pub fn viridis(t: f64) -> RGBColor {
    interpolate(&VIRIDIS, t)
}

/// The RdBu colour of t in [0, 1] (0.5: white).
pub fn diverging(t: f64) -> RGBColor {
    interpolate(&RDBU, t)
}

/// What the values are, which picks the scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// Levels: sequential.
    Level,
    /// Ratios to a baseline: diverging about 1.
    Ratio,
    /// Whole numbers: one colour per integer.
    Count,
}

/// A colour scale fitted to a set of values.
#[derive(Debug, Clone, PartialEq)]
pub struct ColourScale {
    pub measure: Measure,
    /// The value at the bar's left (bottom) end and at its right (top) end.
    pub lo: f64,
    pub hi: f64,
    /// `Some(v)` when every finite value equals v: one colour, no gradient.
    pub flat: Option<f64>,
    /// How many values were not finite (drawn grey).
    pub missing: usize,
}

impl ColourScale {
    /// The scale of `measure` for `values` (non-finite values are left out of the range).
    pub fn fit(measure: Measure, values: &[f64]) -> ColourScale {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let missing = values.len() - finite.len();
        let (lo, hi) = finite
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        if finite.is_empty() {
            return ColourScale {
                measure,
                lo: 0.0,
                hi: 1.0,
                flat: None,
                missing,
            };
        }
        let scale = lo.abs().max(hi.abs());
        let flat = (hi - lo <= 1e-9 * scale || scale == 0.0).then_some((lo + hi) / 2.0);
        let (lo, hi) = match (measure, flat) {
            (_, Some(v)) => (v, v),
            (Measure::Ratio, None) => {
                let half = (1.0 - lo).abs().max((hi - 1.0).abs());
                (1.0 - half, 1.0 + half)
            }
            (Measure::Count, None) => (lo.round(), hi.round()),
            (Measure::Level, None) => (lo, hi),
        };
        ColourScale {
            measure,
            lo,
            hi,
            flat,
            missing,
        }
    }

    /// Where `v` sits on the bar, in [0, 1] (0.5 for a flat field; counts at the middle of
    /// their own band).
    pub fn position(&self, v: f64) -> f64 {
        if self.flat.is_some() {
            return 0.5;
        }
        match self.measure {
            Measure::Count => {
                let bands = self.hi - self.lo + 1.0;
                ((v.round() - self.lo + 0.5) / bands).clamp(0.0, 1.0)
            }
            _ => ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0),
        }
    }

    /// The colour of `v`.
    pub fn colour(&self, v: f64) -> RGBColor {
        if !v.is_finite() {
            return MISSING;
        }
        self.colour_at(self.position(v))
    }

    /// The colour at position `t` of the bar.
    pub fn colour_at(&self, t: f64) -> RGBColor {
        match (self.measure, self.flat) {
            // A flat ratio: white at 1, else a light shade of a fall or a rise.
            (Measure::Ratio, Some(v)) if (v - 1.0).abs() <= 1e-9 => diverging(0.5),
            (Measure::Ratio, Some(v)) => diverging(if v > 1.0 { 0.7 } else { 0.3 }),
            (Measure::Ratio, None) => diverging(t),
            (_, Some(_)) => viridis(0.5),
            (Measure::Count, None) => {
                // One colour per band: the colour of the band's middle.
                let bands = self.hi - self.lo + 1.0;
                let k = (t * bands).floor().min(bands - 1.0).max(0.0);
                let n = bands.max(2.0) - 1.0;
                viridis(k / n)
            }
            _ => viridis(t),
        }
    }

    /// The bar's ticks: (position in [0, 1], text).
    pub fn ticks(&self) -> Vec<(f64, String)> {
        if let Some(v) = self.flat {
            let v = if self.measure == Measure::Count {
                labels::tick(v)
            } else {
                labels::number(v)
            };
            return vec![(0.5, format!("all equal: {v}"))];
        }
        match self.measure {
            Measure::Count => {
                let n = (self.hi - self.lo) as i64 + 1;
                let step = nice_integer_step(n, 10);
                (0..n)
                    .filter(|k| k % step == 0)
                    .map(|k| {
                        let v = self.lo + k as f64;
                        (self.position(v), labels::tick(v))
                    })
                    .collect()
            }
            _ => nice_ticks(self.lo, self.hi, 6)
                .into_iter()
                .map(|v| (self.position(v), labels::tick(v)))
                .collect(),
        }
    }
}

/// Round tick values within [lo, hi]: steps of 1, 2 or 5 times a power of ten, about
/// `target` of them (at least two when the range is not empty).
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(hi > lo) || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            // Round to the step's decimals, so that 0.6000000000000001 is 0.6.
            let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
            (v * scale).round() / scale
        })
        .collect()
}

/// The step (1, 2, 5, 10, ...) that shows at most `max` of `n` consecutive integers.
pub fn nice_integer_step(n: i64, max: i64) -> i64 {
    let mut step = 1;
    for s in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] {
        step = s;
        if n.div_euclid(s) < max {
            break;
        }
    }
    step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_field_gets_one_middle_colour() {
        let s = ColourScale::fit(Measure::Level, &[0.25; 4]);
        assert_eq!(s.flat, Some(0.25));
        assert_eq!(s.colour(0.25), viridis(0.5));
        assert_ne!(s.colour(0.25), viridis(0.0));
        assert_ne!(s.colour(0.25), viridis(1.0));
        assert_eq!(s.ticks().len(), 1);
        // The bar is one colour too.
        assert_eq!(s.colour_at(0.0), s.colour_at(1.0));
        assert!(s.ticks()[0].1.contains("all equal"), "{:?}", s.ticks());
        // Equal to within rounding is flat too.
        let s = ColourScale::fit(Measure::Level, &[1.0 / 3.0, 1.0 / 3.0 + 1e-16]);
        assert!(s.flat.is_some());
    }

    #[test]
    fn ratios_are_centred_on_one() {
        for values in [[0.9, 1.02, 1.05], [1.01, 1.02, 1.3], [0.5, 0.7, 0.99]] {
            let s = ColourScale::fit(Measure::Ratio, &values);
            assert!(((s.lo + s.hi) / 2.0 - 1.0).abs() < 1e-12, "{s:?}");
            assert_eq!(s.colour(1.0), diverging(0.5));
            assert!((s.position(1.0) - 0.5).abs() < 1e-12);
        }
        let s = ColourScale::fit(Measure::Ratio, &[0.9, 1.05]);
        assert!((s.lo - 0.9).abs() < 1e-12 && (s.hi - 1.1).abs() < 1e-12, "{s:?}");
        // No change anywhere: white, not the ends of the scale.
        let s = ColourScale::fit(Measure::Ratio, &[1.0; 5]);
        assert_eq!(s.colour(1.0), RGBColor(247, 247, 247));
    }

    #[test]
    fn counts_tick_on_integers() {
        let s = ColourScale::fit(Measure::Count, &[1.0, 3.0, 5.0, 3.0]);
        let ticks = s.ticks();
        assert_eq!(
            ticks.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
            ["1", "2", "3", "4", "5"]
        );
        // One colour per integer, distinct between integers.
        assert_ne!(s.colour(1.0), s.colour(3.0));
        assert_eq!(s.colour(3.0), s.colour_at(s.position(3.0)));
        let many = ColourScale::fit(Measure::Count, &[0.0, 100.0]);
        assert_eq!(many.ticks().len(), 6, "{:?}", many.ticks());
    }

    #[test]
    fn nice_ticks_are_round_and_inside() {
        let t = nice_ticks(0.0312, 0.0371, 6);
        assert!(t.len() >= 3, "{t:?}");
        assert!(t.iter().all(|v| (0.0312..=0.0371).contains(v)), "{t:?}");
        assert_eq!(nice_ticks(0.0, 1.0, 5), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }

    #[test]
    fn missing_values_are_grey_and_counted() {
        let s = ColourScale::fit(Measure::Level, &[1.0, f64::NAN, 2.0]);
        assert_eq!(s.missing, 1);
        assert_eq!(s.colour(f64::NAN), MISSING);
        assert_eq!((s.lo, s.hi), (1.0, 2.0));
    }
}
