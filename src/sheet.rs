//! Spreadsheets read (calamine for workbooks, csv for CSV): a file as sheets of cells, with what
//! the importer needs besides values — which cells hold formulas, which ranges are merged, which
//! sheets are hidden, and what the reader does not say: which numbers are shown as percents or
//! dates, and which formulas were saved without their result. Nothing here knows what a form is.

use std::collections::{BTreeMap, BTreeSet};

use calamine::{Data, Reader, SheetVisible, Xlsx};
use chrono::NaiveDate;

use crate::i18n::Msg;

/// A cell's value, as the spreadsheet program saved it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// An error value (`#N/A`, `#REF!`).
    Error(String),
}

/// A sheet: its cells by (row, column) from 0, formulas and merged ranges.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub cells: Vec<Vec<Cell>>,
    pub formulas: BTreeMap<(u32, u32), String>,
    /// Merged ranges: first and last (row, column), inclusive.
    pub merged: Vec<((u32, u32), (u32, u32))>,
    /// Number cells shown as a percent: Excel keeps a typed `72.5%` as 0.725, and the reader
    /// gives the number without its format.
    pub percent: BTreeSet<(u32, u32)>,
    /// Number cells shown as a date. The reader knows the formats it was taught; Japanese Excel
    /// saves a typed `2025年12月` with a built-in format it does not know (57), and the reader
    /// gives its serial as a plain number.
    pub dated: BTreeSet<(u32, u32)>,
    /// Formula cells saved without a result (by a tool that does not calculate): the reader gives
    /// them as empty, which is no answer.
    pub uncached: BTreeSet<(u32, u32)>,
}

impl Sheet {
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }

    /// The cell as text, trimmed (numbers as written: `3`, `2.5`).
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.get(row, col) {
            Cell::Empty | Cell::Error(_) => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) => crate::text::number(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }

    /// Every cell of a row as text.
    pub fn row_texts(&self, row: u32) -> Vec<String> {
        let len = self.cells.get(row as usize).map_or(0, Vec::len);
        (0..u32::try_from(len).unwrap_or(0))
            .map(|c| self.text(row, c))
            .collect()
    }

    /// The column of the first cell of a row that reads `text`.
    pub fn find(&self, row: u32, text: &str) -> Option<u32> {
        let at = self.row_texts(row).iter().position(|t| t == text)?;
        u32::try_from(at).ok()
    }

    pub fn rows(&self) -> u32 {
        u32::try_from(self.cells.len()).unwrap_or(u32::MAX)
    }
}

/// A workbook (or a CSV file, as one sheet named after the file).
#[derive(Clone, Debug, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    pub csv: bool,
}

impl Book {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// `A1`-style reference of a cell (row and column from 0).
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

fn value(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        // A whole number is exact in an f64 far past any value a form holds.
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| d.parse().ok())
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn grid<T>(range: &calamine::Range<T>, mut f: impl FnMut(&T) -> Cell) -> Vec<Vec<Cell>>
where
    T: calamine::CellType,
{
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let mut cells = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut out = vec![Cell::Empty; c0 as usize];
        out.extend(row.iter().map(&mut f));
        cells.push(out);
    }
    cells
}

/// Excel's last column (XFD) and row: no real sheet refers past them.
const MAX_COLUMN: u64 = 16_384;
const MAX_ROW: u64 = 1_048_576;
/// The most cells a sheet may span from A1 to its farthest cell: the reader makes each sheet a
/// dense grid, and a form holds thousands.
const MAX_CELLS: u64 = 4_000_000;
/// The most bytes a workbook's sheets may unpack to (a zip bomb is a few kilobytes).
const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// A reference's column and row (1-based, 0 when absent), as the reader reads them: the letters
/// it starts with, then the digits; past four letters or eight digits it is past any sheet's end
/// (and the reader's arithmetic), whatever follows. `None` when it starts with neither.
fn a1(reference: &[u8]) -> Option<(u64, u64)> {
    let r: Vec<u8> = reference.iter().copied().filter(|b| *b != b'$').collect();
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, rest) = r.split_at(letters);
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if letters + digits == 0 {
        return None;
    }
    let col = if letters > 4 {
        u64::MAX
    } else {
        col.iter().fold(0, |n, b| {
            n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
        })
    };
    let row = if digits > 8 {
        u64::MAX
    } else {
        rest.iter()
            .take(digits)
            .fold(0, |n, b| n * 10 + u64::from(b - b'0'))
    };
    Some((col, row))
}

