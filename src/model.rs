//! The roadmap as data: the plan, its items, milestones and indicators.
//!
//! Values read from files keep the byte span of their text ([`Sp`]) so that any later finding can
//! point at it. Spans never take part in equality: two roadmaps that differ only in layout compare
//! equal, which is what `roadmap diff` relies on.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, Range};

use chrono::NaiveDate;
use serde::Serialize;

/// A value and the byte range of its text in the file it came from (empty when made in memory).
#[derive(Clone, Debug, Default)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self { value, span }
    }
    /// A value that has no text behind it (generated data, tests).
    pub fn bare(value: T) -> Self {
        Self { value, span: 0..0 }
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A key's value as the diff compares it: text (compared character by character) or a plain value.
/// `None` from a record's `value` means the key is absent, or compared by meaning elsewhere (ids,
/// schedules, statuses, nested records).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Plain(String),
}

fn text_of(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| Value::Text(s.to_owned()))
}

fn opt_text(s: &Option<Sp<String>>) -> Option<Value> {
    s.as_ref().and_then(|s| text_of(&s.value))
}

fn plain(s: String) -> Option<Value> {
    (!s.is_empty()).then_some(Value::Plain(s))
}

fn joined(parts: &[Sp<String>], sep: &str) -> String {
    parts
        .iter()
        .map(|p| p.value.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

/// A fiscal year (年度), named by the Western year in which it starts: 2022 is 2022年度 (令和4年度).
pub type Fy = i32;

/// The whole roadmap: the plan file and every item file, items in source order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Roadmap {
    pub plan: Plan,
    pub items: Vec<Item>,
}

impl Roadmap {
    /// The item with this id. Items are kept sorted by id ([`crate::analyze`] sorts them), so this
    /// is a binary search; a roadmap built otherwise falls back to a scan.
    pub fn item(&self, id: &ItemId) -> Option<&Item> {
        match self.items.binary_search_by(|item| item.id.value.cmp(id)) {
            Ok(n) => self.items.get(n),
            Err(_) => self.items.iter().find(|item| item.id.value == *id),
        }
    }
}

/// `roadmap.toml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Plan {
    /// Path of the plan file as shown to users.
    #[serde(skip)]
    pub path: String,
    pub title: Sp<String>,
    pub title_en: Option<Sp<String>>,
    /// The language the tool speaks for this roadmap: `ja` or `en`.
    pub lang: Option<Sp<String>>,
    pub published: Option<Sp<NaiveDate>>,
    pub fiscal_year_start: FyStart,
    /// The zone the plan's days are counted in (today, the current FY, done dates).
    pub timezone: TimeZone,
    /// How often each item is to be reported on, in months; `None`: the plan sets no cycle.
    pub report_every_months: Option<Sp<u32>>,
    pub period: Period,
    pub categories: Vec<Category>,
    pub themes: Vec<Theme>,
    pub notes: Vec<Sp<String>>,
}

/// A time zone of the tz database (`Asia/Tokyo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeZone(pub chrono_tz::Tz);

impl Default for TimeZone {
    fn default() -> Self {
        Self(chrono_tz::Asia::Tokyo)
    }
}

impl Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

impl TimeZone {
    /// The date of an instant in this zone: "today" for the plan.
    pub fn date_of(self, now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
        now.with_timezone(&self.0).date_naive()
    }
}

impl Plan {
    /// The value of one of [`crate::keys::PLAN`]'s keys.
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "title" => text_of(&self.title),
            "title_en" => opt_text(&self.title_en),
            "lang" => opt_text(&self.lang),
            "published" => self
                .published
                .as_ref()
                .and_then(|d| plain(d.value.to_string())),
            "fiscal_year_start" => plain(format!(
                "{:02}-{:02}",
                self.fiscal_year_start.month, self.fiscal_year_start.day
            )),
            "timezone" => plain(self.timezone.0.name().to_owned()),
            "report_every_months" => self
                .report_every_months
                .as_ref()
                .and_then(|m| plain(m.value.to_string())),
            "notes" => text_of(&joined(&self.notes, "\n")),
            _ => None,
        }
    }

    pub fn category(&self, number: u32) -> Option<&Category> {
        self.categories.iter().find(|c| *c.number == number)
    }
    pub fn subcategory(&self, cat: u32, sub: u32) -> Option<&Subcategory> {
        self.category(cat)?
            .subcategories
            .iter()
            .find(|s| *s.number == sub)
    }
    pub fn theme(&self, id: u32) -> Option<&Theme> {
        self.themes.iter().find(|t| *t.id == id)
    }
}

