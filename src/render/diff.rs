//! `roadmap diff` output: for a terminal (grouped by 大項目 → item, coloured), as a pull-request
//! comment in Markdown (a summary table, then one `<details>` block per item, kept under GitHub's
//! comment limit), and as JSON (documented in docs/diff.md).

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::diff::{
    ChangeKind, Diff, FieldChange, IndicatorDiff, ItemDiff, MilestoneDiff, ScheduleKind, Segment,
    SegmentOp, Side, Summary, ValueChange,
};
use crate::fy;
use crate::model::{Fy, Status};
use crate::render::style;
use crate::text;

/// GitHub refuses comments longer than this many characters.
pub const MARKDOWN_LIMIT: usize = 65_536;

/// A hidden marker at the top of the Markdown comment, so a workflow can find and update it.
pub const MARKDOWN_MARKER: &str = "<!-- roadmap-diff -->";

fn fy_range(from: Fy, to: Fy) -> String {
    if from == to {
        fy::label_en(from)
    } else {
        format!("{}–{}", fy::label_en(from), fy::label_en(to))
    }
}

fn number(v: Option<f64>, unit: Option<&str>) -> String {
    match v {
        Some(v) => format!("{v}{}", unit.unwrap_or_default()),
        None => "—".to_owned(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary in words: `2 items changed, 1 added · 1 milestone completed · 1 slip`.
pub fn summary_line(s: &Summary) -> String {
    let mut parts = Vec::new();
    // The first count names what it counts: `1 item changed, 2 added`, `2 items added`.
    let mut items: Vec<String> = Vec::new();
    for (n, verb) in [
        (s.items_changed, "changed"),
        (s.items_added, "added"),
        (s.items_removed, "removed"),
    ] {
        if n > 0 {
            if items.is_empty() {
                items.push(format!("{} {verb}", plural(n, "item", "items")));
            } else {
                items.push(format!("{n} {verb}"));
            }
        }
    }
    if !items.is_empty() {
        parts.push(items.join(", "));
    }
    if s.plan_changes > 0 {
        parts.push(plural(s.plan_changes, "plan change", "plan changes"));
    }
    if s.milestones_completed > 0 {
        parts.push(format!(
            "{} completed",
            plural(s.milestones_completed, "milestone", "milestones")
        ));
    }
    if s.slips > 0 {
        parts.push(plural(s.slips, "slip", "slips"));
    }
    if s.pull_ins > 0 {
        parts.push(plural(s.pull_ins, "pull-in", "pull-ins"));
    }
    if s.indicator_updates > 0 {
        parts.push(plural(
            s.indicator_updates,
            "indicator update",
            "indicator updates",
        ));
    }
    if s.target_changes > 0 {
        parts.push(plural(s.target_changes, "target change", "target changes"));
    }
    parts.join(" · ")
}

/// Items grouped by 大項目, in id order.
fn groups(diff: &Diff) -> Vec<(u32, Option<&str>, Vec<&ItemDiff>)> {
    let mut out: Vec<(u32, Option<&str>, Vec<&ItemDiff>)> = Vec::new();
    for item in &diff.items {
        match out.last_mut() {
            Some((n, _, items)) if *n == item.category => items.push(item),
            _ => out.push((item.category, item.category_title.as_deref(), vec![item])),
        }
    }
    out
}

fn category_heading(number: u32, title: Option<&str>) -> String {
    match title {
        Some(t) => format!("大項目{number} {t}"),
        None => format!("大項目{number}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Human

/// Data made safe for a terminal, on one line.
fn safe(s: &str) -> String {
    text::terminal_safe(s).replace('\n', "↵")
}

fn human_text(segments: &[Segment]) -> String {
    let (del, ins) = (style::REMOVED.bold(), style::ADDED.bold());
    let mut out = String::new();
    for seg in segments {
        let t = safe(&seg.text);
        match seg.op {
            SegmentOp::Equal => out.push_str(&t),
            SegmentOp::Delete => {
                let _ = write!(out, "{del}[-{t}-]{del:#}");
            }
            SegmentOp::Insert => {
                let _ = write!(out, "{ins}{{+{t}+}}{ins:#}");
            }
        }
    }
    out
}

fn human_field(out: &mut String, indent: &str, f: &FieldChange) {
    let value = if f.segments.is_empty() || f.old.is_none() || f.new.is_none() {
        let show = |v: &Option<String>| v.as_deref().map_or("(none)".to_owned(), safe);
        format!("{} → {}", show(&f.old), show(&f.new))
    } else {
        human_text(&f.segments)
    };
    let _ = writeln!(out, "{indent}{}: {value}", safe(&f.field));
}

fn marker(kind: ChangeKind) -> String {
    let (sym, st) = match kind {
        ChangeKind::Added => ('+', style::ADDED),
        ChangeKind::Removed => ('-', style::REMOVED),
        ChangeKind::Changed => ('~', style::WARNING),
    };
    format!("{st}{sym}{st:#}")
}

fn status_str(s: Status) -> &'static str {
    s.as_str()
}

fn human_milestone(out: &mut String, m: &MilestoneDiff) {
    let id = safe(&m.id);
    let text = safe(&m.text);
    let k = marker(m.change);
    match m.change {
        ChangeKind::Added | ChangeKind::Removed => {
            let done = m
                .done_on
                .filter(|_| m.status == Status::Done)
                .map(|d| format!(" {d}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {k} milestone {id} ({}, {}{done}) {m_} 「{text}」",
                fy_range(m.from, m.to),
                status_str(m.status),
                m_ = m.change.as_str()
            );
        }
        ChangeKind::Changed => {
            let _ = writeln!(out, "    {k} milestone {id} 「{text}」");
            if let Some(c) = &m.status_change {
                let good = if c.new == Status::Done {
                    style::GOOD.bold()
                } else {
                    style::BOLD
                };
                let on = c.done_on.map(|d| format!(" on {d}")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "        status: {} → {good}{}{good:#}{on}",
                    status_str(c.old),
                    status_str(c.new)
                );
            }
            if let Some(c) = &m.schedule_change {
                let flag = match c.kind {
                    ScheduleKind::Slip => format!("  {w}SLIP{w:#}", w = style::WARNING),
                    ScheduleKind::PullIn => format!("  {g}pull-in{g:#}", g = style::GOOD),
                    ScheduleKind::Rescheduled => String::new(),
                };
                let _ = writeln!(
                    out,
                    "        schedule: {} → {}{flag}",
                    fy_range(c.old_from, c.old_to),
                    fy_range(c.new_from, c.new_to)
                );
            }
            for f in &m.fields {
                human_field(out, "        ", f);
            }
        }
    }
}

fn value_lines(kind: &str, values: &[ValueChange], unit: Option<&str>) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            let what = match (v.old, v.new) {
                (None, Some(_)) => format!("{} (recorded)", number(v.new, unit)),
                (Some(_), None) => format!("{} (removed)", number(v.old, unit)),
                _ => format!("{} → {}", number(v.old, unit), number(v.new, unit)),
            };
            format!("{kind} {}: {what}", fy::label_en(v.fy))
        })
        .collect()
}

fn human_indicator(out: &mut String, i: &IndicatorDiff) {
    let unit = i.unit.as_deref().map(safe);
    let _ = writeln!(
        out,
        "    {} indicator {} {}{}",
        marker(i.change),
        safe(&i.id),
        safe(&i.name),
        if i.change == ChangeKind::Changed {
            String::new()
        } else {
            format!(" {}", i.change.as_str())
        }
    );
    for line in value_lines("actual", &i.actuals, unit.as_deref()) {
        let _ = writeln!(out, "        {line}");
    }
    for line in value_lines("target", &i.targets, unit.as_deref()) {
        let _ = writeln!(out, "        {line}");
    }
    for f in &i.fields {
        human_field(out, "        ", f);
    }
}

fn human_item(out: &mut String, item: &ItemDiff) {
    let b = style::BOLD;
    let renamed = item
        .renamed_from
        .map(|id| format!(" (renamed from {id})"))
        .unwrap_or_default();
    let kind = match item.change {
        ChangeKind::Changed => String::new(),
        k => format!(" {}", k.as_str()),
    };
    let _ = writeln!(
        out,
        "  {} {b}{}{b:#} {}{renamed}{kind}",
        marker(item.change),
        item.id,
        safe(&item.title)
    );
    if item.moved {
        let _ = writeln!(
            out,
            "    moved: {} → {}",
            safe(item.old_path.as_deref().unwrap_or_default()),
            safe(item.new_path.as_deref().unwrap_or_default())
        );
    }
    for f in &item.fields {
        human_field(out, "    ", f);
    }
    for m in &item.milestones {
        human_milestone(out, m);
    }
    for i in &item.indicators {
        human_indicator(out, i);
    }
}

/// The diff for a terminal.
pub fn human(diff: &Diff, old: &Side, new: &Side) -> String {
    let b = style::BOLD;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{b}roadmap diff{b:#} {} → {}",
        safe(&old.describe()),
        safe(&new.describe())
    );
    if !diff.has_changes() {
        let _ = writeln!(out, "no semantic changes");
    } else {
        let line = summary_line(&diff.summary);
        if !line.is_empty() {
            let _ = writeln!(out, "{line}");
        }
    }
    if !diff.plan.is_empty() {
        let _ = writeln!(out, "\n{b}plan{b:#} (roadmap.toml)");
        for f in &diff.plan {
            human_field(&mut out, "  ", f);
        }
    }
    for (number, title, items) in groups(diff) {
        let _ = writeln!(out, "\n{b}{}{b:#}", safe(&category_heading(number, title)));
        for item in items {
            human_item(&mut out, item);
        }
    }
    if !diff.unreadable.is_empty() {
        let _ = writeln!(out, "\n{b}unreadable on the new side{b:#} (see validation)");
        for p in &diff.unreadable {
            let _ = writeln!(out, "  {}", safe(p));
        }
    }
    if let Some(v) = &diff.validation {
        out.push('\n');
        if v.errors == 0 && v.warnings == 0 {
            let _ = writeln!(
                out,
                "{g}validation{g:#}: the new side is valid ({} checked)",
                plural(v.files_checked, "file", "files"),
                g = style::GOOD
            );
        } else {
            let st = if v.ok { style::WARNING } else { style::ERROR };
            let _ = writeln!(
                out,
                "{st}validation{st:#}: the new side has {}, {}",
                plural(v.errors, "error", "errors"),
                plural(v.warnings, "warning", "warnings")
            );
            for f in &v.findings {
                let at = match (f.line, f.column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    _ => String::new(),
                };
                let sev = match f.severity {
                    Severity::Error => style::ERROR,
                    Severity::Warning => style::WARNING,
                };
                let _ = writeln!(
                    out,
                    "  {}{at}: {sev}{}[{}]{sev:#}: {}",
                    safe(&f.file),
                    f.severity.as_str(),
                    f.code,
                    safe(&f.message)
                );
            }
            let more = v.errors + v.warnings - v.findings.len();
            if more > 0 {
                let _ = writeln!(out, "  … and {more} more: run `roadmap validate`");
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Markdown

use crate::render::escape::markdown_cell as md_escape;

fn md_text(segments: &[Segment]) -> String {
    let mut out = String::new();
    for seg in segments {
        let t = md_escape(&seg.text);
        match seg.op {
            SegmentOp::Equal => out.push_str(&t),
            SegmentOp::Delete => {
                let _ = write!(out, "<del>{t}</del>");
            }
            SegmentOp::Insert => {
                let _ = write!(out, "<ins>{t}</ins>");
            }
        }
    }
    out
}

fn md_field(out: &mut String, indent: &str, f: &FieldChange) {
    let value = if f.segments.is_empty() || f.old.is_none() || f.new.is_none() {
        let show = |v: &Option<String>| v.as_deref().map_or("<i>none</i>".to_owned(), md_escape);
        format!("{} → {}", show(&f.old), show(&f.new))
    } else {
        md_text(&f.segments)
    };
    let _ = writeln!(out, "{indent}- {}: {value}", md_escape(&f.field));
}

fn md_item(item: &ItemDiff) -> String {
    let mut out = String::new();
    let what = match (item.change, item.renamed_from) {
        (ChangeKind::Changed, Some(from)) => format!("renamed from {from}"),
        (k, _) => k.as_str().to_owned(),
    };
    let _ = writeln!(
        out,
        "<details><summary><code>{}</code> {} ({what})</summary>\n",
        item.id,
        md_escape(&item.title)
    );
    if item.moved {
        let _ = writeln!(
            out,
            "- moved: <code>{}</code> → <code>{}</code>",
            md_escape(item.old_path.as_deref().unwrap_or_default()),
            md_escape(item.new_path.as_deref().unwrap_or_default())
        );
    }
    if item.change == ChangeKind::Removed {
        let _ = writeln!(out, "- item removed");
    }
    for f in &item.fields {
        md_field(&mut out, "", f);
    }
    for m in &item.milestones {
        let id = md_escape(&m.id);
        let text = md_escape(&m.text);
        match m.change {
            ChangeKind::Added | ChangeKind::Removed => {
                let _ = writeln!(
                    out,
                    "- milestone <code>{id}</code> {} ({}, {}): {text}",
                    m.change.as_str(),
                    fy_range(m.from, m.to),
                    m.status.as_str()
                );
            }
            ChangeKind::Changed => {
                let _ = writeln!(out, "- milestone <code>{id}</code>: {text}");
                if let Some(c) = &m.status_change {
                    let on = c.done_on.map(|d| format!(" on {d}")).unwrap_or_default();
                    let icon = if c.new == Status::Done { "✅ " } else { "" };
                    let _ = writeln!(
                        out,
                        "  - {icon}status: {} → <b>{}</b>{on}",
                        c.old.as_str(),
                        c.new.as_str()
                    );
                }
                if let Some(c) = &m.schedule_change {
                    let flag = match c.kind {
                        ScheduleKind::Slip => " ⚠️ <b>slip</b>",
                        ScheduleKind::PullIn => " ⏩ pull-in",
                        ScheduleKind::Rescheduled => "",
                    };
                    let _ = writeln!(
                        out,
                        "  - schedule: {} → {}{flag}",
                        fy_range(c.old_from, c.old_to),
                        fy_range(c.new_from, c.new_to)
                    );
                }
                for f in &m.fields {
                    md_field(&mut out, "  ", f);
                }
            }
        }
    }
    for i in &item.indicators {
        let unit = i.unit.as_deref().map(md_escape);
        let kind = match i.change {
            ChangeKind::Changed => String::new(),
            k => format!(" {}", k.as_str()),
        };
        let _ = writeln!(
            out,
            "- indicator <code>{}</code>{kind}: {}",
            md_escape(&i.id),
            md_escape(&i.name)
        );
        for line in value_lines("actual", &i.actuals, unit.as_deref()) {
            let _ = writeln!(out, "  - 📈 {line}");
        }
        for line in value_lines("target", &i.targets, unit.as_deref()) {
            let _ = writeln!(out, "  - 🎯 {line}");
        }
        for f in &i.fields {
            md_field(&mut out, "  ", f);
        }
    }
    out.push_str("\n</details>\n");
    out
}

/// The diff as a pull-request comment of at most `limit` characters: the summary table, the
/// validation, the plan changes, then one `<details>` block per item until the limit, with a note
/// naming what was left out.
pub fn markdown(diff: &Diff, old: &Side, new: &Side, limit: usize) -> String {
    let s = &diff.summary;
    let mut head = String::new();
    let _ = writeln!(head, "{MARKDOWN_MARKER}");
    let _ = writeln!(
        head,
        "### Roadmap changes: {} → {}\n",
        md_escape(&old.describe()),
        md_escape(&new.describe())
    );
    if !diff.has_changes() {
        let _ = writeln!(head, "No semantic changes (formatting only, or nothing).\n");
    }
    let v = diff.validation.as_ref();
    let _ = writeln!(head, "| | |\n|---|---|");
    let mut items = format!("{}", s.items_changed + s.items_added + s.items_removed);
    let details: Vec<String> = [
        (s.items_added, "added"),
        (s.items_removed, "removed"),
        (s.items_moved, "moved"),
        (s.items_renamed, "renamed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    if !details.is_empty() {
        let _ = write!(items, " ({})", details.join(", "));
    }
    let rows = [
        ("Items changed", items),
        ("Milestones completed", s.milestones_completed.to_string()),
        (
            "Slips",
            if s.slips > 0 {
                format!("⚠️ {}", s.slips)
            } else {
                "0".to_owned()
            },
        ),
        ("Pull-ins", s.pull_ins.to_string()),
        ("Indicator updates", s.indicator_updates.to_string()),
        ("Plan changes", s.plan_changes.to_string()),
        (
            "Validation",
            match v {
                None => "not checked".to_owned(),
                Some(v) if v.errors == 0 && v.warnings == 0 => "✅ valid".to_owned(),
                Some(v) => format!(
                    "{} {}, {}",
                    if v.ok { "⚠️" } else { "❌" },
                    plural(v.errors, "error", "errors"),
                    plural(v.warnings, "warning", "warnings")
                ),
            },
        ),
    ];
    for (k, val) in rows {
        let _ = writeln!(head, "| {k} | {val} |");
    }
    head.push('\n');
    if let Some(v) = v.filter(|v| !v.findings.is_empty()) {
        let _ = writeln!(head, "<details><summary>Validation findings</summary>\n");
        for f in &v.findings {
            let at = match (f.line, f.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                _ => String::new(),
            };
            let _ = writeln!(
                head,
                "- <code>{}{at}</code> {} {}: {}",
                md_escape(&f.file),
                f.severity.as_str(),
                f.code,
                md_escape(&f.message)
            );
        }
        let more = v.errors + v.warnings - v.findings.len();
        if more > 0 {
            let _ = writeln!(
                head,
                "- … and {more} more: run <code>roadmap validate</code>"
            );
        }
        head.push_str("\n</details>\n\n");
    }
    if !diff.unreadable.is_empty() {
        let _ = writeln!(head, "Unreadable on the new side (see validation):\n");
        for p in &diff.unreadable {
            let _ = writeln!(head, "- <code>{}</code>", md_escape(p));
        }
        head.push('\n');
    }
    if !diff.plan.is_empty() {
        let _ = writeln!(head, "<details><summary>Plan (roadmap.toml)</summary>\n");
        for f in &diff.plan {
            md_field(&mut head, "", f);
        }
        head.push_str("\n</details>\n\n");
    }
    let mut out = head;
    // Leave room for the note about what was left out.
    let reserve = 1_000;
    let mut used = out.chars().count();
    let mut left_out: Vec<&ItemDiff> = Vec::new();
    for (number, title, group) in groups(diff) {
        let heading = format!("#### {}\n\n", md_escape(&category_heading(number, title)));
        let mut heading_done = false;
        for item in group {
            if !left_out.is_empty() {
                left_out.push(item);
                continue;
            }
            let block = md_item(item);
            let extra = if heading_done {
                0
            } else {
                heading.chars().count()
            };
            let n = block.chars().count() + extra;
            if used + n + reserve > limit {
                left_out.push(item);
                continue;
            }
            if !heading_done {
                out.push_str(&heading);
                heading_done = true;
            }
            out.push_str(&block);
            used += n;
        }
        if heading_done {
            out.push('\n');
            used += 1;
        }
    }
    if !left_out.is_empty() {
        let mut ids = String::new();
        for (n, item) in left_out.iter().enumerate() {
            let next = format!("{}{}", if n == 0 { "" } else { ", " }, item.id);
            if ids.len() + next.len() > reserve / 2 {
                ids.push_str(", …");
                break;
            }
            ids.push_str(&next);
        }
        let _ = writeln!(
            out,
            "> [!NOTE]\n> {} left out to stay under GitHub's {limit} character comment limit: {ids}. Run <code>roadmap diff</code> locally to see every change.",
            plural(left_out.len(), "item is", "items are"),
        );
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct JsonDiff<'a> {
    /// Bumped when a field changes meaning or goes away (see docs/diff.md).
    schema_version: u32,
    old: &'a Side,
    new: &'a Side,
    changed: bool,
    #[serde(flatten)]
    diff: &'a Diff,
}

/// The diff as one JSON document (see docs/diff.md).
pub fn json(diff: &Diff, old: &Side, new: &Side) -> String {
    let doc = JsonDiff {
        schema_version: 1,
        old,
        new,
        changed: diff.has_changes(),
        diff,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(
            md_escape("<script>@team #1 [x](y) a|b"),
            "&lt;script&gt;&#64;team &#35;1 &#91;x&#93;(y) a&#124;b"
        );
        assert_eq!(md_escape("職場\nの"), "職場<br>の");
    }
}
