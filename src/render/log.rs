//! `roadmap log` output: the semantic history (a terminal view, Markdown, JSON documented in
//! docs/log.md) and the burn-up (a terminal chart, Markdown table, JSON). An entry's changes are
//! worded exactly as `roadmap diff` words them: this module reuses its blocks.

use std::fmt::Write as _;

use serde::Serialize;

use crate::burnup::Point;
use crate::diff::{self, Attention, Diff};
use crate::git::LogCommit;
use crate::history::LogEntry;
use crate::i18n::{Lang, glyph};
use crate::render::diff::{
    groups, human_body, md_attention, md_data, md_field, md_item, safe, summary_line,
};
use crate::render::escape::markdown_cell as md_escape;
use crate::render::style;
use crate::text;

/// The day part of git's ISO date (`2024-03-22T10:00:00+09:00`), as the author's clock had it.
fn day(c: &LogCommit, lang: Lang) -> String {
    c.date
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| c.date.clone(), |d| super::dates::date(d, lang))
}

fn short(c: &LogCommit) -> &str {
    c.commit.get(..12).unwrap_or(&c.commit)
}

/// The history for a terminal, newest first, a blank line between entries. The entries are
/// made on all cores, each handed to `finish` (the CLI's fitting to the terminal and stripping
/// of colour): both work a line at a time, so finishing each entry finishes the whole, and a
/// history of thousands of commits is not left to one core once git is done.
pub fn human(entries: &[LogEntry], lang: Lang, finish: impl Fn(String) -> String + Sync) -> String {
    if entries.is_empty() {
        return finish(format!("{}\n", lang.t().log_none));
    }
    crate::par::map(entries.iter().collect(), |e| finish(human_entry(e, lang))).join("\n")
}

