//! A class of readings: several people's judgements of the same map, matched keyframe by
//! keyframe, summarised (median, quartiles, spread) and scored for agreement the way expert
//! surveys report it. Plain data and pure functions: loading the files is `storage::class`.
//!
//! The types are the contract between the loader, the statistics and the views; the
//! functions over them live beside them in this module.

use super::date::Date;
use super::map::StanceMap;

/// One person's reading of the map: a file they saved, judged by them.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// Who made it, as people read it: the map's analyst, else the file's name.
    pub label: String,
    /// The file it came from, as shown to people (its name, or its path when names clash).
    pub file: String,
    /// The map as read and validated.
    pub map: StanceMap,
}

/// How a reading differs in shape from the map it is compared with: reported for that reading,
/// never silently dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The reading lacks a power the map has (by id); its name in the map.
    MissingPower(String),
    /// The reading has a power the map lacks; its name in the reading.
    ExtraPower(String),
    /// The reading has no keyframe at a date where the map has one.
    MissingKeyframe {
        /// The power's name.
        power: String,
        /// The keyframe's date.
        date: Date,
    },
    /// The reading has a keyframe at a date where the map has none.
    ExtraKeyframe {
        /// The power's name.
        power: String,
        /// The keyframe's date.
        date: Date,
    },
    /// The reading has the keyframe but has not judged it yet (an exercise left unfinished).
    Unjudged {
        /// The power's name.
        power: String,
        /// The keyframe's date.
        date: Date,
    },
}

/// The spread of the class's values at one power and date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// How many readings gave a value.
    pub n: usize,
    /// The median (the middle value, or the mean of the two middle values).
    pub median: f64,
    /// The lower quartile (25th percentile, linear interpolation between order statistics,
    /// as R's default type 7 and numpy's default).
    pub q1: f64,
    /// The upper quartile (75th percentile, same rule).
    pub q3: f64,
    /// The lowest value.
    pub min: f64,
    /// The highest value.
    pub max: f64,
    /// The arithmetic mean.
    pub mean: f64,
    /// The sample standard deviation (divided by n − 1; 0 for a single value).
    pub sd: f64,
}

/// The readings of one map, matched to it: what the class view draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    /// The map the readings are matched against: its powers and keyframe dates are the units
    /// the statistics are computed over (the lecturer's own map, or the first reading).
    pub map: StanceMap,
    /// Whether `map` is a reference reading to draw on top and measure distances from (the
    /// lecturer's own map), rather than only the shape the readings share.
    pub has_reference: bool,
    /// The readings, in the order they were loaded (file name order).
    pub readings: Vec<Reading>,
    /// For each reading (same index), how its shape differs from `map`.
    pub mismatches: Vec<Vec<Mismatch>>,
}
