//! The article's map: evidence is verbatim, the bibliography complete, the judgements as argued.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use stance_map::article::{ARTICLE_TEXT, article_map};
use stance_map::model::{
    Confidence, Date, Evidence, IndicatorId, IndicatorPoint, Interpolation, Keyframe, PowerId,
    Role, StanceMap, Summary,
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

// ---------------------------------------------------------------------------------------------
// The measured indicators the map ships: every value traceable to the reference file.

/// The project's reference file of measured series, each value with its source (a copy kept in
/// the repository, so a clone alone can check the map against it).
const REFERENCE: &str = include_str!("../../assets/data/reference_indicators.md");

/// One data row of a table in the reference file.
#[derive(Debug)]
struct Row {
    /// Which heading's block it stands in (a new block at every line starting with `#`).
    block: usize,
    /// The table's header cells.
    header: Vec<String>,
    /// Its cells.
    cells: Vec<String>,
    /// The web addresses it carries: its own, and the one a "(same)" or "(URL as above)" row
    /// takes from the row above it with that address.
    urls: Vec<String>,
}

impl Row {
    /// The cell under the header `column`.
    fn cell(&self, column: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == column)?;
        self.cells.get(i).map(String::as_str)
    }

    fn text(&self) -> String {
        self.cells.join(" | ")
    }
}

/// Numbers as they stand in a text: "45 / 64" gives 45 and 64, "2023–2024" gives 2023 and 2024.
fn numbers(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty() && t.bytes().any(|b| b.is_ascii_digit()))
        .collect()
}

/// The years a cell names, with ranges such as "2023–2024" filled in.
fn years(text: &str) -> Vec<i32> {
    let mut years = Vec::new();
    for part in text.split_whitespace() {
        let found: Vec<i32> = numbers(part)
            .iter()
            .filter(|t| t.len() == 4)
            .filter_map(|t| t.parse().ok())
            .collect();
        if let [from, to] = found[..]
            && part.contains('–')
        {
            years.extend(from..=to);
        } else {
            years.extend(found);
        }
    }
    years
}

/// The heading blocks of the reference file, as text, and every table row in it.
fn reference_rows(text: &str) -> (Vec<String>, Vec<Row>) {
    let mut blocks = vec![String::new()];
    let mut rows: Vec<Row> = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut table_start = 0;
    for line in text.lines() {
        if line.starts_with('#') {
            blocks.push(String::new());
        }
        let block = blocks.len() - 1;
        blocks[block].push_str(line);
        blocks[block].push('\n');
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_owned())
            .collect();
        let Some(head) = &header else {
            header = Some(cells);
            table_start = rows.len();
            continue;
        };
        if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) {
            continue; // the |---| line under the header
        }
        let column = |name: &str| head.iter().position(|h| h == name);
        let url_cell = column("URL").and_then(|i| cells.get(i)).cloned();
        let title = column("Source title")
            .or_else(|| column("Source"))
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default();
        let mut urls: Vec<String> = url_cell
            .iter()
            .flat_map(|c| c.split_whitespace())
            .filter(|t| t.starts_with("http"))
            .map(str::to_owned)
            .collect();
        let inherits = url_cell
            .as_deref()
            .is_some_and(|c| c.contains("(same)") || c.contains("as above"));
        if inherits {
            let table = &rows[table_start..];
            let own = |r: &&Row| {
                r.cell("URL")
                    .is_some_and(|c| c.split_whitespace().any(|t| t.starts_with("http")))
            };
            // The row above with the same title, where this row names its title; else the
            // nearest row above that has an address.
            let above = table
                .iter()
                .rev()
                .filter(own)
                .find(|r| !title.starts_with('(') && r.cell("Source title") == Some(&title))
                .or_else(|| table.iter().rev().find(own));
            if let Some(above) = above {
                urls.extend(above.urls.iter().take(1).cloned());
            }
        }
        rows.push(Row {
            block,
            header: head.clone(),
            cells,
            urls,
        });
    }
    (blocks, rows)
}

