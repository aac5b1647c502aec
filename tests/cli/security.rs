//! What an adversarial review found (a pull request's data is untrusted input to CI, and CI runs
//! as root): one regression test per class. None is timed; the costly cases are checked by what
//! bounds them (findings per file, cells cut, blobs skipped) and measured in `benches/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::diff::Repo;

const CLEAN: &str = "tests/fixtures/validate/clean";
const AS_OF: &str = "2024-03-31";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary hermetically in `cwd`.
fn run(cwd: &Path, args: &[&str]) -> Output {
    crate::support::roadmap_command(cwd)
        .args(["--color", "never", "--as-of", AS_OF])
        .args(args)
        .output()
        .expect("roadmap runs")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of a fixture roadmap in a temporary directory.
fn copy_of(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dst = tmp.path().join("roadmap");
    crate::support::copy_tree(&manifest().join(fixture), &dst);
    (tmp, dst)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---- High: `-o` never replaces what is not a regular file.

/// A target the writer would refuse is refused before the roadmap is read: an invalid roadmap
/// (whose findings would otherwise come first, exit 1) gets the target's error (exit 2), and a
/// large one is not worked on for seconds to be refused at the end.
#[test]
fn report_and_form_refuse_their_target_before_reading_the_roadmap() {
    for command in [&["report", "--format", "md"][..], &["form"]] {
        let args: Vec<&str> = ["--dir", "tests/fixtures/invalid"]
            .iter()
            .chain(command)
            .chain(&["-o", "/dev/null"])
            .copied()
            .collect();
        let out = run(manifest(), &args);
        let (_, err) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {err}");
        assert!(err.contains("not a regular file"), "{command:?}: {err}");
        assert!(!err.contains("error["), "no finding: {command:?}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn report_output_refuses_links_devices_fifos_and_directories() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let report = |target: &Path| {
        let out = run(
            manifest(),
            &[
                "--dir",
                CLEAN,
                "report",
                // Named, so that a target without an extension (a directory) reaches the writer.
                "--format",
                "md",
                "-o",
                target.to_str().expect("UTF-8"),
            ],
        );
        (out.status.code(), text(&out).1)
    };
    // A symbolic link: refused; the link and its target are left as they were.
    let real = dir.join("real.md");
    std::fs::write(&real, "keep").expect("write");
    let link = dir.join("link.md");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let (code, err) = report(&link);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&real).expect("read"), "keep");
    // A FIFO: refused, never opened (opening one would block).
    let fifo = dir.join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let (code, err) = report(&fifo);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .expect("meta")
                .file_type()
                .is_fifo()
        );
    }
    // A device: as root, `-o /dev/null` must not replace the device node.
    let (code, err) = report(Path::new("/dev/null"));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        std::fs::metadata("/dev/null")
            .expect("meta")
            .file_type()
            .is_char_device()
    );
    // A directory, and a name with a trailing slash: refused, nothing left behind.
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    let (code, err) = report(&sub);
    assert_eq!(code, Some(2));
    assert!(err.contains("it is a directory"), "{err}");
    // Nothing is at `newdir/`: the message says so, not that it is a directory.
    let slash = PathBuf::from(format!("{}/newdir/", dir.display()));
    let (code, err) = report(&slash);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("a name ending in / names a directory"),
        "{err}"
    );
    assert!(!err.contains("it is a directory"), "{err}");
    assert_eq!(
        names(dir),
        ["link.md", "pipe.md", "real.md", "sub"][..names(dir).len()]
    );
    assert!(!dir.join("newdir").exists(), "no file named newdir");
    assert!(names(&sub).is_empty(), "no temporary file in {sub:?}");
    // A new file: 0644 at most (the umask may take more away).
    let new = dir.join("new.md");
    let (code, err) = report(&new);
    assert_eq!(code, Some(0), "{err}");
    let mode = std::fs::metadata(&new).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode & !0o644, 0, "mode {mode:o}");
    assert!(
        !names(dir).iter().any(|n| n.contains(".tmp")),
        "{:?}",
        names(dir)
    );
}

