//! The powers panel: each power with its colour, visibility and value at the current date.

use crate::model::{StanceMap, display_safe, format_strength_signed};
use crate::ui::changes::Changes;
use crate::ui::session::Session;
use crate::ui::theme::power_color;

/// Draw the powers panel. Selecting a power here selects it everywhere.
pub fn powers_ui(ui: &mut egui::Ui, map: &StanceMap, session: &Session, changes: &mut Changes) {
    ui.heading("Powers");
    if map.powers.is_empty() {
        ui.weak("This map has no powers yet.");
        return;
    }
    for power in &map.powers {
        let visible = session.is_visible(&power.id);
        ui.horizontal(|ui| {
            let mut shown = visible;
            let toggle = ui
                .checkbox(&mut shown, "")
                .on_hover_text(format!("Show or hide {} on the compass and timeline", display_safe(&power.name)));
            toggle.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    shown,
                    format!("Show {}", display_safe(&power.name)),
                )
            });
            if toggle.changed() {
                changes.show_power(power.id.clone(), shown);
            }

            let (swatch, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(swatch, 3.0, power_color(&power.color));

            let selected = session.selected_power.as_ref() == Some(&power.id);
            let name = egui::RichText::new(display_safe(&power.name)).strong();
            let select = ui
                .selectable_label(selected, name)
                .on_hover_text(format!("Select {} to see its evidence", display_safe(&power.name)));
            if select.clicked() {
                changes.select_power(if selected { None } else { Some(power.id.clone()) });
            }

            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let text = power
                    .strength_at(session.date_year_f64)
                    .map_or_else(|| "no data".to_owned(), format_strength_signed);
                let value = egui::RichText::new(&text).monospace();
                let response = ui.label(if visible { value } else { value.weak() });
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Label,
                        true,
                        format!("{} strength {text}", display_safe(&power.name)),
                    )
                });
                response.on_hover_text(
                    "Strength at the current date: +1 aligned, 0 neutral, −1 opposed (the analyst's judgement)",
                );
            });
        });
    }
}
