//! [`Msg`]: everything with arguments that the tool says, as data. The core builds these (a finding
//! carries one, an error wraps one in [`UserError`]); the catalogs word them.

use chrono::NaiveDate;

use crate::diagnostic::Code;

/// What a value should have been, in a "wrong type" finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expected {
    String,
    /// `"MM-DD"`.
    MonthDay,
    /// `"2-3-2"`.
    ItemId,
    Integer,
    Boolean,
    /// A date; `quoted` when the value was a string (the fix is to drop the quotes).
    Date {
        quoted: bool,
    },
    Array,
    Table,
    /// `{ 2023 = 80 }`.
    FyTable,
    Number,
}

/// What a fiscal-year finding is about.
/// Why the system refused a read or a write: the kinds people meet, worded by the catalogs, and
/// anything else in the system's own words (which are English).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    NotFound,
    PermissionDenied,
    IsADirectory,
    NotADirectory,
    StorageFull,
    ReadOnlyFilesystem,
    Other(String),
}

impl From<&std::io::Error> for Cause {
    fn from(e: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => Cause::NotFound,
            K::PermissionDenied => Cause::PermissionDenied,
            K::IsADirectory => Cause::IsADirectory,
            K::NotADirectory => Cause::NotADirectory,
            K::StorageFull => Cause::StorageFull,
            K::ReadOnlyFilesystem => Cause::ReadOnlyFilesystem,
            _ => Cause::Other(e.to_string()),
        }
    }
}

impl From<std::io::Error> for Cause {
    fn from(e: std::io::Error) -> Self {
        Cause::from(&e)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A milestone's `from` or `to`.
    Milestone { id: String, key: &'static str },
    /// An indicator's value: `targets.2023`.
    Indicator { id: String, key: String },
}

/// Why the target of a write is not a file the writer may replace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotAFile {
    Directory,
    Symlink,
    /// A device, FIFO or socket.
    Special,
    /// A name ending in `/`, which names a directory, where there is none.
    TrailingSlash,
    /// A file marked read-only: a lock someone set, not to be replaced by a rename.
    ReadOnly,
}

/// What a form's cell accepts, said after a problem with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Accepts {
    /// 完了 / 実施中 / 遅延 / 中止 / 変更なし.
    Status,
    Date,
    Number,
    Fy,
    /// A milestone's end: a FY, a half, quarter, month or year, 目途, 期限なし.
    End,
    Text,
}

