//! The evidence panel's forms: a keyframe's notes (confidence, interpolation, reasoning), and
//! each quote's text, source, locator, dimension and place in the list, with the source picker
//! and the form for a new source. Every form edits a copy and pushes one [`Edit`] per frame.

use egui::RichText;

use super::read::{quote_card_ui, quote_warning, show_in_article_ui};
use super::{ADD_QUOTE, MOVE_QUOTE_DOWN, MOVE_QUOTE_UP, NEW_SOURCE, REMOVE_QUOTE, warning_ui};
use crate::model::edit::{Edit, EvidenceOwner};
use crate::model::{
    Confidence, Dimension, Evidence, Interpolation, Keyframe, Power, Role, Source, SourceId,
    StanceMap, new_source_id,
};
use crate::ui::changes::Changes;
use crate::ui::field::{CommitFn, DraftField, Lines};
use crate::ui::theme::Palette;

/// The form for a keyframe's confidence, interpolation and reasoning. Pushes one
/// [`Edit::SetKeyframeNotes`] when something changed this frame.
pub(super) fn notes_editor_ui(
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
pub(super) fn evidence_list_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    owner: &EvidenceOwner,
    list: &[Evidence],
    editing: Option<egui::Id>,
    empty_notice: &str,
    changes: &mut Changes,
) {
    let palette = Palette::of(ui);
    if list.is_empty() {
        warning_ui(ui, palette.warning, empty_notice);
    }
    let Some(id) = editing else {
        for evidence in list {
            quote_card_ui(ui, map, article_text, evidence, changes);
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
            changes,
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
            role: Role::Supports,
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
    changes: &mut Changes,
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
            source_row_ui(ui, map, working, id);
            locator_row_ui(ui, evidence, working, item);
            dimension_row_ui(ui, working, id);

            if let Some(source) = new_source_form_ui(ui, map, id.with("new_source")) {
                working.source = source.id.clone();
                outcome.new_source = Some(source);
            }

            ui.add_space(2.0);
            ui.horizontal(|ui| {
                if let Some(action) = quote_buttons_ui(ui, item) {
                    outcome.action = Some(action);
                }
                show_in_article_ui(ui, article_text, evidence, changes);
            });
        });
    outcome
}

/// The quote's source: the picker, and the button that opens the new-source form.
fn source_row_ui(ui: &mut egui::Ui, map: &StanceMap, working: &mut Evidence, id: egui::Id) {
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
            let width = (ui.available_width() - 2.0 * ui.spacing().button_padding.x).max(60.0);
            source_combo_ui(ui, map, working, id, label, width);
        });
    });
}

/// The quote's locator (a page or section), committed when the field is left.
fn locator_row_ui(
    ui: &mut egui::Ui,
    evidence: &Evidence,
    working: &mut Evidence,
    item: QuoteItem<'_>,
) {
    let id = item.id;
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
}

/// The aspect of the relationship the quote speaks to.
fn dimension_row_ui(ui: &mut egui::Ui, working: &mut Evidence, id: egui::Id) {
    ui.horizontal(|ui| {
        let label = field_label_ui(ui, "Dimension");
        egui::ComboBox::from_id_salt(id.with("dimension"))
            .selected_text(working.dimension.label())
            .show_ui(ui, |ui| {
                for dimension in Dimension::ALL {
                    ui.selectable_value(&mut working.dimension, dimension, dimension.label());
                }
            })
            .response
            .labelled_by(label)
            .on_hover_text("The aspect of the relationship this quote speaks to");
    });
}

/// The buttons that move a quote up or down or remove it; returns what was clicked.
fn quote_buttons_ui(ui: &mut egui::Ui, item: QuoteItem<'_>) -> Option<ListAction> {
    let mut action = None;
    let up = ui
        .add_enabled(item.index > 0, egui::Button::new("⬆"))
        .accessible_name(MOVE_QUOTE_UP)
        .on_hover_text("Move this quote up");
    if up.clicked() {
        action = Some(ListAction::MoveUp(item.index));
    }
    let down = ui
        .add_enabled(item.index + 1 < item.count, egui::Button::new("⬇"))
        .accessible_name(MOVE_QUOTE_DOWN)
        .on_hover_text("Move this quote down");
    if down.clicked() {
        action = Some(ListAction::MoveDown(item.index));
    }
    let remove = ui
        .button("🗑 Remove")
        .accessible_name(REMOVE_QUOTE)
        .on_hover_text(
            "Remove this quote at once, without asking: Edit ▸ Undo (Ctrl+Z) \
             brings it back",
        );
    if remove.clicked() {
        action = Some(ListAction::Remove(item.index));
    }
    action
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
        new_source_fields_ui(ui, form_id, &mut draft);

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

/// The new-source form's fields: author, year and full entry, typed into `draft`.
fn new_source_fields_ui(ui: &mut egui::Ui, form_id: egui::Id, draft: &mut NewSourceDraft) {
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
