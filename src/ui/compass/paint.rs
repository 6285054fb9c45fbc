//! Painting the compass, back to front: rings, spokes and names, the net tilt's trail, the
//! compared map's ghosts, the arrows (in `arrow`), the net tilt, the subject, a hint when no
//! power is shown, and the legend; and the two ways text is drawn over lines.

use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, vec2};

use super::arrow::place_clear;
use super::layout::{
    Drawing, NAME_HANDLE_MARGIN, mean_tilt, name_layout, quiet_direction, subject_font,
    subject_label_place, to_dir, to_point, to_pos,
};
use super::{
    ArrowTip, Canvas, CompassGeometry, CompassView, DragKind, Hovered, MIN_FONT_SIZE, Sizes,
};
use crate::model::band;
use crate::model::geometry as geo;
use crate::model::{self, StanceMap};
use crate::ui::session::Session;
use crate::ui::theme::{power_color, readable_on};

/// Samples of the net-tilt trail per year of history.
const TRAIL_SAMPLES_PER_YEAR: f64 = 12.0;
/// The most trail samples drawn, whatever `trail_years` says (50 years at 12 a year).
const MAX_TRAIL_SAMPLES: usize = 600;
/// Opacity of the newest part of the trail; it fades to nothing at its oldest end.
const TRAIL_MAX_ALPHA: f32 = 0.7;
/// Opacity of the spokes that show each power's axis.
const SPOKE_ALPHA: f32 = 0.35;
/// How much of its colour an out-of-focus power keeps.
const DIMMED_ALPHA: f32 = 0.25;

/// The legend is not wrapped narrower than this, in points: it would be a column of words.
const LEGEND_MIN_WIDTH: f32 = 150.0;
/// The most rows the legend may gain by wrapping beside the compass; more, and the compass
/// makes room for it below instead.
const LEGEND_MAX_EXTRA_ROWS: usize = 2;

impl CompassView {
    /// Paint the compass for this frame, back to front, from the layout and interaction of
    /// this frame; the legend is painted apart, as it needs the panel's rect.
    /// A ring around the tip or name that has the keyboard focus, in the selection colour, so
    /// a keyboard user sees what the arrow keys will move.
    pub(super) fn draw_focus_rings(&self, ui: &egui::Ui, canvas: &Canvas) {
        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
        for tip in self.tips.iter().filter(|t| t.response.has_focus()) {
            let radius = 0.5 * tip.hit_rect.width() + 2.0;
            canvas.painter.circle_stroke(tip.tip, radius, stroke);
        }
        if let Some(net_tilt) = self.net_tilt.as_ref().filter(|r| r.has_focus()) {
            let radius = 0.5 * net_tilt.rect.width() + 4.0;
            canvas
                .painter
                .circle_stroke(net_tilt.rect.center(), radius, stroke);
        }
        for mark in self.measured.iter().filter(|m| m.response.has_focus()) {
            let radius = 0.5 * mark.response.rect.width() + 2.0;
            canvas
                .painter
                .circle_stroke(mark.response.rect.center(), radius, stroke);
        }
        for name in self.names.iter().filter(|n| n.response.has_focus()) {
            canvas
                .painter
                .rect_stroke(name.response.rect, 4.0, stroke, egui::StrokeKind::Outside);
        }
    }

    pub(super) fn paint(
        &mut self,
        canvas: &Canvas,
        map: &StanceMap,
        session: &Session,
        hovered: Option<Hovered>,
        net_tilt: Option<model::Vec2>,
    ) {
        let quiet_direction = quiet_direction(map, session);
        let ring_labels = draw_rings(canvas, quiet_direction);
        self.draw_spokes_and_names(canvas, map, session);
        self.draw_trail(canvas, map, session);
        // The class under the open map's arrows: they are the reading on top.
        self.draw_class(canvas, map, session);
        let ghost_rings = draw_comparison_ghosts(canvas, map, session, &self.tips);
        // Value labels keep clear of the subject's name, which is drawn over everything.
        let (subject_pos, subject_anchor, subject_rect) = subject_label_place(
            &canvas.painter,
            &map.subject,
            &canvas.geometry,
            &canvas.sizes,
            quiet_direction,
        );
        self.draw_confidence_spans(canvas, map, session);
        // Values keep clear of the subject's name, the powers' names and one another.
        let mut keep_clear = vec![subject_rect.expand(3.0)];
        keep_clear.extend(
            self.names
                .iter()
                .map(|n| n.response.rect.shrink(NAME_HANDLE_MARGIN)),
        );
        // …and of the measured values, which are drawn over the arrows.
        keep_clear.extend(self.measured_rects());
        (self.value_labels, self.marks) = self.draw_arrows(
            canvas,
            map,
            session,
            hovered,
            keep_clear.clone(),
            &ring_labels,
        );
        keep_clear.extend(self.value_labels.iter().chain(&self.marks).map(|(_, r)| *r));
        // The class's medians' heads over the arrows, so one under its arrow still shows.
        self.draw_class_heads(canvas, map, session);
        // The other map's values go over the arrows: a shorter one would hide under its arrow.
        for (center, radius, stroke) in ghost_rings {
            canvas
                .painter
                .circle(center, radius, canvas.background, stroke);
        }
        // The summary goes over the arrows it sums up.
        draw_net_tilt(canvas, net_tilt, &keep_clear);
        draw_subject(canvas, &map.subject, (subject_pos, subject_anchor));
        // Measured values last: small, and one near 0 would hide under the subject's disc.
        self.draw_measured(canvas, map, session);
        if self.tips.is_empty() {
            draw_no_powers_hint(canvas, map);
        }
    }

