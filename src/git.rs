//! Reading roadmap files from git revisions, without touching the working tree or the index.
//!
//! This is the only module that runs git. Revisions are resolved with `git rev-parse --verify`,
//! trees are listed with `git ls-tree -r -z`, and blobs are read through one long-lived
//! `git cat-file --batch` process, so reading ten files costs ten round trips, not ten processes.
//! User-supplied revisions always follow `--end-of-options`, so `--output=x` is a revision, never
//! an option.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::diagnostic::{Code, Finding};
use crate::i18n::Msg;
use crate::source::MAX_FILE_BYTES;

/// A tree's entries by path, and the names that are not UTF-8.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub entries: BTreeMap<String, TreeEntry>,
    pub bad_names: Vec<String>,
}

/// A roadmap directory as a revision has it.
#[derive(Clone, Debug, Default)]
pub struct RoadmapTree {
    /// `roadmap.toml` and `items/*.toml` by their path inside the directory.
    pub files: BTreeMap<String, TreeEntry>,
    pub findings: Vec<Finding>,
    /// `items` is a link or a submodule: its items cannot be read.
    pub items_unreadable: bool,
}

/// A full object id (hex).
pub type Oid = String;

/// One file of a tree: mode (`100644`, `120000`, …), object type and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    pub mode: String,
    pub kind: String,
    pub oid: Oid,
    /// The blob's size in bytes (`ls-tree -l`); `None` for trees and submodules.
    pub size: Option<u64>,
}

impl TreeEntry {
    /// A symbolic link: its blob is the link's target, not the file.
    pub fn is_symlink(&self) -> bool {
        self.mode == "120000"
    }

    /// A submodule: a commit of another repository, not a directory of this one.
    pub fn is_submodule(&self) -> bool {
        self.kind == "commit"
    }
}

/// A git repository seen from a directory inside its work tree.
#[derive(Debug)]
pub struct Repo {
    /// Where git commands run (the current directory, so relative paths mean what the user meant).
    cwd: PathBuf,
    /// The work tree's top level; `None` in a bare repository.
    top: Option<PathBuf>,
    /// Path of the current directory inside the repository (`sub/dir/`, or empty).
    prefix: String,
    batch: Option<Batch>,
}

#[derive(Debug)]
struct Batch {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing stdin ends `git cat-file --batch`; reap it so no zombie is left.
        let _ = self.stdin.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs git with `args` in `cwd` and returns its standard output, or its standard error.
fn run<I, S>(cwd: &Path, args: I) -> anyhow::Result<Result<Vec<u8>, String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new("git")
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|_| Msg::CannotRunGit)?;
    if out.status.success() {
        Ok(Ok(out.stdout))
    } else {
        Ok(Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()))
    }
}

fn git_failed(what: &str) -> anyhow::Error {
    Msg::GitFailed {
        what: what.to_owned(),
    }
    .into()
}

