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

use egui::{Color32, RichText, Stroke};

use crate::model::edit::{Edit, EvidenceOwner};
use crate::model::{
    Bracket, Confidence, Dimension, Event, Evidence, Interpolation, Keyframe, Power,
    SAME_DATE_YEARS, Source, SourceId, StanceMap, bracket, display_safe, format_strength_signed,
};
use crate::ui::changes::Changes;
use crate::ui::field::{CommitFn, DraftField, Lines};
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color};

/// The hint shown when no power is selected.
pub const NO_SELECTION_HINT: &str =
    "Select a power on the compass or in the list to see its evidence.";

/// The notice shown on a keyframe that has no quote behind it.
pub const NO_EVIDENCE_NOTICE: &str = "No evidence: this value is a claim without support.";

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

/// The id of the source that stands for the article itself.
const ARTICLE_SOURCE_ID: &str = "article";

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
    session: &mut Session,
    changes: &mut Changes,
) {
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
    session: &mut Session,
    changes: &mut Changes,
) {
    let palette = Palette::of(ui);
    let date_year_f64 = session.date_year_f64;
    let date = map.date_label(date_year_f64);

    ui.heading(
        RichText::new(display_safe(&power.name))
            .strong()
            .color(power_color(&power.color)),
    );
    let value = power.strength_at(date_year_f64).map_or_else(
        || format!("no value in {date}"),
        |s| format!("{} in {date}", format_strength_signed(s)),
    );
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

    let track = &power.track;
    let around = bracket(track, date_year_f64);
    let context = match around {
        Bracket::Empty => None,
        Bracket::Before => Some(format!(
            "Before the first keyframe ({}): the value holds at {}.",
            track[0].date,
            format_strength_signed(track[0].strength)
        )),
        Bracket::After(i) => Some(format!(
            "After the last keyframe ({}): the value holds at {}.",
            track[i].date,
            format_strength_signed(track[i].strength)
        )),
        Bracket::On(i) => Some(format!("On a keyframe ({}).", track[i].date)),
        Bracket::Between(i) => {
            let (a, b) = (&track[i], &track[i + 1]);
            Some(match a.interpolation {
                Interpolation::Linear => format!(
                    "Between keyframes: the value moves from {} ({}) to {} ({}).",
                    format_strength_signed(a.strength),
                    a.date,
                    format_strength_signed(b.strength),
                    b.date
                ),
                Interpolation::Hold => format!(
                    "Between keyframes: the value holds at {} from {} until {}.",
                    format_strength_signed(a.strength),
                    a.date,
                    b.date
                ),
            })
        }
    };
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
        ui.add_space(6.0);
        keyframe_card_ui(
            ui,
            map,
            article_text,
            power,
            &track[i],
            selected == Some(i),
            session,
            changes,
        );
    }

    if let Some(other) = session.comparison.clone() {
        let dates: Vec<f64> = shown.iter().map(|&i| track[i].date.to_year_f64()).collect();
        other_reading_ui(ui, &other, article_text, power, &dates, session);
    }

    events_ui(ui, map, article_text, power, session, changes);
}

/// The heading of the compared map's reading in the evidence panel.
pub const OTHER_READING: &str = "In the other map";

