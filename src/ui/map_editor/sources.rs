//! The "Sources" tab of the map editor: the bibliography every quote cites. Each source's
//! author, year, full entry, web address and access date are edited in place; a new one is added through a short form
//! (its id is made from the author and year once, and quotes cite it by that id); a source
//! that quotes cite is not removed, and the tab says where it is cited.

use egui::{Id, RichText, Ui};

use super::helpers::{source_citations, source_removal_refusal};
use super::{FieldKind, MapEditor, Name};
use crate::model::edit::Edit;
use crate::model::{
    Source, SourceId, StanceMap, new_source, parse_access_date, parse_source_url,
    parse_source_year, set_web_address,
};
use crate::ui::changes::Changes;
use crate::ui::field::{self, CommitFn};
use crate::ui::theme::Palette;

/// What has been typed into the "Add source" form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct SourceForm {
    author: String,
    year: String,
    entry: String,
    url: String,
    accessed: String,
    /// Whether the author field has been given the keyboard once.
    focused: bool,
}

/// A field of a source in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceField {
    Author,
    Year,
    Entry,
    Url,
    Accessed,
}

impl SourceField {
    fn key(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::Year => "year",
            Self::Entry => "entry",
            Self::Url => "url",
            Self::Accessed => "accessed",
        }
    }
}

/// The label of the web address field, in the form and in the list.
const URL_LABEL: &str = "Web address";
/// Its tooltip.
const URL_TIP: &str = "Where the source can be read on the web, starting with https:// or http://; leave empty for a printed source";
/// The label of the access date field.
const ACCESSED_LABEL: &str = "Read on (YYYY-MM-DD)";
/// Its tooltip.
const ACCESSED_TIP: &str =
    "The day you read the web page, such as 2024-03-15; leave empty when not recorded";

/// A new source from the form: [`new_source`] with the web address and access date
/// ([`set_web_address`]), so the form holds the rules validation holds.
fn source_from_form(map: &StanceMap, form: &SourceForm) -> Result<Source, String> {
    let mut source = new_source(map, &form.author, &form.year, &form.entry)?;
    set_web_address(&mut source, &form.url, &form.accessed)?;
    Ok(source)
}

