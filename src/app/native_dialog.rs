//! The system's file dialog (the `rfd` crate: the desktop portal over D-Bus, else zenity), run
//! on a thread of its own so the window keeps drawing while it is open. When it cannot be shown
//! the in-app dialog (`crate::ui::file_dialog`) takes its place.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::ui::file_dialog::{FileDialog, FileDialogMode};

/// The environment variable that chooses the in-app dialog: `STANCE_MAP_FILE_DIALOG=in-app`.
pub const FILE_DIALOG_ENV: &str = "STANCE_MAP_FILE_DIALOG";

/// A system dialog that answers "nothing chosen" sooner than this did not open: no person
/// closes a dialog this fast, but a missing portal and a missing zenity both answer at once.
pub const TOO_FAST_TO_BE_A_PERSON: Duration = Duration::from_millis(400);

/// Whether a file dialog about to open is the system's (`true`) or the in-app one.
///
/// `window_allows` is false except in the real window (tests and benchmarks draw the in-app
/// dialog); `env` is the value of [`FILE_DIALOG_ENV`]; `setting` is the session's "Use the
/// system's file dialogs"; `failed_before` says a system dialog already failed to open in
/// this run.
pub fn use_system_dialog(
    window_allows: bool,
    env: Option<&str>,
    setting: bool,
    failed_before: bool,
) -> bool {
    let env_asks_in_app = env.is_some_and(|value| {
        let value = value.trim().to_ascii_lowercase();
        value == "in-app" || value == "inapp" || value == "builtin"
    });
    window_allows && !env_asks_in_app && setting && !failed_before
}

/// What became of a system dialog, polled each frame.
#[derive(Debug, PartialEq, Eq)]
pub enum NativeOutcome {
    /// Still open.
    Waiting,
    /// The user chose this file.
    Chosen(PathBuf),
    /// The user closed it.
    Cancelled,
    /// It could not be shown: use the in-app dialog.
    Failed,
}

/// How a "nothing chosen" answer after `elapsed` is read: closed by a person, or never shown.
pub fn nothing_chosen_after(elapsed: Duration) -> NativeOutcome {
    if elapsed < TOO_FAST_TO_BE_A_PERSON {
        NativeOutcome::Failed
    } else {
        NativeOutcome::Cancelled
    }
}

/// A system dialog while it is open.
pub struct NativeDialog {
    /// Its answer, once given; a closed channel means the thread ended without one.
    answer: Receiver<Option<PathBuf>>,
    /// When it was asked for.
    started: Instant,
}

impl NativeDialog {
    /// Open the system's dialog for what `dialog` (the in-app one, kept as the fallback)
    /// describes: its mode, heading, folder, suggested name and kinds of file.
    pub fn open(dialog: &FileDialog) -> Self {
        let mut native = rfd::FileDialog::new()
            .set_title(dialog.title())
            .set_directory(dialog.folder());
        if !dialog.extensions().is_empty() {
            native = native.add_filter(filter_name(dialog.extensions()), dialog.extensions());
        }
        let mode = dialog.mode();
        let folder_choice = dialog.chooses_folder();
        // zenity ignores the starting folder and reads only the file name, which may be a path:
        // it gets the folder that way. The portal's Open reads no name; its Save wants a bare
        // one, so a Save gets the path only where no portal can answer (no session bus).
        match mode {
            FileDialogMode::Open => {
                let mut folder = dialog.folder().as_os_str().to_owned();
                folder.push("/");
                if let Some(folder) = folder.to_str() {
                    native = native.set_file_name(folder);
                }
            }
            FileDialogMode::Save if !dialog.suggested_name().is_empty() => {
                let full = dialog.folder().join(dialog.suggested_name());
                native = match full.to_str() {
                    Some(full) if !session_bus_reachable() => native.set_file_name(full),
                    _ => native.set_file_name(dialog.suggested_name()),
                };
            }
            FileDialogMode::Save => {}
        }
        let (tx, answer) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let chosen = match mode {
                FileDialogMode::Open if folder_choice => native.pick_folder(),
                FileDialogMode::Open => native.pick_file(),
                FileDialogMode::Save => native.save_file(),
            };
            // The app may have gone: nobody to tell.
            let _ = tx.send(chosen);
        });
        Self {
            answer,
            started: Instant::now(),
        }
    }

    /// What became of it so far.
    pub fn poll(&self) -> NativeOutcome {
        match self.answer.try_recv() {
            Ok(Some(path)) => NativeOutcome::Chosen(path),
            Ok(None) => nothing_chosen_after(self.started.elapsed()),
            Err(TryRecvError::Empty) => NativeOutcome::Waiting,
            Err(TryRecvError::Disconnected) => NativeOutcome::Failed,
        }
    }
}

