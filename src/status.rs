//! Where the roadmap stands on a given day: each milestone's and item's state, roll-ups per
//! 大項目, 中項目 and cross-cutting theme, the next milestone due, indicators and their attainment.
//!
//! This is the one copy of the rules (docs/status.md); `status`, `report` and the forms render its
//! result. Pure: the as-of date is an input.
//!
//! A state is either **reported** (done, dropped, delayed, in progress: the office said so in a
//! report dated on or before the as-of date) or **derived** from the calendar (past due and
//! unreported, due this FY, active, upcoming). Nothing is ever `delayed` unless a report says so:
//! a milestone whose last FY has passed with no report of completion is `past_due`, and it is
//! labelled as such. A milestone wholly inside the plan's "before" column records what came before
//! the plan (「…の策定（2013年11月）」): it is `before_plan`, never judged against the calendar.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::attainment::{self, Attainment, Basis};
use crate::fy;
use crate::i18n::Msg;
use crate::model::{
    Fy, FyStart, GroupName, Indicator, IndicatorKind, Item, ItemId, Milestone, Plan, Report,
    Reported, Roadmap, Schedule, Theme,
};

/// The state of a milestone, a 毎年度 round or an item on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Reported done (every round, for 毎年度).
    Done,
    /// Reported dropped (with a reason).
    Dropped,
    /// The office reported it late (with a reason).
    Delayed,
    /// Derived: its current last FY (or due date) has passed and no completion was reported.
    PastDue,
    /// Derived: it ends this FY (or this FY's round of a 毎年度 milestone is open).
    DueThisFy,
    /// Reported started, within its period.
    InProgress,
    /// Derived: within its period, nothing reported.
    Active,
    /// Derived: its first FY has not begun.
    Upcoming,
    /// Derived: it lies wholly in the plan's "before" column (what came before the plan, as the
    /// source records it): not judged, never past due; reports count as for any milestone.
    BeforePlan,
    /// The item has no published schedule.
    NoSchedule,
}

impl State {
    /// Every state, in the order views list them.
    pub const ALL: [State; 10] = [
        State::Done,
        State::Dropped,
        State::Delayed,
        State::PastDue,
        State::DueThisFy,
        State::InProgress,
        State::Active,
        State::Upcoming,
        State::BeforePlan,
        State::NoSchedule,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Done => "done",
            State::Dropped => "dropped",
            State::Delayed => "delayed",
            State::PastDue => "past_due",
            State::DueThisFy => "due_this_fy",
            State::InProgress => "in_progress",
            State::Active => "active",
            State::Upcoming => "upcoming",
            State::BeforePlan => "before_plan",
            State::NoSchedule => "no_schedule",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the state comes from the calendar rather than from a report.
    pub fn is_derived(self) -> bool {
        matches!(
            self,
            State::PastDue | State::DueThisFy | State::Active | State::Upcoming | State::BeforePlan
        )
    }

    /// Whether a milestone in this state is counted (done of counted): a dropped one is not, nor
    /// one before the plan (what came before it is not the plan's to do).
    pub fn counted(self) -> bool {
        !matches!(self, State::Dropped | State::BeforePlan)
    }

    /// How much a state needs the office's attention, most first: an item (and a 毎年度
    /// milestone) takes the state of its milestones (rounds) that needs it most. A reported delay
    /// comes first, then what passed unreported, what is due this FY, what runs with nothing
    /// reported, what runs as reported, what has not begun; done and dropped need none.
    pub fn attention(self) -> u8 {
        match self {
            State::Delayed => 0,
            State::PastDue => 1,
            State::DueThisFy => 2,
            State::Active => 3,
            State::InProgress => 4,
            State::Upcoming => 5,
            State::Done => 6,
            State::BeforePlan => 7,
            State::Dropped => 8,
            State::NoSchedule => 9,
        }
    }
}

/// The state a list of states sums up to: done when all are done (or dropped, with at least one
/// done), dropped when all are dropped, else the one that needs attention most. What lies before
/// the plan counts only when nothing else does.
fn combine(states: impl IntoIterator<Item = State>) -> Option<State> {
    let states: Vec<State> = states.into_iter().collect();
    let live: Vec<State> = states.iter().copied().filter(|s| s.counted()).collect();
    if states.is_empty() {
        None
    } else if live.is_empty() {
        Some(if states.contains(&State::Dropped) {
            State::Dropped
        } else {
            State::BeforePlan
        })
    } else {
        live.into_iter().min_by_key(|s| s.attention())
    }
}

/// The latest status a list of reports (in date order) gives, if any.
fn latest_status<'a>(reports: impl DoubleEndedIterator<Item = &'a &'a Report>) -> Option<Reported> {
    reports
        .rev()
        .find_map(|r| r.status.as_ref().map(|s| s.value))
}

/// A round of a 毎年度 milestone: one FY.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Round {
    pub fy: Fy,
    pub state: State,
}

/// What a milestone's state is judged against: the FY calendar, and where the plan's own columns
/// begin.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    pub start: FyStart,
    /// The last FY of the plan's "before" column, when it has one: a milestone that ends by then
    /// records what came before the plan.
    pub before_plan: Option<Fy>,
}

impl Calendar {
    pub fn of(plan: &Plan) -> Self {
        Self {
            start: plan.fiscal_year_start,
            before_plan: plan
                .period
                .columns
                .iter()
                .filter(|c| c.before)
                .map(|c| c.to.value)
                .max(),
        }
    }
}

impl From<FyStart> for Calendar {
    fn from(start: FyStart) -> Self {
        Self {
            start,
            before_plan: None,
        }
    }
}

/// What the calendar says of a span of FYs on a day: past due, due this FY, running, or not begun.
fn by_calendar(from: Fy, to: Fy, due: Option<NaiveDate>, as_of: NaiveDate, current: Fy) -> State {
    let past_due_date = due.is_some_and(|d| d < as_of);
    if to < current || past_due_date {
        State::PastDue
    } else if from > current {
        State::Upcoming
    } else if to == current {
        State::DueThisFy
    } else {
        State::Active
    }
}

/// What the calendar says of a milestone without a deadline (an approximate point, an event, an
/// open end): not begun, or running. Passing an approximate point makes nothing past due.
fn without_deadline(from: Fy, current: Fy) -> State {
    if from > current {
        State::Upcoming
    } else {
        State::Active
    }
}

/// A milestone's state on a day, and its rounds when it is 毎年度.
pub fn milestone_state(
    m: &Milestone,
    as_of: NaiveDate,
    calendar: impl Into<Calendar>,
) -> (State, Option<Vec<Round>>) {
    let Calendar { start, before_plan } = calendar.into();
    let current = start.fy_of(as_of);
    let reports = m.reports_on(as_of);
    let (from, to) = m.schedule_on(as_of);
    let end = m.end_on(as_of);
    // Wholly in the "before" column: the source records it as what came before the plan; the
    // calendar does not judge it (it would be past due from the plan's first day).
    let before = end
        .fy
        .is_some_and(|fy| before_plan.is_some_and(|b| fy <= b && to <= b));
    let due = end.deadline(start).or(m.due.as_ref().map(|d| d.value));
    let calendar_state = || {
        if before {
            State::BeforePlan
        } else if end.kind.is_deadline() {
            by_calendar(from, to, due, as_of, current)
        } else {
            without_deadline(from, current)
        }
    };
    if !m.every_year {
        let state = match latest_status(reports.iter()) {
            Some(Reported::Done) => State::Done,
            Some(Reported::Dropped) => State::Dropped,
            Some(Reported::Delayed) => State::Delayed,
            Some(Reported::InProgress) => match calendar_state() {
                State::Active | State::Upcoming | State::BeforePlan => State::InProgress,
                other => other,
            },
            None => calendar_state(),
        };
        return (state, None);
    }
    // A 毎年度 milestone: a report naming a round (`fy`) is about that round; one without is
    // about the milestone, and so about every round that has no report of its own.
    let whole: Vec<&Report> = reports.iter().copied().filter(|r| r.fy.is_none()).collect();
    let whole = latest_status(whole.iter());
    let rounds: Vec<Round> = (from..=to)
        .map(|fy| {
            let own: Vec<&Report> = reports
                .iter()
                .copied()
                .filter(|r| r.fy.as_ref().is_some_and(|y| y.value == fy))
                .collect();
            let state = match (
                latest_status(own.iter()).or(whole),
                by_calendar(fy, fy, None, as_of, current),
            ) {
                (Some(Reported::Done), _) => State::Done,
                (Some(Reported::Dropped), _) => State::Dropped,
                (_, State::Upcoming) => State::Upcoming,
                (Some(Reported::Delayed), _) => State::Delayed,
                (_, _) if before => State::BeforePlan,
                (_, calendar) => calendar,
            };
            Round { fy, state }
        })
        .collect();
    let state = if rounds.iter().all(|r| r.state == State::Done) {
        State::Done
    } else {
        match combine(rounds.iter().map(|r| r.state).filter(|s| *s != State::Done)) {
            // Rounds done so far and the rest still to come: running, not "not begun" — and
            // derived (active), not 実施中, which only a report says: nobody reported the next
            // round started.
            Some(State::Upcoming) if rounds.iter().any(|r| r.state == State::Done) => State::Active,
            other => other.unwrap_or(State::Done),
        }
    };
    (state, Some(rounds))
}

