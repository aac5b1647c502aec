//! The semantic rules: what must hold across the parsed roadmap beyond its schema. Every rule adds
//! findings and goes on; nothing stops at the first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Finding};
use crate::i18n::{Msg, Subject};
use crate::model::{
    Fy, IndicatorKind, Item, Milestone, Plan, Reported, Roadmap, Series, SeriesKind, Sp, Val,
};

/// Checks the parsed roadmap (each item's file name is checked as it is parsed, by
/// [`check_stem`]); nothing can be reported after `today`.
pub fn check(roadmap: &Roadmap, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    check_references(roadmap, &mut out);
    let plan = &roadmap.plan;
    check_plan(plan, &mut out);
    let mut seen: HashMap<_, &Item> = HashMap::new();
    for item in &roadmap.items {
        let id = item.id.value;
        match seen.get(&id) {
            Some(first) => {
                let sid = id.to_string();
                out.push(
                    Finding::new(
                        Code::DuplicateItem,
                        &item.path,
                        Some(item.id.span()),
                        Msg::DuplicateItem {
                            id: sid.clone(),
                            other: first.path.clone(),
                        },
                    )
                    .with_help(Msg::DuplicateItemHelp {
                        id: sid,
                        other: first.path.clone(),
                    }),
                );
            }
            None => {
                seen.insert(id, item);
            }
        }
    }
    // An item's own rules need nothing of the others: checked on all cores.
    let items: Vec<&Item> = roadmap.items.iter().collect();
    let per_item = crate::par::map(items, |item| {
        let mut out = Vec::new();
        check_item(plan, item, today, &mut out);
        out
    });
    out.extend(per_item.into_iter().flatten());
    out
}

/// An item's id must be its file's name (`items/<id>.toml`, RM202): an item's history is its
/// file's. Checked as each file is parsed, where its name is at hand.
pub fn check_stem(item: &Item, stem: &str) -> Option<Finding> {
    let id = item.id.value;
    // Ids are written one way (no sign, no leading zero): parsing the stem compares the texts.
    (crate::model::ItemId::parse_path(stem) != Some(id)).then(|| {
        Finding::new(
            Code::StemMismatch,
            &item.path,
            Some(item.id.span()),
            Msg::StemMismatch {
                id: id.to_string(),
                stem: stem.to_owned(),
            },
        )
        .with_help(Msg::StemMismatchHelp {
            id: id.to_string(),
            stem: stem.to_owned(),
        })
    })
}

