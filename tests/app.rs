//! The whole app driven through its UI: labels, clicks, keys.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

mod common;

use common::{article_harness, harness};

use egui_kittest::{
    Harness,
    kittest::{NodeT as _, Queryable},
};
use stance_map::app::StanceApp;
use stance_map::app::session::Session;
use stance_map::model::{Date, PowerId};
use stance_map::ui::theme::format_strength;

fn set_date(h: &mut Harness<'static, StanceApp>, year_f64: f64) {
    h.state_mut().session.date_year_f64 = year_f64;
    h.run();
}

#[test]
fn the_article_map_shows_its_four_powers() {
    let h = article_harness();
    for name in ["EU", "Russia", "China", "US/NATO"] {
        h.get_by_label(&format!("Show {name}"));
        h.get_by_label_contains(&format!("{name} strength "));
    }
    assert!(h.state().window_title().contains("Serbia"));
}

#[test]
fn in_1999_us_nato_is_negative_and_in_2009_russia_is_at_its_strongest() {
    let mut h = article_harness();
    set_date(&mut h, 1999.0);
    h.get_by_label_contains("US/NATO strength −");

    set_date(&mut h, 2009.0);
    let russia = h
        .state()
        .map
        .power(&PowerId("russia".into()))
        .unwrap()
        .clone();
    let strongest = russia
        .track
        .iter()
        .map(|k| k.strength)
        .fold(f64::MIN, f64::max);
    h.get_by_label(&format!("Russia strength {}", format_strength(strongest)));
}

#[test]
fn selecting_a_power_shows_a_quote_and_its_citation() {
    let mut h = article_harness();
    set_date(&mut h, 2009.0);
    h.get_by_label("Russia").click();
    h.run();
    assert_eq!(
        h.state().session.selected_power,
        Some(PowerId("russia".into()))
    );
    let map = h.state().map.clone();
    let keyframe = map
        .power(&PowerId("russia".into()))
        .unwrap()
        .track
        .iter()
        .find(|k| k.date == Date::year(2009))
        .unwrap();
    let evidence = &keyframe.evidence[0];
    assert!(
        h.get_all_by_label_contains(&evidence.quote[..40])
            .next()
            .is_some()
    );
    assert!(
        h.get_all_by_label_contains(&map.citation(evidence))
            .next()
            .is_some()
    );
}

#[test]
fn play_advances_the_date_and_pause_stops_it() {
    let mut h = article_harness();
    set_date(&mut h, 2000.0);
    h.get_by_label("Play").click();
    h.run_steps(8);
    assert!(h.state().session.playing);
    let moved = h.state().session.date_year_f64;
    assert!(moved > 2000.0, "{moved}");
    h.get_by_label("Pause").click();
    h.run_steps(2);
    let paused = h.state().session.date_year_f64;
    h.run_steps(8);
    assert!(!h.state().session.playing);
    assert_eq!(h.state().session.date_year_f64, paused);
}

#[test]
fn space_toggles_playback() {
    let mut h = article_harness();
    h.key_press(egui::Key::Space);
    h.run_steps(2);
    assert!(h.state().session.playing);
    h.key_press(egui::Key::Space);
    h.run_steps(2);
    assert!(!h.state().session.playing);
}

#[test]
fn left_and_right_step_between_keyframes_and_events() {
    let mut h = article_harness();
    set_date(&mut h, 2008.5);
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().session.date_year_f64, 2009.0);
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().session.date_year_f64, 2012.0);
    h.key_press(egui::Key::ArrowLeft);
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().session.date_year_f64, 2008.0);
}

