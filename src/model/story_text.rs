//! A story step's words and how they are fitted to a page, without egui, for every surface that
//! shows a step: presenter mode, the PNG slides and the SVG.
//!
//! All three fit their text the same way, through [`first_fit`]: lay the words out at each
//! shrink level in turn and keep the first that fits. The slides (PNG and SVG) also share the
//! words of a step ([`StepWords`]), their type sizes at 1920×1080 ([`SlideType`]) and their
//! shrink levels ([`SLIDE_FITS`]). Presenter mode sizes its type for the hall and for the
//! presenter's own text scale, so it keeps its own sizes and levels.
//!
//! How long autoplay stays on a step also comes from its words: [`step_time`], from
//! [`reading_time_s`] unless the step sets its own `duration_s`.

use super::{Role, StanceMap, StoryStep, format_year_f64};

/// The type scales a slide (PNG or SVG) tries, in order, until its words fit.
pub const SLIDE_FITS: [f64; 9] = [1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62, 0.56, 0.5];

/// A slide's type sizes and spacing, in points on a 1920×1080 slide at full size (multiply by
/// the page's scale and the shrink level).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SlideType {
    /// The step counter ("3 / 12").
    pub counter: f64,
    /// The step's date.
    pub date: f64,
    /// The step's title.
    pub title: f64,
    /// The caption (or the map's description).
    pub caption: f64,
    /// A quote.
    pub quote: f64,
    /// A quote's citation.
    pub citation: f64,
    /// The map's title in the corner.
    pub footer: f64,
    /// The space between the parts of the column, and above each quote card.
    pub gap: f64,
    /// The padding inside a quote card.
    pub card_pad: f64,
}

/// The type of a slide, PNG or SVG.
pub const SLIDE_TYPE: SlideType = SlideType {
    counter: 24.0,
    date: 34.0,
    title: 50.0,
    caption: 30.0,
    quote: 28.0,
    citation: 23.0,
    footer: 20.0,
    gap: 22.0,
    card_pad: 18.0,
};

/// A quote in curly double quotes, its own characters untouched (evidence is shown exactly as
/// it stands in the source). A quote that opens or closes with its own double quotation mark
/// (`“Serbian people will never forget this kindness”, Vučić stated…`) goes in single marks
/// instead, so no mark is doubled (`‘“Serbian…`, never `““Serbian…`); its own marks stay
/// double. A quote that is one quotation from end to end keeps its own marks alone.
pub fn quoted(quote: &str) -> String {
    const DOUBLE: [char; 4] = ['\u{201c}', '\u{201d}', '"', '\u{201e}'];
    let quote = quote.trim();
    let mut chars = quote.chars();
    let (first, last) = (chars.next(), chars.next_back());
    let opens = first.is_some_and(|c| DOUBLE.contains(&c));
    let closes = last.is_some_and(|c| DOUBLE.contains(&c));
    let inner_marks = chars
        .as_str()
        .chars()
        .filter(|c| DOUBLE.contains(c))
        .count();
    if opens && closes && inner_marks == 0 {
        quote.to_owned()
    } else if opens || closes {
        format!("\u{2018}{quote}\u{2019}")
    } else {
        format!("\u{201c}{quote}\u{201d}")
    }
}

/// What a step's quote card says after the citation about how the quote bears on the step's
/// point: nothing for a quote that supports it, " · qualifies" or " · contradicts" otherwise.
/// Presenter mode, the slides and the story panel say it the same way.
pub fn role_suffix(role: Role) -> String {
    if role == Role::Supports {
        String::new()
    } else {
        format!(" · {}", role.label())
    }
}

/// "3 / 12": which step of how many. At the last step it says so ("12 / 12 · end"), so the
/// presenter does not look for a next one. Presenter mode, slides and SVG use the same words.
pub fn step_counter(step_index: usize, count: usize) -> String {
    if count == 0 {
        "0 / 0".to_owned()
    } else if count > 1 && step_index + 1 >= count {
        format!("{count} / {count} · end")
    } else {
        format!("{} / {count}", step_index + 1)
    }
}