/// Checks a workbook's cell references before the spreadsheet reader sees them: a column past
/// XFD overflowed its arithmetic (a panic in a debug build, a wrong cell in a release one), a cell
/// far from A1 made it allocate a grid of hundreds of gigabytes, and a shared-string count it
/// reserves room for made it abort. Found by the `sheet` fuzz target. Every part of the zip is
/// read, whatever its name: the reader finds sheets by the workbook's relationships, not by where
/// they usually are. A file that is not a zip is left to the reader to name.
fn check_references(bytes: &[u8], path: &str) -> Result<(), Msg> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let unpacked: u64 = (0..zip.len())
        .filter_map(|k| zip.by_index_raw(k).ok().map(|e| e.size()))
        .fold(0, u64::saturating_add);
    if unpacked > MAX_UNPACKED {
        return Err(Msg::WorkbookTooLarge {
            path: path.to_owned(),
            bytes: unpacked,
            max: MAX_UNPACKED,
        });
    }
    for k in 0..zip.len() {
        let Ok(entry) = zip.by_index(k) else { continue };
        check_part(std::io::BufReader::new(entry), path)?;
    }
    Ok(())
}

/// An XML reader set as the spreadsheet reader sets its own: with the default settings a
/// mismatched end tag was an error that ended a check, while the reader, which does not check end
/// names, went on to a column it could not count (found by the sheet fuzz target). An empty
/// element is a start and an end, so `<row/>` moves to the next row, as it does for the reader.
fn like_the_reader<R: std::io::BufRead>(xml: R) -> quick_xml::Reader<R> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    config.trim_text(false);
    reader
}

/// One part's XML, read as the spreadsheet reader reads it (quick-xml, any quoting and spacing):
/// every cell's place — its `r`, or the next place in its row, in the row of its `<row r>` or the
/// one after the last — lies within a sheet, and all within [`MAX_CELLS`] of A1; so does every
/// `ref`/`sqref` (the dimension, merged cells, validations); a shared-string table promises no
/// more than [`MAX_CELLS`] strings. A part that is not XML ends the check where the reader would
/// stop too.
fn check_part(xml: impl std::io::BufRead, path: &str) -> Result<(), Msg> {
    use quick_xml::events::Event;
    let outside = |reference: &[u8]| Msg::CellOutOfSheet {
        path: path.to_owned(),
        reference: String::from_utf8_lossy(reference).into_owned(),
    };
    let mut reader = like_the_reader(xml);
    let mut buf = Vec::new();
    // The reader's own counting: 0-based row and column of the next cell.
    let (mut row, mut column) = (0_u64, 0_u64);
    let (mut columns, mut rows) = (0_u64, 0_u64);
    loop {
        buf.clear();
        let e = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"row" => {
                (row, column) = (row.saturating_add(1), 0);
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let name = e.local_name();
        let mut cell_at = None;
        for a in e.attributes().flatten() {
            let key = a.key.as_ref();
            let value = a.value.as_ref();
            match (name.as_ref(), key) {
                (b"c", b"r") => {
                    let (col, r) = a1(value).ok_or_else(|| outside(value))?;
                    if col == 0 || r == 0 || col > MAX_COLUMN || r > MAX_ROW {
                        return Err(outside(value));
                    }
                    cell_at = Some((col, r));
                }
                (b"row", b"r") => {
                    let (col, r) = a1(value).ok_or_else(|| outside(value))?;
                    if col != 0 || r == 0 || r > MAX_ROW {
                        return Err(outside(value));
                    }
                    row = r - 1;
                }
                (b"sst", b"uniqueCount" | b"count") => {
                    let promised = std::str::from_utf8(value)
                        .ok()
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .unwrap_or(0);
                    if promised > MAX_CELLS {
                        return Err(Msg::SheetTooLarge {
                            path: path.to_owned(),
                            cells: promised,
                            max: MAX_CELLS,
                        });
                    }
                }
                (_, b"ref" | b"sqref") => {
                    for reference in value.split(|c| *c == b':' || *c == b' ') {
                        if let Some((col, r)) = a1(reference)
                            && (col > MAX_COLUMN || r > MAX_ROW)
                        {
                            return Err(outside(reference));
                        }
                    }
                }
                _ => {}
            }
        }
        if name.as_ref() == b"c" {
            // 1-based, as written; a cell without `r` is the next one in its row (named R1C1).
            let (col, r) = cell_at.unwrap_or((column.saturating_add(1), row.saturating_add(1)));
            if col > MAX_COLUMN || r > MAX_ROW {
                return Err(outside(format!("R{r}C{col}").as_bytes()));
            }
            (row, column) = (r - 1, col);
            (columns, rows) = (columns.max(col), rows.max(r));
        }
    }
    let cells = columns.saturating_mul(rows);
    if cells > MAX_CELLS {
        return Err(Msg::SheetTooLarge {
            path: path.to_owned(),
            cells,
            max: MAX_CELLS,
        });
    }
    Ok(())
}

/// A spreadsheet of another format, by its first bytes: Excel 97–2003's (`.xls`, an OLE compound
/// file) or OpenDocument's (`.ods`, a zip whose first entry names its type). Said as such, with
/// how to save it as `.xlsx`, rather than as the zip reader's complaint.
fn other_format(bytes: &[u8]) -> Option<&'static str> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    const ODS: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    if bytes.starts_with(OLE) {
        Some("xls")
    } else if bytes.starts_with(b"PK\x03\x04") && bytes.get(30..30 + ODS.len()) == Some(ODS) {
        Some("ods")
    } else {
        None
    }
}

