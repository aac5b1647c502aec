//! The report's tables, built once as typed cells; `md`, `html`, `csv` and `xlsx` only write them.
//!
//! A [`Cell`] says what a value is (a count, a state, a FY span, a milestone, a date…), not how it
//! looks; each format writes every kind of cell its own way (Markdown escapes, HTML through the
//! auto-escaping template, CSV with formula neutralisation, the workbook as typed cells). The
//! headers are worded here, once, in the report's language.

pub mod csv;
pub mod html;
pub mod md;
pub mod xlsx;

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::model::{Fy, Status};
use crate::render::theme;
use crate::report::{Column, ItemReport, MilestoneReport, Report};
use crate::status::{ItemState, MilestoneState, Rollup};
use crate::text::number;

/// One value of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Empty,
    /// Text (the data's, or a label): escaped by each writer for where it goes.
    Text(Cow<'a, str>),
    /// A group's label: bold where the format has bold.
    Strong(Cow<'a, str>),
    /// An interface note in place of data (e.g. "no schedule published"): italic.
    Note(&'static str),
    Count(usize),
    /// `done` of `total`.
    Fraction(usize, usize),
    /// A share, 0–100; `None`: nothing to count.
    Percent(Option<f64>),
    Date(Option<NaiveDate>),
    /// A fiscal year as a number (machine columns).
    Fy(Fy),
    /// A span of fiscal years, with "every FY" for 毎年度 milestones.
    Span {
        from: Fy,
        to: Fy,
        every_year: bool,
    },
    /// A number the data holds (an indicator value); `None`: no data, never zero.
    Number(Option<f64>),
    /// An indicator's actual / target for one FY.
    ActualTarget(Option<f64>, Option<f64>),
    ItemState(ItemState),
    MilestoneState(MilestoneState),
    /// What the file records.
    Recorded(Status),
    /// A milestone in the roadmap table.
    Milestone(MilestoneCell<'a>),
    /// A milestone's text after its track (取組), if it has one.
    Tracked(Option<&'a str>, &'a str),
    /// Several texts, one per line.
    Lines(Vec<Cow<'a, str>>),
    /// A machine code (`overdue`, `due_this_fy`): written as it is.
    Code(&'static str),
    /// A yes/no column: `1` or empty.
    Flag(bool),
}

/// A milestone as the roadmap table shows it: the same in every format.
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneCell<'a> {
    pub state: MilestoneState,
    pub track: Option<&'a str>,
    pub text: &'a str,
    pub every_year: bool,
    pub done_on: Option<NaiveDate>,
}

impl<'a> MilestoneCell<'a> {
    pub fn of(m: &'a MilestoneReport<'a>) -> Self {
        let ms = m.milestone;
        Self {
            state: m.state,
            track: ms.track.as_ref().map(|t| t.value.as_str()),
            text: &ms.text.value,
            every_year: ms.every_year,
            done_on: ms.done_on.as_ref().map(|d| d.value),
        }
    }
}

/// How a row stands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Plain,
    Total,
    Category,
    Subcategory,
    Theme,
    /// A milestone's row, coloured by its state.
    Milestone(MilestoneState),
    Overdue,
}

#[derive(Clone, Debug)]
pub struct Row<'a> {
    pub kind: RowKind,
    pub cells: Vec<Cell<'a>>,
}

#[derive(Clone, Debug)]
pub struct Table<'a> {
    pub headers: Vec<String>,
    pub rows: Vec<Row<'a>>,
}

fn text<'a>(s: &'a str) -> Cell<'a> {
    Cell::Text(Cow::Borrowed(s))
}

fn owned<'a>(s: String) -> Cell<'a> {
    Cell::Text(Cow::Owned(s))
}

// ---- Words shared by the writers.

/// A column of the roadmap table, labelled.
pub fn column_label(c: Column, lang: Lang) -> String {
    match c {
        Column::Fy(fy) => lang.fy_short(fy),
        Column::After => lang.t().after.to_owned(),
    }
}

/// `▲ 遅延`.
pub fn item_state_label(s: ItemState, lang: Lang) -> String {
    format!("{} {}", theme::item_mark(s, false), lang.item_state(s))
}

