//! The view saved with a map (File › Save view with map): what it records, and the session a
//! map opened with one starts in — its date, selected power, shown indicators and story step.

use crate::model::edit::Edit;
use crate::model::{SavedView, StanceMap, display_safe, format_year_f64};

use super::actions::Action;
use super::{Notice, StanceApp};

impl StanceApp {
    /// What the window shows now, as a view to save with the map: the date, the selected
    /// power, the story step selected in the story panel (when the panel is shown), and the
    /// measured indicators not hidden.
    pub fn current_view(&self) -> SavedView {
        let date = if self.session.date_year_f64.is_finite() {
            self.session.date_year_f64
        } else {
            self.map.span_year_f64().map_or(2000.0, |(_, hi)| hi)
        };
        let power = self
            .session
            .selected_power
            .clone()
            .filter(|id| self.map.power(id).is_some());
        let step = self
            .views
            .story_panel
            .selected()
            .filter(|&i| self.session.panels.story && i < self.map.story.len())
            .map(|i| i + 1);
        let indicators = self
            .map
            .indicators
            .iter()
            .filter(|i| self.session.is_indicator_shown(&i.id))
            .map(|i| i.id.clone())
            .collect();
        SavedView {
            date,
            power,
            step,
            indicators,
        }
    }

    /// File › Save view with map: record the current view in the map (one undo step), then
    /// save it — to its file, or through Save as when it has none. The notice says what was
    /// saved.
    pub(super) fn save_view_with_map(&mut self, ctx: &egui::Context) {
        let view = self.current_view();
        if self.map.view.as_ref() != Some(&view) {
            self.apply_edit(Edit::SetView(Some(view)));
        }
        self.announce_saved_view = true;
        self.perform(ctx, Action::Save);
    }

    /// File › Clear saved view: the map opens as usual again (one undo step; saved with the
    /// next Save).
    pub(super) fn clear_saved_view(&mut self) {
        if self.map.view.is_none() {
            return;
        }
        self.apply_edit(Edit::SetView(None));
        self.notice = Some(Notice::info(
            "The saved view was taken out of the map. Save the map, and it opens at the usual \
             place again (Undo puts the view back).",
        ));
    }

    /// What a save that has just written the map says: the view saved with it, where File ›
    /// Save view with map asked for the save; else `None`.
    pub(super) fn saved_view_notice(&mut self) -> Option<String> {
        if !std::mem::take(&mut self.announce_saved_view) {
            return None;
        }
        let view = self.map.view.as_ref()?;
        Some(format!(
            "Saved with the view: {}. The map (and its web page) will open there.",
            describe_view(&self.map, view)
        ))
    }

    /// Put the session where the open map's saved view says, if it has one: its date, its
    /// selected power, its indicators shown (the map's others hidden), and its story step
    /// selected in the story panel (shown), in focus, and where the presenter starts. Returns
    /// what the notice says of it. A map without a view leaves the session as it is.
    pub(super) fn open_at_saved_view(&mut self) -> Option<String> {
        let Some(view) = self.map.view.clone() else {
            // A step named by a map opened before is not this map's.
            self.views.presenter.forget_start();
            return None;
        };
        self.session.date_year_f64 = view.date;
        self.session.select_power(view.power.clone());
        for indicator in &self.map.indicators {
            if view.indicators.contains(&indicator.id) {
                self.session.hidden_indicators.remove(&indicator.id);
            } else {
                self.session.hidden_indicators.insert(indicator.id.clone());
            }
        }
        let step = view.step_index().filter(|&i| i < self.map.story.len());
        self.views.story_panel.set_selected(step);
        if let Some(i) = step {
            self.views.presenter.start_at(i);
            self.session.panels.story = true;
            self.session.focus = self.map.story[i].focus.clone();
        } else {
            self.views.presenter.forget_start();
            self.session.focus.clear();
        }
        self.session.fit_to(&self.map);
        Some(describe_view(&self.map, &view))
    }

    /// The story step selected in the story panel, counting from 0.
    pub fn selected_story_step(&self) -> Option<usize> {
        self.views.story_panel.selected()
    }
}

/// A saved view in words: "March 2020, Russia selected, story step 3 (Sanctions), 2 measured
/// series shown".
pub fn describe_view(map: &StanceMap, view: &SavedView) -> String {
    let mut parts = vec![format_year_f64(view.date)];
    parts.push(match view.power.as_ref().and_then(|id| map.power(id)) {
        Some(power) => format!("{} selected", display_safe(&power.name)),
        None => "no power selected".to_owned(),
    });
    if let Some(n) = view.step
        && let Some(step) = view.step_index().and_then(|i| map.story.get(i))
    {
        parts.push(format!("story step {n} ({})", display_safe(&step.title)));
    }
    if !map.indicators.is_empty() {
        parts.push(match view.indicators.len() {
            0 => "no measured series shown".to_owned(),
            1 => "1 measured series shown".to_owned(),
            n => format!("{n} measured series shown"),
        });
    }
    parts.join(", ")
}
