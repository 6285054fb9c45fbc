//! The timeline view driven through `egui_kittest`: picking keyframes, scrubbing the date,
//! panning, and hidden powers.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::drag;
use egui_kittest::{
    Harness,
    kittest::{NodeT as _, Queryable},
};
use stance_map::app::session::{KeyframeRef, Session};
use stance_map::model::{
    Confidence, Date, Dimension, Event, Evidence, Interpolation, Keyframe, Power, PowerId,
    SourceId, StanceMap,
};
use stance_map::ui::changes::{Change, Changes};
use stance_map::ui::timeline::TimelineView;

type State = (TimelineView, StanceMap, Session);

fn keyframe(date: Date, strength: f64, evidenced: bool) -> Keyframe {
    Keyframe {
        unjudged: false,
        date,
        strength,
        confidence: Confidence::Medium,
        interpolation: Interpolation::Linear,
        reasoning: String::new(),
        evidence: if evidenced {
            vec![Evidence {
                quote: "a quote of several words".into(),
                source: SourceId("s".into()),
                locator: String::new(),
                dimension: Dimension::Political,
                role: stance_map::model::Role::Supports,
            }]
        } else {
            Vec::new()
        },
    }
}

fn power(id: &str, color: &str, track: Vec<Keyframe>) -> Power {
    Power {
        id: PowerId(id.into()),
        name: id.to_uppercase(),
        color: color.into(),
        bearing_deg: 0.0,
        track,
    }
}

/// Two powers over 2000–2020. EU: +0.5 in 2000 (evidence), held until −0.5 in 2010 (no
/// evidence), +0.2 in 2020. RU: −0.8 in 2000 to +0.8 in 2020. One event in 2015.
fn small_map() -> StanceMap {
    let mut map = StanceMap::empty();
    let mut eu_2000 = keyframe(Date::year(2000), 0.5, true);
    eu_2000.interpolation = Interpolation::Hold;
    map.powers.push(power(
        "eu",
        "#1f4e9c",
        vec![
            eu_2000,
            keyframe(Date::year(2010), -0.5, false),
            keyframe(Date::year(2020), 0.2, true),
        ],
    ));
    map.powers.push(power(
        "ru",
        "#c0392b",
        vec![
            keyframe(Date::year(2000), -0.8, true),
            keyframe(Date::year(2020), 0.8, true),
        ],
    ));
    map.events.push(Event {
        date: Date::month(2015, 7),
        title: "Something happened".into(),
        powers: vec![PowerId("eu".into())],
        note: String::new(),
        evidence: Vec::new(),
    });
    map
}

fn harness(map: StanceMap, session: Session) -> Harness<'static, State> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 300.0))
        .build_ui_state(
            |ui, (view, map, session): &mut State| {
                // These tests edit nothing: the edits asked for are dropped
                // (`timeline_drag.rs` applies them); the date and selection are applied, as
                // the app does at the end of the frame.
                let mut changes = Changes::default();
                egui::CentralPanel::default()
                    .show(ui, |ui| view.ui(ui, map, session, &mut changes));
                changes.apply_view_state(session);
            },
            (TimelineView::default(), map, session),
        );
    h.run();
    h
}

fn session_at(date_year_f64: f64) -> Session {
    Session {
        date_year_f64,
        ..Session::default()
    }
}

fn pos(h: &Harness<'_, State>, year_f64: f64, strength: f64) -> egui::Pos2 {
    h.state()
        .0
        .screen_pos(year_f64, strength)
        .expect("the plot was drawn")
}

/// A primary click: press and release at one spot, one frame each.
fn click_at(h: &mut Harness<'_, State>, p: egui::Pos2) {
    h.hover_at(p);
    h.run();
    h.drag_at(p);
    h.drop_at(p);
    h.run();
}

/// A date a view drawn earlier in the frame asked for is the one the timeline shows, though
/// the session gets it only at the frame's end; a click asks for its date and writes nothing.
#[test]
fn the_timeline_draws_the_date_asked_for_this_frame_and_asks_for_its_own() {
    type Asked = (TimelineView, StanceMap, Session, Changes, Vec<Change>);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 300.0))
        .build_ui_state(
            |ui, (view, map, session, changes, log): &mut Asked| {
                // An earlier view's request, every frame; nothing applies it.
                *changes = Changes::default();
                changes.set_date(2015.0);
                egui::CentralPanel::default().show(ui, |ui| view.ui(ui, map, session, changes));
                log.extend(changes.0.drain(1..));
            },
            (
                TimelineView::default(),
                small_map(),
                session_at(2005.0),
                Changes::default(),
                Vec::new(),
            ),
        );
    h.run();
    assert_eq!(
        h.get_by_label("Timeline")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("January 2015")
    );
    let p = h.state().0.screen_pos(2010.0, -0.9).expect("drawn");
    h.hover_at(p);
    h.run();
    h.drag_at(p);
    h.drop_at(p);
    h.run();
    let (_, _, session, _, log) = h.state();
    assert!(
        (session.date_year_f64 - 2005.0).abs() < 1e-9,
        "the view wrote the session"
    );
    let asked = Changes(log.clone())
        .pending_date()
        .expect("a date asked for");
    assert!((asked - 2010.0).abs() < 0.3, "{asked}");
}