/// The words a slide shows for a story step, as the map has them (each surface cleans and
/// escapes them its own way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepWords {
    /// "3 / 12"; `None` when the slide shows no step.
    pub counter: Option<String>,
    /// The step's date, or the date the map is shown at.
    pub date: String,
    /// The events at the step's date ([`StanceMap::events_at`]), by name: "⚑ NATO bombing
    /// of Belgrade · …", a small line under the date; `None` when there are none, or the
    /// slide shows no step.
    pub events: Option<String>,
    /// The step's title, or the map's.
    pub title: String,
    /// The step's caption, or the map's description.
    pub caption: String,
    /// Each quote, in curly quotes, and its citation ("— …", with its role when it does not
    /// simply support: see [`role_suffix`]).
    pub quotes: Vec<(String, String)>,
    /// The map's title in the corner, when the slide's own title is a step's.
    pub footer: Option<String>,
}

impl StepWords {
    /// The words of story step `step_index` of `map`; when there is no such step, the map's
    /// title and description at `date_year_f64`.
    pub fn of(map: &StanceMap, step_index: Option<usize>, date_year_f64: f64) -> Self {
        match step_index.and_then(|i| map.story.get(i).map(|step| (i, step))) {
            Some((index, step)) => Self {
                counter: Some(step_counter(index, map.story.len())),
                date: step.date.to_string(),
                events: events_line(map, step.date.to_year_f64()),
                title: step.title.clone(),
                caption: step.caption.clone(),
                quotes: step
                    .quotes
                    .iter()
                    .map(|q| {
                        let citation = map.citation(q);
                        (
                            quoted(&q.quote),
                            format!("— {citation}{}", role_suffix(q.role)),
                        )
                    })
                    .collect(),
                footer: Some(map.title.clone()),
            },
            None => Self {
                counter: None,
                date: format_year_f64(date_year_f64),
                events: None,
                title: map.title.clone(),
                caption: map.description.clone(),
                quotes: Vec::new(),
                footer: None,
            },
        }
    }
}

/// An estimate of how wide `text` is in a sans-serif font, in ems (multiply by the font size),
/// for surfaces that cannot measure text (SVG 1.1 has no wrapping). Character widths are those
/// of `DejaVu Sans`, the widest of the fonts the SVG names, so an estimate errs toward too wide;
/// bold type is about a tenth wider.
pub fn text_width_em(text: &str, bold: bool) -> f64 {
    let regular: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '|' | '!' | '\'' | 'I' | 'J' => 0.3,
            ' ' | ',' | '.' | ':' | ';' | '\u{2018}' | '\u{2019}' => 0.33,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
            'm' | 'M' | 'W' | '\u{2014}' | '\u{2026}' | '%' | '@' => 1.0,
            'w' | '\u{2212}' | '+' | '=' => 0.84,
            '0'..='9' => 0.64,
            c if c.is_ascii_lowercase() => 0.63,
            c if c.is_uppercase() => 0.76,
            _ => 0.7,
        })
        .sum();
    if bold { regular * 1.1 } else { regular }
}

