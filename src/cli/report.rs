//! `roadmap report`: the progress report as Markdown, HTML, CSV or Excel, to stdout or a file
//! (written by the one writer: atomically, regular files only).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Ctx, LangArg};
use crate::i18n::Msg;
use crate::model::Fy;
use crate::render::report::{csv, html, md, xlsx};
use crate::status::{self, Filter};
use crate::writer::{self, Expect, Target};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format [default: from the -o file's extension, else md]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file (atomically) instead of stdout (`-` is stdout); required for xlsx on a
    /// terminal
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report as of the last day of this fiscal year (instead of --as-of)
    #[arg(long, value_name = "YEAR", value_parser = super::values::fiscal_year)]
    fy: Option<Fy>,
    /// The CSV table to write
    #[arg(long, value_enum, default_value_t = TableArg::Items)]
    table: TableArg,
    /// Language of the labels [default: from the locale (LC_ALL, LC_MESSAGES, LANG)]
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Md,
    Html,
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum TableArg {
    Items,
    Milestones,
    Indicators,
}

fn format_of(args: &ReportArgs) -> Format {
    if let Some(f) = args.format {
        return f;
    }
    let ext = args
        .output
        .as_deref()
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => Format::Html,
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Md,
    }
}

pub fn run(cx: &Ctx<'_>, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    if args.fy.is_some() && cx.global.as_of.is_some() {
        return Err(Msg::FyAndAsOf.into());
    }
    let format = format_of(args);
    let target = args.output.as_deref().map_or(Target::Stdout, Target::parse);
    // Refuse before doing any work: binary output would garble a terminal.
    if format == Format::Xlsx && target == Target::Stdout && std::io::stdout().is_terminal() {
        return Err(Msg::XlsxOnTerminal.into());
    }
    let lang = cx.lang(args.lang);
    let analysis = cx.analyze_at(None)?;
    if let Some(code) = super::refuse_invalid(&analysis, lang)? {
        return Ok(code);
    }
    let roadmap = &analysis.roadmap;
    let as_of = match args.fy {
        Some(fy) => roadmap.plan.fiscal_year_start.end_of(fy),
        None => cx.as_of(&analysis),
    };
    let standing = status::compute(roadmap, as_of, &Filter::default());
    let report = crate::report::build(roadmap, &standing);
    let bytes = match format {
        Format::Md => md::render(&report, lang).into_bytes(),
        Format::Html => html::render(&report, lang)?.into_bytes(),
        Format::Csv => {
            let list = match args.table {
                TableArg::Items => csv::List::Items,
                TableArg::Milestones => csv::List::Milestones,
                TableArg::Indicators => csv::List::Indicators,
            };
            csv::render(&report, list, lang)?
        }
        Format::Xlsx => {
            let book = xlsx::render(&report, lang).map_err(|e| Msg::Render {
                what: "workbook".into(),
                cause: e.to_string(),
            })?;
            if book.cut > 0 {
                let max = xlsx::MAX_CELL_CHARS;
                let warning = lang.msg(&Msg::CellsCut {
                    cells: book.cut,
                    max,
                });
                super::stderr(&format!("{}: {warning}\n", lang.t().warning))?;
            }
            book.bytes
        }
    };
    match target {
        Target::File(path) => writer::write(&path, &bytes, Expect::Anything)?,
        Target::Stdout => super::stdout_bytes(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