/// The rules about one item alone: its groups in the plan, its texts, themes,
/// milestones and indicators.
fn check_item(plan: &Plan, item: &Item, today: NaiveDate, out: &mut Vec<Finding>) {
    let f = |code, span: &Range<usize>, msg: Msg| {
        Finding::new(code, &item.path, Some(span.clone()), msg)
    };
    let id = item.id.value;
    // The id as text only for a finding: made for every item, it was a tenth of the check.
    let sid = || id.to_string();
    if !plan.path.is_empty() && !plan.groups.is_empty() {
        // A plan of groups: every group the id passes through is defined.
        if let Some(group) = id.ancestors().find(|g| plan.group(*g).is_none()) {
            out.push(f(
                Code::UnknownCategory,
                &item.id.span(),
                Msg::UnknownGroup {
                    id: sid(),
                    group: group.to_string(),
                    plan: plan.path.clone(),
                },
            ));
        }
    } else if !plan.path.is_empty() && id.depth() != 3 {
        // 大項目/中項目 name items <大>-<中>-<小>.
        out.push(f(
            Code::InvalidValue,
            &item.id.span(),
            Msg::BadItemId { id: sid() },
        ));
    } else if !plan.path.is_empty() {
        match plan.category(id.category()) {
            None => out.push(f(
                Code::UnknownCategory,
                &item.id.span(),
                Msg::UnknownCategory {
                    id: sid(),
                    category: id.category(),
                    plan: plan.path.clone(),
                },
            )),
            Some(_) if plan.subcategory(id.category(), id.subcategory()).is_none() => out.push(f(
                Code::UnknownCategory,
                &item.id.span(),
                Msg::UnknownSubcategory {
                    id: sid(),
                    category: id.category(),
                    subcategory: id.subcategory(),
                    plan: plan.path.clone(),
                },
            )),
            Some(_) => {}
        }
    }
    non_empty(&item.path, "title", &item.title, out);
    let mut themes = HashSet::new();
    for theme in &item.themes {
        if !plan.path.is_empty() && plan.theme(theme.value).is_none() {
            out.push(f(
                Code::UnknownTheme,
                &theme.span(),
                Msg::UnknownTheme {
                    theme: theme.value,
                    plan: plan.path.clone(),
                },
            ));
        }
        if !themes.insert(theme.value) {
            out.push(f(
                Code::DuplicateTheme,
                &theme.span(),
                Msg::ThemeListedTwice { theme: theme.value },
            ));
        }
    }
    // RM216 (schedule vs milestones) is checked by the parser, which sees milestones that
    // did not parse.
    check_milestones(plan, item, today, out);
    check_stale(plan, item, today, out);
    check_indicators(plan, item, out);
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
    let known = |y: &Sp<Fy>| !y.span().is_empty();
    if known(&p.first_fy) && known(&p.last_fy) && p.first_fy.value > p.last_fy.value {
        out.push(f(
            Code::BadPeriod,
            &p.last_fy.span(),
            Msg::LastBeforeFirst {
                last: p.last_fy.value,
                first: p.first_fy.value,
            },
        ));
    }
    if known(&p.latest_fy) && known(&p.last_fy) && p.latest_fy.value < p.last_fy.value {
        out.push(f(
            Code::BadPeriod,
            &p.latest_fy.span(),
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
                &c.number.span(),
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
                    &s.number.span(),
                    Msg::SubcategoryTwice {
                        category: c.number.value,
                        subcategory: s.number.value,
                    },
                ));
            }
            non_empty(&plan.path, "subcategories.title", &s.title, out);
        }
    }
    let mut groups = HashSet::new();
    for g in &plan.groups {
        let id = g.id.value;
        if !groups.insert(id) {
            out.push(f(
                Code::DuplicatePlanEntry,
                &g.id.span(),
                Msg::GroupTwice { id: id.to_string() },
            ));
        }
        if id.depth() > 1 && !plan.groups.iter().any(|p| p.id.value == id.parent()) {
            out.push(f(
                Code::UnknownCategory,
                &g.id.span(),
                Msg::GroupWithoutParent {
                    id: id.to_string(),
                    parent: id.parent().to_string(),
                },
            ));
        }
        non_empty(&plan.path, "groups.title", &g.title, out);
    }
    // Columns run in order: each covers FYs after the one before.
    let mut last: Option<Fy> = None;
    for c in &p.columns {
        let from = c.from.as_ref().map(|f| f.value);
        let bad = from.is_some_and(|f| f > c.to.value)
            || last.is_some_and(|l| from.unwrap_or(Fy::MIN) <= l)
            || (c.before && last.is_some());
        if bad {
            out.push(f(
                Code::BadPeriod,
                &c.label.span(),
                Msg::ColumnOrder {
                    label: c.label.value.clone(),
                },
            ));
        }
        last = Some(c.to.value);
    }
    // A phase is drawn over the columns: it runs forwards, within the FYs the table has.
    let (first, latest) = (p.first_fy.value, p.latest_fy.value.max(p.last_fy.value));
    for ph in &p.phases {
        let (from, to) = (ph.from.value, ph.to.value);
        if from > to || from < first || to > latest {
            let span = if from > to || from < first {
                &ph.from.span()
            } else {
                &ph.to.span()
            };
            out.push(f(
                Code::BadPhase,
                span,
                Msg::PhaseOutside {
                    name: ph.name.value.clone(),
                    from,
                    to,
                    first,
                    latest,
                },
            ));
        }
    }
    let mut themes = HashSet::new();
    for t in &plan.themes {
        if !themes.insert(t.id.value) {
            out.push(f(
                Code::DuplicatePlanEntry,
                &t.id.span(),
                Msg::ThemeDefinedTwice { theme: t.id.value },
            ));
        }
        non_empty(&plan.path, "themes.title", &t.title, out);
    }
}

