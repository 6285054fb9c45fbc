//! Checks a parsed map for everything the file format cannot express on its own.
//! Each problem names the power, date or item it is about, in words a lecturer understands.

use std::collections::HashSet;

use super::map::{Evidence, FORMAT_VERSION, MAX_ID_CHARS, StanceMap, is_valid_id, parse_hex_color};

/// The longest a name, title, author, locator or analyst may be, in characters: far more than
/// any real one, and short enough to lay out in a window at once.
pub const MAX_NAME_CHARS: usize = 200;

/// The longest a quote, reasoning, note, caption, description or bibliography entry may be, in
/// characters: about eight printed pages; a longer quote is not a quote.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The longest a story step may stay on screen, in seconds (an hour).
pub const MAX_STEP_DURATION_S: f64 = 3600.0;

/// How far from 0 a bearing may be, in degrees: one turn either way (the app itself writes
/// 0 to 360).
pub const MAX_BEARING_DEG: f64 = 360.0;

/// One thing wrong with a map.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The file was written by a newer version of the format.
    #[error(
        "this map uses file format version {found}, but this stance-map reads version {supported}: it was made by a newer stance-map"
    )]
    UnsupportedVersion {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The file names a format version older than any stance-map wrote (or one not upgraded).
    #[error(
        "this map says it uses file format version {found}, which no stance-map wrote: this stance-map reads versions {oldest} to {newest}"
    )]
    UnknownVersion {
        /// The version in the file.
        found: u32,
        /// The oldest version this build upgrades.
        oldest: u32,
        /// The version this build writes.
        newest: u32,
    },
    /// Two powers share an id.
    #[error("two powers have the same id \"{0}\"")]
    DuplicatePowerId(String),
    /// Two sources share an id.
    #[error("two sources have the same id \"{0}\"")]
    DuplicateSourceId(String),
    /// An id breaks the rule for ids ([`super::is_valid_id`]).
    #[error(
        "the {kind} id \"{id}\" is not allowed: an id is 1 to {MAX_ID_CHARS} characters, each a lowercase letter a-z, a digit, - or _"
    )]
    BadId {
        /// "power" or "source".
        kind: &'static str,
        /// The id, with invisible and control characters escaped and cut short if long.
        id: String,
    },
    /// A text is longer than its field allows.
    #[error("{place}: the {field} is {length} characters long; it may be at most {limit}")]
    TextTooLong {
        /// What the text belongs to.
        place: String,
        /// The field, in words ("quote", "title").
        field: &'static str,
        /// Its length in characters, with thousands separated ("31,457,280").
        length: String,
        /// The most allowed, likewise ("20,000").
        limit: String,
    },
    /// A bearing is NaN, infinite or more than a turn from 0.
    #[error(
        "{power}: the bearing {value} is not a number of degrees from -{MAX_BEARING_DEG} to {MAX_BEARING_DEG}"
    )]
    BadBearing {
        /// The power's name.
        power: String,
        /// The value found.
        value: String,
    },
    /// A colour is not `#rrggbb`.
    #[error("{power}: the colour \"{color}\" is not of the form #rrggbb")]
    BadColor {
        /// The power's name.
        power: String,
        /// The value found.
        color: String,
    },
    /// A strength is not a finite number in -1..=1.
    #[error("{power}, {date}: the strength {value} is not a number from -1 to 1")]
    BadStrength {
        /// The power's name.
        power: String,
        /// The keyframe's date.
        date: String,
        /// The value found.
        value: String,
    },
    /// A month is not 1-12.
    #[error("{place}: month {month} is not a month (use 1 to 12)")]
    BadMonth {
        /// What the date belongs to.
        place: String,
        /// The value found.
        month: u8,
    },
    /// A year is outside the range the app can show.
    #[error("{place}: the year {year} is out of range (use 1 to 9999)")]
    BadYear {
        /// What the date belongs to.
        place: String,
        /// The value found.
        year: i32,
    },
    /// Keyframes are out of date order or share a date.
    #[error(
        "{power}: the keyframe at {date} comes after a keyframe at {previous}; keyframes must be in date order, one per date"
    )]
    KeyframesOutOfOrder {
        /// The power's name.
        power: String,
        /// The earlier-listed keyframe's date.
        previous: String,
        /// The offending keyframe's date.
        date: String,
    },
    /// Evidence names a source that is not in the bibliography.
    #[error(
        "{place}: the evidence cites the source \"{source_id}\", which is not in the map's sources"
    )]
    UnknownSource {
        /// What the evidence belongs to.
        place: String,
        /// The id that does not resolve.
        source_id: String,
    },
    /// An event or story step names a power that does not exist.
    #[error("{place}: there is no power with the id \"{power_id}\"")]
    UnknownPower {
        /// What refers to it.
        place: String,
        /// The id that does not resolve.
        power_id: String,
    },
    /// The saved view's date or story step is not one the map can open at.
    #[error("the saved view: {0}")]
    BadView(String),
    /// Two indicators share an id.
    #[error("two indicators have the same id \"{0}\"")]
    DuplicateIndicatorId(String),
    /// A story step names an indicator that does not exist.
    #[error("{place}: there is no indicator with the id \"{indicator_id}\"")]
    UnknownIndicator {
        /// What refers to it.
        place: String,
        /// The id that does not resolve.
        indicator_id: String,
    },
    /// An indicator's scale is not two finite numbers, low below high.
    #[error(
        "{place}: the scale runs from {low} to {high}; it needs two numbers, the low end below the high end"
    )]
    BadScale {
        /// The indicator.
        place: String,
        /// The low end found.
        low: String,
        /// The high end found.
        high: String,
    },
    /// A measured value is NaN or infinite.
    #[error("{place}: the value {value} is not a number")]
    BadValue {
        /// The indicator and the point's date.
        place: String,
        /// The value found.
        value: String,
    },
    /// An indicator's points are out of date order or share a date.
    #[error(
        "{place}: the point at {date} comes after a point at {previous}; points must be in date order, one per date"
    )]
    PointsOutOfOrder {
        /// The indicator.
        place: String,
        /// The earlier-listed point's date.
        previous: String,
        /// The offending point's date.
        date: String,
    },
    /// A source's web address is not an http or https address.
    #[error(
        "{place}: the address \"{url}\" is not a web address starting with https:// or http://"
    )]
    BadUrl {
        /// The source.
        place: String,
        /// The address found, escaped and cut short.
        url: String,
    },
    /// A source's access date is not `YYYY-MM-DD`.
    #[error("{place}: the access date \"{date}\" is not a day such as 2026-12-05")]
    BadAccessDate {
        /// The source.
        place: String,
        /// The text found, escaped and cut short.
        date: String,
    },
    /// A story step's duration is not a number of seconds above 0 and at most an hour.
    #[error(
        "{place}: the duration {value} is not a positive number of seconds, at most {MAX_STEP_DURATION_S}"
    )]
    BadDuration {
        /// The step.
        place: String,
        /// The value found.
        value: String,
    },
}

