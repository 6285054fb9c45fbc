//! Presenter mode: the story full screen, step by step, for a lecture hall.
//!
//! The screen holds a large compass, the step's date, title, caption and quote cards in a side
//! column (or above the compass on narrow windows), and a slim timeline strip along the bottom
//! with the steps as ticks and the current date as a moving marker. Type is sized for the back
//! of a hall: about 40 pt titles and 28 pt captions at 1920×1080, scaled with the window and
//! with [`Session::presenter_text_scale`], and no text (the compass's included) under 2.5% of
//! the screen's height times that scale. When a step's text does not fit, all of it shrinks
//! alike (never below that minimum at scale 1), and only as a last resort are long texts cut
//! with "…".
//!
//! P opens the presenter view ([`speaker`]): the step's notes, the next step, the time and
//! the keys, in a window of its own; the audience's screen never shows the notes.
//!
//! Presenter mode reads its own keys (the app's shortcuts are off while it runs), so a clicker
//! that sends arrows, Page Up/Down, B or W works as people expect: the arrows, Page Up/Down,
//! Space and Enter step, Home/End jump, B/W blank the screen, A turns autoplay on or off (it
//! loops after the last step), + and − (with or without Ctrl) size the text, P opens or
//! closes the presenter view, Esc leaves. The one
//! table of them is in [`keys`]: what presenter mode acts on and what the shortcuts window lists.
//!
//! Entering presenter mode starts at the first step (like a slide show started with F5),
//! unless [`PresenterView::start_at`] named another step ("Present from here").
//!
//! This file holds the presentation's state (step, transition, blanking, autoplay) and the
//! screen's layout; [`layout`] sizes the type and fits the text column, [`strip`] draws the
//! timeline strip, [`keys`] reads the keys.

mod keys;
mod layout;
mod speaker;
mod strip;

use std::time::Duration;

use egui::{Color32, Event, FontId, Pos2, Rect, Sense, Ui, UiBuilder, Vec2, pos2, vec2};

use crate::model::story_text::events_line;
use crate::model::{StanceMap, StoryStep, display_safe};
use crate::ui::changes::{Change, Changes};
use crate::ui::compass::CompassView;
use crate::ui::session::Session;
use crate::ui::theme::ProjectorInk;

use keys::{Pressed, read_keys};
use layout::column_ui;

pub use keys::PRESENTER_KEYS;
pub use layout::{MIN_TEXT_SHARE, TypeSizes, clamp_text_scale};
pub use speaker::{
    NO_NOTES, NOTES_NEED_A_WINDOW, PRESENTER_VIEW_TITLE, elapsed_text, presenter_view_ui,
};

/// How long moving from one step to the next takes, in seconds.
pub const TRANSITION_S: f64 = 1.0;

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
/// The label of the on-screen button that opens or closes the presenter view.
pub const PRESENTER_VIEW_LABEL: &str = "Presenter view";
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
    /// Whether the presenter view (notes, next step, time) is open in its own window. It
    /// stays open from one presentation to the next.
    view_open: bool,
    /// When presenter mode was entered, in `egui` seconds: the presenter view's clock.
    started_s: f64,
    /// The keys pressed in the presenter view's window, acted on in the next frame.
    window_keys: Pressed,
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