#[test]
fn a_file_that_fails_to_load_shows_its_error_with_line_and_column() {
    let dir = std::env::temp_dir().join(format!("stance-map-app-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.ron");
    std::fs::write(&path, "(\n  format_version: 1,\n  title: \"x\" oops\n)").unwrap();
    let mut h = harness(StanceApp::with_session(Session::default(), Some(&path)));
    h.run();
    h.get_by_label_contains("line 3, column");
    h.get_by_label_contains("broken.ron");
    assert!(h.state().map.powers.is_empty());
    // File › Open starts in the broken file's folder, not in saves/.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Open a map");
    h.get_by_label(&dir.display().to_string());
    h.get_by_label("Cancel").click();
    h.run();
    // The banner offers a way back to the article's map.
    h.get_by_label("Open the article's map").click();
    h.run();
    assert_eq!(h.state().map.powers.len(), 4);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_file_opened_later_keeps_the_open_map() {
    let mut h = article_harness();
    let before = h.state().map.clone();
    let dir = std::env::temp_dir().join(format!("stance-map-app2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("garbage.ron");
    std::fs::write(&path, [0xffu8, 0x00, 0x13]).unwrap();
    assert!(!h.state_mut().open_path(&path));
    h.run();
    assert_eq!(h.state().map, before);
    h.get_by_label_contains("not valid UTF-8");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hiding_a_power_in_the_list_hides_it_everywhere() {
    let mut h = article_harness();
    h.get_by_label("Show China").click();
    h.run();
    assert!(!h.state().session.is_visible(&PowerId("china".into())));
}

#[test]
fn menus_carry_the_actions_and_their_shortcuts() {
    let mut h = article_harness();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Dark theme").click();
    h.run();
    assert_eq!(
        h.state().session.theme,
        stance_map::app::session::ThemeChoice::Dark
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.run();
    assert!((h.state().session.zoom - 1.1).abs() < 1e-6);
}

#[test]
fn bidi_and_control_characters_are_shown_as_visible_markers() {
    let mut map = stance_map::article::article_map().unwrap();
    map.powers[0].name = "EU\u{202e}ASSUR".into();
    map.title = "Title\u{0007}bell".into();
    let mut h = harness(StanceApp::from_map(map));
    h.run();
    assert!(h.query_all_by_label_contains("EU{U+202E}ASSUR").count() >= 3);
    let raw: Vec<String> = h
        .query_all_by_label_contains("\u{202e}")
        .map(|n| format!("{n:?}").chars().take(120).collect())
        .collect();
    assert!(
        raw.is_empty(),
        "no raw override reaches the screen: {raw:#?}"
    );
    let title = h.state().window_title();
    assert!(title.contains("Title{U+0007}bell"), "{title}");
}

#[test]
fn the_shortcuts_window_lists_the_presenter_keys_too() {
    let mut h = article_harness();
    h.key_press(egui::Key::F1);
    h.run();
    h.get_by_label("In presenter mode (F5)");
    for (what, keys) in stance_map::ui::presenter::PRESENTER_KEYS {
        h.get_by_label(what);
        h.get_by_label(keys);
    }
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("In presenter mode (F5)").is_none());
}

/// File › Recent maps: a map still there opens; one moved away is marked "(missing)", cannot
/// be opened, and "Remove missing maps" takes it off the list; "Clear this list" empties it.
#[test]
fn the_recent_list_marks_missing_maps_and_removes_them() {
    let dir = common::temp_dir("recent");
    let here = dir.join("here.ron");
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &here).unwrap();
    let gone = dir.join("gone.ron");
    let mut h = article_harness();
    h.state_mut().session.recent_files = vec![gone.clone(), here.clone()];
    let open_recent = |h: &mut Harness<'static, StanceApp>| {
        h.get_by_label("File").click();
        h.run();
        h.get_by_label("Recent maps").click();
        h.run();
    };
    open_recent(&mut h);
    let missing = format!("{} (missing)", gone.display());
    assert!(h.get_by_label(&missing).accesskit_node().is_disabled());
    h.get_by_label("Remove missing maps").click();
    h.run();
    assert_eq!(h.state().session.recent_files, std::slice::from_ref(&here));

    open_recent(&mut h);
    assert!(h.query_by_label(&missing).is_none());
    assert!(
        h.get_by_label("Remove missing maps")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label(&here.display().to_string()).click();
    h.run();
    assert_eq!(
        h.state().origin,
        stance_map::app::Origin::File(here.clone())
    );

    open_recent(&mut h);
    h.get_by_label("Clear this list").click();
    h.run();
    assert!(h.state().session.recent_files.is_empty());
    open_recent(&mut h);
    h.get_by_label("No recent maps");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With a map of the user's own open, a file that fails to open does not offer the article's
/// map as the way on: that would replace their map.
#[test]
fn a_bad_file_beside_the_users_own_map_offers_no_replacement() {
    let dir = common::temp_dir("own-map");
    let own = dir.join("mine.ron");
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &own).unwrap();
    let broken = dir.join("broken.ron");
    std::fs::write(&broken, "(").unwrap();
    let mut h = harness(StanceApp::with_session(Session::default(), Some(&own)));
    h.run();
    assert!(!h.state_mut().open_path(&broken));
    h.run();
    h.get_by_label_contains("broken.ron");
    assert!(h.query_by_label("Open the article's map").is_none());
    assert_eq!(h.state().origin, stance_map::app::Origin::File(own.clone()));
    std::fs::remove_dir_all(&dir).unwrap();
}
