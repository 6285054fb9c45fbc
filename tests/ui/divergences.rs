//! Where judgement and data part: the "Judgement and data" panel (its rows, a click on one, the
//! threshold typed in) and the evidence panel's words under a keyframe, on a small map built
//! here: one power whose judged line rises while its one measured indicator falls.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::harness;
use egui::accesskit::Role;
use egui_kittest::{Harness, kittest::Queryable as _};
use stance_map::app::StanceApp;
use stance_map::app::session::KeyframeRef;
use stance_map::model::{
    Closer, Confidence, Date, Indicator, IndicatorId, IndicatorPoint, Interpolation, Keyframe,
    Power, PowerId, Source, SourceId, StanceMap,
};
use stance_map::ui::divergences::{
    EVIDENCE_HEADING, HEADING, MEASURED_NOTE, NO_INDICATORS, NONE_PART, THRESHOLD_LABEL,
};

/// The one row the map below has, as its accessible label says it.
const ROW: &str =
    "EU, between keyframes 2021 and 2022: judged +0.05, ISAC alignment −14 points, 2021–2022";
/// Its words, as the evidence panel says them.
const WORDS: &str = "judged +0.05, ISAC alignment −14 points, 2021–2022";

fn eu() -> PowerId {
    PowerId("eu".into())
}

fn keyframe(year: i32, strength: f64) -> Keyframe {
    Keyframe {
        unjudged: false,
        date: Date::year(year),
        strength,
        confidence: Confidence::Medium,
        interpolation: Interpolation::Linear,
        reasoning: "The analyst's reading.".into(),
        evidence: Vec::new(),
    }
}

fn point(year: i32, value: f64) -> IndicatorPoint {
    IndicatorPoint {
        date: Date::year(year),
        value,
        source: SourceId("isac".into()),
        note: String::new(),
        uncertain: false,
    }
}

/// EU judged +0.30 (2021), +0.35 (2022), +0.38 (2023); ISAC alignment measured 62%, 48%, 45%.
/// 2021–22 parts (judged +0.05 against −14 points); 2022–23 does not (judged +0.03 only).
fn map_with_indicator() -> StanceMap {
    let mut map = map_without_indicators();
    map.sources.push(Source {
        id: SourceId("isac".into()),
        author: "ISAC Fund".into(),
        year: Some(2023),
        entry: "ISAC Fund, Serbia's alignment with EU foreign-policy declarations.".into(),
        url: "https://www.isac-fund.org/".into(),
        accessed: "2026-12-01".into(),
    });
    map.indicators.push(Indicator {
        id: IndicatorId("isac".into()),
        name: "ISAC alignment".into(),
        unit: "%".into(),
        power: eu(),
        closer: Closer::Higher,
        low: 0.0,
        high: 100.0,
        method: "Share of declarations Serbia joined.".into(),
        points: vec![point(2021, 62.0), point(2022, 48.0), point(2023, 45.0)],
    });
    map
}

fn map_without_indicators() -> StanceMap {
    let mut map = StanceMap::empty();
    map.title = "EU, judged and measured".into();
    map.powers.push(Power {
        id: eu(),
        name: "EU".into(),
        color: "#1f4e9c".into(),
        bearing_deg: 270.0,
        track: vec![
            keyframe(2021, 0.30),
            keyframe(2022, 0.35),
            keyframe(2023, 0.38),
        ],
    });
    map
}

/// The whole app on `map`, the panel opened from the View menu.
fn app_with_panel(map: StanceMap) -> Harness<'static, StanceApp> {
    let mut h = harness(StanceApp::from_map(map));
    h.run();
    assert!(
        h.query_by_label(HEADING).is_none(),
        "the panel starts closed"
    );
    h.get_by_label("View").click();
    h.run();
    h.get_by_label(HEADING).click();
    h.run();
    assert!(h.state().session.panels.divergences);
    h
}

fn rows(h: &Harness<'_, StanceApp>) -> usize {
    h.query_all_by_label_contains(", between keyframes ")
        .count()
}

