//! What a `roadmap record` call asks for, read against the roadmap: the item, milestone,
//! indicator and series it names (by id, or by their words), the fiscal years, dates and numbers
//! as typed, the 毎年度 round rules — turned into [`edit::Op`]s on one file. Pure: today is given.

use chrono::NaiveDate;

use crate::edit::{self, NewChange, NewReport, Op};
use crate::i18n::Msg;
use crate::input;
use crate::model::{Fy, Milestone, Reported, Roadmap, SeriesKind, Val};
use crate::source::RawFile;

/// What happened to a milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Done,
    Start,
    Delay,
    Drop,
    Note,
}

/// A report on a milestone, as typed.
#[derive(Clone, Debug, Default)]
pub struct ReportRequest {
    pub item: String,
    pub milestone: String,
    pub on: Option<String>,
    pub fy: Option<String>,
    pub text: Option<String>,
    pub evidence: Option<String>,
    pub by: Option<String>,
    pub reason: Option<String>,
    /// `delay --until WHEN`: also reschedule to end then (a FY or a finer point).
    pub until: Option<String>,
    /// `delay --approx`: that end is approximate (目途).
    pub approx: bool,
}

/// A schedule change, as typed.
#[derive(Clone, Debug, Default)]
pub struct RescheduleRequest {
    pub item: String,
    pub milestone: String,
    pub on: Option<String>,
    pub from: Option<String>,
    /// The FY it now ends.
    pub to: Option<String>,
    /// The end it now has, as typed: a FY or a finer point (`2025-Q3`, `令和7年度第3四半期`).
    pub until: Option<String>,
    /// The new end is approximate (目途).
    pub approx: bool,
    /// It has no end from now on.
    pub open: bool,
    pub reason: String,
}

/// What of an indicator's series is recorded, with what only it keeps: a value its source and
/// publication day, a baseline its source, a target nothing more (the format has no key for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Measure {
    Value {
        source: Option<String>,
        published: Option<String>,
    },
    Target,
    Baseline {
        source: Option<String>,
    },
}

/// A value, target or baseline, as typed.
#[derive(Clone, Debug, Default)]
pub struct MeasureRequest {
    pub item: String,
    pub indicator: String,
    pub series: Option<String>,
    pub fy: String,
    pub value: String,
}

/// A `roadmap record` call, as typed.
#[derive(Clone, Debug)]
pub enum Request {
    Report(Verb, ReportRequest),
    Reschedule(RescheduleRequest),
    Measure(Measure, MeasureRequest),
}

impl Request {
    /// The item as typed: an id (`1-1-1`, also full-width) or words of its title.
    pub fn item(&self) -> &str {
        match self {
            Request::Report(_, r) => &r.item,
            Request::Reschedule(r) => &r.item,
            Request::Measure(_, m) => &m.item,
        }
    }

    /// The call read against the roadmap: the edit it makes, or why it cannot be made.
    pub fn edit(&self, roadmap: &Roadmap, today: NaiveDate) -> Result<Edit, Msg> {
        match self {
            Request::Report(verb, r) => report(roadmap, *verb, r, today),
            Request::Reschedule(r) => reschedule(roadmap, r, today),
            Request::Measure(what, r) => measure(roadmap, what, r),
        }
    }
}

/// The file an edit goes to, and the edit.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// The item file's path, as the roadmap names it.
    pub path: String,
    pub ops: Vec<Op>,
}

