//! Time controls: play/pause, step between keyframes and events, date slider, speed.

use crate::model::{StanceMap, display_safe};
use crate::ui::actions::Action;
use crate::ui::changes::Changes;
use crate::ui::session::{SPEEDS_YEARS_PER_S, Session};

/// Draw the time controls. Buttons that mirror a keyboard action push it to `changes`, so
/// the app performs it the same way as the key.
pub fn time_controls_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    session: &Session,
    changes: &mut Changes,
) {
    let Some((start, end)) = map.span_year_f64() else {
        ui.weak("This map has no dates yet.");
        return;
    };
    // The date and playback views drawn before asked for this frame (the session gets them
    // at its end).
    let (shown_date, playing) = {
        let pending = changes.pending_session(session);
        (pending.date_year_f64, pending.playing)
    };
    let ctx = ui.ctx().clone();
    let tip = |a: Action| {
        let shortcut = a
            .shortcut()
            .map(|s| format!(" ({})", ctx.format_shortcut(&s)))
            .unwrap_or_default();
        format!("{}{shortcut}", a.tooltip())
    };
    ui.horizontal(|ui| {
        if ui
            .button("⏮")
            .on_hover_text(tip(Action::PreviousStop))
            .widget_info_labelled("Previous")
            .clicked()
        {
            changes.action(Action::PreviousStop);
        }
        let (icon, label) = if playing {
            ("⏸", "Pause")
        } else {
            ("▶", "Play")
        };
        if ui
            .button(icon)
            .on_hover_text(tip(Action::PlayPause))
            .widget_info_labelled(label)
            .clicked()
        {
            changes.action(Action::PlayPause);
        }
        if ui
            .button("⏭")
            .on_hover_text(tip(Action::NextStop))
            .widget_info_labelled("Next")
            .clicked()
        {
            changes.action(Action::NextStop);
        }

        // As wide as the widest date, so the slider after it stays put while the date changes.
        let widest = ui
            .painter()
            .layout_no_wrap(
                "September 2000".to_owned(),
                egui::FontId::proportional(DATE_FONT_SIZE),
                egui::Color32::WHITE,
            )
            .size()
            .x;
        ui.allocate_ui_with_layout(
            egui::vec2(widest, ui.spacing().interact_size.y),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(widest);
                ui.label(
                    egui::RichText::new(map.date_label(shown_date))
                        .strong()
                        .size(DATE_FONT_SIZE),
                )
                .on_hover_text("The date the compass shows");
            },
        );

        let mut date = shown_date;
        let slider_width = (ui.available_width() - 190.0).max(120.0);
        ui.spacing_mut().slider_width = slider_width;
        let slider = ui
            .add(egui::Slider::new(&mut date, start..=end).show_value(false))
            .on_hover_text("Drag to move through time");
        slider.widget_info(|| egui::WidgetInfo::slider(true, date, "Date"));
        if slider.changed() {
            // Dragging snaps to whole months; playback moves smoothly between them.
            changes.set_date(((date * 12.0).round() / 12.0).clamp(start, end));
            changes.set_playing(false);
        }

        let label = ui.label("Speed");
        let mut speed_years_per_s = session.speed_years_per_s;
        egui::ComboBox::from_id_salt("speed")
            .selected_text(format!("{} yr/s", session.speed_years_per_s))
            .width(80.0)
            .show_ui(ui, |ui| {
                for speed in SPEEDS_YEARS_PER_S {
                    ui.selectable_value(
                        &mut speed_years_per_s,
                        speed,
                        if speed == 1.0 {
                            "1 year per second".to_owned()
                        } else {
                            format!("{speed} years per second")
                        },
                    );
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("How fast playback moves through the years");
        if speed_years_per_s != session.speed_years_per_s {
            changes.set_speed(speed_years_per_s);
        }
    });
    events_line_ui(ui, map, shown_date);
}

/// What happened at the date shown: the events there by name, on a line of its own that is
/// always there (empty dates say so), so stepping onto an event never moves the compass.
fn events_line_ui(ui: &mut egui::Ui, map: &StanceMap, date_year_f64: f64) {
    let names: Vec<String> = map
        .events_at(date_year_f64)
        .iter()
        .map(|e| display_safe(&e.title).into_owned())
        .collect();
    let text = if names.is_empty() {
        egui::RichText::new("No event at this date").weak()
    } else {
        let label = if names.len() == 1 { "Event" } else { "Events" };
        egui::RichText::new(format!("⚑ {label}: {}", names.join(" · "))).strong()
    };
    ui.add(egui::Label::new(text).truncate()).on_hover_text(
        "The map's events at the date the compass shows (an event dated by its year alone \
         covers the whole year)",
    );
}

/// The size of the date beside the slider.
const DATE_FONT_SIZE: f32 = 18.0;

/// Label a widget for screen readers and tests when its visible text is an icon.
trait WidgetInfoLabelled {
    fn widget_info_labelled(self, label: &str) -> Self;
}

impl WidgetInfoLabelled for egui::Response {
    fn widget_info_labelled(self, label: &str) -> Self {
        self.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
        self
    }
}
