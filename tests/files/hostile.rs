//! Hostile and broken input: every case is an error with a message, never a panic.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use stance_map::article::ARTICLE_MAP_RON;
use stance_map::storage::{MAX_FILE_BYTES, StorageError, load_bytes, load_str};

/// Replace the first occurrence, insisting it is there: a test whose edit silently misses
/// would test the unedited map.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the map no longer contains {from:?}");
    text.replacen(from, to, 1)
}

fn assert_refused(bytes: &[u8]) -> StorageError {
    let result = std::panic::catch_unwind(|| load_bytes(bytes));
    let outcome = result.expect("loading must never panic");
    let error = outcome.expect_err("hostile input must be refused");
    assert!(!error.to_string().is_empty());
    error
}

#[test]
fn empty_and_blank_files() {
    for text in ["", " ", "\n\n\t", "\u{feff}"] {
        let error = assert_refused(text.as_bytes());
        assert!(error.to_string().contains("empty"), "{error}");
    }
}

#[test]
fn truncated_at_many_points() {
    let bytes = ARTICLE_MAP_RON.as_bytes();
    let step = (bytes.len() / 400).max(1);
    let mut checked = 0;
    for cut in (1..bytes.len() - 3).step_by(step) {
        // A cut inside a multi-byte character is invalid UTF-8: also an error.
        let error = assert_refused(&bytes[..cut]);
        if let Some(at) = error.line_col() {
            assert!(at.line >= 1 && at.col >= 1);
        }
        checked += 1;
    }
    assert!(checked >= 400, "{checked}");
}

#[test]
fn deep_nesting_hits_the_recursion_limit() {
    for opener in ["(", "[", "Some("] {
        let text = format!("(format_version: 1, title: {})", opener.repeat(100_000));
        let error = assert_refused(text.as_bytes());
        let message = error.to_string();
        assert!(error.line_col().is_some(), "{message}");
    }
    // A field the map does not have is refused at its name, before its value is read; the
    // probe for a newer version that does read it stops at the recursion limit.
    let text = format!(
        "(format_version: 1, unknown_field: {})",
        "[".repeat(100_000)
    );
    let error = assert_refused(text.as_bytes());
    assert!(
        error
            .to_string()
            .contains("\"unknown_field\" is not a field of the map"),
        "{error}"
    );
    assert_eq!(error.line_col().map(|at| (at.line, at.col)), Some((1, 21)));
}

#[test]
fn nan_infinities_and_huge_numbers_are_refused() {
    for bad in ["NaN", "inf", "-inf", "1e400", "-1e309", "2.0", "-1.0000001"] {
        let text = replace_once(
            ARTICLE_MAP_RON,
            "strength: 0.1,",
            &format!("strength: {bad},"),
        );
        let error = assert_refused(text.as_bytes());
        assert!(error.to_string().contains("EU, 1991"), "{bad}: {error}");
    }
    for bad in ["99999999999999999999999", "-1", "4294967296"] {
        let text = replace_once(
            ARTICLE_MAP_RON,
            "format_version: 6,",
            &format!("format_version: {bad},"),
        );
        let error = assert_refused(text.as_bytes());
        assert!(
            error.line_col().is_some() || error.to_string().contains("version"),
            "{error}"
        );
    }
    let text = replace_once(ARTICLE_MAP_RON, "bearing_deg: 280.0,", "bearing_deg: NaN,");
    assert!(
        assert_refused(text.as_bytes())
            .to_string()
            .contains("bearing")
    );
    for bad in ["99999999999", "1991-300", "1991-", "x", "0000"] {
        let text = replace_once(
            ARTICLE_MAP_RON,
            "date: \"1991\"",
            &format!("date: \"{bad}\""),
        );
        let error = assert_refused(text.as_bytes());
        assert!(
            error.line_col().is_some() || error.to_string().contains("EU, "),
            "{bad}: {error}"
        );
    }
    let text = replace_once(ARTICLE_MAP_RON, "date: \"1991\"", "date: \"1991-13\"");
    assert!(
        assert_refused(text.as_bytes())
            .to_string()
            .contains("month 13")
    );
}

#[test]
fn invalid_utf8_and_binary_garbage() {
    assert_refused(&[0xff, 0xfe, 0x00, 0x41]);
    assert_refused(&[0xc3]);
    // Deterministic pseudo-random garbage (no rand crate needed for a test).
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for len in [1usize, 7, 64, 1000, 10_000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        assert_refused(&bytes);
    }
}

