//! The compass's geometry, free of egui, so every surface that draws the compass (the window
//! and the PNG slides through `ui::compass`, the SVG through `slides::svg`) places things the
//! same way: the radius, the rings, where a bearing points, where an arrow's tip and head go,
//! where a zero value's small ring sits, and on which side of a point a label goes.
//!
//! Positions are on the page or screen: `x` to the right, `y` down. The functions are generic
//! over [`Scalar`] (`f32` for egui, `f64` for the SVG) so each surface keeps computing in its
//! own precision, with the same operations in the same order as before they were shared.

use std::ops::{Add, Div, Mul, Neg, Sub};

use super::bearing_unit;

/// The compass radius as a fraction of the shorter side of its area; the rest is room for
/// the powers' names.
pub const RADIUS_FRACTION: f64 = 0.38;
/// The radius at which stroke widths and sizes are meant (see [`scaled`]).
pub const REFERENCE_RADIUS: f64 = 200.0;
/// The rings, as fractions of the radius, with their labels.
pub const RINGS: [(f64, &str); 4] = [(0.25, "0.25"), (0.5, "0.5"), (0.75, "0.75"), (1.0, "1")];
/// A strength closer to zero than this is drawn as a small ring instead of an arrow.
pub const ZERO_STRENGTH: f64 = 0.005;
/// The width of the powers' arrows on a compass of [`REFERENCE_RADIUS`], in points.
pub const ARROW_WIDTH: f64 = 4.0;
/// The width of the net-tilt arrow on a compass of [`REFERENCE_RADIUS`], in points.
pub const NET_TILT_WIDTH: f64 = 6.0;
/// Smallest font size on the compass, so it reads from a small panel to full screen.
pub const MIN_FONT_SIZE: f64 = 11.0;
/// Largest font size on the compass; see [`MIN_FONT_SIZE`].
pub const MAX_FONT_SIZE: f64 = 28.0;
/// The powers' names, as a fraction of the radius (before [`font_size`] clamps it).
pub const NAME_FONT_FRACTION: f64 = 0.085;
/// The values printed at the arrows' tips.
pub const LABEL_FONT_FRACTION: f64 = 0.065;
/// The rings' labels.
pub const RING_FONT_FRACTION: f64 = 0.05;
/// How far a direction must lean (as a component of a unit vector) before a label beside a
/// point moves off centre to that side.
const SIDE_LEAN: f64 = 0.35;

/// A number the geometry computes in: `f32` (egui) or `f64` (SVG).
pub trait Scalar:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// A constant or an `f64` value in this precision.
    fn of(value: f64) -> Self;
    /// The smaller of two numbers.
    #[must_use]
    fn min(self, other: Self) -> Self;
    /// The larger of two numbers.
    #[must_use]
    fn max(self, other: Self) -> Self;
    /// This number as an `f64`.
    fn to_f64(self) -> f64;
}

impl Scalar for f32 {
    fn of(value: f64) -> Self {
        value as f32
    }
    fn min(self, other: Self) -> Self {
        f32::min(self, other)
    }
    fn max(self, other: Self) -> Self {
        f32::max(self, other)
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Scalar for f64 {
    fn of(value: f64) -> Self {
        value
    }
    fn min(self, other: Self) -> Self {
        f64::min(self, other)
    }
    fn max(self, other: Self) -> Self {
        f64::max(self, other)
    }
    fn to_f64(self) -> f64 {
        self
    }
}

/// A point or a direction on the page (`y` down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point<T> {
    /// Rightward.
    pub x: T,
    /// Downward.
    pub y: T,
}

impl<T: Scalar> Point<T> {
    /// `length` along `dir` from here.
    #[must_use]
    pub fn offset(self, dir: Self, length: T) -> Self {
        Self {
            x: self.x + dir.x * length,
            y: self.y + dir.y * length,
        }
    }

    /// This direction turned a quarter clockwise on the page (as egui's `rot90`).
    #[must_use]
    pub fn rot90(self) -> Self {
        Self {
            x: self.y,
            y: -self.x,
        }
    }
}

/// The compass radius for an area of `width × height`.
pub fn compass_radius<T: Scalar>(width: T, height: T) -> T {
    T::of(RADIUS_FRACTION) * width.min(height)
}

/// A size meant for a compass of [`REFERENCE_RADIUS`], scaled to one of `radius`.
pub fn scaled<T: Scalar>(radius: T, size_at_reference: T) -> T {
    size_at_reference * radius / T::of(REFERENCE_RADIUS)
}

/// A size meant for a compass of [`REFERENCE_RADIUS`], scaled to one of `radius` and kept
/// within `min..=max` so it stays visible on a small compass and quiet on a large one.
fn scaled_within<T: Scalar>(radius: T, size_at_reference: f64, min: f64, max: f64) -> T {
    scaled(radius, T::of(size_at_reference))
        .max(T::of(min))
        .min(T::of(max))
}

/// The sizes of a compass's strokes, discs and type, from its radius.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompassSizes<T> {
    /// The powers' arrows.
    pub arrow_width: T,
    /// The net-tilt arrow.
    pub net_tilt_width: T,
    /// The spokes along each power's axis.
    pub spoke_width: T,
    /// The rings.
    pub ring_width: T,
    /// The radius of the subject's disc at the centre.
    pub subject_disc: T,
    /// The radius of the small ring that stands for a zero value.
    pub zero_ring: T,
    /// The values at the arrows' tips.
    pub label_font: T,
    /// The powers' names.
    pub name_font: T,
    /// The rings' labels.
    pub ring_font: T,
}

