//! `roadmap report` end to end: Markdown and CSV snapshots (shipped roadmap and a fixture with
//! recorded progress), the workbook read back with calamine, the HTML rendered in a real browser,
//! and a fixture of hostile text that no format may let act.

// Skipped tests say why on stderr.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};

const PROGRESS: &str = "tests/fixtures/report/progress";
const INJECTION: &str = "tests/fixtures/report/injection";
const SHIPPED: &str = "roadmap";
const RECORDED: &str = "tests/fixtures/recorded";
const AS_OF: &str = "2024-01-15";

/// Runs the binary hermetically: no colour, no locale, fixed as-of date (unless `--fy` is given).
fn run(dir: &str, args: &[&str]) -> Output {
    let mut cmd = crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")));
    cmd.args(["--color", "never", "--dir", dir]);
    if !args.contains(&"--fy") && !args.contains(&"--as-of") {
        cmd.args(["--as-of", AS_OF]);
    }
    cmd.args(args).output().expect("the roadmap binary runs")
}

fn stdout_ok(dir: &str, args: &[&str]) -> Vec<u8> {
    let out = run(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "roadmap {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn text(dir: &str, args: &[&str]) -> String {
    crate::support::without_commit(&String::from_utf8(stdout_ok(dir, args)).expect("UTF-8 output"))
}

fn shipped() -> bool {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SHIPPED)
        .join("roadmap.toml");
    if !here.exists() {
        eprintln!("skipped: the shipped roadmap ({SHIPPED}/) is not in this checkout");
    }
    here.exists()
}

/// A CSV: checks the BOM and the CRLF record ends, and returns the text for a snapshot.
fn csv_text(bytes: Vec<u8>) -> String {
    let rest = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("CSV starts with a UTF-8 BOM");
    let s = String::from_utf8(rest.to_vec()).expect("CSV is UTF-8");
    assert!(s.ends_with("\r\n"), "records end with CRLF");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(s.as_bytes());
    let widths: Vec<usize> = reader
        .records()
        .map(|r| r.expect("valid CSV").len())
        .collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "every record has the same fields"
    );
    s.replace("\r\n", "\n")
}

// ---- Markdown ----

#[test]
fn markdown_progress_ja() {
    let md = text(PROGRESS, &["report", "--format", "md", "--lang", "ja"]);
    insta::assert_snapshot!("progress_md_ja", md);
}

#[test]
fn markdown_progress_en_by_fiscal_year() {
    // --fy 2023: as of 2024-03-31, the last day of FY2023.
    let md = text(PROGRESS, &["report", "--fy", "2023", "--lang", "en"]);
    assert!(md.contains("- As of: 2024-03-31\n"));
    insta::assert_snapshot!("progress_md_en_fy2023", md);
}

#[test]
fn markdown_shipped_ja() {
    if !shipped() {
        return;
    }
    let md = text(
        SHIPPED,
        &["--as-of", "2024-03-31", "report", "--lang", "ja"],
    );
    insta::assert_snapshot!("shipped_md_ja", md);
}

#[test]
fn markdown_tables_keep_their_shape() {
    for dir in [PROGRESS, INJECTION] {
        let md = text(dir, &["report", "--format", "md"]);
        let mut cols = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                cols = None;
                continue;
            }
            // Cells are separated by unescaped pipes only.
            let mut n = 0;
            let mut prev = ' ';
            for c in line.chars() {
                if c == '|' && prev != '\\' {
                    n += 1;
                }
                prev = c;
            }
            match cols {
                None => cols = Some(n),
                Some(k) => assert_eq!(k, n, "table row with a different shape: {line}"),
            }
        }
    }
}

// ---- CSV ----

#[test]
fn csv_progress_tables() {
    for table in ["items", "milestones", "indicators"] {
        let bytes = stdout_ok(
            PROGRESS,
            &[
                "report", "--format", "csv", "--table", table, "--lang", "ja",
            ],
        );
        insta::assert_snapshot!(format!("progress_csv_{table}"), csv_text(bytes));
    }
}

#[test]
fn csv_shipped_items() {
    if !shipped() {
        return;
    }
    // Without and with the transcriber's notes (転記注, 25 of them).
    for (extra, name, notes) in [
        (None, "shipped_csv_items", 0),
        (Some("--include-notes"), "shipped_csv_items_notes", 25),
    ] {
        let mut args = vec!["--as-of", "2024-03-31", "report", "--format", "csv"];
        args.extend(["--lang", "ja"]);
        args.extend(extra);
        let csv = csv_text(stdout_ok(SHIPPED, &args));
        assert_eq!(csv.matches("転記注: ").count(), notes);
        insta::assert_snapshot!(name, csv);
    }
}

#[test]
fn csv_survives_excel_type_detection() {
    let Some(soffice) = tool(&["/usr/bin/soffice", "/usr/bin/libreoffice"]) else {
        return;
    };
    let tmp = temp_dir();
    for table in ["items", "milestones"] {
        let csv = tmp.path().join(format!("{table}.csv"));
        let path = csv.to_str().expect("UTF-8 temp path");
        let args = [
            "--as-of",
            "2024-03-31",
            "report",
            "-o",
            path,
            "--table",
            table,
        ];
        stdout_ok(SHIPPED, &args);
        // Separator 44 (,), quote 34 ("), UTF-8 (76), from line 1, language 1041 (ja-JP),
        // then: quoted as text no, detect special numbers YES.
        let out = Command::new(&soffice)
            .args([
                "--headless",
                "--norestore",
                "--infilter=CSV:44,34,76,1,,1041,false,true",
                "--convert-to",
                "xlsx",
                "--outdir",
            ])
            .arg(tmp.path())
            .arg(&csv)
            .env("HOME", tmp.path())
            .output()
            .expect("soffice runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut wb: Xlsx<_> = calamine::open_workbook(tmp.path().join(format!("{table}.xlsx")))
            .expect("the converted workbook opens");
        let name = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&name).expect("the sheet");
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert!(rows.len() > 30, "{table}: {} rows", rows.len());
        for row in &rows[1..] {
            // The id and the 中項目 (items) or the item id (milestones) are text, as written.
            let Data::String(id) = &row[0] else {
                panic!("{table}: the id became {:?}", row[0]);
            };
            assert!(roadmap::model::ItemId::parse(id).is_some(), "{table}: {id}");
            if table == "items" {
                assert!(
                    matches!(&row[2], Data::String(s) if s.split('-').count() == 2),
                    "中項目 became {:?}",
                    row[2]
                );
            }
            for cell in row {
                assert!(
                    !matches!(cell, Data::DateTime(_) | Data::DateTimeIso(_)),
                    "{table}: a cell became a date: {cell:?} in {row:?}"
                );
            }
        }
    }
}

// ---- XLSX ----

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

fn workbook(dir: &str, out: &Path, lang: &str) -> Xlsx<std::io::BufReader<std::fs::File>> {
    let path = out.to_str().expect("UTF-8 temp path");
    stdout_ok(dir, &["report", "-o", path, "--lang", lang]);
    calamine::open_workbook(out).expect("the workbook opens")
}

/// FY columns with parts (通常国会, 概算要求, …) in the 工程表: every column keeps its label.
/// The sheet is written row by row, and a header cell written after a cell of the parts row
/// below it was dropped (the library ignores a write to a row it has written out, and said so
/// on stderr): 2017年度 to 2020年度～ were blank.
#[test]
fn the_table_sheet_keeps_every_column_label_above_its_parts() {
    let tmp = temp_dir();
    let book = tmp.path().join("report.xlsx");
    let path = book.to_str().expect("UTF-8 temp path");
    let out = run(
        "tests/fixtures/kaikaku-2015",
        &["report", "-o", path, "--lang", "ja"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let mut wb: Xlsx<_> = calamine::open_workbook(&book).expect("the workbook opens");
    let table = wb.worksheet_range("工程表").expect("sheet 工程表");
    let header: Vec<String> = (table.rows())
        .find(|r| r.first().is_some_and(|c| cell_text(c) == "ID"))
        .expect("the header row")
        .iter()
        .map(header_text)
        .collect();
    for label in [
        "2016年度",
        "2017年度",
        "2018年度",
        "2019年度",
        "2020年度～",
        "モニタリング指標",
    ] {
        assert!(header.iter().any(|h| h == label), "{label} in {header:?}");
    }
}

/// A header as one line: the workbook breaks long headers where they may break (`\n`).
fn header_text(d: &Data) -> String {
    cell_text(d).replace('\n', "")
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        // A date cell, as ISO: what it holds, whatever format shows it.
        Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(d.as_f64() as u64)))
            .map(|d| d.to_string())
            .unwrap_or_default(),
        other => format!("{other:?}"),
    }
}

