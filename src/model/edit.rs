//! Every change to a map is one [`Edit`], applied by [`apply`], which returns the edit that
//! undoes it. Undo and redo (see [`History`]) fall out of that.

use super::date::Date;
use super::map::{
    Confidence, Event, Evidence, Indicator, Interpolation, Keyframe, Power, PowerId, SavedView,
    Source, StanceMap, StoryStep,
};

/// What a list of evidence belongs to.
#[derive(Clone, Debug, PartialEq)]
pub enum EvidenceOwner {
    /// A keyframe of a power.
    Keyframe {
        /// The power.
        power: PowerId,
        /// The keyframe's date.
        date: Date,
    },
    /// An event, by index.
    Event(usize),
}

/// One change to a map.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Set a power's strength at a date; creates a keyframe (without evidence) if none is there.
    SetStrength {
        /// The power.
        power: PowerId,
        /// The date.
        date: Date,
        /// The new strength, clamped to -1..=1.
        strength: f64,
    },
    /// Move a keyframe to another date (it cannot pass its neighbours) and set its strength.
    MoveKeyframe {
        /// The power.
        power: PowerId,
        /// Where the keyframe is.
        from: Date,
        /// Where it goes.
        to: Date,
        /// Its new strength.
        strength: f64,
    },
    /// Insert a whole keyframe (at its date; replaces nothing).
    InsertKeyframe {
        /// The power.
        power: PowerId,
        /// The keyframe.
        keyframe: Keyframe,
    },
    /// Remove the keyframe at a date.
    RemoveKeyframe {
        /// The power.
        power: PowerId,
        /// Its date.
        date: Date,
    },
    /// Set a keyframe's confidence, interpolation and reasoning.
    SetKeyframeNotes {
        /// The power.
        power: PowerId,
        /// The keyframe's date.
        date: Date,
        /// How sure the analyst is.
        confidence: Confidence,
        /// How the value carries on.
        interpolation: Interpolation,
        /// The analyst's reasoning.
        reasoning: String,
    },
    /// Replace the evidence list of a keyframe or event (add, edit, reorder, remove).
    SetEvidence {
        /// Whose evidence.
        owner: EvidenceOwner,
        /// The new list.
        evidence: Vec<Evidence>,
    },
    /// Set where a power sits on the compass.
    SetBearing {
        /// The power.
        power: PowerId,
        /// Degrees clockwise from north, normalised to 0..360.
        bearing_deg: f64,
    },
    /// Rename or recolour a power.
    SetPowerLook {
        /// The power.
        power: PowerId,
        /// Its name.
        name: String,
        /// Its colour, `#rrggbb`.
        color: String,
    },
    /// Insert a power at a position in the list.
    InsertPower {
        /// Where in the list.
        index: usize,
        /// The power.
        power: Power,
    },
    /// Remove a power, its track and the measured indicators that speak to it.
    RemovePower {
        /// The power.
        power: PowerId,
    },
    /// Set the title, subject, analyst and description.
    SetMapInfo {
        /// The title.
        title: String,
        /// The subject country.
        subject: String,
        /// Who made this reading.
        analyst: String,
        /// The description.
        description: String,
    },
    /// Replace the bibliography.
    SetSources(Vec<Source>),
    /// Replace the events.
    SetEvents(Vec<Event>),
    /// Replace the story.
    SetStory(Vec<StoryStep>),
    /// Replace the measured indicators (an import adds one; removing one takes it out).
    SetIndicators(Vec<Indicator>),
    /// Set (or, with `None`, clear) the view the map opens at (File › Save view with map).
    SetView(Option<SavedView>),
    /// Mark a keyframe as still to judge (an exercise's) or as judged. Editing an unjudged
    /// keyframe's strength or notes clears the mark by itself; this is what its undo puts back.
    SetUnjudged {
        /// The power.
        power: PowerId,
        /// The keyframe's date.
        date: Date,
        /// Whether it is still to judge.
        unjudged: bool,
    },
    /// Several edits as one, applied in order.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied (the map is left unchanged).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No power with that id.
    #[error("there is no power \"{0}\"")]
    NoPower(String),
    /// No keyframe at that date.
    #[error("{power} has no keyframe at {date}")]
    NoKeyframe {
        /// The power's name.
        power: String,
        /// The date.
        date: String,
    },
    /// A keyframe is already at that date.
    #[error("{power} already has a keyframe at {date}")]
    KeyframeExists {
        /// The power's name.
        power: String,
        /// The date.
        date: String,
    },
    /// No event at that index.
    #[error("there is no event number {0}")]
    NoEvent(usize),
    /// A power with that id exists.
    #[error("there is already a power \"{0}\"")]
    PowerExists(String),
}

