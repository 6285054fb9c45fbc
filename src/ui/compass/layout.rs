//! Where things go: the compass that fits the panel with its names, each arrow's start, tip and
//! hit area, the names' places, the quiet side for the ring labels and the part of the panel the
//! drawing takes. Positions come from [`crate::model::geometry`], turned into screen positions.

use egui::{Align2, Color32, FontId, Pos2, Rect, vec2};

use super::{ArrowTip, CompassGeometry, CompassView, Drag, DragKind, Layout, MAX_FONT_SIZE, Sizes};
use crate::model::geometry::{self as geo, Point, Side};
use crate::model::{self, Power, PowerId, StanceMap};
use crate::ui::session::Session;
use crate::ui::theme::power_color;

/// Side of the square hit area around an arrow tip, at least (points).
const MIN_TIP_HIT_SIZE: f32 = 18.0;
/// Arrows whose directions differ by less than this angle (as a cosine: 8°) run side by side.
const PARALLEL_COS: f32 = 0.990;
/// How far hit areas may shrink below [`MIN_TIP_HIT_SIZE`] to keep close tips apart (14 pt).
const MIN_HIT_SHRINK: f32 = 14.0 / MIN_TIP_HIT_SIZE;
/// The smallest compass [`CompassView::fit_with_names`] makes: below this it is unreadable.
const MIN_FITTED_RADIUS: f32 = 40.0;
/// The panel must keep at least this height for the compass when it gives a strip to the
/// legend; lower, the legend is left out instead.
const MIN_COMPASS_HEIGHT_FOR_LEGEND: f32 = 220.0;
/// How far a name's handle (what takes the pointer to drag it) reaches past its text, in points.
pub(super) const NAME_HANDLE_MARGIN: f32 = 3.0;

impl CompassView {
    /// The plain geometry of every visible power's arrow this frame, into `scratch`: arrows
    /// along the same ray side by side, and hit areas shrunk so close tips keep apart.
    pub(super) fn lay_out_arrows(
        &mut self,
        map: &StanceMap,
        session: &Session,
        geometry: &CompassGeometry,
        sizes: &Sizes,
    ) {
        self.scratch.clear();
        let date = session.date_year_f64;

        // First the plain geometry of every arrow.
        for power in map.powers.iter().filter(|p| session.is_visible(&p.id)) {
            // An exercise's value still to judge is none, not zero: a "?" on the rim instead.
            let strength = self
                .live_strength(&power.id, date)
                .or_else(|| model::judged_sample(&power.track, date));
            let unjudged = strength.is_none() && !power.track.is_empty();
            let value = strength.unwrap_or(0.0);
            let bearing_dir = CompassGeometry::direction(self.shown_bearing(power));
            let is_zero = geo::is_zero_strength(value) || unjudged;
            let (dir, tip, length) = if unjudged {
                (bearing_dir, unjudged_at(geometry, sizes, bearing_dir), 0.0)
            } else if is_zero {
                (
                    bearing_dir,
                    zero_ring_center(geometry, sizes, bearing_dir),
                    0.0,
                )
            } else {
                let (dir, tip) = geo::arrow_tip(
                    to_point(geometry.center),
                    to_dir(bearing_dir),
                    value,
                    geometry.radius,
                );
                (
                    vec2(dir.x, dir.y),
                    to_pos(tip),
                    value.abs() as f32 * geometry.radius,
                )
            };
            self.scratch.push(Layout {
                strength,
                unjudged,
                dir,
                is_zero,
                start: geometry.center,
                tip,
                half_hit: 0.5
                    * MIN_TIP_HIT_SIZE.max(Sizes::head_length(sizes.arrow_width, length) * 1.6),
            });
        }
        set_side_by_side(&mut self.scratch, sizes);
        shrink_hit_areas(&mut self.scratch);
    }

    /// The live strength of the power being dragged, if `power` is it and `date_year_f64` is
    /// the date being edited.
    fn live_strength(&self, power: &PowerId, date_year_f64: f64) -> Option<f64> {
        match &self.drag {
            Some(Drag {
                power: dragged,
                kind: DragKind::Strength { date, .. },
                value,
                judging: false,
                ..
            }) if dragged == power && date.to_year_f64() == date_year_f64 => Some(*value),
            _ => None,
        }
    }

