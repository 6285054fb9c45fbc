//! One frame of the window: settings applied, keys read, the views drawn in their panels
//! around the compass, then everything they asked for applied in order.

use std::path::PathBuf;

use crate::article::ARTICLE_TEXT;
use crate::ui::changes::Changes;
use crate::ui::compare::DifferencesView;
use crate::ui::compass::CompassView;
use crate::ui::divergences::DivergencesView;
use crate::ui::evidence::evidence_ui;
use crate::ui::map_editor::MapEditor;
use crate::ui::powers::powers_ui;
use crate::ui::presenter::PresenterView;
use crate::ui::source_view::SourceView;
use crate::ui::story_panel::StoryPanel;
use crate::ui::time_controls::time_controls_ui;
use crate::ui::timeline::TimelineView;

use super::actions::Action;
use super::dialogs::Pending;
use super::document::RECOVERY_DELAY_S;
use super::session::ThemeChoice;
use super::{Origin, StanceApp, reading_name};

/// The views' own state (scroll positions, drafts, caches), kept from frame to frame.
#[derive(Default)]
pub(super) struct Views {
    pub(super) compass: CompassView,
    pub(super) presenter: PresenterView,
    pub(super) story_panel: StoryPanel,
    pub(super) timeline: TimelineView,
    pub(super) source_view: SourceView,
    pub(super) differences: DifferencesView,
    pub(super) divergences: DivergencesView,
    pub(super) map_editor: MapEditor,
    /// Whether the map editor's window is open.
    pub(super) show_map_editor: bool,
}

/// The theme, zoom and title last given to egui, so each is set only when it changes.
#[derive(Default)]
pub(super) struct Applied {
    title: String,
    theme: Option<ThemeChoice>,
    zoom: Option<f32>,
}

/// The first file dropped on the window this frame, if any.
fn dropped_file(ctx: &egui::Context) -> Option<PathBuf> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_owned())
            .find(|p| !p.as_os_str().is_empty())
    })
}

