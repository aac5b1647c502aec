//! Reading a roadmap directory from disk, defensively: a missing directory, links that leave the
//! directory or loop, special files and oversized files become findings, never a hang or a panic.
//!
//! This is the only place that reads roadmap files from the file system; `git.rs` reads them from
//! revisions. Both produce [`RawFile`]s for [`crate::analyze`].
//!
//! [`RawFile`]: crate::source::RawFile

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Finding};
use crate::i18n::{Cause, Msg};
use crate::source::{RawFile, max_bytes};

/// The plan file's name inside a roadmap directory.
pub const PLAN_FILE: &str = "roadmap.toml";
/// The folder of item files inside a roadmap directory.
pub const ITEMS_DIR: &str = "items";

/// What a roadmap directory holds: its files, and findings met reading it.
#[derive(Debug, Default)]
pub struct DirRead {
    pub files: Vec<RawFile>,
    pub findings: Vec<Finding>,
    /// `items/` could not be read (missing, a link leading out, not a directory): the items it
    /// held are unknown, not removed.
    pub items_unreadable: bool,
}

/// Reads `roadmap.toml` and `items/*.toml` (sorted by name). A missing or unreadable directory is an
/// error (exit 2); problems with single files are findings. `items/` must be a real directory (a
/// link to it is RM006, as in a git revision); a link to a file must stay inside the roadmap
/// directory. `shown` is the directory as users are shown
/// it (relative to the repository root): file paths in findings start with it.
pub fn read_dir(dir: &Path, shown: &Path) -> anyhow::Result<DirRead> {
    read(dir, shown, None)
}

/// Reads `roadmap.toml` and only the items named (by id; an absent one is left out, not a
/// finding): what one item's view needs, at the cost of the files it names, not the directory.
pub fn read_some(dir: &Path, shown: &Path, ids: &[String]) -> anyhow::Result<DirRead> {
    read(dir, shown, Some(ids))
}

/// [`read_dir`], or with `only`, [`read_some`].
fn read(dir: &Path, shown: &Path, only: Option<&[String]>) -> anyhow::Result<DirRead> {
    let shown_dir = show(shown);
    let shown_of = |rel: &str| show(&shown.join(rel));
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(Msg::NotADirectory { dir: shown_dir }.into()),
        Err(e) => {
            return Err(Msg::CannotReadDir {
                dir: shown_dir,
                cause: e.into(),
            }
            .into());
        }
    }
    let root = dir.canonicalize().map_err(|_| Msg::CannotResolve {
        path: shown_dir.clone(),
    })?;
    let mut out = DirRead::default();
    let plan = dir.join(PLAN_FILE);
    // Neither file nor folder: the wrong directory (exit 2), not a roadmap with two findings.
    let absent = |p: &Path| fs::symlink_metadata(p).is_err();
    if absent(&plan) && absent(&dir.join(ITEMS_DIR)) {
        return Err(Msg::NotARoadmap { dir: shown_dir }.into());
    }
    match read_file(&root, &plan, PLAN_FILE, shown_of(PLAN_FILE), false) {
        Ok(Some(raw)) => out.files.push(raw),
        Ok(None) => out.findings.push(Finding::new(
            Code::MissingFile,
            shown_of(PLAN_FILE),
            None,
            Msg::NoPlanFile {
                dir: shown_dir.clone(),
            },
        )),
        Err(f) => out.findings.push(*f),
    }
    let items = dir.join(ITEMS_DIR);
    // `items/` is a real directory, on disk as in a revision (where links are never followed):
    // a linked one could lead anywhere, and would read differently in git.
    if is_link(&items) {
        let shown = shown_of(ITEMS_DIR);
        out.findings
            .push(Finding::new(Code::Symlink, shown, None, Msg::ItemsIsLink));
        out.items_unreadable = true;
        return Ok(out);
    }
    let listed = match only {
        None => toml_names(&items),
        Some(ids) => {
            let mut names: Vec<(OsString, bool)> = ids
                .iter()
                .map(|id| (OsString::from(format!("{id}.toml")), false))
                .collect();
            names.sort();
            Ok(names)
        }
    };
    match listed {
        Ok(names) => {
            // The files are read on all cores: reading 10,000 files is mostly system time,
            // which a second core halves.
            // The folder's shown path is made once: a listed name is one plain component.
            let shown_items = shown_of(ITEMS_DIR);
            let read = crate::par::map(names, |(name, listed_file)| {
                let Some(utf8) = name.to_str() else {
                    // Not a key anyone can name, and two such names could read the same.
                    let shown = format!("{shown_items}/{}", escaped_name(&name));
                    let f = Finding::new(Code::Encoding, shown, None, Msg::FileNameNotUtf8);
                    return Err(Box::new(f));
                };
                let rel = [ITEMS_DIR, "/", utf8].concat();
                let shown = [shown_items.as_str(), "/", utf8].concat();
                read_file(&root, &items.join(&name), &rel, shown, listed_file)
            });
            for r in read {
                match r {
                    Ok(Some(raw)) => out.files.push(raw),
                    Ok(None) => {}
                    Err(f) => out.findings.push(*f),
                }
            }
        }
        Err(e) => {
            out.items_unreadable = true;
            out.findings.push(Finding::new(
                Code::MissingFile,
                shown_of(ITEMS_DIR),
                None,
                Msg::CannotReadItemsDir { cause: e.into() },
            ));
        }
    }
    Ok(out)
}

