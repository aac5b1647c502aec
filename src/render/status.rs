//! `roadmap status` output: the header and the overview (roll-ups, then items by 大項目 → 中項目)
//! for a terminal, as Markdown and as JSON. One item's view is in [`super::item`], the timeline in
//! [`super::timeline`]. Tables are laid out by comfy-table, which measures display width, so
//! full-width text stays aligned.

use std::fmt::Write as _;

use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
    presets,
};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::i18n::{Lang, Msg};
use crate::model::{Roadmap, Theme};
use crate::render::escape;
use crate::render::theme;
use crate::status::{ItemStanding, Rollup, Standing, State};
use crate::text::{self, one_line, terminal_safe};

/// The most a table cell shows of a text, in display columns. Tables wrap their cells, and
/// wrapping grows with the text; a longer text is cut with `…` (the item's file has it whole).
const MAX_CELL_COLUMNS: usize = 1000;

/// Below this terminal width, long state labels take two lines.
const NARROW: u16 = 120;

/// Data text for a table cell: safe for a terminal (lines stay inside the cell) and bounded.
pub(super) fn cell_text(s: &str) -> String {
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
    pub(super) fn table(&self) -> Table {
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

    /// `▲ 遅延`, in the state's colour.
    pub(super) fn state_cell(&self, s: State) -> Cell {
        let cell = Cell::new(self.state_label_narrow(s));
        if self.color { cell.fg(color(s)) } else { cell }
    }

    pub(super) fn state_label(&self, s: State) -> String {
        format!("{} {}", self.mark(s), self.lang.state(s))
    }

    /// The label for a narrow column: broken after its own `・` or `, ` when the terminal is narrow,
    /// so that a table never breaks it mid-word (「期限超過・未 / 報告」).
    pub(super) fn state_label_narrow(&self, s: State) -> String {
        let label = self.state_label(s);
        if self.width >= NARROW {
            return label;
        }
        for sep in ["・", ", "] {
            if let Some(at) = label.find(sep) {
                let (head, tail) = label.split_at(at + sep.len());
                return format!("{}\n  {tail}", head.trim_end());
            }
        }
        label
    }

    pub(super) fn mark(&self, s: State) -> &'static str {
        theme::mark(s, self.ascii)
    }

    pub(super) fn theme_marks(&self, themes: &[u32]) -> String {
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

    pub(super) fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
}

pub(super) fn color(s: State) -> Color {
    theme::tone(s).term.comfy()
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

/// One line of counts: items by state, then milestones done.
fn counts(rollup: &Rollup, view: &View) -> String {
    let w = view.lang.t();
    let mut parts: Vec<String> = State::ALL
        .iter()
        .filter(|s| rollup.count(**s) > 0)
        .map(|s| {
            format!(
                "{}{} {}",
                view.mark(*s),
                view.lang.state(*s),
                rollup.count(*s)
            )
        })
        .collect();
    parts.push(format!("{} {}", w.milestones_done, percent(rollup)));
    if rollup.stale > 0 {
        parts.push(format!("{} {}", w.stale, rollup.stale));
    }
    parts.join("  ")
}

pub(super) fn percent(r: &Rollup) -> String {
    match r.percent_done {
        Some(p) => format!("{}/{} ({p:.1}%)", r.milestones_done, r.milestones_total),
        None => "0/0".to_owned(),
    }
}

/// The roll-up table: every 大項目 and 中項目, then every theme, with counts by state.
fn rollup_table(standing: &Standing, view: &View) -> Table {
    let w = view.lang.t();
    let mut t = view.table();
    // Only the states that occur: nine mostly empty columns would squeeze the titles.
    let states: Vec<State> = State::ALL
        .into_iter()
        .filter(|s| standing.totals.count(*s) > 0)
        .collect();
    let mut header = vec![Cell::new(w.group), Cell::new(w.items)];
    for s in &states {
        // A header takes the narrow label without the space after the mark: `△期限超過・/未報告`.
        header.push(Cell::new(view.state_label_narrow(*s).replacen(' ', "", 1)));
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
                c = c.fg(color(s));
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
    t
}

/// The default view: header, roll-ups, then the items grouped by 大項目 → 中項目.
pub fn overview(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let mut out = header(roadmap, standing, view);
    let _ = writeln!(out, "{}", counts(&standing.totals, view));
    if State::ALL
        .iter()
        .any(|s| s.is_derived() && standing.totals.count(*s) > 0)
    {
        let _ = writeln!(out, "({})", w.derived_note);
    }
    out.push('\n');
    let _ = writeln!(out, "{}", view.bold(w.overview));
    let _ = writeln!(out, "{}", rollup_table(standing, view));
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
            let _ = writeln!(out, "{}", item_table(&items, view));
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
        let _ = writeln!(out, "{}", item_table(&orphans, view));
    }
    out
}

/// The last report's day, or that there is none, and whether it is past the reporting cycle.
fn last_reported(i: &ItemStanding, lang: Lang) -> String {
    let w = lang.t();
    let mut s = i
        .last_reported
        .map_or_else(|| w.no_report.to_owned(), |d| d.to_string());
    if i.stale {
        let _ = write!(s, " ({})", w.stale);
    }
    s
}

fn item_table(items: &[&ItemStanding], view: &View) -> Table {
    let w = view.lang.t();
    let mut t = view.table();
    t.set_header(vec![
        w.id,
        w.item,
        w.theme_col,
        w.state,
        w.done,
        w.last_reported,
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
        let mut reported = Cell::new(last_reported(i, view.lang));
        if view.color && i.stale {
            reported = reported.fg(Color::Yellow);
        }
        t.add_row(vec![
            Cell::new(i.id),
            Cell::new(cell_text(&i.title)),
            Cell::new(view.theme_marks(&i.themes)),
            view.state_cell(i.state),
            Cell::new(format!("{}/{}", i.milestones_done, i.milestones_total))
                .set_alignment(CellAlignment::Right),
            reported,
            Cell::new(next),
            Cell::new(freshness(i, view)),
        ]);
    }
    // A state is one label: never wrapped mid-word (「期限超過・未 / 報告」).
    let widest = items
        .iter()
        .flat_map(|i| {
            view.state_label_narrow(i.state)
                .lines()
                .map(UnicodeWidthStr::width)
                .collect::<Vec<_>>()
        })
        .max()
        .unwrap_or(0);
    if let Some(col) = t.column_mut(3) {
        col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
            u16::try_from(widest + 2).unwrap_or(u16::MAX),
        )));
    }
    t
}

