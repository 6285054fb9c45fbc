//! The app window. `StanceApp` owns the open map, its history and the session; the rest of
//! the app is split by what it does:
//!
//! - `frame`: one frame: keys read, the views drawn in their panels, their changes applied;
//! - `commands`: the views' changes and the actions of menus, keys and buttons, applied;
//! - `document`: opening and saving files, backups, the file stamp, recovery copies;
//! - `dialogs`: the file dialog and what it is for, the questions, shortcuts and About;
//! - `menus`: the menu bar;
//! - `export`: handouts, CSV, slides and SVG written from the File › Export menu;
//! - `native_dialog`: the system's file dialog on a thread, where dialogs start.
//! - `background`: exports and opening maps on threads of their own, with progress and Cancel.

pub use crate::ui::{actions, session};

mod background;
mod class;
mod commands;
mod dialogs;
mod document;
mod export;
mod frame;
mod menus;
pub use class::{ClassReport, mismatch_line};
pub mod native_dialog;
mod saved_view;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::article::ARTICLE_MAP_NAME;
use crate::model::compare::Comparison;
use crate::model::edit::History;
use crate::model::{StanceMap, display_safe};
use crate::recovery;
use crate::ui::compass::CompassView;

pub use commands::NOTHING_TO_DELETE;
pub use dialogs::Pending;
pub use document::RECOVERY_DELAY_S;
pub use export::SaveTarget;
pub use saved_view::describe_view;

use commands::DateMove;
use dialogs::Dialogs;
use document::{RecoveryCopy, Saved};
use frame::{Applied, Views};
use session::Session;

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
    /// A map made with File › New map…, not saved to a file yet.
    New,
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
    /// How the map stands against its file: the state saved, the file stamp, the backups.
    saved: Saved,
    /// The question "save your changes?" while it is open, with what waits on the answer.
    pub unsaved_prompt: Option<Pending>,
    /// The question "the file changed on disk: overwrite?" while it is open.
    pub overwrite_prompt: bool,
    /// The file dialog and the other dialogs and questions.
    dialogs: Dialogs,
    /// Set when quitting goes ahead (nothing unsaved, or the user answered): the window closes.
    allow_close: bool,
    /// This app's copy of unsaved work.
    recovery: RecoveryCopy,
    /// Unsaved work left by apps that ended without saving, offered for restoring (each copy
    /// locked by this app while it is offered).
    pub recovery_offers: Vec<recovery::Offer>,
    /// The views' own state, kept from frame to frame.
    views: Views,
    /// The theme, zoom and title last given to egui.
    applied: Applied,
    /// A second map overlaid on the open one, with the "Differences" window; see
    /// [`StanceApp::compare_with_path`].
    pub comparison: Option<Comparison>,
    /// The keyframe the current drag is moving to another date, if it is.
    date_move: Option<DateMove>,
    /// Exports being written and maps being read on threads of their own.
    jobs: background::Jobs,
    /// Set by File › Save view with map until the save it asks for is written: that save's
    /// notice says what view was saved.
    announce_saved_view: bool,
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
            saved: Saved::default(),
            unsaved_prompt: None,
            overwrite_prompt: false,
            dialogs: Dialogs::default(),
            allow_close: false,
            recovery: RecoveryCopy::default(),
            recovery_offers: Vec::new(),
            views: Views::default(),
            applied: Applied::default(),
            comparison: None,
            date_move: None,
            jobs: background::Jobs::default(),
            announce_saved_view: false,
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
        app.allow_system_dialogs();
        if let Some(dir) = recovery::recovery_dir() {
            app.enable_recovery(dir);
        }
        app
    }

    /// The session eframe kept from the last run (see [`eframe::App::save`]), or on a first
    /// run (nothing kept) a fresh one that shows the "Getting started" card.
    pub fn stored_session(storage: Option<&dyn eframe::Storage>) -> Session {
        storage
            .and_then(|s| eframe::get_value::<Session>(s, SESSION_KEY))
            .unwrap_or_else(|| Session {
                show_getting_started: true,
                ..Session::default()
            })
    }

    /// Show `text` as an error in the banner.
    fn show_error(&mut self, text: String) {
        self.notice = Some(Notice::error(text));
    }

    /// The compass view, for tests and benchmarks that need its geometry.
    pub fn compass(&self) -> &CompassView {
        &self.views.compass
    }

    /// The timeline view, for tests that look at what it drew (the class's bands).
    pub fn timeline(&self) -> &crate::ui::timeline::TimelineView {
        &self.views.timeline
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
            Origin::New => "not saved yet".to_owned(),
        }
    }

    /// The window title: the map's title and its file, marked when there are unsaved changes.
    pub fn window_title(&self) -> String {
        let mark = if self.is_dirty() { "● " } else { "" };
        // An exercise says how many keyframes are still to judge.
        let exercise = crate::model::exercise::exercise_status(&self.map)
            .map(|status| format!(" — {status}"))
            .unwrap_or_default();
        format!(
            "{mark}{} — {}{exercise} — stance-map",
            display_safe(&self.map.title),
            display_safe(&self.file_label())
        )
    }

    /// Whether the map has changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.history.state_id() != self.saved.state
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
        session.last_folder = session.last_folder.filter(|path| path.to_str().is_some());
        session.last_class_folder = session
            .last_class_folder
            .filter(|path| path.to_str().is_some());
        eframe::set_value(storage, SESSION_KEY, &session);
    }

    /// The session (recent maps, panels, theme) is written this often, not only on a clean
    /// exit, so a crash forgets little of it. It is small: a few hundred bytes.
    fn auto_save_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(5)
    }

    fn on_exit(&mut self) {
        // A clean exit: the user saved or chose to discard, so no copy is left behind.
        if let Some(writer) = &mut self.recovery.writer {
            writer.clear_and_stop();
        }
    }
}

