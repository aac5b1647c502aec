//! The end-to-end tests: one binary, a module per subcommand, shared support (a hermetic runner,
//! a hermetic git) in `support`. Snapshots (insta) are under `tests/cli/snapshots/`.

mod action;
mod columns;
mod complete;
mod diff;
mod followup;
mod form;
mod hardening;
mod help;
mod japanese;
mod log;
mod plans;
mod properties;
mod record;
mod report;
mod robustness;
mod schema;
mod security;
mod status;
mod support;
mod validate;
