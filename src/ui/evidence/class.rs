//! The evidence panel's section on the class under a selected keyframe: every reading's value
//! there, its confidence and its reader's reasoning, sorted by value, with the median and
//! quartiles on top and the lowest and highest marked, so a lecturer can read out the two
//! furthest apart.

use egui::{RichText, Stroke};

use crate::model::class::Class;
use crate::model::{Keyframe, Power, display_safe, format_strength_signed};
use crate::ui::theme::Palette;

/// The section's heading, naming the keyframe's date: "The class at 1991 (5 readings)".
pub fn class_heading(date: &str, n: usize) -> String {
    if n == 1 {
        format!("The class at {date} (1 reading)")
    } else {
        format!("The class at {date} ({n} readings)")
    }
}

/// Under the heading when the selected keyframe is not at the date shown: "For the selected
/// keyframe, 1991 (the date shown is 2009)."
pub fn class_elsewhere_notice(keyframe: &str, shown: &str) -> String {
    format!("For the selected keyframe, {keyframe} (the date shown is {shown}).")
}

/// The mark on the reading with the lowest value.
pub const LOWEST: &str = "lowest";

/// The mark on the reading with the highest value.
pub const HIGHEST: &str = "highest";

/// The heading over a reading's reasoning: it is that reader's judgement.
pub const READER_JUDGEMENT: &str = "Reader's judgement";

/// The class's readings of `power` at `keyframe`, collapsible, open at first. `elsewhere` is
/// the date shown (a label) when the keyframe is not at it: the section then says whose
/// figures these are.
pub(super) fn class_readings_ui(
    ui: &mut egui::Ui,
    class: &Class,
    power: &Power,
    keyframe: &Keyframe,
    elsewhere: Option<&str>,
) {
    let values = class.values_at_keyframe(&power.id, keyframe.date);
    let palette = Palette::of(ui);
    let date = keyframe.date.to_string();
    ui.add_space(6.0);
    egui::CollapsingHeader::new(RichText::new(class_heading(&date, values.len())).strong())
        .id_salt(("class_readings", &power.id.0, keyframe.date.to_iso()))
        .default_open(true)
        .show(ui, |ui| {
            if let Some(shown) = elsewhere {
                ui.label(
                    RichText::new(class_elsewhere_notice(&date, shown)).color(palette.warning),
                )
                .on_hover_text(
                    "These figures are the class's at the keyframe selected on the timeline, \
                     not at the date the compass shows",
                );
            }
            if values.is_empty() {
                ui.label(
                    RichText::new("No reading has judged this keyframe.").color(palette.weak_text),
                );
                return;
            }
            if let Some(spread) = class.spread_at_keyframe(&power.id, keyframe.date) {
                ui.label(format!(
                    "Median {}, quartiles {} to {}",
                    format_strength_signed(spread.median),
                    format_strength_signed(spread.q1),
                    format_strength_signed(spread.q3),
                ))
                .on_hover_text(
                    "Half the readers judged between the quartiles; the median is the middle \
                     value",
                );
            }
            ui.label(
                RichText::new(
                    "Each value and reasoning is a reader's judgement, sorted from lowest to \
                     highest.",
                )
                .color(palette.weak_text),
            );
            let last = values.len() - 1;
            for (i, value) in values.iter().enumerate() {
                let mark = if last == 0 {
                    None
                } else if i == 0 {
                    Some(LOWEST)
                } else if i == last {
                    Some(HIGHEST)
                } else {
                    None
                };
                let label = class
                    .readings
                    .get(value.reading)
                    .map_or("a reading", |r| r.label.as_str());
                reading_ui(ui, palette, label, value, mark);
            }
        });
}

/// One reading's row: who, the value, the confidence, its mark, and its reasoning.
fn reading_ui(
    ui: &mut egui::Ui,
    palette: Palette,
    label: &str,
    value: &crate::model::class::ReadingValue<'_>,
    mark: Option<&str>,
) {
    let confidence = value.confidence.label();
    let stroke = if mark.is_some() {
        Stroke::new(1.5, palette.text)
    } else {
        Stroke::new(1.0, palette.weak_text)
    };
    ui.add_space(3.0);
    egui::Frame::new()
        .stroke(stroke)
        .corner_radius(4)
        .inner_margin(egui::Margin::symmetric(6, 3))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // One label, so it reads aloud (and is found) as one line.
            let font = egui::TextStyle::Body.resolve(ui.style());
            let mono = egui::TextStyle::Monospace.resolve(ui.style());
            let format = |font_id: &egui::FontId, color| egui::TextFormat {
                font_id: font_id.clone(),
                color,
                ..egui::TextFormat::default()
            };
            let mut job = egui::text::LayoutJob::default();
            job.append(
                &format_strength_signed(value.strength),
                0.0,
                format(&mono, palette.text),
            );
            job.append(
                &format!("  {}", display_safe(label)),
                0.0,
                format(&font, palette.text),
            );
            job.append(
                &format!("  confidence: {confidence}"),
                0.0,
                format(&font, palette.weak_text),
            );
            if let Some(mark) = mark {
                job.append(&format!("  {mark}"), 0.0, format(&font, palette.warning));
            }
            ui.label(job).on_hover_text(match mark {
                Some(LOWEST) => "The lowest value the class gave here: this reader's judgement",
                Some(_) => "The highest value the class gave here: this reader's judgement",
                None => "This reader's value: +1 fully aligned, 0 neutral, −1 opposed",
            });
            if value.reasoning.trim().is_empty() {
                ui.label(
                    RichText::new("No reasoning given.")
                        .italics()
                        .color(palette.weak_text),
                );
            } else {
                ui.label(
                    RichText::new(format!(
                        "{READER_JUDGEMENT}: {}",
                        display_safe(value.reasoning)
                    ))
                    .color(palette.text),
                );
            }
        });
}