/// The lists are data people filter and look up: a long owner or title is held whole in its
/// cell, wrapped by the program, not broken by a line break («国民向けサービスグルー↵プ» was
/// another owner to a filter than the same owner whole on the next sheet).
#[test]
fn xlsx_lists_hold_names_and_titles_whole() {
    let tmp = temp_dir();
    let dir = tmp.path().join("roadmap");
    crate::support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/followup"),
        &dir,
    );
    let owner = "国民向けサービスグループ国民向けサービスグループ国民向けサービスグループ";
    let title = "申請手続のオンライン化の推進と行政手続の抜本的な見直しによる国民の利便性の向上";
    let item = dir.join("items/1-1-1.toml");
    let text = std::fs::read_to_string(&item).expect("read");
    let text = text
        .replace("owners = [\"人事課\"]", &format!("owners = [\"{owner}\"]"))
        .replace(
            "title = \"職場の上司によるキャリア支援\"",
            &format!("title = \"{title}\""),
        );
    std::fs::write(&item, text).expect("write");
    let book = tmp.path().join("report.xlsx");
    let out = run(
        dir.to_str().expect("UTF-8"),
        &[
            "report",
            "-o",
            book.to_str().expect("UTF-8"),
            "--lang",
            "ja",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb: Xlsx<_> = calamine::open_workbook(&book).expect("the workbook opens");
    for sheet in ["進捗", "工程"] {
        let range = wb.worksheet_range(sheet).expect("sheet");
        let texts: Vec<String> = range.rows().skip(4).flatten().map(cell_text).collect();
        for whole in [owner, title] {
            let broken = texts
                .iter()
                .find(|t| t.contains('\n') && t.replace('\n', "").contains(whole));
            assert!(broken.is_none(), "{sheet}: {broken:?}");
        }
        assert!(
            texts.iter().any(|t| t.contains(owner)),
            "{sheet}: {texts:?}"
        );
    }
}

#[test]
fn xlsx_progress_reads_back() {
    let tmp = temp_dir();
    let out = tmp.path().join("report.xlsx");
    let mut wb = workbook(PROGRESS, &out, "ja");
    let names = [
        "概要",
        "担当別",
        "工程表",
        "進捗",
        "遅延・期限超過",
        "計画変更",
        "指標",
        "工程",
    ];
    assert_eq!(wb.sheet_names(), names);
    wb.load_merged_regions().expect("merged regions");
    // Every sheet: its own title (merged across its table, so it prints whole), the 基準日 line,
    // the header on row 4, repeated on every printed page.
    let defined: Vec<(String, String)> = wb.defined_names().to_vec();
    for name in names {
        let range = wb.worksheet_range(name).expect("sheet");
        let width = range.width() as u32;
        let title = cell_text(range.get_value((0, 0)).expect("title"));
        assert!(
            title.starts_with("厚生労働省改革工程表（進捗記録つきテスト用） — "),
            "{name}: {title}"
        );
        assert!(
            cell_text(range.get_value((1, 0)).expect("as-of"))
                .starts_with("基準日: 令和6年1月15日"),
            "{name}"
        );
        let merged: Vec<_> = wb
            .merged_regions_by_sheet(name)
            .into_iter()
            .map(|(_, _, d)| (d.start, d.end))
            .collect();
        assert!(
            merged.contains(&((0, 0), (0, width - 1))),
            "{name}: title not merged: {merged:?}"
        );
        let titles = defined
            .iter()
            .find(|(n, v)| n == "_xlnm.Print_Titles" && v.contains(name))
            .map(|(_, v)| v.clone());
        assert!(
            titles.as_deref().is_some_and(|v| v.ends_with("$4:$4")),
            "{name}: print titles {titles:?}"
        );
    }

    let table = wb.worksheet_range("工程表").expect("sheet 工程表");
    let header: Vec<String> = table
        .rows()
        .nth(3)
        .expect("header row")
        .iter()
        .map(cell_text)
        .collect();
    assert_eq!(
        header,
        [
            "ID",
            "小項目",
            "状態",
            "2022年度",
            "2023年度",
            "2024年度",
            "以降",
            "モニタリング指標"
        ]
    );
    // The milestone spanning FY2023–FY2024 is one merged cell over those two columns.
    let merged: Vec<_> = wb
        .merged_regions_by_sheet("工程表")
        .into_iter()
        .map(|(_, _, d)| (d.start, d.end))
        .collect();
    let find = |needle: &str| {
        table
            .cells()
            .find(|(_, _, v)| cell_text(v).contains(needle))
            .map(|(r, c, _)| (r as u32, c as u32))
            .unwrap_or_else(|| panic!("no cell with {needle}"))
    };
    // calamine's range starts at the first used cell (0, 0): positions are absolute.
    let (r, c) = find("モデル部局で1on1ミーティングを実施し");
    assert_eq!(c, 4, "starts in the FY2023 column");
    assert!(
        merged.contains(&((r, 4), (r, 5))),
        "spans FY2023–FY2024: {merged:?}"
    );
    let (r, c) = find("全部局で実施");
    assert!(
        merged.contains(&((r, c), (r, c + 1))),
        "2024 and 以降 merged"
    );
    assert!(cell_text(table.get_value((r, c)).expect("cell")).contains("毎年度"));
    // The item's own cells span its three lines.
    let (r, c) = find("職場の上司によるキャリア支援");
    assert_eq!(c, 1);
    assert!(
        merged.contains(&((r, 1), (r + 2, 1))),
        "title spans 3 lines: {merged:?}"
    );
    assert_eq!(
        cell_text(table.get_value((r, 2)).expect("state")),
        "◐ 今年度期限"
    );
    assert!(
        merged.contains(&((4, 0), (4, 7))),
        "大項目 heading spans the table"
    );

    let progress = wb.worksheet_range("進捗").expect("sheet 進捗");
    let rows: Vec<Vec<Data>> = progress.rows().map(<[Data]>::to_vec).collect();
    let text_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let head: Vec<String> = rows[3].iter().map(header_text).collect();
    let at = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {head:?}"))
    };
    assert_eq!(head[0], "ID");
    let states: Vec<(&str, &str)> = text_rows[4..10]
        .iter()
        .map(|r| (r[0].as_str(), r[at("状態")].as_str()))
        .collect();
    assert_eq!(
        states,
        [
            ("1-1-1", "◐ 今年度期限"),
            ("1-1-2", "▲ 遅延"),
            ("1-2-1", "－ 工程未公表"),
            ("2-1-1", "● 完了"),
            ("2-1-2", "× 中止"),
            ("2-1-3", "◇ 開始前"),
        ]
    );
    assert_eq!(text_rows.len(), 10, "one table: six items, nothing below");
    // A date cell (a serial day number with a 令和 format; calamine does not read the format as
    // a date, so the serial shows).
    let serial: u64 = text_rows[5][at("最終報告日")]
        .parse()
        .expect("a date serial");
    let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|e| e.checked_add_days(chrono::Days::new(serial)));
    assert_eq!(
        day.map(|d| d.to_string()).as_deref(),
        Some("2023-12-01"),
        "1-1-2 last reported"
    );

    // The overview: counts as numbers, done and total in two numeric columns, rates as real
    // percentages.
    let overview = wb.worksheet_range("概要").expect("sheet 概要");
    let rows: Vec<Vec<Data>> = overview.rows().map(<[Data]>::to_vec).collect();
    let head: Vec<String> = rows[3].iter().map(header_text).collect();
    let at = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {head:?}"))
    };
    let total = &rows[4];
    assert_eq!(cell_text(&total[0]), "合計");
    assert_eq!(total[at("項目数")], Data::Float(6.0));
    assert_eq!(total[at("完了工程数（完了）")], Data::Float(3.0));
    assert_eq!(total[at("完了工程数（工程数）")], Data::Float(10.0));
    assert_eq!(total[at("完了率")], Data::Float(0.3));
    assert_eq!(total[at("▲ 遅延")], Data::Float(1.0));

    // Reported delays and derived past-due milestones, one table with its kind.
    let late = wb.worksheet_range("遅延・期限超過").expect("sheet");
    let rows: Vec<Vec<String>> = late
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(rows[3][0], "区分");
    assert!(
        rows.iter()
            .any(|r| r[0] == "遅延（報告あり）" && r[1] == "1-1-2"),
        "{rows:?}"
    );

    let ind = wb.worksheet_range("指標").expect("sheet 指標");
    let rows: Vec<Vec<Data>> = ind.rows().skip(3).map(<[Data]>::to_vec).collect();
    let head: Vec<String> = rows[0].iter().map(header_text).collect();
    assert_eq!(
        &head[..9],
        [
            "ID",
            "小項目",
            "モニタリング指標",
            "系列",
            "単位",
            "基準値",
            "基準年度",
            "2022年度 目標",
            "2022年度 実績"
        ]
    );
    let rate = rows
        .iter()
        .find(|r| cell_text(&r[2]) == "1on1ミーティングの実施率")
        .expect("indicator row");
    assert_eq!(rate[8], Data::Float(12.5), "FY2022 actual");
    assert_eq!(rate[9], Data::Float(50.0), "FY2023 target");
    assert_eq!(rate[10], Data::Float(41.0), "FY2023 actual");
    assert_eq!(rate[7], Data::Empty, "no FY2022 target: empty, never zero");
    assert_eq!(rate[5], Data::Empty, "no baseline: empty, never zero");
    assert_eq!(rate[6], Data::Empty, "no baseline, no FY of it");

    // Every milestone with its latest report.
    let ms = wb.worksheet_range("工程").expect("sheet 工程");
    let rows: Vec<Vec<String>> = ms
        .rows()
        .skip(3)
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| h.replace('\n', "") == name)
            .expect(name)
    };
    let delayed = rows
        .iter()
        .find(|r| r[1] == "model-path")
        .expect("milestone row");
    assert_eq!(delayed[col("状態コード")], "delayed");
    assert_eq!(
        delayed[col("最終報告日")],
        "45261",
        "2023-12-01 as a date serial"
    );
    // Long text is laid out in lines for the column's width.
    assert!(
        delayed[col("進捗状況")]
            .replace('\n', "")
            .contains("調査の遅れ")
    );
}

