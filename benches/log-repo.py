#!/usr/bin/env python3
"""Writes a git repository for `roadmap log` at scale: a generated roadmap committed once, then
COMMITS commits that each retitle ITEMS_PER_COMMIT items (a change of meaning), through one
`git fast-import`. Usage: log-repo.py ROADMAP_DIR REPO [COMMITS] [ITEMS_PER_COMMIT]"""
import os
import subprocess
import sys

src, repo = sys.argv[1], sys.argv[2]
commits = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
per = int(sys.argv[4]) if len(sys.argv) > 4 else 10

names = sorted(os.listdir(os.path.join(src, "items")))
files = {"roadmap/roadmap.toml": open(os.path.join(src, "roadmap.toml"), "rb").read()}
for n in names:
    files[f"roadmap/items/{n}"] = open(os.path.join(src, "items", n), "rb").read()

subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
imp = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
out = imp.stdin


def data(b):
    out.write(b"data %d\n" % len(b) + b + b"\n")


def commit(k, changed):
    when = 1704067200 + k * 3600
    out.write(b"commit refs/heads/main\nmark :%d\n" % (k + 1))
    out.write(b"committer Bench <bench@example.com> %d +0900\n" % when)
    data(b"commit %d" % k)
    if k > 0:
        out.write(b"from :%d\n" % k)
    for path in changed:
        out.write(b"M 100644 inline " + path.encode() + b"\n")
        data(files[path])


commit(0, list(files))
items = [p for p in files if p.startswith("roadmap/items/")]
for k in range(1, commits + 1):
    changed = []
    for j in range(per):
        path = items[(k * per + j) % len(items)]
        # The title is the second line; give it this commit's revision mark.
        lines = files[path].decode().split("\n")
        lines[1] = lines[1].rstrip('"').split("（改訂")[0] + f"（改訂{k}）\""
        files[path] = "\n".join(lines).encode()
        changed.append(path)
    commit(k, changed)
out.close()
if imp.wait() != 0:
    sys.exit("git fast-import failed")
subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
