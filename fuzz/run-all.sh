#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) on its corpus, one after another, and prints per
# target: executions, coverage (libFuzzer's cov and ft at the end), corpus size, and the crashes
# found (new files in fuzz/artifacts/<target>/: crash-, timeout-, oom-, leak-). Builds the targets
# once, and the seed corpora first (fuzz/seed-corpora.sh). Exits 1 if any target crashed or did not
# build. Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
#   fuzz/run-all.sh 1800            # the long runs: 30 minutes a target
#   fuzz/run-all.sh 30 escape fmt   # some targets only
# FUZZ_SEED=N fixes libFuzzer's random seed: the same code and corpus then get the same mutations,
# in the same order (as long as a target runs the same way each time), so a run can be repeated
# and a longer one tries what a shorter one did. CI sets it, so that its verdict does not depend on
# a draw; a fresh corpus is what CI starts from. Unset, every run draws a new seed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(analyze_item analyze_plan input sheet form_cells escape fmt)
fi

fuzz/seed-corpora.sh >/dev/null
echo "== cargo +nightly fuzz build"
cargo +nightly fuzz build

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=0
rows=()
for t in "${targets[@]}"; do
    mkdir -p "fuzz/artifacts/$t"
    before=$(find "fuzz/artifacts/$t" -type f | sort)
    echo "== $t: ${seconds}s"
    status=0
    seed=()
    [ -z "${FUZZ_SEED:-}" ] || seed=(-seed="$FUZZ_SEED")
    # -timeout: an input that takes 20 s is a hang; -rss_limit_mb: one that takes 4 GB is a leak.
    cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" -print_final_stats=1 \
        -timeout=20 -rss_limit_mb=4096 -close_fd_mask=1 "${seed[@]}" >"$logs/$t" 2>&1 || status=$?
    # libFuzzer's last status line: `#N  DONE  cov: C ft: F corp: K/S ...` (or the last before a
    # crash), and its final stats.
    last=$(grep -E '^#[0-9]+' "$logs/$t" | tail -n 1 || true)
    execs=$(grep -oE 'stat::number_of_executed_units: +[0-9]+' "$logs/$t" | grep -oE '[0-9]+$' || true)
    [ -n "$execs" ] || execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
    rate=$(grep -oE 'stat::average_exec_per_sec: +[0-9]+' "$logs/$t" | grep -oE '[0-9]+$' || true)
    cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    new=$(comm -13 <(echo "$before") <(find "fuzz/artifacts/$t" -type f | sort) | grep -c . || true)
    if [ "$status" -ne 0 ] || [ "$new" -gt 0 ]; then
        failed=1
        echo "-- $t failed (exit $status):"
        grep -E -A1 "panicked at|ERROR: |SUMMARY: " "$logs/$t" | head -n 12 || true
        echo "-- the end of its log:"
        tail -n 25 "$logs/$t" | cut -c1-300
        # The clone CI ran in is gone when its log is read: a small input is printed whole.
        comm -13 <(echo "$before") <(find "fuzz/artifacts/$t" -type f | sort) | while read -r f; do
            echo "   new: $f ($(wc -c <"$f") bytes)"
            [ "$(wc -c <"$f")" -gt 8192 ] || echo "   base64: $(base64 -w0 "$f")"
        done
    fi
    rows+=("$(printf '%-13s %8s %12s %8s %7s %7s %7s %8s' "$t" "${seconds}s" "${execs:-?}" \
        "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$new")")
done

printf '\n%-13s %8s %12s %8s %7s %7s %7s %8s\n' target time execs exec/s cov ft corpus crashes
printf '%s\n' "${rows[@]}"
exit "$failed"
