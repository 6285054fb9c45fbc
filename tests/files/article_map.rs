//! The article's map: evidence is verbatim, the bibliography complete, the judgements as argued.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use stance_map::article::{ARTICLE_TEXT, article_map};
use stance_map::model::{
    Confidence, Date, Evidence, Interpolation, Keyframe, PowerId, Role, StanceMap, Summary,
};

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

/// Two quotes describe the same thing when they come from the same source and one contains the
/// other (the lead's rule for issue 12).
fn same_passage(a: &Evidence, b: &Evidence) -> bool {
    a.source == b.source && (a.quote.contains(&b.quote) || b.quote.contains(&a.quote))
}

/// The events whose evidence describes the same thing as `quote`.
fn events_described_by<'m>(
    map: &'m StanceMap,
    quote: &Evidence,
) -> impl Iterator<Item = &'m stance_map::model::Event> {
    map.events
        .iter()
        .filter(move |e| e.evidence.iter().any(|x| same_passage(x, quote)))
}

fn keyframe<'m>(map: &'m StanceMap, power: &str, date: &str) -> &'m Keyframe {
    let date = Date::parse_iso(date).unwrap();
    map.power(&PowerId(power.into()))
        .unwrap()
        .track
        .iter()
        .find(|k| k.date == date)
        .unwrap_or_else(|| panic!("no {power} keyframe at {date}"))
}

#[test]
fn no_keyframe_or_story_step_comes_before_the_event_its_quotes_describe() {
    let map = article_map().unwrap();
    for power in &map.powers {
        for k in &power.track {
            for quote in &k.evidence {
                for event in events_described_by(&map, quote) {
                    assert!(
                        k.date.to_year_f64() >= event.date.to_year_f64(),
                        "{} {} comes before the event \"{}\" ({}) its quote describes",
                        power.name,
                        k.date,
                        event.title,
                        event.date
                    );
                }
            }
        }
    }
    for step in &map.story {
        for quote in &step.quotes {
            for event in events_described_by(&map, quote) {
                assert!(
                    step.date.to_year_f64() >= event.date.to_year_f64(),
                    "step \"{}\" ({}) comes before the event \"{}\" ({})",
                    step.title,
                    step.date,
                    event.title,
                    event.date
                );
            }
        }
    }
}

#[test]
fn every_year_the_article_names_has_its_event() {
    let map = article_map().unwrap();
    let body = &ARTICLE_TEXT[..ARTICLE_TEXT
        .find("which takes no institutional positions.")
        .unwrap()];
    // "1991-1992" is one event, dated to its first year; "the late 2000s" is a decade, not a date.
    let not_events = [1992, 2000];
    let mut years: Vec<i32> = body
        .as_bytes()
        .windows(4)
        .filter_map(|w| std::str::from_utf8(w).ok()?.parse().ok())
        .filter(|y| (1900..=2099).contains(y))
        .collect();
    years.sort_unstable();
    years.dedup();
    assert!(years.len() >= 12, "{years:?}");
    for year in years.into_iter().filter(|y| !not_events.contains(y)) {
        assert!(
            map.events.iter().any(|e| e.date.year == year),
            "the article names {year} but the map has no event then"
        );
    }
}

#[test]
fn china_does_not_fall_through_the_invasion() {
    let map = article_map().unwrap();
    let china = map.power(&PowerId("china".into())).unwrap();
    let before = Date::month(2022, 1).to_year_f64();
    let invasion = Date::month(2022, 2).to_year_f64();
    assert!(china.strength_at(invasion).unwrap() >= china.strength_at(before).unwrap());
    // Its post-invasion keyframe is dated by month, at the invasion or later, and not High.
    let peak = keyframe(&map, "china", "2022-02");
    assert_eq!(peak.confidence, Confidence::Medium);
    assert!(
        china
            .track
            .iter()
            .all(|k| !(k.date.year == 2022 && k.date.month.is_none())),
        "a year-only 2022 keyframe sits in January, before the invasion"
    );
}

#[test]
fn the_eu_rise_after_the_invasion_is_shown_contested() {
    let map = article_map().unwrap();
    for date in ["2022-02", "2023-03"] {
        let k = keyframe(&map, "eu", date);
        assert!(k.is_contested(), "EU {date} shows no counter-evidence");
        assert_ne!(k.confidence, Confidence::High);
        let contradicting: Vec<_> = k
            .evidence
            .iter()
            .filter(|e| e.role == Role::Contradicts)
            .map(|e| e.quote.as_str())
            .collect();
        assert!(
            contradicting
                .iter()
                .any(|q| q.contains("resisted sanctioning Russia")),
            "{contradicting:?}"
        );
        assert!(
            contradicting.iter().any(|q| q.contains("most distrustful")),
            "{contradicting:?}"
        );
    }
    assert!(
        keyframe(&map, "eu", "2022-02")
            .evidence
            .iter()
            .any(|e| e.role == Role::Contradicts && e.quote.contains("conditionality"))
    );
    // The EU's own interest in enlargement is not Serbia's alignment.
    for k in &map.power(&PowerId("eu".into())).unwrap().track {
        for e in &k.evidence {
            assert!(
                !(e.quote.contains("renewed interest in EU enlargement")
                    && e.role == Role::Supports),
                "EU {}: the EU's interest offered as support",
                k.date
            );
        }
    }
    assert!(keyframe(&map, "eu", "2022-02").strength < 0.65);
    assert!(keyframe(&map, "eu", "2023-03").strength < 0.7);
}

