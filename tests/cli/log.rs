//! `roadmap log` and the reviewer's `roadmap diff` on a throwaway repository with a history of
//! realistic commits made with `roadmap record` on the shipped roadmap: a milestone reported done,
//! a declared delay, a slip, an item removed, a milestone id renamed, a comment-only commit and a
//! target raised. Snapshots of every format, for the whole roadmap and for one item.

use std::path::Path;

use crate::diff::{Repo, code, settings, stderr, stdout};

/// The shipped roadmap, then a year and a half of follow-ups, one commit each.
fn history() -> Repo {
    let repo = Repo::new();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap");
    crate::support::copy_tree(&shipped, &repo.root.join("roadmap"));
    repo.commit_as(
        "工程表を登録（令和4年9月16日公表版）",
        "改革推進室",
        "2022-09-20T10:00:00+09:00",
    );
    let record = |args: &[&str]| {
        let mut full = vec!["record"];
        full.extend_from_slice(args);
        let out = repo.roadmap(&full);
        assert_eq!(code(&out), 0, "{full:?}: {}", stderr(&out));
    };
    record(&[
        "done",
        "1-1-1",
        "model-recruit",
        "--on",
        "2022-11-30",
        "--note",
        "省内で募集し、4部局が応募した",
        "--by",
        "人事課",
    ]);
    repo.commit_as(
        "1-1-1: モデル実施部局の募集を完了",
        "人事課 山田",
        "2022-12-01T09:00:00+09:00",
    );
    record(&[
        "delay",
        "1-1-1",
        "model-run",
        "--reason",
        "国会対応期間と重なった",
        "--on",
        "2023-12-22",
    ]);
    repo.commit_as(
        "1-1-1: モデル実施の遅延を報告",
        "人事課 山田",
        "2023-12-25T17:30:00+09:00",
    );
    record(&[
        "reschedule",
        "1-1-2",
        "mentor-support",
        "--to",
        "R7",
        "--reason",
        "対象を拡大",
        "--on",
        "2024-03-01",
    ]);
    repo.commit_as(
        "1-1-2: メンター支援を令和7年度まで延長",
        "人事課 佐藤",
        "2024-03-04T11:00:00+09:00",
    );
    repo.remove("items/4-3-4.toml");
    repo.commit_as(
        "4-3-4 を 4-3-1 に統合",
        "広報室",
        "2024-04-10T15:00:00+09:00",
    );
    let path = repo.root.join("roadmap/items/2-2-1.toml");
    let text = std::fs::read_to_string(&path).expect("2-2-1");
    let renamed = text.replace(
        "id = \"satisfaction-review\"",
        "id = \"satisfaction-survey\"",
    );
    assert_ne!(text, renamed);
    std::fs::write(&path, &renamed).expect("write 2-2-1");
    repo.commit_as(
        "2-2-1: 工程IDを整理",
        "情報化推進室",
        "2024-05-01T10:00:00+09:00",
    );
    std::fs::write(&path, format!("# 所管: 情報化推進室\n{renamed}")).expect("write 2-2-1");
    repo.commit_as(
        "2-2-1: 所管のコメントを追加",
        "情報化推進室",
        "2024-05-02T10:00:00+09:00",
    );
    record(&[
        "target",
        "1-1-1",
        "1on1-status",
        "--series",
        "people",
        "--fy",
        "2024",
        "700",
    ]);
    repo.commit_as(
        "1-1-1: 実施人数の目標を引き上げ",
        "人事課 山田",
        "2024-05-20T10:00:00+09:00",
    );
    repo
}

fn snap_settings(repo: &Repo) -> insta::Settings {
    let mut s = settings(&repo.root);
    s.add_filter(r"\b[0-9a-f]{12}\b", "[SHORT]");
    s
}

