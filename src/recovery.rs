//! Recovery of unsaved work after a crash or a kill.
//!
//! While a map has unsaved changes, the app hands a copy to a background thread a few seconds
//! after the last edit; the thread writes it atomically to the recovery folder. A clean exit,
//! a save, or discarding the changes removes the file.
//!
//! Each running app has a copy of its own (`unsaved-<process>-<start time>.ron`), guarded by
//! a lock file (`….lock`) that the app keeps locked while it runs ([`OwnCopy`]). On start, a
//! copy whose lock is free belongs to an app that is gone without saving ([`Orphan`]): the app
//! offers every such copy to restore or discard. Copies of running apps are never read,
//! replaced or deleted by another app.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::model::{PathSeg, StanceMap, validate_with_paths};
use crate::storage::{self, StorageError};

/// The environment variable that moves the recovery folder (used by tests and the CI script).
pub const RECOVERY_DIR_ENV: &str = "STANCE_MAP_RECOVERY_DIR";

/// The largest recovery copy read: a map at its cap, with room for the copy's own fields.
const RECOVERY_MAX_BYTES: u64 = storage::MAX_FILE_BYTES + 64 * 1024;

/// What a recovery file holds: the unsaved map, where it came from, and when it was written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recovered {
    /// Seconds since 1970 (UTC) when the copy was written.
    pub saved_at_unix_s: u64,
    /// The file the map was opened from, if any (`None`: the built-in map or a new one).
    pub origin: Option<PathBuf>,
    /// The map with its unsaved changes.
    pub map: StanceMap,
}

impl Recovered {
    /// When the copy was written, as "2026-11-29 05:40 UTC".
    pub fn saved_at_text(&self) -> String {
        format_utc(self.saved_at_unix_s)
    }

    /// When the copy was written, as people say it: "12 minutes ago (2026-11-29 05:40 UTC)".
    /// The age needs no time zone, which the standard library cannot tell.
    pub fn saved_when_text(&self, now_unix_s: u64) -> String {
        format!(
            "{} ({})",
            age_text(now_unix_s.saturating_sub(self.saved_at_unix_s)),
            self.saved_at_text()
        )
    }
}

