//! The map as one self-contained interactive web page: `stance-map export MAP.ron --web
//! OUT.html` and File › Export › Web page….
//!
//! One HTML file that works offline forever: the styles (`assets/web/page.css`) and the script
//! (`assets/web/page.js`) are inlined, the map is embedded as JSON in
//! `<script id="map-data" type="application/json">`, and a Content-Security-Policy forbids
//! loading anything at all (`default-src 'none'`), allowing the one inline script only by its
//! SHA-256 hash. The script draws the compass, the timeline, the evidence, the story and the
//! bibliography from that JSON, setting text only as text (never as markup), so hostile text in
//! a map stays text. The DOM it builds is the contract in the web page's browser tests.
//!
//! The embedded map is the map as saved, except the story's speaker notes, which are never
//! shown to an audience and so are not given away in a shared file.
//!
//! With a class of readings (`--class FOLDER`, or the class open in the app) a third JSON block,
//! `<script id="class-data" type="application/json">`, carries the class's summary only
//! ([`class_summary`]): per power the median, quartiles and range at each of its keyframes and
//! at a bounded set of dates between them, how many judged each, and the agreement figures. No
//! reader's name, file name, value or reasoning is embedded: a page is shared widely, and a
//! student's judgement is theirs to share.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest as _, Sha256};

use crate::model::StanceMap;
use crate::model::band::compass_legend;
use crate::model::class::{Class, Spread};
use crate::model::text::needs_marker;
use crate::storage::{StorageError, write_atomically};

/// The page's styles, inlined into every page.
pub const PAGE_CSS: &str = include_str!("../assets/web/page.css");
/// The page's script, inlined into every page and allowed by its hash.
pub const PAGE_JS: &str = include_str!("../assets/web/page.js");

/// The net tilt's trail the page draws behind it, in years (as the slides draw it).
const TRAIL_YEARS: f64 = 5.0;

/// The date a map opens at in the app when nothing else says (the session's first date), which
/// the page clamps into the map's span as the app does.
pub const DEFAULT_OPEN_YEAR_F64: f64 = 2022.0;

/// The map as the page embeds it: everything but the story's speaker notes.
pub fn shared_map(map: &StanceMap) -> StanceMap {
    let mut shared = map.clone();
    for step in &mut shared.story {
        step.notes.clear();
    }
    shared
}

