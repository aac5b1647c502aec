//! The report as an Excel workbook, one table per sheet: 「概要」 (the overview by 大項目 and
//! theme), 「前回報告からの変化」 (with `--since`), 「工程表」 (the roadmap table in the source's
//! layout, merged cells for milestones that span FYs, state fills and marks), 「進捗」 (items and
//! their computed states), 「遅延・期限超過」 (reported delays and the derived past-due
//! milestones), 「計画変更」, 「指標」 (indicators by FY) and 「工程」 (every milestone). Each sheet
//! has its own title rows (merged across the table, so they print whole) with the 基準日, the
//! report's date and the data's revision, a frozen and filterable header repeated on every printed
//! page, and a print header and footer with the title, 基準日, revision and page x/y. `--summary`
//! is a workbook of one sheet that prints on one A4 page.
//!
//! Sheets are laid out for paper, not left to the spreadsheet: column widths are planned from the
//! content so that a sheet printed one page wide is not scaled below about 8 pt (10 pt type at
//! [`MIN_SCALE`]) — A4 landscape when it fits, else A3 — long text wraps instead of being cut, and
//! every row is as tall as its wrapped text (neither Excel nor LibreOffice grows a row for merged
//! or wrapped cells written by a program).
//!
//! Every string is written as a string cell (never a formula), and text from the data that starts
//! like a formula also gets a leading apostrophe, as in the CSV. Counts and values are numbers.

use std::io::Write;

use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};

use super::{Cell, Row, RowKind, Table};
use crate::i18n::Lang;
use crate::render::escape::spreadsheet_text;
use crate::render::theme;
use crate::report::Report;
use crate::status::State;
use crate::text;

/// The sheet names (the office's own words, whatever the label language).
pub const SHEET_OVERVIEW: &str = "概要";
pub const SHEET_SINCE: &str = "前回報告からの変化";
pub const SHEET_TABLE: &str = "工程表";
pub const SHEET_PROGRESS: &str = "進捗";
pub const SHEET_LATE: &str = "遅延・期限超過";
pub const SHEET_CHANGES: &str = "計画変更";
pub const SHEET_MILESTONES: &str = "工程";
pub const SHEET_INDICATORS: &str = "指標";
pub const SHEET_SUMMARY: &str = "要約";
pub const SHEET_OWNERS: &str = "担当別";

/// The rows a sheet's title takes before its table's header: the title, the 基準日 line, a gap.
const TITLE_ROWS: usize = 3;

/// A Japanese font Excel has on Windows and macOS: the workbook's default, so that column widths
/// are measured in its digits (LibreOffice, without it, measures its fallback, Noto Sans CJK, whose
/// digits are about as wide).
pub(crate) const FONT: &str = "游ゴシック";
/// The type size of cells.
const FONT_PT: f64 = 10.0;
/// Excel's paper size codes.
pub(crate) const PAPER_A3: u8 = 8;
pub(crate) const PAPER_A4: u8 = 9;

// ---- Paper: what a column takes when printed, and what a page holds.

/// The least scale a sheet is planned to print at: 10 pt type at 85 % is 8.5 pt (LibreOffice
/// rounds its fit-to-width scale down to a whole percent and measures a little wider than
/// planned: it prints these sheets at 82 % or more, 8.2 pt).
pub const MIN_SCALE: f64 = 0.85;
/// Left and right margins, in inches (the header and footer keep Excel's).
const SIDE_MARGIN: f64 = 0.4;

/// Points a column of width `w` takes on paper, at the most: LibreOffice 6.31 pt per unit plus
/// 5 pt (measured, with Noto Sans CJK for 游ゴシック); Excel 7 px (5.25 pt) per unit plus 5 px.
/// Planning with the wider keeps the scale in both (Excel prints the same sheet about 15 % larger).
fn printed_pt(w: f64) -> f64 {
    w * 6.35 + 5.0
}

/// The display columns (a full-width character is two) of 10 pt text a span of width `w` holds,
/// at the least: Excel's narrower column less the cell's padding, 5.3 pt a display column (a
/// little more than half of a full-width character, for Latin letters).
fn text_columns(w: f64) -> usize {
    ((w * 5.25 + 3.75 - 4.0) / 5.3).floor().max(1.0) as usize
}

/// The height of `lines` lines of `size`-point type: 游ゴシック asks about 1.65 times its size a
/// line in Excel (LibreOffice's fallback, Noto Sans CJK, 1.3 times: rows there have room to
/// spare).
fn height(lines: usize, size: f64) -> f64 {
    lines.max(1) as f64 * size * 1.65 + 1.0
}

/// The height of a row of a list sheet: one line keeps the workbook's default height.
fn list_row_height(lines: usize) -> f64 {
    if lines > 1 {
        height(lines, FONT_PT)
    } else {
        DEFAULT_ROW_PT
    }
}

/// The workbook's row height (游ゴシック 10 pt), in pixels and in points (¾ pt a pixel).
const DEFAULT_ROW_PX: u32 = 22;
const DEFAULT_ROW_PT: f64 = DEFAULT_ROW_PX as f64 * 0.75;

/// The height most of `heights` have (the lower of two as common): a sheet's default row height,
/// so that only the rows of another height are given their own ([`RowHeights`]).
pub(crate) fn usual(heights: impl Iterator<Item = f64>) -> f64 {
    let mut count: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for h in heights {
        *count.entry(pixels(h)).or_default() += 1;
    }
    let most = count.values().copied().max().unwrap_or(0);
    count
        .iter()
        .find(|(_, n)| **n == most)
        .map_or(DEFAULT_ROW_PT, |(px, _)| f64::from(*px) * 0.75)
}

/// A height in points as the workbook stores it, in whole pixels (¾ pt each).
fn pixels(pt: f64) -> u32 {
    (pt * 4.0 / 3.0).round() as u32
}

/// A sheet's row heights: its usual one is the sheet's default, and only a row of another height
/// is given its own. rust_xlsxwriter keeps each such row's options (about 200 bytes, in a map)
/// until the workbook is saved, even when it writes rows as they come: a height for every row
/// took 45 MB of a 10,000-item roadmap's workbook.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowHeights {
    usual: u32,
}

impl RowHeights {
    fn of(ws: &mut Worksheet, usual: f64) -> Self {
        Self::over(ws, usual, DEFAULT_ROW_PT)
    }

    /// A sheet whose usual height is `usual`, in a workbook whose rows are `book` points high by
    /// default (the report's [`DEFAULT_ROW_PT`]; the form keeps the library's 15 pt): the sheet's
    /// default is set only where it differs.
    pub(crate) fn over(ws: &mut Worksheet, usual: f64, book: f64) -> Self {
        if pixels(usual) != pixels(book) {
            ws.set_default_row_height(usual);
        }
        RowHeights {
            usual: pixels(usual),
        }
    }

    /// Row `r` of the sheet is `pt` points high; set before its cells are written (see
    /// `write_table`).
    pub(crate) fn set(self, ws: &mut Worksheet, r: usize, pt: f64) -> Result<(), XlsxError> {
        if pixels(pt) != self.usual {
            ws.set_row_height(row(r), pt)?;
        }
        Ok(())
    }
}

/// The lines a cell takes at `room` display columns, each of its lines (of these widths) wrapping
/// on its own: an estimate for choosing widths and the usual row height, without wrapping the text.
fn lines_at(widths: impl Iterator<Item = usize>, room: usize) -> usize {
    widths.map(|w| w.div_ceil(room).max(1)).sum()
}

