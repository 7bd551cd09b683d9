#!/usr/bin/env bash
# Times `cplan parking` and `cplan finance` on the generated city against the same computations
# in PostGIS, in the same run on the same data, and checks that the results are equal:
#   per community: households (buildings by centroid), spaces (a zone's capacity, else its area
#   ÷ 25 m², at least 1; a zone across a boundary by its share of area), the national standard
#   (1 space per household) and the shortfall;
#   per residential building: the spaces of the zones within 300 m in a straight line (PostGIS has
#   no walking network of its own; cplan's walking figure is timed beside it);
#   per community: the Hangzhou pack's budget (80 yuan × 1.05^(year − 2000) per household, 108 yuan
#   sanitation per household, 500 yuan × 0.8 per space, 150,000 sponsors).
# Usage: bench/parking_city.sh [BUILD_DIR] [SCALE]   (needs postgresql-15-postgis-3 and bc; runs as
# root or as a user who may run initdb; the cluster lives in a temporary folder on 127.0.0.1)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
scale=${2:-city}
year=2026
work=$(mktemp -d)
port=54333
source "$here/scripts/throwaway_postgres.sh"
cplan="$build/app/cplan"
"$cplan" generate --scale "$scale" --out "$work" --name city >/dev/null

wall() {  # wall-clock seconds of a command, its output to a file
  local out=$1
  shift
  local start
  start=$(date +%s.%N)
  "$@" >"$out" 2>"$out.err" || true
  echo "$(date +%s.%N) - $start" | bc
}
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }  # peak resident set, KiB

echo "== cplan" >&2
communities_wall=$(wall "$work/communities.json" "$cplan" parking "$work/city.toml" --communities-only --json --timings)
straight_wall=$(wall "$work/straight.txt" "$cplan" parking "$work/city.toml" --straight-line --rows 0 --timings --out "$work/straight")
walking_wall=$(wall "$work/walking.txt" "$cplan" parking "$work/city.toml" --rows 0 --timings)
finance_wall=$(wall "$work/finance.json" "$cplan" finance "$work/city.toml" --rules hangzhou --year "$year" --json --timings)
communities_rss=$(rss "$cplan" parking "$work/city.toml" --communities-only --rows 0)
walking_rss=$(rss "$cplan" parking "$work/city.toml" --rows 0)
finance_rss=$(rss "$cplan" finance "$work/city.toml" --rules hangzhou --year "$year" --rows 0)
seconds() { sed -n "s/.*$1 \([0-9.]*\) s.*/\1/p" "$2"; }
communities_compute=$(seconds parking "$work/communities.json.err")
straight_compute=$(seconds parking "$work/straight.txt.err")
walking_compute=$(seconds parking "$work/walking.txt.err")
finance_compute=$(seconds finance "$work/finance.json.err")

cplan_totals=$(python3 - "$work/communities.json" "$work/finance.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
f = json.load(open(sys.argv[2]))
c = p["communities"]
print(round(sum(x["households"] for x in c)), round(sum(x["spaces"] for x in c)), round(sum(x["shortfall_spaces"] for x in c)),
      round(sum(x["total_yuan"] for x in f["communities"])))
PY
)
cplan_reach=$(python3 - "$work/straight/parking_buildings.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(len(rows), round(sum(float(r["spaces_within_reach"]) for r in rows)))
PY
)

echo "== PostGIS" >&2
start_postgres
"${psql[@]}" -c "CREATE EXTENSION postgis"
load_layers "$work/city.gpkg" communities buildings parking
"${psql[@]}" -c "ANALYZE"
run_timed() { "${psql[@]}" -At -f "$1" | tee "$1.out" | awk '/^Time:/ {t += $2} END {print t / 1000}'; }
cat > "$work/communities.sql" <<'SQL'
SET client_min_messages = warning;
\timing on
CREATE TEMP TABLE zone AS SELECT fid, geom, ST_Area(geom) AS a,
  COALESCE("车位数"::float, GREATEST(1, ROUND(ST_Area(geom) / 25.0))) AS spaces FROM parking;
CREATE INDEX ON zone USING gist (geom);
CREATE TEMP TABLE community_parking AS
SELECT c.community_id,
  (SELECT coalesce(sum(b."户数"), 0) FROM buildings b WHERE b."户数" > 0 AND b.geom && c.geom AND ST_Contains(c.geom, ST_Centroid(b.geom))) AS households,
  (SELECT coalesce(sum(z.spaces * ST_Area(ST_Intersection(z.geom, c.geom)) / z.a), 0) FROM zone z WHERE ST_Intersects(z.geom, c.geom)) AS spaces
