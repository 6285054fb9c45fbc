//! The compass: the subject at the centre, one arrow per power for the current date.
//!
//! Each power sits at its bearing around the subject. Its arrow starts at the centre and is
//! `|strength| × radius` long: toward the power when the subject leans toward it (solid shaft,
//! filled head), away from it when the subject leans away (dashed shaft, hollow head), so a
//! negative value can never be mistaken for a positive one. The net tilt is the mean of the
//! visible powers' vectors, drawn with a fading trail of where its tip has been.
//!
//! Everything is painted; each arrow tip is also a widget (named "<power> vector") so it can be
//! hovered, clicked, reached by a screen reader and dragged: dragging a tip sets the power's
//! strength at the current month. Each power's name at the ring is a widget too ("<power>
//! bearing"): dragging it moves the power around the compass.
//!
//! The view never changes the map. A drag pushes one group of [`Edit`]s into [`Changes`] (so the
//! whole drag is one undo step) and keeps the live value itself, because the app applies the
//! edits only after the frame: the dragged arrow or name is drawn at the live value meanwhile.

use std::fmt::Write as _;

use egui::{
    Align2, Color32, CursorIcon, FontId, Id, Pos2, Rect, Response, RichText, Sense, Shape, Stroke,
    Ui, vec2,
};

use crate::model::edit::Edit;
use crate::model::geometry::{self as geo, Point, Side, ZERO_STRENGTH};
use crate::model::{
    self, Bracket, Date, Keyframe, Power, PowerId, StanceMap, format_strength_signed,
    format_year_f64, snap_strength,
};
use crate::ui::changes::Changes;
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color, readable_on};

/// Smallest and largest font sizes ([`geo::MIN_FONT_SIZE`], [`geo::MAX_FONT_SIZE`]).
const MIN_FONT_SIZE: f32 = geo::MIN_FONT_SIZE as f32;
/// See [`MIN_FONT_SIZE`].
const MAX_FONT_SIZE: f32 = geo::MAX_FONT_SIZE as f32;
/// Side of the square hit area around an arrow tip, at least (points).
const MIN_TIP_HIT_SIZE: f32 = 18.0;
/// How close the pointer must come to an arrow's shaft to hover it (points).
const SHAFT_HOVER_DISTANCE: f32 = 8.0;
/// Arrows whose directions differ by less than this angle (as a cosine: 8°) run side by side.
const PARALLEL_COS: f32 = 0.990;
/// How far hit areas may shrink below [`MIN_TIP_HIT_SIZE`] to keep close tips apart (14 pt).
const MIN_HIT_SHRINK: f32 = 14.0 / MIN_TIP_HIT_SIZE;
/// Samples of the net-tilt trail per year of history.
const TRAIL_SAMPLES_PER_YEAR: f64 = 12.0;
/// The most trail samples drawn, whatever `trail_years` says (50 years at 12 a year).
const MAX_TRAIL_SAMPLES: usize = 600;
/// Opacity of the newest part of the trail; it fades to nothing at its oldest end.
const TRAIL_MAX_ALPHA: f32 = 0.7;
/// Opacity of the spokes that show each power's axis.
const SPOKE_ALPHA: f32 = 0.35;
/// Opacity of the halo around the selected power's arrow.
const HALO_ALPHA: f32 = 0.22;
/// A dragged bearing is rounded to whole degrees…
const BEARING_STEP_DEG: f64 = 1.0;
/// …and snaps to this step while Shift is held.
const BEARING_SNAP_DEG: f64 = 15.0;

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
    /// The power's strength at the date shown; `None` when it has no keyframes.
    pub strength: Option<f64>,
    /// The power's bearing, in degrees clockwise from north.
    pub bearing_deg: f64,
    /// Where the arrow starts: the centre, or beside it when arrows along the same ray are
    /// drawn side by side.
    pub start: Pos2,
    /// The tip of the arrow (for a zero value, the centre of its small ring).
    pub tip: Pos2,
    /// The interactive square around the tip.
    pub hit_rect: Rect,
    /// The tip's response this frame (clicks, hover, drags), labelled "<power> vector".
    pub response: Response,
    /// Whether the power has a keyframe without evidence exactly at the current month (as
    /// dragging a tip creates): the tip then carries a warning marker.
    pub unsupported: bool,
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
}

/// One arrow's layout before it becomes an [`ArrowTip`].
struct Layout {
    strength: Option<f64>,
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
}

impl Sizes {
    fn new(geometry: &CompassGeometry) -> Self {
        let s = geo::CompassSizes::new(geometry.radius);
        Self {
            arrow_width: s.arrow_width,
            net_tilt_width: s.net_tilt_width,
            spoke_width: s.spoke_width,
            ring_width: s.ring_width,
            subject_disc: s.subject_disc,
            zero_ring: s.zero_ring,
            label_font: FontId::proportional(s.label_font),
            name_font: FontId::proportional(s.name_font),
            ring_font: FontId::proportional(s.ring_font),
        }
    }

    fn head_length(width: f32, shaft_length: f32) -> f32 {
        geo::head_length(width, shaft_length)
    }
}

