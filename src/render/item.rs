//! `roadmap status <ID>`: one item in full, for a terminal, as Markdown and as JSON. Its table is
//! drawn in the source's layout (the same `report::layout` the reports use) on the current plan;
//! then each milestone with its published plan next to the current one, the changes and their
//! reasons, its 毎年度 rounds and its reports; then the indicators with their series, baselines,
//! targets and attainment.

use std::fmt::Write as _;

use serde::Serialize;

use super::status::{View, cell_text, color, header};
use crate::i18n::Lang;
use crate::model::{Fy, Indicator, Item, Milestone, Roadmap, Theme};
use crate::render::report::{report_line, slot_labels, timing_parts};
use crate::render::table::{self, Col, Text};
use crate::render::{dates, escape, theme};
use crate::report::{Columns, GridRow, Span, layout};
use crate::status::{IndicatorStanding, ItemStanding, MilestoneStanding, Standing};
use crate::text::{self, one_line};

/// The item's table in the source's layout, on the schedule in force: its columns (the plan's
/// own, see [`Columns`]; `以降` when a milestone of the item runs past the period) and lines.
fn item_layout<'a>(
    roadmap: &'a Roadmap,
    item: &Item,
    standing: &ItemStanding,
) -> (Columns<'a>, Vec<GridRow>) {
    let p = &roadmap.plan.period;
    let after = standing.milestones.iter().any(|m| m.to > p.last_fy.value);
    let cols = Columns::of(&roadmap.plan, after);
    let spans: Vec<Span> = item
        .milestones
        .iter()
        .zip(&standing.milestones)
        .map(|(m, st)| {
            let (first_col, last_col) = cols.span(st.from, st.to, st.end.until);
            Span {
                row: m.row.as_ref().map(|r| r.value),
                first_col,
                last_col,
            }
        })
        .collect();
    let lines = layout(&spans, cols.slots);
    (cols, lines)
}

