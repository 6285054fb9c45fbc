//! Editing evidence through the whole app, so every change goes through the undo history:
//! keyframe notes, quotes (add, remove, reorder, new source, role) and "Use as evidence" in
//! the article's text.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common::russia;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_map::app::StanceApp;
use stance_map::article::ARTICLE_TEXT;
use stance_map::model::{
    Confidence, Date, Dimension, Evidence, Interpolation, Keyframe, PowerId, Role as QuoteRole,
};
use stance_map::ui::evidence::{
    ADD_QUOTE, MOVE_QUOTE_DOWN, NEW_SOURCE, NOT_VERBATIM, REMOVE_QUOTE, role_picker_label,
};
use stance_map::ui::source_view::{
    ARTICLE_TEXT_NAME, USE_AS_EVIDENCE, article_text_id, role_choice,
};

/// The whole app on the article's map, with `power` selected at `date`.
fn app_at(power: Option<PowerId>, date: Date) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.session.select_power(power);
    app.session.date_year_f64 = date.to_year_f64();
    let mut h =
        crate::common::app_harness(Harness::builder().with_size(egui::vec2(1400.0, 900.0)), app);
    h.run();
    h
}

/// Russia's keyframe at `date`.
fn keyframe(h: &Harness<'_, StanceApp>, date: Date) -> Keyframe {
    h.state()
        .map
        .power(&russia())
        .expect("Russia")
        .track
        .iter()
        .find(|k| k.date == date)
        .expect("a keyframe at that date")
        .clone()
}

fn evidence(h: &Harness<'_, StanceApp>, date: Date) -> Vec<Evidence> {
    keyframe(h, date).evidence
}

fn undo(h: &mut Harness<'_, StanceApp>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
}

fn redo(h: &mut Harness<'_, StanceApp>) {
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
}

/// Click the `nth` widget labelled `label`, scrolled into view first (the evidence panel's
/// forms are taller than the window).
fn click_nth(h: &mut Harness<'_, StanceApp>, label: &str, nth: usize) {
    h.get_all_by_label(label)
        .nth(nth)
        .unwrap_or_else(|| panic!("no widget number {nth} labelled {label:?}"))
        .scroll_to_me();
    h.run();
    h.get_all_by_label(label)
        .nth(nth)
        .unwrap_or_else(|| panic!("no widget number {nth} labelled {label:?}"))
        .click();
    h.run();
}

fn click(h: &mut Harness<'_, StanceApp>, label: &str) {
    assert_eq!(
        h.get_all_by_label(label).count(),
        1,
        "one widget labelled {label:?}"
    );
    click_nth(h, label, 0);
}

#[test]
fn add_quote_appends_one_and_undo_restores_the_map() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();
    let before = evidence(&h, date);

    click(&mut h, "Edit keyframe 2009");
    click(&mut h, ADD_QUOTE);

    let after = evidence(&h, date);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[..before.len()], before[..]);
    let added = &after[before.len()];
    assert_eq!(added.quote, "");
    assert_eq!(added.source, original.sources[0].id);
    assert_eq!(added.dimension, Dimension::Political);
    // The empty quote is flagged, and the new quote's field has the cursor.
    assert!(h.query_by_label_contains("This quote is empty").is_some());

    undo(&mut h);
    assert_eq!(h.state().map, original);
}