// ---- HTML ----

#[test]
fn html_is_self_contained() {
    let html = text(PROGRESS, &["report", "--format", "html", "--lang", "ja"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("size: A4 landscape"));
    assert!(html.contains("Noto Sans CJK JP"));
    // Nothing to fetch: no scripts, sources, external links, stylesheets or fonts.
    for banned in [
        "<script",
        "src=",
        "href=\"http",
        "url(",
        "@import",
        "@font-face",
        "<link",
    ] {
        assert!(!html.contains(banned), "the page holds {banned}");
    }
    // 11 milestones, and the 毎年度 one (2024–2025) a bar per round: 12 + 1.
    assert_eq!(
        html.matches("<rect class=\"bar ").count(),
        13,
        "one bar per milestone, one per round of a 毎年度 milestone"
    );
    assert!(
        html.contains("<g class=\"as-of\">"),
        "the as-of date is drawn"
    );
    assert_eq!(
        html.matches("<svg class=\"indicator-chart\"").count(),
        2,
        "charts for indicators with data"
    );
}

/// A workbook printed to PDF by LibreOffice (headless, its profile in `dir`), written to `dir`.
pub(crate) fn workbook_to_pdf(soffice: &Path, book: &Path, dir: &Path) -> PathBuf {
    let out = Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(book)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join(book.with_extension("pdf").file_name().expect("a file name"))
}

/// A PDF's text, laid out as on the page (pages split by form feeds).
pub(crate) fn pdf_text(pdftotext: &Path, pdf: &Path) -> String {
    let text = Command::new(pdftotext)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(text.stdout).expect("UTF-8")
}

/// A tool the tests print or read with, as CI installs it (.ci/install-tools.sh); `None` (the test
/// is skipped, saying so) when absent, unless `ROADMAP_TEST_TOOLS=required` (as .ci/run sets).
pub(crate) fn tool(candidates: &[&str]) -> Option<PathBuf> {
    let found = candidates.iter().map(PathBuf::from).find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("ROADMAP_TEST_TOOLS").as_deref() != Ok("required"),
            "{} is absent; .ci/install-tools.sh installs it",
            candidates.join(" or ")
        );
        eprintln!(
            "skipped: {} is absent; .ci/install-tools.sh installs it",
            candidates.join(" or ")
        );
    }
    found
}

fn chromium() -> Option<PathBuf> {
    tool(&["/usr/bin/chromium"])
}

fn browser(chromium: &Path, profile: &Path, args: &[&str]) -> Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn html_in_a_real_browser() {
    let Some(chromium) = chromium() else { return };
    let tmp = temp_dir();
    // A bar per milestone, and per round of a 毎年度 one (html_is_self_contained).
    for (dir, name, bars) in [(PROGRESS, "progress", 13), (INJECTION, "injection", 4)] {
        let page = tmp.path().join(format!("{name}.html"));
        stdout_ok(
            dir,
            &[
                "report",
                "-o",
                page.to_str().expect("UTF-8 path"),
                "--lang",
                "ja",
            ],
        );
        let url = format!("file://{}", page.display());
        let profile = tmp.path().join(format!("profile-{name}"));
        let dom = browser(&chromium, &profile, &["--dump-dom", &url]);
        assert!(dom.status.success(), "chromium --dump-dom failed");
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(
            dom.contains("<html lang=\"ja\">"),
            "the page loaded: {dom:.200}"
        );
        assert!(dom.contains("</footer>"), "the whole page loaded");
        assert_eq!(
            dom.matches("<rect class=\"bar ").count(),
            bars,
            "one timeline bar per milestone"
        );
        // Hostile text stays text: no element came from the data.
        assert!(!dom.contains("<script"), "a script element in the DOM");
        assert!(!dom.contains("<img"), "an img element in the DOM");
        assert!(!dom.contains("<b>track"), "a b element from the data");
        let shot = tmp.path().join(format!("{name}.png"));
        let out = browser(
            &chromium,
            &profile,
            &[
                "--window-size=1400,2000",
                &format!("--screenshot={}", shot.display()),
                &url,
            ],
        );
        assert!(out.status.success(), "chromium --screenshot failed");
        let png = std::fs::read(&shot).expect("a screenshot");
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "a real screenshot"
        );
        if let Ok(keep) = std::env::var("ROADMAP_KEEP_SCREENSHOTS") {
            let _ = std::fs::copy(&shot, Path::new(&keep).join(format!("report-{name}.png")));
        }
    }
}