    /// The bearing a power is drawn at: its live bearing while its name is dragged.
    pub(super) fn shown_bearing(&self, power: &Power) -> f64 {
        match &self.drag {
            Some(Drag {
                power: dragged,
                kind: DragKind::Bearing { .. },
                value,
                ..
            }) if dragged == &power.id => *value,
            _ => power.bearing_deg,
        }
    }

    /// The compass that fits in `rect` with every shown power's name whole inside it: in a
    /// narrow panel it shrinks rather than cut a name off. While a name is being dragged
    /// around the ring the compass keeps the size it had, so it does not breathe under the
    /// pointer.
    pub(super) fn fit_with_names(
        &self,
        painter: &egui::Painter,
        map: &StanceMap,
        session: &Session,
        rect: Rect,
    ) -> CompassGeometry {
        let mut geometry = CompassGeometry::fit(rect);
        if let (
            Some(previous),
            Some(Drag {
                kind: DragKind::Bearing { .. },
                ..
            }),
        ) = (self.geometry, &self.drag)
            && previous.center == geometry.center
        {
            return previous;
        }
        // Names move out with the radius (and their font grows with it): a few rounds settle.
        for _ in 0..3 {
            let sizes = Sizes::new(&geometry, self.min_text_size);
            let mut shrink = 0.0_f32;
            for power in map.powers.iter().filter(|p| session.is_visible(&p.id)) {
                let bearing_deg = self.shown_bearing(power);
                let selected = session.selected_power.as_ref() == Some(&power.id);
                let (_, name) =
                    name_layout(painter, power, selected, &geometry, &sizes, bearing_deg);
                let dir = CompassGeometry::direction(bearing_deg);
                // How far it sticks out, and how much less radius brings it back in.
                let out_x = (rect.left() - name.left()).max(name.right() - rect.right());
                let out_y = (rect.top() - name.top()).max(name.bottom() - rect.bottom());
                if out_x > 0.0 {
                    shrink = shrink.max(out_x / dir.x.abs().max(0.3));
                }
                if out_y > 0.0 {
                    shrink = shrink.max(out_y / dir.y.abs().max(0.3));
                }
            }
            if shrink <= 0.0 {
                break;
            }
            geometry.radius = (geometry.radius - shrink - 1.0).max(MIN_FITTED_RADIUS);
        }
        geometry
    }

    /// [`Self::fit_with_names`], leaving room for the legend too: where the legend (of
    /// `legend`'s words) finds no place beside the compass, the compass fits in the panel less
    /// a strip along its bottom as tall as the legend across the panel. Not where the panel is
    /// too low to give up the strip, nor with presenter mode's minimum text size.
    pub(super) fn fit_with_legend(
        &self,
        painter: &egui::Painter,
        (map, session): (&StanceMap, &Session),
        rect: Rect,
        legend: &str,
    ) -> CompassGeometry {
        let geometry = self.fit_with_names(painter, map, session, rect);
        // Presenter mode's large type: the legend shows only where it fits, and the compass
        // keeps its size (its text is the larger for it).
        if self.min_text_size > 0.0 {
            return geometry;
        }
        if self.drag.is_some() {
            // The compass does not breathe under the pointer.
            return self.geometry.unwrap_or(geometry);
        }
        let sizes = Sizes::new(&geometry, self.min_text_size);
        let font = super::paint::legend_font(&sizes);
        let drawing = Self::names_reach(painter, map, session, &geometry, &sizes);
        let ink = (legend, &font, Color32::WHITE);
        if super::paint::legend_place(painter, ink, (rect, sizes.min_text), &drawing).is_some() {
            return geometry;
        }
        let strip = painter
            .layout(legend.to_owned(), font, Color32::WHITE, rect.width() - 16.0)
            .size()
            .y
            + 12.0;
        let above = Rect::from_min_max(rect.min, egui::pos2(rect.max.x, rect.max.y - strip));
        if above.height() < MIN_COMPASS_HEIGHT_FOR_LEGEND {
            return geometry;
        }
        self.fit_with_names(painter, map, session, above)
    }