fn power_mut<'a>(map: &'a mut StanceMap, id: &PowerId) -> Result<&'a mut Power, EditError> {
    map.powers
        .iter_mut()
        .find(|p| &p.id == id)
        .ok_or_else(|| EditError::NoPower(id.0.clone()))
}

fn keyframe_index(power: &Power, date: Date) -> Result<usize, EditError> {
    power
        .track
        .iter()
        .position(|k| k.date == date)
        .ok_or_else(|| EditError::NoKeyframe {
            power: power.name.clone(),
            date: date.to_string(),
        })
}

/// Where a keyframe at `date` belongs in a sorted track.
fn insertion_index(track: &[Keyframe], date: Date) -> usize {
    let t = date.to_year_f64();
    track.partition_point(|k| k.date.to_year_f64() < t)
}

/// `undo`, and if the edit judged a keyframe that was still to judge, putting that mark back
/// (undoing the edit makes the keyframe unjudged again; one undo step either way).
fn restoring_unjudged(undo: Edit, was_unjudged: bool, power: &PowerId, date: Date) -> Edit {
    if was_unjudged {
        Edit::Batch(vec![
            undo,
            Edit::SetUnjudged {
                power: power.clone(),
                date,
                unjudged: true,
            },
        ])
    } else {
        undo
    }
}

/// A new keyframe with no evidence yet.
pub fn bare_keyframe(date: Date, strength: f64) -> Keyframe {
    Keyframe {
        unjudged: false,
        date,
        strength,
        confidence: Confidence::Low,
        interpolation: Interpolation::Linear,
        reasoning: String::new(),
        evidence: Vec::new(),
    }
}

