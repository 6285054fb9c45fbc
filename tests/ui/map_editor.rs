//! The "Edit map" window, driven through the whole app so every edit goes through the undo
//! history: map details, powers, events.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::russia;
use egui::accesskit::Role;
use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::StanceApp;
use stance_map::model::{Date, PowerId};

/// The app on the article's map with the map editor opened by Ctrl+E.
fn editor() -> Harness<'static, StanceApp> {
    let mut h = crate::common::app_harness(
        Harness::builder().with_size(egui::vec2(1400.0, 900.0)),
        StanceApp::new_article(),
    );
    h.run();
    assert!(
        h.query_by_label("Title").is_none(),
        "the editor starts closed"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h
}

/// Open one of the editor's tabs.
fn open_tab(h: &mut Harness<'static, StanceApp>, name: &str) {
    h.get_by_role_and_label(Role::Tab, name).click();
    h.run();
}

/// Focus a text field, replace its whole text by typing, and leave it with Enter.
fn retype(h: &mut Harness<'static, StanceApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn renaming_the_title_commits_once_when_the_field_is_left() {
    let mut h = editor();
    let original = h.state().map.clone();
    let steps = h.state().history.undo_len();

    h.get_by_label("Title").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Title")
        .type_text("Serbia between the powers");
    h.run();
    // Typing alone changes nothing: the field commits when it is left.
    assert_eq!(h.state().map.title, original.title);
    assert_eq!(
        h.get_by_label("Title").value().as_deref(),
        Some("Serbia between the powers")
    );

    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(h.state().map.title, "Serbia between the powers");
    assert_eq!(h.state().map.subject, original.subject);
    assert_eq!(h.state().history.undo_len(), steps + 1, "one undo step");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
    assert_eq!(
        h.get_by_label("Title").value().as_deref(),
        Some(original.title.as_str()),
        "the field shows the map again"
    );
}

#[test]
fn escape_leaves_a_field_without_committing() {
    let mut h = editor();
    let original = h.state().map.clone();
    h.get_by_label("Subject").focus();
    h.run();
    h.get_by_label("Subject").type_text(" and more");
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().map, original);
    assert_eq!(
        h.get_by_label("Subject").value().as_deref(),
        Some(original.subject.as_str())
    );

    // The field let go of the keyboard; the next Escape closes the window.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Subject").is_none(), "closed");
    assert_eq!(h.state().map, original);
}

