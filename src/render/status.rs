//! `roadmap status` output: the overview tables, one item in its source layout, the timeline
//! (a terminal Gantt), Markdown and JSON. Tables are laid out by comfy-table, which measures
//! display width, so full-width text stays aligned.

use std::fmt::Write as _;

use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::i18n::{Lang, Msg};
use crate::model::{Fy, Item, Roadmap, Theme};
use crate::render::escape;
use crate::render::report::column_label;
use crate::render::theme::{self, item_mark, milestone_mark};
use crate::report::{Column, GridRow, Span, column_of, layout};
use crate::status::{ItemStanding, ItemState, MilestoneState, Rollup, Standing};
use crate::text::{self, one_line, terminal_safe};

/// The most a table cell shows of a text, in display columns. Tables wrap their cells, and
/// wrapping grows with the text; a longer text is cut with `…` (the item's file has it whole).
const MAX_CELL_COLUMNS: usize = 1000;

/// Data text for a table cell: safe for a terminal (lines stay inside the cell) and bounded.
fn cell_text(s: &str) -> String {
    text::truncate(&terminal_safe(s), MAX_CELL_COLUMNS).into_owned()
}

/// How to draw: language, ASCII-only, colour, and the width to fit.
#[derive(Clone, Copy, Debug)]
pub struct View {
    pub lang: Lang,
    pub ascii: bool,
    pub color: bool,
    pub width: u16,
}

