//! The report as an Excel workbook, one table per sheet: 「概要」 (the overview by 大項目 and
//! theme), 「工程表」 (the roadmap table in the source's layout, merged cells for milestones that
//! span FYs, state fills and marks, A3 landscape), 「進捗」 (items and their computed states),
//! 「遅延・期限超過」 (reported delays and the derived past-due milestones), 「計画変更」, 「指標」
//! (indicators by FY) and 「工程」 (every milestone). Each sheet has its own title rows (merged
//! across the table, so they print whole), a frozen and filterable header repeated on every
//! printed page, and a print header and footer with the title, 基準日 and page x/y.
//!
//! Every string is written as a string cell (never a formula), and text from the data that starts
//! like a formula also gets a leading apostrophe, as in the CSV. Counts and values are numbers.

use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError,
};

use super::{Cell, RowKind, Table};
use crate::i18n::Lang;
use crate::render::escape::spreadsheet_cell;
use crate::render::theme;
use crate::report::Report;
use crate::status::State;
use crate::text;

/// The sheet names (the office's own words, whatever the label language).
pub const SHEET_OVERVIEW: &str = "概要";
pub const SHEET_TABLE: &str = "工程表";
pub const SHEET_PROGRESS: &str = "進捗";
pub const SHEET_LATE: &str = "遅延・期限超過";
pub const SHEET_CHANGES: &str = "計画変更";
pub const SHEET_MILESTONES: &str = "工程";
pub const SHEET_INDICATORS: &str = "指標";

/// The rows a sheet's title takes before its table's header: the title, the 基準日 line, a gap.
const TITLE_ROWS: usize = 3;

/// A Japanese font Excel has on Windows and macOS.
pub(crate) const FONT: &str = "游ゴシック";
/// Excel's paper size codes.
pub(crate) const PAPER_A3: u8 = 8;
pub(crate) const PAPER_A4: u8 = 9;

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(128)
        .set_font_size(10)
        .set_align(FormatAlign::Top)
        .set_text_wrap()
}

/// A table cell: the base font, wrapped, top-aligned, thin grey borders.
pub(crate) fn cell_format() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0x80_80_80))
}

fn header() -> Format {
    cell_format()
        .set_bold()
        .set_background_color(Color::RGB(0x1F_4E_79))
        .set_font_color(Color::White)
        .set_align(FormatAlign::Center)
}

fn fill(tone: theme::Tone) -> Format {
    cell_format().set_background_color(Color::RGB(tone.fill))
}

/// Excel's limit on the characters of a cell; a longer text makes the whole workbook unreadable.
pub const MAX_CELL_CHARS: usize = 32_767;

std::thread_local! {
    /// Texts cut to [`MAX_CELL_CHARS`] during one [`render`] (it runs on one thread).
    static CUT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Text from the data for a cell: neutralised (no formula) and within Excel's limit, cut with a
/// marker and counted when longer.
fn safe(s: &str) -> String {
    let s = spreadsheet_cell(s);
    if s.chars().count() <= MAX_CELL_CHARS {
        return s.into_owned();
    }
    CUT.with(|c| c.set(c.get() + 1));
    // `cut_chars` adds `…`; leave room for it and the marker.
    let mut out = text::cut_chars(&s, MAX_CELL_CHARS - 16).into_owned();
    out.push_str("[truncated]");
    out
}

/// Column widths in Excel's units (about one half-width character), from display widths.
#[derive(Debug)]
struct Widths(Vec<f64>);

impl Widths {
    fn new(n: usize) -> Self {
        Self(vec![6.0; n])
    }
    /// Notes the widest line of `s` (spread over `span` columns), capped at `max`.
    fn fit(&mut self, col: usize, span: usize, s: &str, max: f64) {
        let widest = s.lines().map(text::width).max().unwrap_or(0) as f64 + 2.0;
        let per = (widest / span.max(1) as f64).min(max);
        for c in col..col + span.max(1) {
            if let Some(w) = self.0.get_mut(c) {
                *w = w.max(per);
            }
        }
    }
    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            ws.set_column_width(col(c), *w)?;
        }
        Ok(())
    }
    /// Lines `s` wraps to in columns `col..col+span`.
    fn lines(&self, col: usize, span: usize, s: &str) -> usize {
        let width: f64 = self.0.iter().skip(col).take(span.max(1)).sum::<f64>() - 1.0;
        s.lines()
            .map(|l| ((text::width(l) as f64) / width.max(1.0)).ceil().max(1.0) as usize)
            .sum::<usize>()
            .max(1)
    }
}

