//! The in-app file dialog, driven as a person would: double-clicks on folders, saving over a
//! file that exists.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use stance_map::ui::file_dialog::{FileDialog, FileDialogMode, FileDialogResult};

use crate::common::{double_click, pause, temp_dir};

/// The dialog and what it returned, once it returned something.
struct Shown {
    dialog: FileDialog,
    result: Option<FileDialogResult>,
}

fn dialog_harness(dialog: FileDialog) -> Harness<'static, Shown> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        // Short steps, so two clicks in a row are a double-click.
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(
            |ui, shown: &mut Shown| {
                if shown.result.is_none() {
                    let result = shown.dialog.show(ui.ctx());
                    if result != FileDialogResult::Pending {
                        shown.result = Some(result);
                    }
                }
            },
            Shown {
                dialog,
                result: None,
            },
        );
    h.run();
    h
}

/// A folder with a subfolder `inside` holding two maps, and a map beside it.
fn folder_with_maps(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join("inside")).unwrap();
    std::fs::write(dir.join("inside/a.ron"), "").unwrap();
    std::fs::write(dir.join("inside/b.ron"), "").unwrap();
    std::fs::write(dir.join("beside.ron"), "").unwrap();
    dir
}

/// The reviewer's case: the second click of a double-click on a folder used to land on the
/// file that took the folder's place in the listing, and open it.
#[test]
fn double_clicking_a_folder_enters_it_and_opens_nothing() {
    let dir = folder_with_maps("double-click-folder");
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    let folder = h.get_by_label_contains("inside").rect().center();
    double_click(&mut h, folder);
    assert_eq!(h.state().result, None, "nothing was chosen");
    assert_eq!(h.state().dialog.folder(), dir.join("inside"));
    // The file now under the pointer is listed, not chosen or selected.
    let first = h.get_by_label_contains("a.ron").rect();
    assert!(first.contains(folder), "a.ron took the folder's place");
    // A double-click on a file still opens it.
    let file = h.get_by_label_contains("b.ron").rect().center();
    double_click(&mut h, file);
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join("inside/b.ron")))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn one_click_on_a_folder_enters_it() {
    let dir = folder_with_maps("one-click-folder");
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    h.get_by_label_contains("inside").click();
    h.run();
    assert_eq!(h.state().dialog.folder(), dir.join("inside"));
    // A later click on the file now in the folder's place selects it.
    pause(&mut h);
    h.get_by_label_contains("a.ron").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join("inside/a.ron")))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn save_dialog(dir: &Path, name: &str) -> Harness<'static, Shown> {
    dialog_harness(FileDialog::new(
        FileDialogMode::Save,
        dir.to_owned(),
        name.to_owned(),
    ))
}

