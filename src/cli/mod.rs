//! The command line: clap types live here and nowhere else. Each subcommand's file turns its
//! arguments into options, calls the core, and hands the result to a renderer.
//!
//! This layer is also the only one that reads the outside world's state: the clock (once per run,
//! in [`Ctx`]), the environment (locale, `COLUMNS`, `ROADMAP_DIR`) and the terminal.
//!
//! [`Ctx`]: crate::cli::Ctx

mod apply;
mod complete;
mod diff;
mod fmt;
mod form;
mod help;
mod import;
mod log;
mod man;
mod record;
mod report;
mod schema;
mod status;
mod unanswered;
mod usage;
mod validate;
mod values;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

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

/// The heading the global options are listed under in every `--help`.
const GLOBAL: &str = "Global options";

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The roadmap directory (holds roadmap.toml and items/) [default: found from the current
    /// directory upwards, as git finds a repository: ./roadmap, or the one you are in]
    #[arg(
        long,
        global = true,
        env = "ROADMAP_DIR",
        value_name = "PATH",
        help_heading = GLOBAL
    )]
    pub dir: Option<PathBuf>,
    /// The language of the output [default: the plan's `lang`, else the locale]
    #[arg(long, global = true, value_enum, ignore_case = true, env = "ROADMAP_LANG", help_heading = GLOBAL)]
    pub lang: Option<LangArg>,
    /// When to colour the output; `auto` colours a terminal unless NO_COLOR is set
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: ColorWhen,
    /// Print only ASCII around the data's own text: no box drawing, marks or ellipses (for
    /// terminals that draw ambiguous-width characters double)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub ascii: bool,
    /// How dates are written for people: `japanese` (令和6年3月31日 in Japanese output) or `iso`
    /// (2024-03-31); JSON and machine columns are always ISO
    #[arg(long, global = true, value_enum, default_value_t = DateStyle::Japanese, value_name = "STYLE", help_heading = GLOBAL)]
    pub date_style: DateStyle,
    /// The day to evaluate the roadmap on (2024-03-31, 令和6年3月31日, R6.3.31) [default: today in the plan's time zone]
    #[arg(long, global = true, value_name = "DATE", value_parser = values::date, help_heading = GLOBAL)]
    pub as_of: Option<NaiveDate>,
}

/// `--date-style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DateStyle {
    Japanese,
    Iso,
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
    /// Show the semantic history from git: who changed what, and when (or --burnup: progress over time)
    Log(log::LogArgs),
    /// Record progress: reports, schedule changes, indicator values (edits files in place)
    Record(record::RecordArgs),
    /// Make the progress form (照会票) a 部局 fills in: XLSX, or CSV
    Form(form::FormArgs),
    /// Read a filled-in form back and record its answers (checked first; all files or none)
    Import(import::ImportArgs),
    /// Rewrite the roadmap files in the one canonical layout (meaning unchanged)
    Fmt(fmt::FmtArgs),
    /// Print the JSON Schema of the files, for editors (VS Code with Even Better TOML, taplo)
    Schema(schema::SchemaArgs),
    /// Print the manual page (roff), or write every page into a directory
    Man(man::ManArgs),
    /// Print the shell script that completes commands, item and milestone ids, states, themes
    #[command(
        after_help = "Install (the script asks `roadmap` for ids when you press Tab, so they are always current):
  bash        echo 'source <(roadmap completions bash)' >> ~/.bashrc
  zsh         echo 'source <(roadmap completions zsh)' >> ~/.zshrc
  fish        roadmap completions fish > ~/.config/fish/completions/roadmap.fish
  PowerShell  roadmap completions powershell | Out-String | Invoke-Expression   (add to $PROFILE)
  elvish      eval (roadmap completions elvish | slurp)

The same script comes from `COMPLETE=<shell> roadmap`."
    )]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}

/// `--format` of the commands that show changes (`diff`, `log`).
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ChangeFormat {
    #[value(alias = "table")]
    Human,
    #[value(alias = "md")]
    Markdown,
    Json,
}

/// `--lang`: the language of the interface's words.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

/// What a run knows of the world, read once: the global options, the clock, the language and
/// where the roadmap is.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub global: &'a Global,
    /// Now, by the clock (or `ROADMAP_NOW`, the tests' fixed clock); its day depends on the plan's
    /// time zone.
    pub now: Clock,
    pub lang: Lang,
    /// The roadmap directory, to read and write (as given, or discovered).
    pub dir: PathBuf,
    /// The same directory as users are shown it: relative to the repository root.
    pub shown: PathBuf,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

