#!/usr/bin/env bash
# Times coverage and siting on the generated city against peers measured in the same run:
#   W3 straight-line coverage of community offices (300 m)  vs  PostGIS KNN (<->) per building
#   W4 walking coverage of health stations (300 m)          vs  pgRouting pgr_drivingDistance
#   W5 siting 50 community offices among 5,000 candidates   vs  CBC on the same MILP (LP file)
# cplan's figures are its computation after reading (--timings); the peers' are their queries
# or solve alone, with the data loaded beforehand.
# Usage: bench/coverage_city.sh [BUILD_DIR] [SCALE]
# Needs postgresql-15-postgis-3, postgresql-15-pgrouting, coinor-cbc, bc.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
scale=${2:-city}
work=$(mktemp -d)
port=54331
source "$here/scripts/throwaway_postgres.sh"
cplan="$build/app/cplan"
"$cplan" generate --scale "$scale" --out "$work" --name city >/dev/null
seconds() { sed -n "s/.*$1 \([0-9.]*\) s.*/\1/p"; }

echo "== cplan" >&2
"$cplan" coverage "$work/city.toml" --kind community_office --straight-line --distance 300 --rows 0 --timings 2>"$work/t3" | tee "$work/w3.cplan" | grep covered >&2
"$cplan" coverage "$work/city.toml" --kind health_station --distance 300 --rows 0 --timings 2>"$work/t4" | grep covered >&2
"$cplan" site "$work/city.toml" --kind community_office --add 50 --timings --write-lp "$work/mclp.lp" 2>"$work/t5" | sed -n 3,5p >&2
# W4 with its outputs (the default layers: uncovered buildings, communities, service areas): the
# whole command, and how much of it is computing and writing (issue 14's goal 1).
w4_out_start=$(date +%s.%N)
"$cplan" coverage "$work/city.toml" --kind health_station --distance 300 --rows 0 --timings --out "$work/w4out" 2>"$work/t4out" >/dev/null
w4_out_wall=$(echo "$(date +%s.%N) - $w4_out_start" | bc)
w3_cplan=$(seconds coverage <"$work/t3"); w4_cplan=$(seconds coverage <"$work/t4"); w5_cplan=$(seconds siting <"$work/t5")
# Of the siting, cplan's own CBC solve: what the CBC command solving the written LP compares with.
w5_solver=$(sed -n 's/.*MILP solver \([0-9.]*\) s.*/\1/p' "$work/t5")
[ -n "$w5_solver" ] || { echo "coverage_city: cplan site printed no solver time (the optimum came without the MILP?)" >&2; cat "$work/t5" >&2; exit 1; }
w4_out_compute=$(seconds coverage <"$work/t4out"); w4_out_write=$(seconds writing <"$work/t4out")

echo "== PostGIS / pgRouting" >&2
start_postgres
"${psql[@]}" -c "CREATE EXTENSION postgis" -c "CREATE EXTENSION pgrouting"
load_layers "$work/city.gpkg" buildings facilities roads
"${psql[@]}" >/dev/null <<'SQL'
SET client_min_messages = warning;
ALTER TABLE roads ADD COLUMN source integer, ADD COLUMN target integer;
SELECT pgr_createTopology('roads', 0.01, 'geom', 'fid');
ALTER TABLE buildings ADD COLUMN centre geometry(Point, 4549);
UPDATE buildings SET centre = ST_Centroid(geom);
CREATE INDEX ON buildings USING gist (centre);
ANALYZE;
SQL
run_timed() { "${psql[@]}" -f "$1" | tee "$1.out" | awk '/^Time:/ {t += $2} END {print t / 1000}'; }
cat > "$work/w3.sql" <<'SQL'
\timing on
SELECT sum("户数") AS households, sum(CASE WHEN d <= 300 THEN "户数" ELSE 0 END) AS covered FROM (
  SELECT b."户数", (SELECT ST_Distance(b.centre, f.geom) FROM facilities f WHERE f."设施类型" = '社区服务站'
                   ORDER BY b.centre <-> f.geom LIMIT 1) AS d
  FROM buildings b WHERE b."户数" > 0) r;
SQL
cat > "$work/w4.sql" <<'SQL'
\timing on
CREATE TEMP TABLE starts AS SELECT DISTINCT (SELECT v.id FROM roads_vertices_pgr v ORDER BY v.the_geom <-> f.geom LIMIT 1) AS id
  FROM facilities f WHERE f."设施类型" = '社区卫生服务站';
CREATE TEMP TABLE reach AS SELECT node, min(agg_cost) AS cost FROM pgr_drivingDistance(
  'SELECT fid AS id, source, target, ST_Length(geom) AS cost FROM roads WHERE road_class NOT IN (''motorway'', ''motorway_link'')',
  (SELECT array_agg(id) FROM starts), 300, directed => false, equicost => true) GROUP BY node;
CREATE INDEX ON reach (node);
SELECT sum(x."户数") AS households, sum(CASE WHEN r.node IS NOT NULL THEN x."户数" ELSE 0 END) AS covered
FROM (SELECT b."户数", (SELECT v.id FROM roads_vertices_pgr v ORDER BY v.the_geom <-> b.centre LIMIT 1) AS nid
      FROM buildings b WHERE b."户数" > 0) x LEFT JOIN reach r ON r.node = x.nid;
