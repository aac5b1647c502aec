//! The report as GitHub Markdown. Every text from the data goes through
//! [`escape::markdown_cell`]: it cannot break a table, inject HTML or start Markdown syntax.
//!
//! [`escape::markdown_cell`]: crate::render::escape::markdown_cell

use std::fmt::Write as _;

use super::{Cell, Table};
use crate::i18n::Lang;
use crate::render::escape::markdown_cell as esc;
use crate::render::theme;
use crate::report::Report;

/// One cell, written for a Markdown table.
fn cell(c: &Cell<'_>, lang: Lang) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => esc(s),
        Cell::Strong(s) => format!("**{}**", esc(s)),
        Cell::Note(s) => format!("*{s}*"),
        Cell::Count(n) => n.to_string(),
        Cell::Fraction(done, total) => format!("{done}/{total}"),
        Cell::Percent(p) => super::percent_label(*p, lang),
        Cell::Date(d) => d.map(|d| super::date_label(d, lang)).unwrap_or_default(),
        Cell::Fy(fy) => fy.to_string(),
        Cell::Span {
            from,
            end,
            every_year,
        } => super::span_label(*from, end, *every_year, lang),
        Cell::Number(v) => super::value_text(*v),
        Cell::ActualTarget(a, t) => esc(&super::actual_target_label(*a, *t, lang)),
        Cell::State(s) => super::state_label(*s, lang),
        Cell::Reported(s) => lang.reported(*s).to_owned(),
        Cell::Attainment(a) => lang.attainment(*a).to_owned(),
        Cell::Tracked(track, text) => esc(&super::tracked_label(*track, text, lang)),
        Cell::Milestone(m) => {
            let parts = super::milestone_parts(m, lang);
            let mut s = format!("{} {}", parts.mark, esc(&parts.tracked()));
            for extra in &parts.extras {
                s.push_str(&lang.aside(&esc(extra)));
            }
            s
        }
        Cell::Code(s) => (*s).to_owned(),
        Cell::Flag(b) => if *b { "1" } else { "" }.to_owned(),
        Cell::Lines(lines) => lines
            .iter()
            .map(|l| esc(l))
            .collect::<Vec<_>>()
            .join("<br>"),
    }
}

fn write_head(out: &mut String, headers: &[String]) {
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        headers.iter().map(|_| " --- |").collect::<String>()
    );
}

fn write_row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn write_table(out: &mut String, headers: &[String], rows: &[Vec<String>]) {
    write_head(out, headers);
    for row in rows {
        write_row(out, row);
    }
    out.push('\n');
}

fn row_cells(row: &super::Row<'_>, lang: Lang) -> Vec<String> {
    row.cells.iter().map(|c| cell(c, lang)).collect()
}

fn table(out: &mut String, t: &Table<'_>, lang: Lang) {
    write_head(out, &t.headers);
    for row in &t.rows {
        write_row(out, &row_cells(row, lang));
    }
    out.push('\n');
}

/// Rows of a list written between two flushes: a list can hold every milestone (all are past due
/// once the plan's period is over), and its text is not held whole.
const LIST_ROWS_PER_WRITE: usize = 256;

/// Renders the whole report.
/// The one-page summary (`--summary`).
pub fn render_summary(r: &Report<'_>, lang: Lang) -> String {
    let t = lang.t();
    let plan = &r.roadmap.plan;
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", esc(&plan.title), t.summary_title);
    let s = super::summary(r, lang);
    let _ = writeln!(out, "{}\n", esc(&s.headline));
    table(&mut out, &s.overview, lang);
    let _ = writeln!(out, "*{}*\n", s.note);
    for (title, list, more) in &s.lists {
        let _ = writeln!(out, "### {title}\n");
        if list.rows.is_empty() {
            let _ = writeln!(out, "{}\n", t.nothing);
            continue;
        }
        table(&mut out, list, lang);
        if *more > 0 {
            let _ = writeln!(out, "*{}*\n", lang.more_rows(*more));
        }
    }
    out
}

