//! `roadmap diff` output: for a terminal (grouped by 大項目 → item, coloured), as a pull-request
//! comment in Markdown (a summary table, then one `<details>` block per item, kept under GitHub's
//! comment limit), and as JSON (documented in docs/diff.md). Words come from the catalog.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::diff::{
    self, Attention, ChangeKind, ChangeRecord, Diff, DueChange, FieldChange, IndicatorDiff,
    ItemDiff, MilestoneDiff, Period, Published, ScheduleKind, Segment, SegmentOp, SeriesDiff,
    Shown, Side, StatusChange, Summary, Validation, ValueChange,
};
use crate::i18n::{Lang, Msg, glyph};
use crate::model::{Fy, ItemId, Reported, Val};
use crate::render::diagnostics::severity_word;
use crate::render::escape::markdown_cell as md_escape;
use crate::render::report::report_line;
use crate::render::style;
use crate::text;
use crate::timing::End;

/// GitHub refuses comments longer than this many characters.
pub const MARKDOWN_LIMIT: usize = 65_536;

/// A hidden marker at the top of the Markdown comment, so a workflow can find and update it.
pub const MARKDOWN_MARKER: &str = "<!-- roadmap-diff -->";

fn number(v: Option<&Val>, unit: Option<&str>) -> String {
    match v {
        Some(v) => format!("{}{}", v.shown(), unit.unwrap_or_default()),
        None => glyph::none().to_owned(),
    }
}

/// A reported status in words; `None` before anything was reported.
fn status_word(s: Option<Reported>, lang: Lang) -> String {
    match s {
        Some(s) => lang.reported(Some(s)).to_owned(),
        None => lang.bracket(lang.t().no_report),
    }
}

/// The status a change started from, with the round it was about (`完了（2022年度）`): a
/// 毎年度 milestone's round done is not the milestone done.
fn old_status(c: &StatusChange, lang: Lang) -> String {
    let round = c.old_fy.map(|fy| lang.aside(&lang.fy_short(fy)));
    format!("{}{}", status_word(c.old, lang), round.unwrap_or_default())
}

/// What an added or removed milestone's line says beside its id, its span and what was last
/// reported: ` (FY2023, no report)` / `（2023年度、報告なし）`.
fn milestone_aside(m: &MilestoneDiff, lang: Lang) -> String {
    let status = match (m.status, m.status_fy) {
        // A round's status, not the milestone's: `2025年度の回: 完了`.
        (Some(s), Some(fy)) => format!(
            "{}{}: {}",
            lang.fy_short(fy),
            lang.t().round,
            lang.reported(Some(s))
        ),
        (Some(s), None) => lang.reported(Some(s)).to_owned(),
        (None, _) => lang.t().no_report.to_owned(),
    };
    let span = lang.nested(&lang.end_span(m.from, &m.end, false));
    lang.aside(&lang.list(&[span.as_str(), status.as_str()]))
}

/// The summary in words: `2 items changed, 1 added · 1 milestone completed · 1 slip`.
pub fn summary_line(s: &Summary, lang: Lang) -> String {
    lang.msg(&Msg::DiffSummary(Box::new(s.clone())))
}

/// Items grouped under headings, in id order: by 大項目 (`大項目2 title`), or in a plan of
/// `[[groups]]` by the group they sit in, its whole path from the top (`区分 Ⅱ 分野別実施事項 ›
/// 分野 1. 健康・医療・介護 › 個別事項 (6) 医療等データの利活用`).
pub(crate) fn groups(diff: &Diff, lang: Lang) -> Vec<(String, Vec<&ItemDiff>)> {
    let mut out: Vec<(String, Vec<&ItemDiff>)> = Vec::new();
    for item in &diff.items {
        let heading = if item.groups.is_empty() {
            category_heading(item.category, item.category_title.as_deref(), lang)
        } else {
            let parts: Vec<String> = item
                .groups
                .iter()
                .map(|g| {
                    let number = g.number.clone().unwrap_or_else(|| g.id.to_string());
                    match &g.level {
                        Some(level) => format!("{level} {number} {}", g.title),
                        None => format!("{number} {}", g.title),
                    }
                })
                .collect();
            parts.join(" › ")
        };
        match out.last_mut() {
            Some((h, items)) if *h == heading => items.push(item),
            _ => out.push((heading, vec![item])),
        }
    }
    out
}

pub(crate) fn category_heading(number: u32, title: Option<&str>, lang: Lang) -> String {
    let prefix = lang.t().category_prefix;
    match title {
        Some(t) => format!("{prefix}{number} {t}"),
        None => format!("{prefix}{number}"),
    }
}

fn change_word(kind: ChangeKind, lang: Lang) -> &'static str {
    let t = lang.t();
    match kind {
        ChangeKind::Added => t.added,
        ChangeKind::Removed => t.removed,
        ChangeKind::Changed => t.changed,
    }
}

