//! The report's tables, built once as typed cells; `md`, `html`, `csv` and `xlsx` only write them.
//!
//! A [`Cell`] says what a value is (a count, a state, a FY span, a milestone, a date…), not how it
//! looks; each format writes every kind of cell its own way (Markdown escapes, HTML through the
//! auto-escaping template, CSV with formula neutralisation, the workbook as typed cells). The
//! headers are worded here, once, in the report's language.

pub mod csv;
pub mod html;
pub mod md;
pub mod xlsx;

use std::borrow::Cow;
use std::path::Path;

use chrono::NaiveDate;

use crate::attainment::Attainment;
use crate::i18n::{Lang, Msg};
use crate::model::{Fy, Report as ProgressReport, Reported, Val};
use crate::render::theme;
use crate::report::{Column, Columns, ItemReport, MilestoneReport, Report};
use crate::status::{MilestoneStanding, Rollup, State};
use crate::text::number;
use crate::timing::End;

/// The file format of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    Xlsx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// The format to write: `given` (`--format`), else the extension of `file` (`-o`; `None` or
    /// `-` is stdout, Markdown). A file needs an extension that names a format, and the same as
    /// `given`: `-o r.pdf` or `-o r` must not write Markdown into a file every reader takes for
    /// something else.
    pub fn of_output(given: Option<Self>, file: Option<&Path>) -> Result<Self, Msg> {
        let Some(file) = file.filter(|p| p.as_os_str() != "-") else {
            return Ok(given.unwrap_or(Self::Markdown));
        };
        let path = || file.display().to_string();
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let by_ext = match ext.as_deref() {
            None if given.is_some() => given,
            None => return Err(Msg::NoExtension { path: path() }),
            Some("md" | "markdown") => Some(Self::Markdown),
            Some("html" | "htm") => Some(Self::Html),
            Some("csv") => Some(Self::Csv),
            Some("xlsx") => Some(Self::Xlsx),
            Some(other) => {
                return Err(Msg::UnknownExtension {
                    path: path(),
                    ext: other.to_owned(),
                });
            }
        };
        match (given, by_ext) {
            (Some(f), Some(e)) if f != e => Err(Msg::ExtensionMismatch {
                path: path(),
                format: f.name().to_owned(),
            }),
            (_, e) => Ok(e.unwrap_or(Self::Markdown)),
        }
    }
}

/// What `report` writes: the format and which part of the report.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub format: Format,
    /// The one-page summary instead of the whole report.
    pub summary: bool,
    /// The CSV table (CSV only; the items by default).
    pub table: Option<csv::List>,
    /// `--since` was given: the report carries what changed since.
    pub since: bool,
}

/// What writing a report found: how many texts were cut to a spreadsheet cell's limit.
#[derive(Debug)]
pub struct Rendered {
    pub cut: usize,
}

impl Rendered {
    /// The warning to print when texts were cut to a spreadsheet cell's limit.
    pub fn warning(&self, lang: Lang) -> Option<String> {
        let max = xlsx::MAX_CELL_CHARS;
        (self.cut > 0).then(|| {
            let cut = lang.msg(&Msg::CellsCut {
                cells: self.cut,
                max,
            });
            format!("{}: {cut}\n", lang.t().warning)
        })
    }
}

impl Options {
    /// Refuses combinations that would silently drop what was asked for.
    pub fn check(&self) -> Result<(), Msg> {
        let csv = self.format == Format::Csv;
        if self.table.is_some() && !csv {
            return Err(Msg::OnlyWithFormat {
                option: "--table".into(),
                format: "csv".into(),
            });
        }
        if self.summary && csv {
            return Err(Msg::OnlyWithFormat {
                option: "--summary".into(),
                format: "markdown, html, xlsx".into(),
            });
        }
        // A CSV is one table: the changes since are their own (`--table since`), never dropped.
        let since = self.table == Some(csv::List::Since);
        if since && !self.since {
            return Err(Msg::NeedsOption {
                option: "--table since".into(),
                needs: "--since".into(),
            });
        }
        if csv && self.since && !since {
            return Err(Msg::NeedsOption {
                option: "--since (--format csv)".into(),
                needs: "--table since".into(),
            });
        }
        Ok(())
    }

    /// Writes the report in the chosen format.
    /// Writes the report to `out`; the HTML page as it is rendered, the others once built.
    pub fn render(
        &self,
        r: &Report<'_>,
        lang: Lang,
        out: &mut (dyn std::io::Write + Send),
    ) -> anyhow::Result<Rendered> {
        let mut cut = 0;
        match (self.format, self.summary) {
            (Format::Markdown, true) => out.write_all(md::render_summary(r, lang).as_bytes())?,
            (Format::Markdown, false) => md::write(r, lang, out)?,
            (Format::Html, true) => out.write_all(html::render_summary(r, lang)?.as_bytes())?,
            (Format::Html, false) => html::render(r, lang, out)?,
            (Format::Csv, _) => {
                let table = self.table.unwrap_or(csv::List::Items);
                csv::write(r, table, lang, out)?;
            }
            (Format::Xlsx, summary) => {
                cut = save_watched(out, |out| {
                    if summary {
                        xlsx::render_summary(r, lang, out)
                    } else {
                        xlsx::render(r, lang, out)
                    }
                })?;
            }
        }
        Ok(Rendered { cut })
    }
}

/// The output, keeping the first write to it that failed: the workbook library streams into it
/// and would wrap that error among its own (and its zip writer, dropped unfinished, prints to
/// stderr), while a full disk is to be worded as the output's. Once a write has failed, the rest
/// of the workbook is made and let go.
pub(crate) struct Watched<'a> {
    out: &'a mut (dyn std::io::Write + Send),
    failed: Option<std::io::Error>,
}

/// Writes a workbook into `out` through [`Watched`]: a failed write comes back as the I/O error
/// it was, for the writer to word as its file's; any other error as the library's.
pub(crate) fn save_watched<T>(
    out: &mut (dyn std::io::Write + Send),
    save: impl FnOnce(&mut Watched<'_>) -> Result<T, rust_xlsxwriter::XlsxError>,
) -> anyhow::Result<T> {
    let mut out = Watched { out, failed: None };
    let saved = save(&mut out);
    if let Some(io) = out.failed {
        return Err(io.into());
    }
    saved.map_err(|e| {
        Msg::Render {
            what: "workbook".into(),
            cause: e.to_string(),
        }
        .into()
    })
}

impl std::io::Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_none() {
            self.failed = self.out.write_all(buf).err();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed.is_none() {
            self.failed = self.out.flush().err();
        }
        Ok(())
    }
}

/// One value of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Empty,
    /// Text (the data's, or a label): escaped by each writer for where it goes.
    Text(Cow<'a, str>),
    /// A group's label: bold where the format has bold.
    Strong(Cow<'a, str>),
    /// An interface note in place of data (e.g. "no schedule published"): italic.
    Note(&'static str),
    Count(usize),
    /// `done` of `total`.
    Fraction(usize, usize),
    /// A share, 0–100; `None`: nothing to count.
    Percent(Option<f64>),
    Date(Option<NaiveDate>),
    /// A fiscal year as a number (machine columns).
    Fy(Fy),
    /// A milestone's span: its first FY and its end in words (never a FY the file did not write),
    /// with "every FY" for 毎年度 milestones.
    Span {
        from: Fy,
        // Boxed, as the milestone below: a table holds a cell per column of every row, and the
        // largest variant sets every cell's size (208 bytes, 150 MB of the milestone list's
        // cells on 10,000 items).
        end: Box<End>,
        every_year: bool,
    },
    /// A number the data holds (an indicator value); `None`: no data, never zero.
    Number(Option<f64>),
    /// An indicator's actual / target for one FY.
    ActualTarget(Option<&'a Val>, Option<f64>),
    State(State),
    /// What a report says (`None`: a note).
    Reported(Option<Reported>),
    Attainment(Attainment),
    /// A milestone in the roadmap table.
    Milestone(Box<MilestoneCell<'a>>),
    /// A milestone's text after its track (取組), if it has one.
    Tracked(Option<&'a str>, &'a str),
    /// Several texts, one per line.
    Lines(Vec<Cow<'a, str>>),
    /// A machine code (`overdue`, `due_this_fy`): written as it is.
    Code(&'static str),
    /// A yes/no column: `1` or empty.
    Flag(bool),
}

/// A milestone as the roadmap table shows it: the same in every format.
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneCell<'a> {
    pub state: State,
    pub track: Option<&'a str>,
    pub text: &'a str,
    pub every_year: bool,
    /// The source's words for an end that is not a plain FY (目途, まで, 継続): a table must not
    /// read them as a FY deadline.
    pub timing: Option<&'a str>,
    /// The end in force when it is not a plain FY: worded beside the source's words (an
    /// approximate point always says 目途).
    pub end: Option<End>,
    /// The day it was reported done.
    pub done_on: Option<NaiveDate>,
    /// Its schedule differs from the published plan (which the cell's columns no longer show).
    pub planned: Option<(Fy, End)>,
    /// A 毎年度 milestone's rounds reported done, of all its rounds, while some are and some are
    /// not: the cell's one state (実施期間中) does not say that rounds are done.
    pub rounds_done: Option<(usize, usize)>,
}

impl<'a> MilestoneCell<'a> {
    pub fn of(m: &'a MilestoneReport<'a>) -> Self {
        let ms = m.milestone;
        let st = m.standing;
        Self {
            state: m.state,
            track: ms.track.as_ref().map(|t| t.value.as_str()),
            text: &ms.text.value,
            every_year: ms.every_year,
            // The source's words are the published plan's: once rescheduled, the cell says the
            // end in force and the published plan beside it.
            timing: (!st.rescheduled())
                .then(|| ms.timing_text.as_ref().map(|t| t.value.as_str()))
                .flatten(),
            end: (st.end.kind != crate::timing::Kind::Fy).then(|| st.end.clone()),
            done_on: done_on(st),
            planned: st
                .rescheduled()
                .then(|| (st.planned_from, st.planned_end().clone())),
            rounds_done: st.rounds.as_ref().and_then(|rounds| {
                let done = rounds.iter().filter(|r| r.state == State::Done).count();
                (done > 0 && done < rounds.len()).then_some((done, rounds.len()))
            }),
        }
    }
}

/// A milestone cell in words, the same in every format and order: the state's mark, the track
/// (取組) in square brackets, the text, then the extras — 毎年度, the source's timing words, the
/// published plan when the schedule moved, the day it was done. Writers only join and escape.
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneParts<'a> {
    pub mark: String,
    pub track: Option<String>,
    pub text: &'a str,
    pub extras: Vec<String>,
}

impl MilestoneParts<'_> {
    /// The track and the text: `［取組］ 工程`.
    pub fn tracked(&self) -> String {
        match &self.track {
            Some(t) => format!("{t} {}", self.text),
            None => self.text.to_owned(),
        }
    }
}

/// A table cell's timing, for an end that is not a plain FY, in parts each set aside: the source's
/// words, then the end in words when it says more (an approximate point always says 目途), its
/// brackets made inner ones.
pub fn timing_parts(words: Option<&str>, end: &End, lang: Lang) -> Vec<String> {
    let label = lang.nested(&lang.end(end, None));
    match words {
        // The source's 目途 says it is approximate; its point is in the milestone's record.
        Some(w) if end.is_approx() && w.contains(lang.t().approx) => vec![w.to_owned()],
        Some(w) if w == label => vec![label],
        Some(w) => vec![w.to_owned(), label],
        None => vec![label],
    }
}

/// The parts of a milestone cell (see [`MilestoneParts`]).
pub fn milestone_parts<'a>(m: &MilestoneCell<'a>, lang: Lang) -> MilestoneParts<'a> {
    let t = lang.t();
    let mut extras = Vec::new();
    if m.every_year {
        extras.push(t.every_year.to_owned());
    }
    if let Some((done, of)) = m.rounds_done {
        extras.push(lang.rounds_done(done, of));
    }
    if let Some(end) = &m.end {
        extras.extend(timing_parts(m.timing, end, lang));
    }
    if let Some((from, end)) = &m.planned {
        let span = lang.nested(&lang.end_span(*from, end, false));
        extras.push(format!("{}: {span}", t.planned_plan));
    }
    if let Some(d) = m.done_on {
        extras.push(format!("{} {}", t.done_on, date_label(d, lang)));
    }
    MilestoneParts {
        mark: mark_before(m.state, m.text, lang),
        track: m.track.map(|tr| track_label(tr, lang)),
        text: m.text,
        extras,
    }
}

/// A track (取組) as every format shows it: `［track］` in Japanese, `[track]` in English.
pub fn track_label(track: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("［{track}］"),
        Lang::En => format!("[{track}]"),
    }
}

