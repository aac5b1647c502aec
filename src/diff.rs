//! What changed in meaning between two roadmaps: the core of `roadmap diff`.
//!
//! Pure: two [`Roadmap`]s in, a [`Diff`] out. Items are matched by id, milestones and indicators by
//! their id within the item, so key order, whitespace, comments, quoting and table layout never
//! count as a change (the model's values ignore their spans in comparisons). Either side may hold
//! only the items of the files that changed: items absent from both sides are unchanged.
//!
//! The JSON form of [`Diff`] is documented in docs/diff.md; its field names are stable.
//!
//! [`Roadmap`]: crate::model::Roadmap
//! [`Diff`]: crate::diff::Diff

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::Analysis;
use crate::attainment::Point;
use crate::diagnostic::{Severity, Tally};
use crate::i18n::Msg;
use crate::keys;
use crate::model::{
    Fy, GroupName, Indicator, Item, ItemId, Milestone, Plan, Report, Reported, Roadmap, Series,
    Val, Value,
};
use crate::timing::End;

/// How many findings of the new side a diff carries (the rest are counted).
pub const VALIDATION_FINDINGS_SHOWN: usize = 10;

/// What a side of a comparison is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SideKind {
    /// The roadmap directory in the working tree.
    #[default]
    WorkTree,
    /// A git revision, as the user named it (`main`, `HEAD~3`).
    Rev(String),
    /// The merge base of `A...B`.
    MergeBase(String, String),
    /// A directory (`--no-index`).
    Dir(String),
}

/// What was compared: each side, and its commit when it is one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Side {
    pub kind: SideKind,
    /// The full commit id, for a git revision.
    pub commit: Option<String>,
}

impl Side {
    /// `main (1a2b3c4d5e6f)`, or the side's name alone; `label` names the side as the user wrote
    /// it, or in words for the working tree and a merge base.
    pub fn describe(&self, label: &str) -> String {
        match &self.commit {
            Some(c) if !label.is_empty() && c.starts_with(label) => {
                c.get(..12).unwrap_or(c).to_owned()
            }
            Some(c) => format!("{label} ({})", c.get(..12).unwrap_or(c)),
            None => label.to_owned(),
        }
    }
}

impl Serialize for Side {
    /// `{"label": …, "commit": …}`, the label in English (docs/diff.md).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Side", 2)?;
        st.serialize_field("label", &crate::i18n::Lang::En.side(&self.kind))?;
        st.serialize_field("commit", &self.commit)?;
        st.end()
    }
}

/// Everything that changed, item by item.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    pub summary: Summary,
    /// Changes to `roadmap.toml`: title, period, 大項目/中項目, themes, notes.
    pub plan: Vec<FieldChange>,
    /// The two editions, when the sides are different editions of a plan (`edition`): items are
    /// then matched through `continues`, not by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editions: Option<(String, String)>,
    /// Changed, added and removed items, by id.
    pub items: Vec<ItemDiff>,
    /// Changed files of the new side that could not be read (their items are not reported as
    /// removed; the validation says what is wrong with them).
    pub unreadable: Vec<String>,
    /// Whether the new side validates; `None` when not checked. (The renderers word its
    /// findings, so it is not serialised with the rest.)
    #[serde(skip)]
    pub validation: Option<Validation>,
}

impl Diff {
    /// Whether anything changed in meaning.
    pub fn has_changes(&self) -> bool {
        !self.plan.is_empty() || !self.items.is_empty() || !self.unreadable.is_empty()
    }
}

/// Counts for a reviewer's first glance.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Summary {
    pub items_added: usize,
    pub items_removed: usize,
    pub items_changed: usize,
    pub items_moved: usize,
    pub items_renamed: usize,
    /// Between editions: items that continue one of the earlier edition (引継ぎ).
    pub items_carried_over: usize,
    pub milestones_added: usize,
    pub milestones_removed: usize,
    pub milestones_changed: usize,
    /// Milestones whose id changed (same text).
    pub milestones_renamed: usize,
    /// Milestones whose reported status became `done`.
    pub milestones_completed: usize,
    /// Rounds of 毎年度 milestones newly reported done.
    pub rounds_completed: usize,
    /// Milestones newly reported delayed.
    pub delays_declared: usize,
    /// Milestones newly reported dropped.
    pub drops: usize,
    /// Progress reports added (or removed).
    pub reports_added: usize,
    pub reports_removed: usize,
    /// Schedule-change records removed (an edited record counts too): the history of the plan
    /// in force rewritten.
    pub change_records_removed: usize,
    /// Milestones whose current last FY moved later.
    pub slips: usize,
    /// Milestones removed (alone or with their item) that had a hard deadline and were not
    /// reported done or dropped: losing a deadline is a slip (`--fail-on slip`).
    pub deadlines_lost: usize,
    /// Milestones whose current last FY moved earlier.
    pub pull_ins: usize,
    /// Milestones whose published plan (`from`/`to`) was edited: the evidence itself changed.
    pub plan_edits: usize,
    /// Between two editions: milestones the new edition published with another schedule.
    pub plan_revisions: usize,
    /// Indicator values recorded, changed or removed.
    pub indicator_updates: usize,
    /// Indicator target values set, changed or removed.
    pub target_changes: usize,
    /// Baselines set, changed or removed.
    pub baseline_changes: usize,
    /// Indicators changed, added or removed (a removed indicator is a removed measure of progress).
    pub indicators_changed: usize,
    pub indicators_added: usize,
    pub indicators_removed: usize,
    /// Series added to or removed from an indicator present on both sides.
    pub series_added: usize,
    pub series_removed: usize,
    pub plan_changes: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// What a [`FieldChange`] is about: a key of the files, or an entry of the plan's lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// A key of the files (`title`, `done_on`, …), named as in the key tables.
    Key(&'static str),
    /// A 大項目's title.
    Category(u32),
    CategoryOtherTitles(u32),
    /// A 中項目's title.
    Subcategory(u32, u32),
    /// A cross-cutting theme's title.
    Theme(u32),
}

impl Field {
    /// The field as JSON names it (stable; docs/diff.md).
    pub fn id(&self) -> String {
        match self {
            Field::Key(k) => (*k).to_owned(),
            Field::Category(c) => format!("category {c}"),
            Field::CategoryOtherTitles(c) => format!("category {c} other_titles"),
            Field::Subcategory(c, s) => format!("subcategory {c}-{s}"),
            Field::Theme(t) => format!("theme {}", crate::model::Theme::marker(*t)),
        }
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

/// One value that changed: `old` is `None` when it was absent (added), `new` when it is gone.
/// `segments` is the character-level diff of `old` → `new` for text fields, else empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: Field,
    pub old: Option<Shown>,
    pub new: Option<Shown>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
}

/// A changed value: the file's text as written, or a value the renderers word in the user's
/// language. JSON writes text as a string and a period as `{first_fy, last_fy, latest_fy}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Shown {
    Text(String),
    Period(Period),
}

impl Shown {
    /// The text, for a value the file wrote as text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Shown::Text(s) => Some(s),
            Shown::Period(_) => None,
        }
    }
}

/// The plan period (`[period]`): its first and last FY, and the latest FY a milestone may reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub first_fy: Fy,
    pub last_fy: Fy,
    pub latest_fy: Fy,
}

impl Period {
    pub fn of(p: &Plan) -> Self {
        Self {
            first_fy: p.period.first_fy.value,
            last_fy: p.period.last_fy.value,
            latest_fy: p.period.latest_fy.value,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentOp {
    Equal,
    Delete,
    Insert,
}

/// A run of characters kept, deleted or inserted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub op: SegmentOp,
    pub text: String,
}

/// A changed, added or removed item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemDiff {
    /// The item's id (the new id when it was renamed).
    pub id: ItemId,
    pub change: ChangeKind,
    /// The old id, when the item kept its title but changed its id, or (between editions) the
    /// id of the item of the earlier edition it continues.
    pub renamed_from: Option<ItemId>,
    /// Between two editions: the item continues `renamed_from` of the earlier one (引継ぎ).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub continued: bool,
    /// The earlier edition's name, when `continued`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition_from: Option<String>,
    /// The title (the new one, or the old one when removed).
    pub title: String,
    /// The 大項目 number and title (from the new plan, else the old one).
    pub category: u32,
    pub category_title: Option<String>,
    /// In a plan of `[[groups]]`: the groups the item sits in, from the top (from the new plan,
    /// else the old one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupName>,
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    /// The item's file changed (same id, another file).
    pub moved: bool,
    /// For a removed item: its milestones with a hard deadline not reported done or dropped.
    #[serde(skip_serializing_if = "is_zero")]
    pub deadlines_lost: usize,
    pub fields: Vec<FieldChange>,
    pub milestones: Vec<MilestoneDiff>,
    pub indicators: Vec<IndicatorDiff>,
}

/// The groups of a plan of `[[groups]]` an item sits in (none for 大項目/中項目).
fn group_names(plan: &Plan, id: ItemId) -> Vec<GroupName> {
    if plan.groups.is_empty() {
        return Vec::new();
    }
    plan.path_of(id)
        .into_iter()
        .map(|(g, level)| g.name(level))
        .collect()
}

/// A changed, added or removed milestone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MilestoneDiff {
    pub id: String,
    pub change: ChangeKind,
    /// The text (the new one, or the old one when removed).
    pub text: String,
    /// The schedule in force (the new one, or the old one when removed).
    pub from: Fy,
    pub to: Fy,
    /// Its end in force (`to` is only where views draw an event or open end).
    pub end: End,
    /// The published plan (当初計画), which schedule changes never alter.
    pub planned_from: Fy,
    pub planned_to: Fy,
    /// The latest status reported (the new one, or the old one when removed); `None`: none yet.
    pub status: Option<Reported>,
    /// The round (FY) that status is of, for a 毎年度 milestone: one round done is not the
    /// milestone done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_fy: Option<Fy>,
    /// The old id, when the milestone kept its text (or, in the same place of the table, nearly)
    /// under a new id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Removed with a hard deadline it was not reported done or dropped by.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deadline_lost: bool,
    /// The latest reported status changed.
    pub status_change: Option<StatusChange>,
    /// The schedule in force changed (a 計画変更, or an edit of the published plan).
    pub schedule_change: Option<ScheduleChange>,
    /// The published plan itself was edited (`from`/`to` of the milestone, not a change entry).
    pub plan_edit: Option<PlanEdit>,
    /// Reports added or removed.
    pub reports: Vec<ReportChange>,
    /// Schedule-change records (`[[milestones.changes]]`) added or removed; an edited one is
    /// both. Removing one rewrites the history of the plan in force (要確認).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub change_records: Vec<ChangeRecord>,
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub old: Option<Reported>,
    /// The round (FY) of a 毎年度 milestone the old status was about: the round before is not
    /// the milestone done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_fy: Option<Fy>,
    pub new: Option<Reported>,
    /// The round (FY) of a 毎年度 milestone the new status is about.
    pub fy: Option<Fy>,
    /// The day of the report that says it.
    pub on: Option<NaiveDate>,
    /// Its reason, for a delay or a drop.
    pub reason: Option<String>,
}

