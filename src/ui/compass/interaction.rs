//! How the compass answers the pointer: the hit areas of tips and names, dragging a tip
//! (strength) or a name (bearing) as one group of edits, what the pointer is over, clicks that
//! select a power, and the cursor.

use egui::accesskit::Action;
use egui::{CursorIcon, EventFilter, Key, Pos2, Rect, Response, Ui};

use super::layout::{NAME_HANDLE_MARGIN, name_layout, place_tip};
use super::{
    ArrowTip, Canvas, CompassGeometry, CompassView, Drag, DragKind, Hits, Hovered, NameLabel, Sizes,
};
use crate::model::band::Standing;
use crate::model::edit::Edit;
use crate::model::geometry::ZERO_STRENGTH;
use crate::model::{self, Date, StanceMap, snap_strength};
use crate::ui::changes::Changes;
use crate::ui::session::Session;

/// How close the pointer must come to an arrow's shaft to hover it (points).
const SHAFT_HOVER_DISTANCE: f32 = 8.0;
/// A dragged bearing is rounded to whole degrees…
const BEARING_STEP_DEG: f64 = 1.0;
/// …and snaps to this step while Shift is held.
const BEARING_SNAP_DEG: f64 = 15.0;
/// An arrow key (or AccessKit's Increment and Decrement) on a focused tip moves its strength
/// by this much…
const STRENGTH_KEY_STEP: f64 = 0.05;
/// …and with Shift held by this much.
const STRENGTH_KEY_FINE_STEP: f64 = 0.01;
/// An arrow key (or Increment and Decrement) on a focused name turns its power by this much.
const BEARING_KEY_STEP_DEG: f64 = 5.0;

impl CompassView {
    /// Lay out one tip per visible power and give each its interactive area.
    pub(super) fn layout_tips(
        &mut self,
        ui: &Ui,
        canvas: &Canvas,
        map: &StanceMap,
        session: &Session,
        hits: Hits,
    ) {
        let Hits { base_id, sense } = hits;
        self.tips.clear();
        self.lay_out_arrows(map, session, &canvas.geometry, &canvas.sizes);
        let date = session.date_year_f64;

        let month_year_f64 = current_month(date).map(Date::to_year_f64);
        for ((index, power), a) in map
            .powers
            .iter()
            .enumerate()
            .filter(|(_, p)| session.is_visible(&p.id))
            .zip(&self.scratch)
        {
            let bearing_deg = self.shown_bearing(power);
            let hit_rect = Rect::from_center_size(a.tip, egui::Vec2::splat(2.0 * a.half_hit));
            let response = ui.interact(hit_rect, base_id.with(&power.id.0), sense);
            let strength = a.strength;
            let standing = month_year_f64
                .and_then(|t| power.keyframe_at(t))
                .map(Standing::of);
            let mut label = if a.unjudged {
                format!(
                    "{}, {}",
                    crate::model::display_safe(&power.name),
                    model::exercise::NOT_YET_JUDGED
                )
            } else {
                tip_name(power, strength, date, standing)
            };
            if let Some(spread) = self.class_spread(&power.id) {
                label = format!("{label}; {}", super::class_phrase(spread));
            }
            response.widget_info(|| egui::WidgetInfo {
                value: strength,
                ..egui::WidgetInfo::labeled(egui::Role::Slider, true, &label)
            });
            if let Some(standing) = standing.filter(|s| s.warns()) {
                // The whole phrase ("no evidence — a claim without support") after the name.
                ui.ctx().accesskit_node_builder(response.id, |node| {
                    node.set_description(standing.phrase());
                });
            }
            if sense.senses_drag() {
                offer_steps(ui, &response);
            }
            self.tips.push(ArrowTip {
                power: power.id.clone(),
                index,
                strength,
                unjudged: a.unjudged,
                bearing_deg,
                start: a.start,
                tip: a.tip,
                hit_rect,
                response,
                standing,
                band_half_width: model::band_half_width_at(&power.track, date),
            });
        }
    }

