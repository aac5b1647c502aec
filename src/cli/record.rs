//! `roadmap record`: progress reports, schedule changes and indicator values written from the
//! command line, in place, validated before they are written (src/record.rs reads the request).

use clap_complete::engine::ArgValueCompleter;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::Ctx;
use super::apply::{Staged, commit};
use crate::record::{self, Measure, MeasureRequest, ReportRequest, RescheduleRequest, Verb};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap record done 1-1-1 model-recruit --on 令和5年2月15日 --note '4部局が応募' --by 人事課
  roadmap record done 1-1-1 training --fy R5 --evidence 研修実績報告
  roadmap record delay 1-1-1 model-run --reason '国会対応期間と重なった' --until 2024
  roadmap record value 1-1-1 1on1-status --series 実施人数 --fy 2023 １，２００人
  roadmap record done 1-1-1 募集 --dry-run      (a milestone by part of its text)

Dates: 2023-03-10, 2023/3/10, 令和5年3月10日, R5.3.10 (default: today in the plan's time zone).
Fiscal years: 2023, FY2023, 2023年度, R5, 令和5年度, 令和元年度.")]
pub struct RecordArgs {
    #[command(subcommand)]
    verb: RecordVerb,
    /// Show what would change and write nothing
    #[arg(long, global = true)]
    dry_run: bool,
}

/// Who reported, and when: every verb that writes a report takes these.
#[derive(Debug, Args)]
struct When {
    /// The item, e.g. 1-1-1
    #[arg(add = ArgValueCompleter::new(super::complete::items))]
    item: String,
    /// The milestone: its id, or a part of its text that only it has
    #[arg(add = ArgValueCompleter::new(super::complete::milestones))]
    milestone: String,
    /// The day it took effect [default: today]
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Who reports it (部局・担当)
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

#[derive(Debug, Subcommand)]
enum RecordVerb {
    /// Report a milestone done (a 毎年度 milestone: one round, with --fy)
    Done {
        #[command(flatten)]
        when: When,
        /// The round (FY) of a 毎年度 milestone
        #[arg(long, value_name = "FY")]
        fy: Option<String>,
        /// What was done (進捗状況)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// A document or URL that shows it
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
    },
    /// Report a milestone started
    Start {
        #[command(flatten)]
        when: When,
        /// What was started (進捗状況)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Declare a milestone late, with the reason (and, with --until, the FY it now ends)
    Delay {
        #[command(flatten)]
        when: When,
        /// Why it is late (required)
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Also reschedule it to end in this FY (the published plan is kept)
        #[arg(long, value_name = "FY")]
        until: Option<String>,
        /// Where it stands (進捗状況)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Report a milestone dropped, with the reason
    Drop {
        #[command(flatten)]
        when: When,
        /// Why it is no longer pursued (required)
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Record a note (経過) that changes no state
    Note {
        #[command(flatten)]
        when: When,
        /// What happened
        text: String,
        /// The round (FY) of a 毎年度 milestone it is about
        #[arg(long, value_name = "FY")]
        fy: Option<String>,
        /// A document or URL that shows it
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
    },
    /// Change a milestone's schedule; the published plan stays next to it
    Reschedule {
        /// The item, e.g. 1-1-1
        #[arg(add = ArgValueCompleter::new(super::complete::items))]
        item: String,
        /// The milestone: its id, or a part of its text that only it has
        #[arg(add = ArgValueCompleter::new(super::complete::milestones))]
        milestone: String,
        /// The FY it now ends
        #[arg(long, value_name = "FY")]
        to: String,
        /// The FY it now starts
        #[arg(long, value_name = "FY")]
        from: Option<String>,
        /// Why (required)
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// The day the change was decided [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Record an indicator's value for a FY
    Value(MeasureArgs),
    /// Set an indicator's target for a FY (interim or final)
    Target(MeasureArgs),
    /// Set an indicator's baseline (基準値) and its FY
    Baseline(MeasureArgs),
}

#[derive(Debug, Args)]
struct MeasureArgs {
    /// The item, e.g. 1-1-1
    #[arg(add = ArgValueCompleter::new(super::complete::items))]
    item: String,
    /// The indicator: its id, or a part of its name
    #[arg(add = ArgValueCompleter::new(super::complete::indicators))]
    indicator: String,
    /// The value: a number (`１，２００人` is 1200), or text for a qualitative series
    value: String,
    /// The FY it is of: 2023, FY2023, R5, 令和5年度
    #[arg(long, value_name = "FY")]
    fy: String,
    /// The series (id or name), when the indicator has several
    #[arg(long, value_name = "NAME")]
    series: Option<String>,
    /// Where the value comes from (統計名)
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
    /// When the source published it (公表日); the value counts from then
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
}

fn report(
    w: &When,
    fy: Option<&String>,
    text: Option<&String>,
    evidence: Option<&String>,
    reason: Option<&String>,
) -> ReportRequest {
    ReportRequest {
        item: w.item.clone(),
        milestone: w.milestone.clone(),
        on: w.on.clone(),
        by: w.by.clone(),
        fy: fy.cloned(),
        text: text.cloned(),
        evidence: evidence.cloned(),
        reason: reason.cloned(),
        until: None,
    }
}

pub fn run(cx: &Ctx<'_>, args: &RecordArgs) -> anyhow::Result<ExitCode> {
    let lang = cx.lang;
    let read = cx.read_dir()?;
    let analysis = crate::analyze(read.files.clone(), read.findings.clone(), cx.check_clock());
    let (roadmap, today) = (&analysis.roadmap, analysis.today);
    let measure = |what, m: &MeasureArgs| {
        let req = MeasureRequest {
            item: m.item.clone(),
            indicator: m.indicator.clone(),
            series: m.series.clone(),
            fy: m.fy.clone(),
            value: m.value.clone(),
            source: m.source.clone(),
            published: m.published.clone(),
        };
        record::measure(roadmap, what, &req)
    };
    let edit = match &args.verb {
        RecordVerb::Done {
            when,
            fy,
            note,
            evidence,
        } => record::report(
            roadmap,
            Verb::Done,
            &report(when, fy.as_ref(), note.as_ref(), evidence.as_ref(), None),
            today,
        ),
        RecordVerb::Start { when, note } => record::report(
            roadmap,
            Verb::Start,
            &report(when, None, note.as_ref(), None, None),
            today,
        ),
        RecordVerb::Delay {
            when,
            reason,
            until,
            note,
        } => {
            let mut r = report(when, None, note.as_ref(), None, Some(reason));
            r.until.clone_from(until);
            record::report(roadmap, Verb::Delay, &r, today)
        }
        RecordVerb::Drop { when, reason } => record::report(
            roadmap,
            Verb::Drop,
            &report(when, None, None, None, Some(reason)),
            today,
        ),
        RecordVerb::Note {
            when,
            text,
            fy,
            evidence,
        } => record::report(
            roadmap,
            Verb::Note,
            &report(when, fy.as_ref(), Some(text), evidence.as_ref(), None),
            today,
        ),
        RecordVerb::Reschedule {
            item,
            milestone,
            to,
            from,
            reason,
            on,
        } => {
            let req = RescheduleRequest {
                item: item.clone(),
                milestone: milestone.clone(),
                on: on.clone(),
                from: from.clone(),
                to: to.clone(),
                reason: reason.clone(),
            };
            record::reschedule(roadmap, &req, today)
        }
        RecordVerb::Value(m) => measure(Measure::Value, m),
        RecordVerb::Target(m) => measure(Measure::Target, m),
        RecordVerb::Baseline(m) => measure(Measure::Baseline, m),
    }?;
    let Some(file) = read.files.iter().find(|f| f.path == edit.path) else {
        return Err(crate::i18n::Msg::FmtSkipped { path: edit.path }.into());
    };
    let bytes = crate::edit::apply(&file.bytes, &file.path, &edit.ops)?;
    let staged = [Staged {
        rel: file.rel.clone(),
        bytes,
    }];
    commit(cx, lang, &read, &staged, args.dry_run)
}
