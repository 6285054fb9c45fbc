//! Presenter mode's type and text column: type sizes for the window and the user's scale,
//! and the step's date, title, caption and quote cards laid out at the largest size that fits.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Color32, FontId, Galley, Rect, Stroke, StrokeKind, Ui, Vec2, pos2, vec2};

use super::{LEAVE_HINT, NO_STORY_MESSAGE, TEXT_SCALE_RANGE};
use crate::model::story_text::{first_fit, quoted, role_suffix};
use crate::model::{StanceMap, StoryStep, display_safe};
use crate::ui::theme::ProjectorInk;

/// The smallest text on a presenter screen, as a share of the screen's height (27 points at
/// 1080p, 18 at 720p), before the user's text scale: readable from the back of a hall.
pub const MIN_TEXT_SHARE: f32 = 0.025;

/// Quotes beside captions, as a share of the caption's size: one size on every step.
const QUOTE_SHARE: f32 = 0.9;

/// Type sizes for presenter mode, in points. Every one is at least [`Self::min`], and the
/// user's text scale multiplies them all (the minimum too), so `+` and `−` scale the whole
/// screen together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeSizes {
    /// The window's size relative to 1920×1080 (the smaller of the two ratios).
    pub window: f32,
    /// Step titles.
    pub title: f32,
    /// Captions and the date.
    pub body: f32,
    /// Quotes.
    pub quote: f32,
    /// The step counter and the timeline's labels.
    pub small: f32,
    /// The smallest text anywhere on the screen, the compass's included:
    /// [`MIN_TEXT_SHARE`] of the screen's height, times the text scale.
    pub min: f32,
    /// The user's text scale these sizes are for (within [`TEXT_SCALE_RANGE`]).
    pub text_scale: f32,
}

impl TypeSizes {
    /// The sizes for a window of `screen` points, `screen_height` points high, and the user's
    /// text scale. `screen` may be wider than the window (a narrow window's text runs across
    /// its whole width); the minimum follows the real height.
    pub fn new(screen: Vec2, screen_height: f32, text_scale: f32) -> Self {
        let window = (screen.x / 1920.0).min(screen.y / 1080.0);
        let window = if window.is_finite() {
            window.clamp(0.3, 4.0)
        } else {
            1.0
        };
        let text_scale = clamp_text_scale(text_scale);
        // Type shrinks more slowly than the window: a 720p projector in a big hall needs
        // text nearly as large as a 1080p one.
        let scale = window.sqrt() * text_scale;
        let min = if screen_height.is_finite() {
            (MIN_TEXT_SHARE * screen_height.max(0.0)).max(12.0) * text_scale
        } else {
            12.0 * text_scale
        };
        let body = (28.0 * scale).max(min);
        Self {
            window,
            title: (40.0 * scale).max(min),
            body,
            quote: (body * QUOTE_SHARE).max(min),
            small: (20.0 * scale).max(min),
            min,
            text_scale,
        }
    }

    /// The size a text of the step column has when the column is drawn at `size_share` of
    /// its size at text scale 1 (`size`, a size of these sizes, at [`Self::text_scale`]).
    /// Every text of the column shrinks alike, but none below the minimum at text scale 1
    /// (nor below this scale's minimum, when the scale is below 1).
    fn column_size(&self, size: f32, size_share: f32) -> f32 {
        let at_one = size / self.text_scale;
        let floor = self.min / self.text_scale * self.text_scale.min(1.0);
        (at_one * size_share).max(floor)
    }

    /// `size` shrunk by `shrink`, but never below [`Self::min`].
    pub fn shrunk(&self, size: f32, shrink: f32) -> f32 {
        (size * shrink).max(self.min)
    }
}

/// A text scale within [`TEXT_SCALE_RANGE`]; nonsense becomes 1.
pub fn clamp_text_scale(scale: f32) -> f32 {
    if scale.is_finite() {
        scale.clamp(*TEXT_SCALE_RANGE.start(), *TEXT_SCALE_RANGE.end())
    } else {
        1.0
    }
}

/// How large the column's text is drawn, to fit.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Fit {
    /// The size of every text of the step, as a share of its size at text scale 1: title,
    /// caption, quotes and citations shrink together (never below the minimum). Tried on
    /// one grid of shares whatever the scale, so a larger scale never draws a text smaller.
    size_share: f32,
    /// The most rows a quote may take (then "…"), when even the smallest type does not fit.
    quote_rows: Option<usize>,
    /// The most rows the caption and title may take.
    caption_rows: Option<usize>,
}

/// The step between the sizes tried, as a share of the size at text scale 1.
const FIT_STEP: f32 = 0.05;

/// The smallest size tried, as a share of the size at text scale 1 (by then every text is
/// at the minimum): below it, the text is cut with "…".
const FIT_SMALLEST: f32 = 0.5;

/// The sizes tried in order until the column fits, as shares of the sizes at text scale 1:
/// from the scale down, on one grid (multiples of [`FIT_STEP`]).
fn fit_shares(text_scale: f32) -> impl Iterator<Item = f32> {
    let top = (text_scale / FIT_STEP + 1e-3).floor() as i32;
    let bottom = (FIT_SMALLEST / FIT_STEP).round() as i32;
    (bottom.min(top)..=top).rev().map(|i| i as f32 * FIT_STEP)
}