/// How many lines `s` wraps to in a span of width `w`, at `size` points.
fn lines_in(s: &str, w: f64, size: f64) -> usize {
    let columns = ((text_columns(w) as f64 * FONT_PT / size).floor() as usize).max(2);
    // Most cells' lines fit (a laid-out text's do): counted, not wrapped into new strings.
    if s.split('\n').all(|line| text::width(line) <= columns) {
        return s.split('\n').count();
    }
    text::wrap(s, columns).len().max(1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Paper {
    A4,
    A3,
}

impl Paper {
    fn code(self) -> u8 {
        match self {
            Self::A4 => PAPER_A4,
            Self::A3 => PAPER_A3,
        }
    }

    /// The points of columns a landscape page holds at [`MIN_SCALE`].
    fn budget(self) -> f64 {
        let width = match self {
            Self::A4 => 841.89,
            Self::A3 => 1190.55,
        };
        (width - 2.0 * SIDE_MARGIN * 72.0) / MIN_SCALE
    }
}

/// What a column needs: its width on one line (capped for long text), and the least it can take
/// (long text wraps; numbers, dates, ids and states do not).
#[derive(Clone, Copy, Debug, Default)]
struct Need {
    natural: f64,
    least: f64,
}

/// Text longer than this wraps; shorter text (ids, codes, short labels) keeps its line.
const SHORT: usize = 20;
/// The widest a column of long text is made.
const TEXT_MAX: f64 = 40.0;
/// The narrowest a column of long text is made.
const TEXT_MIN: f64 = 16.0;

impl Need {
    fn fixed(width: usize) -> Self {
        let w = width as f64 + 1.0;
        Self {
            natural: w,
            least: w,
        }
    }

    /// Text that may wrap when it is long: at most [`TEXT_MAX`], at least its longest word.
    fn text(s: &str) -> Self {
        let widest = s.lines().map(text::width).max().unwrap_or(0);
        if widest <= SHORT {
            return Self::fixed(widest);
        }
        let word = s
            .split(|c: char| c.is_whitespace() || !c.is_ascii())
            .map(text::width)
            .max()
            .unwrap_or(0) as f64;
        Self {
            natural: (widest as f64 + 1.0).min(TEXT_MAX),
            least: (word + 1.0).clamp(TEXT_MIN, TEXT_MAX),
        }
    }

    /// A header: it wraps at the places [`header_pieces`] allows.
    fn header(s: &str) -> Self {
        Self::fixed(
            header_pieces(s)
                .iter()
                .map(|p| text::width(p))
                .max()
                .unwrap_or(0),
        )
    }

    fn max(self, other: Self) -> Self {
        Self {
            natural: self.natural.max(other.natural),
            least: self.least.max(other.least),
        }
    }
}

/// A header cut where it may break: after `）`, before `（`, at a space that does not follow a
/// state's mark, and at line breaks: a state's mark and label stay one unit
/// (「△ 期限超過・未報告」).
fn header_pieces(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '\n' => out.push(std::mem::take(&mut cur)),
            ' ' if cur.chars().count() > 1 => out.push(std::mem::take(&mut cur) + " "),
            '（' if !cur.is_empty() => {
                out.push(std::mem::take(&mut cur));
                cur.push(c);
            }
            '）' => {
                cur.push(c);
                out.push(std::mem::take(&mut cur));
            }
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// A header laid out for a column of width `w`: its pieces joined on lines that fit.
fn header_lines(s: &str, w: f64) -> String {
    let room = text_columns(w);
    let mut lines: Vec<String> = Vec::new();
    for piece in header_pieces(s) {
        match lines.last_mut() {
            Some(line) if text::width(line) + text::width(&piece) <= room => line.push_str(&piece),
            _ => lines.push(piece),
        }
    }
    // A space a line ends with stays (invisible), so the header joined again reads as written.
    lines.join("\n").trim_end().to_owned()
}

/// What a table cell needs, as the workbook shows it.
fn need(c: &Cell<'_>, lang: Lang) -> Need {
    need_of(c, &shown(c, lang))
}

/// [`need`] of a cell whose text, `s`, is already made.
fn need_of(c: &Cell<'_>, s: &str) -> Need {
    match c {
        Cell::Text(_)
        | Cell::Strong(_)
        | Cell::Lines(_)
        | Cell::Tracked(..)
        | Cell::Milestone(_)
        | Cell::Note(_) => Need::text(s),
        // A state's label is laid out as a header is: whole (「△ 期限超過・未報告」).
        Cell::State(_) => Need::header(s),
        _ => Need::fixed(s.lines().map(text::width).max().unwrap_or(0)),
    }
}

/// The paper a sheet of these columns prints on: A4 when the natural widths fit it at
/// [`MIN_SCALE`], or when `prefer_a4` and the least ones do; else A3.
fn paper_for(needs: &[Need], prefer_a4: bool) -> Paper {
    let sum = |f: fn(&Need) -> f64| needs.iter().map(|n| printed_pt(f(n))).sum::<f64>();
    let a4 = Paper::A4.budget();
    if sum(|n| n.natural) <= a4 || (prefer_a4 && sum(|n| n.least) <= a4) {
        Paper::A4
    } else {
        Paper::A3
    }
}

/// Widths for `needs` within `budget` points: the natural widths, or the widest cut to the
/// highest common cap that fits (by bisection), never below a column's least.
fn fit(needs: &[Need], budget: f64) -> Vec<f64> {
    let at = |cap: f64| -> Vec<f64> {
        needs
            .iter()
            .map(|n| n.natural.min(cap).max(n.least))
            .collect()
    };
    let total = |w: &[f64]| w.iter().map(|w| printed_pt(*w)).sum::<f64>();
    let widest = needs.iter().map(|n| n.natural).fold(0.0, f64::max);
    if total(&at(widest)) <= budget {
        return at(widest);
    }
    let (mut lo, mut hi) = (0.0, widest);
    for _ in 0..40 {
        let mid = f64::midpoint(lo, hi);
        if total(&at(mid)) <= budget {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    at(lo)
        .into_iter()
        .map(|w| (w * 4.0).floor() / 4.0)
        .collect()
}

/// A table measured for planning its columns: what each column needs, and the display width of
/// every line of every cell (rows × columns × lines).
#[derive(Debug)]
struct Measured {
    needs: Vec<Need>,
    cells: CellLines,
}

/// The widths of every cell's lines, row by row, in three arrays of `u32` (a sheet holds at most
/// 1,048,576 rows): a vector for each cell took 22 MB for the 40,000 milestones of a 10,000-item
/// roadmap, and the arrays of `usize` 105 MB at 100,000 items.
#[derive(Debug, Default)]
struct CellLines {
    widths: Vec<u32>,
    /// Where each cell's lines end in `widths`, cell after cell, row after row.
    cell_ends: Vec<u32>,
    /// Where each row's cells end in `cell_ends`.
    row_ends: Vec<u32>,
}

impl CellLines {
    fn push_cell(&mut self, lines: impl Iterator<Item = usize>) {
        self.widths
            .extend(lines.map(|w| u32::try_from(w).unwrap_or(u32::MAX)));
        self.cell_ends.push(self.widths.len() as u32);
    }

    fn end_row(&mut self) {
        self.row_ends.push(self.cell_ends.len() as u32);
    }

    /// Each row's cells, each cell its lines' widths.
    fn rows(&self) -> impl Iterator<Item = impl Iterator<Item = &[u32]>> {
        let mut from = 0;
        self.row_ends.iter().map(move |&end| {
            let cells = from..end as usize;
            from = end as usize;
            cells.map(|c| {
                let start = c.checked_sub(1).map_or(0, |p| self.cell_ends[p] as usize);
                &self.widths[start..self.cell_ends[c] as usize]
            })
        })
    }
}

impl Measured {
    fn of(t: &Table<'_>, lang: Lang) -> Self {
        let mut measured = Self::new(&t.headers);
        for r in &t.rows {
            measured.push(r, lang);
        }
        measured
    }

    fn new(headers: &[String]) -> Self {
        Self {
            needs: headers.iter().map(|h| Need::header(h)).collect(),
            cells: CellLines::default(),
        }
    }

    /// Measures one more row.
    fn push(&mut self, r: &Row<'_>, lang: Lang) {
        for (k, c) in r.cells.iter().enumerate() {
            let s = shown(c, lang);
            if let Some(n) = self.needs.get_mut(k) {
                *n = n.max(need_of(c, &s));
            }
            self.cells.push_cell(s.lines().map(text::width));
        }
        self.cells.end_row();
    }

    /// What these widths cost: the lines all rows take (each line of a cell wraps on its own),
    /// plus a quarter of the square of every cell's extra lines — a cell stretched tall in a
    /// column made narrow reads worse than a line more here and there.
    fn cost(&self, widths: &[f64]) -> usize {
        let (rows, tall) = (self.row_lines(widths)).fold((0, 0), |(rows, tall), (most, extra)| {
            (rows + most, tall + extra)
        });
        4 * rows + tall
    }

    /// Each row's lines at these widths (its tallest cell's, each line of a cell wrapping on its
    /// own), and the sum of the squares of its cells' extra lines: what [`Measured::cost`] adds up.
    fn row_lines<'m>(&'m self, widths: &[f64]) -> impl Iterator<Item = (usize, usize)> + 'm {
        let room: Vec<usize> = widths.iter().map(|w| text_columns(*w)).collect();
        self.cells.rows().map(move |row| {
            let mut most = 1;
            let mut tall = 0;
            for (lines, room) in row.zip(&room) {
                let n = lines_at(lines.iter().map(|w| *w as usize), *room);
                most = most.max(n);
                tall += n.saturating_sub(1).pow(2);
            }
            (most, tall)
        })
    }

    /// Widths within `budget` points: from the natural widths, the column whose narrowing costs
    /// least (see [`Measured::cost`]) is narrowed a unit at a time, never below its least, until
    /// the sheet prints at [`MIN_SCALE`]: long text with room to wrap gives way before a label
    /// that would break. When the natural widths leave room on the page at full size, the column
    /// that saves the most is widened instead, past [`TEXT_MAX`], while it saves any.
    fn fit(&self, budget: f64) -> Vec<f64> {
        let total = |w: &[f64]| w.iter().map(|w| printed_pt(*w)).sum::<f64>();
        let mut widths: Vec<f64> = self.needs.iter().map(|n| n.natural).collect();
        let room = budget * MIN_SCALE;
        let widest: Vec<f64> = self
            .cells
            .rows()
            .fold(vec![0.0; widths.len()], |mut acc, row| {
                for (k, lines) in row.enumerate() {
                    let w = lines.iter().copied().max().unwrap_or(0) as f64 + 1.0;
                    if let Some(a) = acc.get_mut(k) {
                        *a = f64::max(*a, w);
                    }
                }
                acc
            });
        let mut lines = self.cost(&widths);
        while total(&widths) + 6.35 <= room {
            let mut best: Option<(usize, usize)> = None;
            for k in 0..widths.len() {
                if widths[k] >= widest[k] {
                    continue;
                }
                widths[k] += 1.0;
                let fewer = self.cost(&widths);
                widths[k] -= 1.0;
                if fewer < lines && best.is_none_or(|(_, b)| fewer < b) {
                    best = Some((k, fewer));
                }
            }
            let Some((k, fewer)) = best else { break };
            widths[k] += 1.0;
            lines = fewer;
        }
        while total(&widths) > budget {
            let mut best: Option<(usize, usize)> = None;
            for k in 0..widths.len() {
                if widths[k] - 1.0 < self.needs[k].least {
                    continue;
                }
                widths[k] -= 1.0;
                let more = self.cost(&widths);
                widths[k] += 1.0;
                if best.is_none_or(|(_, b)| more < b) {
                    best = Some((k, more));
                }
            }
            let Some((k, _)) = best else { break };
            widths[k] -= 1.0;
        }
        widths
    }
}

// ---- Cell formats.

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(128)
        .set_font_size(FONT_PT)
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

fn title() -> Format {
    base().set_bold().set_font_size(14)
}

/// The roadmap table's phase band (集中改革期間).
fn band() -> Format {
    cell_format()
        .set_bold()
        .set_background_color(Color::RGB(0xFD_E9_D9))
}

/// The roadmap table's rows of a 大項目 (`true`) or a deeper group.
fn group_row(top: bool) -> Format {
    let fill = if top { 0xBD_D7_EE } else { 0xDE_EB_F7 };
    cell_format()
        .set_bold()
        .set_background_color(Color::RGB(fill))
}

/// A table row's formats, plain or bold: its text, and its typed values' number formats.
#[derive(Debug)]
struct RowFormats {
    text: Format,
    percent: Format,
    number: Format,
    date: Format,
    /// Right-aligned as the counts beside it, so 「1」 and 「0/14」 never read as 「10/14」.
    right: Format,
}

impl RowFormats {
    fn of(text: Format, date: &str) -> Self {
        Self {
            // A share is a real percentage (0.25 shown as 25.0%), so it sums and charts as one.
            percent: text.clone().set_num_format("0.0%"),
            number: text.clone().set_num_format("#,##0.##"),
            date: text.clone().set_num_format(date),
            right: text.clone().set_align(FormatAlign::Right),
            text,
        }
    }

    fn all(&self) -> [&Format; 5] {
        [
            &self.text,
            &self.percent,
            &self.number,
            &self.date,
            &self.right,
        ]
    }
}

/// The cells' formats, made once for a workbook (a format is a few hundred bytes, which the
/// library hashes to find its number: made again for every cell, they were a tenth of a large
/// workbook's time), and every other format a report's sheets use. Registered with the workbook
/// in this order before any sheet is written ([`Formats::register`]): the sheets are written on
/// two threads, and a format's number is given where it is first met, so that without it the
/// same data could give other bytes from run to run.
#[derive(Debug)]
struct Formats {
    /// Text outside tables (the 基準日 line, 「なし」, the blank cell that ends a sheet).
    base: Format,
    title: Format,
    header: Format,
    /// The roadmap table's phase band, and its rows of a 大項目 and of a deeper group.
    band: Format,
    groups: [Format; 2],
    /// Plain rows, then the bold ones (totals, 大項目).
    rows: [RowFormats; 2],
    /// Each state's fill, in the order of [`State::ALL`].
    fills: Vec<Format>,
    /// A dropped milestone: its state's fill, struck through.
    dropped: Format,
    /// The note of an item without milestones.
    italic: Format,
}

impl Formats {
    fn new(lang: Lang) -> Self {
        // A date is a date (it sorts and filters as one), shown the reader's way: 令和6年3月31日.
        let date = if lang == Lang::Ja && !crate::render::dates::iso() {
            "[$-411]ggge\"年\"m\"月\"d\"日\""
        } else {
            "yyyy-mm-dd"
        };
        let fill = |s: State| cell_format().set_background_color(Color::RGB(theme::tone(s).fill));
        Self {
            base: base(),
            title: title(),
            header: header(),
            band: band(),
            groups: [group_row(true), group_row(false)],
            rows: [
                RowFormats::of(cell_format(), date),
                RowFormats::of(cell_format().set_bold(), date),
            ],
            fills: State::ALL.iter().map(|s| fill(*s)).collect(),
            dropped: fill(State::Dropped).set_font_strikethrough(),
            italic: cell_format().set_italic(),
        }
    }

    fn row(&self, kind: RowKind) -> &RowFormats {
        match kind {
            RowKind::Total | RowKind::Category => &self.rows[1],
            _ => &self.rows[0],
        }
    }

    fn fill(&self, s: State) -> &Format {
        let at = State::ALL.iter().position(|x| *x == s).unwrap_or(0);
        &self.fills[at]
    }

    /// A milestone's cell: its state's fill, struck through when dropped.
    fn milestone(&self, s: State) -> &Format {
        if s == State::Dropped {
            &self.dropped
        } else {
            self.fill(s)
        }
    }

    /// Every format a report's sheets use, in the order they are numbered (see [`Formats`]).
    /// The summary's own (its headline and headings) are not here: it is one sheet, on one thread.
    fn every(&self) -> Vec<&Format> {
        let outside = [&self.base, &self.title, &self.header, &self.band];
        let cells = self.rows.iter().flat_map(RowFormats::all);
        let rest = self.fills.iter().chain([&self.dropped, &self.italic]);
        outside
            .into_iter()
            .chain(&self.groups)
            .chain(cells)
            .chain(rest)
            .collect()
    }

    fn register(&self, wb: &mut Workbook) {
        for f in self.every() {
            wb.register_format(f);
        }
    }
}

/// Excel's limit on the characters of a cell; a longer text makes the whole workbook unreadable.
pub const MAX_CELL_CHARS: usize = 32_767;

std::thread_local! {
    /// Texts cut to [`MAX_CELL_CHARS`] on this thread while [`counted`] runs (`None`: not
    /// counting).
    static CUT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Runs `f`, which makes texts that are written, and counts those it cut. The passes that only
/// measure the same texts do not count: each text cut is counted once, where it is written, on
/// the thread that made it.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize) {
    /// The count outside, given back (with this one's added) however `f` ends, a panic too.
    struct Outer(Option<usize>);
    impl Drop for Outer {
        fn drop(&mut self) {
            let n = CUT.get().unwrap_or(0);
            CUT.set(self.0.map(|outer| outer + n));
        }
    }
    let outer = Outer(CUT.replace(Some(0)));
    let out = f();
    let n = CUT.get().unwrap_or(0);
    drop(outer);
    (out, n)
}

/// Text from the data for a cell: neutralised (no formula) and within Excel's limit, cut with a
/// marker and counted when longer.
fn safe(s: &str) -> String {
    let s = spreadsheet_text(s);
    if s.chars().count() <= MAX_CELL_CHARS {
        return s.into_owned();
    }
    CUT.set(CUT.get().map(|n| n + 1));
    // `cut_chars` adds `…`; leave room for it and the marker.
    let mut out = text::cut_chars(&s, MAX_CELL_CHARS - 16).into_owned();
    out.push_str("[truncated]");
    out
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

/// The text a cell shows (for strings; and to measure every cell).
fn shown(c: &Cell<'_>, lang: Lang) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Strong(s) => safe(s),
        Cell::Note(s) => (*s).to_owned(),
        Cell::Count(n) => n.to_string(),
        Cell::Fraction(done, total) => format!("{done}/{total}"),
        Cell::Percent(p) => super::percent_label(*p, lang),
        Cell::Number(p) => super::value_text(*p),
        Cell::Date(d) => d.map(|d| super::date_label(d, lang)).unwrap_or_default(),
        Cell::Fy(fy) => fy.to_string(),
        Cell::Span {
            from,
            end,
            every_year,
        } => super::span_label(*from, end, *every_year, lang),
        Cell::ActualTarget(a, t) => safe(&super::actual_target_label(*a, *t, lang)),
        Cell::State(s) => super::state_label(*s, lang),
        Cell::Reported(s) => lang.reported(*s).to_owned(),
        Cell::Attainment(a) => lang.attainment(*a).to_owned(),
        Cell::Tracked(track, t) => safe(&super::tracked_label(*track, t, lang)),
        Cell::Milestone(m) => {
            // The mark first, then the track and text, each extra on its line (as in the HTML
            // report). The mark goes first, so the cell cannot start a formula; the data is still
            // neutralised for the same rule everywhere.
            let parts = super::milestone_parts(m, lang);
            let mut s = format!("{} {}", parts.mark, parts.tracked());
            for extra in &parts.extras {
                s.push('\n');
                s.push_str(extra);
            }
            safe(&s)
        }
        Cell::Lines(lines) => safe(&lines.join("\n")),
        Cell::Code(s) => (*s).to_owned(),
        Cell::Flag(b) => if *b { "1" } else { "" }.to_owned(),
    }
}

/// The text a cell shows in a column (or span) of width `w`: a state's label whole, long text
/// laid out in lines (see [`laid`]), the rest as [`shown`].
fn shown_in(c: &Cell<'_>, w: f64, lang: Lang) -> String {
    let shown = shown(c, lang);
    match laid_for(c, &shown, w, lang) {
        std::borrow::Cow::Owned(laid) => laid,
        std::borrow::Cow::Borrowed(_) => shown,
    }
}

/// [`shown_in`] of the text a cell shows (`shown`), made once: borrowed where it stays as it is.
fn laid_for<'a>(c: &Cell<'_>, shown: &'a str, w: f64, lang: Lang) -> std::borrow::Cow<'a, str> {
    match c {
        Cell::State(_) => header_lines(shown, w).into(),
        Cell::Text(_)
        | Cell::Strong(_)
        | Cell::Lines(_)
        | Cell::Tracked(..)
        | Cell::Milestone(_)
        | Cell::Note(_) => laid(shown, w, lang).into(),
        _ => shown.into(),
    }
}

/// Text laid out for a span of width `w`: when it does not fit a line, broken into lines where
/// the narrower of the two programs' columns (Excel's) must break it — by the rules of Japanese
/// line breaking, never inside a number, a date or a state's mark and label. Left to wrap, a
/// spreadsheet breaks anywhere (LibreOffice printed 「令和」「4年度」 on two lines).
fn laid(s: &str, w: f64, lang: Lang) -> String {
    let room = text_columns(w);
    // A text near Excel's limit is left whole: line breaks (at most one a line) would take it
    // over.
    let chars = s.chars().count();
    if s.lines().all(|l| text::width(l) <= room) || chars + 2 * chars / room + 1 > MAX_CELL_CHARS {
        return s.to_owned();
    }
    let labels = super::unbreakable_labels(lang);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        // The spans' bytes as characters, which the wrapping counts in: counted on from the
        // span before (they come in order).
        let mut at = (0, 0);
        let mut char_at = |b: usize| {
            at.1 += para.get(at.0..b).map_or(0, |p| p.chars().count());
            at.0 = b;
            at.1
        };
        let spans: Vec<(usize, usize)> = super::unbreakable(para, labels)
            .into_iter()
            .map(|(a, b)| (char_at(a), char_at(b)))
            .collect();
        let keep = |_: &[char], k: usize| spans.iter().any(|(a, b)| *a < k && k < *b);
        lines.extend(text::wrap_keeping(para, room, &keep));
    }
    lines.join("\n")
}

/// Writes one cell of a row of `kind`: numbers as numbers, states with their fill, the rest as
/// strings (`shown`).
fn write_cell(
    ws: &mut Worksheet,
    (r, c): (usize, usize),
    cell: &Cell<'_>,
    shown: &str,
    (formats, kind): (&Formats, RowKind),
) -> Result<(), XlsxError> {
    let (r, c) = (row(r), col(c));
    let f = formats.row(kind);
    match cell {
        Cell::Count(n) => ws.write_number_with_format(r, c, *n as f64, &f.text)?,
        Cell::Percent(Some(p)) => ws.write_number_with_format(r, c, *p / 100.0, &f.percent)?,
        Cell::Number(Some(v)) => ws.write_number_with_format(r, c, *v, &f.number)?,
        Cell::Date(Some(d)) => {
            use chrono::Datelike;
            let day = rust_xlsxwriter::ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                u8::try_from(d.month()).unwrap_or(1),
                u8::try_from(d.day()).unwrap_or(1),
            )?;
            ws.write_datetime_with_format(r, c, &day, &f.date)?
        }
        Cell::Percent(None) | Cell::Number(None) | Cell::Empty | Cell::Date(None) => {
            ws.write_blank(r, c, &f.text)?
        }
        Cell::State(s) => ws.write_string_with_format(r, c, shown, formats.fill(*s))?,
        Cell::Fraction(..) => ws.write_string_with_format(r, c, shown, &f.right)?,
        _ => ws.write_string_with_format(r, c, shown, &f.text)?,
    };
    Ok(())
}

/// A workbook whose default font is the cells' (see [`FONT`]).
/// A workbook dated by the report's data (its creation day, else the as-of date), never by the
/// machine's clock, so that the same data gives the same bytes.
fn workbook(r: &Report<'_>, lang: Lang) -> Result<(Workbook, Formats), XlsxError> {
    let mut wb = crate::render::dated_workbook(r.created.unwrap_or(r.standing.as_of))?;
    wb.set_default_format(&default_format(), DEFAULT_ROW_PX, 64)?;
    let formats = Formats::new(lang);
    formats.register(&mut wb);
    Ok((wb, formats))
}

/// The cells' default: 游ゴシック 10 pt, in Excel's 64 px default column (digits of 7 px) and
/// rows of 22 px.
fn default_format() -> Format {
    base().set_align(FormatAlign::Bottom)
}

/// Saves the workbook into `out` as the library zips it (never whole in memory).
fn finish(mut wb: Workbook, out: &mut (dyn Write + Send)) -> Result<(), XlsxError> {
    wb.save_to_writer(out)
}

/// Renders the workbook into `out`. Each sheet is written row by row to an unnamed temporary file
/// (the library's constant-memory mode: strings inline in their cells, no table of shared strings
/// held until save), and each table is built only when its sheet is written (`Sheet`): memory
/// holds the two tables being written, not every table, cell and sheet at once.
pub fn render(
    r: &Report<'_>,
    lang: Lang,
    out: &mut (dyn Write + Send),
) -> Result<usize, XlsxError> {
    let t = lang.t();
    let (mut wb, formats) = workbook(r, lang)?;
    let page = Page::of(r, lang);
    let sheets: [Sheet<'_>; 6] = [
        Sheet {
            name: SHEET_OVERVIEW,
            what: t.overview,
            table: Rows::Whole(Box::new(|| {
                let mut overview = super::overview(r, lang);
                if let Some(themes) = super::themes(r, lang) {
                    // Under a heading of their own: a theme cuts across the 大項目 above it.
                    let mut heading = vec![Cell::Empty; overview.headers.len()];
                    heading[0] = Cell::Strong(t.theme.into());
                    overview.rows.push(Row {
                        kind: RowKind::Total,
                        cells: heading,
                    });
                    overview.rows.extend(themes.rows);
                }
                overview
            })),
            frozen: 1,
            prefer_a4: true,
            derived: true,
        },
        Sheet {
            name: SHEET_PROGRESS,
            what: t.report,
            table: Rows::Whole(Box::new(|| super::progress_list(r, lang))),
            frozen: 2,
            prefer_a4: false,
            derived: true,
        },
        Sheet {
            name: SHEET_LATE,
            what: SHEET_LATE,
            // Its empty columns go as every list sheet's do (`list_sheet`). Made anew for each
            // pass: once the plan's period is over it lists every milestone.
            table: Rows::Made(
                super::late(r, lang).0,
                Box::new(move || Box::new(super::late(r, lang).1)),
            ),
            frozen: 2,
            prefer_a4: true,
            derived: true,
        },
        Sheet {
            name: SHEET_CHANGES,
            what: t.changes_list,
            table: Rows::Whole(Box::new(|| super::changes(r, lang))),
            frozen: 1,
            prefer_a4: true,
            derived: false,
        },
        Sheet {
            name: SHEET_INDICATORS,
            what: t.indicators,
            table: Rows::Whole(Box::new(|| super::indicator_sheet(r, lang))),
            frozen: 3,
            prefer_a4: false,
            derived: false,
        },
        Sheet {
            name: SHEET_MILESTONES,
            what: t.milestone,
            table: Rows::Made(
                super::milestone_headers(lang),
                Box::new(move || Box::new(super::milestone_rows(r, lang))),
            ),
            frozen: 3,
            prefer_a4: false,
            derived: true,
        },
    ];
    // After the overview, when the plan names owners: who does what.
    let mut owners = super::owners(r, lang).map(|table| Sheet {
        name: SHEET_OWNERS,
        what: t.by_owner,
        table: Rows::Whole(Box::new(move || table)),
        frozen: 1,
        prefer_a4: true,
        derived: true,
    });
    let mut since = r.since.as_ref().map(|s| Sheet {
        name: SHEET_SINCE,
        what: t.since_heading,
        table: Rows::Whole(Box::new(|| super::since_table(s.diff, lang))),
        frozen: 2,
        prefer_a4: true,
        derived: false,
    });
    // The sheets in their order: the overview, who does what, what changed since, the roadmap
    // table, then the lists.
    let mut order: Vec<Job<'_>> = Vec::new();
    for (n, sheet) in sheets.into_iter().enumerate() {
        order.push(Job::List(sheet));
        order.extend(owners.take().map(Job::List));
        if n == 0 {
            order.extend(since.take().map(Job::List));
            order.push(Job::Table);
        }
    }
    // Written two at a time, each sheet on one thread that takes the next sheet when it is free
    // (`Job::rank` says in which order): 0.71× the time at 10,000 items. The library's cost is
    // per cell (a format looked up, the row's XML), so one thread writing every sheet while
    // another laid out its rows left a core half idle. Two, not a thread a core: each sheet
    // holds its own table and lays its rows out on the other cores (`par::pipeline`).
    let mut jobs = Vec::with_capacity(order.len());
    for (at, job) in order.into_iter().enumerate() {
        let mut ws = wb.new_worksheet_with_constant_memory()?;
        // A sheet made apart from the workbook does not take its default format and row height.
        ws.set_default_format(&default_format(), DEFAULT_ROW_PX, 64)?;
        jobs.push((at, ws, job));
    }
    jobs.sort_by_key(|(_, _, job)| job.rank());
    let mut sheets = crate::par::as_free(jobs, 2, |(at, mut ws, job)| {
        let cut = match job {
            Job::Table => table_sheet(&mut ws, r, (&page, &formats), lang)?,
            Job::List(sheet) => list_sheet(&mut ws, (&page, &formats), sheet, lang)?,
        };
        Ok::<_, XlsxError>((at, ws, cut))
    })?;
    sheets.sort_by_key(|(at, _, _)| *at);
    let mut cut = 0;
    for (_, ws, n) in sheets {
        wb.push_worksheet(ws);
        cut += n;
    }
    finish(wb, out)?;
    Ok(cut)
}

/// A sheet to write: the roadmap table, or a list.
enum Job<'s> {
    Table,
    List(Sheet<'s>),
}

impl Job<'_> {
    /// The order sheets are taken in. The library keeps the roadmap table's merged cells and row
    /// heights until the workbook is saved (some 18 MB at 10,000 items), so the lists held whole
    /// go before it, the two with a row for every item (the progress, the indicators: 10 MB at
    /// 10,000 items) first, side by side; the lists made row by row (every milestone, the late
    /// ones) go beside it. Of the orders tried, this kept the peak lowest (108–110 MiB at 10,000
    /// items, 122–143 with the table first).
    fn rank(&self) -> u8 {
        match self {
            Job::List(Sheet {
                table: Rows::Whole(..),
                name,
                ..
            }) if [SHEET_PROGRESS, SHEET_INDICATORS].contains(name) => 0,
            Job::List(Sheet {
                table: Rows::Whole(..),
                ..
            }) => 1,
            Job::Table => 2,
            Job::List(_) => 3,
        }
    }
}

