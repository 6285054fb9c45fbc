//! Exports for people without the app: an evidence handout (Markdown or printable HTML), a
//! CSV of every keyframe with its evidence and a CSV of every measured value, for a
//! spreadsheet.
//!
//! A map file may come from a stranger, so every piece of its text is treated as hostile: it is
//! first cleaned by [`display_safe`], the one cleaner the app, the command line and the slides
//! use too, which makes control, bidi and invisible characters visible; each format then
//! escapes what is significant to it, so a map can neither inject Markdown or HTML structure
//! into a handout nor a formula into a spreadsheet. Everything here is a pure function of the
//! map except the two thin `write_*` helpers, which save through
//! [`storage::write_atomically`](crate::storage::write_atomically).

use std::fmt::Write as _;
use std::path::Path;

use crate::model::band::compass_legend;
use crate::model::class::{Class, Spread};
use crate::model::indicators::{DEFAULT_DIVERGENCE_THRESHOLD, divergences};
use crate::model::{
    Closer, Event, Evidence, Indicator, IndicatorPoint, Interpolation, Keyframe, Power, Role,
    Source, StanceMap, StoryStep, display_safe, format_strength_handout, is_web_address,
};
use crate::slides::compass_figure_svg;
use crate::storage::{StorageError, write_atomically};

/// The note every handout carries, because a strength is easily mistaken for a measurement.
pub const JUDGEMENT_NOTE: &str = "Every strength in this handout is the analyst's judgement of the evidence quoted under it, on a scale from −1 (opposed) through 0 (neutral) to +1 (fully aligned); it is not a measurement.";

/// What a handout says for a keyframe that cites nothing.
pub const NO_EVIDENCE: &str = "No evidence: this value is a claim without support.";

/// What a handout says for a keyframe whose quotes only qualify or contradict its value.
pub const NO_SUPPORT: &str =
    "No quote supports this value: its evidence only qualifies or contradicts it.";

/// The word after a keyframe's date in a handout heading when quotes point against its value.
pub const CONTESTED: &str = "contested";

/// The header row of [`keyframes_csv`].
pub const CSV_HEADER: &str = "power_id,power,date,year_fraction,strength,confidence,interpolation,reasoning,quote,citation,source_id,locator,dimension,role";

/// The header row of [`indicators_csv`].
pub const INDICATORS_CSV_HEADER: &str = "indicator_id,indicator,power_id,power,unit,date,year_fraction,value,uncertain,note,source_id,citation,url";

/// The reminder above the measured indicators in a handout, so a measurement is never read as
/// part of the judgement or the other way round.
pub const MEASURED_NOTE: &str = "These are measurements, each as its source gives it, shown beside the analyst's judged values; they are not merged into them.";

/// The mark before an uncertain measured value, with the word "(uncertain)" after it.
pub const UNCERTAIN_MARK: &str = "⚠";

/// The size of each step's compass figure in the HTML handout, in pixels (CSS scales it): a
/// little wider than tall, as the names at the sides need.
pub const FIGURE_SIZE_PX: [u32; 2] = [480, 400];
/// The net tilt's trail the figures draw, in years (as the slides draw it).
const FIGURE_TRAIL_YEARS: f64 = 5.0;

/// The format of a handout file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandoutFormat {
    /// Markdown text.
    Markdown,
    /// A standalone, printable HTML page.
    Html,
}

impl HandoutFormat {
    /// The format a file name asks for: `.html` or `.htm` (any case) is HTML, anything else
    /// Markdown.
    pub fn for_path(path: &Path) -> Self {
        let is_html = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if is_html { Self::Html } else { Self::Markdown }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Markdown => "Markdown",
            Self::Html => "HTML",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text shared by every format

fn interpolation_label(interpolation: Interpolation) -> &'static str {
    match interpolation {
        Interpolation::Linear => "linear",
        Interpolation::Hold => "hold",
    }
}

const HOLD_NOTE: &str = "hold (the value stays until the next keyframe)";

/// A keyframe's heading: its date, and "(contested)" when quotes point against its value.
fn keyframe_heading(keyframe: &Keyframe) -> String {
    if keyframe.is_contested() {
        format!("{} ({CONTESTED})", keyframe.date)
    } else {
        keyframe.date.to_string()
    }
}

/// "Contested: 2 quotes point against this value.", for a contested keyframe.
fn contested_line(keyframe: &Keyframe) -> Option<String> {
    let against = keyframe
        .evidence
        .iter()
        .filter(|e| e.role == Role::Contradicts)
        .count();
    match against {
        0 => None,
        1 => Some("Contested: 1 quote points against this value.".to_owned()),
        n => Some(format!("Contested: {n} quotes point against this value.")),
    }
}

/// A keyframe's quotes grouped by role, in [`Role::ALL`] order, leaving out empty groups; each
/// group keeps the quotes' order in the map.
fn quotes_by_role(keyframe: &Keyframe) -> Vec<(Role, Vec<&Evidence>)> {
    Role::ALL
        .into_iter()
        .map(|role| {
            let group: Vec<&Evidence> = keyframe
                .evidence
                .iter()
                .filter(|e| e.role == role)
                .collect();
            (role, group)
        })
        .filter(|(_, group)| !group.is_empty())
        .collect()
}

/// What a quote's caption says of its role after the dimension: nothing for a quote that
/// supports, ", counter-evidence" or ", qualifies" otherwise, so a quote copied on its own
/// still says how it bears on the value.
fn role_note(role: Role) -> &'static str {
    match role {
        Role::Supports => "",
        Role::Qualifies => ", qualifies",
        Role::Contradicts => ", counter-evidence",
    }
}

