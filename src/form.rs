//! The office's progress form (照会票): which milestones, rounds and indicator values a form asks
//! a 部局 about, and the fingerprint of each as it stood when the form was made, so that
//! `roadmap import` can tell a stale answer (the roadmap changed since) from a fresh one. Pure: the
//! day, revision and scope are given; `render::form` lays the form out and `import` reads it back.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::i18n::Msg;
use crate::model::{
    Fy, ItemId, Milestone, Plan, Report, Reported, Roadmap, Series, SeriesKind, Val,
};
use crate::status::{self, State};
use crate::timing::End;

/// The form format's version, in the hidden sheet: a reader refuses a version it does not know.
pub const VERSION: &str = "1";
/// The hidden sheet's name and the first word of a CSV form.
pub const MARK: &str = "roadmap-form";
pub const META_SHEET: &str = "_form";

/// What a form asks about.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// The owner (部局) and 大項目/中項目 asked about: status's filters.
    pub filter: status::Filter,
    pub items: Vec<ItemId>,
}

/// Who a form went to, when, and what it was made from: kept in the form itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub id: String,
    /// The plan's title: a form answers one roadmap.
    pub plan: String,
    /// The rest of the plan's identity ([`plan_key`]); `None` in a form made before it was kept.
    pub plan_key: Option<String>,
    pub made_on: NaiveDate,
    pub as_of: NaiveDate,
    /// The FY the form asks about: 毎年度 rounds up to it, values up to it.
    pub fy: Fy,
    pub owner: Option<String>,
    pub revision: Option<String>,
    /// The language of the form's words (`ja`, `en`).
    pub lang: String,
}

/// A milestone (or one round of a 毎年度 milestone) asked about. What rows share (their item's
/// title, the owners) is shared, not copied into each: a form of every item has 400,000 rows at
/// 100,000 items, and its peak memory was at the edge of 1 GB.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressRow {
    pub item: ItemId,
    pub item_title: Arc<str>,
    pub owners: Arc<[String]>,
    pub milestone: String,
    pub text: String,
    pub round: Option<Fy>,
    /// The published plan: its first FY and its end.
    pub planned: (Fy, End),
    /// The plan in force on the as-of date.
    pub current: (Fy, End),
    /// The source's words for the timing (実施時期).
    pub timing_text: Option<String>,
    pub state: State,
    /// Boxed, as `closing`: a report is 200 bytes and most rows have none, while a form of every
    /// item has 400,000 rows at 100,000 items (a row was 736 bytes, now 352).
    pub last: Option<Box<Report>>,
    /// The report that made the row done or dropped, when one did: what an answer corrects.
    pub closing: Option<Box<Report>>,
    pub print: u64,
}

/// One FY of an indicator's series asked about; the series' words shared by its FYs' rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueRow {
    pub item: ItemId,
    pub indicator: Arc<str>,
    pub indicator_name: Arc<str>,
    pub series: Arc<str>,
    pub series_name: Arc<str>,
    pub fy: Fy,
    pub unit: Option<Arc<str>>,
    pub kind: SeriesKind,
    pub target: Option<f64>,
    /// The value recorded for the FY, if any: an answer corrects it.
    pub current: Option<Val>,
    pub print: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub meta: Meta,
    pub progress: Vec<ProgressRow>,
    pub values: Vec<ValueRow>,
}