/// The window's app id (Wayland's `app_id`, X11's `WM_CLASS`): the desktop file
/// `assets/stance-map.desktop` names it as `StartupWMClass`, so the launcher and the task bar
/// know the window as stance-map, with its icon. eframe also names its storage folder by it.
pub const APP_ID: &str = "stance-map";

/// The icon, a compass (drawn by `assets/make_icon.py`), as a PNG.
const ICON_PNG: &[u8] = include_bytes!("../../assets/stance-map.png");

/// The window's icon, decoded from [`ICON_PNG`] as 8-bit RGBA. `None` only if the PNG built
/// into the app could not be read: the window then has the system's default icon.
pub fn window_icon() -> Option<egui::IconData> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(ICON_PNG));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut rgba).ok()?;
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return None;
    }
    rgba.truncate(info.buffer_size());
    Some(egui::IconData {
        rgba,
        width: info.width,
        height: info.height,
    })
}

/// Open the app window on `file`, or on the article's map; `present` starts in presenter mode.
pub fn run(file: Option<PathBuf>, present: bool) -> ExitCode {
    let mut viewport = egui::ViewportBuilder::default()
        .with_app_id(APP_ID)
        .with_title("stance-map");
    match window_icon() {
        Some(icon) => viewport = viewport.with_icon(icon),
        None => log::warn!("the window icon built into the app could not be read"),
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 480.0])
            .with_fullscreen(present)
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        APP_ID,
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

/// A map as shown beside another: its file, and whose reading it is where the map says
/// (seminars compare students' maps): "second-reading.ron (Marko, seminar group B)".
fn reading_name(file: &str, analyst: &str) -> String {
    if analyst.trim().is_empty() {
        file.to_owned()
    } else {
        format!("{file} ({})", analyst.trim())
    }
}

/// A file's name for messages, without its folder. A byte that is not text (a name that is not
/// UTF-8) shows as `?`, as file managers show it: the replacement character is not in every
/// font the app may draw with.
fn display_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| path.as_os_str().to_owned(), std::ffi::OsStr::to_owned);
    match name.to_str() {
        Some(text) => text.to_owned(),
        None => name.to_string_lossy().replace('\u{fffd}', "?"),
    }
}

/// `path` made absolute against the working directory (as it is, if that cannot be done).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
