//! The progress report as data, independent of any output format: the FY columns, the roadmap
//! table in the source's own layout (items × FY columns, each milestone in the cells it spans),
//! and the lists (overdue milestones, items with no published schedule, indicators missing data).
//!
//! Pure: built from a [`Roadmap`] and its [`Standing`] (the one status computation); states are
//! taken from the standing, never derived here. The report borrows the model rather than copying
//! its fields, so a new field of the files needs no edit here. `render::report` turns this into
//! tables of typed cells, which every format writes.
//!
//! [`Roadmap`]: crate::model::Roadmap
//! [`Standing`]: crate::status::Standing

use std::collections::HashMap;

use chrono::NaiveDate;

use chrono::Datelike as _;

use crate::model::{
    Fy, FyStart, Indicator, Item, ItemId, Milestone, Plan, Roadmap, Schedule, Series, Sp, Val,
};
use crate::status::{
    IndicatorStanding, ItemStanding, MilestoneStanding, SeriesStanding, Standing, State,
};

/// A column of the roadmap table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Column<'a> {
    /// One fiscal year of the plan period.
    Fy(Fy),
    /// Every FY after the plan's last one (以降).
    After,
    /// A column the plan defines (`[[period.columns]]`): merged FYs, the "before" column, or a
    /// column with in-year parts (上期・下期).
    Defined(&'a crate::model::Column),
}

/// A named sub-period (集中改革期間) over the slots it covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhaseSpan<'a> {
    pub name: &'a str,
    pub from: Fy,
    pub to: Fy,
    pub first_slot: usize,
    pub last_slot: usize,
}

/// The roadmap table's columns, as every view draws them (`status <ID>`, the report's grid in
/// every format, the timelines): the plan's own columns when it defines them (merged, before the
/// plan, with in-year parts), else one per FY of the period and `以降`. A column with parts has one
/// slot per part; every other column has one. Milestones are placed in slots: a start at the first
/// part of its FY, an end at the part its point (`2025-H1`, `2025-Q3`, a month) falls in, a plain
/// FY end at the last part of that FY.
#[derive(Clone, Debug)]
pub struct Columns<'a> {
    pub list: Vec<Column<'a>>,
    /// The first slot of each column.
    starts: Vec<usize>,
    /// How many slots in all.
    pub slots: usize,
    pub phases: Vec<PhaseSpan<'a>>,
    calendar: FyStart,
    first: Fy,
    last: Fy,
}

