//! The app window: panels around the compass, the menu bar, the frame loop, and the actions
//! they all share.

pub use crate::ui::{actions, session};

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::article::{ARTICLE_MAP_NAME, ARTICLE_TEXT, article_map};
use crate::model::compare::Comparison;
use crate::model::edit::{Edit, History};
use crate::model::{Date, StanceMap, display_safe, next_stop, previous_stop};
use crate::recovery::{self, Recovered, RecoveryWriter};
use crate::storage;
use crate::ui::changes::{Change, Changes};
use crate::ui::compare::DifferencesView;
use crate::ui::compass::CompassView;
use crate::ui::evidence::evidence_ui;
use crate::ui::file_dialog::{FileDialog, FileDialogMode, FileDialogResult};
use crate::ui::powers::powers_ui;
use crate::ui::presenter::PresenterView;
use crate::ui::source_view::SourceView;
use crate::ui::story_panel::StoryPanel;
use crate::ui::time_controls::time_controls_ui;
use crate::ui::timeline::TimelineView;

use actions::Action;
use session::{Session, ThemeChoice};

/// The key under which eframe persists the session.
const SESSION_KEY: &str = "stance-map-session";

/// Where the open map came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The article's map, embedded in the app; it is never overwritten.
    Article,
    /// A file on disk.
    File(PathBuf),
    /// Nothing could be opened: an empty map.
    Empty,
}

/// A message shown in a banner above the compass until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Error or information.
    pub is_error: bool,
    /// What to tell the user.
    pub text: String,
    /// Set after a drag moved a keyframe's date: the history revision right after the move.
    /// While the map is at that revision the notice offers to undo it; once anything else
    /// changes the map, the notice is out of date and goes.
    pub undo_at: Option<u64>,
}

impl Notice {
    /// Information for the user.
    fn info(text: impl Into<String>) -> Self {
        Self {
            is_error: false,
            text: text.into(),
            undo_at: None,
        }
    }

    /// Something went wrong, and what to do about it.
    fn error(text: impl Into<String>) -> Self {
        Self {
            is_error: true,
            text: text.into(),
            undo_at: None,
        }
    }
}

/// A keyframe being moved along the time axis by a drag: where it started and where it is.
#[derive(Clone, Debug, PartialEq)]
struct DateMove {
    power: crate::model::PowerId,
    from: Date,
    to: Date,
}

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
}

/// What a Save dialog is choosing a file for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveTarget {
    /// The map itself.
    Map,
    /// An evidence handout (Markdown or HTML, by the file's extension).
    Handout,
    /// The keyframes and their evidence as CSV.
    Csv,
    /// One PNG per story step, into a folder.
    Slides,
    /// The compass at the current story step (or date) as SVG.
    Svg,
}

/// The File › Export menu: what, its label, and its tooltip.
const EXPORTS: [(SaveTarget, &str, &str); 4] = [
    (
        SaveTarget::Handout,
        "Evidence handout…",
        "Every keyframe with its reasoning, quotes and citations, and the bibliography, as a printable web page (.html) or as Markdown (.md)",
    ),
    (
        SaveTarget::Csv,
        "Keyframes as CSV…",
        "One row per keyframe and quote, for a spreadsheet",
    ),
    (
        SaveTarget::Slides,
        "Slides (PNG)…",
        "One 1920×1080 image per story step, into a folder",
    ),
    (
        SaveTarget::Svg,
        "Compass as SVG…",
        "The compass at the current story step as vector graphics, sharp on any projector",
    ),
];

/// What Delete says when there is no keyframe to delete.
pub const NOTHING_TO_DELETE: &str = "There is no keyframe here to delete. Click a keyframe's \
                                     dot on the timeline to select it, then press Delete.";

/// A saved-state id no history state has: the map counts as unsaved until it is saved.
const UNSAVED_STATE: u64 = u64::MAX - 1;

/// How long after the last edit a recovery copy is written, in seconds.
pub const RECOVERY_DELAY_S: f64 = 3.0;

/// The whole app: the open map, the session, and the views.
pub struct StanceApp {
    /// The open map.
    pub map: StanceMap,
    /// Where it came from.
    pub origin: Origin,
    /// What the user is looking at.
    pub session: Session,
    /// The banner, if any.
    pub notice: Option<Notice>,
    /// Undo and redo; never saved.
    pub history: History,
    saved_state: u64,
    /// The question "save your changes?" while it is open, with what waits on the answer.
    pub unsaved_prompt: Option<Pending>,
    after_save: Option<Pending>,
    allow_close: bool,
    /// The file as it was when opened or last saved, to notice changes made by others.
    file_stamp: Option<storage::FileStamp>,
    /// The question "the file changed on disk: overwrite?" while it is open.
    pub overwrite_prompt: bool,
    /// The read-only file the question "Replace it anyway?" is about, while it is open.
    read_only_prompt: Option<PathBuf>,
    /// The files saved over since the map was opened: their `.bak` holds them as they were
    /// before, and later saves leave it alone.
    backed_up: Vec<PathBuf>,
    recovery: Option<RecoveryWriter>,
    /// Unsaved work left by apps that ended without saving, offered for restoring (each copy
    /// locked by this app while it is offered).
    pub recovery_offers: Vec<recovery::Offer>,
    /// The map state the recovery copy on disk holds, if there is a copy.
    recovery_copy_state: Option<u64>,
    last_seen_state: u64,
    last_change_time_s: f64,
    compass: CompassView,
    presenter: PresenterView,
    story_panel: StoryPanel,
    timeline: TimelineView,
    source_view: SourceView,
    file_dialog: Option<FileDialog>,
    /// The folder of the last map that failed to open: with no map file open, the file
    /// dialogs start there rather than in `saves/`.
    tried_folder: Option<PathBuf>,
    /// Where the file dialogs start when nothing else says: `saves/` beside where the app
    /// runs unless set with [`StanceApp::set_saves_folder`].
    saves_folder: Option<PathBuf>,
    show_shortcuts: bool,
    show_about: bool,
    show_map_editor: bool,
    map_editor: crate::ui::map_editor::MapEditor,
    save_target: SaveTarget,
    applied_title: String,
    applied_theme: Option<ThemeChoice>,
    applied_zoom: Option<f32>,
    /// A second map overlaid on the open one, with the "Differences" window; see
    /// [`StanceApp::compare_with_path`].
    pub comparison: Option<Comparison>,
    differences: DifferencesView,
    /// Whether the open file dialog picks the comparison rather than a map to open.
    dialog_for_comparison: bool,
    /// The keyframe the current drag is moving to another date, if it is.
    date_move: Option<DateMove>,
}

