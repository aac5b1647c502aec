//! Edits to a roadmap file, made in place as a person would make them by hand: a report appended
//! to a milestone, a schedule change, an indicator value, target or baseline. Everything not
//! edited stays byte for byte — comments, key order, blank lines, quoting, a BOM and CRLF line
//! ends — so that `git diff` of an edit shows only the lines that changed in meaning. The edit
//! does not judge: the caller analyses the result before writing it.
//!
//! Also here: finding what a person names on the command line (an item, a milestone by id or by
//! its text, an indicator, a series), with the closest candidates when nothing matches.

use chrono::{Datelike, NaiveDate};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use crate::i18n::Msg;
use crate::input::half_width;
use crate::keys::{self, Key};
use crate::model::{self, Fy, Indicator, Milestone, Reported, Roadmap, Series, SeriesKind, Val};
use crate::text;

/// A progress report to append.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewReport {
    pub on: NaiveDate,
    pub status: Option<Reported>,
    pub fy: Option<Fy>,
    pub text: Option<String>,
    pub evidence: Option<String>,
    pub by: Option<String>,
    pub reason: Option<String>,
    /// The form the answer came from (`roadmap import`).
    pub form: Option<String>,
}

/// Whether an optional text and a file's optional text say the same.
fn same_text(new: &Option<String>, held: &Option<model::Sp<String>>) -> bool {
    new.as_deref() == held.as_ref().map(|h| h.value.as_str())
}

impl NewReport {
    /// Whether the milestone holds this report already (its day, status, round and texts; the
    /// form it came from aside).
    pub fn is_in(&self, m: &Milestone) -> bool {
        m.reports.iter().any(|r| {
            r.on.value == self.on
                && r.status.as_ref().map(|s| s.value) == self.status
                && r.fy.as_ref().map(|y| y.value) == self.fy
                && same_text(&self.text, &r.text)
                && same_text(&self.evidence, &r.evidence)
                && same_text(&self.by, &r.by)
                && same_text(&self.reason, &r.reason)
        })
    }

    /// Its text keys, in the canonical order.
    fn texts(&self) -> [(&'static str, &Option<String>); 5] {
        [
            ("text", &self.text),
            ("evidence", &self.evidence),
            ("by", &self.by),
            ("reason", &self.reason),
            ("form", &self.form),
        ]
    }
}

/// A schedule change to append.
#[derive(Clone, Debug, PartialEq)]
pub struct NewChange {
    pub on: NaiveDate,
    pub from: Option<Fy>,
    pub to: Option<Fy>,
    /// A new end finer than a FY.
    pub until: Option<crate::timing::Until>,
    /// The new end is approximate (目途).
    pub approx: bool,
    /// No end from now on.
    pub open: bool,
    pub reason: String,
    /// The form the change came from (`roadmap import`).
    pub form: Option<String>,
}

impl NewChange {
    /// Whether the milestone holds this change already (its day, new schedule and reason; a `to`
    /// left to be implied matches the one the file's change resolved to).
    pub fn is_in(&self, m: &Milestone) -> bool {
        m.changes.iter().any(|c| {
            c.on.value == self.on
                && c.from.as_ref().map(|f| f.value) == self.from
                && (self.to.is_none() || c.to.as_ref().map(|t| t.value) == self.to)
                && c.until.as_ref().map(|u| u.value) == self.until
                && (c.approx, c.open) == (self.approx, self.open)
                && c.reason.value == self.reason
        })
    }
}

/// One edit, naming its records by id (as found by [`item`], [`milestone`], …).
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Report {
        milestone: String,
        report: NewReport,
    },
    Change {
        milestone: String,
        change: NewChange,
    },
    /// Corrects a report in place (a 完了日 or a 中止 that was wrong): the milestone's
    /// `index`-th report in file order, which must be dated `was`. Its `on` becomes the new
    /// report's, and each other key the new report gives replaces the old one's; a `reason` goes
    /// when the report becomes `done` without one. The round (`fy`) is kept.
    Amend {
        milestone: String,
        index: usize,
        was: NaiveDate,
        report: NewReport,
    },
    /// Records a series' value for a FY (replacing the value, and source and date when given, of
    /// that FY if there is one; its `form` follows the value: replaced, or removed when the new
    /// value names none).
    Value {
        indicator: String,
        series: String,
        fy: Fy,
        value: Val,
        source: Option<String>,
        published: Option<NaiveDate>,
        /// 備考.
        note: Option<String>,
        /// The form the value came from (`roadmap import`).
        form: Option<String>,
    },
    Target {
        indicator: String,
        series: String,
        fy: Fy,
        value: f64,
    },
    Baseline {
        indicator: String,
        series: String,
        fy: Fy,
        value: f64,
        source: Option<String>,
    },
}

