//! Finding text in the article: the one tolerant matcher behind quote highlighting, the
//! "not in the article" warnings and the find bar, and the rule that snaps a selection to
//! whole words before it becomes a quote.
//!
//! Quotes are typed, pasted or loaded from files, so they may differ from the article in
//! ways a reader cannot see: a line break or two spaces where the article has one space, or
//! "č" written as "c" plus a combining caron (Unicode NFD) where the article has the single
//! letter (NFC). The matcher compares both texts after folding such differences away, and
//! always answers with byte ranges in the article itself, so whatever is saved or shown is
//! the article's own characters.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// One character of folded text and the bytes of the original text it came from.
#[derive(Clone, Copy)]
struct Unit {
    ch: char,
    origin: (usize, usize),
}

/// `text` folded for comparison: every run of whitespace becomes one space, every character is
/// decomposed (NFD, so composed and decomposed letters compare equal), and, when
/// `ignore_case`, lowercased. Each folded character remembers the original bytes it came from.
fn fold(text: &str, ignore_case: bool) -> Vec<Unit> {
    let mut units = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (start, c) in text.char_indices() {
        let origin = (start, start + c.len_utf8());
        if c.is_whitespace() {
            if in_space {
                if let Some(last) = units.last_mut() {
                    let last: &mut Unit = last;
                    last.origin.1 = origin.1;
                }
            } else {
                units.push(Unit { ch: ' ', origin });
            }
            in_space = true;
            continue;
        }
        in_space = false;
        for d in std::iter::once(c).nfd() {
            if ignore_case {
                units.extend(d.to_lowercase().map(|ch| Unit { ch, origin }));
            } else {
                units.push(Unit { ch: d, origin });
            }
        }
    }
    // Decomposition puts combining marks in canonical order; the NFD of a whole run is what
    // both sides must agree on, so reorder marks the same way across character boundaries.
    canonical_order(&mut units);
    units
}

/// Put each run of combining marks into canonical order (a stable sort by combining class),
/// as NFD does, for marks that came from different original characters.
fn canonical_order(units: &mut [Unit]) {
    use unicode_normalization::char::canonical_combining_class as class;
    let mut i = 0;
    while i < units.len() {
        if class(units[i].ch) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && class(units[i].ch) != 0 {
            i += 1;
        }
        units[start..i].sort_by_key(|u| class(u.ch));
    }
}

/// Every non-overlapping occurrence of `needle` in `text`, as byte ranges of `text`, in order.
/// Whitespace runs and Unicode normalisation are ignored, and case too when `ignore_case`.
/// A match never starts or ends inside one of the article's characters (so "c" does not match
/// the first half of "č"). An empty or all-blank needle matches nothing.
fn find_folded(text: &str, needle: &str, ignore_case: bool) -> Vec<Range<usize>> {
    let needle: Vec<char> = fold(needle.trim(), ignore_case)
        .into_iter()
        .map(|u| u.ch)
        .collect();
    let Some(&first) = needle.first() else {
        return Vec::new();
    };
    let hay = fold(text, ignore_case);
    let mut found = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let end = i + needle.len();
        let whole_start = i == 0 || hay[i - 1].origin != hay[i].origin;
        let whole_end = end == hay.len() || hay[end].origin != hay[end - 1].origin;
        if hay[i].ch == first
            && whole_start
            && whole_end
            && hay[i..end].iter().zip(&needle).all(|(u, c)| u.ch == *c)
        {
            // Reordered combining marks may put a character's bytes anywhere in the match.
            let from = hay[i..end].iter().map(|u| u.origin.0).min().unwrap_or(0);
            let to = hay[i..end].iter().map(|u| u.origin.1).max().unwrap_or(0);
            found.push(from..to);
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Where `quote` stands in `text`: every occurrence, as byte ranges of `text`. Letters must
/// match exactly (case included), but whitespace runs (a line break, two spaces) and Unicode
/// normalisation (a decomposed "c" + caron for "č") may differ. The one matcher for quotes:
/// highlighting, "Show in article" and the "not word for word" warning all use it.
pub fn quote_ranges(text: &str, quote: &str) -> Vec<Range<usize>> {
    find_folded(text, quote, false)
}

/// Whether `quote` stands in `text`, by the rules of [`quote_ranges`].
pub fn quote_in_text(text: &str, quote: &str) -> bool {
    // Most quotes are the article's characters exactly: no need to fold the whole text.
    let quote = quote.trim();
    (!quote.is_empty() && text.contains(quote)) || !quote_ranges(text, quote).is_empty()
}

/// What the find bar finds: every occurrence of `query` in `text` as byte ranges, ignoring
/// case as well as whitespace runs and Unicode normalisation.
pub fn find_in_text(text: &str, query: &str) -> Vec<Range<usize>> {
    find_folded(text, query, true)
}

/// Characters that join two parts of one word or number: "don't", "53.9", "1,000", "pro-EU".
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '’' | '-' | '‐' | '‑')
}

