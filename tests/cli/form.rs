//! `roadmap form` and `roadmap import` end to end, on a copy of tests/fixtures/form: a form made,
//! filled in as a 部局 would (the test writes a filled copy with the same layout: calamine reads
//! the form, rust_xlsxwriter writes it back with the answers), imported, and the roadmap checked
//! through `status --format json` and the lines of the TOML that changed; a second import is a
//! no-op. Then one bad answer per test, each refused with its cell named and no file changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

const FIXTURE: &str = "tests/fixtures/form";
const AS_OF: &str = "2024-06-30";

struct Copy {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Copy {
    fn new() -> Self {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let root = tmp.path().join("roadmap");
        crate::support::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE), &root);
        Self { tmp, root }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn run(&self, args: &[&str]) -> (String, String, i32) {
        self.run_at_in(crate::support::NOW, "ja", args)
    }

    /// Runs in a language: the messages are its, whatever the form's.
    fn run_in(&self, lang: &str, args: &[&str]) -> (String, String, i32) {
        self.run_at_in(crate::support::NOW, lang, args)
    }

    /// Runs with the clock at `now` (a form made another day has another id).
    fn run_at(&self, now: &str, args: &[&str]) -> (String, String, i32) {
        self.run_at_in(now, "ja", args)
    }

    fn run_at_in(&self, now: &str, lang: &str, args: &[&str]) -> (String, String, i32) {
        let mut cmd = crate::support::roadmap_command(self.tmp.path());
        cmd.env("ROADMAP_NOW", now)
            .args([
                "--color", "never", "--lang", lang, "--dir", "roadmap", "--as-of", AS_OF,
            ])
            .args(args);
        let (out, err, code) = crate::support::output(&mut cmd);
        let tmp = self.tmp.path().to_string_lossy().into_owned();
        (out.replace(&tmp, "[TMP]"), err.replace(&tmp, "[TMP]"), code)
    }

    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        for rel in [
            "roadmap.toml",
            "items/1-1-1.toml",
            "items/1-1-2.toml",
            "items/1-1-3.toml",
        ] {
            out.insert(
                rel.to_owned(),
                std::fs::read(self.root.join(rel)).expect("read"),
            );
        }
        out
    }

    /// Makes a form; returns its path.
    fn form(&self, name: &str, extra: &[&str]) -> PathBuf {
        let path = self.path(name);
        let p = path.to_str().expect("UTF-8");
        let mut args = vec!["form", "-o", p];
        args.extend(extra);
        let (_, err, code) = self.run(&args);
        assert_eq!(code, 0, "{err}");
        path
    }
}

/// An answer written into the filled copy.
#[derive(Clone, Debug)]
enum Put {
    Text(&'static str),
    Date(u16, u8, u8),
    /// A plain number cell (a date serial typed without a date format).
    Number(f64),
    Formula(&'static str, &'static str),
    /// A number cell with a number format (`0.0%`: a typed `72.5%` is saved as 0.725 so).
    Formatted(f64, &'static str),
    /// A number cell with a built-in number format the file names by its number only (57:
    /// Japanese Excel's `yyyy"年"m"月"`, which a typed `2025年12月` gets).
    BuiltIn(f64, u8),
    /// A formula saved without a result, as by a tool that does not calculate.
    Uncached(&'static str),
    /// A formula saved with an empty result (`<v/>`), as openpyxl saves one.
    EmptyResult(&'static str),
}

/// The result written for an [`Put::Uncached`] formula, then taken out of the saved file.
const NO_RESULT: &str = "-987654.321";
/// The result written for an [`Put::EmptyResult`] formula, then emptied in the saved file.
const EMPTY_RESULT: &str = "-987654.322";

/// An answer: (sheet, a cell text that picks the row, the row's 年度 when it needs one, column
/// header, answer).
type Answer = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    Put,
);

/// How the filled copy differs from the form besides its answers.
#[derive(Clone, Debug, Default)]
struct Filled {
    answers: Vec<Answer>,
    delete_row_of: Option<&'static str>,
    /// The ids of this milestone's row cleared, its answers kept.
    clear_ids_of: Option<&'static str>,
    rename: Option<(&'static str, &'static str)>,
    reverse_sheets: bool,
    /// The answer rows in the opposite order (as a 部局 sorting the sheet would leave them).
    reverse_rows: bool,
    merge: Option<(&'static str, u32, u16, u32, u16)>,
    /// Columns deleted: (sheet, header).
    delete_columns: Vec<(&'static str, &'static str)>,
    /// A header cell renamed (from, to), as a form made by an earlier version names it.
    rename_header: Option<(&'static str, &'static str)>,
}

fn read_sheets(path: &Path) -> Vec<(String, bool, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("the form opens");
    let meta: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    meta.into_iter()
        .map(|(name, hidden)| {
            let range = book.worksheet_range(&name).expect("sheet");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, hidden, rows)
        })
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

/// Writes a filled copy of the form at `to`.
fn fill(form: &Path, to: &Path, filled: &Filled) {
    let mut sheets = read_sheets(form);
    if filled.reverse_sheets {
        sheets.reverse();
    }
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (name, hidden, mut rows) in sheets {
        if let Some(of) = filled.delete_row_of {
            rows.retain(|r| !r.iter().any(|c| text(c) == of) || name.starts_with('_'));
        }
        if filled.reverse_rows && !hidden && rows.len() > 2 {
            rows[1..].reverse();
        }
        for (sheet, column) in &filled.delete_columns {
            let at = rows
                .first()
                .and_then(|h| h.iter().position(|c| text(c) == *column));
            if let Some(at) = at.filter(|_| *sheet == name) {
                for row in &mut rows {
                    row.remove(at);
                }
            }
        }
        if let (Some((from, to)), Some(head)) = (filled.rename_header, rows.first_mut()) {
            for c in head.iter_mut().filter(|c| text(c) == from) {
                *c = Data::String(to.to_owned());
            }
        }
        let header: Vec<String> = rows
            .first()
            .map(|r| r.iter().map(text).collect())
            .unwrap_or_default();
        let ws = book.add_worksheet();
        let shown = match filled.rename {
            Some((from, to)) if from == name => to.to_owned(),
            _ => name.clone(),
        };
        ws.set_name(&shown).expect("name");
        ws.set_hidden(hidden);
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r).expect("row");
            // The row's ids left out (`clear_ids_of`); its answers still find it below.
            let cleared = filled
                .clear_ids_of
                .is_some_and(|of| !hidden && r > 0 && row.iter().any(|c| text(c) == of));
            for (c, cell) in row.iter().enumerate() {
                if cleared
                    && header
                        .get(c)
                        .is_some_and(|h| ["小項目ID", "工程ID"].contains(&h.as_str()))
                {
                    continue;
                }
                let c = u16::try_from(c).expect("col");
                match cell {
                    Data::String(s) => {
                        ws.write_string(r, c, s).expect("write");
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).expect("write");
                    }
                    _ => {}
                }
            }
            for (sheet, id, fy, column, put) in &filled.answers {
                let row_text: Vec<String> = row.iter().map(text).collect();
                let fy_ok = fy.is_none_or(|y| row_text.iter().any(|t| t == y));
                if *sheet != name || !row_text.iter().any(|t| t == id) || !fy_ok {
                    continue;
                }
                let c = u16::try_from(header.iter().position(|h| h == column).expect("column"))
                    .expect("col");
                match put {
                    Put::Text(s) => ws.write_string(r, c, *s).map(|_| ()),
                    Put::Date(y, m, d) => ws
                        .write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(*y, *m, *d).expect("date"),
                            &date,
                        )
                        .map(|_| ()),
                    Put::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                    Put::Formula(f, v) => ws
                        .write_formula(r, c, Formula::new(*f).set_result(*v))
                        .map(|_| ()),
                    Put::Formatted(n, code) => ws
                        .write_number_with_format(r, c, *n, &Format::new().set_num_format(*code))
                        .map(|_| ()),
                    Put::BuiltIn(n, index) => ws
                        .write_number_with_format(
                            r,
                            c,
                            *n,
                            &Format::new().set_num_format_index(*index),
                        )
                        .map(|_| ()),
                    Put::Uncached(f) => ws
                        .write_formula(r, c, Formula::new(*f).set_result(NO_RESULT))
                        .map(|_| ()),
                    Put::EmptyResult(f) => ws
                        .write_formula(r, c, Formula::new(*f).set_result(EMPTY_RESULT))
                        .map(|_| ()),
                }
                .expect("answer");
            }
        }
        if let Some((sheet, r0, c0, r1, c1)) = filled.merge
            && sheet == name
        {
            ws.merge_range(r0, c0, r1, c1, "", &Format::new())
                .expect("merge");
        }
    }
    book.save(to).expect("the filled copy saves");
    if filled
        .answers
        .iter()
        .any(|a| matches!(a.4, Put::Uncached(_) | Put::EmptyResult(_)))
    {
        without_results(to);
    }
}