/// How long autoplay stays on a step, in seconds: its own duration, or as long as its words
/// take to read ([`crate::model::story_text::step_time`]).
pub fn step_duration_s(step: &StoryStep) -> f64 {
    crate::model::story_text::step_time(step).seconds
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

    /// Whether the presenter view (notes, next step, time) is open.
    pub fn is_presenter_view_open(&self) -> bool {
        self.view_open
    }

    /// Start at `step` (counting from 0) the next time presenter mode is entered.
    pub fn start_at(&mut self, step: usize) {
        self.start_step = Some(step);
    }

    /// Start at the first step the next time presenter mode is entered (another map was
    /// opened: the step named before is not its own).
    pub fn forget_start(&mut self) {
        self.start_step = None;
    }

    /// Draw presenter mode filling the window, and act on its keys. Leaving (Escape, the
    /// on-screen button) pushes [`Change::LeavePresenter`] to `changes`; each step's date and
    /// focus (and the selection a click on the compass makes) are pushed there too. Presenter
    /// mode asks for no edit: it changes no map.
    pub fn ui(&mut self, ui: &mut Ui, map: &StanceMap, session: &Session, changes: &mut Changes) {
        let (now_s, frame) = (ui.input(|i| i.time), ui.ctx().cumulative_frame_nr());
        if self.last_frame.is_none_or(|f| frame > f + 1) {
            self.enter(map, session, changes, now_s);
        }
        self.last_frame = Some(frame);
        self.step = self.step.min(map.story.len().saturating_sub(1));

        let ink = ProjectorInk::new(ui.visuals().dark_mode);
        ink.apply(ui);
        let screen = ui.max_rect();
        ui.painter().rect_filled(screen, 0.0, ink.background);

        if let Some(blank) = self.blank {
            self.blank_ui(ui, screen, blank);
            // A key pressed on the laptop returns too.
            if self.presenter_window_ui(ui.ctx(), map, now_s) != Pressed::default() {
                self.blank = None;
                ui.ctx().request_repaint();
            }
            return;
        }

        let pressed = read_keys(ui).and(std::mem::take(&mut self.window_keys));
        if pressed.leave {
            self.leave(changes);
            changes.push(Change::LeavePresenter);
            return;
        }
        self.act_on_keys(pressed, map, session, changes, now_s);
        if self.blank.is_some() {
            ui.ctx().request_repaint();
            return;
        }
        self.advance(ui.ctx(), map, session, changes, now_s);
        // The date and focus asked for above are drawn now; the session gets them at the
        // frame's end.
        let pending = changes.pending_session(session);

        // Wide windows put the text in a side column a third of the width; narrow (portrait)
        // ones put it above the compass, across the whole width, so the type may be as large
        // as in a third of a window three times as wide.
        let wide = screen.width() >= screen.height() * 1.2;
        let type_basis = if wide {
            screen.size()
        } else {
            vec2(screen.width() * 3.0, screen.height())
        };
        // The minimum text size follows the whole screen's height, whatever else shares it.
        let screen_height = ui.ctx().content_rect().height().max(screen.height());
        let sizes = TypeSizes::new(type_basis, screen_height, session.presenter_text_scale);
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
            column_ui(ui, map, step, column, &sizes, &ink);
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
            let used = column_ui(ui, map, step, max_text, &sizes, &ink);
            Rect::from_min_max(
                pos2(content.left() + margin, used.bottom() + margin * 0.5),
                pos2(content.right() - margin, content.bottom()),
            )
        };
        let compass_rect = events_ui(ui, map, step, compass_rect, &sizes, &ink);
        let compass_rect = class_ui(ui, &pending, compass_rect, &sizes, &ink);
        if compass_rect.width() > 40.0 && compass_rect.height() > 40.0 {
            ui.scope_builder(UiBuilder::new().max_rect(compass_rect), |ui| {
                // Presenter mode edits nothing: its compass has no drag handles at all.
                self.compass.set_min_text_size(sizes.min);
                // The measured values the step names, not the window's toggles.
                self.compass
                    .show_indicators(Some(step.map(|s| s.indicators.clone()).unwrap_or_default()));
                self.compass.read_only_ui_queued(ui, map, &pending, changes);
            });
        }
        self.strip_ui(ui, map, &pending, strip, margin, &sizes, &ink);
        drop(pending);

        let (leave, target) = self.controls_ui(ui, map, screen, &sizes, now_s);
        self.window_keys = self.presenter_window_ui(ui.ctx(), map, now_s);
        if self.window_keys != Pressed::default() {
            ui.ctx().request_repaint();
        }
        if let Some(target) = target {
            self.go_to(target, map, session, changes, now_s, true);
            ui.ctx().request_repaint();
        }
        if leave {
            self.leave(changes);
            changes.push(Change::LeavePresenter);
        }
    }

    /// Reset for a new presentation and go to the first (or the chosen) step.
    fn enter(&mut self, map: &StanceMap, session: &Session, changes: &mut Changes, now_s: f64) {
        self.blank = None;
        self.autoplay = false;
        self.transition = None;
        self.controls_until_s = 0.0;
        self.started_s = now_s;
        self.window_keys = Pressed::default();
        let scale = clamp_text_scale(session.presenter_text_scale);
        if scale != session.presenter_text_scale {
            changes.set_text_scale(scale);
        }
        let start = self.start_step.take().unwrap_or(0);
        let start = start.min(map.story.len().saturating_sub(1));
        self.go_to(start, map, session, changes, now_s, false);
    }

    /// Forget the presentation, so entering again starts afresh.
    fn leave(&mut self, changes: &mut Changes) {
        self.last_frame = None;
        self.blank = None;
        self.autoplay = false;
        // Mid-glide, the editor opens at the step's date, not somewhere on the way to it.
        if let Some(t) = self.transition.take() {
            changes.set_date(t.to_year_f64);
        }
    }

    /// Go to step `index`: set the focus, and move the date there (smoothly if `animate`).
    fn go_to(
        &mut self,
        index: usize,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
        now_s: f64,
        animate: bool,
    ) {
        let Some(step) = map.story.get(index) else {
            return;
        };
        self.step = index;
        self.step_since_s = now_s;
        let to_year_f64 = step.date.to_year_f64();
        let from_year_f64 = changes.date_or(session.date_year_f64);
        if animate && from_year_f64.is_finite() && (from_year_f64 - to_year_f64).abs() > 1e-9 {
            self.transition = Some(Transition {
                from_year_f64,
                to_year_f64,
                start_s: now_s,
            });
        } else {
            self.transition = None;
            changes.set_date(to_year_f64);
        }
        changes.set_focus(step.focus.clone());
    }

    fn act_on_keys(
        &mut self,
        pressed: Pressed,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
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
            changes.set_text_scale(clamp_text_scale((scaled * 10.0).round() / 10.0));
        }
        if pressed.black {
            self.blank = Some(Blank::Black);
        } else if pressed.white {
            self.blank = Some(Blank::White);
        }
        if pressed.presenter_view {
            self.view_open = !self.view_open;
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
            self.go_to(target, map, session, changes, now_s, true);
        }
    }

    /// Move the date along the transition and run autoplay.
    fn advance(
        &mut self,
        ctx: &egui::Context,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
        now_s: f64,
    ) {
        if let Some(t) = self.transition {
            let elapsed_s = now_s - t.start_s;
            if elapsed_s >= TRANSITION_S {
                changes.set_date(t.to_year_f64);
                self.transition = None;
            } else {
                changes.set_date(tween_year_f64(t.from_year_f64, t.to_year_f64, elapsed_s));
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
                self.go_to(next, map, session, changes, now_s, true);
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

    /// Small buttons for mouse and touch users, shown while the pointer moves (always when the
    /// map has no story). Returns whether the user asked to leave, and the step they asked
    /// to go to.
    fn controls_ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        screen: Rect,
        sizes: &TypeSizes,
        now_s: f64,
    ) -> (bool, Option<usize>) {
        let active = ui.input(|i| i.pointer.delta() != Vec2::ZERO || i.pointer.any_pressed());
        if active {
            self.controls_until_s = now_s + CONTROLS_VISIBLE_S;
        }
        let visible = map.story.is_empty() || now_s < self.controls_until_s;
        if !visible {
            return (false, None);
        }
        if !map.story.is_empty() {
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(self.controls_until_s - now_s));
        }
        let font_size = sizes.shrunk(sizes.small, 0.8);
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
                    if ui
                        .button(PRESENTER_VIEW_LABEL)
                        .on_hover_text(
                            "Your notes, the next step and the time, in a window of their own \
                             for your laptop's screen (P)",
                        )
                        .clicked()
                    {
                        self.view_open = !self.view_open;
                    }
                }
                leave = ui.button(LEAVE_LABEL).clicked();
            },
        );
        (leave, target)
    }
}

