//! The timeline: every power's strength across the years, events, and the current date.
//!
//! One `egui_plot` plot. Lines pass straight through the keyframes (no resampling), and only
//! the keyframes near the visible range are turned into points each frame, so a large map
//! costs little when zoomed in. Pointer interaction is read inside [`Plot::show`] with the
//! transform the user saw last frame, returned through `inner`, and applied to the session
//! afterwards.
//!
//! Keyframes are edited here too: a marker can be dragged (up and down sets its strength,
//! sideways its month), a double-click on a line adds a keyframe on it, and the context menu
//! adds or deletes one. The view never changes the map: it pushes [`Edit`]s into [`Changes`],
//! which the app applies after the frame through the undo history, one group per drag. Because
//! the map lags a frame behind, the view keeps the dragged keyframe's live date and strength
//! itself and draws the marker there.

use std::ops::RangeInclusive;

use egui::{Align2, CursorIcon, PointerButton, Pos2, RichText, Vec2, Vec2b};
use egui_plot::{
    GridMark, HLine, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints, PlotTransform,
    PlotUi, Points, Span, VLine,
};

use crate::model::edit::Edit;
use crate::model::{
    Date, Interpolation, Keyframe, PowerId, SAME_DATE_YEARS, StanceMap, format_strength_signed,
    format_year_f64, snap_strength,
};
use crate::ui::changes::Changes;
use crate::ui::session::{KeyframeRef, Session};
use crate::ui::theme::{Palette, power_color};

/// How close (in points) the pointer must be to the date cursor to grab it, or to a keyframe
/// marker to pick it.
const GRAB_PT: f32 = 8.0;
/// How close (in points) the pointer must be to an event's line to show what it is.
const EVENT_HOVER_PT: f32 = 5.0;
/// The y range shown: strength runs from −1 to +1, plus a little room for the markers.
const Y_BOUNDS: (f64, f64) = (-1.1, 1.1);

const LINE_WIDTH: f32 = 1.8;
const SELECTED_LINE_WIDTH: f32 = 3.5;
const MARKER_RADIUS: f32 = 4.0;
const BARE_MARKER_RADIUS: f32 = 6.0;
const SELECTED_RING_RADIUS: f32 = 9.0;
const CURSOR_WIDTH: f32 = 2.5;
/// Below this average spacing on screen, in points, a power's evidenced keyframes are shown
/// by its line alone: the markers would merge into a smear, and cost the most to draw.
const MIN_MARKER_SPACING_PT: f32 = 4.0;
const EVENT_MARKER_RADIUS: f32 = 4.5;
/// Where the event marks sit: just above strength +1.
const EVENT_MARKER_Y: f64 = 1.06;
/// How far (in points) the label of a dragged marker sits from it.
const DRAG_LABEL_GAP_PT: f32 = 10.0;

/// The timeline plot and the state it keeps between frames.
///
/// There is no legend: the powers panel names each colour and hides or shows powers, and a
/// legend that can hide lines on its own would disagree with it. Hovering a marker names its
/// power.
#[derive(Default)]
pub struct TimelineView {
    /// The plot's transform as drawn last frame: what the user sees and points at.
    transform: Option<PlotTransform>,
    /// Whether the user is dragging the date cursor (decided when the press began).
    scrubbing: bool,
    /// The map's span last frame; when it changes (another map) the view is refitted.
    span: Option<(f64, f64)>,
    /// Per power, the points drawn this frame; kept to reuse their allocations.
    tracks: Vec<TrackPoints>,
    /// The events near the view, as markers along the top of the plot.
    events: Vec<PlotPoint>,
    /// The years of the events near the view that the sources date only by year: each is
    /// drawn as a faint band over the whole year, so a vague date looks vague.
    year_bands: Vec<i32>,
    /// The keyframe marker being dragged, if any (decided when the press began).
    drag: Option<KeyframeDrag>,
    /// What the open context menu offers, decided when it was opened.
    menu: Option<MenuTarget>,
    /// Whether this view asked for an edit last frame: a change of span it causes (moving
    /// the first keyframe, say) is not another map, so the view is not refitted for it.
    edited: bool,
    /// Whether to fit the view to the map next frame ("Reset view" in the context menu).
    reset_view: bool,
}

/// A keyframe marker being dragged.
///
/// The app applies the edits only after the frame, so the map lags a frame behind: the drag
/// keeps the keyframe's date and strength as they will be once its edits are applied, which
/// is both what is drawn and the `from` of the next [`Edit::MoveKeyframe`].
#[derive(Clone, Debug)]
struct KeyframeDrag {
    /// The power whose keyframe it is.
    power: PowerId,
    /// The keyframe's date when the drag began. A drag that ends in the same month keeps it,
    /// so a year-only date ("2009") moved only up or down stays year-only.
    original: Date,
    /// The keyframe's date in the map once the edits pushed so far are applied.
    date: Date,
    /// The keyframe's strength once the edits pushed so far are applied.
    strength: f64,
    /// From the press to the marker's centre, so grabbing it a little off-centre does not
    /// make it jump.
    grab_offset: Vec2,
    /// Whether the pointer has moved since the press: only then does the undo group open.
    moved: bool,
}

/// A new keyframe the user can ask for: at a month, on the power's line.
#[derive(Clone, Debug, PartialEq)]
struct NewKeyframe {
    /// The power.
    power: PowerId,
    /// The month.
    date: Date,
    /// The line's value there.
    strength: f64,
}

