//! The Japanese catalog (日本語).

use super::{Accepts, Cause, Expected, Lang, Msg, NotAFile, Subject, Words};
use crate::diagnostic::Code;
use crate::diff::Field;
use crate::model::Reported;

pub static WORDS: Words = Words {
    st_done: "完了",
    st_dropped: "中止",
    st_delayed: "遅延",
    st_past_due: "期限超過・未報告",
    st_due_this_fy: "今年度期限",
    st_in_progress: "実施中",
    st_active: "実施期間中",
    st_upcoming: "開始前",
    st_before_plan: "計画前",
    st_no_schedule: "工程未公表",
    st_overdue: "遅延または期限超過・未報告",
    derived_note: "期限超過・未報告、今年度期限、実施期間中、開始前は暦から導いた状態で、報告によるものではありません",
    before_plan_note: "計画前は計画の最初の年度より前の欄にある工程で、原典が過去の事実として記すものです。暦では判定せず、報告があればその状態を示します",
    rec_in_progress: "着手・実施中",
    rec_done: "完了",
    rec_delayed: "遅延",
    rec_dropped: "中止",
    rec_note: "経過",
    att_achieved: "達成",
    att_on_track: "順調（A）",
    att_behind: "遅れ（B）",
    att_worsened: "悪化",
    att_implementation: "施策の実施（F）",
    att_cannot_assess: "評価できない（N）",
    as_of: "基準日",
    plan_period: "計画期間",
    plan_over: "計画期間は終了しています",
    overview: "概要",
    group: "区分",
    items: "項目数",
    milestones_done: "完了工程数",
    themes: "横断テーマ",
    id: "ID",
    item: "小項目",
    theme_col: "※",
    state: "状態",
    done: "完了工程数",
    schedule_changes: "計画変更",
    overdue: "遅延",
    next_due: "次の期限",
    indicators: "モニタリング指標",
    no_data: "データなし",
    not_applicable: "対象外",
    missing: "未入力",
    none: "－",
    row: "行",
    after: "以降",
    phases: "期間区分",
    every_year: "毎年度",
    timing: "実施時期",
    first_half: "上期",
    second_half: "下期",
    approx: "目途",
    open_end: "期限なし",
    point_passed: "目途経過（派生）",
    waiting_for: "待ち",
    restates: "再掲",
    lead_owner: "主担当",
    related_owner: "関係",
    by_owner: "担当別",
    lead_milestones: "主担当の工程",
    related_milestones: "関係の工程",
    lead_indicators: "主担当の指標",
    related_indicators: "関係の指標",
    owner_scope: "対象の担当",
    measured: "把握の時期",
    target_text: "目標（記述）",
    relative_increase: "基準値からの増加を目指す（数値目標なし）",
    relative_decrease: "基準値からの減少を目指す（数値目標なし）",
    kpi_layer: "KPI階層",
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
    total: "合計",

    report: "進捗報告",
    fiscal_year: "年度",
    published: "原典の公表日",
    category: "大項目",
    subcategory: "中項目",
    theme: "横断テーマ",
    percent_done: "完了率",
    milestones: "工程",
    roadmap_table: "工程表",
    details: "項目別の詳細",
    milestone: "工程",
    period: "期間",
    due: "期限",
    evidence: "根拠",
    owners: "担当",
    lists: "一覧",
    overdue_list: "遅延している工程",
    no_schedule_list: "工程が公表されていない項目",
    missing_list: "終了した年度の値が未入力の指標",
    missing_fys: "未入力の年度",
    nothing: "なし",
    charts: "指標の推移",
    fy_col: "年度",
    track: "取組",
    plan_notes: "計画の注記",
    generated_by: "roadmap report により作成",
    milestone_id: "工程ID",
    indicator_id: "指標ID",
    series_id: "系列ID",
    baseline_fy: "基準年度",
    value_source: "出典",
    from_fy: "開始年度",
    to_fy: "終了年度",
    planned_from_fy: "当初開始年度",
    planned_to_fy: "当初終了年度",
    changed_from_fy: "変更後開始年度",
    changed_to_fy: "変更後終了年度",
    state_code: "状態コード",
    planned_plan: "当初計画",
    current_plan: "現計画",
    last_reported: "最終報告日",
    narrative: "進捗状況",
    reporter: "報告者",
    reason: "理由",
    changed_on: "変更日",
    delayed_list: "遅延（報告あり）",
    past_due_list: "期限超過・未報告（暦から導いたもの）",
    changes_list: "計画変更（当初計画との比較）",
    series: "系列",
    baseline: "基準値",
    attainment: "達成度",
    reports: "報告",
    no_report: "報告なし",
    rounds: "毎年度の回",
    file: "ファイル",
    continues: "前の版の項目",
    stale: "報告期限超過",
    changed_after_deadline: "期限経過後の計画変更（暦から導いたもの）",
    after_deadline_mark: "期限経過後の変更（暦から導いたもの）",
    evidence_short: "根拠",
    chart_max: "最大",

    error: "エラー",
    warning: "警告",
    help: "ヒント",
    ok: "OK",

    diff_heading: "roadmap diff",
    working_tree: "作業ツリー",
    no_semantic_changes: "意味のある変更はありません",
    plan_heading: "計画",
    unreadable_heading: "変更後に読めないファイル",
    see_validation: "検証結果を参照",
    validation: "検証",
    moved: "移動",
    diff_milestone: "工程",
    diff_indicator: "指標",
    diff_status: "状況",
    diff_schedule: "日程",
    slip_flag: "後ろ倒し",
    pull_in_flag: "前倒し",
    deadline_set_flag: "期限を設定",
    deadline_removed_flag: "期限の削除",
    record_removed_flag: "計画変更の記録の削除で元の計画に戻る",
    due_date: "期日",
    round: "の回",
    deadline: "期限",
    added: "追加",
    removed: "削除",
    changed: "変更",
    value_recorded: "記録",
    value_removed: "削除",
    value_none: "なし",
    category_prefix: "大項目",
    md_changes_title: "工程表の変更",
    md_no_changes: "意味のある変更はありません（書式のみの変更、または変更なし）。",
    md_items_changed: "変更された項目",
    md_milestones_completed: "完了した工程",
    md_rounds_completed: "完了した毎年度の回",
    md_slips: "後ろ倒し",
    md_pull_ins: "前倒し",
    md_delays_declared: "遅延の報告",
    md_drops: "中止の報告",
    md_plan_edits: "当初計画の修正",
    md_reports_added: "追加された報告",
    md_reports_removed: "削除された報告",
    md_change_records_removed: "削除・修正された計画変更の記録",
    md_deadlines_lost: "期限のある工程の削除",
    md_items_carried_over: "前の版から引き継いだ項目",
    md_indicators: "指標の変更（追加・削除）",
    md_indicator_updates: "指標の更新",
    md_plan_changes: "roadmap.toml の変更",
    md_validation: "検証",
    tip: "ヒント",
    usage: "使い方",
    help_commands: "コマンド",
    help_arguments: "引数",
    help_options: "オプション",
    help_global: "共通オプション",
    help_env: "環境変数",
    help_default: "既定値",
    help_possible: "指定できる値",
    not_checked: "未検証",
    valid: "問題なし",
    md_validation_findings: "検証で見つかった問題",
    md_unreadable: "変更後に読めないファイル（検証結果を参照）：",
    md_plan: "計画（roadmap.toml）",
    item_removed: "項目を削除",
    md_slip: "後ろ倒し",
    delay_flag: "遅延の報告",
    drop_flag: "中止の報告",
    plan_edited: "当初計画の修正",
    plan_revised: "改定での日程変更",
    diff_report: "報告",
    diff_change_record: "計画変更の記録",
    change_record_removed: "計画変更の記録を削除・修正",
    attention_heading: "要確認",
    milestone_removed: "工程を削除",
    period_changed: "計画期間の変更",
    target_changed: "目標の変更",
    value_revised: "実績値の修正",
    validation_errors: "検証エラー",
    md_milestones: "工程の変更",
    md_target_changes: "目標の変更",
    md_attention_none: "要確認の変更はありません",
    log_heading: "工程表の変更履歴",
    log_none: "この範囲に工程表の意味を変えたコミットはありません",
    burnup_heading: "進捗の推移",
    burnup_note: "報告日と計画変更日から算出。期限超過は暦から導いたもので、報告によるものではありません",
    burnup_day: "時点",
    burnup_done: "完了",
    burnup_reported: "報告あり",
    burnup_delayed: "遅延",
    burnup_past_due: "期限超過（算出）",
    burnup_total: "工程数",
    transcription_note: "転記注",
    since_heading: "前回報告からの変化",
    since_kind: "区分",
    since_detail: "内容",
    since_rescheduled: "計画変更",
    attainment_list: "指標の達成状況",
    latest_value: "最新値",
    summary_title: "概要（1枚）",
    overview_counts_note: "状態の列は小項目の数（小項目は、その工程のうち最も注意を要する状態をとります）、完了工程数と完了率は工程の数です。",
    created: "作成日",
    data_revision: "データ",
    md_pull_in: "前倒し",
    form_to_stdout: "標準出力",
    form_howto_sheet: "記入方法",
    form_progress_sheet: "進捗入力",
    form_indicator_sheet: "指標入力",
    form_item_id: "小項目ID",
    form_item: "小項目",
    form_milestone_id: "工程ID",
    form_milestone: "工程",
    form_round: "年度",
    form_plan: "当初計画",
    form_current: "現計画",
    form_timing: "実施時期",
    form_standing: "現在の状況",
    form_last: "前回の進捗状況",
    form_status: "状況",
    form_done_on: "完了日",
    form_progress: "進捗状況",
    form_evidence: "根拠資料",
    form_reason: "遅延・中止の理由",
    form_new_end: "見直し後の終了時期",
    form_new_end_before: "見直し後の終了年度",
    form_indicator_id: "指標ID",
    form_indicator: "指標",
    form_series: "系列",
    form_unit: "単位",
    form_target: "目標値",
    form_current_value: "現在の実績値",
    form_value: "実績値",
    form_note: "備考",
    form_ans_done: "完了",
    form_ans_in_progress: "実施中",
    form_ans_delayed: "遅延",
    form_ans_dropped: "中止",
    form_ans_no_change: "変更なし",
    form_title: "進捗照会票",
    form_id: "照会票ID",
    form_made_on: "作成日",
    form_owner: "照会先",
    form_everyone: "全部局",
    form_fy: "対象年度",
    form_revision: "作成元のデータ",
    form_howto: "1. 「進捗入力」シートの黄色の列だけに記入してください。灰色の列（小項目ID〜前回の進捗状況）は変更できません。\n2. 「状況」は一覧から選びます：完了・実施中・遅延・中止・変更なし。空欄の行は「回答なし」として扱います。\n3. 完了した工程は「完了日」を記入してください（2024/3/31、令和6年3月31日 などの書き方で構いません）。\n4. 遅延・中止は「遅延・中止の理由」が必須です。終わりを見直す場合は「見直し後の終了時期」（例：令和7年度、令和7年度第3四半期、令和7年12月、令和8年夏目途、期限なし）も記入してください。\n5. 完了・中止の工程と記録済みの実績値も載せています。誤りは訂正できます：完了日の誤りは「状況」を完了にして正しい「完了日」を、誤って完了・中止とした工程は正しい「状況」（実施中など）を、実績値の誤りは正しい「実績値」を記入します。空欄のままなら変更しません。\n6. 「進捗状況」には取組の内容を、「根拠資料」には資料名やURLを記入します。\n7. 「指標入力」シートの「実績値」には数値を記入してください（単位やカンマは付いていても構いません）。\n8. 行やシートの追加・削除、シート名の変更はしないでください。隠しシート「_form」は照合に使います。",
    unanswered_heading: "未回答（照会票ごと・照会先ごと）",
    form_derived: "暦による推定",
    unanswered_none: "照会した小項目はすべて回答済みです",
};