/// JSON made safe inside an HTML `<script>` element: `<`, `>`, `&`, U+2028, U+2029 and every
/// invisible or direction-changing character ([`needs_marker`]) become `\u003c` and so on
/// (still the same JSON, which parses to the same text), so no text in it can close the
/// element, open a comment, break a line in older script parsers or reorder the page's source.
pub fn escape_json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 32);
    for c in json.chars() {
        if matches!(c, '<' | '>' | '&') || (needs_marker(c) && c != '\n' && c != '\t') {
            let mut units = [0_u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text made safe in HTML content and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::model::text::display_safe_line(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 (with `=` padding) of some bytes, as a Content-Security-Policy hash needs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The Content-Security-Policy source that allows exactly this inline script:
/// `'sha256-…'` of its text as it stands between `<script>` and `</script>`.
pub fn script_hash_source(script: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes())))
}

/// What the page needs besides the map: words the app uses, so the page says the same.
fn page_data(map: &StanceMap) -> String {
    let any_contested = map
        .powers
        .iter()
        .any(|p| p.track.iter().any(crate::model::Keyframe::is_contested));
    let legend = compass_legend(TRAIL_YEARS, false, any_contested);
    let value = serde_json_value_of(&legend);
    // Serialising strings and numbers cannot fail.
    serde_json::to_string(&value).unwrap_or_else(|_| "{}".to_owned())
}

fn serde_json_value_of(legend: &[String]) -> serde_json::Value {
    serde_json::json!({
        "legend": legend,
        "trailYears": TRAIL_YEARS,
        "defaultDate": DEFAULT_OPEN_YEAR_F64,
        "judgementNote": crate::export::JUDGEMENT_NOTE.replace("this handout", "this page"),
        "measuredNote": crate::export::MEASURED_NOTE,
    })
}

/// How many evenly spaced dates across the map's span the class summary samples, besides
/// each power's keyframes: enough for a smooth band, few enough to stay small.
pub const CLASS_SAMPLES: usize = 120;

/// A number rounded to 4 decimals, as the class summary stores it (the page shows 2).
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// One sample of the class summary: `[year, n, median, q1, q3, min, max]`, or `[year, 0]`
/// where no reading gives a value.
fn spread_sample(year: f64, spread: Option<Spread>) -> serde_json::Value {
    match spread {
        Some(s) => serde_json::json!([
            year,
            s.n,
            round4(s.median),
            round4(s.q1),
            round4(s.q3),
            round4(s.min),
            round4(s.max)
        ]),
        None => serde_json::json!([year, 0]),
    }
}

/// The map's span on the continuous time axis as the page reckons it: its keyframes and
/// events; `None` for a map with neither.
fn page_span(map: &StanceMap) -> Option<(f64, f64)> {
    let dates = map
        .powers
        .iter()
        .flat_map(|p| p.track.iter().map(|k| k.date))
        .chain(map.events.iter().map(|e| e.date))
        .map(crate::model::Date::to_year_f64);
    dates.fold(None, |span, y| match span {
        None => Some((y, y)),
        Some((lo, hi)) => Some((f64::min(lo, y), f64::max(hi, y))),
    })
}

/// The class's summary as the page embeds it: the number of readings, the agreement overall
/// (Krippendorff's alpha and its words), and per power of `map` (by id, in the map's order)
/// its agreement and its samples, sorted by date: at each of the class map's keyframes of that
/// power the spread [`Class::spread_at_keyframe`] gives, and at [`CLASS_SAMPLES`] evenly
/// spaced dates across `map`'s span the spread [`Class::spread_at`] gives (each sample as
/// [`spread_sample`] writes it; values rounded to 4 decimals). The page draws bands through the
/// samples and reads the compass's fan between them linearly. Nothing about any one reader.
pub fn class_summary(map: &StanceMap, class: &Class) -> serde_json::Value {
    let words = |alpha: Option<f64>| alpha.map(Class::agreement_words);
    let grid: Vec<f64> = match page_span(map) {
        Some((lo, hi)) if hi > lo => (0..CLASS_SAMPLES)
            .map(|i| lo + (hi - lo) * i as f64 / (CLASS_SAMPLES - 1) as f64)
            .collect(),
        Some((lo, _)) => vec![lo],
        None => Vec::new(),
    };
    let powers: Vec<serde_json::Value> = map
        .powers
        .iter()
        .filter_map(|power| {
            let in_class = class.map.power(&power.id)?;
            let keyframes: Vec<f64> = in_class
                .track
                .iter()
                .map(|k| k.date.to_year_f64())
                .collect();
            let mut samples: Vec<(f64, Option<Spread>)> = in_class
                .track
                .iter()
                .map(|k| {
                    (
                        k.date.to_year_f64(),
                        class.spread_at_keyframe(&power.id, k.date),
                    )
                })
                .collect();
            samples.extend(
                grid.iter()
                    .filter(|y| !keyframes.iter().any(|k| (*k - **y).abs() < 1e-9))
                    .map(|&y| (y, class.spread_at(&power.id, y))),
            );
            samples.sort_by(|a, b| a.0.total_cmp(&b.0));
            let alpha = class.alpha(Some(&power.id));
            Some(serde_json::json!({
                "id": power.id,
                "alpha": alpha,
                "words": words(alpha),
                "samples": samples
                    .into_iter()
                    .map(|(y, s)| spread_sample(y, s))
                    .collect::<Vec<_>>(),
            }))
        })
        .collect();
    let alpha = class.alpha(None);
    serde_json::json!({
        "readings": class.readings.len(),
        "reference": class.has_reference,
        "alpha": alpha,
        "words": words(alpha),
        "powers": powers,
    })
}

/// The whole page for a map: one HTML document with everything inlined.
pub fn web_page(map: &StanceMap) -> String {
    web_page_with_class(map, None)
}

/// The whole page for a map, with the summary of a class of its readings when there is one
/// (in a third JSON block, `#class-data`; without a class the page has no trace of one).
pub fn web_page_with_class(map: &StanceMap, class: Option<&Class>) -> String {
    let map_json = serde_json::to_string(&shared_map(map)).unwrap_or_else(|_| "null".to_owned());
    let script = format!("\n{PAGE_JS}\n");
    let csp = format!(
        "default-src 'none'; script-src {}; style-src 'unsafe-inline'; img-src data:; \
         connect-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'",
        script_hash_source(&script)
    );
    let title = escape_html(&map.title);
    let mut page = String::with_capacity(map_json.len() + PAGE_JS.len() + PAGE_CSS.len() + 4096);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"stance-map {version}\">\n\
         <title>{title}</title>\n<style>\n{PAGE_CSS}\n</style>\n</head>\n<body>\n\
         <noscript><p>This page draws the map with JavaScript; please allow scripts for this \
         file, or open the map in stance-map.</p></noscript>\n\
         <script id=\"map-data\" type=\"application/json\">{data}</script>\n\
         <script id=\"page-data\" type=\"application/json\">{extra}</script>\n\
         {class_block}<script>{script}</script>\n</body>\n</html>\n",
        version = env!("CARGO_PKG_VERSION"),
        data = escape_json_for_script(&map_json),
        extra = escape_json_for_script(&page_data(map)),
        class_block = class_block(map, class),
    );
    page
}

/// The `#class-data` block and its line break, or nothing without a class.
fn class_block(map: &StanceMap, class: Option<&Class>) -> String {
    class.map_or_else(String::new, |class| {
        let json =
            serde_json::to_string(&class_summary(map, class)).unwrap_or_else(|_| "null".to_owned());
        format!(
            "<script id=\"class-data\" type=\"application/json\">{}</script>\n",
            escape_json_for_script(&json)
        )
    })
}

/// Write the page for a map to a file (atomically, as every export is written), with the
/// summary of a class of its readings when there is one.
pub fn write_web_page(
    map: &StanceMap,
    class: Option<&Class>,
    path: &Path,
) -> Result<(), StorageError> {
    write_atomically(path, web_page_with_class(map, class).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn the_hash_of_an_empty_script_is_the_known_one() {
        // `echo -n '' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            script_hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let escaped = escape_json_for_script("\"</script>&\u{2028}\u{2029}\"");
        assert_eq!(escaped, "\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"");
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "</script>&\u{2028}\u{2029}");
    }
}