/// Characters that belong to a word: letters, digits, combining marks, and a percent sign.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '%'
        || unicode_normalization::char::canonical_combining_class(c) != 0
        || unicode_normalization::char::is_combining_mark(c)
}

/// Sentence punctuation that stays attached to the word before it.
fn is_closing_punctuation(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…')
}

/// Whether byte offset `at` of `text` falls inside a word or number, so that cutting there
/// would split it: "Serb|ia", "53.|9%", "53|.9%", "don|'t".
fn inside_word(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else {
        return false;
    };
    let mut back = before.chars().rev();
    let mut ahead = after.chars();
    let (Some(left), Some(right)) = (back.next(), ahead.next()) else {
        return false;
    };
    if is_word_char(left) && is_word_char(right) {
        return true;
    }
    // A joiner between two word characters is inside the word.
    (is_word_char(left) && is_joiner(right) && ahead.next().is_some_and(is_word_char))
        || (is_joiner(left) && is_word_char(right) && back.next().is_some_and(is_word_char))
}

/// The selection `bytes` of `text`, snapped to whole words for a quote.
///
/// The rule: a word cut at either end is left out, not completed ("…to Serbia. T" becomes
/// "…to Serbia.", "rbia is" becomes "is"), since completing it would quote words the user did
/// not choose; numbers such as "53.9%" and words such as "don't" count as one word. Sentence
/// punctuation (. , ; : ! ? …) stays with the word it follows: it is kept when selected and
/// added when the selection stops just before it. Whitespace and dashes at either end are
/// dropped. The result is a byte range of `text` (possibly empty), never wider than the
/// selection except for that trailing punctuation.
pub fn snap_to_words(text: &str, bytes: Range<usize>) -> Range<usize> {
    let mut start = bytes.start.min(text.len());
    let mut end = bytes.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end = end.max(start);
    let next = |at: usize| text[at..].chars().next();
    let prev = |at: usize| text[..at].chars().next_back();

    // The start: drop a cut word with the punctuation attached to it.
    if inside_word(text, start) {
        while start < end && (inside_word(text, start) || next(start).is_some_and(is_word_char)) {
            start += next(start).map_or(0, char::len_utf8);
        }
        while let Some(c) = next(start).filter(|&c| start < end && is_closing_punctuation(c)) {
            start += c.len_utf8();
        }
    }
    while let Some(c) = next(start).filter(|&c| start < end && is_edge_filler(c)) {
        start += c.len_utf8();
    }

    // The end: drop a cut word, or take the punctuation right after a whole one.
    let mut end = end;
    if inside_word(text, end) {
        while end > start && (inside_word(text, end) || prev(end).is_some_and(is_word_char)) {
            end -= prev(end).map_or(0, char::len_utf8);
        }
        // An opening quote or bracket left before the dropped word goes with it.
        while let Some(c) =
            prev(end).filter(|&c| end > start && matches!(c, '“' | '‘' | '"' | '(' | '«'))
        {
            end -= c.len_utf8();
        }
    } else if prev(end).is_some_and(is_word_char) {
        while let Some(c) = next(end).filter(|&c| is_closing_punctuation(c)) {
            end += c.len_utf8();
        }
    }
    while let Some(c) = prev(end).filter(|&c| end > start && is_edge_filler(c)) {
        end -= c.len_utf8();
    }
    start..end.max(start)
}

