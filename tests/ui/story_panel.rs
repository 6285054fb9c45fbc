//! The story panel driven through the whole app: each change is one undo step.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use egui::Key;
use egui_kittest::{
    Harness,
    kittest::{NodeT as _, Queryable},
};
use stance_map::app::StanceApp;
use stance_map::model::{Date, PowerId, StanceMap, StoryStep};

fn step(year: i32, title: &str) -> StoryStep {
    StoryStep {
        date: Date::year(year),
        title: title.into(),
        caption: format!("Caption of {title}"),
        focus: Vec::new(),
        quotes: Vec::new(),
        duration_s: None,
        notes: String::new(),
        indicators: Vec::new(),
    }
}

fn harness(story: Vec<StoryStep>) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.map.story = story;
    app.session.panels.story = true;
    let mut h = crate::common::app_harness(
        Harness::builder()
            .with_size(egui::vec2(1600.0, 1000.0))
            .with_max_steps(20),
        app,
    );
    h.run();
    h
}

fn three_steps() -> Vec<StoryStep> {
    vec![
        step(1999, "Alpha"),
        step(2009, "Bravo"),
        step(2020, "Charlie"),
    ]
}

fn titles(h: &Harness<'static, StanceApp>) -> Vec<String> {
    h.state()
        .map
        .story
        .iter()
        .map(|s| s.title.clone())
        .collect()
}

fn undo(h: &mut Harness<'static, StanceApp>) {
    let app = h.state_mut();
    assert!(app.history.undo(&mut app.map));
    h.run();
}

fn map(h: &Harness<'static, StanceApp>) -> StanceMap {
    h.state().map.clone()
}

#[test]
fn adding_a_step_captures_the_view_in_one_undo_step() {
    let mut h = harness(Vec::new());
    let before = map(&h);
    {
        let app = h.state_mut();
        app.session.date_year_f64 = Date::month(2014, 3).to_year_f64();
        app.session.select_power(Some(PowerId("russia".into())));
    }
    h.run();
    h.get_by_label("Add step from current view").click();
    h.run();
    let story = &h.state().map.story;
    assert_eq!(story.len(), 1);
    assert_eq!(story[0].date, Date::month(2014, 3));
    assert_eq!(story[0].title, stance_map::ui::story_panel::NEW_STEP_TITLE);
    assert_eq!(story[0].focus, vec![PowerId("russia".into())]);
    assert!(story[0].caption.is_empty());
    assert_eq!(h.state().history.undo_len(), 1);
    undo(&mut h);
    assert_eq!(map(&h), before);
}

#[test]
fn adding_without_a_selection_focuses_the_visible_powers_and_takes_the_keyframes_quote() {
    let mut h = harness(Vec::new());
    {
        let app = h.state_mut();
        app.session.hidden_powers.insert(PowerId("china".into()));
        let russia = app.map.power(&PowerId("russia".into())).unwrap();
        let keyframe = russia
            .track
            .iter()
            .find(|k| !k.evidence.is_empty())
            .unwrap()
            .clone();
        app.session.date_year_f64 = keyframe.date.to_year_f64();
        app.session.selected_keyframe = Some(stance_map::app::session::KeyframeRef {
            power: PowerId("russia".into()),
            year_f64: keyframe.date.to_year_f64(),
        });
        app.session.selected_power = None;
    }
    h.run();
    h.get_by_label("Add step from current view").click();
    h.run();
    let app = h.state();
    let added = &app.map.story[0];
    assert!(!added.focus.contains(&PowerId("china".into())));
    assert_eq!(added.focus.len(), app.map.powers.len() - 1);
    let keyframe_quote = &app
        .map
        .power(&PowerId("russia".into()))
        .unwrap()
        .track
        .iter()
        .find(|k| !k.evidence.is_empty())
        .unwrap()
        .evidence[0];
    assert_eq!(added.quotes, vec![keyframe_quote.clone()]);
}

#[test]
fn clicking_a_step_shows_its_date_and_focus() {
    let mut story = three_steps();
    story[1].focus = vec![PowerId("eu".into())];
    let mut h = harness(story);
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    assert_eq!(h.state().session.date_year_f64, 2009.0);
    assert_eq!(h.state().session.focus, vec![PowerId("eu".into())]);
    h.get_by_label("Show all powers at full strength").click();
    h.run();
    assert!(h.state().session.focus.is_empty());
}

