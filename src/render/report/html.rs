//! The report as one self-contained HTML page: no JavaScript, no external resources, a Japanese
//! font stack, an SVG timeline of every milestone, small SVG charts of indicators with data, and a
//! print stylesheet (A4 landscape).
//!
//! The page comes from a minijinja template with HTML auto-escaping: this module turns the report's
//! tables into a view (strings and numbers) and the template prints it. No text from the data
//! reaches the page unescaped: what the template prints is escaped by it, and what this module
//! marks safe it made itself, escaping every text with minijinja's own `HtmlEscape` first. Two
//! filters return markup: `css_string` turns text into a CSS string for the printed header and
//! footer (`@page` margin boxes), every character but a letter, a digit or a space hex-escaped, so
//! it holds no quote, backslash or `<` of its own; `unbroken` HTML-escapes text and then wraps
//! number-like tokens (ids, dates, 年度) in a span that does not break. The parts a large report
//! repeats tens of thousands of times are markup made here the same way (`cells_markup`,
//! `line_markup`, `group_rows_markup`, `lanes_markup`, `bars_markup`, `chart_bars_markup`,
//! `detail_markup`): a row's cells, a line and a group's rows of the roadmap table, the timeline's
//! lanes and bars, a chart's bars, an item's details, where the template's loop steps and filter
//! calls were most of the page's time. A Content-Security-Policy forbids scripts on top of that.

use minijinja::HtmlEscape as E;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use std::fmt::Write as _;

use super::{Cell, RowKind, Table};
use crate::i18n::{Lang, Msg};
use crate::model::{Fy, FyStart};
use crate::model::{SeriesKind, Val};
use crate::render::theme;
use crate::report::{Column, IndicatorReport, IndicatorValue, Report, SeriesReport};
use crate::status::State;
use crate::text::number;
use crate::timing::Until;

const TEMPLATE: &str = include_str!("../../../templates/report.html");
const SUMMARY_TEMPLATE: &str = include_str!("../../../templates/summary.html");

/// The one-page summary as the template prints it.
#[derive(Debug, Serialize)]
struct SummaryPage {
    lang: &'static str,
    title: String,
    heading: String,
    info: Vec<(String, minijinja::Value)>,
    headline: String,
    w: &'static crate::i18n::Words,
    overview: View,
    note: String,
    lists: Vec<SummaryList>,
}

#[derive(Debug, Serialize)]
struct SummaryList {
    title: String,
    view: View,
    /// The rows left out, worded (`ほか35件`); empty when none.
    more: String,
}

#[derive(Debug, Serialize)]
struct Page {
    lang: &'static str,
    title: String,
    title_en: Option<String>,
    heading: String,
    info: Vec<(String, minijinja::Value)>,
    plan_over: Option<&'static str>,
    /// The running header and footer of printed pages: title, 基準日, page n/N.
    running: Running,
    w: &'static crate::i18n::Words,
    legend: Vec<Legend>,
    overview: View,
    themes: Option<View>,
    /// 担当別: the owner roll-up.
    owners: Option<View>,
    burnup: Option<Burnup>,
    table: RoadmapTable,
    no_schedule: Vec<String>,
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Running {
    title: String,
    as_of: String,
    /// `{page} / {pages}` split around the counters: (before, between, after).
    page: (String, String, String),
}

/// Text for a cell, HTML-escaped, with what no line may break inside — a state's mark and label
/// (`● 完了`, `△（期限超過・未報告）`), an id (`1-1-1`), a date (`2023-06-30`, `令和5年12月22日`), a
/// year with its 年度 (`2022年度`) — in a span that does not break. The tokens are found in the
/// text and each piece is escaped on its own, so no span falls inside an entity.
fn unbroken(s: &str, labels: &super::Labels) -> minijinja::Value {
    let mut out = String::with_capacity(s.len() + 16);
    unbroken_into(&mut out, s, labels);
    minijinja::Value::from_safe_string(out)
}

/// [`unbroken`], written at the end of `out`.
fn unbroken_into(out: &mut String, s: &str, labels: &super::Labels) {
    let piece = |from: usize, to: usize| s.get(from..to).unwrap_or_default();
    let mut at = 0;
    for (a, b) in super::unbreakable(s, labels) {
        escape_into(out, piece(at, a));
        out.push_str("<span class=\"nb\">");
        escape_into(out, piece(a, b));
        out.push_str("</span>");
        at = b;
    }
    escape_into(out, piece(at, s.len()));
}

/// `s` HTML-escaped at the end of `out`, as minijinja's `HtmlEscape` escapes it. Most of a
/// page's texts hold nothing to escape: those are found by a pass with no branch per byte and
/// copied as they are.
fn escape_into(out: &mut String, s: &str) {
    let escaped = |b: u8| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\'' | b'/');
    if s.bytes().fold(false, |any, b| any | escaped(b)) {
        let _ = write!(out, "{}", E(s));
    } else {
        out.push_str(s);
    }
}

/// A row's cells as markup: each in a `td`, HTML-escaped. A cell of 14 characters or fewer (a
/// date, an id, a state) is kept on one line whole (`nb`), so the tokens in it need no span of
/// their own; a longer one is [`unbroken`]. The rows of the lists and of the items' tables are most of
/// the page's cells (300,000 at 10,000 items); made here, a row is one value for the template,
/// where each cell cost it a loop step and two filter calls.
fn cells_markup(cells: &[String], labels: &super::Labels) -> minijinja::Value {
    let mut out = String::with_capacity(cells.iter().map(|t| t.len() + 24).sum());
    for c in cells {
        if c.len() <= 14 || c.chars().count() <= 14 {
            out.push_str("<td class=\"nb\">");
            escape_into(&mut out, c);
        } else {
            out.push_str("<td>");
            unbroken_into(&mut out, c, labels);
        }
        out.push_str("</td>");
    }
    minijinja::Value::from_safe_string(out)
}

/// A table's headers as markup, each in a `th`, HTML-escaped and [`unbroken`].
fn headers_markup(headers: &[String], labels: &super::Labels) -> minijinja::Value {
    let mut out = String::with_capacity(headers.iter().map(|t| t.len() + 24).sum());
    for h in headers {
        out.push_str("<th>");
        unbroken_into(&mut out, h, labels);
        out.push_str("</th>");
    }
    minijinja::Value::from_safe_string(out)
}

/// The template environment: HTML auto-escaping (the names end in .html), strict undefined
/// values, and the two filters that return markup.
fn environment(lang: Lang) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("css_string", css_string);
    let labels = super::unbreakable_labels(lang);
    env.add_filter("unbroken", move |s: String| unbroken(&s, labels));
    env
}

/// Text as a quoted CSS string: everything but ASCII letters, digits and spaces hex-escaped.
fn css_string(s: String) -> minijinja::Value {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    minijinja::Value::from_safe_string(out)
}

/// A text of the data as the page holds it in a table cell: the `unbroken` filter's markup, less
/// the control and bidi characters the page drops. Public for the fuzz target that checks that no
/// markup but this module's spans comes out of it (fuzz/fuzz_targets/escape.rs).
pub fn cell_markup(text: &str) -> String {
    let labels = super::unbreakable_labels(Lang::Ja);
    crate::text::strip_unsafe(&unbroken(text, labels).to_string()).into_owned()
}

/// A text as the `css_string` filter writes it into the print stylesheet (the same fuzz target).
pub fn css_markup(text: &str) -> String {
    css_string(text.to_owned()).to_string()
}

#[derive(Debug, Serialize)]
struct Legend {
    mark: &'static str,
    label: &'static str,
    color: String,
}

/// A list's head (its rows are rendered apart, a batch at a time).
#[derive(Debug, Serialize)]
struct ListHead {
    title: String,
    count: usize,
    headers: Vec<String>,
}

/// A table as the template prints it: text cells.
#[derive(Debug, Serialize)]
struct View {
    headers: Vec<String>,
    rows: Vec<ViewRow>,
}

#[derive(Debug, Serialize)]
struct ViewRow {
    class: &'static str,
    cells: Vec<String>,
}

/// A table whose headers and rows' cells are markup already ([`headers_markup`],
/// [`cells_markup`]): an item's milestones and indicators.
#[derive(Debug)]
struct MarkedView {
    /// How many columns.
    columns: usize,
    headers: minijinja::Value,
    rows: Vec<MarkedRow>,
}

