//! The confidence band a track's line is drawn in on the timeline, and the words that say how a
//! keyframe's value stands with its evidence (contested, without support), shared by the
//! compass, the timeline and the slides.
//!
//! The band is not a statistical interval: it pictures how sure the analyst says they are
//! ([`Confidence::band_half_width`](super::Confidence::band_half_width)), wide for Low and
//! narrow for High. It runs from value − w to value + w, clamped to −1…+1, and follows the line
//! exactly: both the value and w change linearly between keyframes (or are held), so the band's
//! edges are straight between the line's own vertices, except where an edge meets ±1, where a
//! vertex is added so clamping does not cut a corner.

use std::ops::Range;

use super::map::{Interpolation, Keyframe, Role};

/// One vertex of a track's line as drawn: the date, the value, and the band's half-width there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinePoint {
    /// The date, as a fractional year.
    pub x: f64,
    /// The value drawn there.
    pub value: f64,
    /// The band's half-width there, in strength units.
    pub half_width: f64,
}

/// The vertices of a track's line for the keyframes in `range` (the part in view): each
/// keyframe where `at` draws it (a dragged one where the drag has it), a held value as a step
/// to the next keyframe, and the line extended flat to `span` at the track's ends when the
/// range reaches them. Pushed onto `out`, which is not cleared.
pub fn line_points(
    track: &[Keyframe],
    range: Range<usize>,
    span: (f64, f64),
    at: impl Fn(usize, &Keyframe) -> (f64, f64),
    out: &mut Vec<LinePoint>,
) {
    let (Some(first), Some(last)) = (track.first(), track.last()) else {
        return;
    };
    let n = track.len();
    let (lo, hi) = (range.start.min(n), range.end.min(n));
    let point = |(x, value): (f64, f64), k: &Keyframe| LinePoint {
        x,
        value,
        half_width: k.confidence.band_half_width(),
    };
    let start = point(at(0, first), first);
    if lo == 0 && span.0 < start.x {
        out.push(LinePoint { x: span.0, ..start });
    }
    for (i, k) in track.iter().enumerate().take(hi).skip(lo) {
        let p = point(at(i, k), k);
        out.push(p);
        if k.interpolation == Interpolation::Hold
            && let Some(next) = track.get(i + 1)
        {
            // A step: hold the value (and the band) until the next keyframe, then jump.
            out.push(LinePoint {
                x: at(i + 1, next).0,
                ..p
            });
        }
    }
    let end = point(at(n - 1, last), last);
    if hi == n && span.1 > end.x {
        out.push(LinePoint { x: span.1, ..end });
    }
}

/// A band as three columns, the form a plot's filled area takes: at each `x`, from `lower` to
/// `upper`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Band {
    /// The dates, in the line's order.
    pub x: Vec<f64>,
    /// The lower edge at each date.
    pub lower: Vec<f64>,
    /// The upper edge at each date.
    pub upper: Vec<f64>,
}

impl Band {
    /// Empty the band, keeping its allocations.
    pub fn clear(&mut self) {
        self.x.clear();
        self.lower.clear();
        self.upper.clear();
    }

    /// Whether the band has nothing to fill.
    pub fn is_empty(&self) -> bool {
        self.x.len() < 2
    }

    fn push(&mut self, x: f64, lower: f64, upper: f64) {
        self.x.push(x);
        self.lower.push(lower);
        self.upper.push(upper);
    }

    /// Replace the band with the one around `line`: value ± half-width, clamped to −1…+1, with
    /// a vertex added wherever an edge meets ±1 between two of the line's vertices.
    pub fn rebuild(&mut self, line: &[LinePoint]) {
        self.clear();
        self.x.reserve(line.len());
        self.lower.reserve(line.len());
        self.upper.reserve(line.len());
        let mut prev: Option<(f64, f64, f64)> = None;
        for p in line {
            let (lower, upper) = (p.value - p.half_width, p.value + p.half_width);
            if let Some((x0, lower0, upper0)) = prev
                && p.x > x0
                && !(within_unit(lower0)
                    && within_unit(upper0)
                    && within_unit(lower)
                    && within_unit(upper))
            {
                self.cut_at_limits((x0, lower0, upper0), (p.x, lower, upper));
            }
            self.push(p.x, clamp_unit(lower), clamp_unit(upper));
            prev = Some((p.x, lower, upper));
        }
    }

