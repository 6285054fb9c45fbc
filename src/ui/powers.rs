//! The powers panel: each power with its colour, visibility and value at the current date, and
//! under it a switch for each measured indicator of that power.

use crate::model::indicators::removal;
use crate::model::{Power, StanceMap, display_safe, format_strength_signed};
use crate::ui::changes::{Change, Changes};
use crate::ui::session::Session;
use crate::ui::theme::power_color;

/// Draw the powers panel. Selecting a power here selects it everywhere.
pub fn powers_ui(ui: &mut egui::Ui, map: &StanceMap, session: &Session, changes: &mut Changes) {
    ui.heading("Powers");
    // A student working through an exercise sees how much is left.
    if let Some(status) = crate::model::exercise::exercise_status(map) {
        ui.label(egui::RichText::new(status).strong())
            .on_hover_text(
                "Each \"?\" on the compass and the timeline is a keyframe still to judge: read its \
             evidence, then drag the ? to the value you judge it has",
            );
    }
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
                // An exercise's value still to judge is not a zero.
                let text = match crate::model::judged_sample(&power.track, session.date_year_f64) {
                    Some(s) => format_strength_signed(s),
                    // Short, as "+0.00" is: the compass and its tooltip say it in words.
                    None if !power.track.is_empty() => "?".to_owned(),
                    None => "no data".to_owned(),
                };
                let value = egui::RichText::new(&text).monospace();
                let response = ui.label(if visible { value } else { value.weak() });
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Label,
                        true,
                        format!(
                            "{} strength {}",
                            display_safe(&power.name),
                            if text == "?" {
                                crate::model::exercise::NOT_YET_JUDGED
                            } else {
                                &text
                            }
                        ),
                    )
                });
                response.on_hover_text(if text == "?" {
                    "Not yet judged at the current date: drag the ? on the compass to judge it"
                } else {
                    "Strength at the current date: +1 aligned, 0 neutral, −1 opposed (the analyst's judgement)"
                });
            });
        });
        indicators_ui(ui, map, power, session, changes);
    }
}

/// One checkbox for each measured indicator of `power`, named as the indicator is, that shows
/// or hides it on the timeline and compass; its tooltip says how it is measured and on which
/// scale it is drawn.
fn indicators_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    power: &Power,
    session: &Session,
    changes: &mut Changes,
) {
    for indicator in map.indicators.iter().filter(|i| i.power == power.id) {
        ui.horizontal(|ui| {
            // Under the power's name, past its checkbox and swatch.
            ui.add_space(24.0);
            // A long name is cut with "…" (whole in the tooltip) rather than widening the
            // panel past its edge, which cut off the powers' values at 1024 wide.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            let name = display_safe(&indicator.name);
            let mut shown = session.is_indicator_shown(&indicator.id);
            let toggle = ui
                .checkbox(&mut shown, egui::RichText::new(name.as_ref()).small())
                // Built only while hovered: a map may have many indicators.
                .on_hover_ui(|ui| {
                    ui.strong(name.as_ref());
                    ui.label(format!(
                        "Measured, not judged: show or hide it under {}'s line. Its scale: {}. Right-click to remove it.",
                        display_safe(&power.name),
                        indicator.scale_label()
                    ));
                    let method = indicator.method.trim();
                    if !method.is_empty() {
                        ui.label(display_safe(method));
                    }
                });
            if toggle.changed() {
                changes.push(Change::ShowIndicator(indicator.id.clone(), shown));
            }
            toggle.context_menu(|ui| {
                if ui
                    .button("Remove this measured series")
                    .on_hover_text("Take it out of the map and out of the story steps that show it; Undo brings it back")
                    .clicked()
                {
                    changes.edit(removal(map, &indicator.id));
                    ui.close();
                }
            });
        });
    }
}