#[derive(Debug, Serialize)]
struct MarkedRow {
    class: &'static str,
    /// The row's `td`s, escaped ([`cells_markup`]).
    cells: minijinja::Value,
}

#[derive(Debug, Serialize)]
struct Timeline {
    width: f64,
    height: f64,
    label_width: f64,
    axis: Vec<Tick>,
    /// The items' lanes and the milestones' bars, as markup ([`lanes_markup`], [`bars_markup`]).
    lanes: minijinja::Value,
    bars: minijinja::Value,
    as_of_x: Option<f64>,
    as_of_label: String,
    plot_top: f64,
    plot_bottom: f64,
    /// The in-year parts of the plan's columns (上期・下期): lighter ticks, smaller labels.
    parts: Vec<Tick>,
    /// The named sub-periods (集中改革期間), as a band above the axis.
    phases: Vec<Band>,
    /// Where the column labels, the parts' labels and the band sit.
    axis_y: f64,
    parts_y: f64,
    band_y: f64,
}

/// A named sub-period over the timeline: from `x`, `w` wide.
#[derive(Clone, Debug, Serialize)]
struct Band {
    x: f64,
    w: f64,
    mid: f64,
    label: String,
}

/// Progress over time: one line per count, over the quarter ends up to the as-of day.
#[derive(Debug, Serialize)]
struct Burnup {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    total: usize,
    lines: Vec<BurnupLine>,
    ticks: Vec<Tick>,
    note: &'static str,
}

#[derive(Debug, Serialize)]
struct BurnupLine {
    label: &'static str,
    color: String,
    dashed: bool,
    path: String,
    last: usize,
    last_y: f64,
    points: Vec<ChartPoint>,
}

#[derive(Clone, Debug, Serialize)]
struct Tick {
    x: f64,
    mid: f64,
    label: String,
}

#[derive(Debug)]
struct Lane {
    y: f64,
    height: f64,
    label: String,
    title: String,
    shaded: bool,
}

#[derive(Debug)]
struct Bar {
    /// The published plan where a change moved it: an outline under the bar in force, no mark.
    outline: bool,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    color: String,
    state: &'static str,
    /// The state's mark, drawn on the bar: states told apart without colour.
    mark: &'static str,
    title: String,
}

#[derive(Debug, Serialize)]
struct RoadmapTable {
    headers: Vec<String>,
    /// The header's rows: phases, columns, parts.
    head: super::GridHead,
    ncols: usize,
}

#[derive(Debug, Serialize)]
struct TableGroup {
    category: Option<String>,
    /// The deeper groups' headings and the items' rows as markup ([`group_rows_markup`]).
    rows: minijinja::Value,
}

#[derive(Debug)]
struct Detail {
    /// The 大項目 heading when this item opens one; `page_break` when it is not the first.
    category: Option<String>,
    page_break: bool,
    anchor: String,
    /// The item's id and title, [`unbroken`] (it heads each of the item's tables).
    heading: minijinja::Value,
    /// Each fact's label, and its value [`unbroken`].
    facts: Vec<(String, minijinja::Value)>,
    milestones: Option<MarkedView>,
    indicators: Option<MarkedView>,
    charts: Vec<Chart>,
    notes: Vec<String>,
}

#[derive(Debug)]
struct Chart {
    title: String,
    width: f64,
    height: f64,
    baseline: f64,
    /// The bars with their values and FY labels, as markup ([`chart_bars_markup`]).
    bars: minijinja::Value,
    targets: Vec<ChartPoint>,
    target_path: String,
    max_label: String,
}

#[derive(Debug)]
struct ChartBar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: String,
    value: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChartPoint {
    x: f64,
    y: f64,
    value: String,
}

/// One cell as text; the template escapes it.
fn cell(c: &Cell<'_>, lang: Lang) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Strong(s) => s.to_string(),
        Cell::Note(s) => (*s).to_owned(),
        Cell::Count(n) => n.to_string(),
        Cell::Fraction(done, total) => format!("{done}/{total}"),
        Cell::Percent(p) => super::percent_label(*p, lang),
        Cell::Date(d) => d.map(|d| super::date_label(d, lang)).unwrap_or_default(),
        Cell::Fy(fy) => fy.to_string(),
        Cell::Span {
            from,
            end,
            every_year,
        } => super::span_label(*from, end, *every_year, lang),
        Cell::Number(v) => super::value_text(*v),
        Cell::ActualTarget(a, t) => super::actual_target_label(*a, *t, lang),
        Cell::State(s) => super::state_label(*s, lang),
        Cell::Reported(s) => lang.reported(*s).to_owned(),
        Cell::Attainment(a) => lang.attainment(*a).to_owned(),
        Cell::Tracked(track, text) => super::tracked_label(*track, text, lang),
        Cell::Milestone(m) => {
            let parts = super::milestone_parts(m, lang);
            let mut s = format!("{} {}", parts.mark, parts.tracked());
            for extra in &parts.extras {
                s.push_str(&lang.aside(extra));
            }
            s
        }
        Cell::Code(s) => (*s).to_owned(),
        Cell::Flag(b) => if *b { "1" } else { "" }.to_owned(),
        Cell::Lines(lines) => lines.join("\n"),
    }
}

fn class(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Plain => "",
        RowKind::Total => "total",
        RowKind::Category => "category",
        RowKind::Subcategory => "subcategory",
        RowKind::Theme => "theme",
        RowKind::Milestone(s) => s.as_str(),
    }
}

fn view(t: &Table<'_>, lang: Lang) -> View {
    View {
        headers: t.headers.clone(),
        rows: t.rows.iter().map(|r| view_row(r, lang)).collect(),
    }
}

fn view_row(r: &super::Row<'_>, lang: Lang) -> ViewRow {
    ViewRow {
        class: class(r.kind),
        cells: r.cells.iter().map(|c| cell(c, lang)).collect(),
    }
}

fn marked_view(t: &Table<'_>, lang: Lang) -> MarkedView {
    MarkedView {
        columns: t.headers.len(),
        headers: headers_markup(&t.headers, super::unbreakable_labels(lang)),
        rows: t.rows.iter().map(|r| marked_row(r, lang)).collect(),
    }
}

