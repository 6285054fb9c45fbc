//! The evidence panel: the selected power's keyframes around the current date and their quotes.
//!
//! Every value on the compass is an analyst's judgement; this panel shows what it rests on:
//! the keyframes on either side of the current date, the reasoning behind each, and the
//! verbatim quotes with their citations. A keyframe with no quote says so plainly.

use egui::{Color32, RichText, Stroke};

use crate::app::session::Session;
use crate::article::ARTICLE_TEXT;
use crate::model::{
    Bracket, Evidence, Interpolation, Keyframe, Power, StanceMap, bracket, format_year_f64,
};
use crate::ui::theme::{Palette, format_strength, power_color};

/// The hint shown when no power is selected.
pub const NO_SELECTION_HINT: &str =
    "Select a power on the compass or in the list to see its evidence.";

/// The notice shown on a keyframe that has no quote behind it.
pub const NO_EVIDENCE_NOTICE: &str = "No evidence: this value is a claim without support.";

/// The label of the button that shows a quote in the article's text.
pub const SHOW_IN_ARTICLE: &str = "Show in article";

/// Events this close to the current date (in years) are listed with the keyframes.
const EVENT_WINDOW_YEARS: f64 = 0.5;

/// Two positions on the time axis closer than this are the same date.
const SAME_DATE_YEARS: f64 = 1e-6;

/// Draw the evidence panel for the selected power at the current date.
///
/// Clicking "Show in article" on a quote highlights it in the source view and opens that view.
pub fn evidence_ui(ui: &mut egui::Ui, map: &StanceMap, session: &mut Session) {
    egui::ScrollArea::vertical()
        .id_salt("evidence_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let power = session.selected_power.as_ref().and_then(|id| map.power(id));
            if let Some(power) = power {
                power_evidence_ui(ui, map, power, session);
            } else {
                ui.add_space(8.0);
                ui.weak(NO_SELECTION_HINT);
            }
        });
}

/// Everything the panel shows for one power.
fn power_evidence_ui(ui: &mut egui::Ui, map: &StanceMap, power: &Power, session: &mut Session) {
    let palette = Palette::of(ui);
    let date_year_f64 = session.date_year_f64;
    let date = format_year_f64(date_year_f64);

    ui.heading(
        RichText::new(&power.name)
            .strong()
            .color(power_color(&power.color)),
    );
    let value = power.strength_at(date_year_f64).map_or_else(
        || format!("no value in {date}"),
        |s| format!("{} in {date}", format_strength(s)),
    );
    ui.label(RichText::new(value).strong())
        .on_hover_text("+1 fully aligned, 0 neutral, −1 opposed");
    ui.label(
        RichText::new(
            "Each value is the analyst's judgement of the evidence below, not a measurement.",
        )
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
            format_strength(track[0].strength)
        )),
        Bracket::After(i) => Some(format!(
            "After the last keyframe ({}): the value holds at {}.",
            track[i].date,
            format_strength(track[i].strength)
        )),
        Bracket::On(i) => Some(format!("On a keyframe ({}).", track[i].date)),
        Bracket::Between(i) => {
            let (a, b) = (&track[i], &track[i + 1]);
            Some(match a.interpolation {
                Interpolation::Linear => format!(
                    "Between keyframes: the value moves from {} ({}) to {} ({}).",
                    format_strength(a.strength),
                    a.date,
                    format_strength(b.strength),
                    b.date
                ),
                Interpolation::Hold => format!(
                    "Between keyframes: the value holds at {} from {} until {}.",
                    format_strength(a.strength),
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

    for i in shown {
        ui.add_space(6.0);
        keyframe_card_ui(ui, map, power, &track[i], selected == Some(i), session);
    }

    events_ui(ui, map, power, session);
}

/// One keyframe: its date, value and confidence, the analyst's reasoning, and its quotes.
fn keyframe_card_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    power: &Power,
    keyframe: &Keyframe,
    selected: bool,
    session: &mut Session,
) {
    let palette = Palette::of(ui);
    let stroke = if selected {
        Stroke::new(2.0, power_color(&power.color))
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
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
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(keyframe.date.to_string()).strong());
                ui.label(RichText::new(format_strength(keyframe.strength)).monospace())
                    .on_hover_text("Strength: +1 fully aligned, 0 neutral, −1 opposed");
                ui.label(
                    RichText::new(format!("confidence: {}", keyframe.confidence.label()))
                        .color(palette.weak_text),
                )
                .on_hover_text("How sure the analyst is of this value");
            });

            ui.add_space(4.0);
            ui.label(RichText::new("Analyst's judgement").strong());
            if keyframe.reasoning.trim().is_empty() {
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
            if keyframe.evidence.is_empty() {
                warning_ui(ui, palette.warning, NO_EVIDENCE_NOTICE);
            }
            for evidence in &keyframe.evidence {
                quote_card_ui(ui, map, evidence, session);
            }
        });
}

/// Events near the current date that concern this power, with their quotes.
fn events_ui(ui: &mut egui::Ui, map: &StanceMap, power: &Power, session: &mut Session) {
    let date_year_f64 = session.date_year_f64;
    let mut near = map
        .events
        .iter()
        .filter(|e| e.powers.contains(&power.id))
        .filter(|e| (e.date.to_year_f64() - date_year_f64).abs() <= EVENT_WINDOW_YEARS)
        .peekable();
    if near.peek().is_none() {
        return;
    }
    let palette = Palette::of(ui);
    ui.add_space(10.0);
    ui.label(RichText::new("Events near this date").strong());
    for event in near {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(event.date.to_string()).strong());
            ui.label(&event.title);
        });
        if !event.note.trim().is_empty() {
            ui.label(RichText::new(&event.note).small().color(palette.weak_text));
        }
        if event.evidence.is_empty() {
            warning_ui(
                ui,
                palette.warning,
                "No evidence: this event is not backed by a quote.",
            );
        }
        for evidence in &event.evidence {
            quote_card_ui(ui, map, evidence, session);
        }
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

/// A quote card: the quote, its citation (hover for the full entry), its dimension, and a
/// button that shows it highlighted in the article's text.
fn quote_card_ui(ui: &mut egui::Ui, map: &StanceMap, evidence: &Evidence, session: &mut Session) {
    let palette = Palette::of(ui);
    ui.add_space(4.0);
    egui::Frame::new()
        .fill(palette.card)
        .corner_radius(6)
        .inner_margin(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("“{}”", evidence.quote)).italics());
            ui.add_space(2.0);
            ui.horizontal_wrapped(|ui| {
                let citation = format!("({})", map.citation(evidence));
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

                // The source view shows the article, so only its quotes can be found there.
                let in_article = ARTICLE_TEXT.contains(evidence.quote.trim());
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
            });
        });
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
