// GCJ-02 / BD-09: against the reference pairs of shared/docs/ecosystem.md §4.6 (computed with
// the npm packages coordtransform 2.1.2 and gcoord 1.0.7, which agree to 1e-7°).
#include <gtest/gtest.h>

#include <cmath>

#include <geodesic.h>

#include "geo/web_map_offsets.h"

namespace {

// On the CGCS2000 ellipsoid, by PROJ's geodesic (the distance cs2cs and geod give).
double metres_between(geo::Point a, geo::Point b) {
  geod_geodesic g;
  geod_init(&g, 6378137.0, 1 / 298.257222101);
  double s12 = 0;
  geod_inverse(&g, a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12;
}

struct Reference {
  geo::Point wgs84, gcj02, bd09;
};
const Reference kHangzhou{{120.16, 30.27}, {120.1646799, 30.2676620}, {120.1712622, 30.2734162}};
const Reference kChangsha{{112.94, 28.23}, {112.9454525, 28.2264944}, {112.9519516, 28.2325791}};

TEST(WebMapOffsets, ForwardMatchesReferencePairs) {
  for (const auto& r : {kHangzhou, kChangsha}) {
    const geo::Point gcj = geo::wgs84_to_gcj02(r.wgs84);
    EXPECT_NEAR(gcj.x, r.gcj02.x, 2e-7);
    EXPECT_NEAR(gcj.y, r.gcj02.y, 2e-7);
    const geo::Point bd = geo::gcj02_to_bd09(gcj);
    EXPECT_NEAR(bd.x, r.bd09.x, 2e-7);
    EXPECT_NEAR(bd.y, r.bd09.y, 2e-7);
  }
}

// The reference pairs are printed to 1e-7°: each coordinate may be off by half of that, at most
// 5.6 mm north-south and 4.8 mm east-west here, 7.4 mm together. The inverse is held to that; the
// iteration itself (README: "well under a centimetre") is held to a millimetre by round trips.
constexpr double kReferenceRounding_m = 0.0074;

TEST(WebMapOffsets, InverseRecoversWgs84ToTheReferencesPrecision) {
  for (const auto& r : {kHangzhou, kChangsha}) {
    EXPECT_LT(metres_between(geo::gcj02_to_wgs84(r.gcj02), r.wgs84), kReferenceRounding_m);
    EXPECT_LT(metres_between(geo::to_wgs84(r.bd09, geo::WebMapOffset::Bd09), r.wgs84), kReferenceRounding_m);
    EXPECT_LT(metres_between(geo::to_wgs84(r.gcj02, geo::WebMapOffset::Gcj02), r.wgs84), kReferenceRounding_m);
  }
}

TEST(WebMapOffsets, RoundTripsAreWellUnderACentimetre) {
  // A grid over mainland China, not only the two reference points.
  for (double lon = 75.0; lon <= 134.0; lon += 3.7)
    for (double lat = 18.5; lat <= 53.0; lat += 2.9) {
      const geo::Point p{lon, lat};
      SCOPED_TRACE(testing::Message() << lon << " " << lat);
      EXPECT_LT(metres_between(geo::gcj02_to_wgs84(geo::wgs84_to_gcj02(p)), p), 0.001);
      EXPECT_LT(metres_between(geo::bd09_to_gcj02(geo::gcj02_to_bd09(p)), p), 0.001);
      EXPECT_LT(metres_between(geo::to_wgs84(geo::gcj02_to_bd09(geo::wgs84_to_gcj02(p)), geo::WebMapOffset::Bd09), p), 0.001);
    }
}

TEST(WebMapOffsets, ShiftIsHundredsOfMetres) {
  // Computed by the conversion, against the shifts the reference pairs imply (§4.6: ≈519 m, ≈1205 m).
  EXPECT_NEAR(metres_between(kHangzhou.wgs84, geo::wgs84_to_gcj02(kHangzhou.wgs84)), 519.0, 5.0);
  EXPECT_NEAR(metres_between(kChangsha.wgs84, geo::gcj02_to_bd09(geo::wgs84_to_gcj02(kChangsha.wgs84))), 1205.0, 10.0);
  EXPECT_NEAR(metres_between(kChangsha.wgs84, geo::to_wgs84(kChangsha.wgs84, geo::WebMapOffset::Gcj02)), 661.0, 5.0);
}

TEST(WebMapOffsets, OutsideChinaUnchanged) {
  const geo::Point tokyo{139.69, 35.69};
  EXPECT_TRUE(geo::outside_china(tokyo));
  EXPECT_EQ(geo::wgs84_to_gcj02(tokyo), tokyo);
  EXPECT_EQ(geo::gcj02_to_wgs84(tokyo), tokyo);
}

TEST(WebMapOffsets, ParsesNames) {
  EXPECT_EQ(geo::parse_web_map_offset("GCJ-02"), geo::WebMapOffset::Gcj02);
  EXPECT_EQ(geo::parse_web_map_offset("amap"), geo::WebMapOffset::Gcj02);
  EXPECT_EQ(geo::parse_web_map_offset("bd09"), geo::WebMapOffset::Bd09);
  EXPECT_EQ(geo::parse_web_map_offset(""), geo::WebMapOffset::None);
  EXPECT_FALSE(geo::parse_web_map_offset("mars").has_value());
}

}  // namespace
