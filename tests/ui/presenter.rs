//! Presenter mode driven through the whole app: F5, clicker keys, transitions, blanking,
//! autoplay, leaving; and the shipped story checked against the article.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use egui::Key;
use egui_kittest::{
    Harness,
    kittest::{NodeT as _, Queryable},
};
use stance_map::app::StanceApp;
use stance_map::article::{ARTICLE_TEXT, article_map};
use stance_map::model::{Date, PowerId, StoryStep};

/// Step time of the harness: each frame is a quarter of a second.
const STEP_DT: f32 = 0.25;

/// The first test step's speaker notes: never on the audience's screen.
const FIRST_NOTES: &str = "Remind them the bombing lasted 78 days.";

/// A story of three steps built here, so the tests do not depend on the shipped story.
fn test_story(app: &StanceApp) -> Vec<StoryStep> {
    let quote = app
        .map
        .powers
        .iter()
        .flat_map(|p| &p.track)
        .flat_map(|k| &k.evidence)
        .next()
        .expect("the article's map has evidence")
        .clone();
    vec![
        StoryStep {
            date: Date::year(1999),
            title: "First step title".into(),
            caption: "The first caption, about 1999.".into(),
            focus: vec![PowerId("us_nato".into())],
            quotes: vec![quote],
            duration_s: Some(2.0),
            notes: FIRST_NOTES.into(),
            indicators: Vec::new(),
        },
        StoryStep {
            date: Date::year(2009),
            title: "Second step title".into(),
            caption: "The second caption, about 2009.".into(),
            focus: vec![PowerId("russia".into()), PowerId("eu".into())],
            quotes: Vec::new(),
            duration_s: Some(2.0),
            notes: String::new(),
            indicators: Vec::new(),
        },
        StoryStep {
            date: Date::month(2020, 3),
            title: "Third step title".into(),
            caption: "The third caption, about 2020.".into(),
            focus: Vec::new(),
            quotes: Vec::new(),
            duration_s: None,
            notes: String::new(),
            indicators: Vec::new(),
        },
    ]
}

fn harness_with(size: egui::Vec2, story: Option<Vec<StoryStep>>) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.map.story = story.unwrap_or_else(|| test_story(&app));
    let mut h = crate::common::app_harness(
        Harness::builder()
            .with_size(size)
            .with_step_dt(STEP_DT)
            .with_max_steps(40),
        app,
    );
    h.run();
    h
}

fn presenting(size: egui::Vec2) -> Harness<'static, StanceApp> {
    let mut h = harness_with(size, None);
    h.key_press(Key::F5);
    h.run();
    assert!(h.state().session.presenting, "F5 enters presenter mode");
    h
}

fn date(h: &Harness<'static, StanceApp>) -> f64 {
    h.state().session.date_year_f64
}

fn shows(h: &Harness<'static, StanceApp>, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

/// Let the transition finish (1 s) with room to spare.
fn settle(h: &mut Harness<'static, StanceApp>) {
    h.run_steps(6);
}

#[test]
fn f5_shows_the_first_step() {
    let h = presenting(egui::vec2(1280.0, 720.0));
    assert!(shows(&h, "First step title"));
    assert!(shows(&h, "The first caption, about 1999."));
    assert!(shows(&h, "1 / 3"));
    assert_eq!(date(&h), 1999.0);
    assert_eq!(h.state().session.focus, vec![PowerId("us_nato".into())]);
    // The quote card: the quote in curly quotes and its citation.
    let app = h.state();
    let ev = &app.map.story[0].quotes[0];
    assert!(shows(&h, &format!("\u{201c}{}\u{201d}", ev.quote)));
    assert!(shows(&h, &app.map.citation(ev)));
}

#[test]
fn right_glides_to_the_next_step() {
    let mut h = presenting(egui::vec2(1920.0, 1080.0));
    h.key_press(Key::ArrowRight);
    h.step();
    let mid = date(&h);
    assert!(mid > 1999.0 && mid < 2009.0, "date mid-transition: {mid}");
    settle(&mut h);
    assert_eq!(date(&h), 2009.0);
    assert!(shows(&h, "The second caption, about 2009."));
    assert!(!shows(&h, "The first caption, about 1999."));
    assert!(shows(&h, "2 / 3"));
    assert_eq!(
        h.state().session.focus,
        vec![PowerId("russia".into()), PowerId("eu".into())]
    );

    h.key_press(Key::ArrowLeft);
    settle(&mut h);
    assert_eq!(date(&h), 1999.0);
    assert!(shows(&h, "The first caption, about 1999."));
}

#[test]
fn page_down_space_and_enter_advance_and_page_up_goes_back() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::PageDown);
    settle(&mut h);
    assert!(shows(&h, "Second step title"));
    h.key_press(Key::PageUp);
    settle(&mut h);
    assert!(shows(&h, "First step title"));
    h.key_press(Key::Space);
    settle(&mut h);
    assert!(shows(&h, "Second step title"));
    h.key_press(Key::Enter);
    settle(&mut h);
    assert!(shows(&h, "Third step title"));
    // Past the last step, Right stays there.
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert!(shows(&h, "3 / 3 · end"));
}

