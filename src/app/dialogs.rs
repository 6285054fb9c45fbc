//! Dialogs and questions: the file dialog and what it was opened for, "save your changes?",
//! "the file changed on disk", "replace the read-only file?", "restore unsaved work?", and
//! the keyboard shortcuts and About windows.

use std::path::{Path, PathBuf};

use crate::model::display_safe;
use crate::recovery;
use crate::storage;
use crate::storage::import::{ParsedCsv, read_indicator_csv};
use crate::ui::file_dialog::{FileDialog, FileDialogMode, FileDialogResult};
use crate::ui::import_indicator::{ImportAnswer, ImportIndicatorDialog, ImportRows};
use crate::ui::new_map::{NewMapAnswer, NewMapDialog};

use super::actions::Action;
use super::native_dialog::{self, NativeDialog, NativeOutcome};
use super::{Origin, SaveTarget, StanceApp, display_name};

/// Something the user asked for that would throw away unsaved changes, held until they answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Close the window.
    Quit,
    /// Show the Open dialog.
    OpenDialog,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open the article's map.
    OpenArticle,
    /// Ask for a new map's subject, powers and dates (File › New map…).
    NewMap,
}

/// What the file dialog was opened for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DialogPurpose {
    /// A map to open in place of the open one.
    Open,
    /// A map to compare the open one with.
    Compare,
    /// Where to save the map or write an export.
    Save(SaveTarget),
    /// A CSV file to import as a measured indicator.
    ImportIndicator,
    /// A folder of readings (or one reading) to open as a class.
    OpenClass,
}

/// The file dialog while it is open, with what it was opened for.
pub(super) struct ActiveFileDialog {
    /// The dialog.
    pub(super) dialog: FileDialog,
    /// What a chosen file is for.
    pub(super) purpose: DialogPurpose,
}

/// The dialogs' and questions' state (the two questions that are public,
/// `unsaved_prompt` and `overwrite_prompt`, are fields of [`StanceApp`]).
#[derive(Default)]
pub(super) struct Dialogs {
    /// The file dialog, while it is open.
    pub(super) file: Option<ActiveFileDialog>,
    /// The read-only file the question "Replace it anyway?" is about, while it is open.
    pub(super) read_only: Option<PathBuf>,
    /// What waits on the map being saved (a close, an open), asked for from "save your
    /// changes?"; dropped when the save is cancelled or fails.
    pub(super) after_save: Option<Pending>,
    /// Whether the keyboard shortcuts window is open.
    pub(super) shortcuts: bool,
    /// Whether the About window is open.
    pub(super) about: bool,
    /// Whether Help › Guide is open.
    pub(super) guide: bool,
    /// The New map dialog, while it is open.
    pub(super) new_map: Option<NewMapDialog>,
    /// "Your name", asked before an exercise without an analyst is first saved, while it is
    /// open: the name typed so far and the save to go on with.
    pub(super) student_name: Option<(String, Action)>,
    /// The name typed into "Your name" before it was cancelled, offered again next time.
    pub(super) student_name_draft: String,
    /// The student's name given in "Your name" while Save as (to the exercise's file name
    /// with the name added) is open: it becomes the analyst only when a file is chosen.
    pub(super) student_name_pending: Option<String>,
    /// The Import indicator dialog, after a CSV file was read, while it is open.
    pub(super) import_indicator: Option<ImportIndicatorDialog>,
    /// The folder of the last map that failed to open: with no map file open, the file
    /// dialogs start there rather than in `saves/`.
    pub(super) tried_folder: Option<PathBuf>,
    /// Where the file dialogs start when nothing else says: `saves/` beside where the app
    /// runs unless set with [`StanceApp::set_saves_folder`].
    pub(super) saves_folder: Option<PathBuf>,
    /// The system's file dialog while it is open, with the in-app one to show if it cannot be.
    pub(super) native: Option<(NativeDialog, ActiveFileDialog)>,
    /// Whether the system's dialog may be used at all: only in the real window (see
    /// [`StanceApp::allow_system_dialogs`]); tests and benchmarks draw the in-app one.
    pub(super) system_allowed: bool,
    /// Set once a system dialog failed to open: the rest of the run uses the in-app one.
    pub(super) system_failed: bool,
    /// The report on the class last opened, while its window is open.
    pub(super) class_report: Option<super::class::ClassReport>,
}

