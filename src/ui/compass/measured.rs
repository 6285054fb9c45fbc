//! Measured values on the compass: for each indicator shown, its latest measurement at the
//! date ([`Indicator::latest_at`]) as a small diamond in its power's colour on the power's
//! bearing, where an arrow of that value on the indicator's own scale ([`Indicator::to_scale`])
//! would end ([`geo::measured_marker_at`]). Solid outline with a filled centre when certain;
//! dashed and hollow when the source marks the value uncertain. Each marker is a widget
//! ("<indicator> measured") that a screen reader reaches and hovering explains: the value,
//! its date, its source, and that it was measured, not judged.
//!
//! Which indicators are shown comes from outside: the session's toggles in the window, the
//! story step's list in presenter mode and on slides ([`CompassView::show_indicators`]).

use egui::{Pos2, Rect, Response, RichText, Shape, Stroke, Ui, vec2};

use super::layout::{to_dir, to_point, to_pos};
use super::{Canvas, CompassGeometry, CompassView, Hits};
use crate::model::geometry as geo;
use crate::model::indicators::compass_indicators;
use crate::model::{
    Date, Indicator, IndicatorId, PowerId, StanceMap, display_safe, format_strength_signed,
};
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color};

/// The smallest side of a marker's hit area, in points.
const MIN_MARKER_HIT_SIZE: f32 = 14.0;

/// One measured value as drawn this frame.
#[derive(Clone, Debug)]
pub struct MeasuredMark {
    /// The indicator measured.
    pub indicator: IndicatorId,
    /// The power whose bearing it sits on.
    pub power: PowerId,
    /// The measured value, in the indicator's unit.
    pub value: f64,
    /// The value on the compass's −1…+1 scale, before clamping.
    pub scaled: f64,
    /// When it was measured.
    pub date: Date,
    /// Whether the source marks it uncertain (drawn dashed and hollow).
    pub uncertain: bool,
    /// The marker's centre on screen.
    pub center: Pos2,
    /// From the centre to each corner of the diamond, in points.
    pub half: f32,
    /// The marker's response this frame, labelled "<indicator> measured".
    pub response: Response,
}

impl CompassView {
    /// Which measured indicators the compass shows: `None` (the default) as the session's
    /// toggles say (the window); `Some(ids)` exactly those (a story step's list, in presenter
    /// mode and on slides). Either way only those whose power is shown.
    pub fn show_indicators(&mut self, ids: Option<Vec<IndicatorId>>) {
        self.shown_indicators = ids;
    }

    /// The measured values drawn in the last frame, in the map's order of indicators.
    pub fn measured(&self) -> &[MeasuredMark] {
        &self.measured
    }

