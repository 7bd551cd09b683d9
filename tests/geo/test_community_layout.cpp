// Communities that overlap or leave a hole between them (issue 11, point 5), on hand-drawn
// squares whose overlaps and gaps are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/rules.h"

namespace {

using fixtures::LayerFixture;
using fixtures::TempDir;

std::string square(double x0, double y0, double x1, double y1) {
  const double ox = 515000, oy = 3350000;
  return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", ox + x0, oy + y0, ox + x1, oy + y1);
}

const geo::Finding* finding(const geo::Review& r, const std::string& code) {
  for (const auto& f : r.findings)
    if (f.code == code) return &f;
  return nullptr;
}

geo::Review review_of(const TempDir& dir, const LayerFixture& communities, const LayerFixture& plots) {
  fixtures::write_layer("GPKG", dir / "c.gpkg", communities);
  fixtures::write_layer("GPKG", dir / "p.gpkg", plots);
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"c.gpkg\"\n[layers.plots]\nsource = \"p.gpkg\"\n";
  return geo::review_plots(geo::load_project(geo::read_project(dir / "p.toml")), geo::load_rule_pack(geo::resolve_rule_pack("national")));
}

LayerFixture plots_layer(const std::string& wkt) {
  LayerFixture plots{"plots", wkbPolygon, 4549,
                     {{"plot_id", OFTString}, {"households", OFTInteger}, {"gross_floor_area_m2", OFTReal}, {"reserved_office_m2", OFTReal}}, {}, {}};
  plots.features = {{wkt, {{"plot_id", "P1"}, {"households", "300"}, {"gross_floor_area_m2", "30000"}, {"reserved_office_m2", "300"}}}};
  return plots;
}

// A spans x 0–1000, B 900–2000: they overlap on 100 × 1000 = 100,000 m². The plot x 850–1050
// lies 150 m in A and 150 m in B, of 200: each overlap is 75 % of it, but together they cover
// exactly the plot, so each community gets half its 300 households, not 225.
TEST(CommunityLayout, OverlapNamedAndAPlotThereCountedOnce) {
  TempDir dir;
  LayerFixture communities{"communities", wkbPolygon, 4549, {{"name", OFTString}}, {}, {}};
  communities.features = {{square(0, 0, 1000, 1000), {{"name", "翠苑社区"}}}, {square(900, 0, 2000, 1000), {{"name", "文新社区"}}}};
  const geo::Review r = review_of(dir, communities, plots_layer(square(850, 100, 1050, 300)));
  const geo::Finding* f = finding(r, "communities_overlap");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("翠苑社区 and 文新社区 by 100000 m² around (515950, 3350500)"), std::string::npos) << f->message;
  ASSERT_EQ(r.plots.size(), 1u);
  double total = 0;
  for (const auto& s : r.plots[0].shares) total += s.share;
  EXPECT_NEAR(total, 1.0, 1e-9);
  EXPECT_NEAR(r.communities[0].households_planned, 150.0, 1e-6);
  EXPECT_NEAR(r.communities[1].households_planned, 150.0, 1e-6);
}

// Four communities around a 1,000 × 1,000 m hole; the plot x 900–1100 is half in C, half in the hole.
TEST(CommunityLayout, GapNamedAndAPlotsShareInItIsOutsideEveryCommunity) {
  TempDir dir;
  LayerFixture communities{"communities", wkbPolygon, 4549, {{"name", OFTString}}, {}, {}};
  communities.features = {{square(0, 0, 3000, 1000), {{"name", "南社区"}}},
                          {square(0, 2000, 3000, 3000), {{"name", "北社区"}}},
                          {square(0, 1000, 1000, 2000), {{"name", "西社区"}}},
                          {square(2000, 1000, 3000, 2000), {{"name", "东社区"}}}};
  const geo::Review r = review_of(dir, communities, plots_layer(square(900, 1400, 1100, 1600)));
  const geo::Finding* f = finding(r, "communities_gap");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("1000000 m² around (516500, 3351500)"), std::string::npos) << f->message;
  EXPECT_EQ(finding(r, "communities_overlap"), nullptr);
  ASSERT_EQ(r.plots.size(), 1u);
  EXPECT_NE(r.plots[0].reason.find("50 % of it outside every community"), std::string::npos) << r.plots[0].reason;
  double counted = 0;
  for (const auto& c : r.communities) counted += c.households_planned;
  EXPECT_NEAR(counted, 150.0, 1e-6);  // half the plot's 300 households: the other half lies in no community
}

