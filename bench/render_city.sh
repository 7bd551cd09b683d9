#!/usr/bin/env bash
# Draw time of the city at 1920x1080 (communities, 290,746 road segments, 396,000 buildings), full
# extent and zoomed to a sixteenth of the area: cplan's renderer (build/bench/render_bench, the
# function the map canvas runs on its worker thread) against QGIS 3.22 drawing the same three
# layers from the same GeoPackage (../shared/bench/w7_qgis_render.py), in the same run; and the
# frame rate of panning from the canvas's last image.
# Usage: bench/render_city.sh [BUILD_DIR]   (needs libbenchmark-dev for render_bench, python3-qgis)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$here/build"}
bench="$build/bench/render_bench"
[ -x "$bench" ] || { echo "render_city: no render_bench (install libbenchmark-dev and rebuild)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
QT_QPA_PLATFORM=offscreen "$bench" --benchmark_filter="BM_CplanRender|BM_PanFrame" --benchmark_repetitions="${RUNS:-3}" \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$work/cplan.json"
# The same city as render_bench draws (the generator's city, seed 7), for QGIS.
"$build/app/cplan" generate --scale city --seed 7 --out "$work" --name city >/dev/null
QT_QPA_PLATFORM=offscreen /usr/bin/python3 "$here/../shared/bench/w7_qgis_render.py" "$work/city.gpkg" "$work" 2>/dev/null >"$work/qgis.txt" || true  # QGIS 3.22 may crash on exit, after printing
python3 - "$work/cplan.json" "$work/qgis.txt" <<'PY'
import json, re, sys
medians = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"]
runs = {b["run_name"].split("/")[1]: b["real_time"] / 1000.0 for b in medians if b["run_name"].startswith("BM_CplanRender")}
pan = next(b for b in medians if b["run_name"].startswith("BM_PanFrame"))
qgis = open(sys.argv[2]).read()
m = re.search(r"full extent ([0-9.]+) s \(again ([0-9.]+) s\), 1/16 zoom ([0-9.]+) s", qgis)
if not m:
    sys.exit("render_city: QGIS printed no times: " + qgis)
full_q, zoom_q = float(m.group(2)), float(m.group(3))  # QGIS's second full draw: its caches warm
print("| city, 1920×1080 | cplan's renderer (median) | QGIS 3.22 | QGIS ÷ cplan |")
print("|---|---|---|---|")
print(f"| full extent | {runs['full_extent']:.3f} s | {full_q:.2f} s | {full_q / runs['full_extent']:.1f}× |")
print(f"| a sixteenth of the area | {runs['zoomed_sixteenth']:.3f} s | {zoom_q:.2f} s | {zoom_q / runs['zoomed_sixteenth']:.1f}× |")
print(f"\nPanning from the last image (the map canvas repainted after each 12-pixel drag, 1920×1080): "
      f"{pan['real_time']:.2f} ms a frame, {1000.0 / pan['real_time']:.0f} frames per second (median of the runs).")
PY
