//! [`analyze`]: a roadmap's files in, the model and every finding out. Decoding, parsing and the
//! semantic rules run here, file by file (in parallel), then across files.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::diagnostic::{self, Finding};
use crate::model::Roadmap;
use crate::source::{RawFile, SourceFile};

/// A roadmap read from its files: the model (what could be parsed), the decoded files (so findings
/// can show their text) and every finding, sorted.
#[derive(Debug, Default)]
pub struct Analysis {
    pub roadmap: Roadmap,
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
}

impl Analysis {
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == diagnostic::Severity::Error)
    }
}

/// Decodes, parses and checks a roadmap's files. `findings` are those met while reading them.
pub fn analyze(mut raw: Vec<RawFile>, mut findings: Vec<Finding>, as_of: NaiveDate) -> Analysis {
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
    findings.extend(crate::validate::check(&roadmap, &stems, as_of));
    let order: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(n, f)| (f.path.as_str(), n))
        .collect();
    findings.sort_by(|a, b| {
        let file = |f: &Finding| order.get(f.path.as_str()).copied().unwrap_or(usize::MAX);
        (
            file(a),
            &a.path,
            a.span.as_ref().map(|s| s.start),
            a.code,
            &a.message,
        )
            .cmp(&(
                file(b),
                &b.path,
                b.span.as_ref().map(|s| s.start),
                b.code,
                &b.message,
            ))
    });
    findings.dedup();
    Analysis {
        roadmap,
        files,
        findings,
    }
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
