//! Files of older format versions load through a migration; newer and impossible versions are
//! refused with a message. The version 1 fixture is the article's map exactly as stance-map 0.1
//! shipped it, so the migration is tested on a real file people have saved, not a made-up one.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::temp_dir;

use std::path::Path;

use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::StanceApp;
use stance_map::app::session::Session;
use stance_map::article::article_map;
use stance_map::model::migrate::OLDEST_FORMAT_VERSION;
use stance_map::model::{FORMAT_VERSION, Role};
use stance_map::storage::{self, StorageError, load_path, open_path, open_str};

const V1_ARTICLE_MAP: &str = include_str!("../fixtures/format_v1/serbia.ron");
/// The article's map exactly as stance-map 0.3 shipped it, before its revision in 0.4.
const V3_ARTICLE_MAP: &str = include_str!("../fixtures/format_v3/serbia.ron");
/// The article's map as stance-map 0.4 shipped it, in format 4 (before measured indicators).
const V4_ARTICLE_MAP: &str = include_str!("../fixtures/format_v4/serbia.ron");
/// The article's map exactly as stance-map 0.5 shipped it.
const V5_ARTICLE_MAP: &str = include_str!("../fixtures/format_v5/serbia.ron");

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
    assert_eq!(FORMAT_VERSION, 6);
}

#[test]
fn the_article_map_of_version_1_upgrades_to_the_map_version_3_shipped() {
    assert!(V1_ARTICLE_MAP.contains("format_version: 1,"));
    let loaded = open_str(V1_ARTICLE_MAP).unwrap();
    let upgrade = loaded.upgrade.expect("a version 1 file is upgraded");
    assert_eq!((upgrade.from, upgrade.to), (1, 6));
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

    assert!(
        upgrade.changes[2].contains("the 65 quotes on keyframes are marked as supporting"),
        "{:?}",
        upgrade.changes
    );

    let mut upgraded = loaded.map;
    assert_eq!(upgraded.format_version, 6);
    assert_eq!(upgraded.analyst, "", "version 1 never named an analyst");
    // Apart from the analyst, which only a person can add, the upgrade gives exactly the map
    // stance-map 0.3 shipped, read today: every quote, date and value kept, only the labels
    // taken away.
    let shipped = open_str(V3_ARTICLE_MAP).unwrap().map;
    upgraded.analyst.clone_from(&shipped.analyst);
    assert_eq!(upgraded, shipped);
}

#[test]
fn the_article_map_of_version_4_upgrades_silently_with_nothing_measured_and_no_web_sources() {
    assert!(V4_ARTICLE_MAP.contains("format_version: 4,"));
    let loaded = open_str(V4_ARTICLE_MAP).unwrap();
    let upgrade = loaded.upgrade.expect("a version 4 file is upgraded");
    assert_eq!((upgrade.from, upgrade.to), (4, 6));
    assert_eq!(
        upgrade.changes,
        Vec::<String>::new(),
        "nothing changes meaning"
    );
    let map = loaded.map;
    assert!(map.indicators.is_empty());
    assert!(map.story.iter().all(|s| s.indicators.is_empty()));
    assert!(
        map.sources
            .iter()
            .all(|s| s.url.is_empty() && s.accessed.is_empty())
    );
    // Saved, the new fields stay out of the file while empty, and it reads back as current.
    let text = storage::to_ron_string(&map);
    assert!(text.contains("format_version: 6,"));
    for field in ["indicators:", "url:", "accessed:"] {
        assert!(!text.contains(field), "{field}");
    }
    let again = open_str(&text).unwrap();
    assert_eq!(again.upgrade, None);
    assert_eq!(again.map, map);
    // Apart from its version the text is the file 0.4 wrote, character for character.
    assert_eq!(
        text.replacen("format_version: 6,", "format_version: 4,", 1),
        V4_ARTICLE_MAP
    );
}

