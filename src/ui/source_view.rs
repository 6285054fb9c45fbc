//! The article's text, with the selected quote highlighted and scrolled into view.
//!
//! The text is long (the whole article), so the view keeps the layout description between
//! frames and rebuilds it only when the highlighted quote, the width or the look changes.
//! The laid-out galley itself is left to egui's galley cache: a galley points into the font
//! atlas, which egui may rebuild between frames, so holding one across frames is unsafe.

use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextFormat};

use crate::app::session::Session;
use crate::ui::evidence::warning_ui;
use crate::ui::theme::Palette;

/// The warning shown when the highlighted quote is not in the text.
pub const QUOTE_NOT_FOUND: &str = "This quote does not appear in the article's text.";

/// The source view and the state it keeps between frames.
#[derive(Default)]
pub struct SourceView {
    /// The quote last scrolled into view, so a new quote is scrolled to exactly once.
    scrolled_to: Option<String>,
    /// Where the highlighted quote occurs in the text.
    matches: Option<Matches>,
    /// The layout description of the text with its highlights.
    job: Option<CachedJob>,
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
}

/// A layout job and the inputs it was built from.
struct CachedJob {
    key: JobKey,
    job: LayoutJob,
}

impl SourceView {
    /// Draw the article's text, highlighting `session.highlighted_quote` wherever it occurs and
    /// scrolling to its first occurrence once each time the quote changes.
    pub fn ui(&mut self, ui: &mut egui::Ui, article_text: &str, session: &Session) {
        let palette = Palette::of(ui);
        let quote = session
            .highlighted_quote
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());

        let text_key = (article_text.as_ptr().addr(), article_text.len());
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
        let job_cache = &mut self.job;

        egui::ScrollArea::vertical()
            .id_salt("article_text")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let key = JobKey {
                    wrap_width: ui.available_width(),
                    font_id: egui::FontSelection::Default.resolve(ui.style()),
                    text_color: ui.visuals().text_color(),
                    highlight: palette.highlight,
                };
                if job_cache.as_ref().is_none_or(|cached| cached.key != key) {
                    let job = build_job(article_text, &matches.byte_ranges, &key);
                    *job_cache = Some(CachedJob { key, job });
                }
                let Some(cached) = job_cache.as_ref() else {
                    return;
                };
                // egui memoizes the layout, so this is a hash lookup on most frames.
                let galley = ui.fonts_mut(|fonts| fonts.layout_job(cached.job.clone()));
                let response = ui.add(egui::Label::new(galley.clone()).selectable(true));

                if scroll_now && let Some(chars) = &matches.first_char_range {
                    let start = galley.pos_from_cursor(CCursor::new(chars.start));
                    let end = galley.pos_from_cursor(CCursor::new(chars.end));
                    let rect = start.union(end).translate(response.rect.min.to_vec2());
                    ui.scroll_to_rect(rect, Some(egui::Align::Center));
                }
            });

        if scroll_now {
            self.scrolled_to = quote.map(ToOwned::to_owned);
        }
    }
}

/// Find every occurrence of `quote` in `text`.
fn find_matches(text: &str, text_key: (usize, usize), quote: Option<&str>) -> Matches {
    let byte_ranges: Vec<Range<usize>> = quote.map_or_else(Vec::new, |q| {
        text.match_indices(q)
            .map(|(start, found)| start..start + found.len())
            .collect()
    });
    let first_char_range = byte_ranges.first().map(|r| {
        let start = text[..r.start].chars().count();
        start..start + text[r.clone()].chars().count()
    });
    Matches {
        text_key,
        quote: quote.map(ToOwned::to_owned),
        byte_ranges,
        first_char_range,
    }
}

/// Lay out `text` wrapped at the key's width, with the `highlights` on a highlight background.
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
    let mut job = LayoutJob::default();
    let mut at = 0;
    for range in highlights {
        if at < range.start {
            job.append(&text[at..range.start], 0.0, plain.clone());
        }
        job.append(&text[range.clone()], 0.0, marked.clone());
        at = range.end;
    }
    // A job needs at least one section, even for an empty text.
    if at < text.len() || job.sections.is_empty() {
        job.append(&text[at..], 0.0, plain);
    }
    job.wrap.max_width = key.wrap_width;
    job
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let key = JobKey {
            wrap_width: 100.0,
            font_id: egui::FontId::default(),
            text_color: egui::Color32::BLACK,
            highlight: egui::Color32::YELLOW,
        };
        let job = build_job(text, &m.byte_ranges, &key);
        assert_eq!(job.text, text);
        let marked: Vec<&str> = job
            .sections
            .iter()
            .filter(|s| s.format.background == egui::Color32::YELLOW)
            .map(|s| &text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(marked, ["aa", "aa"]);
    }

    #[test]
    fn a_missing_quote_has_no_matches() {
        let m = find_matches("some text", (0, 0), Some("other"));
        assert!(m.byte_ranges.is_empty() && m.first_char_range.is_none());
    }
}
