#!/usr/bin/env bash
# Whole-process timings and peak memory of the commands on generated roadmaps of each size, side
# by side with `cat` of the same files (the read floor) and `git diff`, each the median of RUNS
# runs: the scaling table of docs/performance.md. Public tools only (GNU time, git, python3).
#
#   bash benches/compare.sh [SIZES...]      (default: 1000 10000 100000; RUNS=5, WORK=/tmp/...)
#
# The 100,000-item roadmap takes about 450 MB of disk and a few minutes to set up.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WORK=${WORK:-${TMPDIR:-/tmp}/roadmap-compare}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)

cargo build --release --quiet --bin roadmap --example generate
BIN=$PWD/target/release/roadmap
GEN=$PWD/target/release/examples/generate
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time (Debian package: time)" >&2; exit 2; }

# median of a column of numbers
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure LABEL DIR CMD...: prints "LABEL<TAB>seconds<TAB>MiB" (medians of RUNS, after one warm-up)
measure() {
    local label=$1 dir=$2; shift 2
    (cd "$dir" && "$@" >/dev/null 2>&1) || true
    local t m
    t=$(mktemp) m=$(mktemp)
    for _ in $(seq "$RUNS"); do
        # Wall time from bash's microsecond clock (GNU time's %e has 10 ms steps), peak memory
        # from GNU time.
        local start=$EPOCHREALTIME
        (cd "$dir" && "$TIME" -f "%M" -o "$t.one" "$@" >/dev/null 2>&1) || true
        local end=$EPOCHREALTIME
        awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}' >>"$t"
        awk '{printf "%.1f\n", $1/1024}' "$t.one" >>"$m"
    done
    printf '%s\t%s\t%s\n' "$label" "$(median <"$t")" "$(median <"$m")"
    rm -f "$t" "$m" "$t.one"
}

for n in "${SIZES[@]}"; do
    dir=$WORK/$n
    if [ ! -d "$dir/repo/.git" ]; then
        rm -rf "$dir" && mkdir -p "$dir/repo"
        git -C "$dir/repo" init -q -b main
        "$GEN" "$n" "$dir/repo/roadmap" 0
        git -C "$dir/repo" add -A
        git -C "$dir/repo" -c user.name=Bench -c user.email=b@example.com commit -qm A
        git -C "$dir/repo" tag A
        "$GEN" "$n" "$dir/repo/roadmap" 2          # the titles of 10 items changed
        git -C "$dir/repo" -c user.name=Bench -c user.email=b@example.com commit -qam C
        git -C "$dir/repo" tag C
        python3 benches/log-repo.py "$dir/repo/roadmap" "$dir/log" 1000 10
    fi
    repo=$dir/repo
    # The first item's id (a glob, not `ls | head`: with pipefail, ls's SIGPIPE ended the script).
    first=("$repo"/roadmap/items/*.toml)
    id=$(basename "${first[0]}" .toml)
    root=$(git -C "$dir/log" rev-list --max-parents=0 HEAD)
    echo "## $n items"
    printf 'command\tseconds\tpeak MiB\n'
    # Through xargs: 100,000 names are more than one command line holds (ARG_MAX).
    measure "cat (read floor)" "$repo" sh -c 'find roadmap -name "*.toml" -print0 | xargs -0 cat'
    measure "validate" "$repo" "$BIN" validate
    measure "status" "$repo" "$BIN" --as-of 2024-03-31 status
    measure "status <ID>" "$repo" "$BIN" --as-of 2024-03-31 status "$id"
    measure "record note <ID> --dry-run" "$repo" "$BIN" --as-of 2024-03-31 record note "$id" m0 bench --on 2024-03-01 --dry-run
    measure "git diff A C" "$repo" git diff A C
    measure "diff A C (10 changed)" "$repo" "$BIN" --as-of 2024-03-31 diff A C
    for f in md html csv xlsx; do
        measure "report $f" "$repo" "$BIN" --as-of 2024-03-31 report -o "$dir/report.$f"
    done
    # After the plan's period (FY2022–FY2024) every milestone not reported done is past due, and
    # the lists hold them all: the reports' largest case.
    for f in md html xlsx; do
        measure "report $f, as of 2026-03-31" "$repo" "$BIN" --as-of 2026-03-31 report -o "$dir/late.$f"
    done
    # The reports above are in the machine's locale (English on C.UTF-8); the office reads them in
    # Japanese, whose labels are shorter and wrap differently (a workbook's row heights, say).
    for f in md html xlsx; do
        measure "report $f (ja), as of 2026-03-31" "$repo" "$BIN" --lang ja --as-of 2026-03-31 report -o "$dir/late-ja.$f"
    done
    # What is written to standard output is held until whole (a render that fails prints
    # nothing): in a temporary file past 8 MiB, not in memory. And the longest outputs besides.
    for f in md html; do
        measure "report $f to stdout, as of 2026-03-31" "$repo" "$BIN" --as-of 2026-03-31 report --format "$f"
    done
    measure "report csv --table milestones, as of 2026-03-31" "$repo" "$BIN" --as-of 2026-03-31 report --format csv --table milestones
    measure "status --format json, as of 2026-03-31" "$repo" "$BIN" --as-of 2026-03-31 status --format json
    measure "form (every item), as of 2026-03-31" "$repo" "$BIN" --as-of 2026-03-31 form -o "$dir/form.xlsx"
    measure "log (1,000 commits of 10 items)" "$dir/log" "$BIN" --as-of 2024-03-31 log --since "$root"
    echo
done