#[test]
fn two_clicker_presses_in_one_frame_move_two_steps() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    // A clicker pressed twice quickly: both presses arrive before the next frame.
    h.key_press(Key::PageDown);
    h.key_press(Key::PageDown);
    settle(&mut h);
    assert!(shows(&h, "Third step title"));
    assert!(shows(&h, "3 / 3 · end"));
    h.key_press(Key::PageUp);
    h.key_press(Key::PageUp);
    h.key_press(Key::PageUp);
    settle(&mut h);
    assert!(shows(&h, "First step title"), "stops at the first step");
    h.key_press(Key::ArrowRight);
    h.key_press(Key::ArrowLeft);
    settle(&mut h);
    assert!(shows(&h, "First step title"), "forward and back cancel out");
}

#[test]
fn end_and_home_jump_to_the_last_and_first_steps() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::End);
    settle(&mut h);
    assert!(shows(&h, "Third step title"));
    assert_eq!(date(&h), Date::month(2020, 3).to_year_f64());
    assert!(h.state().session.focus.is_empty());
    h.key_press(Key::Home);
    settle(&mut h);
    assert!(shows(&h, "First step title"));
    assert_eq!(date(&h), 1999.0);
}

#[test]
fn b_blanks_the_screen_and_any_key_returns() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::B);
    h.run();
    assert!(!shows(&h, "The first caption, about 1999."));
    assert!(shows(&h, "Black screen"));
    // The next key only brings the slide back; it does not also advance.
    h.key_press(Key::ArrowRight);
    h.run();
    assert!(shows(&h, "The first caption, about 1999."));
    assert!(!shows(&h, "Black screen"));

    h.key_press(Key::W);
    h.run();
    assert!(shows(&h, "White screen"));
    h.key_press(Key::W);
    h.run();
    assert!(shows(&h, "First step title"));
    assert!(h.state().session.presenting);
}

#[test]
fn autoplay_advances_after_the_step_duration_and_loops() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::A);
    h.step();
    assert!(shows(&h, "autoplay"));
    // Step 1 lasts 2 s; the key press itself took two frames.
    h.run_steps(4);
    h.run_steps(6);
    assert!(
        shows(&h, "Second step title"),
        "autoplay moved on after 2 s"
    );
    // Now 3 s in. Step 2 lasts 2 s (to 4 s), step 3 the default 8 s (to 12 s), then it loops
    // to the first: look at 13 s.
    h.run_steps(40);
    assert!(shows(&h, "First step title"), "autoplay loops");
    h.key_press(Key::A);
    h.run();
    assert!(!shows(&h, "autoplay"));
}

#[test]
fn autoplay_of_an_absurd_duration_never_panics() {
    // Loading refuses such a step; a map that reaches the presenter some other way (an edit,
    // a future import) must still not crash it.
    for duration_s in [1e308, f64::MAX, 1e20] {
        let mut app = StanceApp::new_article();
        let mut story = test_story(&app);
        story[0].duration_s = Some(duration_s);
        app.map.story = story;
        let mut h = crate::common::app_harness(
            Harness::builder()
                .with_size(egui::vec2(1280.0, 720.0))
                .with_step_dt(STEP_DT)
                .with_max_steps(40),
            app,
        );
        h.run();
        h.key_press(Key::F5);
        h.run();
        h.key_press(Key::A);
        h.run_steps(4);
        assert!(shows(&h, "autoplay"), "{duration_s}");
        assert!(shows(&h, "First step title"), "{duration_s}");
    }
}

