//! A new map from a few answers (File › New map…): the subject, the powers and the span of
//! dates. Every power starts neutral (0) with low confidence and no reasoning at the first and
//! the last date, so the map says plainly that nothing in it is backed by evidence yet.

use super::date::Date;
use super::map::{
    Confidence, Interpolation, Keyframe, Power, PowerId, StanceMap, id_from_text, unique_id,
};
use super::validate::MAX_NAME_CHARS;

/// The colours new maps give their powers, in order: the Okabe–Ito palette (Okabe & Ito,
/// "Color Universal Design", 2002), which people with the common kinds of colour blindness can
/// tell apart and which the article's map uses. Black, the palette's eighth colour, is left
/// out: the net-tilt arrow is drawn near-black.
pub const NEW_MAP_COLORS: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
];

/// The most powers a new map starts with: one colour of [`NEW_MAP_COLORS`] each. More can be
/// added in Edit map › Powers.
pub const MAX_NEW_MAP_POWERS: usize = NEW_MAP_COLORS.len();

/// What a new map is made from: the answers of the New map dialog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewMapSpec {
    /// The map's title; empty: made from the subject (see [`default_title`]).
    pub title: String,
    /// The country whose alignment the map follows.
    pub subject: String,
    /// Who makes this reading of the sources; may be empty.
    pub analyst: String,
    /// The powers' names, in order; blank names are left out.
    pub powers: Vec<String>,
    /// The first date, as typed: `YYYY` or `YYYY-MM`.
    pub first: String,
    /// The last date, as typed.
    pub last: String,
}

/// Why a new map cannot be made from the answers given, in words for the person who gave them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NewMapError {
    /// No subject country.
    #[error("Name the country the map is about (the subject).")]
    NoSubject,
    /// No power named.
    #[error("Name at least one power the subject leans toward or away from.")]
    NoPowers,
    /// More powers than there are colours.
    #[error(
        "A new map starts with at most {MAX_NEW_MAP_POWERS} powers; add more later in Edit map › Powers."
    )]
    TooManyPowers,
    /// Two powers with the same name.
    #[error("Two powers are both called \"{0}\": give each power its own name.")]
    SameName(String),
    /// A name longer than a map allows.
    #[error("The {0} is too long: at most {MAX_NAME_CHARS} characters.")]
    TooLong(&'static str),
    /// A date that is not one.
    #[error("The {which} date: {reason}")]
    BadDate {
        /// "first" or "last".
        which: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The last date is not after the first.
    #[error("The last date must come after the first.")]
    DatesOutOfOrder,
}

/// The title a new map gets when none is given: "Georgia: foreign-policy alignment".
pub fn default_title(subject: &str) -> String {
    format!("{}: foreign-policy alignment", subject.trim())
}

/// A date as typed in the New map dialog: `YYYY` or `YYYY-MM`, a year from 1 to 9999 and a
/// month from 01 to 12.
fn parse_date(text: &str, which: &'static str) -> Result<Date, NewMapError> {
    let text = text.trim();
    let bad = |reason: String| NewMapError::BadDate { which, reason };
    if text.is_empty() {
        return Err(bad(
            "write a year such as \"2004\" or a year and month such as \"2004-03\".".to_owned(),
        ));
    }
    let date = Date::parse_iso(text).map_err(|e| bad(format!("{e}.")))?;
    if !(1..=9999).contains(&date.year) {
        return Err(bad(format!(
            "the year of \"{text}\" must be from 1 to 9999."
        )));
    }
    if date.month.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(bad(format!(
            "\"{text}\" is not a date: the month must be from 01 to 12."
        )));
    }
    Ok(date)
}

/// The bearing of power `index` of `count`: spread evenly around the compass from north,
/// clockwise, in whole degrees.
pub fn even_bearing_deg(index: usize, count: usize) -> f64 {
    if count == 0 {
        return 0.0;
    }
    // Small counts: exact in f64.
    #[allow(clippy::cast_precision_loss)]
    let bearing = 360.0 * index as f64 / count as f64;
    bearing.round().rem_euclid(360.0)
}

/// A keyframe at `date` that claims nothing: neutral, low confidence, no reasoning, no
/// evidence. The map marks it as a value without support until evidence is added.
fn blank_keyframe(date: Date) -> Keyframe {
    Keyframe {
        unjudged: false,
        date,
        strength: 0.0,
        confidence: Confidence::Low,
        interpolation: Interpolation::Linear,
        reasoning: String::new(),
        evidence: Vec::new(),
    }
}