fn check_milestones(plan: &Plan, item: &Item, today: NaiveDate, out: &mut Vec<Finding>) {
    let f = |code, span: &Range<usize>, msg: Msg| {
        Finding::new(code, &item.path, Some(span.clone()), msg)
    };
    let mut ids = HashSet::new();
    for m in &item.milestones {
        let mid = &m.id.value;
        if !ids.insert(mid.as_str()) {
            out.push(f(
                Code::DuplicateMilestone,
                &m.id.span(),
                Msg::MilestoneTwice { id: mid.clone() },
            ));
        }
        non_empty(&item.path, "text", &m.text, out);
        // A `to` the file leaves out (an event, an open end) has no text to point at.
        let mut years: Vec<(&'static str, &Sp<Fy>)> = vec![("from", &m.from)];
        if !m.to.span().is_empty() {
            years.push(("to", &m.to));
        }
        for c in &m.changes {
            years.extend(c.from.iter().map(|y| ("changes.from", y)));
            years.extend(c.to.iter().map(|y| ("changes.to", y)));
        }
        if period_usable(plan) {
            for (key, year) in years {
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
                &m.to.span(),
                Msg::FromAfterTo {
                    id: mid.clone(),
                    from: m.from.value,
                    to: m.to.value,
                },
            ));
        }
        // Each change must leave a schedule that ends after it starts.
        let mut changes: Vec<_> = m.changes.iter().collect();
        changes.sort_by_key(|c| c.on.value);
        for c in changes {
            let (from, to) = m.schedule_on(c.on.value);
            if from > to {
                let span =
                    (c.to.as_ref().or(c.from.as_ref())).map_or_else(|| c.on.span(), Sp::span);
                out.push(f(
                    Code::FromAfterTo,
                    &span,
                    Msg::FromAfterTo {
                        id: mid.clone(),
                        from,
                        to,
                    },
                ));
            }
            if c.from.is_none() && c.to.is_none() {
                out.push(f(
                    Code::MissingKey,
                    &c.on.span(),
                    Msg::ChangeMovesNothing { id: mid.clone() },
                ));
            }
            non_empty(&item.path, "changes.reason", &c.reason, out);
        }
        for d in m
            .changes
            .iter()
            .map(|c| &c.on)
            .chain(m.reports.iter().map(|r| &r.on))
        {
            if d.value > today {
                out.push(f(
                    Code::AfterToday,
                    &d.span(),
                    Msg::AfterToday {
                        id: mid.clone(),
                        date: d.value.to_string(),
                        today,
                    },
                ));
            }
        }
        check_reports(m, &item.path, out);
    }
}

/// A report's reason and round: a delay or a drop says why; a 毎年度 milestone's completion names
/// its round, and only 毎年度 milestones have rounds.
fn check_reports(m: &Milestone, path: &str, out: &mut Vec<Finding>) {
    let f = |code, span: &Range<usize>, msg: Msg| Finding::new(code, path, Some(span.clone()), msg);
    let mid = &m.id.value;
    // Rounds run over every schedule the milestone had.
    let first = m
        .changes
        .iter()
        .filter_map(|c| c.from.as_ref())
        .map(|y| y.value);
    let last = m
        .changes
        .iter()
        .filter_map(|c| c.to.as_ref())
        .map(|y| y.value);
    let rounds = first.chain([m.from.value]).min().unwrap_or(m.from.value)
        ..=last.chain([m.to.value]).max().unwrap_or(m.to.value);
    for r in &m.reports {
        if let Some(status) = &r.status
            && status.value.needs_reason()
            && r.reason.as_ref().is_none_or(|t| t.value.trim().is_empty())
        {
            out.push(f(
                Code::NeedsReason,
                &status.span(),
                Msg::NeedsReason {
                    id: mid.clone(),
                    status: status.value.as_str().to_owned(),
                },
            ));
        }
        match (&r.fy, m.every_year) {
            (Some(fy), false) => out.push(f(
                Code::RoundFy,
                &fy.span(),
                Msg::RoundOnOnce { id: mid.clone() },
            )),
            (Some(fy), true) if !rounds.contains(&fy.value) => out.push(f(
                Code::RoundFy,
                &fy.span(),
                Msg::RoundOutside {
                    id: mid.clone(),
                    fy: fy.value,
                    from: *rounds.start(),
                    to: *rounds.end(),
                },
            )),
            (None, true) => {
                if let Some(status) = r.status.as_ref().filter(|s| s.value == Reported::Done) {
                    out.push(f(
                        Code::RoundFy,
                        &status.span(),
                        Msg::RoundMissing { id: mid.clone() },
                    ));
                }
            }
            _ => {}
        }
    }
}

/// With a reporting cycle, an item with a published schedule and no report for longer than the
/// cycle is stale (a warning, so that `validate --strict` can enforce the cycle).
fn check_stale(plan: &Plan, item: &Item, today: NaiveDate, out: &mut Vec<Finding>) {
    let Some(months) = &plan.report_every_months else {
        return;
    };
    if item.schedule.value != crate::model::Schedule::Published || item.milestones.is_empty() {
        return;
    }
    let last = crate::status::last_report(item, today);
    let since = last.or_else(|| plan.published.as_ref().map(|p| p.value));
    let Some(since) = since else { return };
    let due = since
        .checked_add_months(chrono::Months::new(months.value))
        .unwrap_or(NaiveDate::MAX);
    if today > due {
        out.push(Finding::new(
            Code::StaleItem,
            &item.path,
            Some(item.id.span()),
            Msg::StaleItem {
                id: item.id.value.to_string(),
                last,
                months: months.value,
            },
        ));
    }
}