/// A track's keyframes in date order; a stable sort, so a map that is already in order (as
/// every validated map is) keeps its order exactly.
fn keyframes_by_date(power: &Power) -> Vec<&Keyframe> {
    let mut keyframes: Vec<&Keyframe> = power.track.iter().collect();
    keyframes.sort_by(|a, b| a.date.to_year_f64().total_cmp(&b.date.to_year_f64()));
    keyframes
}

fn events_by_date(map: &StanceMap) -> Vec<&Event> {
    let mut events: Vec<&Event> = map.events.iter().collect();
    events.sort_by(|a, b| a.date.to_year_f64().total_cmp(&b.date.to_year_f64()));
    events
}

/// The bibliography entries, alphabetically (ignoring case), each with its source; a source
/// without an entry is listed by its citation so that no source goes missing.
fn bibliography(map: &StanceMap) -> Vec<(String, &Source)> {
    let mut entries: Vec<(String, &Source)> = map
        .sources
        .iter()
        .map(|s| {
            let entry = if s.entry.trim().is_empty() {
                s.citation("")
            } else {
                s.entry.clone()
            };
            (entry, s)
        })
        .collect();
    entries.sort_by(|(a, _), (b, _)| {
        a.to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b))
    });
    entries
}

/// "read on 2024-03-01", said in brackets after a web address when the source says when.
fn accessed_note(source: &Source) -> Option<String> {
    let accessed = source.accessed.trim();
    (!accessed.is_empty()).then(|| format!("read on {accessed}"))
}

/// The citation of a measured value's source, "ISAC Fund, 2022", or its id when the map has
/// no such source.
fn point_citation(map: &StanceMap, point: &IndicatorPoint) -> String {
    map.source(&point.source)
        .map_or_else(|| point.source.0.clone(), |s| s.citation(""))
}

/// A measured value as the handout gives it: "62%", or "⚠ 48% (uncertain)".
fn point_value(indicator: &Indicator, point: &IndicatorPoint) -> String {
    let value = indicator.format_value(point);
    if point.uncertain {
        format!("{UNCERTAIN_MARK} {value}")
    } else {
        value
    }
}

/// Which way is closer, in words: "a higher value means closer to EU".
fn closer_words(indicator: &Indicator, power: &str) -> String {
    let way = match indicator.closer {
        Closer::Higher => "higher",
        Closer::Lower => "lower",
    };
    format!("a {way} value means closer to {power}")
}

/// The name of the power an indicator speaks to, or its id when the map has no such power.
fn indicator_power_name(map: &StanceMap, indicator: &Indicator) -> String {
    map.power(&indicator.power)
        .map_or_else(|| indicator.power.0.clone(), |p| p.name.clone())
}

/// The names of the indicators a story step shows, in the step's order (an id the map does not
/// have is given as it is).
fn step_indicator_names(map: &StanceMap, step: &StoryStep) -> Vec<String> {
    step.indicators
        .iter()
        .map(|id| {
            map.indicator(id)
                .map_or_else(|| id.0.clone(), |i| i.name.clone())
        })
        .collect()
}

/// Where the judged lines and the measurements part, at the default threshold, in words:
/// "EU: judged +0.05, ISAC alignment −14 points, 2021–2022".
fn divergence_lines(map: &StanceMap) -> Vec<String> {
    divergences(map, DEFAULT_DIVERGENCE_THRESHOLD)
        .iter()
        .map(|d| {
            let power = map
                .power(&d.power)
                .map_or_else(|| d.power.0.clone(), |p| p.name.clone());
            format!("{power}: {}", d.describe(map))
        })
        .collect()
}