/// How a milestone's end moved. Ends are compared by their last day (a quarter before its FY's
/// end); an end with no day (an event, an open end) is compared by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    /// The end moved later.
    Slip,
    /// The end moved earlier.
    PullIn,
    /// Only the first FY moved (or the end's kind, on the same day).
    Rescheduled,
    /// An end with no day (an event, open) was given one: a deadline set, not a pull-in.
    DeadlineSet,
    /// An end with a day became an event or open: the deadline is gone (a slip).
    DeadlineRemoved,
    /// The same day, an approximate point (目途) made a deadline.
    Firmed,
    /// The same day, a deadline made an approximate point (目途): no longer a deadline (a slip).
    Softened,
    /// The end moved earlier because a change record was removed, none added: the plan in force
    /// went back to the one before, which a pull-in must not be taken for (要確認).
    RecordRemoved,
}

impl ScheduleKind {
    /// Whether it counts as a slip (`--fail-on slip`, 要確認): the end later, or a deadline gone.
    pub fn is_slip(self) -> bool {
        matches!(
            self,
            ScheduleKind::Slip | ScheduleKind::DeadlineRemoved | ScheduleKind::Softened
        )
    }

    /// Whether views draw it as a warning: a slip, or the plan in force gone back because its
    /// record was removed (not a slip, and not a pull-in either).
    pub fn is_warned(self) -> bool {
        self.is_slip() || self == ScheduleKind::RecordRemoved
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleChange {
    pub kind: ScheduleKind,
    pub old_from: Fy,
    pub old_to: Fy,
    pub new_from: Fy,
    pub new_to: Fy,
    /// The ends before and after (`timing`, `until`, `event`…); `old_to`/`new_to` are only where
    /// views draw an event or open end.
    pub old_end: End,
    pub new_end: End,
    /// The reason of the change entry that made it, if one did.
    pub reason: Option<String>,
    /// The due dates finer than the FY (`due`) before and after, where they differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<DueChange>,
    /// The published plan (当初計画), where the plan in force before was another already: a
    /// second slip does not hide how far the milestone has moved from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
}

/// A milestone's published plan: its first FY and its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Published {
    pub from: Fy,
    pub end: End,
}

/// A due date finer than the FY (`due`) moved, set or removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DueChange {
    pub old: Option<NaiveDate>,
    pub new: Option<NaiveDate>,
}

/// An edit of the published plan (当初計画): what was transcribed changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanEdit {
    pub old_from: Fy,
    pub old_to: Fy,
    pub new_from: Fy,
    pub new_to: Fy,
    pub old_end: End,
    pub new_end: End,
}

/// A report added or removed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportChange {
    pub change: ChangeKind,
    #[serde(flatten)]
    pub report: Report,
}

/// A schedule-change record (計画変更) added or removed, with the schedule it put in force (as
/// the side that holds it computes it on its day).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeRecord {
    pub change: ChangeKind,
    pub on: NaiveDate,
    pub from: Fy,
    /// The last FY it put in force (`end` words a point or an event, and says no FY).
    pub to: Fy,
    pub end: End,
    /// The milestone is 毎年度: its span is worded as every year.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub every_year: bool,
    pub reason: String,
}

impl ChangeRecord {
    fn of(m: &Milestone, c: &crate::model::Change, change: ChangeKind) -> Self {
        let (from, to) = m.schedule_on(c.on.value);
        Self {
            change,
            on: c.on.value,
            from,
            to,
            end: m.end_on(c.on.value),
            every_year: m.every_year,
            reason: c.reason.value.clone(),
        }
    }
}

/// A changed, added or removed indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorDiff {
    pub id: String,
    pub change: ChangeKind,
    pub name: String,
    pub series: Vec<SeriesDiff>,
    pub fields: Vec<FieldChange>,
}

/// A changed, added or removed series of an indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesDiff {
    pub id: String,
    pub change: ChangeKind,
    pub name: String,
    pub unit: Option<String>,
    pub values: Vec<ValueChange>,
    pub targets: Vec<ValueChange>,
    /// The baseline before and after, when it changed.
    pub baseline: Option<BaselineChange>,
    pub fields: Vec<FieldChange>,
}

/// A baseline set (`old` null), changed, or removed (`new` null).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BaselineChange {
    pub old: Option<Point>,
    pub new: Option<Point>,
}

/// One FY's value: recorded (`old` null), changed, or removed (`new` null).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueChange {
    pub fy: Fy,
    pub old: Option<Val>,
    pub new: Option<Val>,
}

/// Whether the new side validates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation {
    pub ok: bool,
    pub files_checked: usize,
    /// Every file of the new side was checked (else the changed files with the plan).
    pub whole: bool,
    pub errors: usize,
    pub warnings: usize,
    /// The first findings, in `roadmap validate` order.
    pub findings: Vec<ValidationFinding>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationFinding {
    pub code: String,
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: Msg,
}

/// The validation summary of an analysed new side.
pub fn validation(analysis: &Analysis, whole: bool) -> Validation {
    let t = Tally::of(&analysis.findings);
    let findings = analysis
        .findings
        .iter()
        .take(VALIDATION_FINDINGS_SHOWN)
        .map(|f| {
            let pos = f
                .span
                .as_ref()
                .zip(analysis.file(&f.path))
                .map(|(span, file)| file.position(span.start));
            ValidationFinding {
                code: f.code.as_str().to_owned(),
                severity: f.severity,
                file: f.path.clone(),
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
                message: f.message.clone(),
            }
        })
        .collect();
    Validation {
        ok: t.errors == 0,
        files_checked: analysis.files.len(),
        whole,
        errors: t.errors,
        warnings: t.warnings,
        findings,
    }
}

/// Compares two roadmaps. `unreadable` lists paths of the new side's changed files that could not
/// be parsed: items that were in them are not reported as removed. Either side's plan may be
/// unreadable (an empty `path`): plan changes are then not reported.
pub fn diff(old: &Roadmap, new: &Roadmap, unreadable: &BTreeSet<String>) -> Diff {
    let b = &Budget::new();
    let mut out = Diff {
        unreadable: unreadable.iter().cloned().collect(),
        ..Diff::default()
    };
    if !old.plan.path.is_empty() && !new.plan.path.is_empty() {
        out.plan = plan_changes(&old.plan, &new.plan, b);
    }
    let mut olds: BTreeMap<ItemId, &Item> = old.items.iter().map(|i| (i.id.value, i)).collect();
    let mut news: BTreeMap<ItemId, &Item> = new.items.iter().map(|i| (i.id.value, i)).collect();
    // Two editions renumber their items: an item is matched to the one it says it continues,
    // before anything is matched by id.
    let editions = match (&old.plan.edition, &new.plan.edition) {
        (Some(a), Some(b)) if a.value != b.value => Some((a.value.clone(), b.value.clone())),
        _ => None,
    };
    let mut carried = Vec::new();
    if editions.is_some() {
        for n in &new.items {
            if let Some(from) = &n.continues
                && let Some(o) = olds.remove(&from.value)
            {
                news.remove(&n.id.value);
                let mut d = item_pair(o, n, new, old, b).unwrap_or_else(|| {
                    item_diff(n, ChangeKind::Changed, new, old, Some(o), Some(n))
                });
                d.renamed_from = Some(o.id.value);
                d.continued = true;
                d.edition_from = old.plan.edition.as_ref().map(|e| e.value.clone());
                carried.push(d);
            }
        }
        // Without a link, the same id in another edition is another item: new, and the old one
        // ended (see the matching below).
        out.editions = editions.clone();
    }
    let removed: Vec<&Item> = olds
        .iter()
        .filter(|(id, item)| {
            (editions.is_some() || !news.contains_key(id)) && !unreadable.contains(&item.path)
        })
        .map(|(_, item)| *item)
        .collect();
    // An item whose title is on one removed item and one added one, and no other, was renamed.
    let mut removed_by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, item) in removed.iter().enumerate() {
        removed_by_title
            .entry(&item.title.value)
            .or_default()
            .push(k);
    }
    let mut added_by_title: HashMap<&str, usize> = HashMap::new();
    for item in news
        .values()
        .filter(|i| editions.is_some() || !olds.contains_key(&i.id.value))
    {
        *added_by_title.entry(&item.title.value).or_default() += 1;
    }
    let mut taken = vec![false; removed.len()];
    let mut items = carried;
    for (id, n) in &news {
        if let Some(o) = olds.get(id)
            && editions.is_none()
        {
            items.extend(item_pair(o, n, new, old, b));
            continue;
        }
        let title = n.title.value.as_str();
        let renamed = match (removed_by_title.get(title), added_by_title.get(title)) {
            (Some(ks), Some(1)) if ks.len() == 1 && editions.is_none() => ks.first().copied(),
            _ => None,
        };
        match renamed {
            Some(k) => {
                taken[k] = true;
                let o = removed[k];
                let mut d = item_pair(o, n, new, old, b).unwrap_or_else(|| {
                    item_diff(n, ChangeKind::Changed, new, old, Some(o), Some(n))
                });
                d.renamed_from = Some(o.id.value);
                items.push(d);
            }
            None => {
                let mut d = item_diff(n, ChangeKind::Added, new, old, None, Some(n));
                let empty = Item::default();
                d.milestones = milestone_changes(&empty, n, b);
                d.indicators = indicator_changes(&empty, n, b);
                items.push(d);
            }
        }
    }
    for (o, _) in removed.iter().zip(&taken).filter(|(_, t)| !**t) {
        items.push(item_diff(o, ChangeKind::Removed, new, old, Some(o), None));
    }
    items.sort_by_key(|d| d.id);
    out.items = items;
    out.summary = summarize(&out);
    out
}

