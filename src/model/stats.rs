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
    /// Sources in the bibliography.
    pub sources: usize,
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
            contested_keyframes: keyframes.filter(|k| k.is_contested()).count(),
            sources: map.sources.len(),
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
            "{} powers, {} keyframes, {} events, {} evidence items, {} keyframes without evidence, {} contested keyframes, {} sources, {} story steps",
            self.powers,
            self.keyframes,
            self.events,
            self.evidence,
            self.keyframes_without_evidence,
            self.contested_keyframes,
            self.sources,
            self.story_steps
        )?;
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
