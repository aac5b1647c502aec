//! `roadmap validate`: check every file, print every finding, exit 1 when there are any errors
//! (or warnings, with `--strict`).

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::diagnostic::Tally;
use crate::render::diagnostics;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap validate                        every finding, rustc-style
  roadmap validate --format github        annotations for a GitHub Actions job
  roadmap validate --strict               warnings fail too

Exit status: 0 clean, 1 findings, 2 usage or I/O error. Rules and codes: docs/validate.md")]
pub struct ValidateArgs {
    /// Output format; `github` prints workflow commands that annotate a pull request
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail on warnings too
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    #[value(alias = "table")]
    Human,
    Json,
    Github,
}

pub fn run(cx: &Ctx<'_>, args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    // `--as-of` is "today" for validate: done dates after it are findings (RM209).
    let mut history = cx.history();
    let analysis = history.analyze_at(None, cx.check_clock())?;
    let lang = cx.lang;
    let out = match args.format {
        Format::Human => super::fitted(&diagnostics::human(&analysis, args.strict, lang)),
        Format::Json => diagnostics::json(&analysis, args.strict, lang),
        Format::Github => diagnostics::github(&analysis, args.strict, lang),
    };
    match args.format {
        Format::Human => super::stdout(&out)?,
        Format::Json => super::stdout_json(&out)?,
        Format::Github => super::stdout_commands(&out)?,
    }
    let t = Tally::of(&analysis.findings);
    let failed = t.errors > 0 || (args.strict && t.warnings > 0);
    super::keep_until_exit((analysis, out));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
