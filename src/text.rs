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

/// Text safe to print on one line of a terminal: what [`terminal_safe`] replaces, and line breaks
/// shown as `↵` and tabs as spaces, so that data can never start a line of output (a pull request's
/// data must not forge `::error` workflow commands in CI logs).
pub fn one_line(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t') {
        Cow::Owned(
            s.chars()
                .map(|c| match c {
                    '\n' => '↵',
                    '\t' => ' ',
                    c if is_unsafe(c) => '\u{FFFD}',
                    c => c,
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// Text for a terminal that may span lines: each line after the first is indented by `indent`,
/// so data never starts a line of output.
pub fn indented(s: &str, indent: &str) -> String {
    terminal_safe(s)
        .replace('\t', " ")
        .replace('\n', &format!("\n{indent}"))
}

/// Removes what would act on a terminal (controls but line breaks and tabs, bidi overrides): for
/// formats that may be printed to one (HTML, CSV).
pub fn strip_unsafe(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| is_unsafe(c) && c != '\r') {
        Cow::Owned(s.chars().filter(|c| !is_unsafe(*c) || *c == '\r').collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Bytes that should be UTF-8 (a file name), shown with each invalid byte as `\xNN`: two names
/// that differ only in invalid bytes stay two names.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Cuts a string to at most `max` characters (not columns), adding `…` when it was cut.
pub fn cut_chars(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((at, _)) => Cow::Owned(format!("{}…", s.get(..at).unwrap_or_default())),
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

/// The number of single-character edits (insert, delete, replace) that turn `a` into `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Joins `parts` with `sep` into lines of at most `columns` display columns, breaking only
/// between parts (a part wider than a line gets a line of its own); later lines start with
/// `indent`.
pub fn fill(parts: &[String], sep: &str, columns: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut used = 0;
    for part in parts {
        let w = width(part);
        if used > 0 && used + width(sep) + w > columns {
            out.push('\n');
            out.push_str(indent);
            used = width(indent);
        } else if used > 0 {
            out.push_str(sep);
            used += width(sep);
        }
        out.push_str(part);
        used += w;
    }
    out
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
    fn fill_breaks_between_parts_only() {
        let parts: Vec<String> = ["凡例:", "● 完了", "◉ 実施中", "△ 期限超過・未報告"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            fill(&parts, "  ", 80, "  "),
            "凡例:  ● 完了  ◉ 実施中  △ 期限超過・未報告"
        );
        // 凡例: (5) + 2 + ● 完了 (6) = 13 fits in 16; ◉ 実施中 would not.
        assert_eq!(
            fill(&parts, "  ", 16, "  "),
            "凡例:  ● 完了\n  ◉ 実施中\n  △ 期限超過・未報告"
        );
    }

    #[test]
    fn width_counts_full_width_as_two() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("1on1ミーティング"), 4 + 12);
    }

    #[test]
    fn one_line_text_cannot_start_a_line() {
        assert_eq!(
            one_line("x\n::error file=a::Forged"),
            "x↵::error file=a::Forged"
        );
        assert_eq!(indented("a\n::b", "  "), "a\n  ::b");
        assert_eq!(strip_unsafe("a\u{1b}[2Jb\u{202E}c\r\nd"), "a[2Jbc\r\nd");
        assert_eq!(cut_chars("日本語です", 3), "日本語…");
        assert_eq!(cut_chars("日本", 3), "日本");
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
