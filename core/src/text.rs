//! Text helpers: word counts and reading time.

/// Reading speed used for the estimate, in words a minute (a common figure
/// for adult readers of news prose in French and English).
pub const WORDS_PER_MINUTE: usize = 230;

/// Counts words as runs of characters that hold at least one letter or digit,
/// so punctuation standing alone (« – ») is not a word.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// Whole minutes to read `words`, rounded up, never below one.
pub fn reading_minutes(words: usize) -> u32 {
    let minutes = words.div_ceil(WORDS_PER_MINUTE).max(1);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_not_punctuation() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  "), 0);
        assert_eq!(word_count("Les Etats-Unis acceptent"), 3);
        assert_eq!(word_count("« Bonjour » – dit-il ."), 2);
        assert_eq!(word_count("l’accord de 2012"), 3);
        assert_eq!(word_count("日本 語"), 2);
    }

    #[test]
    fn reading_time_rounds_up_with_a_floor_of_one() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(WORDS_PER_MINUTE), 1);
        assert_eq!(reading_minutes(WORDS_PER_MINUTE + 1), 2);
        assert_eq!(reading_minutes(10 * WORDS_PER_MINUTE), 10);
    }
}
