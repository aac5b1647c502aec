//! A filled-in form read back: every answered row checked against the form and the roadmap, and
//! turned into edits (reports, schedule changes, indicator values) that name the form they came
//! from. Every problem is collected, each naming its cell (`進捗入力!J12`) and what the cell
//! accepts; nothing is edited unless there are none. Pure: the workbook, roadmap and today are
//! given.
//!
//! A row the roadmap changed since the form was made (its fingerprint differs) is a conflict; a
//! row already imported from this form (a report or change naming it, a value that already says
//! the answer) is skipped, so importing a form twice changes nothing the second time; another
//! copy of the form answering such a row otherwise is a conflict, never skipped. An answer
//! on a row reported done or dropped corrects it: the report that closed it rewritten in place
//! (a wrong 完了日), or superseded by a later report (a 完了 entered by mistake); an answer on a
//! recorded value replaces it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::edit::{self, NewChange, NewReport, Op};
use crate::form::{self, Meta, RowKey, Sent};
use crate::i18n::{Accepts, Lang, Msg, Words};
use crate::input;
use crate::model::{Fy, Item, ItemId, Milestone, Report, Reported, Roadmap, SeriesKind, Val};
use crate::record::Edit;
use crate::render::form::{CSV_KEY, Column, PROGRESS, VALUES};
use crate::sheet::{Book, Cell, Sheet, cell_ref};
use crate::timing::Until;

/// What an import would do.
#[derive(Debug, Default)]
pub struct Outcome {
    pub id: String,
    pub edits: Vec<Edit>,
    pub warnings: Vec<Msg>,
    pub conflicts: Vec<Msg>,
    pub answered: usize,
    pub already: usize,
}

fn language(meta: &Meta) -> Lang {
    Lang::parse(&meta.lang).unwrap_or(Lang::Ja)
}

fn names(book: &Book) -> String {
    book.sheets
        .iter()
        .map(|s| format!("「{}」", s.name))
        .collect::<Vec<_>>()
        .join("")
}

/// A sent form's own account of itself: from the hidden sheet, or a CSV form's first line and
/// last column.
pub fn sent(book: &Book, path: &str) -> Result<Sent, Msg> {
    let not = || Msg::NotAForm {
        path: path.to_owned(),
        sheets: names(book),
    };
    if book.csv {
        // A CSV form has no hidden sheet: its first line holds what the form is.
        let not = || Msg::NotACsvForm {
            path: path.to_owned(),
        };
        let sheet = book.sheets.first().ok_or_else(not)?;
        let pairs: Vec<(String, String)> = sheet
            .row_texts(0)
            .chunks(2)
            .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
            .collect();
        let meta = Meta::from_pairs(&pairs).ok_or_else(not)?;
        let rows = csv_rows(sheet, language(&meta).t());
        return Ok(Sent { meta, rows });
    }
    let sheet = book.sheet(form::META_SHEET).ok_or_else(not)?;
    let (mut pairs, mut rows) = (Vec::new(), Vec::new());
    for r in 0..sheet.rows() {
        let cells: Vec<String> = (0..7).map(|c| sheet.text(r, c)).collect();
        if cells[0] == "row" {
            let key = RowKey::parse(&cells[1..6]).ok_or_else(not)?;
            let print = u64::from_str_radix(&cells[6], 16).map_err(|_| not())?;
            rows.push((key, print));
        } else if !cells[0].is_empty() {
            pairs.push((cells[0].clone(), cells[1].clone()));
        }
    }
    let meta = Meta::from_pairs(&pairs).ok_or_else(not)?;
    Ok(Sent { meta, rows })
}

/// The rows a CSV form asked about, from its rows' ids and 照合キー (those that read as such).
fn csv_rows(sheet: &Sheet, t: &Words) -> Vec<(RowKey, u64)> {
    let col = |h: &str| sheet.find(1, h);
    let (Some(item_c), Some(ms_c), Some(round_c), Some(key_c)) = (
        col(t.form_item_id),
        col(t.form_milestone_id),
        col(t.form_round),
        col(CSV_KEY),
    ) else {
        return Vec::new();
    };
    (2..sheet.rows())
        .filter_map(|r| {
            let item = ItemId::parse(&sheet.text(r, item_c))?;
            let round = match sheet.text(r, round_c).as_str() {
                "" => None,
                y => Some(input::fiscal_year(y).ok()?),
            };
            let print = u64::from_str_radix(&sheet.text(r, key_c), 16).ok()?;
            let milestone = sheet.text(r, ms_c);
            Some((
                RowKey::Progress {
                    item,
                    milestone,
                    round,
                },
                print,
            ))
        })
        .collect()
}

/// The column whose header (in `header_row`) reads `header`; a problem when there is none.
fn column(sheet: &Sheet, header_row: u32, header: &str, problems: &mut Vec<Msg>) -> Option<u32> {
    let found = sheet.find(header_row, header);
    if found.is_none() {
        problems.push(Msg::ColumnMissing {
            sheet: sheet.name.clone(),
            column: header.to_owned(),
        });
    }
    found
}

