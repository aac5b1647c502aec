//! Completions that know the roadmap: item, milestone and indicator ids, states, themes and
//! categories, read from the roadmap directory at the moment `<Tab>` is pressed.
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
use crate::text::one_line;

/// Longest help text shown next to a candidate, in display columns.
const HELP_WIDTH: usize = 50;
/// Items' titles are read (one file each) only when this few match what is typed.
const TITLED_ITEMS: usize = 40;

/// What is being completed: the word typed so far, the words before it (the line is the process's
/// arguments after `--`: `roadmap -- roadmap status 1-`) and the roadmap directory they name.
fn context(current: &OsStr) -> Option<(&str, Vec<OsString>, PathBuf)> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let at = args.iter().position(|a| a == "--").map_or(0, |i| i + 1);
    let mut words = args.get(at..)?.to_vec();
    words.pop();
    let dir = super::typed_dir(&words, &std::env::current_dir().ok()?);
    Some((current.to_str()?, words, dir))
}

/// The plan and the items named (with the items they refer to), read through `history` like
/// every command's; nothing when the roadmap cannot be read.
fn roadmap(dir: &Path, ids: &[ItemId]) -> Roadmap {
    let analysis = History::new(dir, dir).analyze_items(ids, super::now());
    analysis.map(|a| a.roadmap).unwrap_or_default()
}

/// The (value, help) pairs whose value starts with what is typed, as candidates.
fn matching(typed: &str, pairs: Vec<(String, String)>) -> Vec<CompletionCandidate> {
    let shown = |help: &str| crate::text::truncate(&one_line(help), HELP_WIDTH).into_owned();
    pairs
        .into_iter()
        .filter(|(value, _)| value.starts_with(typed))
        .map(|(value, help)| CompletionCandidate::new(value).help(Some(shown(&help).into())))
        .collect()
}

/// `status <ID>`, `record … <ITEM>`, `log <ITEM>`, `form --item`: the item files' ids, in id
/// order; titles when few match.
pub fn items(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some((typed, _, dir)) = context(current) else {
        return Vec::new();
    };
    let mut ids = History::new(&dir, &dir).item_ids();
    ids.retain(|(_, stem)| stem.starts_with(typed));
    let few = ids.len() <= TITLED_ITEMS;
    let titled = roadmap(
        &dir,
        &ids.iter().filter(|_| few).map(|x| x.0).collect::<Vec<_>>(),
    );
    let title = |id| {
        titled
            .item(&id)
            .map_or(String::new(), |i| i.title.value.clone())
    };
    matching(
        typed,
        ids.into_iter()
            .map(|(id, stem)| (stem, title(id)))
            .collect(),
    )
}

/// Candidates from the item typed before the current word (the last word that names an item
/// file): `ids` lists its (id, help) pairs.
fn of_typed_item(
    current: &OsStr,
    ids: fn(&Item) -> Vec<(String, String)>,
) -> Vec<CompletionCandidate> {
    let Some((typed, words, dir)) = context(current) else {
        return Vec::new();
    };
    let named: Vec<ItemId> = words
        .iter()
        .filter_map(|w| ItemId::parse(w.to_str()?))
        .collect();
    let read = roadmap(&dir, &named);
    let item = named.iter().rev().find_map(|id| read.item(id));
    matching(typed, item.map(ids).unwrap_or_default())
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
    let done = typed
        .rsplit_once(',')
        .map_or(String::new(), |(d, _)| format!("{d},"));
    let lang = super::values::lang();
    let overdue = ("overdue", lang.msg(&crate::i18n::Msg::OverdueStates));
    let codes = State::ALL
        .into_iter()
        .map(|s| (s.as_str(), lang.state(s).to_owned()));
    let pairs = codes
        .chain([overdue])
        .map(|(code, label)| (format!("{done}{code}"), label));
    matching(typed, pairs.collect())
}

/// `--theme`: the plan's cross-cutting themes.
pub fn themes(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some((typed, _, dir)) = context(current) else {
        return Vec::new();
    };
    let themes = roadmap(&dir, &[]).plan.themes;
    let pairs = themes
        .into_iter()
        .map(|t| (t.id.value.to_string(), t.title.value));
    matching(typed.trim_start_matches('※'), pairs.collect())
}

/// `--category`: every level of the plan's grouping, as paths.
pub fn categories(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some((typed, _, dir)) = context(current) else {
        return Vec::new();
    };
    let plan = roadmap(&dir, &[]).plan;
    let mut paths = plan.group_paths();
    paths.sort();
    let pairs = paths
        .into_iter()
        .map(|(id, title)| (id.to_string(), title.to_owned()));
    matching(typed, pairs.collect())
}
