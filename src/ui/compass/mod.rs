//! The compass: the subject at the centre, one arrow per power for the current date.
//!
//! Each power sits at its bearing around the subject. Its arrow starts at the centre and is
//! `|strength| × radius` long: toward the power when the subject leans toward it (solid shaft,
//! filled head), away from it when the subject leans away (dashed shaft, hollow head), so a
//! negative value can never be mistaken for a positive one. The net tilt is the mean of the
//! visible powers' vectors, drawn with a fading trail of where its tip has been.
//!
//! Everything is painted; each arrow tip is also a widget (a slider named for what it shows,
//! "Russia, +0.80, toward, high confidence") so it can be hovered, clicked, reached by Tab and
//! a screen reader, and dragged: dragging a tip, or the arrow keys on it (±0.05, Shift ±0.01),
//! set the power's strength at the current month. Each power's name at the ring is a widget too
//! ("<power> bearing"): dragging it, or the arrow keys (±5°), move the power around the compass.
//!
//! The view never changes the map. A drag pushes one group of
//! [`Edit`](crate::model::edit::Edit)s into [`Changes`] (so the whole drag is one undo step) and
//! keeps the live value itself, because the app applies the edits only after the frame: the
//! dragged arrow or name is drawn at the live value meanwhile.
//!
//! The view is split by what each part does: `layout` (where the compass, its arrows and its
//! labels go, from [`crate::model::geometry`]), `interaction` (hit areas, drags, clicks, the
//! cursor), `paint` (rings, spokes, names, trail, net tilt, subject, legend), `arrow` (one
//! power's arrow and its value) and `tooltip` (what hovering explains).

mod arrow;
mod class_fan;
mod interaction;
mod layout;
mod measured;
mod paint;
mod tooltip;

use egui::{Color32, FontId, Id, Pos2, Rect, Response, Sense, Ui, vec2};

use crate::model::band::Standing;
use crate::model::geometry::{self as geo, Point};
use crate::model::{self, Date, IndicatorId, PowerId, StanceMap};
use crate::ui::changes::Changes;
use crate::ui::session::Session;
use crate::ui::theme::Palette;

pub use class_fan::{ClassFan, class_legend, class_phrase, shown_class};
use layout::{finite_or, mean_tilt};
pub use measured::MeasuredMark;

/// The compass's keys, as Help › Keyboard shortcuts lists them: what they do, and the keys.
pub const COMPASS_KEYS: [(&str, &str); 3] = [
    ("Tab to an arrow's tip: strength ±0.05", "↑ → / ↓ ←"),
    ("…in steps of 0.01", "Shift+↑ → / ↓ ←"),
    ("Tab to a power's name: turn it ±5°", "↑ → / ↓ ←"),
];

/// Smallest and largest font sizes ([`geo::MIN_FONT_SIZE`], [`geo::MAX_FONT_SIZE`]).
const MIN_FONT_SIZE: f32 = geo::MIN_FONT_SIZE as f32;
/// See [`MIN_FONT_SIZE`].
const MAX_FONT_SIZE: f32 = geo::MAX_FONT_SIZE as f32;

/// With a minimum text size, how much larger the names are than the values.
const NAME_OVER_LABEL: f32 = 1.15;

/// Where the compass sits on screen, and conversions between compass space and screen space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompassGeometry {
    /// The subject's position: the centre of the rings.
    pub center: Pos2,
    /// The radius of the outer ring (strength 1), in points.
    pub radius: f32,
}

impl CompassGeometry {
    /// The compass that fits in `rect`, with room around it for the powers' names.
    pub fn fit(rect: Rect) -> Self {
        Self {
            center: rect.center(),
            radius: geo::compass_radius(rect.width(), rect.height()).max(1.0),
        }
    }

    /// The screen direction of a compass bearing (0° up, 90° right), as a unit vector.
    pub fn direction(bearing_deg: f64) -> egui::Vec2 {
        let dir: Point<f32> = geo::direction(bearing_deg);
        vec2(dir.x, dir.y)
    }

    /// The screen position of a point in compass space (`x` east, `y` north, 1 = outer ring).
    pub fn to_screen(&self, v: model::Vec2) -> Pos2 {
        self.center + self.radius * vec2(v.x as f32, -(v.y as f32))
    }