fn type_name(found: &str) -> &str {
    match found {
        "string" => "文字列",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "真偽値",
        "datetime" => "日時",
        "array" => "配列",
        "table" => "テーブル",
        other => other,
    }
}

fn expected(e: Expected) -> &'static str {
    match e {
        Expected::String => "文字列",
        Expected::MonthDay => "\"MM-DD\" 形式の文字列",
        Expected::ItemId => "\"2-3-2\" のような文字列",
        Expected::Integer => "整数",
        Expected::Boolean => "真偽値（true か false）",
        Expected::Date { quoted: false } => "YYYY-MM-DD 形式の日付",
        Expected::Date { quoted: true } => {
            "YYYY-MM-DD 形式の日付（日付は引用符で囲まずに書きます）"
        }
        Expected::Array => "配列",
        Expected::Table => "テーブル",
        Expected::FyTable => "「年度 = 数値」のテーブル（例: { 2023 = 80 }）",
        Expected::Number => "数値",
    }
}

fn subject(s: &Subject) -> String {
    match s {
        Subject::Milestone { id, key } => format!("工程 `{id}` の `{key}`"),
        Subject::Indicator { id, key } => format!("指標 `{id}` の `{key}`"),
    }
}

const UNSHALLOW: &str = "`git fetch --unshallow`（または `git fetch --deepen=<n>`）で履歴を取得してください。GitHub Actions では actions/checkout に `fetch-depth: 0` を指定します";

fn key_label(key: &str) -> &str {
    match key {
        "title" => "題名",
        "title_en" => "英語の題名",
        "published" => "公表日",
        "fiscal_year_start" => "年度の始まり",
        "period" => "計画期間",
        "themes" => "横断テーマ",
        "owners" => "担当",
        "schedule" => "工程表の公表",
        "notes" => "注記",
        "done_on" => "完了日",
        "text" => "工程",
        "row" => "行",
        "track" => "取組",
        "every_year" => "毎年度",
        "number" => "表示番号",
        "related_owners" => "関係",
        "continues" => "前の版の項目",
        "until" => "終わり",
        "approx" => "目途",
        "event" => "終わる出来事",
        "event_of" => "出来事の工程",
        "open" => "期限なし",
        "timing_text" => "実施時期",
        "after" => "先行する工程",
        "restates" => "再掲元",
        "layer" => "KPIの階層",
        "measured" => "把握の時期",
        "target_text" => "目標の文言",
        "relative" => "相対目標",
        "since" => "系列の開始年度",
        "edition" => "版",
        "source" => "出典",
        "levels" => "階層の名前",
        "due" => "期限",
        "evidence" => "根拠",
        "name" => "指標名",
        "unit" => "単位",
        other => other,
    }
}

/// A field of the diff, in Japanese.
pub fn field(f: &Field) -> String {
    match f {
        Field::Key(k) => key_label(k).to_owned(),
        Field::Category(c) => format!("大項目{c}"),
        Field::CategoryOtherTitles(c) => format!("大項目{c}の別名"),
        Field::Subcategory(c, s) => format!("中項目{c}-{s}"),
        Field::Theme(t) => format!("横断テーマ{}", crate::model::Theme::marker(*t)),
    }
}

fn code_help(code: Code) -> &'static str {
    match code {
        Code::Io => "パスが存在し、読み取れることを確かめてください",
        Code::Encoding => "工程表のファイルは UTF-8 で保存します",
        Code::NulByte => {
            "工程表のファイルはテキストです。NUL バイトを取り除いてください（バイナリファイルではありませんか）"
        }
        Code::EmptyFile => "必要なキーを書くか、ファイルを削除してください",
        Code::TooLarge => {
            "工程表のファイルは小さいものです。データを分けるか、正しいファイルか確かめてください"
        }
        Code::Symlink => "リンクをやめ、工程表のディレクトリの中にファイルそのものを置いてください",
        Code::TooDeep => "工程表のデータは数段のテーブルまでです。入れ子を浅くしてください",
        Code::MissingFile => {
            "工程表のディレクトリには roadmap.toml と items/<id>.toml を置きます（docs/format.md）"
        }
        Code::TooManyFindings => {
            "表示した問題を直して、もう一度 validate を実行してください。工程表のファイルではないかもしれません"
        }
        Code::Syntax => "示した箇所の TOML の書き方を直してください",
        Code::UnknownKey => {
            "キーを削除するか、綴りを直してください。キーは docs/format.md にあります"
        }
        Code::WrongType => "値を求められている型に直してください",
        Code::MissingKey => "キーを追加してください（docs/format.md）",
        Code::InvalidValue => "docs/format.md にある値を使ってください",
        Code::InvalidDate => "実在する日付を YYYY-MM-DD で、時刻や時差を付けずに書いてください",
        Code::YearRange => "年度は始まる年の西暦で書いてください（例: 令和5年度なら 2023）",
        Code::DuplicateItem => "項目ごとに別の ID を付け、1 項目 1 ファイルにしてください",
        Code::StemMismatch => "ファイル名を <id>.toml にするか、ID を直してください",
        Code::UnknownCategory => {
            "roadmap.toml に大項目・中項目を追加するか、項目の ID を直してください"
        }
        Code::UnknownTheme => {
            "roadmap.toml の [[themes]] で定義した横断テーマの番号を使ってください"
        }
        Code::BeforePlan => "年度は計画の first_fy から始まります",
        Code::AfterPlan => {
            "原典は period.latest_fy より後を描いていません。年度を直すか latest_fy を上げてください"
        }
        Code::FromAfterTo => "`from` と `to` を入れ替えるか、どちらかを直してください",
        Code::RetiredKey => {
            "ヒントのとおり以前の書き方を直してください（現在の書き方は docs/format.md）"
        }
        Code::NeedsReason => {
            "`reason` に理由を書いてください。遅延・中止は事務局が判断し説明するものです"
        }
        Code::RoundFy => "毎年度の工程は年度ごとに 1 回です。ほかの工程の報告には年度を付けません",
        Code::StaleItem => {
            "いずれかの工程の報告を記録してください（roadmap record done、start、delay など）。変化がなければ、その旨を経過として記録します（roadmap record note）"
        }
        Code::ValueKind => "系列に合う値を書いてください（数値、または kind = \"text\" なら文章）",
        Code::UnknownTarget => "同じ項目の工程は `ms`、ほかの項目の工程は `item/ms` で指定します",
        Code::DependencyCycle => "`after` の連鎖が元の工程に戻らないようにしてください",
        Code::Restatement => {
            "再掲は元の工程を表示するだけです。報告や計画変更は元の工程に記録してください"
        }
        Code::BadPhase => {
            "期間区分（集中改革期間など）は from ≦ to とし、計画の年度（first_fy〜latest_fy）の中に収めてください"
        }
        Code::PlanUnread => {
            "先に roadmap.toml 自体の指摘を直し、もう一度 validate を実行してください。項目の残りの指摘はその後に出ます"
        }
        Code::AfterToday => {
            "進捗報告と計画変更は起きたことの記録です。今日（基準日）以前の日付にしてください"
        }
        Code::IndicatorFy => "指標の値は計画期間内の年度をキーにします",
        Code::Percentage => "割合は 0 から 100 の間です",
        Code::EmptyText => "原典の文言を書いてください。空の題名や工程は何も伝えません",
        Code::DuplicateMilestone => "工程の ID は項目の中で重複できません",
        Code::DuplicateIndicator => "指標の ID は項目の中で重複できません",
        Code::ScheduleMismatch => {
            "工程表が公表された項目には工程があり、公表されていない項目にはありません"
        }
        Code::DuplicatePlanEntry => "大項目・中項目の番号と横断テーマの番号は重複できません",
        Code::BadPeriod => "first_fy <= last_fy <= latest_fy の順にしてください",
        Code::DuplicateTheme => "横断テーマは一度だけ書いてください",
    }
}

