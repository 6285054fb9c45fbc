//! Files of older format versions load through a migration; newer and impossible versions are
//! refused with a message. The version 1 fixture is the article's map exactly as stance-map 0.1
//! shipped it, so the migration is tested on a real file people have saved, not a made-up one.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

mod common;

use common::temp_dir;

use std::path::Path;

use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::StanceApp;
use stance_map::app::session::Session;
use stance_map::article::article_map;
use stance_map::model::FORMAT_VERSION;
use stance_map::model::migrate::OLDEST_FORMAT_VERSION;
use stance_map::storage::{self, StorageError, load_path, open_path, open_str};

const V1_ARTICLE_MAP: &str = include_str!("fixtures/format_v1/serbia.ron");

/// A small version 1 map written by hand, as the 0.1 README taught.
const V1_BY_HAND: &str = r##"(
    format_version: 1,
    title: "T",
    subject: "S",
    powers: [
        (
            id: "p",
            name: "P",
            color: "#123456",
            bearing_deg: 90,
            track: [
                (date: "2000", strength: 0.5, reasoning: "judgement:  up, because of the treaty."),
                (date: "2001", strength: 0.1, reasoning: "My judgement: down."),
                (date: "2002", strength: 0.2, reasoning: ""),
            ],
        ),
    ],
)"##;

#[test]
fn the_format_this_build_writes_is_newer_than_the_oldest_it_reads() {
    assert_eq!(OLDEST_FORMAT_VERSION, 1);
    assert_eq!(FORMAT_VERSION, 2);
}

#[test]
fn the_article_map_of_version_1_upgrades_to_the_shipped_version_2_map() {
    assert!(V1_ARTICLE_MAP.contains("format_version: 1,"));
    let loaded = open_str(V1_ARTICLE_MAP).unwrap();
    let upgrade = loaded.upgrade.expect("a version 1 file is upgraded");
    assert_eq!((upgrade.from, upgrade.to), (1, 2));
    assert!(
        upgrade.changes[0].contains("from the start of 28 keyframes’ reasoning"),
        "{:?}",
        upgrade.changes
    );
    assert!(
        upgrade.changes[1].contains("Edit map"),
        "{:?}",
        upgrade.changes
    );

    let mut upgraded = loaded.map;
    assert_eq!(upgraded.format_version, 2);
    assert_eq!(upgraded.analyst, "", "version 1 never named an analyst");
    // Apart from the analyst, which only a person can add, the upgrade gives exactly the map
    // this version ships: every quote, date and value kept, only the labels taken away.
    let shipped = article_map().unwrap();
    upgraded.analyst.clone_from(&shipped.analyst);
    assert_eq!(upgraded, shipped);
}

#[test]
fn a_hand_written_version_1_map_loses_only_a_leading_label() {
    let loaded = open_str(V1_BY_HAND).unwrap();
    let upgrade = loaded.upgrade.unwrap();
    assert!(
        upgrade.changes[0].contains("from the start of 1 keyframe’s reasoning"),
        "{:?}",
        upgrade.changes
    );
    let reasoning: Vec<_> = loaded.map.powers[0]
        .track
        .iter()
        .map(|k| k.reasoning.as_str())
        .collect();
    assert_eq!(
        reasoning,
        ["Up, because of the treaty.", "My judgement: down.", ""]
    );
    let description = upgrade.describe();
    assert!(
        description.starts_with(
            "It was made by an older stance-map (file format 1) and was upgraded to format 2."
        ),
        "{description}"
    );
    assert!(description.contains("older versions of stance-map cannot open"));
}