impl StanceApp {
    /// The whole window's contents, for eframe and for tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_settings(&ctx);
        // A map read meanwhile is in place before anything draws.
        self.poll_jobs(&ctx);
        // Keys that act on the whole map while a field is being typed in: the field holds text
        // the map does not have yet. Let go of the field, so it commits this frame, and act at
        // the end of the frame, once everything has been applied.
        let typing = ctx.egui_wants_keyboard_input();
        let mut after_commit = Vec::new();
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if typing {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                after_commit.push(Action::Quit);
            } else if self.is_dirty() || !crate::ui::field::waiting(&ctx).is_empty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.unsaved_prompt = Some(Pending::Quit);
            }
        }
        if self.session.presenting {
            self.presenter_ui(ui);
            return;
        }
        let mut actions = if self.modal_open() {
            Vec::new()
        } else {
            Action::pressed(&ctx)
        };
        let dropped = dropped_file(&ctx);
        if typing && !(actions.is_empty() && after_commit.is_empty() && dropped.is_none()) {
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
            after_commit.append(&mut actions);
        }
        // A dropped map opens once the text being typed is in the map, so the question
        // about unsaved changes knows of it.
        let mut open_dropped = dropped;
        if !typing && let Some(path) = open_dropped.take() {
            self.guard(&ctx, Pending::OpenPath(path));
        }
        // Everything the views ask for, applied once they have all drawn.
        let mut changes = Changes::default();

        // The views read the comparison through the session; keep it in step with the app's.
        self.session.comparison = self.comparison.as_ref().map(|c| c.map.clone());
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                self.menu_bar_ui(ui, &mut actions);
                crate::ui::map_header::map_header_ui(ui, &self.map);
            });
        });
        self.panels_ui(ui, &mut changes);

        self.dialogs_ui(&ctx);
        self.jobs_ui(&ctx);
        self.apply_changes(&ctx, changes);
        for action in actions {
            self.perform(&ctx, action);
        }
        // Drawn after the actions, so "Edit map…" (Ctrl+E) shows it in the same frame.
        self.map_editor_ui(&ctx);
        // Every view has drawn: text typed into a field that is now gone (its card closed,
        // another power chosen…) reaches the map before any action runs.
        self.commit_vanished_fields(&ctx);
        for action in after_commit {
            self.perform(&ctx, action);
        }
        if let Some(path) = open_dropped {
            self.guard(&ctx, Pending::OpenPath(path));
        }
        self.advance_playback(&ctx);
        let now_s = ctx.input(|i| i.time);
        self.keep_recovery_copy(now_s);
        if self.is_dirty() && self.recovery.writer.is_some() {
            // Wake up to write the recovery copy even if the user does nothing more.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(RECOVERY_DELAY_S));
        }
    }

    /// Presenter mode: it owns every key (clickers send arrows, Page Up/Down, B, W…).
    fn presenter_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Copying the slide is the one editor shortcut presenter mode takes, before its own keys.
        if let Some(shortcut) = Action::CopyImage.shortcut()
            && ctx.input_mut(|i| i.consume_shortcut(&shortcut))
        {
            self.perform(&ctx, Action::CopyImage);
        }
        let mut changes = Changes::default();
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.views
                    .presenter
                    .ui(ui, &self.map, &self.session, &mut changes);
            });
        // Text typed in the editor just before presenting reaches the map.
        self.commit_vanished_fields(&ctx);
        self.apply_changes(&ctx, changes);
    }

    /// The editor's panels around the compass, each pushing what it asks for to `changes`.
    fn panels_ui(&mut self, ui: &mut egui::Ui, changes: &mut Changes) {
        // Along the bottom, under the timeline: it covers neither the compass nor the
        // evidence a row jumps to.
        if let Some(comparison) = &self.comparison {
            self.views.differences.show(
                ui,
                (
                    &self.map,
                    &reading_name(&self.file_label(), &self.map.analyst),
                ),
                (self.history.revision(), self.history.in_group()),
                comparison,
                &self.session,
                changes,
            );
        }
        // Under the timeline too, above the Differences panel: a row jumps to a keyframe the
        // timeline and the evidence panel then show.
        if self.session.panels.divergences {
            self.views.divergences.show(
                ui,
                &self.map,
                self.history.revision(),
                &self.session,
                changes,
            );
        }
        // Under the timeline: a row jumps to a keyframe the timeline and the evidence panel
        // (with every reading's value there) then show.
        if self.session.panels.class {
            crate::ui::class_panel::class_panel_ui(ui, &self.session, changes);
        }
        if self.session.panels.timeline {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(220.0)
                .min_size(120.0)
                .show(ui, |ui| {
                    let timeline = &mut self.views.timeline;
                    timeline.set_map_revision(self.history.revision());
                    timeline.ui(ui, &self.map, &self.session, changes);
                });
        }
        egui::Panel::bottom("time_controls").show(ui, |ui| {
            ui.add_space(2.0);
            time_controls_ui(ui, &self.map, &self.session, changes);
            ui.add_space(2.0);
        });
        let widths = SideWidths::new(
            ui.available_width(),
            [
                self.session.panels.powers,
                self.session.panels.story,
                self.session.panels.evidence,
                self.session.panels.source,
            ],
        );
        if self.session.panels.powers {
            egui::Panel::left("powers")
                .default_size(widths.default_of(0))
                .size_range(widths.range_of(0))
                .show(ui, |ui| {
                    powers_ui(ui, &self.map, &self.session, changes);
                });
        }
        if self.session.panels.story {
            egui::Panel::left("story")
                .default_size(widths.default_of(1))
                .size_range(widths.range_of(1))
                .show(ui, |ui| {
                    self.views
                        .story_panel
                        .ui(ui, &self.map, &self.session, changes);
                });
        }
        if self.session.panels.evidence {
            egui::Panel::right("evidence")
                .default_size(widths.default_of(2))
                .size_range(widths.range_of(2))
                .show(ui, |ui| {
                    evidence_ui(ui, &self.map, ARTICLE_TEXT, &self.session, changes);
                });
        }
        if self.session.panels.source {
            egui::Panel::right("source")
                .default_size(widths.default_of(3))
                .size_range(widths.range_of(3))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.heading("Article");
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .button("✖")
                                .on_hover_text("Close the article's text")
                                .widget_info_close()
                                .clicked()
                            {
                                self.session.panels.source = false;
                            }
                        });
                    });
                    self.views
                        .source_view
                        .ui(ui, ARTICLE_TEXT, &self.map, &self.session, changes);
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            // The notice floats over the top of the compass's panel: it never moves or
            // shrinks the drawing, whatever it says and however it wraps.
            let area = ui.available_rect_before_wrap();
            self.views.compass.ui(ui, &self.map, &self.session, changes);
            self.notice_ui(ui, area);
        });
    }

    /// The map editor (the map's details, powers and events) while its window is open.
    fn map_editor_ui(&mut self, ctx: &egui::Context) {
        if !self.views.show_map_editor {
            return;
        }
        let mut editor_changes = Changes::default();
        self.views.map_editor.show(
            ctx,
            &mut self.views.show_map_editor,
            &self.map,
            if self.session.date_year_f64.is_finite() {
                crate::model::Date::month_containing(self.session.date_year_f64)
            } else {
                crate::model::Date::year(2000)
            },
            &mut editor_changes,
        );
        self.apply_changes(ctx, editor_changes);
    }

    /// Apply the text of fields that went away while being typed in (see [`crate::ui::field`]).
    fn commit_vanished_fields(&mut self, ctx: &egui::Context) {
        for result in crate::ui::field::take_vanished(ctx, &self.map) {
            match result {
                Ok(edit) => self.apply_edit(edit),
                Err(reason) => self.show_error(format!(
                    "What you typed in a field that closed could not be taken: {reason}."
                )),
            }
        }
    }

    /// Apply theme, zoom and title to the context when they change.
    fn apply_settings(&mut self, ctx: &egui::Context) {
        if self.applied.theme != Some(self.session.theme) {
            ctx.set_theme(match self.session.theme {
                ThemeChoice::Light => egui::Theme::Light,
                ThemeChoice::Dark => egui::Theme::Dark,
            });
            self.applied.theme = Some(self.session.theme);
        }
        if self.applied.zoom != Some(self.session.zoom) {
            // Set with the zoom, which the first frame applies. A press anywhere else ends
            // typing in a field (committing it) before the click or drag it starts does
            // anything, such as closing the field's card or moving its keyframe. egui's
            // default waits for a whole click, and a drag is no click.
            ctx.options_mut(|o| {
                o.zoom_with_keyboard = false;
                o.input_options.surrender_focus_on = egui::SurrenderFocusOn::Presses;
            });
            ctx.set_zoom_factor(self.session.zoom);
            self.applied.zoom = Some(self.session.zoom);
        }
        let title = self.window_title();
        if title != self.applied.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.applied.title = title;
        }
    }

    /// Move the date forward while playing; stop at the end of the map.
    fn advance_playback(&mut self, ctx: &egui::Context) {
        if !self.session.playing {
            return;
        }
        let Some((_, end)) = self.map.span_year_f64() else {
            self.session.playing = false;
            return;
        };
        let dt_s = f64::from(ctx.input(|i| i.stable_dt).min(0.1));
        self.session.date_year_f64 += self.session.speed_years_per_s * dt_s;
        if self.session.date_year_f64 >= end {
            self.session.date_year_f64 = end;
            self.session.playing = false;
        }
        ctx.request_repaint();
    }

    /// The banner over the top-left corner of the compass's panel (`area`), where the round
    /// compass leaves the most room: an error or a message, with Dismiss (and Undo the move, or
    /// Open the article's map, where they help). It is drawn over the compass, taking no room
    /// from it, so the compass keeps its place and size whatever the notice says.
    fn notice_ui(&mut self, ui: &mut egui::Ui, area: egui::Rect) {
        if self
            .notice
            .as_ref()
            .and_then(|n| n.undo_at)
            .is_some_and(|at| at != self.history.revision())
        {
            self.notice = None;
        }
        let Some(notice) = &self.notice else {
            return;
        };
        let color = if notice.is_error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().text_color()
        };
        let mut dismiss = false;
        let mut open_article = false;
        let mut undo = false;
        let max_width = (area.width() - 2.0 * NOTICE_INSET).clamp(1.0, NOTICE_MAX_WIDTH);
        // Drawn after the compass in its panel: painted over it, and its buttons, added last,
        // take the clicks before the compass's widgets under them.
        let inset = egui::vec2(NOTICE_INSET, NOTICE_INSET);
        let strip = egui::Rect::from_min_size(
            area.left_top() + inset,
            egui::vec2(max_width, (area.height() - 2.0 * NOTICE_INSET).max(1.0)),
        );
        ui.scope_builder(egui::UiBuilder::new().max_rect(strip), |ui| {
            ui.set_max_width(max_width);
            egui::Frame::popup(ui.style())
                .stroke(egui::Stroke::new(1.5, color))
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(color, &notice.text);
                        if notice.undo_at.is_some()
                            && ui
                                .button("Undo the move")
                                .on_hover_text(Action::Undo.tooltip())
                                .clicked()
                        {
                            undo = true;
                        }
                        // Only when no map is open: beside a map of the user's own it would
                        // read as the way to carry on, and replace their map.
                        if notice.is_error
                            && self.origin == Origin::Empty
                            && ui.button("Open the article's map").clicked()
                        {
                            open_article = true;
                        }
                        dismiss = ui.button("Dismiss").clicked();
                    });
                });
        });
        if dismiss {
            self.notice = None;
        }
        if undo {
            self.notice = None;
            let ctx = ui.ctx().clone();
            self.perform(&ctx, Action::Undo);
        }
        if open_article {
            let ctx = ui.ctx().clone();
            self.guard(&ctx, Pending::OpenArticle);
        }
    }
}

