//! Exports: the handouts carry every quote, citation and source; the CSV has one row per
//! keyframe and quote and reads back exactly; hostile text comes out defused in every format;
//! the `export` command writes files and reports broken input with line and column.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common;

use crate::common::temp_dir;

use stance_map::article::article_map;
use stance_map::cli::{self, Command, ExportArgs};
use stance_map::export::{
    CSV_HEADER, INDICATORS_CSV_HEADER, MEASURED_NOTE, NO_EVIDENCE, NO_SUPPORT, handout_html,
    handout_markdown, indicators_csv, keyframes_csv,
};
use stance_map::model::text::{self, display_safe};
use stance_map::model::{
    Closer, Confidence, Date, Dimension, Event, Evidence, Indicator, IndicatorId, IndicatorPoint,
    Interpolation, Keyframe, Power, PowerId, Role, Source, SourceId, StanceMap, StoryStep,
};
use stance_map::storage::save_path;

/// The HTML escaping the brief asks for, written independently of the exporter.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A small RFC 4180 reader: fields separated by commas, records by `\n` (or `\r\n`), quoted
/// fields may hold commas, newlines and doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            '"' => panic!("a bare quote inside an unquoted field: {field}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    assert!(!in_quotes, "the CSV ends inside a quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "the CSV does not end with a line end"
    );
    records
}

/// Every quote of the map, with its citation: keyframes first, then events.
fn all_evidence(map: &StanceMap) -> Vec<&Evidence> {
    map.powers
        .iter()
        .flat_map(|p| p.track.iter().flat_map(|k| k.evidence.iter()))
        .chain(map.events.iter().flat_map(|e| e.evidence.iter()))
        .collect()
}

#[test]
fn the_markdown_handout_carries_every_quote_citation_and_source() {
    let map = article_map().unwrap();
    let md = handout_markdown(&map);
    assert!(md.starts_with(&format!("# {}\n", map.title)), "{md}");
    assert!(md.contains(&map.subject));
    assert!(md.contains("analyst's judgement"));
    assert!(
        md.contains(&format!("\n**Analyst:** {}\n", map.analyst)),
        "whose reading it is"
    );
    let evidence = all_evidence(&map);
    assert!(evidence.len() > 50, "{}", evidence.len());
    for ev in evidence {
        assert!(md.contains(&format!("> {}\n", ev.quote)), "{}", ev.quote);
        assert!(md.contains(&format!("({})", map.citation(ev))), "{ev:?}");
        assert!(md.contains(ev.dimension.label()));
    }
    for source in &map.sources {
        // A web source's entry goes on with its address.
        let end = if source.url.is_empty() {
            "\n"
        } else {
            " Online: "
        };
        assert!(
            md.contains(&format!("- {}{end}", source.entry)),
            "{}",
            source.entry
        );
    }
    for power in &map.powers {
        assert!(
            md.contains(&format!("## {}\n", power.name)),
            "{}",
            power.name
        );
        for keyframe in &power.track {
            assert!(md.contains(&keyframe.reasoning), "{}", keyframe.reasoning);
        }
    }
    for event in &map.events {
        assert!(md.contains(&event.title), "{}", event.title);
    }
    // Sections in order, bibliography sorted.
    let events_at = md.find("\n## Events\n").unwrap();
    let bibliography_at = md.find("\n## Bibliography\n").unwrap();
    assert!(events_at < bibliography_at);
    let entries: Vec<&str> = md[bibliography_at..]
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .collect();
    assert_eq!(entries.len(), map.sources.len());
    let mut sorted = entries.clone();
    sorted.sort_by_key(|e| e.to_lowercase());
    assert_eq!(entries, sorted);
}

#[test]
fn the_html_handout_carries_every_quote_citation_and_source() {
    let map = article_map().unwrap();
    let html = handout_html(&map);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.trim_end().ends_with("</html>"));
    for ev in all_evidence(&map) {
        assert!(
            html.contains(&format!(
                "<blockquote><p>{}</p></blockquote>",
                html_escaped(&ev.quote)
            )),
            "{}",
            ev.quote
        );
        assert!(html.contains(&html_escaped(&map.citation(ev))), "{ev:?}");
    }
    for source in &map.sources {
        let end = if source.url.is_empty() {
            "</li>"
        } else {
            " Online: <a href=\""
        };
        assert!(
            html.contains(&format!("<li>{}{end}", html_escaped(&source.entry))),
            "{}",
            source.entry
        );
    }
    for power in &map.powers {
        assert!(html.contains(&format!("<h2>{}</h2>", html_escaped(&power.name))));
    }
    assert!(html.contains(&format!(
        "<p><strong>Analyst:</strong> {}</p>",
        html_escaped(&map.analyst)
    )));
    assert!(html.contains("<h2>Events</h2>"));
    assert!(html.contains("<h2>Bibliography</h2>"));
    assert!(!html.contains("<script"));
}

#[test]
fn the_csv_has_one_row_per_keyframe_and_quote_and_reads_back_exactly() {
    let map = article_map().unwrap();
    let csv = keyframes_csv(&map);
    assert!(!csv.contains('\r'));
    let records = parse_csv(&csv);
    assert_eq!(records[0].join(","), CSV_HEADER);
    let columns = records[0].len();
    let col = |name: &str| records[0].iter().position(|h| h == name).unwrap();
    let rows = &records[1..];
    assert!(rows.iter().all(|r| r.len() == columns));

    let mut expected = Vec::new();
    for power in &map.powers {
        for keyframe in &power.track {
            if keyframe.evidence.is_empty() {
                expected.push((power, keyframe, None));
            }
            for ev in &keyframe.evidence {
                expected.push((power, keyframe, Some(ev)));
            }
        }
    }
    assert_eq!(rows.len(), expected.len());
    for (row, (power, keyframe, ev)) in rows.iter().zip(&expected) {
        assert_eq!(row[col("power_id")], power.id.0);
        assert_eq!(row[col("power")], power.name);
        assert_eq!(row[col("date")], keyframe.date.to_iso());
        assert_eq!(
            row[col("year_fraction")].parse::<f64>().unwrap(),
            keyframe.date.to_year_f64()
        );
        assert_eq!(
            row[col("strength")].parse::<f64>().unwrap(),
            keyframe.strength
        );
        assert_eq!(row[col("confidence")], keyframe.confidence.label());
        assert_eq!(row[col("reasoning")], keyframe.reasoning);
        match ev {
            Some(ev) => {
                assert_eq!(row[col("quote")], ev.quote);
                assert_eq!(row[col("citation")], map.citation(ev));
                assert_eq!(row[col("source_id")], ev.source.0);
                assert_eq!(row[col("locator")], ev.locator);
                assert_eq!(row[col("dimension")], ev.dimension.label());
                assert_eq!(row[col("role")], ev.role.label());
            }
            None => assert!(row[col("quote")..].iter().all(String::is_empty)),
        }
    }
}