/// An age in seconds in words: "less than a minute ago", "1 minute ago", "3 hours ago".
pub fn age_text(seconds: u64) -> String {
    let (n, unit) = match seconds {
        0..60 => return "less than a minute ago".to_owned(),
        60..3_600 => (seconds / 60, "minute"),
        3_600..86_400 => (seconds / 3_600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{plural} ago")
}

/// Format seconds since 1970 as a UTC date and time, without a date library.
pub fn format_utc(unix_s: u64) -> String {
    let days = (unix_s / 86_400) as i64;
    let secs_of_day = unix_s % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs_of_day / 3600,
        (secs_of_day / 60) % 60
    )
}

/// Seconds since 1970 now.
pub fn now_unix_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The recovery folder: `$STANCE_MAP_RECOVERY_DIR`, else the app's data folder.
pub fn recovery_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(RECOVERY_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    eframe::storage_dir("stance-map").map(|d| d.join("recovery"))
}

/// The name of the copy kept before each running app had a copy of its own. A copy left
/// under this name is offered once, like any other copy whose app is gone.
pub const LEGACY_FILE_NAME: &str = "unsaved-map.ron";

/// Every copy and its lock start with this; the rest of the name says whose they are.
const PREFIX: &str = "unsaved-";
const COPY_SUFFIX: &str = ".ron";
const LOCK_SUFFIX: &str = ".lock";

fn copy_path(dir: &Path, stem: &str) -> PathBuf {
    dir.join(format!("{stem}{COPY_SUFFIX}"))
}

fn lock_path(dir: &Path, stem: &str) -> PathBuf {
    dir.join(format!("{stem}{LOCK_SUFFIX}"))
}

fn io_error(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StorageError {
    let path = path.to_owned();
    move |source| StorageError::Io {
        path: Some(path),
        action,
        source,
    }
}

/// The copy of unsaved work that belongs to this running app, and the lock that says so.
///
/// Its name is its own (`unsaved-<process id>-<start time>.ron`), and its lock file
/// (`….lock`) stays locked for as long as the app runs; the operating system lets go of the
/// lock when the process ends, however it ends. Another app therefore never reads, replaces
/// or deletes this copy while this app runs, and offers it once this app is gone.
pub struct OwnCopy {
    dir: PathBuf,
    stem: String,
    /// Held, and locked, for the life of the process.
    _lock: File,
}

impl OwnCopy {
    /// Take a name of this process's own in `dir` and lock it. The lock file appears under
    /// its name already locked, so no other app can ever find it unlocked while this one runs.
    pub fn claim(dir: &Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir)
            .map_err(io_error(dir, "could not create the recovery folder"))?;
        let started_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let pid = std::process::id();
        let mut attempt = 0u32;
        loop {
            let stem = format!("{PREFIX}{pid}-{started_ns:x}-{attempt}");
            let temp = dir.join(format!(".{stem}{LOCK_SUFFIX}.new"));
            let file = match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 16 => {
                    attempt += 1;
                    continue;
                }
                Err(e) => return Err(io_error(&temp, "could not create the recovery lock")(e)),
            };
            let locked = file
                .try_lock()
                .map_err(|e| io_error(&temp, "could not lock the recovery copy")(e.into()))
                .and_then(|()| {
                    std::fs::rename(&temp, lock_path(dir, &stem)).map_err(io_error(
                        &lock_path(dir, &stem),
                        "could not create the recovery lock",
                    ))
                });
            if let Err(error) = locked {
                let _ = std::fs::remove_file(&temp);
                return Err(error);
            }
            return Ok(Self {
                dir: dir.to_owned(),
                stem,
                _lock: file,
            });
        }
    }

    /// Where this app's copy is written.
    pub fn path(&self) -> PathBuf {
        copy_path(&self.dir, &self.stem)
    }

    /// On a clean exit: remove the copy, then the lock file, then let go of the lock.
    fn remove(self) {
        let _ = std::fs::remove_file(self.path());
        let _ = std::fs::remove_file(lock_path(&self.dir, &self.stem));
    }
}

/// A copy whose app is gone (killed, crashed, or older than per-app copies): its lock was
/// free, and this app now holds it, so no other app offers the same copy meanwhile. Dropping
/// an `Orphan` lets go of the lock and leaves the copy for the next app that starts.
pub struct Orphan {
    copy: PathBuf,
    lock_path: PathBuf,
    _lock: File,
}

impl Orphan {
    /// Lock the copy `stem` in `dir` if its app is gone. `None`: its app still runs (or the
    /// lock cannot be taken, or the copy is not a plain file): leave it alone. A lock file
    /// with no copy, left by an app that ended before writing one, is removed.
    fn claim(dir: &Path, stem: &str) -> Option<Self> {
        let lock_path = lock_path(dir, stem);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .ok()?;
        // Held by a running app (`WouldBlock`), or a folder that cannot lock: hands off.
        lock.try_lock().ok()?;
        let copy = copy_path(dir, stem);
        // Looked at only now, under the lock: another app may have just taken it over.
        match std::fs::symlink_metadata(&copy) {
            Ok(meta) if meta.is_file() => Some(Self {
                copy,
                lock_path,
                _lock: lock,
            }),
            // No copy, or not a plain file (a link, a folder, a pipe: never read, never
            // removed). The lock file is no one's: remove it.
            _ => {
                let _ = std::fs::remove_file(&lock_path);
                None
            }
        }
    }

    /// The copy's path.
    pub fn path(&self) -> &Path {
        &self.copy
    }

