//! Where a measured indicator is drawn on a time axis: each point's extent (a year-only
//! measurement covers its calendar year, a month's is a point), the path of a run (steps
//! across years, joins between neighbours within the run, nothing across a gap), and the box
//! that marks a span where a judgement and a measurement part.
//!
//! Plain numbers in years and strength units (−1…+1); a surface turns them into its own
//! coordinates. The rules on which points join and how values map onto the scale are
//! [`super::indicators`]'s; this only lays them out.

use std::ops::Range;

use super::indicators::Divergence;
use super::map::{Indicator, IndicatorPoint, StanceMap};

/// How far past ±1 a measurement outside its scale is still drawn, in strength units: it
/// sits at the plot's edge rather than off it.
pub const DRAWN_LIMIT: f64 = 1.0;

/// The part of the time axis a measurement covers, in fractional years: a year-only date
/// covers that calendar year (`(2021.0, 2022.0)`), a month's date is a point.
pub fn extent_year_f64(point: &IndicatorPoint) -> (f64, f64) {
    let start = point.date.to_year_f64();
    if point.date.month.is_none() {
        (start, start + 1.0)
    } else {
        (start, start)
    }
}

/// Where a measurement's marker sits on the time axis: the middle of its extent.
pub fn marker_year_f64(point: &IndicatorPoint) -> f64 {
    let (start, end) = extent_year_f64(point);
    f64::midpoint(start, end)
}

/// A measured value on the drawn −1…+1 scale ([`Indicator::to_scale`]), held at the edge
/// when it lies outside the indicator's own range.
pub fn drawn_value(indicator: &Indicator, value: f64) -> f64 {
    let v = indicator.to_scale(value);
    if v.is_finite() {
        v.clamp(-DRAWN_LIMIT, DRAWN_LIMIT)
    } else {
        0.0
    }
}

/// The points (index range into `indicator.points`) whose extent reaches into `window`
/// (years, inclusive), plus one on either side, so a path leaving the window is drawn up to
/// its edge (so a window wholly before or after the points gives at most the nearest one).
pub fn points_near(indicator: &Indicator, window: (f64, f64)) -> Range<usize> {
    let points = &indicator.points;
    // A year-only measurement reaches up to a year past its date.
    let lo = points
        .partition_point(|p| p.date.to_year_f64() + 1.0 < window.0)
        .saturating_sub(1);
    let hi = (points.partition_point(|p| p.date.to_year_f64() <= window.1) + 1).min(points.len());
    if lo >= hi { 0..0 } else { lo..hi }
}

/// The path of points `range` (all within one run of [`Indicator::runs`]), handed to `vertex`
/// as (year, drawn value) vertices in order: a year-only measurement is a step across its year (cut short
/// where the next measurement starts inside it), a month's is one vertex; neighbours are
/// joined. A run of one month's measurement gives one vertex: it is drawn as a marker only.
pub fn run_path(indicator: &Indicator, range: Range<usize>, mut vertex: impl FnMut(f64, f64)) {
    let Some(points) = indicator.points.get(range) else {
        return;
    };
    for (i, point) in points.iter().enumerate() {
        let value = drawn_value(indicator, point.value);
        let (start, mut end) = extent_year_f64(point);
        if let Some(next) = points.get(i + 1) {
            end = end.min(next.date.to_year_f64());
        }
        vertex(start, value);
        if end > start {
            vertex(end, value);
        }
    }
}

/// The runs of [`Indicator::runs`] cut to `near` (from [`points_near`]): the index ranges
/// drawn joined, in order, none spanning a gap.
pub fn runs_near(indicator: &Indicator, near: &Range<usize>) -> Vec<Range<usize>> {
    indicator.runs_in(near.clone())
}