/// The side panels' widths when nothing squeezes them: powers, story, evidence, article.
const SIDE_DEFAULT_WIDTHS: [f32; 4] = [210.0, 300.0, 380.0, 380.0];
/// The width the compass keeps while side panels can give up width, so its names and legend fit.
const MIN_COMPASS_WIDTH: f32 = 380.0;
/// The width the compass keeps however many side panels are open: its names still fit whole
/// (the compass shrinks to make room for them).
const FLOOR_COMPASS_WIDTH: f32 = 240.0;
/// egui's own narrowest side panel.
const MIN_SIDE_WIDTH: f32 = 96.0;
/// The narrowest each side panel is squeezed to before the compass gives up width: rows that
/// do not wrap (the powers list's name and value, the evidence card's header, the article's
/// "Use as evidence…" row) would spill over the next panel.
const SIDE_MIN_WIDTHS: [f32; 4] = [190.0, 180.0, 300.0, 280.0];

/// The widths the open side panels may take so that the compass keeps [`MIN_COMPASS_WIDTH`]:
/// their usual widths when they fit beside it; else each gives up part of what it has above its
/// narrowest ([`SIDE_MIN_WIDTHS`]); failing that, the narrowest, the compass keeping at least
/// [`FLOOR_COMPASS_WIDTH`]; and when even that fails (every panel open in a small window),
/// each its share of what is left, though a row that does not wrap may then spill over the
/// next panel: the compass's names stay whole first.
struct SideWidths {
    /// Each panel's width when first shown (or squeezed to).
    widths: [f32; 4],
    /// The width all the open panels may take together.
    budget: f32,
    /// Which panels are open.
    open: [bool; 4],
}