/// The last day anything was reported on an item, up to a day.
pub fn last_report(item: &Item, day: NaiveDate) -> Option<NaiveDate> {
    item.milestones
        .iter()
        .flat_map(|m| &m.reports)
        .map(|r| r.on.value)
        .filter(|d| *d <= day)
        .max()
}

/// What to show: the items that pass every given filter (all when none is given).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// A group (大項目 `2`, 中項目 `2-3`, or any depth): the items whose id starts with it.
    pub category: Option<ItemId>,
    pub theme: Option<u32>,
    pub states: Vec<State>,
    pub owner: Option<String>,
    /// Case-insensitive text in the item's id, title, notes, milestones or indicators.
    pub text: Option<String>,
}

impl Filter {
    /// A filter that names no group or theme of the plan is a usage error (with the ones it has),
    /// not an empty view.
    pub fn check(&self, plan: &Plan) -> Result<(), Msg> {
        if let Some(group) = self.category
            && plan.group(group).is_none()
        {
            let paths = plan.group_paths();
            let known: Vec<String> = paths.iter().map(|(id, _)| id.to_string()).collect();
            return Err(Msg::NoSuchCategory {
                value: group.to_string(),
                known,
            });
        }
        if let Some(t) = self.theme
            && plan.theme(t).is_none()
        {
            let known: Vec<String> = plan
                .themes
                .iter()
                .map(|t| Theme::marker(t.id.value))
                .collect();
            return Err(Msg::NoSuchTheme {
                value: Theme::marker(t),
                known,
            });
        }
        Ok(())
    }

    fn keeps(&self, item: &Item, state: State) -> bool {
        (self.states.is_empty() || self.states.contains(&state)) && self.keeps_item(item)
    }

    /// Whether an item passes the filters that do not depend on its state.
    pub fn keeps_item(&self, item: &Item) -> bool {
        let id = item.id.value;
        self.category.is_none_or(|g| id.starts_with(&g))
            && self
                .theme
                .is_none_or(|t| item.themes.iter().any(|x| x.value == t))
            && self.owner.as_ref().is_none_or(|o| owned_by(item, o))
            && self
                .text
                .as_ref()
                .is_none_or(|t| mentions(item, &folded(t)))
    }
}

impl Filter {
    /// What the owner filter shows of an item: all of it when no owner is asked for or the owner
    /// is the item's 主担当; else only the milestones and indicators the owner leads or takes part
    /// in (an item kept for one measure shows that measure, not the others). A measure that names
    /// no owners of its own is the item's: its 主担当 and 関係. `Borrowed` when nothing is left out.
    pub fn owner_part<'a>(&self, item: &'a Item) -> Cow<'a, Item> {
        let Some(owner) = &self.owner else {
            return Cow::Borrowed(item);
        };
        let named = |list: &[crate::model::Sp<String>]| names(list, owner);
        if named(&item.owners) {
            return Cow::Borrowed(item);
        }
        type List = [crate::model::Sp<String>];
        let measure = |lead: &List, related: &List| {
            if lead.is_empty() && related.is_empty() {
                named(&item.related_owners)
            } else {
                named(lead) || named(related)
            }
        };
        let keep_ms = |m: &Milestone| measure(&m.owners, &m.related_owners);
        let keep_ind = |i: &Indicator| measure(&i.owners, &i.related_owners);
        if item.milestones.iter().all(keep_ms) && item.indicators.iter().all(keep_ind) {
            return Cow::Borrowed(item);
        }
        let mut part = item.clone();
        part.milestones.retain(keep_ms);
        part.indicators.retain(keep_ind);
        Cow::Owned(part)
    }

    /// The roadmap as the owner filter shows it: each item's [`Filter::owner_part`] (the views
    /// draw these, paired with the standing [`compute`] gives for the same filter).
    pub fn owner_view<'a>(&self, roadmap: &'a Roadmap) -> Cow<'a, Roadmap> {
        if self.owner.is_none() {
            return Cow::Borrowed(roadmap);
        }
        let items = roadmap
            .items
            .iter()
            .map(|i| self.owner_part(i).into_owned())
            .collect();
        Cow::Owned(Roadmap {
            plan: roadmap.plan.clone(),
            items,
        })
    }
}

/// Whether a list of owners names someone like `owner`.
fn names(list: &[crate::model::Sp<String>], owner: &str) -> bool {
    list.iter().any(|x| x.value.contains(owner))
}

/// Whether anyone named like `owner` (lead or related) owns the item, one of its milestones or one
/// of its indicators.
fn owned_by(item: &Item, owner: &str) -> bool {
    let named = |list: &[crate::model::Sp<String>]| names(list, owner);
    named(&item.owners)
        || named(&item.related_owners)
        || item
            .milestones
            .iter()
            .any(|m| named(&m.owners) || named(&m.related_owners))
        || item
            .indicators
            .iter()
            .any(|i| named(&i.owners) || named(&i.related_owners))
}

fn mentions(item: &Item, needle: &str) -> bool {
    let has = |s: &str| folded(s).contains(needle);
    has(&item.id.value.to_string())
        || has(&item.title)
        || item.notes.iter().any(|n| has(n))
        || item
            .milestones
            .iter()
            .any(|m| has(&m.text) || m.track.as_ref().is_some_and(|t| has(t)))
        || item.indicators.iter().any(|i| has(&i.name))
}

/// Text as `--grep` compares it: full-width letters, digits and signs as their ASCII (an IME's
/// `ＬＡＮ` is `LAN`), in lower case.
fn folded(s: &str) -> String {
    crate::input::half_width(s).to_lowercase()
}

/// The roadmap's standing on a day.
#[derive(Clone, Debug, Serialize)]
pub struct Standing {
    pub as_of: NaiveDate,
    /// The FY the as-of date falls in.
    pub fiscal_year: Fy,
    pub fiscal_year_label: String,
    pub first_fy: Fy,
    pub last_fy: Fy,
    /// The as-of date is after the last day of the plan period.
    pub plan_over: bool,
    /// The plan's reporting cycle in months, if it sets one.
    pub report_every_months: Option<u32>,
    /// In id order, as the roadmap's items are.
    pub items: Vec<ItemStanding>,
    pub totals: Rollup,
    pub categories: Vec<CategoryRollup>,
    pub themes: Vec<ThemeRollup>,
    /// A plan of `[[groups]]`: the roll-up at every depth, as a tree (a plan of 大項目/中項目 has
    /// it in `categories`; [`Standing::tree`] gives either as a tree).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupRollup>,
    /// Milestones by their 主担当 (the milestone's, else the item's), when the plan names owners.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<OwnerRollup>,
}

/// One group of the plan's hierarchy at any depth, with its roll-up and the groups in it.
#[derive(Clone, Debug, Serialize)]
pub struct GroupRollup {
    /// Its path, display number (Ⅱ, (6)), level's name (分野), title.
    #[serde(flatten)]
    pub name: GroupName,
    pub rollup: Rollup,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupRollup>,
}

impl GroupRollup {
    pub fn depth(&self) -> usize {
        self.name.id.depth()
    }

    /// Its number as headings show it: the source's (Ⅱ, (6)), else `2.` for a top group, `(3)`
    /// for a second-level one (the 大項目/中項目 convention), the path deeper down.
    pub fn label(&self) -> String {
        let id = self.name.id;
        self.name.number.clone().unwrap_or_else(|| {
            let last = id.parts().last().copied().unwrap_or_default();
            match id.depth() {
                1 => format!("{last}."),
                2 => format!("({last})"),
                _ => id.to_string(),
            }
        })
    }

    /// The group as a heading: its level's name (when the plan names levels), number and title
    /// (`分野 1. 健康・医療・介護`).
    pub fn heading(&self, title: &str) -> String {
        match &self.name.level {
            Some(level) => format!("{level} {} {title}", self.label()),
            None => format!("{} {title}", self.label()),
        }
    }

    /// This group and every group in it, depth first, in plan order.
    pub fn walk(&self) -> Vec<&GroupRollup> {
        let mut out = vec![self];
        for g in &self.groups {
            out.extend(g.walk());
        }
        out
    }
}