/// `text` broken into lines no wider than `width_em` ems by [`text_width_em`], at spaces; a
/// word wider than a line is cut into pieces that fit.
pub fn wrap_to_width(text: &str, width_em: f64, bold: bool) -> Vec<String> {
    let fits = |line: &str| text_width_em(line, bold) <= width_em;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word longer than a line is cut into pieces, each at least one character.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if !fits(&piece) && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The events at `year_f64` as one line, "⚑ NATO bombing of Belgrade · Russia backs Serbia
/// on Kosovo at the UN", or `None` when there are none. The slides and the presenter show it
/// under a step's date.
pub fn events_line(map: &StanceMap, year_f64: f64) -> Option<String> {
    let names: Vec<&str> = map
        .events_at(year_f64)
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    (!names.is_empty()).then(|| format!("⚑ {}", names.join(" · ")))
}

/// Lay text out at each of `levels` in turn (`lay_out`) and return the first layout that
/// `fits`. When none fits, `Err` carries the last layout tried (`None` when there were no
/// levels), for the caller to keep or to replace with a last resort that cuts the text.
pub fn first_fit<L, C>(
    levels: impl IntoIterator<Item = L>,
    mut lay_out: impl FnMut(L) -> C,
    fits: impl Fn(&C) -> bool,
) -> Result<C, Option<C>> {
    let mut last = None;
    for level in levels {
        let laid_out = lay_out(level);
        if fits(&laid_out) {
            return Ok(laid_out);
        }
        last = Some(laid_out);
    }
    Err(last)
}

/// The pace autoplay allows for reading a step's words, in words per minute.
///
/// The BBC's subtitle guidelines time subtitles at 160 to 180 words per minute, for viewers who
/// read while they watch the picture. A lecture hall reads a step in the same divided way (the
/// compass moves while the words are up) but the words are harder going: quotes of academic
/// prose, names and dates, read from a projection at the back of a room, often in a second
/// language. So the pace is the guideline's slowest, 160.
pub const READING_WORDS_PER_MINUTE: f64 = 160.0;

/// The time a step allows, besides its words, to watch the compass move and see where the
/// arrows went, in seconds: the 1 s transition and about 3 s to take in the new picture.
pub const LOOKING_S: f64 = 4.0;

/// The shortest time autoplay gives a step from its words, in seconds: even a step of a few
/// words needs time for the compass and for the hall to notice the slide changed.
pub const MIN_READING_S: f64 = 6.0;

/// The shortest time autoplay stays on a step whatever its `duration_s` says, in seconds.
pub const MIN_STEP_DURATION_S: f64 = 1.0;

/// The words of `step` an audience reads: its title, caption and quotes. Citations and the date
/// are not counted: they are glanced at, not read. A word is a run of characters between
/// spaces with at least one letter or digit in it (a dash on its own is not a word).
pub fn reading_words(step: &StoryStep) -> usize {
    let count = |text: &str| {
        text.split_whitespace()
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .count()
    };
    count(&step.title)
        + count(&step.caption)
        + step.quotes.iter().map(|q| count(&q.quote)).sum::<usize>()
}

/// How long `step`'s words take to read at [`READING_WORDS_PER_MINUTE`], plus [`LOOKING_S`]
/// for the compass, at least [`MIN_READING_S`], rounded up to a whole second, in seconds.
pub fn reading_time_s(step: &StoryStep) -> f64 {
    let words = reading_words(step) as f64;
    (words * 60.0 / READING_WORDS_PER_MINUTE + LOOKING_S)
        .ceil()
        .max(MIN_READING_S)
}

/// Where a step's autoplay time comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSource {
    /// From its words ([`reading_time_s`]): the step sets no duration.
    Words,
    /// From the step's own `duration_s`, set by hand.
    Hand,
}

/// How long autoplay stays on a step, and why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepTime {
    /// The time, in seconds.
    pub seconds: f64,
    /// Where it comes from.
    pub source: TimeSource,
}

/// How long autoplay stays on `step`: its own `duration_s` when that is a positive number (at
/// least [`MIN_STEP_DURATION_S`]); otherwise, or when it is not a number or not positive, as
/// long as its words take to read ([`reading_time_s`]).
pub fn step_time(step: &StoryStep) -> StepTime {
    match step.duration_s.filter(|d| d.is_finite() && *d > 0.0) {
        Some(seconds) => StepTime {
            seconds: seconds.max(MIN_STEP_DURATION_S),
            source: TimeSource::Hand,
        },
        None => StepTime {
            seconds: reading_time_s(step),
            source: TimeSource::Words,
        },
    }
}