    /// The strength a screen position stands for along a bearing: its projection on the power's
    /// axis, in radii, clamped to -1..=1. Meant for dragging an arrow tip.
    pub fn strength_at_pos(&self, bearing_deg: f64, pos: Pos2) -> f64 {
        let along = (pos - self.center).dot(Self::direction(bearing_deg)) / self.radius;
        f64::from(along).clamp(-1.0, 1.0)
    }

    /// The compass bearing from the centre to a screen position, in degrees clockwise from
    /// north (0..360). Meant for dragging a power around the ring.
    pub fn bearing_at_pos(&self, pos: Pos2) -> f64 {
        let d = pos - self.center;
        f64::from(d.x)
            .atan2(-f64::from(d.y))
            .to_degrees()
            .rem_euclid(360.0)
    }
}

/// One power's arrow as drawn this frame: where its tip is and the widget that answers for it.
///
/// Kept by [`CompassView`] after each frame so other code (dragging tips, tests) can reuse the
/// hit areas and responses instead of recomputing the layout.
#[derive(Clone, Debug)]
pub struct ArrowTip {
    /// The power the arrow belongs to.
    pub power: PowerId,
    /// The power's index in the map's `powers`, as of the frame it was drawn in.
    pub index: usize,
    /// The power's strength at the date shown; `None` when it has no keyframes, or no judged
    /// value yet ([`Self::unjudged`]).
    pub strength: Option<f64>,
    /// An exercise's value still to judge at the date shown: no arrow, a "?" on the rim at
    /// the power's bearing, named "<power>, not yet judged", which a drag or the arrow keys
    /// judge ([`crate::model::exercise::keyframe_to_judge`]).
    pub unjudged: bool,
    /// The power's bearing, in degrees clockwise from north.
    pub bearing_deg: f64,
    /// Where the arrow starts: the centre, or beside it when arrows along the same ray are
    /// drawn side by side.
    pub start: Pos2,
    /// The tip of the arrow (for a zero value, the centre of its small ring).
    pub tip: Pos2,
    /// The interactive square around the tip.
    pub hit_rect: Rect,
    /// The tip's response this frame (clicks, hover, drags, keys), labelled with the power's
    /// name, value, direction and confidence.
    pub response: Response,
    /// How the power's keyframe exactly at the current month (if it has one) stands with its
    /// evidence: a keyframe without support (as dragging a tip creates) carries a "!" badge, a
    /// contested one (with counter-evidence) a ring with "≠".
    pub standing: Option<Standing>,
    /// The half-width of the power's confidence band at the date (see
    /// [`model::band_half_width_at`]), drawn across the tip; `None` without keyframes.
    pub band_half_width: Option<f64>,
}

impl ArrowTip {
    /// Whether the keyframe at the current month has no supporting evidence.
    pub fn is_unsupported(&self) -> bool {
        self.standing.is_some_and(|s| s.unsupported)
    }

    /// Whether the keyframe at the current month has evidence against its value.
    pub fn is_contested(&self) -> bool {
        self.standing.is_some_and(Standing::is_contested)
    }
}

/// A power's name at the ring, as laid out this frame: the handle that moves its bearing.
#[derive(Clone, Debug)]
struct NameLabel {
    /// The power the name belongs to.
    power: PowerId,
    /// The power's index in the map's `powers`.
    index: usize,
    /// The bearing the name is drawn at (live while it is dragged).
    bearing_deg: f64,
    /// The name's response, labelled "<power> bearing".
    response: Response,
}

/// What a drag changes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum DragKind {
    /// The strength at one keyframe date, by the arrow's tip.
    Strength {
        /// The keyframe date edited: the current month, or the keyframe already there.
        date: Date,
        /// From where the pointer was pressed to the point that stands for the value, so
        /// grabbing a tip a little off its point does not make the value jump.
        grab_offset: egui::Vec2,
    },
    /// The bearing, by the name.
    Bearing {
        /// The bearing minus the pointer's angle when pressed, for the same reason.
        grab_offset_deg: f64,
    },
}

/// A drag in progress.
#[derive(Clone, Debug)]
struct Drag {
    /// The power being changed.
    power: PowerId,
    /// What is being changed.
    kind: DragKind,
    /// The live value: a strength in −1..=1, or a bearing in degrees. Drawn instead of the
    /// map's value, which lags a frame behind because the app applies edits after the frame.
    value: f64,
    /// Whether the pointer has left the point where it was pressed: until it does, nothing is
    /// edited (a long press that turns into a drag must not round the value).
    moved: bool,
    /// A "?" still to judge is being dragged and nothing is set yet: the first move sets it.
    judging: bool,
}

