//! The map editor: one window to edit the map's details, its powers and its events.
//!
//! Like every view it reads the map and only asks for changes. Text is committed when a field
//! loses focus, not per keystroke, so one edited field is one undo step; a colour picked by
//! dragging and a bearing dragged with the mouse are grouped into one step each.

use egui::{Id, Key, Popup, Response, TextEdit, Ui};

use crate::model::edit::Edit;
use crate::model::{Date, Event, Power, PowerId, StanceMap, parse_hex_color};
use crate::ui::changes::Changes;
use crate::ui::field::{self, CommitFn, DraftField};
use crate::ui::theme::Palette;

/// Colours offered to new powers, in order; the first one no power uses yet is taken.
pub const NEW_POWER_COLORS: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f",
];

/// The name a new power starts with.
pub const NEW_POWER_NAME: &str = "New power";

/// The title a new event starts with.
pub const NEW_EVENT_TITLE: &str = "New event";

/// Width of the name and title fields, in points.
const NAME_WIDTH: f32 = 170.0;

/// The part of the map the window shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    /// Title, subject and description.
    #[default]
    Map,
    /// The powers.
    Powers,
    /// The events.
    Events,
}

/// How a text field is laid out.
#[derive(Clone, Copy, Debug)]
enum FieldKind {
    /// One line this wide, in points.
    Line(f32),
    /// Several lines, this many tall, as wide as the window.
    Lines(usize),
}

/// How a text field is named for screen readers and tests.
#[derive(Clone, Copy, Debug)]
enum Name<'a> {
    /// This name, when nothing visible names the field.
    Text(&'a str),
    /// The visible label with this id.
    By(Id),
}

/// The state of the "Edit map" window between frames: the open tab, text being typed, the
/// power whose removal is being confirmed and the colour picker that is open.
#[derive(Debug, Default)]
pub struct MapEditor {
    tab: Tab,
    confirm_remove: Option<PowerId>,
    /// The power whose colour picker is open: its changes form one undo group.
    color_open: Option<PowerId>,
    /// A field to focus (all its text selected) and scroll to, once it exists.
    focus_next: Option<Id>,
    /// The field `focus_next` named when this frame began.
    focus_now: Option<Id>,
    /// Whether a field had the keyboard at the end of the last frame. egui takes the focus
    /// away at the start of the frame in which Escape is pressed, so this is how Escape
    /// tells leaving a field from closing the window.
    was_typing: bool,
}

