//! One power's arrow: solid with a filled head toward the power, dashed with a hollow head away
//! from it, a small ring for zero; its value near the tip, a "!" badge when the value stands
//! without supporting evidence, a ring with "≠" when evidence points against it, and, under
//! every arrow, the band of the analyst's confidence across the tip.

use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, vec2};

use super::layout::{to_align, to_dir, to_point, to_pos};
use super::paint::{focus_color, text_on_background};
use super::{
    ArrowTip, Canvas, CompassGeometry, CompassView, DragKind, Hovered, MAX_FONT_SIZE, Sizes,
};
use crate::model::band::Standing;
use crate::model::geometry as geo;
use crate::model::{Power, PowerId, StanceMap, format_strength_signed};
use crate::ui::session::Session;
use crate::ui::theme::{Palette, readable_on};

/// Opacity of the halo around the selected power's arrow.
const HALO_ALPHA: f32 = 0.22;

/// How one arrow is emphasised.
#[derive(Clone, Copy, Debug, Default)]
struct ArrowLook {
    /// Its power is selected.
    selected: bool,
    /// The pointer is over it.
    hovered: bool,
    /// Its tip is being dragged.
    dragged: bool,
    /// Its power is out of focus (a story step focuses on others).
    dimmed: bool,
}

/// What an arrow's value and marks keep clear of: `hard`, the subject's name, the powers'
/// names and the labels and marks drawn before; `soft`, what a mark covers only if it must
/// (the rings' values).
#[derive(Clone, Copy)]
struct Clear<'a> {
    hard: &'a [Rect],
    soft: &'a [Rect],
}

/// Where something of one power's was drawn on screen.
type PowerRect = (PowerId, Rect);

impl CompassView {
    /// Every shown power's arrow, with value labels kept clear of `keep_clear` (the subject's
    /// name and the powers' names) and of one another, and their marks clear of all of those.
    /// Returns where each value label went, and each mark.
    pub(super) fn draw_arrows(
        &self,
        canvas: &Canvas,
        map: &StanceMap,
        session: &Session,
        hovered: Option<Hovered>,
        keep_clear: Vec<Rect>,
        ring_labels: &[Rect],
    ) -> (Vec<PowerRect>, Vec<PowerRect>) {
        let mut keep_clear = keep_clear;
        let mut labels = Vec::with_capacity(self.tips.len());
        let mut all_marks = Vec::new();
        let selected = self
            .tips
            .iter()
            .position(|t| Some(&t.power) == session.selected_power.as_ref());
        let dragged = self.drag.as_ref().and_then(|d| match d.kind {
            DragKind::Strength { .. } => self.tips.iter().position(|t| t.power == d.power),
            DragKind::Bearing { .. } => None,
        });
        // The selected arrow goes over the others, and the dragged one over everything.
        let order = (0..self.tips.len())
            .filter(|&i| Some(i) != selected && Some(i) != dragged)
            .chain(selected.filter(|&i| Some(i) != dragged))
            .chain(dragged);
        for i in order {
            let tip = &self.tips[i];
            if let Some(power) = map.powers.get(tip.index) {
                let look = ArrowLook {
                    selected: Some(i) == selected,
                    hovered: hovered == Some(Hovered::Power(i)),
                    dragged: Some(i) == dragged,
                    dimmed: !session.is_in_focus(&power.id),
                };
                let (label, marks) =
                    draw_power_arrow(canvas, power, tip, look, &keep_clear, ring_labels);
                // Labels and marks drawn later keep clear of this one's.
                keep_clear.push(label);
                keep_clear.extend(marks);
                labels.push((tip.power.clone(), label));
                all_marks.extend(marks.map(|m| (tip.power.clone(), m)));
            }
        }
        (labels, all_marks)
    }