    /// Vertices where an edge of the band from `a` to `b` (each `(x, lower, upper)`, not yet
    /// clamped) crosses −1 or +1, in order along the segment.
    fn cut_at_limits(&mut self, a: (f64, f64, f64), b: (f64, f64, f64)) {
        // Where along the segment an edge crosses a limit, as fractions 0..1.
        let mut cuts = [f64::NAN; 4];
        for (slot, (from, to, limit)) in cuts.iter_mut().zip([
            (a.1, b.1, -1.0),
            (a.1, b.1, 1.0),
            (a.2, b.2, -1.0),
            (a.2, b.2, 1.0),
        ]) {
            if (from - limit) * (to - limit) < 0.0 {
                *slot = (limit - from) / (to - from);
            }
        }
        cuts.sort_by(f64::total_cmp);
        for t in cuts.into_iter().filter(|t| t.is_finite()) {
            let lerp = |u: f64, v: f64| u + (v - u) * t;
            self.push(
                lerp(a.0, b.0),
                clamp_unit(lerp(a.1, b.1)),
                clamp_unit(lerp(a.2, b.2)),
            );
        }
    }
}

/// Whether a value lies within −1…+1.
fn within_unit(value: f64) -> bool {
    (-1.0..=1.0).contains(&value)
}

/// A value kept within the compass's −1…+1.
fn clamp_unit(value: f64) -> f64 {
    value.clamp(-1.0, 1.0)
}

/// A strength ± a half-width, clamped to −1…+1: the ends of the band at a compass arrow's tip.
pub fn band_ends(strength: f64, half_width: f64) -> (f64, f64) {
    (
        clamp_unit(strength - half_width),
        clamp_unit(strength + half_width),
    )
}

/// The legend's line for the band across an arrow's tip, on the compass and the slides.
pub const BAND_LEGEND: &str = "pale band across a tip: the analyst's confidence, wide = low";
/// The legend's line for the mark of a contested value, on the compass and the slides.
pub const CONTESTED_LEGEND: &str = "ring with ≠ by a tip: contested, evidence points against it";

/// Every line of the compass's legend, in order, for the window, the PNG slides and the SVG
/// alike: the arrow styles and the net tilt, the band, the contested mark when one is drawn
/// (`contested`), the net tilt's trail when one is drawn (`trail_years` above 0), and the other
/// map's marks when comparing.
pub fn compass_legend(trail_years: f64, comparing: bool, contested: bool) -> Vec<String> {
    let mut lines: Vec<String> = [
        "solid arrow, filled head: leaning toward the power",
        "dashed arrow, hollow head: leaning away from it",
        "outlined arrow: net tilt, the mean of the arrows shown",
        BAND_LEGEND,
    ]
    .map(str::to_owned)
    .into();
    if contested {
        lines.push(CONTESTED_LEGEND.to_owned());
    }
    if trail_years.is_finite() && trail_years > 0.0 {
        lines.push(format!(
            "fading line behind it: where the net tilt was in the last {trail_years} years"
        ));
    }
    if comparing {
        lines.push("small ring on a thin dashed line: the other map's value".to_owned());
    }
    lines
}

/// How a keyframe's value stands with its evidence, as the compass and timeline say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// How many quotes are attached.
    pub quotes: usize,
    /// How many of them point against the value.
    pub against: usize,
    /// Whether none of them backs it.
    pub unsupported: bool,
}

impl Standing {
    /// The standing of a keyframe.
    pub fn of(keyframe: &Keyframe) -> Self {
        Self {
            quotes: keyframe.evidence.len(),
            // A keyframe still to judge has no value for a quote to point against.
            against: if keyframe.unjudged {
                0
            } else {
                keyframe
                    .evidence
                    .iter()
                    .filter(|e| e.role == Role::Contradicts)
                    .count()
            },
            unsupported: keyframe.is_unsupported(),
        }
    }

    /// Whether some evidence points against the value.
    pub fn is_contested(self) -> bool {
        self.against > 0
    }

    /// Whether the compass and timeline should warn: no support, or counter-evidence.
    pub fn warns(self) -> bool {
        self.unsupported || self.is_contested()
    }

    /// Its evidence in words: "2 quotes"; "no evidence — a claim without support"; "contested:
    /// 2 of 5 quotes point against it"; "2 quotes, none in support".
    pub fn phrase(self) -> String {
        let Self {
            quotes,
            against,
            unsupported,
        } = self;
        let count = if quotes == 1 {
            "1 quote".to_owned()
        } else {
            format!("{quotes} quotes")
        };
        if quotes == 0 {
            "no evidence — a claim without support".to_owned()
        } else if against > 0 {
            let point = if against == 1 { "points" } else { "point" };
            let support = if unsupported { ", none for it" } else { "" };
            format!("contested: {against} of {count} {point} against it{support}")
        } else if unsupported {
            format!("{count}, none in support")
        } else {
            count
        }
    }

