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
//!
//! [`Words`]: crate::i18n::Words
//! [`Msg`]: crate::i18n::Msg

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
use crate::timing::{End, Kind, Until};

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
            State::BeforePlan => t.st_before_plan,
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

    /// A point finer than a FY: `令和7年度上期`, `令和7年度第3四半期`, `令和7年12月`, `2025年（暦年）` /
    /// `FY2025 H1`, `FY2025 Q3`, `December 2025`, `calendar year 2025`. An approximate point of a
    /// calendar year reads `2025年末` / `the end of 2025` (`approx`).
    fn point(self, u: Until, approx: bool) -> String {
        let t = self.t();
        match (self, u) {
            (Lang::Ja, Until::Half(fy, h)) => {
                let half = if h == 1 { t.first_half } else { t.second_half };
                format!("{}{half}", fy::era_label(fy))
            }
            (Lang::Ja, Until::Quarter(fy, q)) => format!("{}第{q}四半期", fy::era_label(fy)),
            (Lang::Ja, Until::Month(y, m)) => fy::era_month(y, m),
            (Lang::Ja, Until::Year(y)) if approx => format!("{y}年末"),
            (Lang::Ja, Until::Year(y)) => format!("{y}年（暦年）"),
            (Lang::En, Until::Half(fy, h)) => format!("FY{fy} H{h}"),
            (Lang::En, Until::Quarter(fy, q)) => format!("FY{fy} Q{q}"),
            (Lang::En, Until::Month(y, m)) => {
                let name = chrono::Month::try_from(u8::try_from(m).unwrap_or(1))
                    .map_or_else(|_| m.to_string(), |n| n.name().to_owned());
                format!("{name} {y}")
            }
            (Lang::En, Until::Year(y)) if approx => format!("the end of {y}"),
            (Lang::En, Until::Year(y)) => format!("calendar year {y}"),
        }
    }

    /// A milestone's end in words, by its kind (docs/format.md, “Timing”), the one wording every
    /// view uses: `2025年度`, `令和7年度第3四半期`, `令和8年8月目途`, `aの法令上の措置の施行まで（aの
    /// 完了まで）`, `期限なし`. A FY the file did not write (an event's or an open end's) is never
    /// shown. `waiting`: the state of the milestone whose completion is the event, when known.
    pub fn end(self, e: &End, waiting: Option<State>) -> String {
        let t = self.t();
        let dated = match (e.until, e.fy) {
            (Some(u), _) => Some(self.point(u, e.is_approx())),
            (None, Some(fy)) => Some(self.fy_short(fy)),
            (None, None) => None,
        };
        match (e.kind, dated) {
            (Kind::Event, _) => {
                let event = e.event.as_deref().unwrap_or_default();
                let mut s = match self {
                    Lang::Ja => format!("{event}まで"),
                    Lang::En => format!("until {event}"),
                };
                if let Some(of) = &e.event_of {
                    let until = match self {
                        Lang::Ja => format!("{of}の完了まで"),
                        Lang::En => format!("until {of} is done"),
                    };
                    let state = waiting.map(|st| match self {
                        Lang::Ja => format!("、{of}は{}", self.state(st)),
                        Lang::En => format!("; {of}: {}", self.state(st)),
                    });
                    s.push_str(&self.aside(&format!("{until}{}", state.unwrap_or_default())));
                }
                s
            }
            (Kind::Approx, Some(d)) => match self {
                Lang::Ja => format!("{d}{}", t.approx),
                Lang::En => format!("around {d}"),
            },
            (Kind::Open, _) | (_, None) => t.open_end.to_owned(),
            (_, Some(d)) => d,
        }
    }

    /// How a schedule change moved the end, in words: 後ろ倒し, 前倒し, 期限を設定, 期限の削除,
    /// 目途 → 期限 (also after a slip or pull-in that made a 目途 a deadline, or back); `None` when
    /// only the start moved.
    pub fn schedule_kind(
        self,
        k: crate::diff::ScheduleKind,
        old: &End,
        new: &End,
    ) -> Option<String> {
        use crate::diff::ScheduleKind as K;
        let t = self.t();
        let moved = |word: &str| match self.firmness(old, new) {
            Some(f) => self.list(&[word, f.as_str()]),
            None => word.to_owned(),
        };
        match k {
            K::Slip => Some(moved(t.slip_flag)),
            K::PullIn => Some(moved(t.pull_in_flag)),
            K::DeadlineSet => Some(t.deadline_set_flag.to_owned()),
            K::DeadlineRemoved => Some(t.deadline_removed_flag.to_owned()),
            K::RecordRemoved => Some(t.record_removed_flag.to_owned()),
            K::Firmed | K::Softened => self.firmness(old, new),
            K::Rescheduled => None,
        }
    }

    /// `目途 → 期限` when an approximate end became a deadline, `期限 → 目途` when a deadline
    /// became approximate; `None` otherwise.
    pub fn firmness(self, old: &End, new: &End) -> Option<String> {
        let t = self.t();
        let (approx, deadline) = (t.approx.trim_end_matches('.'), t.deadline);
        match (old.is_approx(), new.is_approx()) {
            (true, false) if new.kind.is_deadline() => {
                Some(format!("{approx} {} {deadline}", glyph::arrow()))
            }
            (false, true) if old.kind.is_deadline() => {
                Some(format!("{deadline} {} {approx}", glyph::arrow()))
            }
            _ => None,
        }
    }

    /// Two spans, before and after, in words: `2025年度 → 2026年度`, `期限なし`-ended ones as
    /// `2025年度〜（期限なし） → 2025年度〜2026年度`. Two halves or quarters of one FY say the FY
    /// once: `令和7年度第3四半期 → 第4四半期`. An approximate point made a deadline (or back) is
    /// said with it (`目途 → 期限`) when the end also moved.
    pub fn span_change(self, old: (Fy, &End), new: (Fy, &End)) -> String {
        let before = self.end_span(old.0, old.1, false);
        let same_fy_part = old.0 == new.0
            && old.1.fy == Some(old.0)
            && new.1.fy == Some(new.0)
            && old.1.kind == new.1.kind
            && matches!(new.1.kind, Kind::Half | Kind::Quarter);
        let after = match (new.1.until, same_fy_part) {
            (Some(Until::Half(_, h)), true) => match self {
                Lang::Ja if h == 1 => self.t().first_half.to_owned(),
                Lang::Ja => self.t().second_half.to_owned(),
                Lang::En => format!("H{h}"),
            },
            (Some(Until::Quarter(_, q)), true) => match self {
                Lang::Ja => format!("第{q}四半期"),
                Lang::En => format!("Q{q}"),
            },
            _ => self.end_span(new.0, new.1, false),
        };
        format!("{before} {} {after}", glyph::arrow())
    }

    /// 実施時期 as a cell or a line shows it: the source's words with the end in words beside them
    /// (`令和7年度上期検討着手、令和8年夏結論・措置（令和8年8月目途）`), or the end in words alone;
    /// `None` for a plain FY end without words (its span says it all).
    pub fn timing(self, words: Option<&str>, e: &End, waiting: Option<State>) -> Option<String> {
        let label = self.end(e, waiting);
        match words {
            Some(w) if w == label => Some(w.to_owned()),
            Some(w) => Some(format!("{w}{}", self.aside(&self.nested(&label)))),
            None if e.kind == Kind::Fy => None,
            None => Some(label),
        }
    }

    /// A text set inside brackets of its own: its brackets become the inner kind (〔〕 in
    /// Japanese, [] in English), so that none closes the outer one.
    pub fn nested(self, text: &str) -> String {
        let (open, close, inner_open, inner_close) = match self {
            Lang::Ja => ('（', '）', '〔', '〕'),
            Lang::En => ('(', ')', '[', ']'),
        };
        text.chars()
            .map(|c| match c {
                c if c == open => inner_open,
                c if c == close => inner_close,
                c => c,
            })
            .collect()
    }

    /// A milestone's span with its end in words: `2024年度〜2025年度`, `令和7年度第3四半期` (a point in
    /// its first FY), `2025年度〜令和8年8月目途`, `2025年度〜（期限なし）`, with （毎年度） for a
    /// 毎年度 milestone. An open end reads as the range left open.
    pub fn end_span(self, from: Fy, e: &End, every_year: bool) -> String {
        let start = self.fy_short(from);
        let span = match (e.kind, self) {
            (Kind::Fy, _) => self.fy_span(from, e.fy.unwrap_or(from)),
            // The range left open: 2025年度〜（期限なし）, FY2025– (no deadline).
            (Kind::Open, _) => format!("{start}{}{}", self.range(), self.aside(self.t().open_end)),
            // A point (or 目途) in the milestone's first FY says the FY itself.
            _ if e.fy == Some(from) => self.end(e, None),
            // A point is written in the era (令和6年度上期), and so is the start before it: one
            // range, one calendar (not 2022年度〜令和6年度上期).
            (_, Lang::Ja) if e.until.is_some() => {
                format!("{}〜{}", fy::era_label(from), self.end(e, None))
            }
            (_, Lang::Ja) => format!("{start}〜{}", self.end(e, None)),
            // FY2025 until …, FY2025 to around FY2026 H1.
            (Kind::Event, Lang::En) => format!("{start} {}", self.end(e, None)),
            (_, Lang::En) => format!("{start} to {}", self.end(e, None)),
        };
        if every_year {
            format!("{span}{}", self.aside(self.t().every_year))
        } else {
            span
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
    /// A 毎年度 milestone's rounds reported done: `2/3回完了`, `2 of 3 rounds done`.
    pub fn rounds_done(self, done: usize, of: usize) -> String {
        match self {
            Lang::Ja => format!("{done}/{of}回完了"),
            Lang::En => format!("{done} of {of} rounds done"),
        }
    }

    /// The rows a cut list leaves out: `ほか35件`, `35 more`.
    pub fn more_rows(self, n: usize) -> String {
        match self {
            Lang::Ja => format!("ほか{n}件"),
            Lang::En => format!("{n} more"),
        }
    }

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

    /// One range, one calendar: a start before a point in the era is in the era too.
    #[test]
    fn a_range_to_a_point_is_written_in_one_calendar() {
        let half = End {
            kind: Kind::Half,
            until: Some(Until::Half(2024, 1)),
            fy: Some(2024),
            ..End::fy(2024)
        };
        assert_eq!(
            Lang::Ja.end_span(2022, &half, false),
            "令和4年度〜令和6年度上期"
        );
        assert_eq!(
            Lang::Ja.end_span(2022, &End::fy(2024), false),
            "2022年度〜2024年度"
        );
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