/// FNV-1a, 64 bits: stable across builds and platforms (std's hasher is not).
fn fnv(parts: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Whether a report or change names the form `id` as where it came from.
pub fn came_from(form: &Option<crate::model::Sp<String>>, id: &str) -> bool {
    form.as_ref().is_some_and(|f| f.value == id)
}

/// A milestone's fingerprint: its text, schedule, changes and reports, leaving out what the form
/// `own` itself brought in (so a form answered and imported still matches itself).
pub fn milestone_print(m: &Milestone, own: &str) -> u64 {
    let mine = |f: &Option<crate::model::Sp<String>>| came_from(f, own);
    let mut parts = vec![
        m.text.value.clone(),
        m.from.value.to_string(),
        m.to.value.to_string(),
        m.every_year.to_string(),
        opt(m.due.as_ref().map(|d| &d.value)),
    ];
    for c in m.changes.iter().filter(|c| !mine(&c.form)) {
        parts.extend([
            c.on.value.to_string(),
            opt(c.from.as_ref().map(|f| &f.value)),
            opt(c.to.as_ref().map(|f| &f.value)),
            c.reason.value.clone(),
        ]);
        // Only when written, so that the prints of forms sent before these keys stay the same.
        if c.until.is_some() || c.approx || c.open {
            parts.extend([
                opt(c.until.as_ref().map(|u| u.value.as_text())),
                c.approx.to_string(),
                c.open.to_string(),
            ]);
        }
    }
    for r in m.reports.iter().filter(|r| !mine(&r.form)) {
        parts.extend([
            r.on.value.to_string(),
            opt(r.status.as_ref().map(|s| s.value.as_str())),
            opt(r.fy.as_ref().map(|f| &f.value)),
            opt(r.text.as_ref().map(|t| &t.value)),
            opt(r.evidence.as_ref().map(|t| &t.value)),
            opt(r.reason.as_ref().map(|t| &t.value)),
        ]);
    }
    fnv(&parts)
}

/// One FY of a series' fingerprint: its value, source and note, and the target for it.
pub fn value_print(s: &Series, fy: Fy) -> u64 {
    let v = s.values.iter().find(|v| v.fy.value == fy);
    fnv(&[
        opt(v.map(|v| v.value.value.shown())),
        opt(v.and_then(|v| v.source.as_ref()).map(|t| &t.value)),
        opt(v.and_then(|v| v.note.as_ref()).map(|t| &t.value)),
        opt(s.targets.get(&fy).map(|t| t.value)),
        opt(s.unit.as_ref().map(|u| &u.value)),
    ])
}

/// The owners (部局) named by the items of a scope and by their milestones (主担当 of a measure),
/// each once, in order of first appearance: one form each for `form --each-owner`.
pub fn owners(roadmap: &Roadmap, scope: &Scope) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in roadmap.items.iter().filter(|i| in_scope(scope, i)) {
        let of_milestones = item.milestones.iter().flat_map(|m| &m.owners);
        for o in item.owners.iter().chain(of_milestones) {
            if !out.contains(&o.value) {
                out.push(o.value.clone());
            }
        }
    }
    out
}

/// The owner a form is for, by what `--owner` typed: the form names it as its 照会先 and import
/// records it as each report's `by`, so a part of a name (`課`) is made the one owner it is part
/// of, and a part of several is refused, naming them. A name no lead owner has is kept as typed
/// (a related owner), or refused by [`check_owner`].
pub fn owner_named(roadmap: &Roadmap, typed: &str) -> Result<String, Msg> {
    let all = owners(roadmap, &Scope::default());
    if all.iter().any(|o| o == typed) {
        return Ok(typed.to_owned());
    }
    let matching: Vec<String> = all.into_iter().filter(|o| o.contains(typed)).collect();
    match matching.as_slice() {
        [one] => Ok(one.clone()),
        [] => check_owner(roadmap, Some(typed)).map(|()| typed.to_owned()),
        _ => Err(Msg::OwnerAmbiguous {
            owner: typed.to_owned(),
            owners: matching,
        }),
    }
}

/// `Ok` unless `owner` is one no item has; the error names the owners there are.
pub fn check_owner(roadmap: &Roadmap, owner: Option<&str>) -> Result<(), Msg> {
    let Some(owner) = owner else {
        return Ok(());
    };
    let by_owner = status::Filter {
        owner: Some(owner.to_owned()),
        ..status::Filter::default()
    };
    if roadmap.items.iter().any(|i| by_owner.keeps_item(i)) {
        return Ok(());
    }
    Err(Msg::NoSuchOwner {
        owner: owner.to_owned(),
        owners: owners(roadmap, &Scope::default()),
    })
}

/// The file names of the owners' forms, in their order: each name, with what file systems refuse
/// (`/`, `\`, `:`, `*`, `?`, `"`, `<`, `>`, `|`, control characters, a leading dot) made `_`, and
/// `-2`, `-3` … after a name that two owners would share.
pub fn file_names(owners: &[String], ext: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for owner in owners {
        let stem = file_stem(owner);
        let mut name = format!("{stem}.{ext}");
        let mut n = 1;
        while out.contains(&name) {
            n += 1;
            name = format!("{stem}-{n}.{ext}");
        }
        out.push(name);
    }
    out
}

fn file_stem(owner: &str) -> String {
    let stem: String = owner
        .trim()
        .chars()
        .enumerate()
        .map(|(n, c)| {
            let bad = c.is_control() || "/\\:*?\"<>|".contains(c) || (n == 0 && c == '.');
            if bad { '_' } else { c }
        })
        .collect();
    if stem.is_empty() {
        "_".to_owned()
    } else {
        stem
    }
}

