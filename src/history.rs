//! The roadmap through time: the sides a command can read (the working tree, a directory, a git
//! revision, the merge base of two), what differs between two sides, and which files to parse.
//!
//! This is the only module that decides what to read and parse: `status --rev`, `report` and
//! `diff` all go through it. It reads through the two readers ([`crate::load`] for the file system,
//! [`crate::git`] for revisions) and hands bytes to the pure core.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::analysis::{Clock, ReadFile, analyze_read, model_of, read_file};
use crate::diagnostic::Code;
use crate::diagnostic::Finding;
use crate::diff::{self, Diff, Side, SideKind};
use crate::git::{LogCommit, LogRange, Ready, Repo, RoadmapTree, TreeEntry};
use crate::i18n::{Msg, UserError};
use crate::input::Bound;
use crate::load::PLAN_FILE;
use crate::model::ItemId;
use crate::source::{MAX_PLAN_BYTES, RawFile, max_bytes};
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
#[derive(Clone, Debug)]
enum Entry {
    Blob(TreeEntry),
    Raw(RawFile),
}

/// A side, listed: its files by path inside the roadmap directory, and findings met listing them.
#[derive(Clone, Debug)]
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
    /// Only the files that differ from the other side (and the plan) are listed; the whole side
    /// is listed again from this revision when it is needed.
    partial: Option<Spec>,
}

impl Listed {
    /// A side with no files: `absent` when the roadmap did not exist at its revision (an empty
    /// side on purpose), else one that lacks its plan.
    fn empty(kind: SideKind, dir: PathBuf, absent: bool) -> Self {
        Listed {
            side: Side { kind, commit: None },
            dir,
            files: BTreeMap::new(),
            findings: Vec::new(),
            items_unreadable: false,
            absent,
            partial: None,
        }
    }

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

/// A commit of the semantic history and what it changed in meaning.
#[derive(Debug)]
pub struct LogEntry {
    pub commit: LogCommit,
    pub diff: Diff,
}

/// Whether an error says the roadmap directory is not in a revision.
fn is_dir_missing(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<UserError>(),
        Some(UserError(Msg::DirMissingAt { .. }))
    )
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
    /// The roadmap directory's path inside the repository, once it is open.
    repo_dir: String,
    /// Blobs read ahead, by id (`log` reads a batch of commits' blobs in one go).
    blobs: std::collections::HashMap<String, Option<Vec<u8>>>,
}

/// Commits `log` reads and compares at a time.
const LOG_CHUNK: usize = 256;

