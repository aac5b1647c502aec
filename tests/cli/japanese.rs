//! Japanese first, from anywhere in the repository: the language (plan, `ROADMAP_LANG`,
//! `--lang`, locale), usage errors in it, 令和 dates and 〜 ranges, the roadmap found from any
//! directory with repository-root paths, the wrong answers refused, and the terminal views at 80
//! and 200 columns: tables of one width, no line that starts with 、。」）.

use std::path::Path;
use std::process::Command;

use unicode_width::UnicodeWidthStr;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs in the manifest directory with extra environment.
fn run(args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
    let mut cmd = crate::support::roadmap_command(manifest());
    cmd.args(["--color", "never"]).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    crate::support::output(&mut cmd)
}

fn doc(args: &[&str], out: &(String, String, i32)) -> String {
    format!(
        "$ roadmap {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.2,
        out.0,
        out.1
    )
}

#[test]
fn the_plan_names_the_language_and_the_options_win() {
    let args = ["--as-of", "2024-03-31", "validate"];
    // The shipped plan says `lang = "ja"`.
    assert!(run(&args, &[]).0.starts_with("OK: "));
    // ROADMAP_LANG, then --lang, win over it.
    assert!(run(&args, &[("ROADMAP_LANG", "en")]).0.starts_with("ok: "));
    let with_flag = ["--lang", "en", "--as-of", "2024-03-31", "validate"];
    assert!(
        run(&with_flag, &[("ROADMAP_LANG", "ja")])
            .0
            .starts_with("ok: ")
    );
    // A plan that names none: the locale.
    let progress = [
        "--dir",
        "tests/fixtures/progress",
        "--as-of",
        "2024-03-31",
        "validate",
    ];
    assert!(
        run(&progress, &[("LANG", "ja_JP.UTF-8")])
            .0
            .starts_with("OK: ")
    );
    assert!(run(&progress, &[]).0.starts_with("ok: "));
}

#[test]
fn usage_errors_in_both_languages() {
    let cases: &[(&str, &[&str])] = &[
        ("unknown_subcommand", &["stats"]),
        ("unknown_option", &["status", "--bogus"]),
        ("bad_format", &["status", "--format", "xml"]),
        ("bad_fy", &["report", "--fy", "20x"]),
        ("missing_argument", &["record", "done", "1-1-1"]),
        ("format_without_value", &["status", "--format"]),
        ("date_without_value", &["status", "--as-of"]),
        ("extra_value", &["diff", "a", "b", "c"]),
    ];
    for (name, args) in cases {
        for lang in ["ja", "en"] {
            let out = run(args, &[("ROADMAP_LANG", lang)]);
            assert_eq!(out.2, 2, "{name} {lang}: {}", out.1);
            // Nothing said about an empty value or an empty list of values.
            assert!(
                !out.1.contains("``") && !out.1.contains(": \n"),
                "{name} {lang}: {}",
                out.1
            );
            insta::assert_snapshot!(format!("usage_{name}_{lang}"), doc(args, &out));
        }
    }
    // The value too many is named, not the argument it did not fit.
    let (_, err, _) = run(&["diff", "a", "b", "c"], &[("ROADMAP_LANG", "ja")]);
    assert!(err.contains("`c`"), "{err}");
}

#[test]
fn a_diff_side_without_a_plan_is_refused_in_both_languages() {
    for lang in ["ja", "en"] {
        let args = [
            "--lang",
            lang,
            "diff",
            "--no-index",
            "tests/fixtures/validate",
            "tests/fixtures/progress",
        ];
        let out = run(&args, &[]);
        assert_eq!(out.2, 2, "{}", out.1);
        assert!(out.0.is_empty(), "{}", out.0);
        insta::assert_snapshot!(
            format!("diff_no_index_without_plan_{lang}"),
            doc(&args, &out)
        );
    }
}