    /// The powers' axes and names; a name being dragged shows its bearing beside it.
    fn draw_spokes_and_names(&self, canvas: &Canvas, map: &StanceMap, session: &Session) {
        let Canvas {
            painter,
            geometry,
            sizes,
            palette,
            ..
        } = canvas;
        let background = canvas.background;
        let dragged = self.drag.as_ref().and_then(|d| match d.kind {
            DragKind::Bearing { .. } => Some(&d.power),
            DragKind::Strength { .. } => None,
        });
        for name in &self.names {
            let Some(power) = map.powers.get(name.index) else {
                continue;
            };
            let dir = CompassGeometry::direction(name.bearing_deg);
            let color = focus_color(power, !session.is_in_focus(&power.id));
            let rim = geometry.center + dir * geometry.radius;
            let is_dragged = dragged == Some(&name.power);
            let spoke_alpha = if is_dragged { 0.8 } else { SPOKE_ALPHA };
            painter.line_segment(
                [geometry.center, rim],
                Stroke::new(sizes.spoke_width, color.gamma_multiply(spoke_alpha)),
            );
            let selected = session.selected_power.as_ref() == Some(&power.id);
            let (galley, rect) =
                name_layout(painter, power, selected, geometry, sizes, name.bearing_deg);
            if is_dragged || (dragged.is_none() && name.response.hovered()) {
                // A handle: show that the name can be taken and moved.
                painter.rect_filled(rect.expand(3.0), 4.0, color.gamma_multiply(0.14));
            }
            // Names stay whole and readable when dimmed: only arrows and spokes fade.
            let ink = readable_on(power_color(&power.color), background);
            painter.galley_with_override_text_color(rect.min, galley, ink);
            if selected {
                painter.line_segment(
                    [
                        rect.left_bottom() + vec2(0.0, 1.0),
                        rect.right_bottom() + vec2(0.0, 1.0),
                    ],
                    Stroke::new(sizes.spoke_width * 1.5, color),
                );
            }
            if is_dragged {
                text_on_background(
                    painter,
                    rect.center_bottom() + vec2(0.0, 4.0),
                    Align2::CENTER_TOP,
                    format!("{:.0}°", name.bearing_deg),
                    sizes.label_font.clone(),
                    palette.text,
                    background,
                );
            }
        }
    }

    /// The fading trail of the net tilt's tip over the last `session.trail_years` years.
    ///
    /// Costs `samples × visible powers × log(keyframes)`: only the drawn samples are computed.
    fn draw_trail(&mut self, canvas: &Canvas, map: &StanceMap, session: &Session) {
        let Canvas {
            painter,
            geometry,
            sizes,
            palette,
            ..
        } = canvas;
        let trail_years = session.trail_years;
        if !(trail_years.is_finite() && trail_years > 0.0) || self.tips.is_empty() {
            return;
        }
        let samples =
            ((trail_years * TRAIL_SAMPLES_PER_YEAR).ceil() as usize).clamp(1, MAX_TRAIL_SAMPLES);
        let step_years = trail_years / samples as f64;
        self.trail.clear();
        // Newest first: index k is k steps into the past.
        for k in 0..=samples {
            let year = session.date_year_f64 - k as f64 * step_years;
            if let Some(tilt) = mean_tilt(map, session, year) {
                self.trail.push(geometry.to_screen(tilt));
            }
        }
        let width = (sizes.net_tilt_width * 0.45).max(1.5);
        let dot = (sizes.net_tilt_width * 0.55).max(2.0);
        let per_year = (1.0 / step_years).round().max(1.0) as usize;
        for (k, pair) in self.trail.windows(2).enumerate() {
            // The segment from k+1 steps ago to k steps ago, fading with age.
            let age = (k as f32 + 0.5) / samples as f32;
            let color = palette
                .net_tilt
                .gamma_multiply(TRAIL_MAX_ALPHA * (1.0 - age));
            painter.line_segment([pair[1], pair[0]], Stroke::new(width, color));
            if (k + 1) % per_year == 0 {
                let age = (k + 1) as f32 / samples as f32;
                let color = palette
                    .net_tilt
                    .gamma_multiply(TRAIL_MAX_ALPHA * (1.0 - age));
                painter.circle_filled(pair[1], dot, color);
            }
        }
    }
}

