//! One theme for every format: the mark, the colour and the legend of each state. The terminal,
//! Markdown, HTML and the workbook all draw states from here.

use crate::i18n::Lang;
use crate::status::State;

/// A state's colour: a fill for paper and spreadsheets, and the nearest terminal colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tone {
    /// Background fill, `0xRRGGBB`.
    pub fill: u32,
    pub term: Term,
}

/// The terminal colours the theme uses (ANSI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    Red,
    Yellow,
    Green,
    Blue,
    Cyan,
    Magenta,
    Grey,
    DarkGrey,
}

impl Term {
    /// The SGR sequence that starts this colour.
    pub fn ansi(self) -> &'static str {
        match self {
            Term::Red => "\x1b[31m",
            Term::Yellow => "\x1b[33m",
            Term::Green => "\x1b[32m",
            Term::Blue => "\x1b[34m",
            Term::Cyan => "\x1b[36m",
            Term::Magenta => "\x1b[35m",
            Term::Grey | Term::DarkGrey => "\x1b[90m",
        }
    }

    pub fn comfy(self) -> comfy_table::Color {
        match self {
            Term::Red => comfy_table::Color::Red,
            Term::Yellow => comfy_table::Color::Yellow,
            Term::Green => comfy_table::Color::Green,
            Term::Blue => comfy_table::Color::Blue,
            Term::Cyan => comfy_table::Color::Cyan,
            Term::Magenta => comfy_table::Color::Magenta,
            Term::Grey => comfy_table::Color::Grey,
            Term::DarkGrey => comfy_table::Color::DarkGrey,
        }
    }
}

const DONE: Tone = Tone {
    fill: 0xC6_EF_CE,
    term: Term::Blue,
};
const REPORTED_RUNNING: Tone = Tone {
    fill: 0xDD_EB_F7,
    term: Term::Green,
};
const RUNNING: Tone = Tone {
    fill: 0xEE_F4_FA,
    term: Term::Cyan,
};
const DUE: Tone = Tone {
    fill: 0xFF_EB_9C,
    term: Term::Yellow,
};
const LATE: Tone = Tone {
    fill: 0xFF_C7_CE,
    term: Term::Red,
};
const UNREPORTED: Tone = Tone {
    fill: 0xFC_E4_D6,
    term: Term::Magenta,
};
const WAITING: Tone = Tone {
    fill: 0xF2_F2_F2,
    term: Term::Grey,
};
const OFF: Tone = Tone {
    fill: 0xD9_D9_D9,
    term: Term::DarkGrey,
};

pub fn tone(s: State) -> Tone {
    match s {
        State::Done => DONE,
        State::InProgress => REPORTED_RUNNING,
        State::Active => RUNNING,
        State::DueThisFy => DUE,
        State::Delayed => LATE,
        State::PastDue => UNREPORTED,
        State::Upcoming => WAITING,
        State::Dropped | State::BeforePlan | State::NoSchedule => OFF,
    }
}

/// `#rrggbb`.
pub fn css(tone: Tone) -> String {
    format!("#{:06x}", tone.fill)
}

/// A state's mark. The Unicode ones are East Asian ambiguous width, hence `--ascii`; none is the
/// source's own bullet (・) or its 関連項目 mark (◎).
pub fn mark(s: State, ascii: bool) -> &'static str {
    match (s, ascii) {
        (State::Done, false) => "●",
        (State::Dropped, false) => "×",
        (State::Delayed, false) => "▲",
        (State::PastDue, false) => "△",
        (State::DueThisFy, false) => "◐",
        (State::InProgress, false) => "◉",
        (State::Active, false) => "○",
        (State::Upcoming, false) => "◇",
        (State::BeforePlan, false) => "□",
        (State::NoSchedule, false) => "－",
        (State::Done, true) => "*",
        (State::Dropped, true) => "x",
        (State::Delayed, true) => "!",
        (State::PastDue, true) => "?",
        (State::DueThisFy, true) => "~",
        (State::InProgress, true) => "+",
        (State::Active, true) => "o",
        (State::Upcoming, true) => ".",
        (State::BeforePlan, true) => "<",
        (State::NoSchedule, true) => "-",
    }
}