/// The rows a source's values may come from: rows that carry its address; for data in a GitHub
/// repository (the address names the repository, the commit and maybe a file), every row of the
/// tables under the heading whose text names that repository, commit and file. `None` when the
/// reference file does not name the source at all.
fn rows_of<'r>(url: &str, blocks: &[String], rows: &'r [Row]) -> Option<Vec<&'r Row>> {
    if let Some(rest) = url.strip_prefix("https://github.com/") {
        let parts: Vec<&str> = rest.splitn(5, '/').collect();
        let [owner, repo, "tree" | "blob", commit, path @ ..] = &parts[..] else {
            return None;
        };
        let repo = format!("{owner}/{repo}");
        let names_it = |b: &String| {
            b.contains(&format!("`{repo}`"))
                && b.contains(commit)
                && path.iter().all(|p| b.contains(&format!("`{p}`")))
        };
        let found: Vec<usize> = (0..blocks.len())
            .filter(|&i| names_it(&blocks[i]))
            .collect();
        if found.is_empty() {
            return None;
        }
        return Some(rows.iter().filter(|r| found.contains(&r.block)).collect());
    }
    if !blocks.iter().any(|b| b.contains(url)) {
        return None;
    }
    Some(
        rows.iter()
            .filter(|r| r.urls.iter().any(|u| u == url))
            .collect(),
    )
}

/// The column of the reference file's tables that holds each shipped indicator's values.
fn value_column(indicator: &str) -> Option<&'static str> {
    Some(match indicator {
        "isac_cfsp" | "ec_cfsp" => "Value",
        "mei_eu_support" => "Yes",
        "unga_agree_us" => "Serbia % agree with US",
        "unga_agree_russia" => "Serbia % agree with Russia",
        "us_voting_coincidence" => "Serbia coincidence with US",
        _ => return None,
    })
}

/// The three-letter month names the reference file's first column uses ("Jun 2010").
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Every way `map`'s indicator points fail to trace to `reference`, in words; empty when each
/// point's source is in the file and the point's value stands in a row of that source, under
/// the indicator's column, in a row whose first cell names the point's year (and its month,
/// when the point has one), and a figure the file marks ⚠ is marked uncertain.
fn trace_problems(map: &StanceMap, reference: &str) -> Vec<String> {
    let (blocks, rows) = reference_rows(reference);
    let mut problems = Vec::new();
    for indicator in &map.indicators {
        let Some(column) = value_column(&indicator.id.0) else {
            problems.push(format!("{}: no column of the reference file", indicator.id));
            continue;
        };
        for point in &indicator.points {
            let at = format!("{} {}", indicator.id, point.date);
            let Some(source) = map.source(&point.source) else {
                problems.push(format!("{at}: no source {}", point.source));
                continue;
            };
            let Some(source_rows) = rows_of(&source.url, &blocks, &rows) else {
                problems.push(format!(
                    "{at}: {:?} is not in the reference file",
                    source.url
                ));
                continue;
            };
            let matching: Vec<&&Row> = source_rows
                .iter()
                .filter(|r| years(&r.cells[0]).contains(&point.date.year))
                .filter(|r| {
                    point
                        .date
                        .month
                        .is_none_or(|m| r.cells[0].contains(MONTHS[usize::from(m) - 1]))
                })
                .filter(|r| {
                    r.cell(column).is_some_and(|c| {
                        numbers(c)
                            .iter()
                            .any(|t| t.parse::<f64>() == Ok(point.value))
                    })
                })
                .collect();
            if matching.is_empty() {
                problems.push(format!(
                    "{at}: {} is in no row of {} for that date under {column:?}",
                    point.value, source.url
                ));
            } else if !point.uncertain && matching.iter().any(|r| r.text().contains('⚠')) {
                problems.push(format!(
                    "{at}: the file marks it ⚠ but the map does not say it is uncertain: {}",
                    matching[0].text()
                ));
            }
        }
    }
    problems
}