fn clamp_strength(strength: f64) -> f64 {
    if strength.is_finite() {
        strength.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// Apply an edit. On success the map has changed and the returned edit undoes it; on
/// failure the map is unchanged.
///
/// A saved view ([`StanceMap::view`]) that the edit leaves pointing at a power, story step
/// or indicator the map no longer has is trimmed to what is still there (a file naming
/// them could not be opened again); the undo puts it back as it was.
pub fn apply(map: &mut StanceMap, edit: &Edit) -> Result<Edit, EditError> {
    let undo = apply_one(map, edit)?;
    if matches!(edit, Edit::SetView(_)) {
        return Ok(undo);
    }
    let Some(view) = &map.view else {
        return Ok(undo);
    };
    let mut trimmed = view.clone();
    if trimmed
        .power
        .as_ref()
        .is_some_and(|p| map.power(p).is_none())
    {
        trimmed.power = None;
    }
    if trimmed.step.is_some_and(|n| n == 0 || n > map.story.len()) {
        trimmed.step = None;
    }
    trimmed.indicators.retain(|id| map.indicator(id).is_some());
    if &trimmed == view {
        return Ok(undo);
    }
    let old = map.view.replace(trimmed);
    Ok(Edit::Batch(vec![undo, Edit::SetView(old)]))
}

/// [`apply`] without the saved view's trimming.
fn apply_one(map: &mut StanceMap, edit: &Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::SetStrength {
            power,
            date,
            strength,
        } => {
            let p = power_mut(map, power)?;
            let strength = clamp_strength(*strength);
            if let Ok(i) = keyframe_index(p, *date) {
                let old = std::mem::replace(&mut p.track[i].strength, strength);
                let was_unjudged = std::mem::take(&mut p.track[i].unjudged);
                restoring_unjudged(
                    Edit::SetStrength {
                        power: power.clone(),
                        date: *date,
                        strength: old,
                    },
                    was_unjudged,
                    power,
                    *date,
                )
            } else {
                let i = insertion_index(&p.track, *date);
                p.track.insert(i, bare_keyframe(*date, strength));
                Edit::RemoveKeyframe {
                    power: power.clone(),
                    date: *date,
                }
            }
        }
        Edit::MoveKeyframe {
            power,
            from,
            to,
            strength,
        } => {
            let p = power_mut(map, power)?;
            let i = keyframe_index(p, *from)?;
            let t = to.to_year_f64();
            let after_previous = i == 0 || p.track[i - 1].date.to_year_f64() < t;
            let before_next = i + 1 >= p.track.len() || t < p.track[i + 1].date.to_year_f64();
            if !(after_previous && before_next) {
                return Err(EditError::KeyframeExists {
                    power: p.name.clone(),
                    date: to.to_string(),
                });
            }
            let k = &mut p.track[i];
            let old_strength = std::mem::replace(&mut k.strength, clamp_strength(*strength));
            let was_unjudged = std::mem::take(&mut k.unjudged);
            k.date = *to;
            restoring_unjudged(
                Edit::MoveKeyframe {
                    power: power.clone(),
                    from: *to,
                    to: *from,
                    strength: old_strength,
                },
                was_unjudged,
                power,
                *from,
            )
        }
        Edit::InsertKeyframe { power, keyframe } => {
            let p = power_mut(map, power)?;
            if keyframe_index(p, keyframe.date).is_ok() {
                return Err(EditError::KeyframeExists {
                    power: p.name.clone(),
                    date: keyframe.date.to_string(),
                });
            }
            let i = insertion_index(&p.track, keyframe.date);
            let mut keyframe = keyframe.clone();
            keyframe.strength = clamp_strength(keyframe.strength);
            p.track.insert(i, keyframe.clone());
            Edit::RemoveKeyframe {
                power: power.clone(),
                date: keyframe.date,
            }
        }
        Edit::RemoveKeyframe { power, date } => {
            let p = power_mut(map, power)?;
            let i = keyframe_index(p, *date)?;
            let keyframe = p.track.remove(i);
            Edit::InsertKeyframe {
                power: power.clone(),
                keyframe,
            }
        }
        Edit::SetKeyframeNotes {
            power,
            date,
            confidence,
            interpolation,
            reasoning,
        } => {
            let p = power_mut(map, power)?;
            let i = keyframe_index(p, *date)?;
            let k = &mut p.track[i];
            let undo = Edit::SetKeyframeNotes {
                power: power.clone(),
                date: *date,
                confidence: k.confidence,
                interpolation: k.interpolation,
                reasoning: k.reasoning.clone(),
            };
            // Only the judgement (confidence, reasoning) judges the keyframe, not how it carries on.
            let judges = k.confidence != *confidence || k.reasoning != *reasoning;
            k.confidence = *confidence;
            k.interpolation = *interpolation;
            k.reasoning.clone_from(reasoning);
            let was_unjudged = judges && std::mem::take(&mut k.unjudged);
            restoring_unjudged(undo, was_unjudged, power, *date)
        }
        Edit::SetUnjudged {
            power,
            date,
            unjudged,
        } => {
            let p = power_mut(map, power)?;
            let i = keyframe_index(p, *date)?;
            let old = std::mem::replace(&mut p.track[i].unjudged, *unjudged);
            Edit::SetUnjudged {
                power: power.clone(),
                date: *date,
                unjudged: old,
            }
        }
        Edit::SetEvidence { owner, evidence } => {
            let list = match owner {
                EvidenceOwner::Keyframe { power, date } => {
                    let p = power_mut(map, power)?;
                    let i = keyframe_index(p, *date)?;
                    &mut p.track[i].evidence
                }
                EvidenceOwner::Event(i) => {
                    &mut map
                        .events
                        .get_mut(*i)
                        .ok_or(EditError::NoEvent(*i))?
                        .evidence
                }
            };
            let old = std::mem::replace(list, evidence.clone());
            Edit::SetEvidence {
                owner: owner.clone(),
                evidence: old,
            }
        }
        Edit::SetBearing { power, bearing_deg } => {
            let p = power_mut(map, power)?;
            let bearing = if bearing_deg.is_finite() {
                bearing_deg.rem_euclid(360.0)
            } else {
                p.bearing_deg
            };
            let old = std::mem::replace(&mut p.bearing_deg, bearing);
            Edit::SetBearing {
                power: power.clone(),
                bearing_deg: old,
            }
        }
        Edit::SetPowerLook { power, name, color } => {
            let p = power_mut(map, power)?;
            let old_name = std::mem::replace(&mut p.name, name.clone());
            let old_color = std::mem::replace(&mut p.color, color.clone());
            Edit::SetPowerLook {
                power: power.clone(),
                name: old_name,
                color: old_color,
            }
        }
        Edit::InsertPower { index, power } => {
            if map.power(&power.id).is_some() {
                return Err(EditError::PowerExists(power.id.0.clone()));
            }
            let index = (*index).min(map.powers.len());
            map.powers.insert(index, power.clone());
            Edit::RemovePower {
                power: power.id.clone(),
            }
        }
        Edit::RemovePower { power } => {
            let index = map
                .powers
                .iter()
                .position(|p| &p.id == power)
                .ok_or_else(|| EditError::NoPower(power.0.clone()))?;
            // Events and story steps stop referring to the power, and its measured indicators
            // go with it (an indicator speaks to a power of the map); undo restores them.
            let old_events = map.events.clone();
            let old_story = map.story.clone();
            let old_indicators = map.indicators.clone();
            for event in &mut map.events {
                event.powers.retain(|id| id != power);
            }
            map.indicators.retain(|i| &i.power != power);
            let kept = &map.indicators;
            for step in &mut map.story {
                step.focus.retain(|id| id != power);
                step.indicators
                    .retain(|id| kept.iter().any(|i| &i.id == id));
            }
            let removed = map.powers.remove(index);
            Edit::Batch(vec![
                Edit::SetIndicators(old_indicators),
                Edit::SetStory(old_story),
                Edit::SetEvents(old_events),
                Edit::InsertPower {
                    index,
                    power: removed,
                },
            ])
        }
        Edit::SetMapInfo {
            title,
            subject,
            analyst,
            description,
        } => Edit::SetMapInfo {
            title: std::mem::replace(&mut map.title, title.clone()),
            subject: std::mem::replace(&mut map.subject, subject.clone()),
            analyst: std::mem::replace(&mut map.analyst, analyst.clone()),
            description: std::mem::replace(&mut map.description, description.clone()),
        },
        Edit::SetSources(sources) => {
            Edit::SetSources(std::mem::replace(&mut map.sources, sources.clone()))
        }
        Edit::SetEvents(events) => {
            Edit::SetEvents(std::mem::replace(&mut map.events, events.clone()))
        }
        Edit::SetIndicators(indicators) => {
            Edit::SetIndicators(std::mem::replace(&mut map.indicators, indicators.clone()))
        }
        Edit::SetStory(story) => Edit::SetStory(std::mem::replace(&mut map.story, story.clone())),
        Edit::SetView(view) => Edit::SetView(std::mem::replace(&mut map.view, view.clone())),
        Edit::Batch(edits) => {
            let mut undo = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply(map, edit) {
                    Ok(u) => undo.push(u),
                    Err(error) => {
                        // Leave the map as it was: undo what this batch already did.
                        for u in undo.iter().rev() {
                            let _ = apply(map, u);
                        }
                        return Err(error);
                    }
                }
            }
            undo.reverse();
            Edit::Batch(undo)
        }
    })
}

