//! `roadmap status <ID>`: one item in full, for a terminal, as Markdown and as JSON. Its table is
//! drawn in the source's layout (the same `report::layout` the reports use) on the current plan;
//! then each milestone with its published plan next to the current one, the changes and their
//! reasons, its 毎年度 rounds and its reports; then the indicators with their series, baselines,
//! targets and attainment.

use std::fmt::Write as _;

use serde::Serialize;

use super::status::{View, cell_text, color, header};
use crate::i18n::Lang;
use crate::model::{Fy, Item, Milestone, Roadmap, Theme};
use crate::render::report::{column_label, report_line, timing_parts};
use crate::render::table::{self, Col, Text};
use crate::render::{dates, escape, theme};
use crate::report::{Column, GridRow, Span, column_of, layout};
use crate::status::{ItemStanding, MilestoneStanding, Standing};
use crate::text::{self, one_line};

/// The FY columns of an item's table: the plan's years, plus `以降` when a milestone runs past
/// them (in the schedule in force).
fn columns(roadmap: &Roadmap, standing: &ItemStanding) -> (Vec<Fy>, bool) {
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.last_fy.value).collect();
    let after = standing.milestones.iter().any(|m| m.to > p.last_fy.value);
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

/// The item's table in the source's layout, on the schedule in force: its column labels and lines.
/// A plan that defines its columns (`[[period.columns]]`: merged, before the plan) is drawn in
/// them; otherwise one column per FY of the period, and `以降` when a milestone runs past it.
fn item_layout(
    roadmap: &Roadmap,
    item: &Item,
    standing: &ItemStanding,
    lang: Lang,
) -> (Vec<String>, Vec<GridRow>) {
    let p = &roadmap.plan.period;
    let (first, last) = (p.first_fy.value, p.last_fy.value.max(p.first_fy.value));
    let (labels, col_of): (Vec<String>, Box<dyn Fn(Fy) -> usize>) = if p.columns.is_empty() {
        let (years, after) = columns(roadmap, standing);
        let ncols = years.len() + usize::from(after);
        (
            column_labels(&years, after, lang),
            Box::new(move |fy| column_of(fy, first, last).min(ncols.saturating_sub(1))),
        )
    } else {
        let cols = p.columns.clone();
        (
            p.columns.iter().map(|c| c.label.value.clone()).collect(),
            Box::new(move |fy| {
                cols.iter().position(|c| c.covers(fy)).unwrap_or_else(|| {
                    // Before the first column or past the last: the nearest one.
                    let before = cols.first().is_some_and(|c| fy < c.to.value);
                    if before {
                        0
                    } else {
                        cols.len().saturating_sub(1)
                    }
                })
            }),
        )
    };
    let spans: Vec<Span> = item
        .milestones
        .iter()
        .zip(&standing.milestones)
        .map(|(m, st)| {
            let first_col = col_of(st.from);
            Span {
                row: m.row.as_ref().map(|r| r.value),
                first_col,
                last_col: col_of(st.to).max(first_col),
            }
        })
        .collect();
    let lines = layout(&spans, labels.len());
    (labels, lines)
}

