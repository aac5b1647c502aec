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

/// A zero-width space: what parts the two characters of a workflow command's marker, unseen.
const PARTING: char = '\u{200B}';

/// Text for standard output or error, which a CI log may show: no line starts, after its spaces,
/// with `::` (GitHub's runner trims a line before it looks for a workflow command, so indenting
/// data is not enough), and no `##[` stands anywhere in a line (the runner's older form). A
/// zero-width space parts the two characters: the text reads the same, and keeps its columns.
/// Wrapping and indenting have been done: this is the last thing before the bytes go out.
pub fn ci_log(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("::") && !s.contains("##[") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    // The runner reads lines as .NET does: a CR ends one too.
    for line in s.split_inclusive(['\n', '\r']) {
        let body = line.trim_start();
        let (indent, body) = line.split_at(line.len() - body.len());
        out.push_str(indent);
        let body = match body.strip_prefix("::") {
            Some(rest) => {
                out.push(':');
                out.push(PARTING);
                out.push(':');
                rest
            }
            None => body,
        };
        out.push_str(&body.replace("##[", &format!("#{PARTING}#[")));
    }
    std::borrow::Cow::Owned(out)
}

/// JSON for standard output, which a CI log may show: `##[` only stands inside a string there,
/// where `[` may be written `\u005b` with the same meaning (no line of pretty JSON starts with
/// `::`: each starts with a quote or a bracket).
pub fn ci_log_json(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains("##[") {
        std::borrow::Cow::Owned(s.replace("##[", "##\\u005b"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// [`ci_log_json`] as JSON is written, piece by piece: a `#` at the end of a piece is held until
/// the next shows whether `##[` goes on. The JSON ends with a line break, which lets it go.
#[derive(Debug)]
pub struct CiLogJson<W> {
    inner: W,
    held: usize,
}

impl<W: std::io::Write> CiLogJson<W> {
    pub fn new(inner: W) -> Self {
        Self { inner, held: 0 }
    }
}

impl<W: std::io::Write> std::io::Write for CiLogJson<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.held == 0 && !buf.contains(&b'#') {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let mut out = Vec::with_capacity(buf.len() + 8);
        for &b in buf {
            match b {
                b'#' if self.held == 2 => out.push(b'#'),
                b'#' => self.held += 1,
                b'[' if self.held == 2 => {
                    out.extend_from_slice(b"##\\u005b");
                    self.held = 0;
                }
                _ => {
                    out.extend(std::iter::repeat_n(b'#', self.held));
                    self.held = 0;
                    out.push(b);
                }
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&b"##"[..held])?;
        self.inner.flush()
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

    #[test]
    fn no_line_for_a_ci_log_is_a_workflow_command() {
        let forged =
            "a\n      ::error title=W::forged\n\u{3000}::add-mask::x\nb ##[error]c\r::d\n::";
        let shown = ci_log(forged);
        for line in shown.split(['\n', '\r']) {
            assert!(!line.trim_start().starts_with("::"), "{line}");
            assert!(!line.contains("##["), "{line}");
        }
        // Only the zero-width spaces were added.
        assert_eq!(shown.replace(PARTING, ""), forged);
        assert_eq!(ci_log("a:b ::c"), "a:b ::c");
        let json = ci_log_json("{\"t\": \"x ##[error]y\"}");
        assert!(!json.contains("##["), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back["t"], "x ##[error]y");
        // Written piece by piece, split anywhere, it comes out the same.
        let whole = "{\"t\": \"###[a ##[b #[ ## [\"}\n";
        for cut in 0..whole.len() {
            let (a, b) = whole.as_bytes().split_at(cut);
            let mut out = CiLogJson::new(Vec::new());
            std::io::Write::write_all(&mut out, a).expect("write");
            std::io::Write::write_all(&mut out, b).expect("write");
            std::io::Write::flush(&mut out).expect("flush");
            assert_eq!(
                String::from_utf8(out.inner).expect("UTF-8"),
                ci_log_json(whole),
                "{cut}"
            );
        }
    }
}
