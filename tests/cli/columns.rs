//! A plan that defines its own table (tests/fixtures/columns): a before column, years split into
//! 上期・下期, a merged column, named sub-periods (集中取組期間・定着期間), groups four levels deep
//! with display numbers, owners per measure and KPIs of two layers. Every view of the table draws
//! the plan's columns, its parts and its phases; the group path shows at every depth.

use std::path::Path;

const DIR: &str = "tests/fixtures/columns";
const AS_OF: &str = "2026-01-15";

fn run(args: &[&str], columns: &str) -> (String, String, i32) {
    crate::support::output(
        crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
            .env("COLUMNS", columns)
            .args(["--color", "never"])
            .args(args),
    )
}

/// Snapshots `roadmap <args> --dir DIR --as-of AS_OF` at a terminal width.
fn snapshot_at(name: &str, args: &[&str], columns: &str) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--dir", DIR, "--as-of", AS_OF]);
    let (stdout, stderr, code) = run(&all, columns);
    let stdout = crate::support::without_commit(&stdout);
    let doc = format!(
        "$ COLUMNS={columns} roadmap {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        all.join(" ")
    );
    insta::assert_snapshot!(name, doc);
    stdout
}

fn snapshot(name: &str, args: &[&str]) -> String {
    snapshot_at(name, args, "100")
}

#[test]
fn the_fixture_validates() {
    let (stdout, stderr, code) = run(&["validate", "--dir", DIR], "100");
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn one_item_in_the_plans_columns_with_parts_and_phases() {
    let out = snapshot("status_item_1-1-1-1", &["status", "1-1-1-1"]);
    // The sub-columns: 2025年度 上期 and 下期; a 上期 end stays in 上期.
    assert!(out.contains("上期") && out.contains("下期"), "{out}");
    assert!(
        out.contains("期間区分") && out.contains("集中取組期"),
        "{out}"
    );
    snapshot(
        "status_item_1-1-1-1_md",
        &["status", "1-1-1-1", "--format", "md"],
    );
    snapshot_at("status_item_1-1-1-1_80", &["status", "1-1-1-1"], "80");
}

#[test]
fn the_timeline_in_the_plans_columns() {
    let out = snapshot_at("timeline_120", &["status", "--timeline"], "120");
    assert!(out.contains("├集中取組期間"), "{out}");
    assert!(out.contains("上期  下期"), "{out}");
    snapshot_at("timeline_80", &["status", "--timeline"], "80");
}

#[test]
fn the_report_grid_in_the_plans_columns() {
    let out = snapshot("report_md", &["report", "--format", "md"]);
    assert!(out.contains("| 2025年度 上期 | 2025年度 下期 |"), "{out}");
    assert!(out.contains("**集中取組期間** | → | → | →"), "{out}");
    let (html, _, code) = run(
        &["report", "--dir", DIR, "--as-of", AS_OF, "--format", "html"],
        "100",
    );
    assert_eq!(code, 0);
    // Two header rows under a phase band: the columns, then their parts.
    assert!(
        html.contains(r#"<th class="phase" colspan="4">集中取組期間</th>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<th colspan="2"><span class="nb">2025年度</span></th>"#)
            && html.contains(
                r#"<tr class="parts"><th>上期</th><th>下期</th><th>上期</th><th>下期</th></tr>"#
            ),
        "{html}"
    );
}

#[test]
fn groups_at_every_depth_with_their_level_names() {
    let out = snapshot("status", &["status"]);
    // The third level (施策) has a heading of its own, with its level's name and number.
    assert!(out.contains("施策 (2) 添付書類の削減"), "{out}");
    assert!(out.contains("No.3 添付書類の原則廃止"), "{out}");
    snapshot("status_md", &["status", "--format", "md"]);
    let (json, _, code) = run(
        &["status", "--dir", DIR, "--as-of", AS_OF, "--format", "json"],
        "100",
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    // The roll-up tree: Ⅰ › 1. › (1) holds two items, (2) one.
    let deep = &v["groups"][0]["groups"][0]["groups"];
    assert_eq!(deep[0]["id"], "1-1-1");
    assert_eq!(deep[0]["level"], "施策");
    assert_eq!(deep[0]["number"], "(1)");
    assert_eq!(deep[0]["rollup"]["items"], 2);
    assert_eq!(deep[1]["rollup"]["items"], 1);
    assert_eq!(v["items"][0]["number"], "No.1");
    // KPI fields in the JSON.
    let ind = &v["items"][0]["indicators"];
    assert_eq!(ind[0]["layer"], 1);
    assert_eq!(ind[1]["measured"], "隔年（利用者調査）");
    assert_eq!(ind[1]["series"][0]["relative"], true);
    assert_eq!(ind[1]["series"][0]["target_text"], "5割以上");
    assert_eq!(ind[1]["related_owners"][0], "総務省");
}

#[test]
fn an_owner_sees_its_measures_only() {
    // 総務省 leads 1-1-1-2, and in 1-1-1-1 (led by デジタル庁) one measure, takes part in another
    // and in the item: those three of its five milestones are shown, marked as such.
    let out = snapshot("status_owner", &["status", "--owner", "総務省"]);
    assert!(
        out.contains("「総務省」の工程だけを表示（5工程のうち3工程）"),
        "{out}"
    );
    let (json, _, _) = run(
        &[
            "status",
            "--dir",
            DIR,
            "--as-of",
            AS_OF,
            "--owner",
            "総務省",
            "--format",
            "json",
        ],
        "100",
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let first = &v["items"][0];
    assert_eq!(first["only_owner"], "総務省");
    assert_eq!(first["hidden_milestones"], 2);
    let ids: Vec<&str> = first["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(ids, ["plan", "inventory", "rollout"]);
    // Its indicators: the one it takes part in.
    assert_eq!(first["indicators"].as_array().map(Vec::len), Some(1));
    // 1-1-1-2 is its own: whole.
    assert!(v["items"][1].get("only_owner").is_none());
    // The report for it says whose it is.
    let md = snapshot(
        "report_owner_md",
        &["report", "--owner", "総務省", "--format", "md"],
    );
    assert!(md.contains("- 対象の担当: 総務省"), "{md}");
    assert!(!md.contains("共通申請システムの構築"), "{md}");
}

#[test]
fn owners_and_kpis_in_the_csv_tables() {
    let csv = |table: &str| {
        let (out, stderr, code) = run(
            &[
                "report", "--dir", DIR, "--as-of", AS_OF, "--format", "csv", "--table", table,
            ],
            "100",
        );
        assert_eq!(code, 0, "{stderr}");
        out
    };
    let ms = csv("milestones");
    assert!(
        ms.lines()
            .next()
            .is_some_and(|h| h.ends_with(",主担当,関係")),
        "{ms}"
    );
    assert!(ms.contains(",デジタル庁,厚生労働省; 総務省"), "{ms}");
    let ind = csv("indicators");
    assert!(
        ind.lines()
            .next()
            .is_some_and(|h| h.ends_with(",KPI階層,把握の時期,目標（記述）,主担当,関係")),
        "{ind}"
    );
    assert!(
        ind.contains(",2,隔年（利用者調査）,\"5割以上\n基準値からの増加を目指す（数値目標なし）\",デジタル庁,総務省"),
        "{ind}"
    );
}
