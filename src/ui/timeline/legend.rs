//! The timeline's legend: one line under the time axis that names each mark the plot draws,
//! each beside a small copy of the mark itself.

use egui::{Pos2, Rect, Shape, Stroke, Vec2};

use super::{
    BAND_ALPHA, CONTESTED_MARKER_RADIUS, DIVERGENCE_BORDER_ALPHA, DIVERGENCE_FILL_ALPHA,
    INDICATOR_DOT_RADIUS_PT, INDICATOR_MARKER_HALF_PT, MARKER_RADIUS,
};
use crate::model::geometry as geo;
use crate::ui::theme::Palette;

/// The height the legend takes under the plot, in points.
pub(super) const LEGEND_HEIGHT_PT: f32 = 18.0;

/// One mark of the legend.
#[derive(Clone, Copy)]
enum Mark {
    Keyframe,
    Contested,
    NoSupport,
    Band,
    Event,
    Measured,
    Divergence,
    Class,
}

/// The legend's entries: the mark, its words, and the tooltip that says more.
const ENTRIES: [(Mark, &str, &str); 5] = [
    (
        Mark::Keyframe,
        "keyframe",
        "A dot is a keyframe: a value the analyst set at that date, with its evidence",
    ),
    (
        Mark::Contested,
        "contested",
        "A ring with ≠: some of the keyframe's quotes point against its value",
    ),
    (
        Mark::NoSupport,
        "no support",
        "A hollow diamond: no quote supports the keyframe's value",
    ),
    (
        Mark::Band,
        "confidence",
        "The pale band around a line: the analyst's confidence; wide means low",
    ),
    (
        Mark::Event,
        "event",
        "A triangle along the top and a dashed line: an event; a shaded year is an event dated \
         by its year alone",
    ),
];

/// The entries added while the map has measured indicators.
const MEASURED_ENTRIES: [(Mark, &str, &str); 2] = [
    (
        Mark::Measured,
        "measured",
        "Dotted steps with squares in a power's colour: a measured indicator from its source, \
         on its own scale (a percentage reads on the right axis), not the analyst's judgement; \
         a year's value spans its year, a gap is a period without data, a hollow square an \
         uncertain figure",
    ),
    (
        Mark::Divergence,
        "judgement and data part",
        "A pale box: between two keyframes the judged line and a measured indicator moved in \
         opposite directions, each by more than the threshold",
    ),
];

/// The entry added while a class of readings is shown.
const CLASS_ENTRY: (Mark, &str, &str) = (
    Mark::Class,
    "class",
    "The class of readings opened with File › Open class…: the darker band is its middle half \
     (between the quartiles), the fainter one all of it, the dashed line its median; only the \
     selected power's when one is selected",
);

/// Draw the legend on one line of at most [`LEGEND_HEIGHT_PT`] (cut off at the right in a
/// very narrow window): the plot above takes the rest, so the panel never grows.
/// The entries for measured indicators are added only when the map has some (`measured`), the
/// class's only while one is shown (`class`).
pub(super) fn legend_ui(ui: &mut egui::Ui, palette: &Palette, measured: bool, class: bool) {
    let size = Vec2::new(ui.available_width(), LEGEND_HEIGHT_PT);
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_clip_rect(ui.clip_rect().intersect(ui.max_rect()));
            ui.spacing_mut().item_spacing.x = 4.0;
            let extra: &[(Mark, &str, &str)] = if measured { &MEASURED_ENTRIES } else { &[] };
            let class: &[(Mark, &str, &str)] = if class { &[CLASS_ENTRY] } else { &[] };
            for &(mark, words, tooltip) in ENTRIES.iter().chain(extra).chain(class) {
                let (rect, _) = ui.allocate_exact_size(Vec2::splat(14.0), egui::Sense::hover());
                paint_mark(ui, mark, rect, palette);
                ui.label(
                    egui::RichText::new(words)
                        .size(12.0)
                        .color(palette.weak_text),
                )
                .on_hover_text(tooltip);
                ui.add_space(8.0);
            }
        },
    );
}

/// A small copy of `mark` as the plot draws it, in `rect`.
fn paint_mark(ui: &egui::Ui, mark: Mark, rect: Rect, palette: &Palette) {
    let painter = ui.painter();
    let c = rect.center();
    let background = ui.visuals().extreme_bg_color;
    match mark {
        Mark::Keyframe => {
            painter.circle_filled(c, MARKER_RADIUS, palette.text);
        }
        Mark::Contested => {
            let stroke = Stroke::new(1.5, palette.warning);
            let r = CONTESTED_MARKER_RADIUS;
            painter.circle_filled(c, r, background);
            painter.circle_stroke(c, r, stroke);
            for [a, b] in geo::contested_mark(geo::Point { x: c.x, y: c.y }, r) {
                painter.line_segment([Pos2::new(a.x, a.y), Pos2::new(b.x, b.y)], stroke);
            }
        }
        Mark::NoSupport => {
            let r = 5.5;
            let diamond = vec![
                Pos2::new(c.x, c.y - r),
                Pos2::new(c.x + r, c.y),
                Pos2::new(c.x, c.y + r),
                Pos2::new(c.x - r, c.y),
            ];
            painter.add(Shape::closed_line(
                diamond,
                Stroke::new(1.5, palette.warning),
            ));
        }
        Mark::Band => {
            let band = Rect::from_center_size(c, Vec2::new(14.0, 9.0));
            painter.rect_filled(band, 0.0, palette.text.gamma_multiply(BAND_ALPHA * 2.0));
            painter.line_segment(
                [Pos2::new(band.left(), c.y), Pos2::new(band.right(), c.y)],
                Stroke::new(1.8, palette.text),
            );
        }
        Mark::Measured => {
            let y = c.y;
            for i in 0..4 {
                let x = rect.left() + 1.0 + 4.0 * i as f32;
                painter.circle_filled(Pos2::new(x, y), INDICATOR_DOT_RADIUS_PT, palette.text);
            }
            let square = Rect::from_center_size(c, Vec2::splat(2.0 * INDICATOR_MARKER_HALF_PT));
            painter.rect_filled(square, 0.0, palette.text);
        }
        Mark::Divergence => {
            let r = Rect::from_center_size(c, Vec2::new(14.0, 10.0));
            painter.rect_filled(
                r,
                2.0,
                palette.warning.gamma_multiply(DIVERGENCE_FILL_ALPHA),
            );
            painter.rect_stroke(
                r,
                2.0,
                Stroke::new(1.0, palette.warning.gamma_multiply(DIVERGENCE_BORDER_ALPHA)),
                egui::StrokeKind::Inside,
            );
        }
        Mark::Class => {
            let range = Rect::from_center_size(c, Vec2::new(14.0, 12.0));
            painter.rect_filled(range, 0.0, palette.text.gamma_multiply(0.1));
            let quartiles = Rect::from_center_size(c, Vec2::new(14.0, 6.0));
            painter.rect_filled(quartiles, 0.0, palette.text.gamma_multiply(0.28));
            painter.extend(Shape::dashed_line(
                &[Pos2::new(range.left(), c.y), Pos2::new(range.right(), c.y)],
                Stroke::new(1.5, palette.text),
                3.0,
                2.0,
            ));
        }
        Mark::Event => {
            let r = 4.5;
            let triangle = vec![
                Pos2::new(c.x - r, c.y - r * 0.6),
                Pos2::new(c.x + r, c.y - r * 0.6),
                Pos2::new(c.x, c.y + r * 0.8),
            ];
            painter.add(Shape::convex_polygon(
                triangle,
                palette.weak_text,
                Stroke::NONE,
            ));
        }
    }
}
