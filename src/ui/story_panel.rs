//! The story panel: the steps of the presentation, to add, reorder, edit and delete.
//!
//! The panel never changes the map itself: every change is one [`Edit::SetStory`] with the whole
//! new list of steps, so each committed change is one undo step. Text fields are the shared
//! [`crate::ui::field`]: committed when the user is done with them, not on every keystroke.

use egui::{RichText, Ui};

use crate::model::edit::Edit;
use crate::model::{Date, StanceMap, StoryStep, story_text};
use crate::ui::changes::{Change, Changes};
use crate::ui::field::{self, CommitFn, DraftField, Lines};
use crate::ui::session::Session;
use crate::ui::theme::power_color;

/// The label of the button that adds a step from the current view.
pub const ADD_STEP: &str = "Add step from current view";
/// The label of the button that moves the selected step up.
pub const MOVE_UP: &str = "Move up";
/// The label of the button that moves the selected step down.
pub const MOVE_DOWN: &str = "Move down";
/// The label of the button that deletes the selected step.
pub const DELETE_STEP: &str = "Delete step";
/// The label of the button that starts presenter mode at the selected step.
pub const PRESENT_FROM_HERE: &str = "Present from here";
/// The accessible label of a step's speaker notes field.
pub const SPEAKER_NOTES_LABEL: &str = "Step speaker notes";
/// The label of the button that clears the focus a step set.
pub const SHOW_ALL_POWERS: &str = "Show all powers at full strength";

/// The text fields of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum StepField {
    Title,
    Date,
    Duration,
    Caption,
    Notes,
}

impl StepField {
    /// The field's text in `step`, as the field shows it.
    fn text(self, step: &StoryStep) -> String {
        match self {
            Self::Title => step.title.clone(),
            Self::Date => step.date.to_iso(),
            Self::Duration => step.duration_s.map(|d| d.to_string()).unwrap_or_default(),
            Self::Caption => step.caption.clone(),
            Self::Notes => step.notes.clone(),
        }
    }

    /// `step` with this field set to `text`, or why the text cannot be used.
    fn apply(self, step: &StoryStep, text: &str) -> Result<StoryStep, String> {
        let mut step = step.clone();
        match self {
            Self::Title => text.trim().clone_into(&mut step.title),
            Self::Date => step.date = parse_step_date(text.trim())?,
            Self::Duration => step.duration_s = parse_duration(text)?,
            Self::Caption => text.trim().clone_into(&mut step.caption),
            Self::Notes => text.trim().clone_into(&mut step.notes),
        }
        Ok(step)
    }

    /// The field's id for step `index`.
    fn id(self, index: usize) -> egui::Id {
        egui::Id::unique(("story_step_field", index, self))
    }

    /// How to commit this field of `step`, at `index`, when it goes away while being typed in:
    /// the step is found again by its content if its place changed meanwhile.
    fn commit(self, index: usize, step: &StoryStep) -> CommitFn {
        let source = step.clone();
        std::sync::Arc::new(move |map: &StanceMap, text: &str| {
            // Where it was, if it is still there (two steps may be alike); else where it went.
            let index = if map.story.get(index) == Some(&source) {
                index
            } else {
                map.story
                    .iter()
                    .position(|s| *s == source)
                    .ok_or("the story step was changed meanwhile")?
            };
            let mut list = map.story.clone();
            list[index] = self.apply(&source, text)?;
            Ok(Edit::SetStory(list))
        })
    }
}

/// Read a step's date typed as `YYYY` or `YYYY-MM`, with the month checked.
pub fn parse_step_date(text: &str) -> Result<Date, String> {
    let date = Date::parse_iso(text)?;
    match date.month {
        Some(m) if !(1..=12).contains(&m) => Err(format!(
            "\"{text}\" has month {m}: months run from 01 to 12"
        )),
        _ => Ok(date),
    }
}

/// Read a step's autoplay duration: empty for the time its words take to read, else a
/// positive number of seconds.
pub fn parse_duration(text: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(d) if d.is_finite() && d > 0.0 && d <= 3600.0 => Ok(Some(d)),
        _ => Err(format!(
            "\"{text}\" is not a duration: write a number of seconds such as 8, or leave it empty"
        )),
    }
}

/// The title a new step starts with.
pub const NEW_STEP_TITLE: &str = "New step";

