//! `roadmap report`: the progress report as Markdown, HTML, CSV or Excel, to stdout or a file
//! (written by the one writer: atomically, regular files only).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::i18n::Msg;
use crate::model::Fy;
use crate::render::report::{csv, html, md, xlsx};
use crate::status::{self, Filter};
use crate::writer::{self, Expect, Target};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format [default: from the -o file's extension (.md, .html, .csv, .xlsx), else
    /// markdown]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file (atomically) instead of stdout (`-` is stdout); required for xlsx on a
    /// terminal
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report as of the last day of this fiscal year (instead of --as-of)
    #[arg(long, value_name = "YEAR", value_parser = super::values::fiscal_year)]
    fy: Option<Fy>,
    /// The CSV table to write (csv only) [default: items]
    #[arg(long, value_enum)]
    table: Option<TableArg>,
    /// Add what changed since the last report: a revision (a tag such as 2024Q3, a branch) or a
    /// date (the last commit on or before it)
    #[arg(long, value_name = "REV|DATE")]
    since: Option<String>,
    /// Write the one-page executive summary instead (markdown and html; prints on one A4 page)
    #[arg(long)]
    summary: bool,
    /// Also print the transcriber's notes (転記注), which are for the office, not the briefing
    #[arg(long)]
    include_notes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    #[value(alias = "md")]
    Markdown,
    Html,
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum TableArg {
    Items,
    Milestones,
    Indicators,
    Changes,
}

/// The format: `--format`, else the extension of `-o`, else Markdown. An extension that names no
/// format, or another format than `--format`, is refused: `-o r.pdf` must not write Markdown into
/// a file every reader takes for a PDF.
fn format_of(args: &ReportArgs) -> Result<Format, Msg> {
    let file = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let ext = file
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let by_ext = match ext.as_deref() {
        None => None,
        Some("md" | "markdown") => Some(Format::Markdown),
        Some("html" | "htm") => Some(Format::Html),
        Some("csv") => Some(Format::Csv),
        Some("xlsx") => Some(Format::Xlsx),
        Some(other) => {
            return Err(Msg::UnknownExtension {
                path: file.map(|p| p.display().to_string()).unwrap_or_default(),
                ext: other.to_owned(),
            });
        }
    };
    match (args.format, by_ext) {
        (Some(f), Some(e)) if f != e => Err(Msg::ExtensionMismatch {
            path: file.map(|p| p.display().to_string()).unwrap_or_default(),
            format: format!("{f:?}").to_ascii_lowercase(),
        }),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(Format::Markdown),
    }
}

pub fn run(cx: &Ctx<'_>, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    if args.fy.is_some() && cx.global.as_of.is_some() {
        return Err(Msg::FyAndAsOf.into());
    }
    let format = format_of(args)?;
    if args.table.is_some() && format != Format::Csv {
        return Err(Msg::OnlyWithFormat {
            option: "--table".into(),
            format: "csv".into(),
        }
        .into());
    }
    if args.summary && !matches!(format, Format::Markdown | Format::Html) {
        return Err(Msg::OnlyWithFormat {
            option: "--summary".into(),
            format: "markdown, html".into(),
        }
        .into());
    }
    let target = args.output.as_deref().map_or(Target::Stdout, Target::parse);
    // Refuse before doing any work: binary output would garble a terminal.
    if format == Format::Xlsx && target == Target::Stdout && std::io::stdout().is_terminal() {
        return Err(Msg::XlsxOnTerminal.into());
    }
    let lang = cx.lang;
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
    let since = args
        .since
        .as_deref()
        .map(|s| changes_since(cx, s))
        .transpose()?;
    let mut report = crate::report::build(roadmap, &standing);
    report.include_notes = args.include_notes;
    report.created = Some(analysis.today);
    // The data's revision, when the roadmap is in git (a report is evidence of what it read).
    report.revision = cx.revision();
    report.since = since.as_ref().map(|(label, diff)| crate::report::Since {
        label: label.clone(),
        diff,
    });
    let bytes = match format {
        Format::Markdown if args.summary => md::render_summary(&report, lang).into_bytes(),
        Format::Html if args.summary => html::render_summary(&report, lang)?.into_bytes(),
        Format::Markdown => md::render(&report, lang).into_bytes(),
        Format::Html => html::render(&report, lang)?.into_bytes(),
        Format::Csv => {
            let list = match args.table.unwrap_or(TableArg::Items) {
                TableArg::Items => csv::List::Items,
                TableArg::Milestones => csv::List::Milestones,
                TableArg::Indicators => csv::List::Indicators,
                TableArg::Changes => csv::List::Changes,
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

/// The semantic diff from the last report's revision (or the last commit on or before a date) to
/// the working tree, with the revision as the user named it.
fn changes_since(cx: &Ctx<'_>, since: &str) -> anyhow::Result<(String, crate::diff::Diff)> {
    use crate::history::Spec;
    let mut history = cx.history();
    // A date is shown as dates are (令和5年12月31日); a revision as it was named.
    let (rev, label) = match crate::input::date(since) {
        Ok(day) => (
            history.commit_on_or_before(day)?,
            crate::render::dates::date(day, cx.lang),
        ),
        Err(_) => (since.to_owned(), since.to_owned()),
    };
    let (old, new) = history.list_pair(Spec::Rev(rev), Spec::WorkTree)?;
    Ok((label, history.compare(&old, &new, cx.check_clock())?))
}
