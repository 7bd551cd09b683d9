#!/usr/bin/env bash
# Fuzzes the rule-pack parser, the project-file parser and `cplan info`'s reading of a source
# with libFuzzer (clang from Debian), each for FUZZ_SECONDS (default 1800), the three side by
# side. Not part of CI. Seeds: the shipped rule packs and import profiles, project files and
# broken sources written by tests/fuzz_seeds (built with the suite). A crash leaves its input
# in build-fuzz/crashes/; fix it and keep the input as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-1800}"
command -v clang++-14 >/dev/null || sudo apt-get install -y clang-14 libclang-rt-14-dev
cmake -S . -B build-fuzz -G Ninja -DCPLAN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz --target fuzz_rule_pack fuzz_project fuzz_inspect

seeds=build-fuzz/seeds
rm -rf "$seeds"; mkdir -p "$seeds"/{rule_pack,project,inspect} build-fuzz/crashes
cp plugins/rules/*.toml "$seeds/rule_pack/"
cp plugins/importers/*.toml "$seeds/project/"
if [ -x build/tests/fuzz_seeds ]; then build/tests/fuzz_seeds "$seeds"; fi

pids=()
for target in rule_pack project inspect; do
  mkdir -p "build-fuzz/corpus/$target"
  build-fuzz/fuzz/fuzz_$target "build-fuzz/corpus/$target" "$seeds/$target" -max_total_time="$seconds" -timeout=20 \
    -rss_limit_mb=4096 -artifact_prefix=build-fuzz/crashes/"$target"- -print_final_stats=1 \
    >"build-fuzz/fuzz_$target.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for target in rule_pack project inspect; do
  echo "== $target: $(grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "build-fuzz/fuzz_$target.log" | tail -1)"
  grep -E "ERROR: (libFuzzer|AddressSanitizer)|SUMMARY" "build-fuzz/fuzz_$target.log" | head -3 || true
done
ls build-fuzz/crashes
exit $status
