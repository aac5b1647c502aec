//! From TOML text to the model, collecting every syntax and schema finding (unknown key, wrong
//! type, missing key, bad value) with the key path and the span of the offending text.
//!
//! The TOML is parsed into toml's spanned document tree ([`DeTable`]) rather than deserialised
//! with serde, because serde stops at the first error and we want them all.
//!
//! [`DeTable`]: toml::de::DeTable

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Code, Finding};
use crate::fy;
use crate::i18n::{Expected, Msg};
use crate::keys;
use crate::model::{
    Baseline, Change, Direction, IndicatorKind, Report, Reported, Series, SeriesKind, SeriesValue,
    TimeZone, Val,
};
use crate::model::{
    Category, Column, Fy, FyStart, Group, Indicator, Item, ItemId, Milestone, Period, Phase, Plan,
    Schedule, Sp, Subcategory, Theme,
};
use crate::source::SourceFile;
use crate::timing::Until;

type Value<'i> = Spanned<DeValue<'i>>;

/// Parses `roadmap.toml`. Returns `None` when the file is not TOML at all.
pub fn plan(file: &SourceFile, findings: &mut Vec<Finding>) -> Option<Plan> {
    let doc = document(file, findings)?;
    let mut cx = Cx {
        path: &file.path,
        findings,
    };
    let t = Table::root(doc.get_ref(), &mut cx, keys::PLAN);
    let mut plan = Plan {
        path: file.path.clone(),
        title: t.string(&mut cx, "title").unwrap_or_default(),
        title_en: t.opt_string(&mut cx, "title_en"),
        published: t
            .required(&mut cx, "published")
            .and_then(|_| t.opt_date(&mut cx, "published")),
        notes: t.strings(&mut cx, "notes"),
        edition: t.opt_string(&mut cx, "edition"),
        source: t.opt_string(&mut cx, "source"),
        levels: t.strings(&mut cx, "levels"),
        ..Plan::default()
    };
    if let Some(v) = t.required(&mut cx, "fiscal_year_start") {
        match v.get_ref().as_str().map(|s| (s, parse_month_day(s))) {
            Some((_, Some(start))) => plan.fiscal_year_start = start,
            // A year that starts on February 29 has no start in three years of four.
            Some(("02-29", None)) => cx.push(Code::InvalidValue, v.span(), Msg::FyStartLeapDay),
            Some((_, None)) => cx.push(Code::InvalidValue, v.span(), Msg::FyStartFormat),
            None => cx.wrong_type(v, "fiscal_year_start", Expected::MonthDay),
        }
    }
    if let Some(tz) = t.opt_string(&mut cx, "timezone") {
        match tz.value.parse::<chrono_tz::Tz>() {
            Ok(zone) => plan.timezone = TimeZone(zone),
            Err(_) => cx.push(
                Code::InvalidValue,
                tz.span(),
                Msg::BadTimezone {
                    value: tz.value.clone(),
                },
            ),
        }
    }
    plan.report_every_months = t.opt_positive(&mut cx, "report_every_months");
    if t.get("lang").is_some() {
        let lang = t.one_of(&mut cx, "lang", &[("ja", "ja"), ("en", "en")]);
        if !lang.span().is_empty() {
            plan.lang = Some(Sp::new(lang.value.to_owned(), lang.span()));
        }
    }
    if let Some(p) = t.table(&mut cx, "period", keys::PERIOD, true) {
        let first = p.fy(&mut cx, "first_fy").unwrap_or_default();
        let last = p.fy(&mut cx, "last_fy").unwrap_or_default();
        let latest = match p.get("latest_fy") {
            Some(_) => p.opt_fy(&mut cx, "latest_fy").unwrap_or_default(),
            None => last.clone(),
        };
        let columns = p
            .tables(&mut cx, "columns", keys::COLUMN, false)
            .iter()
            .filter_map(|c| {
                let label = c.string(&mut cx, "label");
                let before = c.opt_bool(&mut cx, "before").unwrap_or(false);
                let from = if before {
                    c.opt_fy(&mut cx, "from")
                } else {
                    c.fy(&mut cx, "from")
                };
                let to = c.fy(&mut cx, "to");
                let parts = c.strings(&mut cx, "parts");
                Some(Column {
                    label: label?,
                    from,
                    to: to?,
                    before,
                    parts,
                })
            })
            .collect();
        let phases = p
            .tables(&mut cx, "phases", keys::PHASE, false)
            .iter()
            .filter_map(|ph| {
                let name = ph.string(&mut cx, "name");
                let from = ph.fy(&mut cx, "from");
                let to = ph.fy(&mut cx, "to");
                Some(Phase {
                    name: name?,
                    from: from?,
                    to: to?,
                })
            })
            .collect();
        plan.period = Period {
            first_fy: first,
            last_fy: last,
            latest_fy: latest,
            columns,
            phases,
        };
    }
    for g in t.tables(&mut cx, "groups", keys::GROUP, false) {
        let id = g
            .string(&mut cx, "id")
            .and_then(|id| match ItemId::parse_path(&id.value) {
                Some(path) => Some(Sp::new(path, id.span())),
                None => {
                    cx.push(
                        Code::InvalidValue,
                        id.span(),
                        Msg::BadGroupId { id: id.value },
                    );
                    None
                }
            });
        let number = g.opt_string(&mut cx, "number");
        let title = g.string(&mut cx, "title");
        if let (Some(id), Some(title)) = (id, title) {
            plan.groups.push(Group { id, number, title });
        }
    }
    let has = |key: &str| t.get(key).is_some();
    match (has("categories"), has("groups")) {
        (false, false) => {
            t.required(&mut cx, "categories");
        }
        (true, true) => {
            let span = t.get("groups").map(|v| v.span()).unwrap_or_default();
            cx.push(Code::InvalidValue, span, Msg::CategoriesAndGroups);
        }
        _ => {}
    }
    for c in t.tables(&mut cx, "categories", keys::CATEGORY, false) {
        let mut category = Category {
            number: c.positive(&mut cx, "number").unwrap_or_default(),
            title: c.string(&mut cx, "title").unwrap_or_default(),
            other_titles: c.strings(&mut cx, "other_titles"),
            subcategories: Vec::new(),
        };
        for s in c.tables(&mut cx, "subcategories", keys::SUBCATEGORY, true) {
            category.subcategories.push(Subcategory {
                number: s.positive(&mut cx, "number").unwrap_or_default(),
                title: s.string(&mut cx, "title").unwrap_or_default(),
            });
        }
        plan.categories.push(category);
    }
    for th in t.tables(&mut cx, "themes", keys::THEME, false) {
        plan.themes.push(Theme {
            id: th.positive(&mut cx, "id").unwrap_or_default(),
            title: th.string(&mut cx, "title").unwrap_or_default(),
        });
    }
    Some(plan)
}