/// Indicator data: `－` without indicators, else how many have data, up to which FY, and the
/// closed FYs without.
fn freshness(i: &ItemStanding, view: &View) -> String {
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
    for s in State::ALL {
        let _ = write!(head, " {} |", lang.state(s));
    }
    let _ = write!(head, " {} |", w.milestones_done);
    let _ = writeln!(out, "{head}");
    let _ = writeln!(out, "|---|---:|{}---:|", "---:|".repeat(State::ALL.len()));
    let row = |label: String, r: &Rollup| {
        let mut s = format!("| {label} | {} |", r.items);
        for st in State::ALL {
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
    let _ = writeln!(out, "\n*{}*", w.derived_note);
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
                "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---:|---|---|",
                w.id, w.item, w.theme_col, w.state, w.done, w.last_reported, w.next_due
            );
            for i in items {
                let themes: Vec<_> = i.themes.iter().map(|t| Theme::marker(*t)).collect();
                let next = i.next.as_ref().map_or_else(String::new, |n| {
                    format!("{} {}", lang.fy_short(n.to), md(&n.text))
                });
                let reported = last_reported(i, lang);
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} {} | {}/{} | {reported} | {next} |",
                    i.id,
                    md(&i.title),
                    themes.join(" "),
                    theme::mark(i.state, false),
                    lang.state(i.state),
                    i.milestones_done,
                    i.milestones_total,
                );
            }
            out.push('\n');
        }
    }
    out
}

/// The version of the status JSON (docs/status.md): bumped when a field changes meaning or goes.
pub const JSON_SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct JsonOverview<'a> {
    schema_version: u32,
    title: &'a str,
    #[serde(flatten)]
    standing: &'a Standing,
}

/// The standing as JSON (docs/status.md documents the fields).
pub fn json(roadmap: &Roadmap, standing: &Standing) -> String {
    let doc = JsonOverview {
        schema_version: JSON_SCHEMA_VERSION,
        title: &roadmap.plan.title,
        standing,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