impl Ctx<'_> {
    /// The history engine over this roadmap directory.
    pub fn history(&self) -> crate::history::History {
        crate::history::History::new(&self.dir, &self.shown)
    }

    /// The data's commit, worded, when the roadmap is in git: a report or form made from it says
    /// what it read.
    pub fn revision(&self) -> Option<String> {
        let mut history = self.history();
        let head = history.resolve("HEAD").ok()?;
        let commit = head.get(..12).unwrap_or(&head).to_owned();
        // A paper must not pass edits nobody committed for the commit it names.
        let changed = history.has_changes().unwrap_or(true);
        Some(self.lang.msg(&Msg::WorkTreeAt { commit, changed }))
    }

    /// Reads the roadmap directory from disk.
    pub fn read_dir(&self) -> anyhow::Result<crate::load::DirRead> {
        crate::load::read_dir(&self.dir, &self.shown)
    }

    /// Reads and checks the roadmap as it is in the working tree, or at a git revision (read from
    /// git objects; the working tree and index are not touched).
    pub fn analyze_at(&self, rev: Option<&str>) -> anyhow::Result<Analysis> {
        self.history().analyze_at(rev, self.now)
    }

    /// The day to evaluate on: `--as-of`, else today in the plan's time zone.
    pub fn as_of(&self, analysis: &Analysis) -> NaiveDate {
        self.global.as_of.unwrap_or(analysis.today)
    }

    /// How terminal views are drawn: language, `--ascii`, the terminal's width, and colour when
    /// `color` allows it (a view for a terminal, not a data format) and stdout takes it.
    pub fn view(&self, color: bool) -> crate::render::status::View {
        crate::render::status::View {
            lang: self.lang,
            ascii: self.global.ascii,
            color: color && color_stdout(),
            width: term_width(),
        }
    }

    /// "Today" for checking a roadmap: `--as-of` when given (validate and diff check as of it),
    /// else the clock.
    pub fn check_clock(&self) -> Clock {
        self.global.as_of.map_or(self.now, Clock::Day)
    }
}

/// The width to fit tables to: `COLUMNS`, else the terminal's, else (piped, `status | head`) the
/// terminal the user reads it on, else (no terminal at all: CI, cron) 120.
pub fn term_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| comfy_table::Table::new().width())
        .or_else(controlling_terminal_width)
        .unwrap_or(120)
        .max(40)
}

/// The width of the process's controlling terminal (`/dev/tty`), whatever stdout is.
fn controlling_terminal_width() -> Option<u16> {
    let tty = std::fs::File::open("/dev/tty").ok()?;
    terminal_size::terminal_size_of(&tty).map(|(w, _)| w.0)
}

/// Human output fitted to the terminal: the tool's long lines wrapped by the Japanese rules under
/// a hanging indent; a finding's source, caret and location lines stay as drawn (rustc-like).
pub fn fitted(s: &str) -> String {
    crate::text::fit(
        s,
        usize::from(term_width()),
        crate::render::diagnostics::is_drawn,
    )
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

/// The roadmap directory: `--dir` (or `ROADMAP_DIR`), else found from `cwd` upwards, else
/// `roadmap` (whose absence the reader then reports).
fn roadmap_dir(given: Option<&Path>, cwd: &Path) -> PathBuf {
    given
        .map(Path::to_owned)
        .or_else(|| crate::load::discover(cwd))
        .unwrap_or_else(|| PathBuf::from("roadmap"))
}

/// The language: `--lang` (or `ROADMAP_LANG`), else the plan's `lang`, else the `lang` of the
/// plan a command reads instead (`diff --no-index`'s new side, run outside any roadmap), else the
/// locale.
fn language(arg: Option<LangArg>, dir: &Path, compared: Option<&Path>) -> Lang {
    arg.map(Lang::from)
        .or_else(|| plan_language(dir))
        .or_else(|| compared.and_then(plan_language))
        .unwrap_or_else(|| Lang::from_locale(&locale()))
}

/// The `lang` of the plan in `dir`. Asked before the command line is parsed and again after,
/// mostly of the same directory: the plan is read once for both.
fn plan_language(dir: &Path) -> Option<Lang> {
    static LAST: std::sync::Mutex<Option<(PathBuf, Option<Lang>)>> = std::sync::Mutex::new(None);
    let mut last = LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((seen, lang)) = last.as_ref()
        && seen == dir
    {
        return *lang;
    }
    let lang = crate::load::plan_lang(dir).and_then(|l| Lang::parse(&l));
    *last = Some((dir.to_owned(), lang));
    lang
}

/// An option's value as typed (`--dir PATH` or `--dir=PATH`), read before clap parses the line.
fn typed_value(args: &[std::ffi::OsString], flag: &str) -> Option<String> {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == flag {
            return it.next().map(str::to_owned);
        }
        if let Some(v) = a.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
            return Some(v.to_owned());
        }
    }
    None
}

