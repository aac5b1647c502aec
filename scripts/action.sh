#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml), kept in one script so the tests can run them with a
# fake `gh` on PATH (tests/cli/action.rs).
#
#   action.sh build   build `roadmap` from the action's own checkout, unless the cache has it
#   action.sh check   validate, write the semantic diff to the job summary, comment on the PR
#
# Inputs come from the environment (action.yml sets them):
#   ROADMAP_BIN          the binary (build: where to put it; check: what to run)
#   INPUT_DIR            the roadmap directory            (default: found as roadmap finds it)
#   INPUT_COMMENT        "true" to comment on pull requests (default: true)
#   INPUT_FAIL_ON        comma-separated --fail-on values for the diff (slip, invalid)
#   INPUT_COMMENT_AUTHOR whose comment to update           (default: github-actions[bot])
#   and GitHub's own: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY,
#   GITHUB_STEP_SUMMARY, GH_TOKEN.
set -uo pipefail

marker='<!-- roadmap-diff -->'

build() {
  local root
  root=$(dirname "$(dirname "$ROADMAP_BIN")")
  if [ -x "$ROADMAP_BIN" ]; then
    echo "roadmap: cached at $ROADMAP_BIN"
    return 0
  fi
  cargo install --locked --quiet --path "$GITHUB_ACTION_PATH" --root "$root"
}

# `roadmap` with the directory input, when given.
rm_run() {
  if [ -n "${INPUT_DIR:-}" ]; then
    "$ROADMAP_BIN" --color never --dir "$INPUT_DIR" "$@"
  else
    "$ROADMAP_BIN" --color never "$@"
  fi
}

event() {
  jq -r "$1 // empty" "${GITHUB_EVENT_PATH:-/dev/null}" 2>/dev/null
}

# HTML-escapes stdin, for text shown in a comment.
html_escape() {
  sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

# Creates or updates the one comment: the latest by the expected author that starts with the
# marker. Never fails the job: a comment that cannot be posted is a warning.
comment() {
  local body=$1 pr repo author id list err
  pr=$(event .pull_request.number)
  repo=${GITHUB_REPOSITORY:-}
  author=${INPUT_COMMENT_AUTHOR:-github-actions[bot]}
  err=$(mktemp)
  if ! list=$(gh api --paginate "repos/$repo/issues/$pr/comments" 2>"$err"); then
    if grep -q '403\|not accessible' "$err"; then
      echo "::notice::roadmap: the token cannot read or write comments here (a fork's pull request?); the diff is in the job summary"
    else
      echo "::warning::roadmap: cannot list the pull request's comments: $(head -c 300 "$err")"
    fi
    return 0
  fi
  id=$(printf '%s' "$list" | jq -s -r --arg a "$author" --arg m "$marker" \
    'add // [] | map(select(.user.login == $a and (.body | startswith($m)))) | last | .id // empty')
  if [ -n "$id" ]; then
    gh api -X PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" >/dev/null 2>"$err"
  else
    gh api -X POST "repos/$repo/issues/$pr/comments" -F "body=@$body" >/dev/null 2>"$err"
  fi
  local status=$?
  if [ $status -ne 0 ]; then
    if grep -q '403\|not accessible' "$err"; then
      echo "::notice::roadmap: the token is read-only (a fork's pull request?); the diff is in the job summary"
    else
      echo "::warning::roadmap: cannot post the comment: $(head -c 300 "$err")"
    fi
  elif [ -n "$id" ]; then
    echo "roadmap: updated comment $id"
  else
    echo "roadmap: commented on #$pr"
  fi
  return 0
}

check() {
  local status=0 v d base body errfile
  echo "::group::roadmap validate"
  rm_run validate --format github
  v=$?
  echo "::endgroup::"
  [ $v -gt $status ] && status=$v

  if [ "${GITHUB_EVENT_NAME:-}" != pull_request ]; then
    return $status
  fi
  base=$(event .pull_request.base.sha)
  body=$(mktemp)
  errfile=$(mktemp)
  # HEAD is the merge commit GitHub made of the pull request into the base: from the base, it
  # holds exactly the pull request's changes. Fetch the base if the checkout lacks it.
  if [ -n "$base" ] && ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    git fetch --no-tags --quiet --depth=1 origin "$base" 2>/dev/null || true
  fi
  local fail_on=()
  local IFS=,
  for w in ${INPUT_FAIL_ON:-}; do
    [ -n "$w" ] && fail_on+=(--fail-on "$w")
  done
  unset IFS
  rm_run diff --format markdown "${fail_on[@]}" "${base:-HEAD^}" HEAD >"$body" 2>"$errfile"
  d=$?
  if [ $d -eq 2 ] || [ ! -s "$body" ]; then
    # Never an empty comment: say what went wrong.
    {
      echo "$marker"
      echo "### roadmap diff failed"
      echo
      echo "<pre>"
      html_escape <"$errfile"
      echo "</pre>"
    } >"$body"
    echo "::error::roadmap diff failed: $(head -c 300 "$errfile")"
    [ $d -lt 2 ] && d=2
  fi
  [ $d -gt $status ] && status=$d
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$body" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ "${INPUT_COMMENT:-true}" = true ]; then
    local head_repo
    head_repo=$(event .pull_request.head.repo.full_name)
    if [ -n "$head_repo" ] && [ "$head_repo" != "${GITHUB_REPOSITORY:-}" ]; then
      echo "::notice::roadmap: a pull request from a fork gets a read-only token, so no comment; the diff is in the job summary"
    else
      comment "$body"
    fi
  fi
  return $status
}

case "${1:-}" in
  build) build ;;
  check) check ;;
  *)
    echo "usage: action.sh build|check" >&2
    exit 2
    ;;
esac
