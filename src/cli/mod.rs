//! The command line: clap types live here and nowhere else. Each subcommand's file turns its
//! arguments into options, calls the core, and hands the result to a renderer.

mod diff;
mod report;
mod status;
mod validate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::Analysis;

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
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
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
    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}

/// `--lang`: the language of the interface's labels.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

/// The label language: the option, else the locale (LC_ALL, LC_MESSAGES, LANG).
pub fn lang(arg: Option<LangArg>) -> crate::render::labels::Lang {
    use crate::render::labels::Lang;
    match arg {
        Some(LangArg::Ja) => Lang::Ja,
        Some(LangArg::En) => Lang::En,
        None => {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            Lang::from_locale(&locale)
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date as YYYY-MM-DD, e.g. 2024-03-31"))
}

impl Global {
    /// The as-of date: the option, or today (the only place that reads the clock).
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Reads and checks the roadmap directory.
    pub fn analyze(&self) -> anyhow::Result<Analysis> {
        self.analyze_at(None)
    }

    /// Reads and checks the roadmap directory as it is in the working tree, or at a git revision
    /// (read from git objects; the working tree and index are not touched).
    pub fn analyze_at(&self, rev: Option<&str>) -> anyhow::Result<Analysis> {
        let (raw, findings) = match rev {
            None => crate::load::read_dir(&self.dir)?,
            Some(rev) => {
                let cwd = std::env::current_dir().context("cannot read the current directory")?;
                crate::git::Repo::open(&cwd)?.read_roadmap_at(rev, &self.dir)?
            }
        };
        Ok(crate::analyze(raw, findings, self.as_of()))
    }
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
    let result = match &cli.command {
        Command::Status(args) => status::run(&cli.global, args),
        Command::Report(args) => report::run(&cli.global, args),
        Command::Validate(args) => validate::run(&cli.global, args),
        Command::Diff(args) => diff::run(&cli.global, args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "roadmap", &mut out);
            stdout(&String::from_utf8_lossy(&out)).map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let mut err = anstream::stderr();
            let s = crate::render::style::ERROR;
            let _ = writeln!(
                err,
                "{s}error{s:#}: {}",
                crate::text::terminal_safe(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// Commands that need a valid roadmap refuse an invalid one: they print its errors to stderr and
/// return exit code 1, pointing at `roadmap validate`.
///
/// A milestone done after the as-of date is not refused: looking back in time, it is simply not
/// done yet (`validate` still reports it, as there the as-of date is "today").
pub fn refuse_invalid(analysis: &Analysis) -> anyhow::Result<Option<ExitCode>> {
    use crate::diagnostic::{Code, Severity};
    let blocking: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code != Code::DoneInFuture)
        .collect();
    if blocking.is_empty() {
        return Ok(None);
    }
    let mut out = String::new();
    for f in &blocking {
        out.push_str(&crate::render::diagnostics::human_one(analysis, f));
        out.push('\n');
    }
    let s = crate::render::style::ERROR;
    out.push_str(&format!(
        "{s}error{s:#}: the roadmap has {} error(s); fix them first (`roadmap validate` lists them)\n",
        blocking.len()
    ));
    stderr(&out)?;
    Ok(Some(ExitCode::from(1)))
}

/// Writes to stdout (colour stripped as configured). A closed pipe (`roadmap status | head`) is
/// not an error.
pub fn stdout(s: &str) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to stdout")
        }
        _ => Ok(()),
    }
}

/// Writes bytes to stdout as they are, for data formats (HTML, CSV, xlsx) that colour handling
/// must not touch. A closed pipe is not an error.
pub fn stdout_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to stdout")
        }
        _ => Ok(()),
    }
}

/// Writes to stderr, like [`stdout`].
pub fn stderr(s: &str) -> anyhow::Result<()> {
    let mut out = anstream::stderr().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to stderr")
        }
        _ => Ok(()),
    }
}