impl<T: Scalar> CompassSizes<T> {
    /// The sizes for a compass of `radius`.
    pub fn new(radius: T) -> Self {
        Self {
            arrow_width: scaled_within(radius, ARROW_WIDTH, 1.5, 9.0),
            net_tilt_width: scaled_within(radius, NET_TILT_WIDTH, 2.5, 12.0),
            spoke_width: scaled_within(radius, 1.0, 1.0, 2.0),
            ring_width: scaled_within(radius, 1.0, 0.75, 2.0),
            subject_disc: scaled_within(radius, 6.0, 3.0, 12.0),
            zero_ring: scaled_within(radius, 7.0, 4.0, 12.0),
            label_font: font_size(radius, T::of(LABEL_FONT_FRACTION)),
            name_font: font_size(radius, T::of(NAME_FONT_FRACTION)),
            ring_font: font_size(radius, T::of(RING_FONT_FRACTION)),
        }
    }
}

/// A font size that is `fraction` of the radius, clamped to stay readable.
pub fn font_size<T: Scalar>(radius: T, fraction: T) -> T {
    (fraction * radius)
        .max(T::of(MIN_FONT_SIZE))
        .min(T::of(MAX_FONT_SIZE))
}

/// Whether a strength is drawn as a small ring rather than an arrow.
pub fn is_zero_strength(strength: f64) -> bool {
    strength.abs() < ZERO_STRENGTH
}

/// The page direction of a compass bearing (0° up, 90° right), as a unit vector.
pub fn direction<T: Scalar>(bearing_deg: f64) -> Point<T> {
    let unit = bearing_unit(bearing_deg);
    Point {
        x: T::of(unit.x),
        y: -T::of(unit.y),
    }
}

/// Where the arrow of a power at `bearing_dir` with value `strength` points (away from the
/// power when negative) and where its tip is, for an arrow from `start` on a compass of
/// `radius`. A zero value has no arrow: see [`zero_ring_center`].
pub fn arrow_tip<T: Scalar>(
    start: Point<T>,
    bearing_dir: Point<T>,
    strength: f64,
    radius: T,
) -> (Point<T>, Point<T>) {
    let sign = T::of(strength.signum());
    let dir = Point {
        x: bearing_dir.x * sign,
        y: bearing_dir.y * sign,
    };
    (dir, start.offset(dir, T::of(strength.abs()) * radius))
}

/// Where the marker of a measured value sits on a compass of `radius` around `center`: at the
/// point the tip of an arrow of strength `scaled` would reach along `bearing_dir` (the same rule
/// as [`arrow_tip`]), the value first clamped to −1…+1 (a measurement beyond its indicator's
/// range sits on the outer ring). A value that is not a number sits at the centre.
pub fn measured_marker_at<T: Scalar>(
    center: Point<T>,
    bearing_dir: Point<T>,
    scaled: f64,
    radius: T,
) -> Point<T> {
    let strength = if scaled.is_finite() {
        scaled.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    arrow_tip(center, bearing_dir, strength, radius).1
}

/// The half-diagonal of a measured value's diamond marker for arrows of `arrow_width`.
pub fn measured_marker_size<T: Scalar>(arrow_width: T) -> T {
    (arrow_width * T::of(1.6)).max(T::of(5.0))
}

/// The corners of a measured value's diamond marker around `center` (top, right, bottom,
/// left on the page), `half` from the centre to each corner.
pub fn measured_marker<T: Scalar>(center: Point<T>, half: T) -> [Point<T>; 4] {
    [
        Point {
            x: center.x,
            y: center.y - half,
        },
        Point {
            x: center.x + half,
            y: center.y,
        },
        Point {
            x: center.x,
            y: center.y + half,
        },
        Point {
            x: center.x - half,
            y: center.y,
        },
    ]
}

/// Where the small ring of a zero value sits: just off the subject's disc (of radius `disc`),
/// on the power's side, `gap` clear of it, so several zero values do not hide one another.
pub fn zero_ring_center<T: Scalar>(
    center: Point<T>,
    bearing_dir: Point<T>,
    disc: T,
    ring: T,
    gap: T,
) -> Point<T> {
    center.offset(bearing_dir, disc + ring + gap)
}

/// The length of an arrowhead for a shaft of `width` and `shaft_length`.
pub fn head_length<T: Scalar>(width: T, shaft_length: T) -> T {
    (width * T::of(3.5))
        .max(T::of(7.0))
        .min(shaft_length * T::of(0.6))
}

/// The half width of an arrowhead of length `head`.
pub fn head_half_width<T: Scalar>(head: T) -> T {
    head * T::of(0.55)
}

/// An arrowhead at `tip` pointing along `dir`: the tip, then the two corners of its base
/// (`half_width` to either side). Returns the base's centre too, where the shaft ends.
pub fn arrow_head<T: Scalar>(
    tip: Point<T>,
    dir: Point<T>,
    head: T,
    half_width: T,
) -> (Point<T>, [Point<T>; 3]) {
    let base = Point {
        x: tip.x - dir.x * head,
        y: tip.y - dir.y * head,
    };
    let side = dir.rot90();
    let corners = [
        tip,
        base.offset(side, half_width),
        Point {
            x: base.x - side.x * half_width,
            y: base.y - side.y * half_width,
        },
    ];
    (base, corners)
}

/// Where an arrow's value goes: just beyond its tip (the head is `head` long).
pub fn value_label_at<T: Scalar>(tip: Point<T>, dir: Point<T>, head: T) -> Point<T> {
    tip.offset(dir, head * T::of(0.3) + T::of(4.0))
}

/// Where a zero value's label goes: beyond its small ring of radius `ring`.
pub fn zero_label_at<T: Scalar>(ring_center: Point<T>, bearing_dir: Point<T>, ring: T) -> Point<T> {
    ring_center.offset(bearing_dir, ring + T::of(3.0))
}

/// Where a power's name goes: outside the outer ring at its bearing, clear of it by a little
/// more for a larger `name_font`.
pub fn name_at<T: Scalar>(
    center: Point<T>,
    bearing_dir: Point<T>,
    radius: T,
    name_font: T,
) -> Point<T> {
    center.offset(bearing_dir, radius + name_font * T::of(0.4) + T::of(4.0))
}

/// Where a ring's label goes: on the ring of `fraction` of the radius, along `quiet_dir`.
pub fn ring_label_at<T: Scalar>(
    center: Point<T>,
    quiet_dir: Point<T>,
    fraction: f64,
    radius: T,
) -> Point<T> {
    center.offset(quiet_dir, T::of(fraction) * radius)
}

/// Where a label beside a point goes along one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Its start (left or top edge) at the point: the label lies after it.
    Start,
    /// Centred on the point.
    Middle,
    /// Its end at the point: the label lies before it.
    End,
}

