//! Writing edits to roadmap files, for `record` and `fmt`: the edited roadmap is analysed in
//! memory first and refused if the edit adds an error; files go through the one writer (atomic,
//! and refusing a file that changed on disk since it was read); what changed is shown in meaning.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use crate::Analysis;
use crate::i18n::{Lang, Msg};
use crate::load::DirRead;
use crate::writer::{self, Expect};

use super::Ctx;

/// New bytes for a file of the roadmap directory, by its path inside it.
#[derive(Debug)]
pub struct Staged {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// The roadmap as the staged edits leave it, checked against the clock, not `--as-of`: what is
/// written must pass `validate` today (CI's check), and a report dated after today (an `--as-of`
/// ahead of the calendar) is one nobody made yet (RM209).
fn analyze(cx: &Ctx<'_>, read: &DirRead, staged: &[Staged]) -> Analysis {
    let mut files = read.files.clone();
    for f in &mut files {
        if let Some(s) = staged.iter().find(|s| s.rel == f.rel) {
            f.bytes.clone_from(&s.bytes);
        }
    }
    crate::analyze(files, read.findings.clone(), cx.now)
}

/// Checks the staged edits against the roadmap as read (`before`: its analysis), then writes
/// them (unless `dry_run`) and prints what they change. Exit 1, nothing written, when they would
/// add an error.
pub fn commit(
    cx: &Ctx<'_>,
    lang: Lang,
    read: &DirRead,
    before: &Analysis,
    staged: &[Staged],
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let after = analyze(cx, read, staged);
    let added = after.errors_added_since(before);
    if !added.is_empty() {
        let errors = added.len();
        return super::refuse(&after, &added, &Msg::EditWouldBeInvalid { errors }, lang);
    }
    let diff = crate::diff::diff(&before.roadmap, &after.roadmap, &BTreeSet::new());
    if !diff.has_changes() {
        super::stderr(&format!("{}\n", lang.msg(&Msg::NothingChanged)))?;
        return Ok(ExitCode::SUCCESS);
    }
    // Every file is checked and staged before the first is replaced: all of them or none.
    let mut paths = Vec::new();
    let mut writes = Vec::new();
    for s in staged {
        let Some(old) = read.files.iter().find(|f| f.rel == s.rel) else {
            continue;
        };
        if old.bytes == s.bytes {
            continue;
        }
        // Shown paths are relative to the repository root; write where the file was read.
        let path = cx.dir.join(&old.rel);
        if !dry_run {
            before_write(&path);
        }
        writes.push((
            path,
            s.bytes.as_slice(),
            Expect::Unchanged(Some(&old.bytes)),
        ));
        paths.push(old.path.clone());
    }
    if !dry_run {
        let files: Vec<_> = writes
            .iter()
            .map(|(p, b, e)| (p.as_path(), *b, *e))
            .collect();
        writer::write_all(&files)?;
    }
    let mut out = String::new();
    if dry_run {
        out.push_str(&format!("{}\n", lang.msg(&Msg::DryRunNothingWritten)));
    } else {
        for p in &paths {
            let said = Msg::Recorded { path: p.clone() };
            out.push_str(&format!("{}\n", lang.msg(&said)));
        }
    }
    out.push_str(&crate::render::diff::human_body(&diff, lang));
    // Wrapped to the terminal as `diff` is: a long reason wrapped by the terminal has no indent.
    super::stdout(&super::fitted(&out))?;
    let superseded = crate::record::superseded(&diff, &after.roadmap);
    let warning = crate::render::style::WARNING;
    super::stderr(&super::said(lang, lang.t().warning, warning, &superseded))?;
    Ok(ExitCode::SUCCESS)
}

/// A test hook, in debug builds only: `ROADMAP_TEST_BEFORE_WRITE=<text>` appends the text to the
/// file between reading and writing it, as another process could, so that the tests can show
/// the edit is refused rather than the other change lost.
fn before_write(path: &Path) {
    #[cfg(debug_assertions)]
    if let Ok(extra) = std::env::var("ROADMAP_TEST_BEFORE_WRITE") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(path) {
            let _ = f.write_all(extra.as_bytes());
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = path;
}
