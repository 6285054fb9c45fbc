//! The "Events" tab of the map editor: the dated events, in date order.

use egui::{Id, Ui};

use super::helpers::{NEW_EVENT_TITLE, parse_event_date, sort_events, sorted_events};
use super::{FieldKind, MapEditor, Name};
use crate::model::edit::Edit;
use crate::model::{Date, Event, StanceMap};
use crate::ui::changes::Changes;
use crate::ui::field::{self, CommitFn};
use crate::ui::theme::Palette;

impl MapEditor {
    /// The "Events" tab. Every change in a frame is gathered into one new, sorted list.
    pub(super) fn events_ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        now: Date,
        changes: &mut Changes,
    ) {
        // "Add event" sits at the top: the list is long, and the new event is scrolled to.
        let add = ui
            .horizontal(|ui| {
                let add = ui
                    .button("Add event")
                    .on_hover_text(format!(
                        "Add an event at the date shown ({now}); change its date as the sources give it"
                    ))
                    .clicked();
                ui.weak("Listed by date. A date is a year (2009) or a year and month (2020-03).");
                add
            })
            .inner;
        ui.add_space(4.0);
        let original = sorted_events(&map.events);
        let mut events = original.clone();
        let mut remove = None;
        if events.is_empty() {
            ui.weak("This map has no events yet.");
        }
        for (i, event) in events.iter_mut().enumerate() {
            ui.push_id(("map_editor_event", i), |ui| {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if self.event_ui(ui, i + 1, event, map) {
                        remove = Some(i);
                    }
                });
            });
        }
        if let Some(i) = remove {
            events.remove(i);
        }
        let mut added = None;
        if add {
            let event = Event {
                date: now,
                title: NEW_EVENT_TITLE.to_owned(),
                powers: Vec::new(),
                note: String::new(),
                evidence: Vec::new(),
            };
            added = Some(event.date);
            events.push(event);
        }
        if events != original {
            let before_sorting = events.clone();
            sort_events(&mut events);
            let reordered = before_sorting != events;
            if remove.is_some() || added.is_some() || reordered {
                // Positions moved: text being typed or refused no longer belongs to the
                // field it is under (fields are known by position), so drop it…
                let positions = original.len().max(events.len());
                field::forget_all(
                    ui.ctx(),
                    (0..positions)
                        .flat_map(|i| ["date", "title", "note"].map(|f| event_field_id(i, f))),
                );
            }
            if reordered && remove.is_none() && added.is_none() {
                // …and follow the event whose new date moved it: its title takes the
                // keyboard where it now is, as Tab from its date would have given it.
                let moved = original
                    .iter()
                    .zip(&before_sorting)
                    .find(|(was, now)| was.date != now.date)
                    .and_then(|(_, now)| events.iter().position(|e| e == now));
                if let Some(position) = moved {
                    self.focus_next = Some(event_field_id(position, "title"));
                }
            }
            if let Some(date) = added {
                // Stable sorting put the new event after every event at the same date.
                let key = date.to_year_f64();
                let position = events.partition_point(|e| e.date.to_year_f64() <= key);
                self.focus_next = Some(event_field_id(position.saturating_sub(1), "title"));
            }
            changes.edit(Edit::SetEvents(events));
        }
    }

    /// One event, `number` counting from 1 in date order; edits change `event` in place.
    /// Returns whether its "Remove" was clicked.
    fn event_ui(&mut self, ui: &mut Ui, number: usize, event: &mut Event, map: &StanceMap) -> bool {
        let position = number - 1;
        let mut remove = false;
        // As the map has it: `event` takes this frame's edits as they are made.
        let original_event = event.clone();
        let date_id = event_field_id(position, "date");
        ui.horizontal(|ui| {
            let (_, new_date) = self.text_field(
                ui,
                date_id,
                &event.date.to_iso(),
                Name::Text(&format!("Date of event {number}")),
                FieldKind::Line(70.0),
                || event_commit(&original_event, position, EventField::Date),
            );
            if let Some(text) = new_date {
                match parse_event_date(text.trim()) {
                    Ok(date) => event.date = date,
                    Err(_) => field::refuse(ui.ctx(), date_id, text, &original_event.date.to_iso()),
                }
            }
            let (_, new_title) = self.text_field(
                ui,
                event_field_id(position, "title"),
                &event.title,
                Name::Text(&format!("Title of event {number}")),
                FieldKind::Line(340.0),
                || event_commit(&original_event, position, EventField::Title),
            );
            if let Some(title) = new_title {
                event.title = title;
            }
            remove = ui
                .button("Remove")
                .accessible_name(format!("Remove event {number}"))
                .on_hover_text("Remove this event; undo brings it back")
                .clicked();
        });
        if let Some(text) = field::refused(ui.ctx(), date_id)
            && let Err(reason) = parse_event_date(text.trim())
        {
            ui.colored_label(
                Palette::of(ui).warning,
                format!("⚠ {reason} The date was not changed."),
            );
        }
        let (_, new_note) = self.text_field(
            ui,
            event_field_id(position, "note"),
            &event.note,
            Name::Text(&format!("Note of event {number}")),
            FieldKind::Lines(2),
            || event_commit(&original_event, position, EventField::Note),
        );
        if let Some(note) = new_note {
            event.note = note;
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak("Concerns:");
            for power in &map.powers {
                let mut concerned = event.powers.contains(&power.id);
                let response = ui
                    .checkbox(&mut concerned, &power.name)
                    .accessible_name(format!("Event {number} concerns {}", power.name));
                if response.changed() {
                    if concerned {
                        event.powers.push(power.id.clone());
                    } else {
                        event.powers.retain(|id| id != &power.id);
                    }
                }
            }
            if map.powers.is_empty() {
                ui.weak("no powers yet");
            }
        });
        remove
    }
}

/// The text fields of an event.
#[derive(Clone, Copy, Debug)]
enum EventField {
    Date,
    Title,
    Note,
}

/// How to commit a field of `event`, at `position` in date order, when it goes away while
/// being typed in. The event is found again by its content if its place changed meanwhile.
fn event_commit(event: &Event, position: usize, which: EventField) -> CommitFn {
    let source = event.clone();
    std::sync::Arc::new(move |map: &StanceMap, text: &str| {
        let mut events = sorted_events(&map.events);
        // Where it was, if it is still there (two events may be alike); else where it went.
        let at = if events.get(position) == Some(&source) {
            position
        } else {
            events
                .iter()
                .position(|e| *e == source)
                .ok_or("the event was changed meanwhile")?
        };
        let event = &mut events[at];
        match which {
            EventField::Date => {
                event.date = parse_event_date(text.trim())
                    .map_err(|reason| format!("{reason} The event's date was not changed."))?;
            }
            EventField::Title => text.clone_into(&mut event.title),
            EventField::Note => text.clone_into(&mut event.note),
        }
        sort_events(&mut events);
        Ok(Edit::SetEvents(events))
    })
}
/// The id of a field of the event at `position` in date order.
fn event_field_id(position: usize, field: &str) -> Id {
    Id::unique(("map_editor_event_field", position, field))
}
