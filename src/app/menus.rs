//! The menu bar. Menu items push the actions they stand for; the frame performs them once
//! every view has drawn.

use std::path::PathBuf;

use super::actions::Action;
use super::dialogs::Pending;
use super::export::EXPORTS;
use super::session::ThemeChoice;
use super::{SaveTarget, StanceApp};

/// A menu item for `action`: its label, shortcut and tooltip; pushed to `actions` if clicked.
fn clicked(ui: &mut egui::Ui, actions: &mut Vec<Action>, action: Action) {
    if action.menu_button(ui) {
        actions.push(action);
    }
}

impl StanceApp {
    /// File, Edit, View, Time, Present and Help.
    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let mut open_recent = None;
        let mut export = None;
        ui.menu_button("File", |ui| {
            self.file_menu_ui(ui, actions, &mut open_recent, &mut export);
        });
        ui.menu_button("Edit", |ui| self.edit_menu_ui(ui, actions));
        ui.menu_button("View", |ui| self.view_menu_ui(ui, actions));
        ui.menu_button("Time", |ui| {
            clicked(ui, actions, Action::PlayPause);
            clicked(ui, actions, Action::PreviousStop);
            clicked(ui, actions, Action::NextStop);
            clicked(ui, actions, Action::GoToStart);
            clicked(ui, actions, Action::GoToEnd);
        });
        ui.menu_button("Present", |ui| {
            clicked(ui, actions, Action::Present);
        });
        ui.menu_button("Help", |ui| {
            clicked(ui, actions, Action::ShowGuide);
            clicked(ui, actions, Action::GettingStarted);
            clicked(ui, actions, Action::ShowShortcuts);
            clicked(ui, actions, Action::About);
        });
        if let Some(target) = export {
            self.start_export(target);
        }
        if let Some(path) = open_recent {
            self.guard(ui.ctx(), Pending::OpenPath(path));
        }
    }

    /// The File menu; a recent map or an export chosen is left in `open_recent` or `export`.
    fn file_menu_ui(
        &mut self,
        ui: &mut egui::Ui,
        actions: &mut Vec<Action>,
        open_recent: &mut Option<PathBuf>,
        export: &mut Option<SaveTarget>,
    ) {
        clicked(ui, actions, Action::NewMap);
        clicked(ui, actions, Action::Open);
        clicked(ui, actions, Action::OpenArticleMap);
        // Recent maps with the other ways to open one; comparing after them, so the
        // "Stop comparing" that appears while comparing moves nothing above it.
        ui.menu_button("Recent maps", |ui| {
            if let Some(path) = self.recent_maps_ui(ui) {
                *open_recent = Some(path);
            }
        });
        clicked(ui, actions, Action::CompareWith);
        if self.comparison.is_some() {
            clicked(ui, actions, Action::StopComparing);
        }
        if ui
            .button("Open class…")
            .on_hover_text(
                "Open the folder of your students' readings of this map: their median and \
                 spread are drawn with it, and a report says what could not be read",
            )
            .clicked()
        {
            self.choose_class();
        }
        if self.session.class.is_some()
            && ui
                .button("Close class")
                .on_hover_text("Take the class's median and spread away; the map stays")
                .clicked()
        {
            self.close_class();
        }
        ui.separator();
        clicked(ui, actions, Action::Save);
        clicked(ui, actions, Action::SaveAs);
        clicked(ui, actions, Action::SaveView);
        if ui
            .add_enabled(
                self.map.view.is_some(),
                egui::Button::new(Action::ClearSavedView.label()),
            )
            .on_hover_text(Action::ClearSavedView.tooltip())
            .on_disabled_hover_text(
                "This map has no saved view: it opens at the usual place. \
                 Save view with map gives it one.",
            )
            .clicked()
        {
            actions.push(Action::ClearSavedView);
        }
        clicked(ui, actions, Action::ImportIndicator);
        ui.menu_button("Export", |ui| {
            for (target, label, tip) in EXPORTS {
                // A map without measurements keeps the menu it always had.
                if target == SaveTarget::IndicatorsCsv && self.map.indicators.is_empty() {
                    continue;
                }
                // The class summary needs a class; it waits for File › Open class….
                if target == SaveTarget::ClassCsv && self.session.class.is_none() {
                    ui.add_enabled(false, egui::Button::new(label))
                        .on_disabled_hover_text(
                            "No class is open: File › Open class… opens your students' readings",
                        );
                    continue;
                }
                // One export at a time: the others wait until it is done or cancelled.
                if ui
                    .add_enabled(self.jobs.export.is_none(), egui::Button::new(label))
                    .on_hover_text(tip)
                    .on_disabled_hover_text(
                        "Another export is being written: wait for it, or cancel it",
                    )
                    .clicked()
                {
                    *export = Some(target);
                }
            }
        });
        clicked(ui, actions, Action::MakeExercise);
        ui.separator();
        clicked(ui, actions, Action::Quit);
    }

    /// File › Recent maps: the maps opened lately (those no longer there marked and
    /// disabled), and ways to tidy the list. Returns the map clicked, if any.
    fn recent_maps_ui(&mut self, ui: &mut egui::Ui) -> Option<PathBuf> {
        let mut open_recent = None;
        if self.session.recent_files.is_empty() {
            ui.weak("No recent maps");
        }
        let mut any_missing = false;
        for path in &self.session.recent_files {
            let missing = !path.exists();
            any_missing |= missing;
            let mut text = path.display().to_string();
            if missing {
                text.push_str(" (missing)");
            }
            if ui
                .add_enabled(!missing, egui::Button::new(text))
                .on_disabled_hover_text(
                    "This map is no longer where it was: it was moved, renamed or \
                     deleted. \"Remove missing maps\" below takes it off this list.",
                )
                .clicked()
            {
                open_recent = Some(path.clone());
            }
        }
        if !self.session.recent_files.is_empty() {
            ui.separator();
            if ui
                .add_enabled(any_missing, egui::Button::new("Remove missing maps"))
                .on_hover_text("Take the maps marked (missing) off this list")
                .clicked()
            {
                self.session.recent_files.retain(|p| p.exists());
            }
            if ui
                .button("Clear this list")
                .on_hover_text("Empty this list; no map is deleted")
                .clicked()
            {
                self.session.recent_files.clear();
            }
        }
        open_recent
    }

    /// The Edit menu: Undo and Redo name what they undo or redo.
    fn edit_menu_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let undo = self.history.undo_label().map(str::to_owned);
        let redo = self.history.redo_label().map(str::to_owned);
        for (action, label) in [(Action::Undo, undo), (Action::Redo, redo)] {
            let text = label.as_ref().map_or_else(
                || action.label().to_owned(),
                |l| format!("{} {l}", action.label()),
            );
            let mut button = egui::Button::new(text);
            if let Some(shortcut) = action.shortcut() {
                button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
            }
            if ui
                .add_enabled(label.is_some(), button)
                .on_hover_text(action.tooltip())
                .clicked()
            {
                actions.push(action);
            }
        }
        ui.separator();
        clicked(ui, actions, Action::AddKeyframe);
        clicked(ui, actions, Action::DeleteKeyframe);
        ui.separator();
        clicked(ui, actions, Action::EditMap);
        ui.separator();
        clicked(ui, actions, Action::CopyImage);
        clicked(ui, actions, Action::FindInArticle);
    }

    /// The View menu: panels, theme and zoom.
    fn view_menu_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let panels = self.session.panels;
        for (action, on) in [
            (Action::TogglePowersPanel, panels.powers),
            (Action::ToggleEvidencePanel, panels.evidence),
            (Action::ToggleTimeline, panels.timeline),
            (Action::ToggleSourcePanel, panels.source),
            (Action::ToggleDivergencesPanel, panels.divergences),
            (Action::ToggleClassPanel, panels.class),
            (Action::ToggleTheme, self.session.theme == ThemeChoice::Dark),
        ] {
            if action.menu_checkbox(ui, on) {
                actions.push(action);
            }
        }
        ui.checkbox(&mut self.session.panels.story, "Story panel")
            .on_hover_text("Show or hide the presentation's steps, to edit them");
        if self.session.class.is_some() {
            ui.checkbox(&mut self.session.show_class, "Show class")
                .on_hover_text(
                    "Draw the class's median (thin arrow) and spread (the fan and the bands) \
                     with the map",
                );
        }
        ui.separator();
        ui.checkbox(
            &mut self.session.system_file_dialogs,
            "Use the system's file dialogs",
        )
        .on_hover_text(
            "Open, save, compare, import and export with your desktop's own file window. \
             Off: the app's simple file window, which works everywhere.",
        );
        ui.separator();
        clicked(ui, actions, Action::ZoomIn);
        clicked(ui, actions, Action::ZoomOut);
        clicked(ui, actions, Action::ZoomReset);
    }
}