/// The part of a diff about one item, or one milestone of it (what `roadmap log ITEM
/// [MILESTONE]` shows): an item matches by its id or the id it was renamed from, a milestone
/// likewise; the plan's own changes are dropped. The summary is counted again.
pub fn only(mut d: Diff, item: ItemId, milestone: Option<&str>) -> Diff {
    d.plan.clear();
    d.unreadable.clear();
    d.items
        .retain(|i| i.id == item || i.renamed_from == Some(item));
    if let Some(m) = milestone {
        for i in &mut d.items {
            i.fields.clear();
            i.indicators.clear();
            i.milestones
                .retain(|x| x.id == m || x.renamed_from.as_deref() == Some(m));
        }
        // A removed item takes its milestones with it; otherwise keep only the items where the
        // milestone itself changed (an added item lists its milestones as added).
        d.items
            .retain(|i| i.change == ChangeKind::Removed || !i.milestones.is_empty());
    }
    d.summary = summarize(&d);
    d
}

/// A number of an indicator's series for a FY, changed: a target, or a recorded value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesRevision {
    pub item: ItemId,
    pub indicator: String,
    pub series: String,
    pub unit: Option<String>,
    pub fy: Fy,
    pub old: Option<Val>,
    pub new: Option<Val>,
}

/// Something a reviewer must not miss, for the list shown before the details (要確認).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attention {
    /// A milestone's plan in force ends later, or lost its deadline (`kind`).
    Slip {
        item: ItemId,
        milestone: String,
        text: String,
        schedule: ScheduleKind,
        old_from: Fy,
        old_to: Fy,
        new_from: Fy,
        new_to: Fy,
        old_end: End,
        new_end: End,
        reason: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        due: Option<DueChange>,
    },
    /// A milestone newly reported late.
    DelayDeclared {
        item: ItemId,
        milestone: String,
        text: String,
        reason: Option<String>,
    },
    /// A milestone newly reported dropped.
    Dropped {
        item: ItemId,
        milestone: String,
        text: String,
        reason: Option<String>,
    },
    /// A schedule-change record removed or edited (as it was): the history of the plan in force
    /// is rewritten, and the schedule it put in force may look better than it was.
    ChangeRecordRemoved {
        item: ItemId,
        milestone: String,
        text: String,
        record: ChangeRecord,
    },
    /// An item (a commitment of the plan) is gone.
    ItemRemoved { item: ItemId, title: String },
    MilestoneRemoved {
        item: ItemId,
        milestone: String,
        text: String,
    },
    /// An indicator's target set, changed or removed.
    TargetChanged(SeriesRevision),
    /// A recorded value (実績) changed or removed: a published number is evidence too.
    ValueRevised(SeriesRevision),
    /// The published plan (`from`/`to`) itself edited; between two editions (`revised`), the
    /// new edition published another schedule (改定での変更), which is not an edit of the evidence
    /// but is still shown next to the earlier one.
    PlanEdited {
        revised: bool,
        item: ItemId,
        milestone: String,
        text: String,
        old_from: Fy,
        old_to: Fy,
        new_from: Fy,
        new_to: Fy,
        old_end: End,
        new_end: End,
    },
    /// The plan period changed in roadmap.toml.
    PeriodChanged { old: Period, new: Period },
    /// The new side has errors.
    Invalid { errors: usize },
}

/// What a reviewer must not miss, in the order the list shows it: validation first, then the
/// plan, then item by item.
pub fn attention(d: &Diff) -> Vec<Attention> {
    let mut out = Vec::new();
    if let Some(v) = d.validation.as_ref().filter(|v| v.errors > 0) {
        out.push(Attention::Invalid { errors: v.errors });
    }
    for f in &d.plan {
        if let (Some(Shown::Period(old)), Some(Shown::Period(new))) = (&f.old, &f.new) {
            out.push(Attention::PeriodChanged {
                old: *old,
                new: *new,
            });
        }
    }
    for item in &d.items {
        let id = item.id;
        if item.change == ChangeKind::Removed {
            out.push(Attention::ItemRemoved {
                item: id,
                title: item.title.clone(),
            });
            continue;
        }
        for m in &item.milestones {
            let (milestone, text) = (m.id.clone(), m.text.clone());
            if m.change == ChangeKind::Removed {
                out.push(Attention::MilestoneRemoved {
                    item: id,
                    milestone,
                    text,
                });
                continue;
            }
            if let Some(c) = m.status_change.as_ref() {
                match c.new {
                    Some(Reported::Delayed) => out.push(Attention::DelayDeclared {
                        item: id,
                        milestone: milestone.clone(),
                        text: text.clone(),
                        reason: c.reason.clone(),
                    }),
                    Some(Reported::Dropped) => out.push(Attention::Dropped {
                        item: id,
                        milestone: milestone.clone(),
                        text: text.clone(),
                        reason: c.reason.clone(),
                    }),
                    _ => {}
                }
            }
            if let Some(c) = m.schedule_change.as_ref().filter(|c| c.kind.is_slip()) {
                out.push(Attention::Slip {
                    item: id,
                    milestone: milestone.clone(),
                    text: text.clone(),
                    schedule: c.kind,
                    old_from: c.old_from,
                    old_to: c.old_to,
                    new_from: c.new_from,
                    new_to: c.new_to,
                    old_end: c.old_end.clone(),
                    new_end: c.new_end.clone(),
                    reason: c.reason.clone(),
                    due: c.due,
                });
            }
            for c in m
                .change_records
                .iter()
                .filter(|c| c.change == ChangeKind::Removed)
            {
                out.push(Attention::ChangeRecordRemoved {
                    item: id,
                    milestone: milestone.clone(),
                    text: text.clone(),
                    record: c.clone(),
                });
            }
            if let Some(e) = &m.plan_edit {
                out.push(Attention::PlanEdited {
                    revised: d.editions.is_some(),
                    item: id,
                    milestone,
                    text,
                    old_from: e.old_from,
                    old_to: e.old_to,
                    new_from: e.new_from,
                    new_to: e.new_to,
                    old_end: e.old_end.clone(),
                    new_end: e.new_end.clone(),
                });
            }
        }
        for i in &item.indicators {
            // A new series' targets are set, not changed: the evidence had none to change.
            for s in i.series.iter().filter(|s| s.change == ChangeKind::Changed) {
                let revision = |v: &ValueChange| SeriesRevision {
                    item: id,
                    indicator: i.id.clone(),
                    series: s.name.clone(),
                    unit: s.unit.clone(),
                    fy: v.fy,
                    old: v.old.clone(),
                    new: v.new.clone(),
                };
                // A value recorded for the first time is news; one rewritten or removed is
                // evidence changed.
                let values = s.values.iter().filter(|v| v.old.is_some());
                out.extend(values.map(|v| Attention::ValueRevised(revision(v))));
                out.extend(
                    s.targets
                        .iter()
                        .map(|t| Attention::TargetChanged(revision(t))),
                );
            }
        }
    }
    out
}

fn summarize(d: &Diff) -> Summary {
    let mut s = Summary {
        plan_changes: d.plan.len(),
        ..Summary::default()
    };
    for item in &d.items {
        match item.change {
            ChangeKind::Added => s.items_added += 1,
            ChangeKind::Removed => s.items_removed += 1,
            ChangeKind::Changed => s.items_changed += 1,
        }
        s.items_moved += usize::from(item.moved);
        s.items_renamed += usize::from(item.renamed_from.is_some() && !item.continued);
        s.items_carried_over += usize::from(item.continued);
        s.deadlines_lost += item.deadlines_lost;
        for m in &item.milestones {
            match m.change {
                ChangeKind::Added => s.milestones_added += 1,
                ChangeKind::Removed => s.milestones_removed += 1,
                ChangeKind::Changed => s.milestones_changed += 1,
            }
            s.milestones_renamed += usize::from(m.renamed_from.is_some());
            s.deadlines_lost += usize::from(m.deadline_lost);
            match m.status_change.as_ref().map(|c| (c.new, c.fy)) {
                // One round of a 毎年度 milestone done is not the milestone done.
                Some((Some(Reported::Done), Some(_))) => s.rounds_completed += 1,
                Some((Some(Reported::Done), None)) => s.milestones_completed += 1,
                Some((Some(Reported::Delayed), _)) => s.delays_declared += 1,
                Some((Some(Reported::Dropped), _)) => s.drops += 1,
                _ => {}
            }
            for r in &m.reports {
                match r.change {
                    ChangeKind::Removed => s.reports_removed += 1,
                    _ => s.reports_added += 1,
                }
            }
            s.change_records_removed += m
                .change_records
                .iter()
                .filter(|c| c.change == ChangeKind::Removed)
                .count();
            match m.schedule_change.as_ref().map(|c| c.kind) {
                Some(k) if k.is_slip() => s.slips += 1,
                Some(ScheduleKind::PullIn) => s.pull_ins += 1,
                _ => {}
            }
            if d.editions.is_some() {
                s.plan_revisions += usize::from(m.plan_edit.is_some());
            } else {
                s.plan_edits += usize::from(m.plan_edit.is_some());
            }
        }
        for i in &item.indicators {
            match i.change {
                ChangeKind::Added => s.indicators_added += 1,
                ChangeKind::Removed => s.indicators_removed += 1,
                ChangeKind::Changed => {
                    s.indicators_changed += 1;
                    for series in &i.series {
                        match series.change {
                            ChangeKind::Added => s.series_added += 1,
                            ChangeKind::Removed => s.series_removed += 1,
                            ChangeKind::Changed => {}
                        }
                    }
                }
            }
            for series in &i.series {
                s.indicator_updates += series.values.len();
                // A new series comes with its target and baseline: they did not change.
                if series.change == ChangeKind::Changed {
                    s.target_changes += series.targets.len();
                    s.baseline_changes += usize::from(series.baseline.is_some());
                }
            }
        }
    }
    s
}

