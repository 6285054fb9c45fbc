//! The form for a new source: author, year, full entry, and for a web source its address and
//! the day it was read, opened from a quote's source row
//! and added to the bibliography with the quote that cites it.

use egui::RichText;

use crate::model::{Source, StanceMap, new_source, set_web_address};
use crate::ui::theme::Palette;

/// What the user has typed into the new-source form so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct NewSourceDraft {
    author: String,
    year: String,
    entry: String,
    url: String,
    accessed: String,
}

/// The new-source form, when open (its draft lives in egui's memory at `form_id`). Returns the
/// source when the user adds it.
pub(super) fn new_source_form_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    form_id: egui::Id,
) -> Option<Source> {
    let mut draft = ui.data(|d| d.get_temp::<NewSourceDraft>(form_id))?;
    let palette = Palette::of(ui);
    let mut added = None;
    let mut close = false;
    ui.add_space(4.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new("New source").strong());
        new_source_fields_ui(ui, form_id, &mut draft);

        let source =
            new_source(map, &draft.author, &draft.year, &draft.entry).and_then(|mut source| {
                set_web_address(&mut source, &draft.url, &draft.accessed)?;
                Ok(source)
            });
        let problem = source.as_ref().err().cloned();
        if let (Some(problem), false) = (&problem, draft == NewSourceDraft::default()) {
            ui.label(RichText::new(problem).color(palette.warning));
        }
        ui.horizontal(|ui| {
            let add = ui
                .add_enabled(problem.is_none(), egui::Button::new("Add source"))
                .on_hover_text("Add this source to the bibliography and cite it for this quote")
                .on_disabled_hover_text(problem.clone().unwrap_or_default());
            if add.clicked()
                && let Ok(source) = source
            {
                added = Some(source);
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

/// The new-source form's fields: author, year, full entry, web address and access date, typed
/// into `draft`.
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
            let label = ui.label("Web address");
            ui.add(
                egui::TextEdit::singleline(&mut draft.url)
                    .hint_text("https://…")
                    .char_limit(crate::model::MAX_NAME_CHARS * 10),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "Where the source can be read on the web, starting with https:// or http://; \
                 leave empty for a printed source",
            );
            ui.end_row();
            let label = ui.label("Read on (YYYY-MM-DD)");
            ui.add(
                egui::TextEdit::singleline(&mut draft.accessed)
                    .hint_text("2024-03-15")
                    .desired_width(100.0),
            )
            .labelled_by(label.id)
            .on_hover_text("The day you read the web page; leave empty when not recorded");
            ui.end_row();
        });
}
