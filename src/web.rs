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

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest as _, Sha256};

use crate::model::StanceMap;
use crate::model::band::compass_legend;
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

/// The whole page for a map: one HTML document with everything inlined.
pub fn web_page(map: &StanceMap) -> String {
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
         <script>{script}</script>\n</body>\n</html>\n",
        version = env!("CARGO_PKG_VERSION"),
        data = escape_json_for_script(&map_json),
        extra = escape_json_for_script(&page_data(map)),
    );
    page
}

/// Write the page for a map to a file (atomically, as every export is written).
pub fn write_web_page(map: &StanceMap, path: &Path) -> Result<(), StorageError> {
    write_atomically(path, web_page(map).as_bytes())
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
