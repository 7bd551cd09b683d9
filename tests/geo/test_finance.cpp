// Community finance: the founding study's two communities reproduced from the shipped packs'
// parameters, each line worked out here by hand; what a plot adds; unknown lines stay unknown.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/finance.h"
#include "geo/rules.h"

namespace {

using fixtures::LayerFixture;
using fixtures::TempDir;

constexpr double kOx = 515000, kOy = 3350000;
std::string square(double x0, double y0, double x1, double y1) {
  return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", kOx + x0, kOy + y0, kOx + x1, kOy + y1);
}
std::string point(double x, double y) { return fmt::format("POINT ({} {})", kOx + x, kOy + y); }
geo::RulePack shipped(const std::string& name) { return geo::load_rule_pack(geo::resolve_rule_pack(name)); }

// One community of the study's size: 2,320 households in two buildings, a 1,000 m² office, 500
// parking spaces; a plot of 300 households with 300 spaces under review inside it.
class StudyCommunity : public ::testing::Test {
 protected:
  void write(bool with_parking, const char* office_m2, const char* households_a, const char* households_b) {
    LayerFixture communities{"communities", wkbPolygon, 4549, {{"community_id", OFTString}, {"社区名称", OFTString}}, {}, {}};
    communities.features = {{square(0, 0, 1000, 1000), {{"community_id", "C1"}, {"社区名称", "研究社区"}}}};
    fixtures::write_layer("GPKG", dir / "communities.gpkg", communities);
    LayerFixture buildings{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
    buildings.features = {{square(100, 100, 150, 130), {{"户数", households_a}}}, {square(600, 600, 650, 630), {{"户数", households_b}}}};
    fixtures::write_layer("GPKG", dir / "buildings.gpkg", buildings);
    LayerFixture facilities{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}, {"建筑面积", OFTReal}}, {}, {}};
    facilities.features = {{point(500, 500), {{"设施类型", "社区服务站"}, {"建筑面积", office_m2}}}};
    fixtures::write_layer("GPKG", dir / "facilities.gpkg", facilities);
    LayerFixture parking{"parking", wkbPolygon, 4549, {{"车位数", OFTInteger}}, {}, {}};
    parking.features = {{square(200, 200, 300, 300), {{"车位数", "500"}}}};
    fixtures::write_layer("GPKG", dir / "parking.gpkg", parking);
    LayerFixture plots{"plots", wkbPolygon, 4549,
                       {{"地块编号", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}, {"配建车位", OFTInteger}},
                       {}, {}};
    plots.features = {{square(700, 100, 800, 200), {{"地块编号", "P1"}, {"户数", "300"}, {"建筑面积", "30000"}, {"社区用房面积", "300"}, {"配建车位", "300"}}}};
    fixtures::write_layer("GPKG", dir / "plots.gpkg", plots);
    std::ofstream toml(dir / "p.toml");
    toml << "[layers.communities]\nsource = \"communities.gpkg\"\n[layers.buildings]\nsource = \"buildings.gpkg\"\n"
            "[layers.facilities]\nsource = \"facilities.gpkg\"\n[layers.plots]\nsource = \"plots.gpkg\"\n";
    if (with_parking) toml << "[layers.parking]\nsource = \"parking.gpkg\"\n";
    toml.close();
    project = geo::load_project(geo::read_project(dir / "p.toml"));
  }
  TempDir dir;
  geo::Project project;
};