#[test]
fn indicators_and_web_sources_are_read_and_written_and_mistakes_refused_where_they_stand() {
    let text = V1_BY_HAND
        .replace("format_version: 1,", "format_version: 6,")
        .replacen(
            "    ],\n)",
            r#"    ],
    sources: [
        (id: "s", author: "ISAC Fund", year: Some(2023), entry: "ISAC Fund, annual report.",
         url: "https://www.isac-fund.org/en", accessed: "2026-12-05"),
    ],
    indicators: [
        (
            id: "isac",
            name: "ISAC alignment",
            unit: "%",
            power: "p",
            low: 0.0,
            high: 100.0,
            points: [
                (date: "2021", value: 62.0, source: "s"),
                (date: "2022", value: 48.0, source: "s", note: "65 of 136", uncertain: true),
            ],
        ),
    ],
)"#,
            1,
        );
    assert!(
        text.contains("indicators: ["),
        "the test map changed: {text}"
    );
    let map = open_str(&text).unwrap().map;
    let isac = &map.indicators[0];
    assert_eq!(isac.closer, stance_map::model::Closer::Higher);
    assert_eq!(isac.points[1].note, "65 of 136");
    assert_eq!(map.sources[0].url, "https://www.isac-fund.org/en");
    assert_eq!(map.sources[0].accessed, "2026-12-05");
    assert!(isac.points[1].uncertain && !isac.points[0].uncertain);
    let again = open_str(&storage::to_ron_string(&map)).unwrap().map;
    assert_eq!(again, map);

    for (from, to, expected) in [
        ("value: 48.0", "value: NaN", "is not a number"),
        (
            r#"date: "2022""#,
            r#"date: "2020""#,
            "points must be in date order",
        ),
        (
            r#"power: "p","#,
            r#"power: "nobody","#,
            "no power with the id",
        ),
        (
            "high: 100.0",
            "high: -1.0",
            "the low end below the high end",
        ),
        (
            r#"value: 62.0, source: "s""#,
            r#"value: 62.0, source: "x""#,
            "not in the map's sources",
        ),
        (
            "https://www.isac",
            "javascript:alert(1)//",
            "is not a web address",
        ),
        ("2026-12-05", "05.12.2026", "is not a day"),
    ] {
        let bad = text.replacen(from, to, 1);
        assert_ne!(bad, text, "{from}");
        let error = open_str(&bad).expect_err(from).to_string();
        assert!(error.contains(expected), "{from}: {error}");
        assert!(
            error.contains("indicator") || error.contains("source \"s\""),
            "{from}: {error}"
        );
        assert!(error.contains(':'), "{from}: {error}");
    }
}

#[test]
fn the_article_map_of_version_3_upgrades_with_every_quote_supporting_its_value() {
    assert!(V3_ARTICLE_MAP.contains("format_version: 3,"));
    assert!(!V3_ARTICLE_MAP.contains("role:"), "version 3 had no roles");
    let loaded = open_str(V3_ARTICLE_MAP).unwrap();
    let upgrade = loaded.upgrade.expect("a version 3 file is upgraded");
    assert_eq!((upgrade.from, upgrade.to), (3, 6));
    assert_eq!(upgrade.changes.len(), 1, "{:?}", upgrade.changes);
    assert!(
        upgrade.changes[0].contains("the 65 quotes on keyframes are marked as supporting"),
        "{:?}",
        upgrade.changes
    );
    let map = loaded.map;
    let quotes: Vec<&stance_map::model::Evidence> = map
        .powers
        .iter()
        .flat_map(|p| p.track.iter().flat_map(|k| k.evidence.iter()))
        .chain(map.events.iter().flat_map(|e| e.evidence.iter()))
        .chain(map.story.iter().flat_map(|s| s.quotes.iter()))
        .collect();
    assert_eq!(quotes.len(), 113, "events and story steps have quotes too");
    assert!(quotes.iter().all(|e| e.role == Role::Supports));
    assert!(
        map.powers
            .iter()
            .flat_map(|p| &p.track)
            .all(|k| !k.is_contested()),
        "nothing was contested before roles existed"
    );
    // Saved, every quote says its role, and the file reads back as a current map.
    let text = storage::to_ron_string(&map);
    assert!(text.contains("format_version: 6,"));
    assert_eq!(text.matches("role: Supports,").count(), quotes.len());
    let again = open_str(&text).unwrap();
    assert_eq!(again.upgrade, None);
    assert_eq!(again.map, map);
}

