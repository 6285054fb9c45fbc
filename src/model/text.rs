//! Showing text from a map file safely: the one cleaner every surface uses.
//!
//! A map file may come from a stranger, and its titles, quotes and notes are shown to an
//! audience. The text itself is data and loads as it is, but some characters can make it
//! look like something else: a right-to-left override turns `gnp.exe` into `exe.png`, a
//! terminal escape or a carriage return can hide what came before it, and invisible
//! characters can make two different ids look the same. [`display_safe`] replaces each such
//! character with a visible marker such as `{U+202E}`, so what people see is what the file
//! says. The app, the command line, the SVG and every export (Markdown, HTML, CSV) clean map
//! text with it, and only then add what their format needs (escaping, quoting) as a separate
//! step; [`display_safe_line`] is the same cleaning for text that must stay on one line.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character must be shown as a visible marker rather than as itself.
///
/// These are the control characters (C0, DEL and C1) other than line feed and tab; the
/// invisible formatting characters that can reorder, hide or split text: the bidirectional
/// marks, embeddings, overrides and isolates, zero-width space, word joiner and the invisible
/// operators, the deprecated formatting characters, the byte-order mark, the soft hyphen, the
/// Mongolian vowel separator, the shorthand and musical format controls, the line and
/// paragraph separators, the interlinear annotation characters and the tag characters (an
/// invisible copy of ASCII; subdivision flags such as Scotland's are shown marked); the
/// Hangul fillers, which are blank letters; and the noncharacters (U+FDD0–U+FDEF and the last
/// two of every plane, such as U+FFFE), which no text should hold and two of which are not
/// allowed in XML at all. Zero-width joiner and non-joiner, variation selectors and the
/// visible format signs (Arabic number signs, Egyptian hieroglyph controls) are kept: scripts
/// and emoji need them, and they cannot reorder or hide text.
pub fn needs_marker(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        c if c.is_control() => true,
        c if is_noncharacter(c) => true,
        '\u{00AD}'                // soft hyphen
        | '\u{061C}'              // Arabic letter mark
        | '\u{115F}' | '\u{1160}' // Hangul choseong and jungseong fillers
        | '\u{180E}'              // Mongolian vowel separator
        | '\u{200B}'              // zero-width space
        | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
        | '\u{2028}' | '\u{2029}' // line and paragraph separators
        | '\u{202A}'..='\u{202E}' // embeddings, pop, overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{206A}'..='\u{206F}' // deprecated formatting characters
        | '\u{3164}' | '\u{FFA0}' // Hangul fillers
        | '\u{FEFF}'              // byte-order mark, zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}' // musical beam, tie, slur and phrase controls
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}' // language tag, tag characters
        => true,
        _ => false,
    }
}