#[test]
fn saving_over_a_map_asks_first_and_names_the_backup() {
    let dir = folder_with_maps("replace-map");
    let mut h = save_dialog(&dir, "beside");
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(
        h.state().result,
        None,
        "saving over a file waits for an answer"
    );
    assert_eq!(
        h.state().dialog.asks_to_replace(),
        Some(dir.join("beside.ron").as_path())
    );
    h.get_by_label_contains("\"beside.ron\" already exists in this folder. Replace it?");
    h.get_by_label_contains("kept as \"beside.ron.bak\"");
    // Enter in the name field does not answer the question: only "Replace" does.
    assert!(
        h.query_by_label("Save").is_none(),
        "Save gives way to Replace"
    );
    h.get_by_label("Replace").click();
    h.run();
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join("beside.ron")))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn choosing_another_name_saves_without_asking_again() {
    let dir = folder_with_maps("replace-other");
    let mut h = save_dialog(&dir, "beside.ron");
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Choose another name").click();
    h.run();
    assert_eq!(h.state().dialog.asks_to_replace(), None);
    // The name field has the keyboard again, its text selected: typing replaces it.
    h.get_by_label("File name:").type_text("fresh");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join("fresh.ron")))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_export_over_an_existing_file_asks_without_promising_a_backup() {
    let dir = temp_dir("replace-export");
    std::fs::write(dir.join("handout.md"), "# old").unwrap();
    let mut h = dialog_harness(
        FileDialog::new(FileDialogMode::Save, dir.clone(), "handout".into())
            .for_purpose("Export the evidence handout as", &["md", "html"]),
    );
    h.get_by_label("Save").click();
    h.run();
    let question = h.get_by_label_contains("already exists").value();
    h.get_by_label_contains("\"handout.md\" already exists in this folder. Replace it?");
    assert!(h.query_by_label_contains(".bak").is_none(), "{question:?}");
    h.get_by_label("Replace").click();
    h.run();
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join("handout.md")))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Typing a folder's name and pressing Enter goes into it, as in every desktop dialog; it
/// used to close the dialog with "Is a directory (os error 21)".
#[test]
fn a_typed_folder_name_goes_into_the_folder() {
    let dir = folder_with_maps("typed-folder");
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    h.get_by_label("File name:").type_text("inside");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().result, None);
    assert_eq!(h.state().dialog.folder(), dir.join("inside"));
    h.get_by_label_contains("a.ron");

    // Saving: the suggested name comes back once inside.
    let mut h = save_dialog(&dir, "my map");
    h.get_by_label("File name:").type_text("inside");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(h.state().result, None);
    assert_eq!(h.state().dialog.folder(), dir.join("inside"));
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join("inside/my map.ron")))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Two double-clicks in a row, on the first folder of each listing, a fifth of a second apart:
/// the second goes one folder deeper. The second click of each enters nothing and opens
/// nothing, whatever egui counts it as (double or triple).
#[test]
fn two_quick_double_clicks_go_two_folders_down() {
    let dir = folder_with_maps("double-double");
    std::fs::create_dir_all(dir.join("inside/deeper/deepest")).unwrap();
    std::fs::write(dir.join("inside/deeper/x.ron"), "").unwrap();
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    let first_row = h.get_by_label_contains("inside").rect().center();
    double_click(&mut h, first_row);
    assert_eq!(h.state().dialog.folder(), dir.join("inside"));
    // "deeper" now lies where "inside" was.
    assert!(h.get_by_label_contains("deeper").rect().contains(first_row));
    for _ in 0..12 {
        h.step();
    }
    for _ in 0..2 {
        h.drag_at(first_row);
        h.step();
        h.drop_at(first_row);
        h.step();
    }
    h.run();
    assert_eq!(h.state().dialog.folder(), dir.join("inside/deeper"));
    assert_eq!(h.state().result, None);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The row of the listing whose label contains `name`: (selected, has the keyboard).
fn row_state(h: &Harness<'_, Shown>, name: &str) -> (bool, bool) {
    let node = h.get_by_label_contains(name);
    let node = node.accesskit_node();
    (node.is_selected() == Some(true), node.is_focused())
}

fn press(h: &mut Harness<'_, Shown>, key: egui::Key) {
    h.key_press(key);
    h.run();
}

/// Down and Up move the selection and the keyboard along the listing (from the name field
/// too), Enter enters a folder and opens a file.
#[test]
fn arrow_keys_move_along_the_listing_and_enter_opens() {
    let dir = folder_with_maps("arrow-keys");
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    // The name field has the keyboard; nothing is selected yet.
    assert_eq!(row_state(&h, "inside"), (false, false));
    press(&mut h, egui::Key::ArrowDown);
    assert_eq!(row_state(&h, "inside"), (true, true));
    press(&mut h, egui::Key::ArrowDown);
    assert_eq!(row_state(&h, "inside"), (false, false));
    assert_eq!(row_state(&h, "beside.ron"), (true, true));
    // The file moved to is the one named in the field, as a click does.
    assert_eq!(
        h.get_by_label("File name:")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("beside.ron")
    );
    press(&mut h, egui::Key::ArrowUp);
    assert_eq!(row_state(&h, "inside"), (true, true));
    press(&mut h, egui::Key::Enter);
    assert_eq!(h.state().dialog.folder(), dir.join("inside"));
    assert_eq!(h.state().result, None);
    assert_eq!(row_state(&h, "a.ron"), (true, true));
    press(&mut h, egui::Key::ArrowDown);
    assert_eq!(row_state(&h, "b.ron"), (true, true));
    press(&mut h, egui::Key::Enter);
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join("inside/b.ron")))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Backspace on the listing goes to the folder above, on the folder just left.
#[test]
fn backspace_on_the_listing_goes_up_a_folder() {
    let dir = folder_with_maps("backspace");
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.join("inside"),
        String::new(),
    ));
    // In the name field, Backspace is the field's.
    press(&mut h, egui::Key::Backspace);
    assert_eq!(h.state().dialog.folder(), dir.join("inside"));
    press(&mut h, egui::Key::ArrowDown);
    press(&mut h, egui::Key::Backspace);
    assert_eq!(h.state().dialog.folder(), dir);
    assert_eq!(row_state(&h, "inside"), (true, true));
    assert_eq!(h.state().result, None);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Up and Down reach the listing from wherever the keyboard is in the dialog: here from a
