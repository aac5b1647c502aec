//! What changed in meaning between two roadmaps: the core of `roadmap diff`.
//!
//! Pure: two [`Roadmap`]s in, a [`Diff`] out. Items are matched by id, milestones and indicators by
//! their id within the item, so key order, whitespace, comments, quoting and table layout never
//! count as a change (the model's values ignore their spans in comparisons). Either side may hold
//! only the items of the files that changed: items absent from both sides are unchanged.
//!
//! The JSON form of [`Diff`] is documented in docs/diff.md; its field names are stable.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::Analysis;
use crate::attainment::Point;
use crate::diagnostic::{Severity, Tally};
use crate::fy;
use crate::i18n::Msg;
use crate::keys;
use crate::model::{
    Fy, Indicator, Item, ItemId, Milestone, Plan, Report, Reported, Roadmap, Series, Val, Value,
};

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
    /// Milestones whose current last FY moved later.
    pub slips: usize,
    /// Milestones whose current last FY moved earlier.
    pub pull_ins: usize,
    /// Milestones whose published plan (`from`/`to`) was edited: the evidence itself changed.
    pub plan_edits: usize,
    /// Indicator values recorded, changed or removed.
    pub indicator_updates: usize,
    /// Indicator target values set, changed or removed.
    pub target_changes: usize,
    /// Baselines set, changed or removed.
    pub baseline_changes: usize,
    pub plan_changes: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
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

/// One value that changed, as text: `old` is `None` when it was absent (added), `new` when it is
/// gone. `segments` is the character-level diff of `old` → `new` for text fields, else empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: Field,
    pub old: Option<String>,
    pub new: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
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
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    /// The item's file changed (same id, another file).
    pub moved: bool,
    pub fields: Vec<FieldChange>,
    pub milestones: Vec<MilestoneDiff>,
    pub indicators: Vec<IndicatorDiff>,
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
    /// The published plan (当初計画), which schedule changes never alter.
    pub planned_from: Fy,
    pub planned_to: Fy,
    /// The latest status reported (the new one, or the old one when removed); `None`: none yet.
    pub status: Option<Reported>,
    /// The old id, when the milestone kept its text under a new id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The latest reported status changed.
    pub status_change: Option<StatusChange>,
    /// The schedule in force changed (a 計画変更, or an edit of the published plan).
    pub schedule_change: Option<ScheduleChange>,
    /// The published plan itself was edited (`from`/`to` of the milestone, not a change entry).
    pub plan_edit: Option<PlanEdit>,
    /// Reports added or removed.
    pub reports: Vec<ReportChange>,
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub old: Option<Reported>,
    pub new: Option<Reported>,
    /// The round (FY) of a 毎年度 milestone the new status is about.
    pub fy: Option<Fy>,
    /// The day of the report that says it.
    pub on: Option<NaiveDate>,
    /// Its reason, for a delay or a drop.
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    /// The last FY moved later.
    Slip,
    /// The last FY moved earlier.
    PullIn,
    /// Only the first FY moved.
    Rescheduled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleChange {
    pub kind: ScheduleKind,
    pub old_from: Fy,
    pub old_to: Fy,
    pub new_from: Fy,
    pub new_to: Fy,
    /// The reason of the change entry that made it, if one did.
    pub reason: Option<String>,
}

/// An edit of the published plan (当初計画): what was transcribed changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanEdit {
    pub old_from: Fy,
    pub old_to: Fy,
    pub new_from: Fy,
    pub new_to: Fy,
}

/// A report added or removed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportChange {
    pub change: ChangeKind,
    #[serde(flatten)]
    pub report: Report,
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

