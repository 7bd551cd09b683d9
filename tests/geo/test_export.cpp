// Export: round trips through GDAL in every format, Shapefile field names and encodings, QGIS
// styles in GeoPackage, DXF layers and text, and nothing half-written when a write fails.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/export.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"
#include "geo/style.h"

namespace {

namespace fs = std::filesystem;
using fixtures::TempDir;

// Two plots in Hangzhou's zone (EPSG:4549): one with a courtyard (a hole), one of two parts;
// Chinese text, whole numbers, decimals and a missing value.
geo::LayerData sample_layer() {
  geo::LayerData l;
  l.role = geo::Role::Plots;
  l.fids = {1, 2};
  geo::Geometry with_hole;
  with_hole.kind = geo::GeometryKind::Polygon;
  with_hole.parts = {{{{515000.25, 3350000.5}, {516000, 3350000}, {516000, 3351000.75}, {515000, 3351000}, {515000.25, 3350000.5}},
                      {{515400, 3350400}, {515400, 3350600}, {515600, 3350600}, {515600, 3350400}, {515400, 3350400}}}};
  geo::Geometry two_parts;
  two_parts.kind = geo::GeometryKind::MultiPolygon;
  two_parts.parts = {{{{516000, 3350000}, {517000, 3350000}, {517000, 3351000}, {516000, 3350000}}},
                     {{{518000, 3350000}, {518500, 3350000}, {518500, 3350500}, {518000, 3350000}}}};
  l.geometries = {with_hole, two_parts};
  l.invalid_reasons.resize(2);
  l.column_order = {"plot_id", "社区名称", "households", "office_area_m2"};
  l.columns["plot_id"] = {std::string("P-1"), std::string("P-2")};
  l.columns["社区名称"] = {std::string("翠苑社区"), std::string("文新社区")};
  l.columns["households"] = {std::int64_t{3816}, std::int64_t{2100}};
  l.columns["office_area_m2"] = {110.5, geo::Value{}};
  return l;
}

geo::Geometry read_geometry(OGRFeature& f) { return geo::from_ogr(*f.GetGeometryRef()); }

void expect_same_geometry(const geo::Geometry& expected, const geo::Geometry& got, double tolerance) {
  ASSERT_EQ(got.parts.size(), expected.parts.size());
  for (std::size_t p = 0; p < expected.parts.size(); ++p) {
    ASSERT_EQ(got.parts[p].size(), expected.parts[p].size());
    for (std::size_t r = 0; r < expected.parts[p].size(); ++r) {
      const auto& a = expected.parts[p][r];
      const auto& b = got.parts[p][r];
      ASSERT_EQ(a.size(), b.size());
      // Ring orientation may be turned by a format's convention (KML, GeoJSON RFC 7946): the
      // same vertices, possibly in reverse.
      const bool same = [&] {
        for (std::size_t i = 0; i < a.size(); ++i)
          if (std::abs(a[i].x - b[i].x) > tolerance || std::abs(a[i].y - b[i].y) > tolerance) return false;
        return true;
      }();
      const bool reversed = [&] {
        for (std::size_t i = 0; i < a.size(); ++i)
          if (std::abs(a[i].x - b[a.size() - 1 - i].x) > tolerance || std::abs(a[i].y - b[a.size() - 1 - i].y) > tolerance) return false;
        return true;
      }();
      EXPECT_TRUE(same || reversed) << "part " << p << " ring " << r;
    }
  }
}

int epsg_of(OGRLayer& layer) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (!srs) return 0;
  char* wkt = nullptr;
  srs->exportToWkt(&wkt);
  const std::string text = wkt;
  CPLFree(wkt);
  geo::ProjContext proj;
  return geo::describe_crs(proj, text).epsg.value_or(0);
}

// Each format read back by GDAL: same geometries (within the format's precision), same
// attributes, the CRS recognised as the same EPSG code.
struct FormatCase {
  std::string format;
  std::string file;
  int epsg;          // expected CRS of the file
  double tolerance;  // in the file's units
};

class RoundTrip : public ::testing::TestWithParam<FormatCase> {};

