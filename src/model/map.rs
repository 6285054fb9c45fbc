//! The document: a stance map and everything in it, as plain serde data.

use serde::{Deserialize, Serialize};

use super::date::Date;

/// The file format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 6;

/// A whole stance map: one subject country, the powers it leans toward or away from over time,
/// the sources behind every value, dated events, and a story for presenting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceMap {
    /// The version of the file format; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The map's title, shown in the window title and on slides.
    pub title: String,
    /// The country whose alignment the map follows, drawn at the centre of the compass.
    pub subject: String,
    /// Who made this reading of the sources: every strength and date placement in the map is
    /// their judgement. Empty when nobody has said (files of format version 1).
    #[serde(default)]
    pub analyst: String,
    /// What the map is about and where it comes from.
    #[serde(default)]
    pub description: String,
    /// The powers the subject aligns with or against.
    pub powers: Vec<Power>,
    /// The bibliography: every source evidence may cite.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Dated events that explain changes, drawn on the timeline.
    #[serde(default)]
    pub events: Vec<Event>,
    /// The steps of a presentation, in order.
    #[serde(default)]
    pub story: Vec<StoryStep>,
    /// Measured series drawn beside the judged lines: each speaks to one power and cites its
    /// sources point by point. Never merged into the judged values. Format 5.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// An exercise: a copy of a map for a student, with the judgements cleared (its keyframes
    /// are `unjudged`) and the evidence kept. The app asks for the student's name as `analyst`
    /// when one is first saved. Format 6.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exercise: bool,
    /// Where the map opens, in the app and in its web page: saved on request by File › Save
    /// view with map. `None` opens at the usual place. Format 6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<SavedView>,
}

/// What a reader was looking at, saved with the map so that others open it at the same place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedView {
    /// The date shown, on the continuous time axis (`2009.0` is the start of 2009, `2009.5`
    /// the middle of it).
    pub date: f64,
    /// The selected power, if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power: Option<PowerId>,
    /// The story step shown, numbered from 1 as the presenter numbers them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// The measured series shown on the timeline and compass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorId>,
}

impl SavedView {
    /// The story step as an index into [`StanceMap::story`] (the file numbers them from 1).
    pub fn step_index(&self) -> Option<usize> {
        self.step.and_then(|n| n.checked_sub(1))
    }
}

/// The stable identifier of a power, for example `"russia"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PowerId(pub String);

/// The stable identifier of a source in the bibliography, for example `"vuksanovic2021"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub String);

/// The stable identifier of a measured indicator, for example `"isac_cfsp"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndicatorId(pub String);

impl std::fmt::Display for IndicatorId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for PowerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for SourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A power the subject country relates to, with its place on the compass and its track over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Power {
    /// Stable identifier, unique within the map.
    pub id: PowerId,
    /// The name people read, for example "US/NATO".
    pub name: String,
    /// The colour of its arrow and line, as `#rrggbb`.
    pub color: String,
    /// Where the power sits on the compass around the subject, in degrees clockwise from north.
    pub bearing_deg: f64,
    /// The keyframes of its alignment, in date order.
    #[serde(default)]
    pub track: Vec<Keyframe>,
}

/// How sure the analyst is of a keyframe's strength.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// Little or indirect evidence.
    Low,
    /// Some direct evidence.
    #[default]
    Medium,
    /// Direct, explicit evidence.
    High,
}

impl Confidence {
    /// All values, lowest first.
    pub const ALL: [Self; 3] = [Self::Low, Self::Medium, Self::High];

    /// The word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    /// Half the width of the uncertainty band drawn around a value of this confidence, in
    /// strength units (the band runs from value − this to value + this). Not a statistical
    /// interval: a picture of how sure the analyst says they are, wide for Low (±0.25, a
    /// quarter of the scale's half), narrow for High (±0.05, one drag step).
    pub fn band_half_width(self) -> f64 {
        match self {
            Self::Low => 0.25,
            Self::Medium => 0.12,
            Self::High => 0.05,
        }
    }
}

/// How a keyframe's value carries on to the next keyframe.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Interpolation {
    /// The value changes linearly toward the next keyframe.
    #[default]
    Linear,
    /// The value holds until the next keyframe, then jumps.
    Hold,
}

