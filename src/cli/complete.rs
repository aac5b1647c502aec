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

use crate::model::{Item, ItemId, Plan};
use crate::source::SourceFile;
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

fn read(path: &Path) -> Option<SourceFile> {
    let bytes = crate::load::read_input(path).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(SourceFile::new(path.display().to_string(), text))
}

fn plan(dir: &Path) -> Option<Plan> {
    crate::parse::plan(&read(&dir.join(crate::load::PLAN_FILE))?, &mut Vec::new())
}

fn item(dir: &Path, id: &str) -> Option<Item> {
    let path = dir.join(crate::load::ITEMS_DIR).join(format!("{id}.toml"));
    crate::parse::item(&read(&path)?, &mut Vec::new())
}

fn candidate(value: impl Into<OsString>, help: &str) -> CompletionCandidate {
    let help = crate::text::one_line(help);
    let help = crate::text::truncate(&help, HELP_WIDTH).into_owned();
    CompletionCandidate::new(value.into()).help(Some(help.into()))
}

/// The ids of the item files, in id order; titles when few match.
fn item_ids(dir: &Path, typed: &str) -> Vec<(ItemId, String)> {
    let Ok(entries) = std::fs::read_dir(dir.join(crate::load::ITEMS_DIR)) else {
        return Vec::new();
    };
    let mut ids: Vec<(ItemId, String)> = entries
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".toml")?.to_owned();
            let id = ItemId::parse(&stem)?;
            stem.starts_with(typed).then_some((id, stem))
        })
        .collect();
    ids.sort();
    ids
}

/// `status <ID>`, `record … <ITEM>`, `log <ITEM>`, `form --item`.
pub fn items(current: &OsStr) -> Vec<CompletionCandidate> {
    let (Some(typed), Some(dir)) = (current.to_str(), dir(&words())) else {
        return Vec::new();
    };
    let ids = item_ids(&dir, typed);
    let titled = ids.len() <= TITLED_ITEMS;
    ids.into_iter()
        .map(|(_, stem)| {
            let title = titled
                .then(|| item(&dir, &stem).map(|i| i.title.value))
                .flatten()
                .unwrap_or_default();
            candidate(stem, &title)
        })
        .collect()
}

/// The item this argument belongs to: the last word before the current one that names an item
/// file.
fn typed_item(dir: &Path) -> Option<Item> {
    let words = words();
    let before = words.get(..words.len().saturating_sub(1))?;
    before
        .iter()
        .rev()
        .filter_map(|w| w.to_str())
        .filter(|w| ItemId::parse(w).is_some())
        .find_map(|w| item(dir, w))
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
    let Some(plan) = plan(&dir) else {
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
    let Some(plan) = plan(&dir) else {
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