fn trimmed(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

impl Repo {
    /// The repository holding `cwd`; an error that says so when there is none.
    pub fn open(cwd: &Path) -> anyhow::Result<Self> {
        let out = run(cwd, ["rev-parse", "--show-toplevel", "--show-prefix"])?;
        let (top, prefix) = match out {
            Ok(stdout) => {
                let text = String::from_utf8_lossy(&stdout).into_owned();
                let mut lines = text.lines();
                let top = PathBuf::from(lines.next().unwrap_or_default());
                (Some(top), lines.next().unwrap_or_default().to_owned())
            }
            // A bare repository has revisions but no work tree: paths are from its top.
            Err(_)
                if run(cwd, ["rev-parse", "--is-bare-repository"])?
                    .is_ok_and(|out| out.trim_ascii() == b"true") =>
            {
                (None, String::new())
            }
            Err(_) => {
                return Err(Msg::NotARepository {
                    cwd: cwd.display().to_string(),
                }
                .into());
            }
        };
        Ok(Self {
            cwd: cwd.to_owned(),
            top,
            prefix,
            batch: None,
        })
    }

    /// Whether the repository is a shallow clone (some history is missing).
    pub fn is_shallow(&self) -> bool {
        matches!(
            run(&self.cwd, ["rev-parse", "--is-shallow-repository"]),
            Ok(Ok(out)) if out.trim_ascii() == b"true"
        )
    }

    /// Resolves a revision (branch, tag, SHA, `HEAD~3`, …) to a commit id.
    pub fn resolve(&self, rev: &str) -> anyhow::Result<Oid> {
        let spec = format!("{rev}^{{commit}}");
        match run(
            &self.cwd,
            [
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                spec.as_str(),
            ],
        )? {
            Ok(out) => Ok(trimmed(out)),
            Err(_) if self.is_shallow() => Err(Msg::UnknownRevisionShallow {
                rev: rev.to_owned(),
            }
            .into()),
            Err(_) => Err(Msg::UnknownRevision {
                rev: rev.to_owned(),
            }
            .into()),
        }
    }

    /// The best common ancestor of two commits (what a pull request is compared against).
    pub fn merge_base(&self, a: &str, b: &str) -> anyhow::Result<Oid> {
        match run(&self.cwd, ["merge-base", "--end-of-options", a, b])? {
            Ok(out) => Ok(trimmed(out)),
            Err(_) if self.is_shallow() => Err(Msg::NoMergeBaseShallow.into()),
            Err(_) => Err(Msg::NoMergeBase.into()),
        }
    }

    /// The path of `dir` (relative to the current directory, or absolute) inside the repository,
    /// `/`-separated, without a trailing slash; empty for the top level.
    pub fn repo_path(&self, dir: &Path) -> anyhow::Result<String> {
        let joined = if dir.is_absolute() {
            let outside = || Msg::OutsideWorkTree {
                dir: dir.display().to_string(),
                top: self.top.as_ref().map(|t| t.display().to_string()),
            };
            let top = self.top.as_ref().ok_or_else(outside)?;
            let canon = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
            let top = top.canonicalize().unwrap_or_else(|_| top.clone());
            canon
                .strip_prefix(&top)
                .map(Path::to_owned)
                .map_err(|_| outside())?
        } else {
            Path::new(&self.prefix).join(dir)
        };
        let mut parts: Vec<String> = Vec::new();
        for c in joined.components() {
            match c {
                Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
                Component::ParentDir if parts.pop().is_none() => {
                    return Err(Msg::OutsideWorkTree {
                        dir: dir.display().to_string(),
                        top: None,
                    }
                    .into());
                }
                _ => {}
            }
        }
        Ok(parts.join("/"))
    }

    /// Every entry under `path` (a repository path, see [`Repo::repo_path`]) at `commit`, keyed
    /// by its path inside `path`, with the names that are not UTF-8 apart (they cannot be keys:
    /// two of them could read the same). An error when `path` is not a directory at that commit.
    pub fn ls_tree(&self, commit: &str, path: &str) -> anyhow::Result<Tree> {
        let treeish = format!("{commit}:{path}");
        let short = commit.get(..12).unwrap_or(commit);
        let out = run(
            &self.cwd,
            [
                "ls-tree",
                "-r",
                "-z",
                "-l",
                // Paths from the tree's root: in a subdirectory, ls-tree would otherwise list only
                // what lies under the current directory's path *inside* the tree.
                "--full-tree",
                "--end-of-options",
                treeish.as_str(),
            ],
        )?;
        let out = match out {
            Ok(out) => out,
            Err(_) => {
                let shown = if path.is_empty() { "." } else { path };
                return Err(Msg::DirMissingAt {
                    dir: shown.to_owned(),
                    commit: short.to_owned(),
                }
                .into());
            }
        };
        let mut tree = Tree::default();
        for record in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            let Some(tab) = record.iter().position(|b| *b == b'\t') else {
                continue;
            };
            let (meta, name) = (&record[..tab], &record[tab + 1..]);
            let meta = String::from_utf8_lossy(meta);
            let mut meta = meta.split_ascii_whitespace();
            let (Some(mode), Some(kind), Some(oid), size) =
                (meta.next(), meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            let Ok(name) = std::str::from_utf8(name) else {
                tree.bad_names.push(crate::text::escape_bytes(name));
                continue;
            };
            tree.entries.insert(
                name.to_owned(),
                TreeEntry {
                    mode: mode.to_owned(),
                    kind: kind.to_owned(),
                    oid: oid.to_owned(),
                    size: size.and_then(|s| s.parse().ok()),
                },
            );
        }
        Ok(tree)
    }

    /// The roadmap files of `dir` at `commit`: `roadmap.toml` and `items/*.toml` blobs (what
    /// [`crate::load::read_dir`] reads from disk), keyed by their path inside `dir`, and findings
    /// met listing them: links (not followed), an `items` that is a link or a submodule (then
    /// `items_unreadable`), names that are not UTF-8, a missing plan file.
    pub fn roadmap_tree(
        &self,
        commit: &str,
        dir: &Path,
        shown_dir: &Path,
    ) -> anyhow::Result<RoadmapTree> {
        let tree = self.ls_tree(commit, &self.repo_path(dir)?)?;
        let shown = |rel: &str| crate::load::show(&shown_dir.join(rel));
        let mut out = RoadmapTree::default();
        for name in &tree.bad_names {
            out.findings.push(Finding::new(
                Code::Encoding,
                shown(name),
                None,
                Msg::FileNameNotUtf8,
            ));
        }
        for (rel, entry) in tree.entries {
            if rel == crate::load::ITEMS_DIR && (entry.is_symlink() || entry.is_submodule()) {
                out.items_unreadable = true;
                let message = if entry.is_symlink() {
                    Msg::SymlinkInRevision
                } else {
                    Msg::ItemsIsSubmodule
                };
                out.findings
                    .push(Finding::new(Code::Symlink, shown(&rel), None, message));
                continue;
            }
            if !crate::load::is_roadmap_file(&rel) || entry.kind != "blob" {
                continue;
            }
            if entry.is_symlink() {
                out.findings.push(Finding::new(
                    Code::Symlink,
                    shown(&rel),
                    None,
                    Msg::SymlinkInRevision,
                ));
                continue;
            }
            out.files.insert(rel, entry);
        }
        if !out.files.contains_key(crate::load::PLAN_FILE) {
            let short = commit.get(..12).unwrap_or(commit);
            out.findings.push(Finding::new(
                Code::MissingFile,
                shown(crate::load::PLAN_FILE),
                None,
                Msg::NoPlanFileAt {
                    dir: crate::load::show(shown_dir),
                    commit: short.to_owned(),
                },
            ));
        }
        Ok(out)
    }

    /// Reads blobs by id through the long-lived `git cat-file --batch` process, in order; a blob
    /// over [`MAX_FILE_BYTES`] is skipped unread (`None`): its size is in the answer's header,
    /// so memory never follows what a revision holds. Requests are written by a second thread
    /// while answers are read, so any number of blobs costs one pipe's worth of round trips.
    pub fn read_blobs(&mut self, oids: &[&str]) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
        if oids.is_empty() {
            return Ok(Vec::new());
        }
        if self.batch.is_none() {
            let mut child = Command::new("git")
                .current_dir(&self.cwd)
                .args(["cat-file", "--batch"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|_| git_failed("cannot run `git cat-file --batch`"))?;
            let stdin = child
                .stdin
                .take()
                .ok_or_else(|| git_failed("no stdin for git cat-file"))?;
            let stdout = child
                .stdout
                .take()
                .ok_or_else(|| git_failed("no stdout for git cat-file"))?;
            self.batch = Some(Batch {
                child,
                stdin,
                stdout: BufReader::new(stdout),
            });
        }
        let batch = self
            .batch
            .as_mut()
            .ok_or_else(|| git_failed("git cat-file is not running"))?;
        let Batch {
            child,
            stdin,
            stdout,
        } = batch;
        let result = std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> std::io::Result<()> {
                let mut w = std::io::BufWriter::new(&mut *stdin);
                for oid in oids {
                    w.write_all(oid.as_bytes())?;
                    w.write_all(b"\n")?;
                }
                w.flush()
            });
            let read = read_answers(stdout, oids);
            if read.is_err() {
                // Unblock the writer: git stops reading once nobody reads its answers.
                let _ = child.kill();
            }
            let written = writer
                .join()
                .map_err(|_| git_failed("the git cat-file writer panicked"))?;
            let blobs = read?;
            written.map_err(|_| git_failed("cannot write to git cat-file"))?;
            Ok(blobs)
        });
        if result.is_err() {
            self.batch = None;
        }
        result
    }
}

