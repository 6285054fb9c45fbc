//! Presenter mode's type and text column: type sizes for the window and the user's scale,
//! and the step's date, title, caption and quote cards laid out at the largest size that fits.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Color32, FontId, Galley, Rect, Stroke, StrokeKind, Ui, Vec2, pos2, vec2};

use super::{LEAVE_HINT, NO_STORY_MESSAGE, TEXT_SCALE_RANGE};
use crate::model::story_text::{first_fit, quoted, role_suffix};
use crate::model::{StanceMap, StoryStep, display_safe};
use crate::ui::theme::ProjectorInk;

/// Type sizes for presenter mode, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeSizes {
    /// The window's size relative to 1920×1080 (the smaller of the two ratios).
    pub window: f32,
    /// Step titles.
    pub title: f32,
    /// Captions and quotes.
    pub body: f32,
    /// The step counter and the timeline's labels.
    pub small: f32,
}

impl TypeSizes {
    /// The sizes for a window of `screen` points and the user's text scale.
    pub fn new(screen: Vec2, text_scale: f32) -> Self {
        let window = (screen.x / 1920.0).min(screen.y / 1080.0);
        let window = if window.is_finite() {
            window.clamp(0.3, 4.0)
        } else {
            1.0
        };
        // Type shrinks more slowly than the window: a 720p projector in a big hall needs
        // text nearly as large as a 1080p one.
        let scale = window.sqrt() * clamp_text_scale(text_scale);
        Self {
            window,
            title: 40.0 * scale,
            body: 28.0 * scale,
            small: (20.0 * scale).max(12.0),
        }
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

/// How much the column's text is shrunk to fit.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Fit {
    body: f32,
    quote: f32,
    /// The most rows a quote may take (then "…"), when even the smallest type does not fit.
    quote_rows: Option<usize>,
    /// The most rows the caption and title may take.
    caption_rows: Option<usize>,
}

/// The shrink levels tried in order until the column fits.
const FITS: [(f32, f32); 8] = [
    (1.0, 1.0),
    (1.0, 0.9),
    (1.0, 0.8),
    (1.0, 0.7),
    (0.9, 0.65),
    (0.85, 0.6),
    (0.8, 0.55),
    (0.7, 0.5),
];

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
    let shrink = FITS.map(|(body, quote)| Fit {
        body,
        quote,
        quote_rows: None,
        caption_rows: None,
    });
    // Even the smallest type is too tall: cut the quotes, then the caption, with "…".
    let (body, quote) = FITS[FITS.len() - 1];
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
        body,
        quote,
        quote_rows,
        caption_rows,
    });
    match first_fit(
        shrink.into_iter().chain(cut),
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
    let body = sizes.body * fit.body;
    let quote_size = sizes.body * fit.quote;
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
                            FontId::proportional((quote_size * 0.8).max(10.0)),
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
        FontId::proportional(sizes.title * fit.body),
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
        let full_hd = TypeSizes::new(vec2(1920.0, 1080.0), 1.0);
        assert_eq!(full_hd.title, 40.0);
        assert_eq!(full_hd.body, 28.0);
        let hd = TypeSizes::new(vec2(1280.0, 720.0), 1.0);
        assert!((hd.title - 40.0 * (2.0f32 / 3.0).sqrt()).abs() < 1e-3);
        let bigger = TypeSizes::new(vec2(1920.0, 1080.0), 1.5);
        assert_eq!(bigger.title, 60.0);
        let nonsense = TypeSizes::new(vec2(1920.0, 1080.0), f32::NAN);
        assert_eq!(nonsense.title, 40.0);
    }
}