    /// Every shown power's confidence band across its tip: a translucent span from value − w
    /// to value + w along the arrow's line, with a short arc at each end. Drawn under all the
    /// arrows, so no band hides another power's arrow.
    pub(super) fn draw_confidence_spans(
        &self,
        canvas: &Canvas,
        map: &StanceMap,
        session: &Session,
    ) {
        let Canvas {
            painter,
            geometry,
            sizes,
            ..
        } = canvas;
        let width = sizes.arrow_width;
        for tip in &self.tips {
            let (Some(strength), Some(half_width), Some(power)) =
                (tip.strength, tip.band_half_width, map.powers.get(tip.index))
            else {
                continue;
            };
            let color = focus_color(power, !session.is_in_focus(&power.id));
            let dir = CompassGeometry::direction(tip.bearing_deg);
            let span = geo::confidence_span(
                to_point(tip.start),
                to_dir(dir),
                (strength, half_width),
                geometry.radius,
                geo::span_arc_half_length(width),
            );
            painter.line_segment(
                [to_pos(span.low), to_pos(span.high)],
                Stroke::new(
                    geo::span_width(width),
                    color.gamma_multiply(geo::SPAN_OPACITY),
                ),
            );
            let arc = Stroke::new(
                geo::span_arc_width(width),
                color.gamma_multiply(geo::SPAN_ARC_OPACITY),
            );
            for ends in [span.low_arc, span.high_arc] {
                painter.add(Shape::line(ends.map(to_pos).to_vec(), arc));
            }
        }
    }
}

/// How one arrow is drawn this frame, from its power and how it is emphasised.
struct Pen {
    /// The power's colour, faded when out of focus.
    color: Color32,
    /// The colour of the value printed beside it.
    label_color: Color32,
    /// The shaft's width.
    width: f32,
    /// The screen direction toward the power.
    dir: egui::Vec2,
    /// The strength drawn (0 when there is none).
    value: f64,
    /// The font of the value printed beside it.
    label_font: FontId,
    /// Across the arrow, the side nearer the top of the screen.
    up: egui::Vec2,
    /// The radius of the "!" badge.
    badge_radius: f32,
}

impl Pen {
    fn new(canvas: &Canvas, power: &Power, tip: &ArrowTip, look: ArrowLook) -> Self {
        let Canvas { sizes, palette, .. } = canvas;
        let background = canvas.background;
        let ArrowLook {
            selected,
            hovered,
            dragged,
            dimmed,
        } = look;
        let color = focus_color(power, dimmed);
        // A faded value would be unreadable (about 1.4:1 on white): out of focus, the number
        // turns grey instead, readable but quiet beside its faded arrow.
        let label_color = if dimmed {
            palette.weak_text
        } else {
            readable_on(color, background)
        };
        let mut width = sizes.arrow_width;
        if selected || dragged {
            width *= 1.6;
        }
        if hovered {
            width *= 1.25;
        }
        let dir = CompassGeometry::direction(tip.bearing_deg);
        let value = tip.strength.unwrap_or(0.0);
        let label_font = if dragged {
            FontId::proportional((sizes.name_font.size * 1.4).clamp(18.0, MAX_FONT_SIZE + 12.0))
        } else {
            sizes.label_font.clone()
        };
        // Across the arrow, the side nearer the top of the screen.
        let up = {
            let across = dir.rot90();
            if across.y <= 0.0 { across } else { -across }
        };
        Self {
            color,
            label_color,
            width,
            dir,
            value,
            label_font,
            up,
            badge_radius: warning_badge_radius(sizes),
        }
    }
}

/// One power's arrow: solid with a filled head toward the power, or dashed with a hollow head
/// away from it; a small ring for zero. Its value is printed near the tip.
///
/// The arrow being dragged prints its value large, so the number can be read while setting it;
/// a tip whose power has a keyframe without evidence at the current month is ringed in the
/// warning colour. Returns where its value went, and its marks.
fn draw_power_arrow(
    canvas: &Canvas,
    power: &Power,
    tip: &ArrowTip,
    look: ArrowLook,
    keep_clear: &[Rect],
    ring_labels: &[Rect],
) -> (Rect, Option<Rect>) {
    let pen = Pen::new(canvas, power, tip, look);
    let clear = Clear {
        hard: keep_clear,
        soft: ring_labels,
    };
    if tip.unjudged && tip.strength.is_none() {
        (draw_unjudged(canvas, tip, look, &pen, clear), None)
    } else if geo::is_zero_strength(pen.value) {
        draw_zero_value(canvas, tip, look, &pen, clear)
    } else {
        let shape = draw_shaft_and_head(canvas, tip, look, &pen);
        draw_value_label(canvas, tip, look, &pen, shape, clear)
    }
}