    /// Give every visible power's name at the ring its interactive area.
    pub(super) fn layout_names(
        &mut self,
        ui: &Ui,
        canvas: &Canvas,
        map: &StanceMap,
        session: &Session,
        hits: Hits,
    ) {
        let Canvas {
            painter,
            geometry,
            sizes,
            ..
        } = canvas;
        let Hits { base_id, sense } = hits;
        self.names.clear();
        // Offer dragging only where it is possible, and not in the middle of it.
        let offer_drag = sense.senses_drag() && self.drag.is_none();
        for (index, power) in map
            .powers
            .iter()
            .enumerate()
            .filter(|(_, p)| session.is_visible(&p.id))
        {
            let bearing_deg = self.shown_bearing(power);
            let selected = session.selected_power.as_ref() == Some(&power.id);
            let (_, rect) = name_layout(painter, power, selected, geometry, sizes, bearing_deg);
            let mut response = ui.interact(
                rect.expand(NAME_HANDLE_MARGIN),
                base_id.with(("bearing", &power.id.0)),
                sense,
            );
            response.widget_info(|| egui::WidgetInfo {
                value: Some(bearing_deg),
                ..egui::WidgetInfo::labeled(
                    egui::Role::Slider,
                    true,
                    format!("{} bearing", crate::model::display_safe(&power.name)),
                )
            });
            if sense.senses_drag() {
                offer_steps(ui, &response);
            }
            if offer_drag {
                // A closure, so the text is only made when the tooltip shows.
                response = response.on_hover_ui(|ui| {
                    ui.label(format!(
                        "Drag to move {} around the compass",
                        crate::model::display_safe(&power.name)
                    ));
                });
            }
            self.names.push(NameLabel {
                power: power.id.clone(),
                index,
                bearing_deg,
                response,
            });
        }
    }

    /// Start, follow and end drags of tips (strength) and names (bearing), pushing one group of
    /// edits per drag, and move the dragged tip or name to its live value for this frame.
    pub(super) fn handle_drags(
        &mut self,
        ui: &Ui,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
        geometry: &CompassGeometry,
        sizes: &Sizes,
    ) {
        let (shift, press_origin) = ui.input(|i| (i.modifiers.shift, i.pointer.press_origin()));
        if self.drag.is_none()
            && let Some(press) = press_origin
        {
            self.drag = self.start_drag(map, session, changes, geometry, press);
            if self.drag.is_some() {
                changes.begin_group();
                ui.ctx().request_repaint();
            }
        }

        let Self {
            tips, names, drag, ..
        } = self;
        let Some(d) = drag else { return };
        let response = match d.kind {
            DragKind::Strength { .. } => tips
                .iter()
                .find(|t| t.power == d.power)
                .map(|t| &t.response),
            DragKind::Bearing { .. } => names
                .iter()
                .find(|n| n.power == d.power)
                .map(|n| &n.response),
        };
        let Some(response) = response.filter(|r| r.dragged() || r.drag_stopped()) else {
            // The widget went away mid-drag (its power was hidden or removed, another map
            // was opened) or the drag ended unseen: close the group with what was done.
            changes.end_group();
            *drag = None;
            return;
        };
        if let DragKind::Strength { date, .. } = d.kind {
            // Keep the date on the keyframe being edited, whatever else moves it meanwhile,
            // so the value shown is the value edited.
            changes.set_date(date.to_year_f64());
            changes.set_playing(false);
        }
        let stopped = response.drag_stopped();
        if let Some(pointer) = response.interact_pointer_pos() {
            d.moved |= press_origin.is_some_and(|press| pointer != press);
            if d.moved {
                let value = d.value_at(tips, geometry, pointer, shift);
                // The first move judges a "?" even at the value it was grabbed at.
                if value != d.value || std::mem::take(&mut d.judging) {
                    d.value = value;
                    changes.edit(d.edit());
                }
            }
        }

        // Draw this frame at the live value: the map catches up only after the frame.
        d.show_live_value(tips, names, geometry, sizes);
        if stopped {
            changes.end_group();
            *drag = None;
        }
    }

