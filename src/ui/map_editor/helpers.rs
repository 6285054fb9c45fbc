//! The map editor's rules with no drawing in them: a new power's id, colour and bearing, and
//! events' dates and order.

use crate::model::{Date, Event, Power, PowerId, SourceId, StanceMap, parse_hex_color};

/// Colours offered to new powers, in order; the first one no power uses yet is taken.
pub const NEW_POWER_COLORS: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f",
];

/// The name a new power starts with.
pub const NEW_POWER_NAME: &str = "New power";

/// The title a new event starts with.
pub const NEW_EVENT_TITLE: &str = "New event";

/// Sort events by date, keeping the order of events at the same date.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| a.date.to_year_f64().total_cmp(&b.date.to_year_f64()));
}

/// The events in date order (stable).
pub fn sorted_events(events: &[Event]) -> Vec<Event> {
    let mut events = events.to_vec();
    sort_events(&mut events);
    events
}

/// Read a date as typed in the editor: `YYYY` or `YYYY-MM` with a month from 1 to 12.
pub fn parse_event_date(text: &str) -> Result<Date, String> {
    let date = Date::parse_iso(text).map_err(|e| format!("{e}."))?;
    match date.month {
        Some(month) if !(1..=12).contains(&month) => Err(format!(
            "\"{text}\" is not a date: the month must be from 01 to 12."
        )),
        _ => Ok(date),
    }
}

/// A new power for `map`: named "New power", with an id no power has (`new_power`,
/// `new_power_2`, …), a colour no power uses yet, a bearing in the middle of the widest gap
/// between the powers on the compass, and no keyframes.
pub fn new_power(map: &StanceMap) -> Power {
    Power {
        id: unique_power_id(map, NEW_POWER_NAME),
        name: NEW_POWER_NAME.to_owned(),
        color: unused_color(map),
        bearing_deg: widest_gap_bearing_deg(map.powers.iter().map(|p| p.bearing_deg)),
        track: Vec::new(),
    }
}

/// An id made from `name` (lower case, words joined by `_`) that no power of `map` has.
pub fn unique_power_id(map: &StanceMap, name: &str) -> PowerId {
    // Ids follow the file format's rule (ASCII a-z, 0-9, - and _, at most 64).
    let mut base = crate::model::id_from_text(name);
    if base.is_empty() {
        base.push_str("power");
    }
    let taken = |id: &str| map.powers.iter().any(|p| p.id.0 == id);
    // Of these `len + 1` candidates at most `len` are taken.
    let suffixes = (2..=map.powers.len() + 2).map(|n| format!("_{n}"));
    PowerId(crate::model::unique_id(&base, suffixes, taken).unwrap_or(base))
}

/// The colour of [`NEW_POWER_COLORS`] least like any power's colour (the first such in the
/// list): a new power should not pass for one that is there, as a blue next to the EU's would.
pub fn unused_color(map: &StanceMap) -> String {
    let used: Vec<[u8; 3]> = map
        .powers
        .iter()
        .filter_map(|p| parse_hex_color(&p.color))
        .collect();
    let nearest = |candidate: &str| {
        let Some(c) = parse_hex_color(candidate) else {
            return 0;
        };
        used.iter()
            .map(|u| {
                (0..3)
                    .map(|i| (i32::from(c[i]) - i32::from(u[i])).pow(2))
                    .sum::<i32>()
            })
            .min()
            .unwrap_or(i32::MAX)
    };
    let mut best = NEW_POWER_COLORS[0];
    for candidate in NEW_POWER_COLORS {
        if nearest(candidate) > nearest(best) {
            best = candidate;
        }
    }
    best.to_owned()
}

/// The middle of the widest gap between bearings on the compass, rounded to a degree:
/// north when there are none, opposite when there is one.
pub fn widest_gap_bearing_deg(bearings_deg: impl IntoIterator<Item = f64>) -> f64 {
    let mut bearings: Vec<f64> = bearings_deg
        .into_iter()
        .filter(|b| b.is_finite())
        .map(|b| b.rem_euclid(360.0))
        .collect();
    bearings.sort_by(f64::total_cmp);
    let Some(&first) = bearings.first() else {
        return 0.0;
    };
    // Each bearing with the gap after it, going clockwise; the last wraps to the first.
    // The first widest gap wins.
    let mut best = (first, f64::NEG_INFINITY);
    for (i, &b) in bearings.iter().enumerate() {
        let gap = bearings.get(i + 1).copied().unwrap_or(first + 360.0) - b;
        if gap > best.1 + 1e-9 {
            best = (b, gap);
        }
    }
    (best.0 + best.1 / 2.0).round().rem_euclid(360.0)
}

/// Where the map cites source `id`: each keyframe ("Russia 2009"), event ("the event
/// \"NATO bombing\" (1999)") and story step ("story step 3, \"…\"") with a quote from it,
/// once each, in the map's order.
pub fn source_citations(map: &StanceMap, id: &SourceId) -> Vec<String> {
    let cites = |evidence: &[crate::model::Evidence]| evidence.iter().any(|e| &e.source == id);
    let keyframes = map.powers.iter().flat_map(|p| {
        p.track
            .iter()
            .filter(|k| cites(&k.evidence))
            .map(move |k| format!("{} {}", p.name, k.date))
    });
    let events = map
        .events
        .iter()
        .filter(|e| cites(&e.evidence))
        .map(|e| format!("the event \"{}\" ({})", e.title, e.date));
    let steps = map
        .story
        .iter()
        .enumerate()
        .filter(|(_, s)| cites(&s.quotes))
        .map(|(i, s)| format!("story step {}, \"{}\"", i + 1, s.title));
    keyframes.chain(events).chain(steps).collect()
}