#[test]
fn a_role_is_read_and_written_and_a_wrong_one_is_refused_where_it_stands() {
    let text = V1_BY_HAND
        .replace("format_version: 1,", "format_version: 6,")
        .replace(
            r#"reasoning: "My judgement: down.")"#,
            r#"reasoning: "down", evidence: [
                    (quote: "for", source: "s", dimension: Political),
                    (quote: "against", source: "s", dimension: Political, role: Contradicts),
                    (quote: "but", source: "s", dimension: Political, role: Qualifies),
                ])"#,
        )
        .replace(
            "    ],
)",
            "    ],
    sources: [(id: \"s\", author: \"A\", entry: \"A.\")],
)",
        );
    let map = open_str(&text).unwrap().map;
    let keyframe = &map.powers[0].track[1];
    let roles: Vec<Role> = keyframe.evidence.iter().map(|e| e.role).collect();
    assert_eq!(roles, [Role::Supports, Role::Contradicts, Role::Qualifies]);
    assert!(keyframe.is_contested());
    assert!(!keyframe.is_unsupported());
    assert!(!map.powers[0].track[0].is_contested());

    let wrong = text.replace("role: Qualifies", "role: Refutes");
    let message = open_str(&wrong).unwrap_err().to_string();
    assert!(message.contains("Refutes"), "{message}");
    let line = wrong.lines().position(|l| l.contains("Refutes")).unwrap() + 1;
    assert!(
        message.contains(&format!("line {line}, column")),
        "{message}"
    );
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
            "It was made by an older stance-map (file format 1) and was upgraded to format 6."
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
    assert!(text.contains("format_version: 6,"), "{text}");
    let reopened = open_path(&path).unwrap();
    assert_eq!(reopened.upgrade, None);
    assert_eq!(reopened.map, upgraded);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A version 2 map whose ids break the rule of version 3: upper case, a space, a Cyrillic
/// look-alike, an empty id, two that differ only by case, and one that fits the rule already.
const V2_WITH_BAD_IDS: &str = r##"#![enable(implicit_some)]
(
    format_version: 2,
    title: "T",
    subject: "S",
    powers: [
        (id: "EU", name: "EU", color: "#123456", bearing_deg: 0, track: [
            (date: "2000", strength: 0.5, evidence: [
                (quote: "q1", source: "Smith 2020", dimension: Political),
                (quote: "q2", source: "smith_2020", dimension: Political),
            ]),
        ]),
        (id: "eu", name: "eu", color: "#123456", bearing_deg: 90, track: []),
        (id: "рussia", name: "Russia", color: "#123456", bearing_deg: 180, track: []),
        (id: "", name: "Nobody", color: "#123456", bearing_deg: 270, track: []),
        (id: "china", name: "China", color: "#123456", bearing_deg: 45, track: []),
    ],
    sources: [
        (id: "Smith 2020", author: "Smith", year: 2020, entry: "Smith (2020)."),
        (id: "smith_2020", author: "Smith", year: 2020, entry: "Smith (2020b)."),
        (id: "Đorđević", author: "Đorđević", entry: "Đorđević (n.d.)."),
    ],
    events: [
        (date: "2001", title: "E", powers: ["EU", "eu", "рussia", "", "china"], evidence: [
            (quote: "q3", source: "Đorđević", dimension: Energy),
        ]),
    ],
    story: [
        (date: "2001", title: "S", focus: ["рussia", "EU"], quotes: [
            (quote: "q4", source: "Smith 2020", dimension: Security),
        ]),
    ],
)"##;