impl<'a> Columns<'a> {
    /// The plan's columns; `after`: a milestone runs past the plan's last FY (a `以降` column when
    /// the plan defines none; a plan's own last column holds everything later).
    pub fn of(plan: &'a Plan, after: bool) -> Self {
        let p = &plan.period;
        let first = p.first_fy.value;
        let last = p.last_fy.value.max(first);
        let list: Vec<Column<'a>> = if p.columns.is_empty() {
            let mut list: Vec<Column<'a>> = (first..=last).map(Column::Fy).collect();
            if after {
                list.push(Column::After);
            }
            list
        } else {
            p.columns.iter().map(Column::Defined).collect()
        };
        let mut starts = Vec::with_capacity(list.len());
        let mut slots = 0;
        for c in &list {
            starts.push(slots);
            slots += Self::parts_of(*c).len().max(1);
        }
        let mut out = Self {
            list,
            starts,
            slots,
            phases: Vec::new(),
            calendar: plan.fiscal_year_start,
            first,
            last,
        };
        out.phases = p
            .phases
            .iter()
            .map(|ph| {
                let (from, to) = (ph.from.value, ph.to.value.max(ph.from.value));
                PhaseSpan {
                    name: &ph.name.value,
                    from,
                    to,
                    first_slot: out.start_slot(from),
                    last_slot: out.end_slot(to, None),
                }
            })
            .collect();
        out
    }

    fn parts_of(c: Column<'a>) -> &'a [Sp<String>] {
        match c {
            Column::Defined(d) if !d.before => &d.parts,
            _ => &[],
        }
    }

    /// The in-year parts of a column (empty: one slot).
    pub fn parts(&self, col: usize) -> &'a [Sp<String>] {
        self.list.get(col).map_or(&[], |c| Self::parts_of(*c))
    }

    /// Whether any column has parts (the header then has a second row).
    pub fn has_parts(&self) -> bool {
        (0..self.list.len()).any(|c| !self.parts(c).is_empty())
    }

    /// How many slots a column has.
    pub fn width(&self, col: usize) -> usize {
        self.parts(col).len().max(1)
    }

    /// The first slot of a column.
    pub fn first_slot(&self, col: usize) -> usize {
        self.starts.get(col).copied().unwrap_or(self.slots)
    }

    /// The column a slot belongs to, and its part (`None`: the column has no parts).
    pub fn slot(&self, slot: usize) -> (usize, Option<usize>) {
        let col = self
            .starts
            .partition_point(|s| *s <= slot)
            .saturating_sub(1);
        let part = (!self.parts(col).is_empty()).then(|| slot - self.first_slot(col));
        (col, part)
    }

    /// The FYs a column covers (`None`: open towards the past for the before column, towards the
    /// future for `以降`).
    pub fn fys(&self, col: usize) -> (Option<Fy>, Option<Fy>) {
        match self.list.get(col) {
            Some(Column::Fy(fy)) => (Some(*fy), Some(*fy)),
            Some(Column::After) => (Some(self.last.saturating_add(1)), None),
            Some(Column::Defined(d)) => (d.from.as_ref().map(|f| f.value), Some(d.to.value)),
            None => (None, None),
        }
    }

    /// The column a FY is drawn in: the one that covers it; before the first, the first (the
    /// before column, or where the table starts); in a gap, the next; past the last, the last.
    pub fn column_at(&self, fy: Fy) -> usize {
        let n = self.list.len();
        if self.list.iter().all(|c| !matches!(c, Column::Defined(_))) {
            return column_of(fy, self.first, self.last).min(n.saturating_sub(1));
        }
        let covers = |c: &Column<'_>| match c {
            Column::Defined(d) => d.covers(fy),
            _ => false,
        };
        if let Some(k) = self.list.iter().position(covers) {
            return k;
        }
        (0..n)
            .find(|k| self.fys(*k).0.is_some_and(|f| f > fy))
            .unwrap_or(n.saturating_sub(1))
    }

    /// The FYs of a column with parts, to divide among them: (first FY, how many, at least one
    /// even for a column that ends before it starts, an error the views are not shown for).
    fn part_years(&self, col: usize) -> (Fy, i64) {
        let (from, to) = self.fys(col);
        let to = to.unwrap_or(self.last);
        let from = from.unwrap_or(to);
        (from, (i64::from(to) - i64::from(from) + 1).max(1))
    }

    /// The slot a milestone starting in FY `fy` starts in.
    pub fn start_slot(&self, fy: Fy) -> usize {
        let col = self.column_at(fy);
        let n = self.parts(col).len() as i64;
        if n == 0 {
            return self.first_slot(col);
        }
        let (from, years) = self.part_years(col);
        let k = (i64::from(fy) - i64::from(from)).clamp(0, years - 1);
        self.first_slot(col) + usize::try_from(k * n / years).unwrap_or(0)
    }

    /// The slot a milestone ending in FY `fy` ends in: the part its point falls in (`2025-H1`:
    /// 上期), else the last part of that FY.
    pub fn end_slot(&self, fy: Fy, until: Option<crate::timing::Until>) -> usize {
        let col = self.column_at(fy);
        let n = self.parts(col).len() as i64;
        if n == 0 {
            return self.first_slot(col);
        }
        let (from, years) = self.part_years(col);
        let months_in_fy = i64::from(self.end_month(fy, until));
        let k = (i64::from(fy) - i64::from(from)).clamp(0, years - 1);
        let months = k * 12 + months_in_fy;
        let total = years * 12;
        let part = ((months * n + total - 1) / total - 1).clamp(0, n - 1);
        self.first_slot(col) + usize::try_from(part).unwrap_or(0)
    }

    /// How many months into FY `fy` an end reaches (1–12): the month its point (`until`) falls
    /// in when the point is in that FY, else the FY's end (12).
    pub fn end_month(&self, fy: Fy, until: Option<crate::timing::Until>) -> u32 {
        until.filter(|u| u.fy(self.calendar) == fy).map_or(12, |u| {
            let last = u.last_day(self.calendar);
            let start = self.calendar.start_of(fy);
            let m = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            u32::try_from((m(last) - m(start) + 1).clamp(1, 12)).unwrap_or(12)
        })
    }

    /// The slots a schedule covers: from its first FY to its end.
    pub fn span(&self, from: Fy, to: Fy, until: Option<crate::timing::Until>) -> (usize, usize) {
        let first = self.start_slot(from);
        (first, self.end_slot(to, until).max(first))
    }

    /// The phase over each slot, if any (the first phase that covers it).
    pub fn phase_at(&self, slot: usize) -> Option<&PhaseSpan<'a>> {
        self.phases
            .iter()
            .find(|p| p.first_slot <= slot && slot <= p.last_slot)
    }

    /// The phase band as runs of slots: (first slot, how many, the phase or none), covering every
    /// slot left to right.
    pub fn phase_runs(&self) -> Vec<(usize, usize, Option<&PhaseSpan<'a>>)> {
        let mut out: Vec<(usize, usize, Option<&PhaseSpan<'a>>)> = Vec::new();
        for slot in 0..self.slots {
            let here = self.phase_at(slot);
            match out.last_mut() {
                Some((_, n, p)) if p.map(|p| p.name) == here.map(|p| p.name) => *n += 1,
                _ => out.push((slot, 1, here)),
            }
        }
        out
    }
}

