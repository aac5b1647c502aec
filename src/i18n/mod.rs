//! Every word the tool prints, in Japanese and English: one catalog per language (`ja.rs`,
//! `en.rs`). Nothing else in the crate writes prose for users.
//!
//! - [`Words`] holds the interface's labels and phrases. Each catalog is one `static` of it, so a
//!   word missing from a language does not compile.
//! - [`Msg`] is what the core reports (findings, errors) as a code with arguments; each catalog
//!   words it in an exhaustive `match`, so a message missing from a language does not compile
//!   either.
//!
//! The data's own text (titles, milestones) is shown as written; only these words follow the
//! language.

mod en;
mod ja;
mod msg;
mod words;

pub use msg::{Expected, Msg, Subject, UserError};
pub use words::Words;

use crate::diff::Field;
use crate::fy;
use crate::model::{Fy, Status};
use crate::status::{ItemState, MilestoneState};

/// The language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// `ja` for a Japanese locale (`ja_JP.UTF-8`, `ja`), English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        if locale.starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// `ja` or `en`, as in `--lang` and HTML's `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The interface words.
    pub fn t(self) -> &'static Words {
        match self {
            Lang::Ja => &ja::WORDS,
            Lang::En => &en::WORDS,
        }
    }

    /// A message of the core, worded.
    pub fn msg(self, m: &Msg) -> String {
        match self {
            Lang::Ja => ja::message(m),
            Lang::En => en::message(m),
        }
    }

    /// A field of the diff (a key of the files), named.
    pub fn field(self, f: &Field) -> String {
        match self {
            Lang::Ja => ja::field(f),
            Lang::En => en::field(f),
        }
    }

    /// A side of a comparison, named: a revision or directory as given, else in words.
    pub fn side(self, kind: &crate::diff::SideKind) -> String {
        use crate::diff::SideKind;
        match kind {
            SideKind::WorkTree => self.t().working_tree.to_owned(),
            SideKind::Rev(r) | SideKind::Dir(r) => r.clone(),
            SideKind::MergeBase(a, b) => self.msg(&Msg::MergeBaseOf {
                a: a.clone(),
                b: b.clone(),
            }),
        }
    }

    pub fn item_state(self, s: ItemState) -> &'static str {
        let t = self.t();
        match s {
            ItemState::Overdue => t.item_overdue,
            ItemState::DueThisFy => t.item_due_this_fy,
            ItemState::OnTrack => t.item_on_track,
            ItemState::NotStarted => t.item_not_started,
            ItemState::Done => t.item_done,
            ItemState::Dropped => t.item_dropped,
            ItemState::NoSchedule => t.item_no_schedule,
        }
    }

    pub fn milestone_state(self, s: MilestoneState) -> &'static str {
        let t = self.t();
        match s {
            MilestoneState::Done => t.ms_done,
            MilestoneState::Dropped => t.ms_dropped,
            MilestoneState::Overdue => t.ms_overdue,
            MilestoneState::Due => t.ms_due,
            MilestoneState::Active => t.ms_active,
            MilestoneState::Upcoming => t.ms_upcoming,
        }
    }

    /// A recorded status (what the file says, as opposed to the computed state).
    pub fn recorded(self, s: Status) -> &'static str {
        let t = self.t();
        match s {
            Status::Planned => t.rec_planned,
            Status::InProgress => t.rec_in_progress,
            Status::Done => t.rec_done,
            Status::Delayed => t.rec_delayed,
            Status::Dropped => t.rec_dropped,
        }
    }

    /// The plan period for a header: `2022年度–2024年度 (令和4年度–令和6年度)` / `FY2022–FY2024`.
    pub fn period(self, first: Fy, last: Fy) -> String {
        match self {
            Lang::Ja => format!(
                "{}–{} ({}–{})",
                self.fy_short(first),
                self.fy_short(last),
                fy::era_label(first),
                fy::era_label(last)
            ),
            Lang::En => format!("FY{first}–FY{last}"),
        }
    }

    /// `2023年度 (令和5年度)` or `FY2023`.
    pub fn fy(self, year: Fy) -> String {
        match self {
            Lang::Ja => fy::label_ja(year),
            Lang::En => fy::label_en(year),
        }
    }

    /// The FY a date falls in, set beside the date: `（2023年度・令和5年度）` or ` (FY2023)`.
    pub fn fy_aside(self, year: Fy) -> String {
        match self {
            Lang::Ja => format!("（{year}年度・{}）", fy::era_label(year)),
            Lang::En => format!(" (FY{year})"),
        }
    }

    /// `2023年度` or `FY2023`, for column headers.
    pub fn fy_short(self, year: Fy) -> String {
        match self {
            Lang::Ja => format!("{year}年度"),
            Lang::En => fy::label_en(year),
        }
    }

    /// `2022年度–2024年度` / `FY2022–FY2024`: a span of fiscal years.
    pub fn fy_span(self, from: Fy, to: Fy) -> String {
        if from == to {
            self.fy_short(from)
        } else {
            format!("{}–{}", self.fy_short(from), self.fy_short(to))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_worded_in_both_languages() {
        for m in Msg::samples() {
            let ja = Lang::Ja.msg(&m);
            let en = Lang::En.msg(&m);
            assert!(!ja.trim().is_empty() && !en.trim().is_empty(), "{m:?}");
            assert!(
                !ja.is_ascii(),
                "the Japanese wording of {m:?} is not Japanese: {ja}"
            );
        }
    }

    #[test]
    fn every_word_exists_in_both_languages() {
        let (ja, en) = (Lang::Ja.t().all(), Lang::En.t().all());
        assert_eq!(ja.len(), en.len());
        for ((name, j), (_, e)) in ja.iter().zip(&en) {
            assert!(!j.is_empty() || e.is_empty(), "{name} is empty in ja");
            assert!(!e.is_empty() || j.is_empty(), "{name} is empty in en");
        }
    }
}
