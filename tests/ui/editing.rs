//! Editing through the app: undo and redo by menu and keys, unsaved-change prompts.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common;

use crate::common::article_harness as harness;
use crate::common::{drop_file, temp_dir};

use std::path::{Path, PathBuf};

use crate::common::russia;
use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::session::Session;
use stance_map::app::{Origin, Pending, StanceApp};
use stance_map::model::Date;
use stance_map::model::edit::Edit;
use stance_map::storage;

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
    let mut h = crate::common::app_harness(
        Harness::builder().with_size(egui::vec2(1280.0, 800.0)),
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

// ---------------------------------------------------------------------------------------------
// Paths to losing work: the prompt's Save, Save as over a file, failed saves, dropped files.

/// The article's map titled `title`, saved as `dir/name`.
fn map_file(dir: &Path, name: &str, title: &str) -> PathBuf {
    let mut map = stance_map::article::article_map().unwrap();
    map.title = title.into();
    let path = dir.join(name);
    storage::save_path(&map, &path).unwrap();
    path
}

/// The app on a map file, after its first frames.
fn harness_on(path: &Path) -> Harness<'static, StanceApp> {
    let mut h = common::harness(StanceApp::with_session(Session::default(), Some(path)));
    h.run();
    h
}

/// A few frames, one at a time: whether any of them told the window to close.
fn window_closes(h: &mut Harness<'static, StanceApp>) -> bool {
    (0..4).any(|_| {
        h.step();
        h.output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::Close))
    })
}

/// In the Save dialog, type where to save (a full path) and press its Save button.
fn save_in_dialog_as(h: &mut Harness<'static, StanceApp>, path: &Path) {
    h.get_by_label("Save the map as");
    h.get_by_label("File name:")
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    crate::common::wait_for_jobs(h);
}