/// `［track］ text` for a milestone's text after its track, if it has one.
pub fn tracked_label(track: Option<&str>, text: &str, lang: Lang) -> String {
    match track {
        Some(tr) => format!("{} {text}", track_label(tr, lang)),
        None => text.to_owned(),
    }
}

/// An item's notes as a report shows them: the source's, then, with `--include-notes`, the
/// transcriber's (転記注), marked as such.
pub fn item_notes(r: &Report<'_>, item: &ItemReport<'_>, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = item.item.notes.iter().map(|n| n.value.clone()).collect();
    if r.include_notes {
        let t = lang.t();
        out.extend(
            item.item
                .transcription_notes
                .iter()
                .map(|n| format!("{}: {}", t.transcription_note, n.value)),
        );
    }
    out
}

/// The day a milestone was reported done (its last round, for 毎年度).
pub fn done_on(st: &MilestoneStanding) -> Option<NaiveDate> {
    (st.state == State::Done)
        .then(|| {
            st.reports
                .iter()
                .filter(|r| r.status.as_ref().is_some_and(|s| s.value == Reported::Done))
                .map(|r| r.on.value)
                .max()
        })
        .flatten()
}

/// How a row stands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Plain,
    Total,
    Category,
    Subcategory,
    Theme,
    /// A milestone's row, coloured by its state.
    Milestone(State),
}

#[derive(Clone, Debug)]
pub struct Row<'a> {
    pub kind: RowKind,
    pub cells: Vec<Cell<'a>>,
}

impl<'a> Row<'a> {
    pub fn plain(cells: Vec<Cell<'a>>) -> Self {
        Self {
            kind: RowKind::Plain,
            cells,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Table<'a> {
    pub headers: Vec<String>,
    pub rows: Vec<Row<'a>>,
}

/// A table's headers: the catalog's words, owned.
fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn text<'a>(s: &'a str) -> Cell<'a> {
    Cell::Text(Cow::Borrowed(s))
}

fn owned<'a>(s: String) -> Cell<'a> {
    Cell::Text(Cow::Owned(s))
}

// ---- Words shared by the writers.

/// A column of the roadmap table, labelled: the plan's own label for a column it defines.
pub fn column_label(c: Column<'_>, lang: Lang) -> String {
    match c {
        Column::Fy(fy) => lang.fy_short(fy),
        Column::After => lang.t().after.to_owned(),
        Column::Defined(d) => d.label.value.clone(),
    }
}

/// Each slot's label for a header of one row: the column's, and its part after `sep`
/// (`2025年度 上期`).
pub fn slot_labels(cols: &Columns<'_>, sep: &str, lang: Lang) -> Vec<String> {
    (0..cols.slots)
        .map(|slot| {
            let (c, part) = cols.slot(slot);
            let label = cols
                .list
                .get(c)
                .map(|col| column_label(*col, lang))
                .unwrap_or_default();
            match part.and_then(|k| cols.parts(c).get(k)) {
                Some(p) => format!("{label}{sep}{}", p.value),
                None => label,
            }
        })
        .collect()
}

/// The roadmap table's header in rows, for the formats that merge cells: the phase band (runs of
/// slots, named or not; empty when the plan has no phases), the columns (label, slots), and the
/// parts (one per slot, empty under a column without parts; none when no column has parts).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GridHead {
    pub phases: Vec<(usize, Option<String>)>,
    pub columns: Vec<HeadColumn>,
    pub parts: Vec<String>,
}

/// A column of the header: its label, how many slots it spans, whether it has parts.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct HeadColumn {
    pub label: String,
    pub span: usize,
    pub parts: bool,
}

pub fn grid_head(cols: &Columns<'_>, lang: Lang) -> GridHead {
    let phases = if cols.phases.is_empty() {
        Vec::new()
    } else {
        cols.phase_runs()
            .into_iter()
            .map(|(_, n, p)| (n, p.map(|p| p.name.to_owned())))
            .collect()
    };
    let columns = cols
        .list
        .iter()
        .enumerate()
        .map(|(k, c)| HeadColumn {
            label: column_label(*c, lang),
            span: cols.width(k),
            parts: !cols.parts(k).is_empty(),
        })
        .collect();
    let parts = if cols.has_parts() {
        (0..cols.slots)
            .map(|slot| {
                let (c, part) = cols.slot(slot);
                part.and_then(|k| cols.parts(c).get(k))
                    .map(|p| p.value.clone())
                    .unwrap_or_default()
            })
            .collect()
    } else {
        Vec::new()
    };
    GridHead {
        phases,
        columns,
        parts,
    }
}

/// `▲ 遅延`.
pub fn state_label(s: State, lang: Lang) -> String {
    format!("{} {}", theme::mark(s, false), lang.state(s))
}

/// `2022年度〜2024年度（毎年度）`, `2025年度〜令和8年8月目途`, `2025年度〜（期限なし）`.
pub fn span_label(from: Fy, end: &End, every_year: bool, lang: Lang) -> String {
    lang.end_span(from, end, every_year)
}

/// When the next milestone is due, as every view says it: its `due` date, else its end in words
/// (`令和7年度第3四半期`, not the FY it falls in).
pub fn next_due_label(n: &crate::status::NextMilestone, lang: Lang) -> String {
    n.due
        .map_or_else(|| lang.end(&n.end, None), |d| date_label(d, lang))
}

/// A percentage of milestones done, `42.9%`, or the "none" sign.
pub fn percent_label(p: Option<f64>, lang: Lang) -> String {
    p.map_or_else(|| lang.t().none.to_owned(), |p| format!("{p:.1}%"))
}

/// A date as `2023-03-31`.
/// A date for people: 令和6年3月31日 in Japanese (unless `--date-style iso`), ISO in English.
pub fn date_label(d: NaiveDate, lang: Lang) -> String {
    crate::render::dates::date(d, lang)
}

/// `12.5 / 50`, a dash for what is missing.
pub fn actual_target_label(actual: Option<&Val>, target: Option<f64>, lang: Lang) -> String {
    let none = lang.t().none;
    if actual.is_none() && target.is_none() {
        return none.to_owned();
    }
    let a = actual.map_or_else(|| none.to_owned(), Val::shown);
    let t = target.map_or_else(|| none.to_owned(), number);
    format!("{a} / {t}")
}

/// A report on one line: `2023-06-30 実施中: 3部局で実施（人事課）`.
pub fn report_line(r: &ProgressReport, lang: Lang) -> String {
    let mut s = format!(
        "{} {}",
        date_label(r.on.value, lang),
        lang.reported(r.status.as_ref().map(|s| s.value))
    );
    if let Some(fy) = &r.fy {
        s.push_str(&lang.aside(&lang.fy_short(fy.value)));
    }
    if let Some(t) = &r.text {
        s.push_str(": ");
        s.push_str(&t.value);
    }
    if let Some(t) = &r.reason {
        s.push_str(&format!(
            " {} {}: {}",
            crate::i18n::glyph::dash(),
            lang.t().reason,
            t.value
        ));
    }
    let mut by: Vec<String> = Vec::new();
    if let Some(b) = &r.by {
        by.push(b.value.clone());
    }
    if let Some(e) = &r.evidence {
        by.push(format!("{}: {}", lang.t().evidence_short, e.value));
    }
    if !by.is_empty() {
        s.push_str(&lang.aside(&lang.list(&by)));
    }
    s
}

/// ` ※1 ※3` after an item's title.
pub fn themes_suffix(themes: &[u32]) -> String {
    themes.iter().map(|t| format!(" ※{t}")).collect()
}