TEST(CommunityLayout, CommunitiesThatTileTheCityHaveNoFinding) {
  TempDir dir;
  LayerFixture communities{"communities", wkbPolygon, 4549, {{"name", OFTString}}, {}, {}};
  communities.features = {{square(0, 0, 1000, 1000), {{"name", "甲"}}}, {square(1000, 0, 2000, 1000), {{"name", "乙"}}}};
  const geo::Review r = review_of(dir, communities, plots_layer(square(900, 100, 1100, 300)));
  EXPECT_EQ(finding(r, "communities_overlap"), nullptr);
  EXPECT_EQ(finding(r, "communities_gap"), nullptr);
  EXPECT_EQ(r.plots[0].reason.find("outside every community"), std::string::npos) << r.plots[0].reason;
}

}  // namespace

namespace {

// A plot rule dividing by the small flats, a community rule dividing by the planned office space.
constexpr const char* kDivisionPack = R"([pack]
id = "test_division"
name = "division"
jurisdiction = "test"
[documents.d]
title = "t"
year = 2026
issuer = "test"
mark = "V"
[[rules]]
id = "per_small_flat"
title = "office per share of small flats"
document = "d"
mark = "V"
required = "households / small_units"
[[rules]]
id = "community_per_planned"
title = "community rule dividing by planned space"
scope = "community"
document = "d"
mark = "V"
required = "households / planned_office_m2"
)";

// A rule whose formula gives no finite number for one plot (a division by its zero small flats)
// leaves that plot unchecked with the reason; the other plot is reviewed, and counts.
TEST(RuleFaults, ADivisionByZeroLeavesOnePlotUncheckedNotInfinite) {
  TempDir dir;
  std::ofstream(dir / "pack.toml") << kDivisionPack;
  LayerFixture communities{"communities", wkbPolygon, 4549, {{"name", OFTString}}, {{square(0, 0, 1000, 1000), {{"name", "甲"}}}}, {}};
  LayerFixture plots{"plots", wkbPolygon, 4549,
                     {{"plot_id", OFTString}, {"households", OFTInteger}, {"gross_floor_area_m2", OFTReal}, {"reserved_office_m2", OFTReal},
                      {"small_units", OFTInteger}},
                     {}, {}};
  plots.features = {{square(100, 100, 300, 200), {{"plot_id", "P1"}, {"households", "300"}, {"gross_floor_area_m2", "30000"},
                                                   {"reserved_office_m2", "300"}, {"small_units", "100"}}},
                    {square(400, 100, 600, 200), {{"plot_id", "ZERO"}, {"households", "300"}, {"gross_floor_area_m2", "30000"},
                                                   {"reserved_office_m2", "0"}, {"small_units", "0"}}}};
  fixtures::write_layer("GPKG", dir / "c.gpkg", communities);
  fixtures::write_layer("GPKG", dir / "p.gpkg", plots);
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"c.gpkg\"\n[layers.plots]\nsource = \"p.gpkg\"\n";
  const geo::Review r = geo::review_plots(geo::load_project(geo::read_project(dir / "p.toml")), geo::load_rule_pack(dir / "pack.toml"));
  ASSERT_EQ(r.plots.size(), 2u);
  EXPECT_EQ(r.plots[0].verdict, geo::Verdict::Compliant) << r.plots[0].reason;  // 300 / 100 = 3 m² required
  EXPECT_EQ(r.plots[1].verdict, geo::Verdict::Unchecked);
  EXPECT_NE(r.plots[1].reason.find("rule per_small_flat: formula \"households / small_units\" gives no finite number"), std::string::npos)
      << r.plots[1].reason;
  // P1 reserves 300 m² and ZERO is unchecked: planned space is 300, households 300: 1 m² required.
  ASSERT_TRUE(r.communities[0].required_office_m2.has_value());
  EXPECT_NEAR(*r.communities[0].required_office_m2, 1.0, 1e-9);
}

TEST(RuleFaults, ACommunityRuleWithoutAFiniteFigureLeavesItEmptyAndSaysSo) {
  TempDir dir;
  std::ofstream(dir / "pack.toml") << kDivisionPack;
  LayerFixture communities{"communities", wkbPolygon, 4549, {{"name", OFTString}}, {{square(0, 0, 1000, 1000), {{"name", "甲"}}}}, {}};
  fixtures::write_layer("GPKG", dir / "c.gpkg", communities);
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"c.gpkg\"\n";
  const geo::Review r = geo::review_plots(geo::load_project(geo::read_project(dir / "p.toml")), geo::load_rule_pack(dir / "pack.toml"));
  EXPECT_FALSE(r.communities[0].required_office_m2.has_value());
  EXPECT_FALSE(r.communities[0].shortfall_m2.has_value());
  const geo::Finding* f = finding(r, "community_rules_failed");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("甲: rule community_per_planned: formula \"households / planned_office_m2\" gives no finite number"), std::string::npos) << f->message;
}

}  // namespace