    /// The compass's drawing at `geometry`, whatever the powers' bearings: the disc its names
    /// could reach at any bearing. The room left for the legend then does not change while a
    /// name is dragged around the ring, so the compass does not move when it is let go.
    fn names_reach(
        painter: &egui::Painter,
        map: &StanceMap,
        session: &Session,
        geometry: &CompassGeometry,
        sizes: &Sizes,
    ) -> Drawing {
        let longest = map
            .powers
            .iter()
            .filter(|p| session.is_visible(&p.id))
            .map(|power| {
                let selected = session.selected_power.as_ref() == Some(&power.id);
                let (galley, _) = name_layout(painter, power, selected, geometry, sizes, 0.0);
                galley.size().x.max(galley.size().y)
            })
            .fold(0.0, f32::max);
        Drawing {
            center: geometry.center,
            radius: geometry.radius + sizes.name_font.size * 0.4 + 4.0 + longest,
            names: Vec::new(),
        }
    }

    /// The part of the panel the compass draws on: its outer ring and every shown name (the
    /// names laid out this frame by `layout_names`, less the margin of their handles).
    pub(super) fn drawing_bounds(&self, geometry: &CompassGeometry) -> Drawing {
        Drawing {
            center: geometry.center,
            radius: geometry.radius,
            names: self
                .names
                .iter()
                .map(|name| name.response.rect.shrink(NAME_HANDLE_MARGIN))
                .collect(),
        }
    }
}

/// Arrows along (nearly) the same ray, as when a power is leaned away from and the power
/// opposite it is leaned toward, run side by side instead of on top of each other.
fn set_side_by_side(scratch: &mut [Layout], sizes: &Sizes) {
    let spacing = (sizes.arrow_width * 2.5).max(MIN_TIP_HIT_SIZE * 0.6);
    for i in 0..scratch.len() {
        let a = &scratch[i];
        if a.is_zero {
            continue;
        }
        let parallel = |b: &Layout| !b.is_zero && a.dir.dot(b.dir) > PARALLEL_COS;
        let rank = scratch[..i].iter().filter(|b| parallel(b)).count();
        let count = scratch.iter().filter(|b| parallel(b)).count();
        if count < 2 {
            continue;
        }
        // The side-by-side axis is taken from the group's first arrow, so all agree.
        let first = scratch
            .iter()
            .find(|b| parallel(b))
            .map_or(a.dir, |b| b.dir);
        let shift = first.rot90() * ((rank as f32 - (count - 1) as f32 / 2.0) * spacing);
        let a = &mut scratch[i];
        a.start += shift;
        a.tip += shift;
    }
}

/// Hit areas shrink (down to the minimum) so that close tips do not steal each other's clicks:
/// two squares never overlap while their centres are 14 points apart.
fn shrink_hit_areas(scratch: &mut [Layout]) {
    for i in 0..scratch.len() {
        let tip = scratch[i].tip;
        let nearest = scratch
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, b)| {
                let d = b.tip - tip;
                d.x.abs().max(d.y.abs())
            })
            .fold(f32::INFINITY, f32::min);
        let a = &mut scratch[i];
        a.half_hit = a
            .half_hit
            .min(nearest * 0.5)
            .max(MIN_TIP_HIT_SIZE * 0.5 * MIN_HIT_SHRINK);
    }
}

/// Put a tip where its (new) strength and bearing say, keeping its side-by-side offset.
pub(super) fn place_tip(tip: &mut ArrowTip, geometry: &CompassGeometry, sizes: &Sizes) {
    let value = tip.strength.unwrap_or(0.0);
    let bearing_dir = CompassGeometry::direction(tip.bearing_deg);
    if tip.strength.is_none() && tip.unjudged {
        tip.start = geometry.center;
        tip.tip = unjudged_at(geometry, sizes, bearing_dir);
    } else if geo::is_zero_strength(value) {
        tip.start = geometry.center;
        tip.tip = zero_ring_center(geometry, sizes, bearing_dir);
    } else {
        let (_, at) = geo::arrow_tip(
            to_point(tip.start),
            to_dir(bearing_dir),
            value,
            geometry.radius,
        );
        tip.tip = to_pos(at);
    }
}

