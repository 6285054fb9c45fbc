//! Generated maps of any size, for benchmarks and stress tests.

use super::date::Date;
use super::map::{
    Closer, Confidence, Dimension, Event, Evidence, FORMAT_VERSION, Indicator, IndicatorId,
    IndicatorPoint, Interpolation, Keyframe, Power, PowerId, Role, Source, SourceId, StanceMap,
};

/// How many points of a generated indicator come between two of its gaps.
const POINTS_BETWEEN_GAPS: usize = 100;

/// How long a generated indicator's gap lasts, in months: longer than
/// [`super::indicators::MAX_JOIN_YEARS`], so the line breaks there.
const GAP_MONTHS: usize = 13;

/// A deterministic map with `powers` powers of `keyframes` monthly keyframes each, every
/// keyframe with `evidence_per_keyframe` quotes, plus one event a year.
pub fn stress_map(powers: usize, keyframes: usize, evidence_per_keyframe: usize) -> StanceMap {
    let sources: Vec<Source> = (0..20)
        .map(|i| Source {
            id: SourceId(format!("source{i}")),
            author: format!("Author {i}"),
            year: Some(2000 + i),
            entry: format!(
                "Author {i} (20{i:02}). A long bibliography entry about foreign policy, number {i}. Journal of Studies, {i}(2), 100-120."
            ),
            url: String::new(), accessed: String::new(),
        })
        .collect();
    let mut state: u64 = 0x1234_5678_9abc_def1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let powers: Vec<Power> = (0..powers)
        .map(|p| Power {
            id: PowerId(format!("power{p}")),
            name: format!("Power {p}"),
            color: format!("#{:02x}{:02x}{:02x}", (p * 53) % 256, (p * 97) % 256, (p * 151) % 256),
            bearing_deg: 360.0 * p as f64 / powers as f64,
            track: (0..keyframes)
                .map(|k| Keyframe {
                    unjudged: false,
                    date: Date::month(1950 + (k / 12) as i32, (k % 12) as u8 + 1),
                    strength: (next() * 2.0 - 1.0).clamp(-1.0, 1.0),
                    confidence: Confidence::ALL[k % 3],
                    interpolation: if k % 7 == 0 {
                        Interpolation::Hold
                    } else {
                        Interpolation::Linear
                    },
                    reasoning: format!(
                        "Judgement: keyframe {k} of power {p}, reasoning from the evidence about how the relationship moved in this month and why."
                    ),
                    evidence: (0..evidence_per_keyframe)
                        .map(|e| Evidence {
                            quote: format!(
                                "“A verbatim quote number {e} for keyframe {k} of power {p}, long enough to look like a real sentence from an article about alignment.”"
                            ),
                            source: SourceId(format!("source{}", (k + e) % 20)),
                            locator: format!("p. {}", e + 1),
                            dimension: Dimension::ALL[(k + e) % Dimension::ALL.len()],
                            // Some counter-evidence, so contested marks are drawn too.
                            role: Role::ALL[usize::from((k + e) % 5 == 4) * 2],
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let years = keyframes.div_ceil(12).max(1);
    let events = (0..years)
        .map(|y| Event {
            date: Date::year(1950 + y as i32),
            title: format!("Event of year {y}"),
            powers: vec![PowerId(format!("power{}", y % powers.len().max(1)))],
            note: String::new(),
            evidence: Vec::new(),
        })
        .filter(|_| !powers.is_empty())
        .collect();
    StanceMap {
        exercise: false,
        view: None,
        format_version: FORMAT_VERSION,
        title: format!(
            "Stress map: {} powers × {keyframes} keyframes",
            powers.len()
        ),
        subject: "Testland".to_owned(),
        analyst: "stress-test generator".to_owned(),
        description: "Generated for benchmarks.".to_owned(),
        powers,
        sources,
        events,
        story: Vec::new(),
        indicators: Vec::new(),
    }
}

/// [`stress_map`] with `indicators` measured series of `points` monthly points each, spread
/// over the map's span and a little beyond (the gaps need months of their own): each speaks to
/// a power in turn, cites one of the map's sources, breaks for a gap after every
/// hundredth point, and has every seventeenth point uncertain. Percentages and a 0–1 scale
/// alternate, as do the two directions of "closer".
pub fn stress_map_with_indicators(
    powers: usize,
    keyframes: usize,
    evidence_per_keyframe: usize,
    indicators: usize,
    points: usize,
) -> StanceMap {
    let mut map = stress_map(powers, keyframes, evidence_per_keyframe);
    if map.powers.is_empty() || indicators == 0 {
        return map;
    }
    let gaps = points.saturating_sub(1) / POINTS_BETWEEN_GAPS;
    let months_needed = points + gaps * GAP_MONTHS;
    // Centred on the keyframes' months, which start in January 1950.
    let first_month = 1950 * 12 + keyframes as i64 / 2 - months_needed as i64 / 2;
    let mut state: u64 = 0x0fed_cba9_8765_4321;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let sources = map.sources.len().max(1);
    map.indicators = (0..indicators)
        .map(|i| {
            let percent = i % 2 == 0;
            let (low, high) = if percent { (0.0, 100.0) } else { (0.0, 1.0) };
            let mut value = 0.5;
            let mut month = first_month + (i % 3) as i64;
            let points = (0..points)
                .map(|j| {
                    if j > 0 && j % POINTS_BETWEEN_GAPS == 0 {
                        month += GAP_MONTHS as i64;
                    }
                    let date = Date::month(month.div_euclid(12) as i32, month.rem_euclid(12) as u8 + 1);
                    month += 1;
                    value = (value + (next() - 0.5) * 0.1).clamp(0.0, 1.0);
                    IndicatorPoint {
                        date,
                        // Whole percentages, or two decimals on the 0–1 scale, as sources print.
                        value: if percent {
                            (value * 100.0).round()
                        } else {
                            (value * 100.0).round() / 100.0
                        },
                        source: SourceId(format!("source{}", (i + j) % sources)),
                        note: if j % 10 == 0 {
                            format!("Point {j} of series {i}: what the source says beside the number.")
                        } else {
                            String::new()
                        },
                        uncertain: j % 17 == 16,
                    }
                })
                .collect();
            Indicator {
                id: IndicatorId(format!("indicator{i}")),
                name: format!("Measured series {i}"),
                unit: if percent { "%".to_owned() } else { "coincidence".to_owned() },
                power: map.powers[i % map.powers.len()].id.clone(),
                closer: Closer::ALL[(i / 2) % 2],
                low,
                high,
                method: format!(
                    "Generated series {i}: a random walk, measured monthly, with a gap after every {POINTS_BETWEEN_GAPS} points."
                ),
                points,
            }
        })
        .collect();
    map.title = format!("{}, {indicators} indicators × {points} points", map.title);
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_maps_are_valid() {
        let map = stress_map(12, 500, 3);
        assert_eq!(super::super::validate(&map), vec![]);
        assert_eq!(map.powers.len(), 12);
        assert_eq!(map.powers[0].track.len(), 500);
    }

    #[test]
    fn generated_maps_with_indicators_are_valid_with_gaps_and_uncertain_points() {
        let map = stress_map_with_indicators(12, 500, 3, 12, 500);
        assert_eq!(super::super::validate(&map), vec![]);
        assert_eq!(map.indicators.len(), 12);
        let (start, end) = map.span_year_f64().unwrap();
        for indicator in &map.indicators {
            assert_eq!(indicator.points.len(), 500);
            // A gap after every hundredth point: five runs, none bridged.
            assert_eq!(indicator.runs().len(), 5, "{}", indicator.id);
            let uncertain = indicator.points.iter().filter(|p| p.uncertain).count();
            assert_eq!(uncertain, 500 / 17, "{}", indicator.id);
            // Spread over the map's span, spilling at most half the gaps' months each side.
            let first = indicator.points[0].date.to_year_f64();
            let last = indicator.points[499].date.to_year_f64();
            assert!(
                first >= start - 3.0 && first < start + 0.5,
                "{first} {start}"
            );
            assert!(last <= end + 3.0 && last > end - 0.5, "{last} {end}");
        }
        // Every power has its indicator, and both scales and directions occur.
        for power in &map.powers {
            assert!(map.indicators.iter().any(|i| i.power == power.id));
        }
        assert!(map.indicators.iter().any(Indicator::is_percent));
        assert!(map.indicators.iter().any(|i| !i.is_percent()));
        assert!(map.indicators.iter().any(|i| i.closer == Closer::Lower));
        // Without indicators, the plain stress map.
        let plain = stress_map_with_indicators(3, 24, 1, 0, 500);
        assert_eq!(plain.indicators, vec![]);
        assert_eq!(plain, stress_map(3, 24, 1));
    }
}