/// The comparison map's vectors at the current date, as ghosts behind the real arrows: a thin
/// dashed line in the power's colour, for each drawn power that the comparison also has. They
/// take the open map's bearing and start, so two readings of one power lie along the same ray
/// and differ only in length. Returns the small ring that marks each one's value (centre,
/// radius, stroke), for the caller to draw over the arrows. Painted only: no interaction.
fn draw_comparison_ghosts(
    canvas: &Canvas,
    map: &StanceMap,
    session: &Session,
    tips: &[ArrowTip],
) -> Vec<(Pos2, f32, Stroke)> {
    let Canvas {
        painter,
        geometry,
        sizes,
        ..
    } = canvas;
    let mut rings = Vec::new();
    let Some(comparison) = session.comparison.as_deref() else {
        return rings;
    };
    let width = (sizes.arrow_width * 0.5).max(1.0);
    for tip in tips {
        let (Some(power), Some(other)) = (map.powers.get(tip.index), comparison.power(&tip.power))
        else {
            continue;
        };
        // A compared exercise's value still to judge has no ghost, not one at zero.
        let Some(strength) = crate::model::judged_sample(&other.track, session.date_year_f64)
        else {
            continue;
        };
        let color = focus_color(power, !session.is_in_focus(&power.id)).gamma_multiply(0.55);
        let end = tip.start
            + CompassGeometry::direction(tip.bearing_deg) * (strength as f32 * geometry.radius);
        let stroke = Stroke::new(width, color);
        painter.extend(Shape::dashed_line(
            &[tip.start, end],
            stroke,
            width * 3.0,
            width * 2.5,
        ));
        rings.push((end, (width * 2.5).max(4.0), Stroke::new(width * 1.5, color)));
    }
    rings
}

/// A power's colour, faded when it is out of focus.
pub(super) fn focus_color(power: &crate::model::Power, dimmed: bool) -> Color32 {
    let color = power_color(&power.color);
    if dimmed {
        color.gamma_multiply(DIMMED_ALPHA)
    } else {
        color
    }
}

