//! Showing text from a map file safely.
//!
//! A map file may come from a stranger, and its titles, quotes and notes are shown to an
//! audience. The text itself is data and loads as it is, but some characters can make it
//! look like something else: a right-to-left override turns `gnp.exe` into `exe.png`, a
//! terminal escape or a carriage return can hide what came before it, and invisible
//! characters can make two different ids look the same. [`display_safe`] replaces each such
//! character with a visible marker such as `{U+202E}`, so what people see is what the file
//! says.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character must be shown as a visible marker rather than as itself.
///
/// These are the control characters (C0, DEL and C1) other than line feed and tab, and the
/// invisible formatting characters that can reorder, hide or split text: the bidirectional
/// marks, embeddings, overrides and isolates; zero-width space, word joiner and the
/// invisible operators; the deprecated formatting characters; the byte-order mark; the
/// line and paragraph separators; and the interlinear annotation characters. Zero-width
/// joiner and non-joiner are kept: scripts and emoji need them, and they cannot reorder text.
pub fn needs_marker(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        c if c.is_control() => true,
        '\u{061C}'               // Arabic letter mark
        | '\u{200B}'             // zero-width space
        | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
        | '\u{2028}' | '\u{2029}' // line and paragraph separators
        | '\u{202A}'..='\u{202E}' // embeddings, pop, overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{206A}'..='\u{206F}' // deprecated formatting characters
        | '\u{FEFF}'             // byte-order mark, zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        => true,
        _ => false,
    }
}

/// Text from a map made safe to show: every character that [`needs_marker`] is replaced by a
/// visible marker such as `{U+202E}`, and a carriage return before a line feed is dropped
/// (Windows line ends are line ends, not hidden characters). Line feeds and tabs are kept.
///
/// Borrows the text unchanged when there is nothing to replace, which is the common case.
pub fn display_safe(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(|c: char| needs_marker(c)) else {
        return Cow::Borrowed(text);
    };
    let mut safe = String::with_capacity(text.len() + 16);
    safe.push_str(&text[..first]);
    let mut chars = text[first..].chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if needs_marker(c) {
            // Writing to a String cannot fail.
            let _ = write!(safe, "{{U+{:04X}}}", u32::from(c));
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
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
        assert_eq!(display_safe("over\rwrite"), "over{U+000D}write");
    }

    #[test]
    fn windows_line_ends_are_line_ends() {
        assert_eq!(display_safe("one\r\ntwo\r\n"), "one\ntwo\n");
        assert_eq!(display_safe("one\r\r\ntwo"), "one{U+000D}\ntwo");
    }

    #[test]
    fn invisible_characters_are_shown() {
        assert_eq!(display_safe("ru\u{200B}ssia"), "ru{U+200B}ssia");
        assert_eq!(display_safe("\u{FEFF}title"), "{U+FEFF}title");
        assert_eq!(display_safe("a\u{2028}b"), "a{U+2028}b");
    }

    #[test]
    fn every_character_is_kept_or_marked() {
        for c in (0u32..0x3000)
            .chain(0xFEF0..=0xFFFF)
            .filter_map(char::from_u32)
        {
            let text = c.to_string();
            let shown = display_safe(&text);
            if needs_marker(c) {
                assert_eq!(shown, format!("{{U+{:04X}}}", u32::from(c)));
            } else {
                assert_eq!(shown, text);
            }
            assert!(!shown.chars().any(needs_marker), "{c:?}");
        }
    }
}
