//! A filled-in form read back: every answered row checked against the form and the roadmap, and
//! turned into edits (reports, schedule changes, indicator values) that name the form they came
//! from. Every problem is collected, each naming its cell (`進捗入力!J12`) and what the cell
//! accepts; nothing is edited unless there are none. Pure: the workbook, roadmap and today are
//! given.
//!
//! A row the roadmap changed since the form was made (its fingerprint differs) is a conflict; a
//! row already imported from this form (a report or change naming it, a value that already says
//! the answer) is skipped, so importing a form twice changes nothing the second time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::edit::{self, NewChange, NewReport, Op};
use crate::form::{self, Meta, RowKey, Sent};
use crate::i18n::{Accepts, Lang, Msg, Words};
use crate::input;
use crate::model::{Fy, Item, ItemId, Milestone, Roadmap, SeriesKind, Val};
use crate::record::Edit;
use crate::render::form::{CSV_KEY, Column, PROGRESS, VALUES};
use crate::sheet::{Book, Cell, Sheet, cell_ref};

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
        let sheet = book.sheets.first().ok_or_else(not)?;
        let pairs: Vec<(String, String)> = sheet
            .row_texts(0)
            .chunks(2)
            .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
            .collect();
        let meta = Meta::from_pairs(&pairs).ok_or_else(not)?;
        return Ok(Sent {
            meta,
            rows: Vec::new(),
        });
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

