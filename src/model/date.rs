//! Dates on a map: a year with an optional month, and their position on a continuous time axis.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date as precise as the evidence allows: a year, optionally a month.
///
/// In a map file it is a string: `"2009"` or `"2020-03"`, short to write and to read.
/// On the continuous time axis a year without a month sits at the start of that year
/// (`2009` is `2009.0`), and month `m` of year `y` sits at `y + (m - 1) / 12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    /// The year, for example 2009.
    pub year: i32,
    /// The month, 1 (January) to 12 (December), when the evidence gives one.
    pub month: Option<u8>,
}

impl Date {
    /// The file form: `"2009"` or `"2020-03"`.
    pub fn to_iso(self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{m:02}", self.year),
            None => format!("{:04}", self.year),
        }
    }

    /// Read the file form `YYYY` or `YYYY-MM` (1 to 4 digits of year, 1 or 2 of month).
    /// The month's range is checked by validation, which names the power and date.
    pub fn parse_iso(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "\"{text}\" is not a date: write a year such as \"2009\" or a year and month such as \"2020-03\""
            )
        };
        let (year, month) = match text.split_once('-') {
            Some((y, m)) => (y, Some(m)),
            None => (text, None),
        };
        let digits = |s: &str, max_len: usize| {
            !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(year, 4) || month.is_some_and(|m| !digits(m, 2)) {
            return Err(bad());
        }
        Ok(Self {
            year: year.parse().map_err(|_| bad())?,
            month: month.map(str::parse).transpose().map_err(|_| bad())?,
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Self::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

/// Two positions on the time axis closer than this (in years) are the same date: the same
/// keyframe date wherever a view looks one up by position.
pub const SAME_DATE_YEARS: f64 = 1e-6;

/// English month names, for display.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// A date that names only a year.
    pub const fn year(year: i32) -> Self {
        Self { year, month: None }
    }

    /// A date that names a year and a month (1-12).
    pub const fn month(year: i32, month: u8) -> Self {
        Self {
            year,
            month: Some(month),
        }
    }

    /// The position of this date on the continuous time axis, in fractional years.
    pub fn to_year_f64(self) -> f64 {
        let month_offset = match self.month {
            Some(m) => f64::from(m.clamp(1, 12) - 1) / 12.0,
            None => 0.0,
        };
        f64::from(self.year) + month_offset
    }

    /// The nearest whole month to a fractional year.
    pub fn from_year_f64_month(year_f64: f64) -> Self {
        let total_months = (year_f64 * 12.0).round();
        let year = (total_months / 12.0).floor();
        let month = total_months - year * 12.0;
        Self::month(year as i32, month as u8 + 1)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.month {
            Some(m @ 1..=12) => write!(f, "{} {}", MONTH_NAMES[usize::from(m - 1)], self.year),
            Some(m) => write!(f, "month {m} of {}", self.year),
            None => write!(f, "{}", self.year),
        }
    }
}

/// A readable label for a fractional year, such as "March 2020".
pub fn format_year_f64(year_f64: f64) -> String {
    if !year_f64.is_finite() {
        return "—".to_owned();
    }
    Date::month_containing(year_f64).to_string()
}

impl Date {
    /// The month a fractional year falls in (the one its label names), for a finite year.
    pub fn month_containing(year_f64: f64) -> Self {
        // A hair of tolerance: February sits at 1/12 of a year, which floating point may land
        // a little below.
        let nudged = year_f64 + 1e-9;
        let year = nudged.floor();
        let month = (((nudged - year) * 12.0).floor() as u8).min(11) + 1;
        Date::month(year as i32, month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_only_sits_at_the_start_of_the_year() {
        assert_eq!(Date::year(2009).to_year_f64(), 2009.0);
    }

    #[test]
    fn months_divide_the_year_in_twelfths() {
        assert_eq!(Date::month(2020, 1).to_year_f64(), 2020.0);
        assert_eq!(Date::month(2020, 3).to_year_f64(), 2020.0 + 2.0 / 12.0);
        assert_eq!(Date::month(2020, 12).to_year_f64(), 2020.0 + 11.0 / 12.0);
    }

    #[test]
    fn round_trips_through_the_time_axis_by_month() {
        for year in [1991, 1999, 2022] {
            for month in 1..=12 {
                let d = Date::month(year, month);
                assert_eq!(Date::from_year_f64_month(d.to_year_f64()), d);
            }
        }
    }

    #[test]
    fn file_form_round_trips_and_refuses_nonsense() {
        for d in [
            Date::year(1999),
            Date::month(2020, 3),
            Date::month(2022, 12),
            Date::year(5),
        ] {
            assert_eq!(Date::parse_iso(&d.to_iso()), Ok(d));
        }
        assert_eq!(Date::month(2020, 3).to_iso(), "2020-03");
        assert_eq!(Date::parse_iso("2020-3"), Ok(Date::month(2020, 3)));
        for bad in [
            "",
            "-",
            "2020-",
            "-03",
            "20200",
            "2020-003",
            "abcd",
            "2020-ab",
            "+202",
            "2020-03-01",
            "١٩٩٩",
        ] {
            assert!(Date::parse_iso(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn displays_readably() {
        assert_eq!(Date::year(1999).to_string(), "1999");
        assert_eq!(Date::month(2022, 2).to_string(), "February 2022");
        assert_eq!(format_year_f64(2020.2), "March 2020");
        assert_eq!(format_year_f64(2020.99), "December 2020");
        assert_eq!(format_year_f64(f64::NAN), "—");
        for year in [1991, 2020, 2022] {
            for month in 1..=12 {
                let d = Date::month(year, month);
                assert_eq!(format_year_f64(d.to_year_f64()), d.to_string());
            }
        }
    }
}
