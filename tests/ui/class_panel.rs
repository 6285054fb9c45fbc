//! Reading a class: View › Class panel (agreement figures, where the class disagrees most, the
//! readings furthest from the reference, and their clicks), the evidence panel's list of every
//! reading's value at a keyframe, and File › Export › Class summary as CSV…, on a small class
//! built here whose figures are worked out by hand below.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::sync::Arc;

use crate::common::{harness, temp_dir, wait_for_jobs};
use egui_kittest::{
    Harness,
    kittest::{NodeT as _, Queryable as _},
};
use stance_map::app::StanceApp;
use stance_map::app::session::KeyframeRef;
use stance_map::model::class::{Class, Reading};
use stance_map::model::{Confidence, Date, Interpolation, Keyframe, Power, PowerId, StanceMap};
use stance_map::ui::class_panel::{HEADING, NO_CLASS};
use stance_map::ui::evidence::{
    HIGHEST, LOWEST, READER_JUDGEMENT, class_elsewhere_notice, class_heading,
};

fn eu() -> PowerId {
    PowerId("eu".into())
}

fn ru() -> PowerId {
    PowerId("ru".into())
}

fn keyframe(year: i32, strength: f64, reasoning: &str) -> Keyframe {
    Keyframe {
        unjudged: false,
        date: Date::year(year),
        strength,
        confidence: Confidence::Medium,
        interpolation: Interpolation::Linear,
        reasoning: reasoning.into(),
        evidence: Vec::new(),
    }
}

/// A map of Serbia with the EU and Russia judged at 2010 and 2011, by `who`.
fn map(who: &str, [eu_2010, eu_2011, ru_2010, ru_2011]: [f64; 4]) -> StanceMap {
    let mut map = StanceMap::empty();
    map.title = "Serbia between the powers".into();
    map.subject = "Serbia".into();
    map.analyst = who.into();
    let reason = |year| format!("{who}'s reasons for {year}");
    map.powers.push(Power {
        id: eu(),
        name: "EU".into(),
        color: "#1f4e9c".into(),
        bearing_deg: 270.0,
        track: vec![
            keyframe(2010, eu_2010, &reason(2010)),
            keyframe(2011, eu_2011, &reason(2011)),
        ],
    });
    map.powers.push(Power {
        id: ru(),
        name: "Russia".into(),
        color: "#d55e00".into(),
        bearing_deg: 90.0,
        track: vec![
            keyframe(2010, ru_2010, &reason(2010)),
            keyframe(2011, ru_2011, &reason(2011)),
        ],
    });
    map
}

/// The lecturer's own reading, the reference.
fn reference() -> StanceMap {
    map("Lecturer", [0.2, 0.8, 0.3, 0.5])
}

/// Three readings:
///
/// | keyframe    | Ana | Ben | Cleo |
/// |-------------|-----|-----|------|
/// | EU 2010     | 0.0 | 0.2 | 0.4  |
/// | EU 2011     | 0.6 | 0.8 | 1.0  |
/// | Russia 2010 | 0.0 | 0.3 | 0.6  |
/// | Russia 2011 | 0.6 | 0.3 | 0.0  |
fn readings() -> Vec<Reading> {
    [
        ("Ana", [0.0, 0.6, 0.0, 0.6]),
        ("Ben", [0.2, 0.8, 0.3, 0.3]),
        ("Cleo", [0.4, 1.0, 0.6, 0.0]),
    ]
    .into_iter()
    .map(|(who, values)| Reading {
        label: who.into(),
        file: format!("{}.ron", who.to_lowercase()),
        map: map(who, values),
    })
    .collect()
}

fn class() -> Class {
    Class::new(reference(), true, readings())
}

/// The whole app on the reference map with the class open, the panel opened from the View
/// menu.
fn app_with_panel() -> Harness<'static, StanceApp> {
    let mut h = harness(StanceApp::from_map(reference()));
    h.state_mut().session.class = Some(Arc::new(class()));
    h.run();
    assert!(
        h.query_by_label(HEADING).is_none(),
        "the panel starts closed"
    );
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Class panel").click();
    h.run();
    assert!(h.state().session.panels.class);
    h.get_by_label(HEADING);
    h
}