/// Where a label of `text` goes: the first of `places` clear of `keep_clear`, else slid along
/// `slide` ([`geo::place_label`], the rule every surface uses).
pub(super) fn place_clear(
    painter: &egui::Painter,
    text: &str,
    font: &FontId,
    places: &[geo::LabelPlace<f32>],
    keep_clear: &[Rect],
    slide: egui::Vec2,
) -> (Pos2, Align2) {
    let size = painter
        .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
        .size();
    let obstacles: Vec<geo::Bounds<f32>> = keep_clear.iter().map(|r| to_bounds(*r)).collect();
    let (at, anchor) = geo::place_label(places, to_dir(size), &obstacles, to_dir(slide));
    (to_pos(at), to_align(anchor))
}

/// A screen rect as the egui-free geometry takes it.
pub(super) fn to_bounds(rect: Rect) -> geo::Bounds<f32> {
    geo::Bounds {
        min: to_point(rect.min),
        max: to_point(rect.max),
    }
}

/// A value still to judge (an exercise's): no arrow, a dashed ring with "?" on the rim at the
/// power's bearing, the handle a student drags inward to judge it, and "not yet judged"
/// beside it toward the centre. Returns where the words went.
fn draw_unjudged(
    canvas: &Canvas,
    tip: &ArrowTip,
    look: ArrowLook,
    pen: &Pen,
    clear: Clear<'_>,
) -> Rect {
    let Canvas { painter, sizes, .. } = canvas;
    let background = canvas.background;
    let radius = super::layout::unjudged_ring(sizes);
    let stroke = Stroke::new((pen.width * 0.6).max(1.5), pen.color);
    if look.selected || look.hovered || look.dragged {
        painter.circle_stroke(
            tip.tip,
            radius,
            Stroke::new(pen.width * 3.0, pen.color.gamma_multiply(HALO_ALPHA)),
        );
    }
    painter.circle_filled(tip.tip, radius, background);
    // A dashed ring: twelve arcs with gaps.
    let segments = 12;
    for i in 0..segments {
        let a0 = std::f32::consts::TAU * (i as f32) / segments as f32;
        let a1 = a0 + std::f32::consts::TAU * 0.5 / segments as f32;
        let points: Vec<Pos2> = (0..=4)
            .map(|k| {
                let a = a0 + (a1 - a0) * k as f32 / 4.0;
                tip.tip + vec2(a.cos(), a.sin()) * radius
            })
            .collect();
        painter.add(Shape::line(points, stroke));
    }
    painter.text(
        tip.tip,
        Align2::CENTER_CENTER,
        "?",
        FontId::proportional(radius * 1.4),
        pen.label_color,
    );
    let text = crate::model::exercise::NOT_YET_JUDGED;
    let inward = -pen.dir;
    let at = tip.tip + inward * (radius + 3.0);
    let (pos, anchor) = place_clear(
        painter,
        text,
        &pen.label_font,
        &[(to_point(at), geo::anchor_toward(to_dir(inward)))],
        clear.hard,
        pen.up,
    );
    text_on_background(
        painter,
        pos,
        anchor,
        text.to_owned(),
        pen.label_font.clone(),
        pen.label_color,
        background,
    )
}