impl CompassView {
    /// Draw the compass filling the available space. Hovering an arrow explains it; clicking
    /// selects its power in `session`. Dragging a tip sets the power's strength at the current
    /// month, dragging a name sets its bearing: both push one group of edits into `changes`.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        session: &mut Session,
        changes: &mut Changes,
    ) {
        self.compass_ui(ui, map, session, Some(changes));
    }

    /// Draw the compass for looking only, as presenter mode and slides do: hovering explains
    /// and clicking selects, but no tip or name senses a drag (and none shows a grab cursor),
    /// so a slip of the hand cannot move an arrow, the date or the map.
    pub fn read_only_ui(&mut self, ui: &mut Ui, map: &StanceMap, session: &mut Session) {
        self.compass_ui(ui, map, session, None);
    }

    /// [`Self::ui`], editable when given somewhere to push edits.
    fn compass_ui(
        &mut self,
        ui: &mut Ui,
        map: &StanceMap,
        session: &mut Session,
        changes: Option<&mut Changes>,
    ) {
        let editable = changes.is_some();
        let size = ui.available_size();
        let size = vec2(finite_or(size.x, 400.0), finite_or(size.y, 300.0));
        let (rect, background) = ui.allocate_exact_size(size, Sense::click());
        background.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, format!("{} compass", map.subject))
        });

        let geometry = self.fit_with_names(ui.painter(), map, session, rect);
        let sizes = Sizes::new(&geometry);
        let palette = Palette::of(ui);
        let base_id = ui.make_persistent_id("stance_compass");
        let painter = ui.painter_at(rect);

        self.geometry = Some(geometry);
        // Names first, so where a name and a tip overlap the tip (registered later) wins.
        let sense = if editable {
            Sense::click_and_drag()
        } else {
            Sense::click()
        };
        self.layout_names(
            ui, &painter, map, session, &geometry, &sizes, base_id, sense,
        );
        self.layout_tips(ui, map, session, &geometry, &sizes, base_id, sense);
        if let Some(changes) = changes {
            self.handle_drags(ui, map, session, changes, &geometry, &sizes);
        } else {
            self.drag = None;
        }

        let date = session.date_year_f64;
        let net_tilt = mean_tilt(map, session, date);

        let hovered = if self.drag.is_some() {
            None
        } else {
            self.hovered(&background, &geometry, &sizes, net_tilt)
        };
        self.handle_clicks(&background, &sizes, session);
        let cursor = if self.drag.is_some() {
            Some(CursorIcon::Grabbing)
        } else if editable
            && (self.names.iter().any(|n| n.response.hovered())
                || self.tips.iter().any(|t| t.response.hovered()))
        {
            Some(CursorIcon::Grab)
        } else {
            hovered.map(|_| CursorIcon::PointingHand)
        };
        if let Some(cursor) = cursor {
            ui.ctx().set_cursor_icon(cursor);
        }

        let background_fill = ui.visuals().panel_fill;
        let quiet_direction = quiet_direction(map, session);

        draw_rings(
            &painter,
            &geometry,
            &sizes,
            &palette,
            quiet_direction,
            background_fill,
        );
        self.draw_spokes_and_names(
            &painter,
            map,
            session,
            &geometry,
            &sizes,
            &palette,
            background_fill,
        );
        self.draw_trail(&painter, map, session, &geometry, &sizes, &palette);
        let ghost_rings =
            draw_comparison_ghosts(&painter, map, session, &self.tips, &geometry, &sizes);

        let selected = self
            .tips
            .iter()
            .position(|t| Some(&t.power) == session.selected_power.as_ref());
        let dragged = self.drag.as_ref().and_then(|d| match d.kind {
            DragKind::Strength { .. } => self.tips.iter().position(|t| t.power == d.power),
            DragKind::Bearing { .. } => None,
        });
        // The selected arrow goes over the others, and the dragged one over everything.
        let order = (0..self.tips.len())
            .filter(|&i| Some(i) != selected && Some(i) != dragged)
            .chain(selected.filter(|&i| Some(i) != dragged))
            .chain(dragged);
        // Value labels keep clear of the subject's name, which is drawn over everything.
        let (subject_pos, subject_anchor, subject_rect) =
            subject_label_place(&painter, &map.subject, &geometry, &sizes, quiet_direction);
        let subject_label = subject_rect.expand(3.0);
        for i in order {
            let tip = &self.tips[i];
            if let Some(power) = map.powers.get(tip.index) {
                let look = ArrowLook {
                    selected: Some(i) == selected,
                    hovered: hovered == Some(Hovered::Power(i)),
                    dragged: Some(i) == dragged,
                    dimmed: !session.is_in_focus(&power.id),
                };
                draw_power_arrow(
                    &painter,
                    power,
                    tip,
                    &geometry,
                    &sizes,
                    look,
                    &palette,
                    background_fill,
                    subject_label,
                );
            }
        }
        // The other map's values go over the arrows: a shorter one would hide under its arrow.
        for (center, radius, stroke) in ghost_rings {
            painter.circle(center, radius, background_fill, stroke);
        }
        // The summary goes over the arrows it sums up.
        draw_net_tilt(
            &painter,
            net_tilt,
            &geometry,
            &sizes,
            &palette,
            background_fill,
        );
        draw_subject(
            &painter,
            &map.subject,
            (subject_pos, subject_anchor),
            &geometry,
            &sizes,
            &palette,
            background_fill,
        );
        if self.tips.is_empty() {
            // On a backing of the panel's colour: it may cross a ring's label.
            let hint = if map.powers.is_empty() {
                "This map has no powers yet: add one in Edit › Edit map…"
            } else {
                "No powers shown: show one in the powers list"
            };
            let galley = painter.layout_no_wrap(
                hint.to_owned(),
                sizes.label_font.clone(),
                palette.weak_text,
            );
            let at = Align2::CENTER_CENTER.anchor_size(
                geometry.center + vec2(0.0, geometry.radius * 0.5),
                galley.size(),
            );
            painter.rect_filled(at.expand(3.0), 2.0, background_fill);
            painter.galley(at.min, galley, palette.weak_text);
        }
        let drawing = self.drawing_bounds(&geometry);
        draw_legend(
            &painter,
            (rect, drawing),
            &sizes,
            &palette,
            (session.trail_years, session.comparison.is_some()),
        );

        match hovered {
            Some(Hovered::Power(i)) => {
                let tip = &self.tips[i];
                if let Some(power) = map.powers.get(tip.index) {
                    let selected_now = session.selected_power.as_ref() == Some(&power.id);
                    let theirs = session
                        .comparison
                        .as_deref()
                        .and_then(|other| other.power(&power.id))
                        .and_then(|other| other.strength_at(date));
                    egui::Tooltip::for_widget(&tip.response)
                        .at_pointer()
                        .gap(12.0)
                        .show(|ui| {
                            power_tooltip_ui(ui, power, (date, theirs), &palette, selected_now);
                        });
                }
            }
            Some(Hovered::NetTilt) => {
                egui::Tooltip::for_widget(&background)
                    .at_pointer()
                    .gap(12.0)
                    .show(|ui| net_tilt_tooltip_ui(ui, map, session, net_tilt));
            }
            None => {}
        }
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

    /// Lay out one tip per visible power and give each its interactive area.
    #[expect(
        clippy::too_many_arguments,
        reason = "a private layout step of `ui`; a struct would only rename them"
    )]
    fn layout_tips(
        &mut self,
        ui: &Ui,
        map: &StanceMap,
        session: &Session,
        geometry: &CompassGeometry,
        sizes: &Sizes,
        base_id: Id,
        sense: Sense,
    ) {
        self.tips.clear();
        self.scratch.clear();
        let date = session.date_year_f64;

        // First the plain geometry of every arrow.
        for power in map.powers.iter().filter(|p| session.is_visible(&p.id)) {
            let strength = self
                .live_strength(&power.id, date)
                .or_else(|| power.strength_at(date));
            let value = strength.unwrap_or(0.0);
            let bearing_dir = CompassGeometry::direction(self.shown_bearing(power));
            let is_zero = geo::is_zero_strength(value);
            let (dir, tip, length) = if is_zero {
                (
                    bearing_dir,
                    zero_ring_center(geometry, sizes, bearing_dir),
                    0.0,
                )
            } else {
                let (dir, tip) = geo::arrow_tip(
                    to_point(geometry.center),
                    to_dir(bearing_dir),
                    value,
                    geometry.radius,
                );
                (
                    vec2(dir.x, dir.y),
                    to_pos(tip),
                    value.abs() as f32 * geometry.radius,
                )
            };
            self.scratch.push(Layout {
                strength,
                dir,
                is_zero,
                start: geometry.center,
                tip,
                half_hit: 0.5
                    * MIN_TIP_HIT_SIZE.max(Sizes::head_length(sizes.arrow_width, length) * 1.6),
            });
        }

        // Arrows along (nearly) the same ray, as when a power is leaned away from and the
        // power opposite it is leaned toward, run side by side instead of on top of each other.
        let spacing = (sizes.arrow_width * 2.5).max(MIN_TIP_HIT_SIZE * 0.6);
        for i in 0..self.scratch.len() {
            let a = &self.scratch[i];
            if a.is_zero {
                continue;
            }
            let parallel = |b: &Layout| !b.is_zero && a.dir.dot(b.dir) > PARALLEL_COS;
            let rank = self.scratch[..i].iter().filter(|b| parallel(b)).count();
            let count = self.scratch.iter().filter(|b| parallel(b)).count();
            if count < 2 {
                continue;
            }
            // The side-by-side axis is taken from the group's first arrow, so all agree.
            let first = self
                .scratch
                .iter()
                .find(|b| parallel(b))
                .map_or(a.dir, |b| b.dir);
            let shift = first.rot90() * ((rank as f32 - (count - 1) as f32 / 2.0) * spacing);
            let a = &mut self.scratch[i];
            a.start += shift;
            a.tip += shift;
        }

        // Hit areas shrink (down to the minimum) so that close tips do not steal each other's
        // clicks: two squares never overlap while their centres are 14 points apart.
        for i in 0..self.scratch.len() {
            let tip = self.scratch[i].tip;
            let nearest = self
                .scratch
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, b)| {
                    let d = b.tip - tip;
                    d.x.abs().max(d.y.abs())
                })
                .fold(f32::INFINITY, f32::min);
            let a = &mut self.scratch[i];
            a.half_hit = a
                .half_hit
                .min(nearest * 0.5)
                .max(MIN_TIP_HIT_SIZE * 0.5 * MIN_HIT_SHRINK);
        }

        let month_year_f64 = current_month(date).map(Date::to_year_f64);
        for ((index, power), a) in map
            .powers
            .iter()
            .enumerate()
            .filter(|(_, p)| session.is_visible(&p.id))
            .zip(&self.scratch)
        {
            let bearing_deg = self.shown_bearing(power);
            let hit_rect = Rect::from_center_size(a.tip, egui::Vec2::splat(2.0 * a.half_hit));
            let response = ui.interact(hit_rect, base_id.with(&power.id.0), sense);
            let label = format!("{} vector", crate::model::display_safe(&power.name));
            let strength = a.strength;
            response.widget_info(|| egui::WidgetInfo {
                value: strength,
                ..egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
            });
            let unsupported = month_year_f64
                .and_then(|t| keyframe_at(power, t))
                .is_some_and(|k| k.evidence.is_empty());
            self.tips.push(ArrowTip {
                power: power.id.clone(),
                index,
                strength,
                bearing_deg,
                start: a.start,
                tip: a.tip,
                hit_rect,
                response,
                unsupported,
            });
        }
    }

    /// The live strength of the power being dragged, if `power` is it and `date_year_f64` is
    /// the date being edited.
    fn live_strength(&self, power: &PowerId, date_year_f64: f64) -> Option<f64> {
        match &self.drag {
            Some(Drag {
                power: dragged,
                kind: DragKind::Strength { date, .. },
                value,
                ..
            }) if dragged == power && date.to_year_f64() == date_year_f64 => Some(*value),
            _ => None,
        }
    }

    /// The bearing a power is drawn at: its live bearing while its name is dragged.
    /// The compass that fits in `rect` with every shown power's name whole inside it: in a
    /// narrow panel it shrinks rather than cut a name off. While a name is being dragged
    /// around the ring the compass keeps the size it had, so it does not breathe under the
    /// pointer.
    fn fit_with_names(
        &self,
        painter: &egui::Painter,
        map: &StanceMap,
        session: &Session,
        rect: Rect,
    ) -> CompassGeometry {
        let mut geometry = CompassGeometry::fit(rect);
        if let (
            Some(previous),
            Some(Drag {
                kind: DragKind::Bearing { .. },
                ..
            }),
        ) = (self.geometry, &self.drag)
            && previous.center == geometry.center
        {
            return previous;
        }
        // Names move out with the radius (and their font grows with it): a few rounds settle.
        for _ in 0..3 {
            let sizes = Sizes::new(&geometry);
            let mut shrink = 0.0_f32;
            for power in map.powers.iter().filter(|p| session.is_visible(&p.id)) {
                let bearing_deg = self.shown_bearing(power);
                let selected = session.selected_power.as_ref() == Some(&power.id);
                let (_, name) =
                    name_layout(painter, power, selected, &geometry, &sizes, bearing_deg);
                let dir = CompassGeometry::direction(bearing_deg);
                // How far it sticks out, and how much less radius brings it back in.
                let out_x = (rect.left() - name.left()).max(name.right() - rect.right());
                let out_y = (rect.top() - name.top()).max(name.bottom() - rect.bottom());
                if out_x > 0.0 {
                    shrink = shrink.max(out_x / dir.x.abs().max(0.3));
                }
                if out_y > 0.0 {
                    shrink = shrink.max(out_y / dir.y.abs().max(0.3));
                }
            }
            if shrink <= 0.0 {
                break;
            }
            geometry.radius = (geometry.radius - shrink - 1.0).max(MIN_FITTED_RADIUS);
        }
        geometry
    }

    /// The part of the panel the compass draws on: its outer ring and every shown name (the
    /// names laid out this frame by `layout_names`, less the margin of their handles).
    fn drawing_bounds(&self, geometry: &CompassGeometry) -> Drawing {
        Drawing {
            center: geometry.center,
            radius: geometry.radius,
            names: self
                .names
                .iter()
                .map(|name| name.response.rect.shrink(NAME_HANDLE_MARGIN))
                .collect(),
        }
    }

    fn shown_bearing(&self, power: &Power) -> f64 {
        match &self.drag {
            Some(Drag {
                power: dragged,
                kind: DragKind::Bearing { .. },
                value,
                ..
            }) if dragged == &power.id => *value,
            _ => power.bearing_deg,
        }
    }

    /// Give every visible power's name at the ring its interactive area.
    #[expect(
        clippy::too_many_arguments,
        reason = "a private layout step of `ui`; a struct would only rename them"
    )]
    fn layout_names(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        map: &StanceMap,
        session: &Session,
        geometry: &CompassGeometry,
        sizes: &Sizes,
        base_id: Id,
        sense: Sense,
    ) {
        self.names.clear();
        // Offer dragging only where it is possible, and not in the middle of it.
        let offer_drag = sense.senses_drag() && self.drag.is_none();
        for (index, power) in map
            .powers
            .iter()
            .enumerate()
            .filter(|(_, p)| session.is_visible(&p.id))
        {
            let bearing_deg = self.shown_bearing(power);
            let selected = session.selected_power.as_ref() == Some(&power.id);
            let (_, rect) = name_layout(painter, power, selected, geometry, sizes, bearing_deg);
            let mut response = ui.interact(
                rect.expand(NAME_HANDLE_MARGIN),
                base_id.with(("bearing", &power.id.0)),
                sense,
            );
            response.widget_info(|| egui::WidgetInfo {
                value: Some(bearing_deg),
                ..egui::WidgetInfo::labeled(
                    egui::Role::Slider,
                    true,
                    format!("{} bearing", crate::model::display_safe(&power.name)),
                )
            });
            if offer_drag {
                // A closure, so the text is only made when the tooltip shows.
                response = response.on_hover_ui(|ui| {
                    ui.label(format!(
                        "Drag to move {} around the compass",
                        crate::model::display_safe(&power.name)
                    ));
                });
            }
            self.names.push(NameLabel {
                power: power.id.clone(),
                index,
                bearing_deg,
                response,
            });
        }
    }

    /// Start, follow and end drags of tips (strength) and names (bearing), pushing one group of
    /// edits per drag, and move the dragged tip or name to its live value for this frame.
    fn handle_drags(
        &mut self,
        ui: &Ui,
        map: &StanceMap,
        session: &mut Session,
        changes: &mut Changes,
        geometry: &CompassGeometry,
        sizes: &Sizes,
    ) {
        let (shift, press_origin) = ui.input(|i| (i.modifiers.shift, i.pointer.press_origin()));
        if self.drag.is_none()
            && let Some(press) = press_origin
        {
            self.drag = self.start_drag(map, session, geometry, press);
            if self.drag.is_some() {
                changes.begin_group();
                ui.ctx().request_repaint();
            }
        }

        let Self {
            tips, names, drag, ..
        } = self;
        let Some(d) = drag else { return };
        let response = match d.kind {
            DragKind::Strength { .. } => tips
                .iter()
                .find(|t| t.power == d.power)
                .map(|t| &t.response),
            DragKind::Bearing { .. } => names
                .iter()
                .find(|n| n.power == d.power)
                .map(|n| &n.response),
        };
        let Some(response) = response.filter(|r| r.dragged() || r.drag_stopped()) else {
            // The widget went away mid-drag (its power was hidden or removed, another map
            // was opened) or the drag ended unseen: close the group with what was done.
            changes.end_group();
            *drag = None;
            return;
        };
        if let DragKind::Strength { date, .. } = d.kind {
            // Keep the date on the keyframe being edited, whatever else moves it meanwhile,
            // so the value shown is the value edited.
            session.date_year_f64 = date.to_year_f64();
            session.playing = false;
        }
        let stopped = response.drag_stopped();
        if let Some(pointer) = response.interact_pointer_pos() {
            d.moved |= press_origin.is_some_and(|press| pointer != press);
            if d.moved {
                let value = match d.kind {
                    DragKind::Strength { grab_offset, .. } => {
                        let bearing = tips
                            .iter()
                            .find(|t| t.power == d.power)
                            .map_or(0.0, |t| t.bearing_deg);
                        let raw = geometry.strength_at_pos(bearing, pointer + grab_offset);
                        snap_strength(raw, shift)
                    }
                    DragKind::Bearing { grab_offset_deg } => {
                        snap_bearing(geometry.bearing_at_pos(pointer) + grab_offset_deg, shift)
                    }
                };
                if value != d.value {
                    d.value = value;
                    changes.edit(match d.kind {
                        DragKind::Strength { date, .. } => Edit::SetStrength {
                            power: d.power.clone(),
                            date,
                            strength: value,
                        },
                        DragKind::Bearing { .. } => Edit::SetBearing {
                            power: d.power.clone(),
                            bearing_deg: value,
                        },
                    });
                }
            }
        }

        // Draw this frame at the live value: the map catches up only after the frame.
        match d.kind {
            DragKind::Strength { .. } => {
                if let Some(tip) = tips.iter_mut().find(|t| t.power == d.power) {
                    tip.strength = Some(d.value);
                    place_tip(tip, geometry, sizes);
                }
            }
            DragKind::Bearing { .. } => {
                if let Some(name) = names.iter_mut().find(|n| n.power == d.power) {
                    name.bearing_deg = d.value;
                }
                if let Some(tip) = tips.iter_mut().find(|t| t.power == d.power) {
                    tip.bearing_deg = d.value;
                    tip.start = geometry.center;
                    place_tip(tip, geometry, sizes);
                }
            }
        }
        if stopped {
            changes.end_group();
            *drag = None;
        }
    }

    /// A drag that starts this frame on a tip or a name, if any. Starting on a tip snaps the
    /// date to its month and stops playback, so the value shown is the value edited.
    fn start_drag(
        &self,
        map: &StanceMap,
        session: &mut Session,
        geometry: &CompassGeometry,
        press: Pos2,
    ) -> Option<Drag> {
        if let Some(tip) = self.tips.iter().find(|t| t.response.drag_started()) {
            let power = map.powers.get(tip.index)?;
            let month = current_month(session.date_year_f64)?;
            let month_year_f64 = month.to_year_f64();
            // A keyframe already there (perhaps dated by year alone) is the one edited.
            let date = keyframe_at(power, month_year_f64).map_or(month, |k| k.date);
            session.date_year_f64 = month_year_f64;
            session.playing = false;
            session.select_power(Some(power.id.clone()));
            let value = power.strength_at(month_year_f64).unwrap_or(0.0);
            let at_value = geometry.center
                + CompassGeometry::direction(tip.bearing_deg) * (value as f32 * geometry.radius);
            return Some(Drag {
                power: power.id.clone(),
                kind: DragKind::Strength {
                    date,
                    grab_offset: at_value - press,
                },
                value,
                moved: false,
            });
        }
        let name = self.names.iter().find(|n| n.response.drag_started())?;
        let power = map.powers.get(name.index)?;
        session.select_power(Some(power.id.clone()));
        let pressed_deg = geometry.bearing_at_pos(press);
        Some(Drag {
            power: power.id.clone(),
            kind: DragKind::Bearing {
                grab_offset_deg: angle_between_deg(pressed_deg, power.bearing_deg),
            },
            value: power.bearing_deg,
            moved: false,
        })
    }

    /// What the pointer is over: a tip widget first, else the nearest shaft within reach.
    fn hovered(
        &self,
        background: &Response,
        geometry: &CompassGeometry,
        sizes: &Sizes,
        net_tilt: Option<model::Vec2>,
    ) -> Option<Hovered> {
        if let Some(i) = self.tips.iter().position(|t| t.response.hovered()) {
            return Some(Hovered::Power(i));
        }
        let pointer = background.hover_pos()?;
        let mut best: Option<(f32, Hovered)> = self
            .nearest_shaft(pointer, sizes)
            .map(|(d, i)| (d, Hovered::Power(i)));
        if let Some(tilt) = net_tilt {
            let end = geometry.to_screen(tilt);
            let d = distance_to_segment(pointer, geometry.center, end);
            let reach = SHAFT_HOVER_DISTANCE + sizes.net_tilt_width * 0.5;
            if d < reach && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, Hovered::NetTilt));
            }
        }
        best.map(|(_, h)| h)
    }

    /// The power whose arrow shaft (or zero ring) is nearest to `pointer`, within reach.
    fn nearest_shaft(&self, pointer: Pos2, sizes: &Sizes) -> Option<(f32, usize)> {
        let reach = SHAFT_HOVER_DISTANCE + sizes.arrow_width * 0.5;
        self.tips
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let is_zero = t.strength.is_none_or(|s| s.abs() < ZERO_STRENGTH);
                let d = if is_zero {
                    (pointer.distance(t.tip) - sizes.zero_ring).max(0.0)
                } else {
                    distance_to_segment(pointer, t.start, t.tip)
                };
                (d < reach).then_some((d, i))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// Clicking a tip, a shaft or a name selects its power; clicking empty space does nothing.
    fn handle_clicks(&self, background: &Response, sizes: &Sizes, session: &mut Session) {
        let clicked = self
            .tips
            .iter()
            .find(|t| t.response.clicked())
            .map(|t| t.power.clone())
            .or_else(|| {
                self.names
                    .iter()
                    .find(|n| n.response.clicked())
                    .map(|n| n.power.clone())
            });
        let clicked = clicked.or_else(|| {
            if !background.clicked() {
                return None;
            }
            let pointer = background.interact_pointer_pos()?;
            let (_, i) = self.nearest_shaft(pointer, sizes)?;
            Some(self.tips[i].power.clone())
        });
        if let Some(id) = clicked {
            session.select_power(Some(id));
        }
    }

    /// The powers' axes and names; a name being dragged shows its bearing beside it.
    #[expect(
        clippy::too_many_arguments,
        reason = "a private painting step of `ui`; a struct would only rename them"
    )]
    fn draw_spokes_and_names(
        &self,
        painter: &egui::Painter,
        map: &StanceMap,
        session: &Session,
        geometry: &CompassGeometry,
        sizes: &Sizes,
        palette: &Palette,
        background: Color32,
    ) {
        let dragged = self.drag.as_ref().and_then(|d| match d.kind {
            DragKind::Bearing { .. } => Some(&d.power),
            DragKind::Strength { .. } => None,
        });
        for name in &self.names {
            let Some(power) = map.powers.get(name.index) else {
                continue;
            };
            let dir = CompassGeometry::direction(name.bearing_deg);
            let color = focus_color(power, !session.is_in_focus(&power.id));
            let rim = geometry.center + dir * geometry.radius;
            let is_dragged = dragged == Some(&name.power);
            let spoke_alpha = if is_dragged { 0.8 } else { SPOKE_ALPHA };
            painter.line_segment(
                [geometry.center, rim],
                Stroke::new(sizes.spoke_width, color.gamma_multiply(spoke_alpha)),
            );
            let selected = session.selected_power.as_ref() == Some(&power.id);
            let (galley, rect) =
                name_layout(painter, power, selected, geometry, sizes, name.bearing_deg);
            if is_dragged || (dragged.is_none() && name.response.hovered()) {
                // A handle: show that the name can be taken and moved.
                painter.rect_filled(rect.expand(3.0), 4.0, color.gamma_multiply(0.14));
            }
            // Names stay whole and readable when dimmed: only arrows and spokes fade.
            let ink = readable_on(power_color(&power.color), background);
            painter.galley_with_override_text_color(rect.min, galley, ink);
            if selected {
                painter.line_segment(
                    [
                        rect.left_bottom() + vec2(0.0, 1.0),
                        rect.right_bottom() + vec2(0.0, 1.0),
                    ],
                    Stroke::new(sizes.spoke_width * 1.5, color),
                );
            }
            if is_dragged {
                text_on_background(
                    painter,
                    rect.center_bottom() + vec2(0.0, 4.0),
                    Align2::CENTER_TOP,
                    format!("{:.0}°", name.bearing_deg),
                    sizes.label_font.clone(),
                    palette.text,
                    background,
                );
            }
        }
    }

    /// The fading trail of the net tilt's tip over the last `session.trail_years` years.
    ///
    /// Costs `samples × visible powers × log(keyframes)`: only the drawn samples are computed.
    fn draw_trail(
        &mut self,
        painter: &egui::Painter,
        map: &StanceMap,
        session: &Session,
        geometry: &CompassGeometry,
        sizes: &Sizes,
        palette: &Palette,
    ) {
        let trail_years = session.trail_years;
        if !(trail_years.is_finite() && trail_years > 0.0) || self.tips.is_empty() {
            return;
        }
        let samples =
            ((trail_years * TRAIL_SAMPLES_PER_YEAR).ceil() as usize).clamp(1, MAX_TRAIL_SAMPLES);
        let step_years = trail_years / samples as f64;
        self.trail.clear();
        // Newest first: index k is k steps into the past.
        for k in 0..=samples {
            let year = session.date_year_f64 - k as f64 * step_years;
            if let Some(tilt) = mean_tilt(map, session, year) {
                self.trail.push(geometry.to_screen(tilt));
            }
        }
        let width = (sizes.net_tilt_width * 0.45).max(1.5);
        let dot = (sizes.net_tilt_width * 0.55).max(2.0);
        let per_year = (1.0 / step_years).round().max(1.0) as usize;
        for (k, pair) in self.trail.windows(2).enumerate() {
            // The segment from k+1 steps ago to k steps ago, fading with age.
            let age = (k as f32 + 0.5) / samples as f32;
            let color = palette
                .net_tilt
                .gamma_multiply(TRAIL_MAX_ALPHA * (1.0 - age));
            painter.line_segment([pair[1], pair[0]], Stroke::new(width, color));
            if (k + 1) % per_year == 0 {
                let age = (k + 1) as f32 / samples as f32;
                let color = palette
                    .net_tilt
                    .gamma_multiply(TRAIL_MAX_ALPHA * (1.0 - age));
                painter.circle_filled(pair[1], dot, color);
            }
        }
    }
}

