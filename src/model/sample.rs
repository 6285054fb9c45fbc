//! Sampling a power's track at any date, and the net tilt of all powers together.

use super::map::{Interpolation, Keyframe, Power, StanceMap};

/// A 2D vector in compass space: `x` to the east, `y` to the north, unit length for strength 1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec2 {
    /// East.
    pub x: f64,
    /// North.
    pub y: f64,
}

impl Vec2 {
    /// The length of the vector.
    pub fn length(self) -> f64 {
        self.x.hypot(self.y)
    }

    /// The compass bearing of the vector in degrees (0 north, 90 east), or `None` for zero.
    pub fn bearing_deg(self) -> Option<f64> {
        (self.length() > 1e-12).then(|| self.x.atan2(self.y).to_degrees().rem_euclid(360.0))
    }
}

/// The unit vector pointing along a compass bearing.
pub fn bearing_unit(bearing_deg: f64) -> Vec2 {
    let rad = bearing_deg.to_radians();
    Vec2 {
        x: rad.sin(),
        y: rad.cos(),
    }
}

/// Where a date falls in a track: the keyframes on either side of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bracket {
    /// The track has no keyframes.
    Empty,
    /// Before the first keyframe (index 0).
    Before,
    /// After the last keyframe (its index).
    After(usize),
    /// Exactly on keyframe `i`.
    On(usize),
    /// Between keyframes `i` and `i + 1`.
    Between(usize),
}

/// Find the keyframes around `year_f64` by binary search: O(log n).
pub fn bracket(track: &[Keyframe], year_f64: f64) -> Bracket {
    if track.is_empty() {
        return Bracket::Empty;
    }
    // First keyframe strictly after the date.
    let after = track.partition_point(|k| k.date.to_year_f64() <= year_f64);
    if after == 0 {
        return Bracket::Before;
    }
    let before = after - 1;
    if track[before].date.to_year_f64() == year_f64 {
        Bracket::On(before)
    } else if after == track.len() {
        Bracket::After(before)
    } else {
        Bracket::Between(before)
    }
}

/// The keyframe of `track` (in date order, as validation requires) at `year_f64` exactly, if
/// there is one, whether it is dated by year alone (`2009`) or by month (`2009-01`). A binary
/// search: two large maps have thousands of dates to look up.
pub fn keyframe_at(track: &[Keyframe], year_f64: f64) -> Option<&Keyframe> {
    let i = track.partition_point(|k| k.date.to_year_f64() < year_f64);
    track.get(i).filter(|k| k.date.to_year_f64() == year_f64)
}

/// The strength of a track at a date: interpolated between keyframes, flat outside them.
/// `None` when the track has no keyframes.
pub fn sample_track(track: &[Keyframe], year_f64: f64) -> Option<f64> {
    match bracket(track, year_f64) {
        Bracket::Empty => None,
        Bracket::Before => Some(track[0].strength),
        Bracket::After(i) | Bracket::On(i) => Some(track[i].strength),
        Bracket::Between(i) => {
            let (a, b) = (&track[i], &track[i + 1]);
            Some(match a.interpolation {
                Interpolation::Hold => a.strength,
                Interpolation::Linear => {
                    let (ta, tb) = (a.date.to_year_f64(), b.date.to_year_f64());
                    let t = ((year_f64 - ta) / (tb - ta)).clamp(0.0, 1.0);
                    a.strength + (b.strength - a.strength) * t
                }
            })
        }
    }
}

/// The strength of a track at a date when it rests only on judged keyframes; `None` when the
/// track is empty or a keyframe the value is drawn from (the one on or before the date, and for
/// a linear span the one after it) is still [`unjudged`](Keyframe::unjudged): an exercise's
/// "not yet judged", never a zero.
pub fn judged_sample(track: &[Keyframe], year_f64: f64) -> Option<f64> {
    let judged = match bracket(track, year_f64) {
        Bracket::Empty => false,
        Bracket::Before => !track[0].unjudged,
        Bracket::After(i) | Bracket::On(i) => !track[i].unjudged,
        Bracket::Between(i) => {
            !track[i].unjudged
                && (track[i].interpolation == Interpolation::Hold || !track[i + 1].unjudged)
        }
    };
    if judged {
        sample_track(track, year_f64)
    } else {
        None
    }
}

