//! The article's text, with the selected quote highlighted and scrolled into view, and a
//! button that turns a selected passage into a quote.
//!
//! The text is long (the whole article), so the view keeps the layout description between
//! frames and rebuilds it only when the highlighted quote, the selection, the width or the look
//! changes. The laid-out galley itself is left to egui's galley cache: a galley points into the
//! font atlas, which egui may rebuild between frames, so holding one across frames is unsafe.
//!
//! The text is shown in a read-only `TextEdit` rather than a selectable `Label`: egui keeps a
//! label's selection private, while a text edit reports its selection as a character range. A
//! text edit forgets its selection when it loses focus (for example when "Use as evidence" is
//! clicked), so the view keeps the last selection itself and paints it while the text is not
//! focused. "Use as evidence" takes the selection snapped to whole words
//! ([`crate::model::find::snap_to_words`]), and the line under the button shows those words.
//!
//! Ctrl+F opens a find bar over the text: every match is marked, the current one more
//! strongly, and Enter/F3 (Shift for backwards) steps through them. Quotes are highlighted
//! wherever [`crate::model::find::quote_ranges`] finds them, so a quote whose spacing or Unicode
//! form differs from the article still shows.

use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextFormat};

use crate::model::edit::{Edit, EvidenceOwner};
use crate::model::find::{find_in_text, quote_ranges, snap_to_words};
use crate::model::{
    Date, Dimension, Evidence, Role, SAME_DATE_YEARS, Source, SourceId, StanceMap, snap_strength,
};
use crate::ui::changes::{Changes, Panel};
use crate::ui::evidence::warning_ui;
use crate::ui::session::{KeyframeRef, Session};
use crate::ui::theme::Palette;

/// The warning shown when the highlighted quote is not in the text.
pub const QUOTE_NOT_FOUND: &str = "This quote does not appear in the article's text.";

/// The label of the button that adds the selected words as a quote: it opens a menu that asks
/// how the quote bears on the value ([`role_choice`]).
pub const USE_AS_EVIDENCE: &str = "Use as evidence";

/// The item of the "Use as evidence" menu that adds the quote with `role`: "Supports the
/// value", "Qualifies it", "Contradicts it".
pub fn role_choice(role: Role) -> &'static str {
    match role {
        Role::Supports => "Supports the value",
        Role::Qualifies => "Qualifies it",
        Role::Contradicts => "Contradicts it",
    }
}

/// What each item of the "Use as evidence" menu does, for its tooltip.
fn role_choice_hint(role: Role) -> &'static str {
    match role {
        Role::Supports => "Add the quote as evidence for the keyframe's value",
        Role::Qualifies => {
            "Add the quote as evidence that backs the value only in part or under a condition"
        }
        Role::Contradicts => {
            "Add the quote as counter-evidence: it points against the keyframe's value"
        }
    }
}

/// The accessible name of the find bar's text field.
pub const FIND_IN_ARTICLE: &str = "Find in article";

/// The accessible name of the find bar's "next match" button.
pub const NEXT_MATCH: &str = "Next match";

/// The accessible name of the find bar's "previous match" button.
pub const PREVIOUS_MATCH: &str = "Previous match";

/// The accessible name of the button that closes the find bar.
pub const CLOSE_FIND: &str = "Close find bar";

/// The accessible name of the article's text.
pub const ARTICLE_TEXT_NAME: &str = "The article's text";

/// The id of the source the article itself is cited as.
pub const ARTICLE_SOURCE_ID: &str = "article";

/// A selection must have at least this many words to become a quote.
pub const MIN_QUOTE_WORDS: usize = 3;

/// The id of the text widget showing the article, so tests can read and set its selection
/// through egui's own `TextEditState`.
pub fn article_text_id() -> egui::Id {
    egui::Id::unique("source_view_article_text")
}

