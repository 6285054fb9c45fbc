//! The powers panel: a checkbox per power, and under each power one per measured indicator.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::session::Session;
use stance_map::model::{
    Closer, Date, Indicator, IndicatorId, IndicatorPoint, Power, PowerId, SourceId, StanceMap,
};
use stance_map::ui::changes::Changes;

type State = (StanceMap, Session);

fn map() -> StanceMap {
    let mut map = StanceMap::empty();
    for (id, name) in [("eu", "EU"), ("ru", "Russia")] {
        map.powers.push(Power {
            id: PowerId(id.into()),
            name: name.into(),
            color: "#336699".into(),
            bearing_deg: 0.0,
            track: Vec::new(),
        });
    }
    map.indicators.push(Indicator {
        id: IndicatorId("isac".into()),
        name: "ISAC alignment".into(),
        unit: "%".into(),
        power: PowerId("eu".into()),
        closer: Closer::Higher,
        low: 0.0,
        high: 100.0,
        method: "Share of declarations aligned with".into(),
        points: vec![IndicatorPoint {
            date: Date::year(2021),
            value: 62.0,
            source: SourceId("isac".into()),
            note: String::new(),
            uncertain: false,
        }],
    });
    map
}

fn harness(map: StanceMap) -> Harness<'static, State> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(320.0, 300.0))
        .build_ui_state(
            |ui, (map, session): &mut State| {
                let mut changes = Changes::default();
                stance_map::ui::powers::powers_ui(ui, map, session, &mut changes);
                changes.apply_view_state(session);
            },
            (map, Session::default()),
        );
    h.run();
    h
}

#[test]
fn each_indicator_has_a_checkbox_under_its_power_that_shows_and_hides_it() {
    let mut h = harness(map());
    let isac = IndicatorId("isac".into());
    let checkbox = h.get_by_label("ISAC alignment");
    // Under EU, above Russia.
    let y = checkbox.rect().top();
    assert!(y > h.get_by_label("EU").rect().top());
    assert!(y < h.get_by_label("Russia").rect().top());
    checkbox.click();
    h.run();
    assert!(!h.state().1.is_indicator_shown(&isac));
    h.get_by_label("ISAC alignment").click();
    h.run();
    assert!(h.state().1.is_indicator_shown(&isac));
}

#[test]
fn a_map_without_indicators_has_no_indicator_checkboxes() {
    let mut plain = map();
    plain.indicators.clear();
    let h = harness(plain);
    assert!(h.query_by_label("ISAC alignment").is_none());
    h.get_by_label("Show EU");
}

/// An imported series can be taken out again: right-click its checkbox, "Remove this measured
/// series". It goes from the map and from the story steps that show it, in one undo step.
#[test]
fn a_measured_series_is_removed_from_its_checkboxs_menu_with_the_steps_that_show_it() {
    use stance_map::model::StoryStep;
    use stance_map::model::edit::History;
    use stance_map::ui::changes::Change;
    type Edited = (StanceMap, Session, History);
    let mut start = map();
    start.sources.push(stance_map::model::Source {
        id: SourceId("isac".into()),
        author: "ISAC Fund".into(),
        year: Some(2023),
        entry: "ISAC Fund.".into(),
        url: String::new(),
        accessed: String::new(),
    });
    start.story.push(StoryStep {
        date: Date::year(2021),
        title: "2021".into(),
        caption: String::new(),
        focus: Vec::new(),
        quotes: Vec::new(),
        duration_s: None,
        notes: String::new(),
        indicators: vec![IndicatorId("isac".into())],
    });
    assert!(stance_map::model::validate(&start).is_empty());
    let mut h = Harness::builder()
        .with_size(egui::vec2(320.0, 300.0))
        .build_ui_state(
            |ui, (map, session, history): &mut Edited| {
                let mut changes = Changes::default();
                stance_map::ui::powers::powers_ui(ui, map, session, &mut changes);
                for change in changes.0 {
                    if let Change::Edit(edit) = change {
                        history.apply(map, edit).unwrap();
                    }
                }
            },
            (start.clone(), Session::default(), History::new()),
        );
    h.run();
    h.get_by_label("ISAC alignment").click_secondary();
    h.run();
    h.get_by_label("Remove this measured series").click();
    h.run();
    let (map, _, history) = h.state_mut();
    assert!(map.indicators.is_empty());
    assert!(map.story[0].indicators.is_empty());
    assert!(
        stance_map::model::validate(map).is_empty(),
        "still a valid map"
    );
    let mut map = map.clone();
    assert!(history.undo(&mut map), "one undo step");
    assert_eq!(map, start);
}
