//! `roadmap validate` end to end: one fixture per rule (tests/fixtures/validate/<case>), each run
//! in the human, json and github formats, and human in the other language, with stdout, stderr
//! and the exit code snapshotted together; bad files (encodings, NUL, empty, oversized, links, deep nesting) that must end in a
//! clear finding, never a panic or a hang; and checks that every rule code has a failing fixture.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use roadmap::diagnostic::{Code, Severity};

const FIXTURES: &str = "tests/fixtures/validate";
const AS_OF: &str = "2024-06-01";
const FORMATS: [&str; 3] = ["human", "json", "github"];

/// Runs `roadmap --dir <dir> validate <args>` in `cwd`, hermetically.
fn run(cwd: &Path, dir: &str, as_of: &str, args: &[&str]) -> (String, String, i32) {
    crate::support::output(
        crate::support::roadmap_command(cwd)
            .args([
                "--color", "never", "--as-of", as_of, "--dir", dir, "validate",
            ])
            .args(args),
    )
}

/// The command, its exit code, stdout and stderr, as one document.
fn document(dir: &str, args: &[&str], (stdout, stderr, code): &(String, String, i32)) -> String {
    let args = if args.is_empty() {
        String::new()
    } else {
        format!(" {}", args.join(" "))
    };
    format!(
        "$ roadmap --dir {dir} validate{args}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"
    )
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The codes of the findings in a `--format json` output.
fn codes(json: &str) -> BTreeSet<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("validate --format json is JSON");
    v["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| f["code"].as_str().expect("code is a string").to_owned())
        .collect()
}

/// The language a roadmap's findings are not worded in by default (the plan's `lang`, else the
/// tests' locale, English): each rule is snapshotted in it too, so both catalogs are seen.
fn other_language(dir: &Path) -> &'static str {
    let plan = std::fs::read_to_string(dir.join("roadmap.toml")).unwrap_or_default();
    if plan.lines().any(|l| l.trim() == "lang = \"ja\"") {
        "en"
    } else {
        "ja"
    }
}

/// Snapshots a committed fixture in the three formats and checks that `expected` are among its
/// finding codes (none for a clean fixture) and that the exit code follows the severities.
fn check_fixture(case: &str, expected: &[&str]) {
    let dir = format!("{FIXTURES}/{case}");
    assert!(
        manifest_dir().join(&dir).is_dir(),
        "fixture {dir} is missing"
    );
    let mut exits = BTreeSet::new();
    for format in FORMATS {
        let args: Vec<&str> = if format == "human" {
            vec![]
        } else {
            vec!["--format", format]
        };
        let out = run(manifest_dir(), &dir, AS_OF, &args);
        assert!(
            !out.1.contains("panicked"),
            "{case} {format} panicked:\n{}",
            out.1
        );
        insta::assert_snapshot!(format!("{case}-{format}"), document(&dir, &args, &out));
        if format == "json" {
            let found = codes(&out.0);
            for code in expected {
                assert!(found.contains(*code), "{case}: no {code} in {found:?}");
            }
            if expected.is_empty() {
                assert!(found.is_empty(), "{case} should be clean: {found:?}");
            }
            let errors = found.iter().any(|c| {
                Code::ALL
                    .iter()
                    .any(|k| k.as_str() == c && k.severity() == Severity::Error)
            });
            assert_eq!(out.2, i32::from(errors), "{case}: exit code");
        }
        exits.insert(out.2);
    }
    let lang = other_language(&manifest_dir().join(&dir));
    let args = ["--lang", lang];
    let out = run(manifest_dir(), &dir, AS_OF, &args);
    insta::assert_snapshot!(format!("{case}-human-{lang}"), document(&dir, &args, &out));
    exits.insert(out.2);
    assert_eq!(
        exits.len(),
        1,
        "{case}: every format and language exits alike"
    );
}

