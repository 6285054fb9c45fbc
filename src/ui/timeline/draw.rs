//! The timeline's drawing: the points built for the part of the years in view, and the zero
//! line, events, year bands, power lines, markers, measured indicators, divergence boxes,
//! comparison lines and date cursor added to the plot, and its two strength and percent axes.

use std::ops::RangeInclusive;

use egui_plot::{
    AxisHints, GridInput, GridMark, HLine, HPlacement, Line, LineStyle, MarkerShape, PlotBounds,
    PlotGeometry, PlotItem, PlotItemBase, PlotPoint, PlotPoints, PlotTransform, PlotUi, Points,
    Span, VLine,
};

use super::{
    BAND_ALPHA, BARE_MARKER_RADIUS, CONTESTED_BARE_MARKER_RADIUS, CONTESTED_MARKER_RADIUS,
    CURSOR_WIDTH, DIVERGENCE_BORDER_ALPHA, DIVERGENCE_FILL_ALPHA, DIVERGENCE_PAD, DivergenceMark,
    EVENT_MARKER_RADIUS, EVENT_MARKER_Y, INDICATOR_DENSE_LINE_WIDTH, INDICATOR_DOT_RADIUS_PT,
    INDICATOR_DOT_SPACING_PT, INDICATOR_MARKER_HALF_PT, IndicatorPoints, LINE_WIDTH, LiveKeyframe,
    MARKER_RADIUS, MIN_MARKER_SPACING_PT, SELECTED_LINE_WIDTH, SELECTED_RING_RADIUS, TimelineView,
    TrackPoints, View,
};
use crate::model::band::{self, Band};
use crate::model::geometry as geo;
use crate::model::indicator_path;
use crate::model::indicators::divergences;
use crate::model::{Indicator, Interpolation, Keyframe, Power, SAME_DATE_YEARS, StanceMap};
use crate::ui::session::Session;
use crate::ui::theme::{Palette, power_color};

impl TimelineView {
    /// Build this frame's points: each visible power's line and markers, and the events and
    /// year bands, for the keyframes and events within the view's window.
    pub(super) fn build_points(
        &mut self,
        map: &StanceMap,
        session: &Session,
        view: &View,
        live: Option<LiveKeyframe>,
    ) {
        let window = view.window;
        self.tracks
            .resize_with(map.powers.len(), TrackPoints::default);
        for (i, (points, power)) in self.tracks.iter_mut().zip(&map.powers).enumerate() {
            points.visible = session.is_visible(&power.id);
            if points.visible {
                points.rebuild(&power.track, view, live.filter(|l| l.power == i));
            } else {
                points.clear();
            }
        }

        self.events.clear();
        self.events.extend(
            map.events
                .iter()
                .map(|e| e.date.to_year_f64())
                .filter(|x| (window.0..=window.1).contains(x))
                .map(|x| PlotPoint::new(x, EVENT_MARKER_Y)),
        );
        self.year_bands.clear();
        self.year_bands.extend(
            map.events
                .iter()
                .filter(|e| e.date.month.is_none())
                .map(|e| e.date.year)
                .filter(|&y| f64::from(y + 1) >= window.0 && f64::from(y) <= window.1),
        );
        self.year_bands.sort_unstable();
        self.year_bands.dedup();

        self.indicators
            .resize_with(map.indicators.len(), IndicatorPoints::default);
        for (points, indicator) in self.indicators.iter_mut().zip(&map.indicators) {
            let power = map.powers.iter().position(|p| p.id == indicator.power);
            points.visible = session.is_indicator_shown(&indicator.id)
                && power.is_some_and(|p| self.tracks.get(p).is_some_and(|t| t.visible));
            points.clear();
            if let Some(power) = power.and_then(|p| map.powers.get(p))
                && points.visible
            {
                points.color = power_color(&power.color);
                // Where its points crowd too closely to mark each, only the selected power's
                // indicators are drawn, as only its band is: a dozen dense series are a wash
                // of lines, and their meshes cost more than the rest of the timeline.
                let selected = session.selected_power.as_ref() == Some(&power.id);
                points.visible = points.rebuild(indicator, view, selected);
            }
        }
    }

    /// The spans where a shown power's judged line and one of its shown indicators part, with
    /// the box drawn over each, for those reaching into the view's window (only the selected
    /// power's, when one is selected). Nothing to do while
    /// no indicator is drawn; the map's divergences are worked out again only when the map
    /// (by its revision, when the app gives it) or the threshold changed.
    pub(super) fn build_divergences(&mut self, map: &StanceMap, session: &Session, view: &View) {
        self.divergences.clear();
        if !self.indicators.iter().any(|i| i.visible) {
            return;
        }
        let threshold = session.divergence_threshold;
        let key = self.map_revision.map(|r| (r, threshold.to_bits()));
        let cache = &mut self.all_divergences;
        if key.is_none() || cache.key != key {
            cache.key = key;
            cache.all = divergences(map, threshold);
            cache.marks.clear();
            cache
                .marks
                .extend(cache.all.iter().enumerate().filter_map(|(index, d)| {
                    let indicator = map.indicators.iter().position(|i| i.id == d.indicator)?;
                    let rect = indicator_path::divergence_box(map, d, DIVERGENCE_PAD)?;
                    Some(DivergenceMark {
                        index,
                        indicator,
                        rect,
                    })
                }));
        }
        let window = view.window;
        // With a power selected, only its own spans: the others' boxes would cover its line.
        let of_selected = |mark: &DivergenceMark| {
            session.selected_power.as_ref().is_none_or(|selected| {
                map.indicators
                    .get(mark.indicator)
                    .is_some_and(|i| &i.power == selected)
            })
        };
        for mark in &cache.marks {
            let ((x0, x1), _) = mark.rect;
            let in_window = x1 >= window.0 && x0 <= window.1;
            if in_window
                && of_selected(mark)
                && self
                    .indicators
                    .get(mark.indicator)
                    .is_some_and(|i| i.visible)
            {
                self.divergences.push(*mark);
            }
        }
    }
}