// Hangzhou: about 2,300 households, about 1,000 m², about 950,000 yuan a year — 350,000 from the
// government by household, 250,000 sanitation fees, 200,000 parking, 150,000 sponsors. With the
// pack's parameters, in 2013 (the year 80 yuan rising 5 % a year reaches about 151 yuan):
//   government 80 × 1.05^13 × 2,320 = 349,976.4    sanitation 108 × 2,320 = 250,560
//   parking 500 yuan × 0.8 let × 500 spaces = 200,000    sponsors 150,000    total 950,536.4
TEST_F(StudyCommunity, HangzhouCommunityOfTheStudy) {
  write(true, "1000", "1500", "820");
  const geo::Finance f = geo::compute_finance(project, shipped("hangzhou"), {.year = 2013});
  ASSERT_EQ(f.communities.size(), 1u);
  const geo::CommunityBudget& c = f.communities[0];
  EXPECT_DOUBLE_EQ(c.households, 2320);
  EXPECT_DOUBLE_EQ(c.office_m2, 1000);
  EXPECT_DOUBLE_EQ(*c.parking_spaces, 500);
  const double government = 80 * std::pow(1.05, 13) * 2320;
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Government), government, 0.5);  // to the yuan
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Sanitation), 250560, 0.5);
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Parking), 200000, 0.5);
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Other), 150000, 0.5);
  EXPECT_NEAR(*c.total_yuan, government + 250560 + 200000 + 150000, 0.5);
  EXPECT_NEAR(*c.yuan_per_household, (government + 600560) / 2320, 1e-6);
  // The study's own rounded figures.
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Government), 350000, 350000 * 0.01);
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Sanitation), 250000, 250000 * 0.01);
  EXPECT_NEAR(*c.total_yuan, 950000, 950000 * 0.001);
  // Every line rests on the study's unverified numbers, and says so.
  EXPECT_EQ(f.unverified.size(), f.lines.size());
  for (const auto& citation : f.line_citations) EXPECT_NE(citation.find("unverified"), std::string::npos) << citation;

  // The plot's 300 households and 300 spaces add funding, fees and parking income (its sponsors: none).
  ASSERT_EQ(f.plots.size(), 1u);
  const geo::PlotBudget& p = f.plots[0];
  EXPECT_NEAR(*p.added_by_kind.at(geo::BudgetLine::Government), 80 * std::pow(1.05, 13) * 300, 0.5);
  EXPECT_NEAR(*p.added_by_kind.at(geo::BudgetLine::Sanitation), 108 * 300, 0.5);
  EXPECT_NEAR(*p.added_by_kind.at(geo::BudgetLine::Parking), 500 * 0.8 * 300, 0.5);
  EXPECT_NEAR(*p.added_by_kind.at(geo::BudgetLine::Other), 0, 1e-9);
  EXPECT_NEAR(*p.added_yuan, 80 * std::pow(1.05, 13) * 300 + 108 * 300 + 120000, 0.5);
}

// Changsha: a community working from 110 m², 40,000 yuan a year, and no income at all.
TEST_F(StudyCommunity, ChangshaCommunityOfTheStudy) {
  write(true, "110", "1200", "600");
  const geo::Finance f = geo::compute_finance(project, shipped("changsha"), {.year = 2013});
  const geo::CommunityBudget& c = f.communities[0];
  EXPECT_DOUBLE_EQ(c.office_m2, 110);
  EXPECT_NEAR(*c.total_yuan, 40000, 0.5);
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Government), 40000, 0.5);
  for (geo::BudgetLine k : {geo::BudgetLine::Sanitation, geo::BudgetLine::Parking, geo::BudgetLine::Other})
    EXPECT_EQ(c.by_kind.at(k), std::optional<double>(0.0)) << geo::to_string(k);
  EXPECT_NEAR(*c.yuan_per_household, 40000.0 / 1800, 1e-9);
  // A fixed allocation: the plot's households add nothing to it.
  EXPECT_NEAR(*f.plots[0].added_yuan, 0, 1e-9);
}

// Without a parking layer the parking income is unknown, and so the total: never 0.
TEST_F(StudyCommunity, ParkingIncomeWithoutParkingIsUnknown) {
  write(false, "1000", "1500", "820");
  const geo::Finance f = geo::compute_finance(project, shipped("hangzhou"), {.year = 2013});
  const geo::CommunityBudget& c = f.communities[0];
  EXPECT_FALSE(c.parking_spaces.has_value());
  EXPECT_FALSE(c.by_kind.at(geo::BudgetLine::Parking).has_value());
  EXPECT_FALSE(c.total_yuan.has_value());
  EXPECT_NEAR(*c.by_kind.at(geo::BudgetLine::Sanitation), 250560, 0.5);
  bool said = false;
  for (const auto& x : f.findings) said |= x.code == "no_parking_layer";
  EXPECT_TRUE(said);
}

TEST(FinancePack, LinesAndParkingStandardAreChecked) {
  const std::string head = "[pack]\nid = \"t\"\nname = \"t\"\n";
  auto refused = [&](const std::string& text, const std::string& says) {
    try {
      geo::parse_rule_pack(head + text, "t.toml");
      ADD_FAILURE() << "refused: " << text;
    } catch (const geo::Error& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  refused("[funding]\nformula = \"80 * households\"\n", "[finance.government]");
  refused("[finance.fees]\nkind = \"fees\"\nformula = \"1\"\n", "kind must be government, sanitation, parking or other");
  refused("[finance.parking]\nformula = \"parking_spaces * rate\"\n", "unknown variable 'rate'");
  refused("[parking]\nrequired = \"households\"\n", "needs 'm2_per_space'");
  refused("[parking]\nrequired = \"households\"\nm2_per_space = \"households / 10\"\n", "unknown variable 'households'");
  refused("[parking]\nrequired = \"office_m2\"\nm2_per_space = \"25\"\n", "for a plot");
  const geo::RulePack p = geo::parse_rule_pack(head + "[finance.parking]\nformula = \"400 * parking_spaces\"\n", "t.toml");
  ASSERT_EQ(p.finance.size(), 1u);
  EXPECT_EQ(p.finance[0].kind, geo::BudgetLine::Parking);  // the kind follows a known id
  EXPECT_FALSE(p.has_funding());
}

}  // namespace
