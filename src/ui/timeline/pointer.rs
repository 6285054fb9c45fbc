//! The timeline's pointer: what it is over (hit tests against markers, lines, measured
//! points, events, the date cursor and divergence boxes), and what it does: grab and drag a marker (one undo group per drag), scrub the
//! date, click to pick, double-click a line to add a keyframe.

use egui::{PointerButton, Pos2};
use egui_plot::{PlotPoint, PlotTransform, PlotUi};

use super::{
    Command, DivergenceMark, EVENT_HOVER_PT, GRAB_PT, Grab, Hover, INDICATOR_HOVER_PT,
    IndicatorPoints, KeyframeDrag, LiveKeyframe, NewKeyframe, Outcome, PointerFrame, TimelineView,
    TrackPoints,
};
use crate::model::edit::Edit;
use crate::model::indicator_path;
use crate::model::{Date, Keyframe, PowerId, SAME_DATE_YEARS, StanceMap, snap_strength};
use crate::ui::changes::Changes;
use crate::ui::session::KeyframeRef;

impl PointerFrame<'_> {
    /// Read the pointer inside the plot, with the transform the user saw last frame: what it
    /// grabbed, where it dragged a marker to (its line is rebuilt there), what it asked for and
    /// what it is over.
    pub(super) fn read(&self, plot_ui: &mut PlotUi<'_>, tracks: &mut [TrackPoints]) -> Outcome {
        let transform = *plot_ui.transform();
        let response = plot_ui.response().clone();
        let (mut scrubbing, grab) = self.press(&response, &transform, tracks);
        let dragging = self.drag.is_some() || grab.is_some();
        let dragged_to = self.follow_drag(plot_ui, &response, &transform, tracks);
        let input = self.input;
        let drag_ended = dragging && !(input.primary_down && response.is_pointer_button_down_on());
        let tracks: &[TrackPoints] = tracks;

        let command = self.command(&response, &transform, tracks, scrubbing);
        let menu = if response.secondary_clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            Some(super::menu::menu_target(
                self.map,
                self.session,
                tracks,
                &transform,
                pos,
                self.span,
            ))
        } else {
            None
        };
        let hover = if dragging {
            None
        } else if scrubbing {
            Some(Hover::Cursor)
        } else {
            response
                .hover_pos()
                .and_then(|pos| self.hover_at(&transform, tracks, pos))
        };
        scrubbing = scrubbing && input.primary_down && response.is_pointer_button_down_on();
        Outcome {
            hover,
            command,
            scrubbing,
            grab,
            dragged_to,
            drag_ended,
            menu,
        }
    }

    /// Whether `pos` is on the date cursor, within [`GRAB_PT`].
    fn near_cursor(&self, transform: &PlotTransform, pos: Pos2) -> bool {
        let cursor_x = transform.position_from_point_x(self.session.date_year_f64);
        transform.frame().contains(pos) && (pos.x - cursor_x).abs() <= GRAB_PT
    }

    /// A date within the map's span.
    fn clamp(&self, year_f64: f64) -> f64 {
        self.span
            .map_or(year_f64, |(lo, hi)| year_f64.clamp(lo, hi))
    }

    /// A press on a drawn marker grabs it (even on the date cursor); elsewhere on the cursor it
    /// starts a scrub. Either lasts until release. Returns whether a scrub goes on, and the grab.
    fn press(
        &self,
        response: &egui::Response,
        transform: &PlotTransform,
        tracks: &[TrackPoints],
    ) -> (bool, Option<Grab>) {
        let input = self.input;
        let mut scrubbing =
            self.was_scrubbing && (response.is_pointer_button_down_on() || response.drag_stopped());
        let mut grab = None;
        if response.is_pointer_button_down_on() && input.pressed {
            grab = input.press_origin.and_then(|press| {
                let (power, keyframe) = nearest_marker(self.map, tracks, transform, press)?;
                let k = &self.map.powers[power].track[keyframe];
                let marker = transform
                    .position_from_point(&PlotPoint::new(k.date.to_year_f64(), k.strength));
                Some(Grab {
                    power,
                    keyframe,
                    offset: marker - press,
                })
            });
            scrubbing = grab.is_none()
                && input
                    .press_origin
                    .is_some_and(|p| self.near_cursor(transform, p));
        }
        (scrubbing, grab)
    }

    /// Follow the dragged marker once the pointer has left the press: where it goes (date and
    /// strength), with its line and marker rebuilt there.
    fn follow_drag(
        &self,
        plot_ui: &mut PlotUi<'_>,
        response: &egui::Response,
        transform: &PlotTransform,
        tracks: &mut [TrackPoints],
    ) -> Option<(Date, f64)> {
        let (Some(d), Some(l)) = (self.drag, self.live) else {
            return None;
        };
        let pos = self.input.latest_pos?;
        if !((response.dragged() || response.drag_stopped())
            && (d.moved || Some(pos) != self.input.press_origin))
        {
            return None;
        }
        let target = transform.value_from_position(pos + d.grab_offset);
        let track = &self.map.powers[l.power].track;
        let to = drag_target(track, l.keyframe, d.original, target, self.input.shift);
        // Redraw its line and marker at the new place, and keep the view still: an
        // end keyframe moved sideways changes the span the view would follow.
        tracks[l.power].rebuild(
            track,
            self.view,
            Some(LiveKeyframe {
                point: PlotPoint::new(to.0.to_year_f64(), to.1),
                ..l
            }),
        );
        plot_ui.set_auto_bounds(false);
        Some(to)
    }

    /// What a scrub, a double-click or a click asked for.
    fn command(
        &self,
        response: &egui::Response,
        transform: &PlotTransform,
        tracks: &[TrackPoints],
        scrubbing: bool,
    ) -> Option<Command> {
        let map = self.map;
        if scrubbing && (response.dragged() || response.drag_stopped()) {
            let pos = self.input.latest_pos?;
            Some(Command::SetDate(
                self.clamp(transform.value_from_position(pos).x),
            ))
        } else if response.double_clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && nearest_keyframe(map, tracks, transform, pos).is_none()
            && let Some(power) = nearest_line(map, tracks, transform, pos, self.span, Some(GRAB_PT))
        {
            let x = self.clamp(transform.value_from_position(pos).x);
            Some(match new_keyframe_at(map, power, x) {
                Ok(new) => Command::AddKeyframe(new),
                Err(keyframe) => Command::SelectKeyframe { power, keyframe },
            })
        } else if response.clicked_by(PointerButton::Primary)
            && let Some(pos) = response.interact_pointer_pos()
        {
            Some(match nearest_keyframe(map, tracks, transform, pos) {
                Some((power, keyframe)) => Command::SelectKeyframe { power, keyframe },
                None => Command::SetDate(self.clamp(transform.value_from_position(pos).x)),
            })
        } else {
            None
        }
    }

    /// What the pointer at `pos` is over: a keyframe, a measured point, an event's line, the
    /// date cursor or a divergence box, in that order.
    fn hover_at(
        &self,
        transform: &PlotTransform,
        tracks: &[TrackPoints],
        pos: Pos2,
    ) -> Option<Hover> {
        let map = self.map;
        nearest_keyframe(map, tracks, transform, pos)
            .map(|(power, keyframe)| Hover::Keyframe {
                power,
                keyframe,
                draggable: nearest_marker(map, tracks, transform, pos).is_some(),
            })
            .or_else(|| {
                nearest_indicator_point(map, self.indicators, transform, pos)
                    .map(|(indicator, point)| Hover::Indicator { indicator, point })
            })
            .or_else(|| nearest_event(map, transform, pos).map(Hover::Event))
            .or_else(|| self.near_cursor(transform, pos).then_some(Hover::Cursor))
            .or_else(|| divergence_at(self.divergences, transform, pos).map(Hover::Divergence))
    }
}

