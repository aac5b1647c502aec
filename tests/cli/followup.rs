//! A year of follow-ups (tests/fixtures/followup): reports with narratives and reporters, a
//! declared delay, a schedule change, 毎年度 rounds partly done, indicators with baselines, two
//! series, a text value, interim targets and one of each attainment class. Status in every view
//! at four as-of dates, the report in Markdown and CSV, and the diff of the fourth follow-up
//! (tests/fixtures/followup-q3 → followup).
//!
//! The same views of tests/fixtures/recorded: the shipped roadmap after a year recorded with
//! `roadmap record` alone (tests/cli/record.rs makes it), and its diff from the shipped roadmap.
//! It has every class the shipped indicators can reach; none is `implementation` (F), and the
//! shipped plan sets no reporting cycle (no staleness): followup covers those.

use std::collections::BTreeSet;
use std::path::Path;

const FOLLOWUP: &str = "tests/fixtures/followup";
const BEFORE_Q4: &str = "tests/fixtures/followup-q3";
const RECORDED: &str = "tests/fixtures/recorded";

/// The start of FY2023, after the second follow-up, the last day of FY2023, the first of FY2024.
const DATES: [&str; 4] = ["2023-04-01", "2023-10-01", "2024-03-31", "2024-04-01"];

fn run_in(dir: &str, as_of: &str, args: &[&str]) -> (String, String, i32) {
    crate::support::output(
        crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
            .args(["--color", "never", "--dir", dir, "--as-of", as_of])
            .args(args),
    )
}

fn run(as_of: &str, args: &[&str]) -> (String, String, i32) {
    run_in(FOLLOWUP, as_of, args)
}

/// Runs on `dir`, checks it succeeded, snapshots stdout under `name`.
fn snapshot_in(dir: &str, name: &str, as_of: &str, args: &[&str]) -> String {
    let (stdout, stderr, code) = run_in(dir, as_of, args);
    assert_eq!(code, 0, "{name}: {stderr}");
    let stdout = crate::support::without_commit(&stdout);
    insta::assert_snapshot!(name, stdout);
    stdout
}

fn snapshot(name: &str, as_of: &str, args: &[&str]) -> String {
    snapshot_in(FOLLOWUP, name, as_of, args)
}