/// The source view and the state it keeps between frames.
#[derive(Default)]
pub struct SourceView {
    /// The quote last scrolled into view, so a new quote is scrolled to exactly once.
    scrolled_to: Option<String>,
    /// Where the highlighted quote occurs in the text.
    matches: Option<Matches>,
    /// The layout description of the text with its highlights.
    job: Option<CachedJob>,
    /// The last passage the user selected, kept after the text loses focus.
    selection: Option<Selection>,
    /// The find bar, while it is open.
    find: Option<FindBar>,
    /// A character range to scroll into view on the next frame (a find match).
    scroll_to: Option<Range<usize>>,
}

/// The find bar's state: what is looked for and where it was found.
#[derive(Default)]
struct FindBar {
    /// What the user typed.
    query: String,
    /// The query and text the matches were found for, to notice when either changes.
    searched: Option<(String, (usize, usize))>,
    /// Byte ranges of every match, in order.
    found: Vec<Range<usize>>,
    /// Index of the current match in `found`.
    current: usize,
    /// Give the field the keyboard on the next frame (Ctrl+F, or after Enter).
    focus: bool,
}

impl FindBar {
    /// The current match, if any.
    fn current_range(&self) -> Option<Range<usize>> {
        self.found.get(self.current).cloned()
    }

    /// Step to the next match (or the previous one), wrapping around.
    fn step(&mut self, forward: bool) {
        let n = self.found.len();
        if n > 0 {
            self.current = if forward {
                (self.current + 1) % n
            } else {
                (self.current + n - 1) % n
            };
        }
    }

    /// "3 of 12", "No matches", or nothing while the field is empty.
    fn count_text(&self) -> String {
        if self.query.trim().is_empty() {
            String::new()
        } else if self.found.is_empty() {
            "No matches".to_owned()
        } else {
            format!("{} of {}", self.current + 1, self.found.len())
        }
    }
}

/// A passage selected in the text.
#[derive(Clone, Debug, PartialEq)]
struct Selection {
    /// Which text it is in (see [`Matches::text_key`]).
    text_key: (usize, usize),
    /// Byte range in the text.
    bytes: Range<usize>,
}

/// The occurrences of one quote in one text.
struct Matches {
    /// Which text was searched: its address and length (the text is normally a `'static`
    /// constant, so this is cheap and exact enough to notice a different text).
    text_key: (usize, usize),
    /// The quote searched for; `None` when nothing is highlighted.
    quote: Option<String>,
    /// Byte ranges of every occurrence, in order, without overlaps.
    byte_ranges: Vec<Range<usize>>,
    /// Character range of the first occurrence, for scrolling to it.
    first_char_range: Option<Range<usize>>,
}

/// The inputs a layout job was built from, so it is rebuilt only when one of them changes.
#[derive(Clone, PartialEq)]
struct JobKey {
    wrap_width: f32,
    font_id: egui::FontId,
    text_color: egui::Color32,
    highlight: egui::Color32,
    /// The kept selection, painted by the view while the text widget is not focused (when it
    /// is, the widget paints its own selection).
    selection: Option<Range<usize>>,
    selection_color: egui::Color32,
    /// The find bar's matches and its current one, with their colours.
    found: Vec<Range<usize>>,
    current: Option<Range<usize>>,
    found_color: egui::Color32,
    current_color: egui::Color32,
}

/// A layout job and the inputs it was built from.
struct CachedJob {
    key: JobKey,
    job: LayoutJob,
}

/// Where "Use as evidence" puts the quote.
#[derive(Clone, Debug, PartialEq)]
struct Target {
    /// The power.
    power: crate::model::PowerId,
    /// The power's name, for the button's tooltip.
    power_name: String,
    /// The keyframe's date.
    date: Date,
    /// The keyframe's evidence so far; `None` when the keyframe must be created.
    evidence: Option<Vec<Evidence>>,
    /// The strength a new keyframe gets: the track's value at that date.
    strength: f64,
}

