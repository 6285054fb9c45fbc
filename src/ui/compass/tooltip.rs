//! What hovering explains: a power's value at the date, the keyframes around it and their
//! evidence; or what the net tilt is and where it points.

use egui::{Response, RichText, Ui};

use super::{CompassView, Hovered};
use crate::model::band::Standing;
use crate::model::geometry::ZERO_STRENGTH;
use crate::model::{
    self, Bracket, Keyframe, Power, StanceMap, format_strength_signed, format_year_f64,
};
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color};

impl CompassView {
    /// The tooltip of what the pointer is over (an arrow or the net tilt), at the pointer.
    pub(super) fn tooltip_ui(
        &self,
        hovered: Option<Hovered>,
        background: &Response,
        map: &StanceMap,
        session: &Session,
        palette: &Palette,
        net_tilt: Option<model::Vec2>,
    ) {
        let date = session.date_year_f64;
        // With a minimum text size (presenter mode), the explanations read from afar too.
        let min_text = self.min_text_size;
        let at_least = move |ui: &mut Ui| {
            if min_text > 0.0 {
                ui.set_max_width(min_text * 24.0);
                for font in ui.style_mut().text_styles.values_mut() {
                    font.size = font.size.max(min_text);
                }
            }
        };

        match hovered {
            Some(Hovered::Power(i)) => {
                let tip = &self.tips[i];
                if let Some(power) = map.powers.get(tip.index) {
                    let selected_now = session.selected_power.as_ref() == Some(&power.id);
                    let theirs = session
                        .comparison
                        .as_deref()
                        .and_then(|other| other.power(&power.id))
                        .and_then(|other| model::judged_sample(&other.track, date));
                    let class = self.class_spread(&power.id).map(|s| {
                        format!(
                            "{}: the fan is the middle half of the class, the fainter one all \
                             of it; the thin arrow its median",
                            super::class_phrase(s)
                        )
                    });
                    egui::Tooltip::for_widget(&tip.response)
                        .at_pointer()
                        .gap(12.0)
                        .show(|ui| {
                            at_least(ui);
                            power_tooltip_ui(ui, power, (date, theirs), palette, selected_now);
                            if let Some(class) = &class {
                                ui.label(class);
                            }
                        });
                }
            }
            Some(Hovered::NetTilt) => {
                egui::Tooltip::for_widget(background)
                    .at_pointer()
                    .gap(12.0)
                    .show(|ui| {
                        at_least(ui);
                        net_tilt_tooltip_ui(ui, map, session, net_tilt);
                    });
            }
            Some(Hovered::Measured(i)) => self.measured_tooltip(i, map, palette, at_least),
            None => {}
        }
    }
}

/// "2 quotes", or a warning that a value stands without support or is contested.
fn evidence_phrase(keyframe: &Keyframe) -> (String, bool) {
    let standing = Standing::of(keyframe);
    (standing.phrase(), standing.warns())
}

/// One keyframe as a line: its role, date, strength, confidence and evidence.
fn keyframe_line_ui(ui: &mut Ui, role: &str, keyframe: &Keyframe, palette: &Palette) {
    let (evidence, unsupported) = evidence_phrase(keyframe);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        if keyframe.unjudged {
            ui.label(format!(
                "{role} {}: {}, ",
                keyframe.date,
                model::exercise::NOT_YET_JUDGED
            ));
        } else {
            ui.label(format!(
                "{role} {}: {} ({} confidence), ",
                keyframe.date,
                format_strength_signed(keyframe.strength),
                keyframe.confidence.label()
            ));
        }
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
    match model::judged_sample(&power.track, date) {
        None if !power.track.is_empty() => {
            ui.label(format!(
                "Not yet judged in {when}: read the evidence, then drag the ? toward {} or away \
                 from it to judge it",
                crate::model::display_safe(&power.name)
            ));
        }
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
/// The visible power whose direction is closest to the net tilt's, if it has one.
fn nearest_power<'m>(
    map: &'m StanceMap,
    session: &Session,
    tilt: model::Vec2,
) -> Option<&'m model::Power> {
    tilt.bearing_deg().and_then(|bearing| {
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
    })
}

/// What a screen reader calls the net-tilt arrow: its length and the power its direction is
/// closest to, as the tooltip says ("Net tilt, length 0.42, closest to Russia"), or
/// "Net tilt, balanced".
pub(super) fn net_tilt_name(map: &StanceMap, session: &Session, tilt: model::Vec2) -> String {
    let length = tilt.length();
    let left_out = super::layout::left_out_of_tilt(map, session, session.date_year_f64);
    match nearest_power(map, session, tilt) {
        Some(power) if length >= ZERO_STRENGTH => format!(
            "Net tilt, length {length:.2}, closest to {}{left_out}",
            crate::model::display_safe(&power.name)
        ),
        _ => format!("Net tilt, balanced{left_out}"),
    }
}

fn net_tilt_tooltip_ui(ui: &mut Ui, map: &StanceMap, session: &Session, tilt: Option<model::Vec2>) {
    ui.label(RichText::new("net tilt (mean of the visible powers' vectors)").strong());
    ui.label("Their sum divided by how many are shown, so it stays inside the compass.");
    let left_out = super::layout::left_out_of_tilt(map, session, session.date_year_f64);
    if let Some(left_out) = left_out.strip_prefix(", leaving out ") {
        ui.label(format!("It leaves out {left_out}: they have no value yet."));
    }
    let Some(tilt) = tilt else { return };
    let length = tilt.length();
    match nearest_power(map, session, tilt) {
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
