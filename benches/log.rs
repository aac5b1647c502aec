//! `roadmap log` over 1,000 commits that each retitle 10 items, the history `benches/compare.sh`
//! measures (written by the same `benches/log-repo.py`, so it needs `python3`), as a whole
//! process beside `git log --raw` of the same commits (git's share, which no change here can
//! take away):
//! - on 10,000 items, taken in turn, each item changes once;
//! - on 1,000 items, each changes ten times, so the version a commit replaces is mostly one an
//!   older commit brought in, which `log` parses once for both (`history::Versions`).
//!
//! Set ROADMAP_BENCH_KEEP=1 to keep the repositories and print their paths (for hyperfine).

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

/// A repository under `root` (at `root/repo`) holding a generated roadmap of `items` items, then
/// 1,000 commits that each retitle the next 10 items, as `benches/log-repo.py` writes it.
/// Returns the repository and its first commit's id.
fn history(root: &Path, items: usize) -> (std::path::PathBuf, String) {
    let roadmap = root.join("roadmap");
    roadmap::synth::write(&roadmap, items, 0).expect("generate roadmap");
    let repo = root.join("repo");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/log-repo.py");
    let status = Command::new("python3")
        .arg(script)
        .args([&roadmap, &repo])
        .args(["1000", "10"])
        .status()
        .expect("python3 runs");
    assert!(status.success(), "log-repo.py failed");
    let out = Command::new("git")
        .current_dir(&repo)
        .args(["rev-list", "--max-parents=0", "HEAD"])
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git rev-list failed");
    let first = String::from_utf8(out.stdout)
        .expect("an id")
        .trim()
        .to_owned();
    (repo, first)
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
        let (repo, first) = history(tmp.path(), items);
        let since = format!("^{first}");
        let mut group = c.benchmark_group(format!("log_{items}_items_1000_commits_of_10"));
        group.sample_size(10);
        // A run of 10,000 items takes about a second: ten of them, unhurried.
        group.measurement_time(std::time::Duration::from_secs(12));
        group.bench_function("git log --raw", |b| {
            b.iter(|| {
                run(
                    &repo,
                    "git",
                    &["log", "-z", "--raw", "--no-abbrev", "HEAD", &since],
                )
            })
        });
        group.bench_function("roadmap log", |b| {
            b.iter(|| {
                run(
                    &repo,
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
            let shown = path.join("repo");
            let _ = writeln!(std::io::stderr(), "repository kept at {}", shown.display());
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
