//! Warnings: things a valid map may do that a reader would still call a mistake. A warning is
//! not an error: the map opens, saves and exports as it is; `stance-map check` lists them.
//!
//! The one rule so far is about dates. A date without a month sits at the start of its year on
//! the time axis (`"2022"` is January 2022), so a keyframe dated by year alone can stand before
//! an event of that year it talks about, and the compass then shows the power moving before its
//! cause. The rule: **a keyframe is never dated before an event its evidence describes.** A
//! keyframe describes an event when the two share a quote: the same source, and one quote's text
//! contains the other's (trimmed, runs of white space read as one space). Dates compare as their
//! places on the axis, except that an event dated by year alone may have happened in any month
//! of its year, so a keyframe anywhere in that year is not before it; a keyframe in an earlier
//! year is. The same holds for a story step and the quotes it shows.

use super::map::{Evidence, PowerId, StanceMap};
use super::{Date, MONTH_NAMES};

/// What a warning is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A keyframe of a power.
    Keyframe {
        /// The power's id.
        power: PowerId,
        /// The keyframe's date.
        date: Date,
    },
    /// A story step.
    StoryStep {
        /// Its place in the story, counting from 0.
        index: usize,
        /// The step's date.
        date: Date,
    },
    /// The whole map: the check stopped early (see [`MAX_WARNINGS`] and [`COMPARE_BUDGET`]).
    Map,
}

/// The most warnings listed; a map with more gets one last warning that says the check stopped.
pub const MAX_WARNINGS: usize = 100;

/// The most characters of quotes the check compares, so that a hostile file (a hundred
/// thousand keyframes and events, all quoting one source) cannot freeze the app that opens it:
/// about a tenth of a second of work. A map that needs more gets a warning that the check
/// stopped; the article's map needs about 0.1% of it.
pub const COMPARE_BUDGET: usize = 50_000_000;

/// One warning about a map: a keyframe or story step dated before an event its quotes describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The keyframe or story step.
    pub place: Place,
    /// The title of the event it precedes.
    pub event_title: String,
    /// The event's date.
    pub event_date: Date,
    /// The warning in plain words, naming the power (or step), both dates and the fix.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every warning about `map`: keyframes first (power by power, in date order), then story steps,
/// each against the events in the map's order.
pub fn warnings(map: &StanceMap) -> Vec<Warning> {
    let events: Vec<(&super::Event, Vec<Quote<'_>>)> = map
        .events
        .iter()
        .map(|event| (event, quotes(&event.evidence)))
        .filter(|(_, quotes)| !quotes.is_empty())
        .collect();
    let mut found = Vec::new();
    let mut budget = COMPARE_BUDGET;
    let mut stopped = false;
    let mut check = |place: Place, date: Date, evidence: &[Evidence], what: &str| {
        if stopped {
            return;
        }
        let own = quotes(evidence);
        if own.is_empty() {
            return;
        }
        for (event, event_quotes) in &events {
            if !precedes(date, event.date) {
                continue;
            }
            let Some(shared) = shares_a_quote(&own, event_quotes, &mut budget) else {
                stopped = true;
                return;
            };
            if found.len() >= MAX_WARNINGS {
                stopped = true;
                return;
            }
            if shared {
                let message = message(map, &place, date, event, what);
                found.push(Warning {
                    place: place.clone(),
                    event_title: event.title.clone(),
                    event_date: event.date,
                    message,
                });
            }
        }
    };
    for power in &map.powers {
        for keyframe in &power.track {
            let place = Place::Keyframe {
                power: power.id.clone(),
                date: keyframe.date,
            };
            check(
                place,
                keyframe.date,
                &keyframe.evidence,
                "its evidence describes",
            );
        }
    }
    for (index, step) in map.story.iter().enumerate() {
        let place = Place::StoryStep {
            index,
            date: step.date,
        };
        check(place, step.date, &step.quotes, "its quotes describe");
    }
    if stopped {
        found.push(Warning {
            place: Place::Map,
            event_title: String::new(),
            event_date: Date::year(0),
            message: format!(
                "The date check stopped early: the map has more than {MAX_WARNINGS} dates to \
                 check, or too many quotes to compare; the ones above are the first found."
            ),
        });
    }
    found
}

/// Whether something dated `date` stands before an event dated `event`: by year when the
/// event names no month (its month is unknown), else by place on the time axis, where a date
/// without a month is January.
pub fn precedes(date: Date, event: Date) -> bool {
    match event.month {
        None => date.year < event.year,
        Some(event_month) => (date.year, date.month.unwrap_or(1)) < (event.year, event_month),
    }
}

/// A quote reduced for comparison: its source and its words with white space collapsed.
struct Quote<'a> {
    source: &'a str,
    text: String,
}