/// Whether an item is in the scope.
fn in_scope(scope: &Scope, item: &crate::model::Item) -> bool {
    (scope.items.is_empty() || scope.items.contains(&item.id.value))
        && scope.filter.keeps_item(item)
}

/// The latest report on or before a day (about a round, when given: its own or the milestone's).
fn last_report(m: &Milestone, round: Option<Fy>, day: NaiveDate) -> Option<Box<Report>> {
    m.reports_on(day)
        .into_iter()
        .rev()
        .find(|r| round.is_none() || r.fy.as_ref().is_none_or(|f| Some(f.value) == round))
        .map(|r| Box::new(r.clone()))
}

fn closed(state: State) -> bool {
    matches!(state, State::Done | State::Dropped)
}

/// The report a row's done or dropped state comes from, with its place among the milestone's
/// reports (file order): the latest report with a status, of the round's own for a round. `None`
/// when the row is neither done nor dropped by such a report (a round done or dropped by a report
/// about the whole milestone is answered by a report of its own, which takes precedence).
pub fn closing(m: &Milestone, round: Option<Fy>, day: NaiveDate) -> Option<(usize, &Report)> {
    if m.every_year != round.is_some() {
        return None;
    }
    let last = m
        .reports_on(day)
        .into_iter()
        .rev()
        .filter(|r| r.status.is_some())
        .find(|r| r.fy.as_ref().map(|f| f.value) == round)?;
    matches!(
        last.status.as_ref().map(|s| s.value),
        Some(Reported::Done | Reported::Dropped)
    )
    .then_some(())?;
    let index = m.reports.iter().position(|r| std::ptr::eq(r, last))?;
    Some((index, last))
}

/// The form for a scope: the milestones begun by `meta.fy` (for 毎年度 milestones, each round up
/// to it), those reported done or dropped too so that an answer can correct them, and each series'
/// value for every FY up to it, recorded or not. Rows in roadmap order.
pub fn build(roadmap: &Roadmap, scope: &Scope, mut meta: Meta) -> Form {
    meta.id = with_content(&meta, roadmap, scope);
    let calendar = status::Calendar::of(&roadmap.plan);
    let first_fy = roadmap.plan.period.first_fy.value;
    let (mut progress, mut values) = (Vec::new(), Vec::new());
    for item in roadmap.items.iter().filter(|i| in_scope(scope, i)) {
        // An item in scope for some of its measures (`--owner`) asks about those only.
        let item = scope.filter.owner_part(item);
        let id = item.id.value;
        let title: Arc<str> = item.title.value.as_str().into();
        let of = |list: &[crate::model::Sp<String>]| -> Arc<[String]> {
            list.iter().map(|o| o.value.clone()).collect()
        };
        // A 再掲 is answered where it is recorded (its own records are refused, RM227).
        for m in item.milestones.iter().filter(|m| m.restates.is_none()) {
            // Who answers for the measure: its 主担当, else the item's.
            let owners = if m.owners.is_empty() {
                of(&item.owners)
            } else {
                of(&m.owners)
            };
            let (state, rounds) = status::milestone_state(m, meta.as_of, calendar);
            // What came before the plan is the source's record, not a question for the 部局.
            if state == State::BeforePlan {
                continue;
            }
            let current = (m.schedule_on(meta.as_of).0, m.end_on(meta.as_of));
            let row = |round: Option<Fy>, state: State| ProgressRow {
                item: id,
                item_title: Arc::clone(&title),
                owners: Arc::clone(&owners),
                milestone: m.id.value.clone(),
                text: m.text.value.clone(),
                round,
                planned: (m.from.value, m.published_end()),
                current: current.clone(),
                timing_text: m.timing_text.as_ref().map(|t| t.value.clone()),
                state,
                last: last_report(m, round, meta.as_of),
                closing: closing(m, round, meta.as_of).map(|(_, r)| Box::new(r.clone())),
                print: milestone_print(m, &meta.id),
            };
            match rounds {
                Some(rounds) => {
                    for r in rounds.iter().filter(|r| r.fy <= meta.fy || closed(r.state)) {
                        progress.push(row(Some(r.fy), r.state));
                    }
                }
                None if current.0 <= meta.fy || closed(state) => progress.push(row(None, state)),
                None => {}
            }
        }
        for ind in &item.indicators {
            let (indicator, indicator_name): (Arc<str>, Arc<str>) =
                (ind.id.value.as_str().into(), ind.name.value.as_str().into());
            for s in &ind.series {
                let (series, series_name): (Arc<str>, Arc<str>) =
                    (s.id.value.as_str().into(), s.name.value.as_str().into());
                let unit: Option<Arc<str>> = s.unit.as_ref().map(|u| u.value.as_str().into());
                for fy in first_fy..=meta.fy {
                    values.push(ValueRow {
                        item: id,
                        indicator: Arc::clone(&indicator),
                        indicator_name: Arc::clone(&indicator_name),
                        series: Arc::clone(&series),
                        series_name: Arc::clone(&series_name),
                        fy,
                        unit: unit.clone(),
                        kind: s.kind.value,
                        target: s.targets.get(&fy).map(|t| t.value),
                        current: s
                            .values
                            .iter()
                            .find(|v| v.fy.value == fy)
                            .map(|v| v.value.value.clone()),
                        print: value_print(s, fy),
                    });
                }
            }
        }
    }
    Form {
        meta,
        progress,
        values,
    }
}