#[test]
fn the_reference_file_is_read_as_its_tables_say() {
    let (blocks, rows) = reference_rows(REFERENCE);
    // A "(URL as above)" row takes the address of the row above with its title: the second
    // 2019 row is Euractiv's, not the European Western Balkans row just above it.
    let euractiv = "https://www.euractiv.com/section/all/short_news/belgrade-serbia-lags-behind-in-harmonising-its-foreign-policy-with-the-eu/";
    let of_euractiv: Vec<_> = rows
        .iter()
        .filter(|r| r.urls.iter().any(|u| u == euractiv))
        .collect();
    assert_eq!(of_euractiv.len(), 2, "{of_euractiv:#?}");
    assert_eq!(of_euractiv[1].cells[0], "2019");
    // A "(same)" row takes the address of the row above: the Government of Serbia's June 2011.
    let gov = "https://www.srbija.gov.rs/vest/en/77881/greater-support-to-reforms-in-process-of-eu-accession.php";
    let of_gov: Vec<_> = rows
        .iter()
        .filter(|r| r.urls.iter().any(|u| u == gov))
        .collect();
    assert_eq!(of_gov.len(), 2);
    assert_eq!(of_gov[1].cell("Yes"), Some("53"));
    // The UN voting tables have no address column: the heading's text names the repository.
    let unga = rows_of(
        "https://github.com/jeffallen13/qsspy/blob/e33e9bcc47d4666c3d2744890db1d0a7d61578b8/MEASUREMENT/unvoting.csv",
        &blocks,
        &rows,
    )
    .unwrap();
    assert_eq!(unga.len(), 16, "1990, 1991, 1992 and 2000–2012");
    assert!(
        rows_of(
            "https://github.com/jeffallen13/qsspy/blob/0000000000000000000000000000000000000000/MEASUREMENT/unvoting.csv",
            &blocks,
            &rows
        )
        .is_none(),
        "another commit is another source"
    );
    assert_eq!(years("2023–2024"), [2023, 2024]);
    assert_eq!(numbers("45 / 64"), ["45", "64"]);
    assert_eq!(numbers("54 ⚠ via RT"), ["54"]);
}

#[test]
fn every_shipped_indicator_value_is_traceable_to_its_source() {
    let map = article_map().unwrap();
    assert!(!map.indicators.is_empty());
    assert_eq!(trace_problems(&map, REFERENCE), Vec::<String>::new());
    for point in map.indicators.iter().flat_map(|i| &i.points) {
        let source = map.source(&point.source).unwrap();
        // Read from the file, never recorded there: no access date is made up.
        assert!(source.accessed.is_empty(), "{}", source.id);
        assert!(
            !source.entry.is_empty() && !source.url.is_empty(),
            "{}",
            source.id
        );
        if !source.url.starts_with("https://github.com/") {
            assert!(REFERENCE.contains(&source.url), "{}", source.url);
        }
    }
    for indicator in &map.indicators {
        assert!(
            indicator.method.contains("access date"),
            "{}: the method note says the access date was not recorded",
            indicator.id
        );
    }
}

/// The points of the indicator `id`, to alter.
fn points_of<'m>(map: &'m mut StanceMap, id: &str) -> &'m mut Vec<IndicatorPoint> {
    let id = IndicatorId(id.into());
    &mut map
        .indicators
        .iter_mut()
        .find(|i| i.id == id)
        .unwrap()
        .points
}