/// The compared map's reading of `power` at the date shown: its value, and its keyframes at
/// `dates` (the dates of the cards above) or, where it has none there, around the date, each
/// with its reasoning and quotes. Read only: it is someone else's map.
fn other_reading_ui(
    ui: &mut egui::Ui,
    other: &StanceMap,
    article_text: &str,
    power: &Power,
    dates: &[f64],
    session: &mut Session,
) {
    let palette = Palette::of(ui);
    ui.add_space(10.0);
    ui.separator();
    ui.label(RichText::new(OTHER_READING).strong());
    let Some(theirs) = other.power(&power.id) else {
        ui.label(
            RichText::new(format!(
                "The other map has no power \"{}\".",
                display_safe(&power.name)
            ))
            .color(palette.weak_text),
        );
        return;
    };
    let date_year_f64 = session.date_year_f64;
    ui.label(theirs.strength_at(date_year_f64).map_or_else(
        || "No value at this date.".to_owned(),
        |s| format!("{} at this date.", format_strength_signed(s)),
    ));
    let track = &theirs.track;
    let mut shown: Vec<&Keyframe> = dates
        .iter()
        .filter_map(|&d| {
            track
                .iter()
                .find(|k| (k.date.to_year_f64() - d).abs() < SAME_DATE_YEARS)
        })
        .collect();
    if shown.is_empty() {
        let around: &[usize] = match bracket(track, date_year_f64) {
            Bracket::Empty => &[],
            Bracket::Before => &[0],
            Bracket::After(i) | Bracket::On(i) => &[i],
            Bracket::Between(i) => &[i, i + 1],
        };
        let around: Vec<usize> = around.to_vec();
        shown.extend(around.into_iter().filter_map(|i| track.get(i)));
        if !shown.is_empty() {
            ui.label(
                RichText::new("It has no keyframe at the dates above; its nearest:")
                    .color(palette.weak_text),
            );
        }
    }
    for keyframe in shown {
        ui.add_space(4.0);
        egui::Frame::new()
            .stroke(Stroke::new(1.0, palette.weak_text))
            .corner_radius(6)
            .inner_margin(8)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(keyframe.date.to_string()).strong());
                    ui.label(RichText::new(format_strength_signed(keyframe.strength)).monospace());
                    ui.label(
                        RichText::new(format!("confidence: {}", keyframe.confidence.label()))
                            .color(palette.weak_text),
                    );
                });
                ui.label(RichText::new("Its analyst's judgement").strong());
                if keyframe.reasoning.trim().is_empty() {
                    ui.label(
                        RichText::new("No reasoning given.")
                            .italics()
                            .color(palette.weak_text),
                    );
                } else {
                    ui.label(display_safe(&keyframe.reasoning));
                }
                if keyframe.evidence.is_empty() {
                    warning_ui(ui, palette.warning, NO_EVIDENCE_NOTICE);
                }
                for evidence in &keyframe.evidence {
                    quote_card_ui(ui, other, article_text, evidence, session);
                }
            });
    }
}

/// One keyframe: its date, value and confidence, the analyst's reasoning, and its quotes;
/// with its edit toggle on, a form for all of them.
#[allow(clippy::too_many_arguments)]
fn keyframe_card_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    power: &Power,
    keyframe: &Keyframe,
    selected: bool,
    session: &mut Session,
    changes: &mut Changes,
) {
    let palette = Palette::of(ui);
    let stroke = if selected {
        Stroke::new(2.0, power_color(&power.color))
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    let id = egui::Id::unique(("keyframe_card", &power.id.0, keyframe.date.to_iso()));
    egui::Frame::new()
        .stroke(stroke)
        .corner_radius(6)
        .inner_margin(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if selected {
                ui.label(
                    RichText::new("Selected on the timeline")
                        .small()
                        .color(palette.weak_text),
                );
            }
            let mut editing = false;
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(keyframe.date.to_string()).strong());
                ui.label(RichText::new(format_strength_signed(keyframe.strength)).monospace())
                    .on_hover_text("Strength: +1 fully aligned, 0 neutral, −1 opposed");
                ui.label(
                    RichText::new(format!("confidence: {}", keyframe.confidence.label()))
                        .color(palette.weak_text),
                )
                .on_hover_text("How sure the analyst is of this value");
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    editing = edit_toggle_ui(
                        ui,
                        id,
                        &edit_keyframe_label(keyframe),
                        "Edit this keyframe's notes and quotes",
                    );
                });
            });

            ui.add_space(4.0);
            ui.label(RichText::new("Analyst's judgement").strong());
            if editing {
                notes_editor_ui(ui, power, keyframe, id, changes);
            } else if keyframe.reasoning.trim().is_empty() {
                ui.label(
                    RichText::new("No reasoning given.")
                        .italics()
                        .color(palette.weak_text),
                );
            } else {
                ui.label(&keyframe.reasoning);
            }

            ui.add_space(4.0);
            ui.label(RichText::new("Evidence").strong());
            let owner = EvidenceOwner::Keyframe {
                power: power.id.clone(),
                date: keyframe.date,
            };
            evidence_list_ui(
                ui,
                map,
                article_text,
                &owner,
                &keyframe.evidence,
                editing.then_some(id),
                NO_EVIDENCE_NOTICE,
                session,
                changes,
            );
        });
}

