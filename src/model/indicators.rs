//! Measured indicators beside the judged lines: where a measurement sits on its own scale,
//! which measurements join into one run (a missing period is a gap, never interpolated), the
//! latest measurement at a date, and where a judgement and a measurement part.
//!
//! Every surface that draws an indicator (timeline, compass, slides, SVG, handout) asks here,
//! so they agree on the rules.

use super::date::Date;
use super::map::{
    Closer, Indicator, IndicatorId, IndicatorPoint, Keyframe, Power, PowerId, StanceMap,
};
use super::strength::format_strength_signed;

/// Two measurements join into one run when the later one starts at most this long after the
/// earlier one, in years: consecutive calendar years join, as do a December wave and the next
/// June's; a year with no measurement at all breaks the line.
pub const MAX_JOIN_YEARS: f64 = 1.0;

/// How long after its period starts a measurement still stands for "now" on the compass, in
/// years. Older than that, the compass shows no marker for it rather than a stale one.
pub const MARKER_MAX_AGE_YEARS: f64 = 2.0;

/// The threshold the divergence rule starts with: both the judged line and the indicator must
/// move at least this far, in strength units (the indicator on its own scale mapped onto −1…+1).
pub const DEFAULT_DIVERGENCE_THRESHOLD: f64 = 0.05;

impl Indicator {
    /// A measured value placed on the compass's −1…+1 scale: the indicator's `low` at −1 and
    /// `high` at +1 (the other way round when lower means closer). Not clamped: a value outside
    /// the scale lies outside −1…+1, and drawing clamps it.
    pub fn to_scale(&self, value: f64) -> f64 {
        let span = self.high - self.low;
        if !(span.is_finite() && span > 0.0) {
            return 0.0;
        }
        let t = (value - self.low) / span * 2.0 - 1.0;
        match self.closer {
            Closer::Higher => t,
            Closer::Lower => -t,
        }
    }

    /// A change of `delta` in the indicator's unit, in strength units (positive: closer).
    pub fn delta_to_scale(&self, delta: f64) -> f64 {
        let span = self.high - self.low;
        if !(span.is_finite() && span > 0.0) {
            return 0.0;
        }
        let d = delta / span * 2.0;
        match self.closer {
            Closer::Higher => d,
            Closer::Lower => -d,
        }
    }

    /// Whether the unit is a percentage, which the timeline gives its own axis.
    pub fn is_percent(&self) -> bool {
        self.unit.trim() == "%"
    }

    /// A value with its unit, as people read it: "62%", "0.32 coincidence", "48% (uncertain)".
    pub fn format_value(&self, point: &IndicatorPoint) -> String {
        let mut text = format_number(point.value);
        if self.is_percent() {
            text.push('%');
        } else if !self.unit.trim().is_empty() {
            text.push(' ');
            text.push_str(self.unit.trim());
        }
        if point.uncertain {
            text.push_str(" (uncertain)");
        }
        text
    }

    /// The runs of points that are drawn joined, as index ranges into `points`, in order. A
    /// point alone in its run is drawn as a point only.
    pub fn runs(&self) -> Vec<std::ops::Range<usize>> {
        self.runs_in(0..self.points.len())
    }

    /// [`Self::runs`] among the points of `range` only (cut to it): what a view of part of the
    /// time axis draws, without walking every point. The gap rule looks only at neighbours,
    /// so this is the whole runs cut to `range`.
    pub fn runs_in(&self, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
        let end = range.end.min(self.points.len());
        let mut runs = Vec::new();
        let mut start = range.start.min(end);
        for i in start + 1..=end {
            let joined = i < end
                && self.points[i].date.to_year_f64() - self.points[i - 1].date.to_year_f64()
                    <= MAX_JOIN_YEARS + 1e-9;
            if !joined {
                if start < i {
                    runs.push(start..i);
                }
                start = i;
            }
        }
        runs
    }

    /// The latest measurement at or before `year_f64` that is at most
    /// [`MARKER_MAX_AGE_YEARS`] old: what the compass shows for "now".
    pub fn latest_at(&self, year_f64: f64) -> Option<&IndicatorPoint> {
        let i = self
            .points
            .partition_point(|p| p.date.to_year_f64() <= year_f64 + 1e-9);
        let point = self.points.get(i.checked_sub(1)?)?;
        (year_f64 - point.date.to_year_f64() <= MARKER_MAX_AGE_YEARS).then_some(point)
    }