/// The Content-Security-Policy proven in a browser: a report page with one cell's escaping undone
/// (the test swaps the escaped text of the injection fixture for the raw markup, so no hook exists
/// in the tool) runs no script — neither the `<script>` nor an `onerror` handler, which would
/// mark the document — while the same page without its policy does run them, so the check can
/// fail.
#[test]
fn the_policy_keeps_an_unescaped_cell_from_running_code() {
    let Some(chromium) = chromium() else { return };
    let tmp = temp_dir();
    let page = text(INJECTION, &["report", "--format", "html", "--lang", "ja"]);
    let escaped = "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;";
    assert!(page.contains(escaped), "the cell is on the page");
    let raw = "<script>document.documentElement.setAttribute('data-ran', 'script')</script>\
               <img src=\"missing.png\" onerror=\"document.documentElement.setAttribute('data-img', 'ran')\">";
    // A cell of the table (the first occurrences are in the timeline's SVG titles, text only).
    let at = page
        .match_indices(escaped)
        .map(|(at, _)| at)
        .find(|at| {
            page.get(at + escaped.len()..)
                .is_some_and(|rest| rest.starts_with("</span>"))
        })
        .expect("the text in a table cell");
    let (head, tail) = page.split_at_checked(at).expect("a boundary");
    let bypassed = format!("{head}{raw}{}", tail.strip_prefix(escaped).unwrap_or(tail));
    let policy = bypassed
        .lines()
        .find(|l| l.contains("http-equiv=\"Content-Security-Policy\""))
        .expect("the page has a policy");
    let unprotected = bypassed.replacen(policy, "", 1);
    let dom = |name: &str, html: &str| {
        let path = tmp.path().join(format!("{name}.html"));
        std::fs::write(&path, html).expect("write");
        let profile = tmp.path().join(format!("profile-{name}"));
        let url = format!("file://{}", path.display());
        let out = browser(
            &chromium,
            &profile,
            &["--virtual-time-budget=5000", "--dump-dom", &url],
        );
        assert!(out.status.success(), "chromium --dump-dom failed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let ran = |dom: &str| {
        (
            dom.contains("data-ran=\"script\""),
            dom.contains("data-img=\"ran\""),
        )
    };
    let control = dom("control", &unprotected);
    assert_eq!(
        ran(&control),
        (true, true),
        "without the policy the code runs: {control:.300}"
    );
    let guarded = dom("guarded", &bypassed);
    assert!(guarded.contains("</footer>"), "the whole page loaded");
    assert!(
        guarded.contains("<script>"),
        "the injected element is in the page"
    );
    assert_eq!(ran(&guarded), (false, false), "the policy let code run");
}

// ---- Hostile text ----

const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

#[test]
fn injection_markdown_and_html_escape_everything() {
    let md = text(INJECTION, &["report", "--format", "md"]);
    for bad in ["<script", "<img", "<b>", "<i>", "\"><"] {
        assert!(!md.contains(bad), "markdown holds {bad}");
    }
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(md.contains("a &#124; b<br>second line"));
    let html = text(INJECTION, &["report", "--format", "html"]);
    for bad in [
        "<script",
        "<img",
        "<b>",
        "<i>",
        "\"><img",
        "onerror=alert(1)>",
    ] {
        assert!(!html.contains(bad), "html holds {bad}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
}

#[test]
fn injection_csv_neutralises_formulas() {
    for table in ["items", "milestones", "indicators"] {
        let bytes = stdout_ok(INJECTION, &["report", "--format", "csv", "--table", table]);
        let s = csv_text(bytes);
        let mut reader = csv::ReaderBuilder::new().from_reader(s.as_bytes());
        let mut seen_formula = false;
        for record in reader.records() {
            for field in record.expect("valid CSV").iter() {
                // The one formula written is the tool's own guard against Excel's date guessing,
                // `="1-1-1"`: a string of digits and date separators, nothing else.
                let guard = field
                    .strip_prefix("=\"")
                    .and_then(|f| f.strip_suffix('"'))
                    .is_some_and(|inner| {
                        !inner.is_empty()
                            && inner
                                .chars()
                                .all(|c| c.is_ascii_digit() || "-/.:年月日".contains(c))
                    });
                assert!(
                    guard || !field.starts_with(FORMULA_START),
                    "{table}: live formula {field:?}"
                );
                seen_formula |= field.starts_with("'=HYPERLINK");
            }
        }
        assert!(seen_formula, "{table}: the formula is kept, neutralised");
    }
}

#[test]
fn injection_xlsx_has_no_formulas() {
    let tmp = temp_dir();
    let out = tmp.path().join("evil.xlsx");
    let mut wb = workbook(INJECTION, &out, "en");
    for sheet in ["工程表", "進捗", "工程", "指標"] {
        let formulas = wb.worksheet_formula(sheet).expect("formulas");
        assert!(
            formulas.cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has a formula"
        );
        let range = wb.worksheet_range(sheet).expect("sheet");
        for (_, _, v) in range.cells() {
            if let Data::String(s) = v {
                assert!(!s.starts_with(FORMULA_START), "{sheet}: {s:?}");
            }
        }
    }
}

// ---- Errors and writing ----

#[test]
fn fy_and_as_of_together_are_a_usage_error() {
    let out = run(PROGRESS, &["--as-of", AS_OF, "report", "--fy", "2023"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("either --fy or --as-of"));
}

#[test]
fn an_invalid_roadmap_is_refused() {
    let tmp = temp_dir();
    let dir = tmp.path().join("bad");
    std::fs::create_dir_all(dir.join("items")).expect("mkdir");
    std::fs::copy(
        Path::new(PROGRESS).join("roadmap.toml"),
        dir.join("roadmap.toml"),
    )
    .expect("copy");
    std::fs::write(
        dir.join("items/9-9-9.toml"),
        "id = \"9-9-9\"\ntitle = \"x\"\n",
    )
    .expect("write");
    let target = tmp.path().join("out.md");
    let out = run(
        dir.to_str().expect("UTF-8"),
        &["report", "-o", target.to_str().expect("UTF-8")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[RM"), "findings shown: {err}");
    assert!(err.contains("roadmap validate"), "{err}");
    assert!(!target.exists(), "nothing written");
}

#[test]
fn writes_are_atomic_and_errors_leave_nothing() {
    let tmp = temp_dir();
    let target = tmp.path().join("report.md");
    std::fs::write(&target, "old").expect("write");
    stdout_ok(PROGRESS, &["report", "-o", target.to_str().expect("UTF-8")]);
    let new = std::fs::read_to_string(&target).expect("read");
    assert!(new.starts_with("# "), "replaced whole");
    let entries: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries.len(), 1, "no temporary file left: {entries:?}");

    let missing = tmp.path().join("no/such/dir/report.csv");
    let out = run(
        PROGRESS,
        &["report", "-o", missing.to_str().expect("UTF-8")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err =
        String::from_utf8_lossy(&out.stderr).replace(tmp.path().to_str().expect("UTF-8"), "[TMP]");
    insta::assert_snapshot!("write_error", err);
}

#[test]
fn format_follows_the_file_extension() {
    let tmp = temp_dir();
    for (name, magic) in [
        ("r.html", &b"<!DOCTYPE html>"[..]),
        ("r.csv", b"\xEF\xBB\xBF"),
        ("r.xlsx", b"PK"),
        ("r.md", b"# "),
    ] {
        let path = tmp.path().join(name);
        stdout_ok(PROGRESS, &["report", "-o", path.to_str().expect("UTF-8")]);
        let bytes = std::fs::read(&path).expect("read");
        assert!(bytes.starts_with(magic), "{name}");
    }
}

#[test]
fn lang_defaults_to_the_locale() {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--color", "never", "--dir", PROGRESS, "--as-of", AS_OF, "report",
        ])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("## 概要"));
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--color", "never", "--dir", PROGRESS, "--as-of", AS_OF, "report",
        ])
        .env("LC_ALL", "C.UTF-8")
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("## Overview"));
}

#[test]
fn xlsx_is_refused_on_a_terminal() {
    // `script` gives the command a pseudo-terminal as stdout.
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        eprintln!("skipped: /usr/bin/script (util-linux) is absent");
        return;
    }
    let cmd = format!(
        "{} --color never --dir {PROGRESS} --as-of {AS_OF} report --format xlsx",
        env!("CARGO_BIN_EXE_roadmap")
    );
    let out = Command::new(script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("script runs");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("use -o") || shown.contains("with -o FILE"),
        "{shown}"
    );
    assert!(!shown.contains("PK"), "no binary on the terminal");
}

/// The page's body, every byte of it, for a roadmap with reports, indicators and changes and for
/// one with merged columns, phases and in-year parts, in both languages: what the template prints
/// and what `html.rs` makes as markup (a row's cells, a roadmap-table line, the timeline's lanes
/// and bars) held to one text. The stylesheet above it is the template's own and is left out.
#[test]
fn html_page_body() {
    for (name, dir) in [
        ("progress", PROGRESS),
        ("columns", "tests/fixtures/columns"),
    ] {
        for lang in ["ja", "en"] {
            let html = text(dir, &["report", "--format", "html", "--lang", lang]);
            let body = html.split_once("<body>").map(|(_, b)| b).expect("a body");
            insta::assert_snapshot!(format!("html_body_{name}_{lang}"), body);
        }
    }
}

/// The page's `lang` follows `--lang` (it was always `ja`), with its title and headings.
#[test]
fn html_lang_follows_the_language() {
    for lang in ["ja", "en"] {
        let html = text(PROGRESS, &["report", "--format", "html", "--lang", lang]);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        let head: Vec<&str> = html
            .lines()
            .filter(|l| {
                l.starts_with("<html")
                    || l.starts_with("<title>")
                    || l.starts_with("<h1>")
                    || l.starts_with("<h2")
                    || l.starts_with("<dt>")
            })
            .collect();
        insta::assert_snapshot!(format!("html_head_{lang}"), head.join("\n"));
    }
}

// ---- Print ----

/// Prints an HTML file to PDF with headless Chromium (A4 landscape comes from the page's CSS);
/// the PDF's pages as text (pdftotext -layout), or `None` when the tools are absent.
fn print_pages(html: &Path) -> Option<Vec<String>> {
    let chromium = chromium()?;
    let pdftotext = tool(&["/usr/bin/pdftotext"])?;
    let pdf = html.with_extension("pdf");
    let profile = html.with_extension("profile");
    let out = browser(
        &chromium,
        &profile,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", html.display()),
        ],
    );
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new(pdftotext)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(text.stdout).expect("UTF-8 text");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// Every printed page carries the roadmap's title, the 基準日 as `as_of` words it, and its number
/// (`number(page, pages)`).
fn every_page_has<P: AsRef<str>>(
    pages: &[P],
    as_of: &str,
    number: impl Fn(usize, usize) -> String,
) {
    let total = pages.len();
    for (n, page) in pages.iter().map(AsRef::as_ref).enumerate() {
        let n = n + 1;
        assert!(page.contains("厚生労働省改革工程表"), "page {n}: no title");
        assert!(page.contains(as_of), "page {n}: no 基準日");
        assert!(page.contains(&number(n, total)), "page {n}: no page number");
    }
}

/// A PDF's page count (`pdfinfo`).
pub(crate) fn page_count(pdf: &Path) -> usize {
    let Some(pdfinfo) = tool(&["/usr/bin/pdfinfo"]) else {
        return 0;
    };
    let out = Command::new(pdfinfo)
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo names the pages")
}

/// A word of a printed page and its box (points, y downwards), as `pdftotext -bbox` finds it.
#[derive(Clone, Debug)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// The words of every page of a PDF.
fn pdf_words(pdf: &Path) -> Vec<Vec<Word>> {
    let Some(pdftotext) = tool(&["/usr/bin/pdftotext"]) else {
        return Vec::new();
    };
    let out = Command::new(pdftotext)
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let xml = String::from_utf8(out.stdout).expect("UTF-8");
    let attr = |w: &str, name: &str| -> f64 {
        w.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let unescape = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .filter_map(|w| {
                    let (head, rest) = w.split_once('>')?;
                    let text = rest.split("</word>").next()?;
                    Some(Word {
                        x0: attr(head, "xMin"),
                        y0: attr(head, "yMin"),
                        x1: attr(head, "xMax"),
                        y1: attr(head, "yMax"),
                        text: unescape(text),
                    })
                })
                .collect()
        })
        .collect()
}

