//! The timeline: every power's strength across the years, events, and the current date.
//!
//! One `egui_plot` plot. Lines pass straight through the keyframes (no resampling), and only
//! the keyframes near the visible range are turned into points each frame, so a large map
//! costs little when zoomed in. Pointer interaction is read inside [`Plot::show`] with the
//! transform the user saw last frame, returned through `inner`, and applied to the session
//! afterwards.
//!
//! Measured indicators are drawn under their power's judged line, each on its own scale
//! ([`crate::model::indicators`]), as dotted steps with square markers that never bridge a
//! gap, with a percent axis on the right when one is a percentage; the spans where a judged
//! line and an indicator part are tinted boxes. Hovering either says what it is.
//!
//! Keyframes are edited here too: a marker can be dragged (up and down sets its strength,
//! sideways its month), a double-click on a line adds a keyframe on it, and the context menu
//! adds or deletes one. The view never changes the map: it pushes [`Edit`]s into [`Changes`],
//! which the app applies after the frame through the undo history, one group per drag. Because
//! the map lags a frame behind, the view keeps the dragged keyframe's live date and strength
//! itself and draws the marker there.
//!
//! This file holds the view's state and one frame's flow; [`draw`] builds the points and adds
//! the lines, markers, events and comparison lines to the plot; [`pointer`] reads the pointer
//! (hit tests, grabbing and dragging markers, scrubbing, clicks) and turns it into edits and
//! session changes; [`menu`] is the context menu; [`tooltip`] the hover text and the label
//! beside a dragged marker.

mod class_band;
mod draw;
mod keys;
mod legend;
mod menu;
mod pointer;
mod tooltip;

use egui::{PointerButton, Pos2, Vec2, Vec2b};
use egui_plot::{Plot, PlotPoint, PlotTransform};

use crate::model::band::{Band, LinePoint};
use crate::model::indicators::Divergence;
use crate::model::{Date, PowerId, StanceMap};
use crate::ui::changes::Changes;
use crate::ui::session::Session;
use crate::ui::theme::Palette;

pub use class_band::ClassBand;
use draw::{
    add_items, add_year_bands, default_x_bounds, end_years, selected_point, year_label, year_marks,
};
use pointer::{live_keyframe, nearest_keyframe, nearest_line, nearest_marker};

/// How close (in points) the pointer must be to a measured point (its marker, or the step
/// across its year) to tell about it.
const INDICATOR_HOVER_PT: f32 = 6.0;
/// Half the side of a measured point's square marker.
const INDICATOR_MARKER_HALF_PT: f32 = 3.5;
/// The dots of an indicator's steps: their radius and spacing.
const INDICATOR_DOT_RADIUS_PT: f32 = 1.1;
const INDICATOR_DOT_SPACING_PT: f32 = 4.0;
/// Where an indicator's points crowd too closely for markers, its thin solid line's width.
const INDICATOR_DENSE_LINE_WIDTH: f32 = 1.0;
/// How much of the warning colour a divergence box keeps, inside and at its border.
pub const DIVERGENCE_FILL_ALPHA: f32 = 0.08;
const DIVERGENCE_BORDER_ALPHA: f32 = 0.55;
/// How far a divergence box reaches past the values it holds, in strength units.
const DIVERGENCE_PAD: f64 = 0.05;

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
/// A keyframe still to judge (an exercise's): a hollow circle with "?" of this radius.
const UNJUDGED_MARKER_RADIUS: f32 = 7.0;
/// The ring with "≠" of a contested keyframe.
const CONTESTED_MARKER_RADIUS: f32 = 6.0;
/// The diamond around a contested keyframe without support: it must clear the ring inside.
const CONTESTED_BARE_MARKER_RADIUS: f32 = 9.0;
/// How much of its power's colour the confidence band around a line keeps.
const BAND_ALPHA: f32 = 0.13;
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
/// There is no legend of powers: the powers panel names each colour and hides or shows
/// powers, and a legend that can hide lines on its own would disagree with it. Hovering a
/// marker names its power. A line under the axis names the kinds of mark instead.
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
    /// Per measured indicator of the map, the points drawn this frame (kept for their
    /// allocations).
    indicators: Vec<IndicatorPoints>,
    /// Every span where a judged line and an indicator part, with the map revision and
    /// threshold they were worked out for (see [`TimelineView::set_map_revision`]).
    all_divergences: DivergenceCache,
    /// The spans where a shown judged line and a shown indicator part, this frame.
    divergences: Vec<DivergenceMark>,
    /// The map's revision, when the app tells it: while it and the threshold stay the same,
    /// the divergences are not worked out again.
    map_revision: Option<u64>,
    /// Whether the percent axis was drawn on the right this frame.
    percent_axis: bool,
    /// The keyframe the keyboard is on (see [`keys`]), if any.
    keyboard: Option<keys::KeyframeKey>,
    /// A year to bring into view next frame: the keyboard went to a keyframe outside it.
    reveal: Option<f64>,
    /// The class's bands, when a class is shown.
    class: class_band::ClassBands,
}

