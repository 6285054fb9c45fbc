//! A class of readings opened with File › Open class…: the report on what loaded, the fan and
//! median on the compass, the bands on the timeline, the presenter's agreement line, and
//! closing it again. The folders are written by `common::write_class_folder`.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_map::app::StanceApp;
use stance_map::model::class::Spread;
use stance_map::ui::compass::class_phrase;

use crate::common::{CLASS_RUSSIA, harness, russia, tip, wait_for_jobs, write_class_folder};

/// File › Open class…, into `dir`, and "Choose this folder".
fn open_class_folder(h: &mut Harness<'static, StanceApp>, dir: &std::path::Path) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open class…").click();
    h.run();
    let field = h.get_by_label("File name:");
    field.focus();
    field.type_text(dir.to_str().unwrap());
    h.run();
    // A folder's name typed and opened goes into the folder.
    h.get_by_label("Open").click();
    h.run();
    h.get_by_label("Choose this folder").click();
    wait_for_jobs(h);
}

/// The class's spread of Russia as worked out by hand: of 0.1 … 0.5, the median is 0.3 and
/// the quartiles (type 7: at positions 1 and 3 of 0…4) 0.2 and 0.4.
fn russia_by_hand() -> (f64, f64, f64) {
    assert_eq!(CLASS_RUSSIA, [0.1, 0.2, 0.3, 0.4, 0.5]);
    (0.3, 0.2, 0.4)
}

#[test]
fn opening_a_class_folder_shows_its_median_and_reports_the_broken_file() {
    let dir = write_class_folder("open");
    let mut h = harness(StanceApp::new_article());
    h.run();
    let map_before = h.state().map.clone();
    let undo_before = h.state().history.undo_label().map(str::to_owned);

    open_class_folder(&mut h, &dir);

    let class = h.state().session.class.clone().expect("a class is open");
    assert_eq!(class.readings.len(), CLASS_RUSSIA.len());
    assert!(class.has_reference);
    assert!(h.state().session.show_class);
    // The report names the file that is not a map, with why.
    let report = h.state().class_report().expect("a report").clone();
    assert_eq!(
        report.summary,
        "Opened 5 readings; 1 file could not be read"
    );
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].starts_with("broken.ron: "), "{report:?}");
    h.get_by_label_contains("Opened 5 readings; 1 file could not be read");
    h.get_by_label_contains("broken.ron: ");
    // …and the keyframe the last reading lacks.
    let first = h.state().map.power(&russia()).unwrap().track[0].date;
    let missing = format!(
        "Student 5: lacks the keyframe of Russia at {}",
        first.to_iso()
    );
    assert_eq!(report.mismatches, vec![missing.clone()]);
    h.get_by_label(&missing);
    // The open map and its history are untouched.
    assert_eq!(h.state().map, map_before);
    assert_eq!(
        h.state().history.undo_label().map(str::to_owned),
        undo_before
    );
    assert!(!h.state().is_dirty());

    // Russia's tip says the class's median and quartiles, as worked out by hand.
    let (median, q1, q3) = russia_by_hand();
    let label = tip(&h, "Russia")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    let expected = format!("class median +{median:.2} (n 5, quartiles +{q1:.2} to +{q3:.2})");
    assert!(label.ends_with(&expected), "{label}");
    // Its fan and median were drawn: the median's tip lies along Russia's arrow, 0.3 of the
    // radius from where the arrow starts.
    let fan = h
        .state()
        .compass()
        .class_fans()
        .iter()
        .find(|f| f.power == russia())
        .unwrap()
        .clone();
    assert!((fan.spread.median - median).abs() < 1e-9);
    let geometry = h.state().compass().geometry().unwrap();
    let start = h.state().compass().tip(&russia()).unwrap().start;
    let reach = (fan.median_tip - start).length() / geometry.radius;
    assert!((f64::from(reach) - median).abs() < 1e-3, "{reach}");
}

#[test]
fn a_folder_typed_in_the_name_field_is_the_folder_chosen() {
    let dir = write_class_folder("typed");
    let mut h = harness(StanceApp::new_article());
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open class…").click();
    h.run();
    let field = h.get_by_label("File name:");
    field.focus();
    field.type_text(dir.to_str().unwrap());
    h.run();
    // Not entered first: the folder shown is another, the one typed is meant.
    h.get_by_label("Choose this folder").click();
    wait_for_jobs(&mut h);
    let class = h.state().session.class.clone().expect("a class is open");
    assert_eq!(class.readings.len(), CLASS_RUSSIA.len());
}