/// How to anchor a label beside a point so it lies on the side `dir` points to: horizontally
/// and vertically. Text beside an arrow's tip then runs away from the arrow.
pub fn anchor_toward<T: Scalar>(dir: Point<T>) -> (Side, Side) {
    let side = |v: T| {
        if v > T::of(SIDE_LEAN) {
            Side::Start
        } else if v < T::of(-SIDE_LEAN) {
            Side::End
        } else {
            Side::Middle
        }
    };
    (side(dir.x), side(dir.y))
}

/// An upright box on the page: the extent of a label, a name or anything a label keeps clear of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds<T> {
    /// The top-left corner.
    pub min: Point<T>,
    /// The bottom-right corner.
    pub max: Point<T>,
}

impl<T: Scalar> Bounds<T> {
    /// The box of a label `size` (width, height) placed beside `at` on the sides `anchor` says.
    pub fn anchored(at: Point<T>, size: Point<T>, anchor: (Side, Side)) -> Self {
        let start = |at: T, length: T, side: Side| match side {
            Side::Start => at,
            Side::Middle => at - length * T::of(0.5),
            Side::End => at - length,
        };
        let min = Point {
            x: start(at.x, size.x, anchor.0),
            y: start(at.y, size.y, anchor.1),
        };
        Self {
            min,
            max: Point {
                x: min.x + size.x,
                y: min.y + size.y,
            },
        }
    }

    /// This box grown by `margin` on every side.
    #[must_use]
    pub fn expand(self, margin: T) -> Self {
        Self {
            min: Point {
                x: self.min.x - margin,
                y: self.min.y - margin,
            },
            max: Point {
                x: self.max.x + margin,
                y: self.max.y + margin,
            },
        }
    }

    /// The area two boxes share (0 when they do not overlap), as `f64`.
    pub fn overlap_area(&self, other: &Self) -> f64 {
        let side = |lo_a: T, hi_a: T, lo_b: T, hi_b: T| {
            (hi_a.to_f64().min(hi_b.to_f64()) - lo_a.to_f64().max(lo_b.to_f64())).max(0.0)
        };
        side(self.min.x, self.max.x, other.min.x, other.max.x)
            * side(self.min.y, self.max.y, other.min.y, other.max.y)
    }

    /// Whether the two boxes share some area (touching edges do not count).
    pub fn overlaps(&self, other: &Self) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }
}

/// A place to try for a label: the point it is anchored at, and on which sides of it it lies.
pub type LabelPlace<T> = (Point<T>, (Side, Side));

/// The gap kept between a label and what it keeps clear of, in points.
pub const LABEL_GAP: f64 = 2.0;
/// How far, at most, [`place_label`] slides a label sideways to clear it, in label heights.
const MAX_SLIDE_HEIGHTS: f64 = 8.0;

/// The places tried for the value of an arrow whose tip is at `tip`, pointing `arrow_dir`, with
/// a head `head` long and `half_width` wide, in order: just beyond the tip, where it reads as
/// the arrow's end; then across the head, on the side nearer the top of the page, then on the
/// other. At full strength the first meets the power's name (outside the outer ring), and the
/// value moves beside the head, inside the ring.
pub fn value_label_places<T: Scalar>(
    tip: Point<T>,
    arrow_dir: Point<T>,
    head: T,
    half_width: T,
) -> [LabelPlace<T>; 3] {
    let across = arrow_dir.rot90();
    let up = if across.y <= T::of(0.0) {
        across
    } else {
        Point {
            x: -across.x,
            y: -across.y,
        }
    };
    let down = Point { x: -up.x, y: -up.y };
    let middle = tip.offset(arrow_dir, -head * T::of(0.5));
    let beside = |side: Point<T>| {
        (
            middle.offset(side, half_width + T::of(4.0)),
            anchor_toward(side),
        )
    };
    [
        (
            value_label_at(tip, arrow_dir, head),
            anchor_toward(arrow_dir),
        ),
        beside(up),
        beside(down),
    ]
}

/// Where a label of `size` goes so that it overlaps none of `obstacles` (the powers' names, the
/// subject's name, labels placed before it), [`LABEL_GAP`] clear: the first of `places` where
/// it is clear; failing all, the first place slid along `slide` (either way, the nearer clear
/// spot, up to a few label heights); failing that too, the first place. Every surface (window,
/// presenter, PNG and SVG slides) places its value labels with this one rule.
pub fn place_label<T: Scalar>(
    places: &[LabelPlace<T>],
    size: Point<T>,
    obstacles: &[Bounds<T>],
    slide: Point<T>,
) -> LabelPlace<T> {
    let clear = |(at, anchor): LabelPlace<T>| {
        let bounds = Bounds::anchored(at, size, anchor).expand(T::of(LABEL_GAP));
        !obstacles.iter().any(|o| o.overlaps(&bounds))
    };
    if let Some(place) = places.iter().copied().find(|&p| clear(p)) {
        return place;
    }
    let Some(&(first, anchor)) = places.first() else {
        return (
            Point {
                x: T::of(0.0),
                y: T::of(0.0),
            },
            (Side::Middle, Side::Middle),
        );
    };
    let step = T::of(2.0);
    let steps = (MAX_SLIDE_HEIGHTS * size.y.to_f64() / 2.0).ceil().max(1.0) as usize;
    for k in 1..=steps {
        let shift = step * T::of(k as f64);
        for sign in [T::of(1.0), T::of(-1.0)] {
            let place = (first.offset(slide, shift * sign), anchor);
            if clear(place) {
                return place;
            }
        }
    }
    (first, anchor)
}