/// The drawn points of one measured indicator, limited to those near the view.
#[derive(Default)]
struct IndicatorPoints {
    /// Whether it is drawn: shown, and its power shown.
    visible: bool,
    /// Whether it is a percentage (the right axis is for those).
    percent: bool,
    /// Its power's colour.
    color: egui::Color32,
    /// The vertices of its runs near the view, one after another; `runs` cuts them apart,
    /// so no line crosses a gap.
    path: Vec<PlotPoint>,
    /// Ranges into `path`, one per run.
    runs: Vec<std::ops::Range<usize>>,
    /// Markers of measurements that are not flagged uncertain (none where points crowd).
    markers: Vec<PlotPoint>,
    /// Markers of uncertain measurements: hollow, always drawn.
    uncertain: Vec<PlotPoint>,
    /// Whether its points are too close together on screen to draw each.
    dense: bool,
}

/// Every divergence of the map with its box, and what they were worked out for: the map's
/// revision and the threshold's bits (`None` before the first time, or when the app did not
/// say the revision).
#[derive(Default)]
struct DivergenceCache {
    key: Option<(u64, u64)>,
    /// The map's divergences, in the model's order.
    all: Vec<Divergence>,
    /// Their boxes, for those whose power and indicator are in the map.
    marks: Vec<DivergenceMark>,
}

