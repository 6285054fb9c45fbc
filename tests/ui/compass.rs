//! The compass, driven through its real UI with `egui_kittest`: arrows are widgets named
//! "<power> vector", clicking selects, hiding removes, hovering explains.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::drag_in_steps;
use egui_kittest::{
    Harness,
    kittest::{NodeT as _, Queryable as _},
};
use stance_map::app::session::Session;
use stance_map::article::article_map;
use stance_map::model::edit::Edit;
use stance_map::model::format_strength_signed as format_strength;
use stance_map::model::{Date, PowerId, StanceMap, format_year_f64};
use stance_map::ui::changes::{Change, Changes};
use stance_map::ui::compass::{CompassGeometry, CompassView};

/// The view, the map it shows (never changed here: nothing applies the edits), the session,
/// and every edit the view asked for so far (date and selection changes reach the session).
type State = (CompassView, StanceMap, Session, Changes);

fn compass_with(session: Session) -> Harness<'static, State> {
    compass_in(egui::vec2(800.0, 600.0), session)
}

/// The article's map on a compass filling a window of `size`.
fn compass_in(size: egui::Vec2, session: Session) -> Harness<'static, State> {
    let map = article_map().expect("the article's map loads");
    let mut h = Harness::builder().with_size(size).build_ui_state(
        |ui, state: &mut State| {
            let (view, map, session, changes) = state;
            egui::CentralPanel::default().show(ui, |ui| view.ui(ui, map, session, changes));
            // As the app does at the end of the frame.
            changes.apply_view_state(session);
        },
        (CompassView::default(), map, session, Changes::default()),
    );
    h.run();
    h
}

fn compass() -> Harness<'static, State> {
    compass_with(Session::default())
}

fn id(s: &str) -> PowerId {
    PowerId(s.to_owned())
}

/// A click (press and release without moving) at a screen position.
fn click_at(h: &mut Harness<'_, State>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

#[test]
fn every_power_of_the_article_has_a_vector() {
    let h = compass();
    let (_, map, _, _) = h.state();
    assert_eq!(map.powers.len(), 4);
    for power in &map.powers {
        crate::common::tip(&h, &power.name);
    }
    assert_eq!(h.state().0.tips().len(), 4);
}

/// A date asked for by a view drawn earlier in the frame is drawn at once, though the session
/// gets it only at the frame's end.
#[test]
fn the_compass_draws_the_date_asked_for_this_frame() {
    let map = article_map().expect("the article's map loads");
    let russia = map.power(&id("russia")).expect("Russia").clone();
    let (early, late) = (2001.0, 2021.0);
    let (a, b) = (
        russia.strength_at(early).expect("a value"),
        russia.strength_at(late).expect("a value"),
    );
    assert!((a - b).abs() > 0.05, "{a} {b}");
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let (view, map, session, changes) = state;
                // An earlier view's requests, every frame; nothing applies them.
                *changes = Changes::default();
                changes.set_date(late);
                egui::CentralPanel::default().show(ui, |ui| view.ui(ui, map, session, changes));
            },
            (
                CompassView::default(),
                map,
                Session {
                    date_year_f64: early,
                    ..Session::default()
                },
                Changes::default(),
            ),
        );
    h.run();
    let tip = h.state().0.tip(&id("russia")).expect("drawn");
    assert_eq!(
        tip.strength,
        Some(b),
        "drawn at the session's date, not the one asked for"
    );
    assert!((h.state().2.date_year_f64 - early).abs() < 1e-9);
}

#[test]
fn clicking_a_vector_selects_its_power() {
    let mut h = compass();
    assert_eq!(h.state().2.selected_power, None);
    crate::common::tip(&h, "Russia").click();
    h.run();
    assert_eq!(h.state().2.selected_power, Some(id("russia")));
    crate::common::tip(&h, "EU").click();
    h.run();
    assert_eq!(h.state().2.selected_power, Some(id("eu")));
}

