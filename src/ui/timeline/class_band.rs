//! A class of readings on the timeline (View › Show class): per shown power, the class's
//! interquartile range as a band, min–max as a fainter band, and the median as a dashed line,
//! under the open map's own lines. Sampled at a bounded number of dates (the power's keyframe
//! dates in the window and [`CLASS_STEPS`] steps across it), and rebuilt only when the class,
//! the window or the powers shown change, not every frame. Where a power is selected and more
//! than one power is shown, only the selected power's class is drawn: several overlapping
//! fans are a wash of colour.

use std::sync::Arc;

use egui_plot::{Line, LineStyle, PlotItemBase, PlotPoint, PlotPoints, PlotUi};

use super::View;
use super::draw::BandArea;
use crate::model::band::Band;
use crate::model::{PowerId, StanceMap};
use crate::ui::compass::shown_class;
use crate::ui::session::Session;
use crate::ui::theme::power_color;

/// How many evenly spaced dates across the window the class is sampled at, besides the
/// keyframe dates.
pub const CLASS_STEPS: usize = 100;
/// How much of the power's colour the interquartile band keeps.
const QUARTILE_ALPHA: f32 = 0.28;
/// How much of the power's colour the min–max band keeps.
const RANGE_ALPHA: f32 = 0.1;
/// How much of the power's colour the median's dashed line keeps.
const MEDIAN_ALPHA: f32 = 0.9;
/// The width of the median's dashed line.
const MEDIAN_WIDTH: f32 = 1.5;

/// One power's class as drawn on the timeline.
pub struct ClassBand {
    /// The power.
    pub power: PowerId,
    /// The interquartile range over the dates sampled.
    pub quartiles: Band,
    /// The range from the lowest to the highest value.
    pub range: Band,
    /// The median at each date sampled.
    pub median: Vec<PlotPoint>,
}

/// The class's bands and what they were built for.
#[derive(Default)]
pub(super) struct ClassBands {
    /// The class (by address), the window's bits, and the powers drawn.
    key: Option<(usize, (u64, u64), Vec<PowerId>)>,
    /// One per power drawn.
    pub(super) bands: Vec<ClassBand>,
}

impl ClassBands {
    /// Build the bands for the part of the years in view, unless they are built already.
    pub(super) fn rebuild(&mut self, map: &StanceMap, session: &Session, view: &View) {
        let Some(class) = shown_class(session) else {
            self.key = None;
            self.bands.clear();
            return;
        };
        let visible: Vec<&crate::model::Power> = map
            .powers
            .iter()
            .filter(|p| session.is_visible(&p.id))
            .collect();
        let selected = session
            .selected_power
            .as_ref()
            .filter(|s| visible.iter().any(|p| &p.id == *s));
        let drawn: Vec<PowerId> = match selected {
            Some(s) if visible.len() > 1 => vec![s.clone()],
            _ => visible.iter().map(|p| p.id.clone()).collect(),
        };
        let window = view.window;
        let key = (
            Arc::as_ptr(class) as usize,
            (window.0.to_bits(), window.1.to_bits()),
            drawn,
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.bands.clear();
        let mut xs = Vec::with_capacity(CLASS_STEPS + 32);
        for id in &key.2 {
            xs.clear();
            if let Some(power) = class.map.power(id) {
                xs.extend(
                    power
                        .track
                        .iter()
                        .map(|k| k.date.to_year_f64())
                        .filter(|x| (window.0..=window.1).contains(x)),
                );
            }
            #[allow(clippy::cast_precision_loss)] // a hundred steps
            xs.extend(
                (0..=CLASS_STEPS)
                    .map(|i| window.0 + (window.1 - window.0) * i as f64 / CLASS_STEPS as f64),
            );
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            let mut band = ClassBand {
                power: id.clone(),
                quartiles: Band::default(),
                range: Band::default(),
                median: Vec::with_capacity(xs.len()),
            };
            for &x in &xs {
                if let Some(s) = class.spread_at(id, x) {
                    push(&mut band.quartiles, x, s.q1, s.q3);
                    push(&mut band.range, x, s.min, s.max);
                    band.median.push(PlotPoint::new(x, s.median));
                }
            }
            self.bands.push(band);
        }
        self.key = Some(key);
    }
}

/// Add a point to a band.
fn push(band: &mut Band, x: f64, lower: f64, upper: f64) {
    band.x.push(x);
    band.lower.push(lower.clamp(-1.0, 1.0));
    band.upper.push(upper.clamp(-1.0, 1.0));
}

/// Add the class's bands and median lines to the plot, under everything of the map's own.
pub(super) fn add_class_bands<'a>(
    plot_ui: &mut PlotUi<'a>,
    map: &StanceMap,
    bands: &'a [ClassBand],
) {
    for band in bands {
        let Some(power) = map.power(&band.power) else {
            continue;
        };
        let color = power_color(&power.color);
        for (area, alpha) in [
            (&band.range, RANGE_ALPHA),
            (&band.quartiles, QUARTILE_ALPHA),
        ] {
            if !area.is_empty() {
                plot_ui.add(BandArea {
                    base: PlotItemBase::new(String::new()),
                    band: area,
                    color: color.gamma_multiply(alpha),
                });
            }
        }
        if band.median.len() >= 2 {
            plot_ui.line(
                Line::new(
                    format!("{} (class median)", power.name),
                    PlotPoints::Borrowed(&band.median),
                )
                .color(color.gamma_multiply(MEDIAN_ALPHA))
                .width(MEDIAN_WIDTH)
                .style(LineStyle::dashed_loose())
                .allow_hover(false),
            );
        }
    }
}
