#!/usr/bin/env bash
# Times `cplan export` of the generated city's buildings (396,000 polygons at city scale) against
# GDAL's own ogr2ogr copying the same layer from the same GeoPackage, in the same run: to a
# GeoPackage, and to a GBK Shapefile. cplan does more (the project's CRS and field mapping, the
# style table, staging, reading the file back before renaming it into place); ogr2ogr is the floor.
# Usage: bench/export_city.sh [BUILD_DIR] [SCALE]   (needs hyperfine)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
scale=${2:-city}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/app/cplan" generate --scale "$scale" --out "$work" --name city >/dev/null
cplan="$build/app/cplan"
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$work/gpkg.md" \
  -n "cplan export gpkg" "$cplan export $work/city.toml --layer buildings --format gpkg --out $work/out.gpkg --overwrite" \
  -n "ogr2ogr gpkg" "ogr2ogr -overwrite -f GPKG $work/peer.gpkg $work/city.gpkg buildings"
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$work/shp.md" \
  -n "cplan export shp (GBK)" "$cplan export $work/city.toml --layer buildings --format shp --encoding gbk --out $work/out.shp --overwrite" \
  -n "ogr2ogr shp (GBK)" "ogr2ogr -overwrite -f 'ESRI Shapefile' -lco ENCODING=CP936 $work/peer.shp $work/city.gpkg buildings"
cat "$work/gpkg.md"; echo; cat "$work/shp.md"
