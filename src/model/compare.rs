//! Comparing two readings of the same question: where a second map's values differ from the
//! open map's by more than a threshold.
//!
//! Powers are matched by id. For a power in both maps, both tracks are sampled at every date
//! that is a keyframe in either track, so a difference hidden between one reading's keyframes
//! is still found where the other reading set a value. A power present in only one map is
//! listed once, with the other side `None` and an infinite `delta`, so it passes any threshold.
//!
//! Values are not all two readings can disagree on. At every date where either map has a
//! keyframe, the keyframes themselves are compared too: one map may have a keyframe (and its
//! quotes) where the other has none, or the two may differ in confidence, reasoning or
//! evidence, or in how the same quote bears on the value (its role). Such a date is listed
//! whatever the threshold, with what differs in [`Also`].
//!
//! A value resting on a keyframe still to judge (an exercise's) is "not yet judged", not 0
//! ([`super::judged_sample`]): a date where either side is not yet judged is listed with no
//! difference ([`Difference::is_unjudged`]).

use std::sync::Arc;

use super::date::Date;
use super::map::{Confidence, Evidence, Keyframe, PowerId, Role, StanceMap};
use super::sample::{judged_sample, keyframe_at};

/// A second map laid over the open one, and the name it is shown under.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The second map, shared with the views (which only read it).
    pub map: Arc<StanceMap>,
    /// Where it came from, as shown to people (usually the file name).
    pub name: String,
}

/// One place where the two maps disagree.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// The power.
    pub power: PowerId,
    /// Its name, from the open map when it is there, else from the other.
    pub power_name: String,
    /// The date on the time axis; NaN for a power that is only in one map (it has no date).
    pub year_f64: f64,
    /// The date as people read it ("2014", "March 2020"); for a one-sided power, which side has
    /// it ([`ONLY_OURS`] or [`ONLY_THEIRS`]).
    pub date_label: String,
    /// The open map's value there; `None` for a one-sided row, or where the value rests on a
    /// keyframe still to judge (see [`Difference::is_unjudged`]).
    pub ours: Option<f64>,
    /// The other map's value there; `None` as for `ours`.
    pub theirs: Option<f64>,
    /// `ours − theirs`; `f64::INFINITY` when one side is missing (see
    /// [`Difference::is_one_sided`]), NaN when one side is not yet judged there.
    pub delta: f64,
    /// What else differs at this date besides the value, in the order of [`Also`]'s variants.
    pub also: Vec<Also>,
}

/// Something besides the value on which two readings differ at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Also {
    /// Only the open map has a keyframe here, with this many quotes.
    KeyframeOnlyOurs { quotes: usize },
    /// Only the other map has a keyframe here, with this many quotes.
    KeyframeOnlyTheirs { quotes: usize },
    /// Both have a keyframe here, with different confidence.
    Confidence {
        ours: Confidence,
        theirs: Confidence,
    },
    /// Both have a keyframe here, with different reasoning.
    Reasoning,
    /// Both have a keyframe here, with different quotes or citations.
    Evidence { ours: usize, theirs: usize },
    /// Both have a keyframe here, and a quote both cite bears on the value differently (it
    /// supports it in one map and contradicts it in the other, say). `ours` and `theirs` are
    /// the first such quote's roles; `quotes` counts them.
    Roles {
        quotes: usize,
        ours: Role,
        theirs: Role,
    },
}

impl Also {
    /// In words, for the table: "keyframe only in this map (1 quote)".
    pub fn describe(self) -> String {
        match self {
            Self::KeyframeOnlyOurs { quotes } => {
                format!("keyframe only in this map ({})", quote_count(quotes))
            }
            Self::KeyframeOnlyTheirs { quotes } => {
                format!("keyframe only in the other map ({})", quote_count(quotes))
            }
            Self::Confidence { ours, theirs } => {
                format!("confidence {} here, {} there", ours.label(), theirs.label())
            }
            Self::Reasoning => "reasoning differs".to_owned(),
            Self::Evidence { ours, theirs } if ours == theirs => {
                format!("different quotes ({} each)", quote_count(ours))
            }
            Self::Evidence { ours, theirs } => {
                format!("{} here, {} there", quote_count(ours), quote_count(theirs))
            }
            Self::Roles {
                quotes: 1,
                ours,
                theirs,
            } => format!("a quote {} here, {} there", ours.label(), theirs.label()),
            Self::Roles { quotes, .. } => {
                format!("roles of {quotes} quotes differ")
            }
        }
    }
}