/// What the table shows after a milestone's text: 毎年度, and the timing when its end is not a
/// plain FY (目途, まで, 期限なし must be seen in the table, not only in the record): the source's
/// words (the published plan's: not once rescheduled) and the end in force in words, each set
/// aside.
pub fn milestone_suffix(m: &Milestone, st: &MilestoneStanding, lang: Lang) -> String {
    let mut out = String::new();
    if m.every_year {
        out.push_str(&lang.aside(lang.t().every_year));
    }
    if st.end.kind != crate::timing::Kind::Fy {
        let words = m.timing_text.as_ref().map(|t| t.value.as_str());
        let words = words.filter(|_| !st.rescheduled());
        for part in timing_parts(words, &st.end, lang) {
            out.push_str(&lang.aside(&part));
        }
    }
    out
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

/// The item's milestones in the source's layout, one table row per line, a milestone's text in
/// its first column and arrows through the rest of its span.
fn schedule_table(roadmap: &Roadmap, item: &Item, standing: &ItemStanding, view: &View) -> String {
    let w = view.lang.t();
    let (labels, lines) = item_layout(roadmap, item, standing, view.lang);
    let mut cols = vec![Col::fixed(w.row)];
    cols.extend(labels.into_iter().map(Col::wrap));
    let arrow = if view.ascii { "---->" } else { "───→" };
    let rows: Vec<Vec<Text>> = lines
        .iter()
        .zip(line_labels(&lines, item))
        .map(|(line, label)| {
            let mut r = vec![Text::new(cell_text(&label))];
            for cell in &line.cells {
                let Some(n) = cell.milestone else {
                    r.extend((0..cell.span).map(|_| Text::default()));
                    continue;
                };
                let m = &item.milestones[n];
                let st = &standing.milestones[n];
                let state = st.state;
                let text = format!(
                    "{} {}{}",
                    view.mark(state),
                    m.text.value,
                    milestone_suffix(m, st, view.lang)
                );
                let c = Some(color(state));
                r.push(Text::new(cell_text(&text)).color(c));
                r.extend((1..cell.span).map(|_| Text::new(arrow).color(c)));
            }
            r
        })
        .collect();
    table::draw(
        &cols,
        &rows,
        usize::from(view.width),
        view.ascii,
        view.color,
    )
    .to_string()
}

/// One milestone's record, as lines: state, plans, changes, rounds, reports. `one` makes a text
/// safe for the output (one line on a terminal, escaped in Markdown).
fn milestone_lines(
    m: &Milestone,
    st: &MilestoneStanding,
    as_of: chrono::NaiveDate,
    lang: Lang,
    mark: &dyn Fn(crate::status::State) -> String,
    one: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let w = lang.t();
    let mut out = vec![format!(
        "{} {}  {}",
        mark(st.state),
        one(&m.id.value),
        one(&m.text.value)
    )];
    // Each end in words: an event or an open end has no last FY, and none is invented for it.
    let planned = lang.end_span(st.planned_from, &st.planned_end, m.every_year);
    if st.rescheduled() {
        let current = lang.end_span(st.from, &st.end, m.every_year);
        out.push(format!(
            "{}: {planned} {} {}: {current}",
            w.planned_plan,
            crate::i18n::glyph::arrow(),
            w.current_plan
        ));
    } else {
        out.push(format!("{}: {planned}", w.planned_plan));
    }
    for c in m.changes_on(as_of) {
        let (from, _) = m.schedule_on(c.on.value);
        out.push(format!(
            "{} {}: {} {} {}: {}",
            w.changed_on,
            dates::date(c.on.value, lang),
            lang.end_span(from, &m.end_on(c.on.value), m.every_year),
            crate::i18n::glyph::dash(),
            w.reason,
            one(&c.reason.value)
        ));
    }
    // The source's words go with the published end; the plan in force is said above.
    let words = m.timing_text.as_ref().map(|t| t.value.as_str());
    if let Some(timing) = lang.timing(words, &st.planned_end, st.event_of_state) {
        out.push(format!("{}: {}", w.timing, one(&timing)));
    }
    if st.point_passed {
        out.push(w.point_passed.to_owned());
    }
    if !st.blocked_by.is_empty() {
        out.push(format!(
            "{}: {}",
            w.waiting_for,
            one(&lang.list(&st.blocked_by))
        ));
    }
    if let Some(r) = &st.restates {
        out.push(format!("{}: {}", w.restates, one(r)));
    }
    if !m.owners.is_empty() || !st.related_owners.is_empty() {
        let mut who = format!("{}: {}", w.lead_owner, one(&st.owners.join("、")));
        if !st.related_owners.is_empty() {
            let _ = write!(
                who,
                "  {}: {}",
                w.related_owner,
                one(&st.related_owners.join("、"))
            );
        }
        out.push(who);
    }
    if let Some(rounds) = &st.rounds {
        let rounds: Vec<String> = rounds
            .iter()
            .map(|r| format!("{} {}", lang.fy_short(r.fy), mark(r.state)))
            .collect();
        out.push(format!("{}: {}", w.rounds, rounds.join("  ")));
    }
    if st.reports.is_empty() {
        out.push(w.no_report.to_owned());
    }
    for r in &st.reports {
        out.push(one(&report_line(r, lang)));
    }
    out
}

/// One item in full: its table in the source's layout, every milestone's record, its
/// indicators, its notes.
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
    let reported = standing
        .last_reported
        .map_or_else(|| w.no_report.to_owned(), |d| dates::date(d, view.lang));
    let mut facts = vec![
        format!("{}: {}", w.state, view.state_label(standing.state)),
        format!(
            "{}: {}/{}",
            w.done, standing.milestones_done, standing.milestones_total
        ),
        format!(
            "{}: {reported}{}",
            w.last_reported,
            if standing.stale {
                view.lang.aside(w.stale)
            } else {
                String::new()
            }
        ),
    ];
    facts.extend(changes_fact(standing, view.lang));
    let width = usize::from(view.width);
    let _ = writeln!(out, "{}", text::fill(&facts, "   ", width, ""));
    let _ = writeln!(out, "{}: {}", w.file, one_line(&item.path));
    if let Some(c) = standing.continues {
        let _ = writeln!(out, "{}: {c}", w.continues);
    }
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
        let _ = writeln!(out, "\n{}", view.bold(w.milestones));
        let mark = |s| view.mark(s).to_owned();
        let one = |s: &str| one_line(s).into_owned();
        for (m, st) in item.milestones.iter().zip(&standing.milestones) {
            let lines = milestone_lines(m, st, overall.as_of, view.lang, &mark, &one);
            for (k, line) in lines.iter().enumerate() {
                let indent = if k == 0 { "" } else { "    " };
                let _ = writeln!(out, "{indent}{}", view.wrap(line, "      "));
            }
        }
        let width = usize::from(view.width);
        let also = before_plan(standing);
        let legend =
            theme::legend_lines_with(theme::Sign::Mark, view.ascii, view.lang, width, also);
        let _ = writeln!(out, "{legend}");
        let _ = writeln!(out, "{}", view.wrap(&view.lang.bracket(w.derived_note), ""));
        if !also.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                view.wrap(&view.lang.bracket(w.before_plan_note), "")
            );
        }
    }
    if !item.indicators.is_empty() {
        let _ = writeln!(out, "\n{}", view.bold(w.indicators));
        let _ = writeln!(
            out,
            "{}",
            indicator_table(roadmap, item, standing, overall.as_of, view)
        );
    }
    // The office's own view: the transcriber's notes too (reports leave them out).
    for (label, notes) in [
        (w.notes, &item.notes),
        (w.transcription_note, &item.transcription_notes),
    ] {
        if !notes.is_empty() {
            let _ = writeln!(out, "\n{}", view.bold(label));
            for n in notes {
                let _ = writeln!(out, "- {}", view.wrap(&cell_text(n), "  "));
            }
        }
    }
    out
}

