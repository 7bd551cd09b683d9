// cplan as a user runs it: exit codes, messages, and output on the demo city and broken files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "../support/fixtures.h"
#include "geo/gdal_io.h"

namespace {

namespace fs = std::filesystem;

struct CplanRun {
  int exit_code;
  std::string out;  // stdout and stderr together
};

// A shell command's exit code and what it printed (the command decides where stderr goes).
CplanRun run_shell(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

CplanRun cplan(const std::string& args, const fs::path& cache_dir = {}, bool stdout_only = false) {
  std::string command;
  if (!cache_dir.empty()) command += "XDG_CACHE_HOME='" + cache_dir.string() + "' ";
  command += std::string("'") + CPLAN_BINARY + "' " + args + (stdout_only ? " 2>/dev/null" : " 2>&1");
  return run_shell(command);
}

TEST(Cplan, VersionNamesTheLibraries) {
  const CplanRun r = cplan("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("GDAL 3."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("GEOS"), std::string::npos) << r.out;
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

TEST(Cplan, CtrlCDuringGenerationLeavesNothing) {
  fixtures::TempDir dir;
  // The city takes seconds to write; the interrupt lands in the middle of it.
  const std::string script = std::string("'") + CPLAN_BINARY + "' generate --scale city --out '" + dir.path().string() +
                             "' >/dev/null 2>&1 & pid=$!; sleep 1; kill -s INT $pid; wait $pid";
  const int status = std::system(script.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(fs::is_empty(dir.path()));
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
  plots.features = {{"POLYGON ((515100 3350100, 515200 3350100, 515200 3350200, 515100 3350100))", {{"户数", "1000"}, {"建筑面积", "100000"}, {"社区用房面积", "300"}}}};
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
  const CplanRun unknown = cplan("coverage --kind swimming_pool", cache.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("--distance"), std::string::npos) << unknown.out;
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
  // The verdicts GDAL reads back are those `cplan check` prints for the same rules.
  const CplanRun check = cplan("check --rules hangzhou --json", cache.path(), true);
  const auto review = nlohmann::json::parse(check.out);
  std::map<std::string, std::string> verdict_of;
  for (const auto& p : review["plots"]) verdict_of[p["plot_id"].get<std::string>()] = p["verdict"].get<std::string>();
  auto src = geo::open_vector_source(shp.string());
  std::size_t read = 0;
  for (auto& f : *src.dataset->GetLayer(0)) {
    EXPECT_EQ(verdict_of[f->GetFieldAsString("plot_id")], f->GetFieldAsString("verdict")) << f->GetFieldAsString("plot_id");
    ++read;
  }
  EXPECT_EQ(read, verdict_of.size());
  const CplanRun again = cplan(args, cache.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("exists already; pass --overwrite"), std::string::npos) << again.out;
  EXPECT_EQ(cplan(args + " --overwrite", cache.path()).exit_code, 0);
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
  // Read by poppler, not by us: the review, the rules with their sources, the services, the CRS.
  const std::string text = run_tool("pdftotext '" + pdf.string() + "' -");
  const CplanRun check = cplan("check --rules hangzhou --json", cache.path(), true);
  const auto review = nlohmann::json::parse(check.out);
  nlohmann::json plot;
  for (const auto& p : review["plots"])
    if (p["plot_id"] == "P00001") plot = p;
  ASSERT_FALSE(plot.is_null());
  for (const std::string& expected :
       {std::string("Plot P00001"), plot["verdict"].get<std::string>(), plot["rule_id"].get<std::string>(),
        plot["community_id"].get<std::string>(), std::string("yuhang_rooms_per_households"), std::string("kindergarten"),
        std::string("GB 50180"), std::string("EPSG:4549"), std::string("Data sources and coordinate reference system"),
        std::string("Services within reach of the plot's households"), std::string("Rules applied to the plot"), std::string("demo-v2-seed2000.gpkg, layer 'plots'"), std::string("[unverified]")})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
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

  // A street office asks for one community's plots, by its Chinese name.
  const std::string community = plot["community_id"].get<std::string>();
  std::size_t in_community = 0;
  std::string community_name;
  for (const auto& c : review["communities"])
    if (c["community_id"] == community) community_name = c["name"].get<std::string>();
  for (const auto& p : review["plots"])
    if (p.contains("community_id") && p["community_id"] == community) ++in_community;
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
  for (const auto& p : review["plots"]) EXPECT_NE(all_text.find("Plot " + p["plot_id"].get<std::string>()), std::string::npos);
  const std::string all_info = run_tool("pdfinfo '" + (out / "all.pdf").string() + "'");
  const auto pages = all_info.find("Pages:");
  ASSERT_NE(pages, std::string::npos);
  EXPECT_GE(std::stoi(all_info.substr(pages + 6)), 48);  // a map page and at least one more per plot
}

TEST(CplanReport, CtrlCLeavesNoPartialPdf) {
  fixtures::TempDir dir;
  ASSERT_EQ(cplan("generate --scale district --out '" + dir.path().string() + "' --name d").exit_code, 0);
  // 500 plots take several seconds to lay out; the interrupt lands in the middle.
  const std::string script = std::string("'") + CPLAN_BINARY + "' report '" + (dir / "d.toml").string() + "' --out '" +
                             (dir / "审批.pdf").string() + "' >/dev/null 2>&1 & pid=$!; sleep 2; kill -s INT $pid; wait $pid";
  const int status = std::system(script.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir.path())) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"d.gpkg", "d.toml"}));  // no PDF, no temporary file
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
