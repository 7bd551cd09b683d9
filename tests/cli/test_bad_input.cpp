// Broken and hostile plot files, one per kind of fault (issue 11): `cplan info` names the file and
// the problem, `cplan check` sets the bad plot aside as unchecked with that reason and reviews the
// others, exit codes are as documented, and no output holds a non-finite number or invalid UTF-8.
// Each case says what an independent reading finds: a hand count of the plots that must be
// reviewed, and the fault written into the file by the test itself.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "cli_runner.h"
#include "geo/gdal_io.h"
#include "geo/text.h"

namespace {

namespace fs = std::filesystem;
using cli_test::cplan;

constexpr double kOx = 515000, kOy = 3350000;  // EPSG:4549, in Hangzhou

std::string ring(double x0, double y0, double x1, double y1) {
  return fmt::format("[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]", kOx + x0, kOy + y0, kOx + x1, kOy + y1);
}
std::string crs_member(const std::string& urn) { return R"("crs":{"type":"name","properties":{"name":")" + urn + R"("}},)"; }
const std::string kCrs4549 = crs_member("urn:ogc:def:crs:EPSG::4549");

// A plot that complies under the national pack: 300 households, 30,000 m² on 2 ha, 300 m² reserved.
std::string good_plot(const std::string& id, double x0) {
  return fmt::format(R"({{"type":"Feature","properties":{{"plot_id":"{}","households":300,"gross_floor_area_m2":30000,)"
                     R"("reserved_office_m2":300}},"geometry":{{"type":"Polygon","coordinates":[{}]}}}})",
                     id, ring(x0, 100, x0 + 200, 200));
}
std::string plot(const std::string& properties, const std::string& geometry) {
  return R"({"type":"Feature","properties":{"plot_id":"BAD",)" + properties + R"(},"geometry":)" + geometry + "}";
}
const std::string kNumbers = R"("households":300,"gross_floor_area_m2":30000,"reserved_office_m2":300)";
std::string polygon(const std::string& rings) { return R"({"type":"Polygon","coordinates":[)" + rings + "]}"; }
std::string collection(const std::string& crs, const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection",)" + crs + R"("features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

// The plot P1 of the GeoPackage and Shapefile cases: 200 × 100 m in community A.
const std::string kPlotWkt = fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", kOx + 100, kOy + 100, kOx + 300, kOy + 200);

// Plots with these ids, each complying as good_plot does, all on kPlotWkt.
fixtures::LayerFixture compliant_plots(const std::vector<std::string>& ids) {
  fixtures::LayerFixture plots{"plots", wkbPolygon, 4549,
                               {{"plot_id", OFTString}, {"households", OFTInteger}, {"gross_floor_area_m2", OFTReal}, {"reserved_office_m2", OFTReal}},
                               {}, {}};
  for (const auto& id : ids)
    plots.features.push_back({kPlotWkt, {{"plot_id", id}, {"households", "300"}, {"gross_floor_area_m2", "30000"}, {"reserved_office_m2", "300"}}});
  return plots;
}

struct BadCase {
  std::string name;
  std::string plots;          // the plots file's bytes (GeoJSON)
  std::string info_says;      // cplan info prints this
  std::string reason_says;    // the BAD plot's reason holds this; empty: the layer is refused (exit 2, check_says)
  std::string check_says;     // cplan check prints this (stderr or stdout)
  int reviewed = 1;           // plots reviewed besides BAD, by hand count
};

std::vector<BadCase> cases() {
  const std::string good = good_plot("P1", 0);
  const std::string sq = ring(500, 500, 600, 600);
  std::vector<BadCase> c;
  c.push_back({"ring_of_two_points",
               collection(kCrs4549, {good, plot(kNumbers, polygon(fmt::format("[[{},{}],[{},{}]]", kOx + 500, kOy + 500, kOx + 600, kOy + 600)))}),
               "has 2 points", "the outer ring has 2 points", "unusable_geometry"});
  c.push_back({"unclosed_ring",
               collection(kCrs4549, {good, plot(kNumbers, polygon(fmt::format("[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}]]", kOx + 500,
                                                                              kOy + 500, kOx + 600, kOy + 600)))}),
               "is not closed", "is not closed", "unusable_geometry"});
  c.push_back({"nan_coordinate",
               collection(kCrs4549, {good, plot(kNumbers, polygon(fmt::format("[[{0},{1}],[NaN,{1}],[{2},{3}],[{0},{1}]]", kOx + 500,
                                                                              kOy + 500, kOx + 600, kOy + 600)))}),
               "not finite numbers", "not a finite number", "unusable_geometry"});
  c.push_back({"coordinates_of_1e300",
               collection(kCrs4549, {good, plot(kNumbers, polygon("[[1e300,1e300],[1.1e300,1e300],[1.1e300,1.1e300],[1e300,1e300]]"))}),
               "lie outside where the layer's CRS is used", "lies outside where EPSG:4549 is used", "unusable_geometry"});
  c.push_back({"label_point_and_line_among_plots",
               collection(kCrs4549, {good, plot(kNumbers, fmt::format(R"({{"type":"Point","coordinates":[{},{}]}})", kOx + 500, kOy + 500)),
                                     plot(kNumbers, fmt::format(R"({{"type":"LineString","coordinates":[[{},{}],[{},{}]]}})", kOx + 500,
                                                                kOy + 500, kOx + 600, kOy + 600))}),
               "Layer 'plots'", "", "not_an_area", 1});
  c.push_back({"text_households", collection(kCrs4549, {good, plot(R"("households":"约300户","gross_floor_area_m2":30000,"reserved_office_m2":300)", polygon(sq))}),
               "households", "is not a number: '约300户'", "not_a_number"});
  c.push_back({"two_points_in_a_number", collection(kCrs4549, {good, plot(R"("households":"1.2.3","gross_floor_area_m2":30000,"reserved_office_m2":300)", polygon(sq))}),
               "households", "is not a number: '1.2.3'", "not_a_number"});
  c.push_back({"dbase_overflow_asterisks", collection(kCrs4549, {good, plot(R"("households":"**********","gross_floor_area_m2":30000,"reserved_office_m2":300)", polygon(sq))}),
               "households", "is not a number: '**********'", "not_a_number"});
  c.push_back({"nan_in_a_number_field", collection(kCrs4549, {good, plot(R"("households":NaN,"gross_floor_area_m2":30000.5,"reserved_office_m2":300)", polygon(sq))}),
               "households", "not a finite number in the source", "not_finite"});
  c.push_back({"negative_floor_area", collection(kCrs4549, {good, plot(R"("households":300,"gross_floor_area_m2":-5,"reserved_office_m2":300)", polygon(sq))}),
               "gross_floor_area_m2", "(negative)", "unchecked"});
  c.push_back({"zero_floor_area", collection(kCrs4549, {good, plot(R"("households":300,"gross_floor_area_m2":0,"reserved_office_m2":300)", polygon(sq))}),
               "gross_floor_area_m2", "0 for 300 households", "unchecked"});
  c.push_back({"floor_area_in_wan_m2", collection(kCrs4549, {good, plot(R"("households":300,"gross_floor_area_m2":3.2,"reserved_office_m2":3)", polygon(sq))}),
               "gross_floor_area_m2", "entered in 万m²", "unchecked"});
  c.push_back({"floor_area_ratio_of_20", collection(kCrs4549, {good, plot(R"("households":1000,"gross_floor_area_m2":200000,"reserved_office_m2":300)", polygon(sq))}),
               "gross_floor_area_m2", "floor area ratio of 20.0", "unchecked"});
  c.push_back({"households_per_hectare", collection(kCrs4549, {good, plot(R"("households":4000,"gross_floor_area_m2":120000,"reserved_office_m2":1200)", polygon(sq))}),
               "households", "households per hectare", "unchecked"});
  c.push_back({"metres_under_wgs84", collection(crs_member("urn:ogc:def:crs:OGC:1.3:CRS84"), {good, good_plot("P2", 300)}),
               "cannot be a longitude", "", "cannot be a longitude"});
  c.push_back({"unknown_epsg_code", collection(crs_member("urn:ogc:def:crs:EPSG::99999"), {good}),
               "cannot be read", "", "it is not taken as WGS 84"});
  {
    std::string prefixed = collection(kCrs4549, {good});
    prefixed = std::regex_replace(prefixed, std::regex("515"), "40515");
    c.push_back({"zone_prefixed_easting", prefixed, "this is EPSG:4528", "", "declare crs = \"EPSG:4528\""});
  }
  {
    // Northing first under a CRS whose x is the easting.
    const std::string swapped = fmt::format(R"([[{1},{0}],[{1},{2}],[{3},{2}],[{1},{0}]])", kOx + 100, kOy + 100, kOx + 200, kOy + 200);
    c.push_back({"northing_easting_swapped", collection(kCrs4549, {plot(kNumbers, polygon(swapped))}), "swapped", "", "swapped"});
  }
  return c;
}

class BadInput : public ::testing::TestWithParam<BadCase> {};

void write_communities(const fs::path& dir) {
  std::ofstream(dir / "communities.geojson")
      << collection(kCrs4549, {R"({"type":"Feature","properties":{"community_id":"A","name":"翠苑社区"},"geometry":)" +
                                   polygon(ring(0, 0, 1000, 1000)) + "}",
                               R"({"type":"Feature","properties":{"community_id":"B","name":"文新社区"},"geometry":)" +
                                   polygon(ring(1000, 0, 2000, 1000)) + "}"});
}

// Every file under dir: no invalid UTF-8 and no non-finite number, in text outputs and in a
// GeoPackage's fields alike.
void expect_clean_outputs(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const auto ext = entry.path().extension().string();
    if (ext == ".gpkg") {
      geo::OpenedSource gpkg = geo::open_vector_source(entry.path().string());
      for (int l = 0; l < gpkg.dataset->GetLayerCount(); ++l)
        for (auto& f : *gpkg.dataset->GetLayer(l))
          for (int i = 0; i < f->GetFieldCount(); ++i) {
            if (!f->IsFieldSetAndNotNull(i)) continue;
            const OGRFieldType type = f->GetFieldDefnRef(i)->GetType();
            if (type == OFTReal) {
              EXPECT_TRUE(std::isfinite(f->GetFieldAsDouble(i))) << entry.path() << " feature " << f->GetFID();
            } else if (type == OFTString) {
              EXPECT_TRUE(geo::is_valid_utf8(f->GetFieldAsString(i))) << entry.path() << " feature " << f->GetFID();
            }
          }
      continue;
    }
    if (ext != ".csv" && ext != ".html" && ext != ".json") continue;
    const std::string text = fixtures::read_bytes(entry.path());
    EXPECT_TRUE(geo::is_valid_utf8(text)) << entry.path();
    EXPECT_FALSE(std::regex_search(text, std::regex(R"((^|[,;>\s"])-?(nan|inf|NaN|Infinity)($|[,;<\s"]))"))) << entry.path();
  }
}

TEST_P(BadInput, NamedSetAsideAndTheRestReviewed) {
  const BadCase& c = GetParam();
  fixtures::TempDir dir;
  write_communities(dir.path());
  std::ofstream(dir / "plots.geojson") << c.plots;
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.geojson\"\n";

  const auto info = cplan("info " + (dir / "plots.geojson").string());
  EXPECT_NE(info.out.find("plots.geojson"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find(c.info_says), std::string::npos) << info.out;
  EXPECT_NE(info.exit_code, 2) << "info reads what it can and reports the rest: " << info.out;

  const auto check = cplan("check " + (dir / "project.toml").string() + " --out " + (dir / "out").string());
  EXPECT_NE(check.out.find(c.check_says), std::string::npos) << check.out;
  if (c.reason_says.empty() && c.check_says != "not_an_area") {
    EXPECT_EQ(check.exit_code, 2) << check.out;
    EXPECT_NE(check.out.find("plots.geojson"), std::string::npos) << "the message names the file: " << check.out;
    EXPECT_FALSE(fs::exists(dir / "out")) << "a refused check leaves no output folder";
    return;
  }
  EXPECT_EQ(check.exit_code, c.reason_says.empty() ? 0 : 1) << check.out;
  const auto json = cplan("check " + (dir / "project.toml").string() + " --json", {}, true);
  const auto review = nlohmann::json::parse(json.out);
  int reviewed = 0, bad = 0;
  for (const auto& p : review["plots"]) {
    if (p["plot_id"] == "BAD") {
      ++bad;
      EXPECT_EQ(p["verdict"], "unchecked");
      EXPECT_NE(p["reason"].get<std::string>().find(c.reason_says), std::string::npos) << p["reason"];
    } else {
      EXPECT_EQ(p["verdict"], "compliant") << p.dump();
      ++reviewed;
    }
  }
  EXPECT_EQ(reviewed, c.reviewed);
  EXPECT_EQ(bad, c.reason_says.empty() ? 0 : 1);
  expect_clean_outputs(dir / "out");
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return i.param.name; });

// "1.2万" is 12,000 by the documented rule, and said so; the plot is reviewed on 12,000.
TEST(BadInputNumbers, WanIsTenThousandAndSaid) {
  fixtures::TempDir dir;
  write_communities(dir.path());
  std::ofstream(dir / "plots.geojson")
      << collection(kCrs4549, {plot(R"("households":300,"gross_floor_area_m2":"1.2万","reserved_office_m2":300)", polygon(ring(500, 500, 600, 600)))});
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.geojson\"\n";
  const auto check = cplan("check " + (dir / "project.toml").string() + " --rules hangzhou --json");
  EXPECT_NE(check.out.find("'1.2万' read as 12000"), std::string::npos) << check.out;
}

// GBK bytes in a GeoJSON (which must be UTF-8) are named, read as GBK, and no output holds them raw.
TEST(BadInputText, GbkBytesInGeoJsonAreNamedAndDecoded) {
  fixtures::TempDir dir;
  write_communities(dir.path());
  const std::string gbk_id = "\xB5\xD8\xBF\xE9\xD2\xBB";  // 地块一 in GBK
  std::string plots = collection(kCrs4549, {good_plot("ID", 0)});
  plots.replace(plots.find("\"ID\""), 4, "\"" + gbk_id + "\"");
  std::ofstream(dir / "plots.geojson", std::ios::binary) << plots;
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.geojson\"\n";
  const auto info = cplan("info " + (dir / "plots.geojson").string());
  EXPECT_NE(info.out.find("they are GBK bytes"), std::string::npos) << info.out;
  const auto check = cplan("check " + (dir / "project.toml").string() + " --out " + (dir / "out").string() + " --rows 5");
  EXPECT_NE(check.out.find("text_not_utf8"), std::string::npos) << check.out;
  const std::string text = fixtures::read_bytes(dir / "out" / "plots.csv");
  EXPECT_NE(text.find("地块一"), std::string::npos) << text;
  expect_clean_outputs(dir / "out");
}

// Outputs never destroy inputs (issue 11, point 6).
class OutputsAndInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    write_communities(dir.path());
    std::ofstream(dir / "plots.geojson") << collection(kCrs4549, {good_plot("P1", 0)});
    std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.geojson\"\n";
    before = fixtures::snapshot(dir.path());
  }
  fixtures::TempDir dir;
  std::map<std::string, std::string> before;
};