#[test]
fn remove_and_move_change_the_list_and_undo_restores_it() {
    let date = Date::month(2022, 2);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();
    let before = evidence(&h, date);
    assert!(
        before.len() >= 3,
        "the test needs a keyframe with several quotes"
    );

    click(&mut h, "Edit keyframe February 2022");
    assert_eq!(h.get_all_by_label(REMOVE_QUOTE).count(), before.len());

    click_nth(&mut h, REMOVE_QUOTE, 1);
    let mut expected = before.clone();
    expected.remove(1);
    assert_eq!(evidence(&h, date), expected);
    undo(&mut h);
    assert_eq!(h.state().map, original);

    click_nth(&mut h, MOVE_QUOTE_DOWN, 0);
    let mut expected = before.clone();
    expected.swap(0, 1);
    assert_eq!(evidence(&h, date), expected);
    undo(&mut h);
    assert_eq!(h.state().map, original);

    // The last quote cannot move further down.
    assert!(
        h.get_all_by_label(MOVE_QUOTE_DOWN)
            .last()
            .expect("a last quote")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn confidence_and_interpolation_are_edited_as_keyframe_notes() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();
    let old = keyframe(&h, date);
    let new_confidence = Confidence::ALL
        .into_iter()
        .find(|c| *c != old.confidence)
        .expect("another confidence");

    click(&mut h, "Edit keyframe 2009");
    h.get_by_role_and_label(Role::ComboBox, "Confidence")
        .click();
    h.run();
    click(&mut h, new_confidence.label());
    let new = keyframe(&h, date);
    assert_eq!(new.confidence, new_confidence);
    assert_eq!(new.reasoning, old.reasoning);
    assert_eq!(new.evidence, old.evidence);
    undo(&mut h);
    assert_eq!(h.state().map, original);

    click(&mut h, "Holds until the next keyframe");
    assert_ne!(keyframe(&h, date).interpolation, old.interpolation);
    assert_eq!(
        keyframe(&h, date).interpolation == Interpolation::Hold,
        old.interpolation == Interpolation::Linear
    );
    undo(&mut h);
    assert_eq!(h.state().map, original);
}

#[test]
fn reasoning_is_committed_once_when_the_field_loses_focus() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();
    let old = keyframe(&h, date).reasoning;

    start_typing_reasoning(&mut h);
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .type_text("Somewhat ");
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .type_text("closer.");
    h.run();
    // Still typing: nothing reaches the map yet.
    assert_eq!(keyframe(&h, date).reasoning, old);

    // Tab leaves the field (Escape would put back what it had).
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(keyframe(&h, date).reasoning, "Somewhat closer.");

    // Two keystroke batches, one undo step.
    undo(&mut h);
    assert_eq!(h.state().map, original);
}

#[test]
fn a_new_source_is_added_and_cited_in_one_undo_step() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();

    click(&mut h, "Edit keyframe 2009");
    click_nth(&mut h, NEW_SOURCE, 0);
    let author = h.get_by_role_and_label(Role::TextInput, "Author");
    author.focus();
    author.type_text("Vuksanovic");
    h.run();
    let year = h.get_by_role_and_label(Role::TextInput, "Year");
    year.focus();
    year.type_text("2021");
    h.run();
    click(&mut h, "Add source");

    let map = &h.state().map;
    assert_eq!(map.sources.len(), original.sources.len() + 1);
    let added = map.sources.last().expect("the new source");
    // The article's map already has vuksanovic2021: the new id stays unique.
    assert_eq!(added.id.0, "vuksanovic2021b");
    assert_eq!(added.year, Some(2021));
    assert_eq!(evidence(&h, date)[0].source, added.id);

    undo(&mut h);
    assert_eq!(h.state().map, original);
}

/// The quote's New source form takes a web address and the day it was read, and will not add
/// a source whose address is not a web page.
#[test]
fn a_new_source_from_a_quote_keeps_its_web_address_and_refuses_a_script_address() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();

    click(&mut h, "Edit keyframe 2009");
    click_nth(&mut h, NEW_SOURCE, 0);
    for (label, text) in [
        ("Author", "ISAC Fund"),
        ("Year", "2023"),
        ("Web address", "javascript:alert(1)"),
        ("Read on (YYYY-MM-DD)", "2024-01-31"),
    ] {
        let field = h.get_by_role_and_label(Role::TextInput, label);
        field.focus();
        field.type_text(text);
        h.run();
    }
    h.get_by_label_contains("\"javascript:alert(1)\" is not a web address");
    click(&mut h, "Add source");
    assert_eq!(h.state().map, original, "refused: nothing added");

    let field = h.get_by_role_and_label(Role::TextInput, "Web address");
    field.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Web address")
        .type_text("https://isac-fund.org/cfsp");
    h.run();
    click(&mut h, "Add source");
    let added = h
        .state()
        .map
        .sources
        .last()
        .expect("the new source")
        .clone();
    assert_eq!(added.author, "ISAC Fund");
    assert_eq!(added.url, "https://isac-fund.org/cfsp");
    assert_eq!(added.accessed, "2024-01-31");
    assert_eq!(evidence(&h, date)[0].source, added.id);
}

