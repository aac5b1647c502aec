//! `roadmap import`: a filled-in form read back (src/sheet.rs reads the file, src/import.rs
//! checks the answers and makes the edits) and written through the same path as `record`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Ctx;
use super::apply::{Staged, commit};
use crate::i18n::{Lang, Msg};
use crate::import::{self, Request};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap import 人事課.xlsx --dry-run     (show what the answers change)
  roadmap import 人事課.xlsx
  roadmap import answers.csv              (a CSV form, UTF-8)

Every answer is checked before anything is written: a bad value is named by its cell
(進捗入力!J12), all problems at once, exit 1. Answers to milestones that changed in the roadmap
since the form was made are conflicts: nothing is written unless --force. Importing the same form
again changes nothing.")]
pub struct ImportArgs {
    /// The filled-in form: FILE.xlsx (from `roadmap form`) or FILE.csv
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Show what would change and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Import answers to milestones that changed since the form was made
    #[arg(long)]
    force: bool,
}

fn line(lang: Lang, m: &Msg) -> String {
    format!("{}\n", lang.msg(m))
}

pub fn run(cx: &Ctx<'_>, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    use crate::render::style::{ERROR, WARNING};
    let lang = cx.lang;
    let t = lang.t();
    let path = crate::load::show(&args.file);
    let bytes = crate::load::read_input(&args.file)?;
    let book = crate::sheet::read(&bytes, &path)?;
    let read = cx.read_dir()?;
    let analysis = crate::analyze(read.files.clone(), read.findings.clone(), cx.check_clock());
    if let Some(code) = super::refuse_invalid(&analysis, lang)? {
        return Ok(code);
    }
    // Not a form, or a form of another roadmap: the wrong file (exit 2), not a problem in it.
    let sent = import::sent(&book, &path)?;
    import::check_ours(&sent.meta, &analysis.roadmap.plan)?;
    let req = Request {
        roadmap: &analysis.roadmap,
        path: &path,
        today: analysis.today,
        force: args.force,
    };
    let outcome = match import::import(&req, &book, sent) {
        Ok(o) => o,
        Err(problems) => {
            let mut out = super::said(lang, t.error, ERROR, &problems);
            let total = Msg::ImportProblems {
                problems: problems.len(),
            };
            out.push_str(&super::said(lang, t.error, ERROR, &[total]));
            super::stderr(&out)?;
            return Ok(ExitCode::from(1));
        }
    };
    let mut out = super::said(lang, t.warning, WARNING, &outcome.warnings);
    if !outcome.conflicts.is_empty() {
        // With --force the conflicts are imported and only warned of; without, nothing is.
        let conflicts = outcome.conflicts.len();
        let (label, style, total) = if args.force {
            (t.warning, WARNING, Msg::ConflictsForced { conflicts })
        } else {
            (t.error, ERROR, Msg::ConflictsRefused { conflicts })
        };
        out.push_str(&super::said(lang, label, style, &outcome.conflicts));
        out.push_str(&super::said(lang, label, style, &[total]));
        if !args.force {
            super::stderr(&out)?;
            return Ok(ExitCode::from(1));
        }
    }
    let already = outcome.already;
    if outcome.edits.is_empty() {
        out.push_str(&line(lang, &Msg::ImportNothingNew { already }));
        super::stderr(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (id, answered) = (outcome.id.clone(), outcome.answered);
    out.push_str(&line(
        lang,
        &Msg::ImportSummary {
            id,
            answered,
            already,
        },
    ));
    super::stderr(&out)?;
    let mut staged = Vec::new();
    for edit in &outcome.edits {
        let (rel, bytes) = edit.apply(&read.files)?;
        staged.push(Staged { rel, bytes });
    }
    commit(cx, lang, &read, &analysis, &staged, args.dry_run)
}