impl MapEditor {
    /// Draw the "Edit map" window while `open` is true; the close button sets it to false.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        open: &mut bool,
        map: &StanceMap,
        now: Date,
        changes: &mut Changes,
    ) {
        self.focus_now = self.focus_next.take();
        let picker_was_open = self.color_open.is_some();
        let asked_before = changes.0.len();
        let tab_before = self.tab;
        let confirm_before = self.confirm_remove.clone();
        let mut color_seen = false;
        let center = ctx.content_rect().center();
        egui::Window::new("Edit map")
            .id(Id::unique("map_editor_window"))
            .open(open)
            .resizable(true)
            .default_size([660.0, 560.0])
            .default_pos(center)
            .pivot(egui::Align2::CENTER_CENTER)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    for (tab, label, tip) in [
                        (
                            Tab::Map,
                            "Map",
                            "The map's title, subject, analyst and description",
                        ),
                        (
                            Tab::Powers,
                            "Powers",
                            "The powers, their colours and bearings",
                        ),
                        (Tab::Events, "Events", "The dated events on the timeline"),
                    ] {
                        let response = ui
                            .selectable_value(&mut self.tab, tab, label)
                            .on_hover_text(tip);
                        // Tell screen readers these are tabs, and which one is open.
                        ctx.accesskit_node_builder(response.id, |node| {
                            node.set_role(egui::accesskit::Role::Tab);
                            node.set_selected(self.tab == tab);
                        });
                    }
                });
                ui.separator();
                // The tabs stay in view; what is under them scrolls.
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| match self.tab {
                        Tab::Map => self.map_ui(ui, map, changes),
                        Tab::Powers => color_seen = self.powers_ui(ui, map, changes),
                        Tab::Events => self.events_ui(ui, map, now, changes),
                    });
            });
        // Escape in a field only leaves the field (and drops what was typed); otherwise it
        // closes the window, as in any dialog.
        // With a colour picker open, Escape only closes the picker.
        let picker_open = picker_was_open || egui::Popup::is_any_open(ctx);
        if *open && !self.was_typing && !picker_open && ctx.input(|i| i.key_pressed(Key::Escape)) {
            *open = false;
        }
        self.was_typing = *open && ctx.egui_wants_keyboard_input();
        if !color_seen && self.color_open.take().is_some() {
            // The picker went away without closing (tab switched, window closed, power
            // removed): end its undo group so later edits are steps of their own.
            changes.end_group();
        }
        if self
            .confirm_remove
            .as_ref()
            .is_some_and(|id| map.power(id).is_none())
        {
            self.confirm_remove = None;
        }
        if changes.0.len() != asked_before
            || self.tab != tab_before
            || self.confirm_remove != confirm_before
            || self.focus_next.is_some()
        {
            // Show the result (the edited map, the other tab, the question, the new row
            // focused and scrolled to) now rather than at the next mouse move.
            ctx.request_repaint();
        }
    }

    /// A text field that shows the map's value, keeps what is typed as a draft while it has
    /// focus, and returns the new text once when the user is done with it (see
    /// [`crate::ui::field`]; Escape puts back what it had). `commit` makes the same edit from
    /// the map in case the window closes while the field is being typed in.
    /// `name` is its accessible name; the map's own fields pass `Name::By` the visible label
    /// next to them instead, so the label and the field are one thing to a screen reader.
    fn text_field(
        &mut self,
        ui: &mut Ui,
        id: Id,
        current: &str,
        name: Name<'_>,
        kind: FieldKind,
        commit: impl FnOnce() -> CommitFn,
    ) -> (Response, Option<String>) {
        let lines = match kind {
            FieldKind::Line(width) => field::Lines::One(width),
            FieldKind::Lines(rows) => field::Lines::Many(rows),
        };
        let (response, committed) = DraftField::new(id, current, lines).show(ui, commit);
        let response = match name {
            Name::Text(name) => response.accessible_name(name),
            Name::By(label) => response.labelled_by(label),
        };
        if self.focus_now == Some(id) {
            self.focus_now = None;
            select_all(ui.ctx(), id, current);
            response.request_focus();
            response.scroll_to_me(Some(egui::Align::Center));
        }
        (response, committed)
    }

    /// The "Map" tab: title, subject, analyst and description.
    fn map_ui(&mut self, ui: &mut Ui, map: &StanceMap, changes: &mut Changes) {
        let mut title = map.title.clone();
        let mut subject = map.subject.clone();
        let mut analyst = map.analyst.clone();
        let mut description = map.description.clone();
        egui::Grid::new("map_editor_info")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                for (label, tip, current, edited) in [
                    ("Title", None, &map.title, &mut title),
                    (
                        "Subject",
                        Some("The country whose alignment the map follows"),
                        &map.subject,
                        &mut subject,
                    ),
                    (
                        "Analyst",
                        Some(
                            "Who made this reading of the sources: every strength in the map \
                             is their judgement. Shown on handouts and when maps are compared.",
                        ),
                        &map.analyst,
                        &mut analyst,
                    ),
                ] {
                    let mut response = ui.label(label);
                    if let Some(tip) = tip {
                        response = response.on_hover_text(tip);
                    }
                    let (_, new) = self.text_field(
                        ui,
                        Id::unique("map_editor_info").with(label),
                        current,
                        Name::By(response.id),
                        FieldKind::Line(360.0),
                        || map_info_commit(label),
                    );
                    if let Some(new) = new {
                        *edited = new;
                    }
                    ui.end_row();
                }
            });
        ui.add_space(4.0);
        let label = ui.label("Description").id;
        let (_, new) = self.text_field(
            ui,
            Id::unique("map_editor_description"),
            &map.description,
            Name::By(label),
            FieldKind::Lines(6),
            || map_info_commit("Description"),
        );
        if let Some(new) = new {
            description = new;
        }
        if (&title, &subject, &analyst, &description)
            != (&map.title, &map.subject, &map.analyst, &map.description)
        {
            changes.edit(Edit::SetMapInfo {
                title,
                subject,
                analyst,
                description,
            });
        }
    }

    /// The "Powers" tab. Returns whether the open colour picker's power was drawn.
    fn powers_ui(&mut self, ui: &mut Ui, map: &StanceMap, changes: &mut Changes) -> bool {
        ui.weak("Bearing is where a power sits on the compass, in degrees clockwise from north.");
        ui.add_space(4.0);
        if map.powers.is_empty() {
            ui.weak("This map has no powers yet.");
        }
        let mut color_seen = false;
        for power in &map.powers {
            ui.push_id(&power.id.0, |ui| {
                color_seen |= self.power_row_ui(ui, power, changes);
            });
        }
        ui.add_space(6.0);
        if ui
            .button("Add power")
            .on_hover_text("Add a power with no keyframes yet, in a free colour and place")
            .clicked()
        {
            let power = new_power(map);
            self.focus_next = Some(power_name_id(&power.id));
            changes.edit(Edit::InsertPower {
                index: map.powers.len(),
                power,
            });
        }
        color_seen
    }

    /// One power: name, colour, bearing, keyframe count and removal. Returns whether this
    /// power's colour picker is the open one.
    fn power_row_ui(&mut self, ui: &mut Ui, power: &Power, changes: &mut Changes) -> bool {
        let name = &power.name;
        let keyframes = keyframe_count(power.track.len());
        let mut color_seen = false;
        ui.horizontal(|ui| {
            // The name first: clicking the colour button commits a name being typed before
            // the colour's undo group begins.
            let name_id = power_name_id(&power.id);
            let (_, new_name) = self.text_field(
                ui,
                name_id,
                name,
                Name::Text(&format!("Name of {name}")),
                FieldKind::Line(NAME_WIDTH),
                || power_name_commit(&power.id),
            );
            let mut look_name = name.clone();
            if let Some(new_name) = new_name {
                if new_name.trim().is_empty() {
                    field::refuse(ui.ctx(), name_id, new_name, name);
                } else {
                    new_name.trim().clone_into(&mut look_name);
                    changes.edit(Edit::SetPowerLook {
                        power: power.id.clone(),
                        name: look_name.clone(),
                        color: power.color.clone(),
                    });
                }
            }

            let mut rgb = parse_hex_color(&power.color).unwrap_or([128, 128, 128]);
            // The id egui's colour button gives its popup, taken before the button is added.
            let popup_id = ui.auto_id_with("popup");
            let response = egui::color_picker::color_edit_button_srgb(ui, &mut rgb)
                .accessible_name(format!("Colour of {name}"))
                .on_hover_text(format!("Choose the colour of {name}"));
            let is_open = Popup::is_id_open(ui.ctx(), popup_id);
            let was_open = self.color_open.as_ref() == Some(&power.id);
            if is_open && !was_open {
                changes.begin_group();
                self.color_open = Some(power.id.clone());
            }
            let color = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
            if response.changed() && !color.eq_ignore_ascii_case(&power.color) {
                changes.edit(Edit::SetPowerLook {
                    power: power.id.clone(),
                    name: look_name,
                    color,
                });
            }
            if is_open {
                color_seen = true;
            } else if was_open {
                changes.end_group();
                self.color_open = None;
            }

            ui.label("Bearing");
            let mut bearing_deg = power.bearing_deg;
            let bearing = ui
                .add(
                    egui::DragValue::new(&mut bearing_deg)
                        .range(0.0..=360.0)
                        .speed(1.0)
                        .max_decimals(1)
                        .suffix("°")
                        .update_while_editing(false),
                )
                .accessible_name(format!("Bearing of {name}"))
                .on_hover_text("Degrees clockwise from north: drag, or click and type");
            if bearing.drag_started() {
                changes.begin_group();
            }
            if bearing.changed() && bearing_deg != power.bearing_deg {
                changes.edit(Edit::SetBearing {
                    power: power.id.clone(),
                    bearing_deg,
                });
            }
            if bearing.drag_stopped() {
                changes.end_group();
            }

            // A fixed width keeps the "Remove…" buttons in one column.
            ui.allocate_ui_with_layout(
                egui::vec2(80.0, ui.spacing().interact_size.y),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    ui.label(&keyframes)
                        .on_hover_text("Keyframes are edited on the timeline");
                },
            );
            if ui
                .button("Remove…")
                .accessible_name(format!("Remove {name}…"))
                .on_hover_text(format!("Remove {name} and its keyframes (asks first)"))
                .clicked()
            {
                self.confirm_remove = Some(power.id.clone());
            }
        });
        if let Some(text) = field::refused(ui.ctx(), power_name_id(&power.id)) {
            ui.colored_label(
                Palette::of(ui).warning,
                format!("⚠ A power needs a name; \"{text}\" was not taken."),
            );
        }
        if self.confirm_remove.as_ref() == Some(&power.id) {
            ui.horizontal(|ui| {
                ui.colored_label(
                    Palette::of(ui).warning,
                    format!("Remove {name} and its {keyframes}? Undo can bring it back."),
                );
                if ui
                    .button("Remove")
                    .on_hover_text(format!(
                        "Remove {name}, its keyframes and its place in events"
                    ))
                    .clicked()
                {
                    self.confirm_remove = None;
                    changes.edit(Edit::RemovePower {
                        power: power.id.clone(),
                    });
                }
                if ui
                    .button("Keep")
                    .on_hover_text(format!("Keep {name}"))
                    .clicked()
                {
                    self.confirm_remove = None;
                }
            });
        }
        color_seen
    }

    /// The "Events" tab. Every change in a frame is gathered into one new, sorted list.
    fn events_ui(&mut self, ui: &mut Ui, map: &StanceMap, now: Date, changes: &mut Changes) {
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

/// Select all of a text field's text, so typing replaces it.
fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    use egui::text::{CCursor, CCursorRange};
    let mut state = TextEdit::load_state(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(0),
        CCursor::new(text.chars().count()),
    )));
    TextEdit::store_state(ctx, id, state);
}

