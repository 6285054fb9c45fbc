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

impl std::fmt::Display for Mismatch {
    /// In plain words, as said of the reading: "lacks the power Russia", "has not judged
    /// Russia at 2009 yet".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingPower(name) => write!(f, "lacks the power {name}"),
            Self::ExtraPower(name) => write!(f, "has a power the map lacks, {name} (left out)"),
            Self::MissingKeyframe { power, date } => {
                write!(f, "lacks the keyframe of {power} at {}", date.to_iso())
            }
            Self::ExtraKeyframe { power, date } => write!(
                f,
                "has a keyframe of {power} at {} that the map lacks (left out of the figures \
                 at the map's keyframes)",
                date.to_iso()
            ),
            Self::Unjudged { power, date } => {
                write!(f, "has not judged {power} at {} yet", date.to_iso())
            }
        }
    }
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
    /// What [`Class::new`] works out once for the views.
    cache: Cache,
}

use super::map::{Confidence, Keyframe, PowerId};
use super::sample::judged_sample;

impl Spread {
    /// The spread of the finite values among `values` (others are ignored); `None` when there
    /// is none. Quartiles and median by linear interpolation between order statistics (R's
    /// type 7, numpy's default): the `p` quantile of sorted `v` is `v[h]` at `h = (n − 1)·p`,
    /// read between the neighbours when `h` is not whole. The standard deviation is the sample
    /// one (divided by n − 1), 0 for a single value.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        Self::of_finite(&mut sorted)
    }

    /// [`Spread::of`] over values already known finite, sorting them in place.
    fn of_finite(values: &mut [f64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let quantile = |p: f64| {
            let h = (n - 1) as f64 * p;
            let lo = h.floor();
            // `h` is within 0..=n−1, so the casts are exact and in range.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let i = lo as usize;
            match values.get(i + 1) {
                Some(&next) => values[i] + (h - lo) * (next - values[i]),
                None => values[i],
            }
        };
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        Some(Spread {
            n,
            median: quantile(0.5),
            q1: quantile(0.25),
            q3: quantile(0.75),
            min: values[0],
            max: values[n - 1],
            mean,
            sd,
        })
    }

    /// The interquartile range, `q3 − q1`.
    pub fn iqr(&self) -> f64 {
        self.q3 - self.q1
    }
}

/// One reading's judged value at one keyframe of the map, as the evidence panel lists it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReadingValue<'a> {
    /// The reading's index in [`Class::readings`].
    pub reading: usize,
    /// Its judged strength.
    pub strength: f64,
    /// How sure its analyst said they were.
    pub confidence: Confidence,
    /// Its analyst's reasoning.
    pub reasoning: &'a str,
}

/// What [`Class::new`] works out once so that a frame is cheap: which power and keyframe of
/// each reading stands for each of the map's, and the spread at each of the map's keyframes.
#[derive(Clone, Debug, Default, PartialEq)]
struct Cache {
    /// Per map power (same index as `map.powers`), per reading: the power's index in the
    /// reading, if it has it.
    power_in_reading: Vec<Vec<Option<usize>>>,
    /// Per map power, per map keyframe (same index as its track): the judged values, as
    /// (reading, keyframe index in that reading's power), sorted by strength then reading.
    cells: Vec<Vec<Vec<(usize, usize)>>>,
    /// Per map power, per map keyframe: the spread of `cells`' values.
    spreads: Vec<Vec<Option<Spread>>>,
    /// Per map power: Krippendorff's alpha over its keyframes.
    alpha_power: Vec<Option<f64>>,
    /// Krippendorff's alpha over every keyframe of every power.
    alpha_all: Option<f64>,
    /// Per map power: how many pairable values its alpha rests on.
    alpha_n_power: Vec<usize>,
    /// How many pairable values the overall alpha rests on.
    alpha_n_all: usize,
}

/// The sums Krippendorff's alpha for interval data is made of, gathered unit by unit.
#[derive(Default)]
struct AlphaSums {
    /// The pairable values (in units with at least two values); `n` is their count.
    values: Vec<f64>,
    /// Σ over units of `Σ_{i≠j}(v_i − v_j)² / (m_u − 1)`.
    within: f64,
}

impl AlphaSums {
    fn add_unit(&mut self, values: &[f64]) {
        let m = values.len();
        if m < 2 {
            return;
        }
        // Σ_{i≠j}(v_i − v_j)² = 2·m·Σ(v_i − mean)².
        self.within += 2.0 * m as f64 * centred_squares(values) / (m - 1) as f64;
        self.values.extend_from_slice(values);
    }