/// A message with its arguments. Variants are grouped by where they are said.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Msg {
    // ---- The help line of a rule (its code's own).
    Help(Code),

    // ---- Reading files (RM0xx).
    FileTooLarge {
        bytes: u64,
        max: u64,
    },
    Utf16 {
        encoding: String,
    },
    NotUtf8,
    LooksLike {
        encoding: String,
    },
    NulByte,
    ConvertWithIconv {
        from: String,
        path: String,
    },
    SaveAsUtf8,
    CannotReadFile {
        cause: Cause,
    },
    SymlinkLoops,
    SymlinkBroken {
        cause: Cause,
    },
    SymlinkOutside {
        target: String,
    },
    SymlinkInRevision,
    /// `items` is a symbolic link (on disk or in a revision): it must be a real directory.
    ItemsIsLink,
    ItemsIsSubmodule,
    FileNameNotUtf8,
    NotRegularFile,
    NoPlanFile {
        dir: String,
    },
    /// The plan file was there but could not be read: the rules that need it were not checked.
    PlanUnread {
        items: usize,
    },
    NoPlanFileAt {
        dir: String,
        commit: String,
    },
    CannotReadItemsDir {
        cause: Cause,
    },

    MoreFindings {
        errors: usize,
        warnings: usize,
    },

    // ---- TOML and schema (RM1xx).
    EmptyFile,
    /// A file's first syntax error, and how many more it has (`more`): most follow from the
    /// first (an array left open reads the rest of the file as its elements), so they are
    /// counted, not listed.
    TomlSyntax {
        detail: String,
        more: usize,
    },
    TooDeep {
        detail: String,
    },
    UnknownKey {
        key: String,
    },
    DidYouMean {
        suggestion: String,
    },
    ExpectedOneOf {
        keys: String,
    },
    /// `table` is the table's key path, or `None` for the file's top level.
    MissingKey {
        key: String,
        table: Option<String>,
    },
    WrongType {
        path: String,
        expected: Expected,
        found: String,
    },
    FyStartFormat,
    FyStartLeapDay,
    YearOutOfRange {
        path: String,
        value: i64,
    },
    /// A date whose year is outside the years the tool accepts.
    DateOutOfRange {
        path: String,
        value: String,
    },
    DateOutOfRangeHelp,
    BadItemId {
        id: String,
    },
    BadGroupId {
        id: String,
    },
    CategoriesAndGroups,
    BadUntil {
        path: String,
        value: String,
    },
    /// A milestone's end written two ways (`to` and `until`, …).
    EndConflict {
        keys: String,
    },
    /// `key` means nothing without `needs`.
    NeedsKey {
        key: String,
        needs: String,
    },
    /// `approx` without the end it qualifies (`to` or `until`).
    ApproxNeedsEnd {
        key: String,
    },
    BadSchedule {
        value: String,
    },
    BadStatus {
        path: String,
        value: String,
    },
    BadSlug {
        path: String,
        value: String,
    },
    OutOfRange {
        path: String,
    },
    NotPositive {
        path: String,
        value: i64,
    },
    DateWithTime {
        path: String,
        value: String,
    },
    NotCalendarDate {
        path: String,
        value: String,
    },
    FyKey {
        path: String,
    },
    NotFinite {
        path: String,
    },
    NotPublishedWithMilestones,
    NoMilestones {
        id: String,
    },
    NoMilestonesHelp,

    // ---- Rules across the roadmap (RM2xx).
    DuplicateItem {
        id: String,
        other: String,
    },
    DuplicateItemHelp {
        id: String,
        other: String,
    },
    StemMismatch {
        id: String,
        stem: String,
    },
    StemMismatchHelp {
        id: String,
        stem: String,
    },
    UnknownCategory {
        id: String,
        category: u32,
        plan: String,
    },
    UnknownSubcategory {
        id: String,
        category: u32,
        subcategory: u32,
        plan: String,
    },
    UnknownTheme {
        theme: u32,
        plan: String,
    },
    /// An item whose id names a group the plan does not have.
    UnknownGroup {
        id: String,
        group: String,
        plan: String,
    },
    /// A group whose parent path is not a group.
    GroupWithoutParent {
        id: String,
        parent: String,
    },
    GroupTwice {
        id: String,
    },
    /// `after`, `event_of` or `restates` naming no milestone.
    UnknownTarget {
        key: String,
        target: String,
    },
    UnknownTargetHelp,
    /// Milestones that follow each other in a circle.
    DependencyCycle {
        cycle: String,
    },
    /// A 再掲 carries its own reports or changes, or restates a restatement.
    RestatementTracked {
        id: String,
    },
    /// A column that covers no FY (to before from) or overlaps the one before it.
    ColumnOrder {
        label: String,
    },
    /// A named sub-period that runs backwards or leaves the plan's FYs.
    PhaseOutside {
        name: String,
        from: i32,
        to: i32,
        first: i32,
        latest: i32,
    },
    ThemeListedTwice {
        theme: u32,
    },
    LastBeforeFirst {
        last: i32,
        first: i32,
    },
    LatestBeforeLast {
        latest: i32,
        last: i32,
    },
    CategoryTwice {
        category: u32,
    },
    SubcategoryTwice {
        category: u32,
        subcategory: u32,
    },
    ThemeDefinedTwice {
        theme: u32,
    },
    EmptyText {
        key: String,
    },
    MilestoneTwice {
        id: String,
    },
    IndicatorTwice {
        id: String,
    },
    BeforePlan {
        subject: Subject,
        fy: i32,
        first: i32,
    },
    AfterPlan {
        subject: Subject,
        fy: i32,
        latest: i32,
    },
    FromAfterTo {
        id: String,
        from: i32,
        to: i32,
    },
    AfterToday {
        id: String,
        /// As written in the file.
        date: String,
        today: NaiveDate,
    },
    Percentage {
        id: String,
        key: String,
        value: String,
    },

    // ---- The tracking model (RM22x).
    RetiredKey {
        key: String,
    },
    RetiredHelp {
        key: String,
    },
    BadTimezone {
        value: String,
    },
    BadChoice {
        path: String,
        value: String,
        allowed: String,
    },
    NeedsReason {
        id: String,
        status: String,
    },
    RoundOnOnce {
        id: String,
    },
    RoundOutside {
        id: String,
        fy: i32,
        from: i32,
        to: i32,
    },
    RoundMissing {
        id: String,
    },
    StaleItem {
        id: String,
        last: Option<NaiveDate>,
        months: u32,
    },
    ImplementationWithSeries {
        id: String,
    },
    MeasureWithoutSeries {
        id: String,
    },
    BaselineAfterPlan {
        id: String,
        fy: i32,
        last: i32,
    },
    ValueTwice {
        id: String,
        fy: i32,
    },
    /// A value of the other kind than its series': `text` when the series is text.
    ValueOfKind {
        id: String,
        text: bool,
    },
    ChangeMovesNothing {
        id: String,
    },

    // ---- Phrases of the views.
    /// validate's closing line when there is nothing to report.
    ValidateOk {
        files: usize,
    },
    /// validate's closing line: counts (after the severity word).
    ValidateCounts {
        errors: usize,
        warnings: usize,
        files: usize,
        strict: bool,
    },
    GithubMore {
        errors: usize,
        warnings: usize,
        cap: usize,
    },
    RefuseInvalid {
        errors: usize,
    },
    PlanOver {
        end: String,
    },
    DataUntil {
        with_data: usize,
        total: usize,
        fy: i32,
    },
    /// How many schedule changes an item has had (計画変更 n件).
    ChangeCount {
        n: usize,
    },
    /// A KPI layer (KPI第1階層).
    KpiLayer {
        n: u32,
    },
    /// An item shown for one owner's milestones only (`--owner`).
    OnlyOwner {
        owner: String,
        shown: usize,
        total: usize,
    },
    /// The summary of a diff, in words.
    DiffSummary(Box<crate::diff::Summary>),
    DiffItemsCell {
        total: usize,
        added: usize,
        removed: usize,
        moved: usize,
        renamed: usize,
    },
    /// Between editions: the item continues `id` of the earlier `edition`.
    ContinuedFrom {
        id: String,
        edition: String,
    },
    /// The two editions compared, and what became of the items.
    EditionLine {
        old: String,
        new: String,
        carried: usize,
        added: usize,
        ended: usize,
    },
    RenamedFrom {
        id: String,
    },
    /// The plan period in a diff: its FYs, and the latest FY a milestone may reach when that is
    /// after the last.
    PlanPeriod {
        first: i32,
        last: i32,
        latest: i32,
    },
    /// The one-page summary's first sentence.
    SummaryHeadline {
        as_of: String,
        items: usize,
        milestones: usize,
        done: usize,
        percent: String,
        delayed: usize,
        past_due: usize,
        rescheduled: usize,
        /// Of those rescheduled, after the deadline had passed unreported (derived).
        after_deadline: usize,
        /// Milestones reported dropped: outside the count of milestones, and said so.
        dropped: usize,
    },
    /// The data a report was made from: the working tree, at a commit.
    WorkTreeAt {
        commit: String,
        /// The roadmap's files differ from the commit's (uncommitted edits).
        changed: bool,
    },
    NoCommitBefore {
        date: NaiveDate,
    },
    /// The revision (or date) a report's changes are counted from.
    SinceRevision {
        rev: String,
    },
    MergeBaseOf {
        a: String,
        b: String,
    },
    /// ` on 2024-03-22` (en) or `（2024-03-22）` (ja), written straight after a status word.
    OnDate {
        date: String,
    },
    /// `whole`: every file of the new side was checked, not only the changed ones.
    NewSideValid {
        files: usize,
        whole: bool,
    },
    ErrorsWarnings {
        errors: usize,
        warnings: usize,
    },
    NewSideHas {
        errors: usize,
        warnings: usize,
    },
    /// `cmd` is the command to run, already marked up for where it goes.
    AndMore {
        more: usize,
        cmd: String,
    },
    CommentCut {
        limit: usize,
    },
    LeftOut {
        items: usize,
        limit: usize,
        ids: String,
    },

    // ---- Errors (exit 2).
    NotADirectory {
        dir: String,
    },
    /// A directory with neither roadmap.toml nor items/: the wrong directory, not a roadmap with
    /// findings.
    NotARoadmap {
        dir: String,
    },
    /// The help line of a missing or unreadable roadmap directory.
    DirHelp,
    CannotReadDir {
        dir: String,
        cause: Cause,
    },
    CannotResolve {
        path: String,
    },
    CannotRunGit,
    NotARepository {
        cwd: String,
    },
    UnknownRevision {
        rev: String,
    },
    UnknownRevisionShallow {
        rev: String,
    },
    NoMergeBase,
    NoMergeBaseShallow,
    OutsideWorkTree {
        dir: String,
        top: Option<String>,
    },
    DirMissingAt {
        dir: String,
        commit: String,
    },
    GitObjectMissing {
        oid: String,
    },
    GitFailed {
        what: String,
    },
    RevisionsNeedGit,
    NoIndexNeedsTwo,
    /// A side of `diff` has no `roadmap.toml` where one was looked for.
    SideWithoutPlan {
        side: String,
        path: String,
    },
    AtMostTwoRevisions,
    NotAnItemId {
        id: String,
    },
    NoSuchCategory {
        value: String,
        known: Vec<String>,
    },
    NoSuchTheme {
        value: String,
        known: Vec<String>,
    },
    NoSuchItem {
        id: String,
        dir: String,
    },
    /// `log ITEM` of an id neither the roadmap nor any commit of the range has; `near`: ids one
    /// edit away, or empty.
    NoItemInHistory {
        id: String,
        near: String,
    },
    FyAndAsOf,
    UnknownExtension {
        path: String,
        ext: String,
    },
    /// `form -o` names a file the form cannot be written as.
    FormUnknownExtension {
        path: String,
        ext: String,
    },
    ExtensionMismatch {
        path: String,
        format: String,
    },
    /// `-o FILE` without an extension and without `--format`.
    NoExtension {
        path: String,
    },
    /// An option that makes sense only with another.
    NeedsOption {
        option: String,
        needs: String,
    },
    OnlyWithFormat {
        option: String,
        format: String,
    },
    XlsxOnTerminal,
    /// Texts cut to a spreadsheet cell's limit.
    CellsCut {
        cells: usize,
        max: usize,
    },
    CannotWrite {
        path: String,
        cause: Cause,
    },
    /// The target of a write is not a regular file.
    NotAFileTarget {
        path: String,
        kind: NotAFile,
    },
    ChangedOnDisk {
        path: String,
    },
    CannotWriteStdout {
        cause: Cause,
    },
    /// Output for stdout is held in a temporary file (in `dir`) until it is whole, and that file
    /// could not be written.
    CannotSpoolStdout {
        dir: String,
        cause: Cause,
    },
    /// How to write a report when no temporary file can be made.
    SpoolHelp,
    CannotReadCwd,
    /// What `--state overdue` stands for, next to it in completions.
    OverdueStates,
    Render {
        what: String,
        cause: String,
    },

    // ---- Values on the command line.
    BadDateArg {
        value: String,
    },
    BadFyArg {
        value: String,
    },
    BadCategoryArg {
        value: String,
    },
    BadThemeArg {
        value: String,
    },
    /// A text option given an option instead (`--note --dry-run`): the text was left out.
    TextIsAnOption {
        value: String,
    },
    BadStateArg {
        value: String,
        allowed: String,
    },
    /// What a Japanese keyboard types where the file wants ASCII (`令和4`, `２０２２`, `2023/3/10`,
    /// `1,200`): what to write instead.
    TypedAs {
        typed: String,
        write: String,
    },
    /// A date or number written as it should be, but in quotes: the fix is to drop them.
    Unquote {
        write: String,
    },
    FullWidthEquals,
    /// A value of a fixed set, typed another way (`完了`, `Done`, `in progress`).
    DidYouMeanValue {
        value: String,
    },
    /// Usage errors clap finds, worded from the catalog.
    UsageUnknownArgument {
        arg: String,
    },
    UsageUnknownSubcommand {
        name: String,
    },
    /// A command that needs a subcommand was given none (`roadmap --lang ja`).
    UsageMissingSubcommand {
        valid: String,
    },
    UsageInvalidValue {
        arg: String,
        value: String,
        valid: String,
    },
    /// An option given with no value (clap reports it as an empty invalid value).
    UsageValueRequired {
        arg: String,
        valid: String,
    },
    /// A value beyond what an argument takes (`diff a b c`).
    UsageUnexpectedValue {
        value: String,
        arg: String,
    },
    UsageBadValue {
        arg: String,
        value: String,
        why: String,
    },
    UsageMissing {
        args: String,
    },
    UsageConflict {
        a: String,
        b: String,
    },
    DidYouMeanArg {
        arg: String,
    },
    UsageSeeHelp,
    /// What people type (`input.rs`): a fiscal year, a date, a number.
    BadFyInput {
        value: String,
    },
    /// `2023年`, `令和5年`: a calendar year where a fiscal year is asked for.
    CalendarYearInput {
        value: String,
    },
    /// A milestone's new end that reads as none of the forms (`input::end`).
    BadEndInput {
        value: String,
    },
    BadDateInput {
        value: String,
    },
    BadNumberInput {
        value: String,
    },
    WrongUnitInput {
        value: String,
        unit: String,
    },
    FyInputHelp,
    EndInputHelp,
    DateInputHelp,
    NumberInputHelp,

    // ---- Recording (`roadmap record`) and formatting (`roadmap fmt`).
    /// `near`: the closest ids (and titles), comma-separated; empty when none is close.
    NoItemNear {
        id: String,
        near: String,
    },
    NoMilestone {
        item: String,
        id: String,
        near: String,
    },
    MilestoneAmbiguous {
        item: String,
        text: String,
        near: String,
    },
    NoIndicator {
        item: String,
        id: String,
        near: String,
    },
    NoSeries {
        indicator: String,
        name: String,
        near: String,
    },
    SeriesNeeded {
        indicator: String,
        near: String,
    },
    RoundNeeded {
        id: String,
        from: i32,
        to: i32,
    },
    RoundRefused {
        id: String,
    },
    RoundNotInSpan {
        id: String,
        fy: i32,
        from: i32,
        to: i32,
    },
    NotANumberSeries {
        id: String,
    },
    NoSeriesToRecord {
        id: String,
    },
    /// A table written inline (`milestones = [{ … }]`) cannot take an edit in place.
    WrittenInline {
        path: String,
        key: String,
    },
    EditWouldBeInvalid {
        errors: usize,
    },
    Recorded {
        path: String,
    },
    DryRunNothingWritten,
    NothingChanged,

    // ---- The office's form (roadmap form, import, status --unanswered).
    FormWritten {
        path: String,
        id: String,
        rows: usize,
        values: usize,
    },
    FormEmpty,
    /// `form --owner` named no owner of any item.
    NoSuchOwner {
        owner: String,
        owners: Vec<String>,
    },
    /// A new end over by the day of the change that sets it.
    EndPassed {
        end: String,
        on: NaiveDate,
    },
    /// `record delay --until`: an end before the one in force; a delay never brings it forward.
    DelayPullsIn {
        id: String,
        until: String,
        current: NaiveDate,
    },
    /// `form --each-owner DIR`: forms of these names are in DIR already.
    FormsThere {
        dir: String,
        files: Vec<String>,
    },
    /// `form --owner`: a part of several owners' names; a form is for one.
    OwnerAmbiguous {
        owner: String,
        owners: Vec<String>,
    },
    /// `form --each-owner`: no item in scope names its owners.
    NoOwners,
    /// `form --each-owner`: an owner's form would have no row.
    FormSkippedEmpty {
        owner: String,
    },
    CannotReadPath {
        path: String,
        cause: Cause,
    },
    NotARegularFile {
        path: String,
    },
    NotAWorkbook {
        path: String,
        cause: String,
    },
    /// A spreadsheet saved as `.xls` or `.ods` (`format`), not `.xlsx`.
    OtherSpreadsheet {
        path: String,
        format: &'static str,
    },
    /// A workbook refers to a cell past a sheet's end (XFD1048576).
    CellOutOfSheet {
        path: String,
        reference: String,
    },
    /// A sheet spans more cells, from A1 to its farthest, than a form may.
    SheetTooLarge {
        path: String,
        cells: u64,
        max: u64,
    },
    /// A workbook's sheets unpack to more bytes than the reader takes.
    WorkbookTooLarge {
        path: String,
        bytes: u64,
        max: u64,
    },
    CsvNotUtf8 {
        path: String,
        encoding: String,
    },
    /// A CSV whose first line is not a form's (`roadmap-form,1,…`).
    NotACsvForm {
        path: String,
    },
    NotAForm {
        path: String,
        sheets: String,
    },
    ForeignForm {
        plan: String,
        ours: String,
    },
    /// A form of a plan with the same title but another publication date, edition or first FY.
    ForeignEdition {
        plan: String,
        form: String,
        ours: String,
    },
    SheetMissing {
        sheet: String,
        present: String,
    },
    ColumnMissing {
        sheet: String,
        column: String,
    },
    /// A problem with a cell's value: the cell, what is wrong, what is accepted.
    InCell {
        cell: String,
        msg: Box<Msg>,
        accepts: Accepts,
    },
    BadAnswer {
        typed: String,
    },
    FutureDate {
        date: String,
    },
    ReasonNeeded {
        status: String,
    },
    ReasonForNewEnd,
    /// `form --fy` after the plan's latest FY: values and rounds there cannot be recorded.
    FormFyAfterPlan {
        fy: i32,
        latest: i32,
    },
    /// A reason on a row with no status and no new end: nothing it is the reason for.
    ReasonAlone,
    /// An answer on a row whose ids were cleared: no row for it to go to.
    AnswerWithoutIds,
    /// A 完了日 on a row whose answer is not 完了.
    DoneOnWithoutDone,
    /// A 備考 on a FY with no value, given or recorded.
    ValueNeeded,
    UnknownRow {
        key: String,
    },
    NotInForm {
        key: String,
    },
    MergedInput {
        sheet: String,
        range: String,
    },
    FormulaTaken {
        cell: String,
        formula: String,
        value: String,
    },
    /// A formula saved without its result (a tool that does not calculate): nothing to read.
    FormulaUncached {
        cell: String,
        formula: String,
    },
    RowDeleted {
        key: String,
    },
    RowsMissing {
        missing: usize,
    },
    /// A 完了 answered without its 完了日: recorded as of the import's day.
    DoneDatedToday {
        cell: String,
        day: NaiveDate,
    },
    /// A 完了日 before the milestone's first FY began.
    DoneBeforeStart {
        cell: String,
        day: NaiveDate,
        from: i32,
    },
    Conflict {
        key: String,
        /// The answer's cell (`進捗入力!K6`).
        cell: String,
    },
    /// A row this form's answer was imported for already, answered otherwise in this copy.
    AnsweredBefore {
        key: String,
        on: NaiveDate,
        status: Option<crate::model::Reported>,
        text: Option<String>,
    },
    /// A status report just recorded that a later-dated report overrides: the state stays the
    /// later one's.
    ReportSuperseded {
        key: String,
        on: NaiveDate,
        status: crate::model::Reported,
        later_on: NaiveDate,
        later: crate::model::Reported,
    },
    ConflictsRefused {
        conflicts: usize,
    },
    ConflictsForced {
        conflicts: usize,
    },
    ImportProblems {
        problems: usize,
    },
    ImportNothingNew {
        already: usize,
    },
    ImportSummary {
        id: String,
        answered: usize,
        already: usize,
    },
    FmtWouldChange {
        files: usize,
    },
    FmtReformatted {
        files: usize,
    },
    FmtAlready {
        files: usize,
    },
    FmtSkipped {
        path: String,
    },
    FmtChangesMeaning {
        path: String,
    },
}

