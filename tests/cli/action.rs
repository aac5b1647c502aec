//! The GitHub Action's script (scripts/action.sh) run as the runner would run it, against a
//! throwaway repository and a fake `gh` on PATH that records what it was asked and answers from
//! files: the first comment, the update of our own comment (not someone else's with the same
//! marker), a fork's pull request, a read-only token, and a diff that fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diff::Repo;

/// A fake `gh`: `gh api --paginate …/comments` prints `$FAKE_GH/comments.json`; `-X POST|PATCH`
/// copies the body to `$FAKE_GH/<verb>.md` and logs the endpoint; `$FAKE_GH/deny` makes every
/// call fail as a read-only token does.
const FAKE_GH: &str = r#"#!/usr/bin/env bash
echo "$*" >> "$FAKE_GH/calls"
if [ -e "$FAKE_GH/deny" ]; then
  echo "HTTP 403: Resource not accessible by integration" >&2
  exit 1
fi
verb=GET body=
while [ $# -gt 0 ]; do
  case "$1" in
    -X) verb=$2; shift ;;
    -F) body=${2#body=@} ;;
    repos/*) endpoint=$1 ;;
  esac
  shift
done
if [ "$verb" = GET ]; then
  cat "$FAKE_GH/comments.json"
else
  cp "$body" "$FAKE_GH/$verb.md"
  echo "$endpoint" > "$FAKE_GH/$verb.endpoint"
  echo '{}'
fi
"#;

struct Runner {
    repo: Repo,
    fake: tempfile::TempDir,
    base: String,
}

impl Runner {
    /// A pull request that reports a milestone done, on the base roadmap.
    fn new() -> Self {
        let repo = Repo::base();
        let base = repo.git(&["rev-parse", "HEAD"]);
        let item = std::fs::read_to_string(repo.root.join("roadmap/items/1-1-1.toml"))
            .expect("item")
            .replace(
                "from = 2022\nto = 2022\n",
                "from = 2022\nto = 2022\n\n[[milestones.reports]]\non = 2023-02-15\nstatus = \"done\"\ntext = \"3部局が応募\"\n",
            );
        repo.write("items/1-1-1.toml", &item);
        repo.commit("1-1-1 の募集を完了");
        let fake = tempfile::tempdir().expect("temp dir");
        let bin = fake.path().join("bin");
        std::fs::create_dir_all(&bin).expect("bin");
        std::fs::write(bin.join("gh"), FAKE_GH).expect("fake gh");
        Command::new("chmod")
            .arg("+x")
            .arg(bin.join("gh"))
            .status()
            .expect("chmod");
        let runner = Self { repo, fake, base };
        runner.event("octo/plans");
        runner.comments("[]");
        runner
    }

    fn file(&self, name: &str) -> PathBuf {
        self.fake.path().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap_or_default()
    }

    /// The pull_request event, its head in `head_repo`.
    fn event(&self, head_repo: &str) {
        let event = serde_json::json!({
            "pull_request": {
                "number": 7,
                "base": { "sha": self.base },
                "head": { "repo": { "full_name": head_repo } },
            }
        });
        std::fs::write(self.file("event.json"), event.to_string()).expect("event");
    }

    fn comments(&self, json: &str) {
        std::fs::write(self.file("comments.json"), json).expect("comments");
    }

    /// Runs `action.sh check` as the action's step does: its output and exit code.
    fn check(&self) -> (String, i32) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action.sh");
        let path = format!(
            "{}:{}",
            self.file("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = crate::support::roadmap_command(&self.repo.root);
        let cmd = crate::support::git_env(&mut cmd, self.fake.path());
        let out = Command::new("bash")
            .current_dir(&self.repo.root)
            .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env("PATH", path)
            .env("FAKE_GH", self.fake.path())
            .env("ROADMAP_BIN", env!("CARGO_BIN_EXE_roadmap"))
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", self.file("event.json"))
            .env("GITHUB_REPOSITORY", "octo/plans")
            .env("GITHUB_STEP_SUMMARY", self.file("summary.md"))
            .env("GH_TOKEN", "fake")
            .arg(script)
            .arg("check")
            .output()
            .expect("bash runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (text, out.status.code().unwrap_or(-1))
    }
}

const MARKER: &str = "<!-- roadmap-diff -->";

#[test]
fn first_run_posts_one_comment_and_the_summary() {
    let r = Runner::new();
    let (out, code) = r.check();
    assert_eq!(code, 0, "{out}");
    let body = r.read("POST.md");
    assert!(body.starts_with(MARKER), "{body}");
    assert!(body.contains("| Milestones completed | 1 |"), "{body}");
    assert_eq!(
        r.read("POST.endpoint").trim(),
        "repos/octo/plans/issues/7/comments"
    );
    assert_eq!(r.read("summary.md"), body);
    assert!(r.read("PATCH.md").is_empty());
    assert!(out.contains("commented on #7"), "{out}");
}

#[test]
fn later_runs_update_our_comment_not_someone_elses() {
    let r = Runner::new();
    // Someone quoting the marker comes first; ours is found by its author.
    r.comments(&format!(
        r#"[{{"id": 11, "user": {{"login": "mallory"}}, "body": "{MARKER} fake"}},
            {{"id": 12, "user": {{"login": "github-actions[bot]"}}, "body": "{MARKER}\nold"}}]
           [{{"id": 13, "user": {{"login": "github-actions[bot]"}}, "body": "unrelated"}}]"#
    ));
    let (out, code) = r.check();
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        r.read("PATCH.endpoint").trim(),
        "repos/octo/plans/issues/comments/12"
    );
    assert!(r.read("PATCH.md").starts_with(MARKER));
    assert!(r.read("POST.md").is_empty(), "a second comment was posted");
}

#[test]
fn a_forks_pull_request_skips_the_comment_with_a_notice() {
    let r = Runner::new();
    r.event("someone/plans-fork");
    let (out, code) = r.check();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("::notice::"), "{out}");
    assert!(
        r.read("calls").is_empty(),
        "gh was called: {}",
        r.read("calls")
    );
    assert!(r.read("summary.md").starts_with(MARKER));
    // A read-only token in the same repository: a notice too, not a failure.
    let r = Runner::new();
    std::fs::write(r.file("deny"), "").expect("deny");
    let (out, code) = r.check();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("::notice::"), "{out}");
}

#[test]
fn a_failed_diff_still_comments_and_fails_the_job() {
    let r = Runner::new();
    // A base the repository does not have (and cannot fetch: there is no origin).
    let event = serde_json::json!({
        "pull_request": {
            "number": 7,
            "base": { "sha": "0123456789abcdef0123456789abcdef01234567" },
            "head": { "repo": { "full_name": "octo/plans" } },
        }
    });
    std::fs::write(r.file("event.json"), event.to_string()).expect("event");
    let (out, code) = r.check();
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("::error::roadmap diff failed"), "{out}");
    let body = r.read("POST.md");
    assert!(body.starts_with(MARKER), "{body}");
    assert!(body.contains("roadmap diff failed"), "{body}");
    assert!(
        body.contains("0123456789abcdef"),
        "the cause is not named: {body}"
    );
}

#[test]
fn validation_errors_fail_the_job_as_annotations() {
    let r = Runner::new();
    r.repo
        .write("items/2-1-1.toml", "id = \"2-1-1\"\ntitle = 3\n");
    r.repo.commit("broken");
    let (out, code) = r.check();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("::error file=roadmap/items/2-1-1.toml"),
        "{out}"
    );
    assert!(r.read("POST.md").contains("❌"), "{}", r.read("POST.md"));
}