/// The comparison map's vectors at the current date, as ghosts behind the real arrows: a thin
/// A power's name at the ring at `bearing_deg`: its text laid out, and where it goes.
pub(super) fn name_layout(
    painter: &egui::Painter,
    power: &Power,
    selected: bool,
    geometry: &CompassGeometry,
    sizes: &Sizes,
    bearing_deg: f64,
) -> (std::sync::Arc<egui::Galley>, Rect) {
    let dir = CompassGeometry::direction(bearing_deg);
    let font = if selected {
        FontId::proportional(
            (sizes.name_font.size * 1.15)
                .min(MAX_FONT_SIZE + 4.0)
                .max(sizes.name_font.size),
        )
    } else {
        sizes.name_font.clone()
    };
    let pos = to_pos(geo::name_at(
        to_point(geometry.center),
        to_dir(dir),
        geometry.radius,
        sizes.name_font.size,
    ));
    let galley = painter.layout_no_wrap(
        crate::model::display_safe(&power.name).into_owned(),
        font,
        power_color(&power.color),
    );
    // Names stay readable when dimmed: only arrows and spokes fade.
    let rect = anchor_toward(dir).anchor_size(pos, galley.size());
    (galley, rect)
}

/// The net tilt at a date as the mean of the visible powers' vectors (see
/// [`StanceMap::mean_tilt_at`]). `None` when no power is visible.
pub(super) fn mean_tilt(map: &StanceMap, session: &Session, year_f64: f64) -> Option<model::Vec2> {
    map.mean_tilt_at(year_f64, |p| {
        session.is_visible(&p.id) && !is_unjudged_at(p, year_f64)
    })
}

/// ", leaving out 2 powers not yet judged" when the net tilt at `year_f64` leaves out visible
/// powers still to judge; empty otherwise.
pub(super) fn left_out_of_tilt(map: &StanceMap, session: &Session, year_f64: f64) -> String {
    let n = map
        .powers
        .iter()
        .filter(|p| session.is_visible(&p.id) && is_unjudged_at(p, year_f64))
        .count();
    match n {
        0 => String::new(),
        1 => format!(", leaving out 1 power {}", model::exercise::NOT_YET_JUDGED),
        n => format!(
            ", leaving out {n} powers {}",
            model::exercise::NOT_YET_JUDGED
        ),
    }
}

/// The radius of the dashed "?" ring of a value still to judge.
pub(super) fn unjudged_ring(sizes: &Sizes) -> f32 {
    (sizes.zero_ring * 1.8).max(9.0)
}

/// Where the "?" of a value still to judge sits: just inside the rim at its bearing, clear of
/// the power's name outside it.
fn unjudged_at(geometry: &CompassGeometry, sizes: &Sizes, dir: egui::Vec2) -> Pos2 {
    geometry.center + dir * (geometry.radius - unjudged_ring(sizes))
}

/// Whether `power` has keyframes but no judged value at `year_f64` (an exercise's keyframe
/// still to judge): the net tilt leaves it out rather than count it as zero.
pub(super) fn is_unjudged_at(power: &Power, year_f64: f64) -> bool {
    !power.track.is_empty() && model::judged_sample(&power.track, year_f64).is_none()
}

/// `value` if it is finite, else `fallback` (an unbounded layout gives infinite space).
pub(super) fn finite_or(value: f32, fallback: f32) -> f32 {
    if value.is_finite() { value } else { fallback }
}

