//! The evidence panel and the source view, driven through their real UI with `egui_kittest`.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::russia;
use egui_kittest::{Harness, kittest::Queryable as _};
use stance_map::app::session::{KeyframeRef, Session};
use stance_map::article::{ARTICLE_TEXT, article_map};
use stance_map::model::{
    Confidence, Date, Dimension, Event, Evidence, Interpolation, Keyframe, Power, PowerId, Role,
    Source, SourceId, StanceMap,
};
use stance_map::ui::changes::{Change, Changes, Panel};
use stance_map::ui::evidence::{
    NO_EVIDENCE_NOTICE, NO_SELECTION_HINT, NO_SUPPORT_NOTICE, SHOW_IN_ARTICLE, contested_notice,
    evidence_ui,
};
use stance_map::ui::source_view::{ARTICLE_TEXT_NAME, QUOTE_NOT_FOUND, SourceView};

type PanelState = (StanceMap, Session, Changes);

fn panel(map: StanceMap, session: Session) -> Harness<'static, PanelState> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(420.0, 900.0))
        .build_ui_state(
            |ui, (map, session, changes): &mut PanelState| {
                evidence_ui(ui, map, ARTICLE_TEXT, session, changes);
                // As the app does at the end of the frame.
                changes.apply_view_state(session);
            },
            (map, session, Changes::default()),
        );
    h.run();
    h
}

/// The article's map, with Russia selected at its first keyframe that has evidence.
fn russia_at_keyframe_with_evidence() -> (StanceMap, Session, Keyframe) {
    let map = article_map().expect("the article's map loads");
    let keyframe = map
        .power(&russia())
        .expect("the article's map has Russia")
        .track
        .iter()
        .find(|k| !k.evidence.is_empty())
        .expect("Russia has a keyframe with evidence")
        .clone();
    let mut session = Session::default();
    session.select_power(Some(russia()));
    session.date_year_f64 = keyframe.date.to_year_f64();
    (map, session, keyframe)
}

#[test]
fn a_selected_power_shows_its_quotes_and_citations() {
    let (map, session, keyframe) = russia_at_keyframe_with_evidence();
    let h = panel(map.clone(), session);

    for evidence in &keyframe.evidence {
        assert!(
            h.query_all_by_label_contains(&evidence.quote)
                .next()
                .is_some(),
            "quote not shown: {}",
            evidence.quote
        );
        let citation = map.citation(evidence);
        assert!(
            h.query_all_by_label_contains(&citation).next().is_some(),
            "citation not shown: {citation}"
        );
    }
    assert!(h.query_by_label_contains("Analyst's judgement").is_some());
    assert!(
        h.query_all_by_label_contains(&format!("confidence: {}", keyframe.confidence.label()))
            .next()
            .is_some()
    );
    assert!(h.query_by_label_contains("No evidence").is_none());
    assert!(h.query_by_label(NO_SELECTION_HINT).is_none());
}

#[test]
fn show_in_article_highlights_the_quote_and_opens_the_source() {
    let (map, session, keyframe) = russia_at_keyframe_with_evidence();
    assert!(!session.panels.source);
    let mut h = panel(map, session);

    h.get_all_by_label(SHOW_IN_ARTICLE)
        .next()
        .expect("a Show in article button")
        .click();
    h.run();

    let (_, session, changes) = h.state();
    assert!(
        changes.is_empty(),
        "showing a quote changes nothing in the map"
    );
    assert_eq!(
        session.highlighted_quote.as_deref(),
        Some(keyframe.evidence[0].quote.as_str())
    );
    assert!(session.panels.source);
}

#[test]
fn show_in_article_asks_the_app_and_writes_nothing_itself() {
    let (map, session, keyframe) = russia_at_keyframe_with_evidence();
    let mut h = Harness::builder()
        .with_size(egui::vec2(420.0, 900.0))
        .build_ui_state(
            |ui, (map, session, changes): &mut PanelState| {
                evidence_ui(ui, map, ARTICLE_TEXT, session, changes);
            },
            (map, session.clone(), Changes::default()),
        );
    h.run();
    h.get_all_by_label(SHOW_IN_ARTICLE)
        .next()
        .expect("a Show in article button")
        .click();
    h.run();

    let (_, after, changes) = h.state();
    assert_eq!(after, &session, "the view wrote the session itself");
    assert!(
        changes.0.contains(&Change::HighlightQuote(Some(
            keyframe.evidence[0].quote.clone()
        ))) && changes.0.contains(&Change::ShowPanel(Panel::Source)),
        "asked for: {changes:?}"
    );
}

