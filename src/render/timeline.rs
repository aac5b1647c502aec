//! `roadmap status --timeline`: a terminal Gantt chart, one line per item across the plan's FYs,
//! in quarters when the width allows, each cell drawn in the state (of the milestones running in
//! that FY, on their schedule in force; of that FY's round for a 毎年度 milestone) that needs
//! attention most, with the as-of date marked.

use std::fmt::Write as _;

use super::status::{View, header};
use crate::model::{Fy, Roadmap};
use crate::render::report::column_label;
use crate::render::theme;
use crate::report::{Column, Columns};
use crate::status::{Standing, State};
use crate::text::{self, one_line};

/// The label column's width, the cells per FY (4: quarters) and their width, for `years` FYs in
/// `width` columns. Quarters three columns wide when they fit (a FY label then has room), else
/// two; else one cell per FY, as wide as fits up to ten, the item labels narrowed (down to 16
/// columns) before a FY gets less than five (its year and a space).
fn layout(width: usize, years: usize) -> (usize, usize, usize) {
    const LABEL: usize = 34;
    const MIN_LABEL: usize = 16;
    let years = years.max(1);
    let room = width.saturating_sub(LABEL + 1);
    if room >= years * 12 {
        return (LABEL, 4, 3);
    }
    if room >= years * 8 {
        return (LABEL, 4, 2);
    }
    let label = if room / years >= 5 {
        LABEL
    } else {
        width.saturating_sub(1 + years * 5).clamp(MIN_LABEL, LABEL)
    };
    let cell = (width.saturating_sub(label + 1) / years).clamp(1, 10);
    (label, 1, cell)
}

/// `2014・2015` as `14・15`: every run of four digits cut to its last two.
fn two_digit_years(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut k = 0;
    while k < chars.len() {
        let run = chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 4 {
            out.extend(&chars[k + 2..k + 4]);
            k += 4;
        } else if run > 0 {
            out.extend(&chars[k..k + run]);
            k += run;
        } else {
            out.push(chars[k]);
            k += 1;
        }
    }
    out
}

/// The FYs a column of the plan's table covers on the timeline's axis of `years`: (first index,
/// how many). The before column is the axis' first year (everything earlier), `以降` and the last
/// column run to its end.
fn column_years(cols: &Columns<'_>, k: usize, years: &[Fy]) -> (usize, usize) {
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return (0, 0);
    };
    let (from, to) = cols.fys(k);
    let from = from.unwrap_or(first).clamp(first, last);
    let to = if k + 1 == cols.list.len() {
        last
    } else {
        to.unwrap_or(last).clamp(from, last)
    };
    let at = usize::try_from(from - first).unwrap_or(0);
    (at, usize::try_from(to - from + 1).unwrap_or(1))
}