#[test]
fn adding_a_power_is_one_undo_step() {
    let mut h = editor();
    let original = h.state().map.clone();
    open_tab(&mut h, "Powers");
    h.get_by_label("Add power").click();
    h.run();

    let map = &h.state().map;
    assert_eq!(map.powers.len(), original.powers.len() + 1);
    let added = &map.powers[original.powers.len()];
    assert_eq!(added.id, PowerId("new_power".into()));
    assert_eq!(added.name, "New power");
    assert!(added.track.is_empty());
    assert!(
        original
            .powers
            .iter()
            .all(|p| !p.color.eq_ignore_ascii_case(&added.color)),
        "{} is already used",
        added.color
    );
    assert!(h.query_by_label("Name of New power").is_some());

    // A second one gets an id of its own.
    h.get_by_label("Add power").click();
    h.run();
    assert_eq!(
        h.state().map.powers.last().map(|p| p.id.clone()),
        Some(PowerId("new_power_2".into()))
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map.powers.len(), original.powers.len() + 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
}

#[test]
fn renaming_a_power_and_setting_its_bearing() {
    let mut h = editor();
    let original = h.state().map.clone();
    open_tab(&mut h, "Powers");
    retype(&mut h, "Name of Russia", "Russian Federation");
    let power = h.state().map.power(&russia()).cloned();
    assert_eq!(
        power.as_ref().map(|p| p.name.as_str()),
        Some("Russian Federation")
    );
    assert_eq!(
        power.map(|p| p.color),
        original.power(&russia()).map(|p| p.color.clone())
    );
    assert!(h.query_by_label("Bearing of Russian Federation").is_some());

    // An empty name is refused, said so, and leaves the map alone.
    let renamed = h.state().map.clone();
    retype(&mut h, "Name of Russian Federation", "  ");
    assert_eq!(h.state().map, renamed);
    assert!(h.query_by_label_contains("A power needs a name").is_some());

    // A bearing typed in is one edit.
    let steps = h.state().history.undo_len();
    h.get_by_label("Bearing of Russian Federation")
        .set_value_accesskit(123.0);
    h.run();
    assert_eq!(
        h.state().map.power(&russia()).map(|p| p.bearing_deg),
        Some(123.0)
    );
    assert_eq!(h.state().history.undo_len(), steps + 1);
}

#[test]
fn a_colour_drag_is_one_undo_step() {
    let mut h = editor();
    let original = h.state().map.clone();
    open_tab(&mut h, "Powers");
    let steps = h.state().history.undo_len();
    h.get_by_label("Colour of Russia").click();
    h.run();
    // Drag across the picker's square colour field: many changes while the picker is open.
    let side = 275.0; // egui's colour field
    let field = h
        .get_all_by(|n| {
            n.bounding_box()
                .is_some_and(|r| (r.width() - side).abs() < 2.0 && (r.height() - side).abs() < 2.0)
        })
        .next()
        .expect("the colour picker is open")
        .rect();
    let from = field.left_top() + egui::vec2(10.0, 10.0);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=5 {
        h.hover_at(from + egui::vec2(30.0 * i as f32, 20.0 * i as f32));
        h.run();
    }
    h.drop_at(from + egui::vec2(150.0, 100.0));
    h.run();
    let picked = h.state().map.power(&russia()).map(|p| p.color.clone());
    assert_ne!(picked, original.power(&russia()).map(|p| p.color.clone()));

    // Close the picker by clicking beside it, inside the window.
    h.get_by_label_contains("Bearing is where").click();
    h.run();
    assert_eq!(h.state().history.undo_len(), steps + 1, "one undo step");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
}

#[test]
fn removing_russia_asks_first_and_undo_brings_it_back() {
    let mut h = editor();
    let original = h.state().map.clone();
    let keyframes = original.power(&russia()).map_or(0, |p| p.track.len());
    assert!(
        original.events.iter().any(|e| e.powers.contains(&russia())),
        "the article has events about Russia"
    );
    open_tab(&mut h, "Powers");

    h.get_by_label("Remove Russia…").click();
    h.run();
    assert_eq!(h.state().map, original, "asking changes nothing");
    // The shipped map measures Russia (UN votes): its indicators go too, and the question says so.
    let measured = original
        .indicators
        .iter()
        .filter(|i| i.power == russia())
        .count();
    let question = match measured {
        0 => format!("Remove Russia and its {keyframes} keyframes? Undo can bring it back."),
        1 => format!(
            "Remove Russia, its {keyframes} keyframes and its 1 measured indicator? Undo can bring it back."
        ),
        n => format!(
            "Remove Russia, its {keyframes} keyframes and its {n} measured indicators? Undo can bring it back."
        ),
    };
    assert!(h.query_by_label(&question).is_some(), "{question}");

    // "Keep" keeps it.
    h.get_by_label("Keep").click();
    h.run();
    assert!(h.query_by_label(&question).is_none());
    assert_eq!(h.state().map, original);

    h.get_by_label("Remove Russia…").click();
    h.run();
    h.get_by_label("Remove").click();
    h.run();
    let map = &h.state().map;
    assert!(map.power(&russia()).is_none());
    assert_eq!(map.powers.len(), original.powers.len() - 1);
    assert!(map.events.iter().all(|e| !e.powers.contains(&russia())));
    assert!(map.story.iter().all(|s| !s.focus.contains(&russia())));
    assert!(map.indicators.iter().all(|i| i.power != russia()));
    assert_eq!(map.indicators.len(), original.indicators.len() - measured);
    assert_eq!(
        stance_map::model::validate(map),
        vec![],
        "the map stays valid"
    );
    assert!(h.query_by_label("Name of Russia").is_none());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
}

/// The position (from 1, in date order) of the event with this title.
fn event_number(h: &Harness<'static, StanceApp>, title: &str) -> usize {
    let mut events = h.state().map.events.clone();
    events.sort_by(|a, b| a.date.to_year_f64().total_cmp(&b.date.to_year_f64()));
    events
        .iter()
        .position(|e| e.title == title)
        .expect("the event is in the map")
        + 1
}

/// The events' titles in alphabetical order: the same list however the events are ordered.
fn sorted_titles(h: &Harness<'static, StanceApp>) -> Vec<String> {
    let mut titles: Vec<String> = h
        .state()
        .map
        .events
        .iter()
        .map(|e| e.title.clone())
        .collect();
    titles.sort();
    titles
}

fn is_sorted_by_date(h: &Harness<'static, StanceApp>) -> bool {
    h.state()
        .map
        .events
        .windows(2)
        .all(|w| w[0].date.to_year_f64() <= w[1].date.to_year_f64())
}

#[test]
fn adding_an_event_and_dating_it() {
    let mut h = editor();
    let original = h.state().map.clone();
    // At the date shown: the event goes where the user is looking.
    let shown = Date::month_containing(h.state().session.date_year_f64);
    open_tab(&mut h, "Events");
    h.get_by_label("Add event").click();
    h.run();
    let map = &h.state().map;
    assert_eq!(map.events.len(), original.events.len() + 1);
    let added: Vec<_> = map
        .events
        .iter()
        .filter(|e| e.title == "New event")
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].date, shown);
    assert!(added[0].powers.is_empty());
    assert!(is_sorted_by_date(&h));

    // The new event's title has focus, all selected: typing renames it.
    let n = event_number(&h, "New event");
    assert!(h.get_by_label(&format!("Title of event {n}")).is_focused());

    retype(&mut h, &format!("Date of event {n}"), "2019-05");
    let map = &h.state().map;
    let dated: Vec<_> = map
        .events
        .iter()
        .filter(|e| e.title == "New event")
        .collect();
    assert_eq!(dated.len(), 1);
    assert_eq!(dated[0].date, Date::month(2019, 5));
    assert!(is_sorted_by_date(&h));
    let n = event_number(&h, "New event");
    assert!(
        h.state().map.events[n - 2].date.to_year_f64() <= 2019.0 + 4.0 / 12.0
            && h.state().map.events[n].date.to_year_f64() > 2019.0 + 4.0 / 12.0,
        "between the events before and after May 2019"
    );

    // It concerns Russia, then it is removed.
    h.get_by_label(&format!("Event {n} concerns Russia"))
        .scroll_to_me();
    h.run();
    h.get_by_label(&format!("Event {n} concerns Russia"))
        .click();
    h.run();
    assert_eq!(h.state().map.events[n - 1].powers, vec![russia()]);
    h.get_by_label(&format!("Remove event {n}"))
        .click_accesskit();
    h.run();
    assert_eq!(h.state().map.events.len(), original.events.len());
    assert!(h.state().map.events.iter().all(|e| e.title != "New event"));
}