/// The box of a round mark of `radius` centred at `center`.
pub fn circle_bounds<T: Scalar>(center: Point<T>, radius: T) -> Bounds<T> {
    Bounds {
        min: Point {
            x: center.x - radius,
            y: center.y - radius,
        },
        max: Point {
            x: center.x + radius,
            y: center.y + radius,
        },
    }
}

/// Where a mark goes (the "!" of a value without support, the "≠" ring of a contested one).
/// `places` come in groups, nearest the arrow first: in the first group that has one, the
/// first place at which the mark's box (`bounds_at` the place), [`LABEL_GAP`] clear, overlaps
/// none of `obstacles` (names, value labels, marks placed before) nor of `soft` (what a mark
/// may cover if it must, such as the rings' values), else the first clear of `obstacles`
/// alone; failing every group, the place whose box covers the least of both (the first of
/// equals). Every surface places its marks with this one rule.
pub fn place_mark<T: Scalar>(
    places: &[&[Point<T>]],
    bounds_at: impl Fn(Point<T>) -> Bounds<T>,
    obstacles: &[Bounds<T>],
    soft: &[Bounds<T>],
) -> Option<Point<T>> {
    let covered = |at: Point<T>, of: &[Bounds<T>]| {
        let bounds = bounds_at(at).expand(T::of(LABEL_GAP));
        of.iter().map(|o| o.overlap_area(&bounds)).sum::<f64>()
    };
    let clear = |at: &Point<T>, of: &[Bounds<T>]| covered(*at, of) <= 0.0;
    for group in places {
        if let Some(at) = group
            .iter()
            .find(|at| clear(at, obstacles) && clear(at, soft))
            .or_else(|| group.iter().find(|at| clear(at, obstacles)))
        {
            return Some(*at);
        }
    }
    let mut best: Option<(Point<T>, f64)> = None;
    for &at in places.iter().flat_map(|group| group.iter()) {
        let area = covered(at, obstacles) + covered(at, soft);
        if best.is_none_or(|(_, least)| area < least) {
            best = Some((at, area));
        }
    }
    best.map(|(at, _)| at)
}

/// How much of the power's colour the body of a [`ConfidenceSpan`] keeps.
pub const SPAN_OPACITY: f32 = 0.22;
/// How much of the power's colour the end arcs of a [`ConfidenceSpan`] keep.
pub const SPAN_ARC_OPACITY: f32 = 0.9;
/// How many points each end arc of a [`ConfidenceSpan`] has.
pub const SPAN_ARC_POINTS: usize = 7;
/// The widest angle an end arc of a [`ConfidenceSpan`] turns through on each side, in radians,
/// so an end near the centre stays a short curve rather than a circle.
const SPAN_ARC_MAX_RAD: f64 = 0.6;

/// The band of a power's confidence across its arrow's tip: a span along the arrow's line from
/// strength − w to strength + w (clamped to −1…+1), with a short arc at each end on the circle
/// around the arrow's start, so Low (w 0.25) is visibly longer than High (w 0.05).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConfidenceSpan<T> {
    /// The end nearer strength −1.
    pub low: Point<T>,
    /// The end nearer strength +1.
    pub high: Point<T>,
    /// The arc across the low end.
    pub low_arc: [Point<T>; SPAN_ARC_POINTS],
    /// The arc across the high end.
    pub high_arc: [Point<T>; SPAN_ARC_POINTS],
}

/// The [`ConfidenceSpan`] of an arrow from `start` along a power at `bearing_dir`, with value
/// `strength` and band half-width `half_width`, on a compass of `radius`. Each end arc is about
/// `2 × arc_half_length` long.
pub fn confidence_span<T: Scalar>(
    start: Point<T>,
    bearing_dir: Point<T>,
    (strength, half_width): (f64, f64),
    radius: T,
    arc_half_length: T,
) -> ConfidenceSpan<T> {
    let (low, high) = super::band::band_ends(strength, half_width);
    let end = |s: f64| start.offset(bearing_dir, T::of(s) * radius);
    let arc = |s: f64| {
        let distance = (s.abs() * radius.to_f64()).max(1e-9);
        let half_angle = (arc_half_length.to_f64() / distance).min(SPAN_ARC_MAX_RAD);
        // Outward from the start along the arrow's line, on whichever side the end lies.
        let out = if s < 0.0 {
            Point {
                x: -bearing_dir.x,
                y: -bearing_dir.y,
            }
        } else {
            bearing_dir
        };
        let across = out.rot90();
        std::array::from_fn(|i| {
            let t = i as f64 / (SPAN_ARC_POINTS - 1) as f64;
            let angle = half_angle * (2.0 * t - 1.0);
            let (along, side) = (distance * angle.cos(), distance * angle.sin());
            Point {
                x: start.x + out.x * T::of(along) + across.x * T::of(side),
                y: start.y + out.y * T::of(along) + across.y * T::of(side),
            }
        })
    };
    ConfidenceSpan {
        low: end(low),
        high: end(high),
        low_arc: arc(low),
        high_arc: arc(high),
    }
}

/// The half length of a [`ConfidenceSpan`]'s end arcs for an arrow of `width`.
pub fn span_arc_half_length<T: Scalar>(width: T) -> T {
    (width * T::of(1.6)).max(T::of(5.0))
}

/// The width of a [`ConfidenceSpan`]'s end arcs for an arrow of `width`.
pub fn span_arc_width<T: Scalar>(width: T) -> T {
    (width * T::of(0.6)).max(T::of(1.5))
}

/// The width of a [`ConfidenceSpan`]'s translucent body for an arrow of `width`.
pub fn span_width<T: Scalar>(width: T) -> T {
    (width * T::of(3.0)).max(T::of(7.0))
}

/// The radius of the mark of a contested value for labels of `label_font`.
pub fn contested_mark_radius<T: Scalar>(label_font: T) -> T {
    (label_font * T::of(0.5)).max(T::of(6.0)).min(T::of(11.0))
}