impl Edit {
    /// What the edit does, for the Edit menu ("Undo move Russia 2014").
    pub fn label(&self, map: &StanceMap) -> String {
        let name = |id: &PowerId| {
            map.power(id)
                .map_or_else(|| id.0.clone(), |p| p.name.clone())
        };
        match self {
            Self::SetStrength { power, date, .. } => {
                let exists = map
                    .power(power)
                    .is_some_and(|p| p.track.iter().any(|k| k.date == *date));
                if exists {
                    format!("change {} {date}", name(power))
                } else {
                    format!("add keyframe {} {date}", name(power))
                }
            }
            Self::MoveKeyframe { power, from, .. } => format!("move {} {from}", name(power)),
            Self::InsertKeyframe { power, keyframe } => {
                format!("add keyframe {} {}", name(power), keyframe.date)
            }
            Self::RemoveKeyframe { power, date } => {
                format!("delete keyframe {} {date}", name(power))
            }
            Self::SetKeyframeNotes { power, date, .. } => {
                format!("edit reasoning of {} {date}", name(power))
            }
            Self::SetEvidence { owner, .. } => match owner {
                EvidenceOwner::Keyframe { power, date } => {
                    format!("edit quotes of {} {date}", name(power))
                }
                EvidenceOwner::Event(i) => format!(
                    "edit evidence of \"{}\"",
                    map.events.get(*i).map_or("an event", |e| e.title.as_str())
                ),
            },
            Self::SetBearing { power, .. } => format!("move {} on the compass", name(power)),
            Self::SetPowerLook { power, .. } => format!("change {}", name(power)),
            Self::InsertPower { power, .. } => format!("add {}", power.name),
            Self::RemovePower { power } => format!("remove {}", name(power)),
            Self::SetMapInfo { .. } => "edit map details".to_owned(),
            Self::SetSources(_) => "edit sources".to_owned(),
            Self::SetEvents(_) => "edit events".to_owned(),
            Self::SetIndicators(_) => "edit indicators".to_owned(),
            Self::SetStory(_) => "edit story".to_owned(),
            Self::SetView(Some(_)) => "save the view with the map".to_owned(),
            Self::SetView(None) => "clear the saved view".to_owned(),
            Self::SetUnjudged { power, date, .. } => format!("judge {} {date}", name(power)),
            Self::Batch(edits) => edits
                .first()
                .map_or_else(|| "change".to_owned(), |e| e.label(map)),
        }
    }
}

/// One undo step: what it was called and the edits that undo and redo it.
#[derive(Clone, Debug)]
struct Step {
    id: u64,
    label: String,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

/// Undo and redo history. Never saved with the map.
#[derive(Clone, Debug, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    open: Option<Step>,
    limit: usize,
    next_id: u64,
    revision: u64,
}

/// How many undo steps are kept.
pub const HISTORY_LIMIT: usize = 500;

impl History {
    /// An empty history keeping up to [`HISTORY_LIMIT`] steps.
    pub fn new() -> Self {
        Self {
            limit: HISTORY_LIMIT,
            ..Self::default()
        }
    }