/// A workbook's sheets, in the workbook's order.
fn workbook(bytes: &[u8], path: &str) -> Result<Book, Msg> {
    if let Some(format) = other_format(bytes) {
        return Err(Msg::OtherSpreadsheet {
            path: path.to_owned(),
            format,
        });
    }
    check_references(bytes, path)?;
    let not = |cause: String| Msg::NotAWorkbook {
        path: path.to_owned(),
        cause,
    };
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(|e| not(e.to_string()))?;
    let meta: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut marks = marks(bytes);
    let mut sheets = Vec::new();
    for (name, hidden) in meta {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| not(e.to_string()))?;
        let mut formulas = BTreeMap::new();
        if let Ok(f) = book.worksheet_formula(&name) {
            for (r, c, text) in f.used_cells() {
                if !text.is_empty() {
                    let (r0, c0) = f.start().unwrap_or((0, 0));
                    let at = (
                        r0 + u32::try_from(r).unwrap_or(0),
                        c0 + u32::try_from(c).unwrap_or(0),
                    );
                    formulas.insert(at, text.clone());
                }
            }
        }
        let merged = book
            .worksheet_merge_cells(&name)
            .and_then(Result::ok)
            .unwrap_or_default()
            .iter()
            .map(|d| (d.start, d.end))
            .collect();
        let marks = marks.remove(&name).unwrap_or_default();
        sheets.push(Sheet {
            cells: grid(&range, value),
            name,
            hidden,
            formulas,
            merged,
            percent: marks.percent,
            dated: marks.dated,
            uncached: marks.uncached,
        });
    }
    Ok(Book { sheets, csv: false })
}

/// How a number format shows a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    Percent,
    Date,
    Plain,
}

/// A built-in number format (those a workbook uses without writing their code): 9 and 10 are
/// `0%` and `0.00%`; 14–22 and 45–47 dates and times everywhere, 27–36 and 50–58 in the East
/// Asian versions of Excel (Japanese: `yyyy"年"m"月"` and the 和暦 ones).
fn built_in(id: u32) -> Shown {
    match id {
        9 | 10 => Shown::Percent,
        14..=22 | 27..=36 | 45..=47 | 50..=58 => Shown::Date,
        _ => Shown::Plain,
    }
}