/// The names of the powers an event concerns, in the event's order.
fn event_power_names(map: &StanceMap, event: &Event) -> Vec<String> {
    event
        .powers
        .iter()
        .map(|id| {
            map.power(id)
                .map_or_else(|| id.0.clone(), |p| p.name.clone())
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Escape one line of cleaned text for Markdown: characters that start inline structure
/// (code, emphasis, HTML, entities, links, tables) anywhere, and block structure (headings,
/// quotes, lists, setext underlines, link definitions, indented code) at the start.
fn md_escape_line(line: &str) -> String {
    // Leading spaces or tabs would make an indented code block or a nested list.
    let line = line.trim_start_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len() + 8);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '~' | '|' | '<' | '#' => true,
            // `&amp;`, `&#x202E;`: an entity could smuggle in any character.
            '&' => chars
                .peek()
                .is_some_and(|n| *n == '#' || n.is_ascii_alphanumeric()),
            // `[text](url)`, `[text][ref]`, `![image](url)`: a link or image needs `](` or `][`.
            ']' => chars.peek().is_some_and(|n| matches!(n, '(' | '[' | ':')),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    md_escape_line_start(out)
}

/// Escape what would start a block: `>`, `-`, `+`, `=`, `[` (a link definition) as the first
/// character, and `1.` or `1)` (an ordered list).
fn md_escape_line_start(line: String) -> String {
    if line.starts_with(['>', '-', '+', '=', '[']) {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line
}

/// Map text on one line (a heading, a list item): newlines and tabs become spaces.
fn md_single_line(text: &str) -> String {
    let clean = display_safe(text);
    let joined = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    md_escape_line(&joined)
}

/// Map text as paragraphs, each line after the first starting with `prefix` (`"> "` inside a
/// blockquote, `""` otherwise). A blank line starts a new paragraph, as the author meant.
fn md_block(text: &str, prefix: &str) -> String {
    let clean = display_safe(text);
    let lines: Vec<String> = clean.trim().lines().map(md_escape_line).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            // A blank line inside a blockquote is a bare `>`.
            out.push_str(if line.is_empty() {
                prefix.trim_end()
            } else {
                prefix
            });
        }
        out.push_str(line);
    }
    out
}

fn md_evidence(out: &mut String, map: &StanceMap, evidence: &Evidence) {
    let _ = writeln!(out, "> {}", md_block(&evidence.quote, "> "));
    let _ = writeln!(
        out,
        ">\n> — ({}), {}{}\n",
        md_single_line(&map.citation(evidence)),
        evidence.dimension.label(),
        role_note(evidence.role)
    );
}

/// The evidence handout as Markdown: the map's title, subject, analyst and description, a note that
/// strengths are judgements; for each power every keyframe in date order with its strength,
/// confidence, the analyst's reasoning and its quotes grouped by role (supporting, qualifying,
/// counter-evidence; a contested keyframe says so in its heading), each a blockquote with its
/// citation and dimension; the events with their quotes; the measured indicators, each with a
/// table of its values and their sources (uncertain ones marked ⚠), and where they part from
/// the judged lines; and the bibliography, alphabetically, with each source's web address.
/// All map text is cleaned by [`display_safe`] and escaped, so a hostile map cannot add structure.
pub fn handout_markdown(map: &StanceMap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_single_line(&map.title));
    let _ = writeln!(out, "**Subject:** {}\n", md_single_line(&map.subject));
    if !map.analyst.trim().is_empty() {
        let _ = writeln!(out, "**Analyst:** {}\n", md_single_line(&map.analyst));
    }
    if !map.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", md_block(&map.description, ""));
    }
    let _ = writeln!(out, "*{JUDGEMENT_NOTE}*\n");

    if !map.story.is_empty() {
        let _ = writeln!(out, "## The story\n");
        for (index, step) in map.story.iter().enumerate() {
            md_step(&mut out, map, index, step);
        }
    }

    for power in &map.powers {
        let name = md_single_line(&power.name);
        let _ = writeln!(
            out,
            "## {}\n",
            if name.is_empty() {
                "(unnamed power)"
            } else {
                &name
            }
        );
        if power.track.is_empty() {
            let _ = writeln!(out, "No keyframes.\n");
        }
        for keyframe in keyframes_by_date(power) {
            md_keyframe(&mut out, map, keyframe);
        }
    }

    if !map.events.is_empty() {
        let _ = writeln!(out, "## Events\n");
        for event in events_by_date(map) {
            md_event(&mut out, map, event);
        }
    }

    if !map.indicators.is_empty() {
        md_indicators(&mut out, map);
    }

    let _ = writeln!(out, "## Bibliography\n");
    for (entry, source) in bibliography(map) {
        let _ = write!(out, "- {}", md_single_line(&entry));
        if !source.url.trim().is_empty() {
            let _ = write!(out, " Online: {}", md_url(&source.url));
            if let Some(note) = accessed_note(source) {
                let _ = write!(out, " ({})", md_single_line(&note));
            }
        }
        out.push('\n');
    }
    out
}

/// A web address in Markdown: an autolink `<https://…>` when it is a web address that
/// validation accepts and needs no escaping, otherwise escaped text that links nowhere.
fn md_url(url: &str) -> String {
    let url = url.trim();
    let plain = is_web_address(url)
        && display_safe(url) == url
        && !url.contains(['<', '>', '`', '\\', '&']);
    if plain {
        format!("<{url}>")
    } else {
        md_single_line(url)
    }
}

/// The measured indicators: the reminder that they are measurements, then each with its power,
/// unit and scale, direction and method, and a table of its points with their sources; then
/// where they part from the judged lines.
fn md_indicators(out: &mut String, map: &StanceMap) {
    let _ = writeln!(out, "## Measured indicators\n");
    let _ = writeln!(out, "*{MEASURED_NOTE}*\n");
    for indicator in &map.indicators {
        let power = indicator_power_name(map, indicator);
        let _ = writeln!(out, "### {}\n", md_single_line(&indicator.name));
        let _ = writeln!(out, "- Speaks to: {}", md_single_line(&power));
        let unit = if indicator.unit.trim().is_empty() {
            "none".to_owned()
        } else {
            md_single_line(&indicator.unit)
        };
        let _ = writeln!(
            out,
            "- Unit: {unit}; scale: {}",
            md_single_line(&indicator.scale_label())
        );
        let _ = writeln!(
            out,
            "- Closer: {}",
            md_single_line(&closer_words(indicator, &power))
        );
        if !indicator.method.trim().is_empty() {
            let _ = writeln!(out, "- Method: {}", md_single_line(&indicator.method));
        }
        out.push('\n');
        if indicator.points.is_empty() {
            let _ = writeln!(out, "No measurements.\n");
            continue;
        }
        let _ = writeln!(out, "| Date | Value | Source | Note |\n|---|---|---|---|");
        for point in &indicator.points {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                point.date,
                md_single_line(&point_value(indicator, point)),
                md_single_line(&point_citation(map, point)),
                md_single_line(&point.note)
            );
        }
        out.push('\n');
    }
    let parts = divergence_lines(map);
    if !parts.is_empty() {
        let _ = writeln!(out, "### Where judgement and data part\n");
        for line in parts {
            let _ = writeln!(out, "- {}", md_single_line(&line));
        }
        out.push('\n');
    }
}

/// The heading of story step `index`: "3. The title".
fn step_heading(index: usize, title: &str, single_line: impl Fn(&str) -> String) -> String {
    let title = single_line(title);
    if title.is_empty() {
        format!("{}. (untitled step)", index + 1)
    } else {
        format!("{}. {title}", index + 1)
    }
}

