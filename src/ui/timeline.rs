//! The timeline: every power's strength across the years, events, and the current date.
//!
//! One `egui_plot` plot. Lines pass straight through the keyframes (no resampling), and only
//! the keyframes near the visible range are turned into points each frame, so a large map
//! costs little when zoomed in. Pointer interaction is read inside [`Plot::show`] with the
//! transform the user saw last frame, returned through `inner`, and applied to the session
//! afterwards.

use std::ops::RangeInclusive;

use egui::{CursorIcon, PointerButton, Pos2, RichText, Vec2b};
use egui_plot::{
    GridMark, HLine, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints, PlotTransform,
    PlotUi, Points, VLine,
};

use crate::app::session::{KeyframeRef, Session};
use crate::model::{Interpolation, Keyframe, StanceMap, format_year_f64};
use crate::ui::theme::{Palette, format_strength, power_color};

/// How close (in points) the pointer must be to the date cursor to grab it, or to a keyframe
/// marker to pick it.
const GRAB_PT: f32 = 8.0;
/// How close (in points) the pointer must be to an event's line to show what it is.
const EVENT_HOVER_PT: f32 = 5.0;
/// Two dates closer than this (in years) are the same keyframe date.
const SAME_DATE_YEARS: f64 = 1e-6;
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
    /// Keyframe `keyframe` of power `power` (indices into the map).
    Keyframe { power: usize, keyframe: usize },
    /// Event `0` (index into the map's events).
    Event(usize),
    /// The date cursor, ready to be dragged.
    Cursor,
}

/// What the user asked for this frame.
#[derive(Clone, Copy)]
enum Command {
    /// Move the current date (already clamped to the span).
    SetDate(f64),
    /// Pick a keyframe (indices into the map) and move the date to it.
    SelectKeyframe { power: usize, keyframe: usize },
}

/// What the plot closure hands back.
struct Outcome {
    hover: Option<Hover>,
    command: Option<Command>,
    /// Whether a scrub is in progress after this frame.
    scrubbing: bool,
}