    /// Its scale, said in words for a legend: "0–100%", "0–1 coincidence with the US".
    pub fn scale_label(&self) -> String {
        let unit = self.unit.trim();
        let (low, high) = (format_number(self.low), format_number(self.high));
        let mut text = if unit == "%" {
            format!("{low}–{high}%")
        } else if unit.is_empty() {
            format!("{low}–{high}")
        } else {
            format!("{low}–{high} {unit}")
        };
        if self.closer == Closer::Lower {
            text.push_str(", lower is closer");
        }
        text
    }
}

/// The compass legend's words for the measured markers, one line however many are shown so
/// the legend keeps its place beside the compass: one indicator is named with its scale ("◊
/// measured (own scale: ISAC alignment 0–100%)"); several sharing one scale give it ("◊ 5
/// measured series, each on its own scale, here all 0–100%"); several scales say to hover a
/// marker for its own. A second line explains the dashed marker of an uncertain measurement
/// when one of them has any. Nothing when `shown` is empty. The names are made safe to
/// display ([`super::display_safe`]); a surface that writes markup escapes the lines as it
/// does all text.
pub fn compass_legend(shown: &[&Indicator]) -> Vec<String> {
    let mut lines = Vec::new();
    match shown {
        [] => return lines,
        [one] => lines.push(format!(
            "◊ measured (own scale: {} {})",
            super::display_safe(&one.name),
            one.scale_label()
        )),
        [first, rest @ ..] => {
            let scale = first.scale_label();
            let n = shown.len();
            if rest.iter().all(|i| i.scale_label() == scale) {
                lines.push(format!(
                    "◊ {n} measured series, each on its own scale, here all {scale}"
                ));
            } else {
                lines.push(format!(
                    "◊ {n} measured series, each on its own scale (hover one for it)"
                ));
            }
        }
    }
    if shown.iter().any(|i| i.points.iter().any(|p| p.uncertain)) {
        lines.push("dashed ◊: an uncertain measurement".to_owned());
    }
    lines
}

/// The indicators the compass speaks of: those of `map` that `shown` picks and whose power is
/// in the map and `power_shown`, in map order. The legend lists them whatever the date.
pub fn compass_indicators(
    map: &StanceMap,
    shown: impl Fn(&IndicatorId) -> bool,
    power_shown: impl Fn(&PowerId) -> bool,
) -> Vec<&Indicator> {
    map.indicators
        .iter()
        .filter(|i| shown(&i.id) && power_shown(&i.power) && map.power(&i.power).is_some())
        .collect()
}

/// The edit that takes an indicator out of the map and out of every story step that shows it,
/// as one undo step (a step left naming it would make the map invalid).
pub fn removal(map: &StanceMap, id: &IndicatorId) -> super::edit::Edit {
    use super::edit::Edit;
    let indicators = map
        .indicators
        .iter()
        .filter(|i| &i.id != id)
        .cloned()
        .collect();
    let mut edits = Vec::new();
    if map.story.iter().any(|s| s.indicators.contains(id)) {
        let story = map
            .story
            .iter()
            .cloned()
            .map(|mut step| {
                step.indicators.retain(|i| i != id);
                step
            })
            .collect();
        edits.push(Edit::SetStory(story));
    }
    edits.push(Edit::SetIndicators(indicators));
    Edit::Batch(edits)
}

/// A number as the source gives it: no trailing zeros, at most three decimals ("62", "0.32",
/// "61.43").
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// A span between two keyframes of a power over which the judged value and a measured
/// indicator moved in opposite directions, each by at least the threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    /// The power whose judged line it is.
    pub power: PowerId,
    /// The indicator that moved the other way.
    pub indicator: IndicatorId,
    /// The earlier keyframe's date.
    pub from: Date,
    /// The later keyframe's date.
    pub to: Date,
    /// How the judged value moved, later minus earlier, in strength units.
    pub judged: f64,
    /// How the indicator moved, last minus first measurement in the span, in its own unit.
    pub measured: f64,
    /// The same move in strength units, positive meaning closer.
    pub measured_scaled: f64,
    /// The first and last measurements compared.
    pub first: Date,
    /// See `first`.
    pub last: Date,
}

impl Divergence {
    /// In words, for the evidence panel and the list: "judged +0.05, ISAC CFSP alignment −14
    /// points, 2021–2022".
    pub fn describe(&self, map: &StanceMap) -> String {
        let Some(indicator) = map.indicator(&self.indicator) else {
            return String::new();
        };
        let magnitude = format_number(self.measured.abs());
        let sign = if self.measured < 0.0 { '−' } else { '+' };
        let unit = indicator.unit.trim();
        let moved = if unit == "%" {
            format!("{sign}{magnitude} points")
        } else if unit.is_empty() {
            format!("{sign}{magnitude}")
        } else {
            format!("{sign}{magnitude} {unit}")
        };
        let judged = format_strength_signed(self.judged);
        format!(
            "judged {judged}, {} {moved}, {}–{}",
            indicator.name, self.first, self.last
        )
    }