/// The first day of a fiscal year (month, day); April 1 in Japan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FyStart {
    pub month: u32,
    pub day: u32,
}

impl Default for FyStart {
    fn default() -> Self {
        Self { month: 4, day: 1 }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Period {
    pub first_fy: Sp<Fy>,
    pub last_fy: Sp<Fy>,
    /// The latest FY a milestone may reach (the source draws some rows past the plan period).
    pub latest_fy: Sp<Fy>,
}

/// A 大項目.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Category {
    pub number: Sp<u32>,
    pub title: Sp<String>,
    pub other_titles: Vec<Sp<String>>,
    pub subcategories: Vec<Subcategory>,
}

/// A 中項目.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Subcategory {
    pub number: Sp<u32>,
    pub title: Sp<String>,
}

/// A cross-cutting theme (※1–※3).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Theme {
    pub id: Sp<u32>,
    pub title: Sp<String>,
}

impl Theme {
    pub fn marker(id: u32) -> String {
        format!("※{id}")
    }
}

/// `<大>-<中>-<小>`; orders numerically, so 1-1-10 comes after 1-1-9.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId {
    pub category: u32,
    pub subcategory: u32,
    pub number: u32,
}

impl ItemId {
    /// Parses `2-3-2`; each part a positive integer without sign or leading zeros.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split('-').map(|p| {
            let ok = !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !p.starts_with('0');
            if ok { p.parse::<u32>().ok() } else { None }
        });
        let id = Self {
            category: parts.next()??,
            subcategory: parts.next()??,
            number: parts.next()??,
        };
        parts.next().is_none().then_some(id)
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.category, self.subcategory, self.number)
    }
}

impl Serialize for ItemId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Whether the source publishes a schedule (a table) for the item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    #[default]
    Published,
    NotPublished,
}

/// A 小項目: `items/<id>.toml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Item {
    /// Path of the item file as shown to users.
    #[serde(skip)]
    pub path: String,
    pub id: Sp<ItemId>,
    pub title: Sp<String>,
    pub themes: Vec<Sp<u32>>,
    pub owners: Vec<Sp<String>>,
    pub schedule: Sp<Schedule>,
    pub notes: Vec<Sp<String>>,
    /// The transcriber's notes (転記注): how the source was read. For the office, not the
    /// briefing: reports leave them out unless asked (`--include-notes`).
    pub transcription_notes: Vec<Sp<String>>,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Indicator>,
}

impl Item {
    /// The value of one of [`crate::keys::ITEM`]'s keys.
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "title" => text_of(&self.title),
            "themes" => plain(
                self.themes
                    .iter()
                    .map(|t| Theme::marker(t.value))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            "owners" => plain(joined(&self.owners, ", ")),
            "schedule" => Some(Value::Plain(
                match self.schedule.value {
                    Schedule::Published => "published",
                    Schedule::NotPublished => "not_published",
                }
                .to_owned(),
            )),
            "notes" => text_of(&joined(&self.notes, "\n")),
            "transcription_notes" => text_of(&joined(&self.transcription_notes, "\n")),
            _ => None,
        }
    }
}

/// What a progress report says of a milestone (the office's words, see docs/format.md). A report
/// without a status is a note: a narrative that changes no state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reported {
    /// Work has started.
    InProgress,
    Done,
    /// The office declares it late (with a reason).
    Delayed,
    /// No longer pursued (with a reason).
    Dropped,
}

impl Reported {
    pub const ALL: [Reported; 4] = [
        Reported::InProgress,
        Reported::Done,
        Reported::Delayed,
        Reported::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reported::InProgress => "in_progress",
            Reported::Done => "done",
            Reported::Delayed => "delayed",
            Reported::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// A delay or a drop is a judgment the office answers for: it needs a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Reported::Delayed | Reported::Dropped)
    }
}

/// One progress report (進捗報告) on a milestone: dated, with what it says.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The day the report's status took effect (or the note was made).
    pub on: Sp<NaiveDate>,
    pub status: Option<Sp<Reported>>,
    /// For a 毎年度 milestone, the round (FY) the report is about.
    pub fy: Option<Sp<Fy>>,
    /// What was done: the narrative (進捗状況).
    pub text: Option<Sp<String>>,
    /// A document or URL that shows it.
    pub evidence: Option<Sp<String>>,
    /// Who reported it (部局・担当).
    pub by: Option<Sp<String>>,
    /// Why it is delayed or dropped.
    pub reason: Option<Sp<String>>,
    /// The form the answer came from (`roadmap import`).
    pub form: Option<Sp<String>>,
}

