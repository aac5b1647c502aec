//! `roadmap`: a government reform roadmap kept as TOML files in git, and the answers to "where do
//! we stand, and what changed?". ARCHITECTURE.md is the map; this is its list of rooms.
//!
//! The core is pure: data in, data out. It never prints, never reads the clock or the environment
//! (the as-of date and "today" are passed in), and collects every finding.

// ---- The core.
/// Files in, model and findings out.
pub mod analysis;
/// Whether indicators meet their targets (KPI classes A, B, F, N).
pub mod attainment;
/// Progress over time from the report dates (`roadmap log --burnup`, the HTML report).
pub mod burnup;
/// Findings and their stable `RM…` codes.
pub mod diagnostic;
/// What changed in meaning between two roadmaps.
pub mod diff;
/// Edits to a roadmap file made in place, as a person would by hand (`roadmap record`).
pub mod edit;
/// One canonical layout for roadmap files (`roadmap fmt`).
pub mod fmt;
/// The office's progress form (照会票): what it asks, and each row's fingerprint.
pub mod form;
/// Fiscal years: which 年度 a date is in, 令和 labels.
pub mod fy;
/// Answers read back from a form, checked, as edits (`roadmap import`).
pub mod import;
/// What people type: fiscal years, dates and numbers in Japanese forms.
pub mod input;
/// The file format's keys, one table per record.
pub mod keys;
/// The data model.
pub mod model;
/// Threads: a map over owned items on all cores.
pub mod par;
/// TOML text to the model, with every schema finding.
pub mod parse;
/// What a `roadmap record` call asks for, as edits.
pub mod record;
/// The report's format-neutral layout.
pub mod report;
/// The files' JSON Schema, from the key tables.
pub mod schema;
/// Bytes to text: encodings, positions.
pub mod source;
/// States, roll-ups: where the roadmap stands on a day.
pub mod status;
/// Synthetic roadmaps of any size, for benchmarks.
pub mod synth;
/// Display width and terminal-safe text.
pub mod text;
/// When a milestone ends: FY, half, quarter, month, year, approximate, event, open.
pub mod timing;
/// The semantic rules across the roadmap.
pub mod validate;

// ---- The outside world: one module each.
/// The command line (the only place that reads the clock and the environment).
pub mod cli;
/// Git: the only module that runs it.
pub mod git;
/// The sides of a comparison and what to parse of them.
pub mod history;
/// Every word the tool prints, one catalog per language.
pub mod i18n;
/// The file system's one reader.
pub mod load;
/// All output: text, tables, Markdown, HTML, CSV, XLSX.
pub mod render;
/// Spreadsheets read: a workbook or a CSV file as cells (`roadmap import`).
pub mod sheet;
/// The file system's one writer.
pub mod writer;

pub use analysis::{Analysis, analyze};
