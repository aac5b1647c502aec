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
