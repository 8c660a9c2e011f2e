#!/usr/bin/env bash
# The architecture rules of docs/design.md ("Modules and what each may include"), checked on the
# sources, and the repository standing on its own (no pointer to files a clone does not have).
# Usage: check_layout.sh SOURCE_DIR. Prints every violation; exits 1 if there is any.
set -uo pipefail
cd "$1" || exit 2
bad=0
fail() { echo "layout: $*"; bad=1; }

# module → the top-level folders its #include "..." may name
declare -A allowed=(
  [core]="core"
  [meshes]="core meshes"
  [analysis]="core meshes analysis"
  [solvers]="core meshes solvers"
  [particles]="core meshes particles"
  [nn]="nn"
)
for module in "${!allowed[@]}"; do
  while IFS=: read -r file line text; do
    target=$(sed -E 's/.*#include "([^/"]+)\/.*/\1/' <<<"$text")
    [[ " ${allowed[$module]} " == *" $target "* ]] ||
      fail "$file:$line includes $target/, which $module/ may not (allowed: ${allowed[$module]})"
  done < <(grep -rnE '^#include "[^"]+/' "$module" --include='*.hpp' --include='*.cpp')
done

# Only app/ parses YAML, reads the command line or prints; nn/ has no PETSc.
grep -rnE '#include <(yaml-cpp/|CLI/|iostream)|std::(cout|cerr)|\bprintf\(' \
    core meshes analysis solvers particles nn --include='*.hpp' --include='*.cpp' |
  while IFS= read -r hit; do echo "layout: $hit: only app/ parses YAML, reads the command line or prints"; done |
  grep . && bad=1
grep -rnE '#include <petsc' nn && fail "nn/ must not use PETSc"

# A kind's folder uses the shared pieces (app/input, app/run, app/kinds/common), never another kind.
for kind_dir in app/kinds/*/; do
  kind=$(basename "$kind_dir")
  [ "$kind" = common ] && continue
  grep -rnE '#include "app/kinds/[^/"]+/' "$kind_dir" | grep -vE "app/kinds/($kind|common)/" |
    while IFS= read -r hit; do echo "layout: $hit: a kind includes another kind"; done | grep . && bad=1
done

# The repository stands on its own: no briefing notes outside it, no machine's absolute paths.
if git rev-parse --git-dir > /dev/null 2>&1; then
  git grep -nE 'SCIENCE\.md|DESIGN\.md|PEERS\.md|NOTES\.md|STYLE\.md|\.\./shared' -- . ':!*.png' \
      ':!tests/layout/check_layout.sh' && fail "files above point outside the repository"
  git grep -nE '(^|[^A-Za-z0-9_.])/(work|home|root)/' -- . ':!*.png' ':!tests/layout/check_layout.sh' \
      && fail "files above name an absolute path of a machine"
fi
exit $bad