/// Whether a code point is one of Unicode's 66 noncharacters.
fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Text from a map made safe to show: every character that [`needs_marker`] is replaced by a
/// visible marker such as `{U+202E}`, and line ends become `\n`: a Windows `\r\n` and a lone
/// `\r` (files saved with old Mac line ends) are line ends, not hidden characters, and a raw
/// `\r` never reaches a terminal, where it would go back and write over the line. Line feeds
/// and tabs are kept.
///
/// Borrows the text unchanged when there is nothing to replace, which is the common case.
/// Whatever the input, nothing in the result [`needs_marker`], and every character in it is
/// allowed in XML 1.0.
pub fn display_safe(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(|c: char| needs_marker(c)) else {
        return Cow::Borrowed(text);
    };
    let mut safe = String::with_capacity(text.len() + 16);
    safe.push_str(&text[..first]);
    let mut chars = text[first..].chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() != Some(&'\n') {
                safe.push('\n');
            }
        } else if needs_marker(c) {
            // Writing to a String cannot fail.
            let _ = write!(safe, "{{U+{:04X}}}", u32::from(c));
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// Like [`display_safe`], for text shown on one line (a line of `check`'s output, a label):
/// line ends and tabs become spaces as well, so the text cannot start a line of its own.
pub fn display_safe_line(text: &str) -> Cow<'_, str> {
    match display_safe(text) {
        safe if !safe.contains(['\n', '\t']) => safe,
        safe => Cow::Owned(safe.replace(['\n', '\t'], " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for text in [
            "",
            "Serbia between the EU and Russia",
            "Vučić’s “ironclad” friend",
            "two lines\nand\ta tab",
            "مرحبا שלום 你好 👩‍👩‍👧",
            "Persian uses a zero-width non-joiner: می\u{200C}خواهم",
        ] {
            assert!(
                matches!(display_safe(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }

    #[test]
    fn bidi_overrides_cannot_disguise_a_file_name() {
        let shown = display_safe("invoice \u{202E}gnp.exe\u{202C}");
        assert_eq!(shown, "invoice {U+202E}gnp.exe{U+202C}");
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(display_safe(&text), format!("a{{U+{:04X}}}b", u32::from(c)));
        }
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(display_safe("a\u{0}b"), "a{U+0000}b");
        assert_eq!(display_safe("bell\u{7}"), "bell{U+0007}");
        assert_eq!(display_safe("\u{1b}[31mred"), "{U+001B}[31mred");
        assert_eq!(display_safe("del\u{7f}"), "del{U+007F}");
        assert_eq!(display_safe("c1\u{85}\u{9b}"), "c1{U+0085}{U+009B}");
    }

    #[test]
    fn windows_and_old_mac_line_ends_are_line_ends() {
        assert_eq!(display_safe("one\r\ntwo\r\n"), "one\ntwo\n");
        // A lone CR is a line end (files saved with CR-only line ends), never a raw CR that
        // would send a terminal back to the start of the line to write over it.
        assert_eq!(display_safe("one\r\r\ntwo"), "one\n\ntwo");
        assert_eq!(display_safe("over\rwrite"), "over\nwrite");
    }

    #[test]
    fn format_characters_and_noncharacters_are_shown() {
        for c in [
            '\u{00AD}',
            '\u{115F}',
            '\u{1160}',
            '\u{180E}',
            '\u{200B}',
            '\u{2060}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{206A}',
            '\u{206B}',
            '\u{206C}',
            '\u{206D}',
            '\u{206E}',
            '\u{206F}',
            '\u{3164}',
            '\u{FEFF}',
            '\u{FFA0}',
            '\u{FFF9}',
            '\u{FFFA}',
            '\u{FFFB}',
            '\u{FDD0}',
            '\u{FDEF}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{1FFFE}',
            '\u{1FFFF}',
            '\u{10FFFE}',
            '\u{10FFFF}',
            '\u{1BCA0}',
            '\u{1BCA3}',
            '\u{1D173}',
            '\u{1D17A}',
            '\u{E0001}',
            '\u{E0020}',
            '\u{E0041}',
            '\u{E007F}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(
                display_safe(&text),
                format!("a{{U+{:04X}}}b", u32::from(c)),
                "{c:?}"
            );
        }
        // Joiners, variation selectors and visible format signs stay: scripts and emoji need them.
        for kept in [
            "a\u{200C}b",
            "a\u{200D}b",
            "\u{2764}\u{FE0F}",
            "\u{0600}\u{0661}",
        ] {
            assert_eq!(display_safe(kept), kept);
        }
    }

    #[test]
    fn one_line_text_cannot_start_another_line() {
        assert_eq!(
            display_safe_line("Serbia\nfake.ron: ok\r\nx\ry\tz"),
            "Serbia fake.ron: ok x y z"
        );
        assert_eq!(
            display_safe_line("\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}1m\u{2028}"),
            "{U+001B}]0;title{U+0007}{U+001B}[2J{U+009B}1m{U+2028}"
        );
        assert!(matches!(display_safe_line("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn invisible_characters_are_shown() {
        assert_eq!(display_safe("ru\u{200B}ssia"), "ru{U+200B}ssia");
        assert_eq!(display_safe("\u{FEFF}title"), "{U+FEFF}title");
        assert_eq!(display_safe("a\u{2028}b"), "a{U+2028}b");
    }

    #[test]
    fn every_character_is_kept_or_marked() {
        for c in (0u32..=0x10_FFFF).filter_map(char::from_u32) {
            if c == '\r' {
                continue; // a line end (see above)
            }
            let text = c.to_string();
            let shown = display_safe(&text);
            if needs_marker(c) {
                assert_eq!(shown, format!("{{U+{:04X}}}", u32::from(c)));
            } else {
                assert_eq!(shown, text);
            }
            assert!(!shown.chars().any(needs_marker), "{c:?}");
            let n = u32::from(c);
            assert!(
                !((0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE) || shown != text,
                "the noncharacter {c:?} is shown raw"
            );
        }
    }
}