impl StanceApp {
    /// The app on the article's map, with a fresh session.
    pub fn new_article() -> Self {
        Self::with_session(Session::default(), None)
    }

    /// The app with a session, on `file` or (when `None`) the article's map. A file that
    /// fails to load leaves an empty map and a banner with the error.
    pub fn with_session(session: Session, file: Option<&Path>) -> Self {
        let mut app = Self {
            map: StanceMap::empty(),
            origin: Origin::Empty,
            session,
            notice: None,
            history: History::new(),
            saved_state: 0,
            unsaved_prompt: None,
            after_save: None,
            allow_close: false,
            file_stamp: None,
            overwrite_prompt: false,
            read_only_prompt: None,
            backed_up: Vec::new(),
            recovery: None,
            recovery_offers: Vec::new(),
            recovery_copy_state: None,
            last_seen_state: 0,
            last_change_time_s: 0.0,
            compass: CompassView::default(),
            presenter: PresenterView::default(),
            story_panel: StoryPanel::default(),
            timeline: TimelineView::default(),
            source_view: SourceView::default(),
            file_dialog: None,
            tried_folder: None,
            saves_folder: None,
            show_shortcuts: false,
            show_about: false,
            show_map_editor: false,
            map_editor: crate::ui::map_editor::MapEditor::default(),
            save_target: SaveTarget::Map,
            applied_title: String::new(),
            applied_theme: None,
            applied_zoom: None,
            comparison: None,
            differences: DifferencesView::default(),
            dialog_for_comparison: false,
            date_move: None,
        };
        match file {
            Some(path) => {
                app.open_path(path);
            }
            None => app.open_article_map(),
        }
        app
    }

    /// The app on a map that is already in memory (generated, or built by a test).
    pub fn from_map(map: StanceMap) -> Self {
        let mut app = Self::with_session(Session::default(), None);
        app.replace_map(map, Origin::Empty);
        app
    }