/// Parses `items/<id>.toml`. Returns `None` when the file is not TOML or has no usable `id`.
pub fn item(file: &SourceFile, findings: &mut Vec<Finding>) -> Option<Item> {
    let doc = document(file, findings)?;
    let mut cx = Cx {
        path: &file.path,
        findings,
    };
    let t = Table::root(doc.get_ref(), &mut cx, keys::ITEM);
    let id = t
        .required(&mut cx, "id")
        .and_then(|v| match v.get_ref().as_str() {
            Some(s) => match ItemId::parse(s) {
                Some(id) => Some(Sp::new(id, v.span())),
                None => {
                    cx.push(
                        Code::InvalidValue,
                        v.span(),
                        Msg::BadItemId { id: s.to_owned() },
                    );
                    None
                }
            },
            None => {
                cx.wrong_type(v, "id", Expected::ItemId);
                None
            }
        });
    let schedule = match t.opt_string(&mut cx, "schedule") {
        None => Sp::bare(Schedule::Published),
        Some(s) => match s.value.as_str() {
            "published" => Sp::new(Schedule::Published, s.span()),
            "not_published" => Sp::new(Schedule::NotPublished, s.span()),
            other => {
                cx.push(
                    Code::InvalidValue,
                    s.span(),
                    Msg::BadSchedule {
                        value: other.to_owned(),
                    },
                );
                Sp::bare(Schedule::Published)
            }
        },
    };
    let mut item = Item {
        path: file.path.clone(),
        id: id.clone().unwrap_or_default(),
        title: t.string(&mut cx, "title").unwrap_or_default(),
        number: t.opt_string(&mut cx, "number"),
        themes: t.integers(&mut cx, "themes"),
        owners: t.strings(&mut cx, "owners"),
        related_owners: t.strings(&mut cx, "related_owners"),
        continues: t
            .opt_string(&mut cx, "continues")
            .and_then(|c| match ItemId::parse(&c.value) {
                Some(id) => Some(Sp::new(id, c.span())),
                None => {
                    cx.push(Code::InvalidValue, c.span(), Msg::BadItemId { id: c.value });
                    None
                }
            }),
        schedule,
        notes: t.strings(&mut cx, "notes"),
        transcription_notes: t.strings(&mut cx, "transcription_notes"),
        milestones: Vec::new(),
        indicators: Vec::new(),
    };
    // Whether the item has milestones is decided on the file's tables, not on those that parsed:
    // a milestone with a bad field is reported for that field, not as "no milestones".
    let tables = t.get("milestones").and_then(|v| v.get_ref().as_array());
    let has_milestones = tables.is_some_and(|a| !a.is_empty());
    match (item.schedule.value, has_milestones, &id) {
        (Schedule::NotPublished, true, _) => cx.push(
            Code::ScheduleMismatch,
            item.schedule.span(),
            Msg::NotPublishedWithMilestones,
        ),
        (Schedule::Published, false, Some(id)) => cx.findings.push(
            Finding::new(
                Code::ScheduleMismatch,
                cx.path,
                Some(id.span()),
                Msg::NoMilestones {
                    id: id.value.to_string(),
                },
            )
            .with_help(Msg::NoMilestonesHelp),
        ),
        _ => {}
    }
    let milestones = t.tables(&mut cx, "milestones", keys::MILESTONE, false);
    item.milestones = each(&milestones, &mut cx, milestone);
    let indicators = t.tables(&mut cx, "indicators", keys::INDICATOR, false);
    item.indicators = each(&indicators, &mut cx, indicator);
    item.shrink_to_fit();
    id.map(|_| item)
}