fn evidence(quote: &str, source: &str) -> Evidence {
    Evidence {
        quote: quote.into(),
        source: SourceId(source.into()),
        locator: String::new(),
        dimension: Dimension::Political,
        role: stance_map::model::Role::Supports,
    }
}

/// A map whose 2000 keyframe is contested (a supporting, a qualifying and a contradicting
/// quote, in the order contradicting, supporting, qualifying), whose 2010 keyframe only
/// qualifies, and whose one event cites counter-evidence.
fn roles_map() -> StanceMap {
    let quote = |text: &str, role: Role| Evidence {
        role,
        ..evidence(text, "someone")
    };
    let keyframe = |year: i32, evidence: Vec<Evidence>| Keyframe {
        unjudged: false,
        date: Date::year(year),
        strength: 0.4,
        confidence: Confidence::Medium,
        interpolation: Interpolation::Linear,
        reasoning: format!("Judged in {year}."),
        evidence,
    };
    let mut map = StanceMap::empty();
    map.title = "Roles".into();
    map.sources.push(Source {
        id: SourceId("someone".into()),
        author: "Someone".into(),
        year: Some(2020),
        entry: "Someone (2020). A book.".into(),
        url: String::new(),
        accessed: String::new(),
    });
    map.powers.push(Power {
        id: PowerId("p".into()),
        name: "Power".into(),
        color: "#336699".into(),
        bearing_deg: 0.0,
        track: vec![
            keyframe(
                2000,
                vec![
                    quote("Against the value.", Role::Contradicts),
                    quote("For the value.", Role::Supports),
                    quote("For it in part.", Role::Qualifies),
                ],
            ),
            keyframe(2010, vec![quote("Only in part.", Role::Qualifies)]),
        ],
    });
    map.events.push(Event {
        date: Date::year(2005),
        title: "An event".into(),
        powers: vec![PowerId("p".into())],
        note: String::new(),
        evidence: vec![quote("The event's counter-quote.", Role::Contradicts)],
    });
    map
}

/// Where `needle` is in `text`; panics when it is not.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is missing from\n{text}"))
}

#[test]
fn the_markdown_handout_groups_quotes_by_role_and_marks_a_contested_keyframe() {
    let md = handout_markdown(&roles_map());
    // The contested keyframe says so in its heading and in words; the other does not.
    assert!(md.contains("\n### 2000 (contested)\n"), "{md}");
    assert!(md.contains("\n### 2010\n"), "{md}");
    assert!(md.contains("**Contested: 1 quote points against this value.**"));
    // Groups in the order supporting, qualifying, counter-evidence, each under its heading.
    let supporting = at(&md, "#### Supporting evidence\n");
    let qualifying = at(&md, "#### Qualifying evidence\n");
    let counter = at(&md, "#### Counter-evidence\n");
    assert!(supporting < at(&md, "> For the value.") && at(&md, "> For the value.") < qualifying);
    assert!(qualifying < at(&md, "> For it in part.") && at(&md, "> For it in part.") < counter);
    assert!(counter < at(&md, "> Against the value."));
    assert!(md.contains("political/diplomatic, counter-evidence\n"));
    // The keyframe that only qualifies says no quote supports it.
    let later = at(&md, "### 2010");
    assert!(md[later..].contains(&format!("**{NO_SUPPORT}**")));
    assert_eq!(md.matches(NO_SUPPORT).count(), 1);
    // An event's quote is labelled by its role.
    let event = at(&md, "An event");
    assert!(md[event..].contains("(Someone, 2020), political/diplomatic, counter-evidence"));
}

#[test]
fn the_html_handout_groups_quotes_by_role_and_marks_a_contested_keyframe() {
    let html = handout_html(&roles_map());
    assert!(html.contains("<h3>2000 <span class=\"contested\">(contested)</span></h3>"));
    assert!(html.contains("<h3>2010</h3>"));
    let supporting = at(&html, "<h4>Supporting evidence</h4>");
    let counter = at(&html, "<h4>Counter-evidence</h4>");
    let against = at(
        &html,
        "<figure class=\"contradicts\">\n<blockquote><p>Against the value.</p></blockquote>",
    );
    assert!(supporting < counter && counter < against);
    assert!(html.contains("Contested: 1 quote points against this value."));
    assert!(html.contains(&html_escaped(NO_SUPPORT)));
    assert!(html.contains("<h4>Qualifying evidence</h4>"));
}

#[test]
fn the_csv_gives_each_quote_its_role() {
    let records = parse_csv(&keyframes_csv(&roles_map()));
    let role = records[0].iter().position(|h| h == "role").unwrap();
    let quote = records[0].iter().position(|h| h == "quote").unwrap();
    let rows: Vec<(&str, &str)> = records[1..]
        .iter()
        .map(|r| (r[quote].as_str(), r[role].as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Against the value.", "contradicts"),
            ("For the value.", "supports"),
            ("For it in part.", "qualifies"),
            ("Only in part.", "qualifies"),
        ]
    );
}