    /// The figure, rounded to 12 decimals so that sums that are equal in exact arithmetic
    /// (one unit alone gives exactly 0) do not show rounding noise such as −2e−16.
    fn alpha(&self) -> Option<f64> {
        let n = self.values.len() as f64;
        // Σ_{i≠j over all pairable values}(v_i − v_j)² = 2·n·Σ(v − mean)².
        let between_all = 2.0 * n * centred_squares(&self.values);
        if self.values.len() < 2 || between_all <= f64::EPSILON * n * n {
            return None;
        }
        let alpha = 1.0 - (n - 1.0) * self.within / between_all;
        Some((alpha * 1e12).round() / 1e12)
    }
}

/// Σ(v − mean)² over `values`.
fn centred_squares(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.iter().map(|v| (v - mean).powi(2)).sum()
}

impl Class {
    /// Why `reading` cannot be a reading of `map` at all, in plain words: it is about a
    /// different country, or it shares no power with it (by id). `None` when it can.
    pub fn refuse_reason(map: &StanceMap, reading: &StanceMap) -> Option<String> {
        let (ours, theirs) = (map.subject.trim(), reading.subject.trim());
        if !ours.eq_ignore_ascii_case(theirs) {
            return Some(format!(
                "it is a map of {theirs}, not of {ours}: a reading of a different map"
            ));
        }
        if !reading.powers.iter().any(|p| map.power(&p.id).is_some()) {
            return Some(format!(
                "it has none of the powers of the map of {ours} (matched by their ids): a \
                 reading of a different map"
            ));
        }
        None
    }

    /// The class of `readings` matched against `map`: works out how each reading differs in
    /// shape from the map ([`Class::mismatches`]) and the spreads and agreement figures the
    /// views draw, once, so that drawing a frame is cheap. `has_reference` says whether `map` is
    /// the lecturer's own reading (drawn on top, distances measured from it).
    pub fn new(map: StanceMap, has_reference: bool, readings: Vec<Reading>) -> Class {
        let mismatches = readings
            .iter()
            .map(|r| mismatches_of(&map, &r.map))
            .collect();
        let mut class = Class {
            map,
            has_reference,
            readings,
            mismatches,
            cache: Cache::default(),
        };
        class.cache = build_cache(&class.map, &class.readings);
        class
    }

    /// The index of a power in the map.
    fn power_index(&self, power: &PowerId) -> Option<usize> {
        self.map.powers.iter().position(|p| &p.id == power)
    }

    /// The indices of the map's power and its keyframe at `date`.
    fn cell_index(&self, power: &PowerId, date: Date) -> Option<(usize, usize)> {
        let p = self.power_index(power)?;
        let k = index_at(&self.map.powers[p].track, date)?;
        Some((p, k))
    }

    fn keyframe_of(&self, reading: usize, power_in_reading: usize, k: usize) -> &Keyframe {
        &self.readings[reading].map.powers[power_in_reading].track[k]
    }