/// The committed fixtures and the codes each must raise.
const FIXTURE_CASES: &[(&str, &[&str])] = &[
    ("clean", &[]),
    ("bom_crlf", &[]),
    ("fy_edges_ok", &[]),
    ("fy_edges_out", &["RM205", "RM206", "RM211"]),
    ("rm002_shift_jis", &["RM002"]),
    ("rm002_utf16le", &["RM002"]),
    ("rm003_nul_byte", &["RM003"]),
    ("rm004_empty_file", &["RM004"]),
    ("rm007_deep_nesting", &["RM007"]),
    ("rm007_deep_table_header", &["RM007"]),
    ("rm008_missing_plan", &["RM008"]),
    ("rm008_missing_items_dir", &["RM008"]),
    ("rm100_syntax", &["RM100"]),
    ("rm101_unknown_key", &["RM101"]),
    ("rm102_wrong_type", &["RM102"]),
    ("rm103_missing_key", &["RM103"]),
    ("rm104_invalid_value", &["RM104"]),
    ("rm104_invalid_plan_values", &["RM104"]),
    ("rm104_invalid_item_id", &["RM104"]),
    ("rm104_leap_day_start", &["RM104"]),
    ("rm105_invalid_date", &["RM105"]),
    ("rm106_year_range", &["RM106"]),
    ("rm106_date_year", &["RM106"]),
    ("rm009_too_many_findings", &["RM009", "RM101"]),
    ("rm201_duplicate_item", &["RM201", "RM202"]),
    ("rm202_stem_mismatch", &["RM202"]),
    ("rm203_unknown_category", &["RM203"]),
    ("rm204_unknown_theme", &["RM204"]),
    ("rm205_before_plan", &["RM205"]),
    ("rm206_after_plan", &["RM206"]),
    ("rm207_from_after_to", &["RM207"]),
    ("rm209_done_in_future", &["RM209"]),
    ("rm211_indicator_fy", &["RM211"]),
    ("rm212_percentage", &["RM212"]),
    ("rm213_empty_text", &["RM213"]),
    ("rm214_duplicate_milestone", &["RM214"]),
    ("rm215_duplicate_indicator", &["RM215"]),
    ("rm216_not_published_with_milestones", &["RM216"]),
    ("rm216_published_without_milestones", &["RM216"]),
    ("rm217_duplicate_plan_entry", &["RM217"]),
    ("rm218_bad_period", &["RM218"]),
    ("rm218_missing_year", &["RM103"]),
    ("rm219_duplicate_theme", &["RM219"]),
    ("rm220_retired_status", &["RM220"]),
    ("rm221_delay_without_reason", &["RM221"]),
    ("rm222_round_fy", &["RM222"]),
    ("rm223_stale_item", &["RM223"]),
    ("rm224_value_kind", &["RM224"]),
    ("rm104_timing", &["RM103", "RM104"]),
    ("rm203_unknown_group", &["RM203"]),
    ("rm225_unknown_target", &["RM225"]),
    ("rm226_dependency_cycle", &["RM226"]),
    ("rm227_restatement", &["RM227"]),
    ("rm228_bad_phase", &["RM228"]),
    // The plan does not read: its own finding, and the items' unknown theme not checked — said.
    ("rm229_plan_unread", &["RM105", "RM229"]),
    ("japanese_caret", &["RM102", "RM104"]),
    ("keyboard_syntax", &["RM100"]),
    ("keyboard_values", &["RM102", "RM104", "RM224"]),
    (
        "multi_finding",
        &[
            "RM101", "RM104", "RM204", "RM206", "RM207", "RM212", "RM213", "RM219",
        ],
    ),
    ("github_cap", &["RM207", "RM219"]),
];

/// Codes raised by the cases generated in a temporary directory (below).
const GENERATED_CASES: &[(&str, &[&str])] = &[
    ("rm001_special_file", &["RM001"]),
    ("rm005_too_large", &["RM005"]),
    ("rm005_plan_over_the_item_cap", &[]),
    ("rm005_plan_too_large", &["RM005"]),
    ("rm006_symlink_outside", &["RM006"]),
    ("rm006_symlink_loop", &["RM006"]),
    ("symlink_inside", &[]),
];

