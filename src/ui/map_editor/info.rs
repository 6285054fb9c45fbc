//! The "Map" tab of the map editor: title, subject, analyst and description.

use egui::{Id, Ui};

use super::{FieldKind, MapEditor, Name};
use crate::model::StanceMap;
use crate::model::edit::Edit;
use crate::ui::changes::Changes;
use crate::ui::field::CommitFn;

impl MapEditor {
    /// The "Map" tab: title, subject, analyst and description.
    pub(super) fn map_ui(&mut self, ui: &mut Ui, map: &StanceMap, changes: &mut Changes) {
        let mut title = map.title.clone();
        let mut subject = map.subject.clone();
        let mut analyst = map.analyst.clone();
        let mut description = map.description.clone();
        egui::Grid::new("map_editor_info")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                for (label, tip, current, edited) in [
                    ("Title", None, &map.title, &mut title),
                    (
                        "Subject",
                        Some("The country whose alignment the map follows"),
                        &map.subject,
                        &mut subject,
                    ),
                    (
                        "Analyst",
                        Some(
                            "Who made this reading of the sources: every strength in the map \
                             is their judgement. Shown on handouts and when maps are compared.",
                        ),
                        &map.analyst,
                        &mut analyst,
                    ),
                ] {
                    let mut response = ui.label(label);
                    if let Some(tip) = tip {
                        response = response.on_hover_text(tip);
                    }
                    let (_, new) = self.text_field(
                        ui,
                        Id::unique("map_editor_info").with(label),
                        current,
                        Name::By(response.id),
                        FieldKind::Line(360.0),
                        || map_info_commit(label),
                    );
                    if let Some(new) = new {
                        *edited = new;
                    }
                    ui.end_row();
                }
            });
        ui.add_space(4.0);
        let label = ui.label("Description").id;
        let (_, new) = self.text_field(
            ui,
            Id::unique("map_editor_description"),
            &map.description,
            Name::By(label),
            FieldKind::Lines(6),
            || map_info_commit("Description"),
        );
        if let Some(new) = new {
            description = new;
        }
        if (&title, &subject, &analyst, &description)
            != (&map.title, &map.subject, &map.analyst, &map.description)
        {
            changes.edit(Edit::SetMapInfo {
                title,
                subject,
                analyst,
                description,
            });
        }
    }
}

/// How to commit the map's title, subject, analyst or description (by its label) when its
/// field goes away while being typed in.
fn map_info_commit(label: &'static str) -> CommitFn {
    std::sync::Arc::new(move |map: &StanceMap, text: &str| {
        let mut info = [
            map.title.clone(),
            map.subject.clone(),
            map.analyst.clone(),
            map.description.clone(),
        ];
        let slot = ["Title", "Subject", "Analyst", "Description"]
            .iter()
            .position(|l| *l == label)
            .ok_or("no such field")?;
        text.clone_into(&mut info[slot]);
        let [title, subject, analyst, description] = info;
        Ok(Edit::SetMapInfo {
            title,
            subject,
            analyst,
            description,
        })
    })
}