#[test]
fn plus_and_minus_change_the_text_scale_within_bounds() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::Plus);
    h.run();
    assert!((h.state().session.presenter_text_scale - 1.1).abs() < 1e-4);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Minus);
    h.run();
    assert!((h.state().session.presenter_text_scale - 1.0).abs() < 1e-4);
    for _ in 0..20 {
        h.key_press(Key::Plus);
    }
    h.run();
    assert!((h.state().session.presenter_text_scale - 2.0).abs() < 1e-4);
    for _ in 0..30 {
        h.key_press(Key::Minus);
    }
    h.run();
    assert!((h.state().session.presenter_text_scale - 0.6).abs() < 1e-4);
    assert!(shows(&h, "First step title"));
}

#[test]
fn escape_leaves_presenter_mode() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().session.presenting);
    assert!(
        h.state().session.focus.is_empty(),
        "leaving clears the focus"
    );
    // Entering again starts at the first step.
    h.key_press(Key::F5);
    h.run();
    assert!(shows(&h, "First step title"));
}

#[test]
fn a_map_without_a_story_says_so() {
    let mut h = harness_with(egui::vec2(1280.0, 720.0), Some(Vec::new()));
    h.key_press(Key::F5);
    h.run();
    assert!(h.state().session.presenting);
    assert!(shows(
        &h,
        "This map has no story yet. Add steps in the story panel."
    ));
    assert!(shows(&h, "Press Esc to leave presenter mode."));
    h.key_press(Key::ArrowRight);
    h.run();
    h.get_by_label("Leave presenter mode").click();
    h.run();
    assert!(!h.state().session.presenting);
}

#[test]
fn the_on_screen_buttons_appear_when_the_mouse_moves() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    assert!(!shows(&h, "Next step"));
    h.hover_at(egui::pos2(600.0, 300.0));
    h.step();
    h.hover_at(egui::pos2(610.0, 305.0));
    h.step();
    h.get_by_label("Next step").click();
    h.step();
    settle(&mut h);
    assert!(shows(&h, "Second step title"));
}

#[test]
fn the_shipped_story_is_told_in_order_with_verbatim_quotes() {
    let map = article_map().expect("the article's map loads");
    assert!(
        (8..=16).contains(&map.story.len()),
        "{} steps",
        map.story.len()
    );
    for pair in map.story.windows(2) {
        assert!(
            pair[0].date.to_year_f64() < pair[1].date.to_year_f64(),
            "\"{}\" ({}) comes before \"{}\" ({})",
            pair[0].title,
            pair[0].date,
            pair[1].title,
            pair[1].date
        );
    }
    for step in &map.story {
        assert!(!step.title.trim().is_empty());
        for id in &step.focus {
            assert!(map.power(id).is_some(), "step \"{}\": {id}", step.title);
        }
        for ev in &step.quotes {
            assert!(
                ARTICLE_TEXT.contains(&ev.quote),
                "step \"{}\": not verbatim: {}",
                step.title,
                ev.quote
            );
            assert!(map.source(&ev.source).is_some());
        }
    }
}