/// How a file's bytes are laid out beyond its TOML: toml_edit keeps neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub bom: bool,
    pub crlf: bool,
}

const BOM: &str = "\u{feff}";

/// The file's text (LF line ends, no BOM) and how to restore its layout.
pub fn open(bytes: &[u8], path: &str) -> Result<(Layout, String), Msg> {
    let text = std::str::from_utf8(bytes).map_err(|_| Msg::FmtSkipped {
        path: path.to_owned(),
    })?;
    let bom = text.starts_with(BOM);
    let text = text.strip_prefix(BOM).unwrap_or(text);
    // A CR that ends no line is never valid TOML, and taking CRLF for LF would make one valid
    // (`\r\r\n` became `\r\n`): the edited file would say what the file did not (found by the fmt
    // fuzz target). Such a file is left alone.
    if text.replace("\r\n", "").contains('\r') {
        return Err(Msg::FmtSkipped {
            path: path.to_owned(),
        });
    }
    // A file is CRLF when most of its lines are: toml_edit writes every line end as LF.
    let lines = text.matches('\n').count();
    let crlf = lines > 0 && text.matches("\r\n").count() * 2 > lines;
    Ok((Layout { bom, crlf }, text.replace("\r\n", "\n")))
}

/// The bytes of `text` in `layout`.
pub fn close(layout: Layout, text: &str) -> Vec<u8> {
    let mut out = String::with_capacity(text.len() + 64);
    if layout.bom {
        out.push_str(BOM);
    }
    if layout.crlf {
        out.push_str(&text.replace('\n', "\r\n"));
    } else {
        out.push_str(text);
    }
    out.into_bytes()
}

/// Applies `ops` to a file's bytes.
pub fn apply(bytes: &[u8], path: &str, ops: &[Op]) -> Result<Vec<u8>, Msg> {
    let (layout, text) = open(bytes, path)?;
    let mut doc: DocumentMut = text.parse().map_err(|_| Msg::FmtSkipped {
        path: path.to_owned(),
    })?;
    let inline = |key: &str| Msg::WrittenInline {
        path: path.to_owned(),
        key: key.to_owned(),
    };
    for op in ops {
        match op {
            Op::Report { milestone, report } => {
                let m = entry(doc.as_table_mut(), "milestones", milestone)
                    .ok_or_else(|| inline("milestones"))?;
                push(m, "reports", report_table(report)).ok_or_else(|| inline("reports"))?;
            }
            Op::Change { milestone, change } => {
                let m = entry(doc.as_table_mut(), "milestones", milestone)
                    .ok_or_else(|| inline("milestones"))?;
                push(m, "changes", change_table(change)).ok_or_else(|| inline("changes"))?;
            }
            Op::Amend {
                milestone,
                index,
                was,
                report,
            } => {
                let m = entry(doc.as_table_mut(), "milestones", milestone)
                    .ok_or_else(|| inline("milestones"))?;
                amend(m, *index, *was, report).ok_or_else(|| inline("reports"))?;
            }
            Op::Value {
                indicator,
                series,
                fy,
                value,
                source,
                published,
                note,
                form,
            } => {
                let s =
                    series_table(&mut doc, indicator, series).ok_or_else(|| inline("series"))?;
                let given = Given {
                    source: source.as_deref(),
                    published: *published,
                    note: note.as_deref(),
                    form: form.as_deref(),
                };
                set_value(s, *fy, value, &given).ok_or_else(|| inline("values"))?;
            }
            Op::Target {
                indicator,
                series,
                fy,
                value,
            } => {
                let s =
                    series_table(&mut doc, indicator, series).ok_or_else(|| inline("series"))?;
                set_target(s, *fy, *value).ok_or_else(|| inline("targets"))?;
            }
            Op::Baseline {
                indicator,
                series,
                fy,
                value,
                source,
            } => {
                let s =
                    series_table(&mut doc, indicator, series).ok_or_else(|| inline("series"))?;
                let mut b = InlineTable::new();
                b.insert("fy", Value::from(i64::from(*fy)));
                b.insert("value", number(*value));
                if let Some(src) = source {
                    b.insert("source", Value::from(src.as_str()));
                }
                insert_in_order(
                    s,
                    "baseline",
                    Item::Value(Value::InlineTable(b)),
                    keys::SERIES,
                );
            }
        }
    }
    let edited = close(layout, &doc.to_string());
    // A canonical file stays canonical, so that what `record` writes needs no `fmt`: a report
    // appended to a milestone that has change records goes before them, where fmt puts it.
    let canonical = |b: &[u8]| crate::fmt::format(b, "items/", path).ok();
    Ok(match canonical(bytes) {
        Some(c) if c == bytes => canonical(&edited).unwrap_or(edited),
        _ => edited,
    })
}