/// Whether a D-Bus session bus (where a desktop portal would answer) can be reached.
fn session_bus_reachable() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists())
}

/// The name of the file filter: "Maps (.ron)", "CSV files (.csv, .txt)".
fn filter_name(extensions: &[&str]) -> String {
    let kinds = extensions
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ");
    if extensions == ["ron"] {
        format!("Maps ({kinds})")
    } else {
        format!("Files ({kinds})")
    }
}

/// Where a file dialog starts: beside the open map, else beside the last map that failed to
/// open, else the last folder a dialog chose in, else `saves/` (when run from the project,
/// where it exists, or when set), else the user's documents folder, else the current folder.
pub fn start_folder(
    beside_map: Option<&Path>,
    tried: Option<&Path>,
    last_used: Option<&Path>,
    saves: Option<&Path>,
    documents: Option<&Path>,
) -> PathBuf {
    [beside_map, tried, last_used, saves, documents]
        .into_iter()
        .flatten()
        .find(|folder| !folder.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// The user's documents folder: `$XDG_DOCUMENTS_DIR`, else `~/Documents` if it exists, else
/// the home folder.
pub fn documents_folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_DOCUMENTS_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)?;
    let documents = home.join("Documents");
    Some(if documents.is_dir() { documents } else { home })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_dialog_only_in_the_real_window_and_when_nothing_asks_otherwise() {
        assert!(use_system_dialog(true, None, true, false));
        assert!(use_system_dialog(true, Some("system"), true, false));
        // Tests and benchmarks: never.
        assert!(!use_system_dialog(false, None, true, false));
        // The environment variable, as tests/real_window.sh sets it.
        assert!(!use_system_dialog(true, Some("in-app"), true, false));
        assert!(!use_system_dialog(true, Some(" In-App "), true, false));
        // The setting.
        assert!(!use_system_dialog(true, None, false, false));
        // Once it failed to open.
        assert!(!use_system_dialog(true, None, true, true));
    }

    #[test]
    fn nothing_chosen_at_once_means_the_dialog_never_opened() {
        assert_eq!(
            nothing_chosen_after(Duration::from_millis(5)),
            NativeOutcome::Failed
        );
        assert_eq!(
            nothing_chosen_after(Duration::from_secs(3)),
            NativeOutcome::Cancelled
        );
    }

    #[test]
    fn start_folder_prefers_the_maps_folder_then_the_last_then_saves_then_documents() {
        let map = Path::new("/maps/seminar");
        let tried = Path::new("/tried");
        let last = Path::new("/last");
        let saves = Path::new("/project/saves");
        let docs = Path::new("/home/u/Documents");
        let all = |m, t, l, s, d| start_folder(m, t, l, s, d);
        assert_eq!(
            all(Some(map), Some(tried), Some(last), Some(saves), Some(docs)),
            map
        );
        assert_eq!(
            all(None, Some(tried), Some(last), Some(saves), Some(docs)),
            tried
        );
        assert_eq!(all(None, None, Some(last), Some(saves), Some(docs)), last);
        assert_eq!(all(None, None, None, Some(saves), Some(docs)), saves);
        assert_eq!(all(None, None, None, None, Some(docs)), docs);
        // A map with no folder in its path ("map.ron") does not count.
        assert_eq!(all(Some(Path::new("")), None, Some(last), None, None), last);
        assert_eq!(all(None, None, None, None, None), Path::new("."));
    }
}
