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
