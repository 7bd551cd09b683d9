#!/usr/bin/env bash
# Times `cplan generate --scale city` against two peers measured in the same run:
#   - ogr2ogr copying the generated GeoPackage (GDAL writing the same features: the I/O floor),
#   - shared/bench/gen_city.py city (the geopandas generator the peer figures were made with).
# Usage: bench/generate_city.sh [BUILD_DIR]   (needs: hyperfine, python3-geopandas for the second peer)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
shared="$here/../shared"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/app/cplan" generate --scale city --out "$work" --name ref >/dev/null
commands=(
  "$build/app/cplan generate --scale city --out $work --name city"
  "rm -f $work/copy.gpkg && ogr2ogr -f GPKG $work/copy.gpkg $work/ref.gpkg"
)
names=("cplan generate --scale city" "ogr2ogr copy of the same GeoPackage")
if /usr/bin/python3 -c 'import geopandas' 2>/dev/null && [ -f "$shared/bench/gen_city.py" ]; then
  commands+=("rm -f $work/peer.gpkg && /usr/bin/python3 $shared/bench/gen_city.py city $work/peer.gpkg")
  names+=("geopandas gen_city.py city")
fi
args=()
for i in "${!commands[@]}"; do args+=(--command-name "${names[$i]}" "${commands[$i]}"); done
hyperfine --warmup 0 --runs "${RUNS:-3}" --export-markdown "$work/result.md" "${args[@]}"
cat "$work/result.md"
