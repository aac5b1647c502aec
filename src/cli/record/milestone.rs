//! The arguments of the verbs that report on a milestone (done, start, delay, drop, note), and the
//! milestone and day every milestone verb names.

use clap::Args;
use clap_complete::engine::ArgValueCompleter;

use crate::cli::complete::{items, milestones};
use crate::cli::values;
use crate::record::ReportRequest;

/// The milestone a verb is about.
#[derive(Debug, Args)]
pub struct Which {
    /// The item, e.g. 1-1-1
    #[arg(add = ArgValueCompleter::new(items))]
    pub(super) item: String,
    /// The milestone: its id, or a part of its text that only it has
    #[arg(add = ArgValueCompleter::new(milestones))]
    pub(super) milestone: String,
}

/// Who reported, and when: every verb that writes a report takes these.
#[derive(Debug, Args)]
pub struct When {
    #[command(flatten)]
    which: Which,
    /// The day it took effect [default: today]
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Who reports it (部局・担当)
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

impl When {
    fn request(&self) -> ReportRequest {
        ReportRequest {
            item: self.which.item.clone(),
            milestone: self.which.milestone.clone(),
            on: self.on.clone(),
            by: self.by.clone(),
            ..ReportRequest::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct Done {
    #[command(flatten)]
    when: When,
    /// The round (FY) of a 毎年度 milestone
    #[arg(long, value_name = "FY")]
    fy: Option<String>,
    /// What was done (進捗状況)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    note: Option<String>,
    /// A document or URL that shows it
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    evidence: Option<String>,
}

impl From<&Done> for ReportRequest {
    fn from(a: &Done) -> Self {
        let mut r = a.when.request();
        (r.fy, r.text, r.evidence) = (a.fy.clone(), a.note.clone(), a.evidence.clone());
        r
    }
}

#[derive(Debug, Args)]
pub struct Start {
    #[command(flatten)]
    when: When,
    /// What was started (進捗状況)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    note: Option<String>,
}

impl From<&Start> for ReportRequest {
    fn from(a: &Start) -> Self {
        let mut r = a.when.request();
        r.text = a.note.clone();
        r
    }
}

#[derive(Debug, Args)]
pub struct Delay {
    #[command(flatten)]
    when: When,
    /// Why it is late (required)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    reason: String,
    /// Also reschedule it to end then: a FY or a finer point, as reschedule --until takes it
    /// (the published plan is kept)
    #[arg(long, value_name = "WHEN")]
    until: Option<String>,
    /// That end is approximate (目途): no deadline
    #[arg(long, requires = "until")]
    approx: bool,
    /// Where it stands (進捗状況)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    note: Option<String>,
}

impl From<&Delay> for ReportRequest {
    fn from(a: &Delay) -> Self {
        let mut r = a.when.request();
        (r.reason, r.until, r.text) = (Some(a.reason.clone()), a.until.clone(), a.note.clone());
        r.approx = a.approx;
        r
    }
}

#[derive(Debug, Args)]
pub struct Drop {
    #[command(flatten)]
    when: When,
    /// Why it is no longer pursued (required)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    reason: String,
}

impl From<&Drop> for ReportRequest {
    fn from(a: &Drop) -> Self {
        let mut r = a.when.request();
        r.reason = Some(a.reason.clone());
        r
    }
}

#[derive(Debug, Args)]
pub struct Note {
    #[command(flatten)]
    when: When,
    /// What happened
    #[arg(allow_hyphen_values = true, value_parser = values::text)]
    text: String,
    /// The round (FY) of a 毎年度 milestone it is about
    #[arg(long, value_name = "FY")]
    fy: Option<String>,
    /// A document or URL that shows it
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    evidence: Option<String>,
}

impl From<&Note> for ReportRequest {
    fn from(a: &Note) -> Self {
        let mut r = a.when.request();
        (r.text, r.fy, r.evidence) = (Some(a.text.clone()), a.fy.clone(), a.evidence.clone());
        r
    }
}