/// The alignment of the subject toward one power at one date, with the evidence for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyframe {
    /// When.
    pub date: Date,
    /// From -1 (opposed) through 0 (neutral) to +1 (fully aligned with the power).
    /// An analyst's judgement of the evidence, not a measurement.
    pub strength: f64,
    /// How sure the analyst is of `strength`.
    #[serde(default)]
    pub confidence: Confidence,
    /// How the value carries on until the next keyframe.
    #[serde(default)]
    pub interpolation: Interpolation,
    /// The analyst's reasoning from the evidence to the value: a judgement, shown as such.
    #[serde(default)]
    pub reasoning: String,
    /// Verbatim quotes that support the value.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Still to be judged: the keyframe of an exercise, whose strength, confidence and
    /// reasoning were cleared for a student to make. Its `strength` means nothing while this
    /// is set; the app shows "not yet judged" instead of a value, and judging it clears the
    /// mark. Format 6.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unjudged: bool,
}

/// The aspect of a relationship a piece of evidence speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dimension {
    /// Political and diplomatic ties.
    Political,
    /// Economic and trade ties.
    Economic,
    /// Energy supply and ownership.
    Energy,
    /// Security and military ties.
    Security,
    /// Cultural, religious and historical ties.
    Cultural,
    /// Humanitarian aid.
    Humanitarian,
    /// Territorial questions, here above all Kosovo.
    Territorial,
}

impl Dimension {
    /// Every dimension, in display order.
    pub const ALL: [Self; 7] = [
        Self::Political,
        Self::Economic,
        Self::Energy,
        Self::Security,
        Self::Cultural,
        Self::Humanitarian,
        Self::Territorial,
    ];

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Political => "political/diplomatic",
            Self::Economic => "economic/trade",
            Self::Energy => "energy",
            Self::Security => "security/military",
            Self::Cultural => "cultural/historical",
            Self::Humanitarian => "humanitarian",
            Self::Territorial => "territorial/Kosovo",
        }
    }
}

/// One verbatim quote with the source it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The words exactly as they stand in the source text, character for character.
    pub quote: String,
    /// The source the quote's claim is attributed to (the in-text citation), by id.
    pub source: SourceId,
    /// Where in the source, for example `p. 7`; empty when the citation gives no page.
    #[serde(default)]
    pub locator: String,
    /// What aspect of the relationship it speaks to.
    pub dimension: Dimension,
    /// How it bears on the value it is attached to: for it, against it, or narrowing it.
    /// Files of format 3 and older have no roles: every quote there supports its value.
    #[serde(default)]
    pub role: Role,
}

/// How a piece of evidence bears on the keyframe's value (or the event, or the story step's
/// point) it is attached to. A judgement shown against its counter-evidence is one a reader
/// can argue with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// It backs the value.
    #[default]
    Supports,
    /// It backs the value only in part, or only under a condition: a limit to the claim.
    Qualifies,
    /// It points the other way: counter-evidence the value was judged against.
    Contradicts,
}

impl Role {
    /// Every role, in the order the evidence panel groups them.
    pub const ALL: [Self; 3] = [Self::Supports, Self::Qualifies, Self::Contradicts];

    /// The word shown beside a quote: "supports", "qualifies", "contradicts".
    pub fn label(self) -> &'static str {
        match self {
            Self::Supports => "supports",
            Self::Qualifies => "qualifies",
            Self::Contradicts => "contradicts",
        }
    }

    /// The heading of a group of quotes with this role in the evidence panel and the handout.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Supports => "Supporting evidence",
            Self::Qualifies => "Qualifying evidence",
            Self::Contradicts => "Counter-evidence",
        }
    }
}

impl Keyframe {
    /// Whether evidence attached to this keyframe points against its value: the value is
    /// contested, and the compass and timeline mark it so.
    pub fn is_contested(&self) -> bool {
        !self.unjudged && self.evidence.iter().any(|e| e.role == Role::Contradicts)
    }

    /// Whether no attached evidence backs the value (none at all, or only quotes that qualify
    /// or contradict it): a claim without support.
    pub fn is_unsupported(&self) -> bool {
        !self.unjudged && !self.evidence.iter().any(|e| e.role == Role::Supports)
    }
}

/// An entry of the bibliography.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable identifier, unique within the map.
    pub id: SourceId,
    /// The author as cited in the text, for example `Vuksanovic` or `Beckmann-Dierkes & Rankić`.
    pub author: String,
    /// The year as cited; `None` prints as "n.d.".
    #[serde(default)]
    pub year: Option<i32>,
    /// The full bibliography entry, as the article gives it.
    pub entry: String,
    /// Where the source can be read, for a source on the web; empty for print. Format 5.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// When the web source was read, `YYYY-MM-DD`; empty when not recorded. Format 5.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accessed: String,
}