#[test]
fn a_quote_that_is_not_in_the_article_is_flagged() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    assert!(h.query_by_label(NOT_VERBATIM).is_none());
    let mut changed = evidence(&h, date);
    changed[0].quote = "Serbia has joined the African Union.".to_owned();
    h.state_mut()
        .apply_edit(stance_map::model::edit::Edit::SetEvidence {
            owner: stance_map::model::edit::EvidenceOwner::Keyframe {
                power: russia(),
                date,
            },
            evidence: changed,
        });
    h.run();
    assert!(h.query_by_label(NOT_VERBATIM).is_some());
}

/// Select text in the article by dragging across it, as a user would; returns the selected
/// words as the text widget reports them.
fn drag_select(h: &mut Harness<'_, StanceApp>) -> String {
    let rect = h.get_by_label(ARTICLE_TEXT_NAME).rect();
    let from = rect.left_top() + egui::vec2(4.0, 30.0);
    let to = rect.left_top() + egui::vec2(rect.width() * 0.6, 70.0);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    h.hover_at(from + egui::vec2(10.0, 5.0));
    h.run();
    h.hover_at(to);
    h.run();
    h.drop_at(to);
    h.run();

    let state = egui::TextEdit::load_state(&h.ctx, article_text_id()).expect("the text's state");
    let range = state.cursor.char_range().expect("a selection");
    let selected: String = ARTICLE_TEXT
        .chars()
        .skip(range.as_sorted_char_range().start.0)
        .take(range.as_sorted_char_range().end.0 - range.as_sorted_char_range().start.0)
        .collect();
    selected.trim().to_owned()
}

/// Click "Use as evidence" and choose `role` in the menu it opens.
fn use_as_evidence(h: &mut Harness<'_, StanceApp>, role: QuoteRole) {
    h.get_by_label(USE_AS_EVIDENCE).click();
    h.run();
    h.get_by_label(role_choice(role)).click();
    h.run();
}

#[test]
fn use_as_evidence_quotes_the_selected_words_verbatim_in_one_undo_step() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    h.state_mut().session.panels.source = true;
    h.run();
    let original = h.state().map.clone();
    let before = evidence(&h, date);
    assert!(
        h.get_by_label(USE_AS_EVIDENCE)
            .accesskit_node()
            .is_disabled()
    );

    let selected = drag_select(&mut h);
    assert!(selected.split_whitespace().count() >= 3, "{selected:?}");
    assert!(ARTICLE_TEXT.contains(&selected));

    use_as_evidence(&mut h, QuoteRole::Supports);

    let after = evidence(&h, date);
    assert_eq!(after.len(), before.len() + 1);
    let added = after.last().expect("the new quote");
    assert_eq!(added.quote, selected);
    assert_eq!(added.source.0, "article");
    assert_eq!(added.locator, "");
    assert_eq!(added.dimension, Dimension::Political);
    assert_eq!(added.role, QuoteRole::Supports);
    let with_quote = h.state().map.clone();

    // One undo step takes it all back; redo brings it back.
    undo(&mut h);
    assert_eq!(h.state().map, original);
    redo(&mut h);
    assert_eq!(h.state().map, with_quote);
}

