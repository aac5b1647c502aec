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
    pub published: Option<Sp<NaiveDate>>,
    pub fiscal_year_start: FyStart,
    pub period: Period,
    pub categories: Vec<Category>,
    pub themes: Vec<Theme>,
    pub notes: Vec<Sp<String>>,
}

impl Plan {
    /// The value of one of [`crate::keys::PLAN`]'s keys.
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "title" => text_of(&self.title),
            "title_en" => opt_text(&self.title_en),
            "published" => self
                .published
                .as_ref()
                .and_then(|d| plain(d.value.to_string())),
            "fiscal_year_start" => plain(format!(
                "{:02}-{:02}",
                self.fiscal_year_start.month, self.fiscal_year_start.day
            )),
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
            _ => None,
        }
    }
}

/// The recorded status of a milestone (the project's vocabulary, see docs/format.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Planned,
    InProgress,
    Done,
    Delayed,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::InProgress,
        Status::Done,
        Status::Delayed,
        Status::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Delayed => "delayed",
            Status::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// One cell of an item's table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Milestone {
    pub id: Sp<String>,
    pub text: Sp<String>,
    pub row: Option<Sp<u32>>,
    pub track: Option<Sp<String>>,
    pub from: Sp<Fy>,
    pub to: Sp<Fy>,
    pub every_year: bool,
    pub status: Sp<Status>,
    pub done_on: Option<Sp<NaiveDate>>,
    pub due: Option<Sp<NaiveDate>>,
    pub evidence: Option<Sp<String>>,
    pub notes: Option<Sp<String>>,
}

impl Milestone {
    /// The value of one of [`crate::keys::MILESTONE`]'s keys (not `id`, `from`, `to`, `status`
    /// and `done_on`, which the diff reads as schedule and status changes).
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "text" => text_of(&self.text),
            "row" => self.row.as_ref().and_then(|r| plain(r.value.to_string())),
            "track" => opt_text(&self.track),
            "every_year" => plain(self.every_year.to_string()),
            "due" => self.due.as_ref().and_then(|d| plain(d.value.to_string())),
            "evidence" => opt_text(&self.evidence),
            "notes" => opt_text(&self.notes),
            _ => None,
        }
    }
}

/// A モニタリング指標. Missing values mean "no data", never zero.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Indicator {
    pub id: Sp<String>,
    pub name: Sp<String>,
    pub unit: Option<Sp<String>>,
    pub targets: BTreeMap<Fy, Sp<f64>>,
    pub actuals: BTreeMap<Fy, Sp<f64>>,
    pub notes: Option<Sp<String>>,
}

impl Indicator {
    /// The value of one of [`crate::keys::INDICATOR`]'s keys (not `id` and the values by FY).
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "name" => text_of(&self.name),
            "unit" => opt_text(&self.unit),
            "notes" => opt_text(&self.notes),
            _ => None,
        }
    }

    pub fn is_percentage(&self) -> bool {
        self.unit.as_ref().is_some_and(|u| u.value == "%")
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
            published: Some(date.clone()),
            notes: vec![s("n")],
            ..Plan::default()
        };
        let item = Item {
            title: s("t"),
            themes: vec![Sp::bare(1)],
            owners: vec![s("o")],
            notes: vec![s("n")],
            ..Item::default()
        };
        let milestone = Milestone {
            text: s("t"),
            row: Some(Sp::bare(1)),
            track: Some(s("k")),
            due: Some(date),
            evidence: Some(s("e")),
            notes: Some(s("n")),
            ..Milestone::default()
        };
        let indicator = Indicator {
            name: s("n"),
            unit: Some(s("%")),
            notes: Some(s("n")),
            ..Indicator::default()
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
    }
}