/// The "Edit" toggle of a card; returns whether the card is in edit mode. The mode lives in
/// egui's memory (it is a view setting, not part of the map or the saved session).
fn edit_toggle_ui(ui: &mut egui::Ui, id: egui::Id, name: &str, tooltip: &str) -> bool {
    let state_id = id.with("editing");
    let mut editing = ui.data(|d| d.get_temp::<bool>(state_id)).unwrap_or(false);
    let text = if editing { "Done" } else { "Edit" };
    let response = ui
        .toggle_value(&mut editing, text)
        .accessible_name(name)
        .on_hover_text(if editing {
            "Stop editing: every change is already made (undo with Ctrl+Z)"
        } else {
            tooltip
        });
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(state_id, editing));
    }
    editing
}

/// The form for a keyframe's confidence, interpolation and reasoning. Pushes one
/// [`Edit::SetKeyframeNotes`] when something changed this frame.
fn notes_editor_ui(
    ui: &mut egui::Ui,
    power: &Power,
    keyframe: &Keyframe,
    id: egui::Id,
    changes: &mut Changes,
) {
    let mut confidence = keyframe.confidence;
    let mut holds = keyframe.interpolation == Interpolation::Hold;
    let mut reasoning = None;

    ui.horizontal(|ui| {
        let label = field_label_ui(ui, "Confidence");
        egui::ComboBox::from_id_salt(id.with("confidence"))
            .selected_text(confidence.label())
            .show_ui(ui, |ui| {
                for choice in Confidence::ALL {
                    ui.selectable_value(&mut confidence, choice, choice.label())
                        .on_hover_text(confidence_hint(choice));
                }
            })
            .response
            .labelled_by(label)
            .on_hover_text("How sure you are of this value");
    });
    ui.checkbox(&mut holds, "Holds until the next keyframe")
        .on_hover_text(
            "On: the value stays put, then jumps at the next keyframe. \
             Off: it moves in a straight line toward the next keyframe.",
        );
    let label = ui.label("Reasoning");
    if let Some(text) = committed_text_ui(
        ui,
        id.with("reasoning"),
        &keyframe.reasoning,
        TextField {
            multiline: true,
            hint: "Why the evidence below leads to this value",
            label: label.id,
            tooltip: "Your reasoning from the evidence to the value. It is saved when you \
                      leave the field; Escape puts back what it had.",
        },
        || {
            let (power, date) = (power.id.clone(), keyframe.date);
            std::sync::Arc::new(move |map: &StanceMap, text: &str| {
                let k = map
                    .power(&power)
                    .and_then(|p| p.track.iter().find(|k| k.date == date))
                    .ok_or("the keyframe is gone")?;
                Ok(Edit::SetKeyframeNotes {
                    power: power.clone(),
                    date,
                    confidence: k.confidence,
                    interpolation: k.interpolation,
                    reasoning: text.to_owned(),
                })
            })
        },
    ) {
        reasoning = Some(text);
    }

    let interpolation = if holds {
        Interpolation::Hold
    } else {
        Interpolation::Linear
    };
    if confidence != keyframe.confidence
        || interpolation != keyframe.interpolation
        || reasoning.is_some()
    {
        changes.edit(Edit::SetKeyframeNotes {
            power: power.id.clone(),
            date: keyframe.date,
            confidence,
            interpolation,
            reasoning: reasoning.unwrap_or_else(|| keyframe.reasoning.clone()),
        });
    }
}

/// What each confidence level means.
fn confidence_hint(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Low => "Little or indirect evidence",
        Confidence::Medium => "Some direct evidence",
        Confidence::High => "Direct, explicit evidence",
    }
}

/// Events near the current date that concern this power, with their quotes; each has an edit
/// toggle like a keyframe's.
fn events_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    power: &Power,
    session: &mut Session,
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
            session,
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

/// Whether quotes citing this source must stand verbatim in the article's text: the article
/// itself, and the sources it cites (found by the first author's name), whose quotes here are
/// taken from the article. A source the article does not cite may be another document.
pub fn quote_is_from_article(map: &StanceMap, article_text: &str, source: &SourceId) -> bool {
    if source.0 == ARTICLE_SOURCE_ID {
        return true;
    }
    map.source(source).is_some_and(|s| {
        let first_author = s
            .author
            .split([',', '&'])
            .next()
            .unwrap_or_default()
            .split(" and ")
            .next()
            .unwrap_or_default()
            .trim();
        !first_author.is_empty() && article_text.contains(first_author)
    })
}