impl View {
    fn table(&self) -> Table {
        let mut t = Table::new();
        t.load_style(if self.ascii {
            presets::ASCII_FULL_CONDENSED
        } else {
            presets::UTF8_FULL_CONDENSED
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(self.width);
        if self.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t
    }

    fn state_cell(&self, s: ItemState) -> Cell {
        let cell = Cell::new(format!(
            "{} {}",
            item_mark(s, self.ascii),
            self.lang.item_state(s)
        ));
        if self.color {
            cell.fg(item_color(s))
        } else {
            cell
        }
    }

    fn milestone_mark(&self, s: MilestoneState) -> &'static str {
        milestone_mark(s, self.ascii)
    }

    fn theme_marks(&self, themes: &[u32]) -> String {
        let marks: Vec<_> = themes
            .iter()
            .map(|t| {
                if self.ascii {
                    format!("*{t}")
                } else {
                    Theme::marker(*t)
                }
            })
            .collect();
        marks.join(" ")
    }

    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
}

fn item_color(s: ItemState) -> Color {
    theme::item_tone(s).term.comfy()
}

fn milestone_color(s: MilestoneState) -> Color {
    theme::milestone_tone(s).term.comfy()
}

/// The header: title, as-of date with its FY, plan period, and a note once the plan is over.
pub fn header(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let plan = &roadmap.plan;
    let mut out = String::new();
    let mut title = one_line(&plan.title).into_owned();
    if view.lang == Lang::En
        && let Some(en) = &plan.title_en
    {
        let _ = write!(title, " ({})", one_line(en));
    }
    let _ = writeln!(out, "{}", view.bold(&title));
    let period = view.lang.period(standing.first_fy, standing.last_fy);
    let fiscal_year = view.lang.fy_aside(standing.fiscal_year);
    let _ = writeln!(
        out,
        "{}: {}{fiscal_year}   {}: {period}",
        w.as_of, standing.as_of, w.plan_period
    );
    if standing.plan_over {
        let end = plan.fiscal_year_start.end_of(standing.last_fy);
        let note = view.lang.msg(&Msg::PlanOver {
            end: end.to_string(),
        });
        let _ = writeln!(
            out,
            "{}",
            if view.color {
                format!("\x1b[33m{note}\x1b[0m")
            } else {
                note
            }
        );
    }
    out
}

/// One line of counts: `▲遅延 30 ◐今年度期限 0 … 工程完了 0/150 (0.0%)`.
fn counts(rollup: &Rollup, view: &View) -> String {
    let w = view.lang.t();
    let mut parts: Vec<String> = ItemState::ALL
        .iter()
        .filter(|s| rollup.count(**s) > 0)
        .map(|s| {
            format!(
                "{}{} {}",
                item_mark(*s, view.ascii),
                view.lang.item_state(*s),
                rollup.count(*s)
            )
        })
        .collect();
    parts.push(format!("{} {}", w.milestones_done, percent(rollup)));
    parts.join("  ")
}

fn percent(r: &Rollup) -> String {
    match r.percent_done {
        Some(p) => format!("{}/{} ({p:.1}%)", r.milestones_done, r.milestones_total),
        None => "0/0".to_owned(),
    }
}

/// The roll-up table: every 大項目 and 中項目, then every theme, with counts by state.
fn rollup_table(roadmap: &Roadmap, standing: &Standing, view: &View) -> Table {
    let w = view.lang.t();
    let mut t = view.table();
    // Only the states that occur: seven mostly empty columns would squeeze the titles.
    let states: Vec<ItemState> = ItemState::ALL
        .into_iter()
        .filter(|s| standing.totals.count(*s) > 0)
        .collect();
    let mut header = vec![Cell::new(w.group), Cell::new(w.items)];
    for s in &states {
        header.push(Cell::new(format!(
            "{}{}",
            item_mark(*s, view.ascii),
            view.lang.item_state(*s)
        )));
    }
    header.push(Cell::new(w.milestones_done));
    t.set_header(header);
    let row = |label: String, r: &Rollup| {
        let mut cells = vec![
            Cell::new(label),
            Cell::new(r.items).set_alignment(CellAlignment::Right),
        ];
        for s in states.iter().copied() {
            let n = r.count(s);
            let mut c = Cell::new(if n == 0 { String::new() } else { n.to_string() })
                .set_alignment(CellAlignment::Right);
            if view.color && n > 0 {
                c = c.fg(item_color(s));
            }
            cells.push(c);
        }
        cells.push(Cell::new(percent(r)).set_alignment(CellAlignment::Right));
        cells
    };
    for c in standing.categories.iter().filter(|c| c.rollup.items > 0) {
        let label = format!("{}. {}", c.number, cell_text(&c.title));
        let mut category = row(label.clone(), &c.rollup);
        category[0] = Cell::new(label).add_attribute(Attribute::Bold);
        t.add_row(category);
        for s in c.subcategories.iter().filter(|s| s.rollup.items > 0) {
            t.add_row(row(
                format!("({}) {}", s.number, cell_text(&s.title)),
                &s.rollup,
            ));
        }
    }
    for th in standing.themes.iter().filter(|t| t.rollup.items > 0) {
        let mark = view.theme_marks(&[th.id]);
        t.add_row(row(format!("{mark} {}", cell_text(&th.title)), &th.rollup));
    }
    let total = w.total;
    let mut total_row = row(total.to_owned(), &standing.totals);
    total_row[0] = Cell::new(total).add_attribute(Attribute::Bold);
    t.add_row(total_row);
    let _ = roadmap;
    t
}

/// The default view: header, roll-ups, then the items grouped by 大項目 → 中項目.
pub fn overview(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let mut out = header(roadmap, standing, view);
    let _ = writeln!(out, "{}", counts(&standing.totals, view));
    out.push('\n');
    let _ = writeln!(out, "{}", view.bold(w.overview));
    let _ = writeln!(out, "{}", rollup_table(roadmap, standing, view));
    if standing.items.is_empty() {
        let _ = writeln!(out, "\n{}", w.no_items);
        return out;
    }
    for c in &standing.categories {
        if c.rollup.items == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}",
            view.bold(&format!("{}. {}", c.number, one_line(&c.title)))
        );
        for s in &c.subcategories {
            let items = standing.items_in(c.number, s.number);
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "({}) {}", s.number, one_line(&s.title));
            let _ = writeln!(out, "{}", item_table(&items, view, standing.fiscal_year));
        }
    }
    // Items whose 大項目/中項目 the plan does not define still show (validate reports them).
    let orphans: Vec<_> = standing
        .items
        .iter()
        .filter(|i| {
            roadmap
                .plan
                .subcategory(i.id.category, i.id.subcategory)
                .is_none()
        })
        .collect();
    if !orphans.is_empty() {
        let _ = writeln!(out, "\n?");
        let _ = writeln!(out, "{}", item_table(&orphans, view, standing.fiscal_year));
    }
    out
}