#[test]
fn the_articles_slips_are_flagged_and_not_trusted() {
    let map = article_map().unwrap();
    let slips = ["Since 1999, Russia has used", "in 2018 the EU initiated"];
    let mut flagged = 0;
    for k in map.powers.iter().flat_map(|p| &p.track) {
        if k.evidence
            .iter()
            .any(|e| slips.iter().any(|s| e.quote.contains(s)))
        {
            assert_eq!(k.confidence, Confidence::Low, "{}", k.reasoning);
            assert!(k.reasoning.contains("slip"), "{}", k.reasoning);
            flagged += 1;
        }
    }
    for e in &map.events {
        if e.evidence
            .iter()
            .any(|x| slips.iter().any(|s| x.quote.contains(s)))
        {
            assert!(e.note.contains("slip"), "{}: {}", e.title, e.note);
            flagged += 1;
        }
    }
    for step in &map.story {
        if step
            .quotes
            .iter()
            .any(|x| slips.iter().any(|s| x.quote.contains(s)))
        {
            assert!(step.caption.contains("slip"), "{}", step.caption);
            flagged += 1;
        }
    }
    assert!(flagged >= 5, "{flagged}");
}

#[test]
fn silent_spans_are_held_at_low_confidence_not_drawn_as_trends() {
    let map = article_map().unwrap();
    for (power, date) in [("eu", "1991"), ("eu", "2008"), ("us_nato", "2008")] {
        let k = keyframe(&map, power, date);
        assert_eq!(k.interpolation, Interpolation::Hold, "{power} {date}");
        assert_eq!(k.confidence, Confidence::Low, "{power} {date}");
    }
    // Nothing in the article moves US/NATO between 2008 and the invasion.
    let us = map.power(&PowerId("us_nato".into())).unwrap();
    assert_eq!(us.strength_at(2021.5), us.strength_at(2008.0));
    // EU 1991 and 2008 have no positive dated evidence: low values.
    assert!(keyframe(&map, "eu", "1991").strength < 0.2);
    assert!(keyframe(&map, "eu", "2008").strength < 0.4);
    // "The war has reinvigorated NATO" is NATO's strength, not Serbia's move.
    for e in &keyframe(&map, "us_nato", "2022-02").evidence {
        if e.quote.contains("reinvigorated NATO") {
            assert_ne!(e.role, Role::Supports);
        }
    }
}

#[test]
fn inflated_confidence_is_lowered() {
    let map = article_map().unwrap();
    for (power, date) in [
        ("eu", "2021"),
        ("russia", "1999"),
        ("china", "2022-02"),
        ("us_nato", "2022-02"),
        ("russia", "2014"),
    ] {
        assert_ne!(
            keyframe(&map, power, date).confidence,
            Confidence::High,
            "{power} {date}"
        );
    }
    assert_eq!(
        keyframe(&map, "us_nato", "2022-02").confidence,
        Confidence::Low
    );
    assert_eq!(keyframe(&map, "russia", "2014").confidence, Confidence::Low);
    assert!(
        keyframe(&map, "china", "2008")
            .reasoning
            .contains("two consequential events")
    );
}

#[test]
fn the_story_covers_security_the_second_watershed_and_chinas_limits() {
    let map = article_map().unwrap();
    let tells = |words: &str| {
        map.story
            .iter()
            .any(|s| s.caption.contains(words) || s.quotes.iter().any(|q| q.quote.contains(words)))
    };
    for words in [
        "CH-92A",
        "FK-3",
        "the first time Chinese-made weaponry has entered the European market",
        "Taiwan",
        "too far",
        "shallow, although growing",
    ] {
        assert!(tells(words), "the story never tells {words:?}");
    }
    let invasion = map
        .story
        .iter()
        .find(|s| s.date == Date::month(2022, 2))
        .unwrap();
    assert!(invasion.focus.contains(&PowerId("china".into())));
    // Autoplay times come from the words on each step, not from hand-set durations.
    assert!(map.story.iter().all(|s| s.duration_s.is_none()));
}