impl MapEditor {
    /// The "Sources" tab: the form to add one, then every source in the map's order.
    pub(super) fn sources_ui(&mut self, ui: &mut Ui, map: &StanceMap, changes: &mut Changes) {
        ui.weak(
            "The bibliography: every quote cites one of these. Quotes cite a source by its id, \
             which stays as it is when the author or year is corrected.",
        );
        ui.add_space(4.0);
        self.add_source_ui(ui, map, changes);
        ui.add_space(6.0);
        if map.sources.is_empty() {
            ui.weak("This map has no sources yet.");
        }
        for source in &map.sources {
            ui.push_id(("map_editor_source", &source.id.0), |ui| {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    self.source_ui(ui, source, map, changes);
                });
            });
        }
        if self
            .source_refused
            .as_ref()
            .is_some_and(|(id, _)| map.source(id).is_none())
        {
            self.source_refused = None;
        }
    }

    /// "Add source…", and while it is open the form for a new source.
    fn add_source_ui(&mut self, ui: &mut Ui, map: &StanceMap, changes: &mut Changes) {
        let Some(form) = &mut self.source_form else {
            if ui
                .button("Add source…")
                .on_hover_text("Add an entry to the bibliography: author, year and full entry")
                .clicked()
            {
                self.source_form = Some(SourceForm::default());
            }
            return;
        };
        let mut close = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("New source").strong());
            egui::Grid::new("map_editor_new_source")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    for (label, tip, hint, text, rows, width) in [
                        (
                            "Author",
                            "The author as the text cites them",
                            "Surname, as cited",
                            &mut form.author,
                            0,
                            320.0,
                        ),
                        (
                            "Year",
                            "The year as cited; leave empty for n.d.",
                            "2021",
                            &mut form.year,
                            0,
                            60.0,
                        ),
                        (
                            "Full entry",
                            "The full bibliography entry",
                            "The entry as the bibliography gives it",
                            &mut form.entry,
                            2,
                            480.0,
                        ),
                        (URL_LABEL, URL_TIP, "https://…", &mut form.url, 0, 480.0),
                        (
                            ACCESSED_LABEL,
                            ACCESSED_TIP,
                            "2024-03-15",
                            &mut form.accessed,
                            0,
                            100.0,
                        ),
                    ] {
                        ui.label(label).on_hover_text(tip);
                        let edit = if rows == 0 {
                            // A web address may be longer than a name.
                            let limit = if label == URL_LABEL {
                                crate::model::MAX_NAME_CHARS * 10
                            } else {
                                crate::model::MAX_NAME_CHARS
                            };
                            egui::TextEdit::singleline(text)
                                .char_limit(limit)
                                .desired_width(width)
                        } else {
                            egui::TextEdit::multiline(text)
                                .char_limit(crate::model::MAX_TEXT_CHARS)
                                .desired_rows(rows)
                                .desired_width(width)
                        };
                        // Named in full: every source in the list below has an "Author" too.
                        let response = ui
                            .add(edit.hint_text(hint))
                            .accessible_name(format!("{label} of the new source"));
                        if !form.focused {
                            // The form opens ready to type the author.
                            form.focused = true;
                            response.request_focus();
                        }
                        ui.end_row();
                    }
                });
            let source = source_from_form(map, form);
            let problem = source.as_ref().err().cloned();
            let untouched = [
                &form.author,
                &form.year,
                &form.entry,
                &form.url,
                &form.accessed,
            ]
            .iter()
            .all(|t| t.is_empty());
            if let (Some(problem), false) = (&problem, untouched) {
                ui.colored_label(Palette::of(ui).warning, format!("⚠ {problem}"));
            }
            ui.horizontal(|ui| {
                let add = ui
                    .add_enabled(
                        problem.is_none(),
                        egui::Button::new("Add to the bibliography"),
                    )
                    .on_hover_text("Add this source; quotes can then cite it")
                    .on_disabled_hover_text(problem.clone().unwrap_or_default());
                if add.clicked()
                    && let Ok(source) = source
                {
                    let mut sources = map.sources.clone();
                    sources.push(source);
                    changes.edit(Edit::SetSources(sources));
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
        if close {
            self.source_form = None;
        }
    }

    /// One source: its id and how often it is cited, its author, year and entry, and Remove.
    fn source_ui(&mut self, ui: &mut Ui, source: &Source, map: &StanceMap, changes: &mut Changes) {
        let cited = source_citations(map, &source.id).len();
        let name = source.citation("");
        ui.horizontal(|ui| {
            ui.label(RichText::new(&source.id.0).monospace())
                .on_hover_text("The id quotes cite this source by; it does not change");
            ui.weak(match cited {
                0 => "not cited yet".to_owned(),
                1 => "cited by 1 keyframe, event or step".to_owned(),
                n => format!("cited by {n} keyframes, events or steps"),
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Remove")
                    .accessible_name(format!("Remove source {}", source.id))
                    .on_hover_text(
                        "Remove this source from the bibliography (not while quotes cite it); \
                         undo brings it back",
                    )
                    .clicked()
                {
                    if let Some(why) = source_removal_refusal(map, &source.id) {
                        self.source_refused = Some((source.id.clone(), why));
                    } else {
                        self.source_refused = None;
                        let sources = map
                            .sources
                            .iter()
                            .filter(|s| s.id != source.id)
                            .cloned()
                            .collect();
                        changes.edit(Edit::SetSources(sources));
                    }
                }
            });
        });
        if let Some((_, why)) = self
            .source_refused
            .as_ref()
            .filter(|(id, _)| id == &source.id)
        {
            ui.colored_label(Palette::of(ui).warning, format!("⚠ {why}"));
        }
        let mut edited = source.clone();
        egui::Grid::new("fields")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for which in [
                    SourceField::Author,
                    SourceField::Year,
                    SourceField::Entry,
                    SourceField::Url,
                    SourceField::Accessed,
                ] {
                    let (label, current, kind) = match which {
                        SourceField::Author => {
                            ("Author", source.author.clone(), FieldKind::Line(320.0))
                        }
                        SourceField::Year => (
                            "Year",
                            source.year.map(|y| y.to_string()).unwrap_or_default(),
                            FieldKind::Line(60.0),
                        ),
                        SourceField::Entry => {
                            ("Full entry", source.entry.clone(), FieldKind::Lines(2))
                        }
                        SourceField::Url => (URL_LABEL, source.url.clone(), FieldKind::Line(480.0)),
                        SourceField::Accessed => (
                            ACCESSED_LABEL,
                            source.accessed.clone(),
                            FieldKind::Line(100.0),
                        ),
                    };
                    ui.label(label).on_hover_text(match which {
                        SourceField::Author => "The author as the text cites them",
                        SourceField::Year => "The year as cited; empty prints as n.d.",
                        SourceField::Entry => "The full bibliography entry",
                        SourceField::Url => URL_TIP,
                        SourceField::Accessed => ACCESSED_TIP,
                    });
                    let id = source_field_id(&source.id, which);
                    let (_, new) = self.text_field(
                        ui,
                        id,
                        &current,
                        Name::Text(&format!("{label} of {name}")),
                        kind,
                        || source_commit(&source.id, which),
                    );
                    if let Some(text) = new {
                        match set_field(&mut edited, which, &text) {
                            Ok(()) => {}
                            Err(_) => field::refuse(ui.ctx(), id, text, &current),
                        }
                    }
                    ui.end_row();
                }
            });
        for which in [
            SourceField::Author,
            SourceField::Year,
            SourceField::Url,
            SourceField::Accessed,
        ] {
            if let Some(text) = field::refused(ui.ctx(), source_field_id(&source.id, which))
                && let Err(reason) = set_field(&mut source.clone(), which, &text)
            {
                ui.colored_label(
                    Palette::of(ui).warning,
                    format!("⚠ {reason} It was not changed."),
                );
            }
        }
        if &edited != source {
            let sources = map
                .sources
                .iter()
                .map(|s| {
                    if s.id == source.id {
                        edited.clone()
                    } else {
                        s.clone()
                    }
                })
                .collect();
            changes.edit(Edit::SetSources(sources));
        }
    }
}