#[test]
fn clicking_a_shaft_selects_and_clicking_empty_space_does_not() {
    let mut h = compass();
    let geometry = h.state().0.geometry().expect("the compass was drawn");

    // Empty space: a corner of the view, far from every arrow.
    click_at(
        &mut h,
        geometry.center + egui::vec2(-geometry.radius, -geometry.radius) * 1.2,
    );
    assert_eq!(h.state().2.selected_power, None);

    // The longest arrow's shaft, 60 % of the way out: not its tip.
    let tip = h
        .state()
        .0
        .tips()
        .iter()
        .max_by(|a, b| {
            let la = a.strength.unwrap_or(0.0).abs();
            let lb = b.strength.unwrap_or(0.0).abs();
            la.total_cmp(&lb)
        })
        .expect("there are arrows")
        .clone();
    assert!(tip.strength.unwrap_or(0.0).abs() > 0.3, "{tip:?}");
    let on_shaft = geometry.center + (tip.tip - geometry.center) * 0.6;
    assert!(!tip.hit_rect.contains(on_shaft));
    click_at(&mut h, on_shaft);
    assert_eq!(h.state().2.selected_power, Some(tip.power));
}

#[test]
fn hiding_a_power_removes_its_vector() {
    let mut session = Session::default();
    session.hidden_powers.insert(id("china"));
    let mut h = compass_with(session);
    assert!(crate::common::query_tip(&h, "China").is_none());
    crate::common::tip(&h, "Russia");
    assert_eq!(h.state().0.tips().len(), 3);

    h.state_mut().2.hidden_powers.clear();
    h.run();
    crate::common::tip(&h, "China");
}

#[test]
fn hovering_a_vector_explains_it() {
    let mut h = compass();
    let (_, map, session, _) = h.state();
    let date = session.date_year_f64;
    let russia = map
        .power(&id("russia"))
        .expect("Russia is in the article's map");
    let value = format_strength(russia.strength_at(date).expect("Russia has keyframes"));
    let when = format_year_f64(date);

    // No tooltip before hovering: the name and value are only painted, not labelled.
    assert!(h.query_by_label("Russia").is_none());
    // Only the tip's accessible name says the value ("Russia, +0.62, toward, …").
    assert_eq!(
        h.query_all_by_label_contains(&value)
            .map(|n| n.accesskit_node().role())
            .collect::<Vec<_>>(),
        [egui::accesskit::Role::Slider]
    );

    crate::common::tip(&h, "Russia").hover();
    h.run();
    h.get_by_label("Russia");
    let text = h
        .query_all_by_label_contains(&value)
        .filter_map(|n| n.accesskit_node().value())
        .find(|l| l.contains(&when))
        .unwrap_or_default();
    assert!(
        text.starts_with(&value),
        "{text:?} should give {value} in {when}"
    );
    // The keyframes around the date, with how much evidence backs them.
    assert!(
        h.query_all_by_label_contains("quote").next().is_some()
            || h.query_by_label_contains("no evidence").is_some()
    );
}

#[test]
fn hovering_near_a_shaft_explains_it_too() {
    // Measured markers sit on the shafts and answer a hover first; hide them to reach the shaft.
    let session = Session {
        hidden_indicators: article_map()
            .unwrap()
            .indicators
            .iter()
            .map(|i| i.id.clone())
            .collect(),
        ..Session::default()
    };
    let mut h = compass_with(session);
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let tip = h.state().0.tip(&id("eu")).expect("the EU is drawn").clone();
    let along = tip.tip - geometry.center;
    // Halfway out, a few points to the side of the shaft.
    let near = geometry.center + along * 0.5 + along.normalized().rot90() * 4.0;
    h.hover_at(near);
    h.run();
    h.get_by_label("EU");
    assert!(h.query_by_label("Russia").is_none());
}

