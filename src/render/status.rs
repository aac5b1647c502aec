//! `roadmap status` output: the header and the overview (roll-ups, then items by 大項目 → 中項目)
//! for a terminal, as Markdown and as JSON. One item's view is in [`super::item`], the timeline in
//! [`super::timeline`]. Tables are laid out by comfy-table, which measures display width, so
//! full-width text stays aligned.

use std::fmt::Write as _;

use comfy_table::Color;
use serde::Serialize;

use crate::i18n::{Lang, Msg};
use crate::model::{Roadmap, Theme};
use crate::render::table::{self, Col, Text};
use crate::render::theme;
use crate::render::{dates, escape};
use crate::status::{ItemStanding, Rollup, Standing, State};
use crate::text::{self, one_line, terminal_safe};

/// The most a table cell shows of a text, in display columns. Tables wrap their cells, and
/// wrapping grows with the text; a longer text is cut with `…` (the item's file has it whole).
const MAX_CELL_COLUMNS: usize = 1000;

/// Below this terminal width, long state labels take two lines.
const NARROW: u16 = 120;

/// Data text for a table cell: safe for a terminal (lines stay inside the cell) and bounded.
pub(super) fn cell_text(s: &str) -> String {
    let ellipsis = crate::i18n::glyph::ellipsis();
    text::truncate_with(&terminal_safe(s), MAX_CELL_COLUMNS, ellipsis).into_owned()
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
    /// A paragraph wrapped to the terminal by Japanese line breaking, later lines after `indent`.
    pub(super) fn wrap(&self, s: &str, indent: &str) -> String {
        let width = usize::from(self.width)
            .saturating_sub(text::width(indent))
            .max(20);
        text::wrap(s, width).join(&format!("\n{indent}"))
    }

    /// Text cut to `max` columns, with `…` (or `...` in ASCII) where it was cut.
    pub(super) fn truncate(&self, s: &str, max: usize) -> String {
        text::truncate_with(s, max, if self.ascii { "..." } else { "…" }).into_owned()
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
    let _ = writeln!(out, "{}", view.bold(&view.wrap(&title, "")));
    let period = view.lang.period(standing.first_fy, standing.last_fy);
    let fiscal_year = view.lang.fy_aside(standing.fiscal_year);
    let as_of = format!(
        "{}: {}{fiscal_year}",
        w.as_of,
        dates::date(standing.as_of, view.lang)
    );
    let period = format!("{}: {period}", w.plan_period);
    let _ = writeln!(
        out,
        "{}",
        text::fill(&[as_of, period], "   ", usize::from(view.width), "")
    );
    if standing.plan_over {
        let end = plan.fiscal_year_start.end_of(standing.last_fy);
        let note = view.lang.msg(&Msg::PlanOver {
            end: dates::date(end, view.lang),
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
    parts.push(format!(
        "{} {}",
        w.milestones_done,
        percent(rollup, view.lang)
    ));
    if rollup.stale > 0 {
        parts.push(format!("{} {}", w.stale, rollup.stale));
    }
    // No longer past due, and still said: a change made once the deadline had passed.
    if rollup.changed_after_deadline > 0 {
        parts.push(format!(
            "{} {}",
            w.changed_after_deadline, rollup.changed_after_deadline
        ));
    }
    text::fill(&parts, "  ", usize::from(view.width), "")
}

/// `4/14 (28.6%)`, `4/14（28.6%）` in Japanese.
pub(super) fn percent(r: &Rollup, lang: Lang) -> String {
    match r.percent_done {
        Some(p) => format!(
            "{}/{}{}",
            r.milestones_done,
            r.milestones_total,
            lang.aside(&format!("{p:.1}%"))
        ),
        None => "0/0".to_owned(),
    }
}

/// The groups of the roll-up: every group at every depth (大項目 and its 中項目), then every
/// theme, then the total (label, counts, whether it is a heading). Groups below the second level
/// are indented by their depth.
fn rollup_rows(standing: &Standing, view: &View) -> Vec<(String, Rollup, bool)> {
    let mut out = Vec::new();
    for top in standing.tree().iter() {
        for g in top.walk().into_iter().filter(|g| g.rollup.items > 0) {
            let indent = "  ".repeat(g.depth().saturating_sub(2));
            let label = format!("{indent}{}", g.heading(&cell_text(&g.name.title)));
            out.push((label, g.rollup.clone(), g.depth() == 1));
        }
    }
    for th in standing.themes.iter().filter(|t| t.rollup.items > 0) {
        let mark = view.theme_marks(&[th.id]);
        out.push((
            format!("{mark} {}", cell_text(&th.title)),
            th.rollup.clone(),
            false,
        ));
    }
    out.push((
        view.lang.t().total.to_owned(),
        standing.totals.clone(),
        true,
    ));
    out
}

/// The states that occur, in order: nine mostly empty columns would squeeze the titles.
fn states_present(standing: &Standing) -> Vec<State> {
    State::ALL
        .into_iter()
        .filter(|s| standing.totals.count(*s) > 0)
        .collect()
}

/// The roll-up as a table, when the group titles get room enough; else `None`.
fn rollup_table(plan: &crate::model::Plan, standing: &Standing, view: &View) -> Option<String> {
    let w = view.lang.t();
    let states = states_present(standing);
    let (group, _) = super::level_headers(plan, view.lang);
    let mut cols = vec![Col::wrap(group), Col::fixed(w.items).right()];
    for s in &states {
        // A header takes the narrow label without the space after the mark: `△期限超過・/未報告`.
        cols.push(Col::fixed(view.state_label_narrow(*s).replacen(' ', "", 1)).right());
    }
    cols.push(Col::fixed(w.milestones_done).right());
    let rows: Vec<Vec<Text>> = rollup_rows(standing, view)
        .into_iter()
        .map(|(label, r, heading)| {
            let mut label = Text::new(label);
            if heading {
                label = label.bold();
            }
            let r = &r;
            let mut cells = vec![label, Text::new(r.items.to_string())];
            for s in states.iter().copied() {
                let n = r.count(s);
                let shown = if n == 0 { String::new() } else { n.to_string() };
                cells.push(Text::new(shown).color((n > 0).then(|| color(s))));
            }
            cells.push(Text::new(percent(r, view.lang)));
            cells
        })
        .collect();
    let width = usize::from(view.width);
    // Below a third of the width, a title would wrap over many lines: give it a line of its own.
    if table::widths(&cols, &rows, width)[0] < width / 3 {
        return None;
    }
    Some(table::draw(&cols, &rows, width, view.ascii, view.color).to_string())
}

/// The roll-up for a narrow terminal: each group's title on its own line, its counts below.
fn rollup_list(standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let states = states_present(standing);
    let mut out = String::new();
    for (label, r, heading) in rollup_rows(standing, view) {
        let _ = writeln!(out, "{}", if heading { view.bold(&label) } else { label });
        let mut parts = vec![format!("{} {}", w.items, r.items)];
        for s in &states {
            let n = r.count(*s);
            if n > 0 {
                parts.push(format!("{} {n}", view.state_label(*s).replacen(' ', "", 1)));
            }
        }
        parts.push(format!("{} {}", w.milestones_done, percent(&r, view.lang)));
        let width = usize::from(view.width);
        let _ = writeln!(
            out,
            "    {}",
            text::fill(&parts, "  ", width.saturating_sub(4), "    ")
        );
    }
    out
}

/// The default view: header, roll-ups, then the items grouped by 大項目 → 中項目.
pub fn overview(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    overview_parts(roadmap, standing, view).concat()
}

/// [`overview`] in the pieces it is drawn in (the head, then a group's table at a time), for a
/// caller that writes them out one by one: a 100,000-item overview is some 60 MB, and joining it
/// would hold it twice.
pub fn overview_parts(roadmap: &Roadmap, standing: &Standing, view: &View) -> Vec<String> {
    let w = view.lang.t();
    let mut out = header(roadmap, standing, view);
    let _ = writeln!(out, "{}", counts(&standing.totals, view));
    if State::ALL
        .iter()
        .any(|s| s.is_derived() && standing.totals.count(*s) > 0)
    {
        let _ = writeln!(out, "{}", view.wrap(&view.lang.bracket(w.derived_note), ""));
    }
    if standing.totals.count(State::BeforePlan) > 0 {
        let _ = writeln!(
            out,
            "{}",
            view.wrap(&view.lang.bracket(w.before_plan_note), "")
        );
    }
    out.push('\n');
    let _ = writeln!(out, "{}", view.bold(w.overview));
    match rollup_table(&roadmap.plan, standing, view) {
        Some(t) => {
            let _ = writeln!(out, "{t}");
        }
        None => out.push_str(&rollup_list(standing, view)),
    }
    if let Some(t) = owner_rollup(standing, view) {
        let _ = writeln!(out, "\n{}\n{}", view.bold(w.by_owner), t.trim_end());
    }
    if standing.items.is_empty() {
        let _ = writeln!(out, "\n{}", w.no_items);
        return vec![out];
    }
    // Every group at every depth, its heading (the top level bold, after a blank line), then
    // the items directly in it. The tables are laid out on all cores: on a large roadmap, fitting
    // and wrapping thousands of rows is most of the view's cost.
    let mut sections = Vec::new();
    for top in standing.tree().iter() {
        for g in top.walk().into_iter().filter(|g| g.rollup.items > 0) {
            let heading = g.heading(&one_line(&g.name.title));
            let heading = if g.depth() == 1 {
                format!("\n{}", view.bold(&heading))
            } else {
                heading
            };
            sections.push((heading, standing.items_directly_in(g.name.id)));
        }
    }
    let drawn = crate::par::map(sections, |(heading, items)| {
        if items.is_empty() {
            format!("{heading}\n")
        } else {
            format!("{heading}\n{}\n", item_table(&roadmap.plan, &items, view))
        }
    });
    let mut parts = Vec::with_capacity(drawn.len() + 2);
    parts.push(out);
    parts.extend(drawn);
    // Items whose 大項目/中項目 the plan does not define still show (validate reports them).
    let orphans: Vec<_> = standing
        .items
        .iter()
        .filter(|i| {
            let parts = i.id.parts();
            roadmap
                .plan
                .group(crate::model::ItemId::from_parts(
                    &parts[..parts.len().min(2)],
                ))
                .is_none()
        })
        .collect();
    if !orphans.is_empty() {
        parts.push(format!(
            "\n?\n{}\n",
            item_table(&roadmap.plan, &orphans, view)
        ));
    }
    parts
}

/// An item's title as lists show it: the source's display number first (No.1), and a note when
/// only one owner's milestones are shown (`--owner`).
pub(super) fn item_title(i: &ItemStanding, lang: Lang) -> String {
    let mut title = match &i.number {
        Some(n) => format!("{n} {}", i.title),
        None => i.title.clone(),
    };
    if let Some(note) = super::item::only_owner_note(i, lang) {
        title.push_str(&lang.aside(&note));
    }
    title
}

/// The owner roll-up (担当別): the report's table of it, drawn for a terminal; `None` when the
/// plan names no owners.
fn owner_rollup(standing: &Standing, view: &View) -> Option<String> {
    let t = crate::render::report::owner_table(&standing.owners, view.ascii, view.lang)?;
    let mut cols = vec![Col::wrap(t.headers[0].clone())];
    // A state's header without the space after its mark: `●完了`.
    let states = 2..t.headers.len() - 3;
    cols.extend(t.headers.iter().enumerate().skip(1).map(|(k, h)| {
        let h = if states.contains(&k) {
            h.replacen(' ', "", 1)
        } else {
            h.clone()
        };
        Col::fixed(h).right()
    }));
    let rows: Vec<Vec<Text>> = t
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|c| match c {
                    crate::render::report::Cell::Count(n) => Text::new(n.to_string()),
                    crate::render::report::Cell::Text(s) => Text::new(cell_text(s)),
                    _ => Text::default(),
                })
                .collect()
        })
        .collect();
    let width = usize::from(view.width);
    if let Some(t) =
        table::draw_fitting(&cols, &rows, (width, NARROW_COLUMN), view.ascii, view.color)
    {
        return Some(t.to_string());
    }
    // Too narrow: each owner on a line, its counts below (a state none of its milestones is in
    // is left out).
    let mut out = String::new();
    for row in &rows {
        let _ = writeln!(out, "{}", view.bold(&row[0].text));
        let parts: Vec<String> = (cols.iter().zip(row).enumerate().skip(1))
            .filter(|(k, (_, c))| !states.contains(k) || c.text != "0")
            .map(|(_, (col, c))| format!("{} {}", col.header, c.text))
            .collect();
        let fill = text::fill(&parts, "  ", width.saturating_sub(4), "    ");
        let _ = writeln!(out, "    {fill}");
    }
    Some(out)
}

/// The last report's day, or that there is none, and whether it is past the reporting cycle.
fn last_reported(i: &ItemStanding, lang: Lang) -> String {
    let w = lang.t();
    let mut s = i
        .last_reported
        .map_or_else(|| w.no_report.to_owned(), |d| dates::date(d, lang));
    if i.stale {
        s.push_str(&lang.aside(w.stale));
    }
    s
}

/// Whether any of a table's items has had its schedule changed: the 計画変更 column is shown only
/// then (a column of nothing would squeeze the titles).
fn any_changes(items: &[&ItemStanding]) -> bool {
    items.iter().any(|i| i.changes > 0)
}

/// An item's schedule changes in force, counted (`1件`); empty when there are none.
fn change_count(i: &ItemStanding, lang: Lang) -> String {
    if i.changes == 0 {
        return String::new();
    }
    lang.msg(&Msg::ChangeCount { n: i.changes })
}

fn item_table(plan: &crate::model::Plan, items: &[&ItemStanding], view: &View) -> String {
    let w = view.lang.t();
    let (_, item_header) = super::level_headers(plan, view.lang);
    let changed = any_changes(items);
    let mut cols = vec![
        Col::fixed(w.id),
        Col::wrap(item_header),
        Col::fixed(view.lang.theme_col()),
        Col::fixed(w.state),
        Col::fixed(w.done).right(),
    ];
    if changed {
        cols.push(Col::fixed(w.schedule_changes).right());
    }
    cols.extend([
        Col::fixed(w.last_reported),
        Col::wrap(w.next_due),
        Col::wrap(w.indicators),
    ]);
    let rows: Vec<Vec<Text>> = items
        .iter()
        .map(|i| {
            let next = i.next.as_ref().map_or_else(String::new, |n| {
                format!(
                    "{} {}",
                    crate::render::report::next_due_label(n, view.lang),
                    view.truncate(&one_line(&n.text), 40)
                )
            });
            let mut row = vec![
                Text::new(i.id.to_string()),
                Text::new(cell_text(&item_title(i, view.lang))),
                Text::new(view.theme_marks(&i.themes)),
                // A state is one label, in two lines at most where narrow: never 「期限超過・未 / 報告」.
                Text::new(view.state_label_narrow(i.state)).color(Some(color(i.state))),
                Text::new(format!("{}/{}", i.milestones_done, i.milestones_total)),
            ];
            if changed {
                row.push(Text::new(change_count(i, view.lang)));
            }
            row.extend([
                Text::new(last_reported(i, view.lang)).color(i.stale.then_some(Color::Yellow)),
                Text::new(next),
                Text::new(freshness(i, view)),
            ]);
            row
        })
        .collect();
    let width = usize::from(view.width);
    match table::draw_fitting(&cols, &rows, (width, NARROW_COLUMN), view.ascii, view.color) {
        Some(t) => t.to_string(),
        None => item_list(&cols, &rows, view),
    }
}

/// The narrowest a wrapped column may be before a table turns into a list.
pub(super) const NARROW_COLUMN: usize = 10;

/// Items as a list, for a terminal too narrow for their table: the id and title on a line, then
/// the other columns as `header value` pairs, wrapped.
fn item_list(cols: &[Col], rows: &[Vec<Text>], view: &View) -> String {
    let mut out = String::new();
    let width = usize::from(view.width).saturating_sub(4);
    for row in rows {
        let title = format!("{} {}", row[0].text, row[1].text);
        let _ = writeln!(out, "{}", view.bold(&view.wrap(&title, "  ")));
        // A cell's lines as one (a narrow state label is two).
        let one = |s: &str| s.lines().map(str::trim).collect::<Vec<_>>().join("");
        let cells = cols
            .iter()
            .zip(row)
            .skip(2)
            .filter(|(_, c)| !c.text.trim().is_empty());
        let (short, long): (Vec<_>, Vec<_>) =
            cells.partition(|(col, _)| col.fit == table::Fit::Fixed);
        let short: Vec<String> = short
            .iter()
            .map(|(col, c)| {
                let (header, value) = (one(&col.header), one(&c.text));
                // A value that names its column already (※1 under ※) is not labelled twice.
                if value.starts_with(&header) {
                    value
                } else {
                    format!("{header} {value}")
                }
            })
            .collect();
        if !short.is_empty() {
            let _ = writeln!(out, "    {}", text::fill(&short, "  ", width, "    "));
        }
        for (col, c) in long {
            let line = format!("{}: {}", one(&col.header), one(&c.text));
            let _ = writeln!(out, "    {}", view.wrap(&line, "      "));
        }
    }
    out
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
        s.push_str(&view.lang.aside(&format!("{} {missing}", w.missing)));
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
        "{}: {}{fiscal_year}  \n{}: {}\n",
        w.as_of,
        dates::date(standing.as_of, lang),
        w.plan_period,
        lang.period(standing.first_fy, standing.last_fy)
    );
    if standing.plan_over {
        let _ = writeln!(out, "> {}\n", w.plan_over);
    }
    let _ = writeln!(out, "## {}\n", w.overview);
    let (group_header, item_header) = super::level_headers(&roadmap.plan, lang);
    let mut head = format!("| {group_header} | {} |", w.items);
    let states = standing.item_states();
    for s in &states {
        let _ = write!(head, " {} |", lang.state(*s));
    }
    let _ = write!(head, " {} |", w.milestones_done);
    let _ = writeln!(out, "{head}");
    let _ = writeln!(out, "|---|---:|{}---:|", "---:|".repeat(states.len()));
    let row = |label: String, r: &Rollup| {
        let mut s = format!("| {label} | {} |", r.items);
        for st in states.iter().copied() {
            let _ = write!(s, " {} |", r.count(st));
        }
        let _ = write!(s, " {} |", percent(r, lang));
        s
    };
    let tree = standing.tree();
    for g in tree.iter().flat_map(|top| top.walk()) {
        let indent = "　".repeat(g.depth() - 1);
        let label = format!("{indent}{}", g.heading(&md(&g.name.title)));
        let _ = writeln!(out, "{}", row(label, &g.rollup));
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
    if let Some(t) = crate::render::report::owner_table(&standing.owners, false, lang) {
        let _ = writeln!(out, "\n## {}\n", w.by_owner);
        let _ = writeln!(out, "| {} |", t.headers.join(" | "));
        let _ = writeln!(out, "|---|{}", "---:|".repeat(t.headers.len() - 1));
        for r in &t.rows {
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| match c {
                    crate::render::report::Cell::Count(n) => n.to_string(),
                    crate::render::report::Cell::Text(s) => md(s),
                    _ => String::new(),
                })
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    for g in tree.iter().flat_map(|top| top.walk()) {
        if g.rollup.items == 0 {
            continue;
        }
        let hashes = "#".repeat((g.depth() + 1).min(6));
        if g.depth() == 1 {
            let _ = writeln!(out, "\n{hashes} {}\n", g.heading(&md(&g.name.title)));
        } else {
            let _ = writeln!(out, "{hashes} {}\n", g.heading(&md(&g.name.title)));
        }
        {
            let items = standing.items_directly_in(g.name.id);
            if items.is_empty() {
                continue;
            }
            let changed = any_changes(&items);
            let (head, rule) = if changed {
                (format!(" {} |", w.schedule_changes), "---:|")
            } else {
                (String::new(), "")
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |{head} {} | {} |\n|---|---|---|---|---:|{rule}---|---|",
                w.id, item_header, w.theme_col, w.state, w.done, w.last_reported, w.next_due
            );
            for i in items {
                let themes: Vec<_> = i.themes.iter().map(|t| Theme::marker(*t)).collect();
                let next = i.next.as_ref().map_or_else(String::new, |n| {
                    let due = crate::render::report::next_due_label(n, lang);
                    format!("{due} {}", md(&n.text))
                });
                let reported = last_reported(i, lang);
                let count = if changed {
                    format!(" {} |", change_count(i, lang))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} {} | {}/{} |{count} {reported} | {next} |",
                    i.id,
                    md(&item_title(i, lang)),
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

/// Writes the standing as JSON (docs/status.md documents the fields) as it is made: at 100,000
/// items it is 275 MB, which was held whole (and its vector's room grown by doubling) before a
/// byte was written.
pub fn write_json(
    roadmap: &Roadmap,
    standing: &Standing,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let doc = JsonOverview {
        schema_version: JSON_SCHEMA_VERSION,
        title: &roadmap.plan.title,
        standing,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