/// How one arrow is emphasised.
#[derive(Clone, Copy, Debug, Default)]
struct ArrowLook {
    /// Its power is selected.
    selected: bool,
    /// The pointer is over it.
    hovered: bool,
    /// Its tip is being dragged.
    dragged: bool,
    /// Its power is out of focus (a story step focuses on others).
    dimmed: bool,
}

/// The whole month nearest to a date: the date a dragged tip edits. `None` for a date that is
/// not a number.
fn current_month(year_f64: f64) -> Option<Date> {
    year_f64
        .is_finite()
        .then(|| Date::from_year_f64_month(year_f64))
}

/// The keyframe of `power` exactly at `year_f64` on the time axis, whether it is dated by year
/// alone (`2009`) or by month (`2009-01`).
fn keyframe_at(power: &Power, year_f64: f64) -> Option<&Keyframe> {
    match model::bracket(&power.track, year_f64) {
        Bracket::On(i) => power.track.get(i),
        _ => None,
    }
}

/// A dragged bearing: rounded to [`BEARING_STEP_DEG`], or with Shift held to
/// [`BEARING_SNAP_DEG`], in 0..360.
fn snap_bearing(raw_deg: f64, shift: bool) -> f64 {
    let step = if shift {
        BEARING_SNAP_DEG
    } else {
        BEARING_STEP_DEG
    };
    ((raw_deg / step).round() * step).rem_euclid(360.0)
}

