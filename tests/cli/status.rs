//! `roadmap status` end to end: snapshots of every view on the shipped roadmap and on a fixture
//! with recorded progress, at several as-of dates; tables keep an equal display width per line.

use std::path::Path;
use std::process::Command;

use unicode_width::UnicodeWidthStr;

const PROGRESS: &str = "tests/fixtures/progress";
const SHIPPED: &str = "roadmap";

/// Runs the binary hermetically: no colour, fixed width, no locale, fixed as-of date.
fn roadmap(dir: &str, as_of: &str, args: &[&str]) -> (String, String, i32) {
    crate::support::output(
        crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
            .args(["--color", "never", "--dir", dir, "--as-of", as_of])
            .args(args),
    )
}

/// stdout, stderr and exit code in one snapshot, named after the command.
fn snapshot(name: &str, dir: &str, as_of: &str, args: &[&str]) -> String {
    let (stdout, stderr, code) = roadmap(dir, as_of, args);
    let doc = format!(
        "$ roadmap --dir {dir} --as-of {as_of} {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    );
    insta::assert_snapshot!(name, doc);
    stdout
}

/// Every line of every box-drawn table has the same display width.
fn assert_tables_aligned(output: &str) {
    let mut table: Vec<&str> = Vec::new();
    for line in output.lines() {
        let first = line.chars().next();
        if matches!(first, Some('┌' | '│' | '╞' | '├' | '└' | '+' | '|')) {
            table.push(line);
        } else if !table.is_empty() {
            check(&table);
            table.clear();
        }
    }
    check(&table);

    fn check(table: &[&str]) {
        let Some(first) = table.first() else { return };
        let width = first.width();
        for line in table {
            assert_eq!(
                line.width(),
                width,
                "table line of another width:\n{line}\nvs\n{first}"
            );
        }
    }
}

#[test]
fn progress_overview_at_several_dates() {
    for (as_of, lang) in [
        ("2023-04-01", "ja"),
        ("2024-03-31", "ja"),
        ("2025-04-01", "ja"),
        ("2024-03-31", "en"),
    ] {
        let name = format!("progress_overview_{as_of}_{lang}");
        let out = snapshot(&name, PROGRESS, as_of, &["status", "--lang", lang]);
        assert_tables_aligned(&out);
    }
}

#[test]
fn progress_before_anything_was_done_looks_back_in_time() {
    // Milestones done later are not done yet on 2022-06-01; the roadmap is not refused.
    let out = snapshot(
        "progress_overview_2022-06-01_ja",
        PROGRESS,
        "2022-06-01",
        &["status", "--lang", "ja"],
    );
    // Nor dropped yet: the drop reported on 2022-10-01 still counts in the total.
    assert!(out.contains("完了工程数 0/10"), "{out}");
}

#[test]
fn progress_ascii() {
    let out = snapshot(
        "progress_overview_ascii",
        PROGRESS,
        "2024-03-31",
        &["status", "--lang", "en", "--ascii"],
    );
    assert_tables_aligned(&out);
    assert!(
        out.is_ascii()
            || out
                .chars()
                .filter(|c| !c.is_ascii())
                .all(|c| c.width_cjk_is_data())
    );
}

trait DataChar {
    fn width_cjk_is_data(self) -> bool;
}

impl DataChar for char {
    /// Non-ASCII characters in --ascii output may only come from the data (Japanese text), never
    /// from the interface: box drawing, marks and arrows are ASCII.
    fn width_cjk_is_data(self) -> bool {
        !matches!(self, '─'..='╿' | '●' | '○' | '◐' | '▲' | '×' | '→' | '※' | '▼' | '█'..='▓')
    }
}

#[test]
fn progress_formats() {
    for as_of in ["2022-06-01", "2023-04-01", "2025-04-01"] {
        let json = ["status", "--format", "json"];
        snapshot(&format!("progress_json_{as_of}"), PROGRESS, as_of, &json);
        let markdown = ["status", "--format", "markdown", "--lang", "ja"];
        snapshot(
            &format!("progress_markdown_{as_of}"),
            PROGRESS,
            as_of,
            &markdown,
        );
    }
    snapshot(
        "progress_json",
        PROGRESS,
        "2024-03-31",
        &["status", "--format", "json"],
    );
    snapshot(
        "progress_markdown_ja",
        PROGRESS,
        "2024-03-31",
        &["status", "--format", "markdown", "--lang", "ja"],
    );
    let out = snapshot(
        "progress_timeline_ja",
        PROGRESS,
        "2024-03-31",
        &["status", "--timeline", "--lang", "ja"],
    );
    assert!(out.contains("▼"), "the as-of date is marked");
    snapshot(
        "progress_timeline_ascii",
        PROGRESS,
        "2023-10-01",
        &["status", "--timeline", "--lang", "en", "--ascii"],
    );
}

#[test]
fn progress_item_detail() {
    for (id, lang) in [
        ("1-1-1", "ja"),
        ("1-2-1", "en"),
        ("2-1-1", "ja"),
        ("2-1-2", "ja"),
    ] {
        let out = snapshot(
            &format!("progress_item_{id}_{lang}"),
            PROGRESS,
            "2024-03-31",
            &["status", id, "--lang", lang],
        );
        assert_tables_aligned(&out);
    }
    snapshot(
        "progress_item_json",
        PROGRESS,
        "2024-03-31",
        &["status", "1-1-1", "--format", "json"],
    );
}

#[test]
fn progress_filters() {
    let cases: &[(&str, &[&str])] = &[
        (
            "filter_state",
            &["status", "--lang", "en", "--state", "overdue,no_schedule"],
        ),
        ("filter_theme", &["status", "--lang", "en", "--theme", "※1"]),
        (
            "filter_category",
            &["status", "--lang", "en", "--category", "1-2"],
        ),
        (
            "filter_owner",
            &["status", "--lang", "en", "--owner", "秘書課"],
        ),
        ("filter_grep", &["status", "--lang", "en", "--grep", "lan"]),
        (
            "filter_nothing",
            &["status", "--lang", "ja", "--grep", "存在しない語"],
        ),
        // An owner no item has: a usage error naming the owners there are (exit 2).
        (
            "filter_owner_unknown",
            &["status", "--lang", "ja", "--owner", "人時課"],
        ),
    ];
    for (name, args) in cases {
        snapshot(name, PROGRESS, "2024-03-31", args);
    }
}

#[test]
fn fail_on_overdue_is_a_ci_gate() {
    let (_, _, code) = roadmap(PROGRESS, "2024-03-31", &["status", "--fail-on", "overdue"]);
    assert_eq!(code, 1);
    let (_, _, code) = roadmap(
        PROGRESS,
        "2024-03-31",
        &["status", "--fail-on", "overdue", "--category", "2"],
    );
    assert_eq!(code, 0, "no overdue milestone in 大項目 2");
    // One item: its own milestones decide.
    let (_, _, code) = roadmap(
        PROGRESS,
        "2024-03-31",
        &["status", "1-1-1", "--fail-on", "overdue"],
    );
    assert_eq!(code, 1, "1-1-1 has a reported delay");
    let (_, _, code) = roadmap(
        PROGRESS,
        "2024-03-31",
        &["status", "2-1-1", "--fail-on", "overdue"],
    );
    assert_eq!(code, 0, "2-1-1 is done");
}

#[test]
fn errors() {
    let cases: [(&str, &str, &[&str]); 5] = [
        ("error_unknown_item", PROGRESS, &["status", "9-9-9"]),
        ("error_bad_item_id", PROGRESS, &["status", "abc"]),
        ("error_bad_state", PROGRESS, &["status", "--state", "late"]),
        (
            "error_missing_dir",
            "tests/fixtures/does-not-exist",
            &["status"],
        ),
        (
            "error_invalid_roadmap",
            "tests/fixtures/invalid",
            &["status"],
        ),
    ];
    // Every error in both languages: the fixtures name none, so English is the locale's.
    for (name, dir, args) in cases {
        snapshot(name, dir, "2024-03-31", args);
        let ja = [&["--lang", "ja"][..], args].concat();
        snapshot(&format!("{name}_ja"), dir, "2024-03-31", &ja);
    }
}

#[test]
fn shipped_roadmap_at_several_dates() {
    for as_of in ["2022-06-01", "2023-04-01", "2024-03-31", "2025-04-01"] {
        let out = snapshot(
            &format!("shipped_overview_{as_of}"),
            SHIPPED,
            as_of,
            &["status", "--lang", "ja"],
        );
        assert_tables_aligned(&out);
        snapshot(
            &format!("shipped_json_{as_of}"),
            SHIPPED,
            as_of,
            &["status", "--format", "json"],
        );
        snapshot(
            &format!("shipped_markdown_{as_of}"),
            SHIPPED,
            as_of,
            &["status", "--format", "markdown", "--lang", "ja"],
        );
    }
    let out = snapshot(
        "shipped_overview_en",
        SHIPPED,
        "2023-04-01",
        &["status", "--lang", "en"],
    );
    assert_tables_aligned(&out);
    snapshot(
        "shipped_timeline",
        SHIPPED,
        "2023-10-01",
        &["status", "--timeline", "--lang", "ja"],
    );
}

#[test]
fn shipped_items_in_source_layout() {
    for id in ["1-1-1", "1-2-2", "2-1-3", "2-4-1", "3-1-1", "4-3-2"] {
        let out = snapshot(
            &format!("shipped_item_{id}"),
            SHIPPED,
            "2023-04-01",
            &["status", id, "--lang", "ja"],
        );
        assert_tables_aligned(&out);
    }
}

#[test]
fn locale_picks_the_language() {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--color",
            "never",
            "--dir",
            PROGRESS,
            "--as-of",
            "2024-03-31",
            "status",
        ])
        .env("COLUMNS", "100")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("基準日"));
}

