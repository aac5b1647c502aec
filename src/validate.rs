//! The semantic rules: what must hold across the parsed roadmap beyond its schema. Every rule adds
//! findings and goes on; nothing stops at the first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Finding};
use crate::i18n::{Msg, Subject};
use crate::model::{Fy, Item, Plan, Roadmap, Sp, Status};

/// Checks the parsed roadmap. `stems` maps each item's path to its file stem; `as_of` is "today".
pub fn check(roadmap: &Roadmap, stems: &HashMap<String, String>, as_of: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let plan = &roadmap.plan;
    check_plan(plan, &mut out);
    let mut seen: HashMap<_, &Item> = HashMap::new();
    for item in &roadmap.items {
        let f = |code, span: &Range<usize>, msg: Msg| {
            Finding::new(code, &item.path, Some(span.clone()), msg)
        };
        let id = item.id.value;
        let sid = id.to_string();
        if let Some(first) = seen.get(&id) {
            out.push(
                f(
                    Code::DuplicateItem,
                    &item.id.span,
                    Msg::DuplicateItem {
                        id: sid.clone(),
                        other: first.path.clone(),
                    },
                )
                .with_help(Msg::DuplicateItemHelp {
                    id: sid.clone(),
                    other: first.path.clone(),
                }),
            );
        } else {
            seen.insert(id, item);
        }
        if let Some(stem) = stems.get(&item.path)
            && *stem != id.to_string()
        {
            out.push(
                f(
                    Code::StemMismatch,
                    &item.id.span,
                    Msg::StemMismatch {
                        id: sid.clone(),
                        stem: stem.clone(),
                    },
                )
                .with_help(Msg::StemMismatchHelp {
                    id: sid.clone(),
                    stem: stem.clone(),
                }),
            );
        }
        if !plan.path.is_empty() {
            match plan.category(id.category) {
                None => out.push(f(
                    Code::UnknownCategory,
                    &item.id.span,
                    Msg::UnknownCategory {
                        id: sid.clone(),
                        category: id.category,
                        plan: plan.path.clone(),
                    },
                )),
                Some(_) if plan.subcategory(id.category, id.subcategory).is_none() => out.push(f(
                    Code::UnknownCategory,
                    &item.id.span,
                    Msg::UnknownSubcategory {
                        id: sid.clone(),
                        category: id.category,
                        subcategory: id.subcategory,
                        plan: plan.path.clone(),
                    },
                )),
                Some(_) => {}
            }
        }
        non_empty(&item.path, "title", &item.title, &mut out);
        let mut themes = HashSet::new();
        for theme in &item.themes {
            if !plan.path.is_empty() && plan.theme(theme.value).is_none() {
                out.push(f(
                    Code::UnknownTheme,
                    &theme.span,
                    Msg::UnknownTheme {
                        theme: theme.value,
                        plan: plan.path.clone(),
                    },
                ));
            }
            if !themes.insert(theme.value) {
                out.push(f(
                    Code::DuplicateTheme,
                    &theme.span,
                    Msg::ThemeListedTwice { theme: theme.value },
                ));
            }
        }
        // RM216 (schedule vs milestones) is checked by the parser, which sees milestones that
        // did not parse.
        check_milestones(plan, item, as_of, &mut out);
        check_indicators(plan, item, &mut out);
    }
    out
}

fn check_plan(plan: &Plan, out: &mut Vec<Finding>) {
    if plan.path.is_empty() {
        return;
    }
    let p = &plan.period;
    let f = |code, span: &Range<usize>, msg: Msg| {
        Finding::new(code, &plan.path, Some(span.clone()), msg)
    };
    // A missing or unreadable year is reported by the parser (its span is empty); comparing its
    // placeholder would only add noise.
    let known = |y: &Sp<Fy>| !y.span.is_empty();
    if known(&p.first_fy) && known(&p.last_fy) && p.first_fy.value > p.last_fy.value {
        out.push(f(
            Code::BadPeriod,
            &p.last_fy.span,
            Msg::LastBeforeFirst {
                last: p.last_fy.value,
                first: p.first_fy.value,
            },
        ));
    }
    if known(&p.latest_fy) && known(&p.last_fy) && p.latest_fy.value < p.last_fy.value {
        out.push(f(
            Code::BadPeriod,
            &p.latest_fy.span,
            Msg::LatestBeforeLast {
                latest: p.latest_fy.value,
                last: p.last_fy.value,
            },
        ));
    }
    non_empty(&plan.path, "title", &plan.title, out);
    let mut categories = HashSet::new();
    for c in &plan.categories {
        if !categories.insert(c.number.value) {
            out.push(f(
                Code::DuplicatePlanEntry,
                &c.number.span,
                Msg::CategoryTwice {
                    category: c.number.value,
                },
            ));
        }
        non_empty(&plan.path, "categories.title", &c.title, out);
        let mut subs = HashSet::new();
        for s in &c.subcategories {
            if !subs.insert(s.number.value) {
                out.push(f(
                    Code::DuplicatePlanEntry,
                    &s.number.span,
                    Msg::SubcategoryTwice {
                        category: c.number.value,
                        subcategory: s.number.value,
                    },
                ));
            }
            non_empty(&plan.path, "subcategories.title", &s.title, out);
        }
    }
    let mut themes = HashSet::new();
    for t in &plan.themes {
        if !themes.insert(t.id.value) {
            out.push(f(
                Code::DuplicatePlanEntry,
                &t.id.span,
                Msg::ThemeDefinedTwice { theme: t.id.value },
            ));
        }
        non_empty(&plan.path, "themes.title", &t.title, out);
    }
}