impl StanceApp {
    /// Do `pending` now, or first ask about unsaved changes.
    pub fn guard(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.is_dirty() || !crate::ui::field::waiting(ctx).is_empty() {
            self.unsaved_prompt = Some(pending);
        } else {
            self.run_pending(ctx, pending);
        }
    }

    /// Do what waited on an answer (or on a save).
    pub(super) fn run_pending(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::OpenDialog => {
                self.show_file_dialog(ActiveFileDialog {
                    dialog: FileDialog::new(
                        FileDialogMode::Open,
                        self.dialog_folder(),
                        String::new(),
                    ),
                    purpose: DialogPurpose::Open,
                });
            }
            Pending::OpenPath(path) => self.open_in_background(&path),
            Pending::OpenArticle => self.open_article_map(),
            Pending::NewMap => self.dialogs.new_map = Some(NewMapDialog::new()),
        }
    }

    /// Let the file dialogs start in `folder` instead of `saves/` beside where the app runs
    /// (tests give each run a folder of its own, so they never touch the checkout's).
    pub fn set_saves_folder(&mut self, folder: PathBuf) {
        self.dialogs.saves_folder = Some(folder);
    }

    /// Let the real window use the system's file dialog, unless `STANCE_MAP_FILE_DIALOG`
    /// says `in-app` (see [`native_dialog::use_system_dialog`]).
    pub fn allow_system_dialogs(&mut self) {
        self.dialogs.system_allowed = true;
    }

    /// The saves folder: the one set, else `saves/` where the app runs if it exists there
    /// (run from the project), else none.
    fn saves_folder(&self) -> Option<PathBuf> {
        if let Some(folder) = &self.dialogs.saves_folder {
            // Best effort: if it cannot be created, the dialog says the folder cannot be listed.
            let _ = std::fs::create_dir_all(folder);
            return Some(folder.clone());
        }
        let saves = std::env::current_dir().ok()?.join("saves");
        saves.is_dir().then_some(saves)
    }

    /// Where a file dialog starts (see [`native_dialog::start_folder`]).
    pub(super) fn dialog_folder(&self) -> PathBuf {
        let beside_map = match &self.origin {
            Origin::File(path) => path.parent(),
            Origin::Article | Origin::Empty | Origin::New => None,
        };
        native_dialog::start_folder(
            beside_map,
            self.dialogs.tried_folder.as_deref(),
            self.session.last_folder.as_deref(),
            self.saves_folder().as_deref(),
            native_dialog::documents_folder().as_deref(),
        )
    }

    /// Show a file dialog: the system's, unless it may not be used (see
    /// [`native_dialog::use_system_dialog`]), else the in-app one.
    pub(super) fn show_file_dialog(&mut self, active: ActiveFileDialog) {
        let env = std::env::var(native_dialog::FILE_DIALOG_ENV).ok();
        if native_dialog::use_system_dialog(
            self.dialogs.system_allowed,
            env.as_deref(),
            self.session.system_file_dialogs,
            self.dialogs.system_failed,
        ) {
            let native = NativeDialog::open(&active.dialog);
            self.dialogs.native = Some((native, active));
        } else {
            self.dialogs.file = Some(active);
        }
    }

    /// Whether the system's file dialog is open (the window waits for it).
    pub fn system_dialog_open(&self) -> bool {
        self.dialogs.native.is_some()
    }

    /// Every dialog and question that is open, one after the other.
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        self.file_dialog_ui(ctx);
        self.shortcuts_ui(ctx);
        self.about_ui(ctx);
        crate::ui::guide::show(ctx, &mut self.dialogs.guide);
        self.new_map_ui(ctx);
        self.import_indicator_ui(ctx);
        self.student_name_ui(ctx);
        self.class_report_ui(ctx);
        if crate::ui::getting_started::getting_started_ui(
            ctx,
            &self.map,
            self.session.show_getting_started,
        ) {
            self.session.show_getting_started = false;
        }
        self.unsaved_prompt_ui(ctx);
        self.overwrite_prompt_ui(ctx);
        self.read_only_prompt_ui(ctx);
        self.recovery_offer_ui(ctx);
    }

    /// Whether a dialog or question is open: the keys of the actions wait until it is gone.
    pub(super) fn modal_open(&self) -> bool {
        self.unsaved_prompt.is_some()
            || self.dialogs.file.is_some()
            || self.dialogs.native.is_some()
            || self.dialogs.new_map.is_some()
            || self.dialogs.import_indicator.is_some()
            || self.overwrite_prompt
            || self.dialogs.read_only.is_some()
            || !self.recovery_offers.is_empty()
    }

    /// The system's file dialog, while it is open: its answer, or the in-app dialog in its
    /// place when it could not be shown.
    fn native_dialog_ui(
        &mut self,
        ctx: &egui::Context,
    ) -> Option<(DialogPurpose, FileDialogResult)> {
        let (native, _) = self.dialogs.native.as_ref()?;
        match native.poll() {
            NativeOutcome::Waiting => {
                // Keep drawing (and polling) while the other window is open; the map waits
                // behind a note, so nothing else is started meanwhile.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
                egui::Modal::new(egui::Id::unique("system_file_dialog")).show(ctx, |ui| {
                    ui.label("Choose a file in the file window, or close it to go back.");
                });
                None
            }
            NativeOutcome::Failed => {
                let (_, active) = self.dialogs.native.take()?;
                self.dialogs.system_failed = true;
                self.dialogs.file = Some(active);
                None
            }
            NativeOutcome::Cancelled => {
                let (_, active) = self.dialogs.native.take()?;
                Some((active.purpose, FileDialogResult::Cancelled))
            }
            NativeOutcome::Chosen(mut path) => {
                let (_, active) = self.dialogs.native.take()?;
                // As in the in-app dialog: a name saved without its kind gets it.
                if active.dialog.mode() == FileDialogMode::Save
                    && path.extension().is_none()
                    && let Some(extension) = active.dialog.extensions().first()
                {
                    path.set_extension(extension);
                }
                Some((active.purpose, FileDialogResult::Chosen(path)))
            }
        }
    }

    /// The file dialog, and on a choice what it was opened for.
    fn file_dialog_ui(&mut self, ctx: &egui::Context) {
        let answer = if self.dialogs.native.is_some() {
            self.native_dialog_ui(ctx)
        } else if let Some(active) = &mut self.dialogs.file {
            let purpose = active.purpose;
            match active.dialog.show(ctx) {
                FileDialogResult::Pending => None,
                result => {
                    self.dialogs.file = None;
                    Some((purpose, result))
                }
            }
        } else {
            None
        };
        let Some((purpose, result)) = answer else {
            return;
        };
        match result {
            FileDialogResult::Pending | FileDialogResult::Cancelled => {}
            FileDialogResult::Chosen(path) => {
                if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                    self.session.last_folder = Some(folder.to_owned());
                }
                match purpose {
                    DialogPurpose::Compare => self.compare_in_background(&path),
                    DialogPurpose::Open => self.open_in_background(&path),
                    DialogPurpose::ImportIndicator => self.read_indicator_file(&path),
                    DialogPurpose::OpenClass => self.open_class_in_background(&[path]),
                    DialogPurpose::Save(SaveTarget::Map) => {
                        if let Some(name) = self.dialogs.student_name_pending.take() {
                            self.set_analyst(name);
                        }
                        self.save_to(&path);
                        if !self.is_dirty()
                            && let Some(pending) = self.dialogs.after_save.take()
                        {
                            self.run_pending(ctx, pending);
                        }
                    }
                    DialogPurpose::Save(target) => self.export_in_background(target, &path),
                }
            }
        }
        if self.dialogs.file.is_none()
            && self.dialogs.native.is_none()
            && matches!(purpose, DialogPurpose::Save(_))
            && self.is_dirty()
            && self.dialogs.read_only.is_none()
        {
            // Saving was cancelled or failed: whatever waited on it does not happen.
            self.dialogs.after_save = None;
        }
        if self.dialogs.file.is_none()
            && self.dialogs.native.is_none()
            && let Some(name) = self.dialogs.student_name_pending.take()
        {
            // Save as was cancelled: the name is offered again next time.
            self.dialogs.student_name_draft = name;
        }
    }

    /// Set the map's analyst (one undo step), keeping its other information.
    fn set_analyst(&mut self, analyst: String) {
        let map = &self.map;
        let edit = crate::model::edit::Edit::SetMapInfo {
            title: map.title.clone(),
            subject: map.subject.clone(),
            analyst,
            description: map.description.clone(),
        };
        self.apply_edit(edit);
    }

    /// Whether saving must first ask the student's name: an exercise whose analyst is blank.
    pub(super) fn needs_student_name(&self) -> bool {
        self.map.exercise && self.map.analyst.trim().is_empty()
    }

    /// Open "Your name" before `then` (Save or Save as) goes on.
    pub(super) fn ask_student_name(&mut self, then: Action) {
        let name = self.dialogs.student_name_draft.clone();
        self.dialogs.student_name = Some((name, then));
    }

    /// "Your name (saved as the map's analyst…)" with a text field, Save (only once a name is
    /// typed) and Cancel. Save sets the analyst (one undo step) and goes on with the save;
    /// Cancel, Escape or a click outside keep the name typed for next time and save nothing.
    fn student_name_ui(&mut self, ctx: &egui::Context) {
        let Some((name, then)) = &mut self.dialogs.student_name else {
            return;
        };
        let then = *then;
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("student_name")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading("Save your reading");
            let label = ui.label(
                "Your name (saved as the map's analyst, so your lecturer can tell the readings \
                 apart)",
            );
            let field = ui
                .add(egui::TextEdit::singleline(name).hint_text("First and last name"))
                .labelled_by(label.id)
                .on_hover_text("Saved in the map as who made this reading");
            let blank = name.trim().is_empty();
            // Asked before focus is given back below, which would hide that Enter left the field.
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            // Ready to type into, with the name typed before (if any) kept.
            if ui.memory(|m| m.focused().is_none()) {
                field.request_focus();
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!blank, egui::Button::new("Save"))
                    .on_hover_text("Save the map with your name as its analyst")
                    .on_disabled_hover_text("Type your name first")
                    .clicked()
                    || (entered && !blank)
                {
                    answer = Some(true);
                }
                if ui
                    .button("Cancel")
                    .on_hover_text(
                        "Back to the map without saving; your name is kept for next time",
                    )
                    .clicked()
                {
                    answer = Some(false);
                }
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(false);
        }
        let Some(save) = answer else { return };
        let Some((name, _)) = self.dialogs.student_name.take() else {
            return;
        };
        if save {
            self.dialogs.student_name_draft.clear();
            let name = name.trim().to_owned();
            if let Origin::File(path) = &self.origin {
                // Every student was handed the same file: each saves a copy of their own,
                // beside it and named after them, rather than writing over the exercise.
                let folder = path
                    .parent()
                    .map_or_else(|| self.dialog_folder(), Path::to_path_buf);
                let suggested = student_file_name(path, &name);
                self.dialogs.student_name_pending = Some(name);
                self.show_file_dialog(ActiveFileDialog {
                    dialog: FileDialog::new(FileDialogMode::Save, folder, suggested),
                    purpose: DialogPurpose::Save(SaveTarget::Map),
                });
                return;
            }
            self.set_analyst(name);
            self.perform(ctx, then);
            // A save that "save your changes?" asked for goes on with what waited on it.
            if !self.is_dirty()
                && let Some(pending) = self.dialogs.after_save.take()
            {
                self.run_pending(ctx, pending);
            }
        } else {
            self.dialogs.student_name_draft = name;
            // Whatever waited on the save does not happen.
            self.dialogs.after_save = None;
        }
    }

    /// Help › Keyboard shortcuts: the editor's and presenter mode's, side by side.
    fn shortcuts_ui(&mut self, ctx: &egui::Context) {
        if !self.dialogs.shortcuts {
            return;
        }
        let modal = egui::Modal::new(egui::Id::unique("shortcuts")).show(ctx, |ui| {
            ui.heading("Keyboard shortcuts");
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() - 140.0)
                .auto_shrink([true, true])
                .min_scrolled_height((ctx.content_rect().height() - 140.0).min(560.0))
                .show(ui, |ui| {
                    // Side by side: the whole list fits a laptop screen without scrolling.
                    ui.horizontal_top(|ui| {
                        ui.vertical(|ui| {
                            ui.strong("In the editor");
                            egui::Grid::new("shortcut_grid")
                                .striped(true)
                                .show(ui, |ui| {
                                    for action in Action::ALL {
                                        if let Some(shortcut) = action.shortcut() {
                                            ui.label(action.label());
                                            ui.monospace(ctx.format_shortcut(&shortcut));
                                            ui.end_row();
                                        }
                                    }
                                    for (what, keys) in crate::ui::compass::COMPASS_KEYS {
                                        ui.label(what);
                                        ui.monospace(keys);
                                        ui.end_row();
                                    }
                                });
                        });
                        ui.add_space(16.0);
                        ui.vertical(|ui| {
                            ui.strong("In presenter mode (F5)");
                            egui::Grid::new("presenter_shortcut_grid")
                                .striped(true)
                                .show(ui, |ui| {
                                    for (what, keys) in crate::ui::presenter::PRESENTER_KEYS {
                                        ui.label(what);
                                        ui.monospace(keys);
                                        ui.end_row();
                                    }
                                    if let Some(shortcut) = Action::CopyImage.shortcut() {
                                        ui.label("Copy the slide as an image");
                                        ui.monospace(ctx.format_shortcut(&shortcut));
                                        ui.end_row();
                                    }
                                });
                        });
                    });
                });
            ui.button("Close").clicked()
        });
        if modal.inner || modal.should_close() {
            self.dialogs.shortcuts = false;
        }
    }

    /// File › New map…: on Create, the new map takes the open one's place, untitled and
    /// unsaved, with a fresh undo history.
    fn new_map_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.dialogs.new_map else {
            return;
        };
        match dialog.show(ctx) {
            NewMapAnswer::Pending => {}
            NewMapAnswer::Cancelled => self.dialogs.new_map = None,
            NewMapAnswer::Create(map) => {
                self.dialogs.new_map = None;
                self.start_new_map(*map);
            }
        }
    }

    /// File › Import indicator…: ask for the CSV file.
    pub(super) fn choose_indicator_file(&mut self) {
        self.show_file_dialog(ActiveFileDialog {
            dialog: FileDialog::new(FileDialogMode::Open, self.dialog_folder(), String::new())
                .for_purpose("Import an indicator from a CSV file", &["csv", "txt"]),
            purpose: DialogPurpose::ImportIndicator,
        });
    }

    /// Read the CSV file chosen to import, and ask about the series; or say why it cannot
    /// be read at all.
    fn read_indicator_file(&mut self, path: &Path) {
        let name = display_name(path);
        match read_indicator_csv(path) {
            Ok(parsed) => {
                let rows = import_rows(&name, parsed);
                self.dialogs.import_indicator = Some(ImportIndicatorDialog::new(
                    &self.map,
                    rows,
                    self.session.selected_power.as_ref(),
                ));
            }
            Err(error) => self.show_error(format!(
                "{} cannot be imported: {error}.",
                display_safe(&name)
            )),
        }
    }

    /// The Import indicator dialog; on Import, its one edit, undone in one step.
    fn import_indicator_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.dialogs.import_indicator else {
            return;
        };
        match dialog.show(ctx, &self.map) {
            ImportAnswer::Pending => {}
            ImportAnswer::Cancelled => self.dialogs.import_indicator = None,
            ImportAnswer::Import { edit, id, points } => {
                self.dialogs.import_indicator = None;
                self.history.begin_group();
                self.history.set_group_label("import indicator".to_owned());
                self.apply_edit(edit);
                self.history.end_group();
                if let Some(indicator) = self.map.indicator(&id) {
                    self.notice = Some(super::Notice::info(format!(
                        "Imported \"{}\" with {points} measured {}. Undo takes it back.",
                        display_safe(&indicator.name),
                        if points == 1 { "value" } else { "values" }
                    )));
                }
            }
        }
    }

    /// Help › About.
    fn about_ui(&mut self, ctx: &egui::Context) {
        if !self.dialogs.about {
            return;
        }
        let modal = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("About stance-map");
            ui.label(
                "stance-map shows how a country's foreign-policy alignment toward several \
                 powers changes over time, and the evidence behind every value. Each \
                 strength is an analyst's judgement of the quoted evidence, not a measurement.",
            );
            ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
            ui.button("Close").clicked()
        });
        if modal.inner || modal.should_close() {
            self.dialogs.about = false;
        }
    }

    /// "The file changed on disk since you opened it" with Overwrite, Save as… and Cancel; or,
    /// when the file is gone (moved, deleted, its folder removed), "The file is no longer
    /// there" with Save there again, Save as… and Cancel. Whatever waited on the save (a
    /// close, an open) goes on once the map is saved, and is dropped on Cancel.
    fn overwrite_prompt_ui(&mut self, ctx: &egui::Context) {
        if !self.overwrite_prompt {
            return;
        }
        let gone = match &self.origin {
            Origin::File(path) => storage::file_stamp(path).is_none(),
            Origin::Article | Origin::Empty | Origin::New => false,
        };
        let label = self.file_label();
        let name = display_safe(&label);
        let question = if gone {
            SaveQuestion {
                heading: "The file is no longer there".to_owned(),
                text: format!(
                    "{name} was moved, renamed or deleted (or its folder was) since you \
                     opened it. Save the map where it was, or somewhere else?"
                ),
                go: "Save there again",
                go_tip: "Write the map where the file was",
            }
        } else {
            SaveQuestion {
                heading: "The file changed on disk".to_owned(),
                text: format!(
                    "{name} was changed by another program since you opened it. Saving \
                     now would replace those changes."
                ),
                go: "Overwrite",
                go_tip: "Replace the file with this map (the old file is kept as .bak)",
            }
        };
        let Some(answer) = question.ask(ctx, "overwrite_prompt") else {
            return;
        };
        self.overwrite_prompt = false;
        match answer {
            SaveAnswer::Go => {
                if let Origin::File(path) = self.origin.clone() {
                    self.save_to(&path);
                }
                let pending = self.dialogs.after_save.take();
                if let Some(pending) = pending.filter(|_| !self.is_dirty()) {
                    self.run_pending(ctx, pending);
                }
            }
            // The Save dialog carries on with (or drops) what waited on the save.
            SaveAnswer::SaveAs => self.perform(ctx, Action::SaveAs),
            SaveAnswer::Cancel => self.dialogs.after_save = None,
        }
    }

    /// "X is read-only. Replace it anyway?" with Replace, Save as… and Cancel. Only Replace
    /// replaces the file: Escape or a click outside cancels.
    fn read_only_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(path) = self.dialogs.read_only.clone() else {
            return;
        };
        let question = SaveQuestion {
            heading: format!(
                "{} is read-only. Replace it anyway?",
                display_safe(&display_name(&path))
            ),
            text: "The file is marked read-only, perhaps to keep it from being changed. \
                   Replacing it writes this map in its place, and the file stays read-only."
                .to_owned(),
            go: "Replace",
            go_tip: "Write this map over the read-only file",
        };
        let Some(answer) = question.ask(ctx, "read_only_prompt") else {
            return;
        };
        self.dialogs.read_only = None;
        match answer {
            SaveAnswer::Go => {
                self.save_map_to(&path, true);
                if !self.is_dirty()
                    && let Some(pending) = self.dialogs.after_save.take()
                {
                    self.run_pending(ctx, pending);
                }
            }
            // Whatever waited on the save waits on the file chosen instead.
            SaveAnswer::SaveAs => self.perform(ctx, Action::SaveAs),
            SaveAnswer::Cancel => self.dialogs.after_save = None,
        }
    }

    /// "Restore unsaved work?" with every copy left by an app that ended without saving:
    /// Restore or Discard for each.
    fn recovery_offer_ui(&mut self, ctx: &egui::Context) {
        if self.recovery_offers.is_empty() {
            return;
        }
        let now = recovery::now_unix_s();
        let describe = |offer: &recovery::Offer| {
            let from = offer.recovered.origin.as_ref().map_or_else(
                || "the built-in map".to_owned(),
                |p| display_safe(&p.display().to_string()).into_owned(),
            );
            (
                format!("\"{}\" ({from})", display_safe(&offer.recovered.map.title)),
                offer.recovered.saved_when_text(now),
            )
        };
        let buttons = |ui: &mut egui::Ui| {
            let mut answer = None;
            ui.horizontal(|ui| {
                if ui
                    .button("Restore")
                    .on_hover_text("Open the unsaved work; save it to keep it")
                    .clicked()
                {
                    answer = Some(true);
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Throw this unsaved work away")
                    .clicked()
                {
                    answer = Some(false);
                }
            });
            answer
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("recovery_offer")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Restore unsaved work?");
            if let [offer] = self.recovery_offers.as_slice() {
                let (what, when) = describe(offer);
                ui.label(format!(
                    "stance-map closed without saving changes to {what}. A copy was kept {when}."
                ));
                ui.add_space(8.0);
                answer = buttons(ui).map(|restore| (0, restore));
                return;
            }
            ui.label(format!(
                "{} copies of unsaved work were kept when stance-map closed without saving. \
                 Restore one to go on with it: the others are kept, and offered again the next \
                 time stance-map starts. Discard the ones you do not need.",
                self.recovery_offers.len()
            ));
            ui.add_space(8.0);
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (i, offer) in self.recovery_offers.iter().enumerate() {
                        ui.separator();
                        let (what, when) = describe(offer);
                        ui.label(format!("{what}, kept {when}."));
                        if let Some(restore) = ui.push_id(i, |ui| buttons(ui)).inner {
                            answer = Some((i, restore));
                        }
                    }
                });
        });
        match answer {
            Some((i, true)) => self.restore_recovery(i),
            Some((i, false)) => self.discard_recovery(i),
            None => {}
        }
    }

    /// "Save changes before …?" with Save, Discard and Cancel.
    fn unsaved_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.unsaved_prompt.clone() else {
            return;
        };
        let what = match &pending {
            Pending::Quit => "closing",
            Pending::OpenDialog | Pending::OpenPath(_) | Pending::OpenArticle => {
                "opening another map"
            }
            Pending::NewMap => "starting a new map",
        };
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("unsaved_prompt")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Unsaved changes");
            if self.is_dirty() {
                ui.label(format!(
                    "\"{}\" has changes that are not saved. Save them before {what}?",
                    display_safe(&self.map.title)
                ));
            }
            for text in crate::ui::field::waiting(ctx) {
                ui.label(format!(
                    "A field still holds text it could not take, \"{}\": it is lost if you go \
                     on. Cancel to correct it.",
                    display_safe(&text)
                ));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if primary_button_ui(ui, "Save", "Save the map, then go on (Enter)").clicked() {
                    answer = Some("save");
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Go on without saving: the changes are lost")
                    .clicked()
                {
                    answer = Some("discard");
                }
                if ui
                    .button("Cancel")
                    .on_hover_text("Go back to the map")
                    .clicked()
                {
                    answer = Some("cancel");
                }
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some("cancel");
        }
        match answer {
            Some("save") => {
                self.unsaved_prompt = None;
                match self.origin.clone() {
                    // An exercise's first save asks the student's name first.
                    _ if self.needs_student_name() => {
                        self.dialogs.after_save = Some(pending);
                        self.ask_student_name(Action::Save);
                    }
                    // As Ctrl+S does: a file changed or removed since it was opened is
                    // only written after the user says so.
                    Origin::File(path) if self.changed_on_disk(&path) => {
                        self.dialogs.after_save = Some(pending);
                        self.overwrite_prompt = true;
                    }
                    Origin::File(path) => {
                        self.save_to(&path);
                        if !self.is_dirty() {
                            self.run_pending(ctx, pending);
                        } else if self.dialogs.read_only.is_some() {
                            // Asked whether to replace the read-only file: go on after.
                            self.dialogs.after_save = Some(pending);
                        }
                    }
                    Origin::Article | Origin::Empty | Origin::New => {
                        self.dialogs.after_save = Some(pending);
                        self.perform(ctx, Action::SaveAs);
                    }
                }
            }
            Some("discard") => {
                self.unsaved_prompt = None;
                // Forget the changes first, so nothing asks again.
                self.saved.state = self.history.state_id();
                self.run_pending(ctx, pending);
            }
            Some(_) => self.unsaved_prompt = None,
            None => {}
        }
    }
}

