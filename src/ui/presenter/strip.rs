//! Presenter mode's timeline strip along the bottom: the map's span with its years, the
//! steps as ticks, the date as a moving marker, and the step counter.

use egui::{Align2, FontId, Rect, Sense, Stroke, Ui, pos2};

use super::layout::TypeSizes;
use super::{AUTOPLAY_INDICATOR, PresenterView, step_counter};
use crate::model::geometry as geo;
use crate::model::{Indicator, IndicatorId, StanceMap, display_safe};
use crate::ui::session::Session;
use crate::ui::theme::{ProjectorInk, power_color};

impl PresenterView {
    /// The timeline strip: the map's span, the steps as ticks, the date as a moving marker, and
    /// the step counter.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn strip_ui(
        &self,
        ui: &mut Ui,
        map: &StanceMap,
        session: &Session,
        strip: Rect,
        margin: f32,
        sizes: &TypeSizes,
        ink: &ProjectorInk,
    ) {
        let painter = ui.painter_at(strip);
        let font = FontId::proportional(sizes.small);
        let line_width = (2.0 * sizes.window).max(1.5);

        let right_x = self.counter_ui(ui, map, strip, margin, sizes, ink);

        // The track.
        let left = strip.left() + margin;
        let right = right_x - margin * 1.5;
        if right - left < 40.0 {
            return;
        }
        let line_y = strip.top() + sizes.small * 2.1;
        let (lo, hi) = strip_span(map, session.date_year_f64);
        let scale = Scale {
            left,
            right,
            lo,
            hi,
        };
        let x_of = |year_f64: f64| scale.x_of(year_f64);
        let track = Rect::from_min_max(pos2(left, strip.top()), pos2(right, strip.bottom()));
        // Mid-glide the marker moves, but its label already says where it is going, as the
        // step's header does: the two never disagree.
        let current_label = match (&self.transition, map.story.get(self.step)) {
            (Some(_), Some(step)) => step.date.to_string(),
            _ => map.date_label(session.date_year_f64),
        };
        let track_response = ui.allocate_rect(track, Sense::hover());
        track_response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Canvas,
                true,
                format!("Timeline, {current_label}"),
            )
        });
        painter.line_segment(
            [pos2(left, line_y), pos2(right, line_y)],
            Stroke::new(line_width, ink.text),
        );

        years_ui(ui, &painter, scale, line_y, sizes, ink);

        // The measured values the step names, above the track.
        let shown = map
            .story
            .get(self.step)
            .map(|step| measured_ui(&painter, map, &step.indicators, scale, line_y, sizes))
            .unwrap_or_default();
        if !shown.is_empty() {
            let said: Vec<String> = shown
                .iter()
                .map(|i| format!("{}, {} values", display_safe(&i.name), i.points.len()))
                .collect();
            ui.ctx().accesskit_node_builder(track_response.id, |node| {
                node.set_description(format!("Measured, not judged: {}", said.join("; ")));
            });
            // What the points are, at the track's start, in the room before the first point:
            // the names and scales where they fit, else fewer words, else none (the points
            // never lie under text).
            let key = shown
                .iter()
                .map(|i| format!("{} {}", display_safe(&i.name), i.scale_label()))
                .collect::<Vec<_>>()
                .join(", ");
            let first_x = shown
                .iter()
                .filter_map(|i| i.points.first())
                .map(|p| x_of(p.date.to_year_f64()))
                .fold(right, f32::min);
            let room = first_x - left - sizes.small * 0.6;
            let key_font = FontId::proportional(sizes.shrunk(sizes.small, 0.85));
            let fits = [
                format!("◊ measured, own scale: {key}"),
                "◊ measured, each on its own scale".to_owned(),
                "◊ measured".to_owned(),
            ]
            .into_iter()
            .map(|text| painter.layout_no_wrap(text, key_font.clone(), ink.weak))
            .find(|galley| galley.size().x <= room);
            if let Some(galley) = fits {
                let at = pos2(left, line_y - sizes.small * 0.3 - galley.size().y);
                painter.galley(at, galley, ink.weak);
            }
        }

        // The steps.
        for (i, step) in map.story.iter().enumerate() {
            let x = x_of(step.date.to_year_f64());
            if i == self.step {
                painter.circle(
                    pos2(x, line_y),
                    sizes.small * 0.32,
                    ink.text,
                    Stroke::new(line_width * 0.5, ink.background),
                );
            } else {
                painter.line_segment(
                    [pos2(x, line_y - sizes.small * 0.55), pos2(x, line_y)],
                    Stroke::new(line_width * 1.5, ink.text),
                );
            }
        }

        // The date now, as a marker with its label above.
        let x = x_of(session.date_year_f64);
        let tip = pos2(x, line_y - sizes.small * 0.15);
        let half = sizes.small * 0.35;
        painter.add(egui::Shape::convex_polygon(
            vec![
                tip,
                pos2(x - half, tip.y - half * 1.4),
                pos2(x + half, tip.y - half * 1.4),
            ],
            ink.marker,
            Stroke::NONE,
        ));
        let galley = ui.painter().layout_no_wrap(current_label, font, ink.marker);
        let label_x = (x - galley.size().x * 0.5).clamp(left, (right - galley.size().x).max(left));
        painter.galley(
            pos2(label_x, tip.y - half * 1.5 - galley.size().y),
            galley,
            ink.marker,
        );
    }

    /// The step counter and, with autoplay on, its indicator, at the strip's right end.
    /// Returns where they begin, so the track stops short of them.
    fn counter_ui(
        &self,
        ui: &mut Ui,
        map: &StanceMap,
        strip: Rect,
        margin: f32,
        sizes: &TypeSizes,
        ink: &ProjectorInk,
    ) -> f32 {
        let small_font = FontId::proportional(sizes.shrunk(sizes.small, 0.85));
        let count = map.story.len();
        let counter_text = step_counter(self.step, count);
        let counter = ui.painter().layout_no_wrap(
            counter_text,
            FontId::proportional(sizes.small * 1.15),
            ink.text,
        );
        let indicator =
            ui.painter()
                .layout_no_wrap(AUTOPLAY_INDICATOR.to_owned(), small_font, ink.weak);
        let right_width = counter.size().x.max(indicator.size().x);
        let counter_rect = Rect::from_min_size(
            pos2(
                strip.right() - margin - counter.size().x,
                strip.center().y - counter.size().y * 0.5,
            ),
            counter.size(),
        );
        ui.put(counter_rect, egui::Label::new(counter).selectable(false));
        if self.autoplay {
            let rect = Rect::from_min_size(
                pos2(
                    strip.right() - margin - indicator.size().x,
                    counter_rect.top() - indicator.size().y,
                ),
                indicator.size(),
            );
            ui.put(rect, egui::Label::new(indicator).selectable(false));
        }
        strip.right() - margin - right_width
    }
}