    /// The readings' judged values at the map's keyframe of `power` at `date`, sorted by
    /// strength (lowest first; ties by reading index). A reading that lacks the power or the
    /// keyframe, or has not judged it, gives none. Empty when the map has no such keyframe.
    pub fn values_at_keyframe(&self, power: &PowerId, date: Date) -> Vec<ReadingValue<'_>> {
        let Some((p, k)) = self.cell_index(power, date) else {
            return Vec::new();
        };
        self.cache.cells[p][k]
            .iter()
            .filter_map(|&(reading, kf)| {
                let in_reading = self.cache.power_in_reading[p][reading]?;
                let keyframe = self.keyframe_of(reading, in_reading, kf);
                Some(ReadingValue {
                    reading,
                    strength: keyframe.strength,
                    confidence: keyframe.confidence,
                    reasoning: &keyframe.reasoning,
                })
            })
            .collect()
    }

    /// The spread of the readings' judged values at the map's keyframe of `power` at `date`
    /// (worked out when the class was made). `None` when the map has no such keyframe or no
    /// reading judged it.
    pub fn spread_at_keyframe(&self, power: &PowerId, date: Date) -> Option<Spread> {
        let (p, k) = self.cell_index(power, date)?;
        self.cache.spreads[p][k]
    }

    /// The spread of the readings at any date on the continuous time axis: each reading's own
    /// track of `power` sampled at `year_f64` the app's way ([`judged_sample`]: a value that
    /// rests on an unjudged keyframe gives none). `None` when no reading gives a value.
    pub fn spread_at(&self, power: &PowerId, year_f64: f64) -> Option<Spread> {
        let p = self.power_index(power)?;
        let mut values: Vec<f64> = self.cache.power_in_reading[p]
            .iter()
            .zip(&self.readings)
            .filter_map(|(in_reading, reading)| {
                let track = &reading.map.powers[(*in_reading)?].track;
                judged_sample(track, year_f64).filter(|v| v.is_finite())
            })
            .collect();
        Spread::of_finite(&mut values)
    }

    /// Krippendorff's alpha for interval data: how far the readings agree beyond what their
    /// values would give by chance. 1 is perfect agreement, 0 no more than chance, below 0
    /// systematic disagreement.
    ///
    /// The units are the map's keyframes (of `power`, or of every power for `None`); the coders
    /// are the readings; a unit's values are the readings' judged strengths there. Only units
    /// with at least two values are pairable; `n` is the number of pairable values and `m_u`
    /// the number in unit `u`:
    ///
    /// ```text
    /// alpha = 1 − D_o / D_e
    ///       = 1 − (n − 1) · Σ_u [ Σ_{i≠j in u} (v_i − v_j)² / (m_u − 1) ]
    ///                     / Σ_{i≠j over all n pairable values} (v_i − v_j)²
    /// ```
    ///
    /// (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011: the observed
    /// disagreement within units over the disagreement expected between any two values.)
    /// `None` when no unit has two values, or when all pairable values are equal (no
    /// disagreement can be measured, so agreement cannot either).
    pub fn alpha(&self, power: Option<&PowerId>) -> Option<f64> {
        match power {
            None => self.cache.alpha_all,
            Some(id) => self.cache.alpha_power[self.power_index(id)?],
        }
    }

    /// The n Krippendorff reports beside [`Class::alpha`]: how many pairable values it rests
    /// on, that is judged values at keyframes judged by at least two readings (a keyframe
    /// judged by one reading alone counts for nothing). For one power, or all of them for
    /// `None`; 0 for a power not in the map.
    pub fn alpha_n(&self, power: Option<&PowerId>) -> usize {
        match power {
            None => self.cache.alpha_n_all,
            Some(id) => self
                .power_index(id)
                .map_or(0, |p| self.cache.alpha_n_power[p]),
        }
    }

    /// The map's keyframes ranked by how much the class disagrees there: widest interquartile
    /// range first, then largest standard deviation, then map order. Only keyframes with at
    /// least two values.
    pub fn most_disagreed(&self) -> Vec<(PowerId, Date, Spread)> {
        let mut ranked: Vec<(PowerId, Date, Spread)> = self
            .map
            .powers
            .iter()
            .zip(&self.cache.spreads)
            .flat_map(|(power, spreads)| {
                power.track.iter().zip(spreads).filter_map(|(k, s)| {
                    s.filter(|s| s.n >= 2)
                        .map(|s| (power.id.clone(), k.date, s))
                })
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.2.iqr()
                .total_cmp(&a.2.iqr())
                .then(b.2.sd.total_cmp(&a.2.sd))
        });
        ranked
    }

    /// The readings ranked by how far they are from the reference (the map): the mean absolute
    /// difference between their judged value and the map's at the keyframes both judged,
    /// furthest first (ties by reading index). A reading with no keyframe judged by both is
    /// left out. Each row is (reading index, mean difference, how many keyframes it rests
    /// on). Empty when the class has no reference reading.
    pub fn furthest_from_reference(&self) -> Vec<(usize, f64, usize)> {
        if !self.has_reference {
            return Vec::new();
        }
        let mut totals = vec![(0.0_f64, 0_usize); self.readings.len()];
        for (p, power) in self.map.powers.iter().enumerate() {
            for (k, keyframe) in power.track.iter().enumerate() {
                if keyframe.unjudged || !keyframe.strength.is_finite() {
                    continue;
                }
                for &(reading, kf) in &self.cache.cells[p][k] {
                    if let Some(in_reading) = self.cache.power_in_reading[p][reading] {
                        let value = self.keyframe_of(reading, in_reading, kf).strength;
                        totals[reading].0 += (value - keyframe.strength).abs();
                        totals[reading].1 += 1;
                    }
                }
            }
        }
        let mut ranked: Vec<(usize, f64, usize)> = totals
            .iter()
            .enumerate()
            .filter(|(_, (_, count))| *count > 0)
            .map(|(i, (sum, count))| (i, sum / *count as f64, *count))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// How reading `reading` differs in shape from the map, in plain words: each missing or
    /// extra power and keyframe on its own, its keyframes still to judge gathered into one
    /// "25 of 28 keyframes not yet judged" (of the map's keyframes), where the first of them
    /// stood. Empty for a reading index out of range.
    pub fn mismatch_words(&self, reading: usize) -> Vec<String> {
        let Some(mismatches) = self.mismatches.get(reading) else {
            return Vec::new();
        };
        let unjudged = mismatches
            .iter()
            .filter(|m| matches!(m, Mismatch::Unjudged { .. }))
            .count();
        let total: usize = self.map.powers.iter().map(|p| p.track.len()).sum();
        let mut said_unjudged = false;
        let mut out = Vec::new();
        for mismatch in mismatches {
            if matches!(mismatch, Mismatch::Unjudged { .. }) {
                if !said_unjudged {
                    said_unjudged = true;
                    out.push(format!(
                        "{unjudged} of {total} keyframe{} not yet judged",
                        if total == 1 { "" } else { "s" }
                    ));
                }
            } else {
                out.push(mismatch.to_string());
            }
        }
        out
    }

    /// The headline agreement line: Krippendorff's alpha of each power on its own, since the
    /// figure pooled over all powers counts differences between powers as agreement. "agreement
    /// (α) by power: EU 0.23, Russia 0.65, China −0.13, US/NATO 0.59 — 0.800 reliable, 0.667
    /// tentative"; with more than four measurable powers only the lowest and the highest
    /// ("agreement (α) by power: lowest China −0.13, highest Russia 0.65 — …"). Powers whose
    /// agreement cannot be measured are left out; `None` when no power's can.
    pub fn agreement_by_power_line(&self) -> Option<String> {
        let figures: Vec<(&str, f64)> = self
            .map
            .powers
            .iter()
            .filter_map(|p| self.alpha(Some(&p.id)).map(|a| (p.name.as_str(), a)))
            .collect();
        // Two decimals with a true minus, and no "−0.00".
        let figure = |(name, alpha): (&str, f64)| {
            let text = format!("{:.2}", alpha.abs());
            if alpha < 0.0 && text != "0.00" {
                format!("{name} \u{2212}{text}")
            } else {
                format!("{name} {text}")
            }
        };
        let listed = if figures.len() > 4 {
            let lowest = figures.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
            let highest = figures.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
            format!("lowest {}, highest {}", figure(lowest), figure(highest))
        } else if figures.is_empty() {
            return None;
        } else {
            figures
                .iter()
                .copied()
                .map(figure)
                .collect::<Vec<_>>()
                .join(", ")
        };
        Some(format!(
            "agreement (α) by power: {listed} \u{2014} 0.800 reliable, 0.667 tentative"
        ))
    }

    /// Plain words for an alpha figure, after Krippendorff's own guide: from 0.800 "reliable
    /// agreement", from 0.667 "tentative agreement", below that "low agreement", and below 0
    /// "systematic disagreement".
    pub fn agreement_words(alpha: f64) -> &'static str {
        if alpha >= 0.800 {
            "reliable agreement"
        } else if alpha >= 0.667 {
            "tentative agreement"
        } else if alpha >= 0.0 {
            "low agreement"
        } else {
            "systematic disagreement"
        }
    }
}

