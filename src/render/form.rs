//! The progress form (照会票) as a workbook or a CSV file. The workbook: 「記入方法」 (how to fill
//! it in, the as-of date and the data it was made from), 「進捗入力」 and 「指標入力」 (context
//! columns locked and grey, input columns unlocked and yellow, 状況 a drop-down list, a frozen
//! and filterable header, A4 landscape fitted to the width), and a hidden sheet 「_form」 with the
//! form's id and each row's fingerprint for `roadmap import`. The CSV: the 進捗入力 rows, a first
//! line with the form's meta and a last column with each row's fingerprint.
//!
//! Each column is defined once ([`PROGRESS`], [`VALUES`]); both formats and the importer read the
//! same list, so a header cannot drift between writing and reading.

use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, ProtectionOptions, Worksheet, XlsxError,
};

use crate::form::{self, Form, ProgressRow, ValueRow};
use crate::i18n::{Lang, Msg, Words};
use crate::model::Val;
use crate::render::dates;
use crate::render::escape::spreadsheet_text;
use crate::render::report::csv::{guarded, records};
use crate::render::report::xlsx::{
    FONT, PAPER_A3, PAPER_A4, RowHeights, USUAL_SAMPLE, cell_format, end_rows, usual,
};
use crate::writer::Target;

/// A column of an input sheet: its header, its width in characters, whether the 部局 fill it in.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub header: fn(&Words) -> &'static str,
    pub width: f64,
    pub input: bool,
}

const fn col(header: fn(&Words) -> &'static str, width: f64, input: bool) -> Column {
    Column {
        header,
        width,
        input,
    }
}

/// 進捗入力's columns, in order.
pub const PROGRESS: [Column; 16] = [
    col(|t| t.form_item_id, 9.0, false),
    col(|t| t.form_item, 16.0, false),
    col(|t| t.form_milestone_id, 12.0, false),
    col(|t| t.form_milestone, 30.0, false),
    col(|t| t.form_round, 8.0, false),
    col(|t| t.form_plan, 12.0, false),
    col(|t| t.form_current, 12.0, false),
    col(|t| t.form_timing, 16.0, false),
    col(|t| t.form_standing, 18.0, false),
    col(|t| t.form_last, 20.0, false),
    col(|t| t.form_status, 9.0, true),
    col(|t| t.form_done_on, 11.0, true),
    col(|t| t.form_progress, 30.0, true),
    col(|t| t.form_evidence, 14.0, true),
    col(|t| t.form_reason, 18.0, true),
    col(|t| t.form_new_end, 10.0, true),
];

/// 指標入力's columns, in order.
pub const VALUES: [Column; 10] = [
    col(|t| t.form_item_id, 9.0, false),
    col(|t| t.form_indicator_id, 16.0, false),
    col(|t| t.form_indicator, 30.0, false),
    col(|t| t.form_series, 18.0, false),
    col(|t| t.form_round, 9.0, false),
    col(|t| t.form_unit, 8.0, false),
    col(|t| t.form_target, 10.0, false),
    col(|t| t.form_current_value, 12.0, false),
    col(|t| t.form_value, 12.0, true),
    col(|t| t.form_note, 30.0, true),
];

/// The CSV form's last column: each row's fingerprint.
pub const CSV_KEY: &str = "照合キー";

fn span(lang: Lang, (from, end): &(i32, crate::timing::End)) -> String {
    lang.end_span(*from, end, false)
}

/// The context cells of a progress row, as shown.
pub fn progress_context(r: &ProgressRow, lang: Lang) -> Vec<String> {
    let t = lang.t();
    let state = lang.state(r.state);
    let standing = if r.state.is_derived() {
        format!("{state}{}", lang.aside(t.form_derived))
    } else if let Some(c) = &r.closing {
        // The date an answer would correct.
        format!("{state}{}", lang.aside(&dates::date(c.on.value, lang)))
    } else {
        state.to_owned()
    };
    let last = r.last.as_ref().map(|rep| {
        let what = lang.reported(rep.status.as_ref().map(|s| s.value));
        let text = rep.text.as_ref().map(|t| t.value.as_str()).unwrap_or("");
        format!("{} {what} {text}", dates::date(rep.on.value, lang))
            .trim_end()
            .to_owned()
    });
    vec![
        r.item.to_string(),
        r.item_title.to_string(),
        r.milestone.clone(),
        r.text.clone(),
        r.round.map(|y| lang.fy_short(y)).unwrap_or_default(),
        span(lang, &r.planned),
        span(lang, &r.current),
        lang.timing(r.timing_text.as_deref(), &r.planned.1, None)
            .unwrap_or_default(),
        standing,
        last.unwrap_or_default(),
    ]
}