/// The signed angle from bearing `from_deg` to bearing `to_deg`, in −180..180.
fn angle_between_deg(from_deg: f64, to_deg: f64) -> f64 {
    (to_deg - from_deg + 180.0).rem_euclid(360.0) - 180.0
}

/// Put a tip where its (new) strength and bearing say, keeping its side-by-side offset.
fn place_tip(tip: &mut ArrowTip, geometry: &CompassGeometry, sizes: &Sizes) {
    let value = tip.strength.unwrap_or(0.0);
    let bearing_dir = CompassGeometry::direction(tip.bearing_deg);
    if geo::is_zero_strength(value) {
        tip.start = geometry.center;
        tip.tip = zero_ring_center(geometry, sizes, bearing_dir);
    } else {
        let (_, at) = geo::arrow_tip(
            to_point(tip.start),
            to_dir(bearing_dir),
            value,
            geometry.radius,
        );
        tip.tip = to_pos(at);
    }
}

/// The comparison map's vectors at the current date, as ghosts behind the real arrows: a thin
/// dashed line in the power's colour, for each drawn power that the comparison also has. They
/// take the open map's bearing and start, so two readings of one power lie along the same ray
/// and differ only in length. Returns the small ring that marks each one's value (centre,
/// radius, stroke), for the caller to draw over the arrows. Painted only: no interaction.
fn draw_comparison_ghosts(
    painter: &egui::Painter,
    map: &StanceMap,
    session: &Session,
    tips: &[ArrowTip],
    geometry: &CompassGeometry,
    sizes: &Sizes,
) -> Vec<(Pos2, f32, Stroke)> {
    let mut rings = Vec::new();
    let Some(comparison) = session.comparison.as_deref() else {
        return rings;
    };
    let width = (sizes.arrow_width * 0.5).max(1.0);
    for tip in tips {
        let (Some(power), Some(other)) = (map.powers.get(tip.index), comparison.power(&tip.power))
        else {
            continue;
        };
        let Some(strength) = other.strength_at(session.date_year_f64) else {
            continue;
        };
        let color = focus_color(power, !session.is_in_focus(&power.id)).gamma_multiply(0.55);
        let end = tip.start
            + CompassGeometry::direction(tip.bearing_deg) * (strength as f32 * geometry.radius);
        let stroke = Stroke::new(width, color);
        painter.extend(Shape::dashed_line(
            &[tip.start, end],
            stroke,
            width * 3.0,
            width * 2.5,
        ));
        rings.push((end, (width * 2.5).max(4.0), Stroke::new(width * 1.5, color)));
    }
    rings
}