/// The warning a quote deserves, if any: empty, or not in the article when it should be.
fn quote_warning(map: &StanceMap, article_text: &str, evidence: &Evidence) -> Option<&'static str> {
    let quote = evidence.quote.trim();
    if quote.is_empty() {
        Some(EMPTY_QUOTE)
    } else if quote_is_from_article(map, article_text, &evidence.source)
        && !article_text.contains(quote)
    {
        Some(NOT_VERBATIM)
    } else {
        None
    }
}

/// A change to the order or number of quotes, asked for by a quote's buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListAction {
    /// Swap the quote with the one above.
    MoveUp(usize),
    /// Swap the quote with the one below.
    MoveDown(usize),
    /// Remove the quote.
    Remove(usize),
}

/// The quotes of one keyframe or event. With `editing` (the card's id) each quote is a form,
/// and whatever changed this frame becomes one [`Edit::SetEvidence`] (batched with
/// [`Edit::SetSources`] when a new source was added).
#[allow(clippy::too_many_arguments)]
fn evidence_list_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    owner: &EvidenceOwner,
    list: &[Evidence],
    editing: Option<egui::Id>,
    empty_notice: &str,
    session: &mut Session,
    changes: &mut Changes,
) {
    let palette = Palette::of(ui);
    if list.is_empty() {
        warning_ui(ui, palette.warning, empty_notice);
    }
    let Some(id) = editing else {
        for evidence in list {
            quote_card_ui(ui, map, article_text, evidence, session);
        }
        return;
    };

    // Every control edits this copy; one edit at the end carries all of it.
    let mut working = list.to_vec();
    let mut sources: Option<Vec<Source>> = None;
    let mut action = None;
    for (index, evidence) in list.iter().enumerate() {
        let item = QuoteItem {
            index,
            count: list.len(),
            id: id.with(("quote", index)),
            owner,
        };
        let outcome = quote_editor_ui(
            ui,
            map,
            article_text,
            evidence,
            &mut working[index],
            item,
            session,
        );
        action = action.or(outcome.action);
        if let Some(source) = outcome.new_source {
            sources
                .get_or_insert_with(|| map.sources.clone())
                .push(source);
        }
    }
    match action {
        Some(ListAction::MoveUp(i)) if i > 0 && i < working.len() => working.swap(i - 1, i),
        Some(ListAction::MoveDown(i)) if i + 1 < working.len() => working.swap(i, i + 1),
        Some(ListAction::Remove(i)) if i < working.len() => {
            working.remove(i);
        }
        _ => {}
    }

    ui.add_space(4.0);
    let source = map
        .sources
        .first()
        .map_or_else(|| SourceId(String::new()), |s| s.id.clone());
    if ui
        .button(ADD_QUOTE)
        .on_hover_text("Add an empty quote at the end; then type or paste its words")
        .clicked()
    {
        working.push(Evidence {
            quote: String::new(),
            source,
            locator: String::new(),
            dimension: Dimension::Political,
        });
        // Put the cursor in the new quote, ready for its words.
        let new_quote = id.with(("quote", list.len())).with("quote_text");
        ui.memory_mut(|m| m.request_focus(new_quote));
    }

    let evidence_changed = working != list;
    let set_evidence = Edit::SetEvidence {
        owner: owner.clone(),
        evidence: working,
    };
    match sources {
        Some(sources) => changes.edit(Edit::Batch(vec![Edit::SetSources(sources), set_evidence])),
        None if evidence_changed => changes.edit(set_evidence),
        None => {}
    }
}

/// Where a quote sits in its list, and the id its widgets derive theirs from.
#[derive(Clone, Copy)]
struct QuoteItem<'a> {
    index: usize,
    count: usize,
    id: egui::Id,
    owner: &'a EvidenceOwner,
}

/// What a quote's form asked for besides changes to the quote itself.
#[derive(Default)]
struct QuoteOutcome {
    action: Option<ListAction>,
    new_source: Option<Source>,
}