/// The diff of an item present on both sides, or `None` when nothing changed in meaning.
fn item_pair(o: &Item, n: &Item, new: &Roadmap, old: &Roadmap, b: &Budget) -> Option<ItemDiff> {
    let mut d = item_diff(n, ChangeKind::Changed, new, old, Some(o), Some(n));
    d.fields = item_fields(o, n, b);
    d.milestones = milestone_changes(o, n, b);
    d.indicators = indicator_changes(o, n, b);
    let changed = d.moved
        || o.id.value != n.id.value
        || !d.fields.is_empty()
        || !d.milestones.is_empty()
        || !d.indicators.is_empty();
    changed.then_some(d)
}

/// An item's diff record without its field, milestone and indicator changes.
fn item_diff(
    item: &Item,
    change: ChangeKind,
    new: &Roadmap,
    old: &Roadmap,
    o: Option<&Item>,
    n: Option<&Item>,
) -> ItemDiff {
    let number = item.id.value.category();
    let category_title = new
        .plan
        .category(number)
        .or_else(|| old.plan.category(number))
        .map(|c| c.title.value.clone());
    // A removed item sits where the old plan put it.
    let (first, second) = if change == ChangeKind::Removed {
        (old, new)
    } else {
        (new, old)
    };
    let groups = match group_names(&first.plan, item.id.value) {
        g if g.is_empty() => group_names(&second.plan, item.id.value),
        g => g,
    };
    let old_path = o.map(|i| i.path.clone());
    let new_path = n.map(|i| i.path.clone());
    // Compared by file name: the two sides may live in different directories (`--no-index`).
    let name = |p: &str| std::path::Path::new(p).file_name().map(|n| n.to_owned());
    let moved = matches!((&old_path, &new_path), (Some(a), Some(b)) if name(a) != name(b))
        && o.map(|i| i.id.value) == n.map(|i| i.id.value);
    ItemDiff {
        id: item.id.value,
        change,
        renamed_from: None,
        continued: false,
        edition_from: None,
        title: item.title.value.clone(),
        category: number,
        category_title,
        groups,
        old_path,
        new_path,
        moved,
        // A removed item takes its deadlines with it.
        deadlines_lost: match (change, o) {
            (ChangeKind::Removed, Some(o)) => {
                o.milestones.iter().filter(|m| has_open_deadline(m)).count()
            }
            _ => 0,
        },
        fields: Vec::new(),
        milestones: Vec::new(),
        indicators: Vec::new(),
    }
}

fn item_fields(o: &Item, n: &Item, b: &Budget) -> Vec<FieldChange> {
    let mut out = Vec::new();
    key_fields(&mut out, b, keys::ITEM, |k| o.value(k), |k| n.value(k));
    out
}

/// The fields of a record that changed, walking its key table in canonical order: `old` and
/// `new` give each key's value (`None` for absent keys and those compared by meaning elsewhere).
fn key_fields(
    out: &mut Vec<FieldChange>,
    b: &Budget,
    table: &[keys::Key],
    old: impl Fn(&str) -> Option<Value>,
    new: impl Fn(&str) -> Option<Value>,
) {
    for key in table {
        let (was, now) = (old(key.name), new(key.name));
        if was == now {
            continue;
        }
        let segments = match (&was, &now) {
            (Some(Value::Text(x)), Some(Value::Text(y))) => b.char_diff(x, y),
            _ => Vec::new(),
        };
        let text = |v: Option<Value>| {
            v.map(|v| match v {
                Value::Text(s) | Value::Plain(s) => Shown::Text(s),
            })
        };
        out.push(FieldChange {
            field: Field::Key(key.name),
            old: text(was),
            new: text(now),
            segments,
        });
    }
}

fn join<'a>(parts: impl Iterator<Item = &'a str>, sep: &str) -> String {
    parts.collect::<Vec<_>>().join(sep)
}

/// Records of two lists paired by id: the k-th record with an id in `new` goes with the k-th
/// record with that id in `old`. An id written twice is an error validation reports, but the diff
/// of two equal lists must stay empty even then: pairing every record with the first (or last) of
/// its id on the other side made one of the two "changed". Returns each record of `new`, in order,
/// with its partner, and the records of `old` left without one, in order.
fn pair_by_id<'a, T>(
    old: &'a [T],
    new: &'a [T],
    id: impl Fn(&T) -> &str,
) -> (Vec<(&'a T, Option<&'a T>)>, Vec<&'a T>) {
    let mut olds: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (k, o) in old.iter().enumerate() {
        olds.entry(id(o)).or_default().push_back(k);
    }
    let pairs = new
        .iter()
        .map(|n| {
            let partner = olds.get_mut(id(n)).and_then(|ks| ks.pop_front());
            (n, partner.map(|k| &old[k]))
        })
        .collect();
    let mut left: Vec<usize> = olds.into_values().flatten().collect();
    left.sort_unstable();
    (pairs, left.into_iter().map(|k| &old[k]).collect())
}

/// Milestones matched by id: changed and added in the new order, then removed in the old order.
fn milestone_changes(o: &Item, n: &Item, b: &Budget) -> Vec<MilestoneDiff> {
    let (pairs, removed) = pair_by_id(&o.milestones, &n.milestones, |m| m.id.as_str());
    let added: Vec<&Milestone> = pairs
        .iter()
        .filter(|(_, old)| old.is_none())
        .map(|(m, _)| *m)
        .collect();
    // A renamed milestone is compared, so that a slip cannot hide behind a new id.
    let renames = renames(&removed, &added, b);
    let mut out = Vec::new();
    for (m, old) in pairs {
        match old {
            Some(old) if old == m => {}
            Some(old) => out.push(milestone_pair(old, m, b)),
            None => match renames.get(m.id.as_str()) {
                Some(old) => {
                    let mut d = milestone_pair(old, m, b);
                    d.renamed_from = Some(old.id.value.clone());
                    out.push(d);
                }
                None => out.push(milestone_record(m, ChangeKind::Added)),
            },
        }
    }
    // By identity, not id: with an id written twice, one record of it may be paired and the other
    // removed.
    let renamed: HashSet<*const Milestone> = renames.values().map(|m| *m as *const _).collect();
    for m in removed {
        if !renamed.contains(&(m as *const _)) {
            let mut d = milestone_record(m, ChangeKind::Removed);
            d.deadline_lost = has_open_deadline(m);
            out.push(d);
        }
    }
    out
}

/// Which added milestones (by id) are removed ones under a new id (docs/diff.md, "Renamed
/// milestones"): first those with the same text, that text once among the removed and once among
/// the added; then, of the rest, a removed and an added milestone in the same place of the table
/// (`row` and `track`) whose texts are similar ([`Budget::similar`]), when neither has another
/// such candidate. Anything less certain stays a removal and an addition.
fn renames<'a>(
    removed: &[&'a Milestone],
    added: &[&'a Milestone],
    b: &Budget,
) -> HashMap<&'a str, &'a Milestone> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for m in removed {
        counts.entry(&m.text.value).or_default().0 += 1;
    }
    for m in added {
        counts.entry(&m.text.value).or_default().1 += 1;
    }
    let removed_by_text: HashMap<&str, &Milestone> =
        removed.iter().map(|m| (m.text.as_str(), *m)).collect();
    let mut out: HashMap<&str, &Milestone> = HashMap::new();
    for m in added {
        let text = m.text.as_str();
        if counts.get(text) == Some(&(1, 1))
            && let Some(old) = removed_by_text.get(text)
        {
            out.insert(m.id.as_str(), old);
        }
    }
    let taken: BTreeSet<&str> = out.values().map(|m| m.id.as_str()).collect();
    let rest_removed: Vec<&Milestone> = removed
        .iter()
        .filter(|m| !taken.contains(m.id.as_str()))
        .copied()
        .collect();
    let rest_added: Vec<&Milestone> = added
        .iter()
        .filter(|m| !out.contains_key(m.id.as_str()))
        .copied()
        .collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    'compare: for (i, r) in rest_removed.iter().enumerate() {
        for (j, a) in rest_added.iter().enumerate() {
            if !b.take_comparison() {
                break 'compare;
            }
            if r.row == a.row && r.track == a.track && b.similar(&r.text, &a.text) {
                pairs.push((i, j));
            }
        }
    }
    let (mut per_removed, mut per_added) = (HashMap::new(), HashMap::new());
    for (i, j) in &pairs {
        *per_removed.entry(*i).or_insert(0) += 1;
        *per_added.entry(*j).or_insert(0) += 1;
    }
    for (i, j) in pairs {
        if per_removed.get(&i) == Some(&1) && per_added.get(&j) == Some(&1) {
            out.insert(rest_added[j].id.as_str(), rest_removed[i]);
        }
    }
    out
}

/// Whether removing a milestone loses a deadline: its end is a hard one (not approximate, an
/// event or open) and it was not reported done or dropped.
fn has_open_deadline(m: &Milestone) -> bool {
    let closed = latest_status(m)
        .and_then(|r| r.status.as_ref())
        .is_some_and(|s| matches!(s.value, Reported::Done | Reported::Dropped));
    m.end_on(NaiveDate::MAX).kind.is_deadline() && !closed
}

