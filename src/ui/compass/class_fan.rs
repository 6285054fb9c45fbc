//! A class of readings on the compass (File › Open class…, View › Show class): for each shown
//! power at the date, the class's spread as a fan along the power's bearing (the interquartile
//! range filled, min–max fainter, [`geo::class_fan`]) and the class median as a thin arrow
//! with an open chevron head ([`geo::median_head`]), dashed when it leans away. They are drawn
//! under the open map's own arrows, which stay the reading on top. Painted only: each tip's
//! accessible name and tooltip say the class's figures.
//!
//! The spreads are worked out once per date and class, not every frame.

use std::sync::Arc;

use egui::{Mesh, Pos2, Shape, Stroke};

use super::layout::{to_dir, to_point, to_pos};
use super::paint::focus_color;
use super::{Canvas, CompassGeometry, CompassView};
use crate::model::class::{Class, Spread};
use crate::model::geometry as geo;
use crate::model::{PowerId, StanceMap, format_strength_signed};
use crate::ui::session::Session;

/// One power's class figures at the date shown, and where its median was drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassFan {
    /// The power.
    pub power: PowerId,
    /// The class's spread at the date.
    pub spread: Spread,
    /// The median arrow's tip on screen, as last drawn (the centre until it is drawn).
    pub median_tip: Pos2,
    /// The way the median arrow points on screen, as last drawn.
    median_dir: egui::Vec2,
}

/// The class's spreads for one class, date and map: kept between frames.
#[derive(Default)]
pub(super) struct ClassCache {
    /// The class (by its address), the date's bits and the number of the map's powers.
    key: Option<(usize, u64, usize)>,
    /// Per power of the map that the class gives a value for at the date.
    pub(super) fans: Vec<ClassFan>,
}

/// The words a tip's name and tooltip gain: "class median +0.35 (n 28, quartiles +0.20 to
/// +0.50)".
pub fn class_phrase(spread: &Spread) -> String {
    format!(
        "class median {} (n {}, quartiles {} to {})",
        format_strength_signed(spread.median),
        spread.n,
        format_strength_signed(spread.q1),
        format_strength_signed(spread.q3),
    )
}

/// The legend's line for a class of `n` readings.
pub fn class_legend(n: usize) -> String {
    format!(
        "class of {n}: thin arrow, open head: its median; darker fan: its middle half \
         (quartiles); faint fan: its whole range"
    )
}

/// The class to draw: the session's, when View › Show class is on.
pub fn shown_class(session: &Session) -> Option<&Arc<Class>> {
    session.class.as_ref().filter(|_| session.show_class)
}

impl CompassView {
    /// Work out the class's spread at the date for each of the map's powers (once per date and
    /// class), or forget it when no class is shown.
    pub(super) fn lay_out_class(&mut self, map: &StanceMap, session: &Session) {
        let Some(class) = shown_class(session) else {
            self.class.key = None;
            self.class.fans.clear();
            return;
        };
        let key = (
            Arc::as_ptr(class) as usize,
            session.date_year_f64.to_bits(),
            map.powers.len(),
        );
        if self.class.key == Some(key) {
            return;
        }
        self.class.key = Some(key);
        self.class.fans.clear();
        for power in &map.powers {
            if let Some(spread) = class.spread_at(&power.id, session.date_year_f64) {
                self.class.fans.push(ClassFan {
                    power: power.id.clone(),
                    spread,
                    median_tip: Pos2::ZERO,
                    median_dir: egui::Vec2::ZERO,
                });
            }
        }
    }

    /// The class's figures for `power` at the date shown, if a class is shown and gives any.
    pub(super) fn class_spread(&self, power: &PowerId) -> Option<&Spread> {
        self.class
            .fans
            .iter()
            .find(|f| &f.power == power)
            .map(|f| &f.spread)
    }

    /// The class's fans of the last frame, one per power it gives a value for (shown or not:
    /// see [`Self::tips`] for the shown powers).
    pub fn class_fans(&self) -> &[ClassFan] {
        &self.class.fans
    }