#[test]
fn an_invalid_date_is_refused_with_a_warning() {
    let mut h = editor();
    let original = h.state().map.clone();
    let steps = h.state().history.undo_len();
    open_tab(&mut h, "Events");
    assert!(h.query_by_label_contains("not a date").is_none());

    retype(&mut h, "Date of event 3", "2019-13");
    assert_eq!(h.state().map, original);
    assert_eq!(h.state().history.undo_len(), steps);
    assert!(h.query_by_label_contains("not a date").is_some());
    assert_eq!(
        h.get_by_label("Date of event 3").value().as_deref(),
        Some("2019-13"),
        "what was typed stays to be fixed"
    );

    retype(&mut h, "Date of event 3", "May 2019");
    assert_eq!(h.state().map, original);
    assert!(h.query_by_label_contains("not a date").is_some());

    // Fixing it commits and the warning goes.
    retype(&mut h, "Date of event 3", "1999-04");
    assert_ne!(h.state().map, original);
    assert!(h.query_by_label_contains("not a date").is_none());
    assert!(is_sorted_by_date(&h));
}

/// A new date moves an event to another place in the list. Leaving its date with Tab must not
/// carry the event's title into the field that was next to it before the move (fields are
/// known by their place): the review that found this saw another event renamed.
#[test]
fn tab_from_a_date_that_moves_the_event_renames_nothing() {
    let mut h = editor();
    open_tab(&mut h, "Events");
    let titles = sorted_titles(&h);
    let first = h.state().map.events[0].title.clone();

    h.get_by_label("Date of event 1").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Date of event 1").type_text("2021-06");
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    // Wherever the keyboard is now, leave it the way a person would.
    h.key_press(egui::Key::Tab);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();

    assert_eq!(sorted_titles(&h), titles, "no event was renamed");
    let n = event_number(&h, &first);
    assert_eq!(h.state().map.events[n - 1].date, Date::month(2021, 6));
    assert!(is_sorted_by_date(&h));
}

#[test]
fn escape_in_the_colour_picker_closes_only_the_picker() {
    let mut h = editor();
    open_tab(&mut h, "Powers");
    h.get_by_label("Colour of Russia").click();
    h.run();
    let picker_open = |h: &Harness<'static, StanceApp>| {
        h.query_all_by(|n| {
            n.bounding_box().is_some_and(|r| {
                (r.width() - 275.0).abs() < 2.0 && (r.height() - 275.0).abs() < 2.0
            })
        })
        .next()
        .is_some()
    };
    assert!(picker_open(&h));
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!picker_open(&h), "the picker closed");
    h.get_by_label("Colour of Russia");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.query_by_label("Colour of Russia").is_none(),
        "then the window"
    );
}

