//! Editing keyframes on the timeline: dragging a marker, double-clicking a line, the context
//! menu. Most tests drive the view alone over the article's map and apply the changes it asks
//! for through a real [`History`] after each frame, as the app does; the last ones drive the
//! whole app, so the edits go through the app's own history and Ctrl+Z.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::double_click;
use crate::common::drag_in_steps;
use crate::common::russia;
use egui::{Modifiers, PointerButton, Pos2, Rect};
use egui_kittest::{Harness, kittest::Queryable as _};
use stance_map::app::StanceApp;
use stance_map::app::session::Session;
use stance_map::model::edit::{History, apply};
use stance_map::model::{Date, Keyframe, PowerId, StanceMap};
use stance_map::ui::changes::{Change, Changes};
use stance_map::ui::timeline::TimelineView;

/// Russia's 2014 value in the article's map: a small dip from its 2009 peak (issue 12).
const RUSSIA_2014: f64 = 0.75;

/// The view, its map and session, and the history the changes go through.
struct Editor {
    view: TimelineView,
    map: StanceMap,
    session: Session,
    history: History,
    /// Every change the view asked for, in order, to check how drags are grouped.
    log: Vec<Change>,
    /// Edits the map refused: there should be none.
    refused: Vec<String>,
}

impl Editor {
    fn frame(&mut self, ui: &mut egui::Ui) {
        let mut changes = Changes::default();
        egui::CentralPanel::default().show(ui, |ui| {
            self.view.ui(ui, &self.map, &self.session, &mut changes);
        });
        // After the frame, as the app does: the date and selection reach the session, and
        // the rest is logged and applied.
        changes.apply_view_state(&mut self.session);
        for change in changes.0 {
            self.log.push(change.clone());
            match change {
                Change::Edit(edit) => {
                    if let Err(error) = self.history.apply(&mut self.map, edit) {
                        self.refused.push(error.to_string());
                    }
                }
                Change::BeginGroup => self.history.begin_group(),
                Change::EndGroup => self.history.end_group(),
                other => panic!("the timeline asked for {other:?}"),
            }
        }
    }
}

fn article() -> StanceMap {
    stance_map::article::article_map().unwrap()
}

fn editor_at(year_f64: f64) -> Harness<'static, Editor> {
    let editor = Editor {
        view: TimelineView::default(),
        map: article(),
        session: Session {
            date_year_f64: year_f64,
            ..Session::default()
        },
        history: History::new(),
        log: Vec::new(),
        refused: Vec::new(),
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 400.0))
        // Short steps, so two clicks in a row are a double-click.
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, e: &mut Editor| e.frame(ui), editor);
    h.run();
    h
}

fn track<'a>(map: &'a StanceMap, power: &PowerId) -> &'a [Keyframe] {
    &map.power(power).unwrap().track
}

fn keyframe_at(map: &StanceMap, power: &PowerId, date: Date) -> Option<Keyframe> {
    track(map, power).iter().find(|k| k.date == date).cloned()
}

fn pos(h: &Harness<'_, Editor>, year_f64: f64, strength: f64) -> Pos2 {
    h.state().view.screen_pos(year_f64, strength).unwrap()
}

/// A secondary click at `p`, which opens the context menu.
fn right_click<S>(h: &mut Harness<'_, S>, p: Pos2) {
    h.hover_at(p);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: p,
            button: PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
}