#[test]
fn a_keyframe_without_evidence_is_flagged() {
    let mut map = StanceMap::empty();
    map.powers.push(Power {
        id: PowerId("p".to_owned()),
        name: "Power".to_owned(),
        color: "#336699".to_owned(),
        bearing_deg: 0.0,
        track: vec![Keyframe {
            unjudged: false,
            date: Date::year(2000),
            strength: -0.4,
            confidence: Confidence::Low,
            interpolation: Interpolation::Linear,
            reasoning: "A guess.".to_owned(),
            evidence: Vec::new(),
        }],
    });
    let mut session = Session::default();
    session.select_power(Some(PowerId("p".to_owned())));
    session.date_year_f64 = 2000.0;
    let h = panel(map, session);

    assert!(h.query_by_label(NO_EVIDENCE_NOTICE).is_some());
    assert!(h.query_by_label("A guess.").is_some());
    // The keyframe names only the year, so the date does too.
    assert!(h.query_by_label_contains("−0.40 in 2000").is_some());
    assert!(h.query_by_label(SHOW_IN_ARTICLE).is_none());
}

#[test]
fn no_selection_shows_the_hint() {
    let map = article_map().expect("the article's map loads");
    let h = panel(map, Session::default());
    assert!(h.query_by_label(NO_SELECTION_HINT).is_some());
    assert!(h.query_by_label(SHOW_IN_ARTICLE).is_none());
}

#[test]
fn before_the_first_keyframe_the_panel_says_so() {
    let map = article_map().expect("the article's map loads");
    let first = map.power(&russia()).expect("Russia").track[0].clone();
    let mut session = Session::default();
    session.select_power(Some(russia()));
    session.date_year_f64 = first.date.to_year_f64() - 5.0;
    let h = panel(map, session);
    assert!(
        h.query_by_label_contains(&format!("Before the first keyframe ({})", first.date))
            .is_some()
    );
}

#[test]
fn the_keyframe_selected_on_the_timeline_is_shown_with_the_ones_around_the_date() {
    let map = article_map().expect("the article's map loads");
    let track = map.power(&russia()).expect("Russia").track.clone();
    let (early, late) = (&track[0], &track[track.len() - 1]);
    let mut session = Session::default();
    session.select_power(Some(russia()));
    session.date_year_f64 = late.date.to_year_f64();
    session.selected_keyframe = Some(KeyframeRef {
        power: russia(),
        year_f64: early.date.to_year_f64(),
    });
    let h = panel(map, session);

    assert!(h.query_by_label("Selected on the timeline").is_some());
    for keyframe in [early, late] {
        let quote = &keyframe.evidence.first().expect("evidence").quote;
        assert!(
            h.query_all_by_label_contains(quote).next().is_some(),
            "{quote}"
        );
    }
}

type SourceState = (SourceView, StanceMap, Session, Changes);

fn source(quote: Option<&str>) -> Harness<'static, SourceState> {
    let session = Session {
        highlighted_quote: quote.map(ToOwned::to_owned),
        ..Session::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(420.0, 600.0))
        .with_max_steps(40)
        .build_ui_state(
            |ui, (view, map, session, changes): &mut SourceState| {
                view.ui(ui, ARTICLE_TEXT, map, session, changes);
                // As the app does at the end of the frame.
                changes.apply_view_state(session);
            },
            (
                SourceView::default(),
                article_map().expect("the article's map loads"),
                session,
                Changes::default(),
            ),
        );
    h.run();
    h
}

/// The top of the article's text, in the harness's coordinates.
fn text_top(h: &Harness<'_, SourceState>) -> f32 {
    h.get_by_label(ARTICLE_TEXT_NAME).rect().top()
}

