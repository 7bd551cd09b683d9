#!/usr/bin/env bash
# Times `cplan check` on the generated city against the same computation in PostGIS, measured
# in the same run on the same data: each plot's community of largest overlap and its verdict
# under the national rule (30 m² per 100 households), and per community the households of the
# buildings whose centroid it contains, its community-office floor area, and the plots' planned
# households split by overlap.
# Usage: bench/check_city.sh [BUILD_DIR] [SCALE]   (needs postgresql-15-postgis-3; runs as root
# or as a user who may run initdb; the cluster lives in a temporary folder on 127.0.0.1)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
scale=${2:-city}
runs=${RUNS:-3}
work=$(mktemp -d)
port=54329
source "$here/scripts/throwaway_postgres.sh"

"$build/app/cplan" generate --scale "$scale" --out "$work" --name city >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "cplan check ($scale, national rules), $runs runs:" >&2
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$build/app/cplan" check "$work/city.toml" --rules national >/dev/null || true
  echo "$(date +%s.%N) - $start" | bc
done | median > "$work/cplan.txt"

start_postgres
"${psql[@]}" -c "CREATE EXTENSION postgis"
load_start=$(date +%s.%N)
load_layers "$work/city.gpkg" communities plots buildings facilities
"${psql[@]}" -c "ANALYZE"
load_time=$(echo "$(date +%s.%N) - $load_start" | bc)

cat > "$work/check.sql" <<'SQL'
SET client_min_messages = warning;
\timing on
CREATE TEMP TABLE plot_review AS
SELECT DISTINCT ON (p.fid) p.fid, c.community_id,
       0.3 * p."户数" AS required, p."社区用房面积" AS reserved,
       CASE WHEN NOT ST_IsValid(p.geom) OR p."户数" IS NULL THEN 'unchecked'
            -- cplan's plausibility checks (geo/src/plot_plausibility.h): figures no plan can have
            WHEN p."户数" < 0 OR p."建筑面积" < 0 OR p."社区用房面积" < 0
              OR (p."建筑面积" = 0 AND p."户数" > 0)
              OR (p."户数" > 0 AND p."建筑面积" > 0 AND (p."建筑面积" / p."户数" < 20 OR p."建筑面积" / p."户数" > 1000))
              OR (p."建筑面积" > 0 AND p."社区用房面积" > p."建筑面积")
              OR p."建筑面积" / ST_Area(p.geom) > 15 OR p."户数" / (ST_Area(p.geom) / 10000) > 3000 THEN 'unchecked'
            WHEN p."户数" <= 0 THEN 'not_applicable'
            WHEN p."社区用房面积" >= 0.3 * p."户数" THEN 'compliant' ELSE 'short' END AS verdict
FROM plots p LEFT JOIN communities c ON ST_IsValid(p.geom) AND ST_Intersects(p.geom, c.geom)
ORDER BY p.fid, ST_Area(ST_Intersection(p.geom, c.geom)) DESC NULLS LAST, c.community_id;
CREATE TEMP TABLE community_review AS
SELECT c.community_id,
  (SELECT coalesce(sum(b."户数"), 0) FROM buildings b WHERE b.geom && c.geom AND ST_Contains(c.geom, ST_Centroid(b.geom))) AS households_existing,
  (SELECT coalesce(sum(f."建筑面积"), 0) FROM facilities f WHERE f."设施类型" = '社区服务站' AND ST_Contains(c.geom, f.geom)) AS office_m2,
  (SELECT coalesce(sum(p."户数" * ST_Area(ST_Intersection(p.geom, c.geom)) / ST_Area(p.geom)), 0) FROM plots p
     WHERE ST_IsValid(p.geom) AND p."户数" IS NOT NULL AND ST_Intersects(p.geom, c.geom)) AS households_planned
FROM communities c;
SELECT verdict, count(*) FROM plot_review GROUP BY verdict ORDER BY verdict;
SELECT round(sum(households_existing)) AS households_existing, round(sum(office_m2)) AS office_m2 FROM community_review;
SQL
echo "PostGIS, $runs runs (query only; the data is loaded once beforehand):" >&2
for _ in $(seq "$runs"); do
  "${psql[@]}" -f "$work/check.sql" | awk '/^Time:/ {t += $2} END {print t / 1000}'
done | median > "$work/postgis.txt"
"${psql[@]}" -f "$work/check.sql" | grep -v '^Time' >&2

"$build/app/cplan" check "$work/city.toml" --rules national --rows 0 --timings 2>"$work/timings.txt" >"$work/cplan_out.txt" || true
head -2 "$work/cplan_out.txt" >&2
cat "$work/timings.txt" >&2
# The results must be the same, or the times compare different work.
cplan_counts=$(sed -n 's/^Plots:.*compliant \([0-9]*\) *short \([0-9]*\) .*unchecked \([0-9]*\).*/\1 \2 \3/p' "$work/cplan_out.txt")
postgis_counts=$("${psql[@]}" -At -f "$work/check.sql" | grep -E '^(compliant|short|unchecked)\|' | sort |
  awk -F'|' '{n[$1]=$2} END {print n["compliant"]+0, n["short"]+0, n["unchecked"]+0}')
if [ "$cplan_counts" != "$postgis_counts" ]; then
  echo "verdict counts differ: cplan (compliant short unchecked) $cplan_counts, PostGIS $postgis_counts" >&2
  exit 1
fi
echo "verdict counts equal (compliant short unchecked): $cplan_counts" >&2
review_time=$(sed -n 's/.*review \([0-9.]*\) s.*/\1/p' "$work/timings.txt")
cplan_time=$(cat "$work/cplan.txt")
postgis_time=$(cat "$work/postgis.txt")
echo
echo "| $scale, national rules | median of $runs | relative |"
echo "|---|---|---|"
printf '| cplan check (reading the GeoPackage, review, communities) | %.2f s | 1.00 |\n' "$cplan_time"
printf '| PostGIS query only (data already loaded) | %.2f s | %.2f × the cplan time |\n' "$postgis_time" "$(echo "$postgis_time / $cplan_time" | bc -l)"
printf '| cplan review alone (the part PostGIS query does), one run | %.2f s | PostGIS takes %.1f × as long |\n' "$review_time" "$(echo "$postgis_time / $review_time" | bc -l)"
printf '| PostGIS load with ogr2ogr (once) | %.2f s | |\n' "$load_time"