fn item_table(items: &[&ItemStanding], view: &View, current: Fy) -> Table {
    let w = view.lang.t();
    let mut t = view.table();
    t.set_header(vec![
        w.id,
        w.item,
        w.theme_col,
        w.state,
        w.done,
        w.overdue,
        w.next_due,
        w.indicators,
    ]);
    for i in items {
        let next = i.next.as_ref().map_or_else(String::new, |n| {
            format!(
                "{} {}",
                view.lang.fy_short(n.to),
                text::truncate(&one_line(&n.text), 40)
            )
        });
        let overdue = if i.overdue > 0 {
            i.overdue.to_string()
        } else {
            String::new()
        };
        let mut overdue_cell = Cell::new(overdue).set_alignment(CellAlignment::Right);
        if view.color && i.overdue > 0 {
            overdue_cell = overdue_cell.fg(Color::Red);
        }
        t.add_row(vec![
            Cell::new(i.id),
            Cell::new(cell_text(&i.title)),
            Cell::new(view.theme_marks(&i.themes)),
            view.state_cell(i.state),
            Cell::new(format!("{}/{}", i.milestones_done, i.milestones_total))
                .set_alignment(CellAlignment::Right),
            overdue_cell,
            Cell::new(next),
            Cell::new(freshness(i, view, current)),
        ]);
    }
    t
}

/// Indicator data freshness: `－` without indicators, else per indicator the last FY with data
/// and the closed FYs without.
fn freshness(i: &ItemStanding, view: &View, _current: Fy) -> String {
    let w = view.lang.t();
    if i.indicators.is_empty() {
        return w.none.to_owned();
    }
    let with_data = i
        .indicators
        .iter()
        .filter(|x| x.last_actual_fy.is_some())
        .count();
    let missing: usize = i
        .indicators
        .iter()
        .map(|x| x.missing_closed_fys.len())
        .sum();
    let last = i.indicators.iter().filter_map(|x| x.last_actual_fy).max();
    let mut s = match last {
        None => format!("{}/{} {}", 0, i.indicators.len(), w.no_data),
        Some(fy) => view.lang.msg(&Msg::DataUntil {
            with_data,
            total: i.indicators.len(),
            fy,
        }),
    };
    if missing > 0 {
        let _ = write!(s, " ({} {missing})", w.missing);
    }
    s
}

/// One item in full: its milestones laid out across FY columns as in the source table, its
/// indicators (actual vs target per FY), and its notes.
pub fn item(
    roadmap: &Roadmap,
    item: &Item,
    standing: &ItemStanding,
    overall: &Standing,
    view: &View,
) -> String {
    let w = view.lang.t();
    let mut out = header(roadmap, overall, view);
    out.push('\n');
    let themes = view.theme_marks(&standing.themes);
    let _ = writeln!(
        out,
        "{}",
        view.bold(format!("{} {} {themes}", item.id.value, one_line(&item.title)).trim_end())
    );
    let state = format!(
        "{} {}",
        item_mark(standing.state, view.ascii),
        view.lang.item_state(standing.state)
    );
    let _ = writeln!(
        out,
        "{}: {state}   {}: {}/{}   {}: {}",
        w.state,
        w.done,
        standing.milestones_done,
        standing.milestones_total,
        w.overdue,
        standing.overdue
    );
    for t in &standing.themes {
        if let Some(theme) = roadmap.plan.theme(*t) {
            let _ = writeln!(
                out,
                "{} {}",
                view.theme_marks(&[*t]),
                one_line(&theme.title)
            );
        }
    }
    if item.milestones.is_empty() {
        let _ = writeln!(out, "\n{}", w.schedule_not_published);
    } else {
        let _ = writeln!(out, "\n{}", schedule_table(roadmap, item, standing, view));
    }
    if !item.indicators.is_empty() {
        let _ = writeln!(out, "\n{}", view.bold(w.indicators));
        let _ = writeln!(out, "{}", indicator_table(roadmap, item, overall, view));
    }
    if !item.notes.is_empty() {
        let _ = writeln!(out, "\n{}", view.bold(w.notes));
        for n in &item.notes {
            let _ = writeln!(out, "- {}", text::indented(n, "  "));
        }
    }
    out
}

/// The FY columns of an item's table: the plan's years, plus `以降` when a milestone runs past
/// them.
fn columns(roadmap: &Roadmap, item: &Item) -> (Vec<Fy>, bool) {
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.last_fy.value).collect();
    let after = item.milestones.iter().any(|m| m.to.value > p.last_fy.value);
    (years, after)
}