/// The compass view and the little state it keeps between frames.
#[derive(Default)]
pub struct CompassView {
    /// The arrow tips of the last frame, in the map's order of (visible) powers.
    tips: Vec<ArrowTip>,
    /// Where the compass was last drawn.
    geometry: Option<CompassGeometry>,
    /// Reused buffer for the net-tilt trail, so drawing it allocates nothing per frame.
    trail: Vec<Pos2>,
    /// Reused buffer for laying out the arrows.
    scratch: Vec<Layout>,
    /// The powers' names of the last frame, in the map's order of (visible) powers.
    names: Vec<NameLabel>,
    /// The drag in progress, if any.
    drag: Option<Drag>,
    /// Where each arrow's value was printed in the last frame, in drawing order.
    value_labels: Vec<(PowerId, Rect)>,
    /// Where the marks of values without support or contested went in the last frame.
    marks: Vec<(PowerId, Rect)>,
    /// Where the legend was drawn in the last frame, if it was.
    legend: Option<Rect>,
    /// The net tilt's tip as a widget of this frame: reached by Tab and named for a screen
    /// reader; `None` when there is no net tilt.
    net_tilt: Option<Response>,
    /// Which measured indicators to show: `None` as the session's toggles say, `Some` exactly
    /// these (a story step's). See [`CompassView::show_indicators`].
    shown_indicators: Option<Vec<IndicatorId>>,
    /// The measured values drawn in the last frame.
    measured: Vec<MeasuredMark>,
    /// The smallest text drawn, in points (0: the sizes follow the radius alone). Presenter
    /// mode sets it so every label reads from the back of a hall.
    min_text_size: f32,
    /// The class's spreads at the date shown, when a class is shown.
    class: class_fan::ClassCache,
}

/// One arrow's layout before it becomes an [`ArrowTip`].
struct Layout {
    strength: Option<f64>,
    /// No judged value yet (an exercise): drawn as a "?" on the rim to drag.
    unjudged: bool,
    /// Screen direction the arrow points (away from the power when negative).
    dir: egui::Vec2,
    is_zero: bool,
    start: Pos2,
    tip: Pos2,
    half_hit: f32,
}

/// What the pointer is over, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hovered {
    /// The arrow of `tips[i]`.
    Power(usize),
    /// The net-tilt arrow.
    NetTilt,
    /// The measured value of `measured[i]`.
    Measured(usize),
}

/// Sizes derived from the radius for this frame.
struct Sizes {
    arrow_width: f32,
    net_tilt_width: f32,
    spoke_width: f32,
    ring_width: f32,
    subject_disc: f32,
    zero_ring: f32,
    label_font: FontId,
    name_font: FontId,
    ring_font: FontId,
    /// The smallest text drawn ([`CompassView::set_min_text_size`]); 0 when none is asked.
    min_text: f32,
}

impl Sizes {
    fn new(geometry: &CompassGeometry, min_text: f32) -> Self {
        let s = geo::CompassSizes::new(geometry.radius);
        let min_text = if min_text.is_finite() {
            min_text.max(0.0)
        } else {
            0.0
        };
        // With a minimum (presenter mode), the text follows it rather than the radius: values
        // and ring labels at the minimum, names a little larger. Then scaling the minimum
        // scales every text alike, even where larger type leaves the compass less room.
        let (label_font, name_font, ring_font) = if min_text > 0.0 {
            (min_text, min_text * NAME_OVER_LABEL, min_text)
        } else {
            (s.label_font, s.name_font, s.ring_font)
        };
        Self {
            arrow_width: s.arrow_width,
            net_tilt_width: s.net_tilt_width,
            spoke_width: s.spoke_width,
            ring_width: s.ring_width,
            subject_disc: s.subject_disc,
            zero_ring: s.zero_ring,
            label_font: FontId::proportional(label_font),
            name_font: FontId::proportional(name_font),
            ring_font: FontId::proportional(ring_font),
            min_text,
        }
    }

    fn head_length(width: f32, shaft_length: f32) -> f32 {
        geo::head_length(width, shaft_length)
    }
}

