//! `--help` of the command and of every subcommand, snapshotted: the help is part of the interface.

use std::path::Path;

/// The help in English: the shipped plan, where these run, says `lang = "ja"`.
fn help(args: &[&str]) -> String {
    help_in("en", args)
}

/// The help in Japanese.
fn help_ja(args: &[&str]) -> String {
    help_in("ja", args)
}

fn help_in(lang: &str, args: &[&str]) -> String {
    let (stdout, stderr, code) = crate::support::output(
        crate::support::roadmap_command(Path::new(env!("CARGO_MANIFEST_DIR")))
            .args(["--lang", lang])
            .args(args),
    );
    assert_eq!(code, 0, "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    stdout
}

const SUBCOMMANDS: [&str; 12] = [
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
];

const RECORD_VERBS: [&str; 9] = [
    "done",
    "start",
    "delay",
    "drop",
    "note",
    "reschedule",
    "value",
    "target",
    "baseline",
];

#[test]
fn help_of_every_subcommand() {
    insta::assert_snapshot!("help", help(&["--help"]));
    for sub in SUBCOMMANDS {
        insta::assert_snapshot!(format!("help_{sub}"), help(&[sub, "--help"]));
    }
    for verb in RECORD_VERBS {
        insta::assert_snapshot!(
            format!("help_record_{verb}"),
            help(&["record", verb, "--help"])
        );
    }
}

#[test]
fn help_of_every_subcommand_in_japanese() {
    insta::assert_snapshot!("help_ja", help_ja(&["--help"]));
    for sub in SUBCOMMANDS {
        insta::assert_snapshot!(format!("help_{sub}_ja"), help_ja(&[sub, "--help"]));
    }
    for verb in RECORD_VERBS {
        insta::assert_snapshot!(
            format!("help_record_{verb}_ja"),
            help_ja(&["record", verb, "--help"])
        );
    }
}

/// The help follows the language as everything else does: `--lang`, `ROADMAP_LANG`, the plan's
/// `lang`; and `roadmap` alone prints it (to stderr, exit 2) in that language too.
#[test]
fn help_follows_the_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = crate::support::roadmap_command(root);
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        crate::support::output(&mut cmd)
    };
    let by_flag = run(&["--lang", "ja", "status", "--help"], &[]).0;
    assert!(by_flag.starts_with("基準日時点で"), "{by_flag}");
    assert!(by_flag.contains("\n共通オプション:\n"), "{by_flag}");
    // The shipped plan says `lang = "ja"`.
    assert_eq!(run(&["status", "--help"], &[]).0, by_flag);
    assert_eq!(
        run(&["status", "--help"], &[("ROADMAP_LANG", "ja")]).0,
        by_flag
    );
    let english = run(&["--lang", "en", "status", "--help"], &[]).0;
    assert_eq!(english, help(&["status", "--help"]));
    // `roadmap` with no subcommand: the help, on stderr, exit 2.
    let (out, err, code) = run(&[], &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("使い方: roadmap [OPTIONS] <COMMAND>"), "{err}");
    assert!(err.contains("コマンド:\n  status "), "{err}");
    // `-h`: the summary, in Japanese too.
    let short = run(&["--lang", "ja", "status", "-h"], &[]).0;
    assert!(
        short.contains("ヘルプを表示します（詳しくは '--help'）"),
        "{short}"
    );
    // `help <subcommand>` is the subcommand's help.
    assert_eq!(run(&["--lang", "ja", "help", "status"], &[]).0, by_flag);
}

/// At 80 columns the English help fits too, but for clap's usage line, which clap never breaks:
/// clap counted a Japanese example's characters, not its columns (the `unicode` feature), and
/// broke the examples after the options inside quoted arguments.
#[test]
fn english_help_fits_80_columns() {
    use unicode_width::UnicodeWidthStr;
    for (args, out) in every_help_at_80("en") {
        for line in out.lines().filter(|l| !l.starts_with("Usage: ")) {
            assert!(line.width() <= 80, "{args:?}: wider than 80:\n{line}");
        }
        // A broken example ends in ` \`, and no quoted argument is split.
        for line in out
            .lines()
            .filter(|l| l.trim_start().starts_with("roadmap "))
        {
            // The command, not what is said after it (`the roadmap's meaning`).
            let command = line.trim_start().split("  ").next().unwrap_or_default();
            let quotes = command.matches('\'').count();
            assert!(quotes % 2 == 0, "{args:?}: a quote split:\n{line}");
        }
    }
}

/// The Japanese help lists the arguments in the order they are typed, as the English does and
/// as the usage line shows them: clap sorted a section of its own by name (INDICATOR before ITEM).
#[test]
fn japanese_help_lists_the_arguments_in_their_order() {
    let names = |out: &str, heading: &str| -> Vec<String> {
        out.lines()
            .skip_while(|l| *l != heading)
            .skip(1)
            .take_while(|l| !l.is_empty())
            .filter_map(|l| {
                l.trim_start()
                    .strip_prefix('<')
                    .or(l.trim_start().strip_prefix("[<"))
            })
            .filter_map(|l| l.split_once('>').map(|(n, _)| n.to_owned()))
            .collect()
    };
    let english = every_help_at_80("en");
    let japanese = every_help_at_80("ja");
    let mut compared = 0;
    for ((args, en), (_, ja)) in english.iter().zip(&japanese) {
        let (en, ja) = (names(en, "Arguments:"), names(ja, "引数:"));
        assert_eq!(ja, en, "{args:?}");
        compared += usize::from(en.len() > 1);
    }
    assert!(
        compared > 3,
        "too few helps with two arguments or more: {compared}"
    );
}

/// At 80 columns the Japanese help fits, broken by the Japanese rules.
#[test]
fn japanese_help_fits_80_columns() {
    use unicode_width::UnicodeWidthStr;
    for (args, out) in every_help_at_80("ja") {
        for line in out.lines() {
            assert!(line.width() <= 80, "{args:?}: wider than 80:\n{line}");
            assert!(
                !line
                    .trim_start()
                    .starts_with(['、', '。', '」', '）', '］']),
                "{args:?}: a line starts badly:\n{line}"
            );
        }
    }
}

/// Every help (`--help` and `-h` of each subcommand, each `record` verb's) in `lang` at 80
/// columns, with the arguments that asked for it.
fn every_help_at_80(lang: &str) -> Vec<(Vec<&'static str>, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all: Vec<Vec<&str>> = vec![vec!["--help"]];
    all.extend(SUBCOMMANDS.iter().map(|s| vec![*s, "--help"]));
    all.extend(SUBCOMMANDS.iter().map(|s| vec![*s, "-h"]));
    all.extend(RECORD_VERBS.iter().map(|v| vec!["record", *v, "--help"]));
    all.into_iter()
        .map(|args| {
            let (out, err, code) = crate::support::output(
                crate::support::roadmap_command(root)
                    .env("COLUMNS", "80")
                    .args(["--lang", lang])
                    .args(&args),
            );
            assert_eq!(code, 0, "{args:?}: {err}");
            (args, out)
        })
        .collect()
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
