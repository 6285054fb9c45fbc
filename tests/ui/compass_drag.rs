//! Editing on the compass through the whole app: dragging a tip sets a strength, dragging a
//! name sets a bearing, and each drag is one undo step of the app's real history.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::drag;
use crate::common::russia;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_map::app::StanceApp;
use stance_map::model::{Date, PowerId};
use stance_map::ui::compass::CompassGeometry;

fn harness_at(year_f64: f64) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.session.date_year_f64 = year_f64;
    let mut h =
        crate::common::app_harness(Harness::builder().with_size(egui::vec2(1280.0, 800.0)), app);
    h.run();
    h
}

/// The compass as the app last drew it, from its canvas widget ("Serbia compass").
fn geometry(h: &Harness<'_, StanceApp>) -> CompassGeometry {
    // As drawn: the compass gives up a strip of its panel to the legend where it must.
    h.state()
        .compass()
        .geometry()
        .expect("the compass was drawn")
}

/// Drag a power's tip (found by its accessible label) to the point that stands for
/// `strength` on its axis.
fn drag_tip_to(h: &mut Harness<'_, StanceApp>, name: &str, power: &PowerId, strength: f32) {
    let g = geometry(h);
    let bearing = h
        .state()
        .map
        .power(power)
        .expect("the power is in the map")
        .bearing_deg;
    let from = crate::common::tip(h, name).rect().center();
    let to = g.center + CompassGeometry::direction(bearing) * (g.radius * strength);
    drag(h, from, to);
}

/// The keyframe of Russia exactly at `date`, if any.
fn russia_keyframe(h: &Harness<'_, StanceApp>, date: Date) -> Option<stance_map::model::Keyframe> {
    h.state()
        .map
        .power(&russia())
        .and_then(|p| p.track.iter().find(|k| k.date == date).cloned())
}

#[test]
fn dragging_a_tip_to_the_centre_creates_a_keyframe_without_evidence() {
    let mut h = harness_at(2016.5);
    let july = Date::month(2016, 7);
    assert!(russia_keyframe(&h, july).is_none(), "no keyframe there yet");
    let before = h
        .state()
        .map
        .power(&russia())
        .and_then(|p| p.strength_at(2016.5))
        .expect("Russia has a value");
    assert!(before > 0.2, "{before}");

    let g = geometry(&h);
    let from = crate::common::tip(&h, "Russia").rect().center();
    drag(&mut h, from, g.center);

    let keyframe = russia_keyframe(&h, july).expect("the drag made a keyframe in July 2016");
    assert!(keyframe.strength.abs() < 0.05, "{}", keyframe.strength);
    assert!(
        keyframe.evidence.is_empty(),
        "a new keyframe has no evidence"
    );
    assert_eq!(
        h.state()
            .map
            .power(&russia())
            .and_then(|p| p.strength_at(2016.5)),
        Some(keyframe.strength)
    );
    assert_eq!(h.state().session.selected_power, Some(russia()));
    // Its tooltip says the value stands without evidence (the tip is ringed in the warning
    // colour too, which only a look can check).
    crate::common::tip(&h, "Russia").hover();
    h.run();
    assert!(
        h.query_all_by_label_contains("a claim without support")
            .next()
            .is_some()
    );
    // A screen reader hears the warning the "!" mark gives, in the tip's name.
    let name = crate::common::tip(&h, "Russia")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(name.ends_with(", no evidence"), "{name}");
}

#[test]
fn a_drag_to_a_point_sets_the_value_that_point_stands_for() {
    let mut h = harness_at(2016.5);
    drag_tip_to(&mut h, "Russia", &russia(), 0.3);
    let keyframe = russia_keyframe(&h, Date::month(2016, 7)).expect("a keyframe in July 2016");
    assert!(
        (keyframe.strength - 0.3).abs() < 0.011,
        "{}",
        keyframe.strength
    );
}

#[test]
fn a_drag_is_one_undo_step() {
    let mut h = harness_at(2016.5);
    let original = h.state().map.clone();
    let undo_len = h.state().history.undo_len();

    // Through several points: many edits, one step.
    let g = geometry(&h);
    let bearing = original.power(&russia()).expect("Russia").bearing_deg;
    let dir = CompassGeometry::direction(bearing);
    let from = crate::common::tip(&h, "Russia").rect().center();
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for fraction in [0.6, 0.4, -0.2, 0.1] {
        h.hover_at(g.center + dir * (g.radius * fraction));
        h.run();
    }
    h.drop_at(g.center + dir * (g.radius * 0.1));
    h.run();

    let edited = h.state().map.clone();
    assert_ne!(edited, original);
    assert_eq!(h.state().history.undo_len(), undo_len + 1);
    let value = russia_keyframe(&h, Date::month(2016, 7)).map(|k| k.strength);
    assert!(value.is_some_and(|v| (v - 0.1).abs() < 0.011), "{value:?}");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original, "undo restores the map as it was");
    assert_eq!(h.state().history.undo_len(), undo_len);

    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(h.state().map, edited, "redo makes the drag's edit again");
}