/// Writes what a section has put in the buffer to the sink, and empties it.
type Flush<'a> = dyn FnMut(&mut String) -> std::io::Result<()> + 'a;

/// Writes the report to `sink` a section (and in the details an item) at a time, so that the page
/// of a large roadmap (20 MB for 10,000 items) is never held whole.
pub fn write(r: &Report<'_>, lang: Lang, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let t = lang.t();
    let plan = &r.roadmap.plan;
    let mut out = String::new();
    let mut flush = |out: &mut String| {
        let written = sink.write_all(out.as_bytes());
        out.clear();
        written
    };
    let _ = writeln!(out, "# {} — {}\n", esc(&plan.title), t.report);
    if let Some(en) = plan.title_en.as_ref().filter(|_| lang == Lang::En) {
        let _ = writeln!(out, "*{}*\n", esc(en));
    }
    for (label, value) in super::title_block(r, lang) {
        let _ = writeln!(out, "- {label}: {value}");
    }
    if r.standing.plan_over {
        let _ = writeln!(out, "- **{}**", t.plan_over);
    }
    out.push('\n');

    let _ = writeln!(out, "## {}\n", t.overview);
    table(&mut out, &super::overview(r, lang), lang);
    let _ = writeln!(out, "*{}*\n", t.derived_note);
    if let Some(themes) = super::themes(r, lang) {
        let _ = writeln!(out, "### {}\n", t.themes);
        table(&mut out, &themes, lang);
    }
    if let Some(owners) = super::owners(r, lang) {
        let _ = writeln!(out, "### {}\n", t.by_owner);
        table(&mut out, &owners, lang);
    }
    roadmap_table(&mut out, r, lang, &mut flush)?;
    flush(&mut out)?;
    details(&mut out, r, lang, &mut flush)?;
    lists(&mut out, r, lang, &mut flush)?;
    if !plan.notes.is_empty() {
        let _ = writeln!(out, "## {}\n", t.plan_notes);
        for n in &plan.notes {
            let _ = writeln!(out, "- {}", esc(n));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "---\n\n*{}*", t.generated_by);
    flush(&mut out)
}

fn roadmap_table(
    out: &mut String,
    r: &Report<'_>,
    lang: Lang,
    flush: &mut Flush<'_>,
) -> std::io::Result<()> {
    let t = lang.t();
    let _ = writeln!(out, "## {}\n", t.roadmap_table);
    let legend: Vec<String> =
        theme::legend_with(theme::Sign::Mark, false, lang, super::legend_also(r))
            .iter()
            .map(|e| format!("{} {}", e.sign, e.label))
            .collect();
    let _ = writeln!(out, "{}: {}\n", t.legend, legend.join(" · "));
    let headers = super::grid_headers(r, lang);
    let fy_cols = r.columns.slots;
    let band = phase_band(r, lang);
    // A group at a time, each made as it is written.
    for g in super::grid_groups(r, lang) {
        flush(out)?;
        if let Some(c) = &g.category {
            let _ = writeln!(out, "### {}\n", esc(c));
        }
        for (depth, heading) in &g.subs {
            let hashes = "#".repeat((depth + 2).min(6));
            let _ = writeln!(out, "{hashes} {}\n", esc(heading));
        }
        let mut rows: Vec<Vec<String>> = band.iter().cloned().collect();
        for item in &g.items {
            let head = vec![
                item.id.clone(),
                cell(&item.title, lang),
                super::state_label(item.state, lang),
            ];
            let indicators = item
                .indicators
                .iter()
                .map(|i| esc(i))
                .collect::<Vec<_>>()
                .join("<br>");
            if item.lines.is_empty() {
                let mut row = head;
                row.push(cell(&item.empty, lang));
                row.extend((1..fy_cols).map(|_| String::new()));
                row.push(indicators);
                rows.push(row);
                continue;
            }
            for (n, line) in item.lines.iter().enumerate() {
                let mut row = if n == 0 {
                    head.clone()
                } else {
                    vec![String::new(); 3]
                };
                for (span, c) in line {
                    match c {
                        Cell::Empty => row.extend((0..*span).map(|_| String::new())),
                        c => {
                            row.push(cell(c, lang));
                            row.extend((1..*span).map(|_| "→".to_owned()));
                        }
                    }
                }
                row.push(if n == 0 {
                    indicators.clone()
                } else {
                    String::new()
                });
                rows.push(row);
            }
        }
        write_table(out, &headers, &rows);
    }
    Ok(())
}

/// The plan's named sub-periods (集中改革期間) as the table's first row, drawn like a milestone:
/// the name in its first column, arrows through the rest; `None` when the plan names none.
fn phase_band(r: &Report<'_>, lang: Lang) -> Option<Vec<String>> {
    let head = super::grid_head(&r.columns, lang);
    if head.phases.is_empty() {
        return None;
    }
    let mut row = vec![
        String::new(),
        format!("*{}*", lang.t().phases),
        String::new(),
    ];
    for (n, name) in &head.phases {
        match name {
            Some(name) => {
                row.push(format!("**{}**", esc(name)));
                row.extend((1..*n).map(|_| "→".to_owned()));
            }
            None => row.extend((0..*n).map(|_| String::new())),
        }
    }
    row.push(String::new());
    Some(row)
}

/// The items one by one, each handed to `flush` once written.
fn details(
    out: &mut String,
    r: &Report<'_>,
    lang: Lang,
    flush: &mut Flush<'_>,
) -> std::io::Result<()> {
    let t = lang.t();
    let _ = writeln!(out, "## {}\n", t.details);
    for item in &r.items {
        flush(out)?;
        let _ = writeln!(out, "### {}\n", esc(&super::item_heading(item)));
        for (label, value) in super::facts(item, lang) {
            match value {
                // A note stands alone: it is the fact.
                Cell::Note(n) => {
                    let _ = writeln!(out, "- *{n}*");
                }
                v => {
                    let _ = writeln!(out, "- {label}: {}", cell(&v, lang));
                }
            }
        }
        out.push('\n');
        // Columns empty in the whole table (no change, no report, no 期限) are left out, as in
        // the HTML report.
        if !item.milestones.is_empty() {
            let t = super::without_empty_columns(super::milestones(item, lang));
            table(out, &t, lang);
        }
        if !item.indicators.is_empty() {
            let t = super::without_empty_columns(super::indicators(item, lang));
            table(out, &t, lang);
        }
        let notes = super::item_notes(r, item, lang);
        if !notes.is_empty() {
            let _ = writeln!(out, "{}:\n", t.notes);
            for n in &notes {
                let _ = writeln!(out, "- {}", esc(n));
            }
            out.push('\n');
        }
    }
    Ok(())
}

fn lists(
    out: &mut String,
    r: &Report<'_>,
    lang: Lang,
    flush: &mut Flush<'_>,
) -> std::io::Result<()> {
    let t = lang.t();
    let _ = writeln!(out, "## {}\n", t.lists);
    for (title, list) in super::lists(r, lang) {
        let _ = writeln!(
            out,
            "### {title}{}\n",
            lang.aside(&list.rows.len().to_string())
        );
        if list.rows.is_empty() {
            let _ = writeln!(out, "{}\n", t.nothing);
            continue;
        }
        write_head(out, &list.headers);
        for rows in list.rows.chunks(LIST_ROWS_PER_WRITE) {
            for row in rows {
                write_row(out, &row_cells(row, lang));
            }
            flush(out)?;
        }
        out.push('\n');
    }
    let no_schedule = super::no_schedule(r);
    let _ = writeln!(
        out,
        "### {}{}\n",
        t.no_schedule_list,
        lang.aside(&no_schedule.len().to_string())
    );
    if no_schedule.is_empty() {
        let _ = writeln!(out, "{}\n", t.nothing);
    } else {
        for (id, title) in &no_schedule {
            let _ = writeln!(out, "- {id} {}", esc(title));
        }
        out.push('\n');
    }
    Ok(())
}
