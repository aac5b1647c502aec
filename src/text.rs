//! Text helpers for Japanese text: display width (full-width characters take two columns) and
//! making data safe to print on a terminal.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Display width of a string in terminal columns (a full-width character counts two).
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Width of one character as [`terminal_safe`] prints it.
pub fn char_width(c: char) -> usize {
    if is_unsafe(c) {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Characters that would act on a terminal rather than show: C0/C1 controls (but tab and newline),
/// DEL, and bidirectional overrides that can make text read differently than it is.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Replaces characters that would act on a terminal with U+FFFD, so data cannot move the cursor,
/// change colours or hide text.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_unsafe(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// Cuts a string to at most `max` columns, adding `…` when it was cut; never splits a character.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Pads a string with spaces to `columns` display columns.
pub fn pad(s: &str, columns: usize) -> String {
    let w = width(s);
    format!("{s}{}", " ".repeat(columns.saturating_sub(w)))
}

/// A number as people write it: `80`, `72.5`, `-3`, never `80.0`.
pub fn number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_no_needless_fraction() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(72.5), "72.5");
        assert_eq!(number(-3.0), "-3");
    }

    #[test]
    fn width_counts_full_width_as_two() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("1on1ミーティング"), 4 + 12);
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(terminal_safe("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(terminal_safe("x\u{202E}y"), "x\u{FFFD}y");
        assert_eq!(terminal_safe("普通"), "普通");
    }

    #[test]
    fn truncate_never_splits_characters() {
        assert_eq!(truncate("職場の上司によるキャリア支援", 9), "職場の上…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(pad("日本", 6), "日本  ");
    }
}