/// The timeline of every item in the standing, in the plan's columns (merged, before the plan,
/// with in-year parts), its named sub-periods as a band above them.
pub fn timeline(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let p = &roadmap.plan.period;
    let cols = Columns::of(&roadmap.plan, p.latest_fy.value > p.last_fy.value);
    // A before column is drawn as the year before the plan's first.
    let first_fy = if p.columns.iter().any(|c| c.before) {
        p.first_fy.value.saturating_sub(1)
    } else {
        p.first_fy.value
    };
    // At least one year, even for a period that ends before it starts (an error the views are
    // not shown for, but must not panic on: found by the analyze_plan fuzz target).
    let last_year = p.latest_fy.value.max(p.last_fy.value).max(first_fy);
    let years: Vec<Fy> = (first_fy..=last_year).collect();
    let (label_width, per_year, cell_width) = layout(usize::from(view.width), years.len());
    let quarters = per_year == 4;
    let calendar = roadmap.plan.fiscal_year_start;
    let year_width = per_year * cell_width;
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
    let indent = " ".repeat(label_width + 1);
    // The phase band: each named sub-period over its FYs, bracketed.
    if !cols.phases.is_empty() {
        let mut line = indent.clone();
        let mut at = 0;
        for ph in &cols.phases {
            let from = usize::try_from(ph.from.clamp(first_fy, last_year) - first_fy).unwrap_or(0);
            let to = usize::try_from(ph.to.clamp(first_fy, last_year) - first_fy).unwrap_or(0);
            if from < at {
                continue;
            }
            line.push_str(&" ".repeat((from - at) * year_width));
            let span = (to + 1 - from) * year_width;
            let (open, fill, close) = if view.ascii {
                ("[", "-", "]")
            } else {
                ("├", "─", "┤")
            };
            let name = view.truncate(ph.name, span.saturating_sub(2));
            let rest = span.saturating_sub(2 + text::width(&name));
            let _ = write!(line, "{open}{name}{}{close}", fill.repeat(rest));
            at = to + 1;
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    // Column header: each column over its FYs.
    let mut line = indent.clone();
    for k in 0..cols.list.len() {
        let (_, n) = column_years(&cols, k, &years);
        let span = n * year_width;
        if span == 0 {
            continue;
        }
        // A label and a space must fit its span, or the labels run together: else the year alone.
        let mut label = column_label(cols.list[k], view.lang);
        match cols.list[k] {
            // Shorter and shorter: 2014年度, 2014, 14.
            Column::Fy(y) => {
                for short in [y.to_string(), format!("{:02}", y.rem_euclid(100))] {
                    if text::width(&label) + 1 > span {
                        label = short;
                    }
                }
            }
            // The plan's own label without its 年度 (「2014・2015」, 「2020～」), then with
            // two-digit years (「14・15」, 「～13」).
            Column::Defined(_) => {
                for short in [
                    label.replace("年度", ""),
                    two_digit_years(&label.replace("年度", "")),
                ] {
                    if text::width(&label) + 1 > span {
                        label = short;
                    }
                }
            }
            _ => {}
        }
        line.push_str(&text::pad(
            &view.truncate(&label, span.saturating_sub(1)),
            span,
        ));
    }
    let _ = writeln!(out, "{}", line.trim_end());
    // Quarter labels, or the column's parts (上期・下期), need a column between them.
    if quarters && cell_width >= 3 {
        let mut q = indent.clone();
        for k in 0..cols.list.len() {
            let (_, n) = column_years(&cols, k, &years);
            let parts = cols.parts(k);
            if matches!(cols.list[k], Column::Defined(d) if d.before) {
                // What came before the plan has no quarters.
                q.push_str(&" ".repeat(n * year_width));
            } else if parts.is_empty() {
                for _ in 0..n {
                    for i in 1..=4 {
                        q.push_str(&text::pad(&format!("Q{i}"), cell_width));
                    }
                }
            } else {
                let each = n * year_width / parts.len();
                for part in parts {
                    q.push_str(&text::pad(
                        &view.truncate(part, each.saturating_sub(1)),
                        each,
                    ));
                }
            }
        }
        let _ = writeln!(out, "{}", q.trim_end());
    }
    if let Some(col) = as_of_col {
        let marker = if view.ascii { "v" } else { "▼" };
        let at = label_width + 1 + col * cell_width;
        let said = format!(
            "{} {}",
            w.as_of,
            crate::render::dates::date(standing.as_of, view.lang)
        );
        // The date after the mark, or before it when it would run past the edge.
        let line = if at + 2 + text::width(&said) <= usize::from(view.width) {
            format!("{}{marker} {said}", " ".repeat(at))
        } else {
            let before = at.saturating_sub(text::width(&said) + 1);
            format!("{}{said} {marker}", " ".repeat(before))
        };
        let _ = writeln!(out, "{line}");
    }
    for s in &standing.items {
        let Some(item) = roadmap.item(&s.id) else {
            continue;
        };
        let label = format!("{} {}", s.id, one_line(&item.title));
        let mut line = text::pad(&view.truncate(&label, label_width), label_width);
        line.push(' ');
        for (n, y) in years.iter().enumerate() {
            for q in 0..per_year {
                // A milestone before the axis is drawn in its first year (the before column).
                let runs = |m: &crate::status::MilestoneStanding| {
                    let from = m.from.max(first_fy);
                    let past_end = *y == last_year && m.to > *y;
                    let in_years = from <= *y && (*y <= m.to || past_end);
                    // In quarters, an end within the FY (`2025-H1`) stops at its quarter.
                    let ends_before = quarters
                        && *y == m.to
                        && (q as u32) * 3 >= cols.end_month(m.to, m.end.until);
                    in_years && !ends_before
                };
                // A 毎年度 milestone is drawn by the round of that FY, not by its worst round.
                let worst = s
                    .milestones
                    .iter()
                    .filter(|m| runs(m))
                    .map(|m| {
                        m.rounds
                            .as_ref()
                            .and_then(|rounds| rounds.iter().find(|r| r.fy == *y))
                            .map_or(m.state, |r| r.state)
                    })
                    .filter(|st| *st != State::Dropped)
                    .min_by_key(|st| st.attention());
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
                        let term = theme::tone(st).term;
                        let _ = write!(line, "{}{glyph}\x1b[0m", term.ansi());
                    }
                    _ => line.push_str(&glyph),
                }
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let width = usize::from(view.width);
    let legend = theme::legend_lines(theme::Sign::Bar, view.ascii, view.lang, width);
    let _ = writeln!(out, "\n{legend}");
    // The legend names calendar states (期限超過・未報告, 開始前…) beside reported ones: say which.
    let w = view.lang.t();
    let _ = writeln!(out, "{}", view.wrap(&view.lang.bracket(w.derived_note), ""));
    out
}

#[cfg(test)]
mod tests {
    use super::layout;

    #[test]
    fn the_timeline_fits_the_width() {
        for width in [40, 60, 80, 100, 120, 200] {
            for years in 1..=30 {
                let (label, per_year, cell) = layout(width, years);
                let used = label + 1 + years * per_year * cell;
                assert!(
                    used <= width || (label == 16 && cell == 1),
                    "{years} FYs at {width}: {used} columns"
                );
            }
        }
        // Seven FYs at 80 columns: a cell per FY, room for the year.
        assert_eq!(layout(80, 7), (34, 1, 6));
    }
}