/// The phase band as the cells of a table row, one per slot (the name in a phase's first slot,
/// `arrow` through the rest; whether the cell is in a phase); `None` when the plan names none.
fn band_cells(cols: &Columns<'_>, arrow: &str) -> Option<Vec<(String, bool)>> {
    if cols.phases.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for (_, n, phase) in cols.phase_runs() {
        match phase {
            Some(p) => {
                out.push((p.name.to_owned(), true));
                out.extend((1..n).map(|_| (arrow.to_owned(), true)));
            }
            None => out.extend((0..n).map(|_| (String::new(), false))),
        }
    }
    Some(out)
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
    for n in line.cells.iter().filter_map(|c| c.milestone()) {
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
    let (columns, lines) = item_layout(roadmap, item, standing);
    let mut cols = vec![Col::fixed(w.row)];
    cols.extend(
        slot_labels(&columns, "\n", view.lang)
            .into_iter()
            .map(Col::wrap),
    );
    let arrow = if view.ascii { "---->" } else { "───→" };
    // The plan's named sub-periods (集中改革期間) as the first row, drawn like a span.
    let band = band_cells(&columns, arrow).map(|cells| {
        let mut r = vec![Text::new(w.phases)];
        r.extend(cells.into_iter().map(|(t, _)| Text::new(t)));
        r
    });
    let rows: Vec<Vec<Text>> = band
        .into_iter()
        .chain(
            lines
                .iter()
                .zip(line_labels(&lines, item))
                .map(|(line, label)| {
                    let mut r = vec![Text::new(cell_text(&label))];
                    for cell in &line.cells {
                        let Some(n) = cell.milestone() else {
                            r.extend((0..cell.span()).map(|_| Text::default()));
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
                        r.extend((1..cell.span()).map(|_| Text::new(arrow).color(c)));
                    }
                    r
                }),
        )
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

/// A schedule change as every view says it: its date, the plan it made, its reason (`one` makes
/// the reason safe where it goes): `変更日 令和6年3月1日: 2022年度〜2024年度 — 理由: …`.
/// A change made after the deadline then in force had passed unreported (`st.late_changes`)
/// says so at its end.
pub(crate) fn change_line(
    m: &Milestone,
    st: &MilestoneStanding,
    c: &crate::model::Change,
    lang: Lang,
    one: &dyn Fn(&str) -> String,
) -> String {
    let w = lang.t();
    let (from, _) = m.schedule_on(c.on.value);
    let dash = crate::i18n::glyph::dash();
    let mut line = format!(
        "{} {}: {} {dash} {}: {}",
        w.changed_on,
        dates::date(c.on.value, lang),
        lang.end_span(from, &m.end_on(c.on.value), m.every_year),
        w.reason,
        one(&c.reason.value)
    );
    if st.late_changes.contains(&c.on.value) {
        line.push_str(&format!(" {dash} {}", w.after_deadline_mark));
    }
    line
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
    let planned = lang.end_span(st.planned_from, st.planned_end(), m.every_year);
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
        out.push(change_line(m, st, c, lang, one));
    }
    // The source's words go with the published end; the plan in force is said above.
    let words = m.timing_text.as_ref().map(|t| t.value.as_str());
    if let Some(timing) = lang.timing(words, st.planned_end(), st.event_of_state) {
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
        view.bold(format!("{} {themes}", item_label(item)).trim_end())
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
    if let Some(who) = owners_fact(&standing.owners, &standing.related_owners, view.lang) {
        let _ = writeln!(out, "{}", view.wrap(&one_line(&who), "  "));
    }
    if let Some(note) = only_owner_note(standing, view.lang) {
        let _ = writeln!(out, "{}", view.wrap(&view.lang.bracket(&note), ""));
    }
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
        let one = |s: &str| one_line(s).into_owned();
        for (k, (heading, pairs)) in by_layer(item, standing, view.lang).into_iter().enumerate() {
            if let Some(h) = heading {
                let gap = if k > 0 { "\n" } else { "" };
                let _ = writeln!(out, "{gap}{}", view.bold(&h));
            }
            let _ = writeln!(
                out,
                "{}",
                indicator_table(roadmap, &pairs, overall.as_of, view)
            );
            for fact in indicator_facts(&pairs, view.lang, &one) {
                let _ = writeln!(out, "- {}", view.wrap(&fact, "  "));
            }
        }
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

/// `2-1-6-1 No.1 題名`: the id, the source's display number when it has one, the title.
pub fn item_label(item: &Item) -> String {
    match &item.number {
        Some(n) => format!(
            "{} {} {}",
            item.id.value,
            one_line(n),
            one_line(&item.title)
        ),
        None => format!("{} {}", item.id.value, one_line(&item.title)),
    }
}

/// The note on an item shown for one owner's milestones only (`--owner`).
pub fn only_owner_note(standing: &ItemStanding, lang: Lang) -> Option<String> {
    standing.only_owner.as_ref().map(|owner| {
        let shown = standing.milestones.len();
        lang.msg(&crate::i18n::Msg::OnlyOwner {
            owner: owner.clone(),
            shown,
            total: shown + standing.hidden_milestones,
        })
    })
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

/// Indicators with their standings, in file order.
type Indicators<'a> = Vec<(&'a Indicator, &'a IndicatorStanding)>;

/// The item's indicators by KPI layer, 第1階層 first: (the layer's heading, its indicators). One
/// group without a heading when no indicator names a layer; those without one last.
fn by_layer<'a>(
    item: &'a Item,
    standing: &'a ItemStanding,
    lang: Lang,
) -> Vec<(Option<String>, Indicators<'a>)> {
    let pairs: Indicators<'a> = item.indicators.iter().zip(&standing.indicators).collect();
    let mut layers: Vec<Option<u32>> = pairs.iter().map(|(_, s)| s.layer).collect();
    layers.sort_unstable_by_key(|l| (l.is_none(), *l));
    layers.dedup();
    if layers.iter().all(Option::is_none) {
        return vec![(None, pairs)];
    }
    layers
        .into_iter()
        .map(|layer| {
            let heading = layer.map(|n| lang.msg(&crate::i18n::Msg::KpiLayer { n }));
            let of: Indicators<'a> = pairs
                .iter()
                .copied()
                .filter(|(_, s)| s.layer == layer)
                .collect();
            (heading, of)
        })
        .collect()
}

/// What the table of indicators cannot hold, one line each: when an indicator is measured
/// (把握の時期) and who answers for it; a series' target in the source's words and a target
/// that is a move with no number (【減少】).
fn indicator_facts(
    pairs: &Indicators<'_>,
    lang: Lang,
    one: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let w = lang.t();
    let mut out = Vec::new();
    for (i, st) in pairs {
        let mut facts = Vec::new();
        if let Some(m) = &st.measured {
            facts.push(format!("{}: {}", w.measured, one(m)));
        }
        // The indicator's own owners (the item's are shown with the item).
        let strings = |l: &[crate::model::Sp<String>]| -> Vec<String> {
            l.iter().map(|o| o.value.clone()).collect()
        };
        if let Some(who) = owners_fact(&strings(&i.owners), &strings(&i.related_owners), lang) {
            facts.push(one(&who));
        }
        if !facts.is_empty() {
            out.push(format!("{}: {}", one(&i.name), facts.join("  ")));
        }
        for s in &st.series {
            let mut target = Vec::new();
            if let Some(t) = &s.target_text {
                target.push(one(t));
            }
            if s.relative {
                let better = match s.direction {
                    Some(crate::model::Direction::Decrease) => w.relative_decrease,
                    _ => w.relative_increase,
                };
                target.push(better.to_owned());
            }
            if !target.is_empty() {
                out.push(format!(
                    "{} {}: {}",
                    one(&s.name),
                    w.target,
                    target.join("  ")
                ));
            }
        }
    }
    out
}

/// `主担当: 内閣府  関係: 厚生労働省、デジタル庁`; `None` when nobody is named.
pub fn owners_fact(owners: &[String], related: &[String], lang: Lang) -> Option<String> {
    let w = lang.t();
    let sep = match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    };
    let mut parts = Vec::new();
    if !owners.is_empty() {
        parts.push(format!("{}: {}", w.lead_owner, owners.join(sep)));
    }
    if !related.is_empty() {
        parts.push(format!("{}: {}", w.related_owner, related.join(sep)));
    }
    (!parts.is_empty()).then(|| parts.join("  "))
}

fn indicator_table(
    roadmap: &Roadmap,
    pairs: &Indicators<'_>,
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
    for (i, st) in pairs {
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
    let fit = (width, super::status::NARROW_COLUMN);
    match table::draw_fitting(&cols, &rows, fit, view.ascii, view.color) {
        Some(t) => t.to_string(),
        None => indicator_list(&cols, &rows, view),
    }
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
    let mut out = format!("# {}{themes}\n\n", md(&item_label(item)));
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
    let owners = owners_fact(&standing.owners, &standing.related_owners, lang);
    let only = only_owner_note(standing, lang);
    for fact in owners.iter().chain(&only) {
        let _ = writeln!(out, "{}  ", md(fact));
    }
    if owners.is_some() || only.is_some() {
        out.push('\n');
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
        let (columns, lines) = item_layout(roadmap, item, standing);
        let mut head = vec![w.row.to_owned()];
        head.extend(slot_labels(&columns, " ", lang));
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
        if let Some(band) = band_cells(&columns, "→") {
            let mut cells = vec![format!("*{}*", w.phases)];
            cells.extend(band.into_iter().map(|(t, named)| {
                if named && t != "→" {
                    format!("**{}**", md(&t))
                } else {
                    t
                }
            }));
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        for (line, label) in lines.iter().zip(line_labels(&lines, item)) {
            let mut cells = vec![md(&label)];
            for cell in &line.cells {
                match cell.milestone() {
                    Some(n) => {
                        let m = &item.milestones[n];
                        let st = &standing.milestones[n];
                        let state = st.state;
                        let suffix = milestone_suffix(m, st, lang);
                        cells.push(format!("{} {}{suffix}", mark(state), md(&m.text)));
                        cells.extend((1..cell.span()).map(|_| "→".to_owned()));
                    }
                    None => cells.extend((0..cell.span()).map(|_| String::new())),
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
        let _ = writeln!(out, "## {}\n", w.indicators);
        for (heading, pairs) in by_layer(item, standing, lang) {
            if let Some(h) = heading {
                let _ = writeln!(out, "### {h}\n");
            }
            indicator_markdown(&mut out, roadmap, &pairs, overall.as_of, lang);
            out.push('\n');
            let one = |s: &str| md(s);
            let facts = indicator_facts(&pairs, lang, &one);
            for fact in &facts {
                let _ = writeln!(out, "- {fact}");
            }
            if !facts.is_empty() {
                out.push('\n');
            }
        }
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

/// A table of indicators as GitHub Markdown: series, baseline, actual / target per FY, attainment.
fn indicator_markdown(
    out: &mut String,
    roadmap: &Roadmap,
    pairs: &Indicators<'_>,
    as_of: chrono::NaiveDate,
    lang: Lang,
) {
    let w = lang.t();
    let md = escape::markdown_cell;
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.last_fy.value).collect();
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
    for (i, st) in pairs {
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
            cells.extend(series_cells(s, &years, as_of, lang).iter().map(|c| md(c)));
            cells.push(lang.attainment(ss.attainment).to_owned());
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
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