#[test]
fn show_class_hides_the_class_and_close_class_takes_it_away() {
    let dir = write_class_folder("close");
    let mut h = harness(StanceApp::new_article());
    h.run();
    open_class_folder(&mut h, &dir);
    h.get_by_label("Close report").click();
    h.run();
    assert!(h.state().class_report().is_none());
    assert!(
        tip(&h, "Russia")
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .contains("class median")
    );

    // View › Show class off: not drawn, not named; the class stays open.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Show class").click();
    h.run();
    assert!(!h.state().session.show_class);
    assert!(h.state().session.class.is_some());
    assert!(h.state().compass().class_fans().is_empty());
    assert!(
        !tip(&h, "Russia")
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .contains("class")
    );
    h.key_press(egui::Key::Escape);
    h.run();
    h.state_mut().session.show_class = true;
    h.run();
    assert!(!h.state().compass().class_fans().is_empty());

    // File › Close class: gone.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Close class").click();
    h.run();
    assert!(h.state().session.class.is_none());
    assert!(h.state().compass().class_fans().is_empty());
    assert!(h.state().timeline().class_bands().is_empty());
    assert!(
        !tip(&h, "Russia")
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .contains("class")
    );
}

#[test]
fn cancelling_leaves_no_class() {
    let dir = write_class_folder("cancel");
    let mut h = harness(StanceApp::new_article());
    h.run();
    // Cancelling the dialog.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open class…").click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().session.class.is_none());
    assert!(!h.state().is_busy());

    // Cancelling the reading, with the progress box's Cancel, before it is done: many files.
    let mut map = stance_map::article::article_map().unwrap();
    for i in 0..300 {
        map.analyst = format!("Reader {i}");
        stance_map::storage::save_path(&map, &dir.join(format!("reader-{i:03}.ron"))).unwrap();
    }
    h.state_mut().open_class_in_background(&[dir]);
    h.step();
    h.step();
    assert!(h.state().is_busy(), "the class is read after the frame");
    h.get_by_label("Class progress");
    h.get_by_label("Cancel opening the class").click();
    wait_for_jobs(&mut h);
    assert!(h.state().session.class.is_none());
    assert!(h.state().class_report().is_none());
    assert!(
        h.state()
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("no class was opened")),
        "{:?}",
        h.state().notice
    );
}

#[test]
fn the_timeline_draws_the_selected_powers_class_band() {
    let dir = write_class_folder("timeline");
    let mut h = harness(StanceApp::new_article());
    h.run();
    open_class_folder(&mut h, &dir);
    // No power selected: a band per shown power.
    let shown = h
        .state()
        .map
        .powers
        .iter()
        .filter(|p| h.state().session.is_visible(&p.id))
        .count();
    assert!(shown > 1);
    assert_eq!(h.state().timeline().class_bands().len(), shown);

    // Russia selected among several: only its band.
    h.state_mut().session.selected_power = Some(russia());
    h.run();
    let bands = h.state().timeline().class_bands();
    assert_eq!(bands.len(), 1);
    // The legend under the axis names it.
    h.get_by_label("class");
    let band = &bands[0];
    assert_eq!(band.power, russia());
    let (median, q1, q3) = russia_by_hand();
    assert!(band.quartiles.x.len() > 50, "sampled across the span");
    assert!(band.quartiles.lower.iter().all(|v| (v - q1).abs() < 1e-9));
    assert!(band.quartiles.upper.iter().all(|v| (v - q3).abs() < 1e-9));
    assert!(band.range.lower.iter().all(|v| (v - 0.1).abs() < 1e-9));
    assert!(band.range.upper.iter().all(|v| (v - 0.5).abs() < 1e-9));
    assert!(band.median.iter().all(|p| (p.y - median).abs() < 1e-9));
}

