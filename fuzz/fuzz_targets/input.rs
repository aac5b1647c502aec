//! The value parsers of `roadmap record` and `roadmap import` (src/input.rs): fiscal years,
//! dates and numbers with units, as people type them. The input is `UNIT\nTEXT` (or just TEXT).
//! Properties: no panic; what is accepted lies in the tool's year range, is finite, and reads back
//! the same from its canonical form (a FY as `2023`, a date as `2023-03-10`, a number as Rust
//! prints it).
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use roadmap::input::{date, fiscal_year, half_width, number};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let (unit, typed) = s.split_once('\n').unwrap_or(("", s));
    let _ = half_width(typed);
    if let Ok(fy) = fiscal_year(typed) {
        assert!(roadmap::fy::in_range(fy), "{typed:?} gave FY {fy}");
        assert_eq!(fiscal_year(&fy.to_string()).ok(), Some(fy), "{typed:?}");
    }
    if let Ok(day) = date(typed) {
        assert!(roadmap::fy::in_range(day.year()), "{typed:?} gave {day}");
        let canonical = day.format("%Y-%m-%d").to_string();
        assert_eq!(date(&canonical).ok(), Some(day), "{typed:?}");
    }
    for unit in [None, Some(unit)] {
        if let Ok(v) = number(typed, unit) {
            assert!(v.is_finite(), "{typed:?} gave {v}");
            assert_eq!(number(&v.to_string(), None).ok(), Some(v), "{typed:?}");
        }
    }
});
