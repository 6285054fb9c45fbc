//! Colours and sizes in one place, so a projector theme is one switch.

use egui::Color32;

use crate::model::parse_hex_color;

/// The palette the views draw with, for the current light or dark mode.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Main text and strokes.
    pub text: Color32,
    /// Secondary text (ring labels, axis notes).
    pub weak_text: Color32,
    /// The compass rings.
    pub ring: Color32,
    /// The net-tilt arrow.
    pub net_tilt: Color32,
    /// Background of quote cards.
    pub card: Color32,
    /// Highlight behind a quote in the article's text.
    pub highlight: Color32,
    /// Warnings such as "no evidence".
    pub warning: Color32,
    /// The current-date cursor on the timeline.
    pub cursor: Color32,
}

impl Palette {
    /// The palette for light or dark mode.
    pub fn new(dark_mode: bool) -> Self {
        if dark_mode {
            Self {
                text: Color32::from_gray(230),
                weak_text: Color32::from_gray(160),
                ring: Color32::from_gray(85),
                net_tilt: Color32::from_rgb(255, 255, 255),
                card: Color32::from_gray(38),
                highlight: Color32::from_rgb(120, 100, 20),
                warning: Color32::from_rgb(255, 205, 60),
                cursor: Color32::from_rgb(250, 220, 90),
            }
        } else {
            Self {
                text: Color32::from_gray(20),
                weak_text: Color32::from_gray(95),
                ring: Color32::from_gray(200),
                net_tilt: Color32::from_rgb(20, 20, 20),
                card: Color32::from_gray(245),
                highlight: Color32::from_rgb(255, 230, 120),
                warning: Color32::from_rgb(150, 110, 0),
                // Dark, not orange: an orange cursor read as part of Russia's vermillion line.
                cursor: Color32::from_gray(40),
            }
        }
    }

    /// The palette for the UI's current mode.
    pub fn of(ui: &egui::Ui) -> Self {
        Self::new(ui.visuals().dark_mode)
    }
}

/// The projector palette for presenter mode and exported slides: pure black on white or white
/// on black, for contrast in a bright hall.
#[derive(Clone, Copy, Debug)]
pub struct ProjectorInk {
    /// Page background.
    pub background: Color32,
    /// Titles, captions, quotes.
    pub text: Color32,
    /// Dates, counters, citations.
    pub weak: Color32,
    /// Quote card fill.
    pub card: Color32,
    /// Quote card border.
    pub card_stroke: Color32,
    /// The current date on the time strip, the quote bar.
    pub marker: Color32,
}

impl ProjectorInk {
    /// The palette for dark or light projection.
    pub fn new(dark_mode: bool) -> Self {
        if dark_mode {
            Self {
                background: Color32::BLACK,
                text: Color32::WHITE,
                weak: Color32::from_gray(205),
                card: Color32::from_gray(26),
                card_stroke: Color32::from_gray(180),
                marker: Color32::from_rgb(255, 214, 0),
            }
        } else {
            Self {
                background: Color32::WHITE,
                text: Color32::BLACK,
                weak: Color32::from_gray(55),
                card: Color32::from_gray(242),
                card_stroke: Color32::from_gray(70),
                marker: Color32::from_rgb(180, 70, 0),
            }
        }
    }

    /// Make a ui draw in these colours (backgrounds, text, widget strokes).
    pub fn apply(&self, ui: &mut egui::Ui) {
        let visuals = ui.visuals_mut();
        visuals.panel_fill = self.background;
        visuals.window_fill = self.background;
        visuals.extreme_bg_color = self.background;
        visuals.override_text_color = Some(self.text);
        visuals.widgets.noninteractive.fg_stroke.color = self.text;
        for widget in [
            &mut visuals.widgets.inactive,
            &mut visuals.widgets.hovered,
            &mut visuals.widgets.active,
        ] {
            widget.fg_stroke.color = self.text;
            widget.bg_stroke = egui::Stroke::new(1.5, self.card_stroke);
        }
    }
}

/// A power's colour, or grey when the map's colour is not valid.
pub fn power_color(color: &str) -> Color32 {
    parse_hex_color(color).map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b))
}

/// `color`, made lighter on a dark `background` or darker on a light one until text in it
/// reaches a contrast of 4.5:1 (WCAG AA for normal text); unchanged if it already does. Power
/// colours are chosen for lines and arrows; their names and values need more contrast.
pub fn readable_on(color: Color32, background: Color32) -> Color32 {
    let toward = if luminance(background) < 0.5 {
        Color32::WHITE
    } else {
        Color32::BLACK
    };
    let mut t = 0.0;
    let mut out = color;
    while contrast(out, background) < 4.5 && t < 1.0 {
        t += 0.05;
        out = lerp_color(color, toward, t);
    }
    out
}

/// The contrast ratio of two colours, from 1 (none) to 21 (black on white).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Relative luminance (WCAG), 0 for black to 1 for white.
fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

fn lerp_color(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

#[cfg(test)]
mod contrast_tests {
    use super::*;

    #[test]
    fn text_colours_reach_4_5_to_1_on_both_themes() {
        let light = Color32::from_gray(248);
        let dark = Color32::from_gray(27);
        for hex in [
            "#0072B2", "#D55E00", "#CC79A7", "#009E73", "#F0E442", "#000000", "#FFFFFF",
        ] {
            let color = power_color(hex);
            for background in [light, dark] {
                let readable = readable_on(color, background);
                assert!(
                    contrast(readable, background) >= 4.5,
                    "{hex} on {background:?}"
                );
                if contrast(color, background) >= 4.5 {
                    assert_eq!(readable, color, "{hex} already readable: unchanged");
                }
            }
        }
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
    }
}