fn check_indicators(plan: &Plan, item: &Item, out: &mut Vec<Finding>) {
    let f = |code, span: &Range<usize>, msg: Msg| {
        Finding::new(code, &item.path, Some(span.clone()), msg)
    };
    let mut ids = HashSet::new();
    for i in &item.indicators {
        let iid = &i.id.value;
        if !ids.insert(iid.as_str()) {
            out.push(f(
                Code::DuplicateIndicator,
                &i.id.span(),
                Msg::IndicatorTwice { id: iid.clone() },
            ));
        }
        non_empty(&item.path, "name", &i.name, out);
        match (i.kind.value, i.series.is_empty()) {
            (IndicatorKind::Implementation, false) => out.push(f(
                Code::ValueKind,
                &i.kind.span(),
                Msg::ImplementationWithSeries { id: iid.clone() },
            )),
            (IndicatorKind::Measure, true) => out.push(f(
                Code::ValueKind,
                &i.id.span(),
                Msg::MeasureWithoutSeries { id: iid.clone() },
            )),
            _ => {}
        }
        let mut series_ids = HashSet::new();
        for s in &i.series {
            let sid = format!("{iid}.{}", s.id.value);
            if !series_ids.insert(s.id.value.as_str()) {
                out.push(f(
                    Code::DuplicateIndicator,
                    &s.id.span(),
                    Msg::IndicatorTwice { id: sid.clone() },
                ));
            }
            check_series(plan, &item.path, &sid, s, out);
        }
    }
}

