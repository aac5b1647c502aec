//! The arguments of `record reschedule`: a milestone's schedule change, kept next to the
//! published plan.

use clap::{ArgGroup, Args};

use super::milestone::Which;
use crate::cli::values;
use crate::record::RescheduleRequest;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("end").required(true).args(["to", "until", "open"])))]
pub struct Reschedule {
    #[command(flatten)]
    which: Which,
    /// The FY it now ends
    #[arg(long, value_name = "FY")]
    to: Option<String>,
    /// The point it now ends, finer than a FY: 2025-H1, 2025-Q3, 2025-12, CY2025, or 令和7年度上期,
    /// 令和7年度第3四半期, 令和7年12月, 令和7年末, 令和8年夏 (an approximate August)
    #[arg(long, value_name = "WHEN")]
    until: Option<String>,
    /// The new end (--to or --until) is approximate (目途): no deadline
    #[arg(long, conflicts_with = "open")]
    approx: bool,
    /// It has no end from now on (継続): no deadline
    #[arg(long)]
    open: bool,
    /// The FY it now starts
    #[arg(long, value_name = "FY")]
    from: Option<String>,
    /// Why (required)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = values::text)]
    reason: String,
    /// The day the change was decided [default: today]
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
}

impl From<&Reschedule> for RescheduleRequest {
    fn from(a: &Reschedule) -> Self {
        RescheduleRequest {
            item: a.which.item.clone(),
            milestone: a.which.milestone.clone(),
            on: a.on.clone(),
            from: a.from.clone(),
            to: a.to.clone(),
            until: a.until.clone(),
            approx: a.approx,
            open: a.open,
            reason: a.reason.clone(),
        }
    }
}
