#!/usr/bin/env bash
# The shared planning database under load (issue 15): the city published into a throwaway
# PostgreSQL 15 + PostGIS cluster, then CLIENTS planners (default 8) editing and reviewing its
# 10,000 plots at once for SECONDS (default 60): saves per second, p50/p95 save latency,
# conflicts settled, and the independent count that proves no update was lost (the program exits
# 1 otherwise). Also times publishing, and `cplan check` from the database against the GeoPackage.
# Usage: bench/shared_editing_city.sh [BUILD_DIR] [SCALE]   (a benchmark, not a test)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
scale=${2:-city}
clients=${CLIENTS:-8}
seconds=${SECONDS_OF_LOAD:-60}
work=$(mktemp -d)
port=54335
source "$here/scripts/throwaway_postgres.sh"

"$build/app/cplan" generate --scale "$scale" --out "$work" --name city >/dev/null
start_postgres
"${psql[@]}" -c "CREATE EXTENSION postgis"
target="PG:host=127.0.0.1 port=$port user=$pg_user dbname=postgres"

timed() { local s; s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }
publish_s=$(timed "$build/app/cplan" publish "$work/city.toml" --to "$target" --schema city --project-file "$work/city.pg.toml")
check_file_s=$(timed "$build/app/cplan" check "$work/city.toml" --rules national || true)
check_db_s=$(timed "$build/app/cplan" check "$work/city.pg.toml" --rules national || true)
"$build/app/cplan" check "$work/city.toml" --rules national --json >"$work/a.json" 2>/dev/null || true
"$build/app/cplan" check "$work/city.pg.toml" --rules national --json >"$work/b.json" 2>/dev/null || true
cmp -s "$work/a.json" "$work/b.json" || { echo "shared_editing_city: the review from the database differs from the GeoPackage's" >&2; exit 1; }

echo "## Shared database: $scale, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
printf '| step | time |\n|---|---|\n'
printf '| cplan publish (every layer, one transaction) | %.2f s |\n' "$publish_s"
printf '| cplan check from the GeoPackage | %.2f s |\n' "$check_file_s"
printf '| cplan check from PostGIS (same JSON, compared) | %.2f s |\n' "$check_db_s"
echo
echo "$clients clients for $seconds s, each saving +1 household on a random plot and reviewing every 30 s:"
echo
"$build/bench/shared_editing_load" "$work/city.pg.toml" "$clients" "$seconds" 30