/// The rings of equal strength, each labelled on the quiet side, between the powers' axes.
/// Returns where the labels went, for marks to keep clear of where they can.
fn draw_rings(canvas: &Canvas, quiet_direction: egui::Vec2) -> Vec<Rect> {
    let Canvas {
        painter,
        geometry,
        sizes,
        palette,
        ..
    } = canvas;
    let background = canvas.background;
    for (fraction, _) in geo::RINGS {
        painter.circle_stroke(
            geometry.center,
            fraction as f32 * geometry.radius,
            Stroke::new(sizes.ring_width, palette.ring),
        );
    }
    // With a minimum text size (presenter mode), a label as tall as the gap between two rings
    // would cover them: then only the outer ring says its value.
    let crowded = sizes.min_text > 0.0
        && sizes.ring_font.size * 2.5 > geo::RINGS[0].0 as f32 * geometry.radius;
    let mut labels = Vec::with_capacity(geo::RINGS.len());
    for (fraction, label) in geo::RINGS {
        if crowded && fraction < 1.0 {
            continue;
        }
        let pos = to_pos(geo::ring_label_at(
            to_point(geometry.center),
            to_dir(quiet_direction),
            fraction,
            geometry.radius,
        ));
        labels.push(text_on_background(
            painter,
            pos,
            Align2::CENTER_CENTER,
            label.to_owned(),
            sizes.ring_font.clone(),
            palette.weak_text,
            background,
        ));
    }
    labels
}
/// The net tilt: an outlined (hollow) arrow in the text colour, ringed by the panel's colour,
/// so the power's arrow under it shows through and the two never merge into one dark shape;
/// too short to show a direction, a ring at its end. Labelled "net tilt" where no name or value
/// is ([`geo::place_label`]).
fn draw_net_tilt(canvas: &Canvas, net_tilt: Option<model::Vec2>, keep_clear: &[Rect]) {
    let Canvas {
        painter,
        geometry,
        sizes,
        palette,
        ..
    } = canvas;
    let background = canvas.background;
    let Some(tilt) = net_tilt else { return };
    let end = geometry.to_screen(tilt);
    let offset = end - geometry.center;
    let length = offset.length();
    let width = sizes.net_tilt_width;
    let line = Stroke::new((width * 0.3).max(1.5), palette.net_tilt);
    let halo = Stroke::new(line.width + 3.0, background);
    let head = Sizes::head_length(width, length);
    let places: Vec<geo::LabelPlace<f32>> = if length < head + sizes.subject_disc {
        // No room for an arrow outside the subject's disc: a ring around its end.
        let ring = (width * 1.2).max(sizes.subject_disc + 3.0);
        painter.circle_stroke(end, ring, halo);
        painter.circle_stroke(end, ring, line);
        painter.circle_filled(end, line.width * 1.2, palette.net_tilt);
        [
            vec2(0.0, 1.0),
            vec2(0.0, -1.0),
            vec2(1.0, 0.0),
            vec2(-1.0, 0.0),
        ]
        .map(|d| {
            (
                to_point(end + d * (ring + 3.0)),
                geo::anchor_toward(to_dir(d)),
            )
        })
        .to_vec()
    } else {
        let dir = offset / length;
        let (_, [point, corner_a, corner_b]) =
            geo::arrow_head(to_point(end), to_dir(dir), head, geo::head_half_width(head));
        let across = dir.rot90() * (width * 0.5);
        let base = end - dir * head;
        let outline = vec![
            geometry.center + across,
            base + across,
            to_pos(corner_a),
            to_pos(point),
            to_pos(corner_b),
            base - across,
            geometry.center - across,
        ];
        painter.add(Shape::closed_line(outline.clone(), halo));
        painter.add(Shape::closed_line(outline, line));
        geo::value_label_places(to_point(end), to_dir(dir), head, geo::head_half_width(head))
            .to_vec()
    };
    let font = sizes.label_font.clone();
    let (pos, anchor) = place_clear(
        painter,
        "net tilt",
        &font,
        &places,
        keep_clear,
        vec2(1.0, 0.0),
    );
    text_with_halo(
        painter,
        pos,
        anchor,
        "net tilt".to_owned(),
        font,
        palette.net_tilt,
        background,
    );
}

/// The subject's disc at the centre, and its name where [`subject_label_place`] put it.
fn draw_subject(canvas: &Canvas, subject: &str, (pos, anchor): (Pos2, Align2)) {
    let Canvas {
        painter,
        geometry,
        sizes,
        palette,
        ..
    } = canvas;
    let background = canvas.background;
    // Hollow, so the net-tilt arrow (in the text colour) does not merge into it.
    painter.circle(
        geometry.center,
        sizes.subject_disc,
        background,
        Stroke::new(sizes.ring_width.max(1.5), palette.text),
    );
    text_with_halo(
        painter,
        pos,
        anchor,
        subject.to_owned(),
        subject_font(sizes),
        palette.text,
        background,
    );
}

/// A hint of what to do when no arrow is drawn, on a backing of the panel's colour: it may
/// cross a ring's label.
fn draw_no_powers_hint(canvas: &Canvas, map: &StanceMap) {
    let Canvas {
        painter,
        geometry,
        sizes,
        palette,
        ..
    } = canvas;
    let background_fill = canvas.background;
    let hint = if map.powers.is_empty() {
        "This map has no powers yet: add one in Edit › Edit map…"
    } else {
        "No powers shown: show one in the powers list"
    };
    let galley =
        painter.layout_no_wrap(hint.to_owned(), sizes.label_font.clone(), palette.weak_text);
    let at = Align2::CENTER_CENTER.anchor_size(
        geometry.center + vec2(0.0, geometry.radius * 0.5),
        galley.size(),
    );
    painter.rect_filled(at.expand(3.0), 2.0, background_fill);
    painter.galley(at.min, galley, palette.weak_text);
}

/// The legend's words: what the arrows, bands and marks mean, and the trail and the other
/// map's values when they are shown (the lines the slides show too).
/// `measured` are the measured markers' lines
/// ([`crate::model::indicators::compass_legend`]), after the rest.
pub(super) fn legend_text(
    trail_years: f64,
    comparing: bool,
    contested: bool,
    measured: &[String],
) -> String {
    let mut lines = band::compass_legend(trail_years, comparing, contested);
    lines.extend_from_slice(measured);
    lines.join("\n")
}