/// The entry of an array of tables (`[[milestones]]`) with this `id`; `None` when the array is
/// written inline or has no such entry.
fn entry<'t>(table: &'t mut Table, key: &str, id: &str) -> Option<&'t mut Table> {
    table
        .get_mut(key)?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
}

fn series_table<'d>(
    doc: &'d mut DocumentMut,
    indicator: &str,
    series: &str,
) -> Option<&'d mut Table> {
    let i = entry(doc.as_table_mut(), "indicators", indicator)?;
    entry(i, "series", series)
}

/// Appends a table to `parent.key` (`[[milestones.reports]]`), creating the array of tables.
fn push(parent: &mut Table, key: &str, t: Table) -> Option<()> {
    match parent.get_mut(key) {
        Some(item) => item.as_array_of_tables_mut()?.push(t),
        None => {
            let mut aot = ArrayOfTables::new();
            aot.push(t);
            parent.insert(key, Item::ArrayOfTables(aot));
        }
    }
    Some(())
}

/// Inserts a key where the canonical order puts it, when the table's keys are in that order
/// already; otherwise after them (reordering would change lines the edit did not touch).
fn insert_in_order(t: &mut Table, key: &str, item: Item, table_keys: &[Key]) {
    let rank = |k: &str| {
        table_keys
            .iter()
            .position(|x| x.name == k)
            .unwrap_or(usize::MAX)
    };
    let ranks: Vec<usize> = t
        .iter()
        .filter(|(_, v)| !v.is_table_like() || v.is_inline_table())
        .map(|(k, _)| rank(k))
        .collect();
    let ordered = ranks.windows(2).all(|w| w[0] <= w[1]);
    t.insert(key, item);
    if ordered {
        t.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    }
}

fn date(d: NaiveDate) -> Value {
    let day = toml_edit::Date {
        year: u16::try_from(d.year()).unwrap_or_default(),
        month: u8::try_from(d.month()).unwrap_or_default(),
        day: u8::try_from(d.day()).unwrap_or_default(),
    };
    Value::from(toml_edit::Datetime {
        date: Some(day),
        time: None,
        offset: None,
    })
}

/// A number as a person writes it: `1200`, not `1200.0`.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        // Exact: the value is integral and well inside i64.
        #[allow(clippy::cast_possible_truncation)]
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

fn report_table(r: &NewReport) -> Table {
    let mut t = Table::new();
    t.insert("on", Item::Value(date(r.on)));
    if let Some(s) = r.status {
        t.insert("status", Item::Value(Value::from(s.as_str())));
    }
    if let Some(fy) = r.fy {
        t.insert("fy", Item::Value(Value::from(i64::from(fy))));
    }
    for (key, v) in r.texts() {
        if let Some(v) = v {
            t.insert(key, Item::Value(Value::from(v.as_str())));
        }
    }
    t
}

