//! Arbitrary bytes as an item file (`items/2-1-3.toml`) next to the shipped plan, through
//! `roadmap::analyze` and everything the read-only commands do with the result. Property: no
//! panic, no hang, on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| roadmap_fuzz::analyze_with(roadmap_fuzz::ITEM, data));