/// A form's id: the day it was made and a hash of what it asks, so that two forms made the same
/// day for different 部局 differ and the same form made twice is the same ([`build`] adds what
/// its rows show: `with_content`).
pub fn form_id(roadmap: &Roadmap, scope: &Scope, made_on: NaiveDate, fy: Fy) -> String {
    let mut parts = vec![
        roadmap.plan.title.value.clone(),
        made_on.to_string(),
        fy.to_string(),
        opt(scope.filter.owner.as_ref()),
        // Written as it was when a group was (大項目, 中項目), so ids of earlier forms stay.
        format!(
            "{:?}",
            scope
                .filter
                .category
                .map(|g| (g.category(), (g.depth() > 1).then(|| g.subcategory())))
        ),
    ];
    parts.extend(scope.items.iter().map(ToString::to_string));
    let h = fnv(&parts);
    format!("{}-{:08x}", made_on.format("%Y%m%d"), h >> 32)
}

/// A form's id made from what its rows show as well ([`form_id`] and every print of the
/// milestones and series it asks about, all reports included): a form made again from the same
/// data is the same form, but one made after another's answers were imported, the same day for
/// the same scope, is another form. It was the same id, so its new answers read as a second copy
/// of the first form answering otherwise (a false conflict, that only `--force` passed).
fn with_content(meta: &Meta, roadmap: &Roadmap, scope: &Scope) -> String {
    let first = roadmap.plan.period.first_fy.value;
    let mut parts = vec![meta.id.clone()];
    for item in roadmap.items.iter().filter(|i| in_scope(scope, i)) {
        let item = scope.filter.owner_part(item);
        parts.extend(item.milestones.iter().map(|m| hex(milestone_print(m, ""))));
        for s in item.indicators.iter().flat_map(|i| &i.series) {
            parts.extend((first..=meta.fy).map(|y| hex(value_print(s, y))));
        }
    }
    format!(
        "{}-{:08x}",
        meta.made_on.format("%Y%m%d"),
        fnv(&parts) >> 32
    )
}

/// The answer words of the form's 状況 list, in a language's words and as the file records them
/// (`None`: 変更なし, no change of state).
pub fn answers(t: &crate::i18n::Words) -> [(&'static str, Option<Reported>); 5] {
    [
        (t.form_ans_done, Some(Reported::Done)),
        (t.form_ans_in_progress, Some(Reported::InProgress)),
        (t.form_ans_delayed, Some(Reported::Delayed)),
        (t.form_ans_dropped, Some(Reported::Dropped)),
        (t.form_ans_no_change, None),
    ]
}

/// What a row of a form is about, as the hidden sheet names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKey {
    Progress {
        item: ItemId,
        milestone: String,
        round: Option<Fy>,
    },
    Value {
        item: ItemId,
        indicator: String,
        series: String,
        fy: Fy,
    },
}

impl RowKey {
    /// The hidden sheet's cells for the key: kind, item, milestone or indicator, series, FY.
    pub fn cells(&self) -> [String; 5] {
        match self {
            RowKey::Progress {
                item,
                milestone,
                round,
            } => [
                "progress".into(),
                item.to_string(),
                milestone.clone(),
                String::new(),
                opt(round.as_ref()),
            ],
            RowKey::Value {
                item,
                indicator,
                series,
                fy,
            } => [
                "value".into(),
                item.to_string(),
                indicator.clone(),
                series.clone(),
                fy.to_string(),
            ],
        }
    }