/// Dragging Russia's 2014 keyframe up raises its strength by the amount dragged, keeps its
/// year-only date, selects it, and is one undo step that undo takes back entirely.
#[test]
fn dragging_a_marker_up_sets_its_strength_in_one_undo_step() {
    let mut h = editor_at(2022.0);
    let original = h.state().map.clone();
    let from = pos(&h, 2014.0, RUSSIA_2014);
    let to = pos(&h, 2014.0, RUSSIA_2014 + 0.2);
    drag_in_steps(&mut h, from, to, 4);

    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    let k = keyframe_at(&e.map, &russia(), Date::year(2014)).expect("still dated 2014");
    assert!(
        (k.strength - (RUSSIA_2014 + 0.2)).abs() <= 0.03,
        "{}",
        k.strength
    );
    assert_eq!(
        track(&e.map, &russia()).len(),
        track(&original, &russia()).len()
    );
    assert_eq!(e.session.selected_power, Some(russia()));
    let selected = e.session.selected_keyframe.clone().expect("selected");
    assert_eq!((selected.power, selected.year_f64), (russia(), 2014.0));
    assert_eq!(e.session.date_year_f64, 2014.0);
    assert!(!e.view.is_dragging_keyframe());

    // One group: opened once, closed once, with edits only in between.
    let begins = e.log.iter().filter(|c| **c == Change::BeginGroup).count();
    let ends = e.log.iter().filter(|c| **c == Change::EndGroup).count();
    assert_eq!((begins, ends), (1, 1), "{:?}", e.log);
    assert_eq!(e.log.first(), Some(&Change::BeginGroup));
    assert_eq!(e.log.last(), Some(&Change::EndGroup));
    assert_eq!(e.history.undo_len(), 1);

    let e = h.state_mut();
    assert!(e.history.undo(&mut e.map));
    assert_eq!(e.map, original, "undo restores the map as it was");
}

/// The view did not pan while the marker was dragged.
#[test]
fn dragging_a_marker_does_not_pan() {
    let mut h = editor_at(2022.0);
    let before = pos(&h, 2000.0, 0.0);
    let from = pos(&h, 2014.0, RUSSIA_2014);
    drag_in_steps(&mut h, from, from + egui::vec2(-60.0, -40.0), 4);
    let after = pos(&h, 2000.0, 0.0);
    assert!(after.distance(before) < 0.5, "{before:?} {after:?}");
}

/// Sideways, the keyframe moves by whole months with the pointer, and the date and the
/// selection go with it.
#[test]
fn dragging_a_marker_sideways_moves_its_month() {
    let mut h = editor_at(2022.0);
    let from = pos(&h, 2014.0, RUSSIA_2014);
    let to = pos(&h, 2015.0, RUSSIA_2014);
    drag_in_steps(&mut h, from, to, 4);

    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    let ru = track(&e.map, &russia());
    assert!(ru.iter().all(|k| k.date != Date::year(2014)), "it moved");
    let moved = ru
        .iter()
        .find(|k| (k.date.to_year_f64() - 2015.0).abs() <= 1.0 / 12.0 + 1e-9)
        .expect("a keyframe about a year later");
    assert!(moved.date.month.is_some(), "a moved keyframe has a month");
    assert!(
        (moved.strength - RUSSIA_2014).abs() <= 0.03,
        "{}",
        moved.strength
    );
    assert_eq!(e.session.date_year_f64, moved.date.to_year_f64());
    assert_eq!(
        e.session.selected_keyframe.as_ref().map(|s| s.year_f64),
        Some(moved.date.to_year_f64())
    );
    assert_eq!(e.history.undo_len(), 1);
}

/// Dragged too far, the keyframe stops a month short of its neighbours (2009 and March 2020).
#[test]
fn a_dragged_marker_stops_at_its_neighbours() {
    let mut h = editor_at(2022.0);
    let original = h.state().map.clone();
    let from = pos(&h, 2014.0, RUSSIA_2014);
    let far_right = pos(&h, 2023.0, RUSSIA_2014);
    drag_in_steps(&mut h, from, far_right, 4);
    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    assert!(keyframe_at(&e.map, &russia(), Date::month(2020, 2)).is_some());
    assert_eq!(track(&e.map, &russia()).len(), 8);

    let from = pos(&h, Date::month(2020, 2).to_year_f64(), RUSSIA_2014);
    let far_left = pos(&h, 1995.0, RUSSIA_2014);
    drag_in_steps(&mut h, from, far_left, 4);
    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    assert!(keyframe_at(&e.map, &russia(), Date::month(2009, 2)).is_some());
    assert!(keyframe_at(&e.map, &russia(), Date::year(2009)).is_some());
    assert_eq!(e.history.undo_len(), 2);

    let e = h.state_mut();
    assert!(e.history.undo(&mut e.map) && e.history.undo(&mut e.map));
    assert_eq!(e.map, original);
}

/// A drag that goes sideways and comes back keeps the year-only date.
#[test]
fn a_marker_dragged_back_to_its_month_keeps_its_year_only_date() {
    let mut h = editor_at(2022.0);
    let from = pos(&h, 2014.0, RUSSIA_2014);
    let side = pos(&h, 2016.0, RUSSIA_2014);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    h.hover_at(side);
    h.run();
    h.hover_at(from);
    h.run();
    h.drop_at(from);
    h.run();
    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    assert!(keyframe_at(&e.map, &russia(), Date::year(2014)).is_some());
}

