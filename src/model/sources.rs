//! Sources and the quotes that cite them: the id a new source gets, and which quotes must
//! stand word for word in the article.

use super::map::{MAX_ID_CHARS, Source, SourceId, StanceMap, id_from_text, unique_id};
use super::validate::{MAX_NAME_CHARS, is_day, is_web_address};

/// The id of the source that stands for the article itself.
pub const ARTICLE_SOURCE_ID: &str = "article";

/// A bibliography id for a new source: the first author's name and the year, such as
/// `vuksanovic2021`, with a letter added (`vuksanovic2021b`) when that id is taken.
pub fn new_source_id(map: &StanceMap, author: &str, year: Option<i32>) -> SourceId {
    // Ids follow the file format's rule (ASCII a-z, 0-9, - and _, at most 64).
    let name = id_from_text(author.split(['&', ',']).next().unwrap_or_default());
    let name = if name.is_empty() { "source" } else { &name };
    let year = year.map_or_else(|| "_nd".to_owned(), |y| y.to_string());
    let name = &name[..name.len().min(MAX_ID_CHARS - year.len())];
    let base = format!("{name}{year}");
    let taken = |id: &str| map.sources.iter().any(|s| s.id.0 == id);
    let letters = ('b'..='z').map(String::from);
    let numbers = (2..=map.sources.len() + 2).map(|n| format!("_{n}"));
    SourceId(unique_id(&base, letters.chain(numbers), taken).unwrap_or(base))
}

/// Whether quotes citing this source must stand verbatim in the article's text: the article
/// itself, and the sources it cites (found by the first author's name), whose quotes here are
/// taken from the article. A source the article does not cite may be another document.
pub fn quote_is_from_article(map: &StanceMap, article_text: &str, source: &SourceId) -> bool {
    if source.0 == ARTICLE_SOURCE_ID {
        return true;
    }
    map.source(source).is_some_and(|s| {
        let first_author = s
            .author
            .split([',', '&'])
            .next()
            .unwrap_or_default()
            .split(" and ")
            .next()
            .unwrap_or_default()
            .trim();
        // Through the quote matcher, so a name typed in another Unicode form still counts.
        !first_author.is_empty() && super::find::quote_in_text(article_text, first_author)
    })
}

/// Read a source's year as typed: digits from 1 to 9999, or nothing (`None`, printed "n.d.").
pub fn parse_source_year(text: &str) -> Result<Option<i32>, String> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("n.d.") {
        return Ok(None);
    }
    match text.parse::<i32>() {
        Ok(year) if (1..=9999).contains(&year) && text.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(year))
        }
        _ => Err(format!(
            "\"{text}\" is not a year: write it in digits, such as 2021, or leave it empty for n.d."
        )),
    }
}

/// Read a source's web address as typed: nothing (a print source), or an address starting
/// with `https://` or `http://` without spaces, the only kind a handout links to.
pub fn parse_source_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    if text.chars().count() > MAX_NAME_CHARS * 10 {
        return Err("This web address is too long.".to_owned());
    }
    if is_web_address(text) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "\"{}\" is not a web address: it must start with https:// or http:// and hold no spaces, or stay empty for a printed source.",
            text.chars().take(60).collect::<String>()
        ))
    }
}

/// Read the day a web source was read on, as typed: nothing, or a real day written
/// `YYYY-MM-DD` (2024-02-30 is refused).
pub fn parse_access_date(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    let real = is_day(text)
        && match (
            text[..4].parse::<u32>(),
            text[5..7].parse::<u32>(),
            text[8..].parse::<u32>(),
        ) {
            (Ok(year), Ok(month), Ok(day)) => {
                let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                let days = match month {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                day <= days
            }
            _ => false,
        };
    if real {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "\"{}\" is not a day: write it as year-month-day, such as 2024-03-15, or leave it empty.",
            text.chars().take(40).collect::<String>()
        ))
    }
}

/// Give `source` the web address and access date a person typed ([`parse_source_url`],
/// [`parse_access_date`]); on an error the source is left as it was.
pub fn set_web_address(source: &mut Source, url: &str, accessed: &str) -> Result<(), String> {
    let url = parse_source_url(url)?;
    let accessed = parse_access_date(accessed)?;
    source.url = url;
    source.accessed = accessed;
    Ok(())
}

