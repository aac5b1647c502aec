//! The roadmap through time: the sides a command can read (the working tree, a directory, a git
//! revision, the merge base of two), what differs between two sides, and which files to parse.
//!
//! This is the only module that decides what to read and parse: `status --rev`, `report` and
//! `diff` all go through it. It reads through the two readers ([`crate::load`] for the file system,
//! [`crate::git`] for revisions) and hands bytes to the pure core.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::analysis::Clock;
use crate::diagnostic::Code;
use crate::diagnostic::Finding;
use crate::diff::{self, Diff, Side, SideKind};
use crate::git::{Repo, TreeEntry};
use crate::i18n::{Msg, UserError};
use crate::load::PLAN_FILE;
use crate::source::{MAX_FILE_BYTES, RawFile};
use crate::{Analysis, analyze};

/// One side, before reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    /// The roadmap directory in the working tree.
    WorkTree,
    /// A git revision (branch, tag, SHA, `HEAD~3`, …).
    Rev(String),
    /// The merge base of two revisions (`A...B`).
    MergeBase(String, String),
    /// Another roadmap directory (`--no-index`).
    Dir(PathBuf),
}

/// The two sides that revision arguments name, following git's conventions: none (HEAD → working
/// tree), `A` (A → working tree), `A B`, `A..B`, `A...B` (from the merge base); with `no_index`,
/// two directories.
pub fn specs(revs: &[String], no_index: bool) -> anyhow::Result<(Spec, Spec)> {
    if no_index {
        return match revs {
            [a, b] => Ok((Spec::Dir(a.into()), Spec::Dir(b.into()))),
            _ => Err(Msg::NoIndexNeedsTwo.into()),
        };
    }
    let or_head = |s: &str| {
        if s.is_empty() {
            "HEAD".to_owned()
        } else {
            s.to_owned()
        }
    };
    Ok(match revs {
        [] => (Spec::Rev("HEAD".into()), Spec::WorkTree),
        [one] => {
            if let Some((a, b)) = one.split_once("...") {
                let (a, b) = (or_head(a), or_head(b));
                (Spec::MergeBase(a, b.clone()), Spec::Rev(b))
            } else if let Some((a, b)) = one.split_once("..") {
                (Spec::Rev(or_head(a)), Spec::Rev(or_head(b)))
            } else {
                (Spec::Rev(one.clone()), Spec::WorkTree)
            }
        }
        [a, b] => (Spec::Rev(a.clone()), Spec::Rev(b.clone())),
        _ => return Err(Msg::AtMostTwoRevisions.into()),
    })
}

/// A file of a side: a blob in git, or bytes already read.
#[derive(Debug)]
enum Entry {
    Blob(TreeEntry),
    Raw(RawFile),
}

/// A side, listed: its files by path inside the roadmap directory, and findings met listing them.
#[derive(Debug)]
pub struct Listed {
    pub side: Side,
    /// The roadmap directory as shown to users (file paths start with it).
    dir: PathBuf,
    files: BTreeMap<String, Entry>,
    pub findings: Vec<Finding>,
    /// The side's `items/` could not be read: its items are unknown, not removed.
    items_unreadable: bool,
    /// The roadmap directory did not exist at this revision (the old side of the pull request
    /// that adds it): an empty side on purpose.
    pub absent: bool,
}

impl Listed {
    /// Whether the side has its plan file: a side without one is not a roadmap, and comparing
    /// with it would report every item as added.
    pub fn has_plan(&self) -> bool {
        self.absent || self.files.contains_key(PLAN_FILE)
    }

    /// Where the side's plan file was looked for, as shown to users.
    pub fn plan_path(&self) -> String {
        crate::load::show(&self.dir.join(PLAN_FILE))
    }
}

/// A file not read (too large), by its path inside the roadmap directory, with its finding.
type Skipped = (String, Finding);

/// Reads roadmap directories and revisions. Git is opened only when a side needs it, and one
/// `git cat-file --batch` serves every blob of a run.
#[derive(Debug)]
pub struct History {
    /// The roadmap directory (as given or discovered: relative to the current directory, or
    /// absolute).
    dir: PathBuf,
    /// The same directory as users are shown it (relative to the repository root).
    shown: PathBuf,
    repo: Option<Repo>,
}