/// The columns of an input sheet by header, from its header row (every missing one a problem).
fn columns(
    sheet: &Sheet,
    header_row: u32,
    list: &[Column],
    t: &Words,
    problems: &mut Vec<Msg>,
) -> Option<Vec<u32>> {
    let found: Vec<Option<u32>> = list
        .iter()
        .map(|col| column(sheet, header_row, (col.header)(t), problems))
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

    fn bad(&mut self, row: u32, col: u32, msg: Msg, accepts: Accepts) {
        let cell = self.at(row, col);
        self.problems.push(Msg::InCell {
            cell,
            msg: Box::new(msg),
            accepts,
        });
    }

    /// An input cell: its value (a formula counts as its cached value, with a warning).
    fn input(&mut self, row: u32, col: u32) -> &Cell {
        let cell = self.sheet.get(row, col);
        if let Some(f) = self.sheet.formulas.get(&(row, col)) {
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
        let Some(s) = self.text(row, col) else {
            return Some(None);
        };
        match input::fiscal_year(&s) {
            Ok(y) => Some(Some(y)),
            Err(e) => {
                self.bad(row, col, e, Accepts::Fy);
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
        let typed = self.sheet.text(row, col);
        match (cell, kind) {
            (Cell::Empty, _) => Some(None),
            (_, SeriesKind::Text) => Some(Some(Val::Text(typed))),
            (Cell::Number(n), SeriesKind::Number) => Some(Some(Val::Number(n))),
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
fn answer(typed: &str) -> Option<Option<crate::model::Reported>> {
    let typed = input::half_width(typed);
    let typed = typed.trim();
    Lang::ALL
        .iter()
        .flat_map(|l| form::answers(l.t()))
        .find(|(w, _)| w.eq_ignore_ascii_case(typed))
        .map(|(_, s)| s)
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
    ops: BTreeMap<ItemId, Vec<Op>>,
    out: Outcome,
    problems: Vec<Msg>,
}

impl Work<'_> {
    fn item(&self, id: ItemId) -> Option<&Item> {
        self.req.roadmap.item(&id)
    }

    /// The problem with a row that is not the form's own or not known to the roadmap.
    fn known(&mut self, key: &RowKey, csv_print: Option<u64>) -> Option<Msg> {
        if !self.prints.contains_key(key)
            && let Some(p) = csv_print
        {
            self.prints.insert(key.clone(), p);
        }
        let found = match key {
            RowKey::Progress {
                item, milestone, ..
            } => self
                .item(*item)
                .is_some_and(|i| i.milestones.iter().any(|m| m.id.value == *milestone)),
            RowKey::Value {
                item,
                indicator,
                series,
                ..
            } => self.item(*item).is_some_and(|i| {
                i.indicators.iter().any(|x| {
                    x.id.value == *indicator && x.series.iter().any(|s| s.id.value == *series)
                })
            }),
        };
        if !found {
            return Some(Msg::UnknownRow { key: key_name(key) });
        }
        if !self.prints.contains_key(key) || !self.seen.insert(key.clone()) {
            return Some(Msg::NotInForm { key: key_name(key) });
        }
        None
    }

    /// Whether the roadmap still says what the form was made from; a conflict otherwise.
    fn fresh(&mut self, key: &RowKey, now: u64) -> bool {
        if self.prints.get(key) == Some(&now) {
            return true;
        }
        self.out
            .conflicts
            .push(Msg::Conflict { key: key_name(key) });
        self.req.force
    }

    fn push(&mut self, item: ItemId, op: Op) {
        self.ops.entry(item).or_default().push(op);
    }
}

fn milestone<'r>(roadmap: &'r Roadmap, item: ItemId, id: &str) -> Option<&'r Milestone> {
    roadmap
        .item(&item)?
        .milestones
        .iter()
        .find(|m| m.id.value == id)
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
            continue;
        }
        let Some(item) = ItemId::parse(&id) else {
            rd.bad(row, item_c, Msg::UnknownRow { key: id }, Accepts::Text);
            continue;
        };
        let round = match sheet.text(row, round_c).as_str() {
            "" => None,
            s => input::fiscal_year(s).ok(),
        };
        let milestone_id = sheet.text(row, ms_c);
        let key = RowKey::Progress {
            item,
            milestone: milestone_id.clone(),
            round,
        };
        let csv_print = key_col.and_then(|c| u64::from_str_radix(&sheet.text(row, c), 16).ok());
        // The context cells must be checked first: a problem there means the answers have no row.
        if let Some(p) = w.known(&key, csv_print) {
            rd.problems.push(p);
            continue;
        }
        let status_typed = rd.text(row, status_c);
        let status = match status_typed.as_deref().map(|s| (s, answer(s))) {
            None => None,
            Some((_, Some(s))) => Some(s),
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
        let new_end = rd.fy(row, end_c);
        let (Some(done_on), Some(new_end)) = (done_on, new_end) else {
            continue;
        };
        if status.is_none() && text.is_none() && evidence.is_none() && new_end.is_none() {
            continue;
        }
        let status = status.flatten();
        if status.is_some_and(crate::model::Reported::needs_reason) && reason.is_none() {
            let s = status_typed.unwrap_or_default();
            rd.bad(
                row,
                reason_c,
                Msg::ReasonNeeded { status: s },
                Accepts::Text,
            );
            continue;
        }
        if new_end.is_some() && reason.is_none() {
            rd.bad(row, reason_c, Msg::ReasonForNewEnd, Accepts::Text);
            continue;
        }
        let Some(m) = milestone(w.req.roadmap, item, &milestone_id) else {
            continue;
        };
        let id = w.meta.id.clone();
        let mine = |f: &Option<crate::model::Sp<String>>| form::came_from(f, &id);
        if m.reports
            .iter()
            .any(|r| mine(&r.form) && r.fy.as_ref().map(|y| y.value) == round)
            || (new_end.is_some() && m.changes.iter().any(|c| mine(&c.form)))
        {
            w.out.already += 1;
            continue;
        }
        if !w.fresh(&key, form::milestone_print(m, &id)) {
            continue;
        }
        w.out.answered += 1;
        let on = match status {
            Some(crate::model::Reported::Done) => done_on.unwrap_or(w.req.today),
            _ => w.req.today,
        };
        if status_typed.is_some() || text.is_some() || evidence.is_some() {
            let text = text.or_else(|| status.is_none().then(|| status_typed.clone()).flatten());
            w.push(
                item,
                Op::Report {
                    milestone: milestone_id.clone(),
                    report: NewReport {
                        on,
                        status,
                        fy: round,
                        text,
                        evidence,
                        by: w.meta.owner.clone(),
                        reason: reason.clone(),
                        form: Some(id.clone()),
                    },
                },
            );
        }
        if let Some(to) = new_end {
            w.push(
                item,
                Op::Change {
                    milestone: milestone_id,
                    change: NewChange {
                        on: w.req.today,
                        from: None,
                        to: Some(to),
                        reason: reason.unwrap_or_default(),
                        form: Some(id),
                    },
                },
            );
        }
    }
    w.out.warnings.append(&mut warnings);
    w.problems.append(&mut problems);
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
    let [item_c, ind_c, _, series_c, fy_c, _, _, value_c, note_c] = cols[..] else {
        return;
    };
    for row in 1..sheet.rows() {
        let id = sheet.text(row, item_c);
        if id.is_empty() && sheet.text(row, ind_c).is_empty() {
            continue;
        }
        let roadmap = w.req.roadmap;
        let found = ItemId::parse(&id).and_then(|item| {
            let i = roadmap.item(&item)?;
            let ind = i
                .indicators
                .iter()
                .find(|x| x.id.value == sheet.text(row, ind_c))?;
            let s = edit::series(ind, Some(&sheet.text(row, series_c))).ok()?;
            let fy = input::fiscal_year(&sheet.text(row, fy_c)).ok()?;
            Some((item, ind, s, fy))
        });
        let Some((item, ind, s, fy)) = found else {
            let key = format!(
                "{id} {} {}",
                sheet.text(row, ind_c),
                sheet.text(row, series_c)
            );
            rd.problems.push(Msg::UnknownRow { key });
            continue;
        };
        let key = RowKey::Value {
            item,
            indicator: ind.id.value.clone(),
            series: s.id.value.clone(),
            fy,
        };
        if let Some(p) = w.known(&key, None) {
            rd.problems.push(p);
            continue;
        }
        let unit = s.unit.as_ref().map(|u| u.value.as_str());
        let Some(value) = rd.value(row, value_c, s.kind.value, unit) else {
            continue;
        };
        let note = rd.text(row, note_c);
        let Some(value) = value else {
            continue;
        };
        let current = s.values.iter().find(|v| v.fy.value == fy);
        if current.is_some_and(|v| v.value.value == value) {
            w.out.already += 1;
            continue;
        }
        if !w.fresh(&key, form::value_print(s, fy)) {
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
        };
        w.push(item, op);
    }
    w.out.warnings.append(&mut warnings);
    w.problems.append(&mut problems);
}

/// Reads a filled-in form against the roadmap: the edits it makes, or every problem.
pub fn import(req: &Request<'_>, book: &Book) -> Result<Outcome, Vec<Msg>> {
    let sent = sent(book, req.path).map_err(|m| vec![m])?;
    if sent.meta.plan != req.roadmap.plan.title.value {
        return Err(vec![Msg::ForeignForm {
            plan: sent.meta.plan,
            ours: req.roadmap.plan.title.value.clone(),
        }]);
    }
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
    for (item, ops) in std::mem::take(&mut w.ops) {
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
    fn answers_in_either_language() {
        use crate::model::Reported;
        assert_eq!(answer("完了"), Some(Some(Reported::Done)));
        assert_eq!(answer(" in progress "), Some(Some(Reported::InProgress)));
        assert_eq!(answer("変更なし"), Some(None));
        assert_eq!(answer("済"), None);
    }
}