/// "3 / 12": which step of how many (the one function, from the story text every surface
/// shares).
pub use crate::model::story_text::step_counter;

/// What happened at the step's date, by name ("⚑ NATO bombing of Belgrade · …"), at most two
/// lines across the top of `area`, the compass's place, which it returns less the room the
/// line took. The step's own column is fitted apart from it, so naming events never shrinks
/// the step's words.
fn events_ui(
    ui: &mut Ui,
    map: &StanceMap,
    step: Option<&StoryStep>,
    area: Rect,
    sizes: &TypeSizes,
    ink: &ProjectorInk,
) -> Rect {
    let Some(line) = step.and_then(|s| events_line(map, s.date.to_year_f64())) else {
        return area;
    };
    let mut job = egui::text::LayoutJob::simple(
        display_safe(&line).into_owned(),
        FontId::proportional(sizes.small.max(sizes.min)),
        ink.weak,
        area.width().max(40.0),
    );
    job.wrap.max_rows = 2;
    job.wrap.overflow_character = Some('…');
    let galley = ui.painter().layout_job(job);
    let rect = Rect::from_min_size(area.min, galley.size());
    ui.put(rect, egui::Label::new(galley).selectable(false));
    Rect::from_min_max(pos2(area.left(), rect.bottom() + sizes.min * 0.5), area.max)
}