/// A press on a marker without moving selects it and edits nothing.
#[test]
fn clicking_a_marker_edits_nothing() {
    let mut h = editor_at(2022.0);
    let original = h.state().map.clone();
    let p = pos(&h, 2014.0, RUSSIA_2014);
    h.hover_at(p);
    h.run();
    h.drag_at(p);
    h.run();
    h.drop_at(p);
    h.run();
    let e = h.state();
    assert_eq!(e.map, original);
    assert!(e.log.is_empty(), "{:?}", e.log);
    assert_eq!(e.session.selected_power, Some(russia()));
}

/// A double-click on Russia's line between 2009 and 2014 adds a keyframe at that month, on
/// the line, selected; undo removes it.
#[test]
fn double_clicking_a_line_adds_a_keyframe() {
    let mut h = editor_at(2022.0);
    let original = h.state().map.clone();
    let x = Date::month(2011, 7).to_year_f64();
    let on_line = original.power(&russia()).unwrap().strength_at(x).unwrap();
    // A couple of points off the line still hits it.
    let p = pos(&h, x, on_line) + egui::vec2(0.0, 3.0);
    double_click(&mut h, p);

    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    assert_eq!(
        track(&e.map, &russia()).len(),
        track(&original, &russia()).len() + 1
    );
    let added = keyframe_at(&e.map, &russia(), Date::month(2011, 7)).expect("added in July 2011");
    // On the line, rounded to the two decimals the app shows (the line's value is not).
    assert!((on_line * 100.0).fract().abs() > 1e-6, "{on_line}");
    assert_eq!(added.strength, (on_line * 100.0).round() / 100.0);
    assert!(added.evidence.is_empty());
    let selected = e.session.selected_keyframe.clone().expect("selected");
    assert_eq!((selected.power, selected.year_f64), (russia(), x));
    assert_eq!(e.history.undo_len(), 1);

    let e = h.state_mut();
    assert!(e.history.undo(&mut e.map));
    assert_eq!(e.map, original);
}

/// In an exercise, no line is drawn where it would rest on a keyframe still to judge, so a
/// double-click where its zero would be adds no judged keyframe.
#[test]
fn double_clicking_where_an_unjudged_line_would_be_adds_nothing() {
    let mut h = editor_at(2022.0);
    h.state_mut().map = stance_map::model::exercise::make_exercise(&article());
    h.run();
    h.run();
    let original = h.state().map.clone();
    let x = Date::month(2011, 7).to_year_f64();
    let p = pos(&h, x, 0.0);
    double_click(&mut h, p);
    assert_eq!(h.state().map, original);
    assert_eq!(h.state().history.undo_len(), 0);
}

/// A double-click on empty space adds nothing (the plot resets its view instead).
#[test]
fn double_clicking_empty_space_adds_nothing() {
    let mut h = editor_at(2022.0);
    let original = h.state().map.clone();
    let p = pos(&h, 2003.0, -0.2);
    double_click(&mut h, p);
    assert_eq!(h.state().map, original);
}

/// Right-clicking a marker offers to delete it, and choosing that deletes it.
#[test]
fn the_context_menu_deletes_a_keyframe() {
    let mut h = editor_at(2022.0);
    let original = h.state().map.clone();
    let p = pos(&h, 2014.0, RUSSIA_2014);
    right_click(&mut h, p);
    h.get_by_label("Delete keyframe Russia 2014").click();
    h.run();
    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    assert!(keyframe_at(&e.map, &russia(), Date::year(2014)).is_none());
    assert_eq!(
        track(&e.map, &russia()).len(),
        track(&original, &russia()).len() - 1
    );
    assert!(
        h.query_by_label("Delete keyframe Russia 2014").is_none(),
        "menu closed"
    );

    let e = h.state_mut();
    assert!(e.history.undo(&mut e.map));
    assert_eq!(e.map, original);
}