#[test]
fn report_output_dash_is_stdout() {
    let out = run(manifest(), &["--dir", CLEAN, "report", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).0.starts_with("# "), "Markdown on stdout");
    assert!(!manifest().join("-").exists(), "no file named -");
}

// ---- High: no byte sequence in data starts a line of output.

/// A roadmap whose data tries to start lines: a key, titles and notes with newlines followed by
/// workflow commands, and a file name that does the same.
fn forging_roadmap() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = copy_of(CLEAN);
    let item = dir.join("items/1-1-1.toml");
    let before = std::fs::read_to_string(&item).expect("read");
    let evil = before
        .replace(
            "title = \"職場の上司によるキャリア支援\"",
            &format!(
                "title = \"職場\\n::error file=README.md,line=1::Forged\\n::stop-commands::x\"\n\"x\\n::error file=README.md,line=1::Forged\" = 1\nnotes = [\"a\\n::error file=README.md::Forged\", \"{} ::error title=Wrapped::Forged\", \"x ##[error]Forged\"]\n{}",
                "a".repeat(109),
                (0..11)
                    .map(|k| format!("\"k{k} ##[error]Forged\" = 1\n"))
                    .collect::<String>()
            ),
        )
        .replace(
            "text = \"1on1ミーティングの必要性・趣旨の省内周知、研修の実施\"",
            "text = \"研修\\n::error file=README.md::Forged\"",
        );
    assert_ne!(before, evil);
    std::fs::write(&item, evil).expect("write");
    std::fs::write(
        dir.join("items/1-1-3\n::error file=README.md::Forged.toml"),
        "id = \"1-1-3\"\ntitle = \"x\"\n",
    )
    .expect("write a file with a newline in its name");
    (tmp, dir)
}

/// GitHub's runner acts on a line that starts with `::` once its leading spaces are trimmed, and
/// on `##[` anywhere in a line.
fn assert_no_forged_lines(what: &str, out: &str, github: bool) {
    for line in out.lines() {
        assert!(!line.contains("##["), "{what}: a line holds `##[`: {line}");
        if github && line.starts_with("::") {
            // Our own workflow commands: data inside them is escaped (%0A), never a new line.
            assert!(
                line.starts_with("::error file=")
                    || line.starts_with("::warning file=")
                    || line.starts_with("::notice title=roadmap validate::"),
                "{what}: a line starts a workflow command: {line}"
            );
            assert!(
                !line.starts_with("::error file=README.md"),
                "{what}: {line}"
            );
        } else {
            assert!(
                !line.trim_start().starts_with("::"),
                "{what}: data starts a line: {line}"
            );
        }
    }
}

#[test]
fn data_cannot_forge_workflow_commands() {
    let (_tmp, dir) = forging_roadmap();
    let d = dir.to_str().expect("UTF-8");
    let cases: &[&[&str]] = &[
        &["validate"],
        &["validate", "--format", "json"],
        &["validate", "--format", "github"],
        &["status"],
        &["status", "1-1-1"],
        &["status", "1-1-1", "--format", "markdown"],
        &["status", "--timeline"],
        &["status", "--format", "markdown"],
        &["status", "--format", "json"],
        &["status", "1-1-1", "--format", "json"],
        &["report"],
        &["report", "--format", "csv"],
        &["report", "--format", "html"],
    ];
    for args in cases {
        let out = run(manifest(), &[&["--dir", d][..], args].concat());
        let (stdout, stderr) = text(&out);
        let github = args.contains(&"github");
        assert_no_forged_lines(&format!("{args:?} stdout"), &stdout, github);
        assert_no_forged_lines(&format!("{args:?} stderr"), &stderr, false);
    }
    // The same data, valid, through status and diff (no refusal to hide behind).
    let (_tmp2, clean) = copy_of(CLEAN);
    let item = clean.join("items/1-1-1.toml");
    let text_ok = std::fs::read_to_string(&item).expect("read").replace(
        "title = \"職場の上司によるキャリア支援\"",
        &format!(
            "title = \"職場\\n::error file=README.md,line=1::Forged\"\nnotes = [\"a\\n::error::Forged\", \"{} ::error title=Wrapped::Forged\", \"x ##[error]Forged\"]",
            "a".repeat(109)
        ),
    );
    let old = clean.parent().expect("parent").join("old");
    crate::support::copy_tree(&manifest().join(CLEAN), &old);
    std::fs::write(&item, text_ok).expect("write");
    let c = clean.to_str().expect("UTF-8");
    for args in [
        &["--dir", c, "status"][..],
        &["--dir", c, "status", "1-1-1"],
        &["--dir", c, "status", "--timeline"],
        &["diff", "--no-index", old.to_str().expect("UTF-8"), c],
        &[
            "diff",
            "--no-index",
            "--format",
            "markdown",
            old.to_str().expect("UTF-8"),
            c,
        ],
        &[
            "diff",
            "--no-index",
            "--format",
            "json",
            old.to_str().expect("UTF-8"),
            c,
        ],
    ] {
        let out = run(manifest(), args);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_no_forged_lines(&format!("{args:?}"), &stdout, false);
        assert_no_forged_lines(&format!("{args:?}"), &stderr, false);
    }
}

