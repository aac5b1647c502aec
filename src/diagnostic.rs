//! Findings: what `validate` (and every loader) reports, each with a stable code, a severity, the
//! file and byte span it is about, and a help line.

use std::ops::Range;

use serde::Serialize;

use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident;)*) => {
        /// A rule. The `RM…` code is stable: scripts and docs may refer to it. Its help line is
        /// in the catalogs (`Msg::Help`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    // Reading files.
    Io = "RM001", Error;
    Encoding = "RM002", Error;
    NulByte = "RM003", Error;
    EmptyFile = "RM004", Error;
    TooLarge = "RM005", Error;
    Symlink = "RM006", Error;
    TooDeep = "RM007", Error;
    MissingFile = "RM008", Error;
    TooManyFindings = "RM009", Error;
    // TOML and schema.
    Syntax = "RM100", Error;
    UnknownKey = "RM101", Error;
    WrongType = "RM102", Error;
    MissingKey = "RM103", Error;
    InvalidValue = "RM104", Error;
    InvalidDate = "RM105", Error;
    YearRange = "RM106", Error;
    // Semantic rules.
    DuplicateItem = "RM201", Error;
    StemMismatch = "RM202", Error;
    UnknownCategory = "RM203", Error;
    UnknownTheme = "RM204", Error;
    BeforePlan = "RM205", Error;
    AfterPlan = "RM206", Error;
    FromAfterTo = "RM207", Error;
    AfterToday = "RM209", Error;
    IndicatorFy = "RM211", Error;
    Percentage = "RM212", Error;
    EmptyText = "RM213", Error;
    DuplicateMilestone = "RM214", Error;
    DuplicateIndicator = "RM215", Error;
    ScheduleMismatch = "RM216", Warning;
    DuplicatePlanEntry = "RM217", Error;
    BadPeriod = "RM218", Error;
    DuplicateTheme = "RM219", Warning;
    // The tracking model.
    RetiredKey = "RM220", Error;
    NeedsReason = "RM221", Error;
    RoundFy = "RM222", Error;
    StaleItem = "RM223", Warning;
    ValueKind = "RM224", Error;
    // Other plans: references between milestones.
    UnknownTarget = "RM225", Error;
    DependencyCycle = "RM226", Error;
    Restatement = "RM227", Error;
    // Other plans: the table's named sub-periods.
    BadPhase = "RM228", Error;
    // What a finding elsewhere kept from being checked.
    PlanUnread = "RM229", Warning;
}

/// One thing wrong with the roadmap, pointing at its text where there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The file as shown to users (relative to the working directory where possible).
    pub path: String,
    /// Byte range in the file's decoded text; `None` for findings about the whole file.
    pub span: Option<Range<usize>>,
    /// What is wrong, as a message the renderer words in the user's language.
    pub message: Msg,
    /// A more specific help line than the code's own, when there is one.
    pub help: Option<Msg>,
}

impl Finding {
    pub fn new(
        code: Code,
        path: impl Into<String>,
        span: Option<Range<usize>>,
        message: Msg,
    ) -> Self {
        Self {
            code,
            severity: code.severity(),
            path: path.into(),
            span,
            message,
            help: None,
        }
    }

    pub fn with_help(mut self, help: Msg) -> Self {
        self.help = Some(help);
        self
    }

    /// The help line: the finding's own, else its code's.
    pub fn help(&self) -> Msg {
        self.help.clone().unwrap_or(Msg::Help(self.code))
    }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    /// The true totals: a finding counting those not shown (RM009) adds what it counts, not one.
    pub fn of(findings: &[Finding]) -> Self {
        let mut t = Self::default();
        for f in findings {
            match (&f.code, &f.message) {
                (Code::TooManyFindings, Msg::MoreFindings { errors, warnings }) => {
                    t.errors += errors;
                    t.warnings += warnings;
                }
                _ if f.severity == Severity::Error => t.errors += 1,
                _ => t.warnings += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let doc = include_str!("../docs/validate.md");
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
            let cell = format!("`{}`", code.as_str());
            assert!(
                doc.contains(&cell),
                "{cell} is missing from docs/validate.md"
            );
        }
    }
}
