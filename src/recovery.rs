//! Recovery of unsaved work after a crash or a kill.
//!
//! While a map has unsaved changes, the app hands a copy to a background thread a few seconds
//! after the last edit; the thread writes it atomically to the recovery folder. A clean exit,
//! a save, or discarding the changes removes the file. On start, a recovery file means the
//! last session ended without saving, and the app offers to restore it.

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

/// The recovery file inside a folder.
pub fn recovery_file(dir: &Path) -> PathBuf {
    dir.join("unsaved-map.ron")
}

/// Write a recovery copy atomically.
pub fn write(dir: &Path, recovered: &Recovered) -> Result<(), StorageError> {
    std::fs::create_dir_all(dir).map_err(|source| StorageError::Io {
        path: Some(dir.to_owned()),
        action: "could not create the recovery folder",
        source,
    })?;
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .escape_strings(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let text = ron::ser::to_string_pretty(recovered, config).map_err(|e| StorageError::Syntax {
        path: None,
        at: storage::LineCol { line: 1, col: 1 },
        message: e.to_string(),
    })?;
    storage::write_atomically(&recovery_file(dir), text.as_bytes())
}

/// Read the recovery copy, if there is one. A damaged copy is an error, never a panic.
pub fn read(dir: &Path) -> Option<Result<Recovered, StorageError>> {
    let path = recovery_file(dir);
    if !path.exists() {
        return None;
    }
    Some(read_path(&path))
}

fn read_path(path: &Path) -> Result<Recovered, StorageError> {
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

/// Remove the recovery copy (best effort: a missing file is fine).
pub fn clear(dir: &Path) {
    let _ = std::fs::remove_file(recovery_file(dir));
}

enum Job {
    Write(Box<Recovered>),
    Clear,
    Stop,
}

/// A background thread that writes recovery copies, so the UI never waits on the disk.
pub struct RecoveryWriter {
    sender: mpsc::Sender<Job>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RecoveryWriter {
    /// Start the writer for a folder. A failed write is reported on standard error: the
    /// user's work is still in the window, and the next edit tries again.
    pub fn start(dir: PathBuf) -> Self {
        let (sender, receiver) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("stance-map recovery".to_owned())
            .spawn(move || {
                while let Ok(first) = receiver.recv() {
                    let mut jobs = vec![first];
                    jobs.extend(receiver.try_iter());
                    let last = jobs.len() - 1;
                    for (i, job) in jobs.into_iter().enumerate() {
                        match job {
                            // A copy with a newer job behind it is out of date: skip it.
                            Job::Write(_) if i < last => {}
                            Job::Write(recovered) => {
                                if let Err(error) = write(&dir, &recovered) {
                                    eprintln!(
                                        "stance-map: could not write the recovery copy: {error}"
                                    );
                                }
                            }
                            Job::Clear => clear(&dir),
                            Job::Stop => return,
                        }
                    }
                }
            })
            .ok();
        Self { sender, thread }
    }

    /// Ask for a copy of the map to be written.
    pub fn write(&self, recovered: Recovered) {
        let _ = self.sender.send(Job::Write(Box::new(recovered)));
    }

    /// Ask for the copy to be removed.
    pub fn clear(&self) {
        let _ = self.sender.send(Job::Clear);
    }

    /// Remove the copy and wait for the thread to finish (on a clean exit).
    pub fn clear_and_stop(&mut self) {
        let _ = self.sender.send(Job::Clear);
        let _ = self.sender.send(Job::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
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

    #[test]
    fn writes_reads_and_clears() {
        let dir = std::env::temp_dir().join(format!("stance-map-recovery-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(read(&dir).is_none());
        let recovered = Recovered {
            saved_at_unix_s: 1,
            origin: Some(PathBuf::from("/x/y.ron")),
            map: crate::article::article_map().unwrap(),
        };
        let mut writer = RecoveryWriter::start(dir.clone());
        writer.write(recovered.clone());
        // The writer is asynchronous: wait for the file, a bounded number of times.
        for _ in 0..200 {
            if recovery_file(&dir).exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(read(&dir).unwrap().unwrap(), recovered);
        writer.clear_and_stop();
        assert!(read(&dir).is_none());
        std::fs::write(recovery_file(&dir), "garbage").unwrap();
        assert!(read(&dir).unwrap().is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_copy_that_breaks_a_rule_says_where() {
        let dir =
            std::env::temp_dir().join(format!("stance-map-recovery-rule-{}", std::process::id()));
        let mut map = crate::article::article_map().unwrap();
        map.powers[1].track[2].strength = 7.0;
        let recovered = Recovered {
            saved_at_unix_s: 1,
            origin: None,
            map,
        };
        write(&dir, &recovered).unwrap();
        let text = std::fs::read_to_string(recovery_file(&dir)).unwrap();
        let error = read(&dir).unwrap().unwrap_err();
        let at = error.line_col().expect("the problem has a line and column");
        let line = text.lines().nth(at.line - 1).unwrap();
        assert!(line.trim_start().starts_with("strength:"), "{line}");
        assert_eq!(&line[at.col - 1..], "7.0,", "{error}");
        assert!(
            error.to_string().contains(&format!("line {}", at.line)),
            "{error}"
        );
        assert_eq!(error.path(), Some(recovery_file(&dir).as_path()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