/// Why source `id` cannot be removed, naming where it is cited (the first few places, and
/// how many more); `None` when nothing cites it.
pub fn source_removal_refusal(map: &StanceMap, id: &SourceId) -> Option<String> {
    const SHOWN: usize = 4;
    let places = source_citations(map, id);
    if places.is_empty() {
        return None;
    }
    let name = map
        .source(id)
        .map_or_else(|| id.0.clone(), |s| s.citation(""));
    let shown = places[..places.len().min(SHOWN)].join(", ");
    let list = if places.len() > SHOWN {
        format!("{shown} and {} more", places.len() - SHOWN)
    } else {
        shown
    };
    Some(format!(
        "\"{name}\" is not removed: quotes cite it at {list}. Give those quotes another \
         source or remove them first."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(bearings: &[f64]) -> StanceMap {
        let mut map = StanceMap::empty();
        for (i, &b) in bearings.iter().enumerate() {
            map.powers.push(Power {
                id: PowerId(if i == 0 {
                    "new_power".into()
                } else {
                    format!("new_power_{}", i + 1)
                }),
                name: format!("P{i}"),
                color: NEW_POWER_COLORS[i].to_owned(),
                bearing_deg: b,
                track: Vec::new(),
            });
        }
        map
    }

    #[test]
    fn a_new_power_is_not_given_a_colour_like_one_in_use() {
        // The article map's colours (Okabe–Ito), which the first new colours are close to.
        let mut map = map_with(&[300.0, 80.0, 150.0, 220.0]);
        for (power, color) in map
            .powers
            .iter_mut()
            .zip(["#0072B2", "#D55E00", "#CC79A7", "#009E73"])
        {
            color.clone_into(&mut power.color);
        }
        let new = parse_hex_color(&new_power(&map).color).unwrap();
        for power in &map.powers {
            let old = parse_hex_color(&power.color).unwrap();
            let distance: i32 = (0..3)
                .map(|i| (i32::from(new[i]) - i32::from(old[i])).pow(2))
                .sum();
            assert!(
                distance > 60 * 60,
                "{} is too like {}",
                new_power(&map).color,
                power.color
            );
        }
    }

    #[test]
    fn the_widest_gap_takes_the_new_power() {
        assert_eq!(widest_gap_bearing_deg([]), 0.0);
        assert_eq!(widest_gap_bearing_deg([90.0]), 270.0);
        assert_eq!(widest_gap_bearing_deg([0.0, 90.0, 180.0]), 270.0);
        assert_eq!(widest_gap_bearing_deg([350.0, 10.0, 100.0]), 225.0);
        assert_eq!(widest_gap_bearing_deg([0.0, 180.0]), 90.0);
    }

    #[test]
    fn new_powers_get_unique_ids_and_free_colours() {
        let map = map_with(&[0.0]);
        let p = new_power(&map);
        assert_eq!(p.id, PowerId("new_power_2".into()));
        assert_eq!(p.name, NEW_POWER_NAME);
        assert_ne!(p.color, NEW_POWER_COLORS[0], "not the colour in use");
        assert_eq!(p.bearing_deg, 180.0);
        assert!(p.track.is_empty());
        let map = map_with(&[0.0, 90.0, 180.0]);
        assert_eq!(new_power(&map).id, PowerId("new_power_4".into()));
        assert_eq!(
            unique_power_id(&StanceMap::empty(), "  EU / NATO "),
            PowerId("eu_nato".into())
        );
        // Whatever the name, the id follows the file format's rule.
        for name in [
            "Россия",
            "Srbija i Crna Gora",
            "É",
            &"long name ".repeat(20),
        ] {
            let id = unique_power_id(&map, name);
            assert!(crate::model::is_valid_id(&id.0), "{name}: {id}");
        }
        assert_eq!(unique_power_id(&map, "Россия").0, "power");
        assert_eq!(unique_power_id(&map, "Čačak").0, "cacak");
    }

    #[test]
    fn dates_need_a_real_month() {
        assert_eq!(parse_event_date("2019-05"), Ok(Date::month(2019, 5)));
        assert_eq!(parse_event_date("2019"), Ok(Date::year(2019)));
        assert!(parse_event_date("2019-13").is_err());
        assert!(parse_event_date("2019-00").is_err());
        assert!(parse_event_date("May 2019").is_err());
    }

    #[test]
    fn a_cited_source_says_where_it_is_cited() {
        // Two powers of 30 keyframes with 2 quotes each: "source0" is cited 6 times.
        let map = crate::model::generate::stress_map(2, 30, 2);
        let cited = &map.powers[0].track[0].evidence[0].source;
        let places = source_citations(&map, cited);
        assert!(!places.is_empty());
        let first = format!("{} {}", map.powers[0].name, map.powers[0].track[0].date);
        assert_eq!(places[0], first);
        let refusal = source_removal_refusal(&map, cited).unwrap();
        assert!(refusal.contains(&first), "{refusal}");
        if places.len() > 4 {
            assert!(refusal.contains(&format!("and {} more", places.len() - 4)));
        }
        let mut uncited = map.clone();
        uncited.sources.push(crate::model::Source {
            id: SourceId("nobody2020".into()),
            author: "Nobody".into(),
            year: Some(2020),
            entry: String::new(),
            url: String::new(),
            accessed: String::new(),
        });
        assert!(source_removal_refusal(&uncited, &SourceId("nobody2020".into())).is_none());
    }
}
