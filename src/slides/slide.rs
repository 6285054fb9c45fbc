//! The default slide for a story step: what presenter mode shows, laid out for 1920×1080.

use std::sync::Arc;

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, Galley, Pos2, Rect, Stroke, StrokeKind, Ui, UiBuilder, pos2, vec2};

use crate::model::StanceMap;
use crate::model::story_text::{SLIDE_FITS, SLIDE_TYPE, StepWords, first_fit};
use crate::ui::compass::CompassView;
use crate::ui::session::Session;
use crate::ui::theme::ProjectorInk;

use super::display_text;

/// The share of a wide slide's width the compass takes; the text column has the rest.
const COMPASS_SHARE: f32 = 0.6;
/// On a square or tall slide, the most of the height the words above the compass take.
const TEXT_SHARE_STACKED: f32 = 0.5;
/// When even the smallest type does not fit: the most rows of each quote and of the caption.
const LAST_RESORT_ROWS: (usize, usize) = (3, 4);

/// The words of a slide ([`StepWords`]), made safe to show.
fn words_of(map: &StanceMap, step_index: usize, date_year_f64: f64) -> StepWords {
    let words = StepWords::of(map, Some(step_index), date_year_f64);
    StepWords {
        title: display_text(&words.title),
        events: words.events.as_deref().map(display_text),
        caption: display_text(&words.caption),
        quotes: words
            .quotes
            .iter()
            .map(|(quote, citation)| (display_text(quote), display_text(citation)))
            .collect(),
        footer: words.footer.as_deref().map(display_text),
        ..words
    }
}

/// Draw story step `step_index` of `map` as a slide filling `ui`: the compass at the step's date
/// and focus on the left ~60 %, and on the right the step number ("3 / 12"), the date, the
/// title, the caption and each quote with its citation. Sized for 1920×1080 points and scaled
/// with the space given; long texts shrink, and only as a last resort are cut with "…".
///
/// When the story has no such step (for example, it is empty), the slide shows the map at the
/// last date it covers, under the map's title and description.
pub fn draw_step_slide(ui: &mut Ui, map: &StanceMap, step_index: usize) {
    let ink = ProjectorInk::new(ui.visuals().dark_mode);
    ink.apply(ui);
    let screen = ui.max_rect();
    ui.painter().rect_filled(screen, 0.0, ink.background);

    let mut session = Session::default();
    match map.story.get(step_index) {
        Some(step) => {
            session.date_year_f64 = step.date.to_year_f64();
            session.focus.clone_from(&step.focus);
        }
        None => {
            if let Some((_, last)) = map.span_year_f64() {
                session.date_year_f64 = last;
            }
        }
    }
    let words = words_of(map, step_index, session.date_year_f64);

    let scale = super::design_scale(screen.width(), screen.height());
    let margin = 56.0 * scale;
    let wide = screen.width() >= screen.height() * 1.2;
    let draw_compass = |ui: &mut Ui, compass_rect: Rect, session: &mut Session| {
        if compass_rect.width() > 20.0 && compass_rect.height() > 20.0 {
            ui.scope_builder(UiBuilder::new().max_rect(compass_rect), |ui| {
                // A slide edits nothing: its compass has no drag handles at all.
                let mut compass = CompassView::default();
                // The measured values the step names (none without a step).
                compass.show_indicators(Some(
                    map.story
                        .get(step_index)
                        .map(|s| s.indicators.clone())
                        .unwrap_or_default(),
                ));
                compass.read_only_ui(ui, map, session);
            });
        }
    };
    if wide {
        let split = screen.left() + screen.width() * COMPASS_SHARE;
        let compass_rect = Rect::from_min_max(
            screen.min + vec2(margin, margin * 0.5),
            pos2(split - margin * 0.25, screen.bottom() - margin * 0.5),
        );
        let text_rect = Rect::from_min_max(
            pos2(split + margin * 0.25, screen.top() + margin),
            screen.max - vec2(margin, margin),
        );
        draw_compass(ui, compass_rect, &mut session);
        text_column(ui, &words, text_rect, scale, &ink, false);
    } else {
        // Square and tall pages: the words on top take what they need (at most about half the
        // page) and the compass fills the rest, so no band of the page is left empty.
        let text_rect = Rect::from_min_max(
            screen.min + vec2(margin, margin),
            pos2(
                screen.right() - margin,
                screen.top() + screen.height() * TEXT_SHARE_STACKED,
            ),
        );
        let below = text_column(ui, &words, text_rect, scale, &ink, true);
        let compass_rect = Rect::from_min_max(
            pos2(screen.left() + margin, below + margin * 0.25),
            screen.max - vec2(margin, margin * 0.5),
        );
        draw_compass(ui, compass_rect, &mut session);
    }
}