/// The half-width of a track's uncertainty band at a date (see
/// [`Confidence::band_half_width`](super::Confidence::band_half_width)): each keyframe's own
/// width at its date, blended between keyframes the way the value is (linearly, or held), and
/// flat outside them. `None` when the track has no keyframes.
pub fn band_half_width_at(track: &[Keyframe], year_f64: f64) -> Option<f64> {
    let width = |k: &Keyframe| k.confidence.band_half_width();
    match bracket(track, year_f64) {
        Bracket::Empty => None,
        Bracket::Before => Some(width(&track[0])),
        Bracket::After(i) | Bracket::On(i) => Some(width(&track[i])),
        Bracket::Between(i) => {
            let (a, b) = (&track[i], &track[i + 1]);
            Some(match a.interpolation {
                Interpolation::Hold => width(a),
                Interpolation::Linear => {
                    let (ta, tb) = (a.date.to_year_f64(), b.date.to_year_f64());
                    let t = ((year_f64 - ta) / (tb - ta)).clamp(0.0, 1.0);
                    width(a) + (width(b) - width(a)) * t
                }
            })
        }
    }
}

impl Power {
    /// The power's strength at a date; `None` when it has no keyframes.
    pub fn strength_at(&self, year_f64: f64) -> Option<f64> {
        sample_track(&self.track, year_f64)
    }

    /// The power's keyframe exactly at a date, if it has one (see [`keyframe_at`]).
    pub fn keyframe_at(&self, year_f64: f64) -> Option<&Keyframe> {
        keyframe_at(&self.track, year_f64)
    }

    /// The power's vector at a date: its strength along its bearing (zero without keyframes).
    pub fn vector_at(&self, year_f64: f64) -> Vec2 {
        let s = self.strength_at(year_f64).unwrap_or(0.0);
        let u = bearing_unit(self.bearing_deg);
        Vec2 {
            x: u.x * s,
            y: u.y * s,
        }
    }
}

impl StanceMap {
    /// The net tilt at a date: the sum of the vectors of the powers `include` accepts.
    /// It answers which way the scale tips.
    pub fn net_tilt_at(&self, year_f64: f64, mut include: impl FnMut(&Power) -> bool) -> Vec2 {
        self.powers
            .iter()
            .filter(|p| include(p))
            .map(|p| p.vector_at(year_f64))
            .fold(Vec2::default(), |acc, v| Vec2 {
                x: acc.x + v.x,
                y: acc.y + v.y,
            })
    }

