//! Shared by the integration tests: running the binary and git hermetically.

// Each test crate uses only some of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The clock the tests run at (`ROADMAP_NOW`): later than every date in the fixtures.
pub const NOW: &str = "2026-06-30";

/// The `roadmap` binary with a hermetic environment: fixed width and clock, no locale, no colour
/// variables, no `ROADMAP_DIR`. Callers add `--color never` and a fixed `--as-of`.
pub fn roadmap_command(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.current_dir(cwd)
        .env("COLUMNS", "100")
        .env("ROADMAP_NOW", NOW)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("ROADMAP_DIR")
        .env_remove("NO_COLOR")
        .env_remove("COMPLETE");
    cmd
}

/// Runs a command: stdout, stderr (both UTF-8) and the exit code.
pub fn output(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("the command runs");
    (
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        out.status.code().unwrap_or(-1),
    )
}

/// Makes git (and the roadmap binary's git) hermetic: no system or user config, fixed identity
/// and dates, `home` as HOME.
pub fn git_env<'a>(cmd: &'a mut Command, home: &Path) -> &'a mut Command {
    cmd.env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
}

/// Copies a directory tree (a fixture, a roadmap) file by file.
pub fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read a directory") {
        let e = e.expect("entry");
        let to = dst.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).expect("copy");
        }
    }
}

/// Output with the commit a report names (its data's revision: this repository's HEAD, which
/// every commit moves) replaced by `[COMMIT]`.
pub fn without_commit(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = ["コミット ", "commit "]
        .iter()
        .filter_map(|w| rest.find(w).map(|i| i + w.len()))
        .min()
    {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let hex = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
        let (id, after) = tail.split_at_checked(hex).unwrap_or((tail, ""));
        out.push_str(if hex >= 7 { "[COMMIT]" } else { id });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A workbook written by a test, opened as the zip it is.
pub fn workbook_zip(book: &Path) -> zip::ZipArchive<std::fs::File> {
    zip::ZipArchive::new(std::fs::File::open(book).expect("the workbook")).expect("a zip")
}

/// A workbook's zip written again to `to`, each text part renamed and rewritten by `edit` (name,
/// XML): a form tampered with, or saved as a tool that does not calculate saves it.
pub fn rewrite_parts(from: &Path, to: &Path, edit: impl Fn(&str, &str) -> (String, String)) {
    let bytes = std::fs::read(from).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..zip.len() {
        let mut entry = zip.by_index(k).expect("an entry");
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut body).expect("unzips");
        let mut part = entry.name().to_owned();
        if let Ok(xml) = String::from_utf8(body.clone()) {
            let (renamed, edited) = edit(&part, &xml);
            (part, body) = (renamed, edited.into_bytes());
        }
        let options = zip::write::SimpleFileOptions::default();
        out.start_file(part, options).expect("an entry");
        std::io::Write::write_all(&mut out, &body).expect("zips");
    }
    let bytes = out.finish().expect("a zip").into_inner();
    std::fs::write(to, bytes).expect("write");
}

/// One XML part of a workbook (`xl/styles.xml`, `xl/worksheets/sheet1.xml`) as text.
pub fn xml_part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    use std::io::Read as _;
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut s)
        .expect("UTF-8 XML");
    s
}

/// The row numbers of a sheet's XML, in the order written.
pub fn row_numbers(sheet: &str) -> Vec<u32> {
    sheet
        .split("<row r=\"")
        .skip(1)
        .map(|r| {
            r.split('"')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a row number")
        })
        .collect()
}