/// A cell's (row, column).
type Corner = (usize, usize);

/// A cell of an item's line in the roadmap table: its first and last column, and a milestone's
/// text and fill (`None`: blank).
type LineCell<'f> = (usize, usize, Option<(String, &'f Format)>);

/// A sheet holding one table, built when the sheet is written: memory holds the tables of the
/// sheets being written (two at a time), not every table.
struct Sheet<'s> {
    name: &'s str,
    /// What the title says the sheet is.
    what: &'s str,
    table: Rows<'s>,
    /// Columns frozen at the left.
    frozen: u16,
    /// A4 when the table fits it narrowed (short tables a reader takes in at once).
    prefer_a4: bool,
    /// It shows states derived from the calendar (期限超過・未報告…): its title says so.
    derived: bool,
}

/// A sheet's table: made whole, or its headers and its rows made anew for each pass over them
/// (which columns hold anything, the widths, the writing): the milestones list, 40,000 rows and
/// 30 MB at 10,000 items, is never held whole.
enum Rows<'s> {
    Whole(Box<dyn FnOnce() -> Table<'s> + Send + 's>),
    Made(
        Vec<String>,
        Box<dyn Fn() -> Box<dyn Iterator<Item = Row<'s>> + Send + 's> + Send + 's>,
    ),
}