TEST_P(RoundTrip, GeometriesAttributesAndCrsSurvive) {
  const FormatCase c = GetParam();
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  geo::ExportOptions options{.format = c.format};
  const auto r = geo::export_layers({{.name = "plots", .data = &sample}}, 4549, dir / c.file, options);
  auto src = geo::open_vector_source((dir / c.file).string());
  OGRLayer* layer = src.dataset->GetLayer(0);
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetFeatureCount(), 2);
  EXPECT_EQ(epsg_of(*layer), c.epsg);

  std::map<std::string, std::string> in_file;  // full name -> name in the file
  for (const auto& [full, fitted] : r.renamed_fields) in_file[full] = fitted;
  geo::ProjContext proj;
  geo::Transformer to_file(proj, "EPSG:4549", geo::epsg_definition(c.epsg));
  std::size_t seen = 0;
  for (auto& f : *layer) {
    const std::string id = f->GetFieldAsString("plot_id");
    const std::size_t i = id == "P-1" ? 0 : 1;
    ASSERT_TRUE(id == "P-1" || id == "P-2") << id;
    geo::Geometry expected = sample.geometries[i];
    to_file.forward(expected);
    expect_same_geometry(expected, read_geometry(*f), c.tolerance);
    for (const auto& [name, column] : sample.columns) {
      const std::string field = in_file.count(name) ? in_file[name] : name;
      const int index = f->GetFieldIndex(field.c_str());
      ASSERT_GE(index, 0) << field;
      if (std::holds_alternative<std::monostate>(column[i])) {
        EXPECT_FALSE(f->IsFieldSetAndNotNull(index)) << field;
      } else if (auto d = std::get_if<double>(&column[i])) {
        EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(index), *d) << field;
      } else {
        EXPECT_EQ(f->GetFieldAsString(index), geo::value_to_string(column[i])) << field;
      }
    }
    ++seen;
  }
  EXPECT_EQ(seen, 2u);
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, RoundTrip,
                         ::testing::Values(FormatCase{"gpkg", "地块.gpkg", 4549, 1e-9}, FormatCase{"shp", "地块.shp", 4549, 1e-9},
                                           FormatCase{"geojson", "地块.geojson", 4549, 1e-6},
                                           // KML is WGS 84 longitude/latitude: 1e-8 degrees is about a millimetre.
                                           FormatCase{"kml", "地块.kml", 4326, 1e-8}),
                         [](const auto& case_info) { return case_info.param.format; });

TEST(ExportLayer, GeoJsonInTheCrsTheUserNames) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.geojson", {.format = "geojson", .crs = "EPSG:4490"});
  auto src = geo::open_vector_source((dir / "c.geojson").string());
  EXPECT_EQ(epsg_of(*src.dataset->GetLayer(0)), 4490);
  OGREnvelope env;
  ASSERT_EQ(src.dataset->GetLayer(0)->GetExtent(&env), OGRERR_NONE);
  EXPECT_NEAR(env.MinX, 120.15, 0.05);  // longitude first in EPSG:4490 (traditional GIS order)
  EXPECT_NEAR(env.MinY, 30.27, 0.05);
}

TEST(ExportLayer, KmlRefusesAnotherCrs) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  EXPECT_THROW(geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.kml", {.format = "kml", .crs = "EPSG:4549"}), geo::Error);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(FitFieldName, TenBytesOnCharacterBoundariesAndUnique) {
  EXPECT_EQ(geo::fit_field_name("社区名称", "UTF-8", {}), "社区名");  // 12 bytes -> 9, not cut mid-character
  EXPECT_EQ(geo::fit_field_name("社区名称", "GBK", {}), "社区名称");  // 8 bytes in GBK
  EXPECT_EQ(geo::fit_field_name("社区用房面积", "GBK", {}), "社区用房面");
  EXPECT_EQ(geo::fit_field_name("community_id", "UTF-8", {}), "community_");
  EXPECT_EQ(geo::fit_field_name("community_name", "UTF-8", {"community_"}), "communit_1");
  EXPECT_EQ(geo::fit_field_name("community_name", "UTF-8", {"community_"}), geo::fit_field_name("community_name", "UTF-8", {"community_"}));
}