impl SideWidths {
    fn new(window_width: f32, open: [bool; 4]) -> Self {
        let budget = (window_width - MIN_COMPASS_WIDTH).max(0.0);
        let floor_budget = (window_width - FLOOR_COMPASS_WIDTH).max(0.0);
        let sum = |of: &[f32; 4]| -> f32 {
            of.iter()
                .zip(open)
                .filter(|(_, o)| *o)
                .map(|(w, _)| w)
                .sum()
        };
        let (wanted, narrowest) = (sum(&SIDE_DEFAULT_WIDTHS), sum(&SIDE_MIN_WIDTHS));
        let widths = std::array::from_fn(|i| {
            let (usual, min) = (SIDE_DEFAULT_WIDTHS[i], SIDE_MIN_WIDTHS[i]);
            if wanted <= budget {
                usual
            } else if narrowest <= budget {
                min + (usual - min) * (budget - narrowest) / (wanted - narrowest)
            } else if narrowest <= floor_budget {
                min
            } else {
                (min * floor_budget / narrowest).max(MIN_SIDE_WIDTH)
            }
        });
        Self {
            widths,
            budget: budget.max(sum(&widths)),
            open,
        }
    }

    /// Panel `i`'s width when first shown.
    fn default_of(&self, i: usize) -> f32 {
        self.widths[i]
    }

    /// How wide panel `i` may be dragged: up to what the others leave at their widths, and
    /// never below its own.
    fn range_of(&self, i: usize) -> egui::Rangef {
        let others: f32 = (0..4)
            .filter(|&j| j != i && self.open[j])
            .map(|j| self.default_of(j))
            .sum();
        let max = (self.budget - others).max(self.default_of(i));
        egui::Rangef::new(MIN_SIDE_WIDTH.min(max), max)
    }
}

/// How far the notice sits in from the corner of the compass's panel, in points.
const NOTICE_INSET: f32 = 6.0;
/// The notice is wrapped no wider than this, in points, so it covers a corner of the compass's
/// panel rather than its whole top.
const NOTICE_MAX_WIDTH: f32 = 460.0;

/// Label an icon-only close button for screen readers and tests.
trait CloseLabel {
    fn widget_info_close(self) -> Self;
}

impl CloseLabel for egui::Response {
    fn widget_info_close(self) -> Self {
        self.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Close article"));
        self
    }
}
