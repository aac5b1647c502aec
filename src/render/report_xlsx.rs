//! The report as an Excel workbook: 「工程表」 (the roadmap table in the source's layout, merged
//! cells for milestones that span FYs, status colours, a frozen header, A3 landscape), 「進捗」
//! (items and their computed states) and 「指標」 (indicators by FY).
//!
//! Every string is written as a string cell (never a formula), and text from the data that starts
//! like a formula also gets a leading apostrophe, as in the CSV.

use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};

use super::escape::spreadsheet_cell;
use super::labels::{Lang, item_mark, milestone_mark};
use super::report_labels::{self as rl, words};
use crate::report::{Column, Report};
use crate::status::{ItemState, MilestoneState};
use crate::text;

/// The sheet names (the office's own words, whatever the label language).
pub const SHEET_TABLE: &str = "工程表";
pub const SHEET_PROGRESS: &str = "進捗";
pub const SHEET_INDICATORS: &str = "指標";

/// A Japanese font Excel has on Windows and macOS.
const FONT: &str = "游ゴシック";
/// Excel's paper size code for A3.
const PAPER_A3: u8 = 8;

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(128)
        .set_font_size(10)
        .set_align(FormatAlign::Top)
        .set_text_wrap()
}

fn cell() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0x80_80_80))
}

fn header() -> Format {
    cell()
        .set_bold()
        .set_background_color(Color::RGB(0x1F_4E_79))
        .set_font_color(Color::White)
        .set_align(FormatAlign::Center)
}

/// Fill colours by state, shared with the HTML.
pub fn milestone_rgb(s: MilestoneState) -> u32 {
    match s {
        MilestoneState::Done => 0xC6_EF_CE,
        MilestoneState::Active => 0xDD_EB_F7,
        MilestoneState::Due => 0xFF_EB_9C,
        MilestoneState::Overdue => 0xFF_C7_CE,
        MilestoneState::Upcoming => 0xF2_F2_F2,
        MilestoneState::Dropped => 0xD9_D9_D9,
    }
}

pub fn item_rgb(s: ItemState) -> u32 {
    match s {
        ItemState::Done => 0xC6_EF_CE,
        ItemState::OnTrack => 0xDD_EB_F7,
        ItemState::DueThisFy => 0xFF_EB_9C,
        ItemState::Overdue => 0xFF_C7_CE,
        ItemState::NotStarted => 0xF2_F2_F2,
        ItemState::Dropped | ItemState::NoSchedule => 0xD9_D9_D9,
    }
}

fn safe(s: &str) -> String {
    spreadsheet_cell(s).into_owned()
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

/// Writes a string over `first..=last` columns of one or more rows, merging when it is more than
/// one cell.
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

/// Renders the workbook.
pub fn render(r: &Report, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    table_sheet(wb.add_worksheet(), r, lang)?;
    progress_sheet(wb.add_worksheet(), r, lang)?;
    indicator_sheet(wb.add_worksheet(), r, lang)?;
    wb.save_to_buffer()
}

fn column_label(c: Column, lang: Lang) -> String {
    match c {
        Column::Fy(fy) => lang.fy_short(fy),
        Column::After => lang.t().after.to_owned(),
    }
}

fn print_setup(ws: &mut Worksheet, header_row: usize) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A3)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_footer("&P / &N");
    ws.set_repeat_rows(row(header_row), row(header_row))?;
    Ok(())
}