    pub fn parse(cells: &[String]) -> Option<Self> {
        let get = |n: usize| cells.get(n).map(|s| s.trim()).unwrap_or_default();
        let item = ItemId::parse(get(1))?;
        match get(0) {
            "progress" => Some(RowKey::Progress {
                item,
                milestone: get(2).to_owned(),
                round: match get(4) {
                    "" => None,
                    y => Some(y.parse().ok()?),
                },
            }),
            "value" => Some(RowKey::Value {
                item,
                indicator: get(2).to_owned(),
                series: get(3).to_owned(),
                fy: get(4).parse().ok()?,
            }),
            _ => None,
        }
    }
}

impl ProgressRow {
    pub fn key(&self) -> RowKey {
        RowKey::Progress {
            item: self.item,
            milestone: self.milestone.clone(),
            round: self.round,
        }
    }
}

impl ValueRow {
    pub fn key(&self) -> RowKey {
        RowKey::Value {
            item: self.item,
            indicator: self.indicator.to_string(),
            series: self.series.to_string(),
            fy: self.fy,
        }
    }
}

/// What a sent form says of itself: its meta and each row's fingerprint.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub meta: Meta,
    pub rows: Vec<(RowKey, u64)>,
}

impl Form {
    /// Whether the form asks about nothing.
    pub fn is_empty(&self) -> bool {
        self.progress.is_empty() && self.values.is_empty()
    }

    /// What the form's hidden sheet records of each row ([`Sent::rows`]), made one at a time: a
    /// form of every item has 800,000 rows at 100,000 items.
    pub fn sent_rows(&self) -> impl Iterator<Item = (RowKey, u64)> + '_ {
        (self.progress.iter().map(|r| (r.key(), r.print)))
            .chain(self.values.iter().map(|r| (r.key(), r.print)))
    }
}

/// What makes a roadmap the one a form answers, besides its title: the day it was published, its
/// edition and its first FY (`2022-09-16 / 令和7年改定 / 2022`). Edits of items, notes or the
/// end of the period leave it as it is, so a form stays importable across them; another edition
/// of the plan, or another plan of the same title, does not.
pub fn plan_key(plan: &Plan) -> String {
    let mut parts = vec![opt(plan.published.as_ref().map(|p| p.value))];
    parts.extend(plan.edition.as_ref().map(|e| e.value.clone()));
    parts.push(plan.period.first_fy.value.to_string());
    parts.join(" / ")
}

impl Meta {
    /// A form's meta: made on `made_on` for `scope`, with the as-of date and FY it asks about
    /// (no owner, revision or language yet).
    pub fn new(
        roadmap: &Roadmap,
        scope: &Scope,
        made_on: NaiveDate,
        as_of: NaiveDate,
        fy: Fy,
    ) -> Self {
        Meta {
            id: form_id(roadmap, scope, made_on, fy),
            plan: roadmap.plan.title.value.clone(),
            plan_key: Some(plan_key(&roadmap.plan)),
            made_on,
            as_of,
            fy,
            owner: scope.filter.owner.clone(),
            revision: None,
            lang: String::new(),
        }
    }

    /// The meta as key and value cells (the hidden sheet's first rows; a CSV form's first line).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            (MARK, VERSION.to_owned()),
            ("id", self.id.clone()),
            ("plan", self.plan.clone()),
            ("plan_key", opt(self.plan_key.as_ref())),
            ("made_on", self.made_on.to_string()),
            ("as_of", self.as_of.to_string()),
            ("fy", self.fy.to_string()),
            ("owner", opt(self.owner.as_ref())),
            ("revision", opt(self.revision.as_ref())),
            ("lang", self.lang.clone()),
        ]
    }

    /// The meta back from its pairs; `None` when a key is missing or the version is not ours.
    pub fn from_pairs(pairs: &[(String, String)]) -> Option<Self> {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key.trim() == k)
                .map(|(_, v)| v.trim().to_owned())
        };
        let some = |s: String| (!s.is_empty()).then_some(s);
        (get(MARK)? == VERSION).then_some(())?;
        Some(Meta {
            id: some(get("id")?)?,
            plan: get("plan")?,
            plan_key: get("plan_key").and_then(some),
            made_on: get("made_on")?.parse().ok()?,
            as_of: get("as_of")?.parse().ok()?,
            fy: get("fy")?.parse().ok()?,
            owner: get("owner").and_then(some),
            revision: get("revision").and_then(some),
            lang: get("lang").unwrap_or_else(|| "ja".into()),
        })
    }
}