fn change_table(c: &NewChange) -> Table {
    let mut t = Table::new();
    t.insert("on", Item::Value(date(c.on)));
    if let Some(fy) = c.from {
        t.insert("from", Item::Value(Value::from(i64::from(fy))));
    }
    if let Some(fy) = c.to {
        t.insert("to", Item::Value(Value::from(i64::from(fy))));
    }
    if let Some(u) = c.until {
        t.insert("until", Item::Value(Value::from(u.as_text())));
    }
    for (key, set) in [("approx", c.approx), ("open", c.open)] {
        if set {
            t.insert(key, Item::Value(Value::from(true)));
        }
    }
    t.insert("reason", Item::Value(Value::from(c.reason.as_str())));
    if let Some(form) = &c.form {
        t.insert("form", Item::Value(Value::from(form.as_str())));
    }
    t
}

fn val(v: &Val) -> Value {
    match v {
        Val::Number(n) => number(*n),
        Val::Text(s) => Value::from(s.as_str()),
    }
}

/// What a value entry says besides its value.
struct Given<'a> {
    source: Option<&'a str>,
    published: Option<NaiveDate>,
    note: Option<&'a str>,
    form: Option<&'a str>,
}

fn set_value(s: &mut Table, fy: Fy, v: &Val, given: &Given<'_>) -> Option<()> {
    let texts = [
        ("source", given.source),
        ("note", given.note),
        ("form", given.form),
    ];
    if let Some(values) = s.get_mut("values") {
        let values = values.as_array_of_tables_mut()?;
        let same = values
            .iter_mut()
            .find(|t| t.get("fy").and_then(Item::as_integer) == Some(i64::from(fy)));
        if let Some(t) = same {
            set_kept(t, "value", val(v), keys::VALUE);
            if let Some(p) = given.published {
                set_kept(t, "published", date(p), keys::VALUE);
            }
            for (key, text) in texts {
                if let Some(text) = text {
                    set_kept(t, key, Value::from(text), keys::VALUE);
                }
            }
            // The value is no longer the one a form brought in.
            if given.form.is_none() {
                t.remove("form");
            }
            return Some(());
        }
    }
    // In the canonical order (keys::VALUE).
    let mut t = Table::new();
    t.insert("fy", Item::Value(Value::from(i64::from(fy))));
    t.insert("value", Item::Value(val(v)));
    let published = given.published.map(date);
    let fields = [
        ("source", given.source.map(Value::from)),
        ("published", published),
        ("note", given.note.map(Value::from)),
        ("form", given.form.map(Value::from)),
    ];
    for (key, v) in fields {
        if let Some(v) = v {
            t.insert(key, Item::Value(v));
        }
    }
    push(s, "values", t)
}

/// Corrects the `index`-th report of a milestone, dated `was`, in place (see [`Op::Amend`]).
fn amend(m: &mut Table, index: usize, was: NaiveDate, r: &NewReport) -> Option<()> {
    let t = m
        .get_mut("reports")?
        .as_array_of_tables_mut()?
        .get_mut(index)?;
    let on = t.get("on")?.as_value()?.as_datetime()?.date?;
    let same_day = (i32::from(on.year), u32::from(on.month), u32::from(on.day))
        == (was.year(), was.month(), was.day());
    if !same_day {
        return None;
    }
    set_kept(t, "on", date(r.on), keys::REPORT);
    if let Some(s) = r.status {
        set_kept(t, "status", Value::from(s.as_str()), keys::REPORT);
    }
    for (key, v) in r.texts() {
        if let Some(v) = v {
            set_kept(t, key, Value::from(v.as_str()), keys::REPORT);
        }
    }
    if r.status == Some(Reported::Done) && r.reason.is_none() {
        t.remove("reason");
    }
    Some(())
}

/// Replaces a value, keeping the comment after it; a new key goes where the order puts it.
fn set_kept(t: &mut Table, key: &str, mut v: Value, table_keys: &[Key]) {
    match t.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            *v.decor_mut() = old.decor().clone();
            *old = v;
        }
        None => insert_in_order(t, key, Item::Value(v), table_keys),
    }
}

