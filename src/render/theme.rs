//! One theme for every format: the mark, the colour and the legend of each state. The terminal,
//! Markdown, HTML and the workbook all draw states from here.

use crate::status::{ItemState, MilestoneState};

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
            Term::Grey | Term::DarkGrey => "\x1b[90m",
        }
    }

    pub fn comfy(self) -> comfy_table::Color {
        match self {
            Term::Red => comfy_table::Color::Red,
            Term::Yellow => comfy_table::Color::Yellow,
            Term::Green => comfy_table::Color::Green,
            Term::Blue => comfy_table::Color::Blue,
            Term::Grey => comfy_table::Color::Grey,
            Term::DarkGrey => comfy_table::Color::DarkGrey,
        }
    }
}

const DONE: Tone = Tone {
    fill: 0xC6_EF_CE,
    term: Term::Blue,
};
const RUNNING: Tone = Tone {
    fill: 0xDD_EB_F7,
    term: Term::Green,
};
const DUE: Tone = Tone {
    fill: 0xFF_EB_9C,
    term: Term::Yellow,
};
const LATE: Tone = Tone {
    fill: 0xFF_C7_CE,
    term: Term::Red,
};
const WAITING: Tone = Tone {
    fill: 0xF2_F2_F2,
    term: Term::Grey,
};
const OFF: Tone = Tone {
    fill: 0xD9_D9_D9,
    term: Term::DarkGrey,
};

pub fn item_tone(s: ItemState) -> Tone {
    match s {
        ItemState::Done => DONE,
        ItemState::OnTrack => RUNNING,
        ItemState::DueThisFy => DUE,
        ItemState::Overdue => LATE,
        ItemState::NotStarted => WAITING,
        ItemState::Dropped | ItemState::NoSchedule => OFF,
    }
}

pub fn milestone_tone(s: MilestoneState) -> Tone {
    match s {
        MilestoneState::Done => DONE,
        MilestoneState::Active => RUNNING,
        MilestoneState::Due => DUE,
        MilestoneState::Overdue => LATE,
        MilestoneState::Upcoming => WAITING,
        MilestoneState::Dropped => OFF,
    }
}

/// `#rrggbb`.
pub fn css(tone: Tone) -> String {
    format!("#{:06x}", tone.fill)
}

/// Marks for item states; the Unicode ones are East Asian ambiguous width, hence `--ascii`.
pub fn item_mark(s: ItemState, ascii: bool) -> &'static str {
    match (s, ascii) {
        (ItemState::Overdue, false) => "▲",
        (ItemState::DueThisFy, false) => "◐",
        (ItemState::OnTrack, false) => "○",
        (ItemState::NotStarted, false) => "・",
        (ItemState::Done, false) => "●",
        (ItemState::Dropped, false) => "×",
        (ItemState::NoSchedule, false) => "－",
        (ItemState::Overdue, true) => "!",
        (ItemState::DueThisFy, true) => "~",
        (ItemState::OnTrack, true) => ">",
        (ItemState::NotStarted, true) => ".",
        (ItemState::Done, true) => "*",
        (ItemState::Dropped, true) => "x",
        (ItemState::NoSchedule, true) => "-",
    }
}

pub fn milestone_mark(s: MilestoneState, ascii: bool) -> &'static str {
    match (s, ascii) {
        (MilestoneState::Done, false) => "●",
        (MilestoneState::Dropped, false) => "×",
        (MilestoneState::Overdue, false) => "▲",
        (MilestoneState::Due, false) => "◐",
        (MilestoneState::Active, false) => "○",
        (MilestoneState::Upcoming, false) => "・",
        (MilestoneState::Done, true) => "*",
        (MilestoneState::Dropped, true) => "x",
        (MilestoneState::Overdue, true) => "!",
        (MilestoneState::Due, true) => "~",
        (MilestoneState::Active, true) => ">",
        (MilestoneState::Upcoming, true) => ".",
    }
}

/// The timeline's bar for a state (blank for dropped: nothing runs).
pub fn bar(s: MilestoneState, ascii: bool) -> &'static str {
    match (s, ascii) {
        (MilestoneState::Done, false) => "█",
        (MilestoneState::Active, false) => "▆",
        (MilestoneState::Due, false) => "▅",
        (MilestoneState::Overdue, false) => "▓",
        (MilestoneState::Upcoming, false) => "░",
        (MilestoneState::Done, true) => "#",
        (MilestoneState::Active, true) => "=",
        (MilestoneState::Due, true) => "~",
        (MilestoneState::Overdue, true) => "!",
        (MilestoneState::Upcoming, true) => ".",
        (MilestoneState::Dropped, _) => " ",
    }
}

/// The states a legend explains, in its order.
pub const LEGEND: [MilestoneState; 6] = [
    MilestoneState::Done,
    MilestoneState::Active,
    MilestoneState::Due,
    MilestoneState::Overdue,
    MilestoneState::Upcoming,
    MilestoneState::Dropped,
];

/// A stable name for a state, for CSS classes and machine columns.
pub fn milestone_key(s: MilestoneState) -> &'static str {
    match s {
        MilestoneState::Done => "done",
        MilestoneState::Dropped => "dropped",
        MilestoneState::Overdue => "overdue",
        MilestoneState::Due => "due",
        MilestoneState::Active => "active",
        MilestoneState::Upcoming => "upcoming",
    }
}

/// Which state a timeline cell shows when several milestones run in one FY: the worst.
pub fn severity(s: MilestoneState) -> u8 {
    match s {
        MilestoneState::Overdue => 0,
        MilestoneState::Due => 1,
        MilestoneState::Active => 2,
        MilestoneState::Upcoming => 3,
        MilestoneState::Done => 4,
        MilestoneState::Dropped => 5,
    }
}