fn md_step(out: &mut String, map: &StanceMap, index: usize, step: &StoryStep) {
    let _ = writeln!(
        out,
        "### {}\n",
        step_heading(index, &step.title, md_single_line)
    );
    let _ = writeln!(out, "*{}*\n", step.date);
    if !step.caption.trim().is_empty() {
        let _ = writeln!(out, "{}\n", md_block(&step.caption, ""));
    }
    let measured = step_indicator_names(map, step);
    if !measured.is_empty() {
        let names: Vec<String> = measured.iter().map(|n| md_single_line(n)).collect();
        let _ = writeln!(out, "Measured: {}\n", names.join(", "));
    }
    for evidence in &step.quotes {
        md_evidence(out, map, evidence);
    }
}

/// A keyframe's strength and confidence as a handout prints them; "not yet judged" for both
/// while an exercise's keyframe is still to judge (its stored strength means nothing yet).
fn handout_judgement(keyframe: &Keyframe) -> (String, &'static str) {
    if keyframe.unjudged {
        let words = crate::model::exercise::NOT_YET_JUDGED;
        (words.to_owned(), words)
    } else {
        (
            format_strength_handout(keyframe.strength),
            keyframe.confidence.label(),
        )
    }
}

fn md_keyframe(out: &mut String, map: &StanceMap, keyframe: &Keyframe) {
    let _ = writeln!(out, "### {}\n", keyframe_heading(keyframe));
    let (strength, confidence) = handout_judgement(keyframe);
    let _ = writeln!(out, "- Strength: {strength}");
    let _ = writeln!(out, "- Confidence: {confidence}");
    if keyframe.interpolation == Interpolation::Hold {
        let _ = writeln!(out, "- Interpolation: {HOLD_NOTE}");
    }
    out.push('\n');
    let reasoning = if keyframe.reasoning.trim().is_empty() {
        "none given.".to_owned()
    } else {
        md_block(&keyframe.reasoning, "")
    };
    let _ = writeln!(out, "**Analyst's judgement:** {reasoning}\n");
    if keyframe.evidence.is_empty() {
        let _ = writeln!(out, "**{NO_EVIDENCE}**\n");
    } else if keyframe.is_unsupported() {
        let _ = writeln!(out, "**{NO_SUPPORT}**\n");
    }
    if let Some(line) = contested_line(keyframe) {
        let _ = writeln!(out, "**{line}**\n");
    }
    for (role, group) in quotes_by_role(keyframe) {
        let _ = writeln!(out, "#### {}\n", role.heading());
        for evidence in group {
            md_evidence(out, map, evidence);
        }
    }
}