/// The form for one quote. Changes to its fields go into `working`; moving, removing and new
/// sources are returned.
#[allow(clippy::too_many_arguments)]
fn quote_editor_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    evidence: &Evidence,
    working: &mut Evidence,
    item: QuoteItem<'_>,
    session: &mut Session,
) -> QuoteOutcome {
    let palette = Palette::of(ui);
    let id = item.id;
    let mut outcome = QuoteOutcome::default();
    ui.add_space(4.0);
    egui::Frame::new()
        .fill(palette.card)
        .corner_radius(6)
        .inner_margin(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let label = ui.label(format!("Quote {} of {}", item.index + 1, item.count));
            if let Some(text) = committed_text_ui(
                ui,
                id.with("quote_text"),
                &evidence.quote,
                TextField {
                    multiline: true,
                    hint: "The words exactly as they stand in the source",
                    label: label.id,
                    tooltip: "The quote, character for character. It is saved when you leave \
                              the field; Escape puts back what it had.",
                },
                || {
                    quote_field_commit(item.owner, item.index, evidence, |e, t| {
                        t.clone_into(&mut e.quote);
                    })
                },
            ) {
                working.quote = text;
            }
            if let Some(warning) = quote_warning(map, article_text, working) {
                warning_ui(ui, palette.warning, warning);
            }

            ui.add_space(2.0);
            ui.horizontal(|ui| {
                let label = field_label_ui(ui, "Source");
                let form_id = id.with("new_source");
                let open = ui.data(|d| d.get_temp::<NewSourceDraft>(form_id)).is_some();
                // The button first, from the right, so the picker takes exactly what is left.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .add_enabled(!open, egui::Button::new(NEW_SOURCE))
                        .on_hover_text("Add a source to the bibliography and cite it here")
                        .clicked()
                    {
                        ui.data_mut(|d| d.insert_temp(form_id, NewSourceDraft::default()));
                    }
                    let width =
                        (ui.available_width() - 2.0 * ui.spacing().button_padding.x).max(60.0);
                    source_combo_ui(ui, map, working, id, label, width);
                });
            });
            ui.horizontal(|ui| {
                let label = field_label_ui(ui, "Locator");
                if let Some(text) = committed_text_ui(
                    ui,
                    id.with("locator"),
                    &evidence.locator,
                    TextField {
                        multiline: false,
                        hint: "p. 7",
                        label,
                        tooltip: "Where in the source: a page or section; leave empty when the \
                                  citation gives none",
                    },
                    || {
                        quote_field_commit(item.owner, item.index, evidence, |e, t| {
                            t.clone_into(&mut e.locator);
                        })
                    },
                ) {
                    working.locator = text;
                }
            });
            ui.horizontal(|ui| {
                let label = field_label_ui(ui, "Dimension");
                egui::ComboBox::from_id_salt(id.with("dimension"))
                    .selected_text(working.dimension.label())
                    .show_ui(ui, |ui| {
                        for dimension in Dimension::ALL {
                            ui.selectable_value(
                                &mut working.dimension,
                                dimension,
                                dimension.label(),
                            );
                        }
                    })
                    .response
                    .labelled_by(label)
                    .on_hover_text("The aspect of the relationship this quote speaks to");
            });

            if let Some(source) = new_source_form_ui(ui, map, id.with("new_source")) {
                working.source = source.id.clone();
                outcome.new_source = Some(source);
            }

            ui.add_space(2.0);
            ui.horizontal(|ui| {
                let up = ui
                    .add_enabled(item.index > 0, egui::Button::new("⬆"))
                    .accessible_name(MOVE_QUOTE_UP)
                    .on_hover_text("Move this quote up");
                if up.clicked() {
                    outcome.action = Some(ListAction::MoveUp(item.index));
                }
                let down = ui
                    .add_enabled(item.index + 1 < item.count, egui::Button::new("⬇"))
                    .accessible_name(MOVE_QUOTE_DOWN)
                    .on_hover_text("Move this quote down");
                if down.clicked() {
                    outcome.action = Some(ListAction::MoveDown(item.index));
                }
                let remove = ui
                    .button("🗑 Remove")
                    .accessible_name(REMOVE_QUOTE)
                    .on_hover_text(
                        "Remove this quote at once, without asking: Edit ▸ Undo (Ctrl+Z) \
                         brings it back",
                    );
                if remove.clicked() {
                    outcome.action = Some(ListAction::Remove(item.index));
                }
                show_in_article_ui(ui, article_text, evidence, session);
            });
        });
    outcome
}