/// Why the system refused, in Japanese; what it has no word for, in its own words.
fn cause(c: &Cause) -> String {
    match c {
        Cause::NotFound => "見つかりません".into(),
        Cause::PermissionDenied => "権限がありません".into(),
        Cause::IsADirectory => "ディレクトリです".into(),
        Cause::NotADirectory => "パスの途中にディレクトリでないものがあります".into(),
        Cause::StorageFull => "ディスクに空きがありません".into(),
        Cause::ReadOnlyFilesystem => "読み取り専用のファイルシステムです".into(),
        Cause::Other(text) => text.clone(),
    }
}

/// A date as Japanese text reads it (令和6年3月31日; ISO under `--date-style iso`).
fn day(d: chrono::NaiveDate) -> String {
    crate::render::dates::date(d, Lang::Ja)
}

fn status_list() -> String {
    Reported::ALL
        .iter()
        .map(|s| format!("\"{}\"", s.as_str()))
        .collect::<Vec<_>>()
        .join("、")
}

pub fn message(m: &Msg) -> String {
    match m {
        Msg::Help(code) => code_help(*code).to_owned(),

        Msg::FileTooLarge { bytes, max } => {
            format!("ファイルが {bytes} バイトあり、上限の {max} バイトを超えています")
        }
        Msg::Utf16 { encoding } => format!("ファイルが UTF-8 ではなく {encoding} です"),
        Msg::NotUtf8 => "ファイルが正しい UTF-8 ではありません".into(),
        Msg::LooksLike { encoding } => {
            format!("ファイルが UTF-8 ではありません。{encoding} のようです")
        }
        Msg::NulByte => "ファイルに NUL バイトがあります".into(),
        Msg::ConvertWithIconv { from, path } => {
            format!("変換してください: iconv -f {from} -t UTF-8 {path} > converted.toml")
        }
        Msg::SaveAsUtf8 => "ファイルを UTF-8 で保存してください".into(),
        Msg::CannotReadFile { cause: c } => format!("ファイルを読めません: {}", cause(c)),
        Msg::SymlinkLoops => "シンボリックリンクが循環しています".into(),
        Msg::SymlinkBroken { cause: c } => format!("シンボリックリンクをたどれません: {}", cause(c)),
        Msg::SymlinkOutside { target } => {
            format!("シンボリックリンクが工程表のディレクトリの外（`{target}`）を指しています")
        }
        Msg::SymlinkInRevision => {
            "git のリビジョン内のシンボリックリンクです。リビジョンではリンクをたどりません".into()
        }
        Msg::ItemsIsLink => "`items` がシンボリックリンクです。items/ は工程表の中の実際のディレクトリにしてください（中の個々のファイルへのリンクは読みます）".into(),
        Msg::ItemsIsSubmodule => "このリビジョンの `items` はサブモジュールで、工程表のディレクトリではありません。項目を読めません".into(),
        Msg::FileNameNotUtf8 => "ファイル名が正しい UTF-8 ではありません。項目 ID のファイル名（<id>.toml）に直してください".into(),
        Msg::NotRegularFile => "通常のファイルではありません".into(),
        Msg::NoPlanFile { dir } => format!("`{dir}` に roadmap.toml がありません"),
        Msg::PlanUnread { items } => format!(
            "計画ファイルを読めないため、それを要する規則（大項目・中項目またはグループ、横断テーマ、計画の年度）を {items} 件の項目について検査していません"
        ),
        Msg::NoPlanFileAt { dir, commit } => {
            format!("{commit} の `{dir}` に roadmap.toml がありません")
        }
        Msg::CannotReadItemsDir { cause: c } => format!("items ディレクトリを読めません: {}", cause(c)),

        Msg::MoreFindings { errors, warnings } => format!(
            "このファイルにはほかに {} 件（エラー {errors} 件、警告 {warnings} 件）ありますが、表示していません",
            errors + warnings
        ),
        Msg::EmptyFile => "ファイルが空です".into(),
        Msg::TomlSyntax { detail, more: 0 } => {
            format!("TOML として読めません: {}", toml_detail(detail))
        }
        Msg::TomlSyntax { detail, more } => format!(
            "TOML として読めません: {}（このファイルにはほかに構文エラーが {more} 件ありますが、多くはここから続いて起きたものです。ここと、その前の行の閉じていない [ や \" を直してから確かめてください）",
            toml_detail(detail)
        ),
        Msg::TooDeep { detail } => format!("TOML の入れ子が深すぎます（{}）", toml_detail(detail)),
        Msg::UnknownKey { key } => format!("未知のキー `{key}` です"),
        Msg::DidYouMean { suggestion } => format!("`{suggestion}` の誤りではありませんか"),
        Msg::ExpectedOneOf { keys } => format!("使えるキー: {keys}"),
        Msg::MissingKey { key, table } => match table {
            None => format!("ファイルにキー `{key}` がありません"),
            Some(t) => format!("`{t}` にキー `{key}` がありません"),
        },
        Msg::WrongType {
            path,
            expected: e,
            found,
        } => format!(
            "`{path}` は{}にしてください（今は{}です）",
            expected(*e),
            type_name(found)
        ),
        Msg::FyStartFormat => {
            "`fiscal_year_start` は \"MM-DD\" 形式の月日で書きます（例: \"04-01\"）".into()
        }
        Msg::FyStartLeapDay => "`fiscal_year_start` に \"02-29\" は使えません。多くの年にその日はありません。\"03-01\" か \"02-28\" にしてください".into(),
        Msg::YearOutOfRange { path, value } => format!(
            "`{path}` の {value} は扱える年度（{}〜{}）の範囲外です",
            crate::fy::MIN_FY,
            crate::fy::MAX_FY
        ),
        Msg::DateOutOfRange { path, value } => format!(
            "`{path}` の {value} は扱える年（{}年〜{}年）の範囲外です",
            crate::fy::MIN_FY,
            crate::fy::MAX_FY
        ),
        Msg::DateOutOfRangeHelp => {
            "原典の日付を YYYY-MM-DD で書いてください（令和5年3月10日なら 2023-03-10）".into()
        }
        Msg::BadItemId { id } => {
            format!("項目 ID `{id}` が <大>-<中>-<小> の形（例: 2-3-2）ではありません")
        }
        Msg::BadGroupId { id } => format!(
            "階層の ID `{id}` が正の整数を `-` でつないだ形（例: 2、2-1-6）ではありません"
        ),
        Msg::CategoriesAndGroups => {
            "`categories` と `groups` は一方だけを使います（大項目・中項目か、任意の深さの階層か）".into()
        }
        Msg::BadUntil { path, value } => format!(
            "`{path}` が \"{value}\" です。2025-H1（上期）、2025-H2（下期）、2025-Q3（四半期）、2025-12（月）、CY2025（年末）のいずれかの形で書きます"
        ),
        Msg::EndConflict { keys } => format!(
            "工程の終わりが複数の書き方で書かれています（{keys}）。to・until・event・open のどれか一つにしてください"
        ),
        Msg::NeedsKey { key, needs } => format!("`{key}` は `{needs}` と一緒に書きます"),
        Msg::ApproxNeedsEnd { key } => format!(
            "`{key}` は目途にする終わり（年度なら `to`、年度より細かい時点なら `until`）と一緒に書きます"
        ),
        Msg::BadSchedule { value } => format!(
            "`schedule` が \"{value}\" です。\"published\" か \"not_published\" にしてください"
        ),
        Msg::BadStatus { path, value } => format!(
            "`{path}` が \"{value}\" です。{} のいずれかにしてください",
            status_list()
        ),
        Msg::BadSlug { path, value } => format!(
            "`{path}` が \"{value}\" です。ID は英小文字と数字を `-` でつないだ ASCII で書きます"
        ),
        Msg::OutOfRange { path } => format!("`{path}` が範囲外です"),
        Msg::NotPositive { path, value } => {
            format!("`{path}` が {value} です。正の整数にしてください")
        }
        Msg::DateWithTime { path, value } => {
            format!("`{path}` が {value} です。時刻や時差のない日付にしてください")
        }
        Msg::NotCalendarDate { path, value } => {
            format!("`{path}` の {value} は実在しない日付です")
        }
        Msg::FyKey { path } => format!("`{path}`: キーは 2023 のような年度にしてください"),
        Msg::NotFinite { path } => format!("`{path}` が有限の数値ではありません"),
        Msg::NotPublishedWithMilestones => {
            "`schedule = \"not_published\"` の項目に工程があります".into()
        }
        Msg::NoMilestones { id } => format!("項目 `{id}` に工程がありません"),
        Msg::NoMilestonesHelp => "工程を追加するか、原典に工程表がなければ `schedule = \"not_published\"` と書いてください".into(),

        Msg::DuplicateItem { id, other } => {
            format!("項目 ID `{id}` は {other} でも使われています")
        }
        Msg::DuplicateItemHelp { id, other } => {
            format!("{other} がすでに `{id}` を定義しています。この項目には別の ID を付けてください")
        }
        Msg::StemMismatch { id, stem } => {
            format!("項目 ID `{id}` がファイル名 `{stem}.toml` と一致しません")
        }
        Msg::StemMismatchHelp { id, stem } => format!(
            "ファイル名を `{id}.toml` にするか、`id = \"{stem}\"` にしてください"
        ),
        Msg::UnknownCategory { id, category, plan } => {
            format!("項目 `{id}`: 大項目 {category} が {plan} にありません")
        }
        Msg::UnknownSubcategory {
            id,
            category,
            subcategory,
            plan,
        } => format!("項目 `{id}`: 大項目 {category} の中項目（{subcategory}）が {plan} にありません"),
        Msg::UnknownGroup { id, group, plan } => {
            format!("項目 {id} の階層 {group} が {plan} にありません")
        }
        Msg::GroupWithoutParent { id, parent } => {
            format!("階層 {id} の上の階層 {parent} がありません")
        }
        Msg::GroupTwice { id } => format!("階層 {id} が 2 回定義されています"),
        Msg::UnknownTarget { key, target } => {
            format!("`{key}` の `{target}` に当たる工程がありません")
        }
        Msg::UnknownTargetHelp => {
            "同じ項目の工程は `ms`、ほかの項目の工程は `item/ms`（例: 2-1-6-1/a）で指定します".into()
        }
        Msg::DependencyCycle { cycle } => {
            format!("工程の前後関係（after）が循環しています: {cycle}")
        }
        Msg::RestatementTracked { id } => format!(
            "工程 `{id}` は再掲ですが、報告・計画変更を持つか、再掲を再掲しています。記録は元の工程にします"
        ),
        Msg::ColumnOrder { label } => format!(
            "列「{label}」の年度が順になっていません（from が to より後か、前の列と重なっています）"
        ),
        Msg::PhaseOutside {
            name,
            from,
            to,
            first,
            latest,
        } => format!(
            "期間区分「{name}」（{from}〜{to}年度）が逆順か、計画の年度（{first}〜{latest}年度）の外にあります"
        ),
        Msg::UnknownTheme { theme, plan } => {
            format!("横断テーマ {theme} は {plan} で定義されていません")
        }
        Msg::ThemeListedTwice { theme } => format!("横断テーマ {theme} が二度書かれています"),
        Msg::LastBeforeFirst { last, first } => format!(
            "period.last_fy（{last}）が period.first_fy（{first}）より前です"
        ),
        Msg::LatestBeforeLast { latest, last } => format!(
            "period.latest_fy（{latest}）が period.last_fy（{last}）より前です"
        ),
        Msg::CategoryTwice { category } => format!("大項目 {category} が二度定義されています"),
        Msg::SubcategoryTwice {
            category,
            subcategory,
        } => format!("大項目 {category} の中項目（{subcategory}）が二度定義されています"),
        Msg::ThemeDefinedTwice { theme } => format!("横断テーマ {theme} が二度定義されています"),
        Msg::EmptyText { key } => format!("`{key}` が空です"),
        Msg::MilestoneTwice { id } => format!("工程 ID `{id}` がこの項目で二度使われています"),
        Msg::IndicatorTwice { id } => format!("指標 ID `{id}` がこの項目で二度使われています"),
        Msg::BeforePlan { subject: s, fy, first } => format!(
            "{}が {fy}年度で、計画の始まり（{first}年度）より前です",
            subject(s)
        ),
        Msg::AfterPlan { subject: s, fy, latest } => format!(
            "{}が {fy}年度で、計画が認める最後の年度（{latest}年度）より後です",
            subject(s)
        ),
        Msg::FromAfterTo { id, from, to } => format!(
            "工程 `{id}` の終わり（to = {to}）が始まり（from = {from}）より前です"
        ),
        Msg::AfterToday { id, date, today } => {
            let today = day(*today);
            format!("工程 `{id}` の記録の日付 {date} が今日（{today}）より後です")
        }
        Msg::Percentage { id, key, value } => {
            format!("指標 `{id}` の `{key}` が {value} % で、0〜100 の範囲外です")
        }

        Msg::RetiredKey { key } => format!("`{key}` は以前の書き方です"),
        Msg::RetiredHelp { key } => match key.as_str() {
            "status" | "done_on" | "evidence" => "進捗は報告として書きます: [[milestones.reports]] に on = <日付>、status = \"done\"（done_on は on に、evidence は報告に移します）。status = \"planned\" は既定なので削除してください".into(),
            _ => "値は系列に書きます: [[indicators.series]] に id、name、unit、targets。actuals は [[indicators.series.values]] の fy と value にします".into(),
        },
        Msg::BadTimezone { value } => format!(
            "`timezone` の \"{value}\" は tz データベースのタイムゾーンではありません。\"Asia/Tokyo\" のように書いてください"
        ),
        Msg::BadChoice {
            path,
            value,
            allowed,
        } => format!("`{path}` が \"{value}\" です。{allowed} のいずれかにしてください"),
        Msg::NeedsReason { id, status } => {
            format!("工程 `{id}`: `{status}` の報告には `reason`（理由）が必要です")
        }
        Msg::RoundOnOnce { id } => format!(
            "工程 `{id}` は毎年度ではないので、報告に年度（`fy`）は付けません"
        ),
        Msg::RoundOutside { id, fy, from, to } => format!(
            "工程 `{id}` の回は {from}年度〜{to}年度です。報告の年度が {fy}年度です"
        ),
        Msg::RoundMissing { id } => format!(
            "工程 `{id}` は毎年度です。`done` の報告には `fy` でどの年度の回かを書いてください"
        ),
        Msg::StaleItem { id, last, months } => match last.map(day) {
            Some(last) => format!(
                "項目 `{id}` の最終報告は{last}で、計画の報告間隔（{months}か月）を過ぎています"
            ),
            None => format!(
                "項目 `{id}` には報告がなく、計画の報告間隔（{months}か月）を過ぎています"
            ),
        },
        Msg::ImplementationWithSeries { id } => format!(
            "指標 `{id}` は `implementation`（工程から評価）なので系列を持ちません"
        ),
        Msg::MeasureWithoutSeries { id } => format!(
            "指標 `{id}` は測る指標ですが系列がありません。[[indicators.series]] を追加するか、kind = \"implementation\" にしてください"
        ),
        Msg::BaselineAfterPlan { id, fy, last } => format!(
            "系列 `{id}`: 基準値の年度 {fy}年度が計画の最後の年度（{last}年度）より後です"
        ),
        Msg::ValueTwice { id, fy } => format!("系列 `{id}` に {fy}年度の値が二つあります"),
        Msg::ValueOfKind { id, text } => {
            if *text {
                format!("系列 `{id}` は定性的（text）なので、値は文字列で書きます")
            } else {
                format!("系列 `{id}` は数値の系列なので、値は数値で書きます（定性的なら kind = \"text\"）")
            }
        }
        Msg::ChangeMovesNothing { id } => format!(
            "工程 `{id}`: 計画変更には変更後の `from` か終わり（`to`、`until`、`open`）、またはその両方を書きます"
        ),

        Msg::ValidateOk { files } => format!("{files} ファイルを検査し、問題はありません"),
        Msg::ValidateCounts {
            errors,
            warnings,
            files,
            strict,
        } => format!(
            "エラー {errors} 件、警告 {warnings} 件（{files} ファイルを検査）{}",
            if *strict {
                "（--strict: 警告も失敗扱い）"
            } else {
                ""
            }
        ),
        Msg::GithubMore {
            errors,
            warnings,
            cap,
        } => format!(
            "ほかにエラー {errors} 件、警告 {warnings} 件は注釈にしていません（GitHub は 1 ステップにそれぞれ {cap} 件まで表示します）。ログに一覧があり、`roadmap validate` ですべて確認できます"
        ),
        Msg::RefuseInvalid { errors } => format!(
            "工程表にエラーが {errors} 件あります。先に直してください（`roadmap validate` で一覧できます）"
        ),
        Msg::PlanOver { end } => format!(
            "{} {}（{end} 終了）",
            super::glyph::note(),
            WORDS.plan_over
        ),
        Msg::DataUntil {
            with_data,
            total,
            fy,
        } => format!("{with_data}/{total} {fy}年度まで"),
        Msg::ChangeCount { n } => format!("{n}件"),
        Msg::KpiLayer { n } => format!("KPI第{n}階層"),
        Msg::OnlyOwner {
            owner,
            shown,
            total,
        } => format!("「{owner}」の工程だけを表示（{total}工程のうち{shown}工程）"),
        Msg::DiffSummary(s) => {
            let counts = [
                (s.items_changed, "項目変更"),
                (s.items_added, "項目追加"),
                (s.items_removed, "項目削除"),
                (s.items_moved, "項目移動"),
                (s.items_renamed, "項目ID変更"),
                (s.milestones_changed, "工程変更"),
                (s.milestones_added, "工程追加"),
                (s.milestones_removed, "工程削除"),
                (s.milestones_renamed, "工程ID変更"),
                (s.plan_changes, "roadmap.toml の変更"),
                (s.milestones_completed, "工程完了"),
                (s.rounds_completed, "毎年度の回の完了"),
                (s.delays_declared, "遅延の報告"),
                (s.drops, "中止の報告"),
                (s.slips, "後ろ倒し"),
                (s.deadlines_lost, "期限のある工程の削除"),
                (s.pull_ins, "前倒し"),
                (s.plan_edits, "当初計画の修正"),
                (s.plan_revisions, "改定での日程変更"),
                (s.reports_added, "報告"),
                (s.reports_removed, "報告の削除"),
                (s.change_records_removed, "計画変更の記録の削除・修正"),
                (s.indicator_updates, "指標の更新"),
                (s.target_changes, "目標の変更"),
                (s.baseline_changes, "基準値の変更"),
                (s.indicators_added, "指標追加"),
                (s.indicators_removed, "指標削除"),
                (s.series_added, "系列追加"),
                (s.series_removed, "系列削除"),
            ];
            counts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, w)| format!("{w} {n}"))
                .collect::<Vec<_>>()
                .join("・")
        }
        Msg::DiffItemsCell {
            total,
            added,
            removed,
            moved,
            renamed,
        } => {
            let details: Vec<String> = [
                (added, "追加"),
                (removed, "削除"),
                (moved, "移動"),
                (renamed, "ID変更"),
            ]
            .iter()
            .filter(|(n, _)| **n > 0)
            .map(|(n, w)| format!("{w} {n}"))
            .collect();
            if details.is_empty() {
                total.to_string()
            } else {
                format!("{total}（{}）", details.join("、"))
            }
        }
        Msg::RenamedFrom { id } => format!("{id} から ID 変更"),
        Msg::PlanPeriod {
            first,
            last,
            latest,
        } => {
            let span = Lang::Ja.fy_span(*first, *last);
            if latest == last {
                span
            } else {
                format!("{span}（工程は {latest}年度まで）")
            }
        }
        Msg::ContinuedFrom { id, edition } => format!("{edition}の {id} から引継ぎ"),
        Msg::EditionLine {
            old,
            new,
            carried,
            added,
            ended,
        } => format!("版: {old} → {new}（引継ぎ {carried} 項目、新規 {added} 項目、終了 {ended} 項目）"),
        Msg::SummaryHeadline {
            as_of,
            items,
            milestones,
            done,
            percent,
            delayed,
            past_due,
            rescheduled,
            after_deadline,
            dropped,
        } => {
            // A drop leaves the count of milestones, and a change past the deadline the past-due
            // count: each is said where it is left out.
            let dropped = if *dropped > 0 {
                format!("（中止の報告{dropped}件を除く）")
            } else {
                String::new()
            };
            let after = if *after_deadline > 0 {
                format!("（うち期限経過後{after_deadline}件）")
            } else {
                String::new()
            };
            format!(
                "{as_of}時点、{items}項目・工程{milestones}件{dropped}のうち完了の報告は{done}件（{percent}%）。遅延の報告{delayed}件、期限超過・未報告（暦から算出）{past_due}件、計画変更{rescheduled}件{after}。"
            )
        }
        Msg::WorkTreeAt {
            commit,
            changed: true,
        } => format!("作業ツリー（コミット {commit} に未コミットの変更あり）"),
        Msg::WorkTreeAt { commit, .. } => format!("コミット {commit}"),
        Msg::NoCommitBefore { date } => {
            let date = day(*date);
            format!("{date}以前のコミットがありません（HEAD の履歴の最初のコミットより前です）")
        }
        Msg::SinceRevision { rev } => format!("{rev} 以降"),
        Msg::MergeBaseOf { a, b } => format!("{a}...{b} のマージベース"),
        Msg::OnDate { date } => format!("（{date}）"),
        Msg::NewSideValid { files, whole: true } => {
            format!("変更後の工程表に問題はありません（全 {files} ファイルを検査）")
        }
        Msg::NewSideValid { files, whole: false } => format!(
            "変更されたファイルに問題はありません（roadmap.toml を含め {files} ファイルを検査）"
        ),
        Msg::ErrorsWarnings { errors, warnings } => {
            format!("エラー {errors} 件、警告 {warnings} 件")
        }
        Msg::NewSideHas { errors, warnings } => {
            format!("変更後の工程表にエラー {errors} 件、警告 {warnings} 件があります")
        }
        Msg::AndMore { more, cmd } => format!(
            "{}ほか {more} 件: {cmd} で確認してください",
            super::glyph::ellipsis()
        ),
        Msg::CommentCut { limit } => format!(
            "GitHub のコメント上限（{limit} 文字）に収めるため、ここで切りました。すべての変更は手元で <code>roadmap diff</code> を実行して確認してください。"
        ),
        Msg::LeftOut { items, limit, ids } => format!(
            "GitHub のコメント上限（{limit} 文字）に収めるため、{items} 項目を省きました: {ids}。すべての変更は手元で <code>roadmap diff</code> を実行して確認してください。"
        ),

        Msg::NotADirectory { dir } => format!("`{dir}` はディレクトリではありません"),
        Msg::NotARoadmap { dir } => {
            format!("`{dir}` は工程表のディレクトリではありません（roadmap.toml も items/ もありません）")
        }
        Msg::CannotReadDir { dir, cause: c } => {
            format!("工程表のディレクトリ `{dir}` を読めません: {}", cause(c))
        }
        Msg::DirHelp => "工程表のディレクトリを --dir（または ROADMAP_DIR）で指定してください。既定は ./roadmap です".into(),
        Msg::CannotResolve { path } => format!("`{path}` の場所を解決できません"),
        Msg::CannotRunGit => {
            "git を実行できません。インストールされ PATH にあるか確かめてください".into()
        }
        Msg::NotARepository { cwd } => format!(
            "git リポジトリではありません（または .git ディレクトリの中です）: `{cwd}`。git の作業ツリーの中で `roadmap diff` を実行するか、`roadmap diff --no-index OLD_DIR NEW_DIR` で二つのディレクトリを比べてください"
        ),
        Msg::UnknownRevision { rev } => format!(
            "リビジョン `{rev}` が見つかりません。このリポジトリのブランチ、タグ、コミットではありません"
        ),
        Msg::UnknownRevisionShallow { rev } => format!(
            "このシャロークローンにはリビジョン `{rev}` がありません。必要な履歴がありません。{UNSHALLOW}"
        ),
        Msg::NoMergeBase => "二つのリビジョンに共通の祖先がないため `A...B` のマージベースがありません。`A B` で直接比べてください".into(),
        Msg::NoMergeBaseShallow => format!(
            "このシャロークローンには二つのリビジョンのマージベースがありません。必要な履歴がありません。{UNSHALLOW}"
        ),
        Msg::OutsideWorkTree { dir, top } => match top {
            Some(top) => format!(
                "工程表のディレクトリ `{dir}` が git の作業ツリー `{top}` の外にあります"
            ),
            None => format!("工程表のディレクトリ `{dir}` が git の作業ツリーの外にあります"),
        },
        Msg::DirMissingAt { dir, commit } => format!(
            "リビジョン {commit} に工程表のディレクトリ `{dir}` がありません。roadmap.toml のあるディレクトリを --dir で指定してください"
        ),
        Msg::GitObjectMissing { oid } => format!(
            "git オブジェクト {oid} がリポジトリにありません（部分クローンかシャロークローンではありませんか）"
        ),
        Msg::GitFailed { what } => format!("git の実行に失敗しました: {what}"),
        Msg::RevisionsNeedGit => "リビジョンの指定には git リポジトリが必要です".into(),
        Msg::NoIndexNeedsTwo => "--no-index は二つのディレクトリを比べます: roadmap diff --no-index OLD_DIR NEW_DIR".into(),
        Msg::SideWithoutPlan { side, path } => format!(
            "{side} には {path} がありません。そこは工程表ではありません（--dir は現在のディレクトリからのパスです）"
        ),
        Msg::AtMostTwoRevisions => "リビジョンは二つまで指定できます".into(),
        Msg::NotAnItemId { id } => format!("`{id}` は 2-3-2 のような項目 ID ではありません"),
        Msg::NoSuchItem { id, dir } => format!("{dir} に項目 `{id}` はありません"),
        Msg::NoItemInHistory { id, near } if near.is_empty() => {
            format!("項目 `{id}` は工程表になく、この範囲のどのコミットにも現れません")
        }
        Msg::NoItemInHistory { id, near } => format!(
            "項目 `{id}` は工程表になく、この範囲のどのコミットにも現れません。近い ID: {near}"
        ),
        Msg::NoSuchCategory { value, known } => {
            let known = Lang::Ja.list(known);
            format!("計画に大項目・中項目 {value} はありません。あるのは {known} です")
        }
        Msg::NoSuchTheme { value, known } if known.is_empty() => {
            format!("計画に横断テーマ {value} はありません。計画には横断テーマがありません")
        }
        Msg::NoSuchTheme { value, known } => {
            let known = Lang::Ja.list(known);
            format!("計画に横断テーマ {value} はありません。あるのは {known} です")
        }
        Msg::TypedAs { typed, write } => {
            format!("`{typed}` はこのままでは読めません。`{write}` と書いてください")
        }
        Msg::Unquote { write } => format!(
            "引用符を外して `{write}` と書いてください（TOML の日付や数値は引用符で囲みません）"
        ),
        Msg::FullWidthEquals => "全角の `＝` です。キーと値の間は半角の `=` にしてください".into(),
        Msg::DidYouMeanValue { value } => format!("\"{value}\" ではありませんか"),
        Msg::UsageUnknownArgument { arg } => format!("`{arg}` という引数はありません"),
        Msg::UsageUnknownSubcommand { name } => format!("`{name}` というサブコマンドはありません"),
        Msg::UsageMissingSubcommand { valid } => {
            format!("サブコマンドを指定してください。指定できるサブコマンド: {valid}")
        }
        Msg::UsageInvalidValue { arg, value, valid } if valid.is_empty() => {
            format!("`{arg}` に `{value}` は指定できません")
        }
        Msg::UsageInvalidValue { arg, value, valid } => {
            format!("`{arg}` に `{value}` は指定できません。指定できる値: {valid}")
        }
        Msg::UsageValueRequired { arg, valid } if valid.is_empty() => {
            format!("`{arg}` には値が必要です")
        }
        Msg::UsageValueRequired { arg, valid } => {
            format!("`{arg}` には値が必要です。指定できる値: {valid}")
        }
        Msg::UsageUnexpectedValue { value, arg } => {
            format!("余分な値 `{value}` があります（`{arg}` はこれ以上受け取りません）")
        }
        Msg::UsageBadValue { arg, value, why } => {
            format!("`{arg}` の値 `{value}` が正しくありません: {why}")
        }
        Msg::UsageMissing { args } => format!("次の引数が必要です: {args}"),
        Msg::UsageConflict { a, b } => format!("`{a}` と `{b}` は同時に指定できません"),
        Msg::DidYouMeanArg { arg } => format!("`{arg}` ではありませんか"),
        Msg::UsageSeeHelp => "詳しくは '--help' を参照してください。".into(),
        Msg::BadFyInput { value } => format!("`{value}` は年度として読めません"),
        Msg::CalendarYearInput { value } => {
            format!("`{value}` は暦年です。年度（4月から翌年3月）で書いてください")
        }
        Msg::BadDateInput { value } => format!("`{value}` は日付として読めません"),
        Msg::BadEndInput { value } => format!("`{value}` は終了時期として読めません"),
        Msg::BadNumberInput { value } => format!("`{value}` は数値として読めません"),
        Msg::WrongUnitInput { value, unit } => {
            format!("`{value}` は系列の単位（{unit}）ではありません")
        }
        Msg::FyInputHelp => {
            "年度は 2023、FY2023、2023年度、R5、令和5、令和5年度 のように書きます（令和元年度は 2019）".into()
        }
        Msg::EndInputHelp => {
            "終了時期は 令和7年度（2025）、令和7年度上期（2025-H1）、令和7年度第3四半期（2025-Q3）、令和7年12月（2025-12）、令和7年末（CY2025）のように書きます。目途なら後ろに「目途」（令和8年夏は 8月の目途）、終わりを定めないなら「期限なし」".into()
        }
        Msg::DateInputHelp => {
            "日付は 2023-03-10、2023/3/10、2023年3月10日、令和5年3月10日、R5.3.10 のように書きます".into()
        }
        Msg::NumberInputHelp => {
            "数値は 1200、1,200、１，２００、72.5 のように書きます。系列の単位を後ろに付けても構いません".into()
        }
        Msg::NoItemNear { id, near } if near.is_empty() => format!("項目 `{id}` はありません"),
        Msg::NoItemNear { id, near } => {
            format!("項目 `{id}` はありません。次のいずれかではありませんか: {near}")
        }
        Msg::NoMilestone { item, id, near } => {
            format!("項目 {item} に工程 `{id}` はありません。この項目の工程: {near}")
        }
        Msg::MilestoneAmbiguous { item, text, near } => format!(
            "`{text}` は項目 {item} の複数の工程に当てはまります: {near}。工程 ID で指定してください"
        ),
        Msg::NoIndicator { item, id, near } if near.is_empty() => {
            format!("項目 {item} にはモニタリング指標がありません（`{id}` はありません）")
        }
        Msg::NoIndicator { item, id, near } => {
            format!("項目 {item} に指標 `{id}` はありません。この項目の指標: {near}")
        }
        Msg::NoSeries {
            indicator,
            name,
            near,
        } => format!("指標 `{indicator}` に系列 `{name}` はありません。系列: {near}"),
        Msg::SeriesNeeded { indicator, near } => {
            format!("指標 `{indicator}` には系列が複数あります。--series で指定してください: {near}")
        }
        Msg::RoundNeeded { id, from, to } => format!(
            "工程 `{id}` は毎年度（{}）です。どの年度の回かを --fy で指定してください",
            Lang::Ja.fy_span(*from, *to)
        ),
        Msg::RoundRefused { id } => {
            format!("工程 `{id}` は毎年度ではないので年度の回はありません。--fy は使えません")
        }
        Msg::RoundNotInSpan { id, fy, from, to } => format!(
            "工程 `{id}` の回は {} です。{} の回はありません",
            Lang::Ja.fy_span(*from, *to),
            Lang::Ja.fy_short(*fy)
        ),
        Msg::NotANumberSeries { id } => {
            format!("系列 `{id}` は定性的（文章）な系列なので、数値の目標や基準値はありません")
        }
        Msg::NoSeriesToRecord { id } => format!(
            "指標 `{id}` は工程の実施状況で評価する指標（kind = \"implementation\"）なので、値を記録できません"
        ),
        Msg::WrittenInline { path, key } => format!(
            "{path} は `{key}` をインラインで書いています。先に `roadmap fmt` を実行すると、その場で編集できます"
        ),
        Msg::EditWouldBeInvalid { errors } => {
            format!("この変更で工程表がエラー {errors} 件の状態になるため、何も書き込みませんでした")
        }
        Msg::Recorded { path } => format!("{path} に記録しました"),
        Msg::DryRunNothingWritten => "--dry-run のため、何も書き込んでいません".into(),
        Msg::FormWritten {
            path,
            id,
            rows,
            values,
        } => format!("照会票 {id} を {path} に書きました（工程 {rows} 行、指標 {values} 行）"),
        Msg::FormEmpty => "対象に、照会する工程も指標もありません（対象年度までに始まる工程も、指標の系列もありません）".into(),
        Msg::NoSuchOwner { owner, owners } if owners.is_empty() => {
            format!("「{owner}」を担当する小項目はありません（担当部局（owners）のある小項目がありません）")
        }
        Msg::NoSuchOwner { owner, owners } => {
            format!("「{owner}」を担当する小項目はありません。担当部局: {}", owners.join("、"))
        }
        Msg::EndPassed { end, on } => format!(
            "新しい終わり「{end}」は、変更の日（{}）にはもう過ぎています。過ぎた期限への変更は記録できません（これから終える時期を書いてください）",
            day(*on)
        ),
        Msg::DelayPullsIn { id, until, current } => format!(
            "工程 `{id}` の遅延の --until「{until}」は、今の計画の期限（{}）より前です。遅延で期限が早まることはありません（早めるなら record reschedule で、理由とともに記録してください）",
            day(*current)
        ),
        Msg::FormsThere { dir, files } => format!(
            "{dir} には同じ名前の照会票がもうあります: {}。送付済みの照会票（status --unanswered が読む記録）や返送された回答を上書きしないよう、別のディレクトリを指定するか、置き換えるなら --force を付けてください。何も書き込んでいません",
            files.join("、")
        ),
        Msg::OwnerAmbiguous { owner, owners } => format!(
            "「{owner}」は複数の担当部局の名前に含まれます: {}。照会票は一つの部局宛てに作ります（名前全体で指定するか、--each-owner で部局ごとに作ってください）",
            owners.join("、")
        ),
        Msg::NoOwners => "対象の小項目は、どれも担当部局（owners）を書いていません".into(),
        Msg::FormSkippedEmpty { owner } => {
            format!("{owner} の照会票は、照会する行がないため作りませんでした")
        }
        Msg::CannotReadPath { path, cause: c } => format!("{path} を読めません: {}", cause(c)),
        Msg::NotARegularFile { path } => format!("{path} は通常のファイルではありません"),
        Msg::OtherSpreadsheet { path, format: "xls" } => format!(
            "{path} は Excel 97-2003 形式（.xls）のブックです。Excel で開き、「名前を付けて保存」でファイルの種類を「Excel ブック（*.xlsx）」にして保存してから読み込んでください"
        ),
        Msg::OtherSpreadsheet { path, .. } => format!(
            "{path} は OpenDocument 形式（.ods）のスプレッドシートです。LibreOffice Calc で開き、「名前を付けて保存」でファイルの種類を「Excel 2007-365（.xlsx）」にして保存してから読み込んでください"
        ),
        Msg::NotAWorkbook { path, cause } => {
            format!("{path} は Excel ブック（.xlsx）として読めません: {cause}")
        }
        Msg::CellOutOfSheet { path, reference } => format!(
            "{path} は Excel ブック（.xlsx）として読めません: セル参照 {reference} がシートの範囲（XFD1048576 まで）の外にあります"
        ),
        Msg::SheetTooLarge { path, cells, max } => format!(
            "{path} は照会票として読めません: シートが A1 から最後のセルまで {cells} セルに及び、照会票の上限 {max} セルを超えています"
        ),
        Msg::WorkbookTooLarge { path, bytes, max } => format!(
            "{path} は Excel ブック（.xlsx）として読めません: シートを展開すると {bytes} バイトあり、上限の {max} バイトを超えています"
        ),
        Msg::CsvNotUtf8 { path, encoding } => format!(
            "{path} は UTF-8 ではなく {encoding} のようです。Excel で「CSV UTF-8（コンマ区切り）」として保存し直すか、iconv -f CP932 -t UTF-8 で変換してください"
        ),
        Msg::NotACsvForm { path } => format!(
            "{path} は roadmap form で作った CSV の照会票ではありません（1行目の照会票の情報 roadmap-form,1,… が読めません。1行目は消したり書き換えたりしないでください）"
        ),
        Msg::NotAForm { path, sheets } => format!(
            "{path} は roadmap form で作った照会票ではありません（照合用の隠しシート「_form」がありません。シート: {sheets}）"
        ),
        Msg::ForeignForm { plan, ours } => {
            format!("この照会票は別の工程表（{plan}）のものです。この工程表は {ours} です")
        }
        Msg::ForeignEdition { plan, form, ours } => format!(
            "この照会票は、同じ題名の別の版の工程表「{plan}」（公表日 / 版 / 最初の年度: {form}）のものです。この工程表は {ours} です"
        ),
        Msg::SheetMissing { sheet, present } => format!(
            "シート「{sheet}」がありません（シート名を変えないでください）。このファイルのシート: {present}"
        ),
        Msg::ColumnMissing { sheet, column } => {
            format!("シート「{sheet}」の1行目に列「{column}」がありません")
        }
        Msg::InCell { cell, msg, accepts } => {
            let hint = match accepts {
                Accepts::Status => "完了・実施中・遅延・中止・変更なし のいずれか",
                Accepts::Date => "2024/3/31、2024-03-31、令和6年3月31日、R6.3.31 または日付のセル",
                Accepts::Number => "数値（全角数字、カンマ、単位が付いていても構いません）",
                Accepts::Fy => "年度: 2025、2025年度、令和7年度、R7",
                Accepts::End => {
                    "終了時期: 令和7年度、令和7年度上期、令和7年度第3四半期、令和7年12月、令和7年末、令和8年夏、…目途、期限なし"
                }
                Accepts::Text => return format!("{cell}: {}", message(msg)),
            };
            format!("{cell}: {}（使えるのは {hint}）", message(msg))
        }
        Msg::BadAnswer { typed } => format!("「{typed}」は状況の選択肢にありません"),
        Msg::FutureDate { date } => format!("{date} はまだ来ていない日付です"),
        Msg::ReasonNeeded { status } => {
            format!("「{status}」には「遅延・中止の理由」の記入が必要です")
        }
        Msg::ReasonForNewEnd => "終了年度を見直すときは「遅延・中止の理由」に理由を記入してください".into(),
        Msg::AnswerWithoutIds => "この行は ID が消されているため、回答をどの項目のものとしても記録できません（ID の列は消さないでください）".into(),
        Msg::FormFyAfterPlan { fy, latest } => format!(
            "{fy}年度について照会できません。計画が認める最後の年度（{latest}年度）より後の値や回は記録できません（--fy {latest} 以前を指定してください）"
        ),
        Msg::ReasonAlone => "「遅延・中止の理由」だけでは記録できません。「状況」（遅延・中止）か「見直し後の終了時期」も記入してください".into(),
        Msg::DoneOnWithoutDone => "「完了日」は「状況」が完了の行に記入します（完了と報告済みの行なら、完了日だけで日付を訂正できます）".into(),
        Msg::ValueNeeded => "「備考」だけでは記録できません。「実績値」も記入してください".into(),
        Msg::UnknownRow { key } => format!("{key} はこの工程表にありません"),
        Msg::NotInForm { key } => format!("{key} はこの照会票で照会した行ではありません"),
        Msg::MergedInput { sheet, range } => format!(
            "{sheet}!{range}: 記入欄のセルが結合されています。結合を解除して1行ずつ記入してください"
        ),
        Msg::FormulaTaken {
            cell,
            formula,
            value,
        } => format!("{cell} は数式（={formula}）です。計算結果の「{value}」を回答として読みました"),
        Msg::FormulaUncached { cell, formula } => format!(
            "{cell} は数式（={formula}）で、計算結果が保存されていません。値を入力するか、Excel で開いて保存し直してください"
        ),
        Msg::RowDeleted { key } => format!("{key} の行が削除されています。未回答として扱います"),
        Msg::RowsMissing { missing } => {
            format!("照会票の行が {missing} 行削除されています。未回答として扱います")
        }
        Msg::DoneDatedToday { cell, day: d } => format!(
            "{cell}: 完了日の記入がないため、取込日の {} を完了日として記録します（違うなら完了日を記入して取り込み直してください）",
            day(*d)
        ),
        Msg::DoneBeforeStart { cell, day: d, from } => format!(
            "{cell}: 完了日 {} は、この工程の始まり（{from}年度）より前です。そのまま記録しますが、年の誤り（令和元年と令和5年など）でないか確かめてください",
            day(*d)
        ),
        Msg::Conflict { key, cell } => {
            format!("{cell}: {key} は照会票の作成後に工程表で変更されています（回答は古い内容に対するものです）")
        }
        Msg::AnsweredBefore {
            key,
            on,
            status,
            text,
        } => format!(
            "{key} には、この照会票の回答（{}付け）を取り込み済みで、この写しの回答はそれと違います（取込済み: {}{}）",
            day(*on),
            Lang::Ja.reported(*status),
            text.as_ref().map(|t| format!("「{t}」")).unwrap_or_default()
        ),
        Msg::ReportSuperseded {
            key,
            on,
            status,
            later_on,
            later,
        } => format!(
            "{key}: {}付けの報告（{}）より後の日付の報告（{}付け、{}）があるため、状態は「{}」のままです。状態は日付の最も新しい報告で決まります",
            day(*on),
            Lang::Ja.reported(Some(*status)),
            day(*later_on),
            Lang::Ja.reported(Some(*later)),
            Lang::Ja.reported(Some(*later)),
        ),
        Msg::ConflictsRefused { conflicts } => format!(
            "{conflicts} 件の回答が、照会票の作成後に変わった工程に対するものか、取込済みの回答と食い違います。何も書き込んでいません。内容を確かめたうえで --force で取り込めます"
        ),
        Msg::ConflictsForced { conflicts } => {
            format!("--force のため、作成後に変わった工程への回答 {conflicts} 件も取り込みます")
        }
        Msg::ImportProblems { problems } => {
            format!("照会票に {problems} 件の問題があります。何も書き込んでいません")
        }
        Msg::ImportNothingNew { already } => {
            format!("変更はありません（{already} 件の回答は取込済みです）")
        }
        Msg::ImportSummary {
            id,
            answered,
            already,
        } => format!("照会票 {id}: 新しい回答 {answered} 件を取り込みます（取込済み {already} 件）"),
        Msg::NothingChanged => "ファイルはすでにこの内容のため、変更はありません".into(),
        Msg::FmtWouldChange { files } => {
            format!("{files} ファイルの書式が整っていません（`roadmap fmt` で整えます）")
        }
        Msg::FmtReformatted { files } => format!("{files} ファイルの書式を整えました"),
        Msg::FmtAlready { files } => format!("{files} ファイルとも書式は整っています"),
        Msg::FmtSkipped { path } => {
            format!("{path} は TOML として読めないため、そのままにしました（roadmap validate を参照）")
        }
        Msg::FmtChangesMeaning { path } => format!(
            "{path} の書式を整えると内容が変わってしまうため、そのままにしました（不具合として報告してください）"
        ),
        Msg::UnknownExtension { path, ext } => format!(
            "{path}: `.{ext}` は report が書ける形式ではありません。.md、.html、.csv、.xlsx のいずれかにしてください"
        ),
        Msg::FormUnknownExtension { path, ext } => format!(
            "{path}: `.{ext}` は照会票を書ける形式ではありません。.xlsx か .csv にしてください"
        ),
        Msg::ExtensionMismatch { path, format } => {
            format!("{path} の拡張子が --format {format} と合いません")
        }
        Msg::NoExtension { path } => format!(
            "{path} に拡張子がありません。形式を拡張子（.md、.html、.csv、.xlsx）か --format で指定してください"
        ),
        Msg::NeedsOption { option, needs } => format!("{option} には {needs} が必要です"),
        Msg::OnlyWithFormat { option, format } => {
            format!("{option} は --format {format} のときだけ指定できます")
        }
        Msg::FyAndAsOf => "--fy と --as-of はどちらか一方だけ指定してください".into(),
        Msg::XlsxOnTerminal => "xlsx はバイナリ形式で、標準出力が端末です。-o FILE でファイルに書いてください".into(),
        Msg::CellsCut { cells, max } => format!(
            "{cells} 件の文章がセルの上限（{max} 文字）を超えたため、[truncated] と印を付けて切りました。工程表のファイルには全文があります"
        ),
        Msg::CannotWrite { path, cause: c } => format!("`{path}` に書き込めません: {}", cause(c)),
        Msg::NotAFileTarget { path, kind } => match kind {
            NotAFile::Directory => {
                format!("`{path}` に書き込めません。ディレクトリです。ファイル名を指定してください")
            }
            NotAFile::Symlink => format!(
                "`{path}` に書き込めません。シンボリックリンクです。リンク先のファイルに書くか、リンクを削除してください"
            ),
            NotAFile::Special => format!(
                "`{path}` に書き込めません。通常のファイルではありません（デバイス、FIFO、ソケット）。標準出力には `-o -` を使ってください"
            ),
            NotAFile::TrailingSlash => format!(
                "`{path}` に書き込めません。末尾の / はディレクトリを指しますが、そのディレクトリはありません。ファイル名を指定してください（例: report.md）"
            ),
            NotAFile::ReadOnly => format!(
                "`{path}` に書き込めません。読み取り専用です。何も書き込んでいません。書き換えてよいなら書き込みを許可してください（chmod u+w）"
            ),
        },
        Msg::ChangedOnDisk { path } => format!(
            "`{path}` は読み込んだ後にディスク上で変更されました。何も書き込んでいません。現在のファイルからやり直してください"
        ),
        Msg::CannotWriteStdout { cause: c } => format!("標準出力に書き込めません: {}", cause(c)),
        Msg::CannotSpoolStdout { dir, cause: c } => format!(
            "標準出力へ書く内容を一時ファイル（`{dir}`）に置けません: {}",
            cause(c)
        ),
        Msg::SpoolHelp => {
            "-o FILE でファイルに書くか、TMPDIR に書き込めるディレクトリを指定してください".into()
        }
        Msg::CannotReadCwd => "現在のディレクトリを読めません".into(),
        Msg::OverdueStates => "遅延と期限超過・未報告".into(),
        Msg::Render { what, cause } => {
            let what = match what.as_str() {
                "workbook" => "ブック",
                "HTML page" => "HTML ページ",
                other => other,
            };
            format!("{what}を作れません: {cause}")
        }

        Msg::BadDateArg { value } => {
            format!("`{value}` は日付ではありません（2024-03-31、令和6年3月31日、R6.3.31 のように書きます）")
        }
        Msg::BadFyArg { value } => format!(
            "`{value}` は {}〜{} の年度ではありません（2023、FY2023、令和5年度、R5 のように書きます）",
            crate::fy::MIN_FY,
            crate::fy::MAX_FY
        ),
        Msg::BadCategoryArg { value } => {
            format!("`{value}` は大項目（`2`）でも中項目（`2-3`）でもありません")
        }
        Msg::BadThemeArg { value } => {
            format!("`{value}` は 1 や ※1 のような横断テーマの番号ではありません")
        }
        Msg::TextIsAnOption { value } => format!(
            "`{value}` はオプションで、文言ではありません。文言を書き忘れていませんか（文言は `-` で始まってもかまいません）"
        ),
        Msg::BadStateArg { value, allowed } => {
            format!("`{value}` は状態ではありません。{allowed}のいずれかを指定してください")
        }
    }
}