/// The whole report.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    pub roadmap: &'a Roadmap,
    pub standing: &'a Standing,
    /// The first day of the first FY and the last day of the last column (for timelines).
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The table's columns: the plan's own, else the FYs of the plan period, then `After` when
    /// the roadmap reaches past it.
    pub columns: Columns<'a>,
    /// Items grouped by 大項目 and 中項目, in plan order.
    pub groups: Vec<Group<'a>>,
    pub items: Vec<ItemReport<'a>>,
    /// (item, milestone) indexes of milestones reported late.
    pub delayed: Vec<(usize, usize)>,
    /// (item, milestone) indexes of milestones past due with no completion reported.
    pub past_due: Vec<(usize, usize)>,
    /// (item, milestone) indexes of milestones whose schedule changed (計画変更).
    pub rescheduled: Vec<(usize, usize)>,
    /// Indexes into `items` of the items with no published schedule.
    pub no_schedule: Vec<usize>,
    /// (item, indicator) indexes of indicators missing data for closed FYs.
    pub missing_data: Vec<(usize, usize)>,
    /// Whether the transcriber's notes (転記注) are shown (`--include-notes`); they are for the
    /// office, not the briefing.
    pub include_notes: bool,
    /// What changed since the last report (`--since`): the semantic diff from that revision.
    pub since: Option<Since<'a>>,
    /// The day the report was made (not the as-of day), and the data's revision (a commit).
    pub created: Option<NaiveDate>,
    pub revision: Option<String>,
    /// The owner the report is for (`--owner`): its items, or its milestones of others' items.
    pub owner: Option<String>,
}

/// The last report's revision, as the user named it, and what changed since.
#[derive(Clone, Debug)]
pub struct Since<'a> {
    pub label: String,
    pub diff: &'a crate::diff::Diff,
}

/// The items directly in one group (a 中項目, or a group of any depth), with the groups it sits
/// in from the top.
#[derive(Clone, Debug)]
pub struct Group<'a> {
    /// The group's path from the top down to it (大項目, 中項目; 区分 › 分野 › 個別事項 …).
    pub path: Vec<GroupHead<'a>>,
    /// Indexes into [`Report::items`].
    pub items: Vec<usize>,
}

/// One group of a path: its id (the path), the source's display number, its level's name (when
/// the plan names levels) and its title (empty when the plan does not define the group).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupHead<'a> {
    pub id: ItemId,
    pub number: Option<&'a str>,
    pub level: Option<&'a str>,
    pub title: &'a str,
}

/// One 小項目: the item, its standing, its table laid out, its milestones placed in columns.
#[derive(Clone, Debug)]
pub struct ItemReport<'a> {
    pub item: &'a Item,
    pub standing: &'a ItemStanding,
    /// The lines of the item's table, each covering every column.
    pub rows: Vec<GridRow>,
    pub milestones: Vec<MilestoneReport<'a>>,
    pub indicators: Vec<IndicatorReport<'a>>,
}

impl ItemReport<'_> {
    pub fn id(&self) -> ItemId {
        self.item.id.value
    }

    pub fn state(&self) -> State {
        self.standing.state
    }

    pub fn schedule_published(&self) -> bool {
        self.item.schedule.value == Schedule::Published
    }

    /// The fiscal years any of the item's indicators has a value (target or actual) for, sorted.
    pub fn indicator_fys(&self) -> Vec<Fy> {
        let mut fys: Vec<Fy> = self
            .indicators
            .iter()
            .flat_map(|i| i.fys.iter().copied())
            .collect();
        fys.sort_unstable();
        fys.dedup();
        fys
    }
}

