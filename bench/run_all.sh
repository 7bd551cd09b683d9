#!/usr/bin/env bash
# Every city workload with its peers, in one run on one machine, and the README's table of the
# latest run rewritten from what they print (between <!-- bench:begin --> and <!-- bench:end -->):
# the date, the core count, each script's table (each checks its results equal its peers' and
# fails if not), and the peak memory of every cplan command the scripts ran.
# Usage: bench/run_all.sh [BUILD_DIR] [README]   (scripts/dev.sh bench installs what it needs)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-"$here/build"}" && pwd)
readme=${2:-"$here/README.md"}
read -r -a scripts <<<"${BENCH_SCRIPTS:-check_city siting_city coverage_city parking_city export_city render_city}"  # a subset: to try the script
limit_kb=$((1024 * 1024))  # issue 14: every command under 1 GB

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The scripts run cplan as "$build/app/cplan": here that is a shim recording each command's peak
# memory (and time) before handing over to the real one.
shim="$out/build"
mkdir -p "$shim/app"
memlog="$out/memory.tsv"
cat >"$shim/app/cplan" <<EOF
#!/usr/bin/env bash
exec /usr/bin/time -a -o "$memlog" -f "\$BENCH_SCRIPT\t%M\t%e\t\$1" "$build/app/cplan" "\$@"
EOF
chmod +x "$shim/app/cplan"
mkdir -p "$shim/bench"
[ -x "$build/bench/render_bench" ] && ln -s "$build/bench/render_bench" "$shim/bench/render_bench"

for s in "${scripts[@]}"; do
  echo "== $s" >&2
  start=$(date +%s)
  if ! BENCH_SCRIPT=$s RUNS=${RUNS:-3} bash "$here/bench/$s.sh" "$shim" city >"$out/$s.md" 2>"$out/$s.log"; then
    tail -20 "$out/$s.log" >&2
    echo "run_all: $s failed; the README is left as it was" >&2
    exit 1
  fi
  echo "   $(($(date +%s) - start)) s" >&2
done

{
  echo "<!-- bench:begin -->"
  echo "Latest \`bench/run_all.sh\`: $(date +%F), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM,"
  echo "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1). Each table is what its script printed. The scripts"
  echo "whose work has a result check it against the peer's in the same run and fail otherwise: check (verdict"
  echo "counts), siting (every optimum), coverage (straight-line households), parking (households, spaces, shortfall, budget)."
  for s in "${scripts[@]}"; do
    echo
    echo "#### \`bench/$s.sh\`"
    echo
    # Tables and their headings; one blank line where the script left one between two tables.
    awk 'BEGIN { gap = 1 } /^\|/ { print; gap = 0; next } /^$/ { if (!gap) print ""; gap = 1; next } /^[A-Z].*cores/ { print; print ""; gap = 1 }' "$out/$s.md"
  done
  echo
  echo "#### Peak memory of each cplan command"
  echo
  echo "| script | command | runs | peak RSS (largest) | longest run |"
  echo "|---|---|---|---|---|"
  awk -F'\t' -v limit="$limit_kb" '
    NF == 4 { key = $1 "\t" $4; n[key]++; if ($2 > rss[key]) rss[key] = $2; if ($3 > t[key]) t[key] = $3 }
    END { for (k in n) { split(k, p, "\t"); over = (rss[k] > limit) ? " (over 1 GB)" : ""
                  printf "| %s | %s | %d | %.0f MB%s | %.2f s |\n", p[1], p[2], n[k], rss[k] / 1024, over, t[k] } }' \
    "$memlog" | sort
  echo "<!-- bench:end -->"
} >"$out/section.md"

python3 - "$readme" "$out/section.md" <<'PY'
import re, sys
readme, section = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
text = open(readme).read()
pattern = re.compile(r"<!-- bench:begin -->.*?<!-- bench:end -->", re.S)
if not pattern.search(text):
    sys.exit(f"{readme} has no <!-- bench:begin --> ... <!-- bench:end --> section to rewrite")
open(readme + ".partial", "w").write(pattern.sub(lambda _: section, text))
PY
mv "$readme.partial" "$readme"
cat "$out/section.md"
if awk -F'\t' -v limit="$limit_kb" 'NF == 4 && $2 > limit { found = 1 } END { exit !found }' "$memlog"; then
  echo "run_all: a cplan command used more than 1 GB (see the table)" >&2
  exit 1
fi
