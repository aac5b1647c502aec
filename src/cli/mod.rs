//! The command line: clap types live here and nowhere else. Each subcommand's file turns its
//! arguments into options, calls the core, and hands the result to a renderer.

mod diff;
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
    /// Check the roadmap files: syntax, schema and rules (exit 1 on findings)
    Validate(validate::ValidateArgs),
    /// Show what changed in meaning between two revisions (milestones done, slips, indicator values)
    Diff(diff::DiffArgs),
    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
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
        let (raw, findings) = crate::load::read_dir(&self.dir)?;
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
