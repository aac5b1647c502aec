//! `roadmap status`: where the roadmap stands on the as-of date (all items, one item, or a
//! timeline), as a table, JSON or Markdown.

use clap_complete::engine::ArgValueCompleter;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Ctx, values};
use crate::model::ItemId;
use crate::render::item;
use crate::render::status as render;
use crate::render::timeline::timeline;
use crate::status::{self, Filter, State};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap status                          where everything stands today
  roadmap status 2-3-2                    one item in its source layout
  roadmap status --timeline --as-of 2024-03-31
  roadmap status --state overdue --theme 1
  roadmap status --format json | jq '.totals'
  roadmap status --rev v2024Q3 --as-of 2024-09-30   what we reported last quarter
  roadmap status --fail-on overdue        exit 1 when anything is overdue (CI)

State rules: docs/status.md")]
pub struct StatusArgs {
    /// Show one item in full (e.g. 2-3-2): its milestones across FY columns, indicators and notes
    #[arg(value_name = "ID", value_parser = values::item_id, add = ArgValueCompleter::new(super::complete::items))]
    item: Option<String>,
    /// Draw a timeline (Gantt chart) of all items across the plan's fiscal years
    #[arg(long, conflicts_with = "item")]
    timeline: bool,
    /// Only this 大項目 (`2`) or 中項目 (`2-3`)
    #[arg(long, value_name = "N[-M]", value_parser = values::category, add = ArgValueCompleter::new(super::complete::categories))]
    category: Option<ItemId>,
    /// Only items carrying this cross-cutting theme (`1` or `※1`)
    #[arg(long, value_name = "N", value_parser = values::theme, add = ArgValueCompleter::new(super::complete::themes))]
    theme: Option<u32>,
    /// Only items in these states, comma-separated: done, dropped, delayed, past_due, due_this_fy,
    /// in_progress, active, upcoming, before_plan, no_schedule; `overdue` is delayed and past_due
    #[arg(long, value_name = "STATE", value_delimiter = ',', value_parser = values::states, add = ArgValueCompleter::new(super::complete::states))]
    state: Vec<Vec<State>>,
    /// Only items with an owner containing this text (an item it does not lead, kept for some of
    /// its milestones or indicators, shows those only)
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// Only items whose id, title, notes, milestones or indicators contain this text
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    grep: Option<String>,
    /// Show the roadmap as recorded at this git revision (a tag, branch, SHA, HEAD~3, …); the
    /// working tree is not touched
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when a condition holds, for CI gates
    #[arg(long, value_enum, value_name = "CONDITION")]
    fail_on: Option<FailOn>,
    /// List, per owner, the items these sent forms asked about that got no answer since
    #[arg(long, value_name = "FORM", num_args = 1.., conflicts_with_all = ["item", "timeline", "rev"])]
    unanswered: Vec<std::path::PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    #[value(alias = "table")]
    Human,
    Json,
    #[value(alias = "md")]
    Markdown,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    /// Any milestone (of the items shown) is reported delayed or past due with no completion
    /// reported
    Overdue,
}

pub fn run(cx: &Ctx<'_>, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    if !args.unanswered.is_empty() {
        let json = matches!(args.format, Format::Json);
        return super::unanswered::run(cx, &args.unanswered, json);
    }
    // One item's view reads the plan, the item and the items it refers to, not all 10,000.
    let mut analysis = match (args.item.as_deref().and_then(ItemId::parse), &args.rev) {
        (Some(id), None) => cx.history().analyze_items(&[id], cx.now)?,
        _ => cx.analyze_at(args.rev.as_deref())?,
    };
    if let Some(code) = super::refuse_invalid(&analysis, cx.lang)? {
        return Ok(code);
    }
    analysis.release_files();
    let roadmap = &analysis.roadmap;
    let filter = Filter {
        category: args.category,
        theme: args.theme,
        states: args.state.concat(),
        owner: args.owner.clone(),
        text: args.grep.clone(),
    };
    filter.check(&roadmap.plan)?;
    // An owner no item has is a typo more often than an answer: said, with the owners there are
    // (none, in a roadmap that names none), as `form` says it.
    crate::form::check_owner(roadmap, args.owner.as_deref())?;
    // One item is shown within the whole roadmap's standing (its roll-ups, what it waits on).
    let whole = Filter::default();
    let shown = if args.item.is_some() { &whole } else { &filter };
    let st = status::compute(roadmap, cx.as_of(&analysis), shown);
    // An item kept for an owner's milestones is drawn with those only (`--owner`).
    let part = shown.owner_view(roadmap);
    let roadmap = part.as_ref();
    let dir = cx.shown.display().to_string();
    let one = args
        .item
        .as_deref()
        .map(|id| st.find(roadmap, id, &dir))
        .transpose()?;
    let (view, lang) = (cx.view(matches!(args.format, Format::Human)), cx.lang);
    let out = match (one, args.format) {
        (Some((i, s)), Format::Human) => vec![item::item(roadmap, i, s, &st, &view)],
        (Some((i, s)), Format::Json) => vec![item::item_json(i, s, &st)],
        (Some((i, s)), Format::Markdown) => vec![item::item_markdown(roadmap, i, s, &st, lang)],
        (None, Format::Human) if args.timeline => vec![timeline(roadmap, &st, &view)],
        (None, Format::Human) => render::overview_parts(roadmap, &st, &view),
        (None, Format::Json) => {
            // Written as it is made: at 100,000 items the JSON is 275 MB.
            let stdout = crate::writer::Target::Stdout;
            super::output(&stdout, |w| {
                let mut w = crate::render::escape::CiLogJson::new(w);
                Ok(render::write_json(roadmap, &st, &mut w)?)
            })?;
            Vec::new()
        }
        (None, Format::Markdown) => vec![render::markdown(roadmap, &st, lang)],
    };
    for part in &out {
        super::stdout_as(part, matches!(args.format, Format::Json))?;
    }
    let overdue = one.map_or(st.totals.overdue(), |(_, s)| s.delayed + s.past_due);
    super::keep_until_exit((analysis, st, out));
    Ok(match args.fail_on {
        Some(FailOn::Overdue) if overdue > 0 => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}