impl Source {
    /// The in-text citation, as the article formats it: "Vuksanovic, 2021, p. 7".
    pub fn citation(&self, locator: &str) -> String {
        let year = self
            .year
            .map_or_else(|| "n.d.".to_owned(), |y| y.to_string());
        if locator.trim().is_empty() {
            format!("{}, {year}", self.author)
        } else {
            format!("{}, {year}, {}", self.author, locator.trim())
        }
    }
}

/// Something that happened at a date and concerns some of the powers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// When.
    pub date: Date,
    /// A short title, shown on the timeline.
    pub title: String,
    /// The powers it concerns.
    #[serde(default)]
    pub powers: Vec<PowerId>,
    /// The analyst's note: what it meant, or how its date was inferred where the text gives none.
    #[serde(default)]
    pub note: String,
    /// Verbatim quotes about it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// One step of a presentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryStep {
    /// The date the compass shows at this step.
    pub date: Date,
    /// A short headline.
    pub title: String,
    /// One or two sentences for the audience.
    #[serde(default)]
    pub caption: String,
    /// The powers in focus; the others are dimmed. Empty means all.
    #[serde(default)]
    pub focus: Vec<PowerId>,
    /// One or two quotes to show as cards.
    #[serde(default)]
    pub quotes: Vec<Evidence>,
    /// How long autoplay stays on this step, in seconds; `None`: as long as its words take to
    /// read ([`super::story_text::step_time`]).
    #[serde(default)]
    pub duration_s: Option<f64>,
    /// The speaker's notes for this step: shown only in the presenter view, never to the
    /// audience (not on the slides, the handout or the audience screen). Format 4.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The measured indicators this step shows beside the judged lines (on the slides, the
    /// SVG and the presenter screen). Empty: none. Format 5.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorId>,
}

/// Which way an indicator's values run when the subject comes closer to its power.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Closer {
    /// A higher value means closer (alignment with EU declarations, support for membership).
    #[default]
    Higher,
    /// A lower value means closer (for example a distance between voting positions).
    Lower,
}

impl Closer {
    /// Both directions, `Higher` first.
    pub const ALL: [Self; 2] = [Self::Higher, Self::Lower];

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Higher => "higher is closer",
            Self::Lower => "lower is closer",
        }
    }
}

/// A measured series that speaks to one power: what was counted, polled or voted, never an
/// analyst's judgement. Drawn on its own scale under the power's judged line, point by point,
/// each point citing a source from the map's bibliography. A missing period is a gap: nothing
/// is interpolated between measurements.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable identifier, unique within the map.
    pub id: IndicatorId,
    /// The name people read, for example "ISAC: alignment with EU foreign-policy declarations".
    pub name: String,
    /// The unit of the values, for example `%`; `%` also gives the timeline a percent axis.
    pub unit: String,
    /// The power it speaks to.
    pub power: PowerId,
    /// Which way means closer to that power.
    #[serde(default)]
    pub closer: Closer,
    /// The value drawn at the bottom of the indicator's own scale (0 for a percentage).
    pub low: f64,
    /// The value drawn at the top of its scale (100 for a percentage).
    pub high: f64,
    /// How it is measured and what it leaves out, in a sentence or two.
    #[serde(default)]
    pub method: String,
    /// The measurements, in date order, one per date.
    #[serde(default)]
    pub points: Vec<IndicatorPoint>,
}

/// One measured value of an indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPoint {
    /// When: a year alone covers that calendar year, a month is that month's measurement.
    pub date: Date,
    /// The value, in the indicator's unit, as the source gives it.
    pub value: f64,
    /// The source that gives this value, by id.
    pub source: SourceId,
    /// What the source says beside the number (a count, a caveat).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Whether the figure is uncertain: sources conflict, its period is unclear, or it comes
    /// second-hand. Always shown as such.
    #[serde(default, skip_serializing_if = "is_false")]
    pub uncertain: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(value: &bool) -> bool {
    !*value
}