/// A column the sheet does not have: every cell of it reads empty.
const ABSENT: u32 = u32::MAX;

/// The columns of an input sheet by header, from its header row. A missing column the importer
/// reads (the ids that say what a row is about, and the answers) is a problem; a missing context
/// column is [`ABSENT`], so that a form made before a context column was added still imports.
fn columns(
    sheet: &Sheet,
    header_row: u32,
    list: &[Column],
    t: &Words,
    problems: &mut Vec<Msg>,
) -> Option<Vec<u32>> {
    let ids = [
        t.form_item_id,
        t.form_milestone_id,
        t.form_round,
        t.form_indicator_id,
        t.form_series,
    ];
    let found: Vec<Option<u32>> = list
        .iter()
        .map(|col| {
            let header = (col.header)(t);
            // A form sent before the column took more than a FY names it as it was.
            let before = (header == t.form_new_end)
                .then(|| sheet.find(header_row, t.form_new_end_before))
                .flatten();
            if let Some(c) = before {
                Some(c)
            } else if col.input || ids.contains(&header) {
                column(sheet, header_row, header, problems)
            } else {
                Some(sheet.find(header_row, header).unwrap_or(ABSENT))
            }
        })
        .collect();
    found.into_iter().collect()
}

/// Reads one sheet's cells for the importer, collecting problems and warnings as it goes.
struct Reader<'a> {
    sheet: &'a Sheet,
    problems: &'a mut Vec<Msg>,
    warnings: &'a mut Vec<Msg>,
}

impl Reader<'_> {
    fn at(&self, row: u32, col: u32) -> String {
        format!("{}!{}", self.sheet.name, cell_ref(row, col))
    }

    /// A row whose ids were cleared is a deleted row, unless it holds an answer: that answer has
    /// no row to go to, and is refused at its first cell rather than dropped unseen.
    fn answer_without_ids(&mut self, row: u32, inputs: &[u32]) {
        if let Some(&col) = inputs
            .iter()
            .find(|c| !self.sheet.text(row, **c).is_empty())
        {
            self.bad(row, col, Msg::AnswerWithoutIds, Accepts::Text);
        }
    }

    fn bad(&mut self, row: u32, col: u32, msg: Msg, accepts: Accepts) {
        let cell = self.at(row, col);
        self.problems.push(Msg::InCell {
            cell,
            msg: Box::new(msg),
            accepts,
        });
    }

    /// An input cell: its value (a formula counts as its cached value, with a warning). A formula
    /// saved without its result is a problem, not an empty cell: the answer it computes would be
    /// lost unseen.
    fn input(&mut self, row: u32, col: u32) -> &Cell {
        let cell = self.sheet.get(row, col);
        if let Some(f) = self.sheet.formulas.get(&(row, col)) {
            if self.sheet.uncached.contains(&(row, col)) {
                self.problems.push(Msg::FormulaUncached {
                    cell: self.at(row, col),
                    formula: f.clone(),
                });
                return cell;
            }
            let value = self.sheet.text(row, col);
            self.warnings.push(Msg::FormulaTaken {
                cell: self.at(row, col),
                formula: f.clone(),
                value,
            });
        }
        cell
    }

    /// Text as typed: spaces and line breaks at the ends trimmed; `None` when empty.
    fn text(&mut self, row: u32, col: u32) -> Option<String> {
        self.input(row, col);
        let s = self.sheet.text(row, col);
        (!s.is_empty()).then_some(s)
    }

    fn date(&mut self, row: u32, col: u32, today: NaiveDate) -> Option<Option<NaiveDate>> {
        let day = match self.input(row, col).clone() {
            Cell::Empty => return Some(None),
            Cell::Date(d) => d,
            Cell::Number(n) => match serial(n) {
                Some(d) => d,
                None => {
                    let typed = crate::text::number(n);
                    self.bad(row, col, Msg::BadDateInput { value: typed }, Accepts::Date);
                    return None;
                }
            },
            Cell::Text(s) => match input::date(s.trim()) {
                Ok(d) => d,
                Err(e) => {
                    self.bad(row, col, e, Accepts::Date);
                    return None;
                }
            },
            Cell::Bool(_) | Cell::Error(_) => {
                let value = self.sheet.text(row, col);
                self.bad(row, col, Msg::BadDateInput { value }, Accepts::Date);
                return None;
            }
        };
        if day > today {
            let date = day.to_string();
            self.bad(row, col, Msg::FutureDate { date }, Accepts::Date);
            return None;
        }
        Some(Some(day))
    }

    fn fy(&mut self, row: u32, col: u32) -> Option<Option<Fy>> {
        self.typed(row, col, input::fiscal_year, Accepts::Fy)
    }

    /// A milestone's new end: a FY (a number cell too), a finer point, 目途, 期限なし. A date cell
    /// is the month it falls in, as `2025-12` reads: Excel makes a date of a typed `2025/12` or
    /// `2025年12月`, and its day is Excel's, not the 部局's.
    fn end(&mut self, row: u32, col: u32) -> Option<Option<input::End>> {
        let day = match self.sheet.get(row, col) {
            Cell::Date(d) => Some(*d),
            Cell::Number(n) if self.sheet.dated.contains(&(row, col)) => serial(*n),
            _ => None,
        };
        if let Some(d) = day {
            use chrono::Datelike as _;
            self.input(row, col);
            return Some(Some(input::End {
                until: Some(Until::Month(d.year(), d.month())),
                ..input::End::default()
            }));
        }
        self.typed(row, col, input::end, Accepts::End)
    }

    /// A cell read as people type it: `Some(None)` when empty, `None` (with the problem) when it
    /// does not read.
    fn typed<T>(
        &mut self,
        row: u32,
        col: u32,
        read: fn(&str) -> Result<T, Msg>,
        accepts: Accepts,
    ) -> Option<Option<T>> {
        let Some(s) = self.text(row, col) else {
            return Some(None);
        };
        match read(&s) {
            Ok(v) => Some(Some(v)),
            Err(e) => {
                self.bad(row, col, e, accepts);
                None
            }
        }
    }

    /// A value of a series: a number cell, or text read as people type numbers.
    fn value(
        &mut self,
        row: u32,
        col: u32,
        kind: SeriesKind,
        unit: Option<&str>,
    ) -> Option<Option<Val>> {
        let cell = self.input(row, col).clone();
        // Excel keeps a typed `72.5%` as 0.725 shown as a percent: such a cell is read as shown,
        // unit and all, so that it is 72.5 in a % series and refused in a series of another unit.
        let as_percent = match cell {
            Cell::Number(n) if self.sheet.percent.contains(&(row, col)) => {
                Some(format!("{}%", crate::text::number(percent(n))))
            }
            _ => None,
        };
        let typed = as_percent
            .clone()
            .unwrap_or_else(|| self.sheet.text(row, col));
        match (cell, kind) {
            (Cell::Empty, _) => Some(None),
            (_, SeriesKind::Text) => Some(Some(Val::Text(typed))),
            (Cell::Number(n), SeriesKind::Number) if as_percent.is_none() => {
                Some(Some(Val::Number(n)))
            }
            (_, SeriesKind::Number) => match input::number(&typed, unit) {
                Ok(n) => Some(Some(Val::Number(n))),
                Err(e) => {
                    self.bad(row, col, e, Accepts::Number);
                    None
                }
            },
        }
    }

    /// Merged ranges that touch the input columns below the header.
    fn merged_inputs(&mut self, header_row: u32, cols: &[u32], list: &[Column]) {
        let inputs: Vec<u32> = cols
            .iter()
            .zip(list)
            .filter(|(_, c)| c.input)
            .map(|(c, _)| *c)
            .collect();
        for ((r0, c0), (r1, c1)) in &self.sheet.merged {
            if *r1 > header_row && inputs.iter().any(|c| (c0..=c1).contains(&c)) {
                self.problems.push(Msg::MergedInput {
                    sheet: self.sheet.name.clone(),
                    range: format!("{}:{}", cell_ref(*r0, *c0), cell_ref(*r1, *c1)),
                });
            }
        }
    }
}