    /// Apply an edit and record it. Inside a group (a drag), it joins the group's one step.
    pub fn apply(&mut self, map: &mut StanceMap, edit: Edit) -> Result<(), EditError> {
        let label = edit.label(map);
        let undo = apply(map, &edit)?;
        self.revision += 1;
        self.undone.clear();
        match &mut self.open {
            Some(step) => {
                if step.label.is_empty() {
                    step.label = label;
                }
                step.undo.push(undo);
                step.redo.push(edit);
            }
            None => self.push(Step {
                id: 0,
                label,
                undo: vec![undo],
                redo: vec![edit],
            }),
        }
        Ok(())
    }

    /// Start a group: every edit until [`Self::end_group`] is one undo step.
    pub fn begin_group(&mut self) {
        self.end_group();
        self.open = Some(Step {
            id: 0,
            label: String::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        });
    }

    /// Close the group, if one is open, as one step labelled by its first edit.
    pub fn end_group(&mut self) {
        if let Some(step) = self.open.take()
            && !step.redo.is_empty()
        {
            self.push(step);
        }
    }

    /// Whether a group is open.
    pub fn in_group(&self) -> bool {
        self.open.is_some()
    }

    /// Name the open group (for example "move Russia 2014").
    pub fn set_group_label(&mut self, label: String) {
        if let Some(step) = &mut self.open {
            step.label = label;
        }
    }

    fn push(&mut self, mut step: Step) {
        self.next_id += 1;
        step.id = self.next_id;
        self.done.push(step);
        if self.done.len() > self.limit {
            self.done.remove(0);
        }
    }

    /// The label of the step Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    /// The label of the step Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// Undo the last step. Returns whether anything was undone.
    pub fn undo(&mut self, map: &mut StanceMap) -> bool {
        self.end_group();
        let Some(step) = self.done.pop() else {
            return false;
        };
        for edit in step.undo.iter().rev() {
            // The edits were recorded against this very map: they cannot fail, but if one
            // ever did, the rest still run and the map stays valid.
            let _ = apply(map, edit);
        }
        self.revision += 1;
        self.undone.push(step);
        true
    }

    /// Redo the last undone step. Returns whether anything was redone.
    pub fn redo(&mut self, map: &mut StanceMap) -> bool {
        self.end_group();
        let Some(step) = self.undone.pop() else {
            return false;
        };
        for edit in &step.redo {
            let _ = apply(map, edit);
        }
        self.revision += 1;
        self.done.push(step);
        true
    }

    /// Names the state the map is in: equal ids mean the same sequence of steps was applied,
    /// so comparing with the id at the last save tells whether there are unsaved changes.
    /// An open group with edits counts as a state of its own.
    pub fn state_id(&self) -> u64 {
        if self.open.as_ref().is_some_and(|s| !s.redo.is_empty()) {
            return u64::MAX;
        }
        self.done.last().map_or(0, |s| s.id)
    }