/// How many problems [`validate`] collects before it stops looking: a hostile file can have
/// millions, and nobody reads past the first few.
pub const MAX_PROBLEMS: usize = 1000;

/// One step of the way from the whole map to a value in it, as a file spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathSeg {
    /// A field of a struct, by name.
    Field(&'static str),
    /// An item of a list, from 0.
    Index(usize),
}

/// The problems in the map, in document order (at most [`MAX_PROBLEMS`]); empty when valid.
pub fn validate(map: &StanceMap) -> Vec<Problem> {
    validate_with_paths(map)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

/// Like [`validate`], with the path to the value each problem is about, so a file's loader
/// can point at its line and column.
pub fn validate_with_paths(map: &StanceMap) -> Vec<(Problem, Vec<PathSeg>)> {
    let mut problems = collect_problems(map);
    problems.truncate(MAX_PROBLEMS);
    problems
}

/// Problems with where they are, pushed as they are found.
struct Found(Vec<(Problem, Vec<PathSeg>)>);

impl Found {
    fn push_at(&mut self, problem: Problem, base: &[PathSeg], rest: &[PathSeg]) {
        let mut path = base.to_vec();
        path.extend_from_slice(rest);
        self.0.push((problem, path));
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

fn collect_problems(map: &StanceMap) -> Vec<(Problem, Vec<PathSeg>)> {
    use PathSeg::{Field, Index};
    let mut problems = Found(Vec::new());
    if map.format_version > FORMAT_VERSION {
        let problem = Problem::UnsupportedVersion {
            found: map.format_version,
            supported: FORMAT_VERSION,
        };
        problems.push_at(problem, &[Field("format_version")], &[]);
        return problems.0;
    }
    if map.format_version != FORMAT_VERSION {
        let problem = Problem::UnknownVersion {
            found: map.format_version,
            oldest: super::migrate::OLDEST_FORMAT_VERSION,
            newest: FORMAT_VERSION,
        };
        problems.push_at(problem, &[Field("format_version")], &[]);
        return problems.0;
    }

    check_map_texts(map, &mut problems);

    let mut power_ids = HashSet::new();
    for (i, power) in map.powers.iter().enumerate() {
        if problems.len() >= MAX_PROBLEMS {
            return problems.0;
        }
        let at = [Field("powers"), Index(i)];
        if !is_valid_id(&power.id.0) {
            let problem = Problem::BadId {
                kind: "power",
                id: shown_id(&power.id.0),
            };
            problems.push_at(problem, &at, &[Field("id")]);
        }
        if !power_ids.insert(power.id.0.as_str()) {
            let problem = Problem::DuplicatePowerId(shown_id(&power.id.0));
            problems.push_at(problem, &at, &[Field("id")]);
        }
    }
    let mut source_ids = HashSet::new();
    for (i, source) in map.sources.iter().enumerate() {
        if problems.len() >= MAX_PROBLEMS {
            return problems.0;
        }
        let at = [Field("sources"), Index(i)];
        if !is_valid_id(&source.id.0) {
            let problem = Problem::BadId {
                kind: "source",
                id: shown_id(&source.id.0),
            };
            problems.push_at(problem, &at, &[Field("id")]);
        }
        if !source_ids.insert(source.id.0.as_str()) {
            let problem = Problem::DuplicateSourceId(shown_id(&source.id.0));
            problems.push_at(problem, &at, &[Field("id")]);
        }
        let place = || format!("source \"{}\"", shown_id(&source.id.0));
        check_text(
            &mut problems,
            &place,
            &at,
            "author",
            &source.author,
            MAX_NAME_CHARS,
        );
        check_text(
            &mut problems,
            &place,
            &at,
            "entry",
            &source.entry,
            MAX_TEXT_CHARS,
        );
        if let Some(year) = source.year
            && !(1..=9999).contains(&year)
        {
            let problem = Problem::BadYear {
                place: place(),
                year,
            };
            problems.push_at(problem, &at, &[Field("year")]);
        }
        check_text(
            &mut problems,
            &place,
            &at,
            "address",
            &source.url,
            MAX_NAME_CHARS * 10,
        );
        if !source.url.is_empty() && !is_web_address(&source.url) {
            let problem = Problem::BadUrl {
                place: place(),
                url: shown_name(&source.url),
            };
            problems.push_at(problem, &at, &[Field("url")]);
        }
        if !source.accessed.is_empty() && !is_day(&source.accessed) {
            let problem = Problem::BadAccessDate {
                place: place(),
                date: shown_name(&source.accessed),
            };
            problems.push_at(problem, &at, &[Field("accessed")]);
        }
    }

    // `at` is the owner (a keyframe, event or story step), `list` its field holding `ev`.
    let check_evidence = |problems: &mut Found,
                          place: &dyn Fn() -> String,
                          at: &[PathSeg],
                          list: &'static str,
                          ev: &[Evidence]| {
        for (i, e) in ev.iter().enumerate() {
            let at_e: Vec<PathSeg> = at.iter().copied().chain([Field(list), Index(i)]).collect();
            check_text(problems, place, &at_e, "quote", &e.quote, MAX_TEXT_CHARS);
            check_text(
                problems,
                place,
                &at_e,
                "locator",
                &e.locator,
                MAX_NAME_CHARS,
            );
            if !source_ids.contains(e.source.0.as_str()) {
                let problem = Problem::UnknownSource {
                    place: place(),
                    source_id: shown_id(&e.source.0),
                };
                problems.push_at(problem, &at_e, &[Field("source")]);
            }
        }
    };
    let check_date =
        |problems: &mut Found, place: &dyn Fn() -> String, at: &[PathSeg], date: super::Date| {
            if let Some(month) = date.month
                && !(1..=12).contains(&month)
            {
                let problem = Problem::BadMonth {
                    place: place(),
                    month,
                };
                problems.push_at(problem, at, &[Field("date")]);
            }
            if !(1..=9999).contains(&date.year) {
                let problem = Problem::BadYear {
                    place: place(),
                    year: date.year,
                };
                problems.push_at(problem, at, &[Field("date")]);
            }
        };

    for (p, power) in map.powers.iter().enumerate() {
        if problems.len() >= MAX_PROBLEMS {
            return problems.0;
        }
        let at_power = [Field("powers"), Index(p)];
        let name = &shown_name(&power.name);
        check_text(
            &mut problems,
            &|| format!("power \"{name}\""),
            &at_power,
            "name",
            &power.name,
            MAX_NAME_CHARS,
        );
        if !(power.bearing_deg.is_finite() && power.bearing_deg.abs() <= MAX_BEARING_DEG) {
            let problem = Problem::BadBearing {
                power: name.clone(),
                value: format!("{:?}", power.bearing_deg),
            };
            problems.push_at(problem, &at_power, &[Field("bearing_deg")]);
        }
        if parse_hex_color(&power.color).is_none() {
            let problem = Problem::BadColor {
                power: name.clone(),
                color: shown_name(&power.color),
            };
            problems.push_at(problem, &at_power, &[Field("color")]);
        }
        let mut previous: Option<super::Date> = None;
        for (j, k) in power.track.iter().enumerate() {
            if problems.len() >= MAX_PROBLEMS {
                return problems.0;
            }
            let at = [Field("powers"), Index(p), Field("track"), Index(j)];
            let place = || format!("{name}, {}", k.date);
            check_date(&mut problems, &place, &at, k.date);
            if !(k.strength.is_finite() && (-1.0..=1.0).contains(&k.strength)) {
                let problem = Problem::BadStrength {
                    power: name.clone(),
                    date: k.date.to_string(),
                    value: format!("{:?}", k.strength),
                };
                problems.push_at(problem, &at, &[Field("strength")]);
            }
            if let Some(prev) = previous
                && prev.to_year_f64() >= k.date.to_year_f64()
            {
                let problem = Problem::KeyframesOutOfOrder {
                    power: name.clone(),
                    previous: prev.to_string(),
                    date: k.date.to_string(),
                };
                problems.push_at(problem, &at, &[Field("date")]);
            }
            previous = Some(k.date);
            check_text(
                &mut problems,
                &place,
                &at,
                "reasoning",
                &k.reasoning,
                MAX_TEXT_CHARS,
            );
            check_evidence(&mut problems, &place, &at, "evidence", &k.evidence);
        }
    }

    for (i, event) in map.events.iter().enumerate() {
        if problems.len() >= MAX_PROBLEMS {
            return problems.0;
        }
        let at = [Field("events"), Index(i)];
        let title = shown_name(&event.title);
        let place = || format!("event \"{title}\" ({})", event.date);
        check_date(&mut problems, &place, &at, event.date);
        check_text(
            &mut problems,
            &place,
            &at,
            "title",
            &event.title,
            MAX_NAME_CHARS,
        );
        check_text(
            &mut problems,
            &place,
            &at,
            "note",
            &event.note,
            MAX_TEXT_CHARS,
        );
        for (k, id) in event.powers.iter().enumerate() {
            if !power_ids.contains(id.0.as_str()) {
                let problem = Problem::UnknownPower {
                    place: place(),
                    power_id: shown_id(&id.0),
                };
                problems.push_at(problem, &at, &[Field("powers"), Index(k)]);
            }
        }
        check_evidence(&mut problems, &place, &at, "evidence", &event.evidence);
    }

    for (i, step) in map.story.iter().enumerate() {
        if problems.len() >= MAX_PROBLEMS {
            return problems.0;
        }
        let at = [Field("story"), Index(i)];
        let title = shown_name(&step.title);
        let place = || format!("story step {} \"{title}\"", i + 1);
        check_date(&mut problems, &place, &at, step.date);
        check_text(
            &mut problems,
            &place,
            &at,
            "title",
            &step.title,
            MAX_NAME_CHARS,
        );
        check_text(
            &mut problems,
            &place,
            &at,
            "caption",
            &step.caption,
            MAX_TEXT_CHARS,
        );
        check_text(
            &mut problems,
            &place,
            &at,
            "notes",
            &step.notes,
            MAX_TEXT_CHARS,
        );
        for (k, id) in step.focus.iter().enumerate() {
            if !power_ids.contains(id.0.as_str()) {
                let problem = Problem::UnknownPower {
                    place: place(),
                    power_id: shown_id(&id.0),
                };
                problems.push_at(problem, &at, &[Field("focus"), Index(k)]);
            }
        }
        if let Some(d) = step.duration_s
            && !(d.is_finite() && d > 0.0 && d <= MAX_STEP_DURATION_S)
        {
            let problem = Problem::BadDuration {
                place: place(),
                value: format!("{d:?}"),
            };
            problems.push_at(problem, &at, &[Field("duration_s")]);
        }
        check_evidence(&mut problems, &place, &at, "quotes", &step.quotes);
        for (k, id) in step.indicators.iter().enumerate() {
            if map.indicator(id).is_none() {
                let problem = Problem::UnknownIndicator {
                    place: place(),
                    indicator_id: shown_id(&id.0),
                };
                problems.push_at(problem, &at, &[Field("indicators"), Index(k)]);
            }
        }
    }

    check_view(map, &mut problems);

    let mut indicator_ids = HashSet::new();
    for (i, indicator) in map.indicators.iter().enumerate() {
        if problems.len() >= MAX_PROBLEMS {
            return problems.0;
        }
        let at = [Field("indicators"), Index(i)];
        let name = shown_name(&indicator.name);
        let place = || format!("indicator \"{name}\"");
        if !is_valid_id(&indicator.id.0) {
            let problem = Problem::BadId {
                kind: "indicator",
                id: shown_id(&indicator.id.0),
            };
            problems.push_at(problem, &at, &[Field("id")]);
        }
        if !indicator_ids.insert(indicator.id.0.as_str()) {
            let problem = Problem::DuplicateIndicatorId(shown_id(&indicator.id.0));
            problems.push_at(problem, &at, &[Field("id")]);
        }
        for (field, text, limit) in [
            ("name", &indicator.name, MAX_NAME_CHARS),
            ("unit", &indicator.unit, MAX_NAME_CHARS),
            ("method", &indicator.method, MAX_TEXT_CHARS),
        ] {
            check_text(&mut problems, &place, &at, field, text, limit);
        }
        if !power_ids.contains(indicator.power.0.as_str()) {
            let problem = Problem::UnknownPower {
                place: place(),
                power_id: shown_id(&indicator.power.0),
            };
            problems.push_at(problem, &at, &[Field("power")]);
        }
        if !(indicator.low.is_finite()
            && indicator.high.is_finite()
            && indicator.low < indicator.high)
        {
            let problem = Problem::BadScale {
                place: place(),
                low: format!("{:?}", indicator.low),
                high: format!("{:?}", indicator.high),
            };
            problems.push_at(problem, &at, &[Field("low")]);
        }
        let mut previous: Option<super::Date> = None;
        for (j, point) in indicator.points.iter().enumerate() {
            if problems.len() >= MAX_PROBLEMS {
                return problems.0;
            }
            let at_p = [Field("indicators"), Index(i), Field("points"), Index(j)];
            let place_p = || format!("indicator \"{name}\", {}", point.date);
            check_date(&mut problems, &place_p, &at_p, point.date);
            if !point.value.is_finite() {
                let problem = Problem::BadValue {
                    place: place_p(),
                    value: format!("{:?}", point.value),
                };
                problems.push_at(problem, &at_p, &[Field("value")]);
            }
            if let Some(prev) = previous
                && prev.to_year_f64() >= point.date.to_year_f64()
            {
                let problem = Problem::PointsOutOfOrder {
                    place: place(),
                    previous: prev.to_string(),
                    date: point.date.to_string(),
                };
                problems.push_at(problem, &at_p, &[Field("date")]);
            }
            previous = Some(point.date);
            if !source_ids.contains(point.source.0.as_str()) {
                let problem = Problem::UnknownSource {
                    place: place_p(),
                    source_id: shown_id(&point.source.0),
                };
                problems.push_at(problem, &at_p, &[Field("source")]);
            }
            check_text(
                &mut problems,
                &place_p,
                &at_p,
                "note",
                &point.note,
                MAX_TEXT_CHARS,
            );
        }
    }
    problems.0
}

/// Whether a source's address is one a reader's browser opens as a web page (never a
/// `javascript:` or `file:` address smuggled into a handout's link).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `text` is a day `YYYY-MM-DD` of a real month (days 1 to 31).
pub fn is_day(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        text.get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    matches!(
        (num(0..4), num(5..7), num(8..10)),
        (Some(y), Some(m), Some(d)) if y >= 1 && (1..=12).contains(&m) && (1..=31).contains(&d)
    )
}

/// The map's own texts: title, subject, analyst, description.
/// The saved view ([`StanceMap::view`]) must point at things the map has.
fn check_view(map: &StanceMap, problems: &mut Found) {
    let Some(view) = &map.view else {
        return;
    };
    let at = [PathSeg::Field("view")];
    if !(view.date.is_finite() && (1.0..10_000.0).contains(&view.date)) {
        let problem = Problem::BadView(format!(
            "the date {:?} is out of range (use a year from 1 to 9999, such as 2009.5)",
            view.date
        ));
        problems.push_at(problem, &at, &[]);
    }
    if let Some(id) = &view.power
        && map.power(id).is_none()
    {
        let problem = Problem::UnknownPower {
            place: "the saved view".to_owned(),
            power_id: shown_id(&id.0),
        };
        problems.push_at(problem, &at, &[]);
    }
    if let Some(step) = view.step
        && (step == 0 || step > map.story.len())
    {
        let problem = Problem::BadView(format!(
            "there is no story step {step} (the story has {} step{}, numbered from 1)",
            map.story.len(),
            if map.story.len() == 1 { "" } else { "s" }
        ));
        problems.push_at(problem, &at, &[]);
    }
    for id in &view.indicators {
        if map.indicator(id).is_none() {
            let problem = Problem::UnknownIndicator {
                place: "the saved view".to_owned(),
                indicator_id: shown_id(&id.0),
            };
            problems.push_at(problem, &at, &[]);
        }
    }
}

fn check_map_texts(map: &StanceMap, problems: &mut Found) {
    let place = || "the map".to_owned();
    for (field, text, limit) in [
        ("title", &map.title, MAX_NAME_CHARS),
        ("subject", &map.subject, MAX_NAME_CHARS),
        ("analyst", &map.analyst, MAX_NAME_CHARS),
        ("description", &map.description, MAX_TEXT_CHARS),
    ] {
        check_text(problems, &place, &[], field, text, limit);
    }
}

/// A problem if `text` (the field `field` of the value at `at`) is longer than `limit`
/// characters. Counting stops early on text short enough in bytes, so a long map costs little.
fn check_text(
    problems: &mut Found,
    place: &dyn Fn() -> String,
    at: &[PathSeg],
    field: &'static str,
    text: &str,
    limit: usize,
) {
    if text.len() <= limit {
        return; // a character is at least a byte
    }
    let length = text.chars().count();
    if length > limit {
        let problem = Problem::TextTooLong {
            place: place(),
            field,
            length: thousands(length),
            limit: thousands(limit),
        };
        problems.push_at(problem, at, &[PathSeg::Field(field)]);
    }
}

/// A count with its thousands separated by commas: 31,457,280.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(c);
    }
    text
}

/// A name as a problem shows it: cut at [`MAX_NAME_CHARS`] with "…", so a hostile 30 MB name
/// does not make every message about it 30 MB long.
fn shown_name(name: &str) -> String {
    match name.char_indices().nth(MAX_NAME_CHARS) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_owned(),
    }
}