/// Reads one answer of `git cat-file --batch` per id. A missing object is an error, reported after
/// every answer has been read so the process stays in step.
fn read_answers(
    stdout: &mut BufReader<ChildStdout>,
    oids: &[&str],
) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
    let mut blobs = Vec::with_capacity(oids.len());
    let mut missing = None;
    let mut header = String::new();
    for oid in oids {
        header.clear();
        let n = stdout
            .read_line(&mut header)
            .map_err(|_| git_failed("git cat-file stopped answering"))?;
        if n == 0 {
            return Err(git_failed("git cat-file ended early"));
        }
        let mut parts = header.trim_end().split(' ');
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        if kind == Some("missing") || kind == Some("ambiguous") {
            missing.get_or_insert_with(|| (*oid).to_owned());
            blobs.push(None);
            continue;
        }
        let size: usize = size
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| git_failed("git cat-file gave a malformed header"))?;
        if size as u64 > MAX_FILE_BYTES {
            // Skip the contents (and the newline after them) without keeping them.
            let skipped = std::io::copy(
                &mut (&mut *stdout).take(size as u64 + 1),
                &mut std::io::sink(),
            )
            .map_err(|_| git_failed("git cat-file ended early"))?;
            if skipped != size as u64 + 1 {
                return Err(git_failed("git cat-file ended early"));
            }
            blobs.push(None);
            continue;
        }
        let mut bytes = vec![0; size + 1];
        stdout
            .read_exact(&mut bytes)
            .map_err(|_| git_failed("git cat-file ended early"))?;
        bytes.pop(); // The newline after the contents.
        blobs.push(Some(bytes));
    }
    if let Some(oid) = missing {
        return Err(Msg::GitObjectMissing { oid }.into());
    }
    Ok(blobs)
}
