//! The document on disk: opening, saving (with `.bak` backups and the file stamp that notices
//! changes made by others), the comparison map, and the recovery copies of unsaved work.

use std::path::{Path, PathBuf};

use crate::article::article_map;
use crate::model::StanceMap;
use crate::model::compare::Comparison;
use crate::recovery::{self, Recovered, RecoveryWriter};
use crate::storage;

use super::background::{Job, OpenJob};
use super::{Notice, Origin, StanceApp, absolute, display_name, reading_name};

/// A saved-state id no history state has: the map counts as unsaved until it is saved.
const UNSAVED_STATE: u64 = u64::MAX - 1;

/// How long after the last edit a recovery copy is written, in seconds.
pub const RECOVERY_DELAY_S: f64 = 3.0;

/// The start of the notice shown when a recovery copy could not be written.
const RECOVERY_FAILING: &str = "Your unsaved work could not be copied for recovery, so it would \
     be lost if the app or the computer stopped now. Save it to keep it; the copy is tried \
     again after your next change.";

/// How the open map stands against its file.
#[derive(Debug, Default)]
pub(super) struct Saved {
    /// The history state last saved (or opened): the map is dirty when it has moved on.
    pub(super) state: u64,
    /// The file as it was when opened or last saved, to notice changes made by others.
    stamp: Option<storage::FileStamp>,
    /// The files saved over since the map was opened: their `.bak` holds them as they were
    /// before, and later saves leave it alone.
    backed_up: Vec<PathBuf>,
}

/// This app's copy of unsaved work, and when the map last changed.
#[derive(Default)]
pub(super) struct RecoveryCopy {
    /// The background writer (`None`: copies are not kept).
    pub(super) writer: Option<RecoveryWriter>,
    /// The map state the recovery copy on disk holds, if there is a copy.
    copy_state: Option<u64>,
    last_seen_state: u64,
    last_change_time_s: f64,
}

