//! The one writer: every file the tool writes goes through here.
//!
//! A write is atomic: the bytes go to a temporary file in the target's directory, are flushed to
//! disk, and the temporary file is renamed over the target, so readers see the old file or the new
//! one, never a part. The writer writes regular files only: it refuses a target that is a
//! directory, a symbolic link, a FIFO or a device (as root, `-o /dev/null` must not replace the
//! device). A new file gets mode 0644 (less the umask); a replaced file keeps its mode. No
//! temporary file is left behind, whatever fails. Given what was read, it refuses to replace a
//! file that changed on disk since, rather than lose the other change.
//!
//! No lost update between two runs: each directory written to is locked (an advisory `flock` on
//! the directory itself, released by the kernel when the process ends, however it ends) from before
//! the temporary files are made until the last rename. Under the lock the file is compared with
//! what was read and then replaced, so two runs that read the same file cannot both replace it: the
//! second finds the first one's bytes and refuses. A run killed half-way leaves its temporary file
//! (a hidden `.NAME.roadmap-PID-N.tmp`, which no reader takes for a roadmap file); whoever takes the
//! directory's lock next removes it, as no other run can be writing one then. docs/security.md
//! says what this guarantees against programs that do not take the lock (an editor).

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::i18n::{Msg, NotAFile};

/// What the target must hold when it is replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect<'a> {
    /// Anything (or nothing): a report written with `-o`.
    Anything,
    /// Exactly these bytes, the ones the edit was made from; `None` when the file did not exist.
    Unchanged(Option<&'a [u8]>),
}

/// Where output goes: a file, or standard output (`-o -`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    /// `-` is standard output, as for most command-line tools.
    pub fn parse(path: &Path) -> Self {
        if path.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(path.to_owned())
        }
    }
}

fn cannot(path: &Path, cause: std::io::Error) -> anyhow::Error {
    Msg::CannotWrite {
        path: path.display().to_string(),
        cause: cause.into(),
    }
    .into()
}

/// A temporary name next to `path`, unique within this process and across processes; only
/// [`is_temp_name`] names look like it.
fn temp_name(path: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.roadmap-{}-{n}.tmp", std::process::id()))
}

/// Whether a file name is one of [`temp_name`]'s: `.NAME.roadmap-PID-N.tmp`.
fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((_, tail)) = rest.rsplit_once(".roadmap-") else {
        return false;
    };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    tail.split_once('-')
        .is_some_and(|(pid, n)| number(pid) && number(n))
}

/// The directory `path` is in (`.` for a bare name).
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// A directory held for writing: an exclusive advisory lock on the directory itself, released when
/// dropped (or when the process ends). `None` inside when the directory cannot be opened or the
/// file system has no locks: the write then goes on unlocked, as any other program's would.
struct DirLock {
    _held: Option<File>,
}