#[test]
fn the_panel_shows_the_agreement_figures_worked_out_by_hand() {
    let h = app_with_panel();
    // Krippendorff's alpha for interval data, α = 1 − (n − 1)·W / B, where W sums over the
    // keyframes Σ_{i≠j}(v_i − v_j)² / (m − 1) and B is Σ_{i≠j}(v_i − v_j)² over all n values.
    //
    // EU: 2010 {0, 0.2, 0.4} gives 2·(0.04 + 0.16 + 0.04) / 2 = 0.24, 2011 likewise 0.24:
    // W = 0.48. All six values 0, 0.2, …, 1.0: Σv = 3, Σv² = 2.2, B = 2·(6·2.2 − 3²) = 8.4.
    // α = 1 − 5·0.48 / 8.4 = 1 − 2/7 = 0.714, "tentative agreement" (0.667 to 0.800).
    h.get_by_label("EU: α 0.714, tentative agreement, n 6");
    // Russia: 2010 {0, 0.3, 0.6} gives 2·(0.09 + 0.36 + 0.09) / 2 = 0.54, 2011 the same:
    // W = 1.08. Σv = 1.8, Σv² = 0.9, B = 2·(6·0.9 − 1.8²) = 4.32.
    // α = 1 − 5·1.08 / 4.32 = 1 − 1.25 = −0.250: they disagree more than chance would.
    h.get_by_label("Russia: α −0.250, systematic disagreement, n 6");
    // All powers pooled: W = 0.48 + 1.08 = 1.56; n = 12, Σv = 4.8, Σv² = 3.1,
    // B = 2·(12·3.1 − 4.8²) = 28.32; α = 1 − 11·1.56 / 28.32 = 0.394.
    h.get_by_label("All powers pooled: α 0.394, low agreement, n 12");
    assert!(h.query_by_label_contains("Overall").is_none());
}

/// The pooled figure comes after the powers' own and says on hover why it runs higher.
#[test]
fn the_pooled_figure_comes_last_and_says_why_it_runs_higher() {
    let h = app_with_panel();
    // A label's text is its accessible value.
    let rows: Vec<String> = h
        .query_all_by_label_contains(", n ")
        .map(|n| {
            let node = n.accesskit_node();
            node.label()
                .filter(|l| !l.is_empty())
                .or_else(|| node.value())
                .unwrap_or_default()
        })
        .collect();
    let at = |prefix: &str| rows.iter().position(|r| r.starts_with(prefix));
    let pooled = at("All powers pooled:").expect("the pooled row");
    assert!(at("EU:").expect("EU's row") < pooled, "{rows:?}");
    assert!(at("Russia:").expect("Russia's row") < pooled, "{rows:?}");
    let mut h = h;
    h.get_by_label("All powers pooled: α 0.394, low agreement, n 12")
        .hover();
    h.run();
    h.get_by_label_contains("differences between powers count as agreement here");
}

/// The presenter's line gives each power's own figure (EU 0.714, Russia −0.250, worked out
/// by hand above), not the pooled 0.394.
#[test]
fn the_presenters_class_line_gives_each_powers_agreement() {
    let class = Class::new(reference(), true, readings());
    assert_eq!(
        stance_map::ui::presenter::class_line(&class),
        "Class of 3 · agreement (α) by power: EU 0.71, Russia −0.25 — 0.800 reliable, 0.667 \
         tentative"
    );
}

#[test]
fn the_n_beside_alpha_counts_only_values_another_reader_also_gave() {
    // Ben and Cleo have not judged Russia 2011 yet: Ana's 0.6 there has no value to be
    // compared with, so alpha leaves it out and so must its n.
    let mut readings = readings();
    for reading in &mut readings[1..] {
        reading.map.powers[1].track[1].unjudged = true;
    }
    let mut h = harness(StanceApp::from_map(reference()));
    h.state_mut().session.class = Some(Arc::new(Class::new(reference(), true, readings)));
    h.state_mut().session.panels.class = true;
    h.run();
    // Russia: the one unit 2010 {0, 0.3, 0.6}: W = 0.54, Σv = 0.9, Σv² = 0.45,
    // B = 2·(3·0.45 − 0.81) = 1.08; α = 1 − 2·0.54 / 1.08 = 0, on n = 3 values (not 4).
    h.get_by_label("Russia: α 0.000, low agreement, n 3");
    h.get_by_label("EU: α 0.714, tentative agreement, n 6");
    // All powers pooled: W = 0.48 + 0.54 = 1.02; n = 9, Σv = 3.9, Σv² = 2.65,
    // B = 2·(9·2.65 − 3.9²) = 17.28; α = 1 − 8·1.02 / 17.28 = 0.528.
    h.get_by_label("All powers pooled: α 0.528, low agreement, n 9");
}

