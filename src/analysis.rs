//! [`analyze`]: a roadmap's files in, the model and every finding out. Decoding, parsing and the
//! semantic rules run here, file by file (in parallel), then across files.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::diagnostic::{Code, Finding, Severity, Tally};
use crate::i18n::Msg;
use crate::model::{Roadmap, TimeZone};
use crate::source::{RawFile, SourceFile};

/// A roadmap read from its files: the model (what could be parsed), the decoded files (so findings
/// can show their text) and every finding, sorted.
#[derive(Debug, Default)]
pub struct Analysis {
    pub roadmap: Roadmap,
    /// Today, in the plan's time zone: the default as-of date.
    pub today: NaiveDate,
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

    /// The error findings this analysis has and `before` has not: what an edit would add (a
    /// finding is known by its file, code and words, since an edit moves the lines below it).
    pub fn errors_added_since(&self, before: &Analysis) -> Vec<&Finding> {
        let key = |f: &Finding| (f.path.clone(), f.code, f.message.clone());
        let old: std::collections::BTreeSet<_> = before.findings.iter().map(key).collect();
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !old.contains(&key(f)))
            .collect()
    }

    /// Lets the files go: their paths, the index by path, and the text kept for files with
    /// findings (a clean file's text is let go in [`analyze`]). The model and the findings stay,
    /// though the findings can no longer show their lines. A command calls it once it has printed
    /// what it had to say about the files: 4 MiB of the peak of a 10,000-item `status` or report.
    pub fn release_files(&mut self) {
        self.files = Vec::new();
        self.by_path = HashMap::new();
    }

    /// A model with no rule run over it and no files: what `log` compares, showing no finding.
    pub fn unchecked(roadmap: Roadmap) -> Self {
        Self {
            roadmap,
            ..Self::default()
        }
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// When "today" is: an instant, whose date depends on the plan's time zone, or a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    At(DateTime<Utc>),
    Day(NaiveDate),
}

impl Clock {
    /// The day it is in a zone.
    pub fn today(self, zone: TimeZone) -> NaiveDate {
        match self {
            Clock::At(now) => zone.date_of(now),
            Clock::Day(d) => d,
        }
    }
}

impl From<NaiveDate> for Clock {
    fn from(d: NaiveDate) -> Self {
        Clock::Day(d)
    }
}

/// Decodes, parses and checks a roadmap's files. `findings` are those met while reading them;
/// nothing can be reported after today (RM209), which `clock` gives in the plan's time zone.
pub fn analyze(raw: Vec<RawFile>, findings: Vec<Finding>, clock: impl Into<Clock>) -> Analysis {
    analyze_read(crate::par::map(raw, read_file), findings, clock)
}

