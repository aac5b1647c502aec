//! `roadmap log`: the semantic history from git, one entry per commit that changed the roadmap's
//! meaning, for the whole roadmap or one item (or milestone); `--burnup`, progress over time from
//! the report dates.

use clap_complete::engine::ArgValueCompleter;
use std::process::ExitCode;

use clap::Args;

use super::{ChangeFormat as Format, Ctx};
use crate::i18n::Msg;
use crate::input::{self, Bound};
use crate::model::ItemId;
use crate::render;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap log                    every commit that changed the roadmap's meaning
  roadmap log 1-1-1              one item's history: who marked it done, and when
  roadmap log 1-1-1 model-run    one milestone's history
  roadmap log --since v1.0       the commits after v1.0
  roadmap log --since 2024-04-01 the commits from a day (also 令和6年4月1日)
  roadmap log --first-parent     one entry per merged pull request
  roadmap log --burnup           done, reported and past due per quarter

Commits that changed only the files' form (roadmap fmt, comments) are left out unless --all.
--burnup needs no git: it counts from the dates the reports and changes carry.")]
pub struct LogArgs {
    /// Only this item's history (`1-1-1`)
    #[arg(add = ArgValueCompleter::new(super::complete::items))]
    item: Option<String>,
    /// Only this milestone of the item
    #[arg(add = ArgValueCompleter::new(super::complete::milestones))]
    milestone: Option<String>,
    /// Start after this revision, or from this date
    #[arg(long, value_name = "REV|DATE")]
    since: Option<String>,
    /// End at this revision, or on this date
    #[arg(long, value_name = "REV|DATE")]
    until: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also list commits that changed only the form of the files
    #[arg(long)]
    all: bool,
    /// Follow the first parent only: a merge is one entry with what it brought
    #[arg(long)]
    first_parent: bool,
    /// Show progress over time (done, reported, delayed, past due) from the report dates
    #[arg(long, conflicts_with_all = ["since", "all", "first_parent", "milestone"])]
    burnup: bool,
}

pub fn run(cx: &Ctx<'_>, args: &LogArgs) -> anyhow::Result<ExitCode> {
    let item = match &args.item {
        Some(id) => Some(ItemId::parse(id).ok_or_else(|| Msg::NotAnItemId { id: id.clone() })?),
        None => None,
    };
    let bound = |b: &Option<String>| b.as_deref().map(input::bound).transpose();
    let (since, until) = (bound(&args.since)?, bound(&args.until)?);
    if args.burnup {
        return burnup(cx, args, item, until);
    }
    let mut history = cx.history();
    let range = history.range(since, until, args.first_parent)?;
    let which = item.map(|id| (id, args.milestone.as_deref()));
    let mut entries = history.log(&range, which, args.all, cx.check_clock())?;
    if let (Some(id), true) = (item, entries.is_empty()) {
        history.known_item(id)?;
        // No history for a milestone the item has no longer, or never had: a mistyped id is an
        // error naming the closest ones (as `record` does), and part of a text finds its id.
        if let Some(typed) = args.milestone.as_deref() {
            let now = history.analyze_items(&[id], cx.check_clock())?;
            if let Some(it) = now.roadmap.item(&id) {
                let found = crate::edit::milestone(it, typed)?.id.value.clone();
                if found != typed {
                    let which = Some((id, Some(found.as_str())));
                    entries = history.log(&range, which, args.all, cx.check_clock())?;
                }
            }
        }
    }
    let out = match args.format {
        Format::Human => {
            let color = super::color_stdout();
            render::log::human(&entries, cx.lang, |entry| {
                super::as_shown(super::fitted(&entry), color)
            })
        }
        Format::Markdown => render::log::markdown(&entries, cx.lang),
        Format::Json => render::log::json(&entries),
    };
    super::stdout_as(&out, matches!(args.format, Format::Json))?;
    super::keep_until_exit((entries, out));
    Ok(ExitCode::SUCCESS)
}

/// The burn-up of the roadmap as it is (at `--until` when that is a revision), up to the as-of
/// day (or `--until` when that is a date).
fn burnup(
    cx: &Ctx<'_>,
    args: &LogArgs,
    item: Option<ItemId>,
    until: Option<Bound>,
) -> anyhow::Result<ExitCode> {
    let rev = match &until {
        Some(Bound::Rev(r)) => Some(r.as_str()),
        _ => None,
    };
    let analysis = cx.analyze_at(rev)?;
    if let Some(code) = super::refuse_invalid(&analysis, cx.lang)? {
        return Ok(code);
    }
    let as_of = match until {
        Some(Bound::Day(d)) => d,
        _ => cx.as_of(&analysis),
    };
    let points = crate::burnup::points(&analysis.roadmap, as_of, item);
    let out = match args.format {
        Format::Human => {
            render::log::burnup_human(&points, usize::from(super::term_width()), cx.lang)
        }
        Format::Markdown => render::log::burnup_markdown(&points, cx.lang),
        Format::Json => render::log::burnup_json(&points),
    };
    super::stdout_as(&out, matches!(args.format, Format::Json))?;
    Ok(ExitCode::SUCCESS)
}
