//! Loading and saving maps: round trips, errors with line and column, atomic saves.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common;

use std::path::Path;

use crate::common::temp_dir;

use stance_map::article::{ARTICLE_MAP_RON, article_map};
use stance_map::model::{Date, StanceMap};
use stance_map::storage::{
    LineCol, MAX_FILE_BYTES, StorageError, load_bytes, load_path, load_str, save_path,
    to_ron_string,
};

/// Replace the first occurrence, insisting it is there: a test whose edit silently misses
/// would test the unedited map.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the map no longer contains {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn the_article_map_round_trips_through_text_and_files() {
    let map = article_map().unwrap();
    let text = to_ron_string(&map);
    assert_eq!(load_str(&text).unwrap(), map);

    let dir = temp_dir("roundtrip");
    let path = dir.join("serbia.ron");
    save_path(&map, &path).unwrap();
    assert_eq!(load_path(&path).unwrap(), map);
    // Saving again over an existing file replaces it and leaves no temporary files behind.
    let mut changed = map.clone();
    changed.title = "Changed".into();
    save_path(&changed, &path).unwrap();
    assert_eq!(load_path(&path).unwrap(), changed);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_shipped_file_is_in_the_saved_layout() {
    // Saving the shipped map reproduces the shipped file byte for byte, so the format
    // the app writes is the one people read in the repository, and diffs stay small.
    let map = article_map().unwrap();
    assert_eq!(to_ron_string(&map), ARTICLE_MAP_RON);
}

#[test]
fn saved_text_keeps_unicode_readable_and_uses_newlines() {
    let mut map = StanceMap::empty();
    map.title = "Vučić’s “ironclad” friend".into();
    let text = to_ron_string(&map);
    assert!(text.contains("Vučić’s “ironclad” friend"), "{text}");
    assert!(!text.contains('\r'));
    assert!(text.starts_with("#![enable(implicit_some)]"));
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let text = replace_once(ARTICLE_MAP_RON, "strength: 0.1,", "strength: 0.1 oops,");
    let line = text.lines().position(|l| l.contains("oops")).unwrap() + 1;
    let error = load_str(&text).unwrap_err();
    let at = error.line_col().expect("a syntax error has a position");
    assert_eq!(at.line, line, "{error}");
    assert!(
        error.to_string().contains(&format!("line {line}")),
        "{error}"
    );
}