impl Edit {
    /// The edit made on the bytes of its file, among the files read: the file's path inside the
    /// roadmap directory and its new bytes.
    pub fn apply(&self, files: &[RawFile]) -> Result<(String, Vec<u8>), Msg> {
        let file = files
            .iter()
            .find(|f| f.path == self.path)
            .ok_or_else(|| Msg::FmtSkipped {
                path: self.path.clone(),
            })?;
        let bytes = edit::apply(&file.bytes, &file.path, &self.ops)?;
        Ok((file.rel.clone(), bytes))
    }
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn day(typed: &Option<String>, today: NaiveDate) -> Result<NaiveDate, Msg> {
    typed.as_deref().map_or(Ok(today), input::date)
}

fn fy(typed: &Option<String>) -> Result<Option<Fy>, Msg> {
    typed.as_deref().map(input::fiscal_year).transpose()
}

/// A report (and, for `delay --until`, the schedule change that goes with it).
pub fn report(
    roadmap: &Roadmap,
    verb: Verb,
    r: &ReportRequest,
    today: NaiveDate,
) -> Result<Edit, Msg> {
    let item = edit::item(roadmap, &r.item)?;
    let m = edit::milestone(item, &r.milestone)?;
    let on = day(&r.on, today)?;
    let round = fy(&r.fy)?;
    let (from, to) = m.schedule_on(on);
    match (m.every_year, round) {
        (false, Some(_)) => {
            return Err(Msg::RoundRefused {
                id: m.id.value.clone(),
            });
        }
        (true, None) if verb == Verb::Done => {
            return Err(Msg::RoundNeeded {
                id: m.id.value.clone(),
                from,
                to,
            });
        }
        (true, Some(y)) if !(from..=to).contains(&y) => {
            return Err(Msg::RoundNotInSpan {
                id: m.id.value.clone(),
                fy: y,
                from,
                to,
            });
        }
        _ => {}
    }
    let status = match verb {
        Verb::Done => Some(Reported::Done),
        Verb::Start => Some(Reported::InProgress),
        Verb::Delay => Some(Reported::Delayed),
        Verb::Drop => Some(Reported::Dropped),
        Verb::Note => None,
    };
    let reason = trimmed(&r.reason);
    // A note is its text: an empty one would count as a report (最終報告日) that says nothing.
    if verb == Verb::Note && trimmed(&r.text).is_none() {
        return Err(Msg::EmptyText {
            key: "TEXT".to_owned(),
        });
    }
    let mut ops = vec![Op::Report {
        milestone: m.id.value.clone(),
        report: NewReport {
            on,
            status,
            fy: round,
            text: trimmed(&r.text),
            evidence: trimmed(&r.evidence),
            by: trimmed(&r.by),
            reason: reason.clone(),
            form: None,
        },
    }];
    if let Some(until) = r.until.as_deref() {
        let end = input::end(until)?;
        check_new_end(roadmap, m, (&end, until), on, true)?;
        ops.push(Op::Change {
            milestone: m.id.value.clone(),
            change: new_change(on, None, end, r.approx, reason.unwrap_or_default()),
        });
    }
    Ok(Edit {
        path: item.path.clone(),
        ops: not_recorded(m, ops),
    })
}

/// Refuses a new end (`typed`) that no change dated `on` can make: one over by that day (a
/// deadline that has passed as it is set: past due at once, or, as a 目途, 目途経過 unseen), and,
/// for a delay (`delay`), one before the end in force (a delay never brings a deadline forward:
/// the diff called it 前倒し beside the 遅延).
pub fn check_new_end(
    roadmap: &Roadmap,
    m: &Milestone,
    (end, typed): (&input::End, &str),
    on: NaiveDate,
    delay: bool,
) -> Result<(), Msg> {
    let start = roadmap.plan.fiscal_year_start;
    let last = (end.until.map(|u| u.last_day(start)))
        .or_else(|| end.to.map(|y| start.end_of(y)))
        .filter(|_| !end.open);
    let Some(last) = last else {
        return Ok(());
    };
    if last < on {
        return Err(Msg::EndPassed {
            end: typed.to_owned(),
            on,
        });
    }
    match m.end_on(on).last_day(start) {
        Some(current) if delay && last < current => Err(Msg::DelayPullsIn {
            id: m.id.value.clone(),
            until: typed.to_owned(),
            current,
        }),
        _ => Ok(()),
    }
}

/// The status reports a change added that do not decide their milestone's state, because a
/// later-dated report (of the same round, for a 毎年度 milestone) says otherwise: written as asked,
/// but said, so that a completion entered after an import dated 実施中 on its own day is not
/// taken for done.
pub fn superseded(d: &crate::diff::Diff, after: &Roadmap) -> Vec<Msg> {
    let mut out = Vec::new();
    for item in &d.items {
        let Some(now) = after.item(&item.id) else {
            continue;
        };
        for md in &item.milestones {
            let Some(m) = now.milestones.iter().find(|m| m.id.value == md.id) else {
                continue;
            };
            for added in md
                .reports
                .iter()
                .filter(|r| r.change == crate::diff::ChangeKind::Added)
            {
                let r = &added.report;
                let Some(status) = r.status.as_ref().map(|s| s.value) else {
                    continue;
                };
                let round = r.fy.as_ref().map(|y| y.value);
                let later = m
                    .reports
                    .iter()
                    .filter(|o| o.fy.as_ref().map(|y| y.value) == round && o.on.value > r.on.value)
                    .filter_map(|o| o.status.as_ref().map(|s| (o.on.value, s.value)))
                    .max_by_key(|(on, _)| *on);
                if let Some((later_on, later)) = later.filter(|(_, s)| *s != status) {
                    out.push(Msg::ReportSuperseded {
                        key: format!("{} {}", item.id, md.id),
                        on: r.on.value,
                        status,
                        later_on,
                        later,
                    });
                }
            }
        }
    }
    out
}

/// The ops that record something the milestone does not hold yet: the same report or change run
/// twice (a command repeated, a line pasted again) is recorded once, and a run that adds nothing
/// writes nothing ("nothing to change").
fn not_recorded(m: &Milestone, ops: Vec<Op>) -> Vec<Op> {
    ops.into_iter()
        .filter(|op| match op {
            Op::Report { report, .. } => !report.is_in(m),
            Op::Change { change, .. } => !change.is_in(m),
            _ => true,
        })
        .collect()
}

/// A change to a typed end (`--approx` makes a FY or a point approximate; 目途 typed does too).
fn new_change(
    on: NaiveDate,
    from: Option<Fy>,
    end: input::End,
    approx: bool,
    reason: String,
) -> NewChange {
    NewChange {
        on,
        from,
        to: end.to,
        until: end.until,
        approx: (end.approx || approx) && !end.open,
        open: end.open,
        reason,
        form: None,
    }
}

/// A schedule change: the published plan stays; the change applies from its date. The new end is
/// a FY (`--to`), a finer point (`--until`, which reads every form `input::end` does), or none
/// (`--open`); `--from` alone moves only the start.
pub fn reschedule(roadmap: &Roadmap, r: &RescheduleRequest, today: NaiveDate) -> Result<Edit, Msg> {
    let item = edit::item(roadmap, &r.item)?;
    let m = edit::milestone(item, &r.milestone)?;
    let end = match (&r.to, &r.until, r.open) {
        (Some(to), ..) => input::End {
            to: Some(input::fiscal_year(to)?),
            ..input::End::default()
        },
        (None, Some(until), _) => input::end(until)?,
        (None, None, open) => input::End {
            open,
            ..input::End::default()
        },
    };
    let on = day(&r.on, today)?;
    let typed = r.until.as_deref().or(r.to.as_deref()).unwrap_or_default();
    check_new_end(roadmap, m, (&end, typed), on, false)?;
    let change = new_change(on, fy(&r.from)?, end, r.approx, r.reason.trim().to_owned());
    let ops = vec![Op::Change {
        milestone: m.id.value.clone(),
        change,
    }];
    Ok(Edit {
        path: item.path.clone(),
        ops: not_recorded(m, ops),
    })
}

/// An indicator value, target or baseline.
pub fn measure(roadmap: &Roadmap, what: &Measure, r: &MeasureRequest) -> Result<Edit, Msg> {
    let item = edit::item(roadmap, &r.item)?;
    let ind = edit::indicator(item, &r.indicator)?;
    let s = edit::series(ind, r.series.as_deref())?;
    let year = input::fiscal_year(&r.fy)?;
    let unit = s.unit.as_ref().map(|u| u.value.as_str());
    let (indicator, series) = (ind.id.value.clone(), s.id.value.clone());
    let op = match what {
        Measure::Value { source, published } => Op::Value {
            indicator,
            series,
            fy: year,
            value: match s.kind.value {
                SeriesKind::Text => Val::Text(r.value.trim().to_owned()),
                SeriesKind::Number => Val::Number(input::number(&r.value, unit)?),
            },
            source: trimmed(source),
            published: published.as_deref().map(input::date).transpose()?,
            note: None,
            form: None,
        },
        Measure::Target => {
            edit::numeric(s)?;
            Op::Target {
                indicator,
                series,
                fy: year,
                value: input::number(&r.value, unit)?,
            }
        }
        Measure::Baseline { source } => {
            edit::numeric(s)?;
            Op::Baseline {
                indicator,
                series,
                fy: year,
                value: input::number(&r.value, unit)?,
                source: trimmed(source),
            }
        }
    };
    Ok(Edit {
        path: item.path.clone(),
        ops: vec![op],
    })
}