/// The `.toml` names in `items/`, sorted: the one listing of the folder.
fn toml_names(items: &Path) -> std::io::Result<Vec<(OsString, bool)>> {
    let mut names: Vec<(OsString, bool)> = fs::read_dir(items)?
        .filter_map(Result::ok)
        .filter(|e| {
            Path::new(&e.file_name())
                .extension()
                .is_some_and(|x| x == "toml")
        })
        // Whether the listing says it is a regular file (no system call where the file system
        // tells, as most do).
        .map(|e| (e.file_name(), e.file_type().is_ok_and(|t| t.is_file())))
        .collect();
    names.sort();
    Ok(names)
}

/// The stems of the item files (`1-2-3` for `items/1-2-3.toml`), sorted, without reading the
/// files: what completion offers. Nothing when `items/` cannot be listed.
pub fn item_stems(dir: &Path) -> Vec<String> {
    let items = dir.join(ITEMS_DIR);
    if is_link(&items) {
        return Vec::new();
    }
    let names = toml_names(&items).unwrap_or_default();
    names
        .into_iter()
        .filter_map(|(n, _)| Some(n.into_string().ok()?.strip_suffix(".toml")?.to_owned()))
        .collect()
}

/// A file name that is not UTF-8, with its invalid bytes as `\xNN`.
fn escaped_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        crate::text::escape_bytes(name.as_bytes())
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// What [`open_no_follow`] found at a path.
pub(crate) enum Opened {
    File(fs::File),
    /// A link, not followed.
    Link,
}