/// The time controls, drawn after the timeline, show the date it asked for in the same frame.
#[test]
fn the_time_controls_show_the_date_asked_for_this_frame() {
    type Asked = (StanceMap, Session);
    let h = Harness::builder()
        .with_size(egui::vec2(1000.0, 60.0))
        .build_ui_state(
            |ui, (map, session): &mut Asked| {
                let mut changes = Changes::default();
                changes.set_date(2015.0);
                stance_map::ui::time_controls::time_controls_ui(ui, map, session, &mut changes);
            },
            (small_map(), session_at(2005.0)),
        );
    let (map, session) = h.state();
    assert!((session.date_year_f64 - 2005.0).abs() < 1e-9);
    assert!(h.query_by_label(&map.date_label(2015.0)).is_some());
    assert!(h.query_by_label(&map.date_label(2005.0)).is_none());
}

#[test]
fn the_plot_is_labelled_and_spans_the_map() {
    let h = harness(small_map(), session_at(2020.0));
    h.get_by_label("Timeline");
    let start = pos(&h, 2000.0, 0.0);
    let end = pos(&h, 2020.0, 0.0);
    let top = pos(&h, 2010.0, 1.0);
    let bottom = pos(&h, 2010.0, -1.0);
    assert!(
        start.x > 0.0 && end.x < 1000.0 && start.x < end.x,
        "{start:?} {end:?}"
    );
    // The span fills most of the width: only a small margin on either side.
    assert!(end.x - start.x > 700.0, "{start:?} {end:?}");
    assert!(
        top.y < bottom.y && top.y > 0.0 && bottom.y < 300.0,
        "{top:?} {bottom:?}"
    );
}

#[test]
fn clicking_a_keyframe_marker_selects_it_and_moves_the_date() {
    let mut h = harness(small_map(), session_at(2020.0));
    let p = pos(&h, 2010.0, -0.5);
    // A few points off the marker still hits it.
    click_at(&mut h, p + egui::vec2(3.0, -2.0));
    let session = &h.state().2;
    let eu = PowerId("eu".into());
    assert_eq!(session.selected_power, Some(eu.clone()));
    assert_eq!(
        session.selected_keyframe,
        Some(KeyframeRef {
            power: eu,
            year_f64: 2010.0
        })
    );
    assert_eq!(session.date_year_f64, 2010.0);
}

#[test]
fn clicking_a_keyframe_of_another_power_switches_power_and_keyframe() {
    let mut h = harness(small_map(), session_at(2020.0));
    let p = pos(&h, 2010.0, -0.5);
    click_at(&mut h, p);
    let p = pos(&h, 2000.0, -0.8);
    click_at(&mut h, p);
    let session = &h.state().2;
    let ru = PowerId("ru".into());
    assert_eq!(session.selected_power, Some(ru.clone()));
    assert_eq!(
        session.selected_keyframe,
        Some(KeyframeRef {
            power: ru,
            year_f64: 2000.0
        })
    );
    assert_eq!(session.date_year_f64, 2000.0);
}

#[test]
fn clicking_empty_plot_moves_the_date_there() {
    let mut h = harness(small_map(), session_at(2020.0));
    let p = pos(&h, 2006.5, 0.95);
    click_at(&mut h, p);
    let session = &h.state().2;
    assert!(
        (session.date_year_f64 - 2006.5).abs() < 0.05,
        "{}",
        session.date_year_f64
    );
    assert_eq!(session.selected_keyframe, None);
}

#[test]
fn dragging_the_cursor_scrubs_the_date_without_panning() {
    let mut h = harness(small_map(), session_at(2005.0));
    let from = pos(&h, 2005.0, 0.9);
    let to = pos(&h, 2012.0, 0.9);
    drag(&mut h, from, to);
    let date = h.state().2.date_year_f64;
    assert!((date - 2012.0).abs() < 0.05, "{date}");
    assert!(!h.state().0.is_scrubbing());
    // The view stayed put while scrubbing.
    let after = pos(&h, 2005.0, 0.9);
    assert!((after.x - from.x).abs() < 0.5, "{from:?} {after:?}");
}

#[test]
fn scrubbing_is_clamped_to_the_span() {
    let mut h = harness(small_map(), session_at(2005.0));
    let from = pos(&h, 2005.0, 0.9);
    let to = egui::pos2(990.0, from.y);
    drag(&mut h, from, to);
    assert_eq!(h.state().2.date_year_f64, 2020.0);
}

#[test]
fn dragging_elsewhere_pans_the_years_and_keeps_the_date() {
    let mut h = harness(small_map(), session_at(2005.0));
    let from = pos(&h, 2012.0, 0.9);
    let to = from + egui::vec2(-200.0, 50.0);
    drag(&mut h, from, to);
    assert_eq!(h.state().2.date_year_f64, 2005.0);
    let after = pos(&h, 2012.0, 0.9);
    // Panned along x by the drag, not at all along y.
    assert!((after.x - to.x).abs() < 1.0, "{after:?} {to:?}");
    assert!((after.y - from.y).abs() < 0.5, "{after:?} {from:?}");
}

