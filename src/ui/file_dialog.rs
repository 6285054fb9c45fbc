//! An in-app file dialog, drawn with egui itself.
//!
//! Native dialogs (rfd) need GTK or an XDG desktop portal on Linux, which a virtual display or
//! a bare lecture-hall machine may not have, and they cannot be driven by UI tests. This dialog
//! works the same on Linux, Windows and macOS, in Xvfb, and under `egui_kittest`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What the dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileDialogMode {
    /// Choose an existing map to open.
    Open,
    /// Choose where to save the map.
    Save,
}

/// One entry of the folder listing.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// The name as shown: a byte that is not text (a name that is not UTF-8) shows as `?`.
    name: String,
    /// The name itself, which opens the file whatever its bytes.
    os_name: OsString,
    is_dir: bool,
}

/// What happened in the dialog this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileDialogResult {
    /// Still open.
    Pending,
    /// The user closed it without choosing.
    Cancelled,
    /// The user chose this file.
    Chosen(PathBuf),
}

/// A modal dialog listing one folder's subfolders and `.ron` files, with a file-name field.
#[derive(Debug)]
pub struct FileDialog {
    mode: FileDialogMode,
    folder: PathBuf,
    file_name: String,
    entries: Vec<Entry>,
    listing_error: Option<String>,
    /// The name field takes the keyboard, with its text selected, when the dialog opens.
    focus_name: bool,
    /// The heading; by default it follows the mode ("Open a map", "Save the map as").
    title: String,
    /// The kinds of file listed, by extension, lower case; folders are always listed.
    extensions: &'static [&'static str],
    /// When and where the last click in the listing entered a folder. If the next click
    /// follows at that place within a double-click's time, it is that double-click's second
    /// click: it belongs to the folder, not to whatever now lies under the pointer.
    entered_by_click: Option<(f64, egui::Pos2)>,
    /// Saving over this existing file waits for the user to say "Replace".
    confirm_replace: Option<PathBuf>,
    /// The name the dialog suggested, put back after a typed folder name is entered.
    suggested_name: String,
    /// The file last clicked in the listing, by its real name: chosen while the name field
    /// still shows its (lossy) name, so a name that is not UTF-8 opens too.
    clicked: Option<OsString>,
    /// The keys of the listing: see [`ListKeys`].
    keys: ListKeys,
    /// Whether the folder shown may be chosen ("Choose this folder"), as well as a file.
    folder_choice: bool,
}

/// The listing by keyboard: Up and Down (wherever the keyboard is in the dialog: the name
/// field, a button, nowhere) move the selection and the keyboard along the rows; on a row,
/// Enter opens the file or enters the folder; outside the name field, Backspace goes to the
/// folder above (an empty folder has no row to be on). A file moved to fills in the name, as
/// a click does.
#[derive(Debug, Default)]
struct ListKeys {
    /// The row the keyboard is on (an index into the entries), if any.
    row: Option<usize>,
    /// Give that row the keyboard when it is drawn.
    focus_row: bool,
    /// Whether a row had the keyboard last frame.
    on_row: bool,
}

/// A file's name as shown: a byte that is not text (a name that is not UTF-8) shows as `?`,
/// as file managers show it (the replacement character is not in every font the app draws
/// with).
fn shown_name(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().replace('\u{FFFD}', "?")
}