/// `● 完了`.
pub fn milestone_state_label(s: MilestoneState, lang: Lang) -> String {
    format!(
        "{} {}",
        theme::milestone_mark(s, false),
        lang.milestone_state(s)
    )
}

/// `2022年度–2024年度 (毎年度)`.
pub fn span_label(from: Fy, to: Fy, every_year: bool, lang: Lang) -> String {
    let span = lang.fy_span(from, to);
    if every_year {
        format!("{span} ({})", lang.t().every_year)
    } else {
        span
    }
}

/// A percentage of milestones done, `42.9%`, or the "none" sign.
pub fn percent_label(p: Option<f64>, lang: Lang) -> String {
    p.map_or_else(|| lang.t().none.to_owned(), |p| format!("{p:.1}%"))
}

/// A date as `2023-03-31`.
pub fn date_label(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `12.5 / 50`, a dash for what is missing.
pub fn actual_target_label(actual: Option<f64>, target: Option<f64>, lang: Lang) -> String {
    let none = lang.t().none;
    if actual.is_none() && target.is_none() {
        return none.to_owned();
    }
    let f = |x: Option<f64>| x.map_or_else(|| none.to_owned(), number);
    format!("{} / {}", f(actual), f(target))
}

/// ` ※1 ※3` after an item's title.
pub fn themes_suffix(themes: &[u32]) -> String {
    themes.iter().map(|t| format!(" ※{t}")).collect()
}

/// `1-1-1 題名 ※1`.
pub fn item_heading(item: &ItemReport<'_>) -> String {
    format!(
        "{} {}{}",
        item.id(),
        item.item.title.value,
        themes_suffix(&item.standing.themes)
    )
}

/// The legend: `● 完了 · ○ 実施中 · …`, as (mark, label, tone) triples.
pub fn legend(lang: Lang) -> Vec<(&'static str, &'static str, theme::Tone)> {
    theme::LEGEND
        .iter()
        .map(|s| {
            (
                theme::milestone_mark(*s, false),
                lang.milestone_state(*s),
                theme::milestone_tone(*s),
            )
        })
        .collect()
}

// ---- The tables.

fn rollup_headers(first: &str, lang: Lang) -> Vec<String> {
    let t = lang.t();
    let mut h = vec![first.to_owned(), t.items.to_owned()];
    h.extend(ItemState::ALL.iter().map(|s| item_state_label(*s, lang)));
    h.push(t.milestones_done.to_owned());
    h.push(t.percent_done.to_owned());
    h
}

fn rollup_row<'a>(kind: RowKind, label: String, r: &Rollup) -> Row<'a> {
    let label = match kind {
        RowKind::Total | RowKind::Category => Cell::Strong(Cow::Owned(label)),
        _ => owned(label),
    };
    let mut cells = vec![label, Cell::Count(r.items)];
    cells.extend(ItemState::ALL.iter().map(|s| Cell::Count(r.count(*s))));
    cells.push(Cell::Fraction(r.milestones_done, r.milestones_total));
    cells.push(Cell::Percent(r.percent_done));
    Row { kind, cells }
}

/// The overview: the total, then every 大項目 and its 中項目, counts by state.
pub fn overview<'a>(r: &Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let s = r.standing;
    let mut rows = vec![rollup_row(RowKind::Total, t.total.to_owned(), &s.totals)];
    for c in &s.categories {
        rows.push(rollup_row(
            RowKind::Category,
            format!("{} {}", c.number, c.title),
            &c.rollup,
        ));
        for sub in &c.subcategories {
            rows.push(rollup_row(
                RowKind::Subcategory,
                format!("{}-{} {}", c.number, sub.number, sub.title),
                &sub.rollup,
            ));
        }
    }
    Table {
        headers: rollup_headers(t.group, lang),
        rows,
    }
}

