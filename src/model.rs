//! The roadmap as data: the plan, its items, milestones and indicators.
//!
//! Values read from files keep the byte span of their text ([`Sp`]) so that any later finding can
//! point at it. Spans never take part in equality: two roadmaps that differ only in layout compare
//! equal, which is what `roadmap diff` relies on.
//!
//! [`Sp`]: crate::model::Sp

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, Range};

use chrono::NaiveDate;
use serde::Serialize;

/// A value and the byte range of its text in the file it came from (empty when made in memory).
#[derive(Clone, Debug, Default)]
pub struct Sp<T> {
    pub value: T,
    span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self {
            value,
            span: Span::from(span),
        }
    }
    /// A value that has no text behind it (generated data, tests).
    pub fn bare(value: T) -> Self {
        Self {
            value,
            span: Span::default(),
        }
    }
    /// The byte range of its text.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }
}

/// A byte range of a file in 32 bits, half of `Range<usize>`: the model holds one for every
/// value of every file (at 100,000 items, some 60 MB saved), and no file read is larger than
/// [`crate::load::MAX_INPUT_BYTES`], far below 4 GiB.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn range(self) -> Range<usize> {
        // u32 → usize never truncates on the 32- and 64-bit targets built for.
        self.start as usize..self.end as usize
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        // Saturated, not wrapped: an offset past 4 GiB (never read) would point at the end.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            start: narrow(r.start),
            end: narrow(r.end),
        }
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

fn opt_text(s: Option<&Sp<String>>) -> Option<Value> {
    s.and_then(|s| text_of(&s.value))
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
    /// The edition (令和7年改定): plans revised every year name theirs, and an item may continue
    /// one of an earlier edition (`Item::continues`).
    pub edition: Option<Sp<String>>,
    /// Where the plan comes from (the published document).
    pub source: Option<Sp<String>>,
    /// The names of the grouping levels from the top, the last one naming items (分野, 政策, 項目);
    /// empty: 大項目, 中項目, 小項目.
    pub levels: Vec<Sp<String>>,
    pub period: Period,
    pub categories: Vec<Category>,
    /// The groups of a plan that does not use 大項目/中項目 (any depth), in source order.
    pub groups: Vec<Group>,
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
            "title_en" => opt_text(self.title_en.as_ref()),
            "lang" => opt_text(self.lang.as_ref()),
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
            "edition" => opt_text(self.edition.as_ref()),
            "source" => opt_text(self.source.as_ref()),
            "levels" => plain(joined(&self.levels, " › ")),
            _ => None,
        }
    }

    /// Every group's path and title, at every level: each 大項目 followed by its 中項目, then
    /// `groups` (what `--category` accepts).
    pub fn group_paths(&self) -> Vec<(ItemId, &str)> {
        let mut out = Vec::new();
        for c in &self.categories {
            let n = c.number.value;
            out.push((ItemId::from_parts(&[n]), c.title.value.as_str()));
            for s in &c.subcategories {
                let id = ItemId::from_parts(&[n, s.number.value]);
                out.push((id, s.title.value.as_str()));
            }
        }
        out.extend(
            self.groups
                .iter()
                .map(|g| (g.id.value, g.title.value.as_str())),
        );
        out
    }

    /// The group at a path: a 大項目 or 中項目 of the categories, or one of `groups`.
    pub fn group(&self, path: ItemId) -> Option<GroupRef<'_>> {
        let parts = path.parts();
        let from_categories = match parts {
            [c] => self.category(*c).map(|c| GroupRef {
                id: path,
                number: None,
                title: &c.title.value,
            }),
            [c, s] => self.subcategory(*c, *s).map(|s| GroupRef {
                id: path,
                number: None,
                title: &s.title.value,
            }),
            _ => None,
        };
        from_categories.or_else(|| {
            self.groups
                .iter()
                .find(|g| g.id.value == path)
                .map(|g| GroupRef {
                    id: path,
                    number: g.number.as_ref().map(|n| n.value.as_str()),
                    title: &g.title.value,
                })
        })
    }

    /// The name of a grouping level (0 = the top), when the plan names its levels.
    pub fn level(&self, depth: usize) -> Option<&str> {
        self.levels.get(depth).map(|l| l.value.as_str())
    }

    /// The groups an item sits in, from the top down to its own (`2`, `2-1`, `2-1-6` for
    /// `2-1-6-1`), each with the name of its level when the plan names them; groups the plan does
    /// not define are left out.
    pub fn path_of(&self, id: ItemId) -> Vec<(GroupRef<'_>, Option<&str>)> {
        id.ancestors()
            .filter_map(|g| self.group(g).map(|r| (r, self.level(g.depth() - 1))))
            .collect()
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
    /// The source table's columns, when they are not one per FY of the period.
    pub columns: Vec<Column>,
    /// Named sub-periods (集中改革期間).
    pub phases: Vec<Phase>,
}

