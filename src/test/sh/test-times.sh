#!/usr/bin/env bash
# Where the suite's time goes, from the Surefire and Failsafe reports of the last run:
#   src/test/sh/test-times.sh [TARGET] [N]
# prints, per execution (unit tests; integration tests on the default server, alone, and on each
# other server), its N slowest test classes (default 8, 0 for all) with tests and seconds, and
# the sum of its classes. The sums are work, not wall time: Failsafe runs two classes at once.
# .ci/run prints it after the tests, so every landing shows what it costs.
set -euo pipefail
target=${1:-target}
most=${2:-8}
printf '| execution | test class | tests | seconds |\n|---|---|---:|---:|\n'
for dir in "$target"/surefire-reports "$target"/failsafe-reports "$target"/failsafe-reports-*; do
  [ -d "$dir" ] || continue
  case "$dir" in
    */surefire-reports) name="unit" ;;
    */failsafe-reports) name="it mariadb-11.4 (default)" ;;
    *) name="it ${dir##*/failsafe-reports-}" ;;
  esac
  # one line per class: seconds, tests, class (the testsuite element's attributes)
  rows=$(for f in "$dir"/TEST-*.xml; do
    [ -f "$f" ] || continue
    sed -n 's/.*<testsuite [^>]*name="\([^"]*\)" time="\([0-9.]*\)" tests="\([0-9]*\)".*/\2 \3 \1/p' "$f" | head -1
  done | sort -rn)
  [ -n "$rows" ] || continue
  echo "$rows" | awk -v name="$name" -v most="$most" '
    { total += $1; tests += $2; n++
      if (most == 0 || n <= most) { sub(/^eu\.art32\./, "", $3); printf "| %s | %s | %d | %.1f |\n", name, $3, $2, $1 } }
    END { printf "| %s | **all %d classes** | %d | **%.1f** |\n", name, n, tests, total }'
done
# the whole run in one line, from every report: what CI reads last
cat "$target"/surefire-reports/TEST-*.xml "$target"/failsafe-reports*/TEST-*.xml 2>/dev/null \
  | sed -n 's/.*<testsuite [^>]* tests="\([0-9]*\)" errors="\([0-9]*\)" skipped="\([0-9]*\)" failures="\([0-9]*\)".*/\1 \2 \3 \4/p' \
  | awk '{ t += $1; e += $2; s += $3; f += $4 }
    END { printf "tests: %d passed, %d failed, %d skipped\n", t - e - s - f, e + f, s }'
