//! Real forms, filled in by the fuzzer: the form `roadmap form` makes of the shipped roadmap or
//! of the form fixture (in Japanese or English, as a workbook or CSV) with cells changed as people
//! change them, then imported as `roadmap import` does. Mutating cells of a real form reaches the
//! answer checks that random bytes rarely get past the workbook reader for. Property: no panic,
//! no hang.
//!
//! The input is text. Its first line holds flags: `c` a CSV form (else a workbook), `f` the form
//! fixture's roadmap (else the shipped one), `e` the form in English. Each later line is an edit:
//! - `R C TEXT`: row R, column C of the 進捗入力 sheet (the CSV's only sheet) holds TEXT: a number
//!   if TEXT is `#1.5`, a date if `@2024-05-31`, a formula with its cached result if `=F|RESULT`,
//!   else a string;
//! - `v R C TEXT` and `h R C TEXT`: the same on the 指標入力 sheet and on the hidden `_form` sheet;
//! - `d R`: row R of 進捗入力 deleted; `n NAME`: 進捗入力 renamed; `o`: the sheets in reverse
//!   order; `s`: every sheet shown.
#![no_main]

use std::sync::OnceLock;

use calamine::{Data, Reader};
use libfuzzer_sys::fuzz_target;
use roadmap::form::{Meta, Scope};
use roadmap::i18n::Lang;
use roadmap_fuzz::{Known, as_of, form_fixture, shipped};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// A cell as the edits set it.
#[derive(Clone, Debug)]
enum Put {
    Text(String),
    Number(f64),
    Date(u16, u8, u8),
    Formula(String, String),
}

#[derive(Clone, Debug)]
struct Sheet {
    name: String,
    hidden: bool,
    rows: Vec<Vec<Option<Put>>>,
}

/// A form as sheets of cells.
type Form = Vec<Sheet>;

fn put_of(d: &Data) -> Option<Put> {
    match d {
        Data::String(s) => Some(Put::Text(s.clone())),
        Data::Float(f) => Some(Put::Number(*f)),
        Data::Int(i) => Some(Put::Number(*i as f64)),
        _ => None,
    }
}

/// The form for a roadmap, as a workbook's sheets and as the CSV's one sheet.
fn forms(known: &Known, lang: Lang) -> (Form, Form) {
    let roadmap = &known.analysis.roadmap;
    let scope = Scope::default();
    let day = as_of();
    let fy = roadmap.plan.fiscal_year_start.fy_of(day);
    let meta = Meta {
        id: roadmap::form::form_id(roadmap, &scope, day, fy),
        plan: roadmap.plan.title.value.clone(),
        plan_key: Some(roadmap::form::plan_key(&roadmap.plan)),
        made_on: day,
        as_of: day,
        fy,
        owner: None,
        revision: None,
        lang: lang.code().to_owned(),
    };
    let form = roadmap::form::build(roadmap, &scope, meta);
    let xlsx = roadmap::render::form::xlsx(&form, lang).expect("the form renders");
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).expect("the form reads");
    let names: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let sheets = names
        .into_iter()
        .map(|(name, hidden)| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(put_of).collect())
                .collect();
            Sheet { name, hidden, rows }
        })
        .collect();
    let csv = roadmap::render::form::csv(&form, lang).expect("the CSV form renders");
    let text = String::from_utf8_lossy(&csv);
    let rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(|s| Some(Put::Text(s.to_owned()))).collect())
        .collect();
    let one = Sheet {
        name: String::new(),
        hidden: false,
        rows,
    };
    (sheets, vec![one])
}

/// The eight base forms: (roadmap, language) → (workbook, CSV).
fn base(fixture: bool, english: bool) -> &'static (Form, Form) {
    static FORMS: OnceLock<Vec<(Form, Form)>> = OnceLock::new();
    let all = FORMS.get_or_init(|| {
        let mut v = Vec::new();
        for known in [shipped(), form_fixture()] {
            for lang in [Lang::Ja, Lang::En] {
                v.push(forms(known, lang));
            }
        }
        v
    });
    &all[usize::from(fixture) * 2 + usize::from(english)]
}