/// A new step capturing the current view: its month, the selected power (or every visible
/// power) as focus, [`NEW_STEP_TITLE`], and the selected keyframe's first quote, if any.
pub fn step_from_view(map: &StanceMap, session: &Session) -> StoryStep {
    let year_f64 = if session.date_year_f64.is_finite() {
        session.date_year_f64
    } else {
        map.span_year_f64().map_or(2000.0, |(_, hi)| hi)
    };
    let date = Date::month_containing(year_f64);
    let focus = match &session.selected_power {
        Some(id) if map.power(id).is_some() => vec![id.clone()],
        _ => map
            .powers
            .iter()
            .filter(|p| session.is_visible(&p.id))
            .map(|p| p.id.clone())
            .collect(),
    };
    let quote = session.selected_keyframe.as_ref().and_then(|selected| {
        map.power(&selected.power)?
            .track
            .iter()
            .find(|k| (k.date.to_year_f64() - selected.year_f64).abs() < 1e-9)?
            .evidence
            .first()
            .cloned()
    });
    StoryStep {
        date,
        // The list shows the date beside the title already: a placeholder, to be renamed.
        title: NEW_STEP_TITLE.to_owned(),
        caption: String::new(),
        focus,
        quotes: quote.into_iter().collect(),
        duration_s: None,
        notes: String::new(),
        indicators: Vec::new(),
    }
}

/// The story panel's state: the selected step and the text being typed.
#[derive(Default)]
pub struct StoryPanel {
    selected: Option<usize>,
    /// Set when the step was selected from outside the panel (a map opened at its saved
    /// view): the list scrolls to it once.
    scroll_to_selected: bool,
}

impl StoryPanel {
    /// The selected step, counting from 0.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Select step `index` (counting from 0) without moving the date or the focus: a map
    /// opened at its saved view shows that step selected.
    pub fn set_selected(&mut self, index: Option<usize>) {
        self.selected = index;
        self.scroll_to_selected = index.is_some();
    }

