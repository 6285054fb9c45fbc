//! Loading a class of readings: every student's file of the same map, read in parallel off
//! the UI thread, each checked the way a single map is (size cap, syntax with line and column,
//! validation, upgrade of older formats). A file that cannot be a reading is listed with its
//! reason and never stops the others; nothing is silently dropped.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::model::StanceMap;
use crate::model::class::{Class, Reading};
use crate::model::text::display_safe_line;

use super::{StorageError, open_bytes, read_capped};

/// What loading a class's files gave: the readings, and every file that gave none, with why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassLoad {
    /// The readings that loaded, in the order of the files (folders' files by name).
    pub readings: Vec<Reading>,
    /// Files that could not be read as maps: (file as shown, the error in plain words, with
    /// the line and column where there is one).
    pub failed: Vec<(String, String)>,
    /// Files left out on purpose: (file as shown, why): not a map file (.ron), a copy of
    /// another file, a reading of a different map, or not read because loading was cancelled.
    pub skipped: Vec<(String, String)>,
}

/// The files a class is read from: each folder among `paths` is replaced by the entries
/// directly in it (one level, sorted by name; what is not a map file is reported by
/// [`load_class`], not dropped here), and files given directly are kept. An `Err` with a
/// message for people when a folder cannot be read or has nothing in it.
pub fn class_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path)
            .map_err(|e| format!("Could not read the folder {}: {e}", path.display()))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| format!("Could not read the folder {}: {e}", path.display()))?;
            found.push(entry.path());
        }
        if found.is_empty() {
            return Err(format!(
                "The folder {} is empty: put the students' map files (.ron) in it, or choose \
                 the files themselves",
                path.display()
            ));
        }
        found.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        files.extend(found);
    }
    Ok(files)
}

/// What became of one file.
enum Outcome {
    Loaded {
        map: Box<StanceMap>,
        hash: u64,
        len: usize,
    },
    Failed {
        message: String,
        hash: Option<(u64, usize)>,
    },
    Skipped(String),
}

/// Load the readings of `map` from `paths` (as [`class_files`] gives them): each file is read
/// and checked like any map file, and kept as a reading unless it is not a `.ron` file, is a
/// byte-for-byte copy of an earlier file, or is a reading of a different map
/// ([`Class::refuse_reason`]). The work is split over the machine's cores;
/// `progress(done, total)` is called after each file (from any of the threads), and setting
/// `cancel` stops it early: the files not yet read are listed as skipped.
///
/// Each reading's label is its analyst, else its file's name without `.ron`; when two readings
/// share a label, each such label gets its file's name after it.
pub fn load_class(
    map: &StanceMap,
    paths: &[PathBuf],
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> ClassLoad {
    load_readings(map, false, paths, progress, cancel)
}

/// What the reason for leaving out a copy of the reference map says.
pub const THE_REFERENCE_ITSELF: &str = "it is the reference map itself";

/// [`load_class`], and when `has_reference` says `map` is the lecturer's own reading (the
/// reference), a file whose map equals it (after any upgrade of its format) is left out as
/// [`THE_REFERENCE_ITSELF`]: a copy of the reference in the class folder is not a student's
/// reading, and counting it would pull the class towards the reference.
pub fn load_readings(
    map: &StanceMap,
    has_reference: bool,
    paths: &[PathBuf],
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> ClassLoad {
    let shown = shown_names(paths);
    let total = paths.len();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let outcomes: Vec<Mutex<Option<Outcome>>> = paths.iter().map(|_| Mutex::new(None)).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(total.max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    if cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let outcome = load_one(map, has_reference, path, &shown[i]);
                    if let Ok(mut slot) = outcomes[i].lock() {
                        *slot = Some(outcome);
                    }
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                }
            });
        }
    });

    let mut load = ClassLoad::default();
    // The first file with given contents, by (hash, length), and its index.
    let mut seen: HashMap<(u64, usize), usize> = HashMap::new();
    for (i, slot) in outcomes.into_iter().enumerate() {
        let file = shown[i].clone();
        let outcome = slot.into_inner().ok().flatten();
        let key = match &outcome {
            Some(Outcome::Loaded { hash, len, .. }) => Some((*hash, *len)),
            Some(Outcome::Failed { hash, .. }) => *hash,
            _ => None,
        };
        if let Some(key) = key {
            let first = seen.get(&key).copied();
            // Telling a copy for sure reads both files again: not once loading is cancelled.
            if first.is_some() && cancel.load(Ordering::Relaxed) {
                load.skipped
                    .push((file, "not read: loading was cancelled".to_owned()));
                continue;
            }
            if let Some(first) = first
                && same_bytes(&paths[first], &paths[i])
            {
                load.skipped.push((
                    file,
                    format!("the same file as {} (a copy): read once", shown[first]),
                ));
                continue;
            }
            seen.entry(key).or_insert(i);
        }
        match outcome {
            Some(Outcome::Loaded { map, .. }) => load.readings.push(Reading {
                label: label_of(&map, &paths[i]),
                file,
                map: *map,
            }),
            Some(Outcome::Failed { message, .. }) => load.failed.push((file, message)),
            Some(Outcome::Skipped(why)) => load.skipped.push((file, why)),
            None => load
                .skipped
                .push((file, "not read: loading was cancelled".to_owned())),
        }
    }
    make_labels_unique(&mut load.readings);
    load
}