/// How `reading` differs in shape from `map`: powers missing and extra (by id), keyframes
/// missing and extra (by date, per power), and keyframes it has not judged yet. In the map's
/// order, then the reading's extra powers.
fn mismatches_of(map: &StanceMap, reading: &StanceMap) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for power in &map.powers {
        let Some(theirs) = reading.power(&power.id) else {
            out.push(Mismatch::MissingPower(power.name.clone()));
            continue;
        };
        for keyframe in &power.track {
            match index_at(&theirs.track, keyframe.date).map(|i| &theirs.track[i]) {
                None => out.push(Mismatch::MissingKeyframe {
                    power: power.name.clone(),
                    date: keyframe.date,
                }),
                Some(k) if k.unjudged => out.push(Mismatch::Unjudged {
                    power: power.name.clone(),
                    date: keyframe.date,
                }),
                Some(_) => {}
            }
        }
        for keyframe in &theirs.track {
            if index_at(&power.track, keyframe.date).is_none() {
                out.push(Mismatch::ExtraKeyframe {
                    power: power.name.clone(),
                    date: keyframe.date,
                });
            }
        }
    }
    for power in &reading.powers {
        if map.power(&power.id).is_none() {
            out.push(Mismatch::ExtraPower(power.name.clone()));
        }
    }
    out
}

/// The index of the keyframe at `date`: by binary search, since validation keeps a track in
/// date order, so that matching every keyframe of every reading stays n·log n. Only on a miss
/// is the track searched from end to end, in case a map built in memory is out of order.
fn index_at(track: &[Keyframe], date: Date) -> Option<usize> {
    let year = date.to_year_f64();
    let start = track.partition_point(|k| k.date.to_year_f64() < year);
    track[start..]
        .iter()
        .take_while(|k| k.date.to_year_f64() == year)
        .position(|k| k.date == date)
        .map(|i| start + i)
        .or_else(|| track.iter().position(|k| k.date == date))
}

