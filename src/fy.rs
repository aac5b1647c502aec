//! Fiscal-year math: which 年度 a date falls in, where a 年度 starts and ends, and its labels
//! (`2023年度 (令和5年度)`, `FY2023`).

use chrono::{Datelike, NaiveDate};

use crate::model::{Fy, FyStart};

/// The fiscal years the tool accepts, in files and on the command line. Outside them a year is a
/// typo (or an attack on the arithmetic), never a plan.
pub const MIN_FY: Fy = 1900;
pub const MAX_FY: Fy = 2200;

/// Whether a fiscal year is within [`MIN_FY`]..=[`MAX_FY`].
pub fn in_range(fy: Fy) -> bool {
    (MIN_FY..=MAX_FY).contains(&fy)
}

impl FyStart {
    /// The fiscal year a date falls in: with an April 1 start, 2023-03-31 is in FY2022 and
    /// 2023-04-01 in FY2023.
    pub fn fy_of(self, date: NaiveDate) -> Fy {
        if (date.month(), date.day()) >= (self.month, self.day) {
            date.year()
        } else {
            date.year() - 1
        }
    }

    /// The first day of a fiscal year.
    pub fn start_of(self, fy: Fy) -> NaiveDate {
        NaiveDate::from_ymd_opt(fy, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(fy, self.month, 28))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The last day of a fiscal year.
    pub fn end_of(self, fy: Fy) -> NaiveDate {
        self.start_of(fy.saturating_add(1))
            .pred_opt()
            .unwrap_or(NaiveDate::MIN)
    }
}

/// The Japanese era label of a fiscal year: `令和5年度`, `令和元年度` for FY2019, `平成30年度` for FY2018.
///
/// Fiscal years are named by the era of their start, except FY2019, which began under 平成 (April
/// 2019) but is officially called 令和元年度, as the era changed on May 1 of that year.
pub fn era_label(fy: Fy) -> String {
    format!("{}年度", era_year(fy, fy >= 2019))
}

/// `令和7`, `令和元`, `平成31`: a year in its era (令和 when `reiwa`, else the era before).
fn era_year(year: i32, reiwa: bool) -> String {
    let (era, n) = if reiwa {
        ("令和", year - 2018)
    } else if year >= 1989 {
        ("平成", year - 1988)
    } else {
        ("昭和", year - 1925)
    };
    if n == 1 {
        format!("{era}元")
    } else {
        format!("{era}{n}")
    }
}

/// `令和7年12月`, `令和元年5月`, `平成31年4月`: a calendar month in the era its first day falls in.
pub fn era_month(year: i32, month: u32) -> String {
    format!("{}年{month}月", era_year(year, (year, month) >= (2019, 5)))
}

/// `2023年度 (令和5年度)`.
pub fn label_ja(fy: Fy) -> String {
    format!("{fy}年度（{}）", era_label(fy))
}

/// `FY2023`.
pub fn label_en(fy: Fy) -> String {
    format!("FY{fy}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn fiscal_year_boundaries() {
        let jp = FyStart::default();
        assert_eq!(jp.fy_of(d(2023, 3, 31)), 2022);
        assert_eq!(jp.fy_of(d(2023, 4, 1)), 2023);
        assert_eq!(jp.fy_of(d(2023, 1, 1)), 2022);
        assert_eq!(jp.fy_of(d(2022, 12, 31)), 2022);
        assert_eq!(jp.start_of(2022), d(2022, 4, 1));
        assert_eq!(jp.end_of(2022), d(2023, 3, 31));
        assert_eq!(jp.end_of(2023), d(2024, 3, 31));
    }

    #[test]
    fn other_fiscal_year_starts() {
        let jan = FyStart { month: 1, day: 1 };
        assert_eq!(jan.fy_of(d(2023, 1, 1)), 2023);
        assert_eq!(jan.end_of(2023), d(2023, 12, 31));
        let oct = FyStart { month: 10, day: 1 };
        assert_eq!(oct.fy_of(d(2023, 9, 30)), 2022);
        assert_eq!(oct.fy_of(d(2023, 10, 1)), 2023);
    }

    #[test]
    fn era_labels() {
        assert_eq!(era_label(2019), "令和元年度");
        assert_eq!(era_label(2020), "令和2年度");
        assert_eq!(era_label(2022), "令和4年度");
        assert_eq!(era_label(2024), "令和6年度");
        assert_eq!(era_label(2018), "平成30年度");
        assert_eq!(era_label(1989), "平成元年度");
        assert_eq!(label_ja(2023), "2023年度（令和5年度）");
        assert_eq!(era_month(2025, 12), "令和7年12月");
        assert_eq!(era_month(2019, 5), "令和元年5月");
        assert_eq!(era_month(2019, 4), "平成31年4月");
        assert_eq!(label_en(2023), "FY2023");
    }
}
