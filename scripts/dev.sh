#!/usr/bin/env bash
# The project's one entry point for a fresh Debian 12 machine:
#   scripts/dev.sh run    install what is missing, build, run the main job on the demo city: the
#                         map application when there is a display, cplan in a terminal without one
#   scripts/dev.sh test   install what is missing, build, run the whole test suite (ctest)
# Both are idempotent: packages already present are not reinstalled, and Ninja rebuilds
# only what changed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${CPLAN_BUILD_DIR:-"$here/build"}

# Every Debian package the build, the tests and the main job need. README.md says why each
# one is there; keep the two lists in step.
packages=(
  build-essential cmake ninja-build
  libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev libsqlite3-dev
  libcli11-dev libfmt-dev libtomlplusplus-dev nlohmann-json3-dev libboost-dev libmuparser-dev coinor-libcbc-dev libjemalloc-dev libagg-dev pkg-config
  libpq-dev
  libgtest-dev libgmock-dev python3 python3-qgis poppler-utils postgresql-15-postgis-3
  qt6-base-dev libgl-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-wqy-microhei
)

# What bench/run_all.sh adds: the peers (PostGIS, pgRouting, CBC and GLPK's command-line solvers;
# QGIS comes with the test packages) and the tools that time them (Google Benchmark for the map's
# draw, bench/render_bench).
bench_packages=(
  postgresql-15-pgrouting coinor-cbc glpk-utils hyperfine bc time libbenchmark-dev
)

install_missing_packages() {
  local missing=()
  local p
  for p in "${packages[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "dev.sh: installing missing Debian packages: ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "dev.sh: not root and no sudo: install these packages first: ${missing[*]}" >&2
      exit 2
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
  if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  cmake --build "$build_dir" --parallel "$(nproc)"
}

case "${1:-}" in
  run)
    shift
    install_missing_packages
    configure_and_build
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec "$build_dir/app/community-planner" "$@"
    fi
    exec "$build_dir/app/cplan" "$@"
    ;;
  test)
    shift
    install_missing_packages
    configure_and_build
    # The tests of projects held in PostGIS get a throwaway cluster of their own, stopped and
    # removed when the tests end; CPLAN_TEST_PG tells them where it is, and CPLAN_REQUIRE_PG makes
    # them fail, not skip, should it be missing.
    work=$(mktemp -d)
    port=55432
    while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    pg_user=cplan pg_shared_buffers=128MB
    # shellcheck source=throwaway_postgres.sh
    source "$here/scripts/throwaway_postgres.sh"
    start_postgres
    "${psql[@]}" -c "CREATE DATABASE cplan_test" >/dev/null
    "${psql[@]}" -d cplan_test -c "CREATE EXTENSION postgis" >/dev/null
    export CPLAN_TEST_PG="host=127.0.0.1 port=$port user=$pg_user dbname=cplan_test" CPLAN_REQUIRE_PG=1
    cd "$build_dir"
    ctest --output-on-failure --parallel "$(nproc)" --timeout 900 "$@"
    ;;
  bench)
    shift
    install_missing_packages "${bench_packages[@]}"
    configure_and_build
    exec bash "$here/bench/run_all.sh" "$build_dir" "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh run [cplan arguments] | scripts/dev.sh test [ctest arguments] | scripts/dev.sh bench" >&2
    exit 2
    ;;
esac
