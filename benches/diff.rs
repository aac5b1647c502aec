//! `roadmap diff` on a generated 10,000-item repository (src/synth.rs): `A B`, whose second
//! commit changes the progress of 10 items, and `A C`, whose commit changes the titles of 10
//! items, next to `git diff` and difftastic as git's external diff (`difft`, when on PATH) on
//! the same repository. Only the changed blobs (and the plan) are read, parsed and validated, so
//! the cost follows the change, not the roadmap's size.
//!
//! Set ROADMAP_BENCH_KEEP=1 to keep the repository and print its path (for hyperfine).

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

const ITEMS: usize = 10_000;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?} failed");
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().to_owned();
    git(&root, &["init", "-q", "-b", "main"]);
    roadmap::synth::write(&root.join("roadmap"), ITEMS, 0).expect("write revision 0");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "A"]);
    git(&root, &["tag", "A"]);
    roadmap::synth::write(&root.join("roadmap"), ITEMS, 1).expect("write revision 1");
    git(&root, &["commit", "-q", "-am", "B"]);
    git(&root, &["tag", "B"]);
    git(&root, &["checkout", "-q", "A"]);
    roadmap::synth::write(&root.join("roadmap"), ITEMS, 2).expect("write revision 2");
    git(&root, &["commit", "-q", "-am", "C"]);
    git(&root, &["tag", "C"]);

    let bin = env!("CARGO_BIN_EXE_roadmap");
    let run = |program: &str, args: &[&str]| {
        let mut cmd = Command::new(program);
        // Only `--ext-diff` runs difftastic: plain `git diff` would honour the variable too.
        if args.contains(&"--ext-diff") {
            cmd.env("GIT_EXTERNAL_DIFF", "difft")
                .env("DFT_COLOR", "never");
        }
        let out = cmd.current_dir(&root).args(args).output().expect("runs");
        assert!(out.status.success(), "{program} {args:?} failed");
        out.stdout.len()
    };
    let mut group = c.benchmark_group("diff_10000_items_10_changed");
    group.sample_size(10);
    group.bench_function("git diff A B", |b| {
        b.iter(|| run("git", &["diff", "A", "B"]))
    });
    group.bench_function("roadmap diff --no-validate A B", |b| {
        b.iter(|| {
            run(
                bin,
                &["--as-of", "2024-06-01", "diff", "--no-validate", "A", "B"],
            )
        })
    });
    group.bench_function("roadmap diff A B", |b| {
        b.iter(|| run(bin, &["--as-of", "2024-06-01", "diff", "A", "B"]))
    });
    group.finish();

    let mut group = c.benchmark_group("diff_10000_items_10_titles");
    group.sample_size(10);
    group.bench_function("git diff A C", |b| {
        b.iter(|| run("git", &["diff", "A", "C"]))
    });
    let difft = Command::new("difft").arg("--version").output().is_ok();
    if difft {
        group.bench_function("difftastic (git diff --ext-diff A C)", |b| {
            b.iter(|| run("git", &["diff", "--ext-diff", "A", "C"]))
        });
    }
    group.bench_function("roadmap diff A C", |b| {
        b.iter(|| run(bin, &["--as-of", "2024-06-01", "diff", "A", "C"]))
    });
    group.finish();
    if std::env::var_os("ROADMAP_BENCH_KEEP").is_some() {
        let kept = tmp.keep();
        let _ = writeln!(std::io::stderr(), "repository kept at {}", kept.display());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