// ---- High: work on findings is linear, output bounded.

#[test]
fn thousands_of_findings_on_one_line_are_bounded() {
    let (_tmp, dir) = copy_of(CLEAN);
    let item = dir.join("items/1-1-1.toml");
    let pad = "x".repeat(100);
    let themes: Vec<String> = (0..8000).map(|i| format!("\"t{i}{pad}\"")).collect();
    let many = std::fs::read_to_string(&item)
        .expect("read")
        .replace("themes = [1]", &format!("themes = [{}]", themes.join(", ")));
    std::fs::write(&item, many).expect("write");
    let d = dir.to_str().expect("UTF-8");
    let out = run(manifest(), &["--dir", d, "validate", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    let shown = roadmap::analysis::MAX_FINDINGS_PER_FILE;
    assert_eq!(
        findings.len(),
        shown + 1,
        "{shown} shown, one counting the rest"
    );
    let last = findings.last().expect("one");
    assert_eq!(last["code"], "RM009");
    assert!(
        last["message"].as_str().expect("text").contains("7900"),
        "{last}"
    );
    // The totals count every finding, not the ones shown.
    assert_eq!(v["errors"], 8000, "{}", v["errors"]);
    // The human output shows each finding's line cut to a window around its caret.
    let out = run(manifest(), &["--dir", d, "validate"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout.lines().all(|l| l.chars().count() < 300),
        "long lines are cut"
    );
    assert!(
        stdout.contains("8000 errors"),
        "{}",
        stdout.lines().last().unwrap_or_default()
    );
}

// ---- High: reading a revision has a memory bound.

#[test]
fn an_oversized_blob_in_a_revision_is_a_finding_and_is_not_read() {
    let repo = Repo::base();
    repo.write("items/1-1-2.toml", &"a".repeat(2 * 1024 * 1024));
    repo.commit("a 2 MiB item");
    let out = repo.roadmap(&["status", "--rev", "HEAD"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[RM005]"), "{err}");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["validation"]["ok"], false);
    assert_eq!(v["validation"]["findings"][0]["code"], "RM005");
}

// ---- High: years have a range; options too.

/// A date's year is ranged like a fiscal year's: `on = 0001-01-01` is RM106, and `report` refuses
/// the roadmap rather than fail half-way through a workbook ("Date range error").
#[test]
fn a_date_out_of_range_is_a_finding_not_a_failed_workbook() {
    let (tmp, dir) = copy_of(CLEAN);
    let item = dir.join("items/1-1-1.toml");
    let toml = std::fs::read_to_string(&item).expect("read");
    std::fs::write(&item, toml.replace("on = 2023-03-31", "on = 0001-01-01")).expect("write");
    let d = dir.to_str().expect("UTF-8");
    let out = run(manifest(), &["--dir", d, "validate"]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[RM106]"), "{stdout}");
    let book = tmp.path().join("r.xlsx");
    let out = run(
        manifest(),
        &["--dir", d, "report", "-o", book.to_str().expect("UTF-8")],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("RM106") && !err.contains("Date range"),
        "{err}"
    );
    assert!(!book.exists());
}

#[test]
fn years_and_dates_on_the_command_line_have_a_range_and_one_form() {
    for args in [
        &["report", "--fy", "2147483647"][..],
        &["report", "--fy", "-5"],
        &["--as-of", "2024-3-1", "status"],
        &["--as-of", " 2024-03-01", "status"],
        &["--as-of", "99999-01-01", "status"],
        &["--as-of", "1600-01-01", "status"],
    ] {
        let out = crate::support::roadmap_command(manifest())
            .args(["--color", "never", "--dir", CLEAN])
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out).0.is_empty(), "{args:?} printed a result");
    }
    // The language, though, is a word in any case (`--lang EN` was a raw parser error).
    let out = crate::support::roadmap_command(manifest())
        .args([
            "--color", "never", "--dir", CLEAN, "--lang", "EN", "validate",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    assert!(text(&out).0.starts_with("ok: "), "{}", text(&out).0);
}

// ---- Medium: a linked items/ is held to the rule of linked files.

#[cfg(unix)]
#[test]
fn a_linked_items_directory_may_not_lead_outside() {
    let (tmp, dir) = copy_of(CLEAN);
    let outside = tmp.path().join("runner-secrets");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::write(outside.join("1-1-1.toml"), "SECRET_TOKEN = \"ghp_abc\"\n").expect("write");
    std::fs::remove_dir_all(dir.join("items")).expect("rm items");
    std::os::unix::fs::symlink(&outside, dir.join("items")).expect("symlink");
    let out = run(
        manifest(),
        &["--dir", dir.to_str().expect("UTF-8"), "validate"],
    );
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("error[RM006]"), "{stdout}");
    assert!(
        !stdout.contains("ghp_abc"),
        "a file outside was printed:\n{stdout}"
    );
}

/// A linked `items/` is a finding even when it leads inside the roadmap: on disk as in a git
/// revision, where links are never followed, so both read the same.
#[cfg(unix)]
#[test]
fn a_linked_items_directory_is_a_finding_even_inside() {
    let (_tmp, dir) = copy_of(CLEAN);
    std::fs::rename(dir.join("items"), dir.join("real-items")).expect("mv");
    std::os::unix::fs::symlink("real-items", dir.join("items")).expect("symlink");
    let out = run(
        manifest(),
        &["--dir", dir.to_str().expect("UTF-8"), "validate"],
    );
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[RM006]"), "{stdout}");
    assert!(stdout.contains("must be a real directory"), "{stdout}");
}

#[test]
fn an_items_link_or_submodule_in_a_revision_is_a_finding() {
    for kind in ["symlink", "submodule"] {
        let repo = Repo::base();
        let head = repo.git(&["rev-parse", "HEAD"]);
        repo.git(&["rm", "-rq", "roadmap/items"]);
        let (mode, target) = if kind == "symlink" {
            let blob = repo.git(&["hash-object", "-w", "--stdin"]);
            ("120000", blob)
        } else {
            ("160000", head)
        };
        let info = format!("{mode},{target},roadmap/items");
        repo.git(&["update-index", "--add", "--cacheinfo", &info]);
        repo.git(&["commit", "-qm", kind]);
        let out = repo.roadmap(&["status", "--rev", "HEAD"]);
        let (_, err) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{kind}: {err}");
        assert!(err.contains("RM006"), "{kind}: {err}");
        let out = repo.roadmap(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(
            v["summary"]["items_removed"], 0,
            "{kind}: items are unknown, not removed"
        );
        assert_eq!(v["validation"]["ok"], false, "{kind}");
    }
}

#[test]
fn file_names_reach_the_terminal_neutralised() {
    let (_tmp, dir) = copy_of(CLEAN);
    // OSC 52 (clipboard), OSC 8 (a link), a screen clear, C1's one-byte CSI, and bidi controls
    // (RLO, and the marks LRM, RLM and ALM).
    for name in [
        "1-1-3\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J.toml",
        "1-1-4\u{1b}]8;;evil.example\u{1b}\\x\u{1b}]8;;\u{1b}\\.toml",
        "1-1-5\u{9b}2J\u{202e}lmth.toml",
        "1-1-6\u{200e}\u{200f}\u{61c}.toml",
    ] {
        std::fs::write(
            dir.join("items").join(name),
            "id = \"1-1-3\"\ntitle = \"x\"\n",
        )
        .expect("write");
    }
    for format in ["human", "github"] {
        // Colour forced both ways: anstream then passes escape sequences through untouched.
        let out = crate::support::roadmap_command(manifest())
            .env("CLICOLOR_FORCE", "1")
            .args(["--color", "always", "--as-of", AS_OF, "--dir"])
            .arg(&dir)
            .args(["validate", "--format", format])
            .output()
            .expect("runs");
        let (stdout, _) = text(&out);
        assert!(stdout.contains("RM202"), "{format}: {stdout}");
        for (bad, what) in [
            ("\u{1b}]", "an OSC sequence"),
            ("\u{7}", "a BEL"),
            ("\u{1b}[2J", "a screen clear"),
            ("\u{1b}\\", "a string terminator"),
            ("\u{9b}", "a C1 CSI"),
            ("\u{202e}", "an RLO"),
            ("\u{200e}", "an LRM"),
            ("\u{200f}", "an RLM"),
            ("\u{61c}", "an ALM"),
        ] {
            assert!(
                !stdout.contains(bad),
                "{format}: {what} reached the terminal:\n{stdout:?}"
            );
        }
    }
}

#[test]
fn an_item_as_markdown_is_escaped() {
    let (_tmp, dir) = copy_of("tests/fixtures/report/injection");
    // A mention and an issue reference, which GitHub would link (and notify) in a comment.
    let item = dir.join("items/1-1-1.toml");
    let toml = std::fs::read_to_string(&item).expect("read");
    let toml = toml.replacen("notes = [", "notes = [\"cc @octocat, fixes #123\", ", 1);
    std::fs::write(&item, toml).expect("write");
    let d = dir.to_str().expect("UTF-8");
    let out = run(
        manifest(),
        &["--dir", d, "status", "1-1-1", "--format", "markdown"],
    );
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0));
    for bad in ["<script", "<img", "<b>", "@octocat", "#123"] {
        assert!(!stdout.contains(bad), "{bad} in:\n{stdout}");
    }
    assert!(
        stdout.contains("&#64;octocat") && stdout.contains("&#35;123"),
        "{stdout}"
    );
}

/// `diff --fail-on slip` of a commit that gives the `review` milestone a new id and `text`, and
/// slips it a year: its exit code and output (on the repository, for more commits).
fn renamed_and_slipped(new_text: &str) -> (Repo, i32, String) {
    let repo = Repo::base();
    let item = crate::diff::ITEM_1
        .replace("id = \"review\"", "id = \"review-2\"")
        .replace(
            "text = \"実施状況の検証\"",
            &format!("text = \"{new_text}\""),
        )
        .replace("from = 2023\nto = 2024", "from = 2023\nto = 2025");
    assert_ne!(item, crate::diff::ITEM_1);
    repo.write("items/1-1-1.toml", &item);
    repo.commit("rename and slip");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD", "--fail-on", "slip"]);
    let (stdout, _) = text(&out);
    (repo, out.status.code().unwrap_or(-1), stdout)
}

#[test]
fn fail_on_slip_sees_through_a_renamed_milestone() {
    let (_, code, stdout) = renamed_and_slipped("実施状況の検証");
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("renamed from review"), "{stdout}");
    assert!(stdout.contains("SLIP"), "{stdout}");
}

/// A new id, the text edited by one character, and a slip: still the same milestone (same row,
/// similar text), so the slip is seen.
#[test]
fn fail_on_slip_sees_through_a_renamed_and_reworded_milestone() {
    let (_, code, stdout) = renamed_and_slipped("実施状況を検証");
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("renamed from review"), "{stdout}");
    assert!(stdout.contains("SLIP"), "{stdout}");
}

/// When the new milestone is not confidently the old one (its text rewritten), the old one's
/// deadline is gone: losing a deadline is a slip too.
#[test]
fn fail_on_slip_fails_when_a_deadline_is_removed() {
    let (repo, code, stdout) = renamed_and_slipped("まったく別の取組を進める");
    assert_eq!(code, 1, "{stdout}");
    assert!(!stdout.contains("renamed from"), "{stdout}");
    assert!(
        stdout.contains("1 milestone with a deadline removed"),
        "{stdout}"
    );
    // A milestone reported done takes no deadline with it.
    let done = crate::diff::ITEM_1.replace(
        "to = 2024\n",
        "to = 2024\n\n[[milestones.reports]]\non = 2024-03-01\nstatus = \"done\"\n",
    );
    repo.write("items/1-1-1.toml", &done);
    repo.commit("review done");
    let gone = done.replace(
        "[[milestones]]\nid = \"review\"",
        "[[milestones]]\nid = \"review-old\"",
    );
    let gone = gone.replace(
        "text = \"実施状況の検証\"",
        "text = \"まったく別の取組を進める\"",
    );
    repo.write("items/1-1-1.toml", &gone);
    repo.commit("replace a done milestone");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD", "--fail-on", "slip"]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}

#[test]
fn the_pull_request_comment_stays_under_the_limit_whatever_the_data() {
    let repo = Repo::base();
    let plan = crate::diff::PLAN.replace(
        "title = \"工程表\"",
        &format!(
            "title = \"{}\"\n{} = 1",
            "長".repeat(200_000),
            "k".repeat(100_000)
        ),
    );
    repo.write("roadmap.toml", &plan);
    repo.commit("a long title and a long key");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    let (stdout, _) = text(&out);
    let n = stdout.chars().count();
    assert!(n <= roadmap::render::diff::MARKDOWN_LIMIT, "{n} characters");
    assert!(stdout.starts_with(roadmap::render::diff::MARKDOWN_MARKER));
}

#[test]
fn long_unbreakable_text_is_cut_in_status_tables() {
    let (_tmp, dir) = copy_of(CLEAN);
    let item = dir.join("items/1-1-1.toml");
    let long = "あ".repeat(300_000);
    let text_long = std::fs::read_to_string(&item)
        .expect("read")
        .replace("title = \"職場", &format!("title = \"{long}職場"));
    std::fs::write(&item, text_long).expect("write");
    let d = dir.to_str().expect("UTF-8");
    for args in [&["status"][..], &["status", "1-1-1"]] {
        let out = run(manifest(), &[&["--dir", d][..], args].concat());
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        // The tables hold at most MAX_CELL_COLUMNS of the title; only the header line has it whole.
        let table_chars: usize = stdout
            .lines()
            .filter(|l| l.starts_with('│'))
            .map(|l| l.chars().count())
            .sum();
        assert!(
            table_chars < 20_000,
            "{args:?}: {table_chars} characters of tables"
        );
    }
}

// ---- Low.

#[test]
fn html_and_csv_keep_no_control_or_bidi_characters() {
    let (_tmp, dir) = copy_of(CLEAN);
    let item = dir.join("items/1-1-1.toml");
    let text_evil = std::fs::read_to_string(&item).expect("read").replace(
        "title = \"職場",
        "title = \"\\u001B[2J\\u001B]0;pwned\\u0007\\u202E\\u200E\\u200F\\u061C職場",
    );
    std::fs::write(&item, text_evil).expect("write");
    let d = dir.to_str().expect("UTF-8");
    for format in ["html", "csv", "md"] {
        let out = run(manifest(), &["--dir", d, "report", "--format", format]);
        let s = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0));
        for c in [
            '\u{1b}', '\u{7}', '\u{202e}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            assert!(!s.contains(c), "{format} holds {c:?}");
        }
        assert!(s.contains("職場"), "{format}: the text is kept");
    }
    // A workbook kept them, ESC as `_x001B_` in its XML: every sheet is read back.
    let book = dir.join("r.xlsx");
    let out = run(
        manifest(),
        &["--dir", d, "report", "-o", book.to_str().expect("UTF-8")],
    );
    assert_eq!(out.status.code(), Some(0));
    let mut zip = crate::support::workbook_zip(&book);
    let sheets: Vec<String> = (1..=8)
        .map(|n| format!("xl/worksheets/sheet{n}.xml"))
        .filter(|name| zip.by_name(name).is_ok())
        .collect();
    assert!(sheets.len() > 3, "{sheets:?}");
    for name in sheets {
        let xml = crate::support::xml_part(&mut zip, &name);
        assert!(
            !xml.contains("_x001B_") && !xml.contains("_x0007_"),
            "{name}"
        );
        for c in ['\u{202e}', '\u{200e}', '\u{200f}', '\u{61c}'] {
            assert!(!xml.contains(c), "{name} holds {c:?}");
        }
    }
}

#[test]
fn texts_longer_than_a_cell_are_cut_with_a_warning() {
    use calamine::{Data, Reader, Xlsx};
    let (tmp, dir) = copy_of(CLEAN);
    let item = dir.join("items/1-1-1.toml");
    let long = "長".repeat(40_000);
    let text_long = std::fs::read_to_string(&item).expect("read").replace(
        "themes = [1]",
        &format!("themes = [1]\nnotes = [\"{long}\"]"),
    );
    std::fs::write(&item, text_long).expect("write");
    let book = tmp.path().join("r.xlsx");
    let out = run(
        manifest(),
        &[
            "--dir",
            dir.to_str().expect("UTF-8"),
            "report",
            "-o",
            book.to_str().expect("UTF-8"),
        ],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning") && err.contains("[truncated]"),
        "{err}"
    );
    // One cell holds the note (進捗's notes): counted once, where it is written.
    assert!(err.contains(" 1 text(s) "), "{err}");
    let mut wb: Xlsx<_> = calamine::open_workbook(&book).expect("opens");
    let sheet = wb.worksheet_range("進捗").expect("sheet");
    let cut = sheet
        .cells()
        .find_map(|(_, _, v)| match v {
            Data::String(s) if s.starts_with("長長") => Some(s.clone()),
            _ => None,
        })
        .expect("the note is there");
    assert!(cut.chars().count() <= 32_767 && cut.ends_with("[truncated]"));
}

#[test]
fn diff_from_before_the_roadmap_existed_and_in_a_bare_repository() {
    let repo = Repo::new();
    repo.git(&["commit", "-q", "--allow-empty", "-m", "before the roadmap"]);
    repo.write("roadmap.toml", crate::diff::PLAN);
    repo.write("items/1-1-1.toml", crate::diff::ITEM_1);
    repo.commit("add the roadmap");
    let out = repo.roadmap(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["summary"]["items_added"], 1);
    // A bare clone has revisions but no work tree.
    let bare = repo.root.parent().expect("parent").join("bare.git");
    repo.git(&["clone", "-q", "--bare", ".", bare.to_str().expect("UTF-8")]);
    let mut cmd = crate::support::roadmap_command(&bare);
    let out = crate::support::git_env(&mut cmd, &bare)
        .args(["--color", "never", "--as-of", AS_OF])
        .args(["diff", "HEAD~1", "HEAD"])
        .output()
        .expect("runs");
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("1-1-1"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_findings_on_disk_and_in_git() {
    use std::os::unix::ffi::OsStrExt;
    let repo = Repo::base();
    let items = repo.root.join("roadmap/items");
    for bytes in [&b"9-9-\xff.toml"[..], b"9-9-\xfe.toml"] {
        std::fs::write(
            items.join(std::ffi::OsStr::from_bytes(bytes)),
            "id = \"9-9-9\"\n",
        )
        .expect("write");
    }
    let out = run(&repo.root, &["validate", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == "RM002").count(), 2, "{v}");
    repo.commit("two names that are not UTF-8");
    let out = repo.roadmap(&["status", "--rev", "HEAD"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("RM002").count(), 2, "neither is dropped: {err}");
}
