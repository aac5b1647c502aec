//! Findings as rustc-style text (drawn by annotate-snippets, the renderer of rustc and cargo: the
//! source line with a caret under the exact span, placed by display width so it sits under
//! Japanese text), as JSON, and as GitHub workflow commands.

use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

use crate::Analysis;
use crate::diagnostic::{Finding, Severity, Tally};
use crate::i18n::Lang;
use crate::render::style;
use crate::source::{Position, SourceFile, floor_char_boundary};
use crate::text;

/// GitHub shows at most this many annotations of each kind per step; the rest are dropped.
pub const GITHUB_ANNOTATION_CAP: usize = 10;

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

/// Whether a line of rustc-style output is drawn rather than said: a source line, the caret
/// under it, its gutter, or where it is (`-->`). These are not wrapped to the terminal.
pub fn is_drawn(line: &str) -> bool {
    let plain: String = line
        .split('\x1b')
        .enumerate()
        .map(|(k, part)| {
            if k == 0 {
                part
            } else {
                part.split_once('m').map_or("", |(_, rest)| rest)
            }
        })
        .collect();
    let rest = plain
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    rest.trim_start().starts_with('|') || plain.trim_start().starts_with("-->")
}

/// The renderer rustc and cargo use, with this tool's colours. Its width is fixed rather than the
/// terminal's, so a finding reads the same in a terminal, a CI log and a snapshot.
fn renderer() -> Renderer {
    Renderer::styled()
        .term_width(TERM_WIDTH)
        .error(style::ERROR)
        .warning(style::WARNING)
}

/// The width the renderer fits a source line into (it cuts a longer one around the caret, with
/// `...`).
const TERM_WIDTH: usize = 120;

/// One finding, rustc style, drawn by annotate-snippets: the message, where it is, the source
/// line with a caret under the span (columns counted in characters, the caret placed by display
/// width so it sits under full-width text), and the help.
pub fn human_one(analysis: &Analysis, f: &Finding, lang: Lang) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
    .with_name(severity_word(f.severity, lang));
    let message = text::one_line(&lang.msg(&f.message)).into_owned();
    let help = text::one_line(&lang.msg(&f.help())).into_owned();
    let help = Level::HELP.with_name(lang.t().help).message(help);
    let path = text::one_line(&f.path).into_owned();
    let title = level.primary_title(message).id(f.code.as_str());
    let group = match (analysis.file(&f.path), &f.span) {
        (Some(file), Some(span)) => {
            let line = file.line_range(span.start);
            let line_no = file.position(span.start).line;
            let line_text = file.text.get(line.clone()).unwrap_or_default();
            let (shown, at) = printable(
                line_text,
                span.start.saturating_sub(line.start),
                span.end.saturating_sub(line.start),
            );
            title
                .element(
                    Snippet::source(shown)
                        .line_start(line_no)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(at)),
                )
                .element(help)
        }
        // A finding about a whole file (unreadable, too large, not a file) has no source line:
        // the renderer would set its path flush left, out of line with every other finding's
        // `-->`, so it is written as before.
        _ => return unlocated(f, &path, lang),
    };
    let mut out = renderer().render(&[group]);
    out.push('\n');
    out
}

/// A finding without a span: the title, the file and the help, aligned as the others are.
fn unlocated(f: &Finding, path: &str, lang: Lang) -> String {
    let sev = match f.severity {
        Severity::Error => style::ERROR,
        Severity::Warning => style::WARNING,
    };
    let (g, b) = (style::GUTTER, style::BOLD);
    format!(
        "{sev}{}[{}]{sev:#}{b}: {}{b:#}\n {g}-->{g:#} {path}\n  {g}={g:#} {b}{}{b:#}: {}\n",
        severity_word(f.severity, lang),
        f.code.as_str(),
        text::one_line(&lang.msg(&f.message)),
        lang.t().help,
        text::one_line(&lang.msg(&f.help())),
    )
}

