//! Recovery of unsaved work: written after edits, offered on the next start, restored.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

mod common;

use common::temp_dir;

use std::path::Path;
use std::time::Duration;

use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::StanceApp;
use stance_map::model::edit::Edit;
use stance_map::model::{Date, PowerId};
use stance_map::recovery::recovery_file;

fn app_with_recovery(dir: &Path) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.enable_recovery(dir.to_owned());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut StanceApp| app.show(ui), app);
    h.run_steps(2);
    h
}

/// The writer runs on its own thread: wait for the file, a bounded number of times.
fn wait_for(path: &Path, exists: bool) -> bool {
    for _ in 0..300 {
        if path.exists() == exists {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn edit(h: &mut Harness<'static, StanceApp>) {
    h.state_mut().apply_edit(Edit::SetStrength {
        power: PowerId("china".into()),
        date: Date::year(2017),
        strength: 0.9,
    });
}

#[test]
fn unsaved_work_is_copied_after_a_pause_then_offered_and_restored() {
    let dir = temp_dir("restore");
    let mut h = app_with_recovery(&dir);
    edit(&mut h);
    h.run_steps(2);
    assert!(
        !recovery_file(&dir).exists(),
        "not before the pause after the last edit"
    );
    h.run_steps(16); // 4 s of simulated time at 0.25 s a step
    assert!(wait_for(&recovery_file(&dir), true), "the copy is written");
    let edited = h.state().map.clone();
    drop(h); // as if the app were killed: no clean exit

    let mut h = app_with_recovery(&dir);
    h.get_by_label("Restore unsaved work?");
    // When, in words and as a date: "A copy was kept less than a minute ago (… UTC)".
    h.get_by_label_contains("A copy was kept less than a minute ago (");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().map, edited);
    assert!(h.state().is_dirty(), "restored work is not saved yet");
    assert!(h.state().window_title().starts_with('●'));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn discarding_the_offer_removes_the_copy() {
    let dir = temp_dir("discard");
    let mut h = app_with_recovery(&dir);
    edit(&mut h);
    h.run_steps(18);
    assert!(wait_for(&recovery_file(&dir), true));
    drop(h);
    let mut h = app_with_recovery(&dir);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(wait_for(&recovery_file(&dir), false));
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().map, stance_map::article::article_map().unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn undoing_back_to_the_saved_map_removes_the_copy() {
    let dir = temp_dir("undo");
    let mut h = app_with_recovery(&dir);
    edit(&mut h);
    h.run_steps(18);
    assert!(wait_for(&recovery_file(&dir), true));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(!h.state().is_dirty());
    assert!(wait_for(&recovery_file(&dir), false));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_copy_is_set_aside_with_a_message() {
    let dir = temp_dir("damaged");
    std::fs::write(recovery_file(&dir), "(broken").unwrap();
    let h = app_with_recovery(&dir);
    assert!(h.state().recovery_offer.is_none());
    h.get_by_label_contains("cannot be read");
    assert!(dir.join("unreadable-recovery-copy.ron").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn saving_restored_work_removes_the_copy() {
    let dir = temp_dir("restore-save");
    let mut h = app_with_recovery(&dir);
    edit(&mut h);
    h.run_steps(18);
    assert!(wait_for(&recovery_file(&dir), true));
    drop(h);
    let mut h = app_with_recovery(&dir);
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let saved = dir.join("saved.ron");
    h.state_mut()
        .export_to(stance_map::app::SaveTarget::Map, &saved);
    h.run_steps(2);
    assert!(!h.state().is_dirty());
    assert!(
        wait_for(&recovery_file(&dir), false),
        "saved work is not offered again"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A FIFO where the recovery copy should be is refused at once, not waited on.
#[cfg(unix)]
#[test]
fn a_fifo_as_the_recovery_copy_is_refused_at_once() {
    let dir = temp_dir("fifo");
    common::make_fifo(&recovery_file(&dir));
    let d = dir.clone();
    let read = common::within(10, move || {
        stance_map::recovery::read(&d).map(|r| r.map(|_| ()))
    })
    .expect("reading the recovery copy hung on a FIFO");
    let error = read.expect("the FIFO is there").unwrap_err();
    assert!(
        error.to_string().contains("is not a regular file"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
