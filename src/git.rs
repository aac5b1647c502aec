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
use crate::source::MAX_PLAN_BYTES;

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
    /// Where git commands run: the roadmap directory (or its nearest existing parent).
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

/// A repository path as a pathspec git takes literally, from the top whatever the working
/// directory (`:(top)` alone for the whole repository).
fn pathspec(path: &str) -> String {
    if path.is_empty() {
        ":(top)".to_owned()
    } else {
        format!(":(top,literal){path}")
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

    /// Whether the work tree under the repository path `path` differs from HEAD (changed,
    /// staged or new files): a report of the working tree then shows more than its commit.
    pub fn has_changes(&self, path: &str) -> bool {
        let spec = pathspec(path);
        let args = [
            "status",
            "--porcelain",
            "--untracked-files=normal",
            "--",
            &spec,
        ];
        matches!(run(&self.cwd, args), Ok(Ok(out)) if !out.is_empty())
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

    /// The last commit of HEAD's history committed on or before `day` (`YYYY-MM-DD`), if any.
    pub fn commit_on_or_before(&self, day: &str) -> anyhow::Result<Option<Oid>> {
        let before = format!("--before={day} 23:59:59");
        match run(&self.cwd, ["rev-list", "-1", before.as_str(), "HEAD"])? {
            Ok(out) => Ok(Some(trimmed(out)).filter(|s| !s.is_empty())),
            Err(e) => Err(git_failed(&e)),
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
        self.list_tree(commit, path, true)
    }

    /// The entries of `path` itself at `commit` (not recursing, without sizes): what a diff of
    /// two revisions needs besides the changed files.
    pub fn ls_top(&self, commit: &str, path: &str) -> anyhow::Result<Tree> {
        self.list_tree(commit, path, false)
    }

    fn list_tree(&self, commit: &str, path: &str, recursive: bool) -> anyhow::Result<Tree> {
        let treeish = format!("{commit}:{path}");
        let short = commit.get(..12).unwrap_or(commit);
        // Paths from the tree's root: in a subdirectory, ls-tree would otherwise list only what
        // lies under the current directory's path *inside* the tree.
        let mut args = vec!["ls-tree", "-z", "--full-tree"];
        if recursive {
            args.extend(["-r", "-l"]);
        }
        args.extend(["--end-of-options", treeish.as_str()]);
        let out = run(&self.cwd, &args)?;
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

    /// The roadmap files under `path` (a repository path) at `commit`: `roadmap.toml` and
    /// `items/*.toml` blobs (what [`crate::load::read_dir`] reads from disk), keyed by their path
    /// inside it, and findings met listing them: links (not followed), an `items` that is a link
    /// or a submodule (then `items_unreadable`), names that are not UTF-8, a missing plan file.
    pub fn roadmap_tree(
        &self,
        commit: &str,
        path: &str,
        shown_dir: &Path,
    ) -> anyhow::Result<RoadmapTree> {
        let tree = self.ls_tree(commit, path)?;
        Ok(roadmap_files(tree, commit, shown_dir))
    }
}

/// The roadmap files of a listed tree (whole, or only its top level) and the findings met: see
/// [`Repo::roadmap_tree`].
pub fn roadmap_files(tree: Tree, commit: &str, shown_dir: &Path) -> RoadmapTree {
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
                Msg::ItemsIsLink
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
    out
}

impl Repo {
    /// Reads blobs by id through the long-lived `git cat-file --batch` process, in order; a blob
    /// over [`MAX_PLAN_BYTES`] (the most any roadmap file may hold) is skipped unread (`None`):
    /// its size is in the answer's header, so memory never follows what a revision holds. Requests are written by a second thread
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

/// A commit as `git log` describes it, with the files it changed under the paths asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogCommit {
    pub commit: Oid,
    pub author: String,
    pub email: String,
    /// The author date, as the author's clock gave it (`2024-03-22T10:00:00+09:00`).
    pub date: String,
    pub subject: String,
    pub changes: Vec<RawChange>,
}

/// A file a commit changed: its blob before and after (`None`: absent on that side), and its
/// repository path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawChange {
    pub old: Option<Oid>,
    pub new: Option<Oid>,
    /// The new side is a link or a submodule (and so `new` is `None`).
    pub link: bool,
    pub path: String,
}

/// What `git log` walks: commits reachable from `until` and not from `since`, authored in a
/// window of days, on the first-parent line or all of them.
#[derive(Clone, Debug, Default)]
pub struct LogRange {
    pub until: Option<Oid>,
    pub since: Option<Oid>,
    /// Days as git reads them (`2024-04-01`), inclusive.
    pub after: Option<String>,
    pub before: Option<String>,
    /// Walk the first parent only, and show a merge as what it brought to its first parent.
    pub first_parent: bool,
}

fn is_hex_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The blob id of one side of a raw diff line; `None` for the all-zero id (absent).
fn side_oid(s: &str) -> Option<Oid> {
    (!s.bytes().all(|b| b == b'0')).then(|| s.to_owned())
}

/// One line of a raw diff (`:100644 100644 <old> <new> M`, split at spaces) and its path. A side
/// that is a link or a submodule counts as absent: it is not a roadmap file, and the tree
/// listing reports it.
fn raw_change(parts: &[&str], path: &[u8]) -> Option<RawChange> {
    let (old_mode, new_mode, old, new) =
        (parts.first()?, parts.get(1)?, parts.get(2)?, parts.get(3)?);
    let path = std::str::from_utf8(path).ok()?;
    let file = |mode: &str| !matches!(mode.trim_start_matches(':'), "120000" | "160000");
    Some(RawChange {
        old: side_oid(old).filter(|_| file(old_mode)),
        new: side_oid(new).filter(|_| file(new_mode)),
        link: !file(new_mode) && side_oid(new).is_some(),
        path: path.to_owned(),
    })
}

/// Parses `git diff-tree -z -r` output: raw lines and paths, alternating.
fn parse_raw(out: &[u8]) -> Vec<RawChange> {
    let mut changes = Vec::new();
    let mut tokens = out.split(|b| *b == 0);
    while let Some(meta) = tokens.next() {
        let Some(path) = tokens.next() else { break };
        let meta = String::from_utf8_lossy(meta);
        let parts: Vec<&str> = meta.split_ascii_whitespace().collect();
        changes.extend(raw_change(&parts, path));
    }
    changes
}

/// Parses `git log -z --raw --format=%x1e%H%x00%an%x00%ae%x00%aI%x00%s`. Tokens alternate in a
/// known order, so a path or subject holding a separator cannot start a record: a header is only
/// looked for where a raw line could start, and must begin with a full commit id.
fn parse_log(out: &[u8]) -> Vec<LogCommit> {
    let mut commits: Vec<LogCommit> = Vec::new();
    let mut tokens = out.split(|b| *b == 0).peekable();
    while let Some(token) = tokens.next() {
        let token = token.strip_prefix(b"\n").unwrap_or(token);
        if let Some(id) = token.strip_prefix(b"\x1e") {
            let id = String::from_utf8_lossy(id).into_owned();
            if !is_hex_id(&id) {
                continue;
            }
            let mut field = || {
                tokens
                    .next()
                    .map(|t| String::from_utf8_lossy(t).into_owned())
                    .unwrap_or_default()
            };
            let (author, email, date, subject) = (field(), field(), field(), field());
            commits.push(LogCommit {
                commit: id,
                author,
                email,
                date,
                subject,
                changes: Vec::new(),
            });
        } else if token.first() == Some(&b':') {
            // `:100644 100644 <old> <new> M`, then the path.
            let meta = String::from_utf8_lossy(token);
            let parts: Vec<&str> = meta.split_ascii_whitespace().collect();
            let Some(path) = tokens.next() else { break };
            if let (Some(change), Some(commit)) = (raw_change(&parts, path), commits.last_mut()) {
                commit.changes.push(change);
            }
        }
    }
    commits
}

impl Repo {
    /// The files under the repository path `path` that differ between commits `a` and `b`, with
    /// their blobs: one `git diff-tree`, whatever the size of the trees.
    pub fn diff_tree(&self, a: &str, b: &str, path: &str) -> anyhow::Result<Vec<RawChange>> {
        let spec = pathspec(path);
        let args = [
            "diff-tree",
            "-r",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--no-ext-diff",
            "--end-of-options",
            a,
            b,
            "--",
            spec.as_str(),
        ];
        match run(&self.cwd, args)? {
            Ok(out) => Ok(parse_raw(&out)),
            Err(e) => Err(git_failed(&e)),
        }
    }

    /// The commits of `range` that changed anything under the repository paths `paths`, newest
    /// first, with the blobs they changed there: one `git log` for the whole history.
    ///
    /// Where the range holds no merge, git is not given the paths: with a pathspec it diffs every
    /// commit's trees twice (once to simplify the history, once to print), which is half its
    /// time on a large flat `items/`. Without merges there is nothing to simplify, so listing
    /// every commit and keeping the changes under `paths` here gives the same commits and files
    /// (those that changed nothing there are dropped by the caller, as before). With merges, git
    /// keeps the say: its simplification prunes side branches whose changes a merge dropped.
    pub fn log(&self, range: &LogRange, paths: &[String]) -> anyhow::Result<LogStream> {
        let mut args: Vec<String> = [
            "log",
            "-z",
            "--raw",
            "--no-renames",
            "--no-abbrev",
            "--no-color",
            "--format=%x1e%H%x00%an%x00%ae%x00%aI%x00%s",
        ]
        .map(str::to_owned)
        .to_vec();
        args.extend(range_args(range));
        let keep = if self.has_merges(range)? {
            args.push("--".into());
            args.extend(paths.iter().map(|p| pathspec(p)));
            None
        } else {
            Some(paths.to_vec())
        };
        Ok(LogStream {
            commits: stream_log(&self.cwd, args, keep)?,
        })
    }

    /// Whether the commits `range` walks include a merge: one walk of the commits, no trees.
    fn has_merges(&self, range: &LogRange) -> anyhow::Result<bool> {
        let mut args = vec![
            "rev-list".to_owned(),
            "--min-parents=2".into(),
            "--max-count=1".into(),
        ];
        args.extend(range_args(range));
        match run(&self.cwd, &args)? {
            Ok(out) => Ok(!out.is_empty()),
            Err(e) => Err(git_failed(&e)),
        }
    }
}

/// The revision arguments of `range`, as `git log` and `git rev-list` read them.
fn range_args(range: &LogRange) -> Vec<String> {
    let mut args = Vec::new();
    if range.first_parent {
        args.push("--first-parent".into());
        args.push("--diff-merges=first-parent".into());
    }
    if let Some(d) = &range.after {
        args.push(format!("--since={d} 00:00:00"));
    }
    if let Some(d) = &range.before {
        args.push(format!("--until={d} 23:59:59"));
    }
    args.push("--end-of-options".into());
    args.push(range.until.clone().unwrap_or_else(|| "HEAD".into()));
    if let Some(s) = &range.since {
        args.push(format!("^{s}"));
    }
    args
}

/// Whether the repository path `path` is one of `paths` or under one of them (`""`: the top).
fn is_under(path: &str, paths: &[String]) -> bool {
    paths.iter().any(|p| {
        p.is_empty()
            || path
                .strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The commits of a `git log`, newest first, in batches as git writes them: git goes on walking
/// the history (on another core) while the first commits are read and compared.
#[derive(Debug)]
pub struct LogStream {
    commits: std::sync::mpsc::Receiver<anyhow::Result<Vec<LogCommit>>>,
}

impl Iterator for LogStream {
    type Item = anyhow::Result<Vec<LogCommit>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.commits.recv().ok()
    }
}

/// What a [`LogStream`] has without waiting.
#[derive(Debug)]
pub enum Ready {
    Batch(anyhow::Result<Vec<LogCommit>>),
    /// git is still writing the next batch.
    NotYet,
    Ended,
}

impl LogStream {
    /// The next batch if git has written it, without waiting for git.
    pub fn ready(&mut self) -> Ready {
        match self.commits.try_recv() {
            Ok(batch) => Ready::Batch(batch),
            Err(std::sync::mpsc::TryRecvError::Empty) => Ready::NotYet,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Ready::Ended,
        }
    }
}

/// Starts `git log` with `args` and reads its output in the background, parsing each batch of
/// whole records (a record starts with `\x1e`) as it arrives; an error ends the batches.
fn stream_log(
    cwd: &Path,
    args: Vec<String>,
    keep: Option<Vec<String>>,
) -> anyhow::Result<std::sync::mpsc::Receiver<anyhow::Result<Vec<LogCommit>>>> {
    let mut child = Command::new("git")
        .current_dir(cwd)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| Msg::CannotRunGit)?;
    let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(git_failed("git log gave no output"));
    };
    let parse = move |out: &[u8]| {
        let mut commits = parse_log(out);
        if let Some(paths) = &keep {
            for c in &mut commits {
                c.changes.retain(|ch| is_under(&ch.path, paths));
            }
        }
        commits
    };
    Ok(crate::par::background(move |tx| {
        let mut pending: Vec<u8> = Vec::new();
        let mut buf = vec![0; 1 << 16];
        loop {
            match stdout.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => pending.extend_from_slice(buf.get(..n).unwrap_or_default()),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    let _ = child.kill();
                    let _ = tx.send(Err(git_failed("git log stopped answering")));
                    return;
                }
            }
            // Everything before the last record's start is whole.
            if let Some(at) = pending.iter().rposition(|b| *b == 0x1e)
                && at > 0
            {
                let rest = pending.split_off(at);
                let whole = std::mem::replace(&mut pending, rest);
                if tx.send(Ok(parse(&whole))).is_err() {
                    // Nobody is reading any more: stop git.
                    let _ = child.kill();
                    let _ = child.wait();
                    return;
                }
            }
        }
        let mut err = String::new();
        let _ = stderr.read_to_string(&mut err);
        match child.wait() {
            Ok(status) if status.success() => {
                let _ = tx.send(Ok(parse(&pending)));
            }
            _ => {
                let _ = tx.send(Err(git_failed(err.trim())));
            }
        }
    }))
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
        if size as u64 > MAX_PLAN_BYTES {
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

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const ZERO: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn log_records_survive_separators_in_subjects_and_paths() {
        let mut out = Vec::new();
        // A subject holding the record separator, then a path holding it too.
        out.extend(
            format!("\x1e{A}\0山田\0y@x\02024-03-22T10:00:00+09:00\0bad \x1e{B} subject\0\n")
                .bytes(),
        );
        out.extend(format!(":100644 100644 {A} {B} M\0roadmap/items/\x1e{B}.toml\0").bytes());
        out.extend(format!(":000000 120000 {ZERO} {B} A\0roadmap/items/link.toml\0").bytes());
        out.extend(format!("\x1e{B}\0B\0b@x\02024-03-23T10:00:00+09:00\0second\0\n").bytes());
        out.extend(format!(":100644 000000 {A} {ZERO} D\0roadmap/items/1-1-1.toml\0").bytes());
        let log = parse_log(&out);
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].commit, A);
        assert_eq!(log[0].subject, format!("bad \x1e{B} subject"));
        assert_eq!(log[0].changes.len(), 2);
        assert_eq!(
            log[0].changes[0].path,
            format!("roadmap/items/\x1e{B}.toml")
        );
        // A link is not a file: absent on its side, and marked.
        assert_eq!(log[0].changes[1].new, None);
        assert!(log[0].changes[1].link);
        assert_eq!(log[1].author, "B");
        assert_eq!(log[1].changes[0].old.as_deref(), Some(A));
        assert_eq!(log[1].changes[0].new, None);
    }

    #[test]
    fn raw_diff_lines_pair_with_their_paths() {
        let out = format!(
            ":100644 100644 {A} {B} M\0roadmap/roadmap.toml\0:160000 160000 {A} {B} M\0roadmap/items\0"
        );
        let changes = parse_raw(out.as_bytes());
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].new.as_deref(), Some(B));
        assert_eq!(
            (changes[1].old.as_deref(), changes[1].new.as_deref()),
            (None, None)
        );
    }
}