#[test]
fn moving_a_step_is_one_undo_step() {
    let mut h = harness(three_steps());
    let before = map(&h);
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    h.get_by_label("Move up").click();
    h.run();
    assert_eq!(titles(&h), ["Bravo", "Alpha", "Charlie"]);
    assert_eq!(h.state().history.undo_len(), 1);
    // The moved step stays selected: move it down twice.
    h.get_by_label("Move down").click();
    h.run();
    h.get_by_label("Move down").click();
    h.run();
    assert_eq!(titles(&h), ["Alpha", "Charlie", "Bravo"]);
    assert_eq!(h.state().history.undo_len(), 3);
    for _ in 0..3 {
        undo(&mut h);
    }
    assert_eq!(map(&h), before);
}

#[test]
fn deleting_a_step_is_one_undo_step() {
    let mut h = harness(three_steps());
    let before = map(&h);
    h.get_by_label("3. 2020 — Charlie").click();
    h.run();
    h.get_by_label("Delete step").click();
    h.run();
    assert_eq!(titles(&h), ["Alpha", "Bravo"]);
    assert_eq!(h.state().history.undo_len(), 1);
    undo(&mut h);
    assert_eq!(map(&h), before);
}

#[test]
fn editing_the_title_commits_once_when_the_field_loses_focus() {
    let mut h = harness(three_steps());
    let before = map(&h);
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    h.get_by_label("Step title").click();
    h.run();
    h.get_by_label("Step title").type_text(" and more");
    h.run();
    assert_eq!(titles(&h)[0], "Alpha", "nothing is committed while typing");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(titles(&h)[0], "Alpha and more");
    assert_eq!(h.state().history.undo_len(), 1);
    undo(&mut h);
    assert_eq!(map(&h), before);
}

#[test]
fn a_bad_date_is_refused_and_a_good_one_committed() {
    let mut h = harness(three_steps());
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    let field = "Step date";
    h.get_by_label(field).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.get_by_label(field).type_text("2020-13");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().map.story[0].date, Date::year(1999));
    assert!(
        h.query_by_label_contains("months run from 01 to 12")
            .is_some()
    );
    assert_eq!(h.state().history.undo_len(), 0);

    h.get_by_label(field).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.get_by_label(field).type_text("2001-05");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().map.story[0].date, Date::month(2001, 5));
    assert_eq!(h.state().history.undo_len(), 1);
}

#[test]
fn ticking_a_power_puts_it_in_focus_in_one_undo_step() {
    let mut h = harness(three_steps());
    let before = map(&h);
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    h.get_by_label("Focus on Russia").click();
    h.run();
    assert_eq!(h.state().map.story[1].focus, vec![PowerId("russia".into())]);
    assert_eq!(h.state().history.undo_len(), 1);
    undo(&mut h);
    assert_eq!(map(&h), before);
}

#[test]
fn present_from_here_starts_presenter_mode_at_that_step() {
    let mut h = harness(three_steps());
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    h.get_by_label("Present from here").click();
    h.run();
    assert!(h.state().session.presenting);
    assert!(h.query_by_label("Bravo").is_some());
    assert!(h.query_by_label("2 / 3").is_some());
    assert_eq!(h.state().session.date_year_f64, 2009.0);
}

#[test]
fn the_view_menu_shows_and_hides_the_story_panel() {
    let mut h = harness(three_steps());
    h.state_mut().session.panels.story = false;
    h.run();
    assert!(h.query_by_label("Add step from current view").is_none());
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Story panel").click();
    h.run();
    assert!(h.state().session.panels.story);
    // The panel is on screen, with its steps and its button.
    h.get_by_label("Add step from current view");
    h.get_by_label("2. 2009 — Bravo");
    // And the same menu item hides it again.
    if h.query_by_label("Story panel").is_none() {
        h.get_by_label("View").click();
        h.run();
    }
    h.get_by_label("Story panel").click();
    h.run();
    assert!(!h.state().session.panels.story);
    assert!(h.query_by_label("Add step from current view").is_none());
    assert!(h.query_by_label("2. 2009 — Bravo").is_none());
}