/// The strokes of the "≠" inside the ring that marks a contested value, for a ring of `radius`
/// around `center`: two bars and the slash across them.
pub fn contested_mark<T: Scalar>(center: Point<T>, radius: T) -> [[Point<T>; 2]; 3] {
    let half = radius * T::of(0.5);
    let gap = radius * T::of(0.22);
    let bar = |dy: T| {
        [
            Point {
                x: center.x - half,
                y: center.y + dy,
            },
            Point {
                x: center.x + half,
                y: center.y + dy,
            },
        ]
    };
    let slash = radius * T::of(0.45);
    [
        bar(-gap),
        bar(gap),
        [
            Point {
                x: center.x - slash * T::of(0.6),
                y: center.y + slash,
            },
            Point {
                x: center.x + slash * T::of(0.6),
                y: center.y - slash,
            },
        ],
    ]
}

/// How many points each arc of a [`FanPiece`] has.
pub const FAN_ARC_POINTS: usize = 9;
/// Half the angle a class's fan spreads to each side of its power's bearing, in degrees.
pub const FAN_HALF_ANGLE_DEG: f64 = 7.0;
/// How much of the power's colour a class's interquartile band keeps.
pub const FAN_QUARTILE_OPACITY: f32 = 0.38;
/// How much of the power's colour a class's min–max band keeps.
pub const FAN_RANGE_OPACITY: f32 = 0.14;

/// One piece of a class's fan on the compass: the part of a ring between two distances from
/// the centre, `half_angle` to each side of one direction. Inner and outer arcs run the same
/// way round, so the piece is the strip between them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FanPiece<T> {
    /// The arc nearer the centre.
    pub inner: [Point<T>; FAN_ARC_POINTS],
    /// The arc further out.
    pub outer: [Point<T>; FAN_ARC_POINTS],
}

impl<T: Scalar> FanPiece<T> {
    /// The outline: the outer arc, then the inner arc back (for an SVG path or polygon).
    pub fn outline(&self) -> Vec<Point<T>> {
        self.outer
            .iter()
            .copied()
            .chain(self.inner.iter().rev().copied())
            .collect()
    }
}

/// The fan of a class's values from `low` to `high` (strengths, clamped to −1…+1) for a power at
/// `bearing_dir` on a compass of `radius` around `center`: where arrows of those values would
/// end, widened by `half_angle_deg` to each side. Values toward the power lie on its side of the
/// centre and values away from it on the other, as arrows do, so a range across 0 is two pieces
/// meeting at the centre. Values that are not numbers give no fan.
pub fn class_fan<T: Scalar>(
    center: Point<T>,
    bearing_dir: Point<T>,
    (low, high): (f64, f64),
    radius: T,
    half_angle_deg: f64,
) -> [Option<FanPiece<T>>; 2] {
    if !low.is_finite() || !high.is_finite() {
        return [None, None];
    }
    let (low, high) = (
        low.min(high).clamp(-1.0, 1.0),
        high.max(low).clamp(-1.0, 1.0),
    );
    let half = half_angle_deg.to_radians();
    let piece = |out: Point<T>, from: f64, to: f64| {
        let across = out.rot90();
        let arc = |s: f64| -> [Point<T>; FAN_ARC_POINTS] {
            let distance = s * radius.to_f64();
            std::array::from_fn(|i| {
                let t = i as f64 / (FAN_ARC_POINTS - 1) as f64;
                let angle = half * (2.0 * t - 1.0);
                let (along, side) = (distance * angle.cos(), distance * angle.sin());
                Point {
                    x: center.x + out.x * T::of(along) + across.x * T::of(side),
                    y: center.y + out.y * T::of(along) + across.y * T::of(side),
                }
            })
        };
        FanPiece {
            inner: arc(from),
            outer: arc(to),
        }
    };
    let away = Point {
        x: -bearing_dir.x,
        y: -bearing_dir.y,
    };
    if low >= 0.0 {
        [Some(piece(bearing_dir, low, high)), None]
    } else if high <= 0.0 {
        [Some(piece(away, -high, -low)), None]
    } else {
        [
            Some(piece(away, 0.0, -low)),
            Some(piece(bearing_dir, 0.0, high)),
        ]
    }
}

/// The width of a class median's shaft for arrows of `width`: thinner than the arrow, so the
/// reading drawn on top stays the one that reads as solid.
pub fn median_width<T: Scalar>(width: T) -> T {
    (width * T::of(0.45)).max(T::of(1.5))
}