/// A small ring for a zero value, and "0.00" (or "no data") beside it.
fn draw_zero_value(
    canvas: &Canvas,
    tip: &ArrowTip,
    look: ArrowLook,
    pen: &Pen,
    clear: Clear<'_>,
) -> (Rect, Option<Rect>) {
    let Canvas { painter, sizes, .. } = canvas;
    let background = canvas.background;
    let Pen {
        color,
        label_color,
        width,
        dir,
        up,
        badge_radius,
        ..
    } = *pen;
    let label_font = &pen.label_font;
    let selected = look.selected;
    if selected {
        painter.circle_stroke(
            tip.tip,
            sizes.zero_ring,
            Stroke::new(width * 3.0, color.gamma_multiply(HALO_ALPHA)),
        );
    }
    painter.circle_stroke(
        tip.tip,
        sizes.zero_ring,
        Stroke::new((width * 0.6).max(1.5), color),
    );
    let text = if tip.strength.is_some() {
        "0.00"
    } else {
        "no data"
    };
    let pos = to_pos(geo::zero_label_at(
        to_point(tip.tip),
        to_dir(dir),
        sizes.zero_ring,
    ));
    let (pos, anchor) = place_clear(
        painter,
        text,
        label_font,
        &[(to_point(pos), geo::anchor_toward(to_dir(dir)))],
        clear.hard,
        dir,
    );
    let label = text_on_background(
        painter,
        pos,
        anchor,
        text.to_owned(),
        label_font.clone(),
        label_color,
        background,
    );
    let out = sizes.zero_ring + badge_radius + 3.0;
    let marks = warn_if_amiss(
        canvas,
        tip,
        look,
        label,
        &[
            &[
                tip.tip - up * out,
                tip.tip + up * out,
                tip.tip + dir * out,
                tip.tip - dir * out,
                beyond(label, tip.tip, badge_radius),
            ],
            &around(tip.tip, out).collect::<Vec<_>>(),
        ],
        clear,
    );
    (label, marks)
}

/// Where an arrow's head is: its direction on screen, its length and its half width.
#[derive(Clone, Copy)]
struct Head {
    /// The direction the arrow points (away from the power when negative).
    arrow_dir: egui::Vec2,
    /// The head's length.
    length: f32,
    /// Half the head's width.
    half_width: f32,
}

/// A solid shaft and filled head toward the power, or a dashed shaft and hollow head away.
fn draw_shaft_and_head(canvas: &Canvas, tip: &ArrowTip, look: ArrowLook, pen: &Pen) -> Head {
    let painter = &canvas.painter;
    let background = canvas.background;
    let Pen {
        color,
        width,
        dir,
        value,
        ..
    } = *pen;
    let selected = look.selected;
    let arrow_dir = dir * value.signum() as f32;
    let length = (tip.tip - tip.start).length();
    let head = Sizes::head_length(width, length);
    let half_width = geo::head_half_width(head);
    let (base, triangle) = geo::arrow_head(to_point(tip.tip), to_dir(arrow_dir), head, half_width);
    let base = to_pos(base);
    let triangle = triangle.map(to_pos).to_vec();

    if selected {
        let halo = Stroke::new(width * 1.3 + 3.0, color.gamma_multiply(HALO_ALPHA));
        painter.line_segment([tip.start, tip.tip], halo);
    }
    let stroke = Stroke::new(width, color);
    if value > 0.0 {
        painter.line_segment([tip.start, base], stroke);
        painter.add(Shape::convex_polygon(triangle, color, Stroke::NONE));
    } else {
        let dash = (width * 2.5).max(5.0);
        let gap = (width * 1.5).max(3.0);
        painter.extend(Shape::dashed_line(&[tip.start, base], stroke, dash, gap));
        let outline = Stroke::new((width * 0.7).max(1.5), color);
        painter.add(Shape::convex_polygon(triangle, background, outline));
    }
    Head {
        arrow_dir,
        length: head,
        half_width,
    }
}