#[test]
fn the_prompts_save_writes_the_file_then_closes_the_window() {
    let dir = temp_dir("prompt-save-quit");
    let path = map_file(&dir, "mine.ron", "Mine");
    let mut h = harness_on(&path);
    edit_russia_2016(&mut h);
    request_close(&mut h);
    assert!(close_was_cancelled(&h));
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Save").click();
    assert!(window_closes(&mut h), "saved, so the window closes");
    assert!(!h.state().is_dirty());
    assert_eq!(storage::load_path(&path).unwrap(), h.state().map);
    // The close that follows goes through.
    request_close(&mut h);
    assert!(!close_was_cancelled(&h));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A map dropped on the window while the open one has changes: the prompt asks, Save writes
/// the open map, and then the dropped one opens.
#[test]
fn a_dropped_map_asks_first_and_the_prompts_save_saves_then_opens_it() {
    let dir = temp_dir("prompt-save-drop");
    let mine = map_file(&dir, "mine.ron", "Mine");
    let other = map_file(&dir, "other.ron", "Other");
    let mut h = harness_on(&mine);
    edit_russia_2016(&mut h);
    let edited = h.state().map.clone();
    drop_file(&mut h, &other);
    h.get_by_label("Unsaved changes");
    assert_eq!(h.state().origin, Origin::File(mine.clone()), "not yet");
    h.get_by_label("Save").click();
    crate::common::wait_for_jobs(&mut h);
    assert_eq!(storage::load_path(&mine).unwrap(), edited);
    assert_eq!(h.state().origin, Origin::File(other.clone()));
    assert_eq!(h.state().map.title, "Other");
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().session.recent_files[..2], [other, mine]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_dropped_map_opens_at_once_without_changes_and_cancel_keeps_the_changes() {
    let dir = temp_dir("drop");
    let other = map_file(&dir, "other.ron", "Other");
    let mut h = harness();
    drop_file(&mut h, &other);
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert_eq!(h.state().origin, Origin::File(other.clone()));

    edit_russia_2016(&mut h);
    let edited = h.state().map.clone();
    let third = map_file(&dir, "third.ron", "Third");
    drop_file(&mut h, &third);
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().map, edited);
    assert_eq!(h.state().origin, Origin::File(other.clone()));
    assert!(h.state().is_dirty());
    drop_file(&mut h, &third);
    h.get_by_label("Discard").click();
    crate::common::wait_for_jobs(&mut h);
    assert_eq!(h.state().origin, Origin::File(third));
    assert_eq!(
        storage::load_path(&other).unwrap().title,
        "Other",
        "not saved"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The built-in map has no file: the prompt's Save asks for one, then the window closes.
#[test]
fn the_prompts_save_on_the_built_in_map_asks_for_a_file_then_closes() {
    let dir = temp_dir("prompt-article-quit");
    let mut h = harness();
    edit_russia_2016(&mut h);
    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let chosen = dir.join("kept.ron");
    h.get_by_label("File name:")
        .type_text(&chosen.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    assert!(window_closes(&mut h));
    assert_eq!(storage::load_path(&chosen).unwrap(), h.state().map);
    assert_eq!(h.state().origin, Origin::File(chosen));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_prompts_save_on_the_built_in_map_saves_then_opens_the_dropped_map() {
    let dir = temp_dir("prompt-article-open");
    let other = map_file(&dir, "other.ron", "Other");
    let mut h = harness();
    edit_russia_2016(&mut h);
    let edited = h.state().map.clone();
    drop_file(&mut h, &other);
    h.get_by_label("Save").click();
    h.run();
    let chosen = dir.join("kept.ron");
    save_in_dialog_as(&mut h, &chosen);
    crate::common::wait_for_jobs(&mut h);
    assert_eq!(storage::load_path(&chosen).unwrap(), edited);
    assert_eq!(h.state().origin, Origin::File(other.clone()));
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().session.recent_files[..2], [other, chosen]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Cancelling the Save dialog the prompt opened cancels what waited on it: the map stays, with
/// its changes, and a later save does not close the window.
#[test]
fn cancelling_the_prompts_save_dialog_keeps_the_map_and_forgets_the_close() {
    let dir = temp_dir("prompt-article-cancel");
    let mut h = harness();
    edit_russia_2016(&mut h);
    let edited = h.state().map.clone();
    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Save the map as");
    h.get_by_label("Cancel").click();
    assert!(!window_closes(&mut h));
    assert_eq!(h.state().map, edited);
    assert_eq!(h.state().origin, Origin::Article);
    assert!(h.state().is_dirty());
    assert_eq!(h.state().unsaved_prompt, None);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let chosen = dir.join("later.ron");
    h.get_by_label("File name:")
        .type_text(&chosen.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    assert!(
        !window_closes(&mut h),
        "the cancelled close stays cancelled"
    );
    assert!(!h.state().is_dirty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The prompt's Save over a file another program changed asks first, as Ctrl+S does. Cancel
/// there cancels the close too; after "Overwrite" the window closes.
#[test]
fn the_prompts_save_over_a_file_changed_on_disk_asks_first() {
    let dir = temp_dir("prompt-save-changed");
    let path = map_file(&dir, "mine.ron", "Mine");
    let mut h = harness_on(&path);
    let someone_else_saves = |title: &str| {
        std::thread::sleep(std::time::Duration::from_millis(20));
        storage::load_path(&map_file(&dir, "mine.ron", title)).unwrap()
    };
    edit_russia_2016(&mut h);
    let theirs = someone_else_saves("Theirs, with a longer title");
    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    assert!(!window_closes(&mut h), "not before the answer");
    assert_eq!(
        storage::load_path(&path).unwrap(),
        theirs,
        "not overwritten"
    );
    h.get_by_label("The file changed on disk");
    h.get_by_label("Cancel").click();
    assert!(!window_closes(&mut h));
    assert!(h.state().is_dirty());
    assert_eq!(
        storage::load_path(&path).unwrap(),
        theirs,
        "not overwritten"
    );

    // A later Ctrl+S saves and does not close: the close was cancelled.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("Overwrite").click();
    assert!(!window_closes(&mut h));
    assert_eq!(storage::load_path(&path).unwrap(), h.state().map);

    h.state_mut().apply_edit(Edit::SetStrength {
        power: russia(),
        date: Date::year(2017),
        strength: 0.5,
    });
    someone_else_saves("Theirs again");
    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Overwrite").click();
    assert!(window_closes(&mut h));
    assert_eq!(storage::load_path(&path).unwrap(), h.state().map);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Save as… over an existing map, answered Replace: the map is written there, the file it
/// replaced is kept as .bak, and the title and the recent list name the new file.
#[test]
fn save_as_over_an_existing_map_replaces_it_and_keeps_a_bak() {
    let dir = temp_dir("save-as-replace");
    let mine = map_file(&dir, "mine.ron", "Mine");
    let theirs = map_file(&dir, "theirs.ron", "Theirs");
    let old_theirs = std::fs::read(&theirs).unwrap();
    let mut h = harness_on(&mine);
    edit_russia_2016(&mut h);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    h.get_by_label("Save the map as");
    h.get_by_label("File name:").type_text("theirs");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label_contains("\"theirs.ron\" already exists");
    h.get_by_label("Replace").click();
    h.run();
    assert_eq!(storage::load_path(&theirs).unwrap(), h.state().map);
    assert_eq!(
        std::fs::read(dir.join("theirs.ron.bak")).unwrap(),
        old_theirs
    );
    assert_eq!(storage::load_path(&mine).unwrap().title, "Mine");
    assert_eq!(
        storage::load_path(&mine).unwrap(),
        {
            let mut m = stance_map::article::article_map().unwrap();
            m.title = "Mine".into();
            m
        },
        "the map's old file is left as it was"
    );
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().window_title(), "Mine — theirs.ron — stance-map");
    assert_eq!(h.state().origin, Origin::File(theirs.clone()));
    assert_eq!(h.state().session.recent_files[..2], [theirs, mine]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A save that fails leaves the map marked unsaved, says why, and keeps the recovery copy.
/// The failures are ones that stop root too (CI runs as root): the map's folder removed, and
/// a regular file where the folder was (ENOTDIR).
#[test]
fn a_failed_save_keeps_the_map_unsaved_and_the_recovery_copy() {
    for (case, break_folder) in [
        (
            "folder-removed",
            (|sub: &Path| std::fs::remove_dir_all(sub).unwrap()) as fn(&Path),
        ),
        ("not-a-folder", |sub: &Path| {
            std::fs::remove_dir_all(sub).unwrap();
            std::fs::write(sub, "a file where the folder was").unwrap();
        }),
    ] {
        let dir = temp_dir(case);
        let sub = dir.join("maps");
        std::fs::create_dir_all(&sub).unwrap();
        let path = map_file(&sub, "mine.ron", "Mine");
        let copies = dir.join("recovery");
        let mut app = StanceApp::with_session(Session::default(), Some(&path));
        app.enable_recovery(copies.clone());
        let copy = app.recovery_copy_path().unwrap().to_owned();
        let mut h = common::harness(app);
        h.run();
        edit_russia_2016(&mut h);
        h.run_steps(16); // past the pause after the last edit
        assert!(wait_for(&copy, true), "{case}: a copy");
        break_folder(&sub);

        // Ctrl+S: the file is gone, so the app asks before writing it again.
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
        h.run();
        h.get_by_label("The file is no longer there");
        h.get_by_label("Save there again").click();
        h.run();
        h.get_by_label_contains("Could not save the map");
        h.get_by_label_contains("mine.ron");
        assert!(h.state().is_dirty(), "{case}");
        assert!(h.state().window_title().starts_with('●'), "{case}");

        // Closing: the prompt's Save fails the same way, and the window stays.
        request_close(&mut h);
        h.run();
        h.get_by_label("Unsaved changes");
        h.get_by_label("Save").click();
        h.run();
        h.get_by_label("Save there again").click();
        assert!(
            !window_closes(&mut h),
            "{case}: not closed after a failed save"
        );
        h.get_by_label_contains("Could not save the map");
        assert!(h.state().is_dirty(), "{case}");
        h.run_steps(16);
        assert!(copy.exists(), "{case}: the recovery copy is kept");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// The writer runs on its own thread: wait for the file, a bounded number of times.
fn wait_for(path: &Path, exists: bool) -> bool {
    for _ in 0..300 {
        if path.exists() == exists {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    false
}

/// A map dropped while a field is being typed in: the typed text is a change like any other,
/// so the prompt asks before the dropped map replaces it, and Cancel keeps it in the map.
#[test]
fn a_map_dropped_while_typing_asks_before_the_typed_text_is_lost() {
    let dir = temp_dir("drop-typing");
    let other = map_file(&dir, "other.ron", "Other");
    let mut h = harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_label("Title").focus();
    h.run();
    h.get_by_label("Title").type_text(" NOTE2.");
    h.run();
    assert!(!h.state().is_dirty(), "typed, not yet committed");
    drop_file(&mut h, &other);
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().origin, Origin::Article);
    assert!(
        h.state().map.title.ends_with(" NOTE2."),
        "{}",
        h.state().map.title
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The built-in map saved, from the prompt, into a folder that refuses new files even to root
/// (/proc): the error shows, the window stays, the map stays unsaved and its recovery copy is
/// kept; a later save elsewhere does not close the window.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_save_from_the_prompt_keeps_the_built_in_map_and_the_window() {
    let dir = temp_dir("refused-folder");
    let copies = dir.join("recovery");
    let mut app = StanceApp::new_article();
    app.enable_recovery(copies.clone());
    let copy = app.recovery_copy_path().unwrap().to_owned();
    let mut h = common::harness(app);
    h.run();
    edit_russia_2016(&mut h);
    h.run_steps(16);
    assert!(wait_for(&copy, true));
    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let refused = Path::new("/proc/stance-map-test.ron");
    h.get_by_label("File name:")
        .type_text(&refused.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    assert!(!window_closes(&mut h));
    h.get_by_label_contains("Could not save the map");
    h.get_by_label_contains("stance-map-test.ron");
    assert!(!refused.exists());
    assert!(h.state().is_dirty());
    assert_eq!(h.state().origin, Origin::Article);
    assert!(h.state().window_title().starts_with('●'));
    h.run_steps(16);
    assert!(copy.exists(), "the recovery copy is kept");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    save_in_dialog_as(&mut h, &dir.join("kept.ron"));
    assert!(!window_closes(&mut h), "the failed save dropped the close");
    assert!(!h.state().is_dirty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A disk that fills up part-way through a save. The save runs in a child process limited to
/// 32 KiB per file (`ulimit -f`, which stops root too; SIGXFSZ ignored, so the write fails
/// with "File too large" as a full disk fails with "No space left"): the error shows, the map
/// stays unsaved, and the file on disk is as it was.
#[cfg(target_os = "linux")]
#[test]
fn a_save_that_runs_out_of_space_keeps_the_map_unsaved_and_the_file_as_it_was() {
    const CHILD: &str = "STANCE_MAP_TEST_FULL_DISK_MAP";
    const NAME: &str = "a_save_that_runs_out_of_space_keeps_the_map_unsaved_and_the_file_as_it_was";
    if let Some(path) = std::env::var_os(CHILD) {
        let mut h = harness_on(Path::new(&path));
        edit_russia_2016(&mut h);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
        h.run();
        h.get_by_label_contains("Could not save the map");
        h.get_by_label_contains("mine.ron");
        assert!(h.state().is_dirty());
        assert!(h.state().window_title().starts_with('●'));
        return;
    }
    let dir = temp_dir("full-disk");
    let path = map_file(&dir, "mine.ron", "Mine");
    let before = std::fs::read(&path).unwrap();
    assert!(before.len() > 64 * 512, "the map is larger than the limit");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 64; exec "$0" --exact "$1" --test-threads=1"#)
        .arg(std::env::current_exe().unwrap())
        .arg(common::test_name(module_path!(), NAME))
        .env(CHILD, &path)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains("1 passed"), "{report}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is as it was"
    );
    let mut left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["mine.ron"], "nothing half-written is left behind");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The prompt's Save over a changed file, answered "Save as…": the map goes to the new file,
/// the changed one is left alone, and then the window closes.
#[test]
fn the_prompts_save_answered_save_as_writes_elsewhere_then_closes() {
    let dir = temp_dir("prompt-save-as");
    let path = map_file(&dir, "mine.ron", "Mine");
    let mut h = harness_on(&path);
    edit_russia_2016(&mut h);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let theirs = storage::load_path(&map_file(&dir, "mine.ron", "Theirs")).unwrap();
    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Save as…").click();
    h.run();
    h.get_by_label("Save the map as");
    h.get_by_label("File name:").type_text("copy");
    h.run();
    h.get_by_label("Save").click();
    assert!(window_closes(&mut h));
    assert_eq!(
        storage::load_path(&dir.join("copy.ron")).unwrap(),
        h.state().map
    );
    assert_eq!(storage::load_path(&path).unwrap(), theirs);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Ctrl+O with changes to the built-in map: Save asks for a file, and then the Open dialog
/// follows.
#[test]
fn open_on_the_changed_built_in_map_saves_then_shows_the_open_dialog() {
    let dir = temp_dir("prompt-article-open-dialog");
    let mut h = harness();
    edit_russia_2016(&mut h);
    let edited = h.state().map.clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Save").click();
    h.run();
    let chosen = dir.join("kept.ron");
    save_in_dialog_as(&mut h, &chosen);
    assert_eq!(storage::load_path(&chosen).unwrap(), edited);
    h.get_by_label("Open a map");
    std::fs::remove_dir_all(&dir).unwrap();
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

/// Save is the prompt's default: it has the keyboard when the prompt opens, so Enter saves
/// the map and closes the window.
#[test]
fn enter_in_the_unsaved_changes_prompt_saves() {
    let dir = temp_dir("prompt-enter");
    let path = map_file(&dir, "mine.ron", "Mine");
    let mut h = harness_on(&path);
    edit_russia_2016(&mut h);
    request_close(&mut h);
    assert!(close_was_cancelled(&h));
    h.run();
    h.get_by_label("Unsaved changes");
    assert!(h.get_by_label("Save").is_focused(), "Save has the keyboard");
    // Only the key going down, so the frame that answers is the one whose output is read.
    h.event(egui::Event::Key {
        key: egui::Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    });
    assert!(window_closes(&mut h), "saved, so the window closes");
    assert!(!h.state().is_dirty());
    assert_eq!(storage::load_path(&path).unwrap(), h.state().map);
    std::fs::remove_dir_all(&dir).unwrap();
}