    /// The few words written beside a selected arrow's tip: "no evidence", "no support",
    /// "contested", or both; `None` when nothing is amiss.
    pub fn short(self) -> Option<&'static str> {
        match (self.quotes == 0, self.unsupported, self.is_contested()) {
            (true, _, _) => Some("no evidence"),
            (false, true, true) => Some("contested, no support"),
            (false, true, false) => Some("no support"),
            (false, false, true) => Some("contested"),
            (false, false, false) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Confidence, Date, Dimension, Evidence, SourceId};

    fn kf(year: i32, strength: f64, confidence: Confidence, hold: bool) -> Keyframe {
        Keyframe {
            unjudged: false,
            date: Date::year(year),
            strength,
            confidence,
            interpolation: if hold {
                Interpolation::Hold
            } else {
                Interpolation::Linear
            },
            reasoning: String::new(),
            evidence: Vec::new(),
        }
    }

    fn drawn(track: &[Keyframe], span: (f64, f64)) -> Vec<LinePoint> {
        let mut out = Vec::new();
        line_points(
            track,
            0..track.len(),
            span,
            |_, k| (k.date.to_year_f64(), k.strength),
            &mut out,
        );
        out
    }

    fn band(track: &[Keyframe], span: (f64, f64)) -> Band {
        let mut band = Band::default();
        band.rebuild(&drawn(track, span));
        band
    }

    fn evidence(role: Role) -> Evidence {
        Evidence {
            quote: "q".into(),
            source: SourceId("s".into()),
            locator: String::new(),
            dimension: Dimension::Political,
            role,
        }
    }

    #[test]
    fn low_confidence_is_wider_than_high() {
        let low = band(&[kf(2000, 0.0, Confidence::Low, false)], (1990.0, 2010.0));
        let high = band(&[kf(2000, 0.0, Confidence::High, false)], (1990.0, 2010.0));
        let width = |b: &Band| b.upper[1] - b.lower[1];
        assert!(width(&low) > 3.0 * width(&high), "{low:?} {high:?}");
        assert_eq!(low.x, [1990.0, 2000.0, 2010.0]);
        assert!((width(&low) - 0.5).abs() < 1e-12);
        // Between a Low and a High keyframe the band narrows linearly, like the value moves.
        let both = band(
            &[
                kf(2000, 0.0, Confidence::Low, false),
                kf(2010, 0.0, Confidence::High, false),
            ],
            (2000.0, 2010.0),
        );
        assert_eq!(both.x, [2000.0, 2010.0]);
        assert!((both.upper[0] - 0.25).abs() < 1e-12 && (both.upper[1] - 0.05).abs() < 1e-12);
        let track = [
            kf(2000, 0.0, Confidence::Low, false),
            kf(2010, 0.0, Confidence::High, false),
        ];
        let mid = crate::model::band_half_width_at(&track, 2005.0).unwrap();
        assert!((f64::midpoint(both.upper[0], both.upper[1]) - mid).abs() < 1e-12);
    }

    #[test]
    fn the_band_is_clamped_to_the_scale_with_a_vertex_where_it_meets_the_edge() {
        // From 0.5 to 1.0 at Low: the upper edge runs 0.75 → 1.25 and meets +1 half way.
        let b = band(
            &[
                kf(2000, 0.5, Confidence::Low, false),
                kf(2010, 1.0, Confidence::Low, false),
            ],
            (2000.0, 2010.0),
        );
        assert!(
            b.upper
                .iter()
                .chain(&b.lower)
                .all(|v| (-1.0..=1.0).contains(v))
        );
        assert_eq!(b.x.len(), 3, "{b:?}");
        assert!((b.x[1] - 2005.0).abs() < 1e-9 && (b.upper[1] - 1.0).abs() < 1e-12);
        assert_eq!(b.upper[2], 1.0);
        assert!((b.lower[2] - 0.75).abs() < 1e-12);
        // At the compass's tip, the same clamping.
        assert_eq!(band_ends(-0.9, 0.25), (-1.0, -0.65));
        let (lo, hi) = band_ends(0.9, 0.05);
        assert!((lo - 0.85).abs() < 1e-12 && (hi - 0.95).abs() < 1e-12);
    }

