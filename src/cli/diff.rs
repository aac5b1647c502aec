//! `roadmap diff`: what changed in meaning between two revisions (or a revision and the working
//! tree, or two directories). Only files whose contents differ are parsed for the comparison; the
//! new side is then validated as a whole.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::Global;
use crate::diagnostic::Finding;
use crate::diff::{self, Diff, Side};
use crate::git::{Repo, TreeEntry};
use crate::load::PLAN_FILE;
use crate::render;
use crate::source::RawFile;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap diff                      HEAD vs the working tree (what you are about to commit)
  roadmap diff main                 main vs the working tree
  roadmap diff main HEAD            main vs HEAD (also: main..HEAD)
  roadmap diff origin/main...HEAD   from the merge base, as a pull request does
  roadmap diff --no-index old/ new/ two roadmap directories

Exit status: 0 (or 1 with --exit-code / --fail-on when the condition holds), 2 on errors.")]
pub struct DiffArgs {
    /// Revisions to compare: none, BASE, BASE HEAD, BASE..HEAD or BASE...HEAD; with --no-index, two
    /// roadmap directories
    #[arg(value_name = "REV", num_args = 0..=2)]
    revs: Vec<String>,
    /// Compare two roadmap directories instead of git revisions
    #[arg(long)]
    no_index: bool,
    /// Output format; `markdown` is a pull-request comment
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when there are semantic changes (like `git diff --exit-code`)
    #[arg(long)]
    exit_code: bool,
    /// Exit 1 when a milestone slipped (`slip`) or the new side does not validate (`invalid`)
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Vec<FailOn>,
    /// Do not validate the new side (faster on large roadmaps)
    #[arg(long)]
    no_validate: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Human,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Slip,
    Invalid,
}

/// One side of the comparison, before reading.
#[derive(Debug)]
enum Spec {
    WorkTree,
    Rev(String),
    /// The merge base of two revisions (`A...B`).
    MergeBase(String, String),
    Dir(PathBuf),
}

/// A file of a side: a blob in git, or bytes already read.
#[derive(Debug)]
enum Entry {
    Blob(TreeEntry),
    Raw(RawFile),
}

/// A side, listed: its files by path inside the roadmap directory, and findings met listing them.
#[derive(Debug)]
struct Listed {
    side: Side,
    /// The roadmap directory as shown to users (file paths start with it).
    dir: PathBuf,
    files: BTreeMap<String, Entry>,
    findings: Vec<Finding>,
}

