#!/usr/bin/env bash
# Line and branch coverage of the whole suite, per folder (not run in CI: it builds an
# instrumented copy without optimisation and runs every test, about ten minutes on two cores).
#   scripts/coverage.sh            build-coverage/, ctest, then the summary per folder and
#                                  build-coverage/coverage/index.html (per file, line by line)
# Needs Debian's gcovr (installed here if missing, as scripts/dev.sh installs its packages).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$here/build-coverage"

if ! command -v gcovr >/dev/null 2>&1; then
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends gcovr >/dev/null
fi

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCPLAN_COVERAGE=ON >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)"
find "$build" -name '*.gcda' -delete
(cd "$build" && ctest --parallel "$(nproc)" --timeout 1800 --output-on-failure) || echo "coverage.sh: some tests failed; the figures below count what ran" >&2

mkdir -p "$build/coverage"
# The project's own code only: not the tests, the benchmarks or Qt's generated files.
common=(--root "$here" --object-directory "$build" --exclude "$here/tests/" --exclude "$here/bench/" --exclude ".*_autogen/.*"
        --exclude-unreachable-branches --exclude-throw-branches)
gcovr "${common[@]}" --html-details "$build/coverage/index.html" >/dev/null
printf '%-10s %8s %8s\n' folder lines branches
for folder in geo datasets app/cli app/ui app/draw; do
  summary=$(gcovr "${common[@]}" --filter "$here/$folder/" --print-summary --txt /dev/null)
  lines=$(sed -n 's/^lines: \([0-9.]*%\).*/\1/p' <<<"$summary")
  branches=$(sed -n 's/^branches: \([0-9.]*%\).*/\1/p' <<<"$summary")
  printf '%-10s %8s %8s\n' "$folder" "$lines" "$branches"
done
echo "per file: $build/coverage/index.html"
