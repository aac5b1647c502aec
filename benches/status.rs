//! Load + status on a generated 10,000-item roadmap (src/synth.rs), the scale the tool must stay
//! instant at. Run: `cargo bench --bench status`.

use criterion::{Criterion, criterion_group, criterion_main};

fn status(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    roadmap::synth::write(dir.path(), 10_000, 0).expect("generate roadmap");
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 1, 15).expect("valid date");
    let mut group = c.benchmark_group("10k_items");
    group.sample_size(20);
    group.bench_function("read_dir", |b| {
        b.iter(|| roadmap::load::read_dir(dir.path(), dir.path()).expect("readable"));
    });
    // Parsing and checking files already read: the part of `validate` above the read floor.
    let read = roadmap::load::read_dir(dir.path(), dir.path()).expect("readable");
    group.bench_function("parse_validate", |b| {
        b.iter_batched(
            || read.files.clone(),
            |files| roadmap::analyze(files, Vec::new(), as_of),
            criterion::BatchSize::LargeInput,
        );
    });
    group.bench_function("load_validate_status", |b| {
        b.iter(|| {
            let read = roadmap::load::read_dir(dir.path(), dir.path()).expect("readable");
            let analysis = roadmap::analyze(read.files, read.findings, as_of);
            roadmap::status::compute(
                &analysis.roadmap,
                as_of,
                &roadmap::status::Filter::default(),
            )
        });
    });
    let analysis = roadmap::analyze(read.files, read.findings, as_of);
    group.bench_function("status_compute_only", |b| {
        b.iter(|| {
            roadmap::status::compute(
                &analysis.roadmap,
                as_of,
                &roadmap::status::Filter::default(),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, status);
criterion_main!(benches);