#[test]
fn diff_of_two_directories_outside_a_roadmap_speaks_their_plans_language() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let old = manifest().join("tests/fixtures/kisei-2024");
    let new = manifest().join("tests/fixtures/kisei-2025");
    let diff = |env: &[(&str, &str)]| {
        let mut cmd = crate::support::roadmap_command(tmp.path());
        cmd.args([
            "--color",
            "never",
            "--as-of",
            "2026-10-01",
            "diff",
            "--no-index",
        ])
        .arg(&old)
        .arg(&new);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let (out, err, code) = crate::support::output(&mut cmd);
        assert_eq!(code, 0, "{err}");
        out
    };
    // Both plans say `lang = "ja"`, and no roadmap is around: Japanese, not the locale's English.
    assert!(diff(&[]).contains("要確認"), "{}", diff(&[]));
    // ROADMAP_LANG still wins.
    assert!(
        diff(&[("ROADMAP_LANG", "en")]).contains("Needs attention"),
        "{}",
        diff(&[("ROADMAP_LANG", "en")])
    );
}

#[test]
fn dates_and_ranges_the_japanese_way_and_iso_on_request() {
    let args = ["--as-of", "2024-03-31", "status", "1-1-1"];
    let (ja, _, _) = run(&args, &[]);
    assert!(
        ja.contains("基準日: 令和6年3月31日（2023年度・令和5年度）"),
        "{ja}"
    );
    assert!(
        ja.contains("2022年度〜2024年度（令和4年度〜令和6年度）"),
        "{ja}"
    );
    let iso = [
        "--date-style",
        "iso",
        "--as-of",
        "2024-03-31",
        "status",
        "1-1-1",
    ];
    let (out, _, _) = run(&iso, &[]);
    assert!(out.contains("基準日: 2024-03-31（"), "{out}");
    // JSON stays ISO.
    let (json, _, _) = run(
        &["--as-of", "2024-03-31", "status", "--format", "json"],
        &[],
    );
    assert!(json.contains("\"as_of\": \"2024-03-31\""));
}

