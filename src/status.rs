//! Where the roadmap stands on a given day: each milestone's and item's state, roll-ups per
//! 大項目, 中項目 and cross-cutting theme, the next milestone due, and indicator freshness.
//!
//! This is the one copy of the rules (docs/status.md); `status` and `report` render its result.
//! Pure: the as-of date is an input.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::fy;
use crate::model::{Fy, Item, ItemId, Milestone, Roadmap, Schedule, Status};

/// A milestone's state on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Recorded done.
    Done,
    /// Recorded dropped; left out of the counts.
    Dropped,
    /// Not done and its last FY has ended (or its due date has passed, or it is recorded delayed).
    Overdue,
    /// Not done, and its last FY is the current one.
    Due,
    /// Running: started, ends in a later FY.
    Active,
    /// Its first FY has not begun.
    Upcoming,
}

/// An item's state on the as-of date, derived from its milestones (docs/status.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Overdue,
    DueThisFy,
    OnTrack,
    NotStarted,
    Done,
    Dropped,
    NoSchedule,
}

impl ItemState {
    pub const ALL: [ItemState; 7] = [
        ItemState::Overdue,
        ItemState::DueThisFy,
        ItemState::OnTrack,
        ItemState::NotStarted,
        ItemState::Done,
        ItemState::Dropped,
        ItemState::NoSchedule,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Overdue => "overdue",
            ItemState::DueThisFy => "due_this_fy",
            ItemState::OnTrack => "on_track",
            ItemState::NotStarted => "not_started",
            ItemState::Done => "done",
            ItemState::Dropped => "dropped",
            ItemState::NoSchedule => "no_schedule",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// The state of one milestone on a day.
pub fn milestone_state(m: &Milestone, as_of: NaiveDate, current: Fy) -> MilestoneState {
    // Done after the as-of date means not yet done on it: status can look back in time.
    let done_by_then = m.done_on.as_ref().is_none_or(|d| d.value <= as_of);
    match m.status.value {
        Status::Done if done_by_then => return MilestoneState::Done,
        Status::Done => {}
        Status::Dropped => return MilestoneState::Dropped,
        Status::Delayed => return MilestoneState::Overdue,
        Status::Planned | Status::InProgress => {}
    }
    let past_due = m.due.as_ref().is_some_and(|d| d.value < as_of);
    if m.to.value < current || past_due {
        MilestoneState::Overdue
    } else if m.from.value > current && m.status.value != Status::InProgress {
        MilestoneState::Upcoming
    } else if m.to.value == current {
        MilestoneState::Due
    } else {
        MilestoneState::Active
    }
}

/// The state of an item from its milestones' states (worst first).
pub fn item_state(schedule: Schedule, states: &[MilestoneState]) -> ItemState {
    let live: Vec<_> = states
        .iter()
        .filter(|s| **s != MilestoneState::Dropped)
        .collect();
    let any = |s| live.iter().any(|x| **x == s);
    if schedule == Schedule::NotPublished || states.is_empty() {
        ItemState::NoSchedule
    } else if live.is_empty() {
        ItemState::Dropped
    } else if live.iter().all(|s| **s == MilestoneState::Done) {
        ItemState::Done
    } else if any(MilestoneState::Overdue) {
        ItemState::Overdue
    } else if any(MilestoneState::Due) {
        ItemState::DueThisFy
    } else if any(MilestoneState::Active) || any(MilestoneState::Done) {
        ItemState::OnTrack
    } else {
        ItemState::NotStarted
    }
}

/// What to show: the items that pass every given filter (all when none is given).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// 大項目 number, or 大項目-中項目 (`2` or `2-3`).
    pub category: Option<(u32, Option<u32>)>,
    pub theme: Option<u32>,
    pub states: Vec<ItemState>,
    pub owner: Option<String>,
    /// Case-insensitive text in the item's id, title, notes, milestones or indicators.
    pub text: Option<String>,
}

impl Filter {
    fn keeps(&self, item: &Item, state: ItemState) -> bool {
        let id = item.id.value;
        self.category
            .is_none_or(|(c, s)| c == id.category && s.is_none_or(|s| s == id.subcategory))
            && self
                .theme
                .is_none_or(|t| item.themes.iter().any(|x| x.value == t))
            && (self.states.is_empty() || self.states.contains(&state))
            && self
                .owner
                .as_ref()
                .is_none_or(|o| item.owners.iter().any(|x| x.value.contains(o.as_str())))
            && self
                .text
                .as_ref()
                .is_none_or(|t| mentions(item, &t.to_lowercase()))
    }
}

fn mentions(item: &Item, needle: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&item.id.value.to_string())
        || has(&item.title)
        || item.notes.iter().any(|n| has(n))
        || item
            .milestones
            .iter()
            .any(|m| has(&m.text) || m.track.as_ref().is_some_and(|t| has(t)))
        || item.indicators.iter().any(|i| has(&i.name))
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
    pub items: Vec<ItemStanding>,
    pub totals: Rollup,
    pub categories: Vec<CategoryRollup>,
    pub themes: Vec<ThemeRollup>,
}