/// The roadmap directory a command line names before it is parsed: `--dir`, else
/// `ROADMAP_DIR`, else as [`roadmap_dir`] finds it.
fn typed_dir(args: &[std::ffi::OsString], cwd: &Path) -> PathBuf {
    let dir = typed_value(args, "--dir")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("ROADMAP_DIR").map(PathBuf::from));
    roadmap_dir(dir.as_deref(), cwd)
}

/// The language before the command line is parsed (its usage errors are worded in it): from the
/// arguments as typed, then as [`language`].
fn early_language(args: &[std::ffi::OsString], cwd: &Path) -> Lang {
    let arg = typed_value(args, "--lang")
        .or_else(|| std::env::var("ROADMAP_LANG").ok())
        .and_then(|l| Lang::parse(&l));
    arg.unwrap_or_else(|| language(None, &typed_dir(args, cwd), None))
}

/// Runs the command line; the process exits with what it returns.
pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    values::set_lang(early_language(&args, &cwd));
    // A shell asking for completions (`COMPLETE=bash roadmap -- roadmap status 1-`) is answered
    // here, and the process ends.
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
    // `--help` and usage errors in the language known before parsing.
    let parsed = help::command(values::lang())
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = usage::print(&e, values::lang());
            return ExitCode::from(code);
        }
    };
    anstream::ColorChoice::write_global(match cli.global.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    let dir = roadmap_dir(cli.global.dir.as_deref(), &cwd);
    let compared = match &cli.command {
        Command::Diff(args) => args.compared_dir(),
        _ => None,
    };
    let lang = language(cli.global.lang, &dir, compared);
    crate::render::dates::set_iso(cli.global.date_style == DateStyle::Iso);
    crate::i18n::glyph::set_ascii(cli.global.ascii);
    let cx = Ctx {
        global: &cli.global,
        now: now(),
        lang,
        shown: crate::load::shown_dir(&dir, &cwd),
        dir,
    };
    let result = match &cli.command {
        Command::Status(args) => status::run(&cx, args),
        Command::Report(args) => report::run(&cx, args),
        Command::Validate(args) => validate::run(&cx, args),
        Command::Diff(args) => diff::run(&cx, args),
        Command::Log(args) => log::run(&cx, args),
        Command::Record(args) => record::run(&cx, args),
        Command::Form(args) => form::run(&cx, args),
        Command::Import(args) => import::run(&cx, args),
        Command::Fmt(args) => fmt::run(&cx, args),
        Command::Schema(args) => schema::run(&cx, args),
        Command::Man(args) => man::run(&cx, args),
        Command::Completions { shell } => completions(*shell),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let lang = cx.lang;
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
            let _ = stderr(&fitted(&out));
            ExitCode::from(2)
        }
    }
}

/// The registration script of clap_complete's dynamic completion for `shell`: it calls
/// `roadmap` back with `COMPLETE` set, so candidates come from the roadmap at the time of `<Tab>`.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let Some(completer) = shells.completer(&name) else {
        anyhow::bail!("no completion for {name}");
    };
    let mut out = Vec::new();
    completer.write_registration("COMPLETE", "roadmap", "roadmap", "roadmap", &mut out)?;
    stdout_bytes(&out).map(|()| ExitCode::SUCCESS)
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
    let errors = blocking.len();
    refuse(analysis, &blocking, &Msg::RefuseInvalid { errors }, lang).map(Some)
}