/// Opens a file for reading unless it is a link; should it have become a FIFO since it was
/// listed, it opens without waiting for a writer (and is then refused).
#[cfg(unix)]
pub(crate) fn open_no_follow(path: &Path) -> std::io::Result<Opened> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY;
    match fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
    {
        Ok(f) => Ok(Opened::File(f)),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Ok(Opened::Link),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
pub(crate) fn open_no_follow(path: &Path) -> std::io::Result<Opened> {
    if is_link(path) {
        return Ok(Opened::Link);
    }
    fs::File::open(path).map(Opened::File)
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A link at `path` must lead inside `root` (and not loop); anything else passes.
fn link_stays_inside(root: &Path, path: &Path, shown: &str) -> Result<(), Box<Finding>> {
    if !is_link(path) {
        return Ok(());
    }
    let target = fs::canonicalize(path).map_err(|e| {
        let msg = if e.raw_os_error() == Some(40) {
            Msg::SymlinkLoops
        } else {
            Msg::SymlinkBroken { cause: e.into() }
        };
        Box::new(Finding::new(Code::Symlink, shown, None, msg))
    })?;
    if target.starts_with(root) {
        Ok(())
    } else {
        Err(Box::new(Finding::new(
            Code::Symlink,
            shown,
            None,
            Msg::SymlinkOutside {
                target: target.display().to_string(),
            },
        )))
    }
}

/// Reads one file; `Ok(None)` when it does not exist or is a directory. `listed_file`: the
/// directory listing said it is a regular file.
fn read_file(
    root: &Path,
    path: &Path,
    rel: &str,
    shown: String,
    listed_file: bool,
) -> Result<Option<RawFile>, Box<Finding>> {
    let io = |e: std::io::Error| {
        let cause = e.into();
        Box::new(Finding::new(
            Code::Io,
            &shown,
            None,
            Msg::CannotReadFile { cause },
        ))
    };
    let linked = || -> Result<_, Box<Finding>> {
        link_stays_inside(root, path, &shown)?;
        Ok((None, fs::metadata(path).map_err(io)?))
    };
    // A name the listing says is a regular file is opened at once (without following a link,
    // without waiting on a FIFO) and what it is is asked of the open file: one path lookup, not
    // two. Any other name is looked at first, so a FIFO or a device is never opened.
    let (file, meta) = if listed_file {
        match open_no_follow(path) {
            Ok(Opened::File(f)) => {
                let meta = f.metadata().map_err(io)?;
                (Some(f), meta)
            }
            Ok(Opened::Link) => linked()?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(e)),
        }
    } else {
        match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => linked()?,
            Ok(m) => (None, m),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(e)),
        }
    };
    if meta.is_dir() {
        return Ok(None);
    }
    if !meta.is_file() {
        // A FIFO or device would block or never end.
        return Err(Box::new(Finding::new(
            Code::Io,
            &shown,
            None,
            Msg::NotRegularFile,
        )));
    }
    let max = max_bytes(rel);
    if meta.len() > max {
        let msg = Msg::FileTooLarge {
            bytes: meta.len(),
            max,
        };
        return Err(Box::new(Finding::new(Code::TooLarge, &shown, None, msg)));
    }
    let file = match file {
        Some(f) => f,
        None => fs::File::open(path).map_err(io)?,
    };
    // The file as its metadata found it (at most the cap): read to that length, without a
    // last read to see the end (a tenth of the system calls of a large roadmap).
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(meta.len()).read_to_end(&mut bytes).map_err(io)?;
    Ok(Some(RawFile {
        path: shown,
        rel: rel.to_owned(),
        bytes,
    }))
}

/// Whether a path inside the roadmap directory (`/`-separated) is one the loader reads:
/// `roadmap.toml` or `items/<name>.toml`.
/// The most a spreadsheet given to `roadmap import` may hold: a form is a few hundred KiB.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file named on the command line (a form to import): a regular file, up to
/// [`MAX_INPUT_BYTES`].
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    let shown = show(path);
    let cannot = |cause: Cause| Msg::CannotReadPath {
        path: shown.clone(),
        cause,
    };
    let meta = fs::metadata(path).map_err(|e| cannot(e.into()))?;
    if !meta.is_file() {
        return Err(Msg::NotARegularFile { path: shown }.into());
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Msg::FileTooLarge {
            bytes: meta.len(),
            max: MAX_INPUT_BYTES,
        }
        .into());
    }
    Ok(fs::read(path).map_err(|e| cannot(e.into()))?)
}

pub fn is_roadmap_file(rel: &str) -> bool {
    rel == PLAN_FILE
        || rel
            .strip_prefix(ITEMS_DIR)
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(|name| !name.contains('/') && name.ends_with(".toml"))
}

/// Finds the roadmap directory the way git finds a repository: from `cwd` upwards, a directory
/// that is one (it holds `roadmap.toml` and `items/`: standing inside it) or that holds
/// `roadmap/roadmap.toml`, up to the repository's root (the directory with `.git`).
pub fn discover(cwd: &Path) -> Option<PathBuf> {
    for d in cwd.ancestors() {
        if d.join(PLAN_FILE).is_file() && d.join(ITEMS_DIR).is_dir() {
            return Some(d.to_owned());
        }
        let below = d.join("roadmap");
        if below.join(PLAN_FILE).is_file() {
            return Some(below);
        }
        if d.join(".git").exists() {
            break;
        }
    }
    None
}