#[test]
fn a_version_2_map_with_ids_that_break_the_rule_is_upgraded_and_references_follow() {
    // The "р" of "рussia" is Cyrillic (U+0440). Before the upgrade these ids are allowed.
    assert!(V2_WITH_BAD_IDS.contains('\u{440}'));
    let loaded = open_str(V2_WITH_BAD_IDS).unwrap();
    let upgrade = loaded.upgrade.expect("a version 2 file is upgraded");
    assert_eq!((upgrade.from, upgrade.to), (2, 6));
    let map = loaded.map;
    let ids = |ids: Vec<&str>| ids.join(" ");
    assert_eq!(
        ids(map.powers.iter().map(|p| p.id.0.as_str()).collect()),
        "eu_2 eu ussia power china",
        "an id that fits is kept; one that would clash takes a suffix"
    );
    assert_eq!(
        ids(map.sources.iter().map(|s| s.id.0.as_str()).collect()),
        "smith_2020_2 smith_2020 dordevic"
    );
    let evidence: Vec<&str> = map.powers[0].track[0]
        .evidence
        .iter()
        .map(|e| e.source.0.as_str())
        .collect();
    assert_eq!(
        evidence,
        ["smith_2020_2", "smith_2020"],
        "each quote keeps its source"
    );
    assert_eq!(
        ids(map.events[0].powers.iter().map(|p| p.0.as_str()).collect()),
        "eu_2 eu ussia power china"
    );
    assert_eq!(map.events[0].evidence[0].source.0, "dordevic");
    assert_eq!(
        ids(map.story[0].focus.iter().map(|p| p.0.as_str()).collect()),
        "ussia eu_2"
    );
    assert_eq!(map.story[0].quotes[0].source.0, "smith_2020_2");
    // Every id now fits the rule: 1 to 64 of a-z, 0-9, - and _.
    assert!(
        map.powers
            .iter()
            .map(|p| &p.id.0)
            .chain(map.sources.iter().map(|s| &s.id.0))
            .all(|id| (1..=64).contains(&id.len())
                && id.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'_'))
    );
    // The notice says in words what was renamed, look-alikes spelled out.
    let description = upgrade.describe();
    for renamed in [
        "the power id “EU” is now “eu_2”",
        "the power id “\\u{440}ussia” is now “ussia”",
        "the power id “” is now “power”",
        "the source id “Smith 2020” is now “smith_2020_2”",
        "the source id “Đorđević” is now “dordevic”",
    ] {
        assert!(description.contains(renamed), "{renamed}: {description}");
    }
    assert!(!description.contains("“china”"), "{description}");
    // Saved and read again, it is a current map, unchanged.
    let again = open_str(&storage::to_ron_string(&map)).unwrap();
    assert_eq!(again.upgrade, None);
    assert_eq!(again.map, map);
}

#[test]
fn a_version_2_map_whose_ids_fit_is_upgraded_without_a_word() {
    let text = V1_BY_HAND.replace("format_version: 1,", "format_version: 2,");
    let loaded = open_str(&text).unwrap();
    let upgrade = loaded.upgrade.unwrap();
    assert_eq!((upgrade.from, upgrade.to), (2, 6));
    assert_eq!(upgrade.changes, Vec::<String>::new());
    assert_eq!(loaded.map.powers[0].id.0, "p");
}