#[test]
fn use_as_evidence_creates_the_keyframe_at_the_current_month() {
    let date = Date::month(2011, 6);
    let mut h = app_at(Some(russia()), date);
    h.state_mut().session.panels.source = true;
    h.run();
    let original = h.state().map.clone();
    let sampled = original
        .power(&russia())
        .expect("Russia")
        .strength_at(date.to_year_f64())
        .expect("a value in 2011");
    assert!(
        original
            .power(&russia())
            .expect("Russia")
            .track
            .iter()
            .all(|k| k.date != date)
    );

    let selected = drag_select(&mut h);
    use_as_evidence(&mut h, QuoteRole::Supports);

    let created = keyframe(&h, date);
    // The line's value there, rounded to the two decimals the app shows.
    assert!((sampled * 100.0).fract().abs() > 1e-6, "{sampled}");
    assert_eq!(created.strength, (sampled * 100.0).round() / 100.0);
    assert_eq!(created.evidence.len(), 1);
    assert_eq!(created.evidence[0].quote, selected);

    undo(&mut h);
    assert_eq!(h.state().map, original);
}

/// "Use as evidence" asks how the quote bears on the value before it adds anything: Escape
/// adds nothing, and the role chosen is the quote's.
#[test]
fn use_as_evidence_asks_for_the_role_and_stores_it() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    h.state_mut().session.panels.source = true;
    h.run();
    let original = h.state().map.clone();
    let before = evidence(&h, date);
    let selected = drag_select(&mut h);

    // The button only asks.
    h.get_by_label(USE_AS_EVIDENCE).click();
    h.run();
    assert_eq!(
        h.state().map,
        original,
        "nothing added before a role is chosen"
    );
    for role in QuoteRole::ALL {
        assert!(h.query_by_label(role_choice(role)).is_some(), "{role:?}");
    }
    // Escape closes the menu and adds nothing.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.query_by_label(role_choice(QuoteRole::Contradicts))
            .is_none()
    );
    assert_eq!(h.state().map, original);
    // So does a click elsewhere.
    h.get_by_label(USE_AS_EVIDENCE).click();
    h.run();
    assert!(
        h.query_by_label(role_choice(QuoteRole::Contradicts))
            .is_some()
    );
    h.get_by_label_contains("Each value is the analyst's judgement")
        .click();
    h.run();
    assert!(
        h.query_by_label(role_choice(QuoteRole::Contradicts))
            .is_none()
    );
    assert_eq!(h.state().map, original);

    // Asked again, the quote goes in as counter-evidence.
    use_as_evidence(&mut h, QuoteRole::Contradicts);
    let after = evidence(&h, date);
    assert_eq!(after.len(), before.len() + 1);
    let added = after.last().unwrap();
    assert_eq!(added.quote, selected);
    assert_eq!(added.role, QuoteRole::Contradicts);
    // The evidence panel now shows the keyframe as contested.
    assert!(
        h.query_by_label_contains("Contested: 1 quote points against this value")
            .is_some()
    );
    undo(&mut h);
    assert_eq!(h.state().map, original);
}

/// Each quote in the edit card has a role picker; choosing a role is one undo step.
#[test]
fn a_quotes_role_is_chosen_in_the_card_and_undone() {
    let date = Date::month(2022, 2);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();
    let before = evidence(&h, date);
    assert!(before.len() >= 2 && before[1].role == QuoteRole::Supports);

    click(&mut h, "Edit keyframe February 2022");
    assert_eq!(
        h.get_all_by_role(Role::ComboBox)
            .filter(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with("Role of quote"))
            })
            .count(),
        before.len()
    );
    click(&mut h, &role_picker_label(2));
    click(&mut h, QuoteRole::Contradicts.label());

    let after = evidence(&h, date);
    assert_eq!(after[1].role, QuoteRole::Contradicts);
    let mut expected = before.clone();
    expected[1].role = QuoteRole::Contradicts;
    assert_eq!(after, expected, "only the role changed");
    assert_eq!(h.state().history.undo_len(), 1);

    // Read again, the card groups it as counter-evidence and says the value is contested.
    click(&mut h, "Edit keyframe February 2022");
    assert!(h.query_by_label(QuoteRole::Contradicts.heading()).is_some());
    assert!(
        h.query_by_label_contains("Contested: 1 quote points against this value")
            .is_some()
    );

    undo(&mut h);
    assert_eq!(h.state().map, original);
    assert!(h.query_by_label(QuoteRole::Contradicts.heading()).is_none());
}