impl History {
    pub fn new(dir: &Path, shown: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
            shown: shown.to_owned(),
            repo: None,
            repo_dir: String::new(),
            blobs: std::collections::HashMap::new(),
        }
    }

    /// The repository the roadmap directory is in, not the current directory's: `--dir` may
    /// point into another repository, or out of any. Git runs in the directory, or in its nearest
    /// existing parent when the working tree does not have it (a bare repository, a directory
    /// removed since).
    fn repo(&mut self) -> anyhow::Result<&mut Repo> {
        if self.repo.is_none() {
            let cwd = std::env::current_dir().map_err(|_| Msg::CannotReadCwd)?;
            let dir = cwd.join(&self.dir);
            let at = dir.ancestors().find(|d| d.is_dir()).unwrap_or(&cwd);
            let repo = Repo::open(at)?;
            let below = dir.strip_prefix(at).unwrap_or(Path::new(""));
            self.repo_dir = repo.repo_path(below)?;
            self.repo = Some(repo);
        }
        self.repo
            .as_mut()
            .ok_or_else(|| Msg::RevisionsNeedGit.into())
    }

    /// The repository and the roadmap directory's path inside it.
    fn repo_and_dir(&mut self) -> anyhow::Result<(&mut Repo, String)> {
        self.repo()?;
        let dir = self.repo_dir.clone();
        Ok((self.repo()?, dir))
    }

    /// What changed since the last report (`report --since`): the semantic diff from a revision
    /// (a tag such as `2024Q3`, a branch), or from the last commit on or before a date, to the
    /// working tree.
    pub fn changes_since(&mut self, since: &str, today: Clock) -> anyhow::Result<Diff> {
        let rev = match crate::input::date(since) {
            Ok(day) => self
                .repo()?
                .commit_on_or_before(&day.to_string())?
                .ok_or(Msg::NoCommitBefore { date: day })?
                .to_string(),
            Err(_) => since.to_owned(),
        };
        let (old, new) = self.list_pair(Spec::Rev(rev), Spec::WorkTree)?;
        self.compare(&old, &new, today)
    }

    /// What `log` walks: the commits after `since` up to `until`, each a day or a revision
    /// (resolved here), on the first-parent line or all of them.
    pub fn range(
        &mut self,
        since: Option<Bound>,
        until: Option<Bound>,
        first_parent: bool,
    ) -> anyhow::Result<LogRange> {
        let mut range = LogRange {
            first_parent,
            ..LogRange::default()
        };
        match since {
            Some(Bound::Day(d)) => range.after = Some(d.to_string()),
            Some(Bound::Rev(r)) => range.since = Some(self.resolve(&r)?),
            None => {}
        }
        match until {
            Some(Bound::Day(d)) => range.before = Some(d.to_string()),
            Some(Bound::Rev(r)) => range.until = Some(self.resolve(&r)?),
            None => {}
        }
        Ok(range)
    }

    /// Resolves a revision to its commit id.
    pub fn resolve(&mut self, rev: &str) -> anyhow::Result<String> {
        self.repo()?.resolve(rev)
    }

    /// Whether the roadmap's files in the working tree differ from HEAD's.
    pub fn has_changes(&mut self) -> anyhow::Result<bool> {
        let (repo, path) = self.repo_and_dir()?;
        Ok(repo.has_changes(&path))
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
                    partial: None,
                });
            }
            Spec::Rev(rev) => (self.repo()?.resolve(&rev)?, SideKind::Rev(rev)),
            Spec::MergeBase(a, b) => {
                let r = self.repo()?;
                let base = r.merge_base(&r.resolve(&a)?, &r.resolve(&b)?)?;
                (base, SideKind::MergeBase(a, b))
            }
        };
        let shown = self.shown.clone();
        let (repo, path) = self.repo_and_dir()?;
        let tree = repo.roadmap_tree(&commit, &path, &shown)?;
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
            partial: None,
        })
    }

    /// Lists the old side of a comparison: a revision from before the roadmap existed (the pull
    /// request that adds it) is an empty side, not an error.
    pub fn list_old(&mut self, spec: Spec) -> anyhow::Result<Listed> {
        let git = matches!(spec, Spec::Rev(_) | Spec::MergeBase(..));
        match self.list(spec.clone()) {
            Err(e) if git && is_dir_missing(&e) => {
                let kind = match spec {
                    Spec::Rev(r) => SideKind::Rev(r),
                    Spec::MergeBase(a, b) => SideKind::MergeBase(a, b),
                    _ => SideKind::WorkTree,
                };
                Ok(Listed::empty(kind, self.shown.clone(), true))
            }
            other => other,
        }
    }

    /// A directory side that is no roadmap at all (neither its plan nor `items/`) listed empty,
    /// so that `diff` names the side and the plan it lacks, as it does for a revision.
    fn or_no_roadmap(&self, listed: anyhow::Result<Listed>, spec: &Spec) -> anyhow::Result<Listed> {
        match listed {
            Err(e)
                if matches!(
                    e.downcast_ref::<UserError>(),
                    Some(UserError(Msg::NotARoadmap { .. }))
                ) =>
            {
                Ok(match spec {
                    Spec::Dir(d) => {
                        Listed::empty(SideKind::Dir(d.display().to_string()), d.clone(), false)
                    }
                    _ => Listed::empty(SideKind::WorkTree, self.shown.clone(), false),
                })
            }
            listed => listed,
        }
    }

    /// Lists both sides of a comparison. Two revisions are compared by one `git diff-tree`: each
    /// side lists only the files that differ and its plan (its top level listed, not its whole
    /// tree), so the cost follows the change. Otherwise each side is listed whole.
    pub fn list_pair(&mut self, old: Spec, new: Spec) -> anyhow::Result<(Listed, Listed)> {
        let git = |s: &Spec| matches!(s, Spec::Rev(_) | Spec::MergeBase(..));
        if !(git(&old) && git(&new)) {
            let old_side = self.list_old(old.clone());
            let old_side = self.or_no_roadmap(old_side, &old)?;
            let new_side = self.list(new.clone());
            return Ok((old_side, self.or_no_roadmap(new_side, &new)?));
        }
        let (a, old_kind) = self.commit_of(&old)?;
        let (b, new_kind) = self.commit_of(&new)?;
        let shown = self.shown.clone();
        let (repo, path) = self.repo_and_dir()?;
        let top = |repo: &Repo, commit: &str| {
            repo.ls_top(commit, &path)
                .map(|t| crate::git::roadmap_files(t, commit, &shown))
        };
        let new_top = top(repo, &b)?;
        let old_top = match top(repo, &a) {
            Ok(t) => Some(t),
            Err(e) if is_dir_missing(&e) => None,
            Err(e) => return Err(e),
        };
        let changes = repo.diff_tree(&a, &b, &path)?;
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        let side = |top: Option<RoadmapTree>, kind, commit, spec, is_new: bool| {
            let absent = top.is_none();
            let top = top.unwrap_or_default();
            let mut files: BTreeMap<String, Entry> = top
                .files
                .into_iter()
                .map(|(rel, e)| (rel, Entry::Blob(e)))
                .collect();
            let mut findings = if is_new { top.findings } else { Vec::new() };
            for ch in &changes {
                let Some(rel) = ch.path.strip_prefix(&prefix) else {
                    continue;
                };
                if !crate::load::is_roadmap_file(rel) || top.items_unreadable {
                    continue;
                }
                let oid = if is_new { &ch.new } else { &ch.old };
                if let Some(oid) = oid {
                    let entry = TreeEntry {
                        mode: "100644".into(),
                        kind: "blob".into(),
                        oid: oid.clone(),
                        size: None,
                    };
                    files.insert(rel.to_owned(), Entry::Blob(entry));
                } else if is_new && ch.link {
                    findings.push(Finding::new(
                        Code::Symlink,
                        crate::load::show(&shown.join(rel)),
                        None,
                        Msg::SymlinkInRevision,
                    ));
                }
            }
            Listed {
                side: Side {
                    kind,
                    commit: (!absent).then_some(commit),
                },
                dir: shown.clone(),
                files,
                findings,
                items_unreadable: top.items_unreadable,
                absent,
                partial: Some(spec),
            }
        };
        Ok((
            side(old_top, old_kind, a, old, false),
            side(Some(new_top), new_kind, b, new, true),
        ))
    }

    /// The commit a git side names, and how to name it.
    fn commit_of(&mut self, spec: &Spec) -> anyhow::Result<(String, SideKind)> {
        let r = self.repo()?;
        Ok(match spec {
            Spec::MergeBase(a, b) => (
                r.merge_base(&r.resolve(a)?, &r.resolve(b)?)?,
                SideKind::MergeBase(a.clone(), b.clone()),
            ),
            Spec::Rev(rev) => (r.resolve(rev)?, SideKind::Rev(rev.clone())),
            _ => return Err(Msg::RevisionsNeedGit.into()),
        })
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
                    max: max_bytes(rel),
                },
            );
            (rel.to_owned(), finding)
        };
        for rel in rels {
            match side.files.get(*rel) {
                Some(Entry::Raw(r)) => out.push(r.clone()),
                Some(Entry::Blob(b)) => match b.size {
                    Some(size) if size > max_bytes(rel) => skipped.push(too_large(rel, size)),
                    _ => blobs.push((rel, &b.oid)),
                },
                None => {}
            }
        }
        if !blobs.is_empty() {
            let ids: Vec<&str> = blobs.iter().map(|(_, oid)| *oid).collect();
            let answers = match ids.iter().map(|id| self.blobs.get(*id).cloned()).collect() {
                Some(ahead) => ahead,
                None => self.repo()?.read_blobs(&ids)?,
            };
            for ((rel, _), bytes) in blobs.iter().zip(answers) {
                match bytes {
                    Some(bytes) => out.push(RawFile {
                        path: shown(rel),
                        rel: (*rel).to_owned(),
                        bytes,
                    }),
                    None => skipped.push(too_large(rel, MAX_PLAN_BYTES + 1)),
                }
            }
        }
        Ok((out, skipped))
    }

    /// Reads and analyses a whole side. `today` is the day RM209 checks `done_on` against.
    pub fn analyze(&mut self, mut side: Listed, today: Clock) -> anyhow::Result<Analysis> {
        // The bytes a working tree's listing already holds are taken over, not copied: they are
        // most of a large roadmap's memory. Blobs are read.
        let mut raw = Vec::with_capacity(side.files.len());
        for (rel, entry) in std::mem::take(&mut side.files) {
            match entry {
                Entry::Raw(r) => raw.push(r),
                blob @ Entry::Blob(_) => {
                    side.files.insert(rel, blob);
                }
            }
        }
        let rels: BTreeSet<&str> = side.files.keys().map(String::as_str).collect();
        let (blobs, skipped) = self.read(&side, &rels)?;
        raw.extend(blobs);
        let mut findings: Vec<Finding> = skipped.into_iter().map(|(_, f)| f).collect();
        findings.append(&mut side.findings);
        Ok(analyze(raw, findings, today))
    }

    /// The plan and the items named, from the working tree, with the items their milestones
    /// refer to (`after`, `event_of`, `restates`), so that waiting and restated states are those
    /// of the whole roadmap. The rules that span all files (a dependency cycle through items not
    /// read) are `validate`'s; every rule within the files read holds as in a whole read.
    pub fn analyze_items(&mut self, ids: &[ItemId], today: Clock) -> anyhow::Result<Analysis> {
        Ok(self.read_items(ids, today)?.1)
    }

    /// [`History::analyze_items`], with the files as read (what `record` edits and writes back).
    pub fn read_items(
        &mut self,
        ids: &[ItemId],
        today: Clock,
    ) -> anyhow::Result<(crate::load::DirRead, Analysis)> {
        let mut wanted: BTreeSet<String> = ids.iter().map(ToString::to_string).collect();
        loop {
            let names: Vec<String> = wanted.iter().cloned().collect();
            let read = crate::load::read_some(&self.dir, &self.shown, &names)?;
            let analysis = analyze(read.files.clone(), read.findings.clone(), today);
            let before = wanted.len();
            for item in &analysis.roadmap.items {
                for m in &item.milestones {
                    let refs = (m.after.iter())
                        .chain(m.event_of.as_deref())
                        .chain(m.restates.as_deref());
                    for r in refs {
                        if let Some((other, _)) = r.value.split_once('/')
                            && ItemId::parse(other).is_some()
                        {
                            wanted.insert(other.to_owned());
                        }
                    }
                }
            }
            // One more round only when a reference named an item not read yet.
            if wanted.len() == before {
                return Ok((read, analysis));
            }
        }
    }

    /// The ids of the working tree's item files with their stems, in id order, without reading
    /// the files (what completion offers).
    pub fn item_ids(&self) -> Vec<(ItemId, String)> {
        let mut ids: Vec<(ItemId, String)> = crate::load::item_stems(&self.dir)
            .into_iter()
            .filter_map(|stem| Some((ItemId::parse(&stem)?, stem)))
            .collect();
        ids.sort();
        ids
    }

    /// Refuses an item id the working tree does not have, naming the ids one edit away: what
    /// `log ITEM` says when no commit of its range mentions the item either (a typo, not history).
    pub fn known_item(&self, id: ItemId) -> Result<(), Msg> {
        let ids = self.item_ids();
        if ids.iter().any(|(i, _)| *i == id) {
            return Ok(());
        }
        let want = id.to_string();
        let near: Vec<String> = ids
            .into_iter()
            .filter(|(_, stem)| crate::text::edit_distance(stem, &want) <= 1)
            .map(|(_, stem)| format!("`{stem}`"))
            .take(6)
            .collect();
        Err(Msg::NoItemInHistory {
            id: want,
            near: near.join(", "),
        })
    }

    /// The roadmap as it is at `rev` (or in the working tree): what `status --rev` and `report`
    /// read.
    pub fn analyze_at(&mut self, rev: Option<&str>, today: Clock) -> anyhow::Result<Analysis> {
        let spec = rev.map_or(Spec::WorkTree, |r| Spec::Rev(r.to_owned()));
        let side = self.list(spec)?;
        self.analyze(side, today)
    }

    /// The semantic history: one entry per commit of `range` that changed the roadmap's
    /// meaning (with `all`, also those that changed only its form), newest first, cut down to
    /// `item` (and `milestone`) when given. One `git log` lists the commits and the blobs each
    /// changed; only those blobs are read (through the one `cat-file --batch`) and parsed.
    pub fn log(
        &mut self,
        range: &LogRange,
        item: Option<(ItemId, Option<&str>)>,
        all: bool,
        today: Clock,
    ) -> anyhow::Result<Vec<LogEntry>> {
        let (_, repo_dir) = self.repo_and_dir()?;
        let prefix = if repo_dir.is_empty() {
            String::new()
        } else {
            format!("{repo_dir}/")
        };
        // An item's history is its file's: ids equal file stems (RM202).
        let paths = match item {
            Some((id, _)) => vec![format!("{prefix}{}/{id}.toml", crate::load::ITEMS_DIR)],
            None => vec![repo_dir],
        };
        let mut stream = self.repo()?.log(range, &paths)?;
        let mut out = Vec::new();
        let mut titles = None;
        let mut waiting: std::collections::VecDeque<LogCommit> = std::collections::VecDeque::new();
        let mut ended = false;
        let mut versions = Versions::default();
        // A chunk of commits at a time, as `git log` writes them: their blobs read in one go
        // through `cat-file --batch` (each once), then parsed and compared on all cores. Each
        // commit's files are few, too few to spread over cores by themselves; the chunk bounds
        // what is held in memory.
        loop {
            // Waiting for git only while there is nothing to compare: what it has written is
            // compared while it writes the rest (on two cores, git and this take one each).
            while !ended && waiting.len() < LOG_CHUNK {
                let ready = if waiting.is_empty() {
                    stream.next().map_or(Ready::Ended, Ready::Batch)
                } else {
                    stream.ready()
                };
                match ready {
                    Ready::Batch(batch) => waiting.extend(batch?),
                    Ready::NotYet => break,
                    Ready::Ended => ended = true,
                }
            }
            if waiting.is_empty() {
                break;
            }
            // 大項目 titles for commits that did not touch the plan: the plan at the range's end.
            let titles = match &titles {
                Some(t) => t,
                None => {
                    let tip = waiting
                        .front()
                        .map(|c| c.commit.clone())
                        .unwrap_or_default();
                    titles.insert(self.plan_at(&tip, today)?)
                }
            }
            .clone();
            let take = waiting.len().min(LOG_CHUNK);
            let chunk: Vec<(LogCommit, Listed, Listed)> = waiting
                .drain(..take)
                .map(|c| {
                    let (old, new) = self.commit_sides(&c, &prefix);
                    (c, old, new)
                })
                .filter(|(_, old, new)| !(old.files.is_empty() && new.files.is_empty()))
                .collect();
            self.read_ahead(chunk.iter().flat_map(|(_, o, n)| [o, n]))?;
            let mut read = Vec::with_capacity(chunk.len());
            for (c, old, new) in chunk {
                let changed = self.read_changed(&old, &new)?;
                read.push((c, old, new, changed));
            }
            self.blobs.clear();
            let read = versions.parse(read);
            let entries = crate::par::map(read, |(c, old, new, changed)| {
                let (mut diff, _, _) = compare_read(changed, &old, &new, None);
                if let Some((id, milestone)) = item {
                    diff = diff::only(diff, id, milestone);
                }
                for i in diff.items.iter_mut().filter(|i| i.category_title.is_none()) {
                    i.category_title = titles.category(i.category).map(|c| c.title.value.clone());
                }
                (diff.has_changes() || all).then_some(LogEntry { commit: c, diff })
            });
            out.extend(entries.into_iter().flatten());
        }
        Ok(out)
    }

    /// Reads the blobs of these sides ahead, each once, in one round through `cat-file --batch`.
    fn read_ahead<'a>(&mut self, sides: impl Iterator<Item = &'a Listed>) -> anyhow::Result<()> {
        let mut ids: Vec<&str> = sides
            .flat_map(|s| s.files.values())
            .filter_map(|e| match e {
                Entry::Blob(b) => Some(b.oid.as_str()),
                Entry::Raw(_) => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let answers = self.repo()?.read_blobs(&ids)?;
        self.blobs = ids.into_iter().map(str::to_owned).zip(answers).collect();
        Ok(())
    }

    /// The plan (`roadmap.toml` alone) at a commit; an empty one when it has none.
    fn plan_at(&mut self, commit: &str, today: Clock) -> anyhow::Result<crate::model::Plan> {
        let shown = self.shown.clone();
        let (repo, path) = self.repo_and_dir()?;
        // The top level only: the plan's blob id, not the whole tree.
        let Ok(top) = repo.ls_top(commit, &path) else {
            return Ok(crate::model::Plan::default());
        };
        let Some(plan) = top
            .entries
            .get(PLAN_FILE)
            .filter(|e| e.kind == "blob" && !e.is_symlink())
        else {
            return Ok(crate::model::Plan::default());
        };
        let Some(Some(bytes)) = repo.read_blobs(&[plan.oid.as_str()])?.pop() else {
            return Ok(crate::model::Plan::default());
        };
        let raw = RawFile {
            path: crate::load::show(&shown.join(PLAN_FILE)),
            rel: PLAN_FILE.to_owned(),
            bytes,
        };
        Ok(analyze(vec![raw], Vec::new(), today).roadmap.plan)
    }

    /// The two partial sides of a commit: the roadmap files it changed, before and after.
    fn commit_sides(&self, c: &LogCommit, prefix: &str) -> (Listed, Listed) {
        let side = |pick: fn(&crate::git::RawChange) -> Option<&String>| {
            let files = c
                .changes
                .iter()
                .filter_map(|ch| {
                    let rel = ch.path.strip_prefix(prefix)?;
                    let oid = pick(ch)?;
                    crate::load::is_roadmap_file(rel).then(|| {
                        let entry = TreeEntry {
                            mode: "100644".into(),
                            kind: "blob".into(),
                            oid: oid.clone(),
                            size: None,
                        };
                        (rel.to_owned(), Entry::Blob(entry))
                    })
                })
                .collect();
            Listed {
                side: Side::default(),
                dir: self.shown.clone(),
                files,
                findings: Vec::new(),
                items_unreadable: false,
                absent: false,
                partial: None,
            }
        };
        (side(|ch| ch.old.as_ref()), side(|ch| ch.new.as_ref()))
    }

    /// The semantic diff: finds the files whose contents differ (by blob id where both sides are
    /// in git, else by bytes), parses only those (and the plans, for the 大項目 titles) and
    /// compares.
    pub fn compare(&mut self, old: &Listed, new: &Listed, today: Clock) -> anyhow::Result<Diff> {
        Ok(self.compare_parts(old, new, today)?.0)
    }

    /// The semantic diff with the new side validated as far as the change reaches: the changed
    /// files with the plan, whose rules are all a file's findings depend on (ids are unique by
    /// construction, each being its file's stem: RM202). When `roadmap.toml` changed, every
    /// item may read differently, so the whole side is checked. Unchanged files are not
    /// re-checked: `roadmap validate` checks everything.
    pub fn compare_checked(
        &mut self,
        old: &Listed,
        new: &Listed,
        today: Clock,
    ) -> anyhow::Result<Diff> {
        let (mut d, partial, plan_changed) = self.compare_parts(old, new, today)?;
        let analysis = match (plan_changed, &new.partial) {
            (false, _) => partial,
            (true, None) => self.analyze(new.clone(), today)?,
            (true, Some(spec)) => {
                let whole = self.list(spec.clone())?;
                self.analyze(whole, today)?
            }
        };
        d.validation = Some(diff::validation(&analysis, plan_changed));
        Ok(d)
    }

    /// The diff, the new side's changed files (and plan) analysed with the findings met listing
    /// and reading it, and whether the plan changed.
    fn compare_parts(
        &mut self,
        old: &Listed,
        new: &Listed,
        today: Clock,
    ) -> anyhow::Result<(Diff, Analysis, bool)> {
        let read = self.read_changed(old, new)?.parsed();
        Ok(compare_read(read, old, new, Some(today)))
    }

    /// What differs between two sides, read: the I/O half of [`History::compare_parts`].
    fn read_changed(&mut self, old: &Listed, new: &Listed) -> anyhow::Result<Changed<RawFile>> {
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
        Ok(Changed {
            changed: changed.into_iter().map(str::to_owned).collect(),
            old: old_raw,
            new: new_raw,
            new_skipped,
        })
    }
}

/// A file's version in git: its blob id and its path in the roadmap directory (the path is part
/// of what a file parses to: its findings name it, and an item's id must be its name).
type Version = (String, String);

/// A commit of `log` with its two sides and their changed files.
type LogSides<F> = (LogCommit, Listed, Listed, Changed<F>);

/// The versions `log` has parsed and may meet again, kept from one chunk of commits to the next.
/// The walk goes newest first, so the version a commit replaces is parsed before the older
/// commit that brought it in is reached; where that commit is in the range too, the version is
/// parsed once, not twice. Recording progress changes the same items quarter after quarter, so
/// most replaced versions are met again: over 1,000 commits that each change 10 of 1,000
/// items, this is 0.69× the instructions. A version is let go once the commit that brought it
/// in has taken it.
#[derive(Default)]
struct Versions {
    kept: std::collections::HashMap<Version, ReadFile>,
}

/// The most versions kept for a later chunk (a parsed item is a few kilobytes): a replaced version
/// whose commit is not in the range is never met again, and 10,000 of them held 50 MB.
const MAX_KEPT: usize = 4096;

impl Versions {
    /// A chunk's changed files parsed, each version not met before parsed once (on all cores).
    fn parse(&mut self, chunk: Vec<LogSides<RawFile>>) -> Vec<LogSides<ReadFile>> {
        fn version(side: &Listed, f: &RawFile) -> Option<Version> {
            match side.files.get(&f.rel) {
                Some(Entry::Blob(b)) => Some((b.oid.clone(), f.rel.clone())),
                _ => None,
            }
        }
        // How often the chunk uses each version, and the versions not parsed yet.
        let mut uses: std::collections::HashMap<Version, usize> = std::collections::HashMap::new();
        let mut unparsed = Vec::new();
        for (_, old, new, changed) in &chunk {
            let old_files = changed.old.iter().map(|f| (old, f));
            let files = old_files.chain(changed.new.iter().map(|f| (new, f)));
            for (v, f) in files.filter_map(|(side, f)| Some((version(side, f)?, f))) {
                let n = uses.entry(v.clone()).or_default();
                if *n == 0 && !self.kept.contains_key(&v) {
                    unparsed.push((v, f.clone()));
                }
                *n += 1;
            }
        }
        let mut fresh: std::collections::HashMap<Version, ReadFile> =
            crate::par::map(unparsed, |(v, f)| (v, read_file(f)))
                .into_iter()
                .collect();
        let kept = &mut self.kept;
        let mut take = |side: &Listed, f: RawFile, brought_in: bool| {
            let Some(v) = version(side, &f) else {
                return read_file(f);
            };
            let left = uses.get_mut(&v).map_or(0, |n| {
                *n -= 1;
                *n
            });
            if left > 0 {
                let parsed = fresh.get(&v).or_else(|| kept.get(&v)).cloned();
                return parsed.unwrap_or_else(|| read_file(f));
            }
            let Some(parsed) = fresh.remove(&v).or_else(|| kept.remove(&v)) else {
                return read_file(f);
            };
            // A replaced version waits for the commit that brought it in; a version that commit
            // brought in is not met again (but for a revert, which parses it anew).
            if !brought_in && kept.len() < MAX_KEPT {
                kept.insert(v, parsed.clone());
            }
            parsed
        };
        chunk
            .into_iter()
            .map(|(c, old, new, changed)| {
                let changed = Changed {
                    changed: changed.changed,
                    old: changed
                        .old
                        .into_iter()
                        .map(|f| take(&old, f, false))
                        .collect(),
                    new: changed
                        .new
                        .into_iter()
                        .map(|f| take(&new, f, true))
                        .collect(),
                    new_skipped: changed.new_skipped,
                };
                (c, old, new, changed)
            })
            .collect()
    }
}

/// The files that differ between two sides, read ([`RawFile`]) or parsed ([`ReadFile`]): the old
/// side's and the new side's, and the new side's files too large to read.
#[derive(Debug)]
struct Changed<F> {
    changed: BTreeSet<String>,
    old: Vec<F>,
    new: Vec<F>,
    new_skipped: Vec<Skipped>,
}

impl Changed<RawFile> {
    /// Both sides' files decoded and parsed, on all cores.
    fn parsed(self) -> Changed<ReadFile> {
        Changed {
            changed: self.changed,
            old: crate::par::map(self.old, read_file),
            new: crate::par::map(self.new, read_file),
            new_skipped: self.new_skipped,
        }
    }
}

/// The pure half of [`History::compare_parts`]: both sides' changed files, parsed, compared.
/// With `rules` (today, for RM209), the new side is checked as well; without, it is only put
/// together: `log` shows no finding, and checking them was 4% of its instructions.
fn compare_read(
    read: Changed<ReadFile>,
    old: &Listed,
    new: &Listed,
    rules: Option<Clock>,
) -> (Diff, Analysis, bool) {
    let Changed {
        changed,
        old: old_read,
        new: new_read,
        new_skipped,
    } = read;
    let mut new_paths: BTreeMap<String, String> = new_read
        .iter()
        .map(|f| (f.path().to_owned(), f.rel.clone()))
        .collect();
    new_paths.extend(
        new_skipped
            .iter()
            .map(|(rel, f)| (f.path.clone(), rel.clone())),
    );
    let old_rm = model_of(old_read);
    let mut found: Vec<Finding> = new_skipped.iter().map(|(_, f)| f.clone()).collect();
    found.extend(new.findings.iter().cloned());
    let new_analysis = match rules {
        Some(today) => analyze_read(new_read, found, today),
        None => Analysis::unchecked(model_of(new_read)),
    };
    let new_rm = &new_analysis.roadmap;
    let parsed: BTreeSet<&str> = new_rm.items.iter().map(|i| i.path.as_str()).collect();
    let mut unreadable: BTreeSet<String> = new_paths
        .iter()
        .filter(|(path, rel)| {
            changed.contains(*rel) && *rel != PLAN_FILE && !parsed.contains(path.as_str())
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
    let mut d = diff::diff(&old_rm, new_rm, &old_unreadable);
    d.unreadable = unreadable.into_iter().collect();
    (d, new_analysis, changed.contains(PLAN_FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = include_str!("../roadmap/items/1-1-1.toml");

    /// The shipped item 1-1-1 under another title: a version of its file.
    fn text(title: &str) -> Vec<u8> {
        ITEM.replacen("職場の上司によるキャリア支援", title, 1)
            .into_bytes()
    }

    fn raw(rel: &str, bytes: &[u8]) -> RawFile {
        RawFile {
            path: format!("roadmap/{rel}"),
            rel: rel.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A side holding `files`, each `(path, blob id)`.
    fn side(files: &[(&str, &str)]) -> Listed {
        let entry = |oid: &str| TreeEntry {
            mode: "100644".into(),
            kind: "blob".into(),
            oid: oid.to_owned(),
            size: None,
        };
        Listed {
            side: Side::default(),
            dir: PathBuf::from("roadmap"),
            files: (files.iter())
                .map(|(rel, oid)| ((*rel).to_owned(), Entry::Blob(entry(oid))))
                .collect(),
            findings: Vec::new(),
            items_unreadable: false,
            absent: false,
            partial: None,
        }
    }

    /// A file's change: its path, the old blob and its bytes, the new blob and its bytes.
    type Change<'a> = (&'a str, &'a str, &'a [u8], &'a str, &'a [u8]);

    /// A commit that makes `changes`.
    fn commit(changes: &[Change]) -> LogSides<RawFile> {
        let c = LogCommit::default();
        let old = side(&changes.iter().map(|c| (c.0, c.1)).collect::<Vec<_>>());
        let new = side(&changes.iter().map(|c| (c.0, c.3)).collect::<Vec<_>>());
        let changed = Changed {
            changed: changes.iter().map(|c| c.0.to_owned()).collect(),
            old: changes.iter().map(|c| raw(c.0, c.2)).collect(),
            new: changes.iter().map(|c| raw(c.0, c.4)).collect(),
            new_skipped: Vec::new(),
        };
        (c, old, new, changed)
    }

    fn shown(files: &[ReadFile]) -> Vec<String> {
        files.iter().map(|f| format!("{f:?}")).collect()
    }

    /// Each side as [`read_file`] parses it.
    fn expected(changes: &[(&str, &[u8], &[u8])]) -> (Vec<String>, Vec<String>) {
        let parse =
            |files: Vec<RawFile>| shown(&files.into_iter().map(read_file).collect::<Vec<_>>());
        let old = parse(changes.iter().map(|c| raw(c.0, c.1)).collect());
        let new = parse(changes.iter().map(|c| raw(c.0, c.2)).collect());
        (old, new)
    }

    /// `log` parses a version once for the commit that replaces it and the older one that brought
    /// it in, across chunks, keyed by path as well as blob (a copy under another name parses to
    /// another item), and through a revert (a version brought in twice).
    #[test]
    fn a_version_is_parsed_once_and_parses_as_it_would_alone() {
        const X: &str = "items/1-1-1.toml";
        const COPY: &str = "items/1-1-9.toml";
        let (v0, v1, v2) = (text("版0"), text("版1"), text("版2"));
        let mut versions = Versions::default();
        let sides = |parsed: &LogSides<ReadFile>| (shown(&parsed.3.old), shown(&parsed.3.new));

        // Newest first: X goes from v1 to v2, and v1 is copied under another name.
        let first = versions.parse(vec![commit(&[
            (X, "b1", &v1, "b2", &v2),
            (COPY, "b0", &v0, "b1", &v1),
        ])]);
        let want = expected(&[(X, &v1, &v2), (COPY, &v0, &v1)]);
        assert_eq!(sides(&first[0]), want);
        let kept = |versions: &Versions, oid: &str, rel: &str| {
            versions
                .kept
                .contains_key(&(oid.to_owned(), rel.to_owned()))
        };
        assert!(kept(&versions, "b1", X), "the replaced version waits");
        assert!(
            !kept(&versions, "b1", COPY),
            "a version brought in is let go"
        );

        // The next chunk: the commit that brought v1 in. Its bytes here are not v1's, so the
        // version it shows is the one parsed before, not parsed again.
        let lie = text("読み直した版");
        let second = versions.parse(vec![commit(&[(X, "b0", &v0, "b1", &lie)])]);
        assert_eq!(sides(&second[0]), expected(&[(X, &v0, &v1)]));
        assert!(!kept(&versions, "b1", X));
        assert!(kept(&versions, "b0", X));

        // A revert in one chunk: v0 → v1 → v0 → v2, newest first.
        let chunk = vec![
            commit(&[(X, "b0", &v0, "b2", &v2)]),
            commit(&[(X, "b1", &v1, "b0", &v0)]),
            commit(&[(X, "b0", &v0, "b1", &v1)]),
        ];
        let parsed = versions.parse(chunk);
        let want = [(&v0, &v2), (&v1, &v0), (&v0, &v1)];
        for (got, (old, new)) in parsed.iter().zip(want) {
            assert_eq!(sides(got), expected(&[(X, old, new)]));
        }
    }
}