/// How a format code shows a positive number: its first section, outside quoted text, escaped
/// characters and brackets (`[Red]`, `[$-411]`), has a `%` (percent) or a date or time part.
fn shown(code: &str) -> Shown {
    let (mut quoted, mut skip, mut brackets) = (false, false, 0_u32);
    let mut date = false;
    for c in code.chars() {
        match c {
            _ if skip => skip = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            // `\x` is x as it is; `_x` a space as wide as x; `*x` x repeated to fill the cell.
            '\\' | '_' | '*' => skip = true,
            '[' => brackets += 1,
            ']' => brackets = brackets.saturating_sub(1),
            _ if brackets > 0 => {}
            ';' => break,
            '%' => return Shown::Percent,
            'y' | 'm' | 'd' | 'h' | 's' | 'Y' | 'M' | 'D' | 'H' | 'S' => date = true,
            _ => {}
        }
    }
    if date { Shown::Date } else { Shown::Plain }
}

/// What [`Sheet`] keeps besides the reader's values.
#[derive(Debug, Default)]
struct Marks {
    percent: BTreeSet<(u32, u32)>,
    dated: BTreeSet<(u32, u32)>,
    uncached: BTreeSet<(u32, u32)>,
}

/// A part of the zip as an XML reader set as the spreadsheet reader sets its own; its name
/// matched regardless of case, as that reader does.
fn xml_part<'z, R: std::io::Read + std::io::Seek>(
    zip: &'z mut zip::ZipArchive<R>,
    name: &str,
) -> Option<quick_xml::Reader<std::io::BufReader<zip::read::ZipFile<'z, R>>>> {
    let found = zip
        .file_names()
        .find(|n| n.eq_ignore_ascii_case(name))?
        .to_owned();
    let entry = zip.by_name(&found).ok()?;
    Some(like_the_reader(std::io::BufReader::new(entry)))
}

/// A text node, to [`each_element`]'s callback: DOM's name for it, which no element can have.
const TEXT: &[u8] = b"#text";

/// Each element of a part with its attributes (local names, values unescaped), each end of an
/// element, and each text that is not empty (as [`TEXT`], without attributes), in order; stops at
/// the part's end or at XML it cannot read, as the reader would.
fn each_element(
    mut reader: quick_xml::Reader<impl std::io::BufRead>,
    mut f: impl FnMut(&[u8], Option<&[(Vec<u8>, String)]>),
) {
    use quick_xml::events::Event;
    let decoder = reader.decoder();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let attributes: Vec<(Vec<u8>, String)> = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let value = a
                            .decode_and_unescape_value(decoder)
                            .map_or_else(|_| String::new(), std::borrow::Cow::into_owned);
                        (a.key.local_name().as_ref().to_vec(), value)
                    })
                    .collect();
                f(e.local_name().as_ref(), Some(&attributes));
            }
            Ok(Event::End(e)) => f(e.local_name().as_ref(), None),
            Ok(Event::Text(t)) if !t.is_empty() => f(TEXT, None),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

