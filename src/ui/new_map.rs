//! File › New map…: a dialog that asks for a new map's title, subject, analyst, powers and
//! first and last dates, and makes the map with [`crate::model::new_map::new_map`].
//!
//! Nothing reaches the open map while it is filled in: the answers are the dialog's own
//! (plain text fields, not the map's draft fields), and Cancel leaves everything as it was.

use egui::{Id, TextEdit, Ui};

use crate::model::new_map::{
    MAX_NEW_MAP_POWERS, NEW_MAP_COLORS, NewMapSpec, default_title, new_map,
};
use crate::model::{StanceMap, parse_hex_color};
use crate::ui::theme::Palette;

/// The New map dialog's answers, kept between frames while it is open.
#[derive(Clone, Debug)]
pub struct NewMapDialog {
    spec: NewMapSpec,
    /// Why the last "Create" did not make a map.
    error: Option<String>,
    /// Whether the subject field has been given the keyboard once.
    focused: bool,
}

/// What the user did with the dialog this frame.
#[derive(Clone, Debug)]
pub enum NewMapAnswer {
    /// Still filling it in.
    Pending,
    /// Cancel, Escape or a click outside: the open map stays.
    Cancelled,
    /// Create: the new map.
    Create(Box<StanceMap>),
}

impl Default for NewMapDialog {
    fn default() -> Self {
        Self::new()
    }
}

impl NewMapDialog {
    /// An empty dialog with two power rows.
    pub fn new() -> Self {
        Self {
            spec: NewMapSpec {
                powers: vec![String::new(), String::new()],
                ..NewMapSpec::default()
            },
            error: None,
            focused: false,
        }
    }

    /// Draw the dialog this frame.
    pub fn show(&mut self, ctx: &egui::Context) -> NewMapAnswer {
        let mut answer = NewMapAnswer::Pending;
        let height = (ctx.content_rect().height() - 120.0).max(200.0);
        let modal = egui::Modal::new(Id::unique("new_map_dialog")).show(ctx, |ui| {
            ui.set_width(480.0);
            ui.heading("New map");
            ui.label(
                "Name the country and the powers it leans toward or away from. Each power \
                 starts at 0 (neutral), with low confidence and no evidence, at the first and \
                 the last date: the map marks every value as a claim without support until \
                 you add the evidence.",
            );
            ui.add_space(6.0);
            egui::ScrollArea::vertical()
                .max_height(height - 170.0)
                .auto_shrink([false, true])
                .show(ui, |ui| self.fields_ui(ui));
            if let Some(error) = &self.error {
                ui.add_space(4.0);
                ui.colored_label(Palette::of(ui).warning, format!("⚠ {error}"));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Create")
                    .on_hover_text(
                        "Make the new map; it is not saved until you save it (Save asks for a \
                         file name)",
                    )
                    .clicked()
                {
                    match new_map(&self.spec) {
                        Ok(map) => answer = NewMapAnswer::Create(Box::new(map)),
                        Err(error) => self.error = Some(error.to_string()),
                    }
                }
                if ui
                    .button("Cancel")
                    .on_hover_text("Close this dialog; the open map stays as it is")
                    .clicked()
                {
                    answer = NewMapAnswer::Cancelled;
                }
            });
        });
        if matches!(answer, NewMapAnswer::Pending) && modal.should_close() {
            answer = NewMapAnswer::Cancelled;
        }
        answer
    }

    /// The title, subject and analyst, the powers and the dates.
    fn fields_ui(&mut self, ui: &mut Ui) {
        let title_hint = if self.spec.subject.trim().is_empty() {
            "made from the subject".to_owned()
        } else {
            default_title(&self.spec.subject)
        };
        egui::Grid::new("new_map_fields")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let label = ui.label("Subject").on_hover_text(
                    "The country whose alignment the map follows, for example Georgia",
                );
                let subject = ui
                    .add(
                        TextEdit::singleline(&mut self.spec.subject)
                            .hint_text("the country, for example Georgia")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                if !self.focused {
                    self.focused = true;
                    subject.request_focus();
                }
                ui.end_row();
                let label = ui.label("Title").on_hover_text(
                    "Shown on slides and handouts; left empty, it is made from the subject",
                );
                ui.add(
                    TextEdit::singleline(&mut self.spec.title)
                        .hint_text(title_hint)
                        .desired_width(320.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Analyst").on_hover_text(
                    "Who makes this reading of the sources: every value in the map is their \
                     judgement. May be left empty.",
                );
                ui.add(TextEdit::singleline(&mut self.spec.analyst).desired_width(320.0))
                    .labelled_by(label.id);
                ui.end_row();
            });
        ui.add_space(6.0);
        ui.strong("Powers");
        ui.weak(
            "Each power gets a colour people with colour blindness can tell apart and its own \
             place around the compass; Edit map › Powers changes both later.",
        );
        let count = self.spec.powers.len();
        let mut remove = None;
        for (i, name) in self.spec.powers.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let color = parse_hex_color(NEW_MAP_COLORS[i % NEW_MAP_COLORS.len()])
                    .map_or(egui::Color32::GRAY, |[r, g, b]| {
                        egui::Color32::from_rgb(r, g, b)
                    });
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 3.0, color);
                let label = ui.label(format!("Power {}", i + 1));
                ui.add(
                    TextEdit::singleline(name)
                        .hint_text(if i == 0 { "for example Russia" } else { "" })
                        .desired_width(280.0),
                )
                .labelled_by(label.id);
                if count > 1
                    && ui
                        .button("Remove")
                        .accessible_name(format!("Remove power {}", i + 1))
                        .on_hover_text("Take this power off the new map")
                        .clicked()
                {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.spec.powers.remove(i);
        }
        let add = ui
            .add_enabled_ui(self.spec.powers.len() < MAX_NEW_MAP_POWERS, |ui| {
                ui.button("Add a power")
                    .on_hover_text("Another row for a power's name")
                    .on_disabled_hover_text(format!(
                        "A new map starts with at most {MAX_NEW_MAP_POWERS} powers, one colour \
                     each; Edit map › Powers adds more later"
                    ))
                    .clicked()
            })
            .inner;
        if add {
            self.spec.powers.push(String::new());
        }
        ui.add_space(6.0);
        ui.strong("Dates");
        ui.weak("A year (2004) or a year and month (2004-03). Add keyframes between them later.");
        egui::Grid::new("new_map_dates")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                for (text, hint, field) in [
                    ("First date", "such as 2004", &mut self.spec.first),
                    ("Last date", "such as 2024", &mut self.spec.last),
                ] {
                    let label = ui
                        .label(text)
                        .on_hover_text("Every power gets a keyframe at this date");
                    ui.add(
                        TextEdit::singleline(field)
                            .hint_text(hint)
                            .desired_width(100.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                }
            });
    }
}