TEST(ExportLayer, ShapefileInGbkWithPrjCpgAndFittedNames) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  geo::export_layers({{.name = "communities", .data = &sample}}, 4549, dir / "社区.shp", {.format = "shp", .encoding = "GBK"});
  std::ifstream cpg(dir / "社区.cpg");
  std::string encoding;
  cpg >> encoding;
  EXPECT_EQ(encoding, "CP936");
  geo::ProjContext proj;
  std::ifstream prj_file(dir / "社区.prj");
  const std::string prj((std::istreambuf_iterator<char>(prj_file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(geo::describe_crs(proj, prj).epsg, 4549);
  auto src = geo::open_vector_source((dir / "社区.shp").string());
  OGRFeatureUniquePtr f(src.dataset->GetLayer(0)->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("社区名称"), "翠苑社区");  // 8 bytes in GBK: kept whole
  EXPECT_GE(f->GetFieldIndex("office_are"), 0);
  // The bytes in the .dbf are GBK: 翠 is CE B4 there (E7 BF A0 in UTF-8).
  std::ifstream dbf(dir / "社区.dbf", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(dbf)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find("\xB4\xE4\xD4\xB7"), std::string::npos);  // 翠苑 in GBK
  std::ifstream names(dir / "社区.fields.csv");
  const std::string table((std::istreambuf_iterator<char>(names)), std::istreambuf_iterator<char>());
  EXPECT_NE(table.find("office_are,office_area_m2"), std::string::npos);  // the full names beside the file
}

TEST(ExportLayer, ValuesGbkCannotHoldAreRefusedAndNothingIsWritten) {
  TempDir dir;
  geo::LayerData l = sample_layer();
  l.columns["社区名称"][1] = std::string("文新社区😀");
  try {
    geo::export_layers({{.name = "communities", .data = &l}}, 4549, dir / "c.shp", {.format = "shp", .encoding = "GBK"});
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().feature, 2);
    EXPECT_EQ(e.where().field, "社区名称");
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
  EXPECT_NO_THROW(geo::export_layers({{.name = "communities", .data = &l}}, 4549, dir / "c.shp", {.format = "shp", .encoding = "UTF-8"}));
}

TEST(ExportLayer, ShapefileSizesAreKnownBeforeWritingToTheByte) {
  TempDir dir;
  geo::LayerData l = sample_layer();
  l.columns["社区名称"][1] = std::string("文新社区（含西溪花园、文鼎苑）");
  geo::export_layers({{.name = "plots", .data = &l}}, 4549, dir / "p.shp", {.format = "shp", .encoding = "GBK"});
  // The same fields as the export writes them: text as wide as its longest value in GBK.
  const std::vector<geo::ShapefileField> fields = {{"plot_id", OFTString, 3, 0},
                                                   {"社区名称", OFTString, 30, 0},  // 15 characters, 2 bytes each in GBK
                                                   {"households", OFTInteger64, 20, 0},
                                                   {"office_area_m2", OFTReal, 24, 15}};
  const geo::ShapefileSize size = geo::shapefile_size(l, {0, 1}, fields);
  EXPECT_EQ(size.shp, fs::file_size(dir / "p.shp"));
  EXPECT_EQ(size.dbf, fs::file_size(dir / "p.dbf"));
  auto src = geo::open_vector_source((dir / "p.shp").string());
  const OGRFieldDefn* name = src.dataset->GetLayer(0)->GetLayerDefn()->GetFieldDefn(1);
  EXPECT_EQ(name->GetWidth(), 30);
}

TEST(ExportLayer, NumbersInATextColumnAreWrittenWhole) {
  TempDir dir;
  geo::LayerData l = sample_layer();
  l.columns["plot_id"] = {std::string("P"), std::int64_t{123456789}};  // a source column of mixed types
  geo::export_layers({{.name = "plots", .data = &l}}, 4549, dir / "p.shp", {.format = "shp"});
  auto src = geo::open_vector_source((dir / "p.shp").string());
  std::vector<std::string> ids;
  for (auto& f : *src.dataset->GetLayer(0)) ids.push_back(f->GetFieldAsString("plot_id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"P", "123456789"}));
}

TEST(ExportLayer, TextPastTheDbaseLimitIsRefusedNotCut) {
  TempDir dir;
  geo::LayerData l = sample_layer();
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "社";  // 300 bytes in UTF-8, 200 in GBK
  l.columns["社区名称"][0] = long_text;
  try {
    geo::export_layers({{.name = "plots", .data = &l}}, 4549, dir / "p.shp", {.format = "shp"});
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().feature, 1);
    EXPECT_EQ(e.where().field, "社区名称");
    EXPECT_NE(std::string(e.what()).find("254"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
  EXPECT_NO_THROW(geo::export_layers({{.name = "plots", .data = &l}}, 4549, dir / "p.shp", {.format = "shp", .encoding = "GBK"}));
  auto src = geo::open_vector_source((dir / "p.shp").string());
  OGRFeatureUniquePtr f(src.dataset->GetLayer(0)->GetNextFeature());
  EXPECT_EQ(std::string(f->GetFieldAsString("社区名称")), long_text);  // whole, in GBK
}

TEST(ExportLayer, MixedGeometriesSplitIntoOneShapefileEach) {
  TempDir dir;
  geo::LayerData l = sample_layer();
  l.geometries[1] = geo::Geometry::point({516500, 3350500});
  const auto r = geo::export_layers({{.name = "mixed", .data = &l}}, 4549, dir / "m.shp", {.format = "shp"});
  auto points = geo::open_vector_source((dir / "m_point.shp").string());
  auto polygons = geo::open_vector_source((dir / "m_polygon.shp").string());
  EXPECT_EQ(points.dataset->GetLayer(0)->GetFeatureCount(), 1);
  EXPECT_EQ(polygons.dataset->GetLayer(0)->GetFeatureCount(), 1);
  EXPECT_EQ(wkbFlatten(points.dataset->GetLayer(0)->GetGeomType()), wkbPoint);
}

TEST(ExportLayer, SeveralLayersAsShapefilesOneEach) {
  TempDir dir;
  const geo::LayerData plots = sample_layer();
  geo::LayerData sites;
  sites.role = geo::Role::Candidates;
  sites.fids = {7};
  sites.geometries = {geo::Geometry::point({516500, 3350500})};
  sites.invalid_reasons.resize(1);
  sites.columns["site_id"] = {std::string("C-7")};
  const auto r = geo::export_layers({{.name = "plots", .data = &plots}, {.name = "sites", .data = &sites}}, 4549, dir / "审批.shp",
                                    {.format = "shp"});
  auto p = geo::open_vector_source((dir / "审批_plots.shp").string());
  auto s = geo::open_vector_source((dir / "审批_sites.shp").string());
  EXPECT_EQ(p.dataset->GetLayer(0)->GetFeatureCount(), 2);
  EXPECT_EQ(s.dataset->GetLayer(0)->GetFeatureCount(), 1);
  EXPECT_TRUE(fs::exists(dir / "审批_plots.fields.csv"));  // office_area_m2 was fitted
  EXPECT_FALSE(fs::exists(dir / "审批_sites.fields.csv"));  // nothing to fit
  EXPECT_FALSE(fs::exists(dir / "审批.shp"));
}

TEST(ExportLayer, GeoPackageCarriesTheStyleAsQgisLayerStyle) {
  TempDir dir;
  geo::LayerData l = sample_layer();
  l.columns["verdict"] = {std::string("compliant"), std::string("short")};
  geo::LayerStyleSpec style = geo::default_layer_style(geo::Role::Plots);
  style.categorize = "verdict";
  geo::export_layers({{.name = "plots", .data = &l, .style = style}}, 4549, dir / "p.gpkg", {.format = "gpkg"});
  auto src = geo::open_vector_source((dir / "p.gpkg").string());
  OGRLayer* styles = src.dataset->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  OGRFeatureUniquePtr f(styles->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("f_table_name"), "plots");
  EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"), "geom");
  EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
  const std::string qml = f->GetFieldAsString("styleQML");
  EXPECT_NE(qml.find("categorizedSymbol"), std::string::npos);
  EXPECT_NE(qml.find("value=\"short\""), std::string::npos);
  EXPECT_NE(qml.find("215,48,39,255"), std::string::npos);  // #d73027, the colour of short on every map
  EXPECT_NE(qml.find("fieldName=\"plot_id\""), std::string::npos);
}

TEST(ExportLayer, DxfHasOneLayerPerNameAndTheLabelsAsText) {
  TempDir dir;
  geo::LayerData plots = sample_layer();
  plots.columns["verdict"] = {std::string("compliant"), std::string("short")};
  geo::LayerData communities = sample_layer();
  communities.role = geo::Role::Communities;
  communities.columns["name"] = {std::string("翠苑社区"), std::string("文新社区")};
  // The plots as the review exports them: labelled by id, coloured by verdict; both become their text.
  geo::export_layers({{.name = "communities", .data = &communities, .style = geo::default_layer_style(geo::Role::Communities)},
                      {.name = "plots", .data = &plots, .style = geo::result_layer_style("review_plots", geo::Role::Plots)}},
                     4549, dir / "审批.dxf", {.format = "dxf"});
  auto src = geo::open_vector_source((dir / "审批.dxf").string());
  std::map<std::string, std::vector<std::string>> texts;
  std::map<std::string, int> outlines;
  std::vector<geo::Geometry> plot_outlines;
  for (auto& f : *src.dataset->GetLayer(0)) {
    const std::string layer = f->GetFieldAsString("Layer");
    if (wkbFlatten(f->GetGeometryRef()->getGeometryType()) == wkbPoint) {
      texts[layer].push_back(f->GetFieldAsString("Text"));
    } else {
      ++outlines[layer];
      if (layer == "plots") plot_outlines.push_back(read_geometry(*f));
    }
  }
  // Every ring of every plot comes back as an outline with the same vertices (DXF keeps doubles).
  for (const auto& g : plots.geometries)
    for (const auto& part : g.parts)
      for (const auto& ring : part) {
        geo::Geometry expected;
        expected.kind = geo::GeometryKind::LineString;
        expected.parts = {{ring}};
        bool found = false;
        for (const auto& got : plot_outlines)
          if (got.parts.size() == 1 && got.parts[0].size() == 1 && got.parts[0][0].size() == ring.size()) {
            bool same = true;
            for (std::size_t i = 0; i < ring.size(); ++i)
              same = same && std::abs(got.parts[0][0][i].x - ring[i].x) < 1e-6 && std::abs(got.parts[0][0][i].y - ring[i].y) < 1e-6;
            found = found || same;
          }
        EXPECT_TRUE(found) << "a ring of " << ring.size() << " vertices starting at " << ring[0].x << "," << ring[0].y;
      }
  // Outlines, not filled hatches: a ring each (the courtyard too, and both parts of the second plot).
  EXPECT_EQ(outlines["plots"], 4);
  EXPECT_EQ(outlines["communities"], 4);
  EXPECT_EQ(texts["plots"], (std::vector<std::string>{"P-1 compliant", "P-2 short"}));
  EXPECT_EQ(texts["communities"], (std::vector<std::string>{"翠苑社区", "文新社区"}));
}

TEST(ExportLayer, TheFileNameCarriesTheFormat) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  const auto r = geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "社区", {.format = "gpkg"});
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0], dir / "社区.gpkg");
  EXPECT_TRUE(fs::exists(dir / "社区.gpkg"));
  EXPECT_THROW(geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "社区.shp", {.format = "gpkg"}), geo::Error);
  EXPECT_NO_THROW(geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "社区.JSON", {.format = "geojson"}));
}

