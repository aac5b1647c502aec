//! Findings as rustc-style text (with the source line and a caret under the exact span, placed by
//! display width so it sits under Japanese text), as JSON, and as GitHub workflow commands.

use std::fmt::Write as _;

use anstyle::Style;
use serde::Serialize;

use crate::Analysis;
use crate::diagnostic::{Finding, Severity, Tally};
use crate::i18n::Lang;
use crate::render::style;
use crate::source::{Position, SourceFile, floor_char_boundary};
use crate::text;

/// GitHub shows at most this many annotations of each kind per step; the rest are dropped.
pub const GITHUB_ANNOTATION_CAP: usize = 10;

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => style::ERROR,
        Severity::Warning => style::WARNING,
    }
}

/// Where a finding points: file position of the span's start and end (end exclusive).
fn located<'a>(
    analysis: &'a Analysis,
    f: &Finding,
) -> Option<(Position, Position, &'a SourceFile)> {
    let span = f.span.as_ref()?;
    let file = analysis.file(&f.path)?;
    Some((
        file.position(span.start),
        file.position(span.end.max(span.start)),
        file,
    ))
}

/// The word for a severity.
pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.t().error,
        Severity::Warning => lang.t().warning,
    }
}

/// One finding, rustc style.
pub fn human_one(analysis: &Analysis, f: &Finding, lang: Lang) -> String {
    let sev = severity_style(f.severity);
    let help_word = lang.t().help;
    let help = lang.msg(&f.help());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{sev}{}[{}]{sev:#}{b}: {}{b:#}",
        severity_word(f.severity, lang),
        f.code.as_str(),
        text::one_line(&lang.msg(&f.message)),
        b = style::BOLD
    );
    let g = style::GUTTER;
    match (located(analysis, f), &f.span) {
        (Some((start, _, file)), Some(span)) => {
            let line_no = start.line.to_string();
            let pad = " ".repeat(line_no.len());
            let _ = writeln!(
                out,
                "{pad}{g}-->{g:#} {}:{}:{}",
                text::one_line(&f.path),
                start.line,
                start.column
            );
            let line = file.line_range(span.start);
            let line_text = file.text.get(line.clone()).unwrap_or_default();
            let (shown, caret_at, caret_len) = caret(
                line_text,
                span.start - line.start,
                span.end.saturating_sub(line.start),
            );
            let _ = writeln!(out, "{pad} {g}|{g:#}");
            let _ = writeln!(out, "{g}{line_no} |{g:#} {shown}");
            let _ = writeln!(
                out,
                "{pad} {g}|{g:#} {}{sev}{}{sev:#}",
                " ".repeat(caret_at),
                "^".repeat(caret_len)
            );
            let _ = writeln!(out, "{pad} {g}|{g:#}");
            let _ = writeln!(
                out,
                "{pad} {g}={g:#} {n}{help_word}{n:#}: {}",
                text::one_line(&help),
                n = style::BOLD
            );
        }
        _ => {
            let _ = writeln!(out, " {g}-->{g:#} {}", text::one_line(&f.path));
            let _ = writeln!(
                out,
                "  {g}={g:#} {n}{help_word}{n:#}: {}",
                text::one_line(&help),
                n = style::BOLD
            );
        }
    }
    out
}

/// Source lines wider than this many display columns are cut to a window around the caret.
const MAX_LINE_WIDTH: usize = 100;
/// How many columns of the line to keep before the caret when the line is cut.
const CONTEXT_BEFORE: usize = 40;

/// The line as printed (tabs expanded, controls neutralised, a long line cut to a window around
/// the caret with `...`) and the caret's column and length in display columns, for a span given as
/// byte offsets within the line (the end may run past it).
fn caret(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    // A very long line is first cut to a window of bytes around the span, so that placing the
    // caret costs the window, not the line (a file may have thousands of findings on one line).
    const WINDOW: usize = 1024;
    if line.len() <= 2 * WINDOW {
        return caret_in(line, start, end, false, false);
    }
    let from = floor_char_boundary(line, start.saturating_sub(WINDOW / 2));
    let mut to = (start + WINDOW).min(line.len());
    while !line.is_char_boundary(to) {
        to += 1;
    }
    let window = line.get(from..to).unwrap_or_default();
    let end = end.max(start).min(to.max(start)) - from;
    caret_in(window, start - from, end, from > 0, to < line.len())
}