/// How to commit the map's title, subject, analyst or description (by its label) when its
/// field goes away while being typed in.
fn map_info_commit(label: &'static str) -> CommitFn {
    std::sync::Arc::new(move |map: &StanceMap, text: &str| {
        let mut info = [
            map.title.clone(),
            map.subject.clone(),
            map.analyst.clone(),
            map.description.clone(),
        ];
        let slot = ["Title", "Subject", "Analyst", "Description"]
            .iter()
            .position(|l| *l == label)
            .ok_or("no such field")?;
        text.clone_into(&mut info[slot]);
        let [title, subject, analyst, description] = info;
        Ok(Edit::SetMapInfo {
            title,
            subject,
            analyst,
            description,
        })
    })
}

/// How to commit a power's name when its field goes away while being typed in.
fn power_name_commit(power: &PowerId) -> CommitFn {
    let power = power.clone();
    std::sync::Arc::new(move |map: &StanceMap, text: &str| {
        let p = map.power(&power).ok_or("the power is gone")?;
        if text.trim().is_empty() {
            return Err(format!("A power needs a name; \"{text}\" was not taken."));
        }
        Ok(Edit::SetPowerLook {
            power: power.clone(),
            name: text.trim().to_owned(),
            color: p.color.clone(),
        })
    })
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

/// The id of a power's name field.
fn power_name_id(power: &PowerId) -> Id {
    Id::unique(("map_editor_power_name", &power.0))
}

/// The id of a field of the event at `position` in date order.
fn event_field_id(position: usize, field: &str) -> Id {
    Id::unique(("map_editor_event_field", position, field))
}

/// "1 keyframe", "8 keyframes".
fn keyframe_count(count: usize) -> String {
    if count == 1 {
        "1 keyframe".to_owned()
    } else {
        format!("{count} keyframes")
    }
}

/// Sort events by date, keeping the order of events at the same date.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| a.date.to_year_f64().total_cmp(&b.date.to_year_f64()));
}