TEST(ExportLayer, ExistingOutputKeptUnlessOverwrite) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.gpkg", {.format = "gpkg"});
  const auto before = fs::last_write_time(dir / "c.gpkg");
  EXPECT_THROW(geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.gpkg", {.format = "gpkg"}), geo::Error);
  EXPECT_EQ(fs::last_write_time(dir / "c.gpkg"), before);
  EXPECT_NO_THROW(geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.gpkg", {.format = "gpkg", .overwrite = true}));
}

// --- Failure injection: the previous output intact and nothing left behind. ---

// A layer large enough that writing it takes many writes (about 10 MB as GeoPackage).
geo::LayerData large_layer() {
  geo::LayerData l;
  l.role = geo::Role::Buildings;
  l.column_order = {"building_id", "名称"};
  for (int i = 0; i < 40000; ++i) {
    const double x = 500000 + (i % 200) * 20, y = 3340000 + (i / 200) * 20;
    l.fids.push_back(i + 1);
    l.geometries.push_back(geo::Geometry::polygon({{x, y}, {x + 15, y}, {x + 15, y + 15}, {x, y + 15}, {x, y}}));
    l.invalid_reasons.emplace_back();
    l.columns["building_id"].push_back(std::string("B") + std::to_string(i));
    l.columns["名称"].push_back(std::string("文新街道某小区某幢住宅楼"));
  }
  return l;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}


// Runs `job` in a child process (as an unprivileged user when the tests run as root, so that
// permissions hold) and returns its exit status.
int in_child(const std::function<int()>& job, bool drop_root) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (drop_root && geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(90);
    int code = 91;
    try {
      code = job();
    } catch (...) {
      code = 92;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// 0: the export failed with geo::Error naming a file; 1: it succeeded; 2: another exception.
int export_expecting_error(const geo::LayerData& layer, const fs::path& out, const std::string& format, std::string* message) {
  try {
    geo::export_layers({{.name = "buildings", .data = &layer}}, 4549, out, {.format = format, .overwrite = true});
    return 1;
  } catch (const geo::Error& e) {
    if (message) *message = e.what();
    return e.where().file.empty() ? 3 : 0;
  } catch (...) {
    return 2;
  }
}

// Each case: a previous export in a folder, a larger export over it that fails, and then the
// folder exactly as it was. The layer to write is large enough to take many writes.
class FailedExport : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    format_ = GetParam();
    folder_ = dir_ / "审批 材料";
    fs::create_directories(folder_);
    out_ = folder_ / ("审批." + format_);
    const geo::LayerData previous = sample_layer();
    geo::export_layers({{.name = "buildings", .data = &previous}}, 4549, out_, {.format = format_});
    before_ = entries(folder_);
    bytes_ = fixtures::read_bytes(out_);
  }
  void expect_previous_output_intact() const {
    EXPECT_EQ(entries(folder_), before_);
    EXPECT_EQ(fixtures::read_bytes(out_), bytes_);
  }

  TempDir dir_;
  std::string format_;
  fs::path folder_, out_;
  std::vector<std::string> before_;
  std::string bytes_;
  const geo::LayerData layer_ = large_layer();
};

TEST_P(FailedExport, ReadOnlyFolderLeavesThePreviousOutput) {
  chmod(dir_.path().c_str(), 0755);
  chmod(folder_.c_str(), 0555);
  const int status = in_child([&] { return export_expecting_error(layer_, out_, format_, nullptr); }, true);
  chmod(folder_.c_str(), 0755);
  EXPECT_EQ(status, 0);
  expect_previous_output_intact();
}

TEST_P(FailedExport, DiskFullMidwayLeavesThePreviousOutput) {
  // No file may grow past 1 MB: the write fails partway, as on a full disk (EFBIG, not a signal).
  const int status = in_child(
      [&] {
        signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{1 << 20, 1 << 20};
        setrlimit(RLIMIT_FSIZE, &limit);
        std::string message;
        const int r = export_expecting_error(layer_, out_, format_, &message);
        if (r == 0) std::fprintf(stderr, "%s\n", message.c_str());
        // One readable line: no newline, no SQL statement, no more than a sentence or two.
        if (r == 0 && (message.find('\n') != std::string::npos || message.find("INSERT") != std::string::npos || message.size() > 600))
          return 4;
        return r;
      },
      false);
  EXPECT_EQ(status, 0);
  expect_previous_output_intact();
}

TEST_P(FailedExport, CancelledMidwayLeavesThePreviousOutput) {
  geo::Feedback* self = nullptr;
  double cancelled_at = -1;
  geo::Feedback feedback([&](double percent, std::string_view) {
    if (percent >= 40 && cancelled_at < 0) {
      cancelled_at = percent;
      self->cancel();
    }
  });
  self = &feedback;
  EXPECT_THROW(
      geo::export_layers({{.name = "buildings", .data = &layer_}}, 4549, out_, {.format = format_, .overwrite = true}, &feedback),
      geo::Cancelled);
  EXPECT_GE(cancelled_at, 40);
  EXPECT_LT(cancelled_at, 100);
  expect_previous_output_intact();
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, FailedExport, ::testing::Values("gpkg", "shp", "geojson", "kml", "dxf"),
                         [](const auto& case_info) { return case_info.param; });

}  // namespace