/// [`caret`] on a line that is at most a window: `cut_before` and `cut_after` say whether the
/// line was cut from a longer one.
fn caret_in(
    line: &str,
    start: usize,
    end: usize,
    cut_before: bool,
    cut_after: bool,
) -> (String, usize, usize) {
    // Each character as printed, with its display column.
    let mut cells: Vec<(usize, String)> = Vec::new();
    let (mut col, mut caret_at, mut caret_end) = (0, None, None);
    for (at, c) in line.char_indices() {
        if at >= start && caret_at.is_none() {
            caret_at = Some(col);
        }
        if at >= end && caret_end.is_none() {
            caret_end = Some(col);
        }
        let shown = if c == '\t' {
            "    ".to_owned()
        } else {
            text::terminal_safe(c.encode_utf8(&mut [0; 4])).into_owned()
        };
        cells.push((col, shown));
        col += if c == '\t' { 4 } else { text::char_width(c) };
    }
    let width = col;
    let caret_at = caret_at.unwrap_or(width);
    let caret_end = caret_end.unwrap_or(width);
    let caret_len = caret_end.saturating_sub(caret_at).max(1);
    if width <= MAX_LINE_WIDTH && !cut_before && !cut_after {
        let shown = cells.into_iter().map(|(_, s)| s).collect();
        return (shown, caret_at, caret_len);
    }
    // Keep the columns [from, to) of the line, starting a little before the caret.
    let from = caret_at.saturating_sub(CONTEXT_BEFORE);
    let to = from + MAX_LINE_WIDTH;
    let mut shown = String::new();
    let mut first = None;
    for (c, s) in &cells {
        if *c >= from && *c + text::width(s) <= to {
            first.get_or_insert(*c);
            shown.push_str(s);
        }
    }
    let first = first.unwrap_or(width);
    let (prefix, suffix) = (
        if first > 0 || cut_before { "..." } else { "" },
        if to < width || cut_after { "..." } else { "" },
    );
    let kept_end = first + text::width(&shown);
    let caret_len = caret_len.min(kept_end.saturating_sub(caret_at)).max(1);
    (
        format!("{prefix}{shown}{suffix}"),
        caret_at - first + prefix.len(),
        caret_len,
    )
}

/// The closing line: counts, like cargo's.
pub fn summary(analysis: &Analysis, strict: bool, lang: Lang) -> String {
    let t = Tally::of(&analysis.findings);
    let files = analysis.files.len();
    if t.errors == 0 && t.warnings == 0 {
        return format!(
            "{g}{}{g:#}: {}\n",
            lang.t().ok,
            lang.msg(&crate::i18n::Msg::ValidateOk { files }),
            g = style::GOOD
        );
    }
    let failing = t.errors > 0 || strict;
    let (s, severity) = if failing {
        (style::ERROR, Severity::Error)
    } else {
        (style::WARNING, Severity::Warning)
    };
    let counts = crate::i18n::Msg::ValidateCounts {
        errors: t.errors,
        warnings: t.warnings,
        files,
        strict: strict && t.errors == 0,
    };
    format!(
        "{s}{}{s:#}: {}\n",
        severity_word(severity, lang),
        lang.msg(&counts)
    )
}

/// All findings and the summary, as `roadmap validate` prints them.
pub fn human(analysis: &Analysis, strict: bool, lang: Lang) -> String {
    let mut out = String::new();
    for f in &analysis.findings {
        out.push_str(&human_one(analysis, f, lang));
        out.push('\n');
    }
    out.push_str(&summary(analysis, strict, lang));
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    /// Bumped when a field changes meaning or goes away.
    schema_version: u32,
    ok: bool,
    files_checked: usize,
    errors: usize,
    warnings: usize,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    severity: Severity,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: String,
    help: String,
}

