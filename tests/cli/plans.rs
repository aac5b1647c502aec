//! Other kinds of 工程表 (issue "any government 工程表"): a 2015 改革工程表 (seven columns, one merged,
//! one before the plan, two KPI layers) and two editions of a 規制改革実施計画 (measures with phrase
//! timing, owners per measure, an item renumbered between editions). Each fixture names its source in
//! its plan file and transcribes what could be read of it; what the tests need beyond that sits in an
//! item 9-1-1 marked as a test case (試験用) in its `transcription_notes`.

use std::path::Path;

const KAIKAKU: &str = "tests/fixtures/kaikaku-2015";
const KISEI_2024: &str = "tests/fixtures/kisei-2024";
const KISEI_2025: &str = "tests/fixtures/kisei-2025";

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

/// No milestone without a fixed deadline (approximate, event, open) is ever past due or delayed
/// unless a report says so, on any day from the plan to years after it.
#[test]
fn no_deadline_no_past_due() {
    for dir in [KAIKAKU, KISEI_2024, KISEI_2025] {
        let mut day = chrono::NaiveDate::from_ymd_opt(2013, 4, 1).expect("date");
        let end = chrono::NaiveDate::from_ymd_opt(2031, 4, 1).expect("date");
        let mut checked = 0;
        while day < end {
            let d = day.to_string();
            let (json, err, code) =
                run(&["status", "--dir", dir, "--as-of", &d, "--format", "json"]);
            assert_eq!(code, 0, "{dir} {d}: {err}");
            let v: serde_json::Value = serde_json::from_str(&json).expect("json");
            for item in v["items"].as_array().expect("items") {
                for m in item["milestones"].as_array().expect("milestones") {
                    let timing = m["timing"].as_str().unwrap_or_default();
                    let state = m["state"].as_str().unwrap_or_default();
                    let reported = m["reports"].as_array().is_some_and(|r| !r.is_empty());
                    if matches!(timing, "approx" | "event" | "open") && m["restates"].is_null() {
                        checked += 1;
                        assert!(
                            state != "past_due" && (state != "delayed" || reported),
                            "{dir} {d}: {} is {state} ({timing})",
                            m["id"]
                        );
                    }
                }
            }
            day = day
                .checked_add_months(chrono::Months::new(3))
                .expect("date");
        }
        assert!(checked > 0, "{dir} has milestones without a deadline");
    }
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