impl History {
    pub fn new(dir: &Path, shown: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
            shown: shown.to_owned(),
            repo: None,
        }
    }

    fn repo(&mut self) -> anyhow::Result<&mut Repo> {
        if self.repo.is_none() {
            let cwd = std::env::current_dir().map_err(|_| Msg::CannotReadCwd)?;
            self.repo = Some(Repo::open(&cwd)?);
        }
        self.repo
            .as_mut()
            .ok_or_else(|| Msg::RevisionsNeedGit.into())
    }

    /// Lists a side's roadmap files (the working tree and directories are read whole; revisions
    /// are listed from their tree, and their blobs read only when asked for).
    pub fn list(&mut self, spec: Spec) -> anyhow::Result<Listed> {
        let (commit, kind) = match spec {
            Spec::WorkTree | Spec::Dir(_) => {
                let (dir, shown, kind) = match spec {
                    Spec::Dir(d) => {
                        let kind = SideKind::Dir(d.display().to_string());
                        (d.clone(), d, kind)
                    }
                    _ => (self.dir.clone(), self.shown.clone(), SideKind::WorkTree),
                };
                let read = crate::load::read_dir(&dir, &shown)?;
                let files = read
                    .files
                    .into_iter()
                    .map(|r| (r.rel.clone(), Entry::Raw(r)))
                    .collect();
                return Ok(Listed {
                    side: Side { kind, commit: None },
                    dir: shown,
                    files,
                    findings: read.findings,
                    items_unreadable: read.items_unreadable,
                    absent: false,
                });
            }
            Spec::Rev(rev) => (self.repo()?.resolve(&rev)?, SideKind::Rev(rev)),
            Spec::MergeBase(a, b) => {
                let r = self.repo()?;
                let base = r.merge_base(&r.resolve(&a)?, &r.resolve(&b)?)?;
                (base, SideKind::MergeBase(a, b))
            }
        };
        let (dir, shown) = (self.dir.clone(), self.shown.clone());
        let tree = self.repo()?.roadmap_tree(&commit, &dir, &shown)?;
        let files = tree
            .files
            .into_iter()
            .map(|(rel, entry)| (rel, Entry::Blob(entry)))
            .collect();
        Ok(Listed {
            side: Side {
                kind,
                commit: Some(commit),
            },
            dir: shown,
            files,
            findings: tree.findings,
            items_unreadable: tree.items_unreadable,
            absent: false,
        })
    }

    /// Lists the old side of a comparison: a revision from before the roadmap existed (the pull
    /// request that adds it) is an empty side, not an error.
    pub fn list_old(&mut self, spec: Spec) -> anyhow::Result<Listed> {
        let git = matches!(spec, Spec::Rev(_) | Spec::MergeBase(..));
        match self.list(spec.clone()) {
            Err(e)
                if git
                    && matches!(
                        e.downcast_ref::<UserError>(),
                        Some(UserError(Msg::DirMissingAt { .. }))
                    ) =>
            {
                let kind = match spec {
                    Spec::Rev(r) => SideKind::Rev(r),
                    Spec::MergeBase(a, b) => SideKind::MergeBase(a, b),
                    _ => SideKind::WorkTree,
                };
                Ok(Listed {
                    side: Side { kind, commit: None },
                    dir: self.shown.clone(),
                    files: BTreeMap::new(),
                    findings: Vec::new(),
                    items_unreadable: false,
                    absent: true,
                })
            }
            other => other,
        }
    }

    /// Reads the given files of a side (blobs through git, in one batch). A blob over the size
    /// cap is not read at all: it becomes a finding.
    fn read(
        &mut self,
        side: &Listed,
        rels: &BTreeSet<&str>,
    ) -> anyhow::Result<(Vec<RawFile>, Vec<Skipped>)> {
        let mut out = Vec::with_capacity(rels.len());
        let mut skipped = Vec::new();
        let mut blobs: Vec<(&str, &str)> = Vec::new();
        let shown = |rel: &str| crate::load::show(&side.dir.join(rel));
        let too_large = |rel: &str, bytes: u64| {
            let finding = Finding::new(
                Code::TooLarge,
                shown(rel),
                None,
                Msg::FileTooLarge {
                    bytes,
                    max: MAX_FILE_BYTES,
                },
            );
            (rel.to_owned(), finding)
        };
        for rel in rels {
            match side.files.get(*rel) {
                Some(Entry::Raw(r)) => out.push(r.clone()),
                Some(Entry::Blob(b)) => match b.size {
                    Some(size) if size > MAX_FILE_BYTES => skipped.push(too_large(rel, size)),
                    _ => blobs.push((rel, &b.oid)),
                },
                None => {}
            }
        }
        if !blobs.is_empty() {
            let ids: Vec<&str> = blobs.iter().map(|(_, oid)| *oid).collect();
            let answers = self.repo()?.read_blobs(&ids)?;
            for ((rel, _), bytes) in blobs.iter().zip(answers) {
                match bytes {
                    Some(bytes) => out.push(RawFile {
                        path: shown(rel),
                        rel: (*rel).to_owned(),
                        bytes,
                    }),
                    None => skipped.push(too_large(rel, MAX_FILE_BYTES + 1)),
                }
            }
        }
        Ok((out, skipped))
    }

    /// Reads and analyses a whole side. `today` is the day RM209 checks `done_on` against.
    pub fn analyze(&mut self, side: &Listed, today: Clock) -> anyhow::Result<Analysis> {
        let rels: BTreeSet<&str> = side.files.keys().map(String::as_str).collect();
        let (raw, skipped) = self.read(side, &rels)?;
        let mut findings: Vec<Finding> = skipped.into_iter().map(|(_, f)| f).collect();
        findings.extend(side.findings.iter().cloned());
        Ok(analyze(raw, findings, today))
    }

    /// The roadmap as it is at `rev` (or in the working tree): what `status --rev` and `report`
    /// read.
    pub fn analyze_at(&mut self, rev: Option<&str>, today: Clock) -> anyhow::Result<Analysis> {
        let spec = rev.map_or(Spec::WorkTree, |r| Spec::Rev(r.to_owned()));
        let side = self.list(spec)?;
        self.analyze(&side, today)
    }

    /// The semantic diff: finds the files whose contents differ (by blob id where both sides are
    /// in git, else by bytes), parses only those (and the plans, for the 大項目 titles) and
    /// compares.
    pub fn compare(&mut self, old: &Listed, new: &Listed, today: Clock) -> anyhow::Result<Diff> {
        let mut changed: BTreeSet<&str> = BTreeSet::new();
        let mut by_bytes: BTreeSet<&str> = BTreeSet::new();
        for rel in old.files.keys().chain(new.files.keys()) {
            match (old.files.get(rel), new.files.get(rel)) {
                (Some(Entry::Blob(a)), Some(Entry::Blob(b))) => {
                    if a.oid != b.oid {
                        changed.insert(rel);
                    }
                }
                (Some(_), Some(_)) => {
                    by_bytes.insert(rel);
                }
                _ => {
                    changed.insert(rel);
                }
            }
        }
        if !by_bytes.is_empty() {
            let (a, _) = self.read(old, &by_bytes)?;
            let (b, _) = self.read(new, &by_bytes)?;
            let b: BTreeMap<&str, &[u8]> = b.iter().map(|f| (f.rel.as_str(), &*f.bytes)).collect();
            for f in &a {
                if b.get(f.rel.as_str()) != Some(&&*f.bytes)
                    && let Some(rel) = by_bytes.get(f.rel.as_str())
                {
                    changed.insert(rel);
                }
            }
        }
        let mut wanted = changed.clone();
        wanted.insert(PLAN_FILE);
        let (old_raw, _) = self.read(old, &wanted)?;
        let (new_raw, new_skipped) = self.read(new, &wanted)?;
        let mut new_paths: BTreeMap<String, String> = new_raw
            .iter()
            .map(|f| (f.path.clone(), f.rel.clone()))
            .collect();
        new_paths.extend(
            new_skipped
                .iter()
                .map(|(rel, f)| (f.path.clone(), rel.clone())),
        );
        let old_rm = analyze(old_raw, Vec::new(), today).roadmap;
        let new_rm = analyze(new_raw, Vec::new(), today).roadmap;
        let parsed: BTreeSet<&str> = new_rm.items.iter().map(|i| i.path.as_str()).collect();
        let mut unreadable: BTreeSet<String> = new_paths
            .iter()
            .filter(|(path, rel)| {
                changed.contains(rel.as_str())
                    && *rel != PLAN_FILE
                    && !parsed.contains(path.as_str())
            })
            .map(|(path, _)| path.clone())
            .collect();
        // Files too large to read are unreadable too.
        unreadable.extend(new_skipped.into_iter().map(|(_, f)| f.path));
        if changed.contains(PLAN_FILE)
            && new.files.contains_key(PLAN_FILE)
            && new_rm.plan.path.is_empty()
        {
            unreadable.insert(crate::load::show(&new.dir.join(PLAN_FILE)));
        }
        // The old items of files that are unreadable now are not reported as removed; nor are any
        // when the new side's `items/` cannot be read.
        let mut old_unreadable: BTreeSet<String> = unreadable
            .iter()
            .filter_map(|p| new_paths.get(p))
            .map(|rel| crate::load::show(&old.dir.join(rel)))
            .collect();
        if new.items_unreadable {
            old_unreadable.extend(old_rm.items.iter().map(|i| i.path.clone()));
            unreadable.insert(crate::load::show(&new.dir.join(crate::load::ITEMS_DIR)));
        }
        let mut d = diff::diff(&old_rm, &new_rm, &old_unreadable);
        d.unreadable = unreadable.into_iter().collect();
        Ok(d)
    }
}
