//! Counts that summarise a map, for `stance-map check` and the status bar.

use super::map::StanceMap;

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
    /// Sources in the bibliography.
    pub sources: usize,
    /// Story steps.
    pub story_steps: usize,
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
            keyframes_without_evidence: keyframes.filter(|k| k.evidence.is_empty()).count(),
            sources: map.sources.len(),
            story_steps: map.story.len(),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} powers, {} keyframes, {} events, {} evidence items, {} keyframes without evidence, {} sources, {} story steps",
            self.powers,
            self.keyframes,
            self.events,
            self.evidence,
            self.keyframes_without_evidence,
            self.sources,
            self.story_steps
        )
    }
}
