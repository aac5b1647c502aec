//! The file format's keys, one table per record: name, type, whether required, and what it means.
//! The order of each table is the canonical order of the keys in a file.
//!
//! The parser checks files against these tables (unknown keys are errors), the diff walks them to
//! compare records field by field, and the format's documentation and schema describe them. A new
//! key is added here, to its record in [`crate::model`] (with its value in `field_value`), and read
//! in [`crate::parse`].

/// A key's type, as the file writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Strings,
    /// A positive integer.
    Positive,
    /// An array of positive integers.
    Positives,
    /// A fiscal year, written as the year it starts (2023 = 2023年度).
    Fy,
    Bool,
    /// A TOML local date, `2023-03-31`.
    Date,
    /// `"MM-DD"`.
    MonthDay,
    /// An ASCII slug: `[a-z0-9]+(-[a-z0-9]+)*`.
    Slug,
    /// An item id: its numeric path, `<大>-<中>-<小>` or deeper (`2-1-6-1`).
    ItemId,
    /// An end finer than a FY: `2025-H1`, `2025-Q3`, `2025-12`, `CY2025`.
    Until,
    /// A milestone: `ms` (in the same item) or `item/ms`.
    Reference,
    /// An array of [`Kind::Reference`].
    References,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A table of fiscal year = number.
    FyNumbers,
    /// A number (integer or float).
    Number,
    /// A number, or a string.
    NumberOrText,
    /// A table with these keys.
    Table(&'static [Key]),
    /// An array of tables with these keys.
    Tables(&'static [Key]),
}

/// One key of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// What it means, in English and Japanese (for the format's docs and schema).
    pub en: &'static str,
    pub ja: &'static str,
}

const fn key(
    name: &'static str,
    kind: Kind,
    required: bool,
    en: &'static str,
    ja: &'static str,
) -> Key {
    Key {
        name,
        kind,
        required,
        en,
        ja,
    }
}

