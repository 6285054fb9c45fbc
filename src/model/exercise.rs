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

/// The keyframe a student judges by setting a value at `year_f64` where the track has none
/// yet ([`super::judged_sample`] is `None`): the unjudged keyframe the date is on or the value
/// rests on (the one before it, else the one after). `None` where there is a judged value,
/// or no keyframe at all.
pub fn keyframe_to_judge(track: &[super::Keyframe], year_f64: f64) -> Option<usize> {
    use super::sample::{Bracket, bracket};
    if track.is_empty() || super::judged_sample(track, year_f64).is_some() {
        return None;
    }
    Some(match bracket(track, year_f64) {
        Bracket::Empty => return None,
        Bracket::Before => 0,
        Bracket::After(i) | Bracket::On(i) => i,
        Bracket::Between(i) if track[i].unjudged => i,
        Bracket::Between(i) => i + 1,
    })
}

/// What the app, the command line and every export say instead of a value still to judge.
pub const NOT_YET_JUDGED: &str = "not yet judged";

/// A keyframe's value as printed: "+0.55", or "not yet judged" for an exercise's keyframe
/// still to judge (its strength means nothing yet).
pub fn keyframe_value_text(keyframe: &super::Keyframe) -> String {
    if keyframe.unjudged {
        NOT_YET_JUDGED.to_owned()
    } else {
        super::format_strength_signed(keyframe.strength)
    }
}

/// How many of a map's keyframes are still to judge, and how many keyframes it has.
pub fn still_to_judge(map: &StanceMap) -> (usize, usize) {
    let keyframes = map.powers.iter().flat_map(|p| &p.track);
    (
        keyframes.clone().filter(|k| k.unjudged).count(),
        keyframes.count(),
    )
}

/// "12 of 40 keyframes not yet judged" (or "1 of 1 keyframe …").
pub fn still_to_judge_text(unjudged: usize, keyframes: usize) -> String {
    let noun = if keyframes == 1 {
        "keyframe"
    } else {
        "keyframes"
    };
    format!("{unjudged} of {keyframes} {noun} {NOT_YET_JUDGED}")
}

/// The line an exercise shows while a student works through it: "Exercise: 12 of 40 keyframes
/// still to judge", or that every one is judged; `None` for a map that is not an exercise.
pub fn exercise_status(map: &StanceMap) -> Option<String> {
    if !map.exercise {
        return None;
    }
    let (unjudged, keyframes) = still_to_judge(map);
    Some(if unjudged == 0 {
        "Exercise: every keyframe judged".to_owned()
    } else {
        let noun = if keyframes == 1 {
            "keyframe"
        } else {
            "keyframes"
        };
        format!("Exercise: {unjudged} of {keyframes} {noun} still to judge")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Evidence, Interpolation, Keyframe, Power, PowerId, Role, SourceId};

    #[test]
    fn the_keyframe_to_judge_is_the_one_the_value_rests_on() {
        use crate::model::Interpolation::{Hold, Linear};
        let k = |year, unjudged, interpolation| crate::model::Keyframe {
            date: crate::model::Date::year(year),
            strength: 0.5,
            confidence: Confidence::Medium,
            interpolation,
            reasoning: String::new(),
            evidence: Vec::new(),
            unjudged,
        };
        // Judged 2000, linear toward an unjudged 2010, held unjudged 2010 to a judged 2020.
        let track = [
            k(2000, false, Linear),
            k(2010, true, Hold),
            k(2020, false, Linear),
        ];
        assert_eq!(
            keyframe_to_judge(&track, 1990.0),
            None,
            "before: the judged first"
        );
        assert_eq!(keyframe_to_judge(&track, 2000.0), None);
        assert_eq!(
            keyframe_to_judge(&track, 2005.0),
            Some(1),
            "the line runs toward it"
        );
        assert_eq!(keyframe_to_judge(&track, 2010.0), Some(1));
        assert_eq!(keyframe_to_judge(&track, 2015.0), Some(1), "held from it");
        assert_eq!(keyframe_to_judge(&track, 2020.0), None);
        assert_eq!(keyframe_to_judge(&[], 2020.0), None);
    }

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
        assert_eq!(
            keyframe_to_judge(&exercise.powers[0].track, 2000.0),
            Some(0)
        );
        assert_eq!(
            keyframe_to_judge(&exercise.powers[0].track, 2015.0),
            Some(0)
        );
        assert_eq!(keyframe_to_judge(&map.powers[0].track, 2015.0), None);
        assert_eq!(still_to_judge(&exercise), (1, 1));
        assert_eq!(
            exercise_status(&exercise).as_deref(),
            Some("Exercise: 1 of 1 keyframe still to judge")
        );
        assert_eq!(exercise_status(&map), None);
        let mut judged = exercise.clone();
        judged.powers[0].track[0].unjudged = false;
        assert_eq!(
            exercise_status(&judged).as_deref(),
            Some("Exercise: every keyframe judged")
        );
    }
}