/// What a context menu offers, decided when it is opened.
#[derive(Clone, Debug, Default)]
struct MenuTarget {
    /// Add a keyframe (for the selected power, or the line nearest the click).
    add: Option<NewKeyframe>,
    /// Delete the keyframe whose marker was right-clicked: its power and date.
    delete: Option<(PowerId, Date)>,
}

/// The dragged keyframe's live place, for drawing: (power, keyframe) indices into the map,
/// and where it is drawn.
#[derive(Clone, Copy)]
struct LiveKeyframe {
    power: usize,
    keyframe: usize,
    point: PlotPoint,
}

/// The points of one power's line and markers, limited to the keyframes near the view.
#[derive(Default)]
struct TrackPoints {
    line: Vec<PlotPoint>,
    evidenced: Vec<PlotPoint>,
    bare: Vec<PlotPoint>,
    visible: bool,
    /// Whether the keyframes are too close together on screen to draw each in full.
    dense: bool,
}

/// What part of the time axis the points are built for.
struct View {
    /// The map's span (or the default view when the map has no dates).
    span: (f64, f64),
    /// The years to build points for: what was shown last frame, with slack.
    window: (f64, f64),
    /// The years shown last frame.
    shown_x: (f64, f64),
    /// The plot's width on screen, in points.
    width_pt: f32,
}

/// What the pointer is over.
#[derive(Clone, Copy)]
enum Hover {
    /// Keyframe `keyframe` of power `power` (indices into the map); `draggable` when its
    /// marker is drawn, so pressing on it drags it.
    Keyframe {
        power: usize,
        keyframe: usize,
        draggable: bool,
    },
    /// Event `0` (index into the map's events).
    Event(usize),
    /// The date cursor, ready to be dragged.
    Cursor,
}

/// What the user asked for this frame.
#[derive(Clone)]
enum Command {
    /// Move the current date (already clamped to the span).
    SetDate(f64),
    /// Pick a keyframe (indices into the map) and move the date to it.
    SelectKeyframe { power: usize, keyframe: usize },
    /// Add a keyframe on a line (double-click), select it and move the date to it.
    AddKeyframe(NewKeyframe),
}

/// A press on a drawn keyframe marker: the start of a drag.
#[derive(Clone, Copy)]
struct Grab {
    power: usize,
    keyframe: usize,
    /// From the press to the marker's centre, in points.
    offset: Vec2,
}

/// What the plot closure hands back.
struct Outcome {
    hover: Option<Hover>,
    command: Option<Command>,
    /// Whether a scrub is in progress after this frame.
    scrubbing: bool,
    /// A marker pressed this frame.
    grab: Option<Grab>,
    /// Where the pointer moved the dragged keyframe this frame: its date and strength.
    dragged_to: Option<(Date, f64)>,
    /// Whether the drag of a marker (started earlier or this frame) ended this frame.
    drag_ended: bool,
    /// A right-click this frame: what its menu offers.
    menu: Option<MenuTarget>,
}