/// `done/total` as two numeric columns (完了, 工程数): a fraction written as text would not sum,
/// sort or filter. The headers, each of the `fractions` columns as two.
fn split_headers(headers: Vec<String>, fractions: &[bool], lang: Lang) -> Vec<String> {
    let w = lang.t();
    let mut out = Vec::with_capacity(headers.len() + fractions.len());
    for (k, name) in headers.into_iter().enumerate() {
        if fractions.get(k).copied().unwrap_or(false) {
            out.push(format!("{name}（{}）", w.burnup_done));
            out.push(format!("{name}（{}）", w.burnup_total));
        } else {
            out.push(name);
        }
    }
    out
}

/// A row's cells with each of the `fractions` columns as two ([`split_headers`]): a fraction's
/// done and total, anything else and a blank.
fn split_row(row: &mut Row<'_>, fractions: &[bool]) {
    if !fractions.contains(&true) {
        return;
    }
    let cells = std::mem::take(&mut row.cells);
    for (k, c) in cells.into_iter().enumerate() {
        match (fractions.get(k).copied().unwrap_or(false), c) {
            (true, Cell::Fraction(done, total)) => {
                row.cells.extend([Cell::Count(done), Cell::Count(total)]);
            }
            (true, other) => row.cells.extend([other, Cell::Empty]),
            (false, c) => row.cells.push(c),
        }
    }
}