/// The legend's font on a compass of these sizes.
pub(super) fn legend_font(sizes: &Sizes) -> FontId {
    FontId::proportional(
        MIN_FONT_SIZE
            .max(sizes.ring_font.size * 0.9)
            .max(sizes.min_text),
    )
}

/// Where the legend goes in the panel's bottom-left corner (`rect`), clear of the compass's
/// drawing: across the panel when there is room below the compass, else wrapped into the space
/// beside it (into at most [`LEGEND_MAX_EXTRA_ROWS`] more rows than it has lines), else
/// nowhere. Its laid-out text and its rect. `min_text` is the compass's smallest text size
/// (presenter mode), 0 for none.
pub(super) fn legend_place(
    painter: &egui::Painter,
    (text, font, color): (&str, &FontId, Color32),
    (rect, min_text): (Rect, f32),
    drawing: &Drawing,
) -> Option<(std::sync::Arc<egui::Galley>, Rect)> {
    if rect.height() < 150.0 {
        return None;
    }
    // Wrapped to the panel, so a narrow one (the article open beside it) cuts nothing off;
    // failing that, narrower, into the corner beside the ring. Narrower is taller, so each
    // width is tried in turn (egui keeps the layouts, so the tries cost little a frame).
    let corner = rect.left_bottom() + vec2(8.0, -8.0);
    let full = rect.width() - 16.0;
    let beside = (drawing.left() - rect.left() - 24.0).min(full);
    // With a minimum text size (presenter mode) the type is large: a legend narrower than
    // about 16 of its letters would be a column of words, so it is left out instead.
    let min_width = if min_text > 0.0 {
        LEGEND_MIN_WIDTH.max(font.size * 16.0)
    } else {
        LEGEND_MIN_WIDTH
    };
    let narrower = (0..)
        .map(|i| full - 16.0 * i as f32)
        .take_while(|&width| width >= min_width);
    let lines = text.lines().count();
    for width in std::iter::once(full).chain(narrower).chain([beside]) {
        if width < min_width {
            continue;
        }
        let galley = painter.layout(text.to_owned(), font.clone(), color, width);
        if galley.rows.len() > lines + LEGEND_MAX_EXTRA_ROWS {
            continue;
        }
        let at = Align2::LEFT_BOTTOM.anchor_size(corner, galley.size());
        if drawing.is_clear_of(at) && at.top() >= rect.top() {
            return Some((galley, at));
        }
    }
    None
}

/// The legend where [`legend_place`] finds room for it; the compass was fitted to leave some
/// (see [`CompassView::fit_with_legend`]). Returns where it went.
pub(super) fn draw_legend(
    canvas: &Canvas,
    (rect, drawing): (Rect, Drawing),
    text: &str,
) -> Option<Rect> {
    let font = legend_font(&canvas.sizes);
    let (galley, at) = legend_place(
        &canvas.painter,
        (text, &font, canvas.palette.weak_text),
        (rect, canvas.sizes.min_text),
        &drawing,
    )?;
    canvas
        .painter
        .galley(at.min, galley, canvas.palette.weak_text);
    Some(at)
}

/// Text on a translucent patch of the background, so lines under it do not hurt reading.
pub(super) fn text_on_background(
    painter: &egui::Painter,
    pos: Pos2,
    anchor: Align2,
    text: String,
    font: FontId,
    color: Color32,
    background: Color32,
) -> Rect {
    let galley = painter.layout_no_wrap(text, font, color);
    let rect = anchor.anchor_size(pos, galley.size());
    painter.rect_filled(rect.expand(2.0), 3.0, background.gamma_multiply(0.8));
    painter.galley(rect.min, galley, color);
    rect
}

/// Text with a thin halo of the background around its glyphs: readable over lines, while the
/// lines still show between the letters (a box would hide the arrows under it).
fn text_with_halo(
    painter: &egui::Painter,
    pos: Pos2,
    anchor: Align2,
    text: String,
    font: FontId,
    color: Color32,
    halo: Color32,
) -> Rect {
    let galley = painter.layout_no_wrap(text, font, color);
    let rect = anchor.anchor_size(pos, galley.size());
    for offset in [
        vec2(-1.5, 0.0),
        vec2(1.5, 0.0),
        vec2(0.0, -1.5),
        vec2(0.0, 1.5),
        vec2(-1.0, -1.0),
        vec2(1.0, -1.0),
        vec2(-1.0, 1.0),
        vec2(1.0, 1.0),
    ] {
        painter.galley_with_override_text_color(rect.min + offset, galley.clone(), halo);
    }
    painter.galley(rect.min, galley, color);
    rect
}