#[test]
fn an_invented_or_altered_value_fails_the_trace() {
    let shipped = article_map().unwrap();
    let at = |points: &[IndicatorPoint], date: &str| {
        points
            .iter()
            .position(|p| p.date == Date::parse_iso(date).unwrap())
            .unwrap()
    };

    // A changed value: 62 for 2021 becomes 63.
    let mut map = shipped.clone();
    let i = at(points_of(&mut map, "isac_cfsp"), "2021");
    points_of(&mut map, "isac_cfsp")[i].value = 63.0;
    assert_eq!(trace_problems(&map, REFERENCE).len(), 1);

    // A value moved to another year: 2021's 62 said to be 2020's.
    let mut map = shipped.clone();
    let i = at(points_of(&mut map, "isac_cfsp"), "2020");
    points_of(&mut map, "isac_cfsp")[i].value = 62.0;
    assert_eq!(trace_problems(&map, REFERENCE).len(), 1);

    // A month that no source gives: the 2021 MEI figure has a year only.
    let mut map = shipped.clone();
    let points = points_of(&mut map, "mei_eu_support");
    let i = at(points, "2021");
    points[i].date = Date::month(2021, 6);
    assert_eq!(trace_problems(&map, REFERENCE).len(), 1);

    // A ⚠ figure passed off as certain.
    let mut map = shipped.clone();
    let i = at(points_of(&mut map, "isac_cfsp"), "2022");
    points_of(&mut map, "isac_cfsp")[i].uncertain = false;
    let problems = trace_problems(&map, REFERENCE);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains('⚠'), "{problems:?}");

    // A source the file does not name.
    let mut map = shipped.clone();
    let source = points_of(&mut map, "isac_cfsp")[0].source.clone();
    let s = map.sources.iter_mut().find(|s| s.id == source).unwrap();
    s.url.push_str("?changed");
    assert!(!trace_problems(&map, REFERENCE).is_empty());

    // The same map against an altered copy of the file: the 2021 row's 62 changed to 61.
    let altered = REFERENCE.replacen("| 2021 | 62 | % |", "| 2021 | 61 | % |", 1);
    assert_ne!(altered, REFERENCE);
    assert_eq!(trace_problems(&shipped, &altered).len(), 1);
    // A UN voting figure changed in the file's table.
    let altered = REFERENCE.replacen("| 13.1 | 95.2 |", "| 13.2 | 95.2 |", 1);
    assert_ne!(altered, REFERENCE);
    assert_eq!(trace_problems(&shipped, &altered).len(), 1);
    // The commit of the UN voting data changed.
    let altered = REFERENCE.replacen("`e33e9bcc47d4666c3d2744890db1d0a7d61578b8`", "`e33e9bc`", 1);
    assert_eq!(
        trace_problems(&shipped, &altered).len(),
        30,
        "every UN agreement point"
    );
}

#[test]
fn the_required_indicators_are_shipped_with_their_points() {
    // (id, power, unit, points as (date, value))
    type Required<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, f64)]);
    let map = article_map().unwrap();
    let required: [Required; 6] = [
        (
            "isac_cfsp",
            "eu",
            "%",
            &[
                ("2012", 99.0),
                ("2015", 65.0),
                ("2016", 59.0),
                ("2018", 52.0),
                ("2019", 57.0),
                ("2020", 56.0),
                ("2021", 62.0),
                ("2022", 48.0),
                ("2023", 54.0),
            ],
        ),
        ("ec_cfsp", "eu", "%", &[("2021", 64.0), ("2022-08", 45.0)]),
        (
            "mei_eu_support",
            "eu",
            "%",
            &[
                ("2009", 74.0),
                ("2010-06", 65.0),
                ("2019-12", 54.0),
                ("2022-12", 43.0),
            ],
        ),
        (
            "unga_agree_us",
            "us_nato",
            "%",
            &[("1990", 13.1), ("1991", 12.5), ("2012", 29.4)],
        ),
        (
            "unga_agree_russia",
            "russia",
            "%",
            &[("1990", 95.2), ("1991", 57.7), ("2012", 70.6)],
        ),
        (
            "us_voting_coincidence",
            "us_nato",
            "coincidence",
            &[("2018", 0.32), ("2021", 0.47), ("2024", 0.51)],
        ),
    ];
    for (id, power, unit, points) in required {
        let indicator = map
            .indicator(&IndicatorId(id.into()))
            .unwrap_or_else(|| panic!("no indicator {id}"));
        assert_eq!(indicator.power.0, power, "{id}");
        assert_eq!(indicator.unit, unit, "{id}");
        for (date, value) in points {
            let date = Date::parse_iso(date).unwrap();
            let point = indicator.points.iter().find(|p| p.date == date);
            assert_eq!(point.map(|p| p.value), Some(*value), "{id} {date}");
        }
    }
    let count = |id: &str| map.indicator(&IndicatorId(id.into())).unwrap().points.len();
    // 1990, 1991 and 2000–2012, each year of the file but 1992; 2018–2024.
    assert_eq!(count("unga_agree_us"), 15);
    assert_eq!(count("unga_agree_russia"), 15);
    assert_eq!(count("us_voting_coincidence"), 7);
    assert_eq!(count("isac_cfsp"), 9);
}

