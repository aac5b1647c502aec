//! `roadmap record`: progress reports, schedule changes and indicator values written from the
//! command line, in place, validated before they are written. The verbs' arguments are in
//! `milestone` (reports and schedule changes) and `indicator` (values, targets, baselines); each
//! becomes a [`Request`] that src/record.rs reads against the roadmap.

mod indicator;
mod milestone;
mod reschedule;

use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::Ctx;
use super::apply::{Staged, commit};
use crate::record::{Request, Verb};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap record done 1-1-1 model-recruit --on 令和5年2月15日 --note '4部局が応募' --by 人事課
  roadmap record done 1-1-1 1on1-awareness-training --fy R5 --evidence 研修実績報告
  roadmap record delay 1-1-1 model-run --reason '国会対応期間と重なった' --until 2024
  roadmap record reschedule 2-3-2 issue-finding --until 令和7年度第4四半期 --reason '関係機関との調整'
  roadmap record value 1-1-1 1on1-status --series 実施人数 --fy 2023 １，２００人
  roadmap record done 1-1-1 募集 --dry-run      (a milestone by part of its text)

Dates: 2023-03-10, 2023/3/10, 令和5年3月10日, R5.3.10 (default: today in the plan's time zone).
Fiscal years: 2023, FY2023, 2023年度, R5, 令和5年度, 令和元年度.
Ends (--until): a FY, 2025-H1, 2025-Q3, 2025-12, CY2025, 令和7年度上期, 令和7年度第3四半期,
  令和7年12月, 令和7年末, 令和8年夏 (approximate: 春 May, 夏 August, 秋 November, 冬 February),
  followed by 目途 for an approximate one; 期限なし for none.")]
pub struct RecordArgs {
    #[command(subcommand)]
    verb: RecordVerb,
    /// Show what would change and write nothing
    #[arg(long, global = true)]
    dry_run: bool,
}

#[derive(Debug, Subcommand)]
enum RecordVerb {
    /// Report a milestone done (a 毎年度 milestone: one round, with --fy)
    Done(milestone::Done),
    /// Report a milestone started
    Start(milestone::Start),
    /// Declare a milestone late, with the reason (and, with --until, when it now ends)
    Delay(milestone::Delay),
    /// Report a milestone dropped, with the reason
    Drop(milestone::Drop),
    /// Record a note (経過) that changes no state
    Note(milestone::Note),
    /// Change a milestone's schedule; the published plan stays next to it
    Reschedule(reschedule::Reschedule),
    /// Record an indicator's value for a FY
    Value(indicator::Value),
    /// Set an indicator's target for a FY (interim or final)
    Target(indicator::Target),
    /// Set an indicator's baseline (基準値) and its FY
    Baseline(indicator::Baseline),
}

impl RecordVerb {
    fn request(&self) -> Request {
        match self {
            Self::Done(a) => Request::Report(Verb::Done, a.into()),
            Self::Start(a) => Request::Report(Verb::Start, a.into()),
            Self::Delay(a) => Request::Report(Verb::Delay, a.into()),
            Self::Drop(a) => Request::Report(Verb::Drop, a.into()),
            Self::Note(a) => Request::Report(Verb::Note, a.into()),
            Self::Reschedule(a) => Request::Reschedule(a.into()),
            Self::Value(a) => a.into(),
            Self::Target(a) => a.into(),
            Self::Baseline(a) => a.into(),
        }
    }
}

pub fn run(cx: &Ctx<'_>, args: &RecordArgs) -> anyhow::Result<ExitCode> {
    let request = args.verb.request();
    // An item named by its id is edited with the plan and the items it refers to, as `status
    // <ID>` reads them: an edit of one file is checked against every rule within those files,
    // and the rules across all files are validate's. An item named by its words, or an id no
    // file has, needs the whole roadmap (to find it, or to say which ids are near).
    let one = (crate::edit::typed_id(request.item()).1)
        .map(|id| {
            cx.history()
                .read_items(&[id], cx.check_clock())
                .map(|r| (id, r))
        })
        .transpose()?
        .filter(|(id, (_, a))| a.roadmap.item(id).is_some());
    let (read, analysis) = match one {
        Some((_, read)) => read,
        None => {
            let read = cx.read_dir()?;
            let analysis =
                crate::analyze(read.files.clone(), read.findings.clone(), cx.check_clock());
            (read, analysis)
        }
    };
    let edit = request.edit(&analysis.roadmap, analysis.today)?;
    let (rel, bytes) = edit.apply(&read.files)?;
    let staged = [Staged { rel, bytes }];
    commit(cx, cx.lang, &read, &analysis, &staged, args.dry_run)
}
