#!/usr/bin/env bash
# Builds the fuzz targets' seed corpora in fuzz/corpus/<target>/ from the repository, rather than
# committing them: every roadmap file (the shipped roadmap and tests/fixtures) as an item and as a
# plan and for `fmt`; forms made by `roadmap form` from the shipped roadmap and tests/fixtures/form
# (workbooks and CSV, Japanese and English, several scopes; the CSV ones also filled in); and the
# small hand-written seeds committed in fuzz/seeds/<target>/. What the fuzzer has added to a corpus
# is kept. Needs cargo (the tool is built to make the forms) and python3 (to fill the CSV forms).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
targets=(analyze_item analyze_plan input sheet form_cells escape fmt)
for t in "${targets[@]}"; do
    mkdir -p "$corpus/$t"
done

# A corpus file is named by its content, as libFuzzer names the inputs it adds.
put() { # put TARGET FILE
    cp "$2" "$corpus/$1/$(sha1sum <"$2" | cut -c1-40)"
}

for dir in fuzz/seeds/*/; do
    for f in "$dir"*; do
        put "$(basename "$dir")" "$f"
    done
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Roadmap files: plans to analyze_plan, items (and any other TOML) to analyze_item; both to fmt,
# with the first byte saying which file it is.
while IFS= read -r -d '' f; do
    if [ "$(basename "$f")" = roadmap.toml ]; then
        put analyze_plan "$f"
        { printf P; cat "$f"; } >"$tmp/fmt"
    else
        put analyze_item "$f"
        { printf I; cat "$f"; } >"$tmp/fmt"
    fi
    put fmt "$tmp/fmt"
done < <(find roadmap tests/fixtures -name '*.toml' -size -64k -print0)

# Forms, as `roadmap form` writes them.
cargo build --quiet --locked
bin=target/debug/roadmap
fill_csv() { # fill_csv IN OUT: every row answered (the state, a date, a progress text)
    python3 - "$1" "$2" <<'EOF'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
answers = ["完了", "実施中", "遅延", "中止", "done"]
for n, row in enumerate(rows[2:]):
    if len(row) > 14:
        row[9] = answers[n % len(answers)]
        row[10] = "令和6年5月31日" if n % 2 else "2024/5/31"
        row[11] = "進捗 %d" % n
        row[13] = "理由" if n % 5 in (2, 3) else ""
with open(dst, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
EOF
}
n=0
for dir in roadmap tests/fixtures/form; do
    for lang in ja en; do
        for scope in "" "--category 1" "--fy 2023" "--item 1-1-1"; do
            for ext in xlsx csv; do
                n=$((n + 1))
                out="$tmp/form-$n.$ext"
                # shellcheck disable=SC2086 # the scope is words
                if ROADMAP_NOW=2026-06-30 "$bin" --dir "$dir" --lang "$lang" --as-of 2024-06-30 \
                    form $scope -o "$out" 2>/dev/null; then
                    put sheet "$out"
                    if [ "$ext" = csv ]; then
                        fill_csv "$out" "$tmp/filled.csv"
                        put sheet "$tmp/filled.csv"
                    fi
                fi
            done
        done
    done
done

for t in "${targets[@]}"; do
    printf '%-14s %5d seeds\n' "$t" "$(find "$corpus/$t" -type f | wc -l)"
done
