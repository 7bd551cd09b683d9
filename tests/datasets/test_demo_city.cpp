// The demo city generator: deterministic, plausible, with the flaws real data carries.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

#include <filesystem>
#include <map>
#include <set>

#include "../support/fixtures.h"
#include "datasets/demo_city.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/project.h"

namespace {

namespace fs = std::filesystem;
using fixtures::TempDir;

// Every feature of every layer as text: geometry WKT and attribute values.
std::string dump(const fs::path& gpkg) {
  auto source = geo::open_vector_source(gpkg.string());
  std::string out;
  for (int i = 0; i < source.dataset->GetLayerCount(); ++i) {
    OGRLayer* layer = source.dataset->GetLayer(i);
    out += std::string("#") + layer->GetName() + "\n";
    for (auto& f : *layer) {
      char* wkt = nullptr;
      f->GetGeometryRef()->exportToWkt(&wkt);
      out += wkt;
      CPLFree(wkt);
      for (int k = 0; k < f->GetFieldCount(); ++k) out += std::string("|") + f->GetFieldAsString(k);
      out += "\n";
    }
  }
  return out;
}

TEST(DemoCity, SameSeedSameCityOtherSeedOtherCity) {
  TempDir a, b;
  const auto first = datasets::generate_city(datasets::Scale::Demo, 7, a.path(), "city");
  const auto second = datasets::generate_city(datasets::Scale::Demo, 7, b.path(), "city");
  const std::string text = dump(first.gpkg);
  EXPECT_GT(text.size(), 10000u);
  EXPECT_EQ(text, dump(second.gpkg));
  const auto other = datasets::generate_city(datasets::Scale::Demo, 8, b.path(), "other");
  EXPECT_NE(text, dump(other.gpkg));
}

TEST(DemoCity, WritesWholeFilesOnlyAndNothingWhenCancelled) {
  TempDir dir;
  geo::Feedback cancelled;
  cancelled.cancel();
  EXPECT_THROW(datasets::generate_city(datasets::Scale::Demo, 1, dir.path(), "c", &cancelled), geo::Cancelled);
  EXPECT_TRUE(fs::is_empty(dir.path()));
  datasets::generate_city(datasets::Scale::Demo, 1, dir.path(), "c");
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"c.gpkg", "c.toml"}));
}

class DemoCityContent : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const auto city = datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_->path(), "demo");
    project_ = new geo::Project(geo::load_project(geo::read_project(city.project)));
  }
  static void TearDownTestSuite() {
    delete project_;
    delete dir_;
  }
  static const geo::LayerData& layer(geo::Role r) { return *project_->layer(r); }
  static TempDir* dir_;
  static geo::Project* project_;
};
TempDir* DemoCityContent::dir_ = nullptr;
geo::Project* DemoCityContent::project_ = nullptr;

TEST_F(DemoCityContent, HasEveryRoleInHangzhouZone) {
  EXPECT_EQ(project_->working_epsg, 4549);
  for (geo::Role r : geo::kAllRoles) EXPECT_GT(layer(r).size(), 0u) << geo::to_string(r);
  const auto communities = layer(geo::Role::Communities).size();
  EXPECT_GE(communities, 20u);
  EXPECT_LE(communities, 30u);
}

TEST_F(DemoCityContent, CommunitiesArePlausibleInAreaHouseholdsAndNames) {
  const auto& communities = layer(geo::Role::Communities);
  const auto& buildings = layer(geo::Role::Buildings);
  geo::GeosContext ctx;
  std::vector<geo::GeosGeometry> shapes;
  std::vector<geo::GeosPrepared> prepared;
  std::set<std::string> names;
  for (std::size_t i = 0; i < communities.size(); ++i) {
    const double km2 = geo::area(communities.geometries[i]) / 1e6;
    EXPECT_GE(km2, 0.5) << i;
    EXPECT_LE(km2, 1.5) << i;
    const std::string name = communities.text(i, "name");
    EXPECT_NE(name.find("社区"), std::string::npos) << name;
    names.insert(name);
    shapes.push_back(ctx.from_geometry(communities.geometries[i]));
    prepared.push_back(ctx.prepare(shapes.back().get()));
  }
  EXPECT_EQ(names.size(), communities.size());
  std::vector<double> households(communities.size(), 0.0);
  for (std::size_t b = 0; b < buildings.size(); ++b) {
    auto centroid = ctx.own(GEOSGetCentroid_r(ctx.handle(), ctx.from_geometry(buildings.geometries[b]).get()), "centroid");
    std::size_t inside = 0;
    for (std::size_t c = 0; c < prepared.size(); ++c) {
      if (GEOSPreparedContains_r(ctx.handle(), prepared[c].get(), centroid.get()) == 1) {
        households[c] += buildings.number(b, "households").value_or(0);
        ++inside;
      }
    }
    EXPECT_EQ(inside, 1u) << "building " << b << " should lie in exactly one community";
  }
  for (double h : households) {
    EXPECT_GE(h, 1000.0);
    EXPECT_LE(h, 4000.0);
  }
}