fn attribute<'a>(attributes: &'a [(Vec<u8>, String)], key: &[u8]) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// By sheet name, the cells the reader gives without their format or their formula's state:
/// read from the workbook's own parts (its styles, its sheets found through its relationships as
/// the reader finds them), since the reader keeps only whether a format is a date.
fn marks(bytes: &[u8]) -> BTreeMap<String, Marks> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return out;
    };
    // The styles: each cell style (`s`, an index into cellXfs) and how its number format shows.
    let mut codes: BTreeMap<u32, Shown> = BTreeMap::new();
    let mut styles: Vec<Shown> = Vec::new();
    if let Some(xml) = xml_part(&mut zip, "xl/styles.xml") {
        let mut in_cell_xfs = false;
        each_element(xml, |name, attributes| match (name, attributes) {
            (b"numFmt", Some(a)) => {
                if let (Some(id), Some(code)) = (
                    attribute(a, b"numFmtId").and_then(|v| v.trim().parse().ok()),
                    attribute(a, b"formatCode"),
                ) {
                    codes.insert(id, shown(code));
                }
            }
            (b"cellXfs", a) => in_cell_xfs = a.is_some(),
            (b"xf", Some(a)) if in_cell_xfs => {
                let id = attribute(a, b"numFmtId").and_then(|v| v.trim().parse().ok());
                styles.push(id.map_or(Shown::Plain, |id| {
                    codes.get(&id).copied().unwrap_or_else(|| built_in(id))
                }));
            }
            _ => {}
        });
    }
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    if let Some(xml) = xml_part(&mut zip, "xl/_rels/workbook.xml.rels") {
        each_element(xml, |name, attributes| {
            if let (b"Relationship", Some(a)) = (name, attributes)
                && let (Some(id), Some(target)) = (attribute(a, b"Id"), attribute(a, b"Target"))
            {
                targets.insert(id.to_owned(), target.to_owned());
            }
        });
    }
    let mut sheets: Vec<(String, String)> = Vec::new();
    if let Some(xml) = xml_part(&mut zip, "xl/workbook.xml") {
        each_element(xml, |name, attributes| {
            if let (b"sheet", Some(a)) = (name, attributes)
                && let (Some(sheet), Some(target)) = (
                    attribute(a, b"name"),
                    attribute(a, b"id").and_then(|id| targets.get(id)),
                )
            {
                // Where the reader looks: a target is relative to xl/ unless it says xl/.
                let path = match target.strip_prefix('/') {
                    Some(rest) if rest.starts_with("xl/") => rest.to_owned(),
                    _ if target.starts_with("xl/") => target.clone(),
                    _ => format!("xl/{target}"),
                };
                sheets.push((sheet.to_owned(), path));
            }
        });
    }
    for (name, path) in sheets {
        let Some(xml) = xml_part(&mut zip, &path) else {
            continue;
        };
        let mut marks = Marks::default();
        // The reader's counting (0-based): a cell is at its `r`, or next in its row.
        let (mut row, mut column) = (0_u32, 0_u32);
        // The cell being read: its place, its style, whether it has a formula and a value. A
        // value is a `<v>` with text, or an empty one of a string result (`t="str"`): tools that
        // do not calculate save a formula with an empty `<v/>`, which the reader takes for "".
        let mut cell: Option<((u32, u32), Shown, bool, bool)> = None;
        let (mut in_value, mut string) = (false, false);
        each_element(xml, |element, attributes| match (element, attributes) {
            (b"row", Some(a)) => {
                if let Some(r) = attribute(a, b"r").and_then(|r| r.trim().parse::<u32>().ok()) {
                    row = r.saturating_sub(1);
                }
            }
            (b"row", None) => (row, column) = (row.saturating_add(1), 0),
            (b"c", Some(a)) => {
                let at = attribute(a, b"r")
                    .and_then(|r| a1(r.as_bytes()))
                    .and_then(|(c, r)| Some((u32::try_from(r).ok()?, u32::try_from(c).ok()?)))
                    .filter(|(r, c)| *r > 0 && *c > 0)
                    .map_or((row, column), |(r, c)| (r - 1, c - 1));
                column = at.1;
                let style = attribute(a, b"s")
                    .and_then(|s| s.trim().parse::<usize>().ok())
                    .and_then(|s| styles.get(s).copied())
                    .unwrap_or(Shown::Plain);
                string = attribute(a, b"t") == Some("str");
                cell = Some((at, style, false, false));
            }
            (b"f", Some(_)) => {
                if let Some(c) = cell.as_mut() {
                    c.2 = true;
                }
            }
            (b"v", Some(_)) => {
                in_value = true;
                if let Some(c) = cell.as_mut() {
                    c.3 |= string;
                }
            }
            (b"v", None) => in_value = false,
            (TEXT, None) if in_value => {
                if let Some(c) = cell.as_mut() {
                    c.3 = true;
                }
            }
            (b"is", Some(_)) => {
                if let Some(c) = cell.as_mut() {
                    c.3 = true;
                }
            }
            (b"c", None) => {
                if let Some((at, style, formula, value)) = cell.take() {
                    match style {
                        Shown::Percent if value => marks.percent.insert(at),
                        Shown::Date if value => marks.dated.insert(at),
                        _ => false,
                    };
                    if formula && !value {
                        marks.uncached.insert(at);
                    }
                }
                column = column.saturating_add(1);
            }
            _ => {}
        });
        out.insert(name, marks);
    }
    out
}