/// A change of a milestone's schedule (計画変更): dated, with a reason. The published plan stays
/// in the milestone's `from`/`to`; changes are applied on top of it in date order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Change {
    pub on: Sp<NaiveDate>,
    /// The new first FY, when it moves.
    pub from: Option<Sp<Fy>>,
    /// The new last FY, when it moves.
    pub to: Option<Sp<Fy>>,
    pub reason: Sp<String>,
    /// The form the change came from (`roadmap import`).
    pub form: Option<Sp<String>>,
}

/// One cell of an item's table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Milestone {
    pub id: Sp<String>,
    pub text: Sp<String>,
    pub row: Option<Sp<u32>>,
    pub track: Option<Sp<String>>,
    /// The published plan's first FY (当初計画); changes move the current one.
    pub from: Sp<Fy>,
    /// The published plan's last FY.
    pub to: Sp<Fy>,
    pub every_year: bool,
    pub due: Option<Sp<NaiveDate>>,
    pub notes: Option<Sp<String>>,
    /// Progress reports, in file order.
    pub reports: Vec<Report>,
    /// Schedule changes, in file order.
    pub changes: Vec<Change>,
}

impl Milestone {
    /// The value of one of [`crate::keys::MILESTONE`]'s keys (not `id`, the schedule, reports and
    /// changes, which the diff reads by meaning).
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "text" => text_of(&self.text),
            "row" => self.row.as_ref().and_then(|r| plain(r.value.to_string())),
            "track" => opt_text(&self.track),
            "every_year" => plain(self.every_year.to_string()),
            "due" => self.due.as_ref().and_then(|d| plain(d.value.to_string())),
            "notes" => opt_text(&self.notes),
            _ => None,
        }
    }

    /// The schedule in force on a day: the published plan with every change dated on or before it
    /// applied, in date order (file order for one day).
    pub fn schedule_on(&self, day: NaiveDate) -> (Fy, Fy) {
        let mut changes: Vec<&Change> = self.changes.iter().filter(|c| c.on.value <= day).collect();
        changes.sort_by_key(|c| c.on.value);
        let (mut from, mut to) = (self.from.value, self.to.value);
        for c in changes {
            if let Some(f) = &c.from {
                from = f.value;
            }
            if let Some(t) = &c.to {
                to = t.value;
            }
        }
        (from, to)
    }

    /// The schedule after every change.
    pub fn current(&self) -> (Fy, Fy) {
        self.schedule_on(NaiveDate::MAX)
    }

    /// The reports dated on or before a day, in date order (file order for one day).
    pub fn reports_on(&self, day: NaiveDate) -> Vec<&Report> {
        let mut out: Vec<&Report> = self.reports.iter().filter(|r| r.on.value <= day).collect();
        out.sort_by_key(|r| r.on.value);
        out
    }
}

/// A モニタリング指標: measured by its series, or (`implementation`) assessed by whether the
/// measure is carried out.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Indicator {
    pub id: Sp<String>,
    pub name: Sp<String>,
    pub kind: Sp<IndicatorKind>,
    pub notes: Option<Sp<String>>,
    pub series: Vec<Series>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Measured: one or more series of values.
    #[default]
    Measure,
    /// Carrying out the measure is the indicator (KPI class F): assessed from the milestones.
    Implementation,
}

/// One quantity an indicator names (an indicator may name several: 実施人数、実施回数).
/// Missing values mean "no data", never zero.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Series {
    pub id: Sp<String>,
    pub name: Sp<String>,
    pub kind: Sp<SeriesKind>,
    pub unit: Option<Sp<String>>,
    pub direction: Sp<Direction>,
    pub baseline: Option<Baseline>,
    /// Targets by FY: interim ones, and the final one (the last FY).
    pub targets: BTreeMap<Fy, Sp<f64>>,
    pub values: Vec<SeriesValue>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    #[default]
    Number,
    /// Qualitative: values are text.
    Text,
}

/// Which way is better.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
}

/// The value a series starts from (基準値); it may precede the plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Baseline {
    pub fy: Sp<Fy>,
    pub value: Sp<f64>,
    pub source: Option<Sp<String>>,
}

/// One FY's value of a series, with where it comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SeriesValue {
    pub fy: Sp<Fy>,
    pub value: Sp<Val>,
    /// The statistic or survey it comes from (統計名).
    pub source: Option<Sp<String>>,
    /// When the source published it (公表日).
    pub published: Option<Sp<NaiveDate>>,
    pub note: Option<Sp<String>>,
}