impl Period {
    /// The first FY a milestone may start in: the first column's, none with a "before" column
    /// (`None`), else the plan's first FY.
    pub fn earliest_fy(&self) -> Option<Fy> {
        if self.columns.iter().any(|c| c.before) {
            return None;
        }
        Some(
            self.columns
                .iter()
                .filter_map(|c| c.from.as_ref().map(|f| f.value))
                .min()
                .map_or(self.first_fy.value, |f| f.min(self.first_fy.value)),
        )
    }
}

/// One column of the source table: its label, the FYs it covers (two or more when merged), and
/// its in-year sub-columns.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Column {
    pub label: Sp<String>,
    /// `None` for a "before" column: every FY up to `to`.
    pub from: Option<Sp<Fy>>,
    pub to: Sp<Fy>,
    /// Holds what came before the plan's FYs (「…の策定（2013年11月）」).
    pub before: bool,
    pub parts: Vec<Sp<String>>,
}

impl Column {
    pub fn covers(&self, fy: Fy) -> bool {
        fy <= self.to.value && self.from.as_ref().is_none_or(|f| f.value <= fy)
    }
}

/// A named sub-period of the plan (集中改革期間).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Phase {
    pub name: Sp<String>,
    pub from: Sp<Fy>,
    pub to: Sp<Fy>,
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

/// A group of a plan's hierarchy at any depth (分野 › 政策 › 項目 …): its path (the id its items
/// start with), the source's display number, its title.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Group {
    pub id: Sp<ItemId>,
    pub number: Option<Sp<String>>,
    pub title: Sp<String>,
}

/// A group as views show it, from the categories or the groups.
#[derive(Clone, Copy, Debug)]
pub struct GroupRef<'a> {
    pub id: ItemId,
    /// The source's display number (Ⅱ, (6)); `None`: the id is shown.
    pub number: Option<&'a str>,
    pub title: &'a str,
}

impl GroupRef<'_> {
    /// The number as shown: the source's, or the id.
    pub fn shown_number(&self) -> String {
        self.number
            .map_or_else(|| self.id.to_string(), str::to_owned)
    }
}

/// A group as views and JSON name it: its path, the source's display number, the name of its
/// level (when the plan names levels), its title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupName {
    pub id: ItemId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub title: String,
}

impl GroupRef<'_> {
    /// The group named, with its level's name.
    pub fn name(&self, level: Option<&str>) -> GroupName {
        GroupName {
            id: self.id,
            number: self.number.map(str::to_owned),
            level: level.map(str::to_owned),
            title: self.title.to_owned(),
        }
    }
}

/// A cross-cutting theme (※1–※3).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Theme {
    pub id: Sp<u32>,
    pub title: Sp<String>,
}

impl Theme {
    /// `※2`; `*2` under `--ascii` (※ is of ambiguous width).
    pub fn marker(id: u32) -> String {
        format!("{}{id}", crate::i18n::glyph::note())
    }
}