    /// Read the copy. A damaged copy is an error, never a panic.
    pub fn read(&self) -> Result<Recovered, StorageError> {
        read_file(&self.copy)
    }

    /// Delete the copy (the user discarded it), then its lock file.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.copy);
        self.release_lock_file();
    }

    /// Move an unreadable copy out of the way as `unreadable-….ron`, next to it, under a
    /// name no other file has. Returns the new path (`None`: it could not be moved, and is
    /// left where it is).
    pub fn set_aside(self) -> Option<PathBuf> {
        let dir = self.copy.parent()?.to_owned();
        let name = self.copy.file_stem()?.to_string_lossy().into_owned();
        for n in 1..100 {
            let aside = if n == 1 {
                dir.join(format!("unreadable-{name}.ron"))
            } else {
                dir.join(format!("unreadable-{name}-{n}.ron"))
            };
            if std::fs::symlink_metadata(&aside).is_ok() {
                continue;
            }
            if std::fs::rename(&self.copy, &aside).is_ok() {
                self.release_lock_file();
                return Some(aside);
            }
            return None;
        }
        None
    }

    /// Make the copy this app's own (after restoring it): it moves to `own`, so it keeps
    /// the restored work safe until this app writes its next copy there.
    fn adopt(self, own: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.copy, own)?;
        self.release_lock_file();
        Ok(())
    }

    /// Remove the lock file while still holding its lock: an app that opened it meanwhile
    /// finds it locked, and then finds no copy.
    fn release_lock_file(self) {
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// A copy of unsaved work whose app is gone, read and ready to offer.
pub struct Offer {
    /// What the copy holds.
    pub recovered: Recovered,
    /// The copy on disk, locked by this app while it is offered.
    pub orphan: Orphan,
}

/// What [`find_offers`] found in the recovery folder.
#[derive(Default)]
pub struct Found {
    /// The copies to offer, newest first.
    pub offers: Vec<Offer>,
    /// Copies that could not be read: each was set aside (the new path, or `None` when it
    /// could not be moved), with why it could not be read.
    pub unreadable: Vec<(Option<PathBuf>, StorageError)>,
}

/// Every copy in `dir` whose app is gone, read and locked by this app; copies of running apps
/// are never opened. Unreadable copies are set aside (`unreadable-….ron`), each with its error.
pub fn find_offers(dir: &Path) -> Found {
    let mut found = Found::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let stems: std::collections::BTreeSet<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name
                .strip_suffix(COPY_SUFFIX)
                .or_else(|| name.strip_suffix(LOCK_SUFFIX))?;
            let id = stem.strip_prefix(PREFIX)?;
            let plain = !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            plain.then(|| stem.to_owned())
        })
        .collect();
    for stem in stems {
        let Some(orphan) = Orphan::claim(dir, &stem) else {
            continue;
        };
        match orphan.read() {
            Ok(recovered) => found.offers.push(Offer { recovered, orphan }),
            Err(error) => found.unreadable.push((orphan.set_aside(), error)),
        }
    }
    found
        .offers
        .sort_by_key(|offer| std::cmp::Reverse(offer.recovered.saved_at_unix_s));
    found
}

/// A recovery copy as the text [`write_file`] writes and [`parse`] reads.
pub fn to_text(recovered: &Recovered) -> Result<String, StorageError> {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .escape_strings(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    ron::ser::to_string_pretty(recovered, config).map_err(|e| StorageError::Syntax {
        path: None,
        at: storage::LineCol { line: 1, col: 1 },
        message: e.to_string(),
    })
}

/// Write a recovery copy to `path` atomically.
pub fn write_file(path: &Path, recovered: &Recovered) -> Result<(), StorageError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(io_error(dir, "could not create the recovery folder"))?;
    }
    storage::write_atomically(path, to_text(recovered)?.as_bytes())
}