    /// The indicators this compass speaks of (see [`Self::show_indicators`]), whatever the date.
    pub(super) fn indicators_shown<'a>(
        &self,
        map: &'a StanceMap,
        session: &Session,
    ) -> Vec<&'a Indicator> {
        let picked = |id: &IndicatorId| match &self.shown_indicators {
            Some(ids) => ids.contains(id),
            None => session.is_indicator_shown(id),
        };
        compass_indicators(map, picked, |p| session.is_visible(p))
    }

    /// Lay out one marker per shown indicator with a measurement at the date, and give each
    /// its interactive area and its description for screen readers.
    pub(super) fn layout_measured(
        &mut self,
        ui: &Ui,
        canvas: &Canvas,
        (map, session): (&StanceMap, &Session),
        hits: Hits,
    ) {
        self.measured.clear();
        let date = session.date_year_f64;
        let geometry = canvas.geometry;
        let half = geo::measured_marker_size(canvas.sizes.arrow_width);
        for indicator in self.indicators_shown(map, session) {
            let (Some(point), Some(power)) =
                (indicator.latest_at(date), map.power(&indicator.power))
            else {
                continue;
            };
            let scaled = indicator.to_scale(point.value);
            let dir = CompassGeometry::direction(self.shown_bearing(power));
            let center = to_pos(geo::measured_marker_at(
                to_point(geometry.center),
                to_dir(dir),
                scaled,
                geometry.radius,
            ));
            let side = (2.0 * half + 4.0).max(MIN_MARKER_HIT_SIZE);
            let rect = Rect::from_center_size(center, vec2(side, side));
            let response = ui.interact(
                rect,
                hits.base_id.with(("measured", &indicator.id.0)),
                egui::Sense::click(),
            );
            let name = display_safe(&indicator.name).into_owned();
            let value = point.value;
            response.widget_info(|| egui::WidgetInfo {
                value: Some(value),
                ..egui::WidgetInfo::labeled(egui::Role::Image, true, format!("{name} measured"))
            });
            let description = format!(
                "{} in {}, measured, not judged; {}",
                indicator.format_value(point),
                point.date,
                source_phrase(map, &point.source)
            );
            ui.ctx().accesskit_node_builder(response.id, |node| {
                node.set_description(description);
            });
            self.measured.push(MeasuredMark {
                indicator: indicator.id.clone(),
                power: power.id.clone(),
                value,
                scaled,
                date: point.date,
                uncertain: point.uncertain,
                center,
                half,
                response,
            });
        }
    }

    /// Where the markers are, for labels to keep clear of.
    pub(super) fn measured_rects(&self) -> impl Iterator<Item = Rect> + '_ {
        self.measured
            .iter()
            .map(|m| Rect::from_center_size(m.center, vec2(2.0 * m.half, 2.0 * m.half)))
    }

    /// Paint the markers laid out this frame, over the arrows: a halo of the panel's colour,
    /// then the diamond, solid with a filled centre when certain, dashed and hollow when not.
    pub(super) fn draw_measured(&self, canvas: &Canvas, map: &StanceMap, session: &Session) {
        let painter = &canvas.painter;
        for mark in &self.measured {
            let Some(power) = map.power(&mark.power) else {
                continue;
            };
            let dimmed = !session.is_in_focus(&power.id);
            let color = super::paint::focus_color(power, dimmed);
            let hovered = mark.response.hovered();
            let half = if hovered { mark.half * 1.25 } else { mark.half };
            let corners = geo::measured_marker(to_point(mark.center), half).map(to_pos);
            let width = (half * 0.35).max(1.5);
            painter.add(Shape::convex_polygon(
                corners.to_vec(),
                canvas.background,
                Stroke::new(width + 3.0, canvas.background),
            ));
            let stroke = Stroke::new(width, color);
            if mark.uncertain {
                let mut closed = corners.to_vec();
                closed.push(corners[0]);
                painter.extend(Shape::dashed_line(
                    &closed,
                    stroke,
                    (half * 0.45).max(2.5),
                    (half * 0.35).max(2.0),
                ));
            } else {
                painter.add(Shape::closed_line(corners.to_vec(), stroke));
                let inner = geo::measured_marker(to_point(mark.center), half * 0.4).map(to_pos);
                painter.add(Shape::convex_polygon(inner.to_vec(), color, Stroke::NONE));
            }
        }
    }

    /// The tooltip of the marker `i`: the indicator, its value and date, its source and note,
    /// and that it is a measurement beside the judgement.
    pub(super) fn measured_tooltip(
        &self,
        i: usize,
        map: &StanceMap,
        palette: &Palette,
        at_least: impl FnOnce(&mut Ui),
    ) {
        let Some(mark) = self.measured.get(i) else {
            return;
        };
        let Some(indicator) = map.indicator(&mark.indicator) else {
            return;
        };
        let Some(point) = indicator
            .points
            .iter()
            .find(|p| p.date == mark.date && p.value.to_bits() == mark.value.to_bits())
        else {
            return;
        };
        let color = map
            .power(&mark.power)
            .map_or(palette.text, |p| power_color(&p.color));
        egui::Tooltip::for_widget(&mark.response)
            .at_pointer()
            .gap(12.0)
            .show(|ui| {
                at_least(ui);
                ui.label(
                    RichText::new(display_safe(&indicator.name))
                        .strong()
                        .color(color),
                );
                ui.label(format!(
                    "{} in {} (measured, not judged)",
                    indicator.format_value(point),
                    point.date
                ));
                if point.uncertain {
                    ui.label(
                        RichText::new("⚠ The source marks this value as uncertain")
                            .color(palette.warning),
                    );
                }
                ui.label(format!("Source: {}", source_phrase(map, &point.source)));
                if !point.note.trim().is_empty() {
                    ui.label(display_safe(point.note.trim()));
                }
                ui.label(
                    RichText::new(format!(
                        "On its own scale ({}): drawn where a judged value of {} would end",
                        indicator.scale_label(),
                        format_strength_signed(mark.scaled.clamp(-1.0, 1.0))
                    ))
                    .small()
                    .color(palette.weak_text),
                );
            });
    }
}

/// "ISAC Fund, 2022" for a measurement's source, or a notice that it is missing.
fn source_phrase(map: &StanceMap, id: &crate::model::SourceId) -> String {
    match map.source(id) {
        Some(source) => display_safe(&source.citation("")).into_owned(),
        None => format!("unknown source \"{}\"", display_safe(&id.0)),
    }
}