/// One owner's share of the roadmap: the milestones it leads (主担当: the milestone's owners, else
/// the item's) by state, the milestones it takes part in (関係), and the indicators it leads or
/// takes part in; 再掲 are counted where they are recorded.
#[derive(Clone, Debug, Serialize)]
pub struct OwnerRollup {
    pub owner: String,
    pub milestones_total: usize,
    pub milestones_by_state: BTreeMap<&'static str, usize>,
    /// Items with at least one milestone of this owner.
    pub items: usize,
    /// Milestones it takes part in as 関係, by state.
    pub related_total: usize,
    pub related_by_state: BTreeMap<&'static str, usize>,
    /// Indicators it leads (the indicator's owners, else the item's) and takes part in.
    pub indicators: usize,
    pub related_indicators: usize,
}

impl Standing {
    /// The states the roll-up tables count items in: every state, 計画前 only where an item is in
    /// it (an item of nothing but what came before its plan; no other plan has any).
    pub fn item_states(&self) -> Vec<State> {
        State::ALL
            .into_iter()
            .filter(|s| *s != State::BeforePlan || self.totals.count(*s) > 0)
            .collect()
    }

    /// The items of one 中項目, in order.
    pub fn items_in(&self, category: u32, subcategory: u32) -> Vec<&ItemStanding> {
        self.items
            .iter()
            .filter(|i| i.id.category() == category && i.id.subcategory() == subcategory)
            .collect()
    }

    /// An item of `roadmap` by its id as typed, with its standing (`status <ID>`); a usage error
    /// naming `dir` when there is none.
    pub fn find<'a>(
        &'a self,
        roadmap: &'a Roadmap,
        id: &str,
        dir: &str,
    ) -> Result<(&'a Item, &'a ItemStanding), Msg> {
        let parsed = ItemId::parse(id).ok_or_else(|| Msg::NotAnItemId { id: id.to_owned() })?;
        let found = roadmap.item(&parsed).zip(self.item(parsed));
        found.ok_or_else(|| Msg::NoSuchItem {
            id: id.to_owned(),
            dir: dir.to_owned(),
        })
    }

    pub fn item(&self, id: ItemId) -> Option<&ItemStanding> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The roll-up at every depth as a tree: the groups of a plan of `[[groups]]`, else the
    /// 大項目 with their 中項目.
    pub fn tree(&self) -> Cow<'_, [GroupRollup]> {
        if !self.groups.is_empty() {
            return Cow::Borrowed(&self.groups);
        }
        Cow::Owned(
            self.categories
                .iter()
                .map(|c| GroupRollup {
                    name: GroupName {
                        id: ItemId::from_parts(&[c.number]),
                        number: c.shown.clone(),
                        level: None,
                        title: c.title.clone(),
                    },
                    rollup: c.rollup.clone(),
                    groups: c
                        .subcategories
                        .iter()
                        .map(|s| GroupRollup {
                            name: GroupName {
                                id: ItemId::from_parts(&[c.number, s.number]),
                                number: s.shown.clone(),
                                level: None,
                                title: s.title.clone(),
                            },
                            rollup: s.rollup.clone(),
                            groups: Vec::new(),
                        })
                        .collect(),
                })
                .collect(),
        )
    }

    /// The items directly in a group (not in a group under it), in order.
    pub fn items_directly_in(&self, group: ItemId) -> Vec<&ItemStanding> {
        in_group(&self.items, group)
            .iter()
            .filter(|i| i.id.parent() == group)
            .collect()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemStanding {
    pub id: ItemId,
    /// The source's display number (No.1, (ⅰ)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    pub themes: Vec<u32>,
    /// 主担当 and 関係 of the item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_owners: Vec<String>,
    /// Shown for this owner only (`--owner`): the item is not the owner's, some of its milestones
    /// or indicators are, and only those are shown and counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_owner: Option<String>,
    /// With `only_owner`: the item's milestones left out.
    #[serde(skip_serializing_if = "is_zero")]
    pub hidden_milestones: usize,
    pub state: State,
    /// The last day anything was reported on it (最終報告日), up to the as-of date.
    pub last_reported: Option<NaiveDate>,
    /// With a reporting cycle: no report for longer than it.
    pub stale: bool,
    /// Milestones counted (dropped ones are not).
    pub milestones_total: usize,
    pub milestones_done: usize,
    /// Share of counted milestones done, 0–100 (one decimal); `None` when none are counted.
    pub percent_done: Option<f64>,
    /// Milestones reported late.
    pub delayed: usize,
    /// Milestones past due with no completion reported.
    pub past_due: usize,
    /// Schedule changes in force, over all milestones.
    pub changes: usize,
    /// The item of an earlier edition this one continues (editions renumber).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continues: Option<ItemId>,
    /// Each milestone, in file order.
    pub milestones: Vec<MilestoneStanding>,
    /// The open milestone with the earliest deadline.
    pub next: Option<NextMilestone>,
    pub indicators: Vec<IndicatorStanding>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneStanding {
    pub id: String,
    pub state: State,
    /// The end in force: how it is given (`timing`: fy, half, quarter, month, year, approx, event,
    /// open), its point (`until`: `2025-H1`, `CY2025`), the event it ends at (`event`) and the
    /// milestone whose completion that is (`event_of`).
    #[serde(flatten)]
    pub end: crate::timing::End,
    /// The state of the `event_of` milestone, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_of_state: Option<State>,
    /// The source's own words for the timing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing_text: Option<Box<str>>,
    /// Derived: an approximate point that has passed with no completion reported (目途経過).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub point_passed: bool,
    /// Predecessors (`after`) not yet done or dropped: the milestone waits for them.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub blocked_by: Box<[String]>,
    /// A 再掲: the milestone it restates (whose state it shows; counted there, not here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restates: Option<Box<str>>,
    /// 主担当 (the milestone's, else the item's: shared by its milestones, not copied) and 関係.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub owners: std::sync::Arc<[String]>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub related_owners: Box<[String]>,
    /// The schedule in force on the as-of date (現計画): its first FY and the last FY views draw it
    /// in; for an event or an open end that `to` is implied (`to_implied`), not an end.
    pub from: Fy,
    pub to: Fy,
    /// `to` was not written (an event or open end): the span views draw, never a deadline.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub to_implied: bool,
    /// The published plan (当初計画).
    pub planned_from: Fy,
    pub planned_to: Fy,
    /// The published plan's end, when it is not `end` (see [`Self::planned_end`]).
    #[serde(skip)]
    planned: Option<Box<crate::timing::End>>,
    /// Schedule changes in force on the as-of date.
    pub changes: usize,
    /// Derived: the dates of those changes made after the deadline then in force had passed
    /// unreported (期限経過後の変更; see `Milestone::changes_after_deadline`).
    #[serde(
        rename = "changed_after_deadline",
        skip_serializing_if = "<[_]>::is_empty"
    )]
    pub late_changes: Box<[NaiveDate]>,
    pub last_reported: Option<NaiveDate>,
    /// The reports dated on or before the as-of date, in date order.
    pub reports: Box<[Report]>,
    /// The rounds of a 毎年度 milestone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Box<[Round]>>,
}

// A standing is held for every milestone of a roadmap (400,000 at 100,000 items): its texts and
// lists are boxed slices (no spare capacity, a word less each), and the published end is held only
// where a change moved it.
impl MilestoneStanding {
    /// The published plan's end (当初計画).
    pub fn planned_end(&self) -> &crate::timing::End {
        self.planned.as_deref().unwrap_or(&self.end)
    }

    /// Whether the schedule in force differs from the published plan (its first FY, or its end).
    pub fn rescheduled(&self) -> bool {
        self.from != self.planned_from || !self.end.same_time(self.planned_end())
    }
}