/// The state labels of the Japanese report, in both forms (`● 完了`, `●（完了）`): a mark and its
/// label are one unit.
fn state_labels() -> Vec<String> {
    const MARKED: [&str; 9] = [
        "● 完了",
        "◉ 実施中",
        "○ 実施期間中",
        "◐ 今年度期限",
        "▲ 遅延",
        "△ 期限超過・未報告",
        "◇ 開始前",
        "× 中止",
        "－ 工程未公表",
    ];
    MARKED
        .iter()
        .flat_map(|l| {
            let (mark, label) = l.split_once(' ').expect("mark and label");
            [(*l).to_owned(), format!("{mark}（{label}）")]
        })
        .collect()
}

/// Where the tokens of `s` lie (char ranges): every state label, and every id, date, number or
/// year with its unit (`1-1-1`, `2023-06-30`, `12.5`, `2022年度`, `令和5年12月22日`).
fn token_spans(s: &[char], labels: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for label in labels {
        for at in 0..s.len() {
            if s[at..].starts_with(label) {
                spans.push((at, at + label.len()));
            }
        }
    }
    let digit = |k: usize| s.get(k).is_some_and(char::is_ascii_digit);
    let mut k = 0;
    while k < s.len() {
        let era = s[k..].starts_with(&['令', '和']) || s[k..].starts_with(&['平', '成']);
        if !(digit(k) || (era && digit(k + 2))) {
            k += 1;
            continue;
        }
        let start = k;
        if era {
            k += 2;
        }
        loop {
            while digit(k) || ("-/.:".contains(s.get(k).copied().unwrap_or(' ')) && digit(k + 1)) {
                k += 1;
            }
            if s[k..].starts_with(&['年', '度']) {
                k += 2;
                break;
            }
            match s.get(k) {
                Some('年' | '月') if digit(k + 1) => k += 1,
                Some('年' | '月' | '日') => {
                    k += 1;
                    break;
                }
                _ => break,
            }
        }
        if k - start >= 2 {
            spans.push((start, k));
        }
    }
    spans
}

/// The library's scan of bytes (`unbreakable`, byte ranges) finds what [`token_spans`], a scan of
/// characters, finds: on every text of up to four pieces (labels, labels cut short, a mark alone,
/// digits and separators, 年度 and 年月日, eras, kana), in both languages' labels, and with no
/// labels (the tokens alone).
#[test]
fn the_library_finds_the_tokens_a_scan_of_characters_finds() {
    use roadmap::i18n::Lang;
    use roadmap::render::report::{Labels, state_labels, unbreakable};
    // Character ranges as bytes, overlapping ones merged (a label with a year in it).
    let in_bytes = |text: &str, mut spans: Vec<(usize, usize)>| {
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a < last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let byte = |k: usize| text.chars().take(k).map(char::len_utf8).sum::<usize>();
        merged
            .into_iter()
            .map(|(a, b)| (byte(a), byte(b)))
            .collect::<Vec<_>>()
    };
    for lang in [Lang::Ja, Lang::En] {
        let each = state_labels(lang);
        let labels = Labels::new(each.clone());
        let chars: Vec<Vec<char>> = each.iter().map(|l| l.chars().collect()).collect();
        let mut pieces: Vec<String> = each.iter().take(6).cloned().collect();
        let cut: Vec<String> = pieces.iter().map(|l| l.chars().take(2).collect()).collect();
        pieces.extend(cut);
        pieces.extend(
            [
                "●", "2023", "5", "-", "年度", "年", "月3日", "令和", "平成", "あ", " ",
            ]
            .map(String::from),
        );
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.chars().count() < 40)
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        assert!(texts.len() > 50_000, "{}", texts.len());
        let (mut plain, mut tokens) = (0, 0);
        for text in &texts {
            let s: Vec<char> = text.chars().collect();
            let numbers = in_bytes(text, token_spans(&s, &[]));
            assert_eq!(unbreakable(text, &Labels::default()), numbers, "{text}");
            tokens += usize::from(!numbers.is_empty());
            let found = unbreakable(text, &labels);
            assert_eq!(found, in_bytes(text, token_spans(&s, &chars)), "{text}");
            assert!(
                found
                    .iter()
                    .all(|(a, b)| text.is_char_boundary(*a) && text.is_char_boundary(*b)),
                "{text}"
            );
            plain += usize::from(found.is_empty());
        }
        assert!(plain > 100, "{plain} texts without a span");
        assert!(tokens > 10_000, "{tokens} texts with a token");
    }
}

/// Lines of printed text broken inside a token: a state's mark and label, an id, a date, a number
/// or a year and its unit. The words of each page are joined into the lines of each cell (words
/// on one baseline, no wider apart than a space); a cell's line goes on in the line right below
/// it that starts, ends or is centred where it does (a wrapped line; the next row is further
/// down). A break is a token that runs over the join — except between two digits, which two
/// rows of ids or counts would also give.
fn broken_in(pages: &[Vec<Word>]) -> Vec<String> {
    #[derive(Debug)]
    struct Segment {
        x0: f64,
        x1: f64,
        y0: f64,
        h: f64,
        text: String,
    }
    let labels: Vec<Vec<char>> = state_labels().iter().map(|l| l.chars().collect()).collect();
    let mut bad = Vec::new();
    for (n, words) in pages.iter().enumerate() {
        let mut words = words.clone();
        words.sort_by(|a, b| {
            ((a.y0 * 2.0).round())
                .total_cmp(&(b.y0 * 2.0).round())
                .then(a.x0.total_cmp(&b.x0))
        });
        let mut segments: Vec<Segment> = Vec::new();
        for w in words {
            let h = w.y1 - w.y0;
            match segments.last_mut() {
                Some(s)
                    if (s.y0 - w.y0).abs() < 0.5
                        && w.x0 >= s.x1 - 0.5
                        && w.x0 - s.x1 <= 0.45 * h =>
                {
                    s.text.push(' ');
                    s.text.push_str(&w.text);
                    s.x1 = w.x1;
                }
                _ => segments.push(Segment {
                    x0: w.x0,
                    x1: w.x1,
                    y0: w.y0,
                    h,
                    text: w.text,
                }),
            }
        }
        for a in &segments {
            for b in &segments {
                let pitch = b.y0 - a.y0;
                let below = pitch > 0.5 * a.h && pitch <= 1.35 * a.h;
                let near = |p: f64, q: f64| (p - q).abs() <= 2.0;
                let aligned = near(a.x0, b.x0)
                    || near(a.x1, b.x1)
                    || near((a.x0 + a.x1) / 2.0, (b.x0 + b.x1) / 2.0);
                if !below || !aligned {
                    continue;
                }
                let joined: Vec<char> = a.text.chars().chain(b.text.chars()).collect();
                let at = a.text.chars().count();
                let digits = joined[at - 1].is_ascii_digit() && joined[at].is_ascii_digit();
                if !digits
                    && token_spans(&joined, &labels)
                        .iter()
                        .any(|(s, e)| *s < at && at < *e)
                {
                    bad.push(format!("page {}: {} ⏎ {}", n + 1, a.text, b.text));
                }
            }
        }
    }
    bad
}

/// [`broken_in`] of a PDF.
fn broken_tokens(pdf: &Path) -> Vec<String> {
    broken_in(&pdf_words(pdf))
}

#[test]
fn the_token_check_finds_breaks_and_only_breaks() {
    let word = |x0: f64, y0: f64, text: &str| Word {
        x0,
        y0,
        x1: x0 + 10.0 * text.chars().count() as f64,
        y1: y0 + 12.0,
        text: text.to_owned(),
    };
    // Wrapped lines of one cell: left-aligned, one line pitch apart.
    for (first, second) in [
        ("● 完", "了"),
        ("△（期限超過・未報", "告）"),
        ("2023-06-", "30"),
        ("2022年度〜2024", "年度"),
        ("令和5年12", "月22日"),
        ("1-1-", "1 職場の上司"),
    ] {
        let page = vec![word(100.0, 100.0, first), word(100.0, 114.0, second)];
        assert_eq!(broken_in(&[page]).len(), 1, "{first} / {second}");
    }
    for (first, second, dy) in [
        // Breaks that are allowed: between the halves of a range, after a token.
        ("2022年度〜", "2024年度", 14.0),
        ("● 完了", "2023年度 ◐ 今年度期限", 14.0),
        // Two rows of ids, two cells side by side are not one text.
        ("1-1-1", "1-1-2", 14.0),
        ("2023-06-", "30", 30.0),
    ] {
        let page = vec![word(100.0, 100.0, first), word(100.0, 100.0 + dy, second)];
        assert!(broken_in(&[page]).is_empty(), "{first} / {second}");
    }
    let beside = vec![word(100.0, 100.0, "2023-06-"), word(300.0, 114.0, "30")];
    assert!(broken_in(&[beside]).is_empty());
}

