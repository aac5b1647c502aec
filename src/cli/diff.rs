//! `roadmap diff`: what changed in meaning between two revisions (or a revision and the working
//! tree, or two directories). The history engine lists both sides and parses only what differs;
//! the new side is validated as far as the change reaches (the changed files with the plan).

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{ChangeFormat as Format, Ctx};
use crate::history;
use crate::i18n::Msg;
use crate::render;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap diff                      HEAD vs the working tree (what you are about to commit)
  roadmap diff main                 main vs the working tree
  roadmap diff main HEAD            main vs HEAD (also: main..HEAD)
  roadmap diff origin/main...HEAD   from the merge base, as a pull request does
  roadmap diff --no-index old/ new/ two roadmap directories

Exit status: 0 (or 1 with --exit-code / --fail-on when the condition holds), 2 on errors.")]
pub struct DiffArgs {
    /// Revisions to compare: none, BASE, BASE HEAD, BASE..HEAD or BASE...HEAD; with --no-index, two
    /// roadmap directories
    #[arg(value_name = "REV", num_args = 0..=2)]
    revs: Vec<String>,
    /// Compare two roadmap directories instead of git revisions
    #[arg(long)]
    no_index: bool,
    /// Output format; `markdown` is a pull-request comment
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when there are semantic changes (like `git diff --exit-code`)
    #[arg(long)]
    exit_code: bool,
    /// Exit 1 when a milestone slipped or was removed with its deadline (`slip`), or the new side
    /// does not validate (`invalid`)
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Vec<FailOn>,
    /// Do not validate the new side (faster on large roadmaps)
    #[arg(long)]
    no_validate: bool,
}

impl DiffArgs {
    /// The new side's directory of `--no-index`: its plan names the language when no roadmap
    /// around does.
    pub fn compared_dir(&self) -> Option<&std::path::Path> {
        match self.revs.as_slice() {
            [_, new] if self.no_index => Some(std::path::Path::new(new)),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Slip,
    Invalid,
}

pub fn run(cx: &Ctx<'_>, args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let (old, new) = history::specs(&args.revs, args.no_index)?;
    let mut history = cx.history();
    let (old, new) = history.list_pair(old, new)?;
    for side in [&old, &new] {
        if !side.has_plan() {
            return Err(Msg::SideWithoutPlan {
                side: cx.lang.side(&side.side.kind),
                path: side.plan_path(),
            }
            .into());
        }
    }
    // As `validate` does: the as-of date is "today" for the new side's findings.
    let d = if args.no_validate {
        history.compare(&old, &new, cx.check_clock())?
    } else {
        history.compare_checked(&old, &new, cx.check_clock())?
    };
    let lang = cx.lang;
    let (a, b) = (&old.side, &new.side);
    let out = match args.format {
        Format::Human => super::fitted(&render::diff::human(&d, a, b, lang)),
        Format::Markdown => render::diff::markdown(&d, a, b, render::diff::MARKDOWN_LIMIT, lang),
        Format::Json => render::diff::json(&d, a, b, lang),
    };
    super::stdout_as(&out, matches!(args.format, Format::Json))?;
    let invalid = d.validation.as_ref().is_some_and(|v| !v.ok);
    let fail = (args.exit_code && d.has_changes())
        || (args.fail_on.contains(&FailOn::Slip) && d.summary.slips + d.summary.deadlines_lost > 0)
        || (args.fail_on.contains(&FailOn::Invalid) && invalid);
    Ok(if fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