/// The next deadline of an item: its open milestone whose hard deadline comes first and has not
/// passed.
#[derive(Clone, Debug, Serialize)]
pub struct NextMilestone {
    pub id: String,
    pub text: String,
    /// The last FY in force: it is due by the end of it (or of its `until` point, or `due`).
    pub to: Fy,
    #[serde(flatten)]
    pub end: crate::timing::End,
    pub due: Option<NaiveDate>,
    /// The deadline: `due`, else the last day of the end.
    pub deadline: NaiveDate,
    pub state: State,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorStanding {
    pub id: String,
    pub name: String,
    pub kind: IndicatorKind,
    /// The KPI layer (KPI第1階層 = 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<u32>,
    /// When it is measured (把握の時期).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
    /// 主担当 (the indicator's, else the item's) and 関係.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_owners: Vec<String>,
    /// The indicator as a whole (the worst of its series).
    pub attainment: Attainment,
    pub series: Vec<SeriesStanding>,
    /// The last FY with a value in any series; `None`: no data at all.
    pub last_actual_fy: Option<Fy>,
    /// Closed FYs of the plan (ended before the as-of date) with no value in some series.
    pub missing_closed_fys: Vec<Fy>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SeriesStanding {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    /// The source's words for the target (「2016年度末までに全都道府県」, 5割以上, 【減少】).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    /// The target is a move in the series' direction with no number (【減少】).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub relative: bool,
    /// Which way is better, for a relative target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<crate::model::Direction>,
    /// The FY the series starts (no value is missing before it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Fy>,
    pub attainment: Attainment,
    #[serde(flatten)]
    pub basis: Basis,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `done` of `total` as a percentage with one decimal; `None` when there is nothing to count.
pub fn percent(done: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| (done as f64 * 1000.0 / total as f64).round() / 10.0)
}

/// Counts over a set of items.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Rollup {
    pub items: usize,
    /// Items by state; every state is present, with 0 when none.
    pub by_state: BTreeMap<&'static str, usize>,
    /// Milestones by state (no_schedule is always 0).
    pub milestones_by_state: BTreeMap<&'static str, usize>,
    pub milestones_total: usize,
    pub milestones_done: usize,
    /// Share of counted milestones done, 0–100; `None` when there are none.
    pub percent_done: Option<f64>,
    /// Items with no report for longer than the plan's cycle.
    pub stale: usize,
    /// Derived: milestones whose plan was changed after its deadline had passed unreported
    /// (期限経過後の計画変更): no longer past due, and counted here so that it still shows.
    #[serde(skip_serializing_if = "is_zero")]
    pub changed_after_deadline: usize,
}

impl Rollup {
    fn of<'a>(items: impl IntoIterator<Item = &'a ItemStanding>) -> Self {
        // Counted in arrays indexed by state, then named: a 10,000-item roadmap is rolled up
        // several times over (totals, 大項目, 中項目, themes, groups).
        let mut items_in = [0; State::ALL.len()];
        let mut milestones_in = [0; State::ALL.len()];
        let mut r = Rollup::default();
        for item in items {
            r.items += 1;
            items_in[item.state as usize] += 1;
            // A 再掲 is counted where it is recorded, as in the item's own counts.
            for m in item.milestones.iter().filter(|m| m.restates.is_none()) {
                milestones_in[m.state as usize] += 1;
                r.changed_after_deadline += usize::from(!m.late_changes.is_empty());
            }
            r.milestones_total += item.milestones_total;
            r.milestones_done += item.milestones_done;
            r.stale += usize::from(item.stale);
        }
        let named = |counts: [usize; State::ALL.len()]| {
            State::ALL.iter().map(|s| s.as_str()).zip(counts).collect()
        };
        r.by_state = named(items_in);
        r.milestones_by_state = named(milestones_in);
        r.percent_done = percent(r.milestones_done, r.milestones_total);
        r
    }

    /// Items in a state.
    pub fn count(&self, state: State) -> usize {
        self.by_state.get(state.as_str()).copied().unwrap_or(0)
    }

    /// Milestones in a state.
    pub fn milestones(&self, state: State) -> usize {
        self.milestones_by_state
            .get(state.as_str())
            .copied()
            .unwrap_or(0)
    }

