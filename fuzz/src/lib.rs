//! What the fuzz targets share: the roadmaps they run against (the shipped one and the form
//! fixture, read once from the repository), the pipeline the read-only commands run on an
//! analysis, and the import of a workbook against both roadmaps. A target panics only where a
//! property is broken; the tool's own errors are answers, not crashes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use roadmap::Analysis;
use roadmap::i18n::Lang;
use roadmap::source::RawFile;

/// The day the targets take as today and as the as-of day.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 30).expect("a date")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A roadmap read from the repository, once: its files and their analysis.
pub struct Known {
    pub files: Vec<RawFile>,
    pub analysis: Analysis,
}

fn read(dir: &str) -> Known {
    let read = roadmap::load::read_dir(&repo().join(dir), Path::new(dir))
        .expect("the roadmap of the repository reads");
    let analysis = roadmap::analyze(read.files.clone(), Vec::new(), as_of());
    Known {
        files: read.files,
        analysis,
    }
}

/// The shipped roadmap (roadmap/).
pub fn shipped() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| read("roadmap"))
}

/// The small roadmap the form tests use (tests/fixtures/form).
pub fn form_fixture() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| read("tests/fixtures/form"))
}

/// The plan and one item of a known roadmap, with `rel` holding `bytes` instead: a plan and an
/// item are all the analysis needs to exercise every rule of one file against the other.
pub fn with(known: &Known, item: &str, rel: &str, bytes: &[u8]) -> Vec<RawFile> {
    known
        .files
        .iter()
        .filter(|f| f.rel == roadmap::load::PLAN_FILE || f.rel == item)
        .map(|f| {
            let mut f = f.clone();
            if f.rel == rel {
                f.bytes = bytes.to_vec();
            }
            f
        })
        .collect()
}

/// What the read-only commands do with an analysis: its findings in every format, the standing
/// and its views, the report (Markdown, the HTML summary, CSV), the burn-up, and the diff from
/// `base`.
pub fn pipeline(a: &Analysis, base: &Analysis) {
    use roadmap::render;
    let day = as_of();
    for f in a.findings.iter().take(50) {
        let _ = render::diagnostics::human_one(a, f, Lang::Ja);
    }
    let _ = render::diagnostics::json(a, true, Lang::En);
    let _ = render::diagnostics::github(a, true, Lang::Ja);
    let standing = roadmap::status::compute(&a.roadmap, day, &Default::default());
    for lang in Lang::ALL {
        let view = render::status::View {
            lang,
            ascii: lang == Lang::En,
            color: false,
            width: 80,
        };
        let _ = render::status::overview(&a.roadmap, &standing, &view);
        let _ = render::timeline::timeline(&a.roadmap, &standing, &view);
        let _ = render::status::markdown(&a.roadmap, &standing, lang);
    }
    let _ = render::status::write_json(&a.roadmap, &standing, &mut Vec::new());
    let report = roadmap::report::build(&a.roadmap, &standing);
    let _ = render::report::md::write(&report, Lang::Ja, &mut Vec::new());
    // The whole page is left out: escaping it over its megabytes made an input take a second
    // (the escape target checks its escaper, tests/cli/report.rs the page).
    let _ = render::report::html::render_summary(&report, Lang::Ja);
    let milestones = render::report::csv::List::Milestones;
    let _ = render::report::csv::write(&report, milestones, Lang::En, &mut Vec::new());
    let _ = roadmap::burnup::points(&a.roadmap, day, None);
    let diff = roadmap::diff::diff(&base.roadmap, &a.roadmap, &Default::default());
    let _ = roadmap::diff::attention(&diff);
    let _ = render::diff::human_body(&diff, Lang::Ja);
    let side = roadmap::diff::Side::default();
    let _ = render::diff::markdown(&diff, &side, &side, 65_000, Lang::En);
}

/// Reads `bytes` as a workbook named `path` and imports it against both known roadmaps, as
/// `roadmap import` does: the sheet reader, the form's own account, every answer checked, the
/// edits applied to the files.
pub fn import(bytes: &[u8], path: &str) {
    let Ok(book) = roadmap::sheet::read(bytes, path) else {
        return;
    };
    for known in [shipped(), form_fixture()] {
        let Ok(sent) = roadmap::import::sent(&book, path) else {
            return;
        };
        if roadmap::import::check_ours(&sent.meta, &known.analysis.roadmap.plan).is_err() {
            continue;
        }
        let req = roadmap::import::Request {
            roadmap: &known.analysis.roadmap,
            path,
            today: as_of(),
            force: true,
        };
        let Ok(outcome) = roadmap::import::import(&req, &book, sent) else {
            continue;
        };
        for edit in &outcome.edits {
            if let Some(file) = known.files.iter().find(|f| f.path == edit.path) {
                let _ = roadmap::edit::apply(&file.bytes, &file.path, &edit.ops);
            }
        }
    }
}

/// The item the analysis targets put next to the plan.
pub const ITEM: &str = "items/2-1-3.toml";

/// The shipped plan and item [`ITEM`], with the file `rel` holding `data`, analysed and put
/// through the [`pipeline`] (the diff from the two files as shipped).
pub fn analyze_with(rel: &str, data: &[u8]) {
    static BASE: OnceLock<Analysis> = OnceLock::new();
    let base =
        BASE.get_or_init(|| roadmap::analyze(with(shipped(), ITEM, "", &[]), Vec::new(), as_of()));
    let a = roadmap::analyze(with(shipped(), ITEM, rel, data), Vec::new(), as_of());
    pipeline(&a, base);
}