/// [`analyze`] of files already decoded and parsed ([`read_file`]): the changed files `diff`
/// has parsed, checked with the findings met reading them.
pub fn analyze_read(
    reads: Vec<ReadFile>,
    mut findings: Vec<Finding>,
    clock: impl Into<Clock>,
) -> Analysis {
    let (roadmap, mut files) = assemble(reads, &mut findings);
    let today = clock.into().today(roadmap.plan.timezone);
    findings.extend(crate::validate::check(&roadmap, today));
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
    let shown: std::collections::HashSet<&str> = findings.iter().map(|f| f.path.as_str()).collect();
    for file in &mut files {
        if !shown.contains(file.path.as_str()) {
            file.forget_text();
        }
    }
    let by_path = files
        .iter()
        .enumerate()
        .map(|(n, f)| (f.path.clone(), n))
        .collect();
    Analysis {
        roadmap,
        today,
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

/// The model of files already parsed, without the rules: the side of a diff that is only
/// compared (the old one), whose findings nobody reads.
pub fn model_of(reads: Vec<ReadFile>) -> Roadmap {
    assemble(reads, &mut Vec::new()).0
}

/// The files in source order, their models put together as a roadmap (items by id, timings
/// resolved), their findings added to `findings`.
fn assemble(mut reads: Vec<ReadFile>, findings: &mut Vec<Finding>) -> (Roadmap, Vec<SourceFile>) {
    // Source order: the plan first, then items by id (numerically: 1-1-9 before 1-1-10).
    reads.sort_by_cached_key(|f| {
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
    let mut files = Vec::with_capacity(reads.len());
    let mut roadmap = Roadmap::default();
    // Room for every item at once: grown by doubling, 100,000 items' vector held a quarter more
    // (13 MB) to the end of the run.
    roadmap.items.reserve(reads.len());
    let mut unread_plan = None;
    for read in reads {
        findings.extend(read.findings);
        match read.parsed {
            Parsed::Plan(plan) => roadmap.plan = *plan,
            Parsed::Item(item) => roadmap.items.push(*item),
            Parsed::Nothing if read.rel == crate::load::PLAN_FILE => {
                unread_plan = Some(read.file.path.clone());
            }
            Parsed::Nothing => {}
        }
        files.push(read.file);
    }
    // The rules that need the plan are skipped without it: said, not silent (validate promises
    // every finding in one run, and these come only once the plan reads).
    if let Some(path) = unread_plan.filter(|_| !roadmap.items.is_empty()) {
        findings.push(Finding::new(
            Code::PlanUnread,
            path,
            None,
            Msg::PlanUnread {
                items: roadmap.items.len(),
            },
        ));
    }
    roadmap.items.sort_by(|a, b| {
        a.id.value
            .cmp(&b.id.value)
            .then_with(|| a.path.cmp(&b.path))
    });
    crate::timing::resolve(&mut roadmap);
    (roadmap, files)
}

#[derive(Clone, Debug)]
enum Parsed {
    Plan(Box<crate::model::Plan>),
    Item(Box<crate::model::Item>),
    Nothing,
}

/// One file decoded and parsed, with its own findings: what [`analyze_read`] puts together.
#[derive(Clone, Debug)]
pub struct ReadFile {
    /// The path inside the roadmap directory (see [`RawFile::rel`]).
    pub rel: String,
    file: SourceFile,
    parsed: Parsed,
    findings: Vec<Finding>,
}

impl ReadFile {
    /// The path as shown to users.
    pub fn path(&self) -> &str {
        &self.file.path
    }
}

/// Decodes (taking the bytes over, not copying them) and parses one file.
pub fn read_file(raw: RawFile) -> ReadFile {
    let mut findings = Vec::new();
    let rel = raw.rel.clone();
    let (file, undecodable) = crate::source::decode(raw);
    if let Some(finding) = undecodable {
        return ReadFile {
            rel,
            file,
            parsed: Parsed::Nothing,
            findings: vec![finding],
        };
    }
    let parsed = if rel == crate::load::PLAN_FILE {
        crate::parse::plan(&file, &mut findings)
            .map_or(Parsed::Nothing, |p| Parsed::Plan(Box::new(p)))
    } else {
        let stem = rel.rsplit('/').next().unwrap_or_default();
        crate::parse::item(&file, &mut findings).map_or(Parsed::Nothing, |i| {
            findings.extend(crate::validate::check_stem(
                &i,
                stem.trim_end_matches(".toml"),
            ));
            Parsed::Item(Box::new(i))
        })
    };
    ReadFile {
        rel,
        file,
        parsed,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Clock {
        Clock::At(s.parse().expect("an RFC 3339 instant"))
    }

    #[test]
    fn today_is_the_plans_day_not_the_machines() {
        let tokyo = TimeZone::default();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        // 20:00 UTC is 05:00 the next morning in Tokyo.
        assert_eq!(at("2026-11-24T20:00:00Z").today(tokyo), day(2026, 11, 25));
        assert_eq!(at("2026-11-24T14:59:59Z").today(tokyo), day(2026, 11, 24));
        // 16:00 UTC on March 31 is April 1 in Tokyo: the new fiscal year.
        let fy = crate::model::FyStart::default();
        assert_eq!(fy.fy_of(at("2027-03-31T16:00:00Z").today(tokyo)), 2027);
        assert_eq!(fy.fy_of(at("2027-03-31T14:00:00Z").today(tokyo)), 2026);
        // A given day is that day, in any zone.
        assert_eq!(Clock::Day(day(2024, 1, 1)).today(tokyo), day(2024, 1, 1));
    }
}