fn table_sheet(ws: &mut Worksheet, r: &Report, lang: Lang) -> Result<(), XlsxError> {
    let t = lang.t();
    let w = words(lang);
    ws.set_name(SHEET_TABLE)?;
    // Columns: ID, item, state, one per FY column, indicators.
    let first_fy_col = 3;
    let ind_col = first_fy_col + r.columns.len();
    let ncols = ind_col + 1;
    let mut widths = Widths::new(ncols);
    widths.0[0] = 8.0;

    let title = base().set_bold().set_font_size(14);
    ws.write_string_with_format(0, 0, safe(&format!("{} — {}", r.title, w.report)), &title)?;
    let info = format!(
        "{}: {} ({})   {}: {} – {}",
        t.as_of,
        rl::date(r.as_of),
        lang.fy(r.fiscal_year),
        t.plan_period,
        lang.fy(r.first_fy),
        lang.fy(r.last_fy)
    );
    ws.write_string_with_format(1, 0, &info, &base())?;
    let hdr_row = 3;
    let h = header();
    let mut headers = vec![t.id.to_owned(), t.item.to_owned(), t.state.to_owned()];
    headers.extend(r.columns.iter().map(|c| column_label(*c, lang)));
    headers.push(t.indicators.to_owned());
    for (c, s) in headers.iter().enumerate() {
        ws.write_string_with_format(row(hdr_row), col(c), s, &h)?;
        widths.fit(c, 1, s, 60.0);
    }
    // First pass: widths from the content.
    for item in &r.items {
        widths.fit(1, 1, &item.title, 36.0);
        widths.fit(2, 1, "▲ 今年度期限", 16.0);
        for m in &item.milestones {
            let span = m.last_col - m.first_col + 1;
            widths.fit(first_fy_col + m.first_col, span, &m.text, 30.0);
        }
        for i in &item.indicators {
            widths.fit(ind_col, 1, &i.name, 40.0);
        }
    }
    widths.apply(ws)?;

    let cat_fmt = cell()
        .set_bold()
        .set_background_color(Color::RGB(0xBD_D7_EE));
    let sub_fmt = cell()
        .set_bold()
        .set_background_color(Color::RGB(0xDE_EB_F7));
    let plain = cell();
    let mut at = hdr_row + 1;
    let mut last_category = None;
    for g in &r.groups {
        if last_category != Some(g.category) {
            let s = safe(&format!("{} {}", g.category, g.category_title));
            put(ws, (at, 0), (at, ncols - 1), &s, &cat_fmt)?;
            at += 1;
            last_category = Some(g.category);
        }
        let s = safe(&format!(
            "{}-{} {}",
            g.category, g.subcategory, g.subcategory_title
        ));
        put(ws, (at, 0), (at, ncols - 1), &s, &sub_fmt)?;
        at += 1;
        for &n in &g.items {
            let item = &r.items[n];
            let lines = item.rows.len().max(1);
            let last = at + lines - 1;
            let themes: String = item.themes.iter().map(|t| format!(" ※{t}")).collect();
            put(ws, (at, 0), (last, 0), &item.id.to_string(), &plain)?;
            put(
                ws,
                (at, 1),
                (last, 1),
                &safe(&format!("{}{themes}", item.title)),
                &plain,
            )?;
            let state_fmt = cell().set_background_color(Color::RGB(item_rgb(item.state)));
            put(
                ws,
                (at, 2),
                (last, 2),
                &format!(
                    "{} {}",
                    item_mark(item.state, false),
                    lang.item_state(item.state)
                ),
                &state_fmt,
            )?;
            let indicators: Vec<_> = item.indicators.iter().map(|i| i.name.as_str()).collect();
            put(
                ws,
                (at, ind_col),
                (last, ind_col),
                &safe(&indicators.join("\n")),
                &plain,
            )?;
            let mut heights = vec![1usize; lines];
            if item.rows.is_empty() {
                let s = if item.schedule_published {
                    t.none
                } else {
                    t.schedule_not_published
                };
                put(
                    ws,
                    (at, first_fy_col),
                    (at, ind_col - 1),
                    s,
                    &plain.clone().set_italic(),
                )?;
            }
            for (k, line) in item.rows.iter().enumerate() {
                let rr = at + k;
                for c in &line.cells {
                    let c0 = first_fy_col + c.start;
                    let c1 = c0 + c.span - 1;
                    match c.milestone.and_then(|m| item.milestones.get(m)) {
                        Some(m) => {
                            let mut s = format!("{} {}", milestone_mark(m.state, false), m.text);
                            if m.every_year {
                                s.push_str(&format!(" ({})", t.every_year));
                            }
                            if let Some(d) = m.done_on {
                                s.push_str(&format!("\n{} {}", t.done_on, rl::date(d)));
                            }
                            let f = cell().set_background_color(Color::RGB(milestone_rgb(m.state)));
                            let f = if m.state == MilestoneState::Dropped {
                                f.set_font_strikethrough()
                            } else {
                                f
                            };
                            // The mark goes first, so the cell cannot start a formula; the data
                            // is still neutralised for the same rule everywhere.
                            put(ws, (rr, c0), (rr, c1), &safe(&s), &f)?;
                            heights[k] = heights[k].max(widths.lines(c0, c.span, &s));
                        }
                        None => {
                            put(ws, (rr, c0), (rr, c1), "", &plain)?;
                        }
                    }
                }
            }
            // Let the merged item cells show their text: spread what they need over the lines.
            let need = widths.lines(1, 1, &item.title).max(widths.lines(
                ind_col,
                1,
                &indicators.join("\n"),
            ));
            let have: usize = heights.iter().sum();
            if need > have {
                if let Some(h) = heights.last_mut() {
                    *h += need - have;
                }
            }
            for (k, h) in heights.iter().enumerate() {
                ws.set_row_height(row(at + k), 14.0 * (*h as f64) + 3.0)?;
            }
            at = last + 1;
        }
    }
    ws.set_freeze_panes(row(hdr_row + 1), 3)?;
    print_setup(ws, hdr_row)?;
    Ok(())
}

/// A line of a list: item id, item title, what.
type ListEntry = (String, String, String);

