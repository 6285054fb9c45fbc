//! The evidence panel's forms: a keyframe's notes (confidence, interpolation, reasoning), and
//! each quote's text, source, locator, dimension, role and place in the list, with the source
//! picker (the form for a new source is in [`super::new_source`]). Every form edits a copy and
//! pushes one [`Edit`] per frame.

use super::new_source::{NewSourceDraft, new_source_form_ui};
use super::read::{quote_card_ui, quote_warning, role_hint, show_in_article_ui};
use super::role_picker_label;
use super::{ADD_QUOTE, MOVE_QUOTE_DOWN, MOVE_QUOTE_UP, NEW_SOURCE, REMOVE_QUOTE, warning_ui};
use crate::model::edit::{Edit, EvidenceOwner};
use crate::model::{
    Confidence, Dimension, Evidence, Interpolation, Keyframe, Power, Role, Source, SourceId,
    StanceMap, snap_strength,
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

    strength_field_ui(ui, power, keyframe, changes);
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
            // A student judging an exercise writes their own.
            hint: if keyframe.unjudged {
                "Your reasoning"
            } else {
                "Why the evidence below leads to this value"
            },
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

/// The keyframe's exact strength, typed or dragged in steps of 0.01 (−1..1, two decimals).
/// A typed value is one [`Edit::SetStrength`] when the field is left or Enter pressed; a drag
/// is one group of them: either way one undo step. The value saved is rounded as shown.
fn strength_field_ui(ui: &mut egui::Ui, power: &Power, keyframe: &Keyframe, changes: &mut Changes) {
    let mut strength = keyframe.strength;
    ui.horizontal(|ui| {
        field_label_ui(ui, "Strength");
        let response = ui
            .add(
                egui::DragValue::new(&mut strength)
                    .range(-1.0..=1.0)
                    .speed(0.01)
                    .fixed_decimals(2)
                    .update_while_editing(false),
            )
            .accessible_name(if keyframe.unjudged {
                "Strength, not yet judged"
            } else {
                "Strength"
            })
            .on_hover_text(
                "The exact value: +1 fully aligned, 0 neutral, −1 opposed. \
                 Drag sideways, or click and type a number.",
            );
        if keyframe.unjudged {
            ui.label(egui::RichText::new(crate::model::exercise::NOT_YET_JUDGED).strong());
        }
        if response.drag_started() {
            changes.begin_group();
        }
        let strength = snap_strength(strength, false);
        // Typing the value it happens to hold still judges a keyframe still to judge.
        if response.changed() && (keyframe.unjudged || strength != keyframe.strength) {
            changes.edit(Edit::SetStrength {
                power: power.id.clone(),
                date: keyframe.date,
                strength,
            });
        }
        if response.drag_stopped() {
            changes.end_group();
        }
    });
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
            quote_card_ui(ui, map, article_text, evidence, true, changes);
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
            role_row_ui(ui, working, item);

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

/// How the quote bears on the value: it supports, qualifies or contradicts it. The picker is
/// named "Role of quote 2" for screen readers (several cards are open at once).
fn role_row_ui(ui: &mut egui::Ui, working: &mut Evidence, item: QuoteItem<'_>) {
    ui.horizontal(|ui| {
        field_label_ui(ui, "Role");
        egui::ComboBox::from_id_salt(item.id.with("role"))
            .selected_text(working.role.label())
            .show_ui(ui, |ui| {
                for role in Role::ALL {
                    ui.selectable_value(&mut working.role, role, role.label())
                        .on_hover_text(role_hint(role));
                }
            })
            .response
            .accessible_name(role_picker_label(item.index + 1))
            .on_hover_text(
                "How this quote bears on the value: it supports it, qualifies it (backs it \
                 only in part), or contradicts it (counter-evidence)",
            );
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
                    .on_hover_text(super::read::source_hover_text(source));
            }
        })
        .response
        .labelled_by(label)
        .on_hover_text("The source the quote's claim is attributed to");
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