fn parse_put(text: &str) -> Put {
    if let Some(n) = text.strip_prefix('#').and_then(|n| n.parse().ok()) {
        return Put::Number(n);
    }
    if let Some(d) = text.strip_prefix('@') {
        let mut parts = d.splitn(3, '-').map(|p| p.parse::<u16>().ok());
        if let (Some(Some(y)), Some(Some(m)), Some(Some(day))) =
            (parts.next(), parts.next(), parts.next())
        {
            return Put::Date(y, m.min(255) as u8, day.min(255) as u8);
        }
    }
    if let Some(f) = text.strip_prefix('=')
        && let Some((f, result)) = f.split_once('|')
    {
        return Put::Formula(format!("={f}"), result.to_owned());
    }
    Put::Text(text.to_owned())
}

/// Sets a cell, growing the sheet as far as it must (within bounds a form keeps).
fn set(sheet: &mut Sheet, row: usize, col: usize, put: Put) {
    if row >= 300 || col >= 40 {
        return;
    }
    if sheet.rows.len() <= row {
        sheet.rows.resize(row + 1, Vec::new());
    }
    let r = &mut sheet.rows[row];
    if r.len() <= col {
        r.resize(col + 1, None);
    }
    r[col] = Some(put);
}

fn edit(form: &mut Form, line: &str) {
    // The CSV form has one sheet: every edit goes to it.
    let progress = usize::from(form.len() > 1);
    let on = |n: usize| if form.len() > 1 { n } else { 0 };
    let (sheet, rest) = match line.split_once(' ') {
        Some(("v", rest)) => (on(2), rest),
        Some(("h", rest)) => (on(3), rest),
        Some(("d", r)) => {
            if let (Some(s), Ok(r)) = (form.get_mut(progress), r.parse::<usize>())
                && r < s.rows.len()
            {
                s.rows.remove(r);
            }
            return;
        }
        Some(("n", name)) => {
            if let Some(s) = form.get_mut(progress) {
                s.name = name.to_owned();
            }
            return;
        }
        _ if line == "o" => return form.reverse(),
        _ if line == "s" => return form.iter_mut().for_each(|s| s.hidden = false),
        _ => (progress, line),
    };
    let mut parts = rest.splitn(3, ' ');
    let (Some(Ok(row)), Some(Ok(col)), Some(text)) = (
        parts.next().map(str::parse::<usize>),
        parts.next().map(str::parse::<usize>),
        parts.next(),
    ) else {
        return;
    };
    if let Some(s) = form.get_mut(sheet) {
        set(s, row, col, parse_put(text));
    }
}

fn xlsx(form: &Form) -> Option<Vec<u8>> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    for sheet in form {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).ok()?;
        ws.set_hidden(sheet.hidden);
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (u32::try_from(r).ok()?, u16::try_from(c).ok()?);
                let done = match cell {
                    None => continue,
                    Some(Put::Text(s)) => ws.write_string(r, c, s).map(|_| ()),
                    Some(Put::Number(n)) => ws.write_number(r, c, *n).map(|_| ()),
                    Some(Put::Date(y, m, d)) => match ExcelDateTime::from_ymd(*y, *m, *d) {
                        Ok(day) => ws.write_datetime_with_format(r, c, day, &date).map(|_| ()),
                        Err(_) => continue,
                    },
                    Some(Put::Formula(f, v)) => ws
                        .write_formula(r, c, Formula::new(f).set_result(v))
                        .map(|_| ()),
                };
                done.ok()?;
            }
        }
    }
    book.save_to_buffer().ok()
}

fn csv(form: &Form) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer("\u{feff}".as_bytes().to_vec());
    for row in form.iter().flat_map(|s| &s.rows) {
        let cells = row.iter().map(|c| match c {
            None => String::new(),
            Some(Put::Text(s)) => s.clone(),
            Some(Put::Number(n)) => n.to_string(),
            Some(Put::Date(y, m, d)) => format!("{y}/{m}/{d}"),
            Some(Put::Formula(f, _)) => f.clone(),
        });
        let _ = out.write_record(cells);
    }
    out.into_inner().unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let flags = lines.next().unwrap_or_default();
    let (as_csv, fixture, english) = (
        flags.contains('c'),
        flags.contains('f'),
        flags.contains('e'),
    );
    let (book, sheet) = base(fixture, english);
    let mut form = if as_csv { sheet.clone() } else { book.clone() };
    for line in lines.take(64) {
        edit(&mut form, line);
    }
    if as_csv {
        roadmap_fuzz::import(&csv(&form), "form.csv");
    } else if let Some(bytes) = xlsx(&form) {
        roadmap_fuzz::import(&bytes, "form.xlsx");
    }
});