/// The TOML parser's words (the toml crate's, in English) said in Japanese where they are known:
/// `invalid date, expected day between 01 and 28` is 「日付が正しくありません（日は 01〜28）」. A
/// phrase not in the table is kept as the parser said it.
fn toml_detail(detail: &str) -> String {
    const HEADS: &[(&str, &str)] = &[
        ("duplicate key", "キーが重複しています"),
        ("unclosed table", "表の見出し [ ] が閉じていません"),
        (
            "unclosed array table",
            "表の配列の見出し [[ ]] が閉じていません",
        ),
        ("unclosed array", "配列 [ ] が閉じていません"),
        (
            "unclosed inline table",
            "インラインテーブル { } が閉じていません",
        ),
        ("invalid basic string", "文字列 \"…\" が正しくありません"),
        (
            "invalid multi-line basic string",
            "複数行の文字列 \"\"\"…\"\"\" が正しくありません",
        ),
        (
            "invalid literal string",
            "リテラル文字列 '…' が正しくありません",
        ),
        (
            "invalid multi-line literal string",
            "複数行のリテラル文字列 '''…''' が正しくありません",
        ),
        ("invalid string", "文字列が正しくありません"),
        ("invalid date-time", "日時が正しくありません"),
        ("invalid date", "日付が正しくありません"),
        ("invalid time", "時刻が正しくありません"),
        ("invalid key", "キーが正しくありません"),
        ("invalid unquoted key", "引用符のないキーが正しくありません"),
        (
            "unquoted keys cannot be empty",
            "引用符のないキーは空にできません",
        ),
        ("invalid value", "値が正しくありません"),
        (
            "invalid key-value pair",
            "「キー = 値」の形になっていません",
        ),
        (
            "invalid inline table element",
            "インラインテーブルの要素が正しくありません",
        ),
        ("invalid table", "表の見出しが正しくありません"),
        ("invalid integer number", "整数が正しくありません"),
        ("invalid float", "小数が正しくありません"),
        (
            "invalid boolean",
            "真偽値（true か false）が正しくありません",
        ),
        (
            "invalid comment character",
            "コメントに使えない文字があります",
        ),
        (
            "missing escaped value",
            "\\ の後にエスケープする文字がありません",
        ),
        (
            "cannot recurse further; max recursion depth met",
            "これ以上深くできません",
        ),
    ];
    const UNITS: &[(&str, &str)] = &[
        ("day", "日"),
        ("month", "月"),
        ("hour", "時"),
        ("hours", "時"),
        ("minute", "分"),
        ("minutes", "分"),
        ("second", "秒"),
    ];
    let (head, expected) = match detail.split_once(", expected ") {
        Some((h, e)) => (h, Some(e)),
        None => (detail, None),
    };
    let said = |head: &str| HEADS.iter().find(|(en, _)| *en == head).map(|(_, ja)| *ja);
    let head = match (said(head), head.strip_prefix("duplicate key: ")) {
        (Some(ja), _) => ja.to_owned(),
        (None, Some(key)) => format!("キー {key} が重複しています"),
        (None, None) => head.to_owned(),
    };
    let expected = expected.map(|e| {
        let between = e.split_once(" between ").and_then(|(unit, range)| {
            let (a, b) = range.split_once(" and ")?;
            let unit = UNITS.iter().find(|(en, _)| *en == unit)?.1;
            Some(format!("{unit}は {a}〜{b}"))
        });
        match between {
            Some(range) => range,
            None if e == "nothing" => "ここには何も書けません".to_owned(),
            None if e.starts_with('`') => format!("{e} が必要です"),
            None => format!("必要なもの: {e}"),
        }
    });
    match expected {
        Some(e) => format!("{head}（{e}）"),
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::toml_detail;

    #[test]
    fn the_toml_parsers_words_are_said_in_japanese() {
        assert_eq!(
            toml_detail("invalid date, expected day between 01 and 28"),
            "日付が正しくありません（日は 01〜28）"
        );
        assert_eq!(
            toml_detail("invalid basic string, expected `\"`"),
            "文字列 \"…\" が正しくありません（`\"` が必要です）"
        );
        assert_eq!(
            toml_detail("duplicate key: `id`"),
            "キー `id` が重複しています"
        );
        // What the table does not know is kept as the parser said it.
        assert_eq!(toml_detail("something new"), "something new");
    }
}
