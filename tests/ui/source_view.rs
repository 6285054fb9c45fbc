//! The article's text: the find bar (Ctrl+F), whole-word quotes from "Use as evidence", and
//! highlighting that tolerates other spacing and Unicode forms.

use crate::common::russia;
use egui::text::{CCursor, CCursorRange};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_map::app::StanceApp;
use stance_map::article::ARTICLE_TEXT;
use stance_map::model::find::find_in_text;
use stance_map::model::{Date, Role};
use stance_map::ui::actions::Action;
use stance_map::ui::source_view::{
    ARTICLE_TEXT_NAME, CLOSE_FIND, FIND_IN_ARTICLE, QUOTE_NOT_FOUND, USE_AS_EVIDENCE,
    article_text_id, role_choice,
};

/// The whole app on the article's map, with Russia selected in 2009.
fn app() -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.session.select_power(Some(russia()));
    app.session.date_year_f64 = Date::year(2009).to_year_f64();
    let mut h =
        crate::common::app_harness(Harness::builder().with_size(egui::vec2(1280.0, 800.0)), app);
    h.run();
    h
}

/// The find bar's count, such as "3 of 12", read from the labels on screen.
fn count(h: &Harness<'_, StanceApp>, total: usize) -> Option<usize> {
    (1..=total).find(|i| h.query_by_label(&format!("{i} of {total}")).is_some())
}

#[test]
fn ctrl_f_opens_the_find_bar_and_enter_steps_through_the_matches() {
    let mut h = app();
    h.state_mut().session.panels.source = false;
    h.run();
    assert!(h.query_by_label(FIND_IN_ARTICLE).is_none());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    assert!(h.state().session.panels.source, "Ctrl+F opens the article");
    h.get_by_label(FIND_IN_ARTICLE).type_text("serbia");
    h.run();
    let total = find_in_text(ARTICLE_TEXT, "serbia").len();
    assert!(total > 3, "{total}");
    assert_eq!(count(&h, total), Some(1));

    let top = |h: &Harness<'_, StanceApp>| h.get_by_label(ARTICLE_TEXT_NAME).rect().top();
    let at_first = top(&h);
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(count(&h, total), Some(2));
    h.key_press(egui::Key::F3);
    h.run();
    assert_eq!(count(&h, total), Some(3));
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F3);
    h.run();
    assert_eq!(count(&h, total), Some(2));
    // Backwards from the first match wraps to the last, far down the article: it scrolls.
    // Two presses that arrive within one frame are two steps.
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    h.run();
    assert_eq!(count(&h, total), Some(total));
    assert!(top(&h) < at_first - 100.0, "{} vs {at_first}", top(&h));

    h.get_by_label(FIND_IN_ARTICLE).type_text("  zzzz");
    h.run();
    assert!(h.query_by_label("No matches").is_some());

    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label(FIND_IN_ARTICLE).is_none());
    assert!(h.query_by_label(CLOSE_FIND).is_none());
}

#[test]
fn the_shortcut_list_names_find_in_article() {
    let mut h = app();
    h.key_press(egui::Key::F1);
    h.run();
    assert!(h.query_by_label(Action::FindInArticle.label()).is_some());
}

/// Select characters `chars` of the article as the text widget would, with the keyboard on it.
fn select_chars(h: &mut Harness<'_, StanceApp>, chars: std::ops::Range<usize>) {
    let id = article_text_id();
    let mut state = egui::TextEdit::load_state(&h.ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(chars.start),
        CCursor::new(chars.end),
    )));
    state.store(&h.ctx, id);
    h.ctx.memory_mut(|m| m.request_focus(id));
    h.run();
}

#[test]
fn use_as_evidence_stores_whole_words_when_the_selection_cuts_one() {
    let mut h = app();
    h.state_mut().session.panels.source = true;
    h.run();
    let start = ARTICLE_TEXT
        .find("nergy supplier to Serbia. T")
        .expect("in the article");
    let end = start + "nergy supplier to Serbia. T".len();
    let chars = ARTICLE_TEXT[..start].chars().count()..ARTICLE_TEXT[..end].chars().count();
    select_chars(&mut h, chars);

    h.get_by_label(USE_AS_EVIDENCE).click();
    h.run();
    h.get_by_label(role_choice(Role::Supports)).click();
    h.run();

    let added = h
        .state()
        .map
        .power(&russia())
        .and_then(|p| p.track.iter().find(|k| k.date == Date::year(2009)))
        .and_then(|k| k.evidence.last())
        .map(|e| e.quote.clone());
    // "energy" was cut at its start and "T" at the end: both left out, the full stop kept.
    assert_eq!(added.as_deref(), Some("supplier to Serbia."));
}

#[test]
fn a_quote_with_other_spacing_or_unicode_form_is_still_highlighted() {
    let mut h = app();
    h.state_mut().session.panels.source = true;
    h.run();
    for quote in [
        "major military and  energy\nsupplier to Serbia",
        "Serbian President Aleksandar Vuc\u{030C}ic\u{0301} himself",
    ] {
        h.state_mut().session.highlighted_quote = Some(quote.to_owned());
        h.run();
        assert!(h.query_by_label(QUOTE_NOT_FOUND).is_none(), "{quote:?}");
    }
    // A quote that is not there at all is still reported.
    h.state_mut().session.highlighted_quote = Some("Serbia joined the African Union".to_owned());
    h.run();
    assert!(h.query_by_label(QUOTE_NOT_FOUND).is_some());
}

#[test]
fn the_find_bar_does_not_widen_the_article_panel() {
    let mut app = StanceApp::new_article();
    app.session.panels.source = true;
    let mut h =
        crate::common::app_harness(Harness::builder().with_size(egui::vec2(1024.0, 768.0)), app);
    h.run();
    let width = |h: &Harness<'_, StanceApp>| h.get_by_label(ARTICLE_TEXT_NAME).rect().width();
    let before = width(&h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.get_by_label(FIND_IN_ARTICLE).type_text("zzzz");
    h.run();
    h.run();
    assert!(h.query_by_label("No matches").is_some());
    assert!((width(&h) - before).abs() < 1.0, "{before} → {}", width(&h));
}