macro_rules! fixture_tests {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let case = stringify!($case);
                let expected = FIXTURE_CASES
                    .iter()
                    .find(|(c, _)| *c == case)
                    .map(|(_, codes)| *codes)
                    .expect("the case is listed in FIXTURE_CASES");
                check_fixture(case, expected);
            }
        )*

        #[test]
        fn every_fixture_has_a_test() {
            let tested: BTreeSet<&str> = [$(stringify!($case)),*].into_iter().collect();
            let listed: BTreeSet<&str> = FIXTURE_CASES.iter().map(|(c, _)| *c).collect();
            assert_eq!(tested, listed);
            let on_disk: BTreeSet<String> = std::fs::read_dir(manifest_dir().join(FIXTURES))
                .expect("the fixture directory exists")
                .map(|e| e.expect("readable").file_name().to_string_lossy().into_owned())
                .collect();
            let listed: BTreeSet<String> = listed.iter().map(|c| (*c).to_owned()).collect();
            assert_eq!(on_disk, listed, "fixture directories and FIXTURE_CASES differ");
        }
    };
}

fixture_tests!(
    clean,
    rm229_plan_unread,
    bom_crlf,
    fy_edges_ok,
    fy_edges_out,
    rm002_shift_jis,
    rm002_utf16le,
    rm003_nul_byte,
    rm004_empty_file,
    rm007_deep_nesting,
    rm007_deep_table_header,
    rm008_missing_plan,
    rm008_missing_items_dir,
    rm100_syntax,
    rm101_unknown_key,
    rm102_wrong_type,
    rm103_missing_key,
    rm104_invalid_value,
    rm104_invalid_plan_values,
    rm104_invalid_item_id,
    rm104_leap_day_start,
    rm105_invalid_date,
    rm106_year_range,
    rm106_date_year,
    rm009_too_many_findings,
    rm201_duplicate_item,
    rm202_stem_mismatch,
    rm203_unknown_category,
    rm204_unknown_theme,
    rm205_before_plan,
    rm206_after_plan,
    rm207_from_after_to,
    rm209_done_in_future,
    rm211_indicator_fy,
    rm212_percentage,
    rm213_empty_text,
    rm214_duplicate_milestone,
    rm215_duplicate_indicator,
    rm216_not_published_with_milestones,
    rm216_published_without_milestones,
    rm217_duplicate_plan_entry,
    rm218_bad_period,
    rm218_missing_year,
    rm219_duplicate_theme,
    rm220_retired_status,
    rm221_delay_without_reason,
    rm222_round_fy,
    rm223_stale_item,
    rm224_value_kind,
    rm104_timing,
    rm203_unknown_group,
    rm225_unknown_target,
    rm226_dependency_cycle,
    rm227_restatement,
    rm228_bad_phase,
    japanese_caret,
    keyboard_syntax,
    keyboard_values,
    multi_finding,
    github_cap,
);

#[test]
fn every_code_has_a_failing_fixture() {
    let covered: BTreeSet<&str> = FIXTURE_CASES
        .iter()
        .chain(GENERATED_CASES)
        .flat_map(|(_, codes)| codes.iter().copied())
        .collect();
    for code in Code::ALL {
        assert!(
            covered.contains(code.as_str()),
            "{} has no failing fixture",
            code.as_str()
        );
    }
}

