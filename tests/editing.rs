//! Editing through the app: undo and redo by menu and keys, unsaved-change prompts.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

mod common;

use common::article_harness as harness;

use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::{Pending, StanceApp};
use stance_map::model::edit::Edit;
use stance_map::model::{Date, PowerId};

fn russia() -> PowerId {
    PowerId("russia".into())
}

fn edit_russia_2016(h: &mut Harness<'static, StanceApp>) {
    h.state_mut().apply_edit(Edit::SetStrength {
        power: russia(),
        date: Date::year(2016),
        strength: -0.25,
    });
    h.run();
}

#[test]
fn undo_and_redo_from_the_edit_menu_name_the_edit() {
    let mut h = harness();
    let original = h.state().map.clone();
    edit_russia_2016(&mut h);
    let edited = h.state().map.clone();
    assert_ne!(edited, original);
    assert!(h.state().is_dirty());
    assert!(h.state().window_title().starts_with('●'));

    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo add keyframe Russia 2016")
        .click();
    h.run();
    assert_eq!(h.state().map, original);
    assert!(!h.state().is_dirty());

    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Redo add keyframe Russia 2016")
        .click();
    h.run();
    assert_eq!(h.state().map, edited);
}

#[test]
fn undo_and_redo_by_keyboard() {
    let mut h = harness();
    let original = h.state().map.clone();
    edit_russia_2016(&mut h);
    let edited = h.state().map.clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(h.state().map, edited);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(h.state().map, edited);
}

#[test]
fn add_and_delete_a_keyframe_by_keyboard() {
    let mut h = harness();
    let original = h.state().map.clone();
    h.state_mut().session.select_power(Some(russia()));
    h.state_mut().session.date_year_f64 = 2016.5;
    h.run();
    h.key_press(egui::Key::K);
    h.run();
    let russia_track = &h.state().map.power(&russia()).unwrap().track;
    let added = russia_track
        .iter()
        .find(|k| k.date == Date::month(2016, 7))
        .unwrap();
    assert!(added.evidence.is_empty());
    // The value is what the line showed there: adding a keyframe changes no value.
    let before = original
        .power(&russia())
        .unwrap()
        .strength_at(added.date.to_year_f64())
        .unwrap();
    assert!((added.strength - before).abs() < 1e-12);

    h.state_mut().session.selected_keyframe = Some(stance_map::app::session::KeyframeRef {
        power: russia(),
        year_f64: added.date.to_year_f64(),
    });
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().map, original);
}

fn request_close(h: &mut Harness<'static, StanceApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
}

fn close_was_cancelled(h: &Harness<'static, StanceApp>) -> bool {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::CancelClose))
}

#[test]
fn closing_with_unsaved_changes_asks_and_cancel_keeps_the_window() {
    let mut h = harness();
    edit_russia_2016(&mut h);
    request_close(&mut h);
    assert!(close_was_cancelled(&h), "the close must be intercepted");
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().unsaved_prompt, None);
    assert!(h.state().is_dirty(), "cancel keeps the changes");
    assert!(h.query_by_label("Unsaved changes").is_none());
}

#[test]
fn closing_without_changes_does_not_ask() {
    let mut h = harness();
    request_close(&mut h);
    assert!(!close_was_cancelled(&h));
    h.run();
    assert_eq!(h.state().unsaved_prompt, None);
}

#[test]
fn discard_goes_on_without_saving() {
    let mut h = harness();
    edit_russia_2016(&mut h);
    let ctx = h.ctx.clone();
    h.state_mut().guard(&ctx, Pending::OpenArticle);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().map, stance_map::article::article_map().unwrap());
}