/// Right-clicking empty space offers a keyframe for the selected power at that month.
#[test]
fn the_context_menu_adds_a_keyframe_for_the_selected_power() {
    let mut h = editor_at(2022.0);
    h.state_mut()
        .session
        .select_power(Some(PowerId("china".into())));
    h.run();
    let p = pos(&h, Date::month(2016, 5).to_year_f64(), -0.9);
    right_click(&mut h, p);
    h.get_by_label("Add keyframe for China at May 2016").click();
    h.run();
    let e = h.state();
    assert!(e.refused.is_empty(), "{:?}", e.refused);
    let china = PowerId("china".into());
    let added = keyframe_at(&e.map, &china, Date::month(2016, 5)).expect("added");
    let x = Date::month(2016, 5).to_year_f64();
    let on_line = article().power(&china).unwrap().strength_at(x).unwrap();
    // On the line, rounded to the two decimals the app shows (the line's value is not).
    assert!((on_line * 100.0).fract().abs() > 1e-6, "{on_line}");
    assert_eq!(added.strength, (on_line * 100.0).round() / 100.0);
}

/// The whole-app tests find points from the "Timeline" widget: it starts showing the map's
/// span plus 3 % (at least half a year) on each side, and strength −1.1..1.1.
fn point_in(rect: Rect, span: (f64, f64), year_f64: f64, strength: f64) -> Pos2 {
    let margin = ((span.1 - span.0) * 0.03).max(0.5);
    let (lo, hi) = (span.0 - margin, span.1 + margin);
    let fx = (year_f64 - lo) / (hi - lo);
    let fy = (strength + 1.1) / 2.2;
    egui::pos2(
        rect.left() + (fx as f32) * rect.width(),
        rect.bottom() - (fy as f32) * rect.height(),
    )
}

/// The rule [`point_in`] follows is the view's: checked against the view itself.
#[test]
fn points_found_from_the_widget_match_the_view() {
    let h = editor_at(2022.0);
    let rect = h.get_by_label("Timeline").rect();
    let span = h.state().map.span_year_f64().unwrap();
    for (x, y) in [(2014.0, 0.6), (1995.0, -0.8), (2023.0, 1.0)] {
        let a = point_in(rect, span, x, y);
        let b = pos(&h, x, y);
        assert!(a.distance(b) < 1.0, "{a:?} {b:?}");
    }
}

fn app() -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.session.date_year_f64 = 2022.0;
    let mut h = crate::common::app_harness(
        Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .with_step_dt(1.0 / 60.0),
        app,
    );
    h.run();
    h
}

fn app_point(h: &Harness<'_, StanceApp>, year_f64: f64, strength: f64) -> Pos2 {
    let rect = h.get_by_label("Timeline").rect();
    let span = h.state().map.span_year_f64().unwrap();
    point_in(rect, span, year_f64, strength)
}

/// Through the whole app: a drag is one step of its history, and Ctrl+Z restores the map.
#[test]
fn in_the_app_a_marker_drag_is_one_undo_step() {
    let mut h = app();
    let original = h.state().map.clone();
    let undo_len = h.state().history.undo_len();
    let from = app_point(&h, 2014.0, RUSSIA_2014);
    let to = app_point(&h, 2014.0, RUSSIA_2014 + 0.2);
    drag_in_steps(&mut h, from, to, 4);
    let k = keyframe_at(&h.state().map, &russia(), Date::year(2014)).unwrap();
    assert!(
        (k.strength - (RUSSIA_2014 + 0.2)).abs() <= 0.03,
        "{}",
        k.strength
    );
    assert_eq!(h.state().history.undo_len(), undo_len + 1);
    assert!(!h.state().history.in_group());

    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
}