/// The latest status a milestone's reports give (by date; file order within a day), with the
/// report that gives it.
fn latest_status(m: &Milestone) -> Option<&Report> {
    let mut reports: Vec<&Report> = m.reports.iter().filter(|r| r.status.is_some()).collect();
    reports.sort_by_key(|r| r.on.value);
    reports.pop()
}

fn milestone_record(m: &Milestone, change: ChangeKind) -> MilestoneDiff {
    let (from, to) = m.current();
    let latest = latest_status(m);
    MilestoneDiff {
        id: m.id.value.clone(),
        change,
        text: m.text.value.clone(),
        from,
        to,
        end: m.end_on(NaiveDate::MAX),
        planned_from: m.from.value,
        planned_to: m.to.value,
        status: latest.and_then(|r| r.status.as_ref().map(|s| s.value)),
        status_fy: latest.and_then(|r| r.fy.as_ref().map(|y| y.value)),
        renamed_from: None,
        deadline_lost: false,
        status_change: None,
        schedule_change: None,
        plan_edit: None,
        reports: Vec::new(),
        change_records: Vec::new(),
        fields: Vec::new(),
    }
}

/// How an end moved, by the last days of the two ends (an approximate point's too: a slip of one
/// is a slip), a FY's last day being its `due` date where it has one, as the calendar judges it.
/// Days are counted with an April start, which orders FYs and points alike.
fn end_moved(
    (old, old_due): (&End, Option<NaiveDate>),
    (new, new_due): (&End, Option<NaiveDate>),
    start_moved: bool,
) -> ScheduleKind {
    let start = crate::model::FyStart::default();
    let day = |e: &End, due: Option<NaiveDate>| {
        e.last_day(start)
            .map(|last| e.deadline(start).or(due).unwrap_or(last))
    };
    match (day(old, old_due), day(new, new_due)) {
        (Some(_), None) => ScheduleKind::DeadlineRemoved,
        (None, Some(_)) => ScheduleKind::DeadlineSet,
        (Some(a), Some(b)) if b > a => ScheduleKind::Slip,
        (Some(a), Some(b)) if b < a => ScheduleKind::PullIn,
        // The same day (or no day on either side): what kind of end it is may have changed.
        _ if !start_moved && old.is_approx() && new.kind.is_deadline() => ScheduleKind::Firmed,
        _ if !start_moved && old.kind.is_deadline() && new.is_approx() => ScheduleKind::Softened,
        _ => ScheduleKind::Rescheduled,
    }
}

fn milestone_pair(o: &Milestone, n: &Milestone, b: &Budget) -> MilestoneDiff {
    let mut d = milestone_record(n, ChangeKind::Changed);
    let ((of, ot), (nf, nt)) = (o.current(), n.current());
    let (oe, ne) = (o.end_on(NaiveDate::MAX), n.end_on(NaiveDate::MAX));
    // A `to` the file did not write (an event's, an open end's) is where views draw it, not an
    // end: only the start and the end itself are compared.
    let (od, nd) = (
        o.due.as_ref().map(|d| d.value),
        n.due.as_ref().map(|d| d.value),
    );
    if of != nf || !oe.same_time(&ne) || od != nd {
        let kind = match end_moved((&oe, od), (&ne, nd), of != nf) {
            ScheduleKind::PullIn
                if n.changes.iter().all(|c| o.changes.contains(c))
                    && o.changes.iter().any(|c| !n.changes.contains(c)) =>
            {
                ScheduleKind::RecordRemoved
            }
            kind => kind,
        };
        // The reason: that of the latest change entry the new side adds.
        let reason = n
            .changes
            .iter()
            .filter(|c| !o.changes.contains(c))
            .max_by_key(|c| c.on.value)
            .map(|c| c.reason.value.clone());
        d.schedule_change = Some(ScheduleChange {
            kind,
            old_from: of,
            old_to: ot,
            new_from: nf,
            new_to: nt,
            // Said only where it is neither side: the plan before already moved from it, and
            // the change did not go back to it.
            published: {
                let end = n.published_end();
                let other = |f: Fy, e: &End| n.from.value != f || !end.same_time(e);
                let shown = other(of, &oe) && other(nf, &ne);
                shown.then_some(Published {
                    from: n.from.value,
                    end,
                })
            },
            old_end: oe,
            new_end: ne,
            reason,
            due: (od != nd).then_some(DueChange { old: od, new: nd }),
        });
    }
    let (op, np) = (o.published_end(), n.published_end());
    if o.from.value != n.from.value || !op.same_time(&np) {
        d.plan_edit = Some(PlanEdit {
            old_from: o.from.value,
            old_to: o.to.value,
            new_from: n.from.value,
            new_to: n.to.value,
            old_end: op,
            new_end: np,
        });
    }
    let (os, ns) = (latest_status(o), latest_status(n));
    let status = |r: Option<&Report>| r.and_then(|r| r.status.as_ref().map(|s| s.value));
    // A 毎年度 milestone's reports are each of a round: the next round done is a change too.
    let round = |r: Option<&Report>| r.and_then(|r| r.fy.as_ref().map(|y| y.value));
    if (status(os), round(os)) != (status(ns), round(ns)) {
        d.status_change = Some(StatusChange {
            old: status(os),
            old_fy: round(os),
            new: status(ns),
            fy: round(ns),
            on: ns.map(|r| r.on.value),
            reason: ns.and_then(|r| r.reason.as_ref().map(|t| t.value.clone())),
        });
    }
    for r in &n.reports {
        if !o.reports.contains(r) {
            d.reports.push(ReportChange {
                change: ChangeKind::Added,
                report: r.clone(),
            });
        }
    }
    for r in &o.reports {
        if !n.reports.contains(r) {
            d.reports.push(ReportChange {
                change: ChangeKind::Removed,
                report: r.clone(),
            });
        }
    }
    // Removed first: an edited record reads as the old one, then the new.
    for c in o.changes.iter().filter(|c| !n.changes.contains(c)) {
        d.change_records
            .push(ChangeRecord::of(o, c, ChangeKind::Removed));
    }
    for c in n.changes.iter().filter(|c| !o.changes.contains(c)) {
        d.change_records
            .push(ChangeRecord::of(n, c, ChangeKind::Added));
    }
    // The end's keys are worded with the schedule (its ends in words), not as raw values.
    let end_key = |k: &str| matches!(k, "until" | "approx" | "open");
    key_fields(
        &mut d.fields,
        b,
        keys::MILESTONE,
        |k| o.value(k).filter(|_| !end_key(k)),
        |k| n.value(k).filter(|_| !end_key(k)),
    );
    d
}

/// Indicators matched by id, like milestones; their series by id within them.
fn indicator_changes(o: &Item, n: &Item, b: &Budget) -> Vec<IndicatorDiff> {
    let mut out = Vec::new();
    let empty = Indicator::default();
    let (pairs, removed) = pair_by_id(&o.indicators, &n.indicators, |i| i.id.value.as_str());
    for (i, old) in pairs {
        match old {
            Some(old) if old == i => {}
            Some(old) => out.push(indicator_pair(old, i, ChangeKind::Changed, b)),
            None => out.push(indicator_pair(&empty, i, ChangeKind::Added, b)),
        }
    }
    for i in removed {
        // Named as it was: the pair's names come from its new side, here the empty one.
        let mut d = indicator_pair(i, &empty, ChangeKind::Removed, b);
        d.id = i.id.value.clone();
        d.name = i.name.value.clone();
        d.series.clear();
        d.fields.clear();
        out.push(d);
    }
    out
}

fn indicator_pair(o: &Indicator, n: &Indicator, change: ChangeKind, b: &Budget) -> IndicatorDiff {
    let mut fields = Vec::new();
    if change == ChangeKind::Changed {
        key_fields(
            &mut fields,
            b,
            keys::INDICATOR,
            |k| o.value(k),
            |k| n.value(k),
        );
    }
    let empty = Series::default();
    let mut series = Vec::new();
    let (pairs, removed) = pair_by_id(&o.series, &n.series, |s| s.id.value.as_str());
    for (s, old) in pairs {
        match old {
            Some(old) if old == s => {}
            Some(old) => series.push(series_pair(old, s, ChangeKind::Changed, b)),
            None => series.push(series_pair(&empty, s, ChangeKind::Added, b)),
        }
    }
    for s in removed {
        let mut d = series_pair(s, &empty, ChangeKind::Removed, b);
        d.id = s.id.value.clone();
        d.name = s.name.value.clone();
        d.unit = s.unit.as_ref().map(|u| u.value.clone());
        d.values.clear();
        d.targets.clear();
        d.baseline = None;
        series.push(d);
    }
    // A removed indicator is known by its old side only.
    let named = if change == ChangeKind::Removed { o } else { n };
    IndicatorDiff {
        id: named.id.value.clone(),
        change,
        name: named.name.value.clone(),
        series,
        fields,
    }
}

fn series_pair(o: &Series, n: &Series, change: ChangeKind, b: &Budget) -> SeriesDiff {
    let mut fields = Vec::new();
    if change == ChangeKind::Changed {
        key_fields(&mut fields, b, keys::SERIES, |k| o.value(k), |k| n.value(k));
    }
    let by_fy = |s: &Series| -> BTreeMap<Fy, Val> {
        s.values
            .iter()
            .map(|v| (v.fy.value, v.value.value.clone()))
            .collect()
    };
    let targets = |s: &Series| -> BTreeMap<Fy, Val> {
        s.targets
            .iter()
            .map(|(fy, v)| (*fy, Val::Number(v.value)))
            .collect()
    };
    let baseline = |s: &Series| {
        s.baseline.as_ref().map(|b| Point {
            fy: b.fy.value,
            value: b.value.value,
        })
    };
    let (ob, nb) = (baseline(o), baseline(n));
    // Bitwise, so that a NaN never counts as a change from itself.
    let bits = |b: Option<Point>| b.map(|b| (b.fy, b.value.to_bits()));
    let named = if change == ChangeKind::Removed { o } else { n };
    SeriesDiff {
        id: named.id.value.clone(),
        change,
        name: named.name.value.clone(),
        unit: named.unit.as_ref().map(|u| u.value.clone()),
        values: values(&by_fy(o), &by_fy(n)),
        targets: values(&targets(o), &targets(n)),
        baseline: (bits(ob) != bits(nb)).then_some(BaselineChange { old: ob, new: nb }),
        fields,
    }
}