/// Read the recovery copy at `path`. A damaged copy is an error, never a panic.
pub fn read_file(path: &Path) -> Result<Recovered, StorageError> {
    let io = |source| StorageError::Io {
        path: Some(path.to_owned()),
        action: "could not read the recovery copy",
        source,
    };
    // A damaged copy may be any size: read no more than a map may be (plus its wrapper).
    // Never a FIFO or a device, which could block or never end.
    let file = storage::open_regular_file(path)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, RECOVERY_MAX_BYTES + 1),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() as u64 > RECOVERY_MAX_BYTES {
        return Err(StorageError::TooLarge {
            path: Some(path.to_owned()),
            size_bytes: std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len()),
            limit_bytes: RECOVERY_MAX_BYTES,
        });
    }
    parse(&String::from_utf8_lossy(&bytes)).map_err(|e| e.with_path(path))
}

/// A recovery copy from its text: parsed, upgraded from an older format, and validated like
/// a map file, with the line and column of what is wrong. Never panics (fuzzed).
pub fn parse(text: &str) -> Result<Recovered, StorageError> {
    let mut recovered: Recovered = ron::Options::default()
        .from_str(text)
        .map_err(|e| storage::syntax_error(&e))?;
    // A copy left by an older stance-map is upgraded like any other file of its version.
    crate::model::migrate::upgrade(&mut recovered.map);
    let found = validate_with_paths(&recovered.map);
    if found.is_empty() {
        Ok(recovered)
    } else {
        Err(storage::invalid(text, &[PathSeg::Field("map")], found))
    }
}

enum Job {
    Write(Box<Recovered>),
    Clear,
    Adopt(Box<Orphan>),
    /// End the thread; `clean`: remove the lock file too (a clean exit).
    Stop {
        clean: bool,
    },
}

/// How the writes are going, as the writer reports it when it changes: the first failure
/// after copies were being written (or before any was), and the first success after a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteStatus {
    /// The copy could not be written (or a restored copy could not be taken over): why, in
    /// words.
    Failing(String),
    /// A copy was written again after a failure.
    Working,
}

/// A background thread that writes this app's recovery copy, so the UI never waits on the
/// disk. It holds the copy's lock ([`OwnCopy`]) until the app ends.
pub struct RecoveryWriter {
    sender: mpsc::Sender<Job>,
    status: mpsc::Receiver<WriteStatus>,
    thread: Option<std::thread::JoinHandle<()>>,
    path: PathBuf,
}

impl RecoveryWriter {
    /// Claim a copy of this app's own in `dir` and start the writer. A failed write is
    /// logged and reported by [`Self::take_status`], for the app to tell the user: their work
    /// is still in the window, and the next edit tries again.
    pub fn start(dir: &Path) -> Result<Self, StorageError> {
        let own = OwnCopy::claim(dir)?;
        let path = own.path();
        let (sender, receiver) = mpsc::channel::<Job>();
        let (status_sender, status) = mpsc::channel::<WriteStatus>();
        let thread = std::thread::Builder::new()
            .name("stance-map recovery".to_owned())
            .spawn(move || run_writer(own, &receiver, &status_sender))
            .map_err(io_error(dir, "could not start the recovery writer"))?;
        Ok(Self {
            sender,
            status,
            thread: Some(thread),
            path,
        })
    }

    /// Where this app's copy is written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The latest change in how the writes are going since the last call, if any. Never
    /// blocks: the app asks every frame.
    pub fn take_status(&self) -> Option<WriteStatus> {
        self.status.try_iter().last()
    }

    /// Ask for a copy of the map to be written.
    pub fn write(&self, recovered: Recovered) {
        let _ = self.sender.send(Job::Write(Box::new(recovered)));
    }

    /// Ask for the copy to be removed.
    pub fn clear(&self) {
        let _ = self.sender.send(Job::Clear);
    }