/// What every sheet prints above and around its table: the roadmap's title, the 基準日 and the
/// report's date, the data's revision.
#[derive(Debug)]
struct Page {
    title: String,
    as_of: String,
    revision: Option<String>,
    /// Which states come from the calendar, not from reports.
    derived: String,
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
            revision: r
                .revision
                .as_ref()
                .map(|rev| format!("{}: {rev}", t.data_revision)),
            derived: lang.bracket(t.derived_note),
        }
    }

    /// The line under the title: the 基準日, the report's date, the data's revision.
    fn line(&self) -> String {
        match &self.revision {
            Some(rev) => format!("{}　{rev}", self.as_of),
            None => self.as_of.clone(),
        }
    }
}

/// Text for a print header or footer: `&` is Excel's code character, so it is doubled.
fn header_text(s: &str) -> String {
    text::truncate(&text::one_line(s), 80).replace('&', "&&")
}

/// The sheet's title rows, merged across the columns of `widths` so they print whole, as tall as
/// their wrapped text.
fn title_rows(
    ws: &mut Worksheet,
    (page, formats): (&Page, &Formats),
    (what, widths, derived): (&str, &[f64], bool),
    heights: RowHeights,
) -> Result<usize, XlsxError> {
    let last = widths.len().max(1) - 1;
    let total: f64 = widths.iter().sum();
    let ((heading, line), cut) = counted(|| {
        let mut line = page.line();
        // A sheet of states says which of them no one reported, as every other view does.
        if derived {
            line.push('\n');
            line.push_str(&page.derived);
        }
        (safe(&format!("{} — {what}", page.title)), safe(&line))
    });
    ws.set_row_height(0, height(lines_in(&heading, total, 14.0), 14.0))?;
    put(ws, (0, 0), (0, last), &heading, &formats.title)?;
    ws.set_row_height(1, height(lines_in(&line, total, FONT_PT), FONT_PT))?;
    put(ws, (1, 0), (1, last), &line, &formats.base)?;
    // The gap before the table: a line high, whatever the sheet's usual height.
    heights.set(ws, TITLE_ROWS - 1, DEFAULT_ROW_PT)?;
    Ok(cut)
}

/// Landscape on `paper`, one page wide (long tables run down), narrow side margins, the header
/// row repeated on every page, the title and 基準日 in the print header, the data's revision and
/// the page x/y in the footer.
fn print_setup(
    ws: &mut Worksheet,
    page: &Page,
    header_rows: Option<(usize, usize)>,
    paper: Paper,
) -> Result<(), XlsxError> {
    let footer = match &page.revision {
        Some(rev) => format!("&L{}&R&P / &N", header_text(rev)),
        None => "&R&P / &N".to_owned(),
    };
    ws.set_paper_size(paper.code())
        .set_landscape()
        .set_margins(SIDE_MARGIN, SIDE_MARGIN, 0.75, 0.75, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!(
            "&L{}&R{}",
            header_text(&page.title),
            header_text(&page.as_of)
        ))
        .set_footer(footer);
    if let Some((first, last)) = header_rows {
        ws.set_repeat_rows(row(first), row(last))?;
    }
    Ok(())
}

/// Writes a table's header and rows from row `top`, in columns of `widths`, each row as tall as
/// its wrapped text. Returns the row after the table. Each row is let go once written: a
/// 10,000-item roadmap's milestones are 30 MB of rows.
fn write_table<'s>(
    ws: &mut Worksheet,
    top: usize,
    (headers, rows): (&[String], impl Iterator<Item = Row<'s>> + Send),
    (widths, heights): (&[f64], RowHeights),
    (formats, lang): (&Formats, Lang),
) -> Result<(usize, usize), XlsxError> {
    // A row's height is set before its cells: a sheet written row by row (constant memory) has
    // written a row out once the next one starts.
    let h = &formats.header;
    let laid: Vec<String> = (headers.iter().enumerate())
        .map(|(k, text)| header_lines(text, widths[k]))
        .collect();
    let lines = laid.iter().map(|l| l.lines().count()).max().unwrap_or(1);
    ws.set_row_height(row(top), height(lines, FONT_PT))?;
    for (k, text) in laid.iter().enumerate() {
        ws.write_string_with_format(row(top), col(k), text, h)?;
    }
    let (mut at, mut cut) = (top + 1, 0);
    // Laying the text out is ours and writing it the library's: the rows are laid out on the
    // other core while the ones before are written (a fifth of a large workbook's time).
    crate::par::pipeline(
        rows,
        |r| counted(|| lay_out(r, widths, lang)),
        |(laid, n)| {
            heights.set(ws, at, list_row_height(laid.lines))?;
            for (k, (c, s)) in laid.cells.iter().zip(&laid.shown).enumerate() {
                write_cell(ws, (at, k), c, s, (formats, laid.kind))?;
            }
            (at, cut) = (at + 1, cut + n);
            Ok::<(), XlsxError>(())
        },
    )?;
    Ok((at, cut))
}

/// The rows laid out to find a list's usual height: enough to tell the one most rows of a long
/// list have, few enough to cost little beside writing them all.
pub(crate) const USUAL_SAMPLE: usize = 2048;

/// A table's row laid out for its columns: its cells, the text each shows there, and the lines
/// its tallest cell takes.
struct Laid<'s> {
    kind: RowKind,
    cells: Vec<Cell<'s>>,
    shown: Vec<String>,
    lines: usize,
}

fn lay_out<'s>(r: Row<'s>, widths: &[f64], lang: Lang) -> Laid<'s> {
    let cells: Vec<Cell<'_>> = (r.cells.into_iter().enumerate())
        .map(|(k, c)| match (k, r.kind, c) {
            // A 中項目 under its 大項目, indented.
            (0, RowKind::Subcategory, Cell::Text(s)) => Cell::Text(format!("　{s}").into()),
            (_, _, c) => c,
        })
        .collect();
    // A list is data people filter, look up and copy: a cell holds its text whole, wrapped by
    // the program (a name broken by a line break is another name to a filter), unless laying it
    // out keeps a token whole that the program would break (「令和」「4年度」, a state's label):
    // then its lines. The row is as tall as the text laid out by the Japanese rules at Excel's
    // narrower columns, which the program's own wrapping takes no more lines than.
    let labels = super::unbreakable_labels(lang);
    let mut lines = 1;
    let shown: Vec<String> = (cells.iter().zip(widths))
        .map(|(c, w)| {
            let whole = shown(c, lang);
            let laid = laid_for(c, &whole, *w, lang);
            lines = lines.max(lines_in(&laid, *w, FONT_PT));
            match laid {
                std::borrow::Cow::Owned(laid)
                    if laid != whole && !super::unbreakable(&whole, labels).is_empty() =>
                {
                    laid
                }
                _ => whole,
            }
        })
        .collect();
    Laid {
        kind: r.kind,
        cells,
        shown,
        lines,
    }
}

/// Ends a sheet written row by row with a blank cell in the row after its last (`after`): the
/// library writes the height of a sheet's last row a second time, as an empty row of the same
/// number that Excel would repair, unless a later row holds a cell. Invisible: no value, no
/// border, outside the table's filter; the sheet's usual height (a height of its own would be
/// written twice, see above). The form's input sheets end so too.
pub(crate) fn end_rows(ws: &mut Worksheet, after: usize) -> Result<(), XlsxError> {
    ws.write_blank(row(after), 0, &base())?;
    Ok(())
}

/// A sheet that is one table: its title rows, then the header, frozen with the first columns,
/// filterable and repeated on every printed page.
/// Returns how many texts it cut to a cell's limit.
fn list_sheet<'s>(
    ws: &mut Worksheet,
    (page, formats): (&Page, &Formats),
    sheet: Sheet<'s>,
    lang: Lang,
) -> Result<usize, XlsxError> {
    ws.set_name(sheet.name)?;
    let (headers, whole, made) = match sheet.table {
        Rows::Whole(make) => {
            let t = make();
            (t.headers, t.rows, None)
        }
        Rows::Made(headers, make) => (headers, Vec::new(), Some(make)),
    };
    let rows = || -> Box<dyn Iterator<Item = Row<'s>> + Send + '_> {
        match &made {
            Some(make) => make(),
            None => Box::new(whole.iter().cloned()),
        }
    };
    let (keep, fractions) = columns(rows(), headers.len(), sheet.name == SHEET_INDICATORS);
    let shape = |mut row: Row<'s>| {
        super::keep_columns(&mut row.cells, &keep);
        split_row(&mut row, &fractions);
        row
    };
    let mut headers = headers;
    super::keep_columns(&mut headers, &keep);
    let headers = split_headers(headers, &fractions, lang);
    // A pass to measure, and one to write.
    let mut measured = Measured::new(&headers);
    let mut count = 0;
    for row in rows().map(shape) {
        measured.push(&row, lang);
        count += 1;
    }
    let paper = paper_for(&measured.needs, sheet.prefer_a4);
    let widths = measured.fit(paper.budget());
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    drop(measured);
    // The default height is the one most rows have once laid out, as the first rows tell. The
    // measure's count of lines (each line's width over the column's, without Japanese line
    // breaking or a state's label kept whole) fell a line short on nearly every row of the lists,
    // so that each got a height of its own, which the library keeps to the end.
    let laid = rows().map(shape).take(USUAL_SAMPLE);
    let heights = RowHeights::of(
        ws,
        usual(laid.map(|r| list_row_height(lay_out(r, &widths, lang).lines))),
    );
    let in_title = title_rows(
        ws,
        (page, formats),
        (sheet.what, &widths, sheet.derived),
        heights,
    )?;
    let hdr = TITLE_ROWS;
    let (after, cut) = write_table(
        ws,
        hdr,
        (&headers, rows().map(shape)),
        (&widths, heights),
        (formats, lang),
    )?;
    if count == 0 {
        ws.write_string_with_format(row(hdr + 1), 0, lang.t().nothing, &formats.base)?;
    } else {
        end_rows(ws, after)?;
        let last = col(widths.len() - 1);
        ws.autofilter(row(hdr), 0, row(hdr + count), last)?;
    }
    ws.set_freeze_panes(row(hdr + 1), sheet.frozen)?;
    print_setup(ws, page, Some((hdr, hdr)), paper)?;
    Ok(in_title + cut)
}