/// How long autoplay takes to show every step of `story` once, in seconds.
pub fn story_time_s(story: &[StoryStep]) -> f64 {
    story.iter().map(|step| step_time(step).seconds).sum()
}

/// A time for people: "45 s", "5 min 12 s", "1 h 2 min" (rounded to the second, or the minute
/// from an hour on).
pub fn format_duration_s(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "—".to_owned();
    }
    let whole = seconds.round();
    if whole < 60.0 {
        return format!("{whole} s");
    }
    if whole < 3600.0 {
        let (min, s) = ((whole / 60.0).floor(), whole % 60.0);
        return if s == 0.0 {
            format!("{min} min")
        } else {
            format!("{min} min {s} s")
        };
    }
    let minutes = (seconds / 60.0).round();
    let (h, min) = ((minutes / 60.0).floor(), minutes % 60.0);
    if min == 0.0 {
        format!("{h} h")
    } else {
        format!("{h} h {min} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Dimension, Evidence, StoryStep};

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let text = "Two watersheds: the crisis, Kosovo and Taiwan";
        for bold in [false, true] {
            let lines = wrap_to_width(text, 12.0, bold);
            assert!(lines.len() > 1, "{lines:?}");
            assert!(
                lines.iter().all(|l| text_width_em(l, bold) <= 12.0),
                "{lines:?}"
            );
            assert_eq!(lines.join(" "), text);
        }
        // Wide letters take more room than narrow ones, and bold more than regular.
        assert!(text_width_em("mmmm", false) > 2.0 * text_width_em("iiii", false));
        assert!(text_width_em("Kosovo", true) > text_width_em("Kosovo", false));
        // A word wider than a line is cut into pieces that fit.
        let pieces = wrap_to_width("abcdefghijkl", 2.0, false);
        assert!(pieces.len() >= 4, "{pieces:?}");
        assert_eq!(pieces.concat(), "abcdefghijkl");
        assert!(pieces.iter().all(|p| text_width_em(p, false) <= 2.0));
    }

    #[test]
    fn the_legend_has_a_line_for_each_thing_drawn() {
        let plain = band_legend_len(0.0, false, false);
        assert_eq!(plain, 4);
        assert_eq!(band_legend_len(5.0, false, false), plain + 1);
        assert_eq!(band_legend_len(5.0, true, true), plain + 3);
    }

    fn band_legend_len(trail_years: f64, comparing: bool, contested: bool) -> usize {
        crate::model::band::compass_legend(trail_years, comparing, contested).len()
    }

    fn step_of(title: &str, caption: &str, quotes: &[&str], duration_s: Option<f64>) -> StoryStep {
        StoryStep {
            date: Date::year(2022),
            title: title.to_owned(),
            caption: caption.to_owned(),
            focus: Vec::new(),
            quotes: quotes
                .iter()
                .map(|q| Evidence {
                    quote: (*q).to_owned(),
                    source: crate::model::SourceId("article".to_owned()),
                    locator: "a long citation that nobody reads aloud".to_owned(),
                    dimension: Dimension::Political,
                    role: crate::model::Role::Supports,
                })
                .collect(),
            duration_s,
            notes: String::new(),
            indicators: Vec::new(),
        }
    }

    /// `n` words, numbered so none is empty.
    fn words(n: usize) -> String {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_step_names_the_events_at_its_date() {
        let map = crate::article::article_map().unwrap();
        let at = |title: &str| {
            let i = map.story.iter().position(|s| s.title == title).unwrap();
            StepWords::of(&map, Some(i), 0.0).events
        };
        assert_eq!(
            at("NATO bombs Belgrade").as_deref(),
            Some("⚑ NATO bombing of Belgrade · Russia backs Serbia on Kosovo at the UN")
        );
        assert_eq!(
            at("The EU still leads the economy").as_deref(),
            Some("⚑ The EU takes most of Serbia’s trade")
        );
        let mut quiet = map.clone();
        quiet.events.retain(|e| e.date.year != 2021);
        let i = quiet
            .story
            .iter()
            .position(|s| s.date.year == 2021)
            .unwrap();
        assert_eq!(StepWords::of(&quiet, Some(i), 0.0).events, None);
        // The map's own slide, with no step, names none.
        assert_eq!(StepWords::of(&map, None, 1999.0).events, None);
    }

    #[test]
    fn words_are_counted_in_the_title_caption_and_quotes_but_not_citations() {
        let step = step_of(
            "Two words",
            "three — more words",
            &["four of them here", "one"],
            None,
        );
        assert_eq!(reading_words(&step), 2 + 3 + 4 + 1);
        assert_eq!(reading_words(&step_of("", "  \n ", &[], None)), 0);
    }

    #[test]
    fn a_long_step_lasts_longer_than_a_short_one() {
        let long = step_of("Title", &words(30), &[&words(29)], None);
        let short = step_of("Title", &words(9), &[], None);
        assert_eq!((reading_words(&long), reading_words(&short)), (60, 10));
        assert!(reading_time_s(&long) > reading_time_s(&short));
        // 60 words at 160 a minute is 22.5 s, and 4 s for the compass: 26.5, so 27 s.
        assert_eq!(reading_time_s(&long), 27.0);
        // 10 words is 3.75 s and 4 s: 7.75, so 8 s.
        assert_eq!(reading_time_s(&short), 8.0);
        // 84 words, the most the issue counted on a step of the article map, take 36 s (35.5 up).
        assert_eq!(reading_time_s(&step_of("", &words(84), &[], None)), 36.0);
        // A step with no words still gets the minimum.
        assert_eq!(reading_time_s(&step_of("", "", &[], None)), MIN_READING_S);
        assert!(reading_time_s(&step_of("", "", &[], None)) >= LOOKING_S);
    }

    #[test]
    fn a_duration_set_by_hand_wins_and_a_bad_one_falls_back_to_the_words() {
        let mut step = step_of("Title", &words(59), &[], None);
        let from_words = StepTime {
            seconds: reading_time_s(&step),
            source: TimeSource::Words,
        };
        assert_eq!(step_time(&step), from_words);
        step.duration_s = Some(10.0);
        assert_eq!(
            step_time(&step),
            StepTime {
                seconds: 10.0,
                source: TimeSource::Hand
            }
        );
        for bad in [f64::NAN, 0.0, -3.0, f64::INFINITY, f64::NEG_INFINITY] {
            step.duration_s = Some(bad);
            assert_eq!(step_time(&step), from_words, "{bad}");
        }
        step.duration_s = Some(0.01);
        assert_eq!(step_time(&step).seconds, MIN_STEP_DURATION_S);
    }

    #[test]
    fn the_story_time_adds_up_its_steps() {
        let story = [
            step_of("", &words(60), &[], None),
            step_of("", "", &[], Some(12.5)),
        ];
        assert_eq!(story_time_s(&story), reading_time_s(&story[0]) + 12.5);
        assert_eq!(story_time_s(&[]), 0.0);
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(format_duration_s(0.0), "0 s");
        assert_eq!(format_duration_s(45.4), "45 s");
        assert_eq!(format_duration_s(59.6), "1 min");
        assert_eq!(format_duration_s(312.0), "5 min 12 s");
        assert_eq!(format_duration_s(3720.0), "1 h 2 min");
        assert_eq!(format_duration_s(7200.0), "2 h");
        assert_eq!(format_duration_s(f64::NAN), "—");
    }

    #[test]
    fn the_first_level_that_fits_wins() {
        // Heights of a column at each shrink level; 100 is the room.
        let levels = [130.0, 110.0, 95.0, 80.0];
        let mut tried = Vec::new();
        let fit = first_fit(
            levels,
            |h| {
                tried.push(h);
                h
            },
            |h| *h <= 100.0,
        );
        assert_eq!(fit, Ok(95.0));
        assert_eq!(tried, [130.0, 110.0, 95.0], "stops at the first fit");
        assert_eq!(
            first_fit([130.0, 120.0], |h| h, |h| *h <= 100.0),
            Err(Some(120.0))
        );
        assert_eq!(first_fit([], |h: f64| h, |h| *h <= 100.0), Err(None));
    }

    #[test]
    fn slide_sizes_are_the_f32_ones_the_png_slide_always_used() {
        let fits = [1.0_f32, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62, 0.56, 0.5];
        assert_eq!(SLIDE_FITS.map(|f| f as f32), fits);
        assert!(SLIDE_FITS.windows(2).all(|w| w[1] < w[0]));
    }

    #[test]
    fn counters_and_quotes_read_as_people_expect() {
        assert_eq!(step_counter(0, 3), "1 / 3");
        assert_eq!(step_counter(2, 3), "3 / 3 · end");
        assert_eq!(step_counter(0, 1), "1 / 1");
        assert_eq!(step_counter(0, 0), "0 / 0");
        assert_eq!(quoted(" plain "), "“plain”");
        // Its own marks stay double; the outer ones never double them.
        assert_eq!(quoted("“Never”, he said"), "‘“Never”, he said’");
        assert_eq!(quoted("he said: “never”"), "‘he said: “never”’");
        assert_eq!(quoted("\"Never\", he said"), "‘\"Never\", he said’");
        assert_eq!(quoted("“Never again”"), "“Never again”");
        assert_eq!(quoted("the “ironclad” friend"), "“the “ironclad” friend”");
        assert_eq!(quoted("“"), "‘“’");
        assert_eq!(quoted(""), "“”");
    }

    #[test]
    fn a_step_has_its_words_and_no_step_has_the_maps() {
        let mut map = crate::model::generate::stress_map(2, 3, 1);
        map.title = "Serbia".to_owned();
        map.description = "Between East and West".to_owned();
        let source = map.sources[0].id.clone();
        map.story = vec![StoryStep {
            date: Date::month(2008, 2),
            title: "Kosovo".to_owned(),
            caption: "A caption".to_owned(),
            focus: Vec::new(),
            quotes: vec![Evidence {
                quote: " We will never ".to_owned(),
                source,
                locator: String::new(),
                dimension: Dimension::Political,
                role: crate::model::Role::Supports,
            }],
            duration_s: None,
            notes: String::new(),
            indicators: Vec::new(),
        }];
        let words = StepWords::of(&map, Some(0), 0.0);
        assert_eq!(words.counter.as_deref(), Some("1 / 1"));
        assert_eq!(words.date, Date::month(2008, 2).to_string());
        assert_eq!(
            (words.title.as_str(), words.caption.as_str()),
            ("Kosovo", "A caption")
        );
        assert_eq!(words.quotes.len(), 1);
        assert_eq!(words.quotes[0].0, "“We will never”");
        assert!(
            words.quotes[0].1.starts_with("— "),
            "{:?}",
            words.quotes[0].1
        );
        assert_eq!(words.footer.as_deref(), Some("Serbia"));
        assert!(
            !words.quotes[0].1.contains('·'),
            "a supporting quote is not labelled"
        );
        map.story[0].quotes[0].role = Role::Contradicts;
        let words = StepWords::of(&map, Some(0), 0.0);
        assert!(
            words.quotes[0].1.starts_with("— ") && words.quotes[0].1.ends_with(" · contradicts"),
            "{:?}",
            words.quotes[0].1
        );
        for none in [None, Some(1)] {
            let words = StepWords::of(&map, none, 2009.0);
            assert_eq!(words.counter, None);
            assert_eq!(words.date, format_year_f64(2009.0));
            assert_eq!(words.title, "Serbia");
            assert_eq!(words.caption, "Between East and West");
            assert!(words.quotes.is_empty() && words.footer.is_none());
        }
    }
}
