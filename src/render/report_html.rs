//! The report as one self-contained HTML page: no JavaScript, no external resources, a Japanese
//! font stack, an SVG timeline of every milestone, small SVG charts of indicators with data, and a
//! print stylesheet (A4 landscape).
//!
//! The page comes from a minijinja template with HTML auto-escaping: this module computes a view
//! (strings and numbers) and the template prints it; nothing is marked safe, so no text from the
//! data reaches the page unescaped. A Content-Security-Policy forbids scripts on top of that.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::labels::{Lang, item_mark, milestone_mark};
use super::report_labels::{self as rl, words};
use super::report_xlsx::{item_rgb, milestone_rgb};
use crate::model::FyStart;
use crate::report::{Column, IndicatorReport, Report};
use crate::status::{MilestoneState, Rollup};
use crate::text::number;

const TEMPLATE: &str = include_str!("../../templates/report.html");

fn css_rgb(rgb: u32) -> String {
    format!("#{rgb:06x}")
}

#[derive(Serialize)]
struct Page {
    lang: &'static str,
    title: String,
    title_en: Option<String>,
    heading: String,
    info: Vec<(String, String)>,
    plan_over: Option<&'static str>,
    w: Words,
    legend: Vec<Legend>,
    overview: Table,
    themes: Option<Table>,
    timeline: Timeline,
    table: RoadmapTable,
    details: Vec<Detail>,
    overdue: Table,
    no_schedule: Vec<String>,
    missing: Table,
    notes: Vec<String>,
}

/// The interface words the template uses.
#[derive(Serialize)]
struct Words {
    overview: &'static str,
    themes: &'static str,
    timeline: &'static str,
    roadmap_table: &'static str,
    details: &'static str,
    lists: &'static str,
    legend: &'static str,
    overdue_list: &'static str,
    no_schedule_list: &'static str,
    missing_list: &'static str,
    nothing: &'static str,
    notes: &'static str,
    plan_notes: &'static str,
    charts: &'static str,
    generated_by: &'static str,
    actual: &'static str,
    target: &'static str,
    as_of: &'static str,
}

#[derive(Serialize)]
struct Legend {
    mark: &'static str,
    label: &'static str,
    color: String,
}

#[derive(Serialize)]
struct Table {
    headers: Vec<String>,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    class: &'static str,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct Timeline {
    width: f64,
    height: f64,
    label_width: f64,
    axis: Vec<Tick>,
    lanes: Vec<Lane>,
    bars: Vec<Bar>,
    as_of_x: Option<f64>,
    as_of_label: String,
    plot_top: f64,
    plot_bottom: f64,
}

#[derive(Serialize)]
struct Tick {
    x: f64,
    mid: f64,
    label: String,
}

#[derive(Serialize)]
struct Lane {
    y: f64,
    height: f64,
    label: String,
    title: String,
    shaded: bool,
}

#[derive(Serialize)]
struct Bar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    color: String,
    state: &'static str,
    title: String,
}

#[derive(Serialize)]
struct RoadmapTable {
    headers: Vec<String>,
    ncols: usize,
    groups: Vec<TableGroup>,
}

#[derive(Serialize)]
struct TableGroup {
    category: Option<String>,
    subcategory: String,
    items: Vec<TableItem>,
}

#[derive(Serialize)]
struct TableItem {
    id: String,
    title: String,
    state: String,
    state_color: String,
    indicators: Vec<String>,
    rowspan: usize,
    /// Each line's cells; an empty line when the item has no milestones.
    lines: Vec<Vec<TableCell>>,
    empty_note: Option<&'static str>,
    empty_span: usize,
}

#[derive(Serialize)]
struct TableCell {
    span: usize,
    text: String,
    mark: &'static str,
    color: Option<String>,
    dropped: bool,
    extra: Vec<String>,
}

#[derive(Serialize)]
struct Detail {
    anchor: String,
    heading: String,
    facts: Vec<(String, String)>,
    milestones: Option<Table>,
    indicators: Option<Table>,
    charts: Vec<Chart>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct Chart {
    title: String,
    width: f64,
    height: f64,
    baseline: f64,
    bars: Vec<ChartBar>,
    targets: Vec<ChartPoint>,
    target_path: String,
    max_label: String,
}

#[derive(Serialize)]
struct ChartBar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: String,
    value: Option<String>,
}

