#!/bin/sh
# bg-agents' pod entry (the agent image's ENTRYPOINT; tests run this very file as a local process).
#
#   bg-agents-entry REMOTE BRANCH SUBDIR ARGV...
#
# Clones REMOTE at BRANCH (the server pushed it at the job's base), runs ARGV in SUBDIR of the clone —
# an argument vector, never a shell string — with stdin from $BG_AGENTS_STDIN (the prompt) or nothing,
# commits what the agent left uncommitted, pushes BRANCH and exits with the agent's status.
#
# The pod log API merges stdout and stderr, so every line is tagged here and split again by the
# server: "o " for stdout, "e " for stderr (this script's own notes are stderr lines "e [bg-agents] …").
# The termination message (/dev/termination-log, or $BG_AGENTS_TERMINATION) says "exit=N pushed=SHA".
set -u
remote=$1 branch=$2 subdir=$3
shift 3
ws=${BG_AGENTS_WORKSPACE:-/workspace}
term=${BG_AGENTS_TERMINATION:-/dev/termination-log}
pipes=$(mktemp -d "${TMPDIR:-/tmp}/bg-agents-entry.XXXXXX") || exit 70
mkfifo "$pipes/o" "$pipes/e" || exit 70
exec 3>&1
# awk writes every line whole, its newline included, in one write, so the two streams never cut each other's
# lines (mawk, unbuffered, writes each item of a print and a printf's newline apart: one string, then); mawk
# (Debian's awk) would wait for a full input buffer before its first line unless told otherwise
if awk -W version 2>/dev/null | grep -q mawk; then interactive="-W interactive"; else interactive=""; fi
# shellcheck disable=SC2086
awk $interactive 'BEGIN { ORS = "" } { line = "o " $0 "\n"; print line; fflush() }' <"$pipes/o" >&3 &
to=$!
# shellcheck disable=SC2086
awk $interactive 'BEGIN { ORS = "" } { line = "e " $0 "\n"; print line; fflush() }' <"$pipes/e" >&3 &
te=$!
exec >"$pipes/o" 2>"$pipes/e"

note() { printf '[bg-agents] %s\n' "$*" >&2; }

finish() {
  code=$1 sha=${2:-}
  printf 'exit=%s pushed=%s\n' "$code" "$sha" >"$term" 2>/dev/null || :
  exec >&3 2>&3
  wait "$to" "$te"
  rm -rf "$pipes"
  exit "$code"
}

note "cloning $branch"
if ! git clone --quiet --single-branch --branch "$branch" -- "$remote" "$ws/repo"; then
  note "cannot clone $branch from the remote"
  finish 70
fi
cd "$ws/repo/$subdir" || { note "no directory $subdir in the clone"; finish 70; }
git config user.name >/dev/null || git config user.name "bg-agents"
git config user.email >/dev/null || git config user.email "bg-agents@localhost"

if [ -n "${BG_AGENTS_STDIN+x}" ]; then
  printf '%s' "$BG_AGENTS_STDIN" | "$@"
  code=$?
else
  "$@" </dev/null
  code=$?
fi
# the prompt is the agent's, not its children's: nothing started below sees it
unset BG_AGENTS_STDIN
note "agent exited with $code"

cd "$ws/repo" || finish 70
git add -A
if ! git diff --cached --quiet; then
  git commit --quiet -m "bg-agents: what the agent left uncommitted" || note "cannot commit the leftovers"
fi
if ! git push --quiet origin "HEAD:refs/heads/$branch"; then
  note "cannot push $branch: the agent's work is only in this pod"
  finish 71
fi
finish "$code" "$(git rev-parse HEAD)"