/// An id as a problem shows it, cut short if long, with every character escaped (`\u{200b}`)
/// that is not ASCII or an accented Latin letter: invisible and control characters, and
/// letters of other scripts that can look like Latin ones (Cyrillic "е"), so ids that only
/// look alike can be told apart.
pub(super) fn shown_id(id: &str) -> String {
    let escaped: String = id
        .chars()
        .take(MAX_ID_CHARS + 1)
        .map(|c| {
            let accented_latin =
                matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') && c.is_alphabetic();
            if c.is_ascii_graphic() || c == ' ' || accented_latin {
                c.to_string()
            } else {
                c.escape_unicode().to_string()
            }
        })
        .collect();
    if id.chars().nth(MAX_ID_CHARS + 1).is_some() {
        format!("{escaped}…")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Confidence, Date, Dimension, Event, Interpolation, Keyframe, Power, PowerId, Source,
        SourceId, StoryStep,
    };

    fn kf(date: Date, strength: f64) -> Keyframe {
        Keyframe {
            unjudged: false,
            date,
            strength,
            confidence: Confidence::High,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: vec![Evidence {
                quote: "q".into(),
                source: SourceId("src".into()),
                locator: String::new(),
                dimension: Dimension::Political,
                role: crate::model::Role::Supports,
            }],
        }
    }

    fn valid() -> StanceMap {
        let mut map = StanceMap::empty();
        map.sources.push(Source {
            id: SourceId("src".into()),
            author: "A".into(),
            year: Some(2000),
            entry: "A (2000).".into(),
            url: String::new(),
            accessed: String::new(),
        });
        map.powers.push(Power {
            id: PowerId("eu".into()),
            name: "EU".into(),
            color: "#003399".into(),
            bearing_deg: 0.0,
            track: vec![kf(Date::year(2000), 0.5), kf(Date::month(2001, 3), 0.6)],
        });
        map.events.push(Event {
            date: Date::year(2000),
            title: "E".into(),
            powers: vec![PowerId("eu".into())],
            note: String::new(),
            evidence: Vec::new(),
        });
        map.story.push(StoryStep {
            date: Date::year(2000),
            title: "S".into(),
            caption: String::new(),
            focus: vec![PowerId("eu".into())],
            quotes: Vec::new(),
            duration_s: Some(5.0),
            notes: String::new(),
            indicators: Vec::new(),
        });
        map
    }

    fn only_problem(map: &StanceMap) -> String {
        let problems = validate(map);
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems[0].to_string()
    }

    #[test]
    fn a_valid_map_has_no_problems() {
        assert_eq!(validate(&valid()), vec![]);
    }

    #[test]
    fn unknown_version_is_refused_as_newer() {
        let mut m = valid();
        m.format_version = 99;
        assert!(only_problem(&m).contains("newer stance-map"));
    }

    #[test]
    fn version_zero_never_existed() {
        let mut m = valid();
        m.format_version = 0;
        let problem = only_problem(&m);
        assert!(
            problem.contains("version 0, which no stance-map wrote"),
            "{problem}"
        );
        assert!(!problem.contains("newer"), "{problem}");
    }

    #[test]
    fn strength_must_be_finite_and_in_range() {
        for bad in [1.01, -1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut m = valid();
            m.powers[0].track[1].strength = bad;
            let msg = only_problem(&m);
            assert!(msg.contains("EU, March 2001"), "{msg}");
        }
        let mut m = valid();
        m.powers[0].track[0].strength = -1.0;
        m.powers[0].track[1].strength = 1.0;
        assert!(validate(&m).is_empty());
    }

    #[test]
    fn months_must_be_1_to_12() {
        let mut m = valid();
        m.powers[0].track[1].date.month = Some(13);
        assert!(
            validate(&m)
                .iter()
                .any(|p| matches!(p, Problem::BadMonth { month: 13, .. }))
        );
        let mut m = valid();
        m.events[0].date.month = Some(0);
        assert!(only_problem(&m).contains("event \"E\""));
    }

    #[test]
    fn years_must_be_plausible() {
        let mut m = valid();
        m.events[0].date.year = i32::MIN;
        assert!(only_problem(&m).contains("out of range"));
    }

    #[test]
    fn keyframes_must_be_sorted_and_distinct() {
        let mut m = valid();
        m.powers[0].track.swap(0, 1);
        assert!(only_problem(&m).contains("date order"));
        let mut m = valid();
        m.powers[0].track[1].date = Date::year(2000);
        assert!(only_problem(&m).contains("date order"));
    }

    #[test]
    fn a_flood_of_problems_stops_at_the_limit() {
        let mut m = valid();
        let k = m.powers[0].track[0].clone();
        m.powers[0].track = vec![k; 5000];
        assert_eq!(validate(&m).len(), MAX_PROBLEMS);
    }

    #[test]
    fn a_flood_of_bad_ids_stops_at_the_limit() {
        let mut m = valid();
        let p = m.powers[0].clone();
        m.powers = vec![
            crate::model::Power {
                id: PowerId("EU".into()),
                ..p
            };
            100_000
        ];
        assert_eq!(validate_with_paths(&m).len(), MAX_PROBLEMS);
        let found = collect_problems(&m);
        assert!(found.len() <= MAX_PROBLEMS + 2, "{}", found.len());
    }

    #[test]
    fn ids_must_be_unique() {
        let mut m = valid();
        let p = m.powers[0].clone();
        m.powers.push(p);
        assert_eq!(validate(&m), vec![Problem::DuplicatePowerId("eu".into())]);
        let mut m = valid();
        let s = m.sources[0].clone();
        m.sources.push(s);
        assert_eq!(validate(&m), vec![Problem::DuplicateSourceId("src".into())]);
    }

    #[test]
    fn evidence_sources_must_resolve() {
        let mut m = valid();
        m.powers[0].track[0].evidence[0].source = SourceId("nobody".into());
        let msg = only_problem(&m);
        assert!(msg.contains("EU, 2000") && msg.contains("nobody"), "{msg}");
    }

    #[test]
    fn references_to_powers_must_resolve() {
        let mut m = valid();
        m.events[0].powers.push(PowerId("mars".into()));
        assert!(only_problem(&m).contains("mars"));
        let mut m = valid();
        m.story[0].focus.push(PowerId("venus".into()));
        assert!(only_problem(&m).contains("venus"));
    }

    #[test]
    fn numbers_the_app_converts_stay_in_a_sane_range() {
        for bad in [1e308, 3600.5, f64::INFINITY, 0.0] {
            let mut m = valid();
            m.story[0].duration_s = Some(bad);
            let msg = only_problem(&m);
            assert!(
                msg.contains("story step 1") && msg.contains("at most 3600"),
                "{msg}"
            );
        }
        let mut m = valid();
        m.story[0].duration_s = Some(3600.0);
        assert!(validate(&m).is_empty());
        for bad in [1e300, -360.5, 720.0] {
            let mut m = valid();
            m.powers[0].bearing_deg = bad;
            assert!(only_problem(&m).contains("from -360 to 360"), "{bad}");
        }
        for fine in [-360.0, 360.0, 359.9] {
            let mut m = valid();
            m.powers[0].bearing_deg = fine;
            assert!(validate(&m).is_empty(), "{fine}");
        }
        for bad in [0, -5, 10_000, i32::MAX] {
            let mut m = valid();
            m.sources[0].year = Some(bad);
            let msg = only_problem(&m);
            assert!(
                msg.contains("source \"src\"") && msg.contains("out of range"),
                "{msg}"
            );
        }
    }

    #[test]
    fn texts_have_limits_that_name_the_field() {
        let mut m = valid();
        m.powers[0].track[0].evidence[0].quote = "é".repeat(20_001);
        assert_eq!(
            validate_with_paths(&m),
            vec![(
                Problem::TextTooLong {
                    place: "EU, 2000".into(),
                    field: "quote",
                    length: "20,001".into(),
                    limit: "20,000".into(),
                },
                vec![
                    PathSeg::Field("powers"),
                    PathSeg::Index(0),
                    PathSeg::Field("track"),
                    PathSeg::Index(0),
                    PathSeg::Field("evidence"),
                    PathSeg::Index(0),
                    PathSeg::Field("quote"),
                ]
            )]
        );
        assert_eq!(
            only_problem(&m),
            "EU, 2000: the quote is 20,001 characters long; it may be at most 20,000"
        );
        // At the limit is fine, counted in characters, not bytes.
        m.powers[0].track[0].evidence[0].quote = "é".repeat(20_000);
        assert!(validate(&m).is_empty());

        let mut m = valid();
        m.title = "T".repeat(201);
        assert!(only_problem(&m).contains("the map: the title is 201 characters"));
        let mut m = valid();
        m.powers[0].name = "N".repeat(30_000);
        let problems = validate(&m);
        assert!(
            problems[0]
                .to_string()
                .contains("the name is 30,000 characters")
        );
        // Messages about the power show its name cut short.
        assert!(
            problems.iter().all(|p| p.to_string().len() < 1000),
            "{problems:?}"
        );
        let mut m = valid();
        m.sources[0].entry = "e".repeat(20_001);
        m.story[0].caption = "c".repeat(20_001);
        m.story[0].notes = "n".repeat(20_001);
        m.events[0].title = "t".repeat(201);
        let fields: Vec<_> = validate(&m)
            .into_iter()
            .map(|p| match p {
                Problem::TextTooLong { field, .. } => field,
                other => panic!("{other}"),
            })
            .collect();
        assert_eq!(fields, ["entry", "title", "caption", "notes"]);
    }

    #[test]
    fn ids_must_follow_the_rule() {
        for bad in ["EU", "", "e u", "\u{435}u", "eu\u{200b}"] {
            let mut m = valid();
            m.powers[0].id = PowerId(bad.into());
            let problems = validate(&m);
            assert!(
                matches!(&problems[0], Problem::BadId { kind: "power", .. }),
                "{bad:?}: {problems:?}"
            );
        }
        let mut m = valid();
        m.sources[0].id = SourceId("Src 1".into());
        for k in &mut m.powers[0].track {
            k.evidence[0].source = SourceId("Src 1".into());
        }
        assert_eq!(
            only_problem(&m),
            "the source id \"Src 1\" is not allowed: an id is 1 to 64 characters, each a lowercase letter a-z, a digit, - or _"
        );
        // Look-alikes are told apart in the message.
        let mut m = valid();
        m.powers[0].id = PowerId("\u{435}u".into());
        let first = validate(&m)[0].to_string();
        assert!(first.contains("\"\\u{435}u\""), "{first}");
    }

    #[test]
    fn bearings_and_colours_and_durations_are_checked() {
        let mut m = valid();
        m.powers[0].bearing_deg = f64::NAN;
        assert!(only_problem(&m).contains("bearing"));
        let mut m = valid();
        m.powers[0].color = "blue".into();
        assert!(only_problem(&m).contains("colour"));
        let mut m = valid();
        m.story[0].duration_s = Some(-1.0);
        assert!(only_problem(&m).contains("duration"));
    }
}