    /// The span on the time axis, in fractional years.
    pub fn span_year_f64(&self) -> (f64, f64) {
        (self.from.to_year_f64(), self.to.to_year_f64())
    }
}

/// Every span where a judged line and one of its power's indicators part: between each pair
/// of neighbouring keyframes, the indicator's first and last measurements inside the span
/// (both ends included) are compared; where the judged value and the indicator moved in
/// opposite directions, each by at least `threshold` in strength units, the span is listed.
/// A span with fewer than two measurements says nothing (nothing is interpolated). In map
/// order: indicator by indicator, span by span.
pub fn divergences(map: &StanceMap, threshold: f64) -> Vec<Divergence> {
    let threshold = usable_threshold(threshold);
    let mut found = Vec::new();
    for indicator in &map.indicators {
        let Some(power) = map.power(&indicator.power) else {
            continue;
        };
        for pair in power.track.windows(2) {
            found.extend(span_divergence(
                indicator,
                power,
                (&pair[0], &pair[1]),
                threshold,
            ));
        }
    }
    found
}

/// The spans of [`divergences`] that start or end at `power`'s keyframe at `year_f64` (the
/// one before it, then the one after, indicator by indicator): what the evidence panel says
/// under a selected keyframe. It looks at that keyframe's two spans only, so it costs next to
/// nothing however long the map.
pub fn divergences_at_keyframe(
    map: &StanceMap,
    power: &PowerId,
    year_f64: f64,
    threshold: f64,
) -> Vec<Divergence> {
    let threshold = usable_threshold(threshold);
    let Some(power) = map.power(power) else {
        return Vec::new();
    };
    let track = &power.track;
    let Some(at) = track
        .iter()
        .position(|k| (k.date.to_year_f64() - year_f64).abs() < 1e-9)
    else {
        return Vec::new();
    };
    let spans: Vec<_> = [at.checked_sub(1).map(|i| (i, at)), Some((at, at + 1))]
        .into_iter()
        .flatten()
        .filter(|&(_, b)| b < track.len())
        .collect();
    let mut found = Vec::new();
    for indicator in map.indicators.iter().filter(|i| i.power == power.id) {
        for &(a, b) in &spans {
            found.extend(span_divergence(
                indicator,
                power,
                (&track[a], &track[b]),
                threshold,
            ));
        }
    }
    found
}

/// A threshold the rule can use: not negative, and the default for one that is not a number.
fn usable_threshold(threshold: f64) -> f64 {
    if threshold.is_finite() {
        threshold.max(0.0)
    } else {
        DEFAULT_DIVERGENCE_THRESHOLD
    }
}

