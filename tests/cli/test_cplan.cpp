// cplan as a user runs it: exit codes, messages, and output on the demo city and broken files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "../support/independent_review.h"
#include "cli_runner.h"
#include "datasets/demo_city.h"
#include "geo/gdal_io.h"

namespace {

namespace fs = std::filesystem;

using cli_test::cplan;
using cli_test::CplanRun;
using cli_test::run_shell;

// The demo city cplan generated into the user's cache.
fs::path demo_gpkg(const fs::path& cache) {
  for (const auto& e : fs::directory_iterator(cache / "community-planner"))
    if (e.path().extension() == ".gpkg") return e.path();
  throw std::runtime_error("no demo city in " + cache.string());
}

// Runs a SpatiaLite query (GDAL's SQLite dialect) on a GeoPackage, row by row.
void query(const fs::path& gpkg, const std::string& sql, const std::function<void(OGRFeature&)>& row) {
  auto source = geo::open_vector_source(gpkg.string());
  OGRLayer* result = source.dataset->ExecuteSQL(sql.c_str(), nullptr, "SQLITE");
  ASSERT_NE(result, nullptr) << sql;
  for (auto& f : *result) row(*f);
  source.dataset->ReleaseResultSet(result);
}

TEST(Cplan, VersionNamesTheLibraries) {
  const CplanRun r = cplan("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("GDAL 3."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("GEOS"), std::string::npos) << r.out;
}

// cplan allocates through jemalloc with transparent huge pages (app/allocator): asked for its
// statistics, the allocator in use must be jemalloc and its setting the one cplan gives it.
TEST(Cplan, AllocatesThroughJemallocWithHugePages) {
  const CplanRun r = cplan("--version", {}, false, "MALLOC_CONF=stats_print:true");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Begin jemalloc statistics"), std::string::npos) << r.out.substr(0, 400);
  EXPECT_NE(r.out.find("opt.thp: \"always\""), std::string::npos) << r.out.substr(0, 400);
}

TEST(Cplan, UsageErrorExitsTwo) {
  EXPECT_EQ(cplan("info --no-such-flag").exit_code, 2);
  EXPECT_EQ(cplan("frobnicate").exit_code, 2);
  EXPECT_EQ(cplan("--help").exit_code, 0);
}

TEST(Cplan, NoArgumentsDescribesTheDemoCity) {
  fixtures::TempDir cache;
  const CplanRun r = cplan("", cache.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("EPSG:4549"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("communities"), std::string::npos);
  EXPECT_NE(r.out.find("households←户数"), std::string::npos);
  EXPECT_NE(r.out.find("invalid_geometry"), std::string::npos);
  EXPECT_TRUE(fs::exists(cache / "community-planner"));
  const CplanRun again = cplan("info --json", cache.path(), true);  // cached now; same city
  ASSERT_EQ(again.exit_code, 0) << again.out;
  const auto j = nlohmann::json::parse(again.out);
  EXPECT_EQ(j["working_crs"]["epsg"], 4549);
  EXPECT_EQ(j["layers"]["communities"]["feature_count"], 25);
}

TEST(Cplan, InfoOnAGeoPackageThatIsNotSqlite) {
  fixtures::TempDir dir;
  std::ofstream(dir / "bad.gpkg") << "not sqlite";
  const CplanRun r = cplan("info '" + (dir / "bad.gpkg").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("bad.gpkg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error"), std::string::npos) << r.out;
}

TEST(Cplan, InfoOnTruncatedShapefiles) {
  fixtures::TempDir dir;
  fixtures::LayerFixture l;
  l.type = wkbPolygon;
  l.epsg = 4549;
  for (int i = 0; i < 20; ++i) l.features.push_back({"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", {}});
  const auto shp = fixtures::write_layer("ESRI Shapefile", dir / "cut.shp", l);
  fs::resize_file(shp, 500);  // records lost: readable in part, exit 1
  const CplanRun partial = cplan("info '" + shp.string() + "'");
  EXPECT_EQ(partial.exit_code, 1) << partial.out;
  EXPECT_NE(partial.out.find("read_error"), std::string::npos) << partial.out;
  fs::resize_file(shp, 50);  // header cut: unreadable, exit 2
  const CplanRun unreadable = cplan("info '" + shp.string() + "'");
  EXPECT_EQ(unreadable.exit_code, 2) << unreadable.out;
  EXPECT_NE(unreadable.out.find("cut.shp"), std::string::npos) << unreadable.out;
}

TEST(Cplan, InfoOnAMissingFile) {
  const CplanRun r = cplan("info /nonexistent/x.shp");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("/nonexistent/x.shp: no such file"), std::string::npos) << r.out;
}

TEST(Cplan, InfoShowsInvalidGeometryAndChineseFields) {
  fixtures::TempDir dir;
  fixtures::LayerFixture l;
  l.type = wkbPolygon;
  l.epsg = 4549;
  l.fields = {{"名称", OFTString}};
  l.features = {{"POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))", {{"名称", "翠苑"}}}};
  l.creation_options = {"ENCODING=UTF-8"};
  const auto shp = fixtures::write_layer("ESRI Shapefile", dir / "c.shp", l);
  const CplanRun r = cplan("info '" + shp.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("名称"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EPSG:4549"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("feature 0: Self-intersection"), std::string::npos) << r.out;
  const CplanRun json = cplan("info --json '" + shp.string() + "'", {}, true);
  EXPECT_EQ(nlohmann::json::parse(json.out)["layers"][0]["invalid_geometries"]["count"], 1);
}

// GDAL 3.6 cuts a UTF-8 field name at 10 bytes, mid-character: info must say so, and its JSON
// must still be valid.
TEST(Cplan, InfoReportsFieldNamesCutMidCharacter) {
  fixtures::TempDir dir;
  fixtures::LayerFixture l;
  l.type = wkbPoint;
  l.epsg = 4549;
  l.fields = {{"社区名称", OFTString}};  // 12 bytes in UTF-8
  l.features = {{"POINT (515000 3350000)", {}}};
  l.creation_options = {"ENCODING=UTF-8"};
  const auto shp = fixtures::write_layer("ESRI Shapefile", dir / "cut.shp", l);
  const CplanRun r = cplan("info '" + shp.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("broken_field_name"), std::string::npos) << r.out;
  const CplanRun json = cplan("info --json '" + shp.string() + "'", {}, true);
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(json.out)["layers"][0]["findings"][0]["code"], "broken_field_name");
}

TEST(CplanCheck, DemoCityHasShortPlotsSoExitsOne) {
  fixtures::TempDir cache;
  const CplanRun r = cplan("check --rules national", cache.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("全国基线"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("short by"), std::string::npos);
  EXPECT_NE(r.out.find("invalid geometry"), std::string::npos);
  EXPECT_NE(r.out.find("missing households (户数)"), std::string::npos);
  EXPECT_NE(r.out.find("outside every community"), std::string::npos);
  const CplanRun json = cplan("check --rules hangzhou --json --year 2026", cache.path(), true);
  ASSERT_EQ(json.exit_code, 1);
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["rules"], "hangzhou");
  EXPECT_EQ(j["plots"].size(), 24u);
  EXPECT_GT(j["communities"][0]["funding_yuan"].get<double>(), 0.0);
  EXPECT_FALSE(j["unverified"].empty());
}

TEST(CplanCheck, AllCompliantExitsZero) {
  fixtures::TempDir dir;
  fixtures::LayerFixture communities{"communities", wkbPolygon, 4549, {{"社区名称", OFTString}}, {}, {}};
  communities.features = {{"POLYGON ((515000 3350000, 516000 3350000, 516000 3351000, 515000 3351000, 515000 3350000))", {{"社区名称", "翠苑社区"}}}};
  fixtures::write_layer("GPKG", dir / "c.gpkg", communities);
  fixtures::LayerFixture plots{"plots", wkbPolygon, 4549, {{"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}}, {}, {}};
  plots.features = {{"POLYGON ((515100 3350100, 515500 3350100, 515500 3350500, 515100 3350100))", {{"户数", "1000"}, {"建筑面积", "100000"}, {"社区用房面积", "300"}}}};
  fixtures::write_layer("GPKG", dir / "p.gpkg", plots);
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"c.gpkg\"\n[layers.plots]\nsource = \"p.gpkg\"\n";
  const CplanRun r = cplan("check '" + (dir / "project.toml").string() + "' --rules national");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("compliant 1"), std::string::npos) << r.out;
}

TEST(CplanCheck, UnknownPackAndExistingOutputsAreErrors) {
  fixtures::TempDir cache, out;
  const CplanRun unknown = cplan("check --rules shenzhen", cache.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("no rule pack named 'shenzhen'"), std::string::npos) << unknown.out;
  const CplanRun first = cplan("check --rules changsha --out '" + out.path().string() + "'", cache.path());
  EXPECT_EQ(first.exit_code, 1) << first.out;
  for (const char* f : {"review.gpkg", "plots.csv", "communities.csv", "report.html"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  const CplanRun again = cplan("check --rules changsha --out '" + out.path().string() + "'", cache.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("exists already; pass --overwrite"), std::string::npos) << again.out;
  EXPECT_EQ(cplan("check --rules changsha --overwrite --out '" + out.path().string() + "'", cache.path()).exit_code, 1);
}

TEST(CplanCoverage, OneKindAndTheScorecard) {
  fixtures::TempDir cache, out;
  const CplanRun one = cplan("coverage --kind kindergarten --out '" + (out / "k").string() + "'", cache.path());
  EXPECT_EQ(one.exit_code, 0) << one.out;
  EXPECT_NE(one.out.find("kindergarten: within 300 m"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("covered walking"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "k" / "coverage.gpkg"));
  EXPECT_TRUE(fs::exists(out / "k" / "coverage_communities.csv"));
  const CplanRun all = cplan("coverage --kind all --json", cache.path(), true);
  ASSERT_EQ(all.exit_code, 0);
  const auto j = nlohmann::json::parse(all.out);
  ASSERT_EQ(j.size(), 6u);  // the six kinds GB 50180's pack gives distances for
  for (const auto& k : j) EXPECT_LE(k["households_covered_walk"].get<double>(), k["households"].get<double>());
  const CplanRun scorecard = cplan("coverage --kind all --out '" + (out / "all").string() + "'", cache.path());
  EXPECT_EQ(scorecard.exit_code, 0) << scorecard.out;
  EXPECT_NE(scorecard.out.find("lacks"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "all" / "scorecard.gpkg"));
  // Its parking and budget lines: the same figures as cplan parking and cplan finance give.
  const auto parking = nlohmann::json::parse(cplan("parking --communities-only --rules hangzhou --json", cache.path(), true).out);
  std::map<std::string, double> spaces_per_household;
  for (const auto& c : parking["communities"]) spaces_per_household[c["community_id"]] = c["spaces_per_household"].get<double>();
  std::size_t rows = 0;
  query(out / "all" / "scorecard.gpkg", "SELECT community_id, spaces_per_household, yuan_per_household FROM communities", [&](OGRFeature& f) {
    EXPECT_NEAR(f.GetFieldAsDouble(1), spaces_per_household.at(f.GetFieldAsString(0)), 0.0005) << f.GetFieldAsString(0);
    EXPECT_GT(f.GetFieldAsDouble(2), 0.0);
    ++rows;
  });
  EXPECT_EQ(rows, 25u);
  const CplanRun unknown = cplan("coverage --kind swimming_pool", cache.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("--distance"), std::string::npos) << unknown.out;
}

TEST(CplanCoverage, OnlyTheLayersAskedForAreWritten) {
  fixtures::TempDir cache, out;
  auto layers_of = [](const fs::path& gpkg) {
    std::set<std::string> names;
    auto src = geo::open_vector_source(gpkg.string());
    for (int i = 0; i < src.dataset->GetLayerCount(); ++i) names.insert(src.dataset->GetLayer(i)->GetName());
    names.erase("layer_styles");
    return names;
  };
  // By default every layer but the full per-building one.
  const CplanRun standard = cplan("coverage --kind kindergarten --out '" + (out / "d").string() + "'", cache.path());
  ASSERT_EQ(standard.exit_code, 0) << standard.out;
  EXPECT_EQ(layers_of(out / "d" / "coverage.gpkg"), (std::set<std::string>{"uncovered_buildings", "communities", "service_areas"}));
  // Asked by name: only those, and the communities' CSV all the same.
  const CplanRun asked = cplan("coverage --kind kindergarten --layers buildings,communities --out '" + (out / "b").string() + "'", cache.path());
  ASSERT_EQ(asked.exit_code, 0) << asked.out;
  EXPECT_EQ(layers_of(out / "b" / "coverage.gpkg"), (std::set<std::string>{"buildings", "communities"}));
  EXPECT_TRUE(fs::exists(out / "b" / "coverage_communities.csv"));
  // An unknown name is refused before any work, naming it and the choices; nothing is written.
  const CplanRun wrong = cplan("coverage --kind kindergarten --layers buildngs --out '" + (out / "w").string() + "'", cache.path());
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.out.find("unknown coverage layer 'buildngs'"), std::string::npos) << wrong.out;
  EXPECT_FALSE(fs::exists(out / "w" / "coverage.gpkg"));
}

TEST(CplanCoverage, TheScorecardSkipsKindsTheProjectHasNoLayerFor) {
  fixtures::TempDir dir;
  ASSERT_EQ(cplan("generate --out '" + dir.path().string() + "' --name d").exit_code, 0);
  // The demo city without its parking layer.
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"d.gpkg\"\nlayer = \"communities\"\n"
                                   "[layers.buildings]\nsource = \"d.gpkg\"\nlayer = \"buildings\"\n"
                                   "[layers.facilities]\nsource = \"d.gpkg\"\nlayer = \"facilities\"\n"
                                   "[layers.roads]\nsource = \"d.gpkg\"\nlayer = \"roads\"\n";
  const CplanRun r = cplan("coverage '" + (dir / "p.toml").string() + "' --kind all --out '" + (dir / "out").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("skipped parking (the project has no parking layer)"), std::string::npos) << r.out;
  std::size_t kinds = 0;
  query(dir / "out" / "scorecard.gpkg", "SELECT * FROM communities LIMIT 1", [&](OGRFeature& f) {
    for (int i = 0; i < f.GetFieldCount(); ++i) {
      const std::string name = f.GetFieldDefnRef(i)->GetNameRef();
      kinds += name.size() > 6 && name.substr(name.size() - 6) == "_share";
    }
  });
  EXPECT_EQ(kinds, 5u) << "five kinds measured, parking not";
}

TEST(CplanSite, ChoosesRankedSitesWithBoundAndGap) {
  fixtures::TempDir cache, out;
  const CplanRun r = cplan("site --kind kindergarten --add 3 --json", cache.path(), true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["sites"].size(), 3u);
  EXPECT_EQ(j["sites"][0]["rank"], 1);
  EXPECT_GE(j["covered_after"].get<double>(), j["covered_before"].get<double>());
  EXPECT_GE(j["bound"].get<double>(), j["objective_value"].get<double>());
  EXPECT_TRUE(j["optimal"].get<bool>());
  const CplanRun written = cplan("site --kind market --add 2 --median --out '" + out.path().string() + "'", cache.path());
  EXPECT_EQ(written.exit_code, 0) << written.out;
  EXPECT_NE(written.out.find("household-metres"), std::string::npos) << written.out;
  EXPECT_TRUE(fs::exists(out / "sites.gpkg"));
  EXPECT_EQ(cplan("site --kind market --cover-all --median", cache.path()).exit_code, 2);
}

TEST(CplanCoverage, StraightLineFiguresInTheFileEqualSpatiaLites) {
  fixtures::TempDir cache, out;
  const CplanRun r = cplan("coverage --kind kindergarten --straight-line --out '" + out.path().string() + "'", cache.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Households of the buildings whose centroid lies in the community and within 300 m of a
  // kindergarten (幼儿园 in the data), by SpatiaLite on the source.
  std::map<std::string, double> expected;
  query(demo_gpkg(cache.path()),
        "SELECT c.community_id, SUM(b.\"户数\") FROM communities c, buildings b WHERE b.\"户数\" > 0 AND "
        "ST_Contains(c.geom, ST_Centroid(b.geom)) AND EXISTS (SELECT 1 FROM facilities f WHERE f.\"设施类型\" = '幼儿园' AND "
        "ST_Distance(ST_Centroid(b.geom), f.geom) <= 300) GROUP BY c.community_id",
        [&](OGRFeature& f) { expected[f.GetFieldAsString(0)] = f.GetFieldAsDouble(1); });
  ASSERT_GT(expected.size(), 5u);
  std::size_t compared = 0;
  query(out / "coverage.gpkg", "SELECT community_id, households_covered FROM communities", [&](OGRFeature& f) {
    const auto it = expected.find(f.GetFieldAsString(0));
    EXPECT_DOUBLE_EQ(f.GetFieldAsDouble(1), it == expected.end() ? 0.0 : it->second) << f.GetFieldAsString(0);
    ++compared;
  });
  EXPECT_EQ(compared, 25u);
}

// cplan parking --out: parking.gpkg with its two named layers and agreed fields, each with a CSV;
// the straight-line spaces in reach of each building equal SpatiaLite's count on the source.
TEST(CplanParking, OutputsCarryTheAgreedLayersAndFields) {
  fixtures::TempDir cache, out;
  const CplanRun r = cplan("parking --straight-line --car-ownership '" + (fs::path(CPLAN_SOURCE_DIR) / "datasets" / "census2020" / "housing.csv").string() +
                               "' --out '" + out.path().string() + "'",
                           cache.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("《完整居住社区建设标准（试行）》"), std::string::npos) << r.out;
  for (const char* f : {"parking.gpkg", "parking_communities.csv", "parking_buildings.csv"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  auto fields_of = [&](const std::string& layer) {
    std::set<std::string> names;
    auto src = geo::open_vector_source((out / "parking.gpkg").string());
    OGRLayer* l = src.dataset->GetLayerByName(layer.c_str());
    EXPECT_TRUE(l) << layer;
    if (!l) return names;
    for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i) names.insert(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    return names;
  };
  const auto communities = fields_of("communities");
  for (const char* f : {"community_id", "households", "spaces", "spaces_per_household", "required_spaces", "shortfall_spaces", "cars_expected"})
    EXPECT_TRUE(communities.count(f)) << f;
  const auto buildings = fields_of("buildings");
  for (const char* f : {"building_id", "households", "spaces_within_reach"}) EXPECT_TRUE(buildings.count(f)) << f;
  // The demo city is in 西湖区 (330106): every community's cars are its households × 0.523.
  query(out / "parking.gpkg", "SELECT households, cars_expected FROM communities", [&](OGRFeature& f) {
    EXPECT_NEAR(f.GetFieldAsDouble(1), f.GetFieldAsDouble(0) * 0.523, 0.06);
  });
  // Spaces within 300 m of each building's centroid (zones by their centroid; capacity, else
  // area ÷ 25 m², at least 1), by SpatiaLite.
  std::map<std::string, double> expected;
  query(demo_gpkg(cache.path()),
        "SELECT b.building_id, SUM(COALESCE(z.\"车位数\", MAX(1, ROUND(ST_Area(z.geom) / 25.0)))) FROM buildings b, parking z "
        "WHERE b.\"户数\" > 0 AND ST_Distance(ST_Centroid(b.geom), ST_Centroid(z.geom)) <= 300 GROUP BY b.building_id",
        [&](OGRFeature& f) { expected[f.GetFieldAsString(0)] = f.GetFieldAsDouble(1); });
  ASSERT_GT(expected.size(), 100u);
  std::size_t compared = 0;
  query(out / "parking.gpkg", "SELECT building_id, spaces_within_reach FROM buildings", [&](OGRFeature& f) {
    const auto it = expected.find(f.GetFieldAsString(0));
    EXPECT_NEAR(f.GetFieldAsDouble(1), it == expected.end() ? 0.0 : it->second, 1e-6) << f.GetFieldAsString(0);
    ++compared;
  });
  EXPECT_GT(compared, 500u);
  // JSON prints the same per community.
  const CplanRun j = cplan("parking --communities-only --json", cache.path(), true);
  ASSERT_EQ(j.exit_code, 0) << j.out;
  const auto json = nlohmann::json::parse(j.out);
  EXPECT_EQ(json["communities"].size(), 25u);
  EXPECT_EQ(json["rules"], "national");
}

TEST(CplanFinance, BudgetsByLineInTheFileAndAsJson) {
  fixtures::TempDir cache, out;
  const CplanRun r = cplan("finance --rules hangzhou --year 2013 --out '" + out.path().string() + "'", cache.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* f : {"finance.gpkg", "finance_communities.csv", "finance_plots.csv"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  std::size_t rows = 0;
  query(out / "finance.gpkg",
        "SELECT households, government_yuan, sanitation_yuan, parking_yuan, other_yuan, total_yuan, yuan_per_household FROM communities",
        [&](OGRFeature& f) {
          const double hh = f.GetFieldAsDouble(0);
          EXPECT_NEAR(f.GetFieldAsDouble(1), std::round(80 * std::pow(1.05, 13) * hh), 1.0);
          EXPECT_NEAR(f.GetFieldAsDouble(2), std::round(108 * hh), 1.0);
          EXPECT_NEAR(f.GetFieldAsDouble(4), 150000, 0.5);
          EXPECT_NEAR(f.GetFieldAsDouble(5), f.GetFieldAsDouble(1) + f.GetFieldAsDouble(2) + f.GetFieldAsDouble(3) + f.GetFieldAsDouble(4), 2.0);
          EXPECT_NEAR(f.GetFieldAsDouble(6), f.GetFieldAsDouble(5) / hh, 0.01);
          ++rows;
        });
  EXPECT_EQ(rows, 25u);
  const CplanRun j = cplan("finance --rules changsha --json", cache.path(), true);
  ASSERT_EQ(j.exit_code, 0) << j.out;
  const auto json = nlohmann::json::parse(j.out);
  for (const auto& c : json["communities"]) EXPECT_DOUBLE_EQ(c["total_yuan"].get<double>(), 40000.0);
  // A pack without budget lines is refused by name.
  const CplanRun none = cplan("finance --rules national", cache.path());
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.out.find("has no budget lines"), std::string::npos) << none.out;
}

TEST(CplanSite, TheSitesGainWhatSpatiaLiteCounts) {
  fixtures::TempDir cache, out;
  const CplanRun r = cplan("site --kind market --add 3 --straight-line --out '" + out.path().string() + "'", cache.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::string chosen;
  double gain_in_file = 0;
  query(out / "sites.gpkg", "SELECT candidate_id, gain_households FROM sites", [&](OGRFeature& f) {
    chosen += std::string(chosen.empty() ? "" : ",") + f.GetFieldAsString(0);
    gain_in_file += f.GetFieldAsDouble(1);
  });
  ASSERT_EQ(std::count(chosen.begin(), chosen.end(), ','), 2);
  // Households no market (菜市场) reaches within 500 m and one of the chosen candidates does.
  double gain = -1;
  query(demo_gpkg(cache.path()),
        "SELECT SUM(b.\"户数\") FROM buildings b WHERE b.\"户数\" > 0 AND NOT EXISTS (SELECT 1 FROM facilities f WHERE "
        "f.\"设施类型\" = '菜市场' AND ST_Distance(ST_Centroid(b.geom), f.geom) <= 500) AND EXISTS (SELECT 1 FROM candidates c "
        "WHERE c.candidate_id IN (" + chosen + ") AND ST_Distance(ST_Centroid(b.geom), c.geom) <= 500)",
        [&](OGRFeature& f) { gain = f.GetFieldAsDouble(0); });
  EXPECT_GT(gain, 0);
  EXPECT_DOUBLE_EQ(gain_in_file, gain);
}

TEST(CplanExport, ReviewedPlotsAsShapefileForTheApprovalOffice) {
  fixtures::TempDir cache, out;
  const fs::path shp = out / "审批 材料" / "地块.shp";
  const std::string args = "export --layer review_plots --rules hangzhou --format shp --encoding gbk --out '" + shp.string() + "'";
  const CplanRun r = cplan(args, cache.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("exported 24 features of review_plots (shp)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("field community_name -> communit_1"), std::string::npos) << r.out;
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".fields.csv"})
    EXPECT_TRUE(fs::exists(out / "审批 材料" / (std::string("地块") + ext))) << ext;
  // GDAL's own tool recognises the .prj as the project's CGCS2000 zone.
  const std::string srs = run_shell("gdalsrsinfo -o epsg '" + (out / "审批 材料" / "地块.prj").string() + "' 2>&1").out;
  EXPECT_NE(srs.find("EPSG:4549"), std::string::npos) << srs;
  // The verdicts GDAL reads back are those SpatiaLite and the Hangzhou rules by hand give.
  const auto truth = fixtures::independent_review(demo_gpkg(cache.path()), "hangzhou");
  auto src = geo::open_vector_source(shp.string());
  std::size_t read = 0;
  for (auto& f : *src.dataset->GetLayer(0)) {
    const std::string id = f->GetFieldAsString("plot_id");
    ASSERT_TRUE(truth.count(id)) << id;
    EXPECT_EQ(truth.at(id).verdict, f->GetFieldAsString("verdict")) << id;
    EXPECT_EQ(truth.at(id).community_id, f->GetFieldAsString("community_")) << id;  // community_id, fitted to 10 bytes
    ++read;
  }
  EXPECT_EQ(read, truth.size());
  const CplanRun again = cplan(args, cache.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("exists already; pass --overwrite"), std::string::npos) << again.out;
  EXPECT_EQ(cplan(args + " --overwrite", cache.path()).exit_code, 0);
}

// Parking and finance as export layers: Shapefiles in CGCS2000 (a .prj GDAL reads as EPSG:4490,
// a .cpg, GBK attributes), and one GeoPackage with both, the same figures as cplan finance gives.
TEST(CplanExport, ParkingAndFinanceLayersAsShapefileAndGeoPackage) {
  fixtures::TempDir cache, out;
  const fs::path shp = out / "停车与经费.shp";
  const CplanRun r = cplan("export --layer parking_communities,finance --rules hangzhou --format shp --encoding gbk --crs EPSG:4490 --out '" +
                               shp.string() + "'",
                           cache.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("exported 25 features of parking_communities (shp)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("exported 25 features of finance (shp)"), std::string::npos) << r.out;
  for (const char* name : {"停车与经费_parking_communities", "停车与经费_finance"})
    for (const char* ext : {".shp", ".dbf", ".prj", ".cpg"}) EXPECT_TRUE(fs::exists(out / (std::string(name) + ext))) << name << ext;
  const std::string srs = run_shell("gdalsrsinfo -o epsg '" + (out / "停车与经费_finance.prj").string() + "' 2>&1").out;
  EXPECT_NE(srs.find("EPSG:4490"), std::string::npos) << srs;
  const fs::path gpkg = out / "parking_finance.gpkg";
  ASSERT_EQ(cplan("export --layer parking_communities,finance --rules hangzhou --year 2013 --format gpkg --out '" + gpkg.string() + "'", cache.path())
                .exit_code,
            0);
  const auto finance = nlohmann::json::parse(cplan("finance --rules hangzhou --year 2013 --json", cache.path(), true).out);
  std::map<std::string, double> total;
  for (const auto& c : finance["communities"]) total[c["community_id"]] = c["total_yuan"].get<double>();
  std::size_t rows = 0;
  query(gpkg, "SELECT community_id, total_yuan FROM finance", [&](OGRFeature& f) {
    EXPECT_NEAR(f.GetFieldAsDouble(1), total.at(f.GetFieldAsString(0)), 0.5) << f.GetFieldAsString(0);
    ++rows;
  });
  EXPECT_EQ(rows, 25u);
  // A pack without the standard is refused by name.
  const CplanRun refused = cplan("export --layer finance --format gpkg --out '" + (out / "x.gpkg").string() + "'", cache.path());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.out.find("has no budget lines"), std::string::npos) << refused.out;
}

TEST(CplanExport, EveryLayerAsDxfAndResultsAsGeoJsonAndKml) {
  fixtures::TempDir cache, out;
  const CplanRun dxf = cplan("export --layer all --format dxf --out '" + (out / "审批.dxf").string() + "'", cache.path());
  ASSERT_EQ(dxf.exit_code, 0) << dxf.out;
  EXPECT_NE(dxf.out.find("DXF records no CRS"), std::string::npos) << dxf.out;
  auto cad = geo::open_vector_source((out / "审批.dxf").string());
  std::set<std::string> layers;
  std::size_t plot_texts = 0;
  for (auto& f : *cad.dataset->GetLayer(0)) {
    layers.insert(f->GetFieldAsString("Layer"));
    const std::string text = f->GetFieldAsString("Text");
    if (std::string(f->GetFieldAsString("Layer")) == "plots" && text.rfind("P", 0) == 0) {
      ++plot_texts;
      EXPECT_TRUE(text.find(" compliant") != std::string::npos || text.find(" short") != std::string::npos ||
                  text.find(" not_applicable") != std::string::npos || text.find(" unchecked") != std::string::npos)
          << text;
    }
  }
  EXPECT_EQ(layers, (std::set<std::string>{"communities", "buildings", "plots", "facilities", "parking", "roads", "candidates"}));
  EXPECT_EQ(plot_texts, 24u);  // every plot of the demo city, the invalid one too

  const CplanRun uncovered = cplan("export --layer uncovered_buildings --kind kindergarten --format geojson --crs EPSG:4490 --out '" +
                                       (out / "uncovered.geojson").string() + "'",
                                   cache.path());
  ASSERT_EQ(uncovered.exit_code, 0) << uncovered.out;
  auto geojson = geo::open_vector_source((out / "uncovered.geojson").string());
  std::size_t n = 0;
  for (auto& f : *geojson.dataset->GetLayer(0)) {
    EXPECT_EQ(f->GetFieldAsInteger("covered"), 0);
    if (f->IsFieldSetAndNotNull(f->GetFieldIndex("walk_m"))) {
      EXPECT_GE(f->GetFieldAsDouble("walk_m"), 300.0);
    }
    ++n;
  }
  EXPECT_GT(n, 100u);

  const CplanRun sites =
      cplan("export --layer sites --kind kindergarten --add 3 --format kml --out '" + (out / "sites.kml").string() + "'", cache.path());
  ASSERT_EQ(sites.exit_code, 0) << sites.out;
  auto kml = geo::open_vector_source((out / "sites.kml").string());
  EXPECT_EQ(kml.dataset->GetLayer(0)->GetFeatureCount(), 3);

  const CplanRun unknown = cplan("export --layer parks --format gpkg --out '" + (out / "x.gpkg").string() + "'", cache.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("unknown layer 'parks'"), std::string::npos) << unknown.out;
  const CplanRun no_kind = cplan("export --layer sites --format gpkg --out '" + (out / "x.gpkg").string() + "'", cache.path());
  EXPECT_EQ(no_kind.exit_code, 2);
  EXPECT_NE(no_kind.out.find("--kind"), std::string::npos) << no_kind.out;
  EXPECT_FALSE(fs::exists(out / "x.gpkg"));
}

TEST(CplanExport, RealDistrictsOnlyCommunitiesExportWhole) {
  const fs::path districts = fs::path(CPLAN_SHARED_DIR) / "data" / "districts" / "changsha-districts-gcj02.geojson";
  if (!fs::exists(districts)) GTEST_SKIP() << "shared data not beside the project: " << districts;
  fixtures::TempDir dir;
  {
    std::ofstream toml(dir / "长沙.toml");
    toml << "[project]\nname = \"长沙市区县\"\n\n[layers.communities]\nsource = \"" << districts.string()
         << "\"\noffset = \"gcj02\"\n[layers.communities.fields]\nname = \"name\"\ncommunity_id = \"id\"\n";
  }
  // A project with communities only: "all" is what it has, no review asked of plots it lacks.
  const CplanRun r = cplan("export '" + (dir / "长沙.toml").string() + "' --layer all --format shp --encoding gbk --out '" +
                           (dir / "区县.shp").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("exported 9 features of communities (shp)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CRS EPSG:4547"), std::string::npos) << r.out;  // Changsha's CGCS2000 zone
  auto src = geo::open_vector_source((dir / "区县.shp").string());
  std::set<std::string> names;
  for (auto& f : *src.dataset->GetLayer(0)) names.insert(f->GetFieldAsString("name"));
  EXPECT_TRUE(names.count("芙蓉区")) << r.out;
}

std::string run_tool(const std::string& command) { return run_shell(command + " 2>&1").out; }

std::string fmt_count(std::size_t plots) { return "approval package of " + std::to_string(plots) + " plot(s)"; }

TEST(CplanReport, ApprovalPackageOfOnePlotAndOfAll) {
  fixtures::TempDir cache, out;
  const fs::path pdf = out / "审批材料 P00001.pdf";
  const CplanRun r = cplan("report --plot P00001 --rules hangzhou --out '" + pdf.string() + "'", cache.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;  // the plot is short under Hangzhou's rules
  EXPECT_NE(r.out.find("approval package of 1 plot(s)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("XDG_RUNTIME_DIR"), std::string::npos) << r.out;
  // Read by poppler, not by us; checked against the plot's data read by SpatiaLite and the
  // Hangzhou rules written out by hand (not against another cplan command).
  const std::string text = run_tool("pdftotext -layout '" + pdf.string() + "' -");
  const auto truth = fixtures::independent_review(demo_gpkg(cache.path()), "hangzhou");
  const fixtures::IndependentPlot& plot = truth.at("P00001");
  ASSERT_EQ(plot.verdict, "short");
  for (const std::string& expected :
       {std::string("Plot P00001"), std::string("Verdict                                         short"), plot.community_id,
        fmt::format("Required office space (㎡)                       {:.1f}", *plot.required),
        fmt::format("Shortfall (㎡)                                   {:.1f}", plot.shortfall()), std::string("kindergarten"),
        std::string("GB 50180"), std::string("EPSG:4549"), std::string("Data sources and coordinate reference system"),
        std::string("Services within reach of the plot's households"), std::string("Rules applied to the plot"), std::string("Parking verdict"), std::string("Budget in "),
        fmt::format("demo-v{}-seed{}.gpkg, layer 'plots'", datasets::kGeneratorVersion, datasets::kDefaultSeed), std::string("[unverified]")})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  // The rule table, row by row: each rule's requirement by hand, what the plot provides, and a
  // shortfall that is what is missing, never a negative surplus.
  const std::map<std::string, double> required_by_rule = {
      {"yuhang_rooms_per_households", 0.3 * *plot.households},
      {"study_floor_area_reservation", std::max(0.003 * *plot.gfa, 300.0)}};
  for (const auto& [rule, required] : required_by_rule) {
    SCOPED_TRACE(rule);
    const auto row = text.find(rule + " ", text.find("Rules applied to the plot"));
    ASSERT_NE(row, std::string::npos) << text;
    std::istringstream cells(text.substr(row, text.find('\n', row) - row));
    std::string id, applies, required_cell, provided_cell, shortfall_cell;
    cells >> id >> applies >> required_cell >> provided_cell >> shortfall_cell;
    EXPECT_EQ(applies, "yes");
    EXPECT_EQ(required_cell, fmt::format("{:.1f}", required));
    EXPECT_EQ(provided_cell, fmt::format("{:.1f}", *plot.reserved));
    EXPECT_EQ(shortfall_cell, fmt::format("{:.1f}", std::max(0.0, required - *plot.reserved)));
  }
  const std::string info = run_tool("pdfinfo '" + pdf.string() + "'");
  EXPECT_NE(info.find("A4"), std::string::npos) << info;

  // The map on page one shows the plot in its verdict colour (rendered by poppler, read by GDAL).
  run_tool("pdftoppm -r 50 -f 1 -l 1 -png '" + pdf.string() + "' '" + (out / "page").string() + "'");
  fs::path png;
  for (const auto& e : fs::directory_iterator(out.path()))
    if (e.path().extension() == ".png") png = e.path();
  ASSERT_FALSE(png.empty());
  geo::ensure_gdal_registered();
  GDALDatasetUniquePtr image(GDALDataset::Open(png.string().c_str(), GDAL_OF_RASTER));
  ASSERT_TRUE(image);
  const int w = image->GetRasterXSize(), h = image->GetRasterYSize();
  std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
  int bands[] = {1, 2, 3};
  ASSERT_EQ(image->RasterIO(GF_Read, 0, 0, w, h, rgb.data(), w, h, GDT_Byte, 3, bands, 3, 3 * w, 1, nullptr), CE_None);
  std::size_t short_red = 0;  // #d73027
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3)
    if (std::abs(rgb[i] - 0xd7) < 6 && std::abs(rgb[i + 1] - 0x30) < 6 && std::abs(rgb[i + 2] - 0x27) < 6) ++short_red;
  EXPECT_GT(short_red, 50u);

  const CplanRun again = cplan("report --plot P00001 --out '" + pdf.string() + "'", cache.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("exists already"), std::string::npos) << again.out;
  const CplanRun unknown = cplan("report --plot P99999 --out '" + (out / "x.pdf").string() + "'", cache.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("no plot with id 'P99999' (plots: P00001"), std::string::npos) << unknown.out;
  EXPECT_FALSE(fs::exists(out / "x.pdf"));

  // A street office asks for one community's plots, by its Chinese name (read by GDAL).
  const std::string community = plot.community_id;
  std::size_t in_community = 0;
  for (const auto& [id, p] : truth) in_community += p.community_id == community;
  std::string community_name;
  {
    auto source = geo::open_vector_source(demo_gpkg(cache.path()).string());
    for (auto& f : *source.dataset->GetLayerByName("communities"))
      if (f->GetFieldAsString("community_id") == community) community_name = f->GetFieldAsString("社区名称");
  }
  ASSERT_FALSE(community_name.empty());
  const CplanRun by_community =
      cplan("report --community '" + community_name + "' --out '" + (out / "community.pdf").string() + "'", cache.path());
  EXPECT_NE(by_community.out.find(fmt_count(in_community)), std::string::npos) << by_community.out;
  const CplanRun nowhere = cplan("report --community 不存在社区 --out '" + (out / "y.pdf").string() + "'", cache.path());
  EXPECT_EQ(nowhere.exit_code, 2);
  EXPECT_NE(nowhere.out.find("no plot under review falls in community '不存在社区'"), std::string::npos) << nowhere.out;

  const CplanRun all = cplan("report --out '" + (out / "all.pdf").string() + "'", cache.path());
  EXPECT_NE(all.out.find("approval package of 24 plot(s)"), std::string::npos) << all.out;
  const std::string all_text = run_tool("pdftotext '" + (out / "all.pdf").string() + "' -");
  for (const auto& [id, p] : truth) EXPECT_NE(all_text.find("Plot " + id), std::string::npos) << id;
  const std::string all_info = run_tool("pdfinfo '" + (out / "all.pdf").string() + "'");
  const auto pages = all_info.find("Pages:");
  ASSERT_NE(pages, std::string::npos);
  EXPECT_GE(std::stoi(all_info.substr(pages + 6)), 48);  // a map page and at least one more per plot
}

TEST(Cplan, GenerateWritesTheCity) {
  fixtures::TempDir dir;
  const CplanRun r = cplan("generate --scale demo --seed 5 --out '" + dir.path().string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(fs::exists(dir / "demo-seed5.gpkg"));
  EXPECT_TRUE(fs::exists(dir / "demo-seed5.toml"));
  EXPECT_NE(r.out.find("25 communities"), std::string::npos) << r.out;
  const CplanRun info = cplan("info '" + (dir / "demo-seed5.toml").string() + "'");
  EXPECT_EQ(info.exit_code, 0) << info.out;
  EXPECT_EQ(cplan("generate --scale metropolis").exit_code, 2);
}

}  // namespace