#[test]
fn saving_the_built_in_map_asks_for_a_file() {
    let mut h = harness();
    edit_russia_2016(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("Save the map as");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().is_dirty());
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first_and_keeps_a_bak() {
    let dir = std::env::temp_dir().join(format!("stance-map-disk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("map.ron");
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &path).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut StanceApp| app.show(ui),
            StanceApp::with_session(stance_map::app::session::Session::default(), Some(&path)),
        );
    h.run();
    edit_russia_2016(&mut h);
    // Someone else changes the file.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut theirs = stance_map::article::article_map().unwrap();
    theirs.title = "Theirs, with a longer title".into();
    stance_map::storage::save_path(&theirs, &path).unwrap();

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h.state().overwrite_prompt);
    h.get_by_label("The file changed on disk");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(
        stance_map::storage::load_path(&path).unwrap(),
        theirs,
        "not overwritten"
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(
        stance_map::storage::load_path(&path).unwrap(),
        h.state().map
    );
    assert_eq!(
        stance_map::storage::load_path(&dir.join("map.ron.bak")).unwrap(),
        theirs
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn delete_takes_the_selected_powers_keyframe_at_the_date_or_says_why_not() {
    let mut h = harness();
    // Nothing selected: nothing deleted, and the app says what to do.
    let original = h.state().map.clone();
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().map, original);
    h.get_by_label_contains("There is no keyframe here to delete");

    // Russia selected, the date on its 2014 keyframe: Delete removes that keyframe.
    h.state_mut().session.select_power(Some(russia()));
    h.state_mut().session.date_year_f64 = 2014.0;
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    let russia_track = &h.state().map.power(&russia()).unwrap().track;
    assert!(russia_track.iter().all(|k| k.date != Date::year(2014)));
    assert_eq!(
        russia_track.len() + 1,
        original.power(&russia()).unwrap().track.len()
    );
}

/// A file's text, compared as text so that a failure shows the difference readably.
fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The app on a map file, after its first frame.
fn file_harness(path: &std::path::Path) -> Harness<'static, StanceApp> {
    let mut h = common::harness(StanceApp::with_session(
        stance_map::app::session::Session::default(),
        Some(path),
    ));
    h.run();
    h
}

fn save(h: &mut Harness<'static, StanceApp>) {
    let ctx = h.ctx.clone();
    h.state_mut()
        .perform(&ctx, stance_map::app::actions::Action::Save);
    h.run();
}

#[test]
fn the_bak_keeps_the_file_as_it_was_when_the_map_was_opened() {
    let dir = common::temp_dir("bak-as-opened");
    let path = dir.join("map.ron");
    let bak = stance_map::storage::backup_path(&path);
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &path).unwrap();
    let as_opened = read(&path);
    let mut h = file_harness(&path);

    edit_russia_2016(&mut h);
    save(&mut h);
    assert!(!h.state().is_dirty());
    assert_eq!(read(&bak), as_opened, "the first save keeps it");
    h.state_mut().apply_edit(Edit::SetStrength {
        power: russia(),
        date: Date::year(2017),
        strength: -0.5,
    });
    save(&mut h);
    assert!(!h.state().is_dirty());
    assert_eq!(
        stance_map::storage::load_path(&path).unwrap(),
        h.state().map,
        "the second save is written"
    );
    assert_eq!(
        read(&bak),
        as_opened,
        "and leaves the .bak as the file was when opened"
    );

    // Opened again: the .bak then keeps the file as it was at that opening.
    let reopened = read(&path);
    h.state_mut().open_path(&path);
    h.run();
    edit_russia_2016(&mut h);
    save(&mut h);
    assert_eq!(read(&bak), reopened);

    // Someone else changed the file since: replacing their version keeps it in the .bak.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut theirs = stance_map::article::article_map().unwrap();
    theirs.title = "Theirs, with a longer title".into();
    stance_map::storage::save_path(&theirs, &path).unwrap();
    h.state_mut().apply_edit(Edit::SetStrength {
        power: russia(),
        date: Date::year(2018),
        strength: -0.5,
    });
    save(&mut h);
    h.get_by_label("Overwrite").click();
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(stance_map::storage::load_path(&bak).unwrap(), theirs);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_map_is_replaced_only_when_the_user_says_so() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = common::temp_dir("read-only-map");
    let path = dir.join("map.ron");
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = read(&path);
    let mut h = file_harness(&path);
    edit_russia_2016(&mut h);

    // Cancel, Escape and clicking outside the question all leave the file alone.
    save(&mut h);
    h.get_by_label("map.ron is read-only. Replace it anyway?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(
        h.query_by_label("Replace").is_none(),
        "the question is gone"
    );
    save(&mut h);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Replace").is_none(), "Escape cancels");
    assert!(h.state().is_dirty());
    assert_eq!(read(&path), before, "not replaced");
    assert!(!stance_map::storage::backup_path(&path).exists());

    // Save as… asks where instead.
    save(&mut h);
    h.get_by_label("Save as…").click();
    h.run();
    h.get_by_label("Save the map as");
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(read(&path), before);

    // Replace replaces it, and it stays read-only.
    save(&mut h);
    h.get_by_label("Replace").click();
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(
        stance_map::storage::load_path(&path).unwrap(),
        h.state().map
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
    assert_eq!(read(&stance_map::storage::backup_path(&path)), before);

    // Saving before opening another map: Replace saves, then the other map opens.
    edit_russia_2016(&mut h);
    let ctx = h.ctx.clone();
    h.state_mut().guard(&ctx, Pending::OpenArticle);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Replace").click();
    h.run();
    assert_eq!(h.state().origin, stance_map::app::Origin::Article);
    assert_ne!(read(&path), before, "saved first");
    std::fs::remove_dir_all(&dir).unwrap();
}