/// The cross-cutting themes, counts by state; `None` when the plan has none.
pub fn themes<'a>(r: &Report<'a>, lang: Lang) -> Option<Table<'a>> {
    let s = r.standing;
    (!s.themes.is_empty()).then(|| Table {
        headers: rollup_headers(lang.t().theme, lang),
        rows: s
            .themes
            .iter()
            .map(|th| {
                rollup_row(
                    RowKind::Theme,
                    format!("※{} {}", th.id, th.title),
                    &th.rollup,
                )
            })
            .collect(),
    })
}

/// The roadmap table's header: ID, item, state, one per column, indicators.
pub fn grid_headers(r: &Report<'_>, lang: Lang) -> Vec<String> {
    let t = lang.t();
    let mut h = vec![t.id.to_owned(), t.item.to_owned(), t.state.to_owned()];
    h.extend(r.columns.iter().map(|c| column_label(*c, lang)));
    h.push(t.indicators.to_owned());
    h
}

/// One item in the roadmap table: its own cells (spanning its lines), and each line's cells with
/// how many columns each covers.
#[derive(Clone, Debug)]
pub struct GridItem<'a> {
    pub id: String,
    pub title: Cell<'a>,
    pub state: ItemState,
    pub indicators: Vec<&'a str>,
    /// Each line's cells and their column spans; empty when the item has no milestones.
    pub lines: Vec<Vec<(usize, Cell<'a>)>>,
    /// What to show across the FY columns when there are no lines.
    pub empty: Cell<'a>,
}

/// A 中項目 of the roadmap table, with its 大項目 heading when it is the first of it.
#[derive(Clone, Debug)]
pub struct GridGroup<'a> {
    pub category: Option<String>,
    pub subcategory: String,
    pub items: Vec<GridItem<'a>>,
}

/// The roadmap table in the source's layout.
pub fn grid<'a>(r: &'a Report<'a>, lang: Lang) -> Vec<GridGroup<'a>> {
    let t = lang.t();
    let mut out = Vec::new();
    let mut last_category = None;
    for g in &r.groups {
        let category = (last_category != Some(g.category))
            .then(|| format!("{} {}", g.category, g.category_title));
        last_category = Some(g.category);
        let items = g
            .items
            .iter()
            .map(|&n| {
                let item = &r.items[n];
                let lines = item
                    .rows
                    .iter()
                    .map(|line| {
                        line.cells
                            .iter()
                            .map(|c| {
                                let cell = c
                                    .milestone
                                    .and_then(|m| item.milestones.get(m))
                                    .map_or(Cell::Empty, |m| Cell::Milestone(MilestoneCell::of(m)));
                                (c.span, cell)
                            })
                            .collect()
                    })
                    .collect();
                GridItem {
                    id: item.id().to_string(),
                    title: owned(format!(
                        "{}{}",
                        item.item.title.value,
                        themes_suffix(&item.standing.themes)
                    )),
                    state: item.state(),
                    indicators: item
                        .indicators
                        .iter()
                        .map(|i| i.indicator.name.value.as_str())
                        .collect(),
                    lines,
                    empty: if item.schedule_published() {
                        text(t.none)
                    } else {
                        Cell::Note(t.schedule_not_published)
                    },
                }
            })
            .collect();
        out.push(GridGroup {
            category,
            subcategory: format!("{}-{} {}", g.category, g.subcategory, g.subcategory_title),
            items,
        });
    }
    out
}

/// An item's facts: state, milestones done, owners, whether a schedule is published.
pub fn facts<'a>(item: &ItemReport<'a>, lang: Lang) -> Vec<(&'static str, Cell<'a>)> {
    let t = lang.t();
    let st = item.standing;
    let mut out = vec![
        (t.state, Cell::ItemState(st.state)),
        (
            t.milestones_done,
            Cell::Fraction(st.milestones_done, st.milestones_total),
        ),
    ];
    if !item.item.owners.is_empty() {
        let owners: Vec<&str> = item.item.owners.iter().map(|o| o.value.as_str()).collect();
        out.push((t.owners, owned(owners.join(", "))));
    }
    if !item.schedule_published() {
        out.push((t.roadmap_table, Cell::Note(t.schedule_not_published)));
    }
    out
}