impl StanceMap {
    /// An empty map with no powers.
    pub fn empty() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            title: "Untitled map".to_owned(),
            subject: "Subject".to_owned(),
            analyst: String::new(),
            description: String::new(),
            powers: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            story: Vec::new(),
            indicators: Vec::new(),
            exercise: false,
            view: None,
        }
    }

    /// The power with this id.
    pub fn power(&self, id: &PowerId) -> Option<&Power> {
        self.powers.iter().find(|p| &p.id == id)
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| &i.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| &s.id == id)
    }

    /// The citation of a piece of evidence, or a notice that its source is missing.
    pub fn citation(&self, evidence: &Evidence) -> String {
        match self.source(&evidence.source) {
            Some(source) => source.citation(&evidence.locator),
            None => format!("unknown source \"{}\"", evidence.source),
        }
    }

    /// The span of dates in the map (keyframes and events), in fractional years.
    pub fn span_year_f64(&self) -> Option<(f64, f64)> {
        let dates = self
            .powers
            .iter()
            .flat_map(|p| p.track.iter().map(|k| k.date))
            .chain(self.events.iter().map(|e| e.date))
            .map(Date::to_year_f64);
        dates.fold(None, |acc, y| match acc {
            None => Some((y, y)),
            Some((lo, hi)) => Some((lo.min(y), hi.max(y))),
        })
    }
}

impl StanceMap {
    /// The dates worth stopping at when stepping through time: every keyframe of the powers
    /// `include` accepts and every event, in order, without repeats.
    pub fn stops_year_f64(&self, mut include: impl FnMut(&Power) -> bool) -> Vec<f64> {
        let mut stops: Vec<f64> = self
            .powers
            .iter()
            .filter(|p| include(p))
            .flat_map(|p| p.track.iter().map(|k| k.date.to_year_f64()))
            .chain(self.events.iter().map(|e| e.date.to_year_f64()))
            .collect();
        stops.sort_by(f64::total_cmp);
        stops.dedup();
        stops
    }
}

impl StanceMap {
    /// The date to show for a point on the time axis: "2008" when a keyframe, event or story
    /// step there names only the year (the evidence says no more), otherwise its month,
    /// "March 2020".
    pub fn date_label(&self, year_f64: f64) -> String {
        let year_only = |d: &Date| d.month.is_none() && d.to_year_f64() == year_f64;
        let on_year_only_keyframe =
            self.powers
                .iter()
                .any(|p| match super::sample::bracket(&p.track, year_f64) {
                    super::sample::Bracket::On(i) => year_only(&p.track[i].date),
                    _ => false,
                });
        if on_year_only_keyframe
            || self.events.iter().any(|e| year_only(&e.date))
            || self.story.iter().any(|s| year_only(&s.date))
        {
            format!("{}", year_f64 as i32)
        } else {
            super::date::format_year_f64(year_f64)
        }
    }
}

/// The first stop after `year_f64`, if any (a small tolerance skips the stop we are on).
pub fn next_stop(stops: &[f64], year_f64: f64) -> Option<f64> {
    stops.iter().copied().find(|&s| s > year_f64 + 1e-6)
}

/// The last stop before `year_f64`, if any.
pub fn previous_stop(stops: &[f64], year_f64: f64) -> Option<f64> {
    stops.iter().rev().copied().find(|&s| s < year_f64 - 1e-6)
}

/// The longest id a power or source may have, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// Whether `id` follows the rule for power and source ids (format version 3 on): 1 to
/// [`MAX_ID_CHARS`] characters, each an ASCII lowercase letter, a digit, `-` or `_`. Ids are
/// typed by hand and compared byte for byte, so the rule keeps out ids that look alike but
/// differ ("EU" and "eu", a Cyrillic "е" for a Latin "e", an invisible space).
pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// An id that follows [`is_valid_id`]'s rule made from a name or an old id: lower case,
/// accents taken off common Latin letters, every run of other characters one `_`, at most
/// [`MAX_ID_CHARS`] characters. Empty when nothing in `text` can be kept.
pub fn id_from_text(text: &str) -> String {
    let mut id = String::new();
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let kept = if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            Some(c.to_string())
        } else {
            fold_latin(c).map(str::to_owned)
        };
        match kept {
            Some(letters) => {
                if gap && !id.is_empty() {
                    id.push('_');
                }
                gap = false;
                id.push_str(&letters);
            }
            None => gap = true,
        }
        if id.len() >= MAX_ID_CHARS {
            break;
        }
    }
    id.truncate(MAX_ID_CHARS);
    id
}

/// `base`, or `base` with the first free suffix from `suffixes` when `taken` says `base` is
/// in use, cut so that the whole stays within [`MAX_ID_CHARS`]. `None` if all are taken.
pub fn unique_id(
    base: &str,
    suffixes: impl IntoIterator<Item = String>,
    taken: impl Fn(&str) -> bool,
) -> Option<String> {
    if !taken(base) {
        return Some(base.to_owned());
    }
    suffixes.into_iter().find_map(|suffix| {
        let keep = MAX_ID_CHARS.saturating_sub(suffix.len()).min(base.len());
        // `base` is ASCII when it follows the rule; `get` keeps a non-ASCII one from panicking.
        let candidate = format!("{}{suffix}", base.get(..keep).unwrap_or(base));
        (!taken(&candidate)).then_some(candidate)
    })
}