fn col(n: usize) -> ColNum {
    ColNum::try_from(n).unwrap_or(ColNum::MAX)
}

fn row(n: usize) -> RowNum {
    RowNum::try_from(n).unwrap_or(RowNum::MAX)
}

/// Writes a string over `(r0, c0)..=(r1, c1)`, merging when it is more than one cell.
fn put(
    ws: &mut Worksheet,
    (r0, c0): (usize, usize),
    (r1, c1): (usize, usize),
    s: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(row(r0), col(c0), s, f)?;
    } else {
        ws.merge_range(row(r0), col(c0), row(r1), col(c1), s, f)?;
    }
    Ok(())
}

/// The text a cell shows, for the cells written as strings.
fn shown(c: &Cell<'_>, lang: Lang) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Strong(s) => safe(s),
        Cell::Note(s) => (*s).to_owned(),
        Cell::Count(n) => n.to_string(),
        Cell::Fraction(done, total) => format!("{done}/{total}"),
        Cell::Percent(p) | Cell::Number(p) => super::value_text(*p),
        Cell::Date(d) => d.map(|d| super::date_label(d, lang)).unwrap_or_default(),
        Cell::Fy(fy) => fy.to_string(),
        Cell::Span {
            from,
            to,
            every_year,
        } => super::span_label(*from, *to, *every_year, lang),
        Cell::ActualTarget(a, t) => safe(&super::actual_target_label(*a, *t, lang)),
        Cell::State(s) => super::state_label(*s, lang),
        Cell::Reported(s) => lang.reported(*s).to_owned(),
        Cell::Attainment(a) => lang.attainment(*a).to_owned(),
        Cell::Tracked(track, t) => safe(&tracked(*track, t)),
        Cell::Milestone(m) => {
            let mut s = format!(
                "{} {}",
                super::mark_before(m.state, m.text, lang),
                tracked(m.track, m.text)
            );
            if m.every_year {
                s.push_str(&format!(" ({})", lang.t().every_year));
            }
            if let Some(t) = m.timing {
                s.push_str(&format!(" ({t})"));
            }
            if let Some((from, to)) = m.planned {
                let planned = lang.fy_span(from, to);
                s.push_str(&format!(" ({}: {planned})", lang.t().planned_plan));
            }
            if let Some(d) = m.done_on {
                s.push_str(&format!(
                    "\n{} {}",
                    lang.t().done_on,
                    super::date_label(d, lang)
                ));
            }
            // The mark goes first, so the cell cannot start a formula; the data is still
            // neutralised for the same rule everywhere.
            safe(&s)
        }
        Cell::Lines(lines) => safe(&lines.join("\n")),
        Cell::Code(s) => (*s).to_owned(),
        Cell::Flag(b) => if *b { "1" } else { "" }.to_owned(),
    }
}

/// `[track] text`, as every format shows a milestone's track.
fn tracked(track: Option<&str>, text: &str) -> String {
    match track {
        Some(t) => format!("[{t}] {text}"),
        None => text.to_owned(),
    }
}

/// Writes one cell: numbers as numbers, states with their fill, the rest as strings.
fn write_cell(
    ws: &mut Worksheet,
    (r, c): (usize, usize),
    cell: &Cell<'_>,
    f: &Format,
    lang: Lang,
) -> Result<(), XlsxError> {
    let (r, c) = (row(r), col(c));
    match cell {
        Cell::Count(n) => ws.write_number_with_format(r, c, *n as f64, f)?,
        // A share is a real percentage (0.25 shown as 25.0%), so it sums and charts as one.
        Cell::Percent(Some(p)) => {
            ws.write_number_with_format(r, c, *p / 100.0, &f.clone().set_num_format("0.0%"))?
        }
        Cell::Number(Some(v)) => {
            ws.write_number_with_format(r, c, *v, &f.clone().set_num_format("#,##0.##"))?
        }
        // A date is a date (it sorts and filters as one), shown the reader's way: 令和6年3月31日.
        Cell::Date(Some(d)) => {
            use chrono::Datelike;
            let day = rust_xlsxwriter::ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                u8::try_from(d.month()).unwrap_or(1),
                u8::try_from(d.day()).unwrap_or(1),
            )?;
            let style = if lang == Lang::Ja && !crate::render::dates::iso() {
                "[$-411]ggge\"年\"m\"月\"d\"日\""
            } else {
                "yyyy-mm-dd"
            };
            ws.write_datetime_with_format(r, c, &day, &f.clone().set_num_format(style))?
        }
        Cell::Percent(None) | Cell::Number(None) | Cell::Empty | Cell::Date(None) => {
            ws.write_blank(r, c, f)?
        }
        Cell::State(s) => {
            ws.write_string_with_format(r, c, super::state_label(*s, lang), &fill(theme::tone(*s)))?
        }
        other => ws.write_string_with_format(r, c, shown(other, lang), f)?,
    };
    Ok(())
}