FROM communities c;
\timing off
SELECT 'totals', round(sum(households)), round(sum(spaces)), round(sum(greatest(0, households - spaces))) FROM community_parking;
SQL
cat > "$work/reach.sql" <<'SQL'
SET client_min_messages = warning;
CREATE TEMP TABLE zone AS SELECT ST_Centroid(geom) AS p, COALESCE("车位数"::float, GREATEST(1, ROUND(ST_Area(geom) / 25.0))) AS spaces FROM parking;
CREATE INDEX ON zone USING gist (p);
ANALYZE zone;
\timing on
CREATE TEMP TABLE reach AS
SELECT b.fid, (SELECT coalesce(sum(z.spaces), 0) FROM zone z WHERE ST_DWithin(z.p, ST_Centroid(b.geom), 300)) AS spaces
FROM buildings b WHERE b."户数" > 0;
\timing off
SELECT 'reach', count(*), round(sum(spaces)) FROM reach;
SQL
cat > "$work/finance.sql" <<SQL
SET client_min_messages = warning;
\\timing on
CREATE TEMP TABLE zone AS SELECT geom, ST_Area(geom) AS a, COALESCE("车位数"::float, GREATEST(1, ROUND(ST_Area(geom) / 25.0))) AS spaces FROM parking;
CREATE INDEX ON zone USING gist (geom);
CREATE TEMP TABLE budget AS
SELECT c.community_id, 80 * h.households * power(1.05, $year - 2000) + 108 * h.households + 500 * 0.8 * s.spaces + 150000 AS total
FROM communities c
CROSS JOIN LATERAL (SELECT coalesce(sum(b."户数"), 0) AS households FROM buildings b
                    WHERE b."户数" > 0 AND b.geom && c.geom AND ST_Contains(c.geom, ST_Centroid(b.geom))) h
CROSS JOIN LATERAL (SELECT coalesce(sum(z.spaces * ST_Area(ST_Intersection(z.geom, c.geom)) / z.a), 0) AS spaces FROM zone z
                    WHERE ST_Intersects(z.geom, c.geom)) s;
\\timing off
SELECT 'budget', round(sum(total)) FROM budget;
SQL
communities_peer=$(run_timed "$work/communities.sql")
reach_peer=$(run_timed "$work/reach.sql")
finance_peer=$(run_timed "$work/finance.sql")
peer_totals=$(awk -F'|' '$1 == "totals" {print $2, $3, $4}' "$work/communities.sql.out")
peer_reach=$(awk -F'|' '$1 == "reach" {print $2, $3}' "$work/reach.sql.out")
peer_budget=$(awk -F'|' '$1 == "budget" {print $2}' "$work/finance.sql.out")

read -r c_hh c_spaces c_short c_budget <<<"$cplan_totals"
read -r p_hh p_spaces p_short <<<"$peer_totals"
read -r c_buildings c_reach <<<"$cplan_reach"
read -r p_buildings p_reach <<<"$peer_reach"
same() { [ "$1" = "$2" ] && echo equal || echo "DIFFERENT ($1 vs $2)"; }
# Totals of fractional figures rounded once each: equal within a space or a yuan of rounding.
near() { python3 -c "import sys; a, b, tol = map(float, sys.argv[1:]); print('equal' if abs(a - b) <= tol else f'DIFFERENT ({a:.0f} vs {b:.0f})')" "$1" "$2" "$3"; }
ratio() { echo "scale=1; $1 / $2" | bc; }

echo
echo "| $scale, $(nproc) cores, $(date +%F) | cplan | PostGIS 15 (query only, data loaded) | PostGIS ÷ cplan | results |"
echo "|---|---|---|---|---|"
printf '| per community: spaces (split by area), households, shortfall | %.2f s (%.2f s whole command, %d MB) | %.2f s | %s× | households %s; spaces %s; shortfall %s |\n' \
  "$communities_compute" "$communities_wall" "$((communities_rss / 1024))" "$communities_peer" "$(ratio "$communities_peer" "$communities_compute")" \
  "$(same "$c_hh" "$p_hh")" "$(near "$c_spaces" "$p_spaces" 1)" "$(near "$c_short" "$p_short" 1)"
printf '| per building: spaces within 300 m, straight line | %.2f s (%.2f s whole command with --out) | %.2f s | %s× | buildings %s; spaces summed %s |\n' \
  "$straight_compute" "$straight_wall" "$reach_peer" "$(ratio "$reach_peer" "$straight_compute")" "$(same "$c_buildings" "$p_buildings")" \
  "$(near "$c_reach" "$p_reach" 1)"
printf '| per building: spaces within 300 m walking | %.2f s (%.2f s whole command, %d MB) | — (needs pgRouting) | | |\n' \
  "$walking_compute" "$walking_wall" "$((walking_rss / 1024))"
printf '| finance: every community'"'"'s budget (Hangzhou, %s) | %.2f s (%.2f s whole command, %d MB) | %.2f s | %s× | total %s |\n' \
  "$year" "$finance_compute" "$finance_wall" "$((finance_rss / 1024))" "$finance_peer" "$(ratio "$finance_peer" "$finance_compute")" \
  "$(near "$c_budget" "$peer_budget" 30)"