#[test]
fn use_as_evidence_needs_a_selected_power() {
    let mut h = app_at(None, Date::year(2009));
    h.state_mut().session.panels.source = true;
    h.run();
    let original = h.state().map.clone();
    drag_select(&mut h);
    let button = h.get_by_label(USE_AS_EVIDENCE);
    assert!(button.accesskit_node().is_disabled());
    button.click();
    h.run();
    assert_eq!(h.state().map, original);
}

#[test]
fn evidence_on_an_event_is_edited_the_same_way() {
    let map = stance_map::article::article_map().expect("the article's map loads");
    let (index, event) = map
        .events
        .iter()
        .enumerate()
        .find(|(_, e)| e.powers.contains(&russia()))
        .expect("an event about Russia");
    let mut h = app_at(Some(russia()), event.date);
    let original = h.state().map.clone();

    click(&mut h, &stance_map::ui::evidence::edit_event_label(event));
    let before = h.state().map.events[index].evidence.len();
    // The keyframe card (if any) is not in edit mode, so the only "Add quote" is the event's.
    click(&mut h, ADD_QUOTE);
    assert_eq!(h.state().map.events[index].evidence.len(), before + 1);

    undo(&mut h);
    assert_eq!(h.state().map, original);
}

/// Open Russia's 2009 card for editing and put the keyboard in its reasoning, all selected.
fn start_typing_reasoning(h: &mut Harness<'static, StanceApp>) {
    click(h, "Edit keyframe 2009");
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
}

/// The app on a copy of the article's map saved as a file, at Russia's 2009 keyframe, with
/// its card open for editing and "Closer." typed into the reasoning, still in the field.
fn typing_in_a_file_map(name: &str) -> (Harness<'static, StanceApp>, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("stance-map-typing-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("map.ron");
    stance_map::storage::save_path(&stance_map::article::article_map().unwrap(), &path).unwrap();
    let mut app =
        StanceApp::with_session(stance_map::app::session::Session::default(), Some(&path));
    app.session.select_power(Some(russia()));
    app.session.date_year_f64 = 2009.0;
    let mut h =
        crate::common::app_harness(Harness::builder().with_size(egui::vec2(1400.0, 900.0)), app);
    h.run();
    start_typing_reasoning(&mut h);
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .type_text("Closer.");
    h.run();
    assert_ne!(
        keyframe(&h, Date::year(2009)).reasoning,
        "Closer.",
        "still typing"
    );
    (h, path)
}