/// An item's id: a path of positive numbers, `<大>-<中>-<小>` in the shipped plan (`2-3-2`), any
/// depth from 2 to [`ItemId::MAX_DEPTH`] parts in others (`2-1-6-1`). Every proper prefix names a
/// group (the item's 大項目, 中項目, …), so the id says where the item sits; the source's display
/// numbers (Ⅱ, (ⅰ), No.1) are kept apart from it. Orders numerically, so 1-1-10 comes after 1-1-9.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ItemId {
    parts: [u32; ItemId::MAX_DEPTH],
    len: u8,
}

impl PartialOrd for ItemId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ItemId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts().cmp(other.parts())
    }
}

impl fmt::Debug for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ItemId({self})")
    }
}

impl ItemId {
    pub const MAX_DEPTH: usize = 8;

    /// Parses `2-3-2` (or any depth from 2 parts); each part a positive integer without sign or
    /// leading zeros.
    pub fn parse(s: &str) -> Option<Self> {
        let id = Self::parse_path(s)?;
        (id.len >= 2).then_some(id)
    }

    /// Parses a group's path: like an id, but one part (`2`) is allowed.
    pub fn parse_path(s: &str) -> Option<Self> {
        let mut id = Self::default();
        for p in s.split('-') {
            let ok = !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !p.starts_with('0');
            let n: u32 = if ok { p.parse().ok()? } else { return None };
            if usize::from(id.len) == Self::MAX_DEPTH {
                return None;
            }
            id.parts[usize::from(id.len)] = n;
            id.len += 1;
        }
        Some(id)
    }

    /// An id from its parts (at most [`ItemId::MAX_DEPTH`]; more are dropped).
    pub fn from_parts(parts: &[u32]) -> Self {
        let mut id = Self::default();
        for (slot, p) in id.parts.iter_mut().zip(parts) {
            *slot = *p;
            id.len += 1;
        }
        id
    }

    pub fn parts(&self) -> &[u32] {
        &self.parts[..usize::from(self.len)]
    }

    pub fn depth(&self) -> usize {
        usize::from(self.len)
    }

    /// The first part: the 大項目 (or top group).
    pub fn category(&self) -> u32 {
        self.parts[0]
    }

    /// The second part: the 中項目 in a three-part id.
    pub fn subcategory(&self) -> u32 {
        self.parts[1]
    }

    /// The group the item sits in: every part but the last.
    pub fn parent(&self) -> ItemId {
        Self::from_parts(&self.parts()[..self.depth().saturating_sub(1)])
    }