#[test]
fn hidden_powers_have_no_markers_to_pick() {
    let mut session = session_at(2020.0);
    session.hidden_powers.insert(PowerId("eu".into()));
    let mut h = harness(small_map(), session);
    // Where EU's 2010 marker would be: nothing to select, so the click only moves the date.
    let p = pos(&h, 2010.0, -0.5);
    click_at(&mut h, p);
    let session = &h.state().2;
    assert_eq!(session.selected_keyframe, None);
    assert_eq!(session.selected_power, None);
    assert!((session.date_year_f64 - 2010.0).abs() < 0.05);

    // The visible power still can be picked.
    let p = pos(&h, 2020.0, 0.8);
    click_at(&mut h, p);
    assert_eq!(h.state().2.selected_power, Some(PowerId("ru".into())));
}

#[test]
fn hovering_tells_about_keyframes_and_events() {
    let mut h = harness(small_map(), session_at(2020.0));
    h.hover_at(pos(&h, 2010.0, -0.5));
    h.run();
    h.get_by_label("No evidence");
    h.get_by_label("EU");

    h.hover_at(pos(&h, Date::month(2015, 7).to_year_f64(), 0.95));
    h.run();
    h.get_by_label("Something happened");
    h.get_by_label("July 2015");
    assert!(h.query_by_label("No evidence").is_none());
}

/// While a map is compared, a keyframe's tooltip gives the other map's value there too.
#[test]
fn hovering_a_keyframe_while_comparing_gives_both_values() {
    let mut other = small_map();
    for k in &mut other.powers[0].track {
        k.strength = 0.25;
    }
    let mut session = session_at(2020.0);
    session.comparison = Some(std::sync::Arc::new(other));
    let mut h = harness(small_map(), session);
    h.hover_at(pos(&h, 2010.0, -0.5));
    h.run();
    h.get_by_label("EU");
    h.get_by_label("+0.25 in the other map (dashed line)");
}

#[test]
fn an_event_dated_only_by_its_year_says_so() {
    let mut map = small_map();
    map.events[0].date = Date::year(2015);
    map.events[0].title = "Sometime in 2015".into();
    let mut h = harness(map, session_at(2020.0));
    h.hover_at(pos(&h, 2015.0, 0.95));
    h.run();
    h.get_by_label("Sometime in 2015");
    h.get_by_label("2015: the sources give only the year");
}

#[test]
fn the_article_map_draws_and_its_keyframes_can_be_picked() {
    let map = stance_map::article::article_map().expect("the article's map loads");
    let (lo, hi) = map.span_year_f64().expect("the map has dates");
    let mut h = harness(map.clone(), session_at(hi));
    h.get_by_label("Timeline");
    let power = map
        .powers
        .iter()
        .find(|p| p.track.len() > 1)
        .expect("a power with keyframes");
    let k = &power.track[power.track.len() / 2];
    let target = pos(&h, k.date.to_year_f64(), k.strength);
    click_at(&mut h, target);
    let session = &h.state().2;
    let picked = session
        .selected_keyframe
        .as_ref()
        .expect("a keyframe was picked");
    assert_eq!(session.selected_power.as_ref(), Some(&picked.power));
    assert_eq!(session.date_year_f64, picked.year_f64);
    assert!((lo..=hi).contains(&picked.year_f64));
    // Whichever marker was on top, it is drawn where the click landed.
    let picked_power = map.power(&picked.power).expect("picked an existing power");
    let strength = picked_power
        .track
        .iter()
        .find(|kf| kf.date.to_year_f64() == picked.year_f64)
        .expect("picked an existing keyframe")
        .strength;
    let at = pos(&h, picked.year_f64, strength);
    assert!(at.distance(target) <= 8.0, "{at:?} {target:?}");
}

/// 12 powers × 500 monthly keyframes from 1990, every seventh without evidence.
fn large_map() -> StanceMap {
    let mut map = StanceMap::empty();
    for p in 0..12 {
        let track = (0..500)
            .map(|i| {
                let date = Date::month(1990 + i / 12, (i % 12) as u8 + 1);
                let strength = ((f64::from(i) * 0.1 + f64::from(p)).sin() * 0.9).clamp(-1.0, 1.0);
                keyframe(date, strength, i % 7 != 0)
            })
            .collect();
        map.powers.push(power(&format!("p{p}"), "#808080", track));
    }
    map
}

#[test]
fn a_large_map_zoomed_in_still_works() {
    let map = large_map();
    let mut h = harness(map, session_at(2000.0));
    // Zoom in along x with ctrl-scroll style zoom events.
    let centre = pos(&h, 2010.0, 0.0);
    h.hover_at(centre);
    h.run();
    for _ in 0..10 {
        h.event(egui::Event::Zoom(1.5));
        h.run();
    }
    let y2010 = pos(&h, 2010.0, 0.0);
    let y2011 = pos(&h, 2011.0, 0.0);
    assert!(
        y2011.x - y2010.x > 500.0,
        "zoomed in: one year is {} pt",
        y2011.x - y2010.x
    );
    // A keyframe in view can still be picked.
    let kf = &h.state().1.powers[3].track[12 * 20 + 1]; // February 2010
    let (year, strength) = (kf.date.to_year_f64(), kf.strength);
    let target = pos(&h, year, strength);
    click_at(&mut h, target);
    let picked = h.state().2.selected_keyframe.clone().expect("picked");
    assert_eq!(picked.power, PowerId("p3".into()));
    assert!((picked.year_f64 - year).abs() < 1e-9);
}