fn build_cache(map: &StanceMap, readings: &[Reading]) -> Cache {
    let power_in_reading: Vec<Vec<Option<usize>>> = map
        .powers
        .iter()
        .map(|power| {
            readings
                .iter()
                .map(|r| r.map.powers.iter().position(|p| p.id == power.id))
                .collect()
        })
        .collect();
    let mut cells = Vec::with_capacity(map.powers.len());
    let mut spreads = Vec::with_capacity(map.powers.len());
    let mut alpha_power = Vec::with_capacity(map.powers.len());
    let mut alpha_n_power = Vec::with_capacity(map.powers.len());
    let mut all = AlphaSums::default();
    for (power, in_readings) in map.powers.iter().zip(&power_in_reading) {
        let mut power_cells = Vec::with_capacity(power.track.len());
        let mut power_spreads = Vec::with_capacity(power.track.len());
        let mut sums = AlphaSums::default();
        for keyframe in &power.track {
            let mut cell: Vec<(usize, usize, f64)> = in_readings
                .iter()
                .enumerate()
                .filter_map(|(reading, in_reading)| {
                    let track = &readings[reading].map.powers[(*in_reading)?].track;
                    let kf = index_at(track, keyframe.date)?;
                    let k = &track[kf];
                    (!k.unjudged && k.strength.is_finite()).then_some((reading, kf, k.strength))
                })
                .collect();
            cell.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
            let mut values: Vec<f64> = cell.iter().map(|c| c.2).collect();
            sums.add_unit(&values);
            all.add_unit(&values);
            power_spreads.push(Spread::of_finite(&mut values));
            power_cells.push(cell.into_iter().map(|(r, k, _)| (r, k)).collect());
        }
        cells.push(power_cells);
        spreads.push(power_spreads);
        alpha_power.push(sums.alpha());
        alpha_n_power.push(sums.values.len());
    }
    Cache {
        power_in_reading,
        cells,
        spreads,
        alpha_power,
        alpha_all: all.alpha(),
        alpha_n_power,
        alpha_n_all: all.values.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Interpolation, Power};

    fn keyframe(year: i32, strength: f64) -> Keyframe {
        Keyframe {
            date: Date::year(year),
            strength,
            confidence: Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: format!("reasoning {strength}"),
            evidence: Vec::new(),
            unjudged: false,
        }
    }

    fn power(id: &str, track: Vec<Keyframe>) -> Power {
        Power {
            id: PowerId(id.into()),
            name: id.to_uppercase(),
            color: "#123456".into(),
            bearing_deg: 0.0,
            track,
        }
    }

    /// A map of powers `a` and `b`, each with keyframes in 2000 and 2010 at these strengths.
    fn map_ab(a: [f64; 2], b: [f64; 2]) -> StanceMap {
        let mut map = StanceMap::empty();
        map.powers = vec![
            power("a", vec![keyframe(2000, a[0]), keyframe(2010, a[1])]),
            power("b", vec![keyframe(2000, b[0]), keyframe(2010, b[1])]),
        ];
        map
    }

    fn reading(label: &str, map: StanceMap) -> Reading {
        Reading {
            label: label.into(),
            file: format!("{label}.ron"),
            map,
        }
    }

    fn id(s: &str) -> PowerId {
        PowerId(s.into())
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn spread_of_four_values_by_hand() {
        let s = Spread::of(&[0.9, 0.1, 0.4, 0.2]).unwrap();
        assert_eq!(s.n, 4);
        assert!(close(s.q1, 0.175), "{s:?}");
        assert!(close(s.median, 0.3), "{s:?}");
        assert!(close(s.q3, 0.525), "{s:?}");
        assert!(close(s.min, 0.1) && close(s.max, 0.9));
        assert!(close(s.mean, 0.4));
        // Deviations −0.3, −0.2, 0, 0.5: squares sum to 0.38, over n − 1 = 3.
        assert!(close(s.sd, (0.38_f64 / 3.0).sqrt()), "{s:?}");
    }

    #[test]
    fn spread_of_one_value_and_of_none() {
        let s = Spread::of(&[f64::NAN, -0.5]).unwrap();
        assert_eq!(
            (s.n, s.median, s.q1, s.q3, s.sd),
            (1, -0.5, -0.5, -0.5, 0.0)
        );
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(Spread::of(&[f64::NAN, f64::INFINITY]), None);
        // Odd count: the middle value; quartiles at h = 1 and 3 of 0..=4.
        let s = Spread::of(&[5.0, 1.0, 4.0, 2.0, 3.0]).unwrap();
        assert_eq!((s.median, s.q1, s.q3), (3.0, 2.0, 4.0));
    }

    #[test]
    fn refuse_reason_names_another_subject_or_no_common_power() {
        let map = map_ab([0.0, 0.0], [0.0, 0.0]);
        let mut other = map.clone();
        other.subject = "Hungary".into();
        assert!(
            Class::refuse_reason(&map, &other)
                .unwrap()
                .contains("Hungary")
        );
        let mut strangers = map.clone();
        for p in &mut strangers.powers {
            p.id = PowerId(format!("x{}", p.id));
        }
        assert!(
            Class::refuse_reason(&map, &strangers)
                .unwrap()
                .contains("none of the powers")
        );
        let mut partial = map.clone();
        partial.powers.pop();
        assert_eq!(Class::refuse_reason(&map, &partial), None);
    }

    #[test]
    fn mismatches_are_reported_per_reading() {
        let map = map_ab([0.1, 0.2], [0.3, 0.4]);
        let mut odd = map.clone();
        odd.powers.remove(1); // lacks b
        odd.powers[0].track.remove(0); // lacks a 2000
        odd.powers[0].track.push(keyframe(2020, 0.5)); // extra a 2020
        odd.powers.push(power("c", vec![keyframe(2000, 0.0)]));
        let mut unfinished = map.clone();
        unfinished.powers[1].track[1].unjudged = true;
        let class = Class::new(
            map.clone(),
            false,
            vec![
                reading("same", map.clone()),
                reading("odd", odd),
                reading("unfinished", unfinished),
            ],
        );
        assert_eq!(class.mismatches[0], vec![]);
        assert_eq!(
            class.mismatches[2][0].to_string(),
            "has not judged B at 2010 yet"
        );
        assert_eq!(
            class.mismatches[1],
            vec![
                Mismatch::MissingKeyframe {
                    power: "A".into(),
                    date: Date::year(2000)
                },
                Mismatch::ExtraKeyframe {
                    power: "A".into(),
                    date: Date::year(2020)
                },
                Mismatch::MissingPower("B".into()),
                Mismatch::ExtraPower("C".into()),
            ]
        );
        assert_eq!(
            class.mismatches[2],
            vec![Mismatch::Unjudged {
                power: "B".into(),
                date: Date::year(2010)
            }]
        );
    }

    #[test]
    fn values_at_a_keyframe_are_sorted_and_leave_out_the_unjudged() {
        let map = map_ab([0.0, 0.0], [0.0, 0.0]);
        let mut unjudged = map_ab([0.7, 0.0], [0.0, 0.0]);
        unjudged.powers[0].track[0].unjudged = true;
        let mut lacking = map_ab([0.0, 0.0], [0.0, 0.0]);
        lacking.powers.remove(0);
        let class = Class::new(
            map,
            false,
            vec![
                reading("r0", map_ab([0.4, 0.0], [0.0, 0.0])),
                reading("r1", map_ab([-0.2, 0.0], [0.0, 0.0])),
                reading("r2", unjudged),
                reading("r3", map_ab([0.4, 0.0], [0.0, 0.0])),
                reading("r4", lacking),
            ],
        );
        let values = class.values_at_keyframe(&id("a"), Date::year(2000));
        let got: Vec<(usize, f64)> = values.iter().map(|v| (v.reading, v.strength)).collect();
        assert_eq!(got, vec![(1, -0.2), (0, 0.4), (3, 0.4)]);
        assert_eq!(values[0].reasoning, "reasoning -0.2");
        let spread = class
            .spread_at_keyframe(&id("a"), Date::year(2000))
            .unwrap();
        assert_eq!(spread.n, 3);
        assert!(close(spread.median, 0.4));
        assert!(
            class
                .values_at_keyframe(&id("a"), Date::year(2005))
                .is_empty()
        );
        assert_eq!(class.spread_at_keyframe(&id("zzz"), Date::year(2000)), None);
    }

    #[test]
    fn spread_at_any_date_samples_each_reading_and_skips_the_unjudged() {
        let map = map_ab([0.0, 0.0], [0.0, 0.0]);
        let mut unjudged = map_ab([0.0, 0.0], [0.0, 0.0]);
        unjudged.powers[0].track[1].unjudged = true;
        let mut own_keyframe = map_ab([0.0, 0.0], [0.0, 0.0]);
        own_keyframe.powers[0].track.insert(1, keyframe(2005, 1.0));
        let class = Class::new(
            map,
            false,
            vec![
                reading("r0", map_ab([0.0, 0.4], [0.0, 0.0])),
                reading("r1", map_ab([0.2, 0.2], [0.0, 0.0])),
                reading("r2", unjudged),
                reading("r3", own_keyframe),
            ],
        );
        // 2005 is halfway: r0 gives 0.2, r1 0.2, r2 rests on an unjudged keyframe, r3 its
        // own keyframe's 1.0.
        let s = class.spread_at(&id("a"), 2005.0).unwrap();
        assert_eq!(s.n, 3);
        assert!(
            close(s.min, 0.2) && close(s.max, 1.0) && close(s.median, 0.2),
            "{s:?}"
        );
        // Before 2010, r2's first keyframe is judged but the segment ends on an unjudged one.
        assert_eq!(class.spread_at(&id("a"), 2000.0).unwrap().n, 4);
        assert_eq!(class.spread_at(&id("nope"), 2005.0), None);
    }

    #[test]
    fn alpha_by_hand() {
        // Units (a, 2000) = {0, 1} and (a, 2010) = {0, 1}; b never judged by two.
        // n = 4; within: each unit Σ_{i≠j} = 2, over m − 1 = 1, total 4; all pairs: 8 ordered
        // pairs differ by 1. alpha = 1 − 3·4/8 = −0.5.
        let map = map_ab([0.0, 0.0], [0.0, 0.0]);
        let mut b_once = map_ab([1.0, 1.0], [0.5, 0.5]);
        b_once.powers.remove(1);
        let class = Class::new(
            map.clone(),
            false,
            vec![
                reading("r0", map_ab([0.0, 0.0], [0.5, 0.5])),
                reading("r1", b_once),
            ],
        );
        assert!(close(class.alpha(Some(&id("a"))).unwrap(), -0.5));
        assert!(close(class.alpha(None).unwrap(), -0.5));
        assert_eq!(
            class.alpha(Some(&id("b"))),
            None,
            "no unit of b has two values"
        );
        assert_eq!(Class::agreement_words(-0.5), "systematic disagreement");
        // n counts the pairable values only: r1's lone values of b count for nothing.
        assert_eq!(class.alpha_n(Some(&id("a"))), 4);
        assert_eq!(class.alpha_n(Some(&id("b"))), 0);
        assert_eq!(class.alpha_n(None), 4);
        assert_eq!(class.alpha_n(Some(&id("nope"))), 0);
        // Units {0, 0} and {1, 1}: no disagreement within units, alpha 1.
        let class = Class::new(
            map.clone(),
            false,
            vec![
                reading("r0", map_ab([0.0, 1.0], [0.0, 0.0])),
                reading("r1", map_ab([0.0, 1.0], [0.0, 0.0])),
            ],
        );
        assert!(close(class.alpha(Some(&id("a"))).unwrap(), 1.0));
        // b: every value 0, nothing to measure.
        assert_eq!(class.alpha(Some(&id("b"))), None);
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4
    /// observers, 12 units, values 1–5 with some missing; interval alpha = 0.849.
    #[test]
    fn alpha_reproduces_krippendorffs_worked_example() {
        const M: f64 = f64::NAN;
        let data: [[f64; 12]; 4] = [
            [1., 2., 3., 3., 2., 1., 4., 1., 2., M, M, M],
            [1., 2., 3., 3., 2., 2., 4., 1., 2., 5., M, 3.],
            [M, 3., 3., 3., 2., 3., 4., 2., 2., 5., 1., M],
            [1., 2., 3., 3., 2., 4., 4., 1., 2., 5., 1., M],
        ];
        let mut map = StanceMap::empty();
        map.powers = vec![power(
            "p",
            (0..12).map(|u| keyframe(2000 + u, 0.0)).collect(),
        )];
        let readings = data
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut m = map.clone();
                for (k, &v) in m.powers[0].track.iter_mut().zip(row) {
                    k.strength = if v.is_nan() { 0.0 } else { v };
                    k.unjudged = v.is_nan();
                }
                reading(&format!("observer {i}"), m)
            })
            .collect();
        let class = Class::new(map, false, readings);
        let alpha = class.alpha(None).unwrap();
        assert!((alpha - 0.849).abs() < 0.0005, "{alpha}");
        assert_eq!(Class::agreement_words(alpha), "reliable agreement");
        assert_eq!(Class::agreement_words(0.7), "tentative agreement");
        assert_eq!(Class::agreement_words(0.5), "low agreement");
    }

    #[test]
    fn most_disagreed_and_furthest_from_reference() {
        let reference = map_ab([0.0, 0.0], [0.0, 0.0]);
        let readings = vec![
            // a 2000: {−0.5, 0.5, 0} wide; a 2010: {0, 0.1, 0}; b 2000: {0.2, 0.2, 0.2}.
            reading("r0", map_ab([-0.5, 0.0], [0.2, 0.0])),
            reading("r1", map_ab([0.5, 0.1], [0.2, 0.0])),
            reading("r2", map_ab([0.0, 0.0], [0.2, 0.0])),
        ];
        let class = Class::new(reference.clone(), true, readings.clone());
        let ranked = class.most_disagreed();
        assert_eq!(ranked.len(), 4);
        assert_eq!(
            (ranked[0].0.clone(), ranked[0].1),
            (id("a"), Date::year(2000))
        );
        assert_eq!(
            (ranked[1].0.clone(), ranked[1].1),
            (id("a"), Date::year(2010))
        );
        assert!(close(ranked[0].2.iqr(), 0.5));
        // Mean absolute difference over 4 keyframes: r0 (0.5 + 0 + 0.2 + 0)/4 = 0.175,
        // r1 (0.5 + 0.1 + 0.2)/4 = 0.2, r2 0.2/4 = 0.05.
        let far = class.furthest_from_reference();
        let order: Vec<usize> = far.iter().map(|f| f.0).collect();
        assert_eq!(order, vec![1, 0, 2]);
        assert!(close(far[0].1, 0.2) && close(far[1].1, 0.175) && close(far[2].1, 0.05));
        // Each rests on the 4 keyframes both judged; r2 with three left unjudged on 1.
        assert_eq!(far.iter().map(|f| f.2).collect::<Vec<_>>(), vec![4, 4, 4]);
        let mut partial = readings.clone();
        for power in &mut partial[2].map.powers {
            for k in &mut power.track {
                k.unjudged = !(power.id == id("b") && k.date == Date::year(2000));
            }
        }
        let class = Class::new(reference.clone(), true, partial);
        let far = class.furthest_from_reference();
        assert_eq!(
            far.iter().find(|f| f.0 == 2).map(|f| (f.1, f.2)),
            Some((0.2, 1))
        );
        let no_reference = Class::new(reference, false, readings);
        assert!(no_reference.furthest_from_reference().is_empty());
    }

    /// Two powers far apart (A near +0.85, B near −0.85) but each judged inconsistently: the
    /// figure pooled over both is high, each power's own is −0.5 (by hand: units {0.9, 0.8}
    /// and {0.8, 0.9}, within 0.04, expected 0.08 over n − 1 = 3: 1 − 3 · 0.04 / 0.08), and the
    /// headline gives the powers' figures, not the pooled one.
    #[test]
    fn agreement_line_gives_each_powers_figure_not_the_pooled_one() {
        let map = map_ab([0.0, 0.0], [0.0, 0.0]);
        let class = Class::new(
            map.clone(),
            false,
            vec![
                reading("r0", map_ab([0.9, 0.8], [-0.9, -0.8])),
                reading("r1", map_ab([0.8, 0.9], [-0.8, -0.9])),
            ],
        );
        assert!(class.alpha(None).unwrap() > 0.8);
        assert_eq!(
            class.agreement_by_power_line().as_deref(),
            Some("agreement (α) by power: A −0.50, B −0.50 — 0.800 reliable, 0.667 tentative")
        );
        let alone = Class::new(
            map,
            false,
            vec![reading("r0", map_ab([0.9, 0.8], [0.0, 0.0]))],
        );
        assert_eq!(alone.agreement_by_power_line(), None);
    }

    /// More than four powers: only the lowest and the highest. Power k's readings are
    /// {0, d} at 2000 and {1, 1} at 2010: α = 1 − 3d² / (d² + 2 + 2(1 − d)²), so 1 for d = 0
    /// and 0 for d = 1.
    #[test]
    fn agreement_line_with_many_powers_names_the_lowest_and_highest() {
        let ds = [0.2, 0.0, 0.4, 1.0, 0.6];
        let with = |first: bool| {
            let mut map = StanceMap::empty();
            map.powers = ds
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let at_2000 = if first { 0.0 } else { *d };
                    power(
                        &format!("p{k}"),
                        vec![keyframe(2000, at_2000), keyframe(2010, 1.0)],
                    )
                })
                .collect();
            map
        };
        let class = Class::new(
            with(true),
            false,
            vec![reading("r0", with(true)), reading("r1", with(false))],
        );
        assert_eq!(
            class.agreement_by_power_line().as_deref(),
            Some(
                "agreement (α) by power: lowest P3 0.00, highest P1 1.00 — 0.800 reliable, \
                 0.667 tentative"
            )
        );
    }

    #[test]
    fn unjudged_keyframes_are_gathered_into_one_line_per_reading() {
        let map = map_ab([0.0, 0.0], [0.0, 0.0]);
        let mut theirs = map.clone();
        theirs.powers[0].track.truncate(1);
        for power in &mut theirs.powers {
            for k in &mut power.track {
                k.unjudged = true;
            }
        }
        let class = Class::new(
            map.clone(),
            false,
            vec![reading("r0", theirs), reading("r1", map)],
        );
        assert_eq!(class.mismatches[0].len(), 4);
        assert_eq!(
            class.mismatch_words(0),
            vec![
                "3 of 4 keyframes not yet judged".to_owned(),
                "lacks the keyframe of A at 2010".to_owned()
            ]
        );
        assert!(class.mismatch_words(1).is_empty());
    }
}
