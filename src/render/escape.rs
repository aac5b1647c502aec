//! Escaping for where text goes. Data is untrusted: a title may hold `|`, HTML, line breaks, or a
//! spreadsheet formula, and none of it may act.

/// Text made inert in GitHub Markdown (also in table cells and inside HTML blocks such as
/// `<details>`): HTML-special and Markdown punctuation become character references, so data cannot
/// open tags, make a link whose text hides its target (`[` is a reference), emphasis, mentions
/// (`@team`), issue references (`#1`), math or break a table row (a bare `https://…` or `www.…`
/// in the data is still shown as a link by GitHub, its text its target, as in any comment); line breaks become `<br>`; control and bidi-override characters are dropped. A leading
/// `:` becomes a reference too: Markdown printed to a CI log must not start a line with `::`, a
/// workflow command, wherever the text lands.
pub fn markdown_cell(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ':' if out.is_empty() => out.push_str("&#58;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '@' | '$' | '!' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c if crate::text::is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A spreadsheet cell that cannot run as a formula: text starting with `=`, `+`, `-`, `@`, tab or
/// CR gets a leading apostrophe (OWASP's advice for CSV injection).
pub fn spreadsheet_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Text from the data for a spreadsheet cell, CSV or workbook: controls and bidi marks removed
/// (a CSV may be printed to a terminal, and a workbook kept ESC as `_x001B_`), then formulas
/// defused.
pub fn spreadsheet_text(s: &str) -> std::borrow::Cow<'_, str> {
    match crate::text::strip_unsafe(s) {
        std::borrow::Cow::Borrowed(b) => spreadsheet_cell(b),
        std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(spreadsheet_cell(&o).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_cannot_break_out() {
        assert_eq!(markdown_cell("a|b\nc"), "a&#124;b<br>c");
        assert_eq!(
            markdown_cell("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            markdown_cell("[x](javascript:y)"),
            "&#91;x&#93;(javascript:y)"
        );
        assert_eq!(markdown_cell("@team #1"), "&#64;team &#35;1");
        assert_eq!(markdown_cell("a\u{202E}b\u{1b}c"), "abc");
        // Found by the escape fuzz target: a cell could start a line with a workflow command.
        assert_eq!(markdown_cell("::error::x"), "&#58;:error::x");
        assert_eq!(markdown_cell("\u{1b}::error"), "&#58;:error");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(
            spreadsheet_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(spreadsheet_cell("-1"), "'-1");
        assert_eq!(spreadsheet_cell("普通"), "普通");
    }
}