/// The plain Latin letters for a lower-case letter with an accent, as a reader would type
/// them without the accent (č → c, ß → ss); `None` for anything else.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Parse `#rrggbb` into its three channels.
pub fn parse_hex_color(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_formats_as_in_the_article() {
        let s = Source {
            id: SourceId("vuksanovic2021".into()),
            author: "Vuksanovic".into(),
            year: Some(2021),
            entry: String::new(),
            url: String::new(),
            accessed: String::new(),
        };
        assert_eq!(s.citation("p. 7"), "Vuksanovic, 2021, p. 7");
        assert_eq!(s.citation(""), "Vuksanovic, 2021");
        let undated = Source { year: None, ..s };
        assert_eq!(undated.citation(""), "Vuksanovic, n.d.");
    }

    #[test]
    fn stops_step_between_keyframes_and_events() {
        let stops = [1999.0, 2008.0, 2009.0];
        assert_eq!(next_stop(&stops, 1990.0), Some(1999.0));
        assert_eq!(next_stop(&stops, 1999.0), Some(2008.0));
        assert_eq!(next_stop(&stops, 2009.0), None);
        assert_eq!(previous_stop(&stops, 2009.0), Some(2008.0));
        assert_eq!(previous_stop(&stops, 2008.5), Some(2008.0));
        assert_eq!(previous_stop(&stops, 1999.0), None);
    }

    #[test]
    fn dates_on_year_only_evidence_show_only_the_year() {
        let mut map = StanceMap::empty();
        map.events.push(Event {
            date: Date::year(2008),
            title: "E".into(),
            powers: vec![],
            note: String::new(),
            evidence: vec![],
        });
        assert_eq!(map.date_label(2008.0), "2008");
        assert_eq!(map.date_label(2009.0), "January 2009");
        assert_eq!(map.date_label(2008.5), "July 2008");
    }

    #[test]
    fn ids_follow_one_rule() {
        for good in [
            "eu",
            "us_nato",
            "beckmann-dierkes2022",
            "0",
            &"a".repeat(64),
        ] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "EU",
            "e u",
            "\u{435}u", // Cyrillic е
            "eu\u{200b}",
            "eu.1",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn ids_made_from_text_follow_the_rule() {
        assert_eq!(id_from_text("EU"), "eu");
        assert_eq!(id_from_text("US/NATO"), "us_nato");
        assert_eq!(id_from_text("  Rankić & Đorđević "), "rankic_dordevic");
        assert_eq!(id_from_text("Straße"), "strasse");
        assert_eq!(id_from_text("Россия"), "");
        assert_eq!(id_from_text("\u{435}u"), "u");
        assert_eq!(id_from_text(&"É".repeat(100)), "e".repeat(64));
        for text in ["EU", "a b", "x\u{200b}y", &"ab ".repeat(50)] {
            assert!(is_valid_id(&id_from_text(text)), "{text:?}");
        }
    }

    #[test]
    fn unique_ids_take_a_suffix_and_stay_short() {
        let taken = |id: &str| id == "eu" || id == "eu_2" || id == "a".repeat(64);
        let suffixes = || (2..10).map(|n| format!("_{n}"));
        assert_eq!(unique_id("eu", suffixes(), taken).as_deref(), Some("eu_3"));
        assert_eq!(unique_id("us", suffixes(), taken).as_deref(), Some("us"));
        let long = unique_id(&"a".repeat(64), suffixes(), taken).unwrap();
        assert_eq!(long, format!("{}_2", "a".repeat(62)));
        assert!(is_valid_id(&long));
    }

    #[test]
    fn hex_colours_parse_or_are_refused() {
        assert_eq!(parse_hex_color("#1f4e9c"), Some([0x1f, 0x4e, 0x9c]));
        assert_eq!(parse_hex_color("#FFFFFF"), Some([255, 255, 255]));
        assert_eq!(parse_hex_color("1f4e9c"), None);
        assert_eq!(parse_hex_color("#1f4e9"), None);
        assert_eq!(parse_hex_color("#1f4e9g"), None);
        assert_eq!(parse_hex_color("#ééé"), None);
    }
}
