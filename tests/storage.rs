//! Loading and saving maps: round trips, errors with line and column, atomic saves.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

mod common;

use common::temp_dir;

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
    let text = replace_once(ARTICLE_MAP_RON, "strength: 0.2,", "strength: 0.2 oops,");
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
    let text = replace_once(ARTICLE_MAP_RON, "strength: 0.2,", "strength: 3.5,");
    let error = load_str(&text).unwrap_err();
    assert!(matches!(error, StorageError::Invalid { .. }), "{error}");
    assert!(error.to_string().contains("EU, 1991"), "{error}");
}

#[test]
fn a_newer_format_is_refused_as_newer() {
    let text = replace_once(ARTICLE_MAP_RON, "format_version: 3,", "format_version: 7,");
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
    let readme = include_str!("../README.md");
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
    std::fs::write(dir.join(".map.ron.12345.tmp"), "half a map").unwrap();
    std::fs::write(dir.join(".other.ron.12345.tmp"), "someone else's").unwrap();
    save_path(&article_map().unwrap(), &path).unwrap();
    assert!(!dir.join(".map.ron.12345.tmp").exists());
    assert!(
        dir.join(".other.ron.12345.tmp").exists(),
        "only this file's leftovers go"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_value_that_breaks_the_rules_is_pointed_at_by_line_and_column() {
    let text = replace_once(ARTICLE_MAP_RON, "strength: 0.2,", "strength: 7.0,");
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
    let text = replace_once(
        ARTICLE_MAP_RON,
        "source: \"zimonjic2023\",\n                    locator: \"\",\n                    dimension: Territorial,\n                ),\n            ],\n            duration_s: 8.0",
        "source: \"nobody\",\n                    locator: \"\",\n                    dimension: Territorial,\n                ),\n            ],\n            duration_s: 8.0",
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