impl IndicatorPoints {
    fn clear(&mut self) {
        self.path.clear();
        self.runs.clear();
        self.markers.clear();
        self.uncertain.clear();
        self.dense = false;
    }

    /// Lay out the measurements near the view's window: the path of each run (no line across
    /// a gap), a marker at each point (only the uncertain ones where points crowd on screen).
    /// Returns whether it is drawn: not where its points crowd, unless `selected`.
    fn rebuild(&mut self, indicator: &Indicator, view: &View, selected: bool) -> bool {
        self.percent = indicator.is_percent();
        let shown = indicator_path::points_near(indicator, view.shown_x);
        self.dense = shown.len() as f32 * MIN_MARKER_SPACING_PT > view.width_pt;
        if self.dense && !selected {
            return false;
        }
        let near = indicator_path::points_near(indicator, view.window);
        for run in indicator_path::runs_near(indicator, &near) {
            let start = self.path.len();
            indicator_path::run_path(indicator, run, |x, y| {
                self.path.push(PlotPoint::new(x, y));
            });
            self.runs.push(start..self.path.len());
        }
        for point in &indicator.points[near] {
            let at = PlotPoint::new(
                indicator_path::marker_year_f64(point),
                indicator_path::drawn_value(indicator, point.value),
            );
            if point.uncertain {
                self.uncertain.push(at);
            } else if !self.dense {
                self.markers.push(at);
            }
        }
        true
    }
}

/// The y axes: strength on the left, and, while a shown indicator is a percentage, its
/// 0–100% on the right, placed as [`Indicator::to_scale`] places a percentage from 0 to 100
/// (0% at −1, 100% at +1). An indicator on another range, or where lower is closer, is read
/// from its hover text and the legend rather than from this axis.
pub(super) fn y_axes(percent: bool) -> Vec<AxisHints<'static>> {
    let mut axes = vec![
        AxisHints::new_y()
            .label("strength")
            .formatter(strength_tick),
    ];
    if percent {
        axes.push(
            AxisHints::new_y()
                .label("measured, %")
                .formatter(percent_tick)
                .placement(HPlacement::Right),
        );
    }
    axes
}

/// Percent ticks for the right axis: strength −1…+1 read as 0–100%, whole percents only.
pub(super) fn percent_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    let v = mark.value;
    if v.abs() > 1.0 + 1e-9 {
        return String::new();
    }
    let percent = (v + 1.0) * 50.0;
    if (percent - percent.round()).abs() < 1e-6 {
        format!("{percent:.0}%")
    } else {
        String::new()
    }
}

impl TrackPoints {
    pub(super) fn clear(&mut self) {
        self.vertices.clear();
        self.line.clear();
        self.band.clear();
        self.runs.clear();
        self.bands.clear();
        self.unjudged.clear();
        self.evidenced.clear();
        self.bare.clear();
        self.contested.clear();
        self.contested_bare.clear();
    }

    /// Rebuild the points from the keyframes dated within the view's window plus one on
    /// either side, so the line crosses the window's edges; the track is extended flat to
    /// the span's ends, and the confidence band follows the line. Where keyframes are too
    /// dense to tell apart, the line alone shows them; markers of keyframes without support
    /// are always drawn. A `live` keyframe (being dragged) is drawn
    /// where the drag has it rather than where the map, a frame behind, has it.
    pub(super) fn rebuild(&mut self, track: &[Keyframe], view: &View, live: Option<LiveKeyframe>) {
        self.clear();
        if track.is_empty() {
            return;
        }
        let at = |i: usize, k: &Keyframe| match live {
            Some(l) if l.keyframe == i => l.point,
            _ => PlotPoint::new(k.date.to_year_f64(), k.strength),
        };
        let window = view.window;
        let n = track.len();
        let lo = track
            .partition_point(|k| k.date.to_year_f64() < window.0)
            .saturating_sub(1);
        let hi = (track.partition_point(|k| k.date.to_year_f64() <= window.1) + 1).min(n);
        let on_screen = track.partition_point(|k| k.date.to_year_f64() <= view.shown_x.1)
            - track.partition_point(|k| k.date.to_year_f64() < view.shown_x.0);
        let dense = on_screen as f32 * MIN_MARKER_SPACING_PT > view.width_pt;
        self.dense = dense;

        band::line_points(
            track,
            lo..hi,
            view.span,
            |i, k| {
                let p = at(i, k);
                (p.x, p.y)
            },
            &mut self.vertices,
        );
        if track.iter().any(|k| k.unjudged) {
            self.judged_runs(track);
        } else {
            self.line
                .extend(self.vertices.iter().map(|v| PlotPoint::new(v.x, v.value)));
            self.band.rebuild(&self.vertices);
        }
        for (i, k) in track.iter().enumerate().take(hi).skip(lo) {
            let point = at(i, k);
            if k.unjudged {
                self.unjudged.push(point);
                continue;
            }
            match (k.is_unsupported(), k.is_contested()) {
                (true, true) => self.contested_bare.push(point),
                (true, false) => self.bare.push(point),
                (false, true) if !dense => self.contested.push(point),
                (false, false) if !dense => self.evidenced.push(point),
                (false, _) => {}
            }
        }
    }
}

