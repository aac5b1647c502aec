//! The progress report as data, independent of any output format: the FY columns, the roadmap
//! table in the source's own layout (items × FY columns, each milestone in the cells it spans),
//! and the lists (overdue milestones, items with no published schedule, indicators missing data).
//!
//! Pure: built from a [`Roadmap`] and its [`Standing`] (the one status computation); states are
//! taken from the standing, never derived here. The report borrows the model rather than copying
//! its fields, so a new field of the files needs no edit here. `render::report` turns this into
//! tables of typed cells, which every format writes.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Fy, Indicator, Item, ItemId, Milestone, Roadmap, Schedule, Series, Val};
use crate::status::{
    IndicatorStanding, ItemStanding, MilestoneStanding, SeriesStanding, Standing, State,
};

/// A column of the roadmap table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// One fiscal year of the plan period.
    Fy(Fy),
    /// Every FY after the plan's last one (以降).
    After,
}

/// The whole report.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    pub roadmap: &'a Roadmap,
    pub standing: &'a Standing,
    /// The first day of the first FY and the last day of the last column (for timelines).
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The FY columns of the plan period, then `After` when the roadmap reaches past it.
    pub columns: Vec<Column>,
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
}

/// The last report's revision, as the user named it, and what changed since.
#[derive(Clone, Debug)]
pub struct Since<'a> {
    pub label: String,
    pub diff: &'a crate::diff::Diff,
}

/// The items of one 中項目.
#[derive(Clone, Debug)]
pub struct Group<'a> {
    pub category: u32,
    pub category_title: &'a str,
    pub subcategory: u32,
    pub subcategory_title: &'a str,
    /// Indexes into [`Report::items`].
    pub items: Vec<usize>,
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
    /// The first column (index into the columns).
    pub start: usize,
    /// How many columns it covers (≥ 1).
    pub span: usize,
    /// Index of the milestone; `None` for an empty cell.
    pub milestone: Option<usize>,
}

/// A milestone with its standing and the columns its current schedule occupies.
#[derive(Clone, Debug)]
pub struct MilestoneReport<'a> {
    pub milestone: &'a Milestone,
    pub standing: &'a MilestoneStanding,
    /// The state on the as-of date (from the standing).
    pub state: State,
    pub first_col: usize,
    pub last_col: usize,
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
    let mut columns: Vec<Column> = (first_fy..=last_fy).map(Column::Fy).collect();
    if reaches_after {
        columns.push(Column::After);
    }
    let end_fy = if reaches_after {
        plan.period.latest_fy.value.max(last_fy.saturating_add(1))
    } else {
        last_fy
    };
    let calendar = plan.fiscal_year_start;
    // The standing holds one entry per item (no filter); find them by id, not by scanning.
    let standings: HashMap<ItemId, &ItemStanding> =
        standing.items.iter().map(|s| (s.id, s)).collect();

    let mut items = Vec::with_capacity(roadmap.items.len());
    let as_of = standing.as_of;
    for item in &roadmap.items {
        let Some(st) = standings.get(&item.id.value).copied() else {
            continue;
        };
        // The standing has one entry per milestone, in file order.
        let milestones: Vec<MilestoneReport> = item
            .milestones
            .iter()
            .zip(&st.milestones)
            .map(|(m, ms)| {
                let first_col = column_of(ms.from, first_fy, last_fy);
                MilestoneReport {
                    milestone: m,
                    standing: ms,
                    state: ms.state,
                    first_col,
                    last_col: column_of(ms.to, first_fy, last_fy).max(first_col),
                }
            })
            .collect();
        let spans: Vec<Span> = milestones.iter().map(Span::of).collect();
        let rows = layout(&spans, columns.len());
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
        items.push(ItemReport {
            item,
            standing: st,
            rows,
            milestones,
            indicators,
        });
    }

    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(u32, u32), usize> = HashMap::new();
    for c in &plan.categories {
        for s in &c.subcategories {
            group_of
                .entry((c.number.value, s.number.value))
                .or_insert(groups.len());
            groups.push(Group {
                category: c.number.value,
                category_title: &c.title.value,
                subcategory: s.number.value,
                subcategory_title: &s.title.value,
                items: Vec::new(),
            });
        }
    }
    for (n, item) in items.iter().enumerate() {
        let id = item.id();
        match group_of.get(&(id.category(), id.subcategory())) {
            Some(&g) => groups[g].items.push(n),
            None => {
                group_of.insert((id.category(), id.subcategory()), groups.len());
                groups.push(Group {
                    category: id.category(),
                    category_title: "",
                    subcategory: id.subcategory(),
                    subcategory_title: "",
                    items: vec![n],
                });
            }
        }
    }
    groups.retain(|g| !g.items.is_empty());

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

    Report {
        roadmap,
        standing,
        period_start: calendar.start_of(first_fy),
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
            let mut cells = Vec::new();
            let mut col = 0;
            for &n in &line {
                let m = &milestones[n];
                if m.first_col > col {
                    cells.push(GridCell {
                        start: col,
                        span: m.first_col - col,
                        milestone: None,
                    });
                }
                cells.push(GridCell {
                    start: m.first_col,
                    span: m.last_col - m.first_col + 1,
                    milestone: Some(n),
                });
                col = m.last_col + 1;
            }
            if col < columns {
                cells.push(GridCell {
                    start: col,
                    span: columns - col,
                    milestone: None,
                });
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

    fn cells(row: &GridRow) -> Vec<(usize, usize, Option<usize>)> {
        row.cells
            .iter()
            .map(|c| (c.start, c.span, c.milestone))
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

    #[test]
    fn columns_clamp_to_the_after_column() {
        assert_eq!(column_of(2021, 2022, 2024), 0);
        assert_eq!(column_of(2024, 2022, 2024), 2);
        assert_eq!(column_of(2025, 2022, 2024), 3);
        assert_eq!(column_of(2030, 2022, 2024), 3);
    }
}