    /// Milestones reported late or past due unreported (`status --fail-on overdue`).
    pub fn overdue(&self) -> usize {
        self.milestones(State::Delayed) + self.milestones(State::PastDue)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct CategoryRollup {
    pub number: u32,
    /// The source's display number (Ⅱ), for a plan of groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
    pub title: String,
    pub rollup: Rollup,
    pub subcategories: Vec<SubcategoryRollup>,
}

impl CategoryRollup {
    /// As headings show it: the source's number (Ⅱ), else `2.`.
    pub fn label(&self) -> String {
        self.shown
            .clone()
            .unwrap_or_else(|| format!("{}.", self.number))
    }
}

impl SubcategoryRollup {
    /// The source's number ((6)), else `(3)`.
    pub fn label(&self) -> String {
        self.shown
            .clone()
            .unwrap_or_else(|| format!("({})", self.number))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SubcategoryRollup {
    pub number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
    pub title: String,
    pub rollup: Rollup,
}

#[derive(Clone, Debug, Serialize)]
pub struct ThemeRollup {
    pub id: u32,
    pub title: String,
    pub rollup: Rollup,
}

/// Computes the standing of the items that pass `filter` on `as_of`.
/// The items of a group, at any depth under it. Items are in id order, so a group's are one run
/// of them, found by halving: asked for every group of a large roadmap, a scan each time would be
/// quadratic.
fn in_group(items: &[ItemStanding], group: ItemId) -> &[ItemStanding] {
    let start = items.partition_point(|i| i.id < group);
    let rest = items.get(start..).unwrap_or_default();
    let len = rest.partition_point(|i| i.id.starts_with(&group));
    rest.get(..len).unwrap_or_default()
}

pub fn compute(roadmap: &Roadmap, as_of: NaiveDate, filter: &Filter) -> Standing {
    let plan = &roadmap.plan;
    let calendar = plan.fiscal_year_start;
    let current = calendar.fy_of(as_of);
    let stale_after = plan.report_every_months.as_ref().map(|m| m.value);
    let since = plan.published.as_ref().map_or_else(
        || calendar.start_of(plan.period.first_fy.value),
        |p| p.value,
    );
    let cx = Cx {
        as_of,
        calendar: Calendar::of(plan),
        current,
        first_fy: plan.period.first_fy.value,
        last_fy: plan.period.last_fy.value,
        stale_after,
        since,
    };
    let targets = Targets::of(roadmap);
    // Each item stands on its own (and the items it refers to): on all cores.
    let all: Vec<&Item> = roadmap.items.iter().collect();
    let kept = crate::par::map(all, |item| {
        // An item kept for some of its milestones (`--owner`) is counted for those only.
        let part = filter.owner_part(item);
        let mut st = item_standing(&part, &cx, &targets);
        if let Cow::Owned(part) = &part {
            st.only_owner.clone_from(&filter.owner);
            st.hidden_milestones = item.milestones.len() - part.milestones.len();
        }
        filter.keeps(item, st.state).then_some(st)
    });
    // Sized once: collected by doubling, 100,000 items' standings held a quarter more (15 MB).
    let mut items = Vec::with_capacity(kept.iter().flatten().count());
    items.extend(kept.into_iter().flatten());
    let in_category = |c: u32, s: Option<u32>| {
        let group = match s {
            Some(s) => ItemId::from_parts(&[c, s]),
            None => ItemId::from_parts(&[c]),
        };
        in_group(&items, group).iter()
    };
    let mut categories: Vec<CategoryRollup> = plan
        .categories
        .iter()
        .map(|c| CategoryRollup {
            number: c.number.value,
            shown: None,
            title: c.title.value.clone(),
            rollup: Rollup::of(in_category(c.number.value, None)),
            subcategories: c
                .subcategories
                .iter()
                .map(|s| SubcategoryRollup {
                    number: s.number.value,
                    shown: None,
                    title: s.title.value.clone(),
                    rollup: Rollup::of(in_category(c.number.value, Some(s.number.value))),
                })
                .collect(),
        })
        .collect();
    // A plan of groups rolls up by its top two levels.
    for top in plan.groups.iter().filter(|g| g.id.value.depth() == 1) {
        let c = top.id.value.category();
        categories.push(CategoryRollup {
            number: c,
            shown: top.number.as_ref().map(|n| n.value.clone()),
            title: top.title.value.clone(),
            rollup: Rollup::of(in_category(c, None)),
            subcategories: plan
                .groups
                .iter()
                .filter(|g| g.id.value.depth() == 2 && g.id.value.category() == c)
                .map(|g| SubcategoryRollup {
                    number: g.id.value.subcategory(),
                    shown: g.number.as_ref().map(|n| n.value.clone()),
                    title: g.title.value.clone(),
                    rollup: Rollup::of(in_category(c, Some(g.id.value.subcategory()))),
                })
                .collect(),
        });
    }
    let owners = owner_rollups(&items);
    let groups = group_tree(plan, &items, None);
    let themes = plan
        .themes
        .iter()
        .map(|t| ThemeRollup {
            id: t.id.value,
            title: t.title.value.clone(),
            rollup: Rollup::of(items.iter().filter(|i| i.themes.contains(&t.id.value))),
        })
        .collect();
    Standing {
        as_of,
        fiscal_year: current,
        fiscal_year_label: fy::label_ja(current),
        first_fy: plan.period.first_fy.value,
        last_fy: plan.period.last_fy.value,
        plan_over: as_of > calendar.end_of(plan.period.last_fy.value),
        report_every_months: stale_after,
        totals: Rollup::of(&items),
        items,
        categories,
        themes,
        groups,
        owners,
    }
}

/// The roll-up tree of a plan of `[[groups]]` under `parent` (the top level for `None`); empty
/// for a plan of 大項目/中項目.
fn group_tree(plan: &Plan, items: &[ItemStanding], parent: Option<ItemId>) -> Vec<GroupRollup> {
    plan.groups
        .iter()
        .filter(|g| match parent {
            None => g.id.value.depth() == 1,
            Some(p) => g.id.value.depth() == p.depth() + 1 && g.id.value.starts_with(&p),
        })
        .map(|g| {
            let id = g.id.value;
            GroupRollup {
                name: GroupName {
                    id,
                    number: g.number.as_ref().map(|n| n.value.clone()),
                    level: plan.level(id.depth() - 1).map(str::to_owned),
                    title: g.title.value.clone(),
                },
                rollup: Rollup::of(items.iter().filter(|i| i.id.starts_with(&id))),
                groups: group_tree(plan, items, Some(id)),
            }
        })
        .collect()
}

/// Each owner's milestones and indicators, lead (主担当) and related (関係), in the order owners
/// first appear.
fn owner_rollups(items: &[ItemStanding]) -> Vec<OwnerRollup> {
    let mut out: Vec<OwnerRollup> = Vec::new();
    let at = |owner: &String, out: &mut Vec<OwnerRollup>| -> usize {
        if let Some(n) = out.iter().position(|o| o.owner == *owner) {
            return n;
        }
        let zero = || State::ALL.iter().map(|s| (s.as_str(), 0)).collect();
        out.push(OwnerRollup {
            owner: owner.clone(),
            milestones_total: 0,
            milestones_by_state: zero(),
            items: 0,
            related_total: 0,
            related_by_state: zero(),
            indicators: 0,
            related_indicators: 0,
        });
        out.len() - 1
    };
    for standing in items {
        let mut seen: Vec<usize> = Vec::new();
        for m in standing.milestones.iter().filter(|m| m.restates.is_none()) {
            for owner in m.owners.iter() {
                let n = at(owner, &mut out);
                let o = &mut out[n];
                o.milestones_total += 1;
                *o.milestones_by_state.entry(m.state.as_str()).or_default() += 1;
                if !seen.contains(&n) {
                    seen.push(n);
                    o.items += 1;
                }
            }
            for owner in m.related_owners.iter().filter(|r| !m.owners.contains(r)) {
                let n = at(owner, &mut out);
                let o = &mut out[n];
                o.related_total += 1;
                *o.related_by_state.entry(m.state.as_str()).or_default() += 1;
            }
        }
        for i in &standing.indicators {
            for owner in &i.owners {
                let n = at(owner, &mut out);
                out[n].indicators += 1;
            }
            for owner in i.related_owners.iter().filter(|r| !i.owners.contains(r)) {
                let n = at(owner, &mut out);
                out[n].related_indicators += 1;
            }
        }
    }
    out
}

/// Milestones by reference (`item/ms`), for 再掲 and `after`.
#[derive(Debug)]
pub struct Targets<'a> {
    by_ref: std::collections::HashMap<String, (&'a Item, &'a Milestone)>,
}

impl<'a> Targets<'a> {
    pub fn of(roadmap: &'a Roadmap) -> Self {
        let referenced = roadmap.items.iter().any(|i| {
            i.milestones
                .iter()
                .any(|m| m.restates.is_some() || !m.after.is_empty())
        });
        if referenced {
            Self::of_all(roadmap)
        } else {
            Self {
                by_ref: std::collections::HashMap::new(),
            }
        }
    }

    /// Every milestone, whether or not any is referenced (for the rules that check references).
    pub fn of_all(roadmap: &'a Roadmap) -> Self {
        let mut by_ref = std::collections::HashMap::new();
        for item in &roadmap.items {
            for m in &item.milestones {
                by_ref.insert(format!("{}/{}", item.id.value, m.id.value), (item, m));
            }
        }
        Self { by_ref }
    }

    /// The milestone of a full reference (`item/ms`).
    pub fn get_key(&self, key: &str) -> Option<(&'a Item, &'a Milestone)> {
        self.by_ref.get(key).copied()
    }

    /// The milestone a reference names, from `item` (a bare `ms` is in the same item).
    pub fn get(&self, item: &Item, reference: &str) -> Option<(&'a Item, &'a Milestone)> {
        match reference.contains('/') {
            true => self.by_ref.get(reference).copied(),
            false => self
                .by_ref
                .get(&format!("{}/{reference}", item.id.value))
                .copied(),
        }
    }
}

/// What every item's standing is computed against.
struct Cx {
    as_of: NaiveDate,
    calendar: Calendar,
    current: Fy,
    first_fy: Fy,
    last_fy: Fy,
    stale_after: Option<u32>,
    /// Where the reporting cycle starts for an item never reported on.
    since: NaiveDate,
}

fn item_standing(item: &Item, cx: &Cx, targets: &Targets<'_>) -> ItemStanding {
    let state_of = |m: &Milestone| milestone_state(m, cx.as_of, cx.calendar);
    let strings = |list: &[crate::model::Sp<String>]| -> Vec<String> {
        list.iter().map(|x| x.value.clone()).collect()
    };
    let item_owners: std::sync::Arc<[String]> = strings(&item.owners).into();
    let milestones: Vec<MilestoneStanding> = item
        .milestones
        .iter()
        .map(|m| {
            // A 再掲 shows the state of what it restates.
            let original = m.restates.as_ref().and_then(|r| targets.get(item, r));
            let (state, rounds) = state_of(original.map_or(m, |(_, o)| o));
            let (from, to) = m.schedule_on(cx.as_of);
            let reports: Box<[Report]> = m.reports_on(cx.as_of).into_iter().cloned().collect();
            let end = m.end_on(cx.as_of);
            // An event or an open end has no FY: the span views draw to is implied.
            let to_implied = end.fy.is_none();
            let start = cx.calendar.start;
            let open = !matches!(state, State::Done | State::Dropped);
            let blocked_by = m
                .after
                .iter()
                .filter(|a| {
                    open && targets.get(item, a).is_some_and(|(_, p)| {
                        !matches!(state_of(p).0, State::Done | State::Dropped)
                    })
                })
                .map(|a| a.value.clone())
                .collect();
            let owners = if m.owners.is_empty() {
                std::sync::Arc::clone(&item_owners)
            } else {
                strings(&m.owners).into()
            };
            let planned = Some(m.published_end()).filter(|p| *p != end).map(Box::new);
            let event_of_state = end
                .event_of
                .as_ref()
                .and_then(|e| targets.get(item, e))
                .map(|(_, p)| state_of(p).0);
            MilestoneStanding {
                id: m.id.value.clone(),
                state,
                point_passed: open
                    && end.is_approx()
                    && end.last_day(start).is_some_and(|d| d < cx.as_of),
                end,
                event_of_state,
                timing_text: m.timing_text.as_ref().map(|t| t.value.as_str().into()),
                blocked_by,
                restates: m.restates.as_ref().map(|r| r.value.as_str().into()),
                owners,
                related_owners: strings(&m.related_owners).into(),
                from,
                to,
                to_implied,
                planned_from: m.from.value,
                planned_to: m.to.value,
                planned,
                changes: m.changes.iter().filter(|c| c.on.value <= cx.as_of).count(),
                late_changes: m.changes_after_deadline(cx.as_of, start).into(),
                last_reported: reports.iter().map(|r| r.on.value).max(),
                reports,
                rounds: rounds.map(Vec::into_boxed_slice),
            }
        })
        .collect();
    // A 再掲 is counted where it is recorded, not here.
    let own = || milestones.iter().filter(|m| m.restates.is_none());
    let count = |s: State| own().filter(|m| m.state == s).count();
    let counted = own().filter(|m| m.state.counted()).count();
    let done = count(State::Done);
    let state = if item.schedule.value == Schedule::NotPublished {
        State::NoSchedule
    } else {
        combine(own().map(|m| m.state))
            .or_else(|| combine(milestones.iter().map(|m| m.state)))
            .unwrap_or(State::NoSchedule)
    };
    // The next deadline: a hard one (no 目途, event or open end) not passed yet, earliest first
    // (a quarter before its FY's end).
    let next = item
        .milestones
        .iter()
        .zip(&milestones)
        .filter(|(_, s)| s.state.counted() && s.state != State::Done)
        .filter(|(_, s)| s.restates.is_none() && s.end.kind.is_deadline())
        .filter_map(|(m, s)| {
            // A 毎年度 milestone is next by its earliest round not yet done or dropped whose FY
            // has not ended (its end, past due for an earlier round, is not "next").
            if let Some(rounds) = &s.rounds {
                let start = cx.calendar.start;
                return rounds
                    .iter()
                    .filter(|r| !matches!(r.state, State::Done | State::Dropped))
                    .map(|r| (r, start.end_of(r.fy)))
                    .find(|(_, end)| *end >= cx.as_of)
                    .map(|(r, end)| {
                        (
                            m,
                            s,
                            (r.fy, crate::timing::End::fy(r.fy), r.state),
                            None,
                            end,
                        )
                    });
            }
            let due = m.due.as_ref().map(|d| d.value);
            let deadline = due.or_else(|| s.end.last_day(cx.calendar.start))?;
            let round = (s.to, s.end.clone(), s.state);
            (deadline >= cx.as_of).then_some((m, s, round, due, deadline))
        })
        .min_by_key(|(_, s, _, _, deadline)| (*deadline, s.from))
        .map(|(m, _, (to, end, state), due, deadline)| NextMilestone {
            id: m.id.value.clone(),
            text: m.text.value.clone(),
            to,
            end,
            due,
            deadline,
            state,
        });
    let last_reported = last_report(item, cx.as_of);
    let stale = cx.stale_after.is_some_and(|months| {
        state != State::NoSchedule
            && last_reported
                .unwrap_or(cx.since)
                .checked_add_months(chrono::Months::new(months))
                .is_some_and(|due| cx.as_of > due)
    });
    ItemStanding {
        id: item.id.value,
        number: item.number.as_ref().map(|n| n.value.clone()),
        title: item.title.value.clone(),
        themes: item.themes.iter().map(|t| t.value).collect(),
        owners: strings(&item.owners),
        related_owners: strings(&item.related_owners),
        only_owner: None,
        hidden_milestones: 0,
        state,
        last_reported,
        stale,
        milestones_total: counted,
        milestones_done: done,
        percent_done: percent(done, counted),
        delayed: count(State::Delayed),
        past_due: count(State::PastDue),
        changes: milestones.iter().map(|m| m.changes).sum(),
        continues: item.continues.as_ref().map(|c| c.value),
        next,
        indicators: item
            .indicators
            .iter()
            .map(|i| indicator_standing(item, i, cx))
            .collect(),
        milestones,
    }
}

fn indicator_standing(item: &Item, i: &Indicator, cx: &Cx) -> IndicatorStanding {
    let strings = |list: &[crate::model::Sp<String>]| -> Vec<String> {
        list.iter().map(|x| x.value.clone()).collect()
    };
    let series: Vec<SeriesStanding> = i
        .series
        .iter()
        .map(|s| {
            let (attainment, basis) = attainment::of_series(s, cx.as_of, cx.current);
            SeriesStanding {
                id: s.id.value.clone(),
                name: s.name.value.clone(),
                unit: s.unit.as_ref().map(|u| u.value.clone()),
                target_text: s.target_text.as_ref().map(|t| t.value.clone()),
                relative: s.relative,
                direction: s.relative.then_some(s.direction.value),
                since: s.since.as_ref().map(|f| f.value),
                attainment,
                basis,
            }
        })
        .collect();
    let classes: Vec<Attainment> = series.iter().map(|s| s.attainment).collect();
    let closed_until = cx.current.saturating_sub(1).min(cx.last_fy);
    // A series that starts later (`since`) misses nothing before it, and its baseline's FY has
    // a value: the baseline.
    let missing_closed_fys = (cx.first_fy..=closed_until)
        .filter(|y| {
            i.series.iter().any(|s| {
                s.since.as_ref().is_none_or(|f| f.value <= *y)
                    && s.baseline.as_ref().is_none_or(|b| b.fy.value != *y)
                    && s.value_on(*y, cx.as_of).is_none()
            })
        })
        .collect();
    IndicatorStanding {
        id: i.id.value.clone(),
        name: i.name.value.clone(),
        kind: i.kind.value,
        layer: i.layer.as_ref().map(|l| l.value),
        measured: i.measured.as_ref().map(|m| m.value.clone()),
        owners: if i.owners.is_empty() {
            strings(&item.owners)
        } else {
            strings(&i.owners)
        },
        related_owners: strings(&i.related_owners),
        attainment: attainment::of_indicator(i, &classes),
        last_actual_fy: i
            .series
            .iter()
            .flat_map(|s| s.values.iter())
            .filter(|v| v.known_on(cx.as_of))
            .map(|v| v.fy.value)
            .filter(|y| *y <= cx.current)
            .max(),
        missing_closed_fys,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, ItemId, Sp};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// Roll-ups count by `state as usize`: the states' order in `ALL` is their declared order.
    #[test]
    fn states_are_listed_in_their_declared_order() {
        for (n, state) in State::ALL.iter().enumerate() {
            assert_eq!(*state as usize, n, "{state:?}");
        }
    }

    fn ms(from: Fy, to: Fy) -> Milestone {
        Milestone {
            from: Sp::bare(from),
            to: Sp::bare(to),
            ..Milestone::default()
        }
    }

    fn report(on: NaiveDate, status: Option<Reported>, fy: Option<Fy>) -> Report {
        Report {
            on: Sp::bare(on),
            status: status.map(Sp::bare),
            fy: fy.map(Sp::bare),
            ..Report::default()
        }
    }

    fn state_on(m: &Milestone, date: NaiveDate) -> State {
        milestone_state(m, date, FyStart::default()).0
    }

    #[test]
    fn nothing_reported_is_never_delayed_only_past_due() {
        let m = ms(2022, 2022);
        assert_eq!(state_on(&m, d(2023, 3, 31)), State::DueThisFy);
        assert_eq!(state_on(&m, d(2023, 4, 1)), State::PastDue);
        assert_eq!(state_on(&m, d(2030, 1, 1)), State::PastDue);
    }

    #[test]
    fn derived_states_follow_the_calendar_at_fy_boundaries() {
        let m = ms(2023, 2024);
        assert_eq!(state_on(&m, d(2023, 3, 31)), State::Upcoming);
        assert_eq!(state_on(&m, d(2023, 4, 1)), State::Active);
        assert_eq!(state_on(&m, d(2024, 3, 31)), State::Active);
        assert_eq!(state_on(&m, d(2024, 4, 1)), State::DueThisFy);
        assert_eq!(state_on(&m, d(2025, 3, 31)), State::DueThisFy);
        assert_eq!(state_on(&m, d(2025, 4, 1)), State::PastDue);
    }

    #[test]
    fn reported_states_take_effect_on_their_date() {
        let mut m = ms(2022, 2023);
        m.reports = vec![
            report(d(2022, 6, 1), Some(Reported::InProgress), None),
            report(d(2023, 2, 15), Some(Reported::Done), None),
        ];
        assert_eq!(state_on(&m, d(2022, 5, 31)), State::Active);
        assert_eq!(state_on(&m, d(2022, 6, 1)), State::InProgress);
        assert_eq!(state_on(&m, d(2023, 2, 14)), State::InProgress);
        assert_eq!(state_on(&m, d(2023, 2, 15)), State::Done);
        // Started, and now in its last FY: due this FY wins.
        let mut due = ms(2022, 2022);
        due.reports = vec![report(d(2022, 6, 1), Some(Reported::InProgress), None)];
        assert_eq!(state_on(&due, d(2022, 7, 1)), State::DueThisFy);
        // Started early: in progress, not upcoming.
        let mut early = ms(2024, 2024);
        early.reports = vec![report(d(2023, 6, 1), Some(Reported::InProgress), None)];
        assert_eq!(state_on(&early, d(2023, 7, 1)), State::InProgress);
    }

    #[test]
    fn delay_and_drop_are_reported_not_derived() {
        let mut m = ms(2022, 2022);
        m.reports = vec![report(d(2023, 1, 10), Some(Reported::Delayed), None)];
        assert_eq!(state_on(&m, d(2023, 1, 9)), State::DueThisFy);
        assert_eq!(state_on(&m, d(2023, 1, 10)), State::Delayed);
        m.reports
            .push(report(d(2023, 9, 1), Some(Reported::Dropped), None));
        assert_eq!(state_on(&m, d(2023, 9, 1)), State::Dropped);
        // A note changes no state.
        let mut n = ms(2022, 2022);
        n.reports = vec![report(d(2022, 6, 1), None, None)];
        assert_eq!(state_on(&n, d(2022, 6, 2)), State::DueThisFy);
    }

    #[test]
    fn a_schedule_change_moves_the_current_plan_from_its_date() {
        let mut m = ms(2022, 2022);
        m.changes = vec![Change {
            on: Sp::bare(d(2023, 3, 1)),
            from: None,
            to: Some(Sp::bare(2023)),
            reason: Sp::bare("延長".into()),
            form: None,
            ..Change::default()
        }];
        assert_eq!(m.schedule_on(d(2023, 2, 28)), (2022, 2022));
        assert_eq!(m.schedule_on(d(2023, 3, 1)), (2022, 2023));
        assert_eq!(state_on(&m, d(2023, 4, 1)), State::DueThisFy);
        assert_eq!(state_on(&m, d(2024, 4, 1)), State::PastDue);
    }

    /// A change made once the deadline in force had passed unreported is said as such (derived):
    /// it took the milestone out of 期限超過, and the deadline it missed must still show. One made
    /// before the deadline, or after a completion or drop was reported, is not.
    #[test]
    fn a_change_after_the_deadline_passed_unreported_is_marked() {
        let change = |on: NaiveDate, to: Fy| Change {
            on: Sp::bare(on),
            to: Some(Sp::bare(to)),
            reason: Sp::bare("延長".into()),
            ..Change::default()
        };
        let start = FyStart::default();
        let mut m = ms(2022, 2022);
        m.changes = vec![change(d(2023, 3, 31), 2023), change(d(2024, 6, 1), 2025)];
        // The first is on the deadline's last day; the second after FY2023's end had passed.
        assert_eq!(
            m.changes_after_deadline(d(2025, 1, 1), start),
            [d(2024, 6, 1)]
        );
        // Only changes made by the day asked about.
        assert!(m.changes_after_deadline(d(2024, 5, 31), start).is_empty());
        // Reported done before the change: nothing was past due.
        m.reports = vec![report(d(2024, 5, 1), Some(Reported::Done), None)];
        assert!(m.changes_after_deadline(d(2025, 1, 1), start).is_empty());
        // A note is no completion.
        m.reports = vec![report(d(2024, 5, 1), None, None)];
        assert_eq!(
            m.changes_after_deadline(d(2025, 1, 1), start),
            [d(2024, 6, 1)]
        );
    }

    #[test]
    fn rounds_of_a_yearly_milestone() {
        let mut m = ms(2022, 2024);
        m.every_year = true;
        m.reports = vec![
            report(d(2023, 3, 1), Some(Reported::Done), Some(2022)),
            report(d(2024, 2, 1), Some(Reported::Done), Some(2023)),
        ];
        let (state, rounds) = milestone_state(&m, d(2024, 6, 1), FyStart::default());
        let rounds = rounds.expect("rounds");
        let states: Vec<State> = rounds.iter().map(|r| r.state).collect();
        assert_eq!(states, [State::Done, State::Done, State::DueThisFy]);
        assert_eq!(state, State::DueThisFy);
        // Before FY2023's completion was reported, its round was open and FY2022 done.
        let (state, _) = milestone_state(&m, d(2023, 6, 1), FyStart::default());
        assert_eq!(state, State::DueThisFy);
        // A round that passed unreported.
        let (state, rounds) = milestone_state(&m, d(2025, 6, 1), FyStart::default());
        assert_eq!(state, State::PastDue);
        assert_eq!(rounds.expect("rounds")[2].state, State::PastDue);
        // Done when every round is.
        m.reports
            .push(report(d(2025, 3, 1), Some(Reported::Done), Some(2024)));
        assert_eq!(state_on(&m, d(2025, 6, 1)), State::Done);
        // This FY's round done early, the next still to come: running (derived), not "not
        // begun", and not 実施中, which nobody reported.
        let mut early = ms(2022, 2024);
        early.every_year = true;
        early.reports = vec![
            report(d(2023, 3, 1), Some(Reported::Done), Some(2022)),
            report(d(2024, 2, 1), Some(Reported::Done), Some(2023)),
        ];
        assert_eq!(state_on(&early, d(2024, 3, 31)), State::Active);
        // Nothing done yet and nothing begun: not begun.
        let mut later = ms(2024, 2025);
        later.every_year = true;
        assert_eq!(state_on(&later, d(2024, 3, 31)), State::Upcoming);
    }

    #[test]
    fn every_state_of_the_table() {
        // One milestone per row of docs/status.md's table, as of 2023-10-01 (FY2023).
        let day = d(2023, 10, 1);
        let with = |from, to, status: Option<Reported>| {
            let mut m = ms(from, to);
            if let Some(s) = status {
                m.reports = vec![report(d(2023, 6, 30), Some(s), None)];
            }
            m
        };
        let cases = [
            (with(2022, 2023, Some(Reported::Done)), State::Done),
            (with(2022, 2023, Some(Reported::Dropped)), State::Dropped),
            (with(2022, 2023, Some(Reported::Delayed)), State::Delayed),
            (with(2022, 2022, None), State::PastDue),
            (with(2022, 2023, None), State::DueThisFy),
            (
                with(2023, 2024, Some(Reported::InProgress)),
                State::InProgress,
            ),
            (with(2023, 2024, None), State::Active),
            (with(2024, 2024, None), State::Upcoming),
        ];
        for (m, want) in cases {
            assert_eq!(state_on(&m, day), want, "{}–{}", m.from.value, m.to.value);
        }
        // 工程未公表 is an item's state: no published table, so no milestones.
        assert_eq!(combine([]), None);
    }

    #[test]
    fn an_item_takes_the_state_that_needs_attention_most() {
        use State as S;
        let c = |s: &[State]| combine(s.iter().copied());
        assert_eq!(c(&[S::Done, S::PastDue, S::Delayed]), Some(S::Delayed));
        assert_eq!(c(&[S::Done, S::PastDue, S::DueThisFy]), Some(S::PastDue));
        assert_eq!(c(&[S::InProgress, S::Active]), Some(S::Active));
        assert_eq!(c(&[S::InProgress, S::Upcoming]), Some(S::InProgress));
        assert_eq!(c(&[S::Done, S::Upcoming]), Some(S::Upcoming));
        assert_eq!(c(&[S::Done, S::Dropped]), Some(S::Done));
        assert_eq!(c(&[S::Dropped, S::Dropped]), Some(S::Dropped));
        assert_eq!(c(&[]), None);
        assert!(S::PastDue.is_derived() && !S::Delayed.is_derived());
    }

    /// The last day of a FY and the first of the next: 3/31 and 4/1.
    fn edge(fy: Fy) -> [NaiveDate; 2] {
        [d(fy + 1, 3, 31), d(fy + 1, 4, 1)]
    }

    fn reported(from: Fy, to: Fy, on: NaiveDate, status: Reported) -> Milestone {
        let mut m = ms(from, to);
        m.reports = vec![report(on, Some(status), None)];
        m
    }

    /// The state on 3/31 and on 4/1 of the FY after `fy`.
    fn across(m: &Milestone, fy: Fy) -> [State; 2] {
        edge(fy).map(|day| state_on(m, day))
    }

    #[test]
    fn in_progress_at_the_fy_boundary() {
        use State as S;
        // Started within its period: in progress until its last FY begins, then due this FY; past
        // due once that FY ends with no completion reported.
        let m = reported(2023, 2024, d(2023, 6, 1), Reported::InProgress);
        assert_eq!(across(&m, 2022), [S::Upcoming, S::Active]);
        assert_eq!(across(&m, 2023), [S::InProgress, S::DueThisFy]);
        assert_eq!(across(&m, 2024), [S::DueThisFy, S::PastDue]);
        // Started before its first FY: in progress (not "not begun"), then due this FY.
        let early = reported(2024, 2024, d(2024, 3, 15), Reported::InProgress);
        assert_eq!(across(&early, 2023), [S::InProgress, S::DueThisFy]);
        // A start reported on 4/1 is not known on 3/31.
        let late = reported(2023, 2024, d(2024, 4, 1), Reported::InProgress);
        assert_eq!(across(&late, 2023), [S::Active, S::DueThisFy]);
    }

    #[test]
    fn delayed_at_the_fy_boundary() {
        use State as S;
        // Reported late within its FY: delayed, and still delayed (not past due) once it ends.
        let m = reported(2023, 2023, d(2024, 3, 31), Reported::Delayed);
        assert_eq!(state_on(&m, d(2024, 3, 30)), S::DueThisFy);
        assert_eq!(across(&m, 2023), [S::Delayed, S::Delayed]);
        assert_eq!(across(&m, 2030), [S::Delayed, S::Delayed]);
        // Reported late on the first day after its FY: past due is never shown as delayed on its
        // own, and the report takes over from its date.
        let after = reported(2023, 2023, d(2024, 4, 1), Reported::Delayed);
        assert_eq!(across(&after, 2023), [S::DueThisFy, S::Delayed]);
        let later = reported(2023, 2023, d(2024, 4, 2), Reported::Delayed);
        assert_eq!(across(&later, 2023), [S::DueThisFy, S::PastDue]);
    }

    #[test]
    fn done_at_the_fy_boundary() {
        use State as S;
        // Done on the last day of its FY: done on both sides.
        let m = reported(2023, 2023, d(2024, 3, 31), Reported::Done);
        assert_eq!(across(&m, 2023), [S::Done, S::Done]);
        // Done reported on 4/1: due this FY the day before, done (never past due) from then.
        let late = reported(2023, 2023, d(2024, 4, 1), Reported::Done);
        assert_eq!(across(&late, 2023), [S::DueThisFy, S::Done]);
        // Done before its first FY.
        let early = reported(2024, 2025, d(2024, 3, 1), Reported::Done);
        assert_eq!(across(&early, 2023), [S::Done, S::Done]);
    }

    #[test]
    fn dropped_at_the_fy_boundary() {
        use State as S;
        let m = reported(2023, 2024, d(2024, 4, 1), Reported::Dropped);
        assert_eq!(across(&m, 2023), [S::Active, S::Dropped]);
        assert_eq!(across(&m, 2024), [S::Dropped, S::Dropped]);
        // Dropped on 3/31 of its last FY: never past due.
        let last = reported(2023, 2023, d(2024, 3, 31), Reported::Dropped);
        assert_eq!(across(&last, 2023), [S::Dropped, S::Dropped]);
    }

    /// The states of a 毎年度 milestone's rounds, and its own, on a day.
    fn rounds_on(m: &Milestone, day: NaiveDate) -> (Vec<State>, State) {
        let (state, rounds) = milestone_state(m, day, FyStart::default());
        let rounds = rounds.expect("a 毎年度 milestone has rounds");
        (rounds.iter().map(|r| r.state).collect(), state)
    }

    #[test]
    fn rounds_at_the_fy_boundary() {
        use State as S;
        let mut m = ms(2022, 2024);
        m.every_year = true;
        // Nothing reported: FY2022's round closes unreported (past due) and FY2023's opens.
        let [eve, first] = edge(2022);
        assert_eq!(
            rounds_on(&m, eve),
            (vec![S::DueThisFy, S::Upcoming, S::Upcoming], S::DueThisFy)
        );
        assert_eq!(
            rounds_on(&m, first),
            (vec![S::PastDue, S::DueThisFy, S::Upcoming], S::PastDue)
        );
        // FY2022's round done: on 3/31 the rest is still to come (running, derived); on 4/1
        // FY2023's round is open.
        m.reports = vec![report(d(2023, 3, 20), Some(Reported::Done), Some(2022))];
        assert_eq!(
            rounds_on(&m, eve),
            (vec![S::Done, S::Upcoming, S::Upcoming], S::Active)
        );
        assert_eq!(
            rounds_on(&m, first),
            (vec![S::Done, S::DueThisFy, S::Upcoming], S::DueThisFy)
        );
        // The old round reported done on 4/1: due the day before, done from then.
        m.reports = vec![report(d(2023, 4, 1), Some(Reported::Done), Some(2022))];
        assert_eq!(
            rounds_on(&m, eve),
            (vec![S::DueThisFy, S::Upcoming, S::Upcoming], S::DueThisFy)
        );
        assert_eq!(
            rounds_on(&m, first),
            (vec![S::Done, S::DueThisFy, S::Upcoming], S::DueThisFy)
        );
        // The last round: past the plan's end it closes, and the milestone is past due; done
        // when every round is.
        m.reports = vec![
            report(d(2023, 3, 20), Some(Reported::Done), Some(2022)),
            report(d(2024, 3, 20), Some(Reported::Done), Some(2023)),
        ];
        let [eve, after] = edge(2024);
        assert_eq!(
            rounds_on(&m, eve),
            (vec![S::Done, S::Done, S::DueThisFy], S::DueThisFy)
        );
        assert_eq!(
            rounds_on(&m, after),
            (vec![S::Done, S::Done, S::PastDue], S::PastDue)
        );
        m.reports
            .push(report(d(2025, 3, 31), Some(Reported::Done), Some(2024)));
        assert_eq!(
            rounds_on(&m, after),
            (vec![S::Done, S::Done, S::Done], S::Done)
        );
    }

    /// An item of these milestones and schedule, as `compute` stands it on a day.
    fn item_on(milestones: Vec<Milestone>, schedule: Schedule, day: NaiveDate) -> ItemStanding {
        let item = Item {
            id: Sp::bare(ItemId::parse_path("1-1-1").expect("an id")),
            schedule: Sp::bare(schedule),
            milestones,
            ..Item::default()
        };
        let roadmap = Roadmap {
            items: vec![item],
            ..Roadmap::default()
        };
        let mut standing = compute(&roadmap, day, &Filter::default());
        standing.items.remove(0)
    }

    /// A 毎年度 milestone is next by its next round, not by its last FY, and a round past due is
    /// not next (docs/status.md): the FY2022 round past due, FY2023 done, the next is FY2024's.
    #[test]
    fn the_next_deadline_of_a_yearly_milestone_is_its_next_round() {
        let mut yearly = ms(2022, 2026);
        yearly.id = Sp::bare("yearly".into());
        yearly.every_year = true;
        yearly.reports = vec![report(d(2024, 3, 1), Some(Reported::Done), Some(2023))];
        let mut later = ms(2025, 2025);
        later.id = Sp::bare("later".into());
        let item = item_on(vec![yearly, later], Schedule::Published, d(2024, 6, 1));
        let next = item.next.expect("a next deadline");
        assert_eq!(
            (next.id.as_str(), next.to, next.deadline, next.state),
            ("yearly", 2024, d(2025, 3, 31), State::DueThisFy)
        );
    }

    #[test]
    fn an_item_without_a_published_schedule_is_no_schedule() {
        let day = d(2023, 10, 1);
        // Marked unpublished: no_schedule, whatever milestones it has.
        let none = item_on(Vec::new(), Schedule::NotPublished, day);
        assert_eq!(none.state, State::NoSchedule);
        assert_eq!((none.milestones_total, none.percent_done), (0, None));
        let marked = item_on(vec![ms(2023, 2023)], Schedule::NotPublished, day);
        assert_eq!(marked.state, State::NoSchedule);
        // Published but with no milestone: nothing to stand on either.
        assert_eq!(
            item_on(Vec::new(), Schedule::Published, day).state,
            State::NoSchedule
        );
        // Published with a milestone: the milestone's state.
        assert_eq!(
            item_on(vec![ms(2023, 2023)], Schedule::Published, day).state,
            State::DueThisFy
        );
        // And never stale: there is nothing to report on.
        let roadmap = Roadmap {
            plan: Plan {
                report_every_months: Some(Sp::bare(3)),
                ..Plan::default()
            },
            items: vec![Item {
                schedule: Sp::bare(Schedule::NotPublished),
                ..Item::default()
            }],
        };
        let standing = compute(&roadmap, d(2030, 1, 1), &Filter::default());
        assert!(!standing.items[0].stale);
        assert_eq!(standing.totals.count(State::NoSchedule), 1);
    }

    #[test]
    fn every_item_state_of_the_table_across_a_fy_boundary() {
        use State as S;
        let published = |ms: Vec<Milestone>, fy| {
            edge(fy).map(|day| item_on(ms.clone(), Schedule::Published, day).state)
        };
        let done = reported(2022, 2022, d(2023, 1, 10), Reported::Done);
        let dropped = reported(2022, 2023, d(2023, 1, 10), Reported::Dropped);
        // One row each, read at FY2022's end and FY2023's start.
        let rows: [(Vec<Milestone>, [State; 2]); 8] = [
            // delayed beats a milestone that passes unreported at the same moment.
            (
                vec![
                    reported(2022, 2022, d(2023, 1, 10), Reported::Delayed),
                    ms(2022, 2022),
                ],
                [S::Delayed, S::Delayed],
            ),
            // past_due beats due this FY.
            (
                vec![ms(2022, 2022), ms(2023, 2023)],
                [S::DueThisFy, S::PastDue],
            ),
            // due_this_fy beats active.
            (
                vec![ms(2022, 2023), ms(2022, 2024)],
                [S::Active, S::DueThisFy],
            ),
            // active beats in_progress.
            (
                vec![
                    ms(2022, 2024),
                    reported(2022, 2024, d(2022, 6, 1), Reported::InProgress),
                ],
                [S::Active, S::Active],
            ),
            // in_progress beats upcoming.
            (
                vec![
                    reported(2022, 2024, d(2022, 6, 1), Reported::InProgress),
                    ms(2024, 2024),
                ],
                [S::InProgress, S::InProgress],
            ),
            // upcoming: what remains has not begun, though one is done.
            (vec![done.clone(), ms(2023, 2024)], [S::Upcoming, S::Active]),
            // done: every counted milestone done (a dropped one is not counted).
            (vec![done.clone(), dropped.clone()], [S::Done, S::Done]),
            // dropped: every milestone dropped.
            (vec![dropped.clone(), dropped], [S::Dropped, S::Dropped]),
        ];
        for (k, (milestones, want)) in rows.into_iter().enumerate() {
            assert_eq!(published(milestones, 2022), want, "row {}", k + 1);
        }
    }
}