/// The laid-out text of the column, ready to place.
struct Column {
    date: Arc<Galley>,
    title: Arc<Galley>,
    caption: Option<Arc<Galley>>,
    /// Each card's quote and citation.
    cards: Vec<(Arc<Galley>, Arc<Galley>)>,
    gap: f32,
    card_pad: f32,
    height: f32,
}

/// The step's date, title, caption and quote cards, fitted into `max_rect`. Returns the
/// rectangle the text took.
pub(super) fn column_ui(
    ui: &mut Ui,
    map: &StanceMap,
    step: Option<&StoryStep>,
    max_rect: Rect,
    sizes: &TypeSizes,
    ink: &ProjectorInk,
) -> Rect {
    let width = max_rect.width().max(40.0);
    let column = fit_column(ui, map, step, width, max_rect.height(), sizes, ink);
    let mut y = max_rect.top();
    let x = max_rect.left();
    let place = |ui: &mut Ui, galley: &Arc<Galley>, x: f32, y: &mut f32| {
        let rect = Rect::from_min_size(pos2(x, *y), galley.size());
        ui.put(rect, egui::Label::new(Arc::clone(galley)).selectable(false));
        *y = rect.bottom();
    };
    place(ui, &column.date, x, &mut y);
    y += column.gap * 0.3;
    place(ui, &column.title, x, &mut y);
    if let Some(caption) = &column.caption {
        y += column.gap;
        place(ui, caption, x, &mut y);
    }
    let stroke_width = (2.0 * sizes.window).max(1.0);
    for (quote, citation) in &column.cards {
        y += column.gap;
        let inner_height = quote.size().y + column.card_pad * 0.4 + citation.size().y;
        let card = Rect::from_min_size(
            pos2(x, y),
            vec2(width, inner_height + 2.0 * column.card_pad),
        );
        ui.painter().rect(
            card,
            (6.0 * sizes.window).max(2.0),
            ink.card,
            Stroke::new(stroke_width, ink.card_stroke),
            StrokeKind::Inside,
        );
        // A bar down the card's left edge marks it as a quotation.
        let bar = Rect::from_min_size(
            card.min + vec2(stroke_width, stroke_width),
            vec2(stroke_width * 2.5, card.height() - 2.0 * stroke_width),
        );
        ui.painter().rect_filled(bar, 0.0, ink.text);
        let mut inner_y = card.top() + column.card_pad;
        place(ui, quote, x + column.card_pad * 1.3, &mut inner_y);
        inner_y += column.card_pad * 0.4;
        place(ui, citation, x + column.card_pad * 1.3, &mut inner_y);
        y = card.bottom();
    }
    Rect::from_min_max(max_rect.min, pos2(max_rect.right(), y))
}

/// Lay out the column's text at the largest size that fits `max_height`.
fn fit_column(
    ui: &Ui,
    map: &StanceMap,
    step: Option<&StoryStep>,
    width: f32,
    max_height: f32,
    sizes: &TypeSizes,
    ink: &ProjectorInk,
) -> Column {
    let shrink = fit_shares(sizes.text_scale).map(|size_share| Fit {
        size_share,
        quote_rows: None,
        caption_rows: None,
    });
    // Even the smallest type is too tall: cut the quotes, then the caption, with "…".
    let smallest = fit_shares(sizes.text_scale).last().unwrap_or(FIT_SMALLEST);
    let cut = [
        (Some(6), None),
        (Some(4), None),
        (Some(3), Some(6)),
        (Some(2), Some(4)),
        (Some(1), Some(3)),
        (Some(1), Some(2)),
        (Some(1), Some(1)),
    ]
    .map(|(quote_rows, caption_rows)| Fit {
        size_share: smallest,
        quote_rows,
        caption_rows,
    });
    match first_fit(
        shrink.chain(cut),
        |fit| layout_column(ui, map, step, width, sizes, ink, fit),
        |c| c.height <= max_height,
    ) {
        // When nothing fits, the most cut of them.
        Ok(column) | Err(Some(column)) => column,
        Err(None) => layout_column(ui, map, step, width, sizes, ink, cut[cut.len() - 1]),
    }
}