#[test]
fn shift_snaps_to_steps_of_five_hundredths() {
    let mut h = harness_at(2016.5);
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    h.run();
    drag_tip_to(&mut h, "Russia", &russia(), 0.33);
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run();
    let value = russia_keyframe(&h, Date::month(2016, 7))
        .expect("a keyframe in July 2016")
        .strength;
    let twentieths = value * 20.0;
    assert!(
        (twentieths - twentieths.round()).abs() < 1e-9,
        "{value} is a multiple of 0.05"
    );
    assert!(
        (value - 0.35).abs() < 1e-9,
        "0.33 snaps to 0.35, not {value}"
    );
}

#[test]
fn dragging_an_existing_keyframe_keeps_its_evidence() {
    // Russia's 2009 keyframe is dated by year alone: the drag must edit it, not add
    // "January 2009" beside it.
    let mut h = harness_at(2009.0);
    let before = russia_keyframe(&h, Date::year(2009)).expect("Russia has a 2009 keyframe");
    assert!(!before.evidence.is_empty(), "it has evidence");
    let keyframes = h.state().map.power(&russia()).map(|p| p.track.len());

    drag_tip_to(&mut h, "Russia", &russia(), -0.5);

    let after = russia_keyframe(&h, Date::year(2009)).expect("still there");
    assert!((after.strength + 0.5).abs() < 0.011, "{}", after.strength);
    assert_eq!(after.evidence, before.evidence);
    assert_eq!(after.reasoning, before.reasoning);
    assert_eq!(
        h.state().map.power(&russia()).map(|p| p.track.len()),
        keyframes,
        "no keyframe added"
    );
    assert!(russia_keyframe(&h, Date::month(2009, 1)).is_none());
}

#[test]
fn dragging_a_name_moves_its_power_around_the_compass() {
    let mut h = harness_at(2016.5);
    let eu = PowerId("eu".into());
    let original = h.state().map.clone();
    let undo_len = h.state().history.undo_len();
    let g = geometry(&h);

    // Straight below the centre: due south, 180°.
    let from = h.get_by_label("EU bearing").rect().center();
    let to = g.center + egui::vec2(0.0, g.radius * 1.1);
    drag(&mut h, from, to);

    let bearing = h.state().map.power(&eu).expect("EU").bearing_deg;
    assert!((bearing - 180.0).abs() < 8.0, "{bearing}");
    assert_eq!(h.state().history.undo_len(), undo_len + 1);
    // The arrow went with it (along its axis, or opposite it for a negative value).
    let strength = h.state().map.power(&eu).and_then(|p| p.strength_at(2016.5));
    let tip = crate::common::tip(&h, "EU").rect().center();
    let mut drawn = g.bearing_at_pos(tip);
    if strength.is_some_and(|s| s < 0.0) {
        drawn = (drawn + 180.0).rem_euclid(360.0);
    }
    assert!(
        (drawn - bearing).abs() < 3.0,
        "drawn at {drawn}, bearing {bearing}"
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
}

#[test]
fn shift_snaps_a_bearing_to_fifteen_degrees() {
    let mut h = harness_at(2016.5);
    let g = geometry(&h);
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    h.run();
    let from = h.get_by_label("China bearing").rect().center();
    let to = g.center + CompassGeometry::direction(163.0) * (g.radius * 1.1);
    drag(&mut h, from, to);
    let bearing = h
        .state()
        .map
        .power(&PowerId("china".into()))
        .expect("China")
        .bearing_deg;
    assert_eq!(bearing.rem_euclid(15.0), 0.0, "{bearing}");
}

/// Dragging Russia 2009 from 0.8 to 1.0 leaves its reasoning saying "The peak (0.8)": the
/// keyframe's card says the value changed since the reasoning was written; undoing the drag
/// takes the notice away.
#[test]
fn a_reasoning_that_no_longer_matches_the_dragged_value_is_flagged() {
    let mut h = harness_at(2009.0);
    h.state_mut().session.select_power(Some(russia()));
    h.run();
    let notice = "The value is now +1.00; the reasoning mentions 0.8: update it?";
    assert!(h.query_by_label(notice).is_none());
    drag_tip_to(&mut h, "Russia", &russia(), 1.0);
    let after = russia_keyframe(&h, Date::year(2009)).unwrap();
    assert_eq!(after.strength, 1.0);
    assert!(after.reasoning.starts_with("The peak (0.8)"));
    h.get_by_label(notice);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.query_by_label(notice).is_none());
}