    /// The groups from the top down to the parent (`2`, `2-1`, `2-1-6` for `2-1-6-1`).
    pub fn ancestors(&self) -> impl Iterator<Item = ItemId> + '_ {
        (1..self.depth()).map(|n| Self::from_parts(&self.parts()[..n]))
    }

    /// Whether `prefix` is this id or one of its groups.
    pub fn starts_with(&self, prefix: &ItemId) -> bool {
        self.parts().starts_with(prefix.parts())
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, p) in self.parts().iter().enumerate() {
            if n > 0 {
                f.write_str("-")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
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
    /// The source's display number (No.1, (ⅰ), ①), kept apart from the id.
    pub number: Option<Sp<String>>,
    pub themes: Vec<Sp<u32>>,
    /// 主担当.
    pub owners: Vec<Sp<String>>,
    /// 関係 (関係府省).
    pub related_owners: Vec<Sp<String>>,
    /// The id of the item of the earlier edition that this one continues (editions renumber).
    pub continues: Option<Sp<ItemId>>,
    pub schedule: Sp<Schedule>,
    pub notes: Vec<Sp<String>>,
    /// The transcriber's notes (転記注): how the source was read. For the office, not the
    /// briefing: reports leave them out unless asked (`--include-notes`).
    pub transcription_notes: Vec<Sp<String>>,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Indicator>,
}

impl Item {
    /// Gives back the room of lists that hold less than their file's tables (the parser sizes
    /// each for its tables; those that fail to parse are left out). Lists grown by pushing held
    /// up to twice their length: on 10,000 items the slack was a third of the model's memory.
    pub fn shrink_to_fit(&mut self) {
        fn fit<T>(v: &mut Vec<T>) {
            v.shrink_to_fit();
        }
        fit(&mut self.themes);
        fit(&mut self.owners);
        fit(&mut self.related_owners);
        fit(&mut self.notes);
        fit(&mut self.transcription_notes);
        fit(&mut self.milestones);
        fit(&mut self.indicators);
        for m in &mut self.milestones {
            fit(&mut m.after);
            fit(&mut m.owners);
            fit(&mut m.related_owners);
            fit(&mut m.reports);
            fit(&mut m.changes);
        }
        for i in &mut self.indicators {
            fit(&mut i.owners);
            fit(&mut i.related_owners);
            fit(&mut i.series);
            for s in &mut i.series {
                fit(&mut s.values);
            }
        }
    }

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
            "number" => opt_text(self.number.as_ref()),
            "related_owners" => plain(joined(&self.related_owners, ", ")),
            "continues" => self
                .continues
                .as_ref()
                .and_then(|c| plain(c.value.to_string())),
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
    /// The new end point finer than a FY (`2026-H1`); its FY is `to`.
    pub until: Option<Sp<crate::timing::Until>>,
    /// The new end (`to` or `until`) is approximate (目途): no deadline.
    pub approx: bool,
    /// The milestone has no end from now on (継続): no deadline.
    pub open: bool,
    /// `to` was not written: it is the FY of `until` (or, for an open end, the plan's latest FY).
    pub to_implied: bool,
    pub reason: Sp<String>,
    /// The form the change came from (`roadmap import`).
    pub form: Option<Sp<String>>,
}

/// One cell of an item's table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Milestone {
    // Fields most milestones leave out are boxed (`Option<Box<_>>`, one word when absent): a
    // milestone is held for every item of a roadmap, and 10,000 items hold 40,000 of them.
    pub id: Sp<String>,
    pub text: Sp<String>,
    pub row: Option<Sp<u32>>,
    pub track: Option<Box<Sp<String>>>,
    /// The published plan's first FY (当初計画); changes move the current one.
    pub from: Sp<Fy>,
    /// The published plan's last FY.
    pub to: Sp<Fy>,
    /// `to` was not written: the FY of `until`, or the plan's latest FY for an event or open end
    /// ([`crate::timing::resolve`]). It states no deadline.
    pub to_implied: bool,
    /// An end point finer than a FY: a half, quarter, month or calendar year.
    pub until: Option<Box<Sp<crate::timing::Until>>>,
    /// The `until` point is approximate (目途, 夏頃): never a hard deadline.
    pub approx: bool,
    /// The milestone ends at an event, not a date.
    pub event: Option<Box<Sp<String>>>,
    /// The milestone whose completion is the event (`ms` or `item/ms`).
    pub event_of: Option<Box<Sp<String>>>,
    /// Open-ended: 継続, 速やかに.
    pub open: bool,
    /// The source's own words for the timing (実施時期).
    pub timing_text: Option<Box<Sp<String>>>,
    /// Milestones this one follows (`ms` or `item/ms`).
    pub after: Vec<Sp<String>>,
    /// A 再掲: this milestone restates `item/ms`, whose state it shows and which counts it.
    pub restates: Option<Box<Sp<String>>>,
    /// 主担当 of this measure (the item's when empty).
    pub owners: Vec<Sp<String>>,
    /// 関係 of this measure.
    pub related_owners: Vec<Sp<String>>,
    pub every_year: bool,
    pub due: Option<Sp<NaiveDate>>,
    pub notes: Option<Box<Sp<String>>>,
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
            "track" => opt_text(self.track.as_deref()),
            "every_year" => plain(self.every_year.to_string()),
            "due" => self.due.as_ref().and_then(|d| plain(d.value.to_string())),
            "notes" => opt_text(self.notes.as_deref()),
            "until" => self.until.as_ref().and_then(|u| plain(u.value.as_text())),
            "approx" => plain(self.approx.to_string()),
            "event" => opt_text(self.event.as_deref()),
            "event_of" => opt_text(self.event_of.as_deref()),
            "open" => plain(self.open.to_string()),
            "timing_text" => opt_text(self.timing_text.as_deref()),
            "after" => plain(joined(&self.after, ", ")),
            "restates" => opt_text(self.restates.as_deref()),
            "owners" => plain(joined(&self.owners, ", ")),
            "related_owners" => plain(joined(&self.related_owners, ", ")),
            _ => None,
        }
    }

    /// The changes dated on or before a day, in date order (file order for one day).
    pub fn changes_on(&self, day: NaiveDate) -> Vec<&Change> {
        let mut out: Vec<&Change> = self.changes.iter().filter(|c| c.on.value <= day).collect();
        out.sort_by_key(|c| c.on.value);
        out
    }

    /// The schedule in force on a day: the published plan with every change dated on or before it
    /// applied, in date order (file order for one day).
    pub fn schedule_on(&self, day: NaiveDate) -> (Fy, Fy) {
        let (mut from, mut to) = (self.from.value, self.to.value);
        for c in self.changes_on(day) {
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
    /// The KPI layer (KPI第1階層 = 1, 第2階層 = 2).
    pub layer: Option<Sp<u32>>,
    /// When it is measured (把握の時期).
    pub measured: Option<Sp<String>>,
    pub owners: Vec<Sp<String>>,
    pub related_owners: Vec<Sp<String>>,
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
    /// The source's words for the target (5割以上, 【減少】).
    pub target_text: Option<Sp<String>>,
    /// The target is a move in `direction` from the baseline, with no number (【減少】).
    pub relative: bool,
    /// The FY the series starts: no value is missing before it.
    pub since: Option<Sp<Fy>>,
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
    /// The form the value came from (`roadmap import`).
    pub form: Option<Sp<String>>,
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
            "unit" => opt_text(self.unit.as_ref()),
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
            "target_text" => opt_text(self.target_text.as_ref()),
            "relative" => plain(self.relative.to_string()),
            "since" => self.since.as_ref().and_then(|s| plain(s.value.to_string())),
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
            "notes" => opt_text(self.notes.as_ref()),
            "layer" => self.layer.as_ref().and_then(|l| plain(l.value.to_string())),
            "measured" => opt_text(self.measured.as_ref()),
            "owners" => plain(joined(&self.owners, ", ")),
            "related_owners" => plain(joined(&self.related_owners, ", ")),
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
            edition: Some(s("e")),
            source: Some(s("s")),
            levels: vec![s("l")],
            ..Plan::default()
        };
        let item = Item {
            title: s("t"),
            themes: vec![Sp::bare(1)],
            owners: vec![s("o")],
            number: Some(s("No.1")),
            related_owners: vec![s("r")],
            continues: ItemId::parse("1-2").map(Sp::bare),
            notes: vec![s("n")],
            transcription_notes: vec![s("t")],
            ..Item::default()
        };
        let milestone = Milestone {
            text: s("t"),
            row: Some(Sp::bare(1)),
            track: Some(Box::new(s("k"))),
            due: Some(date),
            notes: Some(Box::new(s("n"))),
            until: crate::timing::Until::parse("2025-H1").map(|u| Box::new(Sp::bare(u))),
            event: Some(Box::new(s("e"))),
            event_of: Some(Box::new(s("a"))),
            timing_text: Some(Box::new(s("t"))),
            after: vec![s("a")],
            restates: Some(Box::new(s("1-1-1/a"))),
            owners: vec![s("o")],
            related_owners: vec![s("r")],
            ..Milestone::default()
        };
        let indicator = Indicator {
            name: s("n"),
            notes: Some(s("n")),
            layer: Some(Sp::bare(1)),
            measured: Some(s("m")),
            owners: vec![s("o")],
            related_owners: vec![s("r")],
            ..Indicator::default()
        };
        let series = Series {
            name: s("n"),
            unit: Some(s("%")),
            target_text: Some(s("t")),
            since: Some(Sp::bare(2020)),
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
