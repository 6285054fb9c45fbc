//! The whole app driven through its UI: labels, clicks, keys.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common;

use crate::common::{article_harness, harness};

use egui_kittest::{
    Harness,
    kittest::{NodeT as _, Queryable},
};
use stance_map::app::StanceApp;
use stance_map::app::session::Session;
use stance_map::model::format_strength_signed as format_strength;
use stance_map::model::{Date, PowerId};

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
fn hiding_a_power_in_the_list_takes_it_off_the_compass_until_shown_again() {
    let mut h = article_harness();
    crate::common::tip(&h, "China");
    h.get_by_label("China bearing");
    h.get_by_label("Show China").click();
    h.run();
    assert!(!h.state().session.is_visible(&PowerId("china".into())));
    // Neither its arrow nor its name handle is drawn; the others still are.
    assert!(crate::common::query_tip(&h, "China").is_none());
    assert!(h.query_by_label("China bearing").is_none());
    crate::common::tip(&h, "Russia");
    // (The timeline's markers: `timeline::hidden_powers_have_no_markers_to_pick`.)
    h.get_by_label("Show China").click();
    h.run();
    crate::common::tip(&h, "China");
    h.get_by_label("China bearing");
}

#[test]
fn menus_carry_the_actions_and_their_shortcuts() {
    // Each item's accessible name is its label and its shortcut, as the menu shows them.
    let menus = [
        (
            "File",
            &[
                "Open… Ctrl+O",
                "Save Ctrl+S",
                "Save as… Ctrl+Shift+S",
                "Quit Ctrl+Q",
            ][..],
        ),
        (
            "Edit",
            &[
                "Undo Ctrl+Z",
                "Redo Ctrl+Shift+Z",
                "Edit map… Ctrl+E",
                "Copy view as image Ctrl+Shift+C",
            ],
        ),
        (
            "View",
            &[
                "Zoom in Ctrl+Plus",
                "Zoom out Ctrl+Minus",
                "Reset zoom Ctrl+0",
            ],
        ),
        ("Present", &["Present F5"]),
        ("Help", &["Keyboard shortcuts F1"]),
    ];
    for (menu, items) in menus {
        let mut h = article_harness();
        h.get_by_label(menu).click();
        h.run();
        for item in items {
            h.get_by_label(item);
        }
    }
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
    // The compass's keys for setting values without a mouse.
    for (what, _) in stance_map::ui::compass::COMPASS_KEYS {
        h.get_by_label(what);
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
    crate::common::wait_for_jobs(&mut h);
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

/// eframe's storage, kept in memory: a string per key.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

/// What the app saves for the next run (`eframe::App::save`, as eframe calls it on exit and
/// every `auto_save_interval`), written out and read back as eframe's file storage does (a
/// RON map of strings).
fn saved_for_next_run(app: &mut StanceApp) -> MemoryStorage {
    let mut storage = MemoryStorage::default();
    eframe::App::save(app, &mut storage);
    let text = ron::ser::to_string_pretty(&storage.0, ron::ser::PrettyConfig::default()).unwrap();
    MemoryStorage(ron::from_str(&text).unwrap())
}

/// The app started again, as `from_creation_context` starts it: the stored session, then
/// the map (none given: the article's).
fn restarted(storage: &MemoryStorage) -> Harness<'static, StanceApp> {
    let session = StanceApp::stored_session(Some(storage));
    let mut h = harness(StanceApp::with_session(session, None));
    h.run();
    h
}

/// The view state set through the window (theme, zoom, date, selection, hidden powers,
/// panels, recent maps) comes back after a restart, and a map saved meanwhile holds none of it.
#[test]
fn the_view_state_comes_back_after_a_restart_and_stays_out_of_map_files() {
    let dir = common::temp_dir("view-state");
    let mine = dir.join("mine.ron");
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &mine).unwrap();
    let mut h = harness(StanceApp::with_session(Session::default(), Some(&mine)));
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Dark theme").click();
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Article text").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.key_press(egui::Key::Home);
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.get_by_label("Show China").click();
    h.run();
    h.get_by_label("Russia").click();
    h.run();
    let view = h.state().session.clone();
    assert_eq!(view.theme, stance_map::app::session::ThemeChoice::Dark);
    assert!(view.panels.source);
    assert!((view.zoom - 1.1).abs() < 1e-6);
    assert_eq!(view.selected_power, Some(PowerId("russia".into())));
    assert!(!view.is_visible(&PowerId("china".into())));
    let date = view.date_year_f64;
    assert!(date > 1990.0 && date < 2022.0, "{date}");

    // A change to the map, saved with Ctrl+S: the file holds the map and nothing else.
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetStrength {
            power: PowerId("russia".into()),
            date: Date::year(2016),
            strength: -0.25,
        });
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().is_dirty());
    let text = std::fs::read_to_string(&mine).unwrap();
    let plain = dir.join("plain.ron");
    stance_map::storage::save_path(&h.state().map, &plain).unwrap();
    assert_eq!(text, std::fs::read_to_string(&plain).unwrap());
    for word in [
        "date_year_f64",
        "selected",
        "hidden",
        "theme",
        "Dark",
        "zoom",
        "recent",
        "panels",
        "speed",
        "trail",
        "presenter",
        &dir.display().to_string(),
    ] {
        assert!(!text.contains(word), "{word} in the map file");
    }

    let storage = saved_for_next_run(h.state_mut());
    drop(h);
    let h = restarted(&storage);
    assert_eq!(h.state().session, view);
    assert_eq!(h.state().session.recent_files, [mine]);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-6);
    h.get_by_label("Article");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A map whose file name is not UTF-8 (a dropped file, say) in the recent list: the rest of
