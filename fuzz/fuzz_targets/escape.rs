//! The escapers, on any text: what each output gets from the data can never be an active
//! construct there.
//! - Markdown (`markdown_cell`): no raw `<` but the `<br>` it writes, no `&` but its own character
//!   references, no raw `[ ] @ # | * _ ~ $ ! \ \` "` (a link needs `[`), no line break, no control or bidi
//!   character, and it does not start with `::` (a workflow command when printed in CI).
//! - HTML (the page's cell text and its CSS strings): no `<` but the unbreakable spans it writes,
//!   no `&` but an escape, no quote or `>` of the data; CSS strings only letters, digits, spaces
//!   and hex escapes between their quotes.
//! - CSV and XLSX cells: never start with `= + - @`, tab or CR; CSV keeps no control or bidi
//!   character but line breaks and tabs.
//! - Terminal: no C0/C1 control (but tab and line feed) or bidi override; one-line text has no line
//!   break at all, and indented text starts every later line with the indent (so no line of data
//!   starts with `::`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadmap::render::escape::{markdown_cell, spreadsheet_cell};
use roadmap::render::report::html::{cell_markup, css_markup};
use roadmap::text::{indented, is_unsafe, one_line, strip_unsafe, terminal_safe};

/// `s` with each of `allowed` (markup the escaper writes) taken out; `None` at an `&` that does
/// not begin one of them.
fn without(s: &str, allowed: &[&str], numeric: bool) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for a in allowed {
            if let Some(r) = rest.strip_prefix(a) {
                rest = r;
                continue 'outer;
            }
        }
        if numeric && let Some(r) = rest.strip_prefix("&#") {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && r[digits..].starts_with(';') {
                rest = &r[digits + 1..];
                continue;
            }
        }
        if c == '&' {
            return None;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Some(out)
}

fn markdown(s: &str) {
    let md = markdown_cell(s);
    let bare = without(&md, &["&amp;", "&lt;", "&gt;", "&quot;", "<br>"], true)
        .unwrap_or_else(|| panic!("a raw & in {md:?}"));
    for c in bare.chars() {
        assert!(
            !"<>[]@#|*_~$!\\`\"\n\r".contains(c),
            "Markdown {md:?} holds {c:?}"
        );
        assert!(!is_unsafe(c), "Markdown {md:?} holds {c:?}");
    }
    assert!(!md.starts_with("::"), "Markdown {md:?} starts with ::");
}

fn html(s: &str) {
    let h = cell_markup(s);
    let escapes = ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#x2f;"];
    let mut allowed = escapes.to_vec();
    allowed.extend(["<span class=\"nb\">", "</span>"]);
    let bare = without(&h, &allowed, false).unwrap_or_else(|| panic!("a raw & in {h:?}"));
    for c in bare.chars() {
        assert!(!"<>\"'".contains(c), "HTML {h:?} holds {c:?}");
        assert!(!is_unsafe(c) || c == '\r', "HTML {h:?} holds {c:?}");
    }
    assert_eq!(
        h.matches("<span").count(),
        h.matches("</span>").count(),
        "{h:?}"
    );
    let css = css_markup(s);
    let inner = css
        .strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .unwrap_or_else(|| panic!("CSS {css:?} is not one string"));
    let mut rest = inner;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let hex = rest[1..].bytes().take_while(u8::is_ascii_hexdigit).count();
            assert!(hex > 0 && rest[1 + hex..].starts_with(' '), "CSS {css:?}");
            rest = &rest[hex + 2..];
        } else {
            assert!(
                c.is_ascii_alphanumeric() || c == ' ',
                "CSS {css:?} holds {c:?}"
            );
            rest = &rest[1..];
        }
    }
}

fn spreadsheet(s: &str) {
    const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    // The CSV writers strip controls first, then guard; the XLSX writers guard a string cell.
    let csv = spreadsheet_cell(&strip_unsafe(s)).into_owned();
    assert!(!csv.starts_with(FORMULA), "CSV cell {csv:?}");
    assert!(
        csv.chars().all(|c| !is_unsafe(c) || c == '\r'),
        "CSV cell {csv:?}"
    );
    let xlsx = spreadsheet_cell(s);
    assert!(!xlsx.starts_with(FORMULA), "XLSX cell {xlsx:?}");
}

fn terminal(s: &str) {
    let t = terminal_safe(s);
    assert!(!t.chars().any(is_unsafe), "terminal {t:?}");
    let one = one_line(s);
    assert!(
        !one.chars()
            .any(|c| is_unsafe(c) || matches!(c, '\n' | '\r' | '\t')),
        "one line {one:?}"
    );
    let block = format!("note: {}", indented(s, "  "));
    for line in block.split('\n').skip(1) {
        assert!(
            line.starts_with("  "),
            "a line of data starts a line: {line:?}"
        );
    }
    assert!(!block.chars().any(is_unsafe), "block {block:?}");
}

/// What reaches a CI log: no line a workflow command once trimmed, no `##[`, and nothing but
/// zero-width spaces added; JSON keeps its meaning.
fn ci(s: &str) {
    let shown = roadmap::render::escape::ci_log(s);
    for line in shown.split(['\n', '\r']) {
        assert!(!line.trim_start().starts_with("::"), "CI log line {line:?}");
        assert!(!line.contains("##["), "CI log line {line:?}");
    }
    assert_eq!(shown.replace('\u{200B}', ""), s.replace('\u{200B}', ""));
    let json = serde_json::to_string_pretty(&serde_json::json!({ "t": s })).expect("JSON");
    let safe = roadmap::render::escape::ci_log_json(&json);
    assert!(!safe.contains("##["), "CI log JSON {safe:?}");
    let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
    assert_eq!(back["t"], *s);
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    ci(&s);
    markdown(&s);
    html(&s);
    spreadsheet(&s);
    terminal(&s);
});
