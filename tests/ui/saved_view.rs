//! File › Save view with map and opening at a saved view: the date, the selected power, the
//! story step and the measured series shown go into the map file, and a map opened with them
//! opens there.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::{Path, PathBuf};

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use stance_map::app::StanceApp;
use stance_map::app::session::Session;
use stance_map::article::article_map;
use stance_map::model::{IndicatorId, PowerId, SavedView};
use stance_map::storage;

use crate::common::{drop_file, harness, russia, temp_dir};

/// The article's map saved to `dir/name`, with `view`.
fn map_file(dir: &Path, name: &str, view: Option<SavedView>) -> PathBuf {
    let mut map = article_map().unwrap();
    map.view = view;
    let path = dir.join(name);
    storage::save_path(&map, &path).unwrap();
    path
}

/// The app on `path` (as `stance-map path` opens it), after its first frame.
fn opened(session: Session, path: &Path) -> Harness<'static, StanceApp> {
    let mut h = harness(StanceApp::with_session(session, Some(path)));
    h.run();
    h
}

/// Click a File menu item.
fn file_menu(h: &mut Harness<'static, StanceApp>, item: &str) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

/// The notice's text, if one is shown.
fn notice(h: &Harness<'static, StanceApp>) -> String {
    h.state()
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// A view on the article's map: March 2020, the EU, story step 3, one series shown.
fn a_view() -> SavedView {
    SavedView {
        date: 2020.25,
        power: Some(PowerId("eu".into())),
        step: Some(3),
        indicators: vec![IndicatorId("isac_cfsp".into())],
    }
}

#[test]
fn save_view_writes_the_date_power_step_and_shown_series_into_the_file_and_undo_takes_it_out() {
    let dir = temp_dir("save");
    let path = map_file(&dir, "serbia.ron", None);
    let mut h = opened(Session::default(), &path);
    // Story step 3 selected in the story panel (which moves the date to its own).
    h.state_mut().session.panels.story = true;
    h.run();
    let step_title = h.state().map.story[2].title.clone();
    h.get_by_label_contains(&format!("3. {}", h.state().map.story[2].date))
        .click();
    h.run();
    // Then another date, Russia, and one series hidden.
    let hidden = h.state().map.indicators[0].id.clone();
    {
        let app = h.state_mut();
        app.session.date_year_f64 = 2020.2;
        app.session.hidden_indicators.insert(hidden.clone());
    }
    h.get_by_label("Russia").click();
    h.run();
    assert_eq!(h.state().session.selected_power, Some(russia()));

    file_menu(&mut h, "Save view with map");

    let on_disk = storage::load_path(&path).unwrap();
    let view = on_disk.view.expect("the file has the view");
    assert!((view.date - 2020.2).abs() < 1e-12, "{}", view.date);
    assert_eq!(view.power, Some(russia()));
    assert_eq!(view.step, Some(3));
    let shown: Vec<IndicatorId> = on_disk
        .indicators
        .iter()
        .map(|i| i.id.clone())
        .filter(|id| id != &hidden)
        .collect();
    assert!(!shown.is_empty());
    assert_eq!(view.indicators, shown);
    assert!(!h.state().is_dirty(), "saved");
    let text = notice(&h);
    assert!(
        text.starts_with(&format!(
            "Saved with the view: March 2020, Russia selected, story step 3 ({step_title})"
        )),
        "{text}"
    );
    assert!(text.contains(&path.display().to_string()), "{text}");

    // One undo step takes the view out of the map (not out of the file, until saved).
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo save the view with the map")
        .click();
    h.run();
    assert_eq!(h.state().map.view, None);
    assert!(h.state().is_dirty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_map_with_a_saved_view_opens_there_and_the_presenter_starts_at_its_step() {
    let dir = temp_dir("open");
    let path = map_file(&dir, "with-view.ron", Some(a_view()));
    // Someone else's session: another date, Russia selected, every series shown.
    let session = Session {
        date_year_f64: 2001.0,
        selected_power: Some(russia()),
        ..Session::default()
    };
    let mut h = opened(session, &path);
    let app = h.state();
    assert!((app.session.date_year_f64 - 2020.25).abs() < 1e-12);
    assert_eq!(app.session.selected_power, Some(PowerId("eu".into())));
    for indicator in &app.map.indicators {
        assert_eq!(
            app.session.is_indicator_shown(&indicator.id),
            indicator.id.0 == "isac_cfsp",
            "{}",
            indicator.id.0
        );
    }
    assert_eq!(app.selected_story_step(), Some(2));
    assert!(app.session.panels.story, "the story panel shows the step");
    assert_eq!(app.session.focus, app.map.story[2].focus);
    let text = notice(&h);
    assert!(
        text.starts_with(
            "Opened with-view.ron at its saved view: April 2020, EU selected, story step 3"
        ),
        "{text}"
    );
    // The story panel shows the step, selected: its editor is open.
    let row = format!("3. {} — {}", app.map.story[2].date, app.map.story[2].title);
    h.get_by_label(&row);
    h.get_by_label(stance_map::ui::story_panel::DELETE_STEP);
    // F5: the presenter starts at step 3.
    let steps = h.state().map.story.len();
    h.key_press(Key::F5);
    h.run();
    assert!(h.state().session.presenting);
    h.get_by_label_contains(&format!("3 / {steps}"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_map_dropped_on_the_window_opens_at_its_saved_view() {
    let dir = temp_dir("drop");
    let plain = map_file(&dir, "plain.ron", None);
    let with_view = map_file(&dir, "with-view.ron", Some(a_view()));
    let mut h = opened(Session::default(), &plain);
    drop_file(&mut h, &with_view);
    assert_eq!(h.state().map.view, Some(a_view()));
    assert!((h.state().session.date_year_f64 - 2020.25).abs() < 1e-12);
    assert_eq!(h.state().session.selected_power, Some(PowerId("eu".into())));
    assert_eq!(h.state().selected_story_step(), Some(2));
    assert!(notice(&h).contains("at its saved view: April 2020, EU selected"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_map_without_a_view_opens_as_before() {
    let dir = temp_dir("plain");
    let path = map_file(&dir, "plain.ron", None);
    let hidden: std::collections::BTreeSet<IndicatorId> = [IndicatorId("isac_cfsp".into())].into();
    let session = Session {
        date_year_f64: 2010.5,
        selected_power: Some(russia()),
        hidden_indicators: hidden.clone(),
        ..Session::default()
    };
    let h = opened(session, &path);
    let app = h.state();
    assert!((app.session.date_year_f64 - 2010.5).abs() < 1e-12);
    assert_eq!(app.session.selected_power, Some(russia()));
    assert_eq!(app.session.hidden_indicators, hidden);
    assert_eq!(app.selected_story_step(), None);
    assert!(!app.session.panels.story);
    assert!(app.notice.is_none(), "{:?}", app.notice);
    // Nothing to clear.
    let mut h = h;
    h.get_by_label("File").click();
    h.run();
    assert!(
        h.get_by_label("Clear saved view")
            .accesskit_node()
            .is_disabled()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn clear_saved_view_takes_it_out_and_the_next_save_writes_the_map_without_it() {
    let dir = temp_dir("clear");
    let path = map_file(&dir, "with-view.ron", Some(a_view()));
    let mut h = opened(Session::default(), &path);
    file_menu(&mut h, "Clear saved view");
    assert_eq!(h.state().map.view, None);
    assert!(h.state().is_dirty());
    assert!(
        notice(&h).contains("saved view was taken out"),
        "{}",
        notice(&h)
    );
    file_menu(&mut h, "Save Ctrl+S");
    assert_eq!(storage::load_path(&path).unwrap().view, None);
    // Undo puts it back.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo clear the saved view").click();
    h.run();
    assert_eq!(h.state().map.view, Some(a_view()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_story_list_scrolls_to_the_saved_step() {
    let dir = temp_dir("scroll");
    let last = article_map().unwrap().story.len();
    let view = SavedView {
        step: Some(last),
        ..a_view()
    };
    let path = map_file(&dir, "late-step.ron", Some(view));
    let mut h = opened(Session::default(), &path);
    h.run();
    let step = &h.state().map.story[last - 1];
    let row = h
        .get_by_label(&format!("{last}. {} — {}", step.date, step.title))
        .rect();
    // Between the buttons above the list and those of the step's editor below it.
    let above = h.get_by_label("Add step from current view").rect();
    let below = h.get_by_label("Move up").rect();
    assert!(
        row.top() > above.bottom() && row.bottom() < below.top(),
        "the row {row:?} is in view between {above:?} and {below:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
