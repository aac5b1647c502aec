//! The command line: clap types live here and nowhere else. Each subcommand's file turns its
//! arguments into options, calls the core, and hands the result to a renderer.
//!
//! This layer is also the only one that reads the outside world's state: the clock (once per run,
//! in [`Ctx`]), the environment (locale, `COLUMNS`, `ROADMAP_DIR`) and the terminal.

mod apply;
mod diff;
mod fmt;
mod record;
mod report;
mod status;
mod validate;
mod values;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::Analysis;
use crate::analysis::Clock;
use crate::i18n::{Lang, Msg, UserError};

/// Keep a government reform roadmap as TOML files in git and answer: where do we stand, and what
/// changed?
#[derive(Debug, Parser)]
#[command(name = "roadmap", version, max_term_width = 100)]
#[command(
    after_help = "Exit status: 0 ok, 1 findings (or a --fail-on/--exit-code condition), 2 usage or I/O error."
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The roadmap directory (holds roadmap.toml and items/)
    #[arg(
        long,
        global = true,
        env = "ROADMAP_DIR",
        default_value = "roadmap",
        value_name = "PATH"
    )]
    pub dir: PathBuf,
    /// When to colour the output; `auto` colours a terminal unless NO_COLOR is set
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// The day to evaluate the roadmap on (YYYY-MM-DD) [default: today]
    #[arg(long, global = true, value_name = "DATE", value_parser = values::date)]
    pub as_of: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show where the roadmap stands on the as-of date
    Status(status::StatusArgs),
    /// Show what changed in meaning between two revisions (milestones done, slips, indicator values)
    Diff(diff::DiffArgs),
    /// Write the progress report as Markdown, HTML, CSV or Excel
    Report(report::ReportArgs),
    /// Check the roadmap files: syntax, schema and rules (exit 1 on findings)
    Validate(validate::ValidateArgs),
    /// Record progress: reports, schedule changes, indicator values (edits files in place)
    Record(record::RecordArgs),
    /// Rewrite the roadmap files in the one canonical layout (meaning unchanged)
    Fmt(fmt::FmtArgs),
    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}

/// `--lang`: the language of the interface's words.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

/// What a run knows of the world, read once: the global options and the clock.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub global: &'a Global,
    /// Now, by the clock (or `ROADMAP_NOW`, the tests' fixed clock); its day depends on the plan's
    /// time zone.
    pub now: Clock,
}

impl Ctx<'_> {
    /// The language: the option, else the locale (LC_ALL, LC_MESSAGES, LANG).
    pub fn lang(&self, arg: Option<LangArg>) -> Lang {
        match arg {
            Some(LangArg::Ja) => Lang::Ja,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_locale(&locale()),
        }
    }

    /// Reads and checks the roadmap as it is in the working tree, or at a git revision (read from
    /// git objects; the working tree and index are not touched).
    pub fn analyze_at(&self, rev: Option<&str>) -> anyhow::Result<Analysis> {
        crate::history::History::new(&self.global.dir).analyze_at(rev, self.now)
    }

    /// The day to evaluate on: `--as-of`, else today in the plan's time zone.
    pub fn as_of(&self, analysis: &Analysis) -> NaiveDate {
        self.global.as_of.unwrap_or(analysis.today)
    }

    /// "Today" for checking a roadmap: `--as-of` when given (validate and diff check as of it),
    /// else the clock.
    pub fn check_clock(&self) -> Clock {
        self.global.as_of.map_or(self.now, Clock::Day)
    }
}

/// The width to fit tables to: `COLUMNS`, else the terminal's, else 120.
pub fn term_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| comfy_table::Table::new().width())
        .unwrap_or(120)
        .max(40)
}

/// Whether stdout gets colour, after --color, NO_COLOR and the terminal check.
pub fn color_stdout() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

fn locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default()
}

/// Now: the only place that reads the clock. `ROADMAP_NOW` fixes it, for tests and reproducible
/// runs: an instant (`2026-11-24T20:00:00Z`) or a day (`2026-11-25`).
fn now() -> Clock {
    let fixed = std::env::var("ROADMAP_NOW").ok();
    let fixed = fixed.as_deref().map(str::trim);
    if let Some(s) = fixed {
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
            return Clock::At(at.with_timezone(&chrono::Utc));
        }
        if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Clock::Day(day);
        }
    }
    Clock::At(chrono::Utc::now())
}

/// Runs the command line; the process exits with what it returns.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    anstream::ColorChoice::write_global(match cli.global.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    let cx = Ctx {
        global: &cli.global,
        now: now(),
    };
    let result = match &cli.command {
        Command::Status(args) => status::run(&cx, args),
        Command::Report(args) => report::run(&cx, args),
        Command::Validate(args) => validate::run(&cx, args),
        Command::Diff(args) => diff::run(&cx, args),
        Command::Record(args) => record::run(&cx, args),
        Command::Fmt(args) => fmt::run(&cx, args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "roadmap", &mut out);
            stdout_bytes(&out).map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let lang = cx.lang(None);
            let (text, help) = match e.downcast_ref::<UserError>() {
                Some(UserError(m)) => (lang.msg(m), m.help().map(|h| lang.msg(&h))),
                None => (format!("{e:#}"), None),
            };
            let s = crate::render::style::ERROR;
            let one_line = crate::text::one_line;
            let mut out = format!("{s}{}{s:#}: {}\n", lang.t().error, one_line(&text));
            if let Some(help) = help {
                out.push_str(&format!("{}: {}\n", lang.t().help, one_line(&help)));
            }
            let _ = stderr(&out);
            ExitCode::from(2)
        }
    }
}

/// Commands that need a valid roadmap refuse an invalid one: they print its errors to stderr and
/// return exit code 1, pointing at `roadmap validate`.
pub fn refuse_invalid(analysis: &Analysis, lang: Lang) -> anyhow::Result<Option<ExitCode>> {
    use crate::diagnostic::Severity;
    let blocking: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if blocking.is_empty() {
        return Ok(None);
    }
    let mut out = String::new();
    for f in &blocking {
        out.push_str(&crate::render::diagnostics::human_one(analysis, f, lang));
        out.push('\n');
    }
    let s = crate::render::style::ERROR;
    let msg = lang.msg(&Msg::RefuseInvalid {
        errors: blocking.len(),
    });
    out.push_str(&format!("{s}{}{s:#}: {msg}\n", lang.t().error));
    stderr(&out)?;
    Ok(Some(ExitCode::from(1)))
}

fn write_all(mut out: impl Write, bytes: &[u8]) -> anyhow::Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // A closed pipe (`roadmap status | head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Msg::CannotWriteStdout {
            cause: e.to_string(),
        }
        .into()),
        _ => Ok(()),
    }
}

/// Writes text to stdout (colour stripped as configured).
pub fn stdout(s: &str) -> anyhow::Result<()> {
    write_all(anstream::stdout().lock(), s.as_bytes())
}

/// Writes bytes to stdout as they are, for data formats (HTML, CSV, xlsx) that colour handling
/// must not touch.
pub fn stdout_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    write_all(std::io::stdout().lock(), bytes)
}

/// Writes to stderr, like [`stdout`].
pub fn stderr(s: &str) -> anyhow::Result<()> {
    write_all(anstream::stderr().lock(), s.as_bytes())
}
