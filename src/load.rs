//! Reading a roadmap directory from disk, defensively: a missing directory, links that leave the
//! directory or loop, special files and oversized files become findings, never a hang or a panic.
//!
//! This is the only place that reads roadmap files from the file system; `git.rs` reads them from
//! revisions. Both produce [`RawFile`]s for [`crate::analyze`].

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Finding};
use crate::i18n::Msg;
use crate::source::{MAX_FILE_BYTES, RawFile};

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
/// error (exit 2); problems with single files are findings. `items/` follows the rule of files: a
/// link to it must stay inside the roadmap directory.
pub fn read_dir(dir: &Path) -> anyhow::Result<DirRead> {
    let shown_dir = dir.display().to_string();
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(Msg::NotADirectory { dir: shown_dir }.into()),
        Err(e) => {
            return Err(Msg::CannotReadDir {
                dir: shown_dir,
                cause: e.to_string(),
            }
            .into());
        }
    }
    let root = dir.canonicalize().map_err(|_| Msg::CannotResolve {
        path: shown_dir.clone(),
    })?;
    let mut out = DirRead::default();
    let plan = dir.join(PLAN_FILE);
    match read_file(&root, &plan, PLAN_FILE) {
        Ok(Some(raw)) => out.files.push(raw),
        Ok(None) => out.findings.push(Finding::new(
            Code::MissingFile,
            show(&plan),
            None,
            Msg::NoPlanFile {
                dir: shown_dir.clone(),
            },
        )),
        Err(f) => out.findings.push(*f),
    }
    let items = dir.join(ITEMS_DIR);
    if let Err(f) = link_stays_inside(&root, &items) {
        out.findings.push(*f);
        out.items_unreadable = true;
        return Ok(out);
    }
    match fs::read_dir(&items) {
        Ok(entries) => {
            let mut names: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name())
                .filter(|n| Path::new(n).extension().is_some_and(|x| x == "toml"))
                .collect();
            names.sort();
            for name in names {
                let Some(utf8) = name.to_str() else {
                    // Not a key anyone can name, and two such names could read the same.
                    let shown = format!("{}/{}", show(&items), escaped_name(&name));
                    out.findings.push(Finding::new(
                        Code::Encoding,
                        shown,
                        None,
                        Msg::FileNameNotUtf8,
                    ));
                    continue;
                };
                let rel = format!("{ITEMS_DIR}/{utf8}");
                match read_file(&root, &items.join(&name), &rel) {
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
                show(&items),
                None,
                Msg::CannotReadItemsDir {
                    cause: e.to_string(),
                },
            ));
        }
    }
    Ok(out)
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

/// A link at `path` must lead inside `root` (and not loop); anything else passes.
fn link_stays_inside(root: &Path, path: &Path) -> Result<(), Box<Finding>> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let shown = show(path);
    let target = fs::canonicalize(path).map_err(|e| {
        let msg = if e.raw_os_error() == Some(40) {
            Msg::SymlinkLoops
        } else {
            Msg::SymlinkBroken {
                cause: e.to_string(),
            }
        };
        Box::new(Finding::new(Code::Symlink, &shown, None, msg))
    })?;
    if target.starts_with(root) {
        Ok(())
    } else {
        Err(Box::new(Finding::new(
            Code::Symlink,
            &shown,
            None,
            Msg::SymlinkOutside {
                target: target.display().to_string(),
            },
        )))
    }
}

/// Reads one file; `Ok(None)` when it does not exist or is a directory.
fn read_file(root: &Path, path: &Path, rel: &str) -> Result<Option<RawFile>, Box<Finding>> {
    let shown = show(path);
    let io = |e: std::io::Error| {
        let cause = e.to_string();
        Box::new(Finding::new(
            Code::Io,
            &shown,
            None,
            Msg::CannotReadFile { cause },
        ))
    };
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    if link.file_type().is_symlink() {
        link_stays_inside(root, path)?;
    }
    let meta = fs::metadata(path).map_err(io)?;
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
    if meta.len() > MAX_FILE_BYTES {
        let msg = Msg::FileTooLarge {
            bytes: meta.len(),
            max: MAX_FILE_BYTES,
        };
        return Err(Box::new(Finding::new(Code::TooLarge, &shown, None, msg)));
    }
    let mut bytes = Vec::new();
    // Read one byte past the cap in case the file grew since the metadata was taken.
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    Ok(Some(RawFile {
        path: shown,
        rel: rel.to_owned(),
        bytes,
    }))
}

/// Whether a path inside the roadmap directory (`/`-separated) is one the loader reads:
/// `roadmap.toml` or `items/<name>.toml`.
pub fn is_roadmap_file(rel: &str) -> bool {
    rel == PLAN_FILE
        || rel
            .strip_prefix(ITEMS_DIR)
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(|name| !name.contains('/') && name.ends_with(".toml"))
}

/// A path as shown to users: as given, with `./` dropped.
pub fn show(path: &Path) -> String {
    let p: PathBuf = path.components().filter(|c| c.as_os_str() != ".").collect();
    p.display().to_string()
}
