//! Presenter mode: the story full screen, step by step, for a lecture hall.
//!
//! The screen holds a large compass, the step's date, title, caption and quote cards in a side
//! column (or above the compass on narrow windows), and a slim timeline strip along the bottom
//! with the steps as ticks and the current date as a moving marker. Type is sized for the back
//! of a hall: about 40 pt titles and 28 pt captions at 1920×1080, scaled with the window and
//! with [`Session::presenter_text_scale`]. When the text does not fit, the quote cards shrink
//! first, then the caption, and only as a last resort are long texts cut with "…".
//!
//! Presenter mode reads its own keys (the app's shortcuts are off while it runs), so a clicker
//! that sends arrows, Page Up/Down, B or W works as people expect: the arrows, Page Up/Down,
//! Space and Enter step, Home/End jump, B/W blank the screen, A turns autoplay on or off (it
//! loops after the last step), + and − (with or without Ctrl) size the text, Esc leaves. The one
//! table of them is [`KEY_TABLE`]: what [`read_keys`] acts on and what the shortcuts window lists.
//!
//! Entering presenter mode starts at the first step (like a slide show started with F5),
//! unless [`PresenterView::start_at`] named another step ("Present from here").

use std::sync::Arc;
use std::time::Duration;

use egui::text::LayoutJob;
use egui::{
    Align2, Color32, Event, FontId, Galley, Key, Modifiers, Pos2, Rect, Sense, Stroke, StrokeKind,
    Ui, UiBuilder, Vec2, pos2, vec2,
};

use crate::model::story_text::{first_fit, quoted};
use crate::model::{StanceMap, StoryStep, display_safe};
use crate::ui::changes::{Change, Changes};
use crate::ui::compass::CompassView;
use crate::ui::session::Session;
use crate::ui::theme::ProjectorInk;

/// How long moving from one step to the next takes, in seconds.
pub const TRANSITION_S: f64 = 1.0;

/// How long autoplay stays on a step that names no duration, in seconds.
pub const DEFAULT_STEP_DURATION_S: f64 = 8.0;

/// The shortest time autoplay stays on a step, whatever the map says, in seconds.
const MIN_STEP_DURATION_S: f64 = 1.0;

/// The range of [`Session::presenter_text_scale`].
pub const TEXT_SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.6..=2.0;

/// How much one press of `+` or `-` changes the text scale.
const TEXT_SCALE_STEP: f32 = 0.1;

/// How long the on-screen controls stay after the mouse last moved, in seconds.
const CONTROLS_VISIBLE_S: f64 = 2.5;

/// The message shown when the map has no story.
pub const NO_STORY_MESSAGE: &str = "This map has no story yet. Add steps in the story panel.";

/// The hint under it.
pub const LEAVE_HINT: &str = "Press Esc to leave presenter mode.";

/// The accessible label of the on-screen "next" button.
pub const NEXT_LABEL: &str = "Next step";
/// The accessible label of the on-screen "previous" button.
pub const PREVIOUS_LABEL: &str = "Previous step";
/// The accessible label of the on-screen "leave" button.
pub const LEAVE_LABEL: &str = "Leave presenter mode";
/// The words of the autoplay indicator.
pub const AUTOPLAY_INDICATOR: &str = "autoplay";

/// A blanked screen, as a clicker's "B" (black) or "W" (white) asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blank {
    /// The whole screen black.
    Black,
    /// The whole screen white.
    White,
}

impl Blank {
    /// The accessible name of the blank screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::Black => "Black screen",
            Self::White => "White screen",
        }
    }
}

/// A move of the date from one step's date to another's.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Transition {
    from_year_f64: f64,
    to_year_f64: f64,
    start_s: f64,
}

