//! `roadmap fmt` on arbitrary bytes: the first byte says which file they are (`P`: the plan,
//! anything else: an item next to the shipped plan), the rest is the file. Properties, whenever
//! fmt accepts the file: formatting keeps its meaning (the same model, no semantic diff, the same
//! findings by code, below the cap of findings shown) and is idempotent (a formatted file formats to itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadmap::load::PLAN_FILE;
use roadmap_fuzz::{ITEM, as_of, shipped, with};

fn codes(a: &roadmap::Analysis) -> Vec<String> {
    let mut v: Vec<String> = a.findings.iter().map(|f| format!("{:?}", f.code)).collect();
    v.sort();
    v
}

fuzz_target!(|data: &[u8]| {
    let Some((which, bytes)) = data.split_first() else {
        return;
    };
    let rel = if *which == b'P' { PLAN_FILE } else { ITEM };
    let path = format!("roadmap/{rel}");
    let Ok(out) = roadmap::fmt::format(bytes, rel, &path) else {
        return;
    };
    let again = roadmap::fmt::format(&out, rel, &path);
    assert!(again.as_ref() == Ok(&out), "not idempotent: {again:?}");
    let before = roadmap::analyze(with(shipped(), ITEM, rel, bytes), Vec::new(), as_of());
    let after = roadmap::analyze(with(shipped(), ITEM, rel, &out), Vec::new(), as_of());
    assert!(before.roadmap == after.roadmap, "the model changed");
    let diff = roadmap::diff::diff(&before.roadmap, &after.roadmap, &Default::default());
    assert!(!diff.has_changes(), "a semantic diff: {:?}", diff.summary);
    // Past the cap of findings a file shows (RM009 counts the rest), which ones are shown follows
    // the order of the keys, which formatting changes.
    let (b, a) = (codes(&before), codes(&after));
    let capped = |c: &[String]| c.iter().any(|c| c == "TooManyFindings");
    if !capped(&b) && !capped(&a) {
        assert_eq!(b, a, "other findings");
    }
});