/// Closing the window while a field is being typed in keeps what was typed, as one step.
#[test]
fn closing_the_window_keeps_what_was_being_typed() {
    let mut h = editor();
    h.get_by_label("Title").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Title").type_text("Typed title");
    h.run();
    assert_ne!(h.state().map.title, "Typed title", "still typing");
    h.get_by_label("Close window").click();
    h.run();
    assert!(h.query_by_label("Title").is_none(), "closed");
    assert_eq!(h.state().map.title, "Typed title");
    assert_eq!(h.state().history.undo_len(), 1);
}

/// A date that cannot be taken, typed into a field whose window is then closed, is not
/// dropped: the map keeps its date, and the editor opened again shows what was typed and why
/// it was not taken.
#[test]
fn an_invalid_date_left_in_a_closed_window_waits_in_its_field() {
    let mut h = editor();
    open_tab(&mut h, "Events");
    let before = h.state().map.clone();
    h.get_by_label("Date of event 1").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Date of event 1").type_text("2021-13");
    h.run();
    h.get_by_label("Close window").click();
    h.run();
    assert!(h.query_by_label("Date of event 1").is_none(), "closed");
    assert_eq!(h.state().map, before);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert_eq!(
        h.get_by_label("Date of event 1").value().as_deref(),
        Some("2021-13")
    );
    h.get_by_label_contains("The date was not changed");
}

/// The Sources tab takes a web address and the day it was read for a source, each one undo
/// step, and refuses an address that is not a web page (such as `javascript:`) or a day that
/// is not one, saying why and leaving the source as it was.
#[test]
fn a_source_gets_a_web_address_and_access_date_and_a_javascript_address_is_refused() {
    let mut h = editor();
    open_tab(&mut h, "Sources");
    let source = h.state().map.sources[0].clone();
    assert!(source.url.is_empty() && source.accessed.is_empty());
    let name = source.citation("");
    let url_label = format!("Web address of {name}");
    let day_label = format!("Read on (YYYY-MM-DD) of {name}");
    let steps = h.state().history.undo_len();

    retype(&mut h, &url_label, "https://example.org/report");
    retype(&mut h, &day_label, "2024-03-15");
    let saved = h.state().map.sources[0].clone();
    assert_eq!(saved.url, "https://example.org/report");
    assert_eq!(saved.accessed, "2024-03-15");
    assert_eq!(saved.id, source.id, "the id stays");
    assert_eq!(h.state().history.undo_len(), steps + 2);

    // A script address is refused with a message, and nothing changes.
    assert!(h.query_by_label_contains("is not a web address").is_none());
    retype(&mut h, &url_label, "javascript:alert(1)");
    assert_eq!(h.state().map.sources[0], saved);
    assert_eq!(h.state().history.undo_len(), steps + 2);
    h.get_by_label_contains("\"javascript:alert(1)\" is not a web address");
    assert_eq!(
        h.get_by_label(&url_label).value().as_deref(),
        Some("javascript:alert(1)"),
        "what was typed stays to be fixed"
    );

    // So is a day that does not exist.
    retype(&mut h, &day_label, "2023-02-29");
    assert_eq!(h.state().map.sources[0], saved);
    h.get_by_label_contains("\"2023-02-29\" is not a day");

    // Undo takes the access date back off, then the address.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map.sources[0].accessed, "");
    assert_eq!(h.state().map.sources[0].url, "https://example.org/report");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map.sources[0], source);
}

/// The "Add source" form takes the web address and access date too, and will not add a
/// source whose address is not a web page.
#[test]
fn a_new_source_is_added_with_its_web_address_and_read_on_day() {
    let mut h = editor();
    open_tab(&mut h, "Sources");
    let before = h.state().map.sources.clone();
    h.get_by_label("Add source…").click();
    h.run();
    for (label, text) in [
        ("Author of the new source", "ISAC Fund"),
        ("Year of the new source", "2023"),
        ("Web address of the new source", "javascript:alert(1)"),
        ("Read on (YYYY-MM-DD) of the new source", "2024-01-31"),
    ] {
        h.get_by_label(label).focus();
        h.run();
        h.get_by_label(label).type_text(text);
        h.run();
    }
    h.get_by_label_contains("\"javascript:alert(1)\" is not a web address");
    h.get_by_label("Add to the bibliography").click();
    h.run();
    assert_eq!(h.state().map.sources, before, "refused: nothing added");

    let label = "Web address of the new source";
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label)
        .type_text("https://isac-fund.org/cfsp");
    h.run();
    assert!(h.query_by_label_contains("is not a web address").is_none());
    h.get_by_label("Add to the bibliography").click();
    h.run();
    let added = h.state().map.sources.last().unwrap().clone();
    assert_eq!(h.state().map.sources.len(), before.len() + 1);
    assert_eq!(added.author, "ISAC Fund");
    assert_eq!(added.url, "https://isac-fund.org/cfsp");
    assert_eq!(added.accessed, "2024-01-31");
}