impl StanceApp {
    /// Keep recovery copies of unsaved work in `dir`, in a copy of this app's own, and offer
    /// every copy left there by an app that is gone. Copies of apps still running are left
    /// alone: never offered, replaced or deleted.
    pub fn enable_recovery(&mut self, dir: impl AsRef<Path>) {
        let dir = dir.as_ref();
        // This app's own copy is claimed first, under a name no other app has.
        match RecoveryWriter::start(dir) {
            Ok(writer) => self.recovery.writer = Some(writer),
            Err(error) => {
                log::warn!("copies of unsaved work cannot be kept: {error}");
                self.add_error(format!(
                    "Copies of unsaved work cannot be kept, so work not saved would be lost \
                     if the app or the computer stopped. Save often. ({error})"
                ));
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
        self.add_error(text);
    }

    /// Show `text` as an error, under an error already shown (a map that failed to open).
    fn add_error(&mut self, text: String) {
        let text = match self.notice.take() {
            Some(notice) if notice.is_error => format!("{}\n{text}", notice.text),
            _ => text,
        };
        self.show_error(text);
    }

    /// Tell the user when the background writer's copies start failing, and when they work
    /// again (in place of the failure notice, or where no other notice is shown).
    fn show_recovery_status(&mut self) {
        let Some(status) = self
            .recovery
            .writer
            .as_ref()
            .and_then(RecoveryWriter::take_status)
        else {
            return;
        };
        match status {
            recovery::WriteStatus::Failing(message) => {
                let text = format!("{RECOVERY_FAILING} ({message})");
                self.add_error(text);
            }
            recovery::WriteStatus::Working => {
                // Said in place of the failure, or where nothing else is being said.
                if self
                    .notice
                    .as_ref()
                    .is_none_or(|n| n.text.contains(RECOVERY_FAILING))
                {
                    self.notice = Some(Notice::info(
                        "Your unsaved work is being copied for recovery again.",
                    ));
                }
            }
        }
    }

    /// Where this app's recovery copy is written (`None`: copies are not kept).
    pub fn recovery_copy_path(&self) -> Option<&Path> {
        self.recovery.writer.as_ref().map(RecoveryWriter::path)
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
        self.saved.state = UNSAVED_STATE;
        if let Some(writer) = &self.recovery.writer {
            // The copy moves to this app's name: it holds exactly this map until the next
            // edit or save.
            writer.adopt(orphan);
            self.recovery.copy_state = Some(self.history.state_id());
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
    pub(super) fn keep_recovery_copy(&mut self, now_s: f64) {
        self.show_recovery_status();
        let state = self.history.state_id();
        if state != self.recovery.last_seen_state {
            self.recovery.last_seen_state = state;
            self.recovery.last_change_time_s = now_s;
        }
        let Some(writer) = &self.recovery.writer else {
            return;
        };
        if !self.is_dirty() {
            if self.recovery.copy_state.take().is_some() {
                writer.clear();
            }
            return;
        }
        if self.recovery.copy_state != Some(state)
            && !self.history.in_group()
            && now_s - self.recovery.last_change_time_s >= RECOVERY_DELAY_S
        {
            writer.write(Recovered {
                saved_at_unix_s: recovery::now_unix_s(),
                origin: match &self.origin {
                    Origin::File(path) => Some(path.clone()),
                    Origin::Article | Origin::Empty | Origin::New => None,
                },
                map: self.map.clone(),
            });
            self.recovery.copy_state = Some(state);
        }
    }

    pub(super) fn replace_map(&mut self, map: StanceMap, origin: Origin) {
        self.map = map;
        self.origin = origin;
        self.history.clear();
        self.saved.state = self.history.state_id();
        self.saved.backed_up.clear();
        self.saved.stamp = match &self.origin {
            Origin::File(path) => storage::file_stamp(path),
            Origin::Article | Origin::Empty | Origin::New => None,
        };
        self.session.playing = false;
        self.session.highlighted_quote = None;
        // A class was read as readings of the map that was open, not of this one.
        self.close_class();
        self.session.fit_to(&self.map);
    }

    /// Put a map made with File › New map… in place of the open one: untitled (Save asks
    /// for a file name), unsaved, with a fresh undo history, at its first date.
    pub fn start_new_map(&mut self, map: StanceMap) {
        self.replace_map(map, Origin::New);
        // What was typed into the dialog is not in any file yet.
        self.saved.state = UNSAVED_STATE;
        self.session.selected_power = None;
        self.session.selected_keyframe = None;
        if let Some((first, _)) = self.map.span_year_f64() {
            self.session.date_year_f64 = first;
        }
        let powers = self.map.powers.len();
        self.notice = Some(Notice::info(format!(
            "A new map of {} with {powers} {}, each at 0 (neutral) with low confidence and no \
             evidence yet. Drag an arrow's tip to set a value, add quotes in the evidence \
             panel and sources in Edit map › Sources, and save it to give it a file.",
            crate::model::display_safe(&self.map.subject),
            if powers == 1 { "power" } else { "powers" },
        )));
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

    /// Open a map file, on this thread (at start-up, and for tests and benchmarks). On
    /// failure the open map stays as it is and a banner says why.
    pub fn open_path(&mut self, path: &Path) -> bool {
        // Remembered in full: `stance-map map.ron` must still name the same file, and give the
        // file dialog a folder, whatever the working directory later is.
        let path = absolute(path);
        let read = read_map(&path);
        self.finish_open(&path, read)
    }

    /// Open a map file on a thread of its own, as the window does: the open map stays open
    /// and editable, with a progress bar and Cancel, until the new one is read and checked
    /// (see [`StanceApp::is_busy`]). A map already being opened is given up for this one.
    pub fn open_in_background(&mut self, path: &Path) {
        let path = absolute(path);
        if let Some(running) = self.jobs.open.take() {
            running.job.cancel();
        }
        let reading = path.clone();
        let job = Job::spawn(
            format!("Opening {}", display_name(&path)),
            1,
            move |_progress| read_map(&reading),
        );
        self.jobs.open = Some(OpenJob {
            path,
            job,
            state_at_start: self.history.state_id(),
        });
    }

    /// Put a map read from `path` in place of the open one, or say why it could not be.
    pub(super) fn finish_open(
        &mut self,
        path: &Path,
        read: Result<Read, storage::StorageError>,
    ) -> bool {
        match read {
            Ok(Read { loaded, dates }) => {
                let old = std::mem::replace(&mut self.map, StanceMap::empty());
                // A big map takes a while to free: not on the window's thread.
                // (Should no thread start, it is freed here: a moment lost, nothing more.)
                let _ = std::thread::Builder::new().spawn(move || drop(old));
                self.replace_map(loaded.map, Origin::File(path.to_owned()));
                self.session.remember_file(path.to_owned());
                // Say so when an older file was upgraded: saving will write the new format,
                // and the person who sent it may have an older stance-map. Say so too when a
                // date stands before an event its evidence describes (`check` lists them).
                let said: Vec<String> = loaded
                    .upgrade
                    .map(|upgrade| upgrade.describe())
                    .into_iter()
                    .chain(dates)
                    .collect();
                // A saved view puts the date, selection, indicators and story step where the
                // person who saved it had them.
                let opened = match self.open_at_saved_view() {
                    Some(view) => {
                        format!("Opened {} at its saved view: {view}.", display_name(path))
                    }
                    None => format!("Opened {}.", display_name(path)),
                };
                let at_view = self.map.view.is_some();
                self.notice = (at_view || !said.is_empty())
                    .then(|| Notice::info(format!("{opened} {}", said.join(" ")).trim_end()));
                true
            }
            Err(error) => {
                self.show_error(format!("Could not open the map. {error}"));
                // The file dialogs start beside it: its folder is where the user's maps are.
                self.dialogs.tried_folder = path.parent().map(Path::to_owned);
                false
            }
        }
    }

    /// Load `path` as the comparison: a second map drawn behind the open one, with its
    /// differences listed. On failure a banner says why, and the open map and any comparison
    /// already shown stay as they are.
    pub fn compare_with_path(&mut self, path: &Path) -> bool {
        let read = storage::load_path(path);
        self.finish_compare(path, read)
    }

    /// Read `path` to compare with on a thread of its own, as the window does: what is shown
    /// stays, with a progress bar and Cancel, until the map is read and checked (see
    /// [`StanceApp::is_busy`]). A comparison already being read is given up for this one.
    pub fn compare_in_background(&mut self, path: &Path) {
        let path = absolute(path);
        if let Some(running) = self.jobs.compare.take() {
            running.job.cancel();
        }
        let reading = path.clone();
        let job = Job::spawn(
            format!("Reading {} to compare", display_name(&path)),
            1,
            move |_progress| storage::load_path(&reading),
        );
        self.jobs.compare = Some(super::background::CompareJob { path, job });
    }

    /// Show a map read from `path` as the comparison, or say why it could not be.
    pub(super) fn finish_compare(
        &mut self,
        path: &Path,
        read: Result<StanceMap, storage::StorageError>,
    ) -> bool {
        match read {
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

    /// Compare the open map with reading `reading` of the open class (a click in the class
    /// panel): its map is in memory already, so nothing is read from disk.
    pub fn compare_with_reading(&mut self, reading: usize) {
        let Some(found) = self
            .session
            .class
            .as_ref()
            .and_then(|class| class.readings.get(reading))
        else {
            return;
        };
        let name = reading_name(&found.file, &found.map.analyst);
        self.comparison = Some(Comparison {
            map: std::sync::Arc::new(found.map.clone()),
            name,
        });
        self.session.comparison = self.comparison.as_ref().map(|c| c.map.clone());
        self.notice = None;
    }

    /// Remove the comparison, if any.
    pub fn stop_comparing(&mut self) {
        self.comparison = None;
        self.session.comparison = None;
    }

    /// Whether the file at `path` changed on disk (or went) since the map was opened from it
    /// or saved to it: saving there would replace someone else's work.
    pub(super) fn changed_on_disk(&self, path: &Path) -> bool {
        storage::file_stamp(path) != self.saved.stamp
    }

    /// Save the map to `path`; a read-only file is only replaced once the user says so.
    pub(super) fn save_to(&mut self, path: &Path) {
        self.save_map_to(path, false);
    }

    /// Save the map to `path`. The first save over a file after the map was opened keeps the
    /// file as it was in `NAME.ron.bak`; later saves leave that alone, unless someone else
    /// changed the file in between. A read-only file is replaced only with
    /// `replace_read_only`: else the user is asked.
    pub(super) fn save_map_to(&mut self, path: &Path, replace_read_only: bool) {
        let path = &absolute(path);
        let changed_elsewhere =
            self.origin == Origin::File(path.to_owned()) && self.changed_on_disk(path);
        let options = storage::SaveOptions {
            backup: changed_elsewhere || !self.saved.backed_up.contains(path),
            replace_read_only,
        };
        match storage::save_with(&self.map, path, options) {
            Ok(()) => {
                if !self.saved.backed_up.contains(path) {
                    self.saved.backed_up.push(path.to_owned());
                }
                self.origin = Origin::File(path.to_owned());
                self.saved.state = self.history.state_id();
                self.saved.stamp = storage::file_stamp(path);
                self.session.remember_file(path.to_owned());
                let saved = format!("Saved to {}", path.display());
                self.notice = Some(Notice::info(match self.saved_view_notice() {
                    Some(view) => format!("{view} {saved}"),
                    None => saved,
                }));
            }
            Err(storage::StorageError::ReadOnly { .. }) => {
                self.dialogs.read_only = Some(path.to_owned());
            }
            Err(error) => {
                self.announce_saved_view = false;
                self.show_error(format!("Could not save the map. {error}"));
            }
        }
    }
}

/// A map read from a file, with what its notice says about dates to check.
pub(super) struct Read {
    /// The map and its upgrade.
    loaded: storage::Loaded,
    /// See [`dates_to_check`].
    dates: Option<String>,
}

/// Read, upgrade and check the map at `path` (on any thread).
fn read_map(path: &Path) -> Result<Read, storage::StorageError> {
    let loaded = storage::open_path(path)?;
    let dates = dates_to_check(&crate::model::lint::warnings(&loaded.map));
    Ok(Read { loaded, dates })
}

/// What the notice on opening a map says about its date warnings: the first in full, and how
/// many there are. `None` when there are none.
fn dates_to_check(warnings: &[crate::model::lint::Warning]) -> Option<String> {
    let first = crate::model::display_safe(&warnings.first()?.message).into_owned();
    Some(match warnings.len() {
        1 => format!("A date to check: {first}"),
        n => format!("{n} dates to check (stance-map check lists them all); the first: {first}"),
    })
}