/// Presenter mode's state: the current step, the transition, blanking, autoplay.
#[derive(Default)]
pub struct PresenterView {
    compass: CompassView,
    /// The step shown, an index into the map's story.
    step: usize,
    /// The frame presenter mode was last drawn in; a gap means it was entered anew.
    last_frame: Option<u64>,
    /// The step to start at the next time presenter mode is entered.
    start_step: Option<usize>,
    transition: Option<Transition>,
    blank: Option<Blank>,
    autoplay: bool,
    /// When the current step was reached (for autoplay), in `egui` seconds.
    step_since_s: f64,
    /// Until when the on-screen controls show, in `egui` seconds.
    controls_until_s: f64,
}

/// The keys presenter mode acts on, read once per frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Pressed {
    /// How many times: a clicker pressed twice quickly (within one frame) moves two steps.
    next: usize,
    /// How many times.
    previous: usize,
    first: bool,
    last: bool,
    black: bool,
    white: bool,
    leave: bool,
    autoplay: bool,
    bigger: bool,
    smaller: bool,
}

/// The cubic ease-in-out curve: slow start, slow finish; `t` in 0..=1 maps onto 0..=1.
pub fn ease_in_out(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    if t < 0.5 {
        4.0 * t * t * t
    } else {
        1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
    }
}

/// The date `elapsed_s` seconds into a transition from `from_year_f64` to `to_year_f64`.
pub fn tween_year_f64(from_year_f64: f64, to_year_f64: f64, elapsed_s: f64) -> f64 {
    let t = ease_in_out(elapsed_s / TRANSITION_S);
    from_year_f64 + (to_year_f64 - from_year_f64) * t
}

/// How long autoplay stays on a step, in seconds.
pub fn step_duration_s(step: &StoryStep) -> f64 {
    step.duration_s
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(DEFAULT_STEP_DURATION_S)
        .max(MIN_STEP_DURATION_S)
}

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

impl PresenterView {
    /// The step shown, counting from 0.
    pub fn step(&self) -> usize {
        self.step
    }

    /// Whether the screen is blanked, and how.
    pub fn blank(&self) -> Option<Blank> {
        self.blank
    }

    /// Whether autoplay is on.
    pub fn is_autoplaying(&self) -> bool {
        self.autoplay
    }

    /// Whether the date is still moving toward the step's date.
    pub fn is_animating(&self) -> bool {
        self.transition.is_some()
    }

    /// Start at `step` (counting from 0) the next time presenter mode is entered.
    pub fn start_at(&mut self, step: usize) {
        self.start_step = Some(step);
    }