impl Msg {
    /// How to write what was typed as text (`typed`, as shown): [`Msg::Unquote`] when the text
    /// in the quotes is already the value, else [`Msg::TypedAs`].
    pub fn write_as(typed: String, write: String) -> Msg {
        if typed.trim_matches('"') == write {
            Msg::Unquote { write }
        } else {
            Msg::TypedAs { typed, write }
        }
    }

    /// The help line an error prints under it, if it has one.
    pub fn help(&self) -> Option<Msg> {
        match self {
            Msg::NotADirectory { .. } | Msg::NotARoadmap { .. } | Msg::CannotReadDir { .. } => {
                Some(Msg::DirHelp)
            }
            Msg::BadFyInput { .. } | Msg::CalendarYearInput { .. } => Some(Msg::FyInputHelp),
            Msg::BadEndInput { .. } => Some(Msg::EndInputHelp),
            Msg::CannotSpoolStdout { .. } => Some(Msg::SpoolHelp),
            Msg::BadDateInput { .. } => Some(Msg::DateInputHelp),
            Msg::BadNumberInput { .. } | Msg::WrongUnitInput { .. } => Some(Msg::NumberInputHelp),
            _ => None,
        }
    }
}

/// An error whose text is a [`Msg`], so that it is worded in the user's language where it is
/// printed. It goes through `anyhow` like any other error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserError(pub Msg);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::Lang::En.msg(&self.0))
    }
}