fn json_in(dir: &str, as_of: &str, args: &[&str]) -> serde_json::Value {
    let (stdout, stderr, code) = run_in(dir, as_of, args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("status --format json is JSON")
}

fn json(as_of: &str, args: &[&str]) -> serde_json::Value {
    json_in(FOLLOWUP, as_of, args)
}

/// Status of `dir` in every view at the four dates, snapshotted as `{prefix}_{view}_{date}`:
/// the table, one item in full, Markdown and JSON.
fn status_views(prefix: &str, dir: &str, item: &str) {
    for as_of in DATES {
        let views: [(&str, &[&str]); 4] = [
            ("table", &["status", "--lang", "ja"]),
            ("item", &["status", item, "--lang", "ja"]),
            (
                "markdown",
                &["status", "--lang", "ja", "--format", "markdown"],
            ),
            ("json", &["status", "--format", "json"]),
        ];
        for (view, args) in views {
            snapshot_in(dir, &format!("{prefix}_{view}_{as_of}"), as_of, args);
        }
    }
}

/// The report of `dir` at the end of FY2023 in Markdown and as each CSV table.
fn report_views(prefix: &str, dir: &str) {
    snapshot_in(
        dir,
        &format!("{prefix}_report_md_ja"),
        "2024-03-31",
        &["report", "--format", "md", "--lang", "ja"],
    );
    for table in ["items", "milestones", "indicators", "changes"] {
        snapshot_in(
            dir,
            &format!("{prefix}_report_csv_{table}"),
            "2024-03-31",
            &[
                "report", "--format", "csv", "--table", table, "--lang", "ja",
            ],
        );
    }
}

#[test]
fn status_in_every_view_at_four_dates() {
    status_views("followup", FOLLOWUP, "1-1-1");
    snapshot(
        "followup_item_json_2024-03-31",
        "2024-03-31",
        &["status", "1-1-1", "--format", "json"],
    );
    snapshot(
        "followup_item_en_2024-03-31",
        "2024-03-31",
        &["status", "1-1-1", "--lang", "en"],
    );
}

/// The states of every milestone in a `status --format json`, by `item/milestone`.
fn milestone_states(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in doc["items"].as_array().expect("items") {
        for m in item["milestones"].as_array().expect("milestones") {
            out.push((
                format!(
                    "{}/{}",
                    item["id"].as_str().expect("id"),
                    m["id"].as_str().expect("id")
                ),
                m["state"].as_str().expect("state").to_owned(),
            ));
        }
    }
    out
}

fn state_of(doc: &serde_json::Value, id: &str) -> String {
    milestone_states(doc)
        .into_iter()
        .find(|(m, _)| m == id)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no milestone {id}"))
}

/// The states of the rounds of the first item's first milestone (a 毎年度 one in both fixtures).
fn rounds(doc: &serde_json::Value) -> Vec<String> {
    doc["items"][0]["milestones"][0]["rounds"]
        .as_array()
        .expect("rounds")
        .iter()
        .map(|r| r["state"].as_str().expect("state").to_owned())
        .collect()
}

/// The milestones `delayed` in a `status --format json`.
fn delayed(doc: &serde_json::Value) -> Vec<String> {
    milestone_states(doc)
        .into_iter()
        .filter(|(_, s)| s == "delayed")
        .map(|(m, _)| m)
        .collect()
}

#[test]
fn what_had_been_said_by_each_date() {
    let [start, autumn, year_end, next_fy] =
        DATES.map(|d| json(d, &["status", "--format", "json"]));
    // The delay was declared on 2023-12-22: not before.
    assert_eq!(state_of(&autumn, "1-1-1/model-run"), "due_this_fy");
    assert_eq!(state_of(&year_end, "1-1-1/model-run"), "delayed");
    // Nothing unreported is ever 遅延.
    for doc in [&start, &autumn, &year_end, &next_fy] {
        let delayed = delayed(doc);
        assert!(
            delayed.iter().all(|m| m == "1-1-1/model-run"),
            "{delayed:?}"
        );
    }
    // Unreported at the end of its FY: past due (derived), the day FY2024 begins.
    assert_eq!(state_of(&year_end, "2-4-2/printers"), "due_this_fy");
    assert_eq!(state_of(&next_fy, "2-4-2/printers"), "past_due");
    // The schedule change took effect on its date; the published plan stays.
    let model_run = |doc: &serde_json::Value| {
        doc["items"][0]["milestones"]
            .as_array()
            .expect("milestones")
            .iter()
            .find(|m| m["id"] == "model-run")
            .cloned()
            .expect("model-run")
    };
    let before = model_run(&autumn);
    let after = model_run(&year_end);
    assert_eq!(
        (before["to"].as_i64(), before["planned_to"].as_i64()),
        (Some(2023), Some(2023))
    );
    assert_eq!(
        (after["to"].as_i64(), after["planned_to"].as_i64()),
        (Some(2024), Some(2023))
    );
    assert_eq!(after["changes"], 1);
    // 毎年度: FY2022's round done, FY2023's open in the autumn, done by the year end.
    assert_eq!(rounds(&autumn), ["done", "due_this_fy", "upcoming"]);
    assert_eq!(rounds(&year_end), ["done", "done", "upcoming"]);
    // Rounds done, the next to come: running, derived — nobody reported 実施中.
    assert_eq!(state_of(&year_end, "1-1-1/training"), "active");
    // Stale: 2-4-2 has had no report since the first follow-up.
    let stale: Vec<&str> = year_end["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["stale"] == true)
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(stale, ["2-4-2"]);
}

#[test]
fn one_of_each_attainment_class() {
    let doc = json("2024-03-31", &["status", "--format", "json"]);
    let mut classes = BTreeSet::new();
    for item in doc["items"].as_array().expect("items") {
        for i in item["indicators"].as_array().expect("indicators") {
            classes.insert(i["attainment"].as_str().expect("class").to_owned());
            for s in i["series"].as_array().expect("series") {
                classes.insert(s["attainment"].as_str().expect("class").to_owned());
            }
        }
    }
    let all: BTreeSet<String> = roadmap::attainment::Attainment::ALL
        .iter()
        .map(|a| a.as_str().to_owned())
        .collect();
    assert_eq!(classes, all);
    // Values count from the day they were published: on 2023-04-01 the FY2022 count was not out.
    let start = json("2023-04-01", &["status", "--format", "json"]);
    assert_eq!(
        start["items"][0]["indicators"][0]["series"][0]["attainment"],
        "cannot_assess"
    );
}

#[test]
fn report_markdown_and_csv() {
    report_views("followup", FOLLOWUP);
}

#[test]
fn diff_of_the_fourth_follow_up() {
    for (format, lang) in [("human", "en"), ("markdown", "ja"), ("json", "en")] {
        let (stdout, stderr, code) = crate::support::output(
            crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
                .env("LANG", if lang == "ja" { "ja_JP.UTF-8" } else { "C" })
                .args(["diff", "--color", "never", "--as-of", "2024-03-31"])
                .args(["--format", format, "--no-index", BEFORE_Q4, FOLLOWUP]),
        );
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("followup_diff_{format}"), stdout);
        if format == "json" {
            let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
            let s = &v["summary"];
            assert_eq!(s["rounds_completed"], 1, "training's FY2023 round");
            assert_eq!(s["milestones_completed"], 1, "care-desk");
            assert_eq!(s["slips"], 1, "model-run rescheduled");
            assert_eq!(s["target_changes"], 1);
            assert_eq!(s["baseline_changes"], 1);
            assert_eq!(s["plan_edits"], 0, "the published plan untouched");
        }
    }
}

/// Every key of a JSON document, with the path of the object it is in.
fn keys(v: &serde_json::Value, path: &str, out: &mut BTreeSet<(String, String)>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                out.insert((path.to_owned(), k.clone()));
                keys(x, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(list) => {
            for x in list {
                keys(x, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

/// The names a document writes in code spans (`items[].changes`, `{fy, state}`), outside its
/// code blocks: what it documents, not what its example shows.
fn documented(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_block = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        for (k, span) in line.split('`').enumerate() {
            if k % 2 == 1 {
                out.extend(
                    span.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned),
                );
            }
        }
    }
    out
}

#[test]
fn every_field_of_the_status_json_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("docs");
    let status_md = read("docs/status.md");
    let json_section = status_md
        .split("## JSON")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("docs/status.md has a JSON section");
    let in_status = documented(json_section);
    // An item's JSON carries the item as written: the keys of docs/format.md.
    let mut in_item = documented(&read("docs/format.md"));
    in_item.extend(in_status.iter().cloned());
    let mut seen = 0;
    // A plan of its own, a 2015 改革工程表 (groups with display numbers), a 規制改革実施計画 (owners,
    // timing kinds).
    for dir in [
        FOLLOWUP,
        "tests/fixtures/kaikaku-2015",
        "tests/fixtures/kisei-2025",
        "tests/fixtures/columns",
    ] {
        let json = |args: &[&str]| -> serde_json::Value {
            let (stdout, stderr, code) = crate::support::output(
                crate::support::roadmap_command(root)
                    .args(["--dir", dir, "--as-of", "2024-03-31", "status"])
                    .args(args)
                    .args(["--format", "json"]),
            );
            assert_eq!(code, 0, "{dir}: {stderr}");
            serde_json::from_str(&stdout).expect("JSON")
        };
        let overview = json(&[]);
        let mut found = BTreeSet::new();
        keys(&overview, "", &mut found);
        for item in overview["items"].as_array().expect("items") {
            let id = item["id"].as_str().expect("an id");
            let mut of_item = BTreeSet::new();
            keys(&json(&[id]), "", &mut of_item);
            for (path, key) in of_item {
                // The keys of `targets` are FYs.
                if !in_item.contains(&key) && !key.bytes().all(|b| b.is_ascii_digit()) {
                    panic!(
                        "status {id} --format json: `{key}` (in {path}) is not in docs/status.md or docs/format.md ({dir})"
                    );
                }
            }
        }
        for (path, key) in &found {
            // The keys of `by_state` are the state codes of the table above the JSON section.
            let known = in_status.contains(key)
                || (path.ends_with("by_state") && roadmap::status::State::parse(key).is_some());
            assert!(
                known,
                "status --format json: `{key}` (in {path}) is not in docs/status.md's JSON section ({dir})"
            );
        }
        seen += found.len();
    }
    assert!(seen > 100, "only {seen} keys read");
}

#[test]
fn an_implementation_indicator_has_its_row_in_csv_and_xlsx() {
    use calamine::{Data, Reader, Xlsx};
    // 2-4-1's テレワーク実施要領の改正 has no series: its measure is carrying out the milestones (F).
    let (csv, stderr, code) = run(
        "2024-03-31",
        &[
            "report",
            "--format",
            "csv",
            "--table",
            "indicators",
            "--lang",
            "ja",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains(",rules-revised,"))
        .collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert!(rows[0].contains(",implementation,"), "{}", rows[0]);
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let out = tmp.path().join("report.xlsx");
    let path = out.to_str().expect("a UTF-8 path");
    let (_, stderr, code) = run("2024-03-31", &["report", "-o", path, "--lang", "ja"]);
    assert_eq!(code, 0, "{stderr}");
    let mut book: Xlsx<_> = calamine::open_workbook(&out).expect("the workbook opens");
    let sheet = book.worksheet_range("指標").expect("the 指標 sheet");
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
    let header = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "ID"))
        .expect("a header row");
    let attainment = header
        .iter()
        .position(|h| h == "達成度")
        .expect("a 達成度 column");
    let f: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.iter().any(|c| c == "テレワーク実施要領の改正"))
        .collect();
    assert_eq!(f.len(), 1, "{rows:?}");
    assert_eq!(f[0][0], "2-4-1");
    assert_eq!(f[0][attainment], "施策の実施（F）");
}

#[test]
fn the_recorded_year_in_every_view() {
    status_views("recorded", RECORDED, "1-1-1");
    report_views("recorded", RECORDED);
    // What the year added to the shipped roadmap, as a reviewer of the commit sees it.
    for (format, lang) in [("human", "ja"), ("json", "en")] {
        let (stdout, stderr, code) = crate::support::output(
            crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
                .args(["diff", "--color", "never", "--as-of", "2024-04-01"])
                .args(["--lang", lang, "--format", format])
                .args(["--no-index", "roadmap", RECORDED]),
        );
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("recorded_diff_{format}"), stdout);
        if format == "json" {
            let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
            let s = &v["summary"];
            assert_eq!(
                s["delays_declared"], 2,
                "model-run, diet-efficiency-improve"
            );
            assert_eq!(s["slips"], 2, "the same two, rescheduled");
            assert_eq!(s["plan_edits"], 0, "the published plan untouched");
        }
    }
}