/// A quote with a role.
fn quote(role: stance_map::model::Role) -> Evidence {
    Evidence {
        quote: "a quote of several words".into(),
        source: SourceId("s".into()),
        locator: String::new(),
        dimension: Dimension::Political,
        role,
    }
}

#[test]
fn hovering_a_contested_keyframe_counts_the_quotes_against_it_and_names_its_band() {
    use stance_map::model::Role;
    let mut map = small_map();
    let eu_2020 = &mut map.powers[0].track[2];
    eu_2020.confidence = Confidence::Low;
    eu_2020.evidence = vec![
        quote(Role::Supports),
        quote(Role::Contradicts),
        quote(Role::Contradicts),
    ];
    let ru_2000 = &mut map.powers[1].track[0];
    ru_2000.confidence = Confidence::High;
    ru_2000.evidence = vec![quote(Role::Qualifies)];
    let mut h = harness(map, session_at(2010.0));
    h.hover_at(pos(&h, 2020.0, 0.2));
    h.run();
    h.get_by_label("Contested: 2 of 3 quotes point against it");
    h.get_by_label("Low confidence: the shaded band, ±0.25 (wide = low)");
    // Quotes that only qualify a value do not support it.
    h.hover_at(pos(&h, 2000.0, -0.8));
    h.run();
    h.get_by_label("1 quote, none in support");
    h.get_by_label("High confidence: the shaded band, ±0.05 (wide = low)");
    // The tooltip says nothing of a contested value (the legend's "contested" is no tooltip).
    assert!(h.query_by_label_contains("Contested").is_none());
}

#[test]
fn a_keyframe_with_only_counter_evidence_keeps_its_marker_where_keyframes_crowd() {
    use stance_map::model::Role;
    // 500 monthly keyframes across 1000 points: too dense to draw each, all with support.
    let track: Vec<Keyframe> = (0..500)
        .map(|i| keyframe(Date::month(1990 + i / 12, (i % 12) as u8 + 1), 0.3, true))
        .collect();
    let mut map = StanceMap::empty();
    map.powers.push(power("eu", "#1f4e9c", track));
    let at = map.powers[0].track[250].date.to_year_f64();
    // Contested but supported: shown by the line alone there, as any supported keyframe.
    let mut contested = map.clone();
    contested.powers[0].track[250]
        .evidence
        .push(quote(Role::Contradicts));
    // Only quotes against it: a claim without support, whose marker is always drawn.
    let mut against = map.clone();
    against.powers[0].track[250].evidence = vec![quote(Role::Contradicts)];
    // Pressing where a drawn marker is grabs it; where only the line shows the keyframe, the
    // same press pans instead.
    for (map, grabs) in [(against, true), (contested, false), (map, false)] {
        let mut h = harness(map, session_at(1990.0));
        let p = pos(&h, at, 0.3);
        h.hover_at(p);
        h.run();
        h.drag_at(p);
        h.run();
        h.hover_at(p + egui::vec2(0.0, -20.0));
        h.run();
        assert_eq!(h.state().0.is_dragging_keyframe(), grabs);
        h.drop_at(p + egui::vec2(0.0, -20.0));
        h.run();
    }
}

/// The words painted in the last frame (axis labels are painted, not widgets).
fn painted_texts<S>(h: &Harness<'_, S>) -> Vec<String> {
    h.output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            egui::Shape::Text(text) => Some(text.galley.text().to_owned()),
            _ => None,
        })
        .collect()
}

/// The time axis labels the year the map starts and the year it ends, not only the decades,
/// and a year label that would crowd one of them is left out.
#[test]
fn the_axis_labels_where_the_map_starts_and_ends() {
    let map = stance_map::article::article_map().unwrap();
    let (first, last) = map.span_year_f64().unwrap();
    assert_eq!((first, last.floor()), (1991.0, 2023.0));
    let h = harness(map, session_at(2009.0));
    let texts = painted_texts(&h);
    for year in ["1991", "2000", "2010", "2023"] {
        assert!(texts.iter().any(|t| t == year), "{year} in {texts:?}");
    }
}

/// A line under the axis names every kind of mark the plot draws.
#[test]
fn the_timeline_has_a_legend_of_its_marks() {
    let h = harness(small_map(), session_at(2010.0));
    for words in ["keyframe", "contested", "no support", "confidence", "event"] {
        h.get_by_label(words);
    }
    // Under the plot, not over it.
    let plot = h.get_by_label("Timeline").rect();
    assert!(h.get_by_label("keyframe").rect().top() >= plot.bottom() - 1.0);
}