fn values(o: &BTreeMap<Fy, Val>, n: &BTreeMap<Fy, Val>) -> Vec<ValueChange> {
    let fys: BTreeSet<Fy> = o.keys().chain(n.keys()).copied().collect();
    fys.into_iter()
        .filter_map(|fy| {
            let (a, b) = (o.get(&fy), n.get(&fy));
            let same = match (a, b) {
                (Some(Val::Number(x)), Some(Val::Number(y))) => x.to_bits() == y.to_bits(),
                _ => a == b,
            };
            (!same).then(|| ValueChange {
                fy,
                old: a.cloned(),
                new: b.cloned(),
            })
        })
        .collect()
}

fn plan_changes(o: &Plan, n: &Plan, b: &Budget) -> Vec<FieldChange> {
    let mut out = Vec::new();
    key_fields(&mut out, b, keys::PLAN, |k| o.value(k), |k| n.value(k));
    // The period reads as one value, worded by the renderers.
    let (op, np) = (Period::of(o), Period::of(n));
    if op != np {
        out.push(FieldChange {
            field: Field::Key("period"),
            old: Some(Shown::Period(op)),
            new: Some(Shown::Period(np)),
            segments: Vec::new(),
        });
    }
    let numbers: BTreeSet<u32> = o
        .categories
        .iter()
        .chain(&n.categories)
        .map(|c| c.number.value)
        .collect();
    for c in numbers {
        match (o.category(c), n.category(c)) {
            (None, Some(nc)) => {
                opt_field(
                    &mut out,
                    Field::Category(c),
                    None,
                    Some(nc.title.value.clone()),
                );
            }
            (Some(oc), None) => {
                opt_field(
                    &mut out,
                    Field::Category(c),
                    Some(oc.title.value.clone()),
                    None,
                );
            }
            (Some(oc), Some(nc)) => {
                text_field(
                    &mut out,
                    b,
                    Field::Category(c),
                    &oc.title.value,
                    &nc.title.value,
                );
                let others = |x: &crate::model::Category| {
                    join(x.other_titles.iter().map(|t| t.value.as_str()), " / ")
                };
                value_field(
                    &mut out,
                    Field::CategoryOtherTitles(c),
                    others(oc),
                    others(nc),
                );
                let subs: BTreeSet<u32> = oc
                    .subcategories
                    .iter()
                    .chain(&nc.subcategories)
                    .map(|s| s.number.value)
                    .collect();
                for s in subs {
                    let title = |p: &Plan| p.subcategory(c, s).map(|x| x.title.value.clone());
                    let field = Field::Subcategory(c, s);
                    match (title(o), title(n)) {
                        (Some(x), Some(y)) => text_field(&mut out, b, field, &x, &y),
                        (x, y) => opt_field(&mut out, field, x, y),
                    }
                }
            }
            (None, None) => {}
        }
    }
    let ids: BTreeSet<u32> = o
        .themes
        .iter()
        .chain(&n.themes)
        .map(|t| t.id.value)
        .collect();
    for t in ids {
        let title = |p: &Plan| p.theme(t).map(|x| x.title.value.clone());
        let field = Field::Theme(t);
        match (title(o), title(n)) {
            (Some(x), Some(y)) => text_field(&mut out, b, field, &x, &y),
            (x, y) => opt_field(&mut out, field, x, y),
        }
    }
    out
}

/// A text field, with its character-level diff (Japanese has no spaces between words).
fn text_field(out: &mut Vec<FieldChange>, b: &Budget, field: Field, old: &str, new: &str) {
    if old == new {
        return;
    }
    let present = |s: &str| (!s.is_empty()).then(|| Shown::Text(s.to_owned()));
    out.push(FieldChange {
        field,
        old: present(old),
        new: present(new),
        segments: b.char_diff(old, new),
    });
}

fn opt_field(out: &mut Vec<FieldChange>, field: Field, old: Option<String>, new: Option<String>) {
    if old != new {
        out.push(FieldChange {
            field,
            old: old.map(Shown::Text),
            new: new.map(Shown::Text),
            segments: Vec::new(),
        });
    }
}

fn value_field(out: &mut Vec<FieldChange>, field: Field, old: String, new: String) {
    let present = |s: String| (!s.is_empty()).then_some(s);
    opt_field(out, field, present(old), present(new));
}

/// How much character-level diffing one run may do: texts longer than [`CHAR_DIFF_MAX`]
/// characters, and any text once [`CHAR_DIFF_BUDGET`] characters have been diffed, are shown as
/// replaced whole. The cost of a diff then has a bound that does not depend on the clock (the core
/// never reads it) nor on what a file holds.
pub const CHAR_DIFF_MAX: usize = 1_000;
pub const CHAR_DIFF_BUDGET: usize = 100_000;

/// How much comparing of milestone texts one run may do to find renamed milestones: pairs of
/// (character × character) steps of edit distance, each pair of milestones looked at costing one
/// more. Past it, milestones are no longer paired (they stay removed and added).
pub const SIMILARITY_BUDGET: usize = 10_000_000;

/// The work of a run that depends on the data, bounded: characters of character-level diffing,
/// and the comparing of texts for renamed milestones.
#[derive(Debug)]
pub struct Budget {
    chars: std::cell::Cell<usize>,
    similarity: std::cell::Cell<usize>,
}

impl Budget {
    pub fn new() -> Self {
        Self {
            chars: std::cell::Cell::new(CHAR_DIFF_BUDGET),
            similarity: std::cell::Cell::new(SIMILARITY_BUDGET),
        }
    }

    /// [`char_diff`] while the budget lasts, else the texts replaced whole.
    pub fn char_diff(&self, old: &str, new: &str) -> Vec<Segment> {
        let cost = old.chars().count() + new.chars().count();
        if cost > self.chars.get() {
            return replaced(old, new);
        }
        self.chars.set(self.chars.get() - cost);
        char_diff(old, new)
    }

    /// Spends one step on looking at a pair of milestones; `false` once the budget is spent.
    fn take_comparison(&self) -> bool {
        self.take(1)
    }

    fn take(&self, cost: usize) -> bool {
        let left = self.similarity.get();
        self.similarity.set(left.saturating_sub(cost));
        cost <= left
    }

    /// Whether two milestone texts are similar: at most a fifth of the longer one's characters
    /// edited (inserted, deleted or replaced; at least one allowed), both at most
    /// [`CHAR_DIFF_MAX`] characters long. `false` once the budget is spent.
    pub fn similar(&self, a: &str, b: &str) -> bool {
        let (la, lb) = (a.chars().count(), b.chars().count());
        let allowed = (la.max(lb) / 5).max(1);
        // The distance is at least the difference of the lengths: no need to compute it then.
        if la.abs_diff(lb) > allowed || la.max(lb) > CHAR_DIFF_MAX {
            return false;
        }
        self.take(la * lb) && crate::text::edit_distance(a, b) <= allowed
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self::new()
    }
}

/// `old` deleted and `new` inserted, as runs.
fn replaced(old: &str, new: &str) -> Vec<Segment> {
    [(SegmentOp::Delete, old), (SegmentOp::Insert, new)]
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(op, t)| Segment {
            op,
            text: t.to_owned(),
        })
        .collect()
}

