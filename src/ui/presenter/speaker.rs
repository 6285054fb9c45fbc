//! The presenter view: what the lecturer sees on the laptop while the audience sees the slide.
//! The current step and the next, the step's speaker notes, the time since the presentation
//! began, and the keys. It opens as a second window (an egui viewport) that can go on the
//! laptop's screen, or anywhere on a single screen; the audience screen never shows the notes.

use egui::{RichText, Ui, ViewportBuilder, ViewportClass, ViewportId};

use super::keys::{Pressed, read_keys};
use super::{PRESENTER_KEYS, PresenterView, step_counter};
use crate::model::{StanceMap, display_safe};

/// The presenter view's window title.
pub const PRESENTER_VIEW_TITLE: &str = "Presenter view";

/// What the presenter view says when the step has no notes.
pub const NO_NOTES: &str =
    "No notes for this step. Add them in the story panel, under Speaker notes.";

/// What the presenter view says instead of the notes where it cannot have its own window (it is
/// then drawn over the audience's screen, which must never show the notes).
pub const NOTES_NEED_A_WINDOW: &str =
    "Notes are shown only in a separate window, which this system cannot open.";

/// The time since the presentation began, as a clock reads: "2:05", or "1:02:05" past an hour.
pub fn elapsed_text(elapsed_s: f64) -> String {
    let total = if elapsed_s.is_finite() && elapsed_s > 0.0 {
        // Whole seconds; a presentation does not last for 2^53 of them.
        elapsed_s.floor() as u64
    } else {
        0
    };
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

/// Draw the presenter view into any `ui`: step `step`'s counter, date and title, the next
/// step's, the step's speaker notes (only when `show_notes`), the time since the presentation
/// began and the keys.
pub fn presenter_view_ui(
    ui: &mut Ui,
    map: &StanceMap,
    step: usize,
    elapsed_s: f64,
    show_notes: bool,
) {
    let body = 18.0;
    ui.horizontal(|ui| {
        ui.label(RichText::new(step_counter(step, map.story.len())).size(body));
        ui.separator();
        ui.label(RichText::new(format!("Elapsed {}", elapsed_text(elapsed_s))).size(body))
            .on_hover_text("Time since presenter mode began (F5)");
    });
    ui.separator();
    let Some(current) = map.story.get(step) else {
        ui.label(RichText::new(super::NO_STORY_MESSAGE).size(body));
        return;
    };
    ui.label(RichText::new("Now").size(body * 0.8).weak());
    ui.label(RichText::new(current.date.to_string()).size(body));
    ui.label(
        RichText::new(display_safe(&current.title))
            .size(body * 1.5)
            .strong(),
    );
    ui.add_space(8.0);
    ui.label(RichText::new("Speaker notes").size(body * 0.8).weak());
    let notes = if !show_notes {
        NOTES_NEED_A_WINDOW.to_owned()
    } else if current.notes.trim().is_empty() {
        NO_NOTES.to_owned()
    } else {
        display_safe(&current.notes).into_owned()
    };
    egui::ScrollArea::vertical()
        .max_height((ui.available_height() * 0.5).max(80.0))
        .show(ui, |ui| {
            ui.label(RichText::new(notes).size(body * 1.2));
        });
    ui.add_space(8.0);
    ui.label(RichText::new("Next").size(body * 0.8).weak());
    match map.story.get(step + 1) {
        Some(next) => {
            ui.label(RichText::new(next.date.to_string()).size(body));
            ui.label(RichText::new(display_safe(&next.title)).size(body * 1.2));
        }
        None => {
            ui.label(RichText::new("The end of the story").size(body));
        }
    }
    ui.add_space(8.0);
    ui.separator();
    egui::CollapsingHeader::new("Keys")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("presenter_view_keys").show(ui, |ui| {
                for (what, keys) in PRESENTER_KEYS {
                    // Monospace has the arrows' glyphs, as in the shortcuts window.
                    ui.label(RichText::new(keys).monospace().size(body * 0.8));
                    ui.label(RichText::new(what).size(body * 0.8));
                    ui.end_row();
                }
            });
        });
}

impl PresenterView {
    /// The presenter view's own window, while it is open: drawn now (an immediate viewport), so
    /// keys pressed in it act like keys pressed on the audience's screen. Returns them, and
    /// closes the view when its window is closed.
    pub(super) fn presenter_window_ui(
        &mut self,
        ctx: &egui::Context,
        map: &StanceMap,
        now_s: f64,
    ) -> Pressed {
        if !self.view_open {
            return Pressed::default();
        }
        let (step, elapsed_s) = (self.step, now_s - self.started_s);
        let builder = ViewportBuilder::default()
            .with_title(format!("{PRESENTER_VIEW_TITLE} · {}", map.title))
            .with_inner_size([900.0, 640.0]);
        let (pressed, close) = ctx.show_viewport_immediate(
            ViewportId::from_hash_of("stance_map_presenter_view"),
            builder,
            |ui, class| {
                // Drawn over the audience's screen when the system has one window only: then
                // it leaves the notes out.
                let own_window = !matches!(class, ViewportClass::EmbeddedWindow);
                let pressed = if own_window {
                    let pressed = read_keys(ui);
                    egui::CentralPanel::default().show(ui, |ui| {
                        presenter_view_ui(ui, map, step, elapsed_s, true);
                    });
                    pressed
                } else {
                    presenter_view_ui(ui, map, step, elapsed_s, false);
                    Pressed::default()
                };
                let close = ui.input(|i| i.viewport().close_requested());
                (pressed, close)
            },
        );
        if close {
            self.view_open = false;
        }
        if self.view_open {
            // The clock ticks.
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        pressed
    }
}
