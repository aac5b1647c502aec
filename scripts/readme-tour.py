#!/usr/bin/env python3
"""Rewrites the output in README.md's tour from the binary (target/debug/roadmap): every ```text
block that starts with `$ roadmap …` lines gets each command's real output, cut where the block
showed a line `…`. Run from the repository root after a build; read `git diff README.md`."""
import os, re, shlex, shutil, subprocess, tempfile

BIN = os.path.abspath("target/debug/roadmap")
ENV = dict(os.environ, COLUMNS="100", ROADMAP_NOW="2024-04-01", NO_COLOR="1")
ENV.pop("ROADMAP_LANG", None)
ENV.pop("ROADMAP_DIR", None)

def run(cmd, cwd):
    args = shlex.split(cmd)[2:]
    out = subprocess.run([BIN, "--color", "never"] + args, cwd=cwd, env=ENV, capture_output=True, text=True)
    return (out.stdout + out.stderr).rstrip("\n")

text = open("README.md").read()
# `roadmap record` in the tour edits a copy of the shipped roadmap, one command after another.
scratch = tempfile.mkdtemp()
shutil.copytree("roadmap", os.path.join(scratch, "roadmap"))
shutil.copytree("tests", os.path.join(scratch, "tests"), ignore=shutil.ignore_patterns("snapshots", "*.rs"))
# The scratch copy is a git repository whose first commit is the shipped roadmap; before a
# `roadmap log`, what the `roadmap record` commands above it changed is committed, so the log
# shows a real history.
GIT_ENV = dict(ENV, GIT_CONFIG_NOSYSTEM="1", HOME=scratch, GIT_AUTHOR_EMAIL="jinji@example.go.jp",
               GIT_COMMITTER_NAME="改革推進室", GIT_COMMITTER_EMAIL="kaikaku@example.go.jp")
def git(*args, author="改革推進室", date="2022-09-20T10:00:00+09:00"):
    env = dict(GIT_ENV, GIT_AUTHOR_NAME=author, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=scratch, env=env, check=True, capture_output=True)
git("init", "-q", "-b", "main")
git("add", "roadmap")
git("commit", "-q", "-m", "工程表を登録（令和4年9月16日公表版）")
def commit_records():
    status = subprocess.run(["git", "status", "--porcelain", "roadmap"], cwd=scratch, env=GIT_ENV,
                            capture_output=True, text=True).stdout
    if status.strip():
        git("add", "roadmap")
        git("commit", "-q", "-m", "令和5年度第3四半期のフォローアップを記録", author="人事課 山田",
            date="2024-01-10T10:00:00+09:00")
def block(m):
    body = m.group(1)
    lines = body.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ roadmap"):
            i += 1
            continue
        cmd = line.split("  #")[0].strip()
        # How many lines of output the block showed, and whether it was cut with `…`.
        j = i + 1
        while j < len(lines) and not lines[j].startswith("$ roadmap"):
            j += 1
        shown = lines[i + 1:j]
        while shown and shown[-1] == "":
            shown.pop()
        cut = "…" in shown
        if cmd.startswith("$ roadmap log") and "--burnup" not in cmd:
            commit_records()
        result = run(cmd, scratch).split("\n")
        out.append(line)
        if cut:
            # Keep the shape: the first part up to the first `…`, then the part after it.
            first = shown.index("…")
            out.extend(result[:first])
            out.append("…")
            rest = shown[first + 1:]
            if rest and "…" in rest:
                anchor = rest[0]
                k = next((n for n, l in enumerate(result) if l.startswith(anchor[:12])), None)
                second = rest.index("…")
                if k is not None:
                    out.extend(result[k:k + second])
                    out.append("…")
        else:
            out.extend(result)
        if j < len(lines):
            out.append("")
        i = j
    return "```text\n" + "\n".join(out) + "\n```"
text = re.sub(r"```text\n(\$ roadmap.*?)\n```", block, text, flags=re.S)
open("README.md", "w").write(text)
