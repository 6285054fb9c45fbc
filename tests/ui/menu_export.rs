//! Exports from the File menu: handout, CSV, SVG and slides, through the in-app dialog.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::{article_harness as harness, temp_dir};

use egui_kittest::kittest::Queryable;
use stance_map::app::SaveTarget;

#[test]
fn the_export_menu_writes_a_handout_through_the_dialog() {
    let mut h = harness();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    h.get_by_label("Evidence handout…").click();
    h.run();
    h.get_by_label("Export the evidence handout as a web page (.html) or Markdown (.md)");
    assert!(h.query_by_label("Save the map as").is_none());
    // A web page by default: it opens in any browser and prints.
    assert_eq!(
        h.get_by_label("File name:").value().as_deref(),
        Some("serbia-handout.html")
    );
    // The suggested name is selected: typing a full path replaces it.
    let dir = temp_dir("handout");
    let target = dir.join("handout.md");
    h.get_by_label("File name:")
        .type_text(&target.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let text = std::fs::read_to_string(&target).unwrap();
    let map = stance_map::article::article_map().unwrap();
    assert!(text.contains(&map.citation(&map.powers[0].track[0].evidence[0])));
    h.get_by_label_contains("Wrote the evidence handout");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_export_target_writes_its_file() {
    let mut h = harness();
    let dir = temp_dir("all");
    h.state_mut().export_to(SaveTarget::Csv, &dir.join("k.csv"));
    h.state_mut().export_to(SaveTarget::Svg, &dir.join("c.svg"));
    h.state_mut()
        .export_to(SaveTarget::Handout, &dir.join("h.html"));
    assert!(
        std::fs::read_to_string(dir.join("k.csv"))
            .unwrap()
            .starts_with("\u{feff}power_id,"),
        "a CSV file starts with the byte-order mark Excel needs to read it as UTF-8"
    );
    assert!(
        std::fs::read_to_string(dir.join("c.svg"))
            .unwrap()
            .contains("<svg")
    );
    assert!(
        std::fs::read_to_string(dir.join("h.html"))
            .unwrap()
            .contains("<blockquote")
    );
    h.run();
    assert!(!h.state().notice.as_ref().unwrap().is_error);
    std::fs::remove_dir_all(&dir).unwrap();
}