#[test]
fn negative_values_point_away_from_their_power() {
    let mut h = compass();
    let (_, map, _, _) = h.state();
    // Find a date where some power is leaned away from.
    let (power_id, year) = map
        .powers
        .iter()
        .flat_map(|p| p.track.iter().map(move |k| (p, k)))
        .find(|(_, k)| k.strength < -0.05)
        .map(|(p, k)| (p.id.clone(), k.date.to_year_f64()))
        .expect("the article's map has a negative value somewhere");
    h.state_mut().2.date_year_f64 = year;
    h.run();

    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let tip = h
        .state()
        .0
        .tip(&power_id)
        .expect("the power is drawn")
        .clone();
    let toward_power = CompassGeometry::direction(tip.bearing_deg);
    assert!(
        (tip.tip - geometry.center).dot(toward_power) < 0.0,
        "{tip:?}"
    );
    let strength = tip.strength.expect("it has a value");
    assert!(strength < 0.0);
    assert!(
        (geometry.strength_at_pos(tip.bearing_deg, tip.tip) - strength).abs() < 1e-3,
        "the tip sits at its value"
    );

    let name = h.state().1.power(&power_id).expect("exists").name.clone();
    crate::common::tip(&h, &name).hover();
    h.run();
    let value = format_strength(strength);
    assert!(value.starts_with('−'), "a real minus sign: {value}");
    let line = h.get_by_label_contains("(leaning away)");
    let text = line.accesskit_node().value().unwrap_or_default();
    assert!(
        text.starts_with(&value),
        "{text:?} should start with {value}"
    );
}

#[test]
fn the_compass_fits_a_small_panel() {
    let h = compass_in(egui::vec2(400.0, 300.0), Session::default());
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    assert!(
        geometry.radius > 80.0 && geometry.radius < 150.0,
        "{geometry:?}"
    );
    for power in ["EU", "Russia", "China", "US/NATO"] {
        let rect = crate::common::tip(&h, power).rect();
        assert!(
            rect.width() >= 14.0 && rect.height() >= 14.0,
            "{power}: {rect:?}"
        );
    }
}

/// A narrow panel (the article open beside the compass): the compass shrinks so that every
/// power's name stays whole inside it.
#[test]
fn in_a_narrow_panel_every_name_stays_inside() {
    let h = compass_in(egui::vec2(250.0, 520.0), Session::default());
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let canvas = h.get_by_label("Serbia compass").rect();
    let plain = CompassGeometry::fit(canvas);
    assert!(geometry.radius < plain.radius, "it shrank: {geometry:?}");
    assert!(geometry.radius > 70.0, "but not to nothing: {geometry:?}");
    for power in ["EU", "Russia", "China", "US/NATO"] {
        let rect = h.get_by_label(&format!("{power} bearing")).rect();
        assert!(
            canvas.expand(3.5).contains_rect(rect),
            "{power}: {rect:?} outside {canvas:?}"
        );
    }
}

#[test]
fn tips_never_steal_each_others_clicks() {
    let mut h = compass();
    // Dates where a negative arrow lands on the ray of the power opposite it.
    for year in [1991.0, 1999.0, 2008.0, 2022.0, 2023.5] {
        h.state_mut().2.date_year_f64 = year;
        h.run();
        let tips = h.state().0.tips();
        for (i, a) in tips.iter().enumerate() {
            assert!(a.hit_rect.width() >= 14.0, "{year}: {a:?}");
            for b in &tips[i + 1..] {
                let overlap = a.hit_rect.intersect(b.hit_rect);
                assert!(
                    overlap.width() <= 0.0 || overlap.height() <= 0.0,
                    "{year}: {} and {} overlap",
                    a.power,
                    b.power
                );
            }
        }
        for power in ["EU", "Russia", "China", "US/NATO"] {
            crate::common::tip(&h, power).click();
            h.run();
            let selected = h.state().2.selected_power.clone();
            let name = selected
                .and_then(|id| h.state().1.power(&id).map(|p| p.name.clone()))
                .unwrap_or_default();
            assert_eq!(name, power, "in {year}");
        }
    }
}

