//! [`analyze`]: a roadmap's files in, the model and every finding out. Decoding, parsing and the
//! semantic rules run here, file by file (in parallel), then across files.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Finding, Severity, Tally};
use crate::i18n::Msg;
use crate::model::Roadmap;
use crate::source::{RawFile, SourceFile};

/// A roadmap read from its files: the model (what could be parsed), the decoded files (so findings
/// can show their text) and every finding, sorted.
#[derive(Debug, Default)]
pub struct Analysis {
    pub roadmap: Roadmap,
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    /// Index into `files` by path.
    by_path: HashMap<String, usize>,
}

/// Findings shown per file; the rest are counted in one more finding (RM009). A file under the size
/// cap can hold tens of thousands of findings, and no one reads past the first screens.
pub const MAX_FINDINGS_PER_FILE: usize = 100;

impl Analysis {
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.by_path.get(path).and_then(|n| self.files.get(*n))
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Decodes, parses and checks a roadmap's files. `findings` are those met while reading them;
/// `today` is the day no milestone can be done after (RM209).
pub fn analyze(mut raw: Vec<RawFile>, mut findings: Vec<Finding>, today: NaiveDate) -> Analysis {
    // Source order: the plan first, then items by id (numerically: 1-1-9 before 1-1-10).
    raw.sort_by_cached_key(|f| {
        let stem = f
            .rel
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".toml");
        (
            f.rel != crate::load::PLAN_FILE,
            crate::model::ItemId::parse(stem).is_none(),
            crate::model::ItemId::parse(stem),
            f.rel.clone(),
        )
    });
    let mut files = Vec::with_capacity(raw.len());
    let mut roadmap = Roadmap::default();
    let mut stems = HashMap::new();
    for (file, read) in raw.iter().zip(parallel_map(&raw, read_file)) {
        findings.extend(read.findings);
        match read.parsed {
            Parsed::Plan(plan) => roadmap.plan = *plan,
            Parsed::Item(item) => {
                let stem = file.rel.rsplit('/').next().unwrap_or_default();
                stems.insert(file.path.clone(), stem.trim_end_matches(".toml").to_owned());
                roadmap.items.push(*item);
            }
            Parsed::Nothing => {}
        }
        files.push(read.file);
    }
    roadmap.items.sort_by(|a, b| {
        a.id.value
            .cmp(&b.id.value)
            .then_with(|| a.path.cmp(&b.path))
    });
    findings.extend(crate::validate::check(&roadmap, &stems, today));
    let order: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(n, f)| (f.path.as_str(), n))
        .collect();
    // Each finding's file looked up once, not in every comparison.
    let mut keyed: Vec<(usize, Finding)> = findings
        .into_iter()
        .map(|f| {
            let file = order.get(f.path.as_str()).copied().unwrap_or(usize::MAX);
            (file, f)
        })
        .collect();
    keyed.sort_by(|(fa, a), (fb, b)| {
        let key = |f: &Finding| (f.span.as_ref().map(|s| s.start), f.code);
        (fa, &a.path, key(a), &a.message).cmp(&(fb, &b.path, key(b), &b.message))
    });
    let mut findings: Vec<Finding> = keyed.into_iter().map(|(_, f)| f).collect();
    findings.dedup();
    let findings = cap_per_file(findings);
    let by_path = files
        .iter()
        .enumerate()
        .map(|(n, f)| (f.path.clone(), n))
        .collect();
    Analysis {
        roadmap,
        files,
        findings,
        by_path,
    }
}

/// Keeps the first [`MAX_FINDINGS_PER_FILE`] findings of each file (they are sorted by file) and
/// counts the rest in one finding, an error when any of them is.
fn cap_per_file(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len().min(1024));
    let mut dropped: Option<(String, Tally)> = None;
    let mut in_file = 0;
    let flush = |out: &mut Vec<Finding>, dropped: &mut Option<(String, Tally)>| {
        if let Some((path, t)) = dropped.take() {
            let mut f = Finding::new(
                Code::TooManyFindings,
                path,
                None,
                Msg::MoreFindings {
                    errors: t.errors,
                    warnings: t.warnings,
                },
            );
            if t.errors == 0 {
                f.severity = Severity::Warning;
            }
            out.push(f);
        }
    };
    for f in findings {
        if out.last().is_none_or(|last| last.path != f.path) {
            flush(&mut out, &mut dropped);
            in_file = 0;
        }
        in_file += 1;
        if in_file <= MAX_FINDINGS_PER_FILE {
            out.push(f);
            continue;
        }
        let (_, t) = dropped.get_or_insert_with(|| (f.path.clone(), Tally::default()));
        match f.severity {
            Severity::Error => t.errors += 1,
            Severity::Warning => t.warnings += 1,
        }
    }
    flush(&mut out, &mut dropped);
    out
}

enum Parsed {
    Plan(Box<crate::model::Plan>),
    Item(Box<crate::model::Item>),
    Nothing,
}

/// One file decoded and parsed, with its own findings.
struct ReadFile {
    file: SourceFile,
    parsed: Parsed,
    findings: Vec<Finding>,
}

fn read_file(raw: &RawFile) -> ReadFile {
    let mut findings = Vec::new();
    let (file, undecodable) = crate::source::decode(raw);
    if let Some(finding) = undecodable {
        return ReadFile {
            file,
            parsed: Parsed::Nothing,
            findings: vec![finding],
        };
    }
    let parsed = if raw.rel == crate::load::PLAN_FILE {
        crate::parse::plan(&file, &mut findings)
            .map_or(Parsed::Nothing, |p| Parsed::Plan(Box::new(p)))
    } else {
        crate::parse::item(&file, &mut findings)
            .map_or(Parsed::Nothing, |i| Parsed::Item(Box::new(i)))
    };
    ReadFile {
        file,
        parsed,
        findings,
    }
}

/// Maps `f` over `items` on all cores, keeping the order. Files parse independently, and a
/// 10,000-item roadmap should not wait for one core.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: fn(&T) -> R) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
