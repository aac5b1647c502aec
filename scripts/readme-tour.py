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