/// An Excel date serial (1900 system): 1 is 1900-01-01; 60 is Excel's 1900-02-29, which never
/// was.
fn serial(n: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    // In range: a whole number of days well inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let days = n.floor() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::Duration::days(if days < 61 {
        days + 1
    } else {
        days
    }))
}

/// A number shown as a percent, as the percent Excel shows: ×100 in decimal (0.725 is 72.5, not
/// the 72.49999999999999 of multiplying the binary fraction).
fn percent(n: f64) -> f64 {
    let shortest = format!("{n:e}");
    shortest
        .split_once('e')
        .and_then(|(digits, exp)| {
            let exp: i32 = exp.parse().ok()?;
            format!("{digits}e{}", exp + 2).parse().ok()
        })
        .unwrap_or(n * 100.0)
}

fn key_name(key: &RowKey) -> String {
    match key {
        RowKey::Progress {
            item,
            milestone,
            round: Some(y),
        } => format!("{item} {milestone} ({y})"),
        RowKey::Progress {
            item, milestone, ..
        } => format!("{item} {milestone}"),
        RowKey::Value {
            item,
            indicator,
            series,
            fy,
        } => format!("{item} {indicator}/{series} ({fy})"),
    }
}

/// The answer word in either language's list.
fn answer(typed: &str) -> Option<Option<Reported>> {
    let typed = input::half_width(typed);
    let typed = typed.trim();
    Lang::ALL
        .iter()
        .flat_map(|l| form::answers(l.t()))
        .find(|(w, _)| w.eq_ignore_ascii_case(typed))
        .map(|(_, s)| s)
}