    /// The app as eframe creates it: the persisted session, then the map.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<&Path>) -> Self {
        let mut app = Self::with_session(Self::stored_session(cc.storage), file);
        if let Some(dir) = recovery::recovery_dir() {
            app.enable_recovery(dir);
        }
        app
    }

    /// The session eframe kept from the last run (see [`eframe::App::save`]), or a fresh one.
    pub fn stored_session(storage: Option<&dyn eframe::Storage>) -> Session {
        storage
            .and_then(|s| eframe::get_value::<Session>(s, SESSION_KEY))
            .unwrap_or_default()
    }

    /// Keep recovery copies of unsaved work in `dir`, in a copy of this app's own, and offer
    /// every copy left there by an app that is gone. Copies of apps still running are left
    /// alone: never offered, replaced or deleted.
    pub fn enable_recovery(&mut self, dir: impl AsRef<Path>) {
        let dir = dir.as_ref();
        // This app's own copy is claimed first, under a name no other app has.
        match RecoveryWriter::start(dir) {
            Ok(writer) => self.recovery = Some(writer),
            Err(error) => {
                eprintln!("stance-map: copies of unsaved work cannot be kept: {error}");
            }
        }
        let found = recovery::find_offers(dir);
        self.recovery_offers = found.offers;
        if found.unreadable.is_empty() {
            return;
        }
        let aside = |path: &Option<PathBuf>| {
            path.as_ref().and_then(|p| p.file_name()).map_or_else(
                || "it could not be moved, and was left where it is".to_owned(),
                |name| format!("it was set aside as \"{}\"", name.to_string_lossy()),
            )
        };
        let text = if let [(path, error)] = found.unreadable.as_slice() {
            format!(
                "A recovery copy of unsaved work was found but cannot be read, so {}. {error}",
                aside(path)
            )
        } else {
            let each: Vec<String> = found
                .unreadable
                .iter()
                .map(|(path, error)| format!("{error} ({})", aside(path)))
                .collect();
            format!(
                "{} recovery copies of unsaved work were found but cannot be read, so they were set aside.\n{}",
                found.unreadable.len(),
                each.join("\n")
            )
        };
        // Keep an error already shown (a map that failed to open) above this one.
        let text = match self.notice.take() {
            Some(notice) if notice.is_error => format!("{}\n{text}", notice.text),
            _ => text,
        };
        self.show_error(text);
    }

    /// Where this app's recovery copy is written (`None`: copies are not kept).
    pub fn recovery_copy_path(&self) -> Option<&Path> {
        self.recovery.as_ref().map(RecoveryWriter::path)
    }

    /// Restore the offered copy at `index` (it stays unsaved until the user saves it). The
    /// copy becomes this app's own; the other copies offered stay on disk, for the next start.
    pub fn restore_recovery(&mut self, index: usize) {
        if index >= self.recovery_offers.len() {
            return;
        }
        let mut offers = std::mem::take(&mut self.recovery_offers);
        let recovery::Offer { recovered, orphan } = offers.remove(index);
        let others = offers.len();
        // Let go of the others' locks: the next app that starts offers them.
        drop(offers);
        let origin = recovered.origin.map_or(Origin::Article, Origin::File);
        self.replace_map(recovered.map, origin);
        // The restored work is not saved anywhere yet: mark it so.
        self.saved_state = UNSAVED_STATE;
        if let Some(writer) = &self.recovery {
            // The copy moves to this app's name: it holds exactly this map until the next
            // edit or save.
            writer.adopt(orphan);
            self.recovery_copy_state = Some(self.history.state_id());
        } else {
            // No copy of this app's own: the old copy stays (offered again later), and
            // nothing is lost.
            drop(orphan);
        }
        let kept = match others {
            0 => String::new(),
            1 => " 1 other copy is kept; it is offered the next time stance-map starts.".to_owned(),
            n => format!(
                " {n} other copies are kept; they are offered the next time stance-map starts."
            ),
        };
        self.notice = Some(Notice::info(format!(
            "Your unsaved work was restored. Save it to keep it.{kept}"
        )));
    }

    /// Throw away the offered copy at `index`: that copy only is deleted.
    pub fn discard_recovery(&mut self, index: usize) {
        if index < self.recovery_offers.len() {
            self.recovery_offers.remove(index).orphan.discard();
        }
    }

    /// Write or clear the recovery copy as the map's state calls for. Never blocks.
    fn keep_recovery_copy(&mut self, now_s: f64) {
        let state = self.history.state_id();
        if state != self.last_seen_state {
            self.last_seen_state = state;
            self.last_change_time_s = now_s;
        }
        let Some(writer) = &self.recovery else {
            return;
        };
        if !self.is_dirty() {
            if self.recovery_copy_state.take().is_some() {
                writer.clear();
            }
            return;
        }
        if self.recovery_copy_state != Some(state)
            && !self.history.in_group()
            && now_s - self.last_change_time_s >= RECOVERY_DELAY_S
        {
            writer.write(Recovered {
                saved_at_unix_s: recovery::now_unix_s(),
                origin: match &self.origin {
                    Origin::File(path) => Some(path.clone()),
                    Origin::Article | Origin::Empty => None,
                },
                map: self.map.clone(),
            });
            self.recovery_copy_state = Some(state);
        }
    }

    fn replace_map(&mut self, map: StanceMap, origin: Origin) {
        self.map = map;
        self.origin = origin;
        self.history.clear();
        self.saved_state = self.history.state_id();
        self.backed_up.clear();
        self.file_stamp = match &self.origin {
            Origin::File(path) => storage::file_stamp(path),
            Origin::Article | Origin::Empty => None,
        };
        self.session.playing = false;
        self.session.highlighted_quote = None;
        self.session.fit_to(&self.map);
    }

    /// Open the article's map.
    pub fn open_article_map(&mut self) {
        match article_map() {
            Ok(map) => {
                self.replace_map(map, Origin::Article);
                self.notice = None;
            }
            Err(error) => self.show_error(format!("The article's map is damaged: {error}")),
        }
    }

    /// Open a map file. On failure the open map stays as it is and a banner says why.
    pub fn open_path(&mut self, path: &Path) -> bool {
        // Remembered in full: `stance-map map.ron` must still name the same file, and give the
        // file dialog a folder, whatever the working directory later is.
        let path = &absolute(path);
        match storage::open_path(path) {
            Ok(loaded) => {
                self.replace_map(loaded.map, Origin::File(path.to_owned()));
                self.session.remember_file(path.to_owned());
                // Say so when an older file was upgraded: saving will write the new format,
                // and the person who sent it may have an older stance-map.
                self.notice = loaded.upgrade.map(|upgrade| {
                    Notice::info(format!(
                        "Opened {}. {}",
                        display_name(path),
                        upgrade.describe()
                    ))
                });
                true
            }
            Err(error) => {
                self.show_error(format!("Could not open the map. {error}"));
                // The file dialogs start beside it: its folder is where the user's maps are.
                self.tried_folder = path.parent().map(Path::to_owned);
                false
            }
        }
    }

    /// Load `path` as the comparison: a second map drawn behind the open one, with its
    /// differences listed. On failure a banner says why, and the open map and any comparison
    /// already shown stay as they are.
    pub fn compare_with_path(&mut self, path: &Path) -> bool {
        match storage::load_path(path) {
            Ok(map) => {
                let name = reading_name(&display_name(path), &map.analyst);
                self.comparison = Some(Comparison {
                    map: std::sync::Arc::new(map),
                    name,
                });
                self.session.comparison = self.comparison.as_ref().map(|c| c.map.clone());
                self.notice = None;
                true
            }
            Err(error) => {
                self.show_error(format!("Could not open the map to compare with. {error}"));
                false
            }
        }
    }

    /// Remove the comparison, if any.
    pub fn stop_comparing(&mut self) {
        self.comparison = None;
        self.session.comparison = None;
    }

    fn save_to(&mut self, path: &Path) {
        self.save_map_to(path, false);
    }

    /// Save the map to `path`. The first save over a file after the map was opened keeps the
    /// file as it was in `NAME.ron.bak`; later saves leave that alone, unless someone else
    /// changed the file in between. A read-only file is replaced only with
    /// `replace_read_only`: else the user is asked.
    fn save_map_to(&mut self, path: &Path, replace_read_only: bool) {
        let path = &absolute(path);
        let changed_elsewhere = self.origin == Origin::File(path.to_owned())
            && storage::file_stamp(path) != self.file_stamp;
        let options = storage::SaveOptions {
            backup: changed_elsewhere || !self.backed_up.contains(path),
            replace_read_only,
        };
        match storage::save_with(&self.map, path, options) {
            Ok(()) => {
                if !self.backed_up.contains(path) {
                    self.backed_up.push(path.to_owned());
                }
                self.origin = Origin::File(path.to_owned());
                self.saved_state = self.history.state_id();
                self.file_stamp = storage::file_stamp(path);
                self.session.remember_file(path.to_owned());
                self.notice = Some(Notice::info(format!("Saved to {}", path.display())));
            }
            Err(storage::StorageError::ReadOnly { .. }) => {
                self.read_only_prompt = Some(path.to_owned());
            }
            Err(error) => self.show_error(format!("Could not save the map. {error}")),
        }
    }

    fn show_error(&mut self, text: String) {
        self.notice = Some(Notice::error(text));
    }

    /// The compass view, for tests and benchmarks that need its geometry.
    pub fn compass(&self) -> &CompassView {
        &self.compass
    }

    /// Ask where to write an export of the map.
    pub fn start_export(&mut self, target: SaveTarget) {
        let stem = match &self.origin {
            Origin::File(path) => path
                .file_stem()
                .map_or_else(|| "map".to_owned(), |s| s.to_string_lossy().into_owned()),
            Origin::Article => "serbia".to_owned(),
            Origin::Empty => "map".to_owned(),
        };
        let name = match target {
            SaveTarget::Map => format!("{stem}.ron"),
            // A web page opens in any browser and prints; Markdown is for those who ask.
            SaveTarget::Handout => format!("{stem}-handout.html"),
            SaveTarget::Csv => format!("{stem}-keyframes.csv"),
            SaveTarget::Slides => format!("{stem}-slides"),
            SaveTarget::Svg => format!("{stem}-compass.svg"),
        };
        let (title, extensions): (&str, &'static [&'static str]) = match target {
            SaveTarget::Map => ("Save the map as", &["ron"]),
            SaveTarget::Handout => (
                "Export the evidence handout as a web page (.html) or Markdown (.md)",
                &["html", "md"],
            ),
            SaveTarget::Csv => ("Export the keyframes as CSV", &["csv"]),
            SaveTarget::Slides => ("Export the slides into a new folder", &[]),
            SaveTarget::Svg => ("Export the compass as SVG", &["svg"]),
        };
        self.save_target = target;
        self.file_dialog = Some(
            FileDialog::new(FileDialogMode::Save, self.dialog_folder(), name)
                .for_purpose(title, extensions),
        );
    }

    /// Write an export and say in the banner what was written, or why not.
    pub fn export_to(&mut self, target: SaveTarget, path: &Path) {
        let mut path = path.to_owned();
        let result: Result<String, String> = match target {
            SaveTarget::Map => {
                self.save_to(&path);
                return;
            }
            SaveTarget::Handout => {
                if path.extension().is_some_and(|e| e == "ron") {
                    path.set_extension("md");
                }
                crate::export::write_handout(&self.map, &path)
                    .map(|format| {
                        format!(
                            "Wrote the evidence handout ({}) to {}",
                            format.label(),
                            path.display()
                        )
                    })
                    .map_err(|e| e.to_string())
            }
            SaveTarget::Csv => {
                path.set_extension("csv");
                crate::export::write_csv(&self.map, &path)
                    .map(|()| format!("Wrote the keyframes table to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::Svg => {
                path.set_extension("svg");
                let step = self.current_story_step();
                let svg = crate::slides::compass_svg(&self.map, step, [1920, 1080]);
                storage::write_atomically(&path, svg.as_bytes())
                    .map(|()| format!("Wrote the compass as SVG to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::Slides => {
                path.set_extension("");
                self.export_slides(&path)
            }
        };
        self.notice = Some(match result {
            Ok(text) => Notice::info(text),
            Err(text) => Notice::error(format!("The export failed. {text}")),
        });
    }

    /// The story step at the current date, or the first step when the date is on none.
    fn current_story_step(&self) -> Option<usize> {
        self.map
            .story
            .iter()
            .position(|s| (s.date.to_year_f64() - self.session.date_year_f64).abs() < 1e-6)
            .or_else(|| (!self.map.story.is_empty()).then_some(0))
    }

    fn export_slides(&self, folder: &Path) -> Result<String, String> {
        if self.map.story.is_empty() {
            return Err(
                "The map's story has no steps yet: add some in the story panel.".to_owned(),
            );
        }
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for index in 0..self.map.story.len() {
            let path = folder.join(format!("step-{:02}.png", index + 1));
            crate::slides::render_step(&self.map, index, [1920, 1080])
                .and_then(|image| crate::slides::write_png(&path, &image))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(format!(
            "Wrote {} slides (1920×1080 PNG) to {}",
            self.map.story.len(),
            folder.display()
        ))
    }

    /// The file name shown in the title bar.
    pub fn file_label(&self) -> String {
        match &self.origin {
            Origin::Article => format!("{ARTICLE_MAP_NAME} (built in)"),
            Origin::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Origin::Empty => "no map".to_owned(),
        }
    }

    /// The window title: the map's title and its file, marked when there are unsaved changes.
    pub fn window_title(&self) -> String {
        let mark = if self.is_dirty() { "● " } else { "" };
        format!(
            "{mark}{} — {} — stance-map",
            display_safe(&self.map.title),
            display_safe(&self.file_label())
        )
    }

    /// Whether the map has changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.history.state_id() != self.saved_state
    }

    /// Apply one edit through the history; a refused edit shows why.
    pub fn apply_edit(&mut self, edit: Edit) {
        if let Err(error) = self.history.apply(&mut self.map, edit) {
            self.show_error(format!("That change could not be made: {error}."));
        }
    }

    /// Apply what the views asked for this frame, in order.
    pub fn apply_changes(&mut self, ctx: &egui::Context, changes: Changes) {
        for change in changes.0 {
            match change {
                Change::Edit(edit) => {
                    self.follow_date_move(&edit);
                    self.apply_edit(edit);
                }
                Change::BeginGroup => {
                    self.date_move = None;
                    self.history.begin_group();
                }
                Change::EndGroup => {
                    self.history.end_group();
                    self.tell_of_date_move();
                }
                Change::Action(action) => self.perform(ctx, action),
                Change::PresentFrom(step) => {
                    self.presenter.start_at(step);
                    self.set_presenting(ctx, true);
                }
                Change::LeavePresenter => self.set_presenting(ctx, false),
                view_state @ (Change::SetDate(_)
                | Change::SetPlaying(_)
                | Change::SelectPower(_)
                | Change::SelectKeyframe(_)
                | Change::SetFocus(_)
                | Change::HighlightQuote(_)
                | Change::ShowPanel(_)) => {
                    // Views drawn before the one that asked showed the old date or
                    // selection: draw the frame again so every view shows the new one.
                    if view_state.apply_to_session(&mut self.session) {
                        ctx.request_repaint();
                    }
                }
            }
        }
    }

    /// Note where a keyframe being dragged started and where it has got to.
    fn follow_date_move(&mut self, edit: &Edit) {
        if let Edit::MoveKeyframe {
            power, from, to, ..
        } = edit
        {
            match &mut self.date_move {
                Some(m) if &m.power == power && m.to == *from => m.to = *to,
                _ => {
                    self.date_move = Some(DateMove {
                        power: power.clone(),
                        from: *from,
                        to: *to,
                    });
                }
            }
        }
    }

    /// After a drag that moved a keyframe with evidence to another date, say so and offer
    /// to undo: its quotes and reasoning were written for the date it had, and a sideways
    /// slip of the pointer is easy to miss.
    fn tell_of_date_move(&mut self) {
        let Some(DateMove { power, from, to }) = self.date_move.take() else {
            return;
        };
        let Some(power) = self.map.power(&power) else {
            return;
        };
        let quotes = power
            .track
            .iter()
            .find(|k| k.date == to)
            .map_or(0, |k| k.evidence.len());
        if from == to || quotes == 0 {
            return;
        }
        let name = crate::model::display_safe(&power.name);
        self.notice = Some(Notice {
            is_error: false,
            undo_at: Some(self.history.revision()),
            text: format!(
                "{name}'s keyframe moved from {from} to {to}, with its {}. {} chosen for \
                 {from}: check that {} still {}, or undo the move.",
                if quotes == 1 {
                    "quote".to_owned()
                } else {
                    format!("{quotes} quotes")
                },
                if quotes == 1 { "It was" } else { "They were" },
                if quotes == 1 { "it" } else { "they" },
                if quotes == 1 { "fits" } else { "fit" },
            ),
        });
    }

    /// Do `pending` now, or first ask about unsaved changes.
    pub fn guard(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.is_dirty() || !crate::ui::field::waiting(ctx).is_empty() {
            self.unsaved_prompt = Some(pending);
        } else {
            self.run_pending(ctx, pending);
        }
    }

    fn run_pending(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::OpenDialog => {
                self.file_dialog = Some(FileDialog::new(
                    FileDialogMode::Open,
                    self.dialog_folder(),
                    String::new(),
                ));
            }
            Pending::OpenPath(path) => {
                self.open_path(&path);
            }
            Pending::OpenArticle => self.open_article_map(),
        }
    }

    /// The date of the current month, where new keyframes go.
    fn current_month(&self) -> Date {
        Date::from_year_f64_month(self.session.date_year_f64)
    }

    /// Let the file dialogs start in `folder` instead of `saves/` beside where the app runs
    /// (tests give each run a folder of its own, so they never touch the checkout's).
    pub fn set_saves_folder(&mut self, folder: PathBuf) {
        self.saves_folder = Some(folder);
    }

    /// The folder save dialogs start in: `saves/` beside where the app runs, or the one set.
    fn saves_folder(&self) -> PathBuf {
        let folder = self
            .saves_folder
            .clone()
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default().join("saves"));
        // Best effort: if it cannot be created, the dialog says the folder cannot be listed.
        let _ = std::fs::create_dir_all(&folder);
        folder
    }

    fn dialog_folder(&self) -> PathBuf {
        let beside_map = match &self.origin {
            Origin::File(path) => path.parent(),
            Origin::Article | Origin::Empty => None,
        };
        beside_map
            .or(self.tried_folder.as_deref())
            .filter(|folder| !folder.as_os_str().is_empty())
            .map_or_else(|| self.saves_folder(), Path::to_owned)
    }

    /// Carry out an action from a menu, a key or a button.
    pub fn perform(&mut self, ctx: &egui::Context, action: Action) {
        let stops = || self.map.stops_year_f64(|p| self.session.is_visible(&p.id));
        match action {
            Action::Open => self.guard(ctx, Pending::OpenDialog),
            Action::OpenArticleMap => self.guard(ctx, Pending::OpenArticle),
            // The open map stays: no need to ask about unsaved changes.
            Action::CompareWith => {
                self.dialog_for_comparison = true;
                self.file_dialog = Some(
                    FileDialog::new(FileDialogMode::Open, self.dialog_folder(), String::new())
                        .for_purpose("Compare with a map", &["ron"]),
                );
            }
            Action::StopComparing => self.stop_comparing(),
            // Mid-drag, undo would cut the drag in two: wait until it ends.
            Action::Undo | Action::Redo if self.history.in_group() => {}
            Action::Undo => {
                self.history.undo(&mut self.map);
                self.session.fit_to(&self.map);
            }
            Action::Redo => {
                self.history.redo(&mut self.map);
                self.session.fit_to(&self.map);
            }
            Action::AddKeyframe => {
                if let Some(power) = self.session.selected_power.clone()
                    && let Some(p) = self.map.power(&power)
                {
                    let date = self.current_month();
                    let strength = p.strength_at(date.to_year_f64()).unwrap_or(0.0);
                    self.session.date_year_f64 = date.to_year_f64();
                    // The new keyframe is the one selected: Delete right after removes it.
                    self.session.selected_keyframe = Some(session::KeyframeRef {
                        power: power.clone(),
                        year_f64: date.to_year_f64(),
                    });
                    self.apply_edit(Edit::SetStrength {
                        power,
                        date,
                        strength,
                    });
                } else {
                    self.notice = Some(Notice::info(
                        "Select a power first, then add a keyframe for it.",
                    ));
                }
            }
            Action::DeleteKeyframe => {
                // The keyframe selected on the timeline, if it is still there; else the
                // selected power's keyframe at the date shown, if it sits on one.
                let on_track = |power: &crate::model::PowerId, year_f64: f64| {
                    let p = self.map.power(power)?;
                    let k = p
                        .track
                        .iter()
                        .find(|k| (k.date.to_year_f64() - year_f64).abs() < 1e-9)?;
                    Some((power.clone(), k.date))
                };
                let found = self
                    .session
                    .selected_keyframe
                    .take()
                    .and_then(|k| on_track(&k.power, k.year_f64))
                    .or_else(|| {
                        let power = self.session.selected_power.as_ref()?;
                        on_track(power, self.session.date_year_f64)
                    });
                match found {
                    Some((power, date)) => {
                        if self
                            .notice
                            .as_ref()
                            .is_some_and(|n| n.text == NOTHING_TO_DELETE)
                        {
                            self.notice = None;
                        }
                        self.apply_edit(Edit::RemoveKeyframe { power, date });
                    }
                    None => self.notice = Some(Notice::info(NOTHING_TO_DELETE)),
                }
            }
            Action::EditMap => self.show_map_editor = true,
            Action::Save => match self.origin.clone() {
                Origin::File(path) => {
                    if storage::file_stamp(&path) == self.file_stamp {
                        self.save_to(&path);
                    } else {
                        self.overwrite_prompt = true;
                    }
                }
                Origin::Article | Origin::Empty => self.perform(ctx, Action::SaveAs),
            },
            Action::SaveAs => {
                let name = match &self.origin {
                    Origin::File(path) => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    Origin::Article => ARTICLE_MAP_NAME.to_owned(),
                    Origin::Empty => "map.ron".to_owned(),
                };
                self.save_target = SaveTarget::Map;
                self.file_dialog = Some(FileDialog::new(
                    FileDialogMode::Save,
                    self.dialog_folder(),
                    name,
                ));
            }
            Action::Quit => self.guard(ctx, Pending::Quit),
            Action::PlayPause => {
                self.session.playing = !self.session.playing;
                if self.session.playing
                    && let Some((start, end)) = self.map.span_year_f64()
                    && self.session.date_year_f64 >= end - 1e-6
                {
                    self.session.date_year_f64 = start;
                }
            }
            Action::PreviousStop => {
                if let Some(t) = previous_stop(&stops(), self.session.date_year_f64) {
                    self.session.date_year_f64 = t;
                }
                self.session.playing = false;
            }
            Action::NextStop => {
                if let Some(t) = next_stop(&stops(), self.session.date_year_f64) {
                    self.session.date_year_f64 = t;
                }
                self.session.playing = false;
            }
            Action::GoToStart | Action::GoToEnd => {
                if let Some((start, end)) = self.map.span_year_f64() {
                    self.session.date_year_f64 = if action == Action::GoToStart {
                        start
                    } else {
                        end
                    };
                }
                self.session.playing = false;
            }
            Action::TogglePowersPanel => self.session.panels.powers ^= true,
            Action::ToggleEvidencePanel => self.session.panels.evidence ^= true,
            Action::ToggleTimeline => self.session.panels.timeline ^= true,
            Action::ToggleSourcePanel => self.session.panels.source ^= true,
            Action::ToggleTheme => {
                self.session.theme = match self.session.theme {
                    ThemeChoice::Light => ThemeChoice::Dark,
                    ThemeChoice::Dark => ThemeChoice::Light,
                };
            }
            Action::ZoomIn => self.session.zoom = (self.session.zoom + 0.1).min(3.0),
            Action::ZoomOut => self.session.zoom = (self.session.zoom - 0.1).max(0.5),
            Action::ZoomReset => self.session.zoom = 1.0,
            Action::Present => self.set_presenting(ctx, true),
            Action::ShowShortcuts => self.show_shortcuts = true,
            Action::About => self.show_about = true,
        }
    }

    /// Enter or leave presenter mode (full screen, no editing chrome).
    pub fn set_presenting(&mut self, ctx: &egui::Context, on: bool) {
        if self.session.presenting == on {
            return;
        }
        self.session.presenting = on;
        self.session.playing = false;
        if !on {
            self.session.focus.clear();
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
    }

    /// Apply theme, zoom and title to the context when they change.
    fn apply_settings(&mut self, ctx: &egui::Context) {
        // A press anywhere else ends typing in a field (committing it) before the click or
        // drag it starts does anything, such as closing the field's card or moving its
        // keyframe. egui's default waits for a whole click, and a drag is no click.
        ctx.options_mut(|o| {
            o.input_options.surrender_focus_on = egui::SurrenderFocusOn::Presses;
        });
        if self.applied_theme != Some(self.session.theme) {
            ctx.set_theme(match self.session.theme {
                ThemeChoice::Light => egui::Theme::Light,
                ThemeChoice::Dark => egui::Theme::Dark,
            });
            self.applied_theme = Some(self.session.theme);
        }
        if self.applied_zoom != Some(self.session.zoom) {
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            ctx.set_zoom_factor(self.session.zoom);
            self.applied_zoom = Some(self.session.zoom);
        }
        let title = self.window_title();
        if title != self.applied_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.applied_title = title;
        }
    }

    /// Move the date forward while playing; stop at the end of the map.
    fn advance_playback(&mut self, ctx: &egui::Context) {
        if !self.session.playing {
            return;
        }
        let Some((_, end)) = self.map.span_year_f64() else {
            self.session.playing = false;
            return;
        };
        let dt_s = f64::from(ctx.input(|i| i.stable_dt).min(0.1));
        self.session.date_year_f64 += self.session.speed_years_per_s * dt_s;
        if self.session.date_year_f64 >= end {
            self.session.date_year_f64 = end;
            self.session.playing = false;
        }
        ctx.request_repaint();
    }

    /// The whole window's contents, for eframe and for tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_settings(&ctx);
        // Keys that act on the whole map while a field is being typed in: the field holds text
        // the map does not have yet. Let go of the field, so it commits this frame, and act at
        // the end of the frame, once everything has been applied.
        let typing = ctx.egui_wants_keyboard_input();
        let mut after_commit = Vec::new();
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if typing {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                after_commit.push(Action::Quit);
            } else if self.is_dirty() || !crate::ui::field::waiting(&ctx).is_empty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.unsaved_prompt = Some(Pending::Quit);
            }
        }
        let modal_open = self.unsaved_prompt.is_some()
            || self.file_dialog.is_some()
            || self.overwrite_prompt
            || self.read_only_prompt.is_some()
            || !self.recovery_offers.is_empty();
        if self.session.presenting {
            // Presenter mode owns every key (clickers send arrows, Page Up/Down, B, W…).
            let mut changes = Changes::default();
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    self.presenter
                        .ui(ui, &self.map, &mut self.session, &mut changes);
                });
            // Text typed in the editor just before presenting reaches the map.
            self.commit_vanished_fields(&ctx);
            self.apply_changes(&ctx, changes);
            return;
        }
        let mut actions = if modal_open {
            Vec::new()
        } else {
            Action::pressed(&ctx)
        };
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| !p.as_os_str().is_empty())
        });
        if typing && !(actions.is_empty() && after_commit.is_empty() && dropped.is_none()) {
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
            after_commit.append(&mut actions);
        }
        // A dropped map opens once the text being typed is in the map, so the question
        // about unsaved changes knows of it.
        let mut open_dropped = dropped;
        if !typing && let Some(path) = open_dropped.take() {
            self.guard(&ctx, Pending::OpenPath(path));
        }
        // Everything the views ask for, applied once they have all drawn.
        let mut changes = Changes::default();

        // The views read the comparison through the session; keep it in step with the app's.
        self.session.comparison = self.comparison.as_ref().map(|c| c.map.clone());
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_bar_ui(ui, &mut actions));
        });

        // Along the bottom, under the timeline: it covers neither the compass nor the
        // evidence a row jumps to.
        if let Some(comparison) = &self.comparison {
            self.differences.show(
                ui,
                (
                    &self.map,
                    &reading_name(&self.file_label(), &self.map.analyst),
                ),
                (self.history.revision(), self.history.in_group()),
                comparison,
                &mut self.session,
                &mut changes,
            );
        }
        if self.session.panels.timeline {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(220.0)
                .min_size(120.0)
                .show(ui, |ui| {
                    self.timeline
                        .ui(ui, &self.map, &mut self.session, &mut changes);
                });
        }
        egui::Panel::bottom("time_controls").show(ui, |ui| {
            ui.add_space(2.0);
            time_controls_ui(ui, &self.map, &mut self.session, &mut changes);
            ui.add_space(2.0);
        });
        if self.session.panels.powers {
            egui::Panel::left("powers")
                .default_size(210.0)
                .show(ui, |ui| powers_ui(ui, &self.map, &mut self.session));
        }
        if self.session.panels.story {
            egui::Panel::left("story")
                .default_size(300.0)
                .show(ui, |ui| {
                    self.story_panel
                        .ui(ui, &self.map, &mut self.session, &mut changes);
                });
        }
        if self.session.panels.evidence {
            egui::Panel::right("evidence")
                .default_size(380.0)
                .show(ui, |ui| {
                    evidence_ui(ui, &self.map, ARTICLE_TEXT, &mut self.session, &mut changes);
                });
        }
        if self.session.panels.source {
            egui::Panel::right("source")
                .default_size(380.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.heading("Article");
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .button("✖")
                                .on_hover_text("Close the article's text")
                                .widget_info_close()
                                .clicked()
                            {
                                self.session.panels.source = false;
                            }
                        });
                    });
                    self.source_view.ui(
                        ui,
                        ARTICLE_TEXT,
                        &self.map,
                        &mut self.session,
                        &mut changes,
                    );
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.notice_ui(ui);
            self.compass
                .ui(ui, &self.map, &mut self.session, &mut changes);
        });

        self.dialogs_ui(&ctx);
        self.unsaved_prompt_ui(&ctx);
        self.overwrite_prompt_ui(&ctx);
        self.read_only_prompt_ui(&ctx);
        self.recovery_offer_ui(&ctx);
        self.apply_changes(&ctx, changes);
        for action in actions {
            self.perform(&ctx, action);
        }
        // Drawn after the actions, so "Edit map…" (Ctrl+E) shows it in the same frame.
        if self.show_map_editor {
            let mut editor_changes = Changes::default();
            self.map_editor.show(
                &ctx,
                &mut self.show_map_editor,
                &self.map,
                if self.session.date_year_f64.is_finite() {
                    crate::model::Date::month_containing(self.session.date_year_f64)
                } else {
                    crate::model::Date::year(2000)
                },
                &mut editor_changes,
            );
            self.apply_changes(&ctx, editor_changes);
        }
        // Every view has drawn: text typed into a field that is now gone (its card closed,
        // another power chosen…) reaches the map before any action runs.
        self.commit_vanished_fields(&ctx);
        for action in after_commit {
            self.perform(&ctx, action);
        }
        if let Some(path) = open_dropped {
            self.guard(&ctx, Pending::OpenPath(path));
        }
        self.advance_playback(&ctx);
        let now_s = ctx.input(|i| i.time);
        self.keep_recovery_copy(now_s);
        if self.is_dirty() && self.recovery.is_some() {
            // Wake up to write the recovery copy even if the user does nothing more.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(RECOVERY_DELAY_S));
        }
    }

    /// Apply the text of fields that went away while being typed in (see [`crate::ui::field`]).
    fn commit_vanished_fields(&mut self, ctx: &egui::Context) {
        for result in crate::ui::field::take_vanished(ctx, &self.map) {
            match result {
                Ok(edit) => self.apply_edit(edit),
                Err(reason) => self.show_error(format!(
                    "What you typed in a field that closed could not be taken: {reason}."
                )),
            }
        }
    }

    /// "The file changed on disk since you opened it" with Overwrite, Save as… and Cancel; or,
    /// when the file is gone (moved, deleted, its folder removed), "The file is no longer
    /// there" with Save there again, Save as… and Cancel. Whatever waited on the save (a
    /// close, an open) goes on once the map is saved, and is dropped on Cancel.
    fn overwrite_prompt_ui(&mut self, ctx: &egui::Context) {
        #[derive(Clone, Copy, PartialEq)]
        enum Answer {
            Overwrite,
            SaveAs,
            Cancel,
        }
        if !self.overwrite_prompt {
            return;
        }
        let gone = match &self.origin {
            Origin::File(path) => storage::file_stamp(path).is_none(),
            Origin::Article | Origin::Empty => false,
        };
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("overwrite_prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            let label = self.file_label();
            let name = display_safe(&label);
            let (heading, text, button, tip) = if gone {
                (
                    "The file is no longer there",
                    format!(
                        "{name} was moved, renamed or deleted (or its folder was) since you \
                         opened it. Save the map where it was, or somewhere else?"
                    ),
                    "Save there again",
                    "Write the map where the file was",
                )
            } else {
                (
                    "The file changed on disk",
                    format!(
                        "{name} was changed by another program since you opened it. Saving \
                         now would replace those changes."
                    ),
                    "Overwrite",
                    "Replace the file with this map (the old file is kept as .bak)",
                )
            };
            ui.heading(heading);
            ui.label(text);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(button).on_hover_text(tip).clicked() {
                    answer = Some(Answer::Overwrite);
                }
                if ui
                    .button("Save as…")
                    .on_hover_text("Save this map to another file")
                    .clicked()
                {
                    answer = Some(Answer::SaveAs);
                }
                if ui.button("Cancel").on_hover_text("Do not save").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        let cancelled = modal.should_close() && answer.is_none();
        if cancelled || answer.is_some() {
            self.overwrite_prompt = false;
        }
        match answer {
            Some(Answer::Overwrite) => {
                if let Origin::File(path) = self.origin.clone() {
                    self.save_to(&path);
                }
                let pending = self.after_save.take();
                if let Some(pending) = pending.filter(|_| !self.is_dirty()) {
                    self.run_pending(ctx, pending);
                }
            }
            // The Save dialog carries on with (or drops) what waited on the save.
            Some(Answer::SaveAs) => self.perform(ctx, Action::SaveAs),
            Some(Answer::Cancel) => self.after_save = None,
            None if cancelled => self.after_save = None,
            None => {}
        }
    }

    /// "X is read-only. Replace it anyway?" with Replace, Save as… and Cancel. Only Replace
    /// replaces the file: Escape or a click outside cancels.
    fn read_only_prompt_ui(&mut self, ctx: &egui::Context) {
        #[derive(Clone, Copy, PartialEq)]
        enum Answer {
            Replace,
            SaveAs,
            Cancel,
        }
        let Some(path) = self.read_only_prompt.clone() else {
            return;
        };
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("read_only_prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(format!(
                "{} is read-only. Replace it anyway?",
                display_safe(&display_name(&path))
            ));
            ui.label(
                "The file is marked read-only, perhaps to keep it from being changed. \
                 Replacing it writes this map in its place, and the file stays read-only.",
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Replace")
                    .on_hover_text("Write this map over the read-only file")
                    .clicked()
                {
                    answer = Some(Answer::Replace);
                }
                if ui
                    .button("Save as…")
                    .on_hover_text("Save this map to another file")
                    .clicked()
                {
                    answer = Some(Answer::SaveAs);
                }
                if ui.button("Cancel").on_hover_text("Do not save").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(Answer::Cancel);
        }
        let Some(answer) = answer else {
            return;
        };
        self.read_only_prompt = None;
        match answer {
            Answer::Replace => {
                self.save_map_to(&path, true);
                if !self.is_dirty()
                    && let Some(pending) = self.after_save.take()
                {
                    self.run_pending(ctx, pending);
                }
            }
            // Whatever waited on the save waits on the file chosen instead.
            Answer::SaveAs => self.perform(ctx, Action::SaveAs),
            Answer::Cancel => self.after_save = None,
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
                if ui
                    .button("Save")
                    .on_hover_text("Save the map, then go on")
                    .clicked()
                {
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
                    // As Ctrl+S does: a file changed or removed since it was opened is
                    // only written after the user says so.
                    Origin::File(path) if storage::file_stamp(&path) != self.file_stamp => {
                        self.after_save = Some(pending);
                        self.overwrite_prompt = true;
                    }
                    Origin::File(path) => {
                        self.save_to(&path);
                        if !self.is_dirty() {
                            self.run_pending(ctx, pending);
                        } else if self.read_only_prompt.is_some() {
                            // Asked whether to replace the read-only file: go on after.
                            self.after_save = Some(pending);
                        }
                    }
                    Origin::Article | Origin::Empty => {
                        self.after_save = Some(pending);
                        self.perform(ctx, Action::SaveAs);
                    }
                }
            }
            Some("discard") => {
                self.unsaved_prompt = None;
                // Forget the changes first, so nothing asks again.
                self.saved_state = self.history.state_id();
                self.run_pending(ctx, pending);
            }
            Some(_) => self.unsaved_prompt = None,
            None => {}
        }
    }

    fn notice_ui(&mut self, ui: &mut egui::Ui) {
        if self
            .notice
            .as_ref()
            .and_then(|n| n.undo_at)
            .is_some_and(|at| at != self.history.revision())
        {
            self.notice = None;
        }
        let Some(notice) = &self.notice else {
            return;
        };
        let color = if notice.is_error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().text_color()
        };
        let mut dismiss = false;
        let mut open_article = false;
        let mut undo = false;
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, color))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(color, &notice.text);
                    if notice.undo_at.is_some()
                        && ui
                            .button("Undo the move")
                            .on_hover_text(Action::Undo.tooltip())
                            .clicked()
                    {
                        undo = true;
                    }
                    // Only when no map is open: beside a map of the user's own it would
                    // read as the way to carry on, and replace their map.
                    if notice.is_error
                        && self.origin == Origin::Empty
                        && ui.button("Open the article's map").clicked()
                    {
                        open_article = true;
                    }
                    dismiss = ui.button("Dismiss").clicked();
                });
            });
        if dismiss {
            self.notice = None;
        }
        if undo {
            self.notice = None;
            let ctx = ui.ctx().clone();
            self.perform(&ctx, Action::Undo);
        }
        if open_article {
            let ctx = ui.ctx().clone();
            self.guard(&ctx, Pending::OpenArticle);
        }
    }

    fn menu_bar_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let clicked = |ui: &mut egui::Ui, actions: &mut Vec<Action>, action: Action| {
            if action.menu_button(ui) {
                actions.push(action);
            }
        };
        let mut open_recent = None;
        let mut export = None;
        ui.menu_button("File", |ui| {
            clicked(ui, actions, Action::Open);
            clicked(ui, actions, Action::OpenArticleMap);
            // Recent maps with the other ways to open one; comparing after them, so the
            // "Stop comparing" that appears while comparing moves nothing above it.
            ui.menu_button("Recent maps", |ui| {
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
            });
            clicked(ui, actions, Action::CompareWith);
            if self.comparison.is_some() {
                clicked(ui, actions, Action::StopComparing);
            }
            ui.separator();
            clicked(ui, actions, Action::Save);
            clicked(ui, actions, Action::SaveAs);
            ui.menu_button("Export", |ui| {
                for (target, label, tip) in EXPORTS {
                    if ui.button(label).on_hover_text(tip).clicked() {
                        export = Some(target);
                    }
                }
            });
            ui.separator();
            clicked(ui, actions, Action::Quit);
        });
        ui.menu_button("Edit", |ui| {
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
        });
        ui.menu_button("View", |ui| {
            let panels = self.session.panels;
            for (action, on) in [
                (Action::TogglePowersPanel, panels.powers),
                (Action::ToggleEvidencePanel, panels.evidence),
                (Action::ToggleTimeline, panels.timeline),
                (Action::ToggleSourcePanel, panels.source),
                (Action::ToggleTheme, self.session.theme == ThemeChoice::Dark),
            ] {
                if action.menu_checkbox(ui, on) {
                    actions.push(action);
                }
            }
            ui.checkbox(&mut self.session.panels.story, "Story panel")
                .on_hover_text("Show or hide the presentation's steps, to edit them");
            ui.separator();
            clicked(ui, actions, Action::ZoomIn);
            clicked(ui, actions, Action::ZoomOut);
            clicked(ui, actions, Action::ZoomReset);
        });
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

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(dialog) = &mut self.file_dialog {
            let mode_is_open = dialog.mode() == FileDialogMode::Open;
            match dialog.show(ctx) {
                FileDialogResult::Pending => {}
                FileDialogResult::Cancelled => {
                    self.file_dialog = None;
                    self.dialog_for_comparison = false;
                }
                FileDialogResult::Chosen(path) => {
                    self.file_dialog = None;
                    if mode_is_open && std::mem::take(&mut self.dialog_for_comparison) {
                        self.compare_with_path(&path);
                    } else if mode_is_open {
                        self.open_path(&path);
                    } else if self.save_target != SaveTarget::Map {
                        self.export_to(self.save_target, &path);
                    } else {
                        self.save_to(&path);
                        if !self.is_dirty()
                            && let Some(pending) = self.after_save.take()
                        {
                            self.run_pending(ctx, pending);
                        }
                    }
                }
            }
            if self.file_dialog.is_none()
                && !mode_is_open
                && self.is_dirty()
                && self.read_only_prompt.is_none()
            {
                // Saving was cancelled or failed: whatever waited on it does not happen.
                self.after_save = None;
            }
        }
        if self.show_shortcuts {
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
                                    });
                            });
                        });
                    });
                ui.button("Close").clicked()
            });
            if modal.inner || modal.should_close() {
                self.show_shortcuts = false;
            }
        }
        if self.show_about {
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
                self.show_about = false;
            }
        }
    }
}