/// `status --rev`: the roadmap as recorded at a revision, read from git; the working tree is left
/// as it is.
#[test]
fn status_at_a_git_revision() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let repo = tmp.path();
    let git = |args: &[&str]| {
        let out = crate::support::git_env(Command::new("git").current_dir(repo).args(args), repo)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(PROGRESS);
    let dst = repo.join("roadmap");
    std::fs::create_dir_all(dst.join("items")).expect("mkdir");
    std::fs::copy(src.join("roadmap.toml"), dst.join("roadmap.toml")).expect("copy plan");
    for entry in std::fs::read_dir(src.join("items")).expect("items") {
        let path = entry.expect("entry").path();
        std::fs::copy(
            &path,
            dst.join("items").join(path.file_name().expect("name")),
        )
        .expect("copy item");
    }
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "plan"]);
    // Report the delayed milestone done, and commit; then leave an uncommitted edit too.
    let item = dst.join("items/1-1-1.toml");
    let text = std::fs::read_to_string(&item).expect("read item");
    let done = text.replace(
        "reason = \"応募が少なく募集を延長\"\n",
        "reason = \"応募が少なく募集を延長\"\n\n[[milestones.reports]]\non = 2024-02-01\nstatus = \"done\"\n",
    );
    assert_ne!(text, done);
    std::fs::write(&item, &done).expect("write item");
    git(&["commit", "-q", "-am", "model run done"]);
    std::fs::write(&item, "this is not TOML = = =").expect("break the working tree");

    let run = |args: &[&str]| {
        let mut cmd = crate::support::roadmap_command(repo);
        cmd.args(["--color", "never", "--as-of", "2024-03-31"])
            .args(args);
        let out = crate::support::git_env(&mut cmd, repo)
            .output()
            .expect("runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.status.code(),
        )
    };
    let (before, code) = run(&["status", "--rev", "HEAD~1", "--format", "json"]);
    assert_eq!(code, Some(0));
    let (after, code) = run(&["status", "--rev", "main", "--format", "json"]);
    assert_eq!(code, Some(0));
    let done = |json: &str| {
        let v: serde_json::Value = serde_json::from_str(json).expect("json");
        v["totals"]["milestones_done"].as_u64()
    };
    assert_eq!(done(&before), Some(4));
    assert_eq!(done(&after), Some(5));
    // The working tree is broken, and untouched: plain status refuses it.
    let (_, code) = run(&["status"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        std::fs::read_to_string(&item).expect("read"),
        "this is not TOML = = ="
    );
    let (_, code) = run(&["status", "--rev", "no-such-rev"]);
    assert_eq!(code, Some(2));
}

