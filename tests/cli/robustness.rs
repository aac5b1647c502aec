//! No input makes the pipeline panic: every prefix of real files, and thousands of deterministic
//! byte corruptions of them, go through decode → parse → validate → status → report layout.

use roadmap::i18n::Lang;
use roadmap::source::RawFile;

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 3, 31).expect("valid date")
}

fn shipped(rel: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("roadmap")
        .join(rel);
    std::fs::read(path).expect("shipped file")
}

/// Runs everything the commands run on a plan and one item.
fn pipeline(plan: &[u8], item: &[u8]) {
    pipeline_of(plan, "items/2-1-3.toml", item);
}

/// [`pipeline`] with the item at `rel`.
fn pipeline_of(plan: &[u8], rel: &str, item: &[u8]) {
    let raw = vec![
        RawFile {
            path: "roadmap/roadmap.toml".into(),
            rel: "roadmap.toml".into(),
            bytes: plan.to_vec(),
        },
        RawFile {
            path: format!("roadmap/{rel}"),
            rel: rel.into(),
            bytes: item.to_vec(),
        },
    ];
    let analysis = roadmap::analyze(raw, Vec::new(), as_of());
    for finding in &analysis.findings {
        let _ = roadmap::render::diagnostics::human_one(&analysis, finding, Lang::Ja);
    }
    let _ = roadmap::render::diagnostics::json(&analysis, true, Lang::En);
    let _ = roadmap::render::diagnostics::github(&analysis, true, Lang::Ja);
    let standing = roadmap::status::compute(&analysis.roadmap, as_of(), &Default::default());
    let report = roadmap::report::build(&analysis.roadmap, &standing);
    for lang in Lang::ALL {
        let _ = roadmap::render::report::md::write(&report, lang, &mut Vec::new());
        let view = roadmap::render::status::View {
            lang,
            ascii: lang == Lang::En,
            color: false,
            width: 80,
        };
        let _ = roadmap::render::timeline::timeline(&analysis.roadmap, &standing, &view);
    }
    let _ = roadmap::render::report::html::render_summary(&report, Lang::Ja);
}

#[test]
fn every_number_of_a_plan_at_its_extremes() {
    // What the analyze_plan fuzz target found (the years of a period made 0), tried for every
    // number of every plan in the repository's roadmaps, each with an item of its own: each number
    // at nothing, one, the edges of the years the tool reads and past what a TOML integer holds;
    // and every two numbers of the period, its columns and phases (before the groups) at once,
    // since one year alone cannot end a period before it starts: at 0 and 9999, which the reader
    // refuses as years, and at 2200 and 1900, which it takes (a column from 2200 to 1900 with
    // halves made the report's slot arithmetic panic).
    const EXTREMES: &[&str] = &[
        "0",
        "1",
        "-1",
        "1899",
        "2201",
        "9999",
        "4294967296",
        "-9223372036854775808",
        "99999999999999999999",
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let plans = [
        "roadmap",
        "tests/fixtures/columns",
        "tests/fixtures/kaikaku-2015",
    ];
    for dir in plans.map(|d| root.join(d)) {
        let plan = std::fs::read_to_string(dir.join("roadmap.toml")).expect("a plan");
        let mut items: Vec<_> = std::fs::read_dir(dir.join("items"))
            .expect("items")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .into_string()
                    .expect("UTF-8")
            })
            .collect();
        items.sort();
        let rel = format!("items/{}", items[0]);
        let item = std::fs::read(dir.join(&rel)).expect("an item");
        // Every `key = N` line: where its number is in the plan.
        let mut numbers = Vec::new();
        let mut offset = 0;
        for line in plan.split_inclusive('\n') {
            if let Some((key, value)) = line.trim_end().split_once(" = ")
                && !value.is_empty()
                && value.bytes().all(|b| b.is_ascii_digit())
            {
                let start = offset + key.len() + 3;
                numbers.push(start..start + value.len());
            }
            offset += line.len();
        }
        let with = |changes: &[(&std::ops::Range<usize>, &str)]| {
            let mut out = plan.clone();
            for (span, value) in changes.iter().rev() {
                out.replace_range((*span).clone(), value);
            }
            pipeline_of(out.as_bytes(), &rel, &item);
        };
        for span in &numbers {
            for extreme in EXTREMES {
                with(&[(span, extreme)]);
            }
        }
        let groups = plan.find("[[groups]]").or(plan.find("[[categories]]"));
        let head: Vec<_> = numbers
            .iter()
            .filter(|n| groups.is_none_or(|g| n.start < g))
            .collect();
        assert!(head.len() >= 3, "{}: the period's years", dir.display());
        for (k, a) in head.iter().enumerate() {
            for b in &head[k + 1..] {
                for (x, y) in [
                    ("0", "0"),
                    ("9999", "0"),
                    ("0", "9999"),
                    ("2200", "1900"),
                    ("1900", "2200"),
                ] {
                    with(&[(a, x), (b, y)]);
                }
            }
        }
    }
}

#[test]
fn a_period_that_ends_before_it_starts() {
    // Found by the analyze_plan fuzz target: the timeline's band of named periods clamped a year
    // between the period's first and last, and panicked when the last came first. The views are
    // not shown for such a plan (it is an error), but they must not panic on it.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/columns/roadmap.toml");
    let plan = std::fs::read_to_string(path).expect("the fixture");
    let item = shipped("items/2-1-3.toml");
    for (last, latest) in [
        ("0", "0"),
        ("2024", "2024"),
        ("2020", "2031"),
        ("2029", "0"),
    ] {
        let plan = plan
            .replacen("last_fy = 2029", &format!("last_fy = {last}"), 1)
            .replacen("latest_fy = 2029", &format!("latest_fy = {latest}"), 1);
        assert!(plan.contains(&format!("last_fy = {last}\n")), "{plan}");
        pipeline(plan.as_bytes(), &item);
    }
}

#[test]
fn every_prefix_of_a_file() {
    let plan = shipped("roadmap.toml");
    let item = shipped("items/2-1-3.toml");
    for end in 0..=item.len() {
        pipeline(&plan, &item[..end]);
    }
    for end in (0..=plan.len()).step_by(7) {
        pipeline(&plan[..end], &item);
    }
}

#[test]
fn corrupted_bytes() {
    let plan = shipped("roadmap.toml");
    let item = shipped("items/2-1-3.toml");
    // A fixed linear congruential sequence: the same corruptions on every run.
    let mut state: u64 = 0x2022_0916;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    const NASTY: &[u8] = b"[]{}=\"'\n\r\0\\#.,-_:\xff\xe3\x81";
    for _ in 0..3000 {
        let mut bytes = item.clone();
        for _ in 0..1 + next() % 4 {
            let at = next() % bytes.len();
            match next() % 3 {
                0 => bytes[at] = NASTY[next() % NASTY.len()],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, NASTY[next() % NASTY.len()]),
            }
        }
        pipeline(&plan, &bytes);
    }
}