/// Label an icon-only close button for screen readers and tests.
trait CloseLabel {
    fn widget_info_close(self) -> Self;
}

impl CloseLabel for egui::Response {
    fn widget_info_close(self) -> Self {
        self.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Close article"));
        self
    }
}

impl eframe::App for StanceApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // RON holds only text: one recent map whose path is not UTF-8 (a dropped file, say)
        // would make the whole session fail to encode, and the next run forget all of it.
        let mut session = self.session.clone();
        session.recent_files.retain(|path| path.to_str().is_some());
        eframe::set_value(storage, SESSION_KEY, &session);
    }

    /// The session (recent maps, panels, theme) is written this often, not only on a clean
    /// exit, so a crash forgets little of it. It is small: a few hundred bytes.
    fn auto_save_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(5)
    }

    fn on_exit(&mut self) {
        // A clean exit: the user saved or chose to discard, so no copy is left behind.
        if let Some(writer) = &mut self.recovery {
            writer.clear_and_stop();
        }
    }
}

/// Open the app window on `file`, or on the article's map; `present` starts in presenter mode.
pub fn run(file: Option<PathBuf>, present: bool) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("stance-map")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 480.0])
            .with_fullscreen(present)
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "stance-map",
        options,
        Box::new(move |cc| {
            let mut app = StanceApp::from_creation_context(cc, file.as_deref());
            app.session.presenting = present;
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("stance-map could not open its window: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A file's name for messages, without its folder.
/// A map as shown beside another: its file, and whose reading it is where the map says
/// (seminars compare students' maps): "second-reading.ron (Marko, seminar group B)".
fn reading_name(file: &str, analyst: &str) -> String {
    if analyst.trim().is_empty() {
        file.to_owned()
    } else {
        format!("{file} ({})", analyst.trim())
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `path` made absolute against the working directory (as it is, if that cannot be done).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
