//! `roadmap log` over 1,000 commits that each retitle 10 items, the history `benches/compare.sh`
//! measures (`benches/log-repo.py`), as a whole process beside `git log --raw` of the same
//! commits (git's share, which no change here can take away):
//! - on 10,000 items, taken in turn, each item changes once;
//! - on 1,000 items, each changes ten times, so the version a commit replaces is mostly one an
//!   older commit brought in, which `log` parses once for both (`history::Versions`).
//!
//! Set ROADMAP_BENCH_KEEP=1 to keep the repositories and print their paths (for hyperfine).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};

const COMMITS: usize = 1_000;
const PER_COMMIT: usize = 10;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?} failed");
    String::from_utf8(out.stdout).expect("git's output is UTF-8")
}

/// The item's title line with this commit's revision mark, as `log-repo.py` writes it.
fn retitled(text: &str, commit: usize) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let title = lines[1].trim_end_matches('"');
    let base = title.split("（改訂").next().unwrap_or(title);
    lines[1] = format!("{base}（改訂{commit}）\"");
    lines.join("\n")
}

/// A repository under `root` holding a generated roadmap of `items` items, then [`COMMITS`]
/// commits that each retitle the next [`PER_COMMIT`] items, written through one
/// `git fast-import`. Returns the first commit's id.
fn history(root: &Path, items: usize) -> String {
    git(root, &["init", "-q", "-b", "main"]);
    let mut files: BTreeMap<String, String> = roadmap::synth::files(items, 0)
        .into_iter()
        .map(|(rel, text)| (format!("roadmap/{rel}"), text))
        .collect();
    let paths: Vec<String> = files
        .keys()
        .filter(|p| p.starts_with("roadmap/items/"))
        .cloned()
        .collect();
    let mut stream = Vec::new();
    let mut commit = |k: usize, changed: &[&String], files: &BTreeMap<String, String>| {
        let message = format!("commit {k}");
        let _ = write!(
            stream,
            "commit refs/heads/main\nmark :{}\ncommitter Bench <bench@example.com> {} +0900\ndata {}\n{message}\n",
            k + 1,
            1_704_067_200 + k * 3600,
            message.len()
        );
        if k > 0 {
            let _ = writeln!(stream, "from :{k}");
        }
        for path in changed {
            let text = &files[*path];
            let _ = write!(
                stream,
                "M 100644 inline {path}\ndata {}\n{text}\n",
                text.len()
            );
        }
    };
    let all: Vec<&String> = files.keys().collect();
    commit(0, &all, &files);
    for k in 1..=COMMITS {
        let changed: Vec<String> = (0..PER_COMMIT)
            .map(|j| paths[(k * PER_COMMIT + j) % paths.len()].clone())
            .collect();
        for path in &changed {
            let text = retitled(&files[path], k);
            files.insert(path.clone(), text);
        }
        commit(k, &changed.iter().collect::<Vec<_>>(), &files);
    }
    let mut import = Command::new("git")
        .current_dir(root)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    import
        .stdin
        .take()
        .expect("fast-import's input")
        .write_all(&stream)
        .expect("fast-import reads the history");
    assert!(import.wait().expect("fast-import ends").success());
    git(root, &["checkout", "-q", "-f", "main"]);
    git(root, &["rev-list", "--max-parents=0", "HEAD"])
        .trim()
        .to_owned()
}

fn bench(c: &mut Criterion) {
    let bin = env!("CARGO_BIN_EXE_roadmap");
    let run = |dir: &Path, program: &str, args: &[&str]| {
        let out = Command::new(program)
            .current_dir(dir)
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{program} {args:?} failed");
        out.stdout.len()
    };
    let mut kept = Vec::new();
    for items in [10_000, 1_000] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        let first = history(root, items);
        let since = format!("^{first}");
        let mut group = c.benchmark_group(format!("log_{items}_items_1000_commits_of_10"));
        group.sample_size(10);
        // A run of 10,000 items takes about a second: ten of them, unhurried.
        group.measurement_time(std::time::Duration::from_secs(12));
        group.bench_function("git log --raw", |b| {
            b.iter(|| {
                run(
                    root,
                    "git",
                    &["log", "-z", "--raw", "--no-abbrev", "HEAD", &since],
                )
            })
        });
        group.bench_function("roadmap log", |b| {
            b.iter(|| {
                run(
                    root,
                    bin,
                    &["--as-of", "2024-03-31", "log", "--since", &first],
                )
            })
        });
        group.finish();
        kept.push(tmp);
    }
    if std::env::var_os("ROADMAP_BENCH_KEEP").is_some() {
        for tmp in kept {
            let path = tmp.keep();
            let _ = writeln!(std::io::stderr(), "repository kept at {}", path.display());
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
