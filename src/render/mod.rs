//! Output: every byte the tool prints is shaped here, from the core's data. Subcommands pick a
//! renderer; renderers never compute roadmap state themselves, and take their words from
//! [`crate::i18n`] and their marks and colours from [`theme`].
//!
//! [`theme`]: crate::render::theme

pub mod dates;
pub mod diagnostics;
pub mod diff;
pub mod escape;
pub mod form;
pub mod item;
pub mod log;
pub mod report;
pub mod status;
pub mod table;
pub mod theme;
pub mod timeline;

use anstyle::{AnsiColor, Style};
use rust_xlsxwriter::XlsxError;

/// The headers of a plan's group and item columns: its level names when it names them (groups:
/// every level but the last, 「分野／政策／施策」; items: the last, 「事項」), else 区分 and 小項目.
pub fn level_headers(plan: &crate::model::Plan, lang: crate::i18n::Lang) -> (String, String) {
    let w = lang.t();
    match plan.levels.split_last() {
        Some((items, groups)) if !groups.is_empty() => {
            let groups: Vec<&str> = groups.iter().map(|l| l.value.as_str()).collect();
            (groups.join("／"), items.value.clone())
        }
        _ => (w.group.to_owned(), w.item.to_owned()),
    }
}

/// A workbook dated `day` in its document properties. Left alone, the XLSX writer stamps the
/// machine's clock there, so the same data written a second later gave other bytes (and read the
/// clock that `cli` alone reads). An error when the temporary directory cannot take a file.
pub fn dated_workbook(day: chrono::NaiveDate) -> Result<rust_xlsxwriter::Workbook, XlsxError> {
    use chrono::Datelike;
    let mut book = rust_xlsxwriter::Workbook::new();
    // Excel's own level: at the library's default (6) the deflate was a sixth of a large
    // workbook's time; level 3 made it 0.87× the time for a file 15% larger (5.40 MB against
    // 4.67 at 10,000 items).
    book.set_zip_compression_level(3);
    // The library writes sheets through unnamed files in the system's temporary directory (a
    // report's large sheets row by row, to stay in bounded memory). Checked here, before any
    // work: an unusable directory is refused at once, naming the directory and TMPDIR.
    let scratch = std::env::temp_dir();
    book.set_tempdir(&scratch)
        .map_err(|e| XlsxError::ParameterError(format!("{} (TMPDIR): {e}", scratch.display())))?;
    let date = u16::try_from(day.year()).ok().and_then(|y| {
        rust_xlsxwriter::ExcelDateTime::from_ymd(y, day.month() as u8, day.day() as u8).ok()
    });
    if let Some(date) = date {
        book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date));
    }
    Ok(book)
}

/// Styles shared by the renderers; anstream strips them when colour is off.
pub mod style {
    use super::*;

    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
    pub const NOTE: Style = AnsiColor::Cyan.on_default().bold();
    pub const GUTTER: Style = AnsiColor::Blue.on_default().bold();
    pub const BOLD: Style = Style::new().bold();
    pub const DIM: Style = Style::new().dimmed();
    pub const GOOD: Style = AnsiColor::Green.on_default();
    pub const ADDED: Style = AnsiColor::Green.on_default();
    pub const REMOVED: Style = AnsiColor::Red.on_default();
}