fn marked_row(r: &super::Row<'_>, lang: Lang) -> MarkedRow {
    let cells: Vec<String> = r.cells.iter().map(|c| cell(c, lang)).collect();
    MarkedRow {
        class: class(r.kind),
        cells: cells_markup(&cells, super::unbreakable_labels(lang)),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Lane height a printed timeline page holds (A4 landscape at the SVG's scale): the timeline is
/// cut into pages of whole items, each with its own FY axis.
const TIMELINE_PAGE: f64 = 540.0;
/// The first page's: the section's heading and legend sit above it on the same page (at 540, the
/// drawing went to the next page and left them alone on theirs).
const TIMELINE_FIRST_PAGE: f64 = 470.0;

/// A number as the template prints one (`24.3`, `260.0`).
fn num(x: f64) -> Num {
    Num { x, point: true }
}

/// A number as `{}` prints one (`24.3`, `260`): a path's coordinates.
fn coord(x: f64) -> Num {
    Num { x, point: false }
}

/// An SVG path through the points: `M10 20 L30 40.5`.
fn path(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut out = String::new();
    for (k, (x, y)) in points.enumerate() {
        let (sep, op) = if k == 0 { ("", "M") } else { (" ", "L") };
        let _ = write!(out, "{sep}{op}{} {}", coord(x), coord(y));
    }
    out
}

/// A coordinate, written as `{}` writes an `f64` (its shortest form that reads back the same),
/// with `.0` after a whole number when `point` (as minijinja writes a float). A drawing's
/// coordinates are in tenths ([`round1`]), and those are written as digits, with no float
/// formatting: that was 7% of a page's instructions (60,000 numbers at 1,000 items).
#[derive(Debug, Clone, Copy)]
struct Num {
    x: f64,
    point: bool,
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.x * 10.0).round();
        // Exactly a whole number of tenths (what is read back from `t.d`), and small enough for
        // every integer to be a float: `t.d` is then the shortest form, as `{}` would write it.
        if self.x.is_sign_positive()
            && tenths < 1e15
            && (tenths / 10.0).to_bits() == self.x.to_bits()
        {
            // The digits from the last, written at once.
            let mut digits = [0_u8; 20];
            let mut at = digits.len();
            let mut put = |b: u8| {
                at -= 1;
                digits[at] = b;
            };
            let t = tenths as u64;
            if self.point || !t.is_multiple_of(10) {
                put(b'0' + (t % 10) as u8);
                put(b'.');
            }
            let mut whole = t / 10;
            loop {
                put(b'0' + (whole % 10) as u8);
                whole /= 10;
                if whole == 0 {
                    break;
                }
            }
            return f.write_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
        }
        if self.point {
            std::fmt::Display::fmt(&minijinja::Value::from(self.x), f)
        } else {
            std::fmt::Display::fmt(&self.x, f)
        }
    }
}

/// The lanes of a timeline page as markup: each item's id and title, every other lane shaded.
/// Made here, not in the template, as the bars are ([`bars_markup`]).
fn lanes_markup(lanes: &[Lane], width: f64) -> minijinja::Value {
    let mut out = String::new();
    for l in lanes {
        let _ = write!(out, "<g class=\"lane\"><title>{}</title>", E(&l.title));
        if l.shaded {
            let _ = write!(
                out,
                "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f6f6f6\"></rect>",
                num(l.y),
                num(width),
                num(l.height)
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"4\" y=\"{}\" font-size=\"8\">{}</text></g>",
            num(l.y + l.height / 2.0 + 3.0),
            E(&l.label)
        );
    }
    minijinja::Value::from_safe_string(out)
}

/// The bars of a timeline page as markup: a `rect` in the state's colour with its milestone as
/// the title, and the state's mark. A 10,000-item timeline has 40,000 bars of ten values each,
/// which cost the template more than all the rest of the timeline; each text is HTML-escaped.
fn bars_markup(bars: &[Bar]) -> minijinja::Value {
    let mut out = String::with_capacity(bars.len() * 320);
    for b in bars {
        // The published plan where a change moved it: an outline, under the bar in force.
        if b.outline {
            let _ = writeln!(
                out,
                "<rect class=\"planned\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"1.5\" \
                 fill=\"none\"><title>{}</title></rect>",
                num(b.x),
                num(b.y - 1.0),
                num(b.w),
                num(b.h + 2.0),
                E(&b.title),
            );
            continue;
        }
        let _ = writeln!(
            out,
            "<rect class=\"bar {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"1.5\" \
             fill=\"{}\"><title>{}</title></rect><text x=\"{}\" y=\"{}\">{}</text>",
            E(b.state),
            num(b.x),
            num(b.y),
            num(b.w),
            num(b.h),
            E(&b.color),
            E(&b.title),
            num(b.x + 1.5),
            num(b.y + b.h - 1.2),
            E(b.mark)
        );
    }
    minijinja::Value::from_safe_string(out)
}

/// Where one item's lane goes on a timeline page: the item's number in the report, its top and
/// its height.
type Slot = (usize, f64, f64);

/// One page of the timeline before it is drawn: its lanes, and where the last one ends.
struct PageSlots {
    slots: Vec<Slot>,
    bottom: f64,
}

/// The timeline, page by page: each item's lanes labelled with its id and title (paper shows no
/// tooltips), each bar with its state's mark as well as its colour (greyscale prints tell marks
/// apart, not fills). The pages are cut here (a lane's height is its item's rows), and each is
/// drawn by the returned maker when it is rendered, on the core that renders it: all of them at
/// once were tens of megabytes on a large roadmap, and drawn as they were cut, one core drew
/// every bar while the other waited.
fn timeline<'r>(
    r: &'r Report<'r>,
    calendar: FyStart,
    lang: Lang,
) -> (Vec<PageSlots>, impl Fn(PageSlots) -> Timeline + Sync + 'r) {
    let label_width = 230.0;
    let width = 1000.0;
    let plot = width - label_width - 8.0;
    let top = 24.0;
    let lane_h = 10.0;
    let start = r.period_start;
    let days = (r.period_end - start).num_days().max(1) as f64 + 1.0;
    let x_of = move |d: chrono::NaiveDate| {
        let off = (d - start).num_days().clamp(0, days as i64) as f64;
        round1(label_width + plot * off / days)
    };
    let after = r.last_fy().saturating_add(1);
    let cols = &r.columns;
    // The days a column covers: a FY, the FYs of a merged column, everything before the plan
    // (drawn as the year before it), everything after it.
    let days_of = |k: usize| {
        let (from, to) = cols.fys(k);
        let a = from.map_or(r.period_start, |f| calendar.start_of(f).max(r.period_start));
        let b = match (cols.list[k], to) {
            (Column::After, _) | (_, None) => r.period_end.max(calendar.start_of(after)),
            (_, Some(to)) => calendar.end_of(to).min(r.period_end),
        };
        (a, b.max(a))
    };
    let next_day = |d: chrono::NaiveDate| d.succ_opt().unwrap_or(d);
    let axis: Vec<Tick> = (0..cols.list.len())
        .map(|k| {
            let (a, b) = days_of(k);
            let x0 = x_of(a);
            let x1 = x_of(next_day(b));
            Tick {
                x: x0,
                mid: round1((x0 + x1) / 2.0),
                label: super::column_label(cols.list[k], lang),
            }
        })
        .collect();
    let parts: Vec<Tick> = (0..cols.list.len())
        .flat_map(|k| {
            let (a, b) = days_of(k);
            let (x0, x1) = (x_of(a), x_of(next_day(b)));
            let n = cols.parts(k).len();
            cols.parts(k).iter().enumerate().map(move |(p, label)| {
                let w = (x1 - x0) / n as f64;
                let x = x0 + w * p as f64;
                Tick {
                    x: round1(x),
                    mid: round1(x + w / 2.0),
                    label: label.value.clone(),
                }
            })
        })
        .collect();
    let phases: Vec<Band> = cols
        .phases
        .iter()
        .map(|p| {
            let x0 = x_of(calendar.start_of(p.from).max(r.period_start));
            let x1 = x_of(next_day(calendar.end_of(p.to).min(r.period_end)));
            Band {
                x: x0,
                w: round1((x1 - x0).max(1.0)),
                mid: round1((x0 + x1) / 2.0),
                label: format!("{}{}", p.name, lang.aside(&lang.fy_span(p.from, p.to))),
            }
        })
        .collect();
    // Room above the axis for the phase band and the sub-column labels.
    let band_y = 2.0;
    let axis_y = top - 6.0 + if phases.is_empty() { 0.0 } else { 14.0 };
    let parts_y = axis_y + 10.0;
    let top = axis_y + 6.0 + if parts.is_empty() { 0.0 } else { 10.0 };
    let as_of = r.standing.as_of;
    let as_of_x = (as_of >= r.period_start && as_of <= r.period_end).then(|| x_of(as_of));
    let page = move |lanes: Vec<Lane>, bars: Vec<Bar>, y: f64| Timeline {
        width,
        height: round1(y + 6.0),
        label_width,
        axis: axis.clone(),
        lanes: lanes_markup(&lanes, width),
        bars: bars_markup(&bars),
        as_of_x,
        as_of_label: format!("{} {}", lang.t().as_of, super::date_label(as_of, lang)),
        plot_top: top,
        plot_bottom: round1(y),
        parts: parts.clone(),
        phases: phases.clone(),
        axis_y,
        parts_y,
        band_y,
    };
    // One item's lane at `y`, and its milestones' bars.
    let lane = move |n: usize,
                     item: &crate::report::ItemReport<'_>,
                     y: f64,
                     h: f64,
                     bars: &mut Vec<Bar>| {
        for (k, line) in item.rows.iter().enumerate() {
            for c in &line.cells {
                let Some(m) = c.milestone().and_then(|m| item.milestones.get(m)) else {
                    continue;
                };
                let (ms, st) = (m.milestone, m.standing);
                // From the first day of `from` to the last of `to` (or of its `until` point, when
                // it ends within that FY).
                let span_x = |from: Fy, to: Fy, until: Option<Until>| {
                    let x0 = x_of(calendar.start_of(from).max(r.period_start));
                    let end = until
                        .filter(|u| u.fy(calendar) == to)
                        .map_or_else(|| calendar.end_of(to), |u| u.last_day(calendar))
                        .min(r.period_end);
                    (x0, x_of(end.succ_opt().unwrap_or(end)).max(x0 + 2.0))
                };
                let bar_y = round1(y + 2.0 + k as f64 * lane_h + 1.0);
                let what = format!("{} {}: {}", item.id(), ms.id.value, ms.text.value);
                let current = lang.end_span(st.from, &st.end, false);
                // The published plan stays in sight, outlined, where a change moved it.
                let shown = if st.rescheduled() {
                    let planned = lang.end_span(st.planned_from, st.planned_end(), false);
                    let (x0, x1) = span_x(st.planned_from, st.planned_to, st.planned_end().until);
                    bars.push(Bar {
                        outline: true,
                        x: x0,
                        y: bar_y,
                        w: round1(x1 - x0 - 1.0),
                        h: lane_h - 2.0,
                        color: String::new(),
                        state: "planned",
                        mark: "",
                        title: format!(
                            "{what}{}",
                            lang.aside(&format!("{}: {planned}", lang.t().planned_plan))
                        ),
                    });
                    format!("{}: {current}", lang.t().current_plan)
                } else {
                    current
                };
                // The plan in force, in the milestone's state; a 毎年度 milestone's rounds each in
                // their own.
                let rounds: Vec<(Fy, Fy, Option<Until>, State)> = match st.rounds.as_deref() {
                    Some(rounds) if ms.every_year && !rounds.is_empty() => rounds
                        .iter()
                        .map(|round| (round.fy, round.fy, None, round.state))
                        .collect(),
                    _ => vec![(st.from, st.to, st.end.until, m.state)],
                };
                for (from, to, until, state) in rounds {
                    let (x0, x1) = span_x(from, to, until);
                    let round = (from == to && ms.every_year).then(|| lang.fy_short(from));
                    let about: Vec<&str> = [Some(shown.as_str()), round.as_deref()]
                        .into_iter()
                        .flatten()
                        .chain([lang.state(state)])
                        .collect();
                    bars.push(Bar {
                        outline: false,
                        x: x0,
                        y: bar_y,
                        w: round1(x1 - x0 - 1.0),
                        h: lane_h - 2.0,
                        color: theme::css(theme::tone(state)),
                        state: state.as_str(),
                        mark: theme::mark(state, false),
                        title: format!("{what}{}", lang.aside(&lang.list(&about))),
                    });
                }
            }
        }
        let title = item.item.title.value.as_str();
        Lane {
            y: round1(y),
            height: h,
            label: format!("{} {}", item.id(), crate::text::truncate(title, 30)),
            title: format!("{} {}", item.id(), title),
            shaded: n % 2 == 1,
        }
    };
    let mut pages = Vec::new();
    let (mut slots, mut y) = (Vec::new(), top);
    for (n, item) in r.items.iter().enumerate() {
        let h = item.rows.len().max(1) as f64 * lane_h + 4.0;
        let room = if pages.is_empty() {
            TIMELINE_FIRST_PAGE
        } else {
            TIMELINE_PAGE
        };
        if y + h - top > room && !slots.is_empty() {
            let slots = std::mem::take(&mut slots);
            pages.push(PageSlots { slots, bottom: y });
            y = top;
        }
        slots.push((n, y, h));
        y += h;
    }
    // One (empty) page even for no items at all.
    if !slots.is_empty() || pages.is_empty() {
        pages.push(PageSlots { slots, bottom: y });
    }
    let draw = move |p: PageSlots| {
        let mut bars = Vec::new();
        let lanes = p
            .slots
            .into_iter()
            .map(|(n, y, h)| lane(n, &r.items[n], y, h, &mut bars))
            .collect();
        page(lanes, bars, p.bottom)
    };
    (pages, draw)
}

/// A chart of one numeric series with data: actual values as bars, targets as a dashed line.
fn chart(i: &IndicatorReport<'_>, s: &SeriesReport<'_>, lang: Lang) -> Option<Chart> {
    let series = s.series;
    let numbers = |v: &IndicatorValue<'_>| v.actual.and_then(Val::number);
    let has_data = s
        .values
        .iter()
        .any(|v| numbers(v).is_some() || v.target.is_some());
    if series.kind.value == SeriesKind::Text || !has_data {
        return None;
    }
    let values: Vec<f64> = s
        .values
        .iter()
        .flat_map(|v| [numbers(v), v.target])
        .flatten()
        .filter(|v| v.is_finite())
        .collect();
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let max = if series.is_percentage() {
        100.0
    } else if max <= 0.0 {
        1.0
    } else {
        max
    };
    let (width, height) = (260.0, 130.0);
    let (left, bottom, top) = (8.0, height - 22.0, 16.0);
    let slot = (width - 2.0 * left) / s.values.len().max(1) as f64;
    let y_of = |v: f64| round1(bottom - (bottom - top) * (v.max(0.0) / max).min(1.0));
    let mut bars = Vec::new();
    let mut targets = Vec::new();
    for (k, v) in s.values.iter().enumerate() {
        let x = left + slot * k as f64;
        let actual = numbers(v);
        let y = actual.map_or(bottom, y_of);
        bars.push(ChartBar {
            x: round1(x + slot * 0.2),
            y,
            w: round1(slot * 0.6),
            h: round1(bottom - y),
            label: lang.fy_short(v.fy),
            value: actual.map(number),
        });
        if let Some(t) = v.target {
            targets.push(ChartPoint {
                x: round1(x + slot / 2.0),
                y: y_of(t),
                value: number(t),
            });
        }
    }
    let target_path = path(targets.iter().map(|p| (p.x, p.y)));
    let name = if i.series.len() > 1 {
        format!("{} — {}", i.indicator.name.value, series.name.value)
    } else {
        i.indicator.name.value.clone()
    };
    Some(Chart {
        bars: chart_bars_markup(&bars, bottom),
        title: match &series.unit {
            Some(u) => format!("{name}{}", lang.aside(&u.value)),
            None => name,
        },
        width,
        height,
        baseline: bottom,
        targets,
        target_path,
        max_label: number(max),
    })
}

/// A chart's bars as markup: each bar, its value above it when it has one, its FY below the
/// baseline. Made here as the timeline's bars are ([`bars_markup`]); each text is escaped.
fn chart_bars_markup(bars: &[ChartBar], baseline: f64) -> minijinja::Value {
    // The labels' font and anchor set once, for the texts in the group to inherit.
    let mut out = String::from("<g font-size=\"9\" text-anchor=\"middle\">");
    for b in bars {
        let _ = write!(
            out,
            "<rect class=\"actual\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
             fill=\"#5b9bd5\"></rect>",
            num(b.x),
            num(b.y),
            num(b.w),
            num(b.h)
        );
        let mid = num(b.x + b.w / 2.0);
        if let Some(value) = b.value.as_deref().filter(|v| !v.is_empty()) {
            let _ = write!(
                out,
                "<text x=\"{mid}\" y=\"{}\">{}</text>",
                num(b.y - 2.0),
                E(value)
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{mid}\" y=\"{}\">{}</text>",
            num(baseline + 12.0),
            E(&b.label)
        );
    }
    out.push_str("</g>");
    minijinja::Value::from_safe_string(out)
}

/// The burn-up chart of the report: done, reported and past due (derived) per quarter end, from
/// the dates the reports and changes carry; `None` before the plan's first day.
fn burnup(r: &Report<'_>, lang: Lang) -> Option<Burnup> {
    let t = lang.t();
    let points = crate::burnup::points(r.roadmap, r.standing.as_of, None);
    let total = points.last()?.total;
    let (width, height) = (720.0, 240.0);
    let (left, right, top, bottom) = (44.0, 610.0, 12.0, height - 28.0);
    let step = (right - left) / (points.len().max(2) - 1) as f64;
    let x_of = |k: usize| round1(left + step * k as f64);
    let y_of = |n: usize| round1(bottom - (bottom - top) * n as f64 / total.max(1) as f64);
    // Lines need darker colours than the state fills; past due (derived) is dashed.
    type Count = fn(&crate::burnup::Point) -> usize;
    let series: [(&'static str, &str, bool, Count); 3] = [
        (t.burnup_done, "#2e7d32", false, |p| p.done),
        (t.burnup_reported, "#1f5fa8", false, |p| p.reported),
        (t.burnup_past_due, "#c55a11", true, |p| p.past_due),
    ];
    let mut lines: Vec<BurnupLine> = series
        .into_iter()
        .map(|(label, color, dashed, count)| {
            let pts: Vec<ChartPoint> = points
                .iter()
                .enumerate()
                .map(|(k, p)| ChartPoint {
                    x: x_of(k),
                    y: y_of(count(p)),
                    value: format!("{} {}: {}", super::date_label(p.on, lang), label, count(p)),
                })
                .collect();
            let path = path(pts.iter().map(|p| (p.x, p.y)));
            let last = points.last().map_or(0, count);
            BurnupLine {
                label,
                color: color.to_owned(),
                dashed,
                path,
                last,
                last_y: y_of(last),
                points: pts,
            }
        })
        .collect();
    // The labels at the right end, kept apart when the lines end close together.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|a, b| lines[*a].last_y.total_cmp(&lines[*b].last_y));
    let mut floor = f64::MIN;
    for &k in &order {
        let y = lines[k].last_y.max(floor);
        lines[k].last_y = y;
        floor = y + 12.0;
    }
    // Pushed down past the axis (lines ending together at 0), they go up instead: the axis's
    // labels are below it.
    let mut ceiling = bottom;
    for &k in order.iter().rev() {
        let y = lines[k].last_y.min(ceiling);
        lines[k].last_y = y;
        ceiling = y - 12.0;
    }
    // A tick at each FY's last quarter end, labelled with the FY it closes.
    let calendar = r.roadmap.plan.fiscal_year_start;
    let ticks = points
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.on.succ_opt()
                .is_some_and(|d| calendar.fy_of(d) != calendar.fy_of(p.on))
        })
        .map(|(k, p)| Tick {
            x: x_of(k),
            mid: x_of(k),
            label: lang.fy_short(calendar.fy_of(p.on)),
        })
        .collect();
    Some(Burnup {
        width,
        height,
        left,
        right,
        top,
        bottom,
        total,
        lines,
        ticks,
        note: t.burnup_note,
    })
}

fn roadmap_table(r: &Report<'_>, lang: Lang) -> RoadmapTable {
    let headers = super::grid_headers(r, lang);
    RoadmapTable {
        ncols: headers.len(),
        headers,
        head: super::grid_head(&r.columns, lang),
    }
}

/// A line of an item in the roadmap table as markup, at the end of `out`: a milestone's cell in
/// its state's colour, with its mark, its text and its asides; an empty cell elsewhere. Each
/// text is HTML-escaped and [`unbroken`]. Made here, not in the template: the cells of 10,000
/// items' lines were a loop step and several lookups and filter calls each.
fn line_markup(out: &mut String, line: &[(usize, Cell<'_>)], lang: Lang, labels: &super::Labels) {
    for (span, c) in line {
        out.push_str("<td");
        // A cell of one column has no `colspan` (a 10,000-item table has 60,000 of them).
        if *span != 1 {
            let _ = write!(out, " colspan=\"{span}\"");
        }
        let Cell::Milestone(m) = c else {
            out.push_str("></td>");
            continue;
        };
        let parts = super::milestone_parts(m, lang);
        let dropped = if m.state == State::Dropped {
            " dropped"
        } else {
            ""
        };
        let _ = write!(
            out,
            " class=\"ms{dropped}\" style=\"background: {}\">\
             <span class=\"mark\">{}</span><span class=\"text\">",
            E(&theme::css(theme::tone(m.state))),
            E(&parts.mark)
        );
        unbroken_into(out, &parts.tracked(), labels);
        out.push_str("</span>");
        for e in &parts.extras {
            out.push_str("<span class=\"extra\">");
            unbroken_into(out, e, labels);
            out.push_str("</span>");
        }
        out.push_str("</td>");
    }
}

/// One group of the roadmap table (its headings and items), as the page writes it.
fn table_group(r: &Report<'_>, g: super::GridGroup<'_>, ncols: usize, lang: Lang) -> TableGroup {
    TableGroup {
        rows: group_rows_markup(r, &g, ncols, lang),
        category: g.category,
    }
}

/// A group's rows of the roadmap table as markup: the deeper groups' headings (indented by
/// depth), then each item's lines, its id, title and state spanning them on the first. Made here,
/// not in the template, as the details are ([`detail_markup`]): a 10,000-item table has 1,100
/// groups, and the template's loops over them cost more than the lines' own markup.
fn group_rows_markup(
    r: &Report<'_>,
    g: &super::GridGroup<'_>,
    ncols: usize,
    lang: Lang,
) -> minijinja::Value {
    let labels = super::unbreakable_labels(lang);
    let mut out = String::with_capacity(g.items.len() * 2048);
    // Each item in a row group of its own, which paper keeps on one page where it fits (a page
    // began with an item's lines under blank id and title cells); the group's headings go in its
    // first item's, so that a heading never ends a page. The template has a row group open.
    const ITEM: &str = "</tbody>\n<tbody class=\"item\">";
    out.push_str(ITEM);
    for (depth, heading) in &g.subs {
        let _ = write!(out, "<tr class=\"sub\"><td colspan=\"{ncols}\"");
        let indent = depth.saturating_sub(2);
        if indent > 0 {
            let _ = write!(out, " style=\"padding-left: {}px\"", 6 + indent * 14);
        }
        out.push('>');
        unbroken_into(&mut out, heading, labels);
        out.push_str("</td></tr>");
    }
    out.push('\n');
    for (n, item) in g.items.iter().enumerate() {
        if n > 0 {
            out.push_str(ITEM);
        }
        let lines = &item.lines;
        // An item without milestones still takes a row, with its note across the FY columns.
        let rowspan = lines.len().max(1);
        for k in 0..rowspan {
            let first = k == 0;
            out.push_str(if first {
                "<tr class=\"item first\">"
            } else {
                "<tr class=\"item\">"
            });
            if first {
                let id = E(&item.id);
                let _ = write!(
                    out,
                    "<td rowspan=\"{rowspan}\"><a id=\"row-{id}\" href=\"#item-{id}\">"
                );
                unbroken_into(&mut out, &item.id, labels);
                let _ = write!(out, "</a></td><td rowspan=\"{rowspan}\">");
                unbroken_into(&mut out, &cell(&item.title, lang), labels);
                let _ = write!(
                    out,
                    "</td><td class=\"state\" rowspan=\"{rowspan}\" style=\"background: {}\">",
                    E(&theme::css(theme::tone(item.state)))
                );
                unbroken_into(&mut out, &super::state_label(item.state, lang), labels);
                out.push_str("</td>");
            }
            if lines.is_empty() {
                let note = cell(&item.empty, lang);
                if !note.is_empty() {
                    let _ = write!(
                        out,
                        "<td class=\"empty-note\" colspan=\"{}\">{}</td>",
                        r.columns.slots,
                        E(&note)
                    );
                }
            }
            if let Some(line) = lines.get(k) {
                line_markup(&mut out, line, lang, labels);
            }
            if first {
                let _ = write!(out, "<td rowspan=\"{rowspan}\">");
                if !item.indicators.is_empty() {
                    out.push_str("<ul class=\"indicators\">");
                    for i in &item.indicators {
                        let _ = write!(out, "<li>{}</li>", E(i));
                    }
                    out.push_str("</ul>");
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</tbody>\n<tbody>");
    minijinja::Value::from_safe_string(out)
}

/// One item's details as markup: its heading and facts, its tables of milestones, indicators and
/// notes, its charts. Made here, not in the template: the details are most of a large page (a
/// 10,000-item page renders 10,000 of them), and handing each to the template as a value and
/// evaluating its loops was a seventh of the page's time. Every text is escaped as the template
/// would: the data by `E`, the parts marked safe (`heading`, `facts`, the views' cells) were
/// escaped when they were made.
fn detail_markup(d: &Detail, lang: Lang) -> String {
    let w = lang.t();
    let labels = super::unbreakable_labels(lang);
    let mut out = String::with_capacity(8 << 10);
    if let Some(category) = d.category.as_deref().filter(|c| !c.is_empty()) {
        let page_break = if d.page_break { " page-break" } else { "" };
        let _ = write!(
            out,
            "<h3 class=\"category{page_break}\">{}</h3>",
            E(category)
        );
    }
    let heading = &d.heading;
    let _ = write!(
        out,
        "<section class=\"item\" id=\"{}\">\n<div class=\"lead\"><h3>{heading}</h3>\n<dl class=\"info\">",
        E(&d.anchor)
    );
    for (label, value) in &d.facts {
        let _ = write!(out, "<dt>{}</dt><dd>{value}</dd>", E(label));
    }
    out.push_str("</dl></div>\n");
    let table = |out: &mut String, class: &str, v: &MarkedView, row_classes: bool| {
        let _ = write!(
            out,
            "<table class=\"{class}\">\n<thead><tr class=\"item-head\"><th colspan=\"{}\">{heading}</th></tr><tr>{}</tr></thead>\n<tbody>",
            v.columns, v.headers
        );
        for row in &v.rows {
            if row_classes {
                let _ = write!(out, "<tr class=\"{}\">{}</tr>", E(row.class), row.cells);
            } else {
                let _ = write!(out, "<tr>{}</tr>", row.cells);
            }
        }
        out.push_str("</tbody>\n</table>");
    };
    if let Some(v) = &d.milestones {
        table(&mut out, "milestones", v, true);
    }
    out.push('\n');
    if let Some(v) = &d.indicators {
        table(&mut out, "indicators", v, false);
    }
    out.push('\n');
    if !d.charts.is_empty() {
        out.push_str("<div class=\"charts\">");
        for ch in &d.charts {
            let (width, height, title) = (num(ch.width), num(ch.height), E(&ch.title));
            let _ = write!(
                out,
                "<figure class=\"chart\"><svg class=\"indicator-chart\" xmlns=\"http://www.w3.org/2000/svg\" \
                 width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
                 aria-label=\"{title}\">\n<line x1=\"4\" y1=\"{baseline}\" x2=\"{right}\" \
                 y2=\"{baseline}\" stroke=\"#666\" stroke-width=\"0.8\"></line>\n<text x=\"4\" y=\"10\" \
                 font-size=\"9\" fill=\"#666\">{max} {max_label}</text>\n{bars}",
                baseline = num(ch.baseline),
                right = num(ch.width - 4.0),
                max = E(w.chart_max),
                max_label = E(&ch.max_label),
                bars = ch.bars,
            );
            if !ch.target_path.is_empty() {
                let _ = write!(
                    out,
                    "<path d=\"{}\" fill=\"none\" stroke=\"#c55a11\" stroke-width=\"1.2\" \
                     stroke-dasharray=\"3 2\"></path>",
                    E(&ch.target_path)
                );
            }
            for p in &ch.targets {
                let _ = write!(
                    out,
                    "<circle class=\"target\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"#c55a11\">\
                     <title>{} {}</title></circle>",
                    num(p.x),
                    num(p.y),
                    E(w.target),
                    E(&p.value)
                );
            }
            let _ = write!(
                out,
                "\n</svg><figcaption>{title} — <span style=\"color:#5b9bd5\">■</span> {} \
                 <span style=\"color:#c55a11\">●</span> {}</figcaption></figure>",
                E(w.actual),
                E(w.target)
            );
        }
        out.push_str("</div>");
    }
    out.push('\n');
    if !d.notes.is_empty() {
        let _ = write!(
            out,
            "<table class=\"notes\">\n<thead><tr class=\"item-head\"><th>{heading}</th></tr><tr><th>{}</th></tr></thead>\n<tbody>",
            E(w.notes)
        );
        for n in &d.notes {
            out.push_str("<tr><td>");
            unbroken_into(&mut out, n, labels);
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody>\n</table>");
    }
    out.push_str("\n</section>\n");
    out
}

/// One item's details (the `n`th of the report), made when the page reaches it.
fn detail(r: &Report<'_>, n: usize, lang: Lang) -> Option<Detail> {
    let plan = &r.roadmap.plan;
    let item = r.items.get(n)?;
    let category = item.id().category();
    let previous = n.checked_sub(1).and_then(|p| r.items.get(p));
    let opens = previous.is_none_or(|p| p.id().category() != category);
    let labels = super::unbreakable_labels(lang);
    Some(Detail {
        category: opens.then(|| {
            match r.groups.iter().find(|g| g.items.contains(&n)) {
                // A plan of groups heads by its top group (`区分 Ⅱ 分野別実施事項`).
                Some(g) if !plan.groups.is_empty() && !g.path.is_empty() => {
                    super::group_label(&g.path[0])
                }
                _ => {
                    let title = plan.category(category).map(|c| c.title.value.as_str());
                    crate::render::diff::category_heading(category, title, lang)
                }
            }
        }),
        page_break: previous.is_some_and(|p| p.id().category() != category),
        anchor: format!("item-{}", item.id()),
        heading: unbroken(&super::item_heading(item), labels),
        facts: super::facts(item, lang)
            .iter()
            .map(|(label, value)| ((*label).to_owned(), unbroken(&cell(value, lang), labels)))
            .collect(),
        milestones: (!item.milestones.is_empty()).then(|| {
            marked_view(
                &super::without_empty_columns(super::milestones(item, lang)),
                lang,
            )
        }),
        indicators: (!item.indicators.is_empty()).then(|| {
            marked_view(
                &super::without_empty_columns(super::indicators(item, lang)),
                lang,
            )
        }),
        charts: item
            .indicators
            .iter()
            .flat_map(|i| i.series.iter().filter_map(move |s| chart(i, s, lang)))
            .collect(),
        notes: super::item_notes(r, item, lang),
    })
}

/// The title block's facts as markup: each value [`unbroken`] (a date or FY never breaks on
/// paper), but the data's commit, whose hexadecimal id is one word already.
fn info(r: &Report<'_>, lang: Lang) -> Vec<(String, minijinja::Value)> {
    let labels = super::unbreakable_labels(lang);
    let commit = lang.t().data_revision;
    super::title_block(r, lang)
        .into_iter()
        .map(|(k, v)| {
            let v = if k == commit {
                minijinja::Value::from(v)
            } else {
                unbroken(&v, labels)
            };
            (k.to_owned(), v)
        })
        .collect()
}

fn build(r: &Report<'_>, lang: Lang) -> Page {
    let t = lang.t();
    let plan = &r.roadmap.plan;
    let s = r.standing;
    let info = info(r, lang);
    Page {
        lang: lang.code(),
        title: format!("{} — {}", plan.title.value, t.report),
        // The English title is a subtitle of the English report only.
        title_en: plan
            .title_en
            .as_ref()
            .filter(|_| lang == Lang::En)
            .map(|t| t.value.clone()),
        heading: plan.title.value.clone(),
        info,
        plan_over: s.plan_over.then_some(t.plan_over),
        running: Running {
            title: plan.title.value.clone(),
            as_of: format!("{} {}", t.as_of, super::date_label(s.as_of, lang)),
            page: match lang {
                Lang::Ja => (String::new(), " / ".into(), " ページ".into()),
                Lang::En => ("Page ".into(), " of ".into(), String::new()),
            },
        },
        w: t,
        legend: theme::legend_with(theme::Sign::Mark, false, lang, super::legend_also(r))
            .into_iter()
            .map(|e| Legend {
                mark: e.sign,
                label: e.label,
                color: theme::css(e.tone),
            })
            .collect(),
        overview: view(&super::overview(r, lang), lang),
        themes: super::themes(r, lang).map(|th| view(&th, lang)),
        owners: super::owners(r, lang).map(|o| view(&o, lang)),
        burnup: burnup(r, lang),
        table: roadmap_table(r, lang),
        no_schedule: super::no_schedule(r)
            .into_iter()
            .map(|(id, title)| format!("{id} {title}"))
            .collect(),
        notes: plan.notes.iter().map(|n| n.value.clone()).collect(),
    }
}

/// Writes the page in `lang` (also its `lang` attribute) to `out` as it is rendered: on a
/// 10,000-item roadmap the page is 75 MB, which was held whole (in a buffer twice its size) before
/// a byte was written. The page's data is turned into the template's values first and then let go.
pub fn render(r: &Report<'_>, lang: Lang, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let calendar = r.roadmap.plan.fiscal_year_start;
    let parts = Parts::of(TEMPLATE)?;
    // Named `.html`: minijinja escapes what the template prints by the name's extension. The
    // parts keep their last newline (minijinja drops a template's by default), and so the tail
    // is given without the page's own.
    let mut env = environment(lang);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()?,
    );
    let tail = parts.tail.strip_suffix('\n').unwrap_or(parts.tail);
    for (name, text) in [
        ("head.html", parts.head),
        ("timeline.html", parts.timeline),
        ("before_table.html", parts.before_table),
        ("group.html", parts.group),
        ("before_details.html", parts.before_details),
        ("before_lists.html", parts.before_lists),
        ("list.html", parts.list),
        ("rows.html", parts.rows),
        ("list_end.html", parts.list_end),
        ("tail.html", tail),
    ] {
        env.add_template(name, text)?;
    }
    let (page, ncols) = {
        let built = build(r, lang);
        let ncols = built.table.ncols;
        (
            minijinja::Value::from(minijinja::value::Serde(&built)),
            ncols,
        )
    };
    let words = minijinja::Value::from(minijinja::value::Serde(lang.t()));
    let table = page.get_attr("table")?;
    let mut safe = SafeText::new(out);
    // One part rendered with its context, into any writer: the page's own parts into the page,
    // the records' parts on the worker threads of `in_order`.
    let render = |name: &str, cx: minijinja::Value, to: &mut SafeText<'_>| {
        written(
            env.get_template(name)
                .and_then(|t| t.render_captured_to(cx, to)),
        )
    };
    render("head.html", page.clone(), &mut safe)?;
    // The timeline's pages, the roadmap table's groups and each item's details are made,
    // rendered and let go a batch at a time, on all cores: made all at once, a 10,000-item
    // report held them all (some 80 MB) while the page was written.
    let (pages, draw) = timeline(r, calendar, lang);
    in_order(pages.into_iter(), &mut safe, |page, to| {
        let timeline = minijinja::value::Serde(&draw(page));
        render(
            "timeline.html",
            minijinja::context! { timeline, w => &words },
            to,
        )
    })?;
    render("before_table.html", page.clone(), &mut safe)?;
    in_order(
        super::grid_groups(r, lang).enumerate(),
        &mut safe,
        |(n, g), to| {
            let g = minijinja::value::Serde(&table_group(r, g, ncols, lang));
            render(
                "group.html",
                minijinja::context! { g, first => n == 0, table => &table, w => &words },
                to,
            )
        },
    )?;
    render("before_details.html", page.clone(), &mut safe)?;
    in_order(0..r.items.len(), &mut safe, |n, to| {
        let Some(d) = detail(r, n, lang) else {
            return Ok(());
        };
        Ok(std::io::Write::write_all(
            to,
            detail_markup(&d, lang).as_bytes(),
        )?)
    })?;
    render("before_lists.html", page.clone(), &mut safe)?;
    // A list at a time, made when it is reached, its rows a batch at a time: once the plan's
    // period is over every milestone is past due (40,000 rows at 10,000 items).
    for (title, Table { headers, rows }) in super::lists(r, lang) {
        let l = ListHead {
            title,
            count: rows.len(),
            headers,
        };
        let l = minijinja::Value::from(minijinja::value::Serde(&l));
        let head = minijinja::context! { l, w => &words };
        render("list.html", head.clone(), &mut safe)?;
        in_order(rows.chunks(LIST_ROWS_PER_BATCH), &mut safe, |rows, to| {
            let rows: Vec<MarkedRow> = rows.iter().map(|row| marked_row(row, lang)).collect();
            let rows = minijinja::value::Serde(&rows);
            render("rows.html", minijinja::context! { rows }, to)
        })?;
        render("list_end.html", head, &mut safe)?;
    }
    render("tail.html", page, &mut safe)?;
    safe.finish()?;
    Ok(())
}

/// A list's rows rendered as one record of [`in_order`].
const LIST_ROWS_PER_BATCH: usize = 64;

/// Records rendered on all cores, each by `render` into a buffer of its own (already stripped,
/// see [`SafeText`]), and written to `out` in their order as the workers go on with the next
/// ([`crate::par::ordered`]): the records' work is most of a report's time, and only a few
/// chunks of them are held at once.
fn in_order<T>(
    records: impl Iterator<Item = T> + Send,
    out: &mut SafeText<'_>,
    render: impl Fn(T, &mut SafeText<'_>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<()> {
    crate::par::ordered(
        records,
        |record| {
            let mut buf = Vec::new();
            let mut to = SafeText::new(&mut buf);
            render(record, &mut to)?;
            to.finish()?;
            anyhow::Ok(buf)
        },
        |part: anyhow::Result<Vec<u8>>| Ok(out.pass(&part?)?),
    )
}

/// The page's template cut where it marks the parts written record by record: the timeline's
/// pages (`{#timeline…#}` … `{#/timeline#}`), the roadmap table's groups (`{#table…#}` …
/// `{#/table#}`), the items' details (`{#details…#}` … `{#/details#}`), and each list's head
/// (`{#list…#}`), its rows a batch at a time (`{#rows…#}`) and its end (`{#list_end…#}`).
#[derive(Debug)]
struct Parts<'t> {
    head: &'t str,
    /// One page of the timeline (`timeline`, `w`).
    timeline: &'t str,
    before_table: &'t str,
    /// One group of the roadmap table (`g`, `first`, `table`, `w`).
    group: &'t str,
    before_details: &'t str,
    before_lists: &'t str,
    /// A list's head (`l`, `w`), a batch of its rows (`rows`) and its end (`l`, `w`).
    list: &'t str,
    rows: &'t str,
    list_end: &'t str,
    tail: &'t str,
}

impl<'t> Parts<'t> {
    fn of(template: &'t str) -> anyhow::Result<Self> {
        let missing = || Msg::Render {
            what: "HTML page".into(),
            cause: "the template's part markers are missing".into(),
        };
        // A start marker runs to the end of its comment (which says what the part is).
        let cut = |text: &'t str, name: &str| -> anyhow::Result<[&'t str; 3]> {
            let (before, rest) = text
                .split_once(&format!("{{#{name}:"))
                .ok_or_else(missing)?;
            let (_, rest) = rest.split_once("#}").ok_or_else(missing)?;
            let (part, after) = rest
                .split_once(&format!("{{#/{name}#}}"))
                .ok_or_else(missing)?;
            Ok([before, part, after])
        };
        let [head, timeline, rest] = cut(template, "timeline")?;
        let [before_table, group, rest] = cut(rest, "table")?;
        // The details are made in Rust (`detail_markup`): their marker only says where they go.
        let [before_details, "", rest] = cut(rest, "details")? else {
            return Err(missing().into());
        };
        let [before_lists, list, rest] = cut(rest, "list")?;
        // The three parts of a list follow one another: nothing between them is lost.
        let ["", rows, rest] = cut(rest, "rows")? else {
            return Err(missing().into());
        };
        let ["", list_end, tail] = cut(rest, "list_end")? else {
            return Err(missing().into());
        };
        Ok(Parts {
            head,
            timeline,
            before_table,
            group,
            before_details,
            before_lists,
            list,
            rows,
            list_end,
            tail,
        })
    }
}

/// A part of the page rendered into the output: an error writing the file is worded by the
/// writer, any other is the template's.
fn written<T>(rendered: Result<T, minijinja::Error>) -> anyhow::Result<()> {
    rendered.map(|_| ()).map_err(|e| {
        match std::error::Error::source(&e).and_then(|s| s.downcast_ref::<std::io::Error>()) {
            // The file could not be written (a full disk): the writer words it.
            Some(io) => std::io::Error::new(io.kind(), io.to_string()).into(),
            None => anyhow::Error::from(Msg::Render {
                what: "HTML page".into(),
                cause: e.to_string(),
            }),
        }
    })
}

/// A writer that drops the control and bidi characters of what passes through ([`strip_unsafe`]):
/// no such character of the data reaches the page (printed to a terminal, they would act; in a
/// browser they can reorder what a reader sees). The template writes a few bytes at a time: they
/// are held and looked at [`SafeText::BLOCK`] bytes at a time, up to the last whole character.
///
/// [`strip_unsafe`]: crate::text::strip_unsafe
struct SafeText<'a> {
    out: &'a mut dyn std::io::Write,
    held: Vec<u8>,
}

impl<'a> SafeText<'a> {
    /// What is held before it is looked at: a pass over a block costs far less than one for
    /// each of the template's writes (most a tag or a word).
    const BLOCK: usize = 1 << 16;

    fn new(out: &'a mut dyn std::io::Write) -> Self {
        SafeText {
            out,
            held: Vec::new(),
        }
    }

    /// Writes what is held: its whole characters stripped, and the bytes of a character never
    /// completed as they are.
    fn finish(mut self) -> std::io::Result<()> {
        self.pass_whole()?;
        self.out.write_all(&self.held)
    }

    /// Writes bytes that went through a `SafeText` of their own already, after what is held.
    fn pass(&mut self, stripped: &[u8]) -> std::io::Result<()> {
        self.pass_whole()?;
        self.out.write_all(&std::mem::take(&mut self.held))?;
        self.out.write_all(stripped)
    }

    /// Writes the whole characters held, stripped, and keeps a character cut short by the last
    /// write until its end comes.
    fn pass_whole(&mut self) -> std::io::Result<()> {
        let whole = whole_chars(&self.held);
        let done = self.held.get(..whole).unwrap_or_default();
        // Most of a page holds nothing to strip: passed on as it is, without decoding.
        if crate::text::may_hold_unsafe(done) {
            let text = String::from_utf8_lossy(done);
            self.out
                .write_all(crate::text::strip_unsafe(&text).as_bytes())?;
        } else {
            self.out.write_all(done)?;
        }
        self.held.drain(..whole);
        Ok(())
    }
}

impl std::io::Write for SafeText<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.held.extend_from_slice(buf);
        if self.held.len() >= Self::BLOCK {
            self.pass_whole()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.pass_whole()?;
        self.out.flush()
    }
}

/// How many of UTF-8 `bytes` make whole characters: all but the bytes of a last character cut
/// short. Found from the end: the template writes strings, so only the last write may be cut.
fn whole_chars(bytes: &[u8]) -> usize {
    let len = bytes.len();
    for k in (len.saturating_sub(3)..len).rev() {
        let wanted = match bytes[k] {
            0x80..=0xBF => continue,
            0xC0..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xFF => 3,
            _ => 0,
        };
        return if len - k - 1 < wanted { k } else { len };
    }
    len
}

/// The one-page summary (`--summary`): A4 landscape, one sheet.
pub fn render_summary(r: &Report<'_>, lang: Lang) -> anyhow::Result<String> {
    let t = lang.t();
    let plan = &r.roadmap.plan;
    let s = super::summary(r, lang);
    let page = SummaryPage {
        lang: lang.code(),
        title: format!("{} — {}", plan.title.value, t.summary_title),
        heading: format!("{} — {}", plan.title.value, t.summary_title),
        info: info(r, lang),
        headline: s.headline,
        w: t,
        overview: view(&s.overview, lang),
        note: s.note,
        lists: s
            .lists
            .into_iter()
            .map(|(title, table, more)| SummaryList {
                title,
                view: view(&table, lang),
                more: if more > 0 {
                    lang.more_rows(more)
                } else {
                    String::new()
                },
            })
            .collect(),
    };
    let mut env = environment(lang);
    env.add_template("summary.html", SUMMARY_TEMPLATE)?;
    env.get_template("summary.html")?
        .render(minijinja::value::Serde(&page))
        .map(crate::text::strip_unsafe_owned)
        .map_err(|e| {
            Msg::Render {
                what: "HTML summary".into(),
                cause: e.to_string(),
            }
            .into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's template holds its parts' markers: a template edited without them is an error
    /// naming them, not a page missing its items.
    #[test]
    fn the_template_is_cut_at_its_parts() {
        let parts = Parts::of(TEMPLATE).expect("markers");
        assert!(parts.timeline.contains("<svg class=\"timeline\""));
        assert!(parts.group.contains("{{ g.rows }}"));
        assert!(
            parts
                .before_details
                .ends_with("<h2 id=\"details\">{{ w.details }}</h2>\n")
        );
        assert!(parts.before_lists.starts_with('\n'));
        // `loop` does not span the parts: a part's own loops may use it, not the page's.
        assert!(!parts.group.contains("not loop.first %}</tbody>"));
        let without = TEMPLATE.replace("{#/details#}", "");
        assert!(Parts::of(&without).is_err());
        // The details are made in Rust: markup left between their markers would be lost.
        let filled = TEMPLATE.replace("{#/details#}", "<p>{{ d.heading }}</p>{#/details#}");
        assert!(Parts::of(&filled).is_err());
    }

    #[test]
    fn a_character_cut_between_writes_is_seen_and_held() {
        assert_eq!(whole_chars(b""), 0);
        assert_eq!(whole_chars("a※".as_bytes()), 4);
        for s in ["※", "é", "𝄞"] {
            let b = format!("a{s}").into_bytes();
            for cut in 2..b.len() {
                assert_eq!(whole_chars(&b[..cut]), 1, "{s} cut at {cut}");
            }
        }
        // A character cut between two writes comes out whole, and what is unsafe goes whichever
        // way it is written.
        let mut out = Vec::new();
        let mut safe = SafeText::new(&mut out);
        let text = "工程表\u{202E}※";
        for piece in text.as_bytes().chunks(2) {
            std::io::Write::write_all(&mut safe, piece).expect("into memory");
        }
        std::io::Write::write_all(&mut safe, "△ a\u{7}b".as_bytes()).expect("into memory");
        safe.finish().expect("into memory");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "工程表※△ ab");
        // Past a block, with a character cut by the block's end at every byte of it.
        for pad in 0..4 {
            let mut out = Vec::new();
            let mut safe = SafeText::new(&mut out);
            let text = format!("{}\u{202E}※𝄞\u{1b}", "x".repeat(SafeText::BLOCK - 6 + pad));
            for piece in text.as_bytes().chunks(7) {
                std::io::Write::write_all(&mut safe, piece).expect("into memory");
            }
            safe.finish().expect("into memory");
            let expected = format!("{}※𝄞", "x".repeat(SafeText::BLOCK - 6 + pad));
            assert!(
                String::from_utf8(out).expect("UTF-8") == expected,
                "pad {pad}"
            );
        }
    }

    #[test]
    fn css_strings_hold_no_markup_or_quotes() {
        let v = css_string("厚生\"</style><script>".to_owned()).to_string();
        let inner = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or_default();
        assert!(!inner.contains(['"', '<', '>', '\''].as_slice()), "{v}");
    }

    #[test]
    fn texts_are_escaped_as_minijinja_escapes_them() {
        let pieces = [
            "<", ">", "&", "\"", "'", "/", "a", "令和", "●", "&amp;", "\u{7f}", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    let mut out = String::from("x");
                    escape_into(&mut out, &text);
                    assert_eq!(out, format!("x{}", E(&text)), "{text}");
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_as_the_float_formatting_writes_them() {
        // Tenths, what is drawn from them (a bar's label 1.5 right of it, 1.2 above its
        // bottom), thirds, negatives, the edges of floats.
        let mut xs: Vec<f64> = (0..200_000).map(|t| f64::from(t) / 10.0).collect();
        let drawn: Vec<f64> = xs
            .iter()
            .step_by(7)
            .flat_map(|x| {
                [
                    x + 1.5,
                    x + 8.0 - 1.2,
                    round1(x / 3.0),
                    x / 3.0,
                    -x,
                    x * 1e10,
                ]
            })
            .collect();
        xs.extend(drawn);
        xs.extend([
            -0.0,
            0.05,
            1e15,
            1e15 / 10.0 + 0.5,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]);
        for x in xs {
            assert_eq!(
                num(x).to_string(),
                minijinja::Value::from(x).to_string(),
                "{x:?}"
            );
            assert_eq!(coord(x).to_string(), x.to_string(), "{x:?}");
        }
    }

    #[test]
    fn number_tokens_do_not_break_and_text_stays_escaped() {
        let labels = super::super::Labels::new(super::super::state_labels(Lang::Ja));
        let v = unbroken("令和3年度 <b>1-1-1</b> 2023-06-30 & x-1", &labels).to_string();
        assert_eq!(
            v,
            "<span class=\"nb\">令和3年度</span> &lt;b&gt;<span class=\"nb\">1-1-1</span>&lt;&#x2f;b&gt; \
             <span class=\"nb\">2023-06-30</span> &amp; x-1"
        );
        // Each piece is escaped on its own: no span inside an entity (`'` is `&#x27;`).
        assert_eq!(
            unbroken("it's 27", &labels).to_string(),
            "it&#x27;s <span class=\"nb\">27</span>"
        );
        // A date stays whole.
        assert_eq!(
            unbroken("令和5年12月22日", &labels).to_string(),
            "<span class=\"nb\">令和5年12月22日</span>"
        );
        // A mark stays with its label, in both forms.
        let v = unbroken("2023年度 ● 完了 △（期限超過・未報告） ・会議", &labels).to_string();
        assert_eq!(
            v,
            "<span class=\"nb\">2023年度</span> <span class=\"nb\">● 完了</span> \
             <span class=\"nb\">△（期限超過・未報告）</span> ・会議"
        );
    }

    #[test]
    fn character_references_stay_whole() {
        // Found by the escape fuzz target: the digits of `&#x27;` (an apostrophe) were wrapped in
        // a span, which broke the reference; the page showed `&#x27;` for every `'`.
        let v = cell_markup("it's 2023's '27");
        assert_eq!(
            v,
            "it&#x27;s <span class=\"nb\">2023</span>&#x27;s &#x27;<span class=\"nb\">27</span>"
        );
    }
}