/// What every painting step of a frame draws with.
struct Canvas {
    /// The painter, clipped to the compass's panel.
    painter: egui::Painter,
    /// Where the compass is this frame.
    geometry: CompassGeometry,
    /// Sizes derived from its radius.
    sizes: Sizes,
    /// Colours for the current light or dark mode.
    palette: Palette,
    /// The panel's fill: behind labels, inside hollow shapes, the halo around text.
    background: Color32,
}

/// How the tips and names answer the pointer this frame.
#[derive(Clone, Copy)]
struct Hits {
    /// The id the widgets' ids derive from.
    base_id: Id,
    /// Click only when read-only; click and drag when editable.
    sense: Sense,
}

impl CompassView {
    /// Draw the compass filling the available space. Hovering an arrow explains it; clicking
    /// asks (in `changes`) to select its power. Dragging a tip sets the power's strength at the current
    /// month, dragging a name sets its bearing: both push one group of edits into `changes`.
    pub fn ui(&mut self, ui: &mut Ui, map: &StanceMap, session: &Session, changes: &mut Changes) {
        self.compass_ui(ui, map, session, changes, true);
    }

    /// Draw the compass for looking only, as presenter mode and slides do: hovering explains
    /// and clicking selects, but no tip or name senses a drag (and none shows a grab cursor),
    /// so a slip of the hand cannot move an arrow, the date or the map.
    /// Only the selection a click asks for reaches `session`, at once.
    pub fn read_only_ui(&mut self, ui: &mut Ui, map: &StanceMap, session: &mut Session) {
        let mut changes = Changes::default();
        self.compass_ui(ui, map, session, &mut changes, false);
        changes.apply_view_state(session);
    }

    /// [`Self::read_only_ui`] for a view that has a queue (presenter mode): the selection a
    /// click asks for goes to `changes`, and `session` is only read.
    pub fn read_only_ui_queued(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        session: &Session,
        changes: &mut Changes,
    ) {
        self.compass_ui(ui, map, session, changes, false);
    }

