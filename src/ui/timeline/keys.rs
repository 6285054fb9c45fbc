//! The timeline by keyboard and screen reader: its keyframes one by one.
//!
//! Each keyframe in view is a focusable widget of its own, in date order after the plot, so Tab
//! reaches them one by one and a screen reader names each as a sighted user reads it ("EU,
//! March 2022, +0.55, medium confidence, contested"). Where more than
//! [`MAX_KEYFRAME_WIDGETS`] are in view (a large map zoomed out), only the keyframe the
//! keyboard is on is one. While the plot or one of its keyframes has the keyboard, Left and
//! Right go to the previous and next keyframe of a shown power (from the plot: the nearest
//! before or after the date), Home and End to the first and last, and Enter (or Space)
//! selects it as a click does. They are not free for the global date stepping then: egui
//! leaves bare keys to a focused widget, and Esc gives the keyboard back.

use egui::{EventFilter, Id, Key, Modifiers, Sense};
use egui_plot::{PlotPoint, PlotTransform};

use super::{Hover, SELECTED_RING_RADIUS, TimelineView, TrackPoints};
use crate::model::band::Standing;
use crate::model::{Date, PowerId, StanceMap, display_safe, format_strength_signed};
use crate::ui::changes::Changes;
use crate::ui::session::Session;

/// Above this many keyframes in view, only the one the keyboard is on is a widget of its own
/// (the others are reached with Left and Right): hundreds of widgets a frame would cost more
/// than the plot.
pub const MAX_KEYFRAME_WIDGETS: usize = 200;

/// A keyframe by its power and date: it stays the same keyframe while others are edited.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct KeyframeKey {
    power: PowerId,
    date: Date,
}

/// The id of a keyframe's focusable widget.
fn widget_id(plot: Id, power: &PowerId, date: Date) -> Id {
    plot.with(("keyframe", power.0.as_str(), date.year, date.month))
}

/// What a screen reader says of keyframe `keyframe` of power `power` (indices into the map):
/// "EU, March 2022, +0.55, medium confidence", then "contested" and "no supporting evidence"
/// where they apply.
pub fn keyframe_phrase(map: &StanceMap, power: usize, keyframe: usize) -> Option<String> {
    let p = map.powers.get(power)?;
    let k = p.track.get(keyframe)?;
    if k.unjudged {
        return Some(format!(
            "{}, {}, {}",
            display_safe(&p.name),
            k.date,
            crate::model::exercise::NOT_YET_JUDGED
        ));
    }
    let mut text = format!(
        "{}, {}, {}, {} confidence",
        display_safe(&p.name),
        k.date,
        format_strength_signed(k.strength),
        k.confidence.label()
    );
    let standing = Standing::of(k);
    if standing.is_contested() {
        text.push_str(", contested");
    }
    if standing.unsupported {
        text.push_str(", no supporting evidence");
    }
    Some(text)
}

/// The keyframe of a shown power that comes next in date order after `from` (a year and a
/// power index; ties in date go by the powers' order), or before it when not `forward`.
fn step(
    map: &StanceMap,
    tracks: &[TrackPoints],
    from: (f64, usize),
    forward: bool,
) -> Option<(usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    for (p, (power, points)) in map.powers.iter().zip(tracks).enumerate() {
        if !points.visible {
            continue;
        }
        let after = |year: f64| year > from.0 || (year == from.0 && p > from.1);
        let before = |year: f64| year < from.0 || (year == from.0 && p < from.1);
        let candidate = if forward {
            let i = power
                .track
                .partition_point(|k| !after(k.date.to_year_f64()));
            power.track.get(i).map(|k| (k.date.to_year_f64(), p, i))
        } else {
            let i = power
                .track
                .partition_point(|k| before(k.date.to_year_f64()));
            i.checked_sub(1)
                .and_then(|i| power.track.get(i).map(|k| (k.date.to_year_f64(), p, i)))
        };
        if let Some(c) = candidate {
            let better = best.is_none_or(|b| {
                if forward {
                    (c.0, c.1) < (b.0, b.1)
                } else {
                    (c.0, c.1) > (b.0, b.1)
                }
            });
            if better {
                best = Some(c);
            }
        }
    }
    best.map(|(_, p, i)| (p, i))
}