/// Takes the marked formula results out of a saved workbook's sheets.
fn without_results(book: &Path) {
    let (none, empty) = (
        format!("<v>{NO_RESULT}</v>"),
        format!("<v>{EMPTY_RESULT}</v>"),
    );
    crate::support::rewrite_parts(book, book, |part, xml| {
        let xml = if part.starts_with("xl/worksheets/") {
            xml.replace(&none, "").replace(&empty, "<v/>")
        } else {
            xml.to_owned()
        };
        (part.to_owned(), xml)
    });
}

/// The lines of each file that an import changed.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::new();
    for (rel, old) in before {
        let new = &after[rel];
        if old == new {
            continue;
        }
        out.push_str(&format!("--- {rel}\n"));
        let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
        for c in similar::TextDiff::from_lines(&old, &new).iter_all_changes() {
            let sign = match c.tag() {
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
                similar::ChangeTag::Equal => continue,
            };
            out.push_str(&format!("{sign}{}", c.value().replace('\r', "␍")));
        }
    }
    out
}

fn answers() -> Filled {
    Filled {
        answers: vec![
            ("進捗入力", "mentor", None, "状況", Put::Text("完了")),
            ("進捗入力", "mentor", None, "完了日", Put::Date(2024, 5, 31)),
            (
                "進捗入力",
                "mentor",
                None,
                "進捗状況",
                Put::Text("  ４部局でメンター制度を実施\n"),
            ),
            (
                "進捗入力",
                "mentor",
                None,
                "根拠資料",
                Put::Text("メンター制度実施報告書"),
            ),
            training("2023年度", "状況", Put::Text("完了")),
            training("2023年度", "完了日", Put::Text("令和6年3月15日")),
            training("2024年度", "状況", Put::Text("実施中")),
            ("進捗入力", "model-run", None, "状況", Put::Text("遅延")),
            (
                "進捗入力",
                "model-run",
                None,
                "遅延・中止の理由",
                Put::Text("応募部局の調整が遅れた"),
            ),
            (
                "進捗入力",
                "model-run",
                None,
                "見直し後の終了時期",
                Put::Text("令和６年度"),
            ),
            (
                "指標入力",
                "実施人数",
                Some("2023年度"),
                "実績値",
                Put::Text("１，２００人"),
            ),
        ],
        ..Filled::default()
    }
}