/// Findings as one JSON document (see docs/validate.md).
pub fn json(analysis: &Analysis, strict: bool, lang: Lang) -> String {
    let t = Tally::of(&analysis.findings);
    let findings = analysis
        .findings
        .iter()
        .map(|f| {
            let loc = located(analysis, f);
            JsonFinding {
                code: f.code.as_str(),
                severity: f.severity,
                file: &f.path,
                line: loc.map(|l| l.0.line),
                column: loc.map(|l| l.0.column),
                end_line: loc.map(|l| l.1.line),
                end_column: loc.map(|l| l.1.column),
                message: lang.msg(&f.message),
                help: lang.msg(&f.help()),
            }
        })
        .collect();
    let report = JsonReport {
        schema_version: 1,
        ok: t.errors == 0 && (!strict || t.warnings == 0),
        files_checked: analysis.files.len(),
        errors: t.errors,
        warnings: t.warnings,
        findings,
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
    s.push('\n');
    s
}

/// GitHub workflow commands (`::error file=…,line=…::…`). GitHub keeps 10 annotations of each
/// severity per step, so the rest are printed as plain log lines, with a notice saying how many.
pub fn github(analysis: &Analysis, strict: bool, lang: Lang) -> String {
    let mut out = String::new();
    let mut shown = [0usize; 2];
    let mut rest = Vec::new();
    for f in &analysis.findings {
        let kind = f.severity as usize;
        let loc = located(analysis, f);
        if shown[kind] < GITHUB_ANNOTATION_CAP {
            shown[kind] += 1;
            let mut props = format!("file={}", gh_property(&f.path));
            if let Some((start, end, _)) = loc {
                let _ = write!(
                    props,
                    ",line={},col={},endLine={},endColumn={}",
                    start.line, start.column, end.line, end.column
                );
            }
            let _ = write!(props, ",title={}", gh_property(f.code.as_str()));
            let _ = writeln!(
                out,
                "::{} {props}::{}",
                f.severity.as_str(),
                gh_data(&format!(
                    "{}\n{}: {}",
                    lang.msg(&f.message),
                    lang.t().help,
                    lang.msg(&f.help())
                ))
            );
        } else {
            rest.push((f, loc));
        }
    }
    if !rest.is_empty() {
        let errors = rest
            .iter()
            .filter(|(f, _)| f.severity == Severity::Error)
            .count();
        let warnings = rest.len() - errors;
        let _ = writeln!(
            out,
            "::notice title=roadmap validate::{}",
            gh_data(&lang.msg(&crate::i18n::Msg::GithubMore {
                errors,
                warnings,
                cap: GITHUB_ANNOTATION_CAP,
            }))
        );
        for (f, loc) in rest {
            let at = loc
                .map(|(p, _, _)| format!(":{}:{}", p.line, p.column))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}{at}: {}[{}]: {}",
                text::one_line(&f.path),
                severity_word(f.severity, lang),
                f.code.as_str(),
                text::one_line(&lang.msg(&f.message))
            );
        }
    }
    out.push_str(&summary(analysis, strict, lang));
    out
}

/// Escapes a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_full_width_text() {
        let line = "title = \"日本語\"";
        let start = line.find('日').expect("present");
        let end = start + "日本語".len();
        let (shown, at, len) = caret(line, start, end);
        assert_eq!(shown, line);
        assert_eq!((at, len), (9, 6));
    }

    #[test]
    fn caret_expands_tabs() {
        let (shown, at, len) = caret("\tx = 1", 1, 2);
        assert_eq!(shown, "    x = 1");
        assert_eq!((at, len), (4, 1));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("a = {}x{}", "[".repeat(300), "]".repeat(300));
        let at = line.find('x').expect("present");
        let (shown, col, len) = caret(&line, at, at + 1);
        assert!(text::width(&shown) <= MAX_LINE_WIDTH + 6, "{shown}");
        assert!(
            shown.starts_with("...") && shown.ends_with("..."),
            "{shown}"
        );
        assert_eq!(shown.get(col..col + 1), Some("x"));
        assert_eq!(len, 1);
        // A caret at the start of a long line: no leading `...`.
        let (shown, col, _) = caret(&line, 0, 1);
        assert!(
            shown.starts_with("a = [") && shown.ends_with("..."),
            "{shown}"
        );
        assert_eq!(col, 0);
        // Full-width text is never split, and the caret stays under its character.
        let line = format!("{}誤", "日本語".repeat(40));
        let at = line.find('誤').expect("present");
        let (shown, col, len) = caret(&line, at, line.len());
        let before: String = shown.chars().take_while(|c| *c != '誤').collect();
        assert_eq!(text::width(&before), col);
        assert_eq!(len, 2);
    }

    #[test]
    fn github_escaping() {
        assert_eq!(gh_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
    }
}