/// the view state still comes back. RON holds only text, so that path used to make the whole
/// session fail to save, and a restart forgot the theme, the date and every other recent map.
#[cfg(unix)]
#[test]
fn a_recent_map_with_a_name_that_is_not_utf8_does_not_lose_the_view_state() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = common::temp_dir("not-utf8");
    let mine = dir.join("mine.ron");
    let odd = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.ron"));
    for path in [&mine, &odd] {
        stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), path).unwrap();
    }
    let mut h = article_harness();
    assert!(h.state_mut().open_path(&mine));
    common::drop_file(&mut h, &odd);
    h.state_mut().session.theme = stance_map::app::session::ThemeChoice::Dark;
    h.run();
    assert_eq!(h.state().session.recent_files, [odd, mine.clone()]);

    let storage = saved_for_next_run(h.state_mut());
    let h = restarted(&storage);
    assert_eq!(
        h.state().session.theme,
        stance_map::app::session::ThemeChoice::Dark
    );
    assert_eq!(h.state().session.recent_files, [mine]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The tests' file dialogs start in a folder of their own, never in the checkout's `saves/`
/// (where they used to create the folder and list a user's maps).
#[test]
fn file_dialogs_under_test_start_in_their_own_folder_not_in_saves() {
    let mut h = article_harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Open a map");
    h.get_by_label(&common::saves_folder().display().to_string());
    let checkout = std::env::current_dir().unwrap().join("saves");
    assert!(
        h.query_by_label(&checkout.display().to_string()).is_none(),
        "the dialog shows {}",
        checkout.display()
    );
}

/// A map whose only power, China, has one keyframe per date in `dates`, each quoting the
/// passage that the February 2022 invasion event is dated by.
fn map_quoting_the_invasion_at(dates: &[Date]) -> stance_map::model::StanceMap {
    use stance_map::model::{
        Confidence, Dimension, Event, Evidence, Interpolation, Keyframe, Power, Role, Source,
        SourceId, StanceMap,
    };
    let evidence = || Evidence {
        quote: "The Russian invasion of Ukraine in February 2022".to_owned(),
        source: SourceId("article".into()),
        locator: String::new(),
        dimension: Dimension::Political,
        role: Role::Supports,
    };
    let mut map = StanceMap::empty();
    map.sources.push(Source {
        id: SourceId("article".into()),
        author: "Author".into(),
        year: Some(2023),
        entry: "Author (2023).".into(),
        url: String::new(),
        accessed: String::new(),
    });
    map.powers.push(Power {
        id: PowerId("china".into()),
        name: "China".into(),
        color: "#000000".into(),
        bearing_deg: 0.0,
        track: dates
            .iter()
            .map(|&date| Keyframe {
                unjudged: false,
                date,
                strength: 0.6,
                confidence: Confidence::High,
                interpolation: Interpolation::Linear,
                reasoning: String::new(),
                evidence: vec![evidence()],
            })
            .collect(),
    });
    map.events.push(Event {
        date: Date::month(2022, 2),
        title: "Russia invades Ukraine".into(),
        powers: Vec::new(),
        note: String::new(),
        evidence: vec![evidence()],
    });
    map
}

/// Opening a map with a keyframe dated before an event its evidence describes says so in the
/// notice, naming the first; a map with none says nothing.
#[test]
fn opening_a_map_with_a_date_before_its_event_says_so() {
    let dir = common::temp_dir("date-warning");
    let path = dir.join("early.ron");
    let mut h = article_harness();
    for (dates, expected) in [
        (
            &[Date::year(2022)][..],
            Some(
                "Opened early.ron. A date to check: China, 2022: the keyframe stands at \
                 January 2022, before the event \u{201c}Russia invades Ukraine\u{201d} \
                 (February 2022) that its evidence describes; date it 2022-02 or later.",
            ),
        ),
        (
            &[Date::year(2021), Date::month(2022, 1)],
            Some(
                "Opened early.ron. 2 dates to check (stance-map check lists them all); the \
                 first: China, 2021: the keyframe stands at January 2021",
            ),
        ),
        (&[Date::month(2022, 2)], None),
    ] {
        stance_map::storage::save_path(&map_quoting_the_invasion_at(dates), &path).unwrap();
        assert!(h.state_mut().open_path(&path));
        h.run();
        let notice = h.state().notice.as_ref().map(|n| n.text.clone());
        match expected {
            Some(expected) => {
                let notice = notice.unwrap();
                assert!(notice.starts_with(expected), "{notice}");
                assert!(h.query_by_label(&notice).is_some(), "shown: {notice}");
            }
            None => assert_eq!(notice, None),
        }
    }
    // A name that is not UTF-8 is named with a `?` for its odd byte, which every font draws.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let odd = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.ron"));
        let map = map_quoting_the_invasion_at(&[Date::year(2022)]);
        stance_map::storage::save_path(&map, &odd).unwrap();
        assert!(h.state_mut().open_path(&odd));
        h.run();
        let notice = h.state().notice.as_ref().unwrap().text.clone();
        assert!(
            notice.starts_with("Opened caf?.ron. A date to check"),
            "{notice}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Stepping onto an event's date names the event under the date; a year-only event covers
/// its whole year, and a date without one says so.
#[test]
fn the_time_controls_name_the_events_at_the_date() {
    let mut h = article_harness();
    h.key_press(egui::Key::Home);
    h.run();
    for _ in 0..10 {
        if h.state().session.date_year_f64 >= 1999.0 {
            break;
        }
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
    assert_eq!(h.state().session.date_year_f64, 1999.0);
    h.get_by_label_contains("Events: NATO bombing of Belgrade · Russia backs Serbia");
    set_date(&mut h, 1999.5);
    h.get_by_label_contains("Events: NATO bombing of Belgrade");
    set_date(&mut h, 2001.0);
    assert!(
        h.query_by_label_contains("NATO bombing of Belgrade")
            .is_none()
    );
    h.get_by_label("No event at this date");
}

/// On a first run (eframe kept nothing) the "Getting started" card explains the scale, the
/// arrows and where the evidence is; "Got it" hides it, and it stays hidden after a restart;
/// Help › Getting started shows it again.
#[test]
fn the_getting_started_card_shows_on_the_first_run_until_dismissed() {
    use stance_map::ui::getting_started::{GETTING_STARTED, GOT_IT};
    let first_run = MemoryStorage::default();
    let mut h = restarted(&first_run);
    h.get_by_label(GETTING_STARTED);
    // Closed without "Got it": the next run shows it again.
    let storage = saved_for_next_run(h.state_mut());
    drop(h);
    let mut h = restarted(&storage);
    h.get_by_label(GETTING_STARTED);
    h.get_by_label_contains("from −1 (opposed) through 0 (neutral) to +1 (aligned)");
    h.get_by_label(GOT_IT).click();
    h.run();
    assert!(h.query_by_label(GOT_IT).is_none());

    let storage = saved_for_next_run(h.state_mut());
    drop(h);
    let mut h = restarted(&storage);
    assert!(
        h.query_by_label(GOT_IT).is_none(),
        "dismissed stays dismissed"
    );

    h.get_by_label("Help").click();
    h.run();
    h.get_by_label(GETTING_STARTED).click();
    h.run();
    h.get_by_label(GOT_IT);
    h.get_by_label_contains("evidence panel");
}

/// The menu bar names whose map this is: its title, its analyst and its source.
#[test]
fn the_menu_bar_names_the_map_its_analyst_and_its_source() {
    let h = article_harness();
    let header = h.get_by_label_contains(
        "Serbia between the EU, Russia, China and the US/NATO · by The stance-map developers",
    );
    let source = h.get_by_label_contains("source: STEAR contributors, An “Ironclad Friendship”?");
    assert_eq!(source.rect(), header.rect(), "one line");
    // It sits in the menu bar's row, right of the Help menu.
    let help = h.get_by_label("Help").rect();
    assert!(header.rect().left() > help.right());
    assert!((header.rect().center().y - help.center().y).abs() < 4.0);
}
