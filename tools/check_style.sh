#!/usr/bin/env bash
# House-rule checks that the compiler cannot do (CONTRIBUTING.md). Exits non-zero on a finding.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
fail() { echo "check_style: $*" >&2; status=1; }

mapfile -t cxx < <(git ls-files -co --exclude-standard -- 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' \
  'bench/*.cc' 'fuzz/*.cc' | while read -r f; do [ -f "$f" ] && echo "$f"; done)

# 1. clang-format is the formatter (clang-format 14, .clang-format at the root).
if ((${#cxx[@]})); then
  clang-format --dry-run -Werror "${cxx[@]}" 2>/dev/null || fail "clang-format differs; run: clang-format -i <files>"
fi

# 2. Nothing under src/ throws; only cli/ prints to stdout/stderr.
grep -nE '(^|[^_[:alnum:]])throw[[:space:](;]' src -r --include='*.cc' --include='*.h' | grep -v '//.*throw' \
  && fail "'throw' under src/ (return a Status instead)"
grep -nE 'std::(cout|cerr)|[^f]printf\(' src -r --include='*.cc' --include='*.h' | grep -v '^src/cli/' \
  | grep -v 'snprintf' | grep -v '^src/common/check.cc' \
  && fail "printing outside src/cli/"

# 3. No 'using namespace' in headers, no naked new/delete (mark a justified one with NOLINT).
grep -nE '^\s*using namespace' src -r --include='*.h' && fail "'using namespace' in a header"
grep -nE '(^|[^_[:alnum:]])(new|delete)\s+[A-Za-z_:]+[\[(;]' src -r --include='*.cc' --include='*.h' \
  | grep -v NOLINT | grep -v '^\S*:\s*//' && fail "naked new/delete (use make_unique / containers)"

# 4. The project stands alone: nothing refers to the workspace's ../shared folder.
git grep -nE '\.\./shared' -- ':!tools/check_style.sh' ':!tests/data/parquet-testing/**' \
  && fail "reference to ../shared (copy what is needed into the repo)"

exit $status