/// The source picker of a quote, `width` wide: the bibliography as "author, year".
fn source_combo_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    working: &mut Evidence,
    id: egui::Id,
    label: egui::Id,
    width: f32,
) {
    let selected = map.source(&working.source).map_or_else(
        || format!("unknown source \"{}\"", working.source),
        |s| s.citation(""),
    );
    egui::ComboBox::from_id_salt(id.with("source"))
        .selected_text(selected)
        .truncate()
        .width(width)
        .show_ui(ui, |ui| {
            for source in &map.sources {
                ui.selectable_value(&mut working.source, source.id.clone(), source.citation(""))
                    .on_hover_text(&source.entry);
            }
        })
        .response
        .labelled_by(label)
        .on_hover_text("The source the quote's claim is attributed to");
}

/// What the user has typed into the new-source form so far.
#[derive(Clone, Debug, Default, PartialEq)]
struct NewSourceDraft {
    author: String,
    year: String,
    entry: String,
}

/// The new-source form, when open (its draft lives in egui's memory at `form_id`). Returns the
/// source when the user adds it.
fn new_source_form_ui(ui: &mut egui::Ui, map: &StanceMap, form_id: egui::Id) -> Option<Source> {
    let mut draft = ui.data(|d| d.get_temp::<NewSourceDraft>(form_id))?;
    let palette = Palette::of(ui);
    let mut added = None;
    let mut close = false;
    ui.add_space(4.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new("New source").strong());
        egui::Grid::new(form_id.with("grid"))
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let label = ui.label("Author");
                ui.add(
                    egui::TextEdit::singleline(&mut draft.author)
                        .hint_text("Surname, as cited")
                        .char_limit(crate::model::MAX_NAME_CHARS),
                )
                .labelled_by(label.id)
                .on_hover_text("The author as the text cites them");
                ui.end_row();
                let label = ui.label("Year");
                ui.add(
                    egui::TextEdit::singleline(&mut draft.year)
                        .hint_text("2021")
                        .desired_width(60.0),
                )
                .labelled_by(label.id)
                .on_hover_text("The year as cited; leave empty for n.d.");
                ui.end_row();
                let label = ui.label("Full entry");
                ui.add(
                    egui::TextEdit::multiline(&mut draft.entry)
                        .hint_text("The entry as the bibliography gives it")
                        .char_limit(crate::model::MAX_TEXT_CHARS)
                        .desired_rows(2),
                )
                .labelled_by(label.id)
                .on_hover_text("The full bibliography entry");
                ui.end_row();
            });

        let author = draft.author.trim();
        let year = draft.year.trim();
        let year_value = if year.is_empty() {
            Ok(None)
        } else {
            year.parse::<i32>().map(Some)
        };
        let problem = if author.is_empty() {
            Some("Give the author.")
        } else if year_value.is_err() {
            Some("Write the year in digits, such as 2021, or leave it empty.")
        } else {
            None
        };
        if let (Some(problem), false) = (problem, draft == NewSourceDraft::default()) {
            ui.label(RichText::new(problem).color(palette.warning));
        }
        ui.horizontal(|ui| {
            let add = ui
                .add_enabled(problem.is_none(), egui::Button::new("Add source"))
                .on_hover_text("Add this source to the bibliography and cite it for this quote")
                .on_disabled_hover_text(problem.unwrap_or_default());
            if add.clicked()
                && let Ok(year) = year_value
            {
                let entry = draft.entry.trim();
                added = Some(Source {
                    id: new_source_id(map, author, year),
                    author: author.to_owned(),
                    year,
                    entry: if entry.is_empty() {
                        Source {
                            id: SourceId(String::new()),
                            author: author.to_owned(),
                            year,
                            entry: String::new(),
                        }
                        .citation("")
                    } else {
                        entry.to_owned()
                    },
                });
                close = true;
            }
            if ui
                .button("Cancel")
                .on_hover_text("Close this form without adding a source")
                .clicked()
            {
                close = true;
            }
        });
    });
    ui.data_mut(|d| {
        if close {
            d.remove::<NewSourceDraft>(form_id);
        } else {
            d.insert_temp(form_id, draft);
        }
    });
    added
}