    /// The net tilt at a date as the mean of the vectors of the powers `include` accepts, so
    /// it never leaves the compass (the plain sum of four unit vectors could reach 4). `None`
    /// when it accepts no power.
    pub fn mean_tilt_at(
        &self,
        year_f64: f64,
        mut include: impl FnMut(&Power) -> bool,
    ) -> Option<Vec2> {
        let mut included = 0_u32;
        let sum = self.net_tilt_at(year_f64, |p| {
            let shown = include(p);
            included += u32::from(shown);
            shown
        });
        (included > 0).then(|| Vec2 {
            x: sum.x / f64::from(included),
            y: sum.y / f64::from(included),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, PowerId};

    fn kf(date: Date, strength: f64) -> Keyframe {
        Keyframe {
            unjudged: false,
            date,
            strength,
            confidence: crate::model::Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: Vec::new(),
        }
    }

    fn power(bearing_deg: f64, track: Vec<Keyframe>) -> Power {
        Power {
            id: PowerId("p".into()),
            name: "P".into(),
            color: "#000000".into(),
            bearing_deg,
            track,
        }
    }

    #[test]
    fn an_unjudged_keyframe_gives_no_value_where_the_line_rests_on_it() {
        let mut track = vec![kf(Date::year(2000), 0.5), kf(Date::year(2010), -0.5)];
        assert_eq!(judged_sample(&track, 2005.0), Some(0.0));
        track[1].unjudged = true;
        assert_eq!(judged_sample(&track, 1999.0), Some(0.5));
        assert_eq!(judged_sample(&track, 2000.0), Some(0.5));
        assert_eq!(judged_sample(&track, 2005.0), None, "drawn toward it");
        assert_eq!(judged_sample(&track, 2010.0), None);
        assert_eq!(judged_sample(&track, 2020.0), None);
        track[0].interpolation = Interpolation::Hold;
        assert_eq!(
            judged_sample(&track, 2005.0),
            Some(0.5),
            "held, not drawn toward it"
        );
        track[0].unjudged = true;
        assert_eq!(judged_sample(&track, 1999.0), None);
        assert_eq!(judged_sample(&[], 2000.0), None);
    }

    #[test]
    fn empty_track_has_no_value() {
        assert_eq!(sample_track(&[], 2000.0), None);
    }

    #[test]
    fn one_keyframe_holds_everywhere() {
        let t = [kf(Date::year(2000), 0.4)];
        for y in [1900.0, 2000.0, 2100.0] {
            assert_eq!(sample_track(&t, y), Some(0.4));
        }
    }

    #[test]
    fn flat_before_first_and_after_last() {
        let t = [kf(Date::year(2000), -0.5), kf(Date::year(2010), 0.5)];
        assert_eq!(sample_track(&t, 1990.0), Some(-0.5));
        assert_eq!(sample_track(&t, 2020.0), Some(0.5));
    }

    #[test]
    fn exact_on_keyframes_and_linear_between() {
        let t = [
            kf(Date::year(2000), -0.5),
            kf(Date::year(2010), 0.5),
            kf(Date::year(2020), 0.0),
        ];
        assert_eq!(sample_track(&t, 2000.0), Some(-0.5));
        assert_eq!(sample_track(&t, 2010.0), Some(0.5));
        assert_eq!(sample_track(&t, 2020.0), Some(0.0));
        let mid = sample_track(&t, 2005.0).unwrap();
        assert!(mid.abs() < 1e-12, "{mid}");
        let q = sample_track(&t, 2015.0).unwrap();
        assert!((q - 0.25).abs() < 1e-12, "{q}");
    }

    #[test]
    fn held_keyframe_keeps_its_value_until_the_next() {
        let mut a = kf(Date::year(2000), 0.2);
        a.interpolation = Interpolation::Hold;
        let t = [a, kf(Date::year(2010), 0.8)];
        assert_eq!(sample_track(&t, 2009.99), Some(0.2));
        assert_eq!(sample_track(&t, 2010.0), Some(0.8));
    }

    #[test]
    fn months_place_keyframes_within_a_year() {
        let t = [kf(Date::month(2020, 1), 0.0), kf(Date::month(2020, 7), 0.6)];
        let v = sample_track(&t, Date::month(2020, 4).to_year_f64()).unwrap();
        assert!((v - 0.3).abs() < 1e-12, "{v}");
    }

    #[test]
    fn bracket_names_the_neighbours() {
        let t = [kf(Date::year(2000), 0.0), kf(Date::year(2010), 0.0)];
        assert_eq!(bracket(&t, 1999.0), Bracket::Before);
        assert_eq!(bracket(&t, 2000.0), Bracket::On(0));
        assert_eq!(bracket(&t, 2005.0), Bracket::Between(0));
        assert_eq!(bracket(&t, 2010.0), Bracket::On(1));
        assert_eq!(bracket(&t, 2011.0), Bracket::After(1));
        assert_eq!(bracket(&[], 2011.0), Bracket::Empty);
    }

    #[test]
    fn net_tilt_sums_vectors_along_bearings() {
        let mut map = StanceMap::empty();
        map.powers.push(power(0.0, vec![kf(Date::year(2000), 1.0)]));
        map.powers
            .push(power(90.0, vec![kf(Date::year(2000), 0.5)]));
        map.powers
            .push(power(180.0, vec![kf(Date::year(2000), -0.5)]));
        let v = map.net_tilt_at(2000.0, |_| true);
        assert!(
            (v.x - 0.5).abs() < 1e-12 && (v.y - 1.5).abs() < 1e-12,
            "{v:?}"
        );
        let only_east = map.net_tilt_at(2000.0, |p| p.bearing_deg == 90.0);
        assert!((only_east.bearing_deg().unwrap() - 90.0).abs() < 1e-9);
        assert_eq!(Vec2::default().bearing_deg(), None);
    }

    #[test]
    fn mean_tilt_averages_the_included_powers_and_stays_on_the_compass() {
        let mut map = StanceMap::empty();
        map.powers.push(power(0.0, vec![kf(Date::year(2000), 1.0)]));
        map.powers
            .push(power(90.0, vec![kf(Date::year(2000), 1.0)]));
        map.powers.push(power(0.0, vec![kf(Date::year(2000), 1.0)]));
        map.powers.push(power(0.0, vec![kf(Date::year(2000), 1.0)]));
        // Four unit vectors sum to more than 3; their mean stays within the unit circle.
        let all = map.mean_tilt_at(2000.0, |_| true).unwrap();
        assert!(
            (all.x - 0.25).abs() < 1e-12 && (all.y - 0.75).abs() < 1e-12,
            "{all:?}"
        );
        assert!(all.length() <= 1.0);
        // Only the powers included count, in the sum and in the number divided by.
        let east = map.mean_tilt_at(2000.0, |p| p.bearing_deg == 90.0).unwrap();
        assert!(
            (east.x - 1.0).abs() < 1e-12 && east.y.abs() < 1e-12,
            "{east:?}"
        );
        // A power without keyframes still counts: it pulls the mean toward zero.
        map.powers.push(power(0.0, Vec::new()));
        let with_empty = map.mean_tilt_at(2000.0, |_| true).unwrap();
        assert!((with_empty.y - 0.6).abs() < 1e-12, "{with_empty:?}");
        // Nothing included: no tilt at all, rather than a division by zero.
        assert_eq!(map.mean_tilt_at(2000.0, |_| false), None);
        assert_eq!(StanceMap::empty().mean_tilt_at(2000.0, |_| true), None);
    }

    #[test]
    fn keyframe_at_finds_only_a_keyframe_exactly_at_the_date() {
        let t = [
            kf(Date::year(2009), 0.1),
            kf(Date::month(2009, 6), 0.2),
            kf(Date::year(2014), 0.3),
        ];
        // A year-only date sits at January: 2009 and 2009-01 are the same place.
        let january = Date::month(2009, 1).to_year_f64();
        assert_eq!(keyframe_at(&t, january).map(|k| k.strength), Some(0.1));
        assert_eq!(
            keyframe_at(&t, Date::month(2009, 6).to_year_f64()).map(|k| k.strength),
            Some(0.2)
        );
        assert_eq!(keyframe_at(&t, 2014.0).map(|k| k.strength), Some(0.3));
        // Between, before and after keyframes there is none; nor in an empty track.
        for year_f64 in [2009.2, 2008.0, 2015.0, f64::NAN] {
            assert!(keyframe_at(&t, year_f64).is_none(), "{year_f64}");
        }
        assert!(keyframe_at(&[], 2009.0).is_none());
        let p = power(0.0, t.to_vec());
        assert_eq!(
            p.keyframe_at(2014.0).map(|k| k.date),
            Some(Date::year(2014))
        );
        assert!(p.keyframe_at(2013.0).is_none());
    }
}