/// Put `text` into a source's field; an empty author, a year that is not one, an address
/// that is not a web address or a day that is not one is refused.
fn set_field(source: &mut Source, which: SourceField, text: &str) -> Result<(), String> {
    match which {
        SourceField::Author => {
            if text.trim().is_empty() {
                return Err("A source needs an author.".to_owned());
            }
            text.trim().clone_into(&mut source.author);
        }
        SourceField::Year => source.year = parse_source_year(text)?,
        SourceField::Entry => text.clone_into(&mut source.entry),
        SourceField::Url => source.url = parse_source_url(text)?,
        SourceField::Accessed => source.accessed = parse_access_date(text)?,
    }
    Ok(())
}

/// How to commit a source's field when it goes away while being typed in.
fn source_commit(id: &SourceId, which: SourceField) -> CommitFn {
    let id = id.clone();
    std::sync::Arc::new(move |map: &StanceMap, text: &str| {
        let mut sources = map.sources.clone();
        let source = sources
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or("the source was removed meanwhile")?;
        set_field(source, which, text)?;
        Ok(Edit::SetSources(sources))
    })
}

/// The id of a field of source `id`.
fn source_field_id(id: &SourceId, which: SourceField) -> Id {
    Id::unique(("map_editor_source_field", &id.0, which.key()))
}