/// An item's milestones in full.
pub fn milestones<'a>(item: &ItemReport<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = [
        t.milestone,
        t.period,
        t.state,
        t.status_col,
        t.done_on,
        t.due,
        t.notes,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let rows = item
        .milestones
        .iter()
        .map(|m| {
            let ms = m.milestone;
            let mut notes: Vec<Cow<str>> = Vec::new();
            if let Some(n) = &ms.notes {
                notes.push(Cow::Borrowed(n.value.as_str()));
            }
            if let Some(e) = &ms.evidence {
                notes.push(Cow::Owned(format!("{}: {}", t.evidence, e.value)));
            }
            Row {
                kind: RowKind::Milestone(m.state),
                cells: vec![
                    Cell::Tracked(ms.track.as_ref().map(|t| t.value.as_str()), &ms.text.value),
                    Cell::Span {
                        from: ms.from.value,
                        to: ms.to.value,
                        every_year: ms.every_year,
                    },
                    Cell::MilestoneState(m.state),
                    Cell::Recorded(ms.status.value),
                    Cell::Date(ms.done_on.as_ref().map(|d| d.value)),
                    Cell::Date(ms.due.as_ref().map(|d| d.value)),
                    Cell::Lines(notes),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// An item's indicators: actual / target per FY that any of them has a value for.
pub fn indicators<'a>(item: &ItemReport<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let fys = item.indicator_fys();
    let mut headers = vec![t.indicators.to_owned(), t.unit.to_owned()];
    headers.extend(
        fys.iter()
            .map(|fy| format!("{} ({} / {})", lang.fy_short(*fy), t.actual, t.target)),
    );
    headers.push(t.notes.to_owned());
    let rows = item
        .indicators
        .iter()
        .map(|i| {
            let ind = i.indicator;
            let mut cells = vec![
                text(&ind.name.value),
                ind.unit.as_ref().map_or(Cell::Empty, |u| text(&u.value)),
            ];
            cells.extend(fys.iter().map(|fy| {
                let v = i.values.iter().find(|v| v.fy == *fy);
                Cell::ActualTarget(v.and_then(|v| v.actual), v.and_then(|v| v.target))
            }));
            cells.push(ind.notes.as_ref().map_or(Cell::Empty, |n| text(&n.value)));
            Row {
                kind: RowKind::Plain,
                cells,
            }
        })
        .collect();
    Table { headers, rows }
}

/// The overdue milestones.
pub fn overdue<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = [t.id, t.item, t.milestone, t.period, t.due, t.status_col]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let rows = r
        .overdue
        .iter()
        .map(|&(i, m)| {
            let item = &r.items[i];
            let ms = item.milestones[m].milestone;
            Row {
                kind: RowKind::Overdue,
                cells: vec![
                    owned(item.id().to_string()),
                    text(&item.item.title.value),
                    text(&ms.text.value),
                    Cell::Span {
                        from: ms.from.value,
                        to: ms.to.value,
                        every_year: false,
                    },
                    Cell::Date(ms.due.as_ref().map(|d| d.value)),
                    Cell::Recorded(ms.status.value),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// The items with no published schedule: id and title.
pub fn no_schedule<'a>(r: &'a Report<'a>) -> Vec<(String, &'a str)> {
    r.no_schedule
        .iter()
        .map(|&n| {
            let item = &r.items[n];
            (item.id().to_string(), item.item.title.value.as_str())
        })
        .collect()
}

/// `2022年度, 2023年度`.
pub fn fy_list(fys: &[Fy], lang: Lang) -> String {
    fys.iter()
        .map(|fy| lang.fy_short(*fy))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The indicators missing data for closed FYs.
pub fn missing<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = [t.id, t.item, t.indicators, t.missing_fys]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let rows = r
        .missing_data
        .iter()
        .map(|&(i, k)| {
            let item = &r.items[i];
            let ind = &item.indicators[k];
            Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(item.id().to_string()),
                    text(&item.item.title.value),
                    text(&ind.indicator.name.value),
                    owned(fy_list(ind.missing_closed_fys, lang)),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// The plan's title block: (label, value) pairs.
pub fn title_block(r: &Report<'_>, lang: Lang) -> Vec<(&'static str, String)> {
    let t = lang.t();
    let s = r.standing;
    let mut out = vec![
        (t.as_of, date_label(s.as_of)),
        (t.fiscal_year, lang.fy(s.fiscal_year)),
        (
            t.plan_period,
            format!("{} – {}", lang.fy(s.first_fy), lang.fy(s.last_fy)),
        ),
    ];
    if let Some(p) = &r.roadmap.plan.published {
        out.push((t.published, date_label(p.value)));
    }
    out
}

// ---- Flat lists for spreadsheets (one row per item, milestone, indicator value).

fn theme_marks(themes: &[u32]) -> String {
    themes
        .iter()
        .map(|t| format!("※{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row per item, with its computed state and its code.
pub fn item_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = [
        t.id,
        t.category,
        t.subcategory,
        t.item,
        t.theme_col,
        t.state,
        t.state_code,
        t.milestones_done,
        t.milestones,
        t.percent_done,
        t.owners,
        t.notes,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let rows = r
        .items
        .iter()
        .map(|item| {
            let id = item.id();
            let st = item.standing;
            let owners: Vec<&str> = item.item.owners.iter().map(|o| o.value.as_str()).collect();
            let notes: Vec<&str> = item.item.notes.iter().map(|n| n.value.as_str()).collect();
            Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(id.to_string()),
                    owned(id.category.to_string()),
                    owned(format!("{}-{}", id.category, id.subcategory)),
                    text(&item.item.title.value),
                    owned(theme_marks(&st.themes)),
                    Cell::ItemState(st.state),
                    Cell::Code(st.state.as_str()),
                    Cell::Count(st.milestones_done),
                    Cell::Count(st.milestones_total),
                    Cell::Percent(st.percent_done),
                    owned(owners.join("; ")),
                    owned(notes.join("\n")),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// One row per milestone.
pub fn milestone_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = [
        t.id,
        t.milestone_id,
        t.milestone,
        t.track,
        t.row,
        t.from_fy,
        t.to_fy,
        t.every_year,
        t.status_col,
        t.state,
        t.state_code,
        t.done_on,
        t.due,
        t.evidence,
        t.notes,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let opt = |v: &'a Option<crate::model::Sp<String>>| {
        v.as_ref().map_or(Cell::Empty, |v| text(&v.value))
    };
    let rows = r
        .items
        .iter()
        .flat_map(|item| {
            item.milestones.iter().map(move |m| {
                let ms = m.milestone;
                Row {
                    kind: RowKind::Milestone(m.state),
                    cells: vec![
                        owned(item.id().to_string()),
                        text(&ms.id.value),
                        text(&ms.text.value),
                        opt(&ms.track),
                        ms.row
                            .as_ref()
                            .map_or(Cell::Empty, |r| Cell::Count(r.value as usize)),
                        Cell::Fy(ms.from.value),
                        Cell::Fy(ms.to.value),
                        Cell::Flag(ms.every_year),
                        Cell::Recorded(ms.status.value),
                        Cell::MilestoneState(m.state),
                        Cell::Code(theme::milestone_key(m.state)),
                        Cell::Date(ms.done_on.as_ref().map(|d| d.value)),
                        Cell::Date(ms.due.as_ref().map(|d| d.value)),
                        opt(&ms.evidence),
                        opt(&ms.notes),
                    ],
                }
            })
        })
        .collect();
    Table { headers, rows }
}

/// One row per indicator and FY.
pub fn indicator_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let headers = [
        t.id,
        t.indicator_id,
        t.indicators,
        t.unit,
        t.fy_col,
        t.target,
        t.actual,
        t.notes,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let rows = r
        .items
        .iter()
        .flat_map(|item| {
            item.indicators.iter().flat_map(move |i| {
                let ind = i.indicator;
                i.values.iter().map(move |v| Row {
                    kind: RowKind::Plain,
                    cells: vec![
                        owned(item.id().to_string()),
                        text(&ind.id.value),
                        text(&ind.name.value),
                        ind.unit.as_ref().map_or(Cell::Empty, |u| text(&u.value)),
                        Cell::Fy(v.fy),
                        Cell::Number(v.target),
                        Cell::Number(v.actual),
                        ind.notes.as_ref().map_or(Cell::Empty, |n| text(&n.value)),
                    ],
                })
            })
        })
        .collect();
    Table { headers, rows }
}

/// The workbook's list of items: the 大項目 and 中項目 with their titles, the next milestone due.
pub fn progress_list<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let plan = &r.roadmap.plan;
    let headers = [
        t.id,
        t.category,
        t.subcategory,
        t.item,
        t.theme_col,
        t.state,
        t.milestones_done,
        t.milestones,
        t.percent_done,
        t.next_due,
        t.owners,
        t.notes,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let rows = r
        .items
        .iter()
        .map(|item| {
            let id = item.id();
            let st = item.standing;
            let cat = plan.category(id.category).map(|c| c.title.value.as_str());
            let sub = plan
                .subcategory(id.category, id.subcategory)
                .map(|s| s.title.value.as_str());
            let next = st.next.as_ref().map_or(Cell::Empty, |m| {
                owned(format!(
                    "{} {}",
                    m.due.map_or_else(|| lang.fy_short(m.to), date_label),
                    m.text
                ))
            });
            let owners: Vec<&str> = item.item.owners.iter().map(|o| o.value.as_str()).collect();
            let notes: Vec<&str> = item.item.notes.iter().map(|n| n.value.as_str()).collect();
            Row {
                kind: RowKind::Plain,
                cells: vec![
                    owned(id.to_string()),
                    owned(format!("{} {}", id.category, cat.unwrap_or_default())),
                    owned(format!(
                        "{}-{} {}",
                        id.category,
                        id.subcategory,
                        sub.unwrap_or_default()
                    )),
                    text(&item.item.title.value),
                    owned(theme_marks(&st.themes)),
                    Cell::ItemState(st.state),
                    Cell::Count(st.milestones_done),
                    Cell::Count(st.milestones_total),
                    Cell::Percent(st.percent_done),
                    next,
                    owned(owners.join("\n")),
                    owned(notes.join("\n")),
                ],
            }
        })
        .collect();
    Table { headers, rows }
}

/// The workbook's indicators: one row per indicator, target and actual per FY.
pub fn indicator_sheet<'a>(r: &'a Report<'a>, lang: Lang) -> Table<'a> {
    let t = lang.t();
    let mut fys: Vec<Fy> = r
        .items
        .iter()
        .flat_map(|i| &i.indicators)
        .flat_map(|i| i.values.iter().map(|v| v.fy))
        .chain(r.first_fy()..=r.last_fy())
        .collect();
    fys.sort_unstable();
    fys.dedup();
    let mut headers = vec![
        t.id.to_owned(),
        t.item.to_owned(),
        t.indicators.to_owned(),
        t.unit.to_owned(),
    ];
    for fy in &fys {
        headers.push(format!("{} {}", lang.fy_short(*fy), t.target));
        headers.push(format!("{} {}", lang.fy_short(*fy), t.actual));
    }
    headers.push(t.notes.to_owned());
    let mut rows = Vec::new();
    for item in &r.items {
        for i in &item.indicators {
            let ind = i.indicator;
            let mut cells = vec![
                owned(item.id().to_string()),
                text(&item.item.title.value),
                text(&ind.name.value),
                ind.unit.as_ref().map_or(Cell::Empty, |u| text(&u.value)),
            ];
            for fy in &fys {
                let v = i.values.iter().find(|v| v.fy == *fy);
                cells.push(Cell::Number(v.and_then(|v| v.target)));
                cells.push(Cell::Number(v.and_then(|v| v.actual)));
            }
            cells.push(ind.notes.as_ref().map_or(Cell::Empty, |n| text(&n.value)));
            rows.push(Row {
                kind: RowKind::Plain,
                cells,
            });
        }
    }
    Table { headers, rows }
}

/// Values shared by the CSV and the workbook: a chart's or a sheet's numbers as text.
pub fn value_text(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}