/// Through the whole app: moving a keyframe with evidence to another date says so, and the
/// notice's button undoes the move. A change of strength alone says nothing.
#[test]
fn in_the_app_moving_a_keyframes_date_says_so_and_offers_undo() {
    let mut h = app();
    let original = h.state().map.clone();
    let quotes = keyframe_at(&original, &russia(), Date::year(2014))
        .unwrap()
        .evidence
        .len();
    assert_eq!(quotes, 1);

    // Up only: no notice.
    let (from, to) = (
        app_point(&h, 2014.0, RUSSIA_2014),
        app_point(&h, 2014.0, RUSSIA_2014 + 0.1),
    );
    drag_in_steps(&mut h, from, to, 4);
    assert!(h.query_by_label("Undo the move").is_none());

    // Sideways: the keyframe leaves 2014, and the notice names both dates.
    let (from, to) = (
        app_point(&h, 2014.0, RUSSIA_2014 + 0.1),
        app_point(&h, 2015.5, RUSSIA_2014 + 0.1),
    );
    drag_in_steps(&mut h, from, to, 4);
    let dates = |m: &StanceMap| {
        track(m, &russia())
            .iter()
            .map(|k| k.date)
            .collect::<Vec<_>>()
    };
    let before = dates(&original);
    let moved_to = *dates(&h.state().map)
        .iter()
        .find(|d| !before.contains(d))
        .unwrap();
    assert_ne!(moved_to, Date::year(2014));
    let text = format!(
        "Russia's keyframe moved from 2014 to {moved_to}, with its quote. It was chosen for \
         2014: check that it still fits, or undo the move."
    );
    h.get_by_label_contains(&text);
    let after_both = h.state().history.undo_len();

    h.get_by_label("Undo the move").click();
    h.run();
    assert!(keyframe_at(&h.state().map, &russia(), Date::year(2014)).is_some());
    assert_eq!(
        h.state().history.undo_len(),
        after_both - 1,
        "one step undone"
    );
    assert!(h.query_by_label_contains("keyframe moved").is_none());

    // Undone another way, the notice goes too, so its button cannot undo something else.
    let (from, to) = (
        app_point(&h, 2014.0, RUSSIA_2014 + 0.1),
        app_point(&h, 2015.5, RUSSIA_2014 + 0.1),
    );
    drag_in_steps(&mut h, from, to, 4);
    h.get_by_label("Undo the move");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.query_by_label("Undo the move").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
}

/// Through the whole app: a double-click adds a keyframe, and Ctrl+Z removes it.
#[test]
fn in_the_app_double_clicking_a_line_adds_a_keyframe() {
    let mut h = app();
    let original = h.state().map.clone();
    let july_2011 = Date::month(2011, 7).to_year_f64();
    let on_line = original
        .power(&russia())
        .unwrap()
        .strength_at(july_2011)
        .unwrap();
    let at = app_point(&h, july_2011, on_line);
    double_click(&mut h, at);
    let count = track(&h.state().map, &russia()).len();
    assert_eq!(count, track(&original, &russia()).len() + 1);
    assert!(keyframe_at(&h.state().map, &russia(), Date::month(2011, 7)).is_some());

    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);
}

/// The edits the view asks for undo cleanly on their own, too: replaying a drag's log
/// through `apply` and its undo gives back the map.
#[test]
fn a_drag_log_replays_and_undoes() {
    let mut h = editor_at(2022.0);
    let original = h.state().map.clone();
    let from = pos(&h, 2014.0, RUSSIA_2014);
    let to = pos(&h, 2016.5, 0.3);
    drag_in_steps(&mut h, from, to, 4);
    let mut map = original.clone();
    let mut undo = Vec::new();
    for change in &h.state().log {
        if let Change::Edit(edit) = change {
            undo.push(apply(&mut map, edit).unwrap());
        }
    }
    assert_eq!(map, h.state().map);
    for edit in undo.iter().rev() {
        apply(&mut map, edit).unwrap();
    }
    assert_eq!(map, original);
}

/// Double-clicking empty space still resets a panned view; double-clicking a line does not.
#[test]
fn double_clicks_reset_the_view_only_on_empty_space() {
    let mut h = editor_at(2022.0);
    let home = pos(&h, 2000.0, 0.0);
    // Pan by dragging empty space.
    let from = pos(&h, 2003.0, -0.2);
    drag_in_steps(&mut h, from, from + egui::vec2(-150.0, 0.0), 4);
    let panned = pos(&h, 2000.0, 0.0);
    assert!((panned.x - home.x).abs() > 100.0, "{home:?} {panned:?}");

    let x = Date::month(2011, 7).to_year_f64();
    let y = h
        .state()
        .map
        .power(&russia())
        .unwrap()
        .strength_at(x)
        .unwrap();
    let p = pos(&h, x, y);
    double_click(&mut h, p);
    let after_line = pos(&h, 2000.0, 0.0);
    assert!(
        after_line.distance(panned) < 0.5,
        "{panned:?} {after_line:?}"
    );

    let p = pos(&h, 2003.0, -0.2);
    double_click(&mut h, p);
    let after_empty = pos(&h, 2000.0, 0.0);
    assert!(after_empty.distance(home) < 0.5, "{home:?} {after_empty:?}");
}