    /// [`Self::ui`], or [`Self::read_only_ui`] when not `editable`. It draws the date and
    /// selection asked for this frame (by views drawn before it, by a drag or a click), not
    /// the session's: those reach the session only at the end of the frame.
    fn compass_ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        applied: &Session,
        changes: &mut Changes,
        editable: bool,
    ) {
        let session = changes.pending_session(applied);
        let session = session.as_ref();
        let size = ui.available_size();
        let size = vec2(finite_or(size.x, 400.0), finite_or(size.y, 300.0));
        let (rect, background) = ui.allocate_exact_size(size, Sense::click());
        background.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, format!("{} compass", map.subject))
        });

        let legend = paint::legend_text(
            session.trail_years,
            session.comparison.is_some(),
            self.tips.iter().any(ArrowTip::is_contested),
            &self.extra_legend(map, session),
        );
        let geometry = self.fit_with_legend(ui.painter(), (map, session), rect, &legend);
        let canvas = Canvas {
            painter: ui.painter_at(rect),
            geometry,
            sizes: Sizes::new(&geometry, self.min_text_size),
            palette: Palette::of(ui),
            background: ui.visuals().panel_fill,
        };
        self.geometry = Some(geometry);

        let hits = Hits {
            base_id: ui.make_persistent_id("stance_compass"),
            sense: if editable {
                Sense::click_and_drag()
            } else {
                Sense::click()
            },
        };
        // The net tilt first, under everything else: it only takes the focus.
        self.net_tilt = mean_tilt(map, session, session.date_year_f64).map(|tilt| {
            let at = geometry.to_screen(tilt);
            let size = vec2(2.0, 2.0) * canvas.sizes.net_tilt_width.max(6.0);
            let response = ui.interact(
                Rect::from_center_size(at, size),
                hits.base_id.with("net tilt"),
                Sense::FOCUSABLE,
            );
            let name = tooltip::net_tilt_name(map, session, tilt);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
            response
        });
        // Names first, so where a name and a tip overlap the tip (registered later) wins.
        // Measured values next, so a tip over a marker wins too (a drag must not be lost).
        self.layout_names(ui, &canvas, map, session, hits);
        self.layout_measured(ui, &canvas, (map, session), hits);
        self.lay_out_class(map, session);
        self.layout_tips(ui, &canvas, map, session, hits);
        if editable {
            self.handle_drags(ui, map, session, changes, &geometry, &canvas.sizes);
            self.handle_keys(ui, map, session, changes, (&geometry, &canvas.sizes));
        } else {
            self.drag = None;
        }
        // A drag moves the date and selects its power.
        let session = changes.pending_session(applied);
        let session = session.as_ref();

        let net_tilt = mean_tilt(map, session, session.date_year_f64);
        let hovered = if self.drag.is_some() {
            None
        } else {
            self.hovered(&background, &geometry, &canvas.sizes, net_tilt)
        };
        self.handle_clicks(&background, &canvas.sizes, changes);
        self.set_cursor(ui, hovered, editable);
        // A click selects a power.
        let session = changes.pending_session(applied);
        let session = session.as_ref();

        self.paint(&canvas, map, session, hovered, net_tilt);
        self.draw_focus_rings(ui, &canvas);
        let drawing = self.drawing_bounds(&geometry);
        let legend = paint::legend_text(
            session.trail_years,
            session.comparison.is_some(),
            self.tips.iter().any(ArrowTip::is_contested),
            &self.extra_legend(map, session),
        );
        self.legend = paint::draw_legend(&canvas, (rect, drawing), &legend);
        self.tooltip_ui(
            hovered,
            &background,
            map,
            session,
            &canvas.palette,
            net_tilt,
        );
    }

    /// The legend's lines after the arrows' own: the measured values', then the class's.
    fn extra_legend(&self, map: &StanceMap, session: &Session) -> Vec<String> {
        let mut lines = model::indicators::compass_legend(&self.indicators_shown(map, session));
        if let Some(class) = shown_class(session) {
            lines.push(class_legend(class.readings.len()));
        }
        lines
    }

    /// Draw no text smaller than `points` (0, the default: the sizes follow the radius alone).
    /// The text then follows `points` instead of the radius: values and ring labels at
    /// `points`, names a little larger. Presenter mode asks for a share of the screen's height
    /// times its text scale; the window's compass never sets it. Where the larger type leaves
    /// no room, the inner rings lose their labels and the legend is left out.
    pub fn set_min_text_size(&mut self, points: f32) {
        self.min_text_size = points;
    }

    /// The arrow tips of the last frame, one per visible power, in the map's order.
    pub fn tips(&self) -> &[ArrowTip] {
        &self.tips
    }

    /// The arrow tip of one power in the last frame, if it was drawn.
    pub fn tip(&self, power: &PowerId) -> Option<&ArrowTip> {
        self.tips.iter().find(|t| &t.power == power)
    }

    /// Where the compass was last drawn, if it has been.
    pub fn geometry(&self) -> Option<CompassGeometry> {
        self.geometry
    }

    /// Where the legend was drawn in the last frame, if there was room for it.
    pub fn legend(&self) -> Option<Rect> {
        self.legend
    }

    /// Where each shown power's value was printed in the last frame (its rect on screen).
    pub fn value_labels(&self) -> &[(PowerId, Rect)] {
        &self.value_labels
    }

    /// Where each "!" (no support) and "≠" (contested) mark went in the last frame, with the
    /// words beside them when their power is selected.
    pub fn marks(&self) -> &[(PowerId, Rect)] {
        &self.marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_follow_the_compass() {
        let north = CompassGeometry::direction(0.0);
        assert!(
            north.x.abs() < 1e-6 && (north.y + 1.0).abs() < 1e-6,
            "{north:?}"
        );
        let east = CompassGeometry::direction(90.0);
        assert!(
            (east.x - 1.0).abs() < 1e-6 && east.y.abs() < 1e-6,
            "{east:?}"
        );
    }

    #[test]
    fn screen_positions_round_trip_to_strengths() {
        let g = CompassGeometry::fit(Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)));
        assert!((g.radius - 228.0).abs() < 1e-3);
        let v = model::bearing_unit(60.0);
        let p = g.to_screen(model::Vec2 {
            x: v.x * -0.5,
            y: v.y * -0.5,
        });
        assert!((g.strength_at_pos(60.0, p) + 0.5).abs() < 1e-5);
        assert_eq!(
            g.strength_at_pos(60.0, g.center + CompassGeometry::direction(60.0) * 1e4),
            1.0
        );
    }
}
