//! Values typed on the command line, parsed for clap; a bad value is a usage error (exit 2) whose
//! text comes from the catalog.

use std::sync::atomic::{AtomicU8, Ordering};

use chrono::NaiveDate;

use crate::i18n::{Lang, Msg};
use crate::status::State;

/// The language usage errors are worded in, known before the arguments are parsed (from them,
/// the environment and the plan): set once by `cli::run`.
static LANG: AtomicU8 = AtomicU8::new(0);

pub fn set_lang(lang: Lang) {
    LANG.store(u8::from(lang == Lang::Ja), Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == 1 {
        Lang::Ja
    } else {
        Lang::En
    }
}

fn say(m: Msg) -> String {
    lang().msg(&m)
}

/// `YYYY-MM-DD`, exactly (no spaces, two-digit month and day), in a year the tool accepts.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    let bad = || {
        say(Msg::BadDateArg {
            value: s.to_owned(),
        })
    };
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        // Or as the office dates things: 令和6年3月31日, R6.3.31 — the era says which form it
        // is; a Western date has the one form above (`2024-3-1` is refused).
        let era = crate::input::half_width(s).starts_with(['令', 'R', 'r']);
        return match era.then(|| crate::input::date(s)) {
            Some(Ok(day)) => Ok(day),
            _ => Err(bad()),
        };
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())?;
    if !crate::fy::in_range(chrono::Datelike::year(&date)) {
        return Err(bad());
    }
    Ok(date)
}

/// A fiscal year as its Western start year, within the years the tool accepts; or as `record`
/// reads one (`FY2023`, `2023年度`, `R5`, `令和5年度`).
pub fn fiscal_year(s: &str) -> Result<crate::model::Fy, String> {
    match s.parse() {
        Ok(year) if crate::fy::in_range(year) => Ok(year),
        // A number out of range is said as such, not as a form to be read.
        Ok(_) => Err(say(Msg::BadFyArg {
            value: s.to_owned(),
        })),
        Err(_) => crate::input::fiscal_year(s).map_err(say),
    }
}

/// A group: a 大項目 (`2`), a 中項目 (`2-3`), or any depth of a plan of groups.
pub fn category(s: &str) -> Result<crate::model::ItemId, String> {
    // As an IME types it too: `２-３`.
    crate::model::ItemId::parse_path(&crate::input::half_width(s)).ok_or_else(|| {
        say(Msg::BadCategoryArg {
            value: s.to_owned(),
        })
    })
}

/// An item id as typed, full-width digits and hyphens (an IME's `２－３－２`) as their ASCII.
pub fn item_id(s: &str) -> Result<String, String> {
    Ok(crate::input::half_width(s))
}

/// A note or a reason, which may start with `-` (`-調整中`, `- 4部局が応募`), but not be a long
/// option alone (`--note --dry-run` left the note out: written, it would not be a dry run).
pub fn text(s: &str) -> Result<String, String> {
    let option = s.strip_prefix("--").is_some_and(|name| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .split_once('=')
                .map_or(name, |(n, _)| n)
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if option {
        Err(say(Msg::TextIsAnOption {
            value: s.to_owned(),
        }))
    } else {
        Ok(s.to_owned())
    }
}

/// A theme: `1` or `※1`.
pub fn theme(s: &str) -> Result<u32, String> {
    let typed = crate::input::half_width(s);
    typed.trim_start_matches('※').parse().map_err(|_| {
        say(Msg::BadThemeArg {
            value: s.to_owned(),
        })
    })
}

/// A state, or `overdue`: the two that need an answer (reported late, or past due unreported).
pub fn states(s: &str) -> Result<Vec<State>, String> {
    let s = s.trim();
    if s == "overdue" {
        return Ok(vec![State::Delayed, State::PastDue]);
    }
    // Or a label as the views print it, in either language (`遅延`, `期限超過・未報告`, or the
    // part before its `・`).
    let labelled = State::ALL.into_iter().find(|st| {
        Lang::ALL.iter().any(|l| {
            let label = l.state(*st);
            label == s || label.split('・').next() == Some(s)
        })
    });
    State::parse(s)
        .or(labelled)
        .map(|s| vec![s])
        .ok_or_else(|| {
            // The codes with the labels the views print, so either can be typed next time.
            let l = lang();
            let mut all: Vec<_> = State::ALL
                .iter()
                .map(|s| l.coded(s.as_str(), l.state(*s)))
                .collect();
            all.push(l.coded("overdue", l.t().st_overdue));
            say(Msg::BadStateArg {
                value: s.to_owned(),
                allowed: l.list(&all),
            })
        })
}