#[test]
fn a_caption_is_committed_when_another_step_is_clicked() {
    let mut h = harness(three_steps());
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    h.get_by_label("Step caption").click();
    h.run();
    h.get_by_label("Step caption").type_text(", extended");
    h.run();
    assert_eq!(h.state().history.undo_len(), 0);
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    assert_eq!(h.state().map.story[0].caption, "Caption of Alpha, extended");
    assert_eq!(h.state().history.undo_len(), 1);
    assert_eq!(h.state().session.date_year_f64, 2009.0);
}

/// Typing a title, then hiding the panel (View › Story panel): the title is kept, as one step.
#[test]
fn hiding_the_panel_keeps_what_was_being_typed() {
    let mut h = harness(three_steps());
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    h.get_by_label("Step title").click();
    h.run();
    h.get_by_label("Step title").type_text(" typed");
    h.run();
    assert_eq!(titles(&h)[0], "Alpha", "still typing");
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Story panel").click();
    h.run();
    assert!(!h.state().session.panels.story);
    assert_eq!(titles(&h)[0], "Alpha typed");
    assert_eq!(h.state().history.undo_len(), 1);
}

/// Typing a caption, then "Present from here": the presentation shows what was typed.
#[test]
fn presenting_from_here_keeps_what_was_being_typed() {
    let mut h = harness(three_steps());
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    h.get_by_label("Step title").click();
    h.run();
    h.get_by_label("Step title").type_text(" typed");
    h.run();
    h.get_by_label("Present from here").click();
    h.run();
    assert!(h.state().session.presenting);
    assert_eq!(titles(&h)[1], "Bravo typed");
    assert!(h.query_by_label("Bravo typed").is_some());
}

/// Escape in a step's field puts back what it had, as in every other field.
#[test]
fn escape_puts_back_a_steps_title() {
    let mut h = harness(three_steps());
    let before = map(&h);
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    h.get_by_label("Step title").click();
    h.run();
    h.get_by_label("Step title").type_text(" typed");
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(map(&h), before);
    assert_eq!(
        h.get_by_label("Step title").value().as_deref(),
        Some("Alpha")
    );
}

/// Deleting the step being typed in never renames the step that takes its place.
#[test]
fn deleting_the_step_being_typed_in_renames_no_other_step() {
    let mut h = harness(three_steps());
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    h.get_by_label("Step title").click();
    h.run();
    h.get_by_label("Step title").type_text(" typed");
    h.run();
    h.get_by_label("Delete step").click();
    h.run();
    h.run();
    assert_eq!(titles(&h), vec!["Alpha", "Charlie"]);
    assert_eq!(
        h.get_by_label("Step title").value().as_deref(),
        Some("Charlie")
    );
}

/// A date that was refused waits in its field, and closing the window asks first: the typed
/// text is work the map does not have yet.
#[test]
fn a_refused_date_waiting_in_its_field_is_asked_about_before_closing() {
    let mut h = harness(three_steps());
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    h.get_by_label("Step date").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.get_by_label("Step date").type_text("1999-13");
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().is_dirty());
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    h.get_by_label_contains("\"1999-13\": it is lost if you go on");
}

/// The panel shows how long autoplay takes for the whole story, and each step's time: from
/// its words until set by hand. A longer caption makes both longer.
#[test]
fn the_story_time_is_shown_and_grows_with_a_caption() {
    let mut h = harness(three_steps());
    // Each step has 4 words ("Alpha", "Caption of Alpha"): the 6 s minimum, 18 s in all.
    assert!(h.query_by_label("Autoplay: 18 s").is_some());
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    assert!(h.query_by_label("6 s, from its 4 words").is_some());

    h.get_by_label("Step caption").click();
    h.run();
    let sixty_words = " word".repeat(60);
    h.get_by_label("Step caption").type_text(&sixty_words);
    h.run();
    h.get_by_label("Step title").click();
    h.run();
    assert_eq!(
        h.state().map.story[0].caption,
        format!("Caption of Alpha{sixty_words}")
    );
    // 64 words at 160 a minute is 24 s, and 4 s for the compass: 28 s, so 28 + 6 + 6 in all.
    assert!(h.query_by_label("28 s, from its 64 words").is_some());
    assert!(h.query_by_label("Autoplay: 40 s").is_some());
    assert!(h.query_by_label("Autoplay: 18 s").is_none());

    // A time set by hand wins, and the panel says the words need longer.
    h.get_by_label("Autoplay seconds").click();
    h.run();
    h.get_by_label("Autoplay seconds").type_text("10");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().map.story[0].duration_s, Some(10.0));
    assert!(
        h.query_by_label("10 s, set by hand (its words need 28 s)")
            .is_some()
    );
    assert!(h.query_by_label("Autoplay: 22 s").is_some());
}