#[derive(Serialize)]
struct ChartPoint {
    x: f64,
    y: f64,
    value: String,
}

fn rollup_row(class: &'static str, label: String, r: &Rollup, lang: Lang) -> Row {
    Row {
        class,
        cells: rl::rollup_cells(label, r, lang),
    }
}

fn column_label(c: Column, lang: Lang) -> String {
    match c {
        Column::Fy(fy) => lang.fy_short(fy),
        Column::After => lang.t().after.to_owned(),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

const LEGEND_ORDER: [MilestoneState; 6] = [
    MilestoneState::Done,
    MilestoneState::Active,
    MilestoneState::Due,
    MilestoneState::Overdue,
    MilestoneState::Upcoming,
    MilestoneState::Dropped,
];

fn state_key(s: MilestoneState) -> &'static str {
    match s {
        MilestoneState::Done => "done",
        MilestoneState::Dropped => "dropped",
        MilestoneState::Overdue => "overdue",
        MilestoneState::Due => "due",
        MilestoneState::Active => "active",
        MilestoneState::Upcoming => "upcoming",
    }
}

fn timeline(r: &Report, calendar: FyStart, lang: Lang) -> Timeline {
    let label_width = 64.0;
    let width = 1000.0;
    let plot = width - label_width - 8.0;
    let top = 24.0;
    let lane_h = 9.0;
    let start = r.period_start;
    let days = (r.period_end - start).num_days().max(1) as f64 + 1.0;
    let x_of = |d: chrono::NaiveDate| {
        let off = (d - start).num_days().clamp(0, days as i64) as f64;
        round1(label_width + plot * off / days)
    };
    let mut axis = Vec::new();
    for (k, c) in r.columns.iter().enumerate() {
        let (a, b) = match c {
            Column::Fy(fy) => (calendar.start_of(*fy), calendar.end_of(*fy)),
            Column::After => (
                calendar.start_of(r.last_fy + 1),
                r.period_end.max(calendar.start_of(r.last_fy + 1)),
            ),
        };
        let x0 = x_of(a);
        let x1 = x_of(b.succ_opt().unwrap_or(b));
        let _ = k;
        axis.push(Tick {
            x: x0,
            mid: round1((x0 + x1) / 2.0),
            label: column_label(*c, lang),
        });
    }
    let mut lanes = Vec::new();
    let mut bars = Vec::new();
    let mut y = top;
    for (n, item) in r.items.iter().enumerate() {
        let lines = item.rows.len().max(1);
        let h = lines as f64 * lane_h + 4.0;
        lanes.push(Lane {
            y: round1(y),
            height: h,
            label: item.id.to_string(),
            title: format!("{} {}", item.id, item.title),
            shaded: n % 2 == 1,
        });
        for (k, line) in item.rows.iter().enumerate() {
            for cell in &line.cells {
                let Some(m) = cell.milestone.and_then(|m| item.milestones.get(m)) else {
                    continue;
                };
                let x0 = x_of(calendar.start_of(m.from.max(r.first_fy)));
                let end = calendar.end_of(m.to).min(r.period_end);
                let x1 = x_of(end.succ_opt().unwrap_or(end)).max(x0 + 2.0);
                bars.push(Bar {
                    x: x0,
                    y: round1(y + 2.0 + k as f64 * lane_h + 1.0),
                    w: round1(x1 - x0 - 1.0),
                    h: lane_h - 2.0,
                    color: css_rgb(milestone_rgb(m.state)),
                    state: state_key(m.state),
                    title: format!(
                        "{} {}: {} ({}, {})",
                        item.id,
                        m.id,
                        m.text,
                        rl::span(lang, m.from, m.to),
                        lang.milestone_state(m.state)
                    ),
                });
            }
        }
        y += h;
    }
    let as_of_x = (r.as_of >= r.period_start && r.as_of <= r.period_end).then(|| x_of(r.as_of));
    Timeline {
        width,
        height: round1(y + 6.0),
        label_width,
        axis,
        lanes,
        bars,
        as_of_x,
        as_of_label: format!("{} {}", lang.t().as_of, rl::date(r.as_of)),
        plot_top: top,
        plot_bottom: round1(y),
    }
}

fn chart(i: &IndicatorReport, lang: Lang) -> Option<Chart> {
    if !i.has_data {
        return None;
    }
    let values: Vec<f64> = i
        .values
        .iter()
        .flat_map(|v| [v.actual, v.target])
        .flatten()
        .filter(|v| v.is_finite())
        .collect();
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let max = if i.unit.as_deref() == Some("%") {
        100.0
    } else if max <= 0.0 {
        1.0
    } else {
        max
    };
    let (width, height) = (260.0, 130.0);
    let (left, bottom, top) = (8.0, height - 22.0, 16.0);
    let slot = (width - 2.0 * left) / i.values.len().max(1) as f64;
    let y_of = |v: f64| round1(bottom - (bottom - top) * (v.max(0.0) / max).min(1.0));
    let mut bars = Vec::new();
    let mut targets = Vec::new();
    for (k, v) in i.values.iter().enumerate() {
        let x = left + slot * k as f64;
        let y = v.actual.map_or(bottom, y_of);
        bars.push(ChartBar {
            x: round1(x + slot * 0.2),
            y,
            w: round1(slot * 0.6),
            h: round1(bottom - y),
            label: lang.fy_short(v.fy),
            value: v.actual.map(number),
        });
        if let Some(t) = v.target {
            targets.push(ChartPoint {
                x: round1(x + slot / 2.0),
                y: y_of(t),
                value: number(t),
            });
        }
    }
    let target_path = targets
        .iter()
        .enumerate()
        .map(|(k, p)| format!("{}{} {}", if k == 0 { "M" } else { "L" }, p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    Some(Chart {
        title: match &i.unit {
            Some(u) => format!("{} ({u})", i.name),
            None => i.name.clone(),
        },
        width,
        height,
        baseline: bottom,
        bars,
        targets,
        target_path,
        max_label: number(max),
    })
}

fn build(r: &Report, calendar: FyStart, lang: Lang) -> Page {
    let t = lang.t();
    let w = words(lang);
    let mut info = vec![
        (
            t.as_of.to_owned(),
            format!("{} ({})", rl::date(r.as_of), lang.fy(r.fiscal_year)),
        ),
        (
            t.plan_period.to_owned(),
            format!("{} – {}", lang.fy(r.first_fy), lang.fy(r.last_fy)),
        ),
    ];
    if let Some(p) = r.published {
        info.push((w.published.to_owned(), rl::date(p)));
    }
    let mut overview_rows = vec![rollup_row("total", w.total.to_owned(), &r.totals, lang)];
    for c in &r.categories {
        overview_rows.push(rollup_row(
            "category",
            format!("{} {}", c.number, c.title),
            &c.rollup,
            lang,
        ));
        for s in &c.subcategories {
            overview_rows.push(rollup_row(
                "subcategory",
                format!("{}-{} {}", c.number, s.number, s.title),
                &s.rollup,
                lang,
            ));
        }
    }
    let themes = (!r.themes.is_empty()).then(|| Table {
        headers: rl::rollup_headers(w.theme, lang),
        rows: r
            .themes
            .iter()
            .map(|th| {
                rollup_row(
                    "theme",
                    format!("※{} {}", th.id, th.title),
                    &th.rollup,
                    lang,
                )
            })
            .collect(),
    });

    let mut headers = vec![t.id.to_owned(), t.item.to_owned(), t.state.to_owned()];
    headers.extend(r.columns.iter().map(|c| column_label(*c, lang)));
    headers.push(t.indicators.to_owned());
    let ncols = headers.len();
    let mut groups = Vec::new();
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
                let themes: String = item.themes.iter().map(|t| format!(" ※{t}")).collect();
                let lines = item
                    .rows
                    .iter()
                    .map(|line| {
                        line.cells
                            .iter()
                            .map(|c| match c.milestone.and_then(|m| item.milestones.get(m)) {
                                Some(m) => {
                                    let mut extra = Vec::new();
                                    if m.every_year {
                                        extra.push(t.every_year.to_owned());
                                    }
                                    if let Some(d) = m.done_on {
                                        extra.push(format!("{} {}", t.done_on, rl::date(d)));
                                    }
                                    TableCell {
                                        span: c.span,
                                        text: match &m.track {
                                            Some(tr) => format!("［{tr}］{}", m.text),
                                            None => m.text.clone(),
                                        },
                                        mark: milestone_mark(m.state, false),
                                        color: Some(css_rgb(milestone_rgb(m.state))),
                                        dropped: m.state == MilestoneState::Dropped,
                                        extra,
                                    }
                                }
                                None => TableCell {
                                    span: c.span,
                                    text: String::new(),
                                    mark: "",
                                    color: None,
                                    dropped: false,
                                    extra: Vec::new(),
                                },
                            })
                            .collect()
                    })
                    .collect::<Vec<Vec<TableCell>>>();
                TableItem {
                    id: item.id.to_string(),
                    title: format!("{}{themes}", item.title),
                    state: format!(
                        "{} {}",
                        item_mark(item.state, false),
                        lang.item_state(item.state)
                    ),
                    state_color: css_rgb(item_rgb(item.state)),
                    indicators: item.indicators.iter().map(|i| i.name.clone()).collect(),
                    rowspan: lines.len().max(1),
                    empty_note: lines.is_empty().then_some(if item.schedule_published {
                        t.none
                    } else {
                        t.schedule_not_published
                    }),
                    empty_span: r.columns.len(),
                    lines,
                }
            })
            .collect();
        groups.push(TableGroup {
            category,
            subcategory: format!("{}-{} {}", g.category, g.subcategory, g.subcategory_title),
            items,
        });
    }

    let details = r
        .items
        .iter()
        .map(|item| {
            let themes: String = item.themes.iter().map(|t| format!(" ※{t}")).collect();
            let mut facts = vec![
                (
                    t.state.to_owned(),
                    format!(
                        "{} {}",
                        item_mark(item.state, false),
                        lang.item_state(item.state)
                    ),
                ),
                (
                    t.milestones_done.to_owned(),
                    format!("{}/{}", item.milestones_done, item.milestones_total),
                ),
            ];
            if !item.owners.is_empty() {
                facts.push((w.owners.to_owned(), item.owners.join(", ")));
            }
            if !item.schedule_published {
                facts.push((
                    w.roadmap_table.to_owned(),
                    t.schedule_not_published.to_owned(),
                ));
            }
            let milestones = (!item.milestones.is_empty()).then(|| Table {
                headers: rl::milestone_headers(lang),
                rows: item
                    .milestones
                    .iter()
                    .map(|m| {
                        let mut notes = Vec::new();
                        if let Some(n) = &m.notes {
                            notes.push(n.clone());
                        }
                        if let Some(e) = &m.evidence {
                            notes.push(format!("{}: {e}", w.evidence));
                        }
                        Row {
                            class: state_key(m.state),
                            cells: vec![
                                match &m.track {
                                    Some(tr) => format!("［{tr}］{}", m.text),
                                    None => m.text.clone(),
                                },
                                if m.every_year {
                                    format!("{} ({})", rl::span(lang, m.from, m.to), t.every_year)
                                } else {
                                    rl::span(lang, m.from, m.to)
                                },
                                format!(
                                    "{} {}",
                                    milestone_mark(m.state, false),
                                    lang.milestone_state(m.state)
                                ),
                                rl::recorded(lang, m.status).to_owned(),
                                m.done_on.map(rl::date).unwrap_or_default(),
                                m.due.map(rl::date).unwrap_or_default(),
                                notes.join("\n"),
                            ],
                        }
                    })
                    .collect(),
            });
            let indicators = (!item.indicators.is_empty()).then(|| {
                let fys = item.indicator_fys();
                let mut headers = vec![t.indicators.to_owned(), t.unit.to_owned()];
                headers.extend(
                    fys.iter()
                        .map(|fy| format!("{} {} / {}", lang.fy_short(*fy), t.actual, t.target)),
                );
                headers.push(t.notes.to_owned());
                Table {
                    headers,
                    rows: item
                        .indicators
                        .iter()
                        .map(|i| {
                            let mut cells =
                                vec![i.name.clone(), i.unit.clone().unwrap_or_default()];
                            cells.extend(fys.iter().map(|fy| {
                                let v = i.values.iter().find(|v| v.fy == *fy);
                                let f =
                                    |x: Option<f64>| x.map_or_else(|| t.none.to_owned(), number);
                                match v {
                                    Some(v) if v.actual.is_some() || v.target.is_some() => {
                                        format!("{} / {}", f(v.actual), f(v.target))
                                    }
                                    _ => t.none.to_owned(),
                                }
                            }));
                            cells.push(i.notes.clone().unwrap_or_default());
                            Row { class: "", cells }
                        })
                        .collect(),
                }
            });
            Detail {
                anchor: format!("item-{}", item.id),
                heading: format!("{} {}{themes}", item.id, item.title),
                facts,
                milestones,
                indicators,
                charts: item
                    .indicators
                    .iter()
                    .filter_map(|i| chart(i, lang))
                    .collect(),
                notes: item.notes.clone(),
            }
        })
        .collect();

    let overdue = Table {
        headers: [t.id, t.item, w.milestone, w.period, w.due, t.status_col]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        rows: r
            .overdue
            .iter()
            .map(|o| Row {
                class: "overdue",
                cells: vec![
                    o.item.to_string(),
                    o.item_title.clone(),
                    o.text.clone(),
                    rl::span(lang, o.from, o.to),
                    o.due.map(rl::date).unwrap_or_default(),
                    rl::recorded(lang, o.status).to_owned(),
                ],
            })
            .collect(),
    };
    let missing = Table {
        headers: [t.id, t.item, t.indicators, w.missing_fys]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        rows: r
            .missing_data
            .iter()
            .map(|m| Row {
                class: "",
                cells: vec![
                    m.item.to_string(),
                    m.item_title.clone(),
                    m.name.clone(),
                    m.fys
                        .iter()
                        .map(|fy| lang.fy_short(*fy))
                        .collect::<Vec<_>>()
                        .join(", "),
                ],
            })
            .collect(),
    };

    Page {
        lang: "ja",
        title: format!("{} — {}", r.title, w.report),
        title_en: r.title_en.clone(),
        heading: r.title.clone(),
        info,
        plan_over: r.plan_over.then_some(t.plan_over),
        w: Words {
            overview: t.overview,
            themes: t.themes,
            timeline: t.timeline,
            roadmap_table: w.roadmap_table,
            details: w.details,
            lists: w.lists,
            legend: t.legend,
            overdue_list: w.overdue_list,
            no_schedule_list: w.no_schedule_list,
            missing_list: w.missing_list,
            nothing: w.nothing,
            notes: t.notes,
            plan_notes: w.plan_notes,
            charts: w.charts,
            generated_by: w.generated_by,
            actual: t.actual,
            target: t.target,
            as_of: t.as_of,
        },
        legend: LEGEND_ORDER
            .iter()
            .map(|s| Legend {
                mark: milestone_mark(*s, false),
                label: lang.milestone_state(*s),
                color: css_rgb(milestone_rgb(*s)),
            })
            .collect(),
        overview: Table {
            headers: rl::rollup_headers(t.group, lang),
            rows: overview_rows,
        },
        themes,
        timeline: timeline(r, calendar, lang),
        table: RoadmapTable {
            headers,
            ncols,
            groups,
        },
        details,
        overdue,
        no_schedule: r
            .no_schedule
            .iter()
            .map(|i| format!("{} {}", i.id, i.title))
            .collect(),
        missing,
        notes: r.notes.clone(),
    }
}

/// Renders the page. `calendar` places FYs on the timeline.
pub fn render(r: &Report, calendar: FyStart, lang: Lang) -> anyhow::Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // The name ends in .html: minijinja escapes every value for HTML.
    env.add_template("report.html", TEMPLATE)?;
    let page = build(r, calendar, lang);
    let html = env
        .get_template("report.html")?
        .render(minijinja::value::Serde(&page))?;
    Ok(html)
}