    /// Draw the panel. Edits, and "Present from here", go to `changes`.
    pub fn ui(&mut self, ui: &mut Ui, map: &StanceMap, session: &Session, changes: &mut Changes) {
        // Add steps from the date and selection views drawn before asked for this frame.
        let pending = changes.pending_session(session);
        let session = pending.as_ref();
        let len = map.story.len();
        if self.selected.is_some_and(|i| i >= len) {
            self.selected = len.checked_sub(1);
        }

        ui.heading("Story");
        if !map.story.is_empty() {
            ui.label(story_time_text(&map.story)).on_hover_text(format!(
                "How long autoplay takes to show every step once. A step lasts as long as its \
                 words take to read, unless you set its seconds by hand: {READING_HINT}."
            ));
        }
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(ADD_STEP)
                .on_hover_text(
                    "Add a step at the current date, focused on the selected power \
                     (or all visible powers), with the selected keyframe's first quote",
                )
                .clicked()
            {
                let mut list = pending_story(map, changes);
                let at = self
                    .selected
                    .map_or(list.len(), |i| (i + 1).min(list.len()));
                list.insert(at, step_from_view(map, session));
                changes.edit(Edit::SetStory(list));
                self.selected = Some(at);
            }
            if !session.focus.is_empty()
                && ui
                    .button(SHOW_ALL_POWERS)
                    .on_hover_text("Stop dimming the powers a step left out of focus")
                    .clicked()
            {
                changes.set_focus(Vec::new());
            }
        });
        ui.separator();

        if len == 0 {
            ui.weak(
                "This map has no story yet. Set the date and select a power, then add a step \
                 from the current view.",
            );
            return;
        }

        // egui's default scroll bars float, unseen until hovered: a list cut after seven of
        // twelve steps looked complete. Solid bars show (and take room) whenever a list
        // overflows, here and in the step's editor below.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        egui::ScrollArea::vertical()
            .id_salt("story_steps")
            .max_height(ui.available_height() * 0.45)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (i, step) in map.story.iter().enumerate() {
                    let selected = self.selected == Some(i);
                    let text = format!("{}. {} — {}", i + 1, step.date, step.title);
                    let response = ui
                        .selectable_label(selected, text)
                        .on_hover_text("Show this step's date and focus");
                    if selected && std::mem::take(&mut self.scroll_to_selected) {
                        response.scroll_to_me(Some(egui::Align::Center));
                    }
                    if response.clicked() {
                        self.select(i, map, changes);
                    }
                }
            });
        ui.separator();

        let Some(index) = self.selected else {
            ui.weak("Click a step to edit it.");
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("story_step_editor")
            .auto_shrink([false, false])
            .show(ui, |ui| self.selected_step_ui(ui, map, index, changes));
    }

    /// The buttons and fields of the selected step.
    fn selected_step_ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        index: usize,
        changes: &mut Changes,
    ) {
        let len = map.story.len();
        let mut acted = false;
        ui.horizontal_wrapped(|ui| {
            let mut move_to = None;
            if ui
                .add_enabled(index > 0, egui::Button::new(MOVE_UP))
                .on_hover_text("Show this step earlier")
                .clicked()
            {
                move_to = Some(index - 1);
            }
            if ui
                .add_enabled(index + 1 < len, egui::Button::new(MOVE_DOWN))
                .on_hover_text("Show this step later")
                .clicked()
            {
                move_to = Some(index + 1);
            }
            if let Some(to) = move_to {
                let mut list = pending_story(map, changes);
                list.swap(index, to);
                changes.edit(Edit::SetStory(list));
                self.selected = Some(to);
                acted = true;
            }
            if ui
                .button(DELETE_STEP)
                .on_hover_text("Remove this step from the story (Undo brings it back)")
                .clicked()
            {
                let mut list = pending_story(map, changes);
                list.remove(index);
                self.selected = list.len().checked_sub(1).map(|last| index.min(last));
                changes.edit(Edit::SetStory(list));
                acted = true;
            }
            if ui
                .button(PRESENT_FROM_HERE)
                .on_hover_text("Start presenter mode at this step")
                .clicked()
            {
                changes.push(Change::PresentFrom(index));
            }
        });
        if !acted && let Some(step) = map.story.get(index) {
            ui.add_space(4.0);
            Self::editor_ui(ui, map, index, step, changes);
        }
    }

    /// Select step `i`, and show its date and focus. Text being typed in the step shown
    /// before is committed by the app once its field is gone (see [`crate::ui::field`]).
    fn select(&mut self, i: usize, map: &StanceMap, changes: &mut Changes) {
        self.selected = Some(i);
        if let Some(step) = map.story.get(i) {
            changes.set_date(step.date.to_year_f64());
            changes.set_focus(step.focus.clone());
            changes.set_playing(false);
        }
    }

    /// The fields of the selected step.
    fn editor_ui(
        ui: &mut Ui,
        map: &StanceMap,
        index: usize,
        step: &StoryStep,
        changes: &mut Changes,
    ) {
        let mut error = None;
        let mut field_ui = |ui: &mut Ui, which: StepField, lines, hint: &str, name: &str| {
            let id = which.id(index);
            let current = which.text(step);
            let (response, committed) = DraftField::new(id, &current, lines)
                .hint(hint)
                .show(ui, || which.commit(index, step));
            let shown = field::refused(ui.ctx(), id).unwrap_or_else(|| current.clone());
            name_text_edit(&response, name, &shown);
            if let Some(text) = committed {
                match which.apply(step, &text) {
                    Ok(new_step) => {
                        let mut list = pending_story(map, changes);
                        if let Some(slot) = list.get_mut(index) {
                            *slot = new_step;
                        }
                        changes.edit(Edit::SetStory(list));
                    }
                    Err(_) => field::refuse(ui.ctx(), id, text, &current),
                }
            }
            if let Some(text) = field::refused(ui.ctx(), id)
                && let Err(reason) = which.apply(step, &text)
            {
                error = Some(reason);
            }
            response
        };
        egui::Grid::new("story_step_fields")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label("Title");
                field_ui(
                    ui,
                    StepField::Title,
                    Lines::One(f32::INFINITY),
                    "",
                    "Step title",
                );
                ui.end_row();

                ui.label("Date");
                field_ui(
                    ui,
                    StepField::Date,
                    Lines::One(90.0),
                    "YYYY or YYYY-MM",
                    "Step date",
                )
                .on_hover_text("A year such as 2009, or a year and month such as 2020-03");
                ui.end_row();

                ui.label("Autoplay");
                let from_words = story_text::reading_time_s(step);
                ui.horizontal(|ui| {
                    field_ui(
                        ui,
                        StepField::Duration,
                        Lines::One(50.0),
                        &from_words.to_string(),
                        "Autoplay seconds",
                    )
                    .on_hover_text(format!(
                        "How long autoplay stays on this step, in seconds. Leave it empty \
                         to give the step as long as its words take to read: {READING_HINT}"
                    ));
                    ui.label("seconds");
                });
                ui.end_row();
                // Under the field, so it wraps as a whole line in a narrow panel.
                ui.label("");
                ui.weak(step_time_text(step))
                    .on_hover_text(format!("{READING_HINT}."));
                ui.end_row();
            });
        ui.label("Caption");
        field_ui(ui, StepField::Caption, Lines::Many(3), "", "Step caption");
        ui.label("Speaker notes");
        field_ui(
            ui,
            StepField::Notes,
            Lines::Many(3),
            "Only you see these",
            SPEAKER_NOTES_LABEL,
        )
        .on_hover_text(
            "What you want to remember to say at this step. Shown only in the presenter \
             view (P while presenting), never to the audience, on slides or in the handout.",
        );
        if let Some(error) = &error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }

        ui.add_space(4.0);
        ui.label("In focus (the others are dimmed; none ticked means all)");
        let mut new_focus = None;
        for power in &map.powers {
            let mut on = step.focus.contains(&power.id);
            let r = ui.checkbox(
                &mut on,
                RichText::new(&power.name).color(power_color(&power.color)),
            );
            r.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    on,
                    format!("Focus on {}", power.name),
                )
            });
            if r.changed() {
                let focus = new_focus.get_or_insert_with(|| step.focus.clone());
                if on {
                    focus.push(power.id.clone());
                } else {
                    focus.retain(|id| id != &power.id);
                }
            }
        }
        if let Some(focus) = new_focus {
            let mut list = pending_story(map, changes);
            if let Some(s) = list.get_mut(index) {
                s.focus = focus;
            }
            changes.edit(Edit::SetStory(list));
        }

        if !step.quotes.is_empty() {
            ui.add_space(4.0);
            ui.label(format!("Quotes ({})", step.quotes.len()));
            for ev in &step.quotes {
                // A quote that does not simply support the step's point says how it bears on it.
                let role = crate::model::story_text::role_suffix(ev.role);
                ui.label(
                    RichText::new(format!(
                        "\u{201c}{}\u{201d} ({}){role}",
                        ev.quote,
                        map.citation(ev)
                    ))
                    .italics(),
                );
            }
        }
    }
}

