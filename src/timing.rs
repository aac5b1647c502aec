//! When a milestone ends, as the sources write it: a fiscal year (the shipped plan's only kind), a
//! half or quarter of a FY, a calendar month or year, an approximate point (目途, 夏頃), an event
//! (法令上の措置施行まで), or nothing at all (継続, 速やかに).
//!
//! Only the hard kinds (fy, half, quarter, month, year) are deadlines. An approximate point is shown
//! as such and never makes a milestone `past_due`; an event or an open end has no date to pass.
//! Pure: the calendar (the FY start) is an input.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Fy, FyStart, Milestone, Reported, Roadmap, Sp};

/// An end point finer than (or other than) a FY, as `until` writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Until {
    /// `2025-H1`: the first (上期) or second (下期) half of a FY.
    Half(Fy, u8),
    /// `2025-Q3`: a quarter of a FY (1 = the first three months of the FY).
    Quarter(Fy, u8),
    /// `2025-12`: a calendar month.
    Month(i32, u32),
    /// `CY2025`: a calendar year, to its end (令和7年末).
    Year(i32),
}

impl Until {
    /// Parses `2025-H1`, `2025-Q3`, `2025-12` or `CY2025`.
    pub fn parse(s: &str) -> Option<Self> {
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| crate::fy::in_range(*y))
        };
        if let Some(y) = s.strip_prefix("CY") {
            return year(y).map(Until::Year);
        }
        let (y, rest) = s.split_once('-')?;
        let y = year(y)?;
        match rest.as_bytes() {
            [b'H', h @ (b'1' | b'2')] => Some(Until::Half(y, h - b'0')),
            [b'Q', q @ b'1'..=b'4'] => Some(Until::Quarter(y, q - b'0')),
            [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                let m = u32::from((a - b'0') * 10 + (b - b'0'));
                (1..=12).contains(&m).then_some(Until::Month(y, m))
            }
            _ => None,
        }
    }

    /// The last day of the point.
    pub fn last_day(self, start: FyStart) -> NaiveDate {
        let months_after = |fy: Fy, months: u32| {
            // The day before the FY's start moved on by `months`.
            let first = start.start_of(fy);
            first
                .checked_add_months(chrono::Months::new(months))
                .and_then(|d| d.pred_opt())
                .unwrap_or(NaiveDate::MAX)
        };
        match self {
            Until::Half(fy, h) => months_after(fy, u32::from(h) * 6),
            Until::Quarter(fy, q) => months_after(fy, u32::from(q) * 3),
            Until::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt())
                .unwrap_or(NaiveDate::MAX),
            Until::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The FY the point ends in.
    pub fn fy(self, start: FyStart) -> Fy {
        match self {
            Until::Half(fy, _) | Until::Quarter(fy, _) => fy,
            _ => start.fy_of(self.last_day(start)),
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            Until::Half(..) => Kind::Half,
            Until::Quarter(..) => Kind::Quarter,
            Until::Month(..) => Kind::Month,
            Until::Year(_) => Kind::Year,
        }
    }

    /// As the file writes it.
    pub fn as_text(self) -> String {
        match self {
            Until::Half(y, h) => format!("{y}-H{h}"),
            Until::Quarter(y, q) => format!("{y}-Q{q}"),
            Until::Month(y, m) => format!("{y}-{m:02}"),
            Until::Year(y) => format!("CY{y}"),
        }
    }
}

impl Serialize for Until {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_text())
    }
}

/// The kind of a milestone's end (`timing` in the status JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Fy,
    Half,
    Quarter,
    Month,
    Year,
    /// An approximate point (目途, 夏頃): never a hard deadline.
    Approx,
    /// Ends at an event (法令上の措置施行まで), optionally another milestone's completion.
    Event,
    /// No end (継続, 速やかに, 「2020年度～」).
    Open,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Fy => "fy",
            Kind::Half => "half",
            Kind::Quarter => "quarter",
            Kind::Month => "month",
            Kind::Year => "year",
            Kind::Approx => "approx",
            Kind::Event => "event",
            Kind::Open => "open",
        }
    }

    /// Whether passing the end without a report of completion makes the milestone past due.
    pub fn is_deadline(self) -> bool {
        !matches!(self, Kind::Approx | Kind::Event | Kind::Open)
    }
}