#[test]
fn codes_are_unique_and_have_help() {
    let mut seen = BTreeSet::new();
    for code in Code::ALL {
        let s = code.as_str();
        assert!(seen.insert(s), "{s} twice");
        assert!(
            s.len() == 5 && s.starts_with("RM") && s.bytes().skip(2).all(|b| b.is_ascii_digit()),
            "{s} is not RMnnn"
        );
        for lang in roadmap::i18n::Lang::ALL {
            let help = lang.msg(&roadmap::i18n::Msg::Help(*code));
            assert!(!help.trim().is_empty(), "{s} has no help in {lang:?}");
        }
    }
    assert_eq!(seen.len(), Code::ALL.len());
}

#[test]
fn strict_makes_warnings_fail() {
    let dir = format!("{FIXTURES}/rm223_stale_item");
    let lenient = run(manifest_dir(), &dir, AS_OF, &[]);
    assert_eq!(lenient.2, 0, "a warning alone passes: {lenient:?}");
    for format in FORMATS {
        let args = ["--format", format, "--strict"];
        let out = run(manifest_dir(), &dir, AS_OF, &args);
        assert_eq!(out.2, 1, "--strict fails on a warning ({format})");
        insta::assert_snapshot!(format!("strict-{format}"), document(&dir, &args, &out));
    }
    let args = ["--strict", "--lang", "ja"];
    let out = run(manifest_dir(), &dir, AS_OF, &args);
    assert_eq!(out.2, 1);
    insta::assert_snapshot!("strict-human-ja", document(&dir, &args, &out));
    // --strict changes nothing for a clean roadmap.
    let clean = run(
        manifest_dir(),
        &format!("{FIXTURES}/clean"),
        AS_OF,
        &["--strict"],
    );
    assert_eq!(clean.2, 0);
}

#[test]
fn github_caps_annotations_at_ten_per_severity() {
    let dir = format!("{FIXTURES}/github_cap");
    let (stdout, _, code) = run(manifest_dir(), &dir, AS_OF, &["--format", "github"]);
    assert_eq!(code, 1);
    let errors = stdout.lines().filter(|l| l.starts_with("::error ")).count();
    let warnings = stdout
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .count();
    assert_eq!((errors, warnings), (10, 1));
    assert!(
        stdout.contains("::notice title=roadmap validate::2 more errors and 0 more warnings"),
        "{stdout}"
    );
    // The two past the cap are still in the log.
    for m in ["m11", "m12"] {
        assert!(
            stdout.contains(&format!("error[RM207]: milestone `{m}`")),
            "{stdout}"
        );
    }
}

#[test]
fn missing_directory_is_exit_2() {
    let dir = format!("{FIXTURES}/does-not-exist");
    for format in FORMATS {
        let args = ["--format", format];
        let out = run(manifest_dir(), &dir, AS_OF, &args);
        assert_eq!(out.2, 2, "{format}");
        assert!(out.0.is_empty(), "nothing on stdout: {}", out.0);
        insta::assert_snapshot!(format!("missing_dir-{format}"), document(&dir, &args, &out));
    }
    let args = ["--lang", "ja"];
    let out = run(manifest_dir(), &dir, AS_OF, &args);
    assert_eq!(out.2, 2);
    insta::assert_snapshot!("missing_dir-human-ja", document(&dir, &args, &out));
}

