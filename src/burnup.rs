//! Progress over time, from the dates the roadmap itself records: on each quarter's last day
//! (and the as-of day), how many milestones were reported done, how many had any report, and how
//! many the calendar puts past their schedule (期限超過, derived). Needs no git: a report's date is
//! the day it took effect, and schedule changes count from theirs.
//!
//! Pure: the roadmap and the as-of day in, the points out.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::model::{ItemId, Roadmap};
use crate::status::{State, milestone_state};

/// The roadmap on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    pub on: NaiveDate,
    /// Milestones counted (those of the items asked for).
    pub total: usize,
    /// Reported done by that day.
    pub done: usize,
    /// With at least one report by that day.
    pub reported: usize,
    /// Reported delayed (遅延) by that day.
    pub delayed: usize,
    /// Past their schedule by the calendar, with no report saying done, dropped or delayed:
    /// derived, not reported.
    pub past_due: usize,
}

/// The days a burn-up is drawn on: every quarter's last day from the plan's first FY up to
/// `as_of`, then `as_of` itself.
pub fn days(roadmap: &Roadmap, as_of: NaiveDate) -> Vec<NaiveDate> {
    let calendar = roadmap.plan.fiscal_year_start;
    let start = calendar.start_of(roadmap.plan.period.first_fy.value);
    let mut out = Vec::new();
    for quarter in 1.. {
        let Some(end) = start
            .checked_add_months(Months::new(3 * quarter))
            .and_then(|d| d.pred_opt())
        else {
            break;
        };
        if end >= as_of {
            break;
        }
        out.push(end);
    }
    if start <= as_of {
        out.push(as_of);
    }
    out
}

/// The burn-up of the roadmap (or of one item) on each of [`days`].
pub fn points(roadmap: &Roadmap, as_of: NaiveDate, item: Option<ItemId>) -> Vec<Point> {
    let calendar = crate::status::Calendar::of(&roadmap.plan);
    let milestones: Vec<_> = roadmap
        .items
        .iter()
        .filter(|i| item.is_none_or(|id| i.id.value == id))
        .flat_map(|i| &i.milestones)
        // A 再掲 is the milestone it restates: counted once, where it is recorded.
        .filter(|m| m.restates.is_none())
        .collect();
    let days = days(roadmap, as_of);
    // Every milestone is looked at on every day (40,000 of them on a dozen days took 30 ms on one
    // core): on all cores, then counted.
    let per_day = crate::par::map(milestones, |m| {
        days.iter()
            .map(|on| {
                let reported = m.reports.iter().any(|r| r.on.value <= *on);
                (reported, milestone_state(m, *on, calendar).0)
            })
            .collect::<Vec<_>>()
    });
    let mut points: Vec<Point> = days
        .iter()
        .map(|on| Point {
            on: *on,
            total: per_day.len(),
            done: 0,
            reported: 0,
            delayed: 0,
            past_due: 0,
        })
        .collect();
    for states in per_day {
        for (p, (reported, state)) in points.iter_mut().zip(states) {
            p.reported += usize::from(reported);
            match state {
                State::Done => p.done += 1,
                State::Delayed => p.delayed += 1,
                State::PastDue => p.past_due += 1,
                _ => {}
            }
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_ends_then_the_as_of_day() {
        let mut rm = Roadmap::default();
        rm.plan.period.first_fy.value = 2022;
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(
            days(&rm, d(2023, 1, 15)),
            vec![
                d(2022, 6, 30),
                d(2022, 9, 30),
                d(2022, 12, 31),
                d(2023, 1, 15)
            ]
        );
        assert_eq!(days(&rm, d(2022, 3, 1)), Vec::<NaiveDate>::new());
    }

    #[test]
    fn a_restatement_is_counted_once() {
        use crate::model::{Item, Milestone, Sp};
        let ms = |id: &str, restates: Option<&str>| Milestone {
            id: Sp::bare(id.to_owned()),
            from: Sp::bare(2022),
            to: Sp::bare(2022),
            restates: restates.map(|r| Box::new(Sp::bare(r.to_owned()))),
            ..Milestone::default()
        };
        let mut rm = Roadmap::default();
        rm.plan.period.first_fy.value = 2022;
        rm.items = vec![Item {
            milestones: vec![ms("a", None), ms("b", Some("1-1-1/a"))],
            ..Item::default()
        }];
        let d = NaiveDate::from_ymd_opt(2023, 6, 30).unwrap_or_default();
        let last = points(&rm, d, None).pop().expect("a point");
        assert_eq!((last.total, last.past_due), (1, 1));
    }
}