/// Read, check and match one file.
fn load_one(map: &StanceMap, has_reference: bool, path: &Path, shown: &str) -> Outcome {
    if path.is_dir() {
        return Outcome::Skipped(
            "a folder: only the files directly in the chosen folder are read".to_owned(),
        );
    }
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return Outcome::Skipped("not a map file (a map file's name ends in .ron)".to_owned());
    }
    let failed = |error: StorageError, hash| Outcome::Failed {
        message: error_text(error, shown),
        hash,
    };
    let bytes = match read_capped(path) {
        Ok(bytes) => bytes,
        Err(error) => return failed(error, None),
    };
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let (hash, len) = (hasher.finish(), bytes.len());
    match open_bytes(&bytes) {
        Err(error) => failed(error, Some((hash, len))),
        Ok(loaded) if has_reference && loaded.map == *map => {
            Outcome::Skipped(THE_REFERENCE_ITSELF.to_owned())
        }
        Ok(loaded) => match Class::refuse_reason(map, &loaded.map) {
            Some(why) => Outcome::Skipped(why),
            None => Outcome::Loaded {
                map: Box::new(loaded.map),
                hash,
                len,
            },
        },
    }
}

/// Whether two files have the same bytes (read again: a matching hash is checked, not trusted).
fn same_bytes(a: &Path, b: &Path) -> bool {
    matches!((read_capped(a), read_capped(b)), (Ok(x), Ok(y)) if x == y)
}

