//! Counts that summarise a map, for `stance-map check` and the status bar.

use super::map::StanceMap;
use super::story_text::{format_duration_s, story_time_s};

/// How much a map holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Number of powers.
    pub powers: usize,
    /// Keyframes over all powers.
    pub keyframes: usize,
    /// Dated events.
    pub events: usize,
    /// Evidence items on keyframes, events and story steps.
    pub evidence: usize,
    /// Keyframes that carry no evidence: claims without support.
    pub keyframes_without_evidence: usize,
    /// Keyframes with evidence that points against their value.
    pub contested_keyframes: usize,
    /// Keyframes of an exercise still to judge ([`crate::model::Keyframe::unjudged`]).
    pub unjudged_keyframes: usize,
    /// Sources in the bibliography.
    pub sources: usize,
    /// Measured indicators.
    pub indicators: usize,
    /// Measured values over all indicators.
    pub indicator_points: usize,
    /// Measured values marked uncertain.
    pub uncertain_points: usize,
    /// Story steps.
    pub story_steps: usize,
    /// How long autoplay takes for the whole story, in whole seconds.
    pub story_time_s: u64,
}

impl Summary {
    /// Count what is in a map.
    pub fn of(map: &StanceMap) -> Self {
        let keyframes = map.powers.iter().flat_map(|p| &p.track);
        Self {
            powers: map.powers.len(),
            keyframes: keyframes.clone().count(),
            events: map.events.len(),
            evidence: keyframes.clone().map(|k| k.evidence.len()).sum::<usize>()
                + map.events.iter().map(|e| e.evidence.len()).sum::<usize>()
                + map.story.iter().map(|s| s.quotes.len()).sum::<usize>(),
            keyframes_without_evidence: keyframes.clone().filter(|k| k.evidence.is_empty()).count(),
            contested_keyframes: keyframes.clone().filter(|k| k.is_contested()).count(),
            unjudged_keyframes: keyframes.filter(|k| k.unjudged).count(),
            sources: map.sources.len(),
            indicators: map.indicators.len(),
            indicator_points: map.indicators.iter().map(|i| i.points.len()).sum(),
            uncertain_points: map
                .indicators
                .iter()
                .flat_map(|i| &i.points)
                .filter(|p| p.uncertain)
                .count(),
            story_steps: map.story.len(),
            // Each step lasts at most an hour (validation), so this is far below u64's range.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            story_time_s: story_time_s(&map.story).round().max(0.0) as u64,
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} powers, {} keyframes, {} events, {} evidence items, {} keyframes without evidence, {} contested keyframes, {} sources, ",
            self.powers,
            self.keyframes,
            self.events,
            self.evidence,
            self.keyframes_without_evidence,
            self.contested_keyframes,
            self.sources,
        )?;
        // Only an exercise with keyframes still to judge says so.
        if self.unjudged_keyframes > 0 {
            write!(
                f,
                "{}, ",
                super::exercise::still_to_judge_text(self.unjudged_keyframes, self.keyframes)
            )?;
        }
        // Only a map that has measurements says so: the line of a map without stays as it was.
        if self.indicators > 0 {
            write!(
                f,
                "{} measured {}, {} {} ({} uncertain), ",
                self.indicators,
                if self.indicators == 1 {
                    "indicator"
                } else {
                    "indicators"
                },
                self.indicator_points,
                if self.indicator_points == 1 {
                    "point"
                } else {
                    "points"
                },
                self.uncertain_points
            )?;
        }
        write!(f, "{} story steps", self.story_steps)?;
        if self.story_steps > 0 {
            #[allow(clippy::cast_precision_loss)] // whole seconds of a story: far below 2^52
            let time = format_duration_s(self.story_time_s as f64);
            write!(f, " (autoplay {time})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::stress_map;

    #[test]
    fn an_exercise_says_how_many_keyframes_are_not_yet_judged() {
        let map = stress_map(3, 4, 0);
        assert!(!Summary::of(&map).to_string().contains("judged"));
        let mut exercise = crate::model::exercise::make_exercise(&map);
        exercise.powers[0].track[0].unjudged = false;
        let line = Summary::of(&exercise).to_string();
        assert!(
            line.contains("11 of 12 keyframes not yet judged, "),
            "{line}"
        );
    }

    #[test]
    fn measured_indicators_and_their_points_are_counted_only_when_there_are_some() {
        let mut map = StanceMap::empty();
        assert!(!Summary::of(&map).to_string().contains("measured"));
        let indicator = |id: &str, uncertain: &[bool]| crate::model::Indicator {
            id: crate::model::IndicatorId(id.into()),
            name: id.into(),
            unit: "%".into(),
            power: crate::model::PowerId("eu".into()),
            closer: crate::model::Closer::Higher,
            low: 0.0,
            high: 100.0,
            method: String::new(),
            points: uncertain
                .iter()
                .enumerate()
                .map(|(i, &uncertain)| crate::model::IndicatorPoint {
                    date: crate::model::Date::year(2000 + i32::try_from(i).unwrap()),
                    value: 50.0,
                    source: crate::model::SourceId("s".into()),
                    note: String::new(),
                    uncertain,
                })
                .collect(),
        };
        map.indicators = vec![
            indicator("a", &[false, true, false]),
            indicator("b", &[true, true]),
        ];
        let summary = Summary::of(&map);
        assert_eq!(
            (
                summary.indicators,
                summary.indicator_points,
                summary.uncertain_points
            ),
            (2, 5, 3)
        );
        assert!(
            summary.to_string().contains(
                "0 sources, 2 measured indicators, 5 points (3 uncertain), 0 story steps"
            ),
            "{summary}"
        );
        map.indicators.truncate(1);
        map.indicators[0].points.truncate(1);
        assert!(
            Summary::of(&map)
                .to_string()
                .contains("1 measured indicator, 1 point (0 uncertain)"),
        );
    }

    #[test]
    fn contested_keyframes_and_the_story_time_are_counted_and_said() {
        let mut map = StanceMap::empty();
        assert_eq!(Summary::of(&map).contested_keyframes, 0);
        assert!(!Summary::of(&map).to_string().contains("autoplay"));

        map = stress_map(2, 10, 3);
        let contested = map
            .powers
            .iter()
            .flat_map(|p| &p.track)
            .filter(|k| k.is_contested())
            .count();
        assert!(contested > 0 && contested < 20, "{contested}");
        let summary = Summary::of(&map);
        assert_eq!(summary.contested_keyframes, contested);
        assert!(
            summary
                .to_string()
                .contains(&format!("{contested} contested keyframes")),
            "{summary}"
        );
        // An exercise gives no judgement away: nothing still to judge counts as contested.
        let exercise = crate::model::exercise::make_exercise(&map);
        assert_eq!(Summary::of(&exercise).contested_keyframes, 0);

        let step = ron::from_str(r#"(date: "2000", title: "A step", duration_s: Some(65.0))"#);
        map.story = vec![step.expect("a story step")];
        let summary = Summary::of(&map);
        assert_eq!(summary.story_time_s, 65);
        assert!(
            summary
                .to_string()
                .ends_with("1 story steps (autoplay 1 min 5 s)"),
            "{summary}"
        );
    }
}