/// Where a line is too dense to draw its evidenced markers, pressing on it pans: nothing
/// the user cannot see is dragged.
#[test]
fn a_dense_line_pans_instead_of_dragging_hidden_keyframes() {
    let mut h = editor_at(2022.0);
    let mut map = StanceMap::empty();
    let mut power = article().power(&russia()).unwrap().clone();
    let evidence = power.track[0].evidence.clone();
    power.track = (0..600)
        .map(|i| {
            let mut k = stance_map::model::edit::bare_keyframe(
                Date::month(1980 + i / 12, u8::try_from(i % 12).unwrap() + 1),
                0.5,
            );
            k.evidence.clone_from(&evidence);
            k
        })
        .collect();
    map.powers.push(power);
    map.sources = article().sources;
    h.state_mut().map = map;
    h.run();
    h.run();
    let before = pos(&h, 2000.0, 0.5);
    drag_in_steps(&mut h, before, before + egui::vec2(-100.0, -40.0), 4);
    let e = h.state();
    assert!(e.log.is_empty(), "{:?}", e.log);
    let after = pos(&h, 2000.0, 0.5);
    assert!(
        (after.x - before.x + 100.0).abs() < 1.0,
        "{before:?} {after:?}"
    );
}

/// The reproduction of a keyframe Delete refused: after a drag that moved Russia's 2014
/// keyframe was undone, its selection pointed at a keyframe that no longer existed, and it
/// won over the keyframe K had just added. Delete now removes that keyframe, and the
/// "nothing to delete" banner of an earlier press goes once a delete works.
#[test]
fn delete_removes_the_keyframe_k_just_added() {
    let mut h = app();
    let original = h.state().map.clone();
    let (from, to) = (
        app_point(&h, 2014.0, RUSSIA_2014),
        app_point(&h, 2015.5, RUSSIA_2014),
    );
    drag_in_steps(&mut h, from, to, 4);
    assert!(keyframe_at(&h.state().map, &russia(), Date::year(2014)).is_none());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().map, original);

    // Between keyframes, nothing to delete: the banner says so.
    let p = app_point(&h, 2005.45, -0.9);
    h.hover_at(p);
    h.run();
    h.drag_at(p);
    h.run();
    h.drop_at(p);
    h.run();
    assert!((h.state().session.date_year_f64 - 2005.45).abs() < 0.2);
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().map, original);
    h.get_by_label_contains("There is no keyframe here to delete");

    h.key_press(egui::Key::K);
    h.run();
    let added = track(&h.state().map, &russia()).len();
    assert_eq!(added, track(&original, &russia()).len() + 1);
    h.get_by_label_contains("On a keyframe");
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().map, original, "the added keyframe is deleted");
    assert!(
        h.query_by_label_contains("There is no keyframe here to delete")
            .is_none(),
        "the banner of the earlier press is gone"
    );
}

/// Typing in a keyframe's reasoning, then dragging that keyframe to another date: the press
/// on the timeline ends the typing first, so the text goes with the keyframe.
#[test]
fn dragging_a_keyframe_while_typing_its_reasoning_keeps_the_text() {
    use egui::accesskit::Role;
    let mut h = app();
    h.state_mut().session.select_power(Some(russia()));
    h.state_mut().session.date_year_f64 = 2014.0;
    h.run();
    h.get_by_label("Edit keyframe 2014").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .type_text("Typed before the drag.");
    h.run();
    let (from, to) = (
        app_point(&h, 2014.0, RUSSIA_2014),
        app_point(&h, 2015.5, RUSSIA_2014),
    );
    drag_in_steps(&mut h, from, to, 4);
    let moved = track(&h.state().map, &russia())
        .iter()
        .find(|k| k.reasoning == "Typed before the drag.")
        .map(|k| k.date);
    assert!(
        moved.is_some_and(|d| d != Date::year(2014)),
        "the text went with the keyframe: {moved:?}"
    );
    assert!(h.state().notice.as_ref().is_none_or(|n| !n.is_error));
}