fn quote_count(n: usize) -> String {
    match n {
        0 => "no quotes".to_owned(),
        1 => "1 quote".to_owned(),
        n => format!("{n} quotes"),
    }
}

/// What differs between the keyframes the two maps have at one date (either may be missing).
fn keyframe_differences(ours: Option<&Keyframe>, theirs: Option<&Keyframe>) -> Vec<Also> {
    match (ours, theirs) {
        (None, None) => Vec::new(),
        (Some(k), None) => vec![Also::KeyframeOnlyOurs {
            quotes: k.evidence.len(),
        }],
        (None, Some(k)) => vec![Also::KeyframeOnlyTheirs {
            quotes: k.evidence.len(),
        }],
        (Some(a), Some(b)) => {
            let mut also = Vec::new();
            // A keyframe still to judge has no confidence yet: nothing to differ on.
            if a.confidence != b.confidence && !a.unjudged && !b.unjudged {
                also.push(Also::Confidence {
                    ours: a.confidence,
                    theirs: b.confidence,
                });
            }
            if a.reasoning.trim() != b.reasoning.trim() {
                also.push(Also::Reasoning);
            }
            // A role changed on a quote both cite is its own difference; the quotes differ
            // besides only when they still differ with roles left aside.
            if !same_ignoring_roles(&a.evidence, &b.evidence) {
                also.push(Also::Evidence {
                    ours: a.evidence.len(),
                    theirs: b.evidence.len(),
                });
            }
            if let Some(roles) = role_differences(&a.evidence, &b.evidence) {
                also.push(roles);
            }
            also
        }
    }
}

/// Whether two lists hold the same quotes in the same order, whatever their roles.
fn same_ignoring_roles(ours: &[Evidence], theirs: &[Evidence]) -> bool {
    ours.len() == theirs.len()
        && ours.iter().zip(theirs).all(|(a, b)| {
            a.quote == b.quote
                && a.source == b.source
                && a.locator == b.locator
                && a.dimension == b.dimension
        })
}

/// The quotes both lists cite (the same words from the same source) with a different role in
/// each, as one [`Also::Roles`]; `None` when there are none.
fn role_differences(ours: &[Evidence], theirs: &[Evidence]) -> Option<Also> {
    let mut matched = vec![false; theirs.len()];
    let mut differing = ours.iter().filter_map(|a| {
        // Each of their quotes answers one of ours: two alike quotes pair off in order.
        let j = (0..theirs.len()).find(|&j| {
            !matched[j] && theirs[j].quote.trim() == a.quote.trim() && theirs[j].source == a.source
        })?;
        matched[j] = true;
        (theirs[j].role != a.role).then_some((a.role, theirs[j].role))
    });
    let (ours_role, theirs_role) = differing.next()?;
    Some(Also::Roles {
        quotes: 1 + differing.count(),
        ours: ours_role,
        theirs: theirs_role,
    })
}

impl Difference {
    /// Whether the power is in only one of the two maps (or has no keyframes in one of them).
    pub fn is_one_sided(&self) -> bool {
        self.delta.is_infinite()
    }

    /// Whether one side's value here rests on a keyframe still to judge (an exercise's): the
    /// row has no difference, and that side reads "not yet judged".
    pub fn is_unjudged(&self) -> bool {
        self.delta.is_nan()
    }
}

