// Reading a project as `cplan check` reads it: the generated city's communities, plots,
// facilities and 396,000 buildings (households and footprints) from its GeoPackage, brought into
// the working CRS and checked. Columnar, through GDAL's Arrow stream (what the loader does where
// the driver offers a fast one), against feature by feature through GDAL's OGRFeature, in the
// same run; and, as the floor under both, SQLite alone stepping over the buildings' rows.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <filesystem>

#include "datasets/demo_city.h"
#include "geo/project.h"

namespace {

const datasets::GeneratedCity& city() {
  static const datasets::GeneratedCity generated = [] {
    const auto dir = std::filesystem::temp_directory_path() / "cplan-read-bench";
    const auto scale = std::getenv("CPLAN_BENCH_SCALE") && std::string(std::getenv("CPLAN_BENCH_SCALE")) == "district"
                           ? datasets::Scale::District
                           : datasets::Scale::City;
    return datasets::generate_city(scale, 7, dir, "city");
  }();
  return generated;
}

void BM_LoadForCheck(benchmark::State& state, bool columnar) {
  const geo::ProjectSpec spec = geo::read_project(city().project);
  std::size_t buildings = 0;
  for (auto _ : state) {
    const geo::Project project =
        geo::load_project(spec, nullptr,
                          {.roles = {geo::Role::Communities, geo::Role::Buildings, geo::Role::Plots, geo::Role::Facilities},
                           .model_fields_only = true,
                           .fields = {{geo::Role::Buildings, {"households"}}},
                           .columnar = columnar});
    buildings = project.layer(geo::Role::Buildings)->size();
  }
  state.counters["buildings"] = static_cast<double>(buildings);
}

// The floor: the buildings' rows (id, geometry blob, households) stepped over by SQLite alone,
// nothing decoded.
void BM_SqliteStepBuildings(benchmark::State& state) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(city().gpkg.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    state.SkipWithError("cannot open the city's GeoPackage");
    return;
  }
  for (auto _ : state) {
    sqlite3_stmt* rows = nullptr;
    sqlite3_prepare_v2(db, "SELECT fid, geom, \"户数\" FROM buildings", -1, &rows, nullptr);
    std::int64_t sum = 0;
    while (sqlite3_step(rows) == SQLITE_ROW)
      sum += sqlite3_column_int64(rows, 0) + sqlite3_column_bytes(rows, 1) + sqlite3_column_int64(rows, 2);
    sqlite3_finalize(rows);
    benchmark::DoNotOptimize(sum);
  }
  sqlite3_close(db);
}

BENCHMARK_CAPTURE(BM_LoadForCheck, columnar, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_LoadForCheck, feature_by_feature, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SqliteStepBuildings)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
BENCHMARK_MAIN();
