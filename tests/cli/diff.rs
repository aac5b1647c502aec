//! `roadmap diff` end to end: each test builds a throwaway git repository (hermetic git config,
//! fixed dates) and runs the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) const PLAN: &str = r#"title = "工程表"
published = 2022-09-16
fiscal_year_start = "04-01"

[period]
first_fy = 2022
last_fy = 2024
latest_fy = 2025

[[categories]]
number = 1
title = "業務効率化・柔軟な働き方の推進"

[[categories.subcategories]]
number = 1
title = "ナレッジマネジメント"

[[categories]]
number = 2
title = "人材育成"

[[categories.subcategories]]
number = 1
title = "キャリア支援"
"#;

pub(crate) const ITEM_1: &str = r#"id = "1-1-1"
title = "職場の上司によるキャリア支援"

[[milestones]]
id = "recruit"
row = 1
text = "モデル的に実施する部局等を募集"
from = 2022
to = 2022

[[milestones]]
id = "rollout"
row = 2
text = "省内全体で実施"
from = 2023
to = 2023

[[milestones]]
id = "review"
row = 3
text = "実施状況の検証"
from = 2023
to = 2024

[[indicators]]
id = "rate"
name = "職員アンケート回答率"

[[indicators.series]]
id = "rate"
name = "回答率"
unit = "%"

[[indicators.series.values]]
fy = 2022
value = 71.5
"#;

const ITEM_2: &str = r#"id = "2-1-1"
title = "若手職員の育成"

[[milestones]]
id = "plan"
text = "育成計画の策定"
from = 2022
to = 2023
"#;

/// A throwaway repository with hermetic git.
pub(crate) struct Repo {
    _tmp: tempfile::TempDir,
    pub(crate) root: PathBuf,
    home: PathBuf,
}