/// A step's quote that does not simply support its point shows its role beside it.
#[test]
fn a_steps_quote_that_does_not_support_shows_its_role() {
    let quote = |text: &str, role: stance_map::model::Role| stance_map::model::Evidence {
        quote: text.into(),
        source: stance_map::model::SourceId("article".into()),
        locator: String::new(),
        dimension: stance_map::model::Dimension::Political,
        role,
    };
    let mut story = three_steps();
    story[1].quotes = vec![
        quote("For the point", stance_map::model::Role::Supports),
        quote("Against the point", stance_map::model::Role::Contradicts),
    ];
    let mut h = harness(story);
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    let label = |text: &str| {
        let node = h.get_by_label_contains(text);
        let node = node.accesskit_node();
        node.label().or_else(|| node.value()).unwrap_or_default()
    };
    let against = label("Against the point");
    assert!(against.ends_with(") · contradicts"), "{against}");
    let supporting = label("For the point");
    assert!(!supporting.contains('·'), "{supporting}");
}

/// The article's 14 steps do not fit the list at 1024 × 768: its scroll bar is drawn (an
/// opaque handle) without the pointer anywhere near it, so the list does not look complete.
#[test]
fn an_overflowing_step_list_shows_its_scroll_bar() {
    let mut app = StanceApp::new_article();
    app.session.panels.story = true;
    let mut h =
        crate::common::app_harness(Harness::builder().with_size(egui::vec2(1024.0, 768.0)), app);
    h.run();
    let first = h.get_by_label_contains("1. 1991").rect();
    let last_title = format!("{}. ", h.state().map.story.len());
    let last = h.get_by_label_contains(&last_title).rect();
    assert!(last.top() > first.top(), "every step is in the list");
    // The story list's scroll bar: the one beside its first step.
    let bar = h
        .get_all_by_role(egui::accesskit::Role::ScrollBar)
        .map(|n| n.rect())
        .find(|r| r.y_range().contains(first.center().y) && r.left() > first.left())
        .expect("the step list has a scroll bar");
    let painted = h
        .output()
        .shapes
        .iter()
        .any(|clipped| match &clipped.shape {
            egui::Shape::Rect(rect) => {
                bar.expand(1.0).contains_rect(rect.rect)
                    && rect.fill.a() > 0
                    && rect.rect.height() > 4.0
            }
            _ => false,
        });
    assert!(painted, "the scroll bar is drawn without hovering it");
}

/// Speaker notes are typed in the story panel, kept with the step (one undo step) and saved.
#[test]
fn speaker_notes_are_typed_in_the_story_panel() {
    let mut h = harness(three_steps());
    h.get_by_label("1. 1999 — Alpha").click();
    h.run();
    h.get_by_label(stance_map::ui::story_panel::SPEAKER_NOTES_LABEL)
        .click();
    h.run();
    h.get_by_label(stance_map::ui::story_panel::SPEAKER_NOTES_LABEL)
        .type_text("Ask who remembers 1999.");
    h.run();
    h.get_by_label("2. 2009 — Bravo").click();
    h.run();
    assert_eq!(h.state().map.story[0].notes, "Ask who remembers 1999.");
    assert_eq!(h.state().history.undo_len(), 1);
    let text = stance_map::storage::to_ron_string(&h.state().map);
    assert!(
        text.contains("notes: \"Ask who remembers 1999.\""),
        "{text}"
    );
    let back = stance_map::storage::load_str(&text).unwrap();
    assert_eq!(back.story[0].notes, "Ask who remembers 1999.");
    // A step without notes saves none.
    assert_eq!(text.matches("notes:").count(), 1, "{text}");
}