/// A power's colour, faded when it is out of focus.
fn focus_color(power: &crate::model::Power, dimmed: bool) -> Color32 {
    let color = power_color(&power.color);
    if dimmed {
        color.gamma_multiply(DIMMED_ALPHA)
    } else {
        color
    }
}

/// How much of its colour an out-of-focus power keeps.
const DIMMED_ALPHA: f32 = 0.25;

/// The smallest compass [`CompassView::fit_with_names`] makes: below this it is unreadable.
const MIN_FITTED_RADIUS: f32 = 40.0;

fn name_layout(
    painter: &egui::Painter,
    power: &Power,
    selected: bool,
    geometry: &CompassGeometry,
    sizes: &Sizes,
    bearing_deg: f64,
) -> (std::sync::Arc<egui::Galley>, Rect) {
    let dir = CompassGeometry::direction(bearing_deg);
    let font = if selected {
        FontId::proportional((sizes.name_font.size * 1.15).min(MAX_FONT_SIZE + 4.0))
    } else {
        sizes.name_font.clone()
    };
    let pos = to_pos(geo::name_at(
        to_point(geometry.center),
        to_dir(dir),
        geometry.radius,
        sizes.name_font.size,
    ));
    let galley = painter.layout_no_wrap(
        crate::model::display_safe(&power.name).into_owned(),
        font,
        power_color(&power.color),
    );
    // Names stay readable when dimmed: only arrows and spokes fade.
    let rect = anchor_toward(dir).anchor_size(pos, galley.size());
    (galley, rect)
}

/// The net tilt at a date as the mean of the visible powers' vectors, so it never leaves the
/// compass (the plain sum of four unit vectors could reach 4). `None` when no power is visible.
fn mean_tilt(map: &StanceMap, session: &Session, year_f64: f64) -> Option<model::Vec2> {
    let mut visible = 0_u32;
    let sum = map.net_tilt_at(year_f64, |p| {
        let shown = session.is_visible(&p.id);
        visible += u32::from(shown);
        shown
    });
    (visible > 0).then(|| model::Vec2 {
        x: sum.x / f64::from(visible),
        y: sum.y / f64::from(visible),
    })
}

/// `value` if it is finite, else `fallback` (an unbounded layout gives infinite space).
fn finite_or(value: f32, fallback: f32) -> f32 {
    if value.is_finite() { value } else { fallback }
}