impl std::error::Error for UserError {}

impl From<Msg> for anyhow::Error {
    fn from(m: Msg) -> Self {
        anyhow::Error::new(UserError(m))
    }
}

#[cfg(test)]
impl Msg {
    /// One of each variant, for the catalog tests.
    pub fn samples() -> Vec<Msg> {
        let s = || "x".to_owned();
        let day = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap_or_default();
        let mut out: Vec<Msg> = Code::ALL.iter().map(|c| Msg::Help(*c)).collect();
        out.extend([
            Msg::FileTooLarge { bytes: 2, max: 1 },
            Msg::Utf16 { encoding: s() },
            Msg::NotUtf8,
            Msg::LooksLike { encoding: s() },
            Msg::NulByte,
            Msg::ConvertWithIconv {
                from: s(),
                path: s(),
            },
            Msg::SaveAsUtf8,
            Msg::CannotReadFile {
                cause: Cause::PermissionDenied,
            },
            Msg::SymlinkLoops,
            Msg::SymlinkBroken {
                cause: Cause::Other(s()),
            },
            Msg::SymlinkOutside { target: s() },
            Msg::SymlinkInRevision,
            Msg::ItemsIsLink,
            Msg::ItemsIsSubmodule,
            Msg::FileNameNotUtf8,
            Msg::NotRegularFile,
            Msg::NoPlanFile { dir: s() },
            Msg::PlanUnread { items: 2 },
            Msg::NoPlanFileAt {
                dir: s(),
                commit: s(),
            },
            Msg::CannotReadItemsDir {
                cause: Cause::NotFound,
            },
            Msg::MoreFindings {
                errors: 1,
                warnings: 2,
            },
            Msg::EmptyFile,
            Msg::TomlSyntax {
                detail: s(),
                more: 2,
            },
            Msg::TooDeep { detail: s() },
            Msg::UnknownKey { key: s() },
            Msg::DidYouMean { suggestion: s() },
            Msg::ExpectedOneOf { keys: s() },
            Msg::MissingKey {
                key: s(),
                table: None,
            },
            Msg::MissingKey {
                key: s(),
                table: Some(s()),
            },
            Msg::FyStartFormat,
            Msg::FyStartLeapDay,
            Msg::YearOutOfRange {
                path: s(),
                value: 0,
            },
            Msg::DateOutOfRange {
                path: s(),
                value: s(),
            },
            Msg::DateOutOfRangeHelp,
            Msg::BadItemId { id: s() },
            Msg::BadGroupId { id: s() },
            Msg::CategoriesAndGroups,
            Msg::BadUntil {
                path: s(),
                value: s(),
            },
            Msg::EndConflict { keys: s() },
            Msg::NeedsKey {
                key: s(),
                needs: s(),
            },
            Msg::ApproxNeedsEnd { key: s() },
            Msg::UnknownGroup {
                id: s(),
                group: s(),
                plan: s(),
            },
            Msg::GroupWithoutParent {
                id: s(),
                parent: s(),
            },
            Msg::GroupTwice { id: s() },
            Msg::UnknownTarget {
                key: s(),
                target: s(),
            },
            Msg::UnknownTargetHelp,
            Msg::DependencyCycle { cycle: s() },
            Msg::RestatementTracked { id: s() },
            Msg::ColumnOrder { label: s() },
            Msg::PhaseOutside {
                name: s(),
                from: 2030,
                to: 2010,
                first: 2014,
                latest: 2020,
            },
            Msg::BadSchedule { value: s() },
            Msg::BadStatus {
                path: s(),
                value: s(),
            },
            Msg::BadSlug {
                path: s(),
                value: s(),
            },
            Msg::OutOfRange { path: s() },
            Msg::NotPositive {
                path: s(),
                value: 0,
            },
            Msg::DateWithTime {
                path: s(),
                value: s(),
            },
            Msg::NotCalendarDate {
                path: s(),
                value: s(),
            },
            Msg::FyKey { path: s() },
            Msg::NotFinite { path: s() },
            Msg::NotPublishedWithMilestones,
            Msg::NoMilestones { id: s() },
            Msg::NoMilestonesHelp,
            Msg::DuplicateItem {
                id: s(),
                other: s(),
            },
            Msg::DuplicateItemHelp {
                id: s(),
                other: s(),
            },
            Msg::StemMismatch { id: s(), stem: s() },
            Msg::StemMismatchHelp { id: s(), stem: s() },
            Msg::UnknownCategory {
                id: s(),
                category: 1,
                plan: s(),
            },
            Msg::UnknownSubcategory {
                id: s(),
                category: 1,
                subcategory: 1,
                plan: s(),
            },
            Msg::UnknownTheme {
                theme: 1,
                plan: s(),
            },
            Msg::ThemeListedTwice { theme: 1 },
            Msg::LastBeforeFirst { last: 1, first: 2 },
            Msg::LatestBeforeLast { latest: 1, last: 2 },
            Msg::CategoryTwice { category: 1 },
            Msg::SubcategoryTwice {
                category: 1,
                subcategory: 1,
            },
            Msg::ThemeDefinedTwice { theme: 1 },
            Msg::EmptyText { key: s() },
            Msg::MilestoneTwice { id: s() },
            Msg::IndicatorTwice { id: s() },
            Msg::BeforePlan {
                subject: Subject::Milestone {
                    id: s(),
                    key: "from",
                },
                fy: 1,
                first: 2,
            },
            Msg::AfterPlan {
                subject: Subject::Indicator { id: s(), key: s() },
                fy: 2,
                latest: 1,
            },
            Msg::FromAfterTo {
                id: s(),
                from: 2,
                to: 1,
            },
            Msg::AfterToday {
                id: s(),
                date: s(),
                today: day,
            },
            Msg::Percentage {
                id: s(),
                key: s(),
                value: s(),
            },
            Msg::RetiredKey { key: s() },
            Msg::RetiredHelp {
                key: "status".into(),
            },
            Msg::RetiredHelp {
                key: "targets".into(),
            },
            Msg::BadTimezone { value: s() },
            Msg::BadChoice {
                path: s(),
                value: s(),
                allowed: s(),
            },
            Msg::NeedsReason {
                id: s(),
                status: s(),
            },
            Msg::RoundOnOnce { id: s() },
            Msg::RoundOutside {
                id: s(),
                fy: 1,
                from: 1,
                to: 2,
            },
            Msg::RoundMissing { id: s() },
            Msg::StaleItem {
                id: s(),
                last: None,
                months: 3,
            },
            Msg::StaleItem {
                id: s(),
                last: Some(day),
                months: 3,
            },
            Msg::ImplementationWithSeries { id: s() },
            Msg::MeasureWithoutSeries { id: s() },
            Msg::BaselineAfterPlan {
                id: s(),
                fy: 1,
                last: 1,
            },
            Msg::ValueTwice { id: s(), fy: 1 },
            Msg::ValueOfKind {
                id: s(),
                text: true,
            },
            Msg::ValueOfKind {
                id: s(),
                text: false,
            },
            Msg::ChangeMovesNothing { id: s() },
            Msg::ValidateOk { files: 1 },
            Msg::ValidateCounts {
                errors: 1,
                warnings: 2,
                files: 3,
                strict: true,
            },
            Msg::GithubMore {
                errors: 1,
                warnings: 1,
                cap: 10,
            },
            Msg::RefuseInvalid { errors: 1 },
            Msg::PlanOver { end: s() },
            Msg::DataUntil {
                with_data: 1,
                total: 2,
                fy: 2022,
            },
            Msg::ChangeCount { n: 2 },
            Msg::KpiLayer { n: 1 },
            Msg::OnlyOwner {
                owner: s(),
                shown: 1,
                total: 5,
            },
            Msg::DiffSummary(Box::new(crate::diff::Summary {
                items_changed: 1,
                slips: 2,
                ..Default::default()
            })),
            Msg::DiffItemsCell {
                total: 3,
                added: 1,
                removed: 1,
                moved: 1,
                renamed: 0,
            },
            Msg::RenamedFrom { id: s() },
            Msg::PlanPeriod {
                first: 2022,
                last: 2024,
                latest: 2025,
            },
            Msg::ContinuedFrom {
                id: s(),
                edition: s(),
            },
            Msg::EditionLine {
                old: s(),
                new: s(),
                carried: 1,
                added: 2,
                ended: 3,
            },
            Msg::SinceRevision { rev: s() },
            Msg::NoCommitBefore { date: day },
            Msg::WorkTreeAt {
                commit: s(),
                changed: true,
            },
            Msg::WorkTreeAt {
                commit: s(),
                changed: false,
            },
            Msg::SummaryHeadline {
                as_of: s(),
                items: 1,
                milestones: 1,
                done: 1,
                percent: s(),
                delayed: 1,
                past_due: 1,
                rescheduled: 1,
                after_deadline: 1,
                dropped: 1,
            },
            Msg::MergeBaseOf { a: s(), b: s() },
            Msg::OnDate { date: s() },
            Msg::NewSideValid {
                files: 1,
                whole: false,
            },
            Msg::ErrorsWarnings {
                errors: 1,
                warnings: 1,
            },
            Msg::NewSideHas {
                errors: 1,
                warnings: 1,
            },
            Msg::AndMore { more: 1, cmd: s() },
            Msg::CommentCut { limit: 1 },
            Msg::LeftOut {
                items: 1,
                limit: 10,
                ids: s(),
            },
            Msg::NotADirectory { dir: s() },
            Msg::NotARoadmap { dir: s() },
            Msg::DirHelp,
            Msg::CannotReadDir {
                dir: s(),
                cause: Cause::NotADirectory,
            },
            Msg::CannotResolve { path: s() },
            Msg::CannotRunGit,
            Msg::NotARepository { cwd: s() },
            Msg::UnknownRevision { rev: s() },
            Msg::UnknownRevisionShallow { rev: s() },
            Msg::NoMergeBase,
            Msg::NoMergeBaseShallow,
            Msg::OutsideWorkTree {
                dir: s(),
                top: Some(s()),
            },
            Msg::OutsideWorkTree {
                dir: s(),
                top: None,
            },
            Msg::DirMissingAt {
                dir: s(),
                commit: s(),
            },
            Msg::GitObjectMissing { oid: s() },
            Msg::GitFailed { what: s() },
            Msg::RevisionsNeedGit,
            Msg::NoIndexNeedsTwo,
            Msg::SideWithoutPlan {
                side: s(),
                path: s(),
            },
            Msg::AtMostTwoRevisions,
            Msg::NotAnItemId { id: s() },
            Msg::NoSuchCategory {
                value: s(),
                known: vec![s()],
            },
            Msg::NoSuchTheme {
                value: s(),
                known: vec![s()],
            },
            Msg::NoSuchItem { id: s(), dir: s() },
            Msg::NoItemInHistory { id: s(), near: s() },
            Msg::TypedAs {
                typed: s(),
                write: s(),
            },
            Msg::Unquote { write: s() },
            Msg::FullWidthEquals,
            Msg::DidYouMeanValue { value: s() },
            Msg::UsageUnknownArgument { arg: s() },
            Msg::UsageUnknownSubcommand { name: s() },
            Msg::UsageMissingSubcommand { valid: s() },
            Msg::UsageInvalidValue {
                arg: s(),
                value: s(),
                valid: s(),
            },
            Msg::UsageValueRequired {
                arg: s(),
                valid: s(),
            },
            Msg::UsageUnexpectedValue {
                value: s(),
                arg: s(),
            },
            Msg::UsageBadValue {
                arg: s(),
                value: s(),
                why: s(),
            },
            Msg::UsageMissing { args: s() },
            Msg::UsageConflict { a: s(), b: s() },
            Msg::DidYouMeanArg { arg: s() },
            Msg::UsageSeeHelp,
            Msg::BadFyInput { value: s() },
            Msg::CalendarYearInput { value: s() },
            Msg::BadDateInput { value: s() },
            Msg::BadNumberInput { value: s() },
            Msg::WrongUnitInput {
                value: s(),
                unit: s(),
            },
            Msg::FyInputHelp,
            Msg::EndInputHelp,
            Msg::BadEndInput { value: s() },
            Msg::DateInputHelp,
            Msg::NumberInputHelp,
            Msg::NoItemNear { id: s(), near: s() },
            Msg::NoItemNear {
                id: s(),
                near: String::new(),
            },
            Msg::NoMilestone {
                item: s(),
                id: s(),
                near: s(),
            },
            Msg::MilestoneAmbiguous {
                item: s(),
                text: s(),
                near: s(),
            },
            Msg::NoIndicator {
                item: s(),
                id: s(),
                near: s(),
            },
            Msg::NoSeries {
                indicator: s(),
                name: s(),
                near: s(),
            },
            Msg::SeriesNeeded {
                indicator: s(),
                near: s(),
            },
            Msg::RoundNeeded {
                id: s(),
                from: 2022,
                to: 2024,
            },
            Msg::RoundRefused { id: s() },
            Msg::RoundNotInSpan {
                id: s(),
                fy: 2021,
                from: 2022,
                to: 2024,
            },
            Msg::NotANumberSeries { id: s() },
            Msg::NoSeriesToRecord { id: s() },
            Msg::WrittenInline {
                path: s(),
                key: s(),
            },
            Msg::EditWouldBeInvalid { errors: 1 },
            Msg::Recorded { path: s() },
            Msg::DryRunNothingWritten,
            Msg::NothingChanged,
            Msg::FormWritten {
                path: s(),
                id: s(),
                rows: 2,
                values: 1,
            },
            Msg::FormEmpty,
            Msg::NoSuchOwner {
                owner: s(),
                owners: vec![s(), s()],
            },
            Msg::OwnerAmbiguous {
                owner: s(),
                owners: vec![s(), s()],
            },
            Msg::FormsThere {
                dir: s(),
                files: vec![s(), s()],
            },
            Msg::DelayPullsIn {
                id: s(),
                until: s(),
                current: NaiveDate::MIN,
            },
            Msg::EndPassed {
                end: s(),
                on: NaiveDate::MIN,
            },
            Msg::NoOwners,
            Msg::FormSkippedEmpty { owner: s() },
            Msg::CannotReadPath {
                path: s(),
                cause: Cause::IsADirectory,
            },
            Msg::NotARegularFile { path: s() },
            Msg::OtherSpreadsheet {
                path: s(),
                format: "xls",
            },
            Msg::OtherSpreadsheet {
                path: s(),
                format: "ods",
            },
            Msg::NotAWorkbook {
                path: s(),
                cause: s(),
            },
            Msg::CellOutOfSheet {
                path: s(),
                reference: s(),
            },
            Msg::SheetTooLarge {
                path: s(),
                cells: 1,
                max: 1,
            },
            Msg::WorkbookTooLarge {
                path: s(),
                bytes: 1,
                max: 1,
            },
            Msg::CsvNotUtf8 {
                path: s(),
                encoding: s(),
            },
            Msg::NotACsvForm { path: s() },
            Msg::NotAForm {
                path: s(),
                sheets: s(),
            },
            Msg::ForeignForm {
                plan: s(),
                ours: s(),
            },
            Msg::ForeignEdition {
                plan: s(),
                form: s(),
                ours: s(),
            },
            Msg::SheetMissing {
                sheet: s(),
                present: s(),
            },
            Msg::ColumnMissing {
                sheet: s(),
                column: s(),
            },
            Msg::InCell {
                cell: s(),
                msg: Box::new(Msg::BadAnswer { typed: s() }),
                accepts: Accepts::Status,
            },
            Msg::InCell {
                cell: s(),
                msg: Box::new(Msg::FutureDate { date: s() }),
                accepts: Accepts::Date,
            },
            Msg::InCell {
                cell: s(),
                msg: Box::new(Msg::ReasonForNewEnd),
                accepts: Accepts::Number,
            },
            Msg::FormFyAfterPlan {
                fy: 2026,
                latest: 2025,
            },
            Msg::InCell {
                cell: s(),
                msg: Box::new(Msg::ReasonAlone),
                accepts: Accepts::Text,
            },
            Msg::InCell {
                cell: s(),
                msg: Box::new(Msg::AnswerWithoutIds),
                accepts: Accepts::Text,
            },
            Msg::InCell {
                cell: s(),
                msg: Box::new(Msg::ReasonForNewEnd),
                accepts: Accepts::Fy,
            },
            Msg::InCell {
                cell: s(),
                msg: Box::new(Msg::ReasonForNewEnd),
                accepts: Accepts::Text,
            },
            Msg::ReasonNeeded { status: s() },
            Msg::DoneOnWithoutDone,
            Msg::ValueNeeded,
            Msg::UnknownRow { key: s() },
            Msg::NotInForm { key: s() },
            Msg::MergedInput {
                sheet: s(),
                range: s(),
            },
            Msg::FormulaTaken {
                cell: s(),
                formula: s(),
                value: s(),
            },
            Msg::FormulaUncached {
                cell: s(),
                formula: s(),
            },
            Msg::RowDeleted { key: s() },
            Msg::RowsMissing { missing: 2 },
            Msg::Conflict {
                key: s(),
                cell: s(),
            },
            Msg::DoneDatedToday {
                cell: s(),
                day: NaiveDate::MIN,
            },
            Msg::DoneBeforeStart {
                cell: s(),
                day: NaiveDate::MIN,
                from: 2022,
            },
            Msg::AnsweredBefore {
                key: s(),
                on: NaiveDate::default(),
                status: None,
                text: Some(s()),
            },
            Msg::ReportSuperseded {
                key: s(),
                on: NaiveDate::default(),
                status: crate::model::Reported::Done,
                later_on: NaiveDate::default(),
                later: crate::model::Reported::InProgress,
            },
            Msg::ConflictsRefused { conflicts: 2 },
            Msg::ConflictsForced { conflicts: 2 },
            Msg::ImportProblems { problems: 2 },
            Msg::ImportNothingNew { already: 2 },
            Msg::ImportSummary {
                id: s(),
                answered: 2,
                already: 1,
            },
            Msg::FmtWouldChange { files: 1 },
            Msg::FmtReformatted { files: 1 },
            Msg::FmtAlready { files: 1 },
            Msg::FmtSkipped { path: s() },
            Msg::FmtChangesMeaning { path: s() },
            Msg::FyAndAsOf,
            Msg::UnknownExtension {
                path: s(),
                ext: s(),
            },
            Msg::FormUnknownExtension {
                path: s(),
                ext: s(),
            },
            Msg::ExtensionMismatch {
                path: s(),
                format: s(),
            },
            Msg::NoExtension { path: s() },
            Msg::NeedsOption {
                option: s(),
                needs: s(),
            },
            Msg::OnlyWithFormat {
                option: s(),
                format: s(),
            },
            Msg::XlsxOnTerminal,
            Msg::CellsCut { cells: 1, max: 2 },
            Msg::CannotWrite {
                path: s(),
                cause: Cause::ReadOnlyFilesystem,
            },
        ]);
        out.extend(
            [
                NotAFile::Directory,
                NotAFile::Symlink,
                NotAFile::Special,
                NotAFile::TrailingSlash,
                NotAFile::ReadOnly,
            ]
            .map(|kind| Msg::NotAFileTarget { path: s(), kind }),
        );
        out.extend([
            Msg::ChangedOnDisk { path: s() },
            Msg::CannotWriteStdout {
                cause: Cause::StorageFull,
            },
            Msg::CannotSpoolStdout {
                dir: s(),
                cause: Cause::StorageFull,
            },
            Msg::SpoolHelp,
            Msg::CannotReadCwd,
            Msg::OverdueStates,
            Msg::Render {
                what: s(),
                cause: s(),
            },
            Msg::BadDateArg { value: s() },
            Msg::BadFyArg { value: s() },
            Msg::BadCategoryArg { value: s() },
            Msg::BadThemeArg { value: s() },
            Msg::TextIsAnOption { value: s() },
            Msg::BadStateArg {
                value: s(),
                allowed: s(),
            },
        ]);
        out
    }
}