    /// Paint each shown power's fan and median, under the arrows.
    pub(super) fn draw_class(&mut self, canvas: &Canvas, map: &StanceMap, session: &Session) {
        let Canvas {
            painter,
            geometry,
            sizes,
            ..
        } = canvas;
        let width = geo::median_width(sizes.arrow_width);
        for fan in &mut self.class.fans {
            let Some(tip) = self.tips.iter().find(|t| t.power == fan.power) else {
                continue;
            };
            let Some(power) = map.powers.get(tip.index) else {
                continue;
            };
            let color = focus_color(power, !session.is_in_focus(&power.id));
            let center = to_point(tip.start);
            let dir = to_dir(CompassGeometry::direction(tip.bearing_deg));
            let s = fan.spread;
            for (range, opacity) in [
                ((s.min, s.max), geo::FAN_RANGE_OPACITY),
                ((s.q1, s.q3), geo::FAN_QUARTILE_OPACITY),
            ] {
                let fill = color.gamma_multiply(opacity);
                for piece in
                    geo::class_fan(center, dir, range, geometry.radius, geo::FAN_HALF_ANGLE_DEG)
                        .into_iter()
                        .flatten()
                {
                    painter.add(fan_mesh(&piece, fill));
                }
            }
            // The median: a thin shaft, dashed when leaning away, and an open chevron.
            let median = s.median.clamp(-1.0, 1.0);
            let (out, end) = geo::arrow_tip(center, dir, median, geometry.radius);
            let end_pos = to_pos(end);
            fan.median_tip = end_pos;
            if geo::is_zero_strength(median) {
                painter.circle_stroke(end_pos, width * 2.5, Stroke::new(width, color));
                continue;
            }
            let stroke = Stroke::new(width, color);
            if median < 0.0 {
                painter.extend(Shape::dashed_line(
                    &[tip.start, end_pos],
                    stroke,
                    width * 4.0,
                    width * 3.0,
                ));
            } else {
                painter.line_segment([tip.start, end_pos], stroke);
            }
            fan.median_dir = to_pos(out).to_vec2();
        }
    }

    /// Paint each median's open chevron over the arrows, on a halo of the background, so a
    /// median under the map's own arrow still shows where it ends.
    pub(super) fn draw_class_heads(&self, canvas: &Canvas, map: &StanceMap, session: &Session) {
        let Canvas {
            painter,
            geometry,
            sizes,
            background,
            ..
        } = canvas;
        let width = geo::median_width(sizes.arrow_width);
        let head = geo::head_length(sizes.arrow_width, geometry.radius) * 0.8;
        for fan in &self.class.fans {
            let Some(tip) = self.tips.iter().find(|t| t.power == fan.power) else {
                continue;
            };
            let Some(power) = map.powers.get(tip.index) else {
                continue;
            };
            if geo::is_zero_strength(fan.spread.median) {
                continue;
            }
            let color = focus_color(power, !session.is_in_focus(&power.id));
            let dir = to_dir(fan.median_dir);
            for [a, b] in geo::median_head(to_point(fan.median_tip), dir, head) {
                let segment = [to_pos(a), to_pos(b)];
                painter.line_segment(segment, Stroke::new(width * 3.2, *background));
                painter.line_segment(segment, Stroke::new(width * 1.4, color));
            }
        }
    }
}

/// One piece of a fan as a filled strip between its inner and outer arcs.
fn fan_mesh(piece: &geo::FanPiece<f32>, fill: egui::Color32) -> Shape {
    let mut mesh = Mesh::default();
    let n = geo::FAN_ARC_POINTS;
    mesh.reserve_vertices(2 * n);
    mesh.reserve_triangles(2 * (n - 1));
    for (inner, outer) in piece.inner.iter().zip(&piece.outer) {
        mesh.colored_vertex(to_pos(*inner), fill);
        mesh.colored_vertex(to_pos(*outer), fill);
    }
    #[allow(clippy::cast_possible_truncation)] // a handful of arc points
    for i in 0..(n as u32 - 1) {
        let (a, b) = (2 * i, 2 * i + 1);
        mesh.add_triangle(a, b, a + 2);
        mesh.add_triangle(b, b + 2, a + 2);
    }
    Shape::mesh(mesh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phrase_gives_median_count_and_quartiles() {
        let spread = Spread {
            n: 28,
            median: 0.35,
            q1: 0.2,
            q3: 0.5,
            min: -0.1,
            max: 0.9,
            mean: 0.36,
            sd: 0.2,
        };
        assert_eq!(
            class_phrase(&spread),
            "class median +0.35 (n 28, quartiles +0.20 to +0.50)"
        );
        assert!(class_legend(28).starts_with("class of 28: thin arrow"));
    }
}