/// A fingerprint as the form writes it.
pub fn hex(print: u64) -> String {
    format!("{print:016x}")
}

/// An item a sent form asked about that has had no answer since.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Unanswered {
    pub form: String,
    pub made_on: NaiveDate,
    /// Who was asked: the form's 照会先, else the item's owners.
    pub owner: String,
    pub item: ItemId,
    pub title: String,
}

/// The items in the sent forms' scope with no report or value from the form and none dated (or
/// published) on or after the day it was made: the office's reminder list, by owner, then form,
/// then item.
pub fn unanswered(roadmap: &Roadmap, sent: &[Sent]) -> Vec<Unanswered> {
    let mut out = Vec::new();
    for s in sent {
        let mut items: Vec<ItemId> = s
            .rows
            .iter()
            .map(|(k, _)| match k {
                RowKey::Progress { item, .. } | RowKey::Value { item, .. } => *item,
            })
            .collect();
        items.sort();
        items.dedup();
        for id in items {
            let Some(item) = roadmap.item(&id) else {
                continue;
            };
            let asked = &s.meta.id;
            let answered = item
                .milestones
                .iter()
                .flat_map(|m| &m.reports)
                .any(|r| r.on.value >= s.meta.made_on || came_from(&r.form, asked))
                || item
                    .indicators
                    .iter()
                    .flat_map(|i| &i.series)
                    .flat_map(|x| &x.values)
                    .any(|v| {
                        came_from(&v.form, asked)
                            || v.published
                                .as_ref()
                                .is_some_and(|p| p.value >= s.meta.made_on)
                    });
            if answered {
                continue;
            }
            let owner = s.meta.owner.clone().unwrap_or_else(|| {
                item.owners
                    .iter()
                    .map(|o| o.value.as_str())
                    .collect::<Vec<_>>()
                    .join("・")
            });
            out.push(Unanswered {
                form: s.meta.id.clone(),
                made_on: s.meta.made_on,
                owner,
                item: id,
                title: item.title.value.clone(),
            });
        }
    }
    out.sort_by(|a, b| (&a.owner, &a.form, a.item).cmp(&(&b.owner, &b.form, b.item)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sp;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    fn report(on: NaiveDate, status: Option<Reported>, fy: Option<Fy>) -> Report {
        Report {
            on: Sp::bare(on),
            status: status.map(Sp::bare),
            fy: fy.map(Sp::bare),
            ..Report::default()
        }
    }

    #[test]
    fn the_closing_report_is_the_latest_with_a_status_of_the_row() {
        use Reported::{Done, Dropped, InProgress};
        let mut m = Milestone {
            reports: vec![
                report(d(2023, 6, 1), Some(Done), None),
                report(d(2023, 3, 1), Some(InProgress), None),
                report(d(2023, 7, 1), None, None),
            ],
            ..Milestone::default()
        };
        // File order is not date order: the place is the file's.
        assert_eq!(closing(&m, None, d(2024, 1, 1)).map(|(i, _)| i), Some(0));
        assert_eq!(closing(&m, None, d(2023, 5, 1)), None, "not done yet then");
        m.reports
            .push(report(d(2023, 8, 1), Some(InProgress), None));
        assert_eq!(
            closing(&m, None, d(2024, 1, 1)),
            None,
            "undone by a later one"
        );
        // A round: its own reports only.
        let rounds = Milestone {
            every_year: true,
            reports: vec![
                report(d(2023, 3, 1), Some(Done), Some(2022)),
                report(d(2023, 9, 1), Some(Dropped), None),
            ],
            ..Milestone::default()
        };
        assert_eq!(
            closing(&rounds, Some(2022), d(2024, 1, 1)).map(|(i, _)| i),
            Some(0)
        );
        assert_eq!(closing(&rounds, Some(2023), d(2024, 1, 1)), None);
        assert_eq!(closing(&rounds, None, d(2024, 1, 1)), None);
    }

    #[test]
    fn owners_file_names_are_safe_and_distinct() {
        let owners: Vec<String> = ["人事課", "a/b", "a:b", ".hidden", " "]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            file_names(&owners, "xlsx"),
            [
                "人事課.xlsx",
                "a_b.xlsx",
                "a_b-2.xlsx",
                "_hidden.xlsx",
                "_.xlsx"
            ]
        );
    }
}