/// Something a reviewer must not miss, for the list shown before the details (要確認).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attention {
    /// A milestone's plan in force ends later.
    Slip {
        item: ItemId,
        milestone: String,
        text: String,
        old_from: Fy,
        old_to: Fy,
        new_from: Fy,
        new_to: Fy,
        reason: Option<String>,
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
    /// An item (a commitment of the plan) is gone.
    ItemRemoved { item: ItemId, title: String },
    MilestoneRemoved {
        item: ItemId,
        milestone: String,
        text: String,
    },
    /// An indicator's target set, changed or removed.
    TargetChanged {
        item: ItemId,
        indicator: String,
        series: String,
        unit: Option<String>,
        fy: Fy,
        old: Option<Val>,
        new: Option<Val>,
    },
    /// The published plan (`from`/`to`) itself edited.
    PlanEdited {
        item: ItemId,
        milestone: String,
        text: String,
        old_from: Fy,
        old_to: Fy,
        new_from: Fy,
        new_to: Fy,
    },
    /// The plan period changed in roadmap.toml.
    PeriodChanged {
        old: Option<String>,
        new: Option<String>,
    },
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
        if f.field == Field::Key("period") {
            out.push(Attention::PeriodChanged {
                old: f.old.clone(),
                new: f.new.clone(),
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
            if let Some(c) = m
                .schedule_change
                .as_ref()
                .filter(|c| c.kind == ScheduleKind::Slip)
            {
                out.push(Attention::Slip {
                    item: id,
                    milestone: milestone.clone(),
                    text: text.clone(),
                    old_from: c.old_from,
                    old_to: c.old_to,
                    new_from: c.new_from,
                    new_to: c.new_to,
                    reason: c.reason.clone(),
                });
            }
            if let Some(e) = &m.plan_edit {
                out.push(Attention::PlanEdited {
                    item: id,
                    milestone,
                    text,
                    old_from: e.old_from,
                    old_to: e.old_to,
                    new_from: e.new_from,
                    new_to: e.new_to,
                });
            }
        }
        for i in &item.indicators {
            for s in &i.series {
                for t in &s.targets {
                    out.push(Attention::TargetChanged {
                        item: id,
                        indicator: i.id.clone(),
                        series: s.name.clone(),
                        unit: s.unit.clone(),
                        fy: t.fy,
                        old: t.old.clone(),
                        new: t.new.clone(),
                    });
                }
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
        for m in &item.milestones {
            match m.change {
                ChangeKind::Added => s.milestones_added += 1,
                ChangeKind::Removed => s.milestones_removed += 1,
                ChangeKind::Changed => s.milestones_changed += 1,
            }
            s.milestones_renamed += usize::from(m.renamed_from.is_some());
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
            match m.schedule_change.as_ref().map(|c| c.kind) {
                Some(ScheduleKind::Slip) => s.slips += 1,
                Some(ScheduleKind::PullIn) => s.pull_ins += 1,
                _ => {}
            }
            s.plan_edits += usize::from(m.plan_edit.is_some());
        }
        for i in &item.indicators {
            for series in &i.series {
                s.indicator_updates += series.values.len();
                s.target_changes += series.targets.len();
                s.baseline_changes += usize::from(series.baseline.is_some());
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
        old_path,
        new_path,
        moved,
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
                Value::Text(s) | Value::Plain(s) => s,
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
    // A milestone with another id but the same text, once on each side, was renamed: it is
    // compared, so that a slip cannot hide behind a new id.
    let mut removed_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, m) in removed.iter().enumerate() {
        removed_by_text.entry(&m.text.value).or_default().push(k);
    }
    let mut added_by_text: HashMap<&str, usize> = HashMap::new();
    for (m, _) in pairs.iter().filter(|(_, old)| old.is_none()) {
        *added_by_text.entry(&m.text.value).or_default() += 1;
    }
    let mut taken = vec![false; removed.len()];
    let mut out = Vec::new();
    for (m, old) in pairs {
        match old {
            Some(old) if old == m => {}
            Some(old) => out.push(milestone_pair(old, m, b)),
            None => {
                let text = m.text.value.as_str();
                match (removed_by_text.get(text), added_by_text.get(text)) {
                    (Some(ks), Some(1)) if ks.len() == 1 => {
                        taken[ks[0]] = true;
                        let old = removed[ks[0]];
                        let mut d = milestone_pair(old, m, b);
                        d.renamed_from = Some(old.id.value.clone());
                        out.push(d);
                    }
                    _ => out.push(milestone_record(m, ChangeKind::Added)),
                }
            }
        }
    }
    for (m, taken) in removed.into_iter().zip(taken) {
        if !taken {
            out.push(milestone_record(m, ChangeKind::Removed));
        }
    }
    out
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
    MilestoneDiff {
        id: m.id.value.clone(),
        change,
        text: m.text.value.clone(),
        from,
        to,
        planned_from: m.from.value,
        planned_to: m.to.value,
        status: latest_status(m).and_then(|r| r.status.as_ref().map(|s| s.value)),
        renamed_from: None,
        status_change: None,
        schedule_change: None,
        plan_edit: None,
        reports: Vec::new(),
        fields: Vec::new(),
    }
}

/// The last day of a milestone's end in force (an approximate point's too: a slip of one is a
/// slip); `None` for an event or an open end. Days are counted with an April start, which orders
/// FYs and points alike.
fn end_day(m: &Milestone) -> Option<NaiveDate> {
    let start = crate::model::FyStart::default();
    let end = m.end_on(NaiveDate::MAX);
    match end.kind {
        crate::timing::Kind::Event | crate::timing::Kind::Open => None,
        _ => Some(
            end.until
                .map_or_else(|| start.end_of(m.current().1), |u| u.last_day(start)),
        ),
    }
}

fn milestone_pair(o: &Milestone, n: &Milestone, b: &Budget) -> MilestoneDiff {
    let mut d = milestone_record(n, ChangeKind::Changed);
    let ((of, ot), (nf, nt)) = (o.current(), n.current());
    let (oe, ne) = (end_day(o), end_day(n));
    // An end with no date (an event, an open end) has no last FY to compare: only its start.
    let moved = match (oe, ne) {
        (None, None) => of != nf,
        _ => (of, ot) != (nf, nt) || oe != ne,
    };
    if moved {
        // Losing a deadline is a slip: the item would look better otherwise.
        let kind = match (oe, ne) {
            (Some(_), None) => ScheduleKind::Slip,
            (None, Some(_)) => ScheduleKind::PullIn,
            (Some(a), Some(b)) if b > a => ScheduleKind::Slip,
            (Some(a), Some(b)) if b < a => ScheduleKind::PullIn,
            _ => ScheduleKind::Rescheduled,
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
            reason,
        });
    }
    let published = |m: &Milestone| {
        let end = m.published_end();
        let to = (!m.to_implied || end.kind.is_deadline()).then_some(m.to.value);
        (m.from.value, to, end.until)
    };
    if published(o) != published(n) {
        d.plan_edit = Some(PlanEdit {
            old_from: o.from.value,
            old_to: o.to.value,
            new_from: n.from.value,
            new_to: n.to.value,
        });
    }
    let (os, ns) = (latest_status(o), latest_status(n));
    let status = |r: Option<&Report>| r.and_then(|r| r.status.as_ref().map(|s| s.value));
    if status(os) != status(ns) {
        d.status_change = Some(StatusChange {
            old: status(os),
            new: status(ns),
            fy: ns.and_then(|r| r.fy.as_ref().map(|y| y.value)),
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
    key_fields(
        &mut d.fields,
        b,
        keys::MILESTONE,
        |k| o.value(k),
        |k| n.value(k),
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
    IndicatorDiff {
        id: n.id.value.clone(),
        change,
        name: n.name.value.clone(),
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
    SeriesDiff {
        id: n.id.value.clone(),
        change,
        name: n.name.value.clone(),
        unit: n.unit.as_ref().map(|u| u.value.clone()),
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
    // The period reads as one value; `latest_fy` only when it differs from `last_fy`.
    let period = |p: &Plan| {
        let (first, last, latest) = (
            p.period.first_fy.value,
            p.period.last_fy.value,
            p.period.latest_fy.value,
        );
        let mut s = format!("{}–{}", fy::label_en(first), fy::label_en(last));
        if latest != last {
            s.push_str(&format!(", latest_fy = {latest}"));
        }
        s
    };
    value_field(&mut out, Field::Key("period"), period(o), period(n));
    let numbers: BTreeSet<u32> = o
        .categories
        .iter()
        .chain(&n.categories)
        .map(|c| c.number.value)
        .collect();
    for c in numbers {
        match (o.category(c), n.category(c)) {
            (None, Some(nc)) => out.push(FieldChange {
                field: Field::Category(c),
                old: None,
                new: Some(nc.title.value.clone()),
                segments: Vec::new(),
            }),
            (Some(oc), None) => out.push(FieldChange {
                field: Field::Category(c),
                old: Some(oc.title.value.clone()),
                new: None,
                segments: Vec::new(),
            }),
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
    let present = |s: &str| (!s.is_empty()).then(|| s.to_owned());
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
            old,
            new,
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

/// The characters of character-level diffing left in a run.
#[derive(Debug)]
pub struct Budget(std::cell::Cell<usize>);

impl Budget {
    pub fn new() -> Self {
        Self(std::cell::Cell::new(CHAR_DIFF_BUDGET))
    }

    /// [`char_diff`] while the budget lasts, else the texts replaced whole.
    pub fn char_diff(&self, old: &str, new: &str) -> Vec<Segment> {
        let cost = old.chars().count() + new.chars().count();
        if cost > self.0.get() {
            return replaced(old, new);
        }
        self.0.set(self.0.get() - cost);
        char_diff(old, new)
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