SQL
# W4's service areas in PostGIS: each station's shortest-path tree within 300 m (pgRouting, from
# the station's nearest node), its streets unioned and widened by 25 m as cplan widens them.
cat > "$work/w4sa.sql" <<'SQL'
\timing on
CREATE TEMP TABLE station_nodes AS SELECT DISTINCT (SELECT v.id FROM roads_vertices_pgr v ORDER BY v.the_geom <-> f.geom LIMIT 1) AS id
  FROM facilities f WHERE f."设施类型" = '社区卫生服务站';
CREATE TEMP TABLE trees AS SELECT from_v, edge FROM pgr_drivingDistance(
  'SELECT fid AS id, source, target, ST_Length(geom) AS cost FROM roads WHERE road_class NOT IN (''motorway'', ''motorway_link'')',
  (SELECT array_agg(id) FROM station_nodes), 300, directed => false, equicost => false) WHERE edge > 0;
CREATE TEMP TABLE service_areas AS SELECT t.from_v, ST_Buffer(ST_LineMerge(ST_Union(r.geom)), 25, 'quad_segs=4') AS geom
  FROM trees t JOIN roads r ON r.fid = t.edge GROUP BY t.from_v;
SELECT count(*) AS areas, round((sum(ST_Area(geom)) / 1e6)::numeric, 3) AS km2 FROM service_areas;
SQL
w3_peer=$(run_timed "$work/w3.sql"); grep -A2 households "$work/w3.sql.out" | tail -1 >&2
w4_peer=$(run_timed "$work/w4.sql"); grep -A2 households "$work/w4.sql.out" | tail -1 >&2
w4sa_peer=$(run_timed "$work/w4sa.sql"); grep -A2 areas "$work/w4sa.sql.out" | tail -1 >&2

echo "== CBC on the MILP cplan wrote" >&2
start=$(date +%s.%N)
cbc "$work/mclp.lp" solve solu "$work/cbc.sol" >"$work/cbc.log" 2>&1 || true
w5_peer=$(echo "$(date +%s.%N) - $start" | bc)
grep -E "Objective value|Result" "$work/cbc.log" | head -2 >&2

# The straight-line figures must be equal (the walking ones differ by design: see the README).
w3_cplan_covered=$(sed -n 's/.*covered in a straight line: \([0-9]*\) households.*/\1/p' "$work/w3.cplan")
w3_peer_covered=$(grep -A2 households "$work/w3.sql.out" | tail -1 | awk -F'|' '{gsub(/ /, "", $2); print $2}')
if [ "$w3_cplan_covered" != "$w3_peer_covered" ]; then
  echo "W3: cplan covers $w3_cplan_covered households, PostGIS $w3_peer_covered" >&2
  exit 1
fi
echo "W3: covered households equal ($w3_cplan_covered)" >&2

ratio() { echo "$1 / $2" | bc -l; }
echo
echo "| $scale | cplan (computation after reading) | peer | peer / cplan |"
echo "|---|---|---|---|"
printf '| W3 straight-line coverage, community offices, 300 m | %.3f s | PostGIS KNN %.2f s | %.1f× |\n' "$w3_cplan" "$w3_peer" "$(ratio "$w3_peer" "$w3_cplan")"
printf '| W4 walking coverage, health stations, 300 m | %.3f s | pgRouting drivingDistance + node snapping %.2f s | %.1f× |\n' "$w4_cplan" "$w4_peer" "$(ratio "$w4_peer" "$w4_cplan")"
printf '| W4 with --out (service areas and the default layers) | %.3f s computing + %.3f s writing (%.2f s whole command) | | %.1f× the computation without outputs |\n' \
  "$w4_out_compute" "$w4_out_write" "$w4_out_wall" "$(ratio "$(echo "$w4_out_compute + $w4_out_write" | bc)" "$w4_cplan")"
printf '| W4 service areas: every station'"'"'s reached streets widened by 25 m | %.3f s more than W4 (%s) | pgRouting trees + ST_Union/ST_LineMerge/ST_Buffer %.2f s (%s) | %.1f× |\n' \
  "$(echo "$w4_out_compute - $w4_cplan" | bc)" "$(ogrinfo -q -dialect SQLite -sql "SELECT COUNT(*) AS n, ROUND(SUM(ST_Area(geom)) / 1e6, 3) AS km2 FROM service_areas" \
       "$work/w4out/coverage.gpkg" | awk -F' = ' '/n \(/ {n = $2} /km2/ {k = $2} END {print n " areas, " k " km²"}')" "$w4sa_peer" \
  "$(grep -A2 areas "$work/w4sa.sql.out" | tail -1 | awk -F'|' '{gsub(/ /, ""); print $1 " areas, " $2 " km²"}')" \
  "$(ratio "$w4sa_peer" "$(echo "$w4_out_compute - $w4_cplan" | bc)")"
printf '| W5 siting, 50 sites among the candidates (MCLP, walking 300 m) | %.3f s, of which its CBC solve %.3f s | the CBC 2.10 command on the same MILP %.2f s | %.1f× its solve |\n' \
  "$w5_cplan" "$w5_solver" "$w5_peer" "$(ratio "$w5_peer" "$w5_solver")"