#[test]
fn saving_while_typing_saves_what_was_typed() {
    let (mut h, path) = typing_in_a_file_map("save");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert_eq!(keyframe(&h, Date::year(2009)).reasoning, "Closer.");
    let saved = stance_map::storage::load_path(&path).unwrap();
    let k = saved
        .power(&russia())
        .unwrap()
        .track
        .iter()
        .find(|k| k.date == Date::year(2009))
        .unwrap()
        .clone();
    assert_eq!(k.reasoning, "Closer.", "the file has the typed text");
    assert!(!h.state().is_dirty());
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn quitting_while_typing_asks_about_what_was_typed() {
    let (mut h, path) = typing_in_a_file_map("quit");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    assert!(
        h.state().is_dirty(),
        "the typed text became an unsaved change"
    );
    h.get_by_label("Discard");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(keyframe(&h, Date::year(2009)).reasoning, "Closer.");
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn ctrl_z_while_typing_undoes_the_typing_and_redo_brings_it_back() {
    let (mut h, path) = typing_in_a_file_map("undo");
    let before = h.state().map.clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    // The typing became a step and was undone: nothing is lost, Redo has it.
    assert_eq!(h.state().map, before);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(keyframe(&h, Date::year(2009)).reasoning, "Closer.");
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn use_as_evidence_reads_the_citation_that_follows_the_quote() {
    use stance_map::ui::source_view::citation_after;
    let sources = stance_map::article::article_map().unwrap().sources;
    let before = |citation: &str| {
        ARTICLE_TEXT
            .find(citation)
            .unwrap_or_else(|| panic!("the article cites {citation}"))
    };
    let cited = |citation: &str| citation_after(ARTICLE_TEXT, before(citation), &sources);
    let id = |s: &str| stance_map::model::SourceId(s.into());

    assert_eq!(
        cited("(Vuksanovic, 2021, p. 7)"),
        Some((id("vuksanovic2021"), "p. 7".into()))
    );
    // "X, as cited in Y": the source is Y, where the words were published.
    assert_eq!(
        cited("(President Vučić, as cited in Vuksanovic, 2021, p. 6)"),
        Some((id("vuksanovic2021"), "p. 6".into()))
    );
    assert_eq!(
        cited("(Eurostat, 2022)"),
        Some((id("eurostat2022"), String::new()))
    );
    // From the end of a quote: past the closing quotation mark and the space.
    let pillars = ARTICLE_TEXT.find("alternative pillars”").unwrap() + "alternative pillars".len();
    assert_eq!(
        citation_after(ARTICLE_TEXT, pillars, &sources),
        Some((id("vuksanovic2021"), "p. 6".into()))
    );
    // No citation after it, or parentheses that name no source: the article itself.
    assert_eq!(citation_after(ARTICLE_TEXT, 0, &sources), None);
    assert_eq!(citation_after("x (2022) y", 1, &sources), None);
    assert_eq!(citation_after("x", 99, &sources), None);
}

#[test]
fn use_as_evidence_cites_the_source_the_article_gives_the_quote() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    h.state_mut().session.panels.source = true;
    h.run();
    // Select the words as the text widget would after a drag: its selection, in characters.
    let quote = "Whether on Kosovo’s independence, security, or COVID-19, China is increasingly \
                 important for Serbia’s foreign “policy of alternative pillars”";
    let start = ARTICLE_TEXT[..ARTICLE_TEXT.find(quote).unwrap()]
        .chars()
        .count();
    let end = start + quote.chars().count();
    h.get_by_label(ARTICLE_TEXT_NAME).focus();
    h.run();
    let mut state = egui::TextEdit::load_state(&h.ctx, article_text_id()).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::two(
            egui::text::CCursor::new(start),
            egui::text::CCursor::new(end),
        )));
    state.store(&h.ctx, article_text_id());
    h.run();
    h.run_steps(2);
    h.get_by_label_contains("cited as (Vuksanovic, 2021, p. 6)");

    let before = evidence(&h, date).len();
    use_as_evidence(&mut h, QuoteRole::Supports);
    let after = evidence(&h, date);
    assert_eq!(after.len(), before + 1);
    let added = after.last().unwrap();
    assert_eq!(added.quote, quote);
    assert_eq!(added.source.0, "vuksanovic2021");
    assert_eq!(added.locator, "p. 6");
}

/// Russia's 2009 card open for editing, "Closer." typed into its reasoning (replacing it) and
/// still in the field; returns the undo depth before the typing.
fn typing_closer(h: &mut Harness<'static, StanceApp>) -> usize {
    let steps = h.state().history.undo_len();
    start_typing_reasoning(h);
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .type_text("Closer.");
    h.run();
    assert_ne!(keyframe(h, Date::year(2009)).reasoning, "Closer.", "typing");
    steps
}

