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
    let bytes = stdout_ok(
        SHIPPED,
        &[
            "--as-of",
            "2024-03-31",
            "report",
            "--format",
            "csv",
            "--lang",
            "ja",
        ],
    );
    insta::assert_snapshot!("shipped_csv_items", csv_text(bytes));
}

/// The CSV opened as Japanese Excel opens a file on double-click: LibreOffice's import with "detect
/// special numbers" (Excel's type guessing) on, converted to XLSX and read back. Ids, 中項目,
/// fractions and dates are what the CSV says, as text; counts stay numbers.
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

#[test]
fn xlsx_progress_reads_back() {
    let tmp = temp_dir();
    let out = tmp.path().join("report.xlsx");
    let mut wb = workbook(PROGRESS, &out, "ja");
    let names = [
        "概要",
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
    let head = &text_rows[3];
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
    let head: Vec<String> = rows[3].iter().map(cell_text).collect();
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
    let head: Vec<String> = rows[0].iter().map(cell_text).collect();
    assert_eq!(
        &head[..8],
        [
            "ID",
            "小項目",
            "モニタリング指標",
            "系列",
            "単位",
            "基準値",
            "2022年度 目標",
            "2022年度 実績"
        ]
    );
    let rate = rows
        .iter()
        .find(|r| cell_text(&r[2]) == "1on1ミーティングの実施率")
        .expect("indicator row");
    assert_eq!(rate[7], Data::Float(12.5), "FY2022 actual");
    assert_eq!(rate[8], Data::Float(50.0), "FY2023 target");
    assert_eq!(rate[9], Data::Float(41.0), "FY2023 actual");
    assert_eq!(rate[6], Data::Empty, "no FY2022 target: empty, never zero");
    assert_eq!(rate[5], Data::Empty, "no baseline: empty, never zero");

    // Every milestone with its latest report.
    let ms = wb.worksheet_range("工程").expect("sheet 工程");
    let rows: Vec<Vec<String>> = ms
        .rows()
        .skip(3)
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).expect(name);
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
    assert!(delayed[col("進捗状況")].contains("調査の遅れ"));
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
    assert_eq!(
        html.matches("<rect class=\"bar ").count(),
        12,
        "one bar per milestone"
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
    for (dir, name, bars) in [(PROGRESS, "progress", 12), (INJECTION, "injection", 4)] {
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

/// A line that ends inside an id or a date (`1-`, `1-1-`, `2023-06-`), or a 年度 label cut from
/// its year (`2022` / `年度`).
fn broken_tokens(pages: &[String]) -> Vec<String> {
    let mut bad = Vec::new();
    for page in pages {
        let lines: Vec<&str> = page.lines().map(str::trim_end).collect();
        for (k, line) in lines.iter().enumerate() {
            let cut_id = line
                .strip_suffix('-')
                .is_some_and(|l| l.ends_with(|c: char| c.is_ascii_digit()));
            let next = lines.get(k + 1).map_or("", |l| l.trim_start());
            let cut_fy = line.ends_with(|c: char| c.is_ascii_digit()) && next.starts_with("年度");
            if cut_id || cut_fy {
                bad.push(format!("{line} ⏎ {next}"));
            }
        }
    }
    bad
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
    assert!(pages.len() > 5, "{} pages", pages.len());
    every_page_has(&pages, "基準日 令和6年3月31日", |n, total| {
        format!("{n} / {total} ページ")
    });
    // The transcriber's notes are not printed.
    assert!(!pages.concat().contains("転記注"));
    let bad = broken_tokens(&pages);
    assert!(bad.is_empty(), "tokens broken across lines: {bad:#?}");
}

#[test]
fn summary_prints_on_one_page() {
    if !shipped() {
        return;
    }
    let tmp = temp_dir();
    for lang in ["ja", "en"] {
        let html = tmp.path().join(format!("summary-{lang}.html"));
        let path = html.to_str().expect("UTF-8 temp path");
        let args = [
            "--as-of",
            "2024-03-31",
            "report",
            "--summary",
            "-o",
            path,
            "--lang",
            lang,
        ];
        stdout_ok(SHIPPED, &args);
        let Some(pages) = print_pages(&html) else {
            return;
        };
        assert_eq!(
            pages.len(),
            1,
            "{lang}: the summary takes {} pages",
            pages.len()
        );
        assert!(
            broken_tokens(&pages).is_empty(),
            "{:#?}",
            broken_tokens(&pages)
        );
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
    let csv = text(SHIPPED, &["report", "--format", "csv", "--include-notes"]);
    assert!(csv.contains("転記注: "));
    // --summary is for the formats that carry it.
    let out = run(SHIPPED, &["report", "--summary", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The workbook printed by LibreOffice (headless, Debian's package) to PDF: every page carries
/// the title and the 基準日 (the print header) and its page number, and no text is printed
/// smaller than about 8 pt (the height of its words' boxes).
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
    let book = tmp.path().join("report.xlsx");
    let path = book.to_str().expect("UTF-8 temp path");
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
    let pdf = workbook_to_pdf(&soffice, &book, tmp.path());
    let text = pdf_text(&pdftotext, &pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!((7..40).contains(&pages.len()), "{} pages", pages.len());
    every_page_has(&pages, "基準日: 令和6年3月31日", |n, total| {
        format!("{n} / {total}")
    });
    let bbox = Command::new(&pdftotext)
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let bbox = String::from_utf8(bbox.stdout).expect("UTF-8");
    let attr = |w: &str, name: &str| -> f64 {
        w.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let smallest = bbox
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|w| attr(w, "yMax") - attr(w, "yMin"))
        .fold(f64::MAX, f64::min);
    // A word's box is about 0.87 of its font size in Noto Sans CJK: 6.9 pt is 8 pt type.
    assert!(
        smallest >= 6.9,
        "text printed {smallest:.1} pt high (under 8 pt type)"
    );
}