/// The context cells of a value row, as shown: text, then the target and the recorded value
/// (numbers as numbers, so that a spreadsheet can compare them).
pub fn value_context(r: &ValueRow, lang: Lang) -> (Vec<String>, [Option<Val>; 2]) {
    let cells = vec![
        r.item.to_string(),
        r.indicator.to_string(),
        r.indicator_name.to_string(),
        r.series_name.to_string(),
        lang.fy_short(r.fy),
        r.unit.as_deref().unwrap_or_default().to_owned(),
    ];
    (cells, [r.target.map(Val::Number), r.current.clone()])
}

/// The width of 記入方法's text column, in characters.
const HOWTO_WIDTH: u16 = 100;

fn failed(e: XlsxError) -> anyhow::Error {
    Msg::Render {
        what: "XLSX".into(),
        cause: e.to_string(),
    }
    .into()
}

/// The height of a row whose cells wrap: spreadsheet programs do not grow a row for wrapped text
/// they did not lay out themselves, so the lines each cell needs at its column's width are
/// counted (by display width: a kanji takes two) and the row made as tall as the tallest.
fn height<'a>(cells: impl Iterator<Item = (&'a str, f64)>) -> f64 {
    let lines = cells
        .map(|(text, width)| {
            let per_line = (width - 2.0).max(1.0);
            text.lines()
                .map(|l| {
                    #[allow(clippy::cast_precision_loss)]
                    let w = crate::text::width(l) as f64;
                    (w / per_line).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0_f64, f64::max)
        .min(12.0);
    lines * 14.0 + 3.0
}

fn formats() -> [Format; 3] {
    let header = cell_format()
        .set_bold()
        .set_background_color(Color::RGB(0x1F_4E_79))
        .set_font_color(Color::White);
    let context = cell_format().set_background_color(Color::RGB(0xEE_EE_EE));
    let input = cell_format()
        .set_background_color(Color::RGB(0xFF_F8_D0))
        .set_unlocked();
    [header, context, input]
}

/// Header, widths, frozen header, filter, print setup and protection of an input sheet.
fn lay_out(
    ws: &mut Worksheet,
    name: &str,
    columns: &[Column],
    rows: usize,
    t: &Words,
) -> Result<(), XlsxError> {
    let [header, _, _] = formats();
    ws.set_name(name)?;
    // Before the row's cells: the sheet is written row by row (see `workbook`).
    ws.set_row_height(0, height(columns.iter().map(|c| ((c.header)(t), c.width))))?;
    for (c, column) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, c, (column.header)(t), &header)?;
        ws.set_column_width(c, column.width)?;
    }
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    let last_row = u32::try_from(rows).unwrap_or(u32::MAX);
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row.max(1), last_col)?;
    ws.set_landscape();
    ws.set_paper_size(PAPER_A3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!("&L{}&R&P / &N", t.form_title));
    ws.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        sort: false,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// rust_xlsxwriter's default row height, which the form's workbook keeps (the report sets its own).
const LIBRARY_ROW_PT: f64 = 15.0;

/// The height of an input sheet's row of these context cells.
fn row_height(cells: &[String], columns: &[Column]) -> f64 {
    height(
        cells
            .iter()
            .map(String::as_str)
            .zip(columns.iter().map(|c| c.width)),
    )
}

/// An input sheet's row heights: the height most of its first rows have is the sheet's default,
/// and only other rows get their own (the library keeps each one's options until the workbook
/// is saved: some 170 MiB for a form of every item at 100,000 items).
fn row_heights(
    ws: &mut Worksheet,
    first: impl Iterator<Item = Vec<String>>,
    columns: &[Column],
) -> RowHeights {
    let sample = first
        .take(USUAL_SAMPLE)
        .map(|cells| row_height(&cells, columns));
    RowHeights::over(ws, usual(sample), LIBRARY_ROW_PT)
}

/// A row of an input sheet, as tall as its wrapped text: the context cells as text, every other
/// column blank in its format (context grey, input yellow and unlocked).
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    heights: RowHeights,
    cells: &[String],
    columns: &[Column],
    [context, input]: [&Format; 2],
) -> Result<(), XlsxError> {
    heights.set(ws, row as usize, row_height(cells, columns))?;
    for (c, column) in columns.iter().enumerate() {
        let c16 = u16::try_from(c).unwrap_or(u16::MAX);
        match cells.get(c) {
            Some(text) => ws.write_string_with_format(row, c16, spreadsheet_text(text), context)?,
            None if column.input => ws.write_blank(row, c16, input)?,
            None => ws.write_blank(row, c16, context)?,
        };
    }
    Ok(())
}