    /// Arrow keys on a focused tip or name, and AccessKit's Increment and Decrement on either:
    /// a tip's strength at the current month moves by ±0.05 (±0.01 with Shift), a name's
    /// bearing by ±5°. Each press is one edit, so one undo step, like a drag. Does nothing
    /// while a drag goes on. The changed tip or name is drawn at its new value this frame.
    pub(super) fn handle_keys(
        &mut self,
        ui: &Ui,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
        canvas: (&CompassGeometry, &Sizes),
    ) {
        let (geometry, sizes) = canvas;
        if self.drag.is_some() {
            return;
        }
        let Some(month) = current_month(session.date_year_f64) else {
            return;
        };
        let month_year_f64 = month.to_year_f64();
        let Self { tips, names, .. } = self;
        for tip in tips.iter_mut() {
            let delta = steps(ui, &tip.response, STRENGTH_KEY_STEP, STRENGTH_KEY_FINE_STEP);
            let Some(power) = map.powers.get(tip.index).filter(|_| delta != 0.0) else {
                continue;
            };
            // A keyframe already there (perhaps dated by year alone) is the one edited; with
            // no judged value yet, the keyframe to judge, from neutral.
            let (date, before) = match to_judge(power, session.date_year_f64) {
                Some(k) => (k.date, 0.0),
                None => (
                    power.keyframe_at(month_year_f64).map_or(month, |k| k.date),
                    power.strength_at(month_year_f64).unwrap_or(0.0),
                ),
            };
            let month_year_f64 = date.to_year_f64();
            let strength = snap_strength(before + delta, false);
            changes.set_date(month_year_f64);
            changes.set_playing(false);
            changes.select_power(Some(power.id.clone()));
            changes.edit(Edit::SetStrength {
                power: power.id.clone(),
                date,
                strength,
            });
            tip.strength = Some(strength);
            tip.unjudged = false;
            place_tip(tip, geometry, sizes);
            ui.ctx().request_repaint();
        }
        for name in names.iter_mut() {
            let delta = steps(
                ui,
                &name.response,
                BEARING_KEY_STEP_DEG,
                BEARING_KEY_STEP_DEG,
            );
            let Some(power) = map.powers.get(name.index).filter(|_| delta != 0.0) else {
                continue;
            };
            let bearing_deg = snap_bearing(power.bearing_deg + delta, false);
            changes.select_power(Some(power.id.clone()));
            changes.edit(Edit::SetBearing {
                power: power.id.clone(),
                bearing_deg,
            });
            name.bearing_deg = bearing_deg;
            if let Some(tip) = tips.iter_mut().find(|t| t.power == name.power) {
                tip.bearing_deg = bearing_deg;
                tip.start = geometry.center;
                place_tip(tip, geometry, sizes);
            }
            ui.ctx().request_repaint();
        }
    }

