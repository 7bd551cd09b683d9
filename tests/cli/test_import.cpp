// cplan import as a new user runs it: an extract in, a project out, and every other command
// accepting that project; on a small extract written here and on the real Optics Valley extract.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../support/fixtures.h"
#include "../support/osm_city.h"
#include "cli_runner.h"

namespace {

namespace fs = std::filesystem;
using cli_test::cplan;
using cli_test::CplanRun;
using cli_test::run_shell;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// Households per community computed without the engine: SpatiaLite on the imported GeoPackage,
// the [households] rules written out (levels from the data, else height ÷ 2.8 m rounded, else 6;
// 85 m² per household; homes by use, unknown uses counted as homes as no residential land is given).
std::map<std::string, double> independent_households(const fs::path& gpkg) {
  const std::string sql =
      "SELECT c.name AS name, SUM(ST_Area(b.geom) * (CASE WHEN CAST(b.levels AS REAL) > 0 THEN CAST(b.levels AS REAL) "
      "WHEN b.height_m > 0 THEN MAX(1, ROUND(b.height_m / 2.8)) ELSE 6 END) / 85.0) AS households "
      "FROM buildings b JOIN communities c ON ST_Contains(c.geom, ST_Centroid(b.geom)) "
      "WHERE b.use IN ('residential','apartments','house','detached','semidetached_house','terrace','dormitory','bungalow','yes') "
      "GROUP BY c.name";
  const CplanRun r = run_shell("ogr2ogr -f CSV /vsistdout/ " + quoted(gpkg) + " -dialect SQLite -sql \"" + sql + "\" 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::map<std::string, double> out;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    const auto comma = line.rfind(',');
    if (comma == std::string::npos) continue;
    out[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
  }
  return out;
}

TEST(ImportCommand, ASmallExtractToAProjectEveryCommandAccepts) {
  fixtures::TempDir dir;
  const fixtures::OsmCity city = fixtures::test_city();
  fixtures::write_osm_pbf(dir / "city.osm.pbf", city.nodes, city.ways);
  const CplanRun imported = cplan("import " + quoted(dir / "city.osm.pbf") + " --out " + quoted(dir / "project"), {}, true);
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  EXPECT_NE(imported.out.find("working CRS EPSG:4547"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("set aside: points, not areas (label or address points) 1"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("amenity=kindergarten"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("plots: a developer's submission"), std::string::npos) << imported.out;
  const fs::path project = dir / "project" / "city.toml";
  const CplanRun check = cplan("check " + quoted(project));
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find("测试社区"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("estimated from floor area"), std::string::npos) << check.out;
  const CplanRun coverage = cplan("coverage " + quoted(project) + " --kind all");
  EXPECT_EQ(coverage.exit_code, 0) << coverage.out;
  const CplanRun walking = cplan("coverage " + quoted(project) + " --kind kindergarten");
  EXPECT_EQ(walking.exit_code, 0) << walking.out;
  EXPECT_NE(walking.out.find("tunnel for vehicles"), std::string::npos) << walking.out;
  const CplanRun site = cplan("site " + quoted(project) + " --kind elderly_care --out " + quoted(dir / "site"));
  EXPECT_EQ(site.exit_code, 0) << site.out;
  EXPECT_TRUE(fs::exists(dir / "site" / "sites.gpkg"));
  const CplanRun report = cplan("report " + quoted(project) + " --out " + quoted(dir / "report" / "city.pdf"));
  EXPECT_EQ(report.exit_code, 0) << report.out;
  EXPECT_NE(report.out.find("overview of 1 communities"), std::string::npos) << report.out;
  const CplanRun shp = cplan("export " + quoted(project) + " --layer all --format shp --out " + quoted(dir / "shp" / "city.shp"));
  EXPECT_EQ(shp.exit_code, 0) << shp.out;
  EXPECT_TRUE(fs::exists(dir / "shp" / "city_buildings.prj"));
}

TEST(ImportCommand, RefusesToReplaceAProjectAndNamesWhatIsWrong) {
  fixtures::TempDir dir;
  const fixtures::OsmCity city = fixtures::test_city();
  fixtures::write_osm_pbf(dir / "city.osm.pbf", city.nodes, city.ways);
  const std::string args = "import " + quoted(dir / "city.osm.pbf") + " --out " + quoted(dir.path());
  ASSERT_EQ(cplan(args).exit_code, 0);
  const CplanRun again = cplan(args);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("city.gpkg"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("--overwrite"), std::string::npos) << again.out;
  EXPECT_EQ(cplan(args + " --overwrite").exit_code, 0);
  const CplanRun bbox = cplan(args + " --overwrite --bbox 114.5,30,114.4,31");
  EXPECT_EQ(bbox.exit_code, 2);
  EXPECT_NE(bbox.out.find("west must be less than east"), std::string::npos) << bbox.out;
  const CplanRun profile = cplan(args + " --overwrite --profile osmand");
  EXPECT_EQ(profile.exit_code, 2);
  EXPECT_NE(profile.out.find("shipped: geofabrik, osm, survey"), std::string::npos) << profile.out;
  const CplanRun wrong = cplan("import " + quoted(dir / "city.gpkg") + " --out " + quoted(dir / "again"));
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.out.find("reads OSM files"), std::string::npos) << wrong.out;
  EXPECT_FALSE(fs::exists(dir / "again"));
}

TEST(ImportCommand, InterruptedWhileReadingOrWritingLeavesNothing) {
  fixtures::TempDir dir;
  const fixtures::OsmCity city = fixtures::test_city();
  fixtures::write_osm_pbf(dir / "city.osm.pbf", city.nodes, city.ways);
  for (int percent : {30, 80}) {
    const CplanRun r = cplan("import " + quoted(dir / "city.osm.pbf") + " --progress --out " + quoted(dir / "out"), {}, false,
                             "CPLAN_INTERRUPT_AT_PERCENT=" + std::to_string(percent));
    EXPECT_EQ(r.exit_code, 130) << r.out;
    EXPECT_FALSE(fs::exists(dir / "out")) << percent;
  }
}

// The real Optics Valley extract (../shared/data/osm-wuhan) with the study zones shipped in
// datasets/real: the whole pipeline, the households against SpatiaLite.
TEST(ImportCommand, RealWuhanExtractThroughTheWholePipeline) {
  const fs::path osm = fs::path(CPLAN_SHARED_DIR) / "data" / "osm-wuhan" / "wuhan-guanggu.osm";
  if (!fs::exists(osm)) GTEST_SKIP() << "no " << osm;
  const fs::path zones = fs::path(CPLAN_SOURCE_DIR) / "datasets" / "real" / "wuhan-guanggu-zones.geojson";
  fixtures::TempDir dir;
  const CplanRun imported = cplan("import " + quoted(osm) + " --boundary " + quoted(zones) + " --out " + quoted(dir.path()), {}, true);
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  EXPECT_NE(imported.out.find("buildings              261"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("share 27 id(s)"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("communities              4  from the boundary file"), std::string::npos) << imported.out;
  const fs::path project = dir / "wuhan-guanggu.toml";

  const CplanRun check = cplan("check --json " + quoted(project), {}, true);
  ASSERT_EQ(check.exit_code, 0) << check.out;
  const auto review = nlohmann::json::parse(check.out);
  const auto expected = independent_households(dir / "wuhan-guanggu.gpkg");
  ASSERT_EQ(expected.size(), 4u);
  for (const auto& c : review["communities"]) {
    const std::string name = c["name"];
    ASSERT_TRUE(expected.count(name)) << name;
    EXPECT_NEAR(c["households"].get<double>(), expected.at(name), 1e-6 * expected.at(name)) << name;
  }
  EXPECT_NE(review["households_note"].get<std::string>().find("estimated from floor area"), std::string::npos);

  const CplanRun walking = cplan("coverage " + quoted(project) + " --kind kindergarten");
  EXPECT_EQ(walking.exit_code, 0) << walking.out;
  // Trunk roads (珞喻路, 民族大道) are walked on their sidewalks: no road is left out for its class;
  // the car tunnels under 光谷广场 are.
  EXPECT_EQ(walking.out.find("class not walkable"), std::string::npos) << walking.out;
  EXPECT_NE(walking.out.find("tunnel for vehicles"), std::string::npos) << walking.out;
  EXPECT_EQ(cplan("coverage " + quoted(project) + " --kind all").exit_code, 0);
  const CplanRun site = cplan("site " + quoted(project) + " --kind kindergarten --out " + quoted(dir / "site"));
  EXPECT_EQ(site.exit_code, 0) << site.out;
  const CplanRun report = cplan("report " + quoted(project) + " --out " + quoted(dir / "wuhan.pdf"));
  EXPECT_EQ(report.exit_code, 0) << report.out;
  const CplanRun text = run_shell("pdftotext -layout " + quoted(dir / "wuhan.pdf") + " - 2>&1");
  EXPECT_NE(text.out.find("研究片区一"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Households estimated"), std::string::npos) << text.out;
  EXPECT_EQ(cplan("export " + quoted(project) + " --layer all --format gpkg --out " + quoted(dir / "all.gpkg")).exit_code, 0);
}

}  // namespace