/// The small map with a measured indicator for EU, on 0–100%, citing a web source: 50% in
/// 2001, 60% in 2002, nothing in 2003, 40% in 2004 (uncertain, with a note), 70% in June
/// 2005 (more than a year after 2004 began: a point alone). Over 2000–2010 the judged EU line falls (+0.5 to −0.5) while the measurement rises
/// (+20 points): judgement and data part there.
fn measured_map() -> StanceMap {
    use stance_map::model::{Closer, Indicator, IndicatorId, IndicatorPoint, Source};
    let mut map = small_map();
    map.sources.push(Source {
        id: SourceId("isac".into()),
        author: "ISAC Fund".into(),
        year: Some(2023),
        entry: "ISAC Fund (2023). Alignment with EU declarations.".into(),
        url: "https://example.org/isac".into(),
        accessed: "2026-11-20".into(),
    });
    let point = |date, value, uncertain, note: &str| IndicatorPoint {
        date,
        value,
        source: SourceId("isac".into()),
        note: note.into(),
        uncertain,
    };
    map.indicators.push(Indicator {
        id: IndicatorId("isac".into()),
        name: "ISAC alignment".into(),
        unit: "%".into(),
        power: PowerId("eu".into()),
        closer: Closer::Higher,
        low: 0.0,
        high: 100.0,
        method: "Share of declarations aligned with".into(),
        points: vec![
            point(Date::year(2001), 50.0, false, ""),
            point(Date::year(2002), 60.0, false, ""),
            point(Date::year(2004), 40.0, true, "sources differ"),
            point(Date::month(2005, 6), 70.0, false, ""),
        ],
    });
    map
}

/// The small dots of the indicator's dotted steps in EU's colour, by their x on screen.
fn indicator_dots_x(h: &Harness<'_, State>) -> Vec<f32> {
    let eu = stance_map::ui::theme::power_color("#1f4e9c");
    h.output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            egui::Shape::Circle(c) if c.radius < 2.0 && c.fill == eu => Some(c.center.x),
            _ => None,
        })
        .collect()
}

#[test]
fn a_measured_indicator_is_drawn_in_steps_with_a_gap_where_a_year_is_missing() {
    let h = harness(measured_map(), session_at(2020.0));
    let dots = indicator_dots_x(&h);
    assert!(!dots.is_empty(), "the indicator is drawn");
    let x = |year: f64| pos(&h, year, 0.0).x;
    // 2001 and 2002 are joined: dots all along their two years.
    for year in [2001.5, 2002.5] {
        assert!(
            dots.iter().any(|&d| (d - x(year)).abs() < 6.0),
            "dots over {year}"
        );
    }
    // Nothing over 2003, which has no measurement: the line stops at its start and takes up
    // again at 2004's.
    let (gap_start, gap_end) = (x(2003.0) + 2.0, x(2004.0) - 2.0);
    let bridging: Vec<f32> = dots
        .iter()
        .copied()
        .filter(|d| (gap_start..gap_end).contains(d))
        .collect();
    assert!(
        bridging.is_empty(),
        "dots over the missing year: {bridging:?}"
    );
    // June 2005 starts more than a year after 2004 does: not joined either, but a square
    // marker alone.
    let june = Date::month(2005, 6).to_year_f64();
    assert!(
        !dots
            .iter()
            .any(|d| (x(2005.0) + 2.0..x(june) - 2.0).contains(d)),
        "dots between 2004 and June 2005"
    );
    let eu = stance_map::ui::theme::power_color("#1f4e9c");
    let marker = pos(&h, june, 0.4);
    assert!(
        h.output().shapes.iter().any(|c| matches!(
            &c.shape,
            egui::Shape::Rect(r) if r.fill == eu && r.rect.center().distance(marker) < 1.0
        )),
        "a square at June 2005"
    );
    // The uncertain 2004 figure: a hollow square (outlined in EU's colour, not filled with it).
    let uncertain = pos(&h, 2004.5, -0.2);
    let at = |c: &egui::epaint::ClippedShape| match &c.shape {
        egui::Shape::Rect(r) if r.rect.center().distance(uncertain) < 1.0 => Some(r.clone()),
        _ => None,
    };
    let squares: Vec<_> = h.output().shapes.iter().filter_map(at).collect();
    assert!(squares.iter().any(|r| r.stroke.color == eu), "{squares:?}");
    assert!(squares.iter().all(|r| r.fill != eu), "{squares:?}");
}

#[test]
fn hovering_a_measured_point_tells_its_value_source_note_and_that_it_is_uncertain() {
    let mut h = harness(measured_map(), session_at(2020.0));
    // 40% on 0–100% sits at −0.2; the marker is mid-2004, and the step covers the year.
    h.hover_at(pos(&h, 2004.3, -0.2));
    h.run();
    h.get_by_label("ISAC alignment");
    h.get_by_label("⚠ 2004: 40% (uncertain)");
    h.get_by_label("Source: ISAC Fund, 2023");
    h.get_by_label("https://example.org/isac");
    h.get_by_label("sources differ");
    h.get_by_label("uncertain: sources differ, or the figure's period or origin is unclear");
    h.get_by_label("measured, not judged · scale 0–100%");

    // A certain point says neither.
    h.hover_at(pos(&h, 2001.5, 0.0));
    h.run();
    h.get_by_label("2001: 50%");
    assert!(h.query_by_label("⚠ 2004: 40% (uncertain)").is_none());
    assert!(
        h.query_by_label("uncertain: sources differ, or the figure's period or origin is unclear")
            .is_none()
    );
}