/// `No.1 題名`: the title after the source's display number, when it has one.
pub fn numbered_title(item: &ItemReport<'_>) -> String {
    match &item.item.number {
        Some(n) => format!("{} {}", n.value, item.item.title.value),
        None => item.item.title.value.clone(),
    }
}

/// `1-1-1 題名 ※1` (`2-1-6-1 No.1 題名` with the source's display number).
pub fn item_heading(item: &ItemReport<'_>) -> String {
    format!(
        "{} {}{}",
        item.id(),
        numbered_title(item),
        themes_suffix(&item.standing.themes)
    )
}

// ---- The tables.

/// The states a legend shows besides the usual ones: 計画前 where a milestone is.
pub fn legend_also(r: &Report<'_>) -> &'static [State] {
    if r.standing.totals.milestones(State::BeforePlan) > 0 {
        &[State::BeforePlan]
    } else {
        &[]
    }
}

fn rollup_headers(first: &str, states: &[State], lang: Lang) -> Vec<String> {
    let t = lang.t();
    let mut h = vec![first.to_owned(), t.items.to_owned()];
    h.extend(states.iter().map(|s| state_label(*s, lang)));
    h.push(t.milestones_done.to_owned());
    h.push(t.percent_done.to_owned());
    h
}

fn rollup_row<'a>(kind: RowKind, label: String, r: &Rollup, states: &[State]) -> Row<'a> {
    let label = match kind {
        RowKind::Total | RowKind::Category => Cell::Strong(Cow::Owned(label)),
        _ => owned(label),
    };
    let mut cells = vec![label, Cell::Count(r.items)];
    cells.extend(states.iter().map(|s| Cell::Count(r.count(*s))));
    cells.push(Cell::Fraction(r.milestones_done, r.milestones_total));
    cells.push(Cell::Percent(r.percent_done));
    Row { kind, cells }
}

/// The overview: the total, then every 大項目 and its 中項目, counts by state.
pub fn overview<'a>(r: &Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let s = r.standing;
    let states = r.standing.item_states();
    let mut rows = vec![rollup_row(
        RowKind::Total,
        t.total.to_owned(),
        &s.totals,
        &states,
    )];
    // Every group at every depth: the top ones as 大項目, the others as 中項目, indented by depth.
    for g in s.tree().iter().flat_map(|top| top.walk()) {
        let head = crate::report::GroupHead {
            id: g.name.id,
            number: g.name.number.as_deref(),
            level: g.name.level.as_deref(),
            title: &g.name.title,
        };
        let (kind, indent) = match g.depth() {
            1 => (RowKind::Category, String::new()),
            d => (RowKind::Subcategory, "　".repeat(d - 2)),
        };
        let label = format!("{indent}{}", group_label(&head));
        rows.push(rollup_row(kind, label, &g.rollup, &states));
    }
    Table {
        headers: rollup_headers(
            &crate::render::level_headers(&r.roadmap.plan, lang).0,
            &states,
            lang,
        ),
        rows,
    }
}

/// The cross-cutting themes, counts by state; `None` when the plan has none.
pub fn themes<'a>(r: &Report<'a>, lang: Lang) -> Option<Table<'a>> {
    let s = r.standing;
    let states = r.standing.item_states();
    (!s.themes.is_empty()).then(|| Table {
        headers: rollup_headers(lang.t().theme, &states, lang),
        rows: s
            .themes
            .iter()
            .map(|th| {
                rollup_row(
                    RowKind::Theme,
                    format!("※{} {}", th.id, th.title),
                    &th.rollup,
                    &states,
                )
            })
            .collect(),
    })
}

/// Who does what (担当別): per owner, the milestones it leads (主担当) by state, those it takes
/// part in (関係), the indicators it leads and takes part in; `None` when the plan names no
/// owners. The states are those that occur.
pub fn owners<'a>(r: &Report<'a>, lang: Lang) -> Option<Table<'a>> {
    owner_table(&r.standing.owners, false, lang)
}

/// The owner roll-up as a table (the report's and `status`'s; marks in ASCII under `--ascii`).
pub fn owner_table<'a>(
    owners: &[crate::status::OwnerRollup],
    ascii: bool,
    lang: Lang,
) -> Option<Table<'a>> {
    if owners.is_empty() {
        return None;
    }
    let t = lang.t();
    let count = |o: &crate::status::OwnerRollup, s: State| {
        o.milestones_by_state.get(s.as_str()).copied().unwrap_or(0)
    };
    let states: Vec<State> = State::ALL
        .into_iter()
        .filter(|s| owners.iter().any(|o| count(o, *s) > 0))
        .collect();
    let mut headers = vec![t.owners.to_owned(), t.lead_milestones.to_owned()];
    headers
        .extend((states.iter()).map(|s| format!("{} {}", theme::mark(*s, ascii), lang.state(*s))));
    headers.extend([
        t.related_milestones.to_owned(),
        t.lead_indicators.to_owned(),
        t.related_indicators.to_owned(),
    ]);
    let rows = owners
        .iter()
        .map(|o| {
            let mut cells = vec![owned(o.owner.clone()), Cell::Count(o.milestones_total)];
            cells.extend(states.iter().map(|s| Cell::Count(count(o, *s))));
            cells.extend([
                Cell::Count(o.related_total),
                Cell::Count(o.indicators),
                Cell::Count(o.related_indicators),
            ]);
            Row::plain(cells)
        })
        .collect();
    Some(Table { headers, rows })
}

/// The roadmap table's header: ID, item, state, one per column, indicators.
pub fn grid_headers(r: &Report<'_>, lang: Lang) -> Vec<String> {
    let t = lang.t();
    let (_, item) = crate::render::level_headers(&r.roadmap.plan, lang);
    let mut h = vec![t.id.to_owned(), item, t.state.to_owned()];
    h.extend(slot_labels(&r.columns, " ", lang));
    h.push(t.indicators.to_owned());
    h
}

/// One item in the roadmap table: its own cells (spanning its lines), and each line's cells with
/// how many columns each covers.
#[derive(Clone, Debug)]
pub struct GridItem<'a> {
    pub id: String,
    pub title: Cell<'a>,
    pub state: State,
    pub indicators: Vec<&'a str>,
    /// Each line's cells and their column spans; empty when the item has no milestones.
    pub lines: Vec<Vec<(usize, Cell<'a>)>>,
    /// What to show across the FY columns when there are no lines.
    pub empty: Cell<'a>,
}

/// A 中項目 of the roadmap table, with its 大項目 heading when it is the first of it.
#[derive(Clone, Debug)]
pub struct GridGroup<'a> {
    /// The top group's heading, when this group opens it (大項目, or a top group).
    pub category: Option<String>,
    /// The headings of the deeper groups this group opens, each with its depth (2: 中項目).
    pub subs: Vec<(usize, String)>,
    pub items: Vec<GridItem<'a>>,
}

/// A group as the report heads it: its level's name and display number when the plan gives
/// them (`分野 1. 健康・医療・介護`), else its path (`1-1 title`).
pub fn group_label(g: &crate::report::GroupHead<'_>) -> String {
    let label = match (g.level, g.number) {
        (None, None) => format!("{} {}", g.id, g.title),
        (level, number) => {
            let number = number.map_or_else(|| g.id.to_string(), str::to_owned);
            match level {
                Some(level) => format!("{level} {number} {}", g.title),
                None => format!("{number} {}", g.title),
            }
        }
    };
    label.trim_end().to_owned()
}

/// The roadmap table in the source's layout, a group at a time, each made as it is asked for: a
/// writer that writes a group before it asks for the next holds one group's cells at a time.
pub fn grid_groups<'a>(r: &'a Report<'a>, lang: Lang) -> impl Iterator<Item = GridGroup<'a>> {
    let t = lang.t();
    let mut last: &[crate::report::GroupHead<'_>] = &[];
    r.groups.iter().map(move |g| {
        // The headings that open here: from the first level where the path leaves the last one.
        let same = g
            .path
            .iter()
            .zip(last)
            .take_while(|(a, b)| a.id == b.id)
            .count();
        let category = (same == 0)
            .then(|| g.path.first().map(group_label))
            .flatten();
        let subs = g.path[same.max(1).min(g.path.len())..]
            .iter()
            .map(|h| (h.id.depth(), group_label(h)))
            .collect();
        last = &g.path;
        let items = g
            .items
            .iter()
            .map(|&n| {
                let item = &r.items[n];
                let lines = item
                    .rows
                    .iter()
                    .map(|line| {
                        line.cells
                            .iter()
                            .map(|c| {
                                let cell = c
                                    .milestone()
                                    .and_then(|m| item.milestones.get(m))
                                    .map_or(Cell::Empty, |m| {
                                        Cell::Milestone(Box::new(MilestoneCell::of(m)))
                                    });
                                (c.span(), cell)
                            })
                            .collect()
                    })
                    .collect();
                GridItem {
                    id: item.id().to_string(),
                    title: owned(format!(
                        "{}{}",
                        numbered_title(item),
                        themes_suffix(&item.standing.themes)
                    )),
                    state: item.state(),
                    indicators: item
                        .indicators
                        .iter()
                        .map(|i| i.indicator.name.value.as_str())
                        .collect(),
                    lines,
                    empty: if item.schedule_published() {
                        text(t.none)
                    } else {
                        Cell::Note(t.schedule_not_published)
                    },
                }
            })
            .collect();
        GridGroup {
            category,
            subs,
            items,
        }
    })
}

/// An item's facts: state, milestones done, the schedule changes, owners, whether a schedule is
/// published.
pub fn facts<'a>(item: &ItemReport<'a>, lang: Lang) -> Vec<(&'static str, Cell<'a>)> {
    let t = lang.t();
    let st = item.standing;
    let mut out = vec![
        (t.state, Cell::State(st.state)),
        (
            t.milestones_done,
            Cell::Fraction(st.milestones_done, st.milestones_total),
        ),
    ];
    let reported = match (st.last_reported, st.stale) {
        (None, false) => Cell::Note(t.no_report),
        (None, true) => owned(format!("{}{}", t.no_report, lang.aside(t.stale))),
        (Some(d), false) => Cell::Date(Some(d)),
        (Some(d), true) => owned(format!("{}{}", date_label(d, lang), lang.aside(t.stale))),
    };
    out.push((t.last_reported, reported));
    if st.changes > 0 {
        let n = lang.msg(&Msg::ChangeCount { n: st.changes });
        out.push((t.schedule_changes, owned(n)));
    }
    if !item.item.owners.is_empty() {
        let owners: Vec<&str> = item.item.owners.iter().map(|o| o.value.as_str()).collect();
        out.push((t.owners, owned(lang.list(&owners))));
    }
    if let Some(c) = st.continues {
        out.push((t.continues, owned(c.to_string())));
    }
    if !item.item.related_owners.is_empty() {
        let related: Vec<&str> = (item.item.related_owners.iter())
            .map(|o| o.value.as_str())
            .collect();
        out.push((t.related_owner, owned(related.join(", "))));
    }
    if let Some(note) = crate::render::item::only_owner_note(st, lang) {
        out.push((t.owner_scope, owned(note)));
    }
    if !item.schedule_published() {
        out.push((t.roadmap_table, Cell::Note(t.schedule_not_published)));
    }
    out
}

