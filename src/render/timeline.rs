//! `roadmap status --timeline`: a terminal Gantt chart, one line per item across the plan's FYs,
//! in quarters when the width allows, each cell drawn in the state (of the milestones running in
//! that FY, on their schedule in force; of that FY's round for a 毎年度 milestone) that needs
//! attention most, with the as-of date marked.

use std::fmt::Write as _;

use super::status::{View, header};
use crate::model::{Fy, Roadmap};
use crate::render::report::column_label;
use crate::render::theme;
use crate::report::Column;
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

/// The timeline of every item in the standing.
pub fn timeline(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.latest_fy.value.max(p.last_fy.value)).collect();
    let last_year = years.last().copied().unwrap_or(p.last_fy.value);
    let (label_width, per_year, cell_width) = layout(usize::from(view.width), years.len());
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
        // A label and a space must fit its span, or the labels run together: else the year alone.
        let span = per_year * cell_width;
        let mut label = column_label(column, view.lang);
        // Shorter and shorter: 2014年度, 2014, 14.
        for short in [y.to_string(), format!("{:02}", y.rem_euclid(100))] {
            if text::width(&label) + 1 > span && matches!(column, Column::Fy(_)) {
                label = short;
            }
        }
        line.push_str(&text::pad(
            &view.truncate(&label, span.saturating_sub(1)),
            span,
        ));
    }
    let _ = writeln!(out, "{}", line.trim_end());
    // Quarter labels need a column between them.
    if quarters && cell_width >= 3 {
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
            // A 毎年度 milestone is drawn by the round of that FY, not by its worst round.
            let worst = s
                .milestones
                .iter()
                .filter(|m| m.from <= *y && (*y <= m.to || (*y == last_year && m.to > *y)))
                .map(|m| {
                    m.rounds
                        .as_ref()
                        .and_then(|rounds| rounds.iter().find(|r| r.fy == *y))
                        .map_or(m.state, |r| r.state)
                })
                .filter(|st| *st != State::Dropped)
                .min_by_key(|st| st.attention());
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
