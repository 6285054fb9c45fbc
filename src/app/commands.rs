//! Commands: the changes the views push and the actions of menus, keys and buttons, applied
//! to the map and the session. Each action that takes more than a line is a method of its own.

use crate::article::ARTICLE_MAP_NAME;
use crate::model::edit::Edit;
use crate::model::{Date, next_stop, previous_stop};
use crate::ui::changes::{Change, Changes};
use crate::ui::file_dialog::{FileDialog, FileDialogMode};

use super::actions::Action;
use super::dialogs::{ActiveFileDialog, DialogPurpose, Pending};
use super::session::{self, ThemeChoice};
use super::{Notice, Origin, SaveTarget, StanceApp};

/// A keyframe being moved along the time axis by a drag: where it started and where it is.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct DateMove {
    power: crate::model::PowerId,
    from: Date,
    to: Date,
}

/// What Delete says when there is no keyframe to delete.
pub const NOTHING_TO_DELETE: &str = "There is no keyframe here to delete. Click a keyframe's \
                                     dot on the timeline to select it, then press Delete.";

impl StanceApp {
    /// Apply one edit through the history; a refused edit shows why.
    pub fn apply_edit(&mut self, edit: Edit) {
        if let Err(error) = self.history.apply(&mut self.map, edit) {
            self.show_error(format!("That change could not be made: {error}."));
        }
    }

    /// Apply what the views asked for this frame, in order.
    pub fn apply_changes(&mut self, ctx: &egui::Context, changes: Changes) {
        for change in changes.0 {
            match change {
                Change::Edit(edit) => {
                    self.follow_date_move(&edit);
                    self.apply_edit(edit);
                }
                Change::BeginGroup => {
                    self.date_move = None;
                    self.history.begin_group();
                }
                Change::EndGroup => {
                    self.history.end_group();
                    self.tell_of_date_move();
                }
                Change::Action(action) => self.perform(ctx, action),
                Change::PresentFrom(step) => {
                    self.views.presenter.start_at(step);
                    self.set_presenting(ctx, true);
                }
                Change::LeavePresenter => self.set_presenting(ctx, false),
                Change::CompareWithReading(reading) => self.compare_with_reading(reading),
                view_state @ (Change::SetDate(_)
                | Change::SetPlaying(_)
                | Change::SelectPower(_)
                | Change::SelectKeyframe(_)
                | Change::SetFocus(_)
                | Change::HighlightQuote(_)
                | Change::ShowPanel(_)
                | Change::ShowPower(..)
                | Change::ShowIndicator(..)
                | Change::SetDivergenceThreshold(_)
                | Change::SetSpeed(_)
                | Change::SetTextScale(_)) => {
                    // Views drawn before the one that asked showed the old date or
                    // selection: draw the frame again so every view shows the new one.
                    if view_state.apply_to_session(&mut self.session) {
                        ctx.request_repaint();
                    }
                }
            }
        }
    }

    /// Note where a keyframe being dragged started and where it has got to.
    fn follow_date_move(&mut self, edit: &Edit) {
        if let Edit::MoveKeyframe {
            power, from, to, ..
        } = edit
        {
            match &mut self.date_move {
                Some(m) if &m.power == power && m.to == *from => m.to = *to,
                _ => {
                    self.date_move = Some(DateMove {
                        power: power.clone(),
                        from: *from,
                        to: *to,
                    });
                }
            }
        }
    }

    /// After a drag that moved a keyframe with evidence to another date, say so and offer
    /// to undo: its quotes and reasoning were written for the date it had, and a sideways
    /// slip of the pointer is easy to miss.
    fn tell_of_date_move(&mut self) {
        let Some(DateMove { power, from, to }) = self.date_move.take() else {
            return;
        };
        let Some(power) = self.map.power(&power) else {
            return;
        };
        let quotes = power
            .track
            .iter()
            .find(|k| k.date == to)
            .map_or(0, |k| k.evidence.len());
        if from == to || quotes == 0 {
            return;
        }
        let name = crate::model::display_safe(&power.name);
        self.notice = Some(Notice {
            is_error: false,
            undo_at: Some(self.history.revision()),
            text: format!(
                "{name}'s keyframe moved from {from} to {to}, with its {}. {} chosen for \
                 {from}: check that {} still {}, or undo the move.",
                if quotes == 1 {
                    "quote".to_owned()
                } else {
                    format!("{quotes} quotes")
                },
                if quotes == 1 { "It was" } else { "They were" },
                if quotes == 1 { "it" } else { "they" },
                if quotes == 1 { "fits" } else { "fit" },
            ),
        });
    }