/// 計画前 when one of the item's milestones lies before the plan: the legends name it then.
pub fn before_plan(standing: &ItemStanding) -> &'static [crate::status::State] {
    if standing
        .milestones
        .iter()
        .any(|m| m.state == crate::status::State::BeforePlan)
    {
        &[crate::status::State::BeforePlan]
    } else {
        &[]
    }
}

/// `計画変更: 1件` after the item's other facts, when its schedule has changed (the changes are
/// listed under its milestones); nothing when it has not.
fn changes_fact(standing: &ItemStanding, lang: Lang) -> Option<String> {
    (standing.changes > 0).then(|| {
        let n = lang.msg(&crate::i18n::Msg::ChangeCount {
            n: standing.changes,
        });
        format!("{}: {n}", lang.t().schedule_changes)
    })
}

/// The cells of one series' row: baseline, then actual / target per FY, then its attainment.
fn series_cells(
    s: &crate::model::Series,
    years: &[Fy],
    as_of: chrono::NaiveDate,
    lang: Lang,
) -> Vec<String> {
    let w = lang.t();
    let none = || w.none.to_owned();
    let mut cells = vec![s.baseline.as_ref().map_or_else(none, |b| {
        format!(
            "{}{}",
            text::number(b.value.value),
            lang.aside(&lang.fy_short(b.fy.value))
        )
    })];
    for y in years {
        // The baseline's FY has a value: the baseline.
        let baseline = s
            .baseline
            .as_ref()
            .filter(|b| b.fy.value == *y)
            .map(|b| text::number(b.value.value));
        // Before the series starts there is nothing to measure, not a value missing.
        if baseline.is_none() && s.since.as_ref().is_some_and(|f| *y < f.value) {
            cells.push(w.not_applicable.to_owned());
            continue;
        }
        let actual = s
            .value_on(*y, as_of)
            .map(|v| v.value.value.shown())
            .or(baseline)
            .unwrap_or_else(none);
        let target = s
            .targets
            .get(y)
            .map_or_else(none, |v| text::number(v.value));
        cells.push(format!("{actual} / {target}"));
    }
    cells
}