impl TimelineView {
    /// Draw the timeline filling the available space, and let the user scrub the date, pick
    /// keyframes, and pan or zoom along the years.
    pub fn ui(&mut self, ui: &mut egui::Ui, map: &StanceMap, session: &mut Session) {
        let palette = Palette::of(ui);
        let span = map
            .span_year_f64()
            .filter(|(lo, hi)| lo.is_finite() && hi.is_finite());
        let refit = self.span != span;
        self.span = span;
        let (view_lo, view_hi) = default_x_bounds(span, session.date_year_f64);

        // Only the keyframes near what was on screen last frame become points: one view
        // width of slack on each side covers ordinary panning and zooming, and a repaint
        // below covers the rest.
        let (window, shown_x, width_pt) = match self.transform.filter(|_| !refit) {
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
        for (points, power) in self.tracks.iter_mut().zip(&map.powers) {
            points.visible = session.is_visible(&power.id);
            if points.visible {
                points.rebuild(&power.track, &view);
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

        let (pressed, press_origin, primary_down) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.press_origin(),
                i.pointer.primary_down(),
            )
        });
        let was_scrubbing = self.scrubbing;

        let mut plot = Plot::new("timeline")
            .default_x_bounds(view_lo, view_hi)
            .default_y_bounds(Y_BOUNDS.0, Y_BOUNDS.1)
            // Along the years only: strength always shows −1..1.
            .allow_zoom(Vec2b::new(true, false))
            .allow_scroll(Vec2b::new(true, false))
            .allow_drag(Vec2b::new(!was_scrubbing, false))
            .allow_axis_zoom_drag(Vec2b::new(true, false))
            .allow_boxed_zoom(false)
            .allow_double_click_reset(true)
            // Our own hover text replaces the plot's coordinate read-out.
            .show_x(false)
            .show_y(false)
            .y_axis_label("strength")
            .x_axis_formatter(year_tick)
            .y_axis_formatter(strength_tick);
        if refit {
            plot = plot.reset();
        }

        let tracks = &self.tracks;
        let events = &self.events;
        let shown = &*session;
        let clamp = move |year_f64: f64| span.map_or(year_f64, |(lo, hi)| year_f64.clamp(lo, hi));
        let response = plot.show(ui, |plot_ui| {
            let transform = *plot_ui.transform();
            let response = plot_ui.response();
            let cursor_x = transform.position_from_point_x(shown.date_year_f64);
            let near_cursor =
                |pos: Pos2| transform.frame().contains(pos) && (pos.x - cursor_x).abs() <= GRAB_PT;

            // A scrub starts when the press lands on the cursor, and lasts until release.
            let mut scrubbing =
                was_scrubbing && (response.is_pointer_button_down_on() || response.drag_stopped());
            if response.is_pointer_button_down_on() && pressed {
                scrubbing = press_origin.is_some_and(near_cursor);
            }

            let pointer = plot_ui.ctx().input(|i| i.pointer.latest_pos());
            let mut command = None;
            if scrubbing && (response.dragged() || response.drag_stopped()) {
                if let Some(pos) = pointer {
                    command = Some(Command::SetDate(clamp(
                        transform.value_from_position(pos).x,
                    )));
                }
            } else if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
            {
                command = Some(match nearest_keyframe(map, tracks, &transform, pos) {
                    Some((power, keyframe)) => Command::SelectKeyframe { power, keyframe },
                    None => Command::SetDate(clamp(transform.value_from_position(pos).x)),
                });
            }

            let hover = if scrubbing {
                Some(Hover::Cursor)
            } else {
                response.hover_pos().and_then(|pos| {
                    nearest_keyframe(map, tracks, &transform, pos)
                        .map(|(power, keyframe)| Hover::Keyframe { power, keyframe })
                        .or_else(|| nearest_event(map, &transform, pos).map(Hover::Event))
                        .or_else(|| near_cursor(pos).then_some(Hover::Cursor))
                })
            };
            let scrubbing = scrubbing && primary_down && response.is_pointer_button_down_on();

            add_items(plot_ui, map, tracks, events, shown, &palette);
            Outcome {
                hover,
                command,
                scrubbing,
            }
        });

        let Outcome {
            hover,
            command,
            scrubbing,
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

        if let Some(command) = command {
            let before = (session.date_year_f64, session.selected_keyframe.clone());
            apply(command, map, session);
            if before != (session.date_year_f64, session.selected_keyframe.clone()) {
                // The cursor and selection were drawn before the change: draw them again.
                ui.ctx().request_repaint();
            }
        }

        // Points were built for last frame's view; if this frame's view reaches past them
        // (a big zoom or a reset), draw once more so nothing is missing.
        let b = response.transform.bounds();
        if b.min()[0] < window.0 || b.max()[0] > window.1 {
            ui.ctx().request_repaint();
        }

        if let Some(hover) = hover {
            let icon = match hover {
                Hover::Cursor => CursorIcon::ResizeHorizontal,
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
    /// them; markers without evidence are always drawn.
    fn rebuild(&mut self, track: &[Keyframe], view: &View) {
        self.clear();
        let (Some(first), Some(last)) = (track.first(), track.last()) else {
            return;
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

        if lo == 0 && span.0 < first.date.to_year_f64() {
            self.line.push(PlotPoint::new(span.0, first.strength));
        }
        for (i, k) in track.iter().enumerate().take(hi).skip(lo) {
            let point = PlotPoint::new(k.date.to_year_f64(), k.strength);
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
                self.line
                    .push(PlotPoint::new(next.date.to_year_f64(), k.strength));
            }
        }
        if hi == n && span.1 > last.date.to_year_f64() {
            self.line.push(PlotPoint::new(span.1, last.strength));
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

/// The keyframe marker of a visible power closest to `pos` on screen, within [`GRAB_PT`].
/// Looks only at keyframes dated within that distance of the pointer: O(powers · log n).
fn nearest_keyframe(
    map: &StanceMap,
    tracks: &[TrackPoints],
    transform: &PlotTransform,
    pos: Pos2,
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

/// Add the zero line, events, power lines, markers and the date cursor to the plot.
fn add_items<'a>(
    plot_ui: &mut PlotUi<'a>,
    map: &StanceMap,
    tracks: &'a [TrackPoints],
    events: &'a [PlotPoint],
    session: &Session,
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

    if let Some((power, keyframe)) = selected_keyframe(map, session, tracks) {
        let k = &power.track[keyframe];
        plot_ui.points(
            Points::new("", [k.date.to_year_f64(), k.strength])
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

/// The session's selected keyframe, when its power is shown and it still exists.
fn selected_keyframe<'m>(
    map: &'m StanceMap,
    session: &Session,
    tracks: &[TrackPoints],
) -> Option<(&'m crate::model::Power, usize)> {
    let selected = session.selected_keyframe.as_ref()?;
    let (power, points) = map
        .powers
        .iter()
        .zip(tracks)
        .find(|(p, _)| p.id == selected.power)?;
    if !points.visible {
        return None;
    }
    let keyframe = power
        .track
        .iter()
        .position(|k| (k.date.to_year_f64() - selected.year_f64).abs() < SAME_DATE_YEARS)?;
    Some((power, keyframe))
}

/// Apply what the user did to the session.
fn apply(command: Command, map: &StanceMap, session: &mut Session) {
    match command {
        Command::SetDate(year_f64) => session.date_year_f64 = year_f64,
        Command::SelectKeyframe { power, keyframe } => {
            let Some(p) = map.powers.get(power) else {
                return;
            };
            let Some(k) = p.track.get(keyframe) else {
                return;
            };
            let year_f64 = k.date.to_year_f64();
            // `select_power` clears the keyframe when the power changes, so it goes first.
            session.select_power(Some(p.id.clone()));
            session.selected_keyframe = Some(KeyframeRef {
                power: p.id.clone(),
                year_f64,
            });
            session.date_year_f64 = year_f64;
        }
    }
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
        Hover::Keyframe { power, keyframe } => {
            let Some(p) = map.powers.get(power) else {
                return;
            };
            let Some(k) = p.track.get(keyframe) else {
                return;
            };
            ui.label(RichText::new(&p.name).strong().color(power_color(&p.color)));
            ui.label(format!("{}: {}", k.date, format_strength(k.strength)));
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
            ui.label(
                RichText::new("Click to select")
                    .small()
                    .color(palette.weak_text),
            );
        }
        Hover::Event(i) => {
            let Some(e) = map.events.get(i) else {
                return;
            };
            ui.label(RichText::new(&e.title).strong());
            ui.label(RichText::new(e.date.to_string()).color(palette.weak_text));
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
