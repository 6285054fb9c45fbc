//! The evidence panel: the selected power's keyframes around the current date and their quotes.
//!
//! Every value on the compass is an analyst's judgement; this panel shows what it rests on:
//! the keyframes on either side of the current date, the reasoning behind each, and the
//! verbatim quotes with their citations. A keyframe with no quote says so plainly.
//!
//! Each keyframe (and each event) has an "Edit" toggle that turns its card into a form: the
//! notes (confidence, interpolation, reasoning) and every quote (text, source, locator,
//! dimension, order) become editable. The panel never changes the map: it pushes edits to
//! [`Changes`], which the app applies through the undo history. Text fields reach the map only
//! when they lose focus, so typing a sentence is one undo step, not one per keystroke.
//!
//! This file lays out the panel (the power, its value, the keyframes and events shown);
//! [`read`] draws the cards and quote cards as read, and [`edit`] the forms: the notes editor,
//! the quote editor, the source picker and the new-source form.

mod class;
mod edit;
mod new_source;
mod read;

use egui::{Color32, RichText, Stroke};

pub use class::{HIGHEST, LOWEST, READER_JUDGEMENT, class_elsewhere_notice, class_heading};
use edit::evidence_list_ui;
use read::{edit_toggle_ui, keyframe_card_ui, other_reading_ui};

use crate::model::edit::EvidenceOwner;
use crate::model::indicators::divergences_at_keyframe;
use crate::model::{
    Bracket, Event, Interpolation, Keyframe, Power, SAME_DATE_YEARS, StanceMap, bracket,
    display_safe, format_strength_signed,
};
use crate::ui::changes::Changes;
use crate::ui::divergences;
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color};

/// Whether quotes citing a source must stand in the article, and a new source's id: model
/// rules, kept under their old names here.
pub use crate::model::{new_source_id, quote_is_from_article};

/// The hint shown when no power is selected.
pub const NO_SELECTION_HINT: &str =
    "Select a power on the compass or in the list to see its evidence.";

/// The notice shown on a keyframe that has no quote behind it.
pub const NO_EVIDENCE_NOTICE: &str = "No evidence: this value is a claim without support.";

/// The notice on a keyframe whose quotes only qualify or contradict its value.
pub const NO_SUPPORT_NOTICE: &str =
    "No quote supports this value: its evidence only qualifies or contradicts it.";

/// The notice on a keyframe with counter-evidence: "Contested: 2 quotes point against this
/// value".
pub fn contested_notice(counter_quotes: usize) -> String {
    if counter_quotes == 1 {
        "Contested: 1 quote points against this value.".to_owned()
    } else {
        format!("Contested: {counter_quotes} quotes point against this value.")
    }
}

/// The accessible label of a quote's role picker in the edit card: "Role of quote 2".
pub fn role_picker_label(quote_number: usize) -> String {
    format!("Role of quote {quote_number}")
}

/// The label of the button that shows a quote in the article's text.
pub const SHOW_IN_ARTICLE: &str = "Show in article";

/// The warning under a quote that should be, but is not, in the article's text.
pub const NOT_VERBATIM: &str = "Not found verbatim in the article.";

/// The warning under a quote with no words.
pub const EMPTY_QUOTE: &str = "This quote is empty: type the words as they stand in the source.";

/// The label of the button that appends a quote.
pub const ADD_QUOTE: &str = "Add quote";

/// The accessible label of the button that moves a quote up.
pub const MOVE_QUOTE_UP: &str = "Move quote up";

/// The accessible label of the button that moves a quote down.
pub const MOVE_QUOTE_DOWN: &str = "Move quote down";

/// The accessible label of the button that removes a quote.
pub const REMOVE_QUOTE: &str = "Remove quote";

/// The label of the button that opens the form for a new source.
pub const NEW_SOURCE: &str = "New source…";

/// The heading of the compared map's reading in the evidence panel.
pub const OTHER_READING: &str = "In the other map";

/// Events this close to the current date (in years) are listed with the keyframes.
const EVENT_WINDOW_YEARS: f64 = 0.5;

/// The accessible label of a keyframe's edit toggle: "Edit keyframe March 2020".
pub fn edit_keyframe_label(keyframe: &Keyframe) -> String {
    format!("Edit keyframe {}", keyframe.date)
}

/// The accessible label of an event's edit toggle: "Edit event <title>".
pub fn edit_event_label(event: &Event) -> String {
    format!("Edit event {}", event.title)
}