#[test]
fn a_hidden_indicator_or_power_is_not_drawn_and_tells_nothing() {
    for hide_power in [false, true] {
        let mut session = session_at(2020.0);
        if hide_power {
            session.hidden_powers.insert(PowerId("eu".into()));
        } else {
            session
                .hidden_indicators
                .insert(stance_map::model::IndicatorId("isac".into()));
        }
        let mut h = harness(measured_map(), session);
        assert!(indicator_dots_x(&h).is_empty(), "hide power: {hide_power}");
        assert!(h.state().0.divergence_boxes().is_empty());
        assert!(!h.state().0.percent_axis_shown());
        h.hover_at(pos(&h, 2001.5, 0.0));
        h.run();
        assert!(h.query_by_label("2001: 50%").is_none());
    }
}

#[test]
fn where_judgement_and_data_part_a_box_says_so_in_words() {
    let map = measured_map();
    let found = stance_map::model::indicators::divergences(&map, 0.05);
    assert_eq!(found.len(), 1, "{found:?}");
    let words = found[0].describe(&map);
    let mut h = harness(map, session_at(2020.0));
    let boxes = h.state().0.divergence_boxes();
    assert_eq!(boxes.len(), 1);
    let ((x0, x1), (y0, y1)) = boxes[0];
    assert_eq!((x0, x1), (2000.0, 2010.0));
    // It holds the judged line's fall from +0.5 to −0.5.
    assert!(y0 <= -0.5 && y1 >= 0.5, "{y0} {y1}");
    // Inside it, away from lines and markers.
    h.hover_at(pos(&h, 2008.0, 0.1));
    h.run();
    h.get_by_label("Judgement and data part here");
    h.get_by_label(&words);

    // With a power selected only its own spans are boxed: Russia's selection hides the EU's.
    let mut session = session_at(2020.0);
    session.selected_power = Some(PowerId("ru".into()));
    let h = harness(measured_map(), session.clone());
    assert!(h.state().0.divergence_boxes().is_empty());
    session.selected_power = Some(PowerId("eu".into()));
    let h = harness(measured_map(), session);
    assert_eq!(h.state().0.divergence_boxes().len(), 1);

    // A threshold above both moves leaves no box.
    let mut session = session_at(2020.0);
    session.divergence_threshold = 1.5;
    let h = harness(measured_map(), session);
    assert!(h.state().0.divergence_boxes().is_empty());
}

#[test]
fn a_map_without_indicators_has_no_percent_axis_and_no_measured_legend() {
    let h = harness(small_map(), session_at(2020.0));
    assert!(!h.state().0.percent_axis_shown());
    assert!(h.query_by_label("measured").is_none());
    assert!(h.query_by_label("judgement and data part").is_none());
    assert!(h.state().0.divergence_boxes().is_empty());

    let h = harness(measured_map(), session_at(2020.0));
    assert!(h.state().0.percent_axis_shown());
    h.get_by_label("measured");
    h.get_by_label("judgement and data part");
}

/// Told the map's revision, the view works the divergences out once per revision and
/// threshold: the same revision keeps them, a new one (an edit) works them out again.
#[test]
fn divergences_are_worked_out_again_only_when_the_map_or_threshold_changes() {
    type Revised = (TimelineView, StanceMap, Session, u64);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 300.0))
        .build_ui_state(
            |ui, (view, map, session, revision): &mut Revised| {
                let mut changes = Changes::default();
                view.set_map_revision(*revision);
                egui::CentralPanel::default()
                    .show(ui, |ui| view.ui(ui, map, session, &mut changes));
            },
            (
                TimelineView::default(),
                measured_map(),
                session_at(2020.0),
                1,
            ),
        );
    h.run();
    assert_eq!(h.state().0.divergence_boxes().len(), 1);
    // The measurements that made the divergence go, at the same revision: still drawn.
    h.state_mut().1.indicators[0].points.truncate(1);
    h.run();
    assert_eq!(h.state().0.divergence_boxes().len(), 1);
    // The app's next revision: worked out again, and gone.
    h.state_mut().3 = 2;
    h.run();
    assert!(h.state().0.divergence_boxes().is_empty());
    // A new threshold at the same revision is worked out too.
    h.state_mut().1 = measured_map();
    h.state_mut().2.divergence_threshold = 0.06;
    h.run();
    assert_eq!(h.state().0.divergence_boxes().len(), 1);
}