/// Every date, by power, where `ours` and `theirs` differ by more than `threshold`, or where
/// their keyframes differ in anything else (see [`Also`]).
///
/// Rows come in the open map's power order, then date order; powers only in `theirs` follow in
/// its order. A power only in one map (or without keyframes in one) gives one row whatever the
/// threshold, with `delta` infinite.
pub fn differences(ours: &StanceMap, theirs: &StanceMap, threshold: f64) -> Vec<Difference> {
    let mut rows = Vec::new();
    for power in &ours.powers {
        let other = theirs.power(&power.id);
        let ours_empty = power.track.is_empty();
        let theirs_empty = other.is_none_or(|o| o.track.is_empty());
        if ours_empty || theirs_empty {
            let label = match (ours_empty, theirs_empty) {
                (true, false) => ONLY_THEIRS,
                // Neither reading gives it a value: nothing to disagree about.
                (true, true) if other.is_some() => continue,
                // Values only here, or a power the other map does not have at all.
                _ => ONLY_OURS,
            };
            rows.push(one_sided(&power.id, &power.name, label));
            continue;
        }
        let Some(other) = other else { continue };
        let mut dates: Vec<Date> = power
            .track
            .iter()
            .chain(&other.track)
            .map(|k| k.date)
            .collect();
        dates.sort_by(|a, b| a.to_year_f64().total_cmp(&b.to_year_f64()));
        dates.dedup_by(|a, b| a.to_year_f64() == b.to_year_f64());
        for date in dates {
            let year_f64 = date.to_year_f64();
            // A value resting on a keyframe still to judge is "not yet judged", never a 0:
            // such a date is listed whatever the threshold, with no difference.
            let (a, b) = (
                judged_sample(&power.track, year_f64),
                judged_sample(&other.track, year_f64),
            );
            let delta = match (a, b) {
                (Some(a), Some(b)) => a - b,
                _ => f64::NAN,
            };
            let also = keyframe_differences(
                keyframe_at(&power.track, year_f64),
                keyframe_at(&other.track, year_f64),
            );
            if delta.is_nan() || delta.abs() > threshold || !also.is_empty() {
                rows.push(Difference {
                    power: power.id.clone(),
                    power_name: power.name.clone(),
                    year_f64,
                    date_label: date.to_string(),
                    ours: a,
                    theirs: b,
                    delta,
                    also,
                });
            }
        }
    }
    for power in &theirs.powers {
        if ours.power(&power.id).is_none() && !power.track.is_empty() {
            rows.push(one_sided(&power.id, &power.name, ONLY_THEIRS));
        }
    }
    rows
}

/// The date label of a power only the open map gives values for.
pub const ONLY_OURS: &str = "only in this map";
/// The date label of a power only the other map gives values for.
pub const ONLY_THEIRS: &str = "only in the other map";

/// The row for a power only one side gives values for. Its value changes over time, so no
/// single number stands for it: both values are `None`, `delta` is infinite (so the row passes
/// any threshold) and the label says which side has it.
fn one_sided(id: &PowerId, name: &str, label: &str) -> Difference {
    Difference {
        power: id.clone(),
        power_name: name.to_owned(),
        year_f64: f64::NAN,
        date_label: label.to_owned(),
        ours: None,
        theirs: None,
        delta: f64::INFINITY,
        also: Vec::new(),
    }
}

/// One word of a text as [`word_diff`] returns it: the word with the spaces after it, and
/// whether the other text lacks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiffWord<'a> {
    /// The word and the whitespace that follows it, as they stand in the text.
    pub text: &'a str,
    /// True when this word is not among the words the two texts share in order.
    pub changed: bool,
}

/// A text cut into words, each keeping the whitespace after it (leading whitespace is left
/// out), so that joining them gives the text back.
fn words_of(text: &str) -> Vec<&str> {
    let text = text.trim_start();
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            words.push(&text[start..i]);
            start = i;
            in_space = false;
        }
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
}