/// What the dialog shows of a CSV file read for import.
fn import_rows(file_name: &str, parsed: ParsedCsv) -> ImportRows {
    let mut remarks = Vec::new();
    if parsed.delimiter == crate::storage::import::Delimiter::Semicolon {
        remarks.push(format!(
            "Columns separated by {}; a decimal comma (61,43) is read as a number.",
            parsed.delimiter.label()
        ));
    }
    if parsed.newest_first {
        remarks.push(
            "The file lists the newest date first: its rows are taken oldest first.".to_owned(),
        );
    }
    if !parsed.ignored_columns.is_empty() {
        remarks.push(format!(
            "Columns not read: {}.",
            parsed.ignored_columns.join(", ")
        ));
    }
    ImportRows {
        file_name: file_name.to_owned(),
        points: parsed
            .points
            .into_iter()
            .map(|p| crate::model::IndicatorPoint {
                date: p.date,
                value: p.value,
                source: crate::model::SourceId(String::new()),
                note: p.note,
                uncertain: p.uncertain,
            })
            .collect(),
        bad_rows: parsed.bad_rows.iter().map(ToString::to_string).collect(),
        bad_count: parsed.bad_count,
        rows_read: parsed.rows_read,
        remarks,
    }
}

/// The button a question's Enter answers: filled in the selection colour, so it reads as the
/// default, and given the keyboard when nothing in the question has it, so Enter (or Space)
/// presses it while Tab still moves to the others.
fn primary_button_ui(ui: &mut egui::Ui, text: &str, tooltip: &str) -> egui::Response {
    let selection = ui.visuals().selection;
    let button = egui::Button::new(
        egui::RichText::new(text)
            .strong()
            .color(selection.stroke.color),
    )
    .fill(selection.bg_fill);
    let response = ui.add(button).on_hover_text(tooltip);
    if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    response
}

