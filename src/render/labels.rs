//! Every user-facing word of the interface in Japanese and English, and the state marks. The data's
//! own text is shown as written; only these labels change with `--lang`.

use crate::fy;
use crate::model::Fy;
use crate::status::{ItemState, MilestoneState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// `ja` for a Japanese locale (`ja_JP.UTF-8`, `ja`), English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        if locale.starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    fn pick(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    pub fn item_state(self, s: ItemState) -> &'static str {
        match s {
            ItemState::Overdue => self.pick("遅延", "overdue"),
            ItemState::DueThisFy => self.pick("今年度期限", "due this FY"),
            ItemState::OnTrack => self.pick("順調", "on track"),
            ItemState::NotStarted => self.pick("未着手", "not started"),
            ItemState::Done => self.pick("完了", "done"),
            ItemState::Dropped => self.pick("中止", "dropped"),
            ItemState::NoSchedule => self.pick("工程未公表", "no schedule"),
        }
    }

    pub fn milestone_state(self, s: MilestoneState) -> &'static str {
        match s {
            MilestoneState::Done => self.pick("完了", "done"),
            MilestoneState::Dropped => self.pick("中止", "dropped"),
            MilestoneState::Overdue => self.pick("遅延", "overdue"),
            MilestoneState::Due => self.pick("今年度期限", "due this FY"),
            MilestoneState::Active => self.pick("実施中", "active"),
            MilestoneState::Upcoming => self.pick("未着手", "upcoming"),
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

    pub fn t(self) -> &'static Words {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }
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

/// Interface words.
#[derive(Debug)]
pub struct Words {
    pub as_of: &'static str,
    pub plan_period: &'static str,
    pub plan_over: &'static str,
    pub overview: &'static str,
    pub group: &'static str,
    pub items: &'static str,
    pub milestones_done: &'static str,
    pub themes: &'static str,
    pub id: &'static str,
    pub item: &'static str,
    pub theme_col: &'static str,
    pub state: &'static str,
    pub done: &'static str,
    pub overdue: &'static str,
    pub next_due: &'static str,
    pub indicators: &'static str,
    pub no_data: &'static str,
    pub missing: &'static str,
    pub data_until: &'static str,
    pub none: &'static str,
    pub row: &'static str,
    pub after: &'static str,
    pub every_year: &'static str,
    pub unit: &'static str,
    pub actual: &'static str,
    pub target: &'static str,
    pub notes: &'static str,
    pub schedule_not_published: &'static str,
    pub no_items: &'static str,
    pub timeline: &'static str,
    pub legend: &'static str,
    pub done_on: &'static str,
    pub status_col: &'static str,
}

static JA: Words = Words {
    as_of: "基準日",
    plan_period: "計画期間",
    plan_over: "計画期間は終了しています",
    overview: "概要",
    group: "区分",
    items: "項目",
    milestones_done: "工程完了",
    themes: "横断テーマ",
    id: "ID",
    item: "小項目",
    theme_col: "※",
    state: "状態",
    done: "完了",
    overdue: "遅延",
    next_due: "次の期限",
    indicators: "モニタリング指標",
    no_data: "データなし",
    missing: "欠",
    data_until: "まで",
    none: "－",
    row: "行",
    after: "以降",
    every_year: "毎年度",
    unit: "単位",
    actual: "実績",
    target: "目標",
    notes: "注記",
    schedule_not_published: "工程表は公表されていません",
    no_items: "該当する項目はありません",
    timeline: "工程表タイムライン",
    legend: "凡例",
    done_on: "完了日",
    status_col: "記録",
};

static EN: Words = Words {
    as_of: "As of",
    plan_period: "Plan period",
    plan_over: "the plan period has ended",
    overview: "Overview",
    group: "Group",
    items: "items",
    milestones_done: "Milestones done",
    themes: "Cross-cutting themes",
    id: "ID",
    item: "Item",
    theme_col: "Themes",
    state: "State",
    done: "Done",
    overdue: "Overdue",
    next_due: "Next due",
    indicators: "Indicators",
    no_data: "no data",
    missing: "missing",
    data_until: "data to",
    none: "-",
    row: "row",
    after: "later",
    every_year: "every FY",
    unit: "Unit",
    actual: "actual",
    target: "target",
    notes: "Notes",
    schedule_not_published: "no schedule published",
    no_items: "no items match",
    timeline: "Timeline",
    legend: "Legend",
    done_on: "done on",
    status_col: "Recorded",
};