/// The words of `ours` and of `theirs`, each marked where it differs from the other: the
/// words outside the longest run of words the two share in order (a longest common
/// subsequence of words, compared without the spaces around them). Two readings of a keyframe
/// are shown side by side with these marked. Texts longer than [`MAX_DIFF_WORDS`] words are
/// compared as wholes: all marked unless equal.
pub fn word_diff<'a>(ours: &'a str, theirs: &'a str) -> (Vec<DiffWord<'a>>, Vec<DiffWord<'a>>) {
    let (a, b) = (words_of(ours), words_of(theirs));
    let key = |w: &str| w.trim_end().to_owned();
    let mark = |words: &[&'a str], changed: &dyn Fn(usize) -> bool| -> Vec<DiffWord<'a>> {
        words
            .iter()
            .enumerate()
            .map(|(i, &text)| DiffWord {
                text,
                changed: changed(i),
            })
            .collect()
    };
    if a.len() > MAX_DIFF_WORDS || b.len() > MAX_DIFF_WORDS {
        let same = ours.split_whitespace().eq(theirs.split_whitespace());
        return (mark(&a, &|_| !same), mark(&b, &|_| !same));
    }
    let (ka, kb): (Vec<String>, Vec<String>) = (
        a.iter().map(|w| key(w)).collect(),
        b.iter().map(|w| key(w)).collect(),
    );
    // lengths[i][j]: the longest common run of ka[i..] and kb[j..].
    let mut lengths = vec![vec![0_u32; kb.len() + 1]; ka.len() + 1];
    for i in (0..ka.len()).rev() {
        for j in (0..kb.len()).rev() {
            lengths[i][j] = if ka[i] == kb[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let (mut shared_a, mut shared_b) = (vec![false; ka.len()], vec![false; kb.len()]);
    let (mut i, mut j) = (0, 0);
    while i < ka.len() && j < kb.len() {
        if ka[i] == kb[j] {
            shared_a[i] = true;
            shared_b[j] = true;
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (mark(&a, &|i| !shared_a[i]), mark(&b, &|j| !shared_b[j]))
}

/// The most words [`word_diff`] compares word by word (its cost grows with the product of the
/// two lengths).
pub const MAX_DIFF_WORDS: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    fn marked<'a>(words: &[DiffWord<'a>]) -> Vec<&'a str> {
        words
            .iter()
            .filter(|w| w.changed)
            .map(|w| w.text.trim_end())
            .collect()
    }

    #[test]
    fn word_diff_marks_only_the_words_that_differ() {
        let ours = "The peak (0.8) came with the 2009 visit.";
        let theirs = "The high point (0.6) came with the 2009 visit, briefly.";
        let (a, b) = word_diff(ours, theirs);
        assert_eq!(marked(&a), ["peak", "(0.8)", "visit."]);
        assert_eq!(marked(&b), ["high", "point", "(0.6)", "visit,", "briefly."]);
        // Joined again, each side is its text.
        assert_eq!(a.iter().map(|w| w.text).collect::<String>(), ours);
        assert_eq!(b.iter().map(|w| w.text).collect::<String>(), theirs);
    }

    #[test]
    fn word_diff_of_equal_texts_marks_nothing_and_spacing_does_not_count() {
        let (a, b) = word_diff("one  two\nthree", " one two three");
        assert!(a.iter().chain(&b).all(|w| !w.changed), "{a:?} {b:?}");
        assert_eq!(a.len(), 3);
        let (a, b) = word_diff("", "new words");
        assert!(a.is_empty());
        assert!(b.iter().all(|w| w.changed));
    }

    #[test]
    fn word_diff_of_very_long_texts_compares_them_whole() {
        let long = "word ".repeat(MAX_DIFF_WORDS + 1);
        let (a, b) = word_diff(&long, &long);
        assert!(a.iter().chain(&b).all(|w| !w.changed));
        let other = format!("{long} more");
        let (a, b) = word_diff(&long, &other);
        assert!(a.iter().all(|w| w.changed) && b.iter().all(|w| w.changed));
    }
    use crate::model::{Confidence, Interpolation, Keyframe, Power};

    fn kf(year: i32, strength: f64) -> Keyframe {
        Keyframe {
            unjudged: false,
            date: Date { year, month: None },
            strength,
            confidence: Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: Vec::new(),
        }
    }

    fn power(id: &str, track: Vec<Keyframe>) -> Power {
        Power {
            id: PowerId(id.to_owned()),
            name: id.to_uppercase(),
            color: "#336699".to_owned(),
            bearing_deg: 0.0,
            track,
        }
    }

    fn map(powers: Vec<Power>) -> StanceMap {
        StanceMap {
            powers,
            ..StanceMap::empty()
        }
    }

    #[test]
    fn only_differences_above_the_threshold_are_listed() {
        let ours = map(vec![power("eu", vec![kf(2000, 0.5), kf(2010, 0.2)])]);
        let theirs = map(vec![power("eu", vec![kf(2000, 0.1), kf(2010, 0.25)])]);
        let rows = differences(&ours, &theirs, 0.1);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].date_label, "2000");
        assert_eq!(rows[0].year_f64, 2000.0);
        assert_eq!(rows[0].ours, Some(0.5));
        assert_eq!(rows[0].theirs, Some(0.1));
        assert!((rows[0].delta - 0.4).abs() < 1e-12);
        assert!(differences(&ours, &theirs, 0.5).is_empty());
        assert_eq!(differences(&ours, &theirs, 0.0).len(), 2);
    }

    #[test]
    fn keyframes_of_either_map_are_sampled_in_the_other() {
        // Theirs has a keyframe in 2005 that ours passes through linearly (0.5 there).
        let ours = map(vec![power("ru", vec![kf(2000, 0.0), kf(2010, 1.0)])]);
        let theirs = map(vec![power(
            "ru",
            vec![kf(2000, 0.0), kf(2005, -0.5), kf(2010, 1.0)],
        )]);
        let rows = differences(&ours, &theirs, 0.1);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].year_f64, 2005.0);
        assert!((rows[0].delta - 1.0).abs() < 1e-12, "{}", rows[0].delta);
    }

    /// Each row's power and date label.
    fn where_(rows: &[Difference]) -> Vec<(&str, &str)> {
        rows.iter()
            .map(|r| (r.power.0.as_str(), r.date_label.as_str()))
            .collect()
    }

    #[test]
    fn rows_follow_power_order_then_date_and_one_sided_powers_are_listed_once() {
        let ours = map(vec![
            power("b", vec![kf(2000, 0.9), kf(2001, 0.9)]),
            power("a", vec![kf(2000, 0.0)]),
            power("mine", vec![kf(2000, 0.3)]),
        ]);
        let theirs = map(vec![
            power("a", vec![kf(2000, -0.5)]),
            power("yours", vec![kf(2000, 0.3)]),
            power("b", vec![kf(2000, 0.0)]),
        ]);
        let rows = differences(&ours, &theirs, 0.1);
        assert_eq!(
            where_(&rows),
            [
                ("b", "2000"),
                ("b", "2001"),
                ("a", "2000"),
                ("mine", "only in this map"),
                ("yours", "only in the other map"),
            ]
        );
        assert!(rows[3].is_one_sided() && rows[3].delta == f64::INFINITY);
        assert!(!rows[0].is_one_sided());
        // One-sided powers pass any threshold, and so does a keyframe only one map has.
        assert_eq!(
            where_(&differences(&ours, &theirs, 1.0)),
            [
                ("b", "2001"),
                ("mine", "only in this map"),
                ("yours", "only in the other map"),
            ]
        );
    }

    fn quote(text: &str) -> crate::model::Evidence {
        crate::model::Evidence {
            quote: text.to_owned(),
            source: crate::model::SourceId("article".to_owned()),
            locator: String::new(),
            dimension: crate::model::Dimension::Political,
            role: crate::model::Role::Supports,
        }
    }

    /// The reviewer's case: a student's map with one keyframe deleted and another's confidence
    /// and reasoning rewritten was said to "agree" with the original.
    #[test]
    fn keyframes_that_differ_in_more_than_their_value_are_listed_at_any_threshold() {
        let mut original = kf(2000, 0.5);
        original.reasoning = "Close ties.".to_owned();
        original.evidence = vec![quote("a"), quote("b")];
        let ours = map(vec![power(
            "eu",
            vec![original.clone(), kf(2005, 0.6), kf(2010, 0.7)],
        )]);
        let mut rewritten = original.clone();
        rewritten.confidence = Confidence::High;
        rewritten.reasoning = "Closer ties than before.".to_owned();
        rewritten.evidence.pop();
        // 2005 deleted: theirs passes through 0.6 there too, so the value agrees.
        let theirs = map(vec![power("eu", vec![rewritten, kf(2010, 0.7)])]);
        let rows = differences(&ours, &theirs, 1.0);
        let summary: Vec<(&str, Vec<Also>)> = rows
            .iter()
            .map(|r| (r.date_label.as_str(), r.also.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "2000",
                    vec![
                        Also::Confidence {
                            ours: Confidence::Medium,
                            theirs: Confidence::High
                        },
                        Also::Reasoning,
                        Also::Evidence { ours: 2, theirs: 1 },
                    ]
                ),
                ("2005", vec![Also::KeyframeOnlyOurs { quotes: 0 }]),
            ]
        );
        assert_eq!(rows[1].delta, 0.0);
        assert_eq!(
            rows[0]
                .also
                .iter()
                .map(|a| a.describe())
                .collect::<Vec<_>>(),
            [
                "confidence medium here, high there",
                "reasoning differs",
                "2 quotes here, 1 quote there"
            ]
        );
        assert_eq!(
            Also::KeyframeOnlyTheirs { quotes: 1 }.describe(),
            "keyframe only in the other map (1 quote)"
        );
        // Whitespace around the reasoning is not a difference; a changed citation is.
        let mut spaced = original.clone();
        spaced.reasoning = " Close ties.\n".to_owned();
        spaced.evidence[1].locator = "p. 7".to_owned();
        let theirs = map(vec![power(
            "eu",
            vec![spaced, kf(2005, 0.6), kf(2010, 0.7)],
        )]);
        let also: Vec<_> = differences(&ours, &theirs, 1.0)
            .into_iter()
            .map(|r| r.also)
            .collect();
        assert_eq!(also, [vec![Also::Evidence { ours: 2, theirs: 2 }]]);
        assert_eq!(
            Also::Evidence { ours: 2, theirs: 2 }.describe(),
            "different quotes (2 quotes each)"
        );
    }

    /// A quote that supports the value in one map and contradicts it in the other is a
    /// difference, named as such, not as "different quotes".
    #[test]
    fn a_quote_whose_role_differs_is_a_difference() {
        let mut original = kf(2000, 0.5);
        original.evidence = vec![quote("a"), quote("b")];
        let ours = map(vec![power("eu", vec![original.clone()])]);
        let mut contested = original.clone();
        contested.evidence[1].role = Role::Contradicts;
        let theirs = map(vec![power("eu", vec![contested.clone()])]);
        let rows = differences(&ours, &theirs, 1.0);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].also,
            [Also::Roles {
                quotes: 1,
                ours: Role::Supports,
                theirs: Role::Contradicts
            }]
        );
        assert_eq!(
            rows[0].also[0].describe(),
            "a quote supports here, contradicts there"
        );

        // Both quotes re-judged, and one more quote there: the quotes differ and so do roles.
        contested.evidence[0].role = Role::Qualifies;
        contested.evidence.push(quote("c"));
        let theirs = map(vec![power("eu", vec![contested])]);
        let also = differences(&ours, &theirs, 1.0)
            .into_iter()
            .flat_map(|r| r.also)
            .collect::<Vec<_>>();
        assert_eq!(
            also,
            [
                Also::Evidence { ours: 2, theirs: 3 },
                Also::Roles {
                    quotes: 2,
                    ours: Role::Supports,
                    theirs: Role::Qualifies
                }
            ]
        );
        assert_eq!(also[1].describe(), "roles of 2 quotes differ");
    }

    #[test]
    fn identical_maps_have_no_differences() {
        let m = map(vec![power("eu", vec![kf(2000, 0.5), kf(2010, -0.2)])]);
        assert!(differences(&m, &m, 0.0).is_empty());
    }
}
