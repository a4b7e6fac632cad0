#!/usr/bin/env bash
# Plants each bug of scripts/seeded-bugs/ (one at a time) in a throw-away worktree of HEAD, runs
# consensus-core's tests there, and says which tests caught it, or that none did. Your working
# tree is not touched.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  echo "usage: scripts/seeded-bugs.sh [NAME ...]   (default: every scripts/seeded-bugs/*.py)"
  exit 0
fi
require_command git
require_java
bugs=("$@")
if [ "${#bugs[@]}" -eq 0 ]; then
  for f in "$QKDCHAIN_ROOT"/scripts/seeded-bugs/*.py; do bugs+=("$(basename "$f" .py)"); done
fi
tree="$(mktemp -d /tmp/qkdchain-seeded.XXXXXX)"
trap 'git -C "$QKDCHAIN_ROOT" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git -C "$QKDCHAIN_ROOT" worktree add --detach "$tree" HEAD >/dev/null
for bug in "${bugs[@]}"; do
  edit="$QKDCHAIN_ROOT/scripts/seeded-bugs/$bug.py"
  [ -f "$edit" ] || die "no seeded bug $bug (scripts/seeded-bugs/$bug.py)"
  git -C "$tree" checkout -q -- .
  python3 "$edit" "$tree" || die "$bug no longer applies: the code it edits changed"
  log="$tree/seeded-$bug.log"
  if (cd "$tree" && mvn -B -pl consensus-core -am test -Dspotless.check.skip=true >"$log" 2>&1); then
    echo "$bug: NOT CAUGHT (every consensus-core test passed)"
  else
    caught="$(grep -a '<<< FAIL\|<<< ERR' "$log" | grep -v 'Tests run' | sed 's/ -- Time.*//; s/.*\] //; s/()\[[0-9]*\]//' | sort -u)"
    [ -n "$caught" ] || caught="(the build failed without a test failure: see $log)"
    echo "$bug: caught by $(echo "$caught" | wc -l) test(s):"
    echo "$caught" | sed 's/^/  /'
  fi
done