/// The timeline's bar for a state (blank where nothing runs).
pub fn bar(s: State, ascii: bool) -> &'static str {
    match (s, ascii) {
        // Told apart without colour: shades for what runs or is done, the state's own mark for
        // what needs an answer (three block heights side by side do not read).
        (State::Done, false) => "█",
        (State::Delayed, false) => "▲",
        (State::PastDue, false) => "△",
        (State::DueThisFy, false) => "◐",
        (State::InProgress, false) => "▓",
        (State::Active, false) => "▒",
        (State::Upcoming, false) => "░",
        (State::Done, true) => "#",
        (State::Delayed, true) => "!",
        (State::PastDue, true) => "?",
        (State::DueThisFy, true) => "~",
        (State::InProgress, true) => "+",
        (State::Active, true) => "=",
        (State::Upcoming, true) => ".",
        // What came before the plan lies left of the plan's first column: nothing to draw.
        (State::Dropped | State::BeforePlan | State::NoSchedule, _) => " ",
    }
}

/// What a legend shows for each state: its mark (lists, tables, reports) or the timeline's bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    Mark,
    Bar,
}

/// One entry of a legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub sign: &'static str,
    pub label: &'static str,
    pub tone: Tone,
}

/// The legend, the one definition every view draws: the states of [`LEGEND`] in order, each with
/// its sign and label. A state whose sign is blank draws nothing (a dropped milestone on the
/// timeline), so the legend leaves it out.
pub fn legend(sign: Sign, ascii: bool, lang: Lang) -> Vec<Entry> {
    legend_with(sign, ascii, lang, &[])
}

/// The legend with the states a view shows besides [`LEGEND`]'s (計画前, in a plan with a column
/// before its first FY), after them.
pub fn legend_with(sign: Sign, ascii: bool, lang: Lang, also: &[State]) -> Vec<Entry> {
    LEGEND
        .iter()
        .chain(also)
        .map(|s| Entry {
            sign: match sign {
                Sign::Mark => mark(*s, ascii),
                Sign::Bar => bar(*s, ascii),
            },
            label: lang.state(*s),
            tone: tone(*s),
        })
        .filter(|e| !e.sign.trim().is_empty())
        .collect()
}

/// The legend for a terminal: `凡例:  ● 完了  ◉ 実施中  …`, filled to `width` columns.
pub fn legend_lines(sign: Sign, ascii: bool, lang: Lang, width: usize) -> String {
    legend_lines_with(sign, ascii, lang, width, &[])
}

/// [`legend_lines`] with the states of [`legend_with`].
pub fn legend_lines_with(
    sign: Sign,
    ascii: bool,
    lang: Lang,
    width: usize,
    also: &[State],
) -> String {
    let mut parts = vec![format!("{}:", lang.t().legend)];
    parts.extend(
        legend_with(sign, ascii, lang, also)
            .iter()
            .map(|e| format!("{} {}", e.sign, e.label)),
    );
    crate::text::fill(&parts, "  ", width, "  ")
}

/// The states a legend explains, in its order (the states of milestones).
pub const LEGEND: [State; 8] = [
    State::Done,
    State::InProgress,
    State::Active,
    State::DueThisFy,
    State::Delayed,
    State::PastDue,
    State::Upcoming,
    State::Dropped,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_legend_leaves_out_what_draws_nothing() {
        let marks = legend(Sign::Mark, false, Lang::Ja);
        assert_eq!(marks.len(), LEGEND.len());
        let bars = legend(Sign::Bar, true, Lang::Ja);
        assert_eq!(bars.len(), LEGEND.len() - 1);
        assert!(
            !bars
                .iter()
                .any(|e| e.label == Lang::Ja.state(State::Dropped))
        );
    }
}