impl SeriesValue {
    /// Whether the value had been published by `day`.
    pub fn known_on(&self, day: NaiveDate) -> bool {
        self.published.as_ref().is_none_or(|p| p.value <= day)
    }
}

/// A value: a number, or text for a qualitative series.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Val {
    Number(f64),
    Text(String),
}

impl Default for Val {
    fn default() -> Self {
        Val::Number(0.0)
    }
}

impl Val {
    pub fn number(&self) -> Option<f64> {
        match self {
            Val::Number(n) => Some(*n),
            Val::Text(_) => None,
        }
    }

    /// As people read it: `80`, `72.5`, or the text.
    pub fn shown(&self) -> String {
        match self {
            Val::Number(n) => crate::text::number(*n),
            Val::Text(t) => t.clone(),
        }
    }
}

impl Series {
    pub fn is_percentage(&self) -> bool {
        self.unit.as_ref().is_some_and(|u| u.value == "%")
    }

    /// The value of a FY, if any (the last one written, should the file hold two).
    /// FY `fy`'s value as known on `day`: a value published after that day was not known yet
    /// (one without a publication date counts from the start).
    pub fn value_on(&self, fy: Fy, day: NaiveDate) -> Option<&SeriesValue> {
        self.values
            .iter()
            .rev()
            .find(|v| v.fy.value == fy && v.known_on(day))
    }

    /// The value of one of [`crate::keys::SERIES`]'s keys (not `id`, values, targets, baseline).
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "name" => text_of(&self.name),
            "unit" => opt_text(&self.unit),
            "kind" => plain(
                match self.kind.value {
                    SeriesKind::Number => "number",
                    SeriesKind::Text => "text",
                }
                .to_owned(),
            ),
            "direction" => plain(
                match self.direction.value {
                    Direction::Increase => "increase",
                    Direction::Decrease => "decrease",
                }
                .to_owned(),
            ),
            _ => None,
        }
    }
}

impl Indicator {
    /// The value of one of [`crate::keys::INDICATOR`]'s keys (not `id` and its series).
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "name" => text_of(&self.name),
            "kind" => plain(
                match self.kind.value {
                    IndicatorKind::Measure => "measure",
                    IndicatorKind::Implementation => "implementation",
                }
                .to_owned(),
            ),
            "notes" => opt_text(&self.notes),
            _ => None,
        }
    }

    pub fn series(&self, id: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.id.value == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{self, Key, Kind};

    /// The keys whose changes the diff reads by meaning, not through `value`.
    const BY_MEANING: &[&str] = &[
        "id", "from", "to", "status", "done_on", "targets", "actuals",
    ];

    fn compared(keys: &[Key]) -> impl Iterator<Item = &'static str> + '_ {
        keys.iter()
            .filter(|k| !matches!(k.kind, Kind::Table(_) | Kind::Tables(_)))
            .map(|k| k.name)
            .filter(|n| !BY_MEANING.contains(n))
    }

    #[test]
    fn every_key_of_the_tables_has_a_value() {
        let s = |v: &str| Sp::bare(v.to_owned());
        let date = Sp::bare(NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"));
        let plan = Plan {
            title: s("t"),
            title_en: Some(s("e")),
            lang: Some(s("ja")),
            published: Some(date.clone()),
            report_every_months: Some(Sp::bare(3)),
            notes: vec![s("n")],
            ..Plan::default()
        };
        let item = Item {
            title: s("t"),
            themes: vec![Sp::bare(1)],
            owners: vec![s("o")],
            notes: vec![s("n")],
            transcription_notes: vec![s("t")],
            ..Item::default()
        };
        let milestone = Milestone {
            text: s("t"),
            row: Some(Sp::bare(1)),
            track: Some(s("k")),
            due: Some(date),
            notes: Some(s("n")),
            ..Milestone::default()
        };
        let indicator = Indicator {
            name: s("n"),
            notes: Some(s("n")),
            ..Indicator::default()
        };
        let series = Series {
            name: s("n"),
            unit: Some(s("%")),
            ..Series::default()
        };
        for key in compared(keys::PLAN).filter(|k| *k != "period") {
            assert!(plan.value(key).is_some(), "plan.{key}");
        }
        for key in compared(keys::ITEM) {
            assert!(item.value(key).is_some(), "item.{key}");
        }
        for key in compared(keys::MILESTONE) {
            assert!(milestone.value(key).is_some(), "milestone.{key}");
        }
        for key in compared(keys::INDICATOR) {
            assert!(indicator.value(key).is_some(), "indicator.{key}");
        }
        for key in compared(keys::SERIES) {
            assert!(series.value(key).is_some(), "series.{key}");
        }
    }
}