    /// The date of the current month, where new keyframes go.
    fn current_month(&self) -> Date {
        Date::from_year_f64_month(self.session.date_year_f64)
    }

    /// Carry out an action from a menu, a key or a button.
    pub fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::NewMap => self.guard(ctx, Pending::NewMap),
            Action::Open => self.guard(ctx, Pending::OpenDialog),
            Action::OpenArticleMap => self.guard(ctx, Pending::OpenArticle),
            // The open map stays: no need to ask about unsaved changes.
            Action::CompareWith => self.choose_comparison(),
            Action::StopComparing => self.stop_comparing(),
            Action::ImportIndicator => self.choose_indicator_file(),
            Action::MakeExercise => self.start_export(SaveTarget::Exercise),
            // A student's first save of an exercise asks their name first.
            Action::Save | Action::SaveAs if self.needs_student_name() => {
                self.ask_student_name(action);
            }
            // Mid-drag, undo would cut the drag in two: wait until it ends.
            Action::Undo | Action::Redo if self.history.in_group() => {}
            Action::Undo => {
                self.history.undo(&mut self.map);
                self.session.fit_to(&self.map);
            }
            Action::Redo => {
                self.history.redo(&mut self.map);
                self.session.fit_to(&self.map);
            }
            Action::AddKeyframe => self.add_keyframe(),
            Action::DeleteKeyframe => self.delete_keyframe(),
            Action::EditMap => self.views.show_map_editor = true,
            Action::CopyImage => self.copy_view_image(ctx),
            Action::Save => self.save(ctx),
            Action::SaveAs => self.save_as(),
            Action::SaveView => self.save_view_with_map(ctx),
            Action::ClearSavedView => self.clear_saved_view(),
            Action::Quit => self.guard(ctx, Pending::Quit),
            Action::PlayPause => self.play_pause(),
            Action::PreviousStop | Action::NextStop => {
                self.step_to_stop(action == Action::NextStop);
            }
            Action::GoToStart | Action::GoToEnd => self.go_to_end(action == Action::GoToEnd),
            Action::TogglePowersPanel => self.session.panels.powers ^= true,
            Action::ToggleEvidencePanel => self.session.panels.evidence ^= true,
            Action::ToggleTimeline => self.session.panels.timeline ^= true,
            Action::ToggleSourcePanel => self.session.panels.source ^= true,
            Action::FindInArticle => {
                self.session.panels.source = true;
                self.views.source_view.open_find();
            }
            Action::ToggleDivergencesPanel => self.session.panels.divergences ^= true,
            Action::ToggleClassPanel => self.session.panels.class ^= true,
            Action::ToggleTheme => {
                self.session.theme = match self.session.theme {
                    ThemeChoice::Light => ThemeChoice::Dark,
                    ThemeChoice::Dark => ThemeChoice::Light,
                };
            }
            Action::ZoomIn => self.session.zoom = (self.session.zoom + 0.1).min(3.0),
            Action::ZoomOut => self.session.zoom = (self.session.zoom - 0.1).max(0.5),
            Action::ZoomReset => self.session.zoom = 1.0,
            Action::Present => self.set_presenting(ctx, true),
            Action::GettingStarted => self.session.show_getting_started = true,
            Action::ShowShortcuts => self.dialogs.shortcuts = true,
            Action::ShowGuide => self.dialogs.guide = true,
            Action::About => self.dialogs.about = true,
        }
    }

    /// Ask for a map to compare the open one with.
    fn choose_comparison(&mut self) {
        self.show_file_dialog(ActiveFileDialog {
            dialog: FileDialog::new(FileDialogMode::Open, self.dialog_folder(), String::new())
                .for_purpose("Compare with a map", &["ron"]),
            purpose: DialogPurpose::Compare,
        });
    }

    /// A keyframe for the selected power at the current month, at the strength it has there.
    fn add_keyframe(&mut self) {
        if let Some(power) = self.session.selected_power.clone()
            && let Some(p) = self.map.power(&power)
        {
            let date = self.current_month();
            let strength = p.strength_at(date.to_year_f64()).unwrap_or(0.0);
            self.session.date_year_f64 = date.to_year_f64();
            // The new keyframe is the one selected: Delete right after removes it.
            self.session.selected_keyframe = Some(session::KeyframeRef {
                power: power.clone(),
                year_f64: date.to_year_f64(),
            });
            self.apply_edit(Edit::SetStrength {
                power,
                date,
                strength,
            });
        } else {
            self.notice = Some(Notice::info(
                "Select a power first, then add a keyframe for it.",
            ));
        }
    }

    /// Delete the keyframe selected on the timeline, if it is still there; else the selected
    /// power's keyframe at the date shown, if it sits on one.
    fn delete_keyframe(&mut self) {
        let on_track = |power: &crate::model::PowerId, year_f64: f64| {
            let p = self.map.power(power)?;
            let k = p
                .track
                .iter()
                .find(|k| (k.date.to_year_f64() - year_f64).abs() < 1e-9)?;
            Some((power.clone(), k.date))
        };
        let found = self
            .session
            .selected_keyframe
            .take()
            .and_then(|k| on_track(&k.power, k.year_f64))
            .or_else(|| {
                let power = self.session.selected_power.as_ref()?;
                on_track(power, self.session.date_year_f64)
            });
        match found {
            Some((power, date)) => {
                if self
                    .notice
                    .as_ref()
                    .is_some_and(|n| n.text == NOTHING_TO_DELETE)
                {
                    self.notice = None;
                }
                self.apply_edit(Edit::RemoveKeyframe { power, date });
            }
            None => self.notice = Some(Notice::info(NOTHING_TO_DELETE)),
        }
    }

    /// Save to the open file, asking first if it changed on disk; with no file, Save as.
    fn save(&mut self, ctx: &egui::Context) {
        match self.origin.clone() {
            Origin::File(path) => {
                if self.changed_on_disk(&path) {
                    self.overwrite_prompt = true;
                } else {
                    self.save_to(&path);
                }
            }
            Origin::Article | Origin::Empty | Origin::New => self.perform(ctx, Action::SaveAs),
        }
    }

    /// Ask where to save the map.
    pub(super) fn save_as(&mut self) {
        let name = match &self.origin {
            Origin::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Origin::Article => ARTICLE_MAP_NAME.to_owned(),
            Origin::Empty => "map.ron".to_owned(),
            Origin::New => format!("{}.ron", new_map_file_stem(&self.map.subject)),
        };
        self.show_file_dialog(ActiveFileDialog {
            dialog: FileDialog::new(FileDialogMode::Save, self.dialog_folder(), name),
            purpose: DialogPurpose::Save(SaveTarget::Map),
        });
    }

    /// Start or stop playing; playing from the end starts again at the beginning.
    fn play_pause(&mut self) {
        self.session.playing = !self.session.playing;
        if self.session.playing
            && let Some((start, end)) = self.map.span_year_f64()
            && self.session.date_year_f64 >= end - 1e-6
        {
            self.session.date_year_f64 = start;
        }
    }

    /// Go to the next (or previous) keyframe of a visible power or event, and stop.
    fn step_to_stop(&mut self, next: bool) {
        let stops = self.map.stops_year_f64(|p| self.session.is_visible(&p.id));
        let stop = if next {
            next_stop(&stops, self.session.date_year_f64)
        } else {
            previous_stop(&stops, self.session.date_year_f64)
        };
        if let Some(t) = stop {
            self.session.date_year_f64 = t;
        }
        self.session.playing = false;
    }

    /// Go to the map's end (or its start), and stop.
    fn go_to_end(&mut self, end: bool) {
        if let Some((first, last)) = self.map.span_year_f64() {
            self.session.date_year_f64 = if end { last } else { first };
        }
        self.session.playing = false;
    }

    /// Enter or leave presenter mode (full screen, no editing chrome).
    pub fn set_presenting(&mut self, ctx: &egui::Context, on: bool) {
        if self.session.presenting == on {
            return;
        }
        self.session.presenting = on;
        self.session.playing = false;
        if !on {
            self.session.focus.clear();
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
    }
}

/// A file name, without `.ron`, for a new map about `subject`: "georgia" (or "map").
pub(super) fn new_map_file_stem(subject: &str) -> String {
    let stem = crate::model::id_from_text(subject).replace('_', "-");
    if stem.is_empty() {
        "map".to_owned()
    } else {
        stem
    }
}