/// A new source for `map` from what a person typed into a form: the author (needed), the year
/// ([`parse_source_year`]) and the full entry (the citation when left empty), with an id no
/// other source has ([`new_source_id`]). The error says what to change. Both forms that add a
/// source (the quote's and the Sources tab's) build it here, so both hold the same rules.
pub fn new_source(
    map: &StanceMap,
    author: &str,
    year: &str,
    entry: &str,
) -> Result<Source, String> {
    let author = author.trim();
    if author.is_empty() {
        return Err("Give the author.".to_owned());
    }
    let year = parse_source_year(year)?;
    let mut source = Source {
        id: new_source_id(map, author, year),
        author: author.to_owned(),
        year,
        entry: String::new(),
        url: String::new(),
        accessed: String::new(),
    };
    let entry = entry.trim();
    source.entry = if entry.is_empty() {
        source.citation("")
    } else {
        entry.to_owned()
    };
    Ok(source)
}

/// A new source as [`new_source`] makes it, with the web address it was read at and the day
/// it was read (`YYYY-MM-DD`), both optional and both checked by the rules validation holds
/// them to: data from the web is cited with where and when it was found.
pub fn new_source_with_link(
    map: &StanceMap,
    author: &str,
    year: &str,
    entry: &str,
    url: &str,
    accessed: &str,
) -> Result<Source, String> {
    let mut source = new_source(map, author, year, entry)?;
    set_web_address(&mut source, url, accessed)?;
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, is_valid_id};

    fn map_with_source(id: &str) -> StanceMap {
        let mut map = StanceMap::empty();
        map.sources.push(Source {
            id: SourceId(id.to_owned()),
            author: "Vuksanovic".to_owned(),
            year: Some(2021),
            entry: String::new(),
            url: String::new(),
            accessed: String::new(),
        });
        map
    }

    #[test]
    fn new_source_ids_come_from_author_and_year_and_stay_unique() {
        let map = map_with_source("vuksanovic2021");
        assert_eq!(
            new_source_id(&map, "Vuksanovic", Some(2021)).0,
            "vuksanovic2021b"
        );
        assert_eq!(
            new_source_id(&map, "Vuksanovic", Some(2022)).0,
            "vuksanovic2022"
        );
        assert_eq!(
            new_source_id(&map, "Beckmann-Dierkes & Rankić", Some(2022)).0,
            "beckmann_dierkes2022"
        );
        assert_eq!(new_source_id(&map, "  ", None).0, "source_nd");
        // Whatever the author, the id follows the file format's rule.
        assert_eq!(new_source_id(&map, "Rankić", Some(2022)).0, "rankic2022");
        for author in ["Петровић", "Ó Súilleabháin", &"Long Name ".repeat(20)] {
            let id = new_source_id(&map, author, Some(-2022));
            assert!(is_valid_id(&id.0), "{author}: {id}");
        }
    }

    #[test]
    fn quotes_of_the_article_and_of_the_sources_it_cites_must_be_in_it() {
        let map = map_with_source("vuksanovic2021");
        let article = "As Vuksanovic (2021) notes, Serbia balances between the powers.";
        let from =
            |map: &StanceMap, id: &str| quote_is_from_article(map, article, &SourceId(id.into()));
        assert!(from(&map, ARTICLE_SOURCE_ID));
        assert!(from(&map, "vuksanovic2021"));
        assert!(!from(&map, "unknown"));
        // A source the map does not have, or that the article does not cite, is another
        // document.
        assert!(!from(&StanceMap::empty(), "vuksanovic2021"));
        assert!(!from(&map, "vuksanovic2021") || article.contains("Vuksanovic"));
        let mut uncited = map_with_source("petrovic2020");
        uncited.sources[0].author = "Petrović and Vuksanovic".to_owned();
        assert!(!from(&uncited, "petrovic2020"));
        // The first author is read up to ",", "&" or " and ".
        uncited.sources[0].author = "Vuksanovic and Petrović".to_owned();
        assert!(from(&uncited, "petrovic2020"));
        uncited.sources[0].author = "Vuksanovic, D. & Petrović".to_owned();
        assert!(from(&uncited, "petrovic2020"));
        // A source without an author is never taken for one the article cites.
        uncited.sources[0].author = " , Vuksanovic".to_owned();
        assert!(!from(&uncited, "petrovic2020"));
        // A name written with a combining accent is the article's composed one.
        let article = "As Zimonjić (2019) notes.";
        uncited.sources[0].author = "Zimonjic\u{0301}".to_owned();
        assert!(quote_is_from_article(
            &uncited,
            article,
            &uncited.sources[0].id
        ));
    }

    #[test]
    fn source_years_are_digits_or_nothing() {
        assert_eq!(parse_source_year(" 2021 "), Ok(Some(2021)));
        assert_eq!(parse_source_year(""), Ok(None));
        assert_eq!(parse_source_year("n.d."), Ok(None));
        for bad in ["0", "10000", "-5", "+2021", "2021a", "twenty"] {
            assert!(parse_source_year(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_new_source_needs_an_author_and_a_real_year() {
        let map = StanceMap::empty();
        let source = new_source(&map, " Vuksanovic ", "2021", "").unwrap();
        assert_eq!(source.id.0, "vuksanovic2021");
        assert_eq!(source.year, Some(2021));
        assert_eq!(
            source.entry, "Vuksanovic, 2021",
            "the citation stands for an empty entry"
        );
        assert_eq!(
            new_source(&map, " ", "2021", "x"),
            Err("Give the author.".to_owned())
        );
        // A year validation would refuse is refused here, before it reaches the map.
        for bad in ["-5", "0", "+2021"] {
            assert!(new_source(&map, "A", bad, "").is_err(), "{bad}");
        }
    }

    #[test]
    fn web_addresses_are_http_or_https_and_access_dates_real_days() {
        assert_eq!(
            parse_source_url(" https://isac-fund.org/x "),
            Ok("https://isac-fund.org/x".to_owned())
        );
        assert_eq!(
            parse_source_url("HTTP://e.org"),
            Ok("HTTP://e.org".to_owned())
        );
        assert_eq!(parse_source_url(" "), Ok(String::new()));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "www.e.org",
            "https://a b",
        ] {
            let message = parse_source_url(bad).unwrap_err();
            assert!(message.contains("https://"), "{bad}: {message}");
        }
        assert_eq!(parse_access_date("2024-02-29"), Ok("2024-02-29".to_owned()));
        assert_eq!(parse_access_date(""), Ok(String::new()));
        for bad in [
            "2023-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-3-1",
            "yesterday",
        ] {
            assert!(parse_access_date(bad).is_err(), "{bad}");
        }
        let mut source = map_with_source("a").sources.remove(0);
        assert!(set_web_address(&mut source, "https://e.org", "2024-01-31x").is_err());
        assert!(
            source.url.is_empty(),
            "a refused pair leaves the source as it was"
        );
        set_web_address(&mut source, "https://e.org", "2024-01-31").unwrap();
        assert_eq!(
            (source.url.as_str(), source.accessed.as_str()),
            ("https://e.org", "2024-01-31")
        );
    }

    #[test]
    fn a_new_source_with_a_link_checks_the_address_and_the_day() {
        let map = StanceMap::empty();
        let source = new_source_with_link(
            &map,
            "ISAC Fund",
            "2023",
            "",
            " https://www.isac-fund.org/en/ ",
            "2024-03-09",
        )
        .unwrap();
        assert_eq!(source.url, "https://www.isac-fund.org/en/");
        assert_eq!(source.accessed, "2024-03-09");
        assert_eq!(source.id.0, "isac_fund2023");
        let blank = new_source_with_link(&map, "A", "", "", "", "").unwrap();
        assert!(blank.url.is_empty() && blank.accessed.is_empty());
        for (url, accessed) in [
            ("javascript:alert(1)", ""),
            ("www.example.org", ""),
            ("https://a b", ""),
            ("", "9 March 2024"),
            ("", "2024-13-01"),
        ] {
            let result = new_source_with_link(&map, "A", "", "", url, accessed);
            assert!(result.is_err(), "{url} {accessed}");
        }
        assert!(new_source_with_link(&map, "", "", "", "", "").is_err());
    }
}
