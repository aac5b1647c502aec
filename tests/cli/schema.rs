//! The JSON Schema: the committed files under `schema/` are what `roadmap schema` prints, and an
//! independent validator (the `jsonschema` crate) agrees with the parser on every roadmap file the
//! project holds — the shipped roadmap passes, every valid fixture passes, and every fixture the
//! parser rejects for an unknown key, a wrong type or a missing key fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use roadmap::schema::{self, File};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schemas_are_up_to_date() {
    for file in File::ALL {
        let path = root().join("schema").join(file.file_name());
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = schema::to_json(&schema::schema(file));
        assert!(
            committed == generated,
            "{} is out of date: run `cargo run -- schema {} > schema/{}`",
            path.display(),
            if file == File::Plan { "plan" } else { "item" },
            file.file_name()
        );
    }
}

#[test]
fn the_command_prints_the_committed_schema() {
    let (stdout, stderr, code) =
        crate::support::output(crate::support::roadmap_command(root()).args(["schema", "item"]));
    assert_eq!(code, 0, "{stderr}");
    let committed = std::fs::read_to_string(root().join("schema/item.schema.json"));
    assert_eq!(Some(stdout), committed.ok());
}

#[test]
fn schemas_are_valid_draft_7() {
    for file in File::ALL {
        let s = schema::schema(file).to_value();
        assert!(jsonschema::draft7::meta::is_valid(&s), "{file:?}");
    }
}

/// A TOML document as the JSON an editor's schema check sees: dates become their RFC 3339 text,
/// as taplo hands them over.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

/// Every roadmap directory under `dir` (one holding `roadmap.toml`).
fn roadmaps(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("roadmap.toml").is_file() {
        out.push(dir.to_owned());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !p.ends_with("snapshots"))
        .collect();
    subdirs.sort();
    for d in subdirs {
        roadmaps(&d, out);
    }
}

/// The parser's finding codes for one file.
fn parser_codes(path: &Path, text: &str, is_plan: bool) -> BTreeSet<String> {
    let file = roadmap::source::SourceFile::new(path.display().to_string(), text.to_owned());
    let mut findings = Vec::new();
    if is_plan {
        roadmap::parse::plan(&file, &mut findings);
    } else {
        roadmap::parse::item(&file, &mut findings);
    }
    findings
        .iter()
        .map(|f| f.code.as_str().to_owned())
        .collect()
}

/// Findings a schema states as well as the parser: unknown keys (and the retired ones), wrong
/// types, missing keys.
const SCHEMA_CODES: [&str; 4] = ["RM101", "RM102", "RM103", "RM220"];

#[test]
fn the_schema_agrees_with_the_parser_on_every_file() {
    let validator = |file: File| {
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&schema::schema(file).to_value())
            .expect("the schema compiles")
    };
    let (plan, item) = (validator(File::Plan), validator(File::Item));
    let mut dirs = vec![root().join("roadmap")];
    roadmaps(&root().join("tests/fixtures"), &mut dirs);
    let (mut passed, mut failed) = (0, Vec::new());
    for dir in &dirs {
        let mut files = vec![(dir.join("roadmap.toml"), true)];
        if let Ok(entries) = std::fs::read_dir(dir.join("items")) {
            let mut items: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                .collect();
            items.sort();
            files.extend(items.into_iter().map(|p| (p, false)));
        }
        for (path, is_plan) in files {
            // Files the parser cannot read as UTF-8 TOML (encodings, syntax) are not the schema's.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let text = text.trim_start_matches('\u{feff}');
            let Ok(doc) = text.parse::<toml::Table>() else {
                continue;
            };
            let codes = parser_codes(&path, text, is_plan);
            let json = to_json(toml::Value::Table(doc));
            let v = if is_plan { &plan } else { &item };
            let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
            let shown = path
                .strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string();
            // An empty file (RM004) lacks the required keys, to the schema.
            let schema_finds =
                text.trim().is_empty() || codes.iter().any(|c| SCHEMA_CODES.contains(&c.as_str()));
            let parser_clean = !codes.iter().any(|c| c.starts_with("RM1") || c == "RM220");
            if schema_finds {
                assert!(
                    !errors.is_empty(),
                    "{shown}: the parser finds {codes:?}, the schema nothing"
                );
                failed.push(shown);
            } else if parser_clean {
                assert!(
                    errors.is_empty(),
                    "{shown}: the parser accepts it, the schema says {errors:#?}"
                );
                passed += 1;
            }
        }
    }
    // The shipped roadmap alone is 33 files; the invalid fixtures of each class are here.
    assert!(passed > 80, "only {passed} files passed");
    for case in [
        "rm101_unknown_key",
        "rm102_wrong_type",
        "rm103_missing_key",
        "rm220_retired_status",
    ] {
        assert!(
            failed.iter().any(|f| f.contains(case)),
            "{case} should fail the schema; failed: {failed:#?}"
        );
    }
}
