//! File › Import indicator…, driven through the whole app: the CSV file chosen in the in-app
//! dialog, the rows read and the bad ones named, the form filled in, one undoable edit.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_map::app::StanceApp;
use stance_map::model::new_map::{NewMapSpec, new_map};
use stance_map::model::{Closer, StanceMap, validate};

use crate::common::{harness, temp_dir};

/// A small map of Serbia with Russia and the EU, with no indicators and no sources.
fn small_map() -> StanceMap {
    new_map(&NewMapSpec {
        subject: "Serbia".into(),
        powers: vec!["Russia".into(), "EU".into()],
        first: "2010".into(),
        last: "2024".into(),
        ..NewMapSpec::default()
    })
    .unwrap()
}

/// Write `text` as `name` in a folder of the test's own.
#[track_caller]
fn csv_file(name: &str, text: &str) -> PathBuf {
    let dir = temp_dir(name);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// File › Import indicator…, then the file typed into the dialog and opened.
fn import_file(h: &mut Harness<'static, StanceApp>, path: &Path) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import indicator…").click();
    h.run();
    h.get_by_label("Import an indicator from a CSV file");
    h.get_by_label("File name:")
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_label("Open").click();
    // The dialog's two scrolling lists take a few frames to find their size.
    h.run_steps(8);
    h.run();
}

/// Give a text field the keyboard and type `text` into it.
fn type_into(h: &mut Harness<'static, StanceApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// Choose `power` in the dialog's Power list.
fn choose_power(h: &mut Harness<'static, StanceApp>, power: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Power").click();
    h.run();
    // The list's entry is the last node of that name: the panels behind name it first.
    h.query_all_by_label(power).last().unwrap().click();
    h.run();
}

#[test]
fn a_csv_file_becomes_an_indicator_citing_its_source_and_undo_takes_it_back() {
    let path = csv_file(
        "isac.csv",
        "\u{feff}Date;Value;Note\r\n2020;56;\r\n2021;61,5;calendar year\r\n2022;48;65 of 136\r\n",
    );
    let mut h = harness(StanceApp::from_map(small_map()));
    h.run();
    import_file(&mut h, &path);
    h.get_by_label_contains("Read 3 rows from isac.csv. All of them can be imported.");
    h.get_by_label_contains("Columns separated by semicolons");
    type_into(&mut h, "Name", "ISAC: alignment with EU declarations");
    choose_power(&mut h, "EU");
    h.get_by_label("Lower").click();
    h.run();
    h.get_by_label("Higher").click();
    h.run();
    type_into(&mut h, "Author of the new source", "ISAC Fund");
    type_into(&mut h, "Year of the new source", "2023");
    type_into(
        &mut h,
        "Web address of the new source",
        "https://www.isac-fund.org/en/",
    );
    type_into(&mut h, "Accessed of the new source", "2024-03-09");
    // Nothing reaches the map while the dialog is filled in.
    assert!(h.state().map.indicators.is_empty());
    h.get_by_label("Import").click();
    h.run();

    let map = &h.state().map;
    assert_eq!(map.indicators.len(), 1, "{:?}", h.state().notice);
    let indicator = &map.indicators[0];
    assert_eq!(indicator.name, "ISAC: alignment with EU declarations");
    assert_eq!(indicator.id.0, "isac_alignment_with_eu_declarations");
    assert_eq!(indicator.power.0, "eu");
    assert_eq!(indicator.unit, "%");
    assert_eq!(indicator.closer, Closer::Higher);
    assert_eq!((indicator.low, indicator.high), (0.0, 100.0));
    let values: Vec<f64> = indicator.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [56.0, 61.5, 48.0]);
    assert_eq!(indicator.points[2].note, "65 of 136");
    let source = map.sources.last().unwrap();
    assert_eq!(source.author, "ISAC Fund");
    assert_eq!(source.url, "https://www.isac-fund.org/en/");
    assert_eq!(source.accessed, "2024-03-09");
    assert!(indicator.points.iter().all(|p| p.source == source.id));
    assert!(validate(map).is_empty());
    h.get_by_label_contains("Imported \"ISAC: alignment with EU declarations\" with 3");

    // One Ctrl+Z takes back the indicator and its new source together.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().map.indicators.is_empty());
    assert!(h.state().map.sources.is_empty());
    assert_eq!(h.state().map, small_map());
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn bad_rows_are_listed_and_the_button_names_the_good_rows() {
    let path = csv_file(
        "mixed.csv",
        "date,value\n2019,57\n2020,abc\n2021,62\n2021,60\n2022,48\n",
    );
    let mut map = small_map();
    map.sources.push(stance_map::model::Source {
        id: stance_map::model::SourceId("isac2023".into()),
        author: "ISAC Fund".into(),
        year: Some(2023),
        entry: "ISAC Fund (2023), annual report".into(),
        url: String::new(),
        accessed: String::new(),
    });
    let mut h = harness(StanceApp::from_map(map));
    h.run();
    import_file(&mut h, &path);
    h.get_by_label_contains("Read 5 rows from mixed.csv. 3 rows can be imported; 2 rows cannot");
    h.get_by_label("⚠ line 3: \"abc\" is not a number");
    h.get_by_label_contains("⚠ line 5: 2021 is the same date as line 4");
    assert!(h.query_by_label("Import").is_none());
    type_into(&mut h, "Name", "ISAC alignment");
    // Cite the map's own source: no new one is made.
    h.get_by_role_and_label(Role::ComboBox, "Cite").click();
    h.run();
    h.query_all_by_label_contains("ISAC Fund")
        .last()
        .unwrap()
        .click();
    h.run();
    assert!(h.query_by_label("Author of the new source").is_none());
    h.get_by_label("Import the 3 good rows").click();
    h.run();
    let map = &h.state().map;
    assert_eq!(map.sources.len(), 1);
    let indicator = &map.indicators[0];
    let years: Vec<i32> = indicator.points.iter().map(|p| p.date.year).collect();
    assert_eq!(years, [2019, 2021, 2022]);
    assert!(indicator.points.iter().all(|p| p.source.0 == "isac2023"));
    // The power is the first one when none is selected.
    assert_eq!(indicator.power.0, "russia");
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn a_file_with_no_good_rows_cannot_be_imported_and_one_without_a_value_column_is_refused() {
    let path = csv_file("none.csv", "date,value\n2019,x\nsoon,1\n");
    let mut h = harness(StanceApp::from_map(small_map()));
    h.run();
    import_file(&mut h, &path);
    h.get_by_label_contains("None can be imported: 2 rows listed below.");
    let button = h.get_by_label("Nothing to import");
    assert!(button.accesskit_node().is_disabled());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().map.indicators.is_empty());

    let dir = path.parent().unwrap().to_owned();
    let no_value = dir.join("no-value.csv");
    std::fs::write(&no_value, "date,amount\n2019,1\n").unwrap();
    import_file(&mut h, &no_value);
    let notice = h.state().notice.clone().unwrap();
    assert!(notice.is_error);
    assert!(
        notice.text.contains("no-value.csv cannot be imported")
            && notice.text.contains("one called \"value\""),
        "{}",
        notice.text
    );
    assert!(
        h.query_by_label("Name").is_none(),
        "no dialog for a file that cannot be read"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn what_the_map_would_refuse_is_shown_in_the_dialog_and_nothing_changes() {
    let path = csv_file("year.csv", "date,value\n2020,1\n");
    let mut h = harness(StanceApp::from_map(small_map()));
    h.run();
    import_file(&mut h, &path);
    // No name, then no author: each said in the dialog, which stays open.
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label("⚠ Give the indicator a name.");
    type_into(&mut h, "Name", "Trade share");
    type_into(&mut h, "Unit", "x");
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label_contains("New source: Give the author.");
    type_into(&mut h, "Author of the new source", "Eurostat");
    type_into(
        &mut h,
        "Web address of the new source",
        "javascript:alert(1)",
    );
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label_contains("is not a web address");
    assert!(h.state().map.indicators.is_empty() && h.state().map.sources.is_empty());
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}
