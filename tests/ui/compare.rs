//! Comparing the open map with a second one: the differences model on built maps, and the
//! whole app with a comparison loaded from a file.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::{harness, temp_dir};

use crate::common::russia;
use egui::accesskit::Role;
use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::StanceApp;
use stance_map::app::actions::Action;
use stance_map::article::article_map;
use stance_map::model::compare::{Also, differences};
use stance_map::model::{Date, Keyframe, Power, PowerId, StanceMap};
use stance_map::storage;
use stance_map::ui::evidence::OTHER_READING;

/// The article's map with Russia's 2014 value lowered by 0.5 (0.75 → 0.25).
fn second_reading() -> StanceMap {
    let mut map = article_map().unwrap();
    let russia = map.powers.iter_mut().find(|p| p.id == russia()).unwrap();
    let k = russia
        .track
        .iter_mut()
        .find(|k| k.date == Date::year(2014))
        .unwrap();
    assert_eq!(k.strength, 0.75);
    k.strength = 0.25;
    map.analyst = "Marko, seminar group B".into();
    map
}

/// The edit that gives Russia in 2014 the second reading's value.
fn agree_on_russia_2014() -> stance_map::model::edit::Edit {
    stance_map::model::edit::Edit::SetStrength {
        power: russia(),
        date: Date::year(2014),
        strength: 0.25,
    }
}

fn keyframe(year: i32, strength: f64) -> Keyframe {
    let mut k = article_map().unwrap().powers[0].track[0].clone();
    k.date = Date::year(year);
    k.strength = strength;
    k
}

#[test]
fn built_maps_differ_only_where_the_difference_passes_the_threshold() {
    let power = |track: Vec<Keyframe>| Power {
        id: PowerId("eu".into()),
        name: "EU".into(),
        color: "#1f4e9c".into(),
        bearing_deg: 270.0,
        track,
    };
    let ours = StanceMap {
        powers: vec![power(vec![keyframe(2000, 0.5), keyframe(2010, 0.3)])],
        ..StanceMap::empty()
    };
    let theirs = StanceMap {
        powers: vec![power(vec![keyframe(2000, 0.1), keyframe(2010, 0.35)])],
        ..StanceMap::empty()
    };
    let rows = differences(&ours, &theirs, 0.1);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].power_name, "EU");
    assert_eq!(rows[0].date_label, "2000");
    assert!((rows[0].delta - 0.4).abs() < 1e-12);
}

#[test]
fn the_article_map_against_a_second_reading_lists_russia_2014() {
    let theirs = second_reading();
    let rows = differences(&article_map().unwrap(), &theirs, 0.1);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].power, russia());
    assert_eq!(rows[0].year_f64, 2014.0);
    assert!((rows[0].delta - 0.5).abs() < 1e-9);
}