impl SourceView {
    /// Open the find bar (or, if open, give its field the keyboard again).
    pub fn open_find(&mut self) {
        self.find.get_or_insert_with(FindBar::default).focus = true;
    }

    /// Whether the find bar is open.
    pub fn find_is_open(&self) -> bool {
        self.find.is_some()
    }

    /// Draw the article's text, highlighting `session.highlighted_quote` wherever it occurs and
    /// scrolling to its first occurrence once each time the quote changes.
    ///
    /// Above the text, "Use as evidence" asks how the selected passage bears on the value, then
    /// adds it as a quote with that role to the selected keyframe (or the selected power's
    /// keyframe at the current month), as one undo step.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        article_text: &str,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
    ) {
        // The quote and selection views drawn before asked for this frame.
        let pending = changes.pending_session(session);
        let session = pending.as_ref();
        let palette = Palette::of(ui);
        let text_key = (article_text.as_ptr().addr(), article_text.len());
        if self
            .selection
            .as_ref()
            .is_some_and(|s| s.text_key != text_key)
        {
            self.selection = None;
        }
        self.find_bar_ui(ui, article_text, text_key);
        // First, so that a quote it adds is the highlighted one from this frame on.
        self.use_as_evidence_ui(ui, article_text, map, session, changes);
        ui.add_space(4.0);

        // The quote asked for this frame, if any: it is the session's only once the frame ends.
        let quote = changes
            .pending_highlighted_quote()
            .unwrap_or(session.highlighted_quote.as_deref())
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(ToOwned::to_owned);
        let quote = quote.as_deref();
        let stale = self
            .matches
            .as_ref()
            .is_none_or(|m| m.text_key != text_key || m.quote.as_deref() != quote);
        if stale {
            self.matches = Some(find_matches(article_text, text_key, quote));
            self.job = None;
        }

        let Some(matches) = &self.matches else {
            return;
        };
        if quote.is_some() && matches.byte_ranges.is_empty() {
            warning_ui(ui, palette.warning, QUOTE_NOT_FOUND);
            ui.add_space(4.0);
        }

        let scroll_now = self.scrolled_to.as_deref() != quote;
        let scroll_to_found = self.scroll_to.take();
        let (found, current) = self
            .find
            .as_ref()
            .map_or((Vec::new(), None), |f| (f.found.clone(), f.current_range()));
        let (found_color, current_color) = find_colors(ui.visuals().dark_mode);
        let job_cache = &mut self.job;
        let id = article_text_id();
        let focused = ui.memory(|m| m.has_focus(id));
        let kept_selection = self
            .selection
            .as_ref()
            .filter(|_| !focused)
            .map(|s| s.bytes.clone());

        let output = egui::ScrollArea::vertical()
            .id_salt("article_text")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let font_id = egui::FontSelection::Default.resolve(ui.style());
                let text_color = ui.visuals().text_color();
                let selection_color = ui.visuals().selection.bg_fill;
                let mut layouter = |ui: &egui::Ui, _text: &dyn egui::TextBuffer, wrap_width| {
                    let key = JobKey {
                        wrap_width,
                        font_id: font_id.clone(),
                        text_color,
                        highlight: palette.highlight,
                        selection: kept_selection.clone(),
                        selection_color,
                        found: found.clone(),
                        current: current.clone(),
                        found_color,
                        current_color,
                    };
                    let job = match job_cache.as_ref() {
                        Some(cached) if cached.key == key => cached.job.clone(),
                        _ => {
                            let job = build_job(article_text, &matches.byte_ranges, &key);
                            *job_cache = Some(CachedJob {
                                key,
                                job: job.clone(),
                            });
                            job
                        }
                    };
                    // egui memoizes the layout, so this is a hash lookup on most frames.
                    ui.fonts_mut(|fonts| fonts.layout_job(job))
                };
                // A `&str` buffer cannot be changed: the text can be selected, never edited.
                let mut text: &str = article_text;
                let output = egui::TextEdit::multiline(&mut text)
                    .id(id)
                    .frame(egui::Frame::NONE)
                    .desired_width(f32::INFINITY)
                    .layouter(&mut layouter)
                    .show(ui);
                // No tooltip: over the whole article it would get in the way of reading.
                let _ = output
                    .response
                    .response
                    .clone()
                    .accessible_name(ARTICLE_TEXT_NAME);

                let target = scroll_to_found
                    .as_ref()
                    .or(matches.first_char_range.as_ref().filter(|_| scroll_now));
                if let Some(chars) = target {
                    let start = output.galley.pos_from_cursor(CCursor::new(chars.start));
                    let end = output.galley.pos_from_cursor(CCursor::new(chars.end));
                    let rect = start.union(end).translate(output.galley_pos.to_vec2());
                    ui.scroll_to_rect(rect, Some(egui::Align::Center));
                }
                output
            })
            .inner;

        if output.response.response.has_focus() {
            // While focused the widget owns the selection; afterwards the view keeps it.
            self.selection = output.cursor_range.filter(|r| !r.is_empty()).map(|r| {
                let chars = r.as_sorted_char_range();
                selection(article_text, text_key, chars.start.0..chars.end.0)
            });
        }
        if scroll_now {
            self.scrolled_to = quote.map(ToOwned::to_owned);
        }
    }

    /// The find bar, while open: a field, the match count, previous/next and close. Enter
    /// and F3 go to the next match, with Shift to the previous one; Escape closes the bar.
    fn find_bar_ui(&mut self, ui: &mut egui::Ui, article_text: &str, text_key: (usize, usize)) {
        let Some(find) = &mut self.find else {
            return;
        };
        let mut close = false;
        let mut step = None;
        ui.horizontal(|ui| {
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut find.query)
                        .hint_text("Find in article")
                        // Room for the count and three buttons: the bar never widens the
                        // panel (a wider panel would slide under the compass).
                        .desired_width((ui.available_width() - 200.0).clamp(60.0, 220.0)),
                )
                .accessible_name(FIND_IN_ARTICLE)
                .on_hover_text(
                    "Type words to find in the article: Enter or F3 goes to the next match, \
                     Shift+Enter or Shift+F3 to the previous one, Escape closes",
                );
            if std::mem::take(&mut find.focus) {
                response.request_focus();
            }
            if response.lost_focus() {
                let (enters, escape, shift) = ui.input(|i| {
                    (
                        i.num_presses(egui::Key::Enter),
                        i.key_pressed(egui::Key::Escape),
                        i.modifiers.shift,
                    )
                });
                if escape {
                    close = true;
                } else if enters > 0 {
                    // Two presses within one frame are two steps.
                    step = Some((!shift, enters));
                    // Enter takes the keyboard from a one-line field: give it back.
                    response.request_focus();
                }
            }
            ui.label(find.count_text());
            let any = !find.found.is_empty();
            if ui
                .add_enabled(any, egui::Button::new("⏶"))
                .accessible_name(PREVIOUS_MATCH)
                .on_hover_text("Go to the previous match (Shift+Enter or Shift+F3)")
                .clicked()
            {
                step = Some((false, 1));
            }
            if ui
                .add_enabled(any, egui::Button::new("⏷"))
                .accessible_name(NEXT_MATCH)
                .on_hover_text("Go to the next match (Enter or F3)")
                .clicked()
            {
                step = Some((true, 1));
            }
            if ui
                .button("✖")
                .accessible_name(CLOSE_FIND)
                .on_hover_text("Close the find bar (Escape)")
                .clicked()
            {
                close = true;
            }
        });
        let f3 = ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::SHIFT, egui::Key::F3) {
                Some((false, 1))
            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::F3) {
                Some((true, 1))
            } else {
                None
            }
        });
        let step = step.or(f3);

        let searched = Some((find.query.clone(), text_key));
        let mut moved = false;
        if find.searched != searched {
            find.found = find_in_text(article_text, &find.query);
            find.current = 0;
            find.searched = searched;
            moved = true;
        }
        if let Some((forward, times)) = step {
            for _ in 0..times {
                find.step(forward);
            }
            moved = true;
        }
        if moved && let Some(bytes) = find.current_range() {
            self.scroll_to = Some(char_range(article_text, &bytes));
        }
        if close {
            self.find = None;
        }
        ui.add_space(4.0);
    }

    /// The "Use as evidence" button, with what it will do.
    fn use_as_evidence_ui(
        &mut self,
        ui: &mut egui::Ui,
        article_text: &str,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
    ) {
        // Whole words only: a word cut at either end is left out (see `snap_to_words`).
        let snapped = self
            .selection
            .as_ref()
            .map(|s| snap_to_words(article_text, s.bytes.clone()));
        let selected = snapped
            .clone()
            .and_then(|bytes| article_text.get(bytes))
            .filter(|q| !q.is_empty());
        let words = selected.map_or(0, |q| q.split_whitespace().count());
        let target = target(map, session);
        // The article's own citation right after the selected words, if it gives one.
        let cited = snapped
            .as_ref()
            .and_then(|s| citation_after(article_text, s.end, &map.sources));

        let palette = Palette::of(ui);
        ui.horizontal_wrapped(|ui| {
            let enabled = words >= MIN_QUOTE_WORDS && target.is_some();
            let disabled_why = match (&target, words) {
                (None, _) => "Select a power first (on the compass or in the list): \
                              the quote is added to its keyframe"
                    .to_owned(),
                (Some(_), 0) => {
                    "Select at least three words of the article's text first".to_owned()
                }
                (Some(_), _) => format!(
                    "Select at least {MIN_QUOTE_WORDS} words: a shorter quote proves little"
                ),
            };
            let button = ui
                .add_enabled(enabled, egui::Button::new(format!("{USE_AS_EVIDENCE}…")))
                .accessible_name(USE_AS_EVIDENCE)
                .on_hover_text(
                    "Add the selected words as a quote to the selected keyframe: you say \
                     whether it supports, qualifies or contradicts its value",
                )
                .on_disabled_hover_text(disabled_why);
            // The role is asked for in a menu; Escape or a click elsewhere adds nothing.
            let chosen = egui::Popup::menu(&button)
                .show(|ui| {
                    let mut chosen = None;
                    ui.label(
                        egui::RichText::new("The selected words…")
                            .small()
                            .color(palette.weak_text),
                    );
                    for role in Role::ALL {
                        if ui
                            .button(role_choice(role))
                            .on_hover_text(role_choice_hint(role))
                            .clicked()
                        {
                            chosen = Some(role);
                        }
                    }
                    chosen
                })
                .and_then(|r| r.inner);
            if let Some(target) = &target {
                let mut what = if target.evidence.is_some() {
                    format!("Adds to {}, {}", target.power_name, target.date)
                } else {
                    format!(
                        "Adds a new keyframe to {} in {}",
                        target.power_name, target.date
                    )
                };
                if selected.is_some()
                    && let Some((source, locator)) = &cited
                    && let Some(source) = map.source(source)
                {
                    what = format!("{what}, cited as ({})", source.citation(locator));
                }
                ui.label(egui::RichText::new(what).small().color(palette.weak_text));
            }
            if let (Some(role), Some(quote), Some(target)) = (chosen, selected, target) {
                add_quote(map, changes, (quote, role), target, cited);
                // The new quote is highlighted where it was selected: no need to scroll.
                changes.highlight_quote(Some(quote.to_owned()));
                self.scrolled_to = Some(quote.to_owned());
                self.selection = None;
            }
        });
        if selected.is_none() {
            ui.label(
                egui::RichText::new("Select words in the text below to quote them.")
                    .small()
                    .color(palette.weak_text),
            );
        }
        if let Some(quote) = selected {
            let words_text = if words == 1 { "word" } else { "words" };
            ui.label(
                egui::RichText::new(format!(
                    "Selected: {words} {words_text}, “{}”",
                    preview(quote)
                ))
                .small()
                .color(palette.weak_text),
            );
        }
    }
}