impl TimelineView {
    /// Where the keyboard is among the keyframes: (power, keyframe) indices into the map, if
    /// its keyframe is still there and its power shown.
    fn keyboard_keyframe(&self, map: &StanceMap) -> Option<(usize, usize)> {
        let key = self.keyboard.as_ref()?;
        let p = map.powers.iter().position(|p| p.id == key.power)?;
        if !self.tracks.get(p).is_some_and(|t| t.visible) {
            return None;
        }
        let i = map.powers[p]
            .track
            .iter()
            .position(|k| k.date == key.date)?;
        Some((p, i))
    }

    /// The keyframes' widgets and keys (see the module's text); the focused keyframe gets a
    /// ring and its hover text. `hovered` tells whether the pointer shows a hover text already.
    pub(super) fn keyboard_ui(
        &mut self,
        ui: &egui::Ui,
        (map, session): (&StanceMap, &Session),
        transform: &PlotTransform,
        plot: &egui::Response,
        hovered: bool,
        changes: &mut Changes,
    ) {
        if plot.has_focus() {
            // Where the keyboard is, for those who see it.
            let stroke = ui.visuals().selection.stroke;
            ui.painter().rect_stroke(
                transform.frame().expand(2.0),
                2.0,
                egui::Stroke::new(2.0, stroke.color),
                egui::StrokeKind::Outside,
            );
        }
        let mut current = self.keyboard_keyframe(map);
        let current_id = current
            .map(|(p, i)| widget_id(plot.id, &map.powers[p].id, map.powers[p].track[i].date));
        let focused = ui.memory(egui::Memory::focused);
        let on_plot = focused == Some(plot.id);
        let on_keyframe = focused.is_some() && focused == current_id;
        if on_plot || on_keyframe {
            if let Some(id) = focused {
                // Left and Right are the timeline's, not egui's to move the focus with.
                ui.memory_mut(|m| {
                    m.set_focus_lock_filter(
                        id,
                        EventFilter {
                            horizontal_arrows: true,
                            ..EventFilter::default()
                        },
                    );
                });
            }
            let (left, right, home, end, enter) = ui.input_mut(|i| {
                (
                    i.consume_key(Modifiers::NONE, Key::ArrowLeft),
                    i.consume_key(Modifiers::NONE, Key::ArrowRight),
                    i.consume_key(Modifiers::NONE, Key::Home),
                    i.consume_key(Modifiers::NONE, Key::End),
                    on_keyframe
                        && (i.consume_key(Modifiers::NONE, Key::Enter)
                            || i.consume_key(Modifiers::NONE, Key::Space)),
                )
            });
            let from = match current.filter(|_| on_keyframe) {
                Some((p, i)) => (map.powers[p].track[i].date.to_year_f64(), p),
                // From the plot: the nearest keyframe on either side of the date.
                None if right => (session.date_year_f64 - 1e-9, 0),
                None => (session.date_year_f64 + 1e-9, usize::MAX),
            };
            let target = if left {
                step(map, &self.tracks, from, false)
            } else if right {
                step(map, &self.tracks, from, true)
            } else if home {
                step(map, &self.tracks, (f64::NEG_INFINITY, 0), true)
            } else if end {
                step(map, &self.tracks, (f64::INFINITY, usize::MAX), false)
            } else {
                None
            };
            if enter && let Some((p, i)) = current {
                let power = &map.powers[p];
                super::pointer::select_keyframe(changes, &power.id, power.track[i].date);
                changes.set_playing(false);
            }
            if let Some((p, i)) = target {
                let power = &map.powers[p];
                let date = power.track[i].date;
                self.keyboard = Some(KeyframeKey {
                    power: power.id.clone(),
                    date,
                });
                let year = date.to_year_f64();
                let b = transform.bounds();
                if year < b.min()[0] || year > b.max()[0] {
                    self.reveal = Some(year);
                    ui.ctx().request_repaint();
                }
                ui.memory_mut(|m| m.request_focus(widget_id(plot.id, &power.id, date)));
                current = Some((p, i));
            }
        }

        for (p, i) in self.keyframes_with_widgets(map, transform, current) {
            let power = &map.powers[p];
            let k = &power.track[i];
            let id = widget_id(plot.id, &power.id, k.date);
            let centre =
                transform.position_from_point(&PlotPoint::new(k.date.to_year_f64(), k.strength));
            let rect =
                egui::Rect::from_center_size(centre, egui::Vec2::splat(2.0 * SELECTED_RING_RADIUS));
            let response = ui.interact(rect, id, Sense::focusable_noninteractive());
            let label = keyframe_phrase(map, p, i).unwrap_or_default();
            let selected = session.selected_keyframe.as_ref().is_some_and(|s| {
                s.power == power.id && (s.year_f64 - k.date.to_year_f64()).abs() < 1e-9
            });
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            ui.ctx().accesskit_node_builder(id, |node| {
                node.set_selected(selected);
                node.set_description(
                    "Enter selects it; Left and Right go to the previous and next keyframe",
                );
            });
            if !response.has_focus() {
                continue;
            }
            if self
                .keyboard
                .as_ref()
                .is_none_or(|key| key.power != power.id || key.date != k.date)
            {
                // Reached with Tab.
                self.keyboard = Some(KeyframeKey {
                    power: power.id.clone(),
                    date: k.date,
                });
            }
            let frame = *transform.frame();
            if frame.contains(centre) {
                let stroke = ui.visuals().selection.stroke;
                ui.painter().with_clip_rect(frame).circle_stroke(
                    centre,
                    SELECTED_RING_RADIUS + 3.0,
                    egui::Stroke::new(2.0, stroke.color),
                );
                if !hovered {
                    Self::focused_keyframe_hover_ui(ui, map, session, plot, (p, i), centre);
                }
            }
        }
    }

