//! Whether a keyframe's reasoning still matches its value: a reasoning written for 0.8 reads
//! wrong once the value was dragged to 1.0. The evidence panel says so.

/// The strengths a text mentions: decimal numbers in −1…+1 written as `0.8`, `(0.8)`,
/// `+0.80`, `-0.5` or `−0.5`, in the order they appear. Numbers that are part of something
/// else are left out: percentages (`53.9%`), larger numbers (`10.5`, `2009`), version-like
/// runs (`1.2.3`) and whole numbers, which are years and counts far more often than values.
pub fn strengths_mentioned(text: &str) -> Vec<f64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && !i
                .checked_sub(1)
                .is_some_and(|p| chars[p].is_alphanumeric() || chars[p] == '.');
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let followed_badly = chars
            .get(i)
            .is_some_and(|&c| c == '%' || c.is_alphanumeric());
        if run.matches('.').count() != 1 || followed_badly {
            continue;
        }
        let Ok(magnitude) = run.parse::<f64>() else {
            continue;
        };
        if magnitude > 1.0 {
            continue;
        }
        let hyphen_before = start
            .checked_sub(1)
            .is_some_and(|p| matches!(chars[p], '-' | '−'));
        // A hyphen after a word makes the number part of a name ("CH-0.5"), not a value.
        let joined_to_word = hyphen_before
            && start
                .checked_sub(2)
                .is_some_and(|q| chars[q].is_alphanumeric());
        if joined_to_word {
            continue;
        }
        found.push(if hyphen_before { -magnitude } else { magnitude });
    }
    found
}

/// The strengths `reasoning` mentions when none of them is `strength` to two decimals (the
/// precision the app prints): the reasoning was written for another value. `None` when it
/// mentions no strength, or mentions this one.
pub fn stale_mentions(strength: f64, reasoning: &str) -> Option<Vec<f64>> {
    let hundredths = |v: f64| (v * 100.0).round();
    let mentioned = strengths_mentioned(reasoning);
    let matches = mentioned
        .iter()
        .any(|&v| hundredths(v) == hundredths(strength));
    (!mentioned.is_empty() && !matches).then_some(mentioned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strengths_are_read_in_every_written_form() {
        assert_eq!(
            strengths_mentioned("The peak (0.8), was +0.80, then -0.5 and −0.25; 1.0 at most."),
            [0.8, 0.8, -0.5, -0.25, 1.0]
        );
    }

    #[test]
    fn years_percentages_and_other_numbers_are_not_strengths() {
        assert!(
            strengths_mentioned(
                "In 2021 the EU took 53.9% of imports, 10.5 million, version 1.2.3, CH-92A, \
                 1991-1992, the 16+1 framework, 0.5x."
            )
            .is_empty()
        );
        // A number joined to a word by a hyphen is part of a name.
        assert_eq!(strengths_mentioned("a CH-0.5 drone"), Vec::<f64>::new());
        assert_eq!(strengths_mentioned("Kosovo-0.5"), Vec::<f64>::new());
    }

    #[test]
    fn a_reasoning_without_a_number_is_never_stale() {
        assert_eq!(
            stale_mentions(1.0, "Russia supported Serbia over Kosovo."),
            None
        );
        assert_eq!(stale_mentions(1.0, ""), None);
    }

    #[test]
    fn a_reasoning_that_mentions_the_value_is_not_stale() {
        assert_eq!(
            stale_mentions(0.8, "The peak (0.8): Gazprom Neft bought 51% of NIS."),
            None
        );
        assert_eq!(
            stale_mentions(-0.45, "Barely changed (-0.45), was -0.35."),
            None
        );
        // An earlier value mentioned beside the current one does not make it stale.
        assert_eq!(
            stale_mentions(0.1, "Barely positive (0.1), lowered from 0.4."),
            None
        );
        assert_eq!(stale_mentions(0.3, "Rising (+0.30)."), None);
    }

    #[test]
    fn a_reasoning_that_mentions_only_other_values_is_stale() {
        assert_eq!(
            stale_mentions(1.0, "The peak (0.8): on top of the Kosovo support."),
            Some(vec![0.8])
        );
        assert_eq!(stale_mentions(0.81, "The peak (0.8)."), Some(vec![0.8]));
        assert_eq!(stale_mentions(0.5, "Negative (-0.5)."), Some(vec![-0.5]));
    }

    #[test]
    fn the_article_map_has_no_stale_reasoning() {
        let map = crate::article::article_map().unwrap();
        for power in &map.powers {
            for k in &power.track {
                assert_eq!(
                    stale_mentions(k.strength, &k.reasoning),
                    None,
                    "{} {}",
                    power.id,
                    k.date
                );
            }
        }
    }
}
