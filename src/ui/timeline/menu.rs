//! The timeline's context menu: add a keyframe on a line, delete the one right-clicked,
//! reset the view.

use egui::Pos2;
use egui_plot::PlotTransform;

use super::pointer::{nearest_keyframe, nearest_line, new_keyframe_at};
use super::{MenuTarget, NewKeyframe, TimelineView, TrackPoints};
use crate::model::edit::Edit;
use crate::model::{Date, PowerId, StanceMap};
use crate::ui::changes::Changes;
use crate::ui::session::Session;

impl TimelineView {
    /// The context menu of the plot, offering what was decided when it opened; carries out
    /// what is picked. Returns whether the menu is open.
    pub(super) fn context_menu_ui(
        &mut self,
        plot_response: &egui::Response,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
    ) -> bool {
        let mut choice = None;
        let menu_target = self.menu.as_ref();
        let menu_open = plot_response
            .context_menu(|ui| choice = menu_ui(ui, map, menu_target))
            .is_some();
        if !menu_open {
            self.menu = None;
        }
        if let Some(choice) = choice {
            self.choose(choice, session, changes);
        }
        menu_open
    }

    /// Carry out what was picked in the context menu.
    fn choose(&mut self, choice: MenuChoice, session: &Session, changes: &mut Changes) {
        match choice {
            MenuChoice::Add(new) => self.add_keyframe(new, changes),
            MenuChoice::Delete(power, date) => {
                if session
                    .selected_keyframe
                    .as_ref()
                    .is_some_and(|s| s.power == power && s.year_f64 == date.to_year_f64())
                {
                    changes.select_keyframe(None);
                }
                changes.edit(Edit::RemoveKeyframe { power, date });
                self.edited = true;
            }
            MenuChoice::ResetView => self.reset_view = true,
        }
    }
}

/// What was picked in the context menu.
enum MenuChoice {
    Add(NewKeyframe),
    Delete(PowerId, Date),
    ResetView,
}

/// The context menu: add a keyframe, delete the one right-clicked, reset the view.
fn menu_ui(ui: &mut egui::Ui, map: &StanceMap, target: Option<&MenuTarget>) -> Option<MenuChoice> {
    let name = |id: &PowerId| {
        map.power(id)
            .map_or_else(|| id.0.clone(), |p| p.name.clone())
    };
    let mut choice = None;
    if let Some(target) = target {
        if let Some(new) = &target.add
            && ui
                .button(format!(
                    "Add keyframe for {} at {}",
                    name(&new.power),
                    new.date
                ))
                .on_hover_text("A keyframe on the line, without evidence yet")
                .clicked()
        {
            choice = Some(MenuChoice::Add(new.clone()));
        }
        if let Some((power, date)) = &target.delete
            && ui
                .button(format!("Delete keyframe {} {date}", name(power)))
                .on_hover_text(
                    "Remove this keyframe and its evidence (Delete; undo brings it back)",
                )
                .clicked()
        {
            choice = Some(MenuChoice::Delete(power.clone(), *date));
        }
        if target.add.is_some() || target.delete.is_some() {
            ui.separator();
        }
    }
    if ui
        .button("Reset view")
        .on_hover_text("Show the whole map again (or double-click empty space)")
        .clicked()
    {
        choice = Some(MenuChoice::ResetView);
    }
    if choice.is_some() {
        ui.close();
    }
    choice
}

/// What a right-click at `pos` offers: a keyframe for the selected power (or else the
/// nearest line's) at that month, unless one is there, and deleting the marker clicked on.
pub(super) fn menu_target(
    map: &StanceMap,
    session: &Session,
    tracks: &[TrackPoints],
    transform: &PlotTransform,
    pos: Pos2,
    span: Option<(f64, f64)>,
) -> MenuTarget {
    let delete = nearest_keyframe(map, tracks, transform, pos)
        .map(|(p, k)| (map.powers[p].id.clone(), map.powers[p].track[k].date));
    let selected = session.selected_power.as_ref().and_then(|id| {
        map.powers
            .iter()
            .zip(tracks)
            .position(|(p, points)| &p.id == id && points.visible)
    });
    let add = transform
        .frame()
        .contains(pos)
        .then_some(())
        .and_then(|()| {
            let power =
                selected.or_else(|| nearest_line(map, tracks, transform, pos, span, None))?;
            let x = transform.value_from_position(pos).x;
            let x = span.map_or(x, |(lo, hi)| x.clamp(lo, hi));
            new_keyframe_at(map, power, x).ok()
        });
    MenuTarget { add, delete }
}