    /// Draw presenter mode filling the window, and act on its keys. Leaving (Escape, the
    /// on-screen button) pushes [`Change::LeavePresenter`] to `changes`; nothing else does:
    /// presenter mode changes no map.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        session: &mut Session,
        changes: &mut Changes,
    ) {
        let (now_s, frame) = (ui.input(|i| i.time), ui.ctx().cumulative_frame_nr());
        if self.last_frame.is_none_or(|f| frame > f + 1) {
            self.enter(map, session, now_s);
        }
        self.last_frame = Some(frame);
        self.step = self.step.min(map.story.len().saturating_sub(1));

        let ink = ProjectorInk::new(ui.visuals().dark_mode);
        ink.apply(ui);
        let screen = ui.max_rect();
        ui.painter().rect_filled(screen, 0.0, ink.background);

        if let Some(blank) = self.blank {
            self.blank_ui(ui, screen, blank);
            return;
        }

        let pressed = read_keys(ui);
        if pressed.leave {
            self.leave(session);
            changes.push(Change::LeavePresenter);
            return;
        }
        self.act_on_keys(pressed, map, session, now_s);
        if self.blank.is_some() {
            ui.ctx().request_repaint();
            return;
        }
        self.advance(ui.ctx(), map, session, now_s);

        // Wide windows put the text in a side column a third of the width; narrow (portrait)
        // ones put it above the compass, across the whole width, so the type may be as large
        // as in a third of a window three times as wide.
        let wide = screen.width() >= screen.height() * 1.2;
        let type_basis = if wide {
            screen.size()
        } else {
            vec2(screen.width() * 3.0, screen.height())
        };
        let sizes = TypeSizes::new(type_basis, session.presenter_text_scale);
        let margin = (24.0 * sizes.window).max(8.0);
        let strip_height = sizes.small * 4.2;
        let strip = Rect::from_min_max(
            pos2(screen.left(), screen.bottom() - strip_height),
            screen.max,
        );
        let content = Rect::from_min_max(screen.min, pos2(screen.right(), strip.top()));

        let step = map.story.get(self.step);
        let compass_rect = if wide {
            let column = Rect::from_min_max(
                pos2(
                    content.right() - content.width() / 3.0 + margin * 0.5,
                    content.top() + margin,
                ),
                pos2(content.right() - margin, content.bottom() - margin * 0.5),
            );
            Self::column_ui(ui, map, step, column, &sizes, &ink);
            Rect::from_min_max(
                pos2(content.left() + margin, content.top() + margin * 0.5),
                pos2(column.left() - margin, content.bottom()),
            )
        } else {
            let max_text = Rect::from_min_max(
                content.min + vec2(margin, margin),
                pos2(
                    content.right() - margin,
                    content.top() + content.height() * 0.45,
                ),
            );
            let used = Self::column_ui(ui, map, step, max_text, &sizes, &ink);
            Rect::from_min_max(
                pos2(content.left() + margin, used.bottom() + margin * 0.5),
                pos2(content.right() - margin, content.bottom()),
            )
        };
        if compass_rect.width() > 40.0 && compass_rect.height() > 40.0 {
            ui.scope_builder(UiBuilder::new().max_rect(compass_rect), |ui| {
                // Presenter mode edits nothing: its compass has no drag handles at all.
                self.compass.read_only_ui(ui, map, session);
            });
        }
        self.strip_ui(ui, map, session, strip, margin, &sizes, &ink);

        if self.controls_ui(ui, map, session, screen, &sizes, now_s) {
            self.leave(session);
            changes.push(Change::LeavePresenter);
        }
    }

    /// Reset for a new presentation and go to the first (or the chosen) step.
    fn enter(&mut self, map: &StanceMap, session: &mut Session, now_s: f64) {
        self.blank = None;
        self.autoplay = false;
        self.transition = None;
        self.controls_until_s = 0.0;
        session.presenter_text_scale = clamp_text_scale(session.presenter_text_scale);
        let start = self.start_step.take().unwrap_or(0);
        let start = start.min(map.story.len().saturating_sub(1));
        self.go_to(start, map, session, now_s, false);
    }

    /// Forget the presentation, so entering again starts afresh.
    fn leave(&mut self, session: &mut Session) {
        self.last_frame = None;
        self.blank = None;
        self.autoplay = false;
        // Mid-glide, the editor opens at the step's date, not somewhere on the way to it.
        if let Some(t) = self.transition.take() {
            session.date_year_f64 = t.to_year_f64;
        }
    }

    /// Go to step `index`: set the focus, and move the date there (smoothly if `animate`).
    fn go_to(
        &mut self,
        index: usize,
        map: &StanceMap,
        session: &mut Session,
        now_s: f64,
        animate: bool,
    ) {
        let Some(step) = map.story.get(index) else {
            return;
        };
        self.step = index;
        self.step_since_s = now_s;
        let to_year_f64 = step.date.to_year_f64();
        let from_year_f64 = session.date_year_f64;
        if animate && from_year_f64.is_finite() && (from_year_f64 - to_year_f64).abs() > 1e-9 {
            self.transition = Some(Transition {
                from_year_f64,
                to_year_f64,
                start_s: now_s,
            });
        } else {
            self.transition = None;
            session.date_year_f64 = to_year_f64;
        }
        session.focus.clone_from(&step.focus);
    }

    fn act_on_keys(
        &mut self,
        pressed: Pressed,
        map: &StanceMap,
        session: &mut Session,
        now_s: f64,
    ) {
        if pressed.bigger || pressed.smaller {
            let delta = if pressed.bigger {
                TEXT_SCALE_STEP
            } else {
                -TEXT_SCALE_STEP
            };
            let scaled = clamp_text_scale(session.presenter_text_scale) + delta;
            // Round to tenths so repeated presses land on 1.0 again.
            session.presenter_text_scale = clamp_text_scale((scaled * 10.0).round() / 10.0);
        }
        if pressed.black {
            self.blank = Some(Blank::Black);
        } else if pressed.white {
            self.blank = Some(Blank::White);
        }
        if pressed.autoplay {
            self.autoplay = !self.autoplay;
            self.step_since_s = now_s;
        }
        let last = map.story.len().saturating_sub(1);
        let target = if pressed.first {
            Some(0)
        } else if pressed.last {
            Some(last)
        } else if pressed.next > 0 || pressed.previous > 0 {
            Some(
                (self.step + pressed.next)
                    .saturating_sub(pressed.previous)
                    .min(last),
            )
        } else {
            None
        };
        if let Some(target) = target
            && (target != self.step || self.transition.is_none())
        {
            self.go_to(target, map, session, now_s, true);
        }
    }

    /// Move the date along the transition and run autoplay.
    fn advance(&mut self, ctx: &egui::Context, map: &StanceMap, session: &mut Session, now_s: f64) {
        if let Some(t) = self.transition {
            let elapsed_s = now_s - t.start_s;
            if elapsed_s >= TRANSITION_S {
                session.date_year_f64 = t.to_year_f64;
                self.transition = None;
            } else {
                session.date_year_f64 = tween_year_f64(t.from_year_f64, t.to_year_f64, elapsed_s);
                ctx.request_repaint();
            }
        }
        if self.autoplay
            && let Some(step) = map.story.get(self.step)
        {
            let remaining_s = step_duration_s(step) - (now_s - self.step_since_s);
            if remaining_s <= 0.0 {
                let next = if self.step + 1 < map.story.len() {
                    self.step + 1
                } else {
                    0
                };
                self.go_to(next, map, session, now_s, true);
                ctx.request_repaint();
            } else {
                ctx.request_repaint_after(
                    Duration::try_from_secs_f64(remaining_s).unwrap_or(Duration::from_secs(3600)),
                );
            }
        }
    }

    /// The blank screen: nothing but the colour; any key or click returns.
    fn blank_ui(&mut self, ui: &mut Ui, screen: Rect, blank: Blank) {
        let fill = match blank {
            Blank::Black => Color32::BLACK,
            Blank::White => Color32::WHITE,
        };
        ui.painter().rect_filled(screen, 0.0, fill);
        let response = ui.allocate_rect(screen, Sense::click());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, blank.label()));
        let key = ui.input_mut(|i| {
            let any = i
                .events
                .iter()
                .any(|e| matches!(e, Event::Key { pressed: true, .. }));
            i.events.retain(|e| !matches!(e, Event::Key { .. }));
            any
        });
        if key || response.clicked() {
            self.blank = None;
            // Autoplay waits while the screen is blank: give the step its full time again.
            self.step_since_s = ui.input(|i| i.time);
            ui.ctx().request_repaint();
        }
    }

    /// The step's date, title, caption and quote cards, fitted into `max_rect`. Returns the
    /// rectangle the text took.
    fn column_ui(
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

    /// The timeline strip: the map's span, the steps as ticks, the date as a moving marker, and
    /// the step counter.
    #[allow(clippy::too_many_arguments)]
    fn strip_ui(
        &self,
        ui: &mut Ui,
        map: &StanceMap,
        session: &Session,
        strip: Rect,
        margin: f32,
        sizes: &TypeSizes,
        ink: &ProjectorInk,
    ) {
        let painter = ui.painter_at(strip);
        let font = FontId::proportional(sizes.small);
        let small_font = FontId::proportional((sizes.small * 0.85).max(11.0));
        let line_width = (2.0 * sizes.window).max(1.5);

        // The counter and the autoplay indicator on the right.
        let count = map.story.len();
        let counter_text = step_counter(self.step, count);
        let counter = ui.painter().layout_no_wrap(
            counter_text,
            FontId::proportional(sizes.small * 1.15),
            ink.text,
        );
        let indicator = ui.painter().layout_no_wrap(
            AUTOPLAY_INDICATOR.to_owned(),
            small_font.clone(),
            ink.weak,
        );
        let right_width = counter.size().x.max(indicator.size().x);
        let right_x = strip.right() - margin - right_width;
        let counter_rect = Rect::from_min_size(
            pos2(
                strip.right() - margin - counter.size().x,
                strip.center().y - counter.size().y * 0.5,
            ),
            counter.size(),
        );
        ui.put(counter_rect, egui::Label::new(counter).selectable(false));
        if self.autoplay {
            let rect = Rect::from_min_size(
                pos2(
                    strip.right() - margin - indicator.size().x,
                    counter_rect.top() - indicator.size().y,
                ),
                indicator.size(),
            );
            ui.put(rect, egui::Label::new(indicator).selectable(false));
        }

        // The track.
        let left = strip.left() + margin;
        let right = right_x - margin * 1.5;
        if right - left < 40.0 {
            return;
        }
        let line_y = strip.top() + sizes.small * 2.1;
        let (lo, hi) = strip_span(map, session.date_year_f64);
        let x_of = |year_f64: f64| {
            let t = ((year_f64 - lo) / (hi - lo)).clamp(0.0, 1.0) as f32;
            left + (right - left) * t
        };
        let track = Rect::from_min_max(pos2(left, strip.top()), pos2(right, strip.bottom()));
        let current_label = map.date_label(session.date_year_f64);
        ui.allocate_rect(track, Sense::hover()).widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Canvas,
                true,
                format!("Timeline, {current_label}"),
            )
        });
        painter.line_segment(
            [pos2(left, line_y), pos2(right, line_y)],
            Stroke::new(line_width, ink.text),
        );

        // Years, at a spacing that leaves room for their labels.
        let label_width = ui
            .painter()
            .layout_no_wrap("8888".to_owned(), small_font.clone(), ink.weak)
            .size()
            .x;
        let per_year = f64::from(right - left) / (hi - lo);
        let year_step = [1_i32, 2, 5, 10, 20, 50, 100]
            .into_iter()
            .find(|s| per_year * f64::from(*s) >= f64::from(label_width * 1.8))
            .unwrap_or(100);
        let mut year = (lo / f64::from(year_step)).ceil() as i32 * year_step;
        while f64::from(year) <= hi {
            let x = x_of(f64::from(year));
            painter.line_segment(
                [pos2(x, line_y), pos2(x, line_y + sizes.small * 0.35)],
                Stroke::new(line_width * 0.6, ink.weak),
            );
            painter.text(
                pos2(x, line_y + sizes.small * 0.45),
                Align2::CENTER_TOP,
                year.to_string(),
                small_font.clone(),
                ink.weak,
            );
            year += year_step;
        }

        // The steps.
        for (i, step) in map.story.iter().enumerate() {
            let x = x_of(step.date.to_year_f64());
            if i == self.step {
                painter.circle(
                    pos2(x, line_y),
                    sizes.small * 0.32,
                    ink.text,
                    Stroke::new(line_width * 0.5, ink.background),
                );
            } else {
                painter.line_segment(
                    [pos2(x, line_y - sizes.small * 0.55), pos2(x, line_y)],
                    Stroke::new(line_width * 1.5, ink.text),
                );
            }
        }

        // The date now, as a marker with its label above.
        let x = x_of(session.date_year_f64);
        let tip = pos2(x, line_y - sizes.small * 0.15);
        let half = sizes.small * 0.35;
        painter.add(egui::Shape::convex_polygon(
            vec![
                tip,
                pos2(x - half, tip.y - half * 1.4),
                pos2(x + half, tip.y - half * 1.4),
            ],
            ink.marker,
            Stroke::NONE,
        ));
        let galley = ui.painter().layout_no_wrap(current_label, font, ink.marker);
        let label_x = (x - galley.size().x * 0.5).clamp(left, (right - galley.size().x).max(left));
        painter.galley(
            pos2(label_x, tip.y - half * 1.5 - galley.size().y),
            galley,
            ink.marker,
        );
    }

    /// Small buttons for mouse and touch users, shown while the pointer moves (always when the
    /// map has no story). Returns whether the user asked to leave.
    fn controls_ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        session: &mut Session,
        screen: Rect,
        sizes: &TypeSizes,
        now_s: f64,
    ) -> bool {
        let active = ui.input(|i| i.pointer.delta() != Vec2::ZERO || i.pointer.any_pressed());
        if active {
            self.controls_until_s = now_s + CONTROLS_VISIBLE_S;
        }
        let visible = map.story.is_empty() || now_s < self.controls_until_s;
        if !visible {
            return false;
        }
        if !map.story.is_empty() {
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(self.controls_until_s - now_s));
        }
        let font_size = (sizes.small * 0.8).max(12.0);
        let origin: Pos2 = screen.min + vec2(8.0, 8.0);
        let mut leave = false;
        let mut target = None;
        ui.scope_builder(
            UiBuilder::new()
                .max_rect(Rect::from_min_size(
                    origin,
                    vec2(screen.width() - 16.0, font_size * 3.0),
                ))
                .layout(egui::Layout::left_to_right(egui::Align::Min)),
            |ui| {
                ui.style_mut().override_font_id = Some(FontId::proportional(font_size));
                if !map.story.is_empty() {
                    if ui.button(PREVIOUS_LABEL).clicked() {
                        target = Some(self.step.saturating_sub(1));
                    }
                    if ui.button(NEXT_LABEL).clicked() {
                        target = Some((self.step + 1).min(map.story.len() - 1));
                    }
                    let autoplay = if self.autoplay {
                        "Stop autoplay"
                    } else {
                        "Start autoplay"
                    };
                    if ui.button(autoplay).clicked() {
                        self.autoplay = !self.autoplay;
                        self.step_since_s = now_s;
                    }
                }
                leave = ui.button(LEAVE_LABEL).clicked();
            },
        );
        if let Some(target) = target {
            self.go_to(target, map, session, now_s, true);
            ui.ctx().request_repaint();
        }
        leave
    }
}