#[test]
fn the_differences_window_lists_filters_and_jumps_to_a_difference() {
    let dir = temp_dir("window");
    let path = dir.join("second-reading.ron");
    storage::save_path(&second_reading(), &path).unwrap();

    let mut h = harness(StanceApp::new_article());
    h.run();
    let open_map = h.state().map.clone();
    assert!(h.state_mut().compare_with_path(&path));
    h.run();
    assert_eq!(
        h.state().map,
        open_map,
        "comparing leaves the open map alone"
    );
    h.get_by_label_contains("second-reading.ron");
    let row = "Russia 2014: ours +0.75, theirs +0.25, difference +0.50";
    h.get_by_label(row);

    // Clicking the row moves the date to 2014 and selects Russia.
    h.state_mut().session.date_year_f64 = 2022.0;
    h.run();
    h.get_by_label(row).click();
    h.run();
    assert_eq!(h.state().session.date_year_f64, 2014.0);
    assert_eq!(h.state().session.selected_power, Some(russia()));

    // At a threshold of 0.6 the difference of 0.5 is no longer listed.
    h.get_by_role_and_label(Role::Slider, "Threshold")
        .set_value_accesskit(0.6);
    h.run();
    assert!(h.query_by_label(row).is_none());
    h.get_by_label_contains("The two maps agree");

    // Stop comparing removes the window and the ghost.
    h.get_by_label("Stop comparing").click();
    h.run();
    assert!(h.state().comparison.is_none());
    assert!(h.state().session.comparison.is_none());
    assert!(h.query_by_label_contains("Threshold").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The reviewer's case: a student's map that keeps every value but rewrites a reasoning,
/// changes a confidence and deletes a keyframe was said to "agree" with the original.
#[test]
fn a_reading_that_differs_in_words_and_keyframes_is_not_said_to_agree() {
    let mut theirs = article_map().unwrap();
    let eu = &mut theirs.powers[0].track[0];
    eu.reasoning = "A different reading of the same quotes.".into();
    let last = theirs
        .powers
        .iter_mut()
        .find(|p| p.id == russia())
        .unwrap()
        .track
        .pop()
        .unwrap();
    let rows = differences(&article_map().unwrap(), &theirs, 1.0);
    let deleted = rows
        .iter()
        .find(|r| r.power == russia() && r.year_f64 == last.date.to_year_f64())
        .unwrap();
    assert_eq!(
        deleted.also,
        [Also::KeyframeOnlyOurs {
            quotes: last.evidence.len()
        }]
    );
    let mut h = comparing(StanceApp::new_article(), theirs, "student.ron");
    assert!(h.query_by_label_contains("The two maps agree").is_none());
    // The row's button names it for screen readers; its cell shows it.
    h.get_by_label("reasoning differs");
    h.get_by_label(&stance_map::ui::compare::row_label(deleted));
    h.get_by_label(&deleted.also[0].describe());
    // Listed whatever the threshold: they are not differences of value.
    h.get_by_role_and_label(Role::Slider, "Threshold")
        .set_value_accesskit(1.0);
    h.run();
    h.get_by_label("reasoning differs");

    // Clicking the row (anywhere on it, here on what differs) shows both readings in the
    // evidence panel, the other read only.
    assert!(h.query_by_label(OTHER_READING).is_none());
    h.get_by_label("reasoning differs").click();
    h.run();
    h.get_by_label(OTHER_READING);
    let ours = &article_map().unwrap().powers[0].track[0];
    assert_eq!(ours.date, Date::year(1991));
    // Each reasoning twice: in the evidence panel and in the readings under the table.
    for text in [
        "A different reading of the same quotes.",
        ours.reasoning.as_str(),
    ] {
        assert_eq!(h.query_all_by_label(text).count(), 2, "{text}");
    }
}

/// `app` with `theirs` laid over its map under `name`, after its first frame.
fn comparing(mut app: StanceApp, theirs: StanceMap, name: &str) -> Harness<'static, StanceApp> {
    app.comparison = Some(stance_map::model::compare::Comparison {
        map: std::sync::Arc::new(theirs),
        name: name.into(),
    });
    let mut h = harness(app);
    h.run();
    h
}

#[test]
fn the_table_follows_edits_undo_and_redo_of_the_open_map() {
    let mut h = comparing(
        StanceApp::new_article(),
        second_reading(),
        "second-reading.ron",
    );
    let row = "Russia 2014: ours +0.75, theirs +0.25, difference +0.50";
    h.get_by_label(row);
    h.get_by_label("1 difference:");

    // Agree with the second reading: the row goes at once, not when something else changes.
    h.state_mut().apply_edit(agree_on_russia_2014());
    h.run();
    assert!(h.query_by_label(row).is_none());
    h.get_by_label_contains("The two maps agree");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.get_by_label(row);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert!(h.query_by_label(row).is_none());

    // Opening another map is a change too.
    h.state_mut().open_article_map();
    h.run();
    h.get_by_label(row);

    // Mid-drag the map changes every frame: the table waits for the drag to end.
    h.state_mut().history.begin_group();
    h.state_mut().apply_edit(agree_on_russia_2014());
    h.run();
    assert!(h.state().history.in_group());
    h.get_by_label(row);
    h.state_mut().history.end_group();
    h.run();
    assert!(h.query_by_label(row).is_none());
}

#[test]
fn a_table_of_thousands_lays_out_only_the_rows_in_view() {
    let ours = stance_map::model::generate::stress_map(4, 300, 0);
    let mut theirs = ours.clone();
    for k in theirs.powers.iter_mut().flat_map(|p| p.track.iter_mut()) {
        k.strength = if k.strength > 0.0 { -0.9 } else { 0.9 };
    }
    let expected = differences(&ours, &theirs, 0.1);
    assert!(expected.len() > 1000, "{}", expected.len());
    let h = comparing(StanceApp::from_map(ours), theirs, "theirs.ron");
    h.get_by_label(&format!("{} differences:", expected.len()));
    let first = stance_map::ui::compare::row_label(&expected[0]);
    let last = stance_map::ui::compare::row_label(expected.last().unwrap());
    h.get_by_label(&first);
    assert!(h.query_by_label(&last).is_none(), "not laid out: far below");
    let laid_out = h.query_all_by_label_contains(": ours ").count();
    assert!((5..40).contains(&laid_out), "{laid_out} rows laid out");
}

#[test]
fn a_broken_comparison_file_shows_an_error_and_changes_nothing() {
    let dir = temp_dir("broken");
    let good = dir.join("second-reading.ron");
    storage::save_path(&second_reading(), &good).unwrap();
    let broken = dir.join("broken.ron");
    std::fs::write(&broken, "(\n  format_version: 1,\n  title: \"x\" oops\n)").unwrap();

    let mut h = harness(StanceApp::new_article());
    h.run();
    let open_map = h.state().map.clone();
    assert!(h.state_mut().compare_with_path(&good));
    h.run();
    let comparison = h.state().comparison.clone();
    assert!(comparison.is_some());

    assert!(!h.state_mut().compare_with_path(&broken));
    h.run();
    h.get_by_label_contains("Could not open the map to compare with");
    h.get_by_label_contains("line 3, column");
    assert_eq!(h.state().map, open_map);
    assert_eq!(h.state().comparison, comparison);
    assert!(!h.state().is_dirty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_with_in_the_file_menu_loads_the_chosen_file_as_the_comparison() {
    let dir = temp_dir("menu");
    let path = dir.join("second-reading.ron");
    storage::save_path(&second_reading(), &path).unwrap();
    let mut h = harness(StanceApp::new_article());
    h.run();
    let open_map = h.state().map.clone();

    // Cancelling the dialog leaves no comparison.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(Action::CompareWith.label()).click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().comparison.is_none());

    // Choosing a file makes it the comparison; the open map stays.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(Action::CompareWith.label()).click();
    h.run();
    let field = h.get_by_label("File name:");
    field.focus();
    field.type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("Open").click();
    // The map is read on its own thread.
    crate::common::wait_for_jobs(&mut h);
    let comparison = h.state().comparison.clone().unwrap();
    // Named by its file and whose reading it is.
    assert_eq!(
        comparison.name,
        "second-reading.ron (Marko, seminar group B)"
    );
    // The window says which map is which, and how each is drawn.
    h.get_by_label_contains("Other map: second-reading.ron (Marko, seminar group B) (hollow rings");
    h.get_by_label_contains("This map: serbia.ron (built in)");
    assert_eq!(*comparison.map, second_reading());
    assert_eq!(h.state().map, open_map);
    assert!(h.state().session.comparison.is_some());

    // The File menu now offers to stop.
    h.get_by_label("File").click();
    h.run();
    // (The Differences window has a button of the same name.)
    let stop: Vec<_> = h
        .query_all_by_label(Action::StopComparing.label())
        .collect();
    assert_eq!(stop.len(), 2);
    stop[0].click();
    h.run();
    assert!(h.state().comparison.is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_views_draw_the_comparison_without_trouble() {
    let dir = temp_dir("views");
    let path = dir.join("second-reading.ron");
    storage::save_path(&second_reading(), &path).unwrap();
    let mut h = harness(StanceApp::new_article());
    h.run();
    assert!(h.state_mut().compare_with_path(&path));
    h.state_mut().session.date_year_f64 = 2014.0;
    h.run();
    // The real arrows are still there and still answer; the ghosts are painted only.
    crate::common::tip(&h, "Russia");
    assert!(h.state().session.comparison.is_some());
    // Hovering an arrow gives both readings' values.
    assert!(h.query_by_label_contains("in the other map").is_none());
    crate::common::tip(&h, "Russia").hover();
    h.run();
    h.get_by_label("+0.25 in the other map (the small ring)");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A student's map that keeps every quote but reads one as counter-evidence differs from the
/// original there: the table says the role differs, and the evidence panel shows the other
/// map's quote under "Counter-evidence".
#[test]
fn a_quote_read_as_counter_evidence_in_the_other_map_is_a_difference() {
    let mut theirs = article_map().unwrap();
    let first = &mut theirs.powers[0].track[0];
    assert_eq!(first.evidence[0].role, stance_map::model::Role::Supports);
    first.evidence[0].role = stance_map::model::Role::Contradicts;
    let rows = differences(&article_map().unwrap(), &theirs, 1.0);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let text = "a quote supports here, contradicts there";
    assert_eq!(rows[0].also[0].describe(), text);

    let mut h = comparing(StanceApp::new_article(), theirs, "student.ron");
    assert!(h.query_by_label_contains("The two maps agree").is_none());
    h.get_by_label(text).click();
    h.run();
    h.get_by_label(OTHER_READING);
    h.get_by_label(stance_map::model::Role::Contradicts.heading());
    h.get_by_label_contains("Contested: 1 quote points against this value");
}

/// At 1280 × 720, selecting a row where the reasoning (and more) differs shows both readings
/// side by side under the table, "This map" left and "Other map" right, each with its value,
/// confidence, reasoning and quotes; and the "Also differs" cell says what differs in full.
#[test]
fn selecting_a_row_shows_both_readings_side_by_side() {
    let ours_map = article_map().unwrap();
    let mut theirs = article_map().unwrap();
    let eu = &mut theirs.powers[0].track[0];
    let ours = ours_map.powers[0].track[0].clone();
    eu.reasoning = format!("{} Yet the EU was a distant partner then.", ours.reasoning);
    eu.confidence = match ours.confidence {
        stance_map::model::Confidence::High => stance_map::model::Confidence::Low,
        _ => stance_map::model::Confidence::High,
    };
    eu.evidence.clear();
    let theirs_reasoning = eu.reasoning.clone();
    let rows = differences(&ours_map, &theirs, 0.1);
    let row = rows
        .iter()
        .find(|r| r.also.contains(&Also::Reasoning))
        .unwrap();
    let also: Vec<String> = row.also.iter().map(|a| a.describe()).collect();
    let also = also.join("; ");
    assert!(also.len() > 60, "a long cell: {also}");

    let mut app = StanceApp::new_article();
    app.comparison = Some(stance_map::model::compare::Comparison {
        map: std::sync::Arc::new(theirs),
        name: "student.ron".into(),
    });
    let size = egui::vec2(1280.0, 720.0);
    let mut h = crate::common::app_harness(Harness::builder().with_size(size), app);
    h.run();

    // What differs is said in full, inside the window.
    let cell = h.get_by_label(&also).rect();
    let font =
        egui::FontId::proportional(h.ctx.global_style().text_styles[&egui::TextStyle::Body].size);
    let full = h
        .ctx
        .fonts_mut(|f| f.layout_no_wrap(also.clone(), font, egui::Color32::WHITE))
        .size()
        .x;
    assert!(
        cell.width() >= full - 1.0,
        "cut short: {} of {full}",
        cell.width()
    );
    assert!(cell.right() <= size.x, "{cell:?}");

    assert!(h.query_by_label("This map").is_none());
    assert!(h.query_by_label("Other map").is_none());
    h.get_by_label(&also).click();
    h.run();
    let this = h.get_by_label("This map").rect();
    let other = h.get_by_label("Other map").rect();
    // Side by side: level with each other, ours on the left.
    assert!((this.top() - other.top()).abs() < 2.0, "{this:?} {other:?}");
    assert!(other.left() > this.right(), "{this:?} {other:?}");
    // Each reasoning under its heading, in its column, and in view.
    let in_column = |text: &str, heading: egui::Rect| {
        let found: Vec<egui::Rect> = h
            .query_all_by_label(text)
            .map(|n| n.rect())
            .filter(|r| r.top() > heading.bottom() && (r.left() - heading.left()).abs() < 2.0)
            .collect();
        assert_eq!(found.len(), 1, "{text}");
        assert!(
            found[0].top() < size.y,
            "{text} is out of view: {:?}",
            found[0]
        );
    };
    in_column(&ours.reasoning, this);
    in_column(&theirs_reasoning, other);
    // Value and confidence on each side; ours cites its quotes, theirs none.
    h.get_by_label(&format!("confidence {}", ours.confidence.label()));
    // The same value in both.
    let value = format!(
        "value {}",
        stance_map::model::format_strength_signed(ours.strength)
    );
    assert_eq!(h.query_all_by_label(&value).count(), 2);
    h.get_by_label("No quotes.");
    let quote = format!("\u{201c}{}\u{201d}", ours.evidence[0].quote.trim());
    assert!(
        h.query_all_by_label(&quote)
            .any(|n| n.rect().left() < other.left())
    );
    h.get_by_label_contains(&format!("{} — ", ours.evidence[0].role.label()));
}

#[test]
fn a_value_still_to_judge_is_not_yet_judged_not_zero() {
    let power = |track: Vec<Keyframe>| Power {
        id: PowerId("eu".into()),
        name: "EU".into(),
        color: "#1f4e9c".into(),
        bearing_deg: 270.0,
        track,
    };
    let ours = StanceMap {
        powers: vec![power(vec![keyframe(2000, 0.5), keyframe(2010, 0.3)])],
        ..StanceMap::empty()
    };
    // The student has judged 2000 like the reference, and not 2010 yet.
    let mut ours = ours;
    for k in &mut ours.powers[0].track {
        k.confidence = stance_map::model::Confidence::High;
    }
    let mut theirs = stance_map::model::exercise::make_exercise(&ours);
    theirs.powers[0].track[0] = ours.powers[0].track[0].clone();
    let rows = differences(&ours, &theirs, 0.1);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row.date_label, "2010");
    assert_eq!((row.ours, row.theirs), (Some(0.3), None));
    assert!(row.is_unjudged() && !row.is_one_sided());
    // A keyframe still to judge has no confidence to differ on.
    assert!(
        !row.also
            .iter()
            .any(|a| matches!(a, Also::Confidence { .. })),
        "{:?}",
        row.also
    );
    let label = stance_map::ui::compare::row_label(row);
    assert!(
        label.starts_with("EU 2010: ours +0.30, theirs not yet judged, difference —"),
        "{label}"
    );
    // The same in the table, with the exercise as the comparison.
    let mut h = comparing(StanceApp::from_map(ours), theirs, "student.ron");
    h.get_by_label(&label).click();
    h.run();
    // Side by side: the other map's value and confidence are not yet judged, not 0 or medium.
    assert!(h.query_by_label("value +0.00").is_none());
    h.get_by_label("confidence not yet judged");
    h.get_by_label("value +0.30");
}