#[test]
fn no_indicator_has_a_point_in_a_year_the_file_says_was_not_found() {
    let map = article_map().unwrap();
    let (blocks, rows) = reference_rows(REFERENCE);
    let point_years = |id: &str| -> Vec<i32> {
        map.indicator(&IndicatorId(id.into()))
            .unwrap()
            .points
            .iter()
            .map(|p| p.date.year)
            .collect()
    };
    // Rows of a table that say a value was not found, in the blocks an indicator's sources
    // are in.
    for indicator in &map.indicators {
        let own_blocks: Vec<usize> = indicator
            .points
            .iter()
            .filter_map(|p| map.source(&p.source))
            .filter_map(|s| rows_of(&s.url, &blocks, &rows))
            .flatten()
            .map(|r| r.block)
            .collect();
        let missing: Vec<i32> = rows
            .iter()
            .filter(|r| own_blocks.contains(&r.block))
            // "**Not found.**", "**Annual figure not found.**": in bold, where a value would be
            // (a detail such as "ISAC's own 2023 annual page was not found" is not a gap).
            .filter(|r| r.text().to_lowercase().contains("not found.**"))
            .flat_map(|r| years(&r.cells[0]))
            .collect();
        for year in point_years(&indicator.id.0) {
            assert!(
                !missing.contains(&year),
                "{} has a point in {year}",
                indicator.id
            );
        }
    }
    // And the file's list of gaps, and what it says to drop.
    for (says, id, gaps) in [
        (
            "ISAC annual rate for 2013, 2017 and 2024; the exact 2014 value.",
            "isac_cfsp",
            vec![2013, 2014, 2017, 2024],
        ),
        (
            "MEI waves for 2020 and for 2023 onward.",
            "mei_eu_support",
            vec![2020, 2023, 2024],
        ),
        (
            "Data for 1993–1999 (FRY was not taking part in the General Assembly).",
            "unga_agree_us",
            (1992..=1999).collect(),
        ),
        (
            "Data for 1993–1999 (FRY was not taking part in the General Assembly).",
            "unga_agree_russia",
            (1992..=1999).collect(),
        ),
        (
            "2013–2017 files are unusable.",
            "us_voting_coincidence",
            (2013..=2017).collect(),
        ),
    ] {
        assert!(REFERENCE.contains(says), "the file no longer says {says:?}");
        for year in point_years(id) {
            assert!(!gaps.contains(&year), "{id} has a point in {year}");
        }
    }
    assert!(REFERENCE.contains("**1992:** agreement of 0/0 is almost certainly a data artifact"));
}

#[test]
fn the_description_says_which_lines_are_judged_and_which_measured() {
    let map = article_map().unwrap();
    let text = map.description.to_lowercase();
    assert!(text.contains("judged lines"), "{}", map.description);
    assert!(text.contains("measured lines"), "{}", map.description);
    assert!(
        text.contains("judgement") && text.contains("source"),
        "{}",
        map.description
    );
}

#[test]
fn story_steps_show_indicators_that_speak_to_them() {
    let map = article_map().unwrap();
    let steps: Vec<_> = map
        .story
        .iter()
        .filter(|s| !s.indicators.is_empty())
        .collect();
    assert!((2..=4).contains(&steps.len()), "{}", steps.len());
    for step in steps {
        for id in &step.indicators {
            let indicator = map.indicator(id).unwrap();
            assert!(
                step.focus.is_empty() || step.focus.contains(&indicator.power),
                "{}: {id} speaks to a power out of focus",
                step.title
            );
            assert!(
                indicator.latest_at(step.date.to_year_f64()).is_some(),
                "{}: {id} has no measurement at the step's date",
                step.title
            );
        }
    }
}

#[test]
fn the_article_map_has_no_date_warnings() {
    let map = article_map().unwrap();
    assert_eq!(stance_map::model::lint::warnings(&map), vec![]);
}