/// One commit's entry: its id, day and author, its subject, and what it changed.
fn human_entry(e: &LogEntry, lang: Lang) -> String {
    let c = &e.commit;
    let y = style::WARNING;
    let mut out = format!(
        "{y}{}{y:#} {} {}\n",
        short(c),
        day(c, lang),
        safe(&c.author)
    );
    let _ = writeln!(out, "    {}", safe(&text::one_line(&c.subject)));
    for line in human_body(&e.diff, lang).lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

pub fn markdown(entries: &[LogEntry], lang: Lang) -> String {
    let t = lang.t();
    let mut out = format!("## {}\n\n", t.log_heading);
    if entries.is_empty() {
        let _ = writeln!(out, "{}", t.log_none);
    }
    for e in entries {
        let c = &e.commit;
        let _ = writeln!(
            out,
            "### <code>{}</code> {}\n\n{} {} {}\n",
            short(c),
            md_data(&text::one_line(&c.subject), 300),
            day(c, lang),
            glyph::dot(),
            md_data(&c.author, 200)
        );
        out.push_str(&md_body(&e.diff, lang));
    }
    out
}

/// The Markdown of one entry's changes: summary, attention, plan, items (always open).
fn md_body(d: &Diff, lang: Lang) -> String {
    let t = lang.t();
    let mut out = String::new();
    if !d.has_changes() {
        let _ = writeln!(out, "{}\n", t.no_semantic_changes);
        return out;
    }
    let _ = writeln!(out, "{}\n", md_escape(&summary_line(&d.summary, lang)));
    if !diff::attention(d).is_empty() {
        md_attention(&mut out, d, lang);
    }
    if !d.plan.is_empty() {
        let _ = writeln!(out, "{}{}\n", t.plan_heading, lang.aside("roadmap.toml"));
        for f in &d.plan {
            md_field(&mut out, "", f, lang);
        }
        out.push('\n');
    }
    for (heading, items) in groups(d, lang) {
        let _ = writeln!(out, "#### {}\n", md_escape(&heading));
        for item in items {
            out.push_str(&md_item(item, true, lang));
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonLog<'a> {
    /// Bumped when a field changes meaning or goes away (see docs/log.md).
    schema_version: u32,
    entries: Vec<JsonEntry<'a>>,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    commit: &'a str,
    author: &'a str,
    email: &'a str,
    date: &'a str,
    subject: &'a str,
    /// False for a commit that changed only the files' form (listed with `--all`).
    changed: bool,
    #[serde(flatten)]
    diff: &'a Diff,
    attention: Vec<Attention>,
}

pub fn json(entries: &[LogEntry]) -> String {
    let doc = JsonLog {
        // 2: the plan period is a value (`first_fy`, `last_fy`, `latest_fy`), not words.
        schema_version: 3,
        entries: entries
            .iter()
            .map(|e| JsonEntry {
                commit: &e.commit.commit,
                author: &e.commit.author,
                email: &e.commit.email,
                date: &e.commit.date,
                subject: &e.commit.subject,
                changed: e.diff.has_changes(),
                diff: &e.diff,
                attention: diff::attention(&e.diff),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// Burn-up

/// The counts of a point, in the columns' order.
fn counts(p: &Point) -> [usize; 4] {
    [p.done, p.reported, p.delayed, p.past_due]
}

/// The burn-up as a terminal chart: one line per day, the counts, then a bar of `width` columns
/// (done solid, reported but not done shaded) scaled to every milestone counted.
pub fn burnup_human(points: &[Point], width: usize, lang: Lang) -> String {
    let t = lang.t();
    let b = style::BOLD;
    let mut out = format!("{b}{}{b:#}\n", t.burnup_heading);
    for line in text::wrap(
        &format!("{} {}", glyph::note(), t.burnup_note),
        width.max(20),
    ) {
        let _ = writeln!(out, "{line}");
    }
    let Some(total) = points.last().map(|p| p.total) else {
        return out;
    };
    let _ = writeln!(out, "{}: {total}\n", t.burnup_total);
    let days: Vec<String> = points
        .iter()
        .map(|p| super::dates::date(p.on, lang))
        .collect();
    let heads = [
        t.burnup_done,
        t.burnup_reported,
        t.burnup_delayed,
        t.burnup_past_due,
    ];
    let day_w = days
        .iter()
        .map(|d| text::width(d))
        .chain([text::width(t.burnup_day)])
        .max()
        .unwrap_or(0);
    let col_w: Vec<usize> = heads.iter().map(|h| text::width(h).max(5)).collect();
    let used = day_w + col_w.iter().map(|w| w + 2).sum::<usize>() + 4;
    let bar_w = width.saturating_sub(used).clamp(10, 50);
    let mut head = text::pad(t.burnup_day, day_w);
    for (h, w) in heads.iter().zip(&col_w) {
        let _ = write!(head, "  {}", text::pad(h, *w));
    }
    let _ = writeln!(out, "{}", head.trim_end());
    let (solid, shaded, edge) = if glyph::ascii() {
        ('#', '=', '|')
    } else {
        ('█', '▒', '│')
    };
    for (p, d) in points.iter().zip(&days) {
        let mut line = text::pad(d, day_w);
        for (n, w) in counts(p).iter().zip(&col_w) {
            let n = n.to_string();
            let _ = write!(line, "  {}{n}", " ".repeat(w.saturating_sub(n.len())));
        }
        let scale = |n: usize| (n * bar_w).div_ceil(total.max(1)).min(bar_w);
        let done = scale(p.done);
        let reported = scale(p.reported).max(done);
        let bar: String = std::iter::repeat_n(solid, done)
            .chain(std::iter::repeat_n(shaded, reported - done))
            .chain(std::iter::repeat_n(' ', bar_w - reported))
            .collect();
        let g = style::GOOD;
        let _ = writeln!(out, "{line}  {edge}{g}{bar}{g:#}{edge}");
    }
    let _ = writeln!(
        out,
        "\n{solid} {}  {shaded} {}",
        t.burnup_done, t.burnup_reported
    );
    out
}

pub fn burnup_markdown(points: &[Point], lang: Lang) -> String {
    let t = lang.t();
    let mut out = format!(
        "## {}\n\n> {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|\n",
        t.burnup_heading,
        t.burnup_note,
        t.burnup_day,
        t.burnup_done,
        t.burnup_reported,
        t.burnup_delayed,
        t.burnup_past_due,
        t.burnup_total
    );
    for p in points {
        let [done, reported, delayed, past_due] = counts(p);
        let _ = writeln!(
            out,
            "| {} | {done} | {reported} | {delayed} | {past_due} | {} |",
            super::dates::date(p.on, lang),
            p.total
        );
    }
    out
}

pub fn burnup_json(points: &[Point]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema_version: u32,
        /// `past_due` is derived from the calendar, the rest from reports.
        points: &'a [Point],
    }
    let mut s = serde_json::to_string_pretty(&Doc {
        schema_version: 1,
        points,
    })
    .unwrap_or_default();
    s.push('\n');
    s
}
