//! The progress report as data, independent of any output format: the title block, the roll-ups,
//! the roadmap table in the source's own layout (items × FY columns, each milestone in the cells it
//! spans), per-item details and the lists (overdue milestones, items with no published schedule,
//! indicators missing data).
//!
//! Pure: built from a [`Roadmap`] and its [`Standing`] (the one status computation); states are
//! taken from the standing, never derived here. Every format in `render::report_*` renders this.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Fy, ItemId, Roadmap, Schedule, Status};
use crate::status::{
    CategoryRollup, ItemState, MilestoneState, NextMilestone, Rollup, Standing, ThemeRollup,
};

/// A column of the roadmap table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "fy")]
pub enum Column {
    /// One fiscal year of the plan period.
    Fy(Fy),
    /// Every FY after the plan's last one (以降).
    After,
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub title_en: Option<String>,
    pub published: Option<NaiveDate>,
    pub as_of: NaiveDate,
    /// The FY the as-of date falls in.
    pub fiscal_year: Fy,
    pub first_fy: Fy,
    pub last_fy: Fy,
    pub plan_over: bool,
    /// The first day of the first FY and the last day of the last column (for timelines).
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The FY columns of the plan period, then `After` when the roadmap reaches past it.
    pub columns: Vec<Column>,
    pub totals: Rollup,
    pub categories: Vec<CategoryRollup>,
    pub themes: Vec<ThemeRollup>,
    /// Items grouped by 大項目 and 中項目, in plan order.
    pub groups: Vec<Group>,
    pub items: Vec<ItemReport>,
    pub overdue: Vec<OverdueMilestone>,
    pub no_schedule: Vec<ItemRef>,
    pub missing_data: Vec<MissingData>,
    pub notes: Vec<String>,
}

/// The items of one 中項目.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub category: u32,
    pub category_title: String,
    pub subcategory: u32,
    pub subcategory_title: String,
    /// Indexes into [`Report::items`].
    pub items: Vec<usize>,
}

/// One 小項目.
#[derive(Clone, Debug, Serialize)]
pub struct ItemReport {
    pub id: ItemId,
    pub title: String,
    pub themes: Vec<u32>,
    pub owners: Vec<String>,
    pub schedule_published: bool,
    pub state: ItemState,
    pub milestones_total: usize,
    pub milestones_done: usize,
    /// From the standing: share of counted milestones done, 0–100.
    pub percent_done: Option<f64>,
    /// The open milestone with the earliest deadline (from the standing).
    pub next: Option<NextMilestone>,
    pub notes: Vec<String>,
    /// The lines of the item's table, each covering every column.
    pub rows: Vec<GridRow>,
    pub milestones: Vec<MilestoneReport>,
    pub indicators: Vec<IndicatorReport>,
}

impl ItemReport {
    /// The fiscal years any of the item's indicators has a value (target or actual) for, sorted.
    pub fn indicator_fys(&self) -> Vec<Fy> {
        let mut fys: Vec<Fy> = self
            .indicators
            .iter()
            .flat_map(|i| i.values.iter().map(|v| v.fy))
            .collect();
        fys.sort_unstable();
        fys.dedup();
        fys
    }
}

/// One line of an item's table: cells left to right, covering all columns.
#[derive(Clone, Debug, Serialize)]
pub struct GridRow {
    pub track: Option<String>,
    pub cells: Vec<GridCell>,
}