/// The find bar's colours for every match and for the current one, in dark or light mode:
/// blue and orange, apart from the quote's yellow.
fn find_colors(dark_mode: bool) -> (egui::Color32, egui::Color32) {
    if dark_mode {
        (
            egui::Color32::from_rgb(35, 70, 115),
            egui::Color32::from_rgb(170, 85, 20),
        )
    } else {
        (
            egui::Color32::from_rgb(190, 220, 255),
            egui::Color32::from_rgb(255, 165, 70),
        )
    }
}

/// The character range of the byte range `bytes` of `text`.
fn char_range(text: &str, bytes: &Range<usize>) -> Range<usize> {
    let start = text.get(..bytes.start).map_or(0, |t| t.chars().count());
    start..start + text.get(bytes.clone()).map_or(0, |t| t.chars().count())
}

/// The in-text citation that follows a quote in the article, as in “…” (Vuksanovic, 2021,
/// p. 7): the bibliography source it names (by author and year; in "X, as cited in Y" the
/// last one named, Y) and its page, if any. `None` when no citation follows the quote's end,
/// `end` (a byte offset into `text`), or it names no source of `sources`.
pub fn citation_after(text: &str, end: usize, sources: &[Source]) -> Option<(SourceId, String)> {
    let rest = text
        .get(end..)?
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '”' | '’' | '"' | '\''));
    let inner = rest.strip_prefix('(')?;
    let inner = &inner[..inner
        .find(')')
        .filter(|&close| close <= MAX_CITATION_BYTES)?];
    let (source, at) = sources
        .iter()
        .filter_map(|s| {
            let year = s.year?;
            let at = inner.rfind(s.author.as_str())?;
            inner[at..].contains(&year.to_string()).then_some((s, at))
        })
        .max_by_key(|&(_, at)| at)?;
    let after = &inner[at..];
    let locator = after
        .find("pp. ")
        .or_else(|| after.find("p. "))
        .map_or_else(String::new, |page| after[page..].trim().to_owned());
    Some((source.id.clone(), locator))
}

