//! Which events a date falls on: what the window's time controls, the presenter and the step
//! slides name under the date.

use super::date::Date;
use super::map::{Event, StanceMap};

impl StanceMap {
    /// The events at `year_f64`, in the map's order: those dated by year alone (`"1999"`)
    /// cover their whole year, as the timeline's faint band over that year shows; those dated
    /// by month (`"2022-02"`) cover that month. Empty for a date that is not a finite number.
    pub fn events_at(&self, year_f64: f64) -> Vec<&Event> {
        if !year_f64.is_finite() {
            return Vec::new();
        }
        // The month the date is in, with the same tolerance the date label uses, so the
        // events named are those of the month the label shows.
        let month = Date::month_containing(year_f64);
        self.events
            .iter()
            .filter(|e| match e.date.month {
                None => e.date.year == month.year,
                Some(_) => e.date == month,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(dates: &[(&str, &str)]) -> StanceMap {
        let mut map = StanceMap::empty();
        for (date, title) in dates {
            map.events.push(Event {
                date: Date::parse_iso(date).unwrap(),
                title: (*title).to_owned(),
                powers: Vec::new(),
                note: String::new(),
                evidence: Vec::new(),
            });
        }
        map
    }

    fn titles(map: &StanceMap, year_f64: f64) -> Vec<&str> {
        map.events_at(year_f64)
            .iter()
            .map(|e| e.title.as_str())
            .collect()
    }

    #[test]
    fn a_year_only_event_covers_its_whole_year() {
        let map = map_with(&[("1999", "Bombing"), ("2008", "Crisis")]);
        assert_eq!(titles(&map, 1999.0), ["Bombing"]);
        assert_eq!(titles(&map, 1999.5), ["Bombing"]);
        assert_eq!(titles(&map, 1999.99), ["Bombing"]);
        assert!(titles(&map, 1998.99).is_empty());
        assert!(titles(&map, 2000.0).is_empty());
        assert_eq!(titles(&map, 2008.0), ["Crisis"]);
    }

    #[test]
    fn a_month_event_covers_its_month_only() {
        let map = map_with(&[("2022-02", "Invasion")]);
        // February starts at 1/12 of a year, which floating point may land a hair below.
        assert_eq!(titles(&map, 2022.0 + 1.0 / 12.0), ["Invasion"]);
        assert_eq!(titles(&map, 2022.0 + 1.5 / 12.0), ["Invasion"]);
        assert!(titles(&map, 2022.0).is_empty());
        assert!(titles(&map, 2022.0 + 2.0 / 12.0).is_empty());
    }

    #[test]
    fn several_events_at_one_date_come_in_the_map_s_order() {
        let map = map_with(&[
            ("2008", "Kosovo"),
            ("2008-09", "Lehman"),
            ("2008", "Crisis"),
        ]);
        assert_eq!(titles(&map, 2008.0), ["Kosovo", "Crisis"]);
        assert_eq!(
            titles(&map, 2008.0 + 8.0 / 12.0),
            ["Kosovo", "Lehman", "Crisis"]
        );
        assert!(titles(&map, f64::NAN).is_empty());
    }
}