/// The workbook, and how many texts were cut to Excel's cell limit.
#[derive(Debug)]
pub struct Book {
    pub bytes: Vec<u8>,
    pub cut: usize,
}

/// Renders the workbook.
pub fn render(r: &Report<'_>, lang: Lang) -> Result<Book, XlsxError> {
    CUT.with(|c| c.set(0));
    let t = lang.t();
    let mut wb = crate::render::dated_workbook(r.created.unwrap_or(r.standing.as_of));
    let page = Page::of(r, lang);
    let mut overview = super::overview(r, lang);
    if let Some(themes) = super::themes(r, lang) {
        overview.rows.extend(themes.rows);
    }
    let late = super::without_empty_columns(super::stacked(
        vec![
            (t.delayed_list.to_owned(), super::delayed(r, lang)),
            (t.past_due_list.to_owned(), super::past_due(r, lang)),
        ],
        t.since_kind,
    ));
    let sheets = [
        (SHEET_OVERVIEW, t.overview, overview, 1, PAPER_A3),
        (
            SHEET_PROGRESS,
            t.report,
            super::progress_list(r, lang),
            2,
            PAPER_A3,
        ),
        (SHEET_LATE, SHEET_LATE, late, 2, PAPER_A4),
        (
            SHEET_CHANGES,
            t.changes_list,
            super::changes(r, lang),
            1,
            PAPER_A4,
        ),
        (
            SHEET_INDICATORS,
            t.indicators,
            super::indicator_sheet(r, lang),
            3,
            PAPER_A3,
        ),
        (
            SHEET_MILESTONES,
            t.milestone,
            super::milestone_list(r, lang),
            3,
            PAPER_A3,
        ),
    ];
    for (n, (name, what, table, frozen, paper)) in sheets.into_iter().enumerate() {
        let sheet = Sheet {
            name,
            what,
            frozen,
            paper,
        };
        // Empty columns are noise on paper; the indicator sheet's empty FYs say "no data".
        let table = if name == SHEET_INDICATORS {
            table
        } else {
            super::without_empty_columns(table)
        };
        let table = split_fractions(table, lang);
        list_sheet(wb.add_worksheet(), &page, &sheet, &table, lang)?;
        // The roadmap table comes second, after the overview.
        if n == 0 {
            table_sheet(wb.add_worksheet(), r, &page, lang)?;
        }
    }
    let bytes = wb.save_to_buffer()?;
    Ok(Book {
        bytes,
        cut: CUT.with(std::cell::Cell::get),
    })
}

/// A sheet holding one table.
#[derive(Debug)]
struct Sheet<'s> {
    name: &'s str,
    /// What the title says the sheet is.
    what: &'s str,
    /// Columns frozen at the left.
    frozen: u16,
    paper: u8,
}

/// `done/total` as two numeric columns (完了, 工程数): a fraction written as text would not sum,
/// sort or filter.
fn split_fractions<'a>(mut t: Table<'a>, lang: Lang) -> Table<'a> {
    let w = lang.t();
    let fraction_cols: Vec<usize> = (0..t.headers.len())
        .filter(|k| {
            t.rows
                .iter()
                .any(|r| matches!(r.cells.get(*k), Some(Cell::Fraction(..))))
        })
        .collect();
    for &k in fraction_cols.iter().rev() {
        let name = t.headers[k].clone();
        t.headers[k] = format!("{name}（{}）", w.burnup_done);
        t.headers
            .insert(k + 1, format!("{name}（{}）", w.burnup_total));
        for row in &mut t.rows {
            let (first, second) = match row.cells.get(k) {
                Some(Cell::Fraction(done, total)) => (Cell::Count(*done), Cell::Count(*total)),
                Some(other) => (other.clone(), Cell::Empty),
                None => continue,
            };
            row.cells[k] = first;
            row.cells.insert(k + 1, second);
        }
    }
    t
}

/// What every sheet prints above and around its table: the roadmap's title and the 基準日.
#[derive(Debug)]
struct Page {
    title: String,
    as_of: String,
}