impl TrackPoints {
    /// The line and its bands as runs over the parts that rest on judged keyframes only
    /// ([`crate::model::judged_sample`]): no segment rests on a value still to judge.
    fn judged_runs(&mut self, track: &[Keyframe]) {
        let judged = |a: &crate::model::band::LinePoint, b: &crate::model::band::LinePoint| {
            crate::model::judged_sample(track, 0.5 * (a.x + b.x)).is_some()
        };
        let mut start: Option<usize> = None;
        for i in 0..self.vertices.len() {
            let joins_next = self
                .vertices
                .get(i + 1)
                .is_some_and(|next| judged(&self.vertices[i], next));
            let joined_before = i > 0 && judged(&self.vertices[i - 1], &self.vertices[i]);
            if joins_next && !joined_before {
                start = Some(i);
            }
            if joined_before
                && !joins_next
                && let Some(first) = start.take()
            {
                let from = self.line.len();
                let run = &self.vertices[first..=i];
                self.line
                    .extend(run.iter().map(|v| PlotPoint::new(v.x, v.value)));
                let mut band = Band::default();
                band.rebuild(run);
                self.bands.push(band);
                self.runs.push(from..self.line.len());
            }
        }
    }
}

/// Whether a keyframe's marker is drawn even where keyframes crowd too closely to draw each:
/// it has no support. A contested keyframe with support is shown there by its line alone, as
/// any other: a row of thousands of rings would merge into a smear and cost tens of
/// milliseconds a frame; zoomed in, or on the compass, it is marked.
pub(super) fn always_drawn(keyframe: &Keyframe) -> bool {
    keyframe.is_unsupported()
}

/// The x range the view starts at and resets to: the span plus a small margin.
pub(super) fn default_x_bounds(span: Option<(f64, f64)>, date_year_f64: f64) -> (f64, f64) {
    if let Some((lo, hi)) = span {
        let margin = ((hi - lo) * 0.03).max(0.5);
        (lo - margin, hi + margin)
    } else {
        let centre = if date_year_f64.is_finite() {
            date_year_f64
        } else {
            2000.0
        };
        (centre - 5.0, centre + 5.0)
    }
}

/// Year ticks: whole years only, without decimals.
pub(super) fn year_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    let year = mark.value.round();
    if (mark.value - year).abs() < 1e-6 {
        format!("{year:.0}")
    } else {
        String::new()
    }
}

/// The first and last year of a map's span (1991 and 2023 for one running from 1991 to
/// March 2023): the years the time axis always labels.
pub(super) fn end_years(span: Option<(f64, f64)>) -> Option<(f64, f64)> {
    span.map(|(lo, hi)| (lo.floor(), hi.floor()))
}

/// The time axis's grid marks: `egui_plot`'s own (every 10, 1 or 0.1 years, as the zoom allows)
/// and the map's first and last years (`ends`, from [`end_years`]), which are given the
/// largest step in view so they are labelled as clearly as the decades.
pub(super) fn year_marks(input: GridInput, ends: Option<(f64, f64)>) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let mut marks = egui_plot::log_grid_spacer(10)(input);
    let Some((first, last)) = ends else {
        return marks;
    };
    let strongest = marks.iter().map(|m| m.step_size).fold(0.0, f64::max);
    for end in [first, last] {
        if !(lo..=hi).contains(&end) {
            continue;
        }
        match marks.iter_mut().find(|m| (m.value - end).abs() < 1e-9) {
            Some(mark) => mark.step_size = strongest,
            None => marks.push(GridMark {
                value: end,
                step_size: strongest,
            }),
        }
        if first == last {
            break;
        }
    }
    marks
}

/// How far apart (in points) a year label keeps from the first or last year's: a label is
/// about 30 points wide.
const END_LABEL_CLEARANCE_PT: f64 = 44.0;

/// A year label of the time axis ([`year_tick`]), left out where it would crowd the label of
/// the map's first or last year (`ends`): "1990" beside "1991" reads as clutter. `width_pt`
/// is the plot's width, which turns the clearance into years.
pub(super) fn year_label(
    mark: GridMark,
    range: &RangeInclusive<f64>,
    ends: Option<(f64, f64)>,
    width_pt: f32,
) -> String {
    let text = year_tick(mark, range);
    let Some((first, last)) = ends else {
        return text;
    };
    if text.is_empty() || mark.value == first || mark.value == last {
        return text;
    }
    let years_per_pt = (range.end() - range.start()) / f64::from(width_pt.max(1.0));
    let clearance = END_LABEL_CLEARANCE_PT * years_per_pt;
    if (mark.value - first).abs() < clearance || (mark.value - last).abs() < clearance {
        String::new()
    } else {
        text
    }
}

/// Strength ticks within −1..1 only, with a real minus sign.
pub(super) fn strength_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    let v = mark.value;
    if v.abs() > 1.0 + 1e-9 {
        String::new()
    } else if v.abs() < 1e-9 {
        "0".to_owned()
    } else if v < 0.0 {
        format!("−{}", egui_plot::format_number(-v, 1))
    } else {
        egui_plot::format_number(v, 1)
    }
}

/// A faint band over each year in which an event is dated only by its year: the line at the
/// start of the year is where it is stepped to, the band says it could be any time in it.
pub(super) fn add_year_bands(plot_ui: &mut PlotUi<'_>, years: &[i32], palette: &Palette) {
    let fill = palette.weak_text.gamma_multiply(YEAR_BAND_ALPHA);
    for &year in years {
        plot_ui.span(
            Span::new("", f64::from(year)..=f64::from(year + 1))
                .fill(fill)
                .border_width(0.0),
        );
    }
}

/// How much of the weak text colour a year band keeps.
const YEAR_BAND_ALPHA: f32 = 0.07;

/// What is measured rather than judged, as drawn this frame.
#[derive(Clone, Copy)]
pub(super) struct Measured<'a> {
    /// The indicators, one per indicator of the map.
    pub(super) indicators: &'a [IndicatorPoints],
    /// The divergence boxes.
    pub(super) divergences: &'a [DivergenceMark],
}