pub fn run(global: &Global, args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let (old, new) = specs(args)?;
    let mut repo = if args.no_index {
        None
    } else {
        Some(Repo::open(Path::new("."))?)
    };
    let old = list(&mut repo, &global.dir, old)?;
    let new = list(&mut repo, &global.dir, new)?;
    let as_of = global.as_of();
    let mut d = compare(&mut repo, &old, &new, as_of)?;
    if !args.no_validate {
        let raw = read_all(&mut repo, &new)?;
        let analysis = crate::analyze(raw, new.findings.clone(), as_of);
        d.validation = Some(diff::validation(&analysis));
    }
    let out = match args.format {
        Format::Human => render::diff::human(&d, &old.side, &new.side),
        Format::Markdown => {
            render::diff::markdown(&d, &old.side, &new.side, render::diff::MARKDOWN_LIMIT)
        }
        Format::Json => render::diff::json(&d, &old.side, &new.side),
    };
    super::stdout(&out)?;
    let slipped = d.summary.slips > 0;
    let invalid = d.validation.as_ref().is_some_and(|v| !v.ok);
    let fail = (args.exit_code && d.has_changes())
        || (args.fail_on.contains(&FailOn::Slip) && slipped)
        || (args.fail_on.contains(&FailOn::Invalid) && invalid);
    Ok(if fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The two sides the arguments name, following git's conventions.
fn specs(args: &DiffArgs) -> anyhow::Result<(Spec, Spec)> {
    let revs = &args.revs;
    if args.no_index {
        return match revs.as_slice() {
            [a, b] => Ok((Spec::Dir(a.into()), Spec::Dir(b.into()))),
            _ => bail!(
                "--no-index compares two directories: roadmap diff --no-index OLD_DIR NEW_DIR"
            ),
        };
    }
    let or_head = |s: &str| {
        if s.is_empty() {
            "HEAD".to_owned()
        } else {
            s.to_owned()
        }
    };
    Ok(match revs.as_slice() {
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
        _ => bail!("give at most two revisions"),
    })
}

/// A path as shown to users: `dir/rel`, exactly as the loader shows it (paths must match
/// between sides).
fn shown(dir: &Path, rel: &str) -> String {
    crate::load::show(&dir.join(rel))
}

fn list(repo: &mut Option<Repo>, dir: &Path, spec: Spec) -> anyhow::Result<Listed> {
    let (commit, label) = match spec {
        Spec::WorkTree | Spec::Dir(_) => {
            let (dir, label) = match spec {
                Spec::Dir(d) => {
                    let label = d.display().to_string();
                    (d, label)
                }
                _ => (dir.to_owned(), "working tree".to_owned()),
            };
            let (raw, findings) = crate::load::read_dir(&dir)?;
            let files = raw
                .into_iter()
                .map(|r| (r.rel.clone(), Entry::Raw(r)))
                .collect();
            return Ok(Listed {
                side: Side {
                    label,
                    commit: None,
                },
                dir,
                files,
                findings,
            });
        }
        Spec::Rev(rev) => {
            let Some(r) = repo.as_ref() else {
                bail!("revisions need a git repository");
            };
            (r.resolve(&rev)?, rev)
        }
        Spec::MergeBase(a, b) => {
            let Some(r) = repo.as_ref() else {
                bail!("revisions need a git repository");
            };
            let base = r.merge_base(&r.resolve(&a)?, &r.resolve(&b)?)?;
            (base, format!("merge base of {a}...{b}"))
        }
    };
    let Some(r) = repo.as_ref() else {
        bail!("revisions need a git repository");
    };
    let (tree, findings) = r.roadmap_tree(&commit, dir)?;
    let files = tree
        .into_iter()
        .map(|(rel, entry)| (rel, Entry::Blob(entry)))
        .collect();
    Ok(Listed {
        side: Side {
            label,
            commit: Some(commit),
        },
        dir: dir.to_owned(),
        files,
        findings,
    })
}

/// Reads the given files of a side (blobs through git, in one batch).
fn read(
    repo: &mut Option<Repo>,
    side: &Listed,
    rels: &BTreeSet<&str>,
) -> anyhow::Result<Vec<RawFile>> {
    let mut out = Vec::with_capacity(rels.len());
    let mut blobs: Vec<(&str, &str)> = Vec::new();
    for rel in rels {
        match side.files.get(*rel) {
            Some(Entry::Raw(r)) => out.push(r.clone()),
            Some(Entry::Blob(b)) => blobs.push((rel, &b.oid)),
            None => {}
        }
    }
    if !blobs.is_empty() {
        let Some(r) = repo.as_mut() else {
            bail!("revisions need a git repository");
        };
        let ids: Vec<&str> = blobs.iter().map(|(_, oid)| *oid).collect();
        for ((rel, _), bytes) in blobs.iter().zip(r.read_blobs(&ids)?) {
            out.push(RawFile {
                path: shown(&side.dir, rel),
                rel: (*rel).to_owned(),
                bytes,
            });
        }
    }
    Ok(out)
}

fn read_all(repo: &mut Option<Repo>, side: &Listed) -> anyhow::Result<Vec<RawFile>> {
    let rels: BTreeSet<&str> = side.files.keys().map(String::as_str).collect();
    read(repo, side, &rels)
}

/// The semantic diff: finds the files whose contents differ (by blob id where both sides are in
/// git, else by bytes), parses only those (and the plans, for the 大項目 titles) and compares.
fn compare(
    repo: &mut Option<Repo>,
    old: &Listed,
    new: &Listed,
    as_of: NaiveDate,
) -> anyhow::Result<Diff> {
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
        let a = read(repo, old, &by_bytes)?;
        let b = read(repo, new, &by_bytes)?;
        let b: BTreeMap<&str, &[u8]> = b.iter().map(|f| (f.rel.as_str(), &*f.bytes)).collect();
        for f in &a {
            if b.get(f.rel.as_str()) != Some(&&*f.bytes) {
                if let Some(rel) = by_bytes.get(f.rel.as_str()) {
                    changed.insert(rel);
                }
            }
        }
    }
    let mut wanted = changed.clone();
    wanted.insert(PLAN_FILE);
    let old_raw = read(repo, old, &wanted)?;
    let new_raw = read(repo, new, &wanted)?;
    let new_paths: BTreeMap<String, String> = new_raw
        .iter()
        .map(|f| (f.path.clone(), f.rel.clone()))
        .collect();
    let old_rm = crate::analyze(old_raw, Vec::new(), as_of).roadmap;
    let new_rm = crate::analyze(new_raw, Vec::new(), as_of).roadmap;
    let parsed: BTreeSet<&str> = new_rm.items.iter().map(|i| i.path.as_str()).collect();
    let mut unreadable: BTreeSet<String> = new_paths
        .iter()
        .filter(|(path, rel)| {
            changed.contains(rel.as_str()) && *rel != PLAN_FILE && !parsed.contains(path.as_str())
        })
        .map(|(path, _)| path.clone())
        .collect();
    if changed.contains(PLAN_FILE)
        && new.files.contains_key(PLAN_FILE)
        && new_rm.plan.path.is_empty()
    {
        unreadable.insert(shown(&new.dir, PLAN_FILE));
    }
    // The old items of files that are unreadable now are not reported as removed.
    let old_unreadable: BTreeSet<String> = unreadable
        .iter()
        .filter_map(|p| new_paths.get(p))
        .map(|rel| shown(&old.dir, rel))
        .collect();
    let mut d = diff::diff(&old_rm, &new_rm, &old_unreadable);
    d.unreadable = unreadable.into_iter().collect();
    Ok(d)
}
