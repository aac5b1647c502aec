//! The report's tables as CSV: RFC 4180 (CRLF line ends, fields quoted when needed), UTF-8 with a
//! BOM so that Japanese Excel opens it as UTF-8. Text from the data that starts like a formula
//! (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe; numbers the tool writes itself are left
//! as numbers.

use super::escape::spreadsheet_cell;
use super::labels::Lang;
use super::report_labels::{self as rl, words};
use crate::report::Report;
use crate::text::number;

/// Which table to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// One row per item, with its computed state.
    Items,
    /// One row per milestone.
    Milestones,
    /// One row per indicator and FY.
    Indicators,
}

/// Text from the data, neutralised.
fn text(s: &str) -> String {
    spreadsheet_cell(s).into_owned()
}

fn opt_num(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

/// Renders one table; the bytes start with a UTF-8 BOM.
pub fn render(r: &Report, table: Table, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let t = lang.t();
    let w = words(lang);
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    match table {
        Table::Items => {
            out.write_record([
                t.id,
                w.category,
                w.subcategory,
                t.item,
                t.theme_col,
                t.state,
                w.state_code,
                t.milestones_done,
                w.milestones,
                w.percent_done,
                w.owners,
                t.notes,
            ])?;
            for item in &r.items {
                let pct = item.percent_done;
                out.write_record([
                    item.id.to_string(),
                    item.id.category.to_string(),
                    format!("{}-{}", item.id.category, item.id.subcategory),
                    text(&item.title),
                    item.themes
                        .iter()
                        .map(|t| format!("※{t}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    lang.item_state(item.state).to_owned(),
                    item.state.as_str().to_owned(),
                    item.milestones_done.to_string(),
                    item.milestones_total.to_string(),
                    opt_num(pct),
                    text(&item.owners.join("; ")),
                    text(&item.notes.join("\n")),
                ])?;
            }
        }
        Table::Milestones => {
            out.write_record([
                t.id,
                w.milestone_id,
                w.milestone,
                w.track,
                t.row,
                w.from_fy,
                w.to_fy,
                t.every_year,
                t.status_col,
                t.state,
                w.state_code,
                t.done_on,
                w.due,
                w.evidence,
                t.notes,
            ])?;
            for item in &r.items {
                for m in &item.milestones {
                    out.write_record([
                        item.id.to_string(),
                        text(&m.id),
                        text(&m.text),
                        text(m.track.as_deref().unwrap_or_default()),
                        m.row.map(|r| r.to_string()).unwrap_or_default(),
                        m.from.to_string(),
                        m.to.to_string(),
                        if m.every_year { "1" } else { "" }.to_owned(),
                        rl::recorded(lang, m.status).to_owned(),
                        lang.milestone_state(m.state).to_owned(),
                        serde_plain(m.state),
                        m.done_on.map(rl::date).unwrap_or_default(),
                        m.due.map(rl::date).unwrap_or_default(),
                        text(m.evidence.as_deref().unwrap_or_default()),
                        text(m.notes.as_deref().unwrap_or_default()),
                    ])?;
                }
            }
        }
        Table::Indicators => {
            out.write_record([
                t.id,
                w.indicator_id,
                t.indicators,
                t.unit,
                w.fy_col,
                t.target,
                t.actual,
                t.notes,
            ])?;
            for item in &r.items {
                for i in &item.indicators {
                    for v in &i.values {
                        out.write_record([
                            item.id.to_string(),
                            text(&i.id),
                            text(&i.name),
                            text(i.unit.as_deref().unwrap_or_default()),
                            v.fy.to_string(),
                            opt_num(v.target),
                            opt_num(v.actual),
                            text(i.notes.as_deref().unwrap_or_default()),
                        ])?;
                    }
                }
            }
        }
    }
    out.into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write CSV: {}", e.error()))
}

/// The snake_case name of a milestone state, as in JSON.
fn serde_plain(s: crate::status::MilestoneState) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