/// Add the zero line, events, divergence boxes, measured indicators, power lines, markers and
/// the date cursor to the plot.
#[allow(clippy::too_many_arguments)] // one frame's drawing: each is a different thing drawn
pub(super) fn add_items<'a>(
    plot_ui: &mut PlotUi<'a>,
    map: &StanceMap,
    tracks: &'a [TrackPoints],
    events: &'a [PlotPoint],
    measured: Measured<'a>,
    session: &Session,
    ring: Option<PlotPoint>,
    palette: &Palette,
) {
    let background = plot_ui.ctx().global_style().visuals.extreme_bg_color;
    plot_ui.hline(
        HLine::new("", 0.0)
            .color(palette.weak_text.gamma_multiply(0.6))
            .width(1.0)
            .allow_hover(false),
    );

    // Events: a dashed line each, and a small mark along the top that tells them apart
    // from the grid's year lines.
    let event_color = palette.weak_text.gamma_multiply(0.8);
    for event in events {
        plot_ui.vline(
            VLine::new("", event.x)
                .color(event_color)
                .width(1.0)
                .style(LineStyle::dashed_dense())
                .allow_hover(false),
        );
    }
    if !events.is_empty() {
        plot_ui.points(
            Points::new("", PlotPoints::Borrowed(events))
                .shape(MarkerShape::Down)
                .filled(true)
                .radius(EVENT_MARKER_RADIUS)
                .color(palette.weak_text)
                .allow_hover(false),
        );
    }

    add_comparison_lines(plot_ui, map, session);

    // The selected power is drawn last, on top of the others.
    let selected = session.selected_power.as_ref();
    let order = map
        .powers
        .iter()
        .zip(tracks)
        .filter(|(p, _)| selected != Some(&p.id))
        .chain(
            map.powers
                .iter()
                .zip(tracks)
                .filter(|(p, _)| selected == Some(&p.id)),
        );
    // The confidence bands go under every line, so no band veils another power's line. Where
    // a power's keyframes crowd too closely to mark each, only the selected power's band is
    // drawn: a dozen overlapping bands there are a wash of colour, and their meshes cost a
    // third of a stress map's frame.
    for (power, points) in map.powers.iter().zip(tracks) {
        let shown = !points.dense || selected == Some(&power.id);
        for band in std::iter::once(&points.band).chain(&points.bands) {
            if points.visible && shown && !band.is_empty() {
                plot_ui.add(BandArea {
                    base: PlotItemBase::new(String::new()),
                    band,
                    color: power_color(&power.color).gamma_multiply(BAND_ALPHA),
                });
            }
        }
    }
    // Where judgement and data part, then the measurements, under the judged lines.
    if !measured.divergences.is_empty() {
        plot_ui.add(DivergenceBoxes {
            base: PlotItemBase::new(String::new()),
            marks: measured.divergences,
            color: palette.warning,
        });
    }
    for points in measured.indicators {
        if points.visible {
            plot_ui.add(IndicatorMarks {
                base: PlotItemBase::new(String::new()),
                points,
                background,
            });
        }
    }
    for (power, points) in order {
        if points.visible {
            let is_selected = selected == Some(&power.id);
            add_power(plot_ui, power, points, is_selected, background, palette);
        }
    }

    if let Some(ring) = ring {
        plot_ui.points(
            Points::new("", [ring.x, ring.y])
                .shape(MarkerShape::Circle)
                .filled(false)
                .radius(SELECTED_RING_RADIUS)
                .color(palette.text)
                .allow_hover(false),
        );
    }

    plot_ui.vline(
        VLine::new("", session.date_year_f64)
            .color(palette.cursor)
            .width(CURSOR_WIDTH)
            .allow_hover(false),
    );
}

/// One power's line and markers: evidenced keyframes as filled circles, those without
/// supporting evidence as hollow diamonds in the warning colour, those with evidence against
/// them as a ring with "≠". The selected power's line and circles are drawn larger.
fn add_power<'a>(
    plot_ui: &mut PlotUi<'a>,
    power: &Power,
    points: &'a TrackPoints,
    is_selected: bool,
    background: egui::Color32,
    palette: &Palette,
) {
    let color = power_color(&power.color);
    let width = if is_selected {
        SELECTED_LINE_WIDTH
    } else {
        LINE_WIDTH
    };
    let whole = 0..points.line.len();
    let runs = if points.runs.is_empty() && points.unjudged.is_empty() {
        std::slice::from_ref(&whole)
    } else {
        &points.runs[..]
    };
    for run in runs {
        if run.len() > 1 {
            plot_ui.line(
                Line::new(
                    power.name.as_str(),
                    PlotPoints::Borrowed(&points.line[run.clone()]),
                )
                .color(color)
                .width(width)
                // Band aggregation turns a hold's vertical step into a filled wedge.
                .allow_band(false)
                .allow_hover(false),
            );
        }
    }
    // Still to judge (an exercise's): a hollow circle with "?", and no line rests on it.
    if !points.unjudged.is_empty() {
        let radius = super::UNJUDGED_MARKER_RADIUS;
        plot_ui.points(
            Points::new("", PlotPoints::Borrowed(&points.unjudged))
                .shape(MarkerShape::Circle)
                .filled(true)
                .radius(radius)
                .color(background)
                .allow_hover(false),
        );
        plot_ui.points(
            Points::new("", PlotPoints::Borrowed(&points.unjudged))
                .shape(MarkerShape::Circle)
                .filled(false)
                .radius(radius)
                .color(color)
                .allow_hover(false),
        );
        if !points.dense {
            for p in &points.unjudged {
                plot_ui.text(
                    egui_plot::Text::new("", *p, egui::RichText::new("?").size(radius * 1.6))
                        .color(color)
                        .allow_hover(false),
                );
            }
        }
    }
    if !points.evidenced.is_empty() {
        plot_ui.points(
            Points::new("", PlotPoints::Borrowed(&points.evidenced))
                .shape(MarkerShape::Circle)
                .filled(true)
                .radius(if is_selected {
                    MARKER_RADIUS + 1.0
                } else {
                    MARKER_RADIUS
                })
                .color(color)
                .allow_hover(false),
        );
    }
    // No support: a hollow diamond outlined in the warning colour (larger around a contested
    // keyframe's ring). The fill hides the line behind it so the hole reads as empty; where
    // keyframes crowd together the outline alone is cheaper and reads the same.
    for (diamonds, radius) in [
        (&points.bare, BARE_MARKER_RADIUS),
        (&points.contested_bare, CONTESTED_BARE_MARKER_RADIUS),
    ] {
        if diamonds.is_empty() {
            continue;
        }
        if !points.dense {
            plot_ui.points(
                Points::new("", PlotPoints::Borrowed(diamonds))
                    .shape(MarkerShape::Diamond)
                    .filled(true)
                    .radius(radius)
                    .color(background)
                    .allow_hover(false),
            );
        }
        plot_ui.points(
            Points::new("", PlotPoints::Borrowed(diamonds))
                .shape(MarkerShape::Diamond)
                .filled(false)
                .radius(radius)
                .color(palette.warning)
                .allow_hover(false),
        );
    }
    // Evidence against the value: a ring with "≠", as at the compass's tip; where keyframes
    // crowd, a diamond without support keeps only its outline.
    let rings = if points.dense {
        [&points.contested, &[][..]]
    } else {
        [&points.contested, &points.contested_bare[..]]
    };
    for rings in rings {
        if !rings.is_empty() {
            plot_ui.add(ContestedMarks {
                base: PlotItemBase::new(String::new()),
                points: rings,
                color: palette.warning,
                background,
            });
        }
    }
}