    #[test]
    fn a_held_value_holds_its_band_and_steps_with_it() {
        let track = [
            kf(2000, 0.2, Confidence::Low, true),
            kf(2010, 0.6, Confidence::High, false),
        ];
        let b = band(&track, (2000.0, 2010.0));
        // The held Low band runs to the next keyframe, then steps to the High one.
        assert_eq!(b.x, [2000.0, 2010.0, 2010.0]);
        let pairs: Vec<(f64, f64)> = b.lower.iter().copied().zip(b.upper.clone()).collect();
        let close = |(a, b): (f64, f64), (c, d): (f64, f64)| (a - c).abs() + (b - d).abs() < 1e-12;
        assert!(close(pairs[0], (-0.05, 0.45)), "{pairs:?}");
        assert!(close(pairs[1], (-0.05, 0.45)), "{pairs:?}");
        assert!(close(pairs[2], (0.55, 0.65)), "{pairs:?}");
        // Sampled between, the model's own half-width agrees: held, not blended.
        assert_eq!(crate::model::band_half_width_at(&track, 2009.9), Some(0.25));
    }

    #[test]
    fn only_the_keyframes_in_view_are_drawn_with_the_ends_extended() {
        let track: Vec<Keyframe> = (0..10)
            .map(|i| kf(2000 + i, 0.0, Confidence::Medium, false))
            .collect();
        let span = (1990.0, 2020.0);
        let mut part = Vec::new();
        line_points(
            &track,
            3..6,
            span,
            |_, k| (k.date.to_year_f64(), 0.0),
            &mut part,
        );
        let xs: Vec<f64> = part.iter().map(|p| p.x).collect();
        assert_eq!(xs, [2003.0, 2004.0, 2005.0]);
        let all = drawn(&track, span);
        assert_eq!((all[0].x, all[11].x, all.len()), (1990.0, 2020.0, 12));
        // A dragged keyframe is drawn where the drag has it, band and all.
        let mut live = Vec::new();
        line_points(
            &track,
            0..1,
            (2000.0, 2000.0),
            |i, k| (k.date.to_year_f64(), if i == 0 { 0.5 } else { 0.0 }),
            &mut live,
        );
        assert_eq!(live[0].value, 0.5);
        let mut none = Vec::new();
        line_points(&[], 0..3, span, |_, _| (0.0, 0.0), &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn contested_and_unsupported_values_are_said_in_plain_words() {
        let mut k = kf(2000, 0.5, Confidence::Low, false);
        assert_eq!(
            Standing::of(&k).phrase(),
            "no evidence — a claim without support"
        );
        assert_eq!(Standing::of(&k).short(), Some("no evidence"));
        k.evidence = vec![evidence(Role::Supports)];
        assert_eq!(Standing::of(&k).phrase(), "1 quote");
        assert!(!Standing::of(&k).warns());
        k.evidence = [Role::Supports, Role::Contradicts, Role::Supports]
            .into_iter()
            .chain([Role::Qualifies, Role::Contradicts])
            .map(evidence)
            .collect();
        let s = Standing::of(&k);
        assert!(s.is_contested() && !s.unsupported && s.warns());
        assert_eq!(s.phrase(), "contested: 2 of 5 quotes point against it");
        assert_eq!(s.short(), Some("contested"));
        k.evidence = vec![evidence(Role::Contradicts)];
        assert_eq!(
            Standing::of(&k).phrase(),
            "contested: 1 of 1 quote points against it, none for it"
        );
        assert_eq!(Standing::of(&k).short(), Some("contested, no support"));
        k.evidence = vec![evidence(Role::Qualifies), evidence(Role::Qualifies)];
        assert_eq!(Standing::of(&k).phrase(), "2 quotes, none in support");
        assert_eq!(Standing::of(&k).short(), Some("no support"));
    }

    #[test]
    fn a_keyframe_still_to_judge_is_neither_contested_nor_unsupported() {
        let mut k = kf(2000, 0.0, Confidence::Low, false);
        k.evidence = vec![evidence(Role::Contradicts), evidence(Role::Qualifies)];
        assert!(k.is_contested() && k.is_unsupported());
        k.unjudged = true;
        assert!(!k.is_contested() && !k.is_unsupported());
        let s = Standing::of(&k);
        assert!(!s.warns());
        assert_eq!(s.phrase(), "2 quotes");
        assert_eq!(s.short(), None);
    }
}