/// After `exit`, the typed reasoning is in the map as exactly one undo step.
fn typed_text_survives(exit: impl FnOnce(&mut Harness<'static, StanceApp>)) {
    let mut h = app_at(Some(russia()), Date::year(2009));
    let steps = typing_closer(&mut h);
    exit(&mut h);
    assert_eq!(keyframe(&h, Date::year(2009)).reasoning, "Closer.");
    assert_eq!(h.state().history.undo_len(), steps + 1, "one undo step");
    assert_eq!(
        h.state().history.undo_label(),
        Some("edit reasoning of Russia 2009")
    );
}

#[test]
fn done_keeps_what_was_typed() {
    typed_text_survives(|h| click(h, "Edit keyframe 2009"));
}

#[test]
fn choosing_another_power_keeps_what_was_typed() {
    typed_text_survives(|h| {
        h.get_by_role_and_label(Role::Button, "China").click();
        h.run();
        assert_eq!(
            h.state().session.selected_power,
            Some(PowerId("china".into()))
        );
    });
}

#[test]
fn moving_to_another_date_keeps_what_was_typed() {
    typed_text_survives(|h| {
        h.get_by_label("Time").click();
        h.run();
        h.get_by_label_contains("Go to end").click();
        h.run();
        assert!(h.state().session.date_year_f64 > 2020.0);
    });
}

#[test]
fn presenting_keeps_what_was_typed() {
    typed_text_survives(|h| {
        h.get_by_label("Present").click();
        h.run();
        h.get_by_label("Present F5").click();
        h.run();
        assert!(h.state().session.presenting);
    });
}

#[test]
fn closing_the_window_while_typing_commits_before_asking() {
    typed_text_survives(|h| {
        h.input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        h.run();
        assert!(h.state().is_dirty());
        h.get_by_label_contains("Save them before closing?");
    });
}

#[test]
fn escape_puts_back_what_the_field_had() {
    let mut h = app_at(Some(russia()), Date::year(2009));
    let original = h.state().map.clone();
    typing_closer(&mut h);
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().map, original);
    assert_eq!(h.state().history.undo_len(), 0);
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
            .value()
            .as_deref(),
        Some(original_reasoning(&original).as_str())
    );
    // And closing the card afterwards brings nothing back.
    click(&mut h, "Edit keyframe 2009");
    assert_eq!(h.state().map, original);
}

fn original_reasoning(map: &stance_map::model::StanceMap) -> String {
    map.power(&russia())
        .unwrap()
        .track
        .iter()
        .find(|k| k.date == Date::year(2009))
        .unwrap()
        .reasoning
        .clone()
}

#[test]
fn a_quote_typed_then_done_is_kept() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let before = evidence(&h, date);
    click(&mut h, "Edit keyframe 2009");
    let label = format!("Quote 1 of {}", before.len());
    h.get_by_role_and_label(Role::MultilineTextInput, &label)
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, &label)
        .type_text("Typed words");
    h.run();
    assert_eq!(evidence(&h, date), before, "still typing");
    click(&mut h, "Edit keyframe 2009");
    let after = evidence(&h, date);
    assert_eq!(after[0].quote, "Typed words");
    assert_eq!(after[1..], before[1..]);
    assert_eq!(h.state().history.undo_len(), 1);
}

