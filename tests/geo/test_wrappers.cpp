// The RAII wrappers over GEOS, PROJ and GDAL: ownership, error translation, thread contexts.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "geo/error.h"
#include "geo/feedback.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/proj.h"
#include "geo/spatial_index.h"

namespace {

TEST(GeosContext, RoundTripsPolygonWithHole) {
  geo::GeosContext ctx;
  const geo::Geometry square = geo::Geometry::polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
                                                      {{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}});
  auto g = ctx.from_geometry(square);
  EXPECT_DOUBLE_EQ(ctx.area(g.get()), 96.0);
  EXPECT_DOUBLE_EQ(geo::area(square), 96.0);
  const geo::Geometry back = ctx.to_geometry(g.get());
  EXPECT_EQ(back.kind, geo::GeometryKind::Polygon);
  ASSERT_EQ(back.parts.size(), 1u);
  EXPECT_EQ(back.parts[0].size(), 2u);
  EXPECT_EQ(back.parts[0][0], square.parts[0][0]);
}

TEST(GeosContext, MultiPolygonAndLinesConvert) {
  geo::GeosContext ctx;
  geo::Geometry multi{geo::GeometryKind::MultiPolygon,
                      {{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}};
  auto g = ctx.from_geometry(multi);
  EXPECT_EQ(ctx.to_wkt(g.get(), 0), "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))");
  auto line = ctx.from_geometry(geo::Geometry::line({{0, 0}, {3, 4}}));
  auto beyond_end = ctx.from_geometry(geo::Geometry::point({0, 10}));
  EXPECT_DOUBLE_EQ(ctx.distance(line.get(), beyond_end.get()), std::sqrt(3.0 * 3.0 + 6.0 * 6.0));  // nearest is (3,4)
  auto beside = ctx.from_geometry(geo::Geometry::point({4, -3}));
  EXPECT_DOUBLE_EQ(ctx.distance(line.get(), beside.get()), 5.0);  // perpendicular foot at the origin
}

TEST(GeosContext, InvalidReasonNamesSelfIntersection) {
  geo::GeosContext ctx;
  auto bow_tie = ctx.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))");
  auto reason = ctx.invalid_reason(bow_tie.get());
  ASSERT_TRUE(reason.has_value());
  EXPECT_NE(reason->find("Self-intersection"), std::string::npos) << *reason;
  auto fine = ctx.from_wkt("POLYGON ((0 0, 10 0, 10 10, 0 0))");
  EXPECT_FALSE(ctx.invalid_reason(fine.get()).has_value());
}

TEST(GeosContext, ParseFailureBecomesErrorWithGeosMessage) {
  geo::GeosContext ctx;
  try {
    ctx.from_wkt("POLYGON ((0 0, 1");
    FAIL() << "expected geo::Error";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("WKT read failed"), std::string::npos) << e.what();
    EXPECT_FALSE(ctx.last_message().empty());
  }
}

TEST(GeosContext, OneContextPerThreadWorksConcurrently) {
  std::vector<double> areas(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < areas.size(); ++t) {
    threads.emplace_back([t, &areas] {
      geo::GeosContext ctx;
      double total = 0;
      for (int i = 0; i < 200; ++i) {
        auto p = ctx.from_geometry(geo::Geometry::point({double(t), 0}));
        auto b = ctx.buffer(p.get(), 10.0, 8);
        total += ctx.area(b.get());
      }
      areas[t] = total / 200;
    });
  }
  for (auto& th : threads) th.join();
  for (double a : areas) EXPECT_NEAR(a, 312.1445, 1e-3);  // 32-gon of radius 10
}

TEST(ProjContext, UnknownCrsIsAnErrorNamingIt) {
  geo::ProjContext ctx;
  try {
    ctx.create_crs("EPSG:999999");
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos) << e.what();
  }
  EXPECT_THROW(geo::Transformer(ctx, "EPSG:4490", "not a crs"), geo::Error);
}

TEST(ProjContext, BareNumberMeansEpsg) {
  geo::ProjContext ctx;
  EXPECT_EQ(geo::describe_crs(ctx, "4549").epsg, 4549);
}

TEST(Feedback, CancelStopsLoopsAndGdal) {
  geo::Feedback f;
  EXPECT_NO_THROW(f.throw_if_cancelled());
  EXPECT_EQ(geo::Feedback::gdal_progress(0.5, nullptr, &f), 1);
  EXPECT_DOUBLE_EQ(f.progress(), 50.0);
  f.cancel();
  EXPECT_THROW(f.throw_if_cancelled(), geo::Cancelled);
  EXPECT_EQ(geo::Feedback::gdal_progress(0.6, nullptr, &f), 0);
}