/// A milestone's end as the file says it (with the changes dated by a day applied): what every
/// view words (`Lang::end`), never a FY the file did not write. Serialized as the status JSON's
/// `timing`, `until`, `event` and `event_of`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct End {
    #[serde(rename = "timing")]
    pub kind: Kind,
    /// The point, for the kinds that have one (and approximate points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Until>,
    /// The FY it ends in: a FY end's, an approximate FY's (目途 on a FY), a point's; `None` for an
    /// event or an open end, which have none.
    #[serde(skip)]
    pub fy: Option<Fy>,
    /// The event it ends at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The milestone whose completion is the event (`ms` or `item/ms`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_of: Option<String>,
}

impl End {
    /// A FY end (the shipped plan's only kind).
    pub fn fy(fy: Fy) -> Self {
        Self {
            kind: Kind::Fy,
            until: None,
            fy: Some(fy),
            event: None,
            event_of: None,
        }
    }

    /// The hard deadline finer than a FY, if the end has one.
    pub fn deadline(&self, start: FyStart) -> Option<NaiveDate> {
        match self.kind {
            Kind::Half | Kind::Quarter | Kind::Month | Kind::Year => {
                self.until.map(|u| u.last_day(start))
            }
            _ => None,
        }
    }

    /// The last day of the end, for every end with a date (an approximate one too); `None` for an
    /// event or an open end. Ends are compared by it: a FY ends on its last day, a quarter on its
    /// own.
    pub fn last_day(&self, start: FyStart) -> Option<NaiveDate> {
        match (self.until, self.fy) {
            (Some(u), _) => Some(u.last_day(start)),
            (None, Some(fy)) if self.kind != Kind::Event && self.kind != Kind::Open => {
                Some(start.end_of(fy))
            }
            _ => None,
        }
    }

    /// Whether it is approximate (目途).
    pub fn is_approx(&self) -> bool {
        self.kind == Kind::Approx
    }

    /// The same end, comparing what it says of time (the event's words are text, compared apart).
    pub fn same_time(&self, other: &End) -> bool {
        (self.kind, self.until, self.fy) == (other.kind, other.until, other.fy)
    }
}

impl Milestone {
    /// The end of the published plan (当初計画).
    pub fn published_end(&self) -> End {
        let until = self.until.as_ref().map(|u| u.value);
        let kind = match (until, self.approx, &self.event, self.open) {
            (_, true, ..) if until.is_some() || !self.to_implied => Kind::Approx,
            (Some(u), ..) => u.kind(),
            (None, _, Some(_), _) => Kind::Event,
            (None, _, None, true) => Kind::Open,
            _ => Kind::Fy,
        };
        let fy = match kind {
            Kind::Event | Kind::Open => None,
            _ => Some(self.to.value),
        };
        End {
            kind,
            until,
            fy,
            event: self.event.as_ref().map(|e| e.value.clone()),
            event_of: self.event_of.as_ref().map(|e| e.value.clone()),
        }
    }

    /// The end in force on a day: the published one, or the last change dated by then that moved
    /// the end (to a FY with `to`, to a point with `until`, either approximate with `approx`, or
    /// to no end with `open`). A point a change writes without `approx` is a hard one.
    pub fn end_on(&self, day: NaiveDate) -> End {
        let mut changes: Vec<_> = self
            .changes
            .iter()
            .filter(|c| c.on.value <= day && c.moves_end())
            .collect();
        changes.sort_by_key(|c| c.on.value);
        let Some(c) = changes.last() else {
            return self.published_end();
        };
        let until = c.until.as_ref().map(|u| u.value);
        let kind = match (c.open, c.approx, until) {
            (true, ..) => Kind::Open,
            (false, true, _) => Kind::Approx,
            (false, false, Some(u)) => u.kind(),
            (false, false, None) => Kind::Fy,
        };
        End {
            kind,
            until,
            fy: (kind != Kind::Open)
                .then(|| c.to.as_ref().map(|t| t.value))
                .flatten(),
            event: None,
            event_of: None,
        }
    }
}