fn check_milestones(plan: &Plan, item: &Item, as_of: NaiveDate, out: &mut Vec<Finding>) {
    let f = |code, span: &Range<usize>, msg: Msg| {
        Finding::new(code, &item.path, Some(span.clone()), msg)
    };
    let mut ids = HashSet::new();
    for m in &item.milestones {
        let mid = &m.id.value;
        if !ids.insert(mid.as_str()) {
            out.push(f(
                Code::DuplicateMilestone,
                &m.id.span,
                Msg::MilestoneTwice { id: mid.clone() },
            ));
        }
        non_empty(&item.path, "text", &m.text, out);
        if period_usable(plan) {
            for (key, year) in [("from", &m.from), ("to", &m.to)] {
                fy_in_range(
                    plan,
                    &item.path,
                    Subject::Milestone {
                        id: mid.clone(),
                        key,
                    },
                    year,
                    Code::BeforePlan,
                    Code::AfterPlan,
                    out,
                );
            }
        }
        if m.from.value > m.to.value {
            out.push(f(
                Code::FromAfterTo,
                &m.to.span,
                Msg::FromAfterTo {
                    id: mid.clone(),
                    from: m.from.value,
                    to: m.to.value,
                },
            ));
        }
        match (m.status.value, &m.done_on) {
            (Status::Done, None) => out.push(f(
                Code::DoneWithoutDate,
                &m.status.span,
                Msg::DoneWithoutDate { id: mid.clone() },
            )),
            (Status::Done, Some(_)) => {}
            (status, Some(d)) => out.push(f(
                Code::DateWithoutDone,
                &d.span,
                Msg::DateWithoutDone {
                    id: mid.clone(),
                    status: status.as_str().to_owned(),
                },
            )),
            (_, None) => {}
        }
        if let Some(d) = &m.done_on
            && d.value > as_of
        {
            out.push(f(
                Code::DoneInFuture,
                &d.span,
                Msg::DoneInFuture {
                    id: mid.clone(),
                    date: d.value.to_string(),
                    today: as_of.to_string(),
                },
            ));
        }
    }
}

fn check_indicators(plan: &Plan, item: &Item, out: &mut Vec<Finding>) {
    let mut ids = HashSet::new();
    for i in &item.indicators {
        let iid = &i.id.value;
        if !ids.insert(iid.as_str()) {
            out.push(Finding::new(
                Code::DuplicateIndicator,
                &item.path,
                Some(i.id.span.clone()),
                Msg::IndicatorTwice { id: iid.clone() },
            ));
        }
        non_empty(&item.path, "name", &i.name, out);
        for (kind, values) in [("targets", &i.targets), ("actuals", &i.actuals)] {
            for (year, value) in values {
                if period_usable(plan) {
                    let at = Sp::new(*year, value.span.clone());
                    let what = Subject::Indicator {
                        id: iid.clone(),
                        key: format!("{kind}.{year}"),
                    };
                    fy_in_range(
                        plan,
                        &item.path,
                        what,
                        &at,
                        Code::IndicatorFy,
                        Code::IndicatorFy,
                        out,
                    );
                }
                if i.is_percentage() && !(0.0..=100.0).contains(&value.value) {
                    out.push(Finding::new(
                        Code::Percentage,
                        &item.path,
                        Some(value.span.clone()),
                        Msg::Percentage {
                            id: iid.clone(),
                            key: format!("{kind}.{year}"),
                            value: value.value.to_string(),
                        },
                    ));
                }
            }
        }
    }
}

/// Whether the plan period can judge fiscal years: all three years read, and in order. A bad
/// period is reported once (RM218, or by the parser), not again for every milestone.
fn period_usable(plan: &Plan) -> bool {
    let p = &plan.period;
    !plan.path.is_empty()
        && [&p.first_fy, &p.last_fy, &p.latest_fy]
            .iter()
            .all(|y| !y.span.is_empty())
        && p.first_fy.value <= p.last_fy.value
        && p.last_fy.value <= p.latest_fy.value
}

fn fy_in_range(
    plan: &Plan,
    path: &str,
    what: Subject,
    year: &Sp<Fy>,
    before: Code,
    after: Code,
    out: &mut Vec<Finding>,
) {
    let p = &plan.period;
    if year.value < p.first_fy.value {
        out.push(Finding::new(
            before,
            path,
            Some(year.span.clone()),
            Msg::BeforePlan {
                subject: what,
                fy: year.value,
                first: p.first_fy.value,
            },
        ));
    } else if year.value > p.latest_fy.value {
        out.push(Finding::new(
            after,
            path,
            Some(year.span.clone()),
            Msg::AfterPlan {
                subject: what,
                fy: year.value,
                latest: p.latest_fy.value,
            },
        ));
    }
}

fn non_empty(path: &str, key: &str, value: &Sp<String>, out: &mut Vec<Finding>) {
    // Missing keys are reported by the parser with an empty span; only flag text that is there.
    if value.value.trim().is_empty() && !value.span.is_empty() {
        out.push(Finding::new(
            Code::EmptyText,
            path,
            Some(value.span.clone()),
            Msg::EmptyText {
                key: key.to_owned(),
            },
        ));
    }
}