#[test]
fn a_current_file_is_not_upgraded_and_a_saved_upgrade_reloads_as_current() {
    let loaded = open_str(storage::to_ron_string(&article_map().unwrap()).as_str()).unwrap();
    assert_eq!(loaded.upgrade, None);

    let dir = temp_dir("resave");
    let path = dir.join("old.ron");
    std::fs::write(&path, V1_BY_HAND).unwrap();
    let upgraded = load_path(&path).unwrap();
    storage::save_path(&upgraded, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("format_version: 2,"), "{text}");
    let reopened = open_path(&path).unwrap();
    assert_eq!(reopened.upgrade, None);
    assert_eq!(reopened.map, upgraded);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn version_0_and_newer_versions_are_refused_with_the_file_named() {
    let dir = temp_dir("versions");
    for (version, expected) in [
        (
            0,
            "version 0, which no stance-map wrote: this stance-map reads versions 1 to 2",
        ),
        (3, "it was made by a newer stance-map"),
        (u32::MAX, "it was made by a newer stance-map"),
    ] {
        let path = dir.join(format!("v{version}.ron"));
        let text = V1_BY_HAND.replace("format_version: 1,", &format!("format_version: {version},"));
        std::fs::write(&path, text).unwrap();
        let error = load_path(&path).unwrap_err();
        assert!(matches!(error, StorageError::Invalid { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains(expected), "{message}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_broken_version_1_file_still_says_where() {
    let text = V1_BY_HAND.replace("strength: 0.1,", "strength: 0.1 oops,");
    let error = open_str(&text).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("line 13, column 46"), "{message}");
}

#[test]
fn a_recovery_copy_left_by_version_1_is_upgraded() {
    let dir = temp_dir("recovery");
    let mut map = parse(V1_BY_HAND);
    map.format_version = 1;
    map.powers[0].track[0].reasoning = "Judgement: up.".into();
    let copy = dir.join(stance_map::recovery::LEGACY_FILE_NAME);
    stance_map::recovery::write_file(
        &copy,
        &stance_map::recovery::Recovered {
            saved_at_unix_s: 1,
            origin: None,
            map,
        },
    )
    .unwrap();
    let recovered = stance_map::recovery::read_file(&copy).unwrap();
    assert_eq!(recovered.map.format_version, 2);
    assert_eq!(recovered.map.powers[0].track[0].reasoning, "Up.");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn parse(text: &str) -> stance_map::model::StanceMap {
    open_str(text).unwrap().map
}

fn app_on(path: &Path) -> Harness<'static, StanceApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut StanceApp| app.show(ui),
            StanceApp::with_session(Session::default(), Some(path)),
        );
    h.run();
    h
}

#[test]
fn opening_a_version_1_file_says_it_was_upgraded_and_saving_keeps_the_old_file() {
    let dir = temp_dir("app");
    let path = dir.join("students-map.ron");
    std::fs::write(&path, V1_ARTICLE_MAP).unwrap();
    let mut h = app_on(&path);

    h.get_by_label_contains("Opened students-map.ron. It was made by an older stance-map");
    assert!(
        !h.state().is_dirty(),
        "opening changes nothing the user did"
    );
    assert_eq!(h.state().map.format_version, 2);
    assert!(
        !h.state().map.powers[0].track[0]
            .reasoning
            .starts_with("Judgement")
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("format_version: 2,"),
        "saved in the new format"
    );
    assert_eq!(load_path(&path).unwrap(), h.state().map);
    // The file as it was, for anyone still on stance-map 0.1.
    assert_eq!(
        std::fs::read_to_string(dir.join("students-map.ron.bak")).unwrap(),
        V1_ARTICLE_MAP
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_analyst_is_set_in_the_map_editor_and_undone_in_one_step() {
    let dir = temp_dir("analyst");
    let path = dir.join("map.ron");
    std::fs::write(&path, V1_BY_HAND).unwrap();
    let mut h = app_on(&path);
    assert_eq!(h.state().map.analyst, "");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_label("Analyst").focus();
    h.run();
    h.get_by_label("Analyst").type_text("Ana Petrović");
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(h.state().map.analyst, "Ana Petrović");
    assert!(h.state().is_dirty());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map.analyst, "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_map_opened_by_a_relative_path_is_remembered_in_full() {
    // `cargo test` runs in the package folder, so this relative path names the fixture.
    let relative = Path::new("tests/fixtures/format_v1/serbia.ron");
    assert!(relative.is_relative() && relative.exists());
    let h = app_on(relative);
    match &h.state().origin {
        stance_map::app::Origin::File(path) => {
            assert!(path.is_absolute(), "{}", path.display());
            assert!(path.ends_with("tests/fixtures/format_v1/serbia.ron"));
        }
        other => panic!("opened as {other:?}"),
    }
}