/// The error in words, without the file's name in front (it is shown beside it).
fn error_text(error: StorageError, shown: &str) -> String {
    let text = error.with_path(Path::new(shown)).to_string();
    match text.strip_prefix(&format!("{shown}: ")) {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// Each file as people are shown it: its name, or its whole path when two files share a name.
fn shown_names(paths: &[PathBuf]) -> Vec<String> {
    let name = |p: &PathBuf| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for path in paths {
        *counts.entry(name(path)).or_default() += 1;
    }
    paths
        .iter()
        .map(|p| {
            let n = name(p);
            if counts.get(&n).copied().unwrap_or(0) > 1 {
                p.display().to_string()
            } else {
                n
            }
        })
        .map(|s| display_safe_line(&s).into_owned())
        .collect()
}

/// The map's analyst, else the file's name without its extension.
fn label_of(map: &StanceMap, path: &Path) -> String {
    let analyst = map.analyst.trim();
    let label = if analyst.is_empty() {
        path.file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    } else {
        analyst.to_owned()
    };
    display_safe_line(&label).into_owned()
}

/// When readings share a label, add each one's file after it: "Ana (ana-2.ron)".
fn make_labels_unique(readings: &mut [Reading]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for reading in readings.iter() {
        *counts.entry(reading.label.clone()).or_default() += 1;
    }
    for reading in readings.iter_mut() {
        if counts.get(&reading.label).copied().unwrap_or(0) > 1 {
            reading.label = format!("{} ({})", reading.label, reading.file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Confidence, Date, Interpolation, Keyframe, Power, PowerId};
    use crate::storage::to_ron_string;

    fn map(analyst: &str, strength: f64) -> StanceMap {
        let mut map = StanceMap::empty();
        map.analyst = analyst.into();
        map.powers.push(Power {
            id: PowerId("p".into()),
            name: "P".into(),
            color: "#123456".into(),
            bearing_deg: 0.0,
            track: vec![Keyframe {
                date: Date::year(2000),
                strength,
                confidence: Confidence::Medium,
                interpolation: Interpolation::Linear,
                reasoning: String::new(),
                evidence: Vec::new(),
                unjudged: false,
            }],
        });
        map
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "stance-map-class-unit-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn loads_labels_and_lists_every_file_that_is_not_a_reading() {
        let dir = temp_dir("mixed");
        let reference = map("Lecturer", 0.0);
        std::fs::write(dir.join("a.ron"), to_ron_string(&map("Ana", 0.5))).unwrap();
        std::fs::write(dir.join("b.ron"), to_ron_string(&map("Ana", 0.1))).unwrap();
        std::fs::write(dir.join("c.ron"), to_ron_string(&map("Ana", 0.5))).unwrap();
        std::fs::write(dir.join("d.ron"), to_ron_string(&map(" ", 0.2))).unwrap();
        std::fs::write(dir.join("e.ron"), "(format_version: 6,\n  title: oops").unwrap();
        std::fs::write(dir.join("f.txt"), "notes").unwrap();
        let mut other = map("Ola", 0.3);
        other.subject = "Elsewhere".into();
        std::fs::write(dir.join("g.ron"), to_ron_string(&other)).unwrap();
        let files = class_files(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(files.len(), 7);
        let calls = AtomicUsize::new(0);
        let load = load_class(
            &reference,
            &files,
            &|done, total| {
                assert!(done <= total && total == 7);
                calls.fetch_add(1, Ordering::Relaxed);
            },
            &AtomicBool::new(false),
        );
        assert_eq!(calls.load(Ordering::Relaxed), 7);
        let labels: Vec<&str> = load.readings.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, vec!["Ana (a.ron)", "Ana (b.ron)", "d"]);
        assert_eq!(load.failed.len(), 1);
        assert_eq!(load.failed[0].0, "e.ron");
        assert!(
            load.failed[0].1.starts_with("line 2, column 9:"),
            "{:?}",
            load.failed
        );
        let skipped: Vec<&str> = load.skipped.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(skipped, vec!["c.ron", "f.txt", "g.ron"]);
        assert!(load.skipped[0].1.contains("a.ron"), "{:?}", load.skipped);
        assert!(
            load.skipped[2].1.contains("Elsewhere"),
            "{:?}",
            load.skipped
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_load_cancelled_after_the_last_file_reads_no_file_again_to_tell_copies() {
        let dir = temp_dir("cancel-copies");
        for name in ["a.ron", "b.ron"] {
            std::fs::write(dir.join(name), to_ron_string(&map("Ana", 0.5))).unwrap();
        }
        let files = class_files(std::slice::from_ref(&dir)).unwrap();
        let cancel = AtomicBool::new(false);
        let load = load_class(
            &map("Lecturer", 0.0),
            &files,
            &|done, total| {
                if done == total {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        );
        assert_eq!(load.readings.len(), 1);
        assert_eq!(
            load.skipped,
            vec![(
                "b.ron".to_owned(),
                "not read: loading was cancelled".to_owned()
            )]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_empty_folder_is_an_error_and_a_cancelled_load_lists_what_it_did_not_read() {
        let dir = temp_dir("empty");
        let error = class_files(std::slice::from_ref(&dir)).unwrap_err();
        assert!(error.contains("is empty"), "{error}");
        std::fs::write(dir.join("a.ron"), to_ron_string(&map("Ana", 0.5))).unwrap();
        let files = class_files(std::slice::from_ref(&dir)).unwrap();
        let load = load_class(&map("", 0.0), &files, &|_, _| {}, &AtomicBool::new(true));
        assert!(load.readings.is_empty());
        assert_eq!(load.skipped.len(), 1);
        assert!(load.skipped[0].1.contains("cancelled"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