/// The labels of those columns, as every view writes them.
fn column_labels(years: &[Fy], after: bool, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = years
        .iter()
        .map(|y| column_label(Column::Fy(*y), lang))
        .collect();
    if after {
        out.push(column_label(Column::After, lang));
    }
    out
}

/// The item's table in the source's layout: its FY columns (and whether it has a `以降` column)
/// and its lines, from the same `report::layout` every report format draws.
fn item_layout(roadmap: &Roadmap, item: &Item) -> (Vec<Fy>, bool, Vec<GridRow>) {
    let (years, after) = columns(roadmap, item);
    let p = &roadmap.plan.period;
    let (first, last) = (p.first_fy.value, p.last_fy.value.max(p.first_fy.value));
    let ncols = years.len() + usize::from(after);
    let spans: Vec<Span> = item
        .milestones
        .iter()
        .map(|m| {
            let first_col = column_of(m.from.value, first, last).min(ncols.saturating_sub(1));
            Span {
                row: m.row.as_ref().map(|r| r.value),
                first_col,
                last_col: column_of(m.to.value, first, last)
                    .min(ncols.saturating_sub(1))
                    .max(first_col),
            }
        })
        .collect();
    let lines = layout(&spans, ncols);
    (years, after, lines)
}

/// What the item view shows after a milestone's text: 毎年度, the done date.
fn milestone_suffix(m: &crate::model::Milestone, lang: Lang) -> String {
    let w = lang.t();
    let mut text = String::new();
    if m.every_year {
        let _ = write!(text, " ({})", w.every_year);
    }
    if let Some(d) = &m.done_on {
        let _ = write!(text, " [{} {}]", w.done_on, d.value);
    }
    text
}

/// Each line's label: the source's row number and the tracks (取組) of its milestones, on the first
/// line of a row only (the lines below it continue it).
fn line_labels(lines: &[GridRow], item: &Item) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut shown: Option<Option<u32>> = None;
    for line in lines {
        let continues = line.row.is_some() && shown == Some(line.row);
        out.push(if continues {
            String::new()
        } else {
            line_label(line, item)
        });
        shown = Some(line.row);
    }
    out
}

/// A line's label: the source's row number and the tracks (取組) of its milestones.
fn line_label(line: &GridRow, item: &Item) -> String {
    let mut label = line.row.map_or_else(String::new, |r| r.to_string());
    for n in line.cells.iter().filter_map(|c| c.milestone) {
        if let Some(track) = &item.milestones[n].track
            && !label.contains(track.value.as_str())
        {
            let _ = write!(label, " {}", track.value);
        }
    }
    label.trim().to_owned()
}

fn milestone_state_of(standing: &ItemStanding, n: usize) -> MilestoneState {
    standing
        .milestones
        .get(n)
        .map_or(MilestoneState::Upcoming, |s| s.state)
}

/// The item's milestones in the source's layout, one table row per line, a milestone's text in
/// its first column and arrows through the rest of its span.
fn schedule_table(roadmap: &Roadmap, item: &Item, standing: &ItemStanding, view: &View) -> Table {
    let w = view.lang.t();
    let (years, after, lines) = item_layout(roadmap, item);
    let mut t = view.table();
    let mut header = vec![Cell::new(w.row)];
    header.extend(
        column_labels(&years, after, view.lang)
            .into_iter()
            .map(Cell::new),
    );
    t.set_header(header);
    let arrow = if view.ascii { "---->" } else { "───→" };
    for (line, label) in lines.iter().zip(line_labels(&lines, item)) {
        let mut r = vec![Cell::new(cell_text(&label))];
        for cell in &line.cells {
            let Some(n) = cell.milestone else {
                r.extend((0..cell.span).map(|_| Cell::new("")));
                continue;
            };
            let state = milestone_state_of(standing, n);
            let mark = view.milestone_mark(state);
            let m = &item.milestones[n];
            let text = format!("{mark} {}{}", m.text.value, milestone_suffix(m, view.lang));
            let colored = |c: Cell| {
                if view.color {
                    c.fg(milestone_color(state))
                } else {
                    c
                }
            };
            r.push(colored(Cell::new(cell_text(&text))));
            r.extend((1..cell.span).map(|_| colored(Cell::new(arrow))));
        }
        t.add_row(r);
    }
    t
}