/// Where a row's record stands in its item: milestones before indicators, each in file order, then
/// the round or FY.
type Place = (u8, usize, usize, Fy);

/// The place of a row's edits, so that they come out the same whatever order the rows are in.
fn place(item: &Item, key: &RowKey) -> Place {
    let at = |i: Option<usize>| i.unwrap_or(usize::MAX);
    match key {
        RowKey::Progress {
            milestone, round, ..
        } => {
            let m = item
                .milestones
                .iter()
                .position(|m| m.id.value == *milestone);
            (0, at(m), 0, round.unwrap_or_default())
        }
        RowKey::Value {
            indicator,
            series,
            fy,
            ..
        } => {
            let i = item
                .indicators
                .iter()
                .position(|x| x.id.value == *indicator);
            let s = i
                .and_then(|i| item.indicators.get(i))
                .and_then(|x| x.series.iter().position(|s| s.id.value == *series));
            (1, at(i), at(s), *fy)
        }
    }
}

/// Which id of a row a problem is about: the cell it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Item,
    /// The milestone or the indicator.
    Record,
    Series,
}

/// Everything an import needs besides the workbook.
#[derive(Debug)]
pub struct Request<'a> {
    pub roadmap: &'a Roadmap,
    pub path: &'a str,
    pub today: NaiveDate,
    pub force: bool,
}

struct Work<'a> {
    req: &'a Request<'a>,
    meta: Meta,
    prints: BTreeMap<RowKey, u64>,
    seen: BTreeSet<RowKey>,
    ops: BTreeMap<ItemId, Vec<(Place, Op)>>,
    out: Outcome,
    problems: Vec<Msg>,
}

impl Work<'_> {
    fn item(&self, id: ItemId) -> Option<&Item> {
        self.req.roadmap.item(&id)
    }

    /// The problem with a row that is not the form's own or not known to the roadmap, and the id
    /// it is about.
    fn known(&mut self, key: &RowKey, csv_print: Option<u64>) -> Option<(Part, Msg)> {
        if !self.prints.contains_key(key)
            && let Some(p) = csv_print
        {
            self.prints.insert(key.clone(), p);
        }
        let unknown = match key {
            RowKey::Progress {
                item, milestone, ..
            } => match self.item(*item) {
                None => Some(Part::Item),
                Some(i) if !i.milestones.iter().any(|m| m.id.value == *milestone) => {
                    Some(Part::Record)
                }
                Some(_) => None,
            },
            RowKey::Value {
                item,
                indicator,
                series,
                ..
            } => match self.item(*item) {
                None => Some(Part::Item),
                Some(i) => match i.indicators.iter().find(|x| x.id.value == *indicator) {
                    None => Some(Part::Record),
                    Some(x) if !x.series.iter().any(|s| s.id.value == *series) => {
                        Some(Part::Series)
                    }
                    Some(_) => None,
                },
            },
        };
        if let Some(part) = unknown {
            return Some((part, Msg::UnknownRow { key: key_name(key) }));
        }
        if !self.prints.contains_key(key) || !self.seen.insert(key.clone()) {
            return Some((Part::Record, Msg::NotInForm { key: key_name(key) }));
        }
        None
    }

    /// Whether the roadmap still says what the form was made from; a conflict otherwise.
    /// Whether the row (answered at `cell`) is as it was when the form was made; else a conflict,
    /// named by its cell, taken only with `--force`.
    fn fresh(&mut self, key: &RowKey, now: u64, cell: String) -> bool {
        if self.prints.get(key) == Some(&now) {
            return true;
        }
        self.out.conflicts.push(Msg::Conflict {
            key: key_name(key),
            cell,
        });
        self.req.force
    }

    fn push(&mut self, key: &RowKey, op: Op) {
        let item = match key {
            RowKey::Progress { item, .. } | RowKey::Value { item, .. } => *item,
        };
        let at = self.item(item).map(|i| place(i, key)).unwrap_or_default();
        self.ops.entry(item).or_default().push((at, op));
    }
}

fn milestone<'r>(roadmap: &'r Roadmap, item: ItemId, id: &str) -> Option<&'r Milestone> {
    roadmap
        .item(&item)?
        .milestones
        .iter()
        .find(|m| m.id.value == id)
}

/// A progress row's answer, as read from its cells.
struct Answer {
    typed: Option<String>,
    status: Option<Reported>,
    done_on: Option<NaiveDate>,
    text: Option<String>,
    evidence: Option<String>,
    reason: Option<String>,
    /// 見直し後の終了時期: a FY, a finer point, 目途, 期限なし.
    new_end: Option<input::End>,
}

impl Answer {
    /// The report's text: the 進捗状況 cell, else what was typed in 状況 when it is no status
    /// word.
    fn report_text(&self) -> Option<String> {
        self.text
            .clone()
            .or_else(|| self.status.is_none().then(|| self.typed.clone()).flatten())
    }
}