fn set_target(s: &mut Table, fy: Fy, v: f64) -> Option<()> {
    let key = fy.to_string();
    match s.get_mut("targets") {
        Some(item) => {
            let targets = item.as_table_like_mut()?;
            match targets.get_mut(&key).and_then(Item::as_value_mut) {
                Some(old) => {
                    let mut new = number(v);
                    *new.decor_mut() = old.decor().clone();
                    *old = new;
                }
                None => {
                    targets.insert(&key, Item::Value(number(v)));
                    targets.sort_values();
                    // The line changes anyway: space it the one way (`{ 2023 = 300, 2024 = 600 }`).
                    if let Some(inline) = item.as_inline_table_mut() {
                        crate::fmt::tidy(inline, &[]);
                    }
                }
            }
        }
        None => {
            let mut t = InlineTable::new();
            t.insert(&key, number(v));
            insert_in_order(
                s,
                "targets",
                Item::Value(Value::InlineTable(t)),
                keys::SERIES,
            );
        }
    }
    Some(())
}

// ---- Finding what a person names.

/// At most this many candidates are named in a "did you mean".
const NEAR: usize = 6;

fn candidates<'a>(list: impl Iterator<Item = (String, &'a str)>) -> String {
    let all: Vec<String> = list
        .map(|(id, title)| format!("`{id}` {}", text::truncate(&text::one_line(title), 24)))
        .collect();
    let more = all.len().saturating_sub(NEAR);
    let mut shown: Vec<String> = all.into_iter().take(NEAR).collect();
    if more > 0 {
        shown.push(format!("… (+{more})"));
    }
    shown.join(", ")
}

/// An item id as typed on a Japanese keyboard: full-width digits, long-vowel marks for `-`.
pub fn typed_id(typed: &str) -> (String, Option<model::ItemId>) {
    let want = half_width(typed).replace(['ー', '−', '－'], "-");
    let id = model::ItemId::parse(&want);
    (want, id)
}

/// An item by its id (`1-1-1`, also typed full-width); near misses by id and title.
pub fn item<'a>(roadmap: &'a Roadmap, typed: &str) -> Result<&'a model::Item, Msg> {
    let (want, id) = typed_id(typed);
    if let Some(i) = id.and_then(|id| roadmap.item(&id)) {
        return Ok(i);
    }
    let near = roadmap.items.iter().filter(|i| {
        let id = i.id.value.to_string();
        text::edit_distance(&id, &want) <= 1
            || (!want.is_empty() && i.title.value.contains(want.as_str()))
    });
    Err(Msg::NoItemNear {
        id: typed.to_owned(),
        near: candidates(near.map(|i| (i.id.value.to_string(), i.title.value.as_str()))),
    })
}

/// A milestone by its id, or by a part of its text that only it has.
pub fn milestone<'a>(item: &'a model::Item, typed: &str) -> Result<&'a Milestone, Msg> {
    if let Some(m) = item.milestones.iter().find(|m| m.id.value == typed) {
        return Ok(m);
    }
    let by_text: Vec<&Milestone> = item
        .milestones
        .iter()
        .filter(|m| !typed.is_empty() && m.text.value.contains(typed))
        .collect();
    let list = |ms: &[&'a Milestone]| {
        candidates(
            ms.iter()
                .map(|m| (m.id.value.clone(), m.text.value.as_str())),
        )
    };
    match by_text.as_slice() {
        [one] => Ok(one),
        [] => {
            let all: Vec<&Milestone> = item.milestones.iter().collect();
            // The closest ids first.
            let mut all = all;
            all.sort_by_key(|m| text::edit_distance(&m.id.value, typed));
            Err(Msg::NoMilestone {
                item: item.id.value.to_string(),
                id: typed.to_owned(),
                near: list(&all),
            })
        }
        many => Err(Msg::MilestoneAmbiguous {
            item: item.id.value.to_string(),
            text: typed.to_owned(),
            near: list(many),
        }),
    }
}

/// An indicator by its id, or by a part of its name that only it has.
pub fn indicator<'a>(item: &'a model::Item, typed: &str) -> Result<&'a Indicator, Msg> {
    if let Some(i) = item.indicators.iter().find(|i| i.id.value == typed) {
        return Ok(i);
    }
    let by_name: Vec<&Indicator> = item
        .indicators
        .iter()
        .filter(|i| !typed.is_empty() && i.name.value.contains(typed))
        .collect();
    if let [one] = by_name.as_slice() {
        return Ok(one);
    }
    Err(Msg::NoIndicator {
        item: item.id.value.to_string(),
        id: typed.to_owned(),
        near: candidates(
            item.indicators
                .iter()
                .map(|i| (i.id.value.clone(), i.name.value.as_str())),
        ),
    })
}