impl Milestone {
    /// Derived: the changes dated on or before `day` that were made after the deadline in force
    /// the day before had passed with no completion or drop reported by then (期限経過後の変更):
    /// a change that turned a past-due milestone into one on schedule, which every view says
    /// beside it (the published plan is evidence, and so is the deadline missed before a change).
    pub fn changes_after_deadline(&self, day: NaiveDate, start: FyStart) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        for c in self.changes.iter().filter(|c| c.on.value <= day) {
            let on = c.on.value;
            let Some(before) = on.pred_opt() else {
                continue;
            };
            let end = self.end_on(before);
            let passed = end.kind.is_deadline() && end.last_day(start).is_some_and(|d| d < on);
            let closed = self.reports.iter().any(|r| {
                r.on.value <= on
                    && r.status
                        .as_ref()
                        .is_some_and(|s| matches!(s.value, Reported::Done | Reported::Dropped))
                    && (r.fy.is_none() || r.fy.as_ref().map(|y| y.value) == end.fy)
            });
            if passed && !closed && !out.contains(&on) {
                out.push(on);
            }
        }
        out.sort();
        out
    }
}

impl crate::model::Change {
    /// Whether the change moves the end (not only the start).
    pub fn moves_end(&self) -> bool {
        self.to.is_some() || self.until.is_some() || self.open
    }
}

/// Fills in the `to` a file leaves out: the FY of an `until` point (in the milestone and in its
/// changes), or the plan's latest FY for an open or event end (and a change to an open end), so
/// that every view can draw the milestone's span. Such a `to` is marked implied: it states no
/// deadline, and no view words it as an end.
pub fn resolve(roadmap: &mut Roadmap) {
    let start = roadmap.plan.fiscal_year_start;
    let latest = roadmap.plan.period.latest_fy.value;
    for m in roadmap
        .items
        .iter_mut()
        .flat_map(|i| i.milestones.iter_mut())
    {
        if m.to_implied {
            m.to = match &m.until {
                // Findings about this FY point at the `until` it comes from.
                Some(u) => Sp::new(u.value.fy(start), u.span()),
                None => Sp::bare(latest.max(m.from.value)),
            };
        }
        for c in &mut m.changes {
            if let (Some(u), None) = (&c.until, &c.to) {
                c.to = Some(Sp::new(u.value.fy(start), u.span()));
                c.to_implied = true;
            } else if c.open && c.to.is_none() {
                c.to = Some(Sp::bare(latest.max(m.from.value)));
                c.to_implied = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn points_and_their_last_days() {
        let jp = FyStart::default();
        assert_eq!(Until::parse("2025-H1"), Some(Until::Half(2025, 1)));
        assert_eq!(
            Until::parse("2025-H1").map(|u| u.last_day(jp)),
            Some(d(2025, 9, 30))
        );
        assert_eq!(Until::Half(2025, 2).last_day(jp), d(2026, 3, 31));
        assert_eq!(Until::Quarter(2025, 3).last_day(jp), d(2025, 12, 31));
        assert_eq!(Until::Quarter(2025, 4).last_day(jp), d(2026, 3, 31));
        assert_eq!(Until::Month(2026, 2).last_day(jp), d(2026, 2, 28));
        assert_eq!(Until::Year(2025).last_day(jp), d(2025, 12, 31));
        // 令和7年末 falls in FY2025; March 2026 too.
        assert_eq!(Until::Year(2025).fy(jp), 2025);
        assert_eq!(Until::Month(2026, 3).fy(jp), 2025);
        assert_eq!(Until::Month(2026, 4).fy(jp), 2026);
        for bad in [
            "2025", "2025-H3", "2025-Q0", "2025-13", "2025-1", "CY25", "cy2025", "",
        ] {
            assert_eq!(Until::parse(bad), None, "{bad}");
        }
        for s in ["2025-H2", "2025-Q1", "2025-07", "CY2030"] {
            assert_eq!(Until::parse(s).map(Until::as_text).as_deref(), Some(s));
        }
    }
}