/// "3 / 12": which step of how many (the one function, from the story text every surface
/// shares).
pub use crate::model::story_text::step_counter;

/// What one of presenter mode's keys does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyAction {
    Next,
    Previous,
    First,
    Last,
    Black,
    White,
    Autoplay,
    Bigger,
    Smaller,
    Leave,
}

/// One line of presenter mode's keys: how the shortcuts window lists it, and the keys that act.
struct KeyRow {
    /// What the keys do.
    what: &'static str,
    /// The keys, as the shortcuts window shows them.
    shown: &'static str,
    /// Whether the keys also work with Ctrl (Cmd on a Mac) held.
    ctrl_too: bool,
    /// Each key and what it does.
    acts: &'static [(Key, KeyAction)],
}

/// Presenter mode's keys: the one table that both [`read_keys`] acts on and the shortcuts
/// window lists (through [`PRESENTER_KEYS`]), so the two cannot disagree.
const KEY_TABLE: [KeyRow; 7] = [
    KeyRow {
        what: "Next step",
        shown: "→  Page Down  Space  Enter",
        ctrl_too: false,
        acts: &[
            (Key::ArrowRight, KeyAction::Next),
            (Key::PageDown, KeyAction::Next),
            (Key::Space, KeyAction::Next),
            (Key::Enter, KeyAction::Next),
        ],
    },
    KeyRow {
        what: "Previous step",
        shown: "←  Page Up",
        ctrl_too: false,
        acts: &[
            (Key::ArrowLeft, KeyAction::Previous),
            (Key::PageUp, KeyAction::Previous),
        ],
    },
    KeyRow {
        what: "First / last step",
        shown: "Home / End",
        ctrl_too: false,
        acts: &[(Key::Home, KeyAction::First), (Key::End, KeyAction::Last)],
    },
    KeyRow {
        what: "Black / white screen (any key or click returns)",
        shown: "B / W",
        ctrl_too: false,
        acts: &[(Key::B, KeyAction::Black), (Key::W, KeyAction::White)],
    },
    KeyRow {
        what: "Autoplay on / off",
        shown: "A",
        ctrl_too: false,
        acts: &[(Key::A, KeyAction::Autoplay)],
    },
    KeyRow {
        what: "Larger / smaller text",
        shown: "+ / −",
        ctrl_too: true,
        acts: &[
            (Key::Plus, KeyAction::Bigger),
            (Key::Equals, KeyAction::Bigger),
            (Key::Minus, KeyAction::Smaller),
        ],
    },
    KeyRow {
        what: "Leave presenter mode",
        shown: "Esc",
        ctrl_too: false,
        acts: &[(Key::Escape, KeyAction::Leave)],
    },
];