TEST_F(DemoCityContent, CommunitiesTileWithoutOverlap) {
  const auto& communities = layer(geo::Role::Communities);
  geo::GeosContext ctx;
  double total = 0.0;
  std::vector<geo::GeosGeometry> shapes;
  for (const auto& g : communities.geometries) {
    shapes.push_back(ctx.from_geometry(g));
    total += geo::area(g);
  }
  auto united = ctx.own(GEOSUnaryUnion_r(ctx.handle(), ctx.from_geometry(geo::Geometry{geo::GeometryKind::MultiPolygon, [&] {
                                                                              std::vector<std::vector<geo::Path>> parts;
                                                                              for (const auto& g : communities.geometries) parts.push_back(g.parts[0]);
                                                                              return parts;
                                                                            }()})
                                                             .get()),
                        "union");
  EXPECT_NEAR(ctx.area(united.get()), total, total * 1e-9);  // no overlaps
  EXPECT_EQ(GEOSGeomTypeId_r(ctx.handle(), united.get()), GEOS_POLYGON);  // no gaps between them
}

TEST_F(DemoCityContent, RoadsFormOneConnectedGraphWithSharedEndpoints) {
  const auto& roads = layer(geo::Role::Roads);
  std::map<std::pair<double, double>, int> node_ids;
  auto node = [&node_ids](geo::Point p) {
    auto [it, added] = node_ids.emplace(std::pair{p.x, p.y}, static_cast<int>(node_ids.size()));
    return it->second;
  };
  std::vector<std::pair<int, int>> edges;
  std::set<std::string> classes;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    const geo::Path& path = roads.geometries[i].parts.at(0).at(0);
    edges.emplace_back(node(path.front()), node(path.back()));
    classes.insert(roads.text(i, "road_class"));
  }
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> graph(node_ids.size());
  for (auto [a, b] : edges) boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b), graph);
  std::vector<int> component(node_ids.size());
  EXPECT_EQ(boost::connected_components(graph, component.data()), 1);
  // Exact shared endpoints: crossings are where several segments meet.
  std::vector<int> degree(node_ids.size(), 0);
  for (auto [a, b] : edges) ++degree[static_cast<std::size_t>(a)], ++degree[static_cast<std::size_t>(b)];
  EXPECT_GT(std::count(degree.begin(), degree.end(), 4), 100);
  for (const char* c : {"primary", "secondary", "residential", "footway", "motorway"}) EXPECT_TRUE(classes.count(c)) << c;
}

TEST_F(DemoCityContent, PlotsCarryTheFlawsAndTheMixAReviewNeeds) {
  const auto& plots = layer(geo::Role::Plots);
  const auto& communities = layer(geo::Role::Communities);
  geo::GeosContext ctx;
  std::vector<geo::GeosGeometry> community_shapes;
  for (const auto& g : communities.geometries) community_shapes.push_back(ctx.from_geometry(g));
  int invalid = 0, outside = 0, straddling = 0, compliant = 0, short_of = 0, missing_households = 0;
  for (std::size_t i = 0; i < plots.size(); ++i) {
    if (plots.invalid_reasons[i]) {
      ++invalid;
      continue;
    }
    auto plot = ctx.from_geometry(plots.geometries[i]);
    const double plot_area = ctx.area(plot.get());
    int communities_touched = 0;
    for (const auto& c : community_shapes) {
      auto overlap = ctx.intersection(plot.get(), c.get());
      if (ctx.area(overlap.get()) > 0.05 * plot_area) ++communities_touched;
    }
    outside += communities_touched == 0;
    straddling += communities_touched >= 2;
    const auto households = plots.number(i, "households");
    if (!households) {
      ++missing_households;
      continue;
    }
    // The national baseline: 30 m² per 100 households.
    (plots.number(i, "reserved_office_m2").value() >= 0.3 * *households ? compliant : short_of)++;
  }
  EXPECT_EQ(invalid, 1);
  EXPECT_EQ(outside, 1);
  // Development plots do not overlap one another.
  std::vector<geo::GeosGeometry> valid;
  for (std::size_t i = 0; i < plots.size(); ++i)
    if (!plots.invalid_reasons[i]) valid.push_back(ctx.from_geometry(plots.geometries[i]));
  for (std::size_t a = 0; a < valid.size(); ++a)
    for (std::size_t b = a + 1; b < valid.size(); ++b)
      EXPECT_LT(ctx.area(ctx.intersection(valid[a].get(), valid[b].get()).get()), 1e-6) << a << " and " << b;
  EXPECT_GE(straddling, 2);
  EXPECT_EQ(missing_households, 1);
  EXPECT_GE(compliant, 3);
  EXPECT_GE(short_of, 3);
}

TEST_F(DemoCityContent, EveryCommunityHasAnOfficeAndKindsAreKnown) {
  const auto& facilities = layer(geo::Role::Facilities);
  std::map<std::string, int> kinds;
  for (std::size_t i = 0; i < facilities.size(); ++i) ++kinds[facilities.text(i, "kind")];
  EXPECT_EQ(kinds["community_office"], static_cast<int>(layer(geo::Role::Communities).size()));
  for (const char* k : {"health_station", "kindergarten", "elderly_care", "market"}) EXPECT_GT(kinds[k], 0) << k;
  EXPECT_TRUE(facilities.findings.empty());
}

TEST(DistrictCity, CountsMatchTheScale) {
  TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::District, 3, dir.path(), "district");
  const auto& c = city.counts;
  EXPECT_EQ(c.communities, 50);
  EXPECT_NEAR(static_cast<double>(c.buildings), 20000, 1000);
  EXPECT_EQ(c.plots, 500);
  EXPECT_NEAR(static_cast<double>(c.facilities), 300, 100);
  EXPECT_NEAR(static_cast<double>(c.road_segments), 20000, 2000);
  EXPECT_EQ(c.candidates, 500);
}

}  // namespace