/// Where the small ring of a power with a zero value sits: touching the subject's disc, on the
/// power's side, so several zero values do not hide one another.
fn zero_ring_center(geometry: &CompassGeometry, sizes: &Sizes, dir: egui::Vec2) -> Pos2 {
    to_pos(geo::zero_ring_center(
        to_point(geometry.center),
        to_dir(dir),
        sizes.subject_disc,
        sizes.zero_ring,
        1.0,
    ))
}

/// Distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len_sq = ab.length_sq();
    if len_sq <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len_sq).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// The screen direction in the middle of the widest gap between the visible powers' bearings:
/// a quiet place for the ring labels, away from every power's axis.
fn quiet_direction(map: &StanceMap, session: &Session) -> egui::Vec2 {
    let mut bearings = [0.0_f64; 16];
    let mut n = 0;
    for p in map.powers.iter().filter(|p| session.is_visible(&p.id)) {
        if n == bearings.len() {
            break;
        }
        bearings[n] = p.bearing_deg.rem_euclid(360.0);
        n += 1;
    }
    let bearings = &mut bearings[..n];
    bearings.sort_by(f64::total_cmp);
    let quiet_deg = match bearings {
        [] => 135.0,
        [only] => *only + 180.0,
        _ => {
            let mut best = (f64::MIN, 0.0);
            for i in 0..bearings.len() {
                let from = bearings[i];
                let to = if i + 1 < bearings.len() {
                    bearings[i + 1]
                } else {
                    bearings[0] + 360.0
                };
                if to - from > best.0 + 1e-9 {
                    best = (to - from, f64::midpoint(from, to));
                }
            }
            best.1
        }
    };
    CompassGeometry::direction(quiet_deg)
}

/// The anchor that puts text beside a point on the side `dir` points to.
fn anchor_toward(dir: egui::Vec2) -> Align2 {
    let align = |side| match side {
        Side::Start => egui::Align::Min,
        Side::Middle => egui::Align::Center,
        Side::End => egui::Align::Max,
    };
    let (h, v) = geo::anchor_toward(to_dir(dir));
    Align2([align(h), align(v)])
}

/// A screen position as the egui-free geometry takes it.
fn to_point(p: Pos2) -> Point<f32> {
    Point { x: p.x, y: p.y }
}

/// A screen direction as the egui-free geometry takes it.
fn to_dir(v: egui::Vec2) -> Point<f32> {
    Point { x: v.x, y: v.y }
}

/// A position from the egui-free geometry, on screen.
fn to_pos(p: Point<f32>) -> Pos2 {
    Pos2::new(p.x, p.y)
}

/// Text on a translucent patch of the background, so lines under it do not hurt reading.
fn text_on_background(
    painter: &egui::Painter,
    pos: Pos2,
    anchor: Align2,
    text: String,
    font: FontId,
    color: Color32,
    background: Color32,
) -> Rect {
    let galley = painter.layout_no_wrap(text, font, color);
    let rect = anchor.anchor_size(pos, galley.size());
    painter.rect_filled(rect.expand(2.0), 3.0, background.gamma_multiply(0.8));
    painter.galley(rect.min, galley, color);
    rect
}

/// Text with a thin halo of the background around its glyphs: readable over lines, while the
/// lines still show between the letters (a box would hide the arrows under it).
fn text_with_halo(
    painter: &egui::Painter,
    pos: Pos2,
    anchor: Align2,
    text: String,
    font: FontId,
    color: Color32,
    halo: Color32,
) -> Rect {
    let galley = painter.layout_no_wrap(text, font, color);
    let rect = anchor.anchor_size(pos, galley.size());
    for offset in [
        vec2(-1.5, 0.0),
        vec2(1.5, 0.0),
        vec2(0.0, -1.5),
        vec2(0.0, 1.5),
        vec2(-1.0, -1.0),
        vec2(1.0, -1.0),
        vec2(-1.0, 1.0),
        vec2(1.0, 1.0),
    ] {
        painter.galley_with_override_text_color(rect.min + offset, galley.clone(), halo);
    }
    painter.galley(rect.min, galley, color);
    rect
}

fn draw_rings(
    painter: &egui::Painter,
    geometry: &CompassGeometry,
    sizes: &Sizes,
    palette: &Palette,
    quiet_direction: egui::Vec2,
    background: Color32,
) {
    for (fraction, _) in geo::RINGS {
        painter.circle_stroke(
            geometry.center,
            fraction as f32 * geometry.radius,
            Stroke::new(sizes.ring_width, palette.ring),
        );
    }
    for (fraction, label) in geo::RINGS {
        let pos = to_pos(geo::ring_label_at(
            to_point(geometry.center),
            to_dir(quiet_direction),
            fraction,
            geometry.radius,
        ));
        text_on_background(
            painter,
            pos,
            Align2::CENTER_CENTER,
            label.to_owned(),
            sizes.ring_font.clone(),
            palette.weak_text,
            background,
        );
    }
}

/// One power's arrow: solid with a filled head toward the power, or dashed with a hollow head
/// away from it; a small ring for zero. Its value is printed near the tip.
///
/// The arrow being dragged prints its value large, so the number can be read while setting it;
/// a tip whose power has a keyframe without evidence at the current month is ringed in the
/// warning colour.
#[expect(
    clippy::too_many_arguments,
    reason = "a private painting helper; a struct would only rename them"
)]
fn draw_power_arrow(
    painter: &egui::Painter,
    power: &Power,
    tip: &ArrowTip,
    geometry: &CompassGeometry,
    sizes: &Sizes,
    look: ArrowLook,
    palette: &Palette,
    background: Color32,
    keep_clear: Rect,
) {
    let ArrowLook {
        selected,
        hovered,
        dragged,
        dimmed,
    } = look;
    let color = focus_color(power, dimmed);
    // A faded value would be unreadable (about 1.4:1 on white): out of focus, the number
    // turns grey instead, readable but quiet beside its faded arrow.
    let label_color = if dimmed {
        palette.weak_text
    } else {
        readable_on(color, background)
    };
    let mut width = sizes.arrow_width;
    if selected || dragged {
        width *= 1.6;
    }
    if hovered {
        width *= 1.25;
    }
    let dir = CompassGeometry::direction(tip.bearing_deg);
    let value = tip.strength.unwrap_or(0.0);
    let label_font = if dragged {
        FontId::proportional((sizes.name_font.size * 1.4).clamp(18.0, MAX_FONT_SIZE + 12.0))
    } else {
        sizes.label_font.clone()
    };
    // A keyframe without evidence: a "!" badge beside the tip (a ring alone could be taken for
    // part of an orange arrow), and in words when the power is selected or dragged, on the far
    // side of the value from the tip.
    let warning = |label: Rect, badge_at: Pos2| {
        if !tip.unsupported {
            return;
        }
        warning_badge(painter, badge_at, sizes, palette, background);
        if selected || dragged {
            let (pos, anchor) = if label.center().y < tip.tip.y {
                (label.center_top() - vec2(0.0, 3.0), Align2::CENTER_BOTTOM)
            } else {
                (label.center_bottom() + vec2(0.0, 3.0), Align2::CENTER_TOP)
            };
            text_on_background(
                painter,
                pos,
                anchor,
                "no evidence".to_owned(),
                sizes.ring_font.clone(),
                palette.warning,
                background,
            );
        }
    };
    // Across the arrow, the side nearer the top of the screen.
    let up = {
        let across = dir.rot90();
        if across.y <= 0.0 { across } else { -across }
    };
    let badge_radius = warning_badge_radius(sizes);

    if geo::is_zero_strength(value) {
        if selected {
            painter.circle_stroke(
                tip.tip,
                sizes.zero_ring,
                Stroke::new(width * 3.0, color.gamma_multiply(HALO_ALPHA)),
            );
        }
        painter.circle_stroke(
            tip.tip,
            sizes.zero_ring,
            Stroke::new((width * 0.6).max(1.5), color),
        );
        let text = if tip.strength.is_some() {
            "0.00"
        } else {
            "no data"
        };
        let pos = to_pos(geo::zero_label_at(
            to_point(tip.tip),
            to_dir(dir),
            sizes.zero_ring,
        ));
        let pos = clear_of(
            painter,
            pos,
            anchor_toward(dir),
            text,
            &label_font,
            keep_clear,
            dir,
        );
        let label = text_on_background(
            painter,
            pos,
            anchor_toward(dir),
            text.to_owned(),
            label_font,
            label_color,
            background,
        );
        warning(label, tip.tip - up * (sizes.zero_ring + badge_radius + 3.0));
        return;
    }

    let arrow_dir = dir * value.signum() as f32;
    let length = (tip.tip - tip.start).length();
    let head = Sizes::head_length(width, length);
    let half_width = geo::head_half_width(head);
    let (base, triangle) = geo::arrow_head(to_point(tip.tip), to_dir(arrow_dir), head, half_width);
    let base = to_pos(base);
    let triangle = triangle.map(to_pos).to_vec();

    if selected {
        let halo = Stroke::new(width * 1.3 + 3.0, color.gamma_multiply(HALO_ALPHA));
        painter.line_segment([tip.start, tip.tip], halo);
    }
    let stroke = Stroke::new(width, color);
    if value > 0.0 {
        painter.line_segment([tip.start, base], stroke);
        painter.add(Shape::convex_polygon(triangle, color, Stroke::NONE));
    } else {
        let dash = (width * 2.5).max(5.0);
        let gap = (width * 1.5).max(3.0);
        painter.extend(Shape::dashed_line(&[tip.start, base], stroke, dash, gap));
        let outline = Stroke::new((width * 0.7).max(1.5), color);
        painter.add(Shape::convex_polygon(triangle, background, outline));
    }

    // Beyond the tip; for arrows drawn side by side, out to their own side so labels part. The
    // value being dragged goes across the arrow instead, large, clear of the power's name.
    let lateral = tip.start - geometry.center;
    let side = if lateral.length() > 0.5 {
        Some(lateral.normalized())
    } else {
        None
    };
    let head_middle = tip.tip - arrow_dir * (head * 0.5);
    let (pos, label_dir) = match side {
        _ if dragged => (head_middle + up * (half_width + 6.0), up),
        Some(side) => (
            tip.tip + arrow_dir * (head * 0.3) + side * (half_width + 3.0),
            (arrow_dir + side * 1.5).normalized(),
        ),
        None => (
            to_pos(geo::value_label_at(
                to_point(tip.tip),
                to_dir(arrow_dir),
                head,
            )),
            arrow_dir,
        ),
    };
    let text = format_strength_signed(value);
    let pos = clear_of(
        painter,
        pos,
        anchor_toward(label_dir),
        &text,
        &label_font,
        keep_clear,
        label_dir,
    );
    let label = text_on_background(
        painter,
        pos,
        anchor_toward(label_dir),
        text,
        label_font,
        label_color,
        background,
    );
    let badge_side = match side {
        Some(side) => -side,
        None if dragged => -up,
        None => up,
    };
    warning(
        label,
        head_middle + badge_side * (half_width + badge_radius + 3.0),
    );
}