impl TimelineView {
    /// Carry out what the pointer did this frame: start, move or end a drag, and apply a click
    /// or double-click.
    pub(super) fn act_on_pointer(
        &mut self,
        outcome: &mut Outcome,
        map: &StanceMap,
        changes: &mut Changes,
    ) {
        if let Some(grab) = outcome.grab {
            self.start_drag(map, changes, grab);
        }
        if let Some(to) = outcome.dragged_to {
            self.move_drag(to, changes);
        }
        if outcome.drag_ended {
            self.end_drag(changes);
        }
        if let Some(command) = outcome.command.take() {
            self.apply(command, map, changes);
        }
    }

    /// A press landed on a marker: select its keyframe and move the date to it. Nothing is
    /// edited until the pointer moves.
    fn start_drag(&mut self, map: &StanceMap, changes: &mut Changes, grab: Grab) {
        let Some(power) = map.powers.get(grab.power) else {
            return;
        };
        let Some(k) = power.track.get(grab.keyframe) else {
            return;
        };
        select_keyframe(changes, &power.id, k.date);
        changes.set_playing(false);
        self.drag = Some(KeyframeDrag {
            power: power.id.clone(),
            original: k.date,
            date: k.date,
            strength: k.strength,
            grab_offset: grab.offset,
            moved: false,
        });
    }

