//! Exercises in the window: File › Make exercise…, the "?" a student drags on the compass to
//! judge a keyframe, "not yet judged" on the timeline and in the evidence panel, and the
//! student's name asked on the first save.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::{drag, russia, temp_dir};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_map::app::StanceApp;
use stance_map::model::exercise::{keyframe_to_judge, make_exercise};
use stance_map::model::{Keyframe, StanceMap};
use stance_map::ui::compass::CompassGeometry;
use stance_map::ui::session::Session;

/// The article's map made an exercise.
fn exercise() -> StanceMap {
    make_exercise(&stance_map::article::article_map().unwrap())
}

/// The app on `map` at `year_f64`, after its first frame.
fn harness_on(map: StanceMap, year_f64: f64) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::from_map(map);
    app.session.date_year_f64 = year_f64;
    let mut h = crate::common::harness(app);
    h.run();
    h
}

/// Russia's keyframe the date `year_f64` rests on while it is still to judge.
fn russia_to_judge(map: &StanceMap, year_f64: f64) -> (usize, Keyframe) {
    let track = &map.power(&russia()).unwrap().track;
    let i = keyframe_to_judge(track, year_f64).expect("a keyframe still to judge");
    (i, track[i].clone())
}

#[test]
fn make_exercise_from_the_menu_writes_an_exercise_and_leaves_the_open_map() {
    let mut h = crate::common::article_harness();
    let original = h.state().map.clone();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Make exercise…").click();
    h.run();
    h.get_by_label("Save an exercise for students as");
    assert_eq!(
        h.get_by_label("File name:").value().as_deref(),
        Some("serbia-exercise.ron")
    );
    let dir = temp_dir("exercise_menu");
    let target = dir.join("seminar.ron");
    h.get_by_label("File name:")
        .type_text(&target.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    crate::common::wait_for_jobs(&mut h);
    h.run();

    let written = stance_map::storage::load_path(&target).unwrap();
    assert!(written.exercise && written.analyst.is_empty());
    assert!(
        written
            .powers
            .iter()
            .flat_map(|p| &p.track)
            .all(|k| k.unjudged && k.reasoning.is_empty())
    );
    let quotes = |m: &StanceMap| {
        m.powers
            .iter()
            .flat_map(|p| p.track.iter().map(|k| k.evidence.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(quotes(&written), quotes(&original), "the evidence stays");
    assert_eq!(written.events, original.events);
    assert_eq!(h.state().map, original, "the open map is untouched");
    assert!(!h.state().is_dirty());
    h.get_by_label_contains("Give this file to students: they drag each arrow to judge it");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dragging_the_question_mark_judges_the_keyframe_in_one_undo_step() {
    let year = 2014.5;
    let mut h = harness_on(exercise(), year);
    let before = h.state().map.clone();
    let (i, keyframe) = russia_to_judge(&before, year);
    assert_eq!(
        crate::common::query_tip(&h, "Russia").and_then(|t| t.accesskit_node().label()),
        Some("Russia, not yet judged".to_owned()),
        "no arrow, a ? named as it is"
    );
    let handle = h.get_by_label("Russia, not yet judged").rect().center();
    let g = h.state().compass().geometry().unwrap();
    let bearing = before.power(&russia()).unwrap().bearing_deg;
    let dir = CompassGeometry::direction(bearing);
    // The ? sits just inside the rim at Russia's bearing.
    let from_centre = handle - g.center;
    assert!(from_centre.normalized().dot(dir) > 0.999, "{from_centre:?}");
    assert!((g.radius - 20.0..g.radius).contains(&from_centre.length()));
    let undo_len = h.state().history.undo_len();
    drag(&mut h, handle, g.center + dir * (g.radius * 0.5));

    let judged = h.state().map.power(&russia()).unwrap().track[i].clone();
    assert_eq!(judged.date, keyframe.date, "the keyframe the date rests on");
    assert!(!judged.unjudged);
    assert!((judged.strength - 0.5).abs() < 0.011, "{}", judged.strength);
    assert_eq!(judged.evidence, keyframe.evidence);
    assert_eq!(h.state().history.undo_len(), undo_len + 1, "one undo step");
    h.run();
    assert!(h.query_by_label("Russia, not yet judged").is_none());
    crate::common::tip(&h, "Russia");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, before, "undo makes it unjudged again");
    h.run();
    h.get_by_label("Russia, not yet judged");
}

#[test]
fn arrow_keys_on_the_question_mark_judge_it_from_neutral() {
    let year = 2014.5;
    let mut h = harness_on(exercise(), year);
    let (i, _) = russia_to_judge(&h.state().map, year);
    let mut reached = false;
    for _ in 0..400 {
        if h.get_by_label("Russia, not yet judged").is_focused() {
            reached = true;
            break;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    assert!(reached, "Tab reaches the ?");
    h.key_press(egui::Key::ArrowUp);
    h.run();
    let k = &h.state().map.power(&russia()).unwrap().track[i];
    assert!(!k.unjudged);
    assert!((k.strength - 0.05).abs() < 1e-9, "{}", k.strength);
}

#[test]
fn the_timeline_evidence_and_powers_panels_say_not_yet_judged() {
    let year = 2014.5;
    let mut h = harness_on(exercise(), year);
    let (_, keyframe) = russia_to_judge(&h.state().map, year);
    // The timeline's keyframe widgets.
    h.get_by_label(&format!("Russia, {}, not yet judged", keyframe.date));
    // The powers panel: no zero, and how much is left.
    h.get_by_label("Russia strength not yet judged");
    let n = h
        .state()
        .map
        .powers
        .iter()
        .map(|p| p.track.len())
        .sum::<usize>();
    let status = format!("Exercise: {n} of {n} keyframes still to judge");
    h.get_by_label(&status);
    assert!(h.state().window_title().contains(&status));
    // The evidence panel of the selected power.
    h.state_mut().session.selected_power = Some(russia());
    h.run();
    h.run();
    h.get_by_label(
        "Not yet judged — read the evidence below, then drag Russia's arrow on the compass or \
         type a strength",
    );
    assert!(h.query_by_label_contains("+0.00").is_none(), "never a zero");

    // One judged: one fewer left.
    let edit = stance_map::model::edit::Edit::SetStrength {
        power: russia(),
        date: keyframe.date,
        strength: 0.3,
    };
    h.state_mut().apply_edit(edit);
    h.run();
    h.get_by_label(&format!(
        "Exercise: {} of {n} keyframes still to judge",
        n - 1
    ));
}

#[test]
fn the_first_save_asks_the_students_name_and_writes_it() {
    let dir = temp_dir("exercise_name");
    let path = dir.join("reading.ron");
    stance_map::storage::save_path(&exercise(), &path).unwrap();
    let mut h = crate::common::harness(StanceApp::with_session(Session::default(), Some(&path)));
    h.run();
    crate::common::wait_for_jobs(&mut h);
    assert!(h.state().map.exercise);
    // A judgement to save.
    h.state_mut().session.date_year_f64 = 2014.5;
    h.run();
    let handle = h.get_by_label("Russia, not yet judged").rect().center();
    let g = h.state().compass().geometry().unwrap();
    drag(&mut h, handle, g.center);
    assert!(h.state().is_dirty());
    let on_disk = std::fs::read(&path).unwrap();

    let question =
        "Your name (saved as the map's analyst, so your lecturer can tell the readings apart)";
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.run();
    h.get_by_role_and_label(Role::TextInput, question);
    assert!(
        h.get_by_role_and_label(Role::Button, "Save")
            .accesskit_node()
            .is_disabled(),
        "Save waits for a name"
    );
    h.get_by_role_and_label(Role::TextInput, question)
        .type_text("Ana");
    h.run();
    // Cancel saves nothing and forgets nothing.
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label(question).is_none());
    assert_eq!(std::fs::read(&path).unwrap(), on_disk);
    assert!(h.state().is_dirty(), "the judgement is still there");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, question);
    assert_eq!(
        field.value().as_deref(),
        Some("Ana"),
        "the name typed is kept"
    );
    field.click();
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_role_and_label(Role::TextInput, question)
        .type_text(" Petrović");
    h.run();
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    h.run();
    // Not over the exercise every student was handed: Save as, beside it, named after her.
    h.get_by_label("Save the map as");
    h.get_by_label(&dir.display().to_string());
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "File name:")
            .value()
            .as_deref(),
        Some("reading-ana-petrovic.ron")
    );
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    h.run();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        on_disk,
        "the exercise is as handed out"
    );
    let saved = stance_map::storage::load_path(&dir.join("reading-ana-petrovic.ron")).unwrap();
    assert_eq!(saved.analyst, "Ana Petrović");
    assert_eq!(saved, h.state().map);
    assert!(!h.state().is_dirty());

    // Named now: the next save asks nothing and writes to her own file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h.query_by_label(question).is_none());
    assert!(h.query_by_label("Save the map as").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Enter in the name field goes on like Save once a name is typed; cancelling the Save as
/// that follows leaves the map unnamed (the exercise is never written over) with the name
/// offered again.
#[test]
fn enter_in_the_students_name_goes_on_to_save_as() {
    let dir = temp_dir("exercise_enter");
    let path = dir.join("exercise.ron");
    stance_map::storage::save_path(&exercise(), &path).unwrap();
    let mut h = crate::common::harness(StanceApp::with_session(Session::default(), Some(&path)));
    h.run();
    crate::common::wait_for_jobs(&mut h);
    let question =
        "Your name (saved as the map's analyst, so your lecturer can tell the readings apart)";
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.run();
    // Enter on a blank name does nothing.
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    h.get_by_role_and_label(Role::TextInput, question)
        .type_text("Bo Li");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert!(h.query_by_label(question).is_none());
    h.get_by_label("Save the map as");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "File name:")
            .value()
            .as_deref(),
        Some("exercise-bo-li.ron")
    );
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    h.run();
    assert!(h.state().map.analyst.is_empty());
    // Ctrl+S again asks the name again (never writes over the exercise), the name kept.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, question)
            .value()
            .as_deref(),
        Some("Bo Li")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The evidence panel of a keyframe at `year_f64` of the power `power`, on `map`.
fn evidence_panel_on(
    map: StanceMap,
    power: &stance_map::model::PowerId,
    year_f64: f64,
) -> Harness<'static, StanceApp> {
    let mut h = harness_on(map, year_f64);
    h.state_mut().session.selected_power = Some(power.clone());
    h.run();
    h.run();
    h
}

/// A keyframe still to judge gives the lecturer's judgement away neither by a "Contested"
/// notice nor by its quotes' roles: one "Evidence" list, as the judged map's is not.
#[test]
fn a_keyframe_to_judge_lists_its_quotes_without_their_roles() {
    let article = stance_map::article::article_map().unwrap();
    let (power, date) = article
        .powers
        .iter()
        .find_map(|p| {
            p.track
                .iter()
                .find(|k| k.is_contested())
                .map(|k| (p.id.clone(), k.date))
        })
        .expect("a contested keyframe in the article's map");
    let year = date.to_year_f64();
    let judged = evidence_panel_on(article.clone(), &power, year);
    judged.get_by_label_contains("Contested:");
    assert!(
        judged
            .query_all_by_label_contains(", contested")
            .next()
            .is_some()
    );
    judged.get_by_label("Counter-evidence");

    let h = evidence_panel_on(make_exercise(&article), &power, year);
    h.get_by_label_contains("Not yet judged");
    assert!(h.query_by_label_contains("Contested").is_none());
    // Only the timeline's legend names the mark; no arrow or keyframe is said to be contested.
    for node in h.query_all_by_label_contains("contested") {
        let node = node.accesskit_node();
        assert_eq!(node.label().or(node.value()).as_deref(), Some("contested"));
    }
    for role in stance_map::model::Role::ALL {
        assert!(h.query_by_label(role.heading()).is_none(), "{role:?}");
        assert!(h.query_by_label(role.label()).is_none(), "{role:?}");
    }
    h.get_by_label("Evidence");
}

#[test]
fn the_net_tilt_leaves_out_the_powers_not_yet_judged_and_says_so() {
    let year = 2014.5;
    let mut h = harness_on(exercise(), year);
    assert!(
        h.query_by_label_contains("Net tilt").is_none(),
        "nothing judged, no net tilt"
    );
    let (_, keyframe) = russia_to_judge(&h.state().map, year);
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetStrength {
            power: russia(),
            date: keyframe.date,
            strength: 0.6,
        });
    h.state_mut().session.date_year_f64 = keyframe.date.to_year_f64();
    h.run();
    h.run();
    let others = h.state().map.powers.len() - 1;
    let name = h
        .get_by_label_contains("Net tilt")
        .accesskit_node()
        .label()
        .unwrap();
    // Russia alone: the mean of one vector, not diluted by zeros for the others.
    assert!(name.starts_with("Net tilt, length 0.60"), "{name}");
    assert!(
        name.ends_with(&format!(", leaving out {others} powers not yet judged")),
        "{name}"
    );
}