    /// The keyframes that get a widget this frame, in date order: every one of a shown power
    /// in view when there are at most [`MAX_KEYFRAME_WIDGETS`], and the keyboard's.
    fn keyframes_with_widgets(
        &self,
        map: &StanceMap,
        transform: &PlotTransform,
        current: Option<(usize, usize)>,
    ) -> Vec<(usize, usize)> {
        let b = transform.bounds();
        let (lo, hi) = (b.min()[0], b.max()[0]);
        let mut shown: Vec<(f64, usize, usize)> = Vec::new();
        let mut count = 0;
        for (p, (power, points)) in map.powers.iter().zip(&self.tracks).enumerate() {
            if !points.visible {
                continue;
            }
            let start = power.track.partition_point(|k| k.date.to_year_f64() < lo);
            let end = power.track.partition_point(|k| k.date.to_year_f64() <= hi);
            count += end.saturating_sub(start);
            if count > MAX_KEYFRAME_WIDGETS {
                shown.clear();
                break;
            }
            shown.extend((start..end).map(|i| (power.track[i].date.to_year_f64(), p, i)));
        }
        if let Some((p, i)) = current
            && !shown.iter().any(|&(_, q, j)| (q, j) == (p, i))
        {
            shown.push((map.powers[p].track[i].date.to_year_f64(), p, i));
        }
        shown.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        shown.into_iter().map(|(_, p, i)| (p, i)).collect()
    }

    /// The hover text of the keyframe the keyboard is on, beside its marker.
    fn focused_keyframe_hover_ui(
        ui: &egui::Ui,
        map: &StanceMap,
        session: &Session,
        plot: &egui::Response,
        (power, keyframe): (usize, usize),
        centre: egui::Pos2,
    ) {
        let palette = crate::ui::theme::Palette::of(ui);
        egui::Tooltip::always_open(
            ui.ctx().clone(),
            plot.layer_id,
            plot.id.with("keyboard"),
            egui::PopupAnchor::Position(
                centre + egui::vec2(SELECTED_RING_RADIUS, SELECTED_RING_RADIUS),
            ),
        )
        .gap(6.0)
        .show(|ui| {
            super::tooltip::hover_ui(
                ui,
                map,
                session,
                Hover::Keyframe {
                    power,
                    keyframe,
                    draggable: false,
                },
                &palette,
                true,
            );
        });
    }
}
