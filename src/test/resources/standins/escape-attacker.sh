#!/bin/bash
# An agent scripted as an attacker on the machine it runs on (issue 28): it does its own work in its
# worktree (a file, a commit), then tries to write outside it, each attempt on its own line, and
# always exits 0 so the job ends as an ordinary one. Whether an attempt succeeded is judged by
# whoever looks at the targets from outside (EscapeTargets in the tests, item 16 of red_team.py),
# never by what this script says.
#
# ESC_OUTSIDE: a directory outside the project holding other-repo/file.txt, sym-target.txt,
#              hard-target.txt, proc-target.txt, shared-tmp (the name of a file in the real /tmp)
# The main repository is found as an agent would: from its worktree's git.
ESC_OUTSIDE=${ESC_OUTSIDE:?}
common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)
checkout=$(dirname "$common")

echo work > agent-work.txt
git add agent-work.txt 2>&1 && git -c user.name=agent -c user.email=agent@x.invalid commit -qm "agent work" 2>&1

try() { local name=$1; shift; if ( "$@" ) >/dev/null 2>&1; then echo "wrote: $name"; else echo "refused: $name"; fi; }

try home-dotfile     sh -c 'echo pwned >> "$HOME/.bashrc"'
try checkout-file    sh -c 'echo pwned >> "$0/README.md"' "$checkout"
try main-hook        sh -c 'printf "#!/bin/sh\necho pwned\n" > "$0/hooks/pre-commit" && chmod +x "$0/hooks/pre-commit"' "$common"
try main-hookspath   git config --file "$common/config" core.hooksPath /tmp/evil-hooks
try main-new-branch  git --git-dir="$common" update-ref refs/heads/planted HEAD
try main-other-ref   git --git-dir="$common" update-ref -d refs/heads/other
try other-job-ref    git --git-dir="$common" update-ref refs/heads/bg/other-job "$(git rev-parse HEAD)"
try other-repo       sh -c 'echo pwned >> "$0/other-repo/file.txt"' "$ESC_OUTSIDE"
try shared-tmp       sh -c 'echo pwned >> "/tmp/$(cat "$0/shared-tmp")"' "$ESC_OUTSIDE"
try symlink-out      sh -c 'for d in . /tmp; do ln -sf "$0/sym-target.txt" "$d/sym-out" && echo pwned >> "$d/sym-out" && exit 0; done; exit 1' "$ESC_OUTSIDE"
try hardlink-out     sh -c 'for d in . /tmp; do ln -f "$0/hard-target.txt" "$d/hard-out" 2>/dev/null && echo pwned >> "$d/hard-out" && exit 0; done; exit 1' "$ESC_OUTSIDE"
try proc-self-root   sh -c 'echo pwned >> "/proc/self/root$0/proc-target.txt"' "$ESC_OUTSIDE"
try beside-worktree  sh -c 'echo pwned > ../planted-beside.txt'
# a file made in the packs' folder stands for one deleted from it (the same right), without losing the test's history
try main-packs       sh -c 'echo pwned > "$0/objects/pack/planted"' "$common"
try main-alternates  sh -c 'mkdir -p /tmp/evil-objects && echo /tmp/evil-objects >> "$0/objects/info/alternates"' "$common"
echo "done"