fn run_ok(repo: &Repo, args: &[&str]) -> String {
    let out = repo.roadmap(args);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn log_of_the_whole_roadmap_in_every_format() {
    let repo = history();
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let s = snap_settings(&repo);
    for (format, name) in [
        ("human", "log_human"),
        ("markdown", "log_markdown"),
        ("json", "log_json"),
    ] {
        let out = run_ok(&repo, &["log", "--since", &first, "--format", format]);
        s.bind(|| insta::assert_snapshot!(name, out));
        if format != "json" {
            let args = ["--lang", "en", "log", "--since", &first, "--format", format];
            let en = run_ok(&repo, &args);
            s.bind(|| insta::assert_snapshot!(format!("{name}_en"), en));
        }
    }
    // The comment-only commit is left out, unless --all.
    let human = run_ok(&repo, &["log", "--since", &first]);
    assert!(!human.contains("所管のコメントを追加"), "{human}");
    let all = run_ok(&repo, &["log", "--since", &first, "--all"]);
    assert!(all.contains("所管のコメントを追加"), "{all}");
    // The whole history starts with the transcription: every item added.
    let json = run_ok(&repo, &["log", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let entries = doc["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 7);
    assert_eq!(entries[6]["summary"]["items_added"], 32);
}

#[test]
fn log_of_one_item_and_one_milestone() {
    let repo = history();
    let s = snap_settings(&repo);
    for (format, name) in [
        ("human", "log_item_human"),
        ("markdown", "log_item_markdown"),
        ("json", "log_item_json"),
    ] {
        let out = run_ok(&repo, &["log", "1-1-1", "model-run", "--format", format]);
        s.bind(|| insta::assert_snapshot!(name, out));
        if format != "json" {
            let args = [
                "--lang",
                "en",
                "log",
                "1-1-1",
                "model-run",
                "--format",
                format,
            ];
            let en = run_ok(&repo, &args);
            s.bind(|| insta::assert_snapshot!(format!("{name}_en"), en));
        }
    }
    // The whole item, every format.
    for (format, name) in [
        ("human", "log_item_only_human"),
        ("markdown", "log_item_only_markdown"),
        ("json", "log_item_only_json"),
    ] {
        let out = run_ok(&repo, &["log", "1-1-1", "--format", format]);
        s.bind(|| insta::assert_snapshot!(name, out));
    }
    // Who marked it done, and when: the item's history names the commit and its author.
    let item = run_ok(&repo, &["log", "1-1-1"]);
    assert!(item.contains("人事課 山田"), "{item}");
    assert!(item.contains("モデル実施部局の募集を完了"), "{item}");
    assert!(!item.contains("4-3-4"), "{item}");
    // A renamed milestone is found by its new id or its old one.
    for id in ["satisfaction-survey", "satisfaction-review"] {
        let out = run_ok(&repo, &["log", "2-2-1", id, "--format", "json"]);
        assert!(
            out.contains("\"renamed_from\": \"satisfaction-review\""),
            "{out}"
        );
    }
    // By date: only what was committed in that window.
    let window = run_ok(
        &repo,
        &["log", "--since", "2024-03-01", "--until", "令和6年4月30日"],
    );
    assert!(
        window.contains("メンター支援") && window.contains("4-3-4"),
        "{window}"
    );
    assert!(
        !window.contains("遅延を報告") && !window.contains("目標"),
        "{window}"
    );
}

#[test]
fn review_of_the_whole_range_puts_what_matters_first() {
    let repo = history();
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let s = snap_settings(&repo);
    for (format, name) in [
        ("human", "review_human"),
        ("markdown", "review_markdown"),
        ("json", "review_json"),
    ] {
        let out = run_ok(&repo, &["diff", "--format", format, &first, "HEAD"]);
        s.bind(|| insta::assert_snapshot!(name, out));
        if format != "json" {
            let args = ["--lang", "en", "diff", "--format", format, &first, "HEAD"];
            let en = run_ok(&repo, &args);
            s.bind(|| insta::assert_snapshot!(format!("{name}_en"), en));
        }
    }
}

#[test]
fn burnup_from_the_report_dates() {
    let repo = history();
    let s = snap_settings(&repo);
    for (format, name) in [
        ("human", "burnup_human"),
        ("markdown", "burnup_markdown"),
        ("json", "burnup_json"),
    ] {
        let out = run_ok(&repo, &["log", "--burnup", "--format", format]);
        s.bind(|| insta::assert_snapshot!(name, out));
        if format != "json" {
            let args = ["--lang", "en", "log", "--burnup", "--format", format];
            let en = run_ok(&repo, &args);
            s.bind(|| insta::assert_snapshot!(format!("{name}_en"), en));
        }
    }
    // No git needed: the same from a directory outside any repository.
    let copy = tempfile::tempdir().expect("temp dir");
    let dir = copy.path().join("roadmap");
    crate::support::copy_tree(&repo.root.join("roadmap"), &dir);
    let mut cmd = crate::support::roadmap_command(copy.path());
    let (out, err, status) = crate::support::output(cmd.args([
        "--color",
        "never",
        "--as-of",
        "2024-06-01",
        "log",
        "--burnup",
        "--format",
        "json",
    ]));
    assert_eq!(status, 0, "{err}");
    assert_eq!(out, run_ok(&repo, &["log", "--burnup", "--format", "json"]));
}

#[test]
fn html_report_draws_the_burnup() {
    let repo = history();
    let out = run_ok(&repo, &["report", "-o", "report.html"]);
    assert!(out.is_empty(), "{out}");
    let html = std::fs::read_to_string(repo.root.join("report.html")).expect("report");
    let json = run_ok(&repo, &["log", "--burnup", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let last = doc["points"]
        .as_array()
        .and_then(|p| p.last())
        .expect("points");
    assert!(html.contains("<svg class=\"burnup\""), "no burn-up chart");
    // The lines end at the counts the burn-up gives, labelled with them.
    for (word, key) in [
        ("完了", "done"),
        ("報告あり", "reported"),
        ("期限超過（算出）", "past_due"),
    ] {
        let label = format!("{word} {}</text>", last[key]);
        assert!(html.contains(&label), "no `{label}` in the chart");
    }
    let points = doc["points"].as_array().map_or(0, Vec::len);
    let chart = html
        .split("<svg class=\"burnup\"")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .unwrap_or_default();
    assert_eq!(chart.matches("<circle ").count(), 3 * points);
}

#[test]
fn log_errors_are_usage_errors() {
    let repo = history();
    for args in [
        &["log", "1-a"][..],
        &["log", "--since", "no-such-rev"],
        &["log", "--until", "2024-02-30"],
        // An id neither the roadmap nor any commit has: a typo, not an empty history.
        &["log", "1-1-9"],
        // Likewise a milestone the item does not have (it said: no commits changed it).
        &["log", "1-1-1", "model-ru"],
    ] {
        let out = repo.roadmap(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stdout(&out));
        // The shipped roadmap speaks Japanese (its plan's `lang`).
        assert!(stderr(&out).starts_with("エラー: "), "{}", stderr(&out));
    }
    let out = repo.roadmap(&["log", "1-1-9"]);
    snap_settings(&repo).bind(|| insta::assert_snapshot!("log_unknown_item", stderr(&out)));
    let out = repo.roadmap(&["log", "1-1-1", "model-ru"]);
    snap_settings(&repo).bind(|| insta::assert_snapshot!("log_unknown_milestone", stderr(&out)));
}

#[test]
fn report_since_the_last_report_lists_what_changed() {
    let repo = history();
    repo.git(&["tag", "2023Q3", "HEAD~5"]);
    let md = run_ok(&repo, &["report", "--since", "2023Q3"]);
    let section: String = md
        .split("### 前回報告からの変化")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .map(|s| format!("### 前回報告からの変化{s}"))
        .expect("the section");
    let s = snap_settings(&repo);
    s.bind(|| insta::assert_snapshot!("report_since_md", section));
    // By date: the last commit on or before it (the one that declared the delay).
    let by_date = run_ok(&repo, &["report", "--since", "2023-12-31"]);
    assert!(
        by_date.contains("前回報告からの変化（令和5年12月31日 以降）"),
        "{by_date}"
    );
    assert!(
        !by_date.contains("| 遅延 | 1-1-1"),
        "the delay came before that day"
    );
    // The summary carries it too.
    let summary = run_ok(&repo, &["report", "--summary", "--since", "2023Q3"]);
    assert!(summary.contains("### 前回報告からの変化"), "{summary}");
    // A CSV is one table: the changes are theirs.
    let csv = run_ok(
        &repo,
        &[
            "report", "--format", "csv", "--table", "since", "--since", "2023Q3",
        ],
    );
    let csv = csv.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    s.bind(|| insta::assert_snapshot!("report_since_csv", csv));
    // The workbook has a sheet of them, after the overview.
    let book = repo.root.join("report.xlsx");
    let path = book.to_str().expect("UTF-8 path");
    run_ok(&repo, &["report", "--since", "2023Q3", "-o", path]);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).expect("the workbook");
    use calamine::Reader as _;
    assert_eq!(
        wb.sheet_names()[..3],
        ["概要", "前回報告からの変化", "工程表"]
    );
    let sheet = wb.worksheet_range("前回報告からの変化").expect("the sheet");
    let texts: Vec<String> = sheet.cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(texts.iter().any(|t| t == "計画変更"), "{texts:?}");
    assert_eq!(
        sheet.rows().count() - 4,
        csv.lines().count() - 1,
        "the sheet and the CSV list the same changes"
    );
}

/// The subjects `roadmap log` lists over the whole history, newest first.
fn logged_subjects(repo: &Repo, args: &[&str]) -> Vec<String> {
    let mut full = vec!["log", "--all", "--format", "json"];
    full.extend_from_slice(args);
    let json = run_ok(repo, &full);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let entries = doc["entries"].as_array().expect("entries");
    entries
        .iter()
        .map(|e| e["subject"].as_str().expect("subject").to_owned())
        .collect()
}

/// `log` lists the commits `git log -- roadmap` lists, whether or not the range holds a merge
/// (git is given no pathspec when it does not, and the paths are filtered here instead): a commit
/// outside the roadmap is left out, and so is a side branch's change that its merge dropped.
#[test]
fn log_lists_the_commits_git_simplifies_to() {
    let repo = Repo::base();
    let item = crate::diff::ITEM_1;
    std::fs::write(repo.root.join("README.md"), "docs\n").expect("README");
    repo.commit("docs only");
    repo.write(
        "items/1-1-1.toml",
        &item.replace("キャリア支援", "キャリア形成支援"),
    );
    repo.commit("linear change");
    repo.write("roadmap.toml.bak", "not a roadmap file\n");
    repo.commit("a stray file under roadmap/");
    let linear = ["linear change", "base"];
    assert_eq!(logged_subjects(&repo, &[]), linear);
    assert_eq!(logged_subjects(&repo, &["1-1-1"]), linear);
    assert_eq!(logged_subjects(&repo, &["--first-parent"]), linear);

    // A side branch whose change the merge dropped (`-s ours`), and one merged as it was.
    let side = |branch: &str, title: &str, merge: &[&str]| {
        repo.git(&["checkout", "-q", "-b", branch]);
        repo.write("items/1-1-1.toml", &item.replace("キャリア支援", title));
        repo.commit(&format!("{branch} change"));
        repo.git(&["checkout", "-q", "main"]);
        let mut args = vec!["merge", "-q"];
        args.extend_from_slice(merge);
        args.push(branch);
        repo.git(&args);
    };
    side(
        "dropped",
        "捨てられた案",
        &["-s", "ours", "-m", "merge dropping it"],
    );
    side("kept", "採られた案", &["--no-ff", "-m", "merge keeping it"]);
    let git: Vec<String> = repo
        .git(&["log", "--format=%s", "--no-merges", "--", "roadmap"])
        .lines()
        .filter(|s| *s != "a stray file under roadmap/")
        .map(str::to_owned)
        .collect();
    assert_eq!(git, ["kept change", "linear change", "base"]);
    assert_eq!(logged_subjects(&repo, &[]), git);
    assert_eq!(logged_subjects(&repo, &["1-1-1"]), git);
    // On the first-parent line a merge is what it brought: the dropping merge brought nothing.
    let first_parent = ["merge keeping it", "linear change", "base"];
    assert_eq!(logged_subjects(&repo, &["--first-parent"]), first_parent);
}