/// The column's text, laid out at one size.
struct Column {
    counter: Option<Arc<Galley>>,
    date: Arc<Galley>,
    /// The events at the step's date, a small line under it.
    events: Option<Arc<Galley>>,
    title: Arc<Galley>,
    caption: Option<Arc<Galley>>,
    cards: Vec<(Arc<Galley>, Arc<Galley>)>,
    footer: Option<Arc<Galley>>,
    gap: f32,
    card_pad: f32,
}

impl Column {
    /// Lay out the words at `size` points per unit of the 1920×1080 design.
    fn layout(
        ui: &Ui,
        words: &StepWords,
        width: f32,
        size: f32,
        rows: (Option<usize>, Option<usize>),
        ink: &ProjectorInk,
    ) -> Self {
        let text = |text: &str, font: f32, color: Color32, width: f32, max_rows: Option<usize>| {
            let mut job =
                LayoutJob::simple(text.to_owned(), FontId::proportional(font), color, width);
            job.wrap = TextWrapping {
                max_width: width,
                max_rows: max_rows.unwrap_or(usize::MAX),
                break_anywhere: false,
                overflow_character: Some('…'),
            };
            ui.painter().layout_job(job)
        };
        let (quote_rows, caption_rows) = rows;
        let pt = |points: f64| points as f32 * size;
        let card_pad = pt(SLIDE_TYPE.card_pad);
        let card_width = width - 2.0 * card_pad - 6.0 * size;
        Self {
            counter: words
                .counter
                .as_deref()
                .map(|c| text(c, pt(SLIDE_TYPE.counter), ink.weak, width, Some(1))),
            date: text(&words.date, pt(SLIDE_TYPE.date), ink.marker, width, Some(1)),
            events: words
                .events
                .as_deref()
                .map(|e| text(e, pt(SLIDE_TYPE.citation), ink.weak, width, Some(2))),
            title: text(
                &words.title,
                pt(SLIDE_TYPE.title),
                ink.text,
                width,
                caption_rows.map(|_| 3),
            ),
            caption: (!words.caption.trim().is_empty()).then(|| {
                text(
                    &words.caption,
                    pt(SLIDE_TYPE.caption),
                    ink.text,
                    width,
                    caption_rows,
                )
            }),
            cards: words
                .quotes
                .iter()
                .map(|(quote, citation)| {
                    (
                        text(
                            quote,
                            pt(SLIDE_TYPE.quote),
                            ink.text,
                            card_width,
                            quote_rows,
                        ),
                        text(
                            citation,
                            pt(SLIDE_TYPE.citation),
                            ink.weak,
                            card_width,
                            Some(2),
                        ),
                    )
                })
                .collect(),
            footer: words
                .footer
                .as_deref()
                .map(|f| text(f, pt(SLIDE_TYPE.footer), ink.weak, width, Some(1))),
            gap: pt(SLIDE_TYPE.gap),
            card_pad,
        }
    }

    fn card_height(&self, quote: &Galley, citation: &Galley) -> f32 {
        2.0 * self.card_pad + quote.size().y + self.card_pad * 0.5 + citation.size().y
    }