/// An item's milestones in full: the published plan next to the current one, the state, and
/// every report (the narrative).
pub fn milestones<'a>(item: &ItemReport<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = words(&[
        t.milestone,
        t.planned_plan,
        t.current_plan,
        t.timing,
        t.state,
        t.owners,
        t.reports,
        t.due,
        t.notes,
    ]);
    let rows = item
        .milestones
        .iter()
        .map(|m| {
            let ms = m.milestone;
            let st = m.standing;
            let mut state = vec![Cow::Owned(state_label(m.state, lang))];
            if let Some(rounds) = &st.rounds {
                state.extend(rounds.iter().map(|r| {
                    Cow::Owned(format!(
                        "{} {}",
                        lang.fy_short(r.fy),
                        state_label(r.state, lang)
                    ))
                }));
            }
            Row {
                kind: RowKind::Milestone(m.state),
                cells: vec![
                    Cell::Tracked(ms.track.as_ref().map(|t| t.value.as_str()), &ms.text.value),
                    Cell::Span {
                        from: st.planned_from,
                        end: Box::new(st.planned_end().clone()),
                        every_year: ms.every_year,
                    },
                    // Only a change makes the plan in force differ from the published one.
                    if !m.changes.is_empty() {
                        // The plan in force, then each change that made it, with its reason.
                        let current = span_label(st.from, &st.end, ms.every_year, lang);
                        let whole = |s: &str| s.to_owned();
                        let changes = (m.changes.iter()).map(|c| {
                            Cow::Owned(crate::render::item::change_line(ms, st, c, lang, &whole))
                        });
                        Cell::Lines(
                            std::iter::once(Cow::Owned(current))
                                .chain(changes)
                                .collect(),
                        )
                    } else {
                        Cell::Empty
                    },
                    timing_cell(ms, st, lang),
                    Cell::Lines(state),
                    measure_owners(ms, lang),
                    Cell::Lines(
                        st.reports
                            .iter()
                            .map(|r| Cow::Owned(report_line(r, lang)))
                            .collect(),
                    ),
                    Cell::Date(ms.due.as_ref().map(|d| d.value)),
                    ms.notes.as_ref().map_or(Cell::Empty, |n| text(&n.value)),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// A measure's own owners (主担当, then 関係 marked as such): the item's are among its facts.
fn measure_owners<'a>(m: &'a crate::model::Milestone, lang: Lang) -> Cell<'a> {
    owner_lines(&m.owners, &m.related_owners, lang)
}

/// A series' target as the source words it, and a relative target (【減少】) as such: a reader
/// must not take a 「－」 target for "none".
fn target_words<'a>(s: &'a crate::model::Series, lang: Lang) -> Cell<'a> {
    let t = lang.t();
    let mut lines: Vec<Cow<'a, str>> = Vec::new();
    if let Some(words) = &s.target_text {
        lines.push(Cow::Borrowed(&words.value));
    }
    if s.relative {
        lines.push(Cow::Borrowed(match s.direction.value {
            crate::model::Direction::Decrease => t.relative_decrease,
            crate::model::Direction::Increase => t.relative_increase,
        }));
    }
    Cell::Lines(lines)
}

/// An indicator's own owners (主担当, then 関係 marked as such).
fn indicator_owners<'a>(i: &'a crate::model::Indicator, lang: Lang) -> Cell<'a> {
    owner_lines(&i.owners, &i.related_owners, lang)
}

/// 主担当, then 関係 marked as such, one per line.
fn owner_lines<'a>(
    lead: &'a [crate::model::Sp<String>],
    related: &'a [crate::model::Sp<String>],
    lang: Lang,
) -> Cell<'a> {
    let t = lang.t();
    let mut lines: Vec<Cow<'a, str>> = lead
        .iter()
        .map(|o| Cow::Borrowed(o.value.as_str()))
        .collect();
    lines.extend(
        related
            .iter()
            .map(|o| Cow::Owned(format!("{}: {}", t.related_owner, o.value))),
    );
    Cell::Lines(lines)
}

/// An item's indicators: one row per series, its baseline, actual / target per FY, attainment.
pub fn indicators<'a>(item: &ItemReport<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let fys = item.indicator_fys();
    let mut headers = vec![
        t.indicators.to_owned(),
        t.kpi_layer.to_owned(),
        t.measured.to_owned(),
        t.series.to_owned(),
        t.unit.to_owned(),
        t.baseline.to_owned(),
    ];
    headers.extend(fys.iter().map(|fy| {
        format!(
            "{}{}",
            lang.fy_short(*fy),
            lang.aside(&format!("{} / {}", t.actual, t.target))
        )
    }));
    headers.extend([
        t.target_text.to_owned(),
        t.attainment.to_owned(),
        t.owners.to_owned(),
    ]);
    let mut rows = Vec::new();
    for i in &item.indicators {
        let ind = i.indicator;
        // What the indicator's first row says of it: name, layer, 把握の時期; its own owners last.
        let head = || {
            [
                text(&ind.name.value),
                ind.layer.as_ref().map_or(Cell::Empty, |l| {
                    owned(lang.msg(&Msg::KpiLayer { n: l.value }))
                }),
                ind.measured
                    .as_ref()
                    .map_or(Cell::Empty, |m| text(&m.value)),
            ]
        };
        let who = || indicator_owners(ind, lang);
        if i.series.is_empty() {
            let mut cells = head().to_vec();
            cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]);
            cells.extend(fys.iter().map(|_| Cell::Empty));
            cells.extend([Cell::Empty, Cell::Attainment(i.standing.attainment), who()]);
            rows.push(Row {
                kind: RowKind::Plain,
                cells,
            });
        }
        for (k, s) in i.series.iter().enumerate() {
            let series = s.series;
            let mut cells = if k == 0 {
                head().to_vec()
            } else {
                vec![Cell::Empty; 3]
            };
            cells.extend([
                text(&series.name.value),
                series.unit.as_ref().map_or(Cell::Empty, |u| text(&u.value)),
                series.baseline.as_ref().map_or(Cell::Empty, |b| {
                    owned(format!(
                        "{}{}",
                        number(b.value.value),
                        lang.aside(&lang.fy_short(b.fy.value))
                    ))
                }),
            ]);
            cells.extend(fys.iter().map(|fy| {
                // Before the series starts (and its baseline) there is nothing to measure.
                let baseline_fy = series.baseline.as_ref().map(|b| b.fy.value);
                if series.since.as_ref().is_some_and(|f| *fy < f.value) && baseline_fy != Some(*fy)
                {
                    return Cell::Note(t.not_applicable);
                }
                let v = s.values.iter().find(|v| v.fy == *fy);
                Cell::ActualTarget(v.and_then(|v| v.actual), v.and_then(|v| v.target))
            }));
            cells.extend([
                target_words(series, lang),
                Cell::Attainment(s.standing.attainment),
                if k == 0 { who() } else { Cell::Empty },
            ]);
            rows.push(Row {
                kind: RowKind::Plain,
                cells,
            });
        }
    }
    Table { headers, rows }
}

/// 実施時期: the source's words and the published end in words (with the state of the milestone
/// an event waits for); empty for a plain FY end without words. The plan in force has its column.
fn timing_cell<'a>(m: &crate::model::Milestone, st: &MilestoneStanding, lang: Lang) -> Cell<'a> {
    let words = m.timing_text.as_ref().map(|t| t.value.as_str());
    lang.timing(words, st.planned_end(), st.event_of_state)
        .map_or(Cell::Empty, owned)
}

/// The span a milestone's schedule had, and has: `2023年度 → 2024年度`.
fn schedule_cells<'a>(st: &MilestoneStanding) -> [Cell<'a>; 2] {
    [
        Cell::Span {
            from: st.planned_from,
            end: Box::new(st.planned_end().clone()),
            every_year: false,
        },
        Cell::Span {
            from: st.from,
            end: Box::new(st.end.clone()),
            every_year: false,
        },
    ]
}

/// Milestones the office reported late, with the reason.
pub fn delayed<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    Table {
        headers: delayed_headers(lang),
        rows: r.delayed.iter().map(|&at| delayed_row(r, at)).collect(),
    }
}

fn delayed_headers(lang: Lang) -> Vec<String> {
    let t = lang.t();
    words(&[
        t.id,
        t.item,
        t.milestone,
        t.planned_plan,
        t.current_plan,
        t.last_reported,
        t.reason,
    ])
}

/// A row of [`delayed`]: the milestone `m` of the report's item `i`.
fn delayed_row<'a>(r: &'a Report<'a>, (i, m): (usize, usize)) -> Row<'a> {
    let item = &r.items[i];
    let mr = &item.milestones[m];
    let st = mr.standing;
    let delay = st.reports.iter().rev().find(|r| {
        r.status
            .as_ref()
            .is_some_and(|s| s.value == Reported::Delayed)
    });
    let [planned, current] = schedule_cells(st);
    Row {
        kind: RowKind::Milestone(State::Delayed),
        cells: vec![
            owned(item.id().to_string()),
            text(&item.item.title.value),
            text(&mr.milestone.text.value),
            planned,
            current,
            Cell::Date(delay.map(|d| d.on.value)),
            delay
                .and_then(|d| d.reason.as_ref())
                .map_or(Cell::Empty, |t| text(&t.value)),
        ],
    }
}