/// How long an in-text citation may be, in bytes: longer parentheses are prose, not a citation.
const MAX_CITATION_BYTES: usize = 160;

/// The selection `chars` of `text`, with its byte range.
fn selection(text: &str, text_key: (usize, usize), chars: Range<usize>) -> Selection {
    let byte_of = |char_index: usize| {
        text.char_indices()
            .nth(char_index)
            .map_or(text.len(), |(byte, _)| byte)
    };
    let bytes = byte_of(chars.start)..byte_of(chars.end);
    Selection { text_key, bytes }
}

/// The first and last few words of a long quote.
fn preview(quote: &str) -> String {
    const EDGE_WORDS: usize = 6;
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.len() <= 2 * EDGE_WORDS {
        words.join(" ")
    } else {
        format!(
            "{} … {}",
            words[..EDGE_WORDS].join(" "),
            words[words.len() - EDGE_WORDS..].join(" ")
        )
    }
}

/// The keyframe of `power` at `year_f64`, if there is one.
fn on_track(power: &crate::model::Power, year_f64: f64) -> Option<&crate::model::Keyframe> {
    power
        .track
        .iter()
        .find(|k| (k.date.to_year_f64() - year_f64).abs() < SAME_DATE_YEARS)
}

/// Where a new quote goes: the selected keyframe, else the selected power's keyframe at the
/// current month (which may not exist yet). `None` when no power is selected.
fn target(map: &StanceMap, session: &Session) -> Option<Target> {
    let picked = session
        .selected_keyframe
        .as_ref()
        .and_then(|KeyframeRef { power, year_f64 }| {
            let power = map.power(power)?;
            Some((power, on_track(power, *year_f64)?))
        });
    if let Some((power, keyframe)) = picked {
        return Some(Target {
            power: power.id.clone(),
            power_name: power.name.clone(),
            date: keyframe.date,
            evidence: Some(keyframe.evidence.clone()),
            strength: keyframe.strength,
        });
    }
    let power = session
        .selected_power
        .as_ref()
        .and_then(|id| map.power(id))?;
    let month = Date::from_year_f64_month(session.date_year_f64);
    let existing = on_track(power, month.to_year_f64());
    Some(Target {
        power: power.id.clone(),
        power_name: power.name.clone(),
        date: existing.map_or(month, |k| k.date),
        evidence: existing.map(|k| k.evidence.clone()),
        strength: existing.map_or_else(
            // Rounded as the app shows it: the line's value is rarely a round number.
            || snap_strength(power.strength_at(month.to_year_f64()).unwrap_or(0.0), false),
            |k| k.strength,
        ),
    })
}