/// A bibliography id for a new source: the first author's name and the year, such as
/// `vuksanovic2021`, with a letter added (`vuksanovic2021b`) when that id is taken.
pub fn new_source_id(map: &StanceMap, author: &str, year: Option<i32>) -> SourceId {
    // Ids follow the file format's rule (ASCII a-z, 0-9, - and _, at most 64).
    let name = crate::model::id_from_text(author.split(['&', ',']).next().unwrap_or_default());
    let name = if name.is_empty() { "source" } else { &name };
    let year = year.map_or_else(|| "_nd".to_owned(), |y| y.to_string());
    let name = &name[..name.len().min(crate::model::MAX_ID_CHARS - year.len())];
    let base = format!("{name}{year}");
    let taken = |id: &str| map.sources.iter().any(|s| s.id.0 == id);
    let letters = ('b'..='z').map(String::from);
    let numbers = (2..=map.sources.len() + 2).map(|n| format!("_{n}"));
    SourceId(crate::model::unique_id(&base, letters.chain(numbers), taken).unwrap_or(base))
}

/// The width of the labels in front of a quote's fields, so the fields line up.
const FIELD_LABEL_WIDTH: f32 = 72.0;

/// A field's label, in a column of fixed width; returns its id for `labelled_by`.
fn field_label_ui(ui: &mut egui::Ui, text: &str) -> egui::Id {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(FIELD_LABEL_WIDTH, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(FIELD_LABEL_WIDTH);
            ui.label(text).id
        },
    )
    .inner
}

/// How a text field that commits on leaving looks and what it is called.
#[derive(Clone, Copy)]
struct TextField<'a> {
    multiline: bool,
    hint: &'a str,
    /// The visible label that names the field.
    label: egui::Id,
    tooltip: &'a str,
}

/// A text field whose text reaches the map when the user is done with it (see
/// [`crate::ui::field`]): returns the new text then, if it differs from `current`. `commit`
/// makes the same edit from the map in case the field goes away while being typed in.
fn committed_text_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    current: &str,
    field: TextField<'_>,
    commit: impl FnOnce() -> CommitFn,
) -> Option<String> {
    let lines = if field.multiline {
        Lines::Many(2)
    } else {
        Lines::One(f32::INFINITY)
    };
    let (response, committed) = DraftField::new(id, current, lines)
        .hint(field.hint)
        .show(ui, commit);
    response
        .labelled_by(field.label)
        .on_hover_text(field.tooltip);
    committed
}

/// The evidence list of `owner` in `map`, if it is still there.
fn evidence_of<'m>(map: &'m StanceMap, owner: &EvidenceOwner) -> Option<&'m [Evidence]> {
    match owner {
        EvidenceOwner::Keyframe { power, date } => map
            .power(power)?
            .track
            .iter()
            .find(|k| k.date == *date)
            .map(|k| k.evidence.as_slice()),
        EvidenceOwner::Event(i) => map.events.get(*i).map(|e| e.evidence.as_slice()),
    }
}

/// How to commit one field of `quote`, at `index` in `owner`'s list, as [`Edit::SetEvidence`].
/// The quote is found again by its content if its place changed meanwhile.
fn quote_field_commit(
    owner: &EvidenceOwner,
    index: usize,
    quote: &Evidence,
    set: fn(&mut Evidence, &str),
) -> CommitFn {
    let owner = owner.clone();
    let quote = quote.clone();
    std::sync::Arc::new(move |map: &StanceMap, text: &str| {
        let mut evidence = evidence_of(map, &owner)
            .ok_or("the quote's keyframe or event is gone")?
            .to_vec();
        // Where it was, if it is still there (two quotes may be alike); else where it went.
        let at = if evidence.get(index) == Some(&quote) {
            index
        } else {
            evidence
                .iter()
                .position(|e| *e == quote)
                .ok_or("the quote was changed meanwhile")?
        };
        let item = &mut evidence[at];
        set(item, text);
        Ok(Edit::SetEvidence {
            owner: owner.clone(),
            evidence,
        })
    })
}

/// A quote card: the quote, its citation (hover for the full entry), its dimension, and a
/// button that shows it highlighted in the article's text.
fn quote_card_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    evidence: &Evidence,
    session: &mut Session,
) {
    let palette = Palette::of(ui);
    ui.add_space(4.0);
    egui::Frame::new()
        .fill(palette.card)
        .corner_radius(6)
        .inner_margin(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("“{}”", display_safe(&evidence.quote))).italics());
            if let Some(warning) = quote_warning(map, article_text, evidence) {
                warning_ui(ui, palette.warning, warning);
            }
            ui.add_space(2.0);
            ui.horizontal_wrapped(|ui| {
                let citation = format!("({})", display_safe(&map.citation(evidence)));
                match map.source(&evidence.source) {
                    Some(source) => {
                        ui.label(&citation).on_hover_text(&source.entry);
                    }
                    None => {
                        ui.label(RichText::new(citation).color(palette.warning))
                            .on_hover_text("This source is not in the map's bibliography.");
                    }
                }
                dimension_chip_ui(ui, palette, evidence.dimension.label());
                show_in_article_ui(ui, article_text, evidence, session);
            });
        });
}

