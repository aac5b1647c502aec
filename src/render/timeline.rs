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

/// The timeline of every item in the standing.
pub fn timeline(roadmap: &Roadmap, standing: &Standing, view: &View) -> String {
    let w = view.lang.t();
    let p = &roadmap.plan.period;
    let years: Vec<Fy> = (p.first_fy.value..=p.latest_fy.value.max(p.last_fy.value)).collect();
    let last_year = years.last().copied().unwrap_or(p.last_fy.value);
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
        // A label and a space must fit its span, or the labels run together: else the year alone.
        let span = per_year * cell_width;
        let mut label = column_label(column, view.lang);
        if text::width(&label) + 1 > span {
            label = match column {
                Column::Fy(y) => y.to_string(),
                Column::After => label,
            };
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
        let _ = writeln!(
            out,
            "{}{marker} {} {}",
            " ".repeat(label_width + 1 + col * cell_width),
            w.as_of,
            crate::render::dates::date(standing.as_of, view.lang)
        );
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
