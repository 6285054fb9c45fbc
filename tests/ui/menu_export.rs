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
    crate::common::wait_for_jobs(&mut h);
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

/// Press Ctrl+Shift+C (Cmd+Shift+C on a Mac) in one frame and return the images that frame
/// put on the clipboard.
fn copy_view_with_keys(
    h: &mut egui_kittest::Harness<'static, stance_map::app::StanceApp>,
) -> Vec<egui::ColorImage> {
    let modifiers = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
    h.input_mut().events.push(egui::Event::Key {
        key: egui::Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    });
    h.step();
    let images = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyImage(image) => Some(image.clone()),
            _ => None,
        })
        .collect();
    h.run();
    images
}

/// Ctrl+Shift+C copies the compass as a slide-sized image, says so, and is in the Edit menu;
/// in presenter mode it copies the current slide, exactly as the PNG export draws it.
#[test]
fn copy_view_as_image_puts_the_compass_or_the_slide_on_the_clipboard() {
    let mut h = harness();
    let images = copy_view_with_keys(&mut h);
    assert_eq!(images.len(), 1, "one image copied");
    assert_eq!(images[0].size, [1920, 1080]);
    let background = images[0].pixels[0];
    let inked = images[0]
        .pixels
        .iter()
        .filter(|&&p| p != background)
        .count();
    assert!(
        inked > 1920 * 1080 / 100,
        "the compass is drawn: {inked} pixels"
    );
    h.get_by_label_contains("Copied the compass as an image");

    // The Edit menu offers it, with its shortcut.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Copy view as image Ctrl+Shift+C").click();
    h.step();
    let from_menu =
        h.output().platform_output.commands.iter().any(
            |c| matches!(c, egui::OutputCommand::CopyImage(image) if image.size == [1920, 1080]),
        );
    assert!(from_menu, "the menu item copies too");
    h.run();

    // Presenting: the slide of the step on screen.
    h.key_press(egui::Key::F5);
    h.run_steps(4);
    h.key_press(egui::Key::ArrowRight);
    // The transition to step 2 takes a second of frames.
    h.run_steps(120);
    assert!(h.state().session.presenting);
    let images = copy_view_with_keys(&mut h);
    assert!(
        h.state().session.presenting,
        "copying does not leave presenter mode"
    );
    assert_eq!(images.len(), 1);
    let map = stance_map::article::article_map().unwrap();
    let slide = stance_map::slides::render_step(&map, 1, [1920, 1080]).unwrap();
    let expected = egui::ColorImage::from_rgba_unmultiplied([1920, 1080], &slide.rgba);
    assert!(images[0] == expected, "the copy is step 2's slide");
}

/// File › Export offers the measured indicators as CSV only for a map that has some (a map
/// without keeps the menu it had), and the file has one row per measured value.
#[test]
fn the_indicators_csv_is_offered_for_a_map_with_indicators_and_written() {
    use stance_map::model::{
        Closer, Date, Indicator, IndicatorId, IndicatorPoint, PowerId, SourceId,
    };
    let mut h = harness();
    // The article's map ships measured series; start from a map without any.
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetIndicators(Vec::new()));
    h.run();
    let open_export_menu = |h: &mut egui_kittest::Harness<'static, stance_map::app::StanceApp>| {
        h.get_by_label("File").click();
        h.run();
        h.get_by_label("Export").hover();
        h.run();
    };
    open_export_menu(&mut h);
    h.get_by_label("Keyframes as CSV…");
    assert!(h.query_by_label("Measured indicators as CSV…").is_none());
    h.key_press(egui::Key::Escape);
    h.run();

    let point = |year: i32, value: f64| IndicatorPoint {
        date: Date::year(year),
        value,
        source: SourceId("article".into()),
        note: String::new(),
        uncertain: year == 2022,
    };
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetIndicators(vec![
            Indicator {
                id: IndicatorId("isac".into()),
                name: "ISAC alignment".into(),
                unit: "%".into(),
                power: PowerId("eu".into()),
                closer: Closer::Higher,
                low: 0.0,
                high: 100.0,
                method: String::new(),
                points: vec![point(2021, 62.0), point(2022, 48.0)],
            },
        ]));
    h.run();
    open_export_menu(&mut h);
    h.get_by_label("Measured indicators as CSV…").click();
    h.run();
    h.get_by_label("Export the measured indicators as CSV");
    assert_eq!(
        h.get_by_label("File name:").value().as_deref(),
        Some("serbia-indicators.csv")
    );
    h.key_press(egui::Key::Escape);
    h.run();

    let dir = temp_dir("indicators");
    h.state_mut()
        .export_to(SaveTarget::IndicatorsCsv, &dir.join("i.csv"));
    let text = std::fs::read_to_string(dir.join("i.csv")).unwrap();
    assert_eq!(
        text,
        format!(
            "\u{feff}{}",
            stance_map::export::indicators_csv(&h.state().map)
        )
    );
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().nth(2).unwrap().contains(",48,yes,"), "{text}");
    h.run();
    h.get_by_label_contains("Wrote the measured indicators table");
    std::fs::remove_dir_all(&dir).unwrap();
}