fn milestone(m: &Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Milestone> {
    let id = m.slug(cx, "id");
    let text = m.string(cx, "text");
    let from = m.fy(cx, "from");
    let until = m.until(cx, "until");
    let approx = m.opt_bool(cx, "approx").unwrap_or(false);
    let event = m.opt_string(cx, "event");
    let event_of = m.opt_string(cx, "event_of");
    let open = m.opt_bool(cx, "open").unwrap_or(false);
    // A milestone ends one way: a FY (`to`), a point (`until`), or no date (`event`, `open`).
    let event_conflicts = event.is_some() && (until.is_some() || open);
    one_end(m, cx, open, approx, event_conflicts);
    if event_of.is_some() && event.is_none() {
        cx.push(
            Code::MissingKey,
            m.get("event_of").map_or(m.span.clone(), |v| v.span()),
            Msg::NeedsKey {
                key: m.path("event_of"),
                needs: "event".to_owned(),
            },
        );
    }
    let to_implied = m.get("to").is_none()
        && (until.is_some() || m.get("until").is_some() || event.is_some() || open);
    let to = if to_implied {
        from.clone()
    } else {
        m.fy(cx, "to")
    };
    let timing_text = m.opt_string(cx, "timing_text");
    let after = m.strings(cx, "after");
    let restates = m.opt_string(cx, "restates");
    let owners = m.strings(cx, "owners");
    let related_owners = m.strings(cx, "related_owners");
    let row = m.opt_positive(cx, "row");
    let track = m.opt_string(cx, "track");
    let every_year = m.opt_bool(cx, "every_year").unwrap_or(false);
    let due = m.opt_date(cx, "due");
    let notes = m.opt_string(cx, "notes");
    let reports = each(&m.tables(cx, "reports", keys::REPORT, false), cx, report);
    let changes = each(&m.tables(cx, "changes", keys::CHANGE, false), cx, change);
    Some(Milestone {
        id: id?,
        text: text?,
        row,
        track: track.map(Box::new),
        from: from?,
        to: to?,
        to_implied,
        until: until.map(Box::new),
        approx,
        event: event.map(Box::new),
        event_of: event_of.map(Box::new),
        open,
        timing_text: timing_text.map(Box::new),
        after,
        restates: restates.map(Box::new),
        owners,
        related_owners,
        every_year,
        due,
        notes: notes.map(Box::new),
        reports,
        changes,
    })
}

/// An end written one way (RM104): a FY (`to`), a point (`until`) or none (`open`), or an event
/// where a milestone's point or open end would be (`event`); `approx` goes with a `to` or an
/// `until` (RM103).
fn one_end(t: &Table<'_, '_>, cx: &mut Cx<'_>, open: bool, approx: bool, event: bool) {
    let written: Vec<&str> = ["to", "until", "open"]
        .into_iter()
        .filter(|k| t.get(k).is_some() && (*k != "open" || open))
        .chain(event.then_some("event"))
        .collect();
    if written.len() > 1 {
        cx.push(
            Code::InvalidValue,
            t.get(written[1]).map_or(t.span.clone(), |v| v.span()),
            Msg::EndConflict {
                keys: written.join(", "),
            },
        );
    }
    if approx && t.get("to").is_none() && t.get("until").is_none() {
        cx.push(
            Code::MissingKey,
            t.get("approx").map_or(t.span.clone(), |v| v.span()),
            Msg::ApproxNeedsEnd {
                key: t.path("approx"),
            },
        );
    }
}

fn report(r: &Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Report> {
    let on = r.date(cx, "on");
    let status = r
        .opt_string(cx, "status")
        .and_then(|s| match Reported::parse(&s.value) {
            Some(status) => Some(Sp::new(status, s.span())),
            None => {
                let mut f = Finding::new(
                    Code::InvalidValue,
                    cx.path,
                    Some(s.span()),
                    Msg::BadStatus {
                        path: r.path("status"),
                        value: s.value.clone(),
                    },
                );
                let names: Vec<&str> = Reported::ALL.iter().map(|r| r.as_str()).collect();
                if let Some(value) = meant(&s.value, &names) {
                    f = f.with_help(Msg::DidYouMeanValue {
                        value: value.to_owned(),
                    });
                }
                cx.findings.push(f);
                None
            }
        });
    Some(Report {
        status,
        fy: r.opt_fy(cx, "fy"),
        text: r.opt_string(cx, "text"),
        evidence: r.opt_string(cx, "evidence"),
        by: r.opt_string(cx, "by"),
        reason: r.opt_string(cx, "reason"),
        form: r.opt_string(cx, "form"),
        on: on?,
    })
}

fn change(c: &Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Change> {
    let on = c.date(cx, "on");
    let from = c.opt_fy(cx, "from");
    let to = c.opt_fy(cx, "to");
    let until = c.until(cx, "until");
    let approx = c.opt_bool(cx, "approx").unwrap_or(false);
    let open = c.opt_bool(cx, "open").unwrap_or(false);
    // A change ends the milestone one way: a FY, a point, or no end.
    one_end(c, cx, open, approx, false);
    let reason = c.string(cx, "reason");
    let form = c.opt_string(cx, "form");
    Some(Change {
        on: on?,
        from,
        to,
        until,
        approx,
        open,
        to_implied: false,
        reason: reason?,
        form,
    })
}

fn indicator(i: &Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Indicator> {
    let id = i.slug(cx, "id");
    let name = i.string(cx, "name");
    let kind = i.one_of(
        cx,
        "kind",
        &[
            ("measure", IndicatorKind::Measure),
            ("implementation", IndicatorKind::Implementation),
        ],
    );
    let layer = i.opt_positive(cx, "layer");
    let measured = i.opt_string(cx, "measured");
    let owners = i.strings(cx, "owners");
    let related_owners = i.strings(cx, "related_owners");
    let notes = i.opt_string(cx, "notes");
    let series = each(&i.tables(cx, "series", keys::SERIES, false), cx, series);
    Some(Indicator {
        id: id?,
        name: name?,
        kind,
        layer,
        measured,
        owners,
        related_owners,
        notes,
        series,
    })
}

fn series(s: &Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Series> {
    let id = s.slug(cx, "id");
    let name = s.string(cx, "name");
    let kind = s.one_of(
        cx,
        "kind",
        &[("number", SeriesKind::Number), ("text", SeriesKind::Text)],
    );
    let unit = s.opt_string(cx, "unit");
    let direction = s.one_of(
        cx,
        "direction",
        &[
            ("increase", Direction::Increase),
            ("decrease", Direction::Decrease),
        ],
    );
    let baseline = s
        .table(cx, "baseline", keys::BASELINE, false)
        .and_then(|b| {
            let fy = b.fy(cx, "fy");
            let value = b.number(cx, "value");
            let source = b.opt_string(cx, "source");
            Some(Baseline {
                fy: fy?,
                value: value?,
                source,
            })
        });
    let targets = s.fy_numbers(cx, "targets");
    let target_text = s.opt_string(cx, "target_text");
    let relative = s.opt_bool(cx, "relative").unwrap_or(false);
    let since = s.opt_fy(cx, "since");
    let values = each(&s.tables(cx, "values", keys::VALUE, false), cx, |v, cx| {
        let fy = v.fy(cx, "fy");
        let value = v.number_or_text(cx, "value");
        let source = v.opt_string(cx, "source");
        let published = v.opt_date(cx, "published");
        let note = v.opt_string(cx, "note");
        let form = v.opt_string(cx, "form");
        Some(SeriesValue {
            fy: fy?,
            value: value?,
            source,
            published,
            note,
            form,
        })
    });
    Some(Series {
        id: id?,
        name: name?,
        kind,
        unit,
        direction,
        baseline,
        targets,
        target_text,
        relative,
        since,
        values,
    })
}

/// Parses the TOML document, reporting every syntax error the parser can recover from.
fn document<'i>(file: &'i SourceFile, findings: &mut Vec<Finding>) -> Option<Spanned<DeTable<'i>>> {
    if file.text.trim().is_empty() {
        findings.push(Finding::new(
            Code::EmptyFile,
            &file.path,
            None,
            Msg::EmptyFile,
        ));
        return None;
    }
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    // What a Japanese keyboard types where TOML wants ASCII, on every line (the parser stops
    // reporting after some errors): name it and the fix, in place of the parser's words.
    let mut hinted_lines = std::collections::BTreeSet::new();
    if !errors.is_empty() {
        let mut start = 0;
        for line in file.text.split_inclusive('\n') {
            if let Some((span, message)) = keyboard_hint(line.trim_end_matches(['\r', '\n'])) {
                hinted_lines.insert(start);
                let span = start + span.start..start + span.end;
                findings.push(Finding::new(Code::Syntax, &file.path, Some(span), message));
            }
            start += line.len();
        }
    }
    // The first error is listed; the rest mostly follow from it (one `[` left open made 134).
    let (mut more, mut first) = (0, None);
    for error in &errors {
        if let Some(at) = error.span().map(|s| s.start)
            && let Some((line_start, _)) = line_at(&file.text, at)
            && hinted_lines.contains(&line_start)
        {
            continue;
        }
        let message = error.message().trim().to_owned();
        let code = if ["nest", "depth", "recursion"]
            .iter()
            .any(|w| message.contains(w))
        {
            Code::TooDeep
        } else if message.contains("date") || message.contains("time") {
            Code::InvalidDate
        } else {
            Code::Syntax
        };
        // A bad date or a nesting too deep is its own error; a syntax error after the first
        // most likely is not.
        if code == Code::Syntax {
            if first.is_some() || !hinted_lines.is_empty() {
                more += 1;
                continue;
            }
            first = Some(findings.len());
        }
        let span = error.span().map(|s| s.start..s.end.max(s.start));
        let message = if code == Code::TooDeep {
            Msg::TooDeep { detail: message }
        } else {
            Msg::TomlSyntax {
                detail: message,
                more: 0,
            }
        };
        findings.push(Finding::new(code, &file.path, span, message));
    }
    if more > 0
        && let Some(first) = first
        && let Some(f) = findings.get_mut(first)
        && let Msg::TomlSyntax { more: counted, .. } = &mut f.message
    {
        *counted = more;
    }
    errors.is_empty().then_some(doc)
}

/// Findings for one file.
struct Cx<'a> {
    path: &'a str,
    findings: &'a mut Vec<Finding>,
}

impl Cx<'_> {
    fn push(&mut self, code: Code, span: Range<usize>, message: Msg) {
        self.findings
            .push(Finding::new(code, self.path, Some(span), message));
    }

    fn wrong_type(&mut self, v: &Value<'_>, path: &str, expected: Expected) {
        let found = v.get_ref().type_str().to_owned();
        // A year, a date or a number written as text the way people type it: say how to write it.
        let written = v.get_ref().as_str().and_then(|s| {
            let write = match expected {
                Expected::Integer => crate::input::fiscal_year(s).ok().map(|y| y.to_string()),
                Expected::Date { .. } => crate::input::date(s)
                    .ok()
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                Expected::Number => crate::input::number(s, None).ok().map(crate::text::number),
                _ => None,
            }?;
            Some(Msg::write_as(s.to_owned(), write))
        });
        let mut f = Finding::new(
            Code::WrongType,
            self.path,
            Some(v.span()),
            Msg::WrongType {
                path: path.to_owned(),
                expected,
                found,
            },
        );
        if let Some(help) = written {
            f = f.with_help(help);
        }
        self.findings.push(f);
    }
}

/// A table being read: its keys, its span (for "missing key"), and its key path (for messages).
struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    prefix: String,
}

