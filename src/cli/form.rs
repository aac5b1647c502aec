//! `roadmap form`: the progress form (照会票) a 部局 fills in, as a workbook or a CSV file
//! (src/form.rs decides the rows, src/render/form.rs lays them out).

use clap_complete::engine::ArgValueCompleter;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Ctx, values};
use crate::form::{self, Meta, Scope};
use crate::i18n::Msg;
use crate::writer::{self, Expect, Target};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap form --owner 人事課 -o 人事課.xlsx       (one form per 部局)
  roadmap form --category 2 --fy 2024 -o 2024-2.xlsx
  roadmap form --item 1-1-1 --item 1-1-2 -o answers.csv   (CSV for offices without Excel)

Rows: the milestones begun by the FY that are not reported done or dropped (each open round of a
毎年度 milestone), and the indicator values not yet recorded. `roadmap import` reads it back.")]
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
    output: PathBuf,
}

pub fn run(cx: &Ctx<'_>, args: &FormArgs) -> anyhow::Result<ExitCode> {
    let target = Target::parse(&args.output);
    // A name that promises another format (`x.pdf`) must not get a workbook in it.
    let csv = match &target {
        Target::File(path) => {
            let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
            match ext.as_deref() {
                None | Some("xlsx") => false,
                Some("csv") => true,
                Some(other) => {
                    return Err(Msg::FormUnknownExtension {
                        path: path.display().to_string(),
                        ext: other.to_owned(),
                    }
                    .into());
                }
            }
        }
        Target::Stdout => false,
    };
    // Refuse before doing any work, as `report` does: a workbook would garble a terminal.
    if target == Target::Stdout && std::io::stdout().is_terminal() {
        return Err(Msg::XlsxOnTerminal.into());
    }
    // The form is in the interface's language (`--lang`): headers, 状況 words, 記入方法.
    let lang = cx.lang;
    let analysis = cx.analyze_at(None)?;
    if let Some(code) = super::refuse_invalid(&analysis, cx.lang)? {
        return Ok(code);
    }
    let roadmap = &analysis.roadmap;
    let mut items = Vec::new();
    for typed in &args.item {
        items.push(crate::edit::item(roadmap, typed)?.id.value);
    }
    let scope = Scope {
        filter: crate::status::Filter {
            owner: args.owner.clone(),
            category: args.category,
            ..crate::status::Filter::default()
        },
        items,
    };
    let as_of = cx.as_of(&analysis);
    let fy = args
        .fy
        .unwrap_or_else(|| roadmap.plan.fiscal_year_start.fy_of(as_of));
    let made_on = analysis.today;
    let meta = Meta {
        id: form::form_id(roadmap, &scope, made_on, fy),
        plan: roadmap.plan.title.value.clone(),
        made_on,
        as_of,
        fy,
        owner: args.owner.clone(),
        revision: cx.revision(),
        lang: lang.code().to_owned(),
    };
    let f = form::build(roadmap, &scope, meta);
    if f.progress.is_empty() && f.values.is_empty() {
        return Err(Msg::FormEmpty.into());
    }
    let bytes = if csv {
        crate::render::form::csv(&f, lang)?
    } else {
        crate::render::form::xlsx(&f, lang)?
    };
    let path = match target {
        Target::File(path) => {
            writer::write(&path, &bytes, Expect::Anything)?;
            path.display().to_string()
        }
        Target::Stdout => {
            super::stdout_bytes(&bytes)?;
            lang.t().form_to_stdout.to_owned()
        }
    };
    let said = Msg::FormWritten {
        path,
        id: f.meta.id.clone(),
        rows: f.progress.len(),
        values: if csv { 0 } else { f.values.len() },
    };
    super::stderr(&format!("{}\n", cx.lang.msg(&said)))?;
    Ok(ExitCode::SUCCESS)
}