/// A run of columns: a milestone's cell, or an empty cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GridCell {
    /// The first column (index into [`Report::columns`]).
    pub start: usize,
    /// How many columns it covers (≥ 1).
    pub span: usize,
    /// Index into [`ItemReport::milestones`]; `None` for an empty cell.
    pub milestone: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneReport {
    pub id: String,
    pub text: String,
    pub row: Option<u32>,
    pub track: Option<String>,
    pub from: Fy,
    pub to: Fy,
    pub every_year: bool,
    /// What the file records.
    pub status: Status,
    /// The state on the as-of date (from the standing).
    pub state: MilestoneState,
    pub done_on: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub evidence: Option<String>,
    pub notes: Option<String>,
    /// First and last column it occupies.
    pub first_col: usize,
    pub last_col: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorReport {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub notes: Option<String>,
    /// One entry per FY of the plan period, and any later FY that has a value.
    pub values: Vec<IndicatorValue>,
    pub has_data: bool,
    pub last_actual_fy: Option<Fy>,
    pub missing_closed_fys: Vec<Fy>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub fy: Fy,
    pub target: Option<f64>,
    pub actual: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemRef {
    pub id: ItemId,
    pub title: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OverdueMilestone {
    pub item: ItemId,
    pub item_title: String,
    /// The milestone's id.
    pub milestone: String,
    pub text: String,
    pub from: Fy,
    pub to: Fy,
    pub due: Option<NaiveDate>,
    pub status: Status,
}

#[derive(Clone, Debug, Serialize)]
pub struct MissingData {
    pub item: ItemId,
    pub item_title: String,
    pub indicator: String,
    pub name: String,
    pub fys: Vec<Fy>,
}

impl Report {
    /// The column a fiscal year is drawn in.
    pub fn column_of(&self, fy: Fy) -> usize {
        column_of(fy, self.first_fy, self.last_fy)
    }

    pub fn item(&self, id: ItemId) -> Option<&ItemReport> {
        self.items.iter().find(|i| i.id == id)
    }
}

fn column_of(fy: Fy, first: Fy, last: Fy) -> usize {
    let fy = fy.clamp(first, last + 1);
    usize::try_from(fy - first).unwrap_or(0)
}

/// Builds the report of the whole roadmap from its standing (computed without a filter).
pub fn build(roadmap: &Roadmap, standing: &Standing) -> Report {
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
        plan.period.latest_fy.value.max(last_fy + 1)
    } else {
        last_fy
    };
    let calendar = plan.fiscal_year_start;

    let mut items = Vec::with_capacity(roadmap.items.len());
    for item in &roadmap.items {
        let Some(st) = standing.items.iter().find(|s| s.id == item.id.value) else {
            continue;
        };
        let milestones: Vec<MilestoneReport> = item
            .milestones
            .iter()
            .enumerate()
            .map(|(n, m)| {
                let state = st
                    .milestones
                    .get(n)
                    .filter(|s| s.id == m.id.value)
                    .or_else(|| st.milestones.iter().find(|s| s.id == m.id.value))
                    .map_or(MilestoneState::Upcoming, |s| s.state);
                let first_col = column_of(m.from.value, first_fy, last_fy);
                MilestoneReport {
                    id: m.id.value.clone(),
                    text: m.text.value.clone(),
                    row: m.row.as_ref().map(|r| r.value),
                    track: m.track.as_ref().map(|t| t.value.clone()),
                    from: m.from.value,
                    to: m.to.value,
                    every_year: m.every_year,
                    status: m.status.value,
                    state,
                    done_on: m.done_on.as_ref().map(|d| d.value),
                    due: m.due.as_ref().map(|d| d.value),
                    evidence: m.evidence.as_ref().map(|e| e.value.clone()),
                    notes: m.notes.as_ref().map(|e| e.value.clone()),
                    first_col,
                    last_col: column_of(m.to.value, first_fy, last_fy).max(first_col),
                }
            })
            .collect();
        let rows = layout(&milestones, columns.len());
        let indicators = item
            .indicators
            .iter()
            .map(|ind| {
                let fresh = st.indicators.iter().find(|f| f.id == ind.id.value);
                let mut fys: Vec<Fy> = (first_fy..=last_fy).collect();
                fys.extend(ind.targets.keys().chain(ind.actuals.keys()).copied());
                fys.sort_unstable();
                fys.dedup();
                IndicatorReport {
                    id: ind.id.value.clone(),
                    name: ind.name.value.clone(),
                    unit: ind.unit.as_ref().map(|u| u.value.clone()),
                    notes: ind.notes.as_ref().map(|n| n.value.clone()),
                    values: fys
                        .into_iter()
                        .map(|fy| IndicatorValue {
                            fy,
                            target: ind.targets.get(&fy).map(|v| v.value),
                            actual: ind.actuals.get(&fy).map(|v| v.value),
                        })
                        .collect(),
                    has_data: !ind.targets.is_empty() || !ind.actuals.is_empty(),
                    last_actual_fy: fresh.and_then(|f| f.last_actual_fy),
                    missing_closed_fys: fresh
                        .map(|f| f.missing_closed_fys.clone())
                        .unwrap_or_default(),
                }
            })
            .collect();
        items.push(ItemReport {
            id: item.id.value,
            title: item.title.value.clone(),
            themes: st.themes.clone(),
            owners: item.owners.iter().map(|o| o.value.clone()).collect(),
            schedule_published: item.schedule.value == Schedule::Published,
            state: st.state,
            milestones_total: st.milestones_total,
            milestones_done: st.milestones_done,
            percent_done: st.percent_done,
            next: st.next.clone(),
            notes: item.notes.iter().map(|n| n.value.clone()).collect(),
            rows,
            milestones,
            indicators,
        });
    }

    let mut groups: Vec<Group> = Vec::new();
    for c in &plan.categories {
        for s in &c.subcategories {
            groups.push(Group {
                category: c.number.value,
                category_title: c.title.value.clone(),
                subcategory: s.number.value,
                subcategory_title: s.title.value.clone(),
                items: Vec::new(),
            });
        }
    }
    for (n, item) in items.iter().enumerate() {
        let at = groups
            .iter()
            .position(|g| g.category == item.id.category && g.subcategory == item.id.subcategory);
        match at {
            Some(g) => groups[g].items.push(n),
            None => groups.push(Group {
                category: item.id.category,
                category_title: String::new(),
                subcategory: item.id.subcategory,
                subcategory_title: String::new(),
                items: vec![n],
            }),
        }
    }
    groups.retain(|g| !g.items.is_empty());

    let overdue = items
        .iter()
        .flat_map(|i| {
            i.milestones
                .iter()
                .filter(|m| m.state == MilestoneState::Overdue)
                .map(move |m| OverdueMilestone {
                    item: i.id,
                    item_title: i.title.clone(),
                    milestone: m.id.clone(),
                    text: m.text.clone(),
                    from: m.from,
                    to: m.to,
                    due: m.due,
                    status: m.status,
                })
        })
        .collect();
    let no_schedule = items
        .iter()
        .filter(|i| i.state == ItemState::NoSchedule)
        .map(|i| ItemRef {
            id: i.id,
            title: i.title.clone(),
        })
        .collect();
    let missing_data = items
        .iter()
        .flat_map(|i| {
            i.indicators
                .iter()
                .filter(|ind| !ind.missing_closed_fys.is_empty())
                .map(move |ind| MissingData {
                    item: i.id,
                    item_title: i.title.clone(),
                    indicator: ind.id.clone(),
                    name: ind.name.clone(),
                    fys: ind.missing_closed_fys.clone(),
                })
        })
        .collect();

    Report {
        title: plan.title.value.clone(),
        title_en: plan.title_en.as_ref().map(|t| t.value.clone()),
        published: plan.published.as_ref().map(|p| p.value),
        as_of: standing.as_of,
        fiscal_year: standing.fiscal_year,
        first_fy,
        last_fy,
        plan_over: standing.plan_over,
        period_start: calendar.start_of(first_fy),
        period_end: calendar.end_of(end_fy),
        columns,
        totals: standing.totals.clone(),
        categories: standing.categories.clone(),
        themes: standing.themes.clone(),
        groups,
        items,
        overdue,
        no_schedule,
        missing_data,
        notes: plan.notes.iter().map(|n| n.value.clone()).collect(),
    }
}

/// Lays milestones out in lines: those with the same `row` share a line (in row order), those
/// without one each take their own line after them; a milestone that would overlap another on its
/// line goes on a line of its own just below.
fn layout(milestones: &[MilestoneReport], columns: usize) -> Vec<GridRow> {
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
        .map(|(_, mut line)| {
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
            GridRow {
                track: line.iter().find_map(|&n| milestones[n].track.clone()),
                cells,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(row: Option<u32>, first: usize, last: usize) -> MilestoneReport {
        MilestoneReport {
            id: String::new(),
            text: String::new(),
            row,
            track: None,
            from: 0,
            to: 0,
            every_year: false,
            status: Status::Planned,
            state: MilestoneState::Upcoming,
            done_on: None,
            due: None,
            evidence: None,
            notes: None,
            first_col: first,
            last_col: last,
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
