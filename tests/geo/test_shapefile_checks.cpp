// Shapefiles whose files contradict each other, made by writing a good one with GDAL and then
// changing the bytes the format's description (ESRI, 1998; dBase III) says hold the counts,
// types and flags. Each case is checked against an independent reading: GDAL's own count of what
// it reads, or the bytes the test wrote.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/inspect.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/rules.h"
#include "geo/shapefile_checks.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

std::string square(double x0) {
  return fmt::format("POLYGON (({0} 3350100, {1} 3350100, {1} 3350300, {0} 3350300, {0} 3350100))", 515100 + x0, 515300 + x0);
}

// Three plots of 300 households, 30,000 m², 300 m² reserved; households 9 digits wide.
fs::path write_plots(const TempDir& dir) {
  LayerFixture plots{"plots", wkbPolygon, 4549,
                     {{"plot_id", OFTString}, {"households", OFTInteger}, {"gfa", OFTReal}, {"reserved", OFTReal}}, {}, {"ENCODING=UTF-8"}};
  for (int i = 0; i < 3; ++i)
    plots.features.push_back({square(i * 300.0), {{"plot_id", fmt::format("P{}", i)}, {"households", "300"}, {"gfa", "30000"}, {"reserved", "300"}}});
  return fixtures::write_layer("ESRI Shapefile", dir / "plots.shp", plots);
}

void write_bytes(const fs::path& p, const std::string& b) { std::ofstream(p, std::ios::binary | std::ios::trunc) << b; }
std::uint32_t u16(const std::string& b, std::size_t at) { return static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8); }
void put_u32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) b[at + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
}

const geo::Finding* find(const std::vector<geo::Finding>& fs, const std::string& code) {
  for (const auto& f : fs)
    if (f.code == code) return &f;
  return nullptr;
}

std::int64_t gdal_feature_count(const fs::path& shp) {
  geo::OpenedSource s = geo::open_vector_source(shp.string());
  std::int64_t n = 0;
  for (auto& f : *s.dataset->GetLayer(0)) n += f ? 1 : 0;
  return n;
}

TEST(ShapefileChecks, AGoodShapefileHasNoFindings) {
  TempDir dir;
  const auto c = geo::check_shapefile(write_plots(dir).string());
  EXPECT_TRUE(c.findings.empty()) << c.findings.front().message;
  EXPECT_FALSE(c.attributes_unpaired);
}

TEST(ShapefileChecks, DbfWithFewerRecordsThanShapesIsRefusedByTheProject) {
  TempDir dir;
  const fs::path shp = write_plots(dir);
  std::string dbf = fixtures::read_bytes(dir / "plots.dbf");
  put_u32(dbf, 4, 2);
  write_bytes(dir / "plots.dbf", dbf.substr(0, u16(dbf, 8) + 2 * u16(dbf, 10)));
  const auto c = geo::check_shapefile(shp.string());
  const geo::Finding* f = find(c.findings, "record_counts_disagree");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find(".shp 3, .shx 3, .dbf 2"), std::string::npos) << f->message;
  EXPECT_TRUE(c.attributes_unpaired);
  std::ofstream(dir / "p.toml") << "[layers.plots]\nsource = \"plots.shp\"\n[layers.plots.fields]\ngross_floor_area_m2 = \"gfa\"\n"
                                   "reserved_office_m2 = \"reserved\"\n";
  try {
    geo::load_project(geo::read_project(dir / "p.toml"));
    FAIL() << "a Shapefile whose attributes cannot be paired with its shapes is refused";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("plots.shp"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("paired with the wrong shapes"), std::string::npos) << e.what();
  }
}

TEST(ShapefileChecks, DbfHeaderThatLiesAboutItsRecordCount) {
  TempDir dir;
  const fs::path shp = write_plots(dir);
  std::string dbf = fixtures::read_bytes(dir / "plots.dbf");
  put_u32(dbf, 4, 50);
  write_bytes(dir / "plots.dbf", dbf);
  const auto c = geo::check_shapefile(shp.string());
  const geo::Finding* f = find(c.findings, "dbf_header_lies");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("says it holds 50 records but the file has room for 3"), std::string::npos) << f->message;
}

TEST(ShapefileChecks, MissingDbfAndMissingShxAreNamed) {
  TempDir dir;
  const fs::path shp = write_plots(dir);
  fs::remove(dir / "plots.dbf");
  const auto without_dbf = geo::check_shapefile(shp.string());
  EXPECT_NE(find(without_dbf.findings, "dbf_missing"), nullptr);
  TempDir other;
  const fs::path shp2 = write_plots(other);
  fs::remove(other / "plots.shx");
  try {
    geo::inspect_source(shp2.string());
    FAIL() << "a Shapefile without .shx cannot be read";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no .shx beside it"), std::string::npos) << e.what();
  }
}

