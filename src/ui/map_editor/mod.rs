//! The map editor: one window to edit the map's details, its powers, its events and its
//! sources.
//!
//! Like every view it reads the map and only asks for changes. Text is committed when a field
//! loses focus, not per keystroke, so one edited field is one undo step; a colour picked by
//! dragging and a bearing dragged with the mouse are grouped into one step each.

use egui::{Id, Key, Response, TextEdit, Ui};

use crate::model::{Date, PowerId, SourceId, StanceMap};
use crate::ui::changes::Changes;
use crate::ui::field::{self, CommitFn, DraftField};

mod events;
mod helpers;
mod info;
mod powers;
mod sources;

pub use helpers::{
    NEW_EVENT_TITLE, NEW_POWER_COLORS, NEW_POWER_NAME, new_power, parse_event_date, sort_events,
    sorted_events, source_citations, source_removal_refusal, unique_power_id, unused_color,
    widest_gap_bearing_deg,
};

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
    /// The bibliography.
    Sources,
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
    /// The "Add source" form, while it is open.
    source_form: Option<sources::SourceForm>,
    /// The source whose removal was refused, and why (where quotes cite it).
    source_refused: Option<(SourceId, String)>,
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
                        (
                            Tab::Sources,
                            "Sources",
                            "The bibliography: the sources quotes cite",
                        ),
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
                        Tab::Sources => self.sources_ui(ui, map, changes),
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