/// Data can hold terminal control sequences (TOML's `\u001B`); none reaches the terminal.
#[test]
fn control_characters_in_data_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(PROGRESS);
    let dst = tmp.path();
    std::fs::create_dir_all(dst.join("items")).expect("mkdir");
    std::fs::copy(src.join("roadmap.toml"), dst.join("roadmap.toml")).expect("copy plan");
    let item = std::fs::read_to_string(src.join("items/2-1-1.toml")).expect("read");
    let evil = item.replace(
        "title = \"次期省内LANの導入・活用\"",
        "title = \"次期\\u001B[2J\\u001B]0;pwned\\u0007省内LAN\\u202Eの導入\"",
    );
    assert_ne!(item, evil);
    std::fs::write(dst.join("items/2-1-1.toml"), evil).expect("write");
    let dir = dst.to_str().expect("utf-8 path");
    for args in [
        &["status"][..],
        &["status", "2-1-1"],
        &["status", "--timeline"],
        &["status", "--format", "markdown"],
        &["validate"],
    ] {
        let (stdout, stderr, _) = roadmap(dir, "2024-03-31", args);
        for out in [&stdout, &stderr] {
            assert!(!out.contains('\u{1b}'), "{args:?} printed ESC:\n{out}");
            assert!(!out.contains('\u{7}'), "{args:?} printed BEL");
            assert!(
                !out.contains('\u{202e}'),
                "{args:?} printed a bidi override"
            );
        }
        if args[0] == "status" {
            assert!(
                stdout.contains("次期"),
                "{args:?}: the rest of the title is shown"
            );
        }
    }
}