#[test]
fn the_recorded_year_at_the_fy_boundary() {
    let [_, autumn, year_end, next_fy] =
        DATES.map(|d| json_in(RECORDED, d, &["status", "--format", "json"]));
    // Reported done on 令和6年4月1日: due on the last day of FY2023, done (never past due) on the
    // first of FY2024.
    assert_eq!(state_of(&year_end, "2-1-3/shuttle-operate"), "due_this_fy");
    assert_eq!(state_of(&next_fy, "2-1-3/shuttle-operate"), "done");
    // What nobody reported on passes into past due with the FY, never into 遅延.
    assert_eq!(state_of(&year_end, "2-3-2/issue-finding"), "due_this_fy");
    assert_eq!(state_of(&next_fy, "2-3-2/issue-finding"), "past_due");
    for doc in [&autumn, &year_end, &next_fy] {
        let delayed = delayed(doc);
        assert!(
            delayed
                .iter()
                .all(|m| m == "1-1-1/model-run" || m == "2-1-3/diet-efficiency-improve"),
            "{delayed:?}"
        );
    }
    // 毎年度: FY2022's and FY2023's rounds of the training done, FY2024's opening on 4/1.
    assert_eq!(rounds(&autumn), ["done", "due_this_fy", "upcoming"]);
    assert_eq!(rounds(&year_end), ["done", "done", "upcoming"]);
    assert_eq!(rounds(&next_fy), ["done", "done", "due_this_fy"]);
    // A value published on 4/1 counts from then: the share of staff who see their Diet work made
    // more efficient, on track from FY2024's first day.
    let attainment = |doc: &serde_json::Value| {
        doc["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["id"] == "2-1-3"))
            .map(|i| i["indicators"][0]["series"][0]["attainment"].clone())
            .unwrap_or_default()
    };
    assert_eq!(attainment(&year_end), "cannot_assess");
    assert_eq!(attainment(&next_fy), "on_track");
}