// A record flagged deleted ('*' in its first byte) is skipped by GDAL: one fewer feature than shapes.
TEST(ShapefileChecks, DeletedRecordsAreCountedAsGdalSkipsThem) {
  TempDir dir;
  const fs::path shp = write_plots(dir);
  std::string dbf = fixtures::read_bytes(dir / "plots.dbf");
  dbf[u16(dbf, 8) + u16(dbf, 10)] = '*';
  write_bytes(dir / "plots.dbf", dbf);
  const auto c = geo::check_shapefile(shp.string());
  const geo::Finding* f = find(c.findings, "dbf_deleted_records");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("1 record(s) marked deleted (first: record 1)"), std::string::npos) << f->message;
  EXPECT_EQ(gdal_feature_count(shp), 2);
}

TEST(ShapefileChecks, CpgNamingAnUnknownEncoding) {
  TempDir dir;
  const fs::path shp = write_plots(dir);
  std::ofstream(dir / "plots.cpg") << "KLINGON-8\n";
  const auto unknown = geo::check_shapefile(shp.string());
  const geo::Finding* f = find(unknown.findings, "cpg_unknown");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("'KLINGON-8'"), std::string::npos) << f->message;
  std::ofstream(dir / "plots.cpg", std::ios::trunc) << "936";  // a code page number GDAL takes
  const auto known = geo::check_shapefile(shp.string());
  EXPECT_EQ(find(known.findings, "cpg_unknown"), nullptr);
}

TEST(ShapefileChecks, HeaderShapeTypeThatTheRecordsContradict) {
  TempDir dir;
  const fs::path shp = write_plots(dir);
  std::string b = fixtures::read_bytes(shp);
  put_u32(b, 32, 1);  // Point, over records of Polygon
  write_bytes(shp, b);
  const auto c = geo::check_shapefile(shp.string());
  const geo::Finding* f = find(c.findings, "shp_type_contradicted");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("header says its shapes are Point but its records hold 3 Polygon"), std::string::npos) << f->message;
}

// A dBase writer that cannot fit a number fills the field with asterisks, as it does for an empty
// one; it is not 0 and not a truncated number: the plot is unchecked and says why, the others are
// reviewed.
TEST(ShapefileChecks, OverflowAsterisksMakeThePlotUncheckedNotZero) {
  TempDir dir;
  const fs::path shp = write_plots(dir);
  std::string dbf = fixtures::read_bytes(dir / "plots.dbf");
  const std::size_t households_at = u16(dbf, 8) + u16(dbf, 10) * 1 + 1 + static_cast<unsigned char>(dbf[32 + 16]);
  const std::size_t width = static_cast<unsigned char>(dbf[64 + 16]);
  dbf.replace(households_at, width, std::string(width, '*'));
  write_bytes(dir / "plots.dbf", dbf);
  const auto c = geo::check_shapefile(shp.string());
  ASSERT_EQ(c.overflows.size(), 1u);
  EXPECT_EQ(c.overflows[0].record, 1);
  EXPECT_EQ(c.overflows[0].field, "households");

  LayerFixture communities{"communities", wkbPolygon, 4549, {{"name", OFTString}},
                           {{"POLYGON ((515000 3350000, 517000 3350000, 517000 3351000, 515000 3351000, 515000 3350000))", {{"name", "翠苑社区"}}}}, {}};
  fixtures::write_layer("GPKG", dir / "c.gpkg", communities);
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"c.gpkg\"\n[layers.plots]\nsource = \"plots.shp\"\n"
                                   "[layers.plots.fields]\ngross_floor_area_m2 = \"gfa\"\nreserved_office_m2 = \"reserved\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  const geo::Review r = geo::review_plots(p, geo::load_rule_pack(geo::resolve_rule_pack("national")));
  ASSERT_EQ(r.plots.size(), 3u);
  EXPECT_EQ(r.plots[1].verdict, geo::Verdict::Unchecked);
  EXPECT_NE(r.plots[1].reason.find("households is asterisks in the .dbf: empty, or a number too wide for its field"), std::string::npos)
      << r.plots[1].reason;
  EXPECT_EQ(r.count(geo::Verdict::Compliant), 2);
  EXPECT_DOUBLE_EQ(r.communities[0].households_planned, 600.0);  // not 900, not 600 + a made-up number
}

}  // namespace