/// How to show a roadmap directory to users: relative to the root of the git repository it is
/// in (what GitHub annotations and editors need, whatever the current directory), else as given.
pub fn shown_dir(dir: &Path, cwd: &Path) -> PathBuf {
    let Ok(abs) = cwd.join(dir).canonicalize() else {
        return dir.to_owned();
    };
    let root = abs.ancestors().find(|d| d.join(".git").exists());
    // Outside a repository: relative to the current directory when below it.
    let base = root
        .map(Path::to_owned)
        .or_else(|| cwd.canonicalize().ok().filter(|c| abs.starts_with(c)));
    match base.as_deref().and_then(|r| abs.strip_prefix(r).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel.to_owned(),
        None => dir.to_owned(),
    }
}

/// The language a plan names (`lang = "ja"`), read before anything else so that even usage errors
/// are worded in it; `None` when there is no readable plan or it names none.
pub fn plan_lang(dir: &Path) -> Option<String> {
    let path = dir.join(PLAN_FILE);
    let meta = fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > max_bytes(PLAN_FILE) {
        return None;
    }
    let text = fs::read_to_string(&path).ok()?;
    let text = text.trim_start_matches('\u{feff}');
    // `lang` is a key of the root table, which ends where the first table starts: only that part
    // is parsed (a large roadmap's plan is mostly its groups, and this runs before every
    // command). A cut that falls inside a value does not parse, and then the whole file is.
    let root = text
        .match_indices('\n')
        .map(|(at, _)| at + 1)
        .find(|&at| {
            text.get(at..)
                .is_some_and(|rest| rest.trim_start().starts_with('['))
        })
        .map_or(text, |at| text.get(..at).unwrap_or(text));
    let lang = |text: &str| {
        let table = toml::de::DeTable::parse(text).ok()?;
        let lang = table.get_ref().get("lang");
        Some(lang.and_then(|v| v.get_ref().as_str()).map(str::to_owned))
    };
    lang(root).or_else(|| lang(text)).flatten()
}

/// A path as shown to users: as given, with `./` dropped.
pub fn show(path: &Path) -> String {
    let p: PathBuf = path.components().filter(|c| c.as_os_str() != ".").collect();
    // The current directory is `.`, not an empty name.
    if p.as_os_str().is_empty() {
        return ".".to_owned();
    }
    p.display().to_string()
}

#[cfg(test)]
mod tests {
    /// `plan_lang` of a plan with `text` as its `roadmap.toml`.
    fn lang_of(text: &str) -> Option<String> {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(super::PLAN_FILE), text).expect("plan");
        super::plan_lang(dir.path())
    }

    #[test]
    fn plan_lang_reads_the_root_table() {
        let groups = "[[groups]]\nid = \"1\"\ntitle = \"x\"\n".repeat(3);
        assert_eq!(
            lang_of(&format!("lang = \"en\"\n\n{groups}")),
            Some("en".into())
        );
        assert_eq!(lang_of(&format!("\u{feff}title = \"t\"\n{groups}")), None);
        // A line that starts with `[` inside a value: the cut does not parse, the whole file does.
        let nested = "lang = \"en\"\nrows = [\n[1, 2],\n]\n";
        assert_eq!(lang_of(&format!("{nested}{groups}")), Some("en".into()));
        let late = "title = \"\"\"\n[not a table]\n\"\"\"\nlang = \"ja\"\n";
        assert_eq!(lang_of(&format!("{late}{groups}")), Some("ja".into()));
        // `lang` inside a table is not the plan's.
        assert_eq!(lang_of("[period]\nlang = \"en\"\n"), None);
        // A plan broken below its root table still says which language its user reads.
        assert_eq!(lang_of("lang = \"en\"\n[broken"), Some("en".into()));
        assert_eq!(lang_of("lang = \"en\n"), None);
    }
}
