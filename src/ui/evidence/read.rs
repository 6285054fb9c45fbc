//! The evidence panel as read: a keyframe's card (its quotes grouped by role, with a notice
//! when the value is contested or unsupported), the other map's reading, and quote cards with
//! their citation, dimension, role and "Show in article" button.

use egui::{RichText, Stroke};

use super::edit::{evidence_list_ui, notes_editor_ui};
use super::{EMPTY_QUOTE, NO_EVIDENCE_NOTICE, NOT_VERBATIM, OTHER_READING, SHOW_IN_ARTICLE};
use super::{NO_SUPPORT_NOTICE, contested_notice, edit_keyframe_label, warning_ui};
use crate::model::edit::EvidenceOwner;
use crate::model::reasoning;
use crate::model::{
    Bracket, Evidence, Keyframe, Power, Role, SAME_DATE_YEARS, StanceMap, bracket, display_safe,
    format_strength_signed, quote_is_from_article,
};
use crate::ui::changes::{Changes, Panel};
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color};

/// One keyframe: its date, value and confidence, the analyst's reasoning, and its quotes;
/// with its edit toggle on, a form for all of them.
#[allow(clippy::too_many_arguments)]
pub(super) fn keyframe_card_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    power: &Power,
    keyframe: &Keyframe,
    selected: bool,
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
                if keyframe.unjudged {
                    ui.label(RichText::new(crate::model::exercise::NOT_YET_JUDGED).strong())
                        .on_hover_text(
                            "An exercise: read the evidence, then drag the arrow on the compass \
                             or type a strength to judge it",
                        );
                } else {
                    ui.label(RichText::new(format_strength_signed(keyframe.strength)).monospace())
                        .on_hover_text("Strength: +1 fully aligned, 0 neutral, −1 opposed");
                    ui.label(
                        RichText::new(format!("confidence: {}", keyframe.confidence.label()))
                            .color(palette.weak_text),
                    )
                    .on_hover_text("How sure the analyst is of this value");
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    editing = edit_toggle_ui(
                        ui,
                        id,
                        &edit_keyframe_label(keyframe),
                        "Edit this keyframe's notes and quotes",
                    );
                });
            });
            support_notices_ui(ui, palette, keyframe);

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
            if let Some(notice) = stale_reasoning_notice(keyframe) {
                warning_ui(ui, palette.warning, &notice);
            }

            ui.add_space(4.0);
            if !editing && !keyframe.evidence.is_empty() {
                if keyframe.unjudged {
                    // Still to judge: the roles the lecturer gave the quotes would hint at
                    // the value, so they are one list, in the map's order, without them.
                    ui.label(RichText::new("Evidence").strong())
                        .on_hover_text(UNJUDGED_EVIDENCE_HINT);
                    for quote in &keyframe.evidence {
                        quote_card_ui(ui, map, article_text, quote, false, changes);
                    }
                } else {
                    grouped_quotes_ui(ui, map, article_text, &keyframe.evidence, changes);
                }
                return;
            }
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
                changes,
            );
        });
}

/// The tooltip of "Evidence" over a keyframe still to judge.
const UNJUDGED_EVIDENCE_HINT: &str =
    "The quotes to weigh for this keyframe; judging them is up to you";

/// "The value is now +1.00; the reasoning mentions 0.8: update it?" when the reasoning
/// mentions only other strengths than the value (see [`reasoning::stale_mentions`]): the
/// value was changed, by a drag, say, since the reasoning was written.
pub(crate) fn stale_reasoning_notice(keyframe: &Keyframe) -> Option<String> {
    let mentions = reasoning::stale_mentions(keyframe.strength, &keyframe.reasoning)?;
    let mut written: Vec<String> = mentions
        .iter()
        .map(|v| {
            let text = format!("{}", v.abs());
            if *v < 0.0 { format!("−{text}") } else { text }
        })
        .collect();
    written.dedup();
    Some(format!(
        "The value is now {}; the reasoning mentions {}: update it?",
        format_strength_signed(keyframe.strength),
        written.join(", ")
    ))
}

/// What a keyframe's evidence says of its value, in plain words at the top of its card: that
/// it is contested (some quotes point against it), and that no quote supports it when its
/// quotes only qualify or contradict it. (A keyframe with no quotes at all says so under
/// "Evidence".)
fn support_notices_ui(ui: &mut egui::Ui, palette: Palette, keyframe: &Keyframe) {
    let against = keyframe
        .evidence
        .iter()
        .filter(|e| e.role == Role::Contradicts)
        .count();
    if keyframe.is_contested() {
        warning_ui(ui, palette.warning, &contested_notice(against));
    }
    if keyframe.is_unsupported() && !keyframe.evidence.is_empty() {
        warning_ui(ui, palette.warning, NO_SUPPORT_NOTICE);
    }
}