    /// A drag that starts this frame on a tip or a name, if any. Starting on a tip snaps the
    /// date to its month and stops playback, so the value shown is the value edited.
    fn start_drag(
        &self,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
        geometry: &CompassGeometry,
        press: Pos2,
    ) -> Option<Drag> {
        if let Some(tip) = self.tips.iter().find(|t| t.response.drag_started()) {
            let power = map.powers.get(tip.index)?;
            let month = current_month(session.date_year_f64)?;
            // A keyframe already there (perhaps dated by year alone) is the one edited; a "?"
            // still to judge edits the keyframe the date rests on, grabbed at the rim.
            let (date, value) = match to_judge(power, session.date_year_f64) {
                Some(k) => (k.date, 1.0),
                None => (
                    power
                        .keyframe_at(month.to_year_f64())
                        .map_or(month, |k| k.date),
                    power.strength_at(month.to_year_f64()).unwrap_or(0.0),
                ),
            };
            let month_year_f64 = date.to_year_f64();
            changes.set_date(month_year_f64);
            changes.set_playing(false);
            changes.select_power(Some(power.id.clone()));
            let at_value = geometry.center
                + CompassGeometry::direction(tip.bearing_deg) * (value as f32 * geometry.radius);
            return Some(Drag {
                power: power.id.clone(),
                kind: DragKind::Strength {
                    date,
                    // A "?" has no value to keep: the value is where the pointer is.
                    grab_offset: if tip.unjudged {
                        egui::Vec2::ZERO
                    } else {
                        at_value - press
                    },
                },
                value,
                moved: false,
                judging: tip.unjudged,
            });
        }
        let name = self.names.iter().find(|n| n.response.drag_started())?;
        let power = map.powers.get(name.index)?;
        changes.select_power(Some(power.id.clone()));
        let pressed_deg = geometry.bearing_at_pos(press);
        Some(Drag {
            power: power.id.clone(),
            kind: DragKind::Bearing {
                grab_offset_deg: angle_between_deg(pressed_deg, power.bearing_deg),
            },
            value: power.bearing_deg,
            moved: false,
            judging: false,
        })
    }

    /// What the pointer is over: a tip widget first, else the nearest shaft within reach.
    pub(super) fn hovered(
        &self,
        background: &Response,
        geometry: &CompassGeometry,
        sizes: &Sizes,
        net_tilt: Option<model::Vec2>,
    ) -> Option<Hovered> {
        if let Some(i) = self.tips.iter().position(|t| t.response.hovered()) {
            return Some(Hovered::Power(i));
        }
        if let Some(i) = self.measured.iter().position(|m| m.response.hovered()) {
            return Some(Hovered::Measured(i));
        }
        if self.net_tilt.as_ref().is_some_and(Response::hovered) {
            return Some(Hovered::NetTilt);
        }
        let pointer = background.hover_pos()?;
        let mut best: Option<(f32, Hovered)> = self
            .nearest_shaft(pointer, sizes)
            .map(|(d, i)| (d, Hovered::Power(i)));
        if let Some(tilt) = net_tilt {
            let end = geometry.to_screen(tilt);
            let d = distance_to_segment(pointer, geometry.center, end);
            let reach = SHAFT_HOVER_DISTANCE + sizes.net_tilt_width * 0.5;
            if d < reach && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, Hovered::NetTilt));
            }
        }
        best.map(|(_, h)| h)
    }

    /// The power whose arrow shaft (or zero ring) is nearest to `pointer`, within reach.
    fn nearest_shaft(&self, pointer: Pos2, sizes: &Sizes) -> Option<(f32, usize)> {
        let reach = SHAFT_HOVER_DISTANCE + sizes.arrow_width * 0.5;
        self.tips
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let is_zero = t.strength.is_none_or(|s| s.abs() < ZERO_STRENGTH);
                let d = if is_zero {
                    (pointer.distance(t.tip) - sizes.zero_ring).max(0.0)
                } else {
                    distance_to_segment(pointer, t.start, t.tip)
                };
                (d < reach).then_some((d, i))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// Clicking a tip, a shaft or a name selects its power; clicking empty space does nothing.
    pub(super) fn handle_clicks(
        &self,
        background: &Response,
        sizes: &Sizes,
        changes: &mut Changes,
    ) {
        let clicked = self
            .tips
            .iter()
            .find(|t| t.response.clicked())
            .map(|t| t.power.clone())
            .or_else(|| {
                self.names
                    .iter()
                    .find(|n| n.response.clicked())
                    .map(|n| n.power.clone())
            })
            .or_else(|| {
                self.measured
                    .iter()
                    .find(|m| m.response.clicked())
                    .map(|m| m.power.clone())
            });
        let clicked = clicked.or_else(|| {
            if !background.clicked() {
                return None;
            }
            let pointer = background.interact_pointer_pos()?;
            let (_, i) = self.nearest_shaft(pointer, sizes)?;
            Some(self.tips[i].power.clone())
        });
        if let Some(id) = clicked {
            changes.select_power(Some(id));
        }
    }

    /// The pointer's shape: grabbing while a drag goes on, an open hand over what can be
    /// dragged, a pointing hand over what can be clicked.
    pub(super) fn set_cursor(&self, ui: &Ui, hovered: Option<Hovered>, editable: bool) {
        let cursor = if self.drag.is_some() {
            Some(CursorIcon::Grabbing)
        } else if editable
            && (self.names.iter().any(|n| n.response.hovered())
                || self.tips.iter().any(|t| t.response.hovered()))
        {
            Some(CursorIcon::Grab)
        } else {
            hovered.map(|_| CursorIcon::PointingHand)
        };
        if let Some(cursor) = cursor {
            ui.ctx().set_cursor_icon(cursor);
        }
    }
}