    /// Make a restored orphan this app's copy: it is moved to [`Self::path`].
    pub fn adopt(&self, orphan: Orphan) {
        let _ = self.sender.send(Job::Adopt(Box::new(orphan)));
    }

    /// Remove the copy and its lock, and wait for the thread to finish (on a clean exit).
    pub fn clear_and_stop(&mut self) {
        let _ = self.sender.send(Job::Clear);
        self.stop(true);
    }

    fn stop(&mut self, clean: bool) {
        let _ = self.sender.send(Job::Stop { clean });
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RecoveryWriter {
    /// Without a clean exit (a panic, or a test dropping the app as if it were killed): the
    /// copy stays, and the lock is let go, so the next app offers the copy.
    fn drop(&mut self) {
        self.stop(false);
    }
}

fn run_writer(own: OwnCopy, receiver: &mpsc::Receiver<Job>, status: &mpsc::Sender<WriteStatus>) {
    let path = own.path();
    // Whether the last write failed: the app hears of a failure once, not at every edit, and
    // hears when writes work again.
    let mut failing = false;
    let mut report = |result: Result<(), String>| match result {
        Err(message) => {
            log::warn!("{message}");
            if !failing {
                let _ = status.send(WriteStatus::Failing(message));
            }
            failing = true;
        }
        Ok(()) if failing => {
            log::info!("the recovery copy is written again: {}", path.display());
            let _ = status.send(WriteStatus::Working);
            failing = false;
        }
        Ok(()) => {}
    };
    while let Ok(first) = receiver.recv() {
        let mut jobs = vec![first];
        jobs.extend(receiver.try_iter());
        // A copy with a newer copy (or a removal) behind it is out of date: skip it.
        let last_write = jobs
            .iter()
            .rposition(|job| matches!(job, Job::Write(_) | Job::Clear | Job::Adopt(_)));
        for (i, job) in jobs.into_iter().enumerate() {
            match job {
                Job::Write(_) if Some(i) != last_write => {}
                Job::Write(recovered) => {
                    report(
                        write_file(&path, &recovered)
                            .map_err(|error| format!("could not write the recovery copy: {error}")),
                    );
                }
                Job::Clear => {
                    let _ = std::fs::remove_file(&path);
                }
                Job::Adopt(orphan) => {
                    let from = orphan.path().to_owned();
                    // The restored work is still in the window, and still in the copy left
                    // where it was, which the next start offers again.
                    report(orphan.adopt(&path).map_err(|error| {
                        format!(
                            "could not take over the recovery copy {}: {error}",
                            from.display()
                        )
                    }));
                }
                Job::Stop { clean } => {
                    if clean {
                        own.remove();
                    }
                    // Otherwise the copy stays, and the lock goes with `own`.
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_words() {
        assert_eq!(age_text(0), "less than a minute ago");
        assert_eq!(age_text(59), "less than a minute ago");
        assert_eq!(age_text(60), "1 minute ago");
        assert_eq!(age_text(3_599), "59 minutes ago");
        assert_eq!(age_text(7_200), "2 hours ago");
        assert_eq!(age_text(86_400 * 3 + 5), "3 days ago");
        let copy = Recovered {
            saved_at_unix_s: 1_795_930_440,
            origin: None,
            map: crate::model::StanceMap::empty(),
        };
        assert_eq!(
            copy.saved_when_text(1_795_930_440 + 720),
            "12 minutes ago (2026-11-29 05:34 UTC)"
        );
        // A clock set back since: never "−3 minutes ago".
        assert_eq!(
            copy.saved_when_text(0),
            "less than a minute ago (2026-11-29 05:34 UTC)"
        );
    }

    #[test]
    fn formats_utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_795_930_440), "2026-11-29 05:34 UTC");
    }

    fn dir_for(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stance-map-recovery-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn copy_of(strength: f64) -> Recovered {
        let mut map = crate::article::article_map().unwrap();
        map.powers[1].track[2].strength = strength;
        Recovered {
            saved_at_unix_s: 1,
            origin: Some(PathBuf::from("/x/y.ron")),
            map,
        }
    }

    #[test]
    fn writes_clears_and_leaves_the_copy_when_not_stopped_cleanly() {
        let dir = dir_for("writer");
        let recovered = copy_of(0.5);
        let writer = RecoveryWriter::start(&dir).unwrap();
        let path = writer.path().to_owned();
        writer.write(recovered.clone());
        // The writer is asynchronous: wait for the file, a bounded number of times.
        for _ in 0..200 {
            if path.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(read_file(&path).unwrap(), recovered);
        assert!(
            find_offers(&dir).offers.is_empty(),
            "a live copy is not offered"
        );
        drop(writer); // as if killed: the copy stays, the lock is free
        let found = find_offers(&dir);
        assert_eq!(found.offers.len(), 1);
        assert_eq!(found.offers[0].recovered, recovered);
        assert_eq!(found.offers[0].orphan.path(), path);
        drop(found);

        let mut writer = RecoveryWriter::start(&dir).unwrap();
        writer.write(recovered);
        writer.clear_and_stop();
        assert_eq!(names(&dir).len(), 2, "the first copy and its lock only");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_live_copy_is_never_read_nor_removed_and_an_orphan_is_offered_once() {
        let dir = dir_for("live");
        let live = OwnCopy::claim(&dir).unwrap();
        write_file(&live.path(), &copy_of(0.1)).unwrap();
        let before = names(&dir);
        let found = find_offers(&dir);
        assert!(found.offers.is_empty() && found.unreadable.is_empty());
        assert_eq!(names(&dir), before, "nothing touched");

        drop(live); // its app is gone
        let first = find_offers(&dir);
        assert_eq!(first.offers.len(), 1);
        // A second app starting meanwhile does not offer the copy the first one offers.
        assert!(find_offers(&dir).offers.is_empty());
        let Found { mut offers, .. } = first;
        offers.remove(0).orphan.discard();
        assert_eq!(
            names(&dir),
            Vec::<String>::new(),
            "the copy and its lock are gone"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn leftovers_that_are_not_copies_are_left_alone_or_tidied() {
        let dir = dir_for("leftovers");
        // A lock with no copy: its app ended before writing one.
        std::fs::write(dir.join("unsaved-9-x-0.lock"), "").unwrap();
        // Not plain files, or not names of copies: never opened, never removed.
        std::fs::create_dir(dir.join("unsaved-8-y-0.ron")).unwrap();
        std::fs::write(dir.join("unsaved-notes.ron.lock"), "mine").unwrap();
        std::fs::write(dir.join("other.ron"), "mine").unwrap();
        let found = find_offers(&dir);
        assert!(found.offers.is_empty() && found.unreadable.is_empty());
        assert_eq!(
            names(&dir),
            ["other.ron", "unsaved-8-y-0.ron", "unsaved-notes.ron.lock"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_copy_that_breaks_a_rule_says_where() {
        let dir = dir_for("rule");
        let path = dir.join(LEGACY_FILE_NAME);
        write_file(&path, &copy_of(7.0)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let error = read_file(&path).unwrap_err();
        let at = error.line_col().expect("the problem has a line and column");
        let line = text.lines().nth(at.line - 1).unwrap();
        assert!(line.trim_start().starts_with("strength:"), "{line}");
        assert_eq!(&line[at.col - 1..], "7.0,", "{error}");
        assert!(
            error.to_string().contains(&format!("line {}", at.line)),
            "{error}"
        );
        assert_eq!(error.path(), Some(path.as_path()));
        // Found in the folder, it is set aside under a name of its own.
        let found = find_offers(&dir);
        assert!(found.offers.is_empty());
        assert_eq!(
            found.unreadable[0].0.as_deref(),
            Some(dir.join("unreadable-unsaved-map.ron").as_path())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