impl Page {
    fn of(r: &Report<'_>, lang: Lang) -> Self {
        let t = lang.t();
        let s = r.standing;
        let mut as_of = format!(
            "{}: {}{}",
            t.as_of,
            super::date_label(s.as_of, lang),
            lang.aside(&lang.fy_short(s.fiscal_year))
        );
        if let Some(day) = r.created {
            as_of.push_str(&format!(
                "　{}: {}",
                t.created,
                super::date_label(day, lang)
            ));
        }
        Self {
            title: r.roadmap.plan.title.value.clone(),
            as_of,
        }
    }
}

/// Text for a print header or footer: `&` is Excel's code character, so it is doubled.
fn header_text(s: &str) -> String {
    text::truncate(&text::one_line(s), 80).replace('&', "&&")
}

/// The sheet's title rows, merged across `width` columns so they print whole.
fn title_rows(ws: &mut Worksheet, page: &Page, what: &str, width: usize) -> Result<(), XlsxError> {
    let last = width.max(1) - 1;
    let title = base().set_bold().set_font_size(14);
    let heading = safe(&format!("{} — {what}", page.title));
    put(ws, (0, 0), (0, last), &heading, &title)?;
    put(ws, (1, 0), (1, last), &safe(&page.as_of), &base())?;
    ws.set_row_height(0, 22.0)?;
    Ok(())
}

/// Landscape on `paper`, one page wide (long tables run down), the header row repeated on every
/// page, the title and 基準日 in the print header and the page x/y in the footer.
fn print_setup(
    ws: &mut Worksheet,
    page: &Page,
    header_row: usize,
    paper: u8,
) -> Result<(), XlsxError> {
    ws.set_paper_size(paper)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_header(format!(
            "&L{}&R{}",
            header_text(&page.title),
            header_text(&page.as_of)
        ))
        .set_footer("&R&P / &N");
    ws.set_repeat_rows(row(header_row), row(header_row))?;
    Ok(())
}

fn table_sheet(
    ws: &mut Worksheet,
    r: &Report<'_>,
    page: &Page,
    lang: Lang,
) -> Result<(), XlsxError> {
    let t = lang.t();
    ws.set_name(SHEET_TABLE)?;
    // Columns: ID, item, state, one per FY column, indicators.
    let first_fy_col = 3;
    let ind_col = first_fy_col + r.columns.len();
    let ncols = ind_col + 1;
    let mut widths = Widths::new(ncols);
    widths.0[0] = 8.0;

    title_rows(ws, page, t.roadmap_table, ncols)?;
    let hdr_row = TITLE_ROWS;
    let h = header();
    for (c, text) in super::grid_headers(r, lang).iter().enumerate() {
        ws.write_string_with_format(row(hdr_row), col(c), text, &h)?;
        widths.fit(c, 1, text, 60.0);
    }
    let groups = super::grid(r, lang);
    // First pass: widths from the content.
    for item in groups.iter().flat_map(|g| &g.items) {
        widths.fit(1, 1, &shown(&item.title, lang), 36.0);
        widths.fit(2, 1, "▲ 今年度期限", 16.0);
        for line in &item.lines {
            let mut at = first_fy_col;
            for (span, c) in line {
                if let Cell::Milestone(m) = c {
                    widths.fit(at, *span, m.text, 30.0);
                }
                at += span;
            }
        }
        for i in &item.indicators {
            widths.fit(ind_col, 1, i, 40.0);
        }
    }
    widths.apply(ws)?;

    let cat_fmt = cell_format()
        .set_bold()
        .set_background_color(Color::RGB(0xBD_D7_EE));
    let sub_fmt = cell_format()
        .set_bold()
        .set_background_color(Color::RGB(0xDE_EB_F7));
    let plain = cell_format();
    let mut at = hdr_row + 1;
    for g in &groups {
        if let Some(c) = &g.category {
            put(ws, (at, 0), (at, ncols - 1), &safe(c), &cat_fmt)?;
            at += 1;
        }
        put(
            ws,
            (at, 0),
            (at, ncols - 1),
            &safe(&g.subcategory),
            &sub_fmt,
        )?;
        at += 1;
        for item in &g.items {
            let lines = item.lines.len().max(1);
            let last = at + lines - 1;
            let title = shown(&item.title, lang);
            put(ws, (at, 0), (last, 0), &item.id, &plain)?;
            put(ws, (at, 1), (last, 1), &title, &plain)?;
            let state = super::state_label(item.state, lang);
            put(
                ws,
                (at, 2),
                (last, 2),
                &state,
                &fill(theme::tone(item.state)),
            )?;
            let indicators = safe(&item.indicators.join("\n"));
            put(ws, (at, ind_col), (last, ind_col), &indicators, &plain)?;
            let mut heights = vec![1usize; lines];
            if item.lines.is_empty() {
                let note = shown(&item.empty, lang);
                let italic = plain.clone().set_italic();
                put(ws, (at, first_fy_col), (at, ind_col - 1), &note, &italic)?;
            }
            for (k, line) in item.lines.iter().enumerate() {
                let rr = at + k;
                let mut c0 = first_fy_col;
                for (span, c) in line {
                    let c1 = c0 + span - 1;
                    match c {
                        Cell::Milestone(m) => {
                            let text = shown(c, lang);
                            let f = fill(theme::tone(m.state));
                            let f = if m.state == State::Dropped {
                                f.set_font_strikethrough()
                            } else {
                                f
                            };
                            put(ws, (rr, c0), (rr, c1), &text, &f)?;
                            heights[k] = heights[k].max(widths.lines(c0, *span, &text));
                        }
                        _ => put(ws, (rr, c0), (rr, c1), "", &plain)?,
                    }
                    c0 = c1 + 1;
                }
            }
            // Let the merged item cells show their text: spread what they need over the lines.
            let need = widths
                .lines(1, 1, &title)
                .max(widths.lines(ind_col, 1, &indicators));
            let have: usize = heights.iter().sum();
            if need > have
                && let Some(h) = heights.last_mut()
            {
                *h += need - have;
            }
            for (k, h) in heights.iter().enumerate() {
                ws.set_row_height(row(at + k), 14.0 * (*h as f64) + 3.0)?;
            }
            at = last + 1;
        }
    }
    ws.set_freeze_panes(row(hdr_row + 1), 3)?;
    print_setup(ws, page, hdr_row, PAPER_A3)?;
    Ok(())
}