fn quotes(evidence: &[Evidence]) -> Vec<Quote<'_>> {
    evidence
        .iter()
        .map(|e| Quote {
            source: e.source.0.as_str(),
            text: e.quote.split_whitespace().collect::<Vec<_>>().join(" "),
        })
        // An empty quote would be "contained" in every other.
        .filter(|q| !q.text.is_empty())
        .collect()
}

/// Whether a quote of `a` and one of `b` are the same passage; `None` once comparing them
/// would spend more than is left of `budget` (characters compared).
fn shares_a_quote(a: &[Quote<'_>], b: &[Quote<'_>], budget: &mut usize) -> Option<bool> {
    for x in a {
        for y in b.iter().filter(|y| y.source == x.source) {
            let cost = x.text.len() + y.text.len();
            *budget = budget.checked_sub(cost)?;
            if x.text.contains(y.text.as_str()) || y.text.contains(&x.text) {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// "China, 2022: the keyframe stands at January 2022, before the event “Russia invades
/// Ukraine” (February 2022) that its evidence describes; date it 2022-02 or later."
fn message(map: &StanceMap, place: &Place, date: Date, event: &super::Event, what: &str) -> String {
    let (who, thing) = match place {
        Place::Keyframe { power, .. } => (
            map.power(power)
                .map_or_else(|| power.0.clone(), |p| p.name.clone()),
            "keyframe",
        ),
        Place::StoryStep { index, .. } => (
            format!(
                "Story step {} \u{201c}{}\u{201d}",
                index + 1,
                map.story.get(*index).map_or("", |s| s.title.as_str())
            ),
            "step",
        ),
        Place::Map => return String::new(),
    };
    let stands_at = match date.month {
        Some(_) => date.to_string(),
        None => format!("{} {}", MONTH_NAMES[0], date.year),
    };
    format!(
        "{who}, {date}: the {thing} stands at {stands_at}, before the event \u{201c}{}\u{201d} ({}) \
         that {what}; date it {} or later.",
        event.title,
        event.date,
        event.date.to_iso()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Confidence, Event, Interpolation, Keyframe, Power, SourceId, StoryStep};

    fn quote(text: &str, source: &str) -> Evidence {
        Evidence {
            quote: text.to_owned(),
            source: SourceId(source.to_owned()),
            locator: String::new(),
            dimension: crate::model::Dimension::Political,
            role: crate::model::Role::Supports,
        }
    }

    fn keyframe(date: Date, evidence: Vec<Evidence>) -> Keyframe {
        Keyframe {
            unjudged: false,
            date,
            strength: 0.5,
            confidence: Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence,
        }
    }

    const INVASION: &str = "With Russia's invasion of Ukraine in 2022, new dynamics emerged.";

    /// A map with China's keyframe at `keyframe_date` quoting `quoted` (from `source`), and the
    /// invasion at `event_date` with the whole passage.
    fn map(keyframe_date: Date, event_date: Date, quoted: &str, source: &str) -> StanceMap {
        let mut map = StanceMap::empty();
        map.powers.push(Power {
            id: PowerId("china".into()),
            name: "China".into(),
            color: "#000000".into(),
            bearing_deg: 0.0,
            track: vec![keyframe(keyframe_date, vec![quote(quoted, source)])],
        });
        map.events.push(Event {
            date: event_date,
            title: "Russia invades Ukraine".into(),
            powers: Vec::new(),
            note: String::new(),
            evidence: vec![quote(INVASION, "article")],
        });
        map
    }

    #[test]
    fn a_year_only_keyframe_before_a_month_dated_event_it_quotes_is_flagged() {
        let map = map(
            Date::year(2022),
            Date::month(2022, 2),
            "Russia's invasion of Ukraine in 2022",
            "article",
        );
        let found = warnings(&map);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].place,
            Place::Keyframe {
                power: PowerId("china".into()),
                date: Date::year(2022)
            }
        );
        assert_eq!(found[0].event_title, "Russia invades Ukraine");
        assert_eq!(found[0].event_date, Date::month(2022, 2));
        assert_eq!(
            found[0].message,
            "China, 2022: the keyframe stands at January 2022, before the event \
             \u{201c}Russia invades Ukraine\u{201d} (February 2022) that its evidence describes; \
             date it 2022-02 or later."
        );
    }

    #[test]
    fn a_keyframe_at_or_after_the_event_is_fine() {
        for date in [Date::month(2022, 2), Date::month(2022, 7), Date::year(2023)] {
            let map = map(date, Date::month(2022, 2), INVASION, "article");
            assert!(warnings(&map).is_empty(), "{date}");
        }
        // A month before is not.
        let early = map(
            Date::month(2022, 1),
            Date::month(2022, 2),
            INVASION,
            "article",
        );
        assert_eq!(warnings(&early).len(), 1);
    }

    #[test]
    fn a_year_only_event_is_not_preceded_within_its_year() {
        for date in [
            Date::year(2022),
            Date::month(2022, 1),
            Date::month(2022, 11),
        ] {
            let map = map(date, Date::year(2022), INVASION, "article");
            assert!(warnings(&map).is_empty(), "{date}");
        }
        for date in [Date::year(2021), Date::month(2021, 12)] {
            let found = warnings(&map(date, Date::year(2022), INVASION, "article"));
            assert_eq!(found.len(), 1, "{date}");
            assert!(
                found[0].message.ends_with("date it 2022 or later."),
                "{found:?}"
            );
        }
    }

    #[test]
    fn a_quote_is_shared_when_one_contains_the_other_from_the_same_source() {
        let date = (Date::year(2021), Date::month(2022, 2));
        // The keyframe quotes a longer passage that holds the event's words, spaced otherwise.
        let longer = format!(
            "  Before that, much. {}\n  And after.",
            INVASION.replace(' ', "\n  ")
        );
        assert_eq!(warnings(&map(date.0, date.1, &longer, "article")).len(), 1);
        // The same words from another source are not the same quote.
        assert!(warnings(&map(date.0, date.1, INVASION, "other")).is_empty());
        // Words that merely overlap are not shared.
        assert!(
            warnings(&map(
                date.0,
                date.1,
                "new dynamics emerged in the Balkans",
                "article"
            ))
            .is_empty()
        );
        // An empty quote describes nothing.
        assert!(warnings(&map(date.0, date.1, "  ", "article")).is_empty());
    }

    #[test]
    fn a_story_step_before_an_event_its_quotes_describe_is_flagged() {
        let mut map = map(
            Date::month(2022, 3),
            Date::month(2022, 2),
            INVASION,
            "article",
        );
        map.story.push(StoryStep {
            date: Date::year(2014),
            title: "Is Russia reliable?".into(),
            caption: String::new(),
            focus: Vec::new(),
            quotes: vec![quote(INVASION, "article")],
            duration_s: None,
            notes: String::new(),
            indicators: Vec::new(),
        });
        let found = warnings(&map);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].place,
            Place::StoryStep {
                index: 0,
                date: Date::year(2014)
            }
        );
        assert!(
            found[0].message.starts_with(
                "Story step 1 \u{201c}Is Russia reliable?\u{201d}, 2014: the step stands at \
                 January 2014, before the event"
            ),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn precedes_compares_years_when_the_event_has_no_month() {
        assert!(precedes(Date::year(2021), Date::year(2022)));
        assert!(!precedes(Date::month(2022, 12), Date::year(2022)));
        assert!(precedes(Date::year(2022), Date::month(2022, 2)));
        assert!(!precedes(Date::year(2022), Date::month(2022, 1)));
        assert!(!precedes(Date::month(2022, 2), Date::month(2022, 2)));
    }

    /// A hostile map: thousands of keyframes and events all quoting one source, every keyframe
    /// before every event. The check stops within its budget and says so, listing at most
    /// [`MAX_WARNINGS`].
    #[test]
    fn a_map_with_too_much_to_compare_stops_early_and_says_so() {
        let mut map = StanceMap::empty();
        let long = "word ".repeat(200);
        map.powers.push(Power {
            id: PowerId("p".into()),
            name: "P".into(),
            color: "#000000".into(),
            bearing_deg: 0.0,
            track: (0..3000)
                .map(|k| {
                    keyframe(
                        Date::year(1000 + k),
                        vec![quote(&format!("{long}{k}"), "s")],
                    )
                })
                .collect(),
        });
        map.events = (0..3000)
            .map(|e| Event {
                date: Date::year(5000 + e),
                title: format!("E{e}"),
                powers: Vec::new(),
                note: String::new(),
                evidence: vec![quote(&format!("{long}x{e}"), "s")],
            })
            .collect();
        let found = warnings(&map);
        assert!(found.len() <= MAX_WARNINGS + 1, "{}", found.len());
        let last = found.last().expect("a warning that the check stopped");
        assert_eq!(last.place, Place::Map);
        assert!(last.message.contains("stopped early"), "{}", last.message);

        // Many real warnings: the first hundred, then the stop.
        for event in &mut map.events {
            event.evidence[0].quote = "word".into();
        }
        let found = warnings(&map);
        assert_eq!(found.len(), MAX_WARNINGS + 1);
        assert_eq!(found[MAX_WARNINGS].place, Place::Map);
        assert!(matches!(found[0].place, Place::Keyframe { .. }));
    }
}
