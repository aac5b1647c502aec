//! `roadmap report`: the progress report as Markdown, HTML, CSV or Excel, to stdout or a file
//! (written by the one writer: atomically, regular files only).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::i18n::Msg;
use crate::model::Fy;
use crate::render::report::{Format, Options, csv};
use crate::status::{self, Filter};
use crate::writer::Target;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format [default: from the -o file's extension (.md, .html, .csv, .xlsx), which a
    /// file needs unless --format is given; markdown on stdout]
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write to this file (atomically) instead of stdout (`-` is stdout); required for xlsx on a
    /// terminal
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report as of the last day of this fiscal year (instead of --as-of)
    #[arg(long, value_name = "YEAR", value_parser = super::values::fiscal_year)]
    fy: Option<Fy>,
    /// The CSV table to write (csv only; `since` needs --since) [default: items]
    #[arg(long, value_enum)]
    table: Option<TableArg>,
    /// Add what changed since the last report: a revision (a tag such as 2024Q3, a branch) or a
    /// date (the last commit on or before it)
    #[arg(long, value_name = "REV|DATE")]
    since: Option<String>,
    /// Write the one-page executive summary instead (markdown, html, xlsx; prints on one A4 page)
    #[arg(long)]
    summary: bool,
    /// Also print the transcriber's notes (転記注), which are for the office, not the briefing
    #[arg(long)]
    include_notes: bool,
    /// Only this owner's part: the items it leads, and of others the milestones and indicators it
    /// leads or takes part in
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
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
    Since,
}

pub fn run(cx: &Ctx<'_>, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    if args.fy.is_some() && cx.global.as_of.is_some() {
        return Err(Msg::FyAndAsOf.into());
    }
    let given = args.format.map(|f| match f {
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Csv => Format::Csv,
        FormatArg::Xlsx => Format::Xlsx,
    });
    let options = Options {
        format: Format::of_output(given, args.output.as_deref())?,
        summary: args.summary,
        table: args.table.map(|t| match t {
            TableArg::Items => csv::List::Items,
            TableArg::Milestones => csv::List::Milestones,
            TableArg::Indicators => csv::List::Indicators,
            TableArg::Changes => csv::List::Changes,
            TableArg::Since => csv::List::Since,
        }),
        since: args.since.is_some(),
    };
    options.check()?;
    let target = args.output.as_deref().map_or(Target::Stdout, Target::parse);
    // Refuse before doing any work: binary output would garble a terminal, and a target the
    // writer refuses (`-o /dev/null`) would be refused after seconds of it.
    match &target {
        Target::Stdout if options.format == Format::Xlsx && std::io::stdout().is_terminal() => {
            return Err(Msg::XlsxOnTerminal.into());
        }
        Target::File(path) => crate::writer::check_writable(path)?,
        Target::Stdout => {}
    }
    let lang = cx.lang;
    let mut analysis = cx.analyze_at(None)?;
    if let Some(code) = super::refuse_invalid(&analysis, lang)? {
        return Ok(code);
    }
    analysis.release_files();
    let roadmap = &analysis.roadmap;
    let as_of = match args.fy {
        Some(fy) => roadmap.plan.fiscal_year_start.end_of(fy),
        None => cx.as_of(&analysis),
    };
    let filter = Filter {
        owner: args.owner.clone(),
        ..Filter::default()
    };
    let standing = status::compute(roadmap, as_of, &filter);
    let shown = filter.owner_view(roadmap);
    let since = (args.since.as_deref())
        .map(|s| cx.history().changes_since(s, cx.check_clock()))
        .transpose()?;
    let mut report = crate::report::build(&shown, &standing);
    report.include_notes = args.include_notes;
    report.owner.clone_from(&args.owner);
    report.created = Some(analysis.today);
    // The data's revision, when the roadmap is in git (a report is evidence of what it read).
    report.revision = cx.revision();
    // A date is shown as dates are (令和5年12月31日); a revision as it was named.
    let label = |typed: &str| {
        crate::input::date(typed).map_or_else(
            |_| typed.to_owned(),
            |day| crate::render::dates::date(day, lang),
        )
    };
    report.since =
        (args.since.as_deref().zip(since.as_ref())).map(|(typed, diff)| crate::report::Since {
            label: label(typed),
            diff,
        });
    let done = super::output(&target, |out| options.render(&report, lang, out))?;
    if let Some(warning) = done.warning(lang) {
        super::stderr(&warning)?;
    }
    drop(report);
    drop(shown);
    super::keep_until_exit((analysis, standing));
    Ok(ExitCode::SUCCESS)
}