#[test]
fn without_a_class_the_panel_says_how_to_open_one() {
    let mut h = harness(StanceApp::from_map(reference()));
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Class panel").click();
    h.run();
    h.get_by_label(NO_CLASS);
    assert!(h.query_by_label_contains("α").is_none());
    // Its close button closes it.
    h.get_by_label("Close class panel").click();
    h.run();
    assert!(!h.state().session.panels.class);
    assert!(h.query_by_label(NO_CLASS).is_none());
}

#[test]
fn a_click_on_a_disagreement_row_selects_that_keyframe() {
    let mut h = app_with_panel();
    // Ranked by interquartile range: Russia's two keyframes (0.15 to 0.45, 0.30 wide) before
    // the EU's (0.10 to 0.30, 0.20 wide); ties in the map's order.
    let rows: Vec<String> = h
        .query_all_by_label_contains(": median ")
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(
        rows[..2],
        [
            "Russia, 2010: median +0.30, quartiles +0.15 to +0.45, n 3",
            "Russia, 2011: median +0.30, quartiles +0.15 to +0.45, n 3",
        ]
    );
    // The EU's two are as wide as each other: in either order after them.
    let mut rest = rows[2..].to_vec();
    rest.sort();
    assert_eq!(
        rest,
        [
            "EU, 2010: median +0.20, quartiles +0.10 to +0.30, n 3",
            "EU, 2011: median +0.80, quartiles +0.70 to +0.90, n 3",
        ]
    );
    h.get_by_label("Russia, 2011: median +0.30, quartiles +0.15 to +0.45, n 3")
        .click();
    h.run();
    let session = &h.state().session;
    assert_eq!(session.date_year_f64, 2011.0);
    assert_eq!(session.selected_power, Some(ru()));
    assert_eq!(
        session.selected_keyframe,
        Some(KeyframeRef {
            power: ru(),
            year_f64: 2011.0
        })
    );
}

#[test]
fn a_click_on_a_reading_compares_the_open_map_with_it() {
    let mut h = app_with_panel();
    // Mean distance from the reference (0.2, 0.8, 0.3, 0.5): Cleo (0.2 + 0.2 + 0.3 + 0.5) / 4
    // = 0.30, Ana (0.2 + 0.2 + 0.3 + 0.1) / 4 = 0.20, Ben (0 + 0 + 0 + 0.2) / 4 = 0.05, each
    // over the 4 keyframes.
    let rows: Vec<String> = h
        .query_all_by_label_contains("from the reference on average")
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(
        rows,
        [
            "Cleo (cleo.ron): 0.30 from the reference on average over 4 keyframes",
            "Ana (ana.ron): 0.20 from the reference on average over 4 keyframes",
            "Ben (ben.ron): 0.05 from the reference on average over 4 keyframes",
        ]
    );
    assert!(h.state().session.comparison.is_none());
    h.get_by_label("Ana (ana.ron): 0.20 from the reference on average over 4 keyframes")
        .click();
    h.run();
    let compared = h.state().session.comparison.clone().unwrap();
    assert_eq!(*compared, readings()[0].map);
    // The two-map compare is on: its Differences panel lists where Ana's reading differs.
    h.get_by_label("Stop comparing");
}