/// A keyframe's quotes as read, grouped by role under "Supporting evidence", "Qualifying
/// evidence" and "Counter-evidence" (a group without quotes is left out), each group in the
/// order the quotes have in the map.
fn grouped_quotes_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    evidence: &[Evidence],
    changes: &mut Changes,
) {
    for role in Role::ALL {
        let mut group = evidence.iter().filter(|e| e.role == role).peekable();
        if group.peek().is_none() {
            continue;
        }
        ui.add_space(2.0);
        ui.label(RichText::new(role.heading()).strong())
            .on_hover_text(role_hint(role));
        for quote in group {
            quote_card_ui(ui, map, article_text, quote, false, changes);
        }
    }
}

/// What a role means, for tooltips.
pub(super) fn role_hint(role: Role) -> &'static str {
    match role {
        Role::Supports => "Quotes that back the value",
        Role::Qualifies => "Quotes that back the value only in part or under a condition",
        Role::Contradicts => "Quotes that point the other way: the value was judged against them",
    }
}

/// The "Edit" toggle of a card; returns whether the card is in edit mode. The mode lives in
/// egui's memory (it is a view setting, not part of the map or the saved session).
pub(super) fn edit_toggle_ui(ui: &mut egui::Ui, id: egui::Id, name: &str, tooltip: &str) -> bool {
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

/// The compared map's reading of `power` at the date shown: its value, and its keyframes at
/// `dates` (the dates of the cards above) or, where it has none there, around the date, each
/// with its reasoning and quotes. Read only: it is someone else's map.
pub(super) fn other_reading_ui(
    ui: &mut egui::Ui,
    other: &StanceMap,
    article_text: &str,
    power: &Power,
    dates: &[f64],
    session: &Session,
    changes: &mut Changes,
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
    ui.label(
        crate::model::judged_sample(&theirs.track, date_year_f64).map_or_else(
            || "No judged value at this date.".to_owned(),
            |s| format!("{} at this date.", format_strength_signed(s)),
        ),
    );
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
                    ui.label(
                        RichText::new(crate::model::exercise::keyframe_value_text(keyframe))
                            .monospace(),
                    );
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
                support_notices_ui(ui, palette, keyframe);
                if keyframe.evidence.is_empty() {
                    warning_ui(ui, palette.warning, NO_EVIDENCE_NOTICE);
                }
                grouped_quotes_ui(ui, other, article_text, &keyframe.evidence, changes);
            });
    }
}

/// What hovering a citation shows: the full bibliography entry and, for a source on the web,
/// where it can be read and when it was ("Online: https://… (read on 2024-03-01)").
pub(super) fn source_hover_text(source: &crate::model::Source) -> String {
    let url = source.url.trim();
    if url.is_empty() {
        return source.entry.clone();
    }
    let accessed = source.accessed.trim();
    if accessed.is_empty() {
        format!("{}\nOnline: {}", source.entry, display_safe(url))
    } else {
        format!(
            "{}\nOnline: {} (read on {})",
            source.entry,
            display_safe(url),
            display_safe(accessed)
        )
    }
}

/// A quote card: the quote, its citation (hover for the full entry), its dimension, its role
/// when `show_role` and it does not simply support (a grouped list names the role in its
/// heading instead), and a button that shows it highlighted in the article's text.
pub(super) fn quote_card_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    article_text: &str,
    evidence: &Evidence,
    show_role: bool,
    changes: &mut Changes,
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
                        ui.label(&citation).on_hover_text(source_hover_text(source));
                    }
                    None => {
                        ui.label(RichText::new(citation).color(palette.warning))
                            .on_hover_text("This source is not in the map's bibliography.");
                    }
                }
                dimension_chip_ui(ui, palette, evidence.dimension.label());
                if show_role && evidence.role != Role::Supports {
                    role_chip_ui(ui, palette, evidence.role);
                }
                show_in_article_ui(ui, article_text, evidence, changes);
            });
        });
}

