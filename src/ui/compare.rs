//! The "Differences" window: where a second map's reading differs from the open map's.
//!
//! It lists [`differences`] above a threshold the user sets. Clicking a row moves the date
//! there and selects the power, so the compass and timeline show the disagreement (the second
//! map is drawn there as a ghost). The window only writes session state; stopping the
//! comparison is a request the app carries out.

use crate::app::session::Session;
use crate::model::StanceMap;
use crate::model::compare::{Comparison, Difference, differences};
use crate::ui::theme::format_strength;

/// The threshold the window starts with.
pub const DEFAULT_THRESHOLD: f64 = 0.1;

/// What the window asks the app to do.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DifferencesRequest {
    /// Remove the comparison.
    StopComparing,
}

/// The window's own state between frames.
#[derive(Clone, Debug)]
pub struct DifferencesView {
    /// Differences at or below this are not listed (0..=1).
    pub threshold: f64,
}

impl Default for DifferencesView {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

/// The accessible name of a row: everything it says, so a screen reader (and a test) can find
/// a row by its content.
pub fn row_label(row: &Difference) -> String {
    if row.is_one_sided() {
        format!("{}: {}", row.power_name, row.date_label)
    } else {
        format!(
            "{} {}: ours {}, theirs {}, difference {}",
            row.power_name,
            row.date_label,
            value_text(row.ours),
            value_text(row.theirs),
            format_strength(row.delta)
        )
    }
}

fn value_text(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), format_strength)
}

impl DifferencesView {
    /// Show the window for `comparison` over `map`. Clicking a row moves `session`'s date to it
    /// and selects its power; the button at the bottom asks to stop comparing.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        map: &StanceMap,
        comparison: &Comparison,
        session: &mut Session,
    ) -> Option<DifferencesRequest> {
        let mut request = None;
        egui::Window::new("Differences")
            .default_width(460.0)
            .default_pos(ctx.content_rect().right_top() + egui::vec2(-500.0, 60.0))
            .show(ctx, |ui| {
                ui.label(format!(
                    "This map compared with \"{}\".",
                    crate::model::display_safe(&comparison.name)
                ));
                ui.add(
                    egui::Slider::new(&mut self.threshold, 0.0..=1.0)
                        .step_by(0.01)
                        .text("Threshold"),
                )
                .on_hover_text("List only differences larger than this");
                if !self.threshold.is_finite() {
                    self.threshold = DEFAULT_THRESHOLD;
                }
                let rows = differences(map, &comparison.map, self.threshold);
                ui.separator();
                if rows.is_empty() {
                    ui.weak("The two maps agree within the threshold.");
                } else {
                    table_ui(ui, map, &rows, session);
                }
                ui.separator();
                if ui
                    .button("Stop comparing")
                    .on_hover_text("Remove the second map and its differences")
                    .clicked()
                {
                    request = Some(DifferencesRequest::StopComparing);
                }
            });
        request
    }
}

/// The rows, one per difference; the power's cell is the row's button.
fn table_ui(ui: &mut egui::Ui, map: &StanceMap, rows: &[Difference], session: &mut Session) {
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("differences_table")
                .striped(true)
                .num_columns(5)
                .show(ui, |ui| {
                    for heading in ["Power", "Date", "Ours", "Theirs", "Difference"] {
                        ui.strong(heading);
                    }
                    ui.end_row();
                    for row in rows {
                        let here = session.selected_power.as_ref() == Some(&row.power)
                            && (row.year_f64 - session.date_year_f64).abs() < 1e-9;
                        let label = row_label(row);
                        let response = ui
                            .selectable_label(here, &row.power_name)
                            .on_hover_text("Go to this date and select the power");
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                        });
                        let clicked = response.clicked();
                        ui.label(&row.date_label);
                        ui.label(value_text(row.ours));
                        ui.label(value_text(row.theirs));
                        if row.is_one_sided() {
                            ui.weak("—");
                        } else {
                            ui.label(format_strength(row.delta));
                        }
                        ui.end_row();
                        if clicked {
                            if row.year_f64.is_finite() {
                                session.date_year_f64 = row.year_f64;
                                session.playing = false;
                            }
                            // A power only in the other map cannot be selected here.
                            if map.power(&row.power).is_some() {
                                session.select_power(Some(row.power.clone()));
                            }
                        }
                    }
                });
        });
}