TEST(Feedback, ListenerHearsMonotoneProgressAndSubRanges) {
  std::vector<double> heard;
  geo::Feedback f([&heard](double p, std::string_view) { heard.push_back(p); });
  geo::SubFeedback second_half(&f, 50.0, 100.0);
  second_half.set_progress(0.0);
  second_half.set_progress(50.0);
  second_half.set_progress(100.0);
  ASSERT_EQ(heard.size(), 3u);
  EXPECT_DOUBLE_EQ(heard[0], 50.0);
  EXPECT_DOUBLE_EQ(heard[1], 75.0);
  EXPECT_DOUBLE_EQ(heard[2], 100.0);
}

TEST(Error, NamesFileLayerFeatureField) {
  geo::Error e("value is negative", {.file = "plots.shp", .layer = "plots", .feature = 12, .field = "户数"});
  EXPECT_STREQ(e.what(), "plots.shp: layer 'plots': feature 12: field '户数': value is negative");
  geo::Location with_line{.file = "p.toml"};
  with_line.line = 7;
  EXPECT_STREQ(geo::Error("bad", with_line).what(), "p.toml:7: bad");
}

TEST(GdalErrorCollector, CapturesErrorsInsteadOfPrinting) {
  geo::ensure_gdal_registered();
  geo::GdalErrorCollector errors;
  CPLError(CE_Failure, CPLE_AppDefined, "boom");
  CPLError(CE_Warning, CPLE_AppDefined, "careful");
  ASSERT_EQ(errors.errors().size(), 1u);
  EXPECT_EQ(errors.errors()[0], "boom");
  EXPECT_EQ(errors.warnings().size(), 1u);
  EXPECT_EQ(errors.summary("none"), "boom");
}

}  // namespace

// The centroid the engine places buildings and plots at, against GEOS's (an independent
// computation) on valid shapes at Gauss-Kruger coordinates, and inside a self-crossing one.
TEST(Centroid, EqualsGeosOnValidShapesAndStaysInsideABowTie) {
  geo::GeosContext geos;
  for (const char* wkt : {"POLYGON ((515000 3350000, 515100 3350000, 515100 3350100, 515000 3350100, 515000 3350000))",
                          "POLYGON ((515000 3350000, 515300 3350000, 515300 3350100, 515100 3350100, 515100 3350400, 515000 3350400, "
                          "515000 3350000))",  // an L, concave
                          "POLYGON ((515000 3350000, 515400 3350000, 515400 3350400, 515000 3350400, 515000 3350000), (515050 3350050, "
                          "515050 3350150, 515150 3350150, 515150 3350050, 515050 3350050))",  // with a courtyard
                          "MULTIPOLYGON (((515000 3350000, 515010 3350000, 515010 3350010, 515000 3350000)), ((516000 3350000, 516100 "
                          "3350000, 516100 3350100, 516000 3350100, 516000 3350000)))"}) {
    const auto g = geos.from_wkt(wkt);
    const geo::Point ours = geo::centroid(geos.to_geometry(g.get()));
    const auto theirs = geos.own(GEOSGetCentroid_r(geos.handle(), g.get()), "centroid");
    double x = 0, y = 0;
    ASSERT_EQ(GEOSGeomGetX_r(geos.handle(), theirs.get(), &x), 1);
    ASSERT_EQ(GEOSGeomGetY_r(geos.handle(), theirs.get(), &y), 1);
    EXPECT_NEAR(ours.x, x, 1e-6) << wkt;
    EXPECT_NEAR(ours.y, y, 1e-6) << wkt;
  }
  // The demo city's planted flaw: the halves of a bow-tie cancel, and the area formula would put
  // it kilometres away; it is placed among its vertices instead.
  const auto bow_tie = geos.from_wkt("POLYGON ((515000 3350000, 515100 3350100, 515100 3350000, 515000 3350100, 515000 3350000))");
  const geo::Point c = geo::centroid(geos.to_geometry(bow_tie.get()));
  EXPECT_GE(c.x, 515000);
  EXPECT_LE(c.x, 515100);
  EXPECT_GE(c.y, 3350000);
  EXPECT_LE(c.y, 3350100);
}