#[test]
fn a_form_round_trips_and_a_second_import_changes_nothing() {
    let copy = Copy::new();
    let (_, err, code) = copy.run(&["form", "--owner", "人事課", "-o", "form.xlsx"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("form_written", err);
    let (_, err, code) = copy.run_in("en", &["form", "--owner", "人事課", "-o", "form-en.xlsx"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("form_written_en", err);
    let form = copy.path("form.xlsx");
    let sheets = read_sheets(&form);
    let names: Vec<&str> = sheets.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["記入方法", "進捗入力", "指標入力", "_form"]);
    assert!(sheets[3].1, "the meta sheet is hidden");
    let grid = |rows: &Vec<Vec<Data>>| {
        rows.iter()
            .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" | "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    insta::assert_snapshot!("form_progress_sheet", grid(&sheets[1].2));
    insta::assert_snapshot!("form_indicator_sheet", grid(&sheets[2].2));
    // The same form in English: its sheets' words are the interface's.
    let english = read_sheets(&copy.path("form-en.xlsx"));
    insta::assert_snapshot!("form_progress_sheet_en", grid(&english[1].2));
    insta::assert_snapshot!("form_indicator_sheet_en", grid(&english[2].2));

    let filled = copy.path("filled.xlsx");
    fill(&form, &filled, &answers());
    let before = copy.files();
    let (out, err, code) = copy.run(&["import", "filled.xlsx", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(copy.files(), before, "--dry-run writes nothing");
    insta::assert_snapshot!("import_dry_run", format!("{err}---\n{out}"));
    let (out, err, code) = copy.run_in("en", &["import", "filled.xlsx", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import_dry_run_en", format!("{err}---\n{out}"));

    let (out, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import_done", format!("{err}---\n{out}"));
    let after = copy.files();
    insta::assert_snapshot!("import_toml_changes", changed(&before, &after));

    let (json, err, code) = copy.run(&["status", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let state = |item: &str, m: &str| {
        v["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["id"] == item))
            .and_then(|i| i["milestones"].as_array())
            .and_then(|ms| ms.iter().find(|x| x["id"] == m))
            .map(|x| x["state"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(state("1-1-1", "model-run"), "delayed");
    assert_eq!(state("1-1-2", "mentor"), "done");
    // The schedule change the form brought names the form in the CSV list of changes.
    let (item, err, code) = copy.run(&["status", "1-1-1", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let item: serde_json::Value = serde_json::from_str(&item).expect("JSON");
    let model_run = item["item"]["milestones"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == "model-run"))
        .expect("model-run");
    let form_id = model_run["changes"][0]["form"]
        .as_str()
        .expect("the change names its form");
    let (csv, err, code) = copy.run(&["report", "--format", "csv", "--table", "changes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        csv.lines()
            .any(|l| l.contains("model-run") && l.ends_with(&format!(",{form_id}"))),
        "{csv}"
    );

    let (out, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(copy.files(), after, "the second import changes nothing");
    insta::assert_snapshot!("import_again", format!("{err}---\n{out}"));
    let (out, err, code) = copy.run_in("en", &["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import_again_en", format!("{err}---\n{out}"));
}

#[test]
fn another_copy_of_a_form_answering_otherwise_is_a_conflict_not_imported_already() {
    // Found by the import race test (tests/cli/hardening.rs): two filled copies of one form (two
    // people filled it in, or a correction was sent as the same form) were told apart by the
    // form's id alone, so the second copy's other answer counted as 取込済み and was never written.
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &["--owner", "人事課"]);
    fill(&form, &copy.path("first.xlsx"), &answers());
    let (_, err, code) = copy.run(&["import", "first.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let mut other = answers();
    other.answers[3].4 = Put::Text("メンター制度実施報告書（改訂版）");
    fill(&form, &copy.path("second.xlsx"), &other);
    let before = copy.files();
    let (out, err, code) = copy.run(&["import", "second.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(copy.files(), before, "nothing written");
    let (out_en, err_en, code) = copy.run_in("en", &["import", "second.xlsx"]);
    assert_eq!(code, 1, "{err_en}");
    insta::assert_snapshot!(
        "import_other_copy",
        format!("{err}---\n{out}---\n{err_en}---\n{out_en}")
    );
    // The same copy again is imported already; the other copy, forced, is written.
    let (_, err, code) = copy.run(&["import", "first.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(copy.files(), before, "the first copy again changes nothing");
    let (_, err, code) = copy.run(&["import", "second.xlsx", "--force"]);
    assert_eq!(code, 0, "{err}");
    let written = copy
        .files()
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains("メンター制度実施報告書（改訂版）"));
    assert!(written, "the forced answer is in the files");
}

#[test]
fn a_form_made_after_another_was_imported_is_another_form() {
    // Its id was the day and the scope alone: a form made the same day after the first one's
    // answers were imported had the first one's id, so its own answers read as a second copy of
    // the first answering otherwise (a conflict only --force passed).
    let copy = Copy::new();
    let first = copy.form("first.xlsx", &["--owner", "人事課"]);
    let again = copy.form("again.xlsx", &["--owner", "人事課"]);
    let id = |form: &Path| -> String {
        let sheets = read_sheets(form);
        let meta = &sheets
            .iter()
            .find(|(n, _, _)| n == "_form")
            .expect("meta")
            .2;
        meta.iter()
            .find(|r| r.first().map(text).as_deref() == Some("id"))
            .and_then(|r| r.get(1))
            .map(text)
            .expect("the form's id")
    };
    assert_eq!(
        id(&first),
        id(&again),
        "the same form made twice is the same"
    );
    fill(&first, &copy.path("first-filled.xlsx"), &answers());
    let (_, err, code) = copy.run(&["import", "first-filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let second = copy.form("second.xlsx", &["--owner", "人事課"]);
    assert_ne!(id(&first), id(&second));
    let mut other = answers();
    other.answers[3].4 = Put::Text("メンター制度実施報告書（改訂版）");
    fill(&second, &copy.path("second-filled.xlsx"), &other);
    let (_, err, code) = copy.run(&["import", "second-filled.xlsx"]);
    assert_eq!(code, 0, "no conflict: {err}");
    let written = copy
        .files()
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains("メンター制度実施報告書（改訂版）"));
    assert!(written, "the second form's answer is in the files");
}

/// A bad filled copy: exit 1 (or 2), the message snapshotted, no file changed.
fn refused(name: &str, filled: &Filled, code_wanted: i32) {
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &["--owner", "人事課"]);
    let bad = copy.path("bad.xlsx");
    fill(&form, &bad, filled);
    let before = copy.files();
    let (out, err, code) = copy.run(&["import", "bad.xlsx"]);
    assert_eq!(code, code_wanted, "{name}: {err}");
    assert!(out.is_empty(), "{name}: {out}");
    assert_eq!(copy.files(), before, "{name}: no file changed");
    insta::assert_snapshot!(format!("import_refused_{name}"), err);
    let (_, err, code) = copy.run_in("en", &["import", "bad.xlsx"]);
    assert_eq!(code, code_wanted, "{name}: {err}");
    assert_eq!(copy.files(), before, "{name}: no file changed");
    insta::assert_snapshot!(format!("import_refused_{name}_en"), err);
}

fn one(sheet: &'static str, id: &'static str, column: &'static str, put: Put) -> Filled {
    Filled {
        answers: vec![(sheet, id, None, column, put)],
        ..Filled::default()
    }
}

/// One answer: the 2023年度 実績値 of a series of 指標入力.
fn actual(series: &'static str, put: Put) -> Filled {
    Filled {
        answers: vec![("指標入力", series, Some("2023年度"), "実績値", put)],
        ..Filled::default()
    }
}

/// `-o -` is standard output, as for `report`: the workbook goes there (stdout is a pipe here), and
/// no file named `-` is made.
#[test]
fn a_form_to_standard_output_is_a_workbook_not_a_file_named_dash() {
    let copy = Copy::new();
    let out = crate::support::roadmap_command(copy.tmp.path())
        .args(["--color", "never", "--lang", "ja", "--dir", "roadmap"])
        .args(["--as-of", AS_OF, "form", "-o", "-"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("を 標準出力 に書きました"), "{err}");
    assert!(!copy.path("-").exists(), "a file named -");
    let book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(out.stdout)).expect("a workbook");
    assert!(book.sheet_names().iter().any(|s| s == "進捗入力"));
}

/// The input sheets are written row by row (a form of every item at 100,000 items held whole took
/// 4.5 GB): each row once and in order, as the library would otherwise write the last row's
/// height a second time, a workbook Excel offers to repair; every row as tall as its text.
#[test]
fn the_input_sheets_hold_each_row_once_in_order_and_default_to_their_usual_height() {
    let copy = Copy::new();
    let book = copy.path("form.xlsx");
    let out = crate::support::roadmap_command(copy.tmp.path())
        .args(["--color", "never", "--lang", "ja", "--dir", "roadmap"])
        .args(["--as-of", AS_OF, "form", "-o", "form.xlsx"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    let mut zip = crate::support::workbook_zip(&book);
    for n in [2, 3] {
        let sheet = crate::support::xml_part(&mut zip, &format!("xl/worksheets/sheet{n}.xml"));
        let rows = crate::support::row_numbers(&sheet);
        assert!(rows.len() > 2, "sheet {n}: {} rows", rows.len());
        assert!(
            rows.windows(2).all(|w| w[0] < w[1]),
            "sheet {n}: rows out of order or repeated: {:?}",
            &rows[rows.len() - 3..]
        );
        assert!(sheet.contains("customHeight=\"1\""), "sheet {n}");
        // The usual height is the sheet's default: the library keeps the options of each row
        // of another height until the workbook is saved (it writes every row's height anyway).
        let attr = |tag: &str, name: &str| -> Option<String> {
            let after = tag.split(&format!(" {name}=\"")).nth(1)?;
            after.split('"').next().map(str::to_owned)
        };
        let default = attr(&sheet, "defaultRowHeight").expect("a default row height");
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for tag in sheet
            .split("<row ")
            .skip(2)
            .filter_map(|r| r.split('>').next())
        {
            *count
                .entry(attr(&format!(" {tag}"), "ht").unwrap_or_default())
                .or_default() += 1;
        }
        let most = count
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(h, _)| h.clone());
        assert_eq!(
            most.as_deref(),
            Some(default.as_str()),
            "sheet {n}: {count:?}"
        );
    }
}

#[test]
fn an_unknown_status_word_is_named_with_its_cell() {
    refused(
        "unknown_status",
        &one("進捗入力", "model-run", "状況", Put::Text("済み")),
        1,
    );
}

#[test]
fn a_date_in_the_future_is_refused() {
    let mut f = one("進捗入力", "model-run", "状況", Put::Text("完了"));
    f.answers.push((
        "進捗入力",
        "model-run",
        None,
        "完了日",
        Put::Text("2030/1/1"),
    ));
    refused("future_date", &f, 1);
}

#[test]
fn text_in_a_value_is_refused() {
    let f = actual("実施人数", Put::Text("たくさん"));
    refused("text_in_value", &f, 1);
}

#[test]
fn a_delay_needs_its_reason_and_every_problem_is_listed() {
    let mut f = one("進捗入力", "mentor", "状況", Put::Text("遅延"));
    f.answers
        .push(("進捗入力", "model-run", None, "状況", Put::Text("おわり")));
    // A reason with no delay, drop or new end to be the reason for: not dropped unseen.
    f.answers.push((
        "進捗入力",
        "model-recruit",
        None,
        "遅延・中止の理由",
        Put::Text("理由だけ"),
    ));
    refused("reason_and_more", &f, 1);
}

#[test]
fn a_renamed_sheet_is_named() {
    let f = Filled {
        rename: Some(("進捗入力", "Sheet1")),
        ..answers()
    };
    refused("renamed_sheet", &f, 1);
}

#[test]
fn merged_input_cells_are_refused() {
    let f = Filled {
        merge: Some(("進捗入力", 1, 11, 2, 11)),
        ..answers()
    };
    refused("merged", &f, 1);
}

#[test]
fn a_file_that_is_not_a_workbook() {
    let copy = Copy::new();
    std::fs::write(copy.path("notes.xlsx"), "これはブックではありません").expect("write");
    let (_, err, code) = copy.run(&["import", "notes.xlsx"]);
    assert_eq!(code, 2, "{err}");
    insta::assert_snapshot!("import_not_a_workbook", err);
    let (_, err, _) = copy.run_in("en", &["import", "notes.xlsx"]);
    insta::assert_snapshot!("import_not_a_workbook_en", err);
    // Another spreadsheet format is named, with how to save it as .xlsx.
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    std::fs::write(copy.path("old.xls"), ole).expect("write");
    let mut ods = b"PK\x03\x04".to_vec();
    ods.resize(30, 0);
    ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK");
    std::fs::write(copy.path("calc.ods"), ods).expect("write");
    // A CSV whose first line is not a form's is said so (it has no hidden sheet to miss).
    std::fs::write(copy.path("plain.csv"), "ID,状況\r\n1-1-1,完了\r\n").expect("write");
    let (_, err, code) = copy.run(&["import", "plain.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("1行目") && !err.contains("_form"), "{err}");
    for (file, said) in [("old.xls", "（.xls）"), ("calc.ods", "（.ods）")] {
        let (_, err, code) = copy.run(&["import", file]);
        assert_eq!(code, 2, "{err}");
        let err = err.replace("\n  ", "");
        assert!(
            err.contains(said) && err.contains("名前を付けて保存"),
            "{err}"
        );
    }
}

/// A form asks only what can be recorded: values and rounds after the plan's latest FY (2024
/// here) would all be refused by import (RM211), so such a form is not made.
#[test]
fn a_form_past_the_plans_latest_fy_is_refused() {
    let copy = Copy::new();
    let (out, err, code) = copy.run(&["form", "--fy", "2025", "-o", "late.xlsx"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(!copy.path("late.xlsx").exists());
    insta::assert_snapshot!("form_fy_after_plan", err);
}

#[test]
fn a_form_of_another_roadmap_is_refused() {
    let copy = Copy::new();
    let other = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/record");
    let out = copy.path("other.xlsx");
    let mut cmd = crate::support::roadmap_command(copy.tmp.path());
    cmd.args([
        "--color", "never", "--lang", "ja", "--as-of", AS_OF, "--dir",
    ])
    .arg(&other)
    .args(["form", "-o"])
    .arg(&out);
    let (_, err, code) = crate::support::output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    // The wrong file, not a problem in it: exit 2, as a file that is no form.
    let (_, err, code) = copy.run(&["import", "other.xlsx"]);
    assert_eq!(code, 2, "{err}");
    insta::assert_snapshot!("import_foreign", err);
    let (_, err, _) = copy.run_in("en", &["import", "other.xlsx"]);
    insta::assert_snapshot!("import_foreign_en", err);
    // Nor is it read as sent: its items would be matched to this roadmap's.
    let (out, unanswered, code) = copy.run(&["status", "--unanswered", "other.xlsx"]);
    assert_eq!((code, out.as_str()), (2, ""), "{unanswered}");
    let (_, imported, _) = copy.run(&["import", "other.xlsx"]);
    assert_eq!(imported, unanswered);
}

/// Makes the 人事課 form, writes the filled copy and imports it: (stdout, stderr, exit code),
/// with the copy to look at after.
fn import_filled(f: &Filled) -> (Copy, String, String, i32) {
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &["--owner", "人事課"]);
    fill(&form, &copy.path("filled.xlsx"), f);
    let (out, err, code) = copy.run(&["import", "filled.xlsx"]);
    (copy, out, err, code)
}

/// 見直し後の終了時期 takes every end `record reschedule --until` does: a quarter with 目途 becomes
/// `until` and `approx`, 期限なし `open`; a form sent when the column was 見直し後の終了年度 (and
/// took only a FY) imports the same; an end that reads as none is refused with its cell.
#[test]
fn a_new_end_finer_than_a_fy_imports_and_the_old_header_still_reads() {
    let delayed = |end_header: &'static str, end: &'static str| -> Vec<Answer> {
        vec![
            ("進捗入力", "model-run", None, "状況", Put::Text("遅延")),
            (
                "進捗入力",
                "model-run",
                None,
                "遅延・中止の理由",
                Put::Text("調整に時間を要した"),
            ),
            ("進捗入力", "model-run", None, end_header, Put::Text(end)),
        ]
    };
    let cases: [(Filled, &[&str]); 3] = [
        (
            Filled {
                answers: delayed("見直し後の終了時期", "令和６年度第３四半期目途"),
                ..Filled::default()
            },
            &["until = \"2024-Q3\"", "approx = true"],
        ),
        (
            Filled {
                answers: delayed("見直し後の終了年度", "令和6年度"),
                rename_header: Some(("見直し後の終了時期", "見直し後の終了年度")),
                ..Filled::default()
            },
            &["to = 2024"],
        ),
        (
            Filled {
                answers: delayed("見直し後の終了時期", "期限なし"),
                ..Filled::default()
            },
            &["open = true"],
        ),
    ];
    for (f, want) in cases {
        let (copy, _, err, code) = import_filled(&f);
        assert_eq!(code, 0, "{err}");
        let toml = String::from_utf8(copy.files()["items/1-1-1.toml"].clone()).expect("UTF-8");
        let change = toml
            .split("[[milestones.changes]]")
            .nth(1)
            .expect("a change");
        for line in want {
            assert!(change.contains(line), "{line} not in {change}");
        }
        let (_, err, code) = copy.run(&["validate"]);
        assert_eq!(code, 0, "{err}");
    }
    let mut bad = one(
        "進捗入力",
        "model-run",
        "見直し後の終了時期",
        Put::Text("来年度中旬"),
    );
    bad.answers.push((
        "進捗入力",
        "model-run",
        None,
        "遅延・中止の理由",
        Put::Text("調整中"),
    ));
    refused("bad_end", &bad, 1);
}

#[test]
fn a_formula_counts_as_its_value_with_a_warning_naming_the_cell() {
    let f = one(
        "進捗入力",
        "mentor",
        "状況",
        Put::Formula("=\"実施\"&\"中\"", "実施中"),
    );
    let (_, out, err, code) = import_filled(&f);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import_formula", format!("{err}---\n{out}"));
}

/// A formula saved without its result (by a tool that does not calculate) is no empty answer: it
/// is refused with its cell, so that the answer it computes is not lost unseen.
#[test]
fn a_formula_saved_without_its_result_is_refused_with_its_cell() {
    let f = actual("実施人数", Put::Uncached("10*5"));
    refused("formula_without_result", &f, 1);
    // Saved with an empty result (openpyxl's `<v/>`): no result either, not an empty answer.
    let f = actual("実施人数", Put::EmptyResult("10*5"));
    refused("formula_without_result", &f, 1);
}

/// Excel keeps a typed `72.5%` as 0.725 with a percent format: it is the 72.5 shown in a % series,
/// and refused in a series of another unit rather than recorded 100 times too small.
#[test]
fn a_percent_typed_in_excel_is_the_percent_it_shows() {
    let f = actual("実施率", Put::Formatted(0.725, "0.0%"));
    let (copy, out, err, code) = import_filled(&f);
    assert_eq!(code, 0, "{err}");
    let toml = String::from_utf8(copy.files()["items/1-1-1.toml"].clone()).expect("UTF-8");
    assert!(toml.contains("fy = 2023\nvalue = 72.5\n"), "{toml}");
    insta::assert_snapshot!("import_percent", format!("{err}---\n{out}"));
    let f = actual("実施人数", Put::Formatted(0.725, "0.0%"));
    refused("percent_in_people", &f, 1);
}

/// Excel makes a date of a typed `2024/12` or `2024年12月`: in 見直し後の終了時期 it is the month it
/// falls in, as `2024-12` is, whether the date's format is one the reader knows or Japanese
/// Excel's built-in 年月 (57), which the reader gives as a plain serial.
#[test]
fn a_date_cell_in_the_new_end_is_its_month() {
    for (what, put) in [
        ("a date format", Put::Date(2024, 12, 1)),
        // 45627 is 2024-12-01 in Excel's 1900 date system.
        ("the built-in 年月 format", Put::BuiltIn(45_627.0, 57)),
    ] {
        let f = Filled {
            answers: vec![
                ("進捗入力", "model-run", None, "状況", Put::Text("遅延")),
                (
                    "進捗入力",
                    "model-run",
                    None,
                    "遅延・中止の理由",
                    Put::Text("調整に時間を要した"),
                ),
                ("進捗入力", "model-run", None, "見直し後の終了時期", put),
            ],
            ..Filled::default()
        };
        let (copy, out, err, code) = import_filled(&f);
        assert_eq!(code, 0, "{what}: {err}");
        let toml = String::from_utf8(copy.files()["items/1-1-1.toml"].clone()).expect("UTF-8");
        let change = toml
            .split("[[milestones.changes]]")
            .nth(1)
            .unwrap_or_else(|| panic!("{what}: a change in {toml}"));
        assert!(change.contains("until = \"2024-12\""), "{what}: {change}");
        insta::assert_snapshot!("import_date_as_new_end", format!("{err}---\n{out}"));
        let (_, err, code) = copy.run(&["validate"]);
        assert_eq!(code, 0, "{what}: {err}");
    }
}

#[test]
fn a_deleted_row_counts_as_not_answered() {
    let f = Filled {
        delete_row_of: Some("model-run"),
        ..one("進捗入力", "mentor", "状況", Put::Text("実施中"))
    };
    let (_, out, err, code) = import_filled(&f);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import_deleted_row", format!("{err}---\n{out}"));
}

/// A new end already over on the day of the import is refused at its cell, as record refuses it:
/// a 期限超過 milestone would have become 実施中 with a 目途 long passed.
#[test]
fn a_new_end_already_passed_is_refused() {
    let mut f = one("進捗入力", "model-run", "状況", Put::Text("実施中"));
    f.answers.push((
        "進捗入力",
        "model-run",
        None,
        "見直し後の終了時期",
        Put::Text("令和5年度目途"),
    ));
    f.answers.push((
        "進捗入力",
        "model-run",
        None,
        "遅延・中止の理由",
        Put::Text("調整"),
    ));
    refused("end_passed", &f, 1);
}

/// A completion's day is the 部局's to say: one not given is recorded as the import's day, and
/// one before the milestone began is recorded as given; each is said, naming the cell.
#[test]
fn a_completion_without_its_day_or_before_its_start_is_said() {
    let f = one("進捗入力", "model-run", "状況", Put::Text("完了"));
    let (_, _, err, code) = import_filled(&f);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("進捗入力!K6") && err.contains("取込日"),
        "{err}"
    );
    let mut f = one("進捗入力", "model-run", "状況", Put::Text("完了"));
    f.answers.push((
        "進捗入力",
        "model-run",
        None,
        "完了日",
        Put::Text("令和元年5月1日"),
    ));
    let (_, _, err, code) = import_filled(&f);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("始まり（2023年度）より前"), "{err}");
}

/// A row whose ids were cleared but which holds an answer is no deleted row: the answer is
/// refused at its cell, not dropped unseen.
#[test]
fn an_answer_on_a_row_without_ids_is_refused() {
    let f = Filled {
        clear_ids_of: Some("model-run"),
        ..one("進捗入力", "model-run", "状況", Put::Text("実施中"))
    };
    refused("answer_without_ids", &f, 1);
}

#[test]
fn reordered_sheets_and_sorted_rows_import_the_same() {
    let (plain, _, err, code) = import_filled(&answers());
    assert_eq!(code, 0, "{err}");
    for (what, f) in [
        (
            "reordered sheets",
            Filled {
                reverse_sheets: true,
                ..answers()
            },
        ),
        (
            "sorted rows",
            Filled {
                reverse_rows: true,
                ..answers()
            },
        ),
    ] {
        let (copy, _, err, code) = import_filled(&f);
        assert_eq!(code, 0, "{what}: {err}");
        assert!(err.contains("新しい回答 5 件"), "{what}: {err}");
        assert_eq!(copy.files(), plain.files(), "{what}");
    }
}

#[test]
fn a_context_column_deleted_does_not_matter_and_an_id_column_does() {
    let f = Filled {
        delete_columns: vec![("進捗入力", "前回の進捗状況"), ("指標入力", "現在の実績値")],
        ..answers()
    };
    let (copy, _, err, code) = import_filled(&f);
    assert_eq!(code, 0, "{err}");
    let (plain, _, err, code) = import_filled(&answers());
    assert_eq!(code, 0, "{err}");
    assert_eq!(copy.files(), plain.files());
    let f = Filled {
        delete_columns: vec![("進捗入力", "工程ID")],
        ..answers()
    };
    refused("id_column_deleted", &f, 1);
}

#[test]
fn a_date_serial_in_a_plain_cell_is_a_date() {
    let mut f = one("進捗入力", "model-run", "状況", Put::Text("完了"));
    // 45443 is 2024-05-31 in Excel's 1900 date system.
    f.answers.push((
        "進捗入力",
        "model-run",
        None,
        "完了日",
        Put::Number(45_443.0),
    ));
    let (copy, _, err, code) = import_filled(&f);
    assert_eq!(code, 0, "{err}");
    let toml = String::from_utf8(copy.files()["items/1-1-1.toml"].clone()).expect("UTF-8");
    assert!(
        toml.contains("on = 2024-05-31\nstatus = \"done\""),
        "{toml}"
    );
}

#[test]
fn a_row_whose_ids_the_roadmap_does_not_know_is_named_by_its_cell() {
    let mut f = one("進捗入力", "mentor", "工程ID", Put::Text("no-such"));
    f.answers
        .push(("進捗入力", "mentor", None, "状況", Put::Text("実施中")));
    f.answers.push((
        "指標入力",
        "メンティー数",
        Some("2023年度"),
        "指標ID",
        Put::Text("nothing"),
    ));
    refused("unknown_id", &f, 1);
}

#[test]
fn a_csv_row_whose_ids_the_roadmap_does_not_know_is_named_by_its_cell() {
    let copy = Copy::new();
    let form = copy.form("form.csv", &["--owner", "人事課"]);
    let text = std::fs::read_to_string(&form).expect("UTF-8");
    let text = text.replace(",mentor,", ",no-such,");
    std::fs::write(copy.path("filled.csv"), text).expect("write");
    let before = copy.files();
    let (_, err, code) = copy.run(&["import", "filled.csv"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(copy.files(), before);
    insta::assert_snapshot!("import_csv_unknown_id", err);
}

/// A form for every item, the rows named filled in, imported; the TOML lines that changed.
fn corrected(answers: Vec<Answer>) -> (Copy, String) {
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &[]);
    fill(
        &form,
        &copy.path("filled.xlsx"),
        &Filled {
            answers,
            ..Filled::default()
        },
    );
    let before = copy.files();
    let (_, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let after = copy.files();
    let (_, again, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{again}");
    assert_eq!(
        copy.files(),
        after,
        "a second import changes nothing: {again}"
    );
    (copy, changed(&before, &after))
}

/// An answer on a round of 1-1-1 training (毎年度).
fn training(fy: &'static str, column: &'static str, put: Put) -> Answer {
    ("進捗入力", "training", Some(fy), column, put)
}

/// An answer on the row of 1-1-1 model-recruit, reported done in the fixture.
fn recruit(column: &'static str, put: Put) -> Answer {
    ("進捗入力", "model-recruit", None, column, put)
}

/// A milestone's state in `status ITEM --format json`.
fn state_of(copy: &Copy, item: &str, milestone: &str) -> String {
    let (json, err, code) = copy.run(&["status", item, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    v["standing"]["milestones"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == milestone))
        .and_then(|m| m["state"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_wrong_done_date_is_corrected_in_place() {
    let (copy, toml) = corrected(vec![
        recruit("状況", Put::Text("完了")),
        recruit("完了日", Put::Text("令和4年11月15日")),
        recruit("進捗状況", Put::Text("5部局が応募")),
    ]);
    insta::assert_snapshot!("import_corrected_done_date", toml);
    assert_eq!(state_of(&copy, "1-1-1", "model-recruit"), "done");
}

#[test]
fn a_round_done_through_one_form_is_corrected_through_the_next() {
    let copy = Copy::new();
    let first = copy.form("first.xlsx", &["--owner", "人事課"]);
    fill(&first, &copy.path("filled.xlsx"), &answers());
    let (_, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    // The next quarter's form: the round reported done is on it, with its date.
    let (_, err, code) = copy.run_at(
        "2026-09-30",
        &["form", "--owner", "人事課", "-o", "next.xlsx"],
    );
    assert_eq!(code, 0, "{err}");
    let next = copy.path("next.xlsx");
    let sheets = read_sheets(&next);
    let round = sheets[1]
        .2
        .iter()
        .map(|r| r.iter().map(text).collect::<Vec<_>>())
        .find(|r| r.contains(&"training".to_owned()) && r.contains(&"2023年度".to_owned()))
        .expect("the done round is on the next form");
    assert!(
        round.contains(&"完了（令和6年3月15日）".to_owned()),
        "{round:?}"
    );
    let f = Filled {
        answers: vec![
            training("2023年度", "状況", Put::Text("完了")),
            training("2023年度", "完了日", Put::Text("2024/3/1")),
            ("進捗入力", "mentor", None, "状況", Put::Text("実施中")),
        ],
        ..Filled::default()
    };
    fill(&next, &copy.path("next-filled.xlsx"), &f);
    let before = copy.files();
    let (_, err, code) = copy.run_at("2026-09-30", &["import", "next-filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let after = copy.files();
    insta::assert_snapshot!("import_next_form", changed(&before, &after));
    let (_, err, code) = copy.run_at("2026-09-30", &["import", "next-filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(copy.files(), after, "the second import changes nothing");
}

#[test]
fn a_done_date_alone_corrects_the_date_and_elsewhere_is_refused() {
    let (_, toml) = corrected(vec![recruit("完了日", Put::Date(2022, 12, 1))]);
    assert!(
        toml.contains("-on = 2022-11-30\n+on = 2022-12-01\n"),
        "{toml}"
    );
    refused(
        "done_on_without_done",
        &one("進捗入力", "mentor", "完了日", Put::Date(2024, 5, 1)),
        1,
    );
}

#[test]
fn a_mistaken_done_is_undone_by_a_later_report() {
    let (copy, toml) = corrected(vec![
        recruit("状況", Put::Text("実施中")),
        recruit("進捗状況", Put::Text("応募は締め切っていない")),
    ]);
    insta::assert_snapshot!("import_undone", toml);
    // Its FY is over and nobody reported it done: past due, as the calendar says.
    assert_eq!(state_of(&copy, "1-1-1", "model-recruit"), "past_due");
}

#[test]
fn a_recorded_value_is_corrected_and_names_its_form() {
    let (_, toml) = corrected(vec![(
        "指標入力",
        "実施人数",
        Some("2022年度"),
        "実績値",
        Put::Text("130人"),
    )]);
    insta::assert_snapshot!("import_corrected_value", toml);
}

#[test]
fn a_done_row_changed_since_the_form_is_a_conflict() {
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &[]);
    fill(
        &form,
        &copy.path("filled.xlsx"),
        &one("進捗入力", "model-recruit", "状況", Put::Text("実施中")),
    );
    let (_, err, code) = copy.run(&[
        "record",
        "note",
        "1-1-1",
        "model-recruit",
        "--on",
        "2024-06-01",
        "事務局で確認中",
    ]);
    assert_eq!(code, 0, "{err}");
    let before = copy.files();
    let (_, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("1-1-1 model-recruit は照会票の作成後に"),
        "{err}"
    );
    assert_eq!(copy.files(), before);
}

#[test]
fn a_form_of_another_edition_is_refused_and_unrelated_edits_are_not() {
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &["--owner", "人事課"]);
    fill(&form, &copy.path("filled.xlsx"), &answers());
    let plan = copy.root.join("roadmap.toml");
    let original = std::fs::read_to_string(&plan).expect("read");
    // The plan re-published: another edition of the same title.
    let republished = original.replace("published = 2022-09-16", "published = 2023-09-15");
    std::fs::write(&plan, &republished).expect("write");
    let before = copy.files();
    let (_, err, code) = copy.run(&["import", "filled.xlsx", "--dry-run"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(copy.files(), before);
    insta::assert_snapshot!("import_other_edition", err);
    // The period's end moved and a note added: the same plan, the form still imports.
    let edited = original
        .replace("last_fy = 2024", "last_fy = 2025")
        .replace(
            "timezone = \"Asia/Tokyo\"",
            "timezone = \"Asia/Tokyo\"\nnotes = [\"注記\"]",
        );
    assert_ne!(edited, original);
    std::fs::write(&plan, &edited).expect("write");
    let (_, err, code) = copy.run(&["import", "filled.xlsx", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_owner_nobody_has_is_named_with_the_owners_there_are() {
    let copy = Copy::new();
    let (_, err, code) = copy.run(&["form", "--owner", "経理課", "-o", "form.xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(!copy.path("form.xlsx").exists());
    insta::assert_snapshot!("form_no_such_owner", err);
}

/// A form is for one owner: its 照会先, and the `by` of every report imported from it. A part of
/// one owner's name is that owner (人事 → 人事課); a part of several is refused, naming them.
#[test]
fn a_part_of_an_owners_name_is_that_owner_and_of_several_is_refused() {
    let copy = Copy::new();
    let (_, err, code) = copy.run(&["form", "--owner", "人", "-o", "form.xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(!copy.path("form.xlsx").exists());
    insta::assert_snapshot!("form_owner_ambiguous", err);
    let form = copy.form("form.xlsx", &["--owner", "人事"]);
    let meta = read_sheets(&form)
        .into_iter()
        .find(|(name, _, _)| name == "_form")
        .expect("the form's own sheet");
    let owner = (meta.2.iter())
        .find(|r| r.first().map(text).as_deref() == Some("owner"))
        .and_then(|r| r.get(1).map(text));
    assert_eq!(owner.as_deref(), Some("人事課"));
}

#[test]
fn each_owner_gets_a_form_of_its_own() {
    let copy = Copy::new();
    let (_, err, code) = copy.run(&["form", "--each-owner", "forms"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("form_each_owner", err);
    for owner in ["人事課", "人材育成室"] {
        let path = copy.path(&format!("forms/{owner}.xlsx"));
        let alone = copy.form(&format!("{owner}.xlsx"), &["--owner", owner]);
        assert_eq!(
            read_sheets(&path),
            read_sheets(&alone),
            "{owner}: the form --owner makes"
        );
    }
    let (_, err, code) = copy.run(&["form", "--each-owner", "forms", "-o", "x.xlsx"]);
    assert_eq!(code, 2, "{err}");
    // The forms sent are what --unanswered reads: made again into the same directory, they are
    // not replaced unasked (exit 2, every file as it was), and --force replaces them.
    let sent = copy.path("forms/人事課.xlsx");
    std::fs::write(&sent, b"returned").expect("write");
    let (_, err, code) = copy.run(&["form", "--each-owner", "forms"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("人事課.xlsx") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&sent).expect("read"), b"returned");
    let (_, err, code) = copy.run(&["form", "--each-owner", "forms", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read(&sent).expect("read"), b"returned");
}

#[test]
fn a_conflicting_change_is_listed_and_force_imports_it() {
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &["--owner", "人事課"]);
    fill(&form, &copy.path("filled.xlsx"), &answers());
    let (_, err, code) = copy.run(&[
        "record",
        "note",
        "1-1-1",
        "model-run",
        "--on",
        "2024-06-01",
        "事務局で確認中",
    ]);
    assert_eq!(code, 0, "{err}");
    let before = copy.files();
    let (_, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(copy.files(), before);
    insta::assert_snapshot!("import_conflict", err);
    let (_, err, _) = copy.run_in("en", &["import", "filled.xlsx"]);
    assert_eq!(copy.files(), before);
    insta::assert_snapshot!("import_conflict_en", err);
    let (_, err, code) = copy.run(&["import", "filled.xlsx", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(copy.files(), before);
}

#[test]
fn a_csv_form_round_trips_and_shift_jis_is_named() {
    let copy = Copy::new();
    let form = copy.form("form.csv", &["--owner", "人事課"]);
    let text = std::fs::read_to_string(&form).expect("UTF-8");
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Each row's key as `="…"`: a spreadsheet made a number of a key of digits.
    let keys = lines
        .iter()
        .skip(2)
        .map(|l| l.rsplit(',').next().unwrap_or(""));
    assert!(keys.clone().all(|k| k.starts_with("\"=\"\"")), "{text}");
    let header: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    let col = |h: &str| header.iter().position(|x| x == h).expect("column");
    for line in lines.iter_mut().skip(2) {
        if line.contains(",model-run,") {
            let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
            cells[col("状況")] = "完了".into();
            cells[col("完了日")] = "R6.5.31".into();
            *line = cells.join(",");
        }
    }
    std::fs::write(copy.path("filled.csv"), lines.join("\r\n")).expect("write");
    let (out, err, code) = copy.run(&["import", "filled.csv"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import_csv", format!("{err}---\n{out}"));
    // The CSV form is a sent form too: the item it asked about and got no answer for.
    assert_eq!(unanswered(&copy, "form.csv"), ["1-1-2"]);

    let joined = lines.join("\r\n");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&joined);
    std::fs::write(copy.path("sjis.csv"), &sjis[..]).expect("write");
    let (_, err, code) = copy.run(&["import", "sjis.csv"]);
    assert_eq!(code, 2, "{err}");
    insta::assert_snapshot!("import_shift_jis", err);
    let (_, err, _) = copy.run_in("en", &["import", "sjis.csv"]);
    insta::assert_snapshot!("import_shift_jis_en", err);
}

/// The form opened by LibreOffice: it converts to PDF and the headers are on the page.
#[test]
fn the_form_opens_in_libreoffice() {
    let Some(soffice) = crate::report::tool(&["/usr/bin/soffice", "/usr/bin/libreoffice"]) else {
        return;
    };
    let Some(pdftotext) = crate::report::tool(&["/usr/bin/pdftotext"]) else {
        return;
    };
    let copy = Copy::new();
    let form = copy.form("form.xlsx", &[]);
    let pdf = crate::report::workbook_to_pdf(&soffice, &form, copy.tmp.path());
    let text = crate::report::pdf_text(&pdftotext, &pdf);
    for word in [
        "進捗照会票",
        "小項目ID",
        "工程ID",
        "現在の状況",
        "状況",
        "完了日",
        "見直し後の終了時期",
        "実績値",
        "model-run",
    ] {
        assert!(
            text.contains(word),
            "{word} is not in the printed form:\n{text}"
        );
    }
}

#[test]
fn status_lists_what_the_sent_forms_got_no_answer_for() {
    let copy = Copy::new();
    let all = copy.form("all.xlsx", &[]);
    let (out, err, code) = copy.run(&["status", "--unanswered", "all.xlsx"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("unanswered_before", out);
    let (out, _, _) = copy.run_in("en", &["status", "--unanswered", "all.xlsx"]);
    insta::assert_snapshot!("unanswered_before_en", out);
    fill(&all, &copy.path("filled.xlsx"), &answers());
    let (_, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = copy.run(&["status", "--unanswered", "all.xlsx"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("unanswered_after", out);
    let (json, _, _) = copy.run(&["status", "--unanswered", "all.xlsx", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(v[0]["item"], "1-1-3");
}

#[test]
fn a_value_alone_answers_its_item() {
    let copy = Copy::new();
    let all = copy.form("all.xlsx", &[]);
    let f = Filled {
        answers: vec![(
            "指標入力",
            "状況",
            Some("2022年度"),
            "実績値",
            Put::Text("相談窓口を設置"),
        )],
        ..Filled::default()
    };
    fill(&all, &copy.path("filled.xlsx"), &f);
    let (_, err, code) = copy.run(&["import", "filled.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(unanswered(&copy, "all.xlsx"), ["1-1-1", "1-1-2"]);
}

/// The items `status --unanswered FORM` lists.
fn unanswered(copy: &Copy, form: &str) -> Vec<String> {
    let (json, err, code) = copy.run(&["status", "--unanswered", form, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    v.as_array()
        .expect("a list")
        .iter()
        .filter_map(|x| x["item"].as_str().map(str::to_owned))
        .collect()
}
