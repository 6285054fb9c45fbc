//! Generated maps of any size, for benchmarks and stress tests.

use super::date::Date;
use super::map::{
    Confidence, Dimension, Event, Evidence, FORMAT_VERSION, Interpolation, Keyframe, Power,
    PowerId, Role, Source, SourceId, StanceMap,
};

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
}
