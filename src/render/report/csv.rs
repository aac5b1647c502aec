//! The report's flat lists as CSV: RFC 4180 (CRLF line ends, fields quoted when needed), UTF-8 with
//! a BOM so that Japanese Excel opens it as UTF-8. Text from the data that starts like a formula
//! (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe; numbers the tool writes itself are left
//! as numbers, and states are written without their marks (a machine column follows each).

use super::{Cell, Table};
use crate::i18n::{Lang, Msg};
use crate::render::escape::spreadsheet_cell;
use crate::report::Report;

/// Which list to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// One row per item, with its computed state.
    Items,
    /// One row per milestone.
    Milestones,
    /// One row per indicator and FY.
    Indicators,
}

/// One cell as a CSV field.
fn field(c: &Cell<'_>, lang: Lang) -> String {
    // Controls and bidi overrides go (a CSV may be printed to a terminal), then formulas are
    // defused.
    let safe = |s: &str| spreadsheet_cell(&crate::text::strip_unsafe(s)).into_owned();
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Strong(s) => safe(s),
        Cell::Note(s) => (*s).to_owned(),
        Cell::Count(n) => n.to_string(),
        Cell::Fraction(done, total) => format!("{done}/{total}"),
        Cell::Percent(p) | Cell::Number(p) => super::value_text(*p),
        Cell::Date(d) => d.map(crate::render::dates::iso_date).unwrap_or_default(),
        Cell::Fy(fy) => fy.to_string(),
        Cell::Span {
            from,
            to,
            every_year,
        } => super::span_label(*from, *to, *every_year, lang),
        Cell::ActualTarget(a, t) => safe(&super::actual_target_label(*a, *t, lang)),
        Cell::State(s) => lang.state(*s).to_owned(),
        Cell::Reported(s) => lang.reported(*s).to_owned(),
        Cell::Attainment(a) => lang.attainment(*a).to_owned(),
        Cell::Tracked(_, text) => safe(text),
        Cell::Milestone(m) => safe(m.text),
        Cell::Lines(lines) => safe(&lines.join("\n")),
        Cell::Code(s) => (*s).to_owned(),
        Cell::Flag(b) => if *b { "1" } else { "" }.to_owned(),
    }
}

fn write(t: &Table<'_>, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| Msg::Render {
        what: "CSV".into(),
        cause: e.to_string(),
    };
    out.write_record(&t.headers).map_err(failed)?;
    for row in &t.rows {
        out.write_record(row.cells.iter().map(|c| field(c, lang)))
            .map_err(failed)?;
    }
    out.into_inner().map_err(|e| {
        Msg::Render {
            what: "CSV".into(),
            cause: e.error().to_string(),
        }
        .into()
    })
}

/// Renders one list; the bytes start with a UTF-8 BOM.
pub fn render(r: &Report<'_>, list: List, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let table = match list {
        List::Items => super::item_list(r, lang),
        List::Milestones => super::milestone_list(r, lang),
        List::Indicators => super::indicator_list(r, lang),
    };
    write(&table, lang)
}