/// How a step's time from its words is reckoned, for tooltips.
const READING_HINT: &str = "the title, caption and quotes at 160 words a minute (the slow end \
     of the BBC's pace for subtitles), plus 4 seconds to watch the compass move, and at least \
     6 seconds";

/// "Autoplay: 5 min 12 s": how long autoplay takes to show every step of `story` once.
pub fn story_time_text(story: &[StoryStep]) -> String {
    format!(
        "Autoplay: {}",
        story_text::format_duration_s(story_text::story_time_s(story))
    )
}

/// "24 s, from its 53 words", or "10 s, set by hand (its words need 24 s)": how long
/// autoplay stays on `step`, and why.
pub fn step_time_text(step: &StoryStep) -> String {
    let time = story_text::step_time(step);
    let seconds = story_text::format_duration_s(time.seconds);
    match time.source {
        story_text::TimeSource::Words => {
            let words = story_text::reading_words(step);
            let plural = if words == 1 { "word" } else { "words" };
            format!("{seconds}, from its {words} {plural}")
        }
        story_text::TimeSource::Hand => {
            let needed = story_text::reading_time_s(step);
            if time.seconds < needed {
                format!(
                    "{seconds}, set by hand (its words need {})",
                    story_text::format_duration_s(needed)
                )
            } else {
                format!("{seconds}, set by hand")
            }
        }
    }
}

/// Give a text field its accessible name (screen readers, tests).
fn name_text_edit(response: &egui::Response, name: &str, text: &str) {
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, text, text, "");
        info.label = Some(name.to_owned());
        info
    });
}

/// The story as it will be once this frame's changes are applied: the last story edit asked
/// for, or the map's.
fn pending_story(map: &StanceMap, changes: &Changes) -> Vec<StoryStep> {
    changes
        .0
        .iter()
        .rev()
        .find_map(|c| match c {
            Change::Edit(Edit::SetStory(list)) => Some(list.clone()),
            _ => None,
        })
        .unwrap_or_else(|| map.story.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_durations_are_checked() {
        assert_eq!(parse_step_date("2020-03"), Ok(Date::month(2020, 3)));
        assert_eq!(parse_step_date("1999"), Ok(Date::year(1999)));
        assert!(parse_step_date("2020-13").is_err());
        assert!(parse_step_date("2020-00").is_err());
        assert!(parse_step_date("March").is_err());
        assert_eq!(parse_duration(""), Ok(None));
        assert_eq!(parse_duration(" 5 "), Ok(Some(5.0)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("-3").is_err());
        assert!(parse_duration("NaN").is_err());
        assert!(parse_duration("inf").is_err());
    }
}