/// A class median's head: an open chevron ("▸") at `tip` pointing along `dir`, `size` long,
/// as the two strokes from its back corners to the tip.
pub fn median_head<T: Scalar>(tip: Point<T>, dir: Point<T>, size: T) -> [[Point<T>; 2]; 2] {
    let (_, [tip, left, right]) = arrow_head(tip, dir, size, size * T::of(0.6));
    [[left, tip], [right, tip]]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Point<f64>, b: Point<f64>) -> bool {
        (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9
    }

    #[test]
    fn a_class_fan_spans_its_values_along_the_bearing_and_splits_across_zero() {
        let c = Point { x: 100.0, y: 100.0 };
        let east: Point<f64> = direction(90.0);
        // Quartiles +0.2 and +0.5 on a compass of 200: from 40 to 100 east of the centre.
        let [Some(one), None] = class_fan(c, east, (0.2, 0.5), 200.0, 7.0) else {
            panic!("one piece expected")
        };
        let mid = FAN_ARC_POINTS / 2;
        assert!(close(one.inner[mid], Point { x: 140.0, y: 100.0 }));
        assert!(close(one.outer[mid], Point { x: 200.0, y: 100.0 }));
        // The arcs turn 7° to each side of the bearing.
        let end = one.outer[0];
        let angle = (end.y - 100.0).atan2(end.x - 100.0).to_degrees().abs();
        assert!((angle - 7.0).abs() < 1e-9, "{angle}");
        // Leaning away: on the far side, as the arrows.
        let [Some(away), None] = class_fan(c, east, (-0.5, -0.25), 200.0, 7.0) else {
            panic!("one piece expected")
        };
        assert!(close(away.inner[mid], Point { x: 50.0, y: 100.0 }));
        assert!(close(away.outer[mid], Point { x: 0.0, y: 100.0 }));
        // From −0.3 to +0.6: two pieces meeting at the centre; beyond ±1 clamped; given in
        // the wrong order, the same.
        let [Some(a), Some(b)] = class_fan(c, east, (0.6, -0.3), 200.0, 7.0) else {
            panic!("two pieces expected")
        };
        assert!(close(a.inner[mid], c) && close(b.inner[mid], c));
        assert!(close(a.outer[mid], Point { x: 40.0, y: 100.0 }));
        assert!(close(b.outer[mid], Point { x: 220.0, y: 100.0 }));
        let [Some(far), None] = class_fan(c, east, (0.5, 3.0), 200.0, 7.0) else {
            panic!("one piece expected")
        };
        assert!(close(far.outer[mid], Point { x: 300.0, y: 100.0 }));
        assert_eq!(far.outline().len(), 2 * FAN_ARC_POINTS);
        assert_eq!(
            class_fan(c, east, (f64::NAN, 0.5), 200.0, 7.0),
            [None, None]
        );
    }

    #[test]
    fn a_median_head_is_an_open_chevron_at_the_tip() {
        let tip = Point { x: 50.0, y: 0.0 };
        let east: Point<f64> = direction(90.0);
        let [[l, lt], [r, rt]] = median_head(tip, east, 10.0);
        assert!(close(lt, tip) && close(rt, tip));
        assert!(close(l, Point { x: 40.0, y: 6.0 }) || close(l, Point { x: 40.0, y: -6.0 }));
        assert!((l.y + r.y).abs() < 1e-9 && (l.x - 40.0).abs() < 1e-9);
        assert!(median_width(4.0_f64) < 4.0);
    }

    #[test]
    fn a_measured_marker_sits_where_an_arrow_of_its_scaled_value_ends() {
        let c = Point { x: 100.0, y: 100.0 };
        let east: Point<f64> = direction(90.0);
        // 62% on a 0–100% scale is +0.24: as far as an arrow of +0.24 reaches.
        let at = measured_marker_at(c, east, 0.24, 200.0);
        assert!(close(at, arrow_tip(c, east, 0.24, 200.0).1));
        assert!(close(at, Point { x: 148.0, y: 100.0 }));
        // Negative values lie on the far side, as a leaning-away arrow's tip does.
        assert!(close(
            measured_marker_at(c, east, -0.5, 200.0),
            Point { x: 0.0, y: 100.0 }
        ));
        // Beyond the scale: on the outer ring, not outside it; not a number: the centre.
        assert!(close(
            measured_marker_at(c, east, 1.7, 200.0),
            Point { x: 300.0, y: 100.0 }
        ));
        assert!(close(measured_marker_at(c, east, f64::NAN, 200.0), c));
        let [top, right, bottom, left] = measured_marker(c, 6.0);
        assert!(close(top, Point { x: 100.0, y: 94.0 }));
        assert!(close(right, Point { x: 106.0, y: 100.0 }));
        assert!(close(bottom, Point { x: 100.0, y: 106.0 }));
        assert!(close(left, Point { x: 94.0, y: 100.0 }));
        assert_eq!(measured_marker_size(4.0_f64), 6.4);
        assert_eq!(measured_marker_size(1.0_f64), 5.0);
    }

    #[test]
    fn the_constants_are_the_f32_ones_the_window_always_used() {
        // The window computes in f32; its numbers must be what its own f32 literals were, so
        // sharing them moved no pixel.
        assert_eq!(f32::of(RADIUS_FRACTION), 0.38_f32);
        assert_eq!(f32::of(NAME_FONT_FRACTION), 0.085_f32);
        assert_eq!(f32::of(LABEL_FONT_FRACTION), 0.065_f32);
        assert_eq!(f32::of(RING_FONT_FRACTION), 0.05_f32);
        assert_eq!(f32::of(SIDE_LEAN), 0.35_f32);
    }

    #[test]
    fn sizes_grow_with_the_radius_within_their_limits() {
        let at_reference = CompassSizes::new(200.0_f64);
        assert_eq!(at_reference.arrow_width, ARROW_WIDTH);
        assert_eq!(at_reference.net_tilt_width, NET_TILT_WIDTH);
        assert_eq!(at_reference.zero_ring, 7.0);
        assert_eq!(at_reference.subject_disc, 6.0);
        assert_eq!(at_reference.ring_width, 1.0);
        let tiny = CompassSizes::new(20.0_f32);
        assert_eq!(
            (tiny.arrow_width, tiny.zero_ring, tiny.label_font),
            (1.5, 4.0, 11.0)
        );
        let huge = CompassSizes::new(5000.0_f64);
        assert_eq!((huge.arrow_width, huge.net_tilt_width), (9.0, 12.0));
        assert_eq!((huge.zero_ring, huge.name_font), (12.0, MAX_FONT_SIZE));
    }

    #[test]
    fn bearings_point_the_compass_way_on_a_page() {
        assert!(close(direction(0.0), Point { x: 0.0, y: -1.0 }));
        assert!(close(direction(90.0), Point { x: 1.0, y: 0.0 }));
        assert!(close(direction(180.0), Point { x: 0.0, y: 1.0 }));
        assert!(close(direction(270.0), Point { x: -1.0, y: 0.0 }));
        // f32 is the f64 direction rounded, so the window and the SVG agree.
        let d: Point<f32> = direction(33.0);
        let e: Point<f64> = direction(33.0);
        assert_eq!((d.x, d.y), (e.x as f32, e.y as f32));
    }

    #[test]
    fn the_radius_is_a_share_of_the_shorter_side() {
        assert_eq!(compass_radius(800.0_f64, 600.0), 0.38 * 600.0);
        assert_eq!(compass_radius(300.0_f32, 1000.0), 0.38_f32 * 300.0);
        assert_eq!(scaled(400.0_f64, 4.0), 8.0);
        assert_eq!(font_size(1000.0_f64, NAME_FONT_FRACTION), MAX_FONT_SIZE);
        assert_eq!(font_size(10.0_f32, 0.085), 11.0);
        assert_eq!(font_size(200.0_f64, RING_FONT_FRACTION), 11.0);
        assert!((font_size(200.0_f64, NAME_FONT_FRACTION) - 17.0).abs() < 1e-12);
    }

    #[test]
    fn a_negative_value_points_away_from_its_power() {
        let center = Point { x: 100.0, y: 100.0 };
        let east = direction::<f64>(90.0);
        let (dir, tip) = arrow_tip(center, east, 0.5, 80.0);
        assert!(close(dir, east));
        assert!(close(tip, Point { x: 140.0, y: 100.0 }));
        let (dir, tip) = arrow_tip(center, east, -0.25, 80.0);
        assert!(close(dir, Point { x: -1.0, y: 0.0 }));
        assert!(close(tip, Point { x: 80.0, y: 100.0 }));
        assert!(is_zero_strength(0.004) && is_zero_strength(-0.004));
        assert!(!is_zero_strength(0.005) && !is_zero_strength(-0.01));
        // A zero value's ring sits just off the subject's disc, on the power's side.
        let ring = zero_ring_center(center, east, 6.0, 7.0, 1.0);
        assert!(close(ring, Point { x: 114.0, y: 100.0 }));
        assert!(close(
            zero_label_at(ring, east, 7.0),
            Point { x: 124.0, y: 100.0 }
        ));
    }

    #[test]
    fn arrowheads_sit_on_the_tip_and_shrink_on_short_arrows() {
        assert_eq!(head_length(4.0_f64, 200.0), 14.0);
        assert_eq!(head_length(1.0_f64, 200.0), 7.0);
        assert_eq!(head_length(4.0_f64, 10.0), 6.0);
        let tip = Point { x: 50.0, y: 0.0 };
        let east = Point { x: 1.0, y: 0.0 };
        let (base, [t, a, b]) = arrow_head(tip, east, 10.0, 5.5);
        assert!(close(base, Point { x: 40.0, y: 0.0 }));
        assert!(close(t, tip));
        // Clockwise on the page first, as egui's `rot90`.
        assert!(close(a, Point { x: 40.0, y: -5.5 }));
        assert!(close(b, Point { x: 40.0, y: 5.5 }));
        assert!(close(
            value_label_at(tip, east, 10.0),
            Point { x: 57.0, y: 0.0 }
        ));
    }

    #[test]
    fn names_and_ring_labels_sit_outside_and_on_the_rings() {
        let center = Point { x: 0.0, y: 0.0 };
        let north = direction::<f64>(0.0);
        assert!(close(
            name_at(center, north, 100.0, 10.0),
            Point { x: 0.0, y: -108.0 }
        ));
        for (fraction, _) in RINGS {
            let at = ring_label_at(center, north, fraction, 100.0);
            assert!((at.y + fraction * 100.0).abs() < 1e-9);
        }
    }

    #[test]
    fn labels_go_on_the_side_their_direction_points_to() {
        let at = |x: f64, y: f64| anchor_toward(Point { x, y });
        assert_eq!(at(1.0, 0.0), (Side::Start, Side::Middle));
        assert_eq!(at(0.0, -1.0), (Side::Middle, Side::End));
        assert_eq!(at(-0.7, 0.7), (Side::End, Side::Start));
        assert_eq!(at(0.35, -0.35), (Side::Middle, Side::Middle));
        // The same threshold in f32 as in f64, for the f32 directions egui computes.
        for bearing in 0..360 {
            let d32: Point<f32> = direction(f64::from(bearing));
            let d64 = Point {
                x: f64::from(d32.x),
                y: f64::from(d32.y),
            };
            assert_eq!(anchor_toward(d32), anchor_toward(d64), "{bearing}°");
        }
    }
    #[test]
    fn the_confidence_span_is_longer_for_low_and_stays_on_the_compass() {
        let center = Point { x: 0.0, y: 0.0 };
        let east = direction::<f64>(90.0);
        let span = |s: f64, w: f64| confidence_span(center, east, (s, w), 100.0, 5.0);
        let low = span(0.5, 0.25);
        let high = span(0.5, 0.05);
        assert!(close(low.low, Point { x: 25.0, y: 0.0 }));
        assert!(close(low.high, Point { x: 75.0, y: 0.0 }));
        let length = |s: &ConfidenceSpan<f64>| s.high.x - s.low.x;
        assert!(length(&low) > 4.0 * length(&high));
        // Clamped at the outer ring, and across the centre for a weak Low value.
        let edge = span(0.9, 0.25);
        assert!(close(edge.high, Point { x: 100.0, y: 0.0 }));
        let weak = span(0.1, 0.25);
        assert!(weak.low.x < 0.0 && weak.high.x > 0.0);
        // Each arc lies on the circle through its end, centred on it, bowed the same way.
        for s in [low, weak] {
            for (arc, end) in [(s.low_arc, s.low), (s.high_arc, s.high)] {
                let r = end.x.hypot(end.y);
                for p in arc {
                    assert!((p.x.hypot(p.y) - r).abs() < 1e-9);
                }
                assert!(close(arc[SPAN_ARC_POINTS / 2], end));
                assert!(arc[0].y * arc[SPAN_ARC_POINTS - 1].y < 0.0);
            }
        }
        // The short arcs are about twice the half length given, where there is room.
        let arc = low.high_arc;
        let chord = (arc[0].x - arc[6].x).hypot(arc[0].y - arc[6].y);
        assert!((chord - 10.0).abs() < 0.1, "{chord}");
    }

    #[test]
    fn a_value_at_the_outer_ring_moves_off_its_power_name() {
        // Russia at 280°, +1.00: the value beyond the tip would cover the name.
        let center = Point { x: 0.0, y: 0.0 };
        let dir = direction::<f64>(280.0);
        let (arrow_dir, tip) = arrow_tip(center, dir, 1.0, 200.0);
        let name_at = name_at(center, dir, 200.0, 17.0);
        let name = Bounds::anchored(name_at, Point { x: 60.0, y: 20.0 }, anchor_toward(dir));
        let size = Point { x: 40.0, y: 16.0 };
        let places = value_label_places(tip, arrow_dir, 14.0, 7.7);
        let beyond_tip = Bounds::anchored(places[0].0, size, places[0].1);
        assert!(beyond_tip.overlaps(&name), "the clash the rule exists for");
        let (at, anchor) = place_label(&places, size, &[name], arrow_dir.rot90());
        let chosen = Bounds::anchored(at, size, anchor);
        assert!(
            !chosen.expand(LABEL_GAP).overlaps(&name),
            "{chosen:?} {name:?}"
        );
        // Beside the head (here below it: above, it would meet the name), still by the tip.
        assert_eq!((at, anchor), places[2]);
        assert!((at.x - tip.x).hypot(at.y - tip.y) < 30.0, "{at:?}");
        // At 0.5 nothing is in the way: the value stays just beyond the tip.
        let (arrow_dir, tip) = arrow_tip(center, dir, 0.5, 200.0);
        let places = value_label_places(tip, arrow_dir, 14.0, 7.7);
        assert_eq!(place_label(&places, size, &[name], dir.rot90()), places[0]);
    }

    #[test]
    fn a_label_with_nowhere_to_go_slides_to_the_nearer_clear_spot() {
        let size = Point { x: 20.0, y: 10.0 };
        let at = Point { x: 0.0, y: 0.0 };
        let mid = (Side::Middle, Side::Middle);
        // A wall across every candidate, open to the right sooner than to the left.
        let wall = Bounds {
            min: Point { x: -40.0, y: -30.0 },
            max: Point { x: 20.0, y: 30.0 },
        };
        let (placed, _) = place_label(&[(at, mid)], size, &[wall], Point { x: 1.0, y: 0.0 });
        let bounds = Bounds::anchored(placed, size, mid);
        assert!(!bounds.expand(LABEL_GAP).overlaps(&wall), "{bounds:?}");
        assert!(placed.x > 0.0 && placed.x < 40.0, "{placed:?}");
        // Boxes that only touch do not overlap.
        let a = Bounds::anchored(at, size, (Side::Start, Side::Start));
        let b = Bounds::anchored(Point { x: 20.0, y: 0.0 }, size, (Side::Start, Side::Start));
        assert!(!a.overlaps(&b) && a.expand(0.5).overlaps(&b));
    }

    #[test]
    fn the_contested_mark_is_a_not_equal_sign_inside_its_ring() {
        let center = Point { x: 10.0, y: 10.0 };
        let strokes = contested_mark::<f64>(center, 8.0);
        for [a, b] in strokes {
            for p in [a, b] {
                assert!((p.x - 10.0).hypot(p.y - 10.0) < 8.0);
            }
        }
        // Two level bars, one above and one below the centre, and a rising slash.
        assert!(strokes[0][0].y < 10.0 && strokes[1][0].y > 10.0);
        assert_eq!(strokes[0][0].y, strokes[0][1].y);
        assert!(strokes[2][1].y < strokes[2][0].y && strokes[2][1].x > strokes[2][0].x);
        assert_eq!(contested_mark_radius(30.0_f64), 11.0);
        assert_eq!(contested_mark_radius(4.0_f32), 6.0);
    }

    #[test]
    fn a_mark_goes_to_the_first_place_clear_of_labels() {
        let places = [
            Point {
                x: 10.0_f64,
                y: 10.0,
            },
            Point { x: 50.0, y: 10.0 },
            Point { x: 90.0, y: 10.0 },
        ];
        let at = |p: Point<f64>| circle_bounds(p, 5.0);
        // Nothing in the way: the first place.
        assert_eq!(place_mark(&[&places], at, &[], &[]), Some(places[0]));
        // A value label over the first place: the second.
        let label = Bounds {
            min: Point { x: 0.0, y: 5.0 },
            max: Point { x: 20.0, y: 15.0 },
        };
        assert_eq!(place_mark(&[&places], at, &[label], &[]), Some(places[1]));
        // Everything covered alike: the first place; no places, no mark.
        let wall = Bounds {
            min: Point { x: 0.0, y: 0.0 },
            max: Point { x: 100.0, y: 20.0 },
        };
        assert_eq!(place_mark(&[&places], at, &[wall], &[]), Some(places[0]));
        assert_eq!(place_mark(&[], at, &[wall], &[]), None);
        // Nowhere clear: the place that covers least (a corner of a ring label rather than
        // the middle of a value).
        let value = Bounds {
            min: Point { x: 0.0, y: 0.0 },
            max: Point { x: 60.0, y: 20.0 },
        };
        let corner = Bounds {
            min: Point { x: 93.0, y: 13.0 },
            max: Point { x: 120.0, y: 30.0 },
        };
        assert_eq!(
            place_mark(&[&places], at, &[value, corner], &[]),
            Some(places[2])
        );
        // A ring's value may be covered rather than a power's value: soft.
        assert_eq!(
            place_mark(&[&places], at, &[value], &[corner]),
            Some(places[2])
        );
        // And the other way round: the first place clear of the hard one.
        assert_eq!(
            place_mark(&[&places], at, &[corner], &[value]),
            Some(places[0])
        );
        // A nearer group wins over a farther one even where only the farther is clear of
        // what a mark may cover if it must.
        let far = [Point { x: 200.0, y: 10.0 }];
        assert_eq!(
            place_mark(&[&places[..1], &far], at, &[], &[label]),
            Some(places[0])
        );
        assert_eq!(
            place_mark(&[&places[..1], &far], at, &[label], &[]),
            Some(far[0])
        );
        // A mark only touching the gap around a label is not clear of it.
        let near = Bounds {
            min: Point { x: 16.0, y: 5.0 },
            max: Point { x: 30.0, y: 15.0 },
        };
        assert_eq!(
            place_mark(&[&places[..2]], at, &[near], &[]),
            Some(places[1])
        );
    }
}
