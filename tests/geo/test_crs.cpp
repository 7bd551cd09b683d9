// The working CRS: zone choice, transformations in traditional GIS order, CRS identification.
#include <gtest/gtest.h>

#include <cmath>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/proj.h"

namespace {

// Reference values: cs2cs (PROJ 9.1.1) on Debian 12, recorded in shared/docs/ecosystem.md §4.1.
TEST(Transformer, HangzhouToGaussKrugerCm120IsEastingFirst) {
  geo::ProjContext ctx;
  geo::Transformer t(ctx, "EPSG:4490", "EPSG:4549");
  const geo::Point p = t.forward({120.16, 30.27});  // longitude first, whatever EPSG says
  EXPECT_NEAR(p.x, 515395.853, 0.001);
  EXPECT_NEAR(p.y, 3350055.009, 0.001);
  const geo::Point back = t.inverse(p);
  EXPECT_NEAR(back.x, 120.16, 1e-9);
  EXPECT_NEAR(back.y, 30.27, 1e-9);
}

TEST(Transformer, ChangshaToGaussKrugerCm114) {
  geo::ProjContext ctx;
  geo::Transformer t(ctx, "EPSG:4490", "EPSG:4547");
  const geo::Point p = t.forward({112.94, 28.23});
  EXPECT_NEAR(p.x, 395955.334, 0.001);
  EXPECT_NEAR(p.y, 3124385.927, 0.001);
}

TEST(Transformer, ZonePrefixedAndUtmVariants) {
  geo::ProjContext ctx;
  EXPECT_NEAR(geo::Transformer(ctx, "EPSG:4490", "EPSG:4528").forward({120.16, 30.27}).x, 40515395.853, 0.001);
  const geo::Point utm = geo::Transformer(ctx, "EPSG:4326", "EPSG:32651").forward({120.16, 30.27});
  EXPECT_NEAR(utm.x, 226777.669, 0.001);
  EXPECT_NEAR(utm.y, 3352119.240, 0.001);
}

TEST(Transformer, GeometryInPlaceAndIdentity) {
  geo::ProjContext ctx;
  geo::Transformer same(ctx, "EPSG:4549", "EPSG:4549");
  EXPECT_TRUE(same.is_identity());
  geo::Geometry g = geo::Geometry::line({{120.16, 30.27}, {112.94, 28.23}});
  geo::Transformer(ctx, "EPSG:4490", "EPSG:4549").forward(g);
  EXPECT_NEAR(g.parts[0][0][0].x, 515395.853, 0.001);
}

TEST(CrsChoice, GaussKrugerZoneFromLongitude) {
  EXPECT_EQ(geo::cgcs2000_gk3_epsg_for_longitude(120.16), 4549);  // Hangzhou
  EXPECT_EQ(geo::cgcs2000_gk3_epsg_for_longitude(112.94), 4547);  // Changsha: CM 114E
  EXPECT_EQ(geo::cgcs2000_gk3_epsg_for_longitude(75.0), 4534);
  EXPECT_EQ(geo::cgcs2000_gk3_epsg_for_longitude(135.0), 4554);
  EXPECT_EQ(geo::cgcs2000_gk3_epsg_for_longitude(121.49), 4549);  // just inside the zone's east edge
  EXPECT_EQ(geo::cgcs2000_gk3_epsg_for_longitude(121.51), 4550);
  EXPECT_THROW(geo::cgcs2000_gk3_epsg_for_longitude(10.0), geo::Error);  // Europe
  EXPECT_THROW(geo::cgcs2000_gk3_epsg_for_longitude(std::nan("")), geo::Error);
}

TEST(CrsChoice, FromExtentUsesItsCentre) {
  geo::Extent hangzhou;
  hangzhou.include(geo::Point{118.3, 29.2});  // Chun'an, west of the CM 120E zone's edge
  hangzhou.include(geo::Point{120.7, 30.6});
  const auto choice = geo::choose_working_crs(hangzhou);
  EXPECT_EQ(choice.epsg, 4549);
  EXPECT_NE(choice.why.find("EPSG:4549"), std::string::npos);
  EXPECT_THROW(geo::choose_working_crs(geo::Extent{}), geo::Error);
}

TEST(DescribeCrs, IdentifiesEsriPrjOfCgcs2000) {
  geo::ProjContext ctx;
  // The .prj GDAL writes for EPSG:4549 (ESRI WKT1), as ArcGIS names it.
  const std::string prj =
      R"(PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]])";
  const auto d = geo::describe_crs(ctx, prj);
  EXPECT_EQ(d.epsg, 4549);
  EXPECT_FALSE(d.geographic);
  const auto geographic = geo::describe_crs(ctx, "EPSG:4490");
  EXPECT_TRUE(geographic.geographic);
  EXPECT_EQ(geographic.name, "China Geodetic Coordinate System 2000");
}

}  // namespace