/// A pass over a sheet's rows for the columns it keeps, those that hold anything (empty ones are
/// noise on paper; the indicator sheet keeps all, `all`, as its empty FYs say "no data"; a table
/// without rows keeps its headers), and which of the kept hold fractions (never empty).
fn columns<'s>(rows: impl Iterator<Item = Row<'s>>, n: usize, all: bool) -> (Vec<bool>, Vec<bool>) {
    let mut keep = vec![all; n];
    let mut fractions = vec![false; n];
    let mut any = false;
    for row in rows {
        super::mark_filled(&mut keep, &row);
        for (k, c) in row.cells.iter().enumerate() {
            if let (Some(f), Cell::Fraction(..)) = (fractions.get_mut(k), c) {
                *f = true;
            }
        }
        any = true;
    }
    if !any {
        keep.fill(true);
    }
    super::keep_columns(&mut fractions, &keep);
    (keep, fractions)
}

/// The roadmap table in the source's layout: an item's id, title, state and indicators span its
/// lines; each milestone spans the FY columns it covers. Returns how many texts it cut to a
/// cell's limit.
fn table_sheet(
    ws: &mut Worksheet,
    r: &Report<'_>,
    (page, formats): (&Page, &Formats),
    lang: Lang,
) -> Result<usize, XlsxError> {
    let t = lang.t();
    ws.set_name(SHEET_TABLE)?;
    // Columns: ID, item, state, one per FY column, indicators.
    let first_fy_col = 3;
    let ind_col = first_fy_col + r.columns.slots;
    let ncols = ind_col + 1;
    let headers = super::grid_headers(r, lang);
    // The groups made anew for each pass (measure, usual height, write): held whole, a
    // 10,000-item roadmap's are tens of megabytes.
    let groups = || super::grid_groups(r, lang);
    let mut needs: Vec<Need> = headers.iter().map(|h| Need::header(h)).collect();
    for g in groups() {
        for item in &g.items {
            needs[0] = needs[0].max(Need::fixed(text::width(&item.id)));
            needs[1] = needs[1].max(need(&item.title, lang));
            needs[2] = needs[2].max(Need::header(&super::state_label(item.state, lang)));
            for line in &item.lines {
                let mut at = first_fy_col;
                for (span, c) in line {
                    // A milestone over several FYs asks each of them for a share.
                    let n = need(c, lang);
                    let share = *span as f64;
                    for each in &mut needs[at..at + span] {
                        *each = each.max(Need {
                            natural: n.natural / share,
                            least: (n.least / share).max(TEXT_MIN.min(n.least)),
                        });
                    }
                    at += span;
                }
            }
            for i in &item.indicators {
                needs[ind_col] = needs[ind_col].max(Need::text(i));
            }
        }
    }
    // FY columns of long milestones wrap rather than widen the sheet.
    for n in &mut needs[first_fy_col..ind_col] {
        n.natural = n.natural.min(30.0);
    }
    let paper = paper_for(&needs, false);
    let widths = fit(&needs, paper.budget());
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    let span_w = |c0: usize, c1: usize| -> f64 { widths[c0..=c1].iter().sum() };
    // The usual height of an item's line, from its milestones' lines over the room they have:
    // a guess that makes the default height (each row is measured as it is written).
    let guess =
        |c: &Cell<'_>, w: f64| lines_at(shown(c, lang).lines().map(text::width), text_columns(w));
    let lines = (groups().flat_map(|g| g.items).flat_map(|i| i.lines)).map(|line| {
        let mut c0 = first_fy_col;
        let tallest = line.iter().map(|(span, c)| {
            let w = span_w(c0, c0 + span - 1);
            c0 += span;
            if matches!(c, Cell::Milestone(_)) {
                guess(c, w)
            } else {
                1
            }
        });
        height(tallest.max().unwrap_or(1), FONT_PT)
    });
    let row_heights = RowHeights::of(ws, usual(lines));

    let mut cut = title_rows(
        ws,
        (page, formats),
        (t.roadmap_table, &widths, true),
        row_heights,
    )?;
    let head = super::grid_head(&r.columns, lang);
    let h = &formats.header;
    let plain = &formats.rows[0].text;
    // The phase band (集中改革期間) over the columns it covers, then the header: the columns, and
    // their parts (上期・下期) in a row below when any has them.
    let top = TITLE_ROWS;
    let mut at = top;
    if !head.phases.is_empty() {
        let band = &formats.band;
        let mut c0 = first_fy_col;
        for (n, name) in &head.phases {
            let c1 = c0 + n - 1;
            // Columns outside every phase stay blank, without borders.
            if let Some(name) = name {
                let (text, n) = counted(|| laid(&safe(name), span_w(c0, c1), lang));
                put(ws, (at, c0), (at, c1), &text, band)?;
                cut += n;
            }
            c0 = c1 + 1;
        }
        at += 1;
    }
    let hdr_row = at;
    let parts_row = (!head.parts.is_empty()).then_some(hdr_row + 1);
    let last_hdr = parts_row.unwrap_or(hdr_row);
    // The header's cells, laid out first: their rows' height comes before them.
    let mut cells: Vec<(Corner, Corner, String)> = Vec::new();
    let mut header_cell = |(r0, c0), (r1, c1), text: &str| {
        cells.push(((r0, c0), (r1, c1), header_lines(text, span_w(c0, c1))));
    };
    for (c, text) in headers.iter().enumerate().take(first_fy_col) {
        header_cell((hdr_row, c), (last_hdr, c), text);
    }
    header_cell((hdr_row, ind_col), (last_hdr, ind_col), &headers[ind_col]);
    let mut c0 = first_fy_col;
    for c in &head.columns {
        let c1 = c0 + c.span - 1;
        let r1 = if c.parts { hdr_row } else { last_hdr };
        header_cell((hdr_row, c0), (r1, c1), &c.label);
        if let (true, Some(pr)) = (c.parts, parts_row) {
            for k in c0..=c1 {
                header_cell((pr, k), (pr, k), &head.parts[k - first_fy_col]);
            }
        }
        c0 = c1 + 1;
    }
    let lines = (cells.iter().map(|(_, _, laid)| laid.lines().count()))
        .max()
        .unwrap_or(1);
    for r in hdr_row..=last_hdr {
        ws.set_row_height(row(r), height(lines, FONT_PT))?;
    }
    // Row by row: the sheet is written row by row, and a cell of the header's first row written
    // after one of the parts row below it was dropped (the library ignores a write to a row it
    // has written out, and said so on stderr).
    cells.sort_by_key(|(from, _, _)| *from);
    for (from, to, laid) in &cells {
        put(ws, *from, *to, laid, h)?;
    }
    let hdr_row = last_hdr;

    let [cat_fmt, sub_fmt] = &formats.groups;
    let full = span_w(0, ncols - 1);
    // The rows, counting the texts cut where they are made.
    let (rows, n) = counted(|| -> Result<usize, XlsxError> {
        let mut at = hdr_row + 1;
        for g in groups() {
            let subs = g.subs.iter().map(|(depth, s)| {
                // Deeper groups indented under the 中項目.
                let indent = "　".repeat(depth.saturating_sub(2));
                (format!("{indent}{s}"), sub_fmt)
            });
            for (text, f) in g.category.iter().map(|c| (c.clone(), cat_fmt)).chain(subs) {
                let text = laid(&safe(&text), full, lang);
                row_heights.set(ws, at, height(lines_in(&text, full, FONT_PT), FONT_PT))?;
                put(ws, (at, 0), (at, ncols - 1), &text, f)?;
                at += 1;
            }
            for item in &g.items {
                let lines = item.lines.len().max(1);
                let last = at + lines - 1;
                let title = shown_in(&item.title, widths[1], lang);
                let state = header_lines(&super::state_label(item.state, lang), widths[2]);
                let indicators = laid(&safe(&item.indicators.join("\n")), widths[ind_col], lang);
                let empty_span = span_w(first_fy_col, ind_col - 1);
                let note = item
                    .lines
                    .is_empty()
                    .then(|| shown_in(&item.empty, empty_span, lang));
                // Every line's texts first, for the heights: the rows' heights are set before their
                // cells (see `write_table`).
                let laid_lines: Vec<Vec<LineCell>> = (item.lines.iter())
                    .map(|line| {
                        let mut c0 = first_fy_col;
                        line.iter()
                            .map(|(span, c)| {
                                let c1 = c0 + span - 1;
                                let milestone = match c {
                                    Cell::Milestone(m) => Some((
                                        shown_in(c, span_w(c0, c1), lang),
                                        formats.milestone(m.state),
                                    )),
                                    _ => None,
                                };
                                let at = (c0, c1, milestone);
                                c0 = c1 + 1;
                                at
                            })
                            .collect()
                    })
                    .collect();
                let mut heights = vec![1usize; lines];
                if let Some(note) = &note {
                    heights[0] = lines_in(note, empty_span, FONT_PT);
                }
                for (k, line) in laid_lines.iter().enumerate() {
                    for (c0, c1, milestone) in line {
                        if let Some((text, _)) = milestone {
                            heights[k] = heights[k].max(lines_in(text, span_w(*c0, *c1), FONT_PT));
                        }
                    }
                }
                // Let the merged item cells show their text: spread what they need over the lines.
                let need = [
                    lines_in(&title, widths[1], FONT_PT),
                    lines_in(&indicators, widths[ind_col], FONT_PT),
                    lines_in(&state, widths[2], FONT_PT),
                ]
                .into_iter()
                .max()
                .unwrap_or(1);
                let have: usize = heights.iter().sum();
                if need > have
                    && let Some(h) = heights.last_mut()
                {
                    *h += need - have;
                }
                for (k, h) in heights.iter().enumerate() {
                    row_heights.set(ws, at + k, height(*h, FONT_PT))?;
                }
                put(ws, (at, 0), (last, 0), &item.id, plain)?;
                put(ws, (at, 1), (last, 1), &title, plain)?;
                put(ws, (at, 2), (last, 2), &state, formats.fill(item.state))?;
                put(ws, (at, ind_col), (last, ind_col), &indicators, plain)?;
                if let Some(note) = &note {
                    put(
                        ws,
                        (at, first_fy_col),
                        (at, ind_col - 1),
                        note,
                        &formats.italic,
                    )?;
                }
                for (k, line) in laid_lines.iter().enumerate() {
                    for (c0, c1, milestone) in line {
                        let (text, f) = milestone.as_ref().map_or(("", plain), |(t, f)| (t, *f));
                        put(ws, (at + k, *c0), (at + k, *c1), text, f)?;
                    }
                }
                at = last + 1;
            }
        }
        Ok(at)
    });
    let at = rows?;
    cut += n;

    end_rows(ws, at)?;
    if at > hdr_row + 1 {
        ws.autofilter(row(hdr_row), 0, row(at - 1), col(ncols - 1))?;
    }
    ws.set_freeze_panes(row(hdr_row + 1), 3)?;
    print_setup(ws, page, Some((top, hdr_row)), paper)?;
    Ok(cut)
}