/// The names of a record's keys, in canonical order.
pub fn names(keys: &[Key]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

/// `roadmap.toml`.
pub static PLAN: &[Key] = &[
    key(
        "title",
        Kind::String,
        true,
        "the plan's title",
        "工程表の題名",
    ),
    key(
        "title_en",
        Kind::String,
        false,
        "the English name as printed in the source",
        "原典に記された英語名",
    ),
    key(
        "lang",
        Kind::OneOf(&["ja", "en"]),
        false,
        "the language the tool speaks for this roadmap (--lang and ROADMAP_LANG override it)",
        "この工程表で使う表示言語（--lang と ROADMAP_LANG が優先）",
    ),
    key(
        "published",
        Kind::Date,
        true,
        "the publication date",
        "公表日",
    ),
    key(
        "fiscal_year_start",
        Kind::MonthDay,
        true,
        "the first day of a fiscal year, \"04-01\" in Japan",
        "年度の初日（日本では \"04-01\"）",
    ),
    key(
        "timezone",
        Kind::String,
        false,
        "the tz database zone the plan's days are counted in (default \"Asia/Tokyo\")",
        "日付を数えるタイムゾーン（既定は \"Asia/Tokyo\"）",
    ),
    key(
        "report_every_months",
        Kind::Positive,
        false,
        "how often each item is to be reported on, in months; an item without a report for longer is stale (a warning)",
        "各項目を報告する間隔（月）。これより長く報告のない項目は警告",
    ),
    key(
        "notes",
        Kind::Strings,
        false,
        "plan-level notes from the source",
        "原典にある計画全体の注記",
    ),
    key(
        "edition",
        Kind::String,
        false,
        "the edition (令和7年改定); an item may continue an item of an earlier one",
        "版（例: 令和7年改定）。項目は前の版の項目を引き継げる",
    ),
    key(
        "source",
        Kind::String,
        false,
        "where the plan comes from: the published document",
        "出典（公表された文書）",
    ),
    key(
        "levels",
        Kind::Strings,
        false,
        "the names of the grouping levels from the top, the last naming items (default 大項目, 中項目, 小項目)",
        "階層の名前（上から。最後が項目。既定は 大項目・中項目・小項目）",
    ),
    key(
        "period",
        Kind::Table(PERIOD),
        true,
        "the plan period",
        "計画期間",
    ),
    key(
        "categories",
        Kind::Tables(CATEGORY),
        false,
        "the 大項目, in source order (or groups)",
        "大項目（原典の順。groups を使う計画では不要）",
    ),
    key(
        "groups",
        Kind::Tables(GROUP),
        false,
        "the groups of a hierarchy of any depth, when the plan does not use 大項目/中項目",
        "任意の深さの階層（大項目・中項目を使わない計画）",
    ),
    key(
        "themes",
        Kind::Tables(THEME),
        false,
        "the cross-cutting themes (※1–※3)",
        "横断テーマ（※1〜※3）",
    ),
];

/// `[period]` of the plan.
pub static PERIOD: &[Key] = &[
    key(
        "first_fy",
        Kind::Fy,
        true,
        "the first FY of the plan",
        "計画の最初の年度",
    ),
    key(
        "last_fy",
        Kind::Fy,
        true,
        "the last FY of the plan",
        "計画の最後の年度",
    ),
    key(
        "latest_fy",
        Kind::Fy,
        false,
        "the latest FY a milestone may reach (defaults to last_fy)",
        "工程が及んでよい最後の年度（既定は last_fy）",
    ),
    key(
        "columns",
        Kind::Tables(COLUMN),
        false,
        "the source table's columns, when not one per FY",
        "原典の表の列（年度ごとでない場合）",
    ),
    key(
        "phases",
        Kind::Tables(PHASE),
        false,
        "named sub-periods (集中改革期間)",
        "期間内の名前つきの区間（集中改革期間など）",
    ),
];

/// `[[groups]]`: a group of any depth.
pub static GROUP: &[Key] = &[
    key(
        "id",
        Kind::String,
        true,
        "its path: positive numbers joined by -, e.g. 2-1-6; items in it start with it",
        "階層の ID（例: 2-1-6）。この中の項目の ID はこれで始まる",
    ),
    key(
        "number",
        Kind::String,
        false,
        "the display number as printed (Ⅱ, 1., (6), ①)",
        "原典の表示番号（Ⅱ、1.、(6)、① など）",
    ),
    key("title", Kind::String, true, "its title", "題名"),
];

/// `[[period.columns]]`: a column of the source table.
pub static COLUMN: &[Key] = &[
    key(
        "label",
        Kind::String,
        true,
        "the column as printed (2016年度, 2014・2015年度, 2020年度～)",
        "原典の列見出し",
    ),
    key(
        "from",
        Kind::Fy,
        false,
        "the first FY it covers (not for a before column)",
        "最初の年度（before 列では書かない）",
    ),
    key(
        "to",
        Kind::Fy,
        true,
        "the last FY it covers (from < to: a merged column)",
        "最後の年度（from より後なら結合列）",
    ),
    key(
        "before",
        Kind::Bool,
        false,
        "it holds what came before the plan's FYs",
        "計画の年度より前の事項を置く列",
    ),
    key(
        "parts",
        Kind::Strings,
        false,
        "in-year sub-columns (上期, 下期)",
        "年度内の区分（上期・下期など）",
    ),
];

/// `[[period.phases]]`: a named sub-period.
pub static PHASE: &[Key] = &[
    key(
        "name",
        Kind::String,
        true,
        "its name (集中改革期間)",
        "名前（集中改革期間など）",
    ),
    key("from", Kind::Fy, true, "its first FY", "最初の年度"),
    key("to", Kind::Fy, true, "its last FY", "最後の年度"),
];

/// `[[categories]]`: a 大項目.
pub static CATEGORY: &[Key] = &[
    key(
        "number",
        Kind::Positive,
        true,
        "the 大項目 number (4 in 4-3-2)",
        "大項目の番号（4-3-2 の 4）",
    ),
    key(
        "title",
        Kind::String,
        true,
        "the title as in the overview table",
        "概要表にある題名",
    ),
    key(
        "other_titles",
        Kind::Strings,
        false,
        "other wordings the source uses for it",
        "原典にある別の書き方",
    ),
    key(
        "subcategories",
        Kind::Tables(SUBCATEGORY),
        true,
        "its 中項目",
        "中項目",
    ),
];

/// `[[categories.subcategories]]`: a 中項目.
pub static SUBCATEGORY: &[Key] = &[
    key(
        "number",
        Kind::Positive,
        true,
        "the 中項目 number (3 in 4-3-2)",
        "中項目の番号（4-3-2 の 3）",
    ),
    key("title", Kind::String, true, "its title", "題名"),
];

/// `[[themes]]`: a cross-cutting theme.
pub static THEME: &[Key] = &[
    key(
        "id",
        Kind::Positive,
        true,
        "its number, shown as ※1, ※2, …",
        "番号（※1、※2… と表示）",
    ),
    key(
        "title",
        Kind::String,
        true,
        "the source's words",
        "原典の文言",
    ),
];

/// `items/<id>.toml`: a 小項目.
pub static ITEM: &[Key] = &[
    key(
        "id",
        Kind::ItemId,
        true,
        "<大>-<中>-<小>, e.g. 2-3-2 (or a deeper path: its groups, then its number); equals the file stem",
        "<大>-<中>-<小>（例: 2-3-2。より深い階層ならその経路）。ファイル名と同じ",
    ),
    key(
        "number",
        Kind::String,
        false,
        "the display number as printed (No.1, (ⅰ), ①)",
        "原典の表示番号（No.1、(ⅰ)、① など）",
    ),
    key(
        "title",
        Kind::String,
        true,
        "the source's words, without the 【※n】 marker",
        "原典の文言（【※n】は除く）",
    ),
    key(
        "themes",
        Kind::Positives,
        false,
        "the cross-cutting themes the item carries",
        "この項目の横断テーマ",
    ),
    key(
        "owners",
        Kind::Strings,
        false,
        "who is responsible (主担当)",
        "主担当",
    ),
    key(
        "related_owners",
        Kind::Strings,
        false,
        "who else takes part (関係)",
        "関係府省・部局",
    ),
    key(
        "continues",
        Kind::ItemId,
        false,
        "the id of the item of the earlier edition this one continues",
        "前の版で引き継ぐ元の項目の ID",
    ),
    key(
        "schedule",
        Kind::OneOf(&["published", "not_published"]),
        false,
        "\"not_published\" when the source has no table for the item",
        "原典に工程表がない項目は \"not_published\"",
    ),
    key(
        "notes",
        Kind::Strings,
        false,
        "notes from the source",
        "原典の注記",
    ),
    key(
        "transcription_notes",
        Kind::Strings,
        false,
        "the transcriber's notes: how the source was read (left out of reports unless --include-notes)",
        "転記注: 原典をどう読んで転記したか（報告書には --include-notes のときだけ載る）",
    ),
    key(
        "milestones",
        Kind::Tables(MILESTONE),
        false,
        "the cells of the item's table",
        "工程表のセル",
    ),
    key(
        "indicators",
        Kind::Tables(INDICATOR),
        false,
        "the モニタリング指標",
        "モニタリング指標",
    ),
];

/// `[[milestones]]`: one cell of an item's table.
pub static MILESTONE: &[Key] = &[
    key(
        "id",
        Kind::Slug,
        true,
        "unique within the item",
        "項目の中で一意",
    ),
    key(
        "row",
        Kind::Positive,
        false,
        "the row of the source table (1 = first)",
        "原典の表の行（1 が最初）",
    ),
    key(
        "track",
        Kind::String,
        false,
        "the named sub-initiative the row belongs to",
        "行が属する取組の名前",
    ),
    key(
        "text",
        Kind::String,
        true,
        "the source's words",
        "原典の文言",
    ),
    key(
        "from",
        Kind::Fy,
        true,
        "the first FY in the published plan",
        "当初計画の最初の年度",
    ),
    key(
        "to",
        Kind::Fy,
        false,
        "the last FY in the published plan (equal to from for one year); not with until, event or open",
        "当初計画の最後の年度（1 年なら from と同じ）。until・event・open では書かない",
    ),
    key(
        "until",
        Kind::Until,
        false,
        "an end finer than a FY: 2025-H1 (上期), 2025-Q3, 2025-12 (a month), CY2025 (年末)",
        "年度より細かい終わり: 2025-H1（上期）、2025-Q3、2025-12（月）、CY2025（年末）",
    ),
    key(
        "approx",
        Kind::Bool,
        false,
        "the until point is approximate (目途, 夏頃): never a hard deadline",
        "until は目安（目途・夏頃）: 期限としない",
    ),
    key(
        "event",
        Kind::String,
        false,
        "it ends at an event, not a date (法令上の措置施行まで)",
        "日付でなく出来事で終わる（法令上の措置施行までなど）",
    ),
    key(
        "event_of",
        Kind::Reference,
        false,
        "the milestone whose completion is the event (ms or item/ms)",
        "その出来事に当たる工程（ms か item/ms）",
    ),
    key(
        "open",
        Kind::Bool,
        false,
        "open-ended (継続, 速やかに)",
        "終わりがない（継続・速やかに）",
    ),
    key(
        "timing_text",
        Kind::String,
        false,
        "the source's own words for the timing (実施時期)",
        "原典の実施時期の文言",
    ),
    key(
        "after",
        Kind::References,
        false,
        "milestones this one follows (ms or item/ms)",
        "先に終わるべき工程（ms か item/ms）",
    ),
    key(
        "restates",
        Kind::Reference,
        false,
        "a 再掲 of item/ms: shown here, counted there",
        "再掲元の工程（item/ms）。ここに表示し、数えるのは元",
    ),
    key(
        "owners",
        Kind::Strings,
        false,
        "主担当 of this measure (the item's when absent)",
        "この施策の主担当（なければ項目の担当）",
    ),
    key(
        "related_owners",
        Kind::Strings,
        false,
        "関係 of this measure",
        "この施策の関係府省・部局",
    ),
    key(
        "every_year",
        Kind::Bool,
        false,
        "毎年度: one round in every FY from from to to",
        "毎年度: from から to までの毎年度に 1 回ずつ",
    ),
    key(
        "due",
        Kind::Date,
        false,
        "a due date finer than the FY",
        "年度より細かい期限",
    ),
    key("notes", Kind::String, false, "free text", "自由記述"),
    key(
        "reports",
        Kind::Tables(REPORT),
        false,
        "progress reports, dated",
        "進捗報告（日付つき）",
    ),
    key(
        "changes",
        Kind::Tables(CHANGE),
        false,
        "schedule changes against the published plan, dated, with reasons",
        "当初計画からの計画変更（日付と理由つき）",
    ),
];

/// `[[milestones.reports]]`: a progress report.
pub static REPORT: &[Key] = &[
    key(
        "on",
        Kind::Date,
        true,
        "the day its status took effect",
        "状況が生じた日",
    ),
    key(
        "status",
        Kind::OneOf(&["in_progress", "done", "delayed", "dropped"]),
        false,
        "what it reports; none for a note",
        "報告する状況（経過の記録だけなら書かない）",
    ),
    key(
        "fy",
        Kind::Fy,
        false,
        "the round (FY) of a 毎年度 milestone it is about",
        "毎年度の工程のどの年度の回か",
    ),
    key(
        "text",
        Kind::String,
        false,
        "what was done (進捗状況)",
        "進捗状況",
    ),
    key(
        "evidence",
        Kind::String,
        false,
        "a document or URL that shows it",
        "根拠資料（文書名や URL）",
    ),
    key(
        "by",
        Kind::String,
        false,
        "who reported it",
        "報告者（部局・担当）",
    ),
    key(
        "reason",
        Kind::String,
        false,
        "why it is delayed or dropped (required for those)",
        "遅延・中止の理由（その場合は必須）",
    ),
    key(
        "form",
        Kind::String,
        false,
        "the form the answer came from (roadmap import)",
        "回答の来た照会票（roadmap import）",
    ),
];

/// `[[milestones.changes]]`: a schedule change.
pub static CHANGE: &[Key] = &[
    key(
        "on",
        Kind::Date,
        true,
        "the day it was decided",
        "変更した日",
    ),
    key(
        "from",
        Kind::Fy,
        false,
        "the new first FY",
        "変更後の最初の年度",
    ),
    key(
        "to",
        Kind::Fy,
        false,
        "the new last FY",
        "変更後の最後の年度",
    ),
    key(
        "until",
        Kind::Until,
        false,
        "the new end finer than a FY (as the milestone's until)",
        "年度より細かい新しい終わり（工程の until と同じ書き方）",
    ),
    key(
        "approx",
        Kind::Bool,
        false,
        "the new end (to or until) is approximate (目途): no deadline",
        "新しい終わり（to か until）は目安（目途）: 期限としない",
    ),
    key(
        "open",
        Kind::Bool,
        false,
        "from now on it has no end (継続); not with to or until",
        "以後は終わりを定めない（継続）。to・until とは書かない",
    ),
    key("reason", Kind::String, true, "why", "理由"),
    key(
        "form",
        Kind::String,
        false,
        "the form the change came from (roadmap import)",
        "変更の来た照会票（roadmap import）",
    ),
];

/// `[[indicators]]`: a モニタリング指標.
pub static INDICATOR: &[Key] = &[
    key(
        "id",
        Kind::Slug,
        true,
        "unique within the item",
        "項目の中で一意",
    ),
    key(
        "name",
        Kind::String,
        true,
        "the source's words",
        "原典の文言",
    ),
    key(
        "kind",
        Kind::OneOf(&["measure", "implementation"]),
        false,
        "\"measure\" (default: values in series) or \"implementation\" (carrying out the measure is the indicator)",
        "\"measure\"（既定: 系列の値で測る）か \"implementation\"（施策の実施そのものが指標）",
    ),
    key(
        "layer",
        Kind::Positive,
        false,
        "the KPI layer (1: KPI第1階層, 2: 第2階層)",
        "KPI の階層（1: 第1階層、2: 第2階層）",
    ),
    key(
        "measured",
        Kind::String,
        false,
        "when it is measured (把握の時期)",
        "把握の時期",
    ),
    key(
        "owners",
        Kind::Strings,
        false,
        "who measures it (主担当)",
        "主担当",
    ),
    key(
        "related_owners",
        Kind::Strings,
        false,
        "関係",
        "関係府省・部局",
    ),
    key("notes", Kind::String, false, "free text", "自由記述"),
    key(
        "series",
        Kind::Tables(SERIES),
        false,
        "the quantities the indicator names",
        "指標が示す量（系列）",
    ),
];

/// `[[indicators.series]]`: one quantity of an indicator.
pub static SERIES: &[Key] = &[
    key(
        "id",
        Kind::Slug,
        true,
        "unique within the indicator",
        "指標の中で一意",
    ),
    key("name", Kind::String, true, "what it counts", "何を数えるか"),
    key(
        "kind",
        Kind::OneOf(&["number", "text"]),
        false,
        "\"number\" (default) or \"text\" for a qualitative series",
        "\"number\"（既定）か、定性的な系列なら \"text\"",
    ),
    key(
        "unit",
        Kind::String,
        false,
        "e.g. \"%\", \"人\"; with \"%\" values are within 0–100",
        "例: \"%\"、\"人\"。\"%\" なら値は 0〜100",
    ),
    key(
        "direction",
        Kind::OneOf(&["increase", "decrease"]),
        false,
        "which way is better (default \"increase\")",
        "どちらが良いか（既定は \"increase\"）",
    ),
    key(
        "baseline",
        Kind::Table(BASELINE),
        false,
        "the value it starts from, with its FY (may precede the plan)",
        "基準値と年度（計画より前でもよい）",
    ),
    key(
        "targets",
        Kind::FyNumbers,
        false,
        "targets by FY: interim, and final (the last)",
        "年度ごとの目標値（中間と最終）",
    ),
    key(
        "target_text",
        Kind::String,
        false,
        "the source's words for the target (5割以上, 【減少】)",
        "原典の目標の文言（5割以上、【減少】など）",
    ),
    key(
        "relative",
        Kind::Bool,
        false,
        "the target is a move in direction from the baseline, with no number (【減少】)",
        "目標は基準値からの増減（数値なし。【減少】など）",
    ),
    key(
        "since",
        Kind::Fy,
        false,
        "the FY the series starts; no value is missing before it",
        "系列が始まる年度（それより前は未入力としない）",
    ),
    key(
        "values",
        Kind::Tables(VALUE),
        false,
        "recorded values by FY",
        "年度ごとの実績値",
    ),
];

/// `baseline = { … }` of a series.
pub static BASELINE: &[Key] = &[
    key("fy", Kind::Fy, true, "its FY", "年度"),
    key("value", Kind::Number, true, "the value", "値"),
    key("source", Kind::String, false, "where it comes from", "出典"),
];

/// `[[indicators.series.values]]`: one FY's value.
pub static VALUE: &[Key] = &[
    key("fy", Kind::Fy, true, "the FY it is for", "対象の年度"),
    key(
        "value",
        Kind::NumberOrText,
        true,
        "a number (text for a qualitative series)",
        "数値（定性的な系列なら文章）",
    ),
    key(
        "source",
        Kind::String,
        false,
        "the statistic or survey (統計名)",
        "統計名・調査名",
    ),
    key(
        "published",
        Kind::Date,
        false,
        "when it was published",
        "公表日",
    ),
    key("note", Kind::String, false, "free text", "備考"),
    key(
        "form",
        Kind::String,
        false,
        "the form the value came from (roadmap import)",
        "値の来た照会票（roadmap import）",
    ),
];

/// Every record with its name (the schema's definitions, the docs' sections).
pub static RECORDS: &[(&str, &[Key])] = &[
    ("plan", PLAN),
    ("period", PERIOD),
    ("column", COLUMN),
    ("phase", PHASE),
    ("group", GROUP),
    ("category", CATEGORY),
    ("subcategory", SUBCATEGORY),
    ("theme", THEME),
    ("item", ITEM),
    ("milestone", MILESTONE),
    ("report", REPORT),
    ("change", CHANGE),
    ("indicator", INDICATOR),
    ("series", SERIES),
    ("baseline", BASELINE),
    ("value", VALUE),
];

/// The name of a record's key table, as in [`RECORDS`].
pub fn record_name(table: &[Key]) -> &'static str {
    RECORDS
        .iter()
        .find(|(_, t)| std::ptr::eq(*t, table))
        .map_or("record", |(n, _)| n)
}

/// Keys of the earlier format a record may still hold: a finding (RM220) says how to convert each,
/// rather than "unknown key".
pub fn retired(table: &[Key]) -> &'static [&'static str] {
    if std::ptr::eq(table, MILESTONE) {
        &["status", "done_on", "evidence"]
    } else if std::ptr::eq(table, INDICATOR) {
        &["unit", "targets", "actuals"]
    } else {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_documented() {
        let doc = include_str!("../docs/format.md");
        for &(record, keys) in RECORDS {
            let mut seen = std::collections::HashSet::new();
            for k in keys {
                assert!(seen.insert(k.name), "{record}.{} twice", k.name);
                assert!(!k.en.is_empty() && !k.ja.is_empty(), "{record}.{}", k.name);
                let n = k.name;
                let forms = [
                    format!("`{n}`"),
                    format!("`[{n}]`"),
                    format!("`[[{n}]]`"),
                    format!(".{n}]]`"),
                ];
                assert!(
                    forms.iter().any(|f| doc.contains(f.as_str())),
                    "{record}.{} is missing from docs/format.md",
                    k.name
                );
            }
        }
    }
}