/// The line that sums up a shown class: "Class of 3 · agreement (α) by power: EU 0.23,
/// Russia 0.65 — 0.800 reliable, 0.667 tentative", Krippendorff's alpha of each power on its
/// own ([`crate::model::class::Class::agreement_by_power_line`]); the figure pooled over all
/// powers would count differences between powers as agreement.
pub fn class_line(class: &crate::model::class::Class) -> String {
    let n = class.readings.len();
    let readings = if n == 1 { "reading" } else { "readings" };
    match class.agreement_by_power_line() {
        Some(by_power) => format!("Class of {n} · {by_power}"),
        None => format!("Class of {n} {readings} · agreement cannot be measured yet"),
    }
}

/// The class's line across the top of `area` (the compass's place) when a class is shown;
/// returns `area` less the room it took. The compass below draws the class's fans and medians.
fn class_ui(
    ui: &mut Ui,
    session: &Session,
    area: Rect,
    sizes: &TypeSizes,
    ink: &ProjectorInk,
) -> Rect {
    let Some(class) = crate::ui::compass::shown_class(session) else {
        return area;
    };
    let mut job = egui::text::LayoutJob::simple(
        class_line(class),
        FontId::proportional(sizes.small.max(sizes.min)),
        ink.weak,
        area.width().max(40.0),
    );
    job.wrap.max_rows = 2;
    job.wrap.overflow_character = Some('…');
    let galley = ui.painter().layout_job(job);
    let rect = Rect::from_min_size(area.min, galley.size());
    ui.put(rect, egui::Label::new(galley).selectable(false));
    Rect::from_min_max(pos2(area.left(), rect.bottom() + sizes.min * 0.5), area.max)
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
    fn durations_fall_back_to_the_time_the_words_take() {
        let mut step = StoryStep {
            date: crate::model::Date::year(2000),
            title: String::new(),
            caption: String::new(),
            focus: Vec::new(),
            quotes: Vec::new(),
            duration_s: None,
            notes: String::new(),
            indicators: Vec::new(),
        };
        let from_words = crate::model::story_text::reading_time_s(&step);
        assert_eq!(step_duration_s(&step), from_words);
        step.caption = "Many more words for the hall to read, ".repeat(10);
        assert!(step_duration_s(&step) > from_words);
        step.duration_s = Some(3.0);
        assert_eq!(step_duration_s(&step), 3.0);
        step.duration_s = Some(f64::NAN);
        assert_eq!(
            step_duration_s(&step),
            crate::model::story_text::reading_time_s(&step)
        );
        step.duration_s = Some(0.01);
        assert_eq!(
            step_duration_s(&step),
            crate::model::story_text::MIN_STEP_DURATION_S
        );
    }
}