#[test]
fn the_panel_lists_the_one_span_where_judgement_and_data_part_and_a_click_goes_there() {
    let mut h = app_with_panel(map_with_indicator());
    h.get_by_label(HEADING);
    assert_eq!(rows(&h), 1);
    h.get_by_label(ROW);
    // Nothing is selected yet: the evidence panel does not say it.
    assert!(h.query_by_label(EVIDENCE_HEADING).is_none());

    h.get_by_label(ROW).click();
    h.run();
    let session = &h.state().session;
    assert_eq!(session.date_year_f64, 2022.0);
    assert_eq!(session.selected_power, Some(eu()));
    assert_eq!(
        session.selected_keyframe,
        Some(KeyframeRef {
            power: eu(),
            year_f64: 2022.0
        })
    );
    // The evidence panel, under the 2022 keyframe: the words, what was measured and by whom,
    // and which side is judged.
    h.get_by_label(EVIDENCE_HEADING);
    h.get_by_label(WORDS);
    h.get_by_label(
        "ISAC alignment, measured: 62% in 2021 (ISAC Fund, 2023), 48% in 2022 (ISAC Fund, 2023)",
    );
    h.get_by_label(MEASURED_NOTE);
}

#[test]
fn a_threshold_typed_in_above_both_moves_empties_the_list() {
    let mut h = app_with_panel(map_with_indicator());
    assert_eq!(rows(&h), 1);
    let field = h.get_by_role_and_label(Role::SpinButton, THRESHOLD_LABEL);
    field.click();
    h.run();
    // Clicked, the field takes the keyboard: what it held is replaced by what is typed.
    let field = h.get_by_role_and_label(Role::SpinButton, THRESHOLD_LABEL);
    assert!(field.is_focused());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::SpinButton, THRESHOLD_LABEL)
        .type_text("0.3");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert!((h.state().session.divergence_threshold - 0.3).abs() < 1e-12);
    assert_eq!(rows(&h), 0);
    h.get_by_label(NONE_PART);

    // Back down to the judged move of 0.05: the span is listed again.
    h.get_by_role_and_label(Role::SpinButton, THRESHOLD_LABEL)
        .set_value_accesskit(0.05);
    h.run();
    assert_eq!(rows(&h), 1);
}

#[test]
fn the_evidence_panel_says_it_only_under_a_keyframe_where_they_part() {
    let mut h = harness(StanceApp::from_map(map_with_indicator()));
    h.run();
    let select = |h: &mut Harness<'_, StanceApp>, year: i32| {
        let session = &mut h.state_mut().session;
        session.select_power(Some(eu()));
        session.date_year_f64 = f64::from(year);
        session.selected_keyframe = Some(KeyframeRef {
            power: eu(),
            year_f64: f64::from(year),
        });
        h.run();
    };
    // The span starts at 2021 and ends at 2022: both keyframes say it.
    select(&mut h, 2021);
    h.get_by_label(WORDS);
    select(&mut h, 2022);
    h.get_by_label(WORDS);
    // 2023 ends a span where they do not part: nothing.
    select(&mut h, 2023);
    assert!(h.query_by_label(EVIDENCE_HEADING).is_none());
    assert!(h.query_by_label(MEASURED_NOTE).is_none());
    // A threshold above the move: nothing under 2022 either.
    h.state_mut().session.divergence_threshold = 0.3;
    select(&mut h, 2022);
    assert!(h.query_by_label(EVIDENCE_HEADING).is_none());
}

#[test]
fn a_map_without_indicators_says_so_in_one_line() {
    let mut h = app_with_panel(map_without_indicators());
    h.get_by_label(NO_INDICATORS);
    assert_eq!(rows(&h), 0);
    assert!(h.query_by_label(THRESHOLD_LABEL).is_none());
    assert!(h.query_by_label(NONE_PART).is_none());
    // Its close button closes it.
    h.get_by_label("Close judgement and data").click();
    h.run();
    assert!(!h.state().session.panels.divergences);
    assert!(h.query_by_label(NO_INDICATORS).is_none());
}