const HOSTILE_QUOTE: &str = "=cmd|' /C calc'!A0\nsaid \"ok\" \u{202E}txet desrever\n# not a heading\n- not a list\n<script>alert(1)</script>";

/// A map written to attack each export format.
fn hostile_map() -> StanceMap {
    let mut map = StanceMap::empty();
    map.title = "</title><script>alert('t')</script>".into();
    map.subject = "# Subject\n> quoted".into();
    map.analyst = "<i>Eve</i>\n## Analyst".into();
    map.description = "```\ncode\n```\n| a | b |\n|---|---|\n[x]: http://evil.example".into();
    map.sources.push(Source {
        id: SourceId("evil".into()),
        author: "@SUM(1+1)".into(),
        year: Some(2020),
        entry: "-2+3 <img src=x onerror=alert(1)>".into(),
        url: String::new(),
        accessed: String::new(),
    });
    map.powers.push(Power {
        id: PowerId("+evil".into()),
        name: "<b>Evil</b>\u{2066}".into(),
        color: "#000000".into(),
        bearing_deg: 0.0,
        track: vec![
            Keyframe {
                unjudged: false,
                date: Date::year(2020),
                strength: -0.5,
                confidence: Confidence::High,
                interpolation: Interpolation::Hold,
                reasoning: "-1 because\r\n> I say so".into(),
                evidence: vec![evidence(HOSTILE_QUOTE, "evil")],
            },
            Keyframe {
                unjudged: false,
                date: Date::year(2021),
                strength: 0.25,
                confidence: Confidence::Low,
                interpolation: Interpolation::Linear,
                reasoning: String::new(),
                evidence: Vec::new(),
            },
        ],
    });
    map.events.push(Event {
        date: Date::month(2020, 3),
        title: "=HYPERLINK(\"http://evil\")".into(),
        powers: vec![PowerId("+evil".into())],
        note: "1. first\n2) second".into(),
        evidence: vec![evidence("@evil \u{202D}quote", "evil")],
    });
    map
}

fn assert_no_hidden_controls(text: &str) {
    for c in text.chars() {
        assert!(
            !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                && (!c.is_control() || c == '\n'),
            "{c:?} in {text}"
        );
    }
}

#[test]
fn hostile_text_is_defused_in_markdown() {
    let md = handout_markdown(&hostile_map());
    assert_no_hidden_controls(&md);
    assert!(md.contains("{U+202E}txet desrever"));
    // Every `<` is escaped, so no HTML reaches a renderer.
    assert!(md.contains("\\<script>") && md.contains("\\<img") && md.contains("\\<b>"));
    assert_eq!(md.matches('<').count(), md.matches("\\<").count());
    // The only headings are the handout's own.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings.len(),
        1 + 1 + 2 + 1 + 1 + 1 + 1,
        "title, power, two keyframes, one group of quotes, events, one event, bibliography: \
         {headings:#?}"
    );
    // The quote stays one blockquote: every line of it starts with `>`, none starts a block.
    let quote_at = md.find("> \\=cmd").unwrap();
    let quote_lines: Vec<&str> = md[quote_at..].lines().take(5).collect();
    assert_eq!(
        quote_lines,
        [
            "> \\=cmd\\|' /C calc'!A0",
            "> said \"ok\" {U+202E}txet desrever",
            "> \\# not a heading",
            "> \\- not a list",
            "> \\<script>alert(1)\\</script>",
        ]
    );
    assert!(md.contains("\\> I say so"));
    assert!(
        md.contains("**Analyst:** \\<i>Eve\\</i> \\#\\# Analyst\n"),
        "{md}"
    );
    assert!(md.contains("\\`\\`\\`"));
    assert!(md.contains("\\| a \\| b \\|"));
    assert!(md.contains("\\[x\\]: http://evil.example"));
    assert!(md.contains("1\\. first"));
    assert!(md.contains("2\\) second"));
    assert!(md.contains("- \\-2+3 \\<img"));
    assert!(
        !md.lines()
            .any(|l| l.starts_with("```") || l.starts_with('|'))
    );
    assert!(md.contains("- Strength: −0.50"));
    assert!(md.contains("hold"));
    assert!(md.contains(NO_EVIDENCE));
}

