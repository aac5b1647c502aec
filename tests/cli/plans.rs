//! Other kinds of 工程表 (issue "any government 工程表"): a 2015 改革工程表 (seven columns, one merged,
//! one before the plan, two KPI layers) and two editions of a 規制改革実施計画 (measures with phrase
//! timing, owners per measure, an item renumbered between editions). Each fixture names its source in
//! its plan file and transcribes what could be read of it; what the tests need beyond that sits in an
//! item 9-1-1 marked as a test case (試験用) in its `transcription_notes`.

use std::path::Path;

const KAIKAKU: &str = "tests/fixtures/kaikaku-2015";
const KISEI_2024: &str = "tests/fixtures/kisei-2024";
const KISEI_2025: &str = "tests/fixtures/kisei-2025";
/// Every kind of end, a cell before the plan, a 再掲 and schedule changes of each kind.
const TIMING: &str = "tests/fixtures/timing";

fn run(args: &[&str]) -> (String, String, i32) {
    crate::support::output(
        crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
            .args(["--color", "never"])
            .args(args),
    )
}

fn snapshot(name: &str, args: &[&str]) -> String {
    let (stdout, stderr, code) = run(args);
    let stdout = crate::support::without_commit(&stdout);
    let doc = format!(
        "$ roadmap {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    );
    insta::assert_snapshot!(name, doc);
    stdout
}

#[test]
fn the_fixtures_validate() {
    for dir in [KAIKAKU, KISEI_2024, KISEI_2025] {
        let name = format!("validate_{}", dir.rsplit('/').next().unwrap_or_default());
        snapshot(&name, &["validate", "--dir", dir]);
    }
}

#[test]
fn status_at_three_dates() {
    for (dir, dates) in [
        (KAIKAKU, ["2015-12-24", "2017-06-30", "2021-04-01"]),
        (KISEI_2025, ["2025-06-13", "2025-10-01", "2026-10-01"]),
    ] {
        let stem = dir.rsplit('/').next().unwrap_or_default();
        for d in dates {
            snapshot(
                &format!("status_{stem}_{d}"),
                &["status", "--dir", dir, "--as-of", d],
            );
        }
    }
}

#[test]
fn status_of_one_item_and_the_timeline() {
    snapshot(
        "status_item_kisei_2-3-1-2",
        &[
            "status",
            "--dir",
            KISEI_2025,
            "--as-of",
            "2026-10-01",
            "2-3-1-2",
        ],
    );
    snapshot(
        "status_item_kaikaku_2-1-1",
        &["status", "--dir", KAIKAKU, "--as-of", "2017-06-30", "2-1-1"],
    );
    snapshot(
        "timeline_kisei_2025",
        &[
            "status",
            "--dir",
            KISEI_2025,
            "--as-of",
            "2026-10-01",
            "--timeline",
        ],
    );
    snapshot(
        "timeline_kaikaku_2015",
        &[
            "status",
            "--dir",
            KAIKAKU,
            "--as-of",
            "2017-06-30",
            "--timeline",
        ],
    );
}

#[test]
fn report_markdown() {
    for (dir, d) in [(KAIKAKU, "2017-06-30"), (KISEI_2025, "2026-10-01")] {
        let stem = dir.rsplit('/').next().unwrap_or_default();
        snapshot(
            &format!("report_md_{stem}"),
            &["report", "--dir", dir, "--as-of", d, "--format", "md"],
        );
    }
}

/// `roadmap diff` of the two editions, with `extra` arguments after it.
fn editions(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = vec![
        "diff",
        "--no-index",
        KISEI_2024,
        KISEI_2025,
        "--as-of",
        "2026-10-01",
    ];
    args.extend(extra);
    args
}

#[test]
fn diff_between_two_editions_matches_through_continues() {
    let human = snapshot("diff_editions", &editions(&[]));
    assert!(human.contains("令和6年の 2-1-6-9 から引継ぎ"), "{human}");
    snapshot(
        "diff_editions_markdown",
        &editions(&["--format", "markdown"]),
    );
    let (json, _, _) = run(&editions(&["--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["summary"]["items_carried_over"], 2);
    assert_eq!(v["summary"]["items_added"], 1);
    assert_eq!(v["summary"]["items_removed"], 1);
    // The period is a value, not words: the renderers word it in the user's language.
    let period = v["plan"]
        .as_array()
        .and_then(|p| p.iter().find(|f| f["field"] == "period"))
        .expect("period change");
    assert_eq!(
        period["new"],
        serde_json::json!({ "first_fy": 2025, "last_fy": 2027, "latest_fy": 2028 })
    );
}

/// The plan period is worded in each language: 〜 and full-width brackets in Japanese (the
/// Japanese snapshot is `diff_editions`), FY labels in English.
#[test]
fn a_period_change_is_worded_in_english() {
    let mut args = vec!["--lang", "en"];
    args.extend(editions(&[]));
    let human = snapshot("diff_editions_en", &args);
    assert!(
        human.contains("FY2024–FY2026 (milestones up to FY2027) → FY2025–FY2027"),
        "{human}"
    );
}

/// Every kind of end in every view, on a plan written for it (tests/fixtures/timing): one label per
/// kind (docs/format.md, “Timing”), the spans never ending at a FY nobody wrote, 次の期限 the next
/// deadline not yet passed (a quarter, not its FY), the cell before the plan 計画前, the changes of
/// each kind, a series before its `since` 対象外 and its baseline's FY not missing.
#[test]
fn every_kind_of_end_in_every_view() {
    for d in ["2025-07-01", "2026-01-15"] {
        snapshot(
            &format!("status_timing_{d}"),
            &["status", "--dir", TIMING, "--as-of", d],
        );
    }
    let at = ["--dir", TIMING, "--as-of", "2026-01-15"];
    for id in ["1-1-1", "1-1-2"] {
        snapshot(
            &format!("status_item_timing_{id}"),
            &[&["status"], &at[..], &[id]].concat(),
        );
    }
    snapshot(
        "status_item_timing_1-1-1_en",
        &[&["--lang", "en", "status"], &at[..], &["1-1-1"]].concat(),
    );
    snapshot(
        "report_md_timing",
        &[&["report"], &at[..], &["--format", "md"]].concat(),
    );
    snapshot(
        "report_csv_milestones_timing",
        &[
            &["report"],
            &at[..],
            &["--format", "csv", "--table", "milestones"],
        ]
        .concat(),
    );
    let (json, err, code) = run(&[&["status"], &at[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let item = &v["items"][0];
    let ms = |id: &str| {
        item["milestones"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["id"] == id))
            .cloned()
            .expect("milestone")
    };
    assert_eq!(ms("plan")["state"], "before_plan");
    assert_eq!(ms("f")["event_of"], "a");
    assert_eq!(ms("f")["event_of_state"], "past_due");
    assert_eq!(ms("f")["to_implied"], true);
    assert_eq!(ms("b")["timing"], "approx");
    assert!(ms("b")["until"].is_null());
    // The next deadline is c's FY2026 (a passed in Q3, b is a 目途, d a 目途 now, e open).
    assert_eq!(item["next"]["id"], "c");
    assert_eq!(item["next"]["deadline"], "2027-03-31");
    let (json, _, _) = run(&[
        "status",
        "--dir",
        TIMING,
        "--as-of",
        "2025-07-01",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["items"][0]["next"]["until"], "2025-Q3");
    assert_eq!(v["items"][0]["next"]["deadline"], "2025-12-31");
    assert_eq!(
        v["items"][1]["indicators"][0]["missing_closed_fys"],
        serde_json::json!([])
    );
}

/// What the property below reads of one milestone of the status JSON: whether it has no fixed
/// deadline (目途, an event, an open end) or lies before the plan (`to` before the plan's first FY:
/// only a plan with a "before" column allows one), and whether a report declared it delayed.
fn unjudged(m: &serde_json::Value, first_fy: i64) -> bool {
    let timing = m["timing"].as_str().unwrap_or_default();
    let before = m["to_implied"] != true && m["to"].as_i64().is_some_and(|to| to < first_fy);
    matches!(timing, "approx" | "event" | "open") || before
}

fn reported_delayed(m: &serde_json::Value) -> bool {
    m["reports"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["status"] == "delayed"))
}

/// No milestone without a fixed deadline (approximate, event, open), and none of what came before
/// the plan (a cell of its "before" column), is ever past due, nor delayed unless a report said
/// so — a 再掲 judged by its original's end and reports, whose state it shows — on any day from
/// before the plans to years after them.
#[test]
fn no_deadline_no_past_due() {
    let mut before_plan = 0;
    for dir in [KAIKAKU, KISEI_2024, KISEI_2025, TIMING] {
        let mut day = chrono::NaiveDate::from_ymd_opt(2013, 4, 1).expect("date");
        let end = chrono::NaiveDate::from_ymd_opt(2031, 4, 1).expect("date");
        let (mut checked, mut restated) = (0, 0);
        while day < end {
            let d = day.to_string();
            let (json, err, code) =
                run(&["status", "--dir", dir, "--as-of", &d, "--format", "json"]);
            assert_eq!(code, 0, "{dir} {d}: {err}");
            let v: serde_json::Value = serde_json::from_str(&json).expect("json");
            let first_fy = v["first_fy"].as_i64().expect("first_fy");
            let items = v["items"].as_array().expect("items");
            let original = |r: &str| {
                let (item, ms) = r.split_once('/').expect("item/ms");
                items
                    .iter()
                    .filter(|i| i["id"] == item)
                    .flat_map(|i| i["milestones"].as_array().into_iter().flatten())
                    .find(|m| m["id"] == ms)
                    .cloned()
                    .expect("the original of a 再掲")
            };
            for item in items {
                for m in item["milestones"].as_array().expect("milestones") {
                    let state = m["state"].as_str().unwrap_or_default();
                    // A 再掲 shows its original's state: judge it by the original.
                    let judged = match m["restates"].as_str() {
                        Some(r) => {
                            let o = original(r);
                            assert_eq!(m["state"], o["state"], "{dir} {d}: 再掲 {}", m["id"]);
                            restated += 1;
                            o
                        }
                        None => m.clone(),
                    };
                    before_plan += usize::from(state == "before_plan");
                    if unjudged(&judged, first_fy) {
                        checked += 1;
                        assert!(
                            state != "past_due"
                                && (state != "delayed" || reported_delayed(&judged)),
                            "{dir} {d}: {} is {state} ({})",
                            m["id"],
                            judged["timing"]
                        );
                    }
                }
            }
            day = day
                .checked_add_months(chrono::Months::new(3))
                .expect("date");
        }
        assert!(checked > 0, "{dir} has milestones without a deadline");
        if dir != KISEI_2024 {
            assert!(restated > 0, "{dir} has a 再掲");
        }
    }
    assert!(before_plan > 0, "a cell before the plan was checked");
}

/// A 再掲 is counted once, where it is recorded: the milestones by state add up to the milestones
/// counted, the lists name the original only, `--fail-on overdue` counts it once, and a form has
/// no row for it (an answer there would be refused).
#[test]
fn a_restatement_is_counted_once() {
    let args = ["status", "--dir", TIMING, "--as-of", "2026-01-15"];
    let (json, _, _) = run(&[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let totals = &v["totals"];
    let by_state: i64 = totals["milestones_by_state"]
        .as_object()
        .expect("by state")
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "dropped" | "before_plan"))
        .map(|(_, n)| n.as_i64().unwrap_or_default())
        .sum();
    assert_eq!(Some(by_state), totals["milestones_total"].as_i64());
    // 1-1-1/a is past due, and restated in 1-1-2: one overdue milestone, not two.
    assert_eq!(totals["milestones_by_state"]["past_due"], 1);
    let (_, err, code) = run(&[&args[..], &["--fail-on", "overdue"]].concat());
    assert_eq!(code, 1, "{err}");
    let (md, _, _) = run(&[
        "report",
        "--dir",
        TIMING,
        "--as-of",
        "2026-01-15",
        "--format",
        "md",
    ]);
    let list = md
        .split("### 期限超過・未報告")
        .nth(1)
        .and_then(|l| l.split("###").next())
        .expect("the past-due list");
    assert!(list.contains("（1）"), "{list}");
    assert!(!list.contains("（再掲）"), "{list}");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let out = tmp.path().join("form.csv");
    let out_arg = out.to_string_lossy();
    let (_, err, code) = run(&[
        "form",
        "--dir",
        TIMING,
        "--as-of",
        "2026-01-15",
        "-o",
        &out_arg,
    ]);
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(&out).expect("the form");
    assert!(!csv.contains("（再掲）"), "{csv}");
    assert!(csv.contains("申請様式の統一方針を示す"), "{csv}");
}

/// A milestone's track shows on every line of the Markdown report, not only an item's first
/// (1-2-2's EBPM row, 2-4-1's 電子公印 rows).
#[test]
fn markdown_report_shows_tracks_on_every_line() {
    let (md, _, code) = run(&[
        "report",
        "--dir",
        "roadmap",
        "--as-of",
        "2024-03-31",
        "--format",
        "md",
    ]);
    assert_eq!(code, 0);
    let grid: Vec<&str> = md.lines().filter(|l| l.starts_with("|  |  |  |")).collect();
    for track in [
        "EBPMの推進に係る若手・中堅プロジェクトチーム",
        "電子公印の導入",
    ] {
        assert!(
            grid.iter().any(|l| l.contains(&format!("［{track}］"))),
            "{track} missing from continuation lines"
        );
    }
}
