//! Long work off the window's thread: File › Export's slides are written and a big map is read
//! while the window keeps answering, with a progress bar and Cancel.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use stance_map::app::StanceApp;

use crate::common::{Dropped, article_harness, russia, temp_dir, wait_for_jobs};

/// File › Export › Slides (PNG)…, typed `folder`, Save: the export starts.
fn export_slides_to(h: &mut Harness<'static, StanceApp>, folder: &Path) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    h.get_by_label("Slides (PNG)…").click();
    h.run();
    h.get_by_label("File name:")
        .type_text(&folder.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    h.run();
}

/// While every story step's slide is written, the progress bar and Cancel show, and a click
/// on a power selects it before the export is done; then every slide is there.
#[test]
fn the_window_answers_while_the_slides_are_exported() {
    let mut h = article_harness();
    let dir = temp_dir("slides");
    let folder = dir.join("slides");
    let steps = h.state().map.story.len();
    assert!(steps > 1);
    export_slides_to(&mut h, &folder);
    assert!(h.state().is_busy(), "the export runs on after Save");
    h.get_by_label("Export progress");
    h.get_by_label("Cancel export");
    assert!(h.state().session.selected_power.is_none());
    h.get_by_label("Russia").click();
    h.run();
    assert_eq!(h.state().session.selected_power, Some(russia()));
    assert!(
        h.state().is_busy(),
        "the click was answered before the export was done"
    );
    // One export at a time: the menu's exports wait.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    assert!(
        h.get_by_label("Slides (PNG)…")
            .accesskit_node()
            .is_disabled()
    );
    h.key_press(egui::Key::Escape);
    wait_for_jobs(&mut h);
    for step in 1..=steps {
        assert!(folder.join(format!("step-{step:02}.png")).is_file());
    }
    h.get_by_label_contains(&format!("Wrote {steps} slides"));
    assert!(h.query_by_label("Export progress").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Cancel stops the export between slides, says so, and takes away what it had written.
#[test]
fn cancelling_an_export_leaves_no_file() {
    let mut h = article_harness();
    let dir = temp_dir("cancel");
    let folder = dir.join("slides");
    export_slides_to(&mut h, &folder);
    h.get_by_label("Cancel export").click();
    wait_for_jobs(&mut h);
    h.get_by_label_contains("The export was cancelled");
    assert!(!h.state().notice.as_ref().unwrap().is_error);
    assert!(!folder.exists(), "the folder it made is gone again");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "no file left");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A big map dropped on the window is read on its own thread: the busy bar shows and the
/// article's map stays open, and answers, until the new one is ready.
#[test]
fn a_big_map_opens_in_the_background() {
    let dir = temp_dir("big");
    let path = dir.join("big.ron");
    let big = stance_map::model::generate::stress_map(12, 500, 3);
    stance_map::storage::save_path(&big, &path).unwrap();
    let mut h = article_harness();
    let article_title = h.state().map.title.clone();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.step();
    assert!(h.state().is_busy(), "the map is read after the frame");
    h.step();
    h.get_by_label("Opening progress");
    h.get_by_label("Cancel opening");
    assert_eq!(h.state().map.title, article_title, "the open map stays");
    h.get_by_label("Russia").click();
    h.step();
    assert_eq!(h.state().session.selected_power, Some(russia()));
    wait_for_jobs(&mut h);
    assert_eq!(h.state().map.title, big.title);
    assert_eq!(
        h.state().origin,
        stance_map::app::Origin::File(path.clone())
    );
    assert!(h.query_by_label("Opening progress").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Cancelling an open keeps the map that was open, and says so.
#[test]
fn cancelling_an_open_keeps_the_open_map() {
    let dir = temp_dir("big-cancel");
    let path = dir.join("big.ron");
    stance_map::storage::save_path(&stance_map::model::generate::stress_map(12, 500, 3), &path)
        .unwrap();
    let mut h = article_harness();
    let before = h.state().map.clone();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.step();
    h.step();
    h.get_by_label("Cancel opening").click();
    h.run();
    assert!(!h.state().is_busy());
    h.get_by_label_contains("Stopped opening big.ron");
    // Even once the reading thread is done, its map never replaces the open one.
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    assert_eq!(h.state().map, before);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The open map stays editable while another is read; edited meanwhile, the user is asked
/// about the changes before it is replaced, and the changes stay until they answer.
#[test]
fn a_map_edited_while_another_is_read_is_asked_about_first() {
    let dir = temp_dir("big-edit");
    let path = dir.join("big.ron");
    let big = stance_map::model::generate::stress_map(12, 500, 3);
    stance_map::storage::save_path(&big, &path).unwrap();
    let mut h = article_harness();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.step();
    assert!(h.state().is_busy());
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetStrength {
            power: russia(),
            date: stance_map::model::Date::year(2016),
            strength: -0.25,
        });
    let edited = h.state().map.clone();
    wait_for_jobs(&mut h);
    h.get_by_label("Unsaved changes");
    assert_eq!(h.state().map, edited, "the changes stay until answered");
    h.get_by_label("Discard").click();
    wait_for_jobs(&mut h);
    assert_eq!(h.state().map.title, big.title);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// File › Compare with… reads the other map on its own thread too: the busy bar shows, the
/// open map answers, and the comparison appears when it is read.
#[test]
fn a_big_map_to_compare_with_is_read_in_the_background() {
    let dir = temp_dir("big-compare");
    let path = dir.join("other.ron");
    let mut other = stance_map::model::generate::stress_map(12, 500, 3);
    other.title = "Another reading".into();
    stance_map::storage::save_path(&other, &path).unwrap();
    let mut h = article_harness();
    let article = h.state().map.clone();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Compare with…").click();
    h.run();
    h.get_by_label("Compare with a map");
    h.get_by_label("File name:")
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_label("Open").click();
    h.step();
    h.step();
    assert!(
        h.state().is_busy(),
        "the map to compare with is read after the frame"
    );
    h.get_by_label("Comparing progress");
    h.get_by_label("Cancel comparing");
    assert!(h.state().comparison.is_none(), "not yet");
    h.get_by_label("Russia").click();
    h.step();
    assert_eq!(h.state().session.selected_power, Some(russia()));
    wait_for_jobs(&mut h);
    let comparison = h.state().comparison.as_ref().expect("compared");
    assert_eq!(comparison.map.title, "Another reading");
    assert_eq!(h.state().map, article, "the open map is as it was");
    assert!(h.query_by_label("Comparing progress").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// File › Export › Web page…: the save dialog, then the export job writes the page for the
/// open map (an `.html` added to a name typed without one), and the banner says where.
#[test]
fn the_web_page_is_exported_from_the_file_menu() {
    let mut h = article_harness();
    let dir = temp_dir("web-page");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    h.get_by_label("Web page…").click();
    h.run();
    h.get_by_label("File name:")
        .type_text(&dir.join("serbia").display().to_string());
    h.run();
    h.get_by_label("Save").click();
    h.run();
    wait_for_jobs(&mut h);
    let path = dir.join("serbia.html");
    let page = std::fs::read_to_string(&path).unwrap();
    assert_eq!(page, stance_map::web::web_page(&h.state().map));
    h.get_by_label_contains("Wrote the web page");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With a class of readings open, File › Export › Web page… puts the class's summary in the
/// page too.
#[test]
fn the_web_page_from_the_file_menu_carries_the_open_class() {
    use stance_map::model::class::{Class, Reading};
    let mut h = article_harness();
    let map = h.state().map.clone();
    let readings = [0.1, 0.5, 0.9]
        .into_iter()
        .enumerate()
        .map(|(i, eu)| {
            let mut reading = map.clone();
            reading.powers[0].track[0].strength = eu;
            Reading {
                label: format!("Reader {i}"),
                file: format!("r{i}.ron"),
                map: reading,
            }
        })
        .collect();
    let class = std::sync::Arc::new(Class::new(map.clone(), true, readings));
    h.state_mut().session.class = Some(class.clone());
    let dir = temp_dir("web-page-class");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    h.get_by_label("Web page…").click();
    h.run();
    h.get_by_label("File name:")
        .type_text(&dir.join("serbia").display().to_string());
    h.run();
    h.get_by_label("Save").click();
    h.run();
    wait_for_jobs(&mut h);
    let page = std::fs::read_to_string(dir.join("serbia.html")).unwrap();
    assert!(page.contains("<script id=\"class-data\""));
    assert_eq!(
        page,
        stance_map::web::web_page_with_class(&h.state().map, Some(&class))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