/// Keys that act on the map when no field has the keyboard type into a field that has it.
#[test]
fn bare_keys_type_into_a_field_instead_of_acting_on_the_map() {
    let mut h = app_at(Some(russia()), Date::year(2009));
    let original = h.state().map.clone();
    typing_closer(&mut h);
    for key in [
        egui::Key::Delete,
        egui::Key::K,
        egui::Key::Space,
        egui::Key::ArrowLeft,
        egui::Key::ArrowRight,
        egui::Key::Home,
        egui::Key::End,
        egui::Key::F5,
    ] {
        h.key_press(key);
        h.run();
        assert_eq!(h.state().map, original, "{key:?} changed the map");
        assert_eq!(
            h.state().session.date_year_f64,
            2009.0,
            "{key:?} moved the date"
        );
        assert!(!h.state().session.playing, "{key:?} started playback");
        assert!(!h.state().session.presenting, "{key:?} started presenting");
        assert!(
            h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
                .is_focused(),
            "{key:?} took the keyboard from the field"
        );
    }
}

/// A field takes no more than a map may hold, so a paste cannot make a map that will not open
/// again: a reasoning up to 20,000 characters.
#[test]
fn a_field_takes_no_more_than_a_map_may_hold() {
    let mut h = app_at(Some(russia()), Date::year(2009));
    start_typing_reasoning(&mut h);
    let long = "x".repeat(stance_map::model::MAX_TEXT_CHARS + 500);
    h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
        .type_text(&long);
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    let reasoning = keyframe(&h, Date::year(2009)).reasoning;
    assert_eq!(reasoning.chars().count(), stance_map::model::MAX_TEXT_CHARS);
    assert!(stance_map::model::validate(&h.state().map).is_empty());
}

/// Two quotes alike (two empty ones just added): what is typed into the second stays in the
/// second when its card is closed.
#[test]
fn text_typed_into_one_of_two_alike_quotes_stays_in_that_quote() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let before = evidence(&h, date).len();
    click(&mut h, "Edit keyframe 2009");
    click(&mut h, ADD_QUOTE);
    click(&mut h, ADD_QUOTE);
    let label = format!("Quote {} of {}", before + 2, before + 2);
    h.get_by_role_and_label(Role::MultilineTextInput, &label)
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, &label)
        .type_text("Second");
    h.run();
    click(&mut h, "Edit keyframe 2009");
    let after = evidence(&h, date);
    assert_eq!(after[before].quote, "");
    assert_eq!(after[before + 1].quote, "Second");
}

/// Switching to another program while typing neither commits nor drops the draft: back in
/// the window, Escape still puts back what the field had.
#[test]
fn switching_programs_while_typing_keeps_the_draft_as_a_draft() {
    let mut h = app_at(Some(russia()), Date::year(2009));
    let original = h.state().map.clone();
    typing_closer(&mut h);
    h.input_mut().focused = false;
    h.run();
    h.input_mut().focused = false;
    h.run();
    assert_eq!(h.state().map, original, "nothing committed while away");
    h.input_mut().focused = true;
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Reasoning")
            .value()
            .as_deref(),
        Some("Closer.")
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().map, original);
    assert_eq!(h.state().history.undo_len(), 0);
}

#[test]
fn the_strength_field_sets_an_exact_value_in_one_undo_step() {
    let date = Date::year(2009);
    let mut h = app_at(Some(russia()), date);
    let original = h.state().map.clone();
    let undo_len = h.state().history.undo_len();

    click(&mut h, "Edit keyframe 2009");
    h.get_by_role_and_label(Role::SpinButton, "Strength")
        .click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::SpinButton, "Strength")
        .type_text("-0.37");
    h.run();
    // Still typing: nothing reaches the map yet.
    assert_eq!(
        keyframe(&h, date).strength,
        original
            .power(&russia())
            .unwrap()
            .track
            .iter()
            .find(|k| k.date == date)
            .unwrap()
            .strength
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(keyframe(&h, date).strength, -0.37);
    assert_eq!(h.state().history.undo_len(), undo_len + 1);
    undo(&mut h);
    assert_eq!(h.state().map, original);

    // A screen reader sets a value; it is saved as the field shows it, two decimals.
    h.get_by_role_and_label(Role::SpinButton, "Strength")
        .set_value_accesskit(0.421_3);
    h.run();
    assert_eq!(keyframe(&h, date).strength, 0.42);
}
