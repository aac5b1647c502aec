//! `roadmap form`: the progress form (照会票) a 部局 fills in, as a workbook or a CSV file
//! (src/form.rs decides the rows, src/render/form.rs lays them out); `--each-owner` writes one
//! per owner, all or none.

use clap_complete::engine::ArgValueCompleter;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Ctx, values};
use crate::form::{self, Meta, Scope};
use crate::i18n::Msg;
use crate::writer::{self, Expect, Target};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap form --owner 人事課 -o 人事課.xlsx       (one form for one 部局)
  roadmap form --each-owner 照会/                 (one form per 部局: 照会/人事課.xlsx, …)
  roadmap form --category 2 --fy 2024 -o 2024-2.xlsx
  roadmap form --item 1-1-1 --item 1-1-2 -o answers.csv   (CSV for offices without Excel)

Rows: the milestones begun by the FY (each round of a 毎年度 milestone), those reported done or
dropped too so that a mistake can be corrected, and each indicator value up to the FY, recorded
or not. `roadmap import` reads it back.")]
#[command(group(clap::ArgGroup::new("to").required(true).args(["output", "each_owner"])))]
pub struct FormArgs {
    /// Only items with an owner (部局) containing this text
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// Only items in this 大項目 (2) or 中項目 (2-3)
    #[arg(long, value_name = "N[-M]", value_parser = values::category, add = ArgValueCompleter::new(super::complete::categories))]
    category: Option<crate::model::ItemId>,
    /// Only this item (repeatable)
    #[arg(long, value_name = "ID", add = ArgValueCompleter::new(super::complete::items))]
    item: Vec<String>,
    /// The FY the form asks about: rounds and values up to it [default: the as-of date's]
    #[arg(long, value_name = "FY", value_parser = values::fiscal_year)]
    fy: Option<i32>,
    /// Where to write it: FILE.xlsx, or FILE.csv for the 進捗入力 rows only (`-`: the workbook
    /// to standard output)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// One form per owner named by the items in scope, as DIR/<owner>.xlsx (all or none)
    #[arg(long, value_name = "DIR", conflicts_with = "owner")]
    each_owner: Option<PathBuf>,
    /// With --each-owner, replace forms already in DIR (the sent forms are what status
    /// --unanswered reads, so they are kept unless this is given)
    #[arg(long, requires = "each_owner")]
    force: bool,
}

pub fn run(cx: &Ctx<'_>, args: &FormArgs) -> anyhow::Result<ExitCode> {
    // The form is in the interface's language (`--lang`): headers, 状況 words, 記入方法.
    let target = args.output.as_deref().map(Target::parse);
    // Refuse before doing any work, as `report` does: a workbook would garble a terminal, and a
    // name that promises another format (`x.pdf`) must not get a workbook in it.
    match &target {
        Some(Target::Stdout) if std::io::stdout().is_terminal() => {
            return Err(Msg::XlsxOnTerminal.into());
        }
        Some(Target::File(path)) => {
            crate::render::form::is_csv(path)?;
            writer::check_writable(path)?;
        }
        _ => {}
    }
    let lang = cx.lang;
    let mut analysis = cx.analyze_at(None)?;
    if let Some(code) = super::refuse_invalid(&analysis, cx.lang)? {
        return Ok(code);
    }
    analysis.release_files();
    let roadmap = &analysis.roadmap;
    let mut items = Vec::new();
    for typed in &args.item {
        items.push(crate::edit::item(roadmap, typed)?.id.value);
    }
    let scope = |owner: Option<String>| Scope {
        filter: crate::status::Filter {
            owner,
            category: args.category,
            ..crate::status::Filter::default()
        },
        items: items.clone(),
    };
    let as_of = cx.as_of(&analysis);
    // A form asks only what can be recorded: nothing after the plan's latest FY (RM211). Past
    // it, the form asks about that last FY.
    let latest = roadmap.plan.period.latest_fy.value;
    let fy = match args.fy {
        Some(fy) if fy > latest => return Err(Msg::FormFyAfterPlan { fy, latest }.into()),
        Some(fy) => fy,
        None => roadmap.plan.fiscal_year_start.fy_of(as_of).min(latest),
    };
    let make = |scope: &Scope| {
        let meta = Meta {
            revision: cx.revision(),
            lang: lang.code().to_owned(),
            ..Meta::new(roadmap, scope, analysis.today, as_of, fy)
        };
        form::build(roadmap, scope, meta)
    };
    let Some(dir) = &args.each_owner else {
        // One form, written as it is made (a form of every item is 60 MB at 100,000 items). Without
        // `--each-owner` clap has required `--output` (the group `to`).
        let Some(target) = target else {
            return Err(Msg::FormEmpty.into());
        };
        let owner = (args.owner.as_deref())
            .map(|typed| form::owner_named(roadmap, typed))
            .transpose()?;
        let scope = scope(owner);
        let f = make(&scope);
        if f.is_empty() {
            return Err(Msg::FormEmpty.into());
        }
        let written = super::output(&target, |out| {
            crate::render::form::write(&f, lang, &target, out)
        })?;
        super::stderr(&format!("{}\n", lang.msg(&written)))?;
        return Ok(ExitCode::SUCCESS);
    };
    // One form per owner, all or none.
    let owners = form::owners(roadmap, &scope(None));
    if owners.is_empty() {
        return Err(Msg::NoOwners.into());
    }
    let mut forms = Vec::new();
    let mut said = String::new();
    for (owner, name) in owners.iter().zip(form::file_names(&owners, "xlsx")) {
        let f = make(&scope(Some(owner.clone())));
        if f.is_empty() {
            let owner = owner.clone();
            said.push_str(&format!("{}\n", lang.msg(&Msg::FormSkippedEmpty { owner })));
        } else {
            forms.push((dir.join(name), f));
        }
    }
    writer::ensure_dir(dir)?;
    if forms.is_empty() {
        return Err(Msg::FormEmpty.into());
    }
    // A form sent last quarter, or one returned filled under its name, is not replaced unasked.
    let there: Vec<String> = (forms.iter())
        .filter(|(path, _)| path.exists())
        .filter_map(|(path, _)| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if !there.is_empty() && !args.force {
        let dir = dir.display().to_string();
        return Err(Msg::FormsThere { dir, files: there }.into());
    }
    let expect = if args.force {
        Expect::Anything
    } else {
        Expect::Unchanged(None)
    };
    let mut files = Vec::new();
    for (path, f) in &forms {
        let (bytes, written) = crate::render::form::file(f, lang, &Target::File(path.clone()))?;
        said.push_str(&format!("{}\n", lang.msg(&written)));
        files.push((path.as_path(), bytes));
    }
    let all: Vec<(&Path, &[u8], Expect<'_>)> = files
        .iter()
        .map(|(p, b)| (*p, b.as_slice(), expect))
        .collect();
    writer::write_all(&all)?;
    super::stderr(&said)?;
    Ok(ExitCode::SUCCESS)
}