#[test]
fn random_byte_flips_never_panic() {
    let original = ARTICLE_MAP_RON.as_bytes();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut bytes = original.to_vec();
        for _ in 0..3 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = (state as usize) % bytes.len();
            bytes[i] = (state >> 40) as u8;
        }
        let outcome = std::panic::catch_unwind(|| load_bytes(&bytes));
        assert!(outcome.is_ok(), "panicked on a byte flip");
    }
}

#[test]
fn a_bom_alone_before_garbage_is_still_an_error() {
    let error = assert_refused("\u{feff}garbage".as_bytes());
    assert!(error.line_col().is_some(), "{error}");
}

#[test]
fn over_the_cap_in_memory() {
    let bytes = vec![b' '; (MAX_FILE_BYTES + 1) as usize];
    let error = assert_refused(&bytes);
    assert!(matches!(error, StorageError::TooLarge { .. }), "{error}");
}

#[test]
fn wrong_shapes_and_missing_fields() {
    for text in [
        "42",
        "\"a string\"",
        "[]",
        "()",
        "(format_version: 1)",
        "(format_version: 1, title: 5, subject: \"S\", powers: [])",
        "(format_version: 1, title: \"T\", subject: \"S\", powers: [], powers: [])",
        "(format_version: 1, title: \"T\", subject: \"S\", powers: [(id: \"a\")])",
    ] {
        let error = assert_refused(text.as_bytes());
        assert!(error.line_col().is_some(), "{text}: {error}");
    }
    let error = load_str("(format_version: 1, title: \"T\")").unwrap_err();
    assert!(
        error.to_string().contains("\"subject\" is missing"),
        "{error}"
    );
}

#[test]
fn parser_messages_are_plain_words() {
    // Each breaks the file in a different way; none may show ron's own wording.
    let head = "#![enable(implicit_some)]\n(format_version: 3, title: \"T\", subject: \"S\", ";
    let power = "powers: [(id: \"a\", name: \"A\", color: \"#000000\", bearing_deg: 0, track: [";
    let cases = [
        format!("{head}powers: [], events: [(date: 2000, title: \"e\")])"),
        format!("{head}{power}(date: \"2000\", strength: 0.5, confidence: \"High\")])])"),
        format!("{head}{power}(date: \"2000\", strength: \"0.5\")])])"),
        format!("{head}{power}(date: \"2000\", strength: 1._5)])])"),
        format!("{head}{power}(date: \"2000\", strength: 0.5, interpolation: Linear(1))])])"),
        format!("{head}powers: [1])"),
        format!("{head}powers: [,])"),
        format!("{head}powers: ()"),
        format!("{head}powers: []))"),
        format!("{head}powers: [], sources: [(id: \"a\", author: \"b\", entry: \"c\", year: 1e3)])"),
        format!("{head}powers: [], sources: [(id: \"a\", author: \"b\", entry: \"c\", year: 9999999999)])"),
        format!("{head}powers: [], events: [(date: \"2000\", title: \"\\q\")])"),
        format!("{head}powers: [], events: [(date: \"2000\", title: b\"x\")])"),
        format!("{head}powers: [], events: [(date: \"2000\", title: \"t\", note: tru)])"),
        format!("{head}powers: [], story: [(date: \"2000\", title: \"t\", duration_s: 1.0.0)])"),
        "(format_version: 3, title: \"T\", subject: \"S\", powers: [], story: [(date: \"2000\", title: \"t\", duration_s: 5)])".to_owned(),
        "(format_version: -1)".to_owned(),
        "(format_version: 0b102)".to_owned(),
        "(format_version: @)".to_owned(),
        "(format_version: 3 title: \"T\")".to_owned(),
        "(format_version: 3,, title: \"T\")".to_owned(),
        "(format_version: 3, /* open".to_owned(),
        "#![enable(foo)]\n(format_version: 3)".to_owned(),
        "Map(format_version: 3)".to_owned(),
        "{ \"a\": 1 }".to_owned(),
        "[1, 2]".to_owned(),
        "(format_version: 3, titel: \"T\")".to_owned(),
    ];
    for text in &cases {
        let error = assert_refused(text.as_bytes());
        let message = error.to_string();
        assert!(error.line_col().is_some(), "{text}: {message}");
        for raw in [
            "Expected",
            "Unexpected",
            "Integer",
            "identifier",
            "struct",
            "RON",
            "Non-whitespace",
            "Invalid",
        ] {
            assert!(!message.contains(raw), "{text}\n  => {message}");
        }
    }
}
