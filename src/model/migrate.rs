//! Upgrades maps written by older stance-maps to the current file format.
//!
//! Every format version after the first has one step here that turns a map of the version
//! before into a map of its own version, and says in plain words what it changed. Loading
//! runs the steps in order, so a file of any supported version reaches [`FORMAT_VERSION`].
//!
//! Each version so far only adds to the one before, so an older file parses straight into
//! today's [`StanceMap`] (new fields take their defaults, and syntax errors keep their line
//! and column); the steps then rewrite what an older version meant differently. A future
//! version that removes or reshapes a field must parse its older files into their own types
//! first.
//!
//! | version | stance-map | what changed |
//! |---|---|---|
//! | 1 | 0.1 | the first format |
//! | 2 | 0.2 | `analyst` (who made this reading of the sources); reasoning no longer starts with "Judgement:", because the app labels every reasoning as the analyst's judgement |
//! | 3 | 0.3 | power and source ids follow one rule (1 to 64 of `a-z`, `0-9`, `-`, `_`); the upgrade renames ids that break it and every reference to them; fields no stance-map wrote and too-long texts are refused |
//! | 4 | 0.4 | evidence says how it bears on its value: `role: Supports`, `Qualifies` or `Contradicts`; every quote of an older file supports its value, as it did |

use std::collections::{HashMap, HashSet};

use super::map::{FORMAT_VERSION, StanceMap, id_from_text, is_valid_id, unique_id};
use super::validate::shown_id;

/// The oldest file format version this build can upgrade.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// What loading did to bring a map from an older format version up to date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upgrade {
    /// The version the file was written in.
    pub from: u32,
    /// The version the map is now in ([`FORMAT_VERSION`]).
    pub to: u32,
    /// What changed, one sentence each, for the person who opened the file.
    pub changes: Vec<String>,
}

impl Upgrade {
    /// One paragraph for a notice: what happened and what saving will do.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "It was made by an older stance-map (file format {}) and was upgraded to format {}.",
            self.from, self.to
        );
        for change in &self.changes {
            text.push(' ');
            text.push_str(change);
        }
        text.push_str(
            " Saving writes the new format, which older versions of stance-map cannot open; \
             the file as it is now is kept beside it, with .bak added to its name.",
        );
        text
    }
}

/// Bring `map` up to [`FORMAT_VERSION`] if it is of an older version this build knows.
/// Returns what was done, or `None` when there was nothing to do (the map is current, newer,
/// or of a version that never existed: validation reports those).
pub fn upgrade(map: &mut StanceMap) -> Option<Upgrade> {
    let from = map.format_version;
    if !(OLDEST_FORMAT_VERSION..FORMAT_VERSION).contains(&from) {
        return None;
    }
    let mut changes = Vec::new();
    while map.format_version < FORMAT_VERSION {
        match map.format_version {
            1 => v1_to_v2(map, &mut changes),
            2 => v2_to_v3(map, &mut changes),
            3 => v3_to_v4(map, &mut changes),
            4 => v4_to_v5(map, &mut changes),
            5 => v5_to_v6(map, &mut changes),
            // Unreachable while every version below FORMAT_VERSION has a step above; stop
            // rather than loop, and let validation refuse the map.
            _ => return None,
        }
        map.format_version += 1;
    }
    Some(Upgrade {
        from,
        to: FORMAT_VERSION,
        changes,
    })
}

/// Version 2 labels every keyframe's reasoning as the analyst's judgement wherever it shows
/// it, so the word no longer belongs in the text: version 1 maps, the article's among them,
/// wrote "Judgement: …" by hand, which now would read "Analyst's judgement: Judgement: …".
/// Version 2 also adds `analyst`, which version 1 files do not have: it stays empty.
fn v1_to_v2(map: &mut StanceMap, changes: &mut Vec<String>) {
    let mut stripped = 0;
    for keyframe in map.powers.iter_mut().flat_map(|p| p.track.iter_mut()) {
        if let Some(rest) = strip_judgement_label(&keyframe.reasoning) {
            keyframe.reasoning = capitalise_first(rest);
            stripped += 1;
        }
    }
    if stripped > 0 {
        changes.push(format!(
            "The word “Judgement:” was taken from the start of {stripped} keyframe{} reasoning, \
             because stance-map now labels all reasoning as the analyst’s judgement itself.",
            if stripped == 1 { "’s" } else { "s’" }
        ));
    }
    if map.analyst.trim().is_empty() {
        changes.push(
            "Maps now name their analyst; add yours under Edit › Edit map… so people know whose \
             reading this is."
                .to_owned(),
        );
    }
}