/// The events in date order (stable).
pub fn sorted_events(events: &[Event]) -> Vec<Event> {
    let mut events = events.to_vec();
    sort_events(&mut events);
    events
}

/// Read a date as typed in the editor: `YYYY` or `YYYY-MM` with a month from 1 to 12.
pub fn parse_event_date(text: &str) -> Result<Date, String> {
    let date = Date::parse_iso(text).map_err(|e| format!("{e}."))?;
    match date.month {
        Some(month) if !(1..=12).contains(&month) => Err(format!(
            "\"{text}\" is not a date: the month must be from 01 to 12."
        )),
        _ => Ok(date),
    }
}

/// A new power for `map`: named "New power", with an id no power has (`new_power`,
/// `new_power_2`, …), a colour no power uses yet, a bearing in the middle of the widest gap
/// between the powers on the compass, and no keyframes.
pub fn new_power(map: &StanceMap) -> Power {
    Power {
        id: unique_power_id(map, NEW_POWER_NAME),
        name: NEW_POWER_NAME.to_owned(),
        color: unused_color(map),
        bearing_deg: widest_gap_bearing_deg(map.powers.iter().map(|p| p.bearing_deg)),
        track: Vec::new(),
    }
}

/// An id made from `name` (lower case, words joined by `_`) that no power of `map` has.
pub fn unique_power_id(map: &StanceMap, name: &str) -> PowerId {
    // Ids follow the file format's rule (ASCII a-z, 0-9, - and _, at most 64).
    let mut base = crate::model::id_from_text(name);
    if base.is_empty() {
        base.push_str("power");
    }
    let taken = |id: &str| map.powers.iter().any(|p| p.id.0 == id);
    // Of these `len + 1` candidates at most `len` are taken.
    let suffixes = (2..=map.powers.len() + 2).map(|n| format!("_{n}"));
    PowerId(crate::model::unique_id(&base, suffixes, taken).unwrap_or(base))
}

