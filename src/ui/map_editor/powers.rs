//! The "Powers" tab of the map editor: each power's name, colour and bearing, adding and
//! removing powers.

use egui::{Id, Popup, Ui};

use super::helpers::new_power;
use super::{FieldKind, MapEditor, Name};
use crate::model::edit::Edit;
use crate::model::{Power, PowerId, StanceMap, parse_hex_color};
use crate::ui::changes::Changes;
use crate::ui::field::{self, CommitFn};
use crate::ui::theme::Palette;

/// Width of the name and title fields, in points.
const NAME_WIDTH: f32 = 170.0;

impl MapEditor {
    /// The "Powers" tab. Returns whether the open colour picker's power was drawn.
    pub(super) fn powers_ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        changes: &mut Changes,
    ) -> bool {
        ui.weak("Bearing is where a power sits on the compass, in degrees clockwise from north.");
        ui.add_space(4.0);
        if map.powers.is_empty() {
            ui.weak("This map has no powers yet.");
        }
        let mut color_seen = false;
        for power in &map.powers {
            let measured = map
                .indicators
                .iter()
                .filter(|i| i.power == power.id)
                .count();
            ui.push_id(&power.id.0, |ui| {
                color_seen |= self.power_row_ui(ui, power, measured, changes);
            });
        }
        ui.add_space(6.0);
        if ui
            .button("Add power")
            .on_hover_text("Add a power with no keyframes yet, in a free colour and place")
            .clicked()
        {
            let power = new_power(map);
            self.focus_next = Some(power_name_id(&power.id));
            changes.edit(Edit::InsertPower {
                index: map.powers.len(),
                power,
            });
        }
        color_seen
    }

    /// One power: name, colour, bearing, keyframe count and removal (which takes the
    /// `measured` indicators that speak to it along). Returns whether this power's colour
    /// picker is the open one.
    fn power_row_ui(
        &mut self,
        ui: &mut Ui,
        power: &Power,
        measured: usize,
        changes: &mut Changes,
    ) -> bool {
        let name = &power.name;
        let keyframes = keyframe_count(power.track.len());
        let mut color_seen = false;
        ui.horizontal(|ui| {
            // The name first: clicking the colour button commits a name being typed before
            // the colour's undo group begins.
            let name_id = power_name_id(&power.id);
            let (_, new_name) = self.text_field(
                ui,
                name_id,
                name,
                Name::Text(&format!("Name of {name}")),
                FieldKind::Line(NAME_WIDTH),
                || power_name_commit(&power.id),
            );
            let mut look_name = name.clone();
            if let Some(new_name) = new_name {
                if new_name.trim().is_empty() {
                    field::refuse(ui.ctx(), name_id, new_name, name);
                } else {
                    new_name.trim().clone_into(&mut look_name);
                    changes.edit(Edit::SetPowerLook {
                        power: power.id.clone(),
                        name: look_name.clone(),
                        color: power.color.clone(),
                    });
                }
            }

            let mut rgb = parse_hex_color(&power.color).unwrap_or([128, 128, 128]);
            // The id egui's colour button gives its popup, taken before the button is added.
            let popup_id = ui.auto_id_with("popup");
            let response = egui::color_picker::color_edit_button_srgb(ui, &mut rgb)
                .accessible_name(format!("Colour of {name}"))
                .on_hover_text(format!("Choose the colour of {name}"));
            let is_open = Popup::is_id_open(ui.ctx(), popup_id);
            let was_open = self.color_open.as_ref() == Some(&power.id);
            if is_open && !was_open {
                changes.begin_group();
                self.color_open = Some(power.id.clone());
            }
            let color = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
            if response.changed() && !color.eq_ignore_ascii_case(&power.color) {
                changes.edit(Edit::SetPowerLook {
                    power: power.id.clone(),
                    name: look_name,
                    color,
                });
            }
            if is_open {
                color_seen = true;
            } else if was_open {
                changes.end_group();
                self.color_open = None;
            }

            bearing_ui(ui, power, changes);

            // A fixed width keeps the "Remove…" buttons in one column.
            ui.allocate_ui_with_layout(
                egui::vec2(80.0, ui.spacing().interact_size.y),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    ui.label(&keyframes)
                        .on_hover_text("Keyframes are edited on the timeline");
                },
            );
            if ui
                .button("Remove…")
                .accessible_name(format!("Remove {name}…"))
                .on_hover_text(format!("Remove {name} and its keyframes (asks first)"))
                .clicked()
            {
                self.confirm_remove = Some(power.id.clone());
            }
        });
        if let Some(text) = field::refused(ui.ctx(), power_name_id(&power.id)) {
            ui.colored_label(
                Palette::of(ui).warning,
                format!("⚠ A power needs a name; \"{text}\" was not taken."),
            );
        }
        self.confirm_remove_ui(ui, power, &keyframes, measured, changes);
        color_seen
    }

    /// The question under a power whose "Remove…" was clicked: remove it, or keep it. The
    /// `measured` indicators that speak to it go with it, and the question says so.
    fn confirm_remove_ui(
        &mut self,
        ui: &mut Ui,
        power: &Power,
        keyframes: &str,
        measured: usize,
        changes: &mut Changes,
    ) {
        let name = &power.name;
        if self.confirm_remove.as_ref() == Some(&power.id) {
            let (question, hover) = match measured {
                0 => (
                    format!("Remove {name} and its {keyframes}? Undo can bring it back."),
                    format!("Remove {name}, its keyframes and its place in events"),
                ),
                n => (
                    format!(
                        "Remove {name}, its {keyframes} and its {}? Undo can bring it back.",
                        measured_count(n)
                    ),
                    format!(
                        "Remove {name}, its keyframes, its measured indicators and its place in events"
                    ),
                ),
            };
            ui.horizontal(|ui| {
                ui.colored_label(Palette::of(ui).warning, question);
                if ui.button("Remove").on_hover_text(hover).clicked() {
                    self.confirm_remove = None;
                    changes.edit(Edit::RemovePower {
                        power: power.id.clone(),
                    });
                }
                if ui
                    .button("Keep")
                    .on_hover_text(format!("Keep {name}"))
                    .clicked()
                {
                    self.confirm_remove = None;
                }
            });
        }
    }
}