impl Drag {
    /// The value the pointer at `pointer` stands for: snapped, and with Shift held snapped
    /// coarser.
    fn value_at(
        &self,
        tips: &[ArrowTip],
        geometry: &CompassGeometry,
        pointer: Pos2,
        shift: bool,
    ) -> f64 {
        match self.kind {
            DragKind::Strength { grab_offset, .. } => {
                let bearing = tips
                    .iter()
                    .find(|t| t.power == self.power)
                    .map_or(0.0, |t| t.bearing_deg);
                let raw = geometry.strength_at_pos(bearing, pointer + grab_offset);
                snap_strength(raw, shift)
            }
            DragKind::Bearing { grab_offset_deg } => {
                snap_bearing(geometry.bearing_at_pos(pointer) + grab_offset_deg, shift)
            }
        }
    }

    /// The edit that sets the dragged value in the map.
    fn edit(&self) -> Edit {
        match self.kind {
            DragKind::Strength { date, .. } => Edit::SetStrength {
                power: self.power.clone(),
                date,
                strength: self.value,
            },
            DragKind::Bearing { .. } => Edit::SetBearing {
                power: self.power.clone(),
                bearing_deg: self.value,
            },
        }
    }

    /// Move the dragged tip, or the dragged name and its tip, to the live value.
    fn show_live_value(
        &self,
        tips: &mut [ArrowTip],
        names: &mut [NameLabel],
        geometry: &CompassGeometry,
        sizes: &Sizes,
    ) {
        match self.kind {
            DragKind::Strength { .. } => {
                if let Some(tip) = tips.iter_mut().find(|t| t.power == self.power)
                    && !self.judging
                {
                    tip.strength = Some(self.value);
                    tip.unjudged = false;
                    place_tip(tip, geometry, sizes);
                }
            }
            DragKind::Bearing { .. } => {
                if let Some(name) = names.iter_mut().find(|n| n.power == self.power) {
                    name.bearing_deg = self.value;
                }
                if let Some(tip) = tips.iter_mut().find(|t| t.power == self.power) {
                    tip.bearing_deg = self.value;
                    tip.start = geometry.center;
                    place_tip(tip, geometry, sizes);
                }
            }
        }
    }
}

/// What a screen reader calls a tip: what a sighted user reads off the arrow. The power, its
/// value as printed, which way the arrow points, the confidence its band shows, and the
/// warning its mark gives: "Russia, +0.80, toward, high confidence" or "EU, −0.35, away,
/// low confidence, no evidence".
fn tip_name(
    power: &crate::model::Power,
    strength: Option<f64>,
    date: f64,
    standing: Option<Standing>,
) -> String {
    let name = crate::model::display_safe(&power.name);
    let Some(strength) = strength else {
        return format!("{name}, no data");
    };
    let (value, direction) = if model::geometry::is_zero_strength(strength) {
        ("0.00".to_owned(), "neutral")
    } else if strength > 0.0 {
        (model::format_strength_signed(strength), "toward")
    } else {
        (model::format_strength_signed(strength), "away")
    };
    // The confidence of the keyframe in effect: the last one at or before the date.
    let confidence = power
        .track
        .iter()
        .take_while(|k| k.date.to_year_f64() <= date)
        .last()
        .or_else(|| power.track.first())
        .map(|k| format!(", {} confidence", k.confidence.label()))
        .unwrap_or_default();
    let warning = match standing {
        Some(s) if s.is_contested() => ", contested",
        Some(s) if s.unsupported => ", no evidence",
        _ => "",
    };
    format!("{name}, {value}, {direction}{confidence}{warning}")
}