/// One item as GitHub Markdown: the same parts as the terminal view, every text escaped.
pub fn item_markdown(
    roadmap: &Roadmap,
    item: &Item,
    standing: &ItemStanding,
    overall: &Standing,
    lang: Lang,
) -> String {
    let w = lang.t();
    let md = escape::markdown_cell;
    let themes: String = standing
        .themes
        .iter()
        .map(|t| format!(" {}", Theme::marker(*t)))
        .collect();
    let mut out = format!("# {} {}{themes}\n\n", item.id.value, md(&item.title));
    let _ = writeln!(
        out,
        "{}: {}{}  \n{}: {} {} · {}: {}/{} · {}: {}\n",
        w.as_of,
        overall.as_of,
        lang.fy_aside(overall.fiscal_year),
        w.state,
        item_mark(standing.state, false),
        lang.item_state(standing.state),
        w.done,
        standing.milestones_done,
        standing.milestones_total,
        w.overdue,
        standing.overdue
    );
    for t in &standing.themes {
        if let Some(theme) = roadmap.plan.theme(*t) {
            let _ = writeln!(out, "- {} {}", Theme::marker(*t), md(&theme.title));
        }
    }
    if !standing.themes.is_empty() {
        out.push('\n');
    }
    if item.milestones.is_empty() {
        let _ = writeln!(out, "*{}*\n", w.schedule_not_published);
    } else {
        let (years, after, lines) = item_layout(roadmap, item);
        let mut head = vec![w.row.to_owned()];
        head.extend(column_labels(&years, after, lang));
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
        for (line, label) in lines.iter().zip(line_labels(&lines, item)) {
            let mut cells = vec![md(&label)];
            for cell in &line.cells {
                match cell.milestone {
                    Some(n) => {
                        let state = milestone_state_of(standing, n);
                        let mark = milestone_mark(state, false);
                        let m = &item.milestones[n];
                        let suffix = milestone_suffix(m, lang);
                        cells.push(format!("{mark} {}{suffix}", md(&m.text)));
                        cells.extend((1..cell.span).map(|_| "→".to_owned()));
                    }
                    None => cells.extend((0..cell.span).map(|_| String::new())),
                }
            }
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    if !item.indicators.is_empty() {
        let p = &roadmap.plan.period;
        let years: Vec<Fy> = (p.first_fy.value..=p.last_fy.value).collect();
        let _ = writeln!(out, "## {}\n", w.indicators);
        let mut head = vec![w.indicators.to_owned(), w.unit.to_owned()];
        head.extend(
            years
                .iter()
                .map(|y| format!("{} ({} / {})", lang.fy_short(*y), w.actual, w.target)),
        );
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
        for i in &item.indicators {
            let mut cells = vec![
                md(&i.name),
                i.unit.as_ref().map_or_else(|| w.none.to_owned(), |u| md(u)),
            ];
            for y in &years {
                let f = |v: Option<&crate::model::Sp<f64>>| {
                    v.map_or_else(|| w.none.to_owned(), |v| text::number(v.value))
                };
                cells.push(format!("{} / {}", f(i.actuals.get(y)), f(i.targets.get(y))));
            }
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    if !item.notes.is_empty() {
        let _ = writeln!(out, "## {}\n", w.notes);
        for n in &item.notes {
            let _ = writeln!(out, "- {}", md(n));
        }
        out.push('\n');
    }
    out
}

fn indicator_table(roadmap: &Roadmap, item: &Item, overall: &Standing, view: &View) -> Table {
    let w = view.lang.t();
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.last_fy.value).collect();
    let mut t = view.table();
    let mut header = vec![Cell::new(w.indicators), Cell::new(w.unit)];
    header.extend(years.iter().map(|y| {
        Cell::new(format!(
            "{}\n{} / {}",
            view.lang.fy_short(*y),
            w.actual,
            w.target
        ))
    }));
    t.set_header(header);
    for i in &item.indicators {
        let mut row = vec![
            Cell::new(cell_text(&i.name)),
            Cell::new(i.unit.as_ref().map_or(w.none.to_owned(), |u| cell_text(u))),
        ];
        for y in &years {
            let actual = i.actuals.get(y).map(|v| text::number(v.value));
            let target = i.targets.get(y).map(|v| text::number(v.value));
            let closed = *y < overall.fiscal_year;
            let shown_actual = match (&actual, closed) {
                (Some(a), _) => a.clone(),
                (None, true) => format!("{} {}", w.none, w.missing),
                (None, false) => w.none.to_owned(),
            };
            let mut cell = Cell::new(format!(
                "{shown_actual} / {}",
                target.unwrap_or_else(|| w.none.to_owned())
            ))
            .set_alignment(CellAlignment::Right);
            if view.color && actual.is_none() && closed {
                cell = cell.fg(Color::Yellow);
            }
            row.push(cell);
        }
        t.add_row(row);
    }
    t
}

/// A terminal Gantt chart: one line per item across the plan's FYs, in quarters when the width
/// allows, each cell drawn by the worst state of the milestones running in that FY, with a column
/// marking the as-of date.
pub fn timeline(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.latest_fy.value.max(p.last_fy.value)).collect();
    let label_width = 34usize;
    // Quarters three columns wide when they fit (a FY label then has room), else two, else
    // one cell per FY.
    let room = usize::from(view.width).saturating_sub(label_width + 1);
    let (per_year, cell_width) = if room >= years.len() * 12 {
        (4, 3)
    } else if room >= years.len() * 8 {
        (4, 2)
    } else {
        (1, 10)
    };
    let quarters = per_year == 4;
    let calendar = roadmap.plan.fiscal_year_start;
    // The as-of column: quarter index within the FY from months since the FY's start.
    let as_of_col = years
        .iter()
        .position(|y| *y == standing.fiscal_year)
        .map(|n| {
            let start = calendar.start_of(standing.fiscal_year);
            let days = (standing.as_of - start).num_days().max(0) as usize;
            n * per_year + if quarters { (days * 4 / 366).min(3) } else { 0 }
        });
    let mut out = header(roadmap, standing, view);
    let _ = writeln!(out, "\n{}", view.bold(w.timeline));
    // Year header.
    let mut line = " ".repeat(label_width + 1);
    for y in &years {
        let column = if *y > p.last_fy.value {
            Column::After
        } else {
            Column::Fy(*y)
        };
        let label = column_label(column, view.lang);
        line.push_str(&text::pad(
            &text::truncate(&label, per_year * cell_width),
            per_year * cell_width,
        ));
    }
    let _ = writeln!(out, "{}", line.trim_end());
    if quarters {
        let mut q = " ".repeat(label_width + 1);
        for _ in &years {
            for n in 1..=4 {
                q.push_str(&text::pad(&format!("Q{n}"), cell_width));
            }
        }
        let _ = writeln!(out, "{}", q.trim_end());
    }
    if let Some(col) = as_of_col {
        let marker = if view.ascii { "v" } else { "▼" };
        let _ = writeln!(
            out,
            "{}{marker} {} {}",
            " ".repeat(label_width + 1 + col * cell_width),
            w.as_of,
            standing.as_of
        );
    }
    for s in &standing.items {
        let Some(item) = roadmap.item(&s.id) else {
            continue;
        };
        let label = format!("{} {}", s.id, one_line(&item.title));
        let mut line = text::pad(&text::truncate(&label, label_width), label_width);
        line.push(' ');
        for (n, y) in years.iter().enumerate() {
            let worst = item
                .milestones
                .iter()
                .zip(&s.milestones)
                .filter(|(m, _)| {
                    m.from.value <= *y
                        && (*y <= m.to.value || (*y == years[years.len() - 1] && m.to.value > *y))
                })
                .map(|(_, st)| st.state)
                .filter(|st| *st != MilestoneState::Dropped)
                .min_by_key(|st| theme::severity(*st));
            for q in 0..per_year {
                let col = n * per_year + q;
                let glyph = match worst {
                    Some(st) => theme::bar(st, view.ascii).repeat(cell_width),
                    None if Some(col) == as_of_col => format!(
                        "{}{}",
                        if view.ascii { "|" } else { "│" },
                        " ".repeat(cell_width - 1)
                    ),
                    None => " ".repeat(cell_width),
                };
                match (view.color, worst) {
                    (true, Some(st)) => {
                        let term = theme::milestone_tone(st).term;
                        let _ = write!(line, "{}{glyph}\x1b[0m", term.ansi());
                    }
                    _ => line.push_str(&glyph),
                }
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    // Dropped milestones draw nothing, so the legend does not explain them.
    let legend: Vec<String> = theme::LEGEND
        .iter()
        .filter(|st| **st != MilestoneState::Dropped)
        .map(|st| {
            format!(
                "{} {}",
                theme::bar(*st, view.ascii),
                view.lang.milestone_state(*st)
            )
        })
        .collect();
    let _ = writeln!(out, "\n{}: {}", w.legend, legend.join("  "));
    out
}

/// The overview as GitHub Markdown.
pub fn markdown(roadmap: &Roadmap, standing: &Standing, lang: Lang) -> String {
    let w = lang.t();
    let md = escape::markdown_cell;
    let mut out = format!("# {}\n\n", md(&roadmap.plan.title));
    let fiscal_year = lang.fy_aside(standing.fiscal_year);
    let _ = writeln!(
        out,
        "{}: {}{fiscal_year}  \n{}: {}–{}\n",
        w.as_of,
        standing.as_of,
        w.plan_period,
        lang.fy(standing.first_fy),
        lang.fy(standing.last_fy)
    );
    if standing.plan_over {
        let _ = writeln!(out, "> {}\n", w.plan_over);
    }
    let _ = writeln!(out, "## {}\n", w.overview);
    let mut head = format!("| {} | {} |", w.group, w.items);
    for s in ItemState::ALL {
        let _ = write!(head, " {} |", lang.item_state(s));
    }
    let _ = write!(head, " {} |", w.milestones_done);
    let _ = writeln!(out, "{head}");
    let _ = writeln!(
        out,
        "|---|---:|{}---:|",
        "---:|".repeat(ItemState::ALL.len())
    );
    let row = |label: String, r: &Rollup| {
        let mut s = format!("| {label} | {} |", r.items);
        for st in ItemState::ALL {
            let _ = write!(s, " {} |", r.count(st));
        }
        let _ = write!(s, " {} |", percent(r));
        s
    };
    for c in &standing.categories {
        let _ = writeln!(
            out,
            "{}",
            row(format!("{}. {}", c.number, md(&c.title)), &c.rollup)
        );
        for s in &c.subcategories {
            let _ = writeln!(
                out,
                "{}",
                row(format!("　({}) {}", s.number, md(&s.title)), &s.rollup)
            );
        }
    }
    for t in &standing.themes {
        let _ = writeln!(
            out,
            "{}",
            row(format!("※{} {}", t.id, md(&t.title)), &t.rollup)
        );
    }
    let _ = writeln!(out, "{}", row(format!("**{}**", w.total), &standing.totals));
    for c in &standing.categories {
        if c.rollup.items == 0 {
            continue;
        }
        let _ = writeln!(out, "\n## {}. {}\n", c.number, md(&c.title));
        for s in &c.subcategories {
            let items = standing.items_in(c.number, s.number);
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### ({}) {}\n", s.number, md(&s.title));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---:|---:|---|",
                w.id, w.item, w.theme_col, w.state, w.done, w.overdue, w.next_due
            );
            for i in items {
                let themes: Vec<_> = i.themes.iter().map(|t| Theme::marker(*t)).collect();
                let next = i.next.as_ref().map_or_else(String::new, |n| {
                    format!("{} {}", lang.fy_short(n.to), md(&n.text))
                });
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} {} | {}/{} | {} | {next} |",
                    i.id,
                    md(&i.title),
                    themes.join(" "),
                    item_mark(i.state, false),
                    lang.item_state(i.state),
                    i.milestones_done,
                    i.milestones_total,
                    i.overdue
                );
            }
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct JsonOverview<'a> {
    schema_version: u32,
    title: &'a str,
    #[serde(flatten)]
    standing: &'a Standing,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    schema_version: u32,
    as_of: chrono::NaiveDate,
    fiscal_year: Fy,
    item: &'a Item,
    standing: &'a ItemStanding,
}

/// The standing as JSON (docs/status.md documents the fields).
pub fn json(roadmap: &Roadmap, standing: &Standing) -> String {
    let doc = JsonOverview {
        schema_version: 1,
        title: &roadmap.plan.title,
        standing,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// One item and its standing as JSON.
pub fn item_json(item: &Item, standing: &ItemStanding, overall: &Standing) -> String {
    let doc = JsonItem {
        schema_version: 1,
        as_of: overall.as_of,
        fiscal_year: overall.fiscal_year,
        item,
        standing,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
