//! Inputs a hostile pull request can send, and what they cost: each was minutes (or more) before
//! the fixes of the adversarial review; each must stay well under a second. Run:
//! `cargo bench --bench hostile`.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use roadmap::i18n::Lang;
use roadmap::source::RawFile;

const PLAN: &str = include_str!("../tests/fixtures/validate/clean/roadmap.toml");
const ITEM: &str = include_str!("../tests/fixtures/validate/clean/items/1-1-1.toml");

fn raw(items: Vec<(String, String)>) -> Vec<RawFile> {
    let mut out = vec![RawFile {
        path: "roadmap/roadmap.toml".into(),
        rel: "roadmap.toml".into(),
        bytes: PLAN.as_bytes().to_vec(),
    }];
    for (id, text) in items {
        out.push(RawFile {
            path: format!("roadmap/items/{id}.toml"),
            rel: format!("items/{id}.toml"),
            bytes: text.into_bytes(),
        });
    }
    out
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 15).expect("valid date")
}

/// validate: every finding positioned and printed.
fn validate(files: Vec<RawFile>) -> String {
    let analysis = roadmap::analyze(files, Vec::new(), day());
    roadmap::render::diagnostics::human(&analysis, false, Lang::En)
}

fn hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);

    // 8,000 findings on one line of a file under the 1 MiB cap (was > 600 s; after: 11 ms).
    let pad = "x".repeat(100);
    let themes: Vec<String> = (0..8000).map(|i| format!("\"t{i}{pad}\"")).collect();
    let one_line = ITEM.replace("themes = [1]", &format!("themes = [{}]", themes.join(", ")));
    group.bench_function("validate_8000_findings_on_one_line", |b| {
        b.iter(|| validate(raw(vec![("1-1-1".into(), one_line.clone())])));
    });

    // 80,000 findings on separate lines (was 156 s; after: 0.82 s).
    let keys: String = (0..80_000).map(|i| format!("u{i} = 1\n")).collect();
    let many = format!("{keys}{ITEM}");
    group.bench_function("validate_80000_findings", |b| {
        b.iter(|| validate(raw(vec![("1-1-1".into(), many.clone())])));
    });

    // status with three 900 KB titles (was 88 s, in table wrapping; after: 8.4 ms).
    let long = "あ".repeat(300_000);
    let items: Vec<(String, String)> = (1..=3)
        .map(|n| {
            let id = format!("1-1-{n}");
            let text = ITEM
                .replace("id = \"1-1-1\"", &format!("id = \"{id}\""))
                .replace("title = \"", &format!("title = \"{long}"));
            (id, text)
        })
        .collect();
    let analysis = roadmap::analyze(raw(items), Vec::new(), day());
    group.bench_function("status_three_900kb_titles", |b| {
        let view = roadmap::render::status::View {
            lang: Lang::Ja,
            ascii: false,
            color: false,
            width: 100,
        };
        b.iter(|| {
            let standing = roadmap::status::compute(&analysis.roadmap, day(), &Default::default());
            roadmap::render::status::overview(&analysis.roadmap, &standing, &view)
        });
    });

    // diff of a 1 MB file whose 90 texts of 10,000 characters all changed (was 18 s; after:
    // 5.8 ms).
    let texts = |seed: u64| {
        let mut state = seed;
        let mut item = String::from("id = \"1-1-1\"\ntitle = \"t\"\n");
        for m in 0..90 {
            let text: String = (0..10_000)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    char::from(b'a' + ((state >> 33) % 10) as u8)
                })
                .collect();
            item.push_str(&format!(
                "\n[[milestones]]\nid = \"m{m}\"\ntext = \"{text}\"\nfrom = 2022\nto = 2022\n"
            ));
        }
        roadmap::analyze(raw(vec![("1-1-1".into(), item)]), Vec::new(), day()).roadmap
    };
    let (a, b_side) = (texts(1), texts(2));
    group.bench_function("diff_1mb_of_changed_text", |b| {
        b.iter(|| {
            let d = roadmap::diff::diff(&a, &b_side, &Default::default());
            roadmap::render::diff::human(&d, &Default::default(), &Default::default(), Lang::En)
        });
    });

    // diff where 2,000 items were removed and 2,000 added, all with one title (was quadratic;
    // after: 1.6 ms).
    let mk = |first: u32| {
        let mut r = roadmap::model::Roadmap {
            plan: roadmap::model::Plan {
                path: "roadmap/roadmap.toml".into(),
                ..Default::default()
            },
            items: Vec::new(),
        };
        for n in first..first + 2000 {
            r.items.push(roadmap::model::Item {
                path: format!("roadmap/items/1-1-{n}.toml"),
                id: roadmap::model::Sp::bare(roadmap::model::ItemId::from_parts(&[1, 1, n])),
                title: roadmap::model::Sp::bare("同じ題".into()),
                ..Default::default()
            });
        }
        r
    };
    let (old, new) = (mk(1), mk(5001));
    group.bench_function("diff_2000_added_items_with_one_title", |b| {
        b.iter(|| roadmap::diff::diff(&old, &new, &Default::default()));
    });

    // One item whose 2,000 milestones, all in one row with similar texts, all got new ids: the
    // texts compared to find renamed milestones are bounded per run (new with the rename rule:
    // 95 ms).
    let renamed = |prefix: &str, words: &str| {
        let mut item = roadmap::model::Item {
            path: "roadmap/items/1-1-1.toml".into(),
            id: roadmap::model::Sp::bare(roadmap::model::ItemId::from_parts(&[1, 1, 1])),
            title: roadmap::model::Sp::bare("題".into()),
            ..Default::default()
        };
        for n in 0..2000 {
            item.milestones.push(roadmap::model::Milestone {
                id: roadmap::model::Sp::bare(format!("{prefix}{n}")),
                row: Some(roadmap::model::Sp::bare(1)),
                text: roadmap::model::Sp::bare(format!("{}{n}", words.repeat(4))),
                from: roadmap::model::Sp::bare(2022),
                to: roadmap::model::Sp::bare(2023),
                ..Default::default()
            });
        }
        roadmap::model::Roadmap {
            plan: roadmap::model::Plan {
                path: "roadmap/roadmap.toml".into(),
                ..Default::default()
            },
            items: vec![item],
        }
    };
    // Each text edited: no text is found whole on the other side.
    let (old, new) = (
        renamed("a", "好事例の収集及び横展開"),
        renamed("b", "好事例の収集と横展開"),
    );
    group.bench_function("diff_2000_renamed_milestones_in_one_row", |b| {
        b.iter(|| roadmap::diff::diff(&old, &new, &Default::default()));
    });
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
