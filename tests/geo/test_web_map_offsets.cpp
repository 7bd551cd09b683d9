// GCJ-02 / BD-09: against the reference pairs of shared/docs/ecosystem.md §4.6 (computed with
// the npm packages coordtransform 2.1.2 and gcoord 1.0.7, which agree to 1e-7°).
#include <gtest/gtest.h>

#include <cmath>

#include "geo/proj.h"
#include "geo/web_map_offsets.h"

namespace {

double metres_between(geo::Point a, geo::Point b) {
  geo::ProjContext ctx;
  geo::Transformer t(ctx, "EPSG:4326", "EPSG:4549");
  const geo::Point pa = t.forward(a), pb = t.forward(b);
  return std::hypot(pa.x - pb.x, pa.y - pb.y);
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

TEST(WebMapOffsets, InverseRecoversWgs84WellUnderAMetre) {
  for (const auto& r : {kHangzhou, kChangsha}) {
    EXPECT_LT(metres_between(geo::gcj02_to_wgs84(r.gcj02), r.wgs84), 0.05);
    EXPECT_LT(metres_between(geo::to_wgs84(r.bd09, geo::WebMapOffset::Bd09), r.wgs84), 0.05);
    // Round trips are exact to well under a centimetre.
    EXPECT_LT(metres_between(geo::gcj02_to_wgs84(geo::wgs84_to_gcj02(r.wgs84)), r.wgs84), 0.005);
    EXPECT_LT(metres_between(geo::bd09_to_gcj02(geo::gcj02_to_bd09(r.gcj02)), r.gcj02), 0.005);
  }
}

TEST(WebMapOffsets, ShiftIsHundredsOfMetres) {
  EXPECT_NEAR(metres_between(kHangzhou.wgs84, kHangzhou.gcj02), 519.0, 5.0);
  EXPECT_NEAR(metres_between(kChangsha.wgs84, kChangsha.bd09), 1205.0, 10.0);
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