    /// Forget everything (a new map was opened).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
        self.open = None;
        self.revision += 1;
    }

    /// Counts every change to the map made through this history, including each edit of a
    /// drag, and each [`Self::clear`] (a new map). It only grows: while it stays the same, so
    /// does the map, so views can keep what they computed from it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.done.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::article_map;
    use crate::model::{Dimension, SourceId, validate};

    fn russia() -> PowerId {
        PowerId("russia".into())
    }

    /// Apply, check the map changed and stayed valid, undo, check it is as before, redo.
    fn round_trip(edit: Edit) -> StanceMap {
        let original = article_map().unwrap();
        let mut map = original.clone();
        let mut history = History::new();
        history.apply(&mut map, edit).unwrap();
        assert_ne!(map, original);
        assert_eq!(validate(&map), vec![]);
        let edited = map.clone();
        assert!(history.undo(&mut map));
        assert_eq!(map, original);
        assert!(history.redo(&mut map));
        assert_eq!(map, edited);
        edited
    }

    #[test]
    fn judging_an_unjudged_keyframe_clears_its_mark_in_the_same_undo_step() {
        let exercise = crate::model::exercise::make_exercise(&article_map().unwrap());
        let date = exercise.power(&russia()).unwrap().track[1].date;
        let next = exercise.power(&russia()).unwrap().track[2].date;
        let unjudged = |map: &StanceMap, date: Date| {
            map.power(&russia())
                .unwrap()
                .track
                .iter()
                .find(|k| k.date == date)
                .unwrap()
                .unjudged
        };
        let notes = |confidence, interpolation, reasoning: &str| Edit::SetKeyframeNotes {
            power: russia(),
            date,
            confidence,
            interpolation,
            reasoning: reasoning.into(),
        };
        let k = exercise.power(&russia()).unwrap().track[1].clone();
        let moved = Date::month(date.year, 6);
        assert!(next.to_year_f64() > moved.to_year_f64());
        for (edit, at) in [
            (
                Edit::SetStrength {
                    power: russia(),
                    date,
                    strength: 0.4,
                },
                date,
            ),
            (
                Edit::MoveKeyframe {
                    power: russia(),
                    from: date,
                    to: moved,
                    strength: 0.4,
                },
                moved,
            ),
            (notes(Confidence::High, k.interpolation, ""), date),
            (notes(k.confidence, k.interpolation, "Because."), date),
        ] {
            let mut map = exercise.clone();
            let mut history = History::new();
            history.apply(&mut map, edit.clone()).unwrap();
            assert!(!unjudged(&map, at), "{edit:?} judges it");
            let judged = map.clone();
            assert!(history.undo(&mut map));
            assert_eq!(map, exercise, "one undo puts the mark back: {edit:?}");
            assert!(!history.undo(&mut map), "one step");
            assert!(history.redo(&mut map));
            assert_eq!(map, judged);
        }
        // How the value carries on is not a judgement.
        let mut map = exercise.clone();
        let other = match k.interpolation {
            Interpolation::Hold => Interpolation::Linear,
            Interpolation::Linear => Interpolation::Hold,
        };
        apply(&mut map, &notes(k.confidence, other, "")).unwrap();
        assert!(unjudged(&map, date));
    }

    #[test]
    fn every_edit_undoes_and_redoes() {
        let m = round_trip(Edit::SetStrength {
            power: russia(),
            date: Date::year(2014),
            strength: 0.1,
        });
        assert_eq!(m.power(&russia()).unwrap().strength_at(2014.0), Some(0.1));
        let m = round_trip(Edit::SetStrength {
            power: russia(),
            date: Date::year(2016),
            strength: -2.0,
        });
        let p = m.power(&russia()).unwrap();
        assert_eq!(p.strength_at(2016.0), Some(-1.0));
        assert!(
            p.track
                .iter()
                .any(|k| k.date == Date::year(2016) && k.evidence.is_empty())
        );
        round_trip(Edit::MoveKeyframe {
            power: russia(),
            from: Date::year(2014),
            to: Date::month(2015, 6),
            strength: 0.2,
        });
        round_trip(Edit::RemoveKeyframe {
            power: russia(),
            date: Date::year(2014),
        });
        round_trip(Edit::InsertKeyframe {
            power: russia(),
            keyframe: bare_keyframe(Date::year(2017), 0.3),
        });
        round_trip(Edit::SetKeyframeNotes {
            power: russia(),
            date: Date::year(2014),
            confidence: Confidence::Low,
            interpolation: Interpolation::Hold,
            reasoning: "Judgement: changed".into(),
        });
        round_trip(Edit::SetEvidence {
            owner: EvidenceOwner::Keyframe {
                power: russia(),
                date: Date::year(2014),
            },
            evidence: vec![Evidence {
                quote: "Russia has also been a major military and energy supplier to Serbia."
                    .into(),
                source: SourceId("article".into()),
                locator: String::new(),
                dimension: Dimension::Energy,
                role: crate::model::Role::Supports,
            }],
        });
        round_trip(Edit::SetEvidence {
            owner: EvidenceOwner::Event(0),
            evidence: vec![],
        });
        round_trip(Edit::SetBearing {
            power: russia(),
            bearing_deg: 450.0,
        });
        round_trip(Edit::SetPowerLook {
            power: russia(),
            name: "Russian Federation".into(),
            color: "#ff0000".into(),
        });
        let m = round_trip(Edit::RemovePower { power: russia() });
        assert!(m.power(&russia()).is_none());
        let mut new_power = article_map().unwrap().powers[0].clone();
        new_power.id = PowerId("turkey".into());
        round_trip(Edit::InsertPower {
            index: 1,
            power: new_power,
        });
        round_trip(Edit::SetMapInfo {
            title: "T".into(),
            subject: "S".into(),
            analyst: "A".into(),
            description: "D".into(),
        });
        let mut sources = article_map().unwrap().sources;
        sources.push(crate::model::Source {
            id: SourceId("new".into()),
            author: "New".into(),
            year: None,
            entry: "New source.".into(),
            url: String::new(),
            accessed: String::new(),
        });
        round_trip(Edit::SetSources(sources));
        round_trip(Edit::SetEvents(vec![]));
        // One more indicator beside those the map ships (its story names them).
        let mut indicators = article_map().unwrap().indicators;
        indicators.push(crate::model::Indicator {
            id: crate::model::IndicatorId("isac".into()),
            name: "ISAC alignment".into(),
            unit: "%".into(),
            power: PowerId("eu".into()),
            closer: crate::model::Closer::Higher,
            low: 0.0,
            high: 100.0,
            method: String::new(),
            points: vec![crate::model::IndicatorPoint {
                date: Date::year(2021),
                value: 62.0,
                source: SourceId("article".into()),
                note: String::new(),
                uncertain: false,
            }],
        });
        round_trip(Edit::SetIndicators(indicators));
        round_trip(Edit::SetStory(vec![StoryStep {
            date: Date::year(1999),
            title: "1999".into(),
            caption: String::new(),
            focus: vec![russia()],
            quotes: vec![],
            duration_s: None,
            notes: String::new(),
            indicators: Vec::new(),
        }]));
    }

    #[test]
    fn a_keyframe_cannot_pass_its_neighbours() {
        let mut map = article_map().unwrap();
        let before = map.clone();
        for to in [
            Date::year(2009),
            Date::month(2020, 3),
            Date::year(2021),
            Date::year(2008),
        ] {
            let r = apply(
                &mut map,
                &Edit::MoveKeyframe {
                    power: russia(),
                    from: Date::year(2014),
                    to,
                    strength: 0.5,
                },
            );
            assert!(r.is_err(), "{to}");
            assert_eq!(map, before);
        }
    }

    #[test]
    fn failed_edits_change_nothing() {
        let mut map = article_map().unwrap();
        let before = map.clone();
        let mut history = History::new();
        assert!(
            history
                .apply(
                    &mut map,
                    Edit::RemoveKeyframe {
                        power: russia(),
                        date: Date::year(1900)
                    }
                )
                .is_err()
        );
        assert!(
            history
                .apply(
                    &mut map,
                    Edit::SetBearing {
                        power: PowerId("x".into()),
                        bearing_deg: 1.0
                    }
                )
                .is_err()
        );
        assert_eq!(map, before);
        assert_eq!(history.undo_len(), 0);
    }

    #[test]
    fn a_group_is_one_undo_step() {
        let original = article_map().unwrap();
        let mut map = original.clone();
        let mut history = History::new();
        history.begin_group();
        for i in 0..20 {
            history
                .apply(
                    &mut map,
                    Edit::SetStrength {
                        power: russia(),
                        date: Date::year(2016),
                        strength: f64::from(i) / 20.0,
                    },
                )
                .unwrap();
        }
        history.end_group();
        assert_eq!(history.undo_len(), 1);
        assert_eq!(history.undo_label(), Some("add keyframe Russia 2016"));
        let dragged = map.clone();
        history.undo(&mut map);
        assert_eq!(map, original);
        history.redo(&mut map);
        assert_eq!(map, dragged);
    }

    #[test]
    fn labels_say_whether_a_value_adds_a_keyframe_or_changes_one() {
        let map = article_map().unwrap();
        let set = |year| Edit::SetStrength {
            power: russia(),
            date: Date::year(year),
            strength: 0.1,
        };
        assert_eq!(set(2014).label(&map), "change Russia 2014");
        assert_eq!(set(2016).label(&map), "add keyframe Russia 2016");
    }

    #[test]
    fn the_revision_grows_with_every_change_and_only_then() {
        let mut map = article_map().unwrap();
        let mut history = History::new();
        let mut last = history.revision();
        let mut changed = |history: &History, expect: bool| {
            let now = history.revision();
            assert_eq!(now != last, expect, "{last} -> {now}");
            last = now;
        };
        history.begin_group();
        for bearing_deg in [1.0, 2.0] {
            history
                .apply(
                    &mut map,
                    Edit::SetBearing {
                        power: russia(),
                        bearing_deg,
                    },
                )
                .unwrap();
            changed(&history, true);
        }
        history.end_group();
        changed(&history, false);
        let refused = Edit::SetBearing {
            power: PowerId("nobody".into()),
            bearing_deg: 1.0,
        };
        assert!(history.apply(&mut map, refused).is_err());
        changed(&history, false);
        assert!(history.undo(&mut map));
        changed(&history, true);
        assert!(history.redo(&mut map));
        changed(&history, true);
        assert!(!history.redo(&mut map), "nothing to redo");
        changed(&history, false);
        history.clear();
        changed(&history, true);
        assert!(!history.undo(&mut map), "nothing to undo");
        changed(&history, false);
    }

    #[test]
    fn state_ids_tell_saved_from_unsaved() {
        let mut map = article_map().unwrap();
        let mut history = History::new();
        let saved = history.state_id();
        history
            .apply(
                &mut map,
                Edit::SetBearing {
                    power: russia(),
                    bearing_deg: 1.0,
                },
            )
            .unwrap();
        let edited = history.state_id();
        assert_ne!(edited, saved);
        history.undo(&mut map);
        assert_eq!(history.state_id(), saved);
        history.redo(&mut map);
        assert_eq!(history.state_id(), edited);
        history.undo(&mut map);
        history
            .apply(
                &mut map,
                Edit::SetBearing {
                    power: russia(),
                    bearing_deg: 2.0,
                },
            )
            .unwrap();
        assert_ne!(history.state_id(), edited);
        assert_ne!(history.state_id(), saved);
    }

    #[test]
    fn history_keeps_its_limit_and_redo_clears_on_new_edits() {
        let mut map = article_map().unwrap();
        let mut history = History::new();
        for i in 0..(HISTORY_LIMIT + 10) {
            history
                .apply(
                    &mut map,
                    Edit::SetBearing {
                        power: russia(),
                        bearing_deg: i as f64,
                    },
                )
                .unwrap();
        }
        assert_eq!(history.undo_len(), HISTORY_LIMIT);
        history.undo(&mut map);
        assert!(history.redo_label().is_some());
        history
            .apply(
                &mut map,
                Edit::SetBearing {
                    power: russia(),
                    bearing_deg: 1.0,
                },
            )
            .unwrap();
        assert!(history.redo_label().is_none());
    }

    #[test]
    fn removing_a_power_takes_its_measured_indicators_with_it_and_undo_brings_them_back() {
        use crate::model::{Indicator, IndicatorId, IndicatorPoint, Power, Source, StoryStep};
        let power = |id: &str| Power {
            id: PowerId(id.into()),
            name: id.to_uppercase(),
            color: "#0000ff".into(),
            bearing_deg: 0.0,
            track: Vec::new(),
        };
        let indicator = |id: &str, power: &str| Indicator {
            id: IndicatorId(id.into()),
            name: id.into(),
            unit: "%".into(),
            power: PowerId(power.into()),
            closer: crate::model::Closer::Higher,
            low: 0.0,
            high: 100.0,
            method: String::new(),
            points: vec![IndicatorPoint {
                date: Date::year(2021),
                value: 62.0,
                source: SourceId("isac".into()),
                note: String::new(),
                uncertain: false,
            }],
        };
        let mut map = StanceMap::empty();
        map.powers = vec![power("eu"), power("russia")];
        map.sources.push(Source {
            id: SourceId("isac".into()),
            author: "ISAC Fund".into(),
            year: None,
            entry: "ISAC Fund. Annual report.".into(),
            url: String::new(),
            accessed: String::new(),
        });
        map.indicators = vec![indicator("isac", "eu"), indicator("unga_ru", "russia")];
        map.story.push(StoryStep {
            date: Date::year(2021),
            title: "Both".into(),
            caption: String::new(),
            focus: vec![],
            quotes: vec![],
            duration_s: None,
            notes: String::new(),
            indicators: vec![IndicatorId("isac".into()), IndicatorId("unga_ru".into())],
        });
        assert_eq!(validate(&map), vec![]);
        let original = map.clone();
        let mut history = History::new();
        history
            .apply(&mut map, Edit::RemovePower { power: russia() })
            .unwrap();
        assert_eq!(
            validate(&map),
            vec![],
            "no indicator speaks to a removed power"
        );
        let ids: Vec<_> = map.indicators.iter().map(|i| i.id.0.as_str()).collect();
        assert_eq!(ids, ["isac"]);
        assert_eq!(map.story[0].indicators, [IndicatorId("isac".into())]);
        assert!(history.undo(&mut map));
        assert_eq!(map, original);
    }

    /// A view on the article's map: a date, Russia, story step 2, one indicator.
    fn saved_view() -> SavedView {
        SavedView {
            date: 2014.25,
            power: Some(russia()),
            step: Some(2),
            indicators: vec![crate::model::IndicatorId("isac_cfsp".into())],
        }
    }

    #[test]
    fn saving_and_clearing_the_view_are_undone() {
        let saved = round_trip(Edit::SetView(Some(saved_view())));
        assert_eq!(saved.view, Some(saved_view()));
        let mut map = saved;
        let mut history = History::new();
        history.apply(&mut map, Edit::SetView(None)).unwrap();
        assert_eq!(map.view, None);
        assert_eq!(history.undo_label(), Some("clear the saved view"));
        assert!(history.undo(&mut map));
        assert_eq!(map.view, Some(saved_view()));
    }

    #[test]
    fn an_edit_that_removes_what_the_view_names_trims_the_view_and_undo_restores_it() {
        let mut map = article_map().unwrap();
        map.view = Some(saved_view());
        let original = map.clone();
        let mut history = History::new();
        // The power, the story and the indicators (removing Russia takes none of EU's).
        history
            .apply(&mut map, Edit::RemovePower { power: russia() })
            .unwrap();
        let mut first_step = map.story[0].clone();
        first_step.indicators.clear();
        history
            .apply(&mut map, Edit::SetStory(vec![first_step]))
            .unwrap();
        history
            .apply(&mut map, Edit::SetIndicators(vec![]))
            .unwrap();
        assert_eq!(
            map.view,
            Some(SavedView {
                date: 2014.25,
                power: None,
                step: None,
                indicators: vec![],
            })
        );
        assert_eq!(validate(&map), vec![], "a map that can be saved and opened");
        while history.undo(&mut map) {}
        assert_eq!(map, original);
    }
}
