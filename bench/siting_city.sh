#!/usr/bin/env bash
# Times cplan site's exact siting against the MILP solvers run on the very model cplan solves
# (written with --write-lp), all in the same run:
#   S1 maximal covering, 50 community offices among the city's 5,000 candidates, walking 300 m
#   S2 set covering, every household within 300 m walking of a community office, same city
#   S3 p-median, 5 elderly-care sites on the demo city (the city's p-median is past the exact size)
# Peers: CBC 2.10 (cbc, the solver cplan links) and GLPK 5.0 (glpsol, the solver it replaced),
# each reading the LP file. Every solver's optimum must equal cplan's, or the script fails.
# cplan's figures: its siting after reading (--timings), of which its in-process solve.
# Usage: bench/siting_city.sh [BUILD_DIR] [SCALE]
# Needs coinor-cbc, glpk-utils, bc, time.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
scale=${2:-city}
cplan="$build/app/cplan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cplan" generate --scale "$scale" --out "$work" --name city >/dev/null

# run NAME PROJECT ARGS...: cplan site with its timings, JSON answer, LP file, wall time and peak RSS.
run() {
  local name=$1 project=$2
  shift 2
  /usr/bin/time -f "%e %M" -o "$work/$name.time" \
    "$cplan" site ${project:+"$project"} "$@" --timings --json --write-lp "$work/$name.lp" >"$work/$name.json" 2>"$work/$name.err"
}
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/$1.json" "$2"; }
siting_s() { sed -n 's/.*siting \([0-9.]*\) s.*/\1/p' "$work/$1.err"; }
solver_s() { sed -n 's/.*MILP solver \([0-9.]*\) s.*/\1/p' "$work/$1.err"; }
timed() { local start; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $start" | bc; }
cbc_on() { timed cbc "$work/$1.lp" solve solu "$work/$1.cbc.sol"; }
glpk_on() { timed glpsol --lp "$work/$1.lp" -o "$work/$1.glpk.out"; }
# The optimum each solver reports for the LP (which minimises: a maximisation is negated).
cbc_objective() { sed -n 's/^Optimal - objective value \(.*\)/\1/p' "$work/$1.cbc.sol"; }
glpk_objective() { sed -n 's/^Objective: *obj = *\([-0-9.e+]*\).*/\1/p' "$work/$1.glpk.out"; }
same() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(a - b) > 1e-6 * max(1, abs(a)))" "$1" "$2"; }

run s1 "$work/city.toml" --kind community_office --add 50
run s2 "$work/city.toml" --kind community_office --cover-all
run s3 "" --kind elderly_care --add 5 --median

rows=()
for w in s1 s2 s3; do
  [ "$(field $w optimal)" = True ] || { echo "$w: cplan did not prove its answer: $(field $w method)" >&2; exit 1; }
  case "$(field $w method)" in *CBC*) ;; *) echo "$w: solved without the MILP ($(field $w method)); nothing to compare" >&2; exit 1 ;; esac
  cbc_t=$(cbc_on $w); glpk_t=$(glpk_on $w)
  # What the LP's optimum is in cplan's terms: households newly covered (S1, negated), sites (S2),
  # household-metres (S3).
  case $w in
    s1) expected=$(python3 -c "print(-($(field $w objective_value) - $(field $w covered_before)))") ;;
    *) expected=$(field $w objective_value) ;;
  esac
  for solver in cbc glpk; do
    got=$(${solver}_objective $w)
    same "$got" "$expected" || { echo "$w: $solver's optimum $got differs from cplan's $expected" >&2; exit 1; }
  done
  read -r wall rss <"$work/$w.time"
  rows+=("$(printf '%s|%.3f|%.3f|%.2f|%.0f|%.3f|%.3f|%.1f×|%.1f×' "$w" "$(siting_s $w)" "$(solver_s $w)" "$wall" "$((rss / 1024))" \
    "$cbc_t" "$glpk_t" "$(echo "$cbc_t / $(solver_s $w)" | bc -l)" "$(echo "$glpk_t / $(solver_s $w)" | bc -l)")")
done

echo
echo "Siting, $scale (S3 on the demo city), $(nproc) cores, $(date +%F); every optimum equal across solvers"
echo
echo "| workload | cplan siting after reading | of which CBC in cplan | whole command, peak RSS | CBC 2.10 CLI on the LP | GLPK 5.0 glpsol on the LP | CBC CLI / cplan's solve | GLPK / cplan's solve |"
echo "|---|---|---|---|---|---|---|---|"
label() {
  case $1 in
    s1) echo "S1 maximal covering, 50 of 5,000 candidates, walking 300 m" ;;
    s2) echo "S2 set covering, walking 300 m" ;;
    s3) echo "S3 p-median, 5 sites, demo city" ;;
  esac
}
for r in "${rows[@]}"; do
  IFS='|' read -r w siting solve wall rss cbc_t glpk_t cbc_ratio glpk_ratio <<<"$r"
  echo "| $(label "$w") | $siting s | $solve s | $wall s, $rss MB | $cbc_t s | $glpk_t s | $cbc_ratio | $glpk_ratio |"
done