/// A correction of a row reported done or dropped: 完了 on either, or 中止 on a row reported
/// 中止, corrects the report that closed it (a wrong 完了日, a 中止 that was a mistake) in place;
/// any other answer is a new report, later than it, that supersedes it (`None` here). With the
/// closing report's place, the report it becomes, or `None` when the answer restates it.
fn correction<'m>(
    m: &'m Milestone,
    round: Option<Fy>,
    a: &Answer,
    today: NaiveDate,
) -> Option<(usize, &'m Report, Option<NewReport>)> {
    let (index, closing) = form::closing(m, round, today)?;
    let was = closing.status.as_ref().map(|s| s.value);
    match (a.status, was) {
        (Some(Reported::Done), _) | (Some(Reported::Dropped), Some(Reported::Dropped)) => {}
        _ => return None,
    }
    let on = match (a.status, was) {
        (Some(Reported::Done), Some(Reported::Done)) => a.done_on.unwrap_or(closing.on.value),
        (Some(Reported::Done), _) => a.done_on.unwrap_or(today),
        _ => closing.on.value,
    };
    let differs = |given: &Option<String>, now: &Option<crate::model::Sp<String>>| {
        given
            .as_ref()
            .is_some_and(|g| now.as_ref().is_none_or(|n| n.value != *g))
    };
    let reason_goes = a.status == Some(Reported::Done) && closing.reason.is_some();
    let changes = on != closing.on.value
        || a.status != was
        || differs(&a.text, &closing.text)
        || differs(&a.evidence, &closing.evidence)
        || differs(&a.reason, &closing.reason)
        || (reason_goes && a.reason.is_none());
    let report = changes.then(|| NewReport {
        on,
        status: a.status,
        text: a.text.clone(),
        evidence: a.evidence.clone(),
        reason: a.reason.clone(),
        ..NewReport::default()
    });
    Some((index, closing, report))
}

fn progress(w: &mut Work<'_>, sheet: &Sheet, header_row: u32, csv: bool, t: &Words) {
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    let Some(cols) = columns(sheet, header_row, &PROGRESS, t, &mut problems) else {
        w.problems.append(&mut problems);
        return;
    };
    let key_col = if csv {
        column(sheet, header_row, CSV_KEY, &mut problems)
    } else {
        None
    };
    let mut rd = Reader {
        sheet,
        problems: &mut problems,
        warnings: &mut warnings,
    };
    rd.merged_inputs(header_row, &cols, &PROGRESS);
    let [
        item_c,
        _,
        ms_c,
        _,
        round_c,
        _,
        _,
        _,
        _,
        _,
        status_c,
        done_c,
        text_c,
        ev_c,
        reason_c,
        end_c,
    ] = cols[..]
    else {
        return;
    };
    for row in header_row + 1..sheet.rows() {
        let id = sheet.text(row, item_c);
        if id.is_empty() && sheet.text(row, ms_c).is_empty() {
            let inputs = [status_c, done_c, text_c, ev_c, reason_c, end_c];
            rd.answer_without_ids(row, &inputs);
            continue;
        }
        let Some(item) = ItemId::parse(&id) else {
            rd.bad(row, item_c, Msg::UnknownRow { key: id }, Accepts::Text);
            continue;
        };
        let Some(round) = rd.fy(row, round_c) else {
            continue;
        };
        let milestone_id = sheet.text(row, ms_c);
        let key = RowKey::Progress {
            item,
            milestone: milestone_id.clone(),
            round,
        };
        let csv_print = key_col.and_then(|c| u64::from_str_radix(&sheet.text(row, c), 16).ok());
        // The context cells must be checked first: a problem there means the answers have no row.
        if let Some((part, p)) = w.known(&key, csv_print) {
            rd.bad(
                row,
                if part == Part::Item { item_c } else { ms_c },
                p,
                Accepts::Text,
            );
            continue;
        }
        let typed = rd.text(row, status_c);
        let status = match typed.as_deref().map(|s| (s, answer(s))) {
            None => None,
            Some((_, Some(s))) => s,
            Some((s, None)) => {
                let typed = s.to_owned();
                rd.bad(row, status_c, Msg::BadAnswer { typed }, Accepts::Status);
                continue;
            }
        };
        let done_on = rd.date(row, done_c, w.req.today);
        let text = rd.text(row, text_c);
        let evidence = rd.text(row, ev_c);
        let reason = rd.text(row, reason_c);
        let new_end = rd.end(row, end_c);
        let (Some(done_on), Some(new_end)) = (done_on, new_end) else {
            continue;
        };
        let mut a = Answer {
            typed,
            status,
            done_on,
            text,
            evidence,
            reason,
            new_end,
        };
        let Some(m) = milestone(w.req.roadmap, item, &milestone_id) else {
            continue;
        };
        if a.done_on.is_some() && a.status != Some(Reported::Done) {
            let done = form::closing(m, round, w.req.today)
                .is_some_and(|(_, r)| r.status.as_ref().map(|s| s.value) == Some(Reported::Done));
            if a.typed.is_none() && done {
                // A 完了日 alone on a row reported done corrects its date.
                a.status = Some(Reported::Done);
            } else {
                rd.bad(row, done_c, Msg::DoneOnWithoutDone, Accepts::Text);
                continue;
            }
        }
        let nothing = a.status.is_none() && a.typed.is_none() && a.text.is_none();
        if nothing && a.evidence.is_none() && a.new_end.is_none() {
            // A reason with nothing it is the reason for would be dropped unseen.
            if a.reason.is_some() {
                rd.bad(row, reason_c, Msg::ReasonAlone, Accepts::Text);
            }
            continue;
        }
        if a.status.is_some_and(Reported::needs_reason) && a.reason.is_none() {
            let s = a.typed.clone().unwrap_or_default();
            rd.bad(
                row,
                reason_c,
                Msg::ReasonNeeded { status: s },
                Accepts::Text,
            );
            continue;
        }
        if a.new_end.is_some() && a.reason.is_none() {
            rd.bad(row, reason_c, Msg::ReasonForNewEnd, Accepts::Text);
            continue;
        }
        // A new end the change (dated today) cannot make, as `record` refuses it.
        if let Some(end) = &a.new_end {
            let typed = sheet.text(row, end_c);
            let delay = a.status == Some(Reported::Delayed);
            let checked =
                crate::record::check_new_end(w.req.roadmap, m, (end, &typed), w.req.today, delay);
            if let Err(msg) = checked {
                rd.bad(row, end_c, msg, Accepts::Text);
                continue;
            }
        }
        let cell = rd.at(row, status_c);
        answer_row(w, m, (&key, cell), a);
    }
    w.out.warnings.append(&mut warnings);
    w.problems.append(&mut problems);
}