/// Writes a table's header and rows from `(top, left)`; the first column spans `first_span`
/// columns. Returns the row after the table.
fn write_table(
    ws: &mut Worksheet,
    (top, left): (usize, usize),
    first_span: usize,
    t: &Table<'_>,
    widths: Option<&mut Widths>,
    lang: Lang,
) -> Result<usize, XlsxError> {
    let h = header();
    let at_col = |k: usize| {
        if k == 0 {
            left
        } else {
            left + first_span + k - 1
        }
    };
    for (k, text) in t.headers.iter().enumerate() {
        if k == 0 {
            put(ws, (top, left), (top, left + first_span - 1), text, &h)?;
        } else {
            ws.write_string_with_format(row(top), col(at_col(k)), text, &h)?;
        }
    }
    let mut at = top + 1;
    let mut widths = widths;
    for r in &t.rows {
        let f = match r.kind {
            RowKind::Total | RowKind::Category => cell_format().set_bold(),
            _ => cell_format(),
        };
        for (k, c) in r.cells.iter().enumerate() {
            if k == 0 && first_span > 1 {
                let mut text = shown(c, lang);
                if r.kind == RowKind::Subcategory {
                    text = format!("  {text}");
                }
                put(ws, (at, left), (at, left + first_span - 1), &text, &f)?;
            } else {
                write_cell(ws, (at, at_col(k)), c, &f, lang)?;
            }
            if let Some(w) = widths.as_deref_mut() {
                w.fit(at_col(k), 1, &shown(c, lang), 32.0);
            }
        }
        at += 1;
    }
    Ok(at)
}

/// A sheet that is one table: its title rows, then the header, frozen with the first columns,
/// filterable and repeated on every printed page.
fn list_sheet(
    ws: &mut Worksheet,
    page: &Page,
    sheet: &Sheet<'_>,
    table: &Table<'_>,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    let ncols = table.headers.len().max(1);
    let mut widths = Widths::new(ncols);
    for (c, s) in table.headers.iter().enumerate() {
        widths.fit(c, 1, s, 30.0);
    }
    title_rows(ws, page, sheet.what, ncols)?;
    let hdr = TITLE_ROWS;
    if table.rows.is_empty() {
        write_table(ws, (hdr, 0), 1, table, Some(&mut widths), lang)?;
        ws.write_string_with_format(row(hdr + 1), 0, lang.t().nothing, &base())?;
    } else {
        write_table(ws, (hdr, 0), 1, table, Some(&mut widths), lang)?;
        ws.autofilter(row(hdr), 0, row(hdr + table.rows.len()), col(ncols - 1))?;
    }
    widths.apply(ws)?;
    ws.set_freeze_panes(row(hdr + 1), sheet.frozen)?;
    print_setup(ws, page, hdr, sheet.paper)?;
    Ok(())
}