/// Many spans in a row, each too narrow on screen to tell apart, are drawn as one box (not a
/// stripe of stacked slivers); hovering still tells each span.
#[test]
fn neighbouring_narrow_divergences_are_drawn_as_one_box() {
    let mut map = measured_map();
    // Two years of months: judged up 0.06 a month, measured down 3 points a month.
    map.powers[0].track = (0..24)
        .map(|i| {
            keyframe(
                Date::month(2000 + i / 12, (i % 12) as u8 + 1),
                -0.7 + 0.06 * f64::from(i),
                true,
            )
        })
        .collect();
    map.indicators[0].points = (0..24)
        .map(|i| stance_map::model::IndicatorPoint {
            date: Date::month(2000 + i / 12, (i % 12) as u8 + 1),
            value: 90.0 - 3.0 * f64::from(i),
            source: SourceId("isac".into()),
            note: String::new(),
            uncertain: false,
        })
        .collect();
    let h = harness(map, session_at(2020.0));
    assert_eq!(h.state().0.divergence_boxes().len(), 23);
    let tints: Vec<egui::Color32> = [true, false]
        .map(|dark| {
            stance_map::ui::theme::Palette::new(dark)
                .warning
                .gamma_multiply(stance_map::ui::timeline::DIVERGENCE_FILL_ALPHA)
        })
        .into();
    let boxes: Vec<usize> = h
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Mesh(mesh)
                if !mesh.vertices.is_empty()
                    && mesh.vertices.iter().all(|v| tints.contains(&v.color)) =>
            {
                Some(mesh.vertices.len())
            }
            _ => None,
        })
        .collect();
    assert_eq!(boxes, vec![4], "one quad over the 23 spans");
}

/// Where an indicator's points crowd too closely to mark each, only the selected power's
/// indicators are drawn (as only its confidence band is): with another power selected, or
/// none, the dense series is not drawn and tells nothing on hover.
#[test]
fn a_dense_indicator_is_drawn_only_for_the_selected_power() {
    let mut map = measured_map();
    map.indicators[0].points = (0..600)
        .map(|i| stance_map::model::IndicatorPoint {
            date: Date::month(1990 + i / 12, (i % 12) as u8 + 1),
            value: 50.0 + f64::from(i % 7),
            source: SourceId("isac".into()),
            note: String::new(),
            uncertain: false,
        })
        .collect();
    for (selected, drawn) in [(None, false), (Some("ru"), false), (Some("eu"), true)] {
        let mut session = session_at(2020.0);
        session.selected_power = selected.map(|id| PowerId(id.into()));
        let mut h = harness(map.clone(), session);
        h.run();
        assert_eq!(h.state().0.percent_axis_shown(), drawn, "{selected:?}");
    }
    // Sparse, the same series is drawn whichever power is selected.
    map.indicators[0].points.truncate(3);
    let mut session = session_at(2020.0);
    session.selected_power = Some(PowerId("ru".into()));
    let h = harness(map, session);
    assert!(h.state().0.percent_axis_shown());
}

/// The label of the widget with the keyboard, if any.
fn focused_label<S>(h: &Harness<'_, S>) -> Option<String> {
    #[allow(clippy::redundant_closure_for_method_calls)] // the method's lifetime is too narrow
    h.query_by(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label())
}

/// The plot says the date in words, as a sighted user reads it: a month, or a year alone
/// where the map dates only the year; never a year fraction.
#[test]
fn the_timeline_names_the_date_in_words() {
    let h = harness(small_map(), session_at(2015.0 + 2.0 / 12.0));
    let plot = h.get_by_label("Timeline");
    assert_eq!(plot.accesskit_node().value().as_deref(), Some("March 2015"));
    assert_eq!(plot.accesskit_node().numeric_value(), None);
    // EU's keyframe of 2010 gives only the year.
    let h = harness(small_map(), session_at(2010.0));
    assert_eq!(
        h.get_by_label("Timeline")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("2010")
    );
}

/// From the plot, Tab reaches each keyframe in view one by one, in date order, each named as
/// a sighted user reads its marker and hover text.
#[test]
fn tab_reaches_the_keyframes_one_by_one_in_date_order() {
    let mut h = harness(small_map(), session_at(2005.0));
    h.get_by_label("Timeline").focus();
    h.run();
    assert_eq!(focused_label(&h).as_deref(), Some("Timeline"));
    let mut heard = Vec::new();
    for _ in 0..5 {
        h.key_press(egui::Key::Tab);
        h.run();
        heard.push(focused_label(&h).unwrap_or_default());
    }
    assert_eq!(
        heard,
        [
            "EU, 2000, +0.50, medium confidence",
            "RU, 2000, −0.80, medium confidence",
            "EU, 2010, −0.50, medium confidence, no supporting evidence",
            "EU, 2020, +0.20, medium confidence",
            "RU, 2020, +0.80, medium confidence",
        ]
    );
    // Tabbing selects nothing; the date stays.
    assert_eq!(h.state().2.selected_keyframe, None);
    assert_eq!(h.state().2.date_year_f64, 2005.0);
}

