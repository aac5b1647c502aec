//! `roadmap`: a government reform roadmap kept as TOML files in git, and the answers to "where do
//! we stand, and what changed?".
//!
//! The core ([`analyze`], [`validate`], [`model`], [`fy`], …) is pure: data in, data out. It never
//! prints, never reads the clock or the environment (the as-of date is passed in), and collects all
//! findings. Reading files ([`load`], [`git`]), argument parsing ([`cli`]) and output ([`render`])
//! live at the edges.

pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod fy;
pub mod git;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod source;
pub mod synth;
pub mod text;
pub mod validate;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::diagnostic::Finding;
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
            f.rel != load::PLAN_FILE,
            model::ItemId::parse(stem).is_none(),
            model::ItemId::parse(stem),
            f.rel.clone(),
        )
    });
    let mut files = Vec::with_capacity(raw.len());
    let mut roadmap = Roadmap::default();
    let mut stems = HashMap::new();
    for file in &raw {
        let decoded = match source::decode(file) {
            Ok(decoded) => decoded,
            Err((finding, lossy)) => {
                findings.push(finding);
                files.push(lossy);
                continue;
            }
        };
        if file.rel == load::PLAN_FILE {
            if let Some(plan) = parse::plan(&decoded, &mut findings) {
                roadmap.plan = plan;
            }
        } else if let Some(item) = parse::item(&decoded, &mut findings) {
            let stem = file.rel.rsplit('/').next().unwrap_or_default();
            stems.insert(file.path.clone(), stem.trim_end_matches(".toml").to_owned());
            roadmap.items.push(item);
        }
        files.push(decoded);
    }
    roadmap.items.sort_by(|a, b| {
        a.id.value
            .cmp(&b.id.value)
            .then_with(|| a.path.cmp(&b.path))
    });
    findings.extend(validate::check(&roadmap, &stems, as_of));
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