/// Draw the evidence panel for the selected power at the current date.
///
/// Clicking "Show in article" on a quote highlights it in the source view and opens that view.
/// Edits made in the panel's forms are pushed to `changes`. Quotes of the article and of the
/// sources it cites are checked against `article_text`.
pub fn evidence_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    session: &Session,
    changes: &mut Changes,
) {
    // Draw the date and selection views drawn before asked for this frame.
    let pending = changes.pending_session(session);
    let session = pending.as_ref();
    egui::ScrollArea::vertical()
        .id_salt("evidence_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let power = session.selected_power.as_ref().and_then(|id| map.power(id));
            if let Some(power) = power {
                power_evidence_ui(ui, map, article_text, power, session, changes);
            } else {
                ui.add_space(8.0);
                ui.weak(NO_SELECTION_HINT);
            }
        });
}

/// Everything the panel shows for one power.
fn power_evidence_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    power: &Power,
    session: &Session,
    changes: &mut Changes,
) {
    let palette = Palette::of(ui);
    let date_year_f64 = session.date_year_f64;
    power_heading_ui(ui, map, power, date_year_f64, palette);

    let track = &power.track;
    let around = bracket(track, date_year_f64);
    let context = bracket_context(track, around);
    match context {
        Some(context) => {
            ui.label(context);
        }
        None => {
            warning_ui(
                ui,
                palette.warning,
                &format!(
                    "{} has no keyframes, so it has no value at any date.",
                    power.name
                ),
            );
        }
    }

    // The keyframe picked on the timeline comes first, then the ones around the date.
    let selected = session
        .selected_keyframe
        .as_ref()
        .filter(|k| k.power == power.id)
        .and_then(|k| {
            track
                .iter()
                .position(|kf| (kf.date.to_year_f64() - k.year_f64).abs() < SAME_DATE_YEARS)
        });
    let mut shown: Vec<usize> = selected.into_iter().collect();
    let neighbours: &[usize] = match around {
        Bracket::Empty => &[],
        Bracket::Before => &[0],
        Bracket::After(i) | Bracket::On(i) => &[i],
        Bracket::Between(i) => &[i, i + 1],
    };
    for &i in neighbours {
        if !shown.contains(&i) {
            shown.push(i);
        }
    }

    for &i in &shown {
        // Above its card, so a row of the "Judgement and data" panel that selects the
        // keyframe shows it without scrolling.
        if selected == Some(i) {
            // Every reading's value at the keyframe picked (from the class panel's list of
            // where the class disagrees most, say): first, so it is read without scrolling.
            if let Some(class) = &session.class {
                let elsewhere = (around != Bracket::On(i))
                    .then(|| crate::model::format_year_f64(date_year_f64));
                class::class_readings_ui(ui, class, power, &track[i], elsewhere.as_deref());
            }
            divergences_ui(ui, map, power, &track[i], session);
        }
        ui.add_space(6.0);
        keyframe_card_ui(
            ui,
            map,
            article_text,
            power,
            &track[i],
            selected == Some(i),
            changes,
        );
    }

    if let Some(other) = session.comparison.clone() {
        let dates: Vec<f64> = shown.iter().map(|&i| track[i].date.to_year_f64()).collect();
        other_reading_ui(ui, &other, article_text, power, &dates, session, changes);
    }

    events_ui(ui, map, article_text, power, session, changes);
}

/// Under the selected keyframe, where its judged value and a measured indicator part over a
/// span that starts or ends at it ([`divergences_at_keyframe`]): each span in words, what was
/// measured and by whom, and which side is judged. Nothing at all when they do not part.
fn divergences_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    power: &Power,
    keyframe: &Keyframe,
    session: &Session,
) {
    let found = divergences_at_keyframe(
        map,
        &power.id,
        keyframe.date.to_year_f64(),
        session.divergence_threshold,
    );
    if found.is_empty() {
        return;
    }
    let palette = Palette::of(ui);
    ui.add_space(6.0);
    egui::Frame::new()
        .stroke(Stroke::new(1.0, palette.weak_text))
        .corner_radius(4)
        .inner_margin(egui::Margin::symmetric(6, 4))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(divergences::EVIDENCE_HEADING).strong());
            for row in &found {
                ui.label(RichText::new(divergences::words(map, row)).color(palette.text));
                ui.label(
                    RichText::new(divergences::measured_text(map, row)).color(palette.weak_text),
                );
            }
            ui.label(RichText::new(divergences::MEASURED_NOTE).color(palette.weak_text));
        });
}