/// Turns a checked answer into edits: a correction of the report that closed the row, or a new
/// report, and a schedule change for a new last FY; nothing when this form's answer is in
/// already.
fn answer_row(w: &mut Work<'_>, m: &Milestone, (key, cell): (&RowKey, String), a: Answer) {
    let RowKey::Progress { round, .. } = *key else {
        return;
    };
    let id = w.meta.id.clone();
    let mine = |f: &Option<crate::model::Sp<String>>| form::came_from(f, &id);
    let before = m
        .reports
        .iter()
        .find(|r| mine(&r.form) && r.fy.as_ref().map(|y| y.value) == round);
    let changed_before = a.new_end.is_some() && m.changes.iter().any(|c| mine(&c.form));
    if let Some(r) = before {
        // Another copy of the same form (two people filled it in, or a correction was sent)
        // answering otherwise is not "imported already": its answer would be lost unseen.
        let text = a.report_text();
        let value = |s: &Option<crate::model::Sp<String>>| s.as_ref().map(|s| s.value.clone());
        // What the copy leaves empty is no other answer (a 完了日 alone corrects only the date).
        let agrees =
            |theirs: Option<String>, ours: Option<String>| ours.is_none() || theirs == ours;
        let same = (a.status.is_none() || r.status.as_ref().map(|s| s.value) == a.status)
            && (a.done_on.is_none() || Some(r.on.value) == a.done_on)
            && agrees(value(&r.text), text)
            && agrees(value(&r.evidence), a.evidence.clone());
        if same || changed_before {
            w.out.already += 1;
            return;
        }
        w.out.conflicts.push(Msg::AnsweredBefore {
            key: key_name(key),
            on: r.on.value,
            status: r.status.as_ref().map(|s| s.value),
            text: value(&r.text),
        });
        if !w.req.force {
            return;
        }
    } else if changed_before {
        w.out.already += 1;
        return;
    }
    let today = w.req.today;
    let fix = correction(m, round, &a, today);
    if let Some((_, _, None)) = fix
        && a.new_end.is_none()
    {
        // The answer says what the roadmap says already.
        w.out.already += 1;
        return;
    }
    if !w.fresh(key, form::milestone_print(m, &id), cell.clone()) {
        return;
    }
    w.out.answered += 1;
    let milestone = m.id.value.clone();
    let by = w.meta.owner.clone();
    match fix {
        Some((index, closing, Some(report))) => w.push(
            key,
            Op::Amend {
                milestone: milestone.clone(),
                index,
                was: closing.on.value,
                report: NewReport {
                    by,
                    form: Some(id.clone()),
                    ..report
                },
            },
        ),
        Some((_, _, None)) => {}
        None if a.typed.is_some() || a.text.is_some() || a.evidence.is_some() => {
            let on = match a.status {
                Some(Reported::Done) => a.done_on.unwrap_or(today),
                _ => today,
            };
            // A completion's day is what the 部局 says; where it says none, or one before the
            // milestone began, the record says so rather than state it unseen.
            let begins = w.req.roadmap.plan.fiscal_year_start.start_of(m.from.value);
            match (a.status, a.done_on) {
                (Some(Reported::Done), None) => {
                    w.out.warnings.push(Msg::DoneDatedToday { cell, day: on });
                }
                (Some(Reported::Done), Some(d)) if d < begins => {
                    w.out.warnings.push(Msg::DoneBeforeStart {
                        cell,
                        day: d,
                        from: m.from.value,
                    });
                }
                _ => {}
            }
            let text = a.report_text();
            let report = NewReport {
                on,
                status: a.status,
                fy: round,
                text,
                evidence: a.evidence,
                by,
                reason: a.reason.clone(),
                form: Some(id.clone()),
            };
            w.push(
                key,
                Op::Report {
                    milestone: milestone.clone(),
                    report,
                },
            );
        }
        None => {}
    }
    if let Some(to) = a.new_end {
        let change = NewChange {
            on: today,
            from: None,
            to: to.to,
            until: to.until,
            approx: to.approx && !to.open,
            open: to.open,
            reason: a.reason.unwrap_or_default(),
            form: Some(id),
        };
        w.push(key, Op::Change { milestone, change });
    }
}