/// Milestones past due with no completion reported: derived from the calendar, not a judgment.
pub fn past_due<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    Table {
        headers: past_due_headers(lang),
        rows: r
            .past_due
            .iter()
            .map(|&at| past_due_row(r, at, lang))
            .collect(),
    }
}

fn past_due_headers(lang: Lang) -> Vec<String> {
    let t = lang.t();
    words(&[
        t.id,
        t.item,
        t.milestone,
        t.planned_plan,
        t.current_plan,
        t.due,
        t.last_reported,
    ])
}

/// A row of [`past_due`]: the milestone `m` of the report's item `i`.
fn past_due_row<'a>(r: &'a Report<'a>, (i, m): (usize, usize), lang: Lang) -> Row<'a> {
    let item = &r.items[i];
    let mr = &item.milestones[m];
    let st = mr.standing;
    // The published plan beside the one in force, as for a delay: the 遅延・期限超過 sheet's
    // 当初計画 was blank on every past-due row.
    let [planned, current] = schedule_cells(st);
    Row {
        kind: RowKind::Milestone(State::PastDue),
        cells: vec![
            owned(item.id().to_string()),
            text(&item.item.title.value),
            text(&mr.milestone.text.value),
            planned,
            current,
            Cell::Date(mr.milestone.due.as_ref().map(|d| d.value)),
            st.last_reported
                .map_or(Cell::Note(lang.t().no_report), |d| Cell::Date(Some(d))),
        ],
    }
}

/// The delayed and the past-due milestones in one table (the workbook's 遅延・期限超過 sheet),
/// each row marked with its list: its headers and its rows, made as they are read (once the
/// plan's period is over, every milestone is past due).
pub fn late<'a>(
    r: &'a Report<'a>,
    lang: Lang,
) -> (Vec<String>, impl Iterator<Item = Row<'a>> + 'a) {
    let t = lang.t();
    let (delayed, past_due) = (delayed_headers(lang), past_due_headers(lang));
    let headers = stacked_headers(t.since_kind, [&delayed, &past_due]);
    let (delayed_at, past_due_at) = (place(&headers, &delayed), place(&headers, &past_due));
    let width = headers.len();
    let rows = (r
        .delayed
        .iter()
        .map(move |&at| stacked_row(t.delayed_list, delayed_row(r, at), &delayed_at, width)))
    .chain(r.past_due.iter().map(move |&at| {
        stacked_row(
            t.past_due_list,
            past_due_row(r, at, lang),
            &past_due_at,
            width,
        )
    }));
    (headers, rows)
}

/// Every schedule change in force (計画変更): the published plan, the plan after the change, when
/// and why.
pub fn changes<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = words(&[
        t.id,
        t.milestone,
        t.planned_plan,
        t.current_plan,
        t.changed_on,
        t.reason,
    ]);
    let as_of = r.standing.as_of;
    let mut rows = Vec::new();
    for &(i, m) in &r.rescheduled {
        let item = &r.items[i];
        let mr = &item.milestones[m];
        let ms = mr.milestone;
        for c in ms.changes_on(as_of) {
            let (from, _) = ms.schedule_on(c.on.value);
            rows.push(Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(item.id().to_string()),
                    text(&ms.text.value),
                    Cell::Span {
                        from: ms.from.value,
                        end: Box::new(ms.published_end()),
                        every_year: false,
                    },
                    Cell::Span {
                        from,
                        end: Box::new(ms.end_on(c.on.value)),
                        every_year: false,
                    },
                    Cell::Date(Some(c.on.value)),
                    // A change made once the deadline had passed unreported says so (derived).
                    if mr.standing.late_changes.contains(&c.on.value) {
                        Cell::Lines(vec![
                            Cow::Borrowed(c.reason.value.as_str()),
                            Cow::Borrowed(t.after_deadline_mark),
                        ])
                    } else {
                        text(&c.reason.value)
                    },
                ],
            });
        }
    }
    Table { headers, rows }
}

/// The headers of tables stacked into one ([`late`]): a 区分 column for the table a row comes
/// from, then each header once, in the order first met.
fn stacked_headers<'h>(
    kind_header: &str,
    parts: impl IntoIterator<Item = &'h Vec<String>>,
) -> Vec<String> {
    let mut headers: Vec<String> = vec![kind_header.to_owned()];
    for part in parts {
        for h in part {
            if !headers.contains(h) {
                headers.push(h.clone());
            }
        }
    }
    headers
}

/// Where each of a part's columns goes among the stacked `headers`.
fn place(headers: &[String], part: &[String]) -> Vec<Option<usize>> {
    part.iter()
        .map(|h| headers.iter().position(|x| x == h))
        .collect()
}

/// A row of a stacked table: its list's name (`kind`) first, its cells where `at` places them.
fn stacked_row<'a>(kind: &str, row: Row<'a>, at: &[Option<usize>], width: usize) -> Row<'a> {
    let mut cells: Vec<Cell<'a>> = vec![Cell::Empty; width];
    cells[0] = owned(kind.to_owned());
    for (k, c) in at.iter().zip(row.cells) {
        if let Some(slot) = k.and_then(|k| cells.get_mut(k)) {
            *slot = c;
        }
    }
    Row {
        kind: row.kind,
        cells,
    }
}

/// A milestone's state mark, written before its text. Many of the source's cells start with a
/// bullet of their own (・, ■, ◎), which a mark right before it would read as part of (「▲ ・シャトル便」):
/// there the state's name follows the mark, so the two cannot be confused.
pub fn mark_before(state: State, text: &str, lang: Lang) -> String {
    let mark = theme::mark(state, false);
    let bulleted = text
        .trim_start()
        .starts_with(['・', '■', '□', '◎', '○', '●', '◆', '◇', '▲', '△', '※', '-']);
    if bulleted {
        format!("{mark}{}", lang.aside(lang.state(state)))
    } else {
        mark.to_owned()
    }
}

/// The state labels a report shows, each a unit no line may break inside: `● 完了` and the form
/// before a bulleted text, `△（期限超過・未報告）`; longest first.
pub fn state_labels(lang: Lang) -> Vec<String> {
    let mut labels: Vec<String> = State::ALL
        .iter()
        .flat_map(|s| [state_label(*s, lang), mark_before(*s, "・", lang)])
        .collect();
    labels.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    labels.dedup();
    labels
}

/// [`state_labels`] as [`Labels`], made once for each language and glyph set (`--ascii`): every
/// cell laid out for paper asks for them (30% of a 10,000-item workbook's time when each cell
/// made and sorted its own).
pub fn unbreakable_labels(lang: Lang) -> &'static Labels {
    use std::sync::OnceLock;
    static MADE: [OnceLock<Labels>; 4] = [const { OnceLock::new() }; 4];
    let ascii = crate::i18n::glyph::ascii();
    let which = usize::from(ascii) * 2 + usize::from(lang == Lang::En);
    MADE[which].get_or_init(|| Labels::new(state_labels(lang)))
}

/// Labels no line may break inside, with the bytes they start with: a text is searched for a
/// label only where one of those is.
#[derive(Debug)]
pub struct Labels {
    each: Vec<String>,
    /// Whether a label starts with this byte (a state's mark: `E2` for ●, △ and ◎).
    first_bytes: [bool; 256],
}

impl Labels {
    pub fn new(each: impl IntoIterator<Item = String>) -> Self {
        let each: Vec<String> = each.into_iter().filter(|l| !l.is_empty()).collect();
        let mut first_bytes = [false; 256];
        for l in &each {
            first_bytes[usize::from(l.as_bytes()[0])] = true;
        }
        Self { each, first_bytes }
    }
}

impl Default for Labels {
    fn default() -> Self {
        Self::new([])
    }
}

/// Where a text holds what no line may break inside (byte ranges, each on characters'
/// boundaries, in order, apart): a state's mark and label (`labels`), an id or a date of digits
/// and separators (`1-1-1`, `2023-06-30`), a number (`12.5`), a year with its 年度 or a 年月日
/// date (`2022年度`, `令和5年12月22日`).
///
/// A scan of the bytes: this runs for every cell of a report (300,000 at 10,000 items), and most
/// cells hold nothing to keep. A label and every token start with a character's first byte (an
/// ASCII digit, the first of 令, 平 or a mark), which no byte inside a character can be, and
/// whole characters follow, so each range begins and ends on a character's boundary.
pub fn unbreakable(s: &str, labels: &Labels) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // The places a label may start, found in one pass; most texts have none, and then nothing
    // is allocated.
    let places: Vec<usize> = (0..bytes.len())
        .filter(|k| labels.first_bytes[usize::from(bytes[*k])])
        .collect();
    for label in &labels.each {
        // Each label's matches left to right and apart, as a scan of the text finds them.
        let mut next = 0;
        for &k in &places {
            if k >= next && bytes[k..].starts_with(label.as_bytes()) {
                spans.push((k, k + label.len()));
                next = k + label.len();
            }
        }
    }
    // Every token holds a digit: it starts at one, or at an era's name just before one. The
    // text is searched for digits (most bytes of a Japanese text are not), and each token is
    // read from there.
    let at = |k: usize, word: &str| {
        bytes
            .get(k..)
            .is_some_and(|b| b.starts_with(word.as_bytes()))
    };
    let digit = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    let mut k = 0;
    while let Some(d) = bytes
        .get(k..)
        .and_then(|b| b.iter().position(u8::is_ascii_digit))
    {
        // 令, 平, 年, 度, 月 and 日 are three bytes each.
        let era = d >= 6 && (at(k + d - 6, "令和") || at(k + d - 6, "平成"));
        let begin = if era { k + d - 6 } else { k + d };
        k += d;
        loop {
            // Digits joined by - / . : (a separator only between digits).
            while digit(k)
                || (matches!(bytes.get(k), Some(b'-' | b'/' | b'.' | b':')) && digit(k + 1))
            {
                k += 1;
            }
            if at(k, "年度") {
                k += 6;
                break;
            }
            let unit = at(k, "年") || at(k, "月");
            if unit && digit(k + 3) {
                k += 3;
            } else {
                if unit || at(k, "日") {
                    k += 3;
                }
                break;
            }
        }
        // Two characters at least: a digit alone is not kept. Counted in bytes, the same: a
        // token of one character is one digit, one byte; any other is two bytes or more.
        if k - begin >= 2 {
            spans.push((begin, k));
        }
    }
    if spans.len() > 1 {
        spans.sort_unstable();
        // Overlapping spans (a label with a year in it) become one.
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a < last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        spans = merged;
    }
    spans
}