impl Standing {
    /// The items of one 中項目, in order.
    pub fn items_in(&self, category: u32, subcategory: u32) -> Vec<&ItemStanding> {
        self.items
            .iter()
            .filter(|i| i.id.category == category && i.id.subcategory == subcategory)
            .collect()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemStanding {
    pub id: ItemId,
    pub title: String,
    pub themes: Vec<u32>,
    pub state: ItemState,
    /// Milestones counted (dropped ones are not).
    pub milestones_total: usize,
    pub milestones_done: usize,
    /// Share of counted milestones done, 0–100 (one decimal); `None` when none are counted.
    pub percent_done: Option<f64>,
    pub overdue: usize,
    /// Each milestone's state, in file order.
    pub milestones: Vec<MilestoneStanding>,
    /// The open milestone with the earliest deadline.
    pub next: Option<NextMilestone>,
    pub indicators: Vec<IndicatorFreshness>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneStanding {
    pub id: String,
    pub state: MilestoneState,
}

#[derive(Clone, Debug, Serialize)]
pub struct NextMilestone {
    pub id: String,
    pub text: String,
    /// The last FY of the milestone: it is due by the end of it.
    pub to: Fy,
    pub due: Option<NaiveDate>,
    pub state: MilestoneState,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorFreshness {
    pub id: String,
    pub name: String,
    /// The last FY with an actual value; `None`: no data at all.
    pub last_actual_fy: Option<Fy>,
    /// Closed FYs of the plan (ended before the as-of date) with no actual value.
    pub missing_closed_fys: Vec<Fy>,
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
    pub milestones_total: usize,
    pub milestones_done: usize,
    /// Share of counted milestones done, 0–100; `None` when there are none.
    pub percent_done: Option<f64>,
    pub overdue_milestones: usize,
}

impl Rollup {
    fn of<'a>(items: impl IntoIterator<Item = &'a ItemStanding>) -> Self {
        let mut r = Rollup {
            by_state: ItemState::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
            ..Rollup::default()
        };
        for item in items {
            r.items += 1;
            *r.by_state.entry(item.state.as_str()).or_default() += 1;
            r.milestones_total += item.milestones_total;
            r.milestones_done += item.milestones_done;
            r.overdue_milestones += item.overdue;
        }
        r.percent_done = percent(r.milestones_done, r.milestones_total);
        r
    }

    pub fn count(&self, state: ItemState) -> usize {
        self.by_state.get(state.as_str()).copied().unwrap_or(0)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct CategoryRollup {
    pub number: u32,
    pub title: String,
    pub rollup: Rollup,
    pub subcategories: Vec<SubcategoryRollup>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SubcategoryRollup {
    pub number: u32,
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
pub fn compute(roadmap: &Roadmap, as_of: NaiveDate, filter: &Filter) -> Standing {
    let plan = &roadmap.plan;
    let calendar = plan.fiscal_year_start;
    let current = calendar.fy_of(as_of);
    let items: Vec<ItemStanding> = roadmap
        .items
        .iter()
        .map(|item| {
            item_standing(
                item,
                as_of,
                current,
                plan.period.first_fy.value,
                plan.period.last_fy.value,
            )
        })
        .zip(&roadmap.items)
        .filter(|(standing, item)| filter.keeps(item, standing.state))
        .map(|(standing, _)| standing)
        .collect();
    let in_category = |c: u32, s: Option<u32>| {
        items
            .iter()
            .filter(move |i| i.id.category == c && s.is_none_or(|s| s == i.id.subcategory))
    };
    let categories = plan
        .categories
        .iter()
        .map(|c| CategoryRollup {
            number: c.number.value,
            title: c.title.value.clone(),
            rollup: Rollup::of(in_category(c.number.value, None)),
            subcategories: c
                .subcategories
                .iter()
                .map(|s| SubcategoryRollup {
                    number: s.number.value,
                    title: s.title.value.clone(),
                    rollup: Rollup::of(in_category(c.number.value, Some(s.number.value))),
                })
                .collect(),
        })
        .collect();
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
        totals: Rollup::of(&items),
        items,
        categories,
        themes,
    }
}

fn item_standing(
    item: &Item,
    as_of: NaiveDate,
    current: Fy,
    first_fy: Fy,
    last_fy: Fy,
) -> ItemStanding {
    let states: Vec<_> = item
        .milestones
        .iter()
        .map(|m| milestone_state(m, as_of, current))
        .collect();
    let counted = states
        .iter()
        .filter(|s| **s != MilestoneState::Dropped)
        .count();
    let done = states
        .iter()
        .filter(|s| **s == MilestoneState::Done)
        .count();
    let overdue = states
        .iter()
        .filter(|s| **s == MilestoneState::Overdue)
        .count();
    let next = item
        .milestones
        .iter()
        .zip(&states)
        .filter(|(_, s)| !matches!(s, MilestoneState::Done | MilestoneState::Dropped))
        .min_by_key(|(m, _)| (m.to.value, m.due.as_ref().map(|d| d.value), m.from.value))
        .map(|(m, s)| NextMilestone {
            id: m.id.value.clone(),
            text: m.text.value.clone(),
            to: m.to.value,
            due: m.due.as_ref().map(|d| d.value),
            state: *s,
        });
    let closed_until = (current - 1).min(last_fy);
    let indicators = item
        .indicators
        .iter()
        .map(|i| IndicatorFreshness {
            id: i.id.value.clone(),
            name: i.name.value.clone(),
            last_actual_fy: i.actuals.keys().next_back().copied(),
            missing_closed_fys: (first_fy..=closed_until)
                .filter(|y| !i.actuals.contains_key(y))
                .collect(),
        })
        .collect();
    ItemStanding {
        id: item.id.value,
        title: item.title.value.clone(),
        themes: item.themes.iter().map(|t| t.value).collect(),
        state: item_state(item.schedule.value, &states),
        milestones_total: counted,
        milestones_done: done,
        percent_done: percent(done, counted),
        overdue,
        milestones: item
            .milestones
            .iter()
            .zip(&states)
            .map(|(m, s)| MilestoneStanding {
                id: m.id.value.clone(),
                state: *s,
            })
            .collect(),
        next,
        indicators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FyStart, Sp};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn ms(from: Fy, to: Fy, status: Status) -> Milestone {
        Milestone {
            from: Sp::bare(from),
            to: Sp::bare(to),
            status: Sp::bare(status),
            ..Milestone::default()
        }
    }

    fn state_on(m: &Milestone, date: NaiveDate) -> MilestoneState {
        milestone_state(m, date, FyStart::default().fy_of(date))
    }

    #[test]
    fn overdue_starts_the_day_after_the_last_fy_ends() {
        let m = ms(2022, 2022, Status::Planned);
        assert_eq!(state_on(&m, d(2023, 3, 31)), MilestoneState::Due);
        assert_eq!(state_on(&m, d(2023, 4, 1)), MilestoneState::Overdue);
    }

    #[test]
    fn upcoming_until_the_first_fy_begins() {
        let m = ms(2023, 2024, Status::Planned);
        assert_eq!(state_on(&m, d(2023, 3, 31)), MilestoneState::Upcoming);
        assert_eq!(state_on(&m, d(2023, 4, 1)), MilestoneState::Active);
        assert_eq!(state_on(&m, d(2024, 4, 1)), MilestoneState::Due);
        assert_eq!(state_on(&m, d(2025, 3, 31)), MilestoneState::Due);
        assert_eq!(state_on(&m, d(2025, 4, 1)), MilestoneState::Overdue);
    }

    #[test]
    fn recorded_status_wins_over_dates() {
        let date = d(2026, 1, 1);
        assert_eq!(
            state_on(&ms(2022, 2022, Status::Done), date),
            MilestoneState::Done
        );
        assert_eq!(
            state_on(&ms(2022, 2022, Status::Dropped), date),
            MilestoneState::Dropped
        );
        assert_eq!(
            state_on(&ms(2030, 2030, Status::Delayed), date),
            MilestoneState::Overdue
        );
        assert_eq!(
            state_on(&ms(2030, 2030, Status::InProgress), date),
            MilestoneState::Active
        );
    }

    #[test]
    fn done_after_the_as_of_date_is_not_done_yet() {
        let mut m = ms(2022, 2022, Status::Done);
        m.done_on = Some(Sp::bare(d(2023, 2, 15)));
        assert_eq!(state_on(&m, d(2023, 2, 14)), MilestoneState::Due);
        assert_eq!(state_on(&m, d(2023, 2, 15)), MilestoneState::Done);
    }

    #[test]
    fn a_passed_due_date_is_overdue_within_the_fy() {
        let mut m = ms(2023, 2023, Status::Planned);
        m.due = Some(Sp::bare(d(2023, 9, 30)));
        assert_eq!(state_on(&m, d(2023, 9, 30)), MilestoneState::Due);
        assert_eq!(state_on(&m, d(2023, 10, 1)), MilestoneState::Overdue);
    }

    #[test]
    fn item_state_takes_the_worst_milestone() {
        use MilestoneState as M;
        let published = Schedule::Published;
        assert_eq!(
            item_state(published, &[M::Done, M::Overdue, M::Due]),
            ItemState::Overdue
        );
        assert_eq!(
            item_state(published, &[M::Done, M::Due, M::Active]),
            ItemState::DueThisFy
        );
        assert_eq!(
            item_state(published, &[M::Done, M::Upcoming]),
            ItemState::OnTrack
        );
        assert_eq!(
            item_state(published, &[M::Upcoming, M::Upcoming]),
            ItemState::NotStarted
        );
        assert_eq!(
            item_state(published, &[M::Done, M::Dropped]),
            ItemState::Done
        );
        assert_eq!(item_state(published, &[M::Dropped]), ItemState::Dropped);
        assert_eq!(item_state(published, &[]), ItemState::NoSchedule);
        assert_eq!(
            item_state(Schedule::NotPublished, &[]),
            ItemState::NoSchedule
        );
    }
}
