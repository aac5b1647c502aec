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
pub mod help;
mod ja;
mod msg;
mod words;

pub use msg::{Accepts, Cause, Expected, Msg, NotAFile, Subject, UserError};
pub use words::Words;

use crate::attainment::Attainment;
use crate::diff::Field;
use crate::fy;
use crate::model::{Fy, Reported};
use crate::status::State;

/// The language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ja,
    En,
}

/// `--ascii`: the glyphs the words are set with, for terminals that draw ambiguous-width
/// characters double. Set once per run, before anything is rendered.
pub mod glyph {
    use std::sync::atomic::{AtomicBool, Ordering};

    static ASCII: AtomicBool = AtomicBool::new(false);

    pub fn set_ascii(ascii: bool) {
        ASCII.store(ascii, Ordering::Relaxed);
    }

    pub fn ascii() -> bool {
        ASCII.load(Ordering::Relaxed)
    }

    fn pick(unicode: &'static str, ascii: &'static str) -> &'static str {
        if self::ascii() { ascii } else { unicode }
    }

    /// `→` between an old and a new value.
    pub fn arrow() -> &'static str {
        pick("→", "->")
    }

    /// `—` before an aside (a reason).
    pub fn dash() -> &'static str {
        pick("—", "--")
    }

    /// `·` between the parts of a summary.
    pub fn dot() -> &'static str {
        pick("·", "|")
    }

    /// `※` before a note.
    pub fn note() -> &'static str {
        pick("※", "*")
    }

    /// `–` between the ends of an English range.
    pub fn en_dash() -> &'static str {
        pick("–", "-")
    }

    /// `—` for "no value".
    pub fn none() -> &'static str {
        pick("—", "-")
    }

    /// `…` where text was cut or a list goes on.
    pub fn ellipsis() -> &'static str {
        pick("…", "...")
    }
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

    /// `ja` or `en` (as `--lang`, `ROADMAP_LANG` and the plan's `lang` take it).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
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

    pub fn state(self, s: State) -> &'static str {
        let t = self.t();
        match s {
            State::Done => t.st_done,
            State::Dropped => t.st_dropped,
            State::Delayed => t.st_delayed,
            State::PastDue => t.st_past_due,
            State::DueThisFy => t.st_due_this_fy,
            State::InProgress => t.st_in_progress,
            State::Active => t.st_active,
            State::Upcoming => t.st_upcoming,
            State::NoSchedule => t.st_no_schedule,
        }
    }

    /// What a report says; `None` for a note.
    pub fn reported(self, s: Option<Reported>) -> &'static str {
        let t = self.t();
        match s {
            Some(Reported::InProgress) => t.rec_in_progress,
            Some(Reported::Done) => t.rec_done,
            Some(Reported::Delayed) => t.rec_delayed,
            Some(Reported::Dropped) => t.rec_dropped,
            None => t.rec_note,
        }
    }

    pub fn attainment(self, a: Attainment) -> &'static str {
        let t = self.t();
        match a {
            Attainment::Achieved => t.att_achieved,
            Attainment::OnTrack => t.att_on_track,
            Attainment::Behind => t.att_behind,
            Attainment::Worsened => t.att_worsened,
            Attainment::Implementation => t.att_implementation,
            Attainment::CannotAssess => t.att_cannot_assess,
        }
    }

    /// The plan period for a header: `2022年度〜2024年度（令和4年度〜令和6年度）` / `FY2022–FY2024`.
    pub fn period(self, first: Fy, last: Fy) -> String {
        match self {
            Lang::Ja => format!(
                "{}〜{}（{}〜{}）",
                self.fy_short(first),
                self.fy_short(last),
                fy::era_label(first),
                fy::era_label(last)
            ),
            Lang::En => format!("FY{first}{}FY{last}", glyph::en_dash()),
        }
    }

    /// `2023年度（令和5年度）` or `FY2023`.
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

    /// `2022年度〜2024年度` / `FY2022–FY2024`: a span of fiscal years (Japanese writes ranges
    /// with 〜).
    pub fn fy_span(self, from: Fy, to: Fy) -> String {
        if from == to {
            self.fy_short(from)
        } else {
            format!(
                "{}{}{}",
                self.fy_short(from),
                self.range(),
                self.fy_short(to)
            )
        }
    }

    /// `text` set aside after what precedes it: ` (text)` in English, `（text）` in Japanese.
    pub fn aside(self, text: &str) -> String {
        match self {
            Lang::Ja => format!("（{text}）"),
            Lang::En => format!(" ({text})"),
        }
    }

    /// The header of the themes column: in Japanese the mark ※ (the words' `theme_col`), drawn
    /// as `--ascii` draws marks.
    pub fn theme_col(self) -> &'static str {
        match self {
            Lang::Ja => glyph::note(),
            Lang::En => self.t().theme_col,
        }
    }

    /// A code with its label, for lists of what may be typed: `past_due（期限超過・未報告）` /
    /// `past_due (past due, unreported)`; the code alone where the label says the same.
    pub fn coded(self, code: &str, label: &str) -> String {
        if code == label {
            code.to_owned()
        } else {
            format!("{code}{}", self.aside(label))
        }
    }

    /// The parts of a list joined: `a、b、c` / `a, b, c`.
    pub fn list<S: AsRef<str>>(self, parts: &[S]) -> String {
        let sep = match self {
            Lang::Ja => "、",
            Lang::En => ", ",
        };
        parts
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// `text` in brackets, standing alone: `(text)` or `（text）`.
    pub fn bracket(self, text: &str) -> String {
        match self {
            Lang::Ja => format!("（{text}）"),
            Lang::En => format!("({text})"),
        }
    }

    /// What joins the ends of a range: 〜 in Japanese, an en dash in English.
    pub fn range(self) -> &'static str {
        match self {
            Lang::Ja => "〜",
            Lang::En => glyph::en_dash(),
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
