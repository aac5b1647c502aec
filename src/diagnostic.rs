//! Findings: what `validate` (and every loader) reports, each with a stable code, a severity, the
//! file and byte span it is about, and a help line.

use std::ops::Range;

use serde::Serialize;

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
    ($($variant:ident = $code:literal, $severity:ident, $help:literal;)*) => {
        /// A rule. The `RM…` code is stable: scripts and docs may refer to it.
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

            /// What to do about it, shown as `help:` under the finding.
            pub fn help(self) -> &'static str {
                match self { $(Code::$variant => $help,)* }
            }
        }
    };
}

codes! {
    // Reading files.
    Io = "RM001", Error, "check that the path exists and is readable";
    Encoding = "RM002", Error, "roadmap files must be UTF-8";
    NulByte = "RM003", Error, "a roadmap file is text; remove the NUL bytes (is this a binary file?)";
    EmptyFile = "RM004", Error, "write the file's required keys, or delete the file";
    TooLarge = "RM005", Error, "roadmap files are small; split the data or check that this is the right file";
    Symlink = "RM006", Error, "replace the link with the file itself, inside the roadmap directory";
    TooDeep = "RM007", Error, "roadmap data is at most a few tables deep; flatten the nesting";
    MissingFile = "RM008", Error, "a roadmap directory holds roadmap.toml and items/<id>.toml (see docs/format.md)";
    // TOML and schema.
    Syntax = "RM100", Error, "fix the TOML syntax at the marked place";
    UnknownKey = "RM101", Error, "remove the key or fix its spelling; see docs/format.md for the keys";
    WrongType = "RM102", Error, "change the value to the expected type";
    MissingKey = "RM103", Error, "add the key; see docs/format.md";
    InvalidValue = "RM104", Error, "use one of the values docs/format.md allows";
    InvalidDate = "RM105", Error, "write a real calendar date as YYYY-MM-DD, without time or offset";
    // Semantic rules.
    DuplicateItem = "RM201", Error, "give each item its own id; one file per item";
    StemMismatch = "RM202", Error, "rename the file to <id>.toml or fix the id";
    UnknownCategory = "RM203", Error, "add the 大項目/中項目 to roadmap.toml or fix the item id";
    UnknownTheme = "RM204", Error, "use a theme id defined by [[themes]] in roadmap.toml";
    BeforePlan = "RM205", Error, "fiscal years start at the plan's first_fy";
    AfterPlan = "RM206", Error, "the source draws nothing past period.latest_fy; fix the year or raise latest_fy";
    FromAfterTo = "RM207", Error, "swap `from` and `to`, or fix one of them";
    DoneWithoutDate = "RM208", Error, "add `done_on = YYYY-MM-DD` with the day it was completed";
    DoneInFuture = "RM209", Error, "a milestone cannot be done after the as-of date; fix `done_on`";
    DateWithoutDone = "RM210", Warning, "set `status = \"done\"`, or remove `done_on`";
    IndicatorFy = "RM211", Error, "indicator values are keyed by a fiscal year within the plan";
    Percentage = "RM212", Error, "a percentage is between 0 and 100";
    EmptyText = "RM213", Error, "write the source's words; an empty title or text says nothing";
    DuplicateMilestone = "RM214", Error, "milestone ids are unique within an item";
    DuplicateIndicator = "RM215", Error, "indicator ids are unique within an item";
    ScheduleMismatch = "RM216", Warning, "an item with a published schedule has milestones; one without has none";
    DuplicatePlanEntry = "RM217", Error, "numbers of 大項目, 中項目 and theme ids are unique";
    BadPeriod = "RM218", Error, "first_fy <= last_fy <= latest_fy";
    DuplicateTheme = "RM219", Warning, "list each theme once";
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
    pub message: String,
    /// A more specific help line than the code's own, when there is one.
    pub help: Option<String>,
}

impl Finding {
    pub fn new(
        code: Code,
        path: impl Into<String>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity: code.severity(),
            path: path.into(),
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_text(&self) -> &str {
        self.help.as_deref().unwrap_or(self.code.help())
    }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Self {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Self {
            errors,
            warnings: findings.len() - errors,
        }
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
            assert!(!code.help().is_empty());
            let cell = format!("`{}`", code.as_str());
            assert!(
                doc.contains(&cell),
                "{cell} is missing from docs/validate.md"
            );
        }
    }
}