    /// The pointer moved the dragged keyframe to `to` (date, strength): open the undo group on
    /// the first movement, and ask for the move when the keyframe's place changes.
    fn move_drag(&mut self, to: (Date, f64), changes: &mut Changes) {
        let Some(d) = self.drag.as_mut() else {
            return;
        };
        if !d.moved {
            d.moved = true;
            changes.begin_group();
        }
        let (date, strength) = to;
        if date != d.date || strength.to_bits() != d.strength.to_bits() {
            changes.edit(Edit::MoveKeyframe {
                power: d.power.clone(),
                from: d.date,
                to: date,
                strength,
            });
            d.date = date;
            d.strength = strength;
            self.edited = true;
        }
        // The date and the selection go with the keyframe.
        select_keyframe(changes, &d.power, d.date);
        changes.set_playing(false);
    }

    /// The drag is over (or its keyframe went away): close its undo group, if it opened one.
    pub(super) fn end_drag(&mut self, changes: &mut Changes) {
        if let Some(d) = self.drag.take()
            && d.moved
        {
            changes.end_group();
        }
    }

    /// Ask for what the user did (a click, a double-click): a date, a selection or an edit.
    fn apply(&mut self, command: Command, map: &StanceMap, changes: &mut Changes) {
        match command {
            Command::SetDate(year_f64) => changes.set_date(year_f64),
            Command::SelectKeyframe { power, keyframe } => {
                if let Some(p) = map.powers.get(power)
                    && let Some(k) = p.track.get(keyframe)
                {
                    select_keyframe(changes, &p.id, k.date);
                }
            }
            Command::AddKeyframe(new) => self.add_keyframe(new, changes),
        }
    }

    /// Ask for a new keyframe, select it and move the date to it.
    pub(super) fn add_keyframe(&mut self, new: NewKeyframe, changes: &mut Changes) {
        select_keyframe(changes, &new.power, new.date);
        changes.edit(Edit::SetStrength {
            power: new.power,
            date: new.date,
            strength: new.strength,
        });
        self.edited = true;
    }
}

/// The keyframe of a visible power closest to `pos` on screen, within [`GRAB_PT`], whether
/// or not its marker is drawn (a dense line stands for its keyframes).
pub(super) fn nearest_keyframe(
    map: &StanceMap,
    tracks: &[TrackPoints],
    transform: &PlotTransform,
    pos: Pos2,
) -> Option<(usize, usize)> {
    nearest_keyframe_where(map, tracks, transform, pos, false)
}

/// The keyframe whose drawn marker is closest to `pos` on screen, within [`GRAB_PT`]: what a
/// press there grabs. Where a line is too dense to draw its evidenced markers, a press on it
/// pans rather than grab a keyframe the user cannot see.
pub(super) fn nearest_marker(
    map: &StanceMap,
    tracks: &[TrackPoints],
    transform: &PlotTransform,
    pos: Pos2,
) -> Option<(usize, usize)> {
    nearest_keyframe_where(map, tracks, transform, pos, true)
}