#[test]
fn make_exercise_will_not_write_over_the_open_map() {
    let dir = temp_dir("exercise_over_open");
    let path = dir.join("mine.ron");
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut h = crate::common::harness(StanceApp::with_session(Session::default(), Some(&path)));
    h.run();
    crate::common::wait_for_jobs(&mut h);
    h.state_mut()
        .export_to(stance_map::app::SaveTarget::Exercise, &path);
    h.run();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "your judgements stay"
    );
    assert!(h.state().notice.as_ref().unwrap().is_error);
    h.get_by_label_contains("is the map you have open");
    // Beside it is fine.
    let beside = dir.join("mine-exercise.ron");
    h.state_mut()
        .export_to(stance_map::app::SaveTarget::Exercise, &beside);
    assert!(stance_map::storage::load_path(&beside).unwrap().exercise);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Compared with an exercise still to judge, an arrow's tooltip gives no "other map" value
/// (and the compass no ghost): its zero is no reading.
#[test]
fn compared_with_an_exercise_the_other_value_is_not_a_zero() {
    let dir = temp_dir("exercise_compare");
    for (other, shown) in [
        (stance_map::article::article_map().unwrap(), true),
        (exercise(), false),
    ] {
        let path = dir.join(format!("other-{shown}.ron"));
        stance_map::storage::save_path(&other, &path).unwrap();
        let mut h = crate::common::article_harness();
        assert!(h.state_mut().compare_with_path(&path));
        h.state_mut().session.date_year_f64 = 2014.0;
        h.run();
        crate::common::tip(&h, "Russia").hover();
        h.run();
        assert_eq!(
            h.query_by_label_contains("in the other map (the small ring)")
                .is_some(),
            shown
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
