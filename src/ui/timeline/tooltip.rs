//! The timeline's hover text (a keyframe, a measured point, an event, the date cursor, a
//! span where judgement and data part), the pointer's shape, and
//! the label beside a dragged marker.

use egui::{Align2, CursorIcon, RichText};
use egui_plot::{PlotPoint, PlotTransform};

use super::{DRAG_LABEL_GAP_PT, Hover, KeyframeDrag, TimelineView};
use crate::model::band::Standing;
use crate::model::indicators::Divergence;
use crate::model::{Interpolation, StanceMap, display_safe, format_strength_signed};
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color};

impl TimelineView {
    /// What the pointer shows: while a marker is dragged, the grabbing hand and the marker's
    /// live date and value beside it; else the shape for what it is over, and its hover text.
    pub(super) fn pointer_feedback_ui(
        &self,
        ui: &egui::Ui,
        map: &StanceMap,
        session: &Session,
        hover: Option<Hover>,
        plot_response: &egui::Response,
    ) {
        let palette = Palette::of(ui);
        if let Some(d) = self.drag.as_ref().filter(|d| d.moved) {
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
            if let Some(transform) = &self.transform {
                drag_label_ui(ui, map, d, transform, &palette);
            }
        } else if let Some(hover) = hover {
            let icon = match hover {
                Hover::Cursor => CursorIcon::ResizeHorizontal,
                Hover::Keyframe {
                    draggable: true, ..
                } => CursorIcon::Grab,
                Hover::Keyframe { .. } => CursorIcon::PointingHand,
                Hover::Event(_) | Hover::Indicator { .. } | Hover::Divergence(_) => {
                    CursorIcon::Default
                }
            };
            ui.ctx().set_cursor_icon(icon);
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                plot_response.layer_id,
                plot_response.id,
                egui::PopupAnchor::Pointer,
            )
            .gap(12.0)
            .show(|ui| match hover {
                Hover::Indicator { indicator, point } => {
                    indicator_hover_ui(ui, map, indicator, point, &palette);
                }
                Hover::Divergence(i) => {
                    if let Some(divergence) = self
                        .divergences
                        .get(i)
                        .and_then(|mark| self.all_divergences.all.get(mark.index))
                    {
                        divergence_hover_ui(ui, map, divergence, &palette);
                    }
                }
                _ => hover_ui(ui, map, session, hover, &palette, false),
            });
        }
    }
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

/// The hover text: a keyframe's power, date, value and evidence, an event's title and date,
/// or the date under the cursor. `keyboard` when it is the keyframe the keyboard is on: its
/// hint names keys rather than clicks.
pub(super) fn hover_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    session: &Session,
    hover: Hover,
    palette: &Palette,
    keyboard: bool,
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
                crate::model::exercise::keyframe_value_text(k)
            ));
            // The other map's value at the same date, on its dashed line.
            if let Some(theirs) = session
                .comparison
                .as_deref()
                .and_then(|other| other.power(&p.id))
                .and_then(|other| crate::model::judged_sample(&other.track, k.date.to_year_f64()))
            {
                ui.label(format!(
                    "{} in the other map (dashed line)",
                    format_strength_signed(theirs)
                ));
            }
            if k.interpolation == Interpolation::Hold {
                ui.label(RichText::new("holds until the next keyframe").color(palette.weak_text));
            }
            let standing = Standing::of(k);
            if standing.quotes == 0 {
                ui.colored_label(palette.warning, "No evidence");
            } else if standing.warns() {
                ui.colored_label(palette.warning, capitalised(&standing.phrase()));
            } else {
                ui.label(standing.phrase());
            }
            ui.label(
                RichText::new(format!(
                    "{} confidence: the shaded band, ±{:.2} (wide = low)",
                    capitalised(k.confidence.label()),
                    k.confidence.band_half_width()
                ))
                .color(palette.weak_text),
            );
            let hint = if keyboard {
                "Enter to select, Left and Right for the next keyframe"
            } else if draggable {
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
        // Told by `indicator_hover_ui` and `divergence_hover_ui`.
        Hover::Indicator { .. } | Hover::Divergence(_) => {}
        Hover::Cursor => {
            ui.label(map.date_label(session.date_year_f64));
            ui.label(
                RichText::new("Drag to change the date")
                    .small()
                    .color(palette.weak_text),
            );
        }
    }
}

/// A measured point's hover text: the indicator, the value with its unit and date, the source
/// it cites (and where to read it), the source's note, whether the figure is uncertain, and
/// that it is measured, not judged.
fn indicator_hover_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    indicator: usize,
    point: usize,
    palette: &Palette,
) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    let Some(i) = map.indicators.get(indicator) else {
        return;
    };
    let Some(p) = i.points.get(point) else {
        return;
    };
    let color = map
        .power(&i.power)
        .map_or(palette.text, |power| power_color(&power.color));
    ui.label(RichText::new(display_safe(&i.name)).strong().color(color));
    let value = format!("{}: {}", p.date, i.format_value(p));
    if p.uncertain {
        ui.colored_label(palette.warning, format!("⚠ {value}"));
    } else {
        ui.label(value);
    }
    match map.source(&p.source) {
        Some(source) => {
            ui.label(format!("Source: {}", display_safe(&source.citation(""))));
            if !source.url.trim().is_empty() {
                ui.label(
                    RichText::new(display_safe(source.url.trim()))
                        .small()
                        .color(palette.weak_text),
                );
            }
        }
        None => {
            ui.colored_label(
                palette.warning,
                format!("Source \"{}\" is not in the map", p.source.0),
            );
        }
    }
    if !p.note.trim().is_empty() {
        ui.label(display_safe(p.note.trim()));
    }
    if p.uncertain {
        ui.colored_label(
            palette.warning,
            "uncertain: sources differ, or the figure's period or origin is unclear",
        );
    }
    ui.label(
        RichText::new(format!("measured, not judged · scale {}", i.scale_label()))
            .color(palette.weak_text),
    );
}

/// A divergence box's hover text: the span in words, as the evidence panel says it.
fn divergence_hover_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    divergence: &Divergence,
    palette: &Palette,
) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    ui.label(RichText::new("Judgement and data part here").strong());
    ui.label(divergence.describe(map));
    ui.label(
        RichText::new("The judged line and the measurement moved in opposite directions")
            .small()
            .color(palette.weak_text),
    );
}

/// Text with its first letter in upper case, to start a line.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
