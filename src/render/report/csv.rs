//! The report's flat lists as CSV: RFC 4180 (CRLF line ends, fields quoted when needed), UTF-8 with
//! a BOM so that Japanese Excel opens it as UTF-8. Text from the data that starts like a formula
//! (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe; numbers the tool writes itself are left
//! as numbers, and states are written without their marks (a machine column follows each).
//!
//! Opened by double-click, Excel re-reads fields: `1-1-1` becomes 2001-01-01, `1-1` 1月1日,
//! `0/14` a date, `2023-06-30` a date serial. A field Excel would re-read is written as the
//! formula `="1-1-1"`, which Excel (and LibreOffice) show as the text itself. Only fields made of
//! digits and date separators are wrapped, so the formula can hold nothing but them; data that
//! starts like a formula is still defused.

use super::{Cell, Row};
use crate::i18n::{Lang, Msg};
use crate::render::escape::spreadsheet_text;
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
    /// One row per schedule change (計画変更).
    Changes,
    /// What changed since the last report (`--since`).
    Since,
}

/// One cell as a CSV field.
fn field(c: &Cell<'_>, lang: Lang) -> String {
    // Controls and bidi overrides go (a CSV may be printed to a terminal), then formulas are
    // defused.
    let safe = |s: &str| spreadsheet_text(s).into_owned();
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
            end,
            every_year,
        } => super::span_label(*from, end, *every_year, lang),
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

/// Whether Excel would read the text as a date or time: digits joined by `-`, `/` or `:`
/// (`1-1-1`, `1-1`, `0/14`, `2023-06-30`, `10:30`), by two or more `.` (`2023.6.30`), or a 年月日
/// date (`2023年6月30日`, `6月30日`).
fn excel_would_convert(s: &str) -> bool {
    let numbers = |parts: Vec<&str>| {
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let ymd = s
        .strip_suffix('日')
        .or_else(|| s.strip_suffix('月'))
        .is_some_and(|rest| numbers(rest.split(['年', '月']).collect()));
    // A single `.` is a decimal point (12.5); `2023.6.30` is a date.
    let dotted = s.split('.').count() >= 3 && numbers(s.split('.').collect());
    ymd || dotted || numbers(s.split(['-', '/', ':']).collect())
}

/// A field as written: wrapped as `="…"` when Excel would turn it into a date.
pub(crate) fn guarded(s: String) -> String {
    if excel_would_convert(&s) {
        format!("=\"{s}\"")
    } else {
        s
    }
}

/// Records as CSV bytes the way Excel opens them: a UTF-8 BOM, CRLF line ends; records may
/// differ in length.
pub(crate) fn records<I, R>(rows: I) -> anyhow::Result<Vec<u8>>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut out = Vec::new();
    write_records(rows, &mut out)?;
    Ok(out)
}

/// [`records`] written to `out` as they come: the milestones of 100,000 items are 400,000 rows
/// (75 MB), which were held whole, twice, before a byte was written. A failed write stays an I/O
/// error, for the writer to word as its file's.
fn write_records<I, R>(rows: I, out: &mut dyn std::io::Write) -> anyhow::Result<()>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(out);
    let failed = |e: csv::Error| -> anyhow::Error {
        let cause = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io.into(),
            _ => Msg::Render {
                what: "CSV".into(),
                cause,
            }
            .into(),
        }
    };
    for row in rows {
        out.write_record(row).map_err(failed)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes one list to `out`; the bytes start with a UTF-8 BOM. The milestones, the longest list,
/// are made a row at a time as they are written.
pub fn write(
    r: &Report<'_>,
    list: List,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let table = match list {
        List::Items => super::item_list(r, lang),
        List::Milestones => {
            let rows = super::milestone_rows(r, lang).map(|row| fields(&row, lang));
            return write_records(
                std::iter::once(super::milestone_headers(lang)).chain(rows),
                out,
            );
        }
        List::Indicators => super::indicator_list(r, lang),
        List::Changes => super::change_list(r, lang),
        List::Since => match &r.since {
            Some(since) => super::since_table(since.diff, lang),
            None => {
                return Err(Msg::NeedsOption {
                    option: "--table since".into(),
                    needs: "--since".into(),
                }
                .into());
            }
        },
    };
    let rows = table.rows.iter().map(|row| fields(row, lang));
    write_records(std::iter::once(table.headers.clone()).chain(rows), out)
}

/// A row's cells as CSV fields, guarded against Excel's re-reading.
fn fields(row: &Row<'_>, lang: Lang) -> Vec<String> {
    row.cells.iter().map(|c| guarded(field(c, lang))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_excel_would_turn_into_dates_is_guarded() {
        for s in [
            "1-1-1",
            "1-1",
            "0/14",
            "2023-06-30",
            "10:30",
            "2023.6.30",
            "2023年6月30日",
            "6月30日",
        ] {
            assert!(excel_would_convert(s), "{s}");
            assert_eq!(guarded(s.to_owned()), format!("=\"{s}\""));
        }
        for s in [
            "2022年度",
            "155",
            "12.5",
            "項目1-1",
            "-1",
            "",
            "1-",
            "=1-1",
            "2022年度〜2024年度",
        ] {
            assert!(!excel_would_convert(s), "{s}");
        }
    }
}
