//! Authoring a map of one's own: File › New map…, the Sources tab of Edit map, and
//! Help › Guide, driven through the whole app.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::article_harness;
use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::{Origin, StanceApp};
use stance_map::model::Confidence;

/// Give a text field the keyboard and type `text` into it.
fn type_into(h: &mut Harness<'static, StanceApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Choose File › New map….
fn file_new_map(h: &mut Harness<'static, StanceApp>) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("New map…").click();
    h.run();
}

#[test]
fn file_new_map_makes_a_map_of_georgia() {
    let mut h = article_harness();
    file_new_map(&mut h);
    h.get_by_label_contains("Name the country and the powers");
    type_into(&mut h, "Subject", "Georgia");
    type_into(&mut h, "Power 1", "Russia");
    type_into(&mut h, "Power 2", "EU");
    type_into(&mut h, "First date", "2004");
    type_into(&mut h, "Last date", "2024");
    // Nothing reaches the open map while the dialog is filled in.
    assert_eq!(h.state().map.subject, "Serbia");
    h.get_by_label("Create").click();
    h.run();

    let map = &h.state().map;
    assert_eq!(map.subject, "Georgia");
    assert_eq!(map.title, "Georgia: foreign-policy alignment");
    let names: Vec<&str> = map.powers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Russia", "EU"]);
    for power in &map.powers {
        assert_eq!(power.track.len(), 2);
        assert_eq!(power.track[0].date.to_iso(), "2004");
        assert_eq!(power.track[1].date.to_iso(), "2024");
        assert!(
            power
                .track
                .iter()
                .all(|k| k.strength == 0.0 && k.confidence == Confidence::Low)
        );
    }
    assert!(stance_map::model::validate(map).is_empty());
    assert!(map.sources.is_empty() && map.story.is_empty());
    assert_eq!(h.state().origin, Origin::New);
    assert_eq!(h.state().history.undo_len(), 0, "a fresh undo history");
    assert!(h.state().is_dirty(), "a new map is not saved yet");
    assert!(h.query_by_label("Create").is_none(), "the dialog closed");
    assert!(h.state().window_title().contains("not saved yet"));

    // Save asks for a file name, made from the subject.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert_eq!(
        h.get_by_label("File name:").value().as_deref(),
        Some("georgia.ron")
    );
}

#[test]
fn new_map_says_what_is_missing_and_cancel_keeps_the_open_map() {
    let mut h = article_harness();
    let before = h.state().map.clone();
    file_new_map(&mut h);
    type_into(&mut h, "Power 1", "Russia");
    h.get_by_label("Create").click();
    h.run();
    h.get_by_label_contains("Name the country the map is about");
    type_into(&mut h, "Subject", "Georgia");
    type_into(&mut h, "First date", "2024");
    type_into(&mut h, "Last date", "2004");
    h.get_by_label("Create").click();
    h.run();
    h.get_by_label_contains("The last date must come after the first.");
    assert_eq!(h.state().map, before, "nothing made yet");

    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Create").is_none(), "the dialog closed");
    assert_eq!(h.state().map, before);
    assert_eq!(h.state().origin, Origin::Article);
    assert!(!h.state().is_dirty());
}

#[test]
fn new_map_asks_about_unsaved_changes_first() {
    let mut h = article_harness();
    let russia = crate::common::russia();
    let date = h.state().map.power(&russia).unwrap().track[0].date;
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetStrength {
            power: russia,
            date,
            strength: 0.5,
        });
    h.run();
    let edited = h.state().map.clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label_contains("Save them before starting a new map?");
    assert!(
        h.query_by_label("Create").is_none(),
        "asked before the dialog"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().unsaved_prompt.is_none());
    assert!(h.query_by_label("Create").is_none());
    assert_eq!(h.state().map, edited, "the edited map stays");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    h.get_by_label("Create");
}

#[test]
fn help_guide_shows_the_readme_using_it_section() {
    // Read from the README as it is now: the guide built into the app must say the same.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("\n## Using it\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap();
    // A sentence with no Markdown marks in it, from the middle of the section.
    let sentence = section
        .split(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.len() > 40 && !s.contains(['*', '`', '-', '(']))
        .nth(2)
        .unwrap();

    let mut h = article_harness();
    assert!(h.query_by_label_contains(sentence).is_none());
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Guide").click();
    h.run();
    h.get_by_label_contains(sentence);
    // Bold marks are drawn as strong text, not printed.
    h.get_by_label_contains("Move through time with the date slider");
    assert!(h.query_by_label_contains("**Move through time**").is_none());
}