// ---- The one-page summary.

/// The summary sheet's grid: narrow columns of one width that every table's columns are merged
/// from, so that tables of different columns sit above and beside each other.
const GRID_COLUMNS: usize = 56;
const GRID_WIDTH: f64 = 2.0;
/// Grid columns between the two lists of a row.
const GRID_GAP: usize = 2;

/// Renders the one-page summary (`--summary`): a workbook of one sheet, A4 landscape, printed on
/// one page — the headline, the overview by 大項目, then the lists two by two. A list's texts
/// are cut to one line of their column (the report has them whole).
pub fn render_summary(
    r: &Report<'_>,
    lang: Lang,
    out: &mut (dyn Write + Send),
) -> Result<usize, XlsxError> {
    let t = lang.t();
    let (mut wb, formats) = workbook(r, lang)?;
    let page = Page::of(r, lang);
    let s = super::summary(r, lang);
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_SUMMARY)?;
    let widths = vec![GRID_WIDTH; GRID_COLUMNS];
    for c in 0..GRID_COLUMNS {
        ws.set_column_width(col(c), GRID_WIDTH)?;
    }
    let heights = RowHeights::of(ws, DEFAULT_ROW_PT);
    let cut = title_rows(
        ws,
        (&page, &formats),
        (t.summary_title, &widths, false),
        heights,
    )?;
    let mut grid = Grid {
        ws,
        heights: std::collections::BTreeMap::new(),
        formats: &formats,
        lang,
        cut,
    };
    let mut at = TITLE_ROWS - 1;
    let bold = base().set_bold().set_font_size(11);
    let (headline, cut) = counted(|| safe(&s.headline));
    grid.cut += cut;
    grid.text(at, (0, GRID_COLUMNS), &headline, &bold, 11.0)?;
    at += 1;
    // States no item is in are left out of the page's overview (the report has them all; the
    // headline above says how many delays, past-due milestones and changes there are, zero
    // too): with all eleven, the groups' names got four characters a line. Milestones done
    // stay one column (「8/154」): the page is for reading, not for sums.
    let mut overview = s.overview;
    let zero: Vec<bool> = (0..overview.headers.len())
        .map(|k| {
            overview
                .rows
                .iter()
                .all(|r| matches!(r.cells.get(k), Some(Cell::Count(0))))
        })
        .collect();
    let keep = |k: &mut usize| {
        *k += 1;
        !zero[*k - 1]
    };
    let mut k = 0;
    overview.headers.retain(|_| keep(&mut k));
    for r in &mut overview.rows {
        let mut k = 0;
        r.cells.retain(|_| keep(&mut k));
    }
    at = grid.table(at, (0, GRID_COLUMNS), &overview, false)?;
    grid.text(at, (0, GRID_COLUMNS), &s.note, &formats.base, FONT_PT)?;
    at += 1;
    let half = (GRID_COLUMNS - GRID_GAP) / 2;
    let halves = [(0, half), (half + GRID_GAP, GRID_COLUMNS)];
    // Two lists side by side, each on half the page; lists too wide for a half (a long date
    // and two periods beside their texts) take the whole width, one after the other.
    let mut rows: Vec<Vec<_>> = Vec::new();
    let mut lists = s.lists.iter().peekable();
    while let Some(list) = lists.next() {
        let fits = |(_, table, _): &&_| grid.fits(table, half);
        match lists.peek() {
            Some(next) if fits(&list) && fits(next) => {
                let next = lists.next().into_iter();
                rows.push(std::iter::once(list).chain(next).zip(halves).collect());
            }
            _ => rows.push(vec![(list, (0, GRID_COLUMNS))]),
        }
    }
    let stacked = rows.iter().any(|r| r.len() == 1);
    for lists in rows {
        let mut end = at;
        for ((title, table, more), side) in lists {
            let heading = base().set_bold().set_font_color(Color::RGB(0x1F_4E_79));
            grid.text(at, side, title, &heading, FONT_PT)?;
            let next = if table.rows.is_empty() {
                grid.text(at + 1, side, t.nothing, &formats.base, FONT_PT)?;
                at + 2
            } else {
                let mut next = grid.table(at + 1, side, table, true)?;
                if *more > 0 {
                    let line = lang.more_rows(*more);
                    grid.text(next, side, &line, &formats.base, FONT_PT)?;
                    next += 1;
                }
                next
            };
            end = end.max(next);
        }
        at = end;
    }
    for (r, h) in &grid.heights {
        grid.ws.set_row_height(row(*r), *h)?;
    }
    // A page of stacked lists is taller: on A3 (the office's 「A3一枚」) it prints as large as
    // lists side by side do on A4.
    let paper = if stacked { Paper::A3 } else { Paper::A4 };
    print_setup(grid.ws, &page, None, paper)?;
    grid.ws.set_print_fit_to_pages(1, 1);
    let cut = grid.cut;
    finish(wb, out)?;
    Ok(cut)
}

/// The least a text cut to one line of the summary is given: eight Japanese characters (fewer
/// when it holds fewer). Less left 「職…」 of an item's title, which says nothing.
const CUT_TEXT_LEAST: f64 = 16.0;

/// How a summary table's columns ask for room ([`Grid::plan`]).
struct Plan {
    planned: Vec<f64>,
    least: Vec<f64>,
    cuttable: Vec<bool>,
}

/// The summary's grid being written: rows as tall as the tallest text put on them.
struct Grid<'w> {
    ws: &'w mut Worksheet,
    heights: std::collections::BTreeMap<usize, f64>,
    formats: &'w Formats,
    lang: Lang,
    /// Texts cut to a cell's limit so far.
    cut: usize,
}

impl Grid<'_> {
    fn grow(&mut self, r: usize, h: f64) {
        let e = self.heights.entry(r).or_insert(0.0);
        *e = e.max(h);
    }

    /// A line of text over grid columns `c0..c1`, wrapped.
    fn text(
        &mut self,
        r: usize,
        (c0, c1): (usize, usize),
        s: &str,
        f: &Format,
        size: f64,
    ) -> Result<(), XlsxError> {
        put(self.ws, (r, c0), (r, c1 - 1), s, f)?;
        let w = GRID_WIDTH * (c1 - c0) as f64;
        self.grow(r, height(lines_in(s, w, size), size));
        Ok(())
    }

    /// A table over grid columns `c0..c1`: its columns planned to fit, each made of whole grid
    /// columns; with `cut`, texts cut to one line. Returns the row after it.
    /// How a table's columns ask for room in a span `units` grid columns wide: what each would
    /// like (`planned`), the least each takes (`least`), and which are texts cut to one line.
    fn plan(&self, t: &Table<'_>, units: usize, cut: bool) -> Plan {
        let lang = self.lang;
        let budget = printed_pt(GRID_WIDTH) * units as f64;
        let mut measured = Measured::of(t, lang);
        // With `cut`, long texts are cut to their column: they ask only for a little room (ids,
        // dates and numbers keep theirs), eight Japanese characters or what they hold.
        let cuttable: Vec<bool> = (0..t.headers.len())
            .map(|k| {
                let n = measured.needs[k];
                cut && n.natural > n.least
                    && t.rows.iter().all(|r| r.cells.get(k).is_none_or(is_text))
            })
            .collect();
        for (n, c) in measured.needs.iter_mut().zip(&cuttable) {
            if *c {
                n.least = n.natural.min(CUT_TEXT_LEAST);
            }
        }
        // A period (2023年度〜2024年度) may take two lines, broken after its 〜: the room it gives
        // up goes to the texts beside it, which are cut to one line.
        for (k, n) in measured.needs.iter_mut().enumerate() {
            let parts = t.rows.iter().filter_map(|r| match r.cells.get(k) {
                Some(c @ Cell::Span { .. }) => Some(period_lines(&shown(c, lang), 0.0)),
                _ => None,
            });
            if let Some(widest) = parts
                .flat_map(|p| p.lines().map(text::width).collect::<Vec<_>>())
                .max()
            {
                n.least = n.least.min(widest as f64 + 1.0);
                if cut {
                    n.natural = n.least;
                }
            }
        }
        let least: Vec<f64> = measured.needs.iter().map(|n| n.least).collect();
        // Cut to one line, the texts take whatever their neighbours leave, shared by how long
        // they are; the neighbours keep the least they need (the cost model of `fit` counts
        // lines a cut text never takes).
        let planned = if cuttable.contains(&true) {
            measured
                .needs
                .iter()
                .zip(&cuttable)
                .map(|(n, c)| if *c { n.natural } else { n.least })
                .collect()
        } else {
            measured.fit(budget)
        };
        Plan {
            planned,
            least,
            cuttable,
        }
    }

    /// Whether a list fits `units` grid columns with its texts given their least.
    fn fits(&self, t: &Table<'_>, units: usize) -> bool {
        let plan = self.plan(t, units, true);
        plan.least.iter().map(|w| grid_columns(*w)).sum::<usize>() <= units
    }

    fn table(
        &mut self,
        top: usize,
        (c0, c1): (usize, usize),
        t: &Table<'_>,
        cut: bool,
    ) -> Result<usize, XlsxError> {
        let lang = self.lang;
        let units = c1 - c0;
        let Plan {
            planned,
            least,
            cuttable,
        } = self.plan(t, units, cut);
        let spans = grid_spans(&planned, &least, units);
        let mut bounds = Vec::with_capacity(spans.len());
        let mut x = c0;
        for n in &spans {
            bounds.push((x, x + n - 1));
            x += n;
        }
        let width = |k: usize| GRID_WIDTH * spans[k] as f64;
        for (k, head) in t.headers.iter().enumerate() {
            let laid = header_lines(head, width(k));
            let h = &self.formats.header;
            put(self.ws, (top, bounds[k].0), (top, bounds[k].1), &laid, h)?;
            self.grow(top, height(laid.lines().count(), FONT_PT));
        }
        let mut at = top + 1;
        for r in &t.rows {
            let kind = (self.formats, r.kind);
            let f = &self.formats.row(r.kind).text;
            for (k, c) in r.cells.iter().enumerate() {
                let (a, b) = bounds[k];
                // A text cut to one line of its column carries no marker of a cell's limit, and
                // is not counted as cut to it.
                let s = if cuttable[k] {
                    let whole = shown(c, lang);
                    text::truncate(&text::one_line(&whole), text_columns(width(k))).into_owned()
                } else {
                    let (s, cut) = counted(|| match c {
                        Cell::Span { .. } => period_lines(&shown(c, lang), width(k)),
                        _ => shown_in(c, width(k), lang),
                    });
                    self.cut += cut;
                    s
                };
                // A period laid out in lines is written as its lines.
                let text = is_text(c) || matches!(c, Cell::Span { .. });
                // A value (not text) is written typed, shown as its column shows it.
                let typed = (!text).then(|| shown_in(c, width(k), lang));
                if let (true, Some(shown)) = (a == b, &typed) {
                    write_cell(self.ws, (at, a), c, shown, kind)?;
                } else {
                    // Merged first (as a string), then a typed value into its first cell.
                    put(self.ws, (at, a), (at, b), &s, f)?;
                    if let Some(shown) = &typed {
                        write_cell(self.ws, (at, a), c, shown, kind)?;
                    }
                }
                self.grow(at, height(lines_in(&s, width(k), FONT_PT), FONT_PT));
            }
            at += 1;
        }
        Ok(at)
    }
}

