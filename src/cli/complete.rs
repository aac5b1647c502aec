//! Completions that know the roadmap: item, milestone and indicator ids, states, themes and
//! categories, read from the roadmap directory at the moment <Tab> is pressed.
//!
//! This is clap_complete's dynamic completion: the shell calls `roadmap` itself with `COMPLETE` set
//! (`source <(COMPLETE=bash roadmap)` registers it), and clap asks the functions below for the
//! values of an argument. They see only the word being completed, so the roadmap directory and the
//! item a milestone belongs to are read from the command line as typed (the process's arguments
//! are that line). Completion never fails: a roadmap that cannot be read completes nothing.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use clap_complete::engine::CompletionCandidate;

use crate::history::History;
use crate::model::{Item, ItemId, Roadmap};
use crate::status::State;

/// Longest help text shown next to a candidate, in display columns.
const HELP_WIDTH: usize = 50;
/// Items' titles are read (one file each) only when this few match what is typed.
const TITLED_ITEMS: usize = 40;

/// The command line being completed: the words after `--` (`roadmap -- roadmap status 1-`).
fn words() -> Vec<OsString> {
    let args: Vec<OsString> = std::env::args_os().collect();
    match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].to_vec(),
        None => args,
    }
}

/// The roadmap directory the completed command will read: its `--dir`, else `ROADMAP_DIR`, else
/// found from the current directory.
fn dir(words: &[OsString]) -> Option<PathBuf> {
    let mut it = words.iter().filter_map(|w| w.to_str());
    while let Some(w) = it.next() {
        if w == "--dir" {
            return it.next().map(PathBuf::from);
        }
        if let Some(d) = w.strip_prefix("--dir=") {
            return Some(PathBuf::from(d));
        }
    }
    if let Some(d) = std::env::var_os("ROADMAP_DIR") {
        return Some(PathBuf::from(d));
    }
    crate::load::discover(&std::env::current_dir().ok()?)
}

/// The plan and the items named (with the items they refer to), read through `history` like
/// every command's; nothing when the roadmap cannot be read.
fn roadmap(dir: &Path, ids: &[ItemId]) -> Option<Roadmap> {
    let analysis = History::new(dir, dir).analyze_items(ids, super::now());
    analysis.ok().map(|a| a.roadmap)
}

fn candidate(value: impl Into<OsString>, help: &str) -> CompletionCandidate {
    let help = crate::text::one_line(help);
    let help = crate::text::truncate(&help, HELP_WIDTH).into_owned();
    CompletionCandidate::new(value.into()).help(Some(help.into()))
}

/// `status <ID>`, `record … <ITEM>`, `log <ITEM>`, `form --item`: the item files' ids, in id
/// order; titles when few match.
pub fn items(current: &OsStr) -> Vec<CompletionCandidate> {
    let (Some(typed), Some(dir)) = (current.to_str(), dir(&words())) else {
        return Vec::new();
    };
    let mut ids = History::new(&dir, &dir).item_ids();
    ids.retain(|(_, stem)| stem.starts_with(typed));
    let titled = (ids.len() <= TITLED_ITEMS)
        .then(|| roadmap(&dir, &ids.iter().map(|(id, _)| *id).collect::<Vec<_>>()))
        .flatten();
    ids.into_iter()
        .map(|(id, stem)| {
            let item = titled.as_ref().and_then(|r| r.item(&id));
            candidate(stem, item.map_or("", |i| &i.title.value))
        })
        .collect()
}

/// The item this argument belongs to: the last word before the current one that names an item
/// file.
fn typed_item(dir: &Path) -> Option<Item> {
    let words = words();
    let before = words.get(..words.len().saturating_sub(1))?;
    let ids: Vec<ItemId> = before
        .iter()
        .filter_map(|w| ItemId::parse(w.to_str()?))
        .collect();
    let roadmap = roadmap(dir, &ids)?;
    ids.iter().rev().find_map(|id| roadmap.item(id).cloned())
}

/// Candidates from the item typed before the current word: `ids` lists its (id, help) pairs.
fn of_typed_item(
    current: &OsStr,
    ids: impl Fn(&Item) -> Vec<(String, String)>,
) -> Vec<CompletionCandidate> {
    let (Some(typed), Some(dir)) = (current.to_str(), dir(&words())) else {
        return Vec::new();
    };
    let Some(item) = typed_item(&dir) else {
        return Vec::new();
    };
    ids(&item)
        .into_iter()
        .filter(|(id, _)| id.starts_with(typed))
        .map(|(id, help)| candidate(id, &help))
        .collect()
}

/// A milestone of the item typed before it.
pub fn milestones(current: &OsStr) -> Vec<CompletionCandidate> {
    of_typed_item(current, |item| {
        let ms = item.milestones.iter();
        ms.map(|m| (m.id.value.clone(), m.text.value.clone()))
            .collect()
    })
}

/// An indicator of the item typed before it.
pub fn indicators(current: &OsStr) -> Vec<CompletionCandidate> {
    of_typed_item(current, |item| {
        let is = item.indicators.iter();
        is.map(|i| (i.id.value.clone(), i.name.value.clone()))
            .collect()
    })
}

/// `--state`: the states' codes (and `overdue`), after any already typed before a comma.
pub fn states(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(typed) = current.to_str() else {
        return Vec::new();
    };
    let (done, last) = match typed.rsplit_once(',') {
        Some((done, last)) => (format!("{done},"), last),
        None => (String::new(), typed),
    };
    let lang = super::values::lang();
    let overdue = lang.msg(&crate::i18n::Msg::OverdueStates);
    State::ALL
        .into_iter()
        .map(|s| (s.as_str(), lang.state(s).to_owned()))
        .chain([("overdue", overdue)])
        .filter(|(code, _)| code.starts_with(last))
        .map(|(code, label)| candidate(format!("{done}{code}"), &label))
        .collect()
}

/// `--theme`: the plan's cross-cutting themes.
pub fn themes(current: &OsStr) -> Vec<CompletionCandidate> {
    let (Some(typed), Some(dir)) = (current.to_str(), dir(&words())) else {
        return Vec::new();
    };
    let typed = typed.trim_start_matches('※');
    let Some(Roadmap { plan, .. }) = roadmap(&dir, &[]) else {
        return Vec::new();
    };
    plan.themes
        .iter()
        .map(|t| (t.id.value.to_string(), &t.title.value))
        .filter(|(n, _)| n.starts_with(typed))
        .map(|(n, title)| candidate(n, title))
        .collect()
}

/// `--category`: every level of the plan's grouping, as paths.
pub fn categories(current: &OsStr) -> Vec<CompletionCandidate> {
    let (Some(typed), Some(dir)) = (current.to_str(), dir(&words())) else {
        return Vec::new();
    };
    let Some(Roadmap { plan, .. }) = roadmap(&dir, &[]) else {
        return Vec::new();
    };
    let mut paths: Vec<(ItemId, String)> = Vec::new();
    for c in &plan.categories {
        paths.push((ItemId::from_parts(&[c.number.value]), c.title.value.clone()));
        for s in &c.subcategories {
            let id = ItemId::from_parts(&[c.number.value, s.number.value]);
            paths.push((id, s.title.value.clone()));
        }
    }
    for g in &plan.groups {
        paths.push((g.id.value, g.title.value.clone()));
    }
    paths.sort();
    paths
        .into_iter()
        .map(|(id, title)| (id.to_string(), title))
        .filter(|(id, _)| id.starts_with(typed))
        .map(|(id, title)| candidate(id, &title))
        .collect()
}