/// Version 3 holds power and source ids to one rule ([`is_valid_id`]), so that ids which only
/// look alike ("EU" and "eu", a Cyrillic "е" for a Latin "e") cannot both be in a map. An id
/// that breaks it is rewritten to fit ([`id_from_text`]), with a suffix where that would
/// clash, and every reference follows: evidence sources, event powers, story focus.
fn v2_to_v3(map: &mut StanceMap, changes: &mut Vec<String>) {
    let (power_renames, powers_renamed) =
        rename_ids(map.powers.iter_mut().map(|p| &mut p.id.0), "power");
    let (source_renames, sources_renamed) =
        rename_ids(map.sources.iter_mut().map(|s| &mut s.id.0), "source");
    if !power_renames.is_empty() {
        let follow = |id: &mut String| {
            if let Some(new) = power_renames.get(id.as_str()) {
                id.clone_from(new);
            }
        };
        for event in &mut map.events {
            event.powers.iter_mut().for_each(|p| follow(&mut p.0));
        }
        for step in &mut map.story {
            step.focus.iter_mut().for_each(|p| follow(&mut p.0));
        }
    }
    if !source_renames.is_empty() {
        let evidence = map
            .powers
            .iter_mut()
            .flat_map(|p| p.track.iter_mut().flat_map(|k| k.evidence.iter_mut()))
            .chain(map.events.iter_mut().flat_map(|e| e.evidence.iter_mut()))
            .chain(map.story.iter_mut().flat_map(|s| s.quotes.iter_mut()));
        for e in evidence {
            if let Some(new) = source_renames.get(e.source.0.as_str()) {
                e.source.0.clone_from(new);
            }
        }
    }
    let total = powers_renamed.len() + sources_renamed.len();
    let renamed: Vec<String> = [("power", &powers_renamed), ("source", &sources_renamed)]
        .into_iter()
        .flat_map(|(kind, pairs)| pairs.iter().map(move |pair| (kind, pair)))
        .take(RENAMES_LISTED)
        .map(|(kind, (old, new))| format!("the {kind} id “{}” is now “{new}”", shown_id(old)))
        .collect();
    if !renamed.is_empty() {
        let more = total - renamed.len();
        let mut text = format!(
            "Ids may now hold only lowercase letters a-z, digits, - and _ (up to 64), so that \
             ids that merely look alike cannot be mixed up: {}",
            renamed.join(", ")
        );
        if more > 0 {
            text.push_str(", and ");
            text.push_str(&more.to_string());
            text.push_str(" more");
        }
        text.push_str("; everything that referred to them follows.");
        changes.push(text);
    }
}

/// Version 4 lets evidence argue against its value (`role`). An older file could only attach
/// evidence for a value, so every quote it has keeps that meaning: `Supports`, which is what
/// parsing gives a quote without a role. The step only says so, and where counter-evidence
/// can now go. Version 4 also gives story steps speaker `notes` (for the presenter view,
/// never shown to the audience); an older step has none, which is what parsing gives it.
fn v3_to_v4(map: &mut StanceMap, changes: &mut Vec<String>) {
    let quotes = map
        .powers
        .iter()
        .flat_map(|p| p.track.iter())
        .map(|k| k.evidence.len())
        .sum::<usize>();
    if quotes > 0 {
        changes.push(format!(
            "Evidence now says whether it supports, qualifies or contradicts its value; the \
             {quotes} quote{} on keyframes {} marked as supporting, as before. Counter-evidence \
             can be added in each keyframe's card.",
            if quotes == 1 { "" } else { "s" },
            if quotes == 1 { "is" } else { "are" },
        ));
    }
}

/// Version 5 adds measured `indicators` beside the judged lines (each point citing a source),
/// a `url` and `accessed` date on sources, and the `indicators` a story step shows. An older
/// map has none of them, which is what parsing gives it, and nothing it has changes meaning:
/// the step has nothing to do and nothing to say.
const fn v4_to_v5(_map: &mut StanceMap, _changes: &mut Vec<String>) {}