/// The as-of date and the report's FY as the office types them (as `record` reads them): the
/// era names its form; a Western date keeps its one form (`2024-3-1` is refused, tests/cli/security.rs).
#[test]
fn as_of_and_fy_as_the_office_types_them() {
    let iso = run(&["--as-of", "2024-03-31", "status", "1-1-1"], &[]);
    for typed in ["令和6年3月31日", "R6.3.31", "Ｒ６．３．３１"] {
        let out = run(&["--as-of", typed, "status", "1-1-1"], &[]);
        assert_eq!(out, iso, "{typed}");
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let report = |fy: &str| {
        let path = tmp.path().join("r.md");
        let out = run(
            &["report", "--fy", fy, "-o", path.to_str().expect("UTF-8")],
            &[],
        );
        assert_eq!(out.2, 0, "{fy}: {}", out.1);
        std::fs::read_to_string(&path).expect("the report")
    };
    let western = report("2023");
    for typed in ["令和5年度", "R5", "FY2023", "2023年度"] {
        assert_eq!(report(typed), western, "{typed}");
    }
    // A calendar year is not a FY: said, not guessed.
    let out = run(&["report", "--fy", "令和5年", "-o", "-"], &[]);
    assert_eq!(out.2, 2, "{}", out.1);
}

#[test]
fn filters_that_name_nothing_are_refused_and_states_take_japanese_labels() {
    for (name, args) in [
        (
            "no_category",
            &["--as-of", "2024-03-31", "status", "--category", "5"][..],
        ),
        (
            "no_subcategory",
            &["--as-of", "2024-03-31", "status", "--category", "1-9"][..],
        ),
        (
            "no_theme",
            &["--as-of", "2024-03-31", "status", "--theme", "4"][..],
        ),
    ] {
        let out = run(args, &[]);
        assert_eq!(out.2, 2, "{name}");
        insta::assert_snapshot!(format!("refused_{name}"), doc(args, &out));
        let en = [&["--lang", "en"][..], args].concat();
        let out = run(&en, &[]);
        assert_eq!(out.2, 2, "{name} en");
        insta::assert_snapshot!(format!("refused_{name}_en"), doc(&en, &out));
    }
    let json = |state: &str| -> serde_json::Value {
        let (out, err, code) = run(
            &[
                "--as-of",
                "2025-04-01",
                "status",
                "--state",
                state,
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(code, 0, "{state}: {err}");
        serde_json::from_str(&out).expect("json")
    };
    let by_code = json("past_due");
    for label in ["期限超過・未報告", "期限超過"] {
        assert_eq!(json(label)["items"], by_code["items"], "{label}");
    }
    // One vocabulary for --format: md and markdown, table and human.
    for (a, b) in [("md", "markdown"), ("table", "human")] {
        let one = run(&["--as-of", "2024-03-31", "status", "--format", a], &[]);
        let other = run(&["--as-of", "2024-03-31", "status", "--format", b], &[]);
        assert_eq!(one.0, other.0, "{a} = {b}");
    }
}

#[test]
fn report_refuses_an_extension_it_does_not_write_and_options_that_do_not_apply() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let pdf = tmp.path().join("r.pdf");
    let pdf_arg = pdf.to_string_lossy().into_owned();
    for (name, args) in [
        (
            "pdf",
            vec!["--as-of", "2024-03-31", "report", "-o", &pdf_arg],
        ),
        (
            "mismatch",
            vec![
                "--as-of",
                "2024-03-31",
                "report",
                "--format",
                "csv",
                "-o",
                "x.md",
            ],
        ),
        (
            "table_without_csv",
            vec!["--as-of", "2024-03-31", "report", "--table", "items"],
        ),
    ] {
        let out = run(&args, &[]);
        assert_eq!(out.2, 2, "{name}: {}", out.1);
        let shown = doc(&args, &out).replace(&pdf_arg, "[TMP]/r.pdf");
        insta::assert_snapshot!(format!("report_refused_{name}"), shown);
        let en = [&["--lang", "en"][..], &args].concat();
        let out = run(&en, &[]);
        assert_eq!(out.2, 2, "{name} en: {}", out.1);
        let shown = doc(&en, &out).replace(&pdf_arg, "[TMP]/r.pdf");
        insta::assert_snapshot!(format!("report_refused_{name}_en"), shown);
    }
    assert!(!pdf.exists(), "nothing written");
}

#[test]
fn form_refuses_an_extension_it_does_not_write() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    for ext in ["pdf", "txt"] {
        let path = tmp.path().join(format!("x.{ext}"));
        let arg = path.to_string_lossy().into_owned();
        for lang in ["ja", "en"] {
            let args = ["--lang", lang, "--as-of", "2024-03-31", "form", "-o", &arg];
            let out = run(&args, &[]);
            assert_eq!(out.2, 2, "{ext} {lang}: {}", out.1);
            assert!(!path.exists(), "nothing written to {arg}");
            if ext == "pdf" {
                let shown = doc(&args, &out).replace(&arg, "[TMP]/x.pdf");
                insta::assert_snapshot!(format!("form_refused_pdf_{lang}"), shown);
            }
        }
    }
}

/// A throwaway git repository holding a copy of the shipped roadmap, committed.
fn repo() -> tempfile::TempDir {
    repo_with(&["roadmap"])
}

/// A throwaway git repository whose `roadmap/` is each of `sources` in turn (directories of this
/// repository), one commit each.
fn repo_with(sources: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let root = tmp.path();
    let git = |args: &[&str]| {
        let out = crate::support::git_env(Command::new("git").current_dir(root).args(args), root)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(root.join("docs")).expect("mkdir");
    let dst = root.join("roadmap");
    for src in sources {
        if dst.exists() {
            std::fs::remove_dir_all(&dst).expect("rm");
        }
        crate::support::copy_tree(&manifest().join(src), &dst);
        git(&["add", "-A", "."]);
        git(&["commit", "-q", "-m", src]);
    }
    tmp
}

fn in_dir(root: &Path, cwd: &str, args: &[&str]) -> (String, String, i32) {
    let dir = root.join(cwd);
    let mut cmd = crate::support::roadmap_command(&dir);
    cmd.args(["--color", "never"]).args(args);
    crate::support::output(crate::support::git_env(&mut cmd, root))
}

#[test]
fn the_roadmap_is_found_from_anywhere_in_the_repository() {
    let tmp = repo();
    let root = tmp.path();
    for cwd in ["", "roadmap", "roadmap/items", "docs"] {
        let (out, err, code) = in_dir(root, cwd, &["--as-of", "2024-03-31", "status", "1-1-1"]);
        assert_eq!(code, 0, "from {cwd:?}: {err}");
        // The path is the repository's, whatever the current directory.
        assert!(
            out.contains("roadmap/items/1-1-1.toml"),
            "from {cwd:?}: {out}"
        );
    }
    // Annotations carry repository-root paths, so GitHub attaches them.
    let item = root.join("roadmap/items/1-1-1.toml");
    let text = std::fs::read_to_string(&item).expect("read");
    std::fs::write(&item, text.replacen("to = 2024", "to = 2021", 1)).expect("write");
    let (out, _, code) = in_dir(root, "roadmap/items", &["validate", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.contains("file=roadmap/items/1-1-1.toml,line="), "{out}");
    // `diff --dir .` from inside the roadmap compares the same directory at the revision.
    std::fs::write(&item, &text).expect("restore");
    let (out, err, code) = in_dir(root, "roadmap", &["--dir", ".", "diff", "main"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("added"), "{out}");
    // A side that is no roadmap is an error naming the side and the path.
    for lang in ["ja", "en"] {
        let args = ["--lang", lang, "--dir", "items", "diff", "main"];
        let out = in_dir(root, "roadmap", &args);
        assert_eq!(out.2, 2);
        assert!(
            out.1.contains("main") && out.1.contains("roadmap/items/roadmap.toml"),
            "{}",
            out.1
        );
        insta::assert_snapshot!(format!("diff_side_without_plan_{lang}"), doc(&args, &out));
    }
}

/// Characters a line of text must not start with (行頭禁則).
const NO_START: &[char] = &[
    '、', '。', '」', '）', '』', '，', '．', '：', '；', '？', '！',
];

/// Every box-drawn table has one width per line, no line is wider than the terminal, and no
/// line, or line of a table cell, starts with what Japanese does not start a line with.
fn check_layout(out: &str, columns: usize, what: &str) {
    let mut table: Vec<&str> = Vec::new();
    for line in out.lines() {
        assert!(
            line.width() <= columns,
            "{what}: wider than {columns}:\n{line}"
        );
        let boxed = line.starts_with(['┌', '│', '╞', '├', '└', '+', '|']);
        if boxed {
            table.push(line);
            for cell in line.split(['│', '┆', '|']) {
                let cell = cell.trim_start();
                assert!(
                    !cell.starts_with(NO_START),
                    "{what}: a cell line starts badly:\n{line}"
                );
            }
        } else {
            if let Some(first) = table.first() {
                assert!(
                    table.iter().all(|l| l.width() == first.width()),
                    "{what}: ragged table"
                );
            }
            table.clear();
            assert!(
                !line.trim_start().starts_with(NO_START),
                "{what}: a line starts badly:\n{line}"
            );
        }
    }
}

#[test]
fn views_fit_80_and_200_columns() {
    let views: &[&[&str]] = &[
        &["--as-of", "2024-03-31", "status"],
        &["--as-of", "2024-03-31", "status", "1-1-1"],
        &["--as-of", "2024-03-31", "status", "3-1-2"],
        &["--as-of", "2024-03-31", "status", "--timeline"],
        &["--as-of", "2024-03-31", "--lang", "en", "status"],
        &[
            "--dir",
            "tests/fixtures/followup",
            "--as-of",
            "2024-03-31",
            "--lang",
            "ja",
            "status",
        ],
        &[
            "--dir",
            "tests/fixtures/followup",
            "--as-of",
            "2024-03-31",
            "--lang",
            "ja",
            "status",
            "1-1-1",
        ],
        &[
            "--dir",
            "tests/fixtures/followup",
            "--as-of",
            "2024-03-31",
            "--ascii",
            "status",
            "1-1-1",
        ],
        &[
            "--dir",
            "tests/fixtures/followup",
            "--as-of",
            "2024-03-31",
            "--lang",
            "en",
            "status",
            "2-4-2",
        ],
        // Seven FYs: the timeline's columns narrow to fit.
        &[
            "--dir",
            "tests/fixtures/kaikaku-2015",
            "--as-of",
            "2017-06-30",
            "status",
            "--timeline",
        ],
        &[
            "--dir",
            "tests/fixtures/kaikaku-2015",
            "--as-of",
            "2017-06-30",
            "--lang",
            "en",
            "status",
            "--timeline",
        ],
        // The tool's own long lines: a diff's, validate's help lines.
        &[
            "--as-of",
            "2026-10-01",
            "diff",
            "--no-index",
            "tests/fixtures/kisei-2024",
            "tests/fixtures/kisei-2025",
        ],
        &[
            "--as-of",
            "2024-04-01",
            "--lang",
            "en",
            "diff",
            "--no-index",
            "tests/fixtures/progress",
            "tests/fixtures/followup",
        ],
    ];
    // What validate says about findings.
    let checks: &[&[&str]] = &[
        &[
            "--dir",
            "tests/fixtures/validate/keyboard_values",
            "--as-of",
            "2024-06-01",
            "validate",
        ],
        &[
            "--dir",
            "tests/fixtures/validate/rm223_stale_item",
            "--as-of",
            "2024-06-01",
            "--lang",
            "en",
            "validate",
        ],
    ];
    let tmp = repo_with(&["tests/fixtures/progress", "tests/fixtures/followup"]);
    for columns in [80, 200] {
        let env = [("COLUMNS", columns.to_string())];
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for args in views {
            let (out, err, code) = run(args, &env);
            assert_eq!(code, 0, "{args:?}: {err}");
            check_layout(&out, columns, &format!("{args:?} at {columns}"));
        }
        for args in checks {
            let (out, err, code) = run(args, &env);
            assert!(code <= 1, "{args:?}: {err}");
            let said: String = out
                .lines()
                .filter(|l| !roadmap::render::diagnostics::is_drawn(l))
                .map(|l| format!("{l}\n"))
                .collect();
            check_layout(&said, columns, &format!("{args:?} at {columns}"));
        }
        // The history: the fixture as it grew, in both languages.
        for lang in ["ja", "en"] {
            let args = ["--lang", lang, "--as-of", "2024-04-01", "log"];
            let mut cmd = crate::support::roadmap_command(tmp.path());
            cmd.args(["--color", "never"])
                .args(args)
                .env("COLUMNS", columns.to_string());
            let (out, err, code) =
                crate::support::output(crate::support::git_env(&mut cmd, tmp.path()));
            assert_eq!(code, 0, "{err}");
            check_layout(&out, columns, &format!("{args:?} at {columns}"));
        }
    }
    // The narrow overview: each group's title on its own line, its numbers below it.
    let (out, _, _) = run(&["--as-of", "2024-03-31", "status"], &[("COLUMNS", "80")]);
    insta::assert_snapshot!("overview_80_columns", out);
}

#[test]
fn ascii_prints_only_ascii_around_the_data() {
    // Ambiguous-width characters (box drawing, marks, ※, …, →, –) are the tool's, never the
    // data's here: the fixtures' text is CJK and ASCII.
    let check = |what: &str, out: &str| {
        for c in out.chars() {
            let ambiguous = !c.is_ascii() && c.width_cjk() != c.width();
            assert!(!ambiguous, "{what} printed {c:?}:\n{out}");
        }
    };
    let followup = ["--dir", "tests/fixtures/followup", "--as-of", "2024-04-01"];
    let stale = ["--dir", "tests/fixtures/validate/rm223_stale_item"];
    // The terminal's views (Markdown is for GitHub, which draws every width right).
    let views: [&[&str]; 6] = [
        &[&followup[..], &["status"]].concat(),
        &[&followup[..], &["status", "1-1-1"]].concat(),
        &[&followup[..], &["status", "--timeline"]].concat(),
        &[&stale[..], &["--as-of", "2024-06-01", "validate"]].concat(),
        &["--as-of", "2024-04-01", "diff", "--no-index"]
            .into_iter()
            .chain(["tests/fixtures/progress", "tests/fixtures/followup"])
            .collect::<Vec<_>>(),
        &[&followup[..], &["log", "--burnup"]].concat(),
    ];
    for lang in ["en", "ja"] {
        for view in views {
            let args = [&["--ascii", "--lang", lang][..], view].concat();
            let (out, err, code) = run(&args, &[("COLUMNS", "80")]);
            assert!(code <= 1, "{args:?}: {err}");
            check(&format!("{args:?}"), &out);
            check(&format!("{args:?}"), &err);
        }
    }
    // The semantic history, from a repository where the fixture grew from one to the other.
    let tmp = repo_with(&["tests/fixtures/progress", "tests/fixtures/followup"]);
    for lang in ["en", "ja"] {
        let args = ["--ascii", "--lang", lang, "--as-of", "2024-04-01", "log"];
        let (out, err, code) = in_dir(tmp.path(), "", &args);
        assert_eq!(code, 0, "{err}");
        assert!(out.lines().count() > 10, "{out}");
        check(&format!("{args:?}"), &out);
    }
}

trait Widths {
    fn width(&self) -> usize;
    fn width_cjk(&self) -> usize;
}

impl Widths for char {
    fn width(&self) -> usize {
        unicode_width::UnicodeWidthChar::width(*self).unwrap_or(0)
    }
    fn width_cjk(&self) -> usize {
        unicode_width::UnicodeWidthChar::width_cjk(*self).unwrap_or(0)
    }
}

#[test]
fn what_a_japanese_keyboard_types_is_named_with_the_fix_in_both_languages() {
    for case in ["keyboard_syntax", "keyboard_values"] {
        let dir = format!("tests/fixtures/validate/{case}");
        for lang in ["ja", "en"] {
            let args = [
                "--dir",
                &dir,
                "--lang",
                lang,
                "--as-of",
                "2024-06-01",
                "validate",
            ];
            let out = run(&args, &[]);
            assert_eq!(out.2, 1);
            insta::assert_snapshot!(format!("{case}_{lang}"), doc(&args, &out));
        }
    }
}

/// What an IME types in full width finds what ASCII finds: `--grep ＬＡＮ` found nothing, and
/// `--theme １`, `--category ２-３` and `status ２－３－２` were refused.
#[test]
fn full_width_input_finds_what_ascii_finds() {
    let base = ["--dir", "roadmap", "--as-of", "2024-03-31", "status"];
    for (ascii, wide) in [
        (&["--grep", "lan"][..], &["--grep", "ＬＡＮ"][..]),
        (&["--theme", "1"], &["--theme", "１"]),
        (&["--category", "2-3"], &["--category", "２-３"]),
        (&["2-3-2"], &["２－３－２"]),
    ] {
        let ascii = run(&[&base[..], ascii, &["--format", "json"]].concat(), &[]);
        let wide = run(&[&base[..], wide, &["--format", "json"]].concat(), &[]);
        assert_eq!(ascii.2, 0, "{}", ascii.1);
        assert_eq!(wide, ascii);
        assert!(ascii.0.contains("\"id\""), "{}", ascii.0);
    }
}
