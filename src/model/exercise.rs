//! Exercises: a copy of a map for students to judge themselves.

use super::map::{Confidence, StanceMap};

/// A copy of `map` for a student: the evidence, events, sources, measured series and the story's
/// titles and captions stay; every keyframe's strength, confidence and reasoning are cleared and
/// it is marked [`unjudged`](super::Keyframe::unjudged), so the app shows "not yet judged"
/// rather than a zero. The analyst is cleared (the app asks the student's name on first save),
/// and so are the story's speaker notes and the saved view, which may give the judgement away.
pub fn make_exercise(map: &StanceMap) -> StanceMap {
    let mut exercise = map.clone();
    exercise.exercise = true;
    exercise.analyst.clear();
    exercise.view = None;
    for keyframe in exercise.powers.iter_mut().flat_map(|p| p.track.iter_mut()) {
        keyframe.strength = 0.0;
        keyframe.confidence = Confidence::default();
        keyframe.reasoning.clear();
        keyframe.unjudged = true;
    }
    for step in &mut exercise.story {
        step.notes.clear();
    }
    exercise
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Evidence, Interpolation, Keyframe, Power, PowerId, Role, SourceId};

    #[test]
    fn judgements_are_cleared_and_marked_and_the_evidence_stays() {
        let mut map = StanceMap::empty();
        map.analyst = "Lecturer".into();
        map.sources.push(crate::model::Source {
            id: SourceId("s".into()),
            author: "Author".into(),
            year: Some(2020),
            entry: "Entry.".into(),
            url: String::new(),
            accessed: String::new(),
        });
        let quote = Evidence {
            quote: "a quote".into(),
            source: SourceId("s".into()),
            locator: "p. 2".into(),
            dimension: crate::model::Dimension::Energy,
            role: Role::Supports,
        };
        map.powers.push(Power {
            id: PowerId("p".into()),
            name: "P".into(),
            color: "#123456".into(),
            bearing_deg: 0.0,
            track: vec![Keyframe {
                date: Date::year(2009),
                strength: 0.7,
                confidence: Confidence::High,
                interpolation: Interpolation::Hold,
                reasoning: "Because.".into(),
                evidence: vec![quote.clone()],
                unjudged: false,
            }],
        });
        let exercise = make_exercise(&map);
        assert!(exercise.exercise && exercise.analyst.is_empty());
        let k = &exercise.powers[0].track[0];
        assert!(k.unjudged);
        assert_eq!(
            (k.strength, k.confidence, k.reasoning.as_str()),
            (0.0, Confidence::Medium, "")
        );
        assert_eq!(k.evidence, vec![quote]);
        assert_eq!(k.interpolation, Interpolation::Hold);
        assert_eq!(k.date, Date::year(2009));
        assert!(crate::model::validate(&exercise).is_empty());
    }
}