/// `status ID --format markdown` is Markdown (it printed the box table before), in both languages.
#[test]
fn item_as_markdown() {
    for (id, lang) in [("1-1-1", "ja"), ("1-1-1", "en"), ("1-2-1", "ja")] {
        let out = snapshot(
            &format!("progress_item_{id}_markdown_{lang}"),
            PROGRESS,
            "2024-03-31",
            &["status", id, "--format", "markdown", "--lang", lang],
        );
        assert!(out.starts_with(&format!("# {id} ")), "{out}");
        assert!(
            !out.contains('┆') && !out.contains('│'),
            "no box drawing:\n{out}"
        );
    }
    let out = snapshot(
        "shipped_item_1-2-2_markdown",
        SHIPPED,
        "2023-04-01",
        &["status", "1-2-2", "--format", "markdown", "--lang", "ja"],
    );
    assert!(out.contains("| 行 |"), "{out}");
}

#[test]
fn the_shipped_roadmap_claims_no_progress() {
    // The source is a plan: nothing reported, so nothing is 遅延 — only derived 期限超過・未報告.
    let (stdout, stderr, code) = roadmap(SHIPPED, "2025-04-01", &["status", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(doc["totals"]["by_state"]["delayed"], 0);
    assert_eq!(doc["totals"]["milestones_by_state"]["delayed"], 0);
    assert_eq!(doc["totals"]["milestones_done"], 0);
    let mut finished = 0;
    for item in doc["items"].as_array().expect("items") {
        assert_ne!(item["state"], "delayed", "{}", item["id"]);
        assert_eq!(item["last_reported"], serde_json::Value::Null);
        for m in item["milestones"].as_array().expect("milestones") {
            assert_eq!(m["reports"].as_array().map(Vec::len), Some(0));
            assert_ne!(m["state"], "delayed");
            // FY2024 ended on 2025-03-31: everything due by then is past due, unreported.
            if m["to"].as_i64().expect("to") <= 2024 {
                assert_eq!(m["state"], "past_due", "{}/{}", item["id"], m["id"]);
                finished += 1;
            }
        }
        for i in item["indicators"].as_array().expect("indicators") {
            assert_eq!(i["attainment"], "cannot_assess", "no values, no targets");
        }
    }
    assert_eq!(finished, 152);
}

#[test]
fn today_is_the_plans_day_not_the_machines() {
    // The plan's zone is Asia/Tokyo (UTC+9): 20:00 UTC is already the next morning there.
    let at = |now: &str| -> serde_json::Value {
        let (stdout, stderr, code) = crate::support::output(
            crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
                .env("ROADMAP_NOW", now)
                .env("TZ", "America/Los_Angeles")
                .args([
                    "--color", "never", "--dir", SHIPPED, "status", "--format", "json",
                ]),
        );
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str(&stdout).expect("json")
    };
    let doc = at("2026-11-24T20:00:00Z");
    assert_eq!(doc["as_of"], "2026-11-25");
    let doc = at("2027-03-31T16:00:00Z");
    assert_eq!(doc["as_of"], "2027-04-01");
    assert_eq!(doc["fiscal_year"], 2027);
    let doc = at("2027-03-31T14:59:59Z");
    assert_eq!(doc["fiscal_year"], 2026);
}

/// One item's view reads the plan, the item and the items it refers to: a broken file elsewhere
/// (validate's to report) does not stop it, while the overview, which reads everything, refuses.
#[test]
fn one_item_reads_only_what_it_needs() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("roadmap");
    crate::support::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap"), &dir);
    let broken = dir.join("items/4-3-4.toml");
    let text = std::fs::read_to_string(&broken).expect("item");
    std::fs::write(&broken, format!("{text}\nnot_a_key = 1\n")).expect("write");
    let run = |args: &[&str]| {
        let mut cmd = crate::support::roadmap_command(tmp.path());
        cmd.args(["--dir", "roadmap", "--as-of", "2024-01-01", "status"])
            .args(args);
        crate::support::output(&mut cmd)
    };
    let (out, err, code) = run(&["1-1-1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1-1-1"), "{out}");
    let (_, err, code) = run(&[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("4-3-4.toml") && err.contains("not_a_key"),
        "{err}"
    );
    // The broken item itself is refused, with its finding.
    let (_, err, code) = run(&["4-3-4"]);
    assert_eq!(code, 1);
    assert!(err.contains("not_a_key"), "{err}");
}