    /// The height of everything but the footer.
    fn height(&self) -> f32 {
        let mut height = self.date.size().y + self.gap * 0.4 + self.title.size().y;
        if let Some(events) = &self.events {
            height += events.size().y + self.gap * 0.2;
        }
        if let Some(counter) = &self.counter {
            height += counter.size().y + self.gap * 0.4;
        }
        if let Some(caption) = &self.caption {
            height += self.gap + caption.size().y;
        }
        for (quote, citation) in &self.cards {
            height += self.gap + self.card_height(quote, citation);
        }
        height
    }
}

/// Draw the step's words in `rect`, shrinking them until they fit, and return the y below
/// them. The map's title goes in the rect's bottom corner, or right below the words when
/// `stacked` (the compass below takes the rest of the page).
fn text_column(
    ui: &Ui,
    words: &StepWords,
    rect: Rect,
    scale: f32,
    ink: &ProjectorInk,
    stacked: bool,
) -> f32 {
    if rect.width() < 10.0 || rect.height() < 10.0 {
        return rect.top();
    }
    let footer_room = if words.footer.is_some() {
        40.0 * scale
    } else {
        0.0
    };
    let room = rect.height() - footer_room;
    let column = first_fit(
        SLIDE_FITS,
        |fit| {
            Column::layout(
                ui,
                words,
                rect.width(),
                scale * fit as f32,
                (None, None),
                ink,
            )
        },
        |c| c.height() <= room,
    )
    .unwrap_or_else(|_| {
        let (quote_rows, caption_rows) = LAST_RESORT_ROWS;
        let size = scale * SLIDE_FITS[SLIDE_FITS.len() - 1] as f32;
        Column::layout(
            ui,
            words,
            rect.width(),
            size,
            (Some(quote_rows), Some(caption_rows)),
            ink,
        )
    });

    let painter = ui.painter_at(rect);
    let mut y = rect.top();
    let place = |galley: &Arc<Galley>, x: f32, y: &mut f32| {
        painter.galley(Pos2::new(x, *y), galley.clone(), ink.text);
        *y += galley.size().y;
    };
    if let Some(counter) = &column.counter {
        place(counter, rect.left(), &mut y);
        y += column.gap * 0.4;
    }
    place(&column.date, rect.left(), &mut y);
    if let Some(events) = &column.events {
        y += column.gap * 0.2;
        place(events, rect.left(), &mut y);
    }
    y += column.gap * 0.4;
    place(&column.title, rect.left(), &mut y);
    if let Some(caption) = &column.caption {
        y += column.gap;
        place(caption, rect.left(), &mut y);
    }
    for (quote, citation) in &column.cards {
        y += column.gap;
        let card = Rect::from_min_size(
            pos2(rect.left(), y),
            vec2(rect.width(), column.card_height(quote, citation)),
        );
        if card.top() >= rect.bottom() {
            break;
        }
        painter.rect(
            card,
            10.0 * scale,
            ink.card,
            Stroke::new((1.5 * scale).max(1.0), ink.card_stroke),
            StrokeKind::Inside,
        );
        // An accent bar down the card's left edge marks it as a quotation.
        let bar = Rect::from_min_size(
            card.min + vec2(0.0, column.card_pad * 0.5),
            vec2(6.0 * scale, card.height() - column.card_pad),
        );
        painter.rect_filled(bar, 3.0 * scale, ink.marker);
        let x = card.left() + column.card_pad + 6.0 * scale;
        let mut inner = card.top() + column.card_pad;
        place(quote, x, &mut inner);
        inner += column.card_pad * 0.5;
        place(citation, x, &mut inner);
        y = card.bottom();
    }
    if let Some(footer) = &column.footer {
        let top = if stacked {
            (y + column.gap * 0.5).min(rect.bottom() - footer.size().y)
        } else {
            rect.bottom() - footer.size().y
        };
        painter.galley(pos2(rect.left(), top), footer.clone(), ink.weak);
        y = y.max(top + footer.size().y);
    }
    y.min(rect.bottom())
}