/// "Show in article": highlight the quote in the source view and open it. Disabled for quotes
/// that are not in the article's text.
fn show_in_article_ui(
    ui: &mut egui::Ui,
    article_text: &str,
    evidence: &Evidence,
    session: &mut Session,
) {
    // The source view shows the article, so only its quotes can be found there.
    let quote = evidence.quote.trim();
    let in_article = !quote.is_empty() && article_text.contains(quote);
    let button = ui
        .add_enabled(in_article, egui::Button::new(SHOW_IN_ARTICLE).small())
        .on_hover_text("Show this quote highlighted in the article's text")
        .on_disabled_hover_text(
            "This quote is not in the article's text, so it cannot be shown there.",
        );
    if button.clicked() {
        session.highlighted_quote = Some(evidence.quote.clone());
        session.panels.source = true;
    }
}

/// A small rounded chip naming the aspect of the relationship a quote speaks to.
fn dimension_chip_ui(ui: &mut egui::Ui, palette: Palette, label: &str) {
    egui::Frame::new()
        .stroke(Stroke::new(1.0, palette.weak_text))
        .corner_radius(8)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(label).small().color(palette.weak_text))
                .on_hover_text("The aspect of the relationship this quote speaks to");
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with_source(id: &str) -> StanceMap {
        let mut map = StanceMap::empty();
        map.sources.push(Source {
            id: SourceId(id.to_owned()),
            author: "Vuksanovic".to_owned(),
            year: Some(2021),
            entry: String::new(),
        });
        map
    }

    #[test]
    fn new_source_ids_come_from_author_and_year_and_stay_unique() {
        let map = map_with_source("vuksanovic2021");
        assert_eq!(
            new_source_id(&map, "Vuksanovic", Some(2021)).0,
            "vuksanovic2021b"
        );
        assert_eq!(
            new_source_id(&map, "Vuksanovic", Some(2022)).0,
            "vuksanovic2022"
        );
        assert_eq!(
            new_source_id(&map, "Beckmann-Dierkes & Rankić", Some(2022)).0,
            "beckmann_dierkes2022"
        );
        assert_eq!(new_source_id(&map, "  ", None).0, "source_nd");
        // Whatever the author, the id follows the file format's rule.
        assert_eq!(new_source_id(&map, "Rankić", Some(2022)).0, "rankic2022");
        for author in ["Петровић", "Ó Súilleabháin", &"Long Name ".repeat(20)] {
            let id = new_source_id(&map, author, Some(-2022));
            assert!(crate::model::is_valid_id(&id.0), "{author}: {id}");
        }
    }

    #[test]
    fn quotes_of_sources_the_article_cites_are_checked() {
        let map = map_with_source("vuksanovic2021");
        let article = "As Vuksanovic (2021) notes, Serbia balances between the powers.";
        assert!(quote_is_from_article(
            &map,
            article,
            &SourceId("article".into())
        ));
        assert!(quote_is_from_article(
            &map,
            article,
            &SourceId("vuksanovic2021".into())
        ));
        assert!(!quote_is_from_article(
            &map,
            article,
            &SourceId("unknown".into())
        ));
        // A source the article does not cite is another document.
        assert!(!quote_is_from_article(
            &StanceMap::empty(),
            article,
            &SourceId("vuksanovic2021".into())
        ));
        let evidence = Evidence {
            quote: "Serbia has joined the African Union.".to_owned(),
            source: SourceId("vuksanovic2021".into()),
            locator: String::new(),
            dimension: Dimension::Political,
        };
        assert_eq!(quote_warning(&map, article, &evidence), Some(NOT_VERBATIM));
        let quoted = Evidence {
            quote: "Serbia balances".to_owned(),
            ..evidence
        };
        assert_eq!(quote_warning(&map, article, &quoted), None);
    }
}
