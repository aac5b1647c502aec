//! Completions that know the roadmap: the shell calls `roadmap` back with `COMPLETE` set and the
//! words typed so far; what it prints is the candidates (fish's form: value, a tab, help).

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The candidates for the last word of `line`, as fish asks for them.
fn complete(line: &[&str]) -> String {
    let mut cmd = crate::support::roadmap_command(root());
    cmd.env("COMPLETE", "fish")
        .arg("--")
        .arg("roadmap")
        .args(line);
    let (stdout, stderr, code) = crate::support::output(&mut cmd);
    assert_eq!(code, 0, "{line:?}: {stderr}");
    // Options are offered too once a positional is complete; the roadmap's values are the point.
    let values: Vec<&str> = stdout.lines().filter(|l| !l.starts_with('-')).collect();
    format!(
        "$ roadmap {} <Tab>\n{}\n",
        line.join(" "),
        values.join("\n")
    )
}

#[test]
fn completions_know_the_roadmap() {
    let cases: &[&[&str]] = &[
        &["status", "2-3"],
        &["record", "done", "1-1-1", ""],
        &["record", "start", "1-1-1", "model-"],
        &["record", "value", "1-1-3", ""],
        &["log", "4-1-1", ""],
        &["status", "--state", "done,p"],
        &["status", "--state", ""],
        &["status", "--theme", ""],
        &["status", "--category", "2"],
        &["form", "--item", "4-"],
        &[
            "--dir",
            "tests/fixtures/kisei-2025",
            "status",
            "--category",
            "",
        ],
        &[
            "--dir",
            "tests/fixtures/kisei-2025",
            "record",
            "done",
            "2-3-1-2",
            "",
        ],
        // Nothing to offer, and no error: an unknown item, a missing roadmap.
        &["record", "done", "9-9-9", ""],
        &["--dir", "no/such/dir", "status", ""],
    ];
    let doc: String = cases.iter().map(|c| complete(c)).collect();
    insta::assert_snapshot!("completions", doc);
}

#[test]
fn bash_asks_by_word_index() {
    let mut cmd = crate::support::roadmap_command(root());
    cmd.env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .env("_CLAP_IFS", "\n")
        .args(["--", "roadmap", "status", "4-3"]);
    let (stdout, stderr, code) = crate::support::output(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["4-3-1", "4-3-2", "4-3-3", "4-3-4"]
    );
}

#[test]
fn every_shell_gets_a_registration_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (stdout, stderr, code) = crate::support::output(
            crate::support::roadmap_command(root()).args(["completions", shell]),
        );
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(
            stdout.contains("COMPLETE") && stdout.contains("roadmap"),
            "{shell}: {stdout}"
        );
    }
    let (bash, _, _) = crate::support::output(
        crate::support::roadmap_command(root()).args(["completions", "bash"]),
    );
    insta::assert_snapshot!("completions_bash", bash);
}