/// The colour of [`NEW_POWER_COLORS`] least like any power's colour (the first such in the
/// list): a new power should not pass for one that is there, as a blue next to the EU's would.
pub fn unused_color(map: &StanceMap) -> String {
    let used: Vec<[u8; 3]> = map
        .powers
        .iter()
        .filter_map(|p| parse_hex_color(&p.color))
        .collect();
    let nearest = |candidate: &str| {
        let Some(c) = parse_hex_color(candidate) else {
            return 0;
        };
        used.iter()
            .map(|u| {
                (0..3)
                    .map(|i| (i32::from(c[i]) - i32::from(u[i])).pow(2))
                    .sum::<i32>()
            })
            .min()
            .unwrap_or(i32::MAX)
    };
    let mut best = NEW_POWER_COLORS[0];
    for candidate in NEW_POWER_COLORS {
        if nearest(candidate) > nearest(best) {
            best = candidate;
        }
    }
    best.to_owned()
}

/// The middle of the widest gap between bearings on the compass, rounded to a degree:
/// north when there are none, opposite when there is one.
pub fn widest_gap_bearing_deg(bearings_deg: impl IntoIterator<Item = f64>) -> f64 {
    let mut bearings: Vec<f64> = bearings_deg
        .into_iter()
        .filter(|b| b.is_finite())
        .map(|b| b.rem_euclid(360.0))
        .collect();
    bearings.sort_by(f64::total_cmp);
    let Some(&first) = bearings.first() else {
        return 0.0;
    };
    // Each bearing with the gap after it, going clockwise; the last wraps to the first.
    // The first widest gap wins.
    let mut best = (first, f64::NEG_INFINITY);
    for (i, &b) in bearings.iter().enumerate() {
        let gap = bearings.get(i + 1).copied().unwrap_or(first + 360.0) - b;
        if gap > best.1 + 1e-9 {
            best = (b, gap);
        }
    }
    (best.0 + best.1 / 2.0).round().rem_euclid(360.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(bearings: &[f64]) -> StanceMap {
        let mut map = StanceMap::empty();
        for (i, &b) in bearings.iter().enumerate() {
            map.powers.push(Power {
                id: PowerId(if i == 0 {
                    "new_power".into()
                } else {
                    format!("new_power_{}", i + 1)
                }),
                name: format!("P{i}"),
                color: NEW_POWER_COLORS[i].to_owned(),
                bearing_deg: b,
                track: Vec::new(),
            });
        }
        map
    }

    #[test]
    fn a_new_power_is_not_given_a_colour_like_one_in_use() {
        let map = crate::article::article_map().unwrap();
        let new = parse_hex_color(&new_power(&map).color).unwrap();
        for power in &map.powers {
            let old = parse_hex_color(&power.color).unwrap();
            let distance: i32 = (0..3)
                .map(|i| (i32::from(new[i]) - i32::from(old[i])).pow(2))
                .sum();
            assert!(
                distance > 60 * 60,
                "{} is too like {}",
                new_power(&map).color,
                power.color
            );
        }
    }

    #[test]
    fn the_widest_gap_takes_the_new_power() {
        assert_eq!(widest_gap_bearing_deg([]), 0.0);
        assert_eq!(widest_gap_bearing_deg([90.0]), 270.0);
        assert_eq!(widest_gap_bearing_deg([0.0, 90.0, 180.0]), 270.0);
        assert_eq!(widest_gap_bearing_deg([350.0, 10.0, 100.0]), 225.0);
        assert_eq!(widest_gap_bearing_deg([0.0, 180.0]), 90.0);
    }

    #[test]
    fn new_powers_get_unique_ids_and_free_colours() {
        let map = map_with(&[0.0]);
        let p = new_power(&map);
        assert_eq!(p.id, PowerId("new_power_2".into()));
        assert_eq!(p.name, NEW_POWER_NAME);
        assert_ne!(p.color, NEW_POWER_COLORS[0], "not the colour in use");
        assert_eq!(p.bearing_deg, 180.0);
        assert!(p.track.is_empty());
        let map = map_with(&[0.0, 90.0, 180.0]);
        assert_eq!(new_power(&map).id, PowerId("new_power_4".into()));
        assert_eq!(
            unique_power_id(&StanceMap::empty(), "  EU / NATO "),
            PowerId("eu_nato".into())
        );
        // Whatever the name, the id follows the file format's rule.
        for name in [
            "Россия",
            "Srbija i Crna Gora",
            "É",
            &"long name ".repeat(20),
        ] {
            let id = unique_power_id(&map, name);
            assert!(crate::model::is_valid_id(&id.0), "{name}: {id}");
        }
        assert_eq!(unique_power_id(&map, "Россия").0, "power");
        assert_eq!(unique_power_id(&map, "Čačak").0, "cacak");
    }

    #[test]
    fn dates_need_a_real_month() {
        assert_eq!(parse_event_date("2019-05"), Ok(Date::month(2019, 5)));
        assert_eq!(parse_event_date("2019"), Ok(Date::year(2019)));
        assert!(parse_event_date("2019-13").is_err());
        assert!(parse_event_date("2019-00").is_err());
        assert!(parse_event_date("May 2019").is_err());
    }
}