#[test]
fn dragging_a_tip_asks_for_one_group_of_strength_edits() {
    let mut h = compass_with(Session {
        date_year_f64: 2016.53,
        playing: true,
        ..Session::default()
    });
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let tip = h
        .state()
        .0
        .tip(&id("russia"))
        .expect("Russia is drawn")
        .clone();
    let to = geometry.center + CompassGeometry::direction(tip.bearing_deg) * geometry.radius * 0.2;
    let from = crate::common::tip(&h, "Russia").rect().center();
    drag_in_steps(&mut h, from, to, 2);

    let (view, _, session, changes) = h.state();
    assert_eq!(session.date_year_f64, 2016.5, "snapped to July 2016");
    assert!(!session.playing, "dragging stops playback");
    assert_eq!(session.selected_power, Some(id("russia")));
    let changes = &changes.0;
    assert_eq!(changes.first(), Some(&Change::BeginGroup), "{changes:?}");
    assert_eq!(changes.last(), Some(&Change::EndGroup), "{changes:?}");
    let edits: Vec<_> = changes[1..changes.len() - 1].iter().collect();
    assert!(!edits.is_empty(), "{changes:?}");
    for change in &edits {
        assert!(
            matches!(change, Change::Edit(Edit::SetStrength { power, date, .. })
                if power == &id("russia") && *date == Date::month(2016, 7)),
            "{change:?}"
        );
    }
    let Some(Change::Edit(Edit::SetStrength { strength, .. })) = edits.last() else {
        unreachable!()
    };
    assert!((strength - 0.2).abs() < 0.02, "{strength}");
    // Nothing applied the edits, so after the drag the view shows the map's value again.
    assert!(
        view.tip(&id("russia"))
            .is_some_and(|t| t.strength != Some(*strength))
    );
}

#[test]
fn the_dragged_tip_follows_the_pointer_before_the_map_does() {
    let mut h = compass_with(Session {
        date_year_f64: 2016.5,
        ..Session::default()
    });
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let tip = h
        .state()
        .0
        .tip(&id("russia"))
        .expect("Russia is drawn")
        .clone();
    let from = crate::common::tip(&h, "Russia").rect().center();
    // Past the centre: the subject now leans away from Russia.
    let to = geometry.center - CompassGeometry::direction(tip.bearing_deg) * geometry.radius * 0.4;
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    h.hover_at(to);
    h.run();
    let live = h.state().0.tip(&id("russia")).expect("drawn").clone();
    assert!(
        (live.strength.expect("a value") + 0.4).abs() < 0.02,
        "{live:?}"
    );
    assert!(
        (geometry.strength_at_pos(live.bearing_deg, live.tip) + 0.4).abs() < 0.02,
        "the tip is drawn at the live value: {live:?}"
    );
    h.drop_at(to);
    h.run();
}

#[test]
fn names_are_handles_that_ask_for_bearing_edits() {
    let mut h = compass();
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let from = h.get_by_label("EU bearing").rect().center();
    // A quarter turn clockwise, at the same distance from the centre.
    let offset = from - geometry.center;
    let to = geometry.center + egui::vec2(-offset.y, offset.x);
    drag_in_steps(&mut h, from, to, 2);
    let changes = &h.state().3.0;
    assert_eq!(changes.first(), Some(&Change::BeginGroup), "{changes:?}");
    assert_eq!(changes.last(), Some(&Change::EndGroup), "{changes:?}");
    let Some(Change::Edit(Edit::SetBearing { power, bearing_deg })) =
        changes.get(changes.len().saturating_sub(2))
    else {
        panic!("{changes:?}")
    };
    assert_eq!(power, &id("eu"));
    // EU sits at 280°: a quarter turn clockwise is about 10°.
    let turned = (bearing_deg - 10.0 + 180.0).rem_euclid(360.0) - 180.0;
    assert!(turned.abs() < 3.0, "{bearing_deg}");
    assert_eq!(bearing_deg.fract(), 0.0, "whole degrees: {bearing_deg}");
    assert_eq!(h.state().2.selected_power, Some(id("eu")));
}

#[test]
fn clicking_a_name_selects_without_editing() {
    let mut h = compass();
    h.get_by_label("China bearing").click();
    h.run();
    assert_eq!(h.state().2.selected_power, Some(id("china")));
    assert!(h.state().3.is_empty(), "{:?}", h.state().3);
}