/// One line of an item's table: cells left to right, covering all columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridRow {
    /// The source's row number the line belongs to, if the milestones on it name one.
    pub row: Option<u32>,
    pub cells: Vec<GridCell>,
}

/// A run of columns: a milestone's cell, or an empty cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridCell {
    // Held as u32 (12 bytes, not 32): a report holds a few for every line of every item. Where a
    // cell starts is the sum of the spans before it on its line.
    span: u32,
    milestone: Option<u32>,
}

impl GridCell {
    fn new(span: usize, milestone: Option<usize>) -> Self {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            span: small(span),
            milestone: milestone.map(small),
        }
    }

    /// How many columns it covers (≥ 1).
    pub fn span(&self) -> usize {
        self.span as usize
    }

    /// Index of the milestone; `None` for an empty cell.
    pub fn milestone(&self) -> Option<usize> {
        self.milestone.map(|n| n as usize)
    }
}

/// A milestone with its standing and the slots (see [`Columns`]) its current schedule occupies.
#[derive(Clone, Debug)]
pub struct MilestoneReport<'a> {
    pub milestone: &'a Milestone,
    pub standing: &'a MilestoneStanding,
    /// The state on the as-of date (from the standing).
    pub state: State,
    pub first_col: usize,
    pub last_col: usize,
    /// The schedule changes made by the as-of date, in date order: each is shown with its date
    /// and reason beside the plan it made (the published plan is evidence).
    pub changes: Vec<&'a crate::model::Change>,
}

/// An indicator with its standing and its series.
#[derive(Clone, Debug)]
pub struct IndicatorReport<'a> {
    pub indicator: &'a Indicator,
    pub standing: &'a IndicatorStanding,
    pub series: Vec<SeriesReport<'a>>,
    /// One slot per FY of the plan period, and any later FY that has a value.
    pub fys: Vec<Fy>,
    pub has_data: bool,
    pub missing_closed_fys: &'a [Fy],
}

/// A series with its standing and one value slot per FY of its indicator.
#[derive(Clone, Debug)]
pub struct SeriesReport<'a> {
    pub series: &'a Series,
    pub standing: &'a SeriesStanding,
    pub values: Vec<IndicatorValue<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndicatorValue<'a> {
    pub fy: Fy,
    pub target: Option<f64>,
    pub actual: Option<&'a Val>,
}

impl Report<'_> {
    pub fn first_fy(&self) -> Fy {
        self.standing.first_fy
    }

    pub fn last_fy(&self) -> Fy {
        self.standing.last_fy
    }
}

/// The column a fiscal year is drawn in: the plan's years, then one column for every later year.
pub fn column_of(fy: Fy, first: Fy, last: Fy) -> usize {
    let fy = fy.clamp(first, last.saturating_add(1));
    usize::try_from(i64::from(fy) - i64::from(first)).unwrap_or(0)
}

/// One item's report: its milestones placed in the columns and laid out in rows, its indicators'
/// values by FY.
fn item_report<'a>(
    item: &'a Item,
    st: &'a ItemStanding,
    columns: &Columns,
    (first_fy, last_fy): (Fy, Fy),
    as_of: NaiveDate,
) -> ItemReport<'a> {
    // The standing has one entry per milestone, in file order.
    let milestones: Vec<MilestoneReport> = item
        .milestones
        .iter()
        .zip(&st.milestones)
        .map(|(m, ms)| {
            let (first_col, last_col) = columns.span(ms.from, ms.to, ms.end.until);
            MilestoneReport {
                milestone: m,
                standing: ms,
                state: ms.state,
                first_col,
                last_col,
                changes: m.changes_on(as_of),
            }
        })
        .collect();
    let spans: Vec<Span> = milestones.iter().map(Span::of).collect();
    let rows = layout(&spans, columns.slots);
    let indicators = item
        .indicators
        .iter()
        .zip(&st.indicators)
        .map(|(ind, fresh)| {
            let mut fys: Vec<Fy> = (first_fy..=last_fy).collect();
            for s in &ind.series {
                fys.extend(s.targets.keys().copied());
                fys.extend(s.values.iter().map(|v| v.fy.value));
            }
            fys.sort_unstable();
            fys.dedup();
            let series = ind
                .series
                .iter()
                .zip(&fresh.series)
                .map(|(s, standing)| SeriesReport {
                    series: s,
                    standing,
                    values: fys
                        .iter()
                        .map(|fy| IndicatorValue {
                            fy: *fy,
                            target: s.targets.get(fy).map(|v| v.value),
                            actual: s.value_on(*fy, as_of).map(|v| &v.value.value),
                        })
                        .collect(),
                })
                .collect();
            IndicatorReport {
                indicator: ind,
                standing: fresh,
                has_data: ind
                    .series
                    .iter()
                    .any(|s| !s.targets.is_empty() || !s.values.is_empty()),
                missing_closed_fys: &fresh.missing_closed_fys,
                series,
                fys,
            }
        })
        .collect();
    ItemReport {
        item,
        standing: st,
        rows,
        milestones,
        indicators,
    }
}