/// A power's confidence band as one translucent mesh, read from the band built for the part in
/// view (`egui_plot`'s `FilledArea` would copy it twice a frame).
pub(super) struct BandArea<'a> {
    pub(super) base: PlotItemBase,
    pub(super) band: &'a Band,
    pub(super) color: egui::Color32,
}

impl PlotItem for BandArea<'_> {
    fn shapes(&self, _ui: &egui::Ui, transform: &PlotTransform, shapes: &mut Vec<egui::Shape>) {
        let Band { x, lower, upper } = self.band;
        let n = x.len();
        if n < 2 {
            return;
        }
        let mut mesh = egui::Mesh::default();
        mesh.reserve_vertices(2 * n);
        mesh.reserve_triangles(2 * (n - 1));
        for ((&x, &lower), &upper) in x.iter().zip(lower).zip(upper) {
            let top = transform.position_from_point(&PlotPoint::new(x, upper));
            let bottom = transform.position_from_point(&PlotPoint::new(x, lower));
            mesh.colored_vertex(top, self.color);
            mesh.colored_vertex(bottom, self.color);
        }
        for i in 0..(n as u32 - 1) {
            let (top, bottom) = (2 * i, 2 * i + 1);
            mesh.add_triangle(top, bottom, top + 2);
            mesh.add_triangle(bottom, bottom + 2, top + 2);
        }
        shapes.push(egui::Shape::mesh(mesh));
    }

    fn initialize(&mut self, _x_range: RangeInclusive<f64>) {}

    fn color(&self) -> egui::Color32 {
        self.color
    }

    fn allow_hover(&self) -> bool {
        false
    }

    fn geometry(&self) -> PlotGeometry<'_> {
        PlotGeometry::None
    }

    fn bounds(&self) -> PlotBounds {
        match (self.band.x.first(), self.band.x.last()) {
            (Some(&first), Some(&last)) => PlotBounds::from_min_max([first, -1.0], [last, 1.0]),
            _ => PlotBounds::NOTHING,
        }
    }

    fn base(&self) -> &PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut PlotItemBase {
        &mut self.base
    }
}

/// A measured indicator: its runs as dotted steps (a thin solid line where its points crowd),
/// and a square at each measurement, hollow where the figure is uncertain.
struct IndicatorMarks<'a> {
    base: PlotItemBase,
    points: &'a IndicatorPoints,
    background: egui::Color32,
}

impl PlotItem for IndicatorMarks<'_> {
    fn shapes(&self, _ui: &egui::Ui, transform: &PlotTransform, shapes: &mut Vec<egui::Shape>) {
        let points = self.points;
        let color = points.color;
        for run in &points.runs {
            let Some(vertices) = points.path.get(run.clone()) else {
                continue;
            };
            if vertices.len() < 2 {
                continue;
            }
            let screen: Vec<egui::Pos2> = vertices
                .iter()
                .map(|p| transform.position_from_point(p))
                .collect();
            if points.dense {
                shapes.push(egui::Shape::line(
                    screen,
                    egui::Stroke::new(INDICATOR_DENSE_LINE_WIDTH, color.gamma_multiply(0.7)),
                ));
            } else {
                shapes.extend(egui::Shape::dotted_line(
                    &screen,
                    color,
                    INDICATOR_DOT_SPACING_PT,
                    INDICATOR_DOT_RADIUS_PT,
                ));
            }
        }
        let size = egui::Vec2::splat(2.0 * INDICATOR_MARKER_HALF_PT);
        for point in &points.markers {
            let rect = egui::Rect::from_center_size(transform.position_from_point(point), size);
            shapes.push(egui::Shape::rect_filled(rect, 0.0, color));
        }
        for point in &points.uncertain {
            let rect = egui::Rect::from_center_size(transform.position_from_point(point), size);
            shapes.push(egui::Shape::rect_filled(rect, 0.0, self.background));
            shapes.push(egui::Shape::rect_stroke(
                rect,
                0.0,
                egui::Stroke::new(1.5, color),
                egui::StrokeKind::Middle,
            ));
        }
    }

    fn initialize(&mut self, _x_range: RangeInclusive<f64>) {}

    fn color(&self) -> egui::Color32 {
        self.points.color
    }

    fn allow_hover(&self) -> bool {
        false
    }

    fn geometry(&self) -> PlotGeometry<'_> {
        PlotGeometry::None
    }

    fn bounds(&self) -> PlotBounds {
        PlotBounds::NOTHING
    }

    fn base(&self) -> &PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut PlotItemBase {
        &mut self.base
    }
}