impl DirLock {
    /// Waits for the directory's lock, then removes the temporary files that killed runs left in it:
    /// with the lock held, no other run is writing one.
    fn take(dir: &Path) -> Self {
        let Ok(handle) = File::open(dir) else {
            return DirLock { _held: None };
        };
        if handle.lock().is_err() {
            return DirLock { _held: None };
        }
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                let stale = e.file_name().to_str().is_some_and(is_temp_name)
                    && e.file_type().is_ok_and(|t| t.is_file());
                if stale {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        DirLock {
            _held: Some(handle),
        }
    }
}

/// Locks every directory of `files`, in one order (by their canonical paths) so that two runs
/// writing to the same directories cannot wait for each other.
fn lock_dirs(files: &[(&Path, &[u8], Expect<'_>)]) -> Vec<DirLock> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|(path, _, _)| {
            let dir = parent(path);
            fs::canonicalize(&dir).unwrap_or(dir)
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.iter().map(|d| DirLock::take(d)).collect()
}

/// Checks that `path` can be replaced: it is absent or a regular file (not through a link). Returns
/// its permissions when it exists.
fn check_target(path: &Path) -> anyhow::Result<Option<fs::Permissions>> {
    let refuse = |kind| -> anyhow::Error {
        Msg::NotAFileTarget {
            path: path.display().to_string(),
            kind,
        }
        .into()
    };
    let meta = fs::symlink_metadata(path);
    // `newdir/` names a directory: never a file named `newdir`.
    let slash = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR);
    if slash {
        let dir = meta.as_ref().is_ok_and(|m| m.is_dir());
        return Err(refuse(if dir {
            NotAFile::Directory
        } else {
            NotAFile::TrailingSlash
        }));
    }
    match meta {
        Ok(m) => {
            let ft = m.file_type();
            if ft.is_file() && m.permissions().readonly() {
                // A rename would replace it whatever its mode: the mode is someone's lock.
                Err(refuse(NotAFile::ReadOnly))
            } else if ft.is_file() {
                Ok(Some(m.permissions()))
            } else if ft.is_symlink() {
                Err(refuse(NotAFile::Symlink))
            } else if ft.is_dir() {
                Err(refuse(NotAFile::Directory))
            } else {
                Err(refuse(NotAFile::Special))
            }
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(cannot(path, e)),
    }
}

/// Refuses the write unless the file now holds what `expect` says.
fn check_unchanged(path: &Path, expect: Expect<'_>) -> anyhow::Result<()> {
    let Expect::Unchanged(before) = expect else {
        return Ok(());
    };
    let unchanged = match (fs::read(path), before) {
        (Ok(now), Some(before)) => now == before,
        (Err(e), None) if e.kind() == ErrorKind::NotFound => true,
        (Ok(_), None) => false,
        (Err(e), Some(_)) if e.kind() == ErrorKind::NotFound => false,
        (Err(e), _) => return Err(cannot(path, e)),
    };
    if unchanged {
        Ok(())
    } else {
        Err(Msg::ChangedOnDisk {
            path: path.display().to_string(),
        }
        .into())
    }
}

/// A temporary file next to `path` holding `bytes`, flushed; removed when dropped unless kept.
struct Staged {
    temp: PathBuf,
    kept: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

fn stage(path: &Path, bytes: &[u8]) -> anyhow::Result<Staged> {
    let (staged, ()) = stage_with(path, |file| {
        let (first, rest) = bytes.split_at(bytes.len() / 2);
        file.write_all(first)?;
        file.flush()?;
        pause("staged");
        Ok(file.write_all(rest)?)
    })?;
    Ok(staged)
}

/// A test hook, in debug builds only: `ROADMAP_TEST_WRITE_PAUSE=POINT` (or `POINT:SECONDS`) stops
/// the writer at POINT for SECONDS (default 60) after saying so on stderr — `staged`: a temporary
/// file written in part; `checked`: every file compared with what was read, none renamed; `renamed`:
/// the first of several files renamed — so that the kill tests kill inside the windows that
/// matter, and the race tests make a second run meet a first one there (tests/cli/hardening.rs).
fn pause(point: &str) {
    #[cfg(debug_assertions)]
    if let Ok(wanted) = std::env::var("ROADMAP_TEST_WRITE_PAUSE") {
        let (at, seconds) = wanted.split_once(':').unwrap_or((&wanted, "60"));
        if at == point {
            // Straight to stderr, not through the CLI's output: this is for the test alone.
            let _ = writeln!(std::io::stderr(), "paused at {point}");
            let seconds = seconds.parse().unwrap_or(60);
            std::thread::sleep(std::time::Duration::from_secs(seconds));
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

/// A temporary file next to `path` holding what `fill` writes, flushed; removed when dropped
/// unless kept (also when `fill` fails half-way).
fn stage_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> anyhow::Result<T>,
) -> anyhow::Result<(Staged, T)> {
    let perms = check_target(path)?;
    let temp = temp_name(path);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    let mut file = options.open(&temp).map_err(|e| cannot(path, e))?;
    let staged = Staged { temp, kept: false };
    if let Some(perms) = perms {
        file.set_permissions(perms).map_err(|e| cannot(path, e))?;
    }
    // A report arrives in records of a few kilobytes: in 256 KiB writes, not one (or two) for
    // each, the page's 7,000 writes of 10 KB at 10,000 items cost 4% of its time.
    let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER, Writeback::new(&mut file));
    // A failed write is worded as this path's (a full disk); a failed render as itself.
    let done = fill(&mut out).map_err(|e| io_worded(e, |io| cannot(path, io)))?;
    out.into_inner()
        .map_err(std::io::IntoInnerError::into_error)
        .and_then(|w| w.file.sync_all())
        .map_err(|e| cannot(path, e))?;
    Ok((staged, done))
}

/// Asks the kernel, on a thread of its own, to let go of the cached pages of a large file about
/// to be replaced, while the new one is written: the rename that replaces it frees them
/// otherwise, at the end of the run with nothing else to do (a 75 MB page's rename took 23 ms,
/// 9 ms when its pages were gone). A hint only: what the file holds does not change, a reader of
/// it reads it from disk, and nothing is asked of a file smaller than `Writeback::EVERY` or one
/// that cannot be opened as a regular file without following a link or waiting (a FIFO).
/// Dropping what is returned waits for the answer and closes the file.
fn forget_cached(path: &Path) -> Option<crate::par::Behind> {
    // Where rustix has `posix_fadvise` (not macOS or OpenBSD, say): elsewhere the rename frees
    // the pages, as before.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    {
        let crate::load::Opened::File(file) = crate::load::open_no_follow(path).ok()? else {
            return None;
        };
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() < Writeback::EVERY {
            return None;
        }
        let forget = crate::par::behind(move || {
            let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed);
        });
        forget.ask();
        Some(forget)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    {
        let _ = path;
        None
    }
}

/// What the writer gathers before it writes to the file.
const WRITE_BUFFER: usize = 1 << 18;

/// A file whose written part is synced behind the writer as it grows: every `EVERY` bytes a
/// thread of its own (`par::behind`) syncs the file's data so far while the writing goes on. The
/// `fsync` at the end, which makes the file durable before it replaces the target, then waits for
/// the last part only: for a 75 MB page it was some 60 ms at the end of the run with nothing else
/// to do.
struct Writeback<'f> {
    file: &'f mut File,
    /// Bytes written, and where the last sync was asked for.
    written: u64,
    asked: u64,
    /// Started with the first `EVERY` bytes: a small file is synced once, at the end.
    behind: Option<crate::par::Behind>,
}

impl<'f> Writeback<'f> {
    const EVERY: u64 = 8 << 20;

    fn new(file: &'f mut File) -> Self {
        Self {
            file,
            written: 0,
            asked: 0,
            behind: None,
        }
    }
}

impl Write for Writeback<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.asked >= Self::EVERY {
            self.asked = self.written;
            if self.behind.is_none() {
                // Without a second handle the file is synced once, at the end, as before.
                self.behind = self
                    .file
                    .try_clone()
                    .ok()
                    .map(|f| crate::par::behind(move || drop(f.sync_data())));
            }
            if let Some(b) = &self.behind {
                b.ask();
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// What a `fill` failed with: a failed write worded by `word` (as the file's it went to), any
/// other error (a failed render) as it is.
fn io_worded(
    e: anyhow::Error,
    word: impl FnOnce(std::io::Error) -> anyhow::Error,
) -> anyhow::Error {
    match e.downcast::<std::io::Error>() {
        Ok(io) => word(io),
        Err(e) => e,
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Makes `dir` and its missing parents (`roadmap man --out-dir`), as `mkdir -p` does.
pub fn ensure_dir(dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).map_err(|e| cannot(dir, e))
}

/// Writes `bytes` to `path` atomically (see the module docs).
pub fn write(path: &Path, bytes: &[u8], expect: Expect<'_>) -> anyhow::Result<()> {
    write_all(&[(path, bytes, expect)])
}

/// Writes what `fill` writes to `path` atomically, as [`write()`] does, without holding it all in
/// memory first (a report of a large roadmap is tens of megabytes). Nothing replaces `path` unless
/// `fill` succeeds.
pub fn write_with<T>(
    path: &Path,
    expect: Expect<'_>,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let _locks = lock_dirs(&[(path, &[], expect)]);
    // Only a file replaced whatever it holds: one that must hold what was read is read again
    // before it is replaced, better from the cache.
    let forgetting = if expect == Expect::Anything {
        forget_cached(path)
    } else {
        None
    };
    let (mut staged, done) = stage_with(path, |out| {
        let done = fill(out)?;
        out.flush()?;
        pause("staged");
        Ok(done)
    })?;
    // Waits for the kernel's answer, and closes the old file, before it is replaced.
    drop(forgetting);
    check_unchanged(path, expect)?;
    pause("checked");
    fs::rename(&staged.temp, path).map_err(|e| cannot(path, e))?;
    staged.kept = true;
    sync_dir(&parent(path));
    Ok(done)
}

/// Output for standard output is held in memory up to this size, then in a temporary file.
const SPOOL_IN_MEMORY: usize = 8 << 20;

/// What `fill` writes, held until it is whole, then given back to be read from its start: a
/// report for standard output, so that a render that fails prints nothing. It is held in memory
/// up to 8 MiB (`SPOOL_IN_MEMORY`) and then in an unnamed temporary file (in `TMPDIR`), so that
/// a large report is not held in memory whole: 75 MB of HTML at 10,000 items took a process
/// from 106 to 253 MiB when it was.
pub fn spooled<T>(
    fill: impl FnOnce(&mut (dyn Write + Send)) -> anyhow::Result<T>,
) -> anyhow::Result<(T, impl std::io::Read)> {
    use std::io::Seek;
    let cannot = |e: std::io::Error| -> anyhow::Error {
        Msg::CannotSpoolStdout {
            dir: std::env::temp_dir().display().to_string(),
            cause: e.into(),
        }
        .into()
    };
    let mut spool = tempfile::spooled_tempfile(SPOOL_IN_MEMORY);
    // Buffered: once in a file, each of a render's small writes would be a system call.
    let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER, &mut spool);
    let done = fill(&mut out).map_err(|e| io_worded(e, cannot))?;
    out.flush().map_err(cannot)?;
    drop(out);
    spool.rewind().map_err(cannot)?;
    // Read back in large reads too: `io::copy`'s own 8 KiB made 17,000 system calls of a 69 MB
    // page.
    Ok((done, std::io::BufReader::with_capacity(WRITE_BUFFER, spool)))
}

/// Refuses at once a target that [`write_with`] would refuse after the work (a directory, a link,
/// a device such as `/dev/null`): a large report takes seconds to make. The write checks again.
pub fn check_writable(path: &Path) -> anyhow::Result<()> {
    check_target(path).map(|_| ())
}

/// Writes several files, all or none: every file is staged and checked before the first is
/// replaced, and if a replacement fails the ones already replaced get their old bytes back. The
/// directories are locked from the first temporary file to the last rename (see the module docs).
pub fn write_all(files: &[(&Path, &[u8], Expect<'_>)]) -> anyhow::Result<()> {
    let _locks = lock_dirs(files);
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes, _) in files {
        staged.push(stage(path, bytes)?);
    }
    for (path, _, expect) in files {
        check_unchanged(path, *expect)?;
    }
    pause("checked");
    for (n, ((path, _, _), s)) in files.iter().zip(&mut staged).enumerate() {
        if n == 1 {
            pause("renamed");
        }
        if let Err(e) = fs::rename(&s.temp, path) {
            for (done, _, expect) in &files[..n] {
                if let Expect::Unchanged(Some(old)) = expect {
                    let _ = stage(done, old).and_then(|mut back| {
                        fs::rename(&back.temp, done)?;
                        back.kept = true;
                        Ok(())
                    });
                }
            }
            return Err(cannot(path, e));
        }
        s.kept = true;
    }
    // The renames are durable once their directories are flushed: each directory once.
    let dirs: std::collections::BTreeSet<PathBuf> =
        files.iter().map(|(p, _, _)| parent(p)).collect();
    for dir in dirs {
        sync_dir(&dir);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Output past the in-memory size goes to the temporary file and comes back whole, in order.
    #[test]
    fn spooled_output_comes_back_whole_past_the_memory_it_may_take() {
        use std::io::Read;
        let line = |n: usize| format!("{n:>9} 行目：工程表\n");
        let lines = SPOOL_IN_MEMORY / line(0).len() * 3;
        let (count, mut read) = spooled(|out| {
            for n in 0..lines {
                out.write_all(line(n).as_bytes())?;
            }
            Ok(lines)
        })
        .expect("spooled");
        let mut back = String::new();
        read.read_to_string(&mut back).expect("read back");
        assert_eq!(count, lines);
        assert!(back.len() > 2 * SPOOL_IN_MEMORY, "{}", back.len());
        assert!(
            back.lines()
                .zip(0..)
                .all(|(l, n)| format!("{l}\n") == line(n))
        );
        assert_eq!(back.lines().count(), lines);
    }

    /// A render's own error comes back as it is; a failed write is worded as the temporary
    /// file's, with the help that says how to do without one.
    #[test]
    fn spooled_words_a_failed_write_and_passes_a_failed_render_through() {
        let render = spooled(|_| -> anyhow::Result<()> { Err(anyhow::anyhow!("template")) });
        assert_eq!(render.err().expect("fails").to_string(), "template");
        let full = spooled(|_| -> anyhow::Result<()> {
            Err(std::io::Error::from(ErrorKind::StorageFull).into())
        });
        let err = full.err().expect("fails");
        let msg = err
            .downcast_ref::<crate::i18n::UserError>()
            .expect("worded");
        assert!(
            matches!(
                msg.0,
                Msg::CannotSpoolStdout {
                    cause: crate::i18n::Cause::StorageFull,
                    ..
                }
            ),
            "{err}"
        );
        assert!(matches!(msg.0.help(), Some(Msg::SpoolHelp)));
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|r| {
                r.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "roadmap-writer-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    static COUNT: AtomicU32 = AtomicU32::new(0);

    #[test]
    fn replaces_whole_and_leaves_no_temp_file() {
        let dir = temp_dir();
        let f = dir.join("a.txt");
        fs::write(&f, "old").expect("write");
        write(&f, b"new", Expect::Anything).expect("written");
        assert_eq!(fs::read(&f).expect("read"), b"new");
        assert_eq!(entries(&dir), ["a.txt"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_streamed_write_that_fails_half_way_replaces_nothing() {
        let dir = temp_dir();
        let f = dir.join("report.html");
        fs::write(&f, b"old").expect("write");
        let failed: anyhow::Result<()> = write_with(&f, Expect::Anything, |out| {
            out.write_all(b"<html>half a page")?;
            anyhow::bail!("the template failed")
        });
        assert_eq!(
            failed.expect_err("fails").to_string(),
            "the template failed"
        );
        assert_eq!(fs::read(&f).expect("read"), b"old");
        assert_eq!(entries(&dir), ["report.html"]);
        write_with(&f, Expect::Anything, |out| Ok(out.write_all(b"new page")?)).expect("writes");
        assert_eq!(fs::read(&f).expect("read"), b"new page");
        assert_eq!(entries(&dir), ["report.html"]);
    }

    /// Past `Writeback::EVERY` the written part is synced behind the writer: the file still comes
    /// out whole and in order, a failure half-way still replaces nothing, and no temporary file is
    /// left (the syncing thread's handle is closed before the rename or the removal). A large file
    /// replaced (its cache let go of, `forget_cached`) keeps what it held until it is replaced.
    #[test]
    fn a_large_streamed_write_synced_as_it_goes_comes_out_whole() {
        let dir = temp_dir();
        let f = dir.join("report.html");
        let line: Vec<u8> = (0..=255u8).cycle().take(4093).collect();
        let lines = usize::try_from(3 * Writeback::EVERY).expect("fits") / line.len() + 1;
        // The file written whole, `lines` times `line`, and read back.
        let write_lines = |line: &[u8]| {
            write_with(&f, Expect::Anything, |out| {
                for _ in 0..lines {
                    out.write_all(line)?;
                }
                Ok(())
            })
            .expect("writes");
            let written = fs::read(&f).expect("read");
            assert_eq!(written.len(), lines * line.len());
            assert!(written.chunks(line.len()).all(|c| c == line));
            written
        };
        let written = write_lines(&line);
        let failed: anyhow::Result<()> = write_with(&f, Expect::Anything, |out| {
            for _ in 0..lines {
                out.write_all(b"x")?;
                out.write_all(&line)?;
            }
            anyhow::bail!("the template failed")
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&f).expect("read"), written);
        assert_eq!(entries(&dir), ["report.html"]);
        // Replacing a large file (whose cached pages are let go as the new one is written).
        let other: Vec<u8> = line.iter().rev().copied().collect();
        write_lines(&other);
        assert_eq!(entries(&dir), ["report.html"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = temp_dir();
        let f = dir.join("a.toml");
        fs::write(&f, "edited by someone else").expect("write");
        let err =
            write(&f, b"mine", Expect::Unchanged(Some(b"as I read it"))).expect_err("refused");
        assert!(err.to_string().contains("changed"), "{err}");
        assert_eq!(fs::read(&f).expect("read"), b"edited by someone else");
        assert_eq!(entries(&dir), ["a.toml"]);
        // A file that appeared since is a change too.
        let g = dir.join("new.toml");
        fs::write(&g, "x").expect("write");
        assert!(write(&g, b"y", Expect::Unchanged(None)).is_err());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_next_write_removes_what_killed_runs_left() {
        let dir = temp_dir();
        // What a run killed between making its temporary file and renaming it leaves.
        fs::write(dir.join(".a.toml.roadmap-4242-0.tmp"), "half").expect("write");
        fs::write(dir.join(".b.toml.roadmap-1-17.tmp"), "").expect("write");
        // Not the writer's names: kept.
        for other in [
            ".keep.tmp",
            "c.roadmap-1-2.tmp",
            ".d.roadmap-x-2.tmp",
            ".e.roadmap-1-.tmp",
        ] {
            fs::write(dir.join(other), "someone's").expect("write");
        }
        write(&dir.join("a.toml"), b"new", Expect::Anything).expect("written");
        assert_eq!(
            entries(&dir),
            [
                ".d.roadmap-x-2.tmp",
                ".e.roadmap-1-.tmp",
                ".keep.tmp",
                "a.toml",
                "c.roadmap-1-2.tmp"
            ]
        );
        assert!(is_temp_name(
            &temp_name(Path::new("items/1-1-1.toml"))
                .to_string_lossy()
                .replace("items/", "")
        ));
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_directories_and_special_files() {
        let dir = temp_dir();
        let real = dir.join("real.txt");
        fs::write(&real, "keep").expect("write");
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert!(write(&link, b"x", Expect::Anything).is_err());
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).expect("read"), b"keep");
        let kind = |path: &Path| match write(path, b"x", Expect::Anything)
            .expect_err("refused")
            .downcast_ref::<crate::i18n::UserError>()
            .map(|e| &e.0)
        {
            Some(Msg::NotAFileTarget { kind, .. }) => Some(*kind),
            _ => None,
        };
        assert_eq!(kind(&link), Some(NotAFile::Symlink));
        assert_eq!(kind(&dir), Some(NotAFile::Directory));
        let slash = PathBuf::from(format!("{}/", dir.display()));
        assert_eq!(kind(&slash), Some(NotAFile::Directory));
        let slash = PathBuf::from(format!("{}/newdir/", dir.display()));
        assert_eq!(kind(&slash), Some(NotAFile::TrailingSlash));
        assert_eq!(kind(Path::new("/dev/null")), Some(NotAFile::Special));
        assert_eq!(entries(&dir), ["link.txt", "real.txt"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_0644_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir();
        let f = dir.join("new.txt");
        write(&f, b"x", Expect::Anything).expect("written");
        let mode = fs::metadata(&f).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode & !0o644, 0, "at most 0644: {mode:o}");
        fs::set_permissions(&f, fs::Permissions::from_mode(0o600)).expect("chmod");
        write(&f, b"y", Expect::Anything).expect("written");
        let mode = fs::metadata(&f).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let _ = fs::remove_dir_all(&dir);
    }
}
