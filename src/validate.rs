//! The semantic rules: what must hold across the parsed roadmap beyond its schema. Every rule adds
//! findings and goes on; nothing stops at the first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Finding};
use crate::model::{Fy, Item, Plan, Roadmap, Sp, Status};

/// Checks the parsed roadmap. `stems` maps each item's path to its file stem; `as_of` is "today".
pub fn check(roadmap: &Roadmap, stems: &HashMap<String, String>, as_of: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let plan = &roadmap.plan;
    check_plan(plan, &mut out);
    let mut seen: HashMap<_, &Item> = HashMap::new();
    for item in &roadmap.items {
        let f = |code, span: &Range<usize>, msg: String| {
            Finding::new(code, &item.path, Some(span.clone()), msg)
        };
        let id = item.id.value;
        if let Some(first) = seen.get(&id) {
            out.push(
                f(
                    Code::DuplicateItem,
                    &item.id.span,
                    format!("item id `{id}` is also used by {}", first.path),
                )
                .with_help(format!(
                    "{} already defines `{id}`; give this item its own id",
                    first.path
                )),
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
                    format!("item id `{id}` does not match the file name `{stem}.toml`"),
                )
                .with_help(format!(
                    "rename the file to `{id}.toml`, or set `id = \"{stem}\"`"
                )),
            );
        }
        if !plan.path.is_empty() {
            match plan.category(id.category) {
                None => out.push(f(
                    Code::UnknownCategory,
                    &item.id.span,
                    format!(
                        "item `{id}`: 大項目 {} is not in {}",
                        id.category, plan.path
                    ),
                )),
                Some(_) if plan.subcategory(id.category, id.subcategory).is_none() => out.push(f(
                    Code::UnknownCategory,
                    &item.id.span,
                    format!(
                        "item `{id}`: 中項目 ({}) of 大項目 {} is not in {}",
                        id.subcategory, id.category, plan.path
                    ),
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
                    format!("theme {} is not defined in {}", theme.value, plan.path),
                ));
            }
            if !themes.insert(theme.value) {
                out.push(f(
                    Code::DuplicateTheme,
                    &theme.span,
                    format!("theme {} is listed twice", theme.value),
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
    let f = |code, span: &Range<usize>, msg: String| {
        Finding::new(code, &plan.path, Some(span.clone()), msg)
    };
    // A missing or unreadable year is reported by the parser (its span is empty); comparing its
    // placeholder would only add noise.
    let known = |y: &Sp<Fy>| !y.span.is_empty();
    if known(&p.first_fy) && known(&p.last_fy) && p.first_fy.value > p.last_fy.value {
        out.push(f(
            Code::BadPeriod,
            &p.last_fy.span,
            format!(
                "period.last_fy ({}) is before period.first_fy ({})",
                p.last_fy.value, p.first_fy.value
            ),
        ));
    }
    if known(&p.latest_fy) && known(&p.last_fy) && p.latest_fy.value < p.last_fy.value {
        out.push(f(
            Code::BadPeriod,
            &p.latest_fy.span,
            format!(
                "period.latest_fy ({}) is before period.last_fy ({})",
                p.latest_fy.value, p.last_fy.value
            ),
        ));
    }
    non_empty(&plan.path, "title", &plan.title, out);
    let mut categories = HashSet::new();
    for c in &plan.categories {
        if !categories.insert(c.number.value) {
            out.push(f(
                Code::DuplicatePlanEntry,
                &c.number.span,
                format!("大項目 {} is defined twice", c.number.value),
            ));
        }
        non_empty(&plan.path, "categories.title", &c.title, out);
        let mut subs = HashSet::new();
        for s in &c.subcategories {
            if !subs.insert(s.number.value) {
                out.push(f(
                    Code::DuplicatePlanEntry,
                    &s.number.span,
                    format!(
                        "中項目 ({}) of 大項目 {} is defined twice",
                        s.number.value, c.number.value
                    ),
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
                format!("theme {} is defined twice", t.id.value),
            ));
        }
        non_empty(&plan.path, "themes.title", &t.title, out);
    }
}

fn check_milestones(plan: &Plan, item: &Item, as_of: NaiveDate, out: &mut Vec<Finding>) {
    let f = |code, span: &Range<usize>, msg: String| {
        Finding::new(code, &item.path, Some(span.clone()), msg)
    };
    let mut ids = HashSet::new();
    for m in &item.milestones {
        let mid = &m.id.value;
        if !ids.insert(mid.as_str()) {
            out.push(f(
                Code::DuplicateMilestone,
                &m.id.span,
                format!("milestone id `{mid}` is used twice in this item"),
            ));
        }
        non_empty(&item.path, "text", &m.text, out);
        if period_usable(plan) {
            for (key, year) in [("from", &m.from), ("to", &m.to)] {
                fy_in_range(
                    plan,
                    &item.path,
                    &format!("milestone `{mid}`: `{key}`"),
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
                format!(
                    "milestone `{mid}` ends (to = {}) before it starts (from = {})",
                    m.to.value, m.from.value
                ),
            ));
        }
        match (m.status.value, &m.done_on) {
            (Status::Done, None) => out.push(f(
                Code::DoneWithoutDate,
                &m.status.span,
                format!("milestone `{mid}` is done but has no `done_on`"),
            )),
            (Status::Done, Some(_)) => {}
            (status, Some(d)) => out.push(f(
                Code::DateWithoutDone,
                &d.span,
                format!(
                    "milestone `{mid}` has `done_on` but its status is `{}`",
                    status.as_str()
                ),
            )),
            (_, None) => {}
        }
        if let Some(d) = &m.done_on
            && d.value > as_of
        {
            out.push(f(
                Code::DoneInFuture,
                &d.span,
                format!(
                    "milestone `{mid}` is done on {}, after the as-of date {as_of}",
                    d.value
                ),
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
                format!("indicator id `{iid}` is used twice in this item"),
            ));
        }
        non_empty(&item.path, "name", &i.name, out);
        for (kind, values) in [("targets", &i.targets), ("actuals", &i.actuals)] {
            for (year, value) in values {
                if period_usable(plan) {
                    let at = Sp::new(*year, value.span.clone());
                    let what = format!("indicator `{iid}`: `{kind}.{year}`");
                    fy_in_range(
                        plan,
                        &item.path,
                        &what,
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
                        format!(
                            "indicator `{iid}`: `{kind}.{year}` is {} %, outside 0–100",
                            value.value
                        ),
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
    what: &str,
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
            format!(
                "{what} is FY{}, before the plan starts (FY{})",
                year.value, p.first_fy.value
            ),
        ));
    } else if year.value > p.latest_fy.value {
        out.push(Finding::new(
            after,
            path,
            Some(year.span.clone()),
            format!(
                "{what} is FY{}, after the latest FY the plan allows (FY{})",
                year.value, p.latest_fy.value
            ),
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
            format!("`{key}` is empty"),
        ));
    }
}