/// Presenter mode and slides draw the compass with `read_only_ui`. Pressing a tip and moving
/// the pointer must not move the arrow, the date or playback at any moment of the drag: after
/// release even an editable compass shows the map's old value again (nothing applied its edits).
#[test]
fn a_read_only_compass_cannot_be_dragged() {
    let map = article_map().expect("the article's map loads");
    let session = Session {
        date_year_f64: 2016.53,
        playing: true,
        ..Session::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let (view, map, session, _) = state;
                egui::CentralPanel::default().show(ui, |ui| view.read_only_ui(ui, map, session));
            },
            (CompassView::default(), map, session, Changes::default()),
        );
    h.run();
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let before = h.state().0.tip(&id("russia")).expect("drawn").clone();
    let from = crate::common::tip(&h, "Russia").rect().center();
    // Past the centre: an editable arrow would turn around.
    let to =
        geometry.center - CompassGeometry::direction(before.bearing_deg) * geometry.radius * 0.4;
    let unchanged = |h: &Harness<'_, State>, when: &str| {
        let now = h.state().0.tip(&id("russia")).expect("drawn");
        assert_eq!(now.strength, before.strength, "the value {when}");
        assert_eq!(now.tip, before.tip, "the tip {when}");
        let node = crate::common::tip(h, "Russia");
        assert_eq!(
            node.accesskit_node().numeric_value(),
            before.strength,
            "{when}"
        );
        assert_eq!(h.state().2.date_year_f64, 2016.53, "the date {when}");
        assert!(h.state().2.playing, "playback {when}");
    };
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    unchanged(&h, "when pressed");
    for t in [0.25, 0.5, 1.0] {
        h.hover_at(from + (to - from) * t);
        h.run();
        unchanged(&h, &format!("at {t} of the drag"));
    }
    h.drop_at(to);
    h.run();
    unchanged(&h, "after release");
    // Clicking still selects.
    h.get_by_label("China bearing").click();
    h.run();
    assert_eq!(h.state().2.selected_power, Some(id("china")));
}

/// A quote with a role, for the small maps below.
fn quote(role: stance_map::model::Role) -> stance_map::model::Evidence {
    stance_map::model::Evidence {
        quote: "a quote of several words".into(),
        source: stance_map::model::SourceId("s".into()),
        locator: String::new(),
        dimension: stance_map::model::Dimension::Political,
        role,
    }
}

/// Three powers with one keyframe each in 2010: North (Low, 2 of 3 quotes against it), East
/// (High, one supporting quote) and South (Medium, no evidence at all).
fn contested_map() -> StanceMap {
    use stance_map::model::{Confidence, Interpolation, Keyframe, Power, Role};
    let power = |id: &str, bearing_deg: f64, confidence: Confidence, roles: &[Role]| Power {
        id: PowerId(id.to_owned()),
        name: id.to_owned(),
        color: "#1f4e9c".to_owned(),
        bearing_deg,
        track: vec![Keyframe {
            unjudged: false,
            date: Date::year(2010),
            strength: 0.6,
            confidence,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: roles.iter().copied().map(quote).collect(),
        }],
    };
    let mut map = StanceMap::empty();
    map.powers = vec![
        power(
            "North",
            0.0,
            Confidence::Low,
            &[Role::Supports, Role::Contradicts, Role::Contradicts],
        ),
        power("East", 90.0, Confidence::High, &[Role::Supports]),
        power("South", 180.0, Confidence::Medium, &[]),
    ];
    map
}

/// `map` on an 800×600 compass at `date_year_f64`.
fn compass_of(map: StanceMap, date_year_f64: f64) -> Harness<'static, State> {
    let session = Session {
        date_year_f64,
        ..Session::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let (view, map, session, changes) = state;
                egui::CentralPanel::default().show(ui, |ui| view.ui(ui, map, session, changes));
                changes.apply_view_state(session);
            },
            (CompassView::default(), map, session, Changes::default()),
        );
    h.run();
    h
}

/// What a screen reader says after an arrow's name.
fn description(h: &Harness<'_, State>, power: &str) -> Option<String> {
    crate::common::tip(h, power).accesskit_node().description()
}

#[test]
fn a_contested_arrow_says_so_to_a_screen_reader_and_keeps_its_name() {
    let h = compass_of(contested_map(), 2010.0);
    assert_eq!(
        description(&h, "North").as_deref(),
        Some("contested: 2 of 3 quotes point against it")
    );
    assert_eq!(
        description(&h, "South").as_deref(),
        Some("no evidence — a claim without support")
    );
    assert_eq!(description(&h, "East"), None);
    let view = &h.state().0;
    assert!(view.tip(&id("North")).unwrap().is_contested());
    assert!(!view.tip(&id("North")).unwrap().is_unsupported());
    assert!(view.tip(&id("South")).unwrap().is_unsupported());
    assert!(!view.tip(&id("East")).unwrap().is_contested());
    // Off the keyframe's month, the tip marks nothing: the value is only carried there.
    let h = compass_of(contested_map(), 2012.0);
    assert_eq!(description(&h, "North"), None);
    assert!(!h.state().0.tip(&id("North")).unwrap().is_contested());
}