/// Ask for the quote to be added to the target with its role, creating the article's source and the
/// keyframe where needed, all as one undo step. The target keyframe becomes the selected one.
fn add_quote(
    map: &StanceMap,
    changes: &mut Changes,
    (quote, role): (&str, Role),
    target: Target,
    cited: Option<(SourceId, String)>,
) {
    let article = SourceId(ARTICLE_SOURCE_ID.to_owned());
    let (source, locator) = cited.unwrap_or_else(|| (article.clone(), String::new()));
    changes.begin_group();
    if source == article && map.source(&article).is_none() {
        let mut sources = map.sources.clone();
        sources.push(Source {
            id: article.clone(),
            author: "The article".to_owned(),
            year: None,
            entry: "The article".to_owned(),
            url: String::new(),
            accessed: String::new(),
        });
        changes.edit(Edit::SetSources(sources));
    }
    let mut evidence = if let Some(evidence) = target.evidence {
        evidence
    } else {
        changes.edit(Edit::SetStrength {
            power: target.power.clone(),
            date: target.date,
            strength: target.strength,
        });
        Vec::new()
    };
    evidence.push(Evidence {
        quote: quote.to_owned(),
        source,
        locator,
        dimension: Dimension::Political,
        role,
    });
    changes.edit(Edit::SetEvidence {
        owner: EvidenceOwner::Keyframe {
            power: target.power.clone(),
            date: target.date,
        },
        evidence,
    });
    changes.end_group();
    changes.select_keyframe(Some(KeyframeRef {
        power: target.power,
        year_f64: target.date.to_year_f64(),
    }));
    changes.show_panel(Panel::Evidence);
}