/// A power's bearing, dragged or typed; a drag is one undo step.
fn bearing_ui(ui: &mut Ui, power: &Power, changes: &mut Changes) {
    let name = &power.name;
    ui.label("Bearing");
    let mut bearing_deg = power.bearing_deg;
    let bearing = ui
        .add(
            egui::DragValue::new(&mut bearing_deg)
                .range(0.0..=360.0)
                .speed(1.0)
                .max_decimals(1)
                .suffix("°")
                .update_while_editing(false),
        )
        .accessible_name(format!("Bearing of {name}"))
        .on_hover_text("Degrees clockwise from north: drag, or click and type");
    if bearing.drag_started() {
        changes.begin_group();
    }
    if bearing.changed() && bearing_deg != power.bearing_deg {
        changes.edit(Edit::SetBearing {
            power: power.id.clone(),
            bearing_deg,
        });
    }
    if bearing.drag_stopped() {
        changes.end_group();
    }
}

/// How to commit a power's name when its field goes away while being typed in.
fn power_name_commit(power: &PowerId) -> CommitFn {
    let power = power.clone();
    std::sync::Arc::new(move |map: &StanceMap, text: &str| {
        let p = map.power(&power).ok_or("the power is gone")?;
        if text.trim().is_empty() {
            return Err(format!("A power needs a name; \"{text}\" was not taken."));
        }
        Ok(Edit::SetPowerLook {
            power: power.clone(),
            name: text.trim().to_owned(),
            color: p.color.clone(),
        })
    })
}

/// The id of a power's name field.
fn power_name_id(power: &PowerId) -> Id {
    Id::unique(("map_editor_power_name", &power.0))
}

/// "1 keyframe", "8 keyframes".
/// "1 measured indicator", "2 measured indicators".
fn measured_count(count: usize) -> String {
    if count == 1 {
        "1 measured indicator".to_owned()
    } else {
        format!("{count} measured indicators")
    }
}

fn keyframe_count(count: usize) -> String {
    if count == 1 {
        "1 keyframe".to_owned()
    } else {
        format!("{count} keyframes")
    }
}