/// The arrow's value, beyond its tip (across it while dragged), and its warning if unsupported.
fn draw_value_label(
    canvas: &Canvas,
    tip: &ArrowTip,
    look: ArrowLook,
    pen: &Pen,
    shape: Head,
    clear: Clear<'_>,
) -> (Rect, Option<Rect>) {
    let Canvas {
        painter, geometry, ..
    } = canvas;
    let background = canvas.background;
    let Pen {
        label_color,
        value,
        up,
        badge_radius,
        ..
    } = *pen;
    let label_font = pen.label_font.clone();
    let dragged = look.dragged;
    let Head {
        arrow_dir,
        length: head,
        half_width,
    } = shape;
    // Beyond the tip, else beside the head (inside the ring, clear of the power's name); for
    // arrows drawn side by side, out to their own side first so labels part. The value being
    // dragged goes across the arrow first, large, clear of the power's name.
    let lateral = tip.start - geometry.center;
    let side = if lateral.length() > 0.5 {
        Some(lateral.normalized())
    } else {
        None
    };
    let head_middle = tip.tip - arrow_dir * (head * 0.5);
    let mut places: Vec<geo::LabelPlace<f32>> =
        geo::value_label_places(to_point(tip.tip), to_dir(arrow_dir), head, half_width).to_vec();
    if dragged {
        places.rotate_left(1);
    } else if let Some(side) = side {
        let label_dir = (arrow_dir + side * 1.5).normalized();
        places.insert(
            0,
            (
                to_point(tip.tip + arrow_dir * (head * 0.3) + side * (half_width + 3.0)),
                geo::anchor_toward(to_dir(label_dir)),
            ),
        );
    }
    let text = format_strength_signed(value);
    let (pos, anchor) = place_clear(
        painter,
        &text,
        &label_font,
        &places,
        clear.hard,
        arrow_dir.rot90(),
    );
    let label = text_on_background(
        painter,
        pos,
        anchor,
        text,
        label_font,
        label_color,
        background,
    );
    let badge_side = match side {
        Some(side) => -side,
        None if dragged => -up,
        None => up,
    };
    // Beside the head, else on its other side, else beyond the tip or back along the shaft:
    // the first place clear of the value and of every name and label.
    let out = half_width + badge_radius + 3.0;
    let near = [
        head_middle + badge_side * out,
        head_middle - badge_side * out,
        tip.tip + arrow_dir * (badge_radius + 3.0),
        head_middle - arrow_dir * (head + badge_radius) + badge_side * out,
    ];
    let far: Vec<Pos2> = around(tip.tip, out)
        .chain([beyond(label, tip.tip, badge_radius)])
        .collect();
    let marks = warn_if_amiss(canvas, tip, look, label, &[&near, &far], clear);
    (label, marks)
}

/// A keyframe without supporting evidence: a "!" badge beside the tip (a ring alone could be
/// taken for part of an orange arrow); one with counter-evidence: a ring with "≠" beside it
/// (further out when both). In words too when the power is selected or dragged, on the far side
/// of the value (`label`) from the tip.
fn warn_if_amiss(
    canvas: &Canvas,
    tip: &ArrowTip,
    look: ArrowLook,
    label: Rect,
    badge_places: &[&[Pos2]],
    clear: Clear<'_>,
) -> Option<Rect> {
    let Canvas {
        painter,
        sizes,
        palette,
        ..
    } = canvas;
    let background = canvas.background;
    let ArrowLook {
        selected, dragged, ..
    } = look;
    let words = tip.standing.and_then(Standing::short)?;
    let (unsupported, contested) = (tip.is_unsupported(), tip.is_contested());
    let badge_radius = warning_badge_radius(sizes);
    let ring_radius = contested_radius(sizes);
    // Where each mark is when the first sits at `badge_at`: the "!" there, the "≠" there too
    // or, with both, beyond the badge, away from the tip.
    let marks_at = |badge_at: Pos2| {
        let ring_at = if unsupported {
            let away = (badge_at - tip.tip).normalized();
            badge_at + away * (badge_radius + ring_radius + 2.0)
        } else {
            badge_at
        };
        (badge_at, ring_at)
    };
    let bounds_of = |badge_at: geo::Point<f32>| {
        let (badge_at, ring_at) = marks_at(to_pos(badge_at));
        let ring = Rect::from_center_size(ring_at, egui::Vec2::splat(2.0 * ring_radius));
        let rect = if unsupported {
            Rect::from_center_size(badge_at, egui::Vec2::splat(2.0 * badge_radius))
                .union(if contested { ring } else { Rect::NOTHING })
        } else {
            ring
        };
        to_bounds(rect)
    };
    let obstacles: Vec<geo::Bounds<f32>> = clear
        .hard
        .iter()
        .chain([&label])
        .map(|r| to_bounds(*r))
        .collect();
    let soft: Vec<geo::Bounds<f32>> = clear.soft.iter().map(|r| to_bounds(*r)).collect();
    let places: Vec<Vec<geo::Point<f32>>> = badge_places
        .iter()
        .map(|group| group.iter().map(|p| to_point(*p)).collect())
        .collect();
    let groups: Vec<&[geo::Point<f32>]> = places.iter().map(Vec::as_slice).collect();
    let at = geo::place_mark(&groups, bounds_of, &obstacles, &soft)?;
    let marks = bounds_of(at);
    let (badge_at, ring_at) = marks_at(to_pos(at));
    if unsupported {
        warning_badge(painter, badge_at, sizes, palette, background);
    }
    if contested {
        contested_mark(painter, ring_at, ring_radius, palette.warning, background);
    }
    if selected || dragged {
        let (pos, anchor) = if label.center().y < tip.tip.y {
            (label.center_top() - vec2(0.0, 3.0), Align2::CENTER_BOTTOM)
        } else {
            (label.center_bottom() + vec2(0.0, 3.0), Align2::CENTER_TOP)
        };
        let words = text_on_background(
            painter,
            pos,
            anchor,
            words.to_owned(),
            sizes.ring_font.clone(),
            palette.warning,
            background,
        );
        return Some(to_rect(marks).union(words));
    }
    Some(to_rect(marks))
}