/// The sizes of the type a PDF shows text in, read from its content streams: each `Tf` size
/// times the text matrix's scale, for every text-showing operator. LibreOffice writes a sheet
/// printed at 85 % as `8.5 Tf`.
fn pdf_text_sizes(pdf: &Path) -> Vec<f64> {
    use std::io::Read as _;
    let bytes = std::fs::read(pdf).expect("the PDF");
    let mut sizes = Vec::new();
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut at = 0;
    while let Some(k) = find(&bytes[at..], b"stream") {
        let begin = at + k;
        at = begin + 6;
        // A stream starts after its dictionary (`>>`), not at `endstream`.
        let before = &bytes[..begin];
        let dict_end = before.iter().rposition(|b| !b.is_ascii_whitespace());
        if dict_end.is_none_or(|e| !before[..=e].ends_with(b">>")) {
            continue;
        }
        let dict_start = find_last(before, b"<<").unwrap_or(0);
        let dict = String::from_utf8_lossy(&before[dict_start..begin]);
        // Fonts and images are streams too; content streams have no subtype.
        if !dict.contains("FlateDecode") || dict.contains("/Subtype") || dict.contains("/Length1") {
            continue;
        }
        let mut data = at;
        while bytes.get(data).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            data += 1;
        }
        let Some(len) = find(&bytes[data..], b"endstream") else {
            break;
        };
        let mut text = Vec::new();
        let _ = flate2::read::ZlibDecoder::new(&bytes[data..data + len]).read_to_end(&mut text);
        let text = String::from_utf8_lossy(&text);
        let tokens = pdf_tokens(&text);
        let (mut size, mut scale) = (0.0_f64, 1.0_f64);
        for (k, t) in tokens.iter().enumerate() {
            let number = |back: usize| {
                k.checked_sub(back)
                    .and_then(|i| tokens[i].parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            let shows = ["Tj", "TJ", "'", "\""].contains(&t.as_str());
            match t.as_str() {
                "BT" => scale = 1.0,
                "Tf" => size = number(1),
                "Tm" => scale = number(3).abs(),
                _ if shows && size > 0.0 => sizes.push((size * scale * 10.0).round() / 10.0),
                _ => {}
            }
        }
        at = data + len;
    }
    sizes
}

/// The tokens of a PDF content stream: operators and numbers, with strings (`<0102>`, `(ab)`)
/// and array brackets apart — they touch what is next to them (`/F1 10 Tf[<0102>]TJ`).
fn pdf_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            c if c.is_ascii_whitespace() => flush(&mut cur, &mut out),
            '[' | ']' | '{' | '}' => {
                flush(&mut cur, &mut out);
                out.push(c.to_string());
            }
            '/' => {
                flush(&mut cur, &mut out);
                cur.push(c);
            }
            '<' | '(' => {
                flush(&mut cur, &mut out);
                let close = if c == '<' { '>' } else { ')' };
                let mut string = String::from(c);
                let mut depth = 1;
                while let Some(d) = chars.next() {
                    string.push(d);
                    match d {
                        '\\' if c == '(' => {
                            if let Some(e) = chars.next() {
                                string.push(e);
                            }
                        }
                        '(' if c == '(' => depth += 1,
                        d if d == close => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.push(string);
            }
            _ => cur.push(c),
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn html_prints_with_the_title_and_as_of_date_on_every_page() {
    if !shipped() {
        return;
    }
    let tmp = temp_dir();
    let html = tmp.path().join("report.html");
    let path = html.to_str().expect("UTF-8 temp path");
    stdout_ok(
        SHIPPED,
        &[
            "--as-of",
            "2024-03-31",
            "report",
            "-o",
            path,
            "--lang",
            "ja",
        ],
    );
    let Some(pages) = print_pages(&html) else {
        return;
    };
    let pdf = html.with_extension("pdf");
    let count = page_count(&pdf);
    assert_eq!(count, pages.len());
    assert!((30..60).contains(&count), "{count} pages");
    every_page_has(&pages, "基準日 令和6年3月31日", |n, total| {
        format!("{n} / {total} ページ")
    });
    // The transcriber's notes are not printed.
    assert!(!pages.concat().contains("転記注"));
    let bad = broken_tokens(&pdf);
    assert!(bad.is_empty(), "tokens broken across lines: {bad:#?}");
    // A 大項目 (after the first) starts a page of the roadmap table: its heading is the first
    // row under the repeated header.
    for category in [
        "2 業務効率化・柔軟な働き方の推進",
        "4 幹部職員による組織変革",
    ] {
        assert!(
            pages.iter().any(|p| {
                let lines: Vec<&str> = p.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
                lines.len() > 3 && lines[1].starts_with("ID") && lines[2] == category
            }),
            "the roadmap table does not start {category} on a page"
        );
    }
    // An item's heading and facts are never the last thing on a page.
    for (n, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let tail = lines.len().saturating_sub(2);
        assert!(
            !lines[tail..].iter().any(|l| l.starts_with("最終報告日")),
            "page {}: an item's heading ends the page",
            n + 1
        );
    }
}

#[test]
fn summary_prints_on_one_page() {
    if !shipped() {
        return;
    }
    let tmp = temp_dir();
    // The shipped roadmap in both languages, and one with recorded progress (delays, reasons,
    // values against targets).
    for (dir, name, args) in [
        (
            SHIPPED,
            "ja",
            &["--as-of", "2024-03-31", "report", "--lang", "ja"][..],
        ),
        (
            SHIPPED,
            "en",
            &["--as-of", "2024-03-31", "report", "--lang", "en"],
        ),
        (
            RECORDED,
            "recorded",
            &["report", "--fy", "2023", "--lang", "ja"],
        ),
    ] {
        let html = tmp.path().join(format!("summary-{name}.html"));
        let path = html.to_str().expect("UTF-8 temp path");
        let mut args = args.to_vec();
        args.extend(["--summary", "-o", path]);
        stdout_ok(dir, &args);
        if print_pages(&html).is_none() {
            return;
        }
        let pdf = html.with_extension("pdf");
        assert_eq!(
            page_count(&pdf),
            1,
            "{name}: the summary takes more than a page"
        );
        let bad = broken_tokens(&pdf);
        assert!(bad.is_empty(), "{name}: {bad:#?}");
    }
}

#[test]
fn summary_since_and_notes_in_markdown() {
    // The one-page summary; the transcriber's notes only when asked for.
    let md = text(
        SHIPPED,
        &[
            "--as-of",
            "2024-03-31",
            "report",
            "--summary",
            "--lang",
            "ja",
        ],
    );
    insta::assert_snapshot!("shipped_summary_md_ja", md);
    let plain = text(
        SHIPPED,
        &["--as-of", "2024-03-31", "report", "--lang", "ja"],
    );
    let notes = text(
        SHIPPED,
        &[
            "--as-of",
            "2024-03-31",
            "report",
            "--lang",
            "ja",
            "--include-notes",
        ],
    );
    assert!(!plain.contains("転記注"));
    assert_eq!(notes.matches("転記注: ").count(), 25);
    // What --include-notes adds to the Markdown: the lines that differ.
    let added: Vec<&str> = notes
        .lines()
        .filter(|l| !plain.lines().any(|p| p == *l))
        .collect();
    insta::assert_snapshot!("shipped_md_notes_ja", added.join("\n"));
    // --summary is for the formats that carry it.
    let out = run(SHIPPED, &["report", "--summary", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The workbook printed by LibreOffice (headless, Debian's package) to PDF: every page carries
/// the title and the 基準日 (the print header) and its page number, no text is printed smaller
/// than 8 pt (the sizes the PDF sets its type in), and no line breaks inside a token — for the
/// shipped roadmap and one with recorded progress.
#[test]
fn xlsx_prints_with_its_header_on_every_page() {
    if !shipped() {
        return;
    }
    let Some(soffice) = tool(&["/usr/bin/soffice", "/usr/bin/libreoffice"]) else {
        return;
    };
    let Some(pdftotext) = tool(&["/usr/bin/pdftotext"]) else {
        return;
    };
    let tmp = temp_dir();
    for (dir, name) in [(SHIPPED, "shipped"), (RECORDED, "recorded")] {
        let book = tmp.path().join(format!("{name}.xlsx"));
        let path = book.to_str().expect("UTF-8 temp path");
        stdout_ok(
            dir,
            &[
                "--as-of",
                "2024-03-31",
                "report",
                "-o",
                path,
                "--lang",
                "ja",
            ],
        );
        let pdf = workbook_to_pdf(&soffice, &book, tmp.path());
        let text = pdf_text(&pdftotext, &pdf);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let count = page_count(&pdf);
        assert_eq!(count, pages.len(), "{name}");
        assert!((7..50).contains(&count), "{name}: {count} pages");
        every_page_has(&pages, "基準日: 令和6年3月31日", |n, total| {
            format!("{n} / {total}")
        });
        let sizes = pdf_text_sizes(&pdf);
        // The reader reads real sizes: the titles (14 pt) and the cells (10 pt) of a sheet are
        // scaled alike.
        assert!(
            sizes
                .iter()
                .any(|t| sizes.iter().any(|b| (t / b - 1.4).abs() < 0.02)),
            "{name}: no title at 1.4 times the text: {sizes:?}"
        );
        let smallest = sizes.iter().copied().fold(f64::MAX, f64::min);
        assert!(
            smallest >= 8.0,
            "{name}: text printed at {smallest:.1} pt (under 8 pt)"
        );
        let bad = broken_tokens(&pdf);
        assert!(
            bad.is_empty(),
            "{name}: tokens broken across lines: {bad:#?}"
        );
    }
}

/// `--summary` as a workbook: one sheet that LibreOffice prints on one page, no token broken
/// across lines.
#[test]
fn xlsx_summary_prints_on_one_page() {
    let tmp = temp_dir();
    let book = tmp.path().join("summary.xlsx");
    let path = book.to_str().expect("UTF-8 temp path");
    stdout_ok(
        RECORDED,
        &["report", "--fy", "2023", "--summary", "-o", path],
    );
    let mut wb: Xlsx<_> = calamine::open_workbook(&book).expect("the workbook opens");
    assert_eq!(wb.sheet_names(), ["要約"]);
    let range = wb.worksheet_range("要約").expect("the sheet");
    let texts: Vec<String> = range.cells().map(|(_, _, v)| cell_text(v)).collect();
    for expected in [
        "指標の達成状況",
        "遅延（報告あり）",
        "最新値",
        "70.5%（2023年度）",
    ] {
        // Laid out for its column, a text may hold line breaks (between its tokens).
        assert!(
            texts.iter().any(|t| t.replace('\n', "") == expected),
            "no {expected}: {texts:?}"
        );
    }
    let Some(soffice) = tool(&["/usr/bin/soffice", "/usr/bin/libreoffice"]) else {
        return;
    };
    let pdf = workbook_to_pdf(&soffice, &book, tmp.path());
    assert_eq!(page_count(&pdf), 1);
    let bad = broken_tokens(&pdf);
    assert!(bad.is_empty(), "{bad:#?}");
    // Fitted to one page, it may print smaller than the report's sheets: 7.2 pt with this
    // fixture's lists (8.1 pt for the shipped roadmap). This keeps it from getting smaller.
    let smallest = pdf_text_sizes(&pdf).into_iter().fold(f64::MAX, f64::min);
    assert!(smallest >= 7.0, "the summary prints at {smallest:.1} pt");
}

/// The timeline draws the plan in force, in the milestone's state, with the published plan
/// outlined where a change moved it; a 毎年度 milestone's rounds each in their own state. It drew
/// the published plan only: a slipped milestone looked on time.
#[test]
fn html_timeline_draws_the_plan_in_force_beside_the_published_one() {
    let html = text(
        "tests/fixtures/followup",
        &[
            "report",
            "--format",
            "html",
            "--lang",
            "ja",
            "--as-of",
            "2024-03-31",
        ],
    );
    let titled = |class: &str, with: &str| -> Vec<String> {
        html.split(&format!("<rect class=\"{class}"))
            .skip(1)
            .filter_map(|r| r.split("</title>").next())
            .filter(|r| r.contains(with))
            .map(str::to_owned)
            .collect()
    };
    let planned = titled("planned", "1-1-1 model-run");
    assert_eq!(planned.len(), 1, "{planned:?}");
    assert!(planned[0].contains("当初計画: 2023年度"), "{planned:?}");
    let current = titled("bar delayed", "1-1-1 model-run");
    assert_eq!(current.len(), 1, "{current:?}");
    assert!(
        current[0].contains("現計画: 2023年度〜2024年度"),
        "{current:?}"
    );
    // An unchanged milestone has no outline.
    assert!(titled("planned", "1-1-3").is_empty());
    // The 毎年度 training (2022–2024): done in 2022 and 2023, not begun in 2024.
    let rounds: Vec<String> = titled("bar", "1-1-1 training")
        .iter()
        .map(|t| t.split('"').next().unwrap_or_default().trim().to_owned())
        .collect();
    assert_eq!(rounds, ["done", "done", "upcoming"], "{rounds:?}");
}

/// The sheets of states say which come from the calendar, under their 基準日 (the other views
/// do), and the overview heads the cross-cutting themes apart from the 大項目 above them.
#[test]
fn xlsx_says_which_states_are_derived_and_heads_the_themes() {
    let tmp = temp_dir();
    let out = tmp.path().join("report.xlsx");
    let mut wb = workbook(SHIPPED, &out, "ja");
    let derived = "暦から導いた状態で、報告によるものではありません";
    let second_row = |wb: &mut Xlsx<_>, name: &str| {
        let range = wb.worksheet_range(name).expect("the sheet");
        range.get((1, 0)).map(cell_text).unwrap_or_default()
    };
    for name in ["概要", "工程表", "進捗", "遅延・期限超過", "工程"] {
        let line = second_row(&mut wb, name);
        assert!(line.starts_with("基準日: "), "{name}: {line}");
        assert!(line.contains(derived), "{name}: {line}");
    }
    for name in ["計画変更", "指標"] {
        let line = second_row(&mut wb, name);
        assert!(!line.contains(derived), "{name}: {line}");
    }
    let overview = wb.worksheet_range("概要").expect("sheet 概要");
    let first: Vec<String> = overview
        .rows()
        .map(|r| r.first().map(cell_text).unwrap_or_default())
        .collect();
    let heading = first
        .iter()
        .position(|c| c == "横断テーマ")
        .unwrap_or_else(|| panic!("no themes heading: {first:?}"));
    // The last 中項目 (indented by an ideographic space), then the heading, then the themes.
    assert!(
        first[heading - 1].trim_start().starts_with("4-3 "),
        "{first:?}"
    );
    assert!(first[heading + 1].starts_with("※1 "), "{first:?}");
}

/// The summary's lists keep eight characters of a text where its columns are narrow: a list too
/// wide for half the page takes the whole width (and the page is A3). Half a page gave an
/// item's title two columns: 「職…」.
#[test]
fn xlsx_summary_lists_keep_their_texts_readable() {
    let tmp = temp_dir();
    let book = tmp.path().join("summary.xlsx");
    let path = book.to_str().expect("UTF-8 temp path");
    stdout_ok(
        "tests/fixtures/followup",
        &[
            "report",
            "--as-of",
            "2024-03-31",
            "--lang",
            "ja",
            "--summary",
            "-o",
            path,
        ],
    );
    let mut wb: Xlsx<_> = calamine::open_workbook(&book).expect("the workbook opens");
    let range = wb.worksheet_range("要約").expect("the sheet");
    let texts: Vec<String> = range.cells().map(|(_, _, v)| cell_text(v)).collect();
    for start in ["職場の上司による", "応募のあった部局等", "モデル部局の国会"]
    {
        assert!(
            texts.iter().any(|t| t.starts_with(start)),
            "no text starting {start}: {texts:?}"
        );
    }
    let mut zip = crate::support::workbook_zip(&book);
    let sheet = crate::support::xml_part(&mut zip, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("paperSize=\"8\""), "A3");
}

/// What calamine cannot read, read from the workbook's XML: every sheet's print header and
/// footer, fit to one page wide on A4 or A3, the number formats, and a filter on every table
/// with rows (工程表 too).
#[test]
fn xlsx_parts_read_back() {
    let tmp = temp_dir();
    let book = tmp.path().join("report.xlsx");
    let path = book.to_str().expect("UTF-8 temp path");
    stdout_ok(PROGRESS, &["report", "-o", path, "--lang", "ja"]);
    let mut zip = crate::support::workbook_zip(&book);
    let mut part = |name: &str| crate::support::xml_part(&mut zip, name);
    let styles = part("xl/styles.xml");
    for format in [
        "0.0%",
        "[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;",
        "#,##0.##",
    ] {
        assert!(
            styles.contains(&format!("formatCode=\"{format}\"")),
            "no number format {format}"
        );
    }
    assert!(
        styles.contains("<name val=\"游ゴシック\"/>"),
        "the default font"
    );
    // Sheets 1–7: 概要, 工程表, 進捗, 遅延・期限超過, 計画変更 (no rows here), 指標, 工程.
    for n in 1..=7 {
        let sheet = part(&format!("xl/worksheets/sheet{n}.xml"));
        let header = sheet
            .split("<oddHeader>")
            .nth(1)
            .and_then(|h| h.split("</oddHeader>").next())
            .unwrap_or_else(|| panic!("sheet {n}: no print header"));
        assert!(
            header.contains("厚生労働省改革工程表"),
            "sheet {n}: {header}"
        );
        assert!(
            header.contains("基準日: 令和6年1月15日"),
            "sheet {n}: {header}"
        );
        assert!(
            sheet.contains("&amp;P / &amp;N</oddFooter>"),
            "sheet {n}: no page x/y in the footer"
        );
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet {n}"
        );
        assert!(
            sheet.contains("fitToHeight=\"0\""),
            "sheet {n}: one page wide"
        );
        assert!(
            sheet.contains("paperSize=\"8\"") || sheet.contains("paperSize=\"9\""),
            "sheet {n}: A3 or A4"
        );
        assert!(sheet.contains("orientation=\"landscape\""), "sheet {n}");
        // Written row by row (low memory), each row once and in order: a row written twice is a
        // workbook Excel offers to repair.
        let rows = crate::support::row_numbers(&sheet);
        assert!(
            rows.windows(2).all(|w| w[0] < w[1]),
            "sheet {n}: rows out of order or repeated"
        );
        assert!(
            sheet.contains("customHeight=\"1\""),
            "sheet {n}: rows as tall as their text"
        );
        assert_eq!(
            sheet.contains("<autoFilter ref=\"A4:"),
            n != 6,
            "sheet {n}: a filter on its table"
        );
    }
}

/// A list sheet's default row height is the height most of its rows have, so that only the other
/// rows carry a height of their own (which the library keeps until the workbook is saved: some
/// 200 bytes a row). On a generated roadmap past the plan's period, in English, the 工程 sheet's
/// rows are three lines high (the state's label, kept whole, takes three in its column), and the
/// old estimate (each line's width over the column's) said two: every row had its own height,
/// 28 MB of a 10,000-item workbook and 200 MB of a 100,000-item one.
#[test]
fn a_lists_default_row_height_is_the_one_most_of_its_rows_have() {
    let tmp = temp_dir();
    let dir = tmp.path().join("roadmap");
    roadmap::synth::write(&dir, 200, 0).expect("a generated roadmap");
    let book = tmp.path().join("report.xlsx");
    let path = book.to_str().expect("UTF-8 temp path");
    let dir = dir.to_str().expect("UTF-8 temp path");
    stdout_ok(
        dir,
        &[
            "report",
            "-o",
            path,
            "--as-of",
            "2026-03-31",
            "--lang",
            "en",
        ],
    );
    let mut zip = crate::support::workbook_zip(&book);
    // Sheets 4 and 7: the late list and the milestones, a row for each milestone past due.
    for n in [4, 7] {
        let sheet = crate::support::xml_part(&mut zip, &format!("xl/worksheets/sheet{n}.xml"));
        let attribute = |tag: &str, name: &str| -> Option<String> {
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            tag.get(at..)?.split('"').next().map(str::to_owned)
        };
        let format = sheet
            .split("<sheetFormatPr")
            .nth(1)
            .and_then(|t| t.split('>').next())
            .expect("the sheet's format");
        let default = attribute(format, "defaultRowHeight").expect("a default height");
        let mut count: std::collections::BTreeMap<String, usize> = Default::default();
        for row in sheet.split("<row ").skip(1) {
            let tag = row.split('>').next().unwrap_or_default();
            if let Some(ht) = attribute(&format!(" {tag}"), "ht") {
                *count.entry(ht).or_default() += 1;
            }
        }
        let (common, rows) = count.iter().max_by_key(|(_, n)| **n).expect("rows");
        assert!(*rows > 100, "sheet {n}: {count:?}");
        assert_eq!(&default, common, "sheet {n}: heights {count:?}");
    }
}

/// The data line names the commit of the repository the roadmap directory is in, wherever the
/// command runs from: a copy outside any repository names none (though run from inside this
/// one), and a roadmap in a repository is read through it when run from outside (`--since`
/// too).
#[test]
fn the_revision_is_the_roadmap_directorys() {
    let tmp = temp_dir();
    let copy = tmp.path().join("copy");
    crate::support::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join(PROGRESS), &copy);
    let md = text(copy.to_str().expect("UTF-8"), &["report"]);
    assert!(
        !md.contains("- データ:"),
        "a copy outside git names a commit"
    );

    let repo = crate::diff::Repo::base();
    let first = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["tag", "v1"]);
    repo.write(
        "items/2-1-1.toml",
        "id = \"2-1-1\"\ntitle = \"若手職員の育成\"\n\n[[milestones]]\nid = \"plan\"\ntext = \"育成計画の策定\"\nfrom = 2022\nto = 2023\n\n[[milestones.reports]]\non = 2023-05-01\nstatus = \"done\"\n",
    );
    repo.commit("2-1-1 done");
    let second = repo.git(&["rev-parse", "HEAD"]);
    assert_ne!(first, second);
    let outside = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let dir = repo.root.join("roadmap");
    let mut cmd = crate::support::roadmap_command(&outside);
    crate::support::git_env(&mut cmd, tmp.path());
    let out = cmd
        .args(["--color", "never", "--as-of", "2024-06-01", "--dir"])
        .arg(&dir)
        .args(["report", "--lang", "ja", "--since", "v1"])
        .output()
        .expect("roadmap runs");
    let md = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let short = second.get(..12).expect("a commit id");
    assert!(md.contains(&format!("コミット {short}")), "{md}");
    assert!(md.contains("前回報告からの変化"), "{md}");
    assert!(md.contains("育成計画の策定"), "{md}");
}

/// `-o` needs an extension that names a format, unless `--format` names it.
#[test]
fn an_output_without_an_extension_needs_a_format() {
    let tmp = temp_dir();
    let file = tmp.path().join("r");
    let path = file.to_str().expect("UTF-8");
    let out = run(PROGRESS, &["report", "-o", path, "--lang", "ja"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("拡張子がありません"), "{err}");
    assert!(!file.exists(), "nothing written");
    stdout_ok(PROGRESS, &["report", "-o", path, "--format", "html"]);
    let html = std::fs::read_to_string(&file).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    // --since is never dropped: a CSV carries it only as its own table.
    for (args, needs) in [
        (
            &["report", "--format", "csv", "--since", "HEAD"][..],
            "--table since",
        ),
        (
            &["report", "--format", "csv", "--table", "since"],
            "--since",
        ),
    ] {
        let out = run(PROGRESS, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needs),
            "{args:?}"
        );
    }
}

/// Workbooks are written through unnamed files in the temporary directory (large sheets row by
/// row). An unusable one is an error naming the cause, exit 2, never a panic or a partial file.
#[test]
fn xlsx_without_a_temporary_directory_is_an_error() {
    let tmp = temp_dir();
    let book = tmp.path().join("report.xlsx");
    for args in [
        vec!["report", "-o", book.to_str().expect("UTF-8 temp path")],
        vec![
            "report",
            "--summary",
            "-o",
            book.to_str().expect("UTF-8 temp path"),
        ],
    ] {
        let mut cmd = crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")));
        cmd.env("TMPDIR", tmp.path().join("missing"));
        cmd.args(["--color", "never", "--as-of", AS_OF, "--dir", PROGRESS]);
        let (_, err, code) = crate::support::output(cmd.args(&args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains("(TMPDIR)") && err.contains("No such file"),
            "{err}"
        );
        assert!(!book.exists(), "no partial workbook");
    }
}

/// The burn-up's end labels stay apart and above the axis, where the FY labels are: on the
/// shipped roadmap at 2024-03-31 nothing is reported, so 完了 and 報告あり both end at 0 (they
/// were pushed below the axis, over 「2023年度」).
#[test]
fn burnup_end_labels_stay_apart_above_the_axis() {
    if !shipped() {
        return;
    }
    let html = String::from_utf8(stdout_ok(
        SHIPPED,
        &["--as-of", "2024-03-31", "report", "--format", "html"],
    ))
    .expect("UTF-8");
    let chart = html
        .split("<svg class=\"burnup\"")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("a burn-up chart");
    // The end labels: `<text x="616.0" y="…" font-size="10" fill="…">完了 0</text>`.
    let mut ys: Vec<f64> = chart
        .split("<text x=\"616.0\" y=\"")
        .skip(1)
        .map(|t| {
            t.split('"')
                .next()
                .and_then(|y| y.parse().ok())
                .expect("a y")
        })
        .collect();
    assert_eq!(ys.len(), 3, "{chart}");
    ys.sort_by(f64::total_cmp);
    // The axis is at 212; a label's baseline sits 4 below its line.
    assert!(ys.iter().all(|y| *y <= 216.0), "{ys:?}");
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= 12.0), "{ys:?}");
}