/// The row's series and FY, each wrong id a problem naming its cell.
fn value_row<'r>(
    rd: &mut Reader<'_>,
    roadmap: &'r Roadmap,
    row: u32,
    [item_c, ind_c, series_c, fy_c]: [u32; 4],
) -> Option<(
    ItemId,
    &'r crate::model::Indicator,
    &'r crate::model::Series,
    Fy,
)> {
    let sheet = rd.sheet;
    let text = |c| sheet.text(row, c);
    let (id, ind_id, series_id) = (text(item_c), text(ind_c), text(series_c));
    let unknown = |what: &str| Msg::UnknownRow {
        key: format!("{id} {what}").trim_end().to_owned(),
    };
    let Some((item, i)) = ItemId::parse(&id).and_then(|x| Some((x, roadmap.item(&x)?))) else {
        rd.bad(row, item_c, unknown(""), Accepts::Text);
        return None;
    };
    let Some(ind) = i.indicators.iter().find(|x| x.id.value == ind_id) else {
        rd.bad(row, ind_c, unknown(&ind_id), Accepts::Text);
        return None;
    };
    let Ok(s) = edit::series(ind, Some(&series_id)) else {
        rd.bad(
            row,
            series_c,
            unknown(&format!("{ind_id}/{series_id}")),
            Accepts::Text,
        );
        return None;
    };
    let Some(fy) = rd.fy(row, fy_c)? else {
        let what = format!("{ind_id}/{series_id}");
        rd.bad(row, fy_c, unknown(&what), Accepts::Fy);
        return None;
    };
    Some((item, ind, s, fy))
}

fn values(w: &mut Work<'_>, sheet: &Sheet, t: &Words) {
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    let Some(cols) = columns(sheet, 0, &VALUES, t, &mut problems) else {
        w.problems.append(&mut problems);
        return;
    };
    let mut rd = Reader {
        sheet,
        problems: &mut problems,
        warnings: &mut warnings,
    };
    rd.merged_inputs(0, &cols, &VALUES);
    let [item_c, ind_c, _, series_c, fy_c, _, _, _, value_c, note_c] = cols[..] else {
        return;
    };
    let roadmap = w.req.roadmap;
    for row in 1..sheet.rows() {
        if sheet.text(row, item_c).is_empty() && sheet.text(row, ind_c).is_empty() {
            rd.answer_without_ids(row, &[value_c, note_c]);
            continue;
        }
        let Some((item, ind, s, fy)) =
            value_row(&mut rd, roadmap, row, [item_c, ind_c, series_c, fy_c])
        else {
            continue;
        };
        let key = RowKey::Value {
            item,
            indicator: ind.id.value.clone(),
            series: s.id.value.clone(),
            fy,
        };
        if let Some((part, p)) = w.known(&key, None) {
            let col = match part {
                Part::Item => item_c,
                Part::Record => ind_c,
                Part::Series => series_c,
            };
            rd.bad(row, col, p, Accepts::Text);
            continue;
        }
        let unit = s.unit.as_ref().map(|u| u.value.as_str());
        let Some(value) = rd.value(row, value_c, s.kind.value, unit) else {
            continue;
        };
        let note = rd.text(row, note_c);
        let current = s.values.iter().find(|v| v.fy.value == fy);
        // A 備考 alone changes the note of the value recorded; without one it has nothing to go with.
        let value = match (value, current) {
            (Some(v), _) => v,
            (None, Some(c)) if note.is_some() => c.value.value.clone(),
            (None, None) if note.is_some() => {
                rd.bad(row, value_c, Msg::ValueNeeded, Accepts::Number);
                continue;
            }
            (None, _) => continue,
        };
        let same_note = note.as_ref().is_none_or(|n| {
            current
                .and_then(|c| c.note.as_ref())
                .is_some_and(|c| c.value == *n)
        });
        if current.is_some_and(|v| v.value.value == value) && same_note {
            w.out.already += 1;
            continue;
        }
        if !w.fresh(&key, form::value_print(s, fy), rd.at(row, value_c)) {
            continue;
        }
        w.out.answered += 1;
        let op = Op::Value {
            indicator: ind.id.value.clone(),
            series: s.id.value.clone(),
            fy,
            value,
            source: None,
            published: None,
            note,
            form: Some(w.meta.id.clone()),
        };
        w.push(&key, op);
    }
    w.out.warnings.append(&mut warnings);
    w.problems.append(&mut problems);
}