/// What the listing shows when no file of the kinds listed is in the folder.
fn nothing_here(extensions: &[&str]) -> String {
    match extensions {
        [] => "No folders here.".to_owned(),
        ["ron"] => "No maps (.ron files) in this folder.".to_owned(),
        kinds => format!(
            "No {} files in this folder.",
            kinds
                .iter()
                .map(|k| format!(".{k}"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

impl FileDialog {
    /// A dialog showing `folder`, with `file_name` filled in (for saving).
    pub fn new(mode: FileDialogMode, folder: PathBuf, file_name: String) -> Self {
        let title = match mode {
            FileDialogMode::Open => "Open a map",
            FileDialogMode::Save => "Save the map as",
        };
        let mut dialog = Self {
            mode,
            folder,
            file_name: file_name.clone(),
            entries: Vec::new(),
            listing_error: None,
            focus_name: true,
            title: title.to_owned(),
            extensions: &["ron"],
            entered_by_click: None,
            confirm_replace: None,
            suggested_name: file_name,
            clicked: None,
            keys: ListKeys::default(),
            folder_choice: false,
        };
        dialog.refresh();
        dialog
    }

    /// The same dialog for another purpose: its heading, and the kinds of file it lists (by
    /// extension; none lists only folders).
    #[must_use]
    pub fn for_purpose(mut self, title: &str, extensions: &'static [&'static str]) -> Self {
        title.clone_into(&mut self.title);
        self.extensions = extensions;
        self.refresh();
        self
    }

    /// The same dialog with a "Choose this folder" button: the folder shown is chosen whole
    /// (File › Open class… takes a folder of readings).
    #[must_use]
    pub fn choosing_folder(mut self) -> Self {
        self.folder_choice = true;
        self
    }

    /// Whether the folder shown may be chosen whole.
    pub fn chooses_folder(&self) -> bool {
        self.folder_choice
    }

    /// The heading.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What the dialog is for.
    pub fn mode(&self) -> FileDialogMode {
        self.mode
    }

    /// The folder shown.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The kinds of file listed, by extension (none: only folders).
    pub fn extensions(&self) -> &'static [&'static str] {
        self.extensions
    }

    /// The file name the dialog suggested (for saving).
    pub fn suggested_name(&self) -> &str {
        &self.suggested_name
    }

    fn refresh(&mut self) {
        self.entries.clear();
        self.listing_error = None;
        match std::fs::read_dir(&self.folder) {
            Ok(read_dir) => {
                for entry in read_dir.flatten() {
                    let os_name = entry.file_name();
                    let name = shown_name(&os_name);
                    if name.starts_with('.') {
                        continue;
                    }
                    // `Path::is_dir` follows a symbolic link: a linked folder is a folder.
                    let is_dir = entry.path().is_dir();
                    let lower = name.to_lowercase();
                    let listed = self.extensions.iter().any(|extension| {
                        lower
                            .rsplit_once('.')
                            .is_some_and(|(_, found)| found == *extension)
                    }) || (self.mode == FileDialogMode::Open
                        // The previous version a save keeps: a map too, and the way back.
                        && self.extensions.contains(&"ron")
                        && lower.ends_with(".ron.bak"));
                    if is_dir || listed {
                        self.entries.push(Entry {
                            name,
                            os_name,
                            is_dir,
                        });
                    }
                }
                self.entries
                    .sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
            }
            Err(e) => self.listing_error = Some(format!("Cannot list this folder: {e}")),
        }
    }

    fn enter(&mut self, folder: PathBuf) {
        self.folder = folder;
        self.confirm_replace = None;
        self.keys.row = None;
        self.refresh();
    }

    /// The listing's keys this frame (see [`ListKeys`]); returns a file chosen with Enter.
    fn list_keys(&mut self, ui: &egui::Ui) -> Option<PathBuf> {
        use egui::{Key, Modifiers};
        let on_row = self.keys.on_row;
        // Backspace is the name field's while it has the keyboard.
        let typing = ui.ctx().text_edit_focused();
        let (up, down, enter, back) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                on_row && i.consume_key(Modifiers::NONE, Key::Enter),
                !typing && i.consume_key(Modifiers::NONE, Key::Backspace),
            )
        });
        if (up || down) && !self.entries.is_empty() {
            // Not egui's move of the keyboard to whatever lies above or below.
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            let last = self.entries.len() - 1;
            let row = match (self.keys.row, down) {
                (None, _) => 0,
                (Some(r), true) => (r + 1).min(last),
                (Some(r), false) => r.saturating_sub(1),
            }
            .min(last);
            self.keys.row = Some(row);
            self.keys.focus_row = true;
            if let Some(entry) = self.entries.get(row).filter(|e| !e.is_dir) {
                self.file_name.clone_from(&entry.name);
                self.confirm_replace = None;
            }
        }
        if enter && let Some(entry) = self.keys.row.and_then(|r| self.entries.get(r)) {
            if entry.is_dir {
                let folder = self.folder.join(&entry.name);
                self.enter(folder);
                self.keys.row = (!self.entries.is_empty()).then_some(0);
                self.keys.focus_row = true;
            } else {
                self.file_name.clone_from(&entry.name);
                return self.chosen_path();
            }
        }
        if back && let Some(parent) = self.folder.parent() {
            let left = self
                .folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            let parent = parent.to_owned();
            self.enter(parent);
            // On the folder just left, as file managers do.
            self.keys.row = self
                .entries
                .iter()
                .position(|e| e.is_dir && Some(&e.name) == left.as_ref())
                .or((!self.entries.is_empty()).then_some(0));
            self.keys.focus_row = true;
        }
        None
    }

    /// The user chose `path`. A folder's name (typed, say) goes into that folder, as in
    /// every desktop dialog. Saving over an existing file first asks, and only the "Replace"
    /// button answers.
    fn choose(&mut self, path: PathBuf) -> FileDialogResult {
        let typed = self.folder.join(self.file_name.trim());
        if !self.file_name.trim().is_empty() && typed.is_dir() {
            self.enter(typed);
            self.file_name = match self.mode {
                FileDialogMode::Open => String::new(),
                FileDialogMode::Save => self.suggested_name.clone(),
            };
            self.focus_name = true;
            return FileDialogResult::Pending;
        }
        if self.mode == FileDialogMode::Save && path.is_file() {
            self.confirm_replace = Some(path);
            return FileDialogResult::Pending;
        }
        FileDialogResult::Chosen(path)
    }

    /// Whether a click (its time and place) is the second click of a double-click whose first
    /// click entered the folder shown (`entered`, as in `entered_by_click`). Only the next
    /// click can be: asking again says no.
    fn continues_entering_click(
        entered: &mut Option<(f64, egui::Pos2)>,
        ctx: &egui::Context,
        (time, pos): (f64, Option<egui::Pos2>),
    ) -> bool {
        let (delay, distance) = ctx.options(|o| {
            (
                o.input_options.max_double_click_delay,
                o.input_options.max_click_dist,
            )
        });
        entered.take().is_some_and(|(entered, at)| {
            time - entered < delay && pos.is_some_and(|pos| pos.distance(at) < distance)
        })
    }

    /// The file waiting for "Replace", if any.
    pub fn asks_to_replace(&self) -> Option<&Path> {
        self.confirm_replace.as_deref()
    }

    /// The question asked before saving over `path`.
    fn replace_question(&self, path: &Path) -> String {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        // Maps are saved with the old file kept as NAME.ron.bak; exports are not.
        let kept = if self.extensions == ["ron"] {
            format!(" The file it replaces will be kept as \"{name}.bak\".")
        } else {
            String::new()
        };
        format!("\"{name}\" already exists in this folder. Replace it?{kept}")
    }

    fn chosen_path(&self) -> Option<PathBuf> {
        let name = self.file_name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(clicked) = &self.clicked
            && shown_name(clicked) == self.file_name
        {
            return Some(self.folder.join(clicked));
        }
        let mut path = self.folder.join(name);
        if self.mode == FileDialogMode::Save
            && path.extension().is_none()
            && let Some(extension) = self.extensions.first()
        {
            path.set_extension(extension);
        }
        Some(path)
    }

    /// Draw the dialog; the caller closes it on anything but `Pending`.
    pub fn show(&mut self, ctx: &egui::Context) -> FileDialogResult {
        let mut result = FileDialogResult::Pending;
        let title = self.title.clone();
        let modal = egui::Modal::new(egui::Id::unique("file_dialog")).show(ctx, |ui| {
            ui.set_width(520.0);
            // Before anything is drawn, so the folder and rows shown are those the keys chose.
            let keyed = self.list_keys(ui);
            ui.heading(title);
            ui.horizontal(|ui| {
                let up = ui
                    .add_enabled(self.folder.parent().is_some(), egui::Button::new("⬆ Up"))
                    .on_hover_text("Go to the folder above");
                if up.clicked()
                    && let Some(parent) = self.folder.parent()
                {
                    let parent = parent.to_owned();
                    self.enter(parent);
                }
                ui.label(self.folder.display().to_string());
            });
            ui.separator();
            let mut enter = None;
            let mut chosen = keyed;
            let mut on_row = false;
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if let Some(error) = &self.listing_error {
                        ui.colored_label(ui.visuals().warn_fg_color, error);
                    }
                    if self.entries.is_empty() && self.listing_error.is_none() {
                        ui.weak(nothing_here(self.extensions));
                    }
                    for (index, entry) in self.entries.iter().enumerate() {
                        let text = if entry.is_dir {
                            format!("📁 {}", entry.name)
                        } else if entry.name.to_lowercase().ends_with(".ron")
                            || entry.name.to_lowercase().ends_with(".ron.bak")
                        {
                            format!("🗺 {}", entry.name)
                        } else {
                            format!("📄 {}", entry.name)
                        };
                        let selected = self.keys.row == Some(index)
                            || (!entry.is_dir && entry.name == self.file_name);
                        let response = ui.selectable_label(selected, text);
                        ui.ctx().accesskit_node_builder(response.id, |node| {
                            node.set_selected(selected);
                        });
                        if self.keys.focus_row && self.keys.row == Some(index) {
                            self.keys.focus_row = false;
                            response.request_focus();
                            response.scroll_to_me(None);
                            // The row was drawn without the keyboard: draw it again with it.
                            ui.ctx().request_repaint();
                        }
                        on_row |= response.has_focus();
                        if !response.clicked() {
                            continue;
                        }
                        self.keys.row = Some(index);
                        let click = ui.input(|i| (i.time, i.pointer.interact_pos()));
                        if Self::continues_entering_click(
                            &mut self.entered_by_click,
                            ui.ctx(),
                            click,
                        ) {
                            // The rest of a double-click on the folder just entered.
                        } else if entry.is_dir {
                            enter = Some((self.folder.join(&entry.os_name), click));
                        } else {
                            self.file_name.clone_from(&entry.name);
                            self.clicked = Some(entry.os_name.clone());
                            self.confirm_replace = None;
                            if response.double_clicked() {
                                chosen = self.chosen_path();
                            }
                        }
                    }
                });
            self.keys.on_row = on_row;
            if let Some((folder, (time, pos))) = enter {
                self.enter(folder);
                self.entered_by_click = pos.map(|pos| (time, pos));
            }
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("File name:");
                let mut output = egui::TextEdit::singleline(&mut self.file_name)
                    .desired_width(360.0)
                    .show(ui);
                if std::mem::take(&mut self.focus_name) {
                    // Typing replaces the suggested name, as in every desktop Save dialog.
                    output.response.request_focus();
                    output
                        .state
                        .cursor
                        .set_char_range(Some(egui::text::CCursorRange::select_all(&output.galley)));
                    output.state.store(ui.ctx(), output.response.id);
                }
                let field = output.response.response.clone().labelled_by(label.id);
                if field.changed() {
                    self.confirm_replace = None;
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    chosen = self.chosen_path();
                }
            });
            if let Some(path) = self.confirm_replace.clone() {
                ui.colored_label(ui.visuals().warn_fg_color, self.replace_question(&path));
                ui.horizontal(|ui| {
                    if ui
                        .button("Replace")
                        .on_hover_text("Save over the existing file")
                        .clicked()
                    {
                        result = FileDialogResult::Chosen(path);
                    }
                    if ui.button("Choose another name").clicked() {
                        self.confirm_replace = None;
                        self.focus_name = true;
                    }
                });
            } else {
                ui.horizontal(|ui| {
                    let verb = match self.mode {
                        FileDialogMode::Open => "Open",
                        FileDialogMode::Save => "Save",
                    };
                    let ok = ui.add_enabled(self.chosen_path().is_some(), egui::Button::new(verb));
                    if ok.clicked() {
                        chosen = self.chosen_path();
                    }
                    if self.folder_choice {
                        // A folder typed in the name field is the one meant; else the one shown.
                        let typed = self.folder.join(self.file_name.trim());
                        let folder = if !self.file_name.trim().is_empty() && typed.is_dir() {
                            typed
                        } else {
                            self.folder.clone()
                        };
                        if ui
                            .button("Choose this folder")
                            .on_hover_text(format!(
                                "Open every map in {} together",
                                folder.display()
                            ))
                            .clicked()
                        {
                            result = FileDialogResult::Chosen(folder);
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        result = FileDialogResult::Cancelled;
                    }
                });
            }
            if let Some(path) = chosen {
                result = self.choose(path);
            }
        });
        if modal.should_close() && result == FileDialogResult::Pending {
            result = FileDialogResult::Cancelled;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_first_then_maps_only() {
        let dir = std::env::temp_dir().join(format!("stance-map-dialog-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("b.ron"), "").unwrap();
        std::fs::write(dir.join("a.RON"), "").unwrap();
        std::fs::write(dir.join("notes.txt"), "").unwrap();
        let d = FileDialog::new(FileDialogMode::Open, dir.clone(), String::new());
        let names: Vec<_> = d.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["sub", "a.RON", "b.ron"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn save_adds_the_ron_extension() {
        let mut d = FileDialog::new(
            FileDialogMode::Save,
            PathBuf::from("/nonexistent"),
            "my map".into(),
        );
        assert_eq!(
            d.chosen_path(),
            Some(PathBuf::from("/nonexistent/my map.ron"))
        );
        assert!(d.listing_error.is_some());
        d.file_name = "  ".into();
        assert_eq!(d.chosen_path(), None);
    }
}

#[cfg(test)]
mod purpose_tests {
    use super::*;

    fn names(dialog: &FileDialog) -> Vec<&str> {
        dialog.entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn each_purpose_lists_its_own_kind_of_file_and_names_it() {
        let dir =
            std::env::temp_dir().join(format!("stance-map-dialog-purpose-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for name in [
            "a.ron",
            "a.ron.bak",
            "notes.bak",
            "B.CSV",
            "c.md",
            "d.html",
            "e.txt",
            ".hidden.ron",
            "ron",
        ] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let open = FileDialog::new(FileDialogMode::Open, dir.clone(), String::new());
        assert_eq!(open.title(), "Open a map");
        // The previous version a save keeps is a map too, offered for opening only.
        assert_eq!(names(&open), ["sub", "a.ron", "a.ron.bak"]);
        let save = FileDialog::new(FileDialogMode::Save, dir.clone(), String::new());
        assert_eq!(names(&save), ["sub", "a.ron"]);
        let csv = FileDialog::new(FileDialogMode::Save, dir.clone(), String::new())
            .for_purpose("Export the keyframes as CSV", &["csv"]);
        assert_eq!(csv.title(), "Export the keyframes as CSV");
        assert_eq!(names(&csv), ["sub", "B.CSV"]);
        let handout = FileDialog::new(FileDialogMode::Save, dir.clone(), "notes".into())
            .for_purpose("Export the evidence handout as", &["md", "html"]);
        assert_eq!(names(&handout), ["sub", "c.md", "d.html"]);
        assert_eq!(handout.chosen_path(), Some(dir.join("notes.md")));
        let slides = FileDialog::new(FileDialogMode::Save, dir.clone(), "slides".into())
            .for_purpose("Export the slides into a new folder", &[]);
        assert_eq!(names(&slides), ["sub"]);
        assert_eq!(slides.chosen_path(), Some(dir.join("slides")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_empty_listing_names_what_it_looked_for() {
        assert_eq!(
            nothing_here(&["ron"]),
            "No maps (.ron files) in this folder."
        );
        assert_eq!(
            nothing_here(&["md", "html"]),
            "No .md or .html files in this folder."
        );
        assert_eq!(nothing_here(&[]), "No folders here.");
    }
}