fn progress_sheet(ws: &mut Worksheet, r: &Report, lang: Lang) -> Result<(), XlsxError> {
    let t = lang.t();
    let w = words(lang);
    ws.set_name(SHEET_PROGRESS)?;
    let headers = [
        t.id,
        w.category,
        w.subcategory,
        t.item,
        t.theme_col,
        t.state,
        t.milestones_done,
        w.milestones,
        w.percent_done,
        t.next_due,
        w.owners,
        t.notes,
    ];
    let h = header();
    let mut widths = Widths::new(headers.len());
    for (c, s) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *s, &h)?;
        widths.fit(c, 1, s, 40.0);
    }
    let plain = cell();
    let pct_fmt = cell().set_num_format("0.0");
    for (n, item) in r.items.iter().enumerate() {
        let rr = row(n + 1);
        let cat = r.categories.iter().find(|c| c.number == item.id.category);
        let sub = cat.and_then(|c| {
            c.subcategories
                .iter()
                .find(|s| s.number == item.id.subcategory)
        });
        let texts = [
            item.id.to_string(),
            safe(&format!(
                "{} {}",
                item.id.category,
                cat.map(|c| c.title.as_str()).unwrap_or_default()
            )),
            safe(&format!(
                "{}-{} {}",
                item.id.category,
                item.id.subcategory,
                sub.map(|s| s.title.as_str()).unwrap_or_default()
            )),
            safe(&item.title),
            item.themes
                .iter()
                .map(|t| format!("※{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        ];
        for (c, s) in texts.iter().enumerate() {
            ws.write_string_with_format(rr, col(c), s, &plain)?;
            widths.fit(c, 1, s, 50.0);
        }
        let state_fmt = cell().set_background_color(Color::RGB(item_rgb(item.state)));
        ws.write_string_with_format(
            rr,
            5,
            format!(
                "{} {}",
                item_mark(item.state, false),
                lang.item_state(item.state)
            ),
            &state_fmt,
        )?;
        widths.fit(5, 1, "◐ 今年度期限", 20.0);
        ws.write_number_with_format(rr, 6, item.milestones_done as f64, &plain)?;
        ws.write_number_with_format(rr, 7, item.milestones_total as f64, &plain)?;
        if let Some(p) = item.percent_done {
            ws.write_number_with_format(rr, 8, p, &pct_fmt)?;
        } else {
            ws.write_blank(rr, 8, &plain)?;
        }
        let next = item.next.as_ref().map(|m| {
            format!(
                "{} {}",
                m.due.map_or_else(|| lang.fy_short(m.to), rl::date),
                m.text
            )
        });
        let rest = [
            safe(next.as_deref().unwrap_or_default()),
            safe(&item.owners.join("\n")),
            safe(&item.notes.join("\n")),
        ];
        for (k, s) in rest.iter().enumerate() {
            ws.write_string_with_format(rr, col(9 + k), s, &plain)?;
            widths.fit(9 + k, 1, s, 50.0);
        }
    }
    widths.apply(ws)?;
    let bold = base().set_bold();
    // Below the items: the overview (roll-ups) and the lists.
    let mut at = r.items.len() + 2;
    ws.write_string_with_format(row(at), 0, t.overview, &bold.clone().set_font_size(12))?;
    at += 1;
    let mut heads = vec![t.group.to_owned(), t.items.to_owned()];
    heads.extend(
        ItemState::ALL
            .iter()
            .map(|s| format!("{} {}", item_mark(*s, false), lang.item_state(*s))),
    );
    heads.push(t.milestones_done.to_owned());
    heads.push(w.percent_done.to_owned());
    put(ws, (at, 0), (at, 3), &heads[0], &h)?;
    for (k, s) in heads.iter().enumerate().skip(1) {
        ws.write_string_with_format(row(at), col(3 + k), s, &h)?;
    }
    at += 1;
    let mut rollups = vec![(w.total.to_owned(), &r.totals, true)];
    for c in &r.categories {
        rollups.push((format!("{} {}", c.number, c.title), &c.rollup, true));
        for s in &c.subcategories {
            rollups.push((
                format!("  {}-{} {}", c.number, s.number, s.title),
                &s.rollup,
                false,
            ));
        }
    }
    for th in &r.themes {
        rollups.push((format!("※{} {}", th.id, th.title), &th.rollup, false));
    }
    for (label, ru, strong) in rollups {
        let f = if strong { cell().set_bold() } else { cell() };
        put(ws, (at, 0), (at, 3), &safe(&label), &f)?;
        ws.write_number_with_format(row(at), 4, ru.items as f64, &f)?;
        for (k, s) in ItemState::ALL.iter().enumerate() {
            ws.write_number_with_format(row(at), col(5 + k), ru.count(*s) as f64, &f)?;
        }
        let c = 5 + ItemState::ALL.len();
        ws.write_string_with_format(
            row(at),
            col(c),
            format!("{}/{}", ru.milestones_done, ru.milestones_total),
            &f,
        )?;
        match ru.percent_done {
            Some(p) => ws.write_number_with_format(
                row(at),
                col(c + 1),
                p,
                &f.clone().set_num_format("0.0"),
            )?,
            None => ws.write_blank(row(at), col(c + 1), &f)?,
        };
        at += 1;
    }
    let lists: [(&str, Vec<ListEntry>); 3] = [
        (
            w.overdue_list,
            r.overdue
                .iter()
                .map(|o| {
                    (
                        o.item.to_string(),
                        o.item_title.clone(),
                        format!("{} ({})", o.text, rl::span(lang, o.from, o.to)),
                    )
                })
                .collect(),
        ),
        (
            w.no_schedule_list,
            r.no_schedule
                .iter()
                .map(|i| (i.id.to_string(), i.title.clone(), String::new()))
                .collect(),
        ),
        (
            w.missing_list,
            r.missing_data
                .iter()
                .map(|m| {
                    let fys: Vec<_> = m.fys.iter().map(|fy| lang.fy_short(*fy)).collect();
                    (
                        m.item.to_string(),
                        m.item_title.clone(),
                        format!("{} ({})", m.name, fys.join(", ")),
                    )
                })
                .collect(),
        ),
    ];
    for (title, entries) in lists {
        at += 1;
        ws.write_string_with_format(
            row(at),
            0,
            format!("{title} ({})", entries.len()),
            &bold.clone().set_font_size(12),
        )?;
        at += 1;
        if entries.is_empty() {
            ws.write_string_with_format(row(at), 0, w.nothing, &base())?;
            at += 1;
        }
        for (id, item, what) in entries {
            ws.write_string_with_format(row(at), 0, &id, &plain)?;
            put(ws, (at, 1), (at, 3), &safe(&item), &plain)?;
            put(ws, (at, 4), (at, 11), &safe(&what), &plain)?;
            at += 1;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, row(r.items.len()), col(headers.len() - 1))?;
    print_setup(ws, 0)?;
    Ok(())
}

fn indicator_sheet(ws: &mut Worksheet, r: &Report, lang: Lang) -> Result<(), XlsxError> {
    let t = lang.t();
    ws.set_name(SHEET_INDICATORS)?;
    let mut fys: Vec<i32> = r
        .items
        .iter()
        .flat_map(|i| &i.indicators)
        .flat_map(|i| i.values.iter().map(|v| v.fy))
        .chain(r.first_fy..=r.last_fy)
        .collect();
    fys.sort_unstable();
    fys.dedup();
    let h = header();
    let mut headers = vec![
        t.id.to_owned(),
        t.item.to_owned(),
        t.indicators.to_owned(),
        t.unit.to_owned(),
    ];
    for fy in &fys {
        headers.push(format!("{} {}", lang.fy_short(*fy), t.target));
        headers.push(format!("{} {}", lang.fy_short(*fy), t.actual));
    }
    headers.push(t.notes.to_owned());
    let mut widths = Widths::new(headers.len());
    for (c, s) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), s, &h)?;
        widths.fit(c, 1, s, 40.0);
    }
    let plain = cell();
    let num = cell().set_num_format("#,##0.##");
    let mut rr = 1usize;
    for item in &r.items {
        for i in &item.indicators {
            let texts = [
                item.id.to_string(),
                safe(&item.title),
                safe(&i.name),
                safe(i.unit.as_deref().unwrap_or_default()),
            ];
            for (c, s) in texts.iter().enumerate() {
                ws.write_string_with_format(row(rr), col(c), s, &plain)?;
                widths.fit(c, 1, s, 40.0);
            }
            for (k, fy) in fys.iter().enumerate() {
                let v = i.values.iter().find(|v| v.fy == *fy);
                for (j, x) in [v.and_then(|v| v.target), v.and_then(|v| v.actual)]
                    .into_iter()
                    .enumerate()
                {
                    let c = col(4 + 2 * k + j);
                    match x {
                        Some(x) => ws.write_number_with_format(row(rr), c, x, &num)?,
                        None => ws.write_blank(row(rr), c, &plain)?,
                    };
                }
            }
            let notes_col = 4 + 2 * fys.len();
            let s = safe(i.notes.as_deref().unwrap_or_default());
            ws.write_string_with_format(row(rr), col(notes_col), &s, &plain)?;
            widths.fit(notes_col, 1, &s, 40.0);
            rr += 1;
        }
    }
    widths.apply(ws)?;
    ws.set_freeze_panes(1, 3)?;
    print_setup(ws, 0)?;
    Ok(())
}