/// Builds the report of the whole roadmap from its standing (computed without a filter).
pub fn build<'a>(roadmap: &'a Roadmap, standing: &'a Standing) -> Report<'a> {
    let plan = &roadmap.plan;
    let first_fy = plan.period.first_fy.value;
    let last_fy = plan.period.last_fy.value.max(first_fy);
    let reaches_after = plan.period.latest_fy.value > last_fy
        || roadmap
            .items
            .iter()
            .flat_map(|i| &i.milestones)
            .any(|m| m.to.value > last_fy);
    let columns = Columns::of(plan, reaches_after);
    let end_fy = if reaches_after {
        plan.period.latest_fy.value.max(last_fy.saturating_add(1))
    } else {
        last_fy
    };
    let calendar = plan.fiscal_year_start;
    // The standing holds one entry per item (no filter); find them by id, not by scanning.
    let standings: HashMap<ItemId, &ItemStanding> =
        standing.items.iter().map(|s| (s.id, s)).collect();

    let shown: Vec<(&Item, &ItemStanding)> = roadmap
        .items
        .iter()
        .filter_map(|item| Some((item, *standings.get(&item.id.value)?)))
        .collect();
    // Each item's report is its own: made on all cores (10,000 items took 25 ms on one).
    let items = crate::par::map(shown, |(item, st)| {
        item_report(item, st, &columns, (first_fy, last_fy), standing.as_of)
    });

    // Items are in id order: each run of items with the same parent is a group. The path names
    // every level above the items, from the plan (a group it does not define has no title).
    let mut groups: Vec<Group> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let parent = item.id().parent();
        match groups.last_mut() {
            Some(g) if g.path.last().map(|h| h.id) == Some(parent) => g.items.push(n),
            _ => {
                let path = item
                    .id()
                    .ancestors()
                    .map(|id| {
                        let found = plan.group(id);
                        GroupHead {
                            id,
                            number: found.and_then(|g| g.number),
                            level: plan.level(id.depth() - 1),
                            title: found.map_or("", |g| g.title),
                        }
                    })
                    .collect();
                groups.push(Group {
                    path,
                    items: vec![n],
                });
            }
        }
    }

    // A 再掲 shows its original's state: the lists name the original once, where it is recorded.
    let milestones_where = |keep: fn(&MilestoneReport) -> bool| -> Vec<(usize, usize)> {
        items
            .iter()
            .enumerate()
            .flat_map(|(n, i)| {
                i.milestones
                    .iter()
                    .enumerate()
                    .filter(move |(_, m)| m.milestone.restates.is_none() && keep(m))
                    .map(move |(k, _)| (n, k))
            })
            .collect()
    };
    let delayed = milestones_where(|m| m.state == State::Delayed);
    let past_due = milestones_where(|m| m.state == State::PastDue);
    let rescheduled = milestones_where(|m| m.standing.changes > 0);
    let no_schedule = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.state() == State::NoSchedule)
        .map(|(n, _)| n)
        .collect();
    let missing_data = items
        .iter()
        .enumerate()
        .flat_map(|(n, i)| {
            i.indicators
                .iter()
                .enumerate()
                .filter(|(_, ind)| !ind.missing_closed_fys.is_empty())
                .map(move |(k, _)| (n, k))
        })
        .collect();

    // A "before" column is drawn as the year before the plan's first.
    let start_fy = if plan.period.columns.iter().any(|c| c.before) {
        first_fy.saturating_sub(1)
    } else {
        first_fy
    };
    Report {
        roadmap,
        standing,
        period_start: calendar.start_of(start_fy),
        period_end: calendar.end_of(end_fy),
        columns,
        groups,
        items,
        delayed,
        past_due,
        rescheduled,
        no_schedule,
        missing_data,
        include_notes: false,
        since: None,
        created: None,
        revision: None,
        owner: None,
    }
}