/// The character-level diff of two texts, as runs; texts over [`CHAR_DIFF_MAX`] characters are
/// replaced whole.
pub fn char_diff(old: &str, new: &str) -> Vec<Segment> {
    if old.chars().count() > CHAR_DIFF_MAX || new.chars().count() > CHAR_DIFF_MAX {
        return replaced(old, new);
    }
    let diff = TextDiff::configure().diff_chars(old, new);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => SegmentOp::Equal,
            ChangeTag::Delete => SegmentOp::Delete,
            ChangeTag::Insert => SegmentOp::Insert,
        };
        let text = change.value();
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(Segment {
                op,
                text: text.to_owned(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Sp};

    fn item(id: &str, title: &str) -> Item {
        Item {
            path: format!("roadmap/items/{id}.toml"),
            id: Sp::bare(ItemId::parse(id).expect("valid id")),
            title: Sp::bare(title.into()),
            ..Item::default()
        }
    }

    fn ms(id: &str, from: Fy, to: Fy) -> Milestone {
        Milestone {
            id: Sp::bare(id.into()),
            text: Sp::bare(format!("取組{id}")),
            from: Sp::bare(from),
            to: Sp::bare(to),
            ..Milestone::default()
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn report(on: NaiveDate, status: Reported, reason: Option<&str>) -> Report {
        Report {
            on: Sp::bare(on),
            status: Some(Sp::bare(status)),
            reason: reason.map(|r| Sp::bare(r.to_owned())),
            ..Report::default()
        }
    }

    fn roadmap(items: Vec<Item>) -> Roadmap {
        Roadmap {
            plan: Plan {
                path: "roadmap/roadmap.toml".into(),
                ..Plan::default()
            },
            items,
        }
    }

    #[test]
    fn records_with_one_id_twice_pair_in_order() {
        // Found by the fmt fuzz target: an item whose milestone id is written twice (an error
        // validation reports) differed from itself, the second paired with the first.
        let mut second = ms("training", 2024, 2024);
        second.text = Sp::bare("研修（追加）".into());
        let series = |name: &str| Series {
            id: Sp::bare("v".into()),
            name: Sp::bare(name.into()),
            ..Series::default()
        };
        let indicator = |name: &str| Indicator {
            id: Sp::bare("kpi".into()),
            name: Sp::bare(name.into()),
            series: vec![series("一"), series("二")],
            ..Indicator::default()
        };
        let mut one = item("1-1-1", "支援");
        one.milestones = vec![ms("training", 2022, 2023), second];
        one.indicators = vec![indicator("指標一"), indicator("指標二")];
        let a = roadmap(vec![one.clone()]);
        assert!(!diff(&a, &a, &BTreeSet::new()).has_changes());
        // A change to the second of two is the second's.
        one.milestones[1].to = Sp::bare(2025);
        one.indicators[1].series[1].unit = Some(Sp::bare("人".into()));
        let d = diff(&a, &roadmap(vec![one]), &BTreeSet::new());
        let item = &d.items[0];
        assert_eq!(item.milestones.len(), 1);
        assert_eq!(item.milestones[0].text, "研修（追加）");
        assert_eq!(item.indicators.len(), 1);
        assert_eq!(item.indicators[0].name, "指標二");
        assert_eq!(item.indicators[0].series.len(), 1);
        assert_eq!(item.indicators[0].series[0].name, "二");
    }

    /// A target set with a new series is no change of the evidence (要確認 said `— → 80%` for
    /// every item added); a target changed on a series that was there is.
    #[test]
    fn only_a_target_that_was_there_is_a_target_changed() {
        let series = |target: f64| Series {
            id: Sp::bare("rate".into()),
            name: Sp::bare("利用率".into()),
            targets: [(2027, Sp::bare(target))].into_iter().collect(),
            ..Series::default()
        };
        let with = |s: Vec<Series>| {
            let mut i = item("1-1-1", "支援");
            i.indicators = vec![Indicator {
                id: Sp::bare("online".into()),
                name: Sp::bare("オンライン利用率".into()),
                series: s,
                ..Indicator::default()
            }];
            roadmap(vec![i])
        };
        let none = BTreeSet::new();
        let d = diff(&with(vec![]), &with(vec![series(80.0)]), &none);
        assert_eq!(d.summary.target_changes, 0);
        assert!(attention(&d).is_empty(), "{:?}", attention(&d));
        let d = diff(&with(vec![series(80.0)]), &with(vec![series(90.0)]), &none);
        assert_eq!(d.summary.target_changes, 1);
        assert!(matches!(
            attention(&d).as_slice(),
            [Attention::TargetChanged(_)]
        ));
        // A value recorded for the first time is news; one rewritten is evidence changed.
        let valued = |v: f64| {
            let mut s = series(80.0);
            s.values = vec![crate::model::SeriesValue {
                fy: Sp::bare(2025),
                value: Sp::bare(Val::Number(v)),
                source: None,
                published: None,
                note: None,
                form: None,
            }];
            s
        };
        let d = diff(&with(vec![series(80.0)]), &with(vec![valued(350.0)]), &none);
        assert!(attention(&d).is_empty(), "{:?}", attention(&d));
        let d = diff(
            &with(vec![valued(350.0)]),
            &with(vec![valued(340.0)]),
            &none,
        );
        assert!(matches!(
            attention(&d).as_slice(),
            [Attention::ValueRevised(SeriesRevision { fy: 2025, .. })]
        ));
    }

    #[test]
    fn removed_indicators_and_series_keep_their_ids() {
        // Found by the property test (a diff backwards reports the same changes): a removed
        // indicator or series was reported with the id (and unit) of the empty side, "".
        let series = |id: &str| Series {
            id: Sp::bare(id.into()),
            name: Sp::bare(format!("系列{id}")),
            unit: Some(Sp::bare("人".into())),
            ..Series::default()
        };
        let indicator = |id: &str, series: Vec<Series>| Indicator {
            id: Sp::bare(id.into()),
            name: Sp::bare(format!("指標{id}")),
            series,
            ..Indicator::default()
        };
        let mut old = item("1-1-1", "支援");
        old.indicators = vec![
            indicator("kept", vec![series("a"), series("gone")]),
            indicator("dropped", vec![series("a")]),
        ];
        let mut new = old.clone();
        new.indicators = vec![indicator("kept", vec![series("a")])];
        let d = diff(&roadmap(vec![old]), &roadmap(vec![new]), &BTreeSet::new());
        let ids: Vec<(&str, ChangeKind)> = d.items[0]
            .indicators
            .iter()
            .map(|i| (i.id.as_str(), i.change))
            .collect();
        assert_eq!(
            ids,
            [
                ("kept", ChangeKind::Changed),
                ("dropped", ChangeKind::Removed)
            ]
        );
        let gone = &d.items[0].indicators[0].series[0];
        assert_eq!(
            (gone.id.as_str(), gone.change),
            ("gone", ChangeKind::Removed)
        );
        assert_eq!(gone.unit.as_deref(), Some("人"));
    }

    #[test]
    fn a_removed_or_edited_change_record_is_for_a_reviewer() {
        // A deleted 計画変更 must not pass as a pull-in, nor a backdated one as nothing.
        let change = |on: NaiveDate, reason: &str| Change {
            on: Sp::bare(on),
            to: Some(Sp::bare(2024)),
            reason: Sp::bare(reason.into()),
            ..Change::default()
        };
        let mut with = item("2-3-2", "仕組み");
        let mut m = ms("issue-finding", 2023, 2023);
        m.changes = vec![change(day(2024, 2, 1), "LAN更改の遅れ")];
        with.milestones = vec![m];
        let mut without = with.clone();
        without.milestones[0].changes.clear();
        let mut backdated = with.clone();
        backdated.milestones[0].changes = vec![change(day(2023, 4, 1), "調整の結果")];
        let [with, without, backdated] = [with, without, backdated].map(|i| roadmap(vec![i]));
        let none = BTreeSet::new();

        let d = diff(&with, &without, &none);
        // The plan in force went back to the one before: no pull-in.
        let moved = d.items[0].milestones[0].schedule_change.as_ref();
        assert_eq!(moved.map(|c| c.kind), Some(ScheduleKind::RecordRemoved));
        assert_eq!(d.summary.pull_ins, 0);
        let records = &d.items[0].milestones[0].change_records;
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].change, ChangeKind::Removed);
        assert_eq!((records[0].on, records[0].from), (day(2024, 2, 1), 2023));
        assert_eq!((records[0].to, records[0].end.fy), (2024, Some(2024)));
        assert_eq!(records[0].reason, "LAN更改の遅れ");
        assert_eq!(d.summary.change_records_removed, 1);
        assert!(matches!(
            attention(&d).as_slice(),
            [Attention::ChangeRecordRemoved { record, .. }] if record.on == day(2024, 2, 1)
        ));

        let d = diff(&with, &backdated, &none);
        let records: Vec<(ChangeKind, NaiveDate)> = d.items[0].milestones[0]
            .change_records
            .iter()
            .map(|c| (c.change, c.on))
            .collect();
        assert_eq!(
            records,
            [
                (ChangeKind::Removed, day(2024, 2, 1)),
                (ChangeKind::Added, day(2023, 4, 1))
            ]
        );
        assert_eq!(d.summary.change_records_removed, 1);
        assert_eq!(attention(&d).len(), 1);

        // Recording one is no rewrite: flagged as the slip it is, not as a removal.
        let d = diff(&without, &with, &none);
        assert_eq!(d.summary.change_records_removed, 0);
        assert!(matches!(attention(&d).as_slice(), [Attention::Slip { .. }]));
    }

    /// A `due` date later is a slip even where the FYs stay: the calendar judges by it.
    #[test]
    fn a_due_date_moved_later_is_a_slip() {
        let mut early = item("1-1-1", "研修");
        let mut m = ms("m", 2022, 2022);
        m.due = Some(Sp::bare(day(2022, 6, 30)));
        early.milestones = vec![m];
        let mut late = early.clone();
        late.milestones[0].due = Some(Sp::bare(day(2023, 3, 31)));
        let mut none = early.clone();
        none.milestones[0].due = None;
        let [early, late, none] = [early, late, none].map(|i| roadmap(vec![i]));
        let paths = BTreeSet::new();
        let d = diff(&early, &late, &paths);
        let c = d.items[0].milestones[0].schedule_change.as_ref();
        assert_eq!(c.map(|c| c.kind), Some(ScheduleKind::Slip));
        assert_eq!(
            c.and_then(|c| c.due),
            Some(DueChange {
                old: Some(day(2022, 6, 30)),
                new: Some(day(2023, 3, 31))
            })
        );
        assert_eq!(d.summary.slips, 1);
        assert!(matches!(attention(&d).as_slice(), [Attention::Slip { .. }]));
        // Removed, the FY's end is the deadline: later too.
        let d = diff(&early, &none, &paths);
        assert_eq!(d.summary.slips, 1);
        // Earlier is a pull-in, not a slip.
        let d = diff(&late, &early, &paths);
        assert_eq!((d.summary.slips, d.summary.pull_ins), (0, 1));
    }

    #[test]
    fn char_diff_marks_japanese_edits() {
        let segs = char_diff("職場の上司による支援", "職場の先輩による支援");
        let ops: Vec<_> = segs.iter().map(|s| (s.op, s.text.as_str())).collect();
        assert_eq!(
            ops,
            vec![
                (SegmentOp::Equal, "職場の"),
                (SegmentOp::Delete, "上司"),
                (SegmentOp::Insert, "先輩"),
                (SegmentOp::Equal, "による支援"),
            ]
        );
    }

    #[test]
    fn character_diffs_are_bounded_per_text_and_per_run() {
        let long = "あ".repeat(CHAR_DIFF_MAX + 1);
        let segs = char_diff(&long, "い");
        assert_eq!(
            segs.iter().map(|s| s.op).collect::<Vec<_>>(),
            [SegmentOp::Delete, SegmentOp::Insert]
        );
        let b = Budget::new();
        let text = "a".repeat(CHAR_DIFF_MAX / 2);
        let fine = |segs: &[Segment]| segs.first().is_some_and(|s| s.op == SegmentOp::Equal);
        let mut fine_grained = 0;
        for _ in 0..1000 {
            if fine(&b.char_diff(&text, &format!("{text}x"))) {
                fine_grained += 1;
            }
        }
        // Each diff costs its characters; once the budget is spent texts are replaced whole.
        let runs = CHAR_DIFF_BUDGET / (2 * text.len() + 1);
        assert_eq!(fine_grained, runs);
        let again = b.char_diff(&text, &format!("{text}x"));
        assert!(!fine(&again), "the budget is spent");
        assert!(fine(&Budget::new().char_diff("ab", "ac")));
    }

    #[test]
    fn identical_roadmaps_have_no_changes() {
        let mut a = item("1-1-1", "題");
        a.milestones.push(ms("m", 2022, 2023));
        let d = diff(
            &roadmap(vec![a.clone()]),
            &roadmap(vec![a]),
            &BTreeSet::new(),
        );
        assert!(!d.has_changes());
    }

    /// Each round of a 毎年度 milestone done is a round completed, the second as the first (the
    /// latest status was `done` on both sides, and the second went unseen); one round done is
    /// said as the round's, not the milestone's.
    #[test]
    fn every_round_done_is_counted_and_said_as_a_round() {
        let round = |on: NaiveDate, fy: Fy| Report {
            fy: Some(Sp::bare(fy)),
            ..report(on, Reported::Done, None)
        };
        let mut a = item("1-1-1", "題");
        let mut m = ms("every", 2022, 2024);
        m.every_year = true;
        m.reports = vec![round(day(2023, 3, 20), 2022)];
        a.milestones = vec![m];
        let mut b = a.clone();
        b.milestones[0].reports.push(round(day(2024, 3, 20), 2023));
        let d = diff(
            &roadmap(vec![a.clone()]),
            &roadmap(vec![b]),
            &BTreeSet::new(),
        );
        assert_eq!(d.summary.rounds_completed, 1);
        assert_eq!(d.summary.milestones_completed, 0);
        let c = d.items[0].milestones[0].status_change.as_ref();
        assert_eq!(c.and_then(|c| c.fy), Some(2023));
        // The side before is the round before, not the milestone done.
        assert_eq!(c.and_then(|c| c.old_fy), Some(2022));
        // Added with one round done: the round's status, not the milestone's.
        let d = diff(&roadmap(vec![]), &roadmap(vec![a]), &BTreeSet::new());
        let m = &d.items[0].milestones[0];
        assert_eq!((m.status, m.status_fy), (Some(Reported::Done), Some(2022)));
    }

    /// A second slip says the published plan beside it: said alone, `2024 → 2025` hid that the
    /// plan was 2023. The first says none (the plan before was the published one).
    #[test]
    fn a_second_slip_shows_the_published_plan() {
        let change = |on: NaiveDate, to: Fy| Change {
            on: Sp::bare(on),
            to: Some(Sp::bare(to)),
            reason: Sp::bare("調整".into()),
            ..Change::default()
        };
        let mut first = item("2-3-2", "仕組み");
        first.milestones = vec![ms("m", 2023, 2023)];
        let mut once = first.clone();
        once.milestones[0].changes = vec![change(day(2023, 9, 20), 2024)];
        let mut twice = once.clone();
        twice.milestones[0]
            .changes
            .push(change(day(2024, 12, 20), 2025));
        let none = BTreeSet::new();
        let [first, once, twice] = [first, once, twice].map(|i| roadmap(vec![i]));
        let published = |d: &Diff| {
            d.items[0].milestones[0]
                .schedule_change
                .as_ref()
                .and_then(|c| c.published.clone())
        };
        assert_eq!(published(&diff(&first, &once, &none)), None);
        let p = published(&diff(&once, &twice, &none)).expect("the published plan");
        assert_eq!((p.from, p.end.fy), (2023, Some(2023)));
    }

    #[test]
    fn slips_pull_ins_completions_and_declared_delays() {
        let mut a = item("1-1-1", "題");
        a.milestones = vec![
            ms("a", 2022, 2023),
            ms("b", 2022, 2024),
            ms("c", 2022, 2022),
            ms("d", 2022, 2022),
        ];
        let mut b = a.clone();
        // A 計画変更 moves the current plan: a slip, with its reason.
        b.milestones[0].changes.push(Change {
            on: Sp::bare(day(2023, 3, 1)),
            from: None,
            to: Some(Sp::bare(2024)),
            reason: Sp::bare("延長".into()),
            form: None,
            ..Change::default()
        });
        // Editing the published plan is a pull-in and an edit of the evidence.
        b.milestones[1].to = Sp::bare(2023);
        b.milestones[2]
            .reports
            .push(report(day(2023, 3, 1), Reported::Done, None));
        b.milestones[3]
            .reports
            .push(report(day(2023, 4, 1), Reported::Delayed, Some("調整中")));
        let d = diff(&roadmap(vec![a]), &roadmap(vec![b]), &BTreeSet::new());
        let s = &d.summary;
        assert_eq!((s.slips, s.pull_ins, s.plan_edits), (1, 1, 1));
        assert_eq!((s.milestones_completed, s.delays_declared), (1, 1));
        assert_eq!(s.reports_added, 2);
        let ms = &d.items[0].milestones;
        assert_eq!(
            ms[0]
                .schedule_change
                .as_ref()
                .and_then(|c| c.reason.as_deref()),
            Some("延長")
        );
        assert!(ms[0].plan_edit.is_none());
        assert!(ms[1].plan_edit.is_some());
        let delay = ms[3].status_change.as_ref().expect("a status change");
        assert_eq!(
            (delay.new, delay.reason.as_deref()),
            (Some(Reported::Delayed), Some("調整中"))
        );
        assert!(ms[2].fields.is_empty());
    }

    #[test]
    fn a_renamed_milestone_is_compared_so_a_slip_shows() {
        let mut a = item("1-1-1", "題");
        a.milestones = vec![ms("a", 2022, 2022)];
        let mut b = a.clone();
        b.milestones[0].id = Sp::bare("a2".into());
        b.milestones[0].to = Sp::bare(2023);
        let d = diff(&roadmap(vec![a]), &roadmap(vec![b]), &BTreeSet::new());
        assert_eq!(d.summary.slips, 1);
        assert_eq!(d.summary.milestones_renamed, 1);
        assert_eq!(d.items[0].milestones.len(), 1);
        assert_eq!(d.items[0].milestones[0].renamed_from.as_deref(), Some("a"));
    }

    #[test]
    fn a_renamed_and_reworded_milestone_is_paired_only_when_certain() {
        let mut a = item("1-1-1", "題");
        a.milestones = vec![ms("a", 2022, 2022)];
        a.milestones[0].text = Sp::bare("実施状況の検証".into());
        a.milestones[0].row = Some(Sp::bare(3));
        let mut b = a.clone();
        b.milestones[0].id = Sp::bare("a2".into());
        b.milestones[0].text = Sp::bare("実施状況を検証".into());
        b.milestones[0].to = Sp::bare(2023);
        let d = diff(
            &roadmap(vec![a.clone()]),
            &roadmap(vec![b.clone()]),
            &BTreeSet::new(),
        );
        assert_eq!(d.summary.milestones_renamed, 1);
        assert_eq!(d.summary.slips, 1);
        assert_eq!(d.summary.deadlines_lost, 0);
        // In another row of the table it is another milestone: the old one's deadline is lost.
        let mut elsewhere = b.clone();
        elsewhere.milestones[0].row = Some(Sp::bare(4));
        let d = diff(
            &roadmap(vec![a.clone()]),
            &roadmap(vec![elsewhere]),
            &BTreeSet::new(),
        );
        assert_eq!(d.summary.milestones_renamed, 0);
        assert_eq!(d.summary.deadlines_lost, 1);
        // Two candidates as similar: not certain, so not paired.
        let mut two = b.clone();
        let mut other = two.milestones[0].clone();
        other.id = Sp::bare("a3".into());
        other.text = Sp::bare("実施状況で検証".into());
        two.milestones.push(other);
        let d = diff(&roadmap(vec![a]), &roadmap(vec![two]), &BTreeSet::new());
        assert_eq!(d.summary.milestones_renamed, 0);
        assert_eq!(d.summary.deadlines_lost, 1);
    }

    #[test]
    fn similarity_is_a_fifth_of_the_text_and_has_a_budget() {
        let b = Budget::new();
        assert!(b.similar("実施状況の検証", "実施状況を検証"));
        assert!(!b.similar("実施状況の検証", "別の取組"));
        assert!(b.similar("0123456789", "01234567ab"));
        assert!(!b.similar("0123456789", "0123456abc"));
        let long = "長".repeat(CHAR_DIFF_MAX + 1);
        assert!(!b.similar(&long, &long));
        let spent = Budget::new();
        spent.similarity.set(10);
        assert!(!spent.similar("0123456789", "0123456789"));
        assert!(!spent.take_comparison());
    }

    #[test]
    fn renamed_and_moved_items() {
        let a = item("1-1-1", "同じ題");
        let mut b = item("1-1-2", "同じ題");
        b.path = "roadmap/items/1-1-2.toml".into();
        let d = diff(&roadmap(vec![a]), &roadmap(vec![b]), &BTreeSet::new());
        assert_eq!(d.items.len(), 1);
        assert_eq!(d.items[0].renamed_from, ItemId::parse("1-1-1"));
        assert!(!d.items[0].moved);

        let a = item("1-1-1", "題");
        let mut b = a.clone();
        b.path = "roadmap/items/other.toml".into();
        let d = diff(&roadmap(vec![a]), &roadmap(vec![b]), &BTreeSet::new());
        assert!(d.items[0].moved);
        assert_eq!(d.summary.items_moved, 1);
    }

    #[test]
    fn unreadable_files_do_not_remove_items() {
        let a = item("1-1-1", "題");
        let unreadable = BTreeSet::from([a.path.clone()]);
        let d = diff(&roadmap(vec![a]), &roadmap(vec![]), &unreadable);
        assert!(d.items.is_empty());
        assert!(d.has_changes());
    }
}