/// Pale boxes in the warning colour over the spans where a judged line and an indicator part.
struct DivergenceBoxes<'a> {
    base: PlotItemBase,
    marks: &'a [DivergenceMark],
    color: egui::Color32,
}

impl PlotItem for DivergenceBoxes<'_> {
    /// All boxes as one mesh of plain quads (a map with hundreds of them would otherwise cost
    /// a shape and a rounded outline each), with a border where a box is wide enough on
    /// screen to show it apart from its neighbours. Neighbouring spans of one indicator too
    /// narrow for that are drawn as one box over them all: hundreds of slivers would stack
    /// their tints into stripes, and cost a quad each.
    fn shapes(&self, _ui: &egui::Ui, transform: &PlotTransform, shapes: &mut Vec<egui::Shape>) {
        let fill = self.color.gamma_multiply(DIVERGENCE_FILL_ALPHA);
        let stroke = egui::Stroke::new(1.0, self.color.gamma_multiply(DIVERGENCE_BORDER_ALPHA));
        let mut mesh = egui::Mesh::default();
        let mut borders = Vec::new();
        let mut open: Option<(usize, egui::Rect)> = None;
        for mark in self.marks {
            let rect = divergence_screen_rect(transform, mark);
            if rect.width() >= DIVERGENCE_MIN_BORDER_WIDTH_PT {
                mesh.add_colored_rect(rect, fill);
                borders.push(rect);
                continue;
            }
            match &mut open {
                Some((indicator, merged))
                    if *indicator == mark.indicator && rect.left() <= merged.right() + 0.5 =>
                {
                    *merged = merged.union(rect);
                }
                _ => {
                    if let Some((_, merged)) = open.replace((mark.indicator, rect)) {
                        mesh.add_colored_rect(merged, fill);
                    }
                }
            }
        }
        if let Some((_, merged)) = open {
            mesh.add_colored_rect(merged, fill);
        }
        shapes.push(egui::Shape::mesh(mesh));
        shapes.extend(
            borders
                .into_iter()
                .map(|rect| egui::Shape::rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Inside)),
        );
    }

    fn initialize(&mut self, _x_range: RangeInclusive<f64>) {}

    fn color(&self) -> egui::Color32 {
        self.color
    }

    fn allow_hover(&self) -> bool {
        false
    }

    fn geometry(&self) -> PlotGeometry<'_> {
        PlotGeometry::None
    }

    fn bounds(&self) -> PlotBounds {
        PlotBounds::NOTHING
    }

    fn base(&self) -> &PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut PlotItemBase {
        &mut self.base
    }
}

/// Below this width on screen, in points, a divergence box is drawn without its border.
const DIVERGENCE_MIN_BORDER_WIDTH_PT: f32 = 6.0;

/// Where a divergence box is on screen.
pub(super) fn divergence_screen_rect(
    transform: &PlotTransform,
    mark: &DivergenceMark,
) -> egui::Rect {
    let ((x0, x1), (y0, y1)) = mark.rect;
    egui::Rect::from_two_pos(
        transform.position_from_point(&PlotPoint::new(x0, y0)),
        transform.position_from_point(&PlotPoint::new(x1, y1)),
    )
}

/// Rings with "≠" at keyframes whose evidence points against them: the compass's mark of a
/// contested value ([`geo::contested_mark`]), drawn at each point.
struct ContestedMarks<'a> {
    base: PlotItemBase,
    points: &'a [PlotPoint],
    color: egui::Color32,
    background: egui::Color32,
}

impl PlotItem for ContestedMarks<'_> {
    fn shapes(&self, _ui: &egui::Ui, transform: &PlotTransform, shapes: &mut Vec<egui::Shape>) {
        let radius = CONTESTED_MARKER_RADIUS;
        let stroke = egui::Stroke::new(1.5, self.color);
        for point in self.points {
            let center = transform.position_from_point(point);
            shapes.push(egui::Shape::circle_filled(center, radius, self.background));
            shapes.push(egui::Shape::circle_stroke(center, radius, stroke));
            for [a, b] in geo::contested_mark(
                geo::Point {
                    x: center.x,
                    y: center.y,
                },
                radius,
            ) {
                shapes.push(egui::Shape::line_segment(
                    [egui::pos2(a.x, a.y), egui::pos2(b.x, b.y)],
                    stroke,
                ));
            }
        }
    }

    fn initialize(&mut self, _x_range: RangeInclusive<f64>) {}

    fn color(&self) -> egui::Color32 {
        self.color
    }

    fn allow_hover(&self) -> bool {
        false
    }

    fn geometry(&self) -> PlotGeometry<'_> {
        PlotGeometry::None
    }

    fn bounds(&self) -> PlotBounds {
        PlotBounds::NOTHING
    }

    fn base(&self) -> &PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut PlotItemBase {
        &mut self.base
    }
}