#[test]
fn hovering_a_contested_arrow_counts_the_quotes_against_it() {
    let mut h = compass_of(contested_map(), 2012.0);
    crate::common::tip(&h, "North").hover();
    h.run();
    h.get_by_label_contains("contested: 2 of 3 quotes point against it");
    crate::common::tip(&h, "East").hover();
    h.run();
    assert!(h.query_by_label_contains("contested").is_none());
    h.get_by_label_contains("1 quote");
}

#[test]
fn the_band_at_each_tip_is_as_wide_as_its_confidence() {
    let h = compass_of(contested_map(), 2010.0);
    let view = &h.state().0;
    let width = |name: &str| view.tip(&id(name)).unwrap().band_half_width;
    assert_eq!(width("North"), Some(0.25));
    assert_eq!(width("East"), Some(0.05));
    assert_eq!(width("South"), Some(0.12));
}

/// [`contested_map`] with a measured series for East, 0–100% where higher is closer: 80 in
/// 2009, 62 in 2010 (uncertain when `uncertain`), cited from "ISAC Fund, 2011".
fn measured_map(uncertain: bool) -> StanceMap {
    use stance_map::model::{Closer, Indicator, IndicatorId, IndicatorPoint, Source, SourceId};
    let mut map = contested_map();
    map.sources.push(Source {
        id: SourceId("isac".into()),
        author: "ISAC Fund".into(),
        year: Some(2011),
        entry: "ISAC Fund, annual report.".into(),
        url: String::new(),
        accessed: String::new(),
    });
    let point = |year: i32, value: f64, uncertain: bool| IndicatorPoint {
        date: Date::year(year),
        value,
        source: SourceId("isac".into()),
        note: String::new(),
        uncertain,
    };
    map.indicators.push(Indicator {
        id: IndicatorId("isac".into()),
        name: "ISAC alignment".into(),
        unit: "%".into(),
        power: id("East"),
        closer: Closer::Higher,
        low: 0.0,
        high: 100.0,
        method: String::new(),
        points: vec![point(2009, 80.0, false), point(2010, 62.0, uncertain)],
    });
    map
}

/// `map` on an 800×600 compass with `session`.
fn compass_of_session(map: StanceMap, session: Session) -> Harness<'static, State> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let (view, map, session, changes) = state;
                egui::CentralPanel::default().show(ui, |ui| view.ui(ui, map, session, changes));
                changes.apply_view_state(session);
            },
            (CompassView::default(), map, session, Changes::default()),
        );
    h.run();
    h
}

#[test]
fn a_measured_value_sits_where_an_arrow_of_its_scaled_value_would_end() {
    let h = compass_of(measured_map(false), 2010.0);
    let view = &h.state().0;
    let geometry = view.geometry().expect("the compass was drawn");
    let marks = view.measured();
    assert_eq!(marks.len(), 1, "one marker for the one indicator");
    // 62% on 0–100% is +0.24: that far out along East's bearing (90°, to the right).
    let expected = geometry.center + egui::vec2(0.24 * geometry.radius, 0.0);
    assert!(
        (marks[0].center - expected).length() < 0.01,
        "{:?} should be at {expected:?}",
        marks[0].center
    );
    assert_eq!(marks[0].value, 62.0);
    // A screen reader reaches it and hears what it is.
    let said = h
        .get_by_label("ISAC alignment measured")
        .accesskit_node()
        .description()
        .unwrap_or_default();
    assert_eq!(said, "62% in 2010, measured, not judged; ISAC Fund, 2011");
}