/// The form's workbook, its sheets filled: how to fill it in, the two input sheets, and the hidden
/// sheet that names the form and each of its rows.
fn workbook(f: &Form, lang: Lang) -> Result<rust_xlsxwriter::Workbook, XlsxError> {
    let t = lang.t();
    let [_, context, input] = formats();
    let mut book = super::dated_workbook(f.meta.made_on)?;

    // The sheets in their order, each filled before the next is added: the input sheets row by
    // row in constant-memory mode (strings inline, each row written out when the next begins),
    // as a form of every item has 400,000 rows of each at 100,000 items, which held whole took
    // 4.6 GB.
    let how = book.add_worksheet();
    how.set_name(t.form_howto_sheet)?;
    how.set_column_width(0, 16)?;
    how.set_column_width(1, HOWTO_WIDTH)?;
    let bold = Format::new()
        .set_font_name(FONT)
        .set_bold()
        .set_font_size(14);
    let plain = Format::new()
        .set_font_name(FONT)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    how.write_string_with_format(0, 0, t.form_title, &bold)?;
    let m = &f.meta;
    let meta = [
        (t.form_id, m.id.clone()),
        (
            t.form_owner,
            m.owner
                .clone()
                .unwrap_or_else(|| t.form_everyone.to_owned()),
        ),
        (t.form_fy, lang.fy(m.fy)),
        (t.as_of, dates::date(m.as_of, lang)),
        (t.form_made_on, dates::date(m.made_on, lang)),
        (t.form_revision, m.revision.clone().unwrap_or_default()),
    ];
    for (n, (k, v)) in meta.iter().enumerate() {
        let r = u32::try_from(n + 2).unwrap_or(0);
        how.write_string_with_format(r, 0, *k, &plain)?;
        how.write_string_with_format(r, 1, spreadsheet_text(v), &plain)?;
    }
    for (n, line) in t.form_howto.lines().enumerate() {
        let r = u32::try_from(n + meta.len() + 3).unwrap_or(0);
        // Broken here, by the Japanese rules (no line starting with 。), at a width that fits
        // the column in any font: a spreadsheet program would break it anywhere.
        let text = crate::text::wrapped(line, usize::from(HOWTO_WIDTH) - 6);
        let width = f64::from(HOWTO_WIDTH);
        how.set_row_height(r, height(std::iter::once((text.as_str(), width))))?;
        how.write_string_with_format(r, 1, &text, &plain)?;
    }
    how.set_landscape();
    how.set_paper_size(PAPER_A4);
    how.set_print_fit_to_pages(1, 1);

    let progress = book.add_worksheet_with_constant_memory()?;
    let contexts = f.progress.iter().map(|r| progress_context(r, lang));
    let heights = row_heights(progress, contexts, &PROGRESS);
    lay_out(
        progress,
        t.form_progress_sheet,
        &PROGRESS,
        f.progress.len(),
        t,
    )?;
    for (n, r) in f.progress.iter().enumerate() {
        let row = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let cells = progress_context(r, lang);
        write_row(
            progress,
            row,
            heights,
            &cells,
            &PROGRESS,
            [&context, &input],
        )?;
    }
    end_rows(progress, f.progress.len() + 1)?;
    let words: Vec<&str> = form::answers(t).iter().map(|(w, _)| *w).collect();
    let status_col = u16::try_from(
        PROGRESS
            .iter()
            .position(|c| (c.header)(t) == t.form_status)
            .unwrap_or(9),
    )
    .unwrap_or(9);
    if !f.progress.is_empty() {
        let list = DataValidation::new()
            .allow_list_strings(&words)?
            .set_error_message(words.join(" / "))?;
        let last = u32::try_from(f.progress.len()).unwrap_or(u32::MAX);
        progress.add_data_validation(1, status_col, last, status_col, &list)?;
    }

    progress.set_active(true);

    let values = book.add_worksheet_with_constant_memory()?;
    let contexts = f.values.iter().map(|r| value_context(r, lang).0);
    let heights = row_heights(values, contexts, &VALUES);
    lay_out(values, t.form_indicator_sheet, &VALUES, f.values.len(), t)?;
    for (n, r) in f.values.iter().enumerate() {
        let row = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let (cells, numbers) = value_context(r, lang);
        write_row(values, row, heights, &cells, &VALUES, [&context, &input])?;
        for (c, v) in numbers.iter().enumerate() {
            let col = u16::try_from(cells.len() + c).unwrap_or(0);
            match v {
                Some(Val::Number(v)) => values.write_number_with_format(row, col, *v, &context)?,
                Some(Val::Text(v)) => {
                    values.write_string_with_format(row, col, spreadsheet_text(v), &context)?
                }
                None => continue,
            };
        }
    }
    end_rows(values, f.values.len() + 1)?;

    let hidden = book.add_worksheet_with_constant_memory()?;
    hidden.set_name(form::META_SHEET)?;
    hidden.set_hidden(true);
    let pairs = f.meta.pairs();
    for (n, (k, v)) in pairs.iter().enumerate() {
        let r = u32::try_from(n).unwrap_or(0);
        hidden.write_string(r, 0, *k)?;
        hidden.write_string(r, 1, spreadsheet_text(v))?;
    }
    for (n, (key, print)) in f.sent_rows().enumerate() {
        let r = u32::try_from(n + pairs.len()).unwrap_or(u32::MAX);
        hidden.write_string(r, 0, "row")?;
        for (c, cell) in key.cells().iter().enumerate() {
            hidden.write_string(r, u16::try_from(c + 1).unwrap_or(0), cell)?;
        }
        hidden.write_string(r, 6, form::hex(print))?;
    }
    hidden.protect();
    Ok(book)
}