/// A period as shown, broken after its 〜 when it does not fit a line of width `w`.
fn period_lines(s: &str, w: f64) -> String {
    match s.split_once('〜') {
        Some((from, to)) if text::width(s) > text_columns(w) => format!("{from}〜\n{to}"),
        _ => s.to_owned(),
    }
}

/// A cell written as text (which the summary may cut), not a typed value.
fn is_text(c: &Cell<'_>) -> bool {
    matches!(
        c,
        Cell::Text(_) | Cell::Strong(_) | Cell::Lines(_) | Cell::Note(_) | Cell::Empty
    )
}

/// Planned column widths in whole grid columns, `units` in all: each column first gets what its
/// least width needs (an id or a date is never cut), the rest goes by what the plan gave beyond
/// it. When even the least do not fit, all shrink alike.
/// The grid columns a width takes, one at least.
fn grid_columns(w: f64) -> usize {
    ((w / GRID_WIDTH).ceil() as usize).max(1)
}

fn grid_spans(planned: &[f64], least: &[f64], units: usize) -> Vec<usize> {
    let mut spans: Vec<usize> = least.iter().map(|l| grid_columns(*l)).collect();
    let floor: usize = spans.iter().sum();
    if floor > units || spans.is_empty() {
        // Too narrow for them all: the widest give way, one grid column at a time.
        while spans.iter().sum::<usize>() > units {
            let Some(widest) = (0..spans.len())
                .filter(|k| spans[*k] > 1)
                .max_by_key(|k| spans[*k])
            else {
                break;
            };
            spans[widest] -= 1;
        }
        return spans;
    }
    let extra: Vec<f64> = planned
        .iter()
        .zip(&spans)
        .map(|(w, s)| (w - *s as f64 * GRID_WIDTH).max(0.0))
        .collect();
    let total: f64 = extra.iter().sum();
    let rest = units - floor;
    for (s, e) in spans.iter_mut().zip(&extra) {
        if total > 0.0 {
            *s += (e / total * rest as f64).floor() as usize;
        }
    }
    // What rounding left goes to the columns that asked for the most.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|a, b| extra[*b].total_cmp(&extra[*a]));
    let mut k = 0;
    while spans.iter().sum::<usize>() < units {
        spans[order[k % order.len()]] += 1;
        k += 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every format a report's sheets use is numbered before they are written
    /// ([`Formats::register`]): one first met while two threads write sheets would take its
    /// number by which thread met it first, and the same data could give other bytes. So no cell
    /// of any sheet has a format numbered after them, whatever the data and the language.
    #[test]
    fn every_format_a_report_uses_is_numbered_before_its_sheets_are_written()
    -> Result<(), Box<dyn std::error::Error>> {
        use std::io::Read;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let synth = tempfile::tempdir()?;
        crate::synth::write(synth.path(), 100, 0)?;
        let dirs = [
            root.join("roadmap"),
            root.join("tests/fixtures/report/progress"),
            root.join("tests/fixtures/followup"),
            root.join("tests/fixtures/timing"),
            synth.path().to_owned(),
        ];
        for dir in &dirs {
            // In the plan's last year, and after it, when everything not done is past due.
            for year in [2024, 2030] {
                let read = crate::load::read_dir(dir, dir)?;
                let as_of = chrono::NaiveDate::from_ymd_opt(year, 3, 31).ok_or("a date")?;
                let analysis = crate::analyze(read.files, read.findings, as_of);
                let standing =
                    crate::status::compute(&analysis.roadmap, as_of, &Default::default());
                let report = crate::report::build(&analysis.roadmap, &standing);
                for lang in [Lang::Ja, Lang::En] {
                    let mut book = Vec::new();
                    render(&report, lang, &mut book)?;
                    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book))?;
                    // The formats' numbers the cells of every sheet give (`s="7"`).
                    let mut used = std::collections::BTreeSet::new();
                    for k in 0..zip.len() {
                        let mut part = zip.by_index(k)?;
                        if !part.name().starts_with("xl/worksheets/sheet") {
                            continue;
                        }
                        let mut xml = String::new();
                        part.read_to_string(&mut xml)?;
                        for s in xml.split(" s=\"").skip(1) {
                            let n = s.split('"').next().ok_or("an attribute")?;
                            used.insert(n.parse::<usize>()?);
                        }
                    }
                    let formats = Formats::new(lang);
                    let distinct: std::collections::HashSet<&Format> =
                        formats.every().into_iter().collect();
                    // Number 0 is the workbook's default; the registered ones follow.
                    let last = used.last().copied().unwrap_or(0);
                    assert!(
                        last <= distinct.len(),
                        "{} as of {as_of} ({lang:?}): format {last} was not registered",
                        dir.display()
                    );
                    assert!(used.len() > 8, "{used:?}");
                }
            }
        }
        Ok(())
    }

    #[test]
    fn headers_break_between_words_and_keep_marks_with_labels() {
        assert_eq!(
            header_pieces("完了工程数（工程数）"),
            ["完了工程数", "（工程数）"]
        );
        assert_eq!(header_pieces("△ 期限超過・未報告"), ["△ 期限超過・未報告"]);
        assert_eq!(header_pieces("2022年度 目標"), ["2022年度 ", "目標"]);
        assert_eq!(header_lines("2022年度 目標", 6.0), "2022年度 \n目標");
        assert_eq!(header_lines("2022年度 目標", 20.0), "2022年度 目標");
    }

    #[test]
    fn the_usual_height_is_the_most_common_and_the_lower_of_a_tie() {
        // As the workbook stores them, in whole pixels.
        let px = |pts: &[f64]| pixels(usual(pts.iter().copied()));
        let two = height(2, FONT_PT);
        let three = height(3, FONT_PT);
        assert_eq!(px(&[two, DEFAULT_ROW_PT, two, three]), pixels(two));
        assert_eq!(px(&[three, two]), pixels(two));
        assert_eq!(px(&[]), DEFAULT_ROW_PX);
    }

    /// Rows of the usual height are given none of their own, yet every row is as tall as asked,
    /// on a sheet written row by row as the reports' are.
    #[test]
    fn every_row_is_as_tall_as_asked_with_or_without_a_height_of_its_own()
    -> Result<(), Box<dyn std::error::Error>> {
        use std::io::Read as _;
        let asked = [
            height(2, FONT_PT),
            DEFAULT_ROW_PT,
            height(4, FONT_PT),
            height(2, FONT_PT),
        ];
        let mut wb = Workbook::new();
        wb.set_default_format(&base(), DEFAULT_ROW_PX, 64)?;
        let ws = wb.add_worksheet_with_constant_memory()?;
        let heights = RowHeights::of(ws, usual(asked.into_iter()));
        for (r, pt) in asked.iter().enumerate() {
            heights.set(ws, r, *pt)?;
            ws.write_string(row(r), 0, "x")?;
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(wb.save_to_buffer()?))?;
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")?
            .read_to_string(&mut xml)?;
        assert!(xml.contains(r#"<sheetFormatPr defaultRowHeight="33.75" customHeight="1"/>"#));
        // A row without a height of its own is the default's.
        let tall: Vec<f64> = (xml.split("<row ").skip(1))
            .map(|r| {
                let ht = r.split("ht=\"").nth(1).and_then(|h| h.split('"').next());
                ht.map_or(Ok(33.75), str::parse)
            })
            .collect::<Result<_, _>>()?;
        let expected: Vec<f64> = asked
            .iter()
            .map(|pt| f64::from(pixels(*pt)) * 0.75)
            .collect();
        assert_eq!(tall, expected);
        Ok(())
    }

    #[test]
    fn widths_fit_the_page_and_keep_their_least() {
        let needs = vec![
            Need::fixed(8),
            Need {
                natural: 40.0,
                least: 12.0,
            },
            Need {
                natural: 40.0,
                least: 12.0,
            },
        ];
        // Natural widths fit A4: nothing narrowed.
        assert_eq!(paper_for(&needs, true), Paper::A4);
        assert_eq!(fit(&needs, Paper::A4.budget())[1], 40.0);
        let many: Vec<Need> = (0..8).map(|_| needs[1]).collect();
        let paper = paper_for(&many, false);
        assert_eq!(paper, Paper::A3);
        let w = fit(&many, paper.budget());
        let total: f64 = w.iter().map(|w| printed_pt(*w)).sum();
        assert!(total <= Paper::A3.budget(), "{total}");
        assert!(w.iter().all(|w| *w >= 12.0), "{w:?}");
        // Each column its least, the rest by what was planned beyond it.
        assert_eq!(grid_spans(&[10.0, 30.0], &[10.0, 10.0], 20), [5, 15]);
        assert_eq!(grid_spans(&[6.0, 40.0], &[6.0, 8.0], 10), [3, 7]);
        assert_eq!(
            grid_spans(&[1.0, 1.0, 1.0], &[1.0, 1.0, 1.0], 4)
                .iter()
                .sum::<usize>(),
            4
        );
    }
}