fn indicator_table(
    roadmap: &Roadmap,
    item: &Item,
    standing: &ItemStanding,
    as_of: chrono::NaiveDate,
    view: &View,
) -> String {
    let w = view.lang.t();
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.last_fy.value).collect();
    let mut cols = vec![
        Col::wrap(w.indicators),
        Col::wrap(w.series),
        Col::fixed(w.unit),
        Col::wrap(w.baseline).right(),
    ];
    cols.extend(years.iter().map(|y| {
        Col::wrap(format!(
            "{}\n{} / {}",
            view.lang.fy_short(*y),
            w.actual,
            w.target
        ))
        .right()
    }));
    cols.push(Col::wrap(w.attainment));
    let mut rows: Vec<Vec<Text>> = Vec::new();
    for (i, st) in item.indicators.iter().zip(&standing.indicators) {
        if i.series.is_empty() {
            let mut row = vec![Text::new(cell_text(&i.name)), Text::new(w.none)];
            row.extend((0..years.len() + 2).map(|_| Text::default()));
            row.push(Text::new(view.lang.attainment(st.attainment)));
            rows.push(row);
        }
        for (k, (s, ss)) in i.series.iter().zip(&st.series).enumerate() {
            let name = if k == 0 {
                cell_text(&i.name)
            } else {
                String::new()
            };
            let mut row = vec![
                Text::new(name),
                Text::new(cell_text(&s.name)),
                Text::new(s.unit.as_ref().map_or(w.none.to_owned(), |u| cell_text(u))),
            ];
            row.extend(
                series_cells(s, &years, as_of, view.lang)
                    .into_iter()
                    .map(|c| Text::new(cell_text(&c))),
            );
            row.push(Text::new(view.lang.attainment(ss.attainment)));
            rows.push(row);
        }
    }
    let width = usize::from(view.width);
    if !table::fits(&cols, &rows, width, super::status::NARROW_COLUMN) {
        return indicator_list(&cols, &rows, view);
    }
    table::draw(&cols, &rows, width, view.ascii, view.color).to_string()
}