/// [`nearest_keyframe`] or [`nearest_marker`]. Looks only at keyframes dated within
/// [`GRAB_PT`] of the pointer: O(powers · log n).
fn nearest_keyframe_where(
    map: &StanceMap,
    tracks: &[TrackPoints],
    transform: &PlotTransform,
    pos: Pos2,
    drawn_only: bool,
) -> Option<(usize, usize)> {
    if !transform.frame().contains(pos) {
        return None;
    }
    let dx_years = f64::from(GRAB_PT) / transform.dpos_dvalue_x().abs();
    let x = transform.value_from_position(pos).x;
    let mut best = None;
    let mut best_dist_sq = GRAB_PT * GRAB_PT;
    for (p, (power, points)) in map.powers.iter().zip(tracks).enumerate() {
        if !points.visible {
            continue;
        }
        let start = power
            .track
            .partition_point(|k| k.date.to_year_f64() < x - dx_years);
        for (i, k) in power.track.iter().enumerate().skip(start) {
            let year = k.date.to_year_f64();
            if year > x + dx_years {
                break;
            }
            if drawn_only && points.dense && !super::draw::always_drawn(k) {
                continue;
            }
            let marker = transform.position_from_point(&PlotPoint::new(year, k.strength));
            let dist_sq = marker.distance_sq(pos);
            // `<=`: of markers on top of each other, pick the one drawn last (on top).
            if dist_sq <= best_dist_sq {
                best_dist_sq = dist_sq;
                best = Some((p, i));
            }
        }
    }
    best
}

/// The visible power whose line passes closest to `pos`, measured straight up or down, and
/// within `max_pt` when given. Lines run over the map's span only.
pub(super) fn nearest_line(
    map: &StanceMap,
    tracks: &[TrackPoints],
    transform: &PlotTransform,
    pos: Pos2,
    span: Option<(f64, f64)>,
    max_pt: Option<f32>,
) -> Option<usize> {
    let (lo, hi) = span?;
    if !transform.frame().contains(pos) {
        return None;
    }
    let x = transform.value_from_position(pos).x;
    if !(lo..=hi).contains(&x) {
        return None;
    }
    let mut best: Option<(usize, f32)> = None;
    for (p, (power, points)) in map.powers.iter().zip(tracks).enumerate() {
        if !points.visible {
            continue;
        }
        // No line is drawn where it would rest on a keyframe still to judge.
        let Some(strength) = crate::model::judged_sample(&power.track, x) else {
            continue;
        };
        let y = transform.position_from_point_y(strength);
        let dist = (y - pos.y).abs();
        if max_pt.is_none_or(|m| dist <= m) && best.is_none_or(|(_, d)| dist <= d) {
            best = Some((p, dist));
        }
    }
    best.map(|(p, _)| p)
}

/// A new keyframe for power `power` (an index into the map) at the month nearest
/// `year_f64`, on its line; or the index of the keyframe already at that month.
pub(super) fn new_keyframe_at(
    map: &StanceMap,
    power: usize,
    year_f64: f64,
) -> Result<NewKeyframe, usize> {
    let p = &map.powers[power];
    let date = Date::from_year_f64_month(year_f64);
    let t = date.to_year_f64();
    // A year-only keyframe ("2009") sits at January: that month is taken.
    if let Some(i) = p
        .track
        .iter()
        .position(|k| (k.date.to_year_f64() - t).abs() < SAME_DATE_YEARS)
    {
        return Err(i);
    }
    Ok(NewKeyframe {
        power: p.id.clone(),
        date,
        // Rounded as the app shows it: the line's value is rarely a round number.
        strength: snap_strength(p.strength_at(t).unwrap_or(0.0), false),
    })
}

/// Where the drag's keyframe is in the map now (which has caught up with every edit the
/// drag asked for), or `None` if it is gone.
pub(super) fn live_keyframe(map: &StanceMap, drag: &KeyframeDrag) -> Option<LiveKeyframe> {
    let power = map.powers.iter().position(|p| p.id == drag.power)?;
    let keyframe = map.powers[power]
        .track
        .iter()
        .position(|k| k.date == drag.date)?;
    Some(LiveKeyframe {
        power,
        keyframe,
        point: PlotPoint::new(drag.date.to_year_f64(), drag.strength),
    })
}

