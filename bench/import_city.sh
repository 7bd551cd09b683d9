#!/usr/bin/env bash
# Times `cplan import` of the generated city written out as an OpenStreetMap extract (XML: the
# city's communities, buildings, roads, facilities and car parks; 396,000 buildings at city
# scale) against GDAL's own ogr2ogr reading the same file into a GeoPackage, in the same run.
# Both parse the XML through GDAL's OSM driver and write a GeoPackage; cplan also selects each
# role by its tags, reads other_tags, brings everything into the CGCS2000 zone, estimates parking
# spaces, writes the project and stages the outputs.
# Usage: bench/import_city.sh [BUILD_DIR] [SCALE]   (needs hyperfine and /usr/bin/python3 with GDAL)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
scale=${2:-city}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/app/cplan" generate --scale "$scale" --out "$work" --name city >/dev/null
/usr/bin/python3 "$here/bench/city_to_osm.py" "$work/city.gpkg" "$work/city.osm"
ls -l "$work/city.osm" >&2
cplan="$build/app/cplan"
hyperfine --warmup 1 --runs "${RUNS:-3}" --export-markdown "$work/import.md" \
  -n "cplan import (osm profile)" "$cplan import $work/city.osm --out $work/imported --overwrite" \
  -n "ogr2ogr OSM -> GPKG" "ogr2ogr -overwrite -f GPKG $work/peer.gpkg $work/city.osm"
cat "$work/import.md"
/usr/bin/time -v "$cplan" import "$work/city.osm" --out "$work/imported" --overwrite 2>&1 >/dev/null | grep "Maximum resident" | sed 's/^/cplan import: /'
/usr/bin/time -v ogr2ogr -overwrite -f GPKG "$work/peer.gpkg" "$work/city.osm" 2>&1 | grep "Maximum resident" | sed 's/^/ogr2ogr: /'