fn check_series(plan: &Plan, path: &str, sid: &str, s: &Series, out: &mut Vec<Finding>) {
    let f = |code, span: &Range<usize>, msg: Msg| Finding::new(code, path, Some(span.clone()), msg);
    non_empty(path, "series.name", &s.name, out);
    let percent = |key: String, v: f64, span: &Range<usize>, out: &mut Vec<Finding>| {
        if s.is_percentage() && !(0.0..=100.0).contains(&v) {
            out.push(f(
                Code::Percentage,
                span,
                Msg::Percentage {
                    id: sid.to_owned(),
                    key,
                    value: v.to_string(),
                },
            ));
        }
    };
    let in_plan = |key: String, year: &Sp<Fy>, out: &mut Vec<Finding>| {
        if period_usable(plan) {
            let what = Subject::Indicator {
                id: sid.to_owned(),
                key,
            };
            fy_in_range(
                plan,
                path,
                what,
                year,
                Code::IndicatorFy,
                Code::IndicatorFy,
                out,
            );
        }
    };
    for (year, value) in &s.targets {
        let key = format!("targets.{year}");
        in_plan(key.clone(), &Sp::new(*year, value.span()), out);
        percent(key, value.value, &value.span(), out);
    }
    if let Some(b) = &s.baseline {
        // A baseline may precede the plan (it is often the year before), not follow it.
        if period_usable(plan) && b.fy.value > plan.period.last_fy.value {
            out.push(f(
                Code::IndicatorFy,
                &b.fy.span(),
                Msg::BaselineAfterPlan {
                    id: sid.to_owned(),
                    fy: b.fy.value,
                    last: plan.period.last_fy.value,
                },
            ));
        }
        percent("baseline".into(), b.value.value, &b.value.span(), out);
    }
    let mut seen = HashSet::new();
    for v in &s.values {
        let key = format!("values.{}", v.fy.value);
        in_plan(key.clone(), &v.fy, out);
        if !seen.insert(v.fy.value) {
            out.push(f(
                Code::ValueKind,
                &v.fy.span(),
                Msg::ValueTwice {
                    id: sid.to_owned(),
                    fy: v.fy.value,
                },
            ));
        }
        match (&v.value.value, s.kind.value) {
            (Val::Number(n), SeriesKind::Number) => percent(key, *n, &v.value.span(), out),
            (Val::Text(_), SeriesKind::Text) => {}
            (Val::Number(_), SeriesKind::Text) | (Val::Text(_), SeriesKind::Number) => {
                let mut finding = f(
                    Code::ValueKind,
                    &v.value.span(),
                    Msg::ValueOfKind {
                        id: sid.to_owned(),
                        text: s.kind.value == SeriesKind::Text,
                    },
                );
                // A number written as text the way people type it (`"1,200"`): how to write it.
                if let Val::Text(t) = &v.value.value
                    && let Ok(n) =
                        crate::input::number(t, s.unit.as_ref().map(|u| u.value.as_str()))
                {
                    finding = finding
                        .with_help(Msg::write_as(format!("\"{t}\""), crate::text::number(n)));
                }
                out.push(finding);
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
            .all(|y| !y.span().is_empty())
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
    if let Some(first) = p.earliest_fy()
        && year.value < first
    {
        out.push(Finding::new(
            before,
            path,
            Some(year.span()),
            Msg::BeforePlan {
                subject: what,
                fy: year.value,
                first,
            },
        ));
    } else if year.value > p.latest_fy.value {
        out.push(Finding::new(
            after,
            path,
            Some(year.span()),
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
    if value.value.trim().is_empty() && !value.span().is_empty() {
        out.push(Finding::new(
            Code::EmptyText,
            path,
            Some(value.span()),
            Msg::EmptyText {
                key: key.to_owned(),
            },
        ));
    }
}

/// `after`, `event_of` and `restates` name milestones that exist; a 再掲 carries no records of its
/// own and restates an original; `after` never comes back to where it started.
fn check_references(roadmap: &Roadmap, out: &mut Vec<Finding>) {
    let any = roadmap
        .items
        .iter()
        .flat_map(|i| &i.milestones)
        .any(|m| !m.after.is_empty() || m.event_of.is_some() || m.restates.is_some());
    if !any {
        return;
    }
    let targets = crate::status::Targets::of_all(roadmap);
    let key_of = |item: &Item, r: &str| match r.contains('/') {
        true => r.to_owned(),
        false => format!("{}/{r}", item.id.value),
    };
    for item in &roadmap.items {
        for m in &item.milestones {
            let refs = m
                .after
                .iter()
                .map(|a| ("after", a))
                .chain(m.event_of.as_deref().map(|e| ("event_of", e)))
                .chain(m.restates.as_deref().map(|r| ("restates", r)));
            for (key, target) in refs {
                let found = targets.get(item, target);
                if found.is_none() {
                    out.push(
                        Finding::new(
                            Code::UnknownTarget,
                            &item.path,
                            Some(target.span()),
                            Msg::UnknownTarget {
                                key: format!("milestones.{key}"),
                                target: target.value.clone(),
                            },
                        )
                        .with_help(Msg::UnknownTargetHelp),
                    );
                }
            }
            if let Some(r) = &m.restates {
                let chained = targets
                    .get(item, r)
                    .is_some_and(|(_, o)| o.restates.is_some());
                if chained || !m.reports.is_empty() || !m.changes.is_empty() {
                    out.push(Finding::new(
                        Code::Restatement,
                        &item.path,
                        Some(r.span()),
                        Msg::RestatementTracked {
                            id: m.id.value.clone(),
                        },
                    ));
                }
            }
        }
    }
    // Cycles of `after`: a depth-first walk, each milestone finished once.
    let mut state: HashMap<String, u8> = HashMap::new();
    for item in &roadmap.items {
        for m in &item.milestones {
            let start = key_of(item, &m.id.value);
            if state.contains_key(&start) {
                continue;
            }
            let mut stack: Vec<(String, usize)> = vec![(start.clone(), 0)];
            state.insert(start, 1);
            while let Some((node, next)) = stack.last().cloned() {
                let Some((owner, ms)) = targets.get_key(&node) else {
                    stack.pop();
                    continue;
                };
                match ms.after.get(next) {
                    None => {
                        state.insert(node, 2);
                        stack.pop();
                    }
                    Some(a) => {
                        if let Some(top) = stack.last_mut() {
                            top.1 += 1;
                        }
                        let to = key_of(owner, &a.value);
                        match state.get(&to) {
                            Some(1) => {
                                let at = stack.iter().position(|(k, _)| *k == to).unwrap_or(0);
                                let mut cycle: Vec<&str> =
                                    stack[at..].iter().map(|(k, _)| k.as_str()).collect();
                                cycle.push(&to);
                                out.push(Finding::new(
                                    Code::DependencyCycle,
                                    &owner.path,
                                    Some(a.span()),
                                    Msg::DependencyCycle {
                                        cycle: cycle.join(" → "),
                                    },
                                ));
                            }
                            Some(_) => {}
                            None if targets.get_key(&to).is_some() => {
                                state.insert(to.clone(), 1);
                                stack.push((to, 0));
                            }
                            None => {}
                        }
                    }
                }
            }
        }
    }
}