/// Find every occurrence of `quote` in `text`, tolerating other spacing and Unicode forms.
fn find_matches(text: &str, text_key: (usize, usize), quote: Option<&str>) -> Matches {
    let byte_ranges: Vec<Range<usize>> = quote.map_or_else(Vec::new, |q| quote_ranges(text, q));
    let first_char_range = byte_ranges.first().map(|r| char_range(text, r));
    Matches {
        text_key,
        quote: quote.map(ToOwned::to_owned),
        byte_ranges,
        first_char_range,
    }
}

/// Lay out `text` wrapped at the key's width, with the `highlights` on a highlight background
/// and the key's selection (which may overlap them) on the selection colour.
fn build_job(text: &str, highlights: &[Range<usize>], key: &JobKey) -> LayoutJob {
    let plain = TextFormat {
        font_id: key.font_id.clone(),
        color: key.text_color,
        ..TextFormat::default()
    };
    let marked = TextFormat {
        background: key.highlight,
        ..plain.clone()
    };
    let selected = TextFormat {
        background: key.selection_color,
        ..plain.clone()
    };
    let found = TextFormat {
        background: key.found_color,
        ..plain.clone()
    };
    let current = TextFormat {
        background: key.current_color,
        underline: egui::Stroke::new(2.0, key.text_color),
        ..plain.clone()
    };
    let selection = key
        .selection
        .clone()
        .filter(|s| s.start < s.end && s.end <= text.len());

    // Cut the text wherever a highlight or the selection starts or ends.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for range in highlights
        .iter()
        .chain(&selection)
        .chain(&key.found)
        .chain(&key.current)
    {
        cuts.extend([range.start, range.end]);
    }
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();

    let mut job = LayoutJob::default();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let inside = |r: &Range<usize>| r.start <= start && end <= r.end;
        let format = if selection.as_ref().is_some_and(inside) {
            &selected
        } else if key.current.as_ref().is_some_and(inside) {
            &current
        } else if highlights.iter().any(inside) {
            &marked
        } else if key.found.iter().any(inside) {
            &found
        } else {
            &plain
        };
        job.append(&text[start..end], 0.0, format.clone());
    }
    // A job needs at least one section, even for an empty text.
    if job.sections.is_empty() {
        job.append("", 0.0, plain);
    }
    job.wrap.max_width = key.wrap_width;
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(selection: Option<Range<usize>>) -> JobKey {
        JobKey {
            wrap_width: 100.0,
            font_id: egui::FontId::default(),
            text_color: egui::Color32::BLACK,
            highlight: egui::Color32::YELLOW,
            selection,
            selection_color: egui::Color32::BLUE,
            found: Vec::new(),
            current: None,
            found_color: egui::Color32::LIGHT_BLUE,
            current_color: egui::Color32::ORANGE,
        }
    }

    fn sections_with(job: &LayoutJob, text: &str, color: egui::Color32) -> Vec<String> {
        job.sections
            .iter()
            .filter(|s| s.format.background == color)
            .map(|s| text[s.byte_range.start.0..s.byte_range.end.0].to_owned())
            .collect()
    }

    #[test]
    fn finds_every_occurrence_with_character_offsets() {
        let text = "Öne two. Öne two.";
        let m = find_matches(text, (0, 0), Some("two"));
        assert_eq!(m.byte_ranges.len(), 2);
        assert_eq!(&text[m.byte_ranges[1].clone()], "two");
        // "Ö" is two bytes but one character.
        assert_eq!(m.first_char_range, Some(4..7));
    }

    #[test]
    fn highlights_split_the_text_into_sections() {
        let text = "aa bb aa";
        let m = find_matches(text, (0, 0), Some("aa"));
        let job = build_job(text, &m.byte_ranges, &key(None));
        assert_eq!(job.text, text);
        assert_eq!(
            sections_with(&job, text, egui::Color32::YELLOW),
            ["aa", "aa"]
        );
    }

    #[test]
    fn the_kept_selection_is_painted_over_highlights() {
        let text = "aa bb aa";
        let m = find_matches(text, (0, 0), Some("aa"));
        let job = build_job(text, &m.byte_ranges, &key(Some(1..4)));
        assert_eq!(job.text, text);
        assert_eq!(sections_with(&job, text, egui::Color32::BLUE), ["a b"]);
        assert_eq!(
            sections_with(&job, text, egui::Color32::YELLOW),
            ["a", "aa"]
        );
    }

    #[test]
    fn a_missing_quote_has_no_matches() {
        let m = find_matches("some text", (0, 0), Some("other"));
        assert!(m.byte_ranges.is_empty() && m.first_char_range.is_none());
    }

    #[test]
    fn selections_convert_characters_to_bytes() {
        let text = "Öne two three";
        let s = selection(text, (0, 0), 1..7);
        assert_eq!(&text[s.bytes], "ne two");
        let s = selection(text, (0, 0), 4..99);
        assert_eq!(&text[s.bytes], "two three");
    }

    #[test]
    fn long_quotes_are_previewed_by_their_ends() {
        assert_eq!(preview("one  two\nthree"), "one two three");
        let long = (1..=20)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(preview(&long), "1 2 3 4 5 6 … 15 16 17 18 19 20");
    }
}