fn md_event(out: &mut String, map: &StanceMap, event: &Event) {
    let _ = writeln!(
        out,
        "### {}: {}\n",
        event.date,
        md_single_line(&event.title)
    );
    let powers = event_power_names(map, event);
    if !powers.is_empty() {
        let names: Vec<String> = powers.iter().map(|n| md_single_line(n)).collect();
        let _ = writeln!(out, "Concerns: {}\n", names.join(", "));
    }
    if !event.note.trim().is_empty() {
        let _ = writeln!(out, "**Analyst's note:** {}\n", md_block(&event.note, ""));
    }
    for evidence in &event.evidence {
        md_evidence(out, map, evidence);
    }
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Escape cleaned text for HTML text and attribute values: `& < > " '`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Map text for HTML on one line.
fn html_single_line(text: &str) -> String {
    let clean = display_safe(text);
    escape_html(&clean.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Map text for HTML, keeping its line breaks.
fn html_block(text: &str) -> String {
    display_safe(text)
        .trim()
        .lines()
        .map(escape_html)
        .collect::<Vec<_>>()
        .join("<br>\n")
}

const HTML_STYLE: &str = "\
body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.45; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #999; padding-bottom: 0.1em; margin-top: 2em; }
h3 { margin-bottom: 0.3em; }
.note { font-style: italic; border: 1px solid #bbb; padding: 0.5em 0.8em; }
.meta { margin: 0.2em 0; }
.missing { font-weight: bold; color: #8a1c1c; }
figure { margin: 0.8em 0 0.8em 0; }
blockquote { margin: 0; padding: 0.2em 0 0.2em 1em; border-left: 4px solid #888; }
figcaption { margin: 0.2em 0 0 1.3em; font-size: 0.92em; color: #333; }
h4 { margin: 0.8em 0 0.2em 0; }
.contested { color: #8a1c1c; }
figure.contradicts blockquote { border-left: 4px double #8a1c1c; }
figure.qualifies blockquote { border-left-style: dashed; }
section.keyframe, section.event { break-inside: avoid; page-break-inside: avoid; }
section.step { border-top: 1px solid #ccc; margin-top: 1.5em; }
figure.compass { margin: 0.6em 0; }
figure.compass svg { display: block; width: 100%; max-width: 24em; height: auto; }
figure.compass figcaption { margin: 0.2em 0 0 0; }
ul.legend { font-size: 0.92em; color: #333; }
table { border-collapse: collapse; margin: 0.4em 0 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.15em 0.5em; text-align: left; vertical-align: top; }
tr.uncertain td { font-style: italic; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
";

fn html_evidence(out: &mut String, map: &StanceMap, evidence: &Evidence) {
    let _ = writeln!(
        out,
        "<figure class=\"{}\">\n<blockquote><p>{}</p></blockquote>\n<figcaption>— ({}), {}{}</figcaption>\n</figure>",
        evidence.role.label(),
        html_block(&evidence.quote),
        html_single_line(&map.citation(evidence)),
        escape_html(evidence.dimension.label()),
        role_note(evidence.role)
    );
}

/// The evidence handout as a standalone, printable HTML page with the same content as
/// [`handout_markdown`]: UTF-8, inline CSS, quotes in `<blockquote>`, every piece of map text
/// cleaned by [`display_safe`] and HTML-escaped. A content security policy forbids scripts and remote loads, as
/// a second line of defence.
pub fn handout_html(map: &StanceMap) -> String {
    let mut out = String::new();
    let title = html_single_line(&map.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{HTML_STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(out, "<h1>{title}</h1>");
    let _ = writeln!(
        out,
        "<p><strong>Subject:</strong> {}</p>",
        html_single_line(&map.subject)
    );
    if !map.analyst.trim().is_empty() {
        let _ = writeln!(
            out,
            "<p><strong>Analyst:</strong> {}</p>",
            html_single_line(&map.analyst)
        );
    }
    if !map.description.trim().is_empty() {
        let _ = writeln!(out, "<p>{}</p>", html_block(&map.description));
    }
    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape_html(JUDGEMENT_NOTE));

    if !map.story.is_empty() {
        html_story(&mut out, map);
    }

    for power in &map.powers {
        let name = html_single_line(&power.name);
        let _ = writeln!(
            out,
            "<section class=\"power\">\n<h2>{}</h2>",
            if name.is_empty() {
                "(unnamed power)"
            } else {
                &name
            }
        );
        if power.track.is_empty() {
            let _ = writeln!(out, "<p>No keyframes.</p>");
        }
        for keyframe in keyframes_by_date(power) {
            html_keyframe(&mut out, map, keyframe);
        }
        let _ = writeln!(out, "</section>");
    }

    if !map.events.is_empty() {
        let _ = writeln!(out, "<section class=\"events\">\n<h2>Events</h2>");
        for event in events_by_date(map) {
            html_event(&mut out, map, event);
        }
        let _ = writeln!(out, "</section>");
    }

    if !map.indicators.is_empty() {
        html_indicators(&mut out, map);
    }

    let _ = writeln!(
        out,
        "<section class=\"bibliography\">\n<h2>Bibliography</h2>\n<ul>"
    );
    for (entry, source) in bibliography(map) {
        let _ = write!(out, "<li>{}", html_single_line(&entry));
        if !source.url.trim().is_empty() {
            let _ = write!(out, " Online: {}", html_url(&source.url));
            if let Some(note) = accessed_note(source) {
                let _ = write!(out, " ({})", html_single_line(&note));
            }
        }
        let _ = writeln!(out, "</li>");
    }
    let _ = write!(out, "</ul>\n</section>\n</body>\n</html>\n");
    out
}

/// A web address in HTML: a link only when it is a web address validation accepts (http or
/// https, no spaces or controls), its text and its `href` cleaned and escaped; anything else
/// is escaped text that links nowhere.
fn html_url(url: &str) -> String {
    let url = url.trim();
    let text = html_single_line(url);
    if is_web_address(url) {
        format!("<a href=\"{text}\" rel=\"noopener noreferrer\">{text}</a>")
    } else {
        text
    }
}

/// The measured indicators, as [`md_indicators`] gives them, in HTML.
fn html_indicators(out: &mut String, map: &StanceMap) {
    let _ = writeln!(
        out,
        "<section class=\"indicators\">\n<h2>Measured indicators</h2>\n<p class=\"note\">{}</p>",
        escape_html(MEASURED_NOTE)
    );
    for indicator in &map.indicators {
        let power = indicator_power_name(map, indicator);
        let _ = writeln!(
            out,
            "<section class=\"indicator\">\n<h3>{}</h3>\n<ul>",
            html_single_line(&indicator.name)
        );
        let _ = writeln!(out, "<li>Speaks to: {}</li>", html_single_line(&power));
        let unit = if indicator.unit.trim().is_empty() {
            "none".to_owned()
        } else {
            html_single_line(&indicator.unit)
        };
        let _ = writeln!(
            out,
            "<li>Unit: {unit}; scale: {}</li>",
            html_single_line(&indicator.scale_label())
        );
        let _ = writeln!(
            out,
            "<li>Closer: {}</li>",
            html_single_line(&closer_words(indicator, &power))
        );
        if !indicator.method.trim().is_empty() {
            let _ = writeln!(
                out,
                "<li>Method: {}</li>",
                html_single_line(&indicator.method)
            );
        }
        let _ = writeln!(out, "</ul>");
        if indicator.points.is_empty() {
            let _ = writeln!(out, "<p>No measurements.</p>\n</section>");
            continue;
        }
        let _ = writeln!(
            out,
            "<table>\n<thead><tr><th>Date</th><th>Value</th><th>Source</th><th>Note</th></tr></thead>\n<tbody>"
        );
        for point in &indicator.points {
            let class = if point.uncertain {
                " class=\"uncertain\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape_html(&point.date.to_string()),
                html_single_line(&point_value(indicator, point)),
                html_single_line(&point_citation(map, point)),
                html_single_line(&point.note)
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>\n</section>");
    }
    let parts = divergence_lines(map);
    if !parts.is_empty() {
        let _ = writeln!(out, "<h3>Where judgement and data part</h3>\n<ul>");
        for line in parts {
            let _ = writeln!(out, "<li>{}</li>", html_single_line(&line));
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</section>");
}

/// The story: how to read the figures (the compass legend, once), then each step with its
/// date, a figure of the compass at that step, its caption and its quotes.
fn html_story(out: &mut String, map: &StanceMap) {
    let _ = writeln!(out, "<section class=\"story\">\n<h2>The story</h2>");
    let contested = map.story.iter().any(|step| {
        let year = step.date.to_year_f64();
        map.powers
            .iter()
            .any(|p| p.keyframe_at(year).is_some_and(Keyframe::is_contested))
    });
    let _ = writeln!(
        out,
        "<p class=\"meta\">Each figure shows the compass at the step&#39;s date:</p>\n<ul class=\"legend\">"
    );
    for line in compass_legend(FIGURE_TRAIL_YEARS, false, contested) {
        let _ = writeln!(out, "<li>{}</li>", escape_html(&line));
    }
    let _ = writeln!(out, "</ul>");
    for (index, step) in map.story.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"step\">\n<h3>{}</h3>\n<p class=\"meta\"><strong>{}</strong></p>",
            step_heading(index, &step.title, html_single_line),
            escape_html(&step.date.to_string())
        );
        let _ = writeln!(
            out,
            "<figure class=\"compass\">\n{}<figcaption>The compass in {}: the analyst&#39;s judgement of each power.</figcaption>\n</figure>",
            compass_figure_svg(map, Some(index), FIGURE_SIZE_PX),
            escape_html(&step.date.to_string())
        );
        if !step.caption.trim().is_empty() {
            let _ = writeln!(out, "<p>{}</p>", html_block(&step.caption));
        }
        let measured = step_indicator_names(map, step);
        if !measured.is_empty() {
            let names: Vec<String> = measured.iter().map(|n| html_single_line(n)).collect();
            let _ = writeln!(out, "<p class=\"meta\">Measured: {}</p>", names.join(", "));
        }
        for evidence in &step.quotes {
            html_evidence(out, map, evidence);
        }
        let _ = writeln!(out, "</section>");
    }
    let _ = writeln!(out, "</section>");
}

fn html_keyframe(out: &mut String, map: &StanceMap, keyframe: &Keyframe) {
    let contested = if keyframe.is_contested() {
        format!(" <span class=\"contested\">({CONTESTED})</span>")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<section class=\"keyframe\">\n<h3>{}{contested}</h3>",
        escape_html(&keyframe.date.to_string())
    );
    let (strength, confidence) = handout_judgement(keyframe);
    let _ = write!(
        out,
        "<p class=\"meta\">Strength: <strong>{strength}</strong> · confidence: {confidence}"
    );
    if keyframe.interpolation == Interpolation::Hold {
        let _ = write!(out, " · interpolation: {}", escape_html(HOLD_NOTE));
    }
    let _ = writeln!(out, "</p>");
    let reasoning = if keyframe.reasoning.trim().is_empty() {
        "none given.".to_owned()
    } else {
        html_block(&keyframe.reasoning)
    };
    let _ = writeln!(
        out,
        "<p><strong>Analyst&#39;s judgement:</strong> {reasoning}</p>"
    );
    if keyframe.evidence.is_empty() {
        let _ = writeln!(out, "<p class=\"missing\">{}</p>", escape_html(NO_EVIDENCE));
    } else if keyframe.is_unsupported() {
        let _ = writeln!(out, "<p class=\"missing\">{}</p>", escape_html(NO_SUPPORT));
    }
    if let Some(line) = contested_line(keyframe) {
        let _ = writeln!(out, "<p class=\"missing\">{}</p>", escape_html(&line));
    }
    for (role, group) in quotes_by_role(keyframe) {
        let _ = writeln!(out, "<h4>{}</h4>", escape_html(role.heading()));
        for evidence in group {
            html_evidence(out, map, evidence);
        }
    }
    let _ = writeln!(out, "</section>");
}

fn html_event(out: &mut String, map: &StanceMap, event: &Event) {
    let _ = writeln!(
        out,
        "<section class=\"event\">\n<h3>{}: {}</h3>",
        escape_html(&event.date.to_string()),
        html_single_line(&event.title)
    );
    let powers = event_power_names(map, event);
    if !powers.is_empty() {
        let names: Vec<String> = powers.iter().map(|n| html_single_line(n)).collect();
        let _ = writeln!(out, "<p class=\"meta\">Concerns: {}</p>", names.join(", "));
    }
    if !event.note.trim().is_empty() {
        let _ = writeln!(
            out,
            "<p><strong>Analyst&#39;s note:</strong> {}</p>",
            html_block(&event.note)
        );
    }
    for evidence in &event.evidence {
        html_evidence(out, map, evidence);
    }
    let _ = writeln!(out, "</section>");
}

// ---------------------------------------------------------------------------------------------
// CSV

/// One CSV text field: cleaned by [`display_safe`], defused against spreadsheet formulas (a leading `=`, `+`,
/// `-`, `@`, tab or CR, or their full-width forms, gets a `'` in front) and quoted per
/// RFC 4180 when it holds a comma, quote, CR or LF.
fn csv_text(text: &str) -> String {
    const FORMULA_STARTS: [char; 10] = [
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    let clean = display_safe(text).into_owned();
    // Cleaning turns a leading CR into LF: judge the text as written too.
    let dangerous = text.starts_with(FORMULA_STARTS) || clean.starts_with(FORMULA_STARTS);
    let field = if dangerous {
        format!("'{clean}")
    } else {
        clean
    };
    csv_quote(&field)
}

fn csv_quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// A numeric CSV field, written plainly (a negative strength keeps its `-`) so spreadsheets
/// read it as a number; a value that is not finite is left empty.
fn csv_number(value: f64) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        String::new()
    }
}

/// A statistic of [`class_csv`]: rounded to 6 decimals, trailing zeros trimmed, so that
/// floating-point noise (0.41250000000000003) does not reach the spreadsheet: "0.4125", "1",
/// "-0.25", never "-0"; empty when not finite.
fn csv_statistic(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Every keyframe with its evidence as RFC 4180 CSV with `\n` line ends: the header
/// [`CSV_HEADER`], then one row per keyframe and evidence item (its `role` "supports",
/// "qualifies" or "contradicts"), or one row with empty evidence columns for a keyframe
/// without evidence. Powers in map order, keyframes in date order.
/// Text fields are cleaned by [`display_safe`] and defused against formula injection; `year_fraction` and
/// `strength` are plain numbers.
pub fn keyframes_csv(map: &StanceMap) -> String {
    let mut out = String::new();
    out.push_str(CSV_HEADER);
    out.push('\n');
    for power in &map.powers {
        for keyframe in keyframes_by_date(power) {
            let common = [
                csv_text(&power.id.0),
                csv_text(&power.name),
                csv_text(&keyframe.date.to_iso()),
                csv_number(keyframe.date.to_year_f64()),
                // Still to judge: no strength at all, and the confidence column says so.
                if keyframe.unjudged {
                    String::new()
                } else {
                    csv_number(keyframe.strength)
                },
                csv_text(if keyframe.unjudged {
                    crate::model::exercise::NOT_YET_JUDGED
                } else {
                    keyframe.confidence.label()
                }),
                csv_text(interpolation_label(keyframe.interpolation)),
                csv_text(&keyframe.reasoning),
            ]
            .join(",");
            if keyframe.evidence.is_empty() {
                let _ = writeln!(out, "{common},,,,,,");
            }
            for evidence in &keyframe.evidence {
                let _ = writeln!(
                    out,
                    "{common},{},{},{},{},{},{}",
                    csv_text(&evidence.quote),
                    csv_text(&map.citation(evidence)),
                    csv_text(&evidence.source.0),
                    csv_text(&evidence.locator),
                    csv_text(evidence.dimension.label()),
                    csv_text(evidence.role.label()),
                );
            }
        }
    }
    out
}

/// Every measured value of every indicator as RFC 4180 CSV with `\n` line ends: the header
/// [`INDICATORS_CSV_HEADER`], then one row per point, indicators in map order and points in
/// their order. `uncertain` is "yes" or "no"; `citation` and `url` come from the point's
/// source (empty when the map has no such source). Text fields are cleaned and defused as in
/// [`keyframes_csv`]; `year_fraction` and `value` are plain numbers.
pub fn indicators_csv(map: &StanceMap) -> String {
    let mut out = String::new();
    out.push_str(INDICATORS_CSV_HEADER);
    out.push('\n');
    for indicator in &map.indicators {
        let power = map.power(&indicator.power);
        for point in &indicator.points {
            let source = map.source(&point.source);
            let row = [
                csv_text(&indicator.id.0),
                csv_text(&indicator.name),
                csv_text(&indicator.power.0),
                csv_text(power.map_or("", |p| p.name.as_str())),
                csv_text(&indicator.unit),
                csv_text(&point.date.to_iso()),
                csv_number(point.date.to_year_f64()),
                csv_number(point.value),
                csv_text(if point.uncertain { "yes" } else { "no" }),
                csv_text(&point.note),
                csv_text(&point.source.0),
                csv_text(&source.map(|s| s.citation("")).unwrap_or_default()),
                csv_text(source.map_or("", |s| s.url.as_str())),
            ]
            .join(",");
            let _ = writeln!(out, "{row}");
        }
    }
    out
}

/// The header of [`class_csv`].
pub const CLASS_CSV_HEADER: &str =
    "power_id,power,date,year_fraction,n,median,q1,q3,min,max,mean,sd,alpha_power,alpha_overall";

/// A class's statistics as RFC 4180 CSV with `\n` line ends: the header [`CLASS_CSV_HEADER`],
/// then one row per power and keyframe date of the class's map (powers in map order,
/// keyframes in date order): how many readings judged it (`n`), their median, lower and upper
/// quartile, lowest, highest, mean and sample standard deviation (empty when `n` is 0), and
/// Krippendorff's alpha for the power and for the whole map (empty where it cannot be
/// measured; see [`Class::alpha`]; `alpha_overall` pools every power's keyframes). The
/// statistics are rounded to 6 decimals ([`csv_statistic`]). Text fields are cleaned and
/// defused as in [`keyframes_csv`].
pub fn class_csv(class: &Class) -> String {
    let number = |value: Option<f64>| value.map_or_else(String::new, csv_statistic);
    let overall = number(class.alpha(None));
    let mut out = String::new();
    out.push_str(CLASS_CSV_HEADER);
    out.push('\n');
    for power in &class.map.powers {
        let alpha_power = number(class.alpha(Some(&power.id)));
        for keyframe in keyframes_by_date(power) {
            let spread = class.spread_at_keyframe(&power.id, keyframe.date);
            let stat = |f: fn(&Spread) -> f64| number(spread.as_ref().map(f));
            let row = [
                csv_text(&power.id.0),
                csv_text(&power.name),
                csv_text(&keyframe.date.to_iso()),
                csv_number(keyframe.date.to_year_f64()),
                spread.map_or(0, |s| s.n).to_string(),
                stat(|s| s.median),
                stat(|s| s.q1),
                stat(|s| s.q3),
                stat(|s| s.min),
                stat(|s| s.max),
                stat(|s| s.mean),
                stat(|s| s.sd),
                alpha_power.clone(),
                overall.clone(),
            ]
            .join(",");
            let _ = writeln!(out, "{row}");
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Write the handout to `path` atomically, as HTML or Markdown by its extension (see
/// [`HandoutFormat::for_path`]), and say which.
pub fn write_handout(map: &StanceMap, path: &Path) -> Result<HandoutFormat, StorageError> {
    let format = HandoutFormat::for_path(path);
    let text = match format {
        HandoutFormat::Markdown => handout_markdown(map),
        HandoutFormat::Html => handout_html(map),
    };
    write_atomically(path, text.as_bytes())?;
    Ok(format)
}

/// Written before the CSV in a file: without it, Excel reads a CSV file in the computer's
/// legacy code page and garbles every ’, ć and “ of the article. `LibreOffice`, Numbers and
/// Google Sheets read it as the mark it is.
pub const CSV_BYTE_ORDER_MARK: &str = "\u{feff}";

/// Write [`keyframes_csv`] to `path` atomically, after [`CSV_BYTE_ORDER_MARK`].
pub fn write_csv(map: &StanceMap, path: &Path) -> Result<(), StorageError> {
    let text = format!("{CSV_BYTE_ORDER_MARK}{}", keyframes_csv(map));
    write_atomically(path, text.as_bytes())
}

/// Write [`indicators_csv`] to `path` atomically, after [`CSV_BYTE_ORDER_MARK`].
pub fn write_indicators_csv(map: &StanceMap, path: &Path) -> Result<(), StorageError> {
    let text = format!("{CSV_BYTE_ORDER_MARK}{}", indicators_csv(map));
    write_atomically(path, text.as_bytes())
}

/// Write [`class_csv`] to `path` atomically, after [`CSV_BYTE_ORDER_MARK`].
pub fn write_class_csv(class: &Class, path: &Path) -> Result<(), StorageError> {
    let text = format!("{CSV_BYTE_ORDER_MARK}{}", class_csv(class));
    write_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_csv_has_one_row_per_keyframe_with_the_spread_and_alpha() {
        use crate::model::class::Reading;
        use crate::model::{Confidence, Date, Keyframe, Power, PowerId};
        let keyframe = |year, strength| Keyframe {
            date: Date::year(year),
            strength,
            confidence: Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: Vec::new(),
            unjudged: false,
        };
        let map_with = |a: f64| {
            let mut map = StanceMap::empty();
            map.powers.push(Power {
                id: PowerId("p".into()),
                name: "=cmd()".into(),
                color: "#123456".into(),
                bearing_deg: 0.0,
                // 2010 listed first: rows come in date order.
                track: vec![keyframe(2010, 0.0), keyframe(2000, a)],
            });
            map
        };
        let mut reference = map_with(0.0);
        reference.powers[0].track[0].date = Date::month(2010, 3);
        let readings = [0.1, 0.2, 0.4, 0.9]
            .iter()
            .map(|&a| Reading {
                label: a.to_string(),
                file: format!("{a}.ron"),
                map: map_with(a),
            })
            .collect();
        let csv = class_csv(&Class::new(reference, true, readings));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CLASS_CSV_HEADER);
        // Units: only 2000 has values (the readings lack 2010-03). alpha: one unit, so the
        // within-unit and all-pairs disagreements are the same sum and alpha = 1 − (n − 1)/(m − 1) = 0.
        let row: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(&row[..5], ["p", "'=cmd()", "2000", "2000", "4"]);
        let numbers: Vec<f64> = row[5..].iter().map(|f| f.parse().unwrap()).collect();
        let expected = [
            0.3,
            0.175,
            0.525,
            0.1,
            0.9,
            0.4,
            (0.38_f64 / 3.0).sqrt(),
            0.0,
            0.0,
        ];
        // Rounded to 6 decimals: √(0.38/3) = 0.3559026… is written 0.355903.
        for (got, want) in numbers.iter().zip(expected) {
            assert!((got - want).abs() <= 5e-7, "{got} vs {want}: {}", lines[1]);
        }
        assert!(lines[1].contains(",0.355903,"), "{}", lines[1]);
        assert_eq!(
            lines[2],
            "p,'=cmd(),2010-03,2010.1666666666667,0,,,,,,,,0,0"
        );
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn every_format_cleans_with_the_one_cleaner() {
        // What the app marks, the exports mark: a zero-width space, a noncharacter, a lone CR.
        assert_eq!(md_single_line("a\u{200B}b\u{FFFE}"), "a{U+200B}b{U+FFFE}");
        assert_eq!(html_block("x\u{2060}y\rz"), "x{U+2060}y<br>\nz");
        assert_eq!(csv_text("\u{FEFF}=1"), "{U+FEFF}=1");
    }

    #[test]
    fn markdown_lines_cannot_start_blocks() {
        for (raw, escaped) in [
            ("# heading", "\\# heading"),
            ("> quote", "\\> quote"),
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("12. item", "12\\. item"),
            ("3) item", "3\\) item"),
            ("| a | b |", "\\| a \\| b \\|"),
            ("```rust", "\\`\\`\\`rust"),
            ("<script>", "\\<script>"),
            ("    code", "code"),
            ("===", "\\==="),
            ("[x]: http://e", "\\[x\\]: http://e"),
            ("see [x](http://e)", "see [x\\](http://e)"),
            ("&#x202E; & co", "\\&\\#x202E; & co"),
            ("counts on [...] support", "counts on [...] support"),
            ("1991-1992, 4(1), 77-95.", "1991-1992, 4(1), 77-95."),
        ] {
            assert_eq!(md_escape_line(raw), escaped, "{raw}");
        }
    }

    #[test]
    fn handout_format_follows_the_extension() {
        assert_eq!(
            HandoutFormat::for_path(Path::new("a.html")),
            HandoutFormat::Html
        );
        assert_eq!(
            HandoutFormat::for_path(Path::new("a.HTM")),
            HandoutFormat::Html
        );
        assert_eq!(
            HandoutFormat::for_path(Path::new("a.md")),
            HandoutFormat::Markdown
        );
        assert_eq!(
            HandoutFormat::for_path(Path::new("a")),
            HandoutFormat::Markdown
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("-2"), "'-2");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\tx"), "'\tx");
        assert_eq!(csv_text("\r=x"), "\"'\n=x\"");
        assert_eq!(csv_number(-0.35), "-0.35");
        assert_eq!(csv_number(f64::INFINITY), "");
    }
}