/// The box that marks a divergence on a timeline: its span along the years, and up and down
/// from the lowest to the highest of the judged values at its two keyframes and the
/// indicator's first and last measurements in it (drawn values), padded by `pad`. `None` when
/// its power or indicator is gone.
pub fn divergence_box(
    map: &StanceMap,
    divergence: &Divergence,
    pad: f64,
) -> Option<((f64, f64), (f64, f64))> {
    let power = map.power(&divergence.power)?;
    let indicator = map.indicator(&divergence.indicator)?;
    let (from, to) = divergence.span_year_f64();
    let judged = [power.strength_at(from)?, power.strength_at(to)?];
    let measured = [divergence.first, divergence.last].map(|date| {
        indicator
            .points
            .iter()
            .find(|p| p.date == date)
            .map(|p| drawn_value(indicator, p.value))
    });
    let values = judged.into_iter().chain(measured.into_iter().flatten());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    Some((
        (from, to),
        ((lo - pad).max(-1.0 - pad), (hi + pad).min(1.0 + pad)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicators::divergences;
    use crate::model::{
        Closer, Confidence, Date, IndicatorId, Interpolation, Keyframe, Power, PowerId, SourceId,
    };

    fn point(date: Date, value: f64) -> IndicatorPoint {
        IndicatorPoint {
            date,
            value,
            source: SourceId("isac".into()),
            note: String::new(),
            uncertain: false,
        }
    }

    fn percent(points: Vec<IndicatorPoint>) -> Indicator {
        Indicator {
            id: IndicatorId("isac".into()),
            name: "ISAC alignment".into(),
            unit: "%".into(),
            power: PowerId("eu".into()),
            closer: Closer::Higher,
            low: 0.0,
            high: 100.0,
            method: String::new(),
            points,
        }
    }

    fn paths(indicator: &Indicator, window: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
        let near = points_near(indicator, window);
        runs_near(indicator, &near)
            .into_iter()
            .map(|run| {
                let mut out = Vec::new();
                run_path(indicator, run, |x, y| out.push((x, y)));
                out
            })
            .collect()
    }

    #[test]
    fn a_year_is_a_step_across_it_and_a_missing_year_leaves_a_gap() {
        let i = percent(vec![
            point(Date::year(2018), 50.0),
            point(Date::year(2019), 100.0),
            point(Date::year(2021), 0.0),
        ]);
        let paths = paths(&i, (2000.0, 2030.0));
        assert_eq!(
            paths,
            vec![
                vec![(2018.0, 0.0), (2019.0, 0.0), (2019.0, 1.0), (2020.0, 1.0)],
                vec![(2021.0, -1.0), (2022.0, -1.0)],
            ]
        );
        // Nothing is drawn over 2020.
        for path in &paths {
            for pair in path.windows(2) {
                assert!(!(pair[0].0 < 2020.5 && pair[1].0 > 2020.5), "{pair:?}");
            }
        }
        assert_eq!(marker_year_f64(&i.points[2]), 2021.5);
    }

    #[test]
    fn months_are_vertices_joined_within_a_run_and_a_year_step_stops_at_the_next_month() {
        let i = percent(vec![
            point(Date::year(2018), 50.0),
            point(Date::month(2018, 7), 75.0),
            point(Date::month(2019, 1), 25.0),
            point(Date::month(2022, 1), 150.0),
        ]);
        let paths = paths(&i, (2000.0, 2030.0));
        assert_eq!(
            paths,
            vec![
                vec![(2018.0, 0.0), (2018.5, 0.0), (2018.5, 0.5), (2019.0, -0.5)],
                // Outside the scale: held at the edge, a marker alone.
                vec![(2022.0, 1.0)],
            ]
        );
        assert_eq!(marker_year_f64(&i.points[1]), 2018.5);
    }

    #[test]
    fn only_the_points_near_the_window_are_laid_out() {
        let i = percent((1990..2020).map(|y| point(Date::year(y), 50.0)).collect());
        let near = points_near(&i, (2005.5, 2007.5));
        // 2004 reaches the window's edge through its step's neighbour; 2008 is one past.
        assert_eq!(near, 14..19);
        assert_eq!(runs_near(&i, &near), vec![14..19]);
        // Before all of them: only the first, off screen, which is cheap to leave to clipping.
        assert_eq!(points_near(&i, (1900.0, 1950.0)), 0..1);
        assert!(points_near(&percent(vec![]), (1900.0, 2050.0)).is_empty());
    }

    #[test]
    fn a_divergence_box_holds_both_lines_over_the_span() {
        let mut map = StanceMap::empty();
        let keyframe = |y, strength| Keyframe {
            unjudged: false,
            date: Date::year(y),
            strength,
            confidence: Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: Vec::new(),
        };
        map.powers.push(Power {
            id: PowerId("eu".into()),
            name: "EU".into(),
            color: "#0000ff".into(),
            bearing_deg: 0.0,
            track: vec![keyframe(2021, 0.3), keyframe(2022, 0.4)],
        });
        map.indicators.push(percent(vec![
            point(Date::year(2021), 62.0),
            point(Date::year(2022), 48.0),
        ]));
        let found = divergences(&map, 0.05);
        assert_eq!(found.len(), 1);
        let ((x0, x1), (y0, y1)) = divergence_box(&map, &found[0], 0.05).expect("a box");
        assert_eq!((x0, x1), (2021.0, 2022.0));
        // Lowest: the 2022 measurement, 48% → −0.04; highest: the judged 0.4.
        assert!((y0 - (-0.04 - 0.05)).abs() < 1e-9, "{y0}");
        assert!((y1 - 0.45).abs() < 1e-9, "{y1}");
        map.indicators.clear();
        assert_eq!(divergence_box(&map, &found[0], 0.05), None);
    }
}