impl TimelineView {
    /// Draw the timeline filling the available space. The user scrubs the date, picks
    /// keyframes, pans or zooms along the years, and edits keyframes: dragging a marker moves
    /// it (one undo step per drag), a double-click on a line adds a keyframe there, and the
    /// context menu adds or deletes one. Edits go into `changes`; the map is not touched.
    #[allow(clippy::too_many_lines)] // one frame's flow, read top to bottom
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        map: &StanceMap,
        session: &mut Session,
        changes: &mut Changes,
    ) {
        let palette = Palette::of(ui);
        let span = map
            .span_year_f64()
            .filter(|(lo, hi)| lo.is_finite() && hi.is_finite());
        // A new span means another map, unless this view's own edit moved an end.
        let refit = self.span != span && !self.edited;
        let reset = refit || std::mem::take(&mut self.reset_view);
        self.span = span;
        self.edited = false;
        let (view_lo, view_hi) = default_x_bounds(span, session.date_year_f64);

        // A drag whose keyframe is gone (another map was opened, its power removed) ends.
        let live = self.drag.as_ref().and_then(|d| live_keyframe(map, d));
        if live.is_none() {
            self.end_drag(changes);
        }

        // Only the keyframes near what was on screen last frame become points: one view
        // width of slack on each side covers ordinary panning and zooming, and a repaint
        // below covers the rest.
        let last_transform = self.transform.filter(|_| !reset);
        let (window, shown_x, width_pt) = match last_transform {
            Some(t) => {
                let b = t.bounds();
                let width = b.width();
                (
                    (b.min()[0] - width, b.max()[0] + width),
                    (b.min()[0], b.max()[0]),
                    t.frame().width(),
                )
            }
            None => (
                (f64::NEG_INFINITY, f64::INFINITY),
                (view_lo, view_hi),
                ui.available_width(),
            ),
        };
        let view = View {
            span: span.unwrap_or((view_lo, view_hi)),
            window,
            shown_x,
            width_pt,
        };
        self.tracks
            .resize_with(map.powers.len(), TrackPoints::default);
        for (i, (points, power)) in self.tracks.iter_mut().zip(&map.powers).enumerate() {
            points.visible = session.is_visible(&power.id);
            if points.visible {
                points.rebuild(&power.track, &view, live.filter(|l| l.power == i));
            } else {
                points.clear();
            }
        }

        self.events.clear();
        self.events.extend(
            map.events
                .iter()
                .map(|e| e.date.to_year_f64())
                .filter(|x| (window.0..=window.1).contains(x))
                .map(|x| PlotPoint::new(x, EVENT_MARKER_Y)),
        );
        self.year_bands.clear();
        self.year_bands.extend(
            map.events
                .iter()
                .filter(|e| e.date.month.is_none())
                .map(|e| e.date.year)
                .filter(|&y| f64::from(y + 1) >= window.0 && f64::from(y) <= window.1),
        );
        self.year_bands.sort_unstable();
        self.year_bands.dedup();

        let (pressed, press_origin, primary_down, latest_pos, shift, double_clicked) =
            ui.input(|i| {
                (
                    i.pointer.primary_pressed(),
                    i.pointer.press_origin(),
                    i.pointer.primary_down(),
                    i.pointer.latest_pos(),
                    i.modifiers.shift,
                    i.pointer.button_double_clicked(PointerButton::Primary),
                )
            });
        let was_scrubbing = self.scrubbing;
        // Decided before the plot reads the pointer, with the transform it will use: a press
        // that grabs a marker must not pan, not even in its first frame, and a double-click
        // on a line or marker is the user's, not a reset of the view.
        let press_on_marker = pressed
            && last_transform
                .zip(press_origin)
                .is_some_and(|(t, p)| nearest_marker(map, &self.tracks, &t, p).is_some());
        let double_click_on_item = double_clicked
            && last_transform.zip(latest_pos).is_some_and(|(t, p)| {
                nearest_keyframe(map, &self.tracks, &t, p).is_some()
                    || nearest_line(map, &self.tracks, &t, p, span, Some(GRAB_PT)).is_some()
            });
        let pan = !(was_scrubbing || self.drag.is_some() || press_on_marker);

        let mut plot = Plot::new("timeline")
            .default_x_bounds(view_lo, view_hi)
            .default_y_bounds(Y_BOUNDS.0, Y_BOUNDS.1)
            // Along the years only: strength always shows −1..1.
            .allow_zoom(Vec2b::new(true, false))
            .allow_scroll(Vec2b::new(true, false))
            .allow_drag(Vec2b::new(pan, false))
            .allow_axis_zoom_drag(Vec2b::new(true, false))
            .allow_boxed_zoom(false)
            .allow_double_click_reset(!double_click_on_item)
            // Our own hover text replaces the plot's coordinate read-out.
            .show_x(false)
            .show_y(false)
            .y_axis_label("strength")
            .x_axis_formatter(year_tick)
            .y_axis_formatter(strength_tick);
        if reset {
            plot = plot.reset();
        }

        let tracks = &mut self.tracks;
        let events = &self.events;
        let year_bands = &self.year_bands;
        let drag = self.drag.as_ref();
        let view = &view;
        let shown = &*session;
        let clamp = move |year_f64: f64| span.map_or(year_f64, |(lo, hi)| year_f64.clamp(lo, hi));
        let response = plot.show(ui, |plot_ui| {
            let transform = *plot_ui.transform();
            let response = plot_ui.response().clone();
            let cursor_x = transform.position_from_point_x(shown.date_year_f64);
            let near_cursor =
                |pos: Pos2| transform.frame().contains(pos) && (pos.x - cursor_x).abs() <= GRAB_PT;

            // A press on a drawn marker grabs it (even on the date cursor); elsewhere on the
            // cursor it starts a scrub. Either lasts until release.
            let mut scrubbing =
                was_scrubbing && (response.is_pointer_button_down_on() || response.drag_stopped());
            let mut grab = None;
            if response.is_pointer_button_down_on() && pressed {
                grab = press_origin.and_then(|press| {
                    let (power, keyframe) = nearest_marker(map, tracks, &transform, press)?;
                    let k = &map.powers[power].track[keyframe];
                    let marker = transform
                        .position_from_point(&PlotPoint::new(k.date.to_year_f64(), k.strength));
                    Some(Grab {
                        power,
                        keyframe,
                        offset: marker - press,
                    })
                });
                scrubbing = grab.is_none() && press_origin.is_some_and(near_cursor);
            }
            let dragging = drag.is_some() || grab.is_some();

            // Follow the dragged marker once the pointer has left the press.
            let mut dragged_to = None;
            if let (Some(d), Some(l)) = (drag, live)
                && (response.dragged() || response.drag_stopped())
                && let Some(pos) = latest_pos
                && (d.moved || Some(pos) != press_origin)
            {
                let target = transform.value_from_position(pos + d.grab_offset);
                let to = drag_target(
                    &map.powers[l.power].track,
                    l.keyframe,
                    d.original,
                    target,
                    shift,
                );
                dragged_to = Some(to);
                // Redraw its line and marker at the new place, and keep the view still: an
                // end keyframe moved sideways changes the span the view would follow.
                tracks[l.power].rebuild(
                    &map.powers[l.power].track,
                    view,
                    Some(LiveKeyframe {
                        point: PlotPoint::new(to.0.to_year_f64(), to.1),
                        ..l
                    }),
                );
                plot_ui.set_auto_bounds(false);
            }
            let drag_ended = dragging && !(primary_down && response.is_pointer_button_down_on());
            let tracks: &[TrackPoints] = tracks;

            let mut command = None;
            if scrubbing && (response.dragged() || response.drag_stopped()) {
                if let Some(pos) = latest_pos {
                    command = Some(Command::SetDate(clamp(
                        transform.value_from_position(pos).x,
                    )));
                }
            } else if response.double_clicked()
                && let Some(pos) = response.interact_pointer_pos()
                && nearest_keyframe(map, tracks, &transform, pos).is_none()
                && let Some(power) = nearest_line(map, tracks, &transform, pos, span, Some(GRAB_PT))
            {
                let x = clamp(transform.value_from_position(pos).x);
                command = Some(match new_keyframe_at(map, power, x) {
                    Ok(new) => Command::AddKeyframe(new),
                    Err(keyframe) => Command::SelectKeyframe { power, keyframe },
                });
            } else if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
            {
                command = Some(match nearest_keyframe(map, tracks, &transform, pos) {
                    Some((power, keyframe)) => Command::SelectKeyframe { power, keyframe },
                    None => Command::SetDate(clamp(transform.value_from_position(pos).x)),
                });
            }

            let menu = if response.secondary_clicked()
                && let Some(pos) = response.interact_pointer_pos()
            {
                Some(menu_target(map, shown, tracks, &transform, pos, span))
            } else {
                None
            };

            let hover = if dragging {
                None
            } else if scrubbing {
                Some(Hover::Cursor)
            } else {
                response.hover_pos().and_then(|pos| {
                    nearest_keyframe(map, tracks, &transform, pos)
                        .map(|(power, keyframe)| Hover::Keyframe {
                            power,
                            keyframe,
                            draggable: nearest_marker(map, tracks, &transform, pos).is_some(),
                        })
                        .or_else(|| nearest_event(map, &transform, pos).map(Hover::Event))
                        .or_else(|| near_cursor(pos).then_some(Hover::Cursor))
                })
            };
            let scrubbing = scrubbing && primary_down && response.is_pointer_button_down_on();

            // The selection ring follows a dragged keyframe, which the map has not caught up with.
            let ring = match (dragged_to, live) {
                (Some((date, strength)), _) => Some(PlotPoint::new(date.to_year_f64(), strength)),
                (None, Some(l)) => Some(l.point),
                (None, None) => selected_point(map, shown, tracks),
            };
            add_year_bands(plot_ui, year_bands, &palette);
            add_items(plot_ui, map, tracks, events, shown, ring, &palette);
            Outcome {
                hover,
                command,
                scrubbing,
                grab,
                dragged_to,
                drag_ended,
                menu,
            }
        });

        let Outcome {
            hover,
            command,
            scrubbing,
            grab,
            dragged_to,
            drag_ended,
            menu,
        } = response.inner;
        self.transform = Some(response.transform);
        self.scrubbing = scrubbing;
        if scrubbing && !was_scrubbing {
            // Playback would pull the cursor away from the pointer.
            session.playing = false;
        }

        let plot_response = response.response;
        plot_response.widget_info(|| egui::WidgetInfo {
            value: Some(session.date_year_f64),
            ..egui::WidgetInfo::labeled(egui::Role::Slider, true, "Timeline")
        });

        let before = (session.date_year_f64, session.selected_keyframe.clone());
        if let Some(grab) = grab {
            self.start_drag(map, session, grab);
        }
        if let Some(to) = dragged_to {
            self.move_drag(to, session, changes);
        }
        if drag_ended {
            self.end_drag(changes);
        }
        if let Some(command) = command {
            self.apply(command, map, session, changes);
        }

        if let Some(target) = menu {
            self.menu = Some(target);
        }
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
        if before != (session.date_year_f64, session.selected_keyframe.clone()) {
            // The cursor and selection were drawn before the change: draw them again.
            ui.ctx().request_repaint();
        }

        // Points were built for last frame's view; if this frame's view reaches past them
        // (a big zoom or a reset), draw once more so nothing is missing.
        let b = response.transform.bounds();
        if b.min()[0] < window.0 || b.max()[0] > window.1 {
            ui.ctx().request_repaint();
        }

        if let Some(d) = self.drag.as_ref().filter(|d| d.moved) {
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
            drag_label_ui(ui, map, d, &response.transform, &palette);
        } else if let Some(hover) = hover.filter(|_| !menu_open) {
            let icon = match hover {
                Hover::Cursor => CursorIcon::ResizeHorizontal,
                Hover::Keyframe {
                    draggable: true, ..
                } => CursorIcon::Grab,
                Hover::Keyframe { .. } => CursorIcon::PointingHand,
                Hover::Event(_) => CursorIcon::Default,
            };
            ui.ctx().set_cursor_icon(icon);
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                plot_response.layer_id,
                plot_response.id,
                egui::PopupAnchor::Pointer,
            )
            .gap(12.0)
            .show(|ui| hover_ui(ui, map, session, hover, &palette));
        }
    }

    /// Where a point of the plot (a date and a strength) was drawn on screen last frame, or
    /// `None` before the first frame. For tests, and for anything drawn over the timeline.
    pub fn screen_pos(&self, year_f64: f64, strength: f64) -> Option<Pos2> {
        self.transform
            .map(|t| t.position_from_point(&PlotPoint::new(year_f64, strength)))
    }

    /// Whether the user is dragging the date cursor right now.
    pub fn is_scrubbing(&self) -> bool {
        self.scrubbing
    }

    /// Whether the user is dragging a keyframe marker right now.
    pub fn is_dragging_keyframe(&self) -> bool {
        self.drag.is_some()
    }

    /// A press landed on a marker: select its keyframe and move the date to it. Nothing is
    /// edited until the pointer moves.
    fn start_drag(&mut self, map: &StanceMap, session: &mut Session, grab: Grab) {
        let Some(power) = map.powers.get(grab.power) else {
            return;
        };
        let Some(k) = power.track.get(grab.keyframe) else {
            return;
        };
        select_keyframe(session, &power.id, k.date);
        session.playing = false;
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
    fn move_drag(&mut self, to: (Date, f64), session: &mut Session, changes: &mut Changes) {
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
        select_keyframe(session, &d.power, d.date);
        session.playing = false;
    }

    /// The drag is over (or its keyframe went away): close its undo group, if it opened one.
    fn end_drag(&mut self, changes: &mut Changes) {
        if let Some(d) = self.drag.take()
            && d.moved
        {
            changes.end_group();
        }
    }

    /// Apply what the user did (a click, a double-click) to the session, or ask for an edit.
    fn apply(
        &mut self,
        command: Command,
        map: &StanceMap,
        session: &mut Session,
        changes: &mut Changes,
    ) {
        match command {
            Command::SetDate(year_f64) => session.date_year_f64 = year_f64,
            Command::SelectKeyframe { power, keyframe } => {
                if let Some(p) = map.powers.get(power)
                    && let Some(k) = p.track.get(keyframe)
                {
                    select_keyframe(session, &p.id, k.date);
                }
            }
            Command::AddKeyframe(new) => self.add_keyframe(new, session, changes),
        }
    }

    /// Ask for a new keyframe, select it and move the date to it.
    fn add_keyframe(&mut self, new: NewKeyframe, session: &mut Session, changes: &mut Changes) {
        select_keyframe(session, &new.power, new.date);
        changes.edit(Edit::SetStrength {
            power: new.power,
            date: new.date,
            strength: new.strength,
        });
        self.edited = true;
    }

    /// Carry out what was picked in the context menu.
    fn choose(&mut self, choice: MenuChoice, session: &mut Session, changes: &mut Changes) {
        match choice {
            MenuChoice::Add(new) => self.add_keyframe(new, session, changes),
            MenuChoice::Delete(power, date) => {
                if session
                    .selected_keyframe
                    .as_ref()
                    .is_some_and(|s| s.power == power && s.year_f64 == date.to_year_f64())
                {
                    session.selected_keyframe = None;
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

/// The small label beside a dragged marker: "Russia · May 2014 · +0.42".
fn drag_label_ui(
    ui: &egui::Ui,
    map: &StanceMap,
    drag: &KeyframeDrag,
    transform: &PlotTransform,
    palette: &Palette,
) {
    let name = map
        .power(&drag.power)
        .map_or(drag.power.0.as_str(), |p| p.name.as_str());
    let text = format!(
        "{name} · {} · {}",
        drag.date,
        format_strength_signed(drag.strength)
    );
    let frame = *transform.frame();
    let at = transform.position_from_point(&PlotPoint::new(drag.date.to_year_f64(), drag.strength));
    let font = egui::TextStyle::Small.resolve(ui.style());
    let painter = ui.painter().with_clip_rect(frame);
    let galley = painter.layout_no_wrap(text, font, palette.text);
    // Above and to the right of the marker, unless that leaves the plot.
    let size = galley.size();
    let right = at.x + DRAG_LABEL_GAP_PT + size.x <= frame.right();
    let above = at.y - DRAG_LABEL_GAP_PT - size.y >= frame.top();
    let anchor = match (right, above) {
        (true, true) => Align2::LEFT_BOTTOM,
        (true, false) => Align2::LEFT_TOP,
        (false, true) => Align2::RIGHT_BOTTOM,
        (false, false) => Align2::RIGHT_TOP,
    };
    let offset = egui::vec2(
        if right {
            DRAG_LABEL_GAP_PT
        } else {
            -DRAG_LABEL_GAP_PT
        },
        if above {
            -DRAG_LABEL_GAP_PT
        } else {
            DRAG_LABEL_GAP_PT
        },
    );
    let rect = anchor.anchor_size(at + offset, size);
    let background = ui.visuals().extreme_bg_color.gamma_multiply(0.9);
    painter.rect_filled(rect.expand(3.0), 3.0, background);
    painter.galley(rect.min, galley, palette.text);
}

impl TrackPoints {
    fn clear(&mut self) {
        self.line.clear();
        self.evidenced.clear();
        self.bare.clear();
    }

    /// Rebuild the points from the keyframes dated within the view's window plus one on
    /// either side, so the line crosses the window's edges; the track is extended flat to
    /// the span's ends. Where keyframes are too dense to tell apart, the line alone shows
    /// them; markers without evidence are always drawn. A `live` keyframe (being dragged) is
    /// drawn where the drag has it rather than where the map, a frame behind, has it.
    fn rebuild(&mut self, track: &[Keyframe], view: &View, live: Option<LiveKeyframe>) {
        self.clear();
        let (Some(first), Some(last)) = (track.first(), track.last()) else {
            return;
        };
        let at = |i: usize, k: &Keyframe| match live {
            Some(l) if l.keyframe == i => l.point,
            _ => PlotPoint::new(k.date.to_year_f64(), k.strength),
        };
        let (span, window) = (view.span, view.window);
        let n = track.len();
        let lo = track
            .partition_point(|k| k.date.to_year_f64() < window.0)
            .saturating_sub(1);
        let hi = (track.partition_point(|k| k.date.to_year_f64() <= window.1) + 1).min(n);
        let on_screen = track.partition_point(|k| k.date.to_year_f64() <= view.shown_x.1)
            - track.partition_point(|k| k.date.to_year_f64() < view.shown_x.0);
        let dense = on_screen as f32 * MIN_MARKER_SPACING_PT > view.width_pt;
        self.dense = dense;

        let start = at(0, first);
        if lo == 0 && span.0 < start.x {
            self.line.push(PlotPoint::new(span.0, start.y));
        }
        for (i, k) in track.iter().enumerate().take(hi).skip(lo) {
            let point = at(i, k);
            self.line.push(point);
            if k.evidence.is_empty() {
                self.bare.push(point);
            } else if !dense {
                self.evidenced.push(point);
            }
            if k.interpolation == Interpolation::Hold
                && let Some(next) = track.get(i + 1)
            {
                // A step: hold the value until the next keyframe, then jump.
                self.line.push(PlotPoint::new(at(i + 1, next).x, point.y));
            }
        }
        let end = at(n - 1, last);
        if hi == n && span.1 > end.x {
            self.line.push(PlotPoint::new(span.1, end.y));
        }
    }
}

/// The x range the view starts at and resets to: the span plus a small margin.
fn default_x_bounds(span: Option<(f64, f64)>, date_year_f64: f64) -> (f64, f64) {
    if let Some((lo, hi)) = span {
        let margin = ((hi - lo) * 0.03).max(0.5);
        (lo - margin, hi + margin)
    } else {
        let centre = if date_year_f64.is_finite() {
            date_year_f64
        } else {
            2000.0
        };
        (centre - 5.0, centre + 5.0)
    }
}

/// Year ticks: whole years only, without decimals.
fn year_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    let year = mark.value.round();
    if (mark.value - year).abs() < 1e-6 {
        format!("{year:.0}")
    } else {
        String::new()
    }
}

/// Strength ticks within −1..1 only, with a real minus sign.
fn strength_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    let v = mark.value;
    if v.abs() > 1.0 + 1e-9 {
        String::new()
    } else if v.abs() < 1e-9 {
        "0".to_owned()
    } else if v < 0.0 {
        format!("−{}", egui_plot::format_number(-v, 1))
    } else {
        egui_plot::format_number(v, 1)
    }
}

/// The keyframe of a visible power closest to `pos` on screen, within [`GRAB_PT`], whether
/// or not its marker is drawn (a dense line stands for its keyframes).
fn nearest_keyframe(
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
fn nearest_marker(
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
            if drawn_only && points.dense && !k.evidence.is_empty() {
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
fn nearest_line(
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
        let Some(strength) = power.strength_at(x) else {
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
fn new_keyframe_at(map: &StanceMap, power: usize, year_f64: f64) -> Result<NewKeyframe, usize> {
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
        strength: p.strength_at(t).unwrap_or(0.0),
    })
}

/// What a right-click at `pos` offers: a keyframe for the selected power (or else the
/// nearest line's) at that month, unless one is there, and deleting the marker clicked on.
fn menu_target(
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

/// Where the drag's keyframe is in the map now (which has caught up with every edit the
/// drag asked for), or `None` if it is gone.
fn live_keyframe(map: &StanceMap, drag: &KeyframeDrag) -> Option<LiveKeyframe> {
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

/// Select a keyframe everywhere and move the date to it.
fn select_keyframe(session: &mut Session, power: &PowerId, date: Date) {
    let year_f64 = date.to_year_f64();
    // `select_power` clears the keyframe when the power changes, so it goes first.
    session.select_power(Some(power.clone()));
    session.selected_keyframe = Some(KeyframeRef {
        power: power.clone(),
        year_f64,
    });
    session.date_year_f64 = year_f64;
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

/// A faint band over each year in which an event is dated only by its year: the line at the
/// start of the year is where it is stepped to, the band says it could be any time in it.
fn add_year_bands(plot_ui: &mut PlotUi<'_>, years: &[i32], palette: &Palette) {
    let fill = palette.weak_text.gamma_multiply(YEAR_BAND_ALPHA);
    for &year in years {
        plot_ui.span(
            Span::new("", f64::from(year)..=f64::from(year + 1))
                .fill(fill)
                .border_width(0.0),
        );
    }
}

/// How much of the weak text colour a year band keeps.
const YEAR_BAND_ALPHA: f32 = 0.07;

/// Add the zero line, events, power lines, markers and the date cursor to the plot.
fn add_items<'a>(
    plot_ui: &mut PlotUi<'a>,
    map: &StanceMap,
    tracks: &'a [TrackPoints],
    events: &'a [PlotPoint],
    session: &Session,
    ring: Option<PlotPoint>,
    palette: &Palette,
) {
    let background = plot_ui.ctx().global_style().visuals.extreme_bg_color;
    plot_ui.hline(
        HLine::new("", 0.0)
            .color(palette.weak_text.gamma_multiply(0.6))
            .width(1.0)
            .allow_hover(false),
    );

    // Events: a dashed line each, and a small mark along the top that tells them apart
    // from the grid's year lines.
    let event_color = palette.weak_text.gamma_multiply(0.8);
    for event in events {
        plot_ui.vline(
            VLine::new("", event.x)
                .color(event_color)
                .width(1.0)
                .style(LineStyle::dashed_dense())
                .allow_hover(false),
        );
    }
    if !events.is_empty() {
        plot_ui.points(
            Points::new("", PlotPoints::Borrowed(events))
                .shape(MarkerShape::Down)
                .filled(true)
                .radius(EVENT_MARKER_RADIUS)
                .color(palette.weak_text)
                .allow_hover(false),
        );
    }

    add_comparison_lines(plot_ui, map, session);

    // The selected power is drawn last, on top of the others.
    let selected = session.selected_power.as_ref();
    let order = map
        .powers
        .iter()
        .zip(tracks)
        .filter(|(p, _)| selected != Some(&p.id))
        .chain(
            map.powers
                .iter()
                .zip(tracks)
                .filter(|(p, _)| selected == Some(&p.id)),
        );
    for (power, points) in order {
        if !points.visible {
            continue;
        }
        let color = power_color(&power.color);
        let is_selected = selected == Some(&power.id);
        let width = if is_selected {
            SELECTED_LINE_WIDTH
        } else {
            LINE_WIDTH
        };
        if points.line.len() > 1 {
            plot_ui.line(
                Line::new(power.name.as_str(), PlotPoints::Borrowed(&points.line))
                    .color(color)
                    .width(width)
                    // Band aggregation turns a hold's vertical step into a filled wedge.
                    .allow_band(false)
                    .allow_hover(false),
            );
        }
        if !points.evidenced.is_empty() {
            plot_ui.points(
                Points::new("", PlotPoints::Borrowed(&points.evidenced))
                    .shape(MarkerShape::Circle)
                    .filled(true)
                    .radius(if is_selected {
                        MARKER_RADIUS + 1.0
                    } else {
                        MARKER_RADIUS
                    })
                    .color(color)
                    .allow_hover(false),
            );
        }
        if !points.bare.is_empty() {
            // No evidence: a hollow diamond outlined in the warning colour. The fill hides
            // the line behind it so the hole reads as empty; where keyframes crowd together
            // the outline alone is cheaper and reads the same.
            if !points.dense {
                plot_ui.points(
                    Points::new("", PlotPoints::Borrowed(&points.bare))
                        .shape(MarkerShape::Diamond)
                        .filled(true)
                        .radius(BARE_MARKER_RADIUS)
                        .color(background)
                        .allow_hover(false),
                );
            }
            plot_ui.points(
                Points::new("", PlotPoints::Borrowed(&points.bare))
                    .shape(MarkerShape::Diamond)
                    .filled(false)
                    .radius(BARE_MARKER_RADIUS)
                    .color(palette.warning)
                    .allow_hover(false),
            );
        }
    }

    if let Some(ring) = ring {
        plot_ui.points(
            Points::new("", [ring.x, ring.y])
                .shape(MarkerShape::Circle)
                .filled(false)
                .radius(SELECTED_RING_RADIUS)
                .color(palette.text)
                .allow_hover(false),
        );
    }

    plot_ui.vline(
        VLine::new("", session.date_year_f64)
            .color(palette.cursor)
            .width(CURSOR_WIDTH)
            .allow_hover(false),
    );
}

/// The comparison map's tracks for the powers both maps have, as thin dashed lines in the
/// power's colour, named "<power> (comparison)"; behind the real lines and not interactive.
/// Only the part in view is built. Where a comparison track's keyframes crowd closer than
/// [`MIN_MARKER_SPACING_PT`] on screen its line is drawn solid and fainter instead: dashes
/// cannot be told apart there, and a long zig-zag would cost thousands of dash shapes a frame.
fn add_comparison_lines(plot_ui: &mut PlotUi<'_>, map: &StanceMap, session: &Session) {
    let Some(comparison) = session.comparison.as_deref() else {
        return;
    };
    let span = map.span_year_f64();
    let transform = plot_ui.transform();
    let shown = (transform.bounds().min()[0], transform.bounds().max()[0]);
    let width_pt = transform.frame().width();
    for power in &map.powers {
        if !session.is_visible(&power.id) {
            continue;
        }
        let Some(other) = comparison.power(&power.id) else {
            continue;
        };
        let track = &other.track;
        let on_screen = track.partition_point(|k| k.date.to_year_f64() <= shown.1)
            - track.partition_point(|k| k.date.to_year_f64() < shown.0);
        let dense = on_screen as f32 * MIN_MARKER_SPACING_PT > width_pt;
        let points = comparison_points(track, span, shown);
        if points.len() < 2 {
            continue;
        }
        let (style, alpha) = if dense {
            (LineStyle::Solid, 0.45)
        } else {
            (LineStyle::dashed_loose(), 0.7)
        };
        plot_ui.line(
            Line::new(
                format!("{} (comparison)", power.name),
                PlotPoints::Owned(points),
            )
            .color(power_color(&power.color).gamma_multiply(alpha))
            .width(COMPARISON_LINE_WIDTH)
            .style(style)
            .allow_band(false)
            .allow_hover(false),
        );
    }
}

/// Width of a comparison line: thinner than the map's own.
const COMPARISON_LINE_WIDTH: f32 = 1.5;

/// The points of a comparison track from the keyframe before `shown` to the one after it,
/// holds drawn as steps and the ends extended flat to `span`.
fn comparison_points(
    track: &[Keyframe],
    span: Option<(f64, f64)>,
    shown: (f64, f64),
) -> Vec<PlotPoint> {
    let (Some(first), Some(last)) = (track.first(), track.last()) else {
        return Vec::new();
    };
    let n = track.len();
    let lo = track
        .partition_point(|k| k.date.to_year_f64() < shown.0)
        .saturating_sub(1);
    let hi = (track.partition_point(|k| k.date.to_year_f64() <= shown.1) + 1).min(n);
    let mut points = Vec::with_capacity((hi - lo) * 2 + 2);
    if let Some((start, _)) = span
        && lo == 0
        && start < first.date.to_year_f64()
    {
        points.push(PlotPoint::new(start, first.strength));
    }
    for (i, k) in track.iter().enumerate().take(hi).skip(lo) {
        points.push(PlotPoint::new(k.date.to_year_f64(), k.strength));
        if k.interpolation == Interpolation::Hold
            && let Some(next) = track.get(i + 1)
        {
            points.push(PlotPoint::new(next.date.to_year_f64(), k.strength));
        }
    }
    if let Some((_, end)) = span
        && hi == n
        && end > last.date.to_year_f64()
    {
        points.push(PlotPoint::new(end, last.strength));
    }
    points
}

/// Where the session's selected keyframe is drawn, when its power is shown and it exists.
fn selected_point(map: &StanceMap, session: &Session, tracks: &[TrackPoints]) -> Option<PlotPoint> {
    let selected = session.selected_keyframe.as_ref()?;
    let (power, points) = map
        .powers
        .iter()
        .zip(tracks)
        .find(|(p, _)| p.id == selected.power)?;
    if !points.visible {
        return None;
    }
    power
        .track
        .iter()
        .find(|k| (k.date.to_year_f64() - selected.year_f64).abs() < SAME_DATE_YEARS)
        .map(|k| PlotPoint::new(k.date.to_year_f64(), k.strength))
}

/// The hover text: a keyframe's power, date, value and evidence, an event's title and date,
/// or the date under the cursor.
fn hover_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    session: &Session,
    hover: Hover,
    palette: &Palette,
) {
    // The lines are short. One tooltip serves every target, so wrapping would keep the
    // width of whatever it showed first.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    match hover {
        Hover::Keyframe {
            power,
            keyframe,
            draggable,
        } => {
            let Some(p) = map.powers.get(power) else {
                return;
            };
            let Some(k) = p.track.get(keyframe) else {
                return;
            };
            ui.label(RichText::new(&p.name).strong().color(power_color(&p.color)));
            ui.label(format!(
                "{}: {}",
                k.date,
                format_strength_signed(k.strength)
            ));
            // The other map's value at the same date, on its dashed line.
            if let Some(theirs) = session
                .comparison
                .as_deref()
                .and_then(|other| other.power(&p.id))
                .and_then(|other| other.strength_at(k.date.to_year_f64()))
            {
                ui.label(format!(
                    "{} in the other map (dashed line)",
                    format_strength_signed(theirs)
                ));
            }
            if k.interpolation == Interpolation::Hold {
                ui.label(RichText::new("holds until the next keyframe").color(palette.weak_text));
            }
            match k.evidence.len() {
                0 => {
                    ui.colored_label(palette.warning, "No evidence");
                }
                1 => {
                    ui.label("1 quote");
                }
                n => {
                    ui.label(format!("{n} quotes"));
                }
            }
            let hint = if draggable {
                "Click to select, drag to move"
            } else {
                "Click to select"
            };
            ui.label(RichText::new(hint).small().color(palette.weak_text));
        }
        Hover::Event(i) => {
            let Some(e) = map.events.get(i) else {
                return;
            };
            ui.label(RichText::new(crate::model::display_safe(&e.title)).strong());
            let when = if e.date.month.is_none() {
                format!("{}: the sources give only the year", e.date)
            } else {
                e.date.to_string()
            };
            ui.label(RichText::new(when).color(palette.weak_text));
        }
        Hover::Cursor => {
            ui.label(format_year_f64(session.date_year_f64));
            ui.label(
                RichText::new("Drag to change the date")
                    .small()
                    .color(palette.weak_text),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn track(years: std::ops::Range<i32>, interpolation: Interpolation) -> Vec<Keyframe> {
        years
            .map(|y| Keyframe {
                date: Date::year(y),
                strength: f64::from(y - 2000) / 10.0,
                confidence: crate::model::Confidence::Medium,
                interpolation,
                reasoning: String::new(),
                evidence: Vec::new(),
            })
            .collect()
    }

    fn xs(points: &[PlotPoint]) -> Vec<f64> {
        points.iter().map(|p| p.x).collect()
    }

    #[test]
    fn comparison_lines_are_built_for_the_part_in_view_only() {
        let track = track(2000..2010, Interpolation::Linear);
        let span = Some((1990.0, 2020.0));
        // In view: one keyframe beyond each edge, so the line crosses the edges.
        let inside = comparison_points(&track, span, (2003.5, 2005.5));
        assert_eq!(xs(&inside), [2003.0, 2004.0, 2005.0, 2006.0]);
        // All in view: the ends are extended flat to the map's span.
        let all = comparison_points(&track, span, (1980.0, 2030.0));
        assert_eq!(all.len(), 12);
        assert_eq!((all[0].x, all[0].y), (1990.0, 0.0));
        assert_eq!((all[11].x, all[11].y), (2020.0, 0.9));
        assert!(comparison_points(&[], span, (1980.0, 2030.0)).is_empty());
    }

    #[test]
    fn comparison_holds_are_drawn_as_steps() {
        let track = track(2000..2003, Interpolation::Hold);
        let points = comparison_points(&track, None, (1999.0, 2004.0));
        let pairs: Vec<(f64, f64)> = points.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(
            pairs,
            [
                (2000.0, 0.0),
                (2001.0, 0.0),
                (2001.0, 0.1),
                (2002.0, 0.1),
                (2002.0, 0.2)
            ]
        );
    }
}