#[test]
fn a_quote_in_the_article_is_shown_and_scrolled_into_view() {
    let map = article_map().expect("the article's map loads");
    // A quote from late in the article, so showing it needs a scroll.
    let quote = map
        .powers
        .iter()
        .flat_map(|p| &p.track)
        .flat_map(|k| &k.evidence)
        .map(|e| e.quote.as_str())
        .max_by_key(|q| ARTICLE_TEXT.find(q).unwrap_or(0))
        .expect("the map has quotes");
    assert!(ARTICLE_TEXT.find(quote).expect("quote is in the article") > ARTICLE_TEXT.len() / 2);

    let unscrolled = text_top(&source(None));
    let h = source(Some(quote));
    let shown = h
        .get_by_label(ARTICLE_TEXT_NAME)
        .value()
        .unwrap_or_default();
    assert!(shown.contains(quote));
    assert!(h.query_by_label(QUOTE_NOT_FOUND).is_none());
    let scrolled = text_top(&h);
    assert!(
        scrolled < unscrolled - 100.0,
        "the text should scroll to the quote: top {unscrolled} -> {scrolled}"
    );
}

#[test]
fn a_made_up_quote_is_flagged() {
    let h = source(Some("Serbia has joined the African Union."));
    assert!(h.query_by_label(QUOTE_NOT_FOUND).is_some());
    // The text is still shown.
    let shown = h
        .get_by_label(ARTICLE_TEXT_NAME)
        .value()
        .unwrap_or_default();
    assert!(shown.contains("Sino-Serbian Relations"));
}

#[test]
fn no_quote_no_warning() {
    let h = source(None);
    assert!(h.query_by_label(QUOTE_NOT_FOUND).is_none());
}

#[test]
fn every_quote_of_the_article_map_that_should_be_verbatim_is() {
    let map = article_map().expect("the article's map loads");
    let quotes = map
        .powers
        .iter()
        .flat_map(|p| &p.track)
        .flat_map(|k| &k.evidence)
        .chain(map.events.iter().flat_map(|e| &e.evidence));
    let mut checked = 0;
    for evidence in quotes {
        if stance_map::ui::evidence::quote_is_from_article(&map, ARTICLE_TEXT, &evidence.source) {
            checked += 1;
            assert!(
                ARTICLE_TEXT.contains(evidence.quote.trim()),
                "{}",
                evidence.quote
            );
        }
    }
    assert!(checked > 50, "only {checked} quotes were checked");
}

#[test]
fn the_edit_toggle_turns_quotes_into_forms() {
    let (map, session, keyframe) = russia_at_keyframe_with_evidence();
    let mut h = panel(map, session);
    assert!(
        h.query_by_label(stance_map::ui::evidence::ADD_QUOTE)
            .is_none()
    );
    h.get_by_label(&stance_map::ui::evidence::edit_keyframe_label(&keyframe))
        .click();
    h.run();
    assert!(
        h.query_by_label(stance_map::ui::evidence::ADD_QUOTE)
            .is_some()
    );
    assert_eq!(
        h.get_all_by_label(stance_map::ui::evidence::REMOVE_QUOTE)
            .count(),
        keyframe.evidence.len()
    );
    // Opening the form changes nothing.
    assert!(h.state().2.is_empty());
}

/// A power with one keyframe in 2000 whose quotes have `roles` (from a source that is not the
/// article, so no quote is looked for in its text), and an event that year with one
/// contradicting quote; selected at 2000.
fn roles_map(roles: &[Role]) -> (StanceMap, Session) {
    let source = SourceId("someone2020".to_owned());
    let quote = |text: String, role: Role| Evidence {
        quote: text,
        source: source.clone(),
        locator: String::new(),
        dimension: Dimension::Political,
        role,
    };
    let mut map = StanceMap::empty();
    map.sources.push(Source {
        id: source.clone(),
        author: "Someone".to_owned(),
        year: Some(2020),
        entry: "Someone (2020). A book.".to_owned(),
        url: String::new(),
        accessed: String::new(),
    });
    map.powers.push(Power {
        id: PowerId("p".to_owned()),
        name: "Power".to_owned(),
        color: "#336699".to_owned(),
        bearing_deg: 0.0,
        track: vec![Keyframe {
            unjudged: false,
            date: Date::year(2000),
            strength: 0.5,
            confidence: Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: "Judged.".to_owned(),
            evidence: roles
                .iter()
                .enumerate()
                .map(|(i, &role)| quote(format!("Quote number {i} {}", role.label()), role))
                .collect(),
        }],
    });
    map.events.push(Event {
        date: Date::year(2000),
        title: "Something happened".to_owned(),
        note: String::new(),
        powers: vec![PowerId("p".to_owned())],
        evidence: vec![quote(
            "The event's own counter-quote".to_owned(),
            Role::Contradicts,
        )],
    });
    let mut session = Session::default();
    session.select_power(Some(PowerId("p".to_owned())));
    session.date_year_f64 = 2000.0;
    (map, session)
}