/// The keyframe still to judge that a "?" at `year_f64` stands for, if the power has no
/// judged value there.
fn to_judge(power: &crate::model::Power, year_f64: f64) -> Option<&crate::model::Keyframe> {
    model::exercise::keyframe_to_judge(&power.track, year_f64).and_then(|i| power.track.get(i))
}

/// Tell assistive technology that a tip or name can be stepped up and down, and keep the
/// arrow keys for it (rather than moving the focus) while it has the focus.
fn offer_steps(ui: &Ui, response: &Response) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.add_action(Action::Increment);
        node.add_action(Action::Decrement);
    });
    if response.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    ..EventFilter::default()
                },
            );
        });
    }
}

/// How far the keys and actions of this frame move the value of the widget `response`: each
/// Up or Right arrow (while it has the focus) and each Increment by `step` up, each Down or
/// Left and Decrement by `step` down; an arrow with Shift held by `fine_step`.
fn steps(ui: &Ui, response: &Response, step: f64, fine_step: f64) -> f64 {
    let focused = response.has_focus();
    ui.input(|i| {
        let keys: f64 = i
            .events
            .iter()
            .filter(|_| focused)
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if !modifiers.ctrl && !modifiers.alt && !modifiers.command => {
                    let size = if modifiers.shift { fine_step } else { step };
                    match key {
                        Key::ArrowUp | Key::ArrowRight => Some(size),
                        Key::ArrowDown | Key::ArrowLeft => Some(-size),
                        _ => None,
                    }
                }
                _ => None,
            })
            .sum();
        let up = i.num_accesskit_action_requests(response.id, Action::Increment);
        let down = i.num_accesskit_action_requests(response.id, Action::Decrement);
        #[allow(clippy::cast_precision_loss, reason = "a handful of requests")]
        let actions = (up as f64 - down as f64) * step;
        keys + actions
    })
}

/// The whole month nearest to a date: the date a dragged tip edits. `None` for a date that is
/// not a number.
fn current_month(year_f64: f64) -> Option<Date> {
    year_f64
        .is_finite()
        .then(|| Date::from_year_f64_month(year_f64))
}

/// A dragged bearing: rounded to [`BEARING_STEP_DEG`], or with Shift held to
/// [`BEARING_SNAP_DEG`], in 0..360.
fn snap_bearing(raw_deg: f64, shift: bool) -> f64 {
    let step = if shift {
        BEARING_SNAP_DEG
    } else {
        BEARING_STEP_DEG
    };
    ((raw_deg / step).round() * step).rem_euclid(360.0)
}

/// The signed angle from bearing `from_deg` to bearing `to_deg`, in −180..180.
fn angle_between_deg(from_deg: f64, to_deg: f64) -> f64 {
    (to_deg - from_deg + 180.0).rem_euclid(360.0) - 180.0
}

/// Distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len_sq = ab.length_sq();
    if len_sq <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len_sq).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn segment_distance() {
        let (a, b) = (pos2(0.0, 0.0), pos2(10.0, 0.0));
        assert_eq!(distance_to_segment(pos2(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(pos2(-4.0, 3.0), a, b), 5.0);
        assert_eq!(distance_to_segment(pos2(1.0, 1.0), a, a), 2.0_f32.sqrt());
    }
}
