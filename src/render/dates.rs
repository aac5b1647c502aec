//! Dates as people read them: 令和6年3月31日 in Japanese output, 2024-03-31 in English, in JSON,
//! in CSV and wherever `--date-style iso` asks for it.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Datelike, NaiveDate};

use crate::i18n::Lang;

/// `--date-style iso`: set once per run, before anything is rendered.
static ISO: AtomicBool = AtomicBool::new(false);

pub fn set_iso(iso: bool) {
    ISO.store(iso, Ordering::Relaxed);
}

/// Whether dates are written in the ISO form for people too.
pub fn iso() -> bool {
    ISO.load(Ordering::Relaxed)
}

/// The first days of the eras a date of the roadmap can fall in, latest first.
const ERAS: [(&str, i32, u32, u32); 2] = [("令和", 2019, 5, 1), ("平成", 1989, 1, 8)];

/// `令和6年3月31日` (`令和元年5月1日` in an era's first year); ISO before 平成.
pub fn japanese(d: NaiveDate) -> String {
    for (era, y, m, day) in ERAS {
        let start = NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN);
        if d >= start {
            let n = d.year() - y + 1;
            let year = if n == 1 {
                "元".to_owned()
            } else {
                n.to_string()
            };
            return format!("{era}{year}年{}月{}日", d.month(), d.day());
        }
    }
    iso_date(d)
}

pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A date for people, in the output's language.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja if !iso() => japanese(d),
        _ => iso_date(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn era_dates_at_their_edges() {
        assert_eq!(japanese(d(2024, 3, 31)), "令和6年3月31日");
        assert_eq!(japanese(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(japanese(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(japanese(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(japanese(d(1989, 1, 7)), "1989-01-07");
        assert_eq!(date(d(2024, 3, 31), Lang::En), "2024-03-31");
    }
}
