//! Arbitrary bytes as a filled-in form, read as a workbook (`.xlsx`) and as CSV, and imported
//! against the shipped roadmap and the form fixture as `roadmap import` does (the seeds are real
//! forms from `roadmap form`: fuzz/seed-corpora.sh). Property: no panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    roadmap_fuzz::import(data, "form.xlsx");
    roadmap_fuzz::import(data, "form.csv");
});