/// Version 6 adds exercises (`exercise`, and keyframes marked `unjudged`) and a saved `view`.
/// An older map is no exercise, every value in it was judged, and it opens where it always
/// did: nothing to change and nothing to say.
const fn v5_to_v6(_map: &mut StanceMap, _changes: &mut Vec<String>) {}

/// How many renamed ids the upgrade's notice lists by name; the rest it counts.
const RENAMES_LISTED: usize = 10;

/// Rewrite the ids that break the rule so that they fit it and stay unique (an id that
/// already fits is never changed, so nothing that refers to it needs to follow). Returns old
/// id → new id, and the pairs in document order. An id listed twice (already an error) is
/// renamed alike, so validation still reports the duplicate.
fn rename_ids<'a>(
    ids: impl Iterator<Item = &'a mut String>,
    kind: &str,
) -> (HashMap<String, String>, Vec<(String, String)>) {
    let ids: Vec<&mut String> = ids.collect();
    let mut taken: HashSet<String> = ids
        .iter()
        .filter(|id| is_valid_id(id))
        .map(|id| (*id).clone())
        .collect();
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut in_order = Vec::new();
    // The next suffix to try for each base, so that many ids that become the same base
    // (a hostile file can hold a million) cost one try each, not one per earlier clash.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for id in ids {
        if is_valid_id(id) {
            continue;
        }
        let new = if let Some(new) = renames.get(id.as_str()) {
            new.clone()
        } else {
            let base = id_from_text(id);
            let base = if base.is_empty() {
                kind.to_owned()
            } else {
                base
            };
            let n = next_suffix.entry(base.clone()).or_insert(2);
            let suffixes = (*n..).map(|k| format!("_{k}"));
            // The suffixes never run out, so there is always a free one.
            let Some(new) = unique_id(&base, suffixes, |c| taken.contains(c)) else {
                continue;
            };
            if new != base {
                // `new` ends in `_k`: carry on after it next time.
                *n = new
                    .rsplit('_')
                    .next()
                    .and_then(|k| k.parse::<usize>().ok())
                    .map_or(*n, |k| k + 1);
            }
            taken.insert(new.clone());
            renames.insert(id.clone(), new.clone());
            in_order.push((id.clone(), new.clone()));
            new
        };
        *id = new;
    }
    (renames, in_order)
}

/// The reasoning without a leading "Judgement:" (any case, with the spaces after it), or
/// `None` if it does not start with one. Only a label at the very start is taken: the word
/// anywhere else is the analyst's own text.
fn strip_judgement_label(reasoning: &str) -> Option<&str> {
    const LABEL: &str = "judgement:";
    let head = reasoning.get(..LABEL.len())?;
    if !head.eq_ignore_ascii_case(LABEL) {
        return None;
    }
    Some(reasoning[LABEL.len()..].trim_start())
}

/// The text with its first letter in upper case: what followed the label now starts the
/// paragraph.
fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_label_is_taken() {
        assert_eq!(
            strip_judgement_label("Judgement: up (0.4)."),
            Some("up (0.4).")
        );
        assert_eq!(strip_judgement_label("JUDGEMENT:up"), Some("up"));
        assert_eq!(strip_judgement_label("judgement:"), Some(""));
        assert_eq!(strip_judgement_label("My judgement: up"), None);
        assert_eq!(strip_judgement_label("Judgement up"), None);
        assert_eq!(strip_judgement_label("Judge"), None);
        // A multi-byte character where the label would end is not a label, and no panic.
        assert_eq!(strip_judgement_label("Judgementé: up"), None);
        assert_eq!(strip_judgement_label("ééééé"), None);
    }

    #[test]
    fn the_text_after_the_label_starts_a_sentence() {
        assert_eq!(capitalise_first("weakly positive"), "Weakly positive");
        assert_eq!(capitalise_first("ěasing"), "Ěasing");
        assert_eq!(capitalise_first("(0.4) up"), "(0.4) up");
        assert_eq!(capitalise_first(""), "");
    }

    #[test]
    fn current_newer_and_impossible_versions_are_left_alone() {
        for version in [0, FORMAT_VERSION, FORMAT_VERSION + 1, u32::MAX] {
            let mut map = StanceMap::empty();
            map.format_version = version;
            let before = map.clone();
            assert_eq!(upgrade(&mut map), None, "version {version}");
            assert_eq!(map, before);
        }
    }
}