/// A place for a mark of `radius` just beyond the value `label`, on its far side from the
/// tip `from`: where a mark goes when both sides of the head are taken.
fn beyond(label: Rect, from: Pos2, radius: f32) -> Pos2 {
    let away = (label.center() - from).normalized();
    let reach = label.width().abs().max(label.height().abs()) * 0.5 + radius + 3.0;
    label.center() + away * reach
}

/// Places all round `center`, `out` away and twice that, every 45°: where a mark goes when the
/// places by its arrow are all taken, as in a small compass crowded with labels.
fn around(center: Pos2, out: f32) -> impl Iterator<Item = Pos2> {
    [1.5_f32, 2.5].into_iter().flat_map(move |reach| {
        (0..8).map(move |k| {
            let angle = k as f32 * std::f32::consts::FRAC_PI_4;
            center + egui::vec2(angle.cos(), angle.sin()) * (out * reach)
        })
    })
}

/// The egui rect of a box of the egui-free geometry.
fn to_rect(bounds: geo::Bounds<f32>) -> Rect {
    Rect::from_min_max(to_pos(bounds.min), to_pos(bounds.max))
}

/// The radius of the ring that marks a contested value.
fn contested_radius(sizes: &Sizes) -> f32 {
    geo::contested_mark_radius(sizes.label_font.size)
}

/// A ring of the warning colour with "≠" inside, on the background: evidence points against
/// this value. Hollow where the "!" badge is filled, so the two never read as one.
pub(super) fn contested_mark(
    painter: &egui::Painter,
    center: Pos2,
    radius: f32,
    color: Color32,
    background: Color32,
) {
    let width = (radius * 0.22).max(1.5);
    painter.circle(center, radius, background, Stroke::new(width, color));
    for [a, b] in geo::contested_mark(to_point(center), radius) {
        painter.line_segment([to_pos(a), to_pos(b)], Stroke::new(width, color));
    }
}

/// The radius of the "!" badge that marks a value without supporting evidence.
fn warning_badge_radius(sizes: &Sizes) -> f32 {
    (sizes.label_font.size * 0.5)
        .clamp(6.0, 11.0)
        .max(sizes.min_text / 1.5)
}

/// A "!" in a disc of the warning colour: this value stands without evidence.
fn warning_badge(
    painter: &egui::Painter,
    center: Pos2,
    sizes: &Sizes,
    palette: &Palette,
    background: Color32,
) {
    let radius = warning_badge_radius(sizes);
    painter.circle(
        center,
        radius,
        palette.warning,
        Stroke::new(1.5, background),
    );
    painter.text(
        center,
        Align2::CENTER_CENTER,
        "!",
        FontId::proportional(radius * 1.5),
        background,
    );
}