TEST_F(OutputsAndInputs, AnExportOntoAProjectSourceIsRefusedEvenWithOverwrite) {
  const auto r = cplan("export " + (dir / "project.toml").string() + " --layer plots --format geojson --out " +
                       (dir / "plots.geojson").string() + " --overwrite");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("is one of the project's own inputs"), std::string::npos) << r.out;
  EXPECT_EQ(fixtures::snapshot(dir.path()), before) << "the source is untouched";
}

TEST_F(OutputsAndInputs, ExportToAnExistingFolderIsAnErrorNotAFileBesideIt) {
  fs::create_directories(dir / "approval");
  const auto r = cplan("export " + (dir / "project.toml").string() + " --layer plots --format gpkg --out " + (dir / "approval").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("is a folder"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "approval.gpkg"));
  EXPECT_TRUE(fs::is_empty(dir / "approval"));
}

TEST_F(OutputsAndInputs, ACheckThatFailsLeavesNoOutputFolder) {
  std::ofstream(dir / "plots.geojson", std::ios::trunc) << collection(crs_member("urn:ogc:def:crs:EPSG::99999"), {good_plot("P1", 0)});
  const auto r = cplan("check " + (dir / "project.toml").string() + " --out " + (dir / "review").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(fs::exists(dir / "review"));
}

// Field names that make a layer ambiguous are named (issue 11, point 3).
TEST(BadInputFields, TwoCandidateFieldsOneFieldFeedingTwoAndCutNames) {
  fixtures::TempDir dir;
  write_communities(dir.path());
  std::ofstream(dir / "plots.geojson") << collection(
      kCrs4549, {R"({"type":"Feature","properties":{"plot_id":"P1","户数":300,"总户数":310,"建筑面积":30000,"建筑面积_1":2000,)"
                 R"("reserved_office_m2":300},"geometry":)" + polygon(ring(0, 100, 200, 200)) + "}"});
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.geojson\"\n"
                                         "[layers.plots.fields]\ngross_floor_area_m2 = \"建筑面积\"\nactivity_m2 = \"建筑面积\"\n";
  const auto r = cplan("check " + (dir / "project.toml").string());
  EXPECT_NE(r.out.find("households could be read from '户数', '总户数': '户数' was used"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the source field '建筑面积' feeds both gross_floor_area_m2 and activity_m2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fields '建筑面积' and '建筑面积_1' look like two longer names cut"), std::string::npos) << r.out;
}

// The working zone is chosen from plausible features only: one community at 1e300 does not move it.
TEST(BadInputCrs, AnOutlierDoesNotMoveTheWorkingZone) {
  fixtures::TempDir dir;
  std::ofstream(dir / "communities.geojson")
      << collection(kCrs4549, {R"({"type":"Feature","properties":{"name":"翠苑社区"},"geometry":)" + polygon(ring(0, 0, 1000, 1000)) + "}",
                               R"({"type":"Feature","properties":{"name":"远方"},"geometry":)" +
                                   polygon("[[1e300,1e300],[1.1e300,1e300],[1.1e300,1.1e300],[1e300,1e300]]") + "}"});
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n";
  const auto r = cplan("info " + (dir / "project.toml").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("EPSG:4549"), std::string::npos) << "Hangzhou's zone, from the one plausible community: " << r.out;
  EXPECT_NE(r.out.find("lies outside where EPSG:4549 is used"), std::string::npos) << r.out;
}

// A CSV in GBK (as Excel saves it on a Chinese Windows) is read right when the project says so.
TEST(BadInputText, GbkCsvReadAsTheProjectSays) {
  fixtures::TempDir dir;
  write_communities(dir.path());
  // plot_id,名称,... with 地块一 and 翠苑新城 in GBK bytes.
  std::ofstream(dir / "plots.csv", std::ios::binary)
      << "WKT,plot_id,name,households,gross_floor_area_m2,reserved_office_m2\n\"" << kPlotWkt
      << "\",\xB5\xD8\xBF\xE9\xD2\xBB,\xB4\xE4\xD4\xB7\xD0\xC2\xB3\xC7,300,30000,300\n";
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.csv\"\n"
                                         "crs = \"EPSG:4549\"\nencoding = \"GBK\"\n";
  const auto check = cplan("check " + (dir / "project.toml").string() + " --json", {}, true);
  const auto review = nlohmann::json::parse(check.out);
  ASSERT_EQ(review["plots"].size(), 1u) << check.out;
  EXPECT_EQ(review["plots"][0]["plot_id"], "地块一");
  EXPECT_EQ(review["plots"][0]["verdict"], "compliant");
}

// SQLite keeps whatever a writer puts in a column: text in a GeoPackage's INTEGER column, which
// GDAL reads as 0 without a word (ogrinfo prints households = 0). Here it is named, and the plot is
// unchecked, not "no rule applies to 0 households".
TEST(BadInputNumbers, TextInAGeoPackageIntegerColumnIsNotZero) {
  fixtures::TempDir dir;
  write_communities(dir.path());
  const fixtures::LayerFixture plots = compliant_plots({"P1", "BAD"});
  fixtures::write_layer("GPKG", dir / "plots.gpkg", plots);
  {
    geo::OpenedSource gpkg = geo::open_vector_source((dir / "plots.gpkg").string(), {.update = true});
    gpkg.dataset->ExecuteSQL("UPDATE plots SET households = '约300户' WHERE plot_id = 'BAD'", nullptr, nullptr);
    gpkg.dataset->ExecuteSQL("UPDATE plots SET gross_floor_area_m2 = X'00FF' WHERE plot_id = 'P1'", nullptr, nullptr);
  }
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.gpkg\"\n";
  const auto info = cplan("info " + (dir / "plots.gpkg").string());
  EXPECT_NE(info.out.find("the number column households holds text in 1 row(s) (first: feature 2: '约300户')"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("the number column gross_floor_area_m2 holds text in 1 row(s) (first: feature 1: '(a BLOB of 2 bytes)')"),
            std::string::npos) << info.out;
  const auto check = cplan("check " + (dir / "project.toml").string() + " --json", {}, true);
  const auto review = nlohmann::json::parse(check.out);
  ASSERT_EQ(review["plots"].size(), 2u);
  for (const auto& p : review["plots"]) {
    EXPECT_EQ(p["verdict"], "unchecked") << p.dump();
    const std::string expected = p["plot_id"] == "BAD" ? "households is not a number: '约300户'"
                                                       : "gross_floor_area_m2 is not a number: '(a BLOB of 2 bytes)'";
    EXPECT_NE(p["reason"].get<std::string>().find(expected), std::string::npos) << p.dump();
  }
}

// Coverage, siting and export go on past broken features (issue 11, point 1): a building with an
// unclosed ring, a facility and a candidate at NaN are named and left out; the others are counted
// exactly as a hand count says (300 households, one within 300 m of the one good office).
TEST(BadInputAnalyses, CoverageSitingAndExportGoOnPastBrokenFeatures) {
  fixtures::TempDir dir;
  write_communities(dir.path());
  auto feature = [](const std::string& properties, const std::string& geometry) {
    return R"({"type":"Feature","properties":{)" + properties + R"(},"geometry":)" + geometry + "}";
  };
  auto point = [](double x, double y) { return fmt::format(R"({{"type":"Point","coordinates":[{},{}]}})", kOx + x, kOy + y); };
  std::ofstream(dir / "buildings.geojson") << collection(
      kCrs4549, {feature(R"("households":100)", polygon(ring(100, 100, 120, 120))),
                 feature(R"("households":200)", polygon(ring(1500, 100, 1520, 120))),
                 feature(R"("households":999)", polygon(fmt::format("[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}]]", kOx + 500, kOy + 500,
                                                                    kOx + 520, kOy + 520)))});
  std::ofstream(dir / "facilities.geojson") << collection(
      kCrs4549, {feature(R"("kind":"community_office","floor_area_m2":300)", point(150, 150)),
                 feature(R"("kind":"community_office","floor_area_m2":300)", R"({"type":"Point","coordinates":[NaN,3350000]})")});
  std::ofstream(dir / "candidates.geojson") << collection(
      kCrs4549, {feature(R"("candidate_id":"C1")", point(1500, 150)),
                 feature(R"("candidate_id":"BAD")", R"({"type":"Point","coordinates":[515000,Infinity]})")});
  std::ofstream(dir / "project.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.buildings]\nsource = \"buildings.geojson\"\n"
                                         "[layers.facilities]\nsource = \"facilities.geojson\"\n[layers.candidates]\nsource = \"candidates.geojson\"\n";
  const auto coverage = cplan("coverage " + (dir / "project.toml").string() + " --kind community_office --distance 300 --straight-line --json",
                              {}, true);
  ASSERT_EQ(coverage.exit_code, 0) << coverage.out;
  const auto j = nlohmann::json::parse(coverage.out);
  double households = 0, covered = 0;
  for (const auto& c : j["communities"]) {
    households += c["households"].get<double>();
    covered += c["households_covered_euclid"].get<double>();
  }
  EXPECT_DOUBLE_EQ(households, 300.0) << "the 999 of the broken building count nowhere";
  EXPECT_DOUBLE_EQ(covered, 100.0);
  const auto with_messages = cplan("coverage " + (dir / "project.toml").string() + " --kind community_office --distance 300 --straight-line");
  EXPECT_NE(with_messages.out.find("buildings (buildings.geojson, layer 'buildings'): error [unusable_geometry]"), std::string::npos)
      << with_messages.out;
  // GDAL reads a point at NaN as an empty point: no geometry, said so.
  EXPECT_NE(with_messages.out.find("facilities (facilities.geojson, layer 'facilities'): warning [no_geometry]: 1 feature(s) have no "
                                   "geometry"),
            std::string::npos)
      << with_messages.out;
  EXPECT_EQ(with_messages.out.find("Warning 1:"), std::string::npos) << "GDAL's own messages are not printed: " << with_messages.out;

  const auto site = cplan("site " + (dir / "project.toml").string() + " --kind community_office --add 1 --distance 300 --straight-line");
  EXPECT_EQ(site.exit_code, 0) << site.out;
  EXPECT_NE(site.out.find("C1"), std::string::npos) << site.out;
  EXPECT_NE(site.out.find("candidates (candidates.geojson, layer 'candidates'): error [unusable_geometry]"), std::string::npos) << site.out;

  const auto exported = cplan("export " + (dir / "project.toml").string() + " --layer buildings,facilities --format gpkg --out " +
                              (dir / "out.gpkg").string());
  EXPECT_EQ(exported.exit_code, 0) << exported.out;
  geo::OpenedSource out = geo::open_vector_source((dir / "out.gpkg").string());
  EXPECT_EQ(out.dataset->GetLayerByName("buildings")->GetFeatureCount(), 2);
  EXPECT_EQ(out.dataset->GetLayerByName("facilities")->GetFeatureCount(), 2);  // exported as it is, without geometry
  for (auto& f : *out.dataset->GetLayerByName("facilities"))
    if (const OGRGeometry* g = f->GetGeometryRef(); g && !g->IsEmpty()) {
      OGREnvelope e;
      g->getEnvelope(&e);
      EXPECT_TRUE(std::isfinite(e.MinX) && std::isfinite(e.MinY));
    }
}

// A .prj that is no CRS and a GeoPackage srs_id missing from its table are named, never taken as
// WGS 84; the project may declare the CRS instead, and then the layer is read.
TEST(BadInputCrs, UnreadablePrjAndUnknownSrsIdAreNamed) {
  fixtures::TempDir dir;
  write_communities(dir.path());
  const fixtures::LayerFixture plots = compliant_plots({"P1"});
  fixtures::LayerFixture short_names = plots;  // a .dbf holds 10-byte names
  short_names.creation_options = {"ENCODING=UTF-8"};
  short_names.fields = {{"plot_id", OFTString}, {"households", OFTInteger}, {"gfa", OFTReal}, {"reserved", OFTReal}};
  short_names.features[0].fields = {{"plot_id", "P1"}, {"households", "300"}, {"gfa", "30000"}, {"reserved", "300"}};
  fixtures::write_layer("ESRI Shapefile", dir / "plots.shp", short_names);
  std::ofstream(dir / "plots.prj", std::ios::trunc) << "this is not a projection";
  const auto info = cplan("info " + (dir / "plots.shp").string());
  EXPECT_NE(info.out.find("its .prj (plots.prj) is not a CRS definition GDAL reads: it begins 'this is not a projection'"), std::string::npos)
      << info.out;
  EXPECT_EQ(info.out.find("CRS:    WGS 84"), std::string::npos) << info.out;
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"communities.geojson\"\n[layers.plots]\nsource = \"plots.shp\"\n";
  const auto refused = cplan("check " + (dir / "p.toml").string());
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find("declare the CRS under [layers.plots]"), std::string::npos) << refused.out;
  std::ofstream(dir / "p.toml", std::ios::app) << "crs = \"EPSG:4549\"\n[layers.plots.fields]\ngross_floor_area_m2 = \"gfa\"\n"
                                                  "reserved_office_m2 = \"reserved\"\n";
  const auto declared = cplan("check " + (dir / "p.toml").string());
  EXPECT_EQ(declared.exit_code, 0) << declared.out;

  fixtures::write_layer("GPKG", dir / "plots.gpkg", plots);
  {
    geo::OpenedSource gpkg = geo::open_vector_source((dir / "plots.gpkg").string(), {.update = true});
    gpkg.dataset->ExecuteSQL("UPDATE gpkg_geometry_columns SET srs_id = 77777", nullptr, nullptr);
    gpkg.dataset->ExecuteSQL("UPDATE gpkg_contents SET srs_id = 77777", nullptr, nullptr);
  }
  const auto gpkg_info = cplan("info " + (dir / "plots.gpkg").string());
  EXPECT_NE(gpkg_info.out.find("the CRS the file declares cannot be read"), std::string::npos) << gpkg_info.out;
  EXPECT_NE(gpkg_info.out.find("77777"), std::string::npos) << gpkg_info.out;
}

}  // namespace