/// Where dragging keyframe `index` of `track` to `target` (a date and a strength) puts it:
/// the strength clamped and rounded (see [`snap_strength`]), the date rounded to a whole
/// month strictly between its neighbours' months. Landing back in the month it started in
/// gives back the `original` date, so a year-only date stays year-only.
fn drag_target(
    track: &[Keyframe],
    index: usize,
    original: Date,
    target: PlotPoint,
    shift: bool,
) -> (Date, f64) {
    let strength = snap_strength(target.y, shift);
    // Whole months since year 0: every date sits on one (a year-only date at January).
    let months = |year_f64: f64| (year_f64 * 12.0).round();
    let start = months(original.to_year_f64());
    let earliest = index
        .checked_sub(1)
        .and_then(|i| track.get(i))
        .map_or(f64::NEG_INFINITY, |k| months(k.date.to_year_f64()) + 1.0);
    let latest = track
        .get(index + 1)
        .map_or(f64::INFINITY, |k| months(k.date.to_year_f64()) - 1.0);
    let wanted = months(target.x);
    let month = if wanted.is_finite() && earliest <= latest {
        wanted.clamp(earliest, latest)
    } else {
        start
    };
    let date = if (month - start).abs() < 0.5 {
        original
    } else {
        Date::from_year_f64_month(month / 12.0)
    };
    (date, strength)
}

/// Ask to select a keyframe everywhere and move the date to it.
pub(super) fn select_keyframe(changes: &mut Changes, power: &PowerId, date: Date) {
    let year_f64 = date.to_year_f64();
    // Selecting another power clears the keyframe, so it goes first.
    changes.select_power(Some(power.clone()));
    changes.select_keyframe(Some(KeyframeRef {
        power: power.clone(),
        year_f64,
    }));
    changes.set_date(year_f64);
}

/// The event whose line is closest to `pos`, within [`EVENT_HOVER_PT`].
fn nearest_event(map: &StanceMap, transform: &PlotTransform, pos: Pos2) -> Option<usize> {
    if !transform.frame().contains(pos) {
        return None;
    }
    map.events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let x = transform.position_from_point_x(e.date.to_year_f64());
            (i, (x - pos.x).abs())
        })
        .filter(|&(_, d)| d <= EVENT_HOVER_PT)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The measured point of a drawn indicator closest to `pos` on screen, within
/// [`INDICATOR_HOVER_PT`]: its marker, or anywhere on the step across its year. As (indicator,
/// point) indices into the map. Looks only at the points near the pointer: O(indicators · log n).
pub(super) fn nearest_indicator_point(
    map: &StanceMap,
    indicators: &[IndicatorPoints],
    transform: &PlotTransform,
    pos: Pos2,
) -> Option<(usize, usize)> {
    if !transform.frame().contains(pos) {
        return None;
    }
    let reach_years = f64::from(INDICATOR_HOVER_PT) / transform.dpos_dvalue_x().abs();
    let x = transform.value_from_position(pos).x;
    let mut best = None;
    let mut best_dist_sq = INDICATOR_HOVER_PT * INDICATOR_HOVER_PT;
    for (i, (indicator, drawn)) in map.indicators.iter().zip(indicators).enumerate() {
        if !drawn.visible {
            continue;
        }
        let near = indicator_path::points_near(indicator, (x - reach_years, x + reach_years));
        for (j, point) in indicator
            .points
            .iter()
            .enumerate()
            .take(near.end)
            .skip(near.start)
        {
            let (start, end) = indicator_path::extent_year_f64(point);
            let y = transform
                .position_from_point_y(indicator_path::drawn_value(indicator, point.value));
            let (left, right) = (
                transform.position_from_point_x(start),
                transform.position_from_point_x(end),
            );
            let dx = if pos.x < left {
                left - pos.x
            } else if pos.x > right {
                pos.x - right
            } else {
                0.0
            };
            let dist_sq = dx * dx + (y - pos.y) * (y - pos.y);
            if dist_sq <= best_dist_sq {
                best_dist_sq = dist_sq;
                best = Some((i, j));
            }
        }
    }
    best
}

/// The divergence box under `pos`, the narrowest where they overlap.
pub(super) fn divergence_at(
    divergences: &[DivergenceMark],
    transform: &PlotTransform,
    pos: Pos2,
) -> Option<usize> {
    if !transform.frame().contains(pos) {
        return None;
    }
    divergences
        .iter()
        .enumerate()
        .map(|(i, mark)| (i, super::draw::divergence_screen_rect(transform, mark)))
        .filter(|(_, rect)| rect.contains(pos))
        .min_by(|a, b| a.1.width().total_cmp(&b.1.width()))
        .map(|(i, _)| i)
}