/// A series by id or name; the only one when none is named.
pub fn series<'a>(ind: &'a Indicator, typed: Option<&str>) -> Result<&'a Series, Msg> {
    let near = || {
        candidates(
            ind.series
                .iter()
                .map(|s| (s.id.value.clone(), s.name.value.as_str())),
        )
    };
    if ind.kind.value == model::IndicatorKind::Implementation || ind.series.is_empty() {
        return Err(Msg::NoSeriesToRecord {
            id: ind.id.value.clone(),
        });
    }
    match typed {
        None => match ind.series.as_slice() {
            [one] => Ok(one),
            _ => Err(Msg::SeriesNeeded {
                indicator: ind.id.value.clone(),
                near: near(),
            }),
        },
        Some(t) => ind
            .series
            .iter()
            .find(|s| s.id.value == t || s.name.value == t)
            .ok_or_else(|| Msg::NoSeries {
                indicator: ind.id.value.clone(),
                name: t.to_owned(),
                near: near(),
            }),
    }
}

/// Whether a series takes numbers (targets, baselines).
pub fn numeric(s: &Series) -> Result<(), Msg> {
    if s.kind.value == SeriesKind::Text {
        Err(Msg::NotANumberSeries {
            id: s.id.value.clone(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    const ITEM: &str = "# 1-1-1 の工程\nid = \"1-1-1\"\ntitle = 'キャリア支援'  # literal\n\n[[milestones]]\nid = \"a\"\ntext = \"募集\"\nfrom = 2022\nto = 2022\n\n[[milestones]]   # 二つ目\nid = \"b\"\ntext = \"実施\"\nfrom = 2023\nto = 2023\n\n# 指標\n[[indicators]]\nid = \"rate\"\nname = \"回答率\"\n\n[[indicators.series]]\nid = \"rate\"\nname = \"回答率\"\nunit = \"%\"\n";

    fn report() -> Op {
        Op::Report {
            milestone: "a".into(),
            report: NewReport {
                on: d(2023, 2, 15),
                status: Some(Reported::Done),
                text: Some("4部局が応募".into()),
                by: Some("人事課".into()),
                ..NewReport::default()
            },
        }
    }

    #[test]
    fn a_report_goes_under_its_milestone_and_nothing_else_moves() {
        let out = apply(ITEM.as_bytes(), "x.toml", &[report()]).expect("applies");
        let out = String::from_utf8(out).expect("utf-8");
        let want = ITEM.replace(
            "to = 2022\n\n[[milestones]]",
            "to = 2022\n\n[[milestones.reports]]\non = 2023-02-15\nstatus = \"done\"\ntext = \"4部局が応募\"\nby = \"人事課\"\n\n[[milestones]]",
        );
        assert_eq!(out, want);
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let crlf = format!("{BOM}{}", ITEM.replace('\n', "\r\n"));
        let out = apply(crlf.as_bytes(), "x.toml", &[report()]).expect("applies");
        let out = String::from_utf8(out).expect("utf-8");
        assert!(out.starts_with(BOM));
        assert_eq!(
            out.matches('\n').count(),
            out.matches("\r\n").count(),
            "every line end CRLF"
        );
        let plain =
            String::from_utf8(apply(ITEM.as_bytes(), "x.toml", &[report()]).expect("applies"))
                .expect("utf-8");
        assert_eq!(out.trim_start_matches(BOM).replace("\r\n", "\n"), plain);
    }

    #[test]
    fn values_targets_and_baselines_in_place() {
        let ops = [
            Op::Baseline {
                indicator: "rate".into(),
                series: "rate".into(),
                fy: 2021,
                value: 60.0,
                source: None,
            },
            Op::Target {
                indicator: "rate".into(),
                series: "rate".into(),
                fy: 2024,
                value: 80.0,
            },
            Op::Target {
                indicator: "rate".into(),
                series: "rate".into(),
                fy: 2023,
                value: 70.5,
            },
            Op::Value {
                indicator: "rate".into(),
                series: "rate".into(),
                fy: 2022,
                value: Val::Number(64.0),
                source: Some("職員アンケート".into()),
                published: None,
                note: None,
                form: None,
            },
            Op::Value {
                indicator: "rate".into(),
                series: "rate".into(),
                fy: 2022,
                value: Val::Number(65.0),
                source: None,
                published: Some(d(2023, 5, 1)),
                note: None,
                form: None,
            },
        ];
        let out = String::from_utf8(apply(ITEM.as_bytes(), "x.toml", &ops).expect("applies"))
            .expect("utf-8");
        assert!(out.ends_with(
            "unit = \"%\"\nbaseline = { fy = 2021, value = 60 }\ntargets = { 2023 = 70.5, 2024 = 80 }\n\n[[indicators.series.values]]\nfy = 2022\nvalue = 65\nsource = \"職員アンケート\"\npublished = 2023-05-01\n"
        ), "{out}");
        assert!(
            out.starts_with("# 1-1-1 の工程\nid = \"1-1-1\"\ntitle = 'キャリア支援'  # literal\n")
        );
    }

    #[test]
    fn a_report_is_corrected_in_place_keeping_its_comments() {
        let file = "id = \"1-1-1\"\n\n[[milestones]]\nid = \"a\"\n\n[[milestones.reports]]\non = 2023-03-01  # 当初の報告\nstatus = \"dropped\"\nreason = \"予算\"\n\n[[milestones.reports]]\non = 2023-04-01\ntext = \"経過\"\n";
        let amend = |was| Op::Amend {
            milestone: "a".into(),
            index: 0,
            was,
            report: NewReport {
                on: d(2023, 2, 20),
                status: Some(Reported::Done),
                form: Some("f".into()),
                ..NewReport::default()
            },
        };
        let out = apply(file.as_bytes(), "x.toml", &[amend(d(2023, 3, 1))]).expect("applies");
        let want = file
            .replace("on = 2023-03-01  #", "on = 2023-02-20  #")
            .replace(
                "status = \"dropped\"\nreason = \"予算\"\n",
                "status = \"done\"\nform = \"f\"\n",
            );
        assert_eq!(String::from_utf8(out).expect("utf-8"), want);
        // Not the report it was read as: refused rather than another one changed.
        assert!(apply(file.as_bytes(), "x.toml", &[amend(d(2023, 3, 2))]).is_err());
    }

    #[test]
    fn a_value_replaced_takes_the_form_it_came_from_or_none() {
        let file = "id = \"1-1-1\"\n\n[[indicators]]\nid = \"rate\"\n\n[[indicators.series]]\nid = \"rate\"\n\n[[indicators.series.values]]\nfy = 2022\nvalue = 60  # 調査\nnote = \"速報\"\n";
        let value = |v: f64, form: Option<&str>| Op::Value {
            indicator: "rate".into(),
            series: "rate".into(),
            fy: 2022,
            value: Val::Number(v),
            source: None,
            published: None,
            note: None,
            form: form.map(str::to_owned),
        };
        let from_form = apply(file.as_bytes(), "x.toml", &[value(61.0, Some("f"))]).expect("ok");
        let from_form = String::from_utf8(from_form).expect("utf-8");
        assert_eq!(
            from_form,
            file.replace("value = 60  #", "value = 61  #")
                .replace("note = \"速報\"\n", "note = \"速報\"\nform = \"f\"\n")
        );
        let by_hand = apply(from_form.as_bytes(), "x.toml", &[value(62.0, None)]).expect("ok");
        assert_eq!(
            String::from_utf8(by_hand).expect("utf-8"),
            file.replace("value = 60  #", "value = 62  #")
        );
    }

    #[test]
    fn an_inline_array_is_refused_with_what_to_do() {
        let inline = "id = \"1-1-1\"\ntitle = \"t\"\nmilestones = [{ id = \"a\", text = \"x\", from = 2022, to = 2022 }]\n";
        let err = apply(inline.as_bytes(), "x.toml", &[report()]).expect_err("refused");
        assert_eq!(
            err,
            Msg::WrittenInline {
                path: "x.toml".into(),
                key: "milestones".into()
            }
        );
    }
}