impl Repo {
    pub(crate) fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("repo");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&root).expect("repo dir");
        std::fs::create_dir_all(&home).expect("home dir");
        let repo = Self {
            _tmp: tmp,
            root,
            home,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn env(&self, cmd: &mut Command) {
        crate::support::git_env(cmd.current_dir(&self.root), &self.home)
            .env_remove("ROADMAP_DIR")
            .env("NO_COLOR", "1");
    }

    pub(crate) fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        self.env(&mut cmd);
        let out = cmd
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.root.join("roadmap").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }

    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join("roadmap").join(rel)).expect("remove");
    }

    /// Commits everything as `author` on `date` (an ISO 8601 instant): a history that reads like
    /// a real one, with stable commit ids.
    pub(crate) fn commit_as(&self, message: &str, author: &str, date: &str) {
        self.git(&["add", "-A"]);
        let mut cmd = Command::new("git");
        self.env(&mut cmd);
        let out = cmd
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .args([
                "-c",
                "commit.gpgsign=false",
                "commit",
                "-q",
                "--allow-empty",
                "-m",
            ])
            .arg(message)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub(crate) fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// The base roadmap, committed.
    pub(crate) fn base() -> Self {
        let repo = Self::new();
        repo.write("roadmap.toml", PLAN);
        repo.write("items/1-1-1.toml", ITEM_1);
        repo.write("items/2-1-1.toml", ITEM_2);
        repo.commit("base");
        repo
    }

    pub(crate) fn roadmap(&self, args: &[&str]) -> Output {
        let mut cmd = crate::support::roadmap_command(&self.root);
        self.env(&mut cmd);
        cmd.args(["--color", "never", "--as-of", "2024-06-01"])
            .args(args)
            .output()
            .expect("roadmap runs")
    }
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

pub(crate) fn settings(root: &Path) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(&regex_escape(&root.display().to_string()), "[REPO]");
    s.add_filter(r"\b[0-9a-f]{40}\b", "[COMMIT]");
    s.add_filter(r"\([0-9a-f]{12}\)", "([SHORT])");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if "\\.+*?()|[]{}^$".contains(c) {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect()
}

/// The edits most pull requests make: a milestone reported done, a schedule change (a slip), a
/// declared delay, a value recorded, a title reworded.
fn progress(repo: &Repo) {
    let item = ITEM_1
        .replace("上司によるキャリア支援", "上司及び先輩によるキャリア支援")
        .replace(
            "from = 2022\nto = 2022\n",
            "from = 2022\nto = 2022\n\n[[milestones.reports]]\non = 2023-02-15\nstatus = \"done\"\ntext = \"3部局が応募\"\nby = \"人事課\"\n",
        )
        .replace(
            "from = 2023\nto = 2023\n",
            "from = 2023\nto = 2023\n\n[[milestones.changes]]\non = 2024-03-01\nto = 2024\nreason = \"繁忙期と重なった\"\n",
        )
        .replace(
            "from = 2023\nto = 2024\n\n[[ind",
            "from = 2023\nto = 2024\n\n[[milestones.reports]]\non = 2024-05-10\nstatus = \"delayed\"\nreason = \"調査票の設計に時間を要した\"\n\n[[ind",
        )
        .replace(
            "value = 71.5\n",
            "value = 71.5\n\n[[indicators.series.values]]\nfy = 2023\nvalue = 80\n",
        );
    repo.write("items/1-1-1.toml", &item);
}

/// A report names the data it read: the commit, and whether the roadmap's files had uncommitted
/// edits (a paper must not pass them for the commit).
#[test]
fn a_report_says_whether_the_working_tree_has_uncommitted_edits() {
    let repo = Repo::base();
    let data = |repo: &Repo| {
        let out = repo.roadmap(&["--lang", "ja", "report", "--format", "md"]);
        let md = stdout(&out);
        let line = md.lines().find(|l| l.starts_with("- データ:"));
        line.map(str::to_owned).unwrap_or_else(|| panic!("{md}"))
    };
    let clean = data(&repo);
    assert!(
        clean.contains("コミット") && !clean.contains("未コミット"),
        "{clean}"
    );
    progress(&repo);
    let dirty = data(&repo);
    assert!(dirty.contains("未コミットの変更あり"), "{dirty}");
    // A file outside the roadmap is none of its data.
    repo.commit("progress");
    std::fs::write(repo.root.join("notes.txt"), "メモ").expect("write");
    assert!(!data(&repo).contains("未コミット"));
}

#[test]
fn progress_in_all_formats() {
    let repo = Repo::base();
    progress(&repo);
    repo.commit("progress");
    let s = settings(&repo.root);
    for (format, name) in [
        ("human", "progress_human"),
        ("markdown", "progress_markdown"),
        ("json", "progress_json"),
    ] {
        let out = repo.roadmap(&["diff", "--format", format, "HEAD~1", "HEAD"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        s.bind(|| insta::assert_snapshot!(name, stdout(&out)));
    }
}

#[test]
fn milestone_done_against_working_tree() {
    let repo = Repo::base();
    progress(&repo);
    let out = repo.roadmap(&["diff"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("status: (no report) → done on 2023-02-15"),
        "{text}"
    );
    assert!(text.contains("→ working tree"), "{text}");
}

#[test]
fn slip_fails_with_fail_on_slip() {
    let repo = Repo::base();
    repo.write(
        "items/2-1-1.toml",
        &ITEM_2.replace("to = 2023", "to = 2025"),
    );
    repo.commit("slip");
    let out = repo.roadmap(&["diff", "--fail-on", "slip", "main~1..main"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("FY2022–FY2023 → FY2022–FY2025  SLIP"));
    let out = repo.roadmap(&["diff", "main~1..main"]);
    assert_eq!(code(&out), 0);
    let out = repo.roadmap(&["diff", "--exit-code", "main~1", "main"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn pull_in_is_flagged_and_does_not_fail() {
    let repo = Repo::base();
    repo.write(
        "items/2-1-1.toml",
        &ITEM_2.replace("to = 2023", "to = 2022"),
    );
    repo.commit("pull in");
    let out = repo.roadmap(&["diff", "--fail-on", "slip", "HEAD~1", "HEAD"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("FY2022–FY2023 → FY2022  pull-in"), "{text}");
    assert!(text.contains("1 pull-in"), "{text}");
}

#[test]
fn a_change_record_removed_or_backdated_is_flagged() {
    // Deleting a recorded 計画変更 must not read as a pull-in, nor backdating one as nothing.
    let repo = Repo::base();
    let recorded = format!(
        "{ITEM_2}\n[[milestones.changes]]\non = 2024-02-01\nto = 2024\nreason = \"予算の遅れ\"\n"
    );
    repo.write("items/2-1-1.toml", &recorded);
    repo.commit("reschedule");
    repo.write(
        "items/2-1-1.toml",
        &recorded
            .replace("2024-02-01", "2023-04-01")
            .replace("予算の遅れ", "調整の結果"),
    );
    repo.commit("backdate");
    repo.write("items/2-1-1.toml", ITEM_2);
    repo.commit("delete");
    let s = settings(&repo.root);
    let out = repo.roadmap(&["diff", "HEAD~2", "HEAD~1"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.bind(|| insta::assert_snapshot!("change_record_backdated", stdout(&out)));
    let out = repo.roadmap(&["diff", "--format", "markdown", "HEAD~1", "HEAD"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.bind(|| insta::assert_snapshot!("change_record_removed_markdown", stdout(&out)));
    let out = repo.roadmap(&["--lang", "ja", "diff", "HEAD~1", "HEAD"]);
    s.bind(|| insta::assert_snapshot!("change_record_removed_ja", stdout(&out)));
}

/// Two schedule changes recorded between two revisions: each is listed with its reason (only
/// the net move and the last reason were said; the first change's reason was lost).
#[test]
fn two_schedule_changes_at_once_are_each_listed() {
    let repo = Repo::base();
    repo.write(
        "items/2-1-1.toml",
        &format!(
            "{ITEM_2}\n[[milestones.changes]]\non = 2023-09-20\nuntil = \"2024-H1\"\nreason = \"LAN導入の遅れ\"\n\n[[milestones.changes]]\non = 2023-12-20\nto = 2024\nreason = \"アンケート時期の見直し\"\n"
        ),
    );
    repo.commit("two changes");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let shown = stdout(&out);
    for reason in ["LAN導入の遅れ", "アンケート時期の見直し"] {
        assert!(shown.contains(reason), "{shown}");
    }
    let out = repo.roadmap(&["diff", "--format", "markdown", "HEAD~1", "HEAD"]);
    assert!(stdout(&out).contains("LAN導入の遅れ"), "{}", stdout(&out));
}

#[test]
fn items_added_removed_moved() {
    let repo = Repo::base();
    repo.write(
        "items/1-1-2.toml",
        "id = \"1-1-2\"\ntitle = \"新しい取組\"\n\n[[milestones]]\nid = \"start\"\ntext = \"開始\"\nfrom = 2024\nto = 2024\n",
    );
    repo.remove("items/2-1-1.toml");
    repo.commit("add and remove");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    settings(&repo.root).bind(|| insta::assert_snapshot!("added_removed", stdout(&out)));

    // Moved: same id, another file (which validation then flags).
    repo.git(&["mv", "roadmap/items/1-1-1.toml", "roadmap/items/1-1-9.toml"]);
    repo.commit("move");
    let out = repo.roadmap(&["diff", "--format", "json", "HEAD~1", "HEAD"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["summary"]["items_moved"], 1);
    assert_eq!(json["items"][0]["old_path"], "roadmap/items/1-1-1.toml");
    assert_eq!(json["items"][0]["new_path"], "roadmap/items/1-1-9.toml");
    assert_eq!(json["validation"]["ok"], false);
    assert_eq!(json["validation"]["findings"][0]["code"], "RM202");
}

#[test]
fn renamed_item_is_matched_by_title() {
    let repo = Repo::base();
    repo.remove("items/2-1-1.toml");
    repo.write("items/2-1-2.toml", &ITEM_2.replace("2-1-1", "2-1-2"));
    repo.commit("renumber");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD"]);
    let text = stdout(&out);
    assert!(
        text.contains("2-1-2 若手職員の育成 (renamed from 2-1-1)"),
        "{text}"
    );
}

#[test]
fn indicator_value_recorded() {
    let repo = Repo::base();
    repo.write(
        "items/1-1-1.toml",
        &ITEM_1
            .replace(
                "unit = \"%\"\n",
                "unit = \"%\"\nbaseline = { fy = 2021, value = 65 }\ntargets = { 2024 = 90 }\n",
            )
            .replace(
                "value = 71.5\n",
                "value = 72\n\n[[indicators.series.values]]\nfy = 2023\nvalue = 80.5\n",
            ),
    );
    let out = repo.roadmap(&["diff", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let series = &json["items"][0]["indicators"][0]["series"][0];
    assert_eq!(json["summary"]["indicator_updates"], 2);
    assert_eq!(json["summary"]["target_changes"], 1);
    assert_eq!(json["summary"]["baseline_changes"], 1);
    assert_eq!(series["id"], "rate");
    assert_eq!(series["values"][0]["fy"], 2022);
    assert_eq!(series["values"][0]["old"], 71.5);
    assert_eq!(series["values"][0]["new"], 72.0);
    assert_eq!(series["values"][1]["old"], serde_json::Value::Null);
    assert_eq!(series["targets"][0]["new"], 90.0);
    assert_eq!(series["baseline"]["new"]["value"], 65.0);
}

/// A removed indicator is named by its old side, and every kind of indicator change is counted:
/// removed, added, a series added to one that stays.
#[test]
fn indicators_added_and_removed_are_counted_and_named() {
    let repo = Repo::base();
    let series = "[[indicators.series]]\nid = \"rate\"\nname = \"回答率\"\nunit = \"%\"\n";
    // 1-1-1 loses its indicator; 2-1-1 gains one with two series.
    let (without, _) = ITEM_1.split_once("[[indicators]]").expect("an indicator");
    repo.write("items/1-1-1.toml", without);
    repo.write(
        "items/2-1-1.toml",
        &format!(
            "{ITEM_2}\n[[indicators]]\nid = \"trained\"\nname = \"研修受講者数\"\n\n{}\n{}",
            series
                .replace("rate", "count")
                .replace("回答率", "人数")
                .replace("%", "人"),
            series
                .replace("rate", "hours")
                .replace("回答率", "時間")
                .replace("%", "時間")
        ),
    );
    let out = repo.roadmap(&["diff", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["summary"]["indicators_removed"], 1);
    assert_eq!(json["summary"]["indicators_added"], 1);
    let removed = &json["items"][0]["indicators"][0];
    assert_eq!(removed["change"], "removed");
    assert_eq!(removed["id"], "rate", "named by the side that has it");
    let human = repo.roadmap(&["--lang", "ja", "diff"]);
    let markdown = repo.roadmap(&["--lang", "ja", "diff", "--format", "markdown"]);
    settings(&repo.root).bind(|| {
        insta::assert_snapshot!(
            "indicators_added_removed",
            format!("{}--- markdown\n{}", stdout(&human), stdout(&markdown))
        )
    });
    // A series added to an indicator that stays is counted too.
    repo.commit("indicators");
    repo.write(
        "items/2-1-1.toml",
        &format!(
            "{}\n{}",
            std::fs::read_to_string(repo.root.join("roadmap/items/2-1-1.toml")).expect("read"),
            series.replace("rate", "share").replace("回答率", "割合")
        ),
    );
    let out = repo.roadmap(&["diff", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["summary"]["series_added"], 1, "{json}");
    assert_eq!(json["summary"]["indicators_changed"], 1);
}

#[test]
fn reformat_only_is_no_semantic_change() {
    let repo = Repo::base();
    // Other key order, comments, literal strings, inline tables, CRLF.
    let reformatted = "# キャリア支援\r\ntitle = '職場の上司によるキャリア支援'\r\nid = \"1-1-1\"\r\n\r\nmilestones = [\r\n  { id = \"recruit\", text = \"モデル的に実施する部局等を募集\", to = 2022, from = 2022, row = 1 },\r\n  { id = \"rollout\", row = 2, text = \"省内全体で実施\", from = 2023, to = 2023, reports = [] },\r\n  { id = \"review\", row = 3, text = \"実施状況の検証\", from = 2023, to = 2024 },\r\n]\r\n\r\n[[indicators]]\r\nid = \"rate\"   # 指標\r\nname = \"職員アンケート回答率\"\r\nseries = [{ id = 'rate', name = \"回答率\", unit = \"%\", values = [{ fy = 2022, value = 71.50 }] }]\r\n";
    repo.write("items/1-1-1.toml", reformatted);
    repo.commit("reformat");
    let out = repo.roadmap(&["diff", "--exit-code", "HEAD~1", "HEAD"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("no semantic changes"), "{text}");
    assert!(text.contains("the changed files are valid"), "{text}");
    let out = repo.roadmap(&["diff", "--format", "markdown", "HEAD~1", "HEAD"]);
    assert!(stdout(&out).contains("No semantic changes"));
}

#[test]
fn invalid_new_side_is_reported() {
    let repo = Repo::base();
    repo.write(
        "items/2-1-1.toml",
        &ITEM_2.replace(
            "to = 2023",
            "to = 2023\n\n[[milestones.reports]]\nstatus = \"done\"",
        ),
    );
    repo.write("items/1-1-1.toml", "id = \"1-1-1\"\ntitle = [broken\n");
    let out = repo.roadmap(&["diff", "--fail-on", "invalid"]);
    assert_eq!(code(&out), 1);
    settings(&repo.root).bind(|| insta::assert_snapshot!("invalid_new_side", stdout(&out)));
}

#[test]
fn errors_exit_2_with_a_clear_message() {
    let repo = Repo::base();
    let out = repo.roadmap(&["diff", "no-such-branch"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown revision `no-such-branch`"));

    // An option-looking revision stays a revision.
    let out = repo.roadmap(&["diff", "--", "--output=/tmp/x"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown revision `--output=/tmp/x`"));

    let out = repo.roadmap(&["--dir", "elsewhere", "diff", "HEAD", "HEAD"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("roadmap directory `elsewhere` does not exist at revision"),
        "{}",
        stderr(&out)
    );

    let plain = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
    repo.env(&mut cmd);
    let out = cmd
        .current_dir(plain.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            plain.path().parent().expect("parent"),
        )
        .args(["diff", "HEAD"])
        .output()
        .expect("runs");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn shallow_clone_says_how_to_fetch() {
    let repo = Repo::base();
    progress(&repo);
    repo.commit("second");
    repo.write(
        "items/2-1-1.toml",
        &ITEM_2.replace("to = 2023", "to = 2024"),
    );
    repo.commit("third");
    let clone = repo.root.parent().expect("parent").join("shallow");
    let url = format!("file://{}", repo.root.display());
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &url,
        &clone.display().to_string(),
    ]);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
    repo.env(&mut cmd);
    let out = cmd
        .current_dir(&clone)
        .args(["diff", "HEAD~2", "HEAD"])
        .output()
        .expect("runs");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("git fetch --unshallow"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn merge_base_range_ignores_changes_on_the_base_branch() {
    let repo = Repo::base();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    progress(&repo);
    repo.commit("feature work");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("items/2-1-1.toml", &ITEM_2.replace("育成計画", "研修計画"));
    repo.commit("main moves on");
    let out = repo.roadmap(&["diff", "main...feature"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("merge base of main...feature"), "{text}");
    assert!(text.contains("1-1-1"), "{text}");
    assert!(!text.contains("2-1-1"), "{text}");
    // Two dots compare the tips: main's own change shows.
    let out = repo.roadmap(&["diff", "main..feature"]);
    assert!(stdout(&out).contains("2-1-1"));
}

#[test]
fn directories_mode() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let slipped = ITEM_1.replace("to = 2024", "to = 2025");
    for (side, item) in [("old", ITEM_1), ("new", slipped.as_str())] {
        let dir = tmp.path().join(side);
        std::fs::create_dir_all(dir.join("items")).expect("dirs");
        std::fs::write(dir.join("roadmap.toml"), PLAN).expect("plan");
        std::fs::write(dir.join("items/1-1-1.toml"), item).expect("item");
        std::fs::write(dir.join("items/2-1-1.toml"), ITEM_2).expect("item");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .args(["--color", "never", "--as-of", "2024-06-01"])
        .args(["diff", "--no-index", "old", "new"])
        .output()
        .expect("runs");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    settings(tmp.path()).bind(|| insta::assert_snapshot!("directories", stdout(&out)));
}

#[test]
fn markdown_escapes_and_truncates() {
    let repo = Repo::base();
    for n in 1..=60 {
        let text = format!(
            "id = \"1-1-{n}\"\ntitle = \"<b>@team</b> #{n} | [x](javascript:alert) {}\"\n",
            "長い題名".repeat(300)
        );
        repo.write(&format!("items/1-1-{n}.toml"), &text);
    }
    repo.commit("many");
    let out = repo.roadmap(&["diff", "--format", "markdown", "HEAD~1", "HEAD"]);
    let md = stdout(&out);
    assert!(md.chars().count() <= 65_536, "{}", md.chars().count());
    assert!(md.contains("left out to stay under GitHub's 65536 character comment limit"));
    assert!(!md.contains("<b>@team"), "data must not become markup");
    assert!(!md.contains("[x](javascript"), "data must not become links");
    assert!(md.contains("&lt;b&gt;&#64;team&lt;/b&gt; &#35;1 &#124; &#91;x&#93;"));
}