#[test]
fn the_shipped_story_fits_at_projector_sizes_without_overlap() {
    // Every step's title, caption and quote cards lie inside the window and apart from each
    // other, at both sizes and at the smallest and largest text scale.
    let map = article_map().expect("loads");
    assert!(!map.story.is_empty(), "the article's map ships a story");
    for size in [egui::vec2(1280.0, 720.0), egui::vec2(1920.0, 1080.0)] {
        for scale in [0.6, 1.0, 2.0] {
            let mut h = harness_with(size, Some(map.story.clone()));
            h.state_mut().session.presenter_text_scale = scale;
            h.key_press(Key::F5);
            h.run();
            for (i, step) in map.story.iter().enumerate() {
                if i > 0 {
                    h.key_press(Key::ArrowRight);
                    settle(&mut h);
                }
                let mut labels = vec![step.title.clone(), step.caption.clone()];
                for ev in &step.quotes {
                    labels.push(stance_map::slides::quoted(&ev.quote));
                }
                let rects: Vec<egui::Rect> = labels
                    .iter()
                    .filter(|l| !l.is_empty())
                    .map(|l| h.get_by_label(l).rect())
                    .collect();
                let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
                for (a, ra) in rects.iter().enumerate() {
                    assert!(
                        screen.contains_rect(*ra),
                        "{size:?} ×{scale}: step {} text {a} outside the window: {ra:?}",
                        i + 1
                    );
                    for rb in &rects[a + 1..] {
                        assert!(
                            !ra.shrink(0.5).intersects(rb.shrink(0.5)),
                            "{size:?} ×{scale}: step {} texts overlap",
                            i + 1
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_counter_says_when_the_story_ends() {
    use stance_map::ui::presenter::step_counter;
    assert_eq!(step_counter(0, 12), "1 / 12");
    assert_eq!(step_counter(10, 12), "11 / 12");
    assert_eq!(step_counter(11, 12), "12 / 12 · end");
    assert_eq!(
        step_counter(0, 1),
        "1 / 1",
        "a one-step story has no end to announce"
    );
    assert_eq!(step_counter(0, 0), "0 / 0");
}

#[test]
fn leaving_mid_glide_lands_on_the_steps_date() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::ArrowRight);
    h.step();
    let mid = date(&h);
    assert!(mid > 1999.0 && mid < 2009.0, "mid-transition: {mid}");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().session.presenting);
    assert_eq!(date(&h), 2009.0);
}

/// The drawn state of one arrow: the value its widget reports and where its tip is.
fn arrow(h: &Harness<'static, StanceApp>, power: &str) -> (Option<f64>, egui::Rect) {
    let node = crate::common::tip(h, power);
    (node.accesskit_node().numeric_value(), node.rect())
}

#[test]
fn the_presenters_arrows_cannot_be_dragged() {
    let mut h = presenting(egui::vec2(1920.0, 1080.0));
    settle(&mut h);
    let map = h.state().map.clone();
    let shown = arrow(&h, "Russia");
    assert!(shown.0.is_some_and(|s| s.abs() > 0.1), "{shown:?}");
    let from = shown.1.center();
    // Toward the far side of the compass: an editable arrow would turn around.
    let to = from + (h.get_by_label("Serbia compass").rect().center() - from) * 1.5;
    let unchanged = |h: &Harness<'static, StanceApp>, when: &str| {
        assert_eq!(arrow(h, "Russia"), shown, "the arrow {when}");
        assert_eq!(date(h), 1999.0, "the date {when}");
        assert!(h.state().map == map, "the map {when}");
        assert!(h.state().session.presenting);
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
    settle(&mut h);
    unchanged(&h, "after the frames that apply changes");
}

/// Every text drawn in the last frame, with the size of its font (the smallest in it).
fn texts(h: &Harness<'static, StanceApp>) -> Vec<(String, f32)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, f32)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(text) => {
                let galley = &text.galley;
                if galley.text().trim().is_empty() {
                    return;
                }
                let size = galley
                    .job
                    .sections
                    .iter()
                    .filter(|s| {
                        let r = &s.byte_range;
                        !galley.job.text[r.start.0..r.end.0].trim().is_empty()
                    })
                    .map(|s| s.format.font_id.size)
                    .fold(f32::INFINITY, f32::min);
                out.push((galley.text().to_owned(), size));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// The smallest size each text is drawn at.
fn text_sizes(h: &Harness<'static, StanceApp>) -> std::collections::BTreeMap<String, f32> {
    let mut sizes = std::collections::BTreeMap::new();
    for (text, size) in texts(h) {
        let entry = sizes.entry(text).or_insert(size);
        *entry = f32::min(*entry, size);
    }
    sizes
}

#[test]
fn every_text_on_the_presenter_screen_is_a_fortieth_of_its_height() {
    let map = article_map().expect("loads");
    for size in [egui::vec2(1280.0, 720.0), egui::vec2(1920.0, 1080.0)] {
        let smallest = size.y * stance_map::ui::presenter::MIN_TEXT_SHARE;
        let mut h = harness_with(size, Some(map.story.clone()));
        h.key_press(Key::F5);
        h.run();
        for i in 0..map.story.len() {
            if i > 0 {
                h.key_press(Key::ArrowRight);
                settle(&mut h);
            }
            let drawn = texts(&h);
            // The compass's names and values are among them.
            assert!(drawn.iter().any(|(t, _)| t == "Russia"), "{drawn:?}");
            for (text, points) in drawn {
                assert!(
                    points >= smallest - 1e-3,
                    "{size:?} step {}: {text:?} is {points} points, under {smallest}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn plus_makes_every_text_larger_compass_included_and_no_text_smaller() {
    let map = article_map().expect("loads");
    let mut h = harness_with(egui::vec2(1280.0, 720.0), Some(map.story.clone()));
    h.key_press(Key::F5);
    h.run();
    let mut grown_titles = 0;
    for i in 0..map.story.len() {
        if i > 0 {
            h.key_press(Key::ArrowRight);
            settle(&mut h);
        }
        let before = text_sizes(&h);
        h.key_press(Key::Plus);
        h.run();
        let after = text_sizes(&h);
        for (text, was) in &before {
            if let Some(now) = after.get(text) {
                assert!(
                    *now >= was - 1e-3,
                    "step {}: {text:?} shrank from {was} to {now}",
                    i + 1
                );
            }
        }
        // The step's text grows too where the larger size still fits; elsewhere it keeps
        // its size (the fitting shrinks the whole step alike, never below the size before).
        let title = &map.story[i].title;
        if after[title] > before[title] {
            grown_titles += 1;
        }
        for grows in ["Russia", "Serbia", &step_counter_of(i, &map)] {
            assert!(
                after[grows] > before[grows],
                "step {}: {grows:?} stayed {}",
                i + 1,
                before[grows]
            );
        }
        h.key_press(Key::Minus);
        h.run();
    }
    eprintln!("{grown_titles} of {} titles grew", map.story.len());
    assert!(grown_titles > 0);
}

fn step_counter_of(i: usize, map: &stance_map::model::StanceMap) -> String {
    stance_map::ui::presenter::step_counter(i, map.story.len())
}

#[test]
fn quotes_are_one_size_on_every_step_that_fits() {
    // At 1920×1080 the shipped story's steps fit at full size: every quote the same size.
    let map = article_map().expect("loads");
    let mut h = harness_with(egui::vec2(1920.0, 1080.0), Some(map.story.clone()));
    h.key_press(Key::F5);
    h.run();
    let mut quote_sizes = Vec::new();
    for (i, step) in map.story.iter().enumerate() {
        if i > 0 {
            h.key_press(Key::ArrowRight);
            settle(&mut h);
        }
        let sizes = text_sizes(&h);
        for ev in &step.quotes {
            quote_sizes.push(sizes[&stance_map::slides::quoted(&ev.quote)]);
        }
    }
    assert!(quote_sizes.len() > 5, "{quote_sizes:?}");
    let first = quote_sizes[0];
    let same = quote_sizes
        .iter()
        .filter(|s| (**s - first).abs() < 1e-3)
        .count();
    assert!(same * 4 >= quote_sizes.len() * 3, "{quote_sizes:?}");
}

#[test]
fn mid_glide_the_header_and_the_timeline_say_the_same_date() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    h.key_press(Key::ArrowRight);
    h.step();
    let mid = date(&h);
    assert!(mid > 1999.0 && mid < 2009.0, "mid-transition: {mid}");
    assert!(shows(&h, "2009"), "the header shows the step's date");
    assert!(shows(&h, "Timeline, 2009"), "the timeline agrees");
    settle(&mut h);
    assert!(shows(&h, "Timeline, 2009"));
}

#[test]
fn the_presenter_view_shows_notes_next_step_and_time() {
    let mut app = StanceApp::new_article();
    app.map.story = test_story(&app);
    let map = app.map.clone();
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 640.0))
        .build_ui(move |ui| {
            stance_map::ui::presenter::presenter_view_ui(ui, &map, 0, 125.0, true);
        });
    h.run();
    assert!(h.query_by_label(FIRST_NOTES).is_some());
    assert!(h.query_by_label("First step title").is_some());
    assert!(
        h.query_by_label("Second step title").is_some(),
        "the next step"
    );
    assert!(h.query_by_label("Elapsed 2:05").is_some());
    assert!(h.query_by_label("1 / 3").is_some());
    assert!(h.query_by_label("Next step").is_some(), "the keys");
    assert_eq!(stance_map::ui::presenter::elapsed_text(3725.9), "1:02:05");
}

#[test]
fn the_audience_never_sees_the_notes() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    let on_screen = |h: &Harness<'static, StanceApp>| {
        shows(h, FIRST_NOTES) || texts(h).iter().any(|(t, _)| t.contains("78 days"))
    };
    assert!(!on_screen(&h));
    // P opens the presenter view. Under test there is one window only (as on a system that
    // cannot open a second): the view is then drawn over the slide, and leaves the notes out.
    h.key_press(Key::P);
    h.run();
    assert!(shows(&h, "Second step title"), "the next step");
    assert!(shows(&h, stance_map::ui::presenter::NOTES_NEED_A_WINDOW));
    assert!(!on_screen(&h));
    h.key_press(Key::P);
    h.run();
    assert!(!shows(&h, stance_map::ui::presenter::NOTES_NEED_A_WINDOW));
    assert!(!shows(&h, "Second step title"));
}

#[test]
fn large_text_leaves_only_the_outer_rings_label() {
    let mut h = harness_with(egui::vec2(1280.0, 720.0), None);
    h.state_mut().session.presenter_text_scale = 2.0;
    h.key_press(Key::F5);
    h.run();
    let sizes = text_sizes(&h);
    assert!(sizes.contains_key("1"), "{sizes:?}");
    assert!(!sizes.contains_key("0.25"), "{sizes:?}");
    // The compass's and the timeline's text at twice the minimum; the step's text as large
    // as fits, never below the minimum.
    for text in ["1", "Russia", "+0.60", "2000"] {
        assert!(sizes[text] >= 36.0 - 1e-3, "{text}: {sizes:?}");
    }
    assert!(sizes.values().all(|s| *s >= 18.0 - 1e-3), "{sizes:?}");
    // At the normal size every ring keeps its label.
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().session.presenter_text_scale = 1.0;
    h.key_press(Key::F5);
    h.run();
    assert!(text_sizes(&h).contains_key("0.25"));
}

#[test]
fn the_compass_legend_is_left_out_rather_than_a_column_of_words() {
    // At 1920×1080 the legend at presenter size does not fit beside the compass: where it is
    // drawn at all, its lines hold at least 16 letters' width.
    let map = article_map().expect("loads");
    let mut h = harness_with(egui::vec2(1920.0, 1080.0), Some(map.story.clone()));
    h.key_press(Key::F5);
    h.run();
    for i in 0..4 {
        if i > 0 {
            h.key_press(Key::ArrowRight);
            settle(&mut h);
        }
        for clipped in &h.output().shapes {
            if let egui::Shape::Text(text) = &clipped.shape
                && text.galley.text().starts_with("solid arrow")
            {
                let size = text.galley.job.sections[0].format.font_id.size;
                assert!(
                    text.galley.size().x >= size * 15.0,
                    "step {}: a legend {} wide at {size} points",
                    i + 1,
                    text.galley.size().x
                );
            }
        }
    }
}

#[test]
fn the_compass_explains_itself_in_large_type_too() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    settle(&mut h);
    let at = crate::common::tip(&h, "Russia").rect().center();
    h.hover_at(at);
    h.run_steps(4);
    let drawn = texts(&h);
    assert!(
        drawn
            .iter()
            .any(|(t, _)| t.contains("Click to select Russia")),
        "the tooltip shows: {drawn:?}"
    );
    let small: Vec<_> = drawn
        .into_iter()
        .filter(|(_, s)| *s < 18.0 - 1e-3)
        .collect();
    assert!(small.is_empty(), "{small:?}");
}

/// The step's date says what happened then, by name: the 1999 step names the NATO bombing,
/// which otherwise shows only as a mark on the strip; a step at a date without events names
/// none.
#[test]
fn a_step_names_the_events_at_its_date() {
    let mut h = presenting(egui::vec2(1280.0, 720.0));
    let events_1999: Vec<String> = h
        .state()
        .map
        .events_at(1999.0)
        .iter()
        .map(|e| e.title.clone())
        .collect();
    assert!(
        events_1999.iter().any(|t| t == "NATO bombing of Belgrade"),
        "{events_1999:?}"
    );
    let line = format!("⚑ {}", events_1999.join(" · "));
    assert!(shows(&h, &line), "the first step's date names {line:?}");
    // 2009: the article's map has events then too; a map without them names none.
    h.state_mut().map.events.retain(|e| e.date.year != 2009);
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert!(shows(&h, "2009"), "the date stands alone");
    assert!(h.query_by_label_contains("⚑").is_none());
}

/// The test story on the article's map with a measured series for the EU (65% in 2008, 59% in
/// 2009, 56% in 2020), which the second step (2009) names and the third (2020) does not. The
/// window's toggles hide it, so what shows is the step's choice alone.
fn presenting_with_an_indicator() -> Harness<'static, StanceApp> {
    use stance_map::model::{Closer, Indicator, IndicatorId, IndicatorPoint, Source, SourceId};
    let mut app = StanceApp::new_article();
    let mut story = test_story(&app);
    story[1].indicators = vec![IndicatorId("isac".into())];
    app.map.story = story;
    app.map.sources.push(Source {
        id: SourceId("isac".into()),
        author: "ISAC Fund".into(),
        year: Some(2021),
        entry: "ISAC Fund, annual report.".into(),
        url: String::new(),
        accessed: String::new(),
    });
    let point = |year: i32, value: f64| IndicatorPoint {
        date: Date::year(year),
        value,
        source: SourceId("isac".into()),
        note: String::new(),
        uncertain: false,
    };
    app.map.indicators.push(Indicator {
        id: IndicatorId("isac".into()),
        name: "ISAC alignment".into(),
        unit: "%".into(),
        power: PowerId("eu".into()),
        closer: Closer::Higher,
        low: 0.0,
        high: 100.0,
        method: String::new(),
        points: vec![point(2008, 65.0), point(2009, 59.0), point(2020, 56.0)],
    });
    app.session
        .hidden_indicators
        .insert(IndicatorId("isac".into()));
    let mut h = crate::common::app_harness(
        Harness::builder()
            .with_size(egui::vec2(1280.0, 720.0))
            .with_step_dt(STEP_DT)
            .with_max_steps(40),
        app,
    );
    h.run();
    h.key_press(Key::F5);
    h.run();
    h
}

/// What a screen reader hears after the presenter's timeline strip's name.
fn strip_description(h: &Harness<'static, StanceApp>) -> String {
    h.get_by_label_contains("Timeline, ")
        .accesskit_node()
        .description()
        .unwrap_or_default()
}

#[test]
fn a_step_that_names_an_indicator_shows_its_marker_and_points_and_others_do_not() {
    let mut h = presenting_with_an_indicator();
    // Step 1 names none: no marker, nothing measured on the strip.
    assert!(!shows(&h, "ISAC alignment measured"));
    assert!(!strip_description(&h).contains("ISAC"));
    // Step 2 names it: the marker, though the window's toggle hides it, and its points.
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert!(shows(&h, "2 / 3"));
    let marker = h.get_by_label("ISAC alignment measured");
    assert_eq!(
        marker.accesskit_node().description().as_deref(),
        Some("59% in 2009, measured, not judged; ISAC Fund, 2021")
    );
    assert_eq!(
        strip_description(&h),
        "Measured, not judged: ISAC alignment, 3 values"
    );
    // Step 3 does not name it, though it has a measurement in 2020: none.
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert!(shows(&h, "Third step title"));
    assert!(!shows(&h, "ISAC alignment measured"));
    assert!(!strip_description(&h).contains("ISAC"));
    // Nothing was edited, and the window's toggle is as it was.
    assert!(
        h.state()
            .session
            .hidden_indicators
            .contains(&stance_map::model::IndicatorId("isac".into()))
    );
}

/// The strip's key to the measured points sits in the room before the first point, never over
/// the points: with its first point at the story's start there is no room, and no key.
#[test]
fn the_strips_key_to_measured_points_never_lies_over_them() {
    let key = |h: &Harness<'static, StanceApp>| {
        texts(h)
            .into_iter()
            .map(|(text, _)| text)
            .find(|text| text.starts_with("◊ measured"))
    };
    let mut h = presenting_with_an_indicator();
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert_eq!(
        key(&h).as_deref(),
        Some("◊ measured, own scale: ISAC alignment 0–100%")
    );

    let mut h = presenting_with_an_indicator();
    let isac = h
        .state_mut()
        .map
        .indicators
        .iter_mut()
        .find(|i| i.id.0 == "isac")
        .unwrap();
    isac.points[0].date = Date::year(1991);
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert!(shows(&h, "2 / 3"));
    assert_eq!(key(&h), None);
}