#[test]
fn findings_come_in_a_fixed_order() {
    let dir = format!("{FIXTURES}/multi_finding");
    let first = run(manifest_dir(), &dir, AS_OF, &["--format", "json"]);
    for _ in 0..3 {
        assert_eq!(
            run(manifest_dir(), &dir, AS_OF, &["--format", "json"]),
            first
        );
    }
    // The plan first, then items by id (1-1-2 before 1-1-10), then by position.
    let v: serde_json::Value = serde_json::from_str(&first.0).expect("JSON");
    let at: Vec<(String, u64, u64)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let file = f["file"].as_str().expect("file");
            let name = file.rsplit('/').next().expect("name").to_owned();
            (
                name,
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let rank = |name: &str| match name {
        "roadmap.toml" => 0,
        "1-1-1.toml" => 1,
        "1-1-2.toml" => 2,
        "1-1-10.toml" => 3,
        other => panic!("unexpected file {other}"),
    };
    let mut sorted = at.clone();
    sorted.sort_by_key(|(name, line, col)| (rank(name), *line, *col));
    assert_eq!(at, sorted);
    assert_eq!(
        at.iter()
            .map(|(n, _, _)| rank(n))
            .collect::<BTreeSet<_>>()
            .len(),
        4,
        "findings in all four files, in one run"
    );
}

#[test]
fn fiscal_year_edges() {
    // Done on the as-of date itself is not in the future; a day later it is (RM209).
    let ok = run(
        manifest_dir(),
        &format!("{FIXTURES}/fy_edges_ok"),
        AS_OF,
        &[],
    );
    assert_eq!(ok.2, 0, "{ok:?}");
    let future = format!("{FIXTURES}/rm209_done_in_future");
    assert_eq!(run(manifest_dir(), &future, "2024-06-01", &[]).2, 1);
    assert_eq!(run(manifest_dir(), &future, "2024-06-02", &[]).2, 0);
    // latest_fy defaults to last_fy: FY2025 is past a 2022–2024 plan without latest_fy.
    let out = run(
        manifest_dir(),
        &format!("{FIXTURES}/fy_edges_out"),
        AS_OF,
        &["--format", "json"],
    );
    assert!(
        out.0
            .contains("after the latest FY the plan allows (FY2024)"),
        "{}",
        out.0
    );
}

/// A roadmap in a temporary directory, built from the clean fixture; the binary runs in the
/// temporary directory with `--dir roadmap`, so paths print as `roadmap/...`.
struct TempRoadmap {
    tmp: tempfile::TempDir,
}

impl TempRoadmap {
    fn new() -> Self {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let from = manifest_dir().join(FIXTURES).join("clean");
        let to = tmp.path().join("roadmap");
        std::fs::create_dir_all(to.join("items")).expect("mkdir");
        for rel in ["roadmap.toml", "items/1-1-1.toml"] {
            std::fs::copy(from.join(rel), to.join(rel)).expect("copy the clean fixture");
        }
        Self { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    /// Snapshots the three formats, with the temporary directory shown as `[TMP]`.
    fn check(&self, case: &str, expected: &[&str]) {
        let listed = GENERATED_CASES
            .iter()
            .find(|(c, _)| *c == case)
            .map(|(_, codes)| *codes)
            .expect("the case is listed in GENERATED_CASES");
        assert_eq!(listed, expected);
        let real = self.tmp.path().canonicalize().expect("canonical temp dir");
        for format in FORMATS {
            let args = ["--format", format];
            let out = run(self.tmp.path(), "roadmap", AS_OF, &args);
            assert!(!out.1.contains("panicked"), "{case}: {}", out.1);
            let doc = document("roadmap", &args, &out)
                .replace(&real.display().to_string(), "[TMP]")
                .replace(&self.tmp.path().display().to_string(), "[TMP]");
            insta::assert_snapshot!(format!("{case}-{format}"), doc);
            if format == "json" {
                let found = codes(&out.0);
                for code in expected {
                    assert!(found.contains(*code), "{case}: no {code} in {found:?}");
                }
                assert_eq!(out.2, i32::from(!expected.is_empty()), "{case}: exit code");
            }
        }
        let args = ["--lang", "ja"];
        let out = run(self.tmp.path(), "roadmap", AS_OF, &args);
        let doc = document("roadmap", &args, &out)
            .replace(&real.display().to_string(), "[TMP]")
            .replace(&self.tmp.path().display().to_string(), "[TMP]");
        insta::assert_snapshot!(format!("{case}-human-ja"), doc);
    }
}

#[cfg(unix)]
#[test]
fn rm001_special_file() {
    let t = TempRoadmap::new();
    let fifo = t.path("roadmap/items/1-1-2.toml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // A FIFO would block a reader forever: it must be reported, not read.
    t.check("rm001_special_file", &["RM001"]);
}

#[test]
fn rm005_too_large() {
    let t = TempRoadmap::new();
    let cap = usize::try_from(roadmap::source::MAX_FILE_BYTES).expect("fits");
    // Valid TOML (a comment) one byte over the cap.
    let mut big = String::from("id = \"1-1-2\"\n");
    big.push('#');
    big.push_str(&"x".repeat(cap + 1 - big.len()));
    assert_eq!(big.len(), cap + 1);
    std::fs::write(t.path("roadmap/items/1-1-2.toml"), big).expect("write");
    t.check("rm005_too_large", &["RM005"]);
}

/// The plan file lists every group, so it grows with the roadmap: it may be larger than an item
/// file (a 100,000-item roadmap's plan is about 1.1 MB), up to its own cap.
#[test]
fn rm005_the_plan_has_a_larger_cap() {
    let t = TempRoadmap::new();
    let plan = t.path("roadmap/roadmap.toml");
    let text = std::fs::read_to_string(&plan).expect("read");
    let item_cap = usize::try_from(roadmap::source::MAX_FILE_BYTES).expect("fits");
    let plan_cap = usize::try_from(roadmap::source::MAX_PLAN_BYTES).expect("fits");
    let padded = |len: usize| format!("{text}#{}", "x".repeat(len - text.len() - 1));
    std::fs::write(&plan, padded(item_cap + 1)).expect("write");
    t.check("rm005_plan_over_the_item_cap", &[]);
    std::fs::write(&plan, padded(plan_cap + 1)).expect("write");
    t.check("rm005_plan_too_large", &["RM005"]);
}

#[cfg(unix)]
#[test]
fn rm006_symlink_outside() {
    let t = TempRoadmap::new();
    let outside = t.path("outside.toml");
    std::fs::copy(t.path("roadmap/items/1-1-1.toml"), &outside).expect("copy");
    std::os::unix::fs::symlink(&outside, t.path("roadmap/items/1-1-2.toml")).expect("symlink");
    t.check("rm006_symlink_outside", &["RM006"]);
}

#[cfg(unix)]
#[test]
fn rm006_symlink_loop() {
    let t = TempRoadmap::new();
    let a = t.path("roadmap/items/1-1-2.toml");
    let b = t.path("roadmap/items/1-1-3.toml");
    std::os::unix::fs::symlink("1-1-3.toml", &a).expect("symlink");
    std::os::unix::fs::symlink("1-1-2.toml", &b).expect("symlink");
    t.check("rm006_symlink_loop", &["RM006"]);
}

/// A FIFO among the items is named and never opened: only what the listing calls a regular file
/// is opened before it is looked at (and then without waiting, should it have changed since).
#[cfg(unix)]
#[test]
fn a_fifo_item_is_refused_without_waiting() {
    let t = TempRoadmap::new();
    let fifo = t.path("roadmap/items/1-1-9.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let (stdout, stderr, code) = run(t.tmp.path(), "roadmap", AS_OF, &["--format", "json"]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("1-1-9.toml"), "{stdout}");
    assert!(stdout.contains("not a regular file"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn symlink_inside() {
    // A link to a file inside the roadmap directory is read like the file itself.
    let t = TempRoadmap::new();
    let real = t.path("roadmap/shared/1-1-1.toml");
    std::fs::create_dir_all(t.path("roadmap/shared")).expect("mkdir");
    std::fs::rename(t.path("roadmap/items/1-1-1.toml"), &real).expect("move");
    std::os::unix::fs::symlink("../shared/1-1-1.toml", t.path("roadmap/items/1-1-1.toml"))
        .expect("symlink");
    t.check("symlink_inside", &[]);
}

/// The shipped roadmap is clean, warnings included, on any day: the source records no progress,
/// so no date can make it wrong.
#[test]
fn shipped_roadmap_validates_clean() {
    for as_of in ["2022-09-16", "2024-03-31", "2026-11-24"] {
        let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "--color", "never", "--dir", "roadmap", "--as-of", as_of, "validate", "--strict",
            ])
            .output()
            .expect("the roadmap binary runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{as_of}:\n{stdout}");
        // The shipped plan says `lang = "ja"`.
        assert_eq!(stdout, "OK: 33 ファイルを検査し、問題はありません\n");
    }
}

#[test]
fn a_report_dated_today_in_japan_is_not_in_the_future() {
    // 2026-11-24T20:00Z is 2026-11-25 05:00 in Tokyo, the plan's zone: a report dated the 25th is
    // today's, even on a UTC runner (or one set to any other zone).
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("items")).expect("mkdir");
    let clean = manifest_dir().join(FIXTURES).join("clean");
    std::fs::copy(clean.join("roadmap.toml"), dir.join("roadmap.toml")).expect("copy plan");
    let item = std::fs::read_to_string(clean.join("items/1-1-1.toml"))
        .expect("read")
        .replace("on = 2023-03-31", "on = 2026-11-25");
    std::fs::write(dir.join("items/1-1-1.toml"), item).expect("write");
    let check = |now: &str| {
        crate::support::output(
            crate::support::roadmap_command(dir)
                .env("ROADMAP_NOW", now)
                .env("TZ", "UTC")
                .args([
                    "--color", "never", "--dir", ".", "validate", "--format", "json",
                ]),
        )
    };
    let (stdout, stderr, code) = check("2026-11-24T20:00:00Z");
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Three hours earlier it is still the 24th in Tokyo: the report is in the future.
    let (stdout, _, code) = check("2026-11-24T14:00:00Z");
    assert_eq!(code, 1);
    assert!(codes(&stdout).contains("RM209"), "{stdout}");
}

/// A directory with neither roadmap.toml nor items/ is the wrong directory: a usage error
/// (exit 2) naming it, `.` for the current one, not two findings (exit 1) about a directory named
/// ``.
#[test]
fn a_directory_that_is_no_roadmap_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for args in [
        &["validate"][..],
        &["status"],
        &["report", "--format", "md"],
    ] {
        let mut cmd = crate::support::roadmap_command(tmp.path());
        cmd.args(["--color", "never", "--lang", "ja", "--dir", "."])
            .args(args);
        let (stdout, stderr, code) = crate::support::output(&mut cmd);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.starts_with("エラー: `.` は工程表のディレクトリではありません"),
            "{args:?}: {stderr}"
        );
    }
    // A roadmap missing one of the two is still a roadmap with a finding.
    std::fs::create_dir(tmp.path().join("items")).expect("items/");
    let mut cmd = crate::support::roadmap_command(tmp.path());
    cmd.args(["--color", "never", "--dir", ".", "validate"]);
    let (stdout, stderr, code) = crate::support::output(&mut cmd);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("no roadmap.toml in `.`"), "{stdout}");
}

/// A `[` left open made 134 errors, none on its line: the file's first syntax error is listed,
/// with the count of the rest, which follow from it.
#[test]
fn one_syntax_error_is_one_finding_with_the_rest_counted() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("roadmap");
    crate::support::copy_tree(&manifest_dir().join("roadmap"), &dir);
    let item = dir.join("items/2-3-2.toml");
    let text = std::fs::read_to_string(&item).expect("read");
    std::fs::write(&item, text.replacen("themes = [1]", "themes = [1,", 1)).expect("write");
    let mut cmd = crate::support::roadmap_command(tmp.path());
    cmd.args([
        "--color", "never", "--lang", "en", "validate", "--format", "json",
    ]);
    let (stdout, stderr, code) = crate::support::output(&mut cmd);
    assert_eq!(code, 1, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{stdout}");
    assert_eq!(findings[0]["code"], "RM100", "{stdout}");
    let message = findings[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("more syntax errors in this file"),
        "{message}"
    );
}