/// The radius of the "!" badge that marks a value without evidence.
fn warning_badge_radius(sizes: &Sizes) -> f32 {
    (sizes.label_font.size * 0.5).clamp(6.0, 11.0)
}

/// A "!" in a disc of the warning colour: this value stands without evidence.
fn warning_badge(
    painter: &egui::Painter,
    center: Pos2,
    sizes: &Sizes,
    palette: &Palette,
    background: Color32,
) {
    let radius = warning_badge_radius(sizes);
    painter.circle(
        center,
        radius,
        palette.warning,
        Stroke::new(1.5, background),
    );
    painter.text(
        center,
        Align2::CENTER_CENTER,
        "!",
        FontId::proportional(radius * 1.5),
        background,
    );
}

fn draw_net_tilt(
    painter: &egui::Painter,
    net_tilt: Option<model::Vec2>,
    geometry: &CompassGeometry,
    sizes: &Sizes,
    palette: &Palette,
    background: Color32,
) {
    let Some(tilt) = net_tilt else { return };
    let end = geometry.to_screen(tilt);
    let offset = end - geometry.center;
    let length = offset.length();
    let width = sizes.net_tilt_width;
    if length < width {
        painter.circle_filled(geometry.center, width, palette.net_tilt);
        return;
    }
    let dir = offset / length;
    let head = Sizes::head_length(width, length);
    let (base, triangle) =
        geo::arrow_head(to_point(end), to_dir(dir), head, geo::head_half_width(head));
    painter.line_segment(
        [geometry.center, to_pos(base)],
        Stroke::new(width, palette.net_tilt),
    );
    painter.add(Shape::convex_polygon(
        triangle.map(to_pos).to_vec(),
        palette.net_tilt,
        Stroke::NONE,
    ));
    if length < geometry.radius * 0.2 {
        // Too short to label without covering the powers' arrows: the legend names it.
        return;
    }
    text_with_halo(
        painter,
        to_pos(geo::value_label_at(to_point(end), to_dir(dir), head)),
        anchor_toward(dir),
        "net tilt".to_owned(),
        sizes.label_font.clone(),
        palette.net_tilt,
        background,
    );
}

/// The subject's disc at the centre, and its name where [`subject_label_place`] put it.
fn draw_subject(
    painter: &egui::Painter,
    subject: &str,
    (pos, anchor): (Pos2, Align2),
    geometry: &CompassGeometry,
    sizes: &Sizes,
    palette: &Palette,
    background: Color32,
) {
    // Hollow, so the net-tilt arrow (in the text colour) does not merge into it.
    painter.circle(
        geometry.center,
        sizes.subject_disc,
        background,
        Stroke::new(sizes.ring_width.max(1.5), palette.text),
    );
    text_with_halo(
        painter,
        pos,
        anchor,
        subject.to_owned(),
        subject_font(sizes),
        palette.text,
        background,
    );
}

fn subject_font(sizes: &Sizes) -> FontId {
    FontId::proportional(sizes.name_font.size)
}

/// Where the subject's name goes, just above or below its disc, opposite the ring labels so
/// the two never collide; and the rect it takes.
fn subject_label_place(
    painter: &egui::Painter,
    subject: &str,
    geometry: &CompassGeometry,
    sizes: &Sizes,
    quiet_direction: egui::Vec2,
) -> (Pos2, Align2, Rect) {
    let (pos, anchor) = if quiet_direction.y > 0.0 {
        (
            geometry.center - vec2(0.0, sizes.subject_disc + 3.0),
            Align2::CENTER_BOTTOM,
        )
    } else {
        (
            geometry.center + vec2(0.0, sizes.subject_disc + 3.0),
            Align2::CENTER_TOP,
        )
    };
    let size = painter
        .layout_no_wrap(subject.to_owned(), subject_font(sizes), Color32::WHITE)
        .size();
    (pos, anchor, anchor.anchor_size(pos, size))
}

/// `pos` moved along `away` until a label of `text` anchored there no longer overlaps
/// `keep_clear` (at most 80 points; most labels do not move at all).
fn clear_of(
    painter: &egui::Painter,
    pos: Pos2,
    anchor: Align2,
    text: &str,
    font: &FontId,
    keep_clear: Rect,
    away: egui::Vec2,
) -> Pos2 {
    let size = painter
        .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
        .size();
    let away = if away.length() > 0.01 {
        away.normalized()
    } else {
        vec2(0.0, -1.0)
    };
    let mut pos = pos;
    for _ in 0..40 {
        if !anchor
            .anchor_size(pos, size)
            .expand(2.0)
            .intersects(keep_clear)
        {
            break;
        }
        pos += away * 2.0;
    }
    pos
}

/// Where the compass draws: the disc of its outer ring, and its powers' names.
struct Drawing {
    center: Pos2,
    radius: f32,
    names: Vec<Rect>,
}

impl Drawing {
    /// Whether `rect` keeps clear of the ring's disc and of every name. It may graze the
    /// outer ring (strength 1), which only an arrow at full strength reaches.
    fn is_clear_of(&self, rect: Rect) -> bool {
        rect.distance_to_pos(self.center) > self.radius * 0.92
            && !self.names.iter().any(|name| name.intersects(rect))
    }

