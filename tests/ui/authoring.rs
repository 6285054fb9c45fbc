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

/// The app on the article's map with Edit map › Sources open.
fn sources_tab() -> Harness<'static, StanceApp> {
    let mut h = crate::common::app_harness(
        Harness::builder().with_size(egui::vec2(1280.0, 720.0)),
        StanceApp::new_article(),
    );
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Tab, "Sources")
        .click();
    h.run();
    h
}

#[test]
fn sources_tab_adds_a_source_and_undo_takes_it_away() {
    let mut h = sources_tab();
    let before = h.state().map.sources.clone();
    // Every source is listed with its id.
    for source in &before {
        h.get_by_label(&source.id.0);
    }
    h.get_by_label("Add source…").click();
    h.run();
    type_into(&mut h, "Author of the new source", "Example");
    type_into(&mut h, "Year of the new source", "2020");
    type_into(
        &mut h,
        "Full entry of the new source",
        "Example, A. (2020). A test entry.",
    );
    assert_eq!(h.state().map.sources, before, "nothing added while typing");
    h.get_by_label("Add to the bibliography").click();
    h.run();

    let sources = &h.state().map.sources;
    assert_eq!(sources.len(), before.len() + 1);
    let added = sources.last().unwrap();
    assert_eq!(added.id.0, "example2020");
    assert_eq!(added.author, "Example");
    assert_eq!(added.year, Some(2020));
    assert_eq!(added.entry, "Example, A. (2020). A test entry.");
    h.get_by_label("example2020");
    assert_eq!(h.state().history.undo_label(), Some("edit sources"));

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map.sources, before, "undo takes it away");
    assert!(h.query_by_label("example2020").is_none());
}

#[test]
fn sources_tab_edits_a_source_in_one_undo_step() {
    let mut h = sources_tab();
    let source = h.state().map.sources[0].clone();
    let steps = h.state().history.undo_len();
    let label = format!("Year of {}", source.citation(""));
    h.get_by_label(&label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(&label).type_text("1999");
    h.run();
    assert_eq!(
        h.state().map.sources[0],
        source,
        "a draft until the field is left"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().map.sources[0].year, Some(1999));
    assert_eq!(h.state().map.sources[0].id, source.id, "the id stays");
    assert_eq!(h.state().history.undo_len(), steps + 1);

    // A year that is not one is refused, and the field says why.
    let label = format!("Year of {}", h.state().map.sources[0].citation(""));
    h.get_by_label(&label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(&label).type_text("soon");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().map.sources[0].year, Some(1999));
    h.get_by_label_contains("\"soon\" is not a year");
}

#[test]
fn a_cited_source_is_not_removed_and_the_tab_says_where_it_is_cited() {
    let mut h = sources_tab();
    let map = h.state().map.clone();
    let power = &map.powers[0];
    let cited = power.track[0].evidence[0].source.clone();
    h.get_by_label(&format!("Remove source {cited}")).click();
    h.run();
    assert_eq!(h.state().map, map, "not removed");
    h.get_by_label_contains("is not removed: quotes cite it at");
    h.get_by_label_contains(&format!("{} {}", power.name, power.track[0].date));

    // A source nothing cites goes, and undo brings it back.
    let mut with_uncited = map.clone();
    // First in the list, so its Remove button is in view.
    with_uncited.sources.insert(
        0,
        stance_map::model::Source {
            id: stance_map::model::SourceId("example2020".into()),
            author: "Example".into(),
            year: Some(2020),
            entry: "Example, A. (2020). A test entry.".into(),
            url: String::new(),
            accessed: String::new(),
        },
    );
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetSources(
            with_uncited.sources.clone(),
        ));
    h.run();
    h.get_by_label("Remove source example2020").click();
    h.run();
    assert_eq!(h.state().map.sources, map.sources);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map.sources, with_uncited.sources);
}