/// The span the timeline strip shows: the map's, widened to hold every step and the date now.
fn strip_span(map: &StanceMap, date_year_f64: f64) -> (f64, f64) {
    let mut span = map.span_year_f64();
    let dates = map
        .story
        .iter()
        .map(|s| s.date.to_year_f64())
        .chain(std::iter::once(date_year_f64).filter(|d| d.is_finite()));
    for y in dates {
        span = Some(span.map_or((y, y), |(lo, hi)| (lo.min(y), hi.max(y))));
    }
    let (lo, hi) = span.unwrap_or((2000.0, 2020.0));
    if hi - lo < 1.0 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    }
}

/// Where the strip's track runs on screen (`left`..`right`) and the years it shows (`lo`..`hi`).
#[derive(Clone, Copy)]
struct Scale {
    left: f32,
    right: f32,
    lo: f64,
    hi: f64,
}

impl Scale {
    /// Where a date sits on the track, clamped to its ends.
    fn x_of(self, year_f64: f64) -> f32 {
        let Self {
            left,
            right,
            lo,
            hi,
        } = self;
        let t = ((year_f64 - lo) / (hi - lo)).clamp(0.0, 1.0) as f32;
        left + (right - left) * t
    }
}

/// The years under the track, at a spacing that leaves room for their labels.
fn years_ui(
    ui: &Ui,
    painter: &egui::Painter,
    scale: Scale,
    line_y: f32,
    sizes: &TypeSizes,
    ink: &ProjectorInk,
) {
    let Scale {
        left,
        right,
        lo,
        hi,
    } = scale;
    let small_font = FontId::proportional(sizes.shrunk(sizes.small, 0.85));
    let line_width = (2.0 * sizes.window).max(1.5);
    let x_of = |year_f64: f64| scale.x_of(year_f64);
    let label_width = ui
        .painter()
        .layout_no_wrap("8888".to_owned(), small_font.clone(), ink.weak)
        .size()
        .x;
    let per_year = f64::from(right - left) / (hi - lo);
    let year_step = [1_i32, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| per_year * f64::from(*s) >= f64::from(label_width * 1.8))
        .unwrap_or(100);
    let mut year = (lo / f64::from(year_step)).ceil() as i32 * year_step;
    while f64::from(year) <= hi {
        let x = x_of(f64::from(year));
        painter.line_segment(
            [pos2(x, line_y), pos2(x, line_y + sizes.small * 0.35)],
            Stroke::new(line_width * 0.6, ink.weak),
        );
        painter.text(
            pos2(x, line_y + sizes.small * 0.45),
            Align2::CENTER_TOP,
            year.to_string(),
            small_font.clone(),
            ink.weak,
        );
        year += year_step;
    }
}

