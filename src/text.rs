//! Text helpers for Japanese text: display width (full-width characters take two columns) and
//! making data safe to print on a terminal.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Display width of a string in terminal columns (a full-width character counts two).
pub fn width(s: &str) -> usize {
    // Printable ASCII (ids, numbers, most of the table's frame) is one column a byte.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// Width of one character as [`terminal_safe`] prints it.
pub fn char_width(c: char) -> usize {
    if (' '..='~').contains(&c) {
        1
    } else if is_common_wide(c) {
        // Kana, kanji and full-width forms, most of a Japanese text: two columns, no table
        // lookup (every layout measures every character, some of them several times).
        2
    } else if is_unsafe(c) {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Hiragana, katakana, the CJK unified ideographs and the full-width ASCII forms: all two
/// columns wide and none unsafe (a unit test checks every one against the width table).
fn is_common_wide(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF60}')
}

/// Characters that would act on a terminal rather than show: C0/C1 controls (but tab and newline),
/// DEL, and Unicode's whole Bidi_Control set (the marks LRM, RLM and ALM as well as embeddings,
/// overrides and isolates), which can make text read differently than it is.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
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
    if !may_hold_unsafe(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    if s.chars().any(|c| is_unsafe(c) && c != '\r') {
        Cow::Owned(s.chars().filter(|c| !is_unsafe(*c) || *c == '\r').collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether UTF-8 `bytes` may hold a character [`strip_unsafe`] removes: a C0 control but tab,
/// line feed and carriage return, DEL, a C1 control (`C2 80`–`C2 9F`), U+061C (`D8 9C`) or another
/// Bidi_Control character (`E2 80 8E`, `E2 80 8F`, `E2 80 AA`–`AE`, `E2 81 A6`–`A9`). A byte scan,
/// exact for whole characters: most text has none of them, and a report page is tens of
/// megabytes in which ●, △ and ※ (`E2 …` too) are common. Bytes cut short count as holding one.
pub fn may_hold_unsafe(bytes: &[u8]) -> bool {
    // Each kind of sequence (one byte, two, three) in a pass of its own over every place, with no
    // branch per byte: the compiler vectorises the folds. A scan for the bytes such a character
    // begins with, looking closer where one is, cost 4 instructions a byte instead: in a page the
    // `E2` of ●, △, ◐ and – is in almost every stretch of 32 bytes.
    let one = |b: u8| ((b < 0x20) & !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7F);
    let two =
        |a: u8, b: u8| ((a == 0xC2) & (0x80..=0x9F).contains(&b)) | ((a == 0xD8) & (b == 0x9C));
    let three = |a: u8, b: u8, c: u8| {
        (a == 0xE2)
            & (((b == 0x80) & (matches!(c, 0x8E | 0x8F) | (0xAA..=0xAE).contains(&c)))
                | ((b == 0x81) & (0xA6..=0xA9).contains(&c)))
    };
    let (next, after) = (
        bytes.get(1..).unwrap_or_default(),
        bytes.get(2..).unwrap_or_default(),
    );
    let n = bytes.len();
    bytes.iter().fold(false, |any, &a| any | one(a))
        || (bytes.iter().zip(next)).fold(false, |any, (&a, &b)| any | two(a, b))
        || (bytes.iter().zip(next).zip(after))
            .fold(false, |any, ((&a, &b), &c)| any | three(a, b, c))
        // The last two bytes again, for a character cut short.
        || (n.saturating_sub(2)..n).any(|k| unsafe_at(bytes, k))
}

/// Whether the character at byte `k` of UTF-8 `bytes` is one [`may_hold_unsafe`] looks for.
fn unsafe_at(bytes: &[u8], k: usize) -> bool {
    let next = |k: usize| bytes.get(k).copied();
    match bytes[k] {
        0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F => true,
        0xC2 => next(k + 1).is_none_or(|n| (0x80..=0x9F).contains(&n)),
        0xD8 => next(k + 1).is_none_or(|n| n == 0x9C),
        0xE2 => match (next(k + 1), next(k + 2)) {
            (Some(0x80), Some(n)) => matches!(n, 0x8E | 0x8F | 0xAA..=0xAE),
            (Some(0x81), Some(n)) => matches!(n, 0xA6..=0xA9),
            (None | Some(0x80 | 0x81), None) => true,
            _ => false,
        },
        _ => false,
    }
}

/// [`strip_unsafe`] of an owned text: the text itself when there is nothing to strip, so that a
/// whole report page (tens of megabytes on a large roadmap) is not copied to be checked.
pub fn strip_unsafe_owned(s: String) -> String {
    match strip_unsafe(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(stripped) => stripped,
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
    truncate_with(s, max, "…")
}

/// [`truncate`] with another mark where the text was cut (`...` where only ASCII may be printed).
pub fn truncate_with<'a>(s: &'a str, max: usize, ellipsis: &str) -> Cow<'a, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    let room = max.saturating_sub(width(ellipsis));
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(ellipsis);
    Cow::Owned(out)
}

/// Characters a line must not start with (行頭禁則): closing brackets, punctuation, small kana,
/// the long-vowel mark and iteration marks, and their ASCII kin.
const NO_LINE_START: &str = "、。，．・：；？！ー―‐〜）」』】〕〉》］｝〙〗ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ%％),.:;!?]}";
/// Characters a line must not end with (行末禁則): opening brackets.
const NO_LINE_END: &str = "（「『【〔〈《［｛〘〖([{";
/// State marks that belong to the word after them: never left alone at a line's end.
const MARKS: &str = "●◉○◐▲△◇×－※";

fn wide(c: char) -> bool {
    char_width(c) == 2
}

/// Whether a line may break between `a` and `b`.
fn may_break(a: char, b: char, a_prev: Option<char>) -> bool {
    if NO_LINE_START.contains(b) || NO_LINE_END.contains(a) {
        return false;
    }
    // A mark and the space after it go with the next word.
    if MARKS.contains(a) || (a == ' ' && a_prev.is_some_and(|p| MARKS.contains(p))) {
        return false;
    }
    // A year and its 年度, a date's parts: 「2024年度」「令和5年12月22日」 stay whole, as they do in
    // the report's pages and sheets.
    if (a.is_ascii_digit() && matches!(b, '年' | '月' | '日'))
        || matches!((a, b), ('年', '度') | ('令', '和') | ('平', '成'))
        || (matches!(a, '年' | '月' | '和' | '成') && b.is_ascii_digit())
    {
        return false;
    }
    // Between two full-width characters, after a space, or where Japanese meets Latin.
    a == ' ' || wide(a) || wide(b)
}

/// Wraps `text` into lines of at most `columns` display columns by the rules of Japanese line
/// breaking: no line starts with 、。」） and the like, none ends with an opening bracket, a
/// state mark stays with its word, Latin words break at spaces. A run that cannot break within
/// the width is cut where it must. Existing line breaks are kept. A short word set apart by two
/// spaces (a flag after a line's text: `  後ろ倒し`, `  SLIP`) is kept whole, and a tally breaks
/// only after a `・`, never inside a count (`後ろ倒し 1`).
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    wrap_keeping(text, columns, &|chars, k| {
        set_apart(chars, k) || count_with_label(chars, k)
    })
}

/// Whether `k` falls inside one count of a tally (`工程変更 7・後ろ倒し 1・前倒し 1`): a Japanese
/// label, a space and its number, between `・`s. A tally breaks after a `・`; cut elsewhere, a count
/// lost its label (「後ろ倒し」「1・前倒し 1」).
fn count_with_label(chars: &[char], k: usize) -> bool {
    let begin = chars[..k]
        .iter()
        .rposition(|c| *c == '・')
        .map_or(0, |i| i + 1);
    let end = chars[k..]
        .iter()
        .position(|c| *c == '・')
        .map_or(chars.len(), |i| k + i);
    if k <= begin || k >= end {
        return false;
    }
    let count = &chars[begin..end];
    let Some(space) = count.iter().position(|c| *c == ' ') else {
        return false;
    };
    let (label, number) = (&count[..space], &count[space + 1..]);
    !label.is_empty()
        && label.iter().all(|c| wide(*c))
        && !number.is_empty()
        && number.iter().all(char::is_ascii_digit)
        && count.iter().map(|c| char_width(*c)).sum::<usize>() <= COUNT_MAX
}

/// The widest count, in columns, that [`count_with_label`] keeps whole: a label as long as a
/// flag ([`SET_APART_MAX`]), a space and a number of up to three digits.
const COUNT_MAX: usize = SET_APART_MAX + 4;

/// The longest word, in columns, that [`set_apart`] keeps whole.
const SET_APART_MAX: usize = 12;

/// Whether `k` falls inside a word that follows two spaces and is at most [`SET_APART_MAX`]
/// columns wide: the tool's flags, which a break would cut mid-word (「後」「ろ倒し」).
fn set_apart(chars: &[char], k: usize) -> bool {
    if chars.get(k).is_none_or(|c| *c == ' ') {
        return false;
    }
    let begin = chars[..k]
        .iter()
        .rposition(|c| *c == ' ')
        .map_or(0, |i| i + 1);
    if begin < 2 || chars[begin - 2] != ' ' || begin == k {
        return false;
    }
    let end = chars[k..]
        .iter()
        .position(|c| *c == ' ')
        .map_or(chars.len(), |i| k + i);
    chars[begin..end]
        .iter()
        .map(|c| char_width(*c))
        .sum::<usize>()
        <= SET_APART_MAX
}

/// [`wrap`]'s lines joined by newlines: a table cell's text. Most cells fit their column as they
/// are and come back as they are, without being taken apart into lines.
pub fn wrapped(text: &str, columns: usize) -> String {
    let fits = |p: &str| width(p) <= columns.max(2) && p.trim_end().len() == p.len();
    if text.split('\n').all(fits) {
        return text.to_owned();
    }
    wrap(text, columns).join("\n")
}

/// [`wrap`], never breaking before the character at `k` of a paragraph (`chars`) when
/// `keep(chars, k)` (a number with its unit, a date, a state's label) unless nothing else fits.
pub fn wrap_keeping(
    text: &str,
    columns: usize,
    keep: &dyn Fn(&[char], usize) -> bool,
) -> Vec<String> {
    let columns = columns.max(2);
    let mut out = Vec::new();
    for para in text.split('\n') {
        // Most cells fit their column: measured without collecting their characters.
        if width(para) <= columns {
            out.push(para.trim_end().to_owned());
            continue;
        }
        let chars: Vec<char> = para.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            // The most that fits from `start`.
            let mut used = 0;
            let mut end = start;
            while let Some(w) = chars.get(end).map(|c| char_width(*c))
                && used + w <= columns
            {
                used += w;
                end += 1;
            }
            if end == chars.len() {
                out.push(line_of(&chars[start..]));
                break;
            }
            // Back to the last place a break is allowed.
            let mut cut = end;
            while cut > start + 1
                && (!may_break(
                    chars[cut - 1],
                    chars[cut],
                    cut.checked_sub(2).map(|i| chars[i]),
                ) || keep(&chars, cut))
            {
                cut -= 1;
            }
            if cut == start + 1
                && (!may_break(chars[cut - 1], chars[cut], None) || keep(&chars, cut))
            {
                // Nowhere to break by the rules: cut at the width (never overflow the column).
                cut = end.max(start + 1);
            }
            out.push(line_of(&chars[start..cut]));
            start = cut;
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
        }
        if chars.is_empty() {
            out.push(String::new());
        }
    }
    out
}

/// A line of characters as text, without the spaces it ends with.
fn line_of(chars: &[char]) -> String {
    let mut line: String = chars.iter().collect();
    line.truncate(line.trim_end().len());
    line
}

/// One line wrapped by [`wrap`] with a hanging indent: the first line keeps its own indent, the
/// later ones start `indent` columns in. For the tool's own long lines (a diff's line, a help
/// line), so the terminal never wraps them at column 0. Colour (SGR escape sequences) is kept
/// and takes no room.
pub fn wrap_hanging(line: &str, columns: usize, indent: usize) -> Vec<String> {
    let (visible, escapes) = split_escapes(line);
    let body = visible.trim_start_matches(' ');
    if body.trim_end().is_empty() {
        return vec![line.trim_end_matches(' ').to_owned()];
    }
    let lead = visible.chars().count() - body.chars().count();
    let first = wrap(body, columns.saturating_sub(lead).max(2))
        .into_iter()
        .next()
        .unwrap_or_default();
    let rest = body
        .get(first.len()..)
        .unwrap_or("")
        .trim_start_matches(' ');
    let mut lines = vec![(lead, first)];
    if !rest.is_empty() {
        let columns = columns.saturating_sub(indent).max(2);
        lines.extend(wrap(rest, columns).into_iter().map(|l| (indent, l)));
    }
    if escapes.is_empty() {
        return lines
            .into_iter()
            .map(|(pad, l)| format!("{}{l}", " ".repeat(pad)))
            .collect();
    }
    restyle(&visible, &escapes, &lines)
}

/// The width of a line without its escape sequences ([`split_escapes`]'s visible text), measured
/// in place: `log` measures every line it prints, coloured before the colour is stripped.
fn visible_width(line: &str) -> usize {
    let mut columns = 0;
    let mut rest = line;
    while let Some((before, after)) = rest.split_once('\x1b') {
        columns += width(before);
        rest = match after.strip_prefix('[') {
            // A sequence ends at its first letter, whatever comes before it.
            Some(sequence) => sequence
                .split_once(|c: char| c.is_ascii_alphabetic())
                .map_or("", |(_, shown)| shown),
            None => {
                columns += char_width('\x1b');
                after
            }
        };
    }
    columns + width(rest)
}

/// The visible text of a line and its SGR escape sequences (`ESC [ … m`), each with the index of
/// the visible character it stands before.
fn split_escapes(line: &str) -> (String, Vec<(usize, String)>) {
    let mut visible = String::new();
    let mut escapes = Vec::new();
    let mut chars = line.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            let mut seq = String::from(c);
            for d in chars.by_ref() {
                seq.push(d);
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            escapes.push((n, seq));
        } else {
            visible.push(c);
            n += 1;
        }
    }
    (visible, escapes)
}

/// The wrapped lines of `visible` (each with its indent) with the escape sequences put back
/// before the characters they stood before; those that stood in a dropped space (or at the end)
/// close the line they follow.
fn restyle(visible: &str, escapes: &[(usize, String)], lines: &[(usize, String)]) -> Vec<String> {
    let chars: Vec<char> = visible.chars().collect();
    let mut at = 0;
    let mut pending = escapes.iter().peekable();
    let mut out: Vec<String> = Vec::new();
    for (k, (pad, text)) in lines.iter().enumerate() {
        let mut s = " ".repeat(*pad);
        // The spaces the indent stands for (or that the break dropped).
        while chars.get(at) == Some(&' ') {
            at += 1;
        }
        for c in text.chars() {
            while let Some((_, e)) = pending.next_if(|(i, _)| *i <= at) {
                s.push_str(e);
            }
            s.push(c);
            at += 1;
        }
        // What stood in the spaces dropped at the break (a reset) closes this line.
        let mut next = at;
        while chars.get(next) == Some(&' ') {
            next += 1;
        }
        let last = k + 1 == lines.len();
        while let Some((_, e)) = pending.next_if(|(i, _)| last || *i < next) {
            s.push_str(e);
        }
        out.push(s);
    }
    out
}

/// [`wrap_hanging`] with the indent the line's form asks for: two columns under an indented
/// line or a list item (`- `), none under a paragraph.
pub fn hang(line: &str, columns: usize) -> String {
    let body = line.trim_start_matches(' ');
    let lead = line.len() - body.len();
    let indent = if lead > 0 || body.starts_with("- ") {
        lead + 2
    } else {
        0
    };
    wrap_hanging(line, columns, indent).join("\n")
}

/// The tool's own long lines of `text` wrapped to `columns` by the Japanese rules, each hanging
/// two columns under its own indent; lines `keep` says are drawn (a source line under a caret)
/// stay as they are.
pub fn fit(text: &str, columns: usize, keep: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if keep(body) || visible_width(body) <= columns {
            out.push_str(line);
            continue;
        }
        let lead = body.len() - body.trim_start_matches(' ').len();
        out.push_str(&wrap_hanging(body, columns, lead + 2).join("\n"));
        out.push_str(end);
    }
    out
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

    #[test]
    fn a_flag_set_apart_by_two_spaces_stays_whole() {
        // 「後ろ倒し」 would have been cut after 後 at this width.
        let lines = wrap("日程: 2023年度〜2025年度  後ろ倒し — 理由", 30);
        assert!(lines.iter().any(|l| l.contains("後ろ倒し")), "{lines:?}");
        // One space is no flag: the words break as ever.
        assert_eq!(wrap("aa bbbb", 5), ["aa", "bbbb"]);
    }

    #[test]
    fn a_count_stays_with_its_label() {
        // Cut at the space before, 「後ろ倒し」 ended a line and 「1・前倒し 1」 began the next.
        let lines = wrap("工程変更 7・工程完了 2・後ろ倒し 1・前倒し 1", 30);
        assert!(
            lines
                .iter()
                .all(|l| !l.ends_with("し") && !l.starts_with('1')),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.contains("後ろ倒し 1")), "{lines:?}");
        // Latin words still break at their spaces.
        assert_eq!(wrap("slips 1 pull-ins 1", 9), ["slips 1", "pull-ins", "1"]);
    }

    use super::*;

    /// The fast path of `char_width` agrees with the width table for every character it takes.
    #[test]
    fn common_wide_characters_are_two_columns_by_the_table() {
        let taken: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| is_common_wide(*c))
            .collect();
        assert_eq!(taken.len(), 86 + 90 + 20992 + 96);
        for c in taken {
            assert_eq!(UnicodeWidthChar::width(c), Some(2), "{c:?}");
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    /// A cell's text comes back as its lines joined, whether it fits (and is returned as it is)
    /// or not: trailing spaces (ASCII or ideographic), a CR, empty lines, every width.
    #[test]
    fn wrapped_is_the_lines_joined() {
        let texts = [
            "",
            "1-1-1",
            "五号館における拡充スペースへの対応、執務室のオフィス環境の改善",
            "a line \nand another",
            "ends in a space ",
            "全角の空白で終わる\u{3000}",
            "crlf\r\nline",
            "\n\n",
            "△ 期限超過・未報告",
            "Latin words that break at spaces, and 日本語の文が混ざる",
        ];
        for text in texts {
            for columns in 0..50 {
                assert_eq!(
                    wrapped(text, columns),
                    wrap(text, columns).join("\n"),
                    "{text:?} at {columns}"
                );
            }
        }
    }

    #[test]
    fn numbers_have_no_needless_fraction() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(72.5), "72.5");
        assert_eq!(number(-3.0), "-3");
    }

    #[test]
    fn wrap_follows_japanese_line_breaking() {
        // 、 may not start a line: the line before gives up a character.
        assert_eq!(
            wrap("五号館における拡充スペースへの対応、執務室の改善", 20),
            ["五号館における拡充ス", "ペースへの対応、執務", "室の改善"]
        );
        // At 12 columns 、 would start the second line: 有 moves down with it.
        assert_eq!(
            wrap("省内で共有、研修を実施", 10),
            ["省内で共", "有、研修を", "実施"]
        );
        let lines = wrap("実施方法等を省内で共有、研修を実施。", 10);
        for l in &lines {
            assert!(width(l) <= 10, "{l}");
            assert!(!l.starts_with(['、', '。']), "{lines:?}");
        }
        // A year and its 年度, an era and its year, a date's parts stay whole where they fit.
        assert_eq!(
            wrap("効果検証を令和6年度上期に行う", 14),
            ["効果検証を", "令和6年度上期", "に行う"]
        );
        assert_eq!(wrap("計画 2024年度", 8), ["計画", "2024年度"]);
        assert_eq!(wrap("報告日 12月22日", 10), ["報告日", "12月22日"]);
        // A token wider than the line is still cut where it must be.
        assert!(wrap("2024年度", 4).iter().all(|l| width(l) <= 4));
        // An opening bracket does not end a line; a mark stays with its word.
        let lines = wrap("ああああ「いい」", 10);
        assert!(lines.iter().all(|l| !l.ends_with('「')), "{lines:?}");
        let lines = wrap("△ 期限超過・未報告", 4);
        assert!(lines.iter().all(|l| l != "△"), "{lines:?}");
        // Latin words break at spaces.
        assert_eq!(
            wrap("past due, unreported", 10),
            ["past due,", "unreported"]
        );
        assert_eq!(wrap("abc", 10), ["abc"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
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

    /// The byte prefilter sees exactly the characters `strip_unsafe` removes: checked for every
    /// character there is, alone and between others.
    #[test]
    fn the_byte_prefilter_sees_every_unsafe_character_and_no_other() {
        let mut buf = [0; 4];
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let unsafe_ = is_unsafe(c) && c != '\r';
            assert_eq!(
                may_hold_unsafe(c.encode_utf8(&mut buf).as_bytes()),
                unsafe_,
                "{c:?}"
            );
            let between = format!("※{c}●");
            assert_eq!(may_hold_unsafe(between.as_bytes()), unsafe_, "{c:?}");
        }
        assert!(!may_hold_unsafe(
            "工程表　令和6年度 ●△◐※…—\n\t\r".as_bytes()
        ));
        // At every place in a text longer than the chunks the scan reads, across a chunk's end.
        let text = "工程表 ●△ 令和6年度 ".repeat(6);
        for (at, _) in text.char_indices() {
            for c in [
                '\u{1b}', '\u{7f}', '\u{85}', '\u{61C}', '\u{202E}', '\u{2069}', '●', '…',
            ] {
                let mut s = text.clone();
                s.insert(at, c);
                let unsafe_ = is_unsafe(c);
                assert_eq!(may_hold_unsafe(s.as_bytes()), unsafe_, "{c:?} at {at}");
            }
        }
        // Cut short after a byte that may start one.
        assert!(may_hold_unsafe(&[b'a', 0xE2]));
        assert!(may_hold_unsafe(&[0xE2, 0x80]));
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
    }

    #[test]
    fn a_long_line_hangs_under_its_text() {
        let line =
            "    + 工程 model-run（2023年度、報告なし） 追加 「応募のあった部局等でモデル実施」";
        let lines = wrap_hanging(line, 40, 6);
        assert!(
            lines.len() > 1 && lines[0].starts_with("    + 工程 "),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:?}");
        assert!(
            lines.iter().skip(1).all(|l| l.starts_with("      ")),
            "{lines:?}"
        );
        let squeeze = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
        assert_eq!(squeeze(&lines.concat()), squeeze(line));
        // Colour is kept, and takes no room.
        let styled = "\x1b[32m+\x1b[0m 工程 model-run（2023年度、報告なし） 追加";
        let lines = wrap_hanging(styled, 24, 2);
        assert!(lines[0].starts_with("\x1b[32m+\x1b[0m 工程"), "{lines:?}");
        let plain: Vec<String> = lines.iter().map(|l| split_escapes(l).0).collect();
        assert_eq!(plain, wrap_hanging(&split_escapes(styled).0, 24, 2));
        assert_eq!(
            fit("a b\n    | keep this long line\n", 5, |l| l.contains('|')),
            "a b\n    | keep this long line\n"
        );
        // A line is measured by what it shows: its escapes take no room.
        let pieces = [
            "", "a", "日本", " ", "\x1b", "[", "m", "\x1b[", "\x1b[32m", "\x1b[0m", "\x1b[1;3",
            "4m",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let line = [a, b, c, d].concat();
                        let want = width(&split_escapes(&line).0);
                        assert_eq!(visible_width(&line), want, "{line:?}");
                    }
                }
            }
        }
        let short = "\x1b[32m+\x1b[0m ab\n";
        assert_eq!(fit(short, 4, |_| false), short);
        assert_ne!(fit("+ abc\n", 4, |_| false), "+ abc\n");
        assert_eq!(hang("", 10), "");
        assert_eq!(hang("short", 10), "short");
        assert_eq!(hang("- a long list item", 10), "- a long\n  list\n  item");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(pad("日本", 6), "日本  ");
    }
}