#[test]
fn hovering_a_measured_value_gives_value_source_and_that_it_was_measured() {
    let mut h = compass_of(measured_map(true), 2010.0);
    assert!(h.query_by_label_contains("measured, not judged)").is_none());
    let at = h.state().0.measured()[0].center;
    h.hover_at(at);
    h.run();
    h.get_by_label_contains("62% (uncertain) in 2010 (measured, not judged)");
    h.get_by_label("Source: ISAC Fund, 2011");
    h.get_by_label_contains("The source marks this value as uncertain");
    // The arrow under it does not explain itself at the same time.
    assert!(h.query_by_label("East").is_none());
}

#[test]
fn a_hidden_indicator_has_no_marker_and_no_legend_line() {
    let shown = compass_of(measured_map(false), 2010.0);
    let mut session = Session {
        date_year_f64: 2010.0,
        ..Session::default()
    };
    session
        .hidden_indicators
        .insert(stance_map::model::IndicatorId("isac".into()));
    let hidden = compass_of_session(measured_map(false), session);
    assert!(hidden.state().0.measured().is_empty());
    assert!(hidden.query_by_label("ISAC alignment measured").is_none());
    // The legend loses its lines about the marker.
    let (a, b) = (
        shown.state().0.legend().expect("a legend"),
        hidden.state().0.legend().expect("a legend"),
    );
    assert!(a.height() > b.height(), "{a:?} should be taller than {b:?}");
    // Hiding the indicator's power hides its marker too.
    let mut session = Session {
        date_year_f64: 2010.0,
        ..Session::default()
    };
    session.hidden_powers.insert(id("East"));
    let h = compass_of_session(measured_map(false), session);
    assert!(h.state().0.measured().is_empty());
}

#[test]
fn a_measurement_more_than_two_years_old_has_no_marker() {
    let h = compass_of(measured_map(false), 2012.0);
    assert_eq!(
        h.state().0.measured().len(),
        1,
        "two years on it still stands"
    );
    let h = compass_of(measured_map(false), 2012.5);
    assert!(h.state().0.measured().is_empty());
    assert!(h.query_by_label("ISAC alignment measured").is_none());
    // Before the first measurement there is none either.
    let h = compass_of(measured_map(false), 2008.5);
    assert!(h.state().0.measured().is_empty());
}

#[test]
fn clicking_a_measured_value_selects_its_power_and_a_value_below_the_scale_lies_opposite() {
    let mut map = measured_map(false);
    // 20% on 0–100% is −0.6: on the far side from East, where no arrow runs.
    map.indicators[0].points[1].value = 20.0;
    let mut h = compass_of(map, 2010.0);
    let geometry = h.state().0.geometry().expect("the compass was drawn");
    let at = h.state().0.measured()[0].center;
    let expected = geometry.center - egui::vec2(0.6 * geometry.radius, 0.0);
    assert!((at - expected).length() < 0.01, "{at:?} vs {expected:?}");
    assert_eq!(h.state().2.selected_power, None);
    click_at(&mut h, at);
    assert_eq!(h.state().2.selected_power, Some(id("East")));
    // Nothing was edited.
    assert!(h.state().3.is_empty());
}

#[test]
fn each_tip_is_a_slider_named_for_what_it_shows() {
    let mut map = contested_map();
    map.powers[1].track[0].strength = -0.35;
    let h = compass_of(map, 2010.0);
    for label in [
        "North, +0.60, toward, low confidence, contested",
        "East, −0.35, away, high confidence",
        "South, +0.60, toward, medium confidence, no evidence",
    ] {
        h.get_by_role_and_label(egui::accesskit::Role::Slider, label);
    }
    // Off the keyframe's month the marks go, and so do their words.
    let h = compass_of(contested_map(), 2012.0);
    h.get_by_role_and_label(
        egui::accesskit::Role::Slider,
        "North, +0.60, toward, low confidence",
    );
}

#[test]
fn the_net_tilt_is_reached_by_tab_and_says_where_it_points() {
    let mut map = contested_map();
    map.powers[0].track[0].strength = -0.6;
    let mut h = compass_of(map, 2010.0);
    // North −0.6 and South +0.6 both pull south, East +0.6 east: (0.6, −1.2) / 3.
    let name = "Net tilt, length 0.45, closest to South";
    h.get_by_label(name);
    for _ in 0..10 {
        if h.get_by_label(name).is_focused() {
            return;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    panic!("Tab never reached the net tilt");
}