/// The points of each indicator in `ids` (a story step's list) along the strip, in its power's
/// colour, just above the track: the higher, the closer on the indicator's own scale (its
/// `to_scale`, clamped). Points of one run are joined; a gap stays a gap. An uncertain value is
/// a hollow diamond, a certain one filled. Returns the indicators drawn.
fn measured_ui<'a>(
    painter: &egui::Painter,
    map: &'a StanceMap,
    ids: &[IndicatorId],
    scale: Scale,
    line_y: f32,
    sizes: &TypeSizes,
) -> Vec<&'a Indicator> {
    let mut said = Vec::new();
    let (bottom, height) = (line_y - sizes.small * 0.2, sizes.small * 1.0);
    let half = (sizes.small * 0.16).max(3.0);
    let width = (1.2 * sizes.window).max(1.2);
    for indicator in map.indicators.iter().filter(|i| ids.contains(&i.id)) {
        let Some(power) = map.power(&indicator.power) else {
            continue;
        };
        let color = power_color(&power.color);
        let at = |p: &crate::model::IndicatorPoint| {
            let t = (indicator.to_scale(p.value).clamp(-1.0, 1.0) + 1.0) * 0.5;
            let t = if t.is_finite() { t as f32 } else { 0.5 };
            pos2(scale.x_of(p.date.to_year_f64()), bottom - height * t)
        };
        for run in indicator.runs() {
            let line: Vec<_> = indicator.points[run].iter().map(at).collect();
            if line.len() > 1 {
                painter.add(egui::Shape::line(line, Stroke::new(width, color)));
            }
        }
        for point in &indicator.points {
            let corners = geo::measured_marker(to_point(at(point)), half).map(to_pos);
            let fill = if point.uncertain {
                egui::Color32::TRANSPARENT
            } else {
                color
            };
            painter.add(egui::Shape::convex_polygon(
                corners.to_vec(),
                fill,
                Stroke::new(width, color),
            ));
        }
        said.push(indicator);
    }
    said
}

/// A geometry point from an egui position.
fn to_point(p: egui::Pos2) -> geo::Point<f32> {
    geo::Point { x: p.x, y: p.y }
}

/// An egui position from a geometry point.
fn to_pos(p: geo::Point<f32>) -> egui::Pos2 {
    pos2(p.x, p.y)
}