/// Where the small ring of a power with a zero value sits: touching the subject's disc, on the
/// power's side, so several zero values do not hide one another.
fn zero_ring_center(geometry: &CompassGeometry, sizes: &Sizes, dir: egui::Vec2) -> Pos2 {
    to_pos(geo::zero_ring_center(
        to_point(geometry.center),
        to_dir(dir),
        sizes.subject_disc,
        sizes.zero_ring,
        1.0,
    ))
}
/// The screen direction in the middle of the widest gap between the visible powers' bearings:
/// a quiet place for the ring labels, away from every power's axis.
pub(super) fn quiet_direction(map: &StanceMap, session: &Session) -> egui::Vec2 {
    let mut bearings = [0.0_f64; 16];
    let mut n = 0;
    for p in map.powers.iter().filter(|p| session.is_visible(&p.id)) {
        if n == bearings.len() {
            break;
        }
        bearings[n] = p.bearing_deg.rem_euclid(360.0);
        n += 1;
    }
    let bearings = &mut bearings[..n];
    bearings.sort_by(f64::total_cmp);
    let quiet_deg = match bearings {
        [] => 135.0,
        [only] => *only + 180.0,
        _ => {
            let mut best = (f64::MIN, 0.0);
            for i in 0..bearings.len() {
                let from = bearings[i];
                let to = if i + 1 < bearings.len() {
                    bearings[i + 1]
                } else {
                    bearings[0] + 360.0
                };
                if to - from > best.0 + 1e-9 {
                    best = (to - from, f64::midpoint(from, to));
                }
            }
            best.1
        }
    };
    CompassGeometry::direction(quiet_deg)
}

/// The anchor that puts text beside a point on the side `dir` points to.
pub(super) fn anchor_toward(dir: egui::Vec2) -> Align2 {
    to_align(geo::anchor_toward(to_dir(dir)))
}

/// The egui anchor for the sides the egui-free geometry names.
pub(super) fn to_align((h, v): (Side, Side)) -> Align2 {
    let align = |side| match side {
        Side::Start => egui::Align::Min,
        Side::Middle => egui::Align::Center,
        Side::End => egui::Align::Max,
    };
    Align2([align(h), align(v)])
}

/// A screen position as the egui-free geometry takes it.
pub(super) fn to_point(p: Pos2) -> Point<f32> {
    Point { x: p.x, y: p.y }
}

/// A screen direction as the egui-free geometry takes it.
pub(super) fn to_dir(v: egui::Vec2) -> Point<f32> {
    Point { x: v.x, y: v.y }
}

/// A position from the egui-free geometry, on screen.
pub(super) fn to_pos(p: Point<f32>) -> Pos2 {
    Pos2::new(p.x, p.y)
}

/// The font of the subject's name at the centre.
pub(super) fn subject_font(sizes: &Sizes) -> FontId {
    FontId::proportional(sizes.name_font.size)
}

/// Where the subject's name goes, just above or below its disc, opposite the ring labels so
/// the two never collide; and the rect it takes.
pub(super) fn subject_label_place(
    painter: &egui::Painter,
    subject: &str,
    geometry: &CompassGeometry,
    sizes: &Sizes,
    quiet_direction: egui::Vec2,
) -> (Pos2, Align2, Rect) {
    let (pos, anchor) = if quiet_direction.y > 0.0 {
        (
            geometry.center - vec2(0.0, sizes.subject_disc + 3.0),
            Align2::CENTER_BOTTOM,
        )
    } else {
        (
            geometry.center + vec2(0.0, sizes.subject_disc + 3.0),
            Align2::CENTER_TOP,
        )
    };
    let size = painter
        .layout_no_wrap(subject.to_owned(), subject_font(sizes), Color32::WHITE)
        .size();
    (pos, anchor, anchor.anchor_size(pos, size))
}

/// Where the compass draws: the disc of its outer ring, and its powers' names.
pub(super) struct Drawing {
    center: Pos2,
    radius: f32,
    names: Vec<Rect>,
}

impl Drawing {
    /// Whether `rect` keeps clear of the ring's disc and of every name. It may graze the
    /// outer ring (strength 1), which only an arrow at full strength reaches.
    pub(super) fn is_clear_of(&self, rect: Rect) -> bool {
        rect.distance_to_pos(self.center) > self.radius * 0.92
            && !self.names.iter().any(|name| name.intersects(rect))
    }

    /// The left edge of the drawing.
    pub(super) fn left(&self) -> f32 {
        self.names
            .iter()
            .map(Rect::left)
            .fold(self.center.x - self.radius, f32::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_put_text_outside() {
        assert_eq!(anchor_toward(vec2(1.0, 0.0)), Align2::LEFT_CENTER);
        assert_eq!(anchor_toward(vec2(0.0, -1.0)), Align2::CENTER_BOTTOM);
    }
}