fn value_lines(kind: &str, values: &[ValueChange], unit: Option<&str>, lang: Lang) -> Vec<String> {
    let t = lang.t();
    values
        .iter()
        .map(|v| {
            let what = match (&v.old, &v.new) {
                (None, Some(_)) => {
                    format!(
                        "{}{}",
                        number(v.new.as_ref(), unit),
                        lang.aside(t.value_recorded)
                    )
                }
                (Some(_), None) => {
                    format!(
                        "{}{}",
                        number(v.old.as_ref(), unit),
                        lang.aside(t.value_removed)
                    )
                }
                _ => format!(
                    "{} {} {}",
                    number(v.old.as_ref(), unit),
                    glyph::arrow(),
                    number(v.new.as_ref(), unit)
                ),
            };
            format!("{kind} {}: {what}", lang.fy_short(v.fy))
        })
        .collect()
}

/// `… and 3 more: run <cmd>`, when the diff carries fewer findings than it counts.
fn more_findings(v: &Validation, cmd: &str, lang: Lang) -> Option<String> {
    let more = v.errors + v.warnings - v.findings.len();
    (more > 0).then(|| {
        lang.msg(&Msg::AndMore {
            more,
            cmd: cmd.to_owned(),
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Human

/// Data made safe for a terminal, on one line.
pub(crate) fn safe(s: &str) -> String {
    text::one_line(s).into_owned()
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

/// A changed value as words: text as written (the caller escapes it), a typed value worded.
fn shown(v: &Shown, lang: Lang) -> String {
    match v {
        Shown::Text(s) => s.clone(),
        Shown::Period(p) => period(p, lang),
    }
}

/// `2022年度〜2024年度（工程は 2025年度まで）` / `FY2022–FY2024 (milestones up to FY2025)`.
fn period(p: &Period, lang: Lang) -> String {
    lang.msg(&Msg::PlanPeriod {
        first: p.first_fy,
        last: p.last_fy,
        latest: p.latest_fy,
    })
}

fn human_field(out: &mut String, indent: &str, f: &FieldChange, lang: Lang) {
    let value = if f.segments.is_empty() || f.old.is_none() || f.new.is_none() {
        let none = lang.bracket(lang.t().value_none);
        let show = |v: &Option<Shown>| v.as_ref().map_or(none.clone(), |v| safe(&shown(v, lang)));
        format!("{} {} {}", show(&f.old), glyph::arrow(), show(&f.new))
    } else {
        human_text(&f.segments)
    };
    let _ = writeln!(out, "{indent}{}: {value}", safe(&lang.field(&f.field)));
}

fn marker(kind: ChangeKind) -> String {
    let (sym, st) = match kind {
        ChangeKind::Added => ('+', style::ADDED),
        ChangeKind::Removed => ('-', style::REMOVED),
        ChangeKind::Changed => ('~', style::WARNING),
    };
    format!("{st}{sym}{st:#}")
}

fn human_milestone(out: &mut String, m: &MilestoneDiff, lang: Lang) {
    let t = lang.t();
    let id = safe(&m.id);
    let text = safe(&m.text);
    let k = marker(m.change);
    if m.change != ChangeKind::Changed {
        let _ = writeln!(
            out,
            "    {k} {} {id}{} {} 「{text}」",
            t.diff_milestone,
            milestone_aside(m, lang),
            change_word(m.change, lang)
        );
        return;
    }
    let renamed = m
        .renamed_from
        .as_ref()
        .map(|from| lang.aside(&lang.msg(&Msg::RenamedFrom { id: safe(from) })))
        .unwrap_or_default();
    let _ = writeln!(out, "    {k} {} {id}{renamed} 「{text}」", t.diff_milestone);
    let w = style::WARNING;
    if let Some(c) = &m.status_change {
        let good = if c.new == Some(Reported::Done) {
            style::GOOD.bold()
        } else {
            style::BOLD
        };
        let on = status_when(c, lang);
        // A newly declared delay is flagged like a slip.
        let flag = match c.new {
            Some(Reported::Delayed) => format!("  {w}{}{w:#}", t.delay_flag),
            Some(Reported::Dropped) => format!("  {w}{}{w:#}", t.drop_flag),
            _ => String::new(),
        };
        let reason = reason_suffix(c.reason.as_deref(), lang, safe);
        let _ = writeln!(
            out,
            "        {}: {} {} {good}{}{good:#}{on}{flag}{reason}",
            t.diff_status,
            old_status(c, lang),
            glyph::arrow(),
            status_word(c.new, lang)
        );
    }
    if let Some(c) = &m.schedule_change {
        let style = match c.kind {
            k if k.is_warned() => w,
            ScheduleKind::PullIn => style::GOOD,
            _ => style::BOLD,
        };
        let flag = lang
            .schedule_kind(c.kind, &c.old_end, &c.new_end)
            .map(|f| format!("  {style}{f}{style:#}"))
            .unwrap_or_default();
        let reason = reason_suffix(c.reason.as_deref(), lang, safe);
        let _ = writeln!(
            out,
            "        {}: {}{flag}{reason}",
            t.diff_schedule,
            safe(&format!(
                "{}{}{}",
                lang.span_change((c.old_from, &c.old_end), (c.new_from, &c.new_end)),
                due_aside(c.due, lang),
                published_aside(c.published.as_ref(), lang)
            ))
        );
    }
    if let Some(e) = &m.plan_edit {
        let _ = writeln!(
            out,
            "        {w}{}{w:#}: {}",
            t.plan_edited,
            safe(&lang.span_change((e.old_from, &e.old_end), (e.new_from, &e.new_end)))
        );
    }
    for r in &m.reports {
        let _ = writeln!(
            out,
            "        {} {}: {}",
            marker(r.change),
            t.diff_report,
            safe(&report_line(&r.report, lang))
        );
    }
    for c in listed_records(m) {
        let (open, close) = if c.change == ChangeKind::Removed {
            (format!("{w}"), format!("{w:#}"))
        } else {
            (String::new(), String::new())
        };
        let _ = writeln!(
            out,
            "        {} {open}{}{close}: {}",
            marker(c.change),
            t.diff_change_record,
            safe(&change_record_line(c, lang))
        );
    }
    for f in &m.fields {
        human_field(out, "        ", f, lang);
    }
}

fn human_indicator(out: &mut String, i: &IndicatorDiff, lang: Lang) {
    let t = lang.t();
    let kind = match i.change {
        ChangeKind::Changed => String::new(),
        k => format!(" {}", change_word(k, lang)),
    };
    let _ = writeln!(
        out,
        "    {} {} {} {}{kind}",
        marker(i.change),
        t.diff_indicator,
        safe(&i.id),
        safe(&i.name),
    );
    for f in &i.fields {
        human_field(out, "        ", f, lang);
    }
    for s in &i.series {
        let kind = match s.change {
            ChangeKind::Changed => String::new(),
            k => format!(" {}", change_word(k, lang)),
        };
        let _ = writeln!(
            out,
            "      {} {} {} {}{kind}",
            marker(s.change),
            t.series,
            safe(&s.id),
            safe(&s.name)
        );
        for line in series_lines(s, lang) {
            let _ = writeln!(out, "        {}", safe(&line));
        }
        for f in &s.fields {
            human_field(out, "        ", f, lang);
        }
    }
}

/// A series' changed values, targets and baseline, one line each.
fn series_lines(s: &SeriesDiff, lang: Lang) -> Vec<String> {
    let t = lang.t();
    let unit = s.unit.as_deref();
    let mut out = value_lines(t.actual, &s.values, unit, lang);
    out.extend(value_lines(t.target, &s.targets, unit, lang));
    if let Some(change) = &s.baseline {
        let show = |b: &Option<crate::attainment::Point>| match b {
            Some(b) => format!(
                "{}{}{}",
                text::number(b.value),
                unit.unwrap_or_default(),
                lang.aside(&lang.fy_short(b.fy))
            ),
            None => glyph::none().to_owned(),
        };
        out.push(format!(
            "{}: {} {} {}",
            t.baseline,
            show(&change.old),
            glyph::arrow(),
            show(&change.new)
        ));
    }
    out
}

/// ` — 理由: …` after a status or schedule change, escaped for where it goes.
fn reason_suffix(reason: Option<&str>, lang: Lang, escape: impl Fn(&str) -> String) -> String {
    reason
        .map(|r| format!(" {} {}: {}", glyph::dash(), lang.t().reason, escape(r)))
        .unwrap_or_default()
}

/// ` (FY2023) on 2024-03-22`: the round a status is about, and the day it took effect.
fn status_when(c: &StatusChange, lang: Lang) -> String {
    let mut s =
        c.fy.map(|fy| lang.aside(&lang.fy_short(fy)))
            .unwrap_or_default();
    if let Some(d) = c.on {
        s.push_str(&lang.msg(&Msg::OnDate {
            date: crate::render::dates::date(d, lang),
        }));
    }
    s
}

fn human_item(out: &mut String, item: &ItemDiff, lang: Lang) {
    let b = style::BOLD;
    let renamed = item
        .renamed_from
        .map(|id| lang.aside(&lang.msg(&renamed_msg(item, id))))
        .unwrap_or_default();
    let kind = match item.change {
        ChangeKind::Changed => String::new(),
        k => format!(" {}", change_word(k, lang)),
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
            "    {}: {} {} {}",
            lang.t().moved,
            safe(item.old_path.as_deref().unwrap_or_default()),
            glyph::arrow(),
            safe(item.new_path.as_deref().unwrap_or_default())
        );
    }
    for f in &item.fields {
        human_field(out, "    ", f, lang);
    }
    for m in &item.milestones {
        human_milestone(out, m, lang);
    }
    for i in &item.indicators {
        human_indicator(out, i, lang);
    }
}

/// The diff for a terminal.
/// Item blocks of a Markdown comment are open when this many items changed or fewer: a small
/// change is read in full, a large one starts folded (docs/diff.md).
pub const DETAILS_OPEN_UP_TO: usize = 5;

/// The attention list caps at this many lines in a comment (the rest are counted).
const ATTENTION_SHOWN: usize = 50;

/// The schedule-change records worth a line: all of them when one was removed (the history
/// rewritten) or more than one was added; otherwise the one record added with a schedule change
/// is that change, said on the schedule's line with its reason.
fn listed_records(m: &MilestoneDiff) -> impl Iterator<Item = &ChangeRecord> {
    let rewritten = m
        .change_records
        .iter()
        .any(|c| c.change == ChangeKind::Removed);
    // One record added with the schedule it moved is said on the schedule's line, its reason
    // there; two or more are each listed, or the earlier ones' reasons would be lost.
    let said = m.schedule_change.is_some() && !rewritten && m.change_records.len() == 1;
    m.change_records.iter().filter(move |_| !said)
}

/// A schedule-change record: its day, the schedule it put in force, its reason.
fn change_record_line(c: &ChangeRecord, lang: Lang) -> String {
    format!(
        "{} {}{}",
        crate::render::dates::date(c.on, lang),
        lang.end_span(c.from, &c.end, c.every_year),
        reason_suffix(Some(&c.reason), lang, str::to_owned)
    )
}

/// One line of the 要確認 list, unescaped: what kind of thing (the flag), and what and where.
fn attention_line(a: &Attention, lang: Lang) -> (&'static str, String) {
    let t = lang.t();
    let subject = |item: &ItemId, milestone: &str, text: &str| {
        if milestone.is_empty() {
            format!("{item} 「{text}」")
        } else {
            format!("{item} {milestone} 「{text}」")
        }
    };
    let span = |a: Fy, b: &End, c: Fy, d: &End| lang.span_change((a, b), (c, d));
    let reason = |r: &Option<String>| reason_suffix(r.as_deref(), lang, str::to_owned);
    match a {
        Attention::Invalid { errors } => (t.validation_errors, errors.to_string()),
        Attention::PeriodChanged { old, new } => (
            t.period_changed,
            format!(
                "{} {} {}",
                period(old, lang),
                glyph::arrow(),
                period(new, lang)
            ),
        ),
        Attention::ItemRemoved { item, title } => (t.item_removed, subject(item, "", title)),
        Attention::ChangeRecordRemoved {
            item,
            milestone,
            text,
            record,
        } => (
            t.change_record_removed,
            format!(
                "{} {}",
                subject(item, milestone, text),
                change_record_line(record, lang)
            ),
        ),
        Attention::MilestoneRemoved {
            item,
            milestone,
            text,
        } => (t.milestone_removed, subject(item, milestone, text)),
        Attention::Slip {
            item,
            milestone,
            text,
            schedule,
            old_from,
            old_end,
            new_from,
            new_end,
            reason: r,
            due,
            ..
        } => {
            let flag = match schedule {
                ScheduleKind::DeadlineRemoved => t.deadline_removed_flag,
                _ => t.slip_flag,
            };
            // What more the change says (期限 → 目途), beside the span.
            let more = lang
                .firmness(old_end, new_end)
                .map(|w| lang.aside(&w))
                .unwrap_or_default();
            (
                flag,
                format!(
                    "{} {}{}{more}{}",
                    subject(item, milestone, text),
                    span(*old_from, old_end, *new_from, new_end),
                    due_aside(*due, lang),
                    reason(r)
                ),
            )
        }
        Attention::DelayDeclared {
            item,
            milestone,
            text,
            reason: r,
        } => (
            t.delay_flag,
            format!("{}{}", subject(item, milestone, text), reason(r)),
        ),
        Attention::Dropped {
            item,
            milestone,
            text,
            reason: r,
        } => (
            t.drop_flag,
            format!("{}{}", subject(item, milestone, text), reason(r)),
        ),
        Attention::PlanEdited {
            revised,
            item,
            milestone,
            text,
            old_from,
            old_end,
            new_from,
            new_end,
            ..
        } => (
            if *revised {
                t.plan_revised
            } else {
                t.plan_edited
            },
            format!(
                "{} {}",
                subject(item, milestone, text),
                span(*old_from, old_end, *new_from, new_end)
            ),
        ),
        Attention::TargetChanged(r) | Attention::ValueRevised(r) => {
            let (flag, what) = match a {
                Attention::TargetChanged(_) => (t.target_changed, t.target),
                _ => (t.value_revised, t.actual),
            };
            let unit = r.unit.as_deref();
            (
                flag,
                format!(
                    "{} {what} {}: {} {} {}",
                    subject(&r.item, &r.indicator, &r.series),
                    lang.fy(r.fy),
                    number(r.old.as_ref(), unit),
                    glyph::arrow(),
                    number(r.new.as_ref(), unit)
                ),
            )
        }
    }
}

/// The 要確認 list of the terminal view.
fn human_attention(out: &mut String, diff: &Diff, lang: Lang) {
    let list = diff::attention(diff);
    if list.is_empty() {
        return;
    }
    let (b, w) = (style::BOLD, style::WARNING);
    let _ = writeln!(out, "\n{b}{}{b:#}", lang.t().attention_heading);
    for a in &list {
        let (flag, line) = attention_line(a, lang);
        let _ = writeln!(out, "  {w}!{w:#} {w}{flag}{w:#}: {}", safe(&line));
    }
}

/// The 要確認 list of a comment, capped at [`ATTENTION_SHOWN`] lines.
pub(crate) fn md_attention(out: &mut String, diff: &Diff, lang: Lang) {
    let t = lang.t();
    let list = diff::attention(diff);
    if list.is_empty() {
        let _ = writeln!(out, "{}\n", t.md_attention_none);
        return;
    }
    let _ = writeln!(out, "#### ⚠️ {}\n", t.attention_heading);
    for a in list.iter().take(ATTENTION_SHOWN) {
        let (flag, line) = attention_line(a, lang);
        let _ = writeln!(out, "- **{flag}**: {}", md_data(&line, 400));
    }
    if list.len() > ATTENTION_SHOWN {
        let more = Msg::AndMore {
            more: list.len() - ATTENTION_SHOWN,
            cmd: "<code>roadmap diff</code>".into(),
        };
        let _ = writeln!(out, "- {}", lang.msg(&more));
    }
    out.push('\n');
}

/// What an item's old id is to it: the id it was renamed from, or (between editions) the item of
/// the earlier edition it continues.
fn renamed_msg(item: &ItemDiff, from: ItemId) -> Msg {
    match (item.continued, &item.edition_from) {
        (true, edition) => Msg::ContinuedFrom {
            id: from.to_string(),
            edition: edition.clone().unwrap_or_default(),
        },
        (false, _) => Msg::RenamedFrom {
            id: from.to_string(),
        },
    }
}

/// The editions compared, when they differ: one line for the heading.
fn edition_line(diff: &Diff, lang: Lang) -> Option<String> {
    let (old, new) = diff.editions.as_ref()?;
    let s = &diff.summary;
    Some(lang.msg(&Msg::EditionLine {
        old: safe(old),
        new: safe(new),
        carried: s.items_carried_over,
        added: s.items_added,
        ended: s.items_removed,
    }))
}

pub fn human(diff: &Diff, old: &Side, new: &Side, lang: Lang) -> String {
    let t = lang.t();
    let b = style::BOLD;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{b}{}{b:#} {} {} {}",
        t.diff_heading,
        safe(&old.describe(&lang.side(&old.kind))),
        glyph::arrow(),
        safe(&new.describe(&lang.side(&new.kind)))
    );
    if let Some(line) = edition_line(diff, lang) {
        let _ = writeln!(out, "{line}");
    }
    out.push_str(&human_body(diff, lang));
    out
}

/// The changes without the heading naming the two sides: what `roadmap record` prints after an
/// edit.
pub fn human_body(diff: &Diff, lang: Lang) -> String {
    let t = lang.t();
    let b = style::BOLD;
    let mut out = String::new();
    if !diff.has_changes() {
        let _ = writeln!(out, "{}", t.no_semantic_changes);
    } else {
        let line = summary_line(&diff.summary, lang);
        if !line.is_empty() {
            let _ = writeln!(out, "{line}");
        }
        human_attention(&mut out, diff, lang);
    }
    if !diff.plan.is_empty() {
        let _ = writeln!(
            out,
            "\n{b}{}{b:#}{}",
            t.plan_heading,
            lang.aside("roadmap.toml")
        );
        for f in &diff.plan {
            human_field(&mut out, "  ", f, lang);
        }
    }
    for (heading, items) in groups(diff, lang) {
        let _ = writeln!(out, "\n{b}{}{b:#}", safe(&heading));
        for item in items {
            human_item(&mut out, item, lang);
        }
    }
    if !diff.unreadable.is_empty() {
        let _ = writeln!(
            out,
            "\n{b}{}{b:#}{}",
            t.unreadable_heading,
            lang.aside(t.see_validation)
        );
        for p in &diff.unreadable {
            let _ = writeln!(out, "  {}", safe(p));
        }
    }
    if let Some(v) = &diff.validation {
        out.push('\n');
        if v.errors == 0 && v.warnings == 0 {
            let (files, whole) = (v.files_checked, v.whole);
            let _ = writeln!(
                out,
                "{g}{}{g:#}: {}",
                t.validation,
                lang.msg(&Msg::NewSideValid { files, whole }),
                g = style::GOOD
            );
        } else {
            let st = if v.ok { style::WARNING } else { style::ERROR };
            let has = Msg::NewSideHas {
                errors: v.errors,
                warnings: v.warnings,
            };
            let _ = writeln!(out, "{st}{}{st:#}: {}", t.validation, lang.msg(&has));
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
                    severity_word(f.severity, lang),
                    f.code,
                    safe(&lang.msg(&f.message))
                );
            }
            if let Some(more) = more_findings(v, "`roadmap validate`", lang) {
                let _ = writeln!(out, "  {more}");
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Markdown

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

/// The most of one text the Markdown comment shows: the comment has a size limit, and one field
/// must not take it all.
const MD_TEXT_MAX: usize = 2_000;

/// A text of the data for the comment: escaped and bounded.
pub(crate) fn md_data(s: &str, max: usize) -> String {
    md_escape(&text::cut_chars(s, max))
}

pub(crate) fn md_field(out: &mut String, indent: &str, f: &FieldChange, lang: Lang) {
    let value = if f.segments.is_empty() || f.old.is_none() || f.new.is_none() {
        let none = format!("<i>{}</i>", lang.t().value_none);
        let show = |v: &Option<Shown>| {
            v.as_ref()
                .map_or(none.clone(), |v| md_data(&shown(v, lang), MD_TEXT_MAX))
        };
        format!("{} → {}", show(&f.old), show(&f.new))
    } else {
        md_text(&f.segments)
    };
    let _ = writeln!(
        out,
        "{indent}- {}: {value}",
        md_escape(&lang.field(&f.field))
    );
}

fn md_milestone(out: &mut String, m: &MilestoneDiff, lang: Lang) {
    let t = lang.t();
    let id = md_escape(&m.id);
    let text = md_escape(&m.text);
    if m.change != ChangeKind::Changed {
        let _ = writeln!(
            out,
            "- {} <code>{id}</code> {}{}: {text}",
            t.diff_milestone,
            change_word(m.change, lang),
            md_escape(&milestone_aside(m, lang))
        );
        return;
    }
    let renamed = m
        .renamed_from
        .as_ref()
        .map(|from| {
            let id = md_escape(from);
            lang.aside(&lang.msg(&Msg::RenamedFrom { id }))
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "- {} <code>{id}</code>{renamed}: {text}",
        t.diff_milestone
    );
    if let Some(c) = &m.status_change {
        let on = status_when(c, lang);
        let icon = match c.new {
            Some(Reported::Done) => "✅ ",
            Some(Reported::Delayed) | Some(Reported::Dropped) => "⚠️ ",
            _ => "",
        };
        let reason = reason_suffix(c.reason.as_deref(), lang, |r: &str| md_data(r, MD_TEXT_MAX));
        let _ = writeln!(
            out,
            "  - {icon}{}: {} → <b>{}</b>{on}{reason}",
            t.diff_status,
            md_escape(&old_status(c, lang)),
            md_escape(&status_word(c.new, lang))
        );
    }
    if let Some(c) = &m.schedule_change {
        let words = lang.schedule_kind(c.kind, &c.old_end, &c.new_end);
        // A slip or pull-in that also made a 目途 a deadline (or back) says so.
        let firm = lang
            .firmness(&c.old_end, &c.new_end)
            .map(|f| md_escape(&lang.aside(&f)))
            .unwrap_or_default();
        let flag = match (c.kind, words) {
            (ScheduleKind::Slip, _) => format!(" ⚠️ <b>{}</b>{firm}", t.md_slip),
            (ScheduleKind::PullIn, _) => format!(" ⏩ {}{firm}", t.md_pull_in),
            (k, Some(f)) if k.is_warned() => format!(" ⚠️ <b>{}</b>", md_escape(&f)),
            (_, Some(f)) => format!(" {}", md_escape(&f)),
            (_, None) => String::new(),
        };
        let reason = reason_suffix(c.reason.as_deref(), lang, |r: &str| md_data(r, MD_TEXT_MAX));
        let _ = writeln!(
            out,
            "  - {}: {}{flag}{reason}",
            t.diff_schedule,
            md_escape(&format!(
                "{}{}{}",
                lang.span_change((c.old_from, &c.old_end), (c.new_from, &c.new_end)),
                due_aside(c.due, lang),
                published_aside(c.published.as_ref(), lang)
            ))
        );
    }
    if let Some(e) = &m.plan_edit {
        let _ = writeln!(
            out,
            "  - ⚠️ <b>{}</b>: {}",
            t.plan_edited,
            md_escape(&lang.span_change((e.old_from, &e.old_end), (e.new_from, &e.new_end)))
        );
    }
    for r in &m.reports {
        let sign = if r.change == ChangeKind::Removed {
            "−"
        } else {
            "＋"
        };
        let _ = writeln!(
            out,
            "  - {sign} {}: {}",
            t.diff_report,
            md_data(&report_line(&r.report, lang), MD_TEXT_MAX)
        );
    }
    for c in listed_records(m) {
        let (sign, what) = if c.change == ChangeKind::Removed {
            ("⚠️ −", format!("<b>{}</b>", t.diff_change_record))
        } else {
            ("＋", t.diff_change_record.to_owned())
        };
        let _ = writeln!(
            out,
            "  - {sign} {what}: {}",
            md_data(&change_record_line(c, lang), MD_TEXT_MAX)
        );
    }
    for f in &m.fields {
        md_field(out, "  ", f, lang);
    }
}

pub(crate) fn md_item(item: &ItemDiff, open: bool, lang: Lang) -> String {
    let t = lang.t();
    let mut out = String::new();
    let what = match (item.change, item.renamed_from) {
        (ChangeKind::Changed, Some(from)) => lang.msg(&renamed_msg(item, from)),
        (k, _) => change_word(k, lang).to_owned(),
    };
    let _ = writeln!(
        out,
        "<details{}><summary><code>{}</code> {}{}</summary>\n",
        if open { " open" } else { "" },
        item.id,
        md_escape(&item.title),
        lang.aside(&what)
    );
    if item.moved {
        let _ = writeln!(
            out,
            "- {}: <code>{}</code> → <code>{}</code>",
            t.moved,
            md_escape(item.old_path.as_deref().unwrap_or_default()),
            md_escape(item.new_path.as_deref().unwrap_or_default())
        );
    }
    if item.change == ChangeKind::Removed {
        let _ = writeln!(out, "- {}", t.item_removed);
    }
    for f in &item.fields {
        md_field(&mut out, "", f, lang);
    }
    for m in &item.milestones {
        md_milestone(&mut out, m, lang);
    }
    for i in &item.indicators {
        let kind = match i.change {
            ChangeKind::Changed => String::new(),
            k => format!(" {}", change_word(k, lang)),
        };
        let _ = writeln!(
            out,
            "- {} <code>{}</code>{kind}: {}",
            t.diff_indicator,
            md_escape(&i.id),
            md_escape(&i.name)
        );
        for f in &i.fields {
            md_field(&mut out, "  ", f, lang);
        }
        for s in &i.series {
            let kind = match s.change {
                ChangeKind::Changed => String::new(),
                k => format!(" {}", change_word(k, lang)),
            };
            let _ = writeln!(
                out,
                "  - {} <code>{}</code>{kind}: {}",
                t.series,
                md_escape(&s.id),
                md_escape(&s.name)
            );
            for line in series_lines(s, lang) {
                let _ = writeln!(out, "    - 📈 {}", md_escape(&line));
            }
            for f in &s.fields {
                md_field(&mut out, "    ", f, lang);
            }
        }
    }
    out.push_str("\n</details>\n");
    out
}

/// The summary table and what comes before the per-item blocks.
fn md_head(diff: &Diff, old: &Side, new: &Side, lang: Lang) -> String {
    let t = lang.t();
    let s = &diff.summary;
    let mut head = String::new();
    let _ = writeln!(head, "{MARKDOWN_MARKER}");
    let _ = writeln!(
        head,
        "### {}: {} → {}\n",
        t.md_changes_title,
        md_data(&old.describe(&lang.side(&old.kind)), 200),
        md_data(&new.describe(&lang.side(&new.kind)), 200)
    );
    if let Some(line) = edition_line(diff, lang) {
        let _ = writeln!(head, "{}\n", md_escape(&line));
    }
    if !diff.has_changes() {
        let _ = writeln!(head, "{}\n", t.md_no_changes);
    }
    let v = diff.validation.as_ref();
    let _ = writeln!(head, "| | |\n|---|---|");
    let items = lang.msg(&Msg::DiffItemsCell {
        total: s.items_changed + s.items_added + s.items_removed,
        added: s.items_added,
        removed: s.items_removed,
        moved: s.items_moved,
        renamed: s.items_renamed,
    });
    // What a reviewer must not miss carries a warning sign.
    let warn = |n: usize| {
        if n > 0 {
            format!("⚠️ {n}")
        } else {
            "0".to_owned()
        }
    };
    let validation = match v {
        None => t.not_checked.to_owned(),
        Some(v) if v.errors == 0 && v.warnings == 0 => format!("✅ {}", t.valid),
        Some(v) => format!(
            "{} {}",
            if v.ok { "⚠️" } else { "❌" },
            lang.msg(&Msg::ErrorsWarnings {
                errors: v.errors,
                warnings: v.warnings
            })
        ),
    };
    let milestones = lang.msg(&Msg::DiffItemsCell {
        total: s.milestones_changed + s.milestones_added + s.milestones_removed,
        added: s.milestones_added,
        removed: s.milestones_removed,
        moved: 0,
        renamed: s.milestones_renamed,
    });
    let indicators = lang.msg(&Msg::DiffItemsCell {
        total: s.indicators_changed + s.indicators_added + s.indicators_removed,
        added: s.indicators_added,
        removed: s.indicators_removed,
        moved: 0,
        renamed: 0,
    });
    // A removed commitment is flagged like a slip.
    let flag_removed = |n: usize, cell: String| {
        if n > 0 {
            format!("⚠️ {cell}")
        } else {
            cell
        }
    };
    let mut rows = vec![
        (t.md_items_changed, flag_removed(s.items_removed, items)),
        (
            t.md_milestones,
            flag_removed(s.milestones_removed, milestones),
        ),
        (
            t.md_milestones_completed,
            s.milestones_completed.to_string(),
        ),
        (t.md_rounds_completed, s.rounds_completed.to_string()),
        (t.md_delays_declared, warn(s.delays_declared)),
        (t.md_drops, warn(s.drops)),
        (t.md_slips, warn(s.slips)),
        (t.md_deadlines_lost, warn(s.deadlines_lost)),
        (t.md_pull_ins, s.pull_ins.to_string()),
        (t.md_plan_edits, warn(s.plan_edits)),
        (t.md_reports_added, s.reports_added.to_string()),
        (t.md_reports_removed, warn(s.reports_removed)),
        (t.md_change_records_removed, warn(s.change_records_removed)),
        (
            t.md_indicator_updates,
            (s.indicator_updates + s.baseline_changes).to_string(),
        ),
        (
            t.md_indicators,
            flag_removed(s.indicators_removed, indicators),
        ),
        (t.md_target_changes, warn(s.target_changes)),
        (t.md_plan_changes, s.plan_changes.to_string()),
        (t.md_validation, validation),
    ];
    // Between two editions, how many items go on (引継ぎ) matters as much as what was added, and
    // a schedule the new edition changed is not an edit of the published plan.
    if diff.editions.is_some() {
        if let Some(row) = rows.iter_mut().find(|(k, _)| *k == t.md_plan_edits) {
            *row = (t.plan_revised, warn(s.plan_revisions));
        }
        rows.insert(
            1,
            (t.md_items_carried_over, s.items_carried_over.to_string()),
        );
    }
    for (k, val) in rows {
        let _ = writeln!(head, "| {k} | {val} |");
    }
    head.push('\n');
    if diff.has_changes() {
        md_attention(&mut head, diff, lang);
    }
    if let Some(v) = v.filter(|v| !v.findings.is_empty()) {
        let _ = writeln!(
            head,
            "<details><summary>{}</summary>\n",
            t.md_validation_findings
        );
        for f in &v.findings {
            let at = match (f.line, f.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                _ => String::new(),
            };
            let _ = writeln!(
                head,
                "- <code>{}{at}</code> {} {}: {}",
                md_data(&f.file, 200),
                severity_word(f.severity, lang),
                f.code,
                md_data(&lang.msg(&f.message), 300)
            );
        }
        if let Some(more) = more_findings(v, "<code>roadmap validate</code>", lang) {
            let _ = writeln!(head, "- {more}");
        }
        head.push_str("\n</details>\n\n");
    }
    if !diff.unreadable.is_empty() {
        let _ = writeln!(head, "{}\n", t.md_unreadable);
        for p in diff.unreadable.iter().take(20) {
            let _ = writeln!(head, "- <code>{}</code>", md_data(p, 200));
        }
        if diff.unreadable.len() > 20 {
            let _ = writeln!(head, "- …");
        }
        head.push('\n');
    }
    if !diff.plan.is_empty() {
        let _ = writeln!(head, "<details><summary>{}</summary>\n", t.md_plan);
        for f in &diff.plan {
            md_field(&mut head, "", f, lang);
        }
        head.push_str("\n</details>\n\n");
    }
    head
}

/// The diff as a pull-request comment of at most `limit` characters: the summary table, the
/// validation, the plan changes, then one `<details>` block per item until the limit, with a note
/// naming what was left out.
pub fn markdown(diff: &Diff, old: &Side, new: &Side, limit: usize, lang: Lang) -> String {
    let mut out = md_head(diff, old, new, lang);
    // Leave room for the note about what was left out.
    let reserve = 1_000;
    let mut used = out.chars().count();
    let mut left_out: Vec<&ItemDiff> = Vec::new();
    let open = diff.items.len() <= DETAILS_OPEN_UP_TO;
    for (heading, group) in groups(diff, lang) {
        let heading = format!("#### {}\n\n", md_escape(&heading));
        let mut heading_done = false;
        for item in group {
            if !left_out.is_empty() {
                left_out.push(item);
                continue;
            }
            let block = md_item(item, open, lang);
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
        let note = Msg::LeftOut {
            items: left_out.len(),
            limit,
            ids,
        };
        let _ = writeln!(out, "> [!NOTE]\n> {}", lang.msg(&note));
    }
    fit(out, limit, lang)
}

/// The whole comment within `limit` characters: whatever made it longer (a plan with hundreds of
/// changed fields, say) is cut at a line, with a note.
fn fit(out: String, limit: usize, lang: Lang) -> String {
    if out.chars().count() <= limit {
        return out;
    }
    let note = format!("\n> [!NOTE]\n> {}\n", lang.msg(&Msg::CommentCut { limit }));
    let room = limit.saturating_sub(note.chars().count() + 1);
    let mut kept = String::new();
    let mut used = 0;
    for line in out.split_inclusive('\n') {
        let n = line.chars().count();
        if used + n > room {
            break;
        }
        kept.push_str(line);
        used += n;
    }
    kept.push_str(&note);
    kept
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
    /// What a reviewer must not miss (the 要確認 list).
    attention: Vec<Attention>,
    validation: Option<JsonValidation<'a>>,
}

#[derive(Serialize)]
struct JsonValidation<'a> {
    ok: bool,
    files_checked: usize,
    /// `changed`: the changed files with the plan; `all`: every file (the plan changed).
    scope: &'static str,
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
    message: String,
}

/// The diff as one JSON document (see docs/diff.md); messages in `lang`.
pub fn json(diff: &Diff, old: &Side, new: &Side, lang: Lang) -> String {
    let validation = diff.validation.as_ref().map(|v| JsonValidation {
        ok: v.ok,
        files_checked: v.files_checked,
        scope: if v.whole { "all" } else { "changed" },
        errors: v.errors,
        warnings: v.warnings,
        findings: v
            .findings
            .iter()
            .map(|f| JsonFinding {
                code: &f.code,
                severity: f.severity,
                file: &f.file,
                line: f.line,
                column: f.column,
                message: lang.msg(&f.message),
            })
            .collect(),
    });
    let doc = JsonDiff {
        // 3: the plan period is a value (`first_fy`, `last_fy`, `latest_fy`), not words.
        schema_version: 4,
        old,
        new,
        changed: diff.has_changes(),
        diff,
        attention: diff::attention(diff),
        validation,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Where the plan in force before was not the published one, the published one beside the span
/// (`（当初計画: 2023年度）`): a second slip said alone hides how far the first had moved it.
fn published_aside(p: Option<&Published>, lang: Lang) -> String {
    p.map(|p| {
        lang.aside(&format!(
            "{}: {}",
            lang.t().planned_plan,
            lang.end_span(p.from, &p.end, false)
        ))
    })
    .unwrap_or_default()
}

/// Where a due date finer than the FY moved, it beside the span (`（期日: 令和4年6月30日 →
/// 令和5年3月31日）`): the FYs alone may not have moved.
fn due_aside(due: Option<DueChange>, lang: Lang) -> String {
    let Some(d) = due else {
        return String::new();
    };
    let day = |x: Option<chrono::NaiveDate>| {
        x.map_or_else(|| "—".to_owned(), |d| crate::render::dates::date(d, lang))
    };
    lang.aside(&format!(
        "{}: {} {} {}",
        lang.t().due_date,
        day(d.old),
        glyph::arrow(),
        day(d.new)
    ))
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