/// "Show in article": highlight the quote in the source view and open it. Disabled for quotes
/// that are not in the article's text.
pub(super) fn show_in_article_ui(
    ui: &mut egui::Ui,
    article_text: &str,
    evidence: &Evidence,
    changes: &mut Changes,
) {
    // The source view shows the article, so only its quotes can be found there.
    let quote = evidence.quote.trim();
    let in_article = crate::model::find::quote_in_text(article_text, quote);
    let button = ui
        .add_enabled(in_article, egui::Button::new(SHOW_IN_ARTICLE).small())
        .on_hover_text("Show this quote highlighted in the article's text")
        .on_disabled_hover_text(
            "This quote is not in the article's text, so it cannot be shown there.",
        );
    if button.clicked() {
        changes.highlight_quote(Some(evidence.quote.clone()));
        changes.show_panel(Panel::Source);
    }
}

/// A small rounded chip naming the aspect of the relationship a quote speaks to.
pub(super) fn dimension_chip_ui(ui: &mut egui::Ui, palette: Palette, label: &str) {
    egui::Frame::new()
        .stroke(Stroke::new(1.0, palette.weak_text))
        .corner_radius(8)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(label).small().color(palette.weak_text))
                .on_hover_text("The aspect of the relationship this quote speaks to");
        });
}

/// A chip naming a quote's role ("qualifies", "contradicts"), in the warning colour for
/// counter-evidence.
fn role_chip_ui(ui: &mut egui::Ui, palette: Palette, role: Role) {
    let color = if role == Role::Contradicts {
        palette.warning
    } else {
        palette.weak_text
    };
    egui::Frame::new()
        .stroke(Stroke::new(1.0, color))
        .corner_radius(8)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(role.label()).small().strong().color(color))
                .on_hover_text(role_hint(role));
        });
}

/// The warning a quote deserves, if any: empty, or not in the article when it should be.
pub(super) fn quote_warning(
    map: &StanceMap,
    article_text: &str,
    evidence: &Evidence,
) -> Option<&'static str> {
    let quote = evidence.quote.trim();
    if quote.is_empty() {
        Some(EMPTY_QUOTE)
    } else if quote_is_from_article(map, article_text, &evidence.source)
        && !crate::model::find::quote_in_text(article_text, quote)
    {
        Some(NOT_VERBATIM)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dimension, Source, SourceId};

    #[test]
    fn a_reasoning_written_for_another_value_is_named_with_the_value_now() {
        // As the article's map has Russia in 2009.
        let mut keyframe = crate::model::edit::bare_keyframe(crate::model::Date::year(2009), 0.8);
        keyframe.reasoning =
            "The peak (0.8): energy ties through the 2009 NIS sale and support on Kosovo."
                .to_owned();
        assert_eq!(stale_reasoning_notice(&keyframe), None);
        keyframe.strength = 1.0;
        assert_eq!(
            stale_reasoning_notice(&keyframe).as_deref(),
            Some("The value is now +1.00; the reasoning mentions 0.8: update it?")
        );
        keyframe.reasoning = "Negative (-0.5), was -0.35.".to_owned();
        assert_eq!(
            stale_reasoning_notice(&keyframe).as_deref(),
            Some("The value is now +1.00; the reasoning mentions −0.5, −0.35: update it?")
        );
    }

    #[test]
    fn quotes_that_should_be_in_the_article_and_are_not_are_flagged() {
        let mut map = StanceMap::empty();
        map.sources.push(Source {
            id: SourceId("vuksanovic2021".to_owned()),
            author: "Vuksanovic".to_owned(),
            year: Some(2021),
            entry: String::new(),
            url: String::new(),
            accessed: String::new(),
        });
        let article = "As Vuksanovic (2021) notes, Serbia balances between the powers.";
        let evidence = Evidence {
            quote: "Serbia has joined the African Union.".to_owned(),
            source: SourceId("vuksanovic2021".into()),
            locator: String::new(),
            dimension: Dimension::Political,
            role: crate::model::Role::Supports,
        };
        assert_eq!(quote_warning(&map, article, &evidence), Some(NOT_VERBATIM));
        let quoted = Evidence {
            quote: "Serbia balances".to_owned(),
            ..evidence.clone()
        };
        assert_eq!(quote_warning(&map, article, &quoted), None);
        let empty = Evidence {
            quote: "  ".to_owned(),
            ..evidence.clone()
        };
        assert_eq!(quote_warning(&map, article, &empty), Some(EMPTY_QUOTE));
        // A quote of another document is not looked for in the article.
        let other = Evidence {
            source: SourceId("unknown".into()),
            ..evidence
        };
        assert_eq!(quote_warning(&map, article, &other), None);
    }
}