/// Lay out the column's text at one shrink level.
fn layout_column(
    ui: &Ui,
    map: &StanceMap,
    step: Option<&StoryStep>,
    width: f32,
    sizes: &TypeSizes,
    ink: &ProjectorInk,
    fit: Fit,
) -> Column {
    let layout = |text: String, font: FontId, color: Color32, width: f32, rows: Option<usize>| {
        let mut job = LayoutJob::simple(text, font, color, width);
        if let Some(rows) = rows {
            job.wrap.max_rows = rows;
            job.wrap.overflow_character = Some('…');
        }
        ui.painter().layout_job(job)
    };
    let body = sizes.column_size(sizes.body, fit.size_share);
    let quote_size = sizes.column_size(sizes.quote, fit.size_share);
    let citation_size = sizes.column_size(sizes.quote * 0.8, fit.size_share);
    let card_pad = (quote_size * 0.6).max(4.0);
    let card_width = (width - card_pad * 2.3).max(20.0);
    let gap = body * 0.8;
    let (date, title, caption, cards) = match step {
        Some(step) => {
            let date = step.date.to_string();
            let caption = (!step.caption.trim().is_empty()).then(|| {
                layout(
                    display_safe(&step.caption).into_owned(),
                    FontId::proportional(body),
                    ink.text,
                    width,
                    fit.caption_rows,
                )
            });
            let cards = step
                .quotes
                .iter()
                .map(|ev| {
                    (
                        layout(
                            quoted(&display_safe(&ev.quote)),
                            FontId::proportional(quote_size),
                            ink.text,
                            card_width,
                            fit.quote_rows,
                        ),
                        layout(
                            format!("{}{}", map.citation(ev), role_suffix(ev.role)),
                            FontId::proportional(citation_size),
                            ink.weak,
                            card_width,
                            None,
                        ),
                    )
                })
                .collect();
            (date, display_safe(&step.title).into_owned(), caption, cards)
        }
        None => (
            String::new(),
            NO_STORY_MESSAGE.to_owned(),
            Some(layout(
                LEAVE_HINT.to_owned(),
                FontId::proportional(body),
                ink.weak,
                width,
                None,
            )),
            Vec::new(),
        ),
    };
    let date = layout(date, FontId::proportional(body), ink.weak, width, Some(1));
    let title = layout(
        title,
        FontId::proportional(sizes.column_size(sizes.title, fit.size_share)),
        ink.text,
        width,
        fit.caption_rows.map(|r| r.clamp(1, 3)),
    );
    let mut height = date.size().y + gap * 0.3 + title.size().y;
    if let Some(caption) = &caption {
        height += gap + caption.size().y;
    }
    for (quote, citation) in &cards {
        height += gap + quote.size().y + card_pad * 0.4 + citation.size().y + 2.0 * card_pad;
    }
    Column {
        date,
        title,
        caption,
        cards,
        gap,
        card_pad,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_is_40_and_28_points_at_full_hd_and_shrinks_slowly_with_the_window() {
        let full_hd = TypeSizes::new(vec2(1920.0, 1080.0), 1080.0, 1.0);
        assert_eq!(full_hd.title, 40.0);
        assert_eq!(full_hd.body, 28.0);
        let hd = TypeSizes::new(vec2(1280.0, 720.0), 720.0, 1.0);
        assert!((hd.title - 40.0 * (2.0f32 / 3.0).sqrt()).abs() < 1e-3);
        let bigger = TypeSizes::new(vec2(1920.0, 1080.0), 1080.0, 1.5);
        assert_eq!(bigger.title, 60.0);
        let nonsense = TypeSizes::new(vec2(1920.0, 1080.0), 1080.0, f32::NAN);
        assert_eq!(nonsense.title, 40.0);
    }

    #[test]
    fn no_text_is_below_a_fortieth_of_the_screen_and_the_scale_multiplies_all() {
        for (screen, height) in [(vec2(1280.0, 720.0), 720.0), (vec2(1920.0, 1080.0), 1080.0)] {
            let one = TypeSizes::new(screen, height, 1.0);
            assert!((one.min - height * MIN_TEXT_SHARE).abs() < 1e-3);
            for size in [one.title, one.body, one.quote, one.small] {
                assert!(size >= one.min, "{size} at {height}");
            }
            assert!(one.shrunk(one.body, 0.1) >= one.min);
            assert!(one.column_size(one.body, 0.1) >= one.min);
            assert!((one.column_size(one.body, 1.0) - one.body).abs() < 1e-3);
            let bigger = TypeSizes::new(screen, height, 1.2);
            for (a, b) in [
                (one.title, bigger.title),
                (one.body, bigger.body),
                (one.quote, bigger.quote),
                (one.small, bigger.small),
                (one.min, bigger.min),
            ] {
                assert!((b - a * 1.2).abs() < 1e-3, "{a} -> {b}");
            }
            // The column's sizes depend on the share alone: a larger scale tries the same
            // shares and more, so it never settles on a smaller text.
            assert!(
                (bigger.column_size(bigger.quote, 0.9) - one.column_size(one.quote, 0.9)).abs()
                    < 1e-3
            );
        }
    }

    #[test]
    fn the_sizes_tried_lie_on_one_grid_from_the_scale_down() {
        let one: Vec<f32> = fit_shares(1.0).collect();
        assert_eq!(one.first(), Some(&1.0));
        assert!((one[one.len() - 1] - FIT_SMALLEST).abs() < 1e-6);
        let bigger: Vec<f32> = fit_shares(1.1).collect();
        assert!((bigger[0] - 1.1).abs() < 1e-6, "{bigger:?}");
        assert!(
            one.iter()
                .all(|s| bigger.iter().any(|b| (b - s).abs() < 1e-6))
        );
        let small: Vec<f32> = fit_shares(0.3).collect();
        assert_eq!(small.len(), 1);
    }
}