/// Refuses a form made from another roadmap, or another edition of this one (same title, other
/// publication): its rows name items and milestones that are not these.
pub fn check_ours(meta: &Meta, plan: &crate::model::Plan) -> Result<(), Msg> {
    if meta.plan != plan.title.value {
        return Err(Msg::ForeignForm {
            plan: meta.plan.clone(),
            ours: plan.title.value.clone(),
        });
    }
    match meta.plan_key.as_ref() {
        Some(key) if *key != form::plan_key(plan) => Err(Msg::ForeignEdition {
            plan: meta.plan.clone(),
            form: key.clone(),
            ours: form::plan_key(plan),
        }),
        _ => Ok(()),
    }
}

/// Reads a filled-in form against the roadmap: the edits it makes, or every problem. `sent` is
/// the form's own record, read from `book` ([`sent`]) and found to be this roadmap's
/// ([`check_ours`]) by the caller: the wrong file is not a problem in a form.
pub fn import(req: &Request<'_>, book: &Book, sent: Sent) -> Result<Outcome, Vec<Msg>> {
    let lang = language(&sent.meta);
    let t = lang.t();
    let mut w = Work {
        req,
        prints: sent.rows.iter().cloned().collect(),
        seen: BTreeSet::new(),
        ops: BTreeMap::new(),
        out: Outcome {
            id: sent.meta.id.clone(),
            ..Outcome::default()
        },
        meta: sent.meta,
        problems: Vec::new(),
    };
    if book.csv {
        let sheet = &book.sheets[0];
        progress(&mut w, sheet, 1, true, t);
        let expected: Option<usize> = sheet
            .find(0, "rows")
            .and_then(|c| sheet.text(0, c + 1).parse().ok());
        let missing = expected.map_or(0, |n: usize| n.saturating_sub(w.seen.len()));
        if missing > 0 {
            w.out.warnings.push(Msg::RowsMissing { missing });
        }
    } else {
        for (name, has_rows) in [
            (t.form_progress_sheet, true),
            (
                t.form_indicator_sheet,
                w.prints.keys().any(|k| matches!(k, RowKey::Value { .. })),
            ),
        ] {
            match book.sheet(name) {
                Some(sheet) if name == t.form_progress_sheet => {
                    progress(&mut w, sheet, 0, false, t)
                }
                Some(sheet) => values(&mut w, sheet, t),
                None if has_rows => w.problems.push(Msg::SheetMissing {
                    sheet: name.to_owned(),
                    present: names(book),
                }),
                None => {}
            }
        }
        let missing: Vec<RowKey> = w
            .prints
            .keys()
            .filter(|k| !w.seen.contains(*k))
            .cloned()
            .collect();
        for key in missing {
            w.out.warnings.push(Msg::RowDeleted {
                key: key_name(&key),
            });
        }
    }
    if !w.problems.is_empty() {
        return Err(w.problems);
    }
    for (item, mut ops) in std::mem::take(&mut w.ops) {
        // Stable: a row's report stays before its schedule change.
        ops.sort_by_key(|(at, _)| *at);
        let ops = ops.into_iter().map(|(_, op)| op).collect();
        if let Some(i) = req.roadmap.item(&item) {
            w.out.edits.push(Edit {
                path: i.path.clone(),
                ops,
            });
        }
    }
    Ok(w.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_serials_read_as_excel_shows_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(serial(45_382.0), d(2024, 3, 31));
        assert_eq!(serial(1.0), d(1900, 1, 1));
        assert_eq!(serial(61.0), d(1900, 3, 1));
        assert_eq!(serial(0.0), None);
        assert_eq!(serial(f64::NAN), None);
    }

    #[test]
    fn a_percent_is_the_number_excel_shows() {
        assert_eq!(percent(0.725), 72.5);
        assert_eq!(percent(0.07), 7.0);
        assert_eq!(percent(0.123_456), 12.3456);
        assert_eq!(percent(1.0), 100.0);
        assert_eq!(percent(-0.5), -50.0);
        assert_eq!(percent(0.0), 0.0);
        assert_eq!(
            0.07 * 100.0,
            7.000_000_000_000_001,
            "why percent does not multiply"
        );
    }

    #[test]
    fn answers_in_either_language() {
        use crate::model::Reported;
        assert_eq!(answer("完了"), Some(Some(Reported::Done)));
        assert_eq!(answer(" in progress "), Some(Some(Reported::InProgress)));
        assert_eq!(answer("変更なし"), Some(None));
        assert_eq!(answer("済"), None);
    }
}