/// What the layout needs of a milestone: its source row and the columns it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub row: Option<u32>,
    pub first_col: usize,
    pub last_col: usize,
}

impl Span {
    fn of(m: &MilestoneReport<'_>) -> Self {
        Self {
            row: m.milestone.row.as_ref().map(|r| r.value),
            first_col: m.first_col,
            last_col: m.last_col,
        }
    }
}

/// Lays milestones out in lines, as the source table does: those with the same `row` share a line
/// (in row order), those without one each take their own line after them; a milestone that would
/// overlap another on its line goes on a line of its own just below. `status <ID>` and every
/// report format draw an item's table from this one layout.
pub fn layout(milestones: &[Span], columns: usize) -> Vec<GridRow> {
    let mut order: Vec<usize> = (0..milestones.len()).collect();
    // Stable: file order within a row.
    order.sort_by_key(|&n| milestones[n].row.map_or((1, 0), |r| (0, r)));
    // Each line: its row key and the milestones on it.
    let mut lines: Vec<(Option<u32>, Vec<usize>)> = Vec::new();
    for n in order {
        let m = &milestones[n];
        let overlaps = |line: &Vec<usize>| {
            line.iter().any(|&o| {
                let other = &milestones[o];
                other.first_col <= m.last_col && m.first_col <= other.last_col
            })
        };
        let fits = m.row.and_then(|r| {
            lines
                .iter()
                .position(|(key, line)| *key == Some(r) && !overlaps(line))
        });
        match fits {
            Some(at) => lines[at].1.push(n),
            None => lines.push((m.row, vec![n])),
        }
    }
    lines
        .into_iter()
        .map(|(row, mut line)| {
            line.sort_by_key(|&n| milestones[n].first_col);
            // At most a gap before each milestone and one after the last: grown from nothing, a
            // line of one milestone held room for four cells.
            let mut cells = Vec::with_capacity(2 * line.len() + 1);
            let mut col = 0;
            for &n in &line {
                let m = &milestones[n];
                if m.first_col > col {
                    cells.push(GridCell::new(m.first_col - col, None));
                }
                cells.push(GridCell::new(m.last_col - m.first_col + 1, Some(n)));
                col = m.last_col + 1;
            }
            if col < columns {
                cells.push(GridCell::new(columns - col, None));
            }
            GridRow { row, cells }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(row: Option<u32>, first_col: usize, last_col: usize) -> Span {
        Span {
            row,
            first_col,
            last_col,
        }
    }

    /// Each cell's first column (the spans before it), span and milestone.
    fn cells(row: &GridRow) -> Vec<(usize, usize, Option<usize>)> {
        let mut start = 0;
        row.cells
            .iter()
            .map(|c| {
                start += c.span();
                (start - c.span(), c.span(), c.milestone())
            })
            .collect()
    }

    #[test]
    fn same_row_shares_a_line_and_gaps_are_filled() {
        let rows = layout(&[ms(Some(1), 0, 0), ms(Some(1), 2, 3), ms(None, 1, 2)], 4);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            cells(&rows[0]),
            vec![(0, 1, Some(0)), (1, 1, None), (2, 2, Some(1))]
        );
        assert_eq!(
            cells(&rows[1]),
            vec![(0, 1, None), (1, 2, Some(2)), (3, 1, None)]
        );
    }

    #[test]
    fn overlapping_cells_of_one_row_go_on_a_line_below() {
        let rows = layout(
            &[ms(Some(2), 0, 1), ms(Some(1), 0, 0), ms(Some(2), 1, 1)],
            3,
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(cells(&rows[0]), vec![(0, 1, Some(1)), (1, 2, None)]);
        assert_eq!(cells(&rows[1]), vec![(0, 2, Some(0)), (2, 1, None)]);
        assert_eq!(
            cells(&rows[2]),
            vec![(0, 1, None), (1, 1, Some(2)), (2, 1, None)]
        );
    }

    /// A plan of the columns ～2024, 2025 (上期・下期), 2026–2027 merged with four parts, 2028～.
    fn plan_with_columns() -> Plan {
        use crate::model::{Column as Col, Period, Phase};
        let s = |v: &str| Sp::bare(v.to_owned());
        let col = |label: &str, from: Option<Fy>, to: Fy, parts: &[&str]| Col {
            label: s(label),
            from: from.map(Sp::bare),
            to: Sp::bare(to),
            before: from.is_none(),
            parts: parts.iter().map(|p| s(p)).collect(),
        };
        Plan {
            period: Period {
                first_fy: Sp::bare(2025),
                last_fy: Sp::bare(2028),
                latest_fy: Sp::bare(2028),
                columns: vec![
                    col("～2024年度", None, 2024, &[]),
                    col("2025年度", Some(2025), 2025, &["上期", "下期"]),
                    col("2026・2027年度", Some(2026), 2027, &["1", "2", "3", "4"]),
                    col("2028年度～", Some(2028), 2028, &[]),
                ],
                phases: vec![Phase {
                    name: s("集中期間"),
                    from: Sp::bare(2025),
                    to: Sp::bare(2026),
                }],
            },
            ..Plan::default()
        }
    }

    #[test]
    fn plan_columns_place_fys_and_points_in_their_parts() {
        use crate::timing::Until;
        let plan = plan_with_columns();
        let c = Columns::of(&plan, true);
        // Slots: ～2024 | 2025 上期, 下期 | 2026–27 1, 2, 3, 4 | 2028～.
        assert_eq!(c.slots, 8);
        assert!(c.has_parts());
        assert_eq!(c.slot(2), (1, Some(1)));
        assert_eq!(c.slot(7), (3, None));
        // Before the plan: the before column; past the last: the last.
        assert_eq!(c.span(2013, 2013, None), (0, 0));
        assert_eq!(c.span(2030, 2031, None), (7, 7));
        // A plain FY: all its parts.
        assert_eq!(c.span(2025, 2025, None), (1, 2));
        // 上期 of two parts; Q2 and September are in it, Q3 and December in 下期.
        let h1 = Some(Until::Half(2025, 1));
        assert_eq!(c.span(2025, 2025, h1), (1, 1));
        assert_eq!(c.end_slot(2025, Some(Until::Quarter(2025, 2))), 1);
        assert_eq!(c.end_slot(2025, Some(Until::Month(2025, 9))), 1);
        assert_eq!(c.end_slot(2025, Some(Until::Quarter(2025, 3))), 2);
        assert_eq!(c.end_slot(2025, Some(Until::Month(2025, 12))), 2);
        // A merged column of two FYs in four parts: each FY has two.
        assert_eq!(c.span(2026, 2026, None), (3, 4));
        assert_eq!(c.span(2027, 2027, None), (5, 6));
        assert_eq!(c.end_slot(2027, Some(Until::Half(2027, 1))), 5);
        // A point in another FY than the end's says nothing of the part.
        assert_eq!(c.end_slot(2026, Some(Until::Half(2027, 1))), 4);
        // The phase covers 2025 and the first half of the merged column.
        assert_eq!((c.phases[0].first_slot, c.phases[0].last_slot), (1, 4));
        let runs: Vec<(usize, usize, bool)> = c
            .phase_runs()
            .iter()
            .map(|(a, n, p)| (*a, *n, p.is_some()))
            .collect();
        assert_eq!(runs, vec![(0, 1, false), (1, 4, true), (5, 3, false)]);
    }

    #[test]
    fn without_plan_columns_one_per_fy_then_after() {
        let plan = Plan {
            period: crate::model::Period {
                first_fy: Sp::bare(2022),
                last_fy: Sp::bare(2024),
                latest_fy: Sp::bare(2025),
                ..crate::model::Period::default()
            },
            ..Plan::default()
        };
        let c = Columns::of(&plan, true);
        assert_eq!(c.slots, 4);
        assert!(!c.has_parts());
        assert_eq!(c.span(2021, 2022, None), (0, 0));
        assert_eq!(c.span(2023, 2026, None), (1, 3));
        assert_eq!(Columns::of(&plan, false).span(2023, 2026, None), (1, 2));
    }

    #[test]
    fn columns_clamp_to_the_after_column() {
        assert_eq!(column_of(2021, 2022, 2024), 0);
        assert_eq!(column_of(2024, 2022, 2024), 2);
        assert_eq!(column_of(2025, 2022, 2024), 3);
        assert_eq!(column_of(2030, 2022, 2024), 3);
    }
}