/// The comparison map's tracks for the powers both maps have, as thin dashed lines in the
/// power's colour, named "<power> (comparison)"; behind the real lines and not interactive.
/// Only the part in view is built. Where a comparison track's keyframes crowd closer than
/// [`MIN_MARKER_SPACING_PT`] on screen its line is drawn solid and fainter instead: dashes
/// cannot be told apart there, and a long zig-zag would cost thousands of dash shapes a frame.
fn add_comparison_lines(plot_ui: &mut PlotUi<'_>, map: &StanceMap, session: &Session) {
    let Some(comparison) = session.comparison.as_deref() else {
        return;
    };
    let span = map.span_year_f64();
    let transform = plot_ui.transform();
    let shown = (transform.bounds().min()[0], transform.bounds().max()[0]);
    let width_pt = transform.frame().width();
    for power in &map.powers {
        if !session.is_visible(&power.id) {
            continue;
        }
        let Some(other) = comparison.power(&power.id) else {
            continue;
        };
        let track = &other.track;
        let on_screen = track.partition_point(|k| k.date.to_year_f64() <= shown.1)
            - track.partition_point(|k| k.date.to_year_f64() < shown.0);
        let dense = on_screen as f32 * MIN_MARKER_SPACING_PT > width_pt;
        let (style, alpha) = if dense {
            (LineStyle::Solid, 0.45)
        } else {
            (LineStyle::dashed_loose(), 0.7)
        };
        for points in comparison_points(track, span, shown) {
            plot_ui.line(
                Line::new(
                    format!("{} (comparison)", power.name),
                    PlotPoints::Owned(points),
                )
                .color(power_color(&power.color).gamma_multiply(alpha))
                .width(COMPARISON_LINE_WIDTH)
                .style(style)
                .allow_band(false)
                .allow_hover(false),
            );
        }
    }
}

/// Width of a comparison line: thinner than the map's own.
const COMPARISON_LINE_WIDTH: f32 = 1.5;

/// The points of a comparison track from the keyframe before `shown` to the one after it,
/// holds drawn as steps and the ends extended flat to `span`, as runs of points: a segment
/// resting on a keyframe still to judge (an exercise's) is left out, never drawn at 0.
fn comparison_points(
    track: &[Keyframe],
    span: Option<(f64, f64)>,
    shown: (f64, f64),
) -> Vec<Vec<PlotPoint>> {
    let (Some(first), Some(last)) = (track.first(), track.last()) else {
        return Vec::new();
    };
    let n = track.len();
    let lo = track
        .partition_point(|k| k.date.to_year_f64() < shown.0)
        .saturating_sub(1);
    let hi = (track.partition_point(|k| k.date.to_year_f64() <= shown.1) + 1).min(n);
    // Each point with the keyframe its value comes from.
    let mut points = Vec::with_capacity((hi - lo) * 2 + 2);
    if let Some((start, _)) = span
        && lo == 0
        && start < first.date.to_year_f64()
    {
        points.push((PlotPoint::new(start, first.strength), 0));
    }
    for (i, k) in track.iter().enumerate().take(hi).skip(lo) {
        points.push((PlotPoint::new(k.date.to_year_f64(), k.strength), i));
        if k.interpolation == Interpolation::Hold
            && let Some(next) = track.get(i + 1)
        {
            points.push((PlotPoint::new(next.date.to_year_f64(), k.strength), i));
        }
    }
    if let Some((_, end)) = span
        && hi == n
        && end > last.date.to_year_f64()
    {
        points.push((PlotPoint::new(end, last.strength), n - 1));
    }
    let mut runs: Vec<Vec<PlotPoint>> = Vec::new();
    let mut run = Vec::new();
    for pair in points.windows(2) {
        let [(a, ka), (b, kb)] = pair else { continue };
        if track[*ka].unjudged || track[*kb].unjudged {
            if run.len() > 1 {
                runs.push(std::mem::take(&mut run));
            }
            run.clear();
            continue;
        }
        if run.is_empty() {
            run.push(*a);
        }
        run.push(*b);
    }
    if run.len() > 1 {
        runs.push(run);
    }
    runs
}

