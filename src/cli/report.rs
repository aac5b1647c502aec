//! `roadmap report`: the progress report as Markdown, HTML, CSV or Excel, to stdout or a file
//! (written atomically).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::{Global, LangArg};
use crate::model::Fy;
use crate::render::report_csv::Table;
use crate::render::{report_csv, report_html, report_md, report_xlsx};
use crate::status::{self, Filter};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format [default: from the -o file's extension, else md]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file (atomically) instead of stdout; required for xlsx on a terminal
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report as of the last day of this fiscal year (instead of --as-of)
    #[arg(long, value_name = "YEAR")]
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

pub fn run(global: &Global, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    if args.fy.is_some() && global.as_of.is_some() {
        bail!("give either --fy or --as-of, not both");
    }
    let format = format_of(args);
    // Refuse before doing any work: binary output would garble a terminal.
    if format == Format::Xlsx && args.output.is_none() && std::io::stdout().is_terminal() {
        bail!("xlsx is a binary format and stdout is a terminal; write it to a file with -o FILE");
    }
    let analysis = global.analyze()?;
    if let Some(code) = super::refuse_invalid(&analysis)? {
        return Ok(code);
    }
    let roadmap = &analysis.roadmap;
    let calendar = roadmap.plan.fiscal_year_start;
    let as_of = match args.fy {
        Some(fy) => calendar.end_of(fy),
        None => global.as_of(),
    };
    let standing = status::compute(roadmap, as_of, &Filter::default());
    let report = crate::report::build(roadmap, &standing);
    let lang = super::lang(args.lang);
    let bytes = match format {
        Format::Md => report_md::render(&report, lang).into_bytes(),
        Format::Html => report_html::render(&report, calendar, lang)?.into_bytes(),
        Format::Csv => report_csv::render(
            &report,
            match args.table {
                TableArg::Items => Table::Items,
                TableArg::Milestones => Table::Milestones,
                TableArg::Indicators => Table::Indicators,
            },
            lang,
        )?,
        Format::Xlsx => report_xlsx::render(&report, lang).context("cannot build the workbook")?,
    };
    match &args.output {
        Some(path) => write_atomic(path, &bytes)?,
        None => super::stdout_bytes(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file through a temporary file in the same directory, renamed over the target when
/// complete: readers see the old file or the new one, never a partial one.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let shown = path.display();
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .with_context(|| format!("cannot write `{shown}`"))?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write `{shown}`"))?;
    file.commit()
        .with_context(|| format!("cannot write `{shown}`"))?;
    Ok(())
}