/// The box drawn over a span where a judged line and an indicator part.
#[derive(Clone, Copy)]
struct DivergenceMark {
    /// Its divergence: an index into [`DivergenceCache::all`].
    index: usize,
    /// Its indicator: an index into the map's indicators.
    indicator: usize,
    /// The box: from and to in years, bottom and top in strength units.
    rect: ((f64, f64), (f64, f64)),
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

/// The points of one power's line, band and markers, limited to the keyframes near the view.
#[derive(Default)]
struct TrackPoints {
    /// The line's vertices with the band's half-width at each, as the model builds them.
    vertices: Vec<LinePoint>,
    line: Vec<PlotPoint>,
    /// The confidence band around the line.
    band: Band,
    /// Where a track has keyframes still to judge (an exercise's), the line is only the parts
    /// resting on judged ones: these ranges of `line`, each with its own band in `bands` (and
    /// `band` is empty). Empty for a track with every keyframe judged.
    runs: Vec<std::ops::Range<usize>>,
    /// The bands of `runs`.
    bands: Vec<Band>,
    /// Keyframes still to judge: hollow circles with "?".
    unjudged: Vec<PlotPoint>,
    /// Keyframes with supporting evidence and none against: filled circles.
    evidenced: Vec<PlotPoint>,
    /// Keyframes without supporting evidence: hollow diamonds in the warning colour.
    bare: Vec<PlotPoint>,
    /// Keyframes with evidence against them: a ring with "≠" (inside a larger diamond when
    /// they have no support either).
    contested: Vec<PlotPoint>,
    /// Keyframes with evidence against them and none for them: the ring inside a diamond.
    contested_bare: Vec<PlotPoint>,
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
    /// Point `point` of measured indicator `indicator` (indices into the map).
    Indicator { indicator: usize, point: usize },
    /// A span where a judged line and an indicator part (index into the view's list).
    Divergence(usize),
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

/// The pointer as it stands when the frame begins, read before the plot takes its share.
#[derive(Clone, Copy)]
struct PointerInput {
    pressed: bool,
    press_origin: Option<Pos2>,
    primary_down: bool,
    latest_pos: Option<Pos2>,
    shift: bool,
    double_clicked: bool,
}

impl PointerInput {
    fn read(ui: &egui::Ui) -> Self {
        ui.input(|i| Self {
            pressed: i.pointer.primary_pressed(),
            press_origin: i.pointer.press_origin(),
            primary_down: i.pointer.primary_down(),
            latest_pos: i.pointer.latest_pos(),
            shift: i.modifiers.shift,
            double_clicked: i.pointer.button_double_clicked(PointerButton::Primary),
        })
    }
}

/// What the plot closure reads the pointer against: the map, the session as drawn, the drag
/// and the pointer as they were when the frame began.
struct PointerFrame<'a> {
    map: &'a StanceMap,
    session: &'a Session,
    drag: Option<&'a KeyframeDrag>,
    live: Option<LiveKeyframe>,
    view: &'a View,
    span: Option<(f64, f64)>,
    input: PointerInput,
    was_scrubbing: bool,
    /// The measured indicators as drawn this frame.
    indicators: &'a [IndicatorPoints],
    /// The divergence boxes drawn this frame.
    divergences: &'a [DivergenceMark],
}

impl TimelineView {
    /// Draw the timeline filling the available space. The user scrubs the date, picks
    /// keyframes, pans or zooms along the years, and edits keyframes: dragging a marker moves
    /// it (one undo step per drag), a double-click on a line adds a keyframe there, and the
    /// context menu adds or deletes one. Edits go into `changes`; the map is not touched.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        map: &StanceMap,
        applied: &Session,
        changes: &mut Changes,
    ) {
        // Draw the date and selection that views drawn before asked for this frame: they
        // reach the session only at the frame's end.
        let pending = changes.pending_session(applied);
        let session = pending.as_ref();
        let palette = Palette::of(ui);
        let span = map
            .span_year_f64()
            .filter(|(lo, hi)| lo.is_finite() && hi.is_finite());
        // A new span means another map, unless this view's own edit moved an end.
        let refit = self.span != span && !self.edited;
        let reset = refit || std::mem::take(&mut self.reset_view);
        self.span = span;
        self.edited = false;
        let default_x = default_x_bounds(span, session.date_year_f64);

        // A drag whose keyframe is gone (another map was opened, its power removed) ends.
        let live = self.drag.as_ref().and_then(|d| live_keyframe(map, d));
        if live.is_none() {
            self.end_drag(changes);
        }

        let last_transform = self.transform.filter(|_| !reset);
        let view = View::new(last_transform, span, default_x, ui.available_width());
        self.build_points(map, session, &view, live);
        self.build_divergences(map, session, &view);
        self.class.rebuild(map, session, &view);
        self.percent_axis = self.indicators.iter().any(|i| i.visible && i.percent);

        let input = PointerInput::read(ui);
        let was_scrubbing = self.scrubbing;
        let (width_pt, height_pt) = (ui.available_width(), ui.available_height());
        let spacing_pt = ui.spacing().item_spacing.y;
        let plot = self
            .plot(map, span, default_x, last_transform, input, reset)
            .custom_y_axes(draw::y_axes(self.percent_axis))
            // The map's first and last years are labelled too, not only the decades.
            .x_grid_spacer(move |input| year_marks(input, end_years(span)))
            .x_axis_formatter(move |mark, range| year_label(mark, range, end_years(span), width_pt))
            // Room under the axis for the legend's line.
            .height((height_pt - legend::LEGEND_HEIGHT_PT - spacing_pt).max(60.0));
        let frame = PointerFrame {
            map,
            session,
            drag: self.drag.as_ref(),
            live,
            view: &view,
            span,
            input,
            was_scrubbing,
            indicators: &self.indicators,
            divergences: &self.divergences,
        };
        let tracks = &mut self.tracks;
        let events = &self.events;
        let year_bands = &self.year_bands;
        let class_bands = &self.class.bands;
        let reveal = self.reveal.take();
        let response = plot.show(ui, |plot_ui| {
            if let Some(year) = reveal {
                // Keep the view's width, centred on the keyframe the keyboard went to.
                let b = plot_ui.plot_bounds();
                let half = b.width() / 2.0;
                plot_ui.set_plot_bounds_x(year - half..=year + half);
            }
            let outcome = frame.read(plot_ui, tracks);
            let tracks: &[TrackPoints] = tracks;
            // The selection ring follows a dragged keyframe, which the map has not caught up with.
            let ring = match (outcome.dragged_to, live) {
                (Some((date, strength)), _) => Some(PlotPoint::new(date.to_year_f64(), strength)),
                (None, Some(l)) => Some(l.point),
                (None, None) => selected_point(map, frame.session, tracks),
            };
            add_year_bands(plot_ui, year_bands, &palette);
            class_band::add_class_bands(plot_ui, map, class_bands);
            let measured = draw::Measured {
                indicators: frame.indicators,
                divergences: frame.divergences,
            };
            add_items(
                plot_ui,
                map,
                tracks,
                events,
                measured,
                frame.session,
                ring,
                &palette,
            );
            outcome
        });

        let mut outcome = response.inner;
        self.transform = Some(response.transform);
        self.scrubbing = outcome.scrubbing;
        if outcome.scrubbing && !was_scrubbing {
            // Playback would pull the cursor away from the pointer.
            changes.set_playing(false);
        }

        let plot_response = response.response;
        // The date in words ("March 2022"), as the time controls show it, not a year fraction.
        plot_response.widget_info(|| egui::WidgetInfo {
            current_text_value: Some(map.date_label(session.date_year_f64)),
            ..egui::WidgetInfo::labeled(egui::Role::Slider, true, "Timeline")
        });
        ui.ctx().accesskit_node_builder(plot_response.id, |node| {
            node.set_description(
                "Left and Right go from keyframe to keyframe, Enter selects it, Esc leaves",
            );
        });

        let before = (session.date_year_f64, session.selected_keyframe.clone());
        self.act_on_pointer(&mut outcome, map, changes);
        if let Some(target) = outcome.menu.take() {
            self.menu = Some(target);
        }
        let pending = changes.pending_session(applied);
        let menu_open = self.context_menu_ui(&plot_response, map, &pending, changes);
        // From here on, what this view asked for is drawn: the date under the pointer's
        // tooltip, the selection.
        let pending = changes.pending_session(applied);
        let session = pending.as_ref();
        if before != (session.date_year_f64, session.selected_keyframe.clone()) {
            // The cursor and selection were drawn before the change: draw them again.
            ui.ctx().request_repaint();
        }

        // Points were built for last frame's view; if this frame's view reaches past them
        // (a big zoom or a reset), draw once more so nothing is missing.
        let b = response.transform.bounds();
        if b.min()[0] < view.window.0 || b.max()[0] > view.window.1 {
            ui.ctx().request_repaint();
        }

        legend::legend_ui(
            ui,
            &palette,
            !map.indicators.is_empty(),
            crate::ui::compass::shown_class(session).is_some(),
        );

        let hover = outcome.hover.filter(|_| !menu_open);
        self.pointer_feedback_ui(ui, map, session, hover, &plot_response);
        self.keyboard_ui(
            ui,
            (map, session),
            &response.transform,
            &plot_response,
            hover.is_some() || menu_open,
            changes,
        );
    }