/// Where the session's selected keyframe is drawn, when its power is shown and it exists.
pub(super) fn selected_point(
    map: &StanceMap,
    session: &Session,
    tracks: &[TrackPoints],
) -> Option<PlotPoint> {
    let selected = session.selected_keyframe.as_ref()?;
    let (power, points) = map
        .powers
        .iter()
        .zip(tracks)
        .find(|(p, _)| p.id == selected.power)?;
    if !points.visible {
        return None;
    }
    power
        .track
        .iter()
        .find(|k| (k.date.to_year_f64() - selected.year_f64).abs() < SAME_DATE_YEARS)
        .map(|k| PlotPoint::new(k.date.to_year_f64(), k.strength))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn track(years: std::ops::Range<i32>, interpolation: Interpolation) -> Vec<Keyframe> {
        years
            .map(|y| Keyframe {
                unjudged: false,
                date: Date::year(y),
                strength: f64::from(y - 2000) / 10.0,
                confidence: crate::model::Confidence::Medium,
                interpolation,
                reasoning: String::new(),
                evidence: Vec::new(),
            })
            .collect()
    }

    fn xs(points: &[PlotPoint]) -> Vec<f64> {
        points.iter().map(|p| p.x).collect()
    }

    #[test]
    fn comparison_lines_are_built_for_the_part_in_view_only() {
        let track = track(2000..2010, Interpolation::Linear);
        let span = Some((1990.0, 2020.0));
        // In view: one keyframe beyond each edge, so the line crosses the edges.
        let inside = comparison_points(&track, span, (2003.5, 2005.5));
        assert_eq!(inside.len(), 1);
        assert_eq!(xs(&inside[0]), [2003.0, 2004.0, 2005.0, 2006.0]);
        // All in view: the ends are extended flat to the map's span.
        let all = comparison_points(&track, span, (1980.0, 2030.0)).concat();
        assert_eq!(all.len(), 12);
        assert_eq!((all[0].x, all[0].y), (1990.0, 0.0));
        assert_eq!((all[11].x, all[11].y), (2020.0, 0.9));
        assert!(comparison_points(&[], span, (1980.0, 2030.0)).is_empty());
    }

    #[test]
    fn comparison_holds_are_drawn_as_steps() {
        let track = track(2000..2003, Interpolation::Hold);
        let points = comparison_points(&track, None, (1999.0, 2004.0)).concat();
        let pairs: Vec<(f64, f64)> = points.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(
            pairs,
            [
                (2000.0, 0.0),
                (2001.0, 0.0),
                (2001.0, 0.1),
                (2002.0, 0.1),
                (2002.0, 0.2)
            ]
        );
    }

    #[test]
    fn no_comparison_segment_rests_on_a_keyframe_still_to_judge() {
        let pairs = |runs: &[Vec<PlotPoint>]| -> Vec<Vec<(f64, f64)>> {
            runs.iter()
                .map(|r| r.iter().map(|p| (p.x, p.y)).collect())
                .collect()
        };
        let mut linear = track(2000..2005, Interpolation::Linear);
        linear[2].unjudged = true;
        let runs = comparison_points(&linear, Some((1990.0, 2020.0)), (1980.0, 2030.0));
        assert_eq!(
            pairs(&runs),
            [
                vec![(1990.0, 0.0), (2000.0, 0.0), (2001.0, 0.1)],
                vec![(2003.0, 0.3), (2004.0, 0.4), (2020.0, 0.4)]
            ]
        );
        // A hold: the flat step from a judged keyframe stays, the jump to or from the one
        // still to judge goes.
        let mut hold = track(2000..2004, Interpolation::Hold);
        hold[2].unjudged = true;
        let runs = comparison_points(&hold, None, (1999.0, 2005.0));
        assert_eq!(
            pairs(&runs),
            [vec![
                (2000.0, 0.0),
                (2001.0, 0.0),
                (2001.0, 0.1),
                (2002.0, 0.1)
            ]]
        );
        // Nothing judged: nothing drawn.
        for k in &mut hold {
            k.unjudged = true;
        }
        assert!(comparison_points(&hold, None, (1999.0, 2005.0)).is_empty());
    }

    #[test]
    fn no_line_rests_on_a_keyframe_still_to_judge() {
        let view = View {
            span: (1990.0, 2020.0),
            window: (1980.0, 2030.0),
            shown_x: (1980.0, 2030.0),
            width_pt: 2000.0,
        };
        for interpolation in [Interpolation::Linear, Interpolation::Hold] {
            let mut track = track(2000..2006, interpolation);
            let mut points = TrackPoints::default();
            points.rebuild(&track, &view, None);
            assert!(points.runs.is_empty() && points.unjudged.is_empty());
            assert!(!points.band.is_empty());

            track[2].unjudged = true;
            points.rebuild(&track, &view, None);
            assert_eq!(xs(&points.unjudged), [2002.0]);
            assert!(points.band.is_empty(), "a band per judged run instead");
            assert_eq!(points.bands.len(), points.runs.len());
            assert_eq!(points.runs.len(), 2, "{interpolation:?}");
            for run in &points.runs {
                for pair in points.line[run.clone()].windows(2) {
                    let middle = 0.5 * (pair[0].x + pair[1].x);
                    assert!(
                        crate::model::judged_sample(&track, middle).is_some(),
                        "{interpolation:?}: a segment at {middle} rests on 2002"
                    );
                }
            }
            // What is judged is still drawn: up to 2001, and from 2003 on.
            let drawn: Vec<f64> = points
                .runs
                .iter()
                .flat_map(|r| xs(&points.line[r.clone()]))
                .collect();
            assert!(drawn.contains(&2001.0) && drawn.contains(&2003.0) && drawn.contains(&2020.0));
            assert!(!drawn.contains(&2002.0) || interpolation == Interpolation::Hold);
        }
    }
}

#[cfg(test)]
mod axis_tests {
    use super::*;

    fn label(value: f64, step_size: f64, range: RangeInclusive<f64>, width_pt: f32) -> String {
        year_label(
            GridMark { value, step_size },
            &range,
            Some((1991.0, 2023.0)),
            width_pt,
        )
    }

    #[test]
    fn the_first_and_last_years_are_marked_as_strongly_as_the_decades() {
        let input = GridInput {
            bounds: (1990.0, 2024.0),
            base_step_size: 0.2,
        };
        let marks = year_marks(input, end_years(Some((1991.0, 2023.0 + 2.0 / 12.0))));
        let strongest = marks.iter().map(|m| m.step_size).fold(0.0, f64::max);
        for end in [1991.0, 2023.0] {
            let ends: Vec<_> = marks.iter().filter(|m| m.value == end).collect();
            assert_eq!(ends.len(), 1, "one mark at {end}");
            assert_eq!(ends[0].step_size, strongest);
        }
        // An end out of view gets no mark.
        let input = GridInput {
            bounds: (2000.0, 2010.0),
            base_step_size: 0.1,
        };
        let marks = year_marks(input, Some((1991.0, 2023.0)));
        assert!(marks.iter().all(|m| (2000.0..=2010.0).contains(&m.value)));
    }

    #[test]
    fn a_year_label_that_would_crowd_an_end_year_is_left_out() {
        // 34 years over 1000 points: 29 points a year, so 2022 (29 points from 2023) goes
        // and 2020 (88 points away) stays.
        assert_eq!(label(2022.0, 1.0, 1990.0..=2024.0, 1000.0), "");
        assert_eq!(label(1992.0, 1.0, 1990.0..=2024.0, 1000.0), "");
        assert_eq!(label(2020.0, 10.0, 1990.0..=2024.0, 1000.0), "2020");
        assert_eq!(label(2023.0, 10.0, 1990.0..=2024.0, 1000.0), "2023");
        assert_eq!(label(1991.0, 10.0, 1990.0..=2024.0, 1000.0), "1991");
        // Zoomed in, where a year is 200 points wide, every year keeps its label.
        assert_eq!(label(2022.0, 1.0, 2020.0..=2025.0, 1000.0), "2022");
    }
}