/// A CSV field as Excel would show it: `="1-1-1"` (how CSV keeps Excel from making a date of
/// it) is `1-1-1`, and the apostrophe that defuses a formula goes.
fn csv_field(s: &str) -> Cell {
    let s = s
        .strip_prefix("=\"")
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\''))
        .unwrap_or(s);
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn csv(bytes: &[u8], path: &str) -> Result<Book, Msg> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(body).map_err(|_| Msg::CsvNotUtf8 {
        path: path.to_owned(),
        encoding: crate::source::guess_encoding(body).name().to_owned(),
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Msg::NotAWorkbook {
            path: path.to_owned(),
            cause: e.to_string(),
        })?;
        cells.push(record.iter().map(csv_field).collect());
    }
    let name = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Book {
        sheets: vec![Sheet {
            name,
            cells,
            ..Sheet::default()
        }],
        csv: true,
    })
}

/// Reads a workbook (`.xlsx`) or, by its name, a CSV file.
pub fn read(bytes: &[u8], path: &str) -> Result<Book, Msg> {
    if path.to_ascii_lowercase().ends_with(".csv") {
        csv(bytes, path)
    } else {
        workbook(bytes, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_as_excel_names_them() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(11, 6), "G12");
        assert_eq!(cell_ref(0, 25), "Z1");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(2, 701), "ZZ3");
        assert_eq!(cell_ref(2, 702), "AAA3");
    }

    #[test]
    fn references_past_a_sheet_are_past_it_whatever_follows() {
        assert_eq!(a1(b"B7"), Some((2, 7)));
        assert_eq!(a1(b"$XFD$1048576"), Some((16_384, 1_048_576)));
        assert_eq!(a1(b"J"), Some((10, 0)));
        assert_eq!(a1(b"7"), Some((0, 7)));
        assert_eq!(a1(b"=x"), None);
        // The reader overflowed on these: letters or digits past any sheet, then anything.
        assert_eq!(a1(b"ntToPage="), Some((u64::MAX, 0)));
        assert_eq!(a1(b"A12345678901"), Some((1, u64::MAX)));
    }

    #[test]
    fn a_format_shows_a_percent_or_a_date_by_its_first_section() {
        assert_eq!(shown("0.0%"), Shown::Percent);
        assert_eq!(shown("#,##0.00%;[Red]-0%"), Shown::Percent);
        assert_eq!(shown("0.0\"%\""), Shown::Plain, "a quoted % is text");
        assert_eq!(shown("0\\%"), Shown::Plain, "an escaped % is text");
        assert_eq!(shown("0;0%"), Shown::Plain, "only the first section");
        assert_eq!(shown("yyyy\"年\"m\"月\""), Shown::Date);
        assert_eq!(shown("[$-411]ggge\"年\"m\"月\""), Shown::Date);
        assert_eq!(shown("General"), Shown::Plain);
        assert_eq!(shown("[Red]#,##0\"人\""), Shown::Plain);
        assert_eq!(built_in(10), Shown::Percent);
        assert_eq!(built_in(57), Shown::Date);
        assert_eq!(built_in(14), Shown::Date);
        assert_eq!(built_in(49), Shown::Plain, "@, text");
    }

    #[test]
    fn csv_guards_come_off() {
        assert_eq!(csv_field("=\"1-1-1\""), Cell::Text("1-1-1".into()));
        assert_eq!(csv_field("'=SUM(A1)"), Cell::Text("=SUM(A1)".into()));
        assert_eq!(csv_field("  "), Cell::Empty);
    }
}