    /// The plot for this frame. Its own panning is off while the user scrubs or drags a
    /// marker, and its double-click reset while the pointer is on a keyframe or a line.
    fn plot(
        &self,
        map: &StanceMap,
        span: Option<(f64, f64)>,
        (view_lo, view_hi): (f64, f64),
        last_transform: Option<PlotTransform>,
        input: PointerInput,
        reset: bool,
    ) -> Plot<'static> {
        // Decided before the plot reads the pointer, with the transform it will use: a press
        // that grabs a marker must not pan, not even in its first frame, and a double-click
        // on a line or marker is the user's, not a reset of the view.
        let press_on_marker = input.pressed
            && last_transform
                .zip(input.press_origin)
                .is_some_and(|(t, p)| nearest_marker(map, &self.tracks, &t, p).is_some());
        let double_click_on_item = input.double_clicked
            && last_transform.zip(input.latest_pos).is_some_and(|(t, p)| {
                nearest_keyframe(map, &self.tracks, &t, p).is_some()
                    || nearest_line(map, &self.tracks, &t, p, span, Some(GRAB_PT)).is_some()
            });
        let pan = !(self.scrubbing || self.drag.is_some() || press_on_marker);

        let plot = Plot::new("timeline")
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
            .show_y(false);
        if reset { plot.reset() } else { plot }
    }

    /// Where a point of the plot (a date and a strength) was drawn on screen last frame, or
    /// `None` before the first frame. For tests, and for anything drawn over the timeline.
    pub fn screen_pos(&self, year_f64: f64, strength: f64) -> Option<Pos2> {
        self.transform
            .map(|t| t.position_from_point(&PlotPoint::new(year_f64, strength)))
    }

    /// Tell the view the map's revision ([`crate::model::edit::History::revision`]) before
    /// [`Self::ui`]: while it stays the same, what the view works out from the map (the
    /// divergences) is kept rather than worked out again each frame.
    pub fn set_map_revision(&mut self, revision: u64) {
        self.map_revision = Some(revision);
    }

    /// The class's bands drawn this frame: one per power whose class is drawn (only the
    /// selected power's when one is selected among several shown), none without a class.
    pub fn class_bands(&self) -> &[ClassBand] {
        &self.class.bands
    }

    /// Whether the percent axis for measured indicators is drawn on the right: while a shown
    /// indicator is a percentage.
    pub fn percent_axis_shown(&self) -> bool {
        self.percent_axis
    }

    /// Where each divergence box was drawn last frame, in plot values: (from, to) in years,
    /// (bottom, top) in strength units. For tests.
    pub fn divergence_boxes(&self) -> Vec<((f64, f64), (f64, f64))> {
        self.divergences.iter().map(|d| d.rect).collect()
    }

    /// Whether the user is dragging the date cursor right now.
    pub fn is_scrubbing(&self) -> bool {
        self.scrubbing
    }

    /// Whether the user is dragging a keyframe marker right now.
    pub fn is_dragging_keyframe(&self) -> bool {
        self.drag.is_some()
    }
}

impl View {
    /// The part of the time axis to build points for: what was on screen last frame (one
    /// view width of slack on each side covers ordinary panning and zooming, and a repaint
    /// covers the rest), or everything before the first frame and after a reset.
    fn new(
        last_transform: Option<PlotTransform>,
        span: Option<(f64, f64)>,
        default_x: (f64, f64),
        available_width: f32,
    ) -> Self {
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
                default_x,
                available_width,
            ),
        };
        Self {
            span: span.unwrap_or(default_x),
            window,
            shown_x,
            width_pt,
        }
    }
}
