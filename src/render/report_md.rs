//! The report as GitHub Markdown. Every text from the data goes through
//! [`escape::markdown_cell`]: it cannot break a table, inject HTML or start Markdown syntax.

use std::fmt::Write as _;

use super::escape::markdown_cell as esc;
use super::labels::{Lang, item_mark, milestone_mark};
use super::report_labels::{self as rl, words};
use crate::report::{Column, ItemReport, Report};

/// Renders the whole report.
pub fn render(r: &Report, lang: Lang) -> String {
    let t = lang.t();
    let w = words(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", esc(&r.title), w.report);
    if let Some(en) = &r.title_en {
        let _ = writeln!(out, "*{}*\n", esc(en));
    }
    let _ = writeln!(out, "- {}: {}", t.as_of, rl::date(r.as_of));
    let _ = writeln!(
        out,
        "- {}: {}",
        w.fiscal_year,
        lang_fy_long(lang, r.fiscal_year)
    );
    let _ = writeln!(
        out,
        "- {}: {} – {}",
        t.plan_period,
        lang_fy_long(lang, r.first_fy),
        lang_fy_long(lang, r.last_fy)
    );
    if let Some(p) = r.published {
        let _ = writeln!(out, "- {}: {}", w.published, rl::date(p));
    }
    if r.plan_over {
        let _ = writeln!(out, "- **{}**", t.plan_over);
    }
    out.push('\n');

    overview(&mut out, r, lang);
    roadmap_table(&mut out, r, lang);
    details(&mut out, r, lang);
    lists(&mut out, r, lang);
    if !r.notes.is_empty() {
        let _ = writeln!(out, "## {}\n", w.plan_notes);
        for n in &r.notes {
            let _ = writeln!(out, "- {}", esc(n));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "---\n\n*{}*", w.generated_by);
    out
}

/// `2023年度 (令和5年度)` or `FY2023`.
fn lang_fy_long(lang: Lang, fy: i32) -> String {
    lang.fy(fy)
}

fn table(out: &mut String, headers: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        headers.iter().map(|_| " --- |").collect::<String>()
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

fn overview(out: &mut String, r: &Report, lang: Lang) {
    let t = lang.t();
    let w = words(lang);
    let _ = writeln!(out, "## {}\n", t.overview);
    let mut rows = vec![rl::rollup_cells(
        format!("**{}**", w.total),
        &r.totals,
        lang,
    )];
    for c in &r.categories {
        rows.push(rl::rollup_cells(
            format!("**{} {}**", c.number, esc(&c.title)),
            &c.rollup,
            lang,
        ));
        for s in &c.subcategories {
            rows.push(rl::rollup_cells(
                format!("{}-{} {}", c.number, s.number, esc(&s.title)),
                &s.rollup,
                lang,
            ));
        }
    }
    table(out, &rl::rollup_headers(t.group, lang), &rows);
    if !r.themes.is_empty() {
        let _ = writeln!(out, "### {}\n", t.themes);
        let rows: Vec<_> = r
            .themes
            .iter()
            .map(|th| rl::rollup_cells(format!("※{} {}", th.id, esc(&th.title)), &th.rollup, lang))
            .collect();
        table(out, &rl::rollup_headers(w.theme, lang), &rows);
    }
}

fn column_label(c: Column, lang: Lang) -> String {
    match c {
        Column::Fy(fy) => lang.fy_short(fy),
        Column::After => lang.t().after.to_owned(),
    }
}

fn legend(lang: Lang) -> String {
    use crate::status::MilestoneState as M;
    [
        M::Done,
        M::Active,
        M::Due,
        M::Overdue,
        M::Upcoming,
        M::Dropped,
    ]
    .iter()
    .map(|s| format!("{} {}", milestone_mark(*s, false), lang.milestone_state(*s)))
    .collect::<Vec<_>>()
    .join(" · ")
}

fn roadmap_table(out: &mut String, r: &Report, lang: Lang) {
    let t = lang.t();
    let w = words(lang);
    let _ = writeln!(out, "## {}\n", w.roadmap_table);
    let _ = writeln!(out, "{}: {}\n", t.legend, legend(lang));
    let mut headers = vec![t.id.to_owned(), t.item.to_owned(), t.state.to_owned()];
    headers.extend(r.columns.iter().map(|c| column_label(*c, lang)));
    headers.push(t.indicators.to_owned());
    let mut last_category = None;
    for g in &r.groups {
        if last_category != Some(g.category) {
            let _ = writeln!(out, "### {} {}\n", g.category, esc(&g.category_title));
            last_category = Some(g.category);
        }
        let _ = writeln!(
            out,
            "#### {}-{} {}\n",
            g.category,
            g.subcategory,
            esc(&g.subcategory_title)
        );
        let mut rows = Vec::new();
        for &n in &g.items {
            let item = &r.items[n];
            item_rows(&mut rows, r, item, lang);
        }
        table(out, &headers, &rows);
    }
}

fn themes_suffix(item: &ItemReport) -> String {
    item.themes.iter().map(|t| format!(" ※{t}")).collect()
}

fn item_rows(rows: &mut Vec<Vec<String>>, r: &Report, item: &ItemReport, lang: Lang) {
    let t = lang.t();
    let indicators = item
        .indicators
        .iter()
        .map(|i| esc(&i.name))
        .collect::<Vec<_>>()
        .join("<br>");
    let head = |first: bool| {
        if first {
            vec![
                item.id.to_string(),
                format!("{}{}", esc(&item.title), themes_suffix(item)),
                format!(
                    "{} {}",
                    item_mark(item.state, false),
                    lang.item_state(item.state)
                ),
            ]
        } else {
            vec![String::new(), String::new(), String::new()]
        }
    };
    if item.rows.is_empty() {
        let mut row = head(true);
        let note = if item.schedule_published {
            t.none.to_owned()
        } else {
            format!("*{}*", t.schedule_not_published)
        };
        row.push(note);
        row.extend((1..r.columns.len()).map(|_| String::new()));
        row.push(indicators);
        rows.push(row);
        return;
    }
    for (n, line) in item.rows.iter().enumerate() {
        let mut row = head(n == 0);
        for cell in &line.cells {
            match cell.milestone.and_then(|m| item.milestones.get(m)) {
                Some(m) => {
                    let mut text = format!("{} {}", milestone_mark(m.state, false), esc(&m.text));
                    if m.every_year {
                        let _ = write!(text, " ({})", t.every_year);
                    }
                    if let Some(track) = &m.track {
                        if n == 0 || line.track.as_deref() != Some(track) {
                            text = format!("\\[{}\\] {text}", esc(track));
                        }
                    }
                    row.push(text);
                    row.extend((1..cell.span).map(|_| "→".to_owned()));
                }
                None => row.extend((0..cell.span).map(|_| String::new())),
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

fn value_cell(v: &crate::report::IndicatorValue, none: &str) -> String {
    let f = |x: Option<f64>| x.map_or_else(|| none.to_owned(), crate::text::number);
    if v.actual.is_none() && v.target.is_none() {
        none.to_owned()
    } else {
        format!("{} / {}", f(v.actual), f(v.target))
    }
}

fn details(out: &mut String, r: &Report, lang: Lang) {
    let t = lang.t();
    let w = words(lang);
    let _ = writeln!(out, "## {}\n", w.details);
    for item in &r.items {
        let _ = writeln!(
            out,
            "### {} {}{}\n",
            item.id,
            esc(&item.title),
            themes_suffix(item)
        );
        let _ = writeln!(
            out,
            "- {}: {} {}",
            t.state,
            item_mark(item.state, false),
            lang.item_state(item.state)
        );
        let _ = writeln!(
            out,
            "- {}: {}/{}",
            t.milestones_done, item.milestones_done, item.milestones_total
        );
        if !item.owners.is_empty() {
            let owners: Vec<_> = item.owners.iter().map(|o| esc(o)).collect();
            let _ = writeln!(out, "- {}: {}", w.owners, owners.join(", "));
        }
        if !item.schedule_published {
            let _ = writeln!(out, "- *{}*", t.schedule_not_published);
        }
        out.push('\n');
        if !item.milestones.is_empty() {
            let headers = rl::milestone_headers(lang);
            let rows: Vec<_> = item
                .milestones
                .iter()
                .map(|m| {
                    let mut text = esc(&m.text);
                    if let Some(track) = &m.track {
                        text = format!("\\[{}\\] {text}", esc(track));
                    }
                    let mut notes = Vec::new();
                    if let Some(n) = &m.notes {
                        notes.push(esc(n));
                    }
                    if let Some(e) = &m.evidence {
                        notes.push(format!("{}: {}", w.evidence, esc(e)));
                    }
                    vec![
                        text,
                        format!(
                            "{}{}",
                            rl::span(lang, m.from, m.to),
                            if m.every_year {
                                format!(" ({})", t.every_year)
                            } else {
                                String::new()
                            }
                        ),
                        format!(
                            "{} {}",
                            milestone_mark(m.state, false),
                            lang.milestone_state(m.state)
                        ),
                        rl::recorded(lang, m.status).to_owned(),
                        m.done_on.map_or_else(String::new, rl::date),
                        m.due.map_or_else(String::new, rl::date),
                        notes.join("<br>"),
                    ]
                })
                .collect();
            table(out, &headers, &rows);
        }
        if !item.indicators.is_empty() {
            let fys = item.indicator_fys();
            let mut headers = vec![t.indicators.to_owned(), t.unit.to_owned()];
            headers.extend(
                fys.iter()
                    .map(|fy| format!("{} ({} / {})", lang.fy_short(*fy), t.actual, t.target)),
            );
            headers.push(t.notes.to_owned());
            let rows: Vec<_> = item
                .indicators
                .iter()
                .map(|i| {
                    let mut row = vec![
                        esc(&i.name),
                        i.unit.as_deref().map_or_else(String::new, esc),
                    ];
                    row.extend(fys.iter().map(|fy| {
                        i.values
                            .iter()
                            .find(|v| v.fy == *fy)
                            .map_or_else(|| t.none.to_owned(), |v| value_cell(v, t.none))
                    }));
                    row.push(i.notes.as_deref().map_or_else(String::new, esc));
                    row
                })
                .collect();
            table(out, &headers, &rows);
        }
        if !item.notes.is_empty() {
            let _ = writeln!(out, "{}:\n", t.notes);
            for n in &item.notes {
                let _ = writeln!(out, "- {}", esc(n));
            }
            out.push('\n');
        }
    }
}

fn lists(out: &mut String, r: &Report, lang: Lang) {
    let t = lang.t();
    let w = words(lang);
    let _ = writeln!(out, "## {}\n", w.lists);

    let _ = writeln!(out, "### {} ({})\n", w.overdue_list, r.overdue.len());
    if r.overdue.is_empty() {
        let _ = writeln!(out, "{}\n", w.nothing);
    } else {
        let headers: Vec<String> = [t.id, t.item, w.milestone, w.period, w.due, t.status_col]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let rows: Vec<_> = r
            .overdue
            .iter()
            .map(|o| {
                vec![
                    o.item.to_string(),
                    esc(&o.item_title),
                    esc(&o.text),
                    rl::span(lang, o.from, o.to),
                    o.due.map_or_else(String::new, rl::date),
                    rl::recorded(lang, o.status).to_owned(),
                ]
            })
            .collect();
        table(out, &headers, &rows);
    }

    let _ = writeln!(
        out,
        "### {} ({})\n",
        w.no_schedule_list,
        r.no_schedule.len()
    );
    if r.no_schedule.is_empty() {
        let _ = writeln!(out, "{}\n", w.nothing);
    } else {
        for i in &r.no_schedule {
            let _ = writeln!(out, "- {} {}", i.id, esc(&i.title));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "### {} ({})\n", w.missing_list, r.missing_data.len());
    if r.missing_data.is_empty() {
        let _ = writeln!(out, "{}\n", w.nothing);
    } else {
        let headers: Vec<String> = [t.id, t.item, t.indicators, w.missing_fys]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let rows: Vec<_> = r
            .missing_data
            .iter()
            .map(|m| {
                vec![
                    m.item.to_string(),
                    esc(&m.item_title),
                    esc(&m.name),
                    m.fys
                        .iter()
                        .map(|fy| lang.fy_short(*fy))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect();
        table(out, &headers, &rows);
    }
}