/// Whether a cell shows nothing.
fn is_blank(c: &Cell<'_>) -> bool {
    match c {
        Cell::Empty | Cell::Date(None) | Cell::Number(None) => true,
        Cell::Text(s) => s.is_empty(),
        Cell::Lines(lines) => lines.iter().all(|l| l.is_empty()),
        _ => false,
    }
}

/// The table without the columns that are empty in every row (an empty 期限 or 担当 column is
/// noise on paper). A table without rows keeps its columns.
pub fn without_empty_columns(mut t: Table<'_>) -> Table<'_> {
    if t.rows.is_empty() {
        return t;
    }
    let mut keep = vec![false; t.headers.len()];
    for row in &t.rows {
        mark_filled(&mut keep, row);
    }
    keep_columns(&mut t.headers, &keep);
    for row in &mut t.rows {
        keep_columns(&mut row.cells, &keep);
    }
    t
}

/// Marks the columns in which `row` holds a value ([`without_empty_columns`]).
pub fn mark_filled(keep: &mut [bool], row: &Row<'_>) {
    for (k, c) in row.cells.iter().enumerate() {
        if let Some(keep) = keep.get_mut(k) {
            *keep |= !is_blank(c);
        }
    }
}

/// Keeps what `keep` marks of a row's cells or the headers (and anything past its end).
pub fn keep_columns<T>(cells: &mut Vec<T>, keep: &[bool]) {
    let mut k = 0;
    cells.retain(|_| {
        k += 1;
        keep.get(k - 1).copied().unwrap_or(true)
    });
}

/// How one of the report's lists is made.
type MakeList<'a> = fn(&'a Report<'a>, Lang) -> Table<'a>;

/// The report's lists (what changed since, delayed, past due, schedule changes, missing reports),
/// each titled, its empty columns left out.
pub fn lists<'a>(r: &'a Report<'a>, lang: Lang) -> impl Iterator<Item = (String, Table<'a>)> + 'a {
    let t = lang.t();
    let since = r.since.as_ref().map(|since| {
        let title = format!(
            "{}{}",
            t.since_heading,
            lang.aside(&lang.msg(&Msg::SinceRevision {
                rev: since.label.clone()
            }))
        );
        (title, since_table(since.diff, lang))
    });
    // Each list made when it is reached, so that a writer holds one at a time: on a roadmap
    // past its period every milestone is past due, 40,000 rows at 10,000 items.
    let made: [(&str, MakeList<'a>); 4] = [
        (t.delayed_list, delayed),
        (t.past_due_list, past_due),
        (t.changes_list, changes),
        (t.missing_list, missing),
    ];
    let rest = made
        .into_iter()
        .map(move |(title, make)| (title.to_owned(), make(r, lang)));
    since
        .into_iter()
        .chain(rest)
        .map(|(title, table)| (title, without_empty_columns(table)))
}

/// What changed since the last report, from the diff core: milestones newly done, delayed or
/// dropped (what the reports say), schedule changes (with their reasons), indicator values
/// recorded.
pub fn since_table<'a>(d: &'a crate::diff::Diff, lang: Lang) -> Table<'a> {
    use crate::diff::ChangeKind;
    let t = lang.t();
    let headers = words(&[t.since_kind, t.id, t.item, t.milestone, t.since_detail]);
    let mut rows = Vec::new();
    let mut row =
        |kind: String, item: &'a crate::diff::ItemDiff, what: Cell<'a>, detail: String| {
            rows.push(Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(kind),
                    owned(item.id.to_string()),
                    text(&item.title),
                    what,
                    owned(detail),
                ],
            });
        };
    for item in d.items.iter().filter(|i| i.change != ChangeKind::Removed) {
        for m in &item.milestones {
            if let Some(c) = &m.status_change
                && let Some(new @ (Reported::Done | Reported::Delayed | Reported::Dropped)) = c.new
            {
                let mut detail = c.on.map(|d| date_label(d, lang)).unwrap_or_default();
                if let Some(fy) = c.fy {
                    detail = format!("{}{detail}", lang.aside(&lang.fy_short(fy)));
                }
                if let Some(reason) = &c.reason {
                    detail = format!("{detail} {}: {reason}", t.reason);
                }
                row(
                    lang.reported(Some(new)).to_owned(),
                    item,
                    text(&m.text),
                    detail,
                );
            }
            if let Some(c) = &m.schedule_change {
                let mut detail =
                    lang.span_change((c.old_from, &c.old_end), (c.new_from, &c.new_end));
                if let Some(reason) = &c.reason {
                    detail = format!("{detail} {}: {reason}", t.reason);
                }
                row(t.since_rescheduled.to_owned(), item, text(&m.text), detail);
            }
        }
        for i in &item.indicators {
            for s in &i.series {
                for v in s.values.iter().filter(|v| v.new.is_some()) {
                    let value = v.new.as_ref().map(Val::shown).unwrap_or_default();
                    let detail = format!(
                        "{}: {value}{}",
                        lang.fy_short(v.fy),
                        s.unit.as_deref().unwrap_or_default()
                    );
                    row(t.actual.to_owned(), item, text(&s.name), detail);
                }
            }
        }
    }
    Table { headers, rows }
}

/// The items with no published schedule: id and title.
pub fn no_schedule<'a>(r: &'a Report<'a>) -> Vec<(String, &'a str)> {
    r.no_schedule
        .iter()
        .map(|&n| {
            let item = &r.items[n];
            (item.id().to_string(), item.item.title.value.as_str())
        })
        .collect()
}

/// `2022年度、2023年度` / `FY2022, FY2023`.
pub fn fy_list(fys: &[Fy], lang: Lang) -> String {
    let labels: Vec<String> = fys.iter().map(|fy| lang.fy_short(*fy)).collect();
    lang.list(&labels)
}