/// button, after Tab has left the name field.
#[test]
fn arrow_keys_reach_the_listing_from_a_button() {
    let dir = folder_with_maps("arrow-keys-button");
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    h.get_by_label("Cancel").focus();
    h.run();
    press(&mut h, egui::Key::ArrowDown);
    assert_eq!(row_state(&h, "inside"), (true, true));
    assert_eq!(h.state().result, None);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// In a folder with nothing listed, where no row can have the keyboard, Backspace outside the
/// name field still goes up.
#[test]
fn backspace_leaves_an_empty_folder() {
    let dir = folder_with_maps("backspace-empty");
    std::fs::create_dir_all(dir.join("hollow")).unwrap();
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.join("hollow"),
        String::new(),
    ));
    h.get_by_label("Cancel").focus();
    h.run();
    press(&mut h, egui::Key::Backspace);
    assert_eq!(h.state().dialog.folder(), dir);
    assert_eq!(row_state(&h, "hollow"), (true, true));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A folder reached through a symbolic link is listed as a folder, and entered.
#[cfg(unix)]
#[test]
fn a_symlinked_folder_is_listed_and_entered() {
    let dir = folder_with_maps("symlinked-folder");
    std::os::unix::fs::symlink(dir.join("inside"), dir.join("linked")).unwrap();
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    h.get_by_label("📁 linked").click();
    h.run();
    assert_eq!(h.state().dialog.folder(), dir.join("linked"));
    h.get_by_label_contains("a.ron");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A map whose name is not UTF-8 (bytes from an old Windows copy, say) shows with `?` and
/// opens under its real name.
#[cfg(unix)]
#[test]
fn a_file_whose_name_is_not_utf8_opens() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir("non-utf8-name");
    let name = std::ffi::OsStr::from_bytes(b"Beograd \xe9t\xe9.ron");
    if std::fs::write(dir.join(name), "").is_err() {
        // Some filesystems refuse such names: nothing to test there.
        std::fs::remove_dir_all(&dir).unwrap();
        return;
    }
    let mut h = dialog_harness(FileDialog::new(
        FileDialogMode::Open,
        dir.clone(),
        String::new(),
    ));
    let file = h.get_by_label("🗺 Beograd ?t?.ron").rect().center();
    double_click(&mut h, file);
    assert_eq!(
        h.state().result,
        Some(FileDialogResult::Chosen(dir.join(name)))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The real window with "Use the system's file dialogs" off: File › Open draws the in-app
/// dialog at once, and no system dialog is started.
#[test]
fn with_the_setting_off_the_in_app_dialog_opens() {
    let mut app = stance_map::app::StanceApp::new_article();
    app.allow_system_dialogs();
    app.session.system_file_dialogs = false;
    let mut h = crate::common::harness(app);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Open a map");
    assert!(!h.state().system_dialog_open());
}

/// Tests and benchmarks (no `allow_system_dialogs`) always draw the in-app dialog.
#[test]
fn outside_the_real_window_the_in_app_dialog_opens() {
    let mut h = crate::common::harness(stance_map::app::StanceApp::new_article());
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Open a map");
    assert!(!h.state().system_dialog_open());
}

/// With no map file open (the article's map), Save as starts in the folder a dialog last chose
/// in, and choosing there remembers it again.
#[test]
fn save_as_starts_in_the_last_folder_used() {
    let dir = temp_dir("last-folder");
    let mut app = stance_map::app::StanceApp::new_article();
    app.session.last_folder = Some(dir.clone());
    let mut h = crate::common::harness(app);
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    h.get_by_label("Save the map as");
    h.get_by_label(&dir.display().to_string());
    h.state_mut().session.last_folder = None;
    h.get_by_label("Save").click();
    h.run();
    let saved: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(saved.len(), 1, "the map was saved in the last folder");
    assert_eq!(
        h.state().session.last_folder.as_deref(),
        Some(dir.as_path())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
