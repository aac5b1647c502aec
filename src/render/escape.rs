//! Escaping for where text goes. Data is untrusted: a title may hold `|`, HTML, line breaks, or a
//! spreadsheet formula, and none of it may act.

/// Text for a GitHub Markdown table cell (or any inline Markdown): `|`, HTML and Markdown
/// punctuation escaped, line breaks as `<br>`, controls dropped.
pub fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c if c.is_control() => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_cannot_break_out() {
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(
            markdown_cell("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown_cell("[x](javascript:y)"), "\\[x\\](javascript:y)");
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