    /// The left edge of the drawing.
    fn left(&self) -> f32 {
        self.names
            .iter()
            .map(Rect::left)
            .fold(self.center.x - self.radius, f32::min)
    }
}

/// The legend, in the panel's bottom-left corner (`rect`), clear of the compass's own
/// drawing: across the panel when there is room below the compass, else wrapped into the
/// space beside it, else not at all.
fn draw_legend(
    painter: &egui::Painter,
    (rect, drawing): (Rect, Drawing),
    sizes: &Sizes,
    palette: &Palette,
    (trail_years, comparing): (f64, bool),
) {
    if rect.height() < 150.0 {
        return;
    }
    let font = FontId::proportional(MIN_FONT_SIZE.max(sizes.ring_font.size * 0.9));
    let mut text = "solid arrow, filled head: leaning toward the power\n\
                    dashed arrow, hollow head: leaning away from it\n\
                    thickest arrow: net tilt, the mean of the arrows shown"
        .to_owned();
    if trail_years.is_finite() && trail_years > 0.0 {
        let _ = write!(
            text,
            "\nfading line behind it: where the net tilt was in the last {trail_years} years"
        );
    }
    if comparing {
        text.push_str("\nsmall ring on a thin dashed line: the other map's value");
    }
    // Wrapped to the panel, so a narrow one (the article open beside it) cuts nothing off;
    // failing that, narrower, into the corner beside the ring. Narrower is taller, so each
    // width is tried in turn (egui keeps the layouts, so the tries cost little a frame).
    let corner = rect.left_bottom() + vec2(8.0, -8.0);
    let full = rect.width() - 16.0;
    let beside = (drawing.left() - rect.left() - 24.0).min(full);
    let narrower = (0..)
        .map(|i| full - 16.0 * i as f32)
        .take_while(|&width| width >= LEGEND_MIN_WIDTH);
    for width in std::iter::once(full).chain(narrower).chain([beside]) {
        if width < LEGEND_MIN_WIDTH {
            continue;
        }
        let galley = painter.layout(text.clone(), font.clone(), palette.weak_text, width);
        let at = Align2::LEFT_BOTTOM.anchor_size(corner, galley.size());
        if drawing.is_clear_of(at) && at.top() >= rect.top() {
            painter.galley(at.min, galley, palette.weak_text);
            return;
        }
    }
}

/// How far a name's handle (what takes the pointer to drag it) reaches past its text, in points.
const NAME_HANDLE_MARGIN: f32 = 3.0;

/// The legend is not wrapped narrower than this, in points: it would be a column of words.
const LEGEND_MIN_WIDTH: f32 = 150.0;

/// "2 quotes", or a warning that a value stands without support.
fn evidence_phrase(keyframe: &Keyframe) -> (String, bool) {
    match keyframe.evidence.len() {
        0 => ("no evidence — a claim without support".to_owned(), true),
        1 => ("1 quote".to_owned(), false),
        n => (format!("{n} quotes"), false),
    }
}

/// One keyframe as a line: its role, date, strength, confidence and evidence.
fn keyframe_line_ui(ui: &mut Ui, role: &str, keyframe: &Keyframe, palette: &Palette) {
    let (evidence, unsupported) = evidence_phrase(keyframe);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        ui.label(format!(
            "{role} {}: {} ({} confidence), ",
            keyframe.date,
            format_strength_signed(keyframe.strength),
            keyframe.confidence.label()
        ));
        if unsupported {
            ui.label(RichText::new(evidence).color(palette.warning));
        } else {
            ui.label(evidence);
        }
    });
}

/// The tooltip of a power's arrow: its value now, the keyframes around the date, their evidence.
/// `theirs` is the compared map's value for the power at `date`, when a map is compared.
fn power_tooltip_ui(
    ui: &mut Ui,
    power: &Power,
    (date, theirs): (f64, Option<f64>),
    palette: &Palette,
    selected: bool,
) {
    ui.label(
        RichText::new(crate::model::display_safe(&power.name))
            .strong()
            .color(power_color(&power.color)),
    );
    let when = format_year_f64(date);
    match power.strength_at(date) {
        Some(s) => {
            let sense = if s.abs() < ZERO_STRENGTH {
                "neutral"
            } else if s > 0.0 {
                "leaning toward"
            } else {
                "leaning away"
            };
            ui.label(format!("{} in {when} ({sense})", format_strength_signed(s)));
        }
        None => {
            ui.label(format!(
                "No value in {when}: this power has no keyframes yet"
            ));
        }
    }
    if let Some(theirs) = theirs {
        ui.label(format!(
            "{} in the other map (the small ring)",
            format_strength_signed(theirs)
        ));
    }
    let track = &power.track;
    match model::bracket(track, date) {
        Bracket::Empty => {}
        Bracket::Before => {
            ui.label("Before the first keyframe; its value holds until then:");
            keyframe_line_ui(ui, "first", &track[0], palette);
        }
        Bracket::On(i) => keyframe_line_ui(ui, "on keyframe", &track[i], palette),
        Bracket::After(i) => {
            ui.label("After the last keyframe; its value holds from then:");
            keyframe_line_ui(ui, "last", &track[i], palette);
        }
        Bracket::Between(i) => {
            let how = match track[i].interpolation {
                model::Interpolation::Linear => "changing linearly",
                model::Interpolation::Hold => "held until the next",
            };
            ui.label(format!("Between two keyframes, {how}:"));
            keyframe_line_ui(ui, "from", &track[i], palette);
            keyframe_line_ui(ui, "to", &track[i + 1], palette);
        }
    }
    let hint = if selected {
        "Selected: its evidence is in the evidence panel".to_owned()
    } else {
        format!(
            "Click to select {}",
            crate::model::display_safe(&power.name)
        )
    };
    ui.label(RichText::new(hint).small().color(palette.weak_text));
}

/// The tooltip of the net-tilt arrow: what it is, where it points, what the trail shows.
fn net_tilt_tooltip_ui(ui: &mut Ui, map: &StanceMap, session: &Session, tilt: Option<model::Vec2>) {
    ui.label(RichText::new("net tilt (mean of the visible powers' vectors)").strong());
    ui.label("Their sum divided by how many are shown, so it stays inside the compass.");
    let Some(tilt) = tilt else { return };
    let length = tilt.length();
    let nearest = tilt.bearing_deg().and_then(|bearing| {
        let toward = model::bearing_unit(bearing);
        map.powers
            .iter()
            .filter(|p| session.is_visible(&p.id))
            .map(|p| {
                let u = model::bearing_unit(p.bearing_deg);
                (u.x * toward.x + u.y * toward.y, p)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| p)
    });
    match nearest {
        Some(power) if length >= ZERO_STRENGTH => {
            ui.label(format!(
                "Length {length:.2} in {}; its direction is closest to {}'s",
                format_year_f64(session.date_year_f64),
                power.name
            ));
        }
        _ => {
            ui.label("Balanced: the visible powers' pulls cancel out.");
        }
    }
    if session.trail_years.is_finite() && session.trail_years > 0.0 {
        ui.label(
            RichText::new(format!(
                "The fading trail shows where its tip was over the previous {} years.",
                session.trail_years
            ))
            .small(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

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

    #[test]
    fn segment_distance() {
        let (a, b) = (pos2(0.0, 0.0), pos2(10.0, 0.0));
        assert_eq!(distance_to_segment(pos2(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(pos2(-4.0, 3.0), a, b), 5.0);
        assert_eq!(distance_to_segment(pos2(1.0, 1.0), a, a), 2.0_f32.sqrt());
    }

    #[test]
    fn anchors_put_text_outside() {
        assert_eq!(anchor_toward(vec2(1.0, 0.0)), Align2::LEFT_CENTER);
        assert_eq!(anchor_toward(vec2(0.0, -1.0)), Align2::CENTER_BOTTOM);
    }
}