/// The power's name, its value at the date, and whose judgement the values are.
fn power_heading_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    power: &Power,
    date_year_f64: f64,
    palette: Palette,
) {
    let date = map.date_label(date_year_f64);

    ui.heading(
        RichText::new(display_safe(&power.name))
            .strong()
            .color(power_color(&power.color)),
    );
    let value = match crate::model::judged_sample(&power.track, date_year_f64) {
        Some(s) => format!("{} in {date}", format_strength_signed(s)),
        // An exercise's value still to judge: say what to do, never a zero.
        None if !power.track.is_empty() => format!(
            "Not yet judged — read the evidence below, then drag {}'s arrow on the compass or \
             type a strength",
            display_safe(&power.name)
        ),
        None => format!("no value in {date}"),
    };
    ui.label(RichText::new(value).strong())
        .on_hover_text("+1 fully aligned, 0 neutral, −1 opposed");
    let analyst = map.analyst.trim();
    let whose = if analyst.is_empty() {
        String::new()
    } else {
        format!(" (analyst: {})", display_safe(analyst))
    };
    ui.label(
        RichText::new(format!(
            "Each value is the analyst's judgement of the evidence below, not a measurement{whose}."
        ))
        .color(palette.weak_text),
    );
    ui.add_space(6.0);
}

/// A date inside the part of the track `around` names (on the keyframe, between two, or past
/// an end), to ask what value rests there; `None` for an empty track.
fn track_date(track: &[Keyframe], around: Bracket) -> Option<f64> {
    let at = |i: usize| track.get(i).map(|k| k.date.to_year_f64());
    match around {
        Bracket::Empty => None,
        Bracket::Before => at(0).map(|t| t - 1.0),
        Bracket::After(i) => at(i).map(|t| t + 1.0),
        Bracket::On(i) => at(i),
        Bracket::Between(i) => Some(0.5 * (at(i)? + at(i + 1)?)),
    }
}

/// Where the date falls among the track's keyframes, in words; `None` for an empty track.
fn bracket_context(track: &[Keyframe], around: Bracket) -> Option<String> {
    use crate::model::exercise::{NOT_YET_JUDGED, keyframe_to_judge, keyframe_value_text};
    // Where the value rests on a keyframe still to judge, say which, not a value.
    if let Some(i) = keyframe_to_judge(track, track_date(track, around)?) {
        return Some(format!(
            "The value here rests on the keyframe of {}, {NOT_YET_JUDGED}.",
            track[i].date
        ));
    }
    match around {
        Bracket::Empty => None,
        Bracket::Before => Some(format!(
            "Before the first keyframe ({}): the value holds at {}.",
            track[0].date,
            keyframe_value_text(&track[0])
        )),
        Bracket::After(i) => Some(format!(
            "After the last keyframe ({}): the value holds at {}.",
            track[i].date,
            keyframe_value_text(&track[i])
        )),
        Bracket::On(i) => Some(format!("On a keyframe ({}).", track[i].date)),
        Bracket::Between(i) => {
            let (a, b) = (&track[i], &track[i + 1]);
            Some(match a.interpolation {
                Interpolation::Linear => format!(
                    "Between keyframes: the value moves from {} ({}) to {} ({}).",
                    keyframe_value_text(a),
                    a.date,
                    keyframe_value_text(b),
                    b.date
                ),
                Interpolation::Hold => format!(
                    "Between keyframes: the value holds at {} from {} until {}.",
                    keyframe_value_text(a),
                    a.date,
                    b.date
                ),
            })
        }
    }
}

/// Events near the current date that concern this power, with their quotes; each has an edit
/// toggle like a keyframe's.
fn events_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    power: &Power,
    session: &Session,
    changes: &mut Changes,
) {
    let date_year_f64 = session.date_year_f64;
    let near: Vec<(usize, &Event)> = map
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.powers.contains(&power.id))
        .filter(|(_, e)| (e.date.to_year_f64() - date_year_f64).abs() <= EVENT_WINDOW_YEARS)
        .collect();
    if near.is_empty() {
        return;
    }
    let palette = Palette::of(ui);
    ui.add_space(10.0);
    ui.label(RichText::new("Events near this date").strong());
    for (index, event) in near {
        let id = egui::Id::unique(("event_card", index));
        ui.add_space(4.0);
        let mut editing = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(event.date.to_string()).strong());
            ui.label(&event.title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                editing =
                    edit_toggle_ui(ui, id, &edit_event_label(event), "Edit this event's quotes");
            });
        });
        if !event.note.trim().is_empty() {
            ui.label(RichText::new(&event.note).small().color(palette.weak_text));
        }
        evidence_list_ui(
            ui,
            map,
            article_text,
            &EvidenceOwner::Event(index),
            &event.evidence,
            editing.then_some(id),
            "No evidence: this event is not backed by a quote.",
            changes,
        );
    }
}

/// A warning in the warning colour, framed so it stands out. (Plain text rather than a "⚠"
/// sign: egui's bundled fonts have no such glyph.)
pub(crate) fn warning_ui(ui: &mut egui::Ui, color: Color32, text: &str) {
    egui::Frame::new()
        .stroke(Stroke::new(1.5, color))
        .corner_radius(4)
        .inner_margin(egui::Margin::symmetric(6, 3))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(color).strong());
        });
}