/// The rule for one span between neighbouring keyframes `a` and `b` and one indicator.
fn span_divergence(
    indicator: &Indicator,
    power: &Power,
    (a, b): (&Keyframe, &Keyframe),
    threshold: f64,
) -> Option<Divergence> {
    // A value still to judge (an exercise's) has no move to set against the data.
    if a.unjudged || b.unjudged {
        return None;
    }
    let (from, to) = (a.date.to_year_f64(), b.date.to_year_f64());
    let lo = indicator
        .points
        .partition_point(|p| p.date.to_year_f64() < from - 1e-9);
    let hi = indicator
        .points
        .partition_point(|p| p.date.to_year_f64() <= to + 1e-9);
    if hi < lo + 2 {
        return None;
    }
    let (first, last) = (&indicator.points[lo], &indicator.points[hi - 1]);
    let judged = b.strength - a.strength;
    let measured = last.value - first.value;
    let measured_scaled = indicator.delta_to_scale(measured);
    let enough = |d: f64| d.abs() >= threshold - 1e-9 && d != 0.0;
    (enough(judged) && enough(measured_scaled) && judged.signum() != measured_scaled.signum()).then(
        || Divergence {
            power: power.id.clone(),
            indicator: indicator.id.clone(),
            from: a.date,
            to: b.date,
            judged,
            measured,
            measured_scaled,
            first: first.date,
            last: last.date,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Keyframe, Power, SourceId};

    fn point(date: Date, value: f64) -> IndicatorPoint {
        IndicatorPoint {
            date,
            value,
            source: SourceId("isac".into()),
            note: String::new(),
            uncertain: false,
        }
    }

    fn isac(points: Vec<IndicatorPoint>) -> Indicator {
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

    fn keyframe(date: Date, strength: f64) -> Keyframe {
        Keyframe {
            unjudged: false,
            date,
            strength,
            confidence: crate::model::Confidence::Medium,
            interpolation: crate::model::Interpolation::Linear,
            reasoning: String::new(),
            evidence: Vec::new(),
        }
    }

    fn map_with(track: Vec<Keyframe>, indicator: Indicator) -> StanceMap {
        let mut map = StanceMap::empty();
        map.powers.push(Power {
            id: PowerId("eu".into()),
            name: "EU".into(),
            color: "#0000ff".into(),
            bearing_deg: 0.0,
            track,
        });
        map.indicators.push(indicator);
        map
    }

    #[test]
    fn a_percentage_maps_its_ends_to_the_scales_ends_and_lower_is_closer_turns_it_round() {
        let mut i = isac(vec![]);
        assert_eq!(i.to_scale(0.0), -1.0);
        assert_eq!(i.to_scale(50.0), 0.0);
        assert_eq!(i.to_scale(100.0), 1.0);
        assert!((i.to_scale(62.0) - 0.24).abs() < 1e-12);
        assert!((i.delta_to_scale(-14.0) + 0.28).abs() < 1e-12);
        i.closer = Closer::Lower;
        assert_eq!(i.to_scale(100.0), -1.0);
        assert!((i.delta_to_scale(-14.0) - 0.28).abs() < 1e-12);
        assert_eq!(i.scale_label(), "0–100%, lower is closer");
    }

    #[test]
    fn a_missing_year_breaks_the_run_and_a_year_apart_joins() {
        let i = isac(vec![
            point(Date::year(2015), 65.0),
            point(Date::year(2016), 59.0),
            point(Date::year(2018), 52.0),
            point(Date::year(2019), 57.0),
            point(Date::year(2020), 56.0),
            point(Date::year(2023), 54.0),
        ]);
        assert_eq!(i.runs(), vec![0..2, 2..5, 5..6]);
        // Part of the points: the same runs, cut to the part.
        assert_eq!(i.runs_in(1..4), vec![1..2, 2..4]);
        assert_eq!(i.runs_in(3..3), Vec::<std::ops::Range<usize>>::new());
        let waves = isac(vec![
            point(Date::month(2018, 6), 55.0),
            point(Date::month(2018, 12), 55.0),
            point(Date::month(2019, 12), 54.0),
            point(Date::month(2022, 12), 43.0),
        ]);
        assert_eq!(waves.runs(), vec![0..3, 3..4]);
        assert!(isac(vec![]).runs().is_empty());
    }

    #[test]
    fn the_latest_measurement_stands_for_two_years_then_the_compass_drops_it() {
        let i = isac(vec![
            point(Date::year(2012), 99.0),
            point(Date::year(2021), 62.0),
        ]);
        assert_eq!(i.latest_at(2011.5), None);
        assert_eq!(i.latest_at(2012.0).map(|p| p.value), Some(99.0));
        assert_eq!(i.latest_at(2014.0).map(|p| p.value), Some(99.0));
        assert_eq!(i.latest_at(2014.5), None);
        assert_eq!(i.latest_at(2022.9).map(|p| p.value), Some(62.0));
    }

    #[test]
    fn a_judged_rise_against_a_measured_fall_is_a_divergence_in_words() {
        let map = map_with(
            vec![
                keyframe(Date::year(2021), 0.30),
                keyframe(Date::year(2022), 0.35),
                keyframe(Date::year(2023), 0.30),
            ],
            isac(vec![
                point(Date::year(2021), 62.0),
                point(Date::year(2022), 48.0),
                point(Date::year(2023), 54.0),
            ]),
        );
        let found = divergences(&map, 0.05);
        // 2021–22: judged +0.05 against −14 points; 2022–23: judged −0.05 against +6 points.
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0].describe(&map),
            "judged +0.05, ISAC alignment −14 points, 2021–2022"
        );
        assert_eq!(found[0].measured, -14.0);
        assert_eq!(
            found[1].describe(&map),
            "judged −0.05, ISAC alignment +6 points, 2022–2023"
        );
        // A higher threshold keeps only the moves that are large on both sides.
        assert!(divergences(&map, 0.06).is_empty());
        // A keyframe still to judge has no move to set against the data.
        let mut exercise = map.clone();
        exercise.powers[0].track[1].unjudged = true;
        assert!(divergences(&exercise, 0.05).is_empty());
    }

    #[test]
    fn a_keyframe_is_told_the_spans_that_start_or_end_at_it_and_no_others() {
        let map = map_with(
            vec![
                keyframe(Date::year(2020), 0.30),
                keyframe(Date::year(2021), 0.30),
                keyframe(Date::year(2022), 0.35),
                keyframe(Date::year(2023), 0.30),
            ],
            isac(vec![
                point(Date::year(2021), 62.0),
                point(Date::year(2022), 48.0),
                point(Date::year(2023), 54.0),
            ]),
        );
        let all = divergences(&map, 0.05);
        let eu = PowerId("eu".into());
        let at = |year: i32| divergences_at_keyframe(&map, &eu, f64::from(year), 0.05);
        assert!(at(2020).is_empty());
        assert_eq!(at(2021), vec![all[0].clone()]);
        assert_eq!(at(2022), all);
        assert_eq!(at(2023), vec![all[1].clone()]);
        // No keyframe there, another power, a threshold nothing passes: nothing.
        assert!(divergences_at_keyframe(&map, &eu, 2022.5, 0.05).is_empty());
        assert!(divergences_at_keyframe(&map, &PowerId("us".into()), 2022.0, 0.05).is_empty());
        assert!(divergences_at_keyframe(&map, &eu, 2022.0, 0.06).is_empty());
    }

    #[test]
    fn moves_in_the_same_direction_or_without_two_measurements_are_not_divergences() {
        let track = vec![
            keyframe(Date::year(2010), 0.5),
            keyframe(Date::year(2015), 0.2),
            keyframe(Date::year(2020), 0.6),
        ];
        // 2010–15 both fall; 2015–20 has one measurement only (a gap is not interpolated).
        let i = isac(vec![
            point(Date::year(2010), 70.0),
            point(Date::year(2014), 40.0),
            point(Date::year(2019), 10.0),
        ]);
        assert!(divergences(&map_with(track, i), 0.05).is_empty());
    }

    #[test]
    fn lower_is_closer_turns_the_measured_direction_round() {
        let mut i = isac(vec![
            point(Date::year(2000), 10.0),
            point(Date::year(2001), 30.0),
        ]);
        i.closer = Closer::Lower;
        let map = map_with(
            vec![
                keyframe(Date::year(2000), 0.0),
                keyframe(Date::year(2001), 0.5),
            ],
            i,
        );
        // The value rose by 20 but lower is closer: the subject moved away, the judge closer.
        assert_eq!(divergences(&map, 0.05).len(), 1);
    }

    #[test]
    fn the_compass_legend_names_each_shown_indicator_and_its_scale() {
        let mut i = isac(vec![point(Date::year(2021), 62.0)]);
        assert!(compass_legend(&[]).is_empty());
        assert_eq!(
            compass_legend(&[&i]),
            vec!["◊ measured (own scale: ISAC alignment 0–100%)".to_owned()]
        );
        i.points[0].uncertain = true;
        i.name = "a\u{202E}b".into();
        let lines = compass_legend(&[&i]);
        assert_eq!(lines[0], "◊ measured (own scale: a{U+202E}b 0–100%)");
        assert_eq!(lines[1], "dashed ◊: an uncertain measurement");
        // Several: one line, whatever their number, with the scale they share if they do.
        let mut other = isac(vec![point(Date::year(2021), 54.0)]);
        other.name = "MEI support".into();
        assert_eq!(
            compass_legend(&[&i, &other]),
            vec![
                "◊ 2 measured series, each on its own scale, here all 0–100%".to_owned(),
                "dashed ◊: an uncertain measurement".to_owned()
            ]
        );
        other.high = 1.0;
        i.points[0].uncertain = false;
        assert_eq!(
            compass_legend(&[&i, &other, &i]),
            vec!["◊ 3 measured series, each on its own scale (hover one for it)".to_owned()]
        );
    }

    #[test]
    fn the_compass_speaks_of_picked_indicators_of_shown_powers_only() {
        let map = map_with(vec![], isac(vec![point(Date::year(2021), 62.0)]));
        let all = compass_indicators(&map, |_| true, |_| true);
        assert_eq!(all.len(), 1);
        assert!(compass_indicators(&map, |_| false, |_| true).is_empty());
        assert!(compass_indicators(&map, |_| true, |_| false).is_empty());
        let mut orphan = map.clone();
        orphan.powers.clear();
        assert!(compass_indicators(&orphan, |_| true, |_| true).is_empty());
    }

    #[test]
    fn numbers_print_as_the_source_gives_them() {
        assert_eq!(format_number(62.0), "62");
        assert_eq!(format_number(0.32), "0.32");
        assert_eq!(format_number(61.43), "61.43");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(f64::NAN), "—");
        let i = isac(vec![]);
        let mut p = point(Date::year(2022), 48.0);
        p.uncertain = true;
        assert_eq!(i.format_value(&p), "48% (uncertain)");
    }
}