/// The top of the one widget labelled `label`.
fn top_of(h: &Harness<'_, PanelState>, label: &str) -> f32 {
    h.get_by_label(label).rect().top()
}

#[test]
fn a_keyframes_quotes_are_grouped_by_role_and_counter_evidence_is_announced() {
    let (map, session) = roles_map(&[
        Role::Contradicts,
        Role::Supports,
        Role::Contradicts,
        Role::Supports,
    ]);
    let h = panel(map, session);

    // Two groups; no quote qualifies, so that heading is not shown.
    assert!(h.query_by_label(Role::Qualifies.heading()).is_none());
    let supporting = top_of(&h, Role::Supports.heading());
    let counter = top_of(&h, Role::Contradicts.heading());
    assert!(supporting < counter, "supporting evidence comes first");
    for (i, role) in [(1, Role::Supports), (3, Role::Supports)] {
        let at = top_of(&h, &format!("“Quote number {i} {}”", role.label()));
        assert!(
            supporting < at && at < counter,
            "quote {i} under its heading"
        );
    }
    for i in [0, 2] {
        let at = top_of(&h, &format!("“Quote number {i} contradicts”"));
        assert!(counter < at, "quote {i} under Counter-evidence");
    }
    // The card says so at its top, in plain words.
    let notice = top_of(&h, &contested_notice(2));
    assert_eq!(
        contested_notice(2),
        "Contested: 2 quotes point against this value."
    );
    assert!(notice < supporting);
    assert!(h.query_by_label(NO_SUPPORT_NOTICE).is_none());
    assert!(h.query_by_label(NO_EVIDENCE_NOTICE).is_none());
}

#[test]
fn a_keyframe_whose_quotes_only_qualify_or_contradict_says_nothing_supports_it() {
    let (map, session) = roles_map(&[Role::Qualifies, Role::Contradicts]);
    let h = panel(map, session);
    assert!(h.query_by_label(NO_SUPPORT_NOTICE).is_some());
    assert!(h.query_by_label(&contested_notice(1)).is_some());
    assert!(h.query_by_label(Role::Supports.heading()).is_none());
    assert!(h.query_by_label(Role::Qualifies.heading()).is_some());
    assert!(h.query_by_label(NO_EVIDENCE_NOTICE).is_none());

    // Only qualifying: not contested, still unsupported.
    let (map, session) = roles_map(&[Role::Qualifies]);
    let h = panel(map, session);
    assert!(h.query_by_label(NO_SUPPORT_NOTICE).is_some());
    assert!(h.query_by_label_contains("Contested").is_none());

    // Supported: neither notice.
    let (map, session) = roles_map(&[Role::Supports, Role::Qualifies]);
    let h = panel(map, session);
    assert!(h.query_by_label(NO_SUPPORT_NOTICE).is_none());
    assert!(h.query_by_label_contains("Contested").is_none());
}

#[test]
fn an_event_quote_that_does_not_support_shows_its_role() {
    let (map, session) = roles_map(&[Role::Supports]);
    let h = panel(map, session);
    assert!(h.query_by_label("Something happened").is_some());
    // The keyframe's supporting quote has no role chip; the event's counter-quote has one.
    assert_eq!(h.query_all_by_label(Role::Contradicts.label()).count(), 1);
    assert!(h.query_by_label(Role::Supports.label()).is_none());
}

/// Hovering a quote's citation shows its bibliography entry and, for a web source, where it
/// can be read and when it was.
#[test]
fn a_citations_hover_gives_the_sources_web_address() {
    let (mut map, session, keyframe) = russia_at_keyframe_with_evidence();
    let evidence = &keyframe.evidence[0];
    let source = map
        .sources
        .iter_mut()
        .find(|s| s.id == evidence.source)
        .unwrap();
    source.url = "https://example.org/report".into();
    source.accessed = "2024-03-15".into();
    let entry = source.entry.clone();
    let citation = format!("({})", map.citation(evidence));
    let mut h = panel(map, session);
    assert!(h.query_by_label_contains("Online: https://").is_none());
    h.query_all_by_label(&citation).next().unwrap().hover();
    h.run();
    h.run();
    h.get_by_label(&format!(
        "{entry}\nOnline: https://example.org/report (read on 2024-03-15)"
    ));
}