/// A new map from `spec`: each named power with an id made from its name (unique in the map),
/// a colour of [`NEW_MAP_COLORS`], a bearing spread evenly around the compass, and a keyframe
/// at the first and at the last date (strength 0, confidence Low, no reasoning). No sources,
/// events or story yet.
///
/// # Errors
/// A [`NewMapError`] that says what to change in the answers.
pub fn new_map(spec: &NewMapSpec) -> Result<StanceMap, NewMapError> {
    let subject = spec.subject.trim();
    if subject.is_empty() {
        return Err(NewMapError::NoSubject);
    }
    let names: Vec<&str> = spec
        .powers
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err(NewMapError::NoPowers);
    }
    if names.len() > MAX_NEW_MAP_POWERS {
        return Err(NewMapError::TooManyPowers);
    }
    for (i, name) in names.iter().enumerate() {
        if names[..i]
            .iter()
            .any(|n| n.to_lowercase() == name.to_lowercase())
        {
            return Err(NewMapError::SameName((*name).to_owned()));
        }
    }
    let title = match spec.title.trim() {
        "" => default_title(subject),
        title => title.to_owned(),
    };
    let too_long = |text: &str| text.chars().count() > MAX_NAME_CHARS;
    for (what, text) in [
        ("subject", subject),
        ("title", title.as_str()),
        ("analyst's name", spec.analyst.trim()),
    ] {
        if too_long(text) {
            return Err(NewMapError::TooLong(what));
        }
    }
    if names.iter().any(|n| too_long(n)) {
        return Err(NewMapError::TooLong("name of a power"));
    }
    let first = parse_date(&spec.first, "first")?;
    let last = parse_date(&spec.last, "last")?;
    if last.to_year_f64() <= first.to_year_f64() {
        return Err(NewMapError::DatesOutOfOrder);
    }
    let mut powers: Vec<Power> = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let mut base = id_from_text(name);
        if base.is_empty() {
            // A name in another script (Россия) keeps nothing: the id only has to be unique.
            base.push_str("power");
        }
        let taken = |id: &str| powers.iter().any(|p| p.id.0 == id);
        let suffixes = (2..=names.len() + 1).map(|n| format!("_{n}"));
        let id = unique_id(&base, suffixes, taken).unwrap_or_else(|| format!("power_{i}"));
        powers.push(Power {
            id: PowerId(id),
            name: (*name).to_owned(),
            color: NEW_MAP_COLORS[i % NEW_MAP_COLORS.len()].to_owned(),
            bearing_deg: even_bearing_deg(i, names.len()),
            track: vec![blank_keyframe(first), blank_keyframe(last)],
        });
    }
    Ok(StanceMap {
        title,
        subject: subject.to_owned(),
        analyst: spec.analyst.trim().to_owned(),
        powers,
        ..StanceMap::empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{is_valid_id, validate};

    fn spec(powers: &[&str]) -> NewMapSpec {
        NewMapSpec {
            title: String::new(),
            subject: "Georgia".to_owned(),
            analyst: "A. Lecturer".to_owned(),
            powers: powers.iter().map(|p| (*p).to_owned()).collect(),
            first: "2003".to_owned(),
            last: "2024-06".to_owned(),
        }
    }

    #[test]
    fn a_new_map_validates_and_has_what_was_asked_for() {
        let map = new_map(&spec(&["Russia", " EU ", "", "US/NATO"])).unwrap();
        assert_eq!(validate(&map), vec![], "a new map is a valid map");
        assert_eq!(map.subject, "Georgia");
        assert_eq!(map.title, "Georgia: foreign-policy alignment");
        assert_eq!(map.analyst, "A. Lecturer");
        let names: Vec<&str> = map.powers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Russia", "EU", "US/NATO"], "blank rows left out");
        let ids: Vec<&str> = map.powers.iter().map(|p| p.id.0.as_str()).collect();
        assert_eq!(ids, ["russia", "eu", "us_nato"]);
        for power in &map.powers {
            let dates: Vec<String> = power.track.iter().map(|k| k.date.to_iso()).collect();
            assert_eq!(dates, ["2003", "2024-06"]);
            for k in &power.track {
                assert_eq!(k.strength, 0.0);
                assert_eq!(k.confidence, Confidence::Low);
                assert!(k.reasoning.is_empty() && k.evidence.is_empty());
                assert!(k.is_unsupported(), "the map shows it has no evidence yet");
            }
        }
        assert!(map.sources.is_empty() && map.events.is_empty() && map.story.is_empty());
        let titled = new_map(&NewMapSpec {
            title: "  Georgia between the powers ".to_owned(),
            ..spec(&["Russia"])
        })
        .unwrap();
        assert_eq!(titled.title, "Georgia between the powers");
    }

    #[test]
    fn ids_are_unique_and_valid_whatever_the_names() {
        let map = new_map(&spec(&["Россия", "Китай", "EU", "E.U", "Čačak"])).unwrap();
        assert_eq!(validate(&map), vec![]);
        let ids: Vec<&str> = map.powers.iter().map(|p| p.id.0.as_str()).collect();
        assert_eq!(ids, ["power", "power_2", "eu", "e_u", "cacak"]);
        for id in ids {
            assert!(is_valid_id(id), "{id}");
        }
        // Names that make the same id still get two.
        let map = new_map(&spec(&["US NATO", "US/NATO"])).unwrap();
        assert_eq!(map.powers[0].id.0, "us_nato");
        assert_eq!(map.powers[1].id.0, "us_nato_2");
        assert_eq!(validate(&map), vec![]);
    }

    #[test]
    fn bearings_are_spread_evenly_and_colours_differ() {
        for count in 1..=MAX_NEW_MAP_POWERS {
            let names: Vec<String> = (0..count).map(|i| format!("Power {i}")).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let map = new_map(&spec(&names)).unwrap();
            let mut bearings: Vec<f64> = map.powers.iter().map(|p| p.bearing_deg).collect();
            assert_eq!(bearings[0], 0.0, "the first power is north");
            bearings.sort_by(f64::total_cmp);
            #[allow(clippy::cast_precision_loss)]
            let even = 360.0 / count as f64;
            for (i, b) in bearings.iter().enumerate() {
                let next = bearings.get(i + 1).copied().unwrap_or(bearings[0] + 360.0);
                assert!(
                    (next - b - even).abs() <= 1.0,
                    "{count} powers: {bearings:?} are not spread evenly"
                );
            }
            let mut colors: Vec<&str> = map.powers.iter().map(|p| p.color.as_str()).collect();
            colors.sort_unstable();
            colors.dedup();
            assert_eq!(colors.len(), count, "every power its own colour");
        }
        assert_eq!(even_bearing_deg(1, 2), 180.0);
        assert_eq!(even_bearing_deg(1, 3), 120.0);
        assert_eq!(even_bearing_deg(1, 7), 51.0);
    }

    #[test]
    fn answers_that_cannot_make_a_map_say_what_to_change() {
        let with = |f: fn(&mut NewMapSpec)| {
            let mut s = spec(&["Russia", "EU"]);
            f(&mut s);
            new_map(&s).unwrap_err()
        };
        assert_eq!(with(|s| s.subject = "  ".into()), NewMapError::NoSubject);
        assert_eq!(with(|s| s.powers = vec![" ".into()]), NewMapError::NoPowers);
        assert_eq!(
            with(|s| s.powers = vec!["EU".into(), "eu ".into()]),
            NewMapError::SameName("eu".into())
        );
        assert_eq!(
            with(|s| s.powers = (0..8).map(|i| format!("P{i}")).collect()),
            NewMapError::TooManyPowers
        );
        assert_eq!(
            with(|s| s.last = "2003".into()),
            NewMapError::DatesOutOfOrder
        );
        assert_eq!(
            with(|s| s.first = "2030".into()),
            NewMapError::DatesOutOfOrder
        );
        assert!(matches!(
            with(|s| s.first = "2003-13".into()),
            NewMapError::BadDate { which: "first", .. }
        ));
        assert!(matches!(
            with(|s| s.last = "next year".into()),
            NewMapError::BadDate { which: "last", .. }
        ));
        assert!(matches!(
            with(|s| s.first = String::new()),
            NewMapError::BadDate { which: "first", .. }
        ));
        assert!(matches!(
            with(|s| s.first = "0000".into()),
            NewMapError::BadDate { which: "first", .. }
        ));
        assert_eq!(
            with(|s| s.subject = "G".repeat(MAX_NAME_CHARS + 1)),
            NewMapError::TooLong("subject")
        );
        // Every message is a sentence for the person who typed the answers.
        let message = with(|s| s.last = "2003".into()).to_string();
        assert_eq!(message, "The last date must come after the first.");
    }
}