impl<'t, 'i> Table<'t, 'i> {
    fn root(table: &'t DeTable<'i>, cx: &mut Cx<'_>, known: &[keys::Key]) -> Self {
        // A missing key in the root table points at the first line of the file.
        Self::new(table, 0..0, String::new(), cx, known)
    }

    fn new(
        table: &'t DeTable<'i>,
        span: Range<usize>,
        prefix: String,
        cx: &mut Cx<'_>,
        known: &[keys::Key],
    ) -> Self {
        // Every table of every file passes here: the list of names is made only for a finding.
        let retired = keys::retired(known);
        for key in table.keys() {
            let name: &str = key.get_ref().as_ref();
            if retired.contains(&name) {
                cx.findings.push(
                    Finding::new(
                        Code::RetiredKey,
                        cx.path,
                        Some(key.span()),
                        Msg::RetiredKey {
                            key: format!("{prefix}{name}"),
                        },
                    )
                    .with_help(Msg::RetiredHelp {
                        key: name.to_owned(),
                    }),
                );
                continue;
            }
            if !known.iter().any(|k| k.name == name) {
                let names = keys::names(known);
                let similar = names.iter().find(|k| similar(k, key.get_ref()));
                let f = Finding::new(
                    Code::UnknownKey,
                    cx.path,
                    Some(key.span()),
                    Msg::UnknownKey {
                        key: format!("{prefix}{}", key.get_ref()),
                    },
                );
                let f = match similar {
                    Some(k) => f.with_help(Msg::DidYouMean {
                        suggestion: (*k).to_owned(),
                    }),
                    None => f.with_help(Msg::ExpectedOneOf {
                        keys: names.join(", "),
                    }),
                };
                cx.findings.push(f);
            }
        }
        Self {
            table,
            span,
            prefix,
        }
    }

    fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    fn required(&self, cx: &mut Cx<'_>, key: &str) -> Option<&'t Value<'i>> {
        let v = self.get(key);
        if v.is_none() {
            let table =
                (!self.prefix.is_empty()).then(|| self.prefix.trim_end_matches('.').to_owned());
            cx.push(
                Code::MissingKey,
                self.span.clone(),
                Msg::MissingKey {
                    key: self.path(key),
                    table,
                },
            );
        }
        v
    }

    fn string(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<String>> {
        let v = self.required(cx, key)?;
        self.as_string(cx, key, v)
    }

    fn opt_string(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<String>> {
        let v = self.get(key)?;
        self.as_string(cx, key, v)
    }

    fn as_string(&self, cx: &mut Cx<'_>, key: &str, v: &Value<'_>) -> Option<Sp<String>> {
        match v.get_ref().as_str() {
            Some(s) => Some(Sp::new(s.to_owned(), v.span())),
            None => {
                cx.wrong_type(v, &self.path(key), Expected::String);
                None
            }
        }
    }

    /// An ASCII slug id: `[a-z0-9]+(-[a-z0-9]+)*`.
    fn slug(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<String>> {
        let s = self.string(cx, key)?;
        let ok = !s.value.is_empty()
            && s.value.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !ok {
            cx.push(
                Code::InvalidValue,
                s.span(),
                Msg::BadSlug {
                    path: self.path(key),
                    value: s.value.clone(),
                },
            );
            return None;
        }
        Some(s)
    }

    fn integer(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<i64>> {
        let v = self.required(cx, key)?;
        self.as_integer(cx, key, v)
    }

    fn opt_integer(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<i64>> {
        let v = self.get(key)?;
        self.as_integer(cx, key, v)
    }

    fn as_integer(&self, cx: &mut Cx<'_>, key: &str, v: &Value<'_>) -> Option<Sp<i64>> {
        let parsed = v
            .get_ref()
            .as_integer()
            .map(|i| integer_of(i.as_str(), i.radix()));
        match parsed {
            Some(Some(n)) => Some(Sp::new(n, v.span())),
            Some(None) => {
                cx.push(
                    Code::InvalidValue,
                    v.span(),
                    Msg::OutOfRange {
                        path: self.path(key),
                    },
                );
                None
            }
            None => {
                cx.wrong_type(v, &self.path(key), Expected::Integer);
                None
            }
        }
    }

    /// A fiscal year: an integer within [`fy::MIN_FY`]..=[`fy::MAX_FY`].
    fn fy(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<Fy>> {
        let n = self.integer(cx, key)?;
        self.to_fy(cx, key, n)
    }

    fn opt_fy(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<Fy>> {
        let n = self.opt_integer(cx, key)?;
        self.to_fy(cx, key, n)
    }

    fn to_fy(&self, cx: &mut Cx<'_>, key: &str, n: Sp<i64>) -> Option<Sp<Fy>> {
        match Fy::try_from(n.value) {
            Ok(y) if fy::in_range(y) => Some(Sp::new(y, n.span())),
            _ => {
                cx.push(
                    Code::YearRange,
                    n.span(),
                    Msg::YearOutOfRange {
                        path: self.path(key),
                        value: n.value,
                    },
                );
                None
            }
        }
    }

    fn positive(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<u32>> {
        let n = self.integer(cx, key)?;
        self.to_positive(cx, key, n)
    }

    fn opt_positive(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<u32>> {
        let n = self.opt_integer(cx, key)?;
        self.to_positive(cx, key, n)
    }

    fn to_positive(&self, cx: &mut Cx<'_>, key: &str, n: Sp<i64>) -> Option<Sp<u32>> {
        match u32::try_from(n.value) {
            Ok(v) if v >= 1 => Some(Sp::new(v, n.span())),
            _ => {
                cx.push(
                    Code::InvalidValue,
                    n.span(),
                    Msg::NotPositive {
                        path: self.path(key),
                        value: n.value,
                    },
                );
                None
            }
        }
    }

    fn opt_bool(&self, cx: &mut Cx<'_>, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        let b = v.get_ref().as_bool();
        if b.is_none() {
            cx.wrong_type(v, &self.path(key), Expected::Boolean);
        }
        b
    }

    fn date(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<NaiveDate>> {
        self.required(cx, key)?;
        self.opt_date(cx, key)
    }

    /// A number, integer or float, finite.
    fn number(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<f64>> {
        let v = self.required(cx, key)?;
        self.as_number(cx, &self.path(key), v)
    }

    fn as_number(&self, cx: &mut Cx<'_>, path: &str, v: &Value<'_>) -> Option<Sp<f64>> {
        let number = match v.get_ref() {
            DeValue::Integer(i) => integer_of(i.as_str(), i.radix()).map(|n| n as f64),
            DeValue::Float(f) => without_underscores(f.as_str())
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite()),
            _ => {
                cx.wrong_type(v, path, Expected::Number);
                return None;
            }
        };
        if number.is_none() {
            cx.push(
                Code::InvalidValue,
                v.span(),
                Msg::NotFinite {
                    path: path.to_owned(),
                },
            );
        }
        number.map(|n| Sp::new(n, v.span()))
    }

    /// A number, or a string (a qualitative value).
    fn number_or_text(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<Val>> {
        let v = self.required(cx, key)?;
        match v.get_ref().as_str() {
            Some(s) => Some(Sp::new(Val::Text(s.to_owned()), v.span())),
            None => self
                .as_number(cx, &self.path(key), v)
                .map(|n| Sp::new(Val::Number(n.value), n.span())),
        }
    }

    /// One of a few words; the first is the default when the key is absent.
    fn one_of<T: Copy + Default>(
        &self,
        cx: &mut Cx<'_>,
        key: &str,
        choices: &[(&str, T)],
    ) -> Sp<T> {
        let Some(s) = self.opt_string(cx, key) else {
            return Sp::bare(T::default());
        };
        match choices.iter().find(|(w, _)| *w == s.value) {
            Some((_, v)) => Sp::new(*v, s.span()),
            None => {
                let allowed: Vec<String> =
                    choices.iter().map(|(w, _)| format!("\"{w}\"")).collect();
                let mut f = Finding::new(
                    Code::InvalidValue,
                    cx.path,
                    Some(s.span()),
                    Msg::BadChoice {
                        path: self.path(key),
                        value: s.value.clone(),
                        allowed: allowed.join(", "),
                    },
                );
                let names: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
                if let Some(value) = meant(&s.value, &names) {
                    f = f.with_help(Msg::DidYouMeanValue {
                        value: value.to_owned(),
                    });
                }
                cx.findings.push(f);
                Sp::bare(T::default())
            }
        }
    }

    /// An end point: `2025-H1`, `2025-Q3`, `2025-12`, `CY2025`.
    fn until(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<Until>> {
        let s = self.opt_string(cx, key)?;
        match Until::parse(&s.value) {
            Some(u) => Some(Sp::new(u, s.span())),
            None => {
                cx.push(
                    Code::InvalidValue,
                    s.span(),
                    Msg::BadUntil {
                        path: self.path(key),
                        value: s.value,
                    },
                );
                None
            }
        }
    }

    fn opt_date(&self, cx: &mut Cx<'_>, key: &str) -> Option<Sp<NaiveDate>> {
        let v = self.get(key)?;
        let Some(dt) = v.get_ref().as_datetime() else {
            let quoted = v.get_ref().is_str();
            cx.wrong_type(v, &self.path(key), Expected::Date { quoted });
            return None;
        };
        let date = match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => {
                cx.push(
                    Code::InvalidDate,
                    v.span(),
                    Msg::DateWithTime {
                        path: self.path(key),
                        value: dt.to_string(),
                    },
                );
                return None;
            }
        };
        let Some(date) = date else {
            cx.push(
                Code::InvalidDate,
                v.span(),
                Msg::NotCalendarDate {
                    path: self.path(key),
                    value: dt.to_string(),
                },
            );
            return None;
        };
        // A date's year is ranged as a fiscal year's is: `0001-01-01` validates nowhere, so no
        // view, FY or spreadsheet date is computed from it.
        if !fy::in_range(chrono::Datelike::year(&date)) {
            let message = Msg::DateOutOfRange {
                path: self.path(key),
                value: date.to_string(),
            };
            let f = Finding::new(Code::YearRange, cx.path, Some(v.span()), message);
            cx.findings.push(f.with_help(Msg::DateOutOfRangeHelp));
            return None;
        }
        Some(Sp::new(date, v.span()))
    }

    fn array(&self, cx: &mut Cx<'_>, key: &str) -> &'t [Value<'i>] {
        match self.get(key) {
            None => &[],
            Some(v) => match v.get_ref().as_array() {
                Some(a) => a,
                None => {
                    cx.wrong_type(v, &self.path(key), Expected::Array);
                    &[]
                }
            },
        }
    }

    fn strings(&self, cx: &mut Cx<'_>, key: &str) -> Vec<Sp<String>> {
        let array = self.array(cx, key);
        let mut out = Vec::with_capacity(array.len());
        for (n, v) in array.iter().enumerate() {
            match v.get_ref().as_str() {
                Some(s) => out.push(Sp::new(s.to_owned(), v.span())),
                None => cx.wrong_type(v, &format!("{}[{n}]", self.path(key)), Expected::String),
            }
        }
        out
    }

    fn integers(&self, cx: &mut Cx<'_>, key: &str) -> Vec<Sp<u32>> {
        let array = self.array(cx, key);
        let mut out = Vec::with_capacity(array.len());
        for (n, v) in array.iter().enumerate() {
            let elem = format!("{key}[{n}]");
            if let Some(i) = self.as_integer(cx, &elem, v)
                && let Some(p) = self.to_positive(cx, &elem, i)
            {
                out.push(p);
            }
        }
        out
    }

    /// A table of FY → number, e.g. `actuals = { 2022 = 72.5 }`.
    fn fy_numbers(&self, cx: &mut Cx<'_>, key: &str) -> BTreeMap<i32, Sp<f64>> {
        let mut out = BTreeMap::new();
        let Some(v) = self.get(key) else { return out };
        let Some(table) = v.get_ref().as_table() else {
            cx.wrong_type(v, &self.path(key), Expected::FyTable);
            return out;
        };
        for (k, value) in table {
            let path = format!("{}.{}", self.path(key), k.get_ref());
            let Some(year) = parse_fy_key(k.get_ref()) else {
                // `令和4` or `R4` as a key: say which year it is.
                let message = match crate::input::fiscal_year(k.get_ref()) {
                    Ok(y) => Msg::TypedAs {
                        typed: k.get_ref().to_string(),
                        write: y.to_string(),
                    },
                    Err(_) => Msg::FyKey { path },
                };
                cx.push(Code::InvalidValue, k.span(), message);
                continue;
            };
            if !fy::in_range(year) {
                let value = i64::from(year);
                cx.push(
                    Code::YearRange,
                    k.span(),
                    Msg::YearOutOfRange { path, value },
                );
                continue;
            }
            if let Some(n) = self.as_number(cx, &path, value) {
                out.insert(year, n);
            }
        }
        out
    }

    fn table(
        &self,
        cx: &mut Cx<'_>,
        key: &str,
        known: &[keys::Key],
        required: bool,
    ) -> Option<Table<'t, 'i>> {
        let v = if required {
            self.required(cx, key)?
        } else {
            self.get(key)?
        };
        match v.get_ref().as_table() {
            Some(t) => Some(Table::new(
                t,
                v.span(),
                [self.prefix.as_str(), key, "."].concat(),
                cx,
                known,
            )),
            None => {
                cx.wrong_type(v, &self.path(key), Expected::Table);
                None
            }
        }
    }

    /// An array of tables (`[[key]]`), each checked against `known`.
    fn tables(
        &self,
        cx: &mut Cx<'_>,
        key: &str,
        known: &[keys::Key],
        required: bool,
    ) -> Vec<Table<'t, 'i>> {
        if required && self.required(cx, key).is_none() {
            return Vec::new();
        }
        let array = self.array(cx, key);
        let mut out = Vec::with_capacity(array.len());
        for (n, v) in array.iter().enumerate() {
            // A record with an id is named by it (`milestones[model-run]`), one without by its
            // place (`reports[0]`): a finding names what a person can find in the file.
            let id = v
                .get_ref()
                .as_table()
                .and_then(|t| t.get("id"))
                .and_then(|id| id.get_ref().as_str())
                .filter(|id| {
                    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
            let place;
            let tag = match id {
                Some(id) => id,
                None => {
                    place = n.to_string();
                    &place
                }
            };
            // Joined, not formatted: every table of every file is named this way.
            let prefix = [self.prefix.as_str(), key, "[", tag, "]."].concat();
            match v.get_ref().as_table() {
                Some(t) => out.push(Table::new(t, v.span(), prefix, cx, known)),
                None => {
                    let path = prefix.strip_suffix('.').unwrap_or(&prefix);
                    cx.wrong_type(v, path, Expected::Table);
                }
            }
        }
        out
    }
}

/// Each table read by `read`, those that fail left out (their findings are in `cx`), in a
/// vector sized for all: grown by pushing, it held twice the room until the model was shrunk,
/// and shrinking copied it (a twentieth of `validate`'s time).
fn each<'t, 'i, T>(
    tables: &[Table<'t, 'i>],
    cx: &mut Cx<'_>,
    mut read: impl FnMut(&Table<'t, 'i>, &mut Cx<'_>) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(tables.len());
    out.extend(tables.iter().filter_map(|t| read(t, cx)));
    out
}

/// A TOML integer's digits (`1_000`, `0x1F` without its prefix) as a number; `None` out of range.
fn integer_of(digits: &str, radix: u32) -> Option<i64> {
    i64::from_str_radix(&without_underscores(digits), radix).ok()
}

/// A number's digits without TOML's `_` separators, copied only when it has some (most have
/// none, and every number of every file passes here).
fn without_underscores(digits: &str) -> std::borrow::Cow<'_, str> {
    if digits.contains('_') {
        digits.replace('_', "").into()
    } else {
        digits.into()
    }
}

/// The Japanese words people use for the values of the file's fixed sets.
const SYNONYMS: &[(&str, &str)] = &[
    ("完了", "done"),
    ("済", "done"),
    ("終了", "done"),
    ("実施中", "in_progress"),
    ("着手", "in_progress"),
    ("開始", "in_progress"),
    ("遅延", "delayed"),
    ("遅れ", "delayed"),
    ("中止", "dropped"),
    ("取りやめ", "dropped"),
    ("廃止", "dropped"),
    ("公表", "published"),
    ("未公表", "not_published"),
    ("増加", "increase"),
    ("減少", "decrease"),
    ("数値", "number"),
    ("文章", "text"),
    ("定性", "text"),
    ("日本語", "ja"),
    ("英語", "en"),
];

/// The value of `choices` a person meant by `typed`: another case (`Done`), spaces or hyphens for
/// underscores (`in progress`), or the Japanese word (`完了`).
fn meant<'c>(typed: &str, choices: &[&'c str]) -> Option<&'c str> {
    let normal = crate::input::half_width(typed)
        .to_lowercase()
        .replace([' ', '-'], "_");
    let japanese = SYNONYMS
        .iter()
        .find(|(ja, _)| *ja == typed.trim())
        .map(|(_, v)| *v);
    choices
        .iter()
        .find(|c| **c == normal || Some(**c) == japanese)
        .copied()
}

/// The line holding byte `at`: its start and its text (without the line end).
fn line_at(text: &str, at: usize) -> Option<(usize, &str)> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start + i);
    Some((start, text.get(start..end)?.trim_end_matches('\r')))
}

/// A line split at its `=`: the key's and the value's byte ranges, and the full-width `＝`'s if
/// that is what was typed.
struct KeyValue {
    key: Range<usize>,
    value: Range<usize>,
    full_width: Option<Range<usize>>,
}

/// Splits `key = value` at the first `=` (or full-width `＝`) outside quotes; the value without a
/// trailing comment. Byte ranges within the line.
fn key_value(line: &str) -> Option<KeyValue> {
    let mut quote: Option<char> = None;
    let mut eq = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '=' | '＝') => {
                eq = Some((i, c));
                break;
            }
            (None, '#') => return None,
            _ => {}
        }
    }
    let (at, c) = eq?;
    let after = at + c.len_utf8();
    let rest = line.get(after..)?;
    let end = rest.find(" #").map_or(line.len(), |i| after + i);
    Some(KeyValue {
        key: 0..at,
        value: after..end,
        full_width: (c == '＝').then_some(at..after),
    })
}

/// A syntax error a Japanese keyboard makes, with what to write instead: `＝`, full-width digits,
/// `2023/03/10`, `1,200`, `令和4 = 12`, `2022年度`.
fn keyboard_hint(line: &str) -> Option<(Range<usize>, Msg)> {
    let trimmed = |r: &Range<usize>| {
        let s = line.get(r.clone()).unwrap_or_default();
        let lead = s.len() - s.trim_start().len();
        let start = r.start + lead;
        start..start + s.trim().len()
    };
    let kv = key_value(line)?;
    if let Some(span) = kv.full_width {
        return Some((span, Msg::FullWidthEquals));
    }
    let key = trimmed(&kv.key);
    let value = trimmed(&kv.value);
    let typed_key = line.get(key.clone())?;
    let typed = line.get(value.clone())?;
    let as_fy = |s: &str| crate::input::fiscal_year(s).ok().map(|y| y.to_string());
    // A fiscal-year key written the Japanese way (`令和4 = 12`, `Ｒ４`).
    if !typed_key.is_ascii()
        && !is_toml(&format!("{typed_key} = 1"))
        && let Some(write) = as_fy(typed_key)
    {
        return Some((
            key,
            Msg::TypedAs {
                typed: typed_key.to_owned(),
                write,
            },
        ));
    }
    // An inline table: `{ 令和4 = 12, 2024 = 1,200 }` (TOML 1.1 allows no comma in a number).
    if let Some(inner) = typed.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        let base = value.start + 1;
        let mut at = 0;
        for part in inner.split(',') {
            let start = base + at;
            at += part.len() + 1;
            let Some((k, v)) = part.split_once('=') else {
                continue;
            };
            let eq = k.len();
            let k_start = start + k.len() - k.trim_start().len();
            let k = k.trim();
            if !k.is_ascii()
                && !is_toml(&format!("{k} = 1"))
                && let Some(write) = as_fy(k)
            {
                let span = k_start..k_start + k.len();
                return Some((
                    span,
                    Msg::TypedAs {
                        typed: k.to_owned(),
                        write,
                    },
                ));
            }
            let v_start = start + eq + 1 + v.len() - v.trim_start().len();
            if let Some(write) = rewrite(v.trim()) {
                let span = v_start..v_start + v.trim().len();
                return Some((
                    span,
                    Msg::TypedAs {
                        typed: v.trim().to_owned(),
                        write,
                    },
                ));
            }
        }
        return None;
    }
    let write = rewrite(typed)?;
    Some((
        value,
        Msg::TypedAs {
            typed: typed.to_owned(),
            write,
        },
    ))
}

/// Whether a line is TOML: a hint is only for what the parser refuses.
fn is_toml(line: &str) -> bool {
    line.parse::<toml::Table>().is_ok()
}

/// How to write an unquoted value typed the Japanese way (`２０２２`, `2023/3/10`, `2022年度`,
/// `1,200`); `None` when it is fine as it is or is not one of those.
fn rewrite(typed: &str) -> Option<String> {
    if typed.starts_with(['"', '\'', '[', '{'])
        || typed.is_empty()
        || is_toml(&format!("x = {typed}"))
    {
        return None;
    }
    crate::input::date(typed)
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .or_else(|| crate::input::fiscal_year(typed).ok().map(|y| y.to_string()))
        .or_else(|| {
            crate::input::number(typed, None)
                .ok()
                .map(crate::text::number)
        })
        .filter(|w| w != typed)
}

fn parse_fy_key(key: &str) -> Option<i32> {
    (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()))
        .then(|| key.parse().ok())
        .flatten()
}

fn parse_month_day(s: &str) -> Option<FyStart> {
    let (m, d) = s.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // A start must exist in every year: a day of a common year.
    NaiveDate::from_ymd_opt(2023, month, day).map(|_| FyStart { month, day })
}

/// Whether an unknown key looks like a typo of a known one (one edit apart, or a case change).
fn similar(known: &str, key: &str) -> bool {
    if known.eq_ignore_ascii_case(key) {
        return true;
    }
    let (a, b) = (known.chars().count(), key.chars().count());
    // Two edits cannot bridge a greater difference in length.
    a.abs_diff(b) <= 2 && a > 3 && crate::text::edit_distance(known, key) <= 2
}