/// A reading with keyframes still to judge is one line in the report, "Ana: 27 of 28
/// keyframes not yet judged", not one line per keyframe.
#[test]
fn the_report_gathers_a_readings_unjudged_keyframes_into_one_line() {
    let dir = write_class_folder("report-unjudged");
    let map = stance_map::article::article_map().expect("the article's map");
    let mut ana = stance_map::model::exercise::make_exercise(&map);
    ana.analyst = "Ana".into();
    ana.powers[0].track[0].unjudged = false;
    stance_map::storage::save_path(&ana, &dir.join("ana.ron")).expect("Ana's reading written");
    let total: usize = map.powers.iter().map(|p| p.track.len()).sum();
    let mut h = harness(StanceApp::new_article());
    h.run();
    open_class_folder(&mut h, &dir);
    let report = h.state().class_report().expect("a report").clone();
    let ana_lines: Vec<&String> = report
        .mismatches
        .iter()
        .filter(|m| m.starts_with("Ana: "))
        .collect();
    let line = format!("Ana: {} of {total} keyframes not yet judged", total - 1);
    assert_eq!(ana_lines, vec![&line], "{report:?}");
    h.get_by_label(&line);
    // The keyframe the last reading lacks is still listed on its own.
    assert!(
        report
            .mismatches
            .iter()
            .any(|m| m.starts_with("Student 5: lacks the keyframe of Russia")),
        "{report:?}"
    );
}

#[test]
fn the_presenter_shows_the_class_and_its_agreement() {
    let dir = write_class_folder("presenter");
    let mut h = harness(StanceApp::new_article());
    h.run();
    open_class_folder(&mut h, &dir);
    h.get_by_label("Close report").click();
    h.run();
    let class = h.state().session.class.clone().unwrap();
    let alpha = class
        .alpha(Some(&russia()))
        .expect("the readings differ on Russia only");
    h.key_press(egui::Key::F5);
    h.run();
    assert!(h.state().session.presenting);
    // Every reading agrees perfectly on every power but Russia (α 1), and the line gives
    // each power's own figure, not the pooled one.
    let figure = format!("{:.2}", alpha.abs());
    let figure = if alpha < 0.0 {
        format!("−{figure}")
    } else {
        figure
    };
    h.get_by_label(&format!(
        "Class of 5 · agreement (α) by power: EU 1.00, Russia {figure}, China 1.00, US/NATO \
         1.00 — 0.800 reliable, 0.667 tentative"
    ));
    // The presenter's compass names the class's median on Russia's arrow too.
    let (median, q1, q3) = russia_by_hand();
    let phrase = class_phrase(&Spread {
        n: 5,
        median,
        q1,
        q3,
        min: 0.1,
        max: 0.5,
        mean: 0.3,
        sd: 0.0,
    });
    assert!(
        h.query_all_by_label_contains(&phrase).next().is_some(),
        "{phrase}"
    );
}

#[test]
fn opening_another_map_closes_the_class() {
    let dir = write_class_folder("another-map");
    let mut h = harness(StanceApp::new_article());
    h.run();
    open_class_folder(&mut h, &dir);
    assert!(h.state().session.class.is_some());
    // The class was read as readings of the map that was open, not of the next one.
    h.state_mut().open_article_map();
    h.run();
    assert!(h.state().session.class.is_none());
    assert!(h.state().class_report().is_none());
    assert!(h.state().compass().class_fans().is_empty());
}

/// File › Open class… starts in the folder the last class was opened from, not beside the
/// open map, and the folder is kept in the session (across runs).
#[test]
fn open_class_starts_in_the_folder_of_the_last_class() {
    let dir = write_class_folder("again");
    let maps = crate::common::temp_dir("again_map");
    let path = maps.join("lecture.ron");
    let map = stance_map::article::article_map().unwrap();
    stance_map::storage::save_path(&map, &path).unwrap();
    let mut h = harness(StanceApp::with_session(
        stance_map::ui::session::Session::default(),
        Some(&path),
    ));
    h.run();
    wait_for_jobs(&mut h);
    open_class_folder(&mut h, &dir);
    assert!(h.state().session.class.is_some());
    assert_eq!(
        h.state().session.last_class_folder.as_deref(),
        Some(dir.as_path())
    );
    h.get_by_label("Close report").click();
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open class…").click();
    h.run();
    h.get_by_label(&dir.display().to_string());
    assert!(h.query_by_label(&maps.display().to_string()).is_none());
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&maps).unwrap();
}
