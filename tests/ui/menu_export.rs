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