/// Presenter mode's keys as the shortcuts window lists them: what each does, and the keys.
/// Read from [`KEY_TABLE`], the table [`read_keys`] acts on.
pub const PRESENTER_KEYS: [(&str, &str); KEY_TABLE.len()] = {
    let mut rows = [("", ""); KEY_TABLE.len()];
    let mut i = 0;
    while i < KEY_TABLE.len() {
        rows[i] = (KEY_TABLE[i].what, KEY_TABLE[i].shown);
        i += 1;
    }
    rows
};

impl Pressed {
    /// Count `times` presses of a key that does `action`.
    fn add(&mut self, action: KeyAction, times: usize) {
        let any = times > 0;
        match action {
            KeyAction::Next => self.next += times,
            KeyAction::Previous => self.previous += times,
            KeyAction::First => self.first |= any,
            KeyAction::Last => self.last |= any,
            KeyAction::Black => self.black |= any,
            KeyAction::White => self.white |= any,
            KeyAction::Autoplay => self.autoplay |= any,
            KeyAction::Bigger => self.bigger |= any,
            KeyAction::Smaller => self.smaller |= any,
            KeyAction::Leave => self.leave |= any,
        }
    }
}

/// Read presenter mode's keys ([`KEY_TABLE`]) and consume them, so nothing else acts on them.
fn read_keys(ui: &mut Ui) -> Pressed {
    ui.input_mut(|i| {
        let mut pressed = Pressed::default();
        for row in &KEY_TABLE {
            let modifiers: &[Modifiers] = if row.ctrl_too {
                &[Modifiers::NONE, Modifiers::COMMAND]
            } else {
                &[Modifiers::NONE]
            };
            for &m in modifiers {
                for &(key, action) in row.acts {
                    pressed.add(action, i.count_and_consume_key(m, key));
                }
            }
        }
        pressed
    })
}

