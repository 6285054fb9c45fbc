//! The article's map: evidence is verbatim, the bibliography complete, the judgements as argued.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use stance_map::article::{ARTICLE_TEXT, article_map};
use stance_map::model::{PowerId, Summary};

/// The bibliography lines of the article: between the disclaimer and the view counter.
fn bibliography() -> Vec<&'static str> {
    let start = ARTICLE_TEXT
        .find("which takes no institutional positions.")
        .expect("the article ends with its disclaimer");
    let end = ARTICLE_TEXT.rfind(" views").expect("and a view counter");
    let body = &ARTICLE_TEXT[start..end];
    body.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| !l.ends_with(" views0 comments") && l.chars().any(char::is_alphabetic))
        .filter(|l| l.contains('(')) // every entry carries its year in brackets
        .collect()
}

#[test]
fn every_quote_is_verbatim_in_the_article() {
    let map = article_map().unwrap();
    let quotes = map
        .powers
        .iter()
        .flat_map(|p| &p.track)
        .flat_map(|k| &k.evidence)
        .chain(map.events.iter().flat_map(|e| &e.evidence))
        .chain(map.story.iter().flat_map(|s| &s.quotes));
    let mut count = 0;
    for ev in quotes {
        assert!(
            ARTICLE_TEXT.contains(&ev.quote),
            "not verbatim in the article: {:?}",
            ev.quote
        );
        assert!(
            ev.quote.split_whitespace().count() >= 3,
            "too short: {:?}",
            ev.quote
        );
        count += 1;
    }
    assert!(count >= 40, "only {count} quotes");
}

#[test]
fn every_bibliography_entry_is_a_source() {
    let map = article_map().unwrap();
    let entries = bibliography();
    assert_eq!(entries.len(), 15, "{entries:#?}");
    for entry in entries {
        assert!(
            map.sources.iter().any(|s| s.entry == entry),
            "bibliography entry missing from the map's sources: {entry}"
        );
    }
    assert!(
        map.source(&stance_map::model::SourceId("article".into()))
            .is_some()
    );
}

#[test]
fn pages_are_only_those_the_article_gives() {
    let map = article_map().unwrap();
    for ev in map
        .powers
        .iter()
        .flat_map(|p| &p.track)
        .flat_map(|k| &k.evidence)
    {
        if !ev.locator.is_empty() {
            let citation = map.citation(ev);
            // "Vuksanovic, 2021, p. 7" must stand in the text as printed.
            assert!(ARTICLE_TEXT.contains(&citation), "{citation}");
        }
    }
}

#[test]
fn four_powers_every_keyframe_with_evidence_and_reasoning() {
    let map = article_map().unwrap();
    let names: Vec<_> = map.powers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["EU", "Russia", "China", "US/NATO"]);
    let summary = Summary::of(&map);
    assert_eq!(summary.keyframes_without_evidence, 0);
    assert!(summary.events >= 15, "{summary}");
    // The app labels every reasoning as the analyst's judgement, and the map names its analyst.
    assert!(!map.analyst.trim().is_empty());
    for k in map.powers.iter().flat_map(|p| &p.track) {
        assert!(k.reasoning.len() > 40, "{}", k.reasoning);
        assert!(
            !k.reasoning.to_lowercase().starts_with("judgement"),
            "{}",
            k.reasoning
        );
    }
}

#[test]
fn the_judgements_follow_the_article() {
    let map = article_map().unwrap();
    let power = |id: &str| map.power(&PowerId(id.into())).unwrap();
    // The 1999 bombing: US/NATO opposed.
    assert!(power("us_nato").strength_at(1999.0).unwrap() < -0.5);
    // Russia strongest in 2009 (Kosovo support, then NIS).
    let russia = power("russia");
    let at_2009 = russia.strength_at(2009.0).unwrap();
    for k in &russia.track {
        assert!(k.strength <= at_2009, "{} is stronger than 2009", k.date);
    }
    // China subordinate to the EU at the end.
    let end = map.span_year_f64().unwrap().1;
    assert!(power("china").strength_at(end).unwrap() < power("eu").strength_at(end).unwrap());
}