/// A source line as it may be printed, and the span within it, for a span given as byte offsets
/// within the line (the end may run past it): control characters become U+FFFD (a file must not
/// drive the terminal), and a very long line is first cut to a window around the span, so that
/// placing the caret costs the window, not the line (a file may have thousands of findings on one
/// line). The renderer then fits what is left to its width.
fn printable(line: &str, start: usize, end: usize) -> (String, Range<usize>) {
    const WINDOW: usize = 1024;
    let start = floor_char_boundary(line, start);
    let (from, to) = if line.len() <= 2 * WINDOW {
        (0, line.len())
    } else {
        let from = floor_char_boundary(line, start.saturating_sub(WINDOW / 2));
        let mut to = (start + WINDOW).min(line.len());
        while !line.is_char_boundary(to) {
            to += 1;
        }
        (from, to)
    };
    let mut shown = String::with_capacity(to - from + 6);
    if from > 0 {
        shown.push_str("...");
    }
    let (mut at_start, mut at_end) = (None, None);
    for (i, c) in line.get(from..to).unwrap_or_default().char_indices() {
        let i = i + from;
        if i >= start && at_start.is_none() {
            at_start = Some(shown.len());
        }
        if i >= end && at_end.is_none() {
            at_end = Some(shown.len());
        }
        if c == '\t' {
            shown.push(c);
        } else {
            shown.push_str(&text::terminal_safe(c.encode_utf8(&mut [0; 4])));
        }
    }
    let line_end = shown.len();
    if to < line.len() {
        shown.push_str("...");
    }
    let at_start = at_start.unwrap_or(line_end);
    let at_end = at_end.unwrap_or(line_end).max(at_start);
    (shown, at_start..at_end)
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
        // Plain lines in a log that acts on commands: none may be one (a file named `::error…`,
        // a key holding `##[error]`).
        let mut plain = String::new();
        for (f, loc) in rest {
            let at = loc
                .map(|(p, _, _)| format!(":{}:{}", p.line, p.column))
                .unwrap_or_default();
            let _ = writeln!(
                plain,
                "{}{at}: {}[{}]: {}",
                text::one_line(&f.path),
                severity_word(f.severity, lang),
                f.code.as_str(),
                text::one_line(&lang.msg(&f.message))
            );
        }
        out.push_str(&crate::render::escape::ci_log(&plain));
    }
    out.push_str(&crate::render::escape::ci_log(&summary(
        analysis, strict, lang,
    )));
    out
}

/// Escapes a workflow command's message: what would act on a terminal first (a CI log is shown on
/// one, and the tool may run with colour forced), then as GitHub documents.
fn gh_data(s: &str) -> String {
    let s = text::terminal_safe(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    // Not `##[` either, should the runner look for its older form in a command's text.
    crate::render::escape::ci_log(&s).into_owned()
}

/// Escapes a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_neutralises_controls_and_keeps_the_span() {
        let line = "a = \"\u{1b}[31m日本\"";
        let start = line.find('日').expect("present");
        let (shown, at) = printable(line, start, start + "日本".len());
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert_eq!(shown.get(at), Some("日本"));
    }

    #[test]
    fn printable_cuts_very_long_lines_around_the_span() {
        let line = format!("a = {}x{}", "[".repeat(3000), "]".repeat(3000));
        let at = line.find('x').expect("present");
        let (shown, span) = printable(&line, at, at + 1);
        assert!(shown.len() < 2000, "{}", shown.len());
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert_eq!(shown.get(span), Some("x"));
        // A span running past the line's end stops at it.
        let (shown, span) = printable("k = 1", 4, 99);
        assert_eq!(shown.get(span), Some("1"));
    }

    #[test]
    fn github_escaping() {
        assert_eq!(gh_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
        // Controls and bidi characters are neutralised before GitHub's escaping.
        let hostile = "x\u{1b}]52;c;eA==\u{7}\u{9b}2J\u{202e}\u{200f}y";
        assert_eq!(
            gh_property(hostile),
            "x\u{fffd}]52;c;eA==\u{fffd}\u{fffd}2J\u{fffd}\u{fffd}y"
        );
    }
}