/// The indicators as a list, for a narrow terminal: each indicator's name, then per series its
/// name and unit and the other columns as `header value` pairs.
fn indicator_list(cols: &[Col], rows: &[Vec<Text>], view: &View) -> String {
    let one = |s: &str| s.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for row in rows {
        if !row[0].text.is_empty() {
            let _ = writeln!(out, "{}", view.wrap(&row[0].text, "  "));
        }
        let mut parts = vec![format!("{}{}", row[1].text, view.lang.aside(&row[2].text))];
        parts.extend(
            cols.iter()
                .zip(row)
                .skip(3)
                .filter(|(_, c)| !c.text.is_empty())
                .map(|(col, c)| format!("{} {}", one(&col.header), one(&c.text))),
        );
        let width = usize::from(view.width).saturating_sub(4);
        let _ = writeln!(out, "    {}", text::fill(&parts, "  ", width, "    "));
    }
    out
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
    let mark = |s| theme::mark(s, false).to_owned();
    let reported = standing
        .last_reported
        .map_or_else(|| w.no_report.to_owned(), |d| dates::date(d, lang));
    let _ = writeln!(
        out,
        "{}: {}{}  \n{}: {} {} · {}: {}/{} · {}: {reported}{}\n",
        w.as_of,
        overall.as_of,
        lang.fy_aside(overall.fiscal_year),
        w.state,
        mark(standing.state),
        lang.state(standing.state),
        w.done,
        standing.milestones_done,
        standing.milestones_total,
        w.last_reported,
        changes_fact(standing, lang)
            .map(|f| format!(" · {f}"))
            .unwrap_or_default(),
    );
    if let Some(c) = standing.continues {
        let _ = writeln!(out, "- {}: {c}\n", w.continues);
    }
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
        let (labels, lines) = item_layout(roadmap, item, standing, lang);
        let mut head = vec![w.row.to_owned()];
        head.extend(labels);
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
        for (line, label) in lines.iter().zip(line_labels(&lines, item)) {
            let mut cells = vec![md(&label)];
            for cell in &line.cells {
                match cell.milestone {
                    Some(n) => {
                        let m = &item.milestones[n];
                        let st = &standing.milestones[n];
                        let state = st.state;
                        let suffix = milestone_suffix(m, st, lang);
                        cells.push(format!("{} {}{suffix}", mark(state), md(&m.text)));
                        cells.extend((1..cell.span).map(|_| "→".to_owned()));
                    }
                    None => cells.extend((0..cell.span).map(|_| String::new())),
                }
            }
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        let _ = writeln!(out, "\n## {}\n", w.milestones);
        let one = |s: &str| md(s);
        for (m, st) in item.milestones.iter().zip(&standing.milestones) {
            let lines = milestone_lines(m, st, overall.as_of, lang, &mark, &one);
            for (k, line) in lines.iter().enumerate() {
                let _ = writeln!(out, "{}- {line}", if k == 0 { "" } else { "  " });
            }
        }
        out.push('\n');
    }
    if !item.indicators.is_empty() {
        let p = &roadmap.plan.period;
        let years: Vec<Fy> = (p.first_fy.value..=p.last_fy.value).collect();
        let _ = writeln!(out, "## {}\n", w.indicators);
        let mut head = vec![
            w.indicators.to_owned(),
            w.series.to_owned(),
            w.unit.to_owned(),
            w.baseline.to_owned(),
        ];
        head.extend(years.iter().map(|y| {
            let what = format!("{} / {}", w.actual, w.target);
            format!("{}{}", lang.fy_short(*y), lang.aside(&what))
        }));
        head.push(w.attainment.to_owned());
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
        for (i, st) in item.indicators.iter().zip(&standing.indicators) {
            if i.series.is_empty() {
                let mut cells = vec![md(&i.name), w.none.to_owned()];
                cells.extend((0..years.len() + 2).map(|_| String::new()));
                cells.push(lang.attainment(st.attainment).to_owned());
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
            for (k, (s, ss)) in i.series.iter().zip(&st.series).enumerate() {
                let mut cells = vec![
                    if k == 0 { md(&i.name) } else { String::new() },
                    md(&s.name),
                    s.unit.as_ref().map_or_else(|| w.none.to_owned(), |u| md(u)),
                ];
                cells.extend(
                    series_cells(s, &years, overall.as_of, lang)
                        .iter()
                        .map(|c| md(c)),
                );
                cells.push(lang.attainment(ss.attainment).to_owned());
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
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

#[derive(Serialize)]
struct JsonItem<'a> {
    schema_version: u32,
    as_of: chrono::NaiveDate,
    fiscal_year: Fy,
    path: &'a str,
    item: &'a Item,
    standing: &'a ItemStanding,
}

/// One item and its standing as JSON.
pub fn item_json(item: &Item, standing: &ItemStanding, overall: &Standing) -> String {
    let doc = JsonItem {
        schema_version: super::status::JSON_SCHEMA_VERSION,
        as_of: overall.as_of,
        fiscal_year: overall.fiscal_year,
        path: &item.path,
        item,
        standing,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