/// What a quote neither starts nor ends with: whitespace and dashes.
fn is_edge_filler(c: char) -> bool {
    c.is_whitespace() || matches!(c, '—' | '–')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapped<'a>(text: &'a str, selected: &str) -> &'a str {
        let start = text.find(selected).expect("the selection is in the text");
        &text[snap_to_words(text, start..start + selected.len())]
    }

    #[test]
    fn a_quote_with_other_spacing_is_found_as_the_articles_characters() {
        let text = "Serbia  leaned toward\nRussia in 2009. Then Serbia leaned toward Russia.";
        let found = quote_ranges(text, "leaned toward Russia");
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].clone()], "leaned toward\nRussia");
        assert_eq!(&text[found[1].clone()], "leaned toward Russia");
        let found = quote_ranges(text, " Serbia leaned\n  toward ");
        assert_eq!(&text[found[0].clone()], "Serbia  leaned toward");
    }

    #[test]
    fn composed_and_decomposed_letters_match_both_ways() {
        let text = "President Vučić met Xi Đinping.";
        let decomposed = "Vuc\u{030C}ic\u{0301}";
        let found = quote_ranges(text, decomposed);
        assert_eq!(
            found.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["Vučić"]
        );
        let decomposed_text = "President Vuc\u{030C}ic\u{0301} met";
        let found = quote_ranges(decomposed_text, "Vučić met");
        assert_eq!(
            &decomposed_text[found[0].clone()],
            "Vuc\u{030C}ic\u{0301} met"
        );
    }

    #[test]
    fn quotes_match_case_and_whole_characters() {
        let text = "Vučić said: “No.”";
        assert!(!quote_in_text(text, "vučić said"));
        // "c" is not half of "č".
        assert!(quote_ranges(text, "Vuc").is_empty());
        assert!(quote_in_text(text, "said: “No.”"));
        assert!(!quote_in_text(text, "   "));
        assert!(!quote_in_text(text, "said: \"No.\""));
    }

    #[test]
    fn the_finder_ignores_case_and_spacing() {
        let text = "Russia and EU.\nrussia, the eu;  RUSSIA";
        let found = find_in_text(text, "russia");
        assert_eq!(found.len(), 3);
        assert_eq!(&text[found[2].clone()], "RUSSIA");
        assert_eq!(find_in_text(text, "and  eu").len(), 1);
        assert_eq!(find_in_text(text, "ĐINPING").len(), 0);
        assert_eq!(find_in_text("Xi Đinping", "đinping"), vec![3..11]);
        assert!(find_in_text(text, "").is_empty());
    }

    #[test]
    fn a_cut_word_at_the_end_is_dropped_and_punctuation_kept() {
        let text = "Moscow offered support to Serbia. Then came 2014.";
        assert_eq!(
            snapped(text, "offered support to Serbia. T"),
            "offered support to Serbia."
        );
        // Stopping just before the full stop takes it.
        assert_eq!(
            snapped(text, "offered support to Serbia"),
            "offered support to Serbia."
        );
        assert_eq!(
            snapped(text, "offered support to Ser"),
            "offered support to"
        );
    }

    #[test]
    fn a_cut_word_at_the_start_is_dropped_with_its_punctuation() {
        let text = "Moscow offered support to Serbia, then more.";
        assert_eq!(snapped(text, "scow offered support"), "offered support");
        assert_eq!(snapped(text, "bia, then more."), "then more.");
        // A selection that starts at a word's start is kept as it is.
        assert_eq!(snapped(text, "Moscow offered "), "Moscow offered");
        assert_eq!(snapped(text, "support to"), "support to");
    }

    #[test]
    fn numbers_curly_quotes_and_dashes_are_whole_words() {
        let text = "Support fell to 53.9% in 2020 — “a historic low,” she said.";
        assert_eq!(snapped(text, "fell to 53.9% in"), "fell to 53.9% in");
        assert_eq!(snapped(text, "fell to 53."), "fell to");
        assert_eq!(snapped(text, ".9% in 2020 — “a"), "in 2020 — “a");
        assert_eq!(
            snapped(text, "2020 — “a historic low,” she"),
            "2020 — “a historic low,” she"
        );
        assert_eq!(snapped(text, "in 2020 — “a hi"), "in 2020 — “a");
        assert_eq!(snapped(text, "in 2020 — “a hist"), "in 2020 — “a");
        assert_eq!(snapped(text, "she said."), "she said.");
        assert_eq!(snapped("he said “historic", "said “hist"), "said");
        assert_eq!(snapped(text, "low,” she said"), "low,” she said.");
        assert_eq!(snapped(text, "2020 — "), "2020");
    }

    #[test]
    fn non_ascii_letters_are_letters() {
        let text = "Vučić welcomed Xi Đinping in Beograd.";
        assert_eq!(snapped(text, "čić welcomed Xi Đin"), "welcomed Xi");
        assert_eq!(
            snapped(text, "Vučić welcomed Xi Đinping"),
            "Vučić welcomed Xi Đinping"
        );
        let decomposed = "Vuc\u{030C}ic\u{0301} welcomed Xi";
        let start = 1;
        assert_eq!(
            &decomposed[snap_to_words(decomposed, start..decomposed.len())],
            "welcomed Xi"
        );
        // Cutting between a letter and its combining mark cuts the word.
        assert_eq!(&decomposed[snap_to_words(decomposed, 0..3)], "");
    }

    #[test]
    fn odd_ranges_are_clamped_to_the_text() {
        let text = "Đinping said";
        assert_eq!(snap_to_words(text, 1..99), 9..13);
        assert_eq!(snap_to_words(text, Range { start: 5, end: 2 }), 5..5);
    }
}
