//! `--help` of the command and of every subcommand, snapshotted: the help is part of the interface.

use std::path::Path;

fn help(args: &[&str]) -> String {
    let (stdout, stderr, code) = crate::support::output(
        crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR"))).args(args),
    );
    assert_eq!(code, 0, "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    stdout
}

#[test]
fn help_of_every_subcommand() {
    insta::assert_snapshot!("help", help(&["--help"]));
    for sub in [
        "status",
        "diff",
        "report",
        "validate",
        "record",
        "form",
        "import",
        "fmt",
        "log",
        "schema",
        "man",
        "completions",
    ] {
        insta::assert_snapshot!(format!("help_{sub}"), help(&[sub, "--help"]));
    }
    for verb in [
        "done",
        "start",
        "delay",
        "drop",
        "note",
        "reschedule",
        "value",
        "target",
        "baseline",
    ] {
        insta::assert_snapshot!(
            format!("help_record_{verb}"),
            help(&["record", verb, "--help"])
        );
    }
}

#[test]
fn every_subcommand_has_a_help_snapshot() {
    use clap::CommandFactory;
    let _ = roadmap::cli::Cli::command;
    let names: Vec<String> = roadmap::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|n| n != "help")
        .collect();
    let here = include_str!("help.rs");
    for name in names {
        assert!(
            here.contains(&format!("\"{name}\"")),
            "`roadmap {name} --help` has no snapshot"
        );
    }
}

#[test]
fn man_pages_come_from_the_same_definition() {
    // The main page, as `roadmap man` prints it.
    insta::assert_snapshot!("man", help(&["man"]));
    // Every page, written where asked: one per subcommand and record verb, each naming itself.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("man1");
    let listed = help(&["man", "--out-dir", out.to_str().expect("UTF-8 path")]);
    let names: Vec<String> = listed
        .lines()
        .map(|l| l.rsplit('/').next().unwrap_or(l).to_owned())
        .collect();
    insta::assert_snapshot!("man_pages", names.join("\n"));
    for name in &names {
        let page = std::fs::read_to_string(out.join(name)).expect("the page is written");
        let stem = name.trim_end_matches(".1");
        assert!(page.contains(&format!(".TH {stem} 1")), "{name}");
    }
    let record_done = std::fs::read_to_string(out.join("roadmap-record-done.1")).expect("page");
    assert!(record_done.contains("roadmap record done"), "{record_done}");
}