#[test]
fn errors_name_the_file() {
    let dir = temp_dir("errors");
    let path = dir.join("broken.ron");
    std::fs::write(&path, "(format_version: 1,").unwrap();
    let error = load_path(&path).unwrap_err();
    assert_eq!(error.path(), Some(path.as_path()));
    assert!(error.to_string().contains("broken.ron"), "{error}");
    assert!(error.to_string().contains("ends too early"), "{error}");
    let missing = load_path(&dir.join("nope.ron")).unwrap_err();
    assert!(matches!(missing, StorageError::Io { .. }), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let with_bom = format!("\u{feff}{ARTICLE_MAP_RON}");
    assert_eq!(load_str(&with_bom).unwrap(), article_map().unwrap());
    assert_eq!(
        load_bytes(with_bom.as_bytes()).unwrap(),
        article_map().unwrap()
    );
}

#[test]
fn invalid_maps_are_refused_with_their_problems() {
    let text = replace_once(ARTICLE_MAP_RON, "strength: 0.1,", "strength: 3.5,");
    let error = load_str(&text).unwrap_err();
    assert!(matches!(error, StorageError::Invalid { .. }), "{error}");
    assert!(error.to_string().contains("EU, 1991"), "{error}");
}

#[test]
fn a_newer_format_is_refused_as_newer() {
    let text = replace_once(ARTICLE_MAP_RON, "format_version: 6,", "format_version: 7,");
    let error = load_str(&text).unwrap_err();
    assert!(error.to_string().contains("newer stance-map"), "{error}");
    // Even when the newer file has fields this version cannot read.
    let text = replace_once(&text, "subject:", "subject_v7: (a: 1), subject:");
    let error = load_str(&text).unwrap_err();
    assert!(error.to_string().contains("newer stance-map"), "{error}");
}

#[test]
fn files_over_the_cap_are_refused_before_reading() {
    let dir = temp_dir("cap");
    let path = dir.join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: costs no disk
    let error = load_path(&path).unwrap_err();
    assert!(matches!(error, StorageError::TooLarge { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("the file is more than 64 MiB, larger than the 64 MiB a map may be"),
        "{error}"
    );
    // Sizes in one unit, the README's: MiB.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(67 * 1024 * 1024 + 1000).unwrap();
    let error = load_path(&path).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the file is 67.0 MiB, larger than the 64 MiB a map may be"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn not_utf8_reports_where() {
    let mut bytes = b"(\n  title: \"".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    let error = load_bytes(&bytes).unwrap_err();
    assert_eq!(
        error.line_col(),
        Some(LineCol { line: 2, col: 11 }),
        "{error}"
    );
    assert!(error.to_string().contains("not valid UTF-8"));
}

#[test]
fn dates_are_written_as_short_strings() {
    let mut map = StanceMap::empty();
    map.events.push(stance_map::model::Event {
        date: Date::month(2020, 3),
        title: "E".into(),
        powers: vec![],
        note: String::new(),
        evidence: vec![],
    });
    map.events.push(stance_map::model::Event {
        date: Date::year(2021),
        title: "F".into(),
        powers: vec![],
        note: String::new(),
        evidence: vec![],
    });
    let text = to_ron_string(&map);
    assert!(text.contains("date: \"2020-03\""), "{text}");
    assert!(text.contains("date: \"2021\""), "{text}");
    assert_eq!(load_str(&text).unwrap(), map);
}

#[test]
fn saving_keeps_the_previous_version_as_bak() {
    use stance_map::storage::{backup_path, file_stamp, save_with_backup};
    let dir = temp_dir("bak");
    let path = dir.join("map.ron");
    let first = article_map().unwrap();
    save_with_backup(&first, &path).unwrap();
    assert!(
        !backup_path(&path).exists(),
        "nothing to back up the first time"
    );
    let stamp = file_stamp(&path).unwrap();
    let mut second = first.clone();
    second.title = "Second".into();
    save_with_backup(&second, &path).unwrap();
    assert_eq!(backup_path(&path), dir.join("map.ron.bak"));
    assert_eq!(load_path(&backup_path(&path)).unwrap(), first);
    assert_eq!(load_path(&path).unwrap(), second);
    assert_ne!(
        file_stamp(&path),
        Some(stamp),
        "the stamp notices the change"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_readme_example_is_a_valid_map() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```ron\n")
        .expect("the README shows a RON example")
        + 7;
    let end = start + readme[start..].find("```").unwrap();
    let loaded = stance_map::storage::open_str(&readme[start..end]).unwrap();
    assert_eq!(loaded.upgrade, None, "the example shows the current format");
    let map = loaded.map;
    assert_eq!(map.analyst, "Ana Petrović");
    assert_eq!(map.powers.len(), 1);
    assert_eq!(map.story.len(), 1);
}

#[test]
fn a_save_clears_temporary_files_left_by_killed_saves() {
    let dir = temp_dir("stale");
    let path = dir.join("map.ron");
    // Process 999999999 cannot exist (Linux counts to 4194304 at most): its save is over.
    std::fs::write(dir.join(".map.ron.999999999.tmp"), "half a map").unwrap();
    std::fs::write(
        dir.join(".map.ron.999999999-0123456789abcdef.tmp"),
        "half a map",
    )
    .unwrap();
    std::fs::write(dir.join(".other.ron.999999999.tmp"), "someone else's").unwrap();
    // Process 1 always runs: its save may be under way, so its file stays.
    let running = dir.join(".map.ron.1-0123456789abcdef.tmp");
    std::fs::write(&running, "being written").unwrap();
    save_path(&article_map().unwrap(), &path).unwrap();
    assert!(running.exists(), "a running save's file is kept");
    assert!(!dir.join(".map.ron.999999999.tmp").exists());
    assert!(!dir.join(".map.ron.999999999-0123456789abcdef.tmp").exists());
    assert!(
        dir.join(".other.ron.999999999.tmp").exists(),
        "only this file's leftovers go"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_value_that_breaks_the_rules_is_pointed_at_by_line_and_column() {
    let text = replace_once(ARTICLE_MAP_RON, "strength: 0.1,", "strength: 7.0,");
    let offset = text.find("strength: 7.0,").unwrap() + "strength: ".len();
    let line = text[..offset].matches('\n').count() + 1;
    let col = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    let error = load_str(&text).unwrap_err();
    assert_eq!(error.line_col(), Some(LineCol { line, col }));
    let message = error.to_string();
    assert!(
        message.contains(&format!(
            "line {line}, column {col}: EU, 1991: the strength 7"
        )),
        "{message}"
    );

    // A dangling source deep in a story step's quotes is found too.
    // The last quote of the file is in the story, which comes last.
    let story = ARTICLE_MAP_RON.find("    story: [").unwrap();
    let last_source = ARTICLE_MAP_RON.rfind("source: \"").unwrap();
    assert!(last_source > story, "the last quote is a story step's");
    let end = last_source + ARTICLE_MAP_RON[last_source..].find(",\n").unwrap();
    let text = format!(
        "{}source: \"nobody\"{}",
        &ARTICLE_MAP_RON[..last_source],
        &ARTICLE_MAP_RON[end..]
    );
    let offset = text.find("source: \"nobody\"").unwrap() + "source: ".len();
    let line = text[..offset].matches('\n').count() + 1;
    let error = load_str(&text).unwrap_err();
    assert_eq!(error.line_col().map(|at| at.line), Some(line), "{error}");
}

/// A FIFO, a folder or a device is refused at once, by the loader and by the app's open and
/// compare, with a message naming it; none of them waits for a writer that never comes.
#[cfg(unix)]
#[test]
fn anything_but_a_regular_file_is_refused_at_once() {
    let dir = temp_dir("not-a-file");
    let fifo = dir.join("pipe.ron");
    common::make_fifo(&fifo);
    let folder = dir.join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    for path in [fifo, folder, std::path::PathBuf::from("/dev/null")] {
        let p = path.clone();
        let outcome = common::within(10, move || {
            let loaded = stance_map::storage::open_path(&p).map(|_| ());
            let mut app = stance_map::app::StanceApp::new_article();
            let opened = app.open_path(&p);
            let open_notice = app.notice.take().map(|n| n.text);
            let compared = app.compare_with_path(&p);
            let compare_notice = app.notice.take().map(|n| n.text);
            (loaded, opened, open_notice, compared, compare_notice)
        });
        let Some((loaded, opened, open_notice, compared, compare_notice)) = outcome else {
            panic!("{} made loading hang", path.display());
        };
        let expected = format!("{} is not a regular file", path.display());
        let error = loaded.unwrap_err();
        assert!(error.to_string().contains(&expected), "{error}");
        assert_eq!(error.path(), Some(path.as_path()));
        assert!(!opened && !compared);
        for notice in [open_notice, compare_notice] {
            let notice = notice.unwrap_or_default();
            assert!(notice.contains("is not a regular file"), "{notice}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- Saving: temporary files, links, permissions, size, `.bak` (issue 10, items 4–7 and 9) ----

/// The child mode of [`two_processes_saving_one_file_both_succeed`]: when set, this test
/// binary started again saves to the path in it many times, then exits.
const CONCURRENT_SAVER_ENV: &str = "STANCE_MAP_CONCURRENT_SAVER_PATH";

/// How many saves each of the concurrent savers makes.
const CONCURRENT_SAVES: usize = 150;

/// A map that saves in well under a millisecond, so two savers overlap often.
fn small_map(title: &str) -> StanceMap {
    let mut map = stance_map::model::generate::stress_map(2, 6, 0);
    map.title = title.into();
    map
}

#[cfg(unix)]
fn mode_of(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_at_a_temporary_name_is_never_followed() {
    let dir = temp_dir("planted");
    let path = dir.join("map.ron");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    // Where a save used to write its temporary file, by a name anyone could predict.
    let planted = dir.join(format!(".map.ron.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    save_path(&article_map().unwrap(), &path).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(load_path(&path).unwrap(), article_map().unwrap());
    assert!(
        !std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Not a real test on its own: in a child started by
/// [`two_processes_saving_one_file_both_succeed`] it is the second saver.
#[test]
fn concurrent_saver_child() {
    let Some(path) = std::env::var_os(CONCURRENT_SAVER_ENV) else {
        return;
    };
    let map = small_map("Child");
    for i in 0..CONCURRENT_SAVES {
        if let Err(error) = save_path(&map, std::path::Path::new(&path)) {
            panic!("save {i} failed: {error}");
        }
    }
}

#[test]
fn two_processes_saving_one_file_both_succeed() {
    let dir = temp_dir("concurrent");
    let path = dir.join("map.ron");
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            common::test_name(module_path!(), "concurrent_saver_child").as_str(),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CONCURRENT_SAVER_ENV, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Two threads here too: savers in one process must not trip over each other either.
    let failures: Vec<String> = std::thread::scope(|s| {
        let savers: Vec<_> = ["Parent", "Thread"]
            .into_iter()
            .map(|title| {
                let path = &path;
                s.spawn(move || {
                    let map = small_map(title);
                    (0..CONCURRENT_SAVES)
                        .filter_map(|i| {
                            save_path(&map, path)
                                .err()
                                .map(|e| format!("{title} save {i}: {e}"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        savers.into_iter().flat_map(|t| t.join().unwrap()).collect()
    });
    let output = child.wait_with_output().unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(
        output.status.success(),
        "the other process's saves failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let title = load_path(&path).unwrap().title;
    assert!(["Parent", "Thread", "Child"].contains(&title.as_str()));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, ["map.ron"], "no temporary files are left");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn saving_through_a_symlink_writes_the_file_it_points_to() {
    let dir = temp_dir("through-link");
    std::fs::create_dir_all(dir.join("real")).unwrap();
    let real = dir.join("real").join("serbia.ron");
    let link = dir.join("serbia.ron");
    let first = article_map().unwrap();
    save_path(&first, &real).unwrap();
    std::os::unix::fs::symlink("real/serbia.ron", &link).unwrap();
    let mut second = first.clone();
    second.title = "Second".into();
    stance_map::storage::save_with_backup(&second, &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("real/serbia.ron")
    );
    assert_eq!(load_path(&real).unwrap(), second, "the real file is saved");
    assert_eq!(
        load_path(&stance_map::storage::backup_path(&link)).unwrap(),
        first
    );

    // A link to a link, and a link to a file not there yet, are followed too.
    let link2 = dir.join("again.ron");
    std::os::unix::fs::symlink(&link, &link2).unwrap();
    save_path(&first, &link2).unwrap();
    assert_eq!(load_path(&real).unwrap(), first);
    let dangling = dir.join("new.ron");
    std::os::unix::fs::symlink("real/new.ron", &dangling).unwrap();
    save_path(&first, &dangling).unwrap();
    assert_eq!(load_path(&dir.join("real").join("new.ron")).unwrap(), first);
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // Exports write through a link the same way.
    let csv = dir.join("real").join("table.csv");
    std::fs::write(&csv, "old").unwrap();
    let csv_link = dir.join("table.csv");
    std::os::unix::fs::symlink(&csv, &csv_link).unwrap();
    stance_map::export::write_csv(&first, &csv_link).unwrap();
    assert!(
        std::fs::symlink_metadata(&csv_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&csv).unwrap().len() > 100);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_mode_of_the_map_and_gives_it_to_the_bak() {
    use stance_map::storage::{backup_path, save_with_backup};
    let dir = temp_dir("mode");
    let path = dir.join("map.ron");
    let map = article_map().unwrap();
    save_path(&map, &path).unwrap();
    for mode in [0o600, 0o640, 0o660] {
        set_mode(&path, mode);
        save_with_backup(&map, &path).unwrap();
        assert_eq!(mode_of(&path), mode, "the map keeps {mode:o}");
        assert_eq!(mode_of(&backup_path(&path)), mode, "the .bak has {mode:o}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_owner_when_run_as_root() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = temp_dir("owner");
    let path = dir.join("map.ron");
    let map = article_map().unwrap();
    save_path(&map, &path).unwrap();
    if std::os::unix::fs::chown(&path, Some(4321), Some(4321)).is_err() {
        // Only root may give a file away; CI runs as root, where this test means something.
        eprintln!("not root: the owner cannot be changed, nothing to check");
        std::fs::remove_dir_all(&dir).unwrap();
        return;
    }
    stance_map::storage::save_with_backup(&map, &path).unwrap();
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    let bak = std::fs::metadata(stance_map::storage::backup_path(&path)).unwrap();
    assert_eq!((bak.uid(), bak.gid()), (4321, 4321));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_map_is_refused_unless_replacing_it_is_asked_for() {
    use stance_map::storage::{SaveOptions, backup_path, save_with, save_with_backup};
    let dir = temp_dir("read-only");
    let path = dir.join("map.ron");
    let first = article_map().unwrap();
    save_path(&first, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    set_mode(&path, 0o444);
    let mut second = first.clone();
    second.title = "Second".into();
    for result in [save_path(&second, &path), save_with_backup(&second, &path)] {
        let error = result.unwrap_err();
        assert!(matches!(error, StorageError::ReadOnly { .. }), "{error}");
        assert!(error.to_string().contains("map.ron"), "{error}");
        assert!(error.to_string().contains("read-only"), "{error}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "untouched");
    assert!(!backup_path(&path).exists(), "no .bak either");
    // Exports refuse a read-only output the same way.
    let csv = dir.join("table.csv");
    std::fs::write(&csv, "old").unwrap();
    set_mode(&csv, 0o400);
    let error = stance_map::export::write_csv(&first, &csv).unwrap_err();
    assert!(matches!(error, StorageError::ReadOnly { .. }), "{error}");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "old");

    save_with(
        &second,
        &path,
        SaveOptions {
            backup: true,
            replace_read_only: true,
        },
    )
    .unwrap();
    assert_eq!(load_path(&path).unwrap(), second);
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), before);
    assert_eq!(mode_of(&path), 0o444, "still read-only");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A valid map whose saved text is over [`MAX_FILE_BYTES`] (about 76 MiB), though written
/// compactly it is under (about 30 MiB): 280 powers of 1,000 keyframes each.
fn map_too_large_to_save() -> StanceMap {
    let mut map = stance_map::model::generate::stress_map(20, 1000, 0);
    for power in &mut map.powers {
        for keyframe in &mut power.track {
            keyframe.reasoning.clear();
        }
    }
    let powers = map.powers.clone();
    for copy in 1..14 {
        for power in &powers {
            let mut power = power.clone();
            power.id = stance_map::model::PowerId(format!("{}c{copy}", power.id.0));
            map.powers.push(power);
        }
    }
    map
}

#[test]
fn a_map_too_large_to_open_again_is_not_saved() {
    use stance_map::storage::{backup_path, save_with_backup};
    let dir = temp_dir("too-large");
    let path = dir.join("map.ron");
    save_path(&article_map().unwrap(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let map = map_too_large_to_save();
    let error = save_with_backup(&map, &path).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, StorageError::TooLargeToSave { .. }),
        "{message}"
    );
    assert!(
        message.contains("MiB written out, more than the 64 MiB a map may be"),
        "{message}"
    );
    assert!(message.contains("map.ron"), "{message}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
    assert!(!backup_path(&path).exists(), "no .bak");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fmt_refuses_to_write_a_map_too_large_to_open_again() {
    // Written compactly the map is under the cap and opens; laid out, it would be over.
    let map = map_too_large_to_save();
    let compact = ron::ser::to_string(&map).unwrap();
    assert!((compact.len() as u64) < MAX_FILE_BYTES, "{}", compact.len());
    let dir = temp_dir("fmt-too-large");
    let path = dir.join("big.ron");
    std::fs::write(&path, &compact).unwrap();
    let mut out = Vec::new();
    assert!(!stance_map::cli::format(
        std::slice::from_ref(&path),
        &mut out
    ));
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("more than the 64 MiB a map may be"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), compact);
    assert!(!stance_map::storage::backup_path(&path).exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fmt_keeps_the_file_as_it_was_in_bak_once_per_run() {
    use stance_map::storage::backup_path;
    let dir = temp_dir("fmt-bak");
    let path = dir.join("map.ron");
    // The article map, laid out differently: valid, but not as stance-map saves it.
    let original = ARTICLE_MAP_RON.replace("    ", "  ");
    std::fs::write(&path, &original).unwrap();
    let mut out = Vec::new();
    // The same file twice in one run: the .bak keeps it as it was before the run.
    assert!(stance_map::cli::format(
        &[path.clone(), path.clone()],
        &mut out
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), ARTICLE_MAP_RON);
    assert_eq!(
        std::fs::read_to_string(backup_path(&path)).unwrap(),
        original
    );
    // A later run over a file already in the layout leaves the file and its .bak alone.
    assert!(stance_map::cli::format(
        std::slice::from_ref(&path),
        &mut out
    ));
    assert_eq!(
        std::fs::read_to_string(backup_path(&path)).unwrap(),
        original
    );
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("kept as"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}