/// The indicators missing data for closed FYs.
pub fn missing<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = words(&[t.id, t.item, t.indicators, t.missing_fys]);
    let rows = r
        .missing_data
        .iter()
        .map(|&(i, k)| {
            let item = &r.items[i];
            let ind = &item.indicators[k];
            Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(item.id().to_string()),
                    text(&item.item.title.value),
                    text(&ind.indicator.name.value),
                    owned(fy_list(ind.missing_closed_fys, lang)),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// How many rows each list of the one-page summary shows; the rest are counted.
pub const SUMMARY_ROWS: usize = 5;

/// The one-page summary (`--summary`): a headline sentence, the overview by 大項目, and the lists
/// a briefing needs, each cut to [`SUMMARY_ROWS`] rows with the number left out.
#[derive(Debug)]
pub struct Summary<'a> {
    pub headline: String,
    pub overview: Table<'a>,
    /// Under the overview: what its columns count (items by state, while the headline counts
    /// milestones), and that the calendar's states are derived.
    pub note: String,
    /// (title, the first rows, how many more there are).
    pub lists: Vec<(String, Table<'a>, usize)>,
}

pub fn summary<'a>(r: &'a Report<'a>, lang: Lang) -> Summary<'a> {
    let t = lang.t();
    let s = r.standing;
    let totals = &s.totals;
    let headline = lang.msg(&Msg::SummaryHeadline {
        as_of: date_label(s.as_of, lang),
        items: totals.items,
        milestones: totals.milestones_total,
        done: totals.milestones_done,
        percent: value_text(totals.percent_done),
        delayed: r.delayed.len(),
        past_due: r.past_due.len(),
        rescheduled: r.rescheduled.len(),
        after_deadline: totals.changed_after_deadline,
        dropped: totals.milestones(State::Dropped),
    });
    let mut overview = overview(r, lang);
    overview.rows.retain(|row| row.kind != RowKind::Subcategory);
    let mut lists: Vec<(String, Table<'a>)> = Vec::new();
    if let Some(since) = &r.since {
        lists.push((t.since_heading.to_owned(), since_table(since.diff, lang)));
    }
    lists.extend([
        (t.delayed_list.to_owned(), delayed(r, lang)),
        (t.past_due_list.to_owned(), past_due(r, lang)),
        (t.changes_list.to_owned(), changes(r, lang)),
        (t.attainment_list.to_owned(), attainment(r, lang)),
    ]);
    let lists = lists
        .into_iter()
        .map(|(title, table)| {
            let mut table = without_empty_columns(table);
            let more = table.rows.len().saturating_sub(SUMMARY_ROWS);
            table.rows.truncate(SUMMARY_ROWS);
            // One line per row: long texts are cut for the page.
            for row in &mut table.rows {
                for cell in &mut row.cells {
                    if let Cell::Text(text) = cell {
                        let cut = crate::text::truncate(text, 44).into_owned();
                        *cell = Cell::Text(Cow::Owned(cut));
                    }
                }
            }
            (title, table, more)
        })
        .collect();
    Summary {
        headline,
        overview,
        note: format!("{} {}", t.overview_counts_note, t.derived_note),
        lists,
    }
}

/// Indicators, worst first: each series' latest value and final target (with their FYs and
/// unit) and the grade they give. An indicator assessed from its milestones has no values.
pub fn attainment<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    use crate::attainment::{Attainment, Point};
    let t = lang.t();
    let headers = words(&[t.id, t.indicators, t.latest_value, t.target, t.attainment]);
    let order = |a: Attainment| match a {
        Attainment::Worsened => 0,
        Attainment::Behind => 1,
        Attainment::CannotAssess => 2,
        Attainment::Implementation => 3,
        Attainment::OnTrack => 4,
        Attainment::Achieved => 5,
    };
    let value = |p: &Option<Point>, unit: Option<&str>| {
        p.as_ref().map_or(Cell::Empty, |p| {
            owned(format!(
                "{}{}{}",
                number(p.value),
                unit.unwrap_or_default(),
                lang.aside(&lang.fy_short(p.fy))
            ))
        })
    };
    let mut rows: Vec<(u8, Row<'a>)> = Vec::new();
    for item in &r.items {
        for ind in &item.standing.indicators {
            let id = || owned(item.id().to_string());
            if ind.series.is_empty() {
                let cells = vec![
                    id(),
                    text(&ind.name),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Attainment(ind.attainment),
                ];
                rows.push((order(ind.attainment), Row::plain(cells)));
            }
            for s in &ind.series {
                let name = if ind.series.len() > 1 {
                    owned(format!("{} — {}", ind.name, s.name))
                } else {
                    text(&ind.name)
                };
                let unit = s.unit.as_deref();
                let cells = vec![
                    id(),
                    name,
                    value(&s.basis.latest, unit),
                    value(&s.basis.target, unit),
                    Cell::Attainment(s.attainment),
                ];
                rows.push((order(s.attainment), Row::plain(cells)));
            }
        }
    }
    rows.sort_by_key(|(o, _)| *o);
    Table {
        headers,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// The plan's title block: (label, value) pairs.
pub fn title_block(r: &Report<'_>, lang: Lang) -> Vec<(&'static str, String)> {
    let t = lang.t();
    let s = r.standing;
    let mut out = vec![
        (t.as_of, date_label(s.as_of, lang)),
        (t.fiscal_year, lang.fy(s.fiscal_year)),
        (t.plan_period, lang.period(s.first_fy, s.last_fy)),
    ];
    // The report's own date and the data it was made from, apart from the plan's 公表日.
    if let Some(day) = r.created {
        out.push((t.created, date_label(day, lang)));
    }
    if let Some(rev) = &r.revision {
        out.push((t.data_revision, rev.clone()));
    }
    if let Some(p) = &r.roadmap.plan.published {
        out.push((t.published, date_label(p.value, lang)));
    }
    // A report for one owner says so at its top (`--owner`).
    if let Some(owner) = &r.owner {
        out.push((t.owner_scope, owner.clone()));
    }
    out
}

// ---- Flat lists for spreadsheets (one row per item, milestone, indicator value).

fn theme_marks(themes: &[u32]) -> String {
    themes
        .iter()
        .map(|t| format!("※{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row per item, with its computed state and its code.
pub fn item_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = words(&[
        t.id,
        t.category,
        t.subcategory,
        t.item,
        t.theme_col,
        t.state,
        t.state_code,
        t.milestones_done,
        t.milestones,
        t.percent_done,
        t.schedule_changes,
        t.last_reported,
        t.stale,
        t.owners,
        t.notes,
    ]);
    let rows = r
        .items
        .iter()
        .map(|item| {
            let id = item.id();
            let st = item.standing;
            let owners: Vec<&str> = item.item.owners.iter().map(|o| o.value.as_str()).collect();
            let notes = item_notes(r, item, lang);
            Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(id.to_string()),
                    owned(id.category().to_string()),
                    owned(id.parent().to_string()),
                    text(&item.item.title.value),
                    owned(theme_marks(&st.themes)),
                    Cell::State(st.state),
                    Cell::Code(st.state.as_str()),
                    Cell::Count(st.milestones_done),
                    Cell::Count(st.milestones_total),
                    Cell::Percent(st.percent_done),
                    Cell::Count(st.changes),
                    Cell::Date(st.last_reported),
                    Cell::Flag(st.stale),
                    owned(owners.join("; ")),
                    owned(notes.join("\n")),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// The milestone list's headers: one row per milestone, the published plan, the current one,
/// the state and the latest report ([`milestone_rows`]).
pub fn milestone_headers(lang: Lang) -> Vec<String> {
    let t = lang.t();
    words(&[
        t.id,
        t.milestone_id,
        t.milestone,
        t.track,
        t.row,
        t.from_fy,
        t.to_fy,
        t.timing,
        t.current_plan,
        t.every_year,
        t.state,
        t.state_code,
        t.last_reported,
        t.narrative,
        t.due,
        t.notes,
        t.lead_owner,
        t.related_owner,
    ])
}

/// The milestone list's rows, made as they are asked for and never held as a list: a workbook
/// measures them and then writes them, a CSV writes them, and 40,000 milestones' rows are 30 MB.
pub fn milestone_rows<'a>(r: &'a Report<'a>, lang: Lang) -> impl Iterator<Item = Row<'a>> + 'a {
    let opt = |v: Option<&'a crate::model::Sp<String>>| v.map_or(Cell::Empty, |v| text(&v.value));
    r.items.iter().flat_map(move |item| {
        item.milestones.iter().map(move |m| {
            let ms = m.milestone;
            let st = m.standing;
            let latest = st.reports.last();
            Row {
                kind: RowKind::Milestone(m.state),
                cells: vec![
                    owned(item.id().to_string()),
                    text(&ms.id.value),
                    text(&ms.text.value),
                    opt(ms.track.as_deref()),
                    ms.row
                        .as_ref()
                        .map_or(Cell::Empty, |r| Cell::Count(r.value as usize)),
                    Cell::Fy(ms.from.value),
                    // The FY of the published end; none for an event or an open end (the
                    // span views draw to is not an end).
                    st.planned_end().fy.map_or(Cell::Empty, Cell::Fy),
                    timing_cell(ms, st, lang),
                    if st.rescheduled() {
                        Cell::Span {
                            from: st.from,
                            end: Box::new(st.end.clone()),
                            every_year: false,
                        }
                    } else {
                        Cell::Empty
                    },
                    Cell::Flag(ms.every_year),
                    Cell::State(m.state),
                    Cell::Code(m.state.as_str()),
                    Cell::Date(st.last_reported),
                    latest.map_or(Cell::Empty, |r| owned(report_line(r, lang))),
                    Cell::Date(ms.due.as_ref().map(|d| d.value)),
                    opt(ms.notes.as_deref()),
                    // 主担当 of the measure (its own, else the item's) and 関係.
                    owned(st.owners.join("; ")),
                    owned(st.related_owners.join("; ")),
                ],
            }
        })
    })
}

/// One row per series and FY.
pub fn indicator_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = words(&[
        t.id,
        t.indicator_id,
        t.indicators,
        t.series_id,
        t.series,
        t.unit,
        t.baseline_fy,
        t.baseline,
        t.fy_col,
        t.target,
        t.actual,
        t.value_source,
        t.attainment,
        t.notes,
        t.kpi_layer,
        t.measured,
        t.target_text,
        t.lead_owner,
        t.related_owner,
    ]);
    let mut rows = Vec::new();
    for item in &r.items {
        for i in &item.indicators {
            let ind = i.indicator;
            let notes = || ind.notes.as_ref().map_or(Cell::Empty, |n| text(&n.value));
            // The KPI layer, 把握の時期, the target in words, the indicator's owners.
            let kpi = |target: Cell<'a>| {
                let owners = |l: &'a [crate::model::Sp<String>]| {
                    owned(
                        l.iter()
                            .map(|o| o.value.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                    )
                };
                [
                    ind.layer
                        .as_ref()
                        .map_or(Cell::Empty, |l| Cell::Count(l.value as usize)),
                    ind.measured
                        .as_ref()
                        .map_or(Cell::Empty, |m| text(&m.value)),
                    target,
                    owners(&ind.owners),
                    owners(&ind.related_owners),
                ]
            };
            if i.series.is_empty() {
                // An indicator assessed from its milestones (class F): one row, no values.
                let mut cells = vec![
                    owned(item.id().to_string()),
                    text(&ind.id.value),
                    text(&ind.name.value),
                ];
                cells.extend((0..9).map(|_| Cell::Empty));
                cells.push(Cell::Code(i.standing.attainment.as_str()));
                cells.push(notes());
                cells.extend(kpi(Cell::Empty));
                rows.push(Row {
                    kind: RowKind::Plain,
                    cells,
                });
            }
            for s in &i.series {
                let series = s.series;
                let baseline = series.baseline.as_ref();
                for v in &s.values {
                    let source = series
                        .value_on(v.fy, r.standing.as_of)
                        .and_then(|x| x.source.as_ref());
                    rows.push(Row {
                        kind: RowKind::Plain,
                        cells: vec![
                            owned(item.id().to_string()),
                            text(&ind.id.value),
                            text(&ind.name.value),
                            text(&series.id.value),
                            text(&series.name.value),
                            series.unit.as_ref().map_or(Cell::Empty, |u| text(&u.value)),
                            baseline.map_or(Cell::Empty, |b| Cell::Fy(b.fy.value)),
                            Cell::Number(baseline.map(|b| b.value.value)),
                            Cell::Fy(v.fy),
                            Cell::Number(v.target),
                            v.actual.map_or(Cell::Empty, |a| match a {
                                Val::Number(n) => Cell::Number(Some(*n)),
                                Val::Text(t) => text(t),
                            }),
                            source.map_or(Cell::Empty, |s| text(&s.value)),
                            Cell::Code(s.standing.attainment.as_str()),
                            notes(),
                        ]
                        .into_iter()
                        .chain(kpi(target_words(series, lang)))
                        .collect(),
                    });
                }
            }
        }
    }
    Table { headers, rows }
}

/// One row per schedule change in force (計画変更), in date order within each milestone: the
/// published span, the span after the change, when, why, and the form it came from.
pub fn change_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = words(&[
        t.id,
        t.milestone_id,
        t.milestone,
        t.changed_on,
        t.planned_from_fy,
        t.planned_to_fy,
        t.changed_from_fy,
        t.changed_to_fy,
        t.reason,
        t.form_id,
    ]);
    let as_of = r.standing.as_of;
    let mut rows = Vec::new();
    for item in &r.items {
        for m in &item.milestones {
            let ms = m.milestone;
            for c in ms.changes_on(as_of) {
                let (from, _) = ms.schedule_on(c.on.value);
                let to = ms.end_on(c.on.value).fy;
                rows.push(Row {
                    kind: RowKind::Plain,
                    cells: vec![
                        owned(item.id().to_string()),
                        text(&ms.id.value),
                        text(&ms.text.value),
                        Cell::Date(Some(c.on.value)),
                        Cell::Fy(ms.from.value),
                        ms.published_end().fy.map_or(Cell::Empty, Cell::Fy),
                        Cell::Fy(from),
                        to.map_or(Cell::Empty, Cell::Fy),
                        text(&c.reason.value),
                        c.form.as_ref().map_or(Cell::Empty, |f| text(&f.value)),
                    ],
                });
            }
        }
    }
    Table { headers, rows }
}

/// The workbook's list of items: the 大項目 and 中項目 with their titles (in a plan of groups, the
/// top group and the groups below it down to the item's), the next milestone due.
pub fn progress_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let plan = &r.roadmap.plan;
    let named = |depth: usize, default: &'static str| plan.level(depth).unwrap_or(default);
    let (group_header, item_header) = crate::render::level_headers(plan, lang);
    let lower = if plan.levels.len() > 2 {
        group_header
            .split('／')
            .skip(1)
            .collect::<Vec<_>>()
            .join("／")
    } else {
        t.subcategory.to_owned()
    };
    let headers = words(&[
        t.id,
        named(0, t.category),
        &lower,
        &item_header,
        t.theme_col,
        t.state,
        t.milestones_done,
        t.milestones,
        t.percent_done,
        t.schedule_changes,
        t.next_due,
        t.last_reported,
        t.owners,
        t.notes,
    ]);
    let rows = r
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let id = item.id();
            let st = item.standing;
            // The top group, and the groups below it down to the item's (`分野 1. … › (6) …`).
            let path: Vec<String> = r
                .groups
                .iter()
                .find(|g| g.items.contains(&n))
                .map(|g| g.path.iter().map(group_label).collect())
                .unwrap_or_default();
            let next = st.next.as_ref().map_or(Cell::Empty, |m| {
                owned(format!("{} {}", next_due_label(m, lang), m.text))
            });
            let owners: Vec<&str> = item.item.owners.iter().map(|o| o.value.as_str()).collect();
            let notes = item_notes(r, item, lang);
            Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(id.to_string()),
                    owned(path.first().cloned().unwrap_or_default()),
                    owned(path.get(1..).unwrap_or_default().join(" › ")),
                    owned(numbered_title(item)),
                    owned(theme_marks(&st.themes)),
                    Cell::State(st.state),
                    Cell::Count(st.milestones_done),
                    Cell::Count(st.milestones_total),
                    Cell::Percent(st.percent_done),
                    // A number a sheet can sort and filter by; empty (and so dropped) where none.
                    if st.changes > 0 {
                        Cell::Count(st.changes)
                    } else {
                        Cell::Empty
                    },
                    next,
                    Cell::Date(st.last_reported),
                    owned(owners.join("\n")),
                    owned(notes.join("\n")),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// The workbook's indicators: one row per series, target and actual per FY, attainment.
pub fn indicator_sheet<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let mut fys: Vec<Fy> = r
        .items
        .iter()
        .flat_map(|i| &i.indicators)
        .flat_map(|i| i.fys.iter().copied())
        .chain(r.first_fy()..=r.last_fy())
        .collect();
    fys.sort_unstable();
    fys.dedup();
    let mut headers = vec![
        t.id.to_owned(),
        t.item.to_owned(),
        t.indicators.to_owned(),
        t.series.to_owned(),
        t.unit.to_owned(),
        t.baseline.to_owned(),
        // The baseline's FY beside it: a baseline without its year (0) says little.
        t.baseline_fy.to_owned(),
    ];
    for fy in &fys {
        headers.push(format!("{} {}", lang.fy_short(*fy), t.target));
        headers.push(format!("{} {}", lang.fy_short(*fy), t.actual));
    }
    headers.push(t.attainment.to_owned());
    headers.push(t.notes.to_owned());
    // The KPI layer, 把握の時期 and the target in words, when the plan gives any (the sheet keeps
    // its empty FY columns, so empty columns of these are left out here).
    let all = || {
        r.items
            .iter()
            .flat_map(|i| &i.indicators)
            .map(|i| i.indicator)
    };
    let layers = all().any(|i| i.layer.is_some());
    let measured = all().any(|i| i.measured.is_some());
    let words = all()
        .flat_map(|i| &i.series)
        .any(|s| s.target_text.is_some() || s.relative);
    for (shown, h) in [
        (layers, t.kpi_layer),
        (measured, t.measured),
        (words, t.target_text),
    ] {
        if shown {
            headers.push(h.to_owned());
        }
    }
    let kpi = |ind: &'a crate::model::Indicator, target: Cell<'a>| {
        let mut out = Vec::new();
        if layers {
            out.push(ind.layer.as_ref().map_or(Cell::Empty, |l| {
                owned(lang.msg(&Msg::KpiLayer { n: l.value }))
            }));
        }
        if measured {
            out.push(
                ind.measured
                    .as_ref()
                    .map_or(Cell::Empty, |m| text(&m.value)),
            );
        }
        if words {
            out.push(target);
        }
        out
    };
    let mut rows = Vec::new();
    for item in &r.items {
        for i in &item.indicators {
            let ind = i.indicator;
            let notes = || ind.notes.as_ref().map_or(Cell::Empty, |n| text(&n.value));
            if i.series.is_empty() {
                // An indicator assessed from its milestones (class F): one row, its class, no
                // values (its FYs stay empty: there is nothing to measure).
                let mut cells = vec![
                    owned(item.id().to_string()),
                    text(&item.item.title.value),
                    text(&ind.name.value),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Number(None),
                    Cell::Empty,
                ];
                cells.extend(
                    fys.iter()
                        .flat_map(|_| [Cell::Number(None), Cell::Number(None)]),
                );
                cells.push(Cell::Attainment(i.standing.attainment));
                cells.push(notes());
                cells.extend(kpi(ind, Cell::Empty));
                rows.push(Row {
                    kind: RowKind::Plain,
                    cells,
                });
            }
            for s in &i.series {
                let series = s.series;
                let mut cells = vec![
                    owned(item.id().to_string()),
                    text(&item.item.title.value),
                    text(&ind.name.value),
                    text(&series.name.value),
                    series.unit.as_ref().map_or(Cell::Empty, |u| text(&u.value)),
                    Cell::Number(series.baseline.as_ref().map(|b| b.value.value)),
                    (series.baseline.as_ref()).map_or(Cell::Empty, |b| Cell::Fy(b.fy.value)),
                ];
                for fy in &fys {
                    let v = s.values.iter().find(|v| v.fy == *fy);
                    cells.push(Cell::Number(v.and_then(|v| v.target)));
                    cells.push(match v.and_then(|v| v.actual) {
                        Some(Val::Number(n)) => Cell::Number(Some(*n)),
                        Some(Val::Text(t)) => text(t),
                        None => Cell::Number(None),
                    });
                }
                cells.push(Cell::Attainment(s.standing.attainment));
                cells.push(notes());
                cells.extend(kpi(ind, target_words(series, lang)));
                rows.push(Row {
                    kind: RowKind::Plain,
                    cells,
                });
            }
        }
    }
    Table { headers, rows }
}

/// Values shared by the CSV and the workbook: a chart's or a sheet's numbers as text.
pub fn value_text(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output with no room left.
    struct Full;

    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left",
            ))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_workbook_that_cannot_be_written_fails_as_its_output_not_as_a_render()
    -> Result<(), Box<dyn std::error::Error>> {
        // The workbook streams into the output, and the library wraps a failed write among its
        // own errors: the caller must still see the output's error, to name the file it was.
        let roadmap = crate::model::Roadmap::default();
        let as_of = NaiveDate::from_ymd_opt(2024, 3, 31).ok_or("a date")?;
        let standing = crate::status::compute(&roadmap, as_of, &Default::default());
        let report = crate::report::build(&roadmap, &standing);
        for summary in [false, true] {
            let options = Options {
                format: Format::Xlsx,
                summary,
                table: None,
                since: false,
            };
            let Err(e) = options.render(&report, Lang::Ja, &mut Full) else {
                return Err("written to a full output".into());
            };
            let io = e.downcast_ref::<std::io::Error>().ok_or(e.to_string())?;
            assert_eq!(io.kind(), std::io::ErrorKind::StorageFull);
        }
        Ok(())
    }

    #[test]
    fn a_long_list_is_written_whole_though_written_a_batch_at_a_time()
    -> Result<(), Box<dyn std::error::Error>> {
        // After the plan's period every milestone is past due: 400 rows, more than one batch of
        // the Markdown writer (256) and of the HTML one (64), and not a multiple of either.
        let dir = tempfile::tempdir()?;
        crate::synth::write(dir.path(), 100, 0)?;
        let read = crate::load::read_dir(dir.path(), dir.path())?;
        let as_of = NaiveDate::from_ymd_opt(2030, 3, 31).ok_or("a date")?;
        let analysis = crate::analyze(read.files, read.findings, as_of);
        let standing = crate::status::compute(&analysis.roadmap, as_of, &Default::default());
        let report = crate::report::build(&analysis.roadmap, &standing);
        let render = |format| -> Result<String, Box<dyn std::error::Error>> {
            let options = Options {
                format,
                summary: false,
                table: None,
                since: false,
            };
            let mut out = Vec::new();
            options.render(&report, Lang::Ja, &mut out)?;
            Ok(String::from_utf8(out)?)
        };
        let (md, html) = (render(Format::Markdown)?, render(Format::Html)?);
        let mut longest = 0;
        for (title, list) in lists(&report, Lang::Ja) {
            let n = list.rows.len();
            longest = longest.max(n);
            // Markdown: the rows after the header and its rule, to the blank line.
            let after = md.split_once(&format!("### {title}")).ok_or("a list")?.1;
            let rows = after.lines().skip(4).take_while(|l| l.starts_with("| "));
            assert_eq!(rows.count(), n, "{title}");
            // HTML: the rows of the list's table body.
            let after = html
                .split_once(&format!("<h3>{title} ({n})</h3>"))
                .ok_or("a list")?
                .1;
            let body = after.split_once("</h3>").map_or(after, |(b, _)| b);
            let rows = body.split_once("</tbody>").map_or("", |(b, _)| b);
            assert_eq!(rows.matches("<tr class=").count(), n, "{title}");
        }
        assert!(longest > 256 && longest % 64 != 0, "{longest} rows");
        Ok(())
    }
}
