//! Arbitrary bytes as the plan file (`roadmap.toml`) next to a shipped item, through
//! `roadmap::analyze` and everything the read-only commands do with the result. Property: no
//! panic, no hang, on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| roadmap_fuzz::analyze_with(roadmap::load::PLAN_FILE, data));