/// The form as a workbook, written into `out` as it is zipped: a form of every item is 60 MB at
/// 100,000 items.
fn write_xlsx(f: &Form, lang: Lang, out: &mut (dyn std::io::Write + Send)) -> anyhow::Result<()> {
    let mut book = workbook(f, lang).map_err(failed)?;
    crate::render::report::save_watched(out, |out| book.save_to_writer(out))
}

/// The form as a workbook.
pub fn xlsx(f: &Form, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_xlsx(f, lang, &mut bytes)?;
    Ok(bytes)
}

/// The 進捗入力 rows as CSV (UTF-8 with a BOM, CRLF): the meta line, the header, the rows.
pub fn csv(f: &Form, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let t = lang.t();
    let cell = |s: &str| guarded(spreadsheet_text(s).into_owned());
    let mut meta: Vec<String> = Vec::new();
    for (k, v) in f.meta.pairs() {
        meta.push(k.to_owned());
        meta.push(cell(&v));
    }
    meta.extend(["rows".to_owned(), f.progress.len().to_string()]);
    let mut header: Vec<String> = PROGRESS.iter().map(|c| (c.header)(t).to_owned()).collect();
    header.push(CSV_KEY.to_owned());
    let rows = f.progress.iter().map(|r| {
        let mut row: Vec<String> = progress_context(r, lang).iter().map(|s| cell(s)).collect();
        row.extend(PROGRESS.iter().filter(|c| c.input).map(|_| String::new()));
        // Always as `="…"`: a spreadsheet reads a key of digits (or `1234e5…`) as a number and
        // rewrites it (a lost leading zero, 1.79769313486232E+308).
        row.push(format!("=\"{}\"", form::hex(r.print)));
        row
    });
    records([meta, header].into_iter().chain(rows))
}

/// The form as the file `path` names (CSV by its extension, else a workbook), and what to say of
/// it.
/// Whether a form's file is CSV (`.csv`) or a workbook (`.xlsx`, or no extension); a name that
/// promises another format (`x.pdf`) is refused rather than given a workbook.
pub fn is_csv(path: &std::path::Path) -> anyhow::Result<bool> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        None | Some("xlsx") => Ok(false),
        Some("csv") => Ok(true),
        Some(other) => Err(Msg::FormUnknownExtension {
            path: path.display().to_string(),
            ext: other.to_owned(),
        }
        .into()),
    }
}

/// A form's bytes for where they go (standard output takes the workbook), and what to say.
pub fn file(f: &Form, lang: Lang, target: &Target) -> anyhow::Result<(Vec<u8>, Msg)> {
    let mut bytes = Vec::new();
    let written = write(f, lang, target, &mut bytes)?;
    Ok((bytes, written))
}

/// Writes a form into `out` as it is made, in the format its target asks for (standard output
/// takes the workbook), and says what was written.
pub fn write(
    f: &Form,
    lang: Lang,
    target: &Target,
    out: &mut (dyn std::io::Write + Send),
) -> anyhow::Result<Msg> {
    let (csv, path) = match target {
        Target::File(path) => (is_csv(path)?, path.display().to_string()),
        Target::Stdout => (false, lang.t().form_to_stdout.to_owned()),
    };
    if csv {
        out.write_all(&self::csv(f, lang)?)?;
    } else {
        write_xlsx(f, lang, out)?;
    }
    Ok(Msg::FormWritten {
        path,
        id: f.meta.id.clone(),
        rows: f.progress.len(),
        values: if csv { 0 } else { f.values.len() },
    })
}