#[test]
fn hostile_text_is_defused_in_html() {
    let html = handout_html(&hostile_map());
    assert_no_hidden_controls(&html);
    assert!(html.contains("{U+202E}txet desrever"));
    for tag in ["<script", "<img", "<b>", "</title><", "<i>"] {
        assert!(!html.contains(tag), "{tag}");
    }
    assert!(html.contains("&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"));
    assert!(html.contains("=cmd|&#39; /C calc&#39;!A0<br>"));
    assert!(html.contains("said &quot;ok&quot;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("−0.50"));
    assert!(html.contains(NO_EVIDENCE));
}

#[test]
fn hostile_text_is_defused_in_csv() {
    let map = hostile_map();
    let csv = keyframes_csv(&map);
    assert_no_hidden_controls(&csv);
    let records = parse_csv(&csv);
    assert_eq!(records.len(), 1 + 2);
    let col = |name: &str| records[0].iter().position(|h| h == name).unwrap();
    let numeric = [col("year_fraction"), col("strength")];
    for row in &records[1..] {
        for (i, field) in row.iter().enumerate() {
            if !numeric.contains(&i) {
                assert!(
                    !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "column {i}: {field:?}"
                );
            }
        }
    }
    let first = &records[1];
    // Written out by hand, not built with `display_safe`, which the export itself uses: the
    // leading `=` defused by a quote mark, the override shown as a marker, line breaks kept.
    assert_eq!(
        first[col("quote")],
        "'=cmd|' /C calc'!A0\nsaid \"ok\" {U+202E}txet desrever\n# not a heading\n- not a list\n<script>alert(1)</script>"
    );
    assert_eq!(first[col("power_id")], "'+evil");
    assert_eq!(first[col("citation")], "'@SUM(1+1), 2020");
    assert_eq!(first[col("reasoning")], "'-1 because\n> I say so");
    // Numbers stay numbers, negative ones too.
    assert_eq!(first[col("strength")], "-0.5");
    assert_eq!(first[col("interpolation")], "hold");
    // A keyframe without evidence has one row, its evidence columns empty.
    assert!(records[2][col("quote")..].iter().all(String::is_empty));
    // The raw text doubles embedded quotes.
    assert!(csv.contains("said \"\"ok\"\""));
}

#[test]
fn the_export_command_writes_both_files() {
    let map = article_map().unwrap();
    let dir = temp_dir("cli");
    let input = dir.join("serbia.ron");
    save_path(&map, &input).unwrap();
    let handout = dir.join("handout.html");
    let csv = dir.join("keyframes.csv");
    let command_line: Vec<String> = [
        "export",
        input.to_str().unwrap(),
        "--handout",
        handout.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let Ok(Command::Export(args)) = cli::parse_args(&command_line) else {
        panic!("export did not parse");
    };
    let mut out = Vec::new();
    assert!(cli::export(&args, &mut out));
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("handout.html: wrote the handout (HTML)"),
        "{out}"
    );
    assert!(out.contains("keyframes.csv: wrote"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&handout).unwrap(),
        handout_html(&map)
    );
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        format!("\u{feff}{}", keyframes_csv(&map))
    );

    // A Markdown handout by its extension.
    let md = dir.join("handout.md");
    let args = ExportArgs {
        file: input.clone(),
        handout: Some(md.clone()),
        ..ExportArgs::default()
    };
    assert!(cli::export(&args, &mut Vec::new()));
    assert_eq!(
        std::fs::read_to_string(&md).unwrap(),
        handout_markdown(&map)
    );

    // Writing over the map itself is refused, and the map is left alone.
    let args = ExportArgs {
        file: input.clone(),
        csv: Some(dir.join(".").join("serbia.ron")),
        ..ExportArgs::default()
    };
    let mut out = Vec::new();
    assert!(!cli::export(&args, &mut out));
    assert!(String::from_utf8(out).unwrap().contains("would overwrite"));
    assert_eq!(stance_map::storage::load_path(&input).unwrap(), map);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_export_command_reports_a_broken_map_with_line_and_column() {
    let dir = temp_dir("broken");
    let input = dir.join("broken.ron");
    std::fs::write(&input, "(\n    format_version: 1,\n    title: oops,\n)\n").unwrap();
    let csv = dir.join("out.csv");
    let args = ExportArgs {
        file: input,
        csv: Some(csv.clone()),
        ..ExportArgs::default()
    };
    let mut out = Vec::new();
    assert!(!cli::export(&args, &mut out));
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("broken.ron: line 3, column"), "{out}");
    assert!(!csv.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The characters the one cleaner must mark in every export, as it does in the app: controls,
/// bidi controls, invisible format characters, tags and noncharacters.
const RISKY: &[char] = &[
    '\u{1B}',
    '\u{7}',
    '\u{85}',
    '\u{202E}',
    '\u{2067}',
    '\u{00AD}',
    '\u{200B}',
    '\u{2060}',
    '\u{2061}',
    '\u{2062}',
    '\u{2063}',
    '\u{2064}',
    '\u{206A}',
    '\u{206B}',
    '\u{206C}',
    '\u{206D}',
    '\u{206E}',
    '\u{206F}',
    '\u{FEFF}',
    '\u{FFF9}',
    '\u{FFFA}',
    '\u{FFFB}',
    '\u{FDD0}',
    '\u{FFFE}',
    '\u{FFFF}',
    '\u{1FFFF}',
    '\u{E0001}',
    '\u{E0041}',
    '\u{1D173}',
];

/// XML 1.0's `Char` production: what may appear in an XML document at all.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[test]
fn every_export_marks_what_the_app_marks() {
    let mut map = article_map().unwrap();
    // Spaced out, so that wrapping a long line never splits a marker.
    let hostile: String = RISKY
        .iter()
        .flat_map(|&c| [' ', 'x', c, 'y', ' '])
        .collect();
    map.title.push_str(&hostile);
    map.powers[0].name.push_str(&hostile);
    map.powers[0].track[0].reasoning.push_str(&hostile);
    map.powers[0].track[0].evidence[0].quote.push_str(&hostile);
    map.story[0].title.push_str(&hostile);
    let shown_in_app = display_safe(&hostile);
    let outputs = [
        ("Markdown", handout_markdown(&map)),
        ("HTML", handout_html(&map)),
        ("CSV", keyframes_csv(&map)),
        (
            "SVG",
            stance_map::slides::compass_svg(&map, Some(0), [1920, 1080]),
        ),
    ];
    for &c in RISKY {
        let marker = format!("x{{U+{:04X}}}y", u32::from(c));
        assert!(shown_in_app.contains(&marker), "the app shows {c:?} raw");
        for (format, out) in &outputs {
            assert!(!out.contains(c), "{format} carries {c:?} raw");
            assert!(out.contains(&marker), "{format} does not mark {c:?}");
        }
    }
}

#[test]
fn the_svg_is_xml_whatever_characters_the_map_holds() {
    let mut map = article_map().unwrap();
    let every: String = (0u32..0x3000)
        .chain(0xD7F0..0xE010)
        .chain(0xFDC0..=0xFFFF)
        .chain((1..=16).flat_map(|plane| [plane << 16 | 0xFFFE, plane << 16 | 0xFFFF]))
        .chain(0xE0000..=0xE0080)
        .filter_map(char::from_u32)
        .collect();
    map.title = every.clone();
    map.subject = every.clone();
    map.powers[0].name = every.clone();
    map.story[0].title = every.clone();
    map.story[0].caption = every;
    for step in [None, Some(0)] {
        let svg = stance_map::slides::compass_svg(&map, step, [1920, 1080]);
        let bad: Vec<String> = svg
            .chars()
            .filter(|c| !is_xml_char(*c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(bad.is_empty(), "not XML 1.0 characters: {bad:?}");
        assert!(svg.contains("{U+FFFE}") && svg.contains("{U+FFFF}"));
    }
}

fn corpus(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile_files")
        .join(name)
}

#[test]
fn check_prints_one_clean_line_per_file_however_hostile_its_text() {
    let files: Vec<std::path::PathBuf> = [
        "terminal_escapes_in_title.ron",
        "terminal_escapes_in_date.ron",
        "terminal_escapes_in_name.ron",
        "bidi_and_control_chars.ron",
    ]
    .into_iter()
    .map(corpus)
    .collect();
    let mut out = Vec::new();
    assert!(!cli::check(&files, &mut out));
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), files.len(), "one line a file:\n{out}");
    for line in &lines {
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() || text::needs_marker(c)),
            "{line:?}"
        );
    }
    let path = |i: usize| files[i].display().to_string();
    assert!(lines[0].starts_with(&format!("{}: ok", path(0))));
    assert!(lines[0].contains(": \"Hostile fake.ron: ok: \"Fake\": 9 powers{U+001B}"));
    assert!(
        lines[0].contains("{U+001B}]0;pwned{U+0007}{U+001B}[2J{U+001B}[H{U+009B}31m"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with(&format!("error: {}: line 30", path(1))));
    assert!(
        lines[1]
            .contains("\"{U+001B}[2J{U+001B}]0;pwned{U+0007} fake.ron: ok 2008\" is not a date")
    );
    assert!(lines[2].starts_with(&format!("error: {}: ", path(2))));
    assert!(
        lines[2].contains("E{U+001B}[2JU fake.ron: ok"),
        "{}",
        lines[2]
    );
    assert!(lines[3].starts_with(&format!("{}: ok", path(3))));
    assert!(lines[3].contains(": \"Invoice {U+202E}gnp.exe{U+202C}"));
}

/// A map whose keyframe stands before an event its evidence describes: China's year-only
/// "2022" keyframe quotes the passage the February 2022 invasion is dated by. The power's
/// name carries an escape, which must come out as a visible marker.
fn map_with_a_keyframe_before_its_event(keyframe_date: Date) -> StanceMap {
    let passage = "The Russian invasion of Ukraine in February 2022 has had a transformative \
                   impact on the dynamics of Serbia\u{2019}s ties abroad.";
    let evidence = |quote: &str| Evidence {
        quote: quote.to_owned(),
        source: SourceId("article".into()),
        locator: String::new(),
        dimension: Dimension::Political,
        role: stance_map::model::Role::Supports,
    };
    let mut map = StanceMap::empty();
    map.title = "Dated too early".into();
    map.sources.push(Source {
        id: SourceId("article".into()),
        author: "Author".into(),
        year: Some(2023),
        entry: "Author (2023).".into(),
        url: String::new(),
        accessed: String::new(),
    });
    map.powers.push(Power {
        id: PowerId("china".into()),
        name: "China\u{1b}[2J".into(),
        color: "#000000".into(),
        bearing_deg: 0.0,
        track: vec![Keyframe {
            unjudged: false,
            date: keyframe_date,
            strength: 0.6,
            confidence: Confidence::High,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: vec![evidence(passage)],
        }],
    });
    map.events.push(Event {
        date: Date::month(2022, 2),
        title: "Russia invades Ukraine".into(),
        powers: Vec::new(),
        note: String::new(),
        evidence: vec![evidence(&format!("  {passage}\n"))],
    });
    map
}

/// `check` prints a keyframe dated before an event its evidence describes as a warning under
/// the file's ok line, cleaned like every line; a warning does not fail the check.
#[test]
fn check_warns_of_a_keyframe_before_the_event_it_describes_and_still_succeeds() {
    let dir = temp_dir("date-warning");
    let early = dir.join("early.ron");
    save_path(
        &map_with_a_keyframe_before_its_event(Date::year(2022)),
        &early,
    )
    .unwrap();
    let mut out = Vec::new();
    assert!(cli::check(std::slice::from_ref(&early), &mut out));
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with(&format!("{}: ok", early.display())),
        "{out}"
    );
    assert_eq!(
        lines[1],
        "  warning: China{U+001B}[2J, 2022: the keyframe stands at January 2022, before the \
         event \u{201c}Russia invades Ukraine\u{201d} (February 2022) that its evidence \
         describes; date it 2022-02 or later."
    );

    // Dated at the event, the same map has nothing to warn of.
    let at_event = dir.join("at-event.ron");
    save_path(
        &map_with_a_keyframe_before_its_event(Date::month(2022, 2)),
        &at_event,
    )
    .unwrap();
    let mut out = Vec::new();
    assert!(cli::check(std::slice::from_ref(&at_event), &mut out));
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(!out.contains("  warning: "), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `check`, `fmt` and `export` refuse a FIFO, a folder or a device at once, naming it; none
/// of them waits for a writer that never comes, and nothing is written over them.
#[cfg(unix)]
#[test]
fn the_command_line_refuses_anything_but_a_regular_file_at_once() {
    use std::os::unix::fs::FileTypeExt as _;

    let dir = temp_dir("not-a-file");
    let fifo = dir.join("pipe.ron");
    common::make_fifo(&fifo);
    let folder = dir.join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let devices = [std::path::PathBuf::from("/dev/null"), "/dev/zero".into()];
    for path in [fifo.clone(), folder.clone()].into_iter().chain(devices) {
        let (p, csv) = (path.clone(), dir.join("out.csv"));
        let outcome = common::within(10, move || {
            let mut check = Vec::new();
            let checked = cli::check(std::slice::from_ref(&p), &mut check);
            let mut fmt = Vec::new();
            let formatted = cli::format(std::slice::from_ref(&p), &mut fmt);
            let mut export = Vec::new();
            let args = ExportArgs {
                file: p,
                csv: Some(csv),
                ..ExportArgs::default()
            };
            let exported = cli::export(&args, &mut export);
            [(checked, check), (formatted, fmt), (exported, export)]
        });
        let Some(outcome) = outcome else {
            panic!("{} made the command line hang", path.display());
        };
        for (ok, out) in outcome {
            let out = String::from_utf8(out).unwrap();
            assert!(!ok, "{out}");
            assert!(
                out.contains(&format!("{} is not a regular file", path.display())),
                "{out}"
            );
        }
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(folder.is_dir() && !dir.join("out.csv").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A file name that is not UTF-8 is a file name like any other: `check`, `fmt` and `export`
/// (with `--csv=NAME` joined too) work on it, and flags still parse.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_work_on_the_command_line() {
    use std::ffi::{OsStr, OsString};
    use std::os::unix::ffi::OsStringExt as _;

    let dir = temp_dir("not-utf8");
    let map = article_map().unwrap();
    let input = dir.join(OsString::from_vec(b"\xffserbia.ron".to_vec()));
    save_path(&map, &input).unwrap();
    let csv = dir.join(OsString::from_vec(b"\xfe keyframes.csv".to_vec()));
    let handout = dir.join(OsString::from_vec(b"\x80handout.md".to_vec()));
    let run = |args: &[&OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stance-map"))
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = run(&["check".as_ref(), input.as_os_str()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("serbia.ron: ok"), "{text}");
    let mut joined = OsString::from("--csv=");
    joined.push(&csv);
    let (code, text) = run(&[
        "export".as_ref(),
        input.as_os_str(),
        &joined,
        "--handout".as_ref(),
        handout.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        format!("\u{feff}{}", keyframes_csv(&map))
    );
    assert!(handout.is_file());
    let (code, text) = run(&["fmt".as_ref(), input.as_os_str()]);
    assert_eq!(code, Some(0), "{text}");
    // Flags still parse around such a name, and a bad one is still a usage error.
    // (The usage error quotes the argument, cleaned like all output.)
    let (code, text) = run(&[
        "export".as_ref(),
        input.as_os_str(),
        "--bogus\u{1b}[2J".as_ref(),
    ]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("unexpected argument '--bogus{U+001B}[2J' found"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The story's quotes that no keyframe or event cites: before the story was in the handouts,
/// these were missing from them.
fn story_only_quotes(map: &StanceMap) -> Vec<&Evidence> {
    let elsewhere: Vec<&str> = all_evidence(map).iter().map(|e| e.quote.as_str()).collect();
    map.story
        .iter()
        .flat_map(|s| s.quotes.iter())
        .filter(|q| !elsewhere.contains(&q.quote.as_str()))
        .collect()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = at(text, start);
    let rest = &text[from..];
    rest.find(end).map_or(rest, |to| &rest[..to])
}

/// The HTML handout tells the story: each step's title, date, caption, a compass figure drawn
/// by the slides' SVG renderer, and its quotes with citation and role, in story order; a
/// quote only a story step uses is in it.
#[test]
fn the_html_handout_tells_the_story_with_a_compass_per_step() {
    let mut map = article_map().unwrap();
    assert!(map.story.len() > 3, "the article's map has a story");
    // A quote that qualifies the step's point says so.
    map.story[1].quotes[0].role = Role::Qualifies;
    let only = story_only_quotes(&map);
    assert!(!only.is_empty(), "some quote is used only in the story");
    let html = handout_html(&map);
    let story = between(
        &html,
        "<h2>The story</h2>",
        "</section>\n<section class=\"power\">",
    );
    let steps: Vec<&str> = story.split("<section class=\"step\">").skip(1).collect();
    assert_eq!(steps.len(), map.story.len());
    for (i, (step, text)) in map.story.iter().zip(&steps).enumerate() {
        assert!(
            text.contains(&format!(
                "<h3>{}. {}</h3>",
                i + 1,
                html_escaped(&step.title)
            )),
            "step {}: {text}",
            i + 1
        );
        assert!(text.contains(&html_escaped(&step.date.to_string())));
        assert!(
            text.contains(&html_escaped(step.caption.trim())),
            "{}",
            step.caption
        );
        // The figure is the slides' compass at this step, inline.
        let figure = stance_map::slides::compass_figure_svg(
            &map,
            Some(i),
            stance_map::export::FIGURE_SIZE_PX,
        );
        assert!(text.contains(&figure), "step {}: no compass figure", i + 1);
        assert!(figure.starts_with("<svg ") && figure.contains("<g id=\"net-tilt\">"));
        for quote in &step.quotes {
            assert!(
                text.contains(&format!(
                    "<blockquote><p>{}</p></blockquote>",
                    html_escaped(&quote.quote)
                )),
                "{}",
                quote.quote
            );
            assert!(text.contains(&html_escaped(&map.citation(quote))));
        }
    }
    assert!(steps[1].contains("<figure class=\"qualifies\">") && steps[1].contains(", qualifies"));
    for quote in only {
        assert!(
            html.contains(&html_escaped(&quote.quote)),
            "{}",
            quote.quote
        );
    }
    // The figures draw no script and load nothing: the only links are the bibliography's
    // web addresses, which a reader follows by choice.
    let before_bibliography = &html[..html.find("<h2>Bibliography</h2>").unwrap()];
    assert!(!html.contains("<script") && !before_bibliography.contains("href=\"http"));
}

/// The Markdown handout tells the story in words (no figures): each step's title, date,
/// caption and quotes with their citation.
#[test]
fn the_markdown_handout_tells_the_story_in_words() {
    let map = article_map().unwrap();
    let md = handout_markdown(&map);
    let story = between(&md, "## The story", &format!("## {}", map.powers[0].name));
    assert!(!story.contains("<svg"));
    let mut last = 0;
    for (i, step) in map.story.iter().enumerate() {
        let heading = format!("### {}. {}", i + 1, step.title);
        let here = at(story, &heading);
        assert!(here >= last, "step {} is out of order", i + 1);
        last = here;
        let text = between(&story[here..], &heading, "\n### ");
        assert!(text.contains(&format!("*{}*", step.date)), "{text}");
        assert!(text.contains(step.caption.trim()), "{text}");
        for quote in &step.quotes {
            assert!(
                text.contains(&format!("> {}", quote.quote.trim())),
                "{}",
                quote.quote
            );
            assert!(text.contains(&map.citation(quote)));
        }
    }
    for quote in story_only_quotes(&map) {
        assert!(md.contains(quote.quote.trim()), "{}", quote.quote);
    }
}

// ---------------------------------------------------------------------------------------------
// Measured indicators in the outputs

const ISAC_URL: &str = "https://isac-fund.org/cfsp?y=2022&lang=en\"><script>x</script>";
const MEI_URL: &str = "https://www.mei.gov.rs/eng/";

/// A small map with one measured indicator beside the EU's judged line: the line climbs
/// 2021–22 while the measurement falls 14 points (a divergence), the 2022 value is uncertain
/// and its note starts like a spreadsheet formula, one source's address is hostile and one
/// source's address is not a web address at all (validation refuses it; the handout must not
/// link it either). A story step names the indicator.
fn indicator_map() -> StanceMap {
    let source = |id: &str, author: &str, url: &str, accessed: &str| Source {
        id: SourceId(id.into()),
        author: author.into(),
        year: Some(2022),
        entry: format!("{author} (2022). Report."),
        url: url.into(),
        accessed: accessed.into(),
    };
    let keyframe = |year: i32, strength: f64| Keyframe {
        unjudged: false,
        date: Date::year(year),
        strength,
        confidence: Confidence::Medium,
        interpolation: Interpolation::Linear,
        reasoning: "Judged from the speeches.".into(),
        evidence: Vec::new(),
    };
    let point = |year: i32, value: f64, note: &str, uncertain: bool| IndicatorPoint {
        date: Date::year(year),
        value,
        source: SourceId("isac".into()),
        note: note.into(),
        uncertain,
    };
    let mut map = StanceMap::empty();
    map.title = "Measured".into();
    map.sources = vec![
        source("isac", "ISAC Fund", ISAC_URL, ""),
        source("mei", "MEI", MEI_URL, "2024-03-01"),
        source("poll", "Pollster", "javascript:alert(1)", ""),
    ];
    map.powers.push(Power {
        id: PowerId("eu".into()),
        name: "EU".into(),
        color: "#0000ff".into(),
        bearing_deg: 0.0,
        track: vec![keyframe(2021, 0.30), keyframe(2022, 0.35)],
    });
    map.indicators.push(Indicator {
        id: IndicatorId("isac".into()),
        name: "ISAC alignment".into(),
        unit: "%".into(),
        power: PowerId("eu".into()),
        closer: Closer::Higher,
        low: 0.0,
        high: 100.0,
        method: "Share of EU declarations Serbia joined, by calendar year.".into(),
        points: vec![
            point(2021, 62.0, "of 65 declarations", false),
            point(2022, 48.0, "=HYPERLINK(\"http://evil\")", true),
        ],
    });
    let mut step: StoryStep =
        ron::from_str(r#"(date: "2022", title: "Apart", indicators: ["isac"])"#).unwrap();
    step.caption = "The line and the data part.".into();
    map.story.push(step);
    map
}

/// The same map as a file `check` and `export` accept: without the source whose address is
/// not a web address.
fn valid_indicator_map() -> StanceMap {
    let mut map = indicator_map();
    map.sources.retain(|s| s.id.0 != "poll");
    assert!(stance_map::model::validate(&map).is_empty());
    map
}

#[test]
fn the_markdown_handout_lists_the_measured_indicators_with_their_sources() {
    let md = handout_markdown(&indicator_map());
    let section = between(&md, "## Measured indicators", "## Bibliography");
    assert!(section.contains(MEASURED_NOTE), "{section}");
    for line in [
        "### ISAC alignment",
        "- Speaks to: EU",
        "- Unit: %; scale: 0–100%",
        "- Closer: a higher value means closer to EU",
        "- Method: Share of EU declarations Serbia joined, by calendar year.",
        "| Date | Value | Source | Note |",
        "| 2021 | 62% | ISAC Fund, 2022 | of 65 declarations |",
        // A note that starts like a Markdown block is escaped.
        "| 2022 | ⚠ 48% (uncertain) | ISAC Fund, 2022 | \\=HYPERLINK(\"http://evil\") |",
        "### Where judgement and data part",
        "- EU: judged +0.05, ISAC alignment −14 points, 2021–2022",
    ] {
        assert!(section.lines().any(|l| l == line), "{line:?} in\n{section}");
    }
    // The story step says which measurements it shows.
    let story = between(&md, "## The story", "## EU");
    assert!(story.contains("\nMeasured: ISAC alignment\n"), "{story}");
    // The bibliography gives each web address; only a plain web address becomes a link.
    let bibliography = &md[md.find("## Bibliography").unwrap()..];
    assert!(
        bibliography.contains(&format!(
            "- MEI (2022). Report. Online: <{MEI_URL}> (read on 2024-03-01)"
        )),
        "{bibliography}"
    );
    assert!(
        !bibliography.contains(&format!("<{ISAC_URL}>")),
        "{bibliography}"
    );
    // Every "<" of the hostile address is escaped, so no HTML starts.
    assert!(
        !bibliography.replace("\\<", "").contains("<script"),
        "{bibliography}"
    );
    assert!(
        bibliography.contains("Online: javascript:alert(1)\n"),
        "{bibliography}"
    );
    // A map without indicators has no such section.
    let mut plain = indicator_map();
    plain.indicators.clear();
    plain.story[0].indicators.clear();
    let md = handout_markdown(&plain);
    assert!(!md.contains("## Measured indicators"), "{md}");
    assert!(!md.contains("Measured: "), "{md}");
}

#[test]
fn the_html_handout_lists_the_indicators_and_links_only_web_addresses_escaped() {
    let html = handout_html(&indicator_map());
    let section = between(
        &html,
        "<h2>Measured indicators</h2>",
        "<h2>Bibliography</h2>",
    );
    assert!(section.contains(&html_escaped(MEASURED_NOTE)), "{section}");
    assert!(section.contains("<h3>ISAC alignment</h3>"), "{section}");
    assert!(
        section.contains("<li>Unit: %; scale: 0–100%</li>"),
        "{section}"
    );
    assert!(
        section.contains(
            "<tr><td>2021</td><td>62%</td><td>ISAC Fund, 2022</td><td>of 65 declarations</td></tr>"
        ),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            "<tr class=\"uncertain\"><td>2022</td><td>⚠ 48% (uncertain)</td><td>ISAC Fund, 2022</td><td>{}</td></tr>",
            html_escaped("=HYPERLINK(\"http://evil\")")
        )),
        "{section}"
    );
    assert!(
        section.contains("<li>EU: judged +0.05, ISAC alignment −14 points, 2021–2022</li>"),
        "{section}"
    );
    let story = between(&html, "<h2>The story</h2>", "<h2>EU</h2>");
    assert!(
        story.contains("<p class=\"meta\">Measured: ISAC alignment</p>"),
        "{story}"
    );
    let bibliography = &html[html.find("<h2>Bibliography</h2>").unwrap()..];
    assert!(
        bibliography.contains(&format!(
            "Online: <a href=\"{MEI_URL}\" rel=\"noopener noreferrer\">{MEI_URL}</a> (read on 2024-03-01)"
        )),
        "{bibliography}"
    );
    // The hostile address is a link whose every quote and bracket is escaped.
    let escaped = html_escaped(ISAC_URL);
    assert!(
        bibliography.contains(&format!(
            "<a href=\"{escaped}\" rel=\"noopener noreferrer\">{escaped}</a>"
        )),
        "{bibliography}"
    );
    assert!(!html.contains("<script>"), "no markup from the map");
    // An address that is not a web address is text, never a link.
    assert!(
        bibliography.contains("Online: javascript:alert(1)"),
        "{bibliography}"
    );
    assert!(!html.contains("href=\"javascript"), "{bibliography}");
}

#[test]
fn the_indicators_csv_has_one_row_per_measurement_with_its_source_and_defused_text() {
    let map = indicator_map();
    let csv = indicators_csv(&map);
    let records = parse_csv(&csv);
    assert_eq!(
        csv.lines().next().unwrap(),
        "indicator_id,indicator,power_id,power,unit,date,year_fraction,value,uncertain,note,source_id,citation,url"
    );
    assert_eq!(csv.lines().next().unwrap(), INDICATORS_CSV_HEADER);
    assert_eq!(records.len(), 3, "{csv}");
    assert_eq!(
        records[1],
        [
            "isac",
            "ISAC alignment",
            "eu",
            "EU",
            "%",
            "2021",
            "2021",
            "62",
            "no",
            "of 65 declarations",
            "isac",
            "ISAC Fund, 2022",
            ISAC_URL
        ]
    );
    assert_eq!(records[2][8], "yes");
    assert_eq!(records[2][7], "48");
    // A note that starts like a formula is defused, as in the keyframes table.
    assert_eq!(records[2][9], "'=HYPERLINK(\"http://evil\")");
    // The keyframes table is as it was.
    assert!(keyframes_csv(&map).starts_with(&format!("{CSV_HEADER}\n")));
    // A map without indicators has the header alone.
    assert_eq!(
        indicators_csv(&StanceMap::empty()),
        format!("{INDICATORS_CSV_HEADER}\n")
    );
}

#[test]
fn the_export_command_writes_the_indicators_csv() {
    let map = valid_indicator_map();
    let dir = temp_dir("indicators-csv");
    let input = dir.join("measured.ron");
    save_path(&map, &input).unwrap();
    let out_csv = dir.join("indicators.csv");
    let command_line: Vec<String> = [
        "export",
        input.to_str().unwrap(),
        "--indicators-csv",
        out_csv.to_str().unwrap(),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let Ok(Command::Export(args)) = cli::parse_args(&command_line) else {
        panic!("export did not parse");
    };
    let mut out = Vec::new();
    assert!(cli::export(&args, &mut out));
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("indicators.csv: wrote the measured indicators table (CSV), 2 values"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&out_csv).unwrap(),
        format!("\u{feff}{}", indicators_csv(&map))
    );
    let Ok(Command::Help(help)) = cli::parse_args(&["export", "--help"]) else {
        panic!("export --help did not parse");
    };
    assert!(help.contains("--indicators-csv <OUT.csv>"), "{help}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_counts_the_measured_indicators_and_refuses_a_bad_one_with_line_and_column() {
    let dir = temp_dir("check-indicators");
    let good = dir.join("good.ron");
    save_path(&valid_indicator_map(), &good).unwrap();
    let mut out = Vec::new();
    assert!(cli::check(std::slice::from_ref(&good), &mut out));
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(", 1 measured indicator, 2 points (1 uncertain), "),
        "{out}"
    );

    // A measurement citing a source the map does not have.
    let mut bad_map = valid_indicator_map();
    bad_map.indicators[0].points[1].source = SourceId("nowhere".into());
    let text = stance_map::storage::to_ron_string(&bad_map);
    let line = text
        .lines()
        .position(|l| l.contains("\"nowhere\""))
        .unwrap()
        + 1;
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, &text).unwrap();
    let mut out = Vec::new();
    assert!(!cli::check(std::slice::from_ref(&bad), &mut out));
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("error: "), "{out}");
    assert!(
        out.contains(&format!("bad.ron: line {line}, column ")),
        "{out}"
    );
    assert!(out.contains("nowhere"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}