/// A question before saving over a file: go on (the button `go`), save elsewhere, or cancel.
struct SaveQuestion {
    heading: String,
    text: String,
    go: &'static str,
    go_tip: &'static str,
}

/// The answer to a [`SaveQuestion`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SaveAnswer {
    Go,
    SaveAs,
    Cancel,
}

impl SaveQuestion {
    /// Show the question this frame; `Some` once answered. Escape or a click outside is
    /// Cancel: only the `go` button goes on.
    fn ask(&self, ctx: &egui::Context, id: &str) -> Option<SaveAnswer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(&self.heading);
            ui.label(&self.text);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(self.go).on_hover_text(self.go_tip).clicked() {
                    answer = Some(SaveAnswer::Go);
                }
                if ui
                    .button("Save as…")
                    .on_hover_text("Save this map to another file")
                    .clicked()
                {
                    answer = Some(SaveAnswer::SaveAs);
                }
                if ui.button("Cancel").on_hover_text("Do not save").clicked() {
                    answer = Some(SaveAnswer::Cancel);
                }
            });
        });
        answer.or_else(|| modal.should_close().then_some(SaveAnswer::Cancel))
    }
}

/// The file a student's reading of the exercise at `exercise` is suggested to be saved as:
/// `<stem>-<name>.ron`, the name made safe for a file name (`reading-ana-petrovic.ron`).
pub(super) fn student_file_name(exercise: &Path, name: &str) -> String {
    let stem = exercise.file_stem().map_or_else(
        || "reading".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let name = crate::model::id_from_text(name).replace('_', "-");
    if name.is_empty() {
        format!("{stem}.ron")
    } else {
        format!("{stem}-{name}.ron")
    }
}
