//! What the views cost above reading and parsing, on a generated 10,000-item roadmap
//! (src/synth.rs): the `status` overview drawn for a terminal, and the report in each format
//! written to a sink. No file is written or synced, so these are the rendering alone; the
//! whole process is `benches/compare.sh`'s. Run: `cargo bench --bench render`.

use criterion::{Criterion, criterion_group, criterion_main};
use roadmap::i18n::Lang;
use roadmap::render::report::{Format, Options};

fn render(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    roadmap::synth::write(dir.path(), 10_000, 0).expect("generate roadmap");
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).expect("valid date");
    let read = roadmap::load::read_dir(dir.path(), dir.path()).expect("readable");
    let analysis = roadmap::analyze(read.files, read.findings, as_of);
    let roadmap = &analysis.roadmap;
    let standing = roadmap::status::compute(roadmap, as_of, &roadmap::status::Filter::default());
    let report = roadmap::report::build(roadmap, &standing);
    let mut group = c.benchmark_group("10k_items");
    group.sample_size(10);
    let view = roadmap::render::status::View {
        lang: Lang::Ja,
        ascii: false,
        color: false,
        width: 120,
    };
    group.bench_function("status_overview", |b| {
        b.iter(|| roadmap::render::status::overview_parts(roadmap, &standing, &view));
    });
    for (name, format) in [
        ("report_md", Format::Markdown),
        ("report_html", Format::Html),
        ("report_csv", Format::Csv),
        ("report_xlsx", Format::Xlsx),
    ] {
        let options = Options {
            format,
            summary: false,
            table: None,
            since: false,
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                options
                    .render(&report, Lang::Ja, &mut std::io::sink())
                    .expect("rendered")
            });
        });
    }
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