/// With the plot focused, Right goes to the first keyframe after the date, Left and Right
/// from keyframe to keyframe, and Enter selects the one the keyboard is on, as a click does.
#[test]
fn arrows_go_from_keyframe_to_keyframe_and_enter_selects_it() {
    let mut h = harness(small_map(), session_at(2005.0));
    h.get_by_label("Timeline").focus();
    h.run();
    let press = |h: &mut Harness<'_, State>, key| {
        h.key_press(key);
        h.run();
        h.run();
        focused_label(h).unwrap_or_default()
    };
    assert_eq!(
        press(&mut h, egui::Key::ArrowRight),
        "EU, 2010, −0.50, medium confidence, no supporting evidence"
    );
    assert_eq!(
        press(&mut h, egui::Key::ArrowRight),
        "EU, 2020, +0.20, medium confidence"
    );
    assert_eq!(
        press(&mut h, egui::Key::ArrowRight),
        "RU, 2020, +0.80, medium confidence"
    );
    // The last one stays.
    assert_eq!(
        press(&mut h, egui::Key::ArrowRight),
        "RU, 2020, +0.80, medium confidence"
    );
    assert_eq!(
        press(&mut h, egui::Key::ArrowLeft),
        "EU, 2020, +0.20, medium confidence"
    );
    assert_eq!(
        press(&mut h, egui::Key::Home),
        "EU, 2000, +0.50, medium confidence"
    );
    assert_eq!(
        press(&mut h, egui::Key::ArrowRight),
        "RU, 2000, −0.80, medium confidence"
    );
    assert_eq!(
        h.state().2.selected_keyframe,
        None,
        "moving selects nothing"
    );
    // Beside the marker, its hover text with the keys to use.
    h.get_by_label("Enter to select, Left and Right for the next keyframe");
    press(&mut h, egui::Key::Enter);
    let session = &h.state().2;
    let ru = PowerId("ru".into());
    assert_eq!(session.selected_power, Some(ru.clone()));
    assert_eq!(
        session.selected_keyframe,
        Some(KeyframeRef {
            power: ru,
            year_f64: 2000.0
        })
    );
    assert_eq!(session.date_year_f64, 2000.0);
    // The selected keyframe says so.
    let node = h.get_by_label("RU, 2000, −0.80, medium confidence");
    assert!(node.accesskit_node().is_selected() == Some(true));
}

/// A keyframe with evidence against it is announced as contested.
#[test]
fn a_contested_keyframe_is_announced_as_contested() {
    let mut map = small_map();
    map.powers[1].track[1]
        .evidence
        .push(quote(stance_map::model::Role::Contradicts));
    let h = harness(map, session_at(2005.0));
    h.get_by_label("RU, 2020, +0.80, medium confidence, contested");
}

/// Where thousands of keyframes are in view, none is a widget of its own until the keyboard
/// goes to it from the plot; then that one is, named, and Right goes on to the next.
#[test]
fn a_large_map_makes_only_the_keyboards_keyframe_a_widget() {
    let keyframe_nodes = |h: &Harness<'_, State>| {
        h.query_all_by_role(egui::accesskit::Role::Button)
            .filter(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.contains("confidence"))
            })
            .count()
    };
    let mut h = harness(large_map(), session_at(2000.0));
    h.run();
    assert_eq!(keyframe_nodes(&h), 0);
    h.get_by_label("Timeline").focus();
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.run();
    // January 2000: the first power's keyframe is the first of that month.
    let first = focused_label(&h).unwrap_or_default();
    assert!(first.starts_with("P0, January 2000, "), "{first}");
    assert_eq!(keyframe_nodes(&h), 1);
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.run();
    let next = focused_label(&h).unwrap_or_default();
    assert!(next.starts_with("P1, January 2000, "), "{next}");
    assert_eq!(keyframe_nodes(&h), 1);
}

/// In the app, Left and Right belong to the timeline while it has the keyboard (the date
/// stays, the keyboard goes to a keyframe); after Esc they step the date again.
#[test]
fn the_focused_timeline_takes_left_and_right_until_esc() {
    let mut h = crate::common::article_harness();
    let before = h.state().session.date_year_f64;
    h.get_by_label("Timeline").focus();
    h.run();
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    h.run();
    assert_eq!(h.state().session.date_year_f64, before);
    let on = focused_label(&h).unwrap_or_default();
    assert!(on.contains(" confidence"), "{on}");
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(focused_label(&h), None);
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert!(h.state().session.date_year_f64 < before);
}

/// Zoomed in, End takes the keyboard to the map's last keyframe, out of view: the view moves
/// to show it.
#[test]
fn going_to_a_keyframe_out_of_view_brings_it_into_view() {
    let mut h = harness(large_map(), session_at(2000.0));
    let centre = pos(&h, 2000.0, 0.0);
    h.hover_at(centre);
    h.run();
    for _ in 0..6 {
        h.event(egui::Event::Zoom(1.5));
        h.run();
    }
    let plot = h.get_by_label("Timeline").rect();
    let last = h.state().1.powers[11].track.last().unwrap().clone();
    let (year, strength) = (last.date.to_year_f64(), last.strength);
    assert!(
        !plot.contains(pos(&h, year, strength)),
        "out of view at first"
    );
    h.get_by_label("Timeline").focus();
    h.run();
    h.key_press(egui::Key::End);
    for _ in 0..3 {
        h.run();
    }
    let on = focused_label(&h).unwrap_or_default();
    assert!(on.starts_with("P11, August 2031, "), "{on}");
    assert!(plot.contains(pos(&h, year, strength)), "brought into view");
}