/// Russia's strength at July 2016, the month the tests' date falls in.
fn russia_in_july(h: &Harness<'_, StanceApp>) -> f64 {
    h.state()
        .map
        .power(&russia())
        .and_then(|p| p.strength_at(Date::month(2016, 7).to_year_f64()))
        .expect("Russia has a value")
}

/// Press Tab until Russia's tip has the keyboard focus (at most 400 times).
fn tab_to_russias_tip(h: &mut Harness<'_, StanceApp>) {
    for _ in 0..400 {
        if crate::common::tip(h, "Russia").is_focused() {
            return;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    panic!("Tab never reached Russia's tip");
}

/// Within the rounding of two decimals.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn tab_to_a_tip_then_arrow_keys_step_its_strength_one_undo_step_each() {
    let mut h = harness_at(2016.5);
    let undo_len = h.state().history.undo_len();
    let before = (russia_in_july(&h) * 100.0).round() / 100.0;
    tab_to_russias_tip(&mut h);

    h.key_press(egui::Key::ArrowUp);
    h.run();
    let up = russia_keyframe(&h, Date::month(2016, 7)).expect("a keyframe in July 2016");
    assert!(
        close(up.strength, before + 0.05),
        "{} {before}",
        up.strength
    );
    assert!(
        crate::common::tip(&h, "Russia").is_focused(),
        "the arrow key did not move the focus"
    );

    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowDown);
    h.run();
    let down = russia_in_july(&h);
    assert!(close(down, before + 0.04), "{down} {before}");
    assert_eq!(
        h.state().history.undo_len(),
        undo_len + 2,
        "one step per press"
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(close(russia_in_july(&h), before + 0.05));
}

#[test]
fn accesskit_increment_and_decrement_step_a_tip() {
    let mut h = harness_at(2016.5);
    let before = (russia_in_july(&h) * 100.0).round() / 100.0;
    crate::common::tip(&h, "Russia").increment_accesskit();
    h.run();
    assert!(close(russia_in_july(&h), before + 0.05), "{before}");
    crate::common::tip(&h, "Russia").decrement_accesskit();
    crate::common::tip(&h, "Russia").decrement_accesskit();
    h.run();
    assert!(close(russia_in_july(&h), before - 0.05), "{before}");
}

#[test]
fn arrow_keys_turn_a_focused_bearing_handle_by_five_degrees() {
    let mut h = harness_at(2016.5);
    let undo_len = h.state().history.undo_len();
    let bearing = |h: &Harness<'_, StanceApp>| h.state().map.power(&russia()).unwrap().bearing_deg;
    let before = bearing(&h);
    h.get_by_label("Russia bearing").focus();
    h.run();
    assert!(h.get_by_label("Russia bearing").is_focused());
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(bearing(&h), (before + 5.0).rem_euclid(360.0));
    h.key_press(egui::Key::ArrowLeft);
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(bearing(&h), (before - 5.0).rem_euclid(360.0));
    assert_eq!(h.state().history.undo_len(), undo_len + 3);
    h.get_by_label("Russia bearing").increment_accesskit();
    h.run();
    assert_eq!(bearing(&h), before);
}

#[test]
fn a_drag_to_any_pixel_saves_at_most_two_decimals() {
    let mut h = harness_at(2016.5);
    let g = geometry(&h);
    let bearing = h.state().map.power(&russia()).unwrap().bearing_deg;
    let from = crate::common::tip(&h, "Russia").rect().center();
    // A point off any round value: a third of a pixel beyond 0.37 of the radius.
    let to = g.center + CompassGeometry::direction(bearing) * (g.radius * 0.371_3 + 0.33);
    drag(&mut h, from, to);
    let keyframe = russia_keyframe(&h, Date::month(2016, 7)).expect("a keyframe in July 2016");
    let text = stance_map::storage::to_ron_string(&h.state().map);
    let line = text
        .lines()
        .find(|l| l.contains(&format!("strength: {}", keyframe.strength)))
        .expect("the dragged value is in the file");
    let digits = line.split('.').nth(1).unwrap_or("").trim_end_matches(',');
    assert!(digits.len() <= 2, "{line}");
}