/// The span the timeline strip shows: the map's, widened to hold every step and the date now.
fn strip_span(map: &StanceMap, date_year_f64: f64) -> (f64, f64) {
    let mut span = map.span_year_f64();
    let dates = map
        .story
        .iter()
        .map(|s| s.date.to_year_f64())
        .chain(std::iter::once(date_year_f64).filter(|d| d.is_finite()));
    for y in dates {
        span = Some(span.map_or((y, y), |(lo, hi)| (lo.min(y), hi.max(y))));
    }
    let (lo, hi) = span.unwrap_or((2000.0, 2020.0));
    if hi - lo < 1.0 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    }
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
                            map.citation(ev),
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
    fn easing_starts_slow_ends_slow_and_is_symmetric() {
        assert_eq!(ease_in_out(0.0), 0.0);
        assert_eq!(ease_in_out(1.0), 1.0);
        assert!((ease_in_out(0.5) - 0.5).abs() < 1e-12);
        assert!(ease_in_out(0.1) < 0.1);
        assert!(ease_in_out(0.9) > 0.9);
        for i in 0..=10 {
            let t = f64::from(i) / 10.0;
            assert!((ease_in_out(t) + ease_in_out(1.0 - t) - 1.0).abs() < 1e-12);
        }
        assert_eq!(ease_in_out(-1.0), 0.0);
        assert_eq!(ease_in_out(2.0), 1.0);
    }

    #[test]
    fn the_tween_runs_from_one_date_to_the_other() {
        assert_eq!(tween_year_f64(1999.0, 2009.0, 0.0), 1999.0);
        assert_eq!(tween_year_f64(1999.0, 2009.0, TRANSITION_S), 2009.0);
        let mid = tween_year_f64(1999.0, 2009.0, TRANSITION_S * 0.25);
        assert!(mid > 1999.0 && mid < 2009.0);
    }

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

    /// What `read_keys` makes of one press of `key` with `modifiers`.
    fn press(key: Key, modifiers: Modifiers) -> Pressed {
        let ctx = egui::Context::default();
        let raw = egui::RawInput {
            events: vec![Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            }],
            ..Default::default()
        };
        let mut pressed = Pressed::default();
        let mut out = ctx.run_ui(raw, |ui| pressed = read_keys(ui));
        // egui asserts that a frame's texture updates are taken, not dropped.
        out.textures_delta.clear();
        pressed
    }

    #[test]
    fn every_listed_key_does_what_its_line_says_and_nothing_else() {
        let mut seen = Pressed::default();
        for row in &KEY_TABLE {
            for &(key, action) in row.acts {
                let mut expected = Pressed::default();
                expected.add(action, 1);
                assert_eq!(press(key, Modifiers::NONE), expected, "{key:?}");
                let with_ctrl = press(key, Modifiers::COMMAND);
                let none = Pressed::default();
                assert_eq!(with_ctrl, if row.ctrl_too { expected } else { none });
                seen.add(action, 1);
            }
        }
        // Every action has a key.
        let all = Pressed {
            next: 4,
            previous: 2,
            first: true,
            last: true,
            black: true,
            white: true,
            leave: true,
            autoplay: true,
            bigger: true,
            smaller: true,
        };
        assert_eq!(seen, all);
        assert_eq!(press(Key::Q, Modifiers::NONE), Pressed::default());
        assert_eq!(
            PRESENTER_KEYS[0],
            ("Next step", "→  Page Down  Space  Enter")
        );
        assert_eq!(PRESENTER_KEYS[6], ("Leave presenter mode", "Esc"));
    }

    #[test]
    fn durations_fall_back_to_the_default() {
        let mut step = StoryStep {
            date: crate::model::Date::year(2000),
            title: String::new(),
            caption: String::new(),
            focus: Vec::new(),
            quotes: Vec::new(),
            duration_s: None,
        };
        assert_eq!(step_duration_s(&step), DEFAULT_STEP_DURATION_S);
        step.duration_s = Some(3.0);
        assert_eq!(step_duration_s(&step), 3.0);
        step.duration_s = Some(f64::NAN);
        assert_eq!(step_duration_s(&step), DEFAULT_STEP_DURATION_S);
        step.duration_s = Some(0.01);
        assert_eq!(step_duration_s(&step), MIN_STEP_DURATION_S);
    }
}
