//! The arguments of the verbs that write to an indicator's series: a value, a target, a baseline.
//! Each offers only what the format keeps for it: a value its source and publication day, a
//! baseline its source, a target nothing more.

use clap::Args;
use clap_complete::engine::ArgValueCompleter;

use crate::cli::values;

use crate::cli::complete::{indicators, items};
use crate::record::{Measure, MeasureRequest, Request};

/// The series, the FY and the number (or text) every indicator verb takes.
#[derive(Debug, Args)]
pub struct Of {
    /// The item, e.g. 1-1-1
    #[arg(add = ArgValueCompleter::new(items))]
    item: String,
    /// The indicator: its id, or a part of its name
    #[arg(add = ArgValueCompleter::new(indicators))]
    indicator: String,
    /// The value: a number (`１，２００人` is 1200), or text for a qualitative series
    // A fall is typed `-5` (or `-1,200`): a value, not an option.
    #[arg(allow_hyphen_values = true, value_parser = values::text)]
    value: String,
    /// The FY it is of: 2023, FY2023, R5, 令和5年度
    #[arg(long, value_name = "FY")]
    fy: String,
    /// The series (id or name), when the indicator has several
    #[arg(long, value_name = "NAME")]
    series: Option<String>,
}

impl Of {
    fn request(&self, what: Measure) -> Request {
        Request::Measure(
            what,
            MeasureRequest {
                item: self.item.clone(),
                indicator: self.indicator.clone(),
                series: self.series.clone(),
                fy: self.fy.clone(),
                value: self.value.clone(),
            },
        )
    }
}

#[derive(Debug, Args)]
pub struct Value {
    #[command(flatten)]
    of: Of,
    /// Where the value comes from (統計名)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    source: Option<String>,
    /// When the source published it (公表日); the value counts from then
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
}

impl From<&Value> for Request {
    fn from(a: &Value) -> Self {
        let (source, published) = (a.source.clone(), a.published.clone());
        a.of.request(Measure::Value { source, published })
    }
}

#[derive(Debug, Args)]
pub struct Target {
    #[command(flatten)]
    of: Of,
}

impl From<&Target> for Request {
    fn from(a: &Target) -> Self {
        a.of.request(Measure::Target)
    }
}

#[derive(Debug, Args)]
pub struct Baseline {
    #[command(flatten)]
    of: Of,
    /// Where the baseline comes from (統計名, or e.g. 制度導入前)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    source: Option<String>,
}

impl From<&Baseline> for Request {
    fn from(a: &Baseline) -> Self {
        let source = a.source.clone();
        a.of.request(Measure::Baseline { source })
    }
}