/// Prints the findings that stop a command, then why (`msg`) as an error, to stderr: exit 1.
pub fn refuse(
    analysis: &Analysis,
    findings: &[&crate::diagnostic::Finding],
    msg: &Msg,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    for f in findings {
        out.push_str(&crate::render::diagnostics::human_one(analysis, f, lang));
        out.push('\n');
    }
    let s = crate::render::style::ERROR;
    out.push_str(&format!("{s}{}{s:#}: {}\n", lang.t().error, lang.msg(msg)));
    stderr(&fitted(&out))?;
    Ok(ExitCode::from(1))
}

fn write_all(mut out: impl Write, bytes: &[u8]) -> anyhow::Result<()> {
    printed(out.write_all(bytes).and_then(|()| out.flush()))
}

/// The outcome of writing to a standard stream, worded.
fn printed(written: std::io::Result<()>) -> anyhow::Result<()> {
    match written {
        // A closed pipe (`roadmap status | head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Msg::CannotWriteStdout { cause: e.into() }.into())
        }
        _ => Ok(()),
    }
}

/// Writes what `fill` writes to `target` and returns what it returns: a file through the writer
/// as it is written, or standard output once whole (a render that fails prints nothing), held
/// until then in a temporary file past a few megabytes. A large report is never held in memory.
pub fn output<T>(
    target: &crate::writer::Target,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    use crate::writer::{self, Expect, Target};
    match target {
        Target::File(path) => writer::write_with(path, Expect::Anything, fill),
        Target::Stdout => {
            let (done, mut whole) = writer::spooled(fill)?;
            let mut out = std::io::stdout().lock();
            printed(std::io::copy(&mut whole, &mut out).and_then(|_| out.flush()))?;
            Ok(done)
        }
    }
}

/// Leaves a whole roadmap's data to the end of the process instead of freeing it: freeing 10,000
/// items' allocations one by one took 15–45 ms of a run, and the system takes the pages back at
/// once. Only for plain data (no files, locks or processes whose drop does something).
pub fn keep_until_exit<T>(data: T) {
    std::mem::forget(data);
}

/// Writes text to stdout (colour stripped as configured), no line of it a workflow command for
/// the CI log that may show it ([`escape::ci_log`](crate::render::escape::ci_log)).
pub fn stdout(s: &str) -> anyhow::Result<()> {
    stdout_commands(&crate::render::escape::ci_log(s))
}

/// Writes JSON to stdout, `##[` in its strings written `##\u005b` for a CI log.
pub fn stdout_json(s: &str) -> anyhow::Result<()> {
    stdout_commands(&crate::render::escape::ci_log_json(s))
}

/// [`stdout_json`] when the output is JSON, else [`stdout`].
pub fn stdout_as(s: &str, json: bool) -> anyhow::Result<()> {
    if json { stdout_json(s) } else { stdout(s) }
}

/// Writes text to stdout as it is: workflow commands meant as such (`validate --format github`,
/// whose renderer made the data in them inert).
pub fn stdout_commands(s: &str) -> anyhow::Result<()> {
    // Text without an escape sequence (JSON, Markdown, anything drawn without colour) has nothing
    // to strip: scanning a large log or report for one costs more than writing it.
    if !s.as_bytes().contains(&0x1b) {
        return write_all(std::io::stdout().lock(), s.as_bytes());
    }
    write_all(anstream::stdout().lock(), s.as_bytes())
}

/// `text` as standard output shows it: without its escape sequences when it gets no colour. It
/// is what [`stdout`] does as it writes, done ahead where the text is made on all cores.
pub fn as_shown(text: String, color: bool) -> String {
    if color || !text.contains('\x1b') {
        return text;
    }
    anstream::adapter::strip_str(&text).to_string()
}

/// Writes bytes to stdout as they are, for data formats (HTML, CSV, xlsx) that colour handling
/// must not touch.
pub fn stdout_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    write_all(std::io::stdout().lock(), bytes)
}

/// Messages as lines labelled (`警告: …`, `error: …`) in the label's style, for stderr.
pub fn said(lang: Lang, label: &str, style: anstyle::Style, msgs: &[Msg]) -> String {
    msgs.iter()
        .map(|m| format!("{style}{label}{style:#}: {}\n", lang.msg(m)))
        .collect()
}

/// Writes to stderr, like [`stdout`].
pub fn stderr(s: &str) -> anyhow::Result<()> {
    let s = crate::render::escape::ci_log(s);
    write_all(anstream::stderr().lock(), s.as_bytes())
}