#[test]
fn version_0_and_newer_versions_are_refused_with_the_file_named() {
    let dir = temp_dir("versions");
    for (version, expected) in [
        (
            0,
            "version 0, which no stance-map wrote: this stance-map reads versions 1 to 6",
        ),
        (7, "it was made by a newer stance-map"),
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
    assert_eq!(recovered.map.format_version, 6);
    assert_eq!(recovered.map.powers[0].track[0].reasoning, "Up.");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn parse(text: &str) -> stance_map::model::StanceMap {
    open_str(text).unwrap().map
}

fn app_on(path: &Path) -> Harness<'static, StanceApp> {
    let mut h = crate::common::app_harness(
        Harness::builder().with_size(egui::vec2(1280.0, 800.0)),
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
    assert_eq!(h.state().map.format_version, 6);
    assert!(
        !h.state().map.powers[0].track[0]
            .reasoning
            .starts_with("Judgement")
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("format_version: 6,"),
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

#[test]
fn many_ids_that_upgrade_to_the_same_id_are_renamed_in_linear_time() {
    // 20,000 powers whose ids all become "a" under the rule ("a!", "a?!", …): a hostile
    // file must not make the upgrade try 1, 2, 3 … suffixes for each of them.
    let count = 20_000;
    let mut text = String::from("(format_version: 2, title: \"T\", subject: \"S\", powers: [");
    for i in 0..count {
        let id: String = std::iter::once('A')
            .chain((0..16).map(|bit| if i >> bit & 1 == 1 { '?' } else { '!' }))
            .collect();
        text.push_str("(id: \"");
        text.push_str(&id);
        text.push_str("\", name: \"P\", color: \"#000000\", bearing_deg: 0),");
    }
    text.push_str("])");
    let started = std::time::Instant::now();
    let loaded = open_str(&text).unwrap();
    let elapsed = started.elapsed();
    eprintln!("{count} clashing ids upgraded in {elapsed:?}");
    let ids: std::collections::HashSet<_> = loaded.map.powers.iter().map(|p| &p.id.0).collect();
    assert_eq!(ids.len(), count);
    assert!(ids.contains(&"a".to_owned()) && ids.contains(&format!("a_{count}")));
    let description = loaded.upgrade.unwrap().describe();
    assert!(
        description.contains(&format!("and {} more", count - 10)),
        "{description}"
    );
    assert!(description.len() < 2000, "{} bytes", description.len());
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
}

#[test]
fn the_article_map_of_version_5_upgrades_silently_as_no_exercise_with_no_saved_view() {
    assert!(V5_ARTICLE_MAP.contains("format_version: 5,"));
    let loaded = open_str(V5_ARTICLE_MAP).unwrap();
    let upgrade = loaded.upgrade.expect("a version 5 file is upgraded");
    assert_eq!((upgrade.from, upgrade.to), (5, 6));
    assert_eq!(upgrade.changes, Vec::<String>::new());
    let map = loaded.map;
    assert!(!map.exercise && map.view.is_none());
    assert!(
        map.powers
            .iter()
            .flat_map(|p| &p.track)
            .all(|k| !k.unjudged)
    );
    let text = storage::to_ron_string(&map);
    for field in ["exercise:", "view:", "unjudged:"] {
        assert!(!text.contains(field), "{field}");
    }
    assert_eq!(
        text.replacen("format_version: 6,", "format_version: 5,", 1),
        V5_ARTICLE_MAP,
        "apart from its version, the text 0.5 wrote"
    );
}

#[test]
fn an_exercise_and_a_saved_view_are_read_and_written_and_mistakes_refused() {
    let text = V1_BY_HAND
        .replace("format_version: 1,", "format_version: 6,")
        .replacen("    powers: [", "    exercise: true,\n    powers: [", 1)
        .replacen(
            "    ],\n)",
            "    ],\n    story: [(date: \"2001\", title: \"One\", caption: \"c\")],\n    view: Some((date: 2009.5, power: Some(\"p\"), step: Some(1))),\n)",
            1,
        );
    // The map has a power "p" and now one story step; mark its first keyframe unjudged.
    let text = text.replacen("strength: ", "unjudged: true, strength: ", 1);
    let map = open_str(&text).unwrap().map;
    assert!(map.exercise);
    let view = map.view.clone().unwrap();
    assert_eq!(view.date, 2009.5);
    assert_eq!(view.power.as_ref().map(|p| p.0.as_str()), Some("p"));
    assert_eq!(view.step_index(), Some(0));
    assert!(map.powers[0].track[0].unjudged);
    let again = open_str(&storage::to_ron_string(&map)).unwrap().map;
    assert_eq!(again, map);

    for (from, to, expected) in [
        ("date: 2009.5", "date: 12345.0", "the saved view: the date"),
        ("date: 2009.5", "date: NaN", "the saved view: the date"),
        ("Some(\"p\")", "Some(\"x\")", "no power with the id \"x\""),
        ("Some(1)", "Some(9)", "there is no story step 9"),
        ("Some(1)", "Some(0)", "there is no story step 0"),
    ] {
        let bad = text.replacen(from, to, 1);
        assert_ne!(bad, text, "{from}");
        let error = open_str(&bad).expect_err(from);
        assert!(error.to_string().contains(expected), "{from}: {error}");
        assert!(error.line_col().is_some(), "{from}: {error}");
    }
}