#[test]
fn the_evidence_panel_lists_every_reading_in_order_with_the_two_furthest_apart_marked() {
    let mut h = app_with_panel();
    // No keyframe selected: no list.
    assert!(h.query_by_label_contains("The class at").is_none());
    h.get_by_label("Russia, 2011: median +0.30, quartiles +0.15 to +0.45, n 3")
        .click();
    h.run();
    // Above the keyframe's own card, so it is read without scrolling.
    let heading_y = h.get_by_label(&class_heading("2011", 3)).rect().top();
    let card_y = h
        .query_all_by_label("Analyst's judgement")
        .map(|n| n.rect().top())
        .fold(f32::INFINITY, f32::min);
    assert!(heading_y < card_y, "{heading_y} above {card_y}");
    h.get_by_label("Median +0.30, quartiles +0.15 to +0.45");
    // Russia 2011: Cleo 0.0, Ben 0.3, Ana 0.6, from the top down.
    let row = |h: &Harness<'_, StanceApp>, who: &str| {
        let text = format!("  {who}  confidence: medium");
        let node = h.get_by_label_contains(&text);
        (
            node.accesskit_node().value().unwrap_or_default(),
            node.rect().top(),
        )
    };
    let (cleo, cleo_y) = row(&h, "Cleo");
    let (ben, ben_y) = row(&h, "Ben");
    let (ana, ana_y) = row(&h, "Ana");
    assert!(cleo_y < ben_y && ben_y < ana_y, "sorted by value");
    assert!(cleo.starts_with("+0.00"), "{cleo:?}");
    assert!(cleo.ends_with(LOWEST), "{cleo}");
    assert!(ana.starts_with("+0.60") && ana.ends_with(HIGHEST), "{ana}");
    assert!(!ben.contains(LOWEST) && !ben.contains(HIGHEST), "{ben}");
    // Each reasoning, labelled as its reader's judgement.
    for who in ["Ana", "Ben", "Cleo"] {
        h.get_by_label(&format!("{READER_JUDGEMENT}: {who}'s reasons for 2011"));
    }
    // At the keyframe's own date, nothing says the figures are another date's.
    assert!(
        h.query_by_label_contains("For the selected keyframe")
            .is_none()
    );
    // The date moved on with the keyframe still selected: its figures, said to be its date's.
    let later = 2013.5;
    h.state_mut().session.date_year_f64 = later;
    h.run();
    h.run();
    h.get_by_label(&class_heading("2011", 3));
    h.get_by_label(&class_elsewhere_notice(
        "2011",
        &stance_map::model::format_year_f64(later),
    ));
    // Without a class, the section goes.
    h.state_mut().session.class = None;
    h.run();
    assert!(h.query_by_label(&class_heading("2011", 3)).is_none());
}

#[test]
fn the_class_summary_is_exported_through_the_menu_only_with_a_class_open() {
    let mut h = harness(StanceApp::from_map(reference()));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    assert!(
        h.get_by_label("Class summary as CSV…")
            .accesskit_node()
            .is_disabled()
    );
    h.key_press(egui::Key::Escape);
    h.run();

    let class = class();
    let expected = format!("\u{feff}{}", stance_map::export::class_csv(&class));
    h.state_mut().session.class = Some(Arc::new(class));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    h.get_by_label("Class summary as CSV…").click();
    h.run();
    h.get_by_label("Export the class summary as CSV");
    assert_eq!(
        h.get_by_label("File name:").value().as_deref(),
        Some("map-class.csv")
    );
    let dir = temp_dir("class_csv");
    let target = dir.join("class.csv");
    h.get_by_label("File name:")
        .type_text(&target.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    wait_for_jobs(&mut h);
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written, expected);
    assert!(written.contains("0.714"), "the EU's alpha is in it");
    h.get_by_label_contains("Wrote the class summary table");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_reference_the_panel_says_no_reading_is_measured_against_one() {
    let mut h = harness(StanceApp::from_map(reference()));
    h.state_mut().session.class = Some(Arc::new(Class::new(reference(), false, readings())));
    h.state_mut().session.panels.class = true;
    h.run();
    h.get_by_label(stance_map::ui::class_panel::NO_REFERENCE);
    assert!(
        h.query_by_label_contains("from the reference on average")
            .is_none()
    );
    // The agreement does not depend on a reference: the same figures.
    h.get_by_label("All powers pooled: α 0.394, low agreement, n 12");
}

/// The panel opened before any class was (one line high, a height egui keeps across runs)
/// grows to its usual room once a class is open, rather than showing two rows of it.
#[test]
fn the_panel_opened_empty_has_room_for_a_class() {
    let heading_top = |h: &Harness<'_, StanceApp>| h.get_by_label(HEADING).rect().top();
    let fresh = app_with_panel();
    let usual = heading_top(&fresh);

    let mut h = harness(StanceApp::from_map(reference()));
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Class panel").click();
    h.run();
    h.run();
    let empty = heading_top(&h);
    assert!(empty > usual + 20.0, "empty {empty}, usual {usual}");
    h.state_mut().session.class = Some(Arc::new(class()));
    h.run();
    h.run();
    let grown = heading_top(&h);
    assert!((grown - usual).abs() < 1.0, "grown {grown}, usual {usual}");
}
